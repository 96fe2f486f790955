//! Quotes: passages in quotation marks (straight or curly, « », across sentence ends, single
//! quotes nested inside), the speaker the sentence names and the attribution verb the outlet
//! chose ("said", "claimed", "insisted").

use crate::dates::{MONTH_NAMES, WEEKDAY_NAMES};
use crate::similarity::features::{concept, fold_lower, is_stop};

/// A quoted passage of a paragraph. `start..end` are byte offsets into the paragraph text,
/// quotation marks excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Quoted {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The person the sentence attributes it to, as written ("Yuri Ushakov"), if named.
    pub speaker: Option<String>,
    /// The attribution verb, lower-case ("said", "insisted"), if any.
    pub verb: Option<String>,
}

/// Verbs that attribute speech; the choice among them is itself something outlets differ on.
pub(super) const VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "claimed",
    "claims",
    "claiming",
    "admitted",
    "admits",
    "insisted",
    "insists",
    "added",
    "adds",
    "warned",
    "warns",
    "noted",
    "confirmed",
    "confirms",
    "announced",
    "declared",
    "stressed",
    "emphasized",
    "emphasised",
    "emphasizing",
    "acknowledged",
    "argued",
    "explained",
    "wrote",
    "asserted",
    "replied",
    "responded",
    "continued",
    "concluded",
    "threatened",
    "accused",
    "accusing",
    "described",
    "describing",
    "called",
    "suggested",
    "indicated",
    "clarified",
    "denied",
    "vowed",
    "promised",
    "urged",
    "agreed",
    "offered",
    "saying",
    "stating",
    "noting",
    "observed",
];
/// Attribution verbs of the other languages outlets write in, folded lower-case: the past and
/// present forms reporting uses, and the participles of the compound pasts ("a déclaré",
/// "ha detto", "a spus"). Russian and Ukrainian past tenses are in [`SLAVIC_STEMS`].
const OTHER_VERBS: &[&str] = &[
    // German
    "sagte",
    "sagten",
    "sagt",
    "erklärte",
    "erklärten",
    "erklärt",
    "betonte",
    "betont",
    "fügte",
    "ergänzte",
    "warnte",
    "schrieb",
    "meinte",
    "bestätigte",
    "räumte",
    "versicherte",
    "teilte",
    "behauptete",
    "unterstrich",
    "antwortete",
    // French
    "dit",
    "déclaré",
    "affirmé",
    "affirme",
    "souligné",
    "ajouté",
    "estimé",
    "estime",
    "expliqué",
    "assuré",
    "indiqué",
    "précisé",
    "averti",
    "reconnu",
    "confirmé",
    "annoncé",
    "insisté",
    "répondu",
    "écrit",
    "martelé",
    // Spanish
    "dijo",
    "afirmó",
    "declaró",
    "aseguró",
    "señaló",
    "añadió",
    "explicó",
    "advirtió",
    "subrayó",
    "indicó",
    "reconoció",
    "confirmó",
    // Italian
    "detto",
    "dichiarato",
    "affermato",
    "spiegato",
    "aggiunto",
    "sottolineato",
    "ribadito",
    "precisato",
    "avvertito",
    // Portuguese
    "disse",
    "afirmou",
    "declarou",
    "explicou",
    "acrescentou",
    "sublinhou",
    "garantiu",
    "referiu",
    "admitiu",
    "confirmou",
    // Romanian
    "spus",
    "declarat",
    "afirmat",
    "subliniat",
    "adăugat",
    "precizat",
    "explicat",
    "transmis",
    // Croatian
    "rekao",
    "rekla",
    "rekli",
    "izjavio",
    "izjavila",
    "kazao",
    "kazala",
    "naglasio",
    "naglasila",
    "dodao",
    "dodala",
    "istaknuo",
    "istaknula",
    "potvrdio",
    "poručio",
    // Polish
    "powiedział",
    "powiedziała",
    "stwierdził",
    "oświadczył",
    "dodał",
    "podkreślił",
    "zaznaczył",
    // Indonesian
    "kata",
    "katanya",
    "mengatakan",
    "ujar",
    "ujarnya",
    "menegaskan",
    "menyatakan",
    "menjelaskan",
    "menambahkan",
];
/// Stems of Russian and Ukrainian past-tense attribution verbs; a word is one when it is a
/// stem and a past ending ([`SLAVIC_PAST`]): сказал, сказала, сказали, Ukrainian сказав.
const SLAVIC_STEMS: &[&str] = &[
    "сказа",
    "заяви",
    "отмети",
    "зазначи",
    "подчеркну",
    "підкресли",
    "наголоси",
    "добави",
    "дода",
    "сообщи",
    "повідоми",
    "призна",
    "визна",
    "подтверди",
    "підтверди",
    "поясни",
    "замети",
    "ответи",
    "відпові",
    "написа",
    "предупреди",
    "попереди",
    "указа",
    "вказа",
    "уточни",
    "завери",
    "запевни",
    "говори",
];
/// Past endings (masculine, feminine, neuter, plural; the Ukrainian masculine -в), and the
/// Ukrainian and Russian adverbial participle -в ("підкресливши" is rarer).
const SLAVIC_PAST: &[&str] = &["л", "ла", "ли", "ло", "в"];

/// Whether a folded lower-case word attributes speech, in English or another language.
pub(super) fn is_verb(lower: &str) -> bool {
    VERBS.contains(&lower)
        || OTHER_VERBS.contains(&lower)
        || SLAVIC_PAST.iter().any(|end| {
            lower
                .strip_suffix(end)
                .is_some_and(|stem| SLAVIC_STEMS.contains(&stem))
        })
}

/// Words that are capitalised but never a speaker's name, besides facts' non-names
/// ([`super::facts::NOT_NAMES`]), weekdays and months (see [`not_a_name`]).
const NOT_SPEAKERS: &[&str] = &[
    "according",
    "speaking",
    "asked",
    "earlier",
    "meanwhile",
    "but",
    "however",
    "for",
    "his",
    "her",
    "part",
];

/// A capitalised word that cannot be (part of) a speaker's name. "May" stays a possible name
/// (Theresa May); the other months and the weekdays do not.
fn not_a_name(lower: &str) -> bool {
    NOT_SPEAKERS.contains(&lower)
        || super::facts::NOT_NAMES.contains(&lower)
        || WEEKDAY_NAMES.contains(&lower)
        || (MONTH_NAMES.contains(&lower) && lower != "may")
}

/// Words before a name that make it a person ("President Putin", unlike "the Black Sea").
const PERSON_TITLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "aide",
    "adviser",
    "advisor",
    "envoy",
    "spokesman",
    "spokeswoman",
    "chancellor",
    "leader",
    "mr",
    "mrs",
    "ms",
    "dr",
];
/// Words after which a name is an object, not the one who speaks ("adviser to Putin").
const PREPOSITIONS: &[&str] = &[
    "to", "of", "for", "with", "by", "from", "at", "on", "in", "against", "between", "about",
    "toward", "towards", "over", "under",
];
/// A named speaker stands within this many words of the attribution verb.
const SPEAKER_REACH: usize = 6;
const PRONOUNS: &[&str] = &["he", "she", "they", "it"];

fn opening(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}
fn closing(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// The quoted spans of `text` (byte offsets, marks excluded). An unclosed quote runs to the end
/// of the paragraph (outlets continue a quote into the next paragraph that way).
pub fn quote_spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // German opens low („) and closes with the mark English opens with (“).
    let mut low = false;
    for (k, &(i, c)) in chars.iter().enumerate() {
        let straight = c == '"';
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let starts = opening(c)
            || (straight
                && open.is_none()
                && prev.is_none_or(|p| p.is_whitespace() || "([—-:".contains(p)));
        match open {
            None if starts => {
                open = Some(i + c.len_utf8());
                low = c == '„';
            }
            Some(s) if closing(c) || straight || (low && c == '“') => {
                if i > s {
                    out.push((s, i));
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some(s) = open {
        if s < text.len() {
            out.push((s, text.len()));
        }
    }
    out
}

/// Word tokens of `s` with byte offsets.
pub(super) fn word_spans(s: &str) -> Vec<(usize, &str)> {
    let base = s.as_ptr() as usize;
    super::worddiff::tokenise(s)
        .into_iter()
        .filter(|t| t.chars().next().is_some_and(char::is_alphanumeric))
        .map(|t| (t.as_ptr() as usize - base, t))
        .collect()
}

/// Runs of capitalised words that look like a person's name, with their word index range.
pub(super) fn names(
    text: &str,
    words: &[(usize, &str)],
    in_quote: &dyn Fn(usize) -> bool,
) -> Vec<(usize, usize)> {
    let name_like = |k: usize| {
        let w = words[k].1;
        let lower = fold_lower(w);
        let lower = lower.strip_suffix("'s").unwrap_or(&lower);
        w.chars().next().is_some_and(char::is_uppercase)
            && !in_quote(words[k].0)
            && !is_stop(lower)
            && concept(lower).is_none()
            && !not_a_name(lower)
            && !is_verb(lower)
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if name_like(k) {
            let s = k;
            // A name continues only across plain spaces ("Marco Rubio", not "Tuesday, Rubio").
            while k + 1 < words.len()
                && name_like(k + 1)
                && text[words[k].0 + words[k].1.len()..words[k + 1].0]
                    .chars()
                    .all(|c| c == ' ')
            {
                k += 1;
            }
            out.push((s, k + 1));
        }
        k += 1;
    }
    out
}

/// The name over words `a..b` as written, without a possessive "'s" ("Putin's" → "Putin").
pub(super) fn name_written(text: &str, words: &[(usize, &str)], a: usize, b: usize) -> String {
    let to = words[b - 1].0 + words[b - 1].1.len();
    text[words[a].0..to]
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .to_string()
}

/// Words that may stand between a preposition and the name it governs ("for the Trump
/// administration", "to Russian President Vladimir Putin").
const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that"];

/// Whether the name starting at word `a` is governed by a preposition: the words before it,
/// back to a preposition, are determiners, titles or capitalised words, on one clause.
pub(super) fn object_of_preposition(text: &str, words: &[(usize, &str)], a: usize) -> bool {
    let mut k = a;
    while let Some(p) = k.checked_sub(1) {
        let between = &text[words[p].0 + words[p].1.len()..words[k].0];
        if !between.chars().all(char::is_whitespace) {
            return false;
        }
        let lower = fold_lower(words[p].1);
        // "Secretary of State Marco Rubio": an "of" inside a title governs nothing.
        let in_title = lower == "of"
            && p.checked_sub(1).is_some_and(|t| {
                let t = fold_lower(words[t].1);
                PERSON_TITLES.contains(&t.as_str()) || super::facts::NOT_NAMES.contains(&t.as_str())
            });
        if PREPOSITIONS.contains(&lower.as_str()) && !in_title {
            return true;
        }
        let modifier = DETERMINERS.contains(&lower.as_str())
            || PERSON_TITLES.contains(&lower.as_str())
            || words[p].1.chars().next().is_some_and(char::is_uppercase);
        if !modifier {
            return false;
        }
        k = p;
    }
    false
}

/// "According to Ushakov": the one preposition that names who speaks.
fn according_to(words: &[(usize, &str)], a: usize) -> bool {
    a >= 2 && fold_lower(words[a - 1].1) == "to" && fold_lower(words[a - 2].1) == "according"
}

/// An institution named as saying it by its seat ("the Kremlin said", "Moscow said"): the
/// capitalised place word right before the attribution verb.
fn institution_before(text: &str, words: &[(usize, &str)], verb: usize) -> Option<String> {
    let p = verb.checked_sub(1)?;
    let (at, w) = words[p];
    let adjacent = text[at + w.len()..words[verb].0]
        .chars()
        .all(char::is_whitespace);
    (adjacent
        && w.chars().next().is_some_and(char::is_uppercase)
        && concept(&fold_lower(w)).is_some())
    .then(|| w.to_string())
}

/// Every quote of an English paragraph with speaker and verb (see [`quotes_written_in`]).
pub fn quotes_in(text: &str) -> Vec<Quoted> {
    quotes_written_in(text, None)
}

/// Every quote of a paragraph in `language` (an ISO 639-1 code; `None` when unknown, read as
/// English) with speaker and verb. Quotes of fewer than two words are scare quotes
/// ("control"), not statements, and are left out. Outside English a speaker is only named
/// next to an attribution verb: German capitalises every noun, and "he said" is English.
pub fn quotes_written_in(text: &str, language: Option<&str>) -> Vec<Quoted> {
    let english = language.is_none_or(|l| l == "en");
    let spans = quote_spans(text);
    let in_quote = |at: usize| spans.iter().any(|&(s, e)| at >= s && at < e);
    let words = word_spans(text);
    let people = names(text, &words, &in_quote);
    // The attribution lives in the sentences a quote spans.
    let around = crate::segment::sentences(text, 0, text.len());
    let mut out = Vec::new();
    for &(s, e) in &spans {
        // French sets « guillemets » off with spaces: they are no part of the quote.
        let (s, e) = trimmed(text, s, e);
        let inner = &text[s..e];
        if word_spans(inner).len() < 2 {
            continue;
        }
        let before = around
            .iter()
            .filter(|x| x.1 > s)
            .map(|x| x.0)
            .next()
            .unwrap_or(0)
            .min(s);
        let after = around
            .iter()
            .rfind(|x| x.0 < e)
            .map(|x| x.1)
            .unwrap_or(text.len())
            .max(e);
        let ctx: Vec<usize> = (0..words.len())
            .filter(|&k| words[k].0 >= before && words[k].0 < after && !in_quote(words[k].0))
            .collect();
        let verb_at = ctx
            .iter()
            .copied()
            .find(|&k| is_verb(&fold_lower(words[k].1)));
        // Nearest named person to the verb (or to the quote), in this sentence.
        let anchor =
            verb_at.unwrap_or_else(|| words.iter().position(|w| w.0 >= s).unwrap_or(words.len()));
        let name_text = |&(a, b): &(usize, usize)| name_written(text, &words, a, b);
        let distance = |&(a, b): &(usize, usize)| a.abs_diff(anchor).min((b - 1).abs_diff(anchor));
        // "Ushakov, a senior adviser to Putin, offered": the name after a preposition, or
        // one in the possessive ("Putin's aide"), is not who speaks; the subject is, even
        // when further from the verb.
        let object = |&(a, b): &(usize, usize)| {
            let last = words[b - 1].1;
            let possessive = last.ends_with("'s") || last.ends_with("’s");
            // "remarks from Putin, who warned", "with Putin attacking": the name is the
            // subject of the clause that follows it, whatever governs it.
            let rest = text[words[b - 1].0 + last.len()..].trim_start();
            let subject_next = rest.starts_with(", who ")
                || words.get(b).is_some_and(|w| {
                    w.1.ends_with("ing")
                        && w.1.starts_with(char::is_lowercase)
                        && rest.starts_with(w.1)
                });
            possessive || (object_of_preposition(text, &words, a) && !subject_next)
        };
        // A participle clause ("…, describing it as “…”") says what the sentence's subject
        // said: the subject may stand anywhere before it in the sentence.
        let participle = verb_at.is_some_and(|k| fold_lower(words[k].1).ends_with("ing"));
        let in_reach = |x: &(usize, usize)| match verb_at {
            None => english,
            Some(v) => distance(x) <= SPEAKER_REACH || (participle && x.1 <= v),
        };
        // Only someone named as saying it speaks: a name after a preposition ("in Donbas",
        // "for the Trump administration") is what the sentence is about, except "according to".
        let named = people
            .iter()
            .filter(|&&(a, b)| ctx.contains(&a) && ctx.contains(&(b - 1)))
            .filter(|x| in_reach(x))
            .filter(|x| !object(x) || according_to(&words, x.0))
            .min_by_key(|x| distance(x))
            .map(name_text)
            .or_else(|| verb_at.and_then(|v| institution_before(text, &words, v)));
        let pronoun = english
            && ctx
                .iter()
                .any(|&k| PRONOUNS.contains(&fold_lower(words[k].1).as_str()));
        // "He said" takes the last person named earlier in the paragraph.
        // Only a name that acts like a person counts: it does something ("Putin also
        // threatened") or carries a title ("President Putin"), unlike "the Black Sea".
        let acts = |&&(a, b): &&(usize, usize)| {
            let name_end = words[b - 1].0 + words[b - 1].1.len();
            (b..(b + 3).min(words.len())).any(|k| {
                is_verb(&fold_lower(words[k].1))
                    && !text[name_end..words[k].0].contains(['.', '!', '?'])
            }) || a
                .checked_sub(1)
                .is_some_and(|p| PERSON_TITLES.contains(&fold_lower(words[p].1).as_str()))
        };
        let earlier = || {
            people
                .iter()
                .rev()
                .filter(|&&(a, _)| words[a].0 < before)
                .find(acts)
                .map(name_text)
        };
        let speaker = named.or_else(|| if pronoun { earlier() } else { None });
        out.push(Quoted {
            start: s,
            end: e,
            text: inner.to_string(),
            speaker,
            verb: verb_at.map(|k| fold_lower(words[k].1)),
        });
    }
    out
}

/// `s..e` of `text` without the white space at either end.
fn trimmed(text: &str, s: usize, e: usize) -> (usize, usize) {
    let inner = &text[s..e];
    let start = s + (inner.len() - inner.trim_start().len());
    (start, start.max(s + inner.trim_end().len()))
}

/// The first attribution verb of a sentence, lower-case ("told", "insisted").
pub fn attribution_verb(sentence: &str) -> Option<String> {
    word_spans(sentence)
        .into_iter()
        .map(|(_, w)| fold_lower(w))
        .find(|w| is_verb(w))
}

/// The surname of a speaker, lower-case: how renderings by "Yuri Ushakov" and "Ushakov" meet.
pub fn surname(speaker: &str) -> String {
    fold_lower(speaker.split_whitespace().last().unwrap_or(speaker))
}

/// Whether two speakers, as written, are one person: the same surname, or one surname respelt
/// ("Volodymyr Zelenskyy" and "Zelensky"), by the discrepancies' respelling rule.
pub fn same_person(a: &str, b: &str) -> bool {
    super::facts::respelt(&surname(a), &surname(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_in_other_languages_name_the_speaker_by_the_attribution_verb() {
        let ru = quotes_written_in(
            "Ушаков сказал российским СМИ, что стороны «не стали ни ближе, ни дальше» от урегулирования.",
            Some("ru"),
        );
        assert_eq!(ru[0].text, "не стали ни ближе, ни дальше");
        assert_eq!(ru[0].speaker.as_deref(), Some("Ушаков"));
        assert_eq!(ru[0].verb.as_deref(), Some("сказал"));
        let uk = quotes_written_in("Зеленська заявила: «Ми чекаємо на сигнали».", Some("uk"));
        assert_eq!(uk[0].speaker.as_deref(), Some("Зеленська"));
        let de = quotes_written_in(
            "Man sei sich „weder näher noch ferner“ gekommen, sagte Uschakow. Es gebe „viel zu tun“.",
            Some("de"),
        );
        assert_eq!(de[0].text, "weder näher noch ferner");
        assert_eq!(de[0].speaker.as_deref(), Some("Uschakow"));
        // No verb in its sentence: a German capitalised noun is no speaker.
        assert_eq!(de[1].text, "viel zu tun");
        assert_eq!(de[1].speaker, None);
        let fr = quotes_written_in(
            "« Aucun progrès réel », a déclaré Iouri Ouchakov.",
            Some("fr"),
        );
        assert_eq!(fr[0].text, "Aucun progrès réel");
        assert_eq!(fr[0].speaker.as_deref(), Some("Iouri Ouchakov"));
    }

    #[test]
    fn curly_and_straight_quotes_with_speaker_and_verb() {
        let q = quotes_in(
            "Yuri Ushakov, a Kremlin aide, said the sides were “neither further nor closer. There is a lot of work to be done.” Rubio told Fox News \"some progress\" was made.",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(
            q[0].text,
            "neither further nor closer. There is a lot of work to be done."
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Yuri Ushakov"));
        assert_eq!(q[0].verb.as_deref(), Some("said"));
        assert_eq!(q[1].text, "some progress");
        assert_eq!(q[1].speaker.as_deref(), Some("Rubio"));
        assert_eq!(q[1].verb.as_deref(), Some("told"));
    }

    #[test]
    fn a_pronoun_takes_the_last_named_speaker_and_scare_quotes_are_skipped() {
        let q = quotes_in(
            "Ushakov called the talks “constructive”. He insisted: “We see no possibility of resolving the crisis.”",
        );
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker.as_deref(), Some("Ushakov"));
        assert_eq!(q[0].verb.as_deref(), Some("insisted"));
    }

    #[test]
    fn a_place_is_never_the_speaker_a_pronoun_stands_for() {
        let q = quotes_in(
            "Putin warned Kyiv over ships in the Black Sea. He threatened to “step up strikes on ports”.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Putin"));
    }

    #[test]
    fn nested_single_quotes_stay_inside_and_unclosed_quotes_run_to_the_end() {
        let q = quote_spans("He said “they called it ‘a mess’ today” and “more to come");
        assert_eq!(q.len(), 2);
        let t = "He said “they called it ‘a mess’ today” and “more to come";
        assert_eq!(&t[q[0].0..q[0].1], "they called it ‘a mess’ today");
        assert_eq!(&t[q[1].0..q[1].1], "more to come");
    }

    #[test]
    fn the_speaker_is_the_subject_not_a_name_in_its_apposition() {
        let q = quotes_in(
            "Yuri Ushakov, a senior adviser to Putin, offered a five-word response: “Not further, that’s for sure.”",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Yuri Ushakov"));
        let q = quotes_in(
            "Putin’s senior aide Yuri Ushakov said the Kremlin “agreed with some points”.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Yuri Ushakov"));
        // The Kremlin speaks of Putin: the institution is named as saying it, Putin is not.
        let q = quotes_in("The Kremlin said of Putin: “he is ready right now”.");
        assert_eq!(q[0].speaker.as_deref(), Some("Kremlin"));
    }

    #[test]
    fn a_place_or_a_modifier_after_a_preposition_never_speaks() {
        // 001 ¶12: Putin celebrated the city's capture; Donbas is where the city is.
        let q = quotes_in(
            "In a related context, Putin celebrated on Monday evening the \"control\" of Russian forces over the strategic city of Pokrovsk in Donbas, describing it as \"an important victory,\" despite Kyiv denying it.",
        );
        assert_eq!(q[0].speaker.as_deref(), Some("Putin"));
        // 003 ¶2: the aide speaks, not the administration the sentence is about.
        let q = quotes_in(
            "In a frustrating development for the Trump administration, the Russian aide stated that the Kremlin currently sees “no resolution to the crisis” without an agreement.",
        );
        assert_ne!(q[0].speaker.as_deref(), Some("Trump"));
        // "According to" is the preposition that does name the speaker.
        let q = quotes_in("According to Ushakov, the talks were “rather useful”.");
        assert_eq!(q[0].speaker.as_deref(), Some("Ushakov"));
        let q = quotes_in("Moscow said the meeting produced “no real progress.”");
        assert_eq!(q[0].speaker.as_deref(), Some("Moscow"));
    }

    #[test]
    fn one_person_across_spellings_of_the_surname_and_two_people_apart() {
        assert!(same_person("Volodymyr Zelenskyy", "Zelensky"));
        assert!(same_person("Yuri Ushakov", "Yury Ushakov"));
        assert!(!same_person("Putin", "Rubio"));
        assert!(!same_person("Marco Rubio", "Vladimir Putin"));
    }

    #[test]
    fn surnames_meet_across_spellings_of_the_first_name() {
        assert_eq!(surname("Yuri Ushakov"), surname("Ushakov"));
    }
}
