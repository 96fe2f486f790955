//! How the cross-language story join ([`parallax::triage::across_languages`]) would pair a drop's
//! stories: every pair of stories with no language in common, with the cosine of their mean
//! lead vectors under a multilingual model, the closest first, and whether it reaches
//! `JOIN_COSINE`.
//!
//! ```text
//! cargo run --release --example eval_cross_language_stories -- MODEL_DIR PATH...
//! ```
//!
//! Calibration (README, issue 15): the seeds with `tests/fixtures/multilingual` (their German,
//! Russian and French renderings must join the seeds' story) and the same renderings beside the
//! ECB+ dev texts (`../shared/corpora/ecbplus-dev/texts`, none of whose events they report).
//! Paths that do not exist are skipped with a message; the texts are read where they are.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use parallax::ingest::{load_paths, LoadOptions};
use parallax::similarity::semantic::Model;
use parallax::triage::across_languages::{languages_of, story_cosines, JOIN_COSINE};
use parallax::triage::drop_stories::drop_stories;

fn main() -> Result<()> {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let Some((model_dir, paths)) = args.split_first() else {
        eprintln!("usage: eval_cross_language_stories MODEL_DIR PATH...");
        std::process::exit(2);
    };
    let present: Vec<PathBuf> = paths
        .iter()
        .filter(|p| {
            let ok = p.exists();
            if !ok {
                println!("skipped: {} is absent", p.display());
            }
            ok
        })
        .cloned()
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    let drop = load_paths(&present, &LoadOptions::default());
    let model = Model::find(Some(model_dir), None).map_err(|u| anyhow!(u.reason()))?;
    let semantic = model.scorer(model.file_cache().ok());
    if !semantic.multilingual() {
        println!("note: {} is not multilingual", semantic.model_name());
    }
    let vectors = semantic
        .article_vectors(&drop.articles)
        .map_err(|e| anyhow!("{e}"))?;
    let stories = drop_stories(&drop.articles);
    let name = |s: usize| {
        let st = &stories[s];
        let langs: std::collections::BTreeSet<&str> = st
            .articles
            .iter()
            .filter_map(|&a| drop.articles[a].language.as_deref())
            .collect();
        let label: String = st.label.chars().take(50).collect();
        format!(
            "[{}] {} ({} articles)",
            langs.into_iter().collect::<Vec<_>>().join(","),
            label,
            st.articles.len()
        )
    };
    let groups: Vec<Vec<usize>> = stories.iter().map(|s| s.articles.clone()).collect();
    let pairs = story_cosines(&languages_of(&drop.articles), &groups, &vectors);
    println!(
        "{} articles, {} stories, {} cross-language story pairs, join at cosine {JOIN_COSINE}",
        drop.articles.len(),
        stories.len(),
        pairs.len()
    );
    for (c, a, b) in pairs.iter().take(25) {
        let mark = if *c >= JOIN_COSINE { "JOIN" } else { "    " };
        println!("{mark} {c:.4}  {}  ~  {}", name(*a), name(*b));
    }
    Ok(())
}
