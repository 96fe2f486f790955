//! What the Compare details pane says about the cursor paragraph, as lines ready to draw: its
//! counterparts per outlet (score, reuse level), then each discrepancy touching it with both
//! sides and the rule that found it. Read from what the alignment holds, nothing re-derived;
//! pure, so the panels' layout (how tall the pane is) and the view agree.

use crate::align::{DropDiscrepancy, Member, ReuseLevel, Severity};

use super::app::App;
use super::theme::Role;
use super::wrap::{truncate, width, wrap, Seg, WLine};

/// Columns an outlet's name takes before its counterparts, so the ¶ numbers line up.
const OUTLET_COLUMN: usize = 22;
/// Indent of a discrepancy's two sides under its heading line.
const SIDE_INDENT: usize = 4;

/// One counterpart of the cursor paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counterpart {
    pub member: Member,
    /// The score of the pairwise link joining the two, if one does (a group member or a pin
    /// may have none).
    pub score: Option<f32>,
    /// How much of one paragraph the other reuses, when the alignment has it.
    pub reuse: Option<ReuseLevel>,
    /// The reader pinned this pair.
    pub pinned: bool,
}

/// The paragraph the pane describes: the focused panel's cursor paragraph, if it exists.
pub fn cursor_paragraph(app: &App) -> Option<Member> {
    let article = app.compare.focus;
    let paragraph = app.compare.cursor.get(article).copied().unwrap_or(0);
    let art = app.drop.drop.articles.get(article)?;
    (paragraph < art.paragraphs.len()).then_some(Member { article, paragraph })
}

/// The counterparts of `m` ([`super::app::DropState::counterparts`]), each with its link's
/// score and reuse level, best first (linked ones by score, then the rest in their order).
pub fn counterparts(app: &App, m: Member) -> Vec<Counterpart> {
    let links = app
        .drop
        .alignment
        .as_ref()
        .map_or(&[][..], |a| &a.links[..]);
    let mut out: Vec<Counterpart> = app
        .drop
        .counterparts(m)
        .into_iter()
        .map(|x| {
            let link = links
                .iter()
                .find(|l| (l.a, l.b) == (m, x) || (l.a, l.b) == (x, m));
            Counterpart {
                member: x,
                score: link.map(|l| l.score),
                reuse: link.and_then(|l| l.reuse),
                pinned: app.drop.pins.contains(&super::app::ordered(m, x)),
            }
        })
        .collect();
    // Stable: equal scores keep the alignment's order.
    out.sort_by(|a, b| {
        let key = |c: &Counterpart| c.score.unwrap_or(f32::NEG_INFINITY);
        key(b).total_cmp(&key(a))
    });
    out
}

/// The discrepancies with `m` on one side, the most serious first (then in the alignment's
/// order).
pub fn disagreements(app: &App, m: Member) -> Vec<&DropDiscrepancy> {
    let Some(al) = app.drop.alignment.as_ref() else {
        return Vec::new();
    };
    let mut out: Vec<&DropDiscrepancy> = al
        .discrepancies
        .iter()
        .filter(|d| d.left == m || d.right == m)
        .collect();
    out.sort_by_key(|d| d.severity);
    out
}

/// The pane's title: which paragraph it describes.
pub fn title(app: &App) -> String {
    match cursor_paragraph(app) {
        Some(m) => format!(" Why · {} ¶{} ", outlet(app, m.article), m.paragraph + 1),
        None => " Why ".into(),
    }
}

/// The pane's lines at `width` columns (inside its border).
pub fn lines(app: &App, width: u16) -> Vec<WLine> {
    let width = usize::from(width).max(1);
    let Some(m) = cursor_paragraph(app) else {
        return vec![dim("no paragraph under the cursor")];
    };
    if app.drop.alignment.is_none() {
        return vec![dim("aligning…")];
    }
    let mut out = vec![heading("Counterparts, best first")];
    out.extend(counterpart_lines(app, m, width));
    out.push(heading("Disagreements"));
    let found = disagreements(app, m);
    if found.is_empty() {
        out.push(dim("  no disagreement"));
    }
    for d in found {
        out.extend(discrepancy_lines(app, m, d, width));
    }
    out
}

/// One line per outlet that has a counterpart (best outlet first), then the outlets with none.
fn counterpart_lines(app: &App, m: Member, width: usize) -> Vec<WLine> {
    let all = counterparts(app, m);
    if all.is_empty() {
        return vec![dim("  no counterpart in any other outlet")];
    }
    let mut outlets: Vec<usize> = Vec::new();
    for c in &all {
        if !outlets.contains(&c.member.article) {
            outlets.push(c.member.article);
        }
    }
    let mut out = Vec::new();
    for a in &outlets {
        let name = truncate(&outlet(app, *a), OUTLET_COLUMN - 1);
        let pad = " ".repeat(OUTLET_COLUMN - width_of(&name));
        let mut segs = Vec::new();
        for (k, c) in all.iter().filter(|c| c.member.article == *a).enumerate() {
            if k > 0 {
                segs.push(Seg::new(" · ", Role::Dim));
            }
            segs.extend(counterpart_segs(c));
        }
        out.extend(hang(&format!("  {name}{pad}"), Role::Text, &segs, width));
    }
    let none: Vec<String> = (0..app.drop.len())
        .filter(|&a| a != m.article && !outlets.contains(&a))
        .map(|a| outlet(app, a))
        .collect();
    if !none.is_empty() {
        let text = format!("no counterpart in {}", none.join(", "));
        out.extend(hang("  ", Role::Dim, &[Seg::new(text, Role::Dim)], width));
    }
    out
}

/// "¶4 0.82 rewrite" (or "pinned" / "same group" where no link gives a score).
fn counterpart_segs(c: &Counterpart) -> Vec<Seg> {
    let mut segs = vec![Seg::new(
        format!("¶{}", c.member.paragraph + 1),
        Role::Badge,
    )];
    let score = match (c.score, c.pinned) {
        (_, true) => "pinned".to_string(),
        (Some(s), false) => format!("{s:.2}"),
        (None, false) => "same group".to_string(),
    };
    segs.push(Seg::new(format!(" {score}"), Role::Dim));
    if let Some(r) = c.reuse.filter(|r| *r != ReuseLevel::None) {
        segs.push(Seg::new(format!(" {}", reuse_name(r)), Role::Text));
    }
    segs
}

/// A reuse level in words: verbatim, rewrite, own words.
fn reuse_name(r: ReuseLevel) -> String {
    r.as_str().replace('_', " ")
}

/// A discrepancy: "number · major · rule" and both sides, this paragraph's first; on one line
/// when it fits, else a line (wrapped) per side.
fn discrepancy_lines(app: &App, m: Member, d: &DropDiscrepancy, width: usize) -> Vec<WLine> {
    let (sev, role) = severity(d.severity);
    let head = vec![
        Seg::new(format!("{} · ", d.kind.name()), Role::Text),
        Seg::new(sev, role),
        Seg::new(format!(" · {}", d.rule.phrase()), Role::Dim),
    ];
    let mut out = hang("  ", Role::Text, &head, width);
    let ((here, here_text), (there, there_text)) = if d.left == m {
        ((d.left, &d.left_text), (d.right, &d.right_text))
    } else {
        ((d.right, &d.right_text), (d.left, &d.left_text))
    };
    let who = |x: Member| format!("{} ¶{}: ", outlet(app, x.article), x.paragraph + 1);
    let quoted = |t: &str| Seg::new(format!("“{t}”"), Role::Quote);
    let indent = " ".repeat(SIDE_INDENT);
    let one = vec![
        Seg::new(format!("{indent}{}", who(here)), Role::Text),
        quoted(here_text),
        Seg::new("  ↔  ", Role::Dim),
        Seg::new(who(there), Role::Text),
        quoted(there_text),
    ];
    if segs_width(&one) <= width {
        out.push(one);
    } else {
        for (x, t) in [(here, here_text), (there, there_text)] {
            let prefix = format!("{indent}{}", who(x));
            out.extend(hang(&prefix, Role::Text, &[quoted(t)], width));
        }
    }
    out
}

/// The severity's word and the style it is drawn in (a major one as a dispute).
fn severity(s: Severity) -> (&'static str, Role) {
    match s {
        Severity::Major => ("major", Role::Disputed),
        Severity::Minor => ("minor", Role::Badge),
        Severity::Note => ("note", Role::Dim),
    }
}

/// Article `a`'s outlet as the app names it everywhere.
fn outlet(app: &App, a: usize) -> String {
    app.drop
        .drop
        .articles
        .get(a)
        .map(|art| art.outlet_label(&app.drop.drop.articles))
        .unwrap_or_default()
}

/// `body` after `prefix` (drawn as is), wrapped at `width` under a hanging indent as wide as
/// the prefix (at most half the width).
fn hang(prefix: &str, prefix_role: Role, body: &[Seg], width: usize) -> Vec<WLine> {
    let prefix = truncate(prefix, width / 2);
    let pw = width_of(&prefix);
    wrap(body, width.saturating_sub(pw).max(1))
        .into_iter()
        .enumerate()
        .map(|(k, mut l)| {
            let lead = if k == 0 {
                Seg::new(prefix.clone(), prefix_role)
            } else {
                Seg::new(" ".repeat(pw), Role::Text)
            };
            l.insert(0, lead);
            l
        })
        .collect()
}

fn segs_width(segs: &[Seg]) -> usize {
    segs.iter().map(|s| width(&s.text)).sum()
}

fn width_of(s: &str) -> usize {
    width(s)
}

fn heading(text: &str) -> WLine {
    vec![Seg::new(text, Role::Heading)]
}

fn dim(text: &str) -> WLine {
    vec![Seg::new(text, Role::Dim)]
}
