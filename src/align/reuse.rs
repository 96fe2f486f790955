//! Reuse: whether one text was made from another. `verbatim` (the same words in the same
//! order), `rewrite` (edited from it: trimmed, reordered, words swapped, a clause added, so long
//! runs of its words remain), `own_words` (the same claim written independently) or `none`.
//! The one home of that rule: `diff`/`align` pairs and triage's derivation all ask it.

use std::collections::HashMap;
use std::ops::Range;

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use super::{DropAlignment, Member};
use crate::article::Article;
use crate::normalise::{normalise, without_initialism_dots, words};
use crate::similarity::features::{fold_lower, is_stop, number_word};

/// How much of one text is reused in another, strongest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum ReuseLevel {
    Verbatim,
    Rewrite,
    OwnWords,
    #[default]
    None,
}

impl ReuseLevel {
    /// The JSON name (`verbatim`, `rewrite`, `own_words`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            ReuseLevel::Verbatim => "verbatim",
            ReuseLevel::Rewrite => "rewrite",
            ReuseLevel::OwnWords => "own_words",
            ReuseLevel::None => "none",
        }
    }

    /// Copied text: verbatim or rewritten from the other (own words are not a copy).
    pub fn is_copy(self) -> bool {
        matches!(self, ReuseLevel::Verbatim | ReuseLevel::Rewrite)
    }
}

/// The shortest shared word run that counts as copied: two words ("Steve Witkoff", "the
/// talks") are shared by independent writers all the time, three rarely outside set phrases.
pub const MIN_RUN: usize = 3;
/// Verbatim: the content words (stop words aside) of the longer text kept in order by the
/// other, at least this share: one changed content word in twenty.
const VERBATIM_CONTENT: f32 = 0.95;
/// Verbatim: every word, stop words included, kept in order at least this share (a dropped
/// "that" or an "and" for a comma stays verbatim; a dropped clause does not).
const VERBATIM_WORDS: f32 = 0.85;
/// Rewrite: the share of one side's words that lie in shared runs of `MIN_RUN`+ words. Half
/// of a sentence still in the other's words is an edit of it, not an independent sentence.
const REWRITE_COVER: f32 = 0.5;
/// Own words: the share of content stems the two have in common (Dice). Two outlets stating
/// one claim share its names, figures and key nouns; two claims of one story share a name.
const SAME_CLAIM: f32 = 0.2;

/// What the decision looked at, for a reader (and tests) to see why.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ReuseEvidence {
    /// Words in the longest shared run.
    pub longest_run: usize,
    /// Share of the left text's words in shared runs of at least [`MIN_RUN`] words.
    pub cover_left: f32,
    /// The same for the right text.
    pub cover_right: f32,
    /// Words kept in order (longest common subsequence) over the longer text's words.
    pub kept: f32,
    /// The same over content words only.
    pub kept_content: f32,
    /// Dice overlap of content stems.
    pub same_claim: f32,
}

/// The word keys of a text as reuse compares them: folded, lower-case, initialism dots gone
/// ("U.S." = "US"), spelt numbers as digits ("nineteen" = "19").
pub fn reuse_words(text: &str) -> Vec<String> {
    let norm = normalise(&without_initialism_dots(text));
    words(&norm)
        .into_iter()
        .map(|w| number_word(w).map_or_else(|| w.to_string(), str::to_string))
        .collect()
}

/// A text ready to compare: its words and content stems as ids of one [`Interner`], and the
/// hashes of its `MIN_RUN`-word runs (to find candidates through an index).
#[derive(Debug, Clone, Default)]
pub struct Prepared {
    pub words: Vec<u32>,
    content: Vec<u32>,
    /// `content`, sorted and deduplicated (for the claim overlap).
    content_set: Vec<u32>,
    /// Hashes of every run of `MIN_RUN` words, in order.
    pub runs: Vec<u64>,
    /// `runs`, sorted and deduplicated.
    pub run_set: Vec<u64>,
}

/// Word and stem ids shared by the texts compared together (stemming each word once).
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<String, u32>,
    /// Per word id: its content-stem id, or `u32::MAX` for a stop word.
    stem_of: Vec<u32>,
    stems: HashMap<String, u32>,
}

impl Interner {
    /// `text` prepared for comparison with the others this interner prepared.
    pub fn prepare(&mut self, text: &str) -> Prepared {
        let words: Vec<u32> = reuse_words(text).into_iter().map(|w| self.id(w)).collect();
        let content: Vec<u32> = words
            .iter()
            .map(|&w| self.stem_of[w as usize])
            .filter(|&s| s != u32::MAX)
            .collect();
        let mut content_set = content.clone();
        content_set.sort_unstable();
        content_set.dedup();
        let runs = words
            .windows(MIN_RUN)
            .map(|w| {
                w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
                    (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3)
                })
            })
            .collect::<Vec<u64>>();
        let mut run_set = runs.clone();
        run_set.sort_unstable();
        run_set.dedup();
        Prepared {
            words,
            content,
            content_set,
            runs,
            run_set,
        }
    }

    fn id(&mut self, w: String) -> u32 {
        if let Some(&id) = self.ids.get(&w) {
            return id;
        }
        let stem = if is_stop(&w) {
            u32::MAX
        } else {
            let s = stem(&w);
            let n = self.stems.len() as u32;
            *self.stems.entry(s).or_insert(n)
        };
        let id = self.ids.len() as u32;
        self.ids.insert(w, id);
        self.stem_of.push(stem);
        id
    }
}

/// The reuse level of `right` against `left` (symmetric).
pub fn reuse_level(left: &str, right: &str) -> ReuseLevel {
    let mut i = Interner::default();
    let (a, b) = (i.prepare(left), i.prepare(right));
    level_of(&evidence(&a, &b))
}

/// The reuse level of two texts the aligner paired (it judged they say the same thing, so
/// the level is at least `own_words`).
pub fn aligned_level(left: &str, right: &str) -> ReuseLevel {
    reuse_level(left, right).min(ReuseLevel::OwnWords)
}

/// Fill every link's `reuse` with [`aligned_level`] of its two paragraphs (`articles` are
/// the drop the alignment indexes). Kept out of `align_drop`, which triage's novelty calls
/// on every story and which needs no levels.
pub fn fill_links(articles: &[Article], alignment: &mut DropAlignment) {
    use rayon::prelude::*;
    alignment.links.par_iter_mut().for_each(|l| {
        let text = |m: Member| {
            articles
                .get(m.article)
                .and_then(|a| a.paragraphs.get(m.paragraph))
                .map_or("", |p| p.text.as_str())
        };
        l.reuse = Some(aligned_level(text(l.a), text(l.b)));
    });
}

/// The level the evidence says.
pub fn level_of(e: &ReuseEvidence) -> ReuseLevel {
    if e.kept_content >= VERBATIM_CONTENT && e.kept >= VERBATIM_WORDS {
        ReuseLevel::Verbatim
    } else if e.cover_left.max(e.cover_right) >= REWRITE_COVER && e.longest_run >= MIN_RUN {
        ReuseLevel::Rewrite
    } else if e.same_claim >= SAME_CLAIM {
        ReuseLevel::OwnWords
    } else {
        ReuseLevel::None
    }
}

/// See [`may_be_copy`].
const COPY_RUNS: f32 = 0.25;

/// Whether two texts can be a copy (verbatim or rewrite) of one another, cheaply: every word
/// a shared run of `MIN_RUN`+ words covers lies in a shared `MIN_RUN`-word run, so the share of
/// words in shared runs bounds the cover from above; under `REWRITE_COVER` on both sides it
/// is no rewrite (nor, but for a sentence edited every few words, verbatim). Spares the full
/// comparison for pairs that share only a phrase.
pub fn may_be_copy(a: &Prepared, b: &Prepared) -> bool {
    // First the count of shared runs: a rewrite keeping half of the shorter side in runs of
    // n >= 3 words shares n - 2 runs per run, rarely under a quarter of that side's runs.
    let shared = a
        .run_set
        .iter()
        .filter(|r| b.run_set.binary_search(r).is_ok())
        .count();
    let fewer = a.run_set.len().min(b.run_set.len()).max(1);
    if (shared as f32) < COPY_RUNS * fewer as f32 || shared == 0 {
        return false;
    }
    let bound = |x: &Prepared, y: &Prepared| -> f32 {
        let mut covered = vec![false; x.words.len()];
        for (k, r) in x.runs.iter().enumerate() {
            if y.run_set.binary_search(r).is_ok() {
                covered[k..k + MIN_RUN].iter_mut().for_each(|c| *c = true);
            }
        }
        covered.iter().filter(|&&c| c).count() as f32 / x.words.len().max(1) as f32
    };
    bound(a, b) >= REWRITE_COVER || bound(b, a) >= REWRITE_COVER
}

/// The evidence of two prepared texts (of the same [`Interner`]).
pub fn evidence(a: &Prepared, b: &Prepared) -> ReuseEvidence {
    if a.words.is_empty() || b.words.is_empty() {
        return ReuseEvidence::default();
    }
    let (wa, wb) = (&a.words, &b.words);
    if wa.len().saturating_mul(wb.len()) > MAX_CELLS {
        return coarse_evidence(a, b);
    }
    let (ta, tb, longest) = tiles(wa, wb);
    let (ca, cb) = (&a.content, &b.content);
    ReuseEvidence {
        longest_run: longest,
        cover_left: ta as f32 / wa.len() as f32,
        cover_right: tb as f32 / wb.len() as f32,
        kept: lcs(wa, wb) as f32 / wa.len().max(wb.len()) as f32,
        kept_content: if ca.is_empty() && cb.is_empty() {
            1.0
        } else {
            lcs(ca, cb) as f32 / ca.len().max(cb.len()) as f32
        },
        same_claim: dice(&a.content_set, &b.content_set),
    }
}

/// Whether `b` copies `a` (or the reverse), and how: [`level_of`] of their [`evidence`] where
/// that is `verbatim` or `rewrite`, else `none` (never `own_words`). Derivation asks this of
/// every candidate pair of a story, so it computes only what decides: the word-order LCS only
/// when the lengths allow a verbatim copy, the tiling only when it is not verbatim, and no
/// content-stem overlap at all.
pub fn copy_level(a: &Prepared, b: &Prepared) -> ReuseLevel {
    let (wa, wb) = (&a.words, &b.words);
    if wa.is_empty() || wb.is_empty() {
        return ReuseLevel::None;
    }
    if wa.len().saturating_mul(wb.len()) > MAX_CELLS {
        return copy_only(level_of(&evidence(a, b)));
    }
    let longer = wa.len().max(wb.len()) as f32;
    // `kept` is at most the shorter length over the longer: under the bar, no LCS to run.
    if wa.len().min(wb.len()) as f32 / longer >= VERBATIM_WORDS
        && lcs(wa, wb) as f32 / longer >= VERBATIM_WORDS
    {
        let (ca, cb) = (&a.content, &b.content);
        let kept_content = if ca.is_empty() && cb.is_empty() {
            1.0
        } else {
            lcs(ca, cb) as f32 / ca.len().max(cb.len()) as f32
        };
        if kept_content >= VERBATIM_CONTENT {
            return ReuseLevel::Verbatim;
        }
    }
    // Covering words only grows with more tiles, and the first tile is the longest: once the
    // cover reaches the bar, the rest of the tiling cannot change the answer.
    let cover =
        |covered: usize| (covered as f32 / wa.len() as f32).max(covered as f32 / wb.len() as f32);
    let spans = tile_spans(wa, wb, |covered| cover(covered) >= REWRITE_COVER);
    let covered: usize = spans.iter().map(|t| t.2).sum();
    let longest = spans.first().map_or(0, |t| t.2);
    if cover(covered) >= REWRITE_COVER && longest >= MIN_RUN {
        ReuseLevel::Rewrite
    } else {
        ReuseLevel::None
    }
}

/// A level as a copy: `own_words` is no copy.
fn copy_only(level: ReuseLevel) -> ReuseLevel {
    if level.is_copy() {
        level
    } else {
        ReuseLevel::None
    }
}

/// Word pairs past which the exact comparison (quadratic in the words) gives way to a
/// coarse one: two paragraphs of 1,000 words each; sentences and paragraphs are far shorter.
const MAX_CELLS: usize = 1_000_000;

/// The evidence of two long texts from their shared word runs alone: a word is covered when a
/// run through it is in the other text; order kept is read as the smaller cover.
fn coarse_evidence(a: &Prepared, b: &Prepared) -> ReuseEvidence {
    use std::collections::HashSet;
    let cover = |x: &Prepared, y: &Prepared| -> f32 {
        let other: HashSet<u64> = y.runs.iter().copied().collect();
        let mut covered = vec![false; x.words.len()];
        for (k, r) in x.runs.iter().enumerate() {
            if other.contains(r) {
                covered[k..k + MIN_RUN].iter_mut().for_each(|c| *c = true);
            }
        }
        covered.iter().filter(|&&c| c).count() as f32 / x.words.len().max(1) as f32
    };
    let (ca, cb) = (cover(a, b), cover(b, a));
    ReuseEvidence {
        longest_run: if ca > 0.0 { MIN_RUN } else { 0 },
        cover_left: ca,
        cover_right: cb,
        kept: ca.min(cb),
        kept_content: ca.min(cb),
        same_claim: dice(&a.content_set, &b.content_set),
    }
}

fn stem(w: &str) -> String {
    thread_local! {
        static EN: Stemmer = Stemmer::create(Algorithm::English);
    }
    EN.with(|s| s.stem(w).into_owned())
}

/// Greedy string tiling (Wise's, without its hashing): take the longest common word run not
/// yet covered on either side, again and again, while it is at least `MIN_RUN` words. Finds
/// reordered clauses an LCS would miss. The tiles as (start in `a`, start in `b`, length),
/// longest first, stopping early once `enough` holds of the words covered (the tiles found
/// are then the first of the full list). Quadratic per tile; sentences are short.
fn tile_spans(a: &[u32], b: &[u32], enough: impl Fn(usize) -> bool) -> Vec<(usize, usize, usize)> {
    let (mut ma, mut mb) = (vec![false; a.len()], vec![false; b.len()]);
    let mut out = Vec::new();
    let (mut prev, mut cur) = (vec![0u16; b.len() + 1], vec![0u16; b.len() + 1]);
    loop {
        let mut best = (0usize, 0usize, 0usize);
        prev.iter_mut().for_each(|x| *x = 0);
        for i in 0..a.len() {
            cur[0] = 0;
            for j in 0..b.len() {
                cur[j + 1] = if !ma[i] && !mb[j] && a[i] == b[j] {
                    prev[j].saturating_add(1)
                } else {
                    0
                };
                if usize::from(cur[j + 1]) > best.0 {
                    best = (usize::from(cur[j + 1]), i + 1, j + 1);
                }
            }
            std::mem::swap(&mut prev, &mut cur);
        }
        let (len, end_a, end_b) = best;
        if len < MIN_RUN {
            break;
        }
        ma[end_a - len..end_a].iter_mut().for_each(|m| *m = true);
        mb[end_b - len..end_b].iter_mut().for_each(|m| *m = true);
        out.push((end_a - len, end_b - len, len));
        if enough(out.iter().map(|t| t.2).sum()) {
            break;
        }
    }
    out
}

/// Words of `a` and of `b` the tiles cover, and the longest tile.
fn tiles(a: &[u32], b: &[u32]) -> (usize, usize, usize) {
    let spans = tile_spans(a, b, |_| false);
    let covered: usize = spans.iter().map(|t| t.2).sum();
    (covered, covered, spans.first().map_or(0, |t| t.2))
}

/// Where two paragraphs share word runs of `MIN_RUN` or more words, in any order (the tiles):
/// byte ranges of each run in `left` and in `right`, for a reader to see what a copy took,
/// moved clauses too. Words compare folded and lower-cased, as the word diff compares them.
pub fn copied_spans(left: &str, right: &str) -> (Vec<Range<usize>>, Vec<Range<usize>>) {
    let (lw, rw) = (word_tokens(left), word_tokens(right));
    if lw.len().saturating_mul(rw.len()) > MAX_CELLS {
        return (Vec::new(), Vec::new());
    }
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut keys = |words: &[(Range<usize>, String)]| -> Vec<u32> {
        words
            .iter()
            .map(|(_, k)| {
                let n = ids.len() as u32;
                *ids.entry(k.clone()).or_insert(n)
            })
            .collect()
    };
    let (lk, rk) = (keys(&lw), keys(&rw));
    let mut spans = (Vec::new(), Vec::new());
    for (i, j, len) in tile_spans(&lk, &rk, |_| false) {
        spans.0.push(lw[i].0.start..lw[i + len - 1].0.end);
        spans.1.push(rw[j].0.start..rw[j + len - 1].0.end);
    }
    spans.0.sort_by_key(|r| r.start);
    spans.1.sort_by_key(|r| r.start);
    spans
}

/// The word tokens of a text (punctuation and spaces left out) with their byte ranges and
/// comparison keys.
fn word_tokens(text: &str) -> Vec<(Range<usize>, String)> {
    let base = text.as_ptr() as usize;
    super::worddiff::tokenise(text)
        .into_iter()
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .map(|t| {
            let start = t.as_ptr() as usize - base;
            (start..start + t.len(), fold_lower(t))
        })
        .collect()
}

/// Length of the longest common subsequence.
fn lcs(a: &[u32], b: &[u32]) -> usize {
    let (mut prev, mut cur) = (vec![0u16; b.len() + 1], vec![0u16; b.len() + 1]);
    for x in a {
        cur[0] = 0;
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j].saturating_add(1)
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    usize::from(prev[b.len()])
}

/// Dice coefficient of two sorted, deduplicated id sets.
fn dice(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut same) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                same += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * same as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_with_other_quote_marks_is_verbatim() {
        let a = "Witkoff made no public comments as he left the \"U.S. Embassy\".";
        let b = "Witkoff made no public comments as he left the “US Embassy”.";
        assert_eq!(reuse_level(a, b), ReuseLevel::Verbatim);
    }

    #[test]
    fn a_trimmed_sentence_is_a_rewrite_not_verbatim() {
        let a = "Kyiv rejected the demands as a direct threat to its sovereignty after four years of war.";
        let b = "Kyiv rejected the demands as a direct threat to its sovereignty.";
        assert_eq!(reuse_level(a, b), ReuseLevel::Rewrite);
    }

    #[test]
    fn reordered_clauses_stay_covered() {
        let a = "After the talks in Moscow ended at midnight, the envoy flew back to Washington.";
        let b = "The envoy flew back to Washington after the talks in Moscow ended at midnight.";
        let mut i = Interner::default();
        let e = evidence(&i.prepare(a), &i.prepare(b));
        assert!(e.cover_left > 0.9, "{e:?}");
        assert_eq!(level_of(&e), ReuseLevel::Rewrite);
    }

    #[test]
    fn long_texts_are_compared_coarsely_without_stalling() {
        let long: String = (0..3000).map(|i| format!("w{} ", i % 997)).collect();
        let mut i = Interner::default();
        let (a, b) = (i.prepare(&long), i.prepare(&long));
        let e = evidence(&a, &b);
        assert!(e.cover_left > 0.99 && e.kept > 0.99, "{e:?}");
        assert_eq!(level_of(&e), ReuseLevel::Verbatim);
    }

    #[test]
    fn unrelated_sentences_are_none_and_empty_text_is_none() {
        let a = "Heavy rain flooded the valley overnight.";
        let b = "The central bank left interest rates unchanged.";
        assert_eq!(reuse_level(a, b), ReuseLevel::None);
        assert_eq!(reuse_level("", b), ReuseLevel::None);
    }
}
