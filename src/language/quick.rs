//! A cheap first guess at the language of a sample, for the one case news drops are mostly
//! made of: plain English in Latin script. Trigram detection (whatlang) was a quarter of ingest
//! time; counting a few dozen function words costs a hundredth of that. The guess only answers
//! when the evidence is overwhelming and leaves every other case to whatlang, so it never
//! disagrees with it on text it accepts (tests: the seeds, the fixtures and near misses in
//! other Latin-script languages).

use std::sync::OnceLock;

/// Words that make up a large share of any English news text. A few are words in other
/// Latin-script languages too ("in", "a", "on", "is", "was"); [`OTHER`] is what tells those
/// languages apart, since their own function words come with them.
const ENGLISH: &[&str] = &[
    "the", "and", "of", "to", "in", "a", "on", "is", "was", "that", "for", "with", "from", "his",
    "her", "has", "have", "said", "are", "this", "which", "will", "had", "its", "their", "who",
    "been", "but", "would", "were", "it", "be", "by", "at", "they", "after", "not", "an", "he",
    "she", "we", "than", "more", "as", "about", "into", "also", "over", "there", "or",
];

/// Function words of the other Latin-script news languages (German, French, Spanish, Italian,
/// Portuguese, Dutch, the Scandinavian languages, Polish, Czech, Croatian, Romanian, Turkish,
/// Finnish, Hungarian). Any real share of them sends the text to whatlang.
const OTHER: &[&str] = &[
    // German
    "der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "sich", "auf", "ein",
    "eine", "dem", "des", "auch", "wird", "nach", "bei", // French
    "le", "la", "les", "et", "est", "des", "du", "une", "que", "qui", "dans", "pour", "pas", "sur",
    "il", "au", "aux", "ce", "avec", // Spanish, Portuguese, Italian
    "el", "los", "las", "y", "es", "del", "por", "con", "una", "para", "se", "en", "lo", "di",
    "che", "per", "non", "gli", "della", "sono", "um", "uma", "em", "os", "da", "do", "com", "nao",
    // Dutch and the Scandinavian languages
    "de", "het", "een", "van", "niet", "op", "zijn", "met", "och", "att", "og", "er", "til", "ikke",
    "som", "av", "jag", "det", "ei",
    // Polish, Czech, Croatian, Romanian, Turkish, Finnish, Hungarian
    "nie", "jest", "sie", "na", "je", "se", "ze", "si", "iz", "su", "sa", "cu", "pe", "ve", "bir",
    "ja", "ett", "az", "egy", "hogy",
];

/// The sample needs this many words before a word count says anything.
const MIN_WORDS: usize = 30;
/// English news samples run at 25–50% words from [`ENGLISH`] (most of the seeds' paragraphs
/// 30–45%), other languages at 0–7%; a quarter is far from both.
const MIN_ENGLISH_SHARE: f64 = 0.25;
/// Other languages' function words may appear in English (names such as "de Gaulle", "La Paz",
/// loan phrases), but only a trickle of them.
const MAX_OTHER_SHARE: f64 = 0.03;
/// Letters outside ASCII (accents, other scripts) above this share send the text to whatlang:
/// English rarely has any beyond a name or two.
const MAX_NON_ASCII_LETTER_SHARE: f64 = 0.02;

/// `Some("en")` when `sample` is unmistakably English in Latin script; `None` means "ask
/// whatlang", never "not English".
pub(super) fn english(sample: &str) -> Option<&'static str> {
    let (mut ascii_letters, mut other_letters) = (0usize, 0usize);
    let (mut words, mut english, mut other) = (0usize, 0usize, 0usize);
    let mut word = [0u8; 8];
    let mut len = 0usize;
    let mut in_word = false;
    // One pass over the characters: letters build the current word (lower-cased, kept only
    // when short and ASCII, the only words the lists hold); anything else ends it.
    let mut finish = |word: &[u8], len: usize, ascii: bool| {
        words += 1;
        if ascii && len <= word.len() {
            let key = u64::from_le_bytes(word_key(&word[..len]));
            if let Ok(i) = function_words().binary_search_by_key(&key, |e| e.0) {
                if function_words()[i].1 {
                    english += 1;
                } else {
                    other += 1;
                }
            }
        }
    };
    let mut ascii_word = true;
    for c in sample.chars() {
        if c.is_alphabetic() {
            if c.is_ascii() {
                ascii_letters += 1;
                if len < word.len() {
                    word[len] = c.to_ascii_lowercase() as u8;
                }
            } else {
                other_letters += 1;
                ascii_word = false;
            }
            len += 1;
            in_word = true;
        } else if in_word && c != '\'' && c != '’' {
            finish(&word, len, ascii_word);
            (len, in_word, ascii_word) = (0, false, true);
        }
    }
    if in_word {
        finish(&word, len, ascii_word);
    }
    let letters = ascii_letters + other_letters;
    let sure = words >= MIN_WORDS
        && letters > 0
        && (other_letters as f64) <= MAX_NON_ASCII_LETTER_SHARE * letters as f64
        && (english as f64) >= MIN_ENGLISH_SHARE * words as f64
        && (other as f64) <= MAX_OTHER_SHARE * words as f64;
    sure.then_some("en")
}

/// A word of at most eight ASCII bytes as a number (zero-padded), for cheap comparison.
fn word_key(word: &[u8]) -> [u8; 8] {
    let mut key = [0u8; 8];
    key[..word.len()].copy_from_slice(word);
    key
}

/// Every listed word (as a [`word_key`] number, sorted) → whether it is English: a binary
/// search per word instead of a scan of both lists. [`ENGLISH`] wins where a word is in both.
fn function_words() -> &'static [(u64, bool)] {
    static WORDS: OnceLock<Vec<(u64, bool)>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<(u64, bool)> = ENGLISH
            .iter()
            .map(|w| (w, true))
            .chain(OTHER.iter().map(|w| (w, false)))
            .map(|(w, en)| (u64::from_le_bytes(word_key(w.as_bytes())), en))
            .collect();
        // Stable sort, then keep the first of equal keys: the English entry.
        words.sort_by_key(|e| e.0);
        words.dedup_by_key(|e| e.0);
        words
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_word_fits_a_key_and_is_found() {
        for (list, english) in [(ENGLISH, true), (OTHER, false)] {
            for w in list {
                assert!(w.len() <= 8 && w.is_ascii(), "{w}");
                let key = u64::from_le_bytes(word_key(w.as_bytes()));
                let i = function_words().binary_search_by_key(&key, |e| e.0);
                let found = function_words()[i.expect(w)].1;
                assert!(found || !english, "{w} must count as English");
            }
        }
    }
}
