//! Triage: what is new in a drop folder, what each new or changed file is (duplicate,
//! near-duplicate, revision, same story, new story), which story it belongs to and what it adds.
//!
//! The library API the CLI (`parallax triage`) and the app's Triage view share:
//!
//! ```no_run
//! use parallax::triage::{self, Flag, Store};
//! let mut store = Store::open("drop/".as_ref(), None)?;   // state in the XDG data dir
//! for w in store.warnings() { eprintln!("{w}"); }        // e.g. a corrupt state file moved aside
//! let report = triage::scan(&mut store)?;                // items + stories (the JSON contract)
//! store.set_flag(&report.items[0].path, Flag::Read, true)?; // path or content hash
//! triage::mark_seen(&mut store)?;                        // what `--mark-seen` does
//! # Ok::<(), anyhow::Error>(())
//! ```
//!
//! Watching: [`watch()`] forwards a bare "drop changed" signal (`()`) through a channel; the
//! receiver (a worker thread) calls [`scan`] again, which diffs the folder against the state.
//!
//! A [`Store`] owns one SQLite connection: it is `Send` but not `Sync`, so keep it on the
//! worker thread that scans, and send [`Report`]s (plain data) to the UI.
//!
//! # Format (`parallax triage --json`)
//!
//! One JSON object, the serialisation of [`Report`]:
//!
//! ```text
//! {"items": [{"path": "drop/a.txt",            // the folder as given, joined with the name
//!             "status": "new|changed|seen|deleted",
//!             "verdict": "duplicate|near_duplicate|revision|same_story|new_story" | null,
//!             "of": ["drop/b.txt", ...],         // what the verdict points at
//!             "score": 0.93 | null,              // evidence strength, see Item::score
//!             "novelty": 0.4,                    // share of words nothing else in the story carries
//!             "novel_paragraphs": [0, 3],        // indices into `show --json` paragraphs
//!             "novel_sentences": [[2, 1]],       // (paragraph, sentence) new inside shared ones
//!             "story": 1 | null,
//!             "changes": {...} | null,           // revisions: class and paragraph lists
//!             "derived_from": [{"path": "drop/b.txt", "share": 0.82,
//!                               "verbatim": 0.7, "rewrite": 0.12}],
//!             "derivation": "wholly_derived|partially_derived|independent" | null,
//!             "own_reporting": 0.18,             // share of words with no reuse source
//!             "own_paragraphs": [5],             // paragraphs with no reused sentence
//!             "hash", "text_hash", "title", "outlet", "read", "starred", "archived",
//!             "first_seen", "last_seen", "warning"}],
//!  "stories": [{"id": 1, "label": "...", "members": ["drop/a.txt", ...],
//!               "outlets": ["BBC", ...],
//!               "first_published": "2025-12-03T01:57:20" | null, "last_published": ...,
//!               "first_seen": 1764720000, "last_seen": 1764723600,
//!               "evidence": {"names": ["Steve Witkoff", ...], "date": "2025-12-03" | null}}],
//!  "warnings": ["drop/x.txt: cannot read: ..."]}
//! ```
//!
//! Items: new and changed first, then seen, then deleted, each group by path. Stories by id;
//! a story is one real-world event (see `stories/mod.rs` for how articles are grouped), its
//! `evidence.names` the names at least half of its articles give, `evidence.date` the event
//! date most of them carry (the publication date, else the date the text names most).
//! Fields beyond `path, status, verdict, of, score, novelty, novel_paragraphs, story` are extras
//! and may grow.
//!
//! Module map: `store/` (SQLite; the only place that touches the database crate), `scan.rs`
//! (folder → items), `features.rs` + `shingles.rs` (per-article fingerprints), `verdict.rs`,
//! `stories/` (clustering; `evidence.rs`: names, numbers, dates; `linkage.rs`: average
//! linkage), `analysis.rs`, `novelty.rs`, `revision.rs` (a revision's changes in words),
//! `watch.rs`.

pub mod across_languages;
mod analysis;
pub mod derivation;
pub mod drop_stories;
mod features;
mod novelty;
pub mod pins;
pub mod revision;
mod scan;
mod shingles;
pub mod store;
mod stories;
mod verdict;
pub mod watch;

use serde::{Deserialize, Serialize};

pub use derivation::DerivationClass;
pub use pins::{ParaKey, PinRecord};
pub use scan::{mark_seen, scan, scan_with};
pub use store::{Flag, Store};
pub use stories::StoryEvidence;
pub use watch::{watch, WatchMode, Watcher};

/// Where a file stands against the state: new since last marked seen, changed since then,
/// seen (unchanged), or deleted (known but gone from the folder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    New,
    Changed,
    Seen,
    Deleted,
}

/// What a file is relative to the articles that came before it (seen earlier, or earlier in
/// path order among files that arrived together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Same story text after normalisation (cleaning hides date lines, credits, bylines).
    Duplicate,
    /// A syndicated or lightly edited copy: high shingle (MinHash) similarity, see `score`.
    NearDuplicate,
    /// A new version of an article: the same file changed, the same URL, or the same (known)
    /// outlet and title with high overlap. [`Item::changes`] says what changed and how much.
    Revision,
    /// Joins a story that already has articles.
    SameStory,
    /// The first article of its story.
    NewStory,
}

/// How a revision differs from the version it revises, so trivial re-saves don't cry wolf.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// Whitespace, punctuation, case, or only the removed lines (date line, credits) differ.
    Cosmetic,
    /// Words of the story were added, removed or edited.
    Substantive,
    /// The same paragraphs in a different order.
    Structural,
}

/// The evidence behind a revision: which paragraphs changed. Indices are paragraphs as in
/// `show --json` (`added`/`edited.1` in this article, `removed`/`edited.0` in the revised one).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub class: Option<ChangeClass>,
    /// Paragraphs of this article with no counterpart in the previous version.
    pub added: Vec<usize>,
    /// Paragraphs of the previous version with no counterpart here.
    pub removed: Vec<usize>,
    /// (previous, this) paragraph pairs whose words differ.
    pub edited: Vec<(usize, usize)>,
    /// Paragraphs that kept their text but changed place.
    pub moved: Vec<usize>,
    /// The title's words differ (counts as substantive).
    pub title_changed: bool,
    /// Removed lines (date line, "Updated:", credits) that differ between the versions
    /// (cosmetic on their own).
    pub removed_lines_changed: bool,
    /// What changed, one entry per change in reading order, for a reader ("¶7: 19 → 17
    /// points", "¶5: + 1 sentence", "¶23 added"); see [`revision::summary`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<String>,
}

/// One file of the drop, as triage sees it. The JSON contract of `parallax triage --json`
/// (`items[]`); fields beyond the documented ones are extras.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The file's path as found under the drop folder (the folder path joined with the name).
    pub path: String,
    pub status: Status,
    /// `None` for deleted files and files that could not be read.
    pub verdict: Option<Verdict>,
    /// The articles the verdict points at (the duplicated, revised or story's earlier articles),
    /// in (first seen, path) order.
    pub of: Vec<String>,
    /// Evidence strength of the verdict in [0, 1]: shingle similarity for near-duplicates and
    /// revisions, 1 for duplicates, story similarity for same-story; `None` for new stories.
    pub score: Option<f32>,
    /// Share of this article's words nothing else in its story carries, in [0, 1]: its novel
    /// paragraphs and new sentences (`align::novelty`, the figure Sources shows too).
    pub novelty: f32,
    /// The paragraphs counted as novel, indexing `show --json` paragraphs, ascending.
    pub novel_paragraphs: Vec<usize>,
    /// New sentences inside shared paragraphs, (paragraph, sentence), ascending.
    #[serde(default)]
    pub novel_sentences: Vec<(usize, usize)>,
    /// The story id (see [`Story::id`]); `None` for deleted or unreadable files.
    pub story: Option<u64>,
    /// For revisions: what changed.
    pub changes: Option<Changes>,
    /// The earlier articles of its story this one reuses (verbatim or rewritten), largest
    /// share first; empty when it reuses none (see [`derivation`]).
    #[serde(default)]
    pub derived_from: Vec<DerivedFrom>,
    /// How much of it is reused: wholly / partially derived or independent; `None` for
    /// deleted or unreadable files.
    #[serde(default)]
    pub derivation: Option<DerivationClass>,
    /// Share of its words with no reuse source (its own reporting), in [0, 1].
    #[serde(default)]
    pub own_reporting: f32,
    /// Paragraphs none of whose sentences is reused from an earlier article, ascending.
    #[serde(default)]
    pub own_paragraphs: Vec<usize>,
    /// blake3 of the file bytes (hex): the key of the parse cache and of `set_flag`.
    pub hash: String,
    /// blake3 of the normalised story text: equal for duplicates; read state is keyed by it.
    pub text_hash: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// Read here or through any duplicate / near-duplicate copy of the same text.
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
    /// Unix seconds when the file was first and last found in the folder.
    pub first_seen: i64,
    pub last_seen: i64,
    /// Why the file could not be triaged (unreadable, empty); the rest of the drop goes on.
    pub warning: Option<String>,
}

/// One source of a derived article: its path and the share of the article's words reused
/// from it, verbatim and rewritten (`share = verbatim + rewrite`, each in [0, 1]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DerivedFrom {
    pub path: String,
    pub share: f32,
    pub verbatim: f32,
    pub rewrite: f32,
}

/// A story: articles of the drop about the same real-world event. The JSON contract
/// (`stories[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Stable across scans: a story keeps its id while any of its articles remain, and a new
    /// article joins an existing story or starts a new one (stories never merge or split).
    pub id: u64,
    /// The title of its most representative article (the nearest to the story's centroid;
    /// the next nearest with a title if that one has none), else the names it is about.
    pub label: String,
    /// Member paths in (first seen, path) order.
    pub members: Vec<String>,
    /// Its outlets as the articles name them (not file names standing in for one), sorted,
    /// each once.
    pub outlets: Vec<String>,
    /// The earliest and latest publication date among its articles (ISO, as in `show --json`
    /// `date`); `None` when no article gives one.
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Unix seconds when its first and its latest article were first found in the folder.
    pub first_seen: i64,
    pub last_seen: i64,
    /// What holds it together: the names most of its articles give and their event date.
    pub evidence: StoryEvidence,
}

/// The result of a scan: items (new and changed first, then seen, then deleted; each group by
/// path) and stories (by id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub items: Vec<Item>,
    pub stories: Vec<Story>,
    /// Files or folders that could not be listed or read, named with what went wrong.
    pub warnings: Vec<String>,
}

/// The folder to triage for a drop opened on `paths`: the first folder among them, else the
/// parent folder of the first file (`true` in the pair: the parent, which may hold files the
/// drop was not opened on). `None` when no path names a folder or a file with a parent.
pub fn drop_folder(paths: &[std::path::PathBuf]) -> Option<(std::path::PathBuf, bool)> {
    if let Some(dir) = paths.iter().find(|p| p.is_dir()) {
        return Some((dir.clone(), false));
    }
    let file = paths.iter().find(|p| p.is_file())?;
    let parent = match file.parent() {
        Some(p) if p.as_os_str().is_empty() => std::path::PathBuf::from("."),
        Some(p) => p.to_path_buf(),
        None => return None,
    };
    Some((parent, true))
}
