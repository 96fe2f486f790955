//! Overview: per outlet a change index (shared, unique, disputed shares of its words) and a strip
//! chart along the article of where those paragraphs sit; below, the discrepancy matrix
//! (each disputed fact against the outlets carrying it).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::app::{App, ParaInfo};
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{bar, frame_block, put};

const NAME: usize = 18;
const INDEX: usize = 12;

fn role_of(i: &ParaInfo) -> Role {
    if i.disputed {
        Role::Disputed
    } else if i.unique {
        Role::Unique
    } else if i.group.is_some() {
        Role::Shared
    } else {
        Role::Dim
    }
}

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    frame_block(buf, body, " Overview ", true, theme);
    let inner = layout::inner(body);
    if inner.height < 2 || inner.width < 20 {
        return;
    }
    let n = app.drop.len();
    let strip_w = usize::from(inner.width).saturating_sub(2 + NAME + 2 * INDEX + 6);
    let header = format!(
        "  {:<NAME$} {:<INDEX$} {:<INDEX$}  where it differs (◆ unique  ! disputed  █ shared)",
        "outlet", "unique", "disputed"
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
    let o = &app.overview;
    let discrepancies = app
        .drop
        .alignment
        .as_ref()
        .map(|a| &a.discrepancies[..])
        .unwrap_or(&[]);
    for row in o.top..(o.top + rows).min(n + discrepancies.len() + 1) {
        let y = inner.y + 1 + (row - o.top) as u16;
        let cursor = row == o.cursor;
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
        if row < n {
            let st = app.drop.stats[row];
            let name = truncate(&app.drop.drop.articles[row].outlet_name(), NAME);
            let mut x = put(
                buf,
                inner.x,
                y,
                inner.width,
                &format!("  {name:<NAME$} "),
                base,
            );
            x = put(
                buf,
                x,
                y,
                INDEX as u16,
                &bar(st.unique_share, INDEX - 4),
                base.patch(theme.style(Role::Unique)),
            );
            x = put(
                buf,
                x,
                y,
                5,
                &format!("{:>3.0}% ", st.unique_share * 100.0),
                base,
            );
            x = put(
                buf,
                x,
                y,
                INDEX as u16,
                &bar(st.disputed_share, INDEX - 4),
                base.patch(theme.style(Role::Disputed)),
            );
            x = put(
                buf,
                x,
                y,
                7,
                &format!("{:>3.0}%  ", st.disputed_share * 100.0),
                base,
            );
            strip(buf, x, y, strip_w, &app.drop.info[row], theme);
        } else if row == n {
            let title = if discrepancies.is_empty() {
                "  no discrepancies found between outlets"
            } else {
                "  discrepancies: the fact as each outlet reports it"
            };
            put(
                buf,
                inner.x,
                y,
                inner.width,
                title,
                theme.style(Role::Heading),
            );
        } else if let Some(d) = discrepancies.get(row - n - 1) {
            let arts = &app.drop.drop.articles;
            let text = format!(
                "  {:?}: {} “{}”  ≠  {} “{}”",
                d.kind,
                arts.get(d.left.article)
                    .map(|a| a.outlet_name())
                    .unwrap_or_default(),
                d.left_text,
                arts.get(d.right.article)
                    .map(|a| a.outlet_name())
                    .unwrap_or_default(),
                d.right_text
            );
            put(
                buf,
                inner.x,
                y,
                inner.width,
                &text,
                base.patch(theme.style(Role::Disputed)),
            );
        }
    }
}

/// One cell per slice of the article's paragraphs, in the role of the slice's most notable one.
fn strip(buf: &mut Buffer, x: u16, y: u16, width: usize, info: &[ParaInfo], theme: &Theme) {
    if info.is_empty() || width == 0 {
        return;
    }
    let cells = width.min(info.len() * 4).max(1);
    for c in 0..cells {
        let from = c * info.len() / cells;
        let to = ((c + 1) * info.len() / cells).max(from + 1).min(info.len());
        let slice = &info[from..to];
        let role = [Role::Disputed, Role::Unique, Role::Shared]
            .into_iter()
            .find(|r| slice.iter().any(|i| role_of(i) == *r))
            .unwrap_or(Role::Dim);
        let ch = match role {
            Role::Disputed => "!",
            Role::Unique => "◆",
            Role::Shared => "█",
            _ => "·",
        };
        put(buf, x + c as u16, y, 1, ch, theme.style(role));
    }
}
