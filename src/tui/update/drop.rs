//! Folding in the loaded drop and its alignment: per-paragraph status and per-article figures.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::align::{DiscrepancyKind, DropAlignment};
use crate::ingest::Drop;
use crate::triage;

use super::super::app::{App, ArticleStats, Fact, ParaInfo};
use super::super::jobs::Job;

/// The loader finished: show the articles at once and start aligning them.
pub fn loaded(app: &mut App, drop: Arc<Drop>) -> Option<Job> {
    let n = drop.articles.len();
    app.drop.loading = false;
    app.drop.alignment = None;
    app.drop.pairs.clear();
    app.drop.facts.clear();
    app.drop.pins.clear();
    app.drop.unpins.clear();
    app.drop.disputed_spans.clear();
    app.drop.wrapped.clear();
    app.drop.info = drop
        .articles
        .iter()
        .map(|a| vec![ParaInfo::default(); a.paragraphs.len()])
        .collect();
    app.drop.stats = drop
        .articles
        .iter()
        .map(|a| ArticleStats {
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
    app.ui.message = match (n, drop.warnings.len()) {
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
    realign(app)
}

/// Align the drop shown, with the reader's saved pins (also shown at once as counterparts).
pub fn realign(app: &mut App) -> Option<Job> {
    let drop = app.drop.drop.clone();
    let pins = triage::pins::resolve(&app.triage.pins, &drop.articles);
    app.drop.pins = pins.pinned.iter().copied().collect();
    app.drop.unpins = pins.unpinned.iter().copied().collect();
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

/// The drop alignment arrived: mark every paragraph shared, unique or disputed.
pub fn aligned(app: &mut App, al: Arc<DropAlignment>) {
    let articles = &app.drop.drop.articles;
    let mut info: Vec<Vec<ParaInfo>> = articles
        .iter()
        .map(|a| vec![ParaInfo::default(); a.paragraphs.len()])
        .collect();
    fn slot(info: &mut [Vec<ParaInfo>], a: usize, p: usize) -> Option<&mut ParaInfo> {
        info.get_mut(a).and_then(|v| v.get_mut(p))
    }
    for (gi, g) in al.groups.iter().enumerate() {
        for m in &g.members {
            if let Some(i) = slot(&mut info, m.article, m.paragraph) {
                i.group = Some(gi);
                i.score = g.score;
            }
        }
    }
    let carried = al
        .groups
        .iter()
        .flat_map(|g| g.members.iter().chain(&g.also));
    // As for `unique`: a weak link is a related claim, not a shared one.
    let linked = al
        .links
        .iter()
        .filter(|l| l.score >= al.group_link)
        .flat_map(|l| [&l.a, &l.b]);
    for m in carried.chain(linked) {
        if let Some(i) = slot(&mut info, m.article, m.paragraph) {
            i.shared = true;
        }
    }
    for m in &al.unique {
        if let Some(i) = slot(&mut info, m.article, m.paragraph) {
            i.unique = true;
        }
    }
    let mut counts = vec![0usize; articles.len()];
    for d in &al.discrepancies {
        for m in [d.left, d.right] {
            if let Some(i) = slot(&mut info, m.article, m.paragraph) {
                i.disputed = true;
            }
            if let Some(c) = counts.get_mut(m.article) {
                *c += 1;
            }
        }
    }
    app.drop.stats = articles
        .iter()
        .enumerate()
        .map(|(a, art)| {
            let words = art.word_count();
            let share = |f: fn(&ParaInfo) -> bool| {
                let w: usize = art
                    .paragraphs
                    .iter()
                    .zip(&info[a])
                    .filter(|(_, i)| f(i))
                    .map(|(p, _)| p.text.split_whitespace().count())
                    .sum();
                if words == 0 {
                    0.0
                } else {
                    w as f32 / words as f32
                }
            };
            ArticleStats {
                words,
                unique_share: share(|i| i.unique),
                disputed_share: share(|i| i.disputed),
                discrepancies: counts[a],
            }
        })
        .collect();
    app.drop.facts = facts(&al, articles.len());
    let mut spans = vec![Vec::new(); articles.len()];
    for d in &al.discrepancies {
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
    app.drop.alignment = Some(al);
}

/// Gather pairwise discrepancies into facts: those in the same paragraph group and of the same
/// kind are one fact, each outlet's cell holding the first snippet it was seen with.
fn facts(al: &DropAlignment, articles: usize) -> Vec<Fact> {
    let mut by_key: BTreeMap<(usize, usize, u8), Fact> = BTreeMap::new();
    for (i, d) in al.discrepancies.iter().enumerate() {
        // Discrepancies outside any group stay facts of their own, in alignment order.
        let key = match d.group {
            Some(g) => (0, g, kind_order(d.kind)),
            None => (1, i, kind_order(d.kind)),
        };
        let fact = by_key.entry(key).or_insert_with(|| Fact {
            kind: d.kind,
            cells: vec![None; articles],
        });
        for (m, text) in [(d.left, &d.left_text), (d.right, &d.right_text)] {
            if let Some(cell @ None) = fact.cells.get_mut(m.article) {
                *cell = Some((m, text.clone()));
            }
        }
    }
    by_key.into_values().collect()
}

fn kind_order(k: DiscrepancyKind) -> u8 {
    match k {
        DiscrepancyKind::Number => 0,
        DiscrepancyKind::Date => 1,
        DiscrepancyKind::Name => 2,
        DiscrepancyKind::Quote => 3,
    }
}
