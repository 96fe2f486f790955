//! Stories: which articles of a drop report the same real-world event.
//!
//! Each article is a tf-idf vector of its stemmed content words, the names it gives (weighted
//! [`NAME_WEIGHT`]) and the numbers it quotes ([`NUMBER_WEIGHT`]), weighted by how rare each is
//! in the drop; its event date (see [`evidence`]) moves the similarity of two articles up when
//! they are dated days apart at most and down when weeks apart, and two articles that share
//! no name at all count half (see `linkage.rs`). Clustering is average linkage
//! (`linkage.rs`: a merge needs the whole of both sides to be close on average, so one shared
//! name cannot chain two events), in two rounds:
//!
//! 1. over the whole drop at [`TOPIC_LINK`], a low cut that gathers articles of one kind of
//!    news (two court cases, two earthquakes) without splitting any event;
//! 2. within each such group at [`STORY_LINK`], with the rarity of every word counted again
//!    inside the group: words the whole group shares ("court", "jury", "magnitude") now weigh
//!    little, and what tells its events apart (names, places, numbers, dates) decides.
//!
//! Every merge must also be consistent ([`CONSISTENT`]): the two sides as alike as a fair
//! share of how alike each side's own articles are.
//!
//! Then a story of up to three articles left alone joins the larger story it is clearly nearest
//! ([`ATTACH`]). Stories kept from an earlier scan never merge with each other or split: a new
//! article joins one or starts its own, so story ids stay put while files arrive.
//!
//! Candidate pairs come from an inverted index over each article's most distinctive features;
//! a feature so common in the drop that its posting list is long still proposes each article's
//! neighbours along the list, so a story carried by hundreds of outlets is never cut off from
//! its own articles. Scores of clusters are exact means over all their pairs whatever the
//! candidates were (see `linkage.rs`).

pub mod evidence;
mod linkage;

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use super::features::Features;
use super::shingles::fnv64;
use linkage::{dot, DateRule, Linker};

// The constants below were chosen on the ECB+ dev split (`cargo run --release --example
// eval_stories`, README "Stories"), where each topic folder mixes two events of one kind;
// the figures quoted are its mean per-topic ARI / all-topics-in-one-drop ARI.

/// Mean similarity at which articles within a group of one kind of news are one story.
/// 0.15–0.16 scored best, 0.18 about 0.01 lower, 0.20 lower still.
pub const STORY_LINK: f32 = 0.16;
/// Mean similarity over the whole drop at which articles of a group are one story however
/// alike they look within it. Counting rarity again within a group that is one story (a big
/// story, or one whose articles share their names and little else) makes what they share
/// weigh little: a generated drop of 250 stories × 20 articles (benches/triage.rs) scores
/// 0.44 on average within a story over the drop but 0.14 within its group, and split into
/// 489 stories without this. On ECB+ two events of one topic score at most 0.31 over the
/// drop; 0.33–0.45 change nothing there.
const WHOLE_STORY: f32 = 0.35;
/// Mean similarity at which articles are of one kind of news (round 1), on the whole drop:
/// 0.05–0.09 scored alike; low enough that no event splits, high enough that topics part.
const TOPIC_LINK: f32 = 0.07;
/// Share of the mean similarity within a story that a merge with another must reach (see
/// `Linker::consistent`). On ECB+ 0.2–0.3 change nothing (0.814 / 0.917), 0.4 costs 0.009
/// per topic, 0.5 0.05. On the generated drop of benches/stories.rs, whose reports of one
/// event score 0.6 and more among themselves and 0.06–0.18 with other events of their kind
/// (shared place, recurring names, the same week doubled by the date bonus), it takes story
/// ARI from 0.828 to 0.997 (0.2) / 0.998 (0.3).
const CONSISTENT: f32 = 0.25;
/// Mean similarity at which a small story left alone joins the larger story it is nearest:
/// articles of different ECB+ topics score 0.011 on average over the all-in-one drop, 99%
/// of their pairs under 0.06; 0.08 and 0.12 scored lower.
const ATTACH: f32 = 0.10;
/// Stories of at most this many articles may attach: 3 scored 0.03–0.06 higher than 2 on
/// both figures (measured before the date penalty), 4 no better.
const ATTACH_SIZE: usize = 3;
/// Weight of a name against a content word, and of a number: names say which event, numbers
/// (scores, magnitudes, ages, tolls) often do. Before the date penalty, names at 1.5 / 2 /
/// 2.5 / 3 scored about 0.85 / 0.87 / 0.90 / 0.90 per topic; numbers at 0–1 within 0.01.
const NAME_WEIGHT: f32 = 2.5;
const NUMBER_WEIGHT: f32 = 0.5;
/// Weight of a feature no other article of the group has: it cannot tie the article to any
/// story but would dilute its similarity to all of them (long articles most). 1 (no change)
/// scored 0.75; 0 scored like 0.5 but makes any two articles of a two-article drop that share
/// one word identical.
const UNSHARED_WEIGHT: f32 = 0.5;
/// Event dates at most `near` days apart double the similarity; more than `far` days apart
/// cut it to a tenth, so two meetings of the same people weeks apart stay two stories even
/// when a short report of the second reaches the first's story alone (tests/all/stories.rs,
/// files arriving one by one: at a quarter it joins). On ECB+ this costs: its gold events
/// include follow-ups weeks later (Lohan entering rehab on 2 May and leaving Betty Ford on
/// 13 June is one event there); without the penalty the dev split scores 0.910 / 0.960 at
/// STORY_LINK 0.18, with it at a quarter 0.818 / 0.919, at a tenth 0.814 / 0.917.
const DATES: DateRule = DateRule {
    near: 3,
    far: 30,
    bonus: 1.0,
    penalty: 0.9,
};
/// Below this similarity a candidate pair is dropped: even doubled by the date bonus it stays
/// under every cut.
const FLOOR: f32 = 0.03;
/// Most distinctive features per article used to propose pairs, plus its most frequent names.
const SIGNATURE: usize = 20;
const SIGNATURE_NAMES: usize = 3;
/// Signature features shared before a pair is scored, for features of short posting lists.
const MIN_SHARED: u32 = 2;
/// A posting list longer than this proposes, for each article, only its `BAND` neighbours on
/// either side along the list: enough to link a big story's articles, which the exact cluster
/// means then gather, without comparing every pair of a word in thousands of articles.
const LONG_POSTING: usize = 200;
const BAND: usize = 5;

/// Keys here are already hashes (feature hashes, article indices): one multiply-xorshift
/// mixes them, several times cheaper than SipHash. Not exposed to untrusted keys, so flooding
/// is not a concern.
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

/// One article's features before weighing: (feature hash, (1 + ln count) × kind weight).
type Raw = Vec<(u64, f32)>;

/// The drop's articles ready to cluster.
pub struct StoryModel {
    raw: Vec<Raw>,
    /// Unit tf-idf vectors weighed against the whole drop.
    vecs: Vec<Vec<(u64, f32)>>,
    dates: Vec<Option<i32>>,
    /// The most frequent names of each article (feature hashes), for its signature.
    top_names: Vec<Vec<u64>>,
    /// Articles sharing a paragraph word for word (wire copy), as (earlier, later) pairs.
    shared_paragraphs: Vec<(usize, usize)>,
}

/// The feature hash of a name or number; names carry [`linkage::NAME_BIT`], nothing else does.
fn key(kind: u8, text: &str) -> u64 {
    let mut b = Vec::with_capacity(text.len() + 1);
    b.push(kind);
    b.extend_from_slice(text.to_lowercase().as_bytes());
    let h = fnv64(&b) & !linkage::NAME_BIT;
    if kind == b'n' {
        h | linkage::NAME_BIT
    } else {
        h
    }
}

fn tf(count: u32) -> f32 {
    1.0 + (count.max(1) as f32).ln()
}

/// An article's features: content words (already hashed), names, numbers.
fn raw_features(f: &Features) -> (Raw, Vec<u64>) {
    let mut v: Raw = f
        .terms
        .iter()
        .map(|&(t, c)| (t & !linkage::NAME_BIT, tf(c)))
        .collect();
    v.extend(
        f.evidence
            .names
            .iter()
            .map(|(n, c)| (key(b'n', n), tf(*c) * NAME_WEIGHT)),
    );
    v.extend(
        f.evidence
            .numbers
            .iter()
            .map(|(n, c)| (key(b'#', n), tf(*c) * NUMBER_WEIGHT)),
    );
    v.sort_unstable_by_key(|e| e.0);
    v.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 = b.1.max(a.1);
        }
        a.0 == b.0
    });
    let mut names: Vec<(&String, u32)> = f.evidence.names.iter().map(|(n, c)| (n, *c)).collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let top = names
        .iter()
        .take(SIGNATURE_NAMES)
        .map(|(n, _)| key(b'n', n))
        .collect();
    (v, top)
}

/// Unit tf-idf vectors of `members` (indices into `raw`), idf counted among them alone.
fn weigh(raw: &[Raw], members: &[usize]) -> Vec<Vec<(u64, f32)>> {
    let mut df: FastMap<u64, u32> = FastMap::default();
    for &i in members {
        for (t, _) in &raw[i] {
            *df.entry(*t).or_default() += 1;
        }
    }
    let n = members.len() as f32;
    members
        .iter()
        .map(|&i| {
            // Smoothed idf: in a one-story drop the story's names are in every article, and
            // ln(N/df) = 0 would erase exactly the words that say what it is about.
            let mut v: Vec<(u64, f32)> = raw[i]
                .iter()
                .map(|&(t, w)| {
                    let d = df[&t];
                    let shared = if d > 1 { 1.0 } else { UNSHARED_WEIGHT };
                    (t, w * (1.0 + n / d as f32).ln() * shared)
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect()
}

impl StoryModel {
    /// Weigh every article's features against the whole drop (`feats` in drop order).
    pub fn new(feats: &[&Features]) -> StoryModel {
        let (raw, top_names): (Vec<Raw>, Vec<Vec<u64>>) =
            feats.par_iter().map(|f| raw_features(f)).unzip();
        let all: Vec<usize> = (0..feats.len()).collect();
        let vecs = weigh(&raw, &all);
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
            raw,
            vecs,
            dates: feats.iter().map(|f| f.evidence.event_date).collect(),
            top_names,
            shared_paragraphs,
        }
    }

    /// Cosine similarity of articles `a` and `b` against the whole drop, in [0, 1].
    pub fn cosine(&self, a: usize, b: usize) -> f32 {
        dot(&self.vecs[a], &self.vecs[b]).clamp(0.0, 1.0)
    }

    /// Candidate pairs (i < j): articles sharing at least [`MIN_SHARED`] of one's signature
    /// features, neighbours along long posting lists, and wire copies.
    fn candidates(&self) -> Vec<(usize, usize)> {
        let n = self.vecs.len();
        let mut index: FastMap<u64, Vec<usize>> = FastMap::default();
        for (i, v) in self.vecs.iter().enumerate() {
            for (t, _) in v {
                index.entry(*t).or_default().push(i);
            }
        }
        let mut pairs: Vec<(usize, usize)> = (0..n)
            .into_par_iter()
            .flat_map_iter(|i| {
                let mut count: FastMap<usize, u32> = FastMap::default();
                let mut out = Vec::new();
                for t in self.signature(i, &index) {
                    let posting = &index[&t];
                    if posting.len() <= LONG_POSTING {
                        for &j in posting.iter().filter(|&&j| j != i) {
                            *count.entry(j).or_default() += 1;
                        }
                        continue;
                    }
                    let at = posting.binary_search(&i).unwrap_or(0);
                    let lo = at.saturating_sub(BAND);
                    let hi = (at + BAND + 1).min(posting.len());
                    out.extend(posting[lo..hi].iter().filter(|&&j| j != i).copied());
                }
                out.extend(
                    count
                        .into_iter()
                        .filter(|&(_, c)| c >= MIN_SHARED)
                        .map(|(j, _)| j),
                );
                out.into_iter().map(move |j| (i.min(j), i.max(j)))
            })
            .collect();
        pairs.extend(self.shared_paragraphs.iter().copied());
        pairs.par_sort_unstable();
        pairs.dedup();
        pairs
    }

    /// Article `i`'s most distinctive features that another article has too, and its most
    /// frequent names however common.
    fn signature(&self, i: usize, index: &FastMap<u64, Vec<usize>>) -> Vec<u64> {
        let shared = |t: &u64| index.get(t).is_some_and(|p| p.len() > 1);
        let mut top: Vec<(u64, f32)> = self.vecs[i]
            .iter()
            .copied()
            .filter(|(t, _)| shared(t))
            .collect();
        let by_weight = |a: &(u64, f32), b: &(u64, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if top.len() > SIGNATURE {
            top.select_nth_unstable_by(SIGNATURE, by_weight);
            top.truncate(SIGNATURE);
        }
        let mut sig: Vec<u64> = top.into_iter().map(|(t, _)| t).collect();
        sig.extend(self.top_names[i].iter().copied().filter(|t| shared(t)));
        sig.sort_unstable();
        sig.dedup();
        sig
    }

    /// Cluster the drop into stories. `kept[i]` is article i's story id from an earlier scan
    /// when it still holds (see the module doc): those stories stay as they are.
    pub fn clusters(&self, kept: &[Option<u64>]) -> Clusters {
        let n = self.vecs.len();
        let pairs: Vec<(usize, usize)> = self
            .candidates()
            .into_par_iter()
            .filter(|&(a, b)| self.cosine(a, b) >= FLOOR)
            .collect();
        let all: Vec<usize> = (0..n).collect();
        let mut topics = Linker::new(&self.vecs, &self.dates, &groups(&all, kept), DATES);
        topics.consistent(CONSISTENT);
        topics.link(&pairs, TOPIC_LINK);
        let topic = topics.labels();
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (i, t) in topic.iter().enumerate() {
            members.entry(*t).or_default().push(i);
        }
        let mut inside: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for &(a, b) in &pairs {
            if topic[a] == topic[b] {
                inside.entry(topic[a]).or_default().push((a, b));
            }
        }
        let work: Vec<GroupWork> = members
            .into_iter()
            .map(|(t, m)| (m, inside.remove(&t).unwrap_or_default()))
            .collect();
        let results: Vec<Group> = work
            .into_par_iter()
            .map(|(m, p)| self.split(m, &p, kept))
            .collect();
        assemble(n, results)
    }

    /// Round 2: the stories of one group of articles of one kind of news.
    fn split(&self, members: Vec<usize>, pairs: &[(usize, usize)], kept: &[Option<u64>]) -> Group {
        let vecs = weigh(&self.raw, &members);
        let local: BTreeMap<usize, usize> =
            members.iter().enumerate().map(|(k, &i)| (i, k)).collect();
        let lp: Vec<(usize, usize)> = pairs.iter().map(|(a, b)| (local[a], local[b])).collect();
        let dates: Vec<Option<i32>> = members.iter().map(|&i| self.dates[i]).collect();
        let lkept: Vec<Option<u64>> = members.iter().map(|&i| kept[i]).collect();
        let idx: Vec<usize> = (0..members.len()).collect();
        let mut l = Linker::new(&vecs, &dates, &groups(&idx, &lkept), DATES);
        l.consistent(CONSISTENT);
        // A group that is the whole drop weighs its words as the drop does already.
        if members.len() < self.vecs.len() {
            let drop_vecs: Vec<Vec<(u64, f32)>> =
                members.iter().map(|&i| self.vecs[i].clone()).collect();
            l.weigh_drop_too(&drop_vecs, STORY_LINK / WHOLE_STORY);
        }
        l.link(&lp, STORY_LINK);
        l.attach(&lp, ATTACH_SIZE, ATTACH);
        let labels = l.labels();
        // The most representative article of each story: the nearest to its vector sum.
        let mut medoid: BTreeMap<usize, (f32, usize)> = BTreeMap::new();
        for (k, &c) in labels.iter().enumerate() {
            let s = dot(&vecs[k], l.sum(c));
            let e = medoid.entry(c).or_insert((s, k));
            if s > e.0 {
                *e = (s, k);
            }
        }
        let links = lp
            .iter()
            .filter(|(a, b)| labels[*a] == labels[*b])
            .map(|&(a, b)| {
                (
                    members[a],
                    members[b],
                    dot(&vecs[a], &vecs[b]).clamp(0.0, 1.0),
                )
            })
            .collect();
        Group {
            story: members.iter().zip(&labels).map(|(&i, &c)| (i, c)).collect(),
            medoid: medoid
                .into_iter()
                .map(|(c, (_, k))| (c, members[k]))
                .collect(),
            links,
        }
    }
}

/// One group of round 1: its articles and the candidate pairs among them.
type GroupWork = (Vec<usize>, Vec<(usize, usize)>);

/// Starting clusters: the articles of each kept story together, every other article alone.
fn groups(members: &[usize], kept: &[Option<u64>]) -> Vec<(Vec<usize>, Option<u64>)> {
    let mut by_id: BTreeMap<u64, usize> = BTreeMap::new();
    let mut out: Vec<(Vec<usize>, Option<u64>)> = Vec::new();
    for &i in members {
        match kept[i] {
            Some(id) => {
                let g = *by_id.entry(id).or_insert_with(|| {
                    out.push((Vec::new(), Some(id)));
                    out.len() - 1
                });
                out[g].0.push(i);
            }
            None => out.push((vec![i], None)),
        }
    }
    out
}

/// What round 2 found in one group: (article, story slot) pairs, each story's most
/// representative article, and the scored candidate pairs within stories.
struct Group {
    story: Vec<(usize, usize)>,
    medoid: BTreeMap<usize, usize>,
    links: Vec<(usize, usize, f32)>,
}

/// Number the stories of all groups in order of their first article.
fn assemble(n: usize, groups: Vec<Group>) -> Clusters {
    let mut slot_of = vec![(0, 0); n];
    for (g, grp) in groups.iter().enumerate() {
        for &(i, c) in &grp.story {
            slot_of[i] = (g, c);
        }
    }
    let mut number: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let mut first = Vec::new();
    let story: Vec<usize> = (0..n)
        .map(|i| {
            let next = number.len();
            *number.entry(slot_of[i]).or_insert_with(|| {
                first.push(i);
                next
            })
        })
        .collect();
    let mut medoid = vec![0; first.len()];
    let mut neighbours: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    for (g, grp) in groups.into_iter().enumerate() {
        for (c, m) in grp.medoid {
            if let Some(&s) = number.get(&(g, c)) {
                medoid[s] = m;
            }
        }
        for (a, b, s) in grp.links {
            neighbours[a].push((b, s));
            neighbours[b].push((a, s));
        }
    }
    for v in &mut neighbours {
        v.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        v.dedup_by_key(|x| x.0);
    }
    Clusters {
        story,
        first,
        medoid,
        neighbours,
    }
}

/// The stories of a drop.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Clusters {
    /// `story[i]` is article i's story number; stories are numbered in order of their first
    /// article, so the result depends only on the drop's order (and the stories kept).
    pub story: Vec<usize>,
    /// The first article of each story.
    pub first: Vec<usize>,
    /// The most representative article of each story: the nearest to the story's centroid.
    pub medoid: Vec<usize>,
    /// Each article's candidate pairs within its story with their similarity, most similar
    /// first (ties by index). Bounded by the candidate search, so large stories stay cheap.
    pub neighbours: Vec<Vec<(usize, f32)>>,
}

impl Clusters {
    /// The articles of each story, in drop order: `members()[s]` lists story `s`'s.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); self.first.len()];
        for (i, &s) in self.story.iter().enumerate() {
            if let Some(m) = members.get_mut(s) {
                m.push(i);
            }
        }
        members
    }

    /// These stories with story `s` folded into story `into[s]` (which folds into itself), as
    /// `across_languages::joins` decides: numbered again in order of their first article, each
    /// keeping the medoid of the story it was folded into. Neighbours stay as they were (within
    /// one language: a joined story's languages share no words to be neighbours by).
    pub fn joined(self, into: &[usize]) -> Clusters {
        let n = self.first.len();
        // A story folds only into a story that folds into itself; anything else stays.
        let root = |s: usize| match into.get(s) {
            Some(&r) if r < n && into.get(r) == Some(&r) => r,
            _ => s,
        };
        let mut first: BTreeMap<usize, usize> = BTreeMap::new();
        for (s, &f) in self.first.iter().enumerate() {
            let e = first.entry(root(s)).or_insert(f);
            *e = (*e).min(f);
        }
        let mut roots: Vec<(usize, usize)> = first.into_iter().map(|(r, f)| (f, r)).collect();
        roots.sort_unstable();
        let mut number: BTreeMap<usize, usize> = BTreeMap::new();
        for (n, &(_, r)) in roots.iter().enumerate() {
            number.insert(r, n);
        }
        Clusters {
            story: self.story.iter().map(|&s| number[&root(s)]).collect(),
            first: roots.iter().map(|&(f, _)| f).collect(),
            medoid: roots.iter().map(|&(_, r)| self.medoid[r]).collect(),
            neighbours: self.neighbours,
        }
    }
}

/// What holds a story together, for the reader: the names most of its articles give, and the
/// event date most of them carry.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoryEvidence {
    pub names: Vec<String>,
    /// ISO `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Names shown per story at most.
const EVIDENCE_NAMES: usize = 6;

/// The evidence of the story made of `members` (indices into `feats`): names given by at
/// least half of its articles (every name of a one-article story that it repeats), most
/// widely given first, leaving out a single word that is part of a longer such name; and the
/// most common event date.
pub fn story_evidence(feats: &[&Features], members: &[usize]) -> StoryEvidence {
    let mut by_key: BTreeMap<String, (String, usize, u32)> = BTreeMap::new();
    for &i in members {
        for (n, c) in &feats[i].evidence.names {
            let e = by_key
                .entry(n.to_lowercase())
                .or_insert_with(|| (n.clone(), 0, 0));
            e.1 += 1;
            e.2 += c;
        }
    }
    let need = members.len().div_ceil(2);
    let mut names: Vec<(String, usize, u32)> = by_key
        .into_values()
        .filter(|(_, m, c)| {
            if members.len() == 1 {
                *c >= 2
            } else {
                *m >= need.max(2)
            }
        })
        .collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    // "Red Crescent" rather than "Red" and "Crescent".
    let longer: Vec<String> = names
        .iter()
        .map(|n| n.0.to_lowercase())
        .filter(|n| n.contains(' '))
        .collect();
    let shown: Vec<String> = names
        .into_iter()
        .map(|n| n.0)
        .filter(|n| {
            let l = n.to_lowercase();
            l.contains(' ') || !longer.iter().any(|m| m.split(' ').any(|w| w == l))
        })
        .take(EVIDENCE_NAMES)
        .collect();
    let mut days: BTreeMap<i32, usize> = BTreeMap::new();
    for &i in members {
        if let Some(d) = feats[i].evidence.event_date {
            *days.entry(d).or_default() += 1;
        }
    }
    let date = days
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| evidence::iso(d));
    StoryEvidence { names: shown, date }
}

#[cfg(test)]
mod tests {
    use super::super::features::features;
    use super::*;
    use crate::article::Article;

    #[test]
    fn joined_stories_are_renumbered_by_first_article_and_keep_the_medoid_they_joined() {
        // Stories 0 {0, 2}, 1 {1}, 2 {3}; story 0 folds into story 2, story 1 stays.
        let c = Clusters {
            story: vec![0, 1, 0, 2],
            first: vec![0, 1, 3],
            medoid: vec![2, 1, 3],
            neighbours: vec![vec![(2, 0.5)], vec![], vec![(0, 0.5)], vec![]],
        };
        let j = c.joined(&[2, 1, 2]);
        assert_eq!(j.story, vec![0, 1, 0, 0]);
        assert_eq!(j.first, vec![0, 1]);
        assert_eq!(j.medoid, vec![3, 1]);
        assert_eq!(j.members(), vec![vec![0, 2, 3], vec![1]]);
        // A fold into a story that folds elsewhere, or out of range, is not followed.
        let c = Clusters {
            story: vec![0, 1],
            first: vec![0, 1],
            medoid: vec![0, 1],
            neighbours: vec![vec![], vec![]],
        };
        assert_eq!(c.clone().joined(&[1, 0]).story, vec![0, 1]);
        assert_eq!(c.joined(&[7]).story, vec![0, 1]);
    }

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

    /// The similarities behind the fixtures' stories:
    /// `cargo test --release --lib print_matrix -- --ignored --nocapture`.
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
        println!("{:?}", m.clusters(&vec![None; fr.len()]).story);
    }

    #[test]
    fn seeds_are_one_story_and_the_floods_another() {
        let (names, arts) = load(&["seeds", "tests/fixtures/triage"]);
        let feats: Vec<Features> = arts.iter().map(features).collect();
        let fr: Vec<&Features> = feats.iter().collect();
        let c = StoryModel::new(&fr).clusters(&vec![None; fr.len()]).story;
        for (n, s) in names.iter().zip(&c) {
            let floods = n.contains("flood");
            assert_eq!(*s == c[0], !floods, "{n}");
        }
        assert_eq!(c.iter().max(), Some(&1));
    }

    #[test]
    fn the_evidence_names_what_most_articles_share() {
        let (_, arts) = load(&["seeds"]);
        let feats: Vec<Features> = arts.iter().map(features).collect();
        let fr: Vec<&Features> = feats.iter().collect();
        let all: Vec<usize> = (0..fr.len()).collect();
        let e = story_evidence(&fr, &all);
        assert!(e.names.iter().any(|n| n == "Putin"), "in all five: {e:?}");
        for n in &e.names {
            let given = fr
                .iter()
                .filter(|f| {
                    f.evidence
                        .names
                        .iter()
                        .any(|(m, _)| m.eq_ignore_ascii_case(n))
                })
                .count();
            assert!(given >= 3, "{n} is given by {given} of 5");
        }
        assert_eq!(
            e.date.as_deref(),
            Some("2025-12-03"),
            "all five are of 3 December"
        );
    }
}
