//! Paths → articles. Walks files and folders, detects each file's format from its content,
//! decodes it, extracts the story text and metadata, then builds the article ([`build`]: cleaning,
//! segmentation, normalisation). One bad file never stops a drop: it becomes a [`Warning`] and
//! the rest still loads; so does a file Parallax itself fails on (a panic is caught per file).

mod build;
mod decode;
mod detect;
mod error;
mod fields;
mod html;
mod html_guard;
mod html_text;
mod json;
pub(crate) mod markdown;
pub mod outlets;
mod read;
mod walk;

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::article::{Article, Format};

pub use decode::{decode, Decoded};
pub use detect::{detect, Document};
pub use error::{IoProblem, LoadError, Warning};
pub use outlets::{DropOutlets, OutletMap, DROP_FILE};
pub use walk::is_skipped_name;
// The one folder walker and file reader, shared with triage's scan and poll watcher.
pub(crate) use read::read_limited;
pub(crate) use walk::walk;

pub use read::MAX_FILE_BYTES;

/// What a format reader pulls out of a file before cleaning. Absent stays absent: a reader
/// fills a field only from what the file itself says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// The headline (front matter, `<meta og:title>`/`<title>`, a JSON `title`).
    pub title: Option<String>,
    /// The outlet (site name, JSON `source`/`outlet`); cleaning falls back to a byline, then to
    /// the file stem.
    pub outlet: Option<String>,
    /// The author or authors, as written (several joined with ", ").
    pub author: Option<String>,
    /// As written in the file; `dates::iso_date` turns it into ISO 8601 when it can.
    pub date: Option<String>,
    /// The article's address (canonical URL); only absolute http(s) URLs.
    pub url: Option<String>,
}

/// The story text of one file and its metadata, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// The format detected from the content.
    pub format: Format,
    /// The text all offsets will point into.
    pub body: String,
    /// Byte offset in `body` where the story starts (after Markdown front matter); lines before
    /// it are never story text.
    pub story_start: usize,
    /// Metadata the file itself carries.
    pub meta: Meta,
    /// Problems met while reading (encoding assumed, unreadable front matter); the article loads.
    pub warnings: Vec<String>,
}

/// Options shared by every load.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Turn cleaning off: every block of the body stays in the story.
    pub raw: bool,
}

/// A loaded drop: the articles that could be read and a warning for each file that could not.
#[derive(Debug, Clone, Default)]
pub struct Drop {
    /// The articles, in walk order (see [`load_paths`]).
    pub articles: Vec<Article>,
    /// One warning per file (or JSON entry) that could not be loaded, in walk order.
    pub warnings: Vec<Warning>,
}

/// Load every article under `paths` (files, or folders walked recursively).
///
/// Order is deterministic: arguments in the order given, each folder's entries sorted by name;
/// a JSON list's articles in list order. Files are parsed in parallel; the order does not
/// depend on it. Every file that cannot be loaded gets exactly one warning naming it. Outlets
/// are named by the `drop.toml` beside the articles where it names them ([`DropOutlets`]).
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Drop {
    let walked = walk::walk(paths);
    let outlets = DropOutlets::read(paths);
    let mut drop = Drop {
        articles: Vec::new(),
        warnings: walked.warnings,
    };
    drop.warnings.extend(outlets.warnings.iter().cloned());
    let per_file: Vec<Vec<Result<Article, Warning>>> = walked
        .files
        .par_iter()
        .map(|f| load_entries(f, opts))
        .collect();
    for entry in per_file.into_iter().flatten() {
        match entry {
            Ok(a) => drop.articles.push(a),
            Err(w) => drop.warnings.push(w),
        }
    }
    outlets.apply(&mut drop.articles);
    drop
}

fn warning(path: &str, problem: LoadError) -> Warning {
    Warning {
        path: path.to_string(),
        problem,
    }
}

/// Run one step of loading `path`. A panic in it is a bug in Parallax, not a fault of the file,
/// but it must not stop the drop: it becomes a warning naming the file.
fn without_panics<T>(path: &str, step: impl FnOnce() -> T) -> Result<T, Warning> {
    catch_unwind(AssertUnwindSafe(step))
        .map_err(|payload| warning(path, LoadError::Internal(panic_message(payload.as_ref()))))
}

/// What a caught panic said (its message, when it has one).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// Every article of one file (a JSON list holds several), or the warnings saying why not.
pub fn load_entries(path: &Path, opts: &LoadOptions) -> Vec<Result<Article, Warning>> {
    let name = path.display().to_string();
    match read::read_limited(path) {
        // The file's own buffer becomes the article's text when it is UTF-8 (no copy).
        Ok(bytes) if !bytes.is_empty() => without_panics(&name, || {
            entries_from_decoded(&name, decode::decode_owned(bytes), opts)
        })
        .unwrap_or_else(|w| vec![Err(w)]),
        Ok(bytes) => entries_from_bytes(&name, &bytes, opts),
        Err(e) => vec![Err(warning(&name, e))],
    }
}

/// Load one file as an article; for a JSON list, its first article.
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Article, Warning> {
    let name = path.display().to_string();
    let bytes = read::read_limited(path).map_err(|e| warning(&name, e))?;
    article_from_bytes(&name, &bytes, opts).map_err(|e| warning(&name, e))
}

/// Parse the bytes of one file (named `path` for messages) into an article; for a JSON list,
/// its first article.
pub fn article_from_bytes(
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<Article, LoadError> {
    let mut articles = articles_from_bytes(path, bytes, opts)?;
    Ok(articles.swap_remove(0))
}

/// Parse the bytes of one file into its articles (several for a JSON list, named
/// `file.json#1`, `file.json#2`, ...). `Err` when not one article could be read; list entries
/// that are not articles are left out (see [`entries_from_bytes`] for their warnings).
pub fn articles_from_bytes(
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Result<Vec<Article>, LoadError> {
    let entries = entries_from_bytes(path, bytes, opts);
    let mut first_error = None;
    let mut articles = Vec::new();
    for e in entries {
        match e {
            Ok(a) => articles.push(a),
            Err(w) => {
                first_error.get_or_insert(w.problem);
            }
        }
    }
    if articles.is_empty() {
        return Err(first_error.unwrap_or(LoadError::NoArticle));
    }
    Ok(articles)
}

/// Parse the bytes of one file into one result per article it holds. A file-level problem
/// (binary, empty, invalid JSON) is a single `Err` naming `path`; in a JSON list each entry
/// that is not an article is an `Err` naming `path#N`.
pub fn entries_from_bytes(
    path: &str,
    bytes: &[u8],
    opts: &LoadOptions,
) -> Vec<Result<Article, Warning>> {
    if bytes.is_empty() {
        return vec![Err(warning(path, LoadError::Empty))];
    }
    without_panics(path, || {
        entries_from_decoded(path, decode::decode(bytes), opts)
    })
    .unwrap_or_else(|w| vec![Err(w)])
}

/// [`entries_from_bytes`] once the (non-empty) bytes are decoded, or why they could not be.
fn entries_from_decoded(
    path: &str,
    decoded: Result<Decoded, LoadError>,
    opts: &LoadOptions,
) -> Vec<Result<Article, Warning>> {
    let fail = |e: LoadError| vec![Err(warning(path, e))];
    let Decoded {
        text,
        warning: decode_warning,
    } = match decoded {
        Ok(d) => d,
        Err(e) => return fail(e),
    };
    if text.trim().is_empty() {
        return fail(LoadError::Blank);
    }
    let ext = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let format = detect::detect(&text, ext.as_deref());
    let build = |name: &str, mut ex: Extracted| -> Result<Article, Warning> {
        if ex.body[ex.story_start.min(ex.body.len())..]
            .trim()
            .is_empty()
        {
            let notes = std::mem::take(&mut ex.warnings);
            return Err(warning(name, LoadError::NoStory { notes }));
        }
        if let Some(w) = &decode_warning {
            ex.warnings.insert(0, w.clone());
        }
        // Caught per article too, so one bad entry of a JSON list costs only that entry.
        let mut a = without_panics(name, || build::build_article(name, ex, opts.raw))?;
        if a.paragraphs.is_empty() {
            a.warnings
                .push("cleaning left no story text (see the removed pieces, or use --raw)".into());
        }
        Ok(a)
    };
    match format {
        Format::Json => match json::extract_all(&text) {
            Err(e) => fail(e),
            Ok((entries, list)) => entries
                .into_iter()
                .enumerate()
                .map(|(i, e)| {
                    let name = if list {
                        format!("{path}#{}", i + 1)
                    } else {
                        path.to_string()
                    };
                    match e {
                        Ok(ex) => build(&name, ex),
                        Err(e) => Err(warning(&name, e)),
                    }
                })
                .collect(),
        },
        Format::Html => vec![build(path, html::extract(&text))],
        Format::Markdown | Format::Text => {
            vec![build(path, markdown::extract(text, format))]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_loading_a_file_becomes_a_warning_naming_it() {
        let failed = without_panics("drop/bad.txt", || -> Vec<Article> {
            panic!("byte index 3 is not a char boundary")
        });
        let w = failed.expect_err("the panic is caught");
        assert_eq!(w.path, "drop/bad.txt");
        assert_eq!(
            w.problem,
            LoadError::Internal("byte index 3 is not a char boundary".into())
        );
        assert!(w.to_string().contains("this is a bug in Parallax"), "{w}");
        let formatted = without_panics("x.txt", || -> u8 { panic!("{} went wrong", "it") });
        assert_eq!(
            formatted.unwrap_err().problem,
            LoadError::Internal("it went wrong".into())
        );
        assert!(matches!(without_panics("ok.txt", || 7), Ok(7)));
    }
}
