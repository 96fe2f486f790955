//! Bytes → text. UTF-8 is read as is (a byte-order mark is dropped); anything else is decoded
//! with the encoding the file declares (a UTF-16 BOM, an HTML `charset`) or the one chardetng
//! guesses, and the article says which encoding was assumed. Binary files are refused.

use encoding_rs::{Encoding, UTF_8};

use super::LoadError;

/// How many leading bytes the binary check and the charset sniff look at.
const SNIFF_BYTES: usize = 8 * 1024;

/// Above this share of control characters in the sniffed bytes a file is binary, not text.
/// Text files carry tabs, newlines and form feeds only; 10% leaves room for a stray escape code.
const MAX_CONTROL_SHARE: f64 = 0.10;

/// A decoded file: its text and, when it was not UTF-8, a warning naming the encoding assumed.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Decode the bytes of one file, or say why they are not text.
pub fn decode(bytes: &[u8]) -> Result<Decoded, LoadError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            return Ok(from_utf8_or_guess(body));
        }
        // UTF-16 with a BOM: NUL bytes are expected there, so the binary check comes after.
        let (text, had_errors) = enc.decode_without_bom_handling(body);
        let mut warning = format!("decoded as {} (byte-order mark)", enc.name());
        if had_errors {
            warning.push_str("; invalid sequences replaced with �");
        }
        return Ok(Decoded {
            text: text.into_owned(),
            warning: Some(warning),
        });
    }
    check_not_binary(bytes)?;
    Ok(from_utf8_or_guess(bytes))
}

/// [`decode`] for a buffer the caller gives up: UTF-8 without a byte-order mark (nearly every
/// file) becomes the text as it is, without the copy `decode` makes; anything else takes the
/// same path as [`decode`], with the same result.
pub(crate) fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, LoadError> {
    if Encoding::for_bom(&bytes).is_some() {
        return decode(&bytes);
    }
    check_not_binary(&bytes)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            warning: None,
        }),
        Err(e) => Ok(from_utf8_or_guess(e.as_bytes())),
    }
}

/// Refuse files that are binary: a NUL byte, or mostly control characters, near the start.
fn check_not_binary(bytes: &[u8]) -> Result<(), LoadError> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return Err(LoadError::NulBytes);
    }
    let is_control = |b: u8| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c) || b == 0x7f;
    // Summed in byte lanes, 255 at a time so a lane cannot overflow: the compiler vectorises
    // this, and every file passes through it.
    let controls: usize = head
        .chunks(255)
        .map(|c| c.iter().map(|&b| u8::from(is_control(b))).sum::<u8>() as usize)
        .sum();
    if !head.is_empty() && controls as f64 / head.len() as f64 > MAX_CONTROL_SHARE {
        return Err(LoadError::ControlBytes {
            controls,
            sniffed: head.len(),
        });
    }
    Ok(())
}

fn from_utf8_or_guess(bytes: &[u8]) -> Decoded {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Decoded {
            text: s.to_string(),
            warning: None,
        };
    }
    let (enc, how) = match declared_charset(bytes) {
        Some(enc) if enc != UTF_8 => (enc, "declared in the file"),
        _ => {
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            // `allow_utf8: false`: the bytes are known not to be valid UTF-8.
            (detector.guess(None, false), "guessed")
        }
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    let mut warning = format!("not valid UTF-8; decoded as {} ({how})", enc.name());
    if had_errors {
        warning.push_str("; invalid sequences replaced with �");
    }
    Decoded {
        text: text.into_owned(),
        warning: Some(warning),
    }
}

/// The encoding an HTML or XML file declares near its start (`charset=...`, `encoding="..."`).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let Some(i) = find(&lower, key) else { continue };
        let rest = &lower[i + key.len()..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label: Vec<u8> = rest
            .iter()
            .copied()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
            .collect();
        if let Some(enc) = Encoding::for_label_no_replacement(&label) {
            return Some(enc);
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_decoding_gives_what_borrowed_decoding_gives() {
        let cases: Vec<Vec<u8>> = vec![
            "Plain “UTF-8” text, МИД России.\n".into(),
            b"\xef\xbb\xbfUTF-8 with a byte-order mark".to_vec(),
            b"\xff\xfeU\x00T\x00F\x00-\x001\x006\x00".to_vec(),
            b"Windows-1252 \x93quotes\x94 and caf\xe9".to_vec(),
            b"<meta charset=\"iso-8859-1\"><p>caf\xe9</p>".to_vec(),
            b"binary\x00data".to_vec(),
            vec![0x01; 64],
        ];
        for bytes in cases {
            assert_eq!(decode_owned(bytes.clone()), decode(&bytes), "{bytes:?}");
        }
    }

    #[test]
    fn utf8_is_read_as_is_and_a_bom_is_dropped() {
        let d = decode("\u{feff}Кремль said".as_bytes()).unwrap();
        assert_eq!(d.text, "Кремль said");
        assert_eq!(d.warning, None);
    }

    #[test]
    fn windows_1252_is_guessed_and_named() {
        // "Kremlin’s “talks” café" in Windows-1252.
        let bytes = b"The Kremlin\x92s \x93talks\x94 at the caf\xe9 went on for five hours.";
        let d = decode(bytes).unwrap();
        assert_eq!(
            d.text,
            "The Kremlin’s “talks” at the café went on for five hours."
        );
        assert!(d.warning.unwrap().contains("windows-1252"));
    }

    #[test]
    fn a_declared_charset_wins_over_the_guess() {
        let bytes = b"<html><head><meta charset=\"iso-8859-2\"></head><body>\xb1</body></html>";
        let d = decode(bytes).unwrap();
        assert!(d.text.contains('ą'), "{}", d.text);
        assert!(d.warning.unwrap().contains("ISO-8859-2"));
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let mut bytes = vec![0xff, 0xfe];
        for u in "Putin met Witkoff".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "Putin met Witkoff");
        assert!(d.warning.unwrap().contains("UTF-16LE"));
    }

    #[test]
    fn binary_files_are_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            LoadError::NulBytes
        );
        let controls: Vec<u8> = (0..200).map(|i| (i % 8) as u8 + 1).collect();
        assert_eq!(
            decode(&controls).unwrap_err(),
            LoadError::ControlBytes {
                controls: 200,
                sniffed: 200
            }
        );
        // A text with a few stray escapes is still text.
        assert!(decode(b"Talks ended \x1b[0m after five hours of discussion.").is_ok());
    }
}
