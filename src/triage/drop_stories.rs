//! The stories of a set of articles with no triage state behind them (`parallax align`): the
//! same clustering triage uses, numbered afresh in order of each story's first article.

use super::features::features;
use super::stories::StoryModel;
use crate::Article;

/// One story of a drop: its number (from 1), a label a reader recognises (the title of its most
/// representative article, else that article's file name) and its articles (drop indices).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DropStory {
    pub id: usize,
    pub label: String,
    pub articles: Vec<usize>,
}

/// Cluster `articles` into stories (see `triage::stories`); every article is in exactly one.
pub fn drop_stories(articles: &[Article]) -> Vec<DropStory> {
    if articles.is_empty() {
        return Vec::new();
    }
    let feats: Vec<_> = articles.iter().map(features).collect();
    let refs: Vec<_> = feats.iter().collect();
    let clusters = StoryModel::new(&refs).clusters(&vec![None; articles.len()]);
    let mut stories: Vec<DropStory> = clusters
        .medoid
        .iter()
        .enumerate()
        .map(|(s, &medoid)| DropStory {
            id: s + 1,
            label: label(&articles[medoid]),
            articles: Vec::new(),
        })
        .collect();
    for (a, &s) in clusters.story.iter().enumerate() {
        stories[s].articles.push(a);
    }
    stories.retain(|s| !s.articles.is_empty());
    stories
}

fn label(a: &Article) -> String {
    match a.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => a.path.rsplit('/').next().unwrap_or(&a.path).to_string(),
    }
}
