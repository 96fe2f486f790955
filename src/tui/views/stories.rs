//! Stories: one row per story of the drop (its label, outlets and articles, how many articles
//! are new or changed, first and last publication date, share of disputed paragraphs), the
//! story shown in the other views marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{frame_block, put};

const ID: usize = 5;
const COUNTS: usize = 8 + 9 + 5;
const DATE: usize = 11;
/// Below this width the first date goes, so the label keeps room to be read.
const BOTH_DATES: u16 = 100;
const DISPUTED: usize = 9;

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    let s = &app.stories;
    let title = format!(
        " Stories ({}, {} articles) ",
        s.list.len(),
        s.all.articles.len()
    );
    frame_block(buf, body, &title, true, theme);
    let inner = layout::inner(body);
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    if s.list.is_empty() {
        let msg = if app.jobs.align_stories.running.is_some() {
            "finding the drop's stories…"
        } else {
            "no stories: the drop has no articles"
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width - 1,
            msg,
            theme.style(Role::Dim),
        );
        return;
    }
    let both = inner.width >= BOTH_DATES;
    let dates = if both { 2 * DATE } else { DATE };
    let label_w = usize::from(inner.width).saturating_sub(2 + ID + COUNTS + dates + DISPUTED + 1);
    let first_col = |d: &str| {
        if both {
            format!("{d:<10} ")
        } else {
            String::new()
        }
    };
    let header = format!(
        "  {:>4} {:<label_w$} {:>7} {:>8} {:>4} {}{:<10} {:>8}",
        "id",
        "story",
        "outlets",
        "articles",
        "new",
        first_col("first"),
        "last",
        "disputed"
    );
    put(
        buf,
        inner.x,
        inner.y,
        inner.width,
        &header,
        theme.style(Role::Dim),
    );
    let rows = usize::from(inner.height - 1);
    let top = s.cursor.saturating_sub(rows.saturating_sub(1));
    for (i, story) in s.list.iter().enumerate().skip(top).take(rows) {
        let y = inner.y + 1 + (i - top) as u16;
        let sum = s.summaries.get(i).cloned().unwrap_or_default();
        let base = if i == s.cursor {
            theme.style(Role::Cursor)
        } else {
            theme.style(Role::Text)
        };
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..inner
            },
            base,
        );
        let day = |d: &Option<String>| {
            d.as_deref()
                .map(|d| d.get(..10).unwrap_or(d).to_string())
                .unwrap_or_else(|| "—".into())
        };
        let disputed = match sum.disputed {
            Some(d) => format!("{:>7.0}%", d * 100.0),
            None => "       …".into(),
        };
        let fresh = if sum.fresh > 0 {
            sum.fresh.to_string()
        } else {
            String::new()
        };
        let line = format!(
            "  {:>4} {:<label_w$} {:>7} {:>8} {:>4} {}{:<10} {disputed}",
            story.id,
            truncate(&story.label, label_w),
            sum.outlets,
            sum.articles,
            fresh,
            first_col(&day(&sum.first_published)),
            day(&sum.last_published),
        );
        put(buf, inner.x, y, inner.width, &line, base);
        if i == s.open {
            put(buf, inner.x, y, 1, "▶", base.patch(theme.style(Role::Mark)));
        }
        if sum.fresh > 0 {
            let x = inner.x + (2 + ID + label_w + 1 + 8 + 9) as u16;
            if x + 4 <= inner.right() {
                put(
                    buf,
                    x,
                    y,
                    4,
                    &format!("{fresh:>4}"),
                    base.patch(theme.style(Role::Badge)),
                );
            }
        }
    }
}
