//! Slow work as data: a [`Job`] says what to compute, [`Job::run`] computes it (on a worker
//! thread in the app, inline in tests) and returns the [`Action`] that reports the result.
//! Each kind has one running job and one queued slot, so holding a key over forty pairs starts
//! at most two alignments: the running one and the newest request.

use std::path::PathBuf;
use std::sync::Arc;

use crate::align;
use crate::ingest::{self, Drop, LoadOptions};

use super::action::Action;

/// Work for a worker thread.
#[derive(Debug, Clone)]
pub enum Job {
    Load(Vec<PathBuf>),
    AlignDrop {
        req: u64,
        drop: Arc<Drop>,
    },
    AlignPair {
        req: u64,
        drop: Arc<Drop>,
        left: usize,
        right: usize,
    },
}

impl Job {
    /// Do the work and report it. Blocking: never call on the UI thread.
    pub fn run(self) -> Action {
        match self {
            Job::Load(paths) => Action::Loaded(Arc::new(ingest::load_paths(
                &paths,
                &LoadOptions::default(),
            ))),
            Job::AlignDrop { req, drop } => Action::DropAligned {
                req,
                alignment: Arc::new(align::align_drop(&drop.articles)),
            },
            Job::AlignPair {
                req,
                drop,
                left,
                right,
            } => {
                let (l, r) = (&drop.articles[left], &drop.articles[right]);
                Action::PairAligned {
                    req,
                    left,
                    right,
                    alignment: Arc::new(align::diff_articles(l, r)),
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
            Job::AlignDrop { req, .. } | Job::AlignPair { req, .. } => *req,
        }
    }
}

/// The job slots and the request counter.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    next: u64,
    pub align_drop: Slot,
    pub align_pair: Slot,
}

impl Jobs {
    /// A fresh request id.
    pub fn next_req(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Something is being computed (show a spinner, tick).
    pub fn busy(&self) -> bool {
        self.align_drop.running.is_some() || self.align_pair.running.is_some()
    }
}
