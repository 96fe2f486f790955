//! Alignment: which paragraphs of two articles (or of a whole drop) say the same thing, what
//! changed word by word, which quotes and facts disagree.
//!
//! The types here are the `parallax diff --json` and `parallax align --json` contracts.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use std::time::Duration;

use crate::article::Article;
use crate::similarity::{ParagraphRef, Similarity, Weighted};

pub mod attribution;
pub mod discrepancy;
pub mod facts;
pub mod groups;
pub mod lineup;
pub mod marks;
pub mod novelty;
pub mod pair;
mod pins;
pub mod quotes;
pub mod reuse;
pub mod score;
pub mod stories;
pub mod worddiff;

pub use discrepancy::Rule;
pub use groups::Pins;
pub use marks::{ArticleShares, FactRow, ParagraphMark};
use pair::{decide, moved, Scored};
pub use reuse::ReuseLevel;
use score::Scorers;
use worddiff::word_diff;

/// How to align: which scorers beside the lexical one, and how long a word diff may take.
///
/// `AlignOptions::default()` is lexical only. To add the semantic scorer:
/// `AlignOptions { extra: vec![Weighted { scorer: &semantic, weight: 1.0 }], ..Default::default() }`.
#[derive(Debug, Clone)]
pub struct AlignOptions<'s> {
    /// Scorers combined with the lexical one (weighted mean per candidate pair).
    pub extra: Vec<Weighted<'s>>,
    /// Weight of the lexical score in that mean.
    pub lexical_weight: f32,
    /// The most time one word diff may take before `similar` falls back to a coarser diff.
    pub diff_deadline: Duration,
    /// The reader's corrections: paragraph pairs always grouped / paired (pinned) and never
    /// (unpinned). For [`diff_articles_with`], the left article is article 0, the right 1.
    pub pins: Pins,
}

impl Default for AlignOptions<'_> {
    fn default() -> Self {
        AlignOptions {
            extra: Vec::new(),
            lexical_weight: 1.0,
            // A paragraph diff normally takes microseconds; 50 ms bounds pathological inputs.
            diff_deadline: Duration::from_millis(50),
            pins: Pins::default(),
        }
    }
}

/// One operation of a word-level diff of two paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffOp {
    /// `equal`, `delete` (left only) or `insert` (right only).
    pub op: DiffKind,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffKind {
    Equal,
    Delete,
    Insert,
}

/// Two corresponding paragraphs, `left` in the left article and `right` in the right one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub left: usize,
    pub right: usize,
    /// Similarity in [0, 1], comparable across article pairs.
    pub score: f32,
    /// Matching sentence pairs: (sentence index in left paragraph, in right paragraph).
    pub sentences: Vec<(usize, usize)>,
    pub diff: Vec<DiffOp>,
    /// The pair breaks the reading order of both articles.
    pub moved: bool,
    /// How much of one paragraph is reused in the other ([`reuse`]): at least `own_words`,
    /// since the pair says the same thing; `none` in older JSON.
    #[serde(default)]
    pub reuse: ReuseLevel,
    /// The reuse level of each matching sentence pair, in the order of `sentences`.
    #[serde(default)]
    pub sentence_reuse: Vec<ReuseLevel>,
}

impl Pair {
    /// Whether the two paragraphs are one text edited (a copy: verbatim or rewritten), where a
    /// word diff reads; otherwise they say the same in their own words, and a word diff of two
    /// paraphrases is a wall of changes: they compare sentence by sentence instead.
    pub fn is_edit(&self) -> bool {
        self.reuse.is_copy()
    }
}

/// What kind of fact disagrees between two aligned paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiscrepancyKind {
    Number,
    Date,
    Name,
    Quote,
    /// One statement given to different speakers.
    Attribution,
}

impl DiscrepancyKind {
    /// Its name, as the JSON, the CLI and exports write it.
    pub fn name(self) -> &'static str {
        match self {
            DiscrepancyKind::Number => "number",
            DiscrepancyKind::Date => "date",
            DiscrepancyKind::Name => "name",
            DiscrepancyKind::Quote => "quote",
            DiscrepancyKind::Attribution => "attribution",
        }
    }
}

/// What a discrepancy's two facts measure, which names its fact row ("plan size (revised)",
/// "hours", "Ushakov's words"; see [`discrepancy`]). Absent in older JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Measure {
    /// The row's name.
    pub name: String,
    /// For the values one change reached: the value it started from. Such facts pair across
    /// the story wherever their sentences sit, so their rows join across paragraph groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_from: Option<String>,
}

/// How much a discrepancy matters to a reader checking the facts.
///
/// `major`: the outlets contradict each other (different values, dates or counts). `minor`:
/// the same fact worded or hedged differently ("a five-hour" / "for nearly five hours", one
/// speaker's statement in other words). `note`: only spelt differently (Yuri / Yury), never a
/// dispute. Ordered from the most to the least serious.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Read as major when absent: before severities every flag was a dispute.
    #[default]
    Major,
    Minor,
    Note,
}

impl Severity {
    /// Whether it makes a paragraph disputed (`!`): only major disagreements do.
    pub fn disputes(self) -> bool {
        self == Severity::Major
    }
}

/// A byte range into an article's source text (the same space as `Paragraph.start..end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextSpan {
    pub start: usize,
    pub end: usize,
}

impl TextSpan {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> TextSpan {
        TextSpan { start, end }
    }
}

/// A fact that the two sides of an aligned pair report differently, with both snippets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discrepancy {
    /// Paragraph index in the left article.
    pub left: usize,
    /// Paragraph index in the right article.
    pub right: usize,
    pub kind: DiscrepancyKind,
    /// Major, minor, or a note (a spelling); absent in older JSON, read as major.
    #[serde(default)]
    pub severity: Severity,
    /// The left snippet ("refined down to 20 items").
    pub left_text: String,
    /// The right snippet ("revised to 19 points").
    pub right_text: String,
    /// Where `left_text` is in the left article's source.
    pub left_span: TextSpan,
    /// Where `right_text` is in the right article's source.
    pub right_span: TextSpan,
    /// What the two facts measure.
    #[serde(default)]
    pub measure: Measure,
    /// The check that found it; absent in older JSON.
    #[serde(default)]
    pub rule: discrepancy::Rule,
}

/// The alignment of two articles: `parallax diff`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairAlignment {
    pub pairs: Vec<Pair>,
    pub left_only: Vec<usize>,
    pub right_only: Vec<usize>,
    pub discrepancies: Vec<Discrepancy>,
    /// The scorers actually used (`"lexical"` or `"lexical+semantic"` in the JSON).
    pub similarity: Similarity,
}

/// A paragraph of a drop: `article` indexes the drop's articles, `paragraph` that article's paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Member {
    pub article: usize,
    pub paragraph: usize,
}

/// Paragraphs of several articles that say the same thing ("this claim is covered by X, Y, Z").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub id: usize,
    /// One paragraph per outlet (two or more only where an outlet split the claim). Every
    /// paragraph is a member of at most one group.
    pub members: Vec<Member>,
    pub score: f32,
    /// Paragraphs that are not members but carry this claim too: a lead paragraph that sums
    /// up several claims, linked to members in at least two outlets the paragraph's outlet is
    /// not among; or a paragraph holding a rendering of a quote the members quote. Empty (and
    /// left out of the JSON) for most groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Member>,
}

/// One rendering of a quote in one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub article: usize,
    pub paragraph: usize,
    /// The quoted words (marks excluded), or for indirect speech the whole sentence.
    pub text: String,
    /// Where `text` is in the article's source.
    pub span: TextSpan,
    /// Who this outlet says spoke, as written ("Yury Ushakov").
    pub speaker: Option<String>,
    /// The attribution verb this outlet chose ("said", "insisted"), lower-case.
    pub verb: Option<String>,
    /// Indirect speech of the same statement (no quotation marks).
    pub indirect: bool,
    /// Where the meaning may shift against the group's first variant: `negation` (a negation
    /// added or dropped), `hedge` (a hedge added or dropped), `partial` (under half the words).
    pub flags: Vec<String>,
    /// Word diff from the group's first variant to this one (empty for the first, and for a
    /// rendering in another language: a translation differs in every word). No flags either.
    pub diff: Vec<DiffOp>,
    /// The language of the article it is in (ISO 639-1), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// The renderings of the same quote across outlets: a quote lineup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub speaker: Option<String>,
    pub variants: Vec<QuoteVariant>,
}

impl QuoteGroup {
    /// The language to mark `variant` with: its own, when the lineup spans more than one
    /// (a Russian rendering beside English ones is shown in Russian, marked "ru").
    pub fn language_mark<'a>(&self, variant: &'a QuoteVariant) -> Option<&'a str> {
        let first = self.variants.first().and_then(|v| v.language.as_deref());
        let mixed = self
            .variants
            .iter()
            .any(|v| v.language.is_some() && v.language.as_deref() != first);
        if mixed {
            variant.language.as_deref()
        } else {
            None
        }
    }
}

/// A discrepancy located in a drop: one cell pair of the facts × outlets matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropDiscrepancy {
    pub kind: DiscrepancyKind,
    /// Major, minor, or a note (a spelling); absent in older JSON, read as major.
    #[serde(default)]
    pub severity: Severity,
    pub left: Member,
    pub right: Member,
    pub left_text: String,
    pub right_text: String,
    /// Where `left_text` is in the source of article `left.article`.
    pub left_span: TextSpan,
    /// Where `right_text` is in the source of article `right.article`.
    pub right_span: TextSpan,
    /// The group both paragraphs belong to, when they are in one.
    pub group: Option<usize>,
    /// What the two facts measure.
    #[serde(default)]
    pub measure: Measure,
    /// The check that found it; absent in older JSON.
    #[serde(default)]
    pub rule: discrepancy::Rule,
}

/// One accepted correspondence of a drop: two paragraphs of two articles and their score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DropLink {
    pub a: Member,
    pub b: Member,
    pub score: f32,
    /// How much of one paragraph is reused in the other, when asked for
    /// ([`reuse::fill_links`]: `align --json` fills it); left out of the JSON when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reuse: Option<ReuseLevel>,
}

/// The N-way alignment of a drop: `parallax align`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DropAlignment {
    pub groups: Vec<Group>,
    /// Every pair of paragraphs (of two articles) the alignment accepted, decided per article
    /// pair as `diff` decides: the many-to-many correspondences that groups, one paragraph per
    /// outlet, cannot all hold. Ordered by (a, b); `a` is in the earlier article.
    #[serde(default)]
    pub links: Vec<DropLink>,
    /// Paragraphs no other outlet carries: in no group, no `also`, and with no link scoring
    /// `group_link` or more (a weaker link is to a related claim as often as not).
    pub unique: Vec<Member>,
    /// Sentences no other outlet carries inside shared paragraphs ([`novelty::new_sentences`]).
    #[serde(default)]
    pub new_sentences: Vec<novelty::SentenceRef>,
    pub quotes: Vec<QuoteGroup>,
    pub discrepancies: Vec<DropDiscrepancy>,
    /// The scorers actually used (`"lexical"` or `"lexical+semantic"` in the JSON).
    pub similarity: Similarity,
    /// The score at which a link is firm: groups are built from firm links, and a firm link
    /// makes a paragraph shared ([`groups::group_link`] of `similarity`).
    #[serde(default = "default_group_link")]
    pub group_link: f32,
}

fn default_group_link() -> f32 {
    groups::GROUP_LINK
}

/// Align two articles with the lexical scorer (see [`diff_articles_with`]).
pub fn diff_articles(left: &Article, right: &Article) -> PairAlignment {
    diff_articles_with(left, right, &AlignOptions::default())
}

/// Align two articles: every corresponding paragraph pair with its score, matching sentences,
/// word diff and `moved` flag; the paragraphs with no counterpart on each side; and the facts
/// the pairs report differently. Every paragraph pair of the same kind is a candidate.
pub fn diff_articles_with(left: &Article, right: &Article, opts: &AlignOptions) -> PairAlignment {
    let articles = [left.clone(), right.clone()];
    let scorers = Scorers::prepare(&articles, opts);
    let cands: Vec<Scored> = (0..left.paragraphs.len())
        .flat_map(|i| (0..right.paragraphs.len()).map(move |j| (i, j)))
        .filter_map(|(i, j)| {
            let (score, sentences) = scorers.pair(pref(0, i), pref(1, j));
            (score > 0.0).then_some(Scored {
                left: i,
                right: j,
                score,
                sentences,
            })
        })
        .collect();
    let mut out = pair_alignment(left, right, &cands, &scorers, opts);
    out.similarity = scorers.similarity;
    out
}

fn pref(article: usize, paragraph: usize) -> ParagraphRef {
    ParagraphRef { article, paragraph }
}

/// Turn scored candidates of two articles into their alignment.
fn pair_alignment(
    left: &Article,
    right: &Article,
    cands: &[Scored],
    scorers: &Scorers,
    opts: &AlignOptions,
) -> PairAlignment {
    let (n, m) = (left.paragraphs.len(), right.paragraphs.len());
    // Pins between the two (left is article 0, right article 1): an unpinned pair is never
    // chosen, a pinned one always, with its score if it was a candidate, else 0.
    let says = |l: usize, r: usize, list: &[(Member, Member)]| {
        list.contains(&(
            Member {
                article: 0,
                paragraph: l,
            },
            Member {
                article: 1,
                paragraph: r,
            },
        ))
    };
    let extra: Vec<Scored> = opts
        .pins
        .pinned
        .iter()
        .filter(|(x, y)| x.article == 0 && y.article == 1 && x.paragraph < n && y.paragraph < m)
        .filter(|(x, y)| {
            !cands
                .iter()
                .any(|c| (c.left, c.right) == (x.paragraph, y.paragraph))
        })
        .map(|(x, y)| Scored {
            left: x.paragraph,
            right: y.paragraph,
            score: 0.0,
            sentences: Vec::new(),
        })
        .collect();
    let mut chosen: Vec<&Scored> = decide(cands, n, m)
        .into_iter()
        .map(|k| &cands[k])
        .filter(|c| !says(c.left, c.right, &opts.pins.unpinned))
        .collect();
    for c in cands.iter().chain(&extra) {
        let already = chosen
            .iter()
            .any(|x| (x.left, x.right) == (c.left, c.right));
        if !already && says(c.left, c.right, &opts.pins.pinned) {
            chosen.push(c);
        }
    }
    chosen.sort_by_key(|c| (c.left, c.right));
    let coords: Vec<(usize, usize)> = chosen.iter().map(|c| (c.left, c.right)).collect();
    let moved_flags = moved(&coords);
    let pairs: Vec<Pair> = chosen
        .iter()
        .zip(moved_flags)
        .map(|(c, moved)| {
            let (lp, rp) = (&left.paragraphs[c.left], &right.paragraphs[c.right]);
            let sentences =
                scorers.matching_sentences(pref(0, c.left), pref(1, c.right), &c.sentences);
            let sentence_reuse = sentences
                .iter()
                .map(|&(i, j)| match (lp.sentences.get(i), rp.sentences.get(j)) {
                    (Some(a), Some(b)) => reuse::aligned_level(&a.text, &b.text),
                    _ => ReuseLevel::None,
                })
                .collect();
            Pair {
                left: c.left,
                right: c.right,
                score: c.score,
                sentences,
                diff: word_diff(&lp.text, &rp.text, opts.diff_deadline),
                moved,
                reuse: reuse::aligned_level(&lp.text, &rp.text),
                sentence_reuse,
            }
        })
        .collect();
    let left_only = (0..left.paragraphs.len())
        .filter(|i| !coords.iter().any(|p| p.0 == *i))
        .collect();
    let right_only = (0..right.paragraphs.len())
        .filter(|j| !coords.iter().any(|p| p.1 == *j))
        .collect();
    let (lf, rf) = (
        discrepancy::article_facts(&left.paragraphs, left.language.as_deref()),
        discrepancy::article_facts(&right.paragraphs, right.language.as_deref()),
    );
    let mut discrepancies: Vec<Discrepancy> = pairs
        .iter()
        .flat_map(|p| {
            discrepancy::between_with(
                &left.paragraphs[p.left],
                &lf[p.left],
                &right.paragraphs[p.right],
                &rf[p.right],
                p,
            )
        })
        .collect();
    for d in discrepancy::differing_changes(&left.paragraphs, &lf, &right.paragraphs, &rf) {
        if !discrepancies
            .iter()
            .any(|x| (x.left_span, x.right_span) == (d.left_span, d.right_span))
        {
            discrepancies.push(d);
        }
    }
    PairAlignment {
        pairs,
        left_only,
        right_only,
        discrepancies,
        similarity: Similarity::Lexical,
    }
}

/// Align a whole drop with the lexical scorer (see [`align_drop_with`]).
pub fn align_drop(articles: &[Article]) -> DropAlignment {
    align_drop_with(articles, &AlignOptions::default())
}

/// Align a whole drop: groups of corresponding paragraphs across articles, each article's
/// unique paragraphs, quote lineups, and the discrepancies inside every aligned pair.
/// Candidates come from an inverted index over rare terms, never from all pairs.
pub fn align_drop_with(articles: &[Article], opts: &AlignOptions) -> DropAlignment {
    let scorers = Scorers::prepare(articles, opts);
    let counts: Vec<usize> = articles.iter().map(|a| a.paragraphs.len()).collect();
    let (mut links, matched) = groups::links(&scorers, &counts);
    pins::apply(&mut links, &scorers, &counts, &opts.pins);
    let group_link = groups::group_link(scorers.similarity);
    let (groups, unique) = groups::groups_pinned(&links, &counts, &opts.pins, group_link);
    let group_of = groups::group_of_members(&groups);
    let quotes = lineup::lineups(
        articles,
        &links,
        &groups,
        &|a, b| scorers.semantic_sentence(a, b),
        opts.diff_deadline,
    );
    let mut groups = groups;
    groups::also_from_quotes(&mut groups, &quotes);
    // Unique means no other outlet carries it (`marks::carried`: a member, `also`, or the end
    // of a firm link).
    let carried = marks::carried(
        links.iter().map(|l| (l.a, l.b, l.score)),
        &groups,
        group_link,
    );
    let mut unique = unique;
    // A sub-heading ("A Controversial Peace Proposal") labels the text under it; it is no
    // content of its own, so never unique (issue 17: 10 of the seeds' 34 unique were headings).
    let heading = |m: &Member| {
        articles
            .get(m.article)
            .and_then(|a| a.paragraphs.get(m.paragraph))
            .is_some_and(|p| p.kind == crate::article::ParagraphKind::Heading)
    };
    unique.retain(|m| !carried.contains(m) && !heading(m));
    let new_sentences = novelty::new_sentences(articles, &links, &matched, &carried);
    let facts: Vec<Vec<discrepancy::ParagraphFacts>> = articles
        .par_iter()
        .map(|a| discrepancy::article_facts(&a.paragraphs, a.language.as_deref()))
        .collect();
    let discrepancies = links
        .par_iter()
        .flat_map_iter(|l| {
            let pair = Pair {
                left: l.a.paragraph,
                right: l.b.paragraph,
                score: l.score,
                sentences: l.sentences.clone(),
                diff: Vec::new(),
                moved: false,
                reuse: ReuseLevel::None,
                sentence_reuse: Vec::new(),
            };
            let group = group_of
                .get(&l.a)
                .filter(|g| group_of.get(&l.b) == Some(g))
                .copied();
            let (la, lb) = (&articles[l.a.article], &articles[l.b.article]);
            discrepancy::between_with(
                &la.paragraphs[l.a.paragraph],
                &facts[l.a.article][l.a.paragraph],
                &lb.paragraphs[l.b.paragraph],
                &facts[l.b.article][l.b.paragraph],
                &pair,
            )
            .into_iter()
            .map(move |d| DropDiscrepancy {
                kind: d.kind,
                severity: d.severity,
                left: l.a,
                right: l.b,
                left_text: d.left_text,
                right_text: d.right_text,
                left_span: d.left_span,
                right_span: d.right_span,
                group,
                measure: d.measure,
                rule: d.rule,
            })
        })
        .collect();
    let discrepancies = with_changes(articles, &facts, &group_of, discrepancies);
    let mut drop_links: Vec<DropLink> = links
        .iter()
        .map(|l| DropLink {
            a: l.a,
            b: l.b,
            score: l.score,
            reuse: None,
        })
        .collect();
    drop_links.sort_by_key(|x| (x.a, x.b));
    DropAlignment {
        groups,
        links: drop_links,
        unique,
        new_sentences,
        quotes,
        discrepancies,
        similarity: scorers.similarity,
        group_link,
    }
}

/// `found` (the discrepancies inside aligned pairs) and, for each pair of articles, the values
/// they say one change reached differently ([`discrepancy::differing_changes`]) that no aligned
/// pair already holds.
fn with_changes(
    articles: &[Article],
    facts: &[Vec<discrepancy::ParagraphFacts>],
    group_of: &std::collections::BTreeMap<Member, usize>,
    mut found: Vec<DropDiscrepancy>,
) -> Vec<DropDiscrepancy> {
    let changing: Vec<bool> = articles
        .iter()
        .zip(facts)
        .map(|(art, f)| discrepancy::states_a_change(&art.paragraphs, f))
        .collect();
    for a in 0..articles.len() {
        for b in a + 1..articles.len() {
            // A pair finds something only when one side states a change.
            if !changing[a] && !changing[b] {
                continue;
            }
            let ds = discrepancy::differing_changes(
                &articles[a].paragraphs,
                &facts[a],
                &articles[b].paragraphs,
                &facts[b],
            );
            for d in ds {
                let (left, right) = (
                    Member {
                        article: a,
                        paragraph: d.left,
                    },
                    Member {
                        article: b,
                        paragraph: d.right,
                    },
                );
                let known = found.iter().any(|x| {
                    (x.left.article, x.right.article, x.left_span, x.right_span)
                        == (a, b, d.left_span, d.right_span)
                });
                if known {
                    continue;
                }
                let group = group_of
                    .get(&left)
                    .filter(|g| group_of.get(&right) == Some(g))
                    .copied();
                found.push(DropDiscrepancy {
                    kind: d.kind,
                    severity: d.severity,
                    left,
                    right,
                    left_text: d.left_text,
                    right_text: d.right_text,
                    left_span: d.left_span,
                    right_span: d.right_span,
                    group,
                    measure: d.measure,
                    rule: d.rule,
                });
            }
        }
    }
    found
}

impl DropAlignment {
    /// The coverage matrix: `coverage(n)[article][group]` is whether that article has a
    /// paragraph in that group (`n` = number of articles in the drop).
    pub fn coverage(&self, articles: usize) -> Vec<Vec<bool>> {
        let mut m = vec![vec![false; self.groups.len()]; articles];
        for g in &self.groups {
            for mem in g.members.iter().chain(&g.also) {
                if let Some(row) = m.get_mut(mem.article) {
                    row[g.id] = true;
                }
            }
        }
        m
    }
}
