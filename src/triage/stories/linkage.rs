//! Average linkage over a sparse candidate graph. Two clusters merge while the mean similarity
//! of all their article pairs, times a date agreement factor, is at least a threshold; the
//! most similar pair merges first. A single shared name cannot chain two events together: the
//! whole of each side has to be close on average.
//!
//! Articles are unit vectors, so the mean cosine of all pairs across two clusters is the dot
//! product of their vector sums divided by the product of their sizes: it is exact for every
//! pair, including pairs the candidate search never proposed, and a big story needs no
//! quadratic list of pairs. Candidate pairs only say which clusters to compare.
//!
//! A merge must also be *consistent*: the mean similarity across the two clusters must be at
//! least a share of the mean similarity within the looser of them (see [`Linker::consistent`]).
//! Two tight events of one kind that share a place, a recurring name and their week pass an
//! absolute cut once the date bonus doubles them, but sit far below how alike each event's own
//! reports are.
//!
//! The heap is lazy: an entry whose clusters have grown since it was pushed is scored again
//! when it comes out. Average linkage never scores a merged cluster above the better of its
//! parts against a third cluster, so the stale entry's score bounds the fresh one and the
//! merges come in the same order as with eager updates.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap};

use crate::unionfind::UnionFind;

/// The bit that marks a feature hash as a name.
pub const NAME_BIT: u64 = 1 << 63;

/// Factor on the similarity of two clusters that both give names but share none: two reports of one
/// event name at least its place or its people, two earthquakes or two trials of one week
/// share the rest of their words. In a drop of a handful of articles rarity cannot tell the
/// words of an event from those of its kind, and this is what keeps the first reports of two
/// earthquakes apart (tests/all/stories.rs, files arriving one by one). Costs 0.01 of mean
/// ARI on the ECB+ dev split (0.25 scores the same).
pub const NO_SHARED_NAME: f32 = 0.5;

/// How dates move the similarity of two clusters: pairs of articles dated within `near` days
/// of each other count `1 + bonus`, pairs more than `far` days apart count `1 - penalty`.
#[derive(Debug, Clone, Copy)]
pub struct DateRule {
    pub near: i32,
    pub far: i32,
    pub bonus: f32,
    pub penalty: f32,
}

/// A cluster while linking: its vector sum, its members' event dates, and the id of the story
/// it continues when it holds articles of an earlier scan.
struct Cluster {
    sum: Vec<(u64, f32)>,
    /// The part of `sum` that is names.
    names: Vec<(u64, f32)>,
    /// The sum of the same articles' vectors weighed against the whole drop (see
    /// [`Linker::weigh_drop_too`]); empty when unused.
    wide: Vec<(u64, f32)>,
    size: usize,
    /// (day, articles) sorted by day; undated articles are not listed.
    dates: Vec<(i32, u32)>,
    kept: Option<u64>,
    version: u32,
    /// The squared length of `sum`: with unit vectors, the mean similarity of the cluster's
    /// own pairs is `(sq - size) / (size × (size - 1))`.
    sq: f32,
}

/// The clusters of one linking run over `vecs` (unit vectors, sorted by key).
pub struct Linker<'a> {
    vecs: &'a [Vec<(u64, f32)>],
    rule: DateRule,
    /// Weight of the whole-drop similarity (0: not used).
    wide: f32,
    /// Share of the within-cluster mean a merge needs (0: not used).
    consistency: f32,
    clusters: Vec<Cluster>,
    /// Which slot each cluster slot has merged into; a merged cluster lives in the lower slot.
    sets: UnionFind,
    /// Each article's starting slot.
    start: Vec<usize>,
}

impl<'a> Linker<'a> {
    /// Start from `groups` (lists of indices into `vecs`, each with the story id it keeps, if
    /// any); every article must be in exactly one group.
    pub fn new(
        vecs: &'a [Vec<(u64, f32)>],
        dates: &[Option<i32>],
        groups: &[(Vec<usize>, Option<u64>)],
        rule: DateRule,
    ) -> Linker<'a> {
        let mut start = vec![0; vecs.len()];
        let clusters = groups
            .iter()
            .enumerate()
            .map(|(g, (members, kept))| {
                let mut sum: Vec<(u64, f32)> = Vec::new();
                let mut by_day: BTreeMap<i32, u32> = BTreeMap::new();
                for &i in members {
                    start[i] = g;
                    sum = add(&sum, &vecs[i]);
                    if let Some(d) = dates[i] {
                        *by_day.entry(d).or_default() += 1;
                    }
                }
                Cluster {
                    sq: sum.iter().map(|(_, w)| w * w).sum(),
                    names: names_of(&sum),
                    wide: Vec::new(),
                    sum,
                    size: members.len(),
                    dates: by_day.into_iter().collect(),
                    kept: *kept,
                    version: 0,
                }
            })
            .collect();
        Linker {
            vecs,
            rule,
            wide: 0.0,
            consistency: 0.0,
            clusters,
            sets: UnionFind::new(groups.len()),
            start,
        }
    }

    /// Score clusters also by their similarity over the whole drop (`drop_vecs`, in the same
    /// order as the vectors given to [`Linker::new`]), times `weight`, when that is the higher.
    /// Call before linking.
    pub fn weigh_drop_too(&mut self, drop_vecs: &[Vec<(u64, f32)>], weight: f32) {
        for (i, v) in drop_vecs.iter().enumerate() {
            let c = &mut self.clusters[self.start[i]];
            c.wide = add(&c.wide, v);
        }
        self.wide = weight;
    }

    /// Require every merge to be consistent: the mean similarity across the two clusters (their
    /// own vectors, before the date and name factors) at least `share` of the mean within the
    /// looser of those with two articles or more. A cut that is absolute alone joins any two
    /// events whose shared background clears it, however much closer each event's reports are
    /// to each other (the "inconsistent link" of hierarchical clustering). Call before linking.
    pub fn consistent(&mut self, share: f32) {
        self.consistency = share;
    }

    /// The current cluster of article `i`.
    pub fn cluster_of(&mut self, i: usize) -> usize {
        self.sets.root(self.start[i])
    }

    pub fn size(&self, c: usize) -> usize {
        self.clusters[c].size
    }

    /// Whether `a` and `b` may merge: two stories kept from an earlier scan never do.
    fn may_merge(&self, a: usize, b: usize) -> bool {
        a != b && !(self.clusters[a].kept.is_some() && self.clusters[b].kept.is_some())
    }

    /// Mean pairwise similarity of clusters `a` and `b` with the date factor.
    pub fn score(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (&self.clusters[a], &self.clusters[b]);
        let pairs = (x.size * y.size) as f32;
        if pairs == 0.0 {
            return 0.0;
        }
        // Text with no capitalised names at all (lower-case notes) is judged by its words.
        let unnamed = x.names.is_empty() || y.names.is_empty();
        let named = if unnamed || dot(&x.names, &y.names) > 0.0 {
            1.0
        } else {
            NO_SHARED_NAME
        };
        let mut mean = dot(&x.sum, &y.sum) / pairs;
        if self.wide > 0.0 {
            mean = mean.max(self.wide * dot(&x.wide, &y.wide) / pairs);
        }
        if self.consistency > 0.0 {
            let own = dot(&x.sum, &y.sum) / pairs;
            let within = match (cohesion(x), cohesion(y)) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if within.is_some_and(|w| own < self.consistency * w) {
                return 0.0;
            }
        }
        mean * self.date_factor(x, y, pairs) * named
    }

    fn date_factor(&self, x: &Cluster, y: &Cluster, pairs: f32) -> f32 {
        let (mut near, mut far) = (0u64, 0u64);
        for &(dx, cx) in &x.dates {
            for &(dy, cy) in &y.dates {
                let gap = (dx - dy).abs();
                let n = u64::from(cx) * u64::from(cy);
                if gap <= self.rule.near {
                    near += n;
                } else if gap > self.rule.far {
                    far += n;
                }
            }
        }
        1.0 + (self.rule.bonus * near as f32 - self.rule.penalty * far as f32) / pairs
    }

    fn merge(&mut self, a: usize, b: usize) -> usize {
        let (keep, gone) = (a.min(b), a.max(b));
        let g = std::mem::replace(
            &mut self.clusters[gone],
            Cluster {
                sum: Vec::new(),
                names: Vec::new(),
                wide: Vec::new(),
                size: 0,
                dates: Vec::new(),
                kept: None,
                version: 0,
                sq: 0.0,
            },
        );
        let k = &mut self.clusters[keep];
        k.sum = add(&k.sum, &g.sum);
        k.names = add(&k.names, &g.names);
        k.wide = add(&k.wide, &g.wide);
        k.size += g.size;
        k.sq = k.sum.iter().map(|(_, w)| w * w).sum();
        let mut by_day: BTreeMap<i32, u32> = k.dates.iter().copied().collect();
        for (d, c) in g.dates {
            *by_day.entry(d).or_default() += c;
        }
        k.dates = by_day.into_iter().collect();
        k.kept = k.kept.or(g.kept);
        k.version += 1;
        self.sets.merge_into(gone, keep);
        keep
    }

    /// Merge clusters joined by candidate `pairs` (article indices) while their score is at
    /// least `threshold`, best first.
    pub fn link(&mut self, pairs: &[(usize, usize)], threshold: f32) {
        let mut heap = BinaryHeap::new();
        let mut seen: Vec<(usize, usize)> = pairs
            .iter()
            .map(|&(i, j)| {
                let (a, b) = (self.cluster_of(i), self.cluster_of(j));
                (a.min(b), a.max(b))
            })
            .filter(|(a, b)| a != b)
            .collect();
        seen.sort_unstable();
        seen.dedup();
        for (a, b) in seen {
            self.push(&mut heap, a, b, threshold);
        }
        while let Some(e) = heap.pop() {
            let (a, b) = (self.sets.root(e.a), self.sets.root(e.b));
            if !self.may_merge(a, b) {
                continue;
            }
            let fresh = a == e.a
                && b == e.b
                && self.clusters[a].version == e.va
                && self.clusters[b].version == e.vb;
            if fresh {
                self.merge(a, b);
            } else {
                self.push(&mut heap, a.min(b), a.max(b), threshold);
            }
        }
    }

    fn push(&self, heap: &mut BinaryHeap<Entry>, a: usize, b: usize, threshold: f32) {
        if !self.may_merge(a, b) {
            return;
        }
        let score = self.score(a, b);
        if score >= threshold {
            heap.push(Entry {
                score,
                a,
                b,
                va: self.clusters[a].version,
                vb: self.clusters[b].version,
            });
        }
    }

    /// Let every cluster of at most `small` articles join the larger cluster it scores best
    /// with, when that score is at least `threshold`: an article that found no close mate
    /// but sits clearly nearer one story than the rest is taken to report it. Neighbours are
    /// the clusters that candidate `pairs` reach.
    pub fn attach(&mut self, pairs: &[(usize, usize)], small: usize, threshold: f32) {
        let mut near: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &(i, j) in pairs {
            let (a, b) = (self.cluster_of(i), self.cluster_of(j));
            if a != b {
                near.entry(a).or_default().push(b);
                near.entry(b).or_default().push(a);
            }
        }
        for (c, mut others) in near {
            let c = self.sets.root(c);
            if self.size(c) > small {
                continue;
            }
            others.iter_mut().for_each(|o| *o = self.sets.root(*o));
            others.sort_unstable();
            others.dedup();
            let best = others
                .into_iter()
                .filter(|&o| self.size(o) > self.size(c) && self.may_merge(c, o))
                .map(|o| (self.score(c, o), o))
                .filter(|(s, _)| *s >= threshold)
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            if let Some((_, o)) = best {
                self.merge(c, o);
            }
        }
    }

    /// The vector sum of cluster `c`.
    pub fn sum(&self, c: usize) -> &[(u64, f32)] {
        &self.clusters[c].sum
    }

    /// Each article's cluster slot.
    pub fn labels(&mut self) -> Vec<usize> {
        (0..self.vecs.len()).map(|i| self.cluster_of(i)).collect()
    }
}

/// A candidate merge, ordered by score, then by slots (lowest first) so runs are repeatable.
struct Entry {
    score: f32,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}

impl PartialEq for Entry {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Entry {
    fn cmp(&self, o: &Self) -> Ordering {
        self.score
            .total_cmp(&o.score)
            .then(o.a.cmp(&self.a))
            .then(o.b.cmp(&self.b))
            .then(self.va.cmp(&o.va))
            .then(self.vb.cmp(&o.vb))
    }
}

/// The mean similarity of a cluster's own pairs; none for a single article.
fn cohesion(c: &Cluster) -> Option<f32> {
    (c.size > 1).then(|| (c.sq - c.size as f32) / (c.size * (c.size - 1)) as f32)
}

fn names_of(v: &[(u64, f32)]) -> Vec<(u64, f32)> {
    v.iter()
        .copied()
        .filter(|(k, _)| k & NAME_BIT != 0)
        .collect()
}

/// The sum of two sparse vectors sorted by key.
pub fn add(x: &[(u64, f32)], y: &[(u64, f32)]) -> Vec<(u64, f32)> {
    let mut out = Vec::with_capacity(x.len() + y.len());
    let (mut i, mut j) = (0, 0);
    while i < x.len() && j < y.len() {
        match x[i].0.cmp(&y[j].0) {
            Ordering::Less => {
                out.push(x[i]);
                i += 1;
            }
            Ordering::Greater => {
                out.push(y[j]);
                j += 1;
            }
            Ordering::Equal => {
                out.push((x[i].0, x[i].1 + y[j].1));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&x[i..]);
    out.extend_from_slice(&y[j..]);
    out
}

/// Dot product of two sparse vectors sorted by key. A story's sum against one article is the
/// common case, so the shorter side walks and the longer one is searched ahead by galloping:
/// about `short × log(long / short)` steps instead of `short + long`.
pub fn dot(x: &[(u64, f32)], y: &[(u64, f32)]) -> f32 {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    let mut s = 0.0;
    let mut lo = 0;
    for &(k, w) in short {
        // Gallop: every key before `lo` is below `k`; widen the step until `long[hi]` is not,
        // then search `lo..=hi`.
        let mut step = 1;
        let mut hi = lo;
        while hi < long.len() && long[hi].0 < k {
            lo = hi + 1;
            hi = lo + step;
            step *= 2;
        }
        let end = (hi + 1).min(long.len());
        match long[lo.min(end)..end].binary_search_by_key(&k, |e| e.0) {
            Ok(p) => {
                s += w * long[lo + p].1;
                lo += p + 1;
            }
            Err(p) => lo += p,
        }
        if lo >= long.len() {
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_DATES: DateRule = DateRule {
        near: 0,
        far: i32::MAX,
        bonus: 0.0,
        penalty: 0.0,
    };

    fn unit(v: &[(u64, f32)]) -> Vec<(u64, f32)> {
        let n = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
        v.iter().map(|&(k, w)| (k, w / n)).collect()
    }

    /// Feature 1 as a name.
    const NAME: u64 = NAME_BIT | 1;

    fn singletons(n: usize) -> Vec<(Vec<usize>, Option<u64>)> {
        (0..n).map(|i| (vec![i], None)).collect()
    }

    #[test]
    fn one_shared_name_does_not_chain_two_events() {
        // 0-1 share event A's words, 2-3 event B's; 1 and 2 also share one name.
        let name = NAME_BIT | 9;
        let vecs = vec![
            unit(&[(1, 1.0), (2, 1.0)]),
            unit(&[(1, 1.0), (2, 1.0), (name, 0.6)]),
            unit(&[(3, 1.0), (4, 1.0), (name, 0.6)]),
            unit(&[(3, 1.0), (4, 1.0)]),
        ];
        let all: Vec<(usize, usize)> = vec![(0, 1), (1, 2), (2, 3), (0, 2), (1, 3)];
        let mut l = Linker::new(&vecs, &[None; 4], &singletons(4), NO_DATES);
        l.link(&all, 0.2);
        let c = l.labels();
        assert_eq!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
        assert_ne!(c[1], c[2], "cos(1,2) = 0.13, the clusters' mean 0.03");
    }

    #[test]
    fn the_mean_counts_pairs_the_candidates_never_proposed() {
        // cos(0,1) = 0.8, cos(1,2) = 0.6, cos(0,2) = 0: only (0,1) and (1,2) are proposed.
        let other = NAME_BIT | 3;
        let vecs = vec![
            unit(&[(NAME, 1.0)]),
            unit(&[(NAME, 0.8), (other, 0.6)]),
            unit(&[(other, 1.0)]),
        ];
        let mut l = Linker::new(&vecs, &[None; 3], &singletons(3), NO_DATES);
        l.link(&[(0, 1), (1, 2)], 0.5);
        let c = l.labels();
        assert_eq!(c[0], c[1]);
        assert_ne!(
            c[1], c[2],
            "mean of {{0,1}} with 2 is 0.3, not the proposed pair's 0.6"
        );
    }

    #[test]
    fn kept_stories_never_merge_but_take_new_articles() {
        let vecs = vec![unit(&[(1, 1.0)]), unit(&[(1, 1.0)]), unit(&[(1, 1.0)])];
        let groups = vec![(vec![0], Some(7)), (vec![1], Some(8)), (vec![2], None)];
        let mut l = Linker::new(&vecs, &[None; 3], &groups, NO_DATES);
        l.link(&[(0, 1), (1, 2), (0, 2)], 0.5);
        let c = l.labels();
        assert_ne!(c[0], c[1]);
        assert!(c[2] == c[0] || c[2] == c[1]);
    }

    #[test]
    fn dates_far_apart_keep_alike_articles_apart() {
        let vecs = vec![
            unit(&[(2, 0.5), (NAME, 1.0)]),
            unit(&[(3, 0.5), (NAME, 1.0)]),
        ];
        let rule = DateRule {
            near: 1,
            far: 7,
            bonus: 0.5,
            penalty: 0.5,
        };
        let cos = dot(&vecs[0], &vecs[1]);
        let mut l = Linker::new(&vecs, &[Some(0), Some(30)], &singletons(2), rule);
        assert!((l.score(0, 1) - cos * 0.5).abs() < 1e-6);
        l.link(&[(0, 1)], cos * 0.9);
        assert_ne!(l.cluster_of(0), l.cluster_of(1));
        let mut l = Linker::new(&vecs, &[Some(0), Some(1)], &singletons(2), rule);
        assert!((l.score(0, 1) - cos * 1.5).abs() < 1e-6);
        l.link(&[(0, 1)], cos * 0.9);
        assert_eq!(l.cluster_of(0), l.cluster_of(1));
    }

    #[test]
    fn small_clusters_attach_to_the_story_they_sit_nearest() {
        let vecs = vec![
            unit(&[(2, 1.0), (NAME, 1.0)]),
            unit(&[(2, 1.0), (NAME, 1.0)]),
            unit(&[(5, 1.0), (NAME, 0.3)]),
        ];
        let pairs = [(0, 1), (1, 2)];
        let mut l = Linker::new(&vecs, &[None; 3], &singletons(3), NO_DATES);
        l.link(&pairs, 0.5);
        assert_ne!(l.cluster_of(2), l.cluster_of(0));
        l.attach(&pairs, 1, 0.1);
        assert_eq!(l.cluster_of(2), l.cluster_of(0));
    }

    #[test]
    fn clusters_that_share_no_name_score_lower() {
        let vecs = vec![
            unit(&[(2, 1.0), (NAME, 1.0)]),
            unit(&[(2, 1.0), (NAME_BIT | 7, 1.0)]),
            unit(&[(2, 1.0), (NAME, 1.0)]),
            unit(&[(2, 1.0)]),
        ];
        let l = Linker::new(&vecs, &[None; 4], &singletons(4), NO_DATES);
        assert!((l.score(0, 2) - 1.0).abs() < 1e-6);
        assert!((l.score(0, 1) - 0.5 * NO_SHARED_NAME).abs() < 1e-6);
        let cos = dot(&vecs[0], &vecs[3]);
        assert!((l.score(0, 3) - cos).abs() < 1e-6, "text without names");
    }

    #[test]
    fn a_story_alike_over_the_whole_drop_stays_whole() {
        // Locally (weighed within the group) the two look apart; over the drop they are close.
        let local = vec![
            unit(&[(NAME, 0.1), (2, 1.0)]),
            unit(&[(NAME, 0.1), (3, 1.0)]),
        ];
        let drop = vec![
            unit(&[(NAME, 1.0), (2, 0.3)]),
            unit(&[(NAME, 1.0), (3, 0.3)]),
        ];
        let mut l = Linker::new(&local, &[None; 2], &singletons(2), NO_DATES);
        assert!(l.score(0, 1) < 0.05);
        l.weigh_drop_too(&drop, 0.5);
        let expect = 0.5 * dot(&drop[0], &drop[1]);
        assert!((l.score(0, 1) - expect).abs() < 1e-6);
    }

    #[test]
    fn a_link_far_below_how_alike_each_side_is_does_not_merge() {
        // Two tight pairs (within 0.9) that share a background word: across, 0.1.
        let vecs = vec![
            unit(&[(1, 1.0), (2, 0.33)]),
            unit(&[(1, 1.0), (2, 0.33)]),
            unit(&[(2, 0.33), (3, 1.0)]),
            unit(&[(2, 0.33), (3, 1.0)]),
        ];
        let pairs = [(0, 1), (2, 3), (1, 2)];
        let mut l = Linker::new(&vecs, &[None; 4], &singletons(4), NO_DATES);
        l.link(&pairs, 0.05);
        assert_eq!(
            l.cluster_of(0),
            l.cluster_of(3),
            "an absolute cut alone joins them"
        );
        let mut l = Linker::new(&vecs, &[None; 4], &singletons(4), NO_DATES);
        l.consistent(0.25);
        l.link(&pairs, 0.05);
        assert_eq!(l.cluster_of(0), l.cluster_of(1));
        assert_eq!(l.cluster_of(2), l.cluster_of(3));
        assert_ne!(
            l.cluster_of(0),
            l.cluster_of(2),
            "0.1 across is under 0.25 × 0.9 within"
        );
    }

    #[test]
    fn dot_agrees_between_merge_and_search() {
        let long: Vec<(u64, f32)> = (0..100).map(|k| (k * 3, 1.0)).collect();
        let short = vec![(3, 2.0), (4, 5.0), (297, 1.0)];
        assert_eq!(dot(&short, &long), 3.0);
        assert_eq!(dot(&long, &short), 3.0);
        assert_eq!(dot(&short, &short[..2]), 29.0);
        // Against a plain lookup, on vectors of every length ratio.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for (la, lb) in [(1, 1), (3, 50), (40, 45), (7, 2000), (300, 4000)] {
            let mut mk = |n: usize| {
                let mut v: Vec<(u64, f32)> = (0..n)
                    .map(|_| (next() % 5000, (next() % 7) as f32))
                    .collect();
                v.sort_by_key(|e| e.0);
                v.dedup_by_key(|e| e.0);
                v
            };
            let (a, b) = (mk(la), mk(lb));
            let look: std::collections::HashMap<u64, f32> = b.iter().copied().collect();
            let plain: f32 = a
                .iter()
                .filter_map(|(k, w)| look.get(k).map(|y| w * y))
                .sum();
            assert_eq!(dot(&a, &b), plain, "{la} x {lb}");
            assert_eq!(dot(&b, &a), plain, "{lb} x {la}");
        }
    }
}
