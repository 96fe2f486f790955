//! Sentences within a block: where a full stop, question or exclamation mark (or an ellipsis)
//! ends one, minding abbreviations (U.S., Mr, Dec.), initials, quotes and a lost space after a
//! stop ("team.Ukrainian"). Every paragraph of every article passes through here, so the scan
//! works on byte offsets and skips ahead to the next byte that can matter.

use super::trim_span;

/// Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov",
    "sen", "rep", "rev", "hon", "pres", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "ltd", "co", "corp", "approx", "est",
    "fig", "vol", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "al",
];

/// Sentence spans within `body[start..end]`, as absolute byte offsets, trimmed.
pub fn sentences(body: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
    let text = &body[start..end];
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut sent_start = 0;
    let mut quote_depth: i32 = 0;
    let mut i = 0;
    while i < text.len() {
        // Only terminators and (non-ASCII) guillemets and curly quotes change anything.
        match bytes[i..]
            .iter()
            .position(|&b| matches!(b, b'.' | b'!' | b'?') || !b.is_ascii())
        {
            Some(n) => i += n,
            None => break,
        }
        let c = char_at(text, i);
        match c {
            '“' | '«' => quote_depth += 1,
            '”' | '»' => quote_depth = (quote_depth - 1).max(0),
            _ => {}
        }
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += c.len_utf8();
            continue;
        }
        // Swallow runs of terminators and closing quotes/brackets: `."`, `?!`, `...”`.
        let mut j = i + c.len_utf8();
        for n in text[j..].chars() {
            if !matches!(
                n,
                '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | '»'
            ) {
                break;
            }
            if matches!(n, '”' | '»') {
                quote_depth = (quote_depth - 1).max(0);
            }
            j += n.len_utf8();
        }
        let boundary = match text[j..].chars().next() {
            None => true,
            Some(n) if n.is_whitespace() => {
                // Look at what starts the next sentence.
                let starts_new = text[j..]
                    .trim_start_matches(char::is_whitespace)
                    .chars()
                    .next()
                    .is_some_and(|x| {
                        x.is_uppercase()
                            || x.is_numeric()
                            || matches!(x, '"' | '“' | '‘' | '\'' | '(' | '«' | '—' | '-')
                    });
                starts_new && (c != '…' || quote_depth == 0)
            }
            // "team.Ukrainian": a lost space between sentences.
            Some(n) if c == '.' && n.is_uppercase() => glued_boundary(&text[..i]),
            _ => false,
        };
        if boundary && !(c == '.' && is_abbreviation(&text[..i])) {
            push_sentence(body, start, sent_start, j, &mut out);
            sent_start = j;
        }
        i = j;
    }
    push_sentence(body, start, sent_start, text.len(), &mut out);
    out
}

/// The character starting at byte `i` (a char boundary).
fn char_at(text: &str, i: usize) -> char {
    text[i..].chars().next().expect("i is inside the text")
}

fn push_sentence(body: &str, base: usize, s: usize, e: usize, out: &mut Vec<(usize, usize)>) {
    let (s, e) = trim_span(body, base + s, base + e);
    if s < e {
        out.push((s, e));
    }
}

/// A full stop glued to a capital ("team.Ukrainian") ends a sentence when the word before it
/// (`before` ends just before the stop) is a lower-case word of three letters or more (so
/// "U.S." and "e.g.Foo" do not).
fn glued_boundary(before: &str) -> bool {
    let mut n = 0;
    for c in before.chars().rev() {
        if !c.is_alphabetic() {
            break;
        }
        if !c.is_lowercase() {
            return false;
        }
        n += 1;
    }
    n >= 3
}

/// Whether the full stop right after `before` ends an abbreviation or an initial.
fn is_abbreviation(before: &str) -> bool {
    // The word right before the dot, including inner dots ("U.S").
    let mut k = before.len();
    loop {
        let mut back = before[..k].chars().rev();
        match back.next() {
            Some(p) if p.is_alphanumeric() => k -= p.len_utf8(),
            Some('.') if back.next().is_some_and(char::is_alphanumeric) => k -= 1,
            _ => break,
        }
    }
    let word = &before[k..];
    if word.is_empty() {
        return false;
    }
    // ASCII words compare without allocating; others lower-case as before (the Kelvin sign
    // lower-cases to an ASCII "k").
    let known = if word.is_ascii() {
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        ABBREVIATIONS.contains(&word.to_lowercase().as_str())
    };
    if known {
        // "U.S." at the end of a sentence followed by a capital is ambiguous; "U.S. Secretary" is
        // far more common in news than a sentence ending in "U.S.", so keep it joined.
        return true;
    }
    // A single capital letter is an initial ("Donald J. Trump").
    let mut wc = word.chars();
    if let (Some(f), None) = (wc.next(), wc.next()) {
        if f.is_uppercase() {
            return true;
        }
    }
    // Dotted acronyms of single letters: "U.S", "E.U".
    word.split('.').all(|p| p.chars().count() == 1) && word.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        sentences(t, 0, t.len())
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            sents("U.S. Secretary of State Marco Rubio spoke. Mr Zelensky and Mr. Smith met on Dec. 3 with Donald J. Trump. Done."),
            vec![
                "U.S. Secretary of State Marco Rubio spoke.",
                "Mr Zelensky and Mr. Smith met on Dec. 3 with Donald J. Trump.",
                "Done."
            ]
        );
    }

    #[test]
    fn quotes_close_with_their_sentence() {
        assert_eq!(
            sents("He said: “Not further, that’s for sure.” The response came."),
            vec![
                "He said: “Not further, that’s for sure.”",
                "The response came."
            ]
        );
    }

    #[test]
    fn sentence_inside_a_quote_does_not_split_the_quote_midway_lowercase() {
        assert_eq!(
            sents("He said \"wordings... don’t suit us.\" Then left."),
            vec!["He said \"wordings... don’t suit us.\"", "Then left."]
        );
    }

    #[test]
    fn glued_sentences_split() {
        assert_eq!(
            sents("with a Ukrainian team.Ukrainian President spoke."),
            vec!["with a Ukrainian team.", "Ukrainian President spoke."]
        );
    }

    /// The scan as first written, over a `Vec` of every character: the oracle the byte scan is
    /// checked against.
    mod reference {
        /// Sentence spans within `body[start..end]`, as absolute byte offsets, trimmed.
        pub(super) fn sentences(body: &str, start: usize, end: usize) -> Vec<(usize, usize)> {
            let text = &body[start..end];
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            let mut out = Vec::new();
            let mut sent_start = 0;
            let mut quote_depth: i32 = 0;
            let mut i = 0;
            while i < chars.len() {
                let (_, c) = chars[i];
                match c {
                    '“' | '«' => quote_depth += 1,
                    '”' | '»' => quote_depth = (quote_depth - 1).max(0),
                    _ => {}
                }
                if matches!(c, '.' | '!' | '?' | '…') {
                    // Swallow runs of terminators and closing quotes/brackets: `."`, `?!`, `...”`.
                    let mut j = i + 1;
                    while j < chars.len()
                        && matches!(
                            chars[j].1,
                            '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | '»'
                        )
                    {
                        if matches!(chars[j].1, '”' | '»') {
                            quote_depth = (quote_depth - 1).max(0);
                        }
                        j += 1;
                    }
                    let next = chars.get(j).map(|x| x.1);
                    let boundary = match next {
                        None => true,
                        Some(n) if n.is_whitespace() => {
                            // Look at what starts the next sentence.
                            let mut k = j;
                            while k < chars.len() && chars[k].1.is_whitespace() {
                                k += 1;
                            }
                            let starts_new = chars.get(k).is_some_and(|x| {
                                x.1.is_uppercase()
                                    || x.1.is_numeric()
                                    || matches!(x.1, '"' | '“' | '‘' | '\'' | '(' | '«' | '—' | '-')
                            });
                            starts_new && (c != '…' || quote_depth == 0)
                        }
                        // "team.Ukrainian": a lost space between sentences.
                        Some(n) if c == '.' && n.is_uppercase() => glued_boundary(&chars, i),
                        _ => false,
                    };
                    if boundary && !is_abbreviation(text, &chars, i, c) {
                        let end_pos = chars.get(j).map(|x| x.0).unwrap_or(text.len());
                        super::push_sentence(body, start, sent_start, end_pos, &mut out);
                        sent_start = end_pos;
                    }
                    i = j;
                    continue;
                }
                i += 1;
            }
            super::push_sentence(body, start, sent_start, text.len(), &mut out);
            out
        }

        /// A full stop glued to a capital ("team.Ukrainian") ends a sentence when the word before it is a
        /// lower-case word of three letters or more (so "U.S." and "e.g.Foo" do not).
        fn glued_boundary(chars: &[(usize, char)], dot: usize) -> bool {
            let mut k = dot;
            let mut n = 0;
            while k > 0 && chars[k - 1].1.is_alphabetic() {
                if !chars[k - 1].1.is_lowercase() {
                    return false;
                }
                k -= 1;
                n += 1;
            }
            n >= 3
        }

        fn is_abbreviation(text: &str, chars: &[(usize, char)], dot: usize, c: char) -> bool {
            if c != '.' {
                return false;
            }
            // The word right before the dot, including inner dots ("U.S").
            let mut k = dot;
            while k > 0
                && (chars[k - 1].1.is_alphanumeric()
                    || (chars[k - 1].1 == '.' && k >= 2 && chars[k - 2].1.is_alphanumeric()))
            {
                k -= 1;
            }
            let word = &text[chars[k].0..chars[dot].0];
            if word.is_empty() {
                return false;
            }
            let lower = word.to_lowercase();
            if super::ABBREVIATIONS.contains(&lower.as_str()) {
                // "U.S." at the end of a sentence followed by a capital is ambiguous; "U.S. Secretary" is
                // far more common in news than a sentence ending in "U.S.", so keep it joined.
                return true;
            }
            // A single capital letter is an initial ("Donald J. Trump").
            let mut wc = word.chars();
            if let (Some(f), None) = (wc.next(), wc.next()) {
                if f.is_uppercase() {
                    return true;
                }
            }
            // Dotted acronyms of single letters: "U.S", "E.U".
            word.split('.').all(|p| p.chars().count() == 1) && word.contains('.')
        }
    }

    #[test]
    fn byte_scan_matches_the_reference_on_the_seeds() {
        let seeds = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds")).unwrap();
        for e in seeds {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            for b in crate::segment::blocks(&text) {
                assert_eq!(
                    sentences(&text, b.start, b.end),
                    reference::sentences(&text, b.start, b.end),
                    "{}",
                    &text[b.start..b.end]
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_scan_matches_the_reference(
            text in "[a-zA-Z0-9 \n.!?…\"“”«»’'()\u{2014}\u{212a}İéЖ]{0,60}"
        ) {
            proptest::prop_assert_eq!(
                sentences(&text, 0, text.len()),
                reference::sentences(&text, 0, text.len())
            );
        }

        #[test]
        fn byte_scan_matches_the_reference_on_any_text(text in "(?s).{0,40}") {
            proptest::prop_assert_eq!(
                sentences(&text, 0, text.len()),
                reference::sentences(&text, 0, text.len())
            );
        }
    }
}
