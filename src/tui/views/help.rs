//! The `?` overlay: every key of the current view, listed from the live keymap (so a remapped
//! key shows as remapped), in as many columns as fit.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::super::app::App;
use super::super::config::Config;
use super::super::layout;
use super::super::theme::Role;
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
    let rows = usize::from(inner.height).max(1);
    // As many columns as the entries need, while a column keeps room for a short description.
    let max_cols = (usize::from(inner.width) / (key_w + 14)).max(1);
    let cols = entries.len().div_ceil(rows).clamp(1, max_cols);
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
