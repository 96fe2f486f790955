//! The gold standard of paragraph correspondence in the seeds (`tests/gold/seeds.json`, see
//! `tests/gold/README.md`), resolved to paragraph indices. Shared by the lexical and semantic
//! F1 tests (`crate::common::gold`).
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use parallax::ingest::{load_paths, LoadOptions};
use parallax::Article;
use serde::Deserialize;

/// The seed gold as written: article file names and paragraph keys (text each contains).
#[derive(Deserialize)]
pub struct Gold {
    pub pairs: Vec<GoldPair>,
}

#[derive(Deserialize)]
pub struct GoldPair {
    pub left: String,
    pub right: String,
    pub correspond: Vec<(String, String)>,
    pub related: Vec<(String, String)>,
}

/// `tests/gold/seeds.json`, unresolved.
pub fn seed_gold() -> Gold {
    let text = std::fs::read_to_string("tests/gold/seeds.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The articles under `dir`, by file name.
pub fn by_file(dir: &str) -> HashMap<String, Article> {
    load_paths(&[PathBuf::from(dir)], &LoadOptions::default())
        .articles
        .into_iter()
        .map(|a| (a.path.rsplit('/').next().unwrap().to_string(), a))
        .collect()
}

pub type Links = BTreeSet<(usize, usize)>;

/// The one paragraph of `a` whose text contains `key`.
pub fn resolve(a: &Article, key: &str) -> usize {
    let hits: Vec<usize> = (0..a.paragraphs.len())
        .filter(|&i| a.paragraphs[i].text.contains(key))
        .collect();
    assert_eq!(hits.len(), 1, "gold key {key:?} in {}: {hits:?}", a.path);
    hits[0]
}

/// For each gold pair of articles: both articles, the corresponding and the related links.
pub fn pairs() -> Vec<(Article, Article, Links, Links)> {
    let seeds = by_file("seeds");
    seed_gold()
        .pairs
        .iter()
        .map(|p| {
            let (l, r) = (&seeds[&p.left], &seeds[&p.right]);
            let links = |v: &[(String, String)]| -> Links {
                v.iter()
                    .map(|(a, b)| (resolve(l, a), resolve(r, b)))
                    .collect()
            };
            (
                l.clone(),
                r.clone(),
                links(&p.correspond),
                links(&p.related),
            )
        })
        .collect()
}

/// Micro-averaged (tp, fp, fn) of an N-way alignment of the seeds against the pairwise gold:
/// two paragraphs of different gold articles predicted to correspond when they are members of
/// one group (or, with `with_also`, when one also carries the other's group's claim). Scored
/// like `diff`: a predicted pair the gold calls related counts neither way.
#[allow(dead_code)]
pub fn group_counts(
    articles: &[Article],
    al: &parallax::align::DropAlignment,
    with_also: bool,
) -> (usize, usize, usize) {
    group_counts_with(articles, al, with_also, false)
}

/// [`group_counts`], with the drop's pairwise links added to the predicted pairs when
/// `with_links` (what a reader sees as counterparts: group, also, and links).
#[allow(dead_code)]
pub fn group_counts_with(
    articles: &[Article],
    al: &parallax::align::DropAlignment,
    with_also: bool,
    with_links: bool,
) -> (usize, usize, usize) {
    let index = |path: &str| articles.iter().position(|a| a.path == path).unwrap();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (l, r, correspond, related) in pairs() {
        let (la, ra) = (index(&l.path), index(&r.path));
        let mut predicted = Links::new();
        for g in &al.groups {
            let everyone: Vec<_> = if with_also {
                g.members.iter().chain(&g.also).collect()
            } else {
                g.members.iter().collect()
            };
            for x in everyone.iter().filter(|m| m.article == la) {
                for y in everyone.iter().filter(|m| m.article == ra) {
                    predicted.insert((x.paragraph, y.paragraph));
                }
            }
        }
        if with_links {
            for l in &al.links {
                if (l.a.article, l.b.article) == (la, ra) {
                    predicted.insert((l.a.paragraph, l.b.paragraph));
                }
                if (l.a.article, l.b.article) == (ra, la) {
                    predicted.insert((l.b.paragraph, l.a.paragraph));
                }
            }
        }
        tp += predicted.intersection(&correspond).count();
        fp += predicted
            .iter()
            .filter(|p| !correspond.contains(p) && !related.contains(p))
            .count();
        fn_ += correspond.difference(&predicted).count();
    }
    (tp, fp, fn_)
}

/// Precision, recall and F1 of (tp, fp, fn).
#[allow(dead_code)]
pub fn prf((tp, fp, fn_): (usize, usize, usize)) -> (f64, f64, f64) {
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    (p, r, 2.0 * p * r / (p + r).max(1e-9))
}
