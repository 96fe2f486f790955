//! What a revision changed, in words a reader takes in at a glance: "¶7: 19 → 17 points; ¶5: +
//! 1 sentence; ¶23 added". Built from [`Changes`] and the two versions' text; paragraphs are
//! numbered from 1 as the app numbers them.

use similar::{capture_diff_slices, Algorithm, DiffTag};

use super::Changes;
use crate::article::Article;

/// Inserted or deleted runs up to this many words are quoted; longer ones are counted.
const QUOTED_WORDS: usize = 5;

/// One entry per change, in the new version's reading order: edited paragraphs (a number that
/// changed, sentences added or removed, the words added or removed), added, moved and removed
/// paragraphs, a changed title.
pub fn summary(old: &Article, new: &Article, c: &Changes) -> Vec<String> {
    let mut at: Vec<(usize, String)> = Vec::new();
    for &(i, j) in &c.edited {
        let (Some(a), Some(b)) = (old.paragraphs.get(i), new.paragraphs.get(j)) else {
            continue;
        };
        let what = edit(&a.text, &b.text, a.sentences.len(), b.sentences.len());
        at.push((j, format!("¶{}: {what}", j + 1)));
    }
    for &j in &c.added {
        at.push((j, format!("¶{} added", j + 1)));
    }
    for &j in &c.moved {
        at.push((j, format!("¶{} moved", j + 1)));
    }
    at.sort_by_key(|x| x.0);
    let mut out: Vec<String> = Vec::new();
    if c.title_changed {
        out.push("title changed".into());
    }
    out.extend(at.into_iter().map(|x| x.1));
    match c.removed.len() {
        0 => {}
        1 => out.push(format!("old ¶{} removed", c.removed[0] + 1)),
        n => out.push(format!("{n} old paragraphs removed")),
    }
    out
}

/// The first paragraph of the new version that changed (edited, added or moved), if any.
pub fn first_change(c: &Changes) -> Option<usize> {
    let edited = c.edited.iter().map(|e| e.1);
    edited
        .chain(c.added.iter().copied())
        .chain(c.moved.iter().copied())
        .min()
}

/// Words with the punctuation around them split off, so "Embassy." → "Embassy late on Tuesday
/// night." reads as four added words, not one word replaced by five.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for w in text.split_whitespace() {
        let core = w.trim_matches(|c: char| c.is_ascii_punctuation() || "“”‘’«»".contains(c));
        if core.is_empty() {
            out.push(w);
            continue;
        }
        let start = w.find(core).unwrap_or(0);
        let end = start + core.len();
        if start > 0 {
            out.push(&w[..start]);
        }
        out.push(core);
        if end < w.len() {
            out.push(&w[end..]);
        }
    }
    out
}

/// Tokens as text again: a space between words, none before punctuation.
fn joined(ws: &[&str]) -> String {
    let mut s = String::new();
    for w in ws {
        let punct = w.chars().all(|c| !c.is_alphanumeric());
        if !s.is_empty() && !punct {
            s.push(' ');
        }
        s.push_str(w);
    }
    s
}

fn is_number(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    !w.is_empty() && w.chars().any(|c| c.is_ascii_digit())
}

fn clean(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%')
}

/// What changed within one paragraph.
fn edit(old: &str, new: &str, old_sentences: usize, new_sentences: usize) -> String {
    let (a, b) = (tokens(old), tokens(new));
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    let mut parts: Vec<String> = Vec::new();
    let (mut inserted, mut deleted): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    for (k, op) in ops.iter().enumerate() {
        let (o, n) = (&a[op.old_range()], &b[op.new_range()]);
        match op.tag() {
            DiffTag::Equal => {}
            DiffTag::Replace
                if o.iter().any(|w| is_number(w)) && n.iter().any(|w| is_number(w)) =>
            {
                // "19 → 17 points": the numbers, and the word after them when both keep it.
                let num = |ws: &[&str]| -> String {
                    ws.iter().map(|w| clean(w)).collect::<Vec<_>>().join(" ")
                };
                let unit = ops
                    .get(k + 1)
                    .filter(|next| next.tag() == DiffTag::Equal)
                    .and_then(|next| a.get(next.old_range().start))
                    .map(|w| clean(w))
                    .filter(|w| w.chars().all(char::is_alphabetic) && !w.is_empty())
                    .map_or(String::new(), |w| format!(" {w}"));
                parts.push(format!("{} → {}{unit}", num(o), num(n)));
            }
            _ => {
                deleted.extend(o);
                inserted.extend(n);
            }
        }
    }
    let delta = new_sentences as isize - old_sentences as isize;
    if delta != 0 {
        let n = delta.unsigned_abs();
        let sign = if delta > 0 { "+" } else { "−" };
        parts.push(format!(
            "{sign} {n} sentence{}",
            if n == 1 { "" } else { "s" }
        ));
    } else if !inserted.is_empty() || !deleted.is_empty() {
        let quoted = |ws: &[&str]| format!("“{}”", joined(ws));
        let words = inserted.len() + deleted.len();
        parts.push(match (inserted.is_empty(), deleted.is_empty()) {
            (false, true) if inserted.len() <= QUOTED_WORDS => format!("+ {}", quoted(&inserted)),
            (true, false) if deleted.len() <= QUOTED_WORDS => format!("− {}", quoted(&deleted)),
            _ if words <= QUOTED_WORDS => format!("{} → {}", quoted(&deleted), quoted(&inserted)),
            _ => format!("{words} words changed"),
        });
    }
    if parts.is_empty() {
        "punctuation".into()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_number_reads_old_to_new_with_its_unit() {
        let s = edit(
            "The plan was cut to 19 points on Monday.",
            "The plan was cut to 17 points on Monday.",
            1,
            1,
        );
        assert_eq!(s, "19 → 17 points");
    }

    #[test]
    fn an_added_sentence_is_counted_and_a_few_added_words_are_quoted() {
        assert_eq!(
            edit(
                "He spoke. Then left.",
                "He spoke. He smiled. Then left.",
                2,
                3
            ),
            "+ 1 sentence"
        );
        assert_eq!(
            edit("They met on Tuesday.", "They met late on Tuesday.", 1, 1),
            "+ “late”"
        );
        assert_eq!(
            edit(
                "He left the Embassy.",
                "He left the Embassy late on Tuesday night.",
                1,
                1
            ),
            "+ “late on Tuesday night”"
        );
    }

    #[test]
    fn first_change_is_the_earliest_edited_added_or_moved_paragraph() {
        let c = Changes {
            added: vec![22],
            edited: vec![(4, 5)],
            ..Default::default()
        };
        assert_eq!(first_change(&c), Some(5));
        assert_eq!(first_change(&Changes::default()), None);
    }
}
