//! Slow work as data: a [`Job`] says what to compute, [`Job::run`] computes it (on a worker
//! thread in the app, inline in tests) and returns the [`Action`] that reports the result.
//! Each kind has one running job and one queued slot, so holding a key over forty pairs starts
//! at most two alignments: the running one and the newest request.

use std::path::PathBuf;
use std::sync::Arc;

use crate::align;
use crate::ingest::{self, Drop, LoadOptions};

use super::action::Action;
use super::worker::{TriageJob, TriageWorker};

/// Work for a worker thread.
#[derive(Debug, Clone)]
pub enum Job {
    /// The first load, at start-up.
    Load(Vec<PathBuf>),
    /// Load again because the folder changed; reports `Reloaded { req }`.
    Reload { req: u64, paths: Vec<PathBuf> },
    /// For the triage worker thread, which owns the store (see [`super::worker`]).
    Triage(TriageJob),
    AlignDrop {
        req: u64,
        drop: Arc<Drop>,
        /// The reader's pins, constraining the alignment.
        pins: align::Pins,
    },
    AlignPair {
        req: u64,
        drop: Arc<Drop>,
        left: usize,
        right: usize,
        /// The reader's pins between the two (left is article 0, right article 1).
        pins: align::Pins,
    },
}

impl Job {
    /// Do the work and report it. Blocking: never call on the UI thread. A triage job runs on
    /// a fresh worker here (no store kept, no watching): use [`Job::run_with`] to keep one.
    pub fn run(self) -> Action {
        self.run_with(&mut TriageWorker::default())
    }

    /// Like [`Job::run`], with triage jobs run by `triage` (which keeps its store open).
    pub fn run_with(self, triage: &mut TriageWorker) -> Action {
        match self {
            Job::Load(paths) => Action::Loaded(Arc::new(ingest::load_paths(
                &paths,
                &LoadOptions::default(),
            ))),
            Job::Reload { req, paths } => Action::Reloaded {
                req,
                drop: Arc::new(ingest::load_paths(&paths, &LoadOptions::default())),
            },
            Job::Triage(job) => triage.run(job),
            Job::AlignDrop { req, drop, pins } => Action::DropAligned {
                req,
                alignment: Arc::new(align::align_drop_with(
                    &drop.articles,
                    &align::AlignOptions {
                        pins,
                        ..Default::default()
                    },
                )),
            },
            Job::AlignPair {
                req,
                drop,
                left,
                right,
                pins,
            } => {
                let (l, r) = (&drop.articles[left], &drop.articles[right]);
                let opts = align::AlignOptions {
                    pins,
                    ..Default::default()
                };
                Action::PairAligned {
                    req,
                    left,
                    right,
                    alignment: Arc::new(align::diff_articles_with(l, r, &opts)),
                }
            }
        }
    }
}

/// One running job and at most one waiting; a newer request replaces the waiting one.
#[derive(Debug, Clone, Default)]
pub struct Slot {
    pub running: Option<u64>,
    pub queued: Option<Job>,
}

impl Slot {
    /// Ask for `job` (with id `req`): returns it if it may start now, else queues it.
    pub fn request(&mut self, req: u64, job: Job) -> Option<Job> {
        if self.running.is_none() {
            self.running = Some(req);
            Some(job)
        } else {
            self.queued = Some(job);
            None
        }
    }

    /// The job `req` finished: returns the queued job to start next, if any.
    pub fn finished(&mut self, req: u64) -> Option<Job> {
        if self.running == Some(req) {
            self.running = None;
        }
        let next = self.queued.take()?;
        self.running = Some(next.req());
        Some(next)
    }
}

impl Job {
    fn req(&self) -> u64 {
        match self {
            Job::Load(_) => 0,
            Job::Triage(t) => t.req(),
            Job::Reload { req, .. } | Job::AlignDrop { req, .. } | Job::AlignPair { req, .. } => {
                *req
            }
        }
    }
}

/// The job slots and the request counter.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    next: u64,
    pub align_drop: Slot,
    pub align_pair: Slot,
    /// Reloads of the drop after the folder changed.
    pub load: Slot,
    /// Triage scans (flag saves go straight to the worker, in order).
    pub triage: Slot,
}

impl Jobs {
    /// A fresh request id.
    pub fn next_req(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Something is being computed (show a spinner, tick).
    pub fn busy(&self) -> bool {
        self.align_drop.running.is_some()
            || self.align_pair.running.is_some()
            || self.load.running.is_some()
            || self.triage.running.is_some()
    }
}
