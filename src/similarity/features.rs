//! What the lexical scorer looks at in a piece of text: content-word stems (stop words never
//! anchor a match), character trigrams of those words (Yuri/Yury, Zelensky/Zelenskyy), and
//! the words that carry facts — capitalised names, numbers (spelt or in digits), quoted words.

use rust_stemmers::{Algorithm, Stemmer};

use super::wordlists::{PLACES, STOP};
use crate::normalise::{fold_char, words};

/// Why a term carries more weight than an ordinary content word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// An ordinary content word.
    Plain,
    /// A capitalised word that is not a stop word: a person, place or organisation.
    Name,
    /// A number in digits or spelt out ("five" is stored as "5").
    Number,
    /// A word inside quotation marks: the outlet claims these are someone's exact words.
    Quoted,
}

/// One content token of a text: its match term (stem, or digits for numbers) and its anchor kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    /// The lower-cased surface word (trigrams and discrepancy snippets use it).
    pub word: String,
    pub anchor: Anchor,
}

/// Whether `w` (lower-case) is a stop word.
pub fn is_stop(w: &str) -> bool {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOP.iter().copied().collect())
        .contains(w)
}

/// Spelt-out numbers folded to digits so "five-hour" matches "5 hours".
pub fn number_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "eleven" => "11",
        "twelve" => "12",
        "thirteen" => "13",
        "fourteen" => "14",
        "fifteen" => "15",
        "sixteen" => "16",
        "seventeen" => "17",
        "eighteen" => "18",
        "nineteen" => "19",
        "twenty" => "20",
        "thirty" => "30",
        "forty" => "40",
        "fifty" => "50",
        "hundred" => "100",
        "thousand" => "1000",
        "million" => "1000000",
        "billion" => "1000000000",
        _ => return None,
    })
}

/// Digits of a numeric token without thousands separators ("1,000" → "1000").
pub fn number_digits(w: &str) -> Option<String> {
    if w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return Some(w.replace(',', ""));
    }
    number_word(w).map(str::to_string)
}

/// The concept a word belongs to, if any (see [`wordlists::PLACES`]).
pub fn concept(w: &str) -> Option<&'static str> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        PLACES
            .iter()
            .flat_map(|(c, ws)| ws.iter().map(move |w| (*w, *c)))
            .collect()
    })
    .get(w)
    .copied()
}

/// A word folded for comparing: typographic variants folded and lower-cased (no NFKC, so
/// cheaper than `normalise` for one token).
pub fn fold_lower(word: &str) -> String {
    word.chars()
        .map(fold_char)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Fold a display text for matching while keeping case (so names stay recognisable).
pub fn fold_keep_case(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The content tokens of a display text, in reading order, stemmed as English.
pub fn tokens(text: &str) -> Vec<Token> {
    tokens_in(text, None)
}

/// The Snowball stemmer for an article's language (ISO 639-1), English where the language is
/// unknown or has none: a Russian article's "переговоры" and "переговоров" are one term only
/// under the Russian stemmer, and the English one leaves non-Latin words as they are.
pub fn stemmer(language: Option<&str>) -> Stemmer {
    Stemmer::create(stemmer_for(language))
}

fn stemmer_for(language: Option<&str>) -> Algorithm {
    match language.unwrap_or("en") {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "tr" => Algorithm::Turkish,
        _ => Algorithm::English,
    }
}

/// [`tokens`] stemmed in `language` (an article's detected language, ISO 639-1).
pub fn tokens_in(text: &str, language: Option<&str>) -> Vec<Token> {
    let stemmer = stemmer(language);
    let folded = fold_keep_case(text);
    let base = folded.as_ptr() as usize;
    let mut quote_marks = 0usize;
    let mut scanned = 0usize;
    let mut out = Vec::new();
    for w in words(&folded) {
        let at = w.as_ptr() as usize - base;
        // Count double quotes up to this word: inside a quote when the count is odd.
        let gap = &folded[scanned..at];
        quote_marks += gap.matches('"').count();
        // A capital at a sentence start is not evidence of a name.
        let sentence_start = scanned == 0 || gap.contains(['.', '!', '?']);
        scanned = at + w.len();
        let lower = w.to_lowercase();
        if let Some(d) = number_digits(&lower) {
            out.push(Token {
                term: d,
                word: lower,
                anchor: Anchor::Number,
            });
            continue;
        }
        if is_stop(&lower) || lower.chars().count() < 2 {
            continue;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let anchor = if quote_marks % 2 == 1 {
            Anchor::Quoted
        } else if capital && !sentence_start {
            Anchor::Name
        } else {
            Anchor::Plain
        };
        // A month is one term in every language ("Dezember", "декабря", "December").
        let month =
            || crate::dates::month_named(&lower).map(|m| crate::dates::MONTH_NAMES[m as usize - 1]);
        let term = match concept(&lower).or_else(month) {
            Some(c) => c.to_string(),
            None => stemmer.stem(&lower).into_owned(),
        };
        out.push(Token {
            term,
            word: lower,
            anchor,
        });
    }
    out
}

/// A Cyrillic word in Latin letters, as English-language outlets spell Russian and Ukrainian
/// names ("Зеленский" → "zelensky", "Ушаков" → "ushakov"), so a name's trigrams meet across
/// scripts; other words unchanged. Lower-case input.
pub fn latin(word: &str) -> std::borrow::Cow<'_, str> {
    if !word.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
        return std::borrow::Cow::Borrowed(word);
    }
    // "-ий" / "-ый" end names the English way: Zelensky, Dmitry.
    let stem = word
        .strip_suffix("ий")
        .or_else(|| word.strip_suffix("ый"))
        .map(|s| (s, "y"))
        .unwrap_or((word, ""));
    let mut out = String::with_capacity(word.len());
    for c in stem.0.chars() {
        let spelt = match c {
            'а' => "a",
            'б' => "b",
            'в' => "v",
            'г' | 'ґ' => "g",
            'д' => "d",
            'е' | 'ё' | 'э' => "e",
            'є' => "ye",
            'ж' => "zh",
            'з' => "z",
            'и' | 'і' => "i",
            'ї' => "yi",
            'й' | 'ы' => "y",
            'к' => "k",
            'л' => "l",
            'м' => "m",
            'н' => "n",
            'о' => "o",
            'п' => "p",
            'р' => "r",
            'с' => "s",
            'т' => "t",
            'у' => "u",
            'ф' => "f",
            'х' => "kh",
            'ц' => "ts",
            'ч' => "ch",
            'ш' => "sh",
            'щ' => "shch",
            'ъ' | 'ь' => "",
            'ю' => "yu",
            'я' => "ya",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(spelt);
    }
    out.push_str(stem.1);
    std::borrow::Cow::Owned(out)
}

/// Character trigrams of a word with boundary marks: "yuri" → "^yu", "yur", "uri", "ri$".
pub fn trigrams(word: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = std::iter::once('^')
        .chain(word.chars())
        .chain(std::iter::once('$'))
        .collect();
    for w in chars.windows(3) {
        out.push(w.iter().collect());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_and_punctuation_never_become_terms() {
        let t = tokens("The talks were “constructive”, and the rest — of it — is not.");
        let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(terms, vec!["talk", "construct", "rest"]);
    }

    #[test]
    fn quoted_words_names_and_numbers_are_anchors() {
        let t = tokens("Yuri Ushakov said “neither closer” after five-hour talks on 28 points.");
        let kinds: Vec<(&str, Anchor)> = t.iter().map(|t| (t.term.as_str(), t.anchor)).collect();
        assert_eq!(
            kinds,
            vec![
                ("yuri", Anchor::Plain), // sentence start: not evidence of a name
                ("ushakov", Anchor::Name),
                ("neither", Anchor::Quoted),
                ("closer", Anchor::Quoted),
                ("5", Anchor::Number),
                ("hour", Anchor::Plain),
                ("talk", Anchor::Plain),
                ("28", Anchor::Number),
                ("point", Anchor::Plain),
            ]
        );
    }

    #[test]
    fn a_country_its_people_and_its_capital_are_one_concept() {
        let terms = |s: &str| tokens(s).into_iter().map(|t| t.term).collect::<Vec<_>>();
        assert_eq!(terms("Kyiv said"), terms("Ukrainian said"));
        assert_ne!(terms("Kyiv said"), terms("Moscow said"));
    }

    #[test]
    fn cyrillic_text_tokenises_without_panicking() {
        let t = tokens("МИД России заявил «нет прогресса».");
        assert!(t.iter().any(|t| t.word == "прогресса"));
    }

    #[test]
    fn each_language_is_stemmed_by_its_own_rules() {
        let terms = |s: &str, l: Option<&str>| {
            tokens_in(s, l)
                .into_iter()
                .map(|t| t.term)
                .collect::<Vec<_>>()
        };
        // Two inflections of one Russian noun meet under the Russian stemmer only.
        assert_eq!(
            terms("переговоры", Some("ru")),
            terms("переговоров", Some("ru"))
        );
        assert_ne!(terms("переговоры", None), terms("переговоров", None));
        assert_eq!(
            terms("Verhandlungen", Some("de")),
            terms("Verhandlung", Some("de"))
        );
        // English stays English, and an unknown language reads as English.
        assert_eq!(terms("talks", Some("en")), terms("talks", None));
        assert_eq!(terms("talks", Some("xx")), terms("talk", None));
    }

    #[test]
    fn cyrillic_names_are_spelt_in_latin_letters_as_english_outlets_spell_them() {
        assert_eq!(latin("ушаков"), "ushakov");
        assert_eq!(latin("зеленский"), "zelensky");
        assert_eq!(latin("песков"), "peskov");
        assert_eq!(latin("киев"), "kiev");
        assert_eq!(latin("talks"), "talks");
    }

    #[test]
    fn trigrams_share_most_of_a_respelt_name() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        trigrams("yuri", &mut a);
        trigrams("yury", &mut b);
        assert_eq!(a.iter().filter(|g| b.contains(g)).count(), 2);
    }
}
