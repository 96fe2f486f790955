//! The `?` overlay: every key of the current view, listed from the live keymap (so a remapped
//! key shows as remapped), in as many columns as fit; below them, a legend of the marks and
//! badges the view draws, each in the style it is drawn in; scrolled (j/k) where it does not
//! fit. The layout is [`crate::tui::help`]'s, shared with `update`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::super::app::{App, View};
use super::super::config::Config;
use super::super::help;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::{truncate, width};
use super::{frame_block, put};

pub fn render(buf: &mut Buffer, body: Rect, app: &App, config: &Config) {
    let theme = &config.theme;
    let entries = help::entries(&config.keymap, app.view);
    let area = body;
    if area.width < 4 || area.height < 3 {
        return;
    }
    Clear.render(area, buf);
    let title = format!(" Keys: {} (esc closes) ", app.view.name());
    frame_block(buf, area, &title, true, theme);
    let inner = layout::inner(area);
    let g = help::grid(&entries, app.view, inner);
    let height = usize::from(inner.height);
    // The view never writes back: a scroll past the end (the screen grew) is read as the end.
    let top = app.ui.help_top.min(g.total.saturating_sub(height));
    // Content line `line` on screen, if it is scrolled into view.
    let row =
        |line: usize| (line >= top && line < top + height).then(|| inner.y + (line - top) as u16);
    if let Some(y) = (g.legend_at..g.total).find_map(row) {
        let skipped = top.saturating_sub(g.legend_at);
        let legend = Rect {
            y,
            height: inner.bottom().saturating_sub(y),
            ..inner
        };
        draw_legend(buf, legend, skipped, app.view, theme);
    }
    let col_w = usize::from(inner.width) / g.cols;
    let key_w = g.key_w;
    for (i, (k, d)) in entries.iter().enumerate() {
        let (c, r) = (i / g.rows, i % g.rows);
        let Some(y) = row(r) else {
            continue;
        };
        let x = inner.x + (c * col_w) as u16;
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
    let with = match &app.semantic.refined_with {
        Some(m) if mode == "lexical+semantic" => format!(" ({m})"),
        _ => String::new(),
    };
    let why = match (&app.semantic.note, app.semantic.embedded) {
        (Some(n), _) if !mode.contains("semantic") => format!(" similarity: {mode} · {n} "),
        (_, Some((fresh, all))) if mode == "lexical+semantic" => format!(
            " similarity: {mode}{with} · {fresh} of {all} texts embedded, the rest from the cache "
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
    if g.total > height {
        let below = g.total - height - top;
        let keys = scroll_keys(config, app.view);
        let more = if below > 0 {
            format!(" {keys} scroll · {below} more lines ")
        } else {
            format!(" {keys} scroll · end ")
        };
        // Right-aligned, beside the similarity.
        let x = area
            .right()
            .saturating_sub(1 + width(&more) as u16)
            .max(inner.x);
        put(
            buf,
            x,
            area.bottom() - 1,
            inner.right().saturating_sub(x),
            &more,
            theme.style(Role::Dim),
        );
    }
}

/// The first keys bound to moving down and up in `view` ("j/k"), as the keymap says.
fn scroll_keys(config: &Config, view: View) -> String {
    use super::super::action::Command;
    let listing = config.keymap.listing(view.context());
    let first = |c: Command| {
        listing
            .iter()
            .find(|(x, _)| *x == c)
            .and_then(|(_, k)| k.first())
            .map_or_else(|| "?".to_string(), |k| k.to_string())
    };
    format!("{}/{}", first(Command::Down), first(Command::Up))
}

/// The legend of `view` in `area`, packed into lines, from its line `skipped` on (what does
/// not fit is left out).
fn draw_legend(buf: &mut Buffer, area: Rect, skipped: usize, view: View, theme: &Theme) {
    let entries = help::legend(view);
    let at = help::pack(entries, area.width.into());
    for ((mark, role, meaning), (line, col)) in entries.iter().zip(at) {
        let Some(line) = line.checked_sub(skipped) else {
            continue;
        };
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
