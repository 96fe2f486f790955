//! The gold standard of paragraph correspondence in the seeds (`tests/gold/seeds.json`, see
//! `tests/gold/README.md`), resolved to paragraph indices. Shared by the lexical and semantic
//! F1 tests; included with `#[path = "common/gold.rs"] mod gold;`.
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use parallax::ingest::{load_paths, LoadOptions};
use parallax::Article;
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    pairs: Vec<GoldPair>,
}

#[derive(Deserialize)]
struct GoldPair {
    left: String,
    right: String,
    correspond: Vec<(String, String)>,
    related: Vec<(String, String)>,
}

pub type Links = BTreeSet<(usize, usize)>;

/// The one paragraph of `a` whose text contains `key`.
fn resolve(a: &Article, key: &str) -> usize {
    let hits: Vec<usize> = (0..a.paragraphs.len())
        .filter(|&i| a.paragraphs[i].text.contains(key))
        .collect();
    assert_eq!(hits.len(), 1, "gold key {key:?} in {}: {hits:?}", a.path);
    hits[0]
}

/// For each gold pair of articles: both articles, the corresponding and the related links.
pub fn pairs() -> Vec<(Article, Article, Links, Links)> {
    let drop = load_paths(&[PathBuf::from("seeds")], &LoadOptions::default());
    let seeds: HashMap<String, Article> = drop
        .articles
        .into_iter()
        .map(|a| (a.path.rsplit('/').next().unwrap().to_string(), a))
        .collect();
    let text = std::fs::read_to_string("tests/gold/seeds.json").unwrap();
    let gold: Gold = serde_json::from_str(&text).unwrap();
    gold.pairs
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
