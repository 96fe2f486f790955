//! Pins the reader set in the app, as the triage state keeps them: each paragraph named by its
//! file path and a hash of its text, so a pin survives re-indexing (paragraphs added before it,
//! files added to the drop) and lapses when its paragraph's text changes.

use serde::{Deserialize, Serialize};

use crate::align::{groups::ordered, Member, Pins};
use crate::article::Article;

/// A paragraph by file and text: the drop-independent name of a [`Member`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ParaKey {
    /// The file's path as the app shows it (the drop folder joined with the name).
    pub path: String,
    /// blake3 (hex) of the paragraph's text.
    pub hash: String,
}

/// One pin: two paragraphs the reader said correspond (`pinned`) or do not (`!pinned`).
/// `a < b`, so one pair has one record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PinRecord {
    pub a: ParaKey,
    pub b: ParaKey,
    pub pinned: bool,
}

/// The key of paragraph `paragraph` of `article`; `None` if it has no such paragraph.
pub fn key(article: &Article, paragraph: usize) -> Option<ParaKey> {
    let p = article.paragraphs.get(paragraph)?;
    Some(ParaKey {
        path: article.path.clone(),
        hash: blake3::hash(p.text.as_bytes()).to_hex().to_string(),
    })
}

/// The record of a pin (or unpin) between two paragraphs of `articles`.
pub fn record(articles: &[Article], x: Member, y: Member, pinned: bool) -> Option<PinRecord> {
    let kx = key(articles.get(x.article)?, x.paragraph)?;
    let ky = key(articles.get(y.article)?, y.paragraph)?;
    let (a, b) = if kx <= ky { (kx, ky) } else { (ky, kx) };
    Some(PinRecord { a, b, pinned })
}

/// The pins of `records` that name paragraphs of `articles`, as aligner input. A paragraph is
/// found by path (spelled either way: `./drop/a.txt` or `drop/a.txt`) and text; if its text
/// occurs twice in the file, the first. Records naming anything missing are left out.
pub fn resolve(records: &[PinRecord], articles: &[Article]) -> Pins {
    let find = |k: &ParaKey| -> Option<Member> {
        let article = articles.iter().position(|a| same_path(&a.path, &k.path))?;
        let paragraph = (0..articles[article].paragraphs.len())
            .find(|&p| key(&articles[article], p).is_some_and(|pk| pk.hash == k.hash))?;
        Some(Member { article, paragraph })
    };
    let mut pins = Pins::default();
    for r in records {
        let (Some(x), Some(y)) = (find(&r.a), find(&r.b)) else {
            continue;
        };
        if x.article == y.article {
            continue;
        }
        let pair = ordered(x, y);
        if r.pinned {
            pins.pinned.push(pair);
        } else {
            pins.unpinned.push(pair);
        }
    }
    pins.pinned.sort();
    pins.pinned.dedup();
    pins.unpinned.sort();
    pins.unpinned.dedup();
    pins
}

/// Two spellings of one file's path (`./drop/a.txt`, `drop/a.txt`).
pub fn same_path(a: &str, b: &str) -> bool {
    path_key(a) == path_key(b)
}

/// A path in the one spelling [`same_path`] compares: its components, `.` left out, joined
/// with `/` (a key for maps of paths).
pub fn path_key(p: &str) -> String {
    use std::path::{Component, Path};
    Path::new(p)
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(path: &str, text: &str) -> Article {
        article_from_bytes(path, text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    #[test]
    fn pins_follow_paragraph_text_not_position() {
        let a = art(
            "d/a.txt",
            "Title A\n\nFirst claim here today.\n\nSecond claim here.\n",
        );
        let b = art("d/b.txt", "Title B\n\nOther words entirely.\n");
        let m = |article, paragraph| Member { article, paragraph };
        let at = |x: &Article, text: &str| {
            x.paragraphs
                .iter()
                .position(|p| p.text.contains(text))
                .unwrap()
        };
        let (pa, pb) = (at(&a, "First claim"), at(&b, "Other words"));
        let rec = record(&[a.clone(), b.clone()], m(0, pa), m(1, pb), true).unwrap();
        // Re-indexed: a new paragraph before it in a, and a new file first in the drop.
        let a2 = art(
            "./d/a.txt",
            "Title A\n\nA new lead.\n\nFirst claim here today.\n\nSecond claim here.\n",
        );
        let c = art("d/c.txt", "Title C\n\nSomething.\n");
        let pa2 = at(&a2, "First claim");
        assert_eq!(pa2, pa + 1, "the new lead comes before it");
        let pins = resolve(std::slice::from_ref(&rec), &[c.clone(), b.clone(), a2]);
        assert_eq!(pins.pinned, vec![(m(1, pb), m(2, pa2))]);
        assert!(pins.unpinned.is_empty());
        // The paragraph's text changed: the pin lapses rather than landing elsewhere.
        let a3 = art(
            "d/a.txt",
            "Title A\n\nFirst claim here, edited.\n\nSecond claim here.\n",
        );
        assert_eq!(resolve(&[rec], &[a3, b]), Pins::default());
    }
}
