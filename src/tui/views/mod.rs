//! Drawing. Every function here takes `&App` and the `Config`, reads, and draws only what is
//! visible from pre-wrapped lines; nothing here computes layouts of whole articles or writes state.

mod chrome;
mod compare;
mod details;
mod diff;
mod help;
mod overview;
mod quotes;
mod sources;
mod stories;
mod triage;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Borders, Widget};
use ratatui::Frame;

use super::app::{App, View};
use super::config::Config;
use super::layout;
use super::theme::{Role, Theme};
use super::wrap::WLine;

/// Draw the whole screen.
pub fn render(frame: &mut Frame, app: &App, config: &Config) {
    let area = frame.area();
    let a = layout::areas(area.width, area.height, app.ui.banner.is_some());
    let buf = frame.buffer_mut();
    let theme = &config.theme;
    chrome::tabs(buf, a.tabs, app, theme);
    if let (Some(r), Some(text)) = (a.banner, &app.ui.banner) {
        put(buf, r.x, r.y, r.width, text, theme.style(Role::Error));
    }
    match app.view {
        View::Stories => stories::render(buf, a.body, app, theme),
        View::Sources => sources::render(buf, a.body, app, theme),
        View::Compare => compare::render(buf, a.body, app, theme),
        View::Diff => diff::render(buf, a.body, app, theme),
        View::Overview => overview::render(buf, a.body, app, theme),
        View::Quotes => quotes::render(buf, a.body, app, theme),
        View::Triage => triage::render(buf, a.body, app, theme),
    }
    chrome::status(buf, a.status, app, config);
    if app.ui.help {
        help::render(buf, a.body, app, config);
    }
}

/// Write `text` at (x, y), at most `width` columns.
fn put(buf: &mut Buffer, x: u16, y: u16, width: u16, text: &str, style: Style) -> u16 {
    // Views compute positions from the layout; on a screen too small for it, draw nothing.
    let area = buf.area;
    if width == 0 || y < area.y || y >= area.bottom() || x < area.x || x >= area.right() {
        return x;
    }
    buf.set_stringn(x, y, text, usize::from(width), style).0
}

/// How a line's base style and its runs' roles combine.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layer {
    /// Roles over the base: a diff's deleted words stay red on the cursor row.
    RolesOnTop,
    /// The base over the roles (keeping their bold/italic/underline): a highlighted paragraph
    /// reads in one colour pair whatever headings and quotes it holds.
    BaseOnTop,
}

/// Draw a wrapped line, each run in its role's style combined with `base`.
#[allow(clippy::too_many_arguments)]
fn put_line(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    width: u16,
    line: &WLine,
    theme: &Theme,
    base: Style,
    layer: Layer,
) {
    let end = x.saturating_add(width);
    let mut cx = x;
    for seg in line {
        if cx >= end {
            break;
        }
        let style = match layer {
            Layer::RolesOnTop => base.patch(theme.style(seg.role)),
            Layer::BaseOnTop => theme.style(seg.role).patch(base),
        };
        cx = put(buf, cx, y, end - cx, &seg.text, style);
    }
}

/// A bordered block with a title, in the focus style when focused.
fn frame_block(buf: &mut Buffer, r: Rect, title: &str, focused: bool, theme: &Theme) {
    let border = if focused {
        theme.style(Role::Focus)
    } else {
        theme.style(Role::Dim)
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(title.to_string())
        .title_style(if focused {
            border
        } else {
            theme.style(Role::Title)
        })
        .render(r, buf);
}

/// A list's header line, dimmed, at the top of `inner`.
fn list_header(buf: &mut Buffer, inner: Rect, header: &str, theme: &Theme) {
    put(
        buf,
        inner.x,
        inner.y,
        inner.width,
        header,
        theme.style(Role::Dim),
    );
}

/// Fill list row `y` of `inner` with `base` (the cursor row's style, or the text's), so the
/// fields drawn on it need no padding; returns `base` for them.
fn list_row(buf: &mut Buffer, inner: Rect, y: u16, base: Style) -> Style {
    buf.set_style(
        Rect {
            y,
            height: 1,
            ..inner
        },
        base,
    );
    base
}

/// A bar of `width` cells for a share in [0, 1], drawn with block characters.
fn bar(share: f32, width: usize) -> String {
    let filled = ((share.clamp(0.0, 1.0) * width as f32).round() as usize).min(width);
    let mut s = "█".repeat(filled);
    s.push_str(&"·".repeat(width - filled));
    s
}
