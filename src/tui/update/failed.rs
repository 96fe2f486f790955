//! A job that panicked on its worker (a bug): free its slot so the next request of its kind can
//! run, undo what waited for it (spinners, a pending Diff), and say in the banner what failed.

use super::super::app::App;
use super::super::jobs::{Job, JobKind};
use super::semantic;

/// Job `req` of kind `job` failed, saying `message`; returns the jobs to start (a queued one).
pub fn failed(app: &mut App, job: JobKind, req: u64, message: String) -> Vec<Job> {
    app.ui.banner = Some(format!(
        " {} failed: {message} (a bug in Parallax; esc hides this)",
        job.doing()
    ));
    let mut jobs = Vec::new();
    match job {
        JobKind::Load => app.drop.loading = false,
        JobKind::Reload => jobs.extend(app.jobs.load.finished(req)),
        JobKind::TriageScan => {
            jobs.extend(app.jobs.triage.finished(req));
            if req > app.triage.shown && app.triage.report.is_none() {
                app.triage.error = Some(format!("{} failed: {message}", job.doing()));
            }
            // Refinement and the drop's stories wait for triage to settle.
            jobs.extend(semantic::maybe_refine(app));
            jobs.extend(super::stories::triage_settled(app));
        }
        JobKind::SaveFlag | JobKind::SaveOutletName | JobKind::OpenUrl | JobKind::Export => {}
        JobKind::SavePins => app.triage.saving_pins = app.triage.saving_pins.saturating_sub(1),
        JobKind::AlignStories => jobs.extend(app.jobs.align_stories.finished(req)),
        JobKind::AlignDrop => jobs.extend(app.jobs.align_drop.finished(req)),
        JobKind::AlignPair => {
            jobs.extend(app.jobs.align_pair.finished(req));
            if app.diff.pending == Some(req) {
                // Not "aligning…" forever: no pair shown, and `d` asks again.
                app.diff.pending = None;
                app.diff.pair = None;
            }
        }
        JobKind::FindModel => {
            app.semantic.finding = false;
            app.semantic.note = Some(format!("{} failed: {message}", job.doing()));
        }
        JobKind::FindMultilingual => {}
        JobKind::InstallModel => semantic::install_ended(app, req),
        JobKind::Refine => jobs.extend(semantic::refined(app, req, Err(message))),
    }
    jobs
}
