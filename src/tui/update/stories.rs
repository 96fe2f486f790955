//! Stories: the whole drop is clustered and aligned story by story in the background; a drop of
//! one story is shown whole, as it always was; a drop of many opens on the Stories list, and
//! the other views show the story opened from it. Search and Triage reach any story.

use std::sync::Arc;

use crate::align::stories::story_alignment;
use crate::align::{DropAlignment, Member};
use crate::ingest::Drop;
use crate::triage::drop_stories::{report_stories, summaries, DropStory};
use crate::triage::pins;

use super::super::action::Command;
use super::super::app::{App, View};
use super::super::jobs::Job;
use super::super::layout;
use super::{compare, drop, movement, semantic};

/// At most this many articles have their stories joined across languages in the app itself.
const JOIN_IN_APP: usize = 200;

/// Find and align the stories of the whole drop: triage's stories when its report is in
/// (their ids stay put while files arrive), else the same clustering run on the worker, joined
/// across languages with the multilingual model. While a triage scan runs, wait for it
/// ([`triage_settled`]).
pub fn align_all(app: &mut App) -> Option<Job> {
    let t = &app.jobs.triage;
    if t.running.is_some() || t.queued.is_some() {
        app.stories.waiting = true;
        return None;
    }
    app.stories.waiting = false;
    let drop = app.stories.all.clone();
    if drop.articles.is_empty() {
        app.stories.list.clear();
        app.stories.summaries.clear();
        return None;
    }
    let pins = pins::resolve(&app.triage.pins, &drop.articles);
    let stories = app
        .triage
        .report
        .as_ref()
        .and_then(|r| report_stories(r, &drop.articles));
    // Joining embeds every article's lead before the stories show: worth it for a small
    // drop; a large one (a folder) gets its stories joined by the triage scan instead.
    let across = match stories {
        None if drop.articles.len() <= JOIN_IN_APP
            && crate::language::mixes_languages(&drop.articles) =>
        {
            app.semantic.multilingual.clone()
        }
        _ => None,
    };
    let req = app.jobs.next_req();
    let job = Job::AlignStories {
        req,
        drop,
        pins,
        stories,
        across,
    };
    app.jobs.align_stories.request(req, job)
}

/// The drop's stories and their alignment arrived: list them, and show the story that was
/// shown (by id), else the first; a drop that turns out to hold many opens on the list.
pub fn aligned(
    app: &mut App,
    req: u64,
    mut stories: Vec<DropStory>,
    alignment: Arc<DropAlignment>,
) -> Vec<Job> {
    let mut jobs: Vec<Job> = app.jobs.align_stories.finished(req).into_iter().collect();
    if req < app.stories.epoch {
        return jobs;
    }
    let s = &mut app.stories;
    let first = s.list.is_empty();
    let open_id = s.shown_story().map(|st| st.id);
    let cursor_id = s.list.get(s.cursor).map(|st| st.id);
    // Largest first: the stories most outlets carry lead; ties by id, so the order holds.
    stories.sort_by_key(|st| (std::cmp::Reverse(st.articles.len()), st.id));
    s.list = stories;
    s.alignment = Some(alignment.clone());
    s.shown.clear();
    let at = |id: Option<usize>| id.and_then(|id| s.list.iter().position(|st| st.id == id));
    s.cursor = at(cursor_id).unwrap_or(0);
    let same_story = at(open_id);
    s.open = same_story.unwrap_or(0);
    // Clustered before triage's report was in: take its ids, or align again by its stories.
    jobs.extend(report_arrived(app));
    if !app.stories.many() {
        // One story: the whole drop, shown as loaded; only its alignment is new.
        if !Arc::ptr_eq(&app.drop.drop, &app.stories.all) {
            drop::show(app, app.stories.all.clone());
        }
        drop::aligned(app, alignment);
        jobs.extend(semantic::lexical_shown(app));
        if app.view == View::Stories {
            app.view = View::Sources;
        }
        return jobs;
    }
    // Opened on a drop of many stories: start on their list. Stories that appear later (files
    // landing) leave the reader where they are.
    if first && app.view == View::Sources {
        app.view = View::Stories;
    }
    let keep = (app.view, app.sources.cursor);
    jobs.extend(show(app, app.stories.open));
    if same_story.is_some() {
        // The story the reader was in, reloaded: stay where they were.
        (app.view, app.sources.cursor) = keep;
    }
    jobs
}

/// A triage scan finished (or failed): find the stories that waited for it, else check the
/// stories shown against its report.
pub fn triage_settled(app: &mut App) -> Option<Job> {
    if app.stories.waiting {
        align_all(app)
    } else {
        report_arrived(app)
    }
}

/// Triage's report arrived: take its story ids and labels, or align again when its stories
/// group the articles differently from those shown.
pub fn report_arrived(app: &mut App) -> Option<Job> {
    let Some(report) = app.triage.report.clone() else {
        summarise(app);
        return None;
    };
    if app.stories.list.is_empty() || app.jobs.align_stories.running.is_some() {
        summarise(app);
        return None;
    }
    let Some(theirs) = report_stories(&report, &app.stories.all.articles) else {
        // The scan predates a file of the drop: the next one places it.
        summarise(app);
        return None;
    };
    let key = |l: &[DropStory]| {
        let mut k: Vec<&[usize]> = l.iter().map(|s| s.articles.as_slice()).collect();
        k.sort();
        k.into_iter().map(<[usize]>::to_vec).collect::<Vec<_>>()
    };
    if key(&theirs) != key(&app.stories.list) {
        return align_all(app);
    }
    for st in &mut app.stories.list {
        if let Some(t) = theirs.iter().find(|t| t.articles == st.articles) {
            if t.id != st.id {
                if let Some(al) = app.stories.shown.remove(&st.id) {
                    app.stories.shown.insert(t.id, al);
                }
            }
            st.id = t.id;
            st.label = t.label.clone();
        }
    }
    summarise(app);
    None
}

/// What the Stories list shows of each story.
fn summarise(app: &mut App) {
    let s = &mut app.stories;
    let marks = s
        .alignment
        .as_ref()
        .map(|al| al.paragraph_marks(&s.all.articles));
    s.summaries = summaries(
        &s.list,
        &s.all.articles,
        marks.as_deref(),
        app.triage.report.as_deref(),
    );
}

/// Show story `index` of the list in the other views: its articles, and its alignment (made
/// while it was shown before, else cut from the drop's).
pub fn show(app: &mut App, index: usize) -> Vec<Job> {
    let Some(story) = app.stories.list.get(index).cloned() else {
        return Vec::new();
    };
    app.stories.open = index;
    let all = &app.stories.all;
    let sub = Arc::new(Drop {
        articles: story
            .articles
            .iter()
            .filter_map(|&a| all.articles.get(a).cloned())
            .collect(),
        warnings: all.warnings.clone(),
    });
    let cached = app.stories.shown.get(&story.id).cloned();
    drop::show(app, sub);
    let mut jobs = Vec::new();
    match (cached, app.stories.alignment.clone()) {
        (Some(al), _) => drop::aligned(app, al),
        (None, Some(whole)) => {
            drop::aligned(app, Arc::new(story_alignment(&whole, &story.articles)));
            // Pins saved after the drop was aligned are the story's to apply now.
            if !app.drop.pins.is_empty() || !app.drop.unpins.is_empty() {
                jobs.extend(drop::realign(app));
                return jobs;
            }
        }
        (None, None) => return jobs,
    }
    jobs.extend(semantic::lexical_shown(app));
    jobs
}

/// The Stories view's commands: move, and Enter shows the story in Sources.
pub fn command(app: &mut App, c: Command) -> Vec<Job> {
    let n = app.stories.list.len();
    let page =
        layout::list_rows(layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body);
    if let Some(to) = movement(c, app.stories.cursor, n, page) {
        app.stories.cursor = to;
        return Vec::new();
    }
    if c != Command::Open || n == 0 {
        return Vec::new();
    }
    let jobs = if app.stories.cursor == app.stories.open {
        Vec::new()
    } else {
        show(app, app.stories.cursor)
    };
    app.view = View::Sources;
    jobs
}

/// Jump to paragraph `m` given in the whole drop's indices (a search hit, a triage item),
/// showing its story first when it is another.
pub fn goto_anywhere(app: &mut App, m: Member) -> Vec<Job> {
    let mut jobs = Vec::new();
    if app.stories.many() {
        let in_shown = app
            .stories
            .shown_story()
            .is_some_and(|s| s.articles.contains(&m.article));
        if !in_shown {
            let Some(i) = app.stories.story_of(m.article) else {
                return jobs;
            };
            app.stories.cursor = i;
            jobs.extend(show(app, i));
        }
    }
    if let Some(local) = local(app, m.article) {
        compare::open_at(
            app,
            Member {
                article: local,
                paragraph: m.paragraph,
            },
        );
    }
    jobs
}

/// Article `a` of the whole drop as an index into the articles shown (the inverse of
/// [`App::in_whole_drop`]).
pub fn local(app: &App, a: usize) -> Option<usize> {
    if !app.stories.many() {
        return (a < app.drop.len()).then_some(a);
    }
    app.stories
        .shown_story()?
        .articles
        .iter()
        .position(|&x| x == a)
}
