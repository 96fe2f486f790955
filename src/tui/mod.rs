//! The terminal app. The only module that may use ratatui or crossterm.
//!
//! State ([`app`]) is changed only by [`update::update`], which folds [`action::Action`]s in and
//! returns slow [`jobs::Job`]s for worker threads; [`views`] draw the state; [`eventloop`] ties
//! them to a terminal; [`terminal`] enters and restores it.

pub mod action;
pub mod app;
pub mod config;
pub mod details;
pub mod eventloop;
pub mod help;
pub mod input;
pub mod jobs;
pub mod keymap;
pub mod layout;
pub mod panes;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod views;
pub mod worker;
pub mod wrap;

use std::path::PathBuf;
use std::sync::mpsc::{self, Sender};

use crate::similarity::semantic::SimilarityChoice;
pub use action::{Action, Command};
pub use app::{App, View};
pub use config::{Config, ConfigError};
pub use eventloop::Msg;
pub use jobs::Job;
pub use update::{find_model, handle_key, start, update};
pub use views::render;

/// The user's config file as read by the caller: its path and text, or why it could not be read.
pub type UserConfig = (PathBuf, Result<String, String>);

/// Run the app on `paths` until the user quits. The terminal is restored on every way out:
/// quit, error, panic (hook), and SIGTERM/SIGINT/SIGHUP (turned into a clean quit).
pub fn run(paths: &[PathBuf], user_config: Option<UserConfig>) -> anyhow::Result<()> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (config, err) = match &user_config {
        Some((p, Ok(text))) => Config::load(Some((&p.display().to_string(), text)), no_color),
        Some((p, Err(e))) => (
            Config::defaults(no_color),
            Some(ConfigError {
                path: p.display().to_string(),
                line: None,
                message: e.clone(),
            }),
        ),
        None => Config::load(None, no_color),
    };
    if let Some(e) = &err {
        eprintln!("parallax: config error: {e}; using the defaults");
    }
    // The environment's choice over the config's, as for the CLI (where the flag comes first).
    let similarity = match SimilarityChoice::from_env() {
        Ok(c) => c.unwrap_or(config.similarity),
        Err(e) => {
            eprintln!("parallax: warning: {e}; using the config's similarity");
            config.similarity
        }
    };
    let (tx, rx) = mpsc::channel();
    spawn_signals(tx.clone())?;
    let mut terminal = terminal::enter()?;
    spawn_input(tx.clone());
    let size = terminal.size()?;
    let mut app = App::new(paths.to_vec(), size.width, size.height);
    // The model search first: it tells triage (started next) whether similarity is lexical.
    let find = update::find_model(&mut app, similarity);
    let mut first = update::start(&mut app, None);
    first.extend(find);
    app.semantic.install = app::InstallPlan::from_env();
    app.ui.banner = err.map(|e| format!(" config error: {e} (using the defaults; esc hides this)"));
    let result = eventloop::run_loop(
        &mut terminal,
        &mut app,
        &config,
        &rx,
        (
            &eventloop::Threads::new(tx),
            &mut terminal::copy_to_clipboard,
        ),
        first,
    );
    terminal::leave();
    result
}

/// Forward terminal events to the loop from a thread of their own.
fn spawn_input(tx: Sender<Msg>) {
    std::thread::spawn(move || {
        while let Ok(ev) = ratatui::crossterm::event::read() {
            if tx.send(Msg::Terminal(ev)).is_err() {
                break;
            }
        }
    });
}

/// Turn termination signals into a clean quit, so the terminal is restored.
fn spawn_signals(tx: Sender<Msg>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
    std::thread::spawn(move || {
        for _ in signals.forever() {
            if tx.send(Msg::Action(Action::Quit)).is_err() {
                break;
            }
        }
    });
    Ok(())
}
