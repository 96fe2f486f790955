//! Derivation: which earlier articles of its story an article reuses (verbatim or rewritten,
//! sentence by sentence, by the one reuse rule in `align::reuse`), how much of its text comes
//! from each, who copied whom, and what is its own reporting (the part with no reuse source).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::shingles::fnv64;
use crate::align::reuse::{evidence, level_of, reuse_words, ReuseLevel, MIN_RUN};
use crate::article::Article;

/// Bump when this rule or the reuse rule changes, so cached derivations are recomputed.
const VERSION: &str = "derivation-1";

/// Wholly derived: at least this share of the article's words is reused. A five-paragraph
/// copy with one paragraph of its own, or one trimmed by a fifth, still reads as the source.
pub const WHOLLY: f32 = 0.8;
/// Partially derived: at least this share reused (a paragraph of wire copy in a five-paragraph
/// piece). Under it, one shared sentence or a quote two outlets both took does not make a copy.
pub const PARTIALLY: f32 = 0.2;
/// Containment asymmetry that decides direction without publication times: the copy is the
/// text more contained in the other by at least this much; closer than that, drop order.
const ASYMMETRY: f32 = 0.1;
/// A word run (trigram) that more sentences of a story carry than this is a set phrase of the
/// story, not evidence of copying; it finds no candidates (a sentence's rarer runs still do).
const COMMON_RUN: usize = 256;

/// How much of an article is reused from earlier articles of its story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DerivationClass {
    /// At least [`WHOLLY`] of its words reused.
    WhollyDerived,
    /// At least [`PARTIALLY`].
    PartiallyDerived,
    Independent,
}

/// One source of an article: `source` indexes the story's articles as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceShare {
    pub source: usize,
    /// Share of the article's words reused from it (`verbatim + rewrite`), in [0, 1].
    pub share: f32,
    pub verbatim: f32,
    pub rewrite: f32,
}

/// The derivation of one article of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub class: DerivationClass,
    /// Its sources, largest share first (then story order). Each reused sentence is credited
    /// to one source, so the shares add up to at most 1.
    pub sources: Vec<SourceShare>,
    /// Share of its words with no reuse source, in [0, 1].
    pub own_reporting: f32,
    /// Paragraphs none of whose sentences is reused, ascending.
    pub own_paragraphs: Vec<usize>,
}

/// Cache key of the derivation of a story's articles (content hashes and dates, in order).
pub fn key(hashes: &[&str], published: &[Option<&str>]) -> String {
    let mut h = blake3::Hasher::new();
    h.update(VERSION.as_bytes());
    for (x, p) in hashes.iter().zip(published) {
        h.update(b"|");
        h.update(x.as_bytes());
        h.update(b"@");
        h.update(p.unwrap_or("").as_bytes());
    }
    format!("d:{}", h.finalize().to_hex())
}

/// One sentence: its article and paragraph, its reuse words and their trigram hashes.
struct Unit {
    article: usize,
    paragraph: usize,
    words: Vec<String>,
    runs: Vec<u64>,
}

/// The derivation of each of a story's articles, given in (first seen, path) order with their
/// publication dates (ISO; compared as text, so a day-only date sorts before times that day).
pub fn story_derivation(articles: &[&Article], published: &[Option<&str>]) -> Vec<Derivation> {
    let units = units(articles);
    let matches = copied_sentences(&units);
    let words_of = |a: usize| -> usize {
        units
            .iter()
            .filter(|u| u.article == a)
            .map(|u| u.words.len())
            .sum()
    };
    let total: Vec<usize> = (0..articles.len()).map(words_of).collect();
    // contained[(a, b)]: words of a in sentences copied from b.
    let mut contained: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    for &(s, b) in matches.keys() {
        *contained.entry((units[s].article, b)).or_default() += units[s].words.len();
    }
    let share = |a: usize, b: usize| {
        contained.get(&(a, b)).copied().unwrap_or(0) as f32 / total[a].max(1) as f32
    };
    // Does `b` come before `a` (so `a` may copy `b`)?
    let earlier = |b: usize, a: usize| -> bool {
        if let (Some(x), Some(y)) = (published[b], published[a]) {
            if x != y {
                return x < y;
            }
        }
        let (ab, ba) = (share(a, b), share(b, a));
        if (ab - ba).abs() >= ASYMMETRY {
            return ab > ba;
        }
        b < a
    };
    // Rank of a source among equals: earliest published, then story order.
    let rank = |b: usize| (published[b].is_none(), published[b].unwrap_or(""), b);
    let mut credit: Vec<BTreeMap<usize, (usize, usize)>> = vec![BTreeMap::new(); articles.len()];
    let mut reused_paragraph: Vec<Vec<bool>> = articles
        .iter()
        .map(|a| vec![false; a.paragraphs.len()])
        .collect();
    let mut by_unit: BTreeMap<usize, Vec<(usize, ReuseLevel)>> = BTreeMap::new();
    for (&(s, b), &level) in &matches {
        by_unit.entry(s).or_default().push((b, level));
    }
    for (s, cands) in by_unit {
        let u = &units[s];
        let best = cands
            .iter()
            .filter(|(b, _)| earlier(*b, u.article))
            .min_by_key(|(b, level)| (*level, rank(*b)));
        if let Some(&(b, level)) = best {
            let e = credit[u.article].entry(b).or_default();
            if level == ReuseLevel::Verbatim {
                e.0 += u.words.len();
            } else {
                e.1 += u.words.len();
            }
            reused_paragraph[u.article][u.paragraph] = true;
        }
    }
    (0..articles.len())
        .map(|a| derivation(&credit[a], total[a], &reused_paragraph[a]))
        .collect()
}

/// The derivation from one article's credited words per source.
fn derivation(
    credit: &BTreeMap<usize, (usize, usize)>,
    total: usize,
    reused_paragraph: &[bool],
) -> Derivation {
    let t = total.max(1) as f32;
    let mut sources: Vec<SourceShare> = credit
        .iter()
        .map(|(&source, &(v, r))| SourceShare {
            source,
            share: (v + r) as f32 / t,
            verbatim: v as f32 / t,
            rewrite: r as f32 / t,
        })
        .collect();
    sources.sort_by(|x, y| y.share.total_cmp(&x.share).then(x.source.cmp(&y.source)));
    let reused: f32 = sources.iter().map(|s| s.share).sum::<f32>().min(1.0);
    let class = if total > 0 && reused >= WHOLLY {
        DerivationClass::WhollyDerived
    } else if total > 0 && reused >= PARTIALLY {
        DerivationClass::PartiallyDerived
    } else {
        DerivationClass::Independent
    };
    Derivation {
        class,
        sources,
        own_reporting: if total == 0 { 0.0 } else { 1.0 - reused },
        own_paragraphs: (0..reused_paragraph.len())
            .filter(|&p| !reused_paragraph[p])
            .collect(),
    }
}

fn units(articles: &[&Article]) -> Vec<Unit> {
    let mut out = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        for (p, para) in art.paragraphs.iter().enumerate() {
            for s in &para.sentences {
                let words = reuse_words(&s.text);
                if words.is_empty() {
                    continue;
                }
                let runs = words
                    .windows(MIN_RUN)
                    .map(|w| fnv64(w.join(" ").as_bytes()))
                    .collect();
                out.push(Unit {
                    article: a,
                    paragraph: p,
                    words,
                    runs,
                });
            }
        }
    }
    out
}

/// For every sentence and every other article it shares word runs with: the best reuse level
/// (verbatim or rewrite) against that article's sentence sharing the most runs with it.
/// Keyed by (sentence, other article); sentences shorter than a run are never copies.
fn copied_sentences(units: &[Unit]) -> BTreeMap<(usize, usize), ReuseLevel> {
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (k, u) in units.iter().enumerate() {
        let mut runs = u.runs.clone();
        runs.sort_unstable();
        runs.dedup();
        for r in runs {
            postings.entry(r).or_default().push(k);
        }
    }
    let mut out = BTreeMap::new();
    for (s, u) in units.iter().enumerate() {
        // Shared runs per candidate sentence of another article.
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for r in &u.runs {
            let Some(list) = postings.get(r).filter(|l| l.len() <= COMMON_RUN) else {
                continue;
            };
            for &t in list {
                if units[t].article != u.article {
                    *shared.entry(t).or_default() += 1;
                }
            }
        }
        // The candidate sharing most runs in each other article (ties: the first).
        let mut best: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
        for (t, n) in shared {
            let b = units[t].article;
            let e = best.entry(b).or_insert((n, t));
            if n > e.0 || (n == e.0 && t < e.1) {
                *e = (n, t);
            }
        }
        for (b, (_, t)) in best {
            let level = if units[t].words == u.words {
                ReuseLevel::Verbatim
            } else {
                level_of(&evidence(&u.words, &units[t].words))
            };
            if level.is_copy() {
                out.insert((s, b), level);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    const WIRE: &str = "Floods close the Sava valley road\n\nRescue crews evacuated three villages along the Sava river after two days of heavy rain.\n\nThe regional governor said the water had reached the highest level recorded since 1964.\n\nForecasters expect more rain over the mountains on Thursday night.\n";

    #[test]
    fn a_trimmed_copy_is_derived_from_its_source_and_the_source_is_independent() {
        let wire = art(WIRE);
        let copy = art("Floods close the Sava valley road\n\nRescue crews evacuated three villages along the Sava river after two days of heavy rain.\n\nThe regional governor said the water had reached the highest level recorded since 1964.\n");
        let d = story_derivation(&[&wire, &copy], &[None, None]);
        assert_eq!(d[0].class, DerivationClass::Independent, "{:?}", d[0]);
        assert_eq!(d[0].own_reporting, 1.0);
        assert_eq!(d[1].class, DerivationClass::WhollyDerived, "{:?}", d[1]);
        assert_eq!(d[1].sources[0].source, 0);
        assert!(d[1].sources[0].verbatim > 0.95, "{:?}", d[1]);
    }

    #[test]
    fn publication_time_beats_drop_order() {
        let wire = art(WIRE);
        let copy = art(WIRE);
        // The copy comes first in the drop but was published later.
        let d = story_derivation(
            &[&copy, &wire],
            &[Some("2025-12-03T10:00"), Some("2025-12-03T08:00")],
        );
        assert_eq!(d[0].sources.first().map(|s| s.source), Some(1));
        assert!(d[1].sources.is_empty());
    }

    #[test]
    fn an_unrelated_article_of_the_story_is_independent() {
        let wire = art(WIRE);
        let own = art("Valley farmers count losses\n\nFarmers in the lower valley said the floods destroyed most of the maize harvest this year.\n\nThe agriculture ministry promised compensation within a month.\n");
        let d = story_derivation(&[&wire, &own], &[None, None]);
        assert_eq!(d[1].class, DerivationClass::Independent);
        assert_eq!(d[1].own_paragraphs.len(), own.paragraphs.len());
    }
}
