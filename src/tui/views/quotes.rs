//! Quotes: each quote group (one quote as rendered by several outlets), its speaker, and each
//! outlet's variant; Enter opens that paragraph in Compare.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{frame_block, put};

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    let groups = app
        .drop
        .alignment
        .as_ref()
        .map(|a| &a.quotes[..])
        .unwrap_or(&[]);
    frame_block(
        buf,
        body,
        &format!(" Quotes ({} groups) ", groups.len()),
        true,
        theme,
    );
    let inner = layout::inner(body);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    if groups.is_empty() {
        let msg = if app.drop.alignment.is_none() {
            "aligning…"
        } else {
            "no quote is carried by more than one outlet"
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width,
            msg,
            theme.style(Role::Dim),
        );
        return;
    }
    // Lines: a heading per group, then one line per variant; the cursor counts variants only.
    let mut lines: Vec<(Option<usize>, String, Role)> = Vec::new();
    let mut k = 0usize;
    for q in groups {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        lines.push((
            None,
            format!("{who} ({} outlets)", q.variants.len()),
            Role::Heading,
        ));
        for v in &q.variants {
            let outlet = app
                .drop
                .drop
                .articles
                .get(v.article)
                .map(|a| a.outlet_name())
                .unwrap_or_default();
            lines.push((
                Some(k),
                format!("  {:<18} “{}”", truncate(&outlet, 18), v.text),
                Role::Quote,
            ));
            k += 1;
        }
    }
    let cursor_line = lines
        .iter()
        .position(|(v, _, _)| *v == Some(app.quotes.cursor))
        .unwrap_or(0);
    let h = usize::from(inner.height);
    let top = cursor_line
        .saturating_sub(h.saturating_sub(1))
        .min(cursor_line.saturating_sub(1));
    for (row, (v, text, role)) in lines.iter().skip(top).take(h).enumerate() {
        let y = inner.y + row as u16;
        let cursor = *v == Some(app.quotes.cursor);
        let style = if cursor {
            theme.style(Role::Cursor)
        } else {
            theme.style(*role)
        };
        if cursor {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                style,
            );
        }
        put(
            buf,
            inner.x,
            y,
            inner.width,
            &truncate(text, usize::from(inner.width)),
            style,
        );
    }
}
