//! Segmentation: the body text → blocks (one per paragraph, heading or list item) and each
//! block → sentences, all as byte spans into the body so every highlight maps back to the source.

use crate::article::ParagraphKind;

mod sentences;

pub use sentences::sentences;

/// A block of the body before cleaning decides whether it belongs to the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: ParagraphKind,
    /// Byte span of the block's text (markers such as `#` or `•` excluded, whitespace trimmed).
    pub start: usize,
    pub end: usize,
}

/// Split `body` into lines with their byte spans (line terminator excluded).
fn lines(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in body.bytes().enumerate() {
        if b == b'\n' {
            let end = if i > start && body.as_bytes()[i - 1] == b'\r' {
                i - 1
            } else {
                i
            };
            out.push((start, end));
            start = i + 1;
        }
    }
    if start < body.len() {
        out.push((start, body.len()));
    }
    out
}

/// Trim whitespace off a span, returning the inner span.
pub fn trim_span(body: &str, start: usize, end: usize) -> (usize, usize) {
    let s = &body[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead >= s.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// Line spans grouped into blocks: blank-line separated when the body uses blank lines between
/// paragraphs, otherwise one block per line (scrapes that lost their blank lines).
pub fn line_groups(body: &str) -> Vec<Vec<(usize, usize)>> {
    let all = lines(body);
    let non_blank: Vec<(usize, usize)> = all
        .iter()
        .copied()
        .filter(|&(s, e)| !body[s..e].trim().is_empty())
        .collect();
    let blanks_between = all
        .windows(2)
        .filter(|w| {
            !body[w[0].0..w[0].1].trim().is_empty() && body[w[1].0..w[1].1].trim().is_empty()
        })
        .count();
    // A body whose only blank lines are at its very end still counts as "one per line".
    let blank_mode = blanks_between >= 1 && non_blank.len() > 1 && {
        let last = non_blank.last().map(|l| l.1).unwrap_or(0);
        body[..last].contains("\n\n")
            || body[..last].contains("\n\r\n")
            || has_blank_line(body, last)
    };
    if !blank_mode {
        return non_blank.into_iter().map(|l| vec![l]).collect();
    }
    let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut current = Vec::new();
    for (s, e) in all {
        if body[s..e].trim().is_empty() {
            if !current.is_empty() {
                groups.push(std::mem::take(&mut current));
            }
        } else {
            current.push((s, e));
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    groups
}

fn has_blank_line(body: &str, upto: usize) -> bool {
    body[..upto]
        .split('\n')
        .skip(1)
        .any(|l| l.trim().is_empty())
}

/// The list marker at the start of a line, if any: returns the byte length of marker + space.
pub fn list_marker(line: &str) -> Option<usize> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    let mut chars = t.char_indices();
    let (_, c) = chars.next()?;
    if matches!(c, '•' | '·' | '▪' | '◦' | '‣' | '●' | '-' | '*' | '–' | '+') {
        let rest = &t[c.len_utf8()..];
        if rest.starts_with(' ') || rest.starts_with('\t') {
            let after = rest.len() - rest.trim_start().len();
            // "- " followed by text; a lone dash line is not a list item.
            if rest.trim().is_empty() {
                return None;
            }
            return Some(lead + c.len_utf8() + after);
        }
        return None;
    }
    // "1. " or "2) " numbered items.
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        let rest = &t[digits..];
        if (rest.starts_with(". ") || rest.starts_with(") ")) && rest.len() > 2 {
            let after = rest[1..].len() - rest[1..].trim_start().len();
            return Some(lead + digits + 1 + after);
        }
    }
    None
}

/// Markdown ATX heading marker length (`## `), if the line is one.
pub fn heading_marker(line: &str) -> Option<usize> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') {
        Some(hashes + 1)
    } else {
        None
    }
}

/// Whether a standalone block reads as a heading: short, no sentence-ending punctuation.
pub fn looks_like_heading(text: &str) -> bool {
    let t = text.trim();
    // Length first: every line of a file without blank lines comes here, and most are long.
    if t.len() > 120 {
        return false;
    }
    let words = t.split_whitespace().count();
    if words == 0 || words > 14 {
        return false;
    }
    let last = t
        .trim_end_matches(['"', '”', '’', '\'', '»', ')'])
        .chars()
        .last();
    if matches!(last, Some('.' | '!' | '?' | ':' | ';' | ',')) || last.is_none() {
        return false;
    }
    t.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '“' | '\'' | '‘'))
}

/// Split a body into blocks with their kinds.
pub fn blocks(body: &str) -> Vec<Block> {
    blocks_from_groups(body, &line_groups(body))
}

/// Blocks from groups of line spans (see [`line_groups`]); cleaning may have split or dropped lines.
pub fn blocks_from_groups(body: &str, groups: &[Vec<(usize, usize)>]) -> Vec<Block> {
    let mut out = Vec::new();
    for group in groups {
        if group.is_empty() {
            continue;
        }
        // A group of bullet lines is one list item per line; otherwise a group is one block.
        let bullets = group
            .iter()
            .filter(|&&(s, e)| list_marker(&body[s..e]).is_some())
            .count();
        if bullets > 0 && group.len() > 1 {
            let mut item: Option<(usize, usize)> = None;
            for &(s, e) in group {
                if let Some(m) = list_marker(&body[s..e]) {
                    if let Some((is, ie)) = item.take() {
                        push_block(body, &mut out, ParagraphKind::ListItem, is, ie);
                    }
                    item = Some((s + m, e));
                } else if let Some((is, _)) = item {
                    item = Some((is, e)); // continuation line of the item
                } else {
                    push_block(body, &mut out, ParagraphKind::Paragraph, s, e);
                }
            }
            if let Some((is, ie)) = item {
                push_block(body, &mut out, ParagraphKind::ListItem, is, ie);
            }
            continue;
        }
        let (s, e) = (group[0].0, group[group.len() - 1].1);
        let first = &body[group[0].0..group[0].1];
        let first_trim = first.trim_start();
        let lead = first.len() - first_trim.len();
        if let Some(m) = heading_marker(first_trim) {
            push_block(body, &mut out, ParagraphKind::Heading, s + lead + m, e);
        } else if let Some(m) = list_marker(first) {
            push_block(body, &mut out, ParagraphKind::ListItem, s + m, e);
        } else {
            let kind = if group.len() == 1 && looks_like_heading(&body[s..e]) {
                ParagraphKind::Heading
            } else {
                ParagraphKind::Paragraph
            };
            push_block(body, &mut out, kind, s, e);
        }
    }
    out
}

fn push_block(body: &str, out: &mut Vec<Block>, kind: ParagraphKind, s: usize, e: usize) {
    let (s, e) = trim_span(body, s, e);
    if s < e {
        out.push(Block {
            kind,
            start: s,
            end: e,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_per_line_without_blank_lines() {
        let body = "Title line\nFirst paragraph here.\nSecond one here.\n";
        assert_eq!(blocks(body).len(), 3);
    }

    #[test]
    fn blank_line_blocks_join_wrapped_lines() {
        let body = "First paragraph\nwraps here.\n\nSecond paragraph.\n";
        let b = blocks(body);
        assert_eq!(b.len(), 2);
        assert_eq!(&body[b[0].start..b[0].end], "First paragraph\nwraps here.");
    }

    #[test]
    fn bullets_become_list_items_without_marker() {
        let body = "Intro:\n\n  • Russian Stance: no.\n\n  • US view: yes.\n";
        let b = blocks(body);
        assert_eq!(b[1].kind, ParagraphKind::ListItem);
        assert_eq!(&body[b[1].start..b[1].end], "Russian Stance: no.");
    }

    #[test]
    fn headings_are_short_and_unpunctuated() {
        assert!(looks_like_heading("Competing Peace Proposals and Demands"));
        assert!(looks_like_heading(
            "Zelensky: “The Chance to End the War Has Never Been Greater”"
        ));
        assert!(!looks_like_heading(
            "Witkoff made no public comments as he left the U.S. Embassy."
        ));
        assert!(!looks_like_heading("the lower case start"));
    }
}
