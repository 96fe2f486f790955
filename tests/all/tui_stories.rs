//! The app on a many-story drop, without a terminal: a temp copy of tests/fixtures/stories
//! (two trials, two earthquakes, two rounds of talks; 19 articles), triaged on one kept worker
//! as the app's triage thread does. It opens on the Stories list; Enter shows one story in the
//! other views; esc comes back; search and Triage reach any story.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use parallax::triage::drop_stories::DropStory;
use parallax::tui::keymap::parse_keys;
use parallax::tui::worker::TriageWorker;
use parallax::tui::{handle_key, render, start, update, Action, App, Config, Job, View};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::common::drops::stories_copy;

fn settle(app: &mut App, worker: &mut TriageWorker, jobs: Vec<Job>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        queue.extend(update(app, job.run_with(worker)));
    }
}

fn keys(app: &mut App, worker: &mut TriageWorker, config: &Config, keys: &str) {
    for k in parse_keys(keys).unwrap() {
        let jobs = handle_key(app, &config.keymap, k);
        settle(app, worker, jobs);
    }
}

fn screen(app: &App, config: &Config) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, config)).unwrap();
    t.backend().to_string()
}

/// The fixture drop opened in the app (with triage), everything it starts with run to the end.
struct Opened {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    app: App,
    worker: TriageWorker,
}

fn open(w: u16, h: u16, leave_out: &[&str]) -> Opened {
    let (tmp, dir, state) = stories_copy();
    for f in leave_out {
        std::fs::remove_file(dir.join(f)).unwrap();
    }
    let mut worker = TriageWorker::default();
    let mut app = App::new(vec![dir.clone()], w, h);
    let jobs = start(&mut app, Some(state));
    settle(&mut app, &mut worker, jobs);
    Opened {
        _tmp: tmp,
        dir,
        app,
        worker,
    }
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The event a fixture file reports: its name less the outlet number (`court_hale`).
fn event(path: &str) -> String {
    let name = file_name(path);
    let stem = name.trim_end_matches(".txt");
    stem.rsplit_once('_').map(|(e, _)| e.to_string()).unwrap()
}

/// The file names of the articles the other views show.
fn shown(app: &App) -> Vec<String> {
    app.drop
        .drop
        .articles
        .iter()
        .map(|a| file_name(&a.path))
        .collect()
}

fn story_files(app: &App, s: &DropStory) -> Vec<String> {
    s.articles
        .iter()
        .map(|&a| file_name(&app.stories.all.articles[a].path))
        .collect()
}

#[test]
fn a_many_story_drop_opens_on_the_stories_list_with_triage_ids() {
    let o = open(120, 30, &[]);
    let app = &o.app;
    assert_eq!(app.view, View::Stories);
    assert_eq!(app.stories.all.articles.len(), 19);
    assert_eq!(app.stories.list.len(), 6, "{:#?}", app.stories.list);
    let report = app.triage.report.as_ref().expect("triage ran");
    for s in &app.stories.list {
        let events: Vec<String> = s
            .articles
            .iter()
            .map(|&a| event(&app.stories.all.articles[a].path))
            .collect();
        assert!(events.iter().all(|e| *e == events[0]), "{events:?}");
        // The id is triage's for every article of the story.
        for &a in &s.articles {
            let path = &app.stories.all.articles[a].path;
            let item = report
                .items
                .iter()
                .find(|it| Path::new(&it.path) == Path::new(path))
                .unwrap();
            assert_eq!(item.story, Some(s.id as u64), "{path}");
        }
    }
    // Largest first: Malatya's three reports and its follow-up lead.
    assert_eq!(app.stories.summaries[0].articles, 4);
    assert!(app.stories.summaries.iter().all(|s| s.fresh == s.articles));
    assert!(app.stories.summaries.iter().all(|s| s.disputed.is_some()));
}

#[test]
fn enter_shows_one_story_in_every_view_and_esc_comes_back() {
    let mut o = open(120, 30, &[]);
    let config = Config::defaults(false);
    keys(&mut o.app, &mut o.worker, &config, "jj<enter>");
    let app = &o.app;
    assert_eq!(app.view, View::Sources);
    assert_eq!(app.stories.open, 2);
    let story = app.stories.list[2].clone();
    assert_eq!(shown(app), story_files(app, &story));
    let al = app.drop.alignment.clone().expect("the story is aligned");
    let n = app.drop.len();
    assert!(al
        .groups
        .iter()
        .all(|g| g.members.iter().all(|m| m.article < n)));
    assert!(al.links.iter().all(|l| l.a.article < n && l.b.article < n));
    let sources = screen(app, &config);
    assert!(
        sources.contains(&format!("Sources · story {}", story.id)),
        "{sources}"
    );
    keys(&mut o.app, &mut o.worker, &config, "2");
    assert_eq!(o.app.view, View::Compare);
    assert_eq!(o.app.compare.cursor.len(), story.articles.len());
    keys(&mut o.app, &mut o.worker, &config, "<esc>");
    assert_eq!(o.app.view, View::Sources);
    keys(&mut o.app, &mut o.worker, &config, "<esc>");
    assert_eq!(o.app.view, View::Stories);
    assert_eq!(o.app.stories.cursor, 2);
    // Another story: the views follow.
    keys(&mut o.app, &mut o.worker, &config, "k<enter>");
    let other = o.app.stories.list[1].clone();
    assert_eq!(shown(&o.app), story_files(&o.app, &other));
}

#[test]
fn search_finds_a_paragraph_in_another_story_and_shows_that_story() {
    let mut o = open(120, 30, &[]);
    let config = Config::defaults(false);
    let hokkaido = |app: &App| {
        app.stories
            .list
            .iter()
            .position(|s| story_files(app, s)[0].starts_with("quake_hokkaido"))
            .unwrap()
    };
    let other = (hokkaido(&o.app) + 1) % o.app.stories.list.len();
    let down = "j".repeat(other);
    keys(
        &mut o.app,
        &mut o.worker,
        &config,
        &format!("{down}<enter>"),
    );
    assert!(!shown(&o.app)[0].starts_with("quake_hokkaido"));
    keys(&mut o.app, &mut o.worker, &config, "/hokkaido<enter>");
    assert_eq!(o.app.view, View::Compare);
    assert_eq!(o.app.stories.open, hokkaido(&o.app));
    assert!(shown(&o.app)
        .iter()
        .all(|f| f.starts_with("quake_hokkaido")));
    let msg = o.app.ui.message.clone().unwrap();
    assert!(
        msg.contains("paragraphs match") && msg.contains("story"),
        "{msg}"
    );
    // The hit is marked where the cursor landed.
    let m = parallax::align::Member {
        article: o.app.compare.focus,
        paragraph: o.app.compare.cursor[o.app.compare.focus],
    };
    assert!(o.app.is_search_hit(m));
}

#[test]
fn triage_opens_an_item_in_its_story() {
    let mut o = open(120, 30, &[]);
    let config = Config::defaults(false);
    keys(&mut o.app, &mut o.worker, &config, "<enter>6");
    assert_eq!(o.app.view, View::Triage);
    let first_story = o.app.stories.list[0].id;
    let row = o
        .app
        .triage
        .rows()
        .iter()
        .position(|&i| {
            let it = &o.app.triage.report.as_ref().unwrap().items[i];
            it.story != Some(first_story as u64)
        })
        .expect("an item of another story");
    let item = o.app.triage.report.as_ref().unwrap().items[o.app.triage.rows()[row]].clone();
    keys(&mut o.app, &mut o.worker, &config, &"j".repeat(row));
    keys(&mut o.app, &mut o.worker, &config, "<enter>");
    assert_eq!(o.app.view, View::Compare);
    assert_eq!(
        o.app.stories.shown_story().unwrap().id as u64,
        item.story.unwrap()
    );
    let focus = &o.app.drop.drop.articles[o.app.compare.focus];
    assert_eq!(Path::new(&focus.path), Path::new(&item.path));
}

#[test]
fn a_file_arriving_keeps_the_story_shown_and_every_id() {
    let follow_up = "quake_malatya_followup.txt";
    let mut o = open(120, 30, &[follow_up]);
    let config = Config::defaults(false);
    let before: Vec<(usize, Vec<String>)> = o
        .app
        .stories
        .list
        .iter()
        .map(|s| (s.id, story_files(&o.app, s)))
        .collect();
    let malatya = before
        .iter()
        .position(|(_, f)| f[0].starts_with("quake_malatya"))
        .unwrap();
    keys(
        &mut o.app,
        &mut o.worker,
        &config,
        &format!("{}<enter>", "j".repeat(malatya)),
    );
    let id = o.app.stories.shown_story().unwrap().id;
    std::fs::copy(
        Path::new("tests/fixtures/stories").join(follow_up),
        o.dir.join(follow_up),
    )
    .unwrap();
    let jobs = update(&mut o.app, Action::DropChanged);
    settle(&mut o.app, &mut o.worker, jobs);
    assert_eq!(o.app.view, View::Sources);
    assert_eq!(o.app.stories.shown_story().unwrap().id, id);
    assert!(
        shown(&o.app).contains(&follow_up.to_string()),
        "{:?}",
        shown(&o.app)
    );
    for (id, files) in &before {
        let now = o.app.stories.list.iter().find(|s| s.id == *id).unwrap();
        let now_files = story_files(&o.app, now);
        assert!(
            files.iter().all(|f| now_files.contains(f)),
            "story {id} changed"
        );
    }
    assert_eq!(o.app.stories.list.len(), before.len());
}

#[test]
fn a_one_story_drop_has_no_stories_tab() {
    let mut app = App::new(vec![PathBuf::from("seeds")], 120, 30);
    let jobs = vec![Job::Load(vec![PathBuf::from("seeds")])];
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        queue.extend(update(&mut app, job.run()));
    }
    assert_eq!(app.view, View::Sources);
    assert!(!app.stories.many());
    let top = screen(&app, &Config::defaults(false))
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        top.contains("1 Sources") && !top.contains("Stories"),
        "{top}"
    );
}

#[test]
fn stories_views_at_80x24_and_160x48() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut o = open(w, h, &[]);
        let config = Config::defaults(false);
        insta::assert_snapshot!(format!("stories_{w}x{h}"), screen(&o.app, &config));
        keys(&mut o.app, &mut o.worker, &config, "j<enter>");
        insta::assert_snapshot!(format!("story_sources_{w}x{h}"), screen(&o.app, &config));
    }
}
