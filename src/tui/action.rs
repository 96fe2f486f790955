//! What can happen to the app. [`Command`]s are what a user binds to keys (only they derive
//! `Deserialize`, so a config file can never bind a worker message); [`Action`] wraps them with
//! everything else the app receives: worker results, resize, mouse, the search prompt, signals.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::align::{DropAlignment, Member, PairAlignment};
use crate::ingest::Drop;
use crate::similarity::semantic::{Model, Progress, Unavailable};
use crate::triage::drop_stories::DropStory;
use crate::triage::{PinRecord, Report};

use super::jobs::JobKind;

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
    ViewStories,
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
    ViewTriage,
    ToggleRead,
    ToggleStar,
    ToggleArchive,
    FilterVerdict,
    FilterStory,
    MarkSeen,
    InstallModel,
    Yank,
    OpenUrl,
    Export,
    RenameOutlet,
    Details,
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
            ViewStories => "stories view",
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
            ViewTriage => "triage view",
            ToggleRead => "mark read / unread",
            ToggleStar => "star / unstar",
            ToggleArchive => "archive / unarchive",
            FilterVerdict => "filter by verdict",
            FilterStory => "filter by story",
            MarkSeen => "mark all seen",
            InstallModel => "install the paraphrase model",
            Yank => "copy the paragraph, quote or fact with its source",
            OpenUrl => "open the article's web address",
            Export => "export the story (HTML and Markdown)",
            RenameOutlet => "rename the cursor article's outlet (kept in the drop's state)",
            Details => "why: the cursor paragraph's counterparts and disagreements",
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
    /// The whole drop, clustered into stories (or with the stories given) and aligned story by
    /// story, for request `req`.
    StoriesAligned {
        req: u64,
        stories: Vec<DropStory>,
        alignment: Arc<DropAlignment>,
    },
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
    /// The drop folder changed on disk (from the watcher): reload and rescan.
    DropChanged,
    /// A reload asked for by `DropChanged` finished; dropped unless newer than the one shown.
    Reloaded {
        req: u64,
        drop: Arc<Drop>,
    },
    /// The triage worker scanned the drop folder for request `req`.
    Triaged {
        req: u64,
        triage: Triaged,
    },
    /// The triage worker saved a flag (or says why it could not).
    Saved(Result<(), String>),
    /// The triage worker saved pins (or says why it could not).
    PinsSaved(Result<(), String>),
    /// The model search finished: the model, or why alignment stays lexical.
    ModelFound(Result<Model, Unavailable>),
    /// The multilingual model, if installed (drops that mix languages are refined with it).
    MultilingualFound(Option<Model>),
    /// Model install `req` started this step ("unpacking the wheel…").
    Installing {
        req: u64,
        stage: String,
    },
    /// Model install `req` finished: the installed model, loaded, or why there is none.
    ModelInstalled {
        req: u64,
        result: Result<Model, String>,
    },
    /// Refinement `req` has embedded this far.
    Embedding {
        req: u64,
        progress: Progress,
    },
    /// Refinement `req` finished: the drop aligned with sentence embeddings, or why not.
    Refined {
        req: u64,
        result: Result<Refinement, String>,
    },
    /// Job `req` of kind `job` panicked (a bug) and will report nothing else: free its slot,
    /// say what failed. `message` is what the panic said.
    Failed {
        job: JobKind,
        req: u64,
        message: String,
    },
    /// Opening an address or writing an export finished: what to tell the reader, or why
    /// it failed.
    Shared(Result<String, String>),
    /// A timer tick while work runs (spinner only).
    Tick,
    /// SIGTERM/SIGINT/SIGHUP arrived: leave cleanly.
    Quit,
}

/// What a triage scan reports: the folder it triaged and the report, or why there is none.
#[derive(Debug, Clone)]
pub struct Triaged {
    /// The folder triaged; `None` when the app was opened on nothing triage can use.
    pub folder: Option<std::path::PathBuf>,
    /// The folder is the parent of the files the app was opened on, not a folder it was given.
    pub parent: bool,
    /// The state file when the store is open (it keeps sentence embeddings too).
    pub state: Option<std::path::PathBuf>,
    pub result: Result<Arc<Report>, String>,
    /// The reader's pins saved with the drop (empty when triage is unavailable).
    pub pins: Vec<PinRecord>,
    /// Outlet names the reader gave (`R`), by article path (empty when triage is unavailable).
    pub outlet_names: std::collections::BTreeMap<String, String>,
}

/// The drop aligned again with sentence embeddings.
#[derive(Debug, Clone)]
pub struct Refinement {
    /// Lexical and semantic scores combined (`similarity` is `"lexical+semantic"`).
    pub alignment: Arc<DropAlignment>,
    /// Texts run through the model; the rest came from the cache (0 when reopening a drop).
    pub embedded: usize,
    /// Distinct paragraph and sentence texts of the drop.
    pub texts: usize,
    /// The model's name (`all-MiniLM-L6-v2`, `multilingual-e5-small`).
    pub model: String,
    /// Why the vectors are not kept where they should be (see `triage::store::embedding_store`).
    pub warning: Option<String>,
}
