//! Lexical scoring: TF-IDF cosine over content-word stems blended with a cosine over their
//! character trigrams, names/numbers/quoted words weighted up, and sentence-level evidence so a
//! long paragraph that carries one matching sentence still matches.

use rayon::prelude::*;

use super::features::{tokens, trigrams, Anchor};
use super::{ParagraphRef, PreparedScorer, Scorer, SentenceRef};
use crate::article::{Article, ParagraphKind};

/// Weight of a name relative to a plain content word: names anchor "who said it".
const NAME_BOOST: f32 = 0.7;
/// Weight of a number: facts that outlets either share or dispute.
const NUMBER_BOOST: f32 = 1.5;
/// Weight of a quoted word: renderings of the same quote share them.
const QUOTED_BOOST: f32 = 1.3;
/// Share of the word cosine in a score; the rest is the trigram cosine. Words are the stronger
/// evidence; trigrams catch respellings (Yuri/Yury) and inflections the stemmer misses.
const WORD_SHARE: f32 = 0.6;
/// How much one matching sentence counts for its whole paragraph: enough to pass the alignment
/// threshold on a strong sentence match, never enough to look like a whole-paragraph match.
const SENTENCE_SHARE: f32 = 0.85;

/// A term: a hashed stem (kind 0) or trigram (kind 1). 32 bits keep the index small; a rare
/// collision only adds a little noise to one cosine.
pub type Term = u32;

/// A sparse weighted term vector, sorted by term, with its Euclidean norm.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    pub terms: Vec<(Term, f32)>,
    pub norm: f32,
}

impl Bag {
    fn from_counts(mut raw: Vec<(Term, f32)>, idf: &dyn Fn(Term) -> f32) -> Bag {
        raw.sort_unstable_by_key(|t| t.0);
        let mut terms: Vec<(Term, f32)> = Vec::with_capacity(raw.len());
        for (t, w) in raw {
            match terms.last_mut() {
                Some(last) if last.0 == t => last.1 += w,
                _ => terms.push((t, w)),
            }
        }
        for t in &mut terms {
            // Sublinear tf: a word repeated in one paragraph is not five times the evidence.
            t.1 = (1.0 + t.1.ln().max(0.0)) * idf(t.0);
        }
        let norm = terms.iter().map(|t| t.1 * t.1).sum::<f32>().sqrt();
        Bag { terms, norm }
    }

    /// Cosine similarity in [0, 1].
    pub fn cosine(&self, other: &Bag) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
        while i < self.terms.len() && j < other.terms.len() {
            let (a, b) = (self.terms[i], other.terms[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.1 * b.1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (dot / (self.norm * other.norm)).clamp(0.0, 1.0)
    }
}

/// FNV-1a, so term ids are the same on every run and platform.
pub fn hash_term(kind: u8, s: &str) -> Term {
    let mut h: u64 = 0xcbf29ce484222325 ^ u64::from(kind);
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Raw (un-weighted) term counts of one text.
#[derive(Debug, Clone, Default)]
struct Raw {
    words: Vec<(Term, f32)>,
    grams: Vec<(Term, f32)>,
}

fn raw_terms(text: &str) -> Raw {
    let mut raw = Raw::default();
    let mut grams = Vec::new();
    for t in tokens(text) {
        let boost = match t.anchor {
            Anchor::Plain => 1.0,
            Anchor::Name => NAME_BOOST,
            Anchor::Number => NUMBER_BOOST,
            Anchor::Quoted => QUOTED_BOOST,
        };
        raw.words.push((hash_term(0, &t.term), boost));
        if t.anchor != Anchor::Number {
            grams.clear();
            trigrams(&t.word, &mut grams);
            for g in &grams {
                raw.grams.push((hash_term(1, g), 1.0));
            }
        }
    }
    raw
}

/// The features of one text, weighted by the drop's IDF.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    pub words: Bag,
    pub grams: Bag,
}

impl Features {
    /// The lexical similarity of two texts in [0, 1].
    pub fn similarity(&self, other: &Features) -> f32 {
        WORD_SHARE * self.words.cosine(&other.words)
            + (1.0 - WORD_SHARE) * self.grams.cosine(&other.grams)
    }
}

/// One paragraph as the lexical scorer sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphFeatures {
    pub kind: ParagraphKind,
    /// Hash of the normalised text: equal text scores exactly 1.
    pub norm_hash: u64,
    pub whole: Features,
    pub sentences: Vec<Features>,
}

/// The lexical scorer: configuration only (see [`LexicalIndex`] for the per-drop state).
#[derive(Debug, Clone, Copy, Default)]
pub struct Lexical;

impl Scorer for Lexical {
    fn name(&self) -> &str {
        "lexical"
    }
    fn prepare<'a>(
        &'a self,
        articles: &'a [Article],
    ) -> anyhow::Result<Box<dyn PreparedScorer + 'a>> {
        Ok(Box::new(LexicalIndex::build(articles)))
    }
}

/// The lexical features of every paragraph and sentence of a drop, weighted by the drop's IDF.
#[derive(Debug, Clone)]
pub struct LexicalIndex {
    /// `paragraphs[article][paragraph]`.
    pub paragraphs: Vec<Vec<ParagraphFeatures>>,
    /// Number of paragraphs each word term occurs in, sorted by term (for candidate generation).
    pub word_df: Vec<(Term, u32)>,
    pub paragraph_count: usize,
}

fn norm_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Sorted (term, document frequency) of a set of per-document term lists.
fn document_frequency<'a>(docs: impl Iterator<Item = &'a Vec<(Term, f32)>>) -> Vec<(Term, u32)> {
    let mut all: Vec<Term> = Vec::new();
    for d in docs {
        let start = all.len();
        all.extend(d.iter().map(|t| t.0));
        all[start..].sort_unstable();
        let mut k = start;
        for i in start..all.len() {
            if i == start || all[i] != all[k - 1] {
                all[k] = all[i];
                k += 1;
            }
        }
        all.truncate(k);
    }
    all.par_sort_unstable();
    let mut out: Vec<(Term, u32)> = Vec::new();
    for t in all {
        match out.last_mut() {
            Some(last) if last.0 == t => last.1 += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

fn lookup(df: &[(Term, u32)], t: Term) -> u32 {
    df.binary_search_by_key(&t, |x| x.0)
        .map(|i| df[i].1)
        .unwrap_or(0)
}

impl LexicalIndex {
    /// Extract and weight the features of every paragraph and sentence of `articles`.
    pub fn build(articles: &[Article]) -> LexicalIndex {
        struct RawParagraph {
            kind: ParagraphKind,
            norm_hash: u64,
            whole: Raw,
            sentences: Vec<Raw>,
        }
        let raw: Vec<Vec<RawParagraph>> = articles
            .par_iter()
            .map(|a| {
                a.paragraphs
                    .iter()
                    .map(|p| RawParagraph {
                        kind: p.kind,
                        norm_hash: norm_hash(&p.norm),
                        whole: raw_terms(&p.text),
                        sentences: p.sentences.iter().map(|s| raw_terms(&s.text)).collect(),
                    })
                    .collect()
            })
            .collect();
        let flat = || raw.iter().flatten();
        let word_df = document_frequency(flat().map(|p| &p.whole.words));
        let gram_df = document_frequency(flat().map(|p| &p.whole.grams));
        let n = flat().count().max(1) as f32;
        // Smoothed IDF: a term in every paragraph still weighs a little, a unique one ~ln(n).
        let idf_of = |df: &[(Term, u32)]| {
            let df = df.to_vec();
            move |t: Term| (1.0 + n / lookup(&df, t).max(1) as f32).ln()
        };
        let (wi, gi) = (idf_of(&word_df), idf_of(&gram_df));
        let weigh = |r: &Raw| Features {
            words: Bag::from_counts(r.words.clone(), &wi),
            grams: Bag::from_counts(r.grams.clone(), &gi),
        };
        let paragraphs = raw
            .par_iter()
            .map(|ps| {
                ps.iter()
                    .map(|p| ParagraphFeatures {
                        kind: p.kind,
                        norm_hash: p.norm_hash,
                        whole: weigh(&p.whole),
                        sentences: p.sentences.iter().map(weigh).collect(),
                    })
                    .collect()
            })
            .collect();
        LexicalIndex {
            paragraphs,
            word_df,
            paragraph_count: n as usize,
        }
    }

    fn para(&self, r: ParagraphRef) -> Option<&ParagraphFeatures> {
        self.paragraphs.get(r.article)?.get(r.paragraph)
    }

    /// Paragraph score and the sentence-by-sentence scores behind it (row = sentence of `a`).
    pub fn paragraph_detail(&self, a: ParagraphRef, b: ParagraphRef) -> (f32, Vec<Vec<f32>>) {
        let (Some(pa), Some(pb)) = (self.para(a), self.para(b)) else {
            return (0.0, Vec::new());
        };
        let sentences: Vec<Vec<f32>> = pa
            .sentences
            .iter()
            .map(|x| pb.sentences.iter().map(|y| x.similarity(y)).collect())
            .collect();
        if (pa.kind == ParagraphKind::Heading) != (pb.kind == ParagraphKind::Heading) {
            return (0.0, sentences);
        }
        if pa.norm_hash == pb.norm_hash {
            return (1.0, sentences);
        }
        let best_sentence = sentences.iter().flatten().fold(0.0f32, |m, &s| m.max(s));
        let score = pa
            .whole
            .similarity(&pb.whole)
            .max(SENTENCE_SHARE * best_sentence);
        (score.clamp(0.0, 1.0), sentences)
    }
}

impl PreparedScorer for LexicalIndex {
    fn paragraph(&self, a: ParagraphRef, b: ParagraphRef) -> f32 {
        self.paragraph_detail(a, b).0
    }
    fn sentence(&self, a: SentenceRef, b: SentenceRef) -> f32 {
        let get = |r: SentenceRef| {
            self.paragraphs
                .get(r.article)?
                .get(r.paragraph)?
                .sentences
                .get(r.sentence)
        };
        match (get(a), get(b)) {
            (Some(x), Some(y)) => x.similarity(y).clamp(0.0, 1.0),
            _ => 0.0,
        }
    }
}
