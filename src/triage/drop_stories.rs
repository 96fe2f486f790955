//! The stories of a set of articles with no triage state behind them (`parallax align`): the
//! same clustering triage uses, numbered afresh in order of each story's first article.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::features::features;
use super::pins::path_key;
use super::stories::StoryModel;
use super::{Report, Status};
use crate::align::ParagraphMark;
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
        .zip(clusters.members())
        .enumerate()
        .map(|(s, (&medoid, members))| DropStory {
            id: s + 1,
            label: label(&articles[medoid]),
            articles: members,
        })
        .collect();
    stories.retain(|s| !s.articles.is_empty());
    stories
}

fn label(a: &Article) -> String {
    match a.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => t.to_string(),
        _ => a.path.rsplit('/').next().unwrap_or(&a.path).to_string(),
    }
}

/// The stories of `articles` as a triage `report` of their folder has them, so a reader sees
/// the ids triage keeps stable while files arrive; `None` when the report does not place
/// every article (one arrived after the scan, or lies outside the folder scanned): a story
/// of its own would be a guess, so the caller clusters instead until the next scan. Stories
/// in `articles` order of their first article.
pub fn report_stories(report: &Report, articles: &[Article]) -> Option<Vec<DropStory>> {
    let story_of: HashMap<String, u64> = report
        .items
        .iter()
        .filter_map(|it| Some((path_key(&it.path), it.story?)))
        .collect();
    let labels: HashMap<u64, &str> = report
        .stories
        .iter()
        .map(|s| (s.id, s.label.as_str()))
        .collect();
    let mut by_id: BTreeMap<u64, usize> = BTreeMap::new();
    let mut out: Vec<DropStory> = Vec::new();
    for (a, art) in articles.iter().enumerate() {
        let id = *story_of.get(&path_key(&art.path))?;
        let at = *by_id.entry(id).or_insert_with(|| {
            out.push(DropStory {
                id: id as usize,
                label: labels
                    .get(&id)
                    .map_or_else(|| label(art), |l| l.to_string()),
                articles: Vec::new(),
            });
            out.len() - 1
        });
        out[at].articles.push(a);
    }
    Some(out)
}

/// What a list of stories shows of one: its outlets and articles, how many of them triage
/// reports new or changed, its first and last publication date, and the share of its
/// paragraphs another outlet of the story disputes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StorySummary {
    pub outlets: usize,
    pub articles: usize,
    /// Articles new or changed since last marked seen (0 without a report).
    pub fresh: usize,
    pub first_published: Option<String>,
    pub last_published: Option<String>,
    /// Disputed paragraphs over all paragraphs of the story, in [0, 1]; `None` before the
    /// drop is aligned.
    pub disputed: Option<f32>,
}

/// Summarise each of `stories` of `articles`, with the drop's paragraph marks once it is
/// aligned and the triage report of its folder when there is one.
pub fn summaries(
    stories: &[DropStory],
    articles: &[Article],
    marks: Option<&[Vec<ParagraphMark>]>,
    report: Option<&Report>,
) -> Vec<StorySummary> {
    let fresh_paths: HashSet<String> = report
        .into_iter()
        .flat_map(|r| &r.items)
        .filter(|it| matches!(it.status, Status::New | Status::Changed))
        .map(|it| path_key(&it.path))
        .collect();
    stories
        .iter()
        .map(|s| summarise(s, articles, marks, &fresh_paths))
        .collect()
}

fn summarise(
    story: &DropStory,
    articles: &[Article],
    marks: Option<&[Vec<ParagraphMark>]>,
    fresh_paths: &HashSet<String>,
) -> StorySummary {
    let arts: Vec<&Article> = story
        .articles
        .iter()
        .filter_map(|&a| articles.get(a))
        .collect();
    let mut outlets: Vec<String> = arts.iter().map(|a| a.outlet_name()).collect();
    outlets.sort();
    outlets.dedup();
    let mut dates: Vec<&str> = arts.iter().filter_map(|a| a.date.as_deref()).collect();
    dates.sort_unstable();
    let disputed = marks.map(|marks| {
        let (mut all, mut disputed) = (0usize, 0usize);
        for &a in &story.articles {
            for m in marks.get(a).into_iter().flatten() {
                all += 1;
                disputed += usize::from(m.disputed);
            }
        }
        if all == 0 {
            0.0
        } else {
            disputed as f32 / all as f32
        }
    });
    StorySummary {
        outlets: outlets.len(),
        articles: arts.len(),
        fresh: arts
            .iter()
            .filter(|a| fresh_paths.contains(&path_key(&a.path)))
            .count(),
        first_published: dates.first().map(|d| d.to_string()),
        last_published: dates.last().map(|d| d.to_string()),
        disputed,
    }
}
