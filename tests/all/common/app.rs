//! Driving the app without a terminal: jobs run inline, keys through the real keymap, the
//! screen drawn on ratatui's test backend.
use std::collections::VecDeque;
use std::path::PathBuf;

use parallax::tui::keymap::parse_keys;
use parallax::tui::{handle_key, render, update, App, Config, Job};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Run jobs inline until none are left, folding each result in (what the worker threads do).
pub fn settle(app: &mut App, jobs: Vec<Job>) {
    let mut queue: VecDeque<Job> = jobs.into();
    while let Some(job) = queue.pop_front() {
        queue.extend(update(app, job.run()));
    }
}

/// Type `keys` (`"jj]d"`, `"<tab>"`, `"/putin<enter>"`) through the real keymap.
pub fn keys(app: &mut App, config: &Config, keys: &str) {
    for k in parse_keys(keys).expect("test key notation") {
        let jobs = handle_key(app, &config.keymap, k);
        settle(app, jobs);
    }
}

/// The app on the seeds at `w`×`h`, loaded and aligned.
pub fn seeds(w: u16, h: u16) -> App {
    let mut app = App::new(vec![PathBuf::from("seeds")], w, h);
    settle(&mut app, vec![Job::Load(vec![PathBuf::from("seeds")])]);
    app
}

/// The screen as text.
pub fn screen(app: &App, config: &Config) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, config)).unwrap();
    t.backend().to_string()
}
