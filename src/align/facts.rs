//! Facts a sentence states that outlets may report differently: numbers (with their unit and
//! any "nearly"/"more than"), dates, and names — each with a byte span and a short snippet.

use super::worddiff::tokenise;
use crate::dates;
use crate::similarity::features::{concept, fold_lower, is_stop, number_digits};

/// What a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactKind {
    Number,
    Date,
    Name,
}

/// A number's part in a change the sentence reports ("the 28-point plan was revised to 19
/// points"): the value it changed to (`To`, right after "to"), or a value before it in the
/// same sentence (`From`). Two outlets' numbers in different parts measure different states
/// (the original plan against the revised one) and never disagree with each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    From,
    To,
}

/// One fact found in a text. `start..end` are byte offsets into that text (the snippet).
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub kind: FactKind,
    /// What is compared: the digits of a number, a lower-cased date word, a lower-cased name.
    pub value: String,
    /// For numbers: the approximation word before it ("nearly", "more than"), if any.
    pub qualifier: Option<String>,
    /// For numbers: what is counted, the word after it folded and without a plural "s"
    /// ("items", "five-hour" → "hour"), if any.
    pub unit: Option<String>,
    /// For numbers: its part in a change the sentence reports, if any.
    pub role: Option<Role>,
    /// For counts: the thing they measure, folded ("plan" in "the 28-point plan" and in "the
    /// plan consisting of 28 points"; a value a change reached inherits its start's), if the
    /// sentence says.
    pub thing: Option<String>,
    /// Byte offset of the fact's own word (the number, the date word, the name).
    pub at: usize,
    pub start: usize,
    pub end: usize,
}

const APPROX: &[&str] = &[
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "over",
    "more",
    "less",
    "fewer",
    "least",
    "under",
    "some",
    "up",
    "than",
    "just",
    "only",
];
/// Capitalised words that are not names: titles and roles ("Secretary", "Mr") and words of
/// institutions ("White House"). Quotes' speaker finder uses them too.
pub(crate) const NOT_NAMES: &[&str] = &[
    "president",
    "secretary",
    "minister",
    "prime",
    "foreign",
    "state",
    "defence",
    "defense",
    "envoy",
    "aide",
    "special",
    "senior",
    "chancellor",
    "general",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
    "king",
    "queen",
    "pope",
    "news",
    "media",
    "the",
    "white",
    "house",
];

fn is_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_alphanumeric)
}

/// The facts of `text` (one sentence), in reading order.
pub fn facts(text: &str) -> Vec<Fact> {
    let base = text.as_ptr() as usize;
    let toks: Vec<(usize, &str)> = tokenise(text)
        .into_iter()
        .map(|t| (t.as_ptr() as usize - base, t))
        .collect();
    let words: Vec<(usize, &str)> = toks.iter().copied().filter(|t| is_word(t.1)).collect();
    let mut out = Vec::new();
    for (k, &(at, w)) in words.iter().enumerate() {
        let lower = fold_lower(w);
        let prev = |n: usize| k.checked_sub(n).map(|i| fold_lower(words[i].1));
        let sentence_start = k == 0 || {
            let gap = &text[words[k - 1].0 + words[k - 1].1.len()..at];
            gap.contains(['.', '!', '?', ':', '"', '“'])
        };
        if let Some(d) = number_digits(&lower) {
            let is_year = d.len() == 4 && (d.starts_with("19") || d.starts_with("20"));
            let qualifier = prev(1).filter(|p| APPROX.contains(&p.as_str()));
            // "revised to 19", "cut down to 20": the value reached. "up to" and "close to"
            // bound or approximate a value instead.
            let reached = !is_year
                && prev(1).as_deref() == Some("to")
                && !matches!(prev(2).as_deref(), Some("up" | "close"));
            // Snippet: the qualifier (and the word before it) and the unit after the number.
            let from = k.saturating_sub(if qualifier.is_some() { 2 } else { 1 });
            let to = (k + 1).min(words.len() - 1);
            let unit = day_of_month(&d, &words, k).or_else(|| {
                words.get(k + 1).map(|w| {
                    let u = fold_lower(w.1);
                    match u.strip_suffix('s') {
                        Some(one) if one.chars().count() >= 3 => one.to_string(),
                        _ => u,
                    }
                })
            });
            out.push(Fact {
                kind: if is_year {
                    FactKind::Date
                } else {
                    FactKind::Number
                },
                value: d,
                qualifier,
                unit,
                role: reached.then_some(Role::To),
                thing: counted_thing(text, &words, k),
                at,
                start: words[from].0,
                end: words[to].0 + words[to].1.len(),
            });
            continue;
        }
        if let Some(value) = date_word(&lower, &words, k) {
            out.push(Fact {
                kind: FactKind::Date,
                value,
                qualifier: None,
                unit: None,
                role: None,
                thing: None,
                at,
                start: at,
                end: at + w.len(),
            });
            continue;
        }
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        let name = capital
            && !sentence_start
            && !is_stop(&lower)
            && concept(&lower).is_none()
            && !NOT_NAMES.contains(&lower.as_str())
            && lower.chars().count() >= 3;
        if name {
            let value = lower
                .strip_suffix("'s")
                .map(str::to_string)
                .unwrap_or(lower);
            out.push(Fact {
                kind: FactKind::Name,
                value,
                qualifier: None,
                unit: None,
                role: None,
                thing: None,
                at,
                start: at,
                end: at + w.len(),
            });
        }
    }
    // Numbers before the value a change reached are where it started, and the value it
    // reached measures the thing its start did ("the 28-point plan was cut to 20 items").
    if let Some(to) = out.iter().position(|f| f.role == Some(Role::To)) {
        for f in &mut out[..to] {
            if f.kind == FactKind::Number {
                f.role = Some(Role::From);
            }
        }
        let start = out[..to].iter().rev().find_map(|f| f.thing.clone());
        for f in out[to..].iter_mut().filter(|f| f.role == Some(Role::To)) {
            if f.thing.is_none() {
                f.thing.clone_from(&start);
            }
        }
    }
    out
}

/// What the date word `lower` (at `words[k]`) names, in English so that languages meet: a
/// weekday or month named in English ("may" only beside a number), or a month named in another
/// language beside a number ("2. Dezember", "2 декабря 2025"), since "Mai" and "August" are
/// other words too.
fn date_word(lower: &str, words: &[(usize, &str)], k: usize) -> Option<String> {
    if dates::WEEKDAY_NAMES.contains(&lower) {
        return Some(lower.to_string());
    }
    let month = dates::month_named(lower)?;
    let name = dates::MONTH_NAMES[month as usize - 1];
    let beside_a_number = [k.checked_sub(1), Some(k + 1)]
        .into_iter()
        .flatten()
        .filter_map(|i| words.get(i))
        .any(|w| w.1.starts_with(|c: char| c.is_ascii_digit()));
    (beside_a_number || (name == lower && lower != "may")).then(|| name.to_string())
}

/// The day of the month a number at `words[k]` gives, as the month it is of: "2" in
/// "December 2", "2 декабря" and "2. Dezember" counts days of "december".
fn day_of_month(digits: &str, words: &[(usize, &str)], k: usize) -> Option<String> {
    digits
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    let month = [Some(k + 1), k.checked_sub(1)]
        .into_iter()
        .flatten()
        .filter_map(|i| words.get(i))
        .find_map(|w| dates::month_named(w.1))?;
    Some(dates::MONTH_NAMES[month as usize - 1].to_string())
}

/// How many content words a thing's name may run to ("draft proposal").
const THING_WORDS: usize = 3;

/// The thing the number at `words[k]` counts, when the sentence's grammar says: the noun a
/// compound count modifies ("28-point plan", "28-point draft proposal" → "proposal", the last
/// content word before a function word or punctuation) or the noun a count is "of" ("the plan
/// consisting of 28 points" → "plan", past "-ing" words). Anything else names no thing.
fn counted_thing(text: &str, words: &[(usize, &str)], k: usize) -> Option<String> {
    let noun = |i: usize| {
        let w = fold_lower(words[i].1);
        let content = !is_stop(&w) && number_digits(&w).is_none() && w.chars().count() >= 3;
        content.then_some(w)
    };
    let gap = |i: usize, j: usize| &text[words[i].0 + words[i].1.len()..words[j].0];
    let unit = k + 1;
    if unit + 1 < words.len() && gap(k, unit) == "-" {
        let mut last = None;
        for i in unit + 1..words.len().min(unit + 1 + THING_WORDS) {
            if i > unit + 1 && !gap(i - 1, i).trim().is_empty() {
                break;
            }
            match noun(i) {
                Some(w) => last = Some(w),
                None => break,
            }
        }
        return last;
    }
    let before = k.checked_sub(1)?;
    if fold_lower(words[before].1) != "of" {
        return None;
    }
    (before.saturating_sub(THING_WORDS)..before)
        .rev()
        .map(|i| (i, fold_lower(words[i].1)))
        .find(|(_, w)| !w.ends_with("ing") && !is_stop(w))
        .and_then(|(i, _)| noun(i))
}

/// Whether the folded words before a count (in order) mark its state as changed: a
/// determiner, then a participle ("the revised version of the plan consisting of 28 points",
/// "an amended draft of 19 points"). The grammar of a changed state, not a list of its verbs.
pub fn changed_state(words_before: &[String]) -> bool {
    words_before.windows(2).any(|w| {
        matches!(w[0].as_str(), "the" | "a" | "an" | "its" | "this" | "their")
            && w[1].len() > 4
            && w[1].ends_with("ed")
    })
}

/// Two respellings of a name at least this close (trigram Jaccard) are the same name
/// (Yuri/Yury scores 0.3, Zelenskyy/Zelensky 0.7, Rubio/Putin 0).
pub(crate) const NAME_SPELLING: f32 = 0.3;

/// Whether two folded names are one name spelt two ways (Zelenskyy / Zelensky, Yuri / Yury):
/// the same first letter and trigrams close enough. The one rule for respellings, used by the
/// discrepancies (a spelling note) and by quotes (one speaker, one lineup).
pub fn respelt(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (a, b) = (spelling_key(a), spelling_key(b));
    a == b || (a.chars().next() == b.chars().next() && spelling_similarity(&a, &b) >= NAME_SPELLING)
}

/// A folded name spelt one way across scripts and conventions: Cyrillic in Latin letters, and
/// the German and French ways of writing Slavic sounds as English writes them (sch → sh,
/// ou → u, w → v, j → y, z → s), so "Selenskyj", "Zelensky" and "Зеленский" meet, and
/// "Uschakow", "Ouchakov" and "Ушаков".
fn spelling_key(name: &str) -> String {
    let latin = crate::similarity::features::latin(name);
    latin
        .replace("tsch", "ch")
        .replace("sch", "sh")
        .replace("ou", "u")
        .replace('w', "v")
        .replace('j', "y")
        .replace('z', "s")
}

/// Character trigram Jaccard similarity of two words, for respelt names.
pub fn spelling_similarity(a: &str, b: &str) -> f32 {
    let grams = |s: &str| {
        let mut g = Vec::new();
        crate::similarity::features::trigrams(s, &mut g);
        g.sort();
        g.dedup();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    let shared = ga.iter().filter(|g| gb.binary_search(g).is_ok()).count();
    let union = ga.len() + gb.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f32 / union as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(FactKind, String, Option<String>, String)> {
        facts(text)
            .into_iter()
            .map(|f| {
                (
                    f.kind,
                    f.value,
                    f.qualifier,
                    text[f.start..f.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn numbers_keep_unit_and_qualifier_in_the_snippet() {
        let f = show("The plan was refined down to 20 items after nearly five hours.");
        assert_eq!(f[0].1, "20");
        assert_eq!(f[0].3, "to 20 items");
        assert_eq!(f[1].1, "5");
        assert_eq!(f[1].2.as_deref(), Some("nearly"));
        assert_eq!(f[1].3, "after nearly five hours");
    }

    #[test]
    fn dates_and_names_but_not_titles_or_sentence_starts() {
        let f = show("On Tuesday, Secretary of State Marco Rubio met Yury Ushakov in 2025.");
        let kinds: Vec<(FactKind, &str)> = f.iter().map(|x| (x.0, x.1.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (FactKind::Date, "tuesday"),
                (FactKind::Name, "marco"),
                (FactKind::Name, "rubio"),
                (FactKind::Name, "yury"),
                (FactKind::Name, "ushakov"),
                (FactKind::Date, "2025"),
            ]
        );
    }

    #[test]
    fn a_date_in_another_language_is_the_same_facts_as_in_english() {
        let dated = |text: &str| -> Vec<(FactKind, String, Option<String>)> {
            facts(text)
                .into_iter()
                .filter(|f| f.kind != FactKind::Name)
                .map(|f| (f.kind, f.value, f.unit))
                .collect()
        };
        let english = dated("Putin received Witkoff on December 2 in the Kremlin.");
        assert_eq!(
            english,
            vec![
                (FactKind::Date, "december".into(), None),
                (FactKind::Number, "2".into(), Some("december".into())),
            ]
        );
        for other in [
            "Putin empfing Witkoff am 2. Dezember im Kreml.",
            "Путин принял Уиткоффа 2 декабря в Кремле.",
            "Poutine a reçu Witkoff le 2 décembre au Kremlin.",
        ] {
            let mut got = dated(other);
            got.sort_by_key(|f| f.0 == FactKind::Number);
            assert_eq!(got, english, "{other}");
        }
    }

    #[test]
    fn a_month_name_of_another_language_is_a_date_only_beside_a_number() {
        // Romanian "mai" is "more"; German "Mai" without a day is a word too.
        let dates = |text: &str| {
            facts(text)
                .into_iter()
                .filter(|f| f.kind == FactKind::Date)
                .count()
        };
        assert_eq!(dates("Negocierile au durat mai mult de cinci ore."), 0);
        assert_eq!(dates("Die Gespräche begannen am 5. Mai."), 1);
        assert_eq!(dates("Talks may resume in May."), 0);
        assert_eq!(dates("Talks resume on May 5."), 1);
    }

    #[test]
    fn respelt_names_are_close_and_different_names_are_not() {
        assert!(spelling_similarity("zelensky", "zelenskyy") > 0.6);
        for (a, b) in [
            ("зеленский", "zelenskyy"),
            ("selenskyj", "zelensky"),
            ("uschakow", "ushakov"),
            ("ouchakov", "ushakov"),
            ("ушаков", "ouchakov"),
            ("poutine", "putin"),
        ] {
            assert!(respelt(a, b), "{a} / {b}");
        }
        assert!(!respelt("putin", "peskov"));
        assert!(!respelt("путин", "ushakov"));
        assert!(spelling_similarity("yuri", "yury") >= 0.3);
        assert!(spelling_similarity("rubio", "putin") < 0.1);
    }
}
