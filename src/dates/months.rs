//! Month names in the languages outlets write in, so that "2. Dezember", "2 декабря",
//! "2 décembre" and "December 2" name one date. A general dictionary of each language's
//! calendar, not of any article's words.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Each language's twelve month names, January first, lower case, space-separated; a second
/// row of a language holds the form a date puts them in where the language inflects them
/// ("2 декабря", "2 grudnia", "2. prosinca"), or its other spellings.
const NAMES: &[(&str, &str)] = &[
    ("en", "january february march april may june july august september october november december"),
    ("de", "januar februar märz april mai juni juli august september oktober november dezember"),
    ("de", "jänner feber märz april mai juni juli august september oktober november dezember"),
    ("nl", "januari februari maart april mei juni juli augustus september oktober november december"),
    ("fr", "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"),
    ("es", "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"),
    ("es", "enero febrero marzo abril mayo junio julio agosto setiembre octubre noviembre diciembre"),
    ("it", "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"),
    ("pt", "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro"),
    ("ro", "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie"),
    ("id", "januari februari maret april mei juni juli agustus september oktober november desember"),
    ("hr", "siječanj veljača ožujak travanj svibanj lipanj srpanj kolovoz rujan listopad studeni prosinac"),
    ("hr", "siječnja veljače ožujka travnja svibnja lipnja srpnja kolovoza rujna listopada studenoga prosinca"),
    ("pl", "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień"),
    ("pl", "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia"),
    ("cs", "leden únor březen duben květen červen červenec srpen září říjen listopad prosinec"),
    ("cs", "ledna února března dubna května června července srpna září října listopadu prosince"),
    ("ru", "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"),
    ("ru", "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"),
    ("uk", "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень"),
    ("uk", "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня"),
];

/// The month (1 = January) a word names in any of [`NAMES`]' languages, in any case. A word
/// that names different months in different languages names none: "listopad" is October in
/// Croatian and November in Polish and Czech.
pub fn month_named(word: &str) -> Option<u32> {
    static MONTHS: OnceLock<HashMap<&'static str, Option<u32>>> = OnceLock::new();
    let months = MONTHS.get_or_init(|| {
        let mut map: HashMap<&'static str, Option<u32>> = HashMap::new();
        for (_, row) in NAMES {
            for (i, name) in row.split(' ').enumerate() {
                let month = Some(i as u32 + 1);
                let seen = map.entry(name).or_insert(month);
                if *seen != month {
                    *seen = None;
                }
            }
        }
        map
    });
    // Most words are looked up lower-case already (the lexical terms): no copy for them.
    let lower = if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    };
    months.get(lower.as_ref()).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_twelve_months() {
        for (language, row) in NAMES {
            assert_eq!(row.split(' ').count(), 12, "{language}: {row}");
        }
    }

    #[test]
    fn december_is_the_twelfth_month_in_every_script_and_case() {
        for w in [
            "December",
            "Dezember",
            "décembre",
            "декабря",
            "Декабрь",
            "grudnia",
            "prosinca",
        ] {
            assert_eq!(month_named(w), Some(12), "{w}");
        }
        assert_eq!(month_named("Mai"), Some(5));
        assert_eq!(month_named("market"), None);
    }

    #[test]
    fn a_name_of_two_months_in_two_languages_names_neither() {
        // Croatian October, Polish and Czech November.
        assert_eq!(month_named("listopad"), None);
        assert_eq!(month_named("listopada"), None);
        // Ukrainian November only.
        assert_eq!(month_named("листопада"), Some(11));
    }
}
