//! The cache of parsed articles and their fingerprints, keyed by file content hash, so a
//! rescan parses only what changed.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use rusqlite::{params, OptionalExtension};

use super::{Cached, Parsed, Store};
use crate::triage::features::{CachedArticle, Features};

impl Store {
    /// Which of `hashes` the cache knows, with their fingerprints. An entry that no longer
    /// decodes is left out, so the file is parsed again rather than failing the scan.
    pub(crate) fn cached(&self, hashes: &BTreeSet<String>) -> Result<BTreeMap<String, Cached>> {
        type Raw = (
            String,
            Option<String>,
            Option<Vec<u8>>,
            Option<Vec<u8>>,
            Option<String>,
        );
        // One pass over the table (it holds only what the drop refers to) beats 5,000 lookups.
        let mut q = self
            .conn
            .prepare("SELECT hash, features, minhash, terms, warning FROM articles")?;
        let raw: Vec<Raw> = q
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .filter(|r| r.as_ref().map_or(true, |r| hashes.contains(&r.0)))
            .collect::<rusqlite::Result<_>>()?;
        use rayon::prelude::*;
        Ok(raw
            .into_par_iter()
            .filter_map(|(h, features, minhash, terms, warning)| {
                let entry = match (features, warning) {
                    (Some(f), _) => {
                        let mut f: Features = serde_json::from_str(&f).ok()?;
                        f.minhash = decode_u32s(&minhash.unwrap_or_default());
                        f.terms = decode_terms(&terms.unwrap_or_default());
                        Cached::Article(Box::new(f))
                    }
                    (None, w) => Cached::Unreadable(w.unwrap_or_else(|| "unreadable".into())),
                };
                Some((h, entry))
            })
            .collect())
    }

    /// A cached parsed article.
    pub(crate) fn article(&self, hash: &str) -> Result<Option<CachedArticle>> {
        let blob: Option<Option<Vec<u8>>> = self
            .conn
            .query_row(
                "SELECT article FROM articles WHERE hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .optional()?;
        match blob.flatten() {
            Some(b) => {
                Ok(Some(serde_json::from_slice(&b).with_context(|| {
                    format!("state cache entry {hash} is damaged")
                })?))
            }
            None => Ok(None),
        }
    }

    /// Add newly parsed articles (or why they failed) to the cache, in one transaction.
    pub(crate) fn put_articles(&mut self, entries: &[(String, Parsed)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut q = tx.prepare(
                "INSERT OR REPLACE INTO articles (hash, text_hash, article, features, minhash,
                 terms, warning) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (hash, entry) in entries {
                match entry {
                    Ok((art, f)) => q.execute(params![
                        hash,
                        f.text_hash,
                        serde_json::to_vec(art)?,
                        serde_json::to_string(f)?,
                        encode_u32s(&f.minhash),
                        encode_terms(&f.terms),
                        Option::<String>::None
                    ])?,
                    Err(w) => q.execute(params![
                        hash,
                        Option::<String>::None,
                        Option::<Vec<u8>>::None,
                        Option::<String>::None,
                        Option::<Vec<u8>>::None,
                        Option::<Vec<u8>>::None,
                        w
                    ])?,
                };
            }
        }
        tx.commit()?;
        Ok(())
    }
}

fn encode_u32s(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn decode_u32s(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

fn encode_terms(v: &[(u64, u32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 12);
    for (t, c) in v {
        out.extend(t.to_le_bytes());
        out.extend(c.to_le_bytes());
    }
    out
}

fn decode_terms(b: &[u8]) -> Vec<(u64, u32)> {
    b.chunks_exact(12)
        .map(|c| {
            let mut t = [0u8; 8];
            t.copy_from_slice(&c[..8]);
            let mut n = [0u8; 4];
            n.copy_from_slice(&c[8..]);
            (u64::from_le_bytes(t), u32::from_le_bytes(n))
        })
        .collect()
}
