//! Language of an article's story text, as an ISO 639-1 code where one exists.

use crate::article::Paragraph;

/// Enough text for a trustworthy guess; shorter stories get no language rather than a wrong one.
const MIN_CHARS: usize = 40;
/// How much text to look at: the first few paragraphs decide.
const SAMPLE_CHARS: usize = 2000;

/// Detect the language of the story; `None` when the text is too short or the guess unsure.
pub fn detect(paragraphs: &[Paragraph]) -> Option<String> {
    let mut sample = String::new();
    for p in paragraphs {
        if sample.len() >= SAMPLE_CHARS {
            break;
        }
        sample.push_str(&p.text);
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
