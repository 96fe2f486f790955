//! `parallax diff A B`: the pairwise alignment of two articles as JSON (the public contract:
//! `{"left","right","pairs","left_only","right_only","discrepancies"}`) or side by side at
//! terminal width with the changed words highlighted.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{
    check_similarity, emit, load_reporting, model_name, options, semantic_setup, warn_problems,
    width, ModelArgs, Paint, Width, EXIT_NOTHING_LOADED,
};
use crate::align::{diff_articles_with, DiffKind, DiffOp, PairAlignment};
use crate::article::Article;
use crate::ingest::LoadOptions;

/// The `diff --json` document: both articles exactly as `show --json` prints them, then the
/// alignment's fields at the top level.
#[derive(Serialize)]
struct DiffReport<'a> {
    /// The sentence-embedding model the run aligned with; `null` when lexical.
    model: Option<String>,
    left: &'a Article,
    right: &'a Article,
    #[serde(flatten)]
    alignment: &'a PairAlignment,
}

/// Load exactly one article from `path`, or say why not.
pub(crate) fn one_article(path: &Path) -> Result<Article, String> {
    let drop = load_reporting(&[PathBuf::from(path)], &LoadOptions::default());
    let n = drop.articles.len();
    match n {
        1 => Ok(drop.articles.into_iter().next().expect("one article")),
        0 => Err(format!("{}: no article could be loaded", path.display())),
        _ => Err(format!(
            "{}: holds {n} articles; diff compares two files (use `parallax align` for a folder)",
            path.display()
        )),
    }
}

/// Run `diff`; returns the process exit code.
pub fn run(left: &Path, right: &Path, json: bool, model: &ModelArgs) -> i32 {
    let (l, r) = match (one_article(left), one_article(right)) {
        (Ok(l), Ok(r)) => (l, r),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("parallax: error: {e}");
            return EXIT_NOTHING_LOADED;
        }
    };
    let (setup, choice) = match semantic_setup(model, [&l, &r]) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let alignment = diff_articles_with(&l, &r, &options(&setup));
    warn_problems(&setup);
    if let Err(code) = check_similarity(choice, &setup) {
        return code;
    }
    let report = DiffReport {
        model: model_name(&setup),
        left: &l,
        right: &r,
        alignment: &alignment,
    };
    emit(json, &report, || {
        readable(&l, &r, &alignment, width(), Paint::detect())
    })
}

/// Paragraph `i`'s text, empty past the end.
fn text_of(a: &Article, i: usize) -> String {
    a.paragraphs
        .get(i)
        .map_or_else(String::new, |p| p.text.clone())
}

/// One side of a word diff: the equal words and the side's `own` changes (deletions on the
/// left, insertions on the right) in `style`.
fn side(diff: &[DiffOp], own: DiffKind, style: Style) -> Vec<(Style, String)> {
    diff.iter()
        .filter(|o| o.op == DiffKind::Equal || o.op == own)
        .map(|o| {
            let s = if o.op == own { style } else { Style::Plain };
            (s, o.text.clone())
        })
        .collect()
}

/// A styled piece of text: plain, removed (left only) or added (right only).
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Style {
    Plain,
    Removed,
    Added,
    Dim,
}

fn paint_piece(paint: Paint, style: Style, s: &str) -> String {
    match style {
        Style::Plain => s.to_string(),
        Style::Removed => paint.red(&paint.bold(s)),
        Style::Added => paint.green(&paint.bold(s)),
        Style::Dim => paint.dim(s),
    }
}

/// Wrap styled text to `width` display columns; each line is painted and padded to `width`.
/// Without colour, changed words are marked `[-like this-]` and `{+like this+}`; a change of
/// whitespace alone is shown as the space it is, never as an empty `{++}`.
pub(crate) fn wrap_styled(pieces: &[(Style, String)], width: usize, paint: Paint) -> Vec<String> {
    let width = width.max(8);
    // Words made of styled fragments: "Ushakov" + "," stay one word when nothing separates them.
    let mut words: Vec<Vec<(Style, String)>> = Vec::new();
    let mut current: Vec<(Style, String)> = Vec::new();
    for (style, text) in pieces {
        let blank = text.trim().is_empty();
        let style = if blank { &Style::Plain } else { style };
        let marked = match (paint.on, style) {
            (false, Style::Removed) => format!("[-{}-]", text.trim()),
            (false, Style::Added) => format!("{{+{}+}}", text.trim()),
            _ => text.clone(),
        };
        let (lead, trail) = (
            text.starts_with(char::is_whitespace),
            text.ends_with(char::is_whitespace),
        );
        if lead && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        let parts: Vec<&str> = marked.split_whitespace().collect();
        for (k, part) in parts.iter().enumerate() {
            if k > 0 && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push((*style, part.to_string()));
        }
        if trail && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0usize);
    for word in words {
        let ww: usize = word.iter().map(|f| f.1.width()).sum();
        let need = if used == 0 { ww } else { used + 1 + ww };
        if need > width && used > 0 {
            lines.push(pad(std::mem::take(&mut line), used, width));
            used = 0;
        }
        if ww <= width {
            if used > 0 {
                line.push(' ');
                used += 1;
            }
            for (style, f) in &word {
                line.push_str(&paint_piece(paint, *style, f));
            }
            used += ww;
            continue;
        }
        // A word wider than the column is cut by characters so no line overflows.
        let style = word[0].0;
        let flat: String = word.iter().map(|f| f.1.as_str()).collect();
        let mut chunk = String::new();
        let mut cols = 0;
        for c in flat.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if cols + cw > width {
                lines.push(pad(paint_piece(paint, style, &chunk), cols, width));
                chunk.clear();
                cols = 0;
            }
            chunk.push(c);
            cols += cw;
        }
        line = paint_piece(paint, style, &chunk);
        used = cols;
    }
    if used > 0 {
        lines.push(pad(line, used, width));
    }
    lines
}

fn pad(mut s: String, used: usize, width: usize) -> String {
    s.push_str(&" ".repeat(width.saturating_sub(used)));
    s
}

/// Two columns side by side, each `col` wide, separated by ` │ `.
fn side_by_side(out: &mut String, l: &[String], r: &[String], col: usize) {
    let blank = " ".repeat(col);
    for k in 0..l.len().max(r.len()) {
        let a = l.get(k).unwrap_or(&blank);
        let b = r.get(k).map(|s| s.trim_end()).unwrap_or("");
        let _ = writeln!(out, "{a} │ {b}");
    }
}

/// The readable side-by-side report, `width.cols` wide. Nothing is cut: long outlet names and
/// titles wrap like the text. Paragraphs are numbered from 1, as the app numbers them (the JSON
/// indexes from 0).
pub fn readable(l: &Article, r: &Article, a: &PairAlignment, width: Width, paint: Paint) -> String {
    let width = width.cols;
    let col = (width.saturating_sub(3)) / 2;
    let mut out = String::new();
    // Wrapped (and padded) plain, then painted whole, so the padding stays right.
    let head = |x: &Article| {
        let plain = Paint { on: false };
        let title = x.title.clone().unwrap_or_else(|| x.path.clone());
        let label = x.outlet_label(&[l.clone(), r.clone()]);
        let mut lines: Vec<String> = wrap_styled(&[(Style::Plain, label)], col, plain)
            .iter()
            .map(|s| paint.bold(s))
            .collect();
        lines.extend(
            wrap_styled(&[(Style::Plain, title)], col, plain)
                .iter()
                .map(|s| paint.dim(s)),
        );
        lines
    };
    let (hl, hr) = (head(l), head(r));
    side_by_side(&mut out, &hl, &hr, col);
    let _ = writeln!(out, "{}", "─".repeat(width.min(col * 2 + 3)));
    let mut rows: Vec<(usize, Option<usize>)> = Vec::new();
    for i in 0..l.paragraphs.len() {
        let mine: Vec<usize> = (0..a.pairs.len())
            .filter(|&k| a.pairs[k].left == i)
            .collect();
        if mine.is_empty() {
            rows.push((i, None));
        }
        rows.extend(mine.into_iter().map(|k| (i, Some(k))));
    }
    for (i, pk) in rows {
        match pk {
            Some(k) => {
                let p = &a.pairs[k];
                let tag = format!(
                    "¶{} ↔ ¶{}  {:.2}  {}{}",
                    p.left + 1,
                    p.right + 1,
                    p.score,
                    p.reuse.as_str().replace('_', " "),
                    if p.moved { "  moved" } else { "" }
                );
                let _ = writeln!(out, "{}", paint.cyan(&tag));
                // Word changes only where one text was edited into the other; two texts in
                // their own words read side by side (their disagreements are listed below).
                let (left, right) = if p.is_edit() {
                    (
                        side(&p.diff, DiffKind::Delete, Style::Removed),
                        side(&p.diff, DiffKind::Insert, Style::Added),
                    )
                } else {
                    (
                        vec![(Style::Plain, text_of(l, p.left))],
                        vec![(Style::Plain, text_of(r, p.right))],
                    )
                };
                side_by_side(
                    &mut out,
                    &wrap_styled(&left, col, paint),
                    &wrap_styled(&right, col, paint),
                    col,
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "{}",
                    paint.dim(&format!("¶{} only on the left", i + 1))
                );
                let text = [(Style::Dim, l.paragraphs[i].text.clone())];
                side_by_side(&mut out, &wrap_styled(&text, col, paint), &[], col);
            }
        }
        let _ = writeln!(out);
    }
    for &j in &a.right_only {
        let _ = writeln!(
            out,
            "{}",
            paint.dim(&format!("¶{} only on the right", j + 1))
        );
        let text = [(Style::Dim, r.paragraphs[j].text.clone())];
        side_by_side(&mut out, &[], &wrap_styled(&text, col, paint), col);
        let _ = writeln!(out);
    }
    if !a.discrepancies.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(&paint.yellow("Discrepancies")));
        for d in &a.discrepancies {
            let _ = writeln!(
                out,
                "  {:<7} ¶{} “{}”  ≠  ¶{} “{}”",
                d.kind.name(),
                d.left + 1,
                paint.red(&d.left_text),
                d.right + 1,
                paint.green(&d.right_text)
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        paint.dim(&format!(
            "{} pairs · {} only left · {} only right · {} discrepancies",
            a.pairs.len(),
            a.left_only.len(),
            a.right_only.len(),
            a.discrepancies.len()
        ))
    );
    out
}

/// Cut `s` to at most `cols` display columns, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, cols: usize) -> String {
    if s.width() <= cols {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > cols {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_never_exceed_the_column_even_with_long_cyrillic_words() {
        let paint = Paint { on: false };
        let text = [(
            Style::Plain,
            "Переговорыпереговорыпереговоры и ещё немного текста".to_string(),
        )];
        for line in wrap_styled(&text, 10, paint) {
            assert_eq!(line.width(), 10, "{line:?}");
        }
    }

    #[test]
    fn without_colour_changes_are_marked_in_brackets() {
        let paint = Paint { on: false };
        let text = [
            (Style::Plain, "refined to ".to_string()),
            (Style::Removed, "20 items".to_string()),
        ];
        assert_eq!(
            wrap_styled(&text, 40, paint)[0].trim_end(),
            "refined to [-20 items-]"
        );
    }
}
