//! Alignment scoped to stories. A drop holds many stories (one real-world event each); each is
//! aligned on its own and the results are put together in drop indices. So no group, link,
//! unique paragraph, quote lineup or discrepancy joins two stories ("court" and "jury" shared
//! by two trials are not a correspondence), a paragraph is unique when no other article *of its
//! story* carries it, and the work grows with the size of the stories, not with the drop.

use rayon::prelude::*;

use super::{align_drop_with, novelty, AlignOptions, DropAlignment, Member, Pins};
use crate::Article;

/// Align each story of `stories` (lists of indices into `articles`, disjoint; an article in
/// none is aligned alone, so all its paragraphs are unique) and merge the alignments. Group ids
/// are renumbered to stay unique and in story order; every index is the drop's.
pub fn align_stories(
    articles: &[Article],
    stories: &[Vec<usize>],
    opts: &AlignOptions,
) -> DropAlignment {
    let stories = with_loners(articles.len(), stories);
    let parts: Vec<DropAlignment> = stories
        .par_iter()
        .map(|members| align_one(articles, members, opts))
        .collect();
    let mut merged = empty_like(parts.first(), opts);
    for (members, part) in stories.iter().zip(parts) {
        append(&mut merged, part, members);
    }
    merged.links.sort_by_key(|l| (l.a, l.b));
    merged.unique.sort();
    merged.new_sentences.sort();
    merged
}

/// The stories, each sorted, plus a story of one for every article no story lists.
fn with_loners(n: usize, stories: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut seen = vec![false; n];
    let mut out: Vec<Vec<usize>> = Vec::with_capacity(stories.len());
    for s in stories {
        let mut s: Vec<usize> = s
            .iter()
            .copied()
            .filter(|&a| a < n && !std::mem::replace(&mut seen[a], true))
            .collect();
        s.sort_unstable();
        if !s.is_empty() {
            out.push(s);
        }
    }
    out.extend((0..n).filter(|&a| !seen[a]).map(|a| vec![a]));
    out
}

/// One story's alignment, in the story's own indices (0..members.len()).
fn align_one(articles: &[Article], members: &[usize], opts: &AlignOptions) -> DropAlignment {
    let subset: Vec<Article> = members.iter().map(|&a| articles[a].clone()).collect();
    let local = |m: &Member| {
        members
            .binary_search(&m.article)
            .ok()
            .map(|article| Member {
                article,
                paragraph: m.paragraph,
            })
    };
    let keep = |pairs: &[(Member, Member)]| -> Vec<(Member, Member)> {
        pairs
            .iter()
            .filter_map(|(a, b)| Some((local(a)?, local(b)?)))
            .collect()
    };
    let story_opts = AlignOptions {
        extra: opts.extra.clone(),
        lexical_weight: opts.lexical_weight,
        diff_deadline: opts.diff_deadline,
        pins: Pins {
            pinned: keep(&opts.pins.pinned),
            unpinned: keep(&opts.pins.unpinned),
        },
    };
    align_drop_with(&subset, &story_opts)
}

/// An alignment with nothing in it, of the mode the parts were made in.
fn empty_like(first: Option<&DropAlignment>, opts: &AlignOptions) -> DropAlignment {
    let fallback;
    let first = match first {
        Some(f) => f,
        None => {
            fallback = align_drop_with(&[], opts);
            &fallback
        }
    };
    DropAlignment {
        groups: Vec::new(),
        links: Vec::new(),
        unique: Vec::new(),
        new_sentences: Vec::new(),
        quotes: Vec::new(),
        discrepancies: Vec::new(),
        similarity: first.similarity,
        group_link: first.group_link,
    }
}

/// Add one story's alignment to `merged`, its article indices mapped through `members`.
fn append(merged: &mut DropAlignment, part: DropAlignment, members: &[usize]) {
    let to_drop = |m: Member| Member {
        article: members[m.article],
        paragraph: m.paragraph,
    };
    let offset = merged.groups.len();
    for mut g in part.groups {
        g.id += offset;
        g.members = g.members.into_iter().map(to_drop).collect();
        g.also = g.also.into_iter().map(to_drop).collect();
        merged.groups.push(g);
    }
    merged.links.extend(part.links.into_iter().map(|mut l| {
        (l.a, l.b) = (to_drop(l.a), to_drop(l.b));
        l
    }));
    merged.unique.extend(part.unique.into_iter().map(to_drop));
    merged
        .new_sentences
        .extend(part.new_sentences.into_iter().map(|mut s| {
            s.article = members[s.article];
            s
        }));
    merged.quotes.extend(part.quotes.into_iter().map(|mut q| {
        for v in &mut q.variants {
            v.article = members[v.article];
        }
        q
    }));
    merged
        .discrepancies
        .extend(part.discrepancies.into_iter().map(|mut d| {
            (d.left, d.right) = (to_drop(d.left), to_drop(d.right));
            d.group = d.group.map(|g| g + offset);
            d
        }));
}

/// The alignment of one story, cut out of a drop's alignment made by [`align_stories`]: what
/// touches an article of `members` (drop indices), in the story's own indices (the position
/// in `members`, which must be sorted), group ids renumbered from 0. The app shows one story
/// at a time from the drop's alignment this way, with nothing aligned twice.
pub fn story_alignment(drop: &DropAlignment, members: &[usize]) -> DropAlignment {
    let local = |m: Member| {
        members
            .binary_search(&m.article)
            .ok()
            .map(|article| Member {
                article,
                paragraph: m.paragraph,
            })
    };
    let mut out = empty_like(Some(drop), &AlignOptions::default());
    let mut renumbered = std::collections::HashMap::new();
    for g in &drop.groups {
        let inside: Vec<Member> = g.members.iter().filter_map(|&m| local(m)).collect();
        if inside.is_empty() {
            continue;
        }
        renumbered.insert(g.id, out.groups.len());
        let mut g = g.clone();
        g.id = out.groups.len();
        g.members = inside;
        g.also = g.also.iter().filter_map(|&m| local(m)).collect();
        out.groups.push(g);
    }
    out.links = drop
        .links
        .iter()
        .filter_map(|l| {
            Some(super::DropLink {
                a: local(l.a)?,
                b: local(l.b)?,
                score: l.score,
                reuse: l.reuse,
            })
        })
        .collect();
    out.unique = drop.unique.iter().filter_map(|&m| local(m)).collect();
    out.new_sentences = drop
        .new_sentences
        .iter()
        .filter_map(|s| {
            let article = members.binary_search(&s.article).ok()?;
            Some(novelty::SentenceRef { article, ..*s })
        })
        .collect();
    out.quotes = drop
        .quotes
        .iter()
        .filter_map(|q| {
            let mut q = q.clone();
            q.variants
                .retain_mut(|v| match members.binary_search(&v.article) {
                    Ok(a) => {
                        v.article = a;
                        true
                    }
                    Err(_) => false,
                });
            (!q.variants.is_empty()).then_some(q)
        })
        .collect();
    out.discrepancies = drop
        .discrepancies
        .iter()
        .filter_map(|d| {
            let mut d = d.clone();
            (d.left, d.right) = (local(d.left)?, local(d.right)?);
            d.group = d.group.and_then(|g| renumbered.get(&g).copied());
            Some(d)
        })
        .collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn article(name: &str, text: &str) -> Article {
        article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    /// Two trials that share the vocabulary of every court report, two outlets each.
    fn two_trials() -> Vec<Article> {
        let court = "The jury heard closing arguments at the crown court yesterday and the judge \
                     told jurors to consider the evidence carefully before reaching a verdict.";
        vec![
            article("a1.txt", &format!("Baker trial\n\nMartin Baker denied stealing 40 paintings from the Hale gallery in Leeds.\n\n{court}")),
            article("b1.txt", &format!("Okafor trial\n\nGrace Okafor denied defrauding the Linden pension fund of 2 million pounds.\n\n{court}")),
            article("a2.txt", &format!("Gallery theft\n\nMartin Baker, 52, denies the theft of 40 paintings from Leeds' Hale gallery.\n\n{court}")),
            article("b2.txt", &format!("Pension fraud\n\nGrace Okafor, 47, denies a 2 million pound fraud on the Linden pension fund.\n\n{court}")),
        ]
    }

    fn story_of(a: usize) -> usize {
        a % 2
    }

    #[test]
    fn nothing_joins_two_stories() {
        let arts = two_trials();
        let al = align_stories(&arts, &[vec![0, 2], vec![1, 3]], &AlignOptions::default());
        let same = |a: Member, b: Member| story_of(a.article) == story_of(b.article);
        assert!(!al.links.is_empty());
        for l in &al.links {
            assert!(same(l.a, l.b), "link across stories: {l:?}");
        }
        for g in &al.groups {
            let first = g.members[0];
            assert!(
                g.members.iter().chain(&g.also).all(|m| same(first, *m)),
                "{g:?}"
            );
        }
        for d in &al.discrepancies {
            assert!(same(d.left, d.right), "{d:?}");
        }
        for q in &al.quotes {
            let s = story_of(q.variants[0].article);
            assert!(q.variants.iter().all(|v| story_of(v.article) == s), "{q:?}");
        }
    }

    #[test]
    fn the_whole_drop_aligned_blind_links_the_trials_and_scoped_it_does_not() {
        // Guards the test above against passing vacuously: unscoped, the shared court
        // paragraph links the two trials.
        let arts = two_trials();
        let blind = align_drop_with(&arts, &AlignOptions::default());
        assert!(blind
            .links
            .iter()
            .any(|l| story_of(l.a.article) != story_of(l.b.article)));
    }

    #[test]
    fn an_article_in_no_story_is_aligned_alone() {
        let arts = two_trials();
        let al = align_stories(&arts, &[vec![0, 2]], &AlignOptions::default());
        let of_3: Vec<_> = al.unique.iter().filter(|m| m.article == 3).collect();
        assert_eq!(of_3.len(), arts[3].paragraphs.len());
        assert!(al
            .links
            .iter()
            .all(|l| l.a.article != 3 && l.b.article != 3));
    }

    #[test]
    fn one_story_is_exactly_the_drop_alignment() {
        let arts = two_trials();
        let all = vec![(0..arts.len()).collect::<Vec<_>>()];
        let opts = AlignOptions::default();
        assert_eq!(
            align_stories(&arts, &all, &opts),
            align_drop_with(&arts, &opts)
        );
    }
    #[test]
    fn a_story_cut_from_the_drop_alignment_is_that_story_aligned_alone() {
        let arts = two_trials();
        let opts = AlignOptions::default();
        let drop = align_stories(&arts, &[vec![0, 2], vec![1, 3]], &opts);
        for members in [vec![0, 2], vec![1, 3]] {
            let alone: Vec<Article> = members.iter().map(|&a| arts[a].clone()).collect();
            assert_eq!(
                story_alignment(&drop, &members),
                align_drop_with(&alone, &opts),
                "story {members:?}"
            );
        }
    }
}
