//! Folding for matching: Unicode NFKC, curly quotes and dashes folded to ASCII, case folded,
//! whitespace collapsed. The display text stays as the outlet wrote it; only matching sees this.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The folded form of `text` used by similarity, quotes and triage.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut push = |c: char| {
        let c = fold_char(c);
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            return;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    };
    // Most story text is already NFKC (curly quotes and Cyrillic are); the quick check is far
    // cheaper than decomposing and recomposing every character, and gives the same result.
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().for_each(&mut push);
    } else {
        text.nfkc().for_each(&mut push);
    }
    out
}

/// Fold typographic variants onto the ASCII character a reader would consider the same.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\u{200B}' => ' ',
        '\u{2026}' => '.',
        c => c,
    }
}

/// Word tokens of a normalised text: runs of letters and digits (a decimal point or thousands
/// separator between digits stays inside the number, an apostrophe inside a word stays too).
pub fn words(norm: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = norm.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (start, c) = bytes[i];
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() {
            let c = bytes[j].1;
            if c.is_alphanumeric() {
                j += 1;
                continue;
            }
            // Keep "1,000", "2.5" and "don't" whole.
            let joins = matches!(c, '.' | ',' | '\'')
                && j + 1 < bytes.len()
                && bytes[j + 1].1.is_alphanumeric()
                && ((c != '\''
                    && bytes[j - 1].1.is_ascii_digit()
                    && bytes[j + 1].1.is_ascii_digit())
                    || (c == '\'' && bytes[j - 1].1.is_alphabetic()));
            if joins {
                j += 2;
            } else {
                break;
            }
        }
        let end = if j < bytes.len() {
            bytes[j].0
        } else {
            norm.len()
        };
        out.push(&norm[start..end]);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_dashes_case_and_space() {
        assert_eq!(
            normalise("  “Not  further,\u{00A0}that’s — for SURE”  "),
            "\"not further, that's - for sure\""
        );
    }

    #[test]
    fn nfkc_folds_compatibility_forms() {
        assert_eq!(normalise("ﬁnal ２０"), "final 20");
    }

    #[test]
    fn keeps_cyrillic_and_lowercases_it() {
        assert_eq!(normalise("МИД России"), "мид россии");
    }

    #[test]
    fn words_keep_numbers_and_contractions_whole() {
        assert_eq!(
            words("the 28-point plan, 1,000 troops; don't stop. 2.5 end."),
            vec!["the", "28", "point", "plan", "1,000", "troops", "don't", "stop", "2.5", "end"]
        );
    }
}
