//! Novelty: what an article adds that no other outlet of its story carries — its unique
//! paragraphs and the new sentences inside its shared ones — and the one figure for it, the
//! share of the article's words they hold. Sources, the Overview and Triage all show this
//! figure (issue 17: they gave 1%, 9% and 1% for one article, counted three ways).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::groups::Link;
use super::{DropAlignment, Member};
use crate::Article;

/// One sentence of a drop: `sentence` indexes the paragraph's sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceRef {
    pub article: usize,
    pub paragraph: usize,
    pub sentence: usize,
}

/// What one article adds to its story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Novelty {
    /// Paragraphs no other outlet carries, ascending.
    pub paragraphs: Vec<usize>,
    /// New sentences inside shared paragraphs: (paragraph, sentence), ascending.
    pub sentences: Vec<(usize, usize)>,
    /// The article's words in them.
    pub words: usize,
    /// `words` over the article's words, in [0, 1] (0 for an empty article).
    pub share: f32,
}

impl Novelty {
    /// The novelty of `article` given its unique paragraphs and new sentences (a sentence of
    /// a unique paragraph counts once).
    pub fn of(article: &Article, paragraphs: &[usize], sentences: &[(usize, usize)]) -> Novelty {
        let mut paragraphs = paragraphs.to_vec();
        paragraphs.sort_unstable();
        paragraphs.dedup();
        let mut sentences: Vec<(usize, usize)> = sentences
            .iter()
            .filter(|(p, _)| paragraphs.binary_search(p).is_err())
            .copied()
            .collect();
        sentences.sort_unstable();
        sentences.dedup();
        let count = |t: &str| t.split_whitespace().count();
        let in_paragraphs: usize = paragraphs
            .iter()
            .filter_map(|&p| article.paragraphs.get(p))
            .map(|p| count(&p.text))
            .sum();
        let in_sentences: usize = sentences
            .iter()
            .filter_map(|&(p, s)| article.paragraphs.get(p)?.sentences.get(s))
            .map(|s| count(&s.text))
            .sum();
        let words = in_paragraphs + in_sentences;
        let total = article.word_count();
        Novelty {
            paragraphs,
            sentences,
            words,
            share: if total == 0 {
                0.0
            } else {
                (words as f32 / total as f32).min(1.0)
            },
        }
    }
}

/// The new sentences of a drop: sentences of shared paragraphs (`carried`) that no sentence
/// of another article matches (`matched`, from the scored candidates, [`super::groups::links`]) and
/// that no link names as its evidence (an accepted pair always shows some, however weak).
pub fn new_sentences(
    articles: &[Article],
    links: &[Link],
    matched: &BTreeSet<SentenceRef>,
    carried: &BTreeSet<Member>,
) -> Vec<SentenceRef> {
    let mut evidence: BTreeSet<SentenceRef> = BTreeSet::new();
    let at = |m: Member, sentence| SentenceRef {
        article: m.article,
        paragraph: m.paragraph,
        sentence,
    };
    for l in links {
        for &(sa, sb) in &l.sentences {
            evidence.insert(at(l.a, sa));
            evidence.insert(at(l.b, sb));
        }
    }
    let mut out = Vec::new();
    for &m in carried {
        let Some(p) = articles
            .get(m.article)
            .and_then(|a| a.paragraphs.get(m.paragraph))
        else {
            continue;
        };
        out.extend(
            (0..p.sentences.len())
                .map(|s| at(m, s))
                .filter(|s| !matched.contains(s) && !evidence.contains(s)),
        );
    }
    out
}

impl DropAlignment {
    /// What each of `articles` (the drop aligned) adds: its unique paragraphs and new
    /// sentences, and the share of its words they hold.
    pub fn novelty(&self, articles: &[Article]) -> Vec<Novelty> {
        let mut paragraphs = vec![Vec::new(); articles.len()];
        for m in &self.unique {
            if let Some(v) = paragraphs.get_mut(m.article) {
                v.push(m.paragraph);
            }
        }
        let mut sentences = vec![Vec::new(); articles.len()];
        for s in &self.new_sentences {
            if let Some(v) = sentences.get_mut(s.article) {
                v.push((s.paragraph, s.sentence));
            }
        }
        articles
            .iter()
            .zip(paragraphs.iter().zip(&sentences))
            .map(|(a, (p, s))| Novelty::of(a, p, s))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::align_drop;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    #[test]
    fn a_new_sentence_inside_a_shared_paragraph_counts_and_a_shared_one_does_not() {
        let shared =
            "The envoy left the embassy without speaking to reporters late on Tuesday night.";
        let added =
            "Officials in Kyiv later confirmed that a second round of talks is planned for March.";
        let a = art(&format!(
            "Talks end in Moscow\n\n{shared}\n\nPrices of grain rose sharply across the region this week, traders said.\n"
        ));
        let b = art(&format!(
            "Talks end in Moscow\n\n{shared} {added}\n\nPrices of grain rose sharply across the region this week, traders said.\n"
        ));
        let al = align_drop(&[a.clone(), b.clone()]);
        let n = al.novelty(&[a.clone(), b.clone()]);
        assert!(
            n[0].sentences.is_empty() && n[0].paragraphs.is_empty(),
            "{:?}",
            n[0]
        );
        let p = b
            .paragraphs
            .iter()
            .position(|p| p.text.contains(added))
            .unwrap();
        assert_eq!(n[1].sentences, vec![(p, 1)], "{:?}", al.new_sentences);
        assert!(n[1].paragraphs.is_empty());
        let words = added.split_whitespace().count();
        assert_eq!(n[1].words, words);
        assert!((n[1].share - words as f32 / b.word_count() as f32).abs() < 1e-6);
    }

    #[test]
    fn a_sentence_of_a_unique_paragraph_counts_once_and_empty_articles_add_nothing() {
        let a = art("Floods close the river road\n\nOne sentence is here. Another one is there.\n\nA third paragraph follows it.\n");
        let p = a
            .paragraphs
            .iter()
            .position(|p| p.text.starts_with("One sentence"))
            .unwrap();
        assert_eq!(a.paragraphs[p].sentences.len(), 2);
        let n = Novelty::of(&a, &[p, p], &[(p, 1)]);
        assert_eq!(n.paragraphs, vec![p]);
        assert!(n.sentences.is_empty());
        assert_eq!(n.words, 8);
        assert!((n.share - 8.0 / a.word_count() as f32).abs() < 1e-6);
        let empty = art("Title\n");
        assert_eq!(Novelty::of(&empty, &[], &[]).share, 0.0);
    }
}
