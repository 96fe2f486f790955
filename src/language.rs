//! Language of an article's story text, as an ISO 639-1 code where one exists.

use crate::article::Paragraph;

/// Enough text for a trustworthy guess; shorter stories get no language rather than a wrong one.
const MIN_CHARS: usize = 40;
/// whatlang's confidence is low between close languages even on clear text (0.45 for a plain
/// Russian sentence against Ukrainian and Belarusian), so the bar sits below that.
const MIN_CONFIDENCE: f64 = 0.25;
/// How much text to look at: the first paragraphs decide. 400 bytes is two or three sentences, plenty
/// for trigram detection and a fifth of the cost of 2,000 (measured in benches/ingest.rs).
const SAMPLE_CHARS: usize = 400;

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
    let info = detector().detect(&sample)?;
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// The languages news drops come in, each with an ISO 639-1 code. Scoring only these (not all
/// 69 whatlang knows) is what makes detection cheap enough to run on every article: it was a
/// third of ingest time (perf, benches/ingest.rs).
const NEWS_LANGUAGES: &[whatlang::Lang] = {
    use whatlang::Lang::*;
    &[
        Eng, Rus, Ukr, Deu, Fra, Spa, Ita, Por, Pol, Nld, Ara, Cmn, Jpn, Kor, Tur, Heb, Pes, Hin,
        Swe, Dan, Nob, Fin, Ces, Ell, Hun, Ron, Bul, Srp, Hrv, Bel,
    ]
};

fn detector() -> &'static whatlang::Detector {
    static DETECTOR: std::sync::OnceLock<whatlang::Detector> = std::sync::OnceLock::new();
    DETECTOR.get_or_init(|| whatlang::Detector::with_allowlist(NEWS_LANGUAGES.to_vec()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Paragraph, ParagraphKind};

    fn para(text: &str) -> Paragraph {
        Paragraph {
            kind: ParagraphKind::Paragraph,
            text: text.into(),
            start: 0,
            end: text.len(),
            sentences: Vec::new(),
            norm: String::new(),
        }
    }

    #[test]
    fn detects_common_news_languages() {
        let cases = [
            ("en", "Yuri Ushakov, a senior aide to Russian President Vladimir Putin, confirmed that the talks did not achieve any tangible progress."),
            ("ru", "Помощник президента России Юрий Ушаков заявил, что стороны не стали ни ближе, ни дальше от урегулирования кризиса."),
            ("de", "Der Kreml sieht nach den Gesprächen mit den amerikanischen Gesandten keinen Durchbruch bei den Friedensverhandlungen."),
            ("fr", "Le Kremlin estime que les discussions avec les émissaires américains n'ont pas permis de rapprocher les positions."),
        ];
        for (code, text) in cases {
            assert_eq!(detect(&[para(text)]).as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn too_little_text_has_no_language() {
        assert_eq!(detect(&[para("Putin")]), None);
    }
}
