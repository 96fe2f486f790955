//! Reading one file from disk, within a size limit that is checked before reading. Every read
//! of an article file (load, triage scan, the walk's sniff) goes through here, so documents in
//! formats Parallax cannot read are named the same way everywhere.

use std::io::Read;
use std::path::Path;

use super::detect::Document;
use super::LoadError;

/// Files larger than this are skipped with a warning: no article is 32 MB of text, and a drop
/// must not be able to exhaust memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Read a whole file, refusing anything over [`MAX_FILE_BYTES`] without reading it.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let meta = file.metadata().map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(LoadError::NotAFile);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooBig { bytes: meta.len() });
    }
    // The size can change between the check and the read (a file being written): read at
    // most one byte past the limit so a growing file cannot exhaust memory either.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot_read)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooBig {
            bytes: bytes.len() as u64,
        });
    }
    // A PDF or Word file under an article's name: say what it is, not "binary file".
    if let Some(doc) = Document::by_content(&bytes) {
        return Err(LoadError::Unsupported(doc));
    }
    Ok(bytes)
}

/// The first `n` bytes of a file (fewer if it is shorter), for sniffing what it holds.
pub fn read_head(path: &Path, n: usize) -> Result<Vec<u8>, LoadError> {
    let file = std::fs::File::open(path).map_err(cannot_read)?;
    let mut head = Vec::with_capacity(n);
    file.take(n as u64)
        .read_to_end(&mut head)
        .map_err(cannot_read)?;
    Ok(head)
}

fn cannot_read(e: std::io::Error) -> LoadError {
    LoadError::CannotRead(e.into())
}

/// A byte count as people read it: "200.0 MB", "512 bytes".
pub(super) fn human_size(n: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if n >= MB {
        let mb = n as f64 / MB as f64;
        if n.is_multiple_of(MB) {
            format!("{} MB", n / MB)
        } else {
            format!("{mb:.1} MB")
        }
    } else if n >= 1024 {
        format!("{:.1} KB", n as f64 / 1024.0)
    } else {
        format!("{n} bytes")
    }
}
