//! Triage and watching: the start-up jobs, reloading and rescanning when the drop folder
//! changes (one running and one queued of each, newer results only), and the Triage view's
//! keys (flags saved on the triage worker, open in Compare, filters).

use std::path::PathBuf;
use std::sync::Arc;

use crate::align::Member;
use crate::ingest::Drop;
use crate::triage::{Flag, Verdict};

use super::super::action::{Command, Triaged};
use super::super::app::{same_path, App};
use super::super::jobs::Job;
use super::super::layout;
use super::super::worker::TriageJob;
use super::{drop, movement};

/// The jobs that start the app on its paths: load the drop, and open triage on its folder
/// (`state`: the triage state file, `None` for the default in the XDG data dir).
pub fn start(app: &mut App, state: Option<PathBuf>) -> Vec<Job> {
    let paths = app.drop.paths.clone();
    let req = app.jobs.next_req();
    let open = Job::Triage(TriageJob::Open {
        req,
        paths: paths.clone(),
        state,
        across_languages: !app.semantic.lexical,
    });
    let mut jobs = vec![Job::Load(paths)];
    jobs.extend(app.jobs.triage.request(req, open));
    jobs
}

/// The folder changed: reload the drop and rescan it. A burst of changes costs at most one
/// running and one queued job of each kind.
pub fn drop_changed(app: &mut App) -> Vec<Job> {
    let mut jobs = Vec::new();
    let req = app.jobs.next_req();
    let paths = app.drop.paths.clone();
    jobs.extend(app.jobs.load.request(req, Job::Reload { req, paths }));
    if app.triage.folder.is_some() {
        let req = app.jobs.next_req();
        let scan = Job::Triage(TriageJob::Scan { req });
        jobs.extend(app.jobs.triage.request(req, scan));
    }
    jobs
}

/// A reload finished: show it unless a newer one is already shown, keeping the view and the
/// Sources cursor; aligning starts again as at start-up.
pub fn reloaded(app: &mut App, req: u64, d: Arc<Drop>) -> Vec<Job> {
    let mut jobs: Vec<Job> = app.jobs.load.finished(req).into_iter().collect();
    if req <= app.drop.reload {
        return jobs;
    }
    app.drop.reload = req;
    let count = |app: &App| app.stories.all.articles.len();
    let (view, cursor, before) = (app.view, app.sources.cursor, count(app));
    jobs.extend(drop::loaded(app, d));
    app.view = view;
    app.sources.cursor = cursor;
    if app.ui.message.is_none() && count(app) != before {
        app.ui.message = Some(format!(
            "drop changed: {} articles (was {before})",
            count(app)
        ));
    }
    jobs
}

/// A triage scan finished: show it unless a newer one is already shown.
pub fn triaged(app: &mut App, req: u64, t: Triaged) -> Vec<Job> {
    let mut jobs: Vec<Job> = app.jobs.triage.finished(req).into_iter().collect();
    if req <= app.triage.shown {
        return jobs;
    }
    // Saved pins that differ from those the drop was aligned with (they arrived after the
    // drop loaded, or another session saved some): align again with them.
    if t.pins != app.triage.pins && app.triage.saving_pins == 0 {
        app.triage.pins = t.pins.clone();
        // Before the stories are aligned, aligning them takes the pins.
        if !app.drop.loading && !app.stories.list.is_empty() {
            jobs.extend(drop::realign(app));
        }
    }
    if t.outlet_names != app.triage.outlet_names {
        app.triage.outlet_names = t.outlet_names.clone();
        super::outlets::rename_shown(app);
    }
    let s = &mut app.triage;
    s.shown = req;
    s.folder = t.folder;
    s.parent = t.parent;
    if t.state.is_some() {
        s.state = t.state;
    }
    match t.result {
        Ok(r) => {
            s.report = Some(r);
            s.error = None;
        }
        Err(e) => s.error = Some(e),
    }
    jobs.extend(super::stories::triage_settled(app));
    clamp(app);
    // Refinement waits for triage to open the state that keeps the embeddings.
    jobs.extend(super::semantic::maybe_refine(app));
    jobs
}

/// Keep the cursor on a row.
fn clamp(app: &mut App) {
    let n = app.triage.rows().len();
    app.triage.cursor = app.triage.cursor.min(n.saturating_sub(1));
}

/// The Triage view's commands.
pub fn command(app: &mut App, c: Command) -> Vec<Job> {
    let n = app.triage.rows().len();
    let page =
        layout::list_rows(layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body);
    if let Some(to) = movement(c, app.triage.cursor, n, page) {
        app.triage.cursor = to;
        return Vec::new();
    }
    let job = match c {
        Command::ToggleRead => toggle(app, Flag::Read),
        Command::ToggleStar => toggle(app, Flag::Starred),
        Command::ToggleArchive => toggle(app, Flag::Archived),
        Command::FilterVerdict => {
            const CYCLE: [Option<Verdict>; 6] = [
                None,
                Some(Verdict::Duplicate),
                Some(Verdict::NearDuplicate),
                Some(Verdict::Revision),
                Some(Verdict::SameStory),
                Some(Verdict::NewStory),
            ];
            let at = CYCLE
                .iter()
                .position(|v| *v == app.triage.verdict)
                .unwrap_or(0);
            app.triage.verdict = CYCLE[(at + 1) % CYCLE.len()];
            app.triage.cursor = 0;
            None
        }
        Command::FilterStory => {
            let ids: Vec<u64> = app
                .triage
                .report
                .as_ref()
                .map(|r| r.stories.iter().map(|s| s.id).collect())
                .unwrap_or_default();
            app.triage.story = match app.triage.story {
                None => ids.first().copied(),
                Some(cur) => ids.iter().skip_while(|&&i| i != cur).nth(1).copied(),
            };
            app.triage.cursor = 0;
            None
        }
        Command::Open => return open(app),
        Command::MarkSeen if app.triage.report.is_some() => {
            let req = app.jobs.next_req();
            let job = Job::Triage(TriageJob::MarkSeen { req });
            app.ui.message = Some("every file marked seen".into());
            app.jobs.triage.request(req, job)
        }
        _ => None,
    };
    job.into_iter().collect()
}

/// Flip a flag of the current item here at once, and save it on the worker. Read is keyed by
/// content, as the store keeps it: copies with the same text change with it.
fn toggle(app: &mut App, flag: Flag) -> Option<Job> {
    let item = app.triage.current()?.clone();
    let report = Arc::make_mut(app.triage.report.as_mut()?);
    let on = match flag {
        Flag::Read => !item.read,
        Flag::Starred => !item.starred,
        Flag::Archived => !item.archived,
    };
    for it in &mut report.items {
        match flag {
            Flag::Read if it.text_hash == item.text_hash || it.path == item.path => it.read = on,
            Flag::Starred if it.path == item.path => it.starred = on,
            Flag::Archived if it.path == item.path => it.archived = on,
            _ => {}
        }
    }
    Some(Job::Triage(TriageJob::SetFlag {
        path: item.path,
        flag,
        on,
    }))
}

/// `(old, new)` when one of the shown articles `a`, `b` is, by triage, a revision of the other.
pub fn revision_pair(app: &App, a: usize, b: usize) -> Option<(usize, usize)> {
    ordered_pair(app, a, b, |item, old| {
        item.verdict == Some(Verdict::Revision) && item.of.iter().any(|o| same_path(o, old))
    })
}

/// `(source, copy)` when one of the shown articles `a`, `b` reuses the other, by triage's
/// derivation (verbatim or rewritten sentences credited to it).
pub fn source_pair(app: &App, a: usize, b: usize) -> Option<(usize, usize)> {
    ordered_pair(app, a, b, |item, source| {
        item.derived_from.iter().any(|d| same_path(&d.path, source))
    })
}

/// `(earlier, later)` of articles `a`, `b` when the triage item of one (`later`) stands in
/// relation `to` the other's path (`earlier`).
fn ordered_pair(
    app: &App,
    a: usize,
    b: usize,
    to: impl Fn(&crate::triage::Item, &str) -> bool,
) -> Option<(usize, usize)> {
    let items = &app.triage.report.as_ref()?.items;
    let path = |x: usize| app.drop.drop.articles.get(x).map(|art| art.path.as_str());
    let relates = |later: usize, earlier: usize| {
        let (lp, ep) = (path(later)?, path(earlier)?);
        items
            .iter()
            .find(|i| same_path(&i.path, lp))
            .filter(|i| to(i, ep))
            .map(|_| (earlier, later))
    };
    relates(a, b).or_else(|| relates(b, a))
}

/// Open the current item in Compare (in its story), with the article it duplicates or revises
/// (the first of its `of`), or for an article of the story that reuses others its largest
/// source, as the previous panel next to it (when in the same story): Tab-back, `p` (pin) and
/// `d` (the diff, source or old version on the left) work between the two.
fn open(app: &mut App) -> Vec<Job> {
    let Some(item) = app.triage.current().cloned() else {
        return Vec::new();
    };
    let in_whole = |app: &App, path: &str| {
        app.stories
            .all
            .articles
            .iter()
            .position(|a| same_path(&a.path, path))
    };
    let Some(whole) = in_whole(app, &item.path) else {
        app.ui.message = Some(format!("{} is not in the drop the app opened", item.path));
        return Vec::new();
    };
    // A revision opens at its first change, else at the first novel paragraph.
    let first_change = item
        .changes
        .as_ref()
        .filter(|_| item.verdict == Some(Verdict::Revision))
        .and_then(crate::triage::revision::first_change);
    let paragraph = first_change
        .or(item.novel_paragraphs.first().copied())
        .unwrap_or(0);
    let jobs = super::stories::goto_anywhere(
        app,
        Member {
            article: whole,
            paragraph,
        },
    );
    let Some(article) = super::stories::local(app, whole) else {
        return jobs;
    };
    let derived = !matches!(
        item.derivation,
        None | Some(crate::triage::derivation::DerivationClass::Independent)
    );
    let copy_of = matches!(
        item.verdict,
        Some(Verdict::Duplicate | Verdict::NearDuplicate | Verdict::Revision)
    );
    let source = item.derived_from.first().filter(|_| derived && !copy_of);
    let other = source
        .map(|d| &d.path)
        .or(item.of.first())
        .and_then(|p| in_whole(app, p))
        .and_then(|o| super::stories::local(app, o));
    if let Some(o) = other.filter(|&o| o != article) {
        app.compare.previous = Some(o);
        app.compare.first = article.min(o);
    }
    jobs
}
