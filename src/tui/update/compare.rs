//! Compare: moving the cursor through a panel, between panels (landing on the counterpart),
//! jumping to the next unique/shared/disputed paragraph, and laying articles out per width.

use std::sync::Arc;

use ratatui::layout::Rect;

use crate::align::Member;
use crate::article::{Article, ParagraphKind};
use crate::triage::pins;

use super::super::action::Command;
use super::super::app::{ordered, App, View, Wrapped};
use super::super::jobs::Job;
use super::super::panes::{panes, wrap_key};
use super::super::theme::Role;
use super::super::worker::TriageJob;
use super::super::wrap::{mark_spans, wrap, Seg};
use super::super::{layout, update::diff};
use super::{movement, scroll_into_view};
use crate::align::ParagraphMark;

pub fn command(app: &mut App, c: Command) -> Option<Job> {
    let n = app.drop.len();
    if n == 0 {
        return None;
    }
    let focus = app.compare.focus.min(n - 1);
    let paras = app.drop.drop.articles[focus].paragraphs.len();
    let cur = app.compare.cursor.get(focus).copied().unwrap_or(0);
    let page = page_paragraphs(app);
    if let Some(to) = movement(c, cur, paras, page) {
        set_cursor(app, focus, to);
        return None;
    }
    let info = |p: usize| {
        app.drop.para(Member {
            article: focus,
            paragraph: p,
        })
    };
    let seek = |forward: bool, f: fn(&ParagraphMark) -> bool| -> Option<usize> {
        if forward {
            (cur + 1..paras).find(|&p| f(&info(p)))
        } else {
            (0..cur).rev().find(|&p| f(&info(p)))
        }
    };
    let jump = match c {
        Command::NextUnique => seek(true, |i| i.unique),
        Command::PrevUnique => seek(false, |i| i.unique),
        Command::NextShared => seek(true, |i| i.shared),
        Command::PrevShared => seek(false, |i| i.shared),
        Command::NextDisputed => seek(true, |i| i.disputed),
        Command::PrevDisputed => seek(false, |i| i.disputed),
        Command::NextPanel if focus + 1 < n => {
            focus_panel(app, focus + 1);
            None
        }
        Command::PrevPanel if focus > 0 => {
            focus_panel(app, focus - 1);
            None
        }
        Command::ToggleWide => {
            app.compare.wide = !app.compare.wide;
            None
        }
        Command::ToggleRemoved => {
            app.compare.removed = !app.compare.removed;
            None
        }
        Command::Details => {
            app.compare.details = !app.compare.details;
            None
        }
        Command::Pin | Command::Unpin => return pin(app, c == Command::Pin),
        Command::OpenDiff if n > 1 => {
            // A revision beside the version it revises diffs old → new, at the first change.
            let prev = app.compare.previous.filter(|&p| p < n && p != focus);
            if let Some((old, new)) = prev.and_then(|p| super::triage::revision_pair(app, focus, p))
            {
                return diff::select_revision(app, old, new);
            }
            // A copy beside its source diffs source → copy, the copied runs marked.
            if let Some((source, copy)) =
                prev.and_then(|p| super::triage::source_pair(app, focus, p))
            {
                return diff::select_pair(app, source, copy);
            }
            let other = if focus + 1 < n { focus + 1 } else { focus - 1 };
            return diff::select_pair(app, focus, other);
        }
        _ => None,
    };
    match jump {
        Some(p) => set_cursor(app, focus, p),
        None if is_seek(c) => app.ui.message = Some(format!("no {}", c.describe())),
        None => {}
    }
    None
}

/// Pin the cursor paragraph to the previous panel's cursor paragraph, or unpin it from its
/// counterparts there. Shown at once; saved with the drop by the triage worker (the job
/// returned) and applied to the next alignment.
fn pin(app: &mut App, add: bool) -> Option<Job> {
    let focus = app.compare.focus;
    let Some(prev) = app
        .compare
        .previous
        .filter(|&p| p != focus && p < app.drop.len())
    else {
        app.ui.message =
            Some("put the cursor on a paragraph, Tab to another panel, then pin".into());
        return None;
    };
    let mut set = Vec::new();
    let mut clear = Vec::new();
    let here = Member {
        article: focus,
        paragraph: app.compare.cursor[focus],
    };
    let name = |m: Member| {
        format!(
            "{} ¶{}",
            app.drop.drop.articles[m.article].outlet_label(&app.drop.drop.articles),
            m.paragraph + 1
        )
    };
    if add {
        let there = Member {
            article: prev,
            paragraph: app.compare.cursor[prev],
        };
        let key = ordered(here, there);
        app.drop.unpins.remove(&key);
        app.drop.pins.insert(key);
        set.extend(pins::record(&app.drop.drop.articles, here, there, true));
        app.ui.message = Some(format!("pinned {} ↔ {}", name(here), name(there)));
    } else {
        let gone: Vec<Member> = app
            .drop
            .counterparts(here)
            .into_iter()
            .filter(|m| m.article == prev)
            .collect();
        for there in &gone {
            let key = ordered(here, *there);
            let articles = &app.drop.drop.articles;
            if app.drop.pins.remove(&key) {
                // A pin of the reader's own, undone: forget it rather than forbid the pair.
                if let Some(r) = pins::record(articles, here, *there, false) {
                    clear.push((r.a, r.b));
                }
            } else {
                app.drop.unpins.insert(key);
                set.extend(pins::record(articles, here, *there, false));
            }
        }
        app.ui.message = Some(match gone.first() {
            Some(t) => format!("unpinned {} ↔ {}", name(here), name(*t)),
            None => format!("{} has no counterpart in the previous panel", name(here)),
        });
    }
    if set.is_empty() && clear.is_empty() {
        return None;
    }
    // Diffs of these two articles were aligned without this pin: align them again when shown.
    app.drop
        .pairs
        .retain(|&(l, r), _| !([l, r].contains(&focus) && [l, r].contains(&prev)));
    app.diff.width = 0;
    // The local copy of the saved pins, so a reload before the next scan keeps them.
    let saved = &mut app.triage.pins;
    saved.retain(|r| {
        !set.iter().any(|s| s.a == r.a && s.b == r.b)
            && !clear.iter().any(|(a, b)| *a == r.a && *b == r.b)
    });
    saved.extend(set.iter().cloned());
    saved.sort();
    app.triage.saving_pins += 1;
    Some(Job::Triage(TriageJob::SavePins { set, clear }))
}

fn is_seek(c: Command) -> bool {
    use Command::*;
    matches!(
        c,
        NextUnique | PrevUnique | NextShared | PrevShared | NextDisputed | PrevDisputed
    )
}

fn set_cursor(app: &mut App, a: usize, p: usize) {
    if let Some(c) = app.compare.cursor.get_mut(a) {
        *c = p;
    }
}

/// Paragraphs a page key moves: about the panel's height in lines, at ~3 lines a paragraph.
fn page_paragraphs(app: &App) -> usize {
    usize::from(layout::inner(super::super::panes::split(app).0).height / 3).max(1)
}

/// Move focus to article `to`, putting its cursor on the counterpart of the current paragraph
/// and keeping its panel where it was on screen.
pub fn focus_panel(app: &mut App, to: usize) {
    let before = panes(app);
    let from = app.compare.focus;
    let cur = app.compare.cursor.get(from).copied().unwrap_or(0);
    let counterpart = app
        .drop
        .counterparts(Member {
            article: from,
            paragraph: cur,
        })
        .into_iter()
        .find(|m| m.article == to);
    if let Some(p) = before.iter().find(|p| p.article == to) {
        if let Some(t) = app.compare.top.get_mut(to) {
            *t = p.top;
        }
    }
    if let Some(m) = counterpart {
        set_cursor(app, to, m.paragraph);
    }
    if from != to {
        app.compare.previous = Some(from);
    }
    app.compare.focus = to;
}

/// Open Compare with the cursor on `m`.
pub fn open_at(app: &mut App, m: Member) {
    if m.article >= app.drop.len() {
        return;
    }
    app.view = View::Compare;
    app.compare.focus = m.article;
    set_cursor(app, m.article, m.paragraph);
}

/// A click focuses the panel under it and puts the cursor on the paragraph under it.
pub fn click(app: &mut App, _body: Rect, x: u16, y: u16) {
    let Some(p) = panes(app)
        .into_iter()
        .find(|p| p.rect.contains((x, y).into()))
    else {
        return;
    };
    if p.article != app.compare.focus {
        focus_panel(app, p.article);
    }
    if y >= p.text.y {
        let line = p.top + usize::from(y - p.text.y);
        if let Some(Some(para)) = p.wrapped.as_ref().and_then(|w| w.line_para.get(line)) {
            set_cursor(app, p.article, *para);
        }
    }
}

/// Keep the focused panel on screen, lay out visible articles at their widths, and scroll the
/// focused panel so its cursor paragraph is visible.
pub fn refresh(app: &mut App) {
    let n = app.drop.len();
    if n == 0 {
        return;
    }
    let c = &mut app.compare;
    c.focus = c.focus.min(n - 1);
    for (a, cur) in c.cursor.iter_mut().enumerate() {
        let len = app.drop.drop.articles[a].paragraphs.len();
        *cur = (*cur).min(len.saturating_sub(1));
    }
    let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
    let fit = layout::panels_fitting(body, c.wide).min(n);
    if c.focus < c.first {
        c.first = c.focus;
    } else if c.focus >= c.first + fit {
        c.first = c.focus + 1 - fit;
    }
    c.first = c.first.min(n - fit);
    // Keep only the layouts on screen, so resizing and toggles do not pile up stale widths.
    let keep: Vec<_> = panes(app)
        .iter()
        .map(|p| wrap_key(app, p.article, p.text))
        .collect();
    app.drop.wrapped.retain(|k, _| keep.contains(k));
    for p in panes(app) {
        let key = wrap_key(app, p.article, p.text);
        if p.wrapped.is_none() && p.text.width > 0 {
            let spans = app
                .drop
                .disputed_spans
                .get(p.article)
                .map_or(&[][..], |v| &v[..]);
            let article = &app.drop.drop.articles[p.article];
            let w = wrap_article(article, p.text.width, key.2, spans);
            app.drop.wrapped.insert(key, Arc::new(w));
        }
    }
    let focus = app.compare.focus;
    if let Some(p) = panes(app).into_iter().find(|p| p.article == focus) {
        if let Some(w) = &p.wrapped {
            let r = w.para_lines(app.compare.cursor[focus]);
            let h = usize::from(p.text.height);
            app.compare.top[focus] = scroll_into_view(p.top, r.start, r.end, h);
        }
    }
}

/// Lay out one article at `width` columns: optionally the removed text first, then each
/// paragraph with a blank line after it; headings, quotes and the disputed snippets
/// (`disputed`: byte ranges into the article's source) get their own roles.
pub fn wrap_article(
    a: &Article,
    width: u16,
    removed: bool,
    disputed: &[(usize, usize)],
) -> Wrapped {
    let width = usize::from(width);
    let mut w = Wrapped::default();
    let add = |w: &mut Wrapped, segs: &[Seg], para: Option<usize>| {
        for line in wrap(segs, width) {
            w.lines.push(line);
            w.line_para.push(para);
        }
        w.lines.push(Vec::new());
        w.line_para.push(None);
    };
    if removed {
        for r in &a.removed {
            let label = format!("[removed: {}] {}", r.reason.as_str(), r.text);
            add(&mut w, &[Seg::new(label, Role::Removed)], None);
        }
    }
    for (i, p) in a.paragraphs.iter().enumerate() {
        w.para_first.push(w.lines.len());
        let body = match p.kind {
            ParagraphKind::Heading => vec![Seg::new(p.text.clone(), Role::Heading)],
            _ => quote_segs(&p.text),
        };
        // Disputed snippets of this paragraph, relative to its text.
        let local: Vec<(usize, usize)> = disputed
            .iter()
            .filter(|(s, e)| *s >= p.start && *e <= p.end && s < e)
            .map(|(s, e)| (s - p.start, e - p.start))
            .collect();
        let mut segs = Vec::new();
        if p.kind == ParagraphKind::ListItem {
            segs.push(Seg::new("• ", Role::Dim));
        }
        segs.extend(mark_spans(body, &local, Role::Disputed));
        add(&mut w, &segs, Some(i));
    }
    w
}

/// Split text into plain and quoted runs (“…”, «…», "…"), so quotes are styled apart.
pub fn quote_segs(text: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut inside = false;
    for ch in text.chars() {
        let opens = matches!(ch, '“' | '«') || (ch == '"' && !inside);
        let closes = matches!(ch, '”' | '»') || (ch == '"' && inside);
        if opens && !inside {
            if !cur.is_empty() {
                out.push(Seg::new(std::mem::take(&mut cur), Role::Text));
            }
            inside = true;
            cur.push(ch);
        } else if closes && inside {
            cur.push(ch);
            out.push(Seg::new(std::mem::take(&mut cur), Role::Quote));
            inside = false;
        } else {
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(Seg::new(cur, if inside { Role::Quote } else { Role::Text }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disputed_spans_are_cut_out_of_runs() {
        let segs = quote_segs("The plan has “28 points” now.");
        let start = "The plan has “".len();
        let out = mark_spans(segs, &[(start, start + 2)], Role::Disputed);
        let texts: Vec<(&str, Role)> = out.iter().map(|s| (s.text.as_str(), s.role)).collect();
        assert_eq!(
            texts,
            vec![
                ("The plan has ", Role::Text),
                ("“", Role::Quote),
                ("28", Role::Disputed),
                (" points”", Role::Quote),
                (" now.", Role::Text)
            ]
        );
        // A span that cuts a multi-byte character is ignored, not a panic.
        let out = mark_spans(quote_segs("Ушаков"), &[(1, 3)], Role::Disputed);
        assert_eq!(
            out.iter().map(|s| s.text.as_str()).collect::<String>(),
            "Ушаков"
        );
    }

    #[test]
    fn quotes_are_their_own_runs() {
        let s = quote_segs("He said “ready right now” and \"no\".");
        let roles: Vec<Role> = s.iter().map(|s| s.role).collect();
        assert_eq!(
            roles,
            vec![Role::Text, Role::Quote, Role::Text, Role::Quote, Role::Text]
        );
        assert_eq!(s[1].text, "“ready right now”");
        assert_eq!(
            s.iter().map(|s| s.text.as_str()).collect::<String>(),
            "He said “ready right now” and \"no\"."
        );
    }
}
