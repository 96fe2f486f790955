//! The `?` overlay's content and layout as pure functions of the keymap, the view and the
//! overlay's inside: the keys (from the live keymap) in columns, then a legend of the marks. The
//! view draws it; `update` scrolls it (j/k) when it is taller than the screen, as at 80x24.

use ratatui::layout::Rect;

use super::app::View;
use super::keymap::Keymap;
use super::theme::Role;
use super::wrap::width as columns;

/// The widest a key column gets.
const KEY_COLUMN: usize = 16;
/// Columns a description keeps at least, beside its key, before another column is added.
const DESCRIPTION: usize = 14;

/// Each key of `view`'s listing with what it does: (keys, description).
pub fn entries(keymap: &Keymap, view: View) -> Vec<(String, &'static str)> {
    keymap
        .listing(view.context())
        .into_iter()
        .map(|(c, keys)| {
            let k: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            (k.join(" "), c.describe())
        })
        .collect()
}

/// Where the overlay's parts go, in lines of its content (scrolled by `top` when drawn).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grid {
    pub key_w: usize,
    pub cols: usize,
    /// Lines of keys (each column that long).
    pub rows: usize,
    /// The line the legend starts on (after a blank line).
    pub legend_at: usize,
    /// Lines of content in all.
    pub total: usize,
}

/// The layout of `entries` and `view`'s legend inside `inner`: as many columns as the keys
/// need to fit its height (while a column keeps room for a short description), the legend
/// after them. Taller than `inner` only when even those columns do not fit.
pub fn grid(entries: &[(String, &str)], view: View, inner: Rect) -> Grid {
    let key_w = entries
        .iter()
        .map(|(k, _)| columns(k))
        .max()
        .unwrap_or(0)
        .min(KEY_COLUMN);
    let height = usize::from(inner.height).max(1);
    let max_cols = (usize::from(inner.width) / (key_w + DESCRIPTION)).max(1);
    let cols = entries.len().div_ceil(height).clamp(1, max_cols);
    let rows = entries.len().div_ceil(cols).max(1);
    let legend_at = rows + 1;
    Grid {
        key_w,
        cols,
        rows,
        legend_at,
        total: legend_at + legend_lines(view, inner.width.into()),
    }
}

/// How far the overlay scrolls: the lines of content below its inside's height.
pub fn max_top(keymap: &Keymap, view: View, inner: Rect) -> usize {
    let g = grid(&entries(keymap, view), view, inner);
    g.total.saturating_sub(usize::from(inner.height))
}

/// What the marks and badges of `view` mean, as drawn today: (mark, its style, meaning). Kept
/// short, so a view's legend fits in two lines of an 80-column screen.
pub fn legend(view: View) -> &'static [(&'static str, Role, &'static str)] {
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
            ("≠A", Role::Disputed, "speaker"),
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
pub fn pack(entries: &[(&str, Role, &str)], width: usize) -> Vec<(usize, usize)> {
    let (mut line, mut x) = (0, 0);
    entries
        .iter()
        .map(|(mark, _, meaning)| {
            let need = columns(mark) + 1 + columns(meaning);
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
pub fn legend_lines(view: View, width: usize) -> usize {
    pack(legend(view), width).last().map_or(0, |p| p.0 + 1)
}
