//! Novelty: what an article adds that nothing else in its story carries, taken from the N-way
//! alignment of the story (`align::align_drop`, its novelty: unique paragraphs and new
//! sentences), so the Triage view, Sources and `parallax align` agree on one figure. Stories are aligned
//! one at a time: aligning a 5,000-article drop of 250 events as one would compare paragraphs
//! of unrelated events for nothing.

use std::collections::{BTreeMap, BTreeSet};

use super::features::word_key;

use crate::align;
use crate::align::novelty::Novelty;
use crate::article::Article;
use crate::similarity::semantic::Semantic;

/// Bump when the alignment or this rule changes, so cached results are recomputed.
const VERSION: &str = "novelty-6";

/// Cache key of the novelty of a story whose articles have these content hashes, aligned
/// across languages with the model of fingerprint `across` if any (a story that mixes
/// languages, when the scan has a multilingual model).
pub fn key(hashes: &[&str], across: Option<&str>) -> String {
    let mut h = blake3::Hasher::new();
    h.update(VERSION.as_bytes());
    if let Some(f) = across {
        h.update(format!("|x:{f}").as_bytes());
    }
    let mut n = hashes.to_vec();
    n.sort_unstable();
    n.dedup();
    for x in n {
        h.update(b"|");
        h.update(x.as_bytes());
    }
    format!("n:{}", h.finalize().to_hex())
}

/// The novelty of each of a story's articles, given with the hash of their normalised text.
/// Copies of one text are aligned once: a text carried twice has a counterpart for every
/// paragraph, so its copies add nothing. A story that mixes languages is aligned with the
/// multilingual model `across` when there is one: words say nothing across languages, so a
/// translation would add almost all its words.
pub fn story_novelty(
    articles: &[&Article],
    text_hashes: &[&str],
    across: Option<&Semantic>,
) -> Vec<Novelty> {
    let mut copies: BTreeMap<&str, usize> = BTreeMap::new();
    for t in text_hashes {
        *copies.entry(t).or_default() += 1;
    }
    // One representative per text, in story order.
    let mut rep_of_text: BTreeMap<&str, usize> = BTreeMap::new();
    let mut reps: Vec<Article> = Vec::new();
    for (a, t) in articles.iter().zip(text_hashes) {
        rep_of_text.entry(t).or_insert_with(|| {
            reps.push((*a).clone());
            reps.len() - 1
        });
    }
    // A paragraph another article carries word for word has a counterpart whatever the
    // aligner decides; the alignment judges the rest (and, alone in its story, an article
    // adds all but its headings, as the app counts it).
    let keys: Vec<Vec<String>> = reps
        .iter()
        .map(|a| a.paragraphs.iter().map(|p| word_key(&p.norm)).collect())
        .collect();
    let mut carriers: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (a, ks) in keys.iter().enumerate() {
        for k in ks.iter().filter(|k| !k.is_empty()) {
            carriers.entry(k).or_default().insert(a);
        }
    }
    let al = match across.filter(|_| crate::language::mixes_languages(&reps)) {
        Some(model) => align::align_drop_with(
            &reps,
            &align::AlignOptions {
                extra: vec![model.weighted()],
                ..Default::default()
            },
        ),
        None => align::align_drop(&reps),
    };
    let mut unique: Vec<Vec<usize>> = vec![Vec::new(); reps.len()];
    for m in al.unique {
        let shared = keys
            .get(m.article)
            .and_then(|ks| ks.get(m.paragraph))
            .is_some_and(|k| carriers.get(k.as_str()).is_some_and(|c| c.len() > 1));
        if let Some(u) = unique.get_mut(m.article).filter(|_| !shared) {
            u.push(m.paragraph);
        }
    }
    let mut new_sentences: Vec<Vec<(usize, usize)>> = vec![Vec::new(); reps.len()];
    for s in &al.new_sentences {
        if let Some(v) = new_sentences.get_mut(s.article) {
            v.push((s.paragraph, s.sentence));
        }
    }
    text_hashes
        .iter()
        .map(|t| {
            let r = rep_of_text[t];
            if copies[t] > 1 {
                Novelty::default()
            } else {
                Novelty::of(&reps[r], &unique[r], &new_sentences[r])
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    #[test]
    fn shared_paragraphs_are_not_novel_and_copies_add_nothing() {
        let a = art("Moscow talks end without a deal on territory\n\nThe envoy left the embassy without speaking to reporters late on Tuesday.\n\nA paragraph only the first outlet has about the weather in Moscow that night.\n");
        let b = art("Markets in Kyiv rise as Moscow talks end\n\nThe envoy left the embassy without speaking to reporters late on Tuesday.\n\nMarkets in Kyiv rose two percent after the talks ended, traders said on Wednesday.\n");
        let n = story_novelty(&[&a, &b, &a], &["ta", "tb", "ta"], None);
        assert_eq!(
            n[1].paragraphs,
            vec![1],
            "only the markets paragraph is b's own"
        );
        assert!(
            n[0].paragraphs.is_empty() && n[2].paragraphs.is_empty() && n[2].share == 0.0,
            "a text carried twice adds nothing"
        );
    }

    #[test]
    fn an_article_alone_in_its_story_is_all_novel() {
        let a =
            art("Floods force evacuations along the Sava river\n\nRescue crews evacuated three villages.\n\nRain is expected again.\n");
        let n = &story_novelty(&[&a], &["t"], None)[0];
        assert_eq!(n.paragraphs, vec![0, 1]);
        assert_eq!(n.share, 1.0);
    }
}
