//! Word-level diff of two texts with `similar`: words and punctuation are tokens (so "Yuri"/
//! "Yury" and "20 items"/"19 points" stand out), typographic variants and case compare equal,
//! and a deadline bounds the work so no pair can stall a caller.

use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffTag};

use super::{DiffKind, DiffOp};
use crate::similarity::features::fold_lower;

/// Split a text into word, whitespace and punctuation tokens that concatenate back to it.
pub fn tokenise(text: &str) -> Vec<&str> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Space,
        Other,
    }
    let class = |c: char| {
        if c.is_alphanumeric() {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Other
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Class> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        let mut cl = class(c);
        // An apostrophe between letters stays inside the word ("don't", "Kyiv's").
        if (c == '\'' || c == '\u{2019}')
            && prev == Some(Class::Word)
            && chars.get(k + 1).is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            cl = Class::Word;
        }
        let joins = prev == Some(cl) && cl != Class::Other;
        if !joins && i > start {
            out.push(&text[start..i]);
            start = i;
        }
        prev = Some(cl);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// The comparison key of a token: folded, lower-cased; any whitespace is one space.
fn key(token: &str) -> String {
    if token.chars().all(char::is_whitespace) {
        return " ".into();
    }
    fold_lower(token)
}

/// The word diff of `left` → `right`. Concatenating the `equal` and `delete` texts gives `left`;
/// the `equal` and `insert` texts give `right` up to whitespace. Past `deadline` the diff
/// becomes coarser (never wrong).
pub fn word_diff(left: &str, right: &str, deadline: Duration) -> Vec<DiffOp> {
    let (lt, rt) = (tokenise(left), tokenise(right));
    let (lk, rk): (Vec<String>, Vec<String>) = (
        lt.iter().map(|t| key(t)).collect(),
        rt.iter().map(|t| key(t)).collect(),
    );
    let ops =
        capture_diff_slices_deadline(Algorithm::Myers, &lk, &rk, Some(Instant::now() + deadline));
    let mut out: Vec<DiffOp> = Vec::new();
    let mut push = |op: DiffKind, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(DiffOp {
                op,
                text: text.to_string(),
            }),
        }
    };
    for op in ops {
        let (tag, l, r) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => push(DiffKind::Equal, &lt[l].concat()),
            DiffTag::Delete => push(DiffKind::Delete, &lt[l].concat()),
            DiffTag::Insert => push(DiffKind::Insert, &rt[r].concat()),
            DiffTag::Replace => {
                push(DiffKind::Delete, &lt[l].concat());
                push(DiffKind::Insert, &rt[r].concat());
            }
        }
    }
    join_changes(out)
}

/// Word-pair count (left words × right words) above which [`matched_words`] keeps to its
/// deadline: 200 × 200 words, far past any sentence; under it Myers' worst case is well under a
/// millisecond.
const DEADLINE_FROM: usize = 40_000;

/// The words of two texts as the word diff matches them: for each side, every word token's
/// byte offset and, if the diff matched it with a word on the other side, that match's number
/// (the same on both sides, and the same whichever text is `left`). Discrepancy checks use it
/// to tell whether two numbers fill the same slot of two sentences ("refined down to 20 items"
/// / "revised to 19 points").
pub fn matched_words(
    left: &str,
    right: &str,
    deadline: Duration,
) -> [Vec<(usize, Option<usize>)>; 2] {
    // Words only: matched spaces and commas would outnumber the words and steer the diff.
    let words = |text: &str| -> Vec<(usize, String)> {
        let mut at = 0;
        let mut out = Vec::new();
        for t in tokenise(text) {
            if t.chars().next().is_some_and(char::is_alphanumeric) {
                out.push((at, key(t)));
            }
            at += t.len();
        }
        out
    };
    let (lw, rw) = (words(left), words(right));
    let lk: Vec<&str> = lw.iter().map(|w| w.1.as_str()).collect();
    let rk: Vec<&str> = rw.iter().map(|w| w.1.as_str()).collect();
    // Two sentences diff in microseconds; the deadline is for long texts only, as checking it
    // reads the clock at every step (1.7% of the one-story bench drop's whole time).
    let until = (lk.len() * rk.len() > DEADLINE_FROM).then(|| Instant::now() + deadline);
    let matches = |a: &[&str], b: &[&str]| -> Vec<(usize, usize)> {
        capture_diff_slices_deadline(Algorithm::Myers, a, b, until)
            .into_iter()
            .filter_map(|op| match op.as_tag_tuple() {
                (DiffTag::Equal, l, r) => Some(l.zip(r)),
                _ => None,
            })
            .flatten()
            .collect()
    };
    // Where several alignments are equally long the diff picks one by the order of its
    // inputs; the matches both orders agree on are the same whichever text comes first.
    // Matches run forward on both sides, so both lists are sorted and one binary search each
    // finds the common ones.
    let back: Vec<(usize, usize)> = matches(&rk, &lk).into_iter().map(|(j, i)| (i, j)).collect();
    let mut lm: Vec<(usize, Option<usize>)> = lw.iter().map(|w| (w.0, None)).collect();
    let mut rm: Vec<(usize, Option<usize>)> = rw.iter().map(|w| (w.0, None)).collect();
    let both = matches(&lk, &rk)
        .into_iter()
        .filter(|m| back.binary_search(m).is_ok());
    for (id, (i, j)) in both.enumerate() {
        lm[i].1 = Some(id);
        rm[j].1 = Some(id);
    }
    [lm, rm]
}

/// Merge each run of changes — including the spaces between changed words — into one delete
/// and one insert, so "20 items" → "19 points" reads as one change, not four.
fn join_changes(ops: Vec<DiffOp>) -> Vec<DiffOp> {
    let mut out: Vec<DiffOp> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let n = ops.len();
    let flush = |out: &mut Vec<DiffOp>, del: &mut String, ins: &mut String| {
        for (op, text) in [(DiffKind::Delete, del), (DiffKind::Insert, ins)] {
            if !text.is_empty() {
                out.push(DiffOp {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (k, o) in ops.into_iter().enumerate() {
        let in_run = !del.is_empty() || !ins.is_empty();
        let blank = o.text.chars().all(char::is_whitespace);
        match o.op {
            DiffKind::Delete => del.push_str(&o.text),
            DiffKind::Insert => ins.push_str(&o.text),
            DiffKind::Equal if in_run && blank && k + 1 < n => {
                del.push_str(&o.text);
                ins.push_str(&o.text);
            }
            DiffKind::Equal => {
                flush(&mut out, &mut del, &mut ins);
                out.push(o);
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(l: &str, r: &str) -> Vec<(DiffKind, String)> {
        word_diff(l, r, Duration::from_millis(50))
            .into_iter()
            .map(|o| (o.op, o.text))
            .collect()
    }

    #[test]
    fn tokens_concatenate_back_and_keep_contractions() {
        let t = tokenise("Kyiv’s “20 items”, don't—stop");
        assert_eq!(t.concat(), "Kyiv’s “20 items”, don't—stop");
        assert!(t.contains(&"Kyiv’s") && t.contains(&"don't") && t.contains(&"“"));
    }

    #[test]
    fn a_respelt_name_stands_out_and_curly_quotes_do_not() {
        let ops = d("“Yuri Ushakov said”", "\"Yury Ushakov said\"");
        assert_eq!(
            ops,
            vec![
                (DiffKind::Equal, "“".into()),
                (DiffKind::Delete, "Yuri".into()),
                (DiffKind::Insert, "Yury".into()),
                (DiffKind::Equal, " Ushakov said”".into()),
            ]
        );
    }

    #[test]
    fn changed_numbers_are_deleted_and_inserted() {
        let ops = d("refined to 20 items", "refined to 19 points");
        assert!(ops.contains(&(DiffKind::Delete, "20 items".into())));
        assert!(ops.contains(&(DiffKind::Insert, "19 points".into())));
    }

    #[test]
    fn matched_words_share_numbers_across_sides() {
        let [l, r] = matched_words(
            "refined down to 20 items",
            "revised to 19 points",
            Duration::from_millis(50),
        );
        // Words: refined down to 20 items / revised to 19 points; only "to" is matched.
        assert_eq!(
            l.iter().map(|w| w.0).collect::<Vec<_>>(),
            vec![0, 8, 13, 16, 19]
        );
        assert_eq!(l[2].1, r[1].1);
        assert!(l[2].1.is_some());
        assert!(l.iter().enumerate().all(|(k, w)| k == 2 || w.1.is_none()));
        assert!(r.iter().enumerate().all(|(k, w)| k == 1 || w.1.is_none()));
    }

    #[test]
    fn matched_words_do_not_depend_on_which_text_comes_first() {
        let (a, b) = ("Monday five 19 and more", "five 20 Monday and more");
        let pairs = |[l, r]: [Vec<(usize, Option<usize>)>; 2]| {
            let mut out: Vec<(usize, usize)> = Vec::new();
            for (at, id) in l {
                if let Some(m) = r.iter().find(|w| id.is_some() && w.1 == id) {
                    out.push((at, m.0));
                }
            }
            out
        };
        let ab = pairs(matched_words(a, b, Duration::from_millis(50)));
        let mut ba: Vec<(usize, usize)> = pairs(matched_words(b, a, Duration::from_millis(50)))
            .into_iter()
            .map(|(x, y)| (y, x))
            .collect();
        ba.sort();
        assert_eq!(ab, ba);
        // "and more" is matched either way round.
        assert!(ab.contains(&(15, 15)) && ab.contains(&(19, 19)));
    }

    #[test]
    fn equal_and_delete_rebuild_the_left_text() {
        let (l, r) = ("Не дальше, это точно.", "Not further, that's for sure.");
        let ops = word_diff(l, r, Duration::from_millis(50));
        let left: String = ops
            .iter()
            .filter(|o| o.op != DiffKind::Insert)
            .map(|o| o.text.as_str())
            .collect();
        assert_eq!(left, l);
    }
}
