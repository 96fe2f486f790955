//! Files and folders → the article files to read, in a stable order: arguments in the order
//! given, each folder's entries sorted by name, depth first. The one walker of the crate: load,
//! triage scan and the triage poll watcher all list a drop through [`walk`], so they agree on
//! what it holds.
//!
//! Rules, for entries found inside a folder (a path given as an argument is always taken):
//! - `drop.toml` (outlet names, see `outlets.rs`) is never an article, even when named;
//! - hidden entries, backups (`name~`) and other tools' state (`node_modules`, ...) are skipped
//!   silently;
//! - files with an article extension ([`ARTICLE_EXTENSIONS`]) are taken, and so are
//!   extension-less files whose start reads as an article;
//! - PDF and Word files (by extension, or by their first bytes when extension-less) get a
//!   warning each, naming the format and what to do;
//! - every other file is counted, and one warning per folder argument says how many of which
//!   kind were skipped, so a source tree gives one line, not hundreds;
//! - symlinks are followed; loops and files reached twice are named once and skipped.
//!
//! Only reads the file system: nothing is ever written into the user's folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use super::decode::decode;
use super::detect::{reads_as_article, Document, ARTICLE_EXTENSIONS};
use super::read::read_head;
use super::{LoadError, Warning};

/// Folder names that hold other tools' state or build output, never articles.
const TOOL_STATE: &[&str] = &[
    "node_modules",
    "target",
    "__pycache__",
    "venv",
    "site-packages",
    "bower_components",
    "_site",
    "__MACOSX",
    "$RECYCLE.BIN",
    "System Volume Information",
];

/// How much of an extension-less file is read to tell whether it is an article.
const SNIFF_BYTES: usize = 8 * 1024;

/// Files found under some paths and a warning for each path that could not be walked.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// Canonical path → the path it was first reached by, to catch loops and duplicates.
    seen: BTreeMap<PathBuf, PathBuf>,
    /// Files skipped as not articles under the current argument, by kind (".rs", ...).
    skipped: BTreeMap<String, usize>,
}

/// Walk `paths` (files or folders, recursively).
pub fn walk(paths: &[PathBuf]) -> Walk {
    let mut w = Walk::default();
    for p in paths {
        w.visit(p, &mut Vec::new(), true);
        w.summarise_skipped(p);
    }
    w
}

/// Whether a folder entry is skipped when walking (explicit arguments never are, except the
/// drop's own `drop.toml`, which names outlets and is never an article).
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || TOOL_STATE.contains(&name)
        || name == super::outlets::DROP_FILE
}

/// What the walk does with one file.
enum Take {
    Article,
    Unsupported(Document),
    /// Not an article; the kind counted in the summary.
    Skip(String),
}

/// Decide by name, and for an extension-less file found in a folder by its first bytes.
fn classify(path: &Path, explicit: bool) -> Result<Take, LoadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some(e) if ARTICLE_EXTENSIONS.contains(&e) => Ok(Take::Article),
        Some(e) => match Document::by_extension(e) {
            Some(doc) => Ok(Take::Unsupported(doc)),
            // Named on the command line, a file is read whatever it is called.
            None if explicit => Ok(Take::Article),
            None => Ok(Take::Skip(format!(".{e}"))),
        },
        None if explicit => Ok(Take::Article),
        None => sniff(path),
    }
}

/// An extension-less file: a document by its magic bytes, an article if its start reads as one.
fn sniff(path: &Path) -> Result<Take, LoadError> {
    let head = read_head(path, SNIFF_BYTES)?;
    if let Some(doc) = Document::by_content(&head) {
        return Ok(Take::Unsupported(doc));
    }
    // Binary content is not an article either.
    let article = decode(utf8_prefix(&head)).is_ok_and(|d| reads_as_article(&d.text));
    Ok(if article {
        Take::Article
    } else {
        Take::Skip("no extension".into())
    })
}

/// `head` without a UTF-8 character cut in two at its end, so a cut does not make UTF-8 text
/// look like another encoding.
fn utf8_prefix(head: &[u8]) -> &[u8] {
    match std::str::from_utf8(head) {
        Err(e) if e.error_len().is_none() => &head[..e.valid_up_to()],
        _ => head,
    }
}

impl Walk {
    fn warn(&mut self, path: &Path, problem: LoadError) {
        self.warnings.push(Warning {
            path: path.display().to_string(),
            problem,
        });
    }

    /// One warning saying what was skipped as not articles under `root`, if anything was.
    fn summarise_skipped(&mut self, root: &Path) {
        let skipped = std::mem::take(&mut self.skipped);
        if skipped.values().sum::<usize>() == 0 {
            return;
        }
        let mut kinds: Vec<(String, usize)> = skipped.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.warn(root, LoadError::NotArticles(kinds));
    }

    /// Take a file into the walk if it is an article (see the module rules) and was not
    /// reached before (under `canonical`).
    fn take_file(&mut self, path: &Path, canonical: PathBuf, explicit: bool) {
        if path.file_name() == Some(std::ffi::OsStr::new(super::outlets::DROP_FILE)) {
            return;
        }
        match classify(path, explicit) {
            Ok(Take::Article) => self.add_file(path, canonical),
            Ok(Take::Unsupported(doc)) => self.warn(path, LoadError::Unsupported(doc)),
            Ok(Take::Skip(kind)) => *self.skipped.entry(kind).or_default() += 1,
            Err(e) => self.warn(path, e),
        }
    }

    fn add_file(&mut self, path: &Path, canonical: PathBuf) {
        if let Some(first) = self.seen.get(&canonical) {
            let first = first.clone();
            self.warn(path, LoadError::SameFile { first });
            return;
        }
        self.seen.insert(canonical, path.to_path_buf());
        self.files.push(path.to_path_buf());
    }

    /// Visit one path; `ancestors` are the canonical folders above it on this walk.
    fn visit(&mut self, path: &Path, ancestors: &mut Vec<PathBuf>, explicit: bool) {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let problem = match fs::symlink_metadata(path) {
                    // The OS error says which: "No such file" (broken) or "Too many levels of
                    // symbolic links" (a link that leads back to itself).
                    Ok(l) if l.file_type().is_symlink() => LoadError::BrokenLink(e.into()),
                    _ => LoadError::CannotOpen(e.into()),
                };
                self.warn(path, problem);
                return;
            }
        };
        let resolved = fs::canonicalize(path).ok();
        let canonical = resolved.clone().unwrap_or_else(|| path.to_path_buf());
        if meta.is_dir() {
            self.visit_folder(path, resolved, canonical, ancestors);
        } else if meta.is_file() {
            self.take_file(path, canonical, explicit);
        } else {
            self.warn(path, LoadError::NotAFile);
        }
    }

    /// Visit a folder's entries, unless it is one of its own ancestors (a symlink loop) or was
    /// walked before.
    fn visit_folder(
        &mut self,
        path: &Path,
        resolved: Option<PathBuf>,
        canonical: PathBuf,
        ancestors: &mut Vec<PathBuf>,
    ) {
        if ancestors.contains(&canonical) {
            return self.warn(path, LoadError::LinkLoop { target: canonical });
        }
        if let Some(first) = self.seen.get(&canonical) {
            let first = first.clone();
            return self.warn(path, LoadError::SameFolder { first });
        }
        self.seen.insert(canonical.clone(), path.to_path_buf());
        let Some(children) = self.entries(path) else {
            return;
        };
        ancestors.push(canonical);
        for (name, child, file_type) in children {
            if is_skipped_name(&name.to_string_lossy()) {
                continue;
            }
            match (&resolved, file_type) {
                // A regular file (not a link) in a resolved folder: its canonical path is the
                // folder's plus its name, no `stat` or `realpath` needed; a drop of thousands
                // of files spent more time there than reading them.
                (Some(folder), Some(t)) if t.is_file() => {
                    self.take_file(&child, folder.join(&name), false);
                }
                _ => self.visit(&child, ancestors, false),
            }
        }
        ancestors.pop();
    }

    /// A folder's entries sorted by name, or `None` (with a warning) if it cannot be read.
    fn entries(&mut self, path: &Path) -> Option<Vec<Entry>> {
        let rd = match fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                self.warn(path, LoadError::CannotReadFolder(e.into()));
                return None;
            }
        };
        let mut children = Vec::new();
        for entry in rd {
            match entry {
                Ok(e) => children.push((e.file_name(), e.path(), e.file_type().ok())),
                Err(e) => self.warn(path, LoadError::CannotListEntry(e.into())),
            }
        }
        // Names are unique within a folder, so this is the order of the full paths too.
        children.sort_by(|a, b| a.0.cmp(&b.0));
        Some(children)
    }
}

/// A folder entry: its name, its path and its type (without following a symlink).
type Entry = (std::ffi::OsString, PathBuf, Option<fs::FileType>);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_cut_at_the_end_of_the_sniffed_bytes_is_dropped() {
        let text = "Gespräche".as_bytes();
        // "ä" is two bytes: cut after the first.
        assert_eq!(utf8_prefix(&text[..6]), b"Gespr");
        assert_eq!(utf8_prefix(text), text);
        // Not UTF-8 at all: left for the decoder to guess.
        assert_eq!(utf8_prefix(b"Gespr\xe4che"), b"Gespr\xe4che");
    }

    #[test]
    fn the_summary_names_the_commonest_kinds_and_sums_up_the_rest() {
        let summary = |kinds: &[(&str, usize)]| {
            let mut w = Walk::default();
            for (k, n) in kinds {
                w.skipped.insert(k.to_string(), *n);
            }
            w.summarise_skipped(Path::new("src"));
            w.warnings.pop().map(|w| w.problem.to_string())
        };
        assert_eq!(summary(&[]), None);
        let one = summary(&[(".rs", 1)]).unwrap();
        assert!(
            one.starts_with("skipped 1 file that is not an article (.rs 1);"),
            "{one}"
        );
        let kinds = [
            (".a", 1),
            (".b", 9),
            (".c", 2),
            (".d", 3),
            (".e", 4),
            (".f", 5),
            (".g", 6),
            (".h", 7),
        ];
        let many = summary(&kinds).unwrap();
        assert!(
            many.starts_with(
                "skipped 37 files that are not articles \
                 (.b 9, .h 7, .g 6, .f 5, .e 4, .d 3, 3 of 2 other kinds);"
            ),
            "{many}"
        );
        let seven = summary(&kinds[..7]).unwrap();
        assert!(
            seven.contains("(.b 9, .g 6, .f 5, .e 4, .d 3, .c 2, .a 1)"),
            "{seven}"
        );
    }
}
