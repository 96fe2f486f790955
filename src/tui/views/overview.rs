//! Overview: per outlet a change index (unique and disputed shares of its words) and a strip
//! chart along the article of where those paragraphs sit; below, the discrepancy matrix: each
//! disputed fact against the outlets, with what each one reports.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{bar, frame_block, list_header, put};
use crate::align::ParagraphMark;

const NAME: usize = 18;
const INDEX: usize = 12;
/// The fact column's width: a row's name ("plan size (revised)") at most, a fifth of the
/// width at least where that is narrower.
fn fact_width(width: u16) -> usize {
    (usize::from(width) / 5).clamp(8, 22)
}

fn role_of(i: &ParagraphMark) -> Role {
    if i.disputed {
        Role::Disputed
    } else if i.unique {
        Role::Unique
    } else if i.shared {
        Role::Shared
    } else {
        Role::Dim
    }
}

/// A screen line of the Overview: an outlet, a heading, or a fact (with its cursor index).
enum Line {
    Outlet(usize),
    Heading(String),
    Fact(usize),
}

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    frame_block(buf, body, " Overview ", true, theme);
    let inner = layout::inner(body);
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let n = app.drop.len();
    let facts = &app.drop.facts;
    let kind_w = fact_width(inner.width);
    let cell_w = usize::from(inner.width).saturating_sub(2 + kind_w) / n.max(1);
    let mut lines: Vec<Line> = (0..n).map(Line::Outlet).collect();
    lines.push(Line::Heading(String::new()));
    if facts.is_empty() {
        let msg = if app.drop.alignment.is_some() {
            "no discrepancies between outlets"
        } else {
            "aligning…"
        };
        lines.push(Line::Heading(format!("  {msg}")));
    } else {
        let mut head = format!("  {:<kind_w$}", "fact");
        for a in &app.drop.drop.articles {
            head.push_str(&format!(
                "{:<cell_w$}",
                truncate(
                    &a.outlet_label(&app.drop.drop.articles),
                    cell_w.saturating_sub(1)
                )
            ));
        }
        lines.push(Line::Heading(head));
        lines.extend((0..facts.len()).map(Line::Fact));
    }
    let cursor_line = lines
        .iter()
        .position(|l| match l {
            Line::Outlet(i) => *i == app.overview.cursor,
            Line::Fact(f) => n + f == app.overview.cursor,
            Line::Heading(_) => false,
        })
        .unwrap_or(0);
    let header = format!(
        "  {:<NAME$} {:<INDEX$} {:<INDEX$}  where it differs (◆ unique  ! disputed  █ shared)",
        "outlet", "unique", "disputed"
    );
    list_header(buf, inner, &header, theme);
    let rows = usize::from(inner.height - 1);
    let top = cursor_line.saturating_sub(rows.saturating_sub(1));
    for (k, line) in lines.iter().enumerate().skip(top).take(rows) {
        let y = inner.y + 1 + (k - top) as u16;
        let cursor = k == cursor_line;
        let base = if cursor {
            theme.style(Role::Cursor)
        } else {
            theme.style(Role::Text)
        };
        if cursor {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                base,
            );
        }
        match line {
            Line::Outlet(row) => {
                let st = app.drop.stats[*row];
                let arts = &app.drop.drop.articles;
                let name = truncate(&arts[*row].outlet_label(arts), NAME);
                let mut x = put(
                    buf,
                    inner.x,
                    y,
                    inner.width,
                    &format!("  {name:<NAME$} "),
                    base,
                );
                // A bar and its percentage, for the unique share then the disputed share.
                for (share, role, width, gap) in [
                    (st.unique_share, Role::Unique, 5, " "),
                    (st.disputed_share, Role::Disputed, 7, "  "),
                ] {
                    let bar_style = base.patch(theme.style(role));
                    x = put(buf, x, y, INDEX as u16, &bar(share, INDEX - 4), bar_style);
                    let pct = format!("{:>3.0}%{gap}", share * 100.0);
                    x = put(buf, x, y, width, &pct, base);
                }
                if let Some(info) = app.drop.info.get(*row) {
                    let cells = layout::strip_cells(body, info.len());
                    let at = if cursor { app.overview.column } else { None };
                    strip(buf, (x, y), cells, info, at, theme);
                }
            }
            Line::Heading(text) => {
                put(
                    buf,
                    inner.x,
                    y,
                    inner.width,
                    text,
                    theme.style(Role::Heading),
                );
            }
            Line::Fact(f) => {
                let fact = &facts[*f];
                let name = truncate(fact.name(), kind_w.saturating_sub(1));
                let kind = format!("  {name:<kind_w$}");
                put(
                    buf,
                    inner.x,
                    y,
                    inner.width,
                    &kind,
                    base.patch(theme.style(Role::Disputed)),
                );
                for (a, cell) in fact.cells.iter().enumerate() {
                    let x = inner.x + (2 + kind_w + a * cell_w) as u16;
                    let text = match cell {
                        Some((_, t)) => truncate(t, cell_w.saturating_sub(1)),
                        None => "·".into(),
                    };
                    if x < inner.right() {
                        put(buf, x, y, inner.right() - x, &text, base);
                    }
                }
            }
        }
    }
}

/// One cell per slice of the article's paragraphs, in the role of the slice's most notable one;
/// the cell `at` (the reader's place on the strip) reversed.
fn strip(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    cells: usize,
    info: &[ParagraphMark],
    at: Option<usize>,
    theme: &Theme,
) {
    // Cells of one role (and not the reader's place) are drawn as one run.
    let styles = [Role::Disputed, Role::Unique, Role::Shared, Role::Dim].map(|r| theme.style(r));
    let mut run = String::new();
    let mut run_start = 0usize;
    let mut run_style = None;
    for c in 0..=cells {
        let cell = (c < cells).then(|| {
            let slice = &info[layout::strip_slice(c, cells, info.len())];
            // The most notable paragraph of the slice: disputed, unique, shared, else nothing.
            let rank = slice.iter().map(|i| match role_of(i) {
                Role::Disputed => 0,
                Role::Unique => 1,
                Role::Shared => 2,
                _ => 3,
            });
            let k = rank.min().unwrap_or(3);
            let ch = ['!', '◆', '█', '·'][k];
            let mut style = styles[k];
            if at == Some(c) {
                style = style.add_modifier(ratatui::style::Modifier::REVERSED);
            }
            (ch, style)
        });
        let style = cell.map(|(_, st)| st);
        if style != run_style || at == Some(c) || at.is_some_and(|a| a + 1 == c) {
            if let Some(st) = run_style {
                let w = (c - run_start) as u16;
                put(buf, x + run_start as u16, y, w, &run, st);
            }
            run.clear();
            run_start = c;
            run_style = style;
        }
        if let Some((ch, _)) = cell {
            run.push(ch);
        }
    }
}
