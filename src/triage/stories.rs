//! Stories: which articles of a drop cover the same event. Articles are tf-idf vectors of their
//! content words; an inverted index over each article's most distinctive words proposes pairs,
//! pairs whose cosine clears [`STORY_LINK`] are linked, as are articles that carry the same
//! paragraph word for word (wire copy); stories are the linked components.
//! This keeps a 5,000-article drop far from the 12.5 million pairs a full comparison would need.

use std::collections::BTreeMap;

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

/// The drop's articles as unit-length tf-idf vectors.
pub struct StoryModel {
    vecs: Vec<Vec<(u64, f32)>>,
    /// Articles sharing a paragraph word for word, as (earlier, later) pairs.
    shared_paragraphs: Vec<(usize, usize)>,
    /// In how many articles each word occurs.
    df: BTreeMap<u64, u32>,
}

impl StoryModel {
    /// Weigh every article's words against the whole drop (`feats` in drop order).
    pub fn new(feats: &[&Features]) -> StoryModel {
        let n = feats.len() as f32;
        let mut df: BTreeMap<u64, u32> = BTreeMap::new();
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

    /// The story of each article: `out[i]` is a story number, numbered in order of each story's
    /// first article, so the result depends only on the drop's order.
    pub fn clusters(&self) -> Vec<usize> {
        let n = self.vecs.len();
        // Every article is indexed by all its shared words; each probes with its signature, so
        // a short article whose few names sit low in a long article's list still finds it.
        let mut index: BTreeMap<u64, Vec<usize>> = BTreeMap::new();
        let mut signatures: Vec<Vec<u64>> = Vec::with_capacity(n);
        for (i, v) in self.vecs.iter().enumerate() {
            // A word only this article has can propose no pair: choose among shared words.
            let mut top: Vec<(u64, f32)> = Vec::new();
            for &(t, w) in v {
                let df = self.df.get(&t).copied().unwrap_or(0) as usize;
                if df > 1 && df <= MAX_POSTING {
                    index.entry(t).or_default().push(i);
                    top.push((t, w));
                }
            }
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            signatures.push(top.into_iter().take(SIGNATURE).map(|(t, _)| t).collect());
        }
        let mut shared: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (i, sig) in signatures.iter().enumerate() {
            for t in sig {
                for &j in &index[t] {
                    if j != i {
                        *shared.entry((i.min(j), i.max(j))).or_default() += 1;
                    }
                }
            }
        }
        let mut parent: Vec<usize> = (0..n).collect();
        for (&(a, b), &count) in &shared {
            if count >= MIN_SHARED && self.cosine(a, b) >= STORY_LINK {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        for &(a, b) in &self.shared_paragraphs {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut number: BTreeMap<usize, usize> = BTreeMap::new();
        (0..n)
            .map(|i| {
                let root = find(&mut parent, i);
                let next = number.len();
                *number.entry(root).or_insert(next)
            })
            .collect()
    }
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
        println!("{:?}", m.clusters());
    }

    #[test]
    fn seeds_are_one_story_and_the_floods_another() {
        let (names, arts) = load(&["seeds", "tests/fixtures/triage"]);
        let feats: Vec<Features> = arts.iter().map(features).collect();
        let fr: Vec<&Features> = feats.iter().collect();
        let c = StoryModel::new(&fr).clusters();
        for (n, s) in names.iter().zip(&c) {
            let floods = n.contains("flood");
            assert_eq!(*s == c[0], !floods, "{n}");
        }
        assert_eq!(c.iter().max(), Some(&1));
    }
}
