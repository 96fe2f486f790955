//! Quote lineups: the renderings of the same quote across a drop's outlets, with the word
//! diff of each against the first, the attribution verb each outlet chose, flags where the
//! meaning may shift (a negation or hedge added or dropped, half the quote missing), and the
//! indirect-speech renderings of the same statement in aligned paragraphs.

use std::collections::BTreeSet;
use std::time::Duration;

use rayon::prelude::*;

use super::groups::Link;
use super::quotes::{quotes_in, surname};
use super::worddiff::word_diff;
use super::{QuoteGroup, QuoteVariant, TextSpan};
use crate::article::Article;
use crate::normalise::{normalise, words};
use crate::similarity::features::tokens;

/// Two quotes render the same statement when they share at least this share of the shorter
/// one's content terms (and at least two terms).
const SAME_QUOTE: f32 = 0.6;
/// Above this many quotes, only quotes in aligned paragraphs are compared (never all pairs).
const ALL_PAIRS_LIMIT: usize = 2000;
/// A variant with less than this share of the first variant's words is flagged `partial`.
const PARTIAL: f32 = 0.5;

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nothing", "without", "cannot",
];
const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "perhaps",
    "possibly",
    "some",
    "rather",
    "seem",
    "seems",
    "appear",
    "appears",
    "reportedly",
    "allegedly",
    "likely",
    "probably",
    "almost",
    "nearly",
    "partly",
    "partially",
    "less",
];

struct Rec {
    article: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    text: String,
    speaker: Option<String>,
    verb: Option<String>,
    terms: Vec<String>,
}

fn terms_of(text: &str) -> Vec<String> {
    let mut t: Vec<String> = tokens(text).into_iter().map(|t| t.term).collect();
    t.sort();
    t.dedup();
    t
}

fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|t| b.binary_search(t).is_ok()).count()
}

fn same_quote(a: &[String], b: &[String]) -> bool {
    let n = shared(a, b);
    let smaller = a.len().min(b.len());
    n >= 2 && n as f32 >= SAME_QUOTE * smaller as f32
}

fn flags(reference: &str, variant: &str) -> Vec<String> {
    let norm = |s: &str| -> Vec<String> {
        words(&normalise(s))
            .into_iter()
            .map(|w| w.to_string())
            .collect()
    };
    let (r, v) = (norm(reference), norm(variant));
    let has_neg = |ws: &[String]| {
        ws.iter()
            .any(|w| NEGATIONS.contains(&w.as_str()) || w.ends_with("n't"))
    };
    let has_hedge = |ws: &[String]| ws.iter().any(|w| HEDGES.contains(&w.as_str()));
    let mut out = Vec::new();
    if has_neg(&r) != has_neg(&v) {
        out.push("negation".to_string());
    }
    if has_hedge(&r) != has_hedge(&v) {
        out.push("hedge".to_string());
    }
    if (v.len() as f32) < PARTIAL * r.len() as f32 {
        out.push("partial".to_string());
    }
    out
}

/// The quote lineups of a drop, largest (most outlets) first.
pub fn lineups(articles: &[Article], links: &[Link], deadline: Duration) -> Vec<QuoteGroup> {
    let recs: Vec<Rec> = articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, art)| {
            art.paragraphs
                .iter()
                .enumerate()
                .flat_map(move |(p, para)| {
                    quotes_in(&para.text).into_iter().map(move |q| Rec {
                        article: a,
                        paragraph: p,
                        start: para.start + q.start,
                        end: para.start + q.end,
                        terms: terms_of(&q.text),
                        text: q.text,
                        speaker: q.speaker,
                        verb: q.verb,
                    })
                })
        })
        .collect();
    let mut parent: Vec<usize> = (0..recs.len()).collect();
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    let join = |parent: &mut Vec<usize>, x: usize, y: usize| {
        let (rx, ry) = (root(parent, x), root(parent, y));
        if rx != ry {
            parent[rx.max(ry)] = rx.min(ry);
        }
    };
    let same_speaker = |x: &Rec, y: &Rec| match (&x.speaker, &y.speaker) {
        (Some(a), Some(b)) => surname(a) == surname(b),
        _ => false,
    };
    // Two named speakers who differ never said the same quote.
    let other_speaker = |x: &Rec, y: &Rec| match (&x.speaker, &y.speaker) {
        (Some(a), Some(b)) => surname(a) != surname(b),
        _ => false,
    };
    // Quotes of linked paragraphs: the same statement may be rendered with few shared words
    // when the paragraphs align and the speaker is the same.
    let linked: BTreeSet<((usize, usize), (usize, usize))> = links
        .iter()
        .flat_map(|l| {
            let (a, b) = ((l.a.article, l.a.paragraph), (l.b.article, l.b.paragraph));
            [(a, b), (b, a)]
        })
        .collect();
    // In aligned paragraphs by the same speaker, a quote meets the other paragraph's quote it
    // shares most words with, and only if that choice is mutual: a paragraph quoting two
    // statements never merges them.
    let best_in = |x: usize, art: usize, p: usize| -> Option<usize> {
        (0..recs.len())
            .filter(|&k| recs[k].article == art && recs[k].paragraph == p)
            .map(|k| (shared(&recs[x].terms, &recs[k].terms), k))
            .filter(|&(n, _)| n >= 1)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, k)| k)
    };
    let mutual_best = |x: usize, y: usize| {
        best_in(x, recs[y].article, recs[y].paragraph) == Some(y)
            && best_in(y, recs[x].article, recs[x].paragraph) == Some(x)
    };
    let by_paragraph = |art: usize, p: usize| -> Vec<usize> {
        (0..recs.len())
            .filter(|&k| recs[k].article == art && recs[k].paragraph == p)
            .collect()
    };
    if recs.len() <= ALL_PAIRS_LIMIT {
        for x in 0..recs.len() {
            for y in x + 1..recs.len() {
                let (rx, ry) = (&recs[x], &recs[y]);
                if rx.article == ry.article || other_speaker(rx, ry) {
                    continue;
                }
                let aligned =
                    linked.contains(&((rx.article, rx.paragraph), (ry.article, ry.paragraph)));
                if same_quote(&rx.terms, &ry.terms)
                    || (aligned && same_speaker(rx, ry) && shared(&rx.terms, &ry.terms) >= 1)
                {
                    join(&mut parent, x, y);
                }
            }
        }
    } else {
        for &((aa, ap), (ba, bp)) in &linked {
            for x in by_paragraph(aa, ap) {
                for y in by_paragraph(ba, bp) {
                    let (rx, ry) = (&recs[x], &recs[y]);
                    if other_speaker(rx, ry) {
                        continue;
                    }
                    if same_quote(&rx.terms, &ry.terms)
                        || (same_speaker(rx, ry) && mutual_best(x, y))
                    {
                        join(&mut parent, x, y);
                    }
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for k in 0..recs.len() {
        let r = root(&mut parent, k);
        groups.entry(r).or_default().push(k);
    }
    let mut out: Vec<QuoteGroup> = groups
        .into_values()
        .map(|ks| {
            let reference = &recs[ks[0]];
            let mut variants: Vec<QuoteVariant> = ks
                .iter()
                .map(|&k| {
                    let r = &recs[k];
                    QuoteVariant {
                        article: r.article,
                        paragraph: r.paragraph,
                        text: r.text.clone(),
                        span: TextSpan::new(r.start, r.end),
                        speaker: r.speaker.clone(),
                        verb: r.verb.clone(),
                        indirect: false,
                        flags: if k == ks[0] {
                            Vec::new()
                        } else {
                            flags(&reference.text, &r.text)
                        },
                        diff: if k == ks[0] {
                            Vec::new()
                        } else {
                            word_diff(&reference.text, &r.text, deadline)
                        },
                    }
                })
                .collect();
            let speaker = ks.iter().find_map(|&k| recs[k].speaker.clone());
            add_indirect(
                articles,
                links,
                &ks,
                &recs_view(&recs),
                &speaker,
                &mut variants,
                deadline,
            );
            QuoteGroup { speaker, variants }
        })
        .collect();
    out.sort_by(|x, y| {
        let outlets = |g: &QuoteGroup| {
            g.variants
                .iter()
                .map(|v| v.article)
                .collect::<BTreeSet<_>>()
                .len()
        };
        outlets(y).cmp(&outlets(x)).then(
            (x.variants[0].article, x.variants[0].span)
                .cmp(&(y.variants[0].article, y.variants[0].span)),
        )
    });
    out
}

/// What indirect-speech matching needs of each quote: (article, paragraph, terms).
fn recs_view(recs: &[Rec]) -> Vec<(usize, usize, &[String], &str)> {
    recs.iter()
        .map(|r| (r.article, r.paragraph, r.terms.as_slice(), r.text.as_str()))
        .collect()
}

/// Add, for each paragraph aligned with a variant's paragraph in an outlet with no variant
/// yet, the sentence that names the speaker and carries the quote's words in indirect speech.
fn add_indirect(
    articles: &[Article],
    links: &[Link],
    ks: &[usize],
    recs: &[(usize, usize, &[String], &str)],
    speaker: &Option<String>,
    variants: &mut Vec<QuoteVariant>,
    deadline: Duration,
) {
    let Some(speaker) = speaker else { return };
    let sur = surname(speaker);
    let reference = recs[ks[0]];
    let mut covered: BTreeSet<usize> = variants.iter().map(|v| v.article).collect();
    let homes: BTreeSet<(usize, usize)> = ks.iter().map(|&k| (recs[k].0, recs[k].1)).collect();
    for l in links {
        for (from, to) in [(l.a, l.b), (l.b, l.a)] {
            if !homes.contains(&(from.article, from.paragraph)) || covered.contains(&to.article) {
                continue;
            }
            let Some(para) = articles
                .get(to.article)
                .and_then(|a| a.paragraphs.get(to.paragraph))
            else {
                continue;
            };
            let found = para.sentences.iter().find(|s| {
                let t = terms_of(&s.text);
                normalise(&s.text).contains(&sur)
                    && shared(reference.2, &t) >= 2.min(reference.2.len()).max(1)
                    && same_quote_loose(reference.2, &t)
            });
            if let Some(s) = found {
                let verb = super::quotes::attribution_verb(&s.text);
                variants.push(QuoteVariant {
                    article: to.article,
                    paragraph: to.paragraph,
                    text: s.text.clone(),
                    span: TextSpan::new(s.start, s.end),
                    speaker: Some(speaker.clone()),
                    verb,
                    indirect: true,
                    flags: flags(reference.3, &s.text),
                    diff: word_diff(reference.3, &s.text, deadline),
                });
                covered.insert(to.article);
            }
        }
    }
}

/// Indirect speech rephrases: half of the quote's content terms found in the sentence.
fn same_quote_loose(quote: &[String], sentence: &[String]) -> bool {
    !quote.is_empty() && shared(quote, sentence) as f32 >= SAME_QUOTE * quote.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_catch_a_dropped_negation_an_added_hedge_and_half_a_quote() {
        assert_eq!(flags("we are not ready", "we are ready"), vec!["negation"]);
        assert_eq!(
            flags("the plan is acceptable", "the plan may be acceptable"),
            vec!["hedge"]
        );
        assert_eq!(
            flags(
                "there is a lot of work to be done in Moscow and Washington",
                "a lot of work"
            ),
            vec!["partial"]
        );
        assert!(flags(
            "They don't have a peace agenda",
            "They don’t have a peace agenda"
        )
        .is_empty());
    }
}
