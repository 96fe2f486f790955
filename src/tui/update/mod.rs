//! `update(&mut App, Action)`: the only place state changes. It returns the slow [`Job`]s to
//! start instead of starting them, so tests run them inline and the loop hands them to workers.

mod compare;
mod diff;
mod drop;
mod failed;
mod lists;
mod open;
mod outlets;
mod search;
mod semantic;
mod stories;
mod triage;
mod yank;

pub use semantic::find_model;
pub use triage::start;

use crate::align::Member;

use super::action::{Action, Command, PromptEdit};
use super::app::{App, View};
use super::jobs::Job;
use super::keymap::{Key, KeyCode, Keymap, Lookup};
use super::layout;

/// Fold one action into the state; returns the jobs to start.
pub fn update(app: &mut App, action: Action) -> Vec<Job> {
    let mut jobs = Vec::new();
    match action {
        Action::Command(c) => command(app, c, &mut jobs),
        Action::Prompt(edit) if app.ui.rename.is_some() => jobs.extend(outlets::prompt(app, edit)),
        Action::Prompt(edit) => jobs.extend(search::prompt(app, edit)),
        Action::Resize(w, h) => {
            app.ui.width = w;
            app.ui.height = h;
        }
        Action::Click(x, y) => click(app, x, y),
        Action::SelectPair(l, r) => jobs.extend(diff::select_pair(app, l, r)),
        Action::OpenAt(m) => compare::open_at(app, m),
        Action::Loaded(d) => {
            // A reload that already landed is newer than the start-up load.
            if app.drop.reload == 0 {
                jobs.extend(drop::loaded(app, d));
            }
        }
        Action::DropChanged => jobs.extend(triage::drop_changed(app)),
        Action::Reloaded { req, drop } => jobs.extend(triage::reloaded(app, req, drop)),
        Action::Triaged { req, triage: t } => jobs.extend(triage::triaged(app, req, t)),
        Action::PinsSaved(r) => {
            app.triage.saving_pins = app.triage.saving_pins.saturating_sub(1);
            saved(app, r);
        }
        Action::Saved(r) => saved(app, r),
        Action::StoriesAligned {
            req,
            stories: found,
            alignment,
        } => jobs.extend(stories::aligned(app, req, found, alignment)),
        Action::DropAligned { req, alignment } => {
            jobs.extend(app.jobs.align_drop.finished(req));
            // Asked for a drop since reloaded: its indexes no longer fit.
            if req >= app.drop.epoch {
                drop::aligned(app, alignment);
                jobs.extend(semantic::lexical_shown(app));
            }
        }
        Action::ModelFound(m) => jobs.extend(semantic::model_found(app, m)),
        Action::MultilingualFound(m) => jobs.extend(semantic::multilingual_found(app, m)),
        Action::Installing { req, stage } => semantic::installing(app, req, stage),
        Action::ModelInstalled { req, result } => {
            jobs.extend(semantic::installed(app, req, result))
        }
        Action::Embedding { req, progress } => semantic::embedding(app, req, progress),
        Action::Refined { req, result } => jobs.extend(semantic::refined(app, req, result)),
        Action::PairAligned {
            req,
            left,
            right,
            alignment,
        } => {
            jobs.extend(app.jobs.align_pair.finished(req));
            if req < app.drop.epoch {
                return jobs;
            }
            let pending = app.diff.pending == Some(req);
            // A pair aligned before the drop was refined is not kept beside refined ones.
            let mode = app.drop.alignment.as_ref().map(|a| &a.similarity);
            if !pending && mode.is_some_and(|m| *m != alignment.similarity) {
                return jobs;
            }
            app.drop.pairs.insert((left, right), alignment);
            if pending {
                app.diff.pending = None;
                diff::keep_place(app);
            }
        }
        Action::Failed { job, req, message } => jobs.extend(failed::failed(app, job, req, message)),
        Action::Shared(r) => app.ui.message = Some(r.unwrap_or_else(|e| e)),
        Action::Tick => app.ui.tick = app.ui.tick.wrapping_add(1),
        Action::Quit => app.ui.quit = true,
    }
    refresh(app);
    jobs
}

/// A save on the triage worker failed: say so after what the reader just did
/// ("pinned a ↔ b · not saved: ..."), not over it.
fn saved(app: &mut App, r: Result<(), String>) {
    if let Err(e) = r {
        app.ui.message = Some(match app.ui.message.take() {
            Some(m) => format!("{m} · {e}"),
            None => e,
        });
    }
}

/// Turn one key press into actions through the keymap (or the open search prompt).
pub fn handle_key(app: &mut App, keymap: &Keymap, key: Key) -> Vec<Job> {
    if app.search.prompt.is_some() || app.ui.rename.is_some() {
        let edit = match key.code {
            KeyCode::Char('c') if key.ctrl => PromptEdit::Cancel,
            KeyCode::Char(c) if !key.ctrl && !key.alt => PromptEdit::Insert(c),
            KeyCode::Backspace => PromptEdit::Backspace,
            KeyCode::Enter => PromptEdit::Submit,
            KeyCode::Esc => PromptEdit::Cancel,
            _ => return Vec::new(),
        };
        return update(app, Action::Prompt(edit));
    }
    let ctx = app.view.context();
    app.ui.pending.push(key);
    match keymap.lookup(ctx, &app.ui.pending) {
        // While the help is open, moving scrolls it (the view under it stays put).
        Lookup::Command(c) if app.ui.help && movement(c, 0, 2, 1).is_some() => {
            app.ui.pending.clear();
            scroll_help(app, keymap, c);
            Vec::new()
        }
        Lookup::Command(c) => {
            app.ui.pending.clear();
            update(app, Action::Command(c))
        }
        Lookup::Pending => Vec::new(),
        Lookup::None => {
            // A prefix that led nowhere: forget it, and try the last key on its own.
            let retry = app.ui.pending.len() > 1;
            app.ui.pending.clear();
            if retry {
                handle_key(app, keymap, key)
            } else {
                Vec::new()
            }
        }
    }
}

/// Scroll the help overlay by a movement command, within its content (the keymap says how
/// long that is).
fn scroll_help(app: &mut App, keymap: &Keymap, c: Command) {
    let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
    let inner = layout::inner(body);
    let max = super::help::max_top(keymap, app.view, inner);
    let page = usize::from(inner.height);
    if let Some(top) = movement(c, app.ui.help_top.min(max), max + 1, page) {
        app.ui.help_top = top;
    }
}

fn command(app: &mut App, c: Command, jobs: &mut Vec<Job>) {
    use Command::*;
    match c {
        Quit => app.ui.quit = true,
        Help => {
            app.ui.help = !app.ui.help;
            app.ui.help_top = 0;
        }
        Back => back(app),
        Search => app.search.prompt = Some(String::new()),
        SearchNext => jobs.extend(search::step(app, true)),
        SearchPrev => jobs.extend(search::step(app, false)),
        ViewStories => app.view = View::Stories,
        ViewSources => app.view = View::Sources,
        ViewCompare => app.view = View::Compare,
        ViewOverview => app.view = View::Overview,
        ViewQuotes => app.view = View::Quotes,
        ViewTriage => app.view = View::Triage,
        ViewDiff => jobs.extend(diff::show(app)),
        InstallModel => jobs.extend(semantic::install_model(app)),
        Yank => yank::yank(app),
        OpenUrl => jobs.extend(open::open_url(app)),
        Export => jobs.extend(open::export(app)),
        RenameOutlet => outlets::start(app),
        _ => match app.view {
            View::Stories => jobs.extend(stories::command(app, c)),
            View::Sources => jobs.extend(lists::sources(app, c)),
            View::Compare => jobs.extend(compare::command(app, c)),
            View::Diff => jobs.extend(diff::command(app, c)),
            View::Overview => lists::overview(app, c),
            View::Quotes => lists::quotes(app, c),
            View::Triage => jobs.extend(triage::command(app, c)),
        },
    }
}

/// Esc: close what is open, innermost first, then go back to Sources, and from there to the
/// Stories list when the drop holds many.
fn back(app: &mut App) {
    if app.ui.help {
        app.ui.help = false;
    } else if app.view == View::Compare && app.compare.details {
        app.compare.details = false;
    } else if app.ui.banner.is_some() || app.ui.message.is_some() || app.semantic.hint {
        app.ui.banner = None;
        app.ui.message = None;
        app.semantic.hint = false;
    } else if !app.search.query.is_empty() {
        app.search = Default::default();
    } else if app.view == View::Diff {
        app.view = View::Compare;
    } else if app.view == View::Sources && app.stories.many() {
        app.stories.cursor = app.stories.open;
        app.view = View::Stories;
    } else {
        app.view = View::Sources;
    }
}

fn click(app: &mut App, x: u16, y: u16) {
    let a = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some());
    if y == a.tabs.y {
        if let Some(v) = layout::tab_at(x, app.stories.many()) {
            app.view = v;
        }
        return;
    }
    if !a.body.contains((x, y).into()) {
        return;
    }
    match app.view {
        View::Sources => lists::click_sources(app, a.body, y),
        View::Compare => compare::click(app, a.body, x, y),
        View::Stories | View::Overview | View::Quotes | View::Diff | View::Triage => {}
    }
}

/// Bring caches and scroll positions in line with the current size and view.
fn refresh(app: &mut App) {
    compare::refresh(app);
    diff::refresh(app);
    lists::clamp(app);
}

/// Move `cursor` by `delta` within `0..len`.
fn step(cursor: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    cursor.saturating_add_signed(delta).min(len - 1)
}

/// How far a movement command moves in a list showing `page` rows; None if it is not one.
fn movement(c: Command, cursor: usize, len: usize, page: usize) -> Option<usize> {
    let page = page.max(1) as isize;
    let d = match c {
        Command::Down => 1,
        Command::Up => -1,
        Command::PageDown => page,
        Command::PageUp => -page,
        Command::HalfPageDown => (page / 2).max(1),
        Command::HalfPageUp => -(page / 2).max(1),
        Command::Top => return Some(0),
        Command::Bottom => return Some(len.saturating_sub(1)),
        _ => return None,
    };
    Some(step(cursor, d, len))
}

/// Scroll `top` so that lines `first..end` are visible in `height` lines.
fn scroll_into_view(top: usize, first: usize, end: usize, height: usize) -> usize {
    let height = height.max(1);
    if first < top {
        first
    } else if end > top + height {
        first.min(end.saturating_sub(height))
    } else {
        top
    }
}

/// Jump the Compare view to a paragraph (search hits, Overview, Quotes).
fn goto(app: &mut App, m: Member) {
    compare::open_at(app, m);
}
