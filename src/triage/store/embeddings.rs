//! Sentence embeddings in the triage state: the [`EmbeddingStore`] the app uses when a drop has
//! a state, so reopening the drop embeds nothing twice. Rows are (model fingerprint, blake3 of
//! the normalised text) → the vector as little-endian f32s.
//!
//! The app embeds on a thread of its own while the triage worker scans, so this is a second
//! connection to the state file (WAL lets one write while the other reads; a busy timeout
//! covers two writers). It opens only a state a [`Store`] has already opened and brought up to
//! date: it never creates or migrates one.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use super::schema::{APPLICATION_ID, SCHEMA_VERSION};
use super::Store;
use crate::similarity::semantic::cache::{wrong_dimension, EmbeddingStore, Key};
use crate::similarity::semantic::Model;

/// The embeddings of one model in one triage state.
pub struct StateEmbeddings {
    conn: Connection,
    path: PathBuf,
    model: String,
    dim: usize,
}

impl std::fmt::Debug for StateEmbeddings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateEmbeddings")
            .field("path", &self.path)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

fn io(path: &Path, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{}: {e}", path.display()))
}

impl StateEmbeddings {
    /// The vectors of the model with this `fingerprint` and dimension in the state file at
    /// `path`. Errors (naming the file): there is no such file, it is not a triage state, or
    /// its schema is not this build's (open it with [`Store::open`] first, which upgrades it).
    pub fn open(path: &Path, fingerprint: &str, dim: usize) -> std::io::Result<StateEmbeddings> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| io(path, format!("cannot open state file: {e}")))?;
        let pragma = |name: &str| -> std::io::Result<i32> {
            conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
                .map_err(|e| io(path, format!("not a readable state file ({e})")))
        };
        if pragma("application_id")? != APPLICATION_ID {
            return Err(io(path, "not a parallax triage state file"));
        }
        let version = pragma("user_version")?;
        if version != SCHEMA_VERSION {
            return Err(io(
                path,
                format!("state schema {version}, this build keeps embeddings in schema {SCHEMA_VERSION}"),
            ));
        }
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(|e| io(path, e))?;
        Ok(StateEmbeddings {
            conn,
            path: path.to_path_buf(),
            model: fingerprint.to_string(),
            dim,
        })
    }

    /// How many vectors of this model the state holds.
    pub fn len(&self) -> std::io::Result<usize> {
        self.conn
            .query_row(
                "SELECT count(*) FROM embeddings WHERE model = ?1",
                [&self.model],
                |r| r.get::<_, i64>(0),
            )
            .map(|n| n as usize)
            .map_err(|e| io(&self.path, e))
    }

    /// True when the state holds no vector of this model.
    pub fn is_empty(&self) -> std::io::Result<bool> {
        self.len().map(|n| n == 0)
    }
}

/// Where a front keeps a drop's vectors for `model`: the drop's triage state (`state`) when it
/// has one, else the file cache in the data dir. The second value says what went wrong when
/// the state could not be used (then the file cache is) or nothing could (then the vectors
/// serve this run only).
pub fn embedding_store(
    state: Option<&Path>,
    model: &Model,
) -> (Option<Box<dyn EmbeddingStore>>, Option<String>) {
    let mut problem = None;
    if let Some(path) = state {
        match StateEmbeddings::open(path, model.fingerprint(), model.dim()) {
            Ok(e) => return (Some(Box::new(e)), None),
            Err(e) => problem = Some(format!("embeddings not kept in the triage state: {e}")),
        }
    }
    match model.file_cache() {
        Ok(c) => (Some(c), problem),
        Err(e) => (
            None,
            Some(problem.map_or(e.clone(), |p| format!("{p}; {e}"))),
        ),
    }
}

impl Store {
    /// The embeddings of a model kept in this state (a connection of their own, so they can be
    /// used on another thread than the store's).
    pub fn embeddings(&self, fingerprint: &str, dim: usize) -> std::io::Result<StateEmbeddings> {
        StateEmbeddings::open(&self.path, fingerprint, dim)
    }
}

impl EmbeddingStore for StateEmbeddings {
    fn get_many(&mut self, keys: &[Key]) -> std::io::Result<Vec<Option<Vec<f32>>>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT vector FROM embeddings WHERE model = ?1 AND key = ?2")
            .map_err(|e| io(&self.path, e))?;
        let mut out = Vec::with_capacity(keys.len());
        for k in keys {
            let blob: Option<Vec<u8>> = q
                .query_row(params![self.model, &k[..]], |r| r.get(0))
                .optional()
                .map_err(|e| io(&self.path, e))?;
            // A blob of another length is damaged: embed the text again.
            out.push(blob.filter(|b| b.len() == self.dim * 4).map(|b| {
                b.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect()
            }));
        }
        Ok(out)
    }

    fn put_many(&mut self, entries: &[(Key, Vec<f32>)]) -> std::io::Result<()> {
        let at = self.path.display().to_string();
        if let Some((_, v)) = entries.iter().find(|(_, v)| v.len() != self.dim) {
            return Err(wrong_dimension(&at, v.len(), self.dim));
        }
        let tx = self.conn.transaction().map_err(|e| io(&self.path, e))?;
        {
            let mut q = tx
                .prepare(
                    "INSERT OR IGNORE INTO embeddings (model, key, vector) VALUES (?1, ?2, ?3)",
                )
                .map_err(|e| io(&self.path, e))?;
            for (k, v) in entries {
                let blob: Vec<u8> = v.iter().flat_map(|x| x.to_le_bytes()).collect();
                q.execute(params![self.model, &k[..], blob])
                    .map_err(|e| io(&self.path, e))?;
            }
        }
        tx.commit().map_err(|e| io(&self.path, e))
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }

    /// The state serves one drop folder: vectors of texts no longer in it (files deleted or
    /// rewritten) and of other models are dead weight.
    fn retain(&mut self, keep: &[Key]) -> std::io::Result<usize> {
        let err = |e: rusqlite::Error| io(&self.path, e);
        let tx = self.conn.transaction().map_err(err)?;
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS keep_keys (key BLOB PRIMARY KEY); DELETE FROM keep_keys;")
            .map_err(err)?;
        {
            let mut q = tx
                .prepare("INSERT OR IGNORE INTO keep_keys (key) VALUES (?1)")
                .map_err(err)?;
            for k in keep {
                q.execute([&k[..]]).map_err(err)?;
            }
        }
        let n = tx
            .execute(
                "DELETE FROM embeddings WHERE model != ?1 OR key NOT IN (SELECT key FROM keep_keys)",
                [&self.model],
            )
            .map_err(err)?;
        tx.execute("DELETE FROM keep_keys", []).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {

    use super::*;
    use crate::similarity::semantic::cache::key_of;

    fn state() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let t = tempfile::tempdir().unwrap();
        let dir = t.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        let state = t.path().join("state.db");
        (t, dir, state)
    }

    #[test]
    fn vectors_put_by_one_connection_are_read_by_the_next() {
        let (_t, dir, path) = state();
        let store = Store::open(&dir, Some(&path)).unwrap();
        let mut e = store.embeddings("model-a", 3).unwrap();
        assert!(e.is_empty().unwrap());
        let (k1, k2) = (key_of("ushakov said"), key_of("не ближе"));
        e.put_many(&[(k1, vec![0.5, -0.25, 1.0]), (k2, vec![0.0, 1.0, 0.0])])
            .unwrap();
        // The same key again is left as it was.
        e.put_many(&[(k1, vec![9.0, 9.0, 9.0])]).unwrap();
        drop(e);
        let mut again = StateEmbeddings::open(&path, "model-a", 3).unwrap();
        assert_eq!(again.len().unwrap(), 2);
        let got = again.get_many(&[k2, key_of("absent"), k1]).unwrap();
        assert_eq!(
            got,
            vec![Some(vec![0.0, 1.0, 0.0]), None, Some(vec![0.5, -0.25, 1.0])]
        );
        // Another model's vectors are not this one's.
        let mut other = StateEmbeddings::open(&path, "model-b", 3).unwrap();
        assert_eq!(other.get_many(&[k1]).unwrap(), vec![None]);
    }

    #[test]
    fn retain_forgets_texts_gone_from_the_drop_and_other_models() {
        let (_t, dir, path) = state();
        let store = Store::open(&dir, Some(&path)).unwrap();
        let (a, b, c) = (key_of("a"), key_of("b"), key_of("c"));
        let mut old = store.embeddings("old-model", 2).unwrap();
        old.put_many(&[(a, vec![1.0, 0.0])]).unwrap();
        let mut e = store.embeddings("m", 2).unwrap();
        e.put_many(&[
            (a, vec![1.0, 0.0]),
            (b, vec![0.0, 1.0]),
            (c, vec![0.6, 0.8]),
        ])
        .unwrap();
        assert_eq!(e.retain(&[a, c, key_of("not kept yet")]).unwrap(), 2);
        assert_eq!(
            e.get_many(&[a, b, c]).unwrap(),
            vec![Some(vec![1.0, 0.0]), None, Some(vec![0.6, 0.8])]
        );
        assert_eq!(old.len().unwrap(), 0);
        // Again with the same drop: nothing more to forget.
        assert_eq!(e.retain(&[a, c]).unwrap(), 0);
    }

    #[test]
    fn a_vector_of_the_wrong_dimension_is_rejected_and_nothing_of_its_batch_kept() {
        let (_t, dir, path) = state();
        let store = Store::open(&dir, Some(&path)).unwrap();
        let mut e = store.embeddings("m", 2).unwrap();
        let batch = [(key_of("a"), vec![1.0, 0.0]), (key_of("b"), vec![1.0; 384])];
        let err = e.put_many(&batch).unwrap_err().to_string();
        assert!(
            err.contains("384-dimensional") && err.contains("state.db"),
            "{err}"
        );
        assert_eq!(e.len().unwrap(), 0);
        // Read back under another dimension, a stored vector is not returned.
        e.put_many(&batch[..1]).unwrap();
        let mut wide = store.embeddings("m", 3).unwrap();
        assert_eq!(wide.get_many(&[key_of("a")]).unwrap(), vec![None]);
    }

    #[test]
    fn a_state_of_the_previous_schema_opens_keeps_its_pins_and_gains_embeddings() {
        let (_t, dir, path) = state();
        // A state as the previous build (schema 2) left it, with a pin.
        super::super::schema::old_state_with_a_pin(&path, 2);
        assert!(
            StateEmbeddings::open(&path, "m", 2).is_err(),
            "an old state is not used before it is upgraded"
        );
        let store = Store::open(&dir, Some(&path)).unwrap();
        assert!(store.warnings().is_empty(), "{:?}", store.warnings());
        let pins = store.pins().unwrap();
        assert_eq!(pins.len(), 1);
        assert!(pins[0].a.path.ends_with("a.txt") && pins[0].pinned);
        let version: i32 = store
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let mut e = store.embeddings("m", 2).unwrap();
        e.put_many(&[(key_of("x"), vec![0.6, 0.8])]).unwrap();
        assert_eq!(
            e.get_many(&[key_of("x")]).unwrap(),
            vec![Some(vec![0.6, 0.8])]
        );
    }

    #[test]
    fn a_missing_or_foreign_file_is_refused_with_its_path() {
        let (t, _dir, path) = state();
        let err = StateEmbeddings::open(&path, "m", 2)
            .unwrap_err()
            .to_string();
        assert!(err.contains("state.db"), "{err}");
        assert!(!path.exists(), "opening embeddings must not create a state");
        let foreign = t.path().join("other.db");
        Connection::open(&foreign)
            .unwrap()
            .execute_batch("CREATE TABLE t (x)")
            .unwrap();
        let err = StateEmbeddings::open(&foreign, "m", 2)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("other.db") && err.contains("not a parallax"),
            "{err}"
        );
    }
}
