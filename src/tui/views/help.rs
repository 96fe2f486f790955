//! The `?` overlay: every key of the current view, listed from the live keymap (so a remapped
//! key shows as remapped), in as many columns as fit; below them, a legend of the marks and
//! badges the view draws, each in the style it is drawn in.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::super::app::{App, View};
use super::super::config::Config;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::{truncate, width};
use super::{frame_block, put};

pub fn render(buf: &mut Buffer, body: Rect, app: &App, config: &Config) {
    let theme = &config.theme;
    let entries: Vec<(String, &str)> = config
        .keymap
        .listing(app.view.context())
        .into_iter()
        .map(|(c, keys)| {
            let k: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            (k.join(" "), c.describe())
        })
        .collect();
    let key_w = entries
        .iter()
        .map(|(k, _)| width(k))
        .max()
        .unwrap_or(0)
        .min(16);
    let area = body;
    if area.width < 4 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let title = format!(" Keys: {} (esc closes) ", app.view.name());
    frame_block(buf, area, &title, true, theme);
    let inner = layout::inner(area);
    let height = usize::from(inner.height).max(1);
    // As many columns as the entries need, while a column keeps room for a short description.
    let max_cols = (usize::from(inner.width) / (key_w + 14)).max(1);
    let cols = entries.len().div_ceil(height).clamp(1, max_cols);
    // The keys first; the legend takes the lines they leave, after a blank line if there is
    // room for one.
    let rows = entries.len().div_ceil(cols).clamp(1, height);
    let gap = usize::from(rows + 1 + legend_lines(app.view, inner.width.into()) <= height);
    draw_legend(
        buf,
        Rect {
            y: inner.y + (rows + gap) as u16,
            height: height.saturating_sub(rows + gap) as u16,
            ..inner
        },
        app.view,
        theme,
    );
    let col_w = usize::from(inner.width) / cols;
    for (i, (k, d)) in entries.iter().enumerate().take(rows * cols) {
        let (c, r) = (i / rows, i % rows);
        let x = inner.x + (c * col_w) as u16;
        let y = inner.y + r as u16;
        let kx = put(
            buf,
            x,
            y,
            key_w as u16,
            &truncate(k, key_w),
            theme.style(Role::Badge),
        );
        let dx = kx.max(x + key_w as u16 + 2);
        let room = (x + col_w as u16).saturating_sub(dx + 1);
        put(
            buf,
            dx,
            y,
            room,
            &truncate(d, usize::from(room)),
            theme.style(Role::Text),
        );
    }
    // The bottom border says how paragraphs are matched, and why only lexically if so.
    let mode = app
        .semantic
        .status(app.drop.alignment.as_deref())
        .unwrap_or_else(|| "lexical".into());
    let why = match (&app.semantic.note, app.semantic.embedded) {
        (Some(n), _) if !mode.contains("semantic") => format!(" similarity: {mode} · {n} "),
        (_, Some((fresh, all))) if mode == "lexical+semantic" => format!(
            " similarity: {mode} · {fresh} of {all} texts embedded, the rest from the cache "
        ),
        _ => format!(" similarity: {mode} "),
    };
    put(
        buf,
        inner.x,
        area.bottom() - 1,
        inner.width,
        &truncate(&why, usize::from(inner.width)),
        theme.style(Role::Dim),
    );
    if entries.len() > rows * cols {
        let more = format!(" {} more: widen the terminal ", entries.len() - rows * cols);
        put(
            buf,
            inner.x,
            area.bottom() - 1,
            inner.width,
            &more,
            theme.style(Role::Dim),
        );
    }
}

/// What the marks and badges of `view` mean, as drawn today: (mark, its style, meaning). Kept
/// short, so a view's legend fits in two lines of an 80-column screen.
fn legend(view: View) -> &'static [(&'static str, Role, &'static str)] {
    match view {
        View::Compare => &[
            ("◆", Role::Unique, "unique"),
            ("│", Role::Shared, "shared"),
            ("│", Role::SharedWeak, "weakly shared"),
            ("!", Role::Disputed, "disputed: a fact differs"),
            ("/", Role::SearchHit, "search hit"),
            ("▶", Role::Text, "cursor paragraph"),
            ("◀ ▶", Role::Dim, "more panels off-screen"),
        ],
        View::Diff => &[
            ("▶", Role::Text, "cursor"),
            ("0.32", Role::Dim, "match score"),
            ("≠#", Role::Disputed, "number differs"),
            ("≠D", Role::Disputed, "date"),
            ("≠N", Role::Disputed, "name"),
            ("≠Q", Role::Disputed, "quote"),
            ("◀ −", Role::Dim, "left only"),
            ("+ ▶", Role::Dim, "right only"),
            ("word", Role::Deleted, "removed"),
            ("word", Role::Inserted, "added"),
            ("word", Role::Copied, "copied run"),
            ("sentence", Role::Unique, "one side only (own words)"),
            ("20", Role::Disputed, "fact differs"),
        ],
        View::Overview => &[
            ("!", Role::Disputed, "disputed"),
            ("◆", Role::Unique, "unique"),
            ("█", Role::Shared, "shared"),
            ("·", Role::Dim, "none of these"),
        ],
        View::Quotes => &[
            ("said", Role::Badge, "attribution verb"),
            (
                "[negation] [hedge] [partial]",
                Role::Disputed,
                "may shift the meaning",
            ),
            ("word", Role::Inserted, "not in the first rendering"),
        ],
        View::Sources => &[
            ("new", Role::Badge, "new or changed since marked seen"),
            ("[1] [2]", Role::Mark, "marked for diff"),
        ],
        View::Triage => &[
            ("•", Role::Mark, "unread"),
            ("★", Role::Mark, "starred"),
            ("a", Role::Mark, "archived"),
            ("duplicate", Role::Badge, "same text"),
            ("near_duplicate", Role::Badge, "edited copy"),
            ("revision", Role::Badge, "new version"),
            ("same_story", Role::Badge, "joins a story"),
            ("new_story", Role::Badge, "first of its story"),
        ],
        View::Stories => &[
            ("▶", Role::Mark, "the story shown"),
            ("3", Role::Badge, "new or changed articles"),
        ],
    }
}

/// Where each legend entry goes when packed into lines `width` wide: (line, column).
fn pack(entries: &[(&str, Role, &str)], width: usize) -> Vec<(usize, usize)> {
    let (mut line, mut x) = (0, 0);
    entries
        .iter()
        .map(|(mark, _, meaning)| {
            let need = super::super::wrap::width(mark) + 1 + super::super::wrap::width(meaning);
            if x > 0 && x + need > width {
                line += 1;
                x = 0;
            }
            let at = (line, x);
            x += need + 2;
            at
        })
        .collect()
}

/// How many lines the legend of `view` takes at `width`.
fn legend_lines(view: View, width: usize) -> usize {
    pack(legend(view), width).last().map_or(0, |p| p.0 + 1)
}

/// The legend of `view` in `area`, packed into lines (what does not fit is left out).
fn draw_legend(buf: &mut Buffer, area: Rect, view: View, theme: &Theme) {
    let entries = legend(view);
    for ((mark, role, meaning), (line, col)) in entries.iter().zip(pack(entries, area.width.into()))
    {
        let (x, y) = (area.x + col as u16, area.y + line as u16);
        if y >= area.bottom() {
            return;
        }
        let mx = put(buf, x, y, area.right() - x, mark, theme.style(*role));
        let room = area.right().saturating_sub(mx + 1);
        put(
            buf,
            mx + 1,
            y,
            room,
            &truncate(meaning, usize::from(room)),
            theme.style(Role::Text),
        );
    }
}
