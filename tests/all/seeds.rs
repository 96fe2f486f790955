//! The seed drop, read by a person: for each of the five files, what its title, outlet, author and
//! date are, which lines are boilerplate, which are headings and list items. Every other line of
//! the file is story text and must appear in exactly one paragraph.

use parallax::article::{Article, ParagraphKind, RemovalReason};
use parallax::ingest::{load_paths, LoadOptions};

struct Expect {
    file: &'static str,
    title: Option<&'static str>,
    outlet: &'static str,
    author: Option<&'static str>,
    date: Option<&'static str>,
    /// Lines (or the start of a line) that are not story text.
    boilerplate: &'static [&'static str],
    headings: &'static [&'static str],
    list_items: usize,
    paragraphs: usize,
}

const SEEDS: &[Expect] = &[
    Expect {
        file: "000_61c82fb66aab7e52.txt",
        title: Some("Ukraine peace resolution remains distant after US-Russia talks - Putin accuses Europe of sabotage"),
        outlet: "000_61c82fb66aab7e52",
        author: None,
        date: Some("2025-12-03T08:10:00"),
        boilerplate: &[
            "Ukraine peace resolution remains distant after US-Russia talks - Putin accuses Europe of sabotage",
            "Dec 3, 2025",
            "Photo: Vladimir Putin / Russian Foreign Ministry",
        ],
        headings: &["Competing Peace Proposals and Demands", "Putin’s Threats and Battlefield Claims"],
        list_items: 3,
        paragraphs: 11,
    },
    Expect {
        file: "001_1bc0e8f4c5315663.txt",
        title: None,
        outlet: "001_1bc0e8f4c5315663",
        author: None,
        date: Some("2025-12-03"),
        boilerplate: &[],
        headings: &[
            "No agreement on core issues",
            "Russian objections to American peace proposals",
            "Putin attacks Europe",
            "Russia controls Pokrovsk in Donbas",
            "Zelensky awaits signals from America",
            "Putin threatens military response",
        ],
        list_items: 0,
        paragraphs: 20,
    },
    Expect {
        file: "002_638d88ef8e115c52.txt",
        title: Some("Big News: Kremlin signals no Ukraine breakthrough after Putin talks with US"),
        outlet: "002_638d88ef8e115c52",
        author: Some("badely"),
        date: Some("2025-12-03T01:57:20"),
        // The YAML front matter, line by line.
        boilerplate: &["---", "layout:", "title:", "date:", "author:", "categories:", "tags:", "excerpt:", "image:"],
        headings: &[],
        list_items: 0,
        paragraphs: 33,
    },
    Expect {
        file: "003_e3b044bbee90a5bb.txt",
        title: Some("The Kremlin stated that the Kremlin currently sees \"no resolution to the crisis\" without an agreement on territories."),
        outlet: "003_e3b044bbee90a5bb",
        author: None,
        date: Some("2025-12-03T06:29:00"),
        boilerplate: &[
            "The Kremlin stated that the Kremlin currently sees \"no resolution",
            "06:29, Wed, Dec 3, 2025 Updated:",
            "Russian President Vladimir Putin (Image: Getty)",
            "The latest news from around the world Invalid email",
            "We use your sign-up to provide content",
            "Russian blogger reflects on losses in Ukraine",
        ],
        headings: &[],
        list_items: 0,
        paragraphs: 9,
    },
    Expect {
        file: "004_7c10115e6b663d8e.txt",
        title: Some("Russia Says “Meaningful” Peace Meeting With U.S. Ends With “No Progress”"),
        outlet: "RksNews",
        author: None,
        date: None,
        boilerplate: &[
            "Russia Says “Meaningful” Peace Meeting With U.S. Ends With “No Progress”",
            "RksNews",
            "RksNews 4 Min Read",
            "4 Min Read",
        ],
        headings: &[
            "A Controversial Peace Proposal",
            "Putin’s Conditions Remain Maximalist",
            "Zelensky: “The Chance to End the War Has Never Been Greater”",
            "U.S. Cautiously Optimistic",
            "Concerns Over Witkoff’s Role",
        ],
        list_items: 0,
        paragraphs: 22,
    },
];

fn load(file: &str) -> (Article, String) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(file);
    let raw = std::fs::read_to_string(&path).unwrap();
    let drop = load_paths(&[path], &LoadOptions::default());
    assert!(drop.warnings.is_empty(), "{:?}", drop.warnings);
    assert_eq!(drop.articles.len(), 1);
    (drop.articles.into_iter().next().unwrap(), raw)
}

fn is_boilerplate(e: &Expect, line: &str) -> bool {
    e.boilerplate.iter().any(|b| line.starts_with(b))
}

#[test]
fn seed_metadata_is_read_right() {
    for e in SEEDS {
        let (a, _) = load(e.file);
        assert_eq!(a.title.as_deref(), e.title, "title of {}", e.file);
        assert_eq!(a.outlet.as_deref(), Some(e.outlet), "outlet of {}", e.file);
        assert_eq!(a.author.as_deref(), e.author, "author of {}", e.file);
        assert_eq!(a.date.as_deref(), e.date, "date of {}", e.file);
        assert_eq!(a.language.as_deref(), Some("en"), "language of {}", e.file);
    }
}

#[test]
fn no_boilerplate_is_left_in_any_paragraph() {
    for e in SEEDS {
        let (a, _) = load(e.file);
        for p in &a.paragraphs {
            assert!(
                !is_boilerplate(e, &p.text),
                "{}: boilerplate kept: {:?}",
                e.file,
                p.text
            );
            for bad in [
                "Invalid email",
                "Min Read",
                "(Image:",
                "Photo:",
                "Privacy Policy",
                "date 2025",
                "layout: post",
            ] {
                assert!(
                    !p.text.contains(bad),
                    "{}: {bad:?} left in {:?}",
                    e.file,
                    p.text
                );
            }
        }
        // What was removed is kept, with a reason, and points back into the source.
        for r in &a.removed {
            assert_eq!(&a.source[r.start..r.end], r.text, "{}", e.file);
        }
    }
}

#[test]
fn every_story_line_is_in_exactly_one_paragraph() {
    for e in SEEDS {
        let (a, raw) = load(e.file);
        for line in raw.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if is_boilerplate(e, line) {
                continue;
            }
            // The 001 date prefix is cut off the first sentence; the rest of that line is story.
            let story = line.strip_prefix("date 2025-12-03 ").unwrap_or(line);
            // A list item's marker is not part of its text.
            let story = story.trim_start_matches("• ");
            let holders = a
                .paragraphs
                .iter()
                .filter(|p| p.text.contains(story))
                .count();
            assert_eq!(
                holders, 1,
                "{}: line in {holders} paragraphs: {story:?}",
                e.file
            );
        }
    }
}

#[test]
fn paragraphs_headings_and_list_items_are_recognised() {
    for e in SEEDS {
        let (a, _) = load(e.file);
        let headings: Vec<&str> = a
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::Heading)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(headings, e.headings, "headings of {}", e.file);
        let items = a
            .paragraphs
            .iter()
            .filter(|p| p.kind == ParagraphKind::ListItem)
            .count();
        assert_eq!(items, e.list_items, "list items of {}", e.file);
        assert_eq!(a.paragraphs.len(), e.paragraphs, "paragraphs of {}", e.file);
    }
}

#[test]
fn spans_map_back_to_the_source() {
    for e in SEEDS {
        let (a, _) = load(e.file);
        for p in &a.paragraphs {
            assert_eq!(&a.source[p.start..p.end], p.text);
            let mut last = p.start;
            for s in &p.sentences {
                assert_eq!(&a.source[s.start..s.end], s.text);
                assert!(
                    s.start >= last && s.end <= p.end,
                    "sentences in order inside their paragraph"
                );
                last = s.end;
            }
        }
    }
}

#[test]
fn sentences_respect_abbreviations_and_glued_stops() {
    let (a, _) = load("003_e3b044bbee90a5bb.txt");
    let p = a
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("Negotiators indicated"))
        .unwrap();
    let s: Vec<&str> = p.sentences.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(s.len(), 3, "{s:#?}");
    assert!(s[1].ends_with("a Ukrainian team."));
    assert!(s[2].starts_with("Ukrainian President Volodymyr Zelenskyy confirmed"));
    let (b, _) = load("004_7c10115e6b663d8e.txt");
    let p = b
        .paragraphs
        .iter()
        .find(|p| p.text.starts_with("Putin’s foreign-policy adviser"))
        .unwrap();
    assert_eq!(
        p.sentences.len(),
        2,
        "'U.S.' must not end a sentence: {:#?}",
        p.sentences
    );
}

#[test]
fn the_003_scrape_without_blank_lines_splits_into_its_paragraphs() {
    let (a, _) = load("003_e3b044bbee90a5bb.txt");
    assert!(a.paragraphs[0]
        .text
        .starts_with("Vladimir Putin has delivered a stinging rejection"));
    assert!(a.paragraphs[8]
        .text
        .starts_with("European governments are pushing"));
    let newsletter = a
        .removed
        .iter()
        .filter(|r| r.reason == RemovalReason::Newsletter)
        .count();
    assert_eq!(newsletter, 2);
}

#[test]
fn raw_mode_keeps_everything() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/003_e3b044bbee90a5bb.txt");
    let drop = load_paths(&[path], &LoadOptions { raw: true });
    let a = &drop.articles[0];
    assert!(a.removed.is_empty());
    assert_eq!(
        a.paragraphs.len(),
        15,
        "every non-blank line of 003 is a paragraph in raw mode"
    );
}
