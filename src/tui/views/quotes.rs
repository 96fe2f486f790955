//! Quotes: each quote group (one statement as rendered by several outlets) with its speaker;
//! per outlet the attribution verb, flags where the meaning may shift (negation, hedge, partial),
//! and its words not in the group's first variant highlighted. Enter opens that paragraph in Compare.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::align::DiffKind;

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::{resliced, truncate, wrap, Seg};
use super::{frame_block, put, put_line, Layer};

const OUTLET: usize = 18;
const VERB: usize = 10;

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
    // Lines: a heading per group, then each variant wrapped under its outlet and verb columns
    // (a rendering is read whole, never cut); the cursor counts variants only.
    let indent = 2 + OUTLET + 1 + VERB + 1;
    let text_width = usize::from(inner.width).saturating_sub(indent).max(10);
    let mut lines: Vec<(Option<usize>, Vec<Seg>)> = Vec::new();
    let mut k = 0usize;
    for q in groups {
        let who = q.speaker.as_deref().unwrap_or("unattributed");
        let n = q.variants.len();
        let head = format!("{who} ({n} rendering{})", if n == 1 { "" } else { "s" });
        lines.push((None, vec![Seg::new(head, Role::Heading)]));
        for v in &q.variants {
            let outlet = app
                .drop
                .drop
                .articles
                .get(v.article)
                .map(|a| a.outlet_label(&app.drop.drop.articles))
                .unwrap_or_default();
            let verb = v
                .verb
                .as_deref()
                .unwrap_or(if v.indirect { "(indirect)" } else { "" });
            let head = vec![
                Seg::new(
                    format!("  {:<OUTLET$} ", truncate(&outlet, OUTLET)),
                    Role::Dim,
                ),
                Seg::new(format!("{:<VERB$} ", truncate(verb, VERB)), Role::Badge),
            ];
            let mut segs = Vec::new();
            if let Some(lang) = q.language_mark(v) {
                segs.push(Seg::new(format!("[{lang}] "), Role::Badge));
            }
            for f in &v.flags {
                segs.push(Seg::new(format!("[{f}] "), Role::Disputed));
            }
            // Indirect speech is the outlet's own sentence, not a quote: no quotation marks.
            let (open, close) = if v.indirect {
                ("[indirect] ", "")
            } else {
                ("“", "”")
            };
            segs.push(Seg::new(open, Role::Quote));
            if v.diff.is_empty() {
                segs.push(Seg::new(v.text.clone(), Role::Quote));
            } else {
                // This variant's own words, those not in the first variant highlighted; the
                // first variant's dropped words are visible on its own line above.
                let own: Vec<Seg> = v
                    .diff
                    .iter()
                    .filter_map(|op| match op.op {
                        DiffKind::Equal => Some(Seg::new(op.text.clone(), Role::Quote)),
                        DiffKind::Insert => Some(Seg::new(op.text.clone(), Role::Inserted)),
                        DiffKind::Delete => None,
                    })
                    .collect();
                segs.extend(resliced(own, &v.text));
            }
            segs.push(Seg::new(close, Role::Quote));
            for (n, wrapped) in wrap(&segs, text_width).into_iter().enumerate() {
                let mut line = if n == 0 {
                    head.clone()
                } else {
                    vec![Seg::new(" ".repeat(indent), Role::Dim)]
                };
                line.extend(wrapped);
                lines.push((Some(k), line));
            }
            k += 1;
        }
    }
    // The cursor's last line at the bottom at most, so the whole rendering shows.
    let cursor_line = lines
        .iter()
        .rposition(|(v, _)| *v == Some(app.quotes.cursor))
        .unwrap_or(0);
    let h = usize::from(inner.height);
    let top = cursor_line.saturating_sub(h.saturating_sub(1));
    for (row, (v, segs)) in lines.iter().skip(top).take(h).enumerate() {
        let y = inner.y + row as u16;
        let base = if *v == Some(app.quotes.cursor) {
            let s = theme.style(Role::Cursor);
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                s,
            );
            s
        } else {
            theme.style(Role::Text)
        };
        put_line(
            buf,
            inner.x,
            y,
            inner.width,
            segs,
            theme,
            base,
            Layer::BaseOnTop,
        );
    }
}
