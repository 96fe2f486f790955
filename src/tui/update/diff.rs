//! Diff: choosing the pair (aligned off the UI thread, stale results dropped by request id),
//! building the side-by-side rows (word changes styled, runs of identical pairs folded, left or
//! right order), and moving between changes.

use crate::align::reuse::copied_spans;
use crate::align::{DiffKind, Member, PairAlignment, Severity, TextSpan};
use crate::article::Article;

use super::super::action::Command;
use super::super::app::{App, DiffRow, RowKind, View};
use super::super::jobs::Job;
use super::super::layout;
use super::super::theme::Role;
use super::super::wrap::{overlaid, resliced, wrap, Seg, WLine};
use super::{movement, scroll_into_view};

/// Runs of at least this many identical pairs fold into one line.
const FOLD_MIN: usize = 3;

/// Show the Diff: the marked pair if two are marked, else what is already there.
pub fn show(app: &mut App) -> Option<Job> {
    app.view = View::Diff;
    match app.sources.marks[..] {
        [l, r] if app.diff.pair != Some((l, r)) => select_pair(app, l, r),
        _ => None,
    }
}

/// Open the diff of a revision, the older version on the left, at its first change.
pub fn select_revision(app: &mut App, old: usize, new: usize) -> Option<Job> {
    let job = select_pair(app, old, new);
    app.diff.at_first_change = true;
    refresh(app);
    job
}

/// Open the diff of `left` and `right`; align them unless already done.
pub fn select_pair(app: &mut App, left: usize, right: usize) -> Option<Job> {
    let n = app.drop.len();
    if left >= n || right >= n || left == right {
        return None;
    }
    app.view = View::Diff;
    let d = &mut app.diff;
    d.pair = Some((left, right));
    d.cursor = 0;
    d.top = 0;
    d.expanded.clear();
    d.rows.clear();
    d.width = 0;
    d.at_first_change = false;
    if app.drop.pairs.contains_key(&(left, right)) {
        d.pending = None;
        return None;
    }
    request(app, left, right)
}

/// The drop's alignment changed mode (refined with embeddings): align the pair on screen again
/// the same way, keeping the reader's row (see [`keep_place`]) instead of starting at the top.
pub fn realign_shown(app: &mut App) -> Option<Job> {
    let (left, right) = app.diff.pair?;
    request(app, left, right)
}

/// Ask for the pair alignment of `left` and `right` the drop shown is aligned with (lexical,
/// or with embeddings once refined), the Diff waiting for it.
fn request(app: &mut App, left: usize, right: usize) -> Option<Job> {
    let req = app.jobs.next_req();
    app.diff.pending = Some(req);
    let job = Job::AlignPair {
        req,
        drop: app.drop.drop.clone(),
        left,
        right,
        pins: pair_pins(app, left, right),
        semantic: super::semantic::for_pairs(app),
    };
    app.jobs.align_pair.request(req, job)
}

/// Rebuild the rows from a new alignment of the same pair with the cursor on the row showing
/// the paragraph it showed before (left first, else right), where that row still exists.
pub fn keep_place(app: &mut App) {
    let at = app
        .diff
        .rows
        .get(app.diff.cursor)
        .map(|r| (r.left, r.right));
    app.diff.rows.clear();
    refresh(app);
    let Some((left, right)) = at else {
        return;
    };
    let rows = &app.diff.rows;
    let found = rows
        .iter()
        .position(|r| left.is_some() && r.left == left)
        .or_else(|| {
            rows.iter()
                .position(|r| right.is_some() && r.right == right)
        });
    if let Some(i) = found {
        app.diff.cursor = i;
    }
}

pub fn command(app: &mut App, c: Command) -> Option<Job> {
    let len = app.diff.rows.len();
    let page = usize::from(
        layout::areas(app.ui.width, app.ui.height, false)
            .body
            .height
            / 3,
    );
    if let Some(to) = movement(c, app.diff.cursor, len, page) {
        app.diff.cursor = to;
        return None;
    }
    let cur = app.diff.cursor;
    let rows = &app.diff.rows;
    match c {
        Command::NextChange => match (cur + 1..len).find(|&i| rows[i].is_change()) {
            Some(i) => app.diff.cursor = i,
            None => app.ui.message = Some("no later change".into()),
        },
        Command::PrevChange => match (0..cur).rev().find(|&i| rows[i].is_change()) {
            Some(i) => app.diff.cursor = i,
            None => app.ui.message = Some("no earlier change".into()),
        },
        Command::ToggleFold => {
            match rows.get(cur).map(|r| &r.kind) {
                Some(RowKind::Fold { id, .. }) => {
                    app.diff.expanded.insert(*id);
                }
                _ => app.diff.expanded.clear(),
            }
            app.diff.width = 0;
        }
        Command::ToggleOrder => {
            app.diff.right_order = !app.diff.right_order;
            app.diff.expanded.clear();
            app.diff.cursor = 0;
            app.diff.width = 0;
        }
        Command::NextRight | Command::PrevRight => {
            let (l, r) = app.diff.pair?;
            let n = app.drop.len();
            let mut next = r;
            loop {
                next = if c == Command::NextRight {
                    (next + 1) % n
                } else {
                    (next + n - 1) % n
                };
                if next != l {
                    break;
                }
            }
            return select_pair(app, l, next);
        }
        _ => {}
    }
    None
}

/// Rebuild rows when the result arrived or the width changed; keep the cursor row visible.
pub fn refresh(app: &mut App) {
    let Some((l, r)) = app.diff.pair else {
        return;
    };
    let body = layout::areas(app.ui.width, app.ui.height, app.ui.banner.is_some()).body;
    let (_, left_col, _, right_col) = layout::diff_columns(body);
    // One column of each side is kept blank next to the middle column.
    let width = left_col.width.min(right_col.width).saturating_sub(1).max(1);
    if app.diff.width != width || app.diff.rows.is_empty() {
        if let Some(al) = app.drop.pairs.get(&(l, r)).cloned() {
            let arts = &app.drop.drop.articles;
            app.diff.rows = build_rows(
                &arts[l],
                &arts[r],
                &al,
                app.diff.right_order,
                &app.diff.expanded,
                usize::from(width),
            );
            app.diff.width = width;
        }
    }
    let d = &mut app.diff;
    if d.at_first_change && !d.rows.is_empty() {
        d.at_first_change = false;
        if let Some(i) = d.rows.iter().position(DiffRow::is_change) {
            d.cursor = i;
        }
    }
    d.cursor = d.cursor.min(d.rows.len().saturating_sub(1));
    let first: usize = d.rows[..d.cursor].iter().map(DiffRow::height).sum();
    let end = first + d.rows.get(d.cursor).map_or(1, DiffRow::height);
    d.top = scroll_into_view(d.top, first, end, usize::from(left_col.height));
}

/// The Diff's rows for one pair alignment, in left (or right) reading order.
pub fn build_rows(
    left: &Article,
    right: &Article,
    al: &PairAlignment,
    right_order: bool,
    expanded: &std::collections::BTreeSet<usize>,
    width: usize,
) -> Vec<DiffRow> {
    // Order keys: (position in the leading article, then position in the other).
    let mut keyed: Vec<((usize, usize), DiffRow)> = Vec::new();
    let lead = |l: usize, r: usize| if right_order { (r, l) } else { (l, r) };
    for (index, p) in al.pairs.iter().enumerate() {
        let (lt, rt) = pair_lines(left, right, al, index, width);
        let changed = p.diff.iter().any(|o| o.op != DiffKind::Equal)
            || (p.diff.is_empty() && text(left, p.left) != text(right, p.right));
        let discrepancies = al
            .discrepancies
            .iter()
            .filter(|d| d.left == p.left && d.right == p.right)
            .map(|d| d.kind)
            .collect();
        let kind = RowKind::Pair {
            index,
            score: p.score,
            changed,
            discrepancies,
            reuse: p.reuse,
        };
        keyed.push((
            lead(p.left, p.right),
            row(kind, Some(p.left), Some(p.right), lt, rt),
        ));
    }
    // An unmatched paragraph goes right after the pair nearest before it in its own article.
    let after = |mine: usize, is_left: bool| -> (usize, usize) {
        let anchor = al
            .pairs
            .iter()
            .filter(|p| {
                if is_left {
                    p.left < mine
                } else {
                    p.right < mine
                }
            })
            .max_by_key(|p| if is_left { p.left } else { p.right });
        let own_leads = is_left != right_order;
        match anchor {
            _ if own_leads => (mine, usize::MAX),
            Some(p) => (if right_order { p.right } else { p.left }, mine + 1),
            None => (0, 0),
        }
    };
    for &i in &al.left_only {
        let lines = wrap(&[Seg::new(text(left, i), Role::Deleted)], width);
        keyed.push((
            after(i, true),
            row(RowKind::LeftOnly, Some(i), None, lines, Vec::new()),
        ));
    }
    for &j in &al.right_only {
        let lines = wrap(&[Seg::new(text(right, j), Role::Inserted)], width);
        keyed.push((
            after(j, false),
            row(RowKind::RightOnly, None, Some(j), Vec::new(), lines),
        ));
    }
    keyed.sort_by_key(|(k, _)| *k);
    let mut rows: Vec<DiffRow> = keyed.into_iter().map(|(_, r)| r).collect();
    shown_once(&mut rows, width);
    fold(rows, expanded)
}

/// A paragraph matched more than once (merged or split by the other outlet) is printed in its
/// first row only; later rows say where it is ("¶3, as above").
fn shown_once(rows: &mut [DiffRow], width: usize) {
    use std::collections::BTreeSet;
    let (mut left, mut right) = (BTreeSet::new(), BTreeSet::new());
    let again = |p: usize| {
        wrap(
            &[Seg::new(format!("¶{}, as above", p + 1), Role::Dim)],
            width,
        )
    };
    for row in rows.iter_mut() {
        if let Some(p) = row.left {
            if !left.insert(p) {
                row.left_lines = again(p);
            }
        }
        if let Some(p) = row.right {
            if !right.insert(p) {
                row.right_lines = again(p);
            }
        }
    }
}

fn row(
    kind: RowKind,
    l: Option<usize>,
    r: Option<usize>,
    ll: Vec<WLine>,
    rl: Vec<WLine>,
) -> DiffRow {
    DiffRow {
        kind,
        left: l,
        right: r,
        left_lines: ll,
        right_lines: rl,
    }
}

fn text(a: &Article, p: usize) -> &str {
    a.paragraphs.get(p).map_or("", |p| p.text.as_str())
}

/// Left and right lines of pair `index`, with deleted and inserted words styled.
fn pair_lines(
    l: &Article,
    r: &Article,
    al: &PairAlignment,
    index: usize,
    width: usize,
) -> (Vec<WLine>, Vec<WLine>) {
    let p = &al.pairs[index];
    let (lt, rt) = (text(l, p.left), text(r, p.right));
    // In a copy (verbatim or rewrite), the word runs both sides share, moved ones too, are
    // marked over the word changes.
    let copied = |ls: Vec<Seg>, rs: Vec<Seg>| {
        if !p.reuse.is_copy() {
            return (ls, rs);
        }
        let (lc, rc) = copied_spans(lt, rt);
        (
            overlaid(ls, lt, &lc, Role::Copied),
            overlaid(rs, rt, &rc, Role::Copied),
        )
    };
    if !p.is_edit() {
        let (ls, rs) = paraphrase(l, r, al, index);
        return (wrap(&ls, width), wrap(&rs, width));
    }
    if p.diff.is_empty() {
        let (ls, rs) = copied(
            vec![Seg::new(lt, Role::Text)],
            vec![Seg::new(rt, Role::Text)],
        );
        return (wrap(&ls, width), wrap(&rs, width));
    }
    let mut ls = Vec::new();
    let mut rs = Vec::new();
    for op in &p.diff {
        match op.op {
            DiffKind::Equal => {
                ls.push(Seg::new(op.text.clone(), Role::Text));
                rs.push(Seg::new(op.text.clone(), Role::Text));
            }
            DiffKind::Delete => ls.push(Seg::new(op.text.clone(), Role::Deleted)),
            DiffKind::Insert => rs.push(Seg::new(op.text.clone(), Role::Inserted)),
        }
    }
    let (ls, rs) = copied(resliced(ls, lt), resliced(rs, rt));
    (wrap(&ls, width), wrap(&rs, width))
}

/// A pair in other words, sentence by sentence: the sentences matched on the other side in
/// the text style, those only one side has as unique, and the facts that disagree (major and
/// minor, not spellings) as disputed on both sides.
fn paraphrase(l: &Article, r: &Article, al: &PairAlignment, index: usize) -> (Vec<Seg>, Vec<Seg>) {
    let p = &al.pairs[index];
    let facts = al
        .discrepancies
        .iter()
        .filter(|d| d.left == p.left && d.right == p.right && d.severity != Severity::Note);
    let (left_facts, right_facts): (Vec<TextSpan>, Vec<TextSpan>) =
        facts.map(|d| (d.left_span, d.right_span)).unzip();
    let matched_left: Vec<usize> = p.sentences.iter().map(|s| s.0).collect();
    let matched_right: Vec<usize> = p.sentences.iter().map(|s| s.1).collect();
    (
        sentence_segs(l, p.left, &matched_left, &left_facts),
        sentence_segs(r, p.right, &matched_right, &right_facts),
    )
}

/// Paragraph `at` of `a` as segments: matched sentences as text, the others unique, `facts`
/// (spans of the article's source) disputed over both.
fn sentence_segs(a: &Article, at: usize, matched: &[usize], facts: &[TextSpan]) -> Vec<Seg> {
    let Some(para) = a.paragraphs.get(at) else {
        return Vec::new();
    };
    let text = para.text.as_str();
    // Source offsets into the paragraph's text (`text == source[start..end]`).
    let local = |start: usize, end: usize| {
        let (s, e) = (start.checked_sub(para.start)?, end.checked_sub(para.start)?);
        (s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e))
            .then_some(s..e)
    };
    let unmatched: Vec<_> = para
        .sentences
        .iter()
        .enumerate()
        .filter(|(k, _)| !matched.contains(k))
        .filter_map(|(_, s)| local(s.start, s.end))
        .collect();
    let disputed: Vec<_> = facts.iter().filter_map(|f| local(f.start, f.end)).collect();
    let segs = overlaid(
        vec![Seg::new(text, Role::Text)],
        text,
        &unmatched,
        Role::Unique,
    );
    overlaid(segs, text, &disputed, Role::Disputed)
}

/// Fold runs of identical pairs, unless the reader expanded that run.
fn fold(rows: Vec<DiffRow>, expanded: &std::collections::BTreeSet<usize>) -> Vec<DiffRow> {
    let same = |r: &DiffRow| matches!(r.kind, RowKind::Pair { changed: false, ref discrepancies, .. } if discrepancies.is_empty());
    let mut out = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let run = rows[i..].iter().take_while(|r| same(r)).count();
        if run >= FOLD_MIN && !expanded.contains(&i) {
            out.push(row(
                RowKind::Fold { count: run, id: i },
                None,
                None,
                Vec::new(),
                Vec::new(),
            ));
            i += run;
        } else {
            out.extend(rows[i..i + run.max(1)].iter().cloned());
            i += run.max(1);
        }
    }
    out
}

/// The reader's pins between articles `left` and `right`, as the pair aligner takes them
/// (`left` as article 0, `right` as 1).
fn pair_pins(app: &App, left: usize, right: usize) -> crate::align::Pins {
    let to_pair = |(x, y): &(Member, Member)| {
        let side = |m: &Member, article| Member {
            article,
            paragraph: m.paragraph,
        };
        match (x.article, y.article) {
            (a, b) if a == left && b == right => Some((side(x, 0), side(y, 1))),
            (a, b) if a == right && b == left => Some((side(y, 0), side(x, 1))),
            _ => None,
        }
    };
    crate::align::Pins {
        pinned: app.drop.pins.iter().filter_map(to_pair).collect(),
        unpinned: app.drop.unpins.iter().filter_map(to_pair).collect(),
    }
}
