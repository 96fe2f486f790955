//! Reuse: whether one text was made from another. `verbatim` (the same words in the same
//! order), `rewrite` (edited from it: trimmed, reordered, words swapped, a clause added, so long
//! runs of its words remain), `own_words` (the same claim written independently) or `none`.
//! The one home of that rule: `diff`/`align` pairs and triage's derivation all ask it.

use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};

use super::{DropAlignment, Member};
use crate::article::Article;
use crate::normalise::{normalise, without_initialism_dots, words};
use crate::similarity::features::{is_stop, number_word};

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

/// The reuse level of `right` against `left` (symmetric).
pub fn reuse_level(left: &str, right: &str) -> ReuseLevel {
    level_of(&evidence(&reuse_words(left), &reuse_words(right)))
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

/// The evidence of two word sequences (see [`reuse_words`]).
pub fn evidence(a: &[String], b: &[String]) -> ReuseEvidence {
    if a.is_empty() || b.is_empty() {
        return ReuseEvidence::default();
    }
    let (ta, tb, longest) = tiles(a, b);
    let content = |w: &[String]| -> Vec<String> {
        w.iter()
            .filter(|x| !is_stop(x))
            .map(|x| stem(x))
            .collect::<Vec<_>>()
    };
    let (ca, cb) = (content(a), content(b));
    ReuseEvidence {
        longest_run: longest,
        cover_left: ta as f32 / a.len() as f32,
        cover_right: tb as f32 / b.len() as f32,
        kept: lcs(a, b) as f32 / a.len().max(b.len()) as f32,
        kept_content: if ca.is_empty() && cb.is_empty() {
            1.0
        } else {
            lcs(&ca, &cb) as f32 / ca.len().max(cb.len()) as f32
        },
        same_claim: dice(&ca, &cb),
    }
}

fn stem(w: &str) -> String {
    thread_local! {
        static EN: Stemmer = Stemmer::create(Algorithm::English);
    }
    EN.with(|s| s.stem(w).into_owned())
}

/// Greedy string tiling: take the longest shared run of unmarked words, mark it on both
/// sides, repeat down to `MIN_RUN`. Returns the words marked on each side and the longest run.
/// Reordered clauses stay covered (each is a tile), which a subsequence would miss.
fn tiles(a: &[String], b: &[String]) -> (usize, usize, usize) {
    let (mut ma, mut mb) = (vec![false; a.len()], vec![false; b.len()]);
    let (mut covered_a, mut covered_b, mut longest) = (0, 0, 0);
    loop {
        // Longest common run of unmarked words, by dynamic programming over suffixes.
        let mut best = (0usize, 0usize, 0usize);
        let mut prev = vec![0usize; b.len() + 1];
        for i in 0..a.len() {
            let mut cur = vec![0usize; b.len() + 1];
            for j in 0..b.len() {
                if !ma[i] && !mb[j] && a[i] == b[j] {
                    cur[j + 1] = prev[j] + 1;
                    if cur[j + 1] > best.0 {
                        best = (cur[j + 1], i + 1, j + 1);
                    }
                }
            }
            prev = cur;
        }
        let (len, end_a, end_b) = best;
        if len < MIN_RUN {
            break;
        }
        longest = longest.max(len);
        for k in 0..len {
            ma[end_a - 1 - k] = true;
            mb[end_b - 1 - k] = true;
        }
        covered_a += len;
        covered_b += len;
    }
    (covered_a, covered_b, longest)
}

/// Length of the longest common subsequence.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Dice coefficient of two word sets.
fn dice(a: &[String], b: &[String]) -> f32 {
    use std::collections::BTreeSet;
    let sa: BTreeSet<&String> = a.iter().collect();
    let sb: BTreeSet<&String> = b.iter().collect();
    if sa.is_empty() || sb.is_empty() {
        return 0.0;
    }
    2.0 * sa.intersection(&sb).count() as f32 / (sa.len() + sb.len()) as f32
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
        let e = evidence(&reuse_words(a), &reuse_words(b));
        assert!(e.cover_left > 0.9, "{e:?}");
        assert_eq!(level_of(&e), ReuseLevel::Rewrite);
    }

    #[test]
    fn unrelated_sentences_are_none_and_empty_text_is_none() {
        let a = "Heavy rain flooded the valley overnight.";
        let b = "The central bank left interest rates unchanged.";
        assert_eq!(reuse_level(a, b), ReuseLevel::None);
        assert_eq!(reuse_level("", b), ReuseLevel::None);
    }
}
