//! Quote lineups across languages: renderings share no words, so two quotes in different
//! languages meet only in aligned paragraphs, by the semantic score of their sentences.

use std::collections::BTreeSet;

use super::indirect::{indirect_variant, names_speaker};
use super::{in_paragraph, other_speaker, Aligned, Rec};
use crate::align::QuoteVariant;
use crate::article::Article;
use crate::similarity::SentenceRef;

/// Two quotes in two languages render one statement when their sentences score this at least
/// (semantic score; on the e5 calibration a cosine of 0.78 + 0.5 × 0.22 = 0.89: on the seeds'
/// renderings in de, fr and ru, quotes of other statements joined at 0.47–0.49, and all
/// but two translations scored above 0.5) and each is the other's best in the other's article
/// ([`renders_across_languages`]).
pub(super) const ACROSS_SAME_QUOTE: f32 = 0.5;

/// Both quotes' articles have a known language, and they differ: no word is shared.
pub(super) fn other_languages(x: &Rec, y: &Rec) -> bool {
    crate::language::differ(x.language.as_deref(), y.language.as_deref())
}

/// The semantic score of two sentences (`None` without a semantic scorer).
pub type SentenceScore<'a> = dyn Fn(SentenceRef, SentenceRef) -> Option<f32> + 'a;

/// Quotes `x` and `y`, in aligned paragraphs of two languages, render one statement: no two
/// different speakers are named (across scripts: Ушаков / Ushakov are one), their sentences
/// score [`ACROSS_SAME_QUOTE`] at least, and each is the other's best match among the quotes
/// of the other's article in paragraphs aligned with its own: a paragraph quoting one
/// statement is no rendering of every statement its aligned paragraphs quote.
pub(super) fn renders_across_languages(
    recs: &[Rec],
    aligned: &Aligned,
    x: usize,
    y: usize,
    score: &SentenceScore,
) -> bool {
    let (rx, ry) = (&recs[x], &recs[y]);
    !other_speaker(rx, ry)
        && sentence_score(recs, x, y, score).is_some_and(|s| s >= ACROSS_SAME_QUOTE)
        && best_across(recs, aligned, x, ry.article, score) == Some(y)
        && best_across(recs, aligned, y, rx.article, score) == Some(x)
}

fn sentence_score(recs: &[Rec], x: usize, y: usize, score: &SentenceScore) -> Option<f32> {
    let at = |r: &Rec| SentenceRef {
        article: r.article,
        paragraph: r.paragraph,
        sentence: r.sentence,
    };
    score(at(&recs[x]), at(&recs[y]))
}

/// The quote of article `art`, in a paragraph aligned with `x`'s, whose sentence scores best
/// against quote `x`'s. Quotes of one sentence tie: then, when both sentences hold as many quotes, the one
/// in `x`'s place (translations keep the order); else the one closest in length.
fn best_across(
    recs: &[Rec],
    aligned: &Aligned,
    x: usize,
    art: usize,
    score: &SentenceScore,
) -> Option<usize> {
    let home = (recs[x].article, recs[x].paragraph);
    (0..recs.len())
        .filter(|&k| recs[k].article == art)
        .filter(|&k| aligned.together(home, (art, recs[k].paragraph)))
        .filter(|&k| !other_speaker(&recs[x], &recs[k]))
        .filter_map(|k| Some((sentence_score(recs, x, k, score)?, tie_break(recs, x, k), k)))
        .max_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map(|(_, _, k)| k)
}

/// Higher for the likelier rendering of `x` among quotes of one sentence (see [`best_across`]).
fn tie_break(recs: &[Rec], x: usize, k: usize) -> f32 {
    let ((xr, xn), (kr, kn)) = (place_in_sentence(recs, x), place_in_sentence(recs, k));
    if xn == kn {
        -(xr.abs_diff(kr) as f32)
    } else {
        let len = |j: usize| recs[j].text.chars().count().max(1) as f32;
        -(len(x) / len(k)).ln().abs()
    }
}

/// A quote's place among the quotes of its sentence, and how many the sentence holds.
fn place_in_sentence(recs: &[Rec], k: usize) -> (usize, usize) {
    let r = &recs[k];
    let same: Vec<usize> = in_paragraph(recs, r.article, r.paragraph)
        .into_iter()
        .filter(|&j| recs[j].sentence == r.sentence)
        .collect();
    (same.iter().position(|&j| j == k).unwrap_or(0), same.len())
}

/// Add, for each paragraph in `near` of an article with no variant yet, the sentence that
/// renders the statement in indirect speech in another language than a variant's ("Marco
/// Rubio a déclaré que des progrès avaient été accomplis" beside "some progress"): it names
/// the speaker (across scripts), holds no quote of its own, and scores best of its paragraph
/// against the variants in other languages, [`ACROSS_SAME_QUOTE`] at least. Shown in its own
/// language, like a direct rendering: no diff, no flags.
pub(super) fn add_indirect_across(
    articles: &[Article],
    near: &BTreeSet<(usize, usize)>,
    recs: &[Rec],
    speaker: &Option<String>,
    variants: &mut Vec<QuoteVariant>,
    score: &SentenceScore,
) {
    let Some(speaker) = speaker else { return };
    let surname = crate::align::quotes::surname(speaker);
    // The variants' sentences with their language, found once for every paragraph.
    let mut located: Vec<(Option<String>, SentenceRef)> = variants
        .iter()
        .filter_map(|v| Some((v.language.clone(), sentence_of(articles, v)?)))
        .collect();
    for &(article, paragraph) in near {
        let Some(art) = articles.get(article) else {
            continue;
        };
        let Some(para) = art.paragraphs.get(paragraph) else {
            continue;
        };
        let others: Vec<SentenceRef> = located
            .iter()
            .filter(|(l, _)| crate::language::differ(l.as_deref(), art.language.as_deref()))
            .map(|(_, s)| *s)
            .collect();
        // Nothing to render in another language (a drop in one language stops here).
        if others.is_empty() || variants.iter().any(|v| v.article == article) {
            continue;
        }
        let quoted = |k: usize| {
            recs.iter()
                .any(|r| (r.article, r.paragraph, r.sentence) == (article, paragraph, k))
        };
        let best = para
            .sentences
            .iter()
            .enumerate()
            .filter(|(k, s)| !quoted(*k) && names_speaker(&s.text, &surname))
            .filter_map(|(k, s)| {
                let here = SentenceRef {
                    article,
                    paragraph,
                    sentence: k,
                };
                let best = others
                    .iter()
                    .filter_map(|&o| score(o, here))
                    .max_by(f32::total_cmp)?;
                Some((best, here, s))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, here, s)) = best.filter(|b| b.0 >= ACROSS_SAME_QUOTE) {
            variants.push(indirect_variant(art, (article, paragraph), s, speaker));
            located.push((art.language.clone(), here));
        }
    }
}

/// The sentence a variant starts in.
fn sentence_of(articles: &[Article], v: &QuoteVariant) -> Option<SentenceRef> {
    let para = articles.get(v.article)?.paragraphs.get(v.paragraph)?;
    let sentence = para
        .sentences
        .iter()
        .rposition(|s| s.start <= v.span.start)?;
    Some(SentenceRef {
        article: v.article,
        paragraph: v.paragraph,
        sentence,
    })
}
