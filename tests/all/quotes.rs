//! Quotes a fact-checker reads: speakers named as saying the quote, one lineup per statement
//! whatever the spelling of the speaker's name, and no flag for a negation a rendering never
//! claims. Expectations come from reading the seeds.

use std::path::PathBuf;

use parallax::align::align_drop;
use parallax::align::quotes::quotes_in;
use parallax::ingest::{article_from_bytes, load_paths, LoadOptions};
use parallax::Article;

fn seeds() -> Vec<Article> {
    load_paths(&[PathBuf::from("seeds")], &LoadOptions::default()).articles
}

fn speaker_of(arts: &[Article], quote: &str) -> Option<String> {
    arts.iter()
        .flat_map(|a| &a.paragraphs)
        .flat_map(|p| quotes_in(&p.text))
        .find(|q| q.text.contains(quote))
        .unwrap_or_else(|| panic!("no quote {quote:?} in the seeds"))
        .speaker
}

#[test]
fn quotes_are_attributed_to_who_says_them_not_to_places_or_modifiers() {
    let arts = seeds();
    // 001: "Putin celebrated … Pokrovsk in Donbas, describing it as "an important victory"".
    assert_eq!(
        speaker_of(&arts, "an important victory").as_deref(),
        Some("Putin")
    );
    // 003: "for the Trump administration, the Russian aide stated … “no resolution …”".
    assert_ne!(
        speaker_of(&arts, "no resolution to the crisis").as_deref(),
        Some("Trump")
    );
    // The ones already right stay right.
    assert_eq!(
        speaker_of(&arts, "some progress").as_deref(),
        Some("Marco Rubio")
    );
    assert_eq!(
        speaker_of(&arts, "does not intend to fight Europe").as_deref(),
        Some("Putin")
    );
}

#[test]
fn no_seed_lineup_flags_a_negation_its_rendering_never_drops() {
    let arts = seeds();
    let a = align_drop(&arts);
    // By reading: every negated clause a seed rendering covers keeps its negation ("did not
    // become closer", "Not further"); the renderings that omit one quote another clause.
    for q in &a.quotes {
        for v in &q.variants {
            assert!(
                !v.flags.iter().any(|f| f == "negation"),
                "{:?}: {:?} flagged {:?}",
                q.speaker,
                v.text,
                v.flags
            );
        }
    }
}

fn article(name: &str, text: &str) -> Article {
    article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).expect("article")
}

#[test]
fn one_statement_is_one_lineup_whatever_the_spelling_of_its_speaker() {
    let arts = vec![
        article(
            "a.txt",
            "Talks in Geneva\n\nPresident Volodymyr Zelenskyy said on Tuesday that Kyiv was “waiting for signals from Washington after the talks” and would answer soon.\n",
        ),
        article(
            "b.txt",
            "Geneva talks\n\nUkrainian President Volodymyr Zelensky said Kyiv was “waiting for signals from Washington after the talks”, adding that an answer would follow.\n",
        ),
    ];
    let a = align_drop(&arts);
    let lineups: Vec<_> = a
        .quotes
        .iter()
        .filter(|q| {
            q.variants
                .iter()
                .any(|v| v.text.contains("waiting for signals"))
        })
        .collect();
    assert_eq!(lineups.len(), 1, "{lineups:#?}");
    assert_eq!(lineups[0].variants.len(), 2, "{lineups:#?}");
}
