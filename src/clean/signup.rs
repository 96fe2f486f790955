//! The sign-up rule's evidence: newsletter, subscription and privacy phrases in a line. Every
//! line of every article is checked, so the phrases are found in one automaton pass, and long
//! story lines are ruled out on their raw text before they are folded at all.

use super::SHORT_LINE_WORDS;

const NEWSLETTER_PHRASES: &[&str] = &[
    "sign up",
    "sign-up",
    "signup",
    "newsletter",
    "subscribe",
    "unsubscribe",
    "privacy policy",
    "privacy notice",
    "invalid email",
    "your inbox",
    "your email",
    "email address",
    "terms and conditions",
    "terms of service",
    "adverts from us",
    "you've consented",
];

/// Whether a folded line is sign-up text: two phrases, or one on a short line (a story
/// sentence may mention subscribers once).
pub(super) fn is_newsletter(norm: &str, words: usize) -> bool {
    let hits = newsletter_phrases_in(norm);
    hits >= 2 || (hits == 1 && words <= SHORT_LINE_WORDS)
}

/// A piece of each of the [`NEWSLETTER_PHRASES`] without spaces, so folding (which only
/// changes case and whitespace of ASCII text) cannot split or join it.
const NEWSLETTER_CORES: &[&str] = &[
    "sign",
    "newsletter",
    "subscribe",
    "privacy",
    "email",
    "inbox",
    "terms",
    "adverts",
    "consented",
];

/// Whether the folded `line` could hold one of the [`NEWSLETTER_PHRASES`]; `false` only when
/// it certainly holds none. A phrase in the folded text means one of [`NEWSLETTER_CORES`] in
/// the raw text (ASCII case aside), unless a non-ASCII character folds into ASCII letters:
/// compatibility forms such as "ﬁ" or "Ｓ" (not NFKC on their own) and the two capitals whose
/// lower case is ASCII ("K" Kelvin, "İ"). Such lines are left to the full check.
pub(super) fn may_hold_newsletter_phrase(line: &str) -> bool {
    static CORES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let cores = CORES.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(NEWSLETTER_CORES)
            .expect("fixed phrases build")
    });
    use unicode_normalization::{is_nfkc_quick, IsNormalized};
    cores.is_match(line)
        || (!line.is_ascii()
            && line.chars().any(|c| {
                !c.is_ascii()
                    && (matches!(c, '\u{212A}' | '\u{0130}')
                        || is_nfkc_quick(std::iter::once(c)) != IsNormalized::Yes)
            }))
}

/// How many of the [`NEWSLETTER_PHRASES`] occur in `norm` (each counted once). Every line is
/// checked, the long story lines too, so one automaton pass replaces a search per phrase.
fn newsletter_phrases_in(norm: &str) -> u32 {
    static PHRASES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    let ac = PHRASES.get_or_init(|| {
        aho_corasick::AhoCorasick::new(NEWSLETTER_PHRASES).expect("fixed phrases build")
    });
    let mut seen = 0u32; // one bit per phrase: 16 phrases
    for m in ac.find_overlapping_iter(norm) {
        seen |= 1 << m.pattern().as_u32();
    }
    seen.count_ones()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalise::normalise;

    /// Every line of the seed drop: real sign-up boxes and story text.
    fn seed_lines() -> Vec<String> {
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
        seeds
            .flat_map(|e| {
                let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
                text.lines().map(String::from).collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn one_pass_phrase_count_matches_a_search_per_phrase() {
        assert!(
            NEWSLETTER_PHRASES.len() <= 32,
            "the phrase set is a u32 bit mask"
        );
        let mut lines: Vec<String> = seed_lines().iter().map(|l| normalise(l)).collect();
        // Overlapping and repeated phrases: "sign-up" holds "sign", "unsubscribe" holds
        // "subscribe", "your email address" holds two phrases.
        lines.extend(
            [
                "unsubscribe",
                "subscribe subscribe",
                "your email address",
                "sign-up signup sign up",
                "privacy policyprivacy notice",
                "",
            ]
            .map(String::from),
        );
        let mut hits = 0;
        for norm in &lines {
            let naive = NEWSLETTER_PHRASES
                .iter()
                .filter(|p| norm.contains(*p))
                .count() as u32;
            assert_eq!(newsletter_phrases_in(norm), naive, "{norm}");
            hits += naive;
        }
        assert!(hits >= 10, "the seeds' sign-up boxes are in the sample");
    }

    #[test]
    fn every_sign_up_phrase_has_a_core_without_spaces() {
        for p in NEWSLETTER_PHRASES {
            assert!(NEWSLETTER_CORES.iter().any(|c| p.contains(c)), "{p}");
        }
        assert!(NEWSLETTER_CORES
            .iter()
            .all(|c| !c.contains(char::is_whitespace)));
    }

    #[test]
    fn the_raw_text_prefilter_never_hides_a_phrase() {
        let mut lines = seed_lines();
        lines.extend(
            [
                "SIGN\tUP now",
                "Ｓｉｇｎ up",
                "ﬁnd our newsletter",
                "priva\u{0301}cy policy",
                "Email\u{00A0}address",
                "\u{212A}",
                "İnbox",
                "story text only",
            ]
            .map(String::from),
        );
        let mut skipped = 0;
        for line in &lines {
            if !may_hold_newsletter_phrase(line) {
                skipped += 1;
                assert_eq!(newsletter_phrases_in(&normalise(line)), 0, "{line}");
            }
        }
        assert!(
            skipped * 2 > lines.len(),
            "the prefilter rules out most story lines"
        );
        assert!(may_hold_newsletter_phrase("Ｓｉｇｎ up"));
        assert!(may_hold_newsletter_phrase("SIGN\tUP now"));
    }

    proptest::proptest! {
        #[test]
        fn the_prefilter_is_sound(line in "[a-zA-Z \t\u{00a0}’“ﬁＳｓ\u{212a}İ\u{0301}-]{0,12}(sign|email|Privacy|terms|INBOX)?[a-z \u{00a0}’-]{0,12}") {
            if !may_hold_newsletter_phrase(&line) {
                proptest::prop_assert_eq!(newsletter_phrases_in(&normalise(&line)), 0);
            }
        }
    }
}
