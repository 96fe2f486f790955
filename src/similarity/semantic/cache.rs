//! Embedding caches: vectors keyed by the blake3 hash of the normalised text they embed, so
//! reopening a drop embeds nothing twice. [`EmbeddingStore`] is what the semantic scorer asks;
//! [`EmbeddingCache`] (here) keeps one append-only file per model in Parallax's data dir, and the
//! triage state keeps them in its database (`triage::store::embeddings`) when there is one.
//!
//! File layout (little-endian): an 16-byte header (`PLXEMB1\0`, dimension as u32, 4 zero
//! bytes), then fixed-size records of key (32 bytes), `dim` f32s, and the first 8 bytes of the
//! blake3 hash of key and vector. A record whose check bytes do not match (a torn write, a
//! damaged disk) is skipped on load, so a broken cache costs re-embedding, never wrong vectors.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"PLXEMB1\0";
const HEADER: usize = 16;
const CHECK: usize = 8;

/// The cache key of a text: blake3 of its normalised form (see `normalise`).
pub type Key = [u8; 32];

/// The key of an already-normalised text.
pub fn key_of(norm: &str) -> Key {
    *blake3::hash(norm.as_bytes()).as_bytes()
}

/// Somewhere vectors of one model (one fingerprint, one dimension) are kept between runs.
/// Implemented by the file cache and by the triage state; the semantic scorer does not care which.
pub trait EmbeddingStore: Send {
    /// The kept vector for each key, in the same order; `None` where there is none (or it is
    /// damaged: the text is embedded again rather than scored with a wrong vector).
    fn get_many(&mut self, keys: &[Key]) -> std::io::Result<Vec<Option<Vec<f32>>>>;
    /// Keep these vectors. Keys already kept are left as they are. A vector whose length is not
    /// the store's dimension is an error, and nothing of the batch is kept.
    fn put_many(&mut self, entries: &[(Key, Vec<f32>)]) -> std::io::Result<()>;
    /// Where the vectors are, for messages ("/path/to/state.db").
    fn location(&self) -> String;
    /// Forget every vector but those of `keep` (the texts of a drop that is all the store
    /// serves), returning how many were forgotten. A store shared by many drops (the file
    /// cache) keeps everything: the default.
    fn retain(&mut self, keep: &[Key]) -> std::io::Result<usize> {
        let _ = keep;
        Ok(0)
    }
}

/// The error for a vector of the wrong length, naming where it was to go.
pub fn wrong_dimension(location: &str, got: usize, want: usize) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{location}: a {got}-dimensional vector for a cache of {want}-dimensional ones"),
    )
}

/// Embeddings of one model in one append-only file. Opening it reads only the keys (where each
/// record is); a vector is read, and its check bytes verified, when asked for. The file holds
/// every text this machine has embedded, megabytes of vectors of which a run wants a few
/// hundred: loading them all cost more than aligning the seeds.
#[derive(Debug)]
pub struct EmbeddingCache {
    path: PathBuf,
    dim: usize,
    /// Where each record of the file starts.
    index: HashMap<Key, u64>,
    /// Vectors added by this process (kept in memory whether or not the write succeeded).
    added: HashMap<Key, Vec<f32>>,
    /// The file, open for reading records, once it exists.
    file: Option<File>,
    /// Records found damaged: a torn tail on open, wrong check bytes when read.
    pub damaged: usize,
}

impl EmbeddingCache {
    /// The cache file for a model in `dir` (created with its folder on first write).
    /// `fingerprint` (the model's hash) names the file, so two models never share vectors.
    pub fn open(dir: &Path, fingerprint: &str, dim: usize) -> std::io::Result<EmbeddingCache> {
        let short: String = fingerprint.chars().take(16).collect();
        let path = dir.join(format!("{short}.bin"));
        let mut cache = EmbeddingCache {
            path,
            dim,
            index: HashMap::new(),
            added: HashMap::new(),
            file: None,
            damaged: 0,
        };
        cache.load_index()?;
        Ok(cache)
    }

    /// Where the vectors live.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of cached vectors (records not yet read are counted: they may prove damaged).
    pub fn len(&self) -> usize {
        self.index.len()
            + self
                .added
                .keys()
                .filter(|k| !self.index.contains_key(*k))
                .count()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cached vector for `key`: `None` when there is none, or its record is damaged (it
    /// is then forgotten, so the text is embedded again).
    pub fn get(&mut self, key: &Key) -> Option<Vec<f32>> {
        if let Some(v) = self.added.get(key) {
            return Some(v.clone());
        }
        let at = *self.index.get(key)?;
        match self.read_record(at) {
            Some(v) => Some(v),
            None => {
                self.index.remove(key);
                self.damaged += 1;
                None
            }
        }
    }

    fn record_len(&self) -> usize {
        32 + self.dim * 4 + CHECK
    }

    /// The vector of the record at `at`, if it reads whole and its check bytes match.
    fn read_record(&self, at: u64) -> Option<Vec<f32>> {
        use std::os::unix::fs::FileExt;
        let mut rec = vec![0u8; self.record_len()];
        self.file.as_ref()?.read_exact_at(&mut rec, at).ok()?;
        if !check_ok(&rec) {
            return None;
        }
        Some(
            rec[32..rec.len() - CHECK]
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// Read the header and every record's key, through one buffer (no copy of the whole file).
    fn load_index(&mut self) -> std::io::Result<()> {
        let file = match File::open(&self.path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        let len = file.metadata()?.len();
        let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
        let mut header = [0u8; HEADER];
        let ok = reader.read_exact(&mut header).is_ok()
            && &header[..8] == MAGIC
            && dim_of(&header) == Some(self.dim);
        if !ok {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "{}: not a Parallax embedding cache for {}-dimensional vectors",
                    self.path.display(),
                    self.dim
                ),
            ));
        }
        let n = self.record_len() as u64;
        let records = (len - HEADER as u64) / n;
        if !(len - HEADER as u64).is_multiple_of(n) {
            self.damaged += 1; // a torn tail: the last write did not finish
        }
        let mut rec = vec![0u8; n as usize];
        for i in 0..records {
            reader.read_exact(&mut rec)?;
            let mut key = [0u8; 32];
            key.copy_from_slice(&rec[..32]);
            self.index.entry(key).or_insert(HEADER as u64 + i * n);
        }
        self.file = Some(file);
        Ok(())
    }

    /// Add vectors and append the new ones to the file in one write. Vectors already cached
    /// are left; one of the wrong length rejects the batch. On a write error the vectors stay
    /// cached in memory.
    pub fn insert_all(&mut self, entries: &[(Key, Vec<f32>)]) -> std::io::Result<()> {
        if let Some((_, v)) = entries.iter().find(|(_, v)| v.len() != self.dim) {
            let at = self.path.display().to_string();
            return Err(wrong_dimension(&at, v.len(), self.dim));
        }
        let mut out = Vec::new();
        for (key, v) in entries {
            if self.index.contains_key(key) || self.added.contains_key(key) {
                continue;
            }
            let start = out.len();
            out.extend_from_slice(key);
            for x in v {
                out.extend_from_slice(&x.to_le_bytes());
            }
            let check = blake3::hash(&out[start..]);
            out.extend_from_slice(&check.as_bytes()[..CHECK]);
            self.added.insert(*key, v.clone());
        }
        if out.is_empty() {
            return Ok(());
        }
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        if f.metadata()?.len() == 0 {
            let mut header = Vec::with_capacity(HEADER);
            header.extend_from_slice(MAGIC);
            header.extend_from_slice(&(self.dim as u32).to_le_bytes());
            header.extend_from_slice(&[0; 4]);
            out.splice(0..0, header);
        }
        // One write call with O_APPEND: concurrent writers interleave whole batches, and a torn
        // record is caught by its check bytes when read.
        f.write_all(&out)
    }
}

impl EmbeddingStore for EmbeddingCache {
    fn get_many(&mut self, keys: &[Key]) -> std::io::Result<Vec<Option<Vec<f32>>>> {
        Ok(keys.iter().map(|k| self.get(k)).collect())
    }

    fn put_many(&mut self, entries: &[(Key, Vec<f32>)]) -> std::io::Result<()> {
        self.insert_all(entries)
    }

    fn location(&self) -> String {
        self.path.display().to_string()
    }
}

fn dim_of(bytes: &[u8]) -> Option<usize> {
    let d = bytes.get(8..12)?;
    Some(u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize)
}

fn check_ok(rec: &[u8]) -> bool {
    let (data, check) = rec.split_at(rec.len() - CHECK);
    &blake3::hash(data).as_bytes()[..CHECK] == check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_written_by_one_run_are_read_by_the_next() {
        let t = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(t.path(), "abcdef0123456789ff", 3).unwrap();
        assert!(c.is_empty());
        let k = key_of("ushakov said");
        c.insert_all(&[(k, vec![0.5, -0.25, 1.0])]).unwrap();
        c.insert_all(&[(key_of("другой"), vec![0.0, 1.0, 0.0])])
            .unwrap();
        let mut again = EmbeddingCache::open(t.path(), "abcdef0123456789ff", 3).unwrap();
        assert_eq!(again.len(), 2);
        assert_eq!(again.get(&k), Some(vec![0.5, -0.25, 1.0]));
        assert_eq!(again.damaged, 0);
        assert!(again.path().ends_with("abcdef0123456789.bin"));
    }

    #[test]
    fn a_damaged_record_is_skipped_and_the_others_survive() {
        let t = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(t.path(), "fp", 2).unwrap();
        c.insert_all(&[(key_of("a"), vec![1.0, 0.0]), (key_of("b"), vec![0.0, 1.0])])
            .unwrap();
        let mut bytes = std::fs::read(c.path()).unwrap();
        bytes[HEADER + 33] ^= 0xff; // inside the first record's vector
        bytes.extend_from_slice(&[1, 2, 3]); // a torn tail
        std::fs::write(c.path(), bytes).unwrap();
        let mut again = EmbeddingCache::open(t.path(), "fp", 2).unwrap();
        assert_eq!(again.damaged, 1, "the torn tail is seen on open");
        assert_eq!(again.get(&key_of("a")), None);
        assert_eq!(again.get(&key_of("b")), Some(vec![0.0, 1.0]));
        assert_eq!(again.damaged, 2, "the bad record is seen when read");
        // Forgotten once found damaged: it is embedded and written again.
        again.insert_all(&[(key_of("a"), vec![1.0, 0.0])]).unwrap();
        assert_eq!(again.get(&key_of("a")), Some(vec![1.0, 0.0]));
    }

    #[test]
    fn a_cache_of_another_dimension_is_refused_with_its_path() {
        let t = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(t.path(), "fp", 2).unwrap();
        c.insert_all(&[(key_of("a"), vec![1.0, 0.0])]).unwrap();
        let e = EmbeddingCache::open(t.path(), "fp", 384).unwrap_err();
        assert!(e.to_string().contains("fp.bin"), "{e}");
    }

    #[test]
    fn a_vector_of_the_wrong_dimension_is_rejected_with_the_whole_batch() {
        let t = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(t.path(), "fp", 2).unwrap();
        let batch = [
            (key_of("a"), vec![1.0, 0.0]),
            (key_of("b"), vec![1.0, 0.0, 0.0]),
        ];
        let e = c.put_many(&batch).unwrap_err();
        assert!(e.to_string().contains("3-dimensional"), "{e}");
        let got = c.get_many(&[key_of("a"), key_of("b")]).unwrap();
        assert_eq!(got, vec![None, None]);
        c.put_many(&batch[..1]).unwrap();
        assert_eq!(
            c.get_many(&[key_of("a")]).unwrap(),
            vec![Some(vec![1.0, 0.0])]
        );
    }
}
