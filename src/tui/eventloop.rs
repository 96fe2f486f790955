//! The event loop: draw, wait for a terminal event, a worker result or a signal (all arrive on
//! one channel), fold it in, hand new jobs to workers. Generic over the backend and given its
//! event source, so tests run it on a `TestBackend` with scripted messages.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;
use ratatui::Terminal;

use super::action::Action;
use super::app::App;
use super::config::Config;
use super::input::{translate, Input};
use super::jobs::Job;
use super::update::{handle_key, update};
use super::views;
use super::worker::{self, TriageJob, TriageWorker};

/// Spinner speed while work runs; when idle the loop sleeps until something arrives.
const TICK: Duration = Duration::from_millis(100);

/// What arrives on the loop's channel.
#[derive(Debug)]
pub enum Msg {
    Terminal(Event),
    Action(Action),
}

/// Where jobs go: worker threads in the app, anything that records them in tests.
pub trait Spawn {
    /// Start `job`; its result must come back on the loop's channel as `Msg::Action`.
    fn spawn(&self, job: Job);
}

/// One short-lived thread per job (the job slots keep this to two per kind at most), except
/// triage jobs, which go in order to the one thread that owns the triage store. Every job
/// reports back, even one that panics (as `Action::Failed`, see [`Job::run_reporting`]).
pub struct Threads {
    tx: Sender<Msg>,
    triage: Sender<TriageJob>,
}

impl Threads {
    /// Workers that report on `tx`; starts the triage worker thread.
    pub fn new(tx: Sender<Msg>) -> Threads {
        Threads {
            triage: worker::spawn(tx.clone()),
            tx,
        }
    }
}

impl Spawn for Threads {
    fn spawn(&self, job: Job) {
        if let Job::Triage(t) = job {
            let _ = self.triage.send(t);
            return;
        }
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            let progress = tx.clone();
            let mut report = |a: Action| {
                let _ = progress.send(Msg::Action(a));
            };
            let action = job.run_reporting(&mut TriageWorker::default(), &mut report);
            let _ = tx.send(Msg::Action(action));
        });
    }
}

/// Where copied text goes: the terminal's clipboard in the app, nowhere in tests.
pub type Clipboard<'a> = &'a mut dyn FnMut(&str);

/// Fold one message into the state; returns jobs to start.
pub fn dispatch(app: &mut App, config: &Config, msg: Msg) -> Vec<Job> {
    match msg {
        Msg::Terminal(ev) => match translate(ev) {
            Some(Input::Key(k)) => handle_key(app, &config.keymap, k),
            Some(Input::Action(a)) => update(app, a),
            None => Vec::new(),
        },
        Msg::Action(a) => update(app, a),
    }
}

/// Run until the user quits, a signal arrives, or every sender is gone. Text the reader copies
/// goes to `clipboard` (the terminal's, in the app).
pub fn run_loop<B>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    config: &Config,
    rx: &Receiver<Msg>,
    (spawn, clipboard): (&dyn Spawn, Clipboard),
    first: Vec<Job>,
) -> anyhow::Result<()>
where
    B: Backend,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    for job in first {
        spawn.spawn(job);
    }
    loop {
        terminal.draw(|f| views::render(f, app, config))?;
        if app.ui.quit {
            return Ok(());
        }
        let busy = app.drop.loading || app.jobs.busy();
        let msg = if busy {
            match rx.recv_timeout(TICK) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Msg::Action(Action::Tick),
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        } else {
            match rx.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            }
        };
        let mut jobs = dispatch(app, config, msg);
        // Fold in everything already waiting before drawing again, so held keys never lag.
        while let Ok(m) = rx.try_recv() {
            if app.ui.quit {
                break;
            }
            jobs.extend(dispatch(app, config, m));
        }
        for job in jobs {
            spawn.spawn(job);
        }
        if let Some(text) = app.ui.clipboard.take() {
            clipboard(&text);
        }
    }
}
