//! N-way alignment of a drop: candidate pairs from the inverted index, the pairwise decision
//! per article pair, then groups of corresponding paragraphs ("this claim is covered by X, Y, Z")
//! built greedily from the strongest links, at most one paragraph per article per group.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use super::novelty::SentenceRef;
use super::pair::{decide, Scored, SENTENCE_MATCH};
use super::score::Scorers;
use super::{Group, Member, QuoteGroup};
use crate::similarity::candidates::candidate_pairs;
use crate::similarity::{ParagraphRef, Similarity};
use crate::unionfind::UnionFind;

/// A link joins paragraphs into a group only at this score or above. Accepted links between
/// the pair decision's floor and this are real but weak correspondences (one shared sentence
/// in a long paragraph, a paraphrase with few shared words): chained through groups, they
/// pulled other outlets' paragraphs in with them. Chosen on the seed gold standard
/// (`groups_match_the_gold_standard` in tests/all/align_gold.rs): 0.18–0.20 is the flat top for
/// group precision and recall alike (members F1 0.55 against 0.50 with every link); a round
/// value from it.
pub const GROUP_LINK: f32 = 0.20;
/// [`GROUP_LINK`] when the model's score is blended in: the blend sits higher than the lexical
/// score on the same pair (unrelated paragraphs of one story keep a cosine near 0.4), so the
/// same bar let weak links chain groups together. Chosen on the gold the same way
/// (`semantic_scoring_lifts_gold_f1_over_lexical_alone` in tests/all/semantic.rs): 0.26–0.30 is the
/// flat top (members F1 0.55–0.58, the Compare view's counterparts 0.72–0.74, against 0.50 and
/// 0.69 at 0.20).
pub const GROUP_LINK_SEMANTIC: f32 = 0.28;

/// The firm-link bar for an alignment scored by `similarity`.
pub fn group_link(similarity: Similarity) -> f32 {
    match similarity {
        Similarity::Lexical => GROUP_LINK,
        Similarity::LexicalSemantic => GROUP_LINK_SEMANTIC,
    }
}

/// An accepted link between two paragraphs of different articles (`a.article < b.article`).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub a: Member,
    pub b: Member,
    pub score: f32,
    /// Matching sentence pairs (sentence of `a`, sentence of `b`).
    pub sentences: Vec<(usize, usize)>,
}

fn member(r: ParagraphRef) -> Member {
    Member {
        article: r.article,
        paragraph: r.paragraph,
    }
}

/// Every accepted link of the drop: candidates scored in parallel, then decided per article
/// pair exactly as `diff` decides (rank among that pair's candidates, sentence evidence).
/// Also every sentence a sentence of another article matches among those candidates
/// ([`SENTENCE_MATCH`] or more): carried at sentence level whatever the paragraphs' links.
pub fn links(scorers: &Scorers, paragraph_counts: &[usize]) -> (Vec<Link>, BTreeSet<SentenceRef>) {
    let mut cands = candidate_pairs(&scorers.lexical);
    cands.extend(scorers.pairs_across_languages());
    cands.sort_unstable_by_key(|&(a, b)| (a.article, a.paragraph, b.article, b.paragraph));
    cands.dedup();
    let scored: Vec<(ParagraphRef, ParagraphRef, f32, Vec<Vec<f32>>)> = cands
        .par_iter()
        .map(|&(a, b)| {
            let (s, sent) = scorers.pair(a, b);
            (a, b, s, sent)
        })
        .filter(|x| x.2 > 0.0)
        .collect();
    let matched = matched_sentences(&scored);
    // Group by article pair; BTreeMap keeps the order deterministic.
    let mut by_pair: BTreeMap<(usize, usize), Vec<Scored>> = BTreeMap::new();
    for (a, b, score, sentences) in scored {
        by_pair
            .entry((a.article, b.article))
            .or_default()
            .push(Scored {
                left: a.paragraph,
                right: b.paragraph,
                score,
                sentences,
            });
    }
    let by_pair: Vec<((usize, usize), Vec<Scored>)> = by_pair.into_iter().collect();
    let links = by_pair
        .par_iter()
        .flat_map_iter(|((la, ra), cands)| {
            let n = paragraph_counts.get(*la).copied().unwrap_or(0);
            let m = paragraph_counts.get(*ra).copied().unwrap_or(0);
            decide(cands, n, m).into_iter().map(move |k| {
                let c = &cands[k];
                let (a, b) = (
                    ParagraphRef {
                        article: *la,
                        paragraph: c.left,
                    },
                    ParagraphRef {
                        article: *ra,
                        paragraph: c.right,
                    },
                );
                Link {
                    a: member(a),
                    b: member(b),
                    score: c.score,
                    sentences: scorers.matching_sentences(a, b, &c.sentences),
                }
            })
        })
        .collect();
    (links, matched)
}

/// The sentences of `scored` candidates that match a sentence of the other paragraph.
fn matched_sentences(
    scored: &[(ParagraphRef, ParagraphRef, f32, Vec<Vec<f32>>)],
) -> BTreeSet<SentenceRef> {
    let at = |p: &ParagraphRef, sentence| SentenceRef {
        article: p.article,
        paragraph: p.paragraph,
        sentence,
    };
    let mut out = BTreeSet::new();
    for (a, b, _, sentences) in scored {
        for (i, row) in sentences.iter().enumerate() {
            for (j, _) in row.iter().enumerate().filter(|(_, &s)| s >= SENTENCE_MATCH) {
                out.insert(at(a, i));
                out.insert(at(b, j));
            }
        }
    }
    out
}

/// Groups from links: strongest links first, two groups merge only when they share no
/// article (a group is one claim, one paragraph per outlet, except the parts of a claim an
/// outlet split over two paragraphs). Groups are ordered by
/// size, then by their first member; ids are positions in that order. Returns the groups and
/// the paragraphs in none (unique content), sorted.
pub fn groups(links: &[Link], paragraph_counts: &[usize]) -> (Vec<Group>, Vec<Member>) {
    groups_pinned(links, paragraph_counts, &Pins::default(), GROUP_LINK)
}

/// The reader's corrections to the aligner: pairs of paragraphs always in one group (pinned)
/// and never (unpinned), each pair ordered (`a < b`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pins {
    pub pinned: Vec<(Member, Member)>,
    pub unpinned: Vec<(Member, Member)>,
}

impl Pins {
    fn is_pinned(&self, l: &Link) -> bool {
        self.pinned.contains(&ordered(l.a, l.b))
    }
}

/// A pair in the order pins are kept.
pub fn ordered(a: Member, b: Member) -> (Member, Member) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// [`groups`], with pins: pinned links are merged first and even across an article already in
/// the group (the reader said so); no merge ever puts an unpinned pair in one group.
pub fn groups_pinned(
    links: &[Link],
    paragraph_counts: &[usize],
    pins: &Pins,
    firm_at: f32,
) -> (Vec<Group>, Vec<Member>) {
    // Groups are built from the firmer links only (and every pinned one); the weaker stay
    // pairwise correspondences, in the drop's `links`.
    let firm: Vec<Link> = links
        .iter()
        .filter(|l| l.score >= firm_at || pins.is_pinned(l))
        .cloned()
        .collect();
    let order = strongest_first(&firm, pins);
    let mut b = Building::new(paragraph_counts, pins);
    for &k in &order {
        b.merge(&firm[k], pins);
    }
    for &k in &order {
        b.attach_split_part(&firm[k]);
    }
    let (members, unique) = b.members();
    let scores = b.mean_scores(&firm);
    let groups = numbered(members, &scores);
    (with_also(groups, &firm, pins), unique)
}

/// The order links are merged in: pinned first, then by score, strongest first (ties by the
/// pair, so the result does not depend on the input order).
fn strongest_first(links: &[Link], pins: &Pins) -> Vec<usize> {
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by(|&x, &y| {
        pins.is_pinned(&links[y])
            .cmp(&pins.is_pinned(&links[x]))
            .then(links[y].score.total_cmp(&links[x].score))
            .then((links[x].a, links[x].b).cmp(&(links[y].a, links[y].b)))
    });
    order
}

/// Groups while they are built: a set per group over the drop's paragraphs, numbered flat
/// (article by article).
struct Building<'a> {
    counts: &'a [usize],
    /// Flat number of each article's first paragraph.
    offsets: Vec<usize>,
    sets: UnionFind,
    /// The articles present in each root's group, sorted.
    articles: Vec<Vec<usize>>,
    /// Paragraphs some merge has put in a group.
    linked: Vec<bool>,
    /// The unpinned pairs that are in range, as flat numbers.
    apart: Vec<(usize, usize)>,
}

impl<'a> Building<'a> {
    /// Every paragraph alone.
    fn new(counts: &'a [usize], pins: &Pins) -> Building<'a> {
        let offsets: Vec<usize> = counts
            .iter()
            .scan(0, |acc, &n| {
                let o = *acc;
                *acc += n;
                Some(o)
            })
            .collect();
        let total: usize = counts.iter().sum();
        let articles = (0..total)
            .map(|k| vec![offsets.partition_point(|&o| o <= k) - 1])
            .collect();
        let in_range = |m: Member| counts.get(m.article).is_some_and(|&n| m.paragraph < n);
        let flat = |m: Member| offsets[m.article] + m.paragraph;
        let apart = pins
            .unpinned
            .iter()
            .filter(|(x, y)| in_range(*x) && in_range(*y))
            .map(|&(x, y)| (flat(x), flat(y)))
            .collect();
        Building {
            counts,
            offsets,
            sets: UnionFind::new(total),
            articles,
            linked: vec![false; total],
            apart,
        }
    }

    fn flat(&self, m: Member) -> usize {
        self.offsets[m.article] + m.paragraph
    }

    /// Would joining the groups rooted at `ra` and `rb` put an unpinned pair together?
    fn splits(&mut self, ra: usize, rb: usize) -> bool {
        let sets = &mut self.sets;
        self.apart.iter().any(|&(x, y)| {
            let (rx, ry) = (sets.root(x), sets.root(y));
            (rx == ra && ry == rb) || (rx == rb && ry == ra)
        })
    }

    /// Whether the groups rooted at `ra` and `rb` hold paragraphs of one article.
    fn share_an_article(&self, ra: usize, rb: usize) -> bool {
        self.articles[ra]
            .iter()
            .any(|x| self.articles[rb].binary_search(x).is_ok())
    }

    /// Merge the groups of the link's two paragraphs, unless that puts an unpinned pair
    /// together or (for a link the reader did not pin) two paragraphs of one article.
    fn merge(&mut self, l: &Link, pins: &Pins) {
        let (Some(_), Some(_)) = (self.offsets.get(l.a.article), self.offsets.get(l.b.article))
        else {
            return;
        };
        let (fa, fb) = (self.flat(l.a), self.flat(l.b));
        let (ra, rb) = (self.sets.root(fa), self.sets.root(fb));
        if ra == rb || self.splits(ra, rb) {
            return;
        }
        if !pins.is_pinned(l) && self.share_an_article(ra, rb) {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.sets.merge_into(gone, keep);
        let moved = std::mem::take(&mut self.articles[gone]);
        self.articles[keep].extend(moved);
        self.articles[keep].sort_unstable();
        self.linked[fa] = true;
        self.linked[fb] = true;
    }

    /// A paragraph whose every link was refused (its outlet split the claim and the other half
    /// is in already) joins the group of its strongest link as a split part: it is covered
    /// content, not unique content.
    fn attach_split_part(&mut self, l: &Link) {
        for (x, y) in [(l.a, l.b), (l.b, l.a)] {
            let (fx, fy) = (self.flat(x), self.flat(y));
            if !self.linked[fx] && self.linked[fy] {
                let r = self.sets.root(fy);
                if self.splits(fx, r) {
                    continue;
                }
                self.sets.merge_into(fx, r);
                self.linked[fx] = true;
            }
        }
    }

    /// Each group's members by root, and the paragraphs in none (unique content), in order.
    fn members(&mut self) -> (BTreeMap<usize, Vec<Member>>, Vec<Member>) {
        let mut members: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
        let mut unique = Vec::new();
        for (a, &n) in self.counts.iter().enumerate() {
            for p in 0..n {
                let m = Member {
                    article: a,
                    paragraph: p,
                };
                let f = self.flat(m);
                let r = self.sets.root(f);
                if self.linked[f] {
                    members.entry(r).or_default().push(m);
                } else {
                    unique.push(m);
                }
            }
        }
        (members, unique)
    }

    /// The mean score of the links inside each group, by root, in one pass over the links.
    fn mean_scores(&mut self, links: &[Link]) -> BTreeMap<usize, f32> {
        let mut sums: BTreeMap<usize, (f32, usize)> = BTreeMap::new();
        for l in links {
            if l.a.article >= self.offsets.len() || l.b.article >= self.offsets.len() {
                continue;
            }
            let (fa, fb) = (self.flat(l.a), self.flat(l.b));
            let (ra, rb) = (self.sets.root(fa), self.sets.root(fb));
            if ra == rb && self.linked[fa] && self.linked[fb] {
                let e = sums.entry(ra).or_default();
                e.0 += l.score;
                e.1 += 1;
            }
        }
        sums.into_iter()
            .map(|(r, (sum, n))| (r, sum / n.max(1) as f32))
            .collect()
    }
}

/// The groups, largest first, then by their first member; ids are positions in that order.
fn numbered(members: BTreeMap<usize, Vec<Member>>, scores: &BTreeMap<usize, f32>) -> Vec<Group> {
    let mut groups: Vec<(Vec<Member>, f32)> = members
        .into_iter()
        .map(|(r, ms)| (ms, scores.get(&r).copied().unwrap_or(0.0)))
        .collect();
    groups.sort_by(|x, y| y.0.len().cmp(&x.0.len()).then(x.0[0].cmp(&y.0[0])));
    groups
        .into_iter()
        .enumerate()
        .map(|(id, (members, score))| Group {
            id,
            members,
            score,
            also: Vec::new(),
        })
        .collect()
}

/// The group each member paragraph is in (a paragraph is a member of one group at most).
pub fn group_of_members(groups: &[Group]) -> BTreeMap<Member, usize> {
    groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| (*m, g.id)))
        .collect()
}

/// Fill each group's [`Group::also`]: a paragraph of an outlet the group lacks that is linked
/// to members of at least two other outlets of the group, and to at least half of them. One
/// link is how a long paragraph touches many claims; links into most of a claim's outlets are
/// how it carries that claim too ("Not further, that's for sure" inside 003's lead paragraph).
fn with_also(mut groups: Vec<Group>, links: &[Link], pins: &Pins) -> Vec<Group> {
    let home = group_of_members(&groups);
    // For each (paragraph, group it is linked into): the group's outlets it is linked to.
    let mut reach: BTreeMap<(Member, usize), Vec<usize>> = BTreeMap::new();
    for l in links {
        for (x, y) in [(l.a, l.b), (l.b, l.a)] {
            let Some(&g) = home.get(&y) else { continue };
            if home.get(&x) == Some(&g) || pins.unpinned.contains(&ordered(x, y)) {
                continue;
            }
            let outlets = reach.entry((x, g)).or_default();
            if !outlets.contains(&y.article) {
                outlets.push(y.article);
            }
        }
    }
    for ((m, g), outlets) in reach {
        let Some(group) = groups.get_mut(g) else {
            continue;
        };
        let mut group_outlets: Vec<usize> = group.members.iter().map(|x| x.article).collect();
        group_outlets.dedup();
        if group_outlets.contains(&m.article) {
            continue;
        }
        if outlets.len() >= 2 && 2 * outlets.len() >= group_outlets.len() {
            group.also.push(m);
        }
    }
    groups
}

/// Quotes are evidence of claims too: when one quote lineup has renderings in the members of
/// a group in at least two outlets, every other paragraph holding a rendering carries that
/// claim, and is added to the group's [`Group::also`].
pub fn also_from_quotes(groups: &mut [Group], quotes: &[QuoteGroup]) {
    let home = group_of_members(groups);
    for q in quotes {
        let places: Vec<Member> = q
            .variants
            .iter()
            .map(|v| Member {
                article: v.article,
                paragraph: v.paragraph,
            })
            .collect();
        let mut hit: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for m in &places {
            if let Some(&g) = home.get(m) {
                let outlets = hit.entry(g).or_default();
                if !outlets.contains(&m.article) {
                    outlets.push(m.article);
                }
            }
        }
        for (g, _) in hit.into_iter().filter(|(_, o)| o.len() >= 2) {
            let Some(group) = groups.get_mut(g) else {
                continue;
            };
            // A rendering of the quote is specific evidence: its paragraph carries the claim
            // even where another paragraph of its outlet is a member already.
            for m in &places {
                if !group.members.contains(m) && !group.also.contains(m) {
                    group.also.push(*m);
                }
            }
            group.also.sort();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(article: usize, paragraph: usize) -> Member {
        Member { article, paragraph }
    }
    fn l(a: Member, b: Member, score: f32) -> Link {
        Link {
            a,
            b,
            score,
            sentences: vec![],
        }
    }

    #[test]
    fn a_pinned_link_merges_across_the_article_rule_and_an_unpin_separates() {
        // Two claims X (0,0 ~ 1,0) and Y (0,1 ~ 1,1); the cross link 0,0 ~ 1,1 is refused.
        let links = [
            l(m(0, 0), m(1, 0), 0.6),
            l(m(0, 1), m(1, 1), 0.5),
            l(m(0, 0), m(1, 1), 0.3),
        ];
        let together = |g: &[Group], x: Member, y: Member| {
            g.iter()
                .any(|g| g.members.contains(&x) && g.members.contains(&y))
        };
        let (g, _) = groups(&links, &[2, 2]);
        assert!(!together(&g, m(0, 0), m(1, 1)));
        let pins = Pins {
            pinned: vec![(m(0, 0), m(1, 1))],
            unpinned: vec![],
        };
        let (g, _) = groups_pinned(&links, &[2, 2], &pins, GROUP_LINK);
        assert!(together(&g, m(0, 0), m(1, 1)), "{g:?}");
        // Unpinning X's pair: no group holds both, not even as a split part.
        let pins = Pins {
            pinned: vec![],
            unpinned: vec![(m(0, 0), m(1, 0))],
        };
        let (g, unique) = groups_pinned(&links, &[2, 2], &pins, GROUP_LINK);
        assert!(!together(&g, m(0, 0), m(1, 0)), "{g:?}");
        assert!(together(&g, m(0, 1), m(1, 1)));
        assert!(
            unique.contains(&m(1, 0)) || unique.contains(&m(0, 0)),
            "{unique:?}"
        );
        // Nor through a third article: 0~2 and 2~1 may not chain 0 and 1 together.
        let links = [l(m(0, 0), m(2, 0), 0.6), l(m(1, 1), m(2, 0), 0.5)];
        let (g, _) = groups(&links, &[1, 2, 1]);
        assert_eq!(g[0].members, vec![m(0, 0), m(1, 1), m(2, 0)]);
        let pins = Pins {
            pinned: vec![],
            unpinned: vec![(m(0, 0), m(1, 1))],
        };
        let (g, _) = groups_pinned(&links, &[1, 2, 1], &pins, GROUP_LINK);
        assert_eq!(g[0].members, vec![m(0, 0), m(2, 0)]);
        assert!(!together(&g, m(0, 0), m(1, 1)));
    }

    #[test]
    fn three_outlets_on_one_claim_form_one_group_and_the_rest_is_unique() {
        let links = [
            l(m(0, 0), m(1, 1), 0.6),
            l(m(1, 1), m(2, 0), 0.5),
            l(m(0, 0), m(2, 0), 0.4),
        ];
        let (g, unique) = groups(&links, &[2, 2, 1]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].members, vec![m(0, 0), m(1, 1), m(2, 0)]);
        assert!((g[0].score - 0.5).abs() < 1e-6);
        assert_eq!(unique, vec![m(0, 1), m(1, 0)]);
    }

    #[test]
    fn a_paragraph_linked_into_most_of_another_claims_outlets_is_listed_with_it_too() {
        // Claim X: (0,0) (1,0) (2,0). Claim Y: (0,1) (1,1) (2,1) (3,1). Article 3's lead
        // (3,0) is in X (strongest links) but also links to Y in outlets 0 and 1.
        let links = [
            l(m(0, 0), m(1, 0), 0.9),
            l(m(0, 0), m(2, 0), 0.9),
            l(m(0, 0), m(3, 0), 0.8),
            l(m(0, 1), m(1, 1), 0.7),
            l(m(1, 1), m(2, 1), 0.7),
            l(m(2, 1), m(4, 0), 0.7),
            l(m(0, 1), m(3, 0), 0.4),
            l(m(1, 1), m(3, 0), 0.3),
        ];
        let (g, _) = groups(&links, &[2, 2, 2, 1, 1]);
        let y = g.iter().find(|g| g.members.contains(&m(0, 1))).unwrap();
        assert_eq!(y.also, vec![m(3, 0)]);
        let x = g.iter().find(|g| g.members.contains(&m(0, 0))).unwrap();
        assert!(x.members.contains(&m(3, 0)) && x.also.is_empty());
        // One link into a four-outlet claim is not enough.
        let (g, _) = groups(&links[..7], &[2, 2, 2, 1, 1]);
        assert!(g.iter().all(|g| g.also.is_empty()), "{g:?}");
    }

    #[test]
    fn groups_never_merge_across_one_article_but_a_split_part_joins() {
        // Claims X (0,0 ~ 1,0) and Y (0,1 ~ 1,1) must not merge through a weak cross link.
        let links = [
            l(m(0, 0), m(1, 0), 0.6),
            l(m(0, 1), m(1, 1), 0.5),
            l(m(0, 0), m(1, 1), 0.3),
        ];
        let (g, _) = groups(&links, &[2, 2]);
        assert_eq!(g.len(), 2);
        // Article 1 split claim X over two paragraphs: the second half joins X's group.
        let links = [l(m(0, 0), m(1, 0), 0.6), l(m(0, 0), m(1, 1), 0.5)];
        let (g, unique) = groups(&links, &[1, 2]);
        assert_eq!(g[0].members, vec![m(0, 0), m(1, 0), m(1, 1)]);
        assert!(unique.is_empty());
    }
}
