//! Keys and the keymap: the key names the config file uses (`q`, `ctrl-d`, `shift-tab`, `]c`),
//! the lookup from a key sequence to a [`Command`] per view, and the listing the help overlay
//! and status bar are built from, so what they show is always what the keys do.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::action::Command;

/// A key without modifiers other than ctrl/alt (shift is in the character: `G`, or `BackTab`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    F(u8),
}

/// One key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// A plain key with no modifiers.
    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Parse one key name: a single character, a named key (`enter`, `esc`, `tab`, `shift-tab`,
    /// `backspace`, `up`, `down`, `left`, `right`, `pgup`, `pgdn`, `home`, `end`, `space`, `f1`..),
    /// optionally prefixed by `ctrl-` and/or `alt-`.
    pub fn parse(name: &str) -> Result<Key, String> {
        let mut rest = name;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => KeyCode::Char(c),
                    (Some('f'), Some(_)) if rest[1..].parse::<u8>().is_ok() => {
                        KeyCode::F(rest[1..].parse().unwrap_or(1))
                    }
                    _ => return Err(format!("unknown key `{name}`")),
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("enter"),
            KeyCode::Esc => f.write_str("esc"),
            KeyCode::Tab => f.write_str("tab"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::Backspace => f.write_str("backspace"),
            KeyCode::Up => f.write_str("up"),
            KeyCode::Down => f.write_str("down"),
            KeyCode::Left => f.write_str("left"),
            KeyCode::Right => f.write_str("right"),
            KeyCode::PageUp => f.write_str("pgup"),
            KeyCode::PageDown => f.write_str("pgdn"),
            KeyCode::Home => f.write_str("home"),
            KeyCode::End => f.write_str("end"),
            KeyCode::F(n) => write!(f, "f{n}"),
        }
    }
}

/// A sequence of keys bound to one command, e.g. `]c`. Written in the config as a key name,
/// or as several characters typed in a row (`]c`), or as key names separated by spaces.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeySeq(pub Vec<Key>);

impl KeySeq {
    /// Parse the config notation; see [`KeySeq`].
    pub fn parse(s: &str) -> Result<KeySeq, String> {
        let mut keys = Vec::new();
        for token in s.split(' ').filter(|t| !t.is_empty()) {
            match Key::parse(token) {
                Ok(k) => keys.push(k),
                // Several plain characters typed in a row: `]c`, `gg`.
                Err(_) if token.chars().count() > 1 && !token.contains('-') => {
                    keys.extend(token.chars().map(|c| Key::plain(KeyCode::Char(c))))
                }
                Err(e) => return Err(e),
            }
        }
        if keys.is_empty() {
            return Err("empty key".into());
        }
        Ok(KeySeq(keys))
    }
}

impl fmt::Display for KeySeq {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all_chars = self
            .0
            .iter()
            .all(|k| matches!(k.code, KeyCode::Char(c) if c != ' ') && !k.ctrl && !k.alt);
        for (i, k) in self.0.iter().enumerate() {
            if i > 0 && !all_chars {
                f.write_str(" ")?;
            }
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for KeySeq {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        KeySeq::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Which set of bindings applies: one per view, plus `global` which every view falls back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Every view falls back to these.
    Global,
    Stories,
    Sources,
    Compare,
    Diff,
    Overview,
    Quotes,
    Triage,
}

/// What a key sequence means so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// A complete binding.
    Command(Command),
    /// The start of a longer binding (`]` of `]c`): wait for the next key.
    Pending,
    /// Bound to nothing.
    None,
}

/// Bindings per context: the lookup map from key sequence to command, and the table as written
/// (command → keys, in the config's order) for listings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    bindings: BTreeMap<Context, BTreeMap<KeySeq, Command>>,
    table: BTreeMap<Context, BTreeMap<Command, Vec<KeySeq>>>,
}

impl Context {
    /// Every context, global first.
    pub const ALL: [Context; 8] = [
        Context::Global,
        Context::Stories,
        Context::Sources,
        Context::Compare,
        Context::Diff,
        Context::Overview,
        Context::Quotes,
        Context::Triage,
    ];
}

impl Keymap {
    /// Build from `(context → command → keys)`. Two commands should not share keys in one
    /// context (`config` takes a key the user rebinds away from its default command).
    pub fn from_table(table: &BTreeMap<Context, BTreeMap<Command, Vec<KeySeq>>>) -> Keymap {
        let mut km = Keymap {
            table: table.clone(),
            ..Default::default()
        };
        for (ctx, cmds) in table {
            let map = km.bindings.entry(*ctx).or_default();
            for (cmd, seqs) in cmds {
                for s in seqs {
                    map.insert(s.clone(), *cmd);
                }
            }
        }
        km
    }

    /// What `seq` means in `ctx`: the view's own bindings first, then the global ones.
    pub fn lookup(&self, ctx: Context, seq: &[Key]) -> Lookup {
        for c in [ctx, Context::Global] {
            let Some(map) = self.bindings.get(&c) else {
                continue;
            };
            let mut prefix = false;
            for (k, cmd) in map.range(KeySeq(seq.to_vec())..) {
                if k.0 == seq {
                    return Lookup::Command(*cmd);
                }
                if !k.0.starts_with(seq) {
                    break;
                }
                prefix = true;
            }
            if prefix {
                return Lookup::Pending;
            }
        }
        Lookup::None
    }

    /// Every command reachable in `ctx` with its keys in the config's order: the view's own
    /// first, then the global ones (less any key the view binds to something else).
    pub fn listing(&self, ctx: Context) -> Vec<(Command, Vec<KeySeq>)> {
        let own = self.bindings.get(&ctx);
        let mut out: Vec<(Command, Vec<KeySeq>)> = Vec::new();
        if ctx != Context::Global {
            for (cmd, keys) in self.table.get(&ctx).into_iter().flatten() {
                out.push((*cmd, keys.clone()));
            }
        }
        for (cmd, keys) in self.table.get(&Context::Global).into_iter().flatten() {
            let keys: Vec<KeySeq> = keys
                .iter()
                .filter(|k| ctx == Context::Global || !own.is_some_and(|m| m.contains_key(*k)))
                .cloned()
                .collect();
            if keys.is_empty() {
                continue;
            }
            match out.iter_mut().find(|(c, _)| c == cmd) {
                Some((_, ks)) => ks.extend(keys),
                None => out.push((*cmd, keys)),
            }
        }
        out.retain(|(_, k)| !k.is_empty());
        out
    }

    /// The bindings written in `ctx`'s own section, without the global fallbacks.
    pub fn own(&self, ctx: Context) -> Vec<(Command, Vec<KeySeq>)> {
        self.table
            .get(&ctx)
            .into_iter()
            .flatten()
            .filter(|(_, k)| !k.is_empty())
            .map(|(c, k)| (*c, k.clone()))
            .collect()
    }

    /// The keys that run `cmd` in `ctx`, in the config's order; empty when unbound. Called
    /// for every hint on every frame, so it looks the command up instead of listing all.
    pub fn keys_for(&self, ctx: Context, cmd: Command) -> Vec<KeySeq> {
        let get = |c: Context| self.table.get(&c).and_then(|m| m.get(&cmd));
        let own = self.bindings.get(&ctx);
        let mut out: Vec<KeySeq> = Vec::new();
        if ctx != Context::Global {
            out.extend(get(ctx).into_iter().flatten().cloned());
        }
        for k in get(Context::Global).into_iter().flatten() {
            if ctx == Context::Global || !own.is_some_and(|m| m.contains_key(k)) {
                out.push(k.clone());
            }
        }
        out
    }
}

/// Parse test/tmux notation: plain characters are keys, `<name>` is a named key
/// (`<enter>`, `<tab>`, `<ctrl-d>`). `"jj]d"` is four keys.
pub fn parse_keys(s: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            keys.push(Key::parse(&name)?);
        } else {
            keys.push(Key::plain(KeyCode::Char(c)));
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_round_trip() {
        for name in [
            "q",
            "ctrl-d",
            "shift-tab",
            "enter",
            "pgdn",
            "G",
            "f5",
            "space",
        ] {
            assert_eq!(Key::parse(name).unwrap().to_string(), name);
        }
        assert!(Key::parse("ctrl-").is_err());
        assert!(Key::parse("hyper-x").is_err());
    }

    #[test]
    fn sequences_parse_from_characters_or_names() {
        assert_eq!(KeySeq::parse("]c").unwrap().0.len(), 2);
        assert_eq!(KeySeq::parse("g g").unwrap().0.len(), 2);
        assert_eq!(KeySeq::parse("ctrl-d").unwrap().0.len(), 1);
        assert!(KeySeq::parse("ctrl-dd").is_err());
        assert_eq!(KeySeq::parse("]c").unwrap().to_string(), "]c");
    }

    #[test]
    fn prefix_waits_and_view_binding_wins() {
        let mut t = BTreeMap::new();
        t.entry(Context::Global)
            .or_insert_with(BTreeMap::new)
            .insert(Command::SearchNext, vec![KeySeq::parse("n").unwrap()]);
        t.entry(Context::Diff).or_insert_with(BTreeMap::new).insert(
            Command::NextChange,
            vec![KeySeq::parse("n").unwrap(), KeySeq::parse("]c").unwrap()],
        );
        let km = Keymap::from_table(&t);
        let n = parse_keys("n").unwrap();
        assert_eq!(
            km.lookup(Context::Diff, &n),
            Lookup::Command(Command::NextChange)
        );
        assert_eq!(
            km.lookup(Context::Sources, &n),
            Lookup::Command(Command::SearchNext)
        );
        let bracket = parse_keys("]").unwrap();
        assert_eq!(km.lookup(Context::Diff, &bracket), Lookup::Pending);
        assert_eq!(km.lookup(Context::Sources, &bracket), Lookup::None);
        assert!(km
            .listing(Context::Diff)
            .iter()
            .all(|(c, _)| *c != Command::SearchNext));
    }
}
