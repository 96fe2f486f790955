//! Styles by role (heading, unique, disputed, deleted…). Colours come from the config file;
//! the monochrome theme (chosen by `mode = "mono"` or the `NO_COLOR` environment variable)
//! uses only bold, italic, underline, reverse and strike-through, so every distinction survives.

use std::collections::BTreeMap;
use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// What a piece of the screen is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Text,
    Heading,
    Title,
    Dim,
    Unique,
    Shared,
    SharedWeak,
    Disputed,
    Quote,
    Cursor,
    Focus,
    Mark,
    Deleted,
    Inserted,
    /// Words of a copied run (a verbatim or rewritten pair's shared runs, in the Diff).
    Copied,
    Removed,
    SearchHit,
    Badge,
    TabActive,
    Status,
    Error,
}

/// How a theme colours the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    #[default]
    Color,
    Mono,
}

/// Parse a style spec: `"yellow bold"`, `"black on cyan"`, `"reversed"`, `"#ff8800 underlined"`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = spec.split_whitespace();
    while let Some(w) = words.next() {
        style = match w {
            "bold" => style.add_modifier(Modifier::BOLD),
            "dim" => style.add_modifier(Modifier::DIM),
            "italic" => style.add_modifier(Modifier::ITALIC),
            "underlined" => style.add_modifier(Modifier::UNDERLINED),
            "reversed" => style.add_modifier(Modifier::REVERSED),
            "crossed_out" => style.add_modifier(Modifier::CROSSED_OUT),
            "on" => {
                let c = words.next().ok_or("`on` needs a colour after it")?;
                style.bg(color(c)?)
            }
            c => style.fg(color(c)?),
        };
    }
    Ok(style)
}

fn color(name: &str) -> Result<Color, String> {
    Color::from_str(name).map_err(|_| format!("unknown colour or modifier `{name}`"))
}

/// Styles by role. Built by `config` from the embedded defaults and the user's file.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    styles: BTreeMap<Role, Style>,
}

impl Theme {
    /// A theme from `role → style`; roles not given use the plain style.
    pub fn new(styles: BTreeMap<Role, Style>, mode: Mode) -> Theme {
        match mode {
            Mode::Color => Theme { styles },
            Mode::Mono => Theme::mono(),
        }
    }

    /// The monochrome theme: modifiers only.
    pub fn mono() -> Theme {
        use Role::*;
        let m = |r, m: Modifier| (r, Style::default().add_modifier(m));
        let styles = [
            m(Heading, Modifier::BOLD),
            m(Title, Modifier::BOLD),
            m(Dim, Modifier::DIM),
            m(Unique, Modifier::UNDERLINED),
            m(Shared, Modifier::BOLD),
            m(SharedWeak, Modifier::empty()),
            m(Disputed, Modifier::BOLD | Modifier::UNDERLINED),
            m(Quote, Modifier::ITALIC),
            m(Cursor, Modifier::REVERSED),
            m(Focus, Modifier::BOLD),
            m(Mark, Modifier::BOLD),
            m(Deleted, Modifier::CROSSED_OUT),
            m(Inserted, Modifier::UNDERLINED),
            m(Copied, Modifier::BOLD | Modifier::ITALIC),
            m(Removed, Modifier::DIM | Modifier::ITALIC),
            m(SearchHit, Modifier::REVERSED | Modifier::UNDERLINED),
            m(Badge, Modifier::BOLD),
            m(TabActive, Modifier::REVERSED),
            m(Status, Modifier::REVERSED),
            m(Error, Modifier::BOLD | Modifier::REVERSED),
        ]
        .into_iter()
        .collect();
        Theme { styles }
    }

    /// The style for `role`.
    pub fn style(&self, role: Role) -> Style {
        self.styles.get(&role).copied().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_specs_parse() {
        let s = parse_style("black on yellow bold").unwrap();
        assert_eq!(s.fg, Some(Color::Black));
        assert_eq!(s.bg, Some(Color::Yellow));
        assert!(s.add_modifier.contains(Modifier::BOLD));
        assert!(parse_style("on").is_err());
        assert!(parse_style("blurple").unwrap_err().contains("blurple"));
    }

    #[test]
    fn mono_has_no_colour() {
        let t = Theme::mono();
        for r in [Role::Deleted, Role::Inserted, Role::Unique, Role::Cursor] {
            assert_eq!(t.style(r).fg, None);
            assert_eq!(t.style(r).bg, None);
            assert!(!t.style(r).add_modifier.is_empty());
        }
    }
}
