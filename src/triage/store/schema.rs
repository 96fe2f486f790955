//! The state file's schema and how it is opened: migrations by `PRAGMA user_version`, an
//! application id so a foreign SQLite file is recognised, and moving a bad file aside.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use rusqlite::Connection;

use super::now;

/// "PRLX": marks a state file as ours (`PRAGMA application_id`).
pub(super) const APPLICATION_ID: i32 = 0x5052_4c58;
/// The schema this build writes; `MIGRATIONS[i]` upgrades version i to i + 1.
pub(super) const SCHEMA_VERSION: i32 = 4;
pub(super) const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE files (
    path TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    seen_hash TEXT,
    present INTEGER NOT NULL DEFAULT 1,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE articles (
    hash TEXT PRIMARY KEY,
    text_hash TEXT,
    article BLOB,
    features TEXT,
    minhash BLOB,
    terms BLOB,
    warning TEXT
);
CREATE INDEX articles_text ON articles(text_hash);
CREATE TABLE read_texts (text_hash TEXT PRIMARY KEY, at INTEGER NOT NULL);
CREATE TABLE copies (text_hash TEXT PRIMARY KEY, family TEXT NOT NULL);
CREATE TABLE story_of (hash TEXT PRIMARY KEY, story INTEGER NOT NULL);
CREATE TABLE novelty (key TEXT PRIMARY KEY, novel TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"#,
    r#"
CREATE TABLE pins (
    a_path TEXT NOT NULL,
    a_hash TEXT NOT NULL,
    b_path TEXT NOT NULL,
    b_hash TEXT NOT NULL,
    pinned INTEGER NOT NULL,
    PRIMARY KEY (a_path, a_hash, b_path, b_hash)
);
"#,
    // Sentence embeddings (see `embeddings.rs`): model fingerprint, blake3 of the normalised
    // text, little-endian f32s.
    r#"
CREATE TABLE embeddings (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
"#,
    // Outlet names the reader gave in the app (`outlets.rs`), by path relative to the drop;
    // they override drop.toml and what the file says.
    r#"
CREATE TABLE outlet_names (
    path TEXT PRIMARY KEY,
    outlet TEXT NOT NULL
);
"#,
];

pub(super) enum Problem {
    /// Cannot go on (no permission, newer schema): reported as an error.
    Fatal(anyhow::Error),
    /// The file is corrupt or not ours: moved aside and rebuilt.
    Bad(String),
}

/// Open the state file, check it is ours and intact, and bring its schema up to date.
pub(super) fn open_checked(path: &Path) -> std::result::Result<Connection, Problem> {
    let bad = |e: rusqlite::Error| Problem::Bad(format!("not a readable state file ({e})"));
    let existed = std::fs::metadata(path)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    let conn = Connection::open(path).map_err(|e| {
        Problem::Fatal(anyhow::anyhow!(
            "{}: cannot open state file: {e}",
            path.display()
        ))
    })?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(bad)?;
    if check != "ok" {
        return Err(Problem::Bad(format!("state file is corrupt ({check})")));
    }
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(bad)?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(bad)?;
    if existed && app != APPLICATION_ID && tables > 0 {
        return Err(Problem::Bad("not a parallax triage state file".into()));
    }
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(bad)?;
    // WAL + NORMAL: a crashed process loses nothing committed; only power loss can drop the
    // last transaction, which the next scan redoes.
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(bad)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .map_err(bad)?;
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(bad)?;
    if version > SCHEMA_VERSION {
        return Err(Problem::Fatal(anyhow::anyhow!(
            "{}: state written by a newer parallax (schema {version}, this build knows {SCHEMA_VERSION})",
            path.display()
        )));
    }
    for (v, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let batch = format!(
            "BEGIN; {sql} PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID}; COMMIT;",
            v + 1
        );
        conn.execute_batch(&batch)
            .map_err(|e| Problem::Bad(format!("cannot upgrade state schema to {} ({e})", v + 1)))?;
    }
    Ok(conn)
}

/// A state file as an older build left it: the first `schema` migrations applied, and one pin.
#[cfg(test)]
pub(super) fn old_state_with_a_pin(path: &Path, schema: usize) {
    let c = Connection::open(path).unwrap();
    for (v, sql) in MIGRATIONS.iter().take(schema).enumerate() {
        c.execute_batch(&format!(
            "BEGIN; {sql} PRAGMA user_version = {}; PRAGMA application_id = {APPLICATION_ID}; COMMIT;",
            v + 1
        ))
        .unwrap();
    }
    c.execute(
        "INSERT INTO pins VALUES ('a.txt', 'h1', 'b.txt', 'h2', 1)",
        [],
    )
    .unwrap();
}

/// Move a bad state file (and its WAL/SHM companions) aside; returns the new name.
pub(super) fn move_aside(path: &Path) -> Result<PathBuf> {
    let stamp = now();
    let mut aside = PathBuf::from(format!("{}.corrupt-{stamp}", path.display()));
    let mut n = 1;
    while aside.exists() {
        aside = PathBuf::from(format!("{}.corrupt-{stamp}-{n}", path.display()));
        n += 1;
    }
    std::fs::rename(path, &aside)
        .with_context(|| format!("{}: cannot move bad state file aside", path.display()))?;
    for ext in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{ext}", path.display()));
        if side.exists() {
            let _ = std::fs::rename(&side, format!("{}{ext}", aside.display()));
        }
    }
    Ok(aside)
}
