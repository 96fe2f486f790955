//! Entering and leaving the terminal: raw mode, alternate screen, mouse capture. `ratatui::init`
//! installs a panic hook that restores the terminal; we add mouse capture to what it undoes.
//! Nothing else touches the terminal.

use std::io::stdout;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;

/// Take over the terminal.
pub fn enter() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    execute!(stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// Give the terminal back as it was: cooked mode, echo, main screen, no mouse capture.
pub fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}
