//! The data model every stage shares: an article, its paragraphs and sentences, what cleaning
//! removed, and the byte spans that tie each piece back to the text the outlet wrote.
//!
//! These structs *are* the `parallax show --json` contract (see README): renaming a field changes
//! the public format, and `tests/all/cli.rs` decodes the output with its own types to catch that.

use serde::{Deserialize, Serialize};

/// How an article file was written, detected from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Json => "json",
        }
    }
}

/// What a paragraph is in the story's structure. Headings only ever align with headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    Heading,
    Paragraph,
    ListItem,
}

/// One sentence of a paragraph. `start..end` are byte offsets into [`Article::source`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The folded form used for matching (see `normalise`); never shown to the reader.
    #[serde(skip)]
    pub norm: String,
}

/// One block of the story: a heading, a paragraph or a list item, as the outlet wrote it.
/// `start..end` are byte offsets into [`Article::source`] and `text == source[start..end]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub kind: ParagraphKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub sentences: Vec<Sentence>,
    /// The folded form used for matching (see `normalise`); never shown to the reader.
    #[serde(skip)]
    pub norm: String,
}

/// Why cleaning took a piece of text out of the story. Serialised in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// The headline at the top of a plain file, moved into the `title` field.
    Title,
    /// The headline repeated in the body.
    RepeatedTitle,
    /// A date or "Updated:" line, or a date glued in front of the first sentence.
    DateLine,
    /// An author or outlet byline, "N Min Read".
    Byline,
    /// A photo or image caption or credit.
    Caption,
    /// Newsletter, sign-up, privacy or subscription text.
    Newsletter,
    /// "Share this", "Follow us" and similar prompts.
    SharePrompt,
    /// A teaser for another article ("Related:", "Read more").
    Related,
    /// Navigation, cookie banner or advert text from a web page.
    PageChrome,
}

impl RemovalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Title => "title",
            RemovalReason::RepeatedTitle => "repeated_title",
            RemovalReason::DateLine => "date_line",
            RemovalReason::Byline => "byline",
            RemovalReason::Caption => "caption",
            RemovalReason::Newsletter => "newsletter",
            RemovalReason::SharePrompt => "share_prompt",
            RemovalReason::Related => "related",
            RemovalReason::PageChrome => "page_chrome",
        }
    }
}

/// A piece of text cleaning removed from the story, kept so the reader can always see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    pub reason: RemovalReason,
    pub start: usize,
    pub end: usize,
}

/// One article of a drop: metadata, the cleaned story, and what was removed.
///
/// Metadata is never invented: a field the file does not carry is `None` (JSON `null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub path: String,
    pub format: Format,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// ISO 8601 (`2025-12-03` or `2025-12-03T08:10:00`) when the file's date could be parsed.
    pub date: Option<String>,
    pub url: Option<String>,
    /// ISO 639-1 code detected from the story text (`en`, `ru`, ...).
    pub language: Option<String>,
    pub paragraphs: Vec<Paragraph>,
    pub removed: Vec<Removed>,
    /// Problems met while reading this file (lossy decoding, odd structure); the article still loaded.
    pub warnings: Vec<String>,
    /// The text all `start..end` offsets point into: the decoded file for text and Markdown, the
    /// extracted main text for HTML, the body field for JSON.
    #[serde(skip)]
    pub source: String,
}

impl Article {
    /// The name to show for the outlet: the outlet, else the file stem.
    pub fn outlet_name(&self) -> String {
        if let Some(o) = &self.outlet {
            return o.clone();
        }
        std::path::Path::new(&self.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.clone())
    }

    /// How this article is labelled among `among` (the articles shown with it, itself included
    /// or not): its outlet name and, where another of them shares the outlet, its date, else
    /// its file name, so two versions of one outlet read apart. The one label of every front.
    pub fn outlet_label(&self, among: &[Article]) -> String {
        let name = self.outlet_name();
        let mut twins = among
            .iter()
            .filter(|o| o.path != self.path && o.outlet_name() == name)
            .peekable();
        if twins.peek().is_none() {
            return name;
        }
        let day = |a: &Article| {
            a.date
                .as_deref()
                .map(|d| d.get(..10).unwrap_or(d).to_string())
        };
        let mine = day(self);
        match mine {
            Some(d) if twins.all(|o| day(o).as_deref() != Some(d.as_str())) => {
                format!("{name} ({d})")
            }
            _ => format!("{name} ({})", self.file_name()),
        }
    }

    /// The article's file name, without its folder (with `#N` for an entry of a JSON list).
    pub fn file_name(&self) -> String {
        std::path::Path::new(&self.path)
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.clone())
    }

    /// `text` from this article as a reader shares it: `Outlet, 2025-12-03: “text”`, then the
    /// article's URL when it gives one. The one citation format of every front.
    pub fn cite(&self, text: &str) -> String {
        let date = self.date.as_deref().map(|d| d.get(..10).unwrap_or(d));
        let mut out = match date {
            Some(d) => format!("{}, {d}: “{}”", self.outlet_name(), text.trim()),
            None => format!("{}: “{}”", self.outlet_name(), text.trim()),
        };
        if let Some(u) = &self.url {
            out.push_str(&format!(" <{u}>"));
        }
        out
    }

    /// Number of words in the cleaned story.
    pub fn word_count(&self) -> usize {
        self.paragraphs
            .iter()
            .map(|p| p.text.split_whitespace().count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(path: &str, outlet: Option<&str>, date: Option<&str>) -> Article {
        Article {
            path: path.into(),
            format: Format::Text,
            title: None,
            outlet: outlet.map(String::from),
            author: None,
            date: date.map(String::from),
            url: None,
            language: None,
            paragraphs: Vec::new(),
            removed: Vec::new(),
            warnings: Vec::new(),
            source: String::new(),
        }
    }

    #[test]
    fn a_shared_outlet_is_labelled_by_date_else_by_file_name() {
        let all = [
            article("d/a.txt", Some("RksNews"), Some("2025-12-03T06:29:00")),
            article("d/b.txt", Some("RksNews"), Some("2025-12-04")),
            article("d/c.txt", Some("RksNews"), Some("2025-12-04T10:00:00")),
            article("d/reuters.txt", Some("Reuters"), Some("2025-12-04")),
            article("d/stem_only.txt", None, None),
        ];
        let labels: Vec<String> = all.iter().map(|a| a.outlet_label(&all)).collect();
        assert_eq!(
            labels,
            [
                "RksNews (2025-12-03)",
                // Same day as c: the date does not tell them apart, the file name does.
                "RksNews (b.txt)",
                "RksNews (c.txt)",
                "Reuters",
                "stem_only",
            ]
        );
    }
}
