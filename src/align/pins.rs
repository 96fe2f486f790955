//! The reader's pins in the drop alignment: a pinned pair the aligner did not link gets a link
//! (scored as any candidate, so its figures stay honest), an unpinned pair loses its link; then
//! [`groups_pinned`](super::groups::groups_pinned) keeps pinned pairs together and unpinned
//! pairs apart.

use super::groups::{ordered, Link, Pins};
use super::score::Scorers;
use super::Member;
use crate::similarity::ParagraphRef;

/// Add links for pinned pairs and drop links of unpinned ones. Pins naming paragraphs that do
/// not exist (a drop since changed) or two paragraphs of one article are ignored.
pub fn apply(links: &mut Vec<Link>, scorers: &Scorers, counts: &[usize], pins: &Pins) {
    links.retain(|l| !pins.unpinned.contains(&ordered(l.a, l.b)));
    let exists = |m: Member| counts.get(m.article).is_some_and(|&n| m.paragraph < n);
    for &(x, y) in &pins.pinned {
        if x.article == y.article || !exists(x) || !exists(y) {
            continue;
        }
        let (a, b) = if x.article < y.article {
            (x, y)
        } else {
            (y, x)
        };
        if links.iter().any(|l| l.a == a && l.b == b) {
            continue;
        }
        let r = |m: Member| ParagraphRef {
            article: m.article,
            paragraph: m.paragraph,
        };
        let (score, sentences) = scorers.pair(r(a), r(b));
        links.push(Link {
            a,
            b,
            score,
            sentences: scorers.matching_sentences(r(a), r(b), &sentences),
        });
    }
}
