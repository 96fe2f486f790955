//! Word-level diff of two texts with `similar`: words and punctuation are tokens (so "Yuri"/
//! "Yury" and "20 items"/"19 points" stand out), typographic variants and case compare equal,
//! and a deadline bounds the work so no pair can stall a caller.

use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffTag};

use super::{DiffKind, DiffOp};
use crate::normalise::fold_char;

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
    token
        .chars()
        .map(fold_char)
        .flat_map(char::to_lowercase)
        .collect()
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
