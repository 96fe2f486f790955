//! Stories: which articles of a drop cover the same event. Articles are tf-idf vectors of their
//! content words; an inverted index over each article's most distinctive words proposes pairs,
//! pairs whose cosine clears [`STORY_LINK`] are linked, as are articles that carry the same
//! paragraph word for word (wire copy); stories are the linked components.
//! This keeps a 5,000-article drop far from the 12.5 million pairs a full comparison would need.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::features::Features;

/// Cosine (tf-idf) at which two articles are taken to cover the same event. Measured on the
/// seeds and fixtures (`print_matrix` below): articles on the same event score 0.12–0.32 with
/// each other (copies 0.97), articles on different events 0.01–0.03.
pub const STORY_LINK: f32 = 0.10;
/// Distinctive words per article used to propose pairs.
const SIGNATURE: usize = 15;
/// Words shared among the signatures before a pair is scored.
const MIN_SHARED: usize = 2;
/// A signature word in more articles than this proposes no pairs (too common to say which
/// event); the cosine still counts it.
const MAX_POSTING: usize = 400;

/// Keys here are already hashes (word hashes, packed article pairs): one multiply-xorshift
/// mixes them, several times cheaper than SipHash over the ~2 million lookups of a
/// 5,000-article drop. Not exposed to untrusted keys, so flooding is not a concern.
#[derive(Default)]
struct MixHasher(u64);

impl Hasher for MixHasher {
    fn finish(&self) -> u64 {
        let z = self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        z ^ (z >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
    fn write_usize(&mut self, n: usize) {
        self.0 ^= n as u64;
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<MixHasher>>;

/// The drop's articles as unit-length tf-idf vectors.
pub struct StoryModel {
    vecs: Vec<Vec<(u64, f32)>>,
    /// Articles sharing a paragraph word for word, as (earlier, later) pairs.
    shared_paragraphs: Vec<(usize, usize)>,
    /// In how many articles each word occurs.
    df: FastMap<u64, u32>,
}

impl StoryModel {
    /// Weigh every article's words against the whole drop (`feats` in drop order).
    pub fn new(feats: &[&Features]) -> StoryModel {
        let n = feats.len() as f32;
        // Hash maps here are only looked up, never iterated into output, so their order cannot leak.
        let mut df: FastMap<u64, u32> = FastMap::default();
        for f in feats {
            for (t, _) in &f.terms {
                *df.entry(*t).or_default() += 1;
            }
        }
        // Smoothed idf: in a small single-story drop the story's own names are in every
        // article, and ln(N/df) = 0 would erase exactly the words that say what it is about.
        let vecs = feats
            .iter()
            .map(|f| {
                let mut v: Vec<(u64, f32)> = f
                    .terms
                    .iter()
                    .map(|(t, c)| {
                        let idf = (1.0 + n / df[t] as f32).ln();
                        (*t, (1.0 + (*c as f32).ln()) * idf)
                    })
                    .collect();
                let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
                if norm > 0.0 {
                    v.iter_mut().for_each(|(_, w)| *w /= norm);
                }
                v
            })
            .collect();
        let mut by_paragraph: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        for (i, f) in feats.iter().enumerate() {
            for h in &f.paragraph_hashes {
                let v = by_paragraph.entry(*h).or_default();
                if v.last() != Some(&i) {
                    v.push(i);
                }
            }
        }
        let shared_paragraphs = by_paragraph
            .values()
            .flat_map(|v| v.windows(2).map(|w| (w[0], w[1])))
            .collect();
        StoryModel {
            vecs,
            df,
            shared_paragraphs,
        }
    }

    /// Cosine similarity of articles `a` and `b`, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        let (x, y) = (&self.vecs[a], &self.vecs[b]);
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < x.len() && j < y.len() {
            match x[i].0.cmp(&y[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += x[i].1 * y[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s.clamp(0.0, 1.0)
    }

    /// Cluster the drop into stories (see [`Clusters`]).
    pub fn clusters(&self) -> Clusters {
        let n = self.vecs.len();
        // Every article is indexed by all its shared words; each probes with its signature, so
        // a short article whose few names sit low in a long article's list still finds it.
        // A word only this article has can propose no pair: signatures use shared words.
        let shared_words: Vec<Vec<(u64, f32)>> = self
            .vecs
            .par_iter()
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|(t, _)| {
                        let df = self.df.get(t).copied().unwrap_or(0) as usize;
                        df > 1 && df <= MAX_POSTING
                    })
                    .collect()
            })
            .collect();
        let mut index: FastMap<u64, Vec<usize>> = FastMap::default();
        for (i, v) in shared_words.iter().enumerate() {
            for (t, _) in v {
                index.entry(*t).or_default().push(i);
            }
        }
        let signatures: Vec<Vec<u64>> = shared_words
            .into_par_iter()
            .map(|mut top| {
                let by_weight =
                    |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
                if top.len() > SIGNATURE {
                    top.select_nth_unstable_by(SIGNATURE, by_weight);
                    top.truncate(SIGNATURE);
                }
                top.into_iter().map(|(t, _)| t).collect()
            })
            .collect();
        // Article i proposes j when j has at least MIN_SHARED of i's signature words.
        let mut candidates: Vec<(usize, usize)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut count: FastMap<usize, u32> = FastMap::default();
                for t in &signatures[i] {
                    for &j in &index[t] {
                        if j != i {
                            *count.entry(j).or_default() += 1;
                        }
                    }
                }
                count
                    .into_iter()
                    .filter(|(_, c)| *c as usize >= MIN_SHARED)
                    .map(move |(j, _)| (i.min(j), i.max(j)))
            })
            .collect();
        candidates.par_sort_unstable();
        candidates.dedup();
        let mut edges: Vec<(usize, usize, f32)> = candidates
            .into_par_iter()
            .filter_map(|(a, b)| {
                let c = self.cosine(a, b);
                (c >= STORY_LINK).then_some((a, b, c))
            })
            .collect();
        edges.extend(
            self.shared_paragraphs
                .iter()
                .map(|&(a, b)| (a, b, self.cosine(a, b))),
        );
        let mut parent: Vec<usize> = (0..n).collect();
        let mut neighbours: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
        for &(a, b, c) in &edges {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
            neighbours[a].push((b, c));
            neighbours[b].push((a, c));
        }
        for v in &mut neighbours {
            v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            v.dedup_by_key(|x| x.0);
        }
        let mut number: BTreeMap<usize, usize> = BTreeMap::new();
        let mut first = Vec::new();
        let story = (0..n)
            .map(|i| {
                let root = find(&mut parent, i);
                let next = number.len();
                *number.entry(root).or_insert_with(|| {
                    first.push(i);
                    next
                })
            })
            .collect();
        Clusters {
            story,
            first,
            neighbours,
        }
    }
}

/// The stories of a drop.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Clusters {
    /// `story[i]` is article i's story number; stories are numbered in order of their first
    /// article, so the result depends only on the drop's order.
    pub story: Vec<usize>,
    /// The first article of each story.
    pub first: Vec<usize>,
    /// Each article's directly linked articles with their cosine, most similar first (ties by
    /// index). Bounded by the candidate search, so large stories stay cheap.
    pub neighbours: Vec<Vec<(usize, f32)>>,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::super::features::features;
    use super::*;
    use crate::article::Article;

    fn load(dirs: &[&str]) -> (Vec<String>, Vec<Article>) {
        let mut files: Vec<_> = dirs
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        let names = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        let arts = files
            .iter()
            .map(|f| crate::ingest::load_file(f, &Default::default()).unwrap())
            .collect();
        (names, arts)
    }

    /// The calibration behind [`STORY_LINK`]:
    /// `cargo test --lib print_matrix -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn print_matrix() {
        let (names, arts) = load(&["seeds", "tests/fixtures/triage"]);
        let feats: Vec<Features> = arts.iter().map(features).collect();
        let fr: Vec<&Features> = feats.iter().collect();
        let m = StoryModel::new(&fr);
        for (i, n) in names.iter().enumerate() {
            let row: Vec<String> = (0..fr.len())
                .map(|j| format!("{:.2}", m.cosine(i, j)))
                .collect();
            println!("{n:40} {}", row.join(" "));
        }
        println!("{:?}", m.clusters().story);
    }

    #[test]
    fn seeds_are_one_story_and_the_floods_another() {
        let (names, arts) = load(&["seeds", "tests/fixtures/triage"]);
        let feats: Vec<Features> = arts.iter().map(features).collect();
        let fr: Vec<&Features> = feats.iter().collect();
        let c = StoryModel::new(&fr).clusters().story;
        for (n, s) in names.iter().zip(&c) {
            let floods = n.contains("flood");
            assert_eq!(*s == c[0], !floods, "{n}");
        }
        assert_eq!(c.iter().max(), Some(&1));
    }
}
