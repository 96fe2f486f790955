//! Alignment: which paragraphs of two articles (or of a whole drop) say the same thing, what
//! changed word by word, which quotes and facts disagree.
//!
//! The types here are the `parallax diff --json` and `parallax align --json` contracts.

use serde::{Deserialize, Serialize};

use std::time::Duration;

use crate::article::Article;
use crate::similarity::{ParagraphRef, Weighted};

pub mod discrepancy;
pub mod pair;
pub mod score;
pub mod worddiff;

use pair::{decide, matching_sentences, moved, Scored};
use score::Scorers;
use worddiff::word_diff;

/// How to align: which scorers beside the lexical one, and how long a word diff may take.
///
/// `AlignOptions::default()` is lexical only. To add the semantic scorer:
/// `AlignOptions { extra: vec![Weighted { scorer: &semantic, weight: 1.0 }], ..Default::default() }`.
#[derive(Debug, Clone)]
pub struct AlignOptions<'s> {
    /// Scorers combined with the lexical one (weighted mean per candidate pair).
    pub extra: Vec<Weighted<'s>>,
    /// Weight of the lexical score in that mean.
    pub lexical_weight: f32,
    /// The most time one word diff may take before `similar` falls back to a coarser diff.
    pub diff_deadline: Duration,
}

impl Default for AlignOptions<'_> {
    fn default() -> Self {
        AlignOptions {
            extra: Vec::new(),
            lexical_weight: 1.0,
            // A paragraph diff normally takes microseconds; 50 ms bounds pathological inputs.
            diff_deadline: Duration::from_millis(50),
        }
    }
}

/// One operation of a word-level diff of two paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    /// `equal`, `delete` (left only) or `insert` (right only).
    pub op: DiffKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Equal,
    Delete,
    Insert,
}

/// Two corresponding paragraphs, `left` in the left article and `right` in the right one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub left: usize,
    pub right: usize,
    /// Similarity in [0, 1], comparable across article pairs.
    pub score: f32,
    /// Matching sentence pairs: (sentence index in left paragraph, in right paragraph).
    pub sentences: Vec<(usize, usize)>,
    pub diff: Vec<DiffOp>,
    /// The pair breaks the reading order of both articles.
    pub moved: bool,
}

/// What kind of fact disagrees between two aligned paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    Number,
    Date,
    Name,
    Quote,
}

/// A fact that the two sides of an aligned pair report differently, with both snippets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    pub left: usize,
    pub right: usize,
    pub kind: DiscrepancyKind,
    pub left_text: String,
    pub right_text: String,
}

/// The alignment of two articles: `parallax diff`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAlignment {
    pub pairs: Vec<Pair>,
    pub left_only: Vec<usize>,
    pub right_only: Vec<usize>,
    pub discrepancies: Vec<Discrepancy>,
}

/// A paragraph of a drop: `article` indexes the drop's articles, `paragraph` that article's paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Member {
    pub article: usize,
    pub paragraph: usize,
}

/// Paragraphs of several articles that say the same thing ("this claim is covered by X, Y, Z").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: usize,
    pub members: Vec<Member>,
    pub score: f32,
}

/// One rendering of a quote in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub article: usize,
    pub paragraph: usize,
    pub text: String,
}

/// The renderings of the same quote across outlets: a quote lineup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub speaker: Option<String>,
    pub variants: Vec<QuoteVariant>,
}

/// A discrepancy located in a drop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropDiscrepancy {
    pub kind: DiscrepancyKind,
    pub left: Member,
    pub right: Member,
    pub left_text: String,
    pub right_text: String,
}

/// The N-way alignment of a drop: `parallax align`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropAlignment {
    pub groups: Vec<Group>,
    pub unique: Vec<Member>,
    pub quotes: Vec<QuoteGroup>,
    pub discrepancies: Vec<DropDiscrepancy>,
    /// `lexical` or `lexical+semantic`.
    pub similarity: String,
}

/// Align two articles with the lexical scorer (see [`diff_articles_with`]).
pub fn diff_articles(left: &Article, right: &Article) -> PairAlignment {
    diff_articles_with(left, right, &AlignOptions::default())
}

/// Align two articles: every corresponding paragraph pair with its score, matching sentences,
/// word diff and `moved` flag; the paragraphs with no counterpart on each side; and the facts
/// the pairs report differently. Every paragraph pair of the same kind is a candidate.
pub fn diff_articles_with(left: &Article, right: &Article, opts: &AlignOptions) -> PairAlignment {
    let articles = [left.clone(), right.clone()];
    let scorers = Scorers::prepare(&articles, opts);
    let cands: Vec<Scored> = (0..left.paragraphs.len())
        .flat_map(|i| (0..right.paragraphs.len()).map(move |j| (i, j)))
        .filter_map(|(i, j)| {
            let (score, sentences) = scorers.pair(pref(0, i), pref(1, j));
            (score > 0.0).then_some(Scored {
                left: i,
                right: j,
                score,
                sentences,
            })
        })
        .collect();
    pair_alignment(left, right, &cands, opts)
}

fn pref(article: usize, paragraph: usize) -> ParagraphRef {
    ParagraphRef {
        article,
        paragraph,
    }
}

/// Turn scored candidates of two articles into their alignment.
fn pair_alignment(
    left: &Article,
    right: &Article,
    cands: &[Scored],
    opts: &AlignOptions,
) -> PairAlignment {
    let mut chosen: Vec<&Scored> = decide(cands, left.paragraphs.len(), right.paragraphs.len())
        .into_iter()
        .map(|k| &cands[k])
        .collect();
    chosen.sort_by_key(|c| (c.left, c.right));
    let coords: Vec<(usize, usize)> = chosen.iter().map(|c| (c.left, c.right)).collect();
    let moved_flags = moved(&coords);
    let pairs: Vec<Pair> = chosen
        .iter()
        .zip(moved_flags)
        .map(|(c, moved)| Pair {
            left: c.left,
            right: c.right,
            score: c.score,
            sentences: matching_sentences(&c.sentences),
            diff: word_diff(
                &left.paragraphs[c.left].text,
                &right.paragraphs[c.right].text,
                opts.diff_deadline,
            ),
            moved,
        })
        .collect();
    let left_only = (0..left.paragraphs.len())
        .filter(|i| !coords.iter().any(|p| p.0 == *i))
        .collect();
    let right_only = (0..right.paragraphs.len())
        .filter(|j| !coords.iter().any(|p| p.1 == *j))
        .collect();
    let discrepancies = pairs
        .iter()
        .flat_map(|p| discrepancy::between(left, right, p))
        .collect();
    PairAlignment {
        pairs,
        left_only,
        right_only,
        discrepancies,
    }
}
