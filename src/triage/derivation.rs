//! Derivation: which earlier articles of its story an article reuses (verbatim or rewritten,
//! sentence by sentence, by the one reuse rule in `align::reuse`), how much of its text comes
//! from each, who copied whom, and what is its own reporting (the part with no reuse source).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::align::reuse::{copy_level, may_be_copy, Interner, Prepared, ReuseLevel};
use crate::article::Article;

/// Bump when this rule or the reuse rule changes, so cached derivations are recomputed.
const VERSION: &str = "derivation-2";

/// Wholly derived: at least this share of the article's words is reused. A five-paragraph
/// copy with one paragraph of its own, or one trimmed by a fifth, still reads as the source.
pub const WHOLLY: f32 = 0.8;
/// Partially derived: at least this share reused (a paragraph of wire copy in a five-paragraph
/// piece). Under it, one shared sentence or a quote two outlets both took does not make a copy.
pub const PARTIALLY: f32 = 0.2;
/// Containment asymmetry that decides direction without publication times: the copy is the
/// text more contained in the other by at least this much; closer than that, drop order.
const ASYMMETRY: f32 = 0.1;
/// A word run (trigram) that more distinct sentences of a story carry than this is a set
/// phrase of the story, not evidence of copying; it finds no candidates (a sentence's rarer
/// runs still do, and identical sentences are found without it).
const COMMON_RUN: usize = 64;

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

/// An item's reuse in a few words, for a list column: "82% from Reuters" (its largest
/// source's share and that source's outlet, else its file name; "+1" when it has more
/// sources). `None` when it is independent (a shared sentence or two is no copy).
pub fn derived_label(report: &super::Report, item: &super::Item) -> Option<String> {
    if matches!(item.derivation, None | Some(DerivationClass::Independent)) {
        return None;
    }
    let top = item.derived_from.first()?;
    let source = report.items.iter().find(|i| i.path == top.path);
    let name = source.and_then(|i| i.outlet.clone()).unwrap_or_else(|| {
        std::path::Path::new(&top.path)
            .file_stem()
            .map_or(top.path.clone(), |n| n.to_string_lossy().into_owned())
    });
    let more = match item.derived_from.len() {
        1 => String::new(),
        n => format!(" +{}", n - 1),
    };
    Some(format!("{:.0}% from {name}{more}", top.share * 100.0))
}

/// The item's derivation on one line for a detail line or a report: its class, each
/// source's share (verbatim / rewrite) and what is its own.
pub fn derivation_line(item: &super::Item) -> Option<String> {
    let class = item.derivation?;
    let mut s = match class {
        DerivationClass::WhollyDerived => "wholly derived".to_string(),
        DerivationClass::PartiallyDerived => "partially derived".to_string(),
        DerivationClass::Independent => "independent".to_string(),
    };
    for d in &item.derived_from {
        let name = std::path::Path::new(&d.path)
            .file_name()
            .map_or(d.path.clone(), |n| n.to_string_lossy().into_owned());
        s.push_str(&format!(
            " · {:.0}% from {name} ({:.0}% verbatim, {:.0}% rewrite)",
            d.share * 100.0,
            d.verbatim * 100.0,
            d.rewrite * 100.0
        ));
    }
    s.push_str(&format!(
        " · own reporting {:.0}%",
        item.own_reporting * 100.0
    ));
    Some(s)
}

/// One sentence: its article and paragraph, prepared for comparison.
struct Unit {
    article: usize,
    paragraph: usize,
    text: Prepared,
}

/// The derivation of each of a story's articles, given in (first seen, path) order with their
/// publication dates (ISO; compared as text, so a day-only date sorts before times that day).
pub fn story_derivation(articles: &[&Article], published: &[Option<&str>]) -> Vec<Derivation> {
    let units = units(articles);
    let matches = copied_sentences(&units);
    let mut total = vec![0usize; articles.len()];
    for u in &units {
        total[u.article] += u.text.words.len();
    }
    // contained[(a, b)]: words of a in sentences copied from b.
    let mut contained: HashMap<(usize, usize), usize> = HashMap::new();
    for (s, found) in matches.iter().enumerate() {
        for &(b, _) in found {
            *contained.entry((units[s].article, b)).or_default() += units[s].text.words.len();
        }
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
    for (s, cands) in matches.iter().enumerate() {
        let u = &units[s];
        let best = cands
            .iter()
            .filter(|(b, _)| earlier(*b, u.article))
            .min_by_key(|(b, level)| (*level, rank(*b)));
        if let Some(&(b, level)) = best {
            let e = credit[u.article].entry(b).or_default();
            if level == ReuseLevel::Verbatim {
                e.0 += u.text.words.len();
            } else {
                e.1 += u.text.words.len();
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
    let mut interner = Interner::default();
    let mut out = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        for (p, para) in art.paragraphs.iter().enumerate() {
            for s in &para.sentences {
                let text = interner.prepare(&s.text);
                if text.words.is_empty() {
                    continue;
                }
                out.push(Unit {
                    article: a,
                    paragraph: p,
                    text,
                });
            }
        }
    }
    out
}

/// For every sentence, every other article holding a copy of it (verbatim or rewritten), with
/// the strongest level, by article. Identical sentences are compared
/// once (a wire sentence fifty outlets carry is one), and a candidate must share enough word
/// runs ([`may_be_copy`]) before the full comparison.
fn copied_sentences(units: &[Unit]) -> Vec<Vec<(usize, ReuseLevel)>> {
    // Distinct sentences and the units carrying each.
    let mut id_of: HashMap<&[u32], usize> = HashMap::new();
    let mut carriers: Vec<Vec<usize>> = Vec::new();
    let mut distinct_of = Vec::with_capacity(units.len());
    for (k, u) in units.iter().enumerate() {
        let d = *id_of.entry(u.text.words.as_slice()).or_insert_with(|| {
            carriers.push(Vec::new());
            carriers.len() - 1
        });
        carriers[d].push(k);
        distinct_of.push(d);
    }
    let first: Vec<usize> = carriers.iter().map(|c| c[0]).collect();
    let runs: Vec<&[u64]> = first
        .iter()
        .map(|&k| units[k].text.run_set.as_slice())
        .collect();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (d, rs) in runs.iter().enumerate() {
        for &r in rs.iter() {
            postings.entry(r).or_default().push(d);
        }
    }
    let copies = copies_among(&runs, &postings, |d| &units[first[d]].text);
    // Per distinct sentence, then per unit: the articles holding a copy, strongest level.
    let by_article: Vec<Vec<(usize, ReuseLevel)>> = copies
        .iter()
        .map(|found| {
            let mut v: Vec<(usize, ReuseLevel)> = found
                .iter()
                .flat_map(|&(e, level)| carriers[e].iter().map(move |&t| (units[t].article, level)))
                .collect();
            v.sort_unstable();
            v.dedup_by_key(|x| x.0);
            v
        })
        .collect();
    units
        .iter()
        .enumerate()
        .map(|(s, u)| {
            by_article[distinct_of[s]]
                .iter()
                .copied()
                .filter(|&(b, _)| b != u.article)
                .collect()
        })
        .collect()
}

/// Copies of each distinct sentence among the others, itself first: (other, level). Each
/// pair is compared once, the earlier sentence first, and its level counted for both (the
/// level is symmetric); sentences are taken in parallel, as one story can hold most of a
/// drop's wire copy.
fn copies_among<'a>(
    runs: &[&[u64]],
    postings: &HashMap<u64, Vec<usize>>,
    text: impl Fn(usize) -> &'a Prepared + Sync,
) -> Vec<Vec<(usize, ReuseLevel)>> {
    use rayon::prelude::*;
    let n = runs.len();
    let pairs: Vec<(usize, usize, ReuseLevel)> = (0..n)
        .into_par_iter()
        .map_init(
            || vec![0u32; n],
            |counts, d| {
                let mut touched = Vec::new();
                for r in runs[d].iter() {
                    let Some(list) = postings.get(r).filter(|l| l.len() <= COMMON_RUN) else {
                        continue;
                    };
                    for &e in list.iter().filter(|&&e| e > d) {
                        if counts[e] == 0 {
                            touched.push(e);
                        }
                        counts[e] += 1;
                    }
                }
                let me = text(d);
                let mut found = Vec::new();
                for e in touched {
                    counts[e] = 0;
                    let other = text(e);
                    if !may_be_copy(me, other) {
                        continue;
                    }
                    let level = copy_level(me, other);
                    if level.is_copy() {
                        found.push((d, e, level));
                    }
                }
                found
            },
        )
        .flatten()
        .collect();
    let mut copies: Vec<Vec<(usize, ReuseLevel)>> =
        (0..n).map(|d| vec![(d, ReuseLevel::Verbatim)]).collect();
    for (d, e, level) in pairs {
        copies[d].push((e, level));
        copies[e].push((d, level));
    }
    copies
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
