//! The one place scores are combined: the lexical score and any extra scorer (semantic),
//! weighted as `AlignOptions` says, for a paragraph pair and its sentence pairs.

use crate::article::Article;
use crate::similarity::lexical::LexicalIndex;
use crate::similarity::{ParagraphRef, PreparedScorer, SentenceRef, Similarity};

use super::AlignOptions;

/// The scorers ready for one drop: the lexical index (always there: it also drives candidate
/// generation) and the extra scorers that prepared successfully.
pub struct Scorers<'a> {
    pub lexical: LexicalIndex,
    pub lexical_weight: f32,
    pub extra: Vec<(Box<dyn PreparedScorer + 'a>, f32)>,
    /// The scorers actually used: lexical, plus semantic when an extra scorer prepared.
    pub similarity: Similarity,
    /// Extra scorers that failed to prepare, with the reason (shown to the user, never fatal).
    pub failures: Vec<String>,
}

impl<'a> Scorers<'a> {
    /// Prepare every scorer for `articles`.
    pub fn prepare(articles: &'a [Article], opts: &AlignOptions<'a>) -> Scorers<'a> {
        let lexical = LexicalIndex::build(articles);
        let mut extra = Vec::new();
        let mut failures = Vec::new();
        for w in &opts.extra {
            match w.scorer.prepare(articles) {
                Ok(p) if w.weight > 0.0 => extra.push((p, w.weight)),
                Ok(_) => {}
                Err(e) => failures.push(format!("{}: {e}", w.scorer.name())),
            }
        }
        let similarity = if extra.is_empty() {
            Similarity::Lexical
        } else {
            Similarity::LexicalSemantic
        };
        Scorers {
            lexical,
            lexical_weight: opts.lexical_weight.max(0.0),
            extra,
            similarity,
            failures,
        }
    }

    fn mean(&self, lexical: f32, extra: impl Fn(&dyn PreparedScorer) -> f32) -> f32 {
        if self.extra.is_empty() {
            return lexical;
        }
        let mut sum = self.lexical_weight * lexical;
        let mut weight = self.lexical_weight;
        for (s, w) in &self.extra {
            sum += w * extra(s.as_ref()).clamp(0.0, 1.0);
            weight += w;
        }
        if weight > 0.0 {
            (sum / weight).clamp(0.0, 1.0)
        } else {
            lexical
        }
    }

    /// The combined score of two paragraphs and of each of their sentence pairs
    /// (`sentences[li][rj]`). Headings against non-headings score 0 whatever the scorers say.
    pub fn pair(&self, a: ParagraphRef, b: ParagraphRef) -> (f32, Vec<Vec<f32>>) {
        let (lex, mut sentences) = self.lexical.paragraph_detail(a, b);
        if self.extra.is_empty() {
            return (lex, sentences);
        }
        for (li, row) in sentences.iter_mut().enumerate() {
            for (rj, s) in row.iter_mut().enumerate() {
                let (x, y) = (
                    SentenceRef {
                        article: a.article,
                        paragraph: a.paragraph,
                        sentence: li,
                    },
                    SentenceRef {
                        article: b.article,
                        paragraph: b.paragraph,
                        sentence: rj,
                    },
                );
                *s = self.mean(*s, |p| p.sentence(x, y));
            }
        }
        if lex == 0.0 && self.kind_mismatch(a, b) {
            return (0.0, sentences);
        }
        if lex == 1.0 {
            return (1.0, sentences);
        }
        (self.mean(lex, |p| p.paragraph(a, b)), sentences)
    }

    fn kind_mismatch(&self, a: ParagraphRef, b: ParagraphRef) -> bool {
        use crate::article::ParagraphKind::Heading;
        let kind = |r: ParagraphRef| {
            self.lexical
                .paragraphs
                .get(r.article)
                .and_then(|p| p.get(r.paragraph))
                .map(|p| p.kind == Heading)
        };
        kind(a) != kind(b)
    }
}
