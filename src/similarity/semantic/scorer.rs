//! The semantic [`Scorer`]: embeds every paragraph and sentence of a drop once (through an
//! [`EmbeddingStore`], chunk by chunk with progress for the app) and answers with calibrated
//! cosines.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::cache::{key_of, EmbeddingCache, EmbeddingStore, Key};
use super::embed::Embedder;
use super::lazy::LazyEmbedder;
use super::Progress;
use crate::article::Article;
use crate::similarity::{ParagraphRef, PrepareError, PreparedScorer, Scorer, SentenceRef};

/// Within one story, MiniLM cosines of paragraphs are high even when unrelated: on the seed
/// gold (`tests/gold/`) unrelated paragraph pairs have a median cosine of 0.38 (90th
/// percentile 0.53), corresponding pairs a median of 0.63. A cosine at or below `COS_ZERO` maps
/// to 0, 1.0 to 1, linearly between, so topic-level closeness scores near 0 as the `Scorer`
/// contract asks. (0.4, 1.0) was the best cell of a grid search of (0.1–0.6) × (0.6–1.0)
/// with the weight, on the gold; 0.3–0.4 and 0.8–1.0 give F1 within 0.02.
pub const COS_ZERO: f32 = super::description::MINILM_CALIBRATION.0;
/// See [`COS_ZERO`].
pub const COS_ONE: f32 = super::description::MINILM_CALIBRATION.1;

/// A cosine mapped to the `[0, 1]` score scale of the `Scorer` contract.
pub fn calibrate(cos: f32) -> f32 {
    calibrate_between(cos, COS_ZERO, COS_ONE)
}

/// `cos` mapped linearly from `[zero, one]` to `[0, 1]`, clamped.
pub fn calibrate_between(cos: f32, zero: f32, one: f32) -> f32 {
    ((cos - zero) / (one - zero).max(1e-6)).clamp(0.0, 1.0)
}

/// Texts embedded per step when a drop is embedded with progress (longest first): enough
/// for the embedder to keep two cores busy, a step of a few seconds at most on the seeds'
/// paragraphs. A constant, not a share of the cores, so which texts are embedded together
/// (and so every float the rounding could touch) is the same on every machine; the price is
/// that many cores may idle at the end of a step.
pub const CHUNK: usize = 64;

/// Scores paragraphs and sentences by the cosine of their all-MiniLM-L6-v2 embeddings.
pub struct SemanticScorer {
    /// The model, loaded only when a text misses both `seen` and the store.
    embedder: Arc<LazyEmbedder>,
    /// Where vectors are kept between runs (file cache, triage state), if anywhere.
    store: Option<Mutex<Box<dyn EmbeddingStore>>>,
    /// Every vector this scorer has had, so a drop embedded with progress is prepared without
    /// asking the store again, and vectors a store cannot keep still serve this run.
    seen: Mutex<HashMap<Key, Vec<f32>>>,
    /// The cosines mapped to 0 and 1 (see [`COS_ZERO`]).
    range: (f32, f32),
    /// Texts embedded (not found in the cache) since this scorer was made.
    embedded: std::sync::atomic::AtomicUsize,
    /// Whether a drop had to be scored without the model (it failed to load or to embed).
    failed: std::sync::atomic::AtomicBool,
    /// Problems (cache, model load) not reported yet (see [`SemanticScorer::take_problems`]).
    problems: Mutex<Vec<String>>,
}

impl std::fmt::Debug for SemanticScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SemanticScorer")
            .field("embedder", &self.embedder)
            .field("range", &self.range)
            .finish_non_exhaustive()
    }
}

impl SemanticScorer {
    /// A scorer over `embedder`, caching vectors in `cache` when there is one.
    pub fn new(embedder: Embedder, cache: Option<EmbeddingCache>) -> SemanticScorer {
        let store = cache.map(|c| Box::new(c) as Box<dyn EmbeddingStore>);
        SemanticScorer::with_store(Arc::new(LazyEmbedder::ready(embedder)), store)
    }

    /// A scorer over a shared `embedder` (a front knows the model once and makes a scorer per
    /// drop), keeping vectors in `store` when there is one.
    pub fn with_store(
        embedder: Arc<LazyEmbedder>,
        store: Option<Box<dyn EmbeddingStore>>,
    ) -> SemanticScorer {
        // Each model's cosines have their own spread: its description says which map to 0 and 1.
        let range = embedder.description().calibration;
        SemanticScorer {
            embedder,
            store: store.map(Mutex::new),
            seen: Mutex::default(),
            range,
            embedded: Default::default(),
            failed: Default::default(),
            problems: Mutex::default(),
        }
    }

    /// The same scorer mapping cosine `zero` to score 0 and `one` to 1 (for tuning:
    /// `(-1.0, 1.0)` makes the score `(cos + 1) / 2`, which keeps every cosine recoverable).
    pub fn with_range(mut self, zero: f32, one: f32) -> SemanticScorer {
        self.range = (zero, one);
        self
    }

    /// How many texts this scorer has run through the model (cache misses).
    pub fn embedded_count(&self) -> usize {
        self.embedded.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether some drop was scored without the model because it failed (see `take_problems`).
    pub fn failed(&self) -> bool {
        self.failed.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The model underneath (loaded or not).
    pub fn embedder(&self) -> &LazyEmbedder {
        &self.embedder
    }

    /// Unit vectors for normalised texts, from the cache where it has them; the rest are
    /// embedded and added to it. A cache that cannot be read or written is not an error: the
    /// vectors are still returned (and kept in memory for this scorer).
    /// Everything missing goes to the model in one call, so the embedder spreads its batches
    /// over all cores.
    pub fn vectors_for(&self, norms: &[&str]) -> Result<Vec<Vec<f32>>> {
        self.vectors_in_steps(norms, None, &mut |_| true)?
            .ok_or_else(|| anyhow::anyhow!("embedding stopped"))
    }

    /// Like [`SemanticScorer::vectors_for`], embedding [`CHUNK`] texts at a time and telling
    /// `progress` after the cache lookup and after each chunk (each chunk is kept in the cache
    /// at once, so work stopped half-way is not lost). `progress` returning false stops the
    /// embedding: the result is then `None`.
    pub fn vectors_reporting(
        &self,
        norms: &[&str],
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<Option<Vec<Vec<f32>>>> {
        self.vectors_in_steps(norms, Some(CHUNK), progress)
    }

    /// The vectors of `norms`, embedding the missing ones `step` at a time (`None`: all in one
    /// call, in first-seen order, as `vectors_for` always did).
    fn vectors_in_steps(
        &self,
        norms: &[&str],
        step: Option<usize>,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<Option<Vec<Vec<f32>>>> {
        let keys: Vec<Key> = norms.iter().map(|n| key_of(n)).collect();
        let mut out: Vec<Option<Vec<f32>>> = {
            let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            keys.iter().map(|k| seen.get(k).cloned()).collect()
        };
        let unseen: Vec<usize> = (0..norms.len()).filter(|&i| out[i].is_none()).collect();
        if let (Some(store), false) = (&self.store, unseen.is_empty()) {
            let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
            let ask: Vec<Key> = unseen.iter().map(|&i| keys[i]).collect();
            match store.get_many(&ask) {
                Ok(got) => {
                    let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
                    for (&i, v) in unseen.iter().zip(got) {
                        if let Some(v) = v.filter(|v| v.len() == self.embedder.dim()) {
                            seen.insert(keys[i], v.clone());
                            out[i] = Some(v);
                        }
                    }
                }
                Err(e) => self.problem(&**store, "cannot read the embedding cache", e),
            }
        }
        let mut missing: Vec<usize> = (0..norms.len()).filter(|&i| out[i].is_none()).collect();
        if step.is_some() {
            // Longest first, as the embedder orders a batch: texts of a length share a step,
            // so its batches pad little. Ties in first-seen order (determinism).
            missing.sort_by_key(|&i| std::cmp::Reverse(norms[i].len()));
        }
        let mut done = norms.len() - missing.len();
        if !progress(Progress {
            done,
            total: norms.len(),
        }) {
            return Ok(None);
        }
        for chunk in missing.chunks(step.unwrap_or(usize::MAX)) {
            let texts: Vec<&str> = chunk.iter().map(|&i| norms[i]).collect();
            let fresh = self.embedder.get()?.embed(&texts)?;
            self.embedded
                .fetch_add(texts.len(), std::sync::atomic::Ordering::Relaxed);
            let entries: Vec<(Key, Vec<f32>)> = chunk
                .iter()
                .zip(&fresh)
                .map(|(&i, v)| (keys[i], v.clone()))
                .collect();
            self.keep(&entries);
            for (&i, v) in chunk.iter().zip(fresh) {
                out[i] = Some(v);
            }
            done += chunk.len();
            if !progress(Progress {
                done,
                total: norms.len(),
            }) {
                return Ok(None);
            }
        }
        Ok(Some(
            out.into_iter().map(Option::unwrap_or_default).collect(),
        ))
    }

    /// Remember fresh vectors, and keep them in the store if there is one.
    fn keep(&self, entries: &[(Key, Vec<f32>)]) {
        {
            let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
            for (k, v) in entries {
                seen.insert(*k, v.clone());
            }
        }
        if let Some(store) = &self.store {
            let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
            if let Err(e) = store.put_many(entries) {
                self.problem(&**store, "cannot write the embedding cache", e);
            }
        }
    }

    /// Note a cache problem once (a failing store fails every step): the vectors still serve
    /// this run, and the front says so where it speaks (stderr, the status bar).
    fn problem(&self, store: &dyn EmbeddingStore, what: &str, e: std::io::Error) {
        let e = e.to_string();
        let at = store.location();
        let line = if e.contains(&at) {
            format!("{what}: {e}")
        } else {
            format!("{at}: {what}: {e}")
        };
        self.note(line);
    }

    /// Keep `line` to report, once.
    fn note(&self, line: String) {
        let mut problems = self.problems.lock().unwrap_or_else(|e| e.into_inner());
        if !problems.contains(&line) {
            problems.push(line);
        }
    }

    /// Let the store forget every vector but those of `norms` (see
    /// [`EmbeddingStore::retain`]); returns how many it forgot.
    pub fn retain_only(&self, norms: &[&str]) -> usize {
        let Some(store) = &self.store else {
            return 0;
        };
        let keys: Vec<Key> = norms.iter().map(|n| key_of(n)).collect();
        let mut store = store.lock().unwrap_or_else(|e| e.into_inner());
        match store.retain(&keys) {
            Ok(n) => n,
            Err(e) => {
                self.problem(&**store, "cannot tidy the embedding cache", e);
                0
            }
        }
    }

    /// Problems met so far (each once), taken: the caller reports them.
    pub fn take_problems(&self) -> Vec<String> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The distinct normalised texts of a drop a semantic scorer embeds (every paragraph and every
/// sentence), in first-seen order, with where each paragraph's and sentence's text is.
pub(crate) struct DropTexts<'a> {
    pub texts: Vec<&'a str>,
    /// `paragraphs[article][paragraph]`: index into `texts`.
    pub paragraphs: Vec<Vec<usize>>,
    /// `sentences[article][paragraph][sentence]`: index into `texts`.
    pub sentences: Vec<Vec<Vec<usize>>>,
}

impl<'a> DropTexts<'a> {
    /// Each distinct normalised text once, in first-seen order (deterministic).
    pub fn of(articles: &'a [Article]) -> DropTexts<'a> {
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        let mut texts: Vec<&str> = Vec::new();
        let mut slot = |t: &'a str| -> usize {
            *index.entry(t).or_insert_with(|| {
                texts.push(t);
                texts.len() - 1
            })
        };
        let mut paragraphs = Vec::with_capacity(articles.len());
        let mut sentences = Vec::with_capacity(articles.len());
        for a in articles {
            paragraphs.push(a.paragraphs.iter().map(|p| slot(&p.norm)).collect());
            sentences.push(
                a.paragraphs
                    .iter()
                    .map(|p| p.sentences.iter().map(|s| slot(&s.norm)).collect())
                    .collect(),
            );
        }
        DropTexts {
            texts,
            paragraphs,
            sentences,
        }
    }
}

impl Scorer for SemanticScorer {
    fn name(&self) -> &str {
        "semantic"
    }

    fn prepare<'a>(
        &'a self,
        articles: &'a [Article],
    ) -> std::result::Result<Box<dyn PreparedScorer + 'a>, PrepareError> {
        let t = DropTexts::of(articles);
        // Alignment goes on lexically; the note is how the user learns why (a model whose
        // weights fail to load is found only here, when a text first needs them).
        let vectors = self.vectors_for(&t.texts).map_err(|e| {
            let e = embedding_error(e);
            self.failed
                .store(true, std::sync::atomic::Ordering::Relaxed);
            self.note(format!("aligned without the model: {e}"));
            e
        })?;
        Ok(Box::new(Prepared {
            range: self.range,
            vectors,
            paragraphs: t.paragraphs,
            sentences: t.sentences,
        }))
    }
}

/// The model's failure as the [`Scorer`] trait reports it: anyhow stays inside this module, its
/// whole chain of causes in the message.
pub(super) fn embedding_error(e: anyhow::Error) -> PrepareError {
    PrepareError::Embedding(format!("{e:#}"))
}

/// The embeddings of one drop, indexed by paragraph and sentence.
struct Prepared {
    range: (f32, f32),
    vectors: Vec<Vec<f32>>,
    /// `paragraphs[article][paragraph]`: index into `vectors`.
    paragraphs: Vec<Vec<usize>>,
    /// `sentences[article][paragraph][sentence]`: index into `vectors`.
    sentences: Vec<Vec<Vec<usize>>>,
}

impl Prepared {
    fn cosine(&self, a: Option<&usize>, b: Option<&usize>) -> f32 {
        match (
            a.and_then(|&i| self.vectors.get(i)),
            b.and_then(|&j| self.vectors.get(j)),
        ) {
            (Some(x), Some(y)) => x.iter().zip(y).map(|(p, q)| p * q).sum(),
            _ => 0.0,
        }
    }
}

impl PreparedScorer for Prepared {
    /// The mean of the paragraphs' cosine and their best sentence pair's cosine: a paragraph
    /// that shares one claim with a longer one scores above the whole-paragraph cosine alone
    /// (on the gold this mean beat either part by 0.01 F1).
    fn paragraph(&self, a: ParagraphRef, b: ParagraphRef) -> f32 {
        let get = |r: ParagraphRef| self.paragraphs.get(r.article)?.get(r.paragraph);
        let whole = self.cosine(get(a), get(b));
        let sentences = |r: ParagraphRef| {
            self.sentences
                .get(r.article)
                .and_then(|p| p.get(r.paragraph))
                .map(Vec::as_slice)
                .unwrap_or(&[])
        };
        let mut best: Option<f32> = None;
        for x in sentences(a) {
            for y in sentences(b) {
                let c = self.cosine(Some(x), Some(y));
                best = Some(best.map_or(c, |b| b.max(c)));
            }
        }
        let cos = best.map_or(whole, |b| (whole + b) / 2.0);
        calibrate_between(cos, self.range.0, self.range.1)
    }

    fn sentence(&self, a: SentenceRef, b: SentenceRef) -> f32 {
        let get = |r: SentenceRef| {
            self.sentences
                .get(r.article)?
                .get(r.paragraph)?
                .get(r.sentence)
        };
        calibrate_between(self.cosine(get(a), get(b)), self.range.0, self.range.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_puts_unrelated_text_at_zero_and_paraphrase_high() {
        assert_eq!(calibrate(0.15), 0.0);
        assert_eq!(calibrate(COS_ZERO), 0.0);
        assert_eq!(calibrate(1.0), 1.0);
        assert!((calibrate(0.7) - 0.5).abs() < 1e-6);
    }
}
