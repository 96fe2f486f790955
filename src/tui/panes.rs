//! The Compare panels as a pure function of the state: where each visible panel is, its
//! wrapped text, and which line is at its top. The focused panel scrolls by its stored `top`;
//! every other panel is placed so its counterpart of the cursor paragraph sits on the same
//! screen row. Used by `update` (clicks, clamping) and by the view (drawing), so they agree.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::align::Member;

use super::app::{App, WrapKey, Wrapped};
use super::layout;

/// One visible Compare panel.
#[derive(Debug, Clone)]
pub struct Pane {
    pub article: usize,
    /// The whole panel, border included.
    pub rect: Rect,
    /// Where the text goes (inside the border, after the gutter).
    pub text: Rect,
    /// The wrapped article, if `update` has laid it out at this width yet.
    pub wrapped: Option<Arc<Wrapped>>,
    /// First line shown.
    pub top: usize,
    /// The paragraph(s) highlighted: the cursor in the focused panel, counterparts elsewhere.
    pub highlight: Vec<usize>,
}

/// The wrap-cache key of article `a` shown in `text`.
pub fn wrap_key(app: &App, a: usize, text: Rect) -> WrapKey {
    (a, text.width, app.compare.removed)
}

/// The visible panels, left to right.
pub fn panes(app: &App) -> Vec<Pane> {
    let areas = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some());
    let c = &app.compare;
    let rects = layout::panels(areas.body, app.drop.len(), c.first, c.wide);
    let wrapped_at = |a: usize, text: Rect| app.drop.wrapped.get(&wrap_key(app, a, text)).cloned();
    // The focused panel's cursor line and its offset from the panel top, which the other
    // panels copy; the focused article may be off screen only transiently (clamped by update).
    let focus_text = rects
        .iter()
        .find(|(a, _)| *a == c.focus)
        .map(|(_, r)| layout::panel_text(*r));
    let cursor = c.cursor.get(c.focus).copied().unwrap_or(0);
    let anchor = focus_text.and_then(|t| {
        let w = wrapped_at(c.focus, t)?;
        let line = w.para_first.get(cursor).copied()?;
        let top = c.top.get(c.focus).copied().unwrap_or(0);
        Some(line as isize - top as isize)
    });
    let counterparts = app.drop.counterparts(Member {
        article: c.focus,
        paragraph: cursor,
    });
    rects
        .into_iter()
        .map(|(a, rect)| {
            let text = layout::panel_text(rect);
            let wrapped = wrapped_at(a, text);
            let own_top = c.top.get(a).copied().unwrap_or(0);
            let (top, highlight) = if a == c.focus {
                (own_top, vec![cursor])
            } else {
                let mine: Vec<usize> = counterparts
                    .iter()
                    .filter(|m| m.article == a)
                    .map(|m| m.paragraph)
                    .collect();
                let top = match (mine.first(), &wrapped, anchor) {
                    (Some(&p), Some(w), Some(off)) => {
                        let line = w.para_first.get(p).copied().unwrap_or(0) as isize;
                        (line - off).max(0) as usize
                    }
                    _ => own_top,
                };
                (top, mine)
            };
            Pane {
                article: a,
                rect,
                text,
                wrapped,
                top,
                highlight,
            }
        })
        .collect()
}
