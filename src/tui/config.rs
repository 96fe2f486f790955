//! Key bindings and theme. The commented defaults in `assets/config.toml` are embedded in the
//! binary; the user's file (`$XDG_CONFIG_HOME/parallax/config.toml`) is laid over them command by
//! command and style by style. A bad user file is loud but not fatal: the app shows an error
//! naming the file and line, and runs on the defaults.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use ratatui::style::Style;
use serde::Deserialize;

use super::action::Command;
use super::keymap::{Context, KeySeq, Keymap};
use super::theme::{parse_style, Mode, Role, Theme};
use crate::similarity::semantic::SimilarityChoice;

/// The shipped defaults, with comments: also the reference for anyone writing their own file.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

/// The keymap and theme the app runs with. Passed explicitly to whoever needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub keymap: Keymap,
    pub theme: Theme,
    /// Whether the app looks for the sentence-embedding model (`similarity`).
    pub similarity: SimilarityChoice,
}

/// Why a user config file was not used, naming the file and (when known) the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}: line {}: {}", self.path, l, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    similarity: Option<SimilarityChoice>,
    #[serde(default)]
    theme: ThemeFile,
    #[serde(default)]
    keys: BTreeMap<Context, BTreeMap<Command, Vec<KeySeq>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    mode: Option<Mode>,
    #[serde(default)]
    styles: BTreeMap<Role, StyleSpec>,
}

/// A style string checked while parsing, so a bad colour gets the line it is on.
#[derive(Debug, Clone)]
struct StyleSpec(Style);

impl<'de> Deserialize<'de> for StyleSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse_style(&s)
            .map(StyleSpec)
            .map_err(serde::de::Error::custom)
    }
}

fn parse(path: &str, text: &str) -> Result<File, ConfigError> {
    toml::from_str(text).map_err(|e| ConfigError {
        path: path.to_string(),
        line: e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
        message: e.message().trim().to_string(),
    })
}

impl Config {
    /// The embedded defaults alone.
    pub fn defaults(no_color: bool) -> Config {
        Config::load(None, no_color).0
    }

    /// Defaults with the user's file (`path`, its text) laid over them. On a bad file, the
    /// defaults and the error. `no_color` (the `NO_COLOR` variable) forces the monochrome theme.
    pub fn load(user: Option<(&str, &str)>, no_color: bool) -> (Config, Option<ConfigError>) {
        let base = parse("assets/config.toml", DEFAULT_CONFIG)
            .unwrap_or_else(|e| panic!("the embedded default config is broken: {e}"));
        let (user, err) = match user.map(|(p, t)| parse(p, t)) {
            Some(Ok(f)) => (f, None),
            Some(Err(e)) => (File::default(), Some(e)),
            None => (File::default(), None),
        };
        (merge(base, user, no_color), err)
    }

    /// Where the user's file lives: `$XDG_CONFIG_HOME/parallax/config.toml` (the caller reads it).
    pub fn user_path() -> Option<PathBuf> {
        use etcetera::BaseStrategy;
        let dirs = etcetera::choose_base_strategy().ok()?;
        Some(dirs.config_dir().join("parallax").join("config.toml"))
    }
}

fn merge(base: File, user: File, no_color: bool) -> Config {
    let mut keys = base.keys;
    for (ctx, cmds) in user.keys {
        let table = keys.entry(ctx).or_default();
        // A key the user binds is taken away from whatever default command had it.
        for seqs in table.values_mut() {
            seqs.retain(|s| !cmds.values().flatten().any(|u| u == s));
        }
        for (cmd, seqs) in cmds {
            table.insert(cmd, seqs);
        }
    }
    let mut styles: BTreeMap<Role, Style> = base
        .theme
        .styles
        .into_iter()
        .map(|(r, s)| (r, s.0))
        .collect();
    styles.extend(user.theme.styles.into_iter().map(|(r, s)| (r, s.0)));
    let mode = if no_color {
        Mode::Mono
    } else {
        user.theme.mode.or(base.theme.mode).unwrap_or_default()
    };
    Config {
        keymap: Keymap::from_table(&keys),
        theme: Theme::new(styles, mode),
        similarity: user.similarity.or(base.similarity).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_auto_by_default_and_the_user_file_can_choose_lexical() {
        assert_eq!(Config::defaults(false).similarity, SimilarityChoice::Auto);
        let (c, err) = Config::load(Some(("u.toml", "similarity = \"lexical\"\n")), false);
        assert!(err.is_none(), "{err:?}");
        assert_eq!(c.similarity, SimilarityChoice::Lexical);
        let (c, err) = Config::load(Some(("u.toml", "\nsimilarity = \"fuzzy\"\n")), false);
        let err = err.expect("a bad value is reported");
        assert_eq!(err.line, Some(2), "{err}");
        assert_eq!(c.similarity, SimilarityChoice::Auto);
    }
    use crate::tui::keymap::{parse_keys, Lookup};

    #[test]
    fn shipped_file_parses_and_binds_every_command_somewhere() {
        let f = parse("assets/config.toml", DEFAULT_CONFIG).unwrap();
        let bound: Vec<Command> = f.keys.values().flat_map(|m| m.keys().copied()).collect();
        for src in [
            Command::Quit,
            Command::Help,
            Command::NextChange,
            Command::ToggleFold,
            Command::NextDisputed,
            Command::OpenDiff,
        ] {
            assert!(bound.contains(&src), "{src:?} has no key");
        }
    }

    #[test]
    fn user_key_overrides_default_and_takes_the_key() {
        let user = "[keys.global]\nquit = [\"x\"]\nhelp = [\"q\"]\n";
        let (c, err) = Config::load(Some(("u.toml", user)), false);
        assert!(err.is_none());
        let x = parse_keys("x").unwrap();
        let q = parse_keys("q").unwrap();
        assert_eq!(
            c.keymap.lookup(Context::Global, &x),
            Lookup::Command(Command::Quit)
        );
        assert_eq!(
            c.keymap.lookup(Context::Global, &q),
            Lookup::Command(Command::Help)
        );
    }

    #[test]
    fn bad_colour_names_its_line() {
        let user = "[theme]\nmode = \"color\"\n[theme.styles]\nheading = \"blurple\"\n";
        let (c, err) = Config::load(Some(("u.toml", user)), false);
        let err = err.unwrap();
        assert_eq!(err.line, Some(4));
        assert!(err.message.contains("blurple"), "{err}");
        assert_eq!(c, Config::defaults(false));
    }
}
