//! Verdicts: what a file is relative to the articles before it, with the evidence (the
//! articles it points at, a score), and for revisions what changed and how much it matters.
//!
//! Order of precedence, most specific first: duplicate, revision, near-duplicate, same story,
//! new story. All thresholds are here, with where each number came from.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::features::{word_key, Features};
use super::shingles;
use super::stories::{Clusters, StoryModel};
use super::{ChangeClass, Changes, Verdict};
use crate::article::{Article, RemovalReason};

/// Estimated 3-shingle Jaccard at or above which a copy is a near-duplicate. A syndicated copy
/// with a new headline and a few edited sentences scores 0.7–0.9 on the fixtures; two outlets'
/// own reports of the same event score under 0.05.
pub const NEAR_DUPLICATE: f32 = 0.5;
/// Shingle overlap a same-title article needs to count as a revision: an update that rewrites
/// one paragraph and adds another keeps well above this (0.6–0.8 on the fixtures), while a
/// different article under a generic headline ("Live updates") falls below it.
pub const REVISION_OVERLAP: f32 = 0.3;
/// Word-set Jaccard at which an unmatched paragraph of a revision counts as an edit of an old
/// one rather than a removal plus an addition: a sentence changed in a three-sentence paragraph
/// keeps about two thirds of its words.
const EDITED_PARAGRAPH: f32 = 0.5;

/// How many earlier articles a same-story verdict names: enough to open a comparison, not a
/// list of a hundred paths for a big story.
const SAME_STORY_EVIDENCE: usize = 5;

/// A verdict with its evidence. `of` indexes the drop's readable articles.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    pub of: Vec<usize>,
    pub score: Option<f32>,
}

/// Lookups over the drop's readable articles, in drop order ((first seen, path)).
pub struct Index<'a> {
    feats: &'a [&'a Features],
    by_text: BTreeMap<&'a str, Vec<usize>>,
    by_url: BTreeMap<&'a str, Vec<usize>>,
    by_title: BTreeMap<(&'a str, &'a str), Vec<usize>>,
    /// Only looked up (never iterated), so a hash map's order cannot leak into output.
    bands: HashMap<u64, Vec<usize>>,
}

impl<'a> Index<'a> {
    pub fn new(feats: &'a [&'a Features]) -> Index<'a> {
        let mut ix = Index {
            feats,
            by_text: BTreeMap::new(),
            by_url: BTreeMap::new(),
            by_title: BTreeMap::new(),
            bands: HashMap::new(),
        };
        for (i, f) in feats.iter().enumerate() {
            ix.by_text.entry(&f.text_hash).or_default().push(i);
            if let Some(u) = &f.url {
                ix.by_url.entry(u).or_default().push(i);
            }
            // Two unknown outlets are not "the same outlet": a syndicated copy that keeps the
            // headline stays a near-duplicate unless the URL says otherwise.
            if let (Some(o), Some(t)) = (&f.outlet, &f.title) {
                ix.by_title.entry((o, t)).or_default().push(i);
            }
            for k in shingles::band_keys(&f.minhash) {
                ix.bands.entry(k).or_default().push(i);
            }
        }
        ix
    }

    /// Shingle similarity of articles `a` and `b`.
    pub fn overlap(&self, a: usize, b: usize) -> f32 {
        shingles::similarity(&self.feats[a].minhash, &self.feats[b].minhash)
    }

    /// Articles before `i` whose shingles may be similar (LSH candidates), ascending.
    fn candidates_before(&self, i: usize) -> BTreeSet<usize> {
        shingles::band_keys(&self.feats[i].minhash)
            .iter()
            .filter_map(|k| self.bands.get(k))
            .flat_map(|v| v.iter().copied().filter(|&j| j < i))
            .collect()
    }

    /// Every copy of article `i`'s text elsewhere or near it (duplicates and near-duplicates in
    /// both directions): the family that shares its read state.
    pub fn copies(&self, i: usize) -> Vec<usize> {
        let mut out: BTreeSet<usize> = self.by_text[self.feats[i].text_hash.as_str()]
            .iter()
            .copied()
            .collect();
        for k in shingles::band_keys(&self.feats[i].minhash) {
            for &j in self.bands.get(&k).into_iter().flatten() {
                if self.overlap(i, j) >= NEAR_DUPLICATE {
                    out.insert(j);
                }
            }
        }
        out.remove(&i);
        out.into_iter().collect()
    }

    /// The verdict for article `i` against the articles before it, given the drop's stories.
    pub fn decide(&self, i: usize, stories: &Clusters, model: &StoryModel) -> Decision {
        let f = self.feats[i];
        let before = |v: Option<&Vec<usize>>| -> Vec<usize> {
            v.map(|v| v.iter().copied().filter(|&j| j < i).collect())
                .unwrap_or_default()
        };
        let dups = before(self.by_text.get(f.text_hash.as_str()));
        if !dups.is_empty() && f.paragraphs > 0 {
            return Decision {
                verdict: Verdict::Duplicate,
                of: dups,
                score: Some(1.0),
            };
        }
        if let Some(j) = self.revises(i) {
            return Decision {
                verdict: Verdict::Revision,
                of: vec![j],
                score: Some(self.overlap(i, j)),
            };
        }
        let mut near: Vec<(usize, f32)> = self
            .candidates_before(i)
            .into_iter()
            .map(|j| (j, self.overlap(i, j)))
            .filter(|(_, s)| *s >= NEAR_DUPLICATE)
            .collect();
        if !near.is_empty() {
            let best = near.iter().map(|(_, s)| *s).fold(0.0, f32::max);
            near.sort_by_key(|(j, _)| *j);
            return Decision {
                verdict: Verdict::NearDuplicate,
                of: near.into_iter().map(|(j, _)| j).collect(),
                score: Some(best),
            };
        }
        let first = stories.first[stories.story[i]];
        if first == i {
            return Decision {
                verdict: Verdict::NewStory,
                of: Vec::new(),
                score: None,
            };
        }
        // Evidence: the most similar earlier articles it is directly linked to (else, when it
        // joined through a chain of links, the story's first article).
        let mut of: Vec<(usize, f32)> = stories.neighbours[i]
            .iter()
            .copied()
            .filter(|(j, _)| *j < i)
            .take(SAME_STORY_EVIDENCE)
            .collect();
        if of.is_empty() {
            of.push((first, model.cosine(i, first)));
        }
        let best = of.iter().map(|x| x.1).fold(0.0, f32::max);
        let mut of: Vec<usize> = of.into_iter().map(|x| x.0).collect();
        of.sort_unstable();
        Decision {
            verdict: Verdict::SameStory,
            of,
            score: Some(best),
        }
    }

    /// The latest earlier article that `i` is a new version of: same URL, or same outlet and
    /// title with [`REVISION_OVERLAP`].
    fn revises(&self, i: usize) -> Option<usize> {
        let f = self.feats[i];
        if let Some(u) = &f.url {
            if let Some(j) = self.by_url[u.as_str()].iter().rev().find(|&&j| j < i) {
                return Some(*j);
            }
        }
        let key = (f.outlet.as_deref()?, f.title.as_deref()?);
        self.by_title[&key]
            .iter()
            .rev()
            .find(|&&j| j < i && self.overlap(i, j) >= REVISION_OVERLAP)
            .copied()
    }
}

/// What changed from `old` to `new`, paragraph by paragraph, and how much it matters.
pub fn changes(old: &Article, new: &Article) -> Changes {
    let ok: Vec<String> = old.paragraphs.iter().map(|p| word_key(&p.norm)).collect();
    let nk: Vec<String> = new.paragraphs.iter().map(|p| word_key(&p.norm)).collect();
    let mut old_used = vec![false; ok.len()];
    // (old, new) pairs: first identical words, then edits.
    let mut same: Vec<(usize, usize)> = Vec::new();
    let mut new_left = Vec::new();
    for (j, k) in nk.iter().enumerate() {
        match (0..ok.len()).find(|&i| !old_used[i] && &ok[i] == k) {
            Some(i) => {
                old_used[i] = true;
                same.push((i, j));
            }
            None => new_left.push(j),
        }
    }
    let mut edited = Vec::new();
    let mut added = Vec::new();
    for j in new_left {
        let best = (0..ok.len())
            .filter(|&i| !old_used[i])
            .map(|i| (i, word_jaccard(&ok[i], &nk[j])))
            .filter(|(_, s)| *s >= EDITED_PARAGRAPH)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((i, _)) => {
                old_used[i] = true;
                edited.push((i, j));
            }
            None => added.push(j),
        }
    }
    let removed: Vec<usize> = (0..ok.len()).filter(|&i| !old_used[i]).collect();
    let mut kept: Vec<(usize, usize)> = same.iter().chain(&edited).copied().collect();
    kept.sort_by_key(|p| p.1);
    let in_order = longest_increasing(&kept.iter().map(|p| p.0).collect::<Vec<_>>());
    let mut moved: Vec<usize> = kept
        .iter()
        .enumerate()
        .filter(|(k, _)| !in_order.contains(k))
        .map(|(_, p)| p.1)
        .collect();
    moved.sort_unstable();
    let title_key = |a: &Article| {
        a.title
            .as_deref()
            .map(|t| word_key(&crate::normalise::normalise(t)))
    };
    let removed_key = |a: &Article| -> Vec<String> {
        let mut v: Vec<String> = a
            .removed
            .iter()
            .filter(|r| r.reason != RemovalReason::Title)
            .map(|r| word_key(&crate::normalise::normalise(&r.text)))
            .collect();
        v.sort();
        v
    };
    let title_changed = title_key(old) != title_key(new);
    let class = if !added.is_empty() || !removed.is_empty() || !edited.is_empty() || title_changed {
        ChangeClass::Substantive
    } else if !moved.is_empty() {
        ChangeClass::Structural
    } else {
        ChangeClass::Cosmetic
    };
    edited.sort_unstable();
    let mut c = Changes {
        class: Some(class),
        added,
        removed,
        edited,
        moved,
        title_changed,
        removed_lines_changed: removed_key(old) != removed_key(new),
        summary: Vec::new(),
    };
    c.summary = super::revision::summary(old, new, &c);
    c
}

fn word_jaccard(a: &str, b: &str) -> f32 {
    let x: BTreeSet<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let y: BTreeSet<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    let union = x.union(&y).count();
    if union == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f32 / union as f32
}

/// Positions (into `v`) of one longest strictly increasing subsequence.
fn longest_increasing(v: &[usize]) -> BTreeSet<usize> {
    let n = v.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if v[j] < v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut out = BTreeSet::new();
    let Some(mut k) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return out;
    };
    loop {
        out.insert(k);
        if prev[k] == usize::MAX {
            break;
        }
        k = prev[k];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    const BASE: &str = "Talks end without deal\n\nThe aide said the talks lasted five hours and ended without a deal on territory.\n\nThe envoy will report to the president on Wednesday, officials said.\n\nA third paragraph says the army claimed a town in the east.\n";

    #[test]
    fn spacing_and_punctuation_only_is_cosmetic() {
        let new = BASE
            .replace("five hours and", "five hours, and")
            .replace("  ", " ");
        let c = changes(&art(BASE), &art(&new));
        assert_eq!(c.class, Some(ChangeClass::Cosmetic));
        assert!(c.edited.is_empty() && c.added.is_empty());
    }

    #[test]
    fn swapped_paragraphs_are_structural() {
        let new = "Talks end without deal\n\nThe envoy will report to the president on Wednesday, officials said.\n\nThe aide said the talks lasted five hours and ended without a deal on territory.\n\nA third paragraph says the army claimed a town in the east.\n";
        let c = changes(&art(BASE), &art(new));
        assert_eq!(c.class, Some(ChangeClass::Structural));
        assert_eq!(c.moved.len(), 1);
    }

    #[test]
    fn edited_and_added_paragraphs_are_substantive_and_listed() {
        let new = BASE.replace("on Wednesday", "on Thursday")
            + "\nA new closing paragraph reports reaction from the capital.\n";
        let c = changes(&art(BASE), &art(&new));
        assert_eq!(c.class, Some(ChangeClass::Substantive));
        assert_eq!(c.edited, vec![(1, 1)]);
        assert_eq!(c.added, vec![3]);
        assert!(c.removed.is_empty());
    }
}
