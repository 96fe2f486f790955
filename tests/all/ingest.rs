//! Loading each supported format: metadata comes from the file, page chrome stays out of the
//! story, and every offset points back into the article's source text.

use std::path::{Path, PathBuf};

use parallax::ingest::{self, LoadError, LoadOptions};
use parallax::{Article, Format, ParagraphKind};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
}

fn load(name: &str) -> Article {
    ingest::load_file(&fixture(name), &LoadOptions::default())
        .unwrap_or_else(|w| panic!("{name} did not load: {w}"))
}

fn story(a: &Article) -> String {
    a.paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `text` is one whole sentence of exactly one paragraph.
fn assert_sentence_once(a: &Article, text: &str) {
    let hits = a
        .paragraphs
        .iter()
        .filter(|p| p.sentences.iter().any(|s| s.text == text))
        .count();
    assert_eq!(hits, 1, "{text:?} found in {hits} paragraphs of {}", a.path);
}

fn assert_offsets_hold(a: &Article) {
    for p in &a.paragraphs {
        assert_eq!(p.text, a.source[p.start..p.end], "{}", a.path);
        for s in &p.sentences {
            assert_eq!(s.text, a.source[s.start..s.end], "{}", a.path);
            assert!(p.start <= s.start && s.end <= p.end, "{}", a.path);
        }
    }
    for r in &a.removed {
        assert_eq!(r.text, a.source[r.start..r.end], "{}", a.path);
    }
}

#[test]
fn saved_web_page_gives_metadata_from_its_meta_tags() {
    let a = load("saved_page.html");
    assert_eq!(a.format, Format::Html);
    assert_eq!(
        a.title.as_deref(),
        Some("Kremlin says talks with US envoys brought no compromise")
    );
    assert_eq!(a.outlet.as_deref(), Some("Daily Meridian"));
    assert_eq!(a.author.as_deref(), Some("Anna Kovalenko"));
    assert_eq!(a.date.as_deref(), Some("2025-12-03T07:45:00"));
    // The canonical link wins over og:url (which carries a tracking parameter).
    assert_eq!(
        a.url.as_deref(),
        Some("https://meridian.example/world/2025/12/03/kremlin-talks")
    );
    assert_eq!(a.language.as_deref(), Some("en"));
    assert_offsets_hold(&a);
}

#[test]
fn saved_web_page_loses_navigation_adverts_and_cookie_banner() {
    let a = load("saved_page.html");
    let text = story(&a);
    for chrome in [
        "cookies",
        "Accept all",
        "Politics",
        "Advertisement",
        "winter tyres",
        "mortgage",
        "Related stories",
        "Zelensky meets",
        "All rights reserved",
        "Privacy policy",
        "dataLayer",
    ] {
        assert!(
            !text.contains(chrome),
            "{chrome:?} left in the story:\n{text}"
        );
    }
    assert_sentence_once(&a, "The talks came a day after Russia claimed the capture of Pokrovsk, a logistics hub in eastern Ukraine that Kyiv says its troops still partly hold.");
    assert_sentence_once(&a, "Secretary of State Marco Rubio said on Wednesday that there had been some progress, while cautioning that much work remained before any agreement could be signed.");
    let heading = a
        .paragraphs
        .iter()
        .find(|p| p.kind == ParagraphKind::Heading);
    assert_eq!(
        heading.map(|p| p.text.as_str()),
        Some("Europe and the battlefield")
    );
    let items: Vec<&str> = a
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::ListItem)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(
        items,
        [
            "The original American plan had 28 points.",
            "Officials say a revised draft has been cut to about 20 items."
        ]
    );
}

#[test]
fn markdown_with_yaml_front_matter() {
    let a = load("yaml_post.md");
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(
        a.title.as_deref(),
        Some("Putin hosts Witkoff and Kushner for five hours of talks")
    );
    assert_eq!(a.outlet.as_deref(), Some("Northern Ledger"));
    assert_eq!(a.author.as_deref(), Some("Maria Petrova, John Hale"));
    assert_eq!(a.date.as_deref(), Some("2025-12-02T22:40:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://ledger.example/2025/12/02/putin-witkoff-kushner")
    );
    let text = story(&a);
    assert!(
        !text.contains("layout"),
        "front matter in the story:\n{text}"
    );
    assert!(
        !text.contains("Russia, Ukraine"),
        "front matter in the story"
    );
    assert_sentence_once(&a, "Russian President Vladimir Putin received the US envoys Steve Witkoff and Jared Kushner at the Kremlin on Tuesday evening.");
    assert_eq!(a.paragraphs[1].kind, ParagraphKind::Heading);
    assert_eq!(a.paragraphs[1].text, "What was discussed");
    assert_offsets_hold(&a);
}

#[test]
fn markdown_with_toml_front_matter() {
    let a = load("toml_post.md");
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(
        a.title.as_deref(),
        Some("Rubio sees 'some progress' after Moscow meeting")
    );
    assert_eq!(a.outlet.as_deref(), Some("Capital Wire"));
    assert_eq!(a.author.as_deref(), Some("Lena Fischer"));
    assert_eq!(a.date.as_deref(), Some("2025-12-03T10:15:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://capitalwire.example/rubio-progress")
    );
    assert!(!story(&a).contains("draft"));
    assert_eq!(a.paragraphs.len(), 2);
    assert_offsets_hold(&a);
}

#[test]
fn json_object_is_one_article() {
    let a = load("one_article.json");
    assert_eq!(a.format, Format::Json);
    assert_eq!(a.path, fixture("one_article.json").display().to_string());
    assert_eq!(
        a.title.as_deref(),
        Some("Ushakov: neither closer nor further from peace")
    );
    assert_eq!(a.outlet.as_deref(), Some("Steppe Times"));
    assert_eq!(a.author.as_deref(), Some("Oleg Ivanov"));
    assert_eq!(a.date.as_deref(), Some("2025-12-03T06:05:00"));
    assert_eq!(
        a.url.as_deref(),
        Some("https://steppetimes.example/ushakov-neither-closer")
    );
    assert_eq!(a.paragraphs.len(), 2);
    assert_offsets_hold(&a);
}

#[test]
fn json_array_gives_one_article_per_entry_and_names_the_bad_one() {
    let drop = ingest::load_paths(&[fixture("many_articles.json")], &LoadOptions::default());
    let base = fixture("many_articles.json").display().to_string();
    let paths: Vec<&str> = drop.articles.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(paths, [format!("{base}#1"), format!("{base}#2")]);
    let first = &drop.articles[0];
    assert_eq!(
        first.title.as_deref(),
        Some("Russia claims capture of Pokrovsk")
    );
    assert_eq!(first.outlet.as_deref(), Some("Harbour Post"));
    assert_eq!(first.author.as_deref(), Some("Staff reporter"));
    assert_eq!(first.date.as_deref(), Some("2025-12-01T18:30:00"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://harbourpost.example/pokrovsk")
    );
    let second = &drop.articles[1];
    assert_eq!(second.date.as_deref(), Some("2025-12-02"));
    assert_eq!(second.author, None, "an absent author stays absent");
    assert_eq!(second.url, None);
    assert_eq!(drop.warnings.len(), 1, "{:?}", drop.warnings);
    assert_eq!(drop.warnings[0].path, format!("{base}#3"));
    assert_eq!(drop.warnings[0].problem, LoadError::NoTextField);
    for a in &drop.articles {
        assert_offsets_hold(a);
    }
}

#[test]
fn windows_1252_file_is_decoded_and_says_so() {
    let a = load("windows_1252.txt");
    assert_eq!(a.format, Format::Text);
    assert_eq!(
        a.title.as_deref(),
        Some("Kremlin aide: talks were “useful” but brought no breakthrough")
    );
    assert!(story(&a).contains("Moscow – The Kremlin’s foreign policy aide"));
    assert!(story(&a).contains("café"));
    assert_eq!(a.warnings.len(), 1, "{:?}", a.warnings);
    assert!(a.warnings[0].contains("windows-1252"), "{:?}", a.warnings);
    assert_offsets_hold(&a);
}

#[test]
fn jekyll_post_named_txt_takes_its_metadata_from_front_matter() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/002_638d88ef8e115c52.txt");
    let a = ingest::load_file(&seed, &LoadOptions::default()).unwrap();
    assert_eq!(a.format, Format::Markdown);
    assert_eq!(
        a.title.as_deref(),
        Some("Big News: Kremlin signals no Ukraine breakthrough after Putin talks with US")
    );
    assert_eq!(a.date.as_deref(), Some("2025-12-03T01:57:20"));
    assert_eq!(a.author.as_deref(), Some("badely"));
    let text = story(&a);
    for fm in ["layout: post", "categories:", "excerpt:", "assets/images/"] {
        assert!(!text.contains(fm), "front matter {fm:?} in the story");
    }
    assert!(a.paragraphs[0].start > 0);
    assert_offsets_hold(&a);
}

#[test]
fn format_comes_from_content_not_extension() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read(fixture("saved_page.html")).unwrap();
    let json = std::fs::read(fixture("one_article.json")).unwrap();
    std::fs::write(dir.path().join("page.txt"), page).unwrap();
    std::fs::write(dir.path().join("export.txt"), json).unwrap();
    let drop = ingest::load_paths(&[dir.path().to_path_buf()], &LoadOptions::default());
    let formats: Vec<Format> = drop.articles.iter().map(|a| a.format).collect();
    assert_eq!(formats, [Format::Json, Format::Html]);
    assert_eq!(drop.articles[1].outlet.as_deref(), Some("Daily Meridian"));
}

#[test]
fn a_drop_loads_in_the_same_order_with_the_same_output_every_time() {
    let dir = fixture("");
    let opts = LoadOptions::default();
    let a = ingest::load_paths(std::slice::from_ref(&dir), &opts);
    let b = ingest::load_paths(&[dir], &opts);
    let json = |d: &ingest::Drop| serde_json::to_string(&d.articles).unwrap();
    assert_eq!(json(&a), json(&b));
    let mut sorted: Vec<String> = a.articles.iter().map(|x| x.path.clone()).collect();
    sorted.sort();
    let paths: Vec<String> = a.articles.iter().map(|x| x.path.clone()).collect();
    assert_eq!(paths, sorted);
    assert_eq!(a.articles.len(), 7);
}

#[test]
fn raw_keeps_the_byline_that_cleaning_removes() {
    let cleaned = load("saved_page.html");
    let raw = ingest::load_file(&fixture("saved_page.html"), &LoadOptions { raw: true }).unwrap();
    assert!(cleaned
        .removed
        .iter()
        .any(|r| r.text == "By Anna Kovalenko"));
    assert!(raw.removed.is_empty());
    assert!(raw.paragraphs.iter().any(|p| p.text == "By Anna Kovalenko"));
}

#[test]
fn a_bare_page_invents_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("wire_copy.html");
    std::fs::write(
        &page,
        "<html><head><title>Short note on the talks</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <p>The envoys left Moscow after midnight, a Kremlin spokesman said.</p></body></html>",
    )
    .unwrap();
    let a = ingest::load_file(&page, &LoadOptions::default()).unwrap();
    assert_eq!(a.title.as_deref(), Some("Short note on the talks"));
    assert_eq!(
        a.outlet.as_deref(),
        Some("wire_copy"),
        "outlet falls back to the file stem"
    );
    assert_eq!((&a.author, &a.date, &a.url), (&None, &None, &None));
    assert_eq!(
        story(&a),
        "The envoys left Moscow after midnight, a Kremlin spokesman said."
    );
}

#[test]
fn files_without_story_text_are_named_and_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let empty_page = tmp.path().join("blank.html");
    std::fs::write(
        &empty_page,
        "<html><head><title>T</title></head><body></body></html>",
    )
    .unwrap();
    let only_front_matter = tmp.path().join("draft.md");
    std::fs::write(&only_front_matter, "---\ntitle: Draft\n---\n\n").unwrap();
    let drop = ingest::load_paths(&[tmp.path().to_path_buf()], &LoadOptions::default());
    assert!(drop.articles.is_empty());
    let got: Vec<(String, bool)> = drop
        .warnings
        .iter()
        .map(|w| {
            let no_story = matches!(w.problem, LoadError::NoStory { .. });
            (w.path.clone(), no_story)
        })
        .collect();
    assert_eq!(
        got,
        [
            (empty_page.display().to_string(), true),
            (only_front_matter.display().to_string(), true)
        ]
    );
}

/// A story under a byline, for the byline tests.
fn bylined(byline: &str) -> String {
    format!(
        "Talks end without a deal\n\n{byline}\n\nThe envoys met for five hours in the Kremlin and agreed on nothing, officials said.\n"
    )
}

#[test]
fn a_byline_in_mathematical_bold_is_removed_and_names_its_author() {
    // "𝐁" (U+1D401) is four bytes and folds to "b": cleaning once sliced the raw line at the
    // byte where the folded "by " ends, inside the character, and panicked.
    let text = bylined("𝐁y Jane Smith");
    let a =
        ingest::article_from_bytes("bold.txt", text.as_bytes(), &LoadOptions::default()).unwrap();
    assert_eq!(a.author.as_deref(), Some("Jane Smith"));
    assert!(
        a.removed
            .iter()
            .any(|r| r.text == "𝐁y Jane Smith" && r.reason == parallax::RemovalReason::Byline),
        "{:?}",
        a.removed
    );
    assert_offsets_hold(&a);
}

#[test]
fn a_fullwidth_byline_names_the_whole_author() {
    // "Ｂｙ" folds to "by" but is six bytes, not two: the author was recorded as "ｙ Jane Smith".
    let text = bylined("Ｂｙ Jane Smith");
    let a =
        ingest::article_from_bytes("wide.txt", text.as_bytes(), &LoadOptions::default()).unwrap();
    assert_eq!(a.author.as_deref(), Some("Jane Smith"));
}

#[test]
fn a_drop_with_a_mathematical_bold_byline_loads_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a_bold.txt"), bylined("𝐁y Jane Smith")).unwrap();
    std::fs::write(tmp.path().join("b_plain.txt"), bylined("By John Doe")).unwrap();
    let drop = ingest::load_paths(&[tmp.path().to_path_buf()], &LoadOptions::default());
    let authors: Vec<Option<&str>> = drop.articles.iter().map(|a| a.author.as_deref()).collect();
    assert_eq!(authors, [Some("Jane Smith"), Some("John Doe")]);
    assert!(drop.warnings.is_empty(), "{:?}", drop.warnings);
}
