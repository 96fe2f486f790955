//! Paths → articles. Walks files and folders, detects each file's format from its content,
//! decodes it, extracts the story text and metadata, then hands it to cleaning and segmentation.
//! One bad file never stops a drop: it becomes a [`Warning`] and the rest still loads.

use std::path::{Path, PathBuf};

use crate::article::{Article, Format, Warning};
use crate::clean;

/// What a format reader pulls out of a file before cleaning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// As written in the file; `dates::iso_date` turns it into ISO 8601 when it can.
    pub date: Option<String>,
    pub url: Option<String>,
}

/// The story text of one file and its metadata, before cleaning.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    pub format: Format,
    /// The text all offsets will point into.
    pub body: String,
    /// Byte offset in `body` where the story starts (after Markdown front matter); lines before
    /// it are never story text.
    pub story_start: usize,
    pub meta: Meta,
    pub warnings: Vec<String>,
}

/// Options shared by every load.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Turn cleaning off: every block of the body stays in the story.
    pub raw: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { raw: false }
    }
}

/// A loaded drop: the articles that could be read and a warning for each file that could not.
#[derive(Debug, Clone, Default)]
pub struct Drop {
    pub articles: Vec<Article>,
    pub warnings: Vec<Warning>,
}

/// Load every article under `paths` (files, or folders walked recursively), in path order.
pub fn load_paths(paths: &[PathBuf], opts: &LoadOptions) -> Drop {
    let mut files = Vec::new();
    let mut drop = Drop::default();
    for p in paths {
        walk(p, &mut files, &mut drop.warnings);
    }
    files.sort();
    for f in files {
        match load_file(&f, opts) {
            Ok(a) => drop.articles.push(a),
            Err(w) => drop.warnings.push(w),
        }
    }
    drop
}

fn walk(path: &Path, files: &mut Vec<PathBuf>, warnings: &mut Vec<Warning>) {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(path) {
            Ok(entries) => {
                for e in entries.flatten() {
                    let name = e.file_name();
                    if name.to_string_lossy().starts_with('.') {
                        continue;
                    }
                    walk(&e.path(), files, warnings);
                }
            }
            Err(e) => warnings.push(warning(path, format!("cannot read folder: {e}"))),
        },
        Ok(_) => files.push(path.to_path_buf()),
        Err(e) => warnings.push(warning(path, format!("cannot open: {e}"))),
    }
}

fn warning(path: &Path, message: String) -> Warning {
    Warning {
        path: path.display().to_string(),
        message,
    }
}

/// Load one file as an article.
pub fn load_file(path: &Path, opts: &LoadOptions) -> Result<Article, Warning> {
    let bytes = std::fs::read(path).map_err(|e| warning(path, format!("cannot read: {e}")))?;
    article_from_bytes(&path.display().to_string(), &bytes, opts).map_err(|m| warning(path, m))
}

/// Parse the bytes of one file (named `path` for messages) into an article.
pub fn article_from_bytes(path: &str, bytes: &[u8], opts: &LoadOptions) -> Result<Article, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let text = String::from_utf8_lossy(bytes).into_owned();
    let extracted = Extracted {
        format: Format::Text,
        body: text,
        story_start: 0,
        meta: Meta::default(),
        warnings: Vec::new(),
    };
    Ok(clean::build_article(path, extracted, opts.raw))
}
