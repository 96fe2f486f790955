//! Stories across languages. Story clustering is lexical (names, terms, dates), so a Russian
//! or German report of an English-covered event lands in a story of its own. With a
//! multilingual model, a story in one set of languages joins the story in other languages whose
//! lead paragraphs say the same thing. Within a language the lexical clusters are kept: only
//! stories with no language in common ever join, so two English events never merge here.

use std::collections::BTreeSet;

use super::drop_stories::{drop_stories, DropStory};
use crate::similarity::semantic::Semantic;
use crate::similarity::vector::{cosine as dot, mean};
use crate::Article;

/// The mean cosine of two stories' article lead vectors (multilingual-e5-small) at or above which
/// stories in different languages are one. Calibrated on the seeds and their renderings in
/// `tests/fixtures/multilingual` against the ECB+ dev split's stories (README, issue 15).
pub const JOIN_COSINE: f32 = 0.92;

/// The stories of a drop ([`drop_stories`]), joined across languages when `semantic` is a
/// multilingual model and the drop mixes languages. The model's lead vectors come from the
/// cache a run already filled; if they cannot be had, the lexical stories stand and the
/// reason is returned beside them for the caller to report.
pub fn drop_stories_across_languages(
    articles: &[Article],
    semantic: Option<&Semantic>,
) -> (Vec<DropStory>, Option<String>) {
    let stories = drop_stories(articles);
    let Some(semantic) = semantic.filter(|s| s.multilingual()) else {
        return (stories, None);
    };
    if !crate::language::mixes_languages(articles) {
        return (stories, None);
    }
    match semantic.article_vectors(articles) {
        Ok(vectors) => (join_across_languages(articles, stories, &vectors), None),
        Err(e) => (
            stories,
            Some(format!("stories not joined across languages: {e}")),
        ),
    }
}

/// `stories` with those in different languages joined where their leads agree (see the module
/// note). `vectors` holds one article vector per article ([`crate::similarity::semantic`]'s
/// `article_vectors`; empty for none). Ids are renumbered from 1 in the stories' order.
pub fn join_across_languages(
    articles: &[Article],
    stories: Vec<DropStory>,
    vectors: &[Vec<f32>],
) -> Vec<DropStory> {
    let groups: Vec<Vec<usize>> = stories.iter().map(|s| s.articles.clone()).collect();
    let into = joins(&languages_of(articles), &groups, vectors);
    let mut out: Vec<DropStory> = Vec::new();
    let mut at: Vec<Option<usize>> = vec![None; stories.len()];
    for (s, &r) in into.iter().enumerate() {
        if at[r].is_none() {
            at[r] = Some(out.len());
            out.push(DropStory {
                id: out.len() + 1,
                label: stories[r].label.clone(),
                articles: Vec::new(),
            });
        }
        if let Some(i) = at[r] {
            out[i].articles.extend(&stories[s].articles);
        }
    }
    for s in &mut out {
        s.articles.sort_unstable();
    }
    out
}

/// Each article's known language (ISO 639-1), as [`joins`] and [`story_cosines`] take them.
pub fn languages_of(articles: &[Article]) -> Vec<Option<&str>> {
    articles.iter().map(|a| a.language.as_deref()).collect()
}

/// Which group each of `groups` (lists of articles) ends in once groups with no language in
/// common join where their leads agree: `into[g]` is the group g joins, g itself when none
/// (the bigger group keeps its place, then the earlier). The closest pairs join first, and a
/// join that would put one language in a group twice is refused, so within a language the
/// lexical groups stand.
pub fn joins(
    languages: &[Option<&str>],
    groups: &[Vec<usize>],
    vectors: &[Vec<f32>],
) -> Vec<usize> {
    let mut pairs = story_cosines(languages, groups, vectors);
    pairs.retain(|p| p.0 >= JOIN_COSINE);
    let mut into: Vec<usize> = (0..groups.len()).collect();
    let mut langs: Vec<BTreeSet<&str>> =
        groups.iter().map(|g| languages_in(languages, g)).collect();
    let mut size: Vec<usize> = groups.iter().map(Vec::len).collect();
    let find = |into: &[usize], mut s: usize| {
        while into[s] != s {
            s = into[s];
        }
        s
    };
    for (_, a, b) in pairs {
        let (ra, rb) = (find(&into, a), find(&into, b));
        if ra == rb || !langs[ra].is_disjoint(&langs[rb]) {
            continue;
        }
        let (keep, gone) = if (size[rb], ra) > (size[ra], rb) {
            (rb, ra)
        } else {
            (ra, rb)
        };
        into[gone] = keep;
        size[keep] += size[gone];
        let moved = std::mem::take(&mut langs[gone]);
        langs[keep].extend(moved);
    }
    (0..groups.len()).map(|g| find(&into, g)).collect()
}

/// Every pair of groups with no language in common (both known), with the mean cosine of
/// their articles' lead vectors, the closest first: what [`JOIN_COSINE`] is calibrated on.
pub fn story_cosines(
    languages: &[Option<&str>],
    groups: &[Vec<usize>],
    vectors: &[Vec<f32>],
) -> Vec<(f32, usize, usize)> {
    let group_vectors: Vec<Vec<f32>> = groups
        .iter()
        .map(|g| {
            let vs: Vec<Vec<f32>> = g
                .iter()
                .filter_map(|&a| vectors.get(a).filter(|v| !v.is_empty()).cloned())
                .collect();
            mean(&vs)
        })
        .collect();
    let langs: Vec<BTreeSet<&str>> = groups.iter().map(|g| languages_in(languages, g)).collect();
    let mut pairs = Vec::new();
    for a in 0..groups.len() {
        for b in a + 1..groups.len() {
            if langs[a].is_empty() || langs[b].is_empty() || !langs[a].is_disjoint(&langs[b]) {
                continue;
            }
            // The mean of the article pairs' cosines (average linkage): the cosine of two
            // stories' unit centroids favours big stories, whose centroid leans towards what
            // all news shares (measured: 0.92 for unrelated English stories of 7–23 articles).
            let c = dot(&group_vectors[a], &group_vectors[b]);
            pairs.push((c, a, b));
        }
    }
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    pairs
}

/// The known languages of a group's articles.
fn languages_in<'a>(languages: &[Option<&'a str>], group: &[usize]) -> BTreeSet<&'a str> {
    group.iter().filter_map(|&a| *languages.get(a)?).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(language: &str) -> Article {
        let mut a = crate::ingest::article_from_bytes(
            "x.txt",
            b"Some text of an article.",
            &crate::ingest::LoadOptions::default(),
        )
        .unwrap();
        a.language = Some(language.to_string());
        a
    }

    fn story(id: usize, articles: &[usize]) -> DropStory {
        DropStory {
            id,
            label: format!("story {id}"),
            articles: articles.to_vec(),
        }
    }

    #[test]
    fn a_story_in_another_language_joins_the_one_its_leads_match_and_english_stays_apart() {
        let articles = vec![article("en"), article("en"), article("de"), article("en")];
        let stories = vec![story(1, &[0, 1]), story(2, &[2]), story(3, &[3])];
        // The German lead matches story 1; story 3 is another English event with the same lead
        // vector, which never joins story 1 because they share a language.
        let v = |x: f32| {
            let n = (x * x + 1.0).sqrt();
            vec![x / n, 1.0 / n]
        };
        let vectors = vec![v(0.0), v(0.0), v(0.05), v(0.0)];
        let joined = join_across_languages(&articles, stories, &vectors);
        assert_eq!(joined.len(), 2);
        assert_eq!(joined[0].articles, vec![0, 1, 2]);
        assert_eq!(joined[0].label, "story 1");
        assert_eq!(joined[1].articles, vec![3]);
        assert_eq!((joined[0].id, joined[1].id), (1, 2));
    }

    #[test]
    fn leads_that_disagree_or_unknown_languages_never_join() {
        let mut unknown = article("en");
        unknown.language = None;
        let articles = vec![article("en"), article("ru"), unknown];
        let stories = vec![story(1, &[0]), story(2, &[1]), story(3, &[2])];
        let vectors = vec![vec![1.0, 0.0], vec![0.6, 0.8], vec![1.0, 0.0]];
        let joined = join_across_languages(&articles, stories.clone(), &vectors);
        assert_eq!(joined, stories);
    }
}
