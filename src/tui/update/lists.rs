//! The list views: Sources (select, mark two, open), Overview and Quotes (Enter opens that
//! place in Compare).

use ratatui::layout::Rect;

use crate::align::Member;

use super::super::action::Command;
use super::super::app::App;
use super::super::jobs::Job;
use super::super::layout;
use super::{diff, goto, movement, scroll_into_view};

fn page(app: &App) -> usize {
    layout::list_rows(layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body)
}

pub fn sources(app: &mut App, c: Command) -> Option<Job> {
    let n = app.drop.len();
    if let Some(to) = movement(c, app.sources.cursor, n, page(app)) {
        app.sources.cursor = to;
        return None;
    }
    if n == 0 {
        return None;
    }
    let cur = app.sources.cursor;
    if c == Command::Open {
        let paragraph = app.compare.cursor.get(cur).copied().unwrap_or(0);
        goto(
            app,
            Member {
                article: cur,
                paragraph,
            },
        );
        return None;
    }
    let s = &mut app.sources;
    match c {
        Command::Mark => {
            if let Some(i) = s.marks.iter().position(|&m| m == s.cursor) {
                s.marks.remove(i);
            } else {
                if s.marks.len() == 2 {
                    s.marks.remove(0);
                }
                s.marks.push(s.cursor);
            }
        }
        Command::OpenDiff => {
            let pair = match s.marks[..] {
                [l, r] => Some((l, r)),
                [m] if m != s.cursor => Some((m, s.cursor)),
                _ => None,
            };
            match pair {
                Some((l, r)) => return diff::select_pair(app, l, r),
                None => app.ui.message = Some("mark two articles (space), then d".into()),
            }
        }
        _ => {}
    }
    None
}

/// Overview rows: one per outlet, then one per discrepancy.
pub fn overview_len(app: &App) -> usize {
    app.drop.len()
        + app
            .drop
            .alignment
            .as_ref()
            .map_or(0, |a| a.discrepancies.len())
}

/// The paragraph an Overview row leads to.
pub fn overview_target(app: &App, row: usize) -> Option<Member> {
    let n = app.drop.len();
    if row < n {
        let info = app.drop.info.get(row)?;
        // A cell of the strip chart: the most notable paragraph of its slice.
        if let Some(cell) = app.overview.column {
            let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
            let cells = layout::strip_cells(body, info.len());
            let slice = layout::strip_slice(cell, cells, info.len());
            let p = slice
                .clone()
                .find(|&p| info[p].disputed)
                .or_else(|| slice.clone().find(|&p| info[p].unique))
                .unwrap_or(slice.start);
            return Some(Member {
                article: row,
                paragraph: p,
            });
        }
        // An outlet: its first disputed paragraph, else its first unique one, else the top.
        let p = info
            .iter()
            .position(|i| i.disputed)
            .or_else(|| info.iter().position(|i| i.unique))
            .unwrap_or(0);
        return Some(Member {
            article: row,
            paragraph: p,
        });
    }
    let fact = app.drop.facts.get(row - n)?;
    fact.cells.iter().flatten().map(|(m, _)| *m).next()
}

pub fn overview(app: &mut App, c: Command) {
    let len = overview_len(app);
    let n = app.drop.len();
    let cells = |app: &App| {
        let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
        let paras = app.drop.info.get(app.overview.cursor).map_or(0, Vec::len);
        layout::strip_cells(body, paras)
    };
    if let Some(to) = movement(c, app.overview.cursor, len, page(app)) {
        app.overview.cursor = to;
        if to >= n {
            app.overview.column = None;
        }
    } else if matches!(c, Command::NextPanel | Command::PrevPanel) && app.overview.cursor < n {
        // Along the strip chart: h/l (tab) move a cell cursor; past the left end, the whole row.
        let last = cells(app).saturating_sub(1);
        app.overview.column = match (c, app.overview.column) {
            (Command::NextPanel, None) => Some(0),
            (Command::NextPanel, Some(x)) => Some((x + 1).min(last)),
            (_, Some(0)) | (_, None) => None,
            (_, Some(x)) => Some(x - 1),
        };
    } else if c == Command::Open {
        if let Some(m) = overview_target(app, app.overview.cursor) {
            goto(app, m);
        }
    }
}

/// Quote variants in display order: (group, variant).
pub fn quote_rows(app: &App) -> Vec<(usize, usize)> {
    let Some(al) = &app.drop.alignment else {
        return Vec::new();
    };
    al.quotes
        .iter()
        .enumerate()
        .flat_map(|(g, q)| (0..q.variants.len()).map(move |v| (g, v)))
        .collect()
}

pub fn quotes(app: &mut App, c: Command) {
    let rows = quote_rows(app);
    if let Some(to) = movement(c, app.quotes.cursor, rows.len(), page(app)) {
        app.quotes.cursor = to;
    } else if c == Command::Open {
        let Some(&(g, v)) = rows.get(app.quotes.cursor) else {
            return;
        };
        if let Some(var) = app
            .drop
            .alignment
            .as_ref()
            .and_then(|a| a.quotes[g].variants.get(v))
        {
            let m = Member {
                article: var.article,
                paragraph: var.paragraph,
            };
            goto(app, m);
        }
    }
}

pub fn click_sources(app: &mut App, body: Rect, y: u16) {
    // The list has a border and a header line above its first row.
    let Some(row) = y.checked_sub(body.y + 2) else {
        return;
    };
    let i = app.sources.top + usize::from(row);
    if i < app.drop.len() {
        app.sources.cursor = i;
    }
}

/// Keep list cursors in range and visible.
pub fn clamp(app: &mut App) {
    let page = page(app);
    let n = app.drop.len();
    let s = &mut app.sources;
    s.cursor = s.cursor.min(n.saturating_sub(1));
    s.top = scroll_into_view(s.top, s.cursor, s.cursor + 1, page);
    let len = overview_len(app);
    app.overview.cursor = app.overview.cursor.min(len.saturating_sub(1));
    if let Some(col) = app.overview.column {
        let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
        let paras = app.drop.info.get(app.overview.cursor).map_or(0, Vec::len);
        let cells = layout::strip_cells(body, paras);
        app.overview.column = (cells > 0).then(|| col.min(cells - 1));
    }
    let len = quote_rows(app).len();
    app.quotes.cursor = app.quotes.cursor.min(len.saturating_sub(1));
}
