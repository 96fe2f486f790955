//! Per-article fingerprints computed once and cached by content hash: the normalised-text hash
//! (duplicates), the MinHash of its shingles (near-duplicates, revisions), its stemmed word
//! counts, names, numbers and event date (stories), and the keys a revision is matched by (URL,
//! outlet, title).

use serde::{Deserialize, Serialize};

use super::shingles;
use super::stories::evidence::{evidence, Evidence};
use crate::article::Article;
use crate::normalise::{normalise, words};

/// Fingerprints of one article. Serialised into the state's cache next to the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Features {
    /// blake3 (hex) of the paragraphs' normalised words: equal for duplicates.
    pub text_hash: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Normalised title words joined by spaces.
    pub title: Option<String>,
    /// The title and outlet as the article gives them, for display.
    pub title_text: Option<String>,
    pub outlet_text: Option<String>,
    pub paragraphs: usize,
    /// Stored as a binary column next to the JSON of the other fields.
    #[serde(skip)]
    pub minhash: Vec<u32>,
    /// (term hash, count) of the stemmed content words of the title and text, sorted by term
    /// hash; a binary column too.
    #[serde(skip)]
    pub terms: Vec<(u64, u32)>,
    /// Names, numbers and the event date (stories). Required, so a cache entry written before
    /// it existed no longer decodes and the file is parsed again.
    pub evidence: Evidence,
    /// The publication date as the article gives it (ISO), for a story's first and last time.
    pub published: Option<String>,
    /// Hashes of the words of each paragraph of at least [`SHARED_PARAGRAPH_WORDS`] words: an
    /// article that carries another's paragraph word for word (wire copy) is on its story.
    pub paragraph_hashes: Vec<u64>,
    /// The most frequent content words, for story labels when no title is known.
    pub top_words: Vec<String>,
    /// The article's language (ISO 639-1), empty when unknown: its terms are stemmed in it,
    /// and stories in different languages may join (`across_languages`). Required, like
    /// `evidence`, so entries cached before it (stemmed in English) are parsed again.
    pub language: String,
}

/// Paragraphs shorter than this (headings, "Read more", one-line quotes) are too common to
/// tie two articles to one story.
pub const SHARED_PARAGRAPH_WORDS: usize = 8;

/// Short function words that say nothing about which event an article covers.
const STOPWORDS: &[&str] = &[
    "about", "after", "again", "against", "all", "also", "and", "any", "are", "because", "been",
    "before", "being", "between", "both", "but", "can", "could", "did", "does", "down", "during",
    "each", "for", "from", "further", "had", "has", "have", "having", "her", "here", "hers", "him",
    "his", "how", "its", "into", "just", "more", "most", "not", "now", "off", "once", "only",
    "other", "our", "out", "over", "own", "said", "same", "says", "she", "should", "some", "such",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those",
    "through", "too", "under", "until", "very", "was", "were", "what", "when", "where", "which",
    "while", "who", "whom", "why", "will", "with", "would", "you", "your", "one", "two", "new",
    "may", "like", "told", "say", "per", "year", "years", "week", "day", "time",
];

/// Whether a word counts towards what a story is about.
fn content_word(w: &str) -> bool {
    w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()) && !is_stopword(w)
}

/// A function word (lower case) that says nothing about which event an article covers.
pub(super) fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// The words of a normalised title or story, with punctuation and spacing differences gone.
pub fn word_key(norm: &str) -> String {
    words(norm).join(" ")
}

/// Compute the fingerprints of an article.
pub fn features(a: &Article) -> Features {
    let mut all: Vec<&str> = Vec::new();
    let mut keyed = String::new();
    let mut paragraph_hashes = Vec::new();
    for p in &a.paragraphs {
        let ws = words(&p.norm);
        if ws.len() >= SHARED_PARAGRAPH_WORDS {
            paragraph_hashes.push(shingles::fnv64(ws.join(" ").as_bytes()));
        }
        keyed.push_str(&ws.join(" "));
        keyed.push('\n');
        all.extend(ws);
    }
    let mut counts: std::collections::BTreeMap<&str, u32> = std::collections::BTreeMap::new();
    for w in all.iter().copied().filter(|w| content_word(w)) {
        *counts.entry(w).or_default() += 1;
    }
    let mut top: Vec<(&str, u32)> = counts.iter().map(|(w, c)| (*w, *c)).collect();
    top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
    let title_norm = a.title.as_deref().map(normalise).unwrap_or_default();
    let terms = stemmed_terms(&counts, &words(&title_norm), a.language.as_deref());
    let clean = |s: &Option<String>| {
        s.as_deref()
            .map(|t| word_key(&normalise(t)))
            .filter(|t| !t.is_empty())
    };
    Features {
        text_hash: blake3::hash(keyed.as_bytes()).to_hex().to_string(),
        url: a
            .url
            .as_deref()
            .map(|u| u.trim().trim_end_matches('/').to_lowercase())
            .filter(|u| !u.is_empty()),
        // Ingest falls back to the file name for the outlet; a file name says nothing about
        // who published it, and would stop a revision saved under a new name from matching.
        outlet: clean(
            &a.outlet
                .clone()
                .filter(|o| Some(o.as_str()) != file_stem(&a.path)),
        ),
        title: clean(&a.title),
        title_text: a.title.clone(),
        outlet_text: a.outlet.clone(),
        paragraphs: a.paragraphs.len(),
        minhash: shingles::minhash(&all),
        terms,
        evidence: evidence(a),
        published: a.date.clone(),
        paragraph_hashes,
        top_words: top.iter().take(5).map(|(w, _)| w.to_string()).collect(),
        language: a.language.clone().unwrap_or_default(),
    }
}

/// (hash, count) of the stems of the text's content words and the title's, sorted by hash:
/// "arrested" and "arrest" are one feature of a story. Stemmed in the article's `language`.
fn stemmed_terms(
    counts: &std::collections::BTreeMap<&str, u32>,
    title: &[&str],
    language: Option<&str>,
) -> Vec<(u64, u32)> {
    let stemmer = crate::similarity::features::stemmer(language);
    let mut stems: std::collections::BTreeMap<u64, u32> = std::collections::BTreeMap::new();
    let title = title.iter().filter(|w| content_word(w)).map(|w| (*w, 1));
    for (w, c) in counts.iter().map(|(w, c)| (*w, *c)).chain(title) {
        *stems
            .entry(shingles::fnv64(stemmer.stem(w).as_bytes()))
            .or_default() += c;
    }
    stems.into_iter().collect()
}

fn file_stem(path: &str) -> Option<&str> {
    std::path::Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
}

/// An article as cached in the state: the fields `show --json` carries plus the ones it skips
/// (the source text and the normalised forms), so a cached article equals a freshly parsed one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedArticle {
    pub article: Article,
    pub source: String,
    pub norms: Vec<String>,
    pub sentence_norms: Vec<Vec<String>>,
}

impl CachedArticle {
    /// Keep everything of `a`, including what its own serialisation skips.
    pub fn from_article(a: &Article) -> CachedArticle {
        CachedArticle {
            article: a.clone(),
            source: a.source.clone(),
            norms: a.paragraphs.iter().map(|p| p.norm.clone()).collect(),
            sentence_norms: a
                .paragraphs
                .iter()
                .map(|p| p.sentences.iter().map(|s| s.norm.clone()).collect())
                .collect(),
        }
    }

    /// The article as it was parsed, renamed to `path` (copies share one cache entry).
    pub fn into_article(self, path: &str) -> Article {
        let mut a = self.article;
        a.path = path.to_string();
        a.source = self.source;
        for (p, n) in a.paragraphs.iter_mut().zip(self.norms) {
            p.norm = n;
        }
        for (p, ns) in a.paragraphs.iter_mut().zip(self.sentence_norms) {
            for (s, n) in p.sentences.iter_mut().zip(ns) {
                s.norm = n;
            }
        }
        a
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    #[test]
    fn spacing_quotes_and_case_do_not_change_the_text_hash() {
        let a = art("Talks end\n\nUshakov said the sides were \u{201c}neither closer\u{201d}.\n");
        let b = art("Talks end\n\nushakov  said the sides were \"neither CLOSER\".\n");
        assert_eq!(features(&a).text_hash, features(&b).text_hash);
    }

    #[test]
    fn terms_are_stemmed_in_the_article_language() {
        // Two inflections of "negotiations": one Russian term only under the Russian stemmer.
        let mut a = art("Переговоры\n\nПереговоры продолжатся после переговоров.\n");
        a.language = Some("ru".into());
        let ru = features(&a);
        assert_eq!(ru.language, "ru");
        a.language = Some("en".into());
        let en = features(&a);
        assert!(
            ru.terms.len() < en.terms.len(),
            "{:?} vs {:?}",
            ru.terms,
            en.terms
        );
    }

    #[test]
    fn a_changed_word_changes_the_text_hash() {
        let a = art("Talks end\n\nUshakov said the sides were neither closer nor further.\n");
        let b = art("Talks end\n\nUshakov said the sides were much closer.\n");
        assert_ne!(features(&a).text_hash, features(&b).text_hash);
    }

    #[test]
    fn cache_round_trip_keeps_norms_and_source() {
        let a = art(
            "Title\n\nFirst \u{201c}quoted\u{201d} paragraph. Second sentence.\n\nМИД России.\n",
        );
        let json = serde_json::to_string(&CachedArticle::from_article(&a)).unwrap();
        let back: CachedArticle = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_article("x.txt"), a);
    }
}
