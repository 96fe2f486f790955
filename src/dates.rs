//! Free-form publication dates → ISO 8601. Outlets write "Dec 3, 2025 - 08:10",
//! "06:29, Wed, Dec 3, 2025 Updated: 06:48, ...", "2025-12-03T01:57:20" or "3 December 2025";
//! we read the first date (before any "Updated") and a time next to it, and never guess a value.

mod months;
pub use months::month_named;

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Month names in English, lower case, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names in English, lower case, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that may sit on a date line besides the date itself.
const DATE_LINE_WORDS: &[&str] = &[
    "updated",
    "published",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "am",
    "pm",
    "gmt",
    "utc",
    "bst",
    "cet",
    "cest",
    "est",
    "edt",
    "et",
    "pt",
    "msk",
    "date",
    "time",
    "first",
];

fn month_of(word: &str) -> Option<u32> {
    if let Some(m) = month_named(word) {
        return Some(m);
    }
    let w = word.to_ascii_lowercase();
    let prefix = w.get(..3)?;
    let idx = MONTHS.iter().position(|m| *m == prefix)?;
    // Full or abbreviated month name only ("december", "dec", "sept"), not "market".
    let full = MONTH_NAMES[idx];
    (full.starts_with(&w) || w == "sept").then_some(idx as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    w.get(..3).is_some_and(|p| WEEKDAYS.contains(&p))
        && WEEKDAY_NAMES
            .iter()
            .any(|d| d.starts_with(&w) || w == "tues" || w == "thur" || w == "thurs")
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Num(u32, usize),
    Time(u32, u32, Option<u32>),
    Iso(String),
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·') {
        let t = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if t.is_empty() {
            continue;
        }
        if let Some(iso) = iso_token(t) {
            out.push(Tok::Iso(iso));
        } else if let Some(time) = time_token(t) {
            out.push(time);
        } else if t.bytes().all(|b| b.is_ascii_digit()) && t.len() <= 4 {
            out.push(Tok::Num(t.parse().unwrap_or(0), t.len()));
        } else if let Some(n) = ordinal(t) {
            out.push(Tok::Num(n, 2));
        } else {
            out.push(Tok::Word(t));
        }
    }
    out
}

fn ordinal(t: &str) -> Option<u32> {
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t[digits.len()..];
    if !digits.is_empty() && digits.len() <= 2 && matches!(rest, "st" | "nd" | "rd" | "th") {
        digits.parse().ok()
    } else {
        None
    }
}

fn time_token(t: &str) -> Option<Tok<'static>> {
    let parts: Vec<&str> = t.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let h: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let s: Option<u32> = parts.get(2).and_then(|s| s.parse().ok());
    (h < 24 && m < 60 && s.is_none_or(|s| s < 60)).then_some(Tok::Time(h, m, s))
}

/// "2025-12-03", "2025-12-03T01:57:20", "2025-12-03T01:57:20Z", "2025/12/03".
fn iso_token(t: &str) -> Option<String> {
    let b = t.as_bytes();
    if b.len() < 10 || !(b[4] == b'-' || b[4] == b'/') || b[7] != b[4] {
        return None;
    }
    let y: i16 = t.get(0..4)?.parse().ok()?;
    let m: i8 = t.get(5..7)?.parse().ok()?;
    let d: i8 = t.get(8..10)?.parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()?;
    let date = format!("{y:04}-{m:02}-{d:02}");
    let rest = &t[10..];
    if rest.is_empty() {
        return Some(date);
    }
    let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
    let time: String = rest.chars().take(8).collect();
    match time_token(time.trim_end_matches(|c: char| !c.is_ascii_digit())) {
        Some(Tok::Time(h, mi, s)) => Some(format!("{date}T{h:02}:{mi:02}:{:02}", s.unwrap_or(0))),
        _ => Some(date),
    }
}

/// Parse the first publication date in `text` into ISO 8601 (`YYYY-MM-DD`, with `THH:MM:SS`
/// when a time sits on the same line before any "Updated").
pub fn iso_date(text: &str) -> Option<String> {
    // Everything after "Updated" describes a later edit, not the publication.
    let lower = text.to_ascii_lowercase();
    let head = match lower.find("updated") {
        Some(0) | None => text,
        Some(i) => &text[..i],
    };
    let toks = tokens(head);
    let time = toks.iter().find_map(|t| match t {
        Tok::Time(h, m, s) => Some((*h, *m, s.unwrap_or(0))),
        _ => None,
    });
    for t in &toks {
        if let Tok::Iso(s) = t {
            return Some(match (s.len(), time) {
                (10, Some((h, m, sec))) => format!("{s}T{h:02}:{m:02}:{sec:02}"),
                _ => s.clone(),
            });
        }
    }
    // Month name with a day and a year on either side: "Dec 3, 2025", "3 December 2025".
    for (i, t) in toks.iter().enumerate() {
        let Tok::Word(w) = t else { continue };
        let Some(month) = month_of(w) else { continue };
        let year = toks[i + 1..].iter().take(3).find_map(|t| match t {
            Tok::Num(y, 4) if (1900..=2100).contains(y) => Some(*y),
            _ => None,
        });
        let day_after = match toks.get(i + 1) {
            Some(Tok::Num(d, l)) if *l <= 2 && (1..=31).contains(d) => Some(*d),
            _ => None,
        };
        let day_before = match i.checked_sub(1).and_then(|k| toks.get(k)) {
            Some(Tok::Num(d, l)) if *l <= 2 && (1..=31).contains(d) => Some(*d),
            _ => None,
        };
        let (Some(year), Some(day)) = (year, day_after.or(day_before)) else {
            continue;
        };
        let date = jiff::civil::Date::new(year as i16, month as i8, day as i8).ok()?;
        return Some(match time {
            Some((h, m, s)) => format!("{date}T{h:02}:{m:02}:{s:02}"),
            None => date.to_string(),
        });
    }
    None
}

/// Whether a whole line is a date line ("Dec 3, 2025 - 08:10", "Updated: 06:48, Wed, Dec 3, 2025"):
/// it holds a date and nothing but date words, times and numbers.
pub fn is_date_line(line: &str) -> bool {
    // Cheap rejection first: every date line has a digit (day, year or time).
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    if line.split_whitespace().count() > 16
        || iso_date(line).is_none() && !line.to_ascii_lowercase().starts_with("updated")
    {
        return false;
    }
    tokens(line).iter().all(|t| match t {
        Tok::Word(w) => {
            let l = w.to_ascii_lowercase();
            month_of(w).is_some() || is_weekday(w) || DATE_LINE_WORDS.contains(&l.as_str())
        }
        _ => true,
    }) && iso_date(line).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_date_lines_parse() {
        assert_eq!(
            iso_date("Dec 3, 2025 - 08:10").as_deref(),
            Some("2025-12-03T08:10:00")
        );
        assert_eq!(
            iso_date("06:29, Wed, Dec 3, 2025 Updated: 06:48, Wed, Dec 3, 2025").as_deref(),
            Some("2025-12-03T06:29:00")
        );
        assert_eq!(
            iso_date("2025-12-03T01:57:20").as_deref(),
            Some("2025-12-03T01:57:20")
        );
        assert_eq!(iso_date("date 2025-12-03").as_deref(), Some("2025-12-03"));
        assert_eq!(iso_date("3 December 2025").as_deref(), Some("2025-12-03"));
    }

    #[test]
    fn dates_written_in_other_languages_parse() {
        assert_eq!(iso_date("2. Dezember 2025").as_deref(), Some("2025-12-02"));
        assert_eq!(
            iso_date("2 декабря 2025, 14:05").as_deref(),
            Some("2025-12-02T14:05:00")
        );
        assert_eq!(
            iso_date("le 2 décembre 2025").as_deref(),
            Some("2025-12-02")
        );
    }

    #[test]
    fn impossible_or_absent_dates_are_none() {
        assert_eq!(iso_date("Feb 30, 2025"), None);
        assert_eq!(iso_date("The market fell 3 points in 2025"), None);
        assert_eq!(iso_date("no date here"), None);
    }

    #[test]
    fn date_lines_hold_only_dates() {
        assert!(is_date_line("Dec 3, 2025 - 08:10"));
        assert!(is_date_line(
            "06:29, Wed, Dec 3, 2025 Updated: 06:48, Wed, Dec 3, 2025"
        ));
        assert!(!is_date_line("Putin met Witkoff on Dec 3, 2025 in Moscow."));
    }
}
