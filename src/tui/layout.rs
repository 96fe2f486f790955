//! Where things go on screen, as pure functions of the terminal size, so `update` (page sizes,
//! scroll clamping, mouse hits) and the views (drawing) agree without views writing anything back.

use ratatui::layout::Rect;

use super::app::View;
use super::wrap::width;

/// Narrowest a Compare panel may get before the rest scroll sideways.
pub const MIN_PANEL: u16 = 40;
/// Columns taken by a panel's gutter (status mark and a space).
pub const GUTTER: u16 = 2;
/// Columns of the Diff's middle column (score and markers).
pub const DIFF_MID: u16 = 8;

/// The screen's parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    /// The error banner, when there is one.
    pub banner: Option<Rect>,
    pub body: Rect,
    pub status: Rect,
}

/// Split a `width`×`height` screen.
pub fn areas(width: u16, height: u16, banner: bool) -> Areas {
    let full = Rect::new(0, 0, width, height);
    let tabs = Rect {
        height: 1.min(height),
        ..full
    };
    let status = Rect {
        y: height.saturating_sub(1),
        height: 1.min(height.saturating_sub(1)),
        ..full
    };
    let mut top = tabs.height;
    let banner = if banner && height > 3 {
        top += 1;
        Some(Rect {
            y: 1,
            height: 1,
            ..full
        })
    } else {
        None
    };
    let body = Rect {
        y: top,
        height: height.saturating_sub(top + status.height),
        ..full
    };
    Areas {
        tabs,
        banner,
        body,
        status,
    }
}

/// How many Compare panels fit side by side in `body` (at least one).
pub fn panels_fitting(body: Rect, wide: bool) -> usize {
    if wide {
        1
    } else {
        usize::from((body.width / MIN_PANEL).max(1))
    }
}

/// Rows the Compare panels keep when the details pane is open (borders included), so a few
/// lines of text stay readable at 80x24.
pub const PANEL_ROWS: u16 = 9;

/// Compare's body with the details pane open below the panels, `lines` tall inside its border:
/// (the panels' area, the pane). The pane is as tall as its lines, at most half the body (plus
/// two rows, for small screens) and leaving the panels [`PANEL_ROWS`]; no pane when even that
/// leaves it no line.
pub fn compare_split(body: Rect, lines: usize) -> (Rect, Option<Rect>) {
    let most = body
        .height
        .saturating_sub(PANEL_ROWS)
        .min(body.height / 2 + 2);
    let rows = u16::try_from(lines.saturating_add(2))
        .unwrap_or(u16::MAX)
        .min(most);
    if rows < 3 {
        return (body, None);
    }
    let panels = Rect {
        height: body.height - rows,
        ..body
    };
    let pane = Rect {
        y: body.y + panels.height,
        height: rows,
        ..body
    };
    (panels, Some(pane))
}

/// The visible Compare panels: `(article, rect)` for articles `first..` that fit in `body`.
pub fn panels(body: Rect, articles: usize, first: usize, wide: bool) -> Vec<(usize, Rect)> {
    let n = panels_fitting(body, wide).min(articles.saturating_sub(first));
    if n == 0 {
        return Vec::new();
    }
    let n16 = n as u16;
    let base = body.width / n16;
    let extra = body.width % n16;
    let mut x = body.x;
    (0..n)
        .map(|i| {
            let w = base + u16::from((i as u16) < extra);
            let r = Rect::new(x, body.y, w, body.height);
            x += w;
            (first + i, r)
        })
        .collect()
}

/// The text area inside a bordered panel, after the gutter.
pub fn panel_text(panel: Rect) -> Rect {
    let inner = inner(panel);
    Rect {
        x: inner.x + GUTTER.min(inner.width),
        width: inner.width.saturating_sub(GUTTER),
        ..inner
    }
}

/// A bordered block's inside.
pub fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The Diff's parts: header line, left column, middle column, right column.
pub fn diff_columns(body: Rect) -> (Rect, Rect, Rect, Rect) {
    let header = Rect {
        height: 1.min(body.height),
        ..body
    };
    let rows = Rect {
        y: body.y + header.height,
        height: body.height.saturating_sub(header.height),
        ..body
    };
    let mid = DIFF_MID.min(rows.width);
    let side = rows.width.saturating_sub(mid) / 2;
    let left = Rect {
        width: side,
        ..rows
    };
    let middle = Rect {
        x: rows.x + side,
        width: mid,
        ..rows
    };
    let right = Rect {
        x: rows.x + side + mid,
        width: rows.width.saturating_sub(side + mid),
        ..rows
    };
    (header, left, middle, right)
}

/// The label of a view's tab in the top line: ` 1 Sources `.
pub fn tab_label(v: View) -> String {
    format!(" {} {} ", v.number(), v.name())
}

/// The view whose tab is at column `x` of the top line.
pub fn tab_at(x: u16, many_stories: bool) -> Option<View> {
    let mut start = 0usize;
    for v in View::tabs(many_stories) {
        let w = width(&tab_label(v));
        if (start..start + w).contains(&usize::from(x)) {
            return Some(v);
        }
        start += w;
    }
    None
}

/// Columns of the Overview before its strip chart: indent, outlet name, two bars with figures.
pub const STRIP_LEFT: u16 = 2 + 18 + 2 * 12 + 6;

/// The Overview's strip chart for an article of `paragraphs` paragraphs in `body`: how many
/// cells it has (at most four per paragraph, so short articles are not stretched thin).
pub fn strip_cells(body: Rect, paragraphs: usize) -> usize {
    let width = usize::from(inner(body).width.saturating_sub(STRIP_LEFT));
    width.min(paragraphs * 4)
}

/// The paragraphs strip cell `cell` of `cells` stands for: `from..to`, never empty when there
/// are paragraphs.
pub fn strip_slice(cell: usize, cells: usize, paragraphs: usize) -> std::ops::Range<usize> {
    if cells == 0 || paragraphs == 0 {
        return 0..0;
    }
    let from = (cell * paragraphs / cells).min(paragraphs - 1);
    let to = ((cell + 1) * paragraphs / cells)
        .max(from + 1)
        .min(paragraphs);
    from..to
}

/// Rows of a bordered list with a header line (Sources, Overview, Quotes).
pub fn list_rows(body: Rect) -> usize {
    usize::from(body.height.saturating_sub(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_are_at_least_min_wide_and_cover_the_body() {
        let body = Rect::new(0, 1, 160, 46);
        let p = panels(body, 5, 0, false);
        assert_eq!(p.len(), 4);
        assert!(p.iter().all(|(_, r)| r.width >= MIN_PANEL));
        assert_eq!(p.iter().map(|(_, r)| r.width).sum::<u16>(), 160);
        assert_eq!(panels(body, 5, 3, false).len(), 2);
        assert_eq!(panels(Rect::new(0, 0, 30, 10), 5, 0, false).len(), 1);
        assert_eq!(panels(body, 5, 2, true), vec![(2, body)]);
    }

    #[test]
    fn the_details_pane_fits_its_lines_and_leaves_the_panels_room() {
        let body = Rect::new(0, 1, 80, 22);
        let (panels, pane) = compare_split(body, 4);
        let pane = pane.expect("room for the pane");
        assert_eq!(pane.height, 6);
        assert_eq!(panels.height + pane.height, body.height);
        assert_eq!(pane.y, panels.bottom());
        // Many lines: capped, the panels keep their rows.
        let (panels, pane) = compare_split(body, 100);
        assert!(panels.height >= PANEL_ROWS && pane.unwrap().height <= 13);
        // No room at all: no pane.
        assert_eq!(
            compare_split(Rect::new(0, 0, 80, 10), 5),
            (Rect::new(0, 0, 80, 10), None)
        );
    }

    #[test]
    fn tiny_screens_do_not_underflow() {
        let a = areas(1, 1, true);
        assert_eq!(a.body.height, 0);
        let (_, l, m, r) = diff_columns(a.body);
        assert_eq!(l.width + m.width + r.width, 1);
    }
}
