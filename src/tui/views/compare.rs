//! Compare: a panel per article. The cursor paragraph in the focused panel, its counterparts in
//! the others (shaded by strength), unique and disputed paragraphs marked in the gutter.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::align::Member;

use super::super::app::App;
use super::super::panes::{panes, split};
use super::super::theme::{Role, Theme};
use super::super::wrap::{mark_spans, truncate, WLine};
use super::{frame_block, put, put_line, Layer};

/// Counterparts scoring at least this are shaded as strong matches.
const STRONG: f32 = 0.6;

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    if app.drop.is_empty() {
        let msg = if app.drop.loading {
            "loading…"
        } else {
            "no articles"
        };
        put(
            buf,
            body.x + 1,
            body.y + 1,
            body.width.saturating_sub(2),
            msg,
            theme.style(Role::Dim),
        );
        return;
    }
    let n = app.drop.len();
    let all = panes(app);
    let first = all.first().map_or(0, |p| p.article);
    let last = all.last().map_or(0, |p| p.article);
    for p in &all {
        let art = &app.drop.drop.articles[p.article];
        let focused = p.article == app.compare.focus;
        // Outlets off screen, counted on the edge panels ("◀ 2+", "+2 ▶").
        let left = if p.article == first && first > 0 {
            format!("◀ {first}+ ")
        } else {
            String::new()
        };
        let right = if p.article == last && last + 1 < n {
            format!(" +{} ▶", n - 1 - last)
        } else {
            String::new()
        };
        // No counterpart and no kept place to show it in: the header says so.
        let none =
            !focused && p.best.is_none() && p.none_at.is_none() && app.drop.alignment.is_some();
        let left = if none {
            format!("{left}no counterpart · ")
        } else {
            left
        };
        let cur = app.compare.cursor.get(p.article).copied().unwrap_or(0);
        let room = usize::from(p.rect.width.saturating_sub(4))
            .saturating_sub(super::super::wrap::width(&left) + super::super::wrap::width(&right));
        let position = format!("{}/{}", cur + 1, art.paragraphs.len());
        let label = art.outlet_label(&app.drop.drop.articles);
        let title = format!(" {left}{}{right} ", header(art, &label, &position, room));
        let title = truncate(&title, usize::from(p.rect.width.saturating_sub(2)));
        frame_block(buf, p.rect, &title, focused, theme);
        let Some(w) = &p.wrapped else {
            continue;
        };
        let gutter_x = p.text.x.saturating_sub(2);
        for row in 0..p.text.height {
            let line = p.top + usize::from(row);
            let Some(text) = w.lines.get(line) else {
                break;
            };
            let y = p.text.y + row;
            let para = w.line_para[line];
            let mut base = theme.style(Role::Text);
            let highlighted = para.is_some_and(|q| p.highlight.contains(&q));
            if let Some(para) = para {
                let m = Member {
                    article: p.article,
                    paragraph: para,
                };
                let info = app.drop.para(m);
                if p.highlight.contains(&para) {
                    // The best counterpart in the full shade, the others lighter.
                    base = if focused {
                        theme.style(Role::Cursor)
                    } else if p.best == Some(para) && info.score >= STRONG {
                        theme.style(Role::Shared)
                    } else {
                        theme.style(Role::SharedWeak)
                    };
                    buf.set_style(
                        Rect {
                            x: p.text.x,
                            y,
                            width: p.text.width,
                            height: 1,
                        },
                        base,
                    );
                }
                let (mark, role) = if app.is_search_hit(m) {
                    ("/", Role::SearchHit)
                } else if info.disputed {
                    ("!", Role::Disputed)
                } else if info.unique {
                    ("◆", Role::Unique)
                } else if info.shared {
                    (
                        "│",
                        if info.score >= STRONG {
                            Role::Shared
                        } else {
                            Role::SharedWeak
                        },
                    )
                } else {
                    (" ", Role::Text)
                };
                let mark = if focused && p.highlight.contains(&para) && mark == " " {
                    "▶"
                } else {
                    mark
                };
                put(buf, gutter_x, y, 1, mark, theme.style(role));
            }
            let layer = if highlighted {
                Layer::BaseOnTop
            } else {
                Layer::RolesOnTop
            };
            let hit = para.is_some_and(|q| {
                app.is_search_hit(Member {
                    article: p.article,
                    paragraph: q,
                })
            });
            if hit {
                let marked = mark_spans(
                    text.clone(),
                    &matches(text, &app.search.query),
                    Role::SearchHit,
                );
                put_line(
                    buf,
                    p.text.x,
                    y,
                    p.text.width,
                    &marked,
                    theme,
                    base,
                    Layer::RolesOnTop,
                );
            } else {
                put_line(buf, p.text.x, y, p.text.width, text, theme, base, layer);
            }
        }
        if let Some(row) = p.none_at {
            let y = p.text.y + row;
            buf.set_style(
                Rect {
                    x: p.text.x,
                    y,
                    width: p.text.width,
                    height: 1,
                },
                theme.style(Role::Text),
            );
            let clear = " ".repeat(usize::from(p.text.width));
            put(
                buf,
                p.text.x,
                y,
                p.text.width,
                &clear,
                theme.style(Role::Text),
            );
            put(
                buf,
                p.text.x,
                y,
                p.text.width,
                "· no counterpart ·",
                theme.style(Role::Dim),
            );
        }
    }
    if let Some(r) = split(app).1 {
        super::details::render(buf, r, app, theme);
    }
}

/// A panel's header: outlet `label`, paragraph position, date and title, cut to `max` columns:
/// the title gives way first, then the outlet's name (the position and date stay whole).
fn header(art: &crate::Article, label: &str, position: &str, max: usize) -> String {
    use super::super::wrap::width;
    // A label that names the date already (two versions of one outlet) does not repeat it.
    let date = art
        .date
        .as_deref()
        .map(|d| d.get(..10).unwrap_or(d))
        .filter(|d| !label.ends_with(&format!("({d})")));
    let mut tail = format!(" · {position}");
    if let Some(d) = date {
        tail.push_str(&format!(" · {d}"));
    }
    let outlet = truncate(label, max.saturating_sub(width(&tail)).max(6));
    let mut head = format!("{outlet}{tail}");
    if let Some(t) = art.title.as_deref().filter(|t| !t.is_empty()) {
        let room = max.saturating_sub(width(&head) + 3);
        if room >= 8 {
            head.push_str(&format!(" · {}", truncate(t, room)));
        }
    }
    truncate(&head, max)
}

/// Byte ranges of `query` in the line's text, ignoring case (only where lower-casing keeps
/// byte lengths, so the ranges stay valid; other lines keep just the gutter mark).
fn matches(line: &WLine, query: &str) -> Vec<(usize, usize)> {
    let text: String = line.iter().map(|s| s.text.as_str()).collect();
    let (hay, needle) = (text.to_lowercase(), query.to_lowercase());
    if needle.is_empty() || hay.len() != text.len() {
        return Vec::new();
    }
    hay.match_indices(&needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}
