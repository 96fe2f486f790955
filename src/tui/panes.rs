//! The Compare panels as a pure function of the state: where each visible panel is, its
//! wrapped text, and which line is at its top. The focused panel scrolls by its stored `top`;
//! every other panel is placed so its counterpart of the cursor paragraph sits on the same
//! screen row. Used by `update` (clicks, clamping) and by the view (drawing), so they agree.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::align::Member;

use super::app::{App, WrapKey, Wrapped};
use super::{details, layout};

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
    /// In another panel, the best counterpart, placed level with the cursor (the others are
    /// shaded lighter).
    pub best: Option<usize>,
    /// In another panel with no counterpart of the cursor paragraph, the text row (from the
    /// panel's text top) where "no counterpart" stands, level with the cursor.
    pub none_at: Option<u16>,
}

/// The wrap-cache key of article `a` shown in `text`.
pub fn wrap_key(app: &App, a: usize, text: Rect) -> WrapKey {
    (a, text.width, app.compare.removed)
}

/// Compare's body: the panels' area, and the details pane below it when it is open (as tall as
/// its lines, so the layout depends on what it says about the cursor paragraph).
pub fn split(app: &App) -> (Rect, Option<Rect>) {
    let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
    if !app.compare.details || app.drop.is_empty() {
        return (body, None);
    }
    let inner = layout::inner(body).width;
    layout::compare_split(body, details::lines(app, inner).len())
}

/// The visible panels, left to right.
pub fn panes(app: &App) -> Vec<Pane> {
    let c = &app.compare;
    let rects = layout::panels(split(app).0, app.drop.len(), c.first, c.wide);
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
    let focus = Member {
        article: c.focus,
        paragraph: cursor,
    };
    let counterparts = app.drop.counterparts(focus);
    rects
        .into_iter()
        .map(|(a, rect)| {
            let text = layout::panel_text(rect);
            let wrapped = wrapped_at(a, text);
            let own_top = c.top.get(a).copied().unwrap_or(0);
            if a == c.focus {
                return Pane {
                    article: a,
                    rect,
                    text,
                    wrapped,
                    top: own_top,
                    highlight: vec![cursor],
                    best: None,
                    none_at: None,
                };
            }
            let mine: Vec<usize> = counterparts
                .iter()
                .filter(|m| m.article == a)
                .map(|m| m.paragraph)
                .collect();
            let best = best_of(app, focus, a, &mine);
            // With no counterpart the panel keeps the reader's place: the blank line after the
            // counterpart of the nearest earlier paragraph that has one stays level with the
            // cursor, and says "no counterpart" there.
            let (top, none_at) = match (best, &wrapped, anchor) {
                (Some(p), Some(w), Some(off)) => {
                    let line = w.para_first.get(p).copied().unwrap_or(0) as isize;
                    ((line - off).max(0) as usize, None)
                }
                (None, Some(w), Some(off)) => match kept_place(app, focus, a) {
                    Some(p) => {
                        let next = w.para_first.get(p + 1).copied().unwrap_or(w.lines.len());
                        let mut gap = next.saturating_sub(1);
                        // After the last paragraph there may be no blank line: the row after it.
                        if w.line_para.get(gap).copied().flatten().is_some() {
                            gap += 1;
                        }
                        let gap = gap as isize;
                        let top = (gap - off).max(0) as usize;
                        (top, u16::try_from(gap as usize - top).ok())
                    }
                    None => (own_top, None),
                },
                _ => (own_top, None),
            };
            Pane {
                article: a,
                rect,
                text,
                wrapped,
                top,
                highlight: mine,
                best,
                none_at: none_at.filter(|&r| r < text.height),
            }
        })
        .collect()
}

/// The counterpart in article `a` to set level with `m`: one the reader pinned, else the
/// strongest pairwise link, else the first of `mine` (group order).
fn best_of(app: &App, m: Member, a: usize, mine: &[usize]) -> Option<usize> {
    let pinned = mine.iter().copied().find(|&p| {
        let x = Member {
            article: a,
            paragraph: p,
        };
        app.drop
            .pins
            .iter()
            .any(|&(u, v)| (u, v) == (m, x) || (u, v) == (x, m))
    });
    let linked = app.drop.alignment.as_ref().and_then(|al| {
        al.links
            .iter()
            .filter_map(|l| {
                let other = if l.a == m {
                    l.b
                } else if l.b == m {
                    l.a
                } else {
                    return None;
                };
                (other.article == a && mine.contains(&other.paragraph))
                    .then_some((l.score, other.paragraph))
            })
            .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)))
            .map(|(_, p)| p)
    });
    pinned.or(linked).or_else(|| mine.first().copied())
}

/// The best counterpart in article `a` of the nearest paragraph before `m` that has one.
fn kept_place(app: &App, m: Member, a: usize) -> Option<usize> {
    (0..m.paragraph).rev().find_map(|p| {
        let earlier = Member {
            article: m.article,
            paragraph: p,
        };
        let mine: Vec<usize> = app
            .drop
            .counterparts(earlier)
            .iter()
            .filter(|x| x.article == a)
            .map(|x| x.paragraph)
            .collect();
        best_of(app, earlier, a, &mine)
    })
}
