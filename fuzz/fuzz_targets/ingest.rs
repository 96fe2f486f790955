//! Any bytes, under any of the four extensions, cleaned or raw: no panic, and every span of
//! every article lies inside its source on char boundaries with the text it claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use parallax::ingest::{articles_from_bytes, LoadOptions};

const EXTENSIONS: [&str; 5] = ["txt", "md", "html", "json", "bin"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, bytes)) = data.split_first() else {
        return;
    };
    let name = format!("fuzz.{}", EXTENSIONS[first as usize % EXTENSIONS.len()]);
    let opts = LoadOptions {
        raw: first & 0x80 != 0,
    };
    let Ok(articles) = articles_from_bytes(&name, bytes, &opts) else {
        return;
    };
    for a in &articles {
        let src = &a.source;
        let inside = |s: usize, e: usize| {
            s <= e && e <= src.len() && src.is_char_boundary(s) && src.is_char_boundary(e)
        };
        for p in &a.paragraphs {
            assert!(inside(p.start, p.end), "paragraph {}..{}", p.start, p.end);
            assert_eq!(p.text, src[p.start..p.end]);
            for s in &p.sentences {
                assert!(inside(s.start, s.end) && p.start <= s.start && s.end <= p.end);
                assert_eq!(s.text, src[s.start..s.end]);
            }
        }
        for r in &a.removed {
            assert!(inside(r.start, r.end), "removed {}..{}", r.start, r.end);
            assert_eq!(r.text, src[r.start..r.end]);
        }
    }
});
