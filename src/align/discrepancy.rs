//! Facts two aligned paragraphs report differently: numbers (and "nearly" vs exact), dates,
//! respelt names, and differing renderings of the same quote — each with both snippets and
//! their byte spans. Facts are compared within matching sentence pairs, so an unrelated
//! number elsewhere in a long paragraph never pairs with this one.

use super::facts::{facts, spelling_similarity, Fact, FactKind};
use super::quotes::quotes_in;
use super::{Discrepancy, DiscrepancyKind, Pair, TextSpan};
use crate::article::{Article, Paragraph, Sentence};
use crate::similarity::features::tokens;

/// Two respellings of a name at least this close (trigram Jaccard) are the same name.
const NAME_SPELLING: f32 = 0.3;
/// Two quotes sharing at least this share of the shorter one's content words render one quote.
const SAME_QUOTE: f32 = 0.5;

/// What discrepancy checks need of one paragraph, computed once per paragraph of a drop.
#[derive(Debug, Clone, Default)]
pub struct ParagraphFacts {
    /// The facts of each sentence, in sentence order.
    pub sentences: Vec<Vec<Fact>>,
    /// Each quote's span in the paragraph text, its sorted content terms and folded words.
    pub quotes: Vec<((usize, usize), Vec<String>, String)>,
}

/// Extract the facts and quotes of a paragraph.
pub fn paragraph_facts(p: &Paragraph) -> ParagraphFacts {
    ParagraphFacts {
        sentences: p.sentences.iter().map(|s| facts(&s.text)).collect(),
        quotes: quotes_in(&p.text)
            .into_iter()
            .map(|q| {
                let mut t: Vec<String> = tokens(&q.text).into_iter().map(|t| t.term).collect();
                t.sort();
                t.dedup();
                let w = crate::normalise::words(&crate::normalise::normalise(&q.text)).join(" ");
                ((q.start, q.end), t, w)
            })
            .collect(),
    }
}

/// The discrepancies within one aligned pair, in a stable order.
pub fn between(left: &Article, right: &Article, pair: &Pair) -> Vec<Discrepancy> {
    let (Some(lp), Some(rp)) = (
        left.paragraphs.get(pair.left),
        right.paragraphs.get(pair.right),
    ) else {
        return Vec::new();
    };
    between_with(lp, &paragraph_facts(lp), rp, &paragraph_facts(rp), pair)
}

/// [`between`] with the facts of both paragraphs already extracted.
pub fn between_with(
    lp: &Paragraph,
    lf: &ParagraphFacts,
    rp: &Paragraph,
    rf: &ParagraphFacts,
    pair: &Pair,
) -> Vec<Discrepancy> {
    let mut out: Vec<Discrepancy> = Vec::new();
    for &(li, rj) in &pair.sentences {
        let (Some(ls), Some(rs)) = (lp.sentences.get(li), rp.sentences.get(rj)) else {
            continue;
        };
        let (Some(lfs), Some(rfs)) = (lf.sentences.get(li), rf.sentences.get(rj)) else {
            continue;
        };
        for (kind, a, b) in differing_facts(lfs, rfs) {
            out.push(make(pair, kind, ls, &a, rs, &b));
        }
    }
    for (lq, rq) in differing_quotes(&lf.quotes, &rf.quotes) {
        out.push(Discrepancy {
            left: pair.left,
            right: pair.right,
            kind: DiscrepancyKind::Quote,
            left_text: lp.text[lq.0..lq.1].to_string(),
            right_text: rp.text[rq.0..rq.1].to_string(),
            left_span: TextSpan::new(lp.start + lq.0, lp.start + lq.1),
            right_span: TextSpan::new(rp.start + rq.0, rp.start + rq.1),
        });
    }
    out.sort_by(|a, b| {
        (a.left_span.start, a.right_span.start, a.kind as u8).cmp(&(
            b.left_span.start,
            b.right_span.start,
            b.kind as u8,
        ))
    });
    out.dedup_by(|a, b| a.left_span == b.left_span && a.right_span == b.right_span);
    out
}

fn make(
    pair: &Pair,
    kind: DiscrepancyKind,
    ls: &Sentence,
    lf: &Fact,
    rs: &Sentence,
    rf: &Fact,
) -> Discrepancy {
    Discrepancy {
        left: pair.left,
        right: pair.right,
        kind,
        left_text: ls.text[lf.start..lf.end].to_string(),
        right_text: rs.text[rf.start..rf.end].to_string(),
        left_span: TextSpan::new(ls.start + lf.start, ls.start + lf.end),
        right_span: TextSpan::new(rs.start + rf.start, rs.start + rf.end),
    }
}

/// Facts of two matching sentences that disagree. Symmetric: swapping the sides swaps the
/// facts in each result and nothing else.
pub fn differing_facts(l: &[Fact], r: &[Fact]) -> Vec<(DiscrepancyKind, Fact, Fact)> {
    let mut out = Vec::new();
    for (fk, dk) in [
        (FactKind::Number, DiscrepancyKind::Number),
        (FactKind::Date, DiscrepancyKind::Date),
    ] {
        let lv: Vec<&Fact> = l.iter().filter(|f| f.kind == fk).collect();
        let rv: Vec<&Fact> = r.iter().filter(|f| f.kind == fk).collect();
        // Same number, but "nearly five hours" against "five-hour": the k-th occurrence of a
        // value on one side meets the k-th on the other, so the result is symmetric.
        let nth =
            |xs: &[&Fact], k: usize| xs[..k].iter().filter(|x| x.value == xs[k].value).count();
        for (k, a) in lv.iter().enumerate() {
            let n = nth(&lv, k);
            let b = rv.iter().filter(|b| b.value == a.value).nth(n);
            if let Some(b) = b {
                if fk == FactKind::Number && a.qualifier != b.qualifier {
                    out.push((dk, (*a).clone(), (*b).clone()));
                }
            }
        }
        // Values only one side has, paired in reading order: "20 items" against "19 points".
        let lu = lv.iter().filter(|a| !rv.iter().any(|b| b.value == a.value));
        let ru: Vec<&&Fact> = rv
            .iter()
            .filter(|b| !lv.iter().any(|a| a.value == b.value))
            .collect();
        for (a, b) in lu.zip(ru) {
            out.push((dk, (*a).clone(), (**b).clone()));
        }
    }
    // A name spelt two ways (Yuri/Yury): mutual best respelling among names only one side has.
    let ln: Vec<&Fact> = l.iter().filter(|f| f.kind == FactKind::Name).collect();
    let rn: Vec<&Fact> = r.iter().filter(|f| f.kind == FactKind::Name).collect();
    let only = |xs: &[&Fact], ys: &[&Fact]| -> Vec<Fact> {
        xs.iter()
            .filter(|a| !ys.iter().any(|b| b.value == a.value))
            .map(|a| (*a).clone())
            .collect()
    };
    let (lo, ro) = (only(&ln, &rn), only(&rn, &ln));
    let best = |a: &Fact, ys: &[Fact]| -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (k, b) in ys.iter().enumerate() {
            let s = spelling_similarity(&a.value, &b.value);
            let same_start = a.value.chars().next() == b.value.chars().next();
            if s >= NAME_SPELLING && same_start && best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, k));
            }
        }
        best.map(|b| b.1)
    };
    for (i, a) in lo.iter().enumerate() {
        if let Some(j) = best(a, &ro) {
            if best(&ro[j], &lo) == Some(i) {
                out.push((DiscrepancyKind::Name, a.clone(), ro[j].clone()));
            }
        }
    }
    out
}

type QuoteFacts = ((usize, usize), Vec<String>, String);

/// Quote spans of two paragraphs that render the same quote with different words.
fn differing_quotes(lq: &[QuoteFacts], rq: &[QuoteFacts]) -> Vec<((usize, usize), (usize, usize))> {
    let mut out = Vec::new();
    // A quote rendered word for word on the other side is settled: no variant of it differs.
    let settled_l = |w: &String| rq.iter().any(|q| &q.2 == w);
    let settled_r = |w: &String| lq.iter().any(|q| &q.2 == w);
    for (la, ta, wa) in lq {
        if settled_l(wa) {
            continue;
        }
        for (rb, tb, wb) in rq {
            if settled_r(wb) {
                continue;
            }
            let shared = ta.iter().filter(|t| tb.binary_search(t).is_ok()).count();
            let smaller = ta.len().min(tb.len());
            if smaller == 0
                || shared < 2.min(smaller)
                || (shared as f32) < SAME_QUOTE * smaller as f32
            {
                continue;
            }
            if wa != wb {
                out.push((*la, *rb));
            }
        }
    }
    out
}
