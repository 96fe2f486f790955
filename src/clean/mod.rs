//! Cleaning: separate the story from boilerplate (repeated title, date lines, bylines, captions,
//! newsletter and sign-up text, share prompts, teasers, page chrome). Nothing is thrown away:
//! each removed piece is kept with its reason so the reader can show it. Conservative by design:
//! losing a sentence of the story is worse than keeping a caption, so every rule needs a short line
//! or several independent signals.

use crate::article::{Article, Paragraph, RemovalReason, Removed, Sentence};
use crate::dates;
use crate::ingest::{Extracted, Meta};
use crate::normalise::normalise;
use crate::segment;

mod signup;

use signup::{is_newsletter, may_hold_newsletter_phrase};

/// Lines longer than this are story text whatever phrases they contain.
const SHORT_LINE_WORDS: usize = 14;
/// No rule but the sign-up one looks at lines longer than this (the longest is the 30-word title).
const LONG_LINE_WORDS: usize = 30;

/// Turn an extracted file into an article: title, cleaning, segmentation, normalisation.
/// `raw` keeps every block in the story (cleaning off).
pub fn build_article(path: &str, ex: Extracted, raw: bool) -> Article {
    let body = ex.body;
    let mut meta = ex.meta;
    let groups: Vec<Vec<(usize, usize)>> = segment::line_groups(&body)
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter(|l| l.0 >= ex.story_start)
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect();
    let mut removed = Vec::new();
    let mut kept: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut byline_outlet: Option<String> = None;
    let mut byline_author: Option<String> = None;
    let mut date_text: Option<String> = None;

    // A plain first line is the headline when the file has no title of its own.
    let first_line_title = if meta.title.is_none() && groups.len() > 1 {
        groups
            .first()
            .filter(|g| g.len() == 1)
            .map(|g| g[0])
            .filter(|&(s, e)| is_title_line(body[s..e].trim()))
    } else {
        None
    };
    if let Some((s, e)) = first_line_title {
        meta.title = Some(body[s..e].trim().to_string());
    }
    let title_norm = meta.title.as_deref().map(normalise);
    let outlet_norm = meta.outlet.as_deref().map(normalise);

    let mut previous_reason: Option<RemovalReason> = None;
    for (gi, group) in groups.iter().enumerate() {
        let mut current = Vec::new();
        for (li, &(s, e)) in group.iter().enumerate() {
            let (s, e) = segment::trim_span(&body, s, e);
            let line = &body[s..e];
            if raw {
                current.push((s, e));
                continue;
            }
            let reason = if gi == 0 && li == 0 && first_line_title.is_some() {
                Some(RemovalReason::Title)
            } else {
                line_reason(
                    line,
                    title_norm.as_deref(),
                    outlet_norm.as_deref(),
                    previous_reason,
                    group.len(),
                )
            };
            match reason {
                Some(reason) => {
                    if reason == RemovalReason::DateLine && date_text.is_none() {
                        date_text = Some(line.to_string());
                    }
                    if reason == RemovalReason::Byline {
                        let (outlet, author) = byline_parts(line);
                        byline_outlet = byline_outlet.or(outlet);
                        byline_author = byline_author.or(author);
                    }
                    removed.push(Removed {
                        text: line.to_string(),
                        reason,
                        start: s,
                        end: e,
                    });
                    previous_reason = Some(reason);
                    if !current.is_empty() {
                        kept.push(std::mem::take(&mut current));
                    }
                }
                None => {
                    // A glued date prefix: " date 2025-12-03 Yuri Ushakov, ..."
                    let (s2, pre) = if current.is_empty() {
                        glued_date_prefix(&body, s, e)
                    } else {
                        (s, None)
                    };
                    if let Some(pre) = pre {
                        if date_text.is_none() {
                            date_text = Some(body[pre.0..pre.1].to_string());
                        }
                        removed.push(Removed {
                            text: body[pre.0..pre.1].to_string(),
                            reason: RemovalReason::DateLine,
                            start: pre.0,
                            end: pre.1,
                        });
                    }
                    previous_reason = None;
                    current.push((s2, e));
                }
            }
        }
        if !current.is_empty() {
            kept.push(current);
        }
    }

    // A line that repeats a byline name ("RksNews" above "RksNews 4 Min Read") is a byline too.
    if let Some(outlet) = &byline_outlet {
        let on = normalise(outlet);
        kept.retain(|g| {
            if g.len() == 1 && normalise(&body[g[0].0..g[0].1]) == on {
                removed.push(Removed {
                    text: body[g[0].0..g[0].1].to_string(),
                    reason: RemovalReason::Byline,
                    start: g[0].0,
                    end: g[0].1,
                });
                false
            } else {
                true
            }
        });
    }
    removed.sort_by_key(|r| (r.start, r.end));

    let paragraphs: Vec<Paragraph> = segment::blocks_from_groups(&body, &kept)
        .into_iter()
        .map(|b| paragraph(&body, b))
        .collect();

    let date = meta
        .date
        .as_deref()
        .and_then(dates::iso_date)
        .or_else(|| date_text.as_deref().and_then(dates::iso_date));
    let outlet = meta.outlet.take().or(byline_outlet).or_else(|| {
        std::path::Path::new(path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
    });
    let language = crate::language::detect(&paragraphs);
    let Meta {
        title, author, url, ..
    } = meta;
    Article {
        path: path.to_string(),
        format: ex.format,
        title,
        outlet,
        author: author.or(byline_author),
        date,
        url,
        language,
        paragraphs,
        removed,
        warnings: ex.warnings,
        source: body,
    }
}

fn paragraph(body: &str, b: segment::Block) -> Paragraph {
    let sentences = segment::sentences(body, b.start, b.end)
        .into_iter()
        .map(|(s, e)| Sentence {
            text: body[s..e].to_string(),
            start: s,
            end: e,
            norm: normalise(&body[s..e]),
        })
        .collect::<Vec<Sentence>>();
    // Sentences cover every non-blank character of the paragraph and normalising collapses the
    // whitespace between them, so the paragraph's folded form is theirs joined by one space
    // (none where a stop is glued to the next sentence, "team.Ukrainian").
    let mut norm = String::with_capacity(b.end - b.start);
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 && sentences[i - 1].end < s.start {
            norm.push(' ');
        }
        norm.push_str(&s.norm);
    }
    Paragraph {
        kind: b.kind,
        text: body[b.start..b.end].to_string(),
        start: b.start,
        end: b.end,
        sentences,
        norm,
    }
}

/// A first line reads as a headline: one line, not too long.
fn is_title_line(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (2..=30).contains(&words) && line.len() <= 250 && !dates::is_date_line(line)
}

/// Why a line is boilerplate, or `None` when it belongs to the story.
fn line_reason(
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

/// The outlet or author a byline names: "RksNews 4 Min Read" → outlet RksNews; "By Jane Smith" → author.
fn byline_parts(line: &str) -> (Option<String>, Option<String>) {
    let norm = normalise(line);
    if let Some(i) = min_read(&norm) {
        // Offsets agree between `line` and its normalisation only for ASCII; find the name by words.
        let n_words = norm[..i].split_whitespace().count();
        let name: Vec<&str> = line.split_whitespace().take(n_words).collect();
        let name = name.join(" ");
        return ((!name.is_empty()).then_some(name), None);
    }
    if norm.starts_with("by ") {
        let name = line.trim()[3..].trim().to_string();
        return (None, (!name.is_empty()).then_some(name));
    }
    (None, None)
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

/// A date glued in front of the first sentence (" date 2025-12-03 Yuri Ushakov, ..."): the span
/// of the prefix, and where the story starts.
fn glued_date_prefix(body: &str, s: usize, e: usize) -> (usize, Option<(usize, usize)>) {
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
