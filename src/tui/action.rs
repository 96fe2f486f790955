//! What can happen to the app. [`Command`]s are what a user binds to keys (only they derive
//! `Deserialize`, so a config file can never bind a worker message); [`Action`] wraps them with
//! everything else the app receives: worker results, resize, mouse, the search prompt, signals.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::align::{DropAlignment, Member, PairAlignment};
use crate::ingest::Drop;

/// A user command, bindable from the config file (`[keys.<view>] command = ["key", ...]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    Help,
    Back,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    NextPanel,
    PrevPanel,
    Search,
    SearchNext,
    SearchPrev,
    ViewSources,
    ViewCompare,
    ViewDiff,
    ViewOverview,
    ViewQuotes,
    Open,
    Mark,
    OpenDiff,
    ToggleRemoved,
    ToggleWide,
    NextUnique,
    PrevUnique,
    NextShared,
    PrevShared,
    NextDisputed,
    PrevDisputed,
    NextChange,
    PrevChange,
    ToggleFold,
    ToggleOrder,
    NextRight,
    PrevRight,
    Pin,
    Unpin,
}

impl Command {
    /// The line the help overlay shows for this command.
    pub fn describe(self) -> &'static str {
        use Command::*;
        match self {
            Quit => "quit",
            Help => "this help",
            Back => "back / close",
            Down => "move down",
            Up => "move up",
            Top => "top",
            Bottom => "bottom",
            PageDown => "page down",
            PageUp => "page up",
            HalfPageDown => "half page down",
            HalfPageUp => "half page up",
            NextPanel => "next panel",
            PrevPanel => "previous panel",
            Search => "search articles",
            SearchNext => "next hit",
            SearchPrev => "previous hit",
            ViewSources => "sources view",
            ViewCompare => "compare view",
            ViewDiff => "diff view",
            ViewOverview => "overview view",
            ViewQuotes => "quotes view",
            Open => "open",
            Mark => "mark for a diff",
            OpenDiff => "diff two articles",
            ToggleRemoved => "removed text",
            ToggleWide => "wide / side by side",
            NextUnique => "next unique",
            PrevUnique => "previous unique",
            NextShared => "next shared",
            PrevShared => "previous shared",
            NextDisputed => "next disputed",
            PrevDisputed => "previous disputed",
            NextChange => "next change",
            PrevChange => "previous change",
            ToggleFold => "fold / unfold",
            ToggleOrder => "left / right order",
            NextRight => "next right article",
            PrevRight => "prev right article",
            Pin => "pin to previous",
            Unpin => "unpin from previous",
        }
    }
}

/// An edit to the search prompt while it is open (keys go to the prompt, not the keymap).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptEdit {
    Insert(char),
    Backspace,
    Submit,
    Cancel,
}

/// Everything `update` folds into the state. Data only, so tests can build and inspect any of it.
#[derive(Debug, Clone)]
pub enum Action {
    Command(Command),
    Prompt(PromptEdit),
    /// The terminal now has this many columns and rows.
    Resize(u16, u16),
    /// A mouse click at (column, row).
    Click(u16, u16),
    /// Open the diff of two articles (indexes into the drop).
    SelectPair(usize, usize),
    /// Open Compare with the cursor on this paragraph.
    OpenAt(Member),
    /// The loader finished.
    Loaded(Arc<Drop>),
    /// The drop aligner finished request `req`.
    DropAligned {
        req: u64,
        alignment: Arc<DropAlignment>,
    },
    /// The pair aligner finished request `req` for `(left, right)`.
    PairAligned {
        req: u64,
        left: usize,
        right: usize,
        alignment: Arc<PairAlignment>,
    },
    /// A timer tick while work runs (spinner only).
    Tick,
    /// SIGTERM/SIGINT/SIGHUP arrived: leave cleanly.
    Quit,
}
