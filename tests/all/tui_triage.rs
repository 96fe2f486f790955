//! The app's Triage view and watching, without a terminal: a temp copy of the seeds (marked
//! seen) plus triage fixtures, a state file beside it, triage jobs run on one kept worker as the
//! app's triage thread does. Expected verdicts come from tests/fixtures/triage/README.md.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parallax::triage::{self, Status, Store, Verdict};
use parallax::tui::keymap::parse_keys;
use parallax::tui::worker::TriageWorker;
use parallax::tui::{handle_key, render, start, update, Action, App, Config, Job, View};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A temp drop folder holding the seeds, marked seen, and a state file outside it.
struct Drop {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    state: PathBuf,
}

impl Drop {
    fn seeds_seen() -> Drop {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        for e in std::fs::read_dir("seeds").unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
        let state = tmp.path().join("state").join("triage.db");
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        triage::scan(&mut s).unwrap();
        triage::mark_seen(&mut s).unwrap();
        Drop {
            _tmp: tmp,
            dir,
            state,
        }
    }

    /// A temp drop of the reuse fixtures (tests/fixtures/reuse: a wire story, copies and
    /// rewrites of it whose sources are known), all new.
    fn reuse_fixtures() -> Drop {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        for e in std::fs::read_dir("tests/fixtures/reuse").unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
            }
        }
        let state = tmp.path().join("state").join("triage.db");
        Drop {
            _tmp: tmp,
            dir,
            state,
        }
    }

    fn add(&self, fixture: &str) {
        let from = Path::new("tests/fixtures/triage").join(fixture);
        std::fs::copy(from, self.dir.join(fixture)).unwrap();
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// The app opened on the folder, with everything it starts with run to the end.
    fn app(&self, worker: &mut TriageWorker) -> App {
        let mut app = App::new(vec![self.dir.clone()], 120, 30);
        let jobs = start(&mut app, Some(self.state.clone()));
        settle(&mut app, worker, jobs);
        app
    }
}

/// Run jobs inline until none are left, triage jobs on `worker` (which keeps its store).
fn settle(app: &mut App, worker: &mut TriageWorker, jobs: Vec<Job>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        let action = job.run_with(worker);
        if let Action::Saved(r) = &action {
            assert!(r.is_ok(), "saving a flag failed: {r:?}");
        }
        queue.extend(update(app, action));
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

fn article_index(app: &App, path: &str) -> usize {
    app.drop
        .drop
        .articles
        .iter()
        .position(|a| Path::new(&a.path) == Path::new(path))
        .unwrap_or_else(|| panic!("{path} not loaded"))
}

#[test]
fn new_files_come_first_with_their_verdicts_and_the_sources_badge() {
    let d = Drop::seeds_seen();
    d.add("duplicate_of_003.txt");
    d.add("revision_of_004.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    assert_eq!(app.drop.len(), 7);
    keys(&mut app, &mut w, &config, "6");
    assert_eq!(app.view, View::Triage);
    let report = app.triage.report.clone().expect("a triage report");
    let rows = app.triage.rows();
    assert_eq!(rows.len(), 7, "every file listed without filters");
    let first: Vec<(&str, Status, Option<Verdict>)> = rows[..2]
        .iter()
        .map(|&i| {
            let it = &report.items[i];
            (it.path.as_str(), it.status, it.verdict)
        })
        .collect();
    let dup = d.path("duplicate_of_003.txt");
    let rev = d.path("revision_of_004.txt");
    assert_eq!(
        first,
        vec![
            (dup.as_str(), Status::New, Some(Verdict::Duplicate)),
            (rev.as_str(), Status::New, Some(Verdict::Revision)),
        ]
    );
    assert!(report.items[rows[2]].status == Status::Seen);
    let text = screen(&app, &config);
    assert!(text.contains("duplicate of "), "{text}");
    assert!(text.contains("revision substantive"), "{text}");
    assert!(!text.contains("unavailable"), "{text}");
    // The help overlay lists the Triage keys from the live keymap.
    keys(&mut app, &mut w, &config, "?");
    let text = screen(&app, &config);
    assert!(text.contains("Keys: Triage"), "{text}");
    for line in ["mark read / unread", "filter by verdict", "filter by story"] {
        assert!(text.contains(line), "{line:?} missing from help:\n{text}");
    }
    keys(&mut app, &mut w, &config, "<esc>");
    // Sources: exactly the two new articles carry the badge.
    keys(&mut app, &mut w, &config, "1");
    let badged = |app: &App| {
        screen(app, &config)
            .lines()
            .filter(|l| l.trim_start_matches('"').starts_with("│new"))
            .count()
    };
    assert_eq!(badged(&app), 2, "{}", screen(&app, &config));
    // Marked seen from the app: nothing is new any more, here and in the store.
    keys(&mut app, &mut w, &config, "6M1");
    assert_eq!(badged(&app), 0, "{}", screen(&app, &config));
    drop(w);
    let again = triage::scan(&mut Store::open(&d.dir, Some(&d.state)).unwrap()).unwrap();
    assert!(again.items.iter().all(|it| it.status == Status::Seen));
}

#[test]
fn flags_are_saved_in_the_store_and_read_follows_the_text() {
    let d = Drop::seeds_seen();
    d.add("duplicate_of_003.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "6");
    let dup = d.path("duplicate_of_003.txt");
    assert_eq!(app.triage.current().unwrap().path, dup);
    keys(&mut app, &mut w, &config, "rs");
    let cur = app.triage.current().unwrap();
    assert!(cur.read && cur.starred && !cur.archived);
    // The seed it duplicates reads as read too, here and in the store.
    let seed = d.path("003_e3b044bbee90a5bb.txt");
    let report = app.triage.report.clone().unwrap();
    assert!(report.items.iter().any(|it| it.path == seed && it.read));
    drop(w); // the worker's store is closed before reopening, as when the app quits
    let mut store = Store::open(&d.dir, Some(&d.state)).unwrap();
    let again = triage::scan(&mut store).unwrap();
    let get = |p: &str| again.items.iter().find(|it| it.path == p).unwrap().clone();
    assert!(get(&dup).read && get(&dup).starred && !get(&dup).archived);
    assert!(get(&seed).read && !get(&seed).starred);
    // And toggling back clears it.
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "6s");
    assert!(!app.triage.current().unwrap().starred);
    drop(w);
    let again = triage::scan(&mut Store::open(&d.dir, Some(&d.state)).unwrap()).unwrap();
    assert!(
        !again
            .items
            .iter()
            .find(|it| it.path == dup)
            .unwrap()
            .starred
    );
}

#[test]
fn enter_opens_the_item_in_compare_next_to_what_it_duplicates() {
    let d = Drop::seeds_seen();
    d.add("revision_of_004.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "6<enter>");
    let rev = article_index(&app, &d.path("revision_of_004.txt"));
    let seed = article_index(&app, &d.path("004_7c10115e6b663d8e.txt"));
    assert_eq!(app.view, View::Compare);
    assert_eq!(app.compare.focus, rev);
    assert_eq!(app.compare.previous, Some(seed));
    // A revision opens at its first change (the edited paragraph 4), not its novel one.
    let item = app.triage.current().unwrap();
    let first = parallax::triage::revision::first_change(item.changes.as_ref().unwrap());
    assert_eq!(Some(app.compare.cursor[rev]), first);
    assert_eq!(first, Some(4));
}

#[test]
fn a_revision_opens_old_to_new_at_its_first_change_and_d_diffs_it_that_way() {
    let d = Drop::seeds_seen();
    d.add("revision_of_004.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    // The row says what changed: paragraph 4 (¶5) edited, paragraph 22 (¶23) added.
    keys(&mut app, &mut w, &config, "6");
    let row = screen(&app, &config);
    let item = app.triage.current().unwrap().clone();
    assert_eq!(item.verdict, Some(Verdict::Revision));
    let summary = item.changes.as_ref().unwrap().summary.join("; ");
    assert!(
        summary.starts_with("¶5: ") && summary.ends_with("¶23 added"),
        "{summary}"
    );
    assert!(row.contains(&format!("{summary} · ")), "{row}");
    keys(&mut app, &mut w, &config, "<enter>");
    let rev = article_index(&app, &d.path("revision_of_004.txt"));
    let old = article_index(&app, &d.path("004_7c10115e6b663d8e.txt"));
    assert_eq!(app.view, View::Compare);
    // Old on the left, new beside it, the cursor on the first change (the edited ¶5).
    let panes = parallax::tui::panes::panes(&app);
    let x = |a: usize| panes.iter().find(|p| p.article == a).map(|p| p.rect.x);
    assert!(x(old).unwrap() < x(rev).unwrap(), "old left of new");
    assert_eq!((app.compare.focus, app.compare.cursor[rev]), (rev, 4));
    keys(&mut app, &mut w, &config, "d");
    assert_eq!(app.view, View::Diff);
    assert_eq!(app.diff.pair, Some((old, rev)), "the diff reads old → new");
    let row = &app.diff.rows[app.diff.cursor];
    assert!(
        row.is_change(),
        "the cursor starts on the first change: {row:?}"
    );
    assert_eq!((row.left, row.right), (Some(4), Some(4)));
    let text = screen(&app, &config);
    assert!(
        text.contains("late on Tuesday night"),
        "the added words show on the right: {text}"
    );
}

#[test]
fn filters_by_verdict_and_story() {
    let d = Drop::seeds_seen();
    d.add("duplicate_of_003.txt");
    d.add("new_story_floods.txt");
    d.add("floods_second_outlet.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "6v");
    assert_eq!(app.triage.verdict, Some(Verdict::Duplicate));
    let report = app.triage.report.clone().unwrap();
    let paths = |app: &App| -> Vec<String> {
        app.triage
            .rows()
            .iter()
            .map(|&i| report.items[i].path.clone())
            .collect()
    };
    assert_eq!(paths(&app), vec![d.path("duplicate_of_003.txt")]);
    keys(&mut app, &mut w, &config, "vvvvv");
    assert_eq!(
        app.triage.verdict, None,
        "the cycle comes back to no filter"
    );
    // Story filter: the first story, then the second, then none.
    assert_eq!(report.stories.len(), 2, "{:?}", report.stories);
    for story in &report.stories {
        keys(&mut app, &mut w, &config, "t");
        assert_eq!(app.triage.story, Some(story.id));
        let mut shown = paths(&app);
        shown.sort();
        let mut members = story.members.clone();
        members.sort();
        assert_eq!(shown, members);
    }
    keys(&mut app, &mut w, &config, "t");
    assert_eq!(app.triage.story, None);
    assert_eq!(app.triage.rows().len(), 8);
}

#[test]
fn opened_on_files_triage_says_it_uses_their_folder() {
    let d = Drop::seeds_seen();
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let file = d.dir.join("000_61c82fb66aab7e52.txt");
    let mut app = App::new(vec![file], 160, 30);
    let jobs = start(&mut app, Some(d.state.clone()));
    settle(&mut app, &mut w, jobs);
    assert_eq!(app.drop.len(), 1);
    assert_eq!(app.triage.folder.as_deref(), Some(d.dir.as_path()));
    assert!(app.triage.parent);
    keys(&mut app, &mut w, &config, "6");
    assert!(screen(&app, &config).contains("the parent of the files opened"));
    // Nothing triage can use: the view says so instead of a list.
    let mut app = App::new(vec![d.dir.join("missing.txt")], 120, 30);
    let jobs = start(&mut app, Some(d.state.clone()));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    keys(&mut app, &mut w, &config, "6");
    let text = screen(&app, &config);
    assert!(text.contains("triage unavailable"), "{text}");
}

// ---- watching: the state machine ---------------------------------------------------------------

fn reloads(jobs: &[Job]) -> usize {
    jobs.iter()
        .filter(|j| matches!(j, Job::Reload { .. }))
        .count()
}

#[test]
fn a_burst_of_changes_starts_one_reload_and_queues_one() {
    let d = Drop::seeds_seen();
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    let mut started = Vec::new();
    for _ in 0..500 {
        started.extend(update(&mut app, Action::DropChanged));
    }
    assert_eq!(reloads(&started), 1, "one reload runs");
    let scans = started
        .iter()
        .filter(|j| matches!(j, Job::Triage(_)))
        .count();
    assert_eq!(scans, 1, "one scan runs");
    assert!(app.jobs.load.queued.is_some() && app.jobs.triage.queued.is_some());
    // A file lands; the running reload finishes and the queued one (the newest) starts.
    d.add("duplicate_of_003.txt");
    let mut next = Vec::new();
    for job in started {
        next.extend(update(&mut app, job.run_with(&mut w)));
    }
    assert_eq!(reloads(&next), 1, "the queued reload starts next");
    assert!(app.jobs.load.queued.is_none());
    settle(&mut app, &mut w, next);
    assert_eq!(app.drop.len(), 6);
    assert!(
        app.drop.alignment.is_some(),
        "the new drop is aligned again"
    );
    assert!(app.triage.is_fresh(&d.path("duplicate_of_003.txt")));
    assert!(!app.jobs.busy());
}

#[test]
fn a_late_stale_reload_or_alignment_is_dropped() {
    let d = Drop::seeds_seen();
    let mut w = TriageWorker::default();
    let mut app = App::new(vec![d.dir.clone()], 120, 30);
    let first = start(&mut app, Some(d.state.clone()));
    // Triage opens, then the start-up load lands (its stories then need not wait for a scan);
    // its drop alignment is held back to arrive late.
    let opened = first[1].clone().run_with(&mut w);
    assert!(update(&mut app, opened).is_empty());
    let loaded = first[0].clone().run_with(&mut w);
    let align_old = update(&mut app, loaded);
    assert!(matches!(align_old.as_slice(), [Job::AlignStories { .. }]));
    // Two changes: reload 1 runs, reload 2 queued; so do their scans.
    let r1 = update(&mut app, Action::DropChanged);
    let r2 = update(&mut app, Action::DropChanged);
    assert_eq!((reloads(&r1), reloads(&r2)), (1, 0));
    let scans: Vec<Job> = r1
        .iter()
        .filter(|j| matches!(j, Job::Triage(_)))
        .cloned()
        .collect();
    d.add("duplicate_of_003.txt");
    let old = r1
        .into_iter()
        .find(|j| matches!(j, Job::Reload { .. }))
        .unwrap();
    let stale = old.clone().run_with(&mut w);
    // Reload 1 finishes; reload 2 starts and finishes first.
    let mut after = update(&mut app, stale.clone());
    let newest = after
        .iter()
        .position(|j| matches!(j, Job::Reload { .. }))
        .map(|i| after.remove(i))
        .unwrap();
    let fresh = newest.run_with(&mut w);
    let Action::Reloaded { req: fresh_req, .. } = &fresh else {
        panic!("a reload reports Reloaded");
    };
    let fresh_req = *fresh_req;
    let aligns = update(&mut app, fresh);
    assert_eq!(app.drop.reload, fresh_req);
    let shown = Arc::clone(&app.drop.drop);
    // The older reload arriving again late changes nothing.
    update(&mut app, stale);
    assert!(Arc::ptr_eq(&shown, &app.drop.drop));
    assert_eq!(app.drop.reload, fresh_req);
    // The new drop's stories wait for the rescan (to come with its ids); the start-up
    // alignment (for the drop before the reload) is dropped when it arrives.
    assert!(aligns.is_empty(), "the new drop's stories did not wait");
    let mut next = Vec::new();
    for job in align_old {
        next.extend(update(&mut app, job.run_with(&mut w)));
    }
    assert!(
        app.drop.alignment.is_none(),
        "an alignment of the old drop was applied"
    );
    assert!(next.is_empty(), "{next:?}");
    settle(&mut app, &mut w, scans);
    let al = app
        .drop
        .alignment
        .clone()
        .expect("the new drop's alignment");
    let max = al
        .groups
        .iter()
        .flat_map(|g| &g.members)
        .map(|m| m.article)
        .max();
    assert_eq!(max.map(|m| m < app.drop.len()), Some(true));
    assert_eq!(app.drop.len(), 6);
}

#[test]
fn a_late_start_up_load_does_not_replace_a_reload() {
    let d = Drop::seeds_seen();
    let mut w = TriageWorker::default();
    let mut app = App::new(vec![d.dir.clone()], 120, 30);
    let first = start(&mut app, Some(d.state.clone()));
    let startup = first[0].clone().run_with(&mut w); // loaded before the new file
    d.add("duplicate_of_003.txt");
    let jobs = update(&mut app, Action::DropChanged);
    settle(&mut app, &mut w, jobs);
    assert_eq!(app.drop.len(), 6);
    update(&mut app, startup);
    assert_eq!(
        app.drop.len(),
        6,
        "the older start-up load was shown over the reload"
    );
}

#[test]
fn triage_view_snapshot() {
    let d = Drop::seeds_seen();
    d.add("duplicate_of_003.txt");
    d.add("revision_of_004.txt");
    d.add("same_story_kyiv_view.txt");
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    app.ui.width = 140;
    keys(&mut app, &mut w, &config, "6jrs");
    // The temp folder's name differs per run: redact it, and the padding after it.
    let tmp = d._tmp.path().display().to_string();
    let text: Vec<String> = screen(&app, &config)
        .lines()
        .map(|l| {
            l.replace(&tmp, "<tmp>")
                .trim_end_matches('"')
                .trim_end()
                .to_string()
        })
        .collect();
    insta::assert_snapshot!("triage_140x30", text.join("\n"));
}

// ---- pins: saved with the drop, applied to the next alignment ----------------------------------

use parallax::align::{DropAlignment, Member};

fn grouped(al: &DropAlignment, x: Member, y: Member) -> bool {
    al.groups
        .iter()
        .any(|g| g.members.contains(&x) && g.members.contains(&y))
}

/// Put the Compare cursor on `from`, then on `to` (focus), with `from`'s panel as the previous
/// one, as Tab between panels leaves it; then press `key` (`p` or `P`).
fn pin_keys(app: &mut App, w: &mut TriageWorker, from: Member, to: Member, key: &str) {
    let config = Config::defaults(false);
    for m in [from, to] {
        let jobs = update(app, Action::OpenAt(m));
        settle(app, w, jobs);
    }
    app.compare.previous = Some(from.article);
    keys(app, w, &config, key);
}

#[test]
fn pins_are_saved_with_the_drop_and_constrain_the_next_alignment() {
    let d = Drop::seeds_seen();
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    let plain = app.drop.alignment.clone().unwrap();
    // Two unique paragraphs of different seeds, and two paragraphs the aligner grouped.
    let x = plain.unique[0];
    let y = *plain
        .unique
        .iter()
        .find(|m| m.article != x.article)
        .unwrap();
    let g = &plain.groups[0];
    let (a, b) = (g.members[0], g.members[1]);
    pin_keys(&mut app, &mut w, x, y, "p");
    assert!(app.ui.message.as_deref().unwrap().starts_with("pinned"));
    pin_keys(&mut app, &mut w, a, b, "P");
    assert!(app.ui.message.as_deref().unwrap().starts_with("unpinned"));
    assert_eq!(app.triage.pins.len(), 2);
    drop(w);
    // The store has both, keyed by file and paragraph text.
    let store = Store::open(&d.dir, Some(&d.state)).unwrap();
    let saved = store.pins().unwrap();
    assert_eq!(saved, app.triage.pins);
    assert_eq!(saved.len(), 2);
    assert!(saved.iter().any(|r| r.pinned) && saved.iter().any(|r| !r.pinned));
    drop(store);
    // A new file sorts first, so every article's index in the drop moves by one; it is a
    // story of its own, so the app opened again lists two stories and shows the seeds' (the
    // largest) with the pins the worker loads applied by the aligner.
    std::fs::write(
        d.dir.join("0000_first.txt"),
        "An unrelated note\n\nThe weather in Lisbon was mild on Tuesday, forecasters said.\n",
    )
    .unwrap();
    let mut w = TriageWorker::default();
    let app = d.app(&mut w);
    assert!(
        app.stories.many(),
        "the weather note joined the seeds' story"
    );
    let members = app.stories.shown_story().unwrap().articles.clone();
    let shift = |m: Member| Member {
        article: members
            .iter()
            .position(|&a| a == m.article + 1)
            .expect("the seeds' story is shown"),
        paragraph: m.paragraph,
    };
    let al = app.drop.alignment.clone().unwrap();
    assert!(
        grouped(&al, shift(x), shift(y)),
        "the pin did not reach the aligner"
    );
    assert!(
        !grouped(&al, shift(a), shift(b)),
        "the unpin did not reach the aligner"
    );
    assert!(app
        .drop
        .pins
        .contains(&(shift(x).min(shift(y)), shift(x).max(shift(y)))));
}

#[test]
fn undoing_a_pin_forgets_it_in_the_store() {
    let d = Drop::seeds_seen();
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    let plain = app.drop.alignment.clone().unwrap();
    let x = plain.unique[0];
    let y = *plain
        .unique
        .iter()
        .find(|m| m.article != x.article)
        .unwrap();
    pin_keys(&mut app, &mut w, x, y, "p");
    pin_keys(&mut app, &mut w, x, y, "P");
    assert!(app.triage.pins.is_empty(), "{:?}", app.triage.pins);
    drop(w);
    let store = Store::open(&d.dir, Some(&d.state)).unwrap();
    assert!(store.pins().unwrap().is_empty());
}

#[test]
fn a_scan_that_ran_before_a_pin_was_saved_does_not_undo_the_pin() {
    use parallax::tui::worker::TriageJob;
    let d = Drop::seeds_seen();
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    let plain = app.drop.alignment.clone().unwrap();
    let x = plain.unique[0];
    let y = *plain
        .unique
        .iter()
        .find(|m| m.article != x.article)
        .unwrap();
    for m in [x, y] {
        let jobs = update(&mut app, Action::OpenAt(m));
        settle(&mut app, &mut w, jobs);
    }
    app.compare.previous = Some(x.article);
    let key = parse_keys("p").unwrap()[0];
    let save = handle_key(&mut app, &config.keymap, key);
    assert!(matches!(
        save.as_slice(),
        [Job::Triage(TriageJob::SavePins { .. })]
    ));
    // The folder changed meanwhile; its scan ran on the worker before the save.
    let mut changed = update(&mut app, Action::DropChanged);
    let at = changed
        .iter()
        .position(|j| matches!(j, Job::Triage(_)))
        .unwrap();
    let scan = changed.remove(at);
    let stale = scan.run_with(&mut w);
    update(&mut app, stale);
    let pair = (x.min(y), x.max(y));
    assert_eq!(
        app.triage.pins.len(),
        1,
        "the scan's older copy replaced the pin"
    );
    assert!(app.drop.pins.contains(&pair));
    settle(&mut app, &mut w, save);
    assert_eq!(app.triage.saving_pins, 0);
    // The reload realigns the drop with the pin.
    settle(&mut app, &mut w, changed);
    assert_eq!(app.triage.pins.len(), 1);
    assert!(grouped(app.drop.alignment.as_ref().unwrap(), x, y));
}

#[test]
fn enter_on_a_rewrite_opens_it_beside_its_source_and_d_marks_the_copied_runs() {
    use parallax::tui::theme::Role;
    let d = Drop::reuse_fixtures();
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "6");
    let rewrite = d.path("rewrite_of_wire.txt");
    let row = app
        .triage
        .rows()
        .iter()
        .position(|&i| {
            let it = &app.triage.report.as_ref().unwrap().items[i];
            Path::new(&it.path) == Path::new(&rewrite)
        })
        .expect("the rewrite is a triage row");
    app.triage.cursor = row;
    let item = app.triage.current().unwrap().clone();
    // A rewrite is the same story, not a duplicate: only derivation knows its source, and
    // the story's first other article (`of`) is not it.
    assert_eq!(item.verdict, Some(Verdict::SameStory));
    assert!(
        !Path::new(&item.of[0]).ends_with("wire.txt"),
        "{:?}",
        item.of
    );
    assert!(
        Path::new(&item.derived_from[0].path).ends_with("wire.txt"),
        "{:?}",
        item.derived_from
    );
    keys(&mut app, &mut w, &config, "<enter>");
    assert_eq!(app.view, View::Compare);
    let (copy, wire) = (
        article_index(&app, &rewrite),
        article_index(&app, &d.path("wire.txt")),
    );
    assert_eq!(app.compare.focus, copy);
    assert_eq!(app.compare.previous, Some(wire), "its source is beside it");
    keys(&mut app, &mut w, &config, "d");
    assert_eq!(
        app.diff.pair,
        Some((wire, copy)),
        "the diff reads source → copy"
    );
    let roles = |lines: &Vec<Vec<parallax::tui::wrap::Seg>>| {
        // Line by line: a wrapped line's break leaves no space behind it.
        lines
            .iter()
            .map(|line| {
                line.iter()
                    .filter(|s| s.role == Role::Copied)
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let copied: Vec<(String, String)> = app
        .diff
        .rows
        .iter()
        .map(|r| (roles(&r.left_lines), roles(&r.right_lines)))
        .filter(|(l, _)| !l.trim().is_empty())
        .collect();
    assert!(
        !copied.is_empty(),
        "no copied run marked: {:?}",
        app.diff.rows
    );
    // The marked runs are the same words on both sides (moved ones too), three or more.
    for (l, r) in &copied {
        let words = |t: &str| {
            // Compared as the tiling compares them: case and punctuation aside.
            let mut w: Vec<String> = t
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            w.sort();
            w
        };
        assert_eq!(words(l), words(r));
        assert!(l.split_whitespace().count() >= 3, "{l:?}");
    }
    // The rewrite moved the ships to the front: the word diff calls that an insertion, the
    // copied-run marks still show it was taken from the wire.
    let first = &app.diff.rows[0];
    // A rewrite is an edit: its word changes show, beside the copied runs.
    assert!(
        first
            .right_lines
            .iter()
            .flatten()
            .any(|s| s.role == Role::Inserted),
        "{first:?}"
    );
    assert!(
        roles(&first.right_lines).contains("waiting at anchor off the Maasvlakte terminals"),
        "{first:?}"
    );
}

// ---- naming outlets (issue 17 item 9) ----------------------------------------------------------

fn outlet_of(app: &App, path: &str) -> Option<String> {
    app.drop.drop.articles[article_index(app, path)]
        .outlet
        .clone()
}

#[test]
fn r_names_the_cursor_outlet_over_drop_toml_and_the_name_survives_a_reopen() {
    let d = Drop::seeds_seen();
    std::fs::write(
        d.dir.join("drop.toml"),
        "[outlets]\n\"000_*\" = \"FromToml\"\n\"003_*\" = \"RksNews\"\n",
    )
    .unwrap();
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    let first = d.path("000_61c82fb66aab7e52.txt");
    assert_eq!(outlet_of(&app, &first).as_deref(), Some("FromToml"));
    // Two articles of RksNews (003 dated, 004 not) are told apart in Sources.
    let sources = screen(&app, &config);
    assert!(sources.contains("RksNews (2025-12-03)"), "{sources}");

    app.sources.cursor = article_index(&app, &first);
    let clear = "<backspace>".repeat("FromToml".len());
    keys(&mut app, &mut w, &config, &format!("1R{clear}Reuters"));
    let prompt = screen(&app, &config);
    assert!(
        prompt.contains("outlet of 000_61c82fb66aab7e52.txt"),
        "{prompt}"
    );
    keys(&mut app, &mut w, &config, "<enter>");
    assert!(app.ui.rename.is_none());
    assert_eq!(outlet_of(&app, &first).as_deref(), Some("Reuters"));
    assert!(screen(&app, &config).contains("Reuters"));
    // Never written into the folder: it holds the seeds and drop.toml, as before.
    assert_eq!(std::fs::read_dir(&d.dir).unwrap().count(), 6);

    // A new session on the same state shows the name given, over drop.toml.
    let mut w2 = TriageWorker::default();
    let again = d.app(&mut w2);
    assert_eq!(outlet_of(&again, &first).as_deref(), Some("Reuters"));
    let s = Store::open(&d.dir, Some(&d.state)).unwrap();
    assert_eq!(s.outlet_names().unwrap()[&first], "Reuters");
}

#[test]
fn r_in_compare_names_the_focused_panel_and_esc_leaves_it_unchanged() {
    let d = Drop::seeds_seen();
    let config = Config::defaults(false);
    let mut w = TriageWorker::default();
    let mut app = d.app(&mut w);
    keys(&mut app, &mut w, &config, "2");
    let focus = app.compare.focus;
    let before = app.drop.drop.articles[focus].outlet_name();
    keys(&mut app, &mut w, &config, "RX<esc>");
    assert!(app.ui.rename.is_none());
    assert_eq!(app.drop.drop.articles[focus].outlet_name(), before);
    keys(&mut app, &mut w, &config, "R2<enter>");
    assert_eq!(
        app.drop.drop.articles[focus].outlet_name(),
        format!("{before}2")
    );
}
