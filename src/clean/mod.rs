//! Cleaning: tell the story from boilerplate, one line at a time (repeated title, date lines,
//! bylines, captions, newsletter and sign-up text, share prompts, teasers, page chrome). A pure
//! classifier: it judges lines and reads names and dates out of them; the article builder
//! (`ingest::build`) keeps every removed piece with its reason so the reader can show it.
//! Conservative by design: losing a sentence of the story is worse than keeping a caption, so
//! every rule needs a short line or several independent signals.

use crate::article::RemovalReason;
use crate::dates;
use crate::normalise::normalise;
use crate::segment;

mod signup;

use signup::{is_newsletter, may_hold_newsletter_phrase};

/// Lines longer than this are story text whatever phrases they contain.
const SHORT_LINE_WORDS: usize = 14;
/// No rule but the sign-up one looks at lines longer than this (the longest is the 30-word title).
const LONG_LINE_WORDS: usize = 30;

/// A first line reads as a headline: one line, not too long.
pub fn is_title_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=30).contains(&words) && line.len() <= 250 && !dates::is_date_line(line)
}

/// Why a line is boilerplate, or `None` when it belongs to the story. `title` and `outlet` are
/// the article's own, folded; `previous` is why the line before was removed (`None`: kept);
/// `group_len` counts the lines of its block.
pub fn line_reason(
    line: &str,
    title: Option<&str>,
    outlet: Option<&str>,
    previous: Option<RemovalReason>,
    group_len: usize,
) -> Option<RemovalReason> {
    // Counted only as far as the rules look: past LONG_LINE_WORDS every count acts the same.
    let words = word_count(line, LONG_LINE_WORDS + 1);
    // Only the sign-up rule (two independent phrases) can fire on a long line; skip the rest.
    if words > LONG_LINE_WORDS {
        // Most of a story is long lines: rule them out on the raw text before folding them.
        let newsletter = may_hold_newsletter_phrase(line) && is_newsletter(&normalise(line), words);
        return newsletter.then_some(RemovalReason::Newsletter);
    }
    let norm = normalise(line);
    // A Markdown `# Headline` repeating the front-matter title is the title too.
    // (Without a marker the bare line is the line, already folded as `norm`.)
    let bare = segment::heading_marker(line).map(|m| &line[m..]);
    if title.is_some_and(|t| t == norm || bare.is_some_and(|b| t == normalise(b))) {
        return Some(RemovalReason::RepeatedTitle);
    }
    if dates::is_date_line(line) {
        return Some(RemovalReason::DateLine);
    }
    if is_byline(&norm, words) || outlet.is_some_and(|o| o == norm && words <= 4) {
        return Some(RemovalReason::Byline);
    }
    if is_caption(line, &norm, words) {
        return Some(RemovalReason::Caption);
    }
    if is_newsletter(&norm, words) {
        return Some(RemovalReason::Newsletter);
    }
    if words <= 10 && starts_with_any(&norm, SHARE_PROMPTS) {
        return Some(RemovalReason::SharePrompt);
    }
    if words <= 20 && starts_with_any(&norm, RELATED_PREFIXES) {
        return Some(RemovalReason::Related);
    }
    if words <= 8
        && PAGE_CHROME.iter().any(|p| {
            norm.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        })
    {
        return Some(RemovalReason::PageChrome);
    }
    // A headline-like line right after a sign-up box is the teaser of an embedded video or article.
    if previous == Some(RemovalReason::Newsletter)
        && group_len == 1
        && segment::looks_like_heading(line)
    {
        return Some(RemovalReason::Related);
    }
    None
}

fn starts_with_any(norm: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| norm.starts_with(p))
}

const SHARE_PROMPTS: &[&str] = &[
    "share this",
    "share on",
    "share article",
    "follow us",
    "click here",
    "tap here",
    "like us on",
    "join us on",
    "copy link",
    "comments (",
];
const RELATED_PREFIXES: &[&str] = &[
    "read more:",
    "read more ",
    "related:",
    "related article",
    "also read",
    "see also:",
    "watch:",
    "more:",
    "recommended:",
    "most read",
];
const PAGE_CHROME: &[&str] = &[
    "advertisement",
    "advert",
    "sponsored",
    "skip to content",
    "skip to main content",
    "menu",
    "accept all cookies",
    "accept cookies",
    "cookie settings",
    "we use cookies",
    "sign in",
    "log in",
];

fn is_byline(norm: &str, words: usize) -> bool {
    if words <= 8 && min_read(norm).is_some() {
        return true;
    }
    // "By Jane Smith", "By Jane Smith and John Doe, Reuters".
    words <= 8 && norm.starts_with("by ") && !norm.ends_with('.')
}

/// The byte index where "N min read" starts in a normalised line.
fn min_read(norm: &str) -> Option<usize> {
    let i = norm
        .find(" min read")
        .or_else(|| norm.find(" minute read"))?;
    let before = norm[..i].trim_end();
    let digits = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (digits > 0).then(|| before.len() - digits)
}

/// The outlet or author a byline names: "RksNews 4 Min Read" → outlet RksNews; "By Jane Smith" →
/// author Jane Smith. Rules are checked on the folded line, but names come from the raw one:
/// folding changes byte lengths ("𝐁y", "Ｂｙ" fold to "by"), so an offset into the folded line
/// is no offset into the raw one, and the raw line is split by words instead.
pub fn byline_parts(line: &str) -> (Option<String>, Option<String>) {
    let norm = normalise(line);
    let non_empty = |name: &str| (!name.is_empty()).then(|| name.to_string());
    if let Some(i) = min_read(&norm) {
        let n_words = norm[..i].split_whitespace().count();
        let name = split_after_folded_words(line, n_words).map(|(name, _)| name);
        return (name.and_then(non_empty), None);
    }
    if norm.starts_with("by ") {
        let name = split_after_folded_words(line, 1).map(|(_, rest)| rest);
        return (None, name.and_then(non_empty));
    }
    (None, None)
}

/// `line` split after the raw words that fold to its first `n` folded words: the head and the
/// rest, each trimmed. `None` when one raw word folds across that point (a zero-width space folds
/// to a space: "By\u{200B}Jane" is one raw word and two folded ones).
fn split_after_folded_words(line: &str, n: usize) -> Option<(&str, &str)> {
    let mut folded = 0;
    let mut cut = 0;
    let mut words = word_spans(line);
    while folded < n {
        let (start, end) = words.next()?;
        folded += normalise(&line[start..end]).split_whitespace().count();
        cut = end;
    }
    (folded == n).then(|| (line[..cut].trim(), line[cut..].trim()))
}

/// The byte spans of the whitespace-separated words of `line` (on char boundaries, as
/// `split_whitespace` finds them).
fn word_spans(line: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = line.char_indices().peekable();
    std::iter::from_fn(move || {
        while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some((i, c)) = chars.next_if(|(_, c)| !c.is_whitespace()) {
            end = i + c.len_utf8();
        }
        Some((start, end))
    })
}

const CAPTION_PREFIXES: &[&str] = &[
    "photo:",
    "photo by",
    "photograph:",
    "image:",
    "image by",
    "picture:",
    "pictured:",
    "credit:",
    "photo credit",
    "image credit",
    "caption:",
    "(photo",
    "(image",
    "file photo",
    "foto:",
];
const CAPTION_MARKERS: &[&str] = &[
    "(image:",
    "(photo:",
    "(picture:",
    "(credit:",
    "getty images",
    "/ reuters",
    "/ ap photo",
    "(afp",
    "/ afp",
    "(reuters)",
    "(ap)",
    "/ getty",
    "shutterstock",
];

fn is_caption(line: &str, norm: &str, words: usize) -> bool {
    if words > 25 {
        return false;
    }
    if starts_with_any(norm, CAPTION_PREFIXES) {
        return true;
    }
    // "Russian President Vladimir Putin (Image: Getty)": a marker and no sentence after it.
    CAPTION_MARKERS.iter().any(|m| norm.contains(m)) && !line.trim_end().ends_with('.')
        || norm.ends_with(')') && CAPTION_MARKERS.iter().any(|m| norm.contains(m))
}

/// `cap`. Every line is counted, so ASCII bytes are classified without decoding.
fn word_count(line: &str, cap: usize) -> usize {
    let bytes = line.as_bytes();
    let (mut words, mut in_word, mut i) = (0, false, 0);
    while i < bytes.len() && words < cap {
        let (space, len) = if bytes[i].is_ascii() {
            (
                matches!(bytes[i], b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' '),
                1,
            )
        } else {
            let c = line[i..].chars().next().expect("i is a char boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
        i += len;
    }
    words
}

/// A date glued in front of the first sentence (" date 2025-12-03 Yuri Ushakov, ..."): where
/// the story starts in `body[s..e]`, and the span of the prefix.
pub fn glued_date_prefix(body: &str, s: usize, e: usize) -> (usize, Option<(usize, usize)>) {
    let line = &body[s..e];
    let mut words = line.split_whitespace();
    let (first, second) = (words.next(), words.next());
    let (Some(first), Some(second)) = (first, second) else {
        return (s, None);
    };
    // The first line of every paragraph comes here: compare without allocating.
    if !["date", "published", "updated", "posted"]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(first))
    {
        return (s, None);
    }
    let second = second.trim_end_matches([':', ',', '-']);
    if dates::iso_date(second).is_none() {
        return (s, None);
    }
    let Some(pos) = line.find(second) else {
        return (s, None);
    };
    let mut cut = pos + second.len();
    cut += line[cut..].len()
        - line[cut..]
            .trim_start_matches([':', ',', '-', ' ', '\t'])
            .len();
    if cut >= line.len() {
        return (s, None);
    }
    (s + cut, Some((s, s + pos + second.len())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(line: &str) -> Option<RemovalReason> {
        line_reason(line, None, None, None, 1)
    }

    #[test]
    fn captions_from_seeds_go_and_story_lines_stay() {
        assert_eq!(
            reason("Photo: Vladimir Putin / Russian Foreign Ministry - МИД России"),
            Some(RemovalReason::Caption)
        );
        assert_eq!(
            reason("Russian President Vladimir Putin (Image: Getty)"),
            Some(RemovalReason::Caption)
        );
        assert_eq!(
            reason("The photo showed Putin smiling at Witkoff in the Kremlin."),
            None
        );
    }

    #[test]
    fn newsletter_text_goes_but_a_story_sentence_mentioning_subscribers_stays() {
        assert_eq!(
            reason("The latest news from around the world Invalid email"),
            Some(RemovalReason::Newsletter)
        );
        assert_eq!(
            reason("We use your sign-up to provide content in ways you've consented to and to improve our understanding of you. This may include adverts from us and 3rd parties based on our understanding. You can unsubscribe at any time. Read our Privacy Policy"),
            Some(RemovalReason::Newsletter)
        );
        assert_eq!(
            reason("The channel, which has millions of subscribers, said it would subscribe to no party line and continue reporting from Moscow."),
            None
        );
    }

    #[test]
    fn bylines_and_read_times_go() {
        assert_eq!(reason("RksNews 4 Min Read"), Some(RemovalReason::Byline));
        assert_eq!(reason("4 Min Read"), Some(RemovalReason::Byline));
        assert_eq!(reason("By Jane Smith"), Some(RemovalReason::Byline));
        assert_eq!(reason("By the end of the day, nothing was agreed."), None);
        assert_eq!(
            byline_parts("RksNews 4 Min Read").0.as_deref(),
            Some("RksNews")
        );
    }

    #[test]
    fn byline_names_are_taken_by_words_from_the_raw_line() {
        let author = |line| byline_parts(line).1;
        assert_eq!(author("𝐁y Jane Smith").as_deref(), Some("Jane Smith"));
        assert_eq!(author("Ｂｙ Jane Smith").as_deref(), Some("Jane Smith"));
        assert_eq!(
            author("By  Jane\u{a0}Smith ").as_deref(),
            Some("Jane\u{a0}Smith")
        );
        // One raw word folding to two: no name rather than half of one.
        assert_eq!(author("By\u{200B}Jane Smith"), None);
        assert_eq!(
            byline_parts("ＲｋｓＮｅｗｓ 4 Min Read").0.as_deref(),
            Some("ＲｋｓＮｅｗｓ")
        );
        assert_eq!(byline_parts("4 Min Read"), (None, None));
    }

    #[test]
    fn date_lines_go_and_glued_dates_are_cut_off() {
        assert_eq!(reason("Dec 3, 2025 - 08:10"), Some(RemovalReason::DateLine));
        let body = " date 2025-12-03 Yuri Ushakov, a senior aide, said.";
        let (start, pre) = glued_date_prefix(body, 0, body.len());
        assert_eq!(&body[start..], "Yuri Ushakov, a senior aide, said.");
        assert_eq!(&body[pre.unwrap().0..pre.unwrap().1], " date 2025-12-03");
        let story = "Date night: Putin and Xi dined.";
        assert_eq!(glued_date_prefix(story, 0, story.len()).1, None);
    }

    #[test]
    fn word_count_counts_as_split_whitespace_does() {
        for line in [
            "",
            "  ",
            "one",
            " two  words ",
            "tab\tand\u{00A0}nbsp\u{3000}ideographic\u{2009}thin",
            "“Quoted” words — and a dash",
            "a b c d e f g",
        ] {
            for cap in [0, 1, 3, 100] {
                let expected = line.split_whitespace().take(cap).count();
                assert_eq!(word_count(line, cap), expected, "{line:?} {cap}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn word_count_matches_split_whitespace(line in "(?s).{0,40}", cap in 0usize..40) {
            proptest::prop_assert_eq!(word_count(&line, cap), line.split_whitespace().take(cap).count());
        }

    }

    #[test]
    fn lead_ins_stay_as_text() {
        assert_eq!(
            reason("Here’s what you need to know: Five hours of talks failed."),
            None
        );
    }
}
