//! Folding for matching: Unicode NFKC, curly quotes and dashes folded to ASCII, case folded,
//! whitespace collapsed. The display text stays as the outlet wrote it; only matching sees this.

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

/// The folded form of `text` used by similarity, quotes and triage.
///
/// Cleaning, segmentation and every scorer call this on each line and sentence, so it is on
/// ingest's hot path: ASCII bytes (most of any Latin-script story) are folded a byte at a time,
/// and only the non-ASCII runs between them go through the Unicode tables.
pub fn normalise(text: &str) -> String {
    let mut fold = Fold::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // A maximal ASCII chunk, up to the next non-ASCII character.
            let end = i + ascii_prefix_len(&bytes[i..]);
            fold.ascii_chunk(&bytes[i..end]);
            i = end;
            continue;
        }
        // A maximal run of non-ASCII characters: the quick check's state resets at every ASCII
        // character (always an NFKC starter), so checking each run alone answers for the text.
        let end = bytes[i..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| i + n);
        let run = &text[i..end];
        if is_nfkc_quick(run.chars()) != IsNormalized::Yes {
            return normalise_nfkc(text);
        }
        run.chars().for_each(|c| fold.push(c));
        i = end;
    }
    fold.finish()
}

/// The general path for text that is not already NFKC (compatibility forms, decomposed
/// accents): recompose the whole text, then fold.
fn normalise_nfkc(text: &str) -> String {
    let mut fold = Fold::with_capacity(text.len());
    text.nfkc().for_each(|c| fold.push(c));
    fold.finish()
}

/// How many bytes at the start of `bytes` are ASCII: checked 16 at a time (`is_ascii` tests a
/// machine word at once), then byte by byte in the block that ends the run.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    for block in bytes.chunks(16) {
        match block.iter().position(|b| !b.is_ascii()) {
            _ if block.is_ascii() => n += block.len(),
            Some(k) => return n + k,
            None => n += block.len(),
        }
    }
    n
}

/// `char::is_whitespace` on ASCII: tab, line feed, vertical tab, form feed, return, space.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// The folded text being built: whitespace runs collapse to one space, none at either end.
/// Bytes, not a `String`, so ASCII runs are appended without a check per character; only whole
/// characters are ever appended, so the bytes stay UTF-8.
struct Fold {
    out: Vec<u8>,
    pending_space: bool,
}

impl Fold {
    fn with_capacity(n: usize) -> Self {
        Fold {
            out: Vec::with_capacity(n),
            pending_space: false,
        }
    }

    fn space(&mut self) {
        self.pending_space = !self.out.is_empty();
    }

    fn before_text(&mut self) {
        if self.pending_space {
            self.out.push(b' ');
            self.pending_space = false;
        }
    }

    /// ASCII text. Chunks whose only whitespace is single spaces (nearly all prose) are
    /// copied and lower-cased as a whole, which the compiler vectorises; others fold a byte
    /// at a time.
    fn ascii_chunk(&mut self, chunk: &[u8]) {
        // `fold`, not `any`: no early exit, so both checks vectorise.
        let controls = chunk
            .iter()
            .fold(false, |a, b| a | (b'\t'..=b'\r').contains(b));
        let double_spaces = chunk
            .iter()
            .zip(chunk.iter().skip(1))
            .fold(false, |a, (x, y)| a | ((*x == b' ') & (*y == b' ')));
        if controls || double_spaces {
            for &b in chunk {
                if is_ascii_space(b) {
                    self.space();
                } else {
                    self.before_text();
                    self.out.push(b.to_ascii_lowercase());
                }
            }
            return;
        }
        let mut text = chunk;
        if let [b' ', rest @ ..] = text {
            self.space();
            text = rest;
        }
        let trailing_space = text.last() == Some(&b' ');
        if trailing_space {
            text = &text[..text.len() - 1];
        }
        if !text.is_empty() {
            self.before_text();
            let start = self.out.len();
            self.out.extend_from_slice(text);
            self.out[start..].make_ascii_lowercase();
        }
        if trailing_space {
            self.space();
        }
    }

    fn push(&mut self, c: char) {
        let c = fold_char(c);
        if c.is_whitespace() {
            return self.space();
        }
        self.before_text();
        if c.is_ascii() {
            self.out.push(c.to_ascii_lowercase() as u8);
        } else {
            let mut buf = [0u8; 4];
            for l in c.to_lowercase() {
                self.out
                    .extend_from_slice(l.encode_utf8(&mut buf).as_bytes());
            }
        }
    }

    fn finish(self) -> String {
        String::from_utf8(self.out).expect("only whole characters are appended")
    }
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

/// The text with the inner dots of initialisms dropped ("U.S." → "US.", "U.S.A." → "USA."), so
/// that the two ways outlets write one name compare equal. A dot goes only between two single
/// letters; "Mr. Smith", "A. Smith" and a sentence's last dot stay.
pub fn without_initialism_dots(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let single_letter_at = |i: usize| {
        chars.get(i).is_some_and(|c| c.is_alphabetic())
            && (i == 0 || !chars[i - 1].is_alphanumeric())
            && chars.get(i + 1).is_none_or(|c| !c.is_alphanumeric())
    };
    let inner_dot = |i: usize| {
        chars[i] == '.'
            && i > 0
            && single_letter_at(i - 1)
            && single_letter_at(i + 1)
            && chars.get(i + 2) == Some(&'.')
    };
    if !(0..chars.len()).any(inner_dot) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out: String = (0..chars.len())
        .filter(|&i| !inner_dot(i))
        .map(|i| chars[i])
        .collect();
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initialisms_lose_their_inner_dots_only() {
        assert_eq!(
            without_initialism_dots("the U.S. administration"),
            "the US. administration"
        );
        assert_eq!(without_initialism_dots("U.S.A. and U.K."), "USA. and UK.");
        for kept in ["Mr. Smith met A. Smith.", "No dots", "Ends in U."] {
            assert_eq!(without_initialism_dots(kept), kept, "{kept}");
        }
    }

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

    /// The folding as first written (one `chars()` pass, one quick check over the whole text):
    /// the byte-at-a-time path must give exactly this.
    fn normalise_reference(text: &str) -> String {
        let mut out = String::new();
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
            out.extend(c.to_lowercase());
        };
        if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
            text.chars().for_each(&mut push);
        } else {
            text.nfkc().for_each(&mut push);
        }
        out
    }

    #[test]
    fn fast_path_matches_the_reference_on_tricky_text() {
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
        let mut texts: Vec<String> = seeds
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        texts.extend(
            [
                "",
                "   ",
                "\u{0b}\u{0c}x\u{1c}y\u{85}z\u{3000}",
                "Cafe\u{301} cafe\u{301} CAFÉ",
                "ﬁnal ２０ — “Q” İstanbul KELVIN \u{212a}",
                "a\u{0301}\u{0316}b e\u{0316}\u{0301}",
                "МИД России — «Не дальше»",
                "\u{00A0}lead and trail\u{202F}",
            ]
            .map(String::from),
        );
        for t in &texts {
            for line in t.lines().chain(std::iter::once(t.as_str())) {
                assert_eq!(normalise(line), normalise_reference(line), "{line:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_the_reference(text in "(?s).{0,64}") {
            proptest::prop_assert_eq!(normalise(&text), normalise_reference(&text));
        }

        #[test]
        fn fast_path_matches_the_reference_on_mixed_scripts(
            text in "[a-zA-Z \t\n.,\u{0300}-\u{036f}\u{2018}-\u{201f}\u{00a0}ﬁ２Éé\u{0400}-\u{04ff}\u{3000}]{0,48}"
        ) {
            proptest::prop_assert_eq!(normalise(&text), normalise_reference(&text));
        }
    }

    #[test]
    fn words_keep_numbers_and_contractions_whole() {
        assert_eq!(
            words("the 28-point plan, 1,000 troops; don't stop. 2.5 end."),
            vec!["the", "28", "point", "plan", "1,000", "troops", "don't", "stop", "2.5", "end"]
        );
    }
}
