//! Folding in the loaded drop and its alignment: per-paragraph status and per-article figures.

use std::sync::Arc;

use crate::align::{ArticleShares, DropAlignment, ParagraphMark};
use crate::ingest::Drop;
use crate::triage;

use super::super::app::App;
use super::super::jobs::Job;

/// The loader finished: show the articles at once (unless a story of a many-story drop is
/// shown: it stays until the new drop's stories are in) and find and align its stories.
pub fn loaded(app: &mut App, drop: Arc<Drop>) -> Option<Job> {
    app.drop.loading = false;
    let drop = super::outlets::named(&app.triage.outlet_names, drop);
    app.stories.all = drop.clone();
    app.stories.epoch = app.jobs.next_req();
    if !app.stories.many() {
        show(app, drop);
    }
    super::stories::align_all(app)
}

/// Show `drop` (a story, or the whole drop) unaligned, as if just loaded: every per-article
/// list sized to it, the cursors at the top, its alignment asked for by the caller.
pub fn show(app: &mut App, drop: Arc<Drop>) {
    let n = drop.articles.len();
    app.drop.alignment = None;
    app.drop.pairs.clear();
    app.drop.facts.clear();
    app.drop.disputed_spans.clear();
    app.drop.wrapped.clear();
    app.drop.info = drop
        .articles
        .iter()
        .map(|a| vec![ParagraphMark::default(); a.paragraphs.len()])
        .collect();
    app.drop.stats = drop
        .articles
        .iter()
        .map(|a| ArticleShares {
            words: a.word_count(),
            ..Default::default()
        })
        .collect();
    app.compare.cursor = vec![0; n];
    app.compare.top = vec![0; n];
    app.compare.focus = 0;
    app.compare.first = 0;
    app.sources = Default::default();
    app.diff = Default::default();
    app.ui.message = match (app.stories.all.articles.len(), drop.warnings.len()) {
        (0, _) => Some(format!(
            "no articles found in {}",
            app.drop
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" ")
        )),
        (_, 0) => None,
        (_, w) => Some(format!("{w} file(s) could not be read: see Sources")),
    };
    app.drop.drop = drop;
    app.drop.epoch = app.jobs.next_req();
    super::semantic::drop_replaced(app);
    pins_shown(app);
}

/// The reader's saved pins between the articles shown, shown at once as counterparts.
fn pins_shown(app: &mut App) -> crate::align::Pins {
    let pins = triage::pins::resolve(&app.triage.pins, &app.drop.drop.articles);
    app.drop.pins = pins.pinned.iter().copied().collect();
    app.drop.unpins = pins.unpinned.iter().copied().collect();
    pins
}

/// Align the drop shown, with the reader's saved pins (also shown at once as counterparts).
pub fn realign(app: &mut App) -> Option<Job> {
    let drop = app.drop.drop.clone();
    let pins = pins_shown(app);
    if drop.articles.len() < 2 {
        return None;
    }
    // Shown refined, the drop's vectors are cached: align again with them at once rather
    // than flash the lexical alignment first.
    if super::semantic::refined_shown(app) {
        return super::semantic::lexical_shown(app);
    }
    let req = app.jobs.next_req();
    app.jobs
        .align_drop
        .request(req, Job::AlignDrop { req, drop, pins })
}

/// The drop alignment arrived: mark every paragraph shared, unique or disputed (the rules are
/// the library's, `align::marks`).
pub fn aligned(app: &mut App, al: Arc<DropAlignment>) {
    let articles = &app.drop.drop.articles;
    let info = al.paragraph_marks(articles);
    app.drop.stats = al.article_shares(articles, &info);
    app.drop.facts = al.fact_rows(articles.len());
    let mut spans = vec![Vec::new(); articles.len()];
    // Red words are what `!` means: major disagreements only, not respellings or hedges.
    for d in al.discrepancies.iter().filter(|d| d.severity.disputes()) {
        for (m, s) in [(d.left, d.left_span), (d.right, d.right_span)] {
            if let Some(v) = spans.get_mut(m.article) {
                v.push((s.start, s.end));
            }
        }
    }
    app.drop.disputed_spans = spans;
    // Laid-out text now has disputed snippets to mark: lay it out again.
    app.drop.wrapped.clear();
    app.drop.info = info;
    if app.stories.many() {
        if let Some(id) = app.stories.shown_story().map(|s| s.id) {
            app.stories.shown.insert(id, al.clone());
        }
    }
    app.drop.alignment = Some(al);
}
