//! Which reader a file needs, decided from its content first and its extension second: saved
//! web pages are often named `.txt`, Jekyll posts `.txt` or `.md`, and JSON exports anything.
//! Also which files are articles at all, for the folder walk: article extensions, documents
//! in formats Parallax cannot read (PDF, Word), and extension-less files that read as prose.

use crate::article::Format;

/// How far into the text the HTML sniff looks for tags.
const SNIFF_CHARS: usize = 4096;

/// Tags that mark a document (not a stray `<` in prose) as HTML.
const HTML_TAGS: &[&str] = &[
    "<!doctype html",
    "<html",
    "<head",
    "<body",
    "<meta ",
    "<title>",
    "<article",
    "<div",
    "<p>",
    "<p ",
    "<h1",
    "<h2",
    "<section",
    "<main",
];

/// The extensions of files a folder walk reads (lower case): the formats below. Other files in a
/// folder are not articles (source code, images, lock files) and are only counted.
pub const ARTICLE_EXTENSIONS: &[&str] = &[
    "txt", "md", "markdown", "mdown", "mkd", "html", "htm", "xhtml", "json", "jsonl",
];

/// Documents people save articles as that Parallax cannot read: each is named with what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Pdf,
    /// Word 97-2003 (`.doc`), or another OLE compound file.
    Doc,
    Docx,
    Odt,
    Rtf,
    /// A zip archive that is not a known document (docx and odt are zips too).
    Zip,
}

impl Document {
    /// By extension (lower case, no dot).
    pub fn by_extension(ext: &str) -> Option<Document> {
        Some(match ext {
            "pdf" => Document::Pdf,
            "doc" => Document::Doc,
            "docx" => Document::Docx,
            "odt" => Document::Odt,
            "rtf" => Document::Rtf,
            _ => return None,
        })
    }

    /// By the first bytes (magic numbers), whatever the file is called.
    pub fn by_content(bytes: &[u8]) -> Option<Document> {
        const OLE: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
        if bytes.starts_with(b"%PDF-") {
            return Some(Document::Pdf);
        }
        if bytes.starts_with(OLE) {
            return Some(Document::Doc);
        }
        if bytes.starts_with(b"{\\rtf") {
            return Some(Document::Rtf);
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return None;
        }
        // The first entries of the archive say what it holds: `word/...` in a docx, the
        // `mimetype` entry of an OpenDocument file.
        let head = &bytes[..bytes.len().min(SNIFF_CHARS)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        Some(if has(b"word/") {
            Document::Docx
        } else if has(b"application/vnd.oasis.opendocument") {
            Document::Odt
        } else {
            Document::Zip
        })
    }

    /// The warning for a file in this format: what it is and what to do instead.
    pub fn warning(self) -> String {
        let what = match self {
            Document::Pdf => "a PDF document",
            Document::Doc => "a Word document (.doc)",
            Document::Docx => "a Word document (.docx)",
            Document::Odt => "an OpenDocument text (.odt)",
            Document::Rtf => "an RTF document",
            Document::Zip => {
                return "a zip archive, an unsupported format; unzip it and load the files \
                        inside; skipped"
                    .into()
            }
        };
        format!("{what}, an unsupported format; save it as HTML or text to load it; skipped")
    }
}

/// Whether the start of an extension-less file reads as an article: a web page, Markdown with
/// front matter, a JSON export with a story-text field, or prose (see [`reads_as_prose`]).
/// Scripts, configuration and notes of a few words do not.
pub fn reads_as_article(text: &str) -> bool {
    let t = text.trim_start();
    (t.starts_with('<') && looks_like_html(t))
        || crate::ingest::markdown::front_matter(text).is_some()
        || (t.starts_with(['{', '[']) && names_a_text_field(t))
        || reads_as_prose(text)
}

/// Whether JSON text has a key that carries story text (`"text":`, `"body":`, ...).
fn names_a_text_field(json: &str) -> bool {
    crate::ingest::fields::TEXT.iter().any(|f| {
        let key = format!("\"{f}\"");
        json.match_indices(&key)
            .any(|(i, _)| json[i + key.len()..].trim_start().starts_with(':'))
    })
}

/// Fewer words than this is a note or a config value, not an article.
const MIN_PROSE_WORDS: usize = 20;
/// Letters make up most of what prose prints (80-85% in the seeds); code and data much less.
const MIN_LETTER_SHARE: f64 = 0.65;
/// Characters prose hardly uses and code and configuration are full of (web addresses are not
/// counted).
const CODE_MARKS: &[char] = &[
    '{', '}', '[', ']', '<', '>', '=', ';', '|', '\\', '/', '$', '#', '*', '_', '@', '&', '^', '~',
    '`',
];
const MAX_CODE_MARK_SHARE: f64 = 0.01;

/// Text that reads as prose: enough words, mostly letters, almost no code marks, and sentences
/// (at least two full stops, question or exclamation marks after a word).
pub fn reads_as_prose(text: &str) -> bool {
    let words = text.split_whitespace().count();
    if words < MIN_PROSE_WORDS {
        return false;
    }
    let (mut printed, mut letters, mut marks) = (0usize, 0usize, 0usize);
    // A web address is full of slashes, in prose as in code: leave it out of the counts.
    let not_a_url = |w: &&str| !w.contains("://") && !w.starts_with("www.");
    for c in text
        .split_whitespace()
        .filter(not_a_url)
        .flat_map(str::chars)
    {
        printed += 1;
        letters += usize::from(c.is_alphabetic());
        marks += usize::from(CODE_MARKS.contains(&c));
    }
    let sentences = text
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_end_matches(['"', '\'', '”', '’', ')']);
            w.len() > 1
                && w.ends_with(['.', '!', '?'])
                && w.chars().rev().nth(1).is_some_and(char::is_alphanumeric)
        })
        .count();
    letters as f64 >= MIN_LETTER_SHARE * printed as f64
        && marks as f64 <= MAX_CODE_MARK_SHARE * printed as f64
        && sentences >= 2
}

/// The format of a decoded file. `ext` is the file's extension (lower case, no dot), if any.
pub fn detect(text: &str, ext: Option<&str>) -> Format {
    let t = text.trim_start();
    if (t.starts_with('{') || t.starts_with('['))
        && (ext == Some("json") || serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok())
    {
        return Format::Json;
    }
    if ext == Some("json") || ext == Some("jsonl") {
        return Format::Json;
    }
    if t.starts_with('<') && looks_like_html(t) {
        return Format::Html;
    }
    if crate::ingest::markdown::front_matter(text).is_some() {
        return Format::Markdown;
    }
    match ext {
        Some("md" | "markdown" | "mdown" | "mkd") => Format::Markdown,
        Some("html" | "htm" | "xhtml") if looks_like_html(t) => Format::Html,
        _ => Format::Text,
    }
}

fn looks_like_html(t: &str) -> bool {
    let end = floor_char_boundary(t, SNIFF_CHARS);
    let head = t[..end].to_ascii_lowercase();
    HTML_TAGS.iter().any(|tag| head.contains(tag))
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_before_the_extension() {
        assert_eq!(
            detect(
                "<!DOCTYPE html><html><body><p>x</p></body></html>",
                Some("txt")
            ),
            Format::Html
        );
        assert_eq!(
            detect("---\ntitle: x\n---\nStory.\n", Some("txt")),
            Format::Markdown
        );
        assert_eq!(
            detect("+++\ntitle = \"x\"\n+++\nStory.\n", None),
            Format::Markdown
        );
        assert_eq!(
            detect("{\"title\": \"x\", \"text\": \"y\"}", Some("txt")),
            Format::Json
        );
        assert_eq!(detect("[{\"text\": \"y\"}]", None), Format::Json);
    }

    #[test]
    fn documents_are_known_by_their_first_bytes() {
        assert_eq!(Document::by_content(b"%PDF-1.7\n"), Some(Document::Pdf));
        assert_eq!(
            Document::by_content(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\0\0"),
            Some(Document::Doc)
        );
        assert_eq!(
            Document::by_content(b"PK\x03\x04\x14\0word/document.xml"),
            Some(Document::Docx)
        );
        assert_eq!(
            Document::by_content(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text"),
            Some(Document::Odt)
        );
        assert_eq!(Document::by_content(b"PK\x03\x04\0\0"), Some(Document::Zip));
        assert_eq!(
            Document::by_content(b"{\\rtf1\\ansi x}"),
            Some(Document::Rtf)
        );
        assert_eq!(Document::by_content(b"Talks ended. %PDF-1.7"), None);
        assert!(Document::Pdf.warning().contains("save it as HTML or text"));
    }

    #[test]
    fn prose_reads_as_an_article_and_code_and_configuration_do_not() {
        let news = "Talks in Moscow ended on Tuesday without a compromise, officials said.\n\n\
                    The Kremlin said contacts with the envoys would continue next week. Kyiv \
                    was not at the table (see https://example.com/talks for the statement).\n";
        assert!(reads_as_article(news));
        assert!(reads_as_article(
            "<!doctype html><html><body><p>Talks.</p></body></html>"
        ));
        assert!(reads_as_article(
            "[{\"title\": \"Talks\", \"body\" : \"Talks ended.\"}"
        ));
        assert!(!reads_as_article(
            "{\"name\": \"demo\", \"version\": \"1.0\"}"
        ));
        let rust = "/// Entry point: reads the drop and prints every article it found.\n\
                    fn main() {\n    let drop = load(&args);\n    println!(\"{drop:?}\");\n}\n\
                    // Talks ended. The envoys left. Nothing else was said at all today.\n";
        assert!(!reads_as_article(rust));
        let lock = "[[package]]\nname = \"serde\"\nversion = \"1.0.228\"\nsource = \
                    \"registry+https://github.com/rust-lang/crates.io-index\"\n\
                    checksum = \"9a8e94ea7f378bd32cbbd37198a4a91436180c5bb472411e48b5ec2e2124ae9e\"\n";
        assert!(!reads_as_article(&lock.repeat(5)));
        let make = "build:\n\tcargo build --release\n\ntest: build\n\tcargo test --release\n";
        assert!(!reads_as_article(&make.repeat(5)));
        assert!(!reads_as_article("Talks ended. The envoys left.\n"));
    }

    #[test]
    fn prose_that_merely_starts_with_a_bracket_is_text() {
        assert_eq!(
            detect("[Updated] Talks ended.\n", Some("txt")),
            Format::Text
        );
        assert_eq!(
            detect("<<< breaking >>> Talks ended.\n", None),
            Format::Text
        );
        assert_eq!(detect("Talks ended.\n", Some("md")), Format::Markdown);
        assert_eq!(detect("Talks ended.\n", Some("html")), Format::Text);
    }
}
