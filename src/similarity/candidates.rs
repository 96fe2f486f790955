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

    let mut pairs: Vec<(u32, u32)> = (0..n)
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; n], Vec::<u32>::new()),
            |(acc, touched), k| {
                for &(t, w) in &keys[k] {
                    let Ok(ri) = runs.binary_search_by_key(&t, |r| r.0) else {
                        continue;
                    };
                    let (_, s, e) = runs[ri];
                    if e - s > max_posting {
                        continue;
                    }
                    for &(_, other) in &postings[s..e] {
                        let o = other as usize;
                        if article[o] == article[k] || heading[o] != heading[k] {
                            continue;
                        }
                        if acc[o] == 0.0 {
                            touched.push(other);
                        }
                        acc[o] += w;
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
}
