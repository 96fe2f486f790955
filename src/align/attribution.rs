//! Attribution: who an outlet says made a statement. Two outlets that give one statement to
//! different speakers ("Ushakov called the meeting constructive" / "A Kremlin spokesman said the
//! meeting was constructive") disagree on a fact a fact-checker must see.
//!
//! Built for precision over recall: only a named person who is the subject of a speech verb, an
//! office named in place of a person ("a Kremlin spokesman"), or "he"/"she" standing for the one
//! person the article last named as speaking. Descriptors ("an aide", "officials", "sources")
//! and institutions ("the Kremlin said") are too vague to contradict anyone.

use super::quotes::is_verb;
use super::quotes::{
    name_written, names, object_of_preposition, quote_spans, same_person, surname, word_spans,
};
use super::Severity;
use crate::article::Paragraph;
use crate::similarity::features::{fold_lower, tokens};

/// Offices that name one holder: a statement given to "the spokesman" is not one given to a
/// person the articles never call the spokesman.
const OFFICES: &[&str] = &[
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "president",
    "chancellor",
    "premier",
    "ambassador",
    "governor",
    "mayor",
    "prosecutor",
];
/// Words that may stand between a speaker and the verb ("Ushakov also said", "he has said").
const BETWEEN: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "was",
    "is",
    "had",
    "further",
    "again",
    "earlier",
    "previously",
    "separately",
    "reportedly",
    "repeatedly",
    "once",
];
/// Verbs after which a name speaks ("…,” said Ushakov); after others it is the one addressed
/// ("told Ushakov") or accused.
const INVERTING: &[&str] = &[
    "said",
    "says",
    "added",
    "adds",
    "wrote",
    "continued",
    "explained",
    "noted",
    "insisted",
    "stressed",
    "warned",
    "stated",
    "declared",
];
/// A named speaker stands this many words before the verb at most, or further when only an
/// apposition set off by commas lies between ("Yuri Ushakov, a senior aide to Putin, said").
const SUBJECT_REACH: usize = 4;
const APPOSITION_REACH: usize = 16;
/// Two statements share this Dice coefficient of their claims' terms at least to be one.
const SAME_STATEMENT: f32 = 0.5;
/// A higher bar when both name people: outlets quote two people saying similar things.
const SAME_STATEMENT_TWO_PEOPLE: f32 = 0.7;

/// Who a statement is given to.
#[derive(Debug, Clone, PartialEq)]
pub enum Speaker {
    /// A named person, with the offices the article gives that person anywhere.
    Person {
        surname: String,
        offices: Vec<String>,
    },
    /// An office named in place of a person, with the surnames the article gives that office.
    Office { noun: String, holders: Vec<String> },
}

/// One statement of an article: a speech verb, who the article says used it, and what was said.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub speaker: Speaker,
    /// The speaker as the article writes it ("Yuri Ushakov", "A Kremlin spokesman"); a
    /// pronoun with the person it stands for ("he (Ushakov)").
    pub written: String,
    /// The byte span of the speaker's words in the paragraph.
    pub span: (usize, usize),
    /// Whether the speaker is a pronoun resolved from earlier text.
    pub by_pronoun: bool,
    /// The sorted content terms of what was said.
    pub claim: Vec<String>,
    /// The sentence's folded words: copies of one sentence never dispute who said it.
    pub sentence: String,
}

/// The statements of each paragraph of an article, in order.
pub fn article_statements(paragraphs: &[Paragraph]) -> Vec<Vec<Statement>> {
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    statements(&texts)
}

/// [`article_statements`] of paragraph texts.
fn statements(texts: &[&str]) -> Vec<Vec<Statement>> {
    let roles = article_roles(texts);
    let mut last: Option<(String, String)> = None;
    texts
        .iter()
        .map(|t| paragraph_statements(t, &mut last, &roles))
        .collect()
}

/// Each office an article gives a person: (surname, office) pairs, from titles before a name
/// ("Kremlin spokesman Dmitry Peskov") and appositions after it ("Peskov, the spokesman").
fn article_roles(texts: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for text in texts {
        let words = word_spans(text);
        let spans = quote_spans(text);
        let in_quote = |at: usize| spans.iter().any(|&(s, e)| at >= s && at < e);
        for (a, b) in names(text, &words, &in_quote) {
            let who = surname(&name_written(text, &words, a, b));
            let window = a.saturating_sub(3)..(b + 5).min(words.len());
            for k in window {
                let w = fold_lower(words[k].1);
                if OFFICES.contains(&w.as_str()) {
                    out.push((who.clone(), w));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The statements of one paragraph. `last` is the person the article last named as speaking
/// (surname, as written), cleared when a paragraph names two: "he" stands for no one then.
fn paragraph_statements(
    text: &str,
    last: &mut Option<(String, String)>,
    roles: &[(String, String)],
) -> Vec<Statement> {
    let words = word_spans(text);
    let spans = quote_spans(text);
    let in_quote = |at: usize| spans.iter().any(|&(s, e)| at >= s && at < e);
    let people = names(text, &words, &in_quote);
    let mut out = Vec::new();
    let mut named_here: Vec<(String, String)> = Vec::new();
    for (s, e) in crate::segment::sentences(text, 0, text.len()) {
        let ks: Vec<usize> = (0..words.len())
            .filter(|&k| words[k].0 >= s && words[k].0 < e)
            .collect();
        let Some(&first) = ks.first() else {
            continue;
        };
        let verbs = ks
            .iter()
            .copied()
            .filter(|&k| !in_quote(words[k].0) && is_verb(&fold_lower(words[k].1)));
        let sentence = crate::normalise::words(&crate::normalise::normalise(&text[s..e])).join(" ");
        for v in verbs {
            let found = subject(text, &words, &people, first, v)
                .map(|(a, b)| (a, b, false))
                .or_else(|| inverted(text, &words, &people, v, e).map(|(a, b)| (a, b, true)));
            let claim_of = |after: bool, skip: (usize, usize)| {
                let (from, to) = if after {
                    (
                        words[v].0 + words[v].1.len(),
                        claim_end(text, &words, &in_quote, v, e),
                    )
                } else {
                    (s, words[v].0)
                };
                claim_terms(text, from, to, skip)
            };
            let statement = if let Some((a, b, inverted)) = found {
                let name = name_written(text, &words, a, b);
                let sur = surname(&name);
                named_here.push((sur.clone(), name.clone()));
                let span = (words[a].0, words[b - 1].0 + words[b - 1].1.len());
                Some(Statement {
                    speaker: person(roles, sur),
                    written: name,
                    span,
                    by_pronoun: false,
                    claim: claim_of(!inverted, span),
                    sentence: sentence.clone(),
                })
            } else if let Some(k) = before_verb(&words, first, v) {
                let w = fold_lower(words[k].1);
                let span = (words[k].0, words[k].0 + words[k].1.len());
                if matches!(w.as_str(), "he" | "she") {
                    last.clone().map(|(sur, name)| Statement {
                        speaker: person(roles, sur),
                        written: format!("{} ({name})", words[k].1),
                        span,
                        by_pronoun: true,
                        claim: claim_of(true, span),
                        sentence: sentence.clone(),
                    })
                } else if OFFICES.contains(&w.as_str()) && !titled(&words, k) {
                    let from = office_start(&words, first, k);
                    let span = (words[from].0, span.1);
                    Some(Statement {
                        speaker: Speaker::Office {
                            holders: holders_of(roles, &w),
                            noun: w,
                        },
                        written: text[span.0..span.1].to_string(),
                        span,
                        by_pronoun: false,
                        claim: claim_of(true, span),
                        sentence: sentence.clone(),
                    })
                } else {
                    None
                }
            } else {
                None
            };
            out.extend(statement.filter(|s| !s.claim.is_empty()));
        }
    }
    // "He" stands for the one person a paragraph names as speaking; after two, for no one.
    if let Some(first) = named_here.first() {
        let one = named_here.iter().all(|n| same_person(&n.0, &first.0));
        *last = one.then(|| first.clone());
    }
    out
}

/// A named person, with the offices the article gives them.
fn person(roles: &[(String, String)], surname: String) -> Speaker {
    let offices = roles
        .iter()
        .filter(|r| same_person(&r.0, &surname))
        .map(|r| r.1.clone())
        .collect();
    Speaker::Person { surname, offices }
}

fn holders_of(roles: &[(String, String)], noun: &str) -> Vec<String> {
    roles
        .iter()
        .filter(|r| r.1 == noun)
        .map(|r| r.0.clone())
        .collect()
}

/// The name that is the subject of verb `v`: the nearest one before it in the sentence (from
/// word `first`) that is not governed by a preposition, not in the possessive, not in
/// parentheses, and stands right before the verb ("Ushakov also said") or before an apposition
/// set off by commas ("Rubio, who met Putin, said").
fn subject(
    text: &str,
    words: &[(usize, &str)],
    people: &[(usize, usize)],
    first: usize,
    v: usize,
) -> Option<(usize, usize)> {
    let candidates = people.iter().rev().filter(|&&(a, b)| a >= first && b <= v);
    for &(a, b) in candidates {
        let last = words[b - 1].1;
        let possessive = last.ends_with("'s") || last.ends_with("’s");
        if possessive
            || acronym(last)
            || parenthesised(text, words[a].0)
            || object_of_preposition(text, words, a)
        {
            continue;
        }
        let between = without_parentheses(&text[words[b - 1].0 + last.len()..words[v].0]);
        let said_between: Vec<&str> = between
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let quiet = said_between.len() <= SUBJECT_REACH
            && between.chars().all(|c| c.is_alphanumeric() || c == ' ')
            && said_between
                .iter()
                .all(|w| BETWEEN.contains(&fold_lower(w).as_str()));
        let inner = between.trim();
        let apposition = inner.len() > 2
            && inner.starts_with(',')
            && inner.ends_with(',')
            && !said_between.is_empty()
            && said_between.len() <= APPOSITION_REACH;
        if quiet || apposition {
            return Some((a, b));
        }
    }
    None
}

/// Whether byte `at` of `text` stands inside parentheses ("Edward Markey (D-Mass.) said").
fn parenthesised(text: &str, at: usize) -> bool {
    let before = &text[..at];
    before
        .rfind('(')
        .is_some_and(|o| before.rfind(')').is_none_or(|c| c < o))
}

/// `s` with its parenthesised parts left out.
fn without_parentheses(s: &str) -> String {
    let mut depth = 0usize;
    s.chars()
        .filter(|&c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

/// "…,” said Ushakov" / "said Trend Micro researcher Paul Ferguson": after a verb that inverts,
/// the last name of the phrase up to the next comma, parenthesis or sentence end, unless a
/// preposition governs it ("said Sgt. Marty Earley with the Bloomington Police").
fn inverted(
    text: &str,
    words: &[(usize, &str)],
    people: &[(usize, usize)],
    v: usize,
    end: usize,
) -> Option<(usize, usize)> {
    if !INVERTING.contains(&fold_lower(words[v].1).as_str()) {
        return None;
    }
    let from = words[v].0 + words[v].1.len();
    if from >= end {
        return None;
    }
    let stop = text[from..end]
        .find([',', '(', ';', ':', '"', '“', '”'])
        .map_or(end, |i| from + i);
    // The phrase must start right after the verb: "said Ushakov", not "said the talks were".
    let next = words.get(v + 1)?;
    if next.0 >= stop || !next.1.starts_with(char::is_uppercase) {
        return None;
    }
    let &(a, b) = people
        .iter()
        .rev()
        .filter(|&&(a, b)| a > v && words[b - 1].0 < stop)
        .find(|&&(a, _)| !object_of_preposition(text, words, a))?;
    (!acronym(words[b - 1].1)).then_some((a, b))
}

/// The word that stands as the verb's subject right before it, past "also", "has" and the like.
fn before_verb(words: &[(usize, &str)], first: usize, v: usize) -> Option<usize> {
    (first..v)
        .rev()
        .find(|&k| !BETWEEN.contains(&fold_lower(words[k].1).as_str()))
}

/// "Spokesman Dmitry Peskov said": an office followed by a name is that person's title.
fn titled(words: &[(usize, &str)], k: usize) -> bool {
    words
        .get(k + 1)
        .is_some_and(|w| w.1.starts_with(char::is_uppercase))
}

/// Where an office's phrase starts: back over capitalised words and one article ("A Kremlin
/// spokesman").
fn office_start(words: &[(usize, &str)], first: usize, k: usize) -> usize {
    let mut at = k;
    while at > first && at + 3 > k {
        let w = words[at - 1].1;
        let lower = fold_lower(w);
        if w.starts_with(char::is_uppercase) || matches!(lower.as_str(), "a" | "an" | "the") {
            at -= 1;
            if matches!(lower.as_str(), "a" | "an" | "the") {
                break;
            }
        } else {
            break;
        }
    }
    at
}

/// An acronym ("CHP", "BBC") names an organisation, not a person.
fn acronym(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() > 1 && !w.chars().any(char::is_lowercase)
}

/// What was said runs from the verb to the sentence's end, or to the next clause that starts
/// with "but" or another speech verb outside quotes.
fn claim_end(
    text: &str,
    words: &[(usize, &str)],
    in_quote: &dyn Fn(usize) -> bool,
    v: usize,
    end: usize,
) -> usize {
    words[v + 1..]
        .iter()
        .take_while(|w| w.0 < end)
        .find(|w| {
            let lower = fold_lower(w.1);
            !in_quote(w.0) && (lower == "but" || is_verb(&lower))
        })
        .map_or(end, |w| w.0)
        .min(text.len())
}

/// The sorted content terms of `text[from..to]`, the speaker's own words left out.
fn claim_terms(text: &str, from: usize, to: usize, skip: (usize, usize)) -> Vec<String> {
    if from >= to {
        return Vec::new();
    }
    let speaker: Vec<String> = tokens(&text[skip.0..skip.1])
        .into_iter()
        .map(|t| t.term)
        .collect();
    let mut out: Vec<String> = tokens(&text[from..to])
        .into_iter()
        .map(|t| t.term)
        .filter(|t| !speaker.contains(t))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Dice coefficient and count of the terms two sorted claims share.
fn overlap(a: &[String], b: &[String]) -> (f32, usize) {
    let shared = a.iter().filter(|t| b.binary_search(t).is_ok()).count();
    let total = a.len() + b.len();
    if total == 0 {
        return (0.0, 0);
    }
    (2.0 * shared as f32 / total as f32, shared)
}

/// Whether two outlets give one statement to different speakers, and how much that matters:
/// two named people are a contradiction (major); a person against an office the articles never
/// give that person is minor (the outlet may only have been vague).
pub fn differ(a: &Statement, b: &Statement) -> Option<Severity> {
    if a.sentence == b.sentence || (a.by_pronoun && b.by_pronoun) {
        return None;
    }
    let (dice, shared) = overlap(&a.claim, &b.claim);
    match (&a.speaker, &b.speaker) {
        (Speaker::Person { surname: x, .. }, Speaker::Person { surname: y, .. }) => {
            // A name the other sentence also holds may be that speaker's title or employer
            // ("said Interior Secretary Ken Salazar").
            let mentioned = |s: &Statement, who: &str| s.sentence.split(' ').any(|w| w == who);
            let distinct = !same_person(x, y)
                && !shares_a_word(&a.written, &b.written)
                && !mentioned(a, y)
                && !mentioned(b, x);
            (distinct && dice >= SAME_STATEMENT_TWO_PEOPLE && shared >= 3)
                .then_some(Severity::Major)
        }
        (Speaker::Person { surname, offices }, Speaker::Office { noun, holders })
        | (Speaker::Office { noun, holders }, Speaker::Person { surname, offices }) => {
            let holds = offices.contains(noun) || holders.iter().any(|h| same_person(h, surname));
            (!holds && dice >= SAME_STATEMENT && shared >= 2).then_some(Severity::Minor)
        }
        (Speaker::Office { .. }, Speaker::Office { .. }) => None,
    }
}

/// "BBC Drama" and "BBC Drama Commissioning" may be one speaker; two names sharing no word
/// are two.
fn shares_a_word(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.starts_with(char::is_uppercase))
            .map(fold_lower)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    wa.iter().any(|w| wb.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(ps: &[&str]) -> Statement {
        statements(ps)
            .into_iter()
            .flatten()
            .next()
            .expect("a statement")
    }

    #[test]
    fn a_person_and_an_office_never_given_them_disagree_on_one_statement() {
        let a = first(&["Ushakov called the meeting constructive but said no deal was reached."]);
        let b = first(&[
            "A Kremlin spokesman said the Moscow meeting was \"constructive\", but parts of the plan remained unacceptable.",
        ]);
        assert_eq!(a.written, "Ushakov");
        assert_eq!(b.written, "A Kremlin spokesman");
        assert_eq!(differ(&a, &b), Some(Severity::Minor));
    }

    #[test]
    fn an_office_the_articles_give_the_person_is_no_disagreement() {
        let a = first(&[
            "Kremlin spokesman Dmitry Peskov spoke to reporters.",
            "Peskov said the meeting was constructive and useful.",
        ]);
        let b = first(&["The spokesman said the meeting was constructive and useful."]);
        assert_eq!(differ(&a, &b), None);
    }

    #[test]
    fn he_stands_for_the_one_person_last_named_as_speaking() {
        let s = statements(&[
            "Ushakov told Russian media that the sides did not become closer.",
            "Although he described the meeting as \"very useful, constructive\", no deal came.",
        ]);
        assert_eq!(s[1][0].written, "he (Ushakov)");
        // Two speakers in the last paragraph: "he" stands for no one.
        let s = statements(&[
            "Ushakov said the talks went well, and Rubio said they did not.",
            "He described the meeting as useful.",
        ]);
        assert!(s[1].is_empty());
    }

    #[test]
    fn names_after_a_verb_or_a_preposition_and_organisations_never_speak() {
        // The accused is no speaker; nor is a name governed by "of".
        let s = statements(&["Police accused Fort Coffee residents of hiding him, a report said."]);
        assert!(s[0].iter().all(|x| !x.written.contains("Coffee")));
        let s = statements(&["The CHP said the driver was speeding on the highway at night."]);
        assert!(s[0]
            .iter()
            .all(|x| !matches!(x.speaker, Speaker::Person { .. })));
    }

    #[test]
    fn two_people_one_statement_is_major_and_one_sentence_copied_is_nothing() {
        let a = first(&["Putin said Russia was ready to fight Europe right now if needed."]);
        let b = first(&["Lavrov said Russia was ready to fight Europe right now if needed."]);
        assert_eq!(differ(&a, &b), Some(Severity::Major));
        let c = first(&["Putin said Russia was ready to fight Europe right now if needed."]);
        assert_eq!(differ(&a, &c), None);
        // Organisations that share a word may be one speaker.
        let d = first(&["BBC Drama said the series would return next year with new cast."]);
        let e = first(&[
            "BBC Drama Commissioning said the series would return next year with new cast.",
        ]);
        assert_eq!(differ(&d, &e), None);
    }

    #[test]
    fn different_statements_of_two_people_are_no_attribution_dispute() {
        let a = first(&["Putin said Russia was ready to fight Europe."]);
        let b = first(&["Zelensky said Ukraine was waiting for signals from Washington."]);
        assert_eq!(differ(&a, &b), None);
    }

    #[test]
    fn after_an_inverting_verb_the_person_is_the_last_name_before_a_comma() {
        let a = first(&["\"Install the fix today,\" said Acme Labs senior researcher Ann Lee."]);
        assert_eq!(a.written, "Ann Lee");
        let a =
            first(&["\"He tried to help,\" said Sgt. Tom Hale with the Dover Police Department."]);
        assert_eq!(a.written, "Tom Hale");
        let a = first(&["\"The rule goes,\" said Edward Stone (D-Ohio), chairman of the panel."]);
        assert_eq!(a.written, "Edward Stone");
    }

    #[test]
    fn a_name_in_parentheses_or_ending_a_relative_clause_is_not_the_subject() {
        let a = first(&["Senator Edward Stone (D-Ohio) said the rules were a parting shot."]);
        assert_eq!(a.written, "Senator Edward Stone");
        let a = first(&["Ann Lee, who plays the doctor's friend Clara, said she was thrilled."]);
        assert_eq!(a.written, "Ann Lee");
    }

    #[test]
    fn a_speaker_the_other_sentence_also_names_is_no_dispute() {
        let a = first(&["\"We protect every species,\" said Salazar at the hearing today."]);
        let b =
            first(&["\"We protect every species,\" said Interior Secretary Ken Salazar today."]);
        assert_eq!(differ(&a, &b), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// Any text of speech-like pieces: no panic, and every speaker span lies on character
        /// boundaries inside its paragraph.
        #[test]
        fn statements_of_any_text_never_panic_and_spans_stay_inside(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("said"), proptest::strategy::Just("Ushakov"),
                    proptest::strategy::Just("Yuri"), proptest::strategy::Just("he"),
                    proptest::strategy::Just("A Kremlin spokesman"),
                    proptest::strategy::Just(","), proptest::strategy::Just("."),
                    proptest::strategy::Just("("), proptest::strategy::Just(")"),
                    proptest::strategy::Just("“"), proptest::strategy::Just("”"),
                    proptest::strategy::Just("\""), proptest::strategy::Just("the talks"),
                    proptest::strategy::Just("Ушаков заявил"), proptest::strategy::Just("’s"),
                    proptest::strategy::Just("CHP"), proptest::strategy::Just("according to"),
                ],
                0..40,
            ),
            glue in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(" "), proptest::strategy::Just(""),
                proptest::strategy::Just("\n\n"),
            ], 40),
        ) {
            let mut text = String::new();
            for (p, g) in pieces.iter().zip(&glue) {
                text.push_str(p);
                text.push_str(g);
            }
            let paragraphs: Vec<&str> = text.split("\n\n").collect();
            for (t, found) in paragraphs.iter().zip(statements(&paragraphs)) {
                for st in found {
                    proptest::prop_assert!(st.span.0 <= st.span.1 && st.span.1 <= t.len());
                    proptest::prop_assert!(t.is_char_boundary(st.span.0) && t.is_char_boundary(st.span.1));
                }
            }
        }
    }
}
