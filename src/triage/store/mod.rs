//! The triage state: one SQLite database per drop folder (this folder is the only place that
//! uses rusqlite). It holds, per file, its path, content hash, first/last-seen times and flags;
//! a cache of parsed articles and their fingerprints keyed by content hash; story ids; novelty
//! results; the reader's pins; outlet names given in the app (`outlets.rs`); and sentence
//! embeddings (`embeddings.rs`).
//!
//! Safety: WAL journal, every scan's writes in transactions, a schema version
//! (`PRAGMA user_version`) with migrations, and an application id so a foreign SQLite file is
//! recognised. A corrupt or foreign file is moved aside (`NAME.corrupt-<unix time>`), reported
//! through [`Store::warnings`] and rebuilt; it is never silently reset.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension};

mod cache;
mod embeddings;
mod outlets;
mod schema;

pub use embeddings::{embedding_store, StateEmbeddings};
use schema::{move_aside, open_checked, Problem};

use super::features::{CachedArticle, Features};
use super::pins::{ParaKey, PinRecord};

/// A per-item mark the reader sets. `Read` is keyed by content: reading one copy of a text
/// (duplicate or near-duplicate) marks its copies read. `Starred` and `Archived` are per file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Flag {
    Read,
    Starred,
    Archived,
}

/// A file as the state last recorded it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FileRow {
    pub hash: String,
    pub size: i64,
    pub mtime_ns: i64,
    pub first_seen: i64,
    pub last_seen: i64,
    pub seen_hash: Option<String>,
    pub present: bool,
    pub read: bool,
    pub starred: bool,
    pub archived: bool,
}

/// A file found by a scan (`path` as shown: the drop folder joined with its name).
#[derive(Debug, Clone)]
pub(crate) struct Observed {
    pub path: String,
    pub hash: String,
    pub size: i64,
    pub mtime_ns: i64,
}

/// A freshly parsed article with its fingerprints, or why the file could not be parsed.
pub(crate) type Parsed = std::result::Result<(CachedArticle, Features), String>;

/// What the cache knows about one content hash: its fingerprints, or why it could not be read.
#[derive(Debug, Clone)]
pub(crate) enum Cached {
    Article(Box<Features>),
    Unreadable(String),
}

/// The state of one drop folder.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    path: PathBuf,
    warnings: Vec<String>,
}

/// Unix seconds now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The default state file of a drop folder: `$XDG_DATA_HOME/parallax/triage/<hash>.db`, keyed by
/// a hash of the folder's canonical path.
pub fn default_state_path(dir: &Path) -> Result<PathBuf> {
    use etcetera::BaseStrategy;
    let canon = dir
        .canonicalize()
        .with_context(|| format!("{}: cannot open drop folder", dir.display()))?;
    let base = etcetera::choose_base_strategy().context("cannot find the user's data folder")?;
    let key = blake3::hash(canon.to_string_lossy().as_bytes()).to_hex();
    Ok(base
        .data_dir()
        .join("parallax")
        .join("triage")
        .join(format!("{}.db", &key[..16])))
}

impl Store {
    /// Open (or create) the state of drop folder `dir`, at `state` or the default path.
    /// Errors: the folder is missing, the state path is inside the folder (we never write there),
    /// or the state was written by a newer parallax. A corrupt or foreign state file is moved
    /// aside and rebuilt, with a warning.
    pub fn open(dir: &Path, state: Option<&Path>) -> Result<Store> {
        let meta = std::fs::metadata(dir)
            .with_context(|| format!("{}: cannot open drop folder", dir.display()))?;
        if !meta.is_dir() {
            bail!("{}: not a folder", dir.display());
        }
        let path = match state {
            Some(p) => p.to_path_buf(),
            None => default_state_path(dir)?,
        };
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create state folder", parent.display()))?;
            let (cp, cd) = (parent.canonicalize()?, dir.canonicalize()?);
            if cp.starts_with(&cd) {
                bail!(
                    "{}: the state file must not be inside the drop folder {}",
                    path.display(),
                    dir.display()
                );
            }
        }
        let mut warnings = Vec::new();
        let conn = match open_checked(&path) {
            Ok(c) => c,
            Err(Problem::Fatal(e)) => return Err(e),
            Err(Problem::Bad(why)) => {
                let aside = move_aside(&path)?;
                warnings.push(format!(
                    "{}: {why}; moved it to {} and started a new state",
                    path.display(),
                    aside.display()
                ));
                open_checked(&path).map_err(|p| match p {
                    Problem::Fatal(e) => e,
                    Problem::Bad(why) => anyhow::anyhow!("{}: {why}", path.display()),
                })?
            }
        };
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            path,
            warnings,
        })
    }

    /// The drop folder this state belongs to, as given to [`Store::open`].
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the state file is.
    pub fn state_path(&self) -> &Path {
        &self.path
    }

    /// The name stored for a file: its path relative to the drop folder, so the same folder
    /// opened as `drop`, `./drop` or `/abs/drop` keeps one state.
    fn rel(&self, shown: &str) -> String {
        Path::new(shown)
            .strip_prefix(&self.dir)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| shown.to_string())
    }

    /// The path shown for a stored name: the drop folder as given joined with it.
    fn shown(&self, rel: &str) -> String {
        self.dir.join(rel).display().to_string()
    }

    /// Problems met while opening (a corrupt or foreign state file moved aside), for the user.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Set or clear a flag on the files that `target` names: a path as in [`super::Item::path`],
    /// a file content hash, or a text hash. `Read` spreads to every copy of the text (see
    /// [`Flag`]); clearing it clears the whole family. Returns how many files it touched;
    /// 0 means `target` named nothing known.
    pub fn set_flag(&mut self, target: &str, flag: Flag, on: bool) -> Result<usize> {
        let rel = self.rel(target);
        let tx = self.conn.transaction()?;
        let rows: Vec<(String, Option<String>)> = {
            let mut q = tx.prepare(
                "SELECT f.path, a.text_hash FROM files f LEFT JOIN articles a ON a.hash = f.hash
                 WHERE f.path = ?2 OR f.hash = ?1 OR a.text_hash = ?1 ORDER BY f.path",
            )?;
            let r = q.query_map([target, rel.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
            r.collect::<rusqlite::Result<_>>()?
        };
        let column = match flag {
            Flag::Read => "read",
            Flag::Starred => "starred",
            Flag::Archived => "archived",
        };
        for (path, _) in &rows {
            tx.execute(
                &format!("UPDATE files SET {column} = ?1 WHERE path = ?2"),
                params![on, path],
            )?;
        }
        if flag == Flag::Read {
            let texts: BTreeSet<String> = rows.iter().filter_map(|r| r.1.clone()).collect();
            for t in texts {
                if on {
                    tx.execute(
                        "INSERT OR REPLACE INTO read_texts (text_hash, at) VALUES (?1, ?2)",
                        params![t, now()],
                    )?;
                } else {
                    // Clear every copy, or the family would still read as read.
                    tx.execute(
                        "DELETE FROM read_texts WHERE text_hash = ?1 OR text_hash IN
                         (SELECT text_hash FROM copies WHERE family =
                            (SELECT family FROM copies WHERE text_hash = ?1))",
                        [&t],
                    )?;
                    tx.execute(
                        "UPDATE files SET read = 0 WHERE hash IN (SELECT hash FROM articles
                         WHERE text_hash = ?1 OR text_hash IN (SELECT text_hash FROM copies
                         WHERE family = (SELECT family FROM copies WHERE text_hash = ?1)))",
                        [&t],
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(rows.len())
    }

    /// The reader's pins and unpins, paths as shown (the drop folder joined with the name),
    /// in key order.
    pub fn pins(&self) -> Result<Vec<PinRecord>> {
        let mut q = self.conn.prepare(
            "SELECT a_path, a_hash, b_path, b_hash, pinned FROM pins
             ORDER BY a_path, a_hash, b_path, b_hash",
        )?;
        let rows = q.query_map([], |r| {
            Ok(PinRecord {
                a: ParaKey {
                    path: self.shown(&r.get::<_, String>(0)?),
                    hash: r.get(1)?,
                },
                b: ParaKey {
                    path: self.shown(&r.get::<_, String>(2)?),
                    hash: r.get(3)?,
                },
                pinned: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Save a pin or an unpin, replacing what was said before of the same pair.
    pub fn set_pin(&mut self, record: &PinRecord) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO pins (a_path, a_hash, b_path, b_hash, pinned)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                self.rel(&record.a.path),
                record.a.hash,
                self.rel(&record.b.path),
                record.b.hash,
                record.pinned
            ],
        )?;
        Ok(())
    }

    /// Forget what the reader said of the pair `a`, `b` (either order).
    pub fn clear_pin(&mut self, a: &ParaKey, b: &ParaKey) -> Result<()> {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        self.conn.execute(
            "DELETE FROM pins WHERE a_path = ?1 AND a_hash = ?2 AND b_path = ?3 AND b_hash = ?4",
            params![self.rel(&a.path), a.hash, self.rel(&b.path), b.hash],
        )?;
        Ok(())
    }

    /// Record every present file as seen at its current content, and forget deleted files.
    pub(crate) fn mark_seen(&mut self) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE files SET seen_hash = hash WHERE present = 1", [])?;
        tx.execute("DELETE FROM files WHERE present = 0", [])?;
        tx.commit()?;
        Ok(())
    }

    /// Every file the state knows, by path.
    pub(crate) fn file_rows(&self) -> Result<BTreeMap<String, FileRow>> {
        let mut q = self.conn.prepare(
            "SELECT path, hash, size, mtime_ns, first_seen, last_seen, seen_hash, present, read,
                    starred, archived FROM files",
        )?;
        let rows = q.query_map([], |r| {
            Ok((
                self.shown(&r.get::<_, String>(0)?),
                FileRow {
                    hash: r.get(1)?,
                    size: r.get(2)?,
                    mtime_ns: r.get(3)?,
                    first_seen: r.get(4)?,
                    last_seen: r.get(5)?,
                    seen_hash: r.get(6)?,
                    present: r.get(7)?,
                    read: r.get(8)?,
                    starred: r.get(9)?,
                    archived: r.get(10)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Record the files a scan found (new rows get `now` as first seen) and mark the others
    /// deleted, in one transaction.
    pub(crate) fn record_files(&mut self, found: &[Observed], now: i64) -> Result<()> {
        let rels: Vec<String> = found.iter().map(|f| self.rel(&f.path)).collect();
        let tx = self.conn.transaction()?;
        tx.execute("UPDATE files SET present = 0", [])?;
        {
            let mut q = tx.prepare(
                "INSERT INTO files (path, hash, size, mtime_ns, first_seen, last_seen, present)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, 1)
                 ON CONFLICT(path) DO UPDATE SET hash = ?2, size = ?3, mtime_ns = ?4,
                 last_seen = ?5, present = 1",
            )?;
            for (f, rel) in found.iter().zip(&rels) {
                q.execute(params![rel, f.hash, f.size, f.mtime_ns, now])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Story ids by content hash from the last scan, the next free id, and the version of the
    /// story rules that made them (see [`Derived::stories_version`]).
    pub(crate) fn story_ids(&self) -> Result<StoryIds> {
        let mut q = self.conn.prepare("SELECT hash, story FROM story_of")?;
        let ids = q
            .query_map([], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let next = self.meta("next_story")?;
        Ok(StoryIds {
            ids,
            next: next.and_then(|n| n.parse().ok()).unwrap_or(1),
            version: self.meta("stories_version")?,
        })
    }

    fn meta(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Text hashes marked read.
    pub(crate) fn read_texts(&self) -> Result<BTreeSet<String>> {
        let mut q = self.conn.prepare("SELECT text_hash FROM read_texts")?;
        let r = q.query_map([], |r| r.get(0))?;
        Ok(r.collect::<rusqlite::Result<_>>()?)
    }

    /// Every cached derived result (novelty, revision changes) as JSON, by key.
    pub(crate) fn derived_cache(&self) -> Result<BTreeMap<String, String>> {
        let mut q = self.conn.prepare("SELECT key, novel FROM novelty")?;
        let rows = q.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Save what a scan derived (story ids, copy families, new novelty results) and drop cache
    /// entries nothing refers to any more, in one transaction.
    pub(crate) fn save_derived(&mut self, d: &Derived) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM story_of", [])?;
        {
            let mut q = tx.prepare("INSERT INTO story_of (hash, story) VALUES (?1, ?2)")?;
            for (h, s) in &d.stories {
                q.execute(params![h, *s as i64])?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('next_story', ?1)",
            [d.next_story.to_string()],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES ('stories_version', ?1)",
            [d.stories_version],
        )?;
        tx.execute("DELETE FROM copies", [])?;
        {
            let mut q = tx.prepare("INSERT INTO copies (text_hash, family) VALUES (?1, ?2)")?;
            for (t, fam) in &d.families {
                q.execute(params![t, fam])?;
            }
        }
        {
            let mut q =
                tx.prepare("INSERT OR REPLACE INTO novelty (key, novel) VALUES (?1, ?2)")?;
            for (k, v) in &d.new_cache {
                q.execute(params![k, v])?;
            }
        }
        if let Some(keep) = &d.cache_in_use {
            let stale: Vec<String> = {
                let mut q = tx.prepare("SELECT key FROM novelty")?;
                let r = q.query_map([], |r| r.get::<_, String>(0))?;
                r.filter_map(|k| k.ok())
                    .filter(|k| !keep.contains(k))
                    .collect()
            };
            for k in stale {
                tx.execute("DELETE FROM novelty WHERE key = ?1", [k])?;
            }
        }
        tx.execute(
            "DELETE FROM articles WHERE hash NOT IN (SELECT hash FROM files)
             AND hash NOT IN (SELECT seen_hash FROM files WHERE seen_hash IS NOT NULL)",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The story ids the last scan saved.
#[derive(Debug, Default)]
pub(crate) struct StoryIds {
    /// Story id by content hash.
    pub ids: BTreeMap<String, u64>,
    /// The next id to give a new story.
    pub next: u64,
    /// The rules that grouped them; `None` before versions were recorded.
    pub version: Option<String>,
}

/// What a scan derived and wants kept for the next one.
#[derive(Debug, Default)]
pub(crate) struct Derived {
    pub stories: Vec<(String, u64)>,
    pub next_story: u64,
    /// The version of the story rules: stories made under other rules are regrouped from
    /// scratch (their ids carried over by majority), not kept as they are.
    pub stories_version: &'static str,
    pub families: Vec<(String, String)>,
    /// New derived results (novelty, revision changes): key → JSON.
    pub new_cache: Vec<(String, String)>,
    /// Every derived-cache key the scan used; others are deleted. `None` keeps all.
    pub cache_in_use: Option<BTreeSet<String>>,
}
