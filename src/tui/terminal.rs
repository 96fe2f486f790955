//! Entering and leaving the terminal: raw mode, alternate screen, mouse capture. `ratatui::init`
//! installs a panic hook that restores the terminal; we add mouse capture to what it undoes, and
//! let it act only for a panic of the thread that draws. Nothing else touches the terminal.

use std::io::stdout;
use std::panic::PanicHookInfo;
use std::thread::ThreadId;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::DefaultTerminal;

/// A panic hook, as `std::panic::set_hook` takes it.
type Hook = Box<dyn Fn(&PanicHookInfo<'_>) + Sync + Send + 'static>;

/// Take over the terminal. Call on the thread that draws: only its panics restore the terminal.
pub fn enter() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    let restore = std::panic::take_hook();
    let ui = std::thread::current().id();
    std::panic::set_hook(ui_thread_only(
        ui,
        Box::new(move |info| {
            let _ = execute!(stdout(), DisableMouseCapture);
            restore(info);
        }),
    ));
    execute!(stdout(), EnableMouseCapture)?;
    Ok(terminal)
}

/// `hook`, run only for panics of the thread `ui`. A worker's panic is caught where its job runs
/// and shown in the app, which goes on drawing: restoring the terminal under it, or printing
/// the panic over the screen, would wreck the display of an app that still works.
fn ui_thread_only(ui: ThreadId, hook: Hook) -> Hook {
    Box::new(move |info| {
        if std::thread::current().id() == ui {
            hook(info);
        }
    })
}

/// The width of the terminal stdout writes to, for the CLI's readable reports; `None` when
/// stdout is not a terminal or its size cannot be read.
pub fn stdout_columns() -> Option<usize> {
    use std::io::IsTerminal;
    if !stdout().is_terminal() {
        return None;
    }
    let (w, _) = ratatui::crossterm::terminal::size().ok()?;
    (w > 0).then_some(usize::from(w))
}

/// Give the terminal back as it was: cooked mode, echo, main screen, no mouse capture.
pub fn leave() {
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
}

/// Put `text` on the terminal's clipboard with the OSC 52 escape (terminals and tmux with
/// `set-clipboard on` take it; over ssh too). A terminal that ignores it loses only the copy.
pub fn copy_to_clipboard(text: &str) {
    use ratatui::crossterm::clipboard::CopyToClipboard;
    let _ =
        ratatui::crossterm::execute!(std::io::stdout(), CopyToClipboard::to_clipboard_from(text));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{mpsc, Arc, Mutex};

    #[test]
    fn only_a_panic_of_the_ui_thread_reaches_the_restoring_hook() {
        let (go, wait) = mpsc::channel::<()>();
        let ui = std::thread::Builder::new()
            .name("ui".into())
            .spawn(move || {
                wait.recv().unwrap();
                panic!("drawing failed");
            })
            .unwrap();
        let restored = Arc::new(Mutex::new(Vec::new()));
        let seen = restored.clone();
        // The hook is the process's: other tests' panics meanwhile come from other threads
        // and are left out by the very rule under test.
        let previous = std::panic::take_hook();
        std::panic::set_hook(ui_thread_only(
            ui.thread().id(),
            Box::new(move |info| {
                let thread = std::thread::current().name().map(str::to_string);
                seen.lock()
                    .unwrap()
                    .push((thread, info.payload_as_str().map(str::to_string)));
            }),
        ));
        let worker = std::thread::Builder::new()
            .name("worker".into())
            .spawn(|| panic!("a job failed"))
            .unwrap();
        let worker_panicked = worker.join().is_err();
        go.send(()).unwrap();
        let ui_panicked = ui.join().is_err();
        std::panic::set_hook(previous);
        assert!(worker_panicked && ui_panicked);
        assert_eq!(
            *restored.lock().unwrap(),
            [(Some("ui".to_string()), Some("drawing failed".to_string()))]
        );
    }
}
