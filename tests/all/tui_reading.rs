//! Reading the seeds in the app, as a fact-checker does: Quotes renderings read whole (wrapped,
//! never cut), Compare placing each counterpart level with the cursor, outlets named.

use std::collections::VecDeque;
use std::path::PathBuf;

use parallax::tui::keymap::parse_keys;
use parallax::tui::{handle_key, render, update, App, Config, Job};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Run jobs inline until none are left, folding each result in (what the worker threads do).
fn settle(app: &mut App, jobs: Vec<Job>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        queue.extend(update(app, job.run()));
    }
}

fn keys(app: &mut App, config: &Config, keys: &str) {
    for k in parse_keys(keys).expect("test key notation") {
        let jobs = handle_key(app, &config.keymap, k);
        settle(app, jobs);
    }
}

fn seeds(w: u16, h: u16) -> App {
    let mut app = App::new(vec![PathBuf::from("seeds")], w, h);
    settle(&mut app, vec![Job::Load(vec![PathBuf::from("seeds")])]);
    app
}

fn screen(app: &App, config: &Config) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, config)).unwrap();
    t.backend().to_string()
}

/// The screen's text with the frame and line breaks gone: words wrapped across rows read on.
fn flowing(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"').trim_matches(['│', ' ']).trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_quote_rendering_wraps_and_reads_to_its_end() {
    let config = Config::defaults(false);
    let mut app = seeds(80, 40);
    keys(&mut app, &config, "5");
    let s = screen(&app, &config);
    // 004's indirect rendering of Ushakov's verdict is longer than a row of 80: its end shows.
    assert!(flowing(&s).contains("from a peace deal."), "{s}");
}
