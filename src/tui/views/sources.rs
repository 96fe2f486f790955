//! Sources: one row per article (outlet, title, date, length, share of unique content, number of
//! discrepancies), the two marked for a diff, and the files that could not be read.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{frame_block, list_header, list_row, put};

const OUTLET: usize = 20;
const DATE: usize = 10;
const NUMBERS: usize = 24;
/// Derivation column: "82% from Reuters" (triage's, once it has a report).
const DERIVED: usize = 18;
/// The narrowest title column the derived column may leave.
const MIN_TITLE: usize = 24;

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    let title = match app.stories.shown_story().filter(|_| app.stories.many()) {
        Some(st) => format!(
            " Sources · story {}: {} ({}) ",
            st.id,
            st.label,
            app.drop.len()
        ),
        None => format!(" Sources ({}) ", app.drop.len()),
    };
    frame_block(buf, body, &title, true, theme);
    let inner = layout::inner(body);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    // The derived column only where the title keeps room (a 100-column terminal or wider).
    let fixed = 4 + OUTLET + DATE + NUMBERS + 4;
    let with_derived = usize::from(inner.width) >= fixed + DERIVED + 1 + MIN_TITLE;
    let title_w =
        usize::from(inner.width).saturating_sub(fixed + if with_derived { DERIVED + 1 } else { 0 });
    let mut header = format!(
        "    {:<OUTLET$} {:<title_w$} {:<DATE$} {:>6} {:>8} {:>8}",
        "outlet", "title", "date", "words", "unique", "disputes"
    );
    if with_derived {
        header.push_str(&format!(" {:<DERIVED$}", "derived"));
    }
    list_header(buf, inner, &header, theme);
    let rows = usize::from(inner.height - 1);
    let s = &app.sources;
    let aligned = app.drop.alignment.is_some();
    for (i, a) in app
        .drop
        .drop
        .articles
        .iter()
        .enumerate()
        .skip(s.top)
        .take(rows)
    {
        let y = inner.y + 1 + (i - s.top) as u16;
        let mark = match s.marks.iter().position(|&m| m == i) {
            Some(k) => format!("[{}]", k + 1),
            None => "   ".into(),
        };
        let st = app.drop.stats.get(i).copied().unwrap_or_default();
        let (unique, disputes) = if aligned {
            (
                format!("{:>7.0}%", st.unique_share * 100.0),
                format!("{:>8}", st.discrepancies),
            )
        } else {
            ("       …".into(), "       …".into())
        };
        let date = a
            .date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d))
            .unwrap_or("—");
        let base = if i == s.cursor {
            theme.style(Role::Cursor)
        } else {
            theme.style(Role::Text)
        };
        list_row(buf, inner, y, base);
        // Each field at its column, unpadded: the row's style already fills the gaps.
        let fields = [
            (
                4,
                truncate(&a.outlet_label(&app.drop.drop.articles), OUTLET),
            ),
            (
                5 + OUTLET,
                truncate(a.title.as_deref().unwrap_or("(untitled)"), title_w),
            ),
            (6 + OUTLET + title_w, date.to_string()),
            (
                6 + OUTLET + title_w + DATE,
                format!("{:>7} {unique} {disputes}", st.words),
            ),
            (7 + OUTLET + title_w + DATE + NUMBERS, derived(app, &a.path)),
        ];
        for (dx, text) in fields {
            let x = inner.x.saturating_add(dx as u16);
            if x < inner.right() {
                put(buf, x, y, inner.right() - x, &text, base);
            }
        }
        if mark.trim().is_empty() && app.triage.is_fresh(&a.path) {
            put(
                buf,
                inner.x,
                y,
                3,
                "new",
                base.patch(theme.style(Role::Badge)),
            );
        } else if !mark.trim().is_empty() {
            put(
                buf,
                inner.x,
                y,
                3,
                &mark,
                base.patch(theme.style(Role::Mark)),
            );
        }
    }
    // Files that could not be read, below the articles, so the reader sees why one is missing.
    let shown = app.drop.len().saturating_sub(s.top).min(rows);
    for (k, w) in app.drop.drop.warnings.iter().enumerate() {
        let row = shown + 1 + k;
        if row >= rows {
            break;
        }
        let y = inner.y + 1 + row as u16;
        put(
            buf,
            inner.x,
            y,
            inner.width,
            &format!(" ! {w}"),
            theme.style(Role::Error),
        );
    }
}

/// The article's derivation from triage ("82% from Reuters"), empty when it reuses nothing or
/// triage has no report for it.
fn derived(app: &App, path: &str) -> String {
    let Some(report) = &app.triage.report else {
        return String::new();
    };
    app.triage
        .item_for(path)
        .and_then(|it| crate::triage::derivation::derived_label(report, it))
        .map_or(String::new(), |s| truncate(&s, DERIVED))
}
