//! Files and folders → the list of files to read, in a stable order: arguments in the order
//! given, each folder's entries sorted by name, depth first. Hidden entries and other tools'
//! state are skipped; symlink loops and files reached twice are named once and skipped.
//! Only reads the file system: nothing is ever written into the user's folders.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::article::Warning;

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

/// Files found under some paths and a warning for each path that could not be walked.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<Warning>,
    /// Canonical path → the path it was first reached by, to catch loops and duplicates.
    seen: BTreeMap<PathBuf, PathBuf>,
}

/// Walk `paths` (files or folders, recursively).
pub fn walk(paths: &[PathBuf]) -> Walk {
    let mut w = Walk::default();
    for p in paths {
        w.visit(p, &mut Vec::new());
    }
    w
}

/// Whether a folder entry is skipped when walking (explicit arguments never are).
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || TOOL_STATE.contains(&name)
}

impl Walk {
    fn warn(&mut self, path: &Path, message: impl Into<String>) {
        self.warnings.push(Warning {
            path: path.display().to_string(),
            message: message.into(),
        });
    }

    /// Take a regular file into the walk unless it was reached before (under `canonical`).
    fn add_file(&mut self, path: &Path, canonical: PathBuf) {
        if let Some(first) = self.seen.get(&canonical) {
            let msg = format!("same file as {} (reached twice); skipped", first.display());
            self.warn(path, msg);
            return;
        }
        self.seen.insert(canonical, path.to_path_buf());
        self.files.push(path.to_path_buf());
    }

    /// Visit one path; `ancestors` are the canonical folders above it on this walk.
    fn visit(&mut self, path: &Path, ancestors: &mut Vec<PathBuf>) {
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                let msg = match fs::symlink_metadata(path) {
                    // The OS error says which: "No such file" (broken) or "Too many levels of
                    // symbolic links" (a link that leads back to itself).
                    Ok(l) if l.file_type().is_symlink() => {
                        format!("cannot follow symbolic link ({e}); skipped")
                    }
                    _ => format!("cannot open: {e}"),
                };
                self.warn(path, msg);
                return;
            }
        };
        let resolved = fs::canonicalize(path).ok();
        let canonical = resolved.clone().unwrap_or_else(|| path.to_path_buf());
        if meta.is_dir() {
            if ancestors.contains(&canonical) {
                self.warn(
                    path,
                    format!(
                        "symbolic link loop (points back to {}); skipped",
                        canonical.display()
                    ),
                );
                return;
            }
            if let Some(first) = self.seen.get(&canonical) {
                let msg = format!(
                    "same folder as {} (reached twice); skipped",
                    first.display()
                );
                self.warn(path, msg);
                return;
            }
            self.seen.insert(canonical.clone(), path.to_path_buf());
            let entries = match fs::read_dir(path) {
                Ok(rd) => rd,
                Err(e) => return self.warn(path, format!("cannot read folder: {e}")),
            };
            let mut children: Vec<(std::ffi::OsString, PathBuf, Option<fs::FileType>)> = Vec::new();
            for entry in entries {
                match entry {
                    Ok(e) => children.push((e.file_name(), e.path(), e.file_type().ok())),
                    Err(e) => self.warn(path, format!("cannot list an entry of this folder: {e}")),
                }
            }
            // Names are unique within a folder, so this is the order of the full paths too.
            children.sort_by(|a, b| a.0.cmp(&b.0));
            ancestors.push(canonical);
            for (name, child, file_type) in children {
                if is_skipped_name(&name.to_string_lossy()) {
                    continue;
                }
                match (&resolved, file_type) {
                    // A regular file (not a link) in a resolved folder: its canonical path is
                    // the folder's plus its name, no `stat` or `realpath` needed; a drop of
                    // thousands of files spent more time there than reading them.
                    (Some(folder), Some(t)) if t.is_file() => {
                        self.add_file(&child, folder.join(&name));
                    }
                    _ => self.visit(&child, ancestors),
                }
            }
            ancestors.pop();
        } else if meta.is_file() {
            self.add_file(path, canonical);
        } else {
            self.warn(
                path,
                "not a regular file (a device, socket or pipe); skipped",
            );
        }
    }
}
