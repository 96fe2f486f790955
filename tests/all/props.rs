//! Property tests of ingestion on arbitrary input: no panic on any bytes, and every span of
//! every article (paragraph, sentence, removed piece) lies inside its source on char
//! boundaries, with `text == source[start..end]`.

use parallax::ingest::{self, LoadOptions};
use parallax::Article;
use proptest::prelude::*;

fn check_spans(a: &Article) -> Result<(), TestCaseError> {
    let src = &a.source;
    let in_source = |s: usize, e: usize| {
        s <= e && e <= src.len() && src.is_char_boundary(s) && src.is_char_boundary(e)
    };
    for p in &a.paragraphs {
        prop_assert!(
            in_source(p.start, p.end),
            "paragraph {}..{}",
            p.start,
            p.end
        );
        prop_assert_eq!(&p.text, &src[p.start..p.end]);
        // The paragraph's folded form is built from its sentences'; it must equal folding it whole.
        prop_assert_eq!(&p.norm, &parallax::normalise::normalise(&p.text));
        for s in &p.sentences {
            prop_assert!(in_source(s.start, s.end), "sentence {}..{}", s.start, s.end);
            prop_assert!(p.start <= s.start && s.end <= p.end);
            prop_assert_eq!(&s.text, &src[s.start..s.end]);
        }
    }
    for r in &a.removed {
        prop_assert!(in_source(r.start, r.end), "removed {}..{}", r.start, r.end);
        prop_assert_eq!(&r.text, &src[r.start..r.end]);
    }
    Ok(())
}

fn load(name: &str, bytes: &[u8], raw: bool) -> Result<Vec<Article>, String> {
    ingest::articles_from_bytes(name, bytes, &LoadOptions { raw })
}

/// Text built from the pieces articles are made of: words in several scripts, punctuation
/// that sentence splitting looks at, quotes, bullets, heading marks, dates, blank lines.
fn article_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Putin".to_string()),
        Just("Кремль".to_string()),
        Just("переговоры".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("Dec. 3, 2025".to_string()),
        Just("06:29, Wed".to_string()),
        Just("Updated:".to_string()),
        Just(" date 2025-12-03".to_string()),
        Just("“quoted.”".to_string()),
        Just("\"".to_string()),
        Just("«ёлка»".to_string()),
        Just(". ".to_string()),
        Just("? ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("• ".to_string()),
        Just("- ".to_string()),
        Just("## ".to_string()),
        Just("1. ".to_string()),
        Just("By ".to_string()),
        Just("4 Min Read".to_string()),
        Just("Photo: ".to_string()),
        Just("---\n".to_string()),
        Just("title: x\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{a0}".to_string()),
        Just("e\u{301}".to_string()),
        Just("👍🏽".to_string()),
        "[a-zA-Z]{1,12}".prop_map(|s| s),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|v| v.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048),
                                ext in prop_oneof![Just("txt"), Just("md"), Just("html"), Just("json")]) {
        if let Ok(articles) = load(&format!("x.{ext}"), &bytes, false) {
            for a in &articles {
                check_spans(a)?;
            }
        }
    }

    #[test]
    fn random_unicode_text_keeps_every_span_inside_its_source(text in "\\PC{0,600}", raw: bool) {
        if let Ok(articles) = load("x.txt", text.as_bytes(), raw) {
            for a in &articles {
                check_spans(a)?;
            }
        }
    }

    #[test]
    fn article_like_plain_text_maps_back_exactly(text in article_like_text(), raw: bool) {
        match load("story.txt", text.as_bytes(), raw) {
            Ok(articles) => {
                prop_assert_eq!(articles.len(), 1);
                let a = &articles[0];
                // Plain text and Markdown keep the whole decoded file as the source.
                prop_assert_eq!(a.source.as_str(), text.strip_prefix('\u{feff}').unwrap_or(&text));
                check_spans(a)?;
            }
            Err(m) => {
                let bare = text.strip_prefix('\u{feff}').unwrap_or(&text);
                prop_assert!(bare.trim().is_empty() || m.contains("binary"), "{}", m)
            }
        }
    }

    #[test]
    fn article_like_html_and_json_keep_spans_inside(text in article_like_text()) {
        let html = format!("<html><body><article><h2>{text}</h2><p>{text}</p><ul><li>{text}</li></ul></article></body></html>");
        if let Ok(articles) = load("x.html", html.as_bytes(), false) {
            for a in &articles { check_spans(a)?; }
        }
        let json = serde_json::json!([{"title": text, "text": text}, {"content": text}]).to_string();
        if let Ok(articles) = load("x.json", json.as_bytes(), false) {
            for a in &articles { check_spans(a)?; }
        }
    }
}

/// The folding as first written: NFKC on every character, no quick check.
fn normalise_reference(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut pending_space = false;
    for c in text.nfkc() {
        let c = parallax::normalise::fold_char(c);
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

proptest! {
    #[test]
    fn normalise_quick_path_matches_full_nfkc(text in "\\PC{0,200}", like in article_like_text()) {
        prop_assert_eq!(parallax::normalise::normalise(&text), normalise_reference(&text));
        prop_assert_eq!(parallax::normalise::normalise(&like), normalise_reference(&like));
        let composed = format!("{text}e\u{301}ﬁ①Å");
        prop_assert_eq!(parallax::normalise::normalise(&composed), normalise_reference(&composed));
    }
}

/// Tag soup: tags opened and closed in any order, with text between.
fn tag_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<div>"),
        Just("</div>"),
        Just("<p>"),
        Just("</p>"),
        Just("<li>"),
        Just("<ul>"),
        Just("</ul>"),
        Just("<h2>"),
        Just("</h2>"),
        Just("<br>"),
        Just("<b>"),
        Just("</b>"),
        Just("<script>x<y</script>"),
        Just("<pre>\n a\n</pre>"),
        Just("<article>"),
        Just("<nav>Home</nav>"),
        Just("<meta property=\"og:title\" content=\"T\">"),
        Just("&amp;"),
        Just("&nbsp;"),
        Just("Кремль. "),
        Just("Talks ended. "),
        Just("\n"),
        Just("<"),
        Just(">"),
        Just("<!--"),
        Just("-->"),
        Just("<!doctype html>"),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| format!("<html>{}", v.concat()))
}

proptest! {
    #[test]
    fn tag_soup_never_panics_and_keeps_spans_inside(html in tag_soup()) {
        if let Ok(articles) = load("page.html", html.as_bytes(), false) {
            for a in &articles {
                check_spans(a)?;
            }
        }
    }
}
