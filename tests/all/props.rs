//! Property tests of ingestion on arbitrary input: no panic on any bytes, and every span of
//! every article (paragraph, sentence, removed piece) lies inside its source on char
//! boundaries, with `text == source[start..end]`.

use parallax::ingest::{self, LoadError, LoadOptions};
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

fn load(name: &str, bytes: &[u8], raw: bool) -> Result<Vec<Article>, LoadError> {
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
            Err(e) => {
                let bare = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let binary = matches!(e, LoadError::NulBytes | LoadError::ControlBytes { .. });
                prop_assert!(bare.trim().is_empty() || binary, "{}", e)
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

/// Words whose folded form differs from them in byte length or case rules: mathematical
/// alphanumerics, fullwidth forms, ligatures, combining marks, Turkish İ, German ß, the Kelvin
/// sign, right-to-left text and controls, emoji sequences, zero-width and wide spaces, beside
/// the words cleaning's rules look for ("By", "Min Read", months, "Updated:").
fn tricky_word() -> impl Strategy<Value = String> {
    let tricky = prop_oneof![
        Just("𝐁y"),
        Just("Ｂｙ"),
        Just("ｂｙ"),
        Just("𝐛𝐲"),
        Just("B\u{301}y"),
        Just("By"),
        Just("BY"),
        Just("ﬁnal"),
        Just("ﬂ"),
        Just("İstanbul"),
        Just("İ"),
        Just("ß"),
        Just("Straße"),
        Just("\u{212A}elvin"),
        Just("ǅ"),
        Just("Ⅻ"),
        Just("①"),
        Just("e\u{301}"),
        Just("\u{301}"),
        Just("ΐ"),
        Just("ᾳ\u{345}"),
        Just("Σ"),
        Just("مراسل"),
        Just("\u{202B}خبر\u{202C}"),
        Just("\u{202E}"),
        Just("שלום"),
        Just("👍🏽"),
        Just("👩\u{200D}👩\u{200D}👧"),
        Just("\u{200B}"),
        Just("\u{a0}"),
        Just("\u{3000}"),
        Just("Ｍｉｎ"),
        Just("Ｒｅａｄ"),
        Just("Min"),
        Just("Read"),
        Just("4"),
        Just("４"),
        Just("𝟒"),
        Just("2025-12-03"),
        Just("２０２５-１２-０３"),
        Just("Dec"),
        Just("Ｄｅｃ"),
        Just("3,"),
        Just("２０２５"),
        Just("Updated:"),
        Just("Ｕｐｄａｔｅｄ:"),
        Just("Photo:"),
        Just("date"),
        Just("Jane"),
        Just("Кремль"),
    ];
    prop_oneof![
        6 => tricky.prop_map(str::to_string),
        1 => "[a-zA-Z]{1,8}",
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn tricky_line(words: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_word(), words).prop_map(|w| w.join(" "))
}

/// A byline: a word that may fold to "by" (or a read time after a name), then a name.
fn tricky_byline() -> impl Strategy<Value = String> {
    let lead = prop_oneof![
        Just("By"),
        Just("𝐁y"),
        Just("Ｂｙ"),
        Just("ＢＹ"),
        Just("𝐛𝐲"),
        Just("By\u{200B}"),
        Just("\u{200B}By"),
        Just(""),
    ];
    let tail = prop_oneof![
        Just(""),
        Just(" 4 Min Read"),
        Just(" ４ Ｍｉｎ Ｒｅａｄ"),
        Just(" 𝟒 min read"),
    ];
    (lead, tricky_line(0..5), tail).prop_map(|(l, name, t)| format!("{l} {name}{t}"))
}

/// A date line: a date in plain or folded digits among tricky words.
fn tricky_date_line() -> impl Strategy<Value = String> {
    let date = prop_oneof![
        Just("Dec 3, 2025 - 08:10"),
        Just("Ｄｅｃ ３, ２０２５"),
        Just("Updated: 06:48, Wed, Dec 3, 2025"),
        Just("2025-12-03"),
        Just("２０２５-１２-０３"),
        Just(" date 2025-12-03"),
    ];
    (tricky_line(0..3), date, tricky_line(0..3)).prop_map(|(a, d, b)| format!("{a} {d} {b}"))
}

/// A plain-text article: headline, byline, date line, then story paragraphs, all tricky.
fn tricky_article() -> impl Strategy<Value = (String, String, String, String)> {
    (
        tricky_line(2..12),
        tricky_byline(),
        tricky_date_line(),
        prop::collection::vec(tricky_line(1..30), 1..4).prop_map(|p| p.join(".\n\n")),
    )
}

/// The article in each format: plain text, Markdown with front matter, HTML, a JSON list.
fn in_every_format(
    title: &str,
    byline: &str,
    date: &str,
    story: &str,
) -> [(&'static str, String); 4] {
    let text = format!("{title}\n\n{byline}\n\n{date}\n\n{story}\n");
    // JSON strings are YAML strings too.
    let q = |s: &str| serde_json::Value::from(s).to_string();
    let (t, b, d) = (q(title), q(byline), q(date));
    let md = format!("---\ntitle: {t}\nauthor: {b}\ndate: {d}\n---\n\n{text}");
    let html = format!(
        "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
         <p>{byline}</p><p>{date}</p><p>{story}</p></article></body></html>"
    );
    let json = serde_json::json!([{"title": title, "author": byline, "date": date, "text": text}])
        .to_string();
    [
        ("story.txt", text),
        ("story.md", md),
        ("story.html", html),
        ("story.json", json),
    ]
}

/// Every article of the file keeps its spans inside its source, plain text takes its title and
/// author from the text as written, and nothing is a caught panic (a warning saying so).
fn check_loads(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
    for entry in ingest::entries_from_bytes(name, bytes, &LoadOptions::default()) {
        match entry {
            Ok(a) => {
                check_spans(&a)?;
                if name.ends_with(".txt") {
                    for f in [&a.title, &a.author].into_iter().flatten() {
                        prop_assert!(a.source.contains(f.as_str()), "{:?} not in the source", f);
                    }
                }
            }
            Err(w) => prop_assert!(!matches!(w.problem, LoadError::Internal(_)), "{}", w),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn unicode_heavy_bylines_titles_and_dates_clean_without_panic_and_map_back(
        (title, byline, date, story) in tricky_article(),
    ) {
        // Cleaning's own functions first: the loader would catch their panics as warnings.
        let folded = parallax::normalise::normalise(&title);
        for line in [&title, &byline, &date] {
            let (outlet, author) = parallax::clean::byline_parts(line);
            for name in outlet.iter().chain(&author) {
                prop_assert!(line.contains(name.as_str()), "{:?} not in {:?}", name, line);
            }
            parallax::clean::line_reason(line, Some(&folded), Some("ｂｙ"), None, 1);
            parallax::clean::is_title_line(line);
        }
        for (name, file) in in_every_format(&title, &byline, &date, &story) {
            check_loads(name, file.as_bytes())?;
        }
    }
}
