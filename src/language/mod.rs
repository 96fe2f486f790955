//! Language of an article's story text, as an ISO 639-1 code where one exists: a cheap word
//! count settles plain English (`quick`), whatlang's trigrams everything else.

mod quick;

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
    let sample = sample_of(paragraphs);
    if sample.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
        return None;
    }
    if let Some(code) = quick::english(&sample) {
        return Some(code.to_string());
    }
    by_trigrams(&sample)
}

/// Whether `articles` are in more than one language (articles whose language is unknown do
/// not count): such a drop needs a multilingual model to line its outlets up.
pub fn mixes_languages<'a>(
    articles: impl IntoIterator<Item = &'a crate::article::Article>,
) -> bool {
    more_than_one(articles.into_iter().filter_map(|a| a.language.as_deref()))
}

/// Whether two texts are in different languages: both known, and not the same. Words then say
/// nothing between them.
pub fn differ(a: Option<&str>, b: Option<&str>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

/// Whether `codes` (known languages, ISO 639-1) hold more than one language.
pub fn more_than_one<'a>(codes: impl IntoIterator<Item = &'a str>) -> bool {
    let mut seen: Option<&str> = None;
    for code in codes {
        match seen {
            None => seen = Some(code),
            Some(first) if first != code => return true,
            Some(_) => {}
        }
    }
    false
}

/// whatlang's answer for a sample (the path every text took before the quick guess).
fn by_trigrams(sample: &str) -> Option<String> {
    let info = detector().detect(sample)?;
    if info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// The first [`SAMPLE_CHARS`] bytes of the story, paragraph by paragraph.
fn sample_of(paragraphs: &[Paragraph]) -> String {
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
    sample
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

    /// Every story text the project ships: the seeds and the format fixtures, as loaded.
    fn shipped_articles() -> Vec<crate::article::Article> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let paths = vec![root.join("seeds"), root.join("tests/fixtures/formats")];
        let drop = crate::ingest::load_paths(&paths, &Default::default());
        assert!(drop.articles.len() >= 10, "{:?}", drop.warnings);
        drop.articles
    }

    #[test]
    fn the_quick_guess_agrees_with_whatlang_wherever_it_answers() {
        let mut samples = Vec::new();
        for a in shipped_articles() {
            samples.push(sample_of(&a.paragraphs));
            // Each paragraph alone too, and pairs of them: more, shorter, harder samples.
            for w in a.paragraphs.windows(2) {
                samples.push(sample_of(&w[..1]));
                samples.push(sample_of(w));
            }
        }
        let mut answered = 0;
        for s in &samples {
            if let Some(code) = quick::english(s) {
                answered += 1;
                assert_eq!(by_trigrams(s).as_deref(), Some(code), "{s}");
            }
        }
        assert!(
            answered * 2 > samples.len(),
            "{answered} of {}",
            samples.len()
        );
    }

    #[test]
    fn the_quick_guess_settles_every_seed() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let drop = crate::ingest::load_paths(&[root.join("seeds")], &Default::default());
        assert_eq!(drop.articles.len(), 5);
        for a in &drop.articles {
            assert_eq!(
                quick::english(&sample_of(&a.paragraphs)),
                Some("en"),
                "{}",
                a.path
            );
        }
    }

    #[test]
    fn the_quick_guess_leaves_other_languages_to_whatlang() {
        let others = [
            ("de", "Der Kreml sieht nach den Gesprächen mit den amerikanischen Gesandten keinen Durchbruch. Die Positionen der beiden Seiten seien sich nicht näher gekommen, sagte der Berater des Präsidenten am Mittwoch in Moskau, und die Arbeit werde in Washington und Moskau fortgesetzt."),
            ("fr", "Le Kremlin estime que les discussions avec les émissaires américains n'ont pas permis de rapprocher les positions. Selon le conseiller du président, il reste beaucoup de travail à Washington et à Moscou, mais les contacts vont continuer dans les prochains jours."),
            ("es", "El Kremlin considera que las conversaciones con los enviados estadounidenses no han acercado las posiciones. Según el asesor del presidente, queda mucho trabajo por hacer en Washington y en Moscú, pero los contactos continuarán en los próximos días."),
            ("it", "Il Cremlino ritiene che i colloqui con gli inviati americani non abbiano avvicinato le posizioni. Secondo il consigliere del presidente resta molto lavoro da fare a Washington e a Mosca, ma i contatti continueranno nei prossimi giorni della settimana."),
            ("pt", "O Kremlin considera que as conversas com os enviados americanos não aproximaram as posições. Segundo o assessor do presidente, ainda há muito trabalho a fazer em Washington e em Moscou, mas os contatos vão continuar nos próximos dias da semana."),
            ("nl", "Het Kremlin vindt dat de gesprekken met de Amerikaanse gezanten de standpunten niet dichter bij elkaar hebben gebracht. Volgens de adviseur van de president is er nog veel werk te doen in Washington en Moskou, maar de contacten gaan de komende dagen door."),
            ("pl", "Kreml uważa, że rozmowy z amerykańskimi wysłannikami nie zbliżyły stanowisk. Według doradcy prezydenta w Waszyngtonie i Moskwie pozostaje jeszcze wiele pracy, ale kontakty będą kontynuowane w najbliższych dniach i tygodniach tego miesiąca."),
            ("ru", "Помощник президента России Юрий Ушаков заявил, что стороны не стали ни ближе, ни дальше от урегулирования кризиса. По его словам, работа будет продолжена в Вашингтоне и в Москве, а контакты сохранятся в ближайшие дни."),
            ("uk", "Помічник президента Росії Юрій Ушаков заявив, що сторони не стали ні ближчими, ні далі від врегулювання кризи. За його словами, робота триватиме у Вашингтоні та в Москві, а контакти збережуться найближчими днями."),
        ];
        for (code, text) in others {
            assert_eq!(quick::english(text), None, "{code}: {text}");
            assert_eq!(detect(&[para(text)]).as_deref(), Some(code), "{text}");
        }
        // English with a foreign quotation in it: too much of the other language to be sure.
        let mixed = "The minister said: « Le Kremlin estime que les discussions avec les émissaires américains n'ont pas permis de rapprocher les positions, et il reste beaucoup de travail » before he left the room.";
        assert_eq!(quick::english(mixed), None);
    }

    #[test]
    fn too_little_text_has_no_language() {
        assert_eq!(detect(&[para("Putin")]), None);
    }
}
