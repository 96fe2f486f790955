//! Triage: the drop folder's files, new and changed first, with their verdict badge (and the
//! change class of a revision), score, novelty, story and the reader's flags; below, what the
//! item under the cursor points at. Says which folder is triaged, or why triage is unavailable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::triage::{Item, Status, Verdict};

use super::super::app::App;
use super::super::layout;
use super::super::theme::{Role, Theme};
use super::super::wrap::truncate;
use super::{frame_block, list_row, put};

/// Verdict column width: `near_duplicate`, `revision cosmetic`.
const VERDICT: usize = 22;
/// Derivation column width: "82% from Reuters +1".
const DERIVED: usize = 20;
/// The narrowest list that shows the derived column.
const WIDE: usize = 130;

pub fn render(buf: &mut Buffer, body: Rect, app: &App, theme: &Theme) {
    let t = &app.triage;
    let rows = t.rows();
    frame_block(
        buf,
        body,
        &format!(" Triage ({}) ", rows.len()),
        true,
        theme,
    );
    let inner = layout::inner(body);
    if inner.height < 3 || inner.width < 10 {
        return;
    }
    let w = inner.width;
    put(
        buf,
        inner.x,
        inner.y,
        w,
        &heading(app),
        theme.style(Role::Dim),
    );
    let Some(report) = &t.report else {
        let why = match (&t.error, &t.folder) {
            (Some(e), _) => format!("triage unavailable: {e}"),
            (None, _) if app.jobs.triage.running.is_some() => "scanning…".into(),
            (None, _) => "triage unavailable".into(),
        };
        put(buf, inner.x, inner.y + 1, w, &why, theme.style(Role::Error));
        return;
    };
    // The derived column only where titles keep room (it is on the detail line anyway).
    let with_derived = usize::from(w) >= WIDE;
    let derived_head = if with_derived {
        format!("{:<DERIVED$}  ", "derived")
    } else {
        String::new()
    };
    let header = format!(
        "    {:<8}{:<VERDICT$}{:>6}{:>8}{:>7}  {derived_head}title / file",
        "status", "verdict", "score", "novelty", "story"
    );
    put(
        buf,
        inner.x,
        inner.y + 1,
        w,
        &header,
        theme.style(Role::Dim),
    );
    // The last two lines tell about the current item.
    let list_h = usize::from(inner.height).saturating_sub(4);
    let top = t.cursor.saturating_sub(list_h.saturating_sub(1));
    for (k, &i) in rows.iter().enumerate().skip(top).take(list_h) {
        let it = &report.items[i];
        let y = inner.y + 2 + (k - top) as u16;
        let base = if k == t.cursor {
            theme.style(Role::Cursor)
        } else if it.read || it.archived {
            theme.style(Role::Dim)
        } else {
            theme.style(Role::Text)
        };
        list_row(buf, inner, y, base);
        let flags = format!(
            "{}{}{}",
            if it.read { ' ' } else { '•' },
            if it.starred { '★' } else { ' ' },
            if it.archived { 'a' } else { ' ' }
        );
        put(
            buf,
            inner.x,
            y,
            4,
            &flags,
            base.patch(theme.style(Role::Mark)),
        );
        let status = match it.status {
            Status::New => "new",
            Status::Changed => "changed",
            Status::Seen => "seen",
            Status::Deleted => "deleted",
        };
        put(buf, inner.x + 4, y, 8, status, base);
        let x = inner.x + 12;
        put(
            buf,
            x,
            y,
            VERDICT as u16,
            &badge(it),
            base.patch(theme.style(Role::Badge)),
        );
        let score = it.score.map_or("—".to_string(), |s| format!("{s:.2}"));
        let story = it.story.map_or("—".to_string(), |s| s.to_string());
        let name = it.title.clone().unwrap_or_else(|| file_name(&it.path));
        // A revision says what changed before its title.
        let name = match changed(it) {
            Some(what) => format!("{what} · {name}"),
            None => name,
        };
        let derived = if with_derived {
            let d = crate::triage::derivation::derived_label(report, it).unwrap_or_default();
            format!("{:<DERIVED$}  ", truncate(&d, DERIVED))
        } else {
            String::new()
        };
        let rest = format!(
            "{score:>6}{:>7.0}%{story:>7}  {derived}{}",
            it.novelty * 100.0,
            name
        );
        let x = x + VERDICT as u16;
        if x < inner.right() {
            put(buf, x, y, inner.right() - x, &rest, base);
        }
    }
    if let Some(it) = t.current() {
        let y = inner.bottom() - 2;
        put(
            buf,
            inner.x,
            y,
            w,
            &format!("file: {}", it.path),
            theme.style(Role::Text),
        );
        put(buf, inner.x, y + 1, w, &detail(it), theme.style(Role::Dim));
    } else if rows.is_empty() {
        put(
            buf,
            inner.x,
            inner.y + 2,
            w,
            "no items (filters: v verdict, t story)",
            theme.style(Role::Dim),
        );
    }
}

/// The folder, what it is, the filters and any warnings, on one line.
fn heading(app: &App) -> String {
    let t = &app.triage;
    let mut s = match &t.folder {
        Some(f) if t.parent => format!(
            "folder {} (the parent of the files opened; it may hold more)",
            f.display()
        ),
        Some(f) => format!("folder {}", f.display()),
        None => "no folder to triage".into(),
    };
    if let Some(v) = t.verdict {
        s.push_str(&format!(" · verdict {}", verdict_name(v)));
    }
    if let Some(id) = t.story {
        let label = t
            .report
            .as_ref()
            .and_then(|r| r.stories.iter().find(|st| st.id == id))
            .map_or(String::new(), |st| {
                format!(" “{}”", truncate(&st.label, 30))
            });
        s.push_str(&format!(" · story {id}{label}"));
    }
    let warnings = t.report.as_ref().map_or(0, |r| r.warnings.len());
    if warnings > 0 {
        s.push_str(&format!(" · {warnings} warning(s)"));
    }
    s
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Duplicate => "duplicate",
        Verdict::NearDuplicate => "near_duplicate",
        Verdict::Revision => "revision",
        Verdict::SameStory => "same_story",
        Verdict::NewStory => "new_story",
    }
}

/// The verdict badge; a revision says how it changed.
fn badge(it: &Item) -> String {
    let Some(v) = it.verdict else {
        return if it.warning.is_some() {
            "unreadable".into()
        } else {
            "—".into()
        };
    };
    let class = it.changes.as_ref().and_then(|c| c.class).map(|c| match c {
        crate::triage::ChangeClass::Cosmetic => " cosmetic",
        crate::triage::ChangeClass::Substantive => " substantive",
        crate::triage::ChangeClass::Structural => " structural",
    });
    format!("{}{}", verdict_name(v), class.unwrap_or(""))
}

/// What the verdict points at and the evidence, for the item under the cursor.
fn detail(it: &Item) -> String {
    let mut s = match (it.verdict, it.of.first()) {
        (Some(v), Some(of)) => format!("{} of {of}", verdict_name(v)),
        (Some(v), None) => verdict_name(v).to_string(),
        (None, _) => it.warning.clone().unwrap_or_else(|| "no verdict".into()),
    };
    if it.of.len() > 1 {
        s.push_str(&format!(" (+{} more)", it.of.len() - 1));
    }
    if let Some(c) = &it.changes {
        s.push_str(&format!(
            " · {} added, {} edited, {} removed, {} moved",
            c.added.len(),
            c.edited.len(),
            c.removed.len(),
            c.moved.len()
        ));
    }
    // Numbered from 1, as paragraphs are everywhere in the app.
    if !it.novel_paragraphs.is_empty() {
        let list: Vec<String> = it
            .novel_paragraphs
            .iter()
            .map(|p| format!("¶{}", p + 1))
            .collect();
        s.push_str(&format!(" · novel paragraphs {}", list.join(" ")));
    }
    if !it.novel_sentences.is_empty() {
        let list: Vec<String> = it
            .novel_sentences
            .iter()
            .map(|(p, s)| format!("¶{}.{}", p + 1, s + 1))
            .collect();
        s.push_str(&format!(" · new sentences {}", list.join(" ")));
    }
    if let Some(d) = crate::triage::derivation::derivation_line(it) {
        s.push_str(&format!(" · {d}"));
    }
    s
}

/// What a revision changed ("¶5: 19 → 17 points; ¶23 added"), from the library's summary.
fn changed(it: &Item) -> Option<String> {
    let c = it.changes.as_ref()?;
    (it.verdict == Some(Verdict::Revision) && !c.summary.is_empty()).then(|| c.summary.join("; "))
}

/// The last part of a path, for rows of untitled files (the full path is on the detail line).
fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or(path.to_string(), |n| n.to_string_lossy().into_owned())
}
