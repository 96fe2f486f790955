//! Novelty: which paragraphs of an article have no counterpart elsewhere in its story, judged
//! by the alignment (`align::diff_articles`) so the Triage view, `parallax diff` and
//! `parallax align` agree on what counts as a counterpart.

use crate::align;
use crate::article::Article;

/// How many of the story's most similar other articles a paragraph is looked for in. A
/// counterpart is almost always in the closest articles; bounding this keeps a 40-article story
/// at 8 alignments per article instead of 39.
pub const NEIGHBOURS: usize = 8;
/// Bump when the alignment or this rule changes, so cached results are recomputed.
const VERSION: &str = "novelty-1";

/// Cache key of the novelty of the article with content hash `hash` against `neighbours`.
pub fn key(hash: &str, neighbours: &[&str]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(VERSION.as_bytes());
    h.update(hash.as_bytes());
    let mut n = neighbours.to_vec();
    n.sort_unstable();
    for x in n {
        h.update(b"|");
        h.update(x.as_bytes());
    }
    format!("n:{}", h.finalize().to_hex())
}

/// Paragraphs of `article` (ascending indices) that pair with no paragraph of any of `others`.
pub fn novel_paragraphs(article: &Article, others: &[&Article]) -> Vec<usize> {
    let mut novel: Vec<bool> = vec![true; article.paragraphs.len()];
    for o in others {
        let d = align::diff_articles(article, o);
        for p in &d.pairs {
            if let Some(n) = novel.get_mut(p.left) {
                *n = false;
            }
        }
        if !novel.iter().any(|&n| n) {
            break;
        }
    }
    novel
        .iter()
        .enumerate()
        .filter(|(_, &n)| n)
        .map(|(i, _)| i)
        .collect()
}

/// The novelty figure: share of paragraphs that are novel, in [0, 1] (0 for an empty article).
pub fn share(novel: usize, paragraphs: usize) -> f32 {
    if paragraphs == 0 {
        0.0
    } else {
        novel as f32 / paragraphs as f32
    }
}
