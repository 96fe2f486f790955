//! Two arbitrary texts as plain-text articles: `diff` both ways and the N-way alignment of a
//! drop holding them must not panic, and every index they report must point into the articles.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax::align::{align_drop, diff_articles};
use parallax::ingest::{article_from_bytes, LoadOptions};

fuzz_target!(|data: &[u8]| {
    // Split at the first 0xFF (never valid UTF-8), so the fuzzer controls both texts.
    let (left, right) = match data.iter().position(|&b| b == 0xFF) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &data[data.len() / 2..]),
    };
    let opts = LoadOptions::default();
    let (Ok(a), Ok(b)) = (
        article_from_bytes("left.txt", left, &opts),
        article_from_bytes("right.txt", right, &opts),
    ) else {
        return;
    };
    for (l, r) in [(&a, &b), (&b, &a), (&a, &a)] {
        let pair = diff_articles(l, r);
        for p in &pair.pairs {
            assert!(p.left < l.paragraphs.len() && p.right < r.paragraphs.len());
        }
        assert!(pair.left_only.iter().all(|&i| i < l.paragraphs.len()));
        assert!(pair.right_only.iter().all(|&j| j < r.paragraphs.len()));
    }
    let drop = [a.clone(), b.clone(), a];
    let all = align_drop(&drop);
    for g in &all.groups {
        for m in &g.members {
            assert!(m.paragraph < drop[m.article].paragraphs.len());
        }
    }
});
