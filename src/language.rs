//! Language of an article's story text, as an ISO 639-1 code where one exists.

use crate::article::Paragraph;

/// Enough text for a trustworthy guess; shorter stories get no language rather than a wrong one.
const MIN_CHARS: usize = 40;
/// How much text to look at: the first paragraphs decide. 600 bytes is a few sentences, plenty
/// for trigram detection and a quarter of the cost of 2,000 (measured in benches/ingest.rs).
const SAMPLE_CHARS: usize = 600;

/// Detect the language of the story; `None` when the text is too short or the guess unsure.
pub fn detect(paragraphs: &[Paragraph]) -> Option<String> {
    let mut sample = String::new();
    for p in paragraphs {
        let room = SAMPLE_CHARS.saturating_sub(sample.len());
        if room == 0 {
            break;
        }
        let mut cut = room.min(p.text.len());
        while !p.text.is_char_boundary(cut) {
            cut -= 1;
        }
        sample.push_str(&p.text[..cut]);
        sample.push('\n');
    }
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
        return None;
    }
    let info = whatlang::detect(&sample)?;
    if info.confidence() < 0.5 {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

fn iso639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "eng" => "en",
        "rus" => "ru",
        "ukr" => "uk",
        "deu" => "de",
        "fra" => "fr",
        "spa" => "es",
        "ita" => "it",
        "por" => "pt",
        "pol" => "pl",
        "nld" => "nl",
        "ara" => "ar",
        "cmn" => "zh",
        "jpn" => "ja",
        "kor" => "ko",
        "tur" => "tr",
        "heb" => "he",
        "pes" => "fa",
        "hin" => "hi",
        "swe" => "sv",
        "dan" => "da",
        "nob" => "no",
        "fin" => "fi",
        "ces" => "cs",
        "ell" => "el",
        "hun" => "hu",
        "ron" => "ro",
        "bul" => "bg",
        "srp" => "sr",
        "hrv" => "hr",
        "bel" => "be",
        _ => return None,
    })
}
