//! A model's identity without loading it: the fingerprint cached vectors are keyed by (the
//! blake3 of its three files, as [`Embedder`](super::embed::Embedder) computes it) and the
//! vectors' length (`hidden_size` in `config.json`).
//!
//! Hashing the 90 MB of weights costs more than aligning the seeds from cached vectors, so the
//! fingerprint is remembered in the data dir beside the size and modification time of each
//! file, as git's index remembers file hashes: while none of the three changes, a run learns
//! the fingerprint from a few `stat` calls and never reads the weights. No model code here, so
//! this builds without the `semantic` feature.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::description::{Description, DESCRIPTION_FILE};
use super::locate::{self, REQUIRED_FILES};

/// What cached vectors of a model are filed under, and what Parallax knows of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    /// blake3 of `config.json`, `tokenizer.json`, `model.safetensors` and, when there is one,
    /// the description file, in that order.
    pub fingerprint: String,
    /// Length of every vector (`hidden_size`).
    pub dim: usize,
    /// Name, prefix, calibration (a small file: read every time).
    pub description: Description,
}

/// The identity of the model in `dir`, from the remembered fingerprint when the files are
/// unchanged, else by hashing them (and remembering it, when the data dir is writable). Every
/// error names the file and what is wrong with it.
pub fn identify(dir: &Path) -> Result<Identity, String> {
    identify_remembering_in(dir, locate::data_dir().as_deref())
}

/// [`identify`], the fingerprint remembered under `data_dir` when given.
fn identify_remembering_in(dir: &Path, data_dir: Option<&Path>) -> Result<Identity, String> {
    let config_path = dir.join("config.json");
    let config = std::fs::read_to_string(&config_path)
        .map_err(|e| format!("{}: cannot read: {e}", config_path.display()))?;
    let dim = hidden_size(&config)
        .ok_or_else(|| format!("{}: no `hidden_size`", config_path.display()))?;
    let description = Description::read(dir)?;
    let stamp = stamp(dir)?;
    let memo = data_dir.map(|d| memo_path(d, &stamp));
    let fingerprint = match memo.as_deref().and_then(remembered) {
        Some(f) => f,
        None => {
            let f = hash_files(dir)?;
            if let Some(memo) = memo {
                // Best effort: a data dir that cannot be written costs a hash per run.
                let _ = remember(&memo, &f);
            }
            f
        }
    };
    Ok(Identity {
        fingerprint,
        dim,
        description,
    })
}

/// The files a fingerprint covers: the three the embedder loads, then the description file
/// when there is one (a folder without it hashes as before the file existed).
fn hashed_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = REQUIRED_FILES.iter().map(|f| dir.join(f.name)).collect();
    let description = dir.join(DESCRIPTION_FILE);
    if description.is_file() {
        files.push(description);
    }
    files
}

/// blake3 of [`hashed_files`], streamed in the order the embedder hashes them.
pub fn hash_files(dir: &Path) -> Result<String, String> {
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 20];
    for path in hashed_files(dir) {
        let mut file = std::fs::File::open(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
    }
    Ok(hasher.finalize().to_hex().to_string())
}

fn hidden_size(config: &str) -> Option<usize> {
    let v: serde_json::Value = serde_json::from_str(config).ok()?;
    v.get("hidden_size")?.as_u64().map(|n| n as usize)
}

/// The folder's canonical path and each file's size and modification time, as one line.
fn stamp(dir: &Path) -> Result<String, String> {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut s = canonical.display().to_string();
    for path in hashed_files(dir) {
        let meta = std::fs::metadata(&path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        s.push_str(&format!("\t{name}:{}:{mtime}", meta.len()));
    }
    Ok(s)
}

/// Where the fingerprint of files with this `stamp` is remembered.
fn memo_path(data_dir: &Path, stamp: &str) -> PathBuf {
    let key = blake3::hash(stamp.as_bytes()).to_hex();
    data_dir
        .join("models")
        .join("fingerprints")
        .join(&key.as_str()[..32])
}

fn remembered(memo: &Path) -> Option<String> {
    let s = std::fs::read_to_string(memo).ok()?;
    let s = s.trim();
    (s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())).then(|| s.to_string())
}

/// Write the memo through a temporary file, so a reader never sees half of one.
fn remember(memo: &Path, fingerprint: &str) -> std::io::Result<()> {
    let dir = memo.parent().unwrap_or(memo);
    std::fs::create_dir_all(dir)?;
    let tmp = memo.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, fingerprint)?;
    std::fs::rename(&tmp, memo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_model(dir: &Path, weights: &[u8]) {
        std::fs::write(dir.join("config.json"), r#"{"hidden_size": 8}"#).unwrap();
        std::fs::write(dir.join("tokenizer.json"), "{}").unwrap();
        std::fs::write(dir.join("model.safetensors"), weights).unwrap();
    }

    #[test]
    fn the_fingerprint_hashes_the_three_files_in_order() {
        let t = tempfile::tempdir().unwrap();
        fake_model(t.path(), b"weights");
        let mut h = blake3::Hasher::new();
        h.update(br#"{"hidden_size": 8}"#);
        h.update(b"{}");
        h.update(b"weights");
        assert_eq!(
            hash_files(t.path()).unwrap(),
            h.finalize().to_hex().to_string()
        );
    }

    #[test]
    fn a_description_file_is_hashed_after_the_three_and_read_into_the_identity() {
        let t = tempfile::tempdir().unwrap();
        fake_model(t.path(), b"weights");
        let without = hash_files(t.path()).unwrap();
        let d = Description::e5_small();
        d.write(t.path()).unwrap();
        let text = std::fs::read(t.path().join(DESCRIPTION_FILE)).unwrap();
        let mut h = blake3::Hasher::new();
        h.update(br#"{"hidden_size": 8}"#);
        h.update(b"{}");
        h.update(b"weights");
        h.update(&text);
        let with = hash_files(t.path()).unwrap();
        assert_eq!(with, h.finalize().to_hex().to_string());
        assert_ne!(with, without);
        let id = identify_remembering_in(t.path(), None).unwrap();
        assert_eq!(id.description, d);
        assert_eq!(id.fingerprint, with);
    }

    #[test]
    fn a_remembered_fingerprint_is_used_while_the_files_keep_size_and_time() {
        let t = tempfile::tempdir().unwrap();
        let model = t.path().join("m");
        std::fs::create_dir(&model).unwrap();
        fake_model(&model, b"weights");
        let first = stamp(&model).unwrap();
        let memo = memo_path(t.path(), &first);
        remember(&memo, &"a".repeat(64)).unwrap();
        assert_eq!(
            remembered(&memo_path(t.path(), &first)),
            Some("a".repeat(64))
        );
        // Another size is another stamp: the memo does not answer for changed weights.
        fake_model(&model, b"other weights");
        assert_ne!(stamp(&model).unwrap(), first);
    }

    #[test]
    fn a_damaged_memo_is_not_believed() {
        let t = tempfile::tempdir().unwrap();
        let memo = t.path().join("memo");
        std::fs::write(&memo, "not a hash").unwrap();
        assert_eq!(remembered(&memo), None);
    }

    #[test]
    fn a_config_without_hidden_size_is_named() {
        let t = tempfile::tempdir().unwrap();
        fake_model(t.path(), b"w");
        std::fs::write(t.path().join("config.json"), "{}").unwrap();
        let e = identify_remembering_in(t.path(), None).unwrap_err();
        assert!(
            e.contains("config.json") && e.contains("hidden_size"),
            "{e}"
        );
    }
}
