//! Why a file, or one entry of a JSON list, did not load: [`LoadError`], and the [`Warning`]
//! that names the file with it. Each message says what is wrong and, where the user can act,
//! what to do; callers match on the variant, people read the message.

use std::fmt;
use std::path::PathBuf;

use serde::Serialize;

use super::detect::Document;
use super::fields;
use super::read::{human_size, MAX_FILE_BYTES};

/// A file (or JSON entry) that could not be loaded, or a problem with one, named for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub path: String,
    /// What went wrong; serialised as its message.
    #[serde(rename = "message", serialize_with = "as_message")]
    pub problem: LoadError,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.problem)
    }
}

fn as_message<S: serde::Serializer>(problem: &LoadError, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(problem)
}

/// Why something under a drop's paths did not load. The message (`Display`) is what the
/// user reads; most end in "; skipped", since the rest of the drop still loads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    // Walking the folders.
    /// The path cannot be opened (it does not exist, permission denied).
    #[error("cannot open: {0}")]
    CannotOpen(IoProblem),
    /// A symbolic link that is broken or leads back to itself.
    #[error("cannot follow symbolic link ({0}); skipped")]
    BrokenLink(IoProblem),
    /// A folder reached again inside itself through a symbolic link.
    #[error("symbolic link loop (points back to {}); skipped", .target.display())]
    LinkLoop { target: PathBuf },
    /// A file reached a second time (through a link, or named twice).
    #[error("same file as {} (reached twice); skipped", .first.display())]
    SameFile { first: PathBuf },
    /// A folder reached a second time.
    #[error("same folder as {} (reached twice); skipped", .first.display())]
    SameFolder { first: PathBuf },
    #[error("cannot read folder: {0}")]
    CannotReadFolder(IoProblem),
    #[error("cannot list an entry of this folder: {0}")]
    CannotListEntry(IoProblem),
    /// The files under a folder argument that are not articles, counted by kind (".rs",
    /// "no extension"), commonest first: one warning for a whole source tree.
    #[error("{}", skipped_summary(.0))]
    NotArticles(Vec<(String, usize)>),

    // Reading one file.
    #[error("cannot read: {0}")]
    CannotRead(IoProblem),
    /// A device, socket or pipe.
    #[error("not a regular file (a device, socket or pipe); skipped")]
    NotAFile,
    /// Over [`MAX_FILE_BYTES`]; `bytes` is the size found.
    #[error(
        "file is {}, over the {} limit for one article; skipped",
        human_size(*.bytes),
        human_size(MAX_FILE_BYTES)
    )]
    TooBig { bytes: u64 },
    /// A PDF, Word or other document Parallax cannot read.
    #[error("{}", .0.warning())]
    Unsupported(Document),
    #[error("empty file; skipped")]
    Empty,
    #[error("binary file (contains NUL bytes), not an article; skipped")]
    NulBytes,
    /// Mostly control characters in the first `sniffed` bytes.
    #[error("binary file ({controls} control bytes in the first {sniffed} bytes), not an article; skipped")]
    ControlBytes { controls: usize, sniffed: usize },
    #[error("no text (the file holds only whitespace); skipped")]
    Blank,

    // JSON.
    /// Not JSON, nor JSON Lines; serde_json's message.
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("JSON holds neither an article object nor a list of them")]
    NotArticleJson,
    /// One line of a JSON Lines file; `message` is serde_json's, with the column.
    #[error("line {line}: invalid JSON: {message}; skipped")]
    InvalidJsonLine { line: usize, message: String },
    /// A list entry that is not an object.
    #[error("not an article object; skipped")]
    NotAnArticleObject,
    /// An article object with none of the story-text fields.
    #[error(
        "no story text (none of the fields {} holds text); skipped",
        fields::TEXT.join(", ")
    )]
    NoTextField,

    // Building the article.
    /// Nothing left once the front matter or page furniture is gone; `notes` are what reading
    /// met on the way (an unreadable front matter, say).
    #[error("no story text found{}; skipped", in_brackets(.notes))]
    NoStory { notes: Vec<String> },
    /// Parallax itself failed on the file (a caught panic, its message): a bug, not the
    /// file's fault.
    #[error("internal error ({0}); skipped: this is a bug in Parallax, please report it")]
    Internal(String),
    /// A file with no article and no reason given (an empty JSON list).
    #[error("no article found")]
    NoArticle,

    // The drop's own file (`drop.toml`).
    /// A line of `drop.toml` that could not be used; the rest of the file still applies.
    #[error("line {line}: {message}; ignored")]
    DropFileLine { line: usize, message: String },
}

/// An I/O error as loading met it: its kind, to act on, and the system's words, to show (an
/// `io::Error` itself can be neither cloned nor compared).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IoProblem {
    pub kind: std::io::ErrorKind,
    pub message: String,
}

impl From<std::io::Error> for IoProblem {
    fn from(e: std::io::Error) -> IoProblem {
        IoProblem {
            kind: e.kind(),
            message: e.to_string(),
        }
    }
}

impl fmt::Display for IoProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// How many kinds of skipped file the summary names before it sums up the rest.
const KINDS_NAMED: usize = 6;

/// "skipped 6 files that are not articles (.rs 2, .lock 1, ...); Parallax reads ...".
fn skipped_summary(kinds: &[(String, usize)]) -> String {
    let total: usize = kinds.iter().map(|k| k.1).sum();
    // Name them all when only one more would be left over: "1 other kind" says less.
    let named = if kinds.len() > KINDS_NAMED + 1 {
        KINDS_NAMED
    } else {
        kinds.len()
    };
    let mut parts: Vec<String> = kinds[..named]
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if named < kinds.len() {
        let rest: usize = kinds[named..].iter().map(|k| k.1).sum();
        parts.push(format!("{rest} of {} other kinds", kinds.len() - named));
    }
    let files = if total == 1 {
        "1 file that is not an article".to_string()
    } else {
        format!("{total} files that are not articles")
    };
    format!(
        "skipped {files} ({}); Parallax reads .txt, .md, .html, .json and .jsonl files, \
         and prose without an extension",
        parts.join(", ")
    )
}

/// " (a; b)", or nothing for no notes.
fn in_brackets(notes: &[String]) -> String {
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    }
}
