//! Wrapping styled text by display width (Cyrillic, CJK and emoji count as they show on screen),
//! done once per article and width by `update`, never while drawing.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use std::ops::Range;

use super::theme::Role;

/// A run of text drawn in one role.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub text: String,
    pub role: Role,
}

impl Seg {
    /// A run of `text` in `role`.
    pub fn new(text: impl Into<String>, role: Role) -> Seg {
        Seg {
            text: text.into(),
            role,
        }
    }
}

/// One screen line: runs of styled text whose display width fits the width it was wrapped at.
pub type WLine = Vec<Seg>;

/// Display width of a string in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Wrap `segs` to lines at most `max` columns wide. Lines break only at whitespace, so a quote
/// mark stays on its word even where the styles change; a word wider than a line breaks between
/// graphemes. Newlines break; whitespace at a break is dropped.
pub fn wrap(segs: &[Seg], max: usize) -> Vec<WLine> {
    let mut w = Wrapper {
        max: max.max(1),
        lines: Vec::new(),
        line: Vec::new(),
        used: 0,
        word: Vec::new(),
        word_w: 0,
        space: None,
    };
    for seg in segs {
        for g in seg.text.graphemes(true) {
            if g == "\n" || g == "\r\n" {
                w.flush();
                w.break_line();
            } else if g.chars().all(char::is_whitespace) {
                w.flush();
                w.space = Some(seg.role);
            } else {
                w.word.push((g, seg.role));
                w.word_w += width(g);
            }
        }
    }
    w.flush();
    if !w.line.is_empty() || w.lines.is_empty() {
        w.lines.push(w.line);
    }
    w.lines
}

/// Wrapping state: finished lines, the line being filled, the word being collected (possibly
/// in several roles) and whether a space precedes it.
struct Wrapper<'a> {
    max: usize,
    lines: Vec<WLine>,
    line: WLine,
    used: usize,
    word: Vec<(&'a str, Role)>,
    word_w: usize,
    space: Option<Role>,
}

impl Wrapper<'_> {
    fn break_line(&mut self) {
        self.lines.push(std::mem::take(&mut self.line));
        self.used = 0;
    }

    /// Place the collected word: after a space on this line if it fits, else on a new line.
    fn flush(&mut self) {
        if self.word.is_empty() {
            return;
        }
        let gap = usize::from(self.space.is_some() && self.used > 0);
        if self.used > 0 && self.used + gap + self.word_w > self.max {
            self.break_line();
        } else if gap == 1 {
            push(&mut self.line, " ", self.space.unwrap_or(Role::Text));
            self.used += 1;
        }
        for (g, role) in std::mem::take(&mut self.word) {
            let gw = width(g);
            if self.used + gw > self.max && self.used > 0 {
                self.break_line();
            }
            push(&mut self.line, g, role);
            self.used += gw;
        }
        self.word_w = 0;
        self.space = None;
    }
}

/// Re-style the byte ranges `spans` (into the concatenated text of `segs`) as `role`, splitting
/// runs where needed. Ranges not on character boundaries are ignored.
pub fn mark_spans(segs: Vec<Seg>, spans: &[(usize, usize)], role: Role) -> Vec<Seg> {
    if spans.is_empty() {
        return segs;
    }
    let mut out = Vec::new();
    let mut offset = 0;
    for seg in segs {
        let len = seg.text.len();
        // Cut points inside this run, from every span edge that falls in it.
        let mut cuts: Vec<usize> = spans
            .iter()
            .flat_map(|&(s, e)| [s, e])
            .filter(|&c| c > offset && c < offset + len && seg.text.is_char_boundary(c - offset))
            .map(|c| c - offset)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = 0;
        for to in cuts.into_iter().chain([len]) {
            let piece = &seg.text[from..to];
            let (a, b) = (offset + from, offset + to);
            let inside = spans.iter().any(|&(s, e)| s <= a && b <= e);
            out.push(Seg::new(piece, if inside { role } else { seg.role }));
            from = to;
        }
        offset += len;
    }
    out
}

/// Put the words of `original` back into runs built from a word diff, keeping the runs' roles.
/// A diff that matched words regardless of case (or quote style) carries one side's spelling in
/// its equal runs; the other side must still show its own. Used only when the runs have exactly
/// as many characters as `original`; otherwise the runs are returned as they are.
pub fn resliced(segs: Vec<Seg>, original: &str) -> Vec<Seg> {
    let total: usize = segs.iter().map(|s| s.text.chars().count()).sum();
    if total != original.chars().count() {
        return segs;
    }
    let mut rest = original;
    segs.into_iter()
        .map(|s| {
            let n = s.text.chars().count();
            let cut = rest.char_indices().nth(n).map_or(rest.len(), |(i, _)| i);
            let (head, tail) = rest.split_at(cut);
            rest = tail;
            Seg::new(head, s.role)
        })
        .collect()
}

/// `segs` (which concatenate to `original`) with the parts inside `ranges` (byte ranges of
/// `original`, sorted) given `role`. Segments that do not spell `original` are kept as they are.
pub fn overlaid(segs: Vec<Seg>, original: &str, ranges: &[Range<usize>], role: Role) -> Vec<Seg> {
    if ranges.is_empty() || segs.iter().map(|s| s.text.as_str()).collect::<String>() != original {
        return segs;
    }
    let mut out: Vec<Seg> = Vec::new();
    let mut at = 0;
    for s in segs {
        let end = at + s.text.len();
        // Cut points inside this segment: every range edge between `at` and `end`.
        let mut cuts: Vec<usize> = ranges
            .iter()
            .flat_map(|r| [r.start, r.end])
            .filter(|&c| c > at && c < end && original.is_char_boundary(c))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut from = at;
        for to in cuts.into_iter().chain([end]) {
            let inside = ranges.iter().any(|r| r.start <= from && to <= r.end);
            out.push(Seg::new(
                &original[from..to],
                if inside { role } else { s.role },
            ));
            from = to;
        }
        at = end;
    }
    out
}

fn push(line: &mut WLine, text: &str, role: Role) {
    match line.last_mut() {
        Some(last) if last.role == role => last.text.push_str(text),
        _ => line.push(Seg::new(text, role)),
    }
}

/// Cut `s` to at most `max` columns, ending with `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w + 1 > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if max > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str, w: usize) -> Vec<String> {
        wrap(&[Seg::new(s, Role::Text)], w)
            .into_iter()
            .map(|l| l.into_iter().map(|s| s.text).collect())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_by_display_width() {
        assert_eq!(plain("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(plain("МИД России сказал", 10), vec!["МИД России", "сказал"]);
        // CJK characters are two columns wide.
        assert_eq!(plain("和平谈判结束", 4), vec!["和平", "谈判", "结束"]);
    }

    #[test]
    fn long_words_break_between_graphemes_and_never_exceed_width() {
        for line in plain("supercalifragilistic 👍👍👍 done", 7) {
            assert!(width(&line) <= 7, "{line:?}");
        }
        assert_eq!(plain("", 5), vec![""]);
        // A quote mark in another style stays on its word.
        let segs = [
            Seg::new("that ", Role::Text),
            Seg::new("\"there is", Role::Quote),
        ];
        let lines: Vec<String> = wrap(&segs, 6)
            .into_iter()
            .map(|l| l.into_iter().map(|s| s.text).collect())
            .collect();
        assert_eq!(lines, vec!["that", "\"there", "is"]);
    }

    #[test]
    fn overlaid_restyles_exactly_the_ranges_across_segments() {
        let text = "one two three four";
        let segs = vec![
            Seg::new("one two ", Role::Text),
            Seg::new("three four", Role::Deleted),
        ];
        let out = overlaid(
            segs.clone(),
            text,
            &[Range { start: 4, end: 13 }],
            Role::Copied,
        );
        let got: Vec<(&str, Role)> = out.iter().map(|s| (s.text.as_str(), s.role)).collect();
        assert_eq!(
            got,
            [
                ("one ", Role::Text),
                ("two ", Role::Copied),
                ("three", Role::Copied),
                (" four", Role::Deleted)
            ]
        );
        // Segments that do not spell the text are left alone.
        assert_eq!(
            overlaid(
                segs.clone(),
                "other",
                &[Range { start: 0, end: 3 }],
                Role::Copied
            ),
            segs
        );
    }

    #[test]
    fn resliced_runs_show_the_original_spelling() {
        let runs = vec![
            Seg::new("Yuri Ushakov, ", Role::Text),
            Seg::new("A senior", Role::Inserted),
        ];
        let out = resliced(runs, "Yuri Ushakov, a senior");
        assert_eq!(out[1].text, "a senior");
        assert_eq!(out[1].role, Role::Inserted);
        // Different lengths: the runs are kept as they are.
        let runs = vec![Seg::new("abc", Role::Text)];
        assert_eq!(resliced(runs.clone(), "abcd"), runs);
    }

    #[test]
    fn truncate_respects_width() {
        assert_eq!(truncate("Россия и Европа", 8), "Россия …");
        assert_eq!(truncate("short", 8), "short");
    }
}
