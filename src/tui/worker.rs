//! The triage worker: one long-lived thread that owns the triage [`Store`] (a SQLite connection,
//! `Send` but not `Sync`) and the folder watcher, runs [`TriageJob`]s in order and reports each
//! as an [`Action`]. The UI thread never touches the store or the disk.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;

use crate::similarity::semantic::Model;
use crate::triage::{self, Flag, ParaKey, PinRecord, Store, WatchMode, Watcher};

use super::action::{Action, Triaged};
use super::eventloop::Msg;
use super::jobs::{self, JobKind};

/// Work for the triage worker.
#[derive(Debug, Clone)]
pub enum TriageJob {
    /// Open the state of the drop opened on `paths` (its folder, or the files' parent folder),
    /// start watching it, and scan. `state`: the state file, `None` for the XDG default.
    /// `across_languages`: join stories across languages with the multilingual model when
    /// one is installed (not when the reader chose lexical similarity).
    Open {
        req: u64,
        paths: Vec<PathBuf>,
        state: Option<PathBuf>,
        across_languages: bool,
    },
    /// Scan the folder again (it changed).
    Scan { req: u64 },
    /// Record every current file as seen (what `triage --mark-seen` does), then scan.
    MarkSeen { req: u64 },
    /// Set a read / starred / archived flag of the file at `path` (its copies share read).
    SetFlag { path: String, flag: Flag, on: bool },
    /// Save pins and unpins (`set`) and forget pairs (`clear`), in one go.
    SavePins {
        set: Vec<PinRecord>,
        clear: Vec<(ParaKey, ParaKey)>,
    },
    /// Name the outlet of the article at `path` (empty: forget the name given).
    SetOutletName { path: String, outlet: String },
}

impl TriageJob {
    /// The request id of a scan (0 for flags, which are never stale).
    pub fn req(&self) -> u64 {
        match self {
            TriageJob::Open { req, .. } | TriageJob::Scan { req } | TriageJob::MarkSeen { req } => {
                *req
            }
            TriageJob::SetFlag { .. }
            | TriageJob::SavePins { .. }
            | TriageJob::SetOutletName { .. } => 0,
        }
    }
}

/// The state the worker keeps between jobs.
#[derive(Default)]
pub struct TriageWorker {
    store: Option<Store>,
    folder: Option<(PathBuf, bool)>,
    /// Where to send `DropChanged` when the folder changes; `None`: do not watch (tests).
    notify: Option<Sender<Msg>>,
    /// Kept to keep watching; dropping it stops the watcher.
    watcher: Option<Watcher>,
    /// The multilingual model stories join across languages with (found when opening).
    multilingual: Option<Model>,
}

impl TriageWorker {
    /// A worker that watches the folder it opens and signals changes on `tx`.
    pub fn watching(tx: Sender<Msg>) -> TriageWorker {
        TriageWorker {
            notify: Some(tx),
            ..Default::default()
        }
    }

    /// Run one job. Blocking (disk and database): never call on the UI thread.
    pub fn run(&mut self, job: TriageJob) -> Action {
        match job {
            TriageJob::Open {
                req,
                paths,
                state,
                across_languages,
            } => {
                self.folder = triage::drop_folder(&paths);
                self.multilingual = across_languages
                    .then(crate::similarity::semantic::multilingual_model)
                    .flatten();
                let Some((dir, _)) = self.folder.clone() else {
                    return self.report(req, Err("triage needs a folder or a file in one".into()));
                };
                match Store::open(&dir, state.as_deref()) {
                    Ok(store) => self.store = Some(store),
                    Err(e) => return self.report(req, Err(format!("{e:#}"))),
                }
                self.watch(&dir);
                self.scan(req)
            }
            TriageJob::Scan { req } => self.scan(req),
            TriageJob::MarkSeen { req } => {
                if let Some(s) = &mut self.store {
                    if let Err(e) = triage::mark_seen(s) {
                        return self.report(req, Err(format!("cannot mark seen: {e:#}")));
                    }
                }
                self.scan(req)
            }
            TriageJob::SetFlag { path, flag, on } => Action::Saved(match &mut self.store {
                Some(s) => s
                    .set_flag(&path, flag, on)
                    .map(|_| ())
                    .map_err(|e| format!("{path}: cannot save: {e:#}")),
                None => Err("triage is not open".into()),
            }),
            TriageJob::SavePins { set, clear } => Action::PinsSaved(match &mut self.store {
                Some(s) => {
                    save_pins(s, &set, &clear).map_err(|e| format!("cannot save pins: {e:#}"))
                }
                None => Err("pins are kept for this session only: triage is not open".into()),
            }),
            TriageJob::SetOutletName { path, outlet } => Action::Saved(match &mut self.store {
                Some(s) => s
                    .set_outlet_name(&path, &outlet)
                    .map_err(|e| format!("{path}: cannot save the outlet name: {e:#}")),
                None => {
                    Err("the outlet name is kept for this session only: triage is not open".into())
                }
            }),
        }
    }

    fn scan(&mut self, req: u64) -> Action {
        let pins = self
            .store
            .as_ref()
            .and_then(|s| s.pins().ok())
            .unwrap_or_default();
        let outlet_names = self
            .store
            .as_ref()
            .and_then(|s| s.outlet_names().ok())
            .unwrap_or_default();
        let result = match &mut self.store {
            Some(s) => triage::scan_with(s, self.multilingual.as_ref()).map(|mut r| {
                // Store warnings (a corrupt state file moved aside) belong with the scan's own.
                r.warnings.splice(0..0, s.warnings().iter().cloned());
                Arc::new(r)
            }),
            None => return self.report(req, Err("triage is not open".into())),
        };
        let mut action = self.report(req, result.map_err(|e| format!("{e:#}")));
        if let Action::Triaged { triage, .. } = &mut action {
            triage.pins = pins;
            triage.outlet_names = outlet_names;
        }
        action
    }

    fn report(&self, req: u64, result: Result<Arc<triage::Report>, String>) -> Action {
        let (folder, parent) = match &self.folder {
            Some((f, p)) => (Some(f.clone()), *p),
            None => (None, false),
        };
        Action::Triaged {
            req,
            triage: Triaged {
                folder,
                parent,
                state: self.store.as_ref().map(|s| s.state_path().to_path_buf()),
                result,
                pins: Vec::new(),
                outlet_names: Default::default(),
            },
        }
    }

    /// Watch `dir` (OS notifications, else polling); each change becomes one `DropChanged`,
    /// which the app coalesces into one running and one queued reload.
    fn watch(&mut self, dir: &std::path::Path) {
        let Some(tx) = self.notify.clone() else {
            return;
        };
        let signal = move || {
            let _ = tx.send(Msg::Action(Action::DropChanged));
        };
        self.watcher = triage::watch::watch_with(dir, WatchMode::Notify, signal.clone())
            .or_else(|_| {
                triage::watch::watch_with(
                    dir,
                    WatchMode::Poll(triage::watch::POLL_INTERVAL),
                    signal,
                )
            })
            .ok();
    }
}

fn save_pins(
    store: &mut Store,
    set: &[PinRecord],
    clear: &[(ParaKey, ParaKey)],
) -> anyhow::Result<()> {
    for r in set {
        store.set_pin(r)?;
    }
    for (a, b) in clear {
        store.clear_pin(a, b)?;
    }
    Ok(())
}

/// Start the triage worker thread; jobs sent to the returned sender run in order and report on
/// `out`. The thread ends when the sender is dropped.
pub fn spawn(out: Sender<Msg>) -> Sender<TriageJob> {
    let (tx, rx) = mpsc::channel::<TriageJob>();
    std::thread::spawn(move || {
        let mut worker = TriageWorker::watching(out.clone());
        serve(&rx, &out, |job| worker.run(job));
    });
    tx
}

/// Run the jobs arriving on `rx` in order with `run`, reporting each on `out`, until either
/// side is gone. A job that panics is reported as `Action::Failed` and the next one runs: the
/// worker outlives a bug in one job.
fn serve(rx: &Receiver<TriageJob>, out: &Sender<Msg>, mut run: impl FnMut(TriageJob) -> Action) {
    while let Ok(job) = rx.recv() {
        let (kind, req) = (JobKind::of_triage(&job), job.req());
        let action = jobs::caught(kind, req, || run(job));
        if out.send(Msg::Action(action)).is_err() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(path: &str) -> TriageJob {
        TriageJob::SetFlag {
            path: path.into(),
            flag: Flag::Read,
            on: true,
        }
    }

    #[test]
    fn a_job_that_panics_is_reported_failed_and_the_next_job_still_runs() {
        let (jobs_tx, jobs_rx) = mpsc::channel();
        let (out_tx, out_rx) = mpsc::channel();
        jobs_tx.send(flag("bad.md")).unwrap();
        jobs_tx.send(TriageJob::Scan { req: 7 }).unwrap();
        drop(jobs_tx);
        let mut worker = TriageWorker::default();
        serve(&jobs_rx, &out_tx, |job| match job {
            TriageJob::SetFlag { path, .. } => panic!("cannot flag {path}"),
            job => worker.run(job),
        });
        let got: Vec<Action> = out_rx
            .try_iter()
            .filter_map(|m| match m {
                Msg::Action(a) => Some(a),
                Msg::Terminal(_) => None,
            })
            .collect();
        match &got[..] {
            [Action::Failed { job, req, message }, Action::Triaged { req: 7, .. }] => {
                assert_eq!((*job, *req), (JobKind::SaveFlag, 0));
                assert_eq!(message, "cannot flag bad.md");
            }
            other => panic!("expected a failure, then the scan's report: {other:?}"),
        }
    }
}
