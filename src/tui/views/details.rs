//! The Compare details pane: why the cursor paragraph is marked as it is (its counterparts and
//! disagreements), drawn from the lines [`crate::tui::details`] lays out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

use super::super::app::App;
use super::super::details::{lines, title};
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{frame_block, put, put_line, Layer};

pub fn render(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    Clear.render(area, buf);
    let width = usize::from(area.width.saturating_sub(2));
    frame_block(buf, area, &truncate(&title(app), width), false, theme);
    let inner = layout::inner(area);
    let all = lines(app, inner.width);
    let rows = usize::from(inner.height);
    // What does not fit is counted on the bottom border rather than cut silently.
    let shown = if all.len() > rows { rows } else { all.len() };
    for (k, line) in all.iter().take(shown).enumerate() {
        let y = inner.y + k as u16;
        let base = theme.style(Role::Text);
        put_line(
            buf,
            inner.x,
            y,
            inner.width,
            line,
            theme,
            base,
            Layer::RolesOnTop,
        );
    }
    if all.len() > shown {
        let more = format!(
            " {} more lines: a taller terminal shows them ",
            all.len() - shown
        );
        put(
            buf,
            inner.x,
            area.bottom() - 1,
            inner.width,
            &truncate(&more, width),
            theme.style(Role::Dim),
        );
    }
}
