//! What ties an article to one real-world event beyond its bag of words: the names it gives
//! (people, places, organisations: capitalised words), the numbers it quotes, and the date of
//! the event, resolved from the text against the publication date ("on Tuesday", "yesterday",
//! "January 22, 2026"). Computed once per article at parse time and cached with its features.

use std::collections::BTreeMap;

use crate::article::Article;
use crate::dates::{MONTH_NAMES, WEEKDAY_NAMES};
use crate::normalise::fold_char;

/// Share of upper-case letters above which a line is shouted (a headline in capitals), so its
/// capitals say nothing about names.
const SHOUTED: f32 = 0.6;

/// The evidence of one article. Names and numbers keep their first spelling for display; they
/// are compared case-folded.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Capitalised words and runs of them ("Tara Reid", and "Tara", "Reid" alone), with counts.
    pub names: Vec<(String, u32)>,
    /// Numbers of two digits or more, or with a decimal point ("65-53", "6.1", "2013").
    pub numbers: Vec<(String, u32)>,
    /// The event's date as days since 1970-01-01: the publication date when known, else the
    /// date the text names most often.
    pub event_date: Option<i32>,
}

/// Spellings with their counts.
type Counted = Vec<(String, u32)>;

/// A word of the display text: its characters, and whether a sentence starts with it.
struct Word<'a> {
    text: &'a str,
    first: bool,
}

/// Words of a display text: letters and digits, with an apostrophe, full stop or hyphen kept
/// between two of them ("O'Brien", "U.S", "20-13", "6.1").
fn display_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let mut j = i + 1;
        while j < chars.len() {
            let c = fold_char(chars[j].1);
            let joins = matches!(c, '\'' | '.' | '-')
                && chars.get(j + 1).is_some_and(|n| n.1.is_alphanumeric());
            if chars[j].1.is_alphanumeric() {
                j += 1;
            } else if joins {
                j += 2;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |c| c.0);
        out.push(&text[start..end]);
        i = j;
    }
    out
}

/// "Obama's" → "Obama".
fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("\u{2019}s"))
        .unwrap_or(w)
}

fn shouted(text: &str) -> bool {
    let (mut upper, mut letters) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        upper += usize::from(c.is_uppercase());
    }
    letters > 0 && upper as f32 / letters as f32 > SHOUTED
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
}

/// The article's sentences as display text, the title first.
fn sentences(a: &Article) -> Vec<&str> {
    let mut out: Vec<&str> = a.title.iter().map(String::as_str).collect();
    for p in &a.paragraphs {
        if p.sentences.is_empty() {
            out.push(&p.text);
        }
        out.extend(p.sentences.iter().map(|s| s.text.as_str()));
    }
    out
}

/// Names and numbers of an article. A capitalised word is a name unless it only starts a
/// sentence (and is not capitalised mid-sentence elsewhere in the article), is a function
/// word, or the article also writes it in lower case ("Police said" / "the police").
fn names_and_numbers(sents: &[&str]) -> (Counted, Counted) {
    let split: Vec<(Vec<Word>, bool)> = sents
        .iter()
        .map(|s| {
            let ws = display_words(s)
                .into_iter()
                .enumerate()
                .map(|(i, w)| Word {
                    text: strip_possessive(w),
                    first: i == 0,
                })
                .collect();
            (ws, shouted(s))
        })
        .collect();
    let mut mid_capital = std::collections::BTreeSet::new();
    let mut lower = std::collections::BTreeSet::new();
    for (ws, loud) in &split {
        for w in ws.iter().filter(|_| !loud) {
            let key = w.text.to_lowercase();
            if capitalised(w.text) && !w.first {
                mid_capital.insert(key);
            } else if w.text.chars().next().is_some_and(char::is_lowercase) {
                lower.insert(key);
            }
        }
    }
    let mut names = Tally::default();
    let mut numbers = Tally::default();
    for (ws, loud) in &split {
        let mut run: Vec<&str> = Vec::new();
        for w in ws {
            let key = w.text.to_lowercase();
            if is_number(w.text) {
                let digits = w.text.chars().filter(char::is_ascii_digit).count();
                if digits >= 2 || w.text.contains('.') {
                    numbers.add(w.text);
                }
                names.add_run(&mut run);
                continue;
            }
            let name = !loud
                && capitalised(w.text)
                && (!w.first || mid_capital.contains(&key))
                && w.text.chars().count() >= 2
                && !super::super::features::is_stopword(&key)
                && !lower.contains(&key)
                && !is_date_word(&key);
            if name {
                run.push(w.text);
            } else {
                names.add_run(&mut run);
            }
        }
        names.add_run(&mut run);
    }
    (names.into_vec(), numbers.into_vec())
}

/// Counts by case-folded key, keeping the first spelling seen.
#[derive(Default)]
struct Tally {
    by_key: BTreeMap<String, (String, u32)>,
}

impl Tally {
    fn add(&mut self, text: &str) {
        let e = self
            .by_key
            .entry(text.to_lowercase())
            .or_insert_with(|| (text.to_string(), 0));
        e.1 += 1;
    }

    /// A run of capitalised words counts each word and, when longer than one, the whole run.
    fn add_run(&mut self, run: &mut Vec<&str>) {
        for w in run.iter() {
            self.add(w);
        }
        if run.len() > 1 {
            self.add(&run.join(" "));
        }
        run.clear();
    }

    fn into_vec(self) -> Vec<(String, u32)> {
        self.by_key.into_values().collect()
    }
}

/// Days since 1970-01-01 of a valid civil date (Howard Hinnant's `days_from_civil`).
pub fn days(y: i32, m: u32, d: u32) -> Option<i32> {
    let valid = i16::try_from(y)
        .ok()
        .and_then(|y| jiff::civil::Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok());
    valid?;
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// ISO `YYYY-MM-DD` of a day number (inverse of [`days`]).
pub fn iso(day: i32) -> String {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Monday = 0.
fn weekday(day: i32) -> i32 {
    // 1970-01-01 was a Thursday.
    (day + 3).rem_euclid(7)
}

/// The publication date of an article (`Article::date`, ISO) as a day number.
pub fn published(a: &Article) -> Option<i32> {
    let d = a.date.as_deref()?;
    let y = d.get(0..4)?.parse().ok()?;
    let m = d.get(5..7)?.parse().ok()?;
    let dd = d.get(8..10)?.parse().ok()?;
    days(y, m, dd)
}

/// A weekday or month name (lower case), in full or abbreviated: dates are evidence of their
/// own (see [`event_date`]), and "Friday" shared by two stories says nothing.
fn is_date_word(key: &str) -> bool {
    let k = key.trim_end_matches('.');
    k.chars().count() >= 3
        && (MONTH_NAMES.iter().any(|m| m.starts_with(k))
            || WEEKDAY_NAMES.iter().any(|d| d.starts_with(k))
            || k == "sept"
            || crate::dates::month_named(k).is_some())
}

/// An English month name or its abbreviation, capitalised ("March", "Dec."): "may" and
/// "march" in lower case are words. Or a month named in another language, in any case
/// ("2 décembre", "2. Dezember", "2 декабря"): beside its day, as [`dates_in`] reads it.
fn month_of(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
        return None;
    }
    let lower = w.to_lowercase();
    let english = MONTH_NAMES
        .iter()
        .position(|m| m.starts_with(&lower) || (lower == "sept" && *m == "september"))
        .map(|i| i as u32 + 1);
    match english {
        Some(m) => capitalised(w).then_some(m),
        None => crate::dates::month_named(w),
    }
}

/// A weekday written out in full ("Tuesday", "Tuesday's"): the abbreviations are words too
/// ("sat", "wed", "Sun").
fn weekday_of(word: &str) -> Option<i32> {
    let w = strip_possessive(word).to_lowercase();
    WEEKDAY_NAMES.iter().position(|d| *d == w).map(|i| i as i32)
}

/// A day of the month: "9", "09", "9th", "22nd".
fn small_number(w: &str, max: u32) -> Option<u32> {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[digits.len()..];
    if digits.len() > 2 || !(suffix.is_empty() || ["st", "nd", "rd", "th"].contains(&suffix)) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (1..=max).contains(&n).then_some(n)
}

fn year_of(w: &str) -> Option<i32> {
    let y: i32 = w.parse().ok()?;
    (w.len() == 4 && (1900..=2100).contains(&y)).then_some(y)
}

/// The year that puts `month`/`day` nearest the publication date.
fn nearest_year(pub_day: i32, month: u32, day: u32) -> Option<i32> {
    let y: i32 = iso(pub_day).get(0..4)?.parse().ok()?;
    [y - 1, y, y + 1]
        .into_iter()
        .filter_map(|y| days(y, month, day))
        .min_by_key(|d| (d - pub_day).abs())
}

/// Dates a sentence names: "March 3, 2009", "3 March 2009", "2009-03-03", "03/03/09"; with a
/// publication date also "March 3", "on Tuesday" (the latest Tuesday on or before it),
/// "yesterday", "today", "tonight".
fn dates_in(sentence: &str, pub_day: Option<i32>) -> Vec<i32> {
    // Some outlets space their slashes: "04 / 28 / 09".
    let sentence = sentence.replace(" / ", "/");
    let ws: Vec<&str> = sentence
        .split(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == ')')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if let Some(m) = month_of(w) {
            let after = ws.get(i + 1).and_then(|d| small_number(d, 31));
            let before = i
                .checked_sub(1)
                .and_then(|k| ws.get(k))
                .and_then(|d| small_number(d, 31));
            let Some(day) = after.or(before) else {
                continue;
            };
            let year_at = if after.is_some() { i + 2 } else { i + 1 };
            let date = match ws.get(year_at).and_then(|y| year_of(y)) {
                Some(y) => days(y, m, day),
                None => pub_day.and_then(|p| nearest_year(p, m, day)),
            };
            out.extend(date);
        } else if let Some(d) = numeric_date(w) {
            out.push(d);
        } else if let Some(p) = pub_day {
            let lw = w.to_lowercase();
            if let Some(wd) = weekday_of(w) {
                out.push(p - (weekday(p) - wd).rem_euclid(7));
            } else if lw == "yesterday" {
                out.push(p - 1);
            } else if lw == "today" || lw == "tonight" {
                out.push(p);
            }
        }
    }
    out
}

/// "2009-03-03", "2009/03/03", "03/03/2009", "03/03/09" (month first, as US outlets write).
fn numeric_date(w: &str) -> Option<i32> {
    let parts: Vec<&str> = w.split(['-', '/']).collect();
    if parts.len() != 3 || parts.iter().any(|p| !p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts
        .iter()
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    if parts[0].len() == 4 {
        return days(n[0] as i32, n[1], n[2]);
    }
    if !w.contains('/') {
        return None;
    }
    let y = match parts[2].len() {
        4 => n[2] as i32,
        2 => 2000 + n[2] as i32,
        _ => return None,
    };
    days(y, n[0], n[1])
}

/// Words at most in a line that may be a date line the cleaner did not recognise ("04 / 28 /
/// 09 07:35 PM ET", "updated 8:41 p.m. EST, Tue March 3, 2009").
const DATE_LINE_WORDS: usize = 12;

/// The publication date: the article's own, else the first full date on a short line at its
/// top (a date line cleaning removed but could not read, the title, the first paragraphs).
fn publication(a: &Article) -> Option<i32> {
    if let Some(d) = published(a) {
        return Some(d);
    }
    let removed = a
        .removed
        .iter()
        .filter(|r| r.reason == crate::article::RemovalReason::DateLine)
        .map(|r| r.text.as_str());
    let top = a
        .title
        .iter()
        .map(String::as_str)
        .chain(a.paragraphs.iter().take(3).map(|p| p.text.as_str()));
    removed
        .chain(top)
        .filter(|l| l.split_whitespace().count() <= DATE_LINE_WORDS)
        .find_map(|l| dates_in(l, None).first().copied())
}

/// The event's date: the publication date when known; otherwise the date the text names most
/// often (the latest on a tie).
fn event_date(sents: &[&str], pub_day: Option<i32>) -> Option<i32> {
    if pub_day.is_some() {
        return pub_day;
    }
    let mut count: BTreeMap<i32, u32> = BTreeMap::new();
    for s in sents {
        for d in dates_in(s, None) {
            *count.entry(d).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by_key(|&(d, c)| (c, d))
        .map(|(d, _)| d)
}

/// The evidence of an article.
pub fn evidence(a: &Article) -> Evidence {
    let sents = sentences(a);
    let (names, numbers) = names_and_numbers(&sents);
    Evidence {
        names,
        numbers,
        event_date: event_date(&sents, publication(a)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{article_from_bytes, LoadOptions};

    fn art(text: &str) -> Article {
        article_from_bytes("x.txt", text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    fn names(text: &str) -> Vec<String> {
        evidence(&art(text))
            .names
            .into_iter()
            .map(|n| n.0)
            .collect()
    }

    #[test]
    fn capitalised_runs_are_names_and_sentence_starts_are_not() {
        let n = names("Talks\n\nOn Friday the actress Tara Reid checked into Promises. She said Reid's publicist called the police.\n\nPolice said nothing.\n");
        assert!(n.contains(&"Tara Reid".to_string()), "{n:?}");
        assert!(n.contains(&"Reid".to_string()) && n.contains(&"Promises".to_string()));
        assert!(!n.contains(&"She".to_string()), "a sentence start: {n:?}");
        assert!(
            !n.contains(&"Police".to_string()),
            "written in lower case too: {n:?}"
        );
    }

    #[test]
    fn numbers_need_two_digits_or_a_point() {
        let e = evidence(&art(
            "Score\n\nThe Colts won 20-13 after 3 quarters; a 6.1 quake hit too.\n",
        ));
        let nums: Vec<&str> = e.numbers.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(nums, vec!["20-13", "6.1"]);
    }

    #[test]
    fn day_numbers_round_trip_and_know_their_weekday() {
        let d = days(2025, 12, 3).unwrap();
        assert_eq!(iso(d), "2025-12-03");
        assert_eq!(weekday(d), 2, "3 December 2025 was a Wednesday");
        assert_eq!(days(2025, 2, 30), None);
        assert_eq!(iso(days(1969, 12, 31).unwrap()), "1969-12-31");
    }

    #[test]
    fn a_date_in_another_language_resolves_as_in_english() {
        let wed = days(2025, 12, 3);
        let jan22 = vec![days(2026, 1, 22).unwrap()];
        for other in [
            "Talks resume January 22 in Moscow.",
            "Die Gespräche beginnen am 22. Januar in Moskau.",
            "Переговоры возобновятся 22 января в Москве.",
            "Les pourparlers reprennent le 22 janvier à Moscou.",
        ] {
            assert_eq!(dates_in(other, wed), jan22, "{other}");
        }
    }

    #[test]
    fn relative_dates_resolve_against_the_publication_date() {
        let wed = days(2025, 12, 3);
        let tue = days(2025, 12, 2);
        assert_eq!(
            dates_in("The envoys met on Tuesday.", wed),
            vec![tue.unwrap()]
        );
        assert_eq!(dates_in("They met yesterday.", wed), vec![tue.unwrap()]);
        assert_eq!(dates_in("They met on Tuesday.", None), Vec::<i32>::new());
        assert_eq!(
            dates_in("Talks resume January 22 in Moscow.", wed),
            vec![days(2026, 1, 22).unwrap()],
            "the nearest January 22"
        );
        assert_eq!(
            dates_in("Filed on 12/09/2008 and on 22 January 2026.", None),
            vec![days(2008, 12, 9).unwrap(), days(2026, 1, 22).unwrap()]
        );
    }

    #[test]
    fn the_event_date_is_the_publication_date_else_the_most_named_date() {
        let e = evidence(&art("Reid checked in\n\nReid checked herself in on Tuesday, December 9, 2008, and left on December 10, 2008. Since December 9, 2008 she has rested.\n"));
        assert_eq!(e.event_date, days(2008, 12, 9));
        let e = evidence(&art(
            "---\ntitle: Talks\ndate: 2025-12-03\n---\n\nThe envoys met on March 1, 2025.\n",
        ));
        assert_eq!(e.event_date, days(2025, 12, 3));
    }
}
