//! Candidate generation: an inverted index over each paragraph's rarest, heaviest terms, so a
//! large drop is never compared all-pairs. Two paragraphs of different articles become
//! candidates when they share enough weight among those terms; only candidates are scored.

use rayon::prelude::*;

use super::lexical::{LexicalIndex, Term};
use super::ParagraphRef;
use crate::article::ParagraphKind;

/// Terms indexed per paragraph in a large drop: its heaviest by TF-IDF. Corresponding
/// paragraphs share at least one of their rarest content words far more often than not.
const TERMS_PER_PARAGRAPH: usize = 12;
/// Indexed terms in all, across the drop: a small drop indexes every term of every paragraph
/// (on the seeds, 12 terms a paragraph found 0.49 of the gold pairs that all terms find 0.67
/// of: paraphrases share words that are not their rarest), a large one its
/// [`TERMS_PER_PARAGRAPH`] (40,000 paragraphs × 12). The number of candidates kept per
/// paragraph is the same either way, so scoring costs the same.
const INDEXED_TERMS: usize = 480_000;
/// A term in more paragraphs than this is too common to propose anything (its posting list is
/// skipped); scales with the drop (1 in 500 paragraphs) so small drops keep every term.
const MAX_POSTING_SHARE: f32 = 0.002;
const MIN_MAX_POSTING: usize = 64;
/// Through a term too common to list whole, each paragraph still meets this many others on
/// each side of it, in that term's posting list ordered by a min-hash of the paragraphs' indexed
/// terms (seeded by the term): paragraphs sharing most of their rare words sort next to each
/// other, so a big story's paragraphs keep their counterparts although every word of the story
/// is in hundreds of them (on the one-story 2,000-article bench drop, skipping such terms
/// found a counterpart for 40% of the paragraphs that have one).
const NEIGHBOURS: usize = 8;
/// Candidates kept per paragraph, best shared weight first: a claim is rarely carried by more
/// than a dozen outlets in one drop, and each paragraph also appears in its partners' lists.
const CANDIDATES_PER_PARAGRAPH: usize = 12;

/// Candidate pairs `(a, b)` with `a < b`, from different articles, of compatible kinds
/// (headings only with headings), sorted and without duplicates.
pub fn candidate_pairs(index: &LexicalIndex) -> Vec<(ParagraphRef, ParagraphRef)> {
    let refs: Vec<ParagraphRef> = index
        .paragraphs
        .iter()
        .enumerate()
        .flat_map(|(a, ps)| {
            (0..ps.len()).map(move |p| ParagraphRef {
                article: a,
                paragraph: p,
            })
        })
        .collect();
    let n = refs.len();
    let max_posting = ((n as f32 * MAX_POSTING_SHARE) as usize).max(MIN_MAX_POSTING);
    let terms_per_paragraph = (INDEXED_TERMS / n.max(1)).max(TERMS_PER_PARAGRAPH);
    let feature = |r: ParagraphRef| &index.paragraphs[r.article][r.paragraph];
    // Flat per-paragraph facts for the hot loop: article and whether it is a heading.
    let article: Vec<u32> = refs.iter().map(|r| r.article as u32).collect();
    let heading: Vec<bool> = refs
        .iter()
        .map(|&r| feature(r).kind == ParagraphKind::Heading)
        .collect();

    // Each paragraph's indexed terms with their weights.
    let keys: Vec<Vec<(Term, f32)>> = refs
        .par_iter()
        .map(|&r| {
            let mut t = feature(r).whole.words.terms.clone();
            t.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            t.truncate(terms_per_paragraph);
            t
        })
        .collect();
    let mut postings: Vec<(Term, u32)> = keys
        .iter()
        .enumerate()
        .flat_map(|(k, ts)| ts.iter().map(move |t| (t.0, k as u32)))
        .collect();
    postings.par_sort_unstable();
    // Start offset of each term's run in `postings`.
    let mut runs: Vec<(Term, usize, usize)> = Vec::new();
    let mut s = 0;
    while s < postings.len() {
        let mut e = s + 1;
        while e < postings.len() && postings[e].0 == postings[s].0 {
            e += 1;
        }
        runs.push((postings[s].0, s, e));
        s = e;
    }

    let near = common_term_neighbours(&keys, &postings, &runs, max_posting);
    let mut pairs: Vec<(u32, u32)> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; n], Vec::<u32>::new()),
            |(acc, touched), k| {
                // Weight `w` more evidence that `k` and `other` correspond, if `other` is a
                // paragraph of the same kind in another article.
                let mut add = |other: u32, w: f32| {
                    let o = other as usize;
                    if article[o] == article[k] || heading[o] != heading[k] {
                        return;
                    }
                    if acc[o] == 0.0 {
                        touched.push(other);
                    }
                    acc[o] += w;
                };
                for &(other, w) in &near[k] {
                    add(other, w);
                }
                for &(t, w) in &keys[k] {
                    let Ok(ri) = runs.binary_search_by_key(&t, |r| r.0) else {
                        continue;
                    };
                    let (_, s, e) = runs[ri];
                    if e - s > max_posting {
                        continue;
                    }
                    for &(_, other) in &postings[s..e] {
                        add(other, w);
                    }
                }
                let mut found: Vec<(f32, u32)> =
                    touched.iter().map(|&o| (acc[o as usize], o)).collect();
                for &o in touched.iter() {
                    acc[o as usize] = 0.0;
                }
                touched.clear();
                found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                found.truncate(CANDIDATES_PER_PARAGRAPH);
                found
                    .into_iter()
                    .map(|(_, o)| {
                        let k = k as u32;
                        (k.min(o), k.max(o))
                    })
                    .collect::<Vec<_>>()
            },
        )
        .flatten()
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .into_iter()
        .map(|(a, b)| (refs[a as usize], refs[b as usize]))
        .collect()
}

/// For every paragraph, the paragraphs next to it (and the weight of the shared term in it)
/// in the posting lists longer than `max_posting`, each ordered by its own min-hash
/// ([`NEIGHBOURS`]).
fn common_term_neighbours(
    keys: &[Vec<(Term, f32)>],
    postings: &[(Term, u32)],
    runs: &[(Term, usize, usize)],
    max_posting: usize,
) -> Vec<Vec<(u32, f32)>> {
    let weight_in = |k: u32, t: Term| {
        keys[k as usize]
            .iter()
            .find(|x| x.0 == t)
            .map_or(0.0, |x| x.1)
    };
    let mut found: Vec<(u32, u32, f32)> = runs
        .par_iter()
        .filter(|(_, s, e)| e - s > max_posting)
        .flat_map_iter(|&(t, s, e)| {
            let seed = mix(u64::from(t) ^ 0x9e37_79b9_7f4a_7c15);
            let mut order: Vec<(u64, u32)> = postings[s..e]
                .iter()
                .map(|&(_, k)| (min_hash(&keys[k as usize], t, seed), k))
                .collect();
            order.sort_unstable();
            let len = order.len();
            let mut out = Vec::with_capacity(len * 2 * NEIGHBOURS);
            for (i, &(_, k)) in order.iter().enumerate() {
                let w = weight_in(k, t);
                let (lo, hi) = (i.saturating_sub(NEIGHBOURS), (i + NEIGHBOURS + 1).min(len));
                out.extend((lo..hi).filter(|&j| j != i).map(|j| (k, order[j].1, w)));
            }
            out
        })
        .collect();
    found.par_sort_unstable_by_key(|x| (x.0, x.1));
    let mut near = vec![Vec::new(); keys.len()];
    for (k, o, w) in found {
        near[k as usize].push((o, w));
    }
    near
}

/// The least seeded hash of a paragraph's indexed terms other than `skip` (the term whose list
/// is being ordered, which every paragraph in it shares).
fn min_hash(terms: &[(Term, f32)], skip: Term, seed: u64) -> u64 {
    terms
        .iter()
        .filter(|x| x.0 != skip)
        .map(|x| mix(u64::from(x.0) ^ seed))
        .min()
        .unwrap_or(u64::MAX)
}

/// A 64-bit mix (splitmix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::article_from_bytes;

    fn art(text: &str) -> crate::article::Article {
        article_from_bytes("t.txt", text.as_bytes(), &Default::default()).unwrap()
    }

    #[test]
    fn shared_rare_words_make_candidates_across_articles_only() {
        let a =
            art("Title A\n\nPokrovsk fell after heavy fighting.\n\nWitkoff met Putin in Moscow.\n");
        let b =
            art("Title B\n\nWitkoff and Kushner met Putin.\n\nThe weather was cold in Dublin.\n");
        let idx = LexicalIndex::build(&[a, b]);
        let pairs = candidate_pairs(&idx);
        let r = |article, paragraph| ParagraphRef { article, paragraph };
        let (na, nb) = (idx.paragraphs[0].len(), idx.paragraphs[1].len());
        assert!(pairs.contains(&(r(0, na - 1), r(1, nb - 2))), "{pairs:?}");
        assert!(pairs.iter().all(|(x, y)| x.article != y.article && x < y));
        assert!(
            !pairs.iter().any(|(_, y)| *y == r(1, nb - 1)),
            "nothing shares a word with Dublin"
        );
    }

    #[test]
    fn paragraphs_of_a_big_story_keep_counterparts_through_common_words() {
        // 200 articles of one story: every word is in over 64 paragraphs (too common to list
        // whole), and each paragraph tells one of ten facts (a subset of the story's words).
        let words: Vec<String> = (0..30).map(|i| format!("storyword{i}")).collect();
        let fact = |f: usize| -> String {
            let mut picked: Vec<&str> = (0..12)
                .map(|j| words[(f * 7 + j * 3) % 30].as_str())
                .collect();
            picked.dedup();
            picked.join(" ")
        };
        let arts: Vec<_> = (0..200)
            .map(|i| art(&format!("Report {i}\n\n{}.\n", fact(i % 10))))
            .collect();
        let idx = LexicalIndex::build(&arts);
        let pairs = candidate_pairs(&idx);
        let body = |a: usize| idx.paragraphs[a].len() - 1;
        for a in 0..200 {
            let mate = pairs.iter().any(|(x, y)| {
                let (me, other) = if x.article == a { (x, y) } else { (y, x) };
                me.article == a
                    && me.paragraph == body(a)
                    && other.article % 10 == a % 10
                    && other.paragraph == body(other.article)
            });
            assert!(mate, "article {a} has no candidate telling its fact");
        }
    }
}
