//! Sharing from the app, driven through the real keymap: `E` writes the story shown into the
//! exports folder (never the article folder) and names the file; `o` opens the cursor article's
//! web address, or says it has none.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use parallax::tui::keymap::parse_keys;
use parallax::tui::{handle_key, update, Action, App, Config, Job, View};

/// Run jobs inline until none are left, folding each result in; exports go to `exports`
/// instead of the data dir, and addresses are collected instead of opened.
fn settle(app: &mut App, jobs: Vec<Job>, exports: &Path, opened: &mut Vec<String>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        let job = match job {
            Job::Export {
                title,
                drop,
                alignment,
                dir,
            } => {
                assert!(
                    dir.ends_with("exports"),
                    "exports go to <data dir>/exports: {dir:?}"
                );
                Job::Export {
                    title,
                    drop,
                    alignment,
                    dir: exports.to_path_buf(),
                }
            }
            Job::OpenUrl(url) => {
                opened.push(url);
                continue;
            }
            job => job,
        };
        queue.extend(update(app, job.run()));
    }
}

fn keys(app: &mut App, keys: &str, exports: &Path, opened: &mut Vec<String>) {
    let config = Config::defaults(false);
    for k in parse_keys(keys).expect("test key notation") {
        let jobs = handle_key(app, &config.keymap, k);
        settle(app, jobs, exports, opened);
    }
}

fn open(dir: &Path, exports: &Path) -> App {
    let mut app = App::new(vec![dir.to_path_buf()], 120, 40);
    settle(
        &mut app,
        vec![Job::Load(vec![dir.to_path_buf()])],
        exports,
        &mut Vec::new(),
    );
    app
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn e_writes_the_story_shown_into_the_exports_folder_and_names_it() {
    let (_tmp, drop, _) = crate::common::drops::seeds_copy();
    let exports = tempfile::tempdir().unwrap();
    let before = listing(&drop);
    let mut app = open(&drop, exports.path());
    assert!(app.drop.alignment.is_some());
    keys(&mut app, "2E", exports.path(), &mut Vec::new());
    let message = app.ui.message.clone().unwrap_or_default();
    let written = listing(exports.path());
    assert_eq!(
        written.len(),
        2,
        "one HTML page and one Markdown file: {written:?}"
    );
    let html = written
        .iter()
        .find(|p| p.extension().unwrap() == "html")
        .unwrap();
    assert!(
        message.starts_with("exported ") && message.contains(&html.display().to_string()),
        "the status bar names the page: {message}"
    );
    let page = std::fs::read_to_string(html).unwrap();
    for a in &app.drop.drop.articles {
        assert!(page.contains(&a.outlet_name()));
    }
    assert_eq!(
        listing(&drop),
        before,
        "nothing is written into the article folder"
    );
}

#[test]
fn e_before_the_story_is_aligned_says_so_and_writes_nothing() {
    let exports = tempfile::tempdir().unwrap();
    let mut app = App::new(vec![PathBuf::from("seeds")], 120, 40);
    let jobs = update(&mut app, Action::Command(parallax::tui::Command::Export));
    assert!(jobs.is_empty());
    assert!(app
        .ui
        .message
        .as_deref()
        .unwrap()
        .contains("still being aligned"));
    assert!(listing(exports.path()).is_empty());
}

#[test]
fn o_opens_the_cursor_article_s_address_or_says_it_has_none() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    let body = "Envoys met in Moscow for five hours on Tuesday and agreed to meet again next week.";
    std::fs::write(
        dir.join("a.md"),
        format!("---\ntitle: Talks\nurl: https://example.com/a\n---\n\n{body}\n"),
    )
    .unwrap();
    std::fs::write(dir.join("b.txt"), format!("Talks\n\n{body}\n")).unwrap();
    let exports = tempfile::tempdir().unwrap();
    let mut app = open(&dir, exports.path());
    assert_eq!(app.view, View::Sources);
    let a = app
        .drop
        .drop
        .articles
        .iter()
        .position(|x| x.url.is_some())
        .unwrap();
    let mut opened = Vec::new();
    // Sources: the cursor row's article.
    let down = if a == 0 { "" } else { "j" };
    keys(&mut app, &format!("{down}o"), exports.path(), &mut opened);
    assert_eq!(opened, vec!["https://example.com/a".to_string()]);
    assert_eq!(
        app.ui.message.as_deref(),
        Some("opening https://example.com/a…")
    );
    // The other article has none: said, nothing opened.
    let other = if a == 0 { "j" } else { "k" };
    keys(&mut app, &format!("{other}o"), exports.path(), &mut opened);
    assert_eq!(opened.len(), 1);
    assert!(
        app.ui
            .message
            .as_deref()
            .unwrap()
            .contains("has no web address"),
        "{:?}",
        app.ui.message
    );
    // What the opener reports lands in the status bar.
    update(
        &mut app,
        Action::Shared(Err("cannot open x: xdg-open failed".into())),
    );
    assert_eq!(
        app.ui.message.as_deref(),
        Some("cannot open x: xdg-open failed")
    );
}
