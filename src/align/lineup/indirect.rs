//! Indirect speech in a lineup: the sentence of an aligned paragraph that names the speaker
//! and carries the quote's words without quotation marks ("Ushakov told reporters that the
//! sides were neither closer nor further").

use std::collections::BTreeSet;
use std::time::Duration;

use super::{covered, flags, quote_words, INDIRECT_SAME_QUOTE};
use crate::align::quotes::{attribution_verb, surname};
use crate::align::worddiff::word_diff;
use crate::align::{QuoteVariant, TextSpan};
use crate::article::{Article, Sentence};
use crate::normalise::{normalise, words};

/// Add, for each paragraph aligned with a variant's paragraph (`near`) in an outlet with no
/// variant yet, the sentence that names the speaker and carries the quote's words in indirect
/// speech.
pub(super) fn add_indirect(
    articles: &[Article],
    near: &BTreeSet<(usize, usize)>,
    ks: &[usize],
    recs: &[(usize, usize, &[String], &str)],
    speaker: &Option<String>,
    variants: &mut Vec<QuoteVariant>,
    deadline: Duration,
) {
    let Some(speaker) = speaker else { return };
    let sur = surname(speaker);
    let reference = recs[ks[0]];
    let mut done: BTreeSet<usize> = variants.iter().map(|v| v.article).collect();
    for &(article, paragraph) in near {
        if done.contains(&article) {
            continue;
        }
        let Some(para) = articles
            .get(article)
            .and_then(|a| a.paragraphs.get(paragraph))
        else {
            continue;
        };
        // Any direct rendering may be the one the indirect speech is closest to: 004's
        // "neither closer nor further" shares two words with 001's short quote, too few
        // with 000's long one.
        let found = para.sentences.iter().find(|s| {
            let t = quote_words(&s.text);
            names_speaker(&s.text, &sur)
                && ks
                    .iter()
                    .any(|&k| covered(recs[k].2, &t) >= INDIRECT_SAME_QUOTE)
        });
        if let Some(s) = found {
            variants.push(QuoteVariant {
                flags: flags(reference.3, &s.text),
                diff: word_diff(reference.3, &s.text, deadline),
                ..indirect_variant(&articles[article], (article, paragraph), s, speaker)
            });
            done.insert(article);
        }
    }
}

/// Whether a sentence names the speaker whose surname is `surname` (spelt either way, in
/// either script).
pub(super) fn names_speaker(sentence: &str, surname: &str) -> bool {
    words(&normalise(sentence))
        .iter()
        .any(|w| crate::align::facts::respelt(w, surname))
}

/// Sentence `s` of paragraph `at` (article, paragraph) of `art`, as indirect speech of
/// `speaker`: no diff, no flags yet.
pub(super) fn indirect_variant(
    art: &Article,
    at: (usize, usize),
    s: &Sentence,
    speaker: &str,
) -> QuoteVariant {
    QuoteVariant {
        article: at.0,
        paragraph: at.1,
        text: s.text.clone(),
        span: TextSpan::new(s.start, s.end),
        speaker: Some(speaker.to_string()),
        verb: attribution_verb(&s.text),
        indirect: true,
        flags: Vec::new(),
        diff: Vec::new(),
        language: art.language.clone(),
    }
}
