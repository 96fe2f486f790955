//! Paragraph similarity: the [`Scorer`] trait every scorer implements, the lexical scorer
//! (`lexical.rs`), and candidate generation from an inverted index over rare terms
//! (`candidates.rs`). Alignment (`align/`) decides on pairs; this module only scores them.

pub mod candidates;
pub mod features;
pub mod lexical;
pub mod semantic;
pub mod vector;
pub mod wordlists;

use serde::{Deserialize, Serialize};

use crate::article::Article;

/// Which scorers an alignment used: the lexical one always, and the sentence-embedding model
/// when it was ready. The JSON contracts write it `"lexical"` or `"lexical+semantic"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Similarity {
    #[default]
    #[serde(rename = "lexical")]
    Lexical,
    #[serde(rename = "lexical+semantic")]
    LexicalSemantic,
}

impl Similarity {
    /// The name reports and the JSON contracts use.
    pub fn as_str(self) -> &'static str {
        match self {
            Similarity::Lexical => "lexical",
            Similarity::LexicalSemantic => "lexical+semantic",
        }
    }

    /// Whether the model's scores are blended in.
    pub fn is_semantic(self) -> bool {
        self == Similarity::LexicalSemantic
    }
}

impl std::fmt::Display for Similarity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A paragraph of a drop: index into the drop's articles, then into that article's `paragraphs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ParagraphRef {
    pub article: usize,
    pub paragraph: usize,
}

/// A sentence of a drop: article, paragraph, then index into that paragraph's `sentences`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SentenceRef {
    pub article: usize,
    pub paragraph: usize,
    pub sentence: usize,
}

/// Why a scorer could not get ready for a drop. The caller reports it and aligns without that
/// scorer, so the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    /// The sentence-embedding model failed on the drop's texts; the message says at which step.
    #[error("{0}")]
    Embedding(String),
}

/// A way of scoring how much two paragraphs (and two sentences) say the same thing.
///
/// # Contract
/// - Scores are in `[0, 1]`: 0 for unrelated text, 1 for the same wording, and *comparable across
///   article pairs* (a 0.6 between outlets A and B means what a 0.6 between C and D means).
/// - Scoring is symmetric: `paragraph(a, b) == paragraph(b, a)`, same for sentences.
/// - Deterministic: the same articles give the same scores.
///
/// # Lifecycle
/// A scorer is configuration; [`Scorer::prepare`] does the per-drop work once (IDF tables for the
/// lexical scorer, embeddings for a semantic scorer) and returns a [`PreparedScorer`] that the
/// alignment queries from several threads (hence `Send + Sync`). Alignment asks only about
/// *candidate* pairs: the lexical inverted index (`candidates.rs`) proposes them, so a scorer is
/// never asked about all pairs of a large drop. For `diff` of two articles every paragraph pair
/// of the same kind is a candidate.
///
/// # How a semantic scorer plugs in
/// `similarity/semantic.rs` implements `Scorer` (name `"semantic"`), embedding every sentence and
/// paragraph of the drop in `prepare` and answering with a cosine mapped to `[0, 1]` so that
/// unrelated text sits near 0 (raw MiniLM cosines of unrelated news sentences are ~0.1–0.3, so a
/// linear map such as `((cos - 0.2) / 0.6).clamp(0, 1)` is the intended calibration). The caller
/// passes it in [`Weighted`] form through `align::AlignOptions::extra`; alignment then uses, for
/// every candidate pair, the weighted mean of the lexical score (weight
/// `AlignOptions::lexical_weight`) and every extra scorer's score, and reports
/// `DropAlignment.similarity` as [`Similarity::LexicalSemantic`] (the semantic scorer is the
/// only extra one).
pub trait Scorer: Send + Sync {
    /// Short name for reports: `"lexical"`, `"semantic"`.
    fn name(&self) -> &str;

    /// Do the per-drop work for these articles. An error (e.g. a model that fails to load) is
    /// reported by the caller, which then aligns without this scorer.
    fn prepare<'a>(
        &'a self,
        articles: &'a [Article],
    ) -> Result<Box<dyn PreparedScorer + 'a>, PrepareError>;
}

/// A scorer ready to answer for one drop (see [`Scorer`] for the contract on scores).
pub trait PreparedScorer: Send + Sync {
    /// Similarity of two paragraphs in `[0, 1]`.
    fn paragraph(&self, a: ParagraphRef, b: ParagraphRef) -> f32;
    /// Similarity of two sentences in `[0, 1]`.
    fn sentence(&self, a: SentenceRef, b: SentenceRef) -> f32;
}

/// A scorer and its weight in the combined score.
#[derive(Clone, Copy)]
pub struct Weighted<'s> {
    pub scorer: &'s dyn Scorer,
    pub weight: f32,
}

impl std::fmt::Debug for Weighted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Weighted")
            .field("scorer", &self.scorer.name())
            .field("weight", &self.weight)
            .finish()
    }
}
