//! Which reader a file needs, decided from its content first and its extension second: saved
//! web pages are often named `.txt`, Jekyll posts `.txt` or `.md`, and JSON exports anything.

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
