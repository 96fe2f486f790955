//! Diff: aligned pairs side by side, word changes styled, unmatched paragraphs against a blank,
//! each pair's score and discrepancy marks in the middle, identical runs folded to one line.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::align::{DiscrepancyKind, ReuseLevel};

use super::super::app::{App, DiffState, RowKind};
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::put;
use super::{put_line, Layer};

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    let (header, left, mid, right) = layout::diff_columns(body);
    let d = &app.diff;
    let Some((l, r)) = d.pair else {
        let msg = " No diff yet: in Sources mark two articles (space) and press d, or press d in Compare.";
        put(
            buf,
            header.x,
            header.y,
            header.width,
            msg,
            theme.style(Role::Dim),
        );
        return;
    };
    let arts = &app.drop.drop.articles;
    let order = if d.right_order {
        "right order"
    } else {
        "left order"
    };
    let title = format!(
        " {}  ⟷  {}  · {} rows · {order}{}",
        arts[l].outlet_label(arts),
        arts[r].outlet_label(arts),
        d.rows.len(),
        reuse_summary(d)
    );
    buf.set_style(header, theme.style(Role::Title));
    put(
        buf,
        header.x,
        header.y,
        header.width,
        &title,
        theme.style(Role::Title),
    );
    if d.pending.is_some() || d.rows.is_empty() {
        put(
            buf,
            left.x + 1,
            left.y + 1,
            left.width,
            "aligning…",
            theme.style(Role::Dim),
        );
        return;
    }
    let height = usize::from(left.height);
    let mut line = 0usize;
    for (i, row) in d.rows.iter().enumerate() {
        let h = row.height();
        if line + h <= d.top {
            line += h;
            continue;
        }
        if line >= d.top + height {
            break;
        }
        // The cursor row keeps its words' styles (a background under red and green is hard
        // to read): the middle column is the cursor, a bar the row's height.
        let cursor = i == d.cursor;
        let base = theme.style(Role::Text);
        for k in 0..h - 1 {
            let Some(y) = (line + k).checked_sub(d.top).filter(|&y| y < height) else {
                continue;
            };
            let y = left.y + y as u16;
            if let RowKind::Fold { count, .. } = row.kind {
                let text = format!("··· {count} identical paragraphs (enter to show) ···");
                let style = if cursor {
                    theme.style(Role::Cursor)
                } else {
                    theme.style(Role::Dim)
                };
                put(buf, left.x, y, body.width, &text, style);
                continue;
            }
            if let Some(t) = row.left_lines.get(k) {
                put_line(
                    buf,
                    left.x,
                    y,
                    left.width.saturating_sub(1),
                    t,
                    theme,
                    base,
                    Layer::RolesOnTop,
                );
            }
            if let Some(t) = row.right_lines.get(k) {
                put_line(
                    buf,
                    right.x + 1,
                    y,
                    right.width.saturating_sub(1),
                    t,
                    theme,
                    base,
                    Layer::RolesOnTop,
                );
            }
            let m = if k == 0 {
                middle(&row.kind, cursor)
            } else {
                String::new()
            };
            let role = match &row.kind {
                RowKind::Pair { discrepancies, .. } if !discrepancies.is_empty() => Role::Disputed,
                RowKind::LeftOnly => Role::Deleted,
                RowKind::RightOnly => Role::Inserted,
                _ => Role::Dim,
            };
            let style = if cursor {
                theme.style(Role::Cursor)
            } else {
                theme.style(role)
            };
            if cursor {
                buf.set_style(
                    Rect {
                        y,
                        height: 1,
                        ..mid
                    },
                    style,
                );
            }
            put(buf, mid.x, y, mid.width, &m, style);
        }
        line += h;
    }
}

/// How much of the pairs is reused ("· reuse 12 verbatim 3 rewrite 2 own words") and the level
/// of the pair under the cursor ("· here: rewrite").
fn reuse_summary(d: &DiffState) -> String {
    let level = |k: &RowKind| match k {
        RowKind::Pair { reuse, .. } => Some(*reuse),
        _ => None,
    };
    let levels: Vec<ReuseLevel> = d.rows.iter().filter_map(|r| level(&r.kind)).collect();
    if levels.is_empty() {
        return String::new();
    }
    let count = |l: ReuseLevel| levels.iter().filter(|&&x| x == l).count();
    // A fold holds identical pairs: verbatim.
    let folded: usize = d
        .rows
        .iter()
        .map(|r| match r.kind {
            RowKind::Fold { count, .. } => count,
            _ => 0,
        })
        .sum();
    let counts = [
        (count(ReuseLevel::Verbatim) + folded, "verbatim"),
        (count(ReuseLevel::Rewrite), "rewrite"),
        (count(ReuseLevel::OwnWords), "own words"),
    ];
    let named: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, name)| format!("{n} {name}"))
        .collect();
    if named.is_empty() {
        return String::new();
    }
    let mut s = format!(" · reuse {}", named.join(", "));
    if let Some(here) = d.rows.get(d.cursor).and_then(|r| level(&r.kind)) {
        s.push_str(&format!(" · here: {}", here.as_str().replace('_', " ")));
    }
    s
}

/// The middle column's first line: score and marks, or what is unmatched.
fn middle(kind: &RowKind, cursor: bool) -> String {
    let arrow = if cursor { "▶" } else { " " };
    match kind {
        RowKind::Pair {
            score,
            discrepancies,
            ..
        } => {
            let mark = match discrepancies.first() {
                Some(DiscrepancyKind::Number) => "#",
                Some(DiscrepancyKind::Date) => "D",
                Some(DiscrepancyKind::Name) => "N",
                Some(DiscrepancyKind::Quote) => "Q",
                Some(DiscrepancyKind::Attribution) => "A",
                None => " ",
            };
            let flag = if discrepancies.is_empty() { " " } else { "≠" };
            format!("{arrow}{score:.2}{flag}{mark}")
        }
        RowKind::LeftOnly => format!("{arrow} ◀ −  "),
        RowKind::RightOnly => format!("{arrow}  + ▶ "),
        RowKind::Fold { .. } => String::new(),
    }
}
