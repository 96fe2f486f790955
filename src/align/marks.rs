//! What a drop alignment says of each paragraph and each article: shared, unique or disputed,
//! the share of each article's words that is unique or disputed, and the discrepancy matrix
//! (facts × outlets). One home for these rules: the app's views and the CLI both read them here.

use std::collections::{BTreeMap, BTreeSet};

use super::{DiscrepancyKind, DropAlignment, DropDiscrepancy, Group, Member, Severity};
use crate::Article;

/// One paragraph as the alignment sees it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParagraphMark {
    /// Index into the alignment's groups.
    pub group: Option<usize>,
    /// The group's score, for shading counterparts.
    pub score: f32,
    /// Another outlet carries it: it is in a group, carries a group's claim, or is linked.
    pub shared: bool,
    /// No other outlet carries it.
    pub unique: bool,
    /// A fact in it disagrees with another outlet: a major disagreement (different values,
    /// dates or counts). Minor ones (a hedge, a quote in other words) and spellings do not
    /// dispute a paragraph.
    pub disputed: bool,
}

/// Per-article figures (the Sources badges, the Overview).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ArticleShares {
    pub words: usize,
    /// Share of the article's words no other outlet carries, in [0, 1]: its novelty
    /// ([`DropAlignment::novelty`], unique paragraphs and new sentences), the figure Triage
    /// shows too.
    pub unique_share: f32,
    /// Share of its words in disputed paragraphs.
    pub disputed_share: f32,
    /// Its major and minor discrepancies (spelling notes left out).
    pub discrepancies: usize,
}

/// One row of the discrepancy matrix: a fact, and what each outlet reports for it.
#[derive(Debug, Clone, PartialEq)]
pub struct FactRow {
    pub kind: DiscrepancyKind,
    /// What the row's facts measure ("plan size (revised)"): the name most of its
    /// discrepancies give.
    pub measure: String,
    /// The most serious severity among the row's discrepancies.
    pub severity: Severity,
    /// Per article of the drop: the paragraph and the snippet, for outlets in the dispute.
    pub cells: Vec<Option<(Member, String)>>,
}

impl FactRow {
    /// The row's name: what it measures, or its kind where nothing says.
    pub fn name(&self) -> &str {
        if self.measure.is_empty() {
            self.kind.name()
        } else {
            &self.measure
        }
    }
}

/// The paragraphs another outlet carries: group members, paragraphs carrying a group's claim
/// (`also`), and both ends of every link at or above `group_link`. A weaker link is a related
/// claim more often than the same one (the Kyiv fixture's "team ready to travel to Florida"
/// against 003's "talks followed a meeting in Florida"), so it leaves a paragraph unique.
pub fn carried<'a>(
    links: impl IntoIterator<Item = (Member, Member, f32)>,
    groups: impl IntoIterator<Item = &'a Group>,
    group_link: f32,
) -> BTreeSet<Member> {
    let firm = links
        .into_iter()
        .filter(|(_, _, score)| *score >= group_link)
        .flat_map(|(a, b, _)| [a, b]);
    let in_groups = groups
        .into_iter()
        .flat_map(|g| g.members.iter().chain(&g.also).copied());
    firm.chain(in_groups).collect()
}

impl DropAlignment {
    /// [`carried`] for this alignment.
    pub fn carried(&self) -> BTreeSet<Member> {
        carried(
            self.links.iter().map(|l| (l.a, l.b, l.score)),
            &self.groups,
            self.group_link,
        )
    }

    /// Every paragraph of `articles` (the drop aligned) marked shared, unique or disputed.
    pub fn paragraph_marks(&self, articles: &[Article]) -> Vec<Vec<ParagraphMark>> {
        let mut marks: Vec<Vec<ParagraphMark>> = articles
            .iter()
            .map(|a| vec![ParagraphMark::default(); a.paragraphs.len()])
            .collect();
        for (gi, g) in self.groups.iter().enumerate() {
            for m in &g.members {
                if let Some(mark) = at(&mut marks, m) {
                    mark.group = Some(gi);
                    mark.score = g.score;
                }
            }
        }
        for m in &self.carried() {
            if let Some(mark) = at(&mut marks, m) {
                mark.shared = true;
            }
        }
        for m in &self.unique {
            if let Some(mark) = at(&mut marks, m) {
                mark.unique = true;
            }
        }
        for d in self.discrepancies.iter().filter(|d| d.severity.disputes()) {
            for m in [&d.left, &d.right] {
                if let Some(mark) = at(&mut marks, m) {
                    mark.disputed = true;
                }
            }
        }
        marks
    }

    /// Each article's word count and the shares of its words that are unique and disputed,
    /// from `marks` ([`DropAlignment::paragraph_marks`] of the same articles).
    pub fn article_shares(
        &self,
        articles: &[Article],
        marks: &[Vec<ParagraphMark>],
    ) -> Vec<ArticleShares> {
        let mut counts = vec![0usize; articles.len()];
        for d in self
            .discrepancies
            .iter()
            .filter(|d| d.severity != Severity::Note)
        {
            for m in [d.left, d.right] {
                if let Some(c) = counts.get_mut(m.article) {
                    *c += 1;
                }
            }
        }
        let novelty = self.novelty(articles);
        articles
            .iter()
            .zip(marks)
            .zip(counts.into_iter().zip(novelty))
            .map(|((art, marks), (discrepancies, novelty))| {
                let words = art.word_count();
                let share = |f: fn(&ParagraphMark) -> bool| {
                    let w: usize = art
                        .paragraphs
                        .iter()
                        .zip(marks)
                        .filter(|(_, m)| f(m))
                        .map(|(p, _)| p.text.split_whitespace().count())
                        .sum();
                    if words == 0 {
                        0.0
                    } else {
                        w as f32 / words as f32
                    }
                };
                ArticleShares {
                    words,
                    unique_share: novelty.share,
                    disputed_share: share(|m| m.disputed),
                    discrepancies,
                }
            })
            .collect()
    }

    /// The discrepancy matrix: pairwise discrepancies measuring one thing are one fact, each
    /// outlet's cell holding the first snippet it was seen with. The values one change reached
    /// ("to 20 items", "to 19 points") are one fact across the story, by the value the change
    /// started from; other discrepancies are one fact per paragraph group and kind (quotes per
    /// speaker too), and those outside any group stay facts of their own. Rows come major first, then
    /// minor, then notes, the ones more outlets dispute first, then in alignment order.
    pub fn fact_rows(&self, articles: usize) -> Vec<FactRow> {
        let mut by_key: BTreeMap<RowKey, (FactRow, Vec<&str>)> = BTreeMap::new();
        let statement = self.statement_rows();
        for (i, d) in self.discrepancies.iter().enumerate() {
            let kind = kind_order(d.kind);
            let key = match (&d.measure.change_from, d.group) {
                // One statement given to different speakers is one row, whatever groups its
                // paragraphs sit in: "Ushakov" / "he (Ushakov)" / "A Kremlin spokesman".
                _ if d.kind == DiscrepancyKind::Attribution => {
                    (2, statement[i], String::new(), kind)
                }
                (Some(start), _) => (0, 0, start.clone(), kind),
                // One statement per speaker; a number or date row per group whatever each
                // pair calls it ("meeting length", "talks length").
                (None, Some(g)) if d.kind == DiscrepancyKind::Quote => {
                    (1, g, d.measure.name.clone(), kind)
                }
                (None, Some(g)) => (1, g, String::new(), kind),
                (None, None) => (2, i, String::new(), kind),
            };
            let (row, names) = by_key.entry(key).or_insert_with(|| {
                let row = FactRow {
                    kind: d.kind,
                    measure: String::new(),
                    severity: d.severity,
                    cells: vec![None; articles],
                };
                (row, Vec::new())
            });
            row.severity = row.severity.min(d.severity);
            names.push(&d.measure.name);
            for (m, text) in [(d.left, &d.left_text), (d.right, &d.right_text)] {
                if let Some(cell @ None) = row.cells.get_mut(m.article) {
                    *cell = Some((m, text.clone()));
                }
            }
        }
        let mut rows: Vec<FactRow> = by_key
            .into_values()
            .map(|(mut row, names)| {
                row.measure = most_common(&names).unwrap_or_default().to_string();
                row
            })
            .collect();
        rows.sort_by_key(|r| {
            (
                r.severity,
                std::cmp::Reverse(r.cells.iter().flatten().count()),
            )
        });
        rows
    }
}

impl DropAlignment {
    /// For each discrepancy, the first attribution that shares one of its speakers (the same
    /// paragraph and span), so one statement's attributions make one row; others map to
    /// themselves.
    fn statement_rows(&self) -> Vec<usize> {
        let ds = &self.discrepancies;
        let mut root: Vec<usize> = (0..ds.len()).collect();
        let ends = |d: &DropDiscrepancy| [(d.left, d.left_span), (d.right, d.right_span)];
        for i in 0..ds.len() {
            if ds[i].kind != DiscrepancyKind::Attribution {
                continue;
            }
            let shared = (0..i).find(|&j| {
                ds[j].kind == DiscrepancyKind::Attribution
                    && ends(&ds[j]).iter().any(|e| ends(&ds[i]).contains(e))
            });
            if let Some(j) = shared {
                root[i] = root[j];
            }
        }
        root
    }
}

/// Where a fact row stands: its tier (a change's values, a group's facts, facts outside any
/// group), the group or discrepancy index, the speaker's measure for quotes, the kind.
type RowKey = (u8, usize, String, u8);

/// The name given most often (the first of those tied), if any.
fn most_common<'a>(names: &[&'a str]) -> Option<&'a str> {
    let count = |n: &str| names.iter().filter(|m| **m == n).count();
    let mut best: Option<(&str, usize)> = None;
    for n in names {
        let c = count(n);
        if best.is_none_or(|(_, b)| c > b) {
            best = Some((n, c));
        }
    }
    best.map(|b| b.0)
}

/// The mark of paragraph `m`, if the alignment's member is inside the drop.
fn at<'a>(marks: &'a mut [Vec<ParagraphMark>], m: &Member) -> Option<&'a mut ParagraphMark> {
    marks.get_mut(m.article)?.get_mut(m.paragraph)
}

fn kind_order(k: DiscrepancyKind) -> u8 {
    match k {
        DiscrepancyKind::Number => 0,
        DiscrepancyKind::Date => 1,
        DiscrepancyKind::Name => 2,
        DiscrepancyKind::Quote => 3,
        DiscrepancyKind::Attribution => 4,
    }
}
