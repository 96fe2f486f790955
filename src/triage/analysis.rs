//! What a drop's contents decide, computed from the articles' fingerprints and cached as a
//! whole: stories, verdicts with their evidence, copy families, and per-story novelty.

use std::collections::BTreeMap;

use anyhow::Result;
use rayon::prelude::*;

use super::derivation::{self, Derivation};
use super::features::Features;
use super::novelty;
use super::scan::Ctx;
use super::shingles;
use super::store::{Cached, FileRow};
use super::stories::{Clusters, StoryModel};
use super::verdict::{Decision, Index, REVISION_OVERLAP};
use super::{Changes, Verdict};
use crate::align::novelty::Novelty;
use crate::article::Article;
use crate::unionfind::UnionFind;

/// Bump when clustering, verdict or family rules change, so cached analyses are redone.
/// (4: `family` holds each article's family root rather than a union-find parent list;
/// 5: a revision's changes carry their summary.)
pub(super) const ANALYSIS_VERSION: &str = "analysis-5";

/// What a drop's contents decide, cached as a whole: stories, each article's verdict (with
/// the changes of revisions), and each article's copy family.
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct Analysis {
    pub stories: Clusters,
    pub decisions: Vec<(Decision, Option<Changes>)>,
    /// Each article's copy family, named by its first member (the lowest index in `order`).
    pub family: Vec<usize>,
}

/// `kept[i]`: the story article i keeps from the last scan (see `stories::StoryModel::clusters`).
pub(super) fn analyse(
    ctx: &mut Ctx,
    order: &[(&String, &FileRow, &Features)],
    cached: &BTreeMap<String, Cached>,
    kept: &[Option<u64>],
) -> Result<Analysis> {
    let feats: Vec<&Features> = order.iter().map(|o| o.2).collect();
    let model = StoryModel::new(&feats);
    let stories = across_languages(ctx, order, model.clusters(kept))?;
    let index = Index::new(&feats);
    let mut decisions: Vec<(Decision, Option<Changes>)> = Vec::with_capacity(order.len());
    for (i, (path, row, f)) in order.iter().enumerate() {
        let old = row.seen_hash.as_deref().filter(|s| *s != row.hash);
        let self_revision = old.and_then(|o| match cached.get(o) {
            Some(Cached::Article(of)) => {
                let s = shingles::similarity(&of.minhash, &f.minhash);
                (s >= REVISION_OVERLAP).then_some((o, s))
            }
            _ => None,
        });
        let d = match self_revision {
            Some((o, s)) => {
                let c = ctx.changes((o, path), (&row.hash, path))?;
                let d = Decision {
                    verdict: Verdict::Revision,
                    of: vec![i],
                    score: Some(s),
                };
                (d, c)
            }
            None => {
                let d = index.decide(i, &stories, &model);
                let c = if d.verdict == Verdict::Revision {
                    let j = d.of[0];
                    ctx.changes((&order[j].1.hash, order[j].0), (&row.hash, path))?
                } else {
                    None
                };
                (d, c)
            }
        };
        decisions.push(d);
    }
    // Copy families share read state: linked by duplicate / near-duplicate evidence.
    let mut family = UnionFind::new(order.len());
    for i in 0..order.len() {
        for j in index.copies(i) {
            family.join(i, j);
        }
    }
    Ok(Analysis {
        stories,
        decisions,
        family: family.roots(),
    })
}

/// `stories` with those in different languages joined where the scan's multilingual model
/// finds their leads alike (see `triage::across_languages`); as they are without a model or
/// on a drop in one language. Joined stories are kept like any other by the next scan.
fn across_languages(
    ctx: &mut Ctx,
    order: &[(&String, &FileRow, &Features)],
    stories: Clusters,
) -> Result<Clusters> {
    let languages: Vec<Option<&str>> = order
        .iter()
        .map(|o| Some(o.2.language.as_str()).filter(|l| !l.is_empty()))
        .collect();
    let mixed = crate::language::more_than_one(languages.iter().flatten().copied());
    if !mixed || ctx.across_fingerprint().is_none() {
        return Ok(stories);
    }
    let Some(vectors) = ctx.lead_vectors(order)? else {
        return Ok(stories);
    };
    let into = super::across_languages::joins(&languages, &stories.members(), &vectors);
    Ok(stories.joined(&into))
}

/// What each article of `order` adds and reuses, per story: its novelty
/// and its derivation.
pub(super) struct PerStory {
    pub novel: Vec<Novelty>,
    /// Sources index `order` (not the story).
    pub derivation: Vec<Option<Derivation>>,
}

/// A story's derivation with its sources indexing `order` (`m`: the story's members).
fn to_drop(mut d: Derivation, m: &[usize]) -> Derivation {
    d.sources.retain(|s| s.source < m.len());
    for s in &mut d.sources {
        s.source = m[s.source];
    }
    d
}

/// Novel paragraphs and derivation of every article in `order`, per story: from the cache, or
/// computed now (stories in parallel; the articles loaded once for both).
pub(super) fn per_story(
    ctx: &mut Ctx,
    order: &[(&String, &FileRow, &Features)],
    stories: &Clusters,
) -> Result<PerStory> {
    let members = stories.members();
    let mut out = PerStory {
        novel: vec![Novelty::default(); order.len()],
        derivation: vec![None; order.len()],
    };
    // (novelty key if missing, derivation key if missing, members)
    let mut todo: Vec<(Option<String>, Option<String>, Vec<usize>)> = Vec::new();
    for m in members {
        let hashes: Vec<&str> = m.iter().map(|&i| order[i].1.hash.as_str()).collect();
        let dates: Vec<Option<&str>> = m.iter().map(|&i| order[i].2.published.as_deref()).collect();
        // Only a story that mixes languages is aligned with the model (`story_novelty`): the
        // others keep their cached novelty when a model comes or goes.
        let languages = m.iter().map(|&i| order[i].2.language.as_str());
        let mixed = crate::language::more_than_one(languages.filter(|l| !l.is_empty()));
        let nkey = novelty::key(&hashes, ctx.across_fingerprint().filter(|_| mixed));
        let novel_missing = match ctx.cached::<BTreeMap<String, Novelty>>(&nkey) {
            Some(by_hash) if hashes.iter().all(|h| by_hash.contains_key(*h)) => {
                for &i in &m {
                    out.novel[i] = by_hash[&order[i].1.hash].clone();
                }
                None
            }
            _ => Some(nkey),
        };
        let dkey = derivation::key(&hashes, &dates);
        let derivation_missing = match ctx.cached::<Vec<Derivation>>(&dkey) {
            Some(d) if d.len() == m.len() => {
                for (&i, d) in m.iter().zip(d) {
                    out.derivation[i] = Some(to_drop(d, &m));
                }
                None
            }
            _ => Some(dkey),
        };
        if novel_missing.is_some() || derivation_missing.is_some() {
            todo.push((novel_missing, derivation_missing, m));
        }
    }
    // Load the pending stories' articles once, then work through the stories in parallel.
    let mut arts: BTreeMap<usize, Article> = BTreeMap::new();
    for (_, _, m) in &todo {
        for &i in m {
            if let Some(a) = ctx.article(&order[i].1.hash, order[i].0)? {
                arts.insert(i, a);
            }
        }
    }
    type Done = (
        Vec<usize>,
        Option<(String, Vec<Novelty>)>,
        Option<(String, Vec<Derivation>)>,
    );
    let across = ctx.across_model();
    let results: Vec<Done> = todo
        .into_par_iter()
        .map(|(nkey, dkey, m)| {
            let m: Vec<usize> = m.into_iter().filter(|i| arts.contains_key(i)).collect();
            let a: Vec<&Article> = m.iter().map(|i| &arts[i]).collect();
            let novel = nkey.map(|k| {
                let t: Vec<&str> = m.iter().map(|&i| order[i].2.text_hash.as_str()).collect();
                (k, novelty::story_novelty(&a, &t, across.as_ref()))
            });
            let derived = dkey.map(|k| {
                let dates: Vec<Option<&str>> =
                    m.iter().map(|&i| order[i].2.published.as_deref()).collect();
                (k, derivation::story_derivation(&a, &dates))
            });
            (m, novel, derived)
        })
        .collect();
    for (m, novel, derived) in results {
        if let Some((key, novel)) = novel {
            let by_hash: BTreeMap<String, Novelty> = m
                .iter()
                .zip(&novel)
                .map(|(&i, n)| (order[i].1.hash.clone(), n.clone()))
                .collect();
            ctx.remember(key, &by_hash);
            for (&i, n) in m.iter().zip(novel) {
                out.novel[i] = n;
            }
        }
        if let Some((key, derived)) = derived {
            // Cached only when every member could be loaded (the key names all of them).
            if derived.len() == m.len() {
                ctx.remember(key, &derived);
            }
            for (&i, d) in m.iter().zip(derived) {
                out.derivation[i] = Some(to_drop(d, &m));
            }
        }
    }
    Ok(out)
}
