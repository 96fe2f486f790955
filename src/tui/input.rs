//! Terminal events into the app's terms: keys into [`Key`]s for the keymap, wheel and clicks
//! into commands and clicks, resizes into [`Action::Resize`].

use ratatui::crossterm::event::{
    Event, KeyCode as CtKey, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use super::action::{Action, Command};
use super::keymap::{Key, KeyCode};

/// What a terminal event means before the keymap is consulted.
#[derive(Debug, Clone)]
pub enum Input {
    Key(Key),
    Action(Action),
}

/// Translate one terminal event; None for events the app ignores (key releases, focus, paste).
pub fn translate(ev: Event) -> Option<Input> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => key(k).map(Input::Key),
        Event::Resize(w, h) => Some(Input::Action(Action::Resize(w, h))),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::ScrollDown => Some(Input::Action(Action::Command(Command::Down))),
            MouseEventKind::ScrollUp => Some(Input::Action(Action::Command(Command::Up))),
            MouseEventKind::Down(MouseButton::Left) => {
                Some(Input::Action(Action::Click(m.column, m.row)))
            }
            _ => None,
        },
        _ => None,
    }
}

fn key(k: KeyEvent) -> Option<Key> {
    let code = match k.code {
        CtKey::Char(c) => KeyCode::Char(c),
        CtKey::Enter => KeyCode::Enter,
        CtKey::Esc => KeyCode::Esc,
        CtKey::Tab => KeyCode::Tab,
        CtKey::BackTab => KeyCode::BackTab,
        CtKey::Backspace => KeyCode::Backspace,
        CtKey::Up => KeyCode::Up,
        CtKey::Down => KeyCode::Down,
        CtKey::Left => KeyCode::Left,
        CtKey::Right => KeyCode::Right,
        CtKey::PageUp => KeyCode::PageUp,
        CtKey::PageDown => KeyCode::PageDown,
        CtKey::Home => KeyCode::Home,
        CtKey::End => KeyCode::End,
        CtKey::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}
