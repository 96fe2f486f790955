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
    /// Each article's language, when known.
    languages: Vec<Option<String>>,
}

/// At most this many paragraph pairs across languages are scored beyond the lexical
/// candidates (a story's few translations; a drop of hundreds keeps to the index).
const ACROSS_LANGUAGES_PAIRS: usize = 40_000;

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
            languages: articles.iter().map(|a| a.language.clone()).collect(),
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

    /// The matching sentence pairs of an accepted pair of paragraphs
    /// ([`super::pair::matching_sentences`]) from their combined `sentences` scores. Across
    /// languages no word is shared, so the lexical half of the mean reads nothing there and
    /// holds a translated sentence under the bar: its pairs come from the semantic scores
    /// alone. (Whether the paragraphs pair at all still rests on the combined scores.)
    pub fn matching_sentences(
        &self,
        a: ParagraphRef,
        b: ParagraphRef,
        sentences: &[Vec<f32>],
    ) -> Vec<(usize, usize)> {
        if self.extra.is_empty() || !self.languages_differ(a.article, b.article) {
            return super::pair::matching_sentences(sentences);
        }
        let at = |paragraph: ParagraphRef, sentence| SentenceRef {
            article: paragraph.article,
            paragraph: paragraph.paragraph,
            sentence,
        };
        let semantic: Vec<Vec<f32>> = sentences
            .iter()
            .enumerate()
            .map(|(li, row)| {
                (0..row.len())
                    .map(|rj| self.semantic_sentence(at(a, li), at(b, rj)).unwrap_or(0.0))
                    .collect()
            })
            .collect();
        super::pair::matching_sentences(&semantic)
    }

    /// Both articles' languages are known, and they differ.
    fn languages_differ(&self, a: usize, b: usize) -> bool {
        let lang = |k: usize| self.languages.get(k).and_then(Option::as_deref);
        crate::language::differ(lang(a), lang(b))
    }

    /// The extra (semantic) scorers' score of two sentences, `None` without one: words say
    /// nothing across languages, so this is the only score a translation has.
    pub fn semantic_sentence(&self, a: SentenceRef, b: SentenceRef) -> Option<f32> {
        if self.extra.is_empty() {
            return None;
        }
        let weight: f32 = self.extra.iter().map(|(_, w)| w).sum();
        let sum: f32 = self
            .extra
            .iter()
            .map(|(s, w)| w * s.sentence(a, b).clamp(0.0, 1.0))
            .sum();
        (weight > 0.0).then(|| sum / weight)
    }

    /// Every paragraph pair of two articles in different languages, when a semantic scorer is
    /// there to score them: they share no words, so the lexical index proposes few of them.
    /// Empty past [`ACROSS_LANGUAGES_PAIRS`].
    pub fn pairs_across_languages(&self) -> Vec<(ParagraphRef, ParagraphRef)> {
        if self.extra.is_empty() {
            return Vec::new();
        }
        let counts: Vec<usize> = self.lexical.paragraphs.iter().map(Vec::len).collect();
        let differ = |a: usize, b: usize| self.languages_differ(a, b);
        let article_pairs: Vec<(usize, usize)> = (0..counts.len())
            .flat_map(|a| (a + 1..counts.len()).map(move |b| (a, b)))
            .filter(|&(a, b)| differ(a, b))
            .collect();
        let total: usize = article_pairs
            .iter()
            .map(|&(a, b)| counts[a] * counts[b])
            .sum();
        if total > ACROSS_LANGUAGES_PAIRS {
            return Vec::new();
        }
        let at = |article, paragraph| ParagraphRef { article, paragraph };
        let mut out = Vec::with_capacity(total);
        for (a, b) in article_pairs {
            for p in 0..counts[a] {
                for q in 0..counts[b] {
                    if !self.kind_mismatch(at(a, p), at(b, q)) {
                        out.push((at(a, p), at(b, q)));
                    }
                }
            }
        }
        out
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
