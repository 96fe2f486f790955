//! Markdown and plain text: the body is the whole decoded file, so every offset maps straight
//! back to it. Front matter (`---` YAML or `+++` TOML) supplies the metadata and is skipped via
//! `story_start`; a leading `# Title` gives the title when the front matter has none.

use serde_json::{Map, Value};

use super::{fields, Extracted, Meta};
use crate::article::Format;

/// Front matter found at the top of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// `---` (YAML) or `+++` (TOML).
    pub fence: &'static str,
    /// Byte span of the text between the fences.
    pub inner: (usize, usize),
    /// Byte offset just after the closing fence line.
    pub end: usize,
}

/// The front matter at the very top of `text` (after a BOM or blank lines), if any.
pub fn front_matter(text: &str) -> Option<FrontMatter> {
    let lead = text.len() - text.trim_start_matches(['\u{feff}', '\n', '\r']).len();
    let rest = &text[lead..];
    let fence = ["---", "+++"].into_iter().find(|f| {
        rest.strip_prefix(f)
            .is_some_and(|r| r.starts_with('\n') || r.starts_with("\r\n"))
    })?;
    let inner_start = lead
        + fence.len()
        + if rest[fence.len()..].starts_with('\r') {
            2
        } else {
            1
        };
    // The closing fence is a line holding only the fence (YAML also allows `...`).
    let mut pos = inner_start;
    for line in text[inner_start..].split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']).trim_end();
        if bare == fence || (fence == "---" && bare == "...") {
            if !starts_with_a_field(&text[inner_start..pos], fence) {
                return None;
            }
            return Some(FrontMatter {
                fence,
                inner: (inner_start, pos),
                end: pos + line.len(),
            });
        }
        pos += line.len();
    }
    None
}

/// Whether the text between fences opens with a field (`key:` in YAML, `key =` or `[table]` in
/// TOML), so a story that merely has two `---` rules is never mistaken for front matter.
fn starts_with_a_field(inner: &str, fence: &str) -> bool {
    let Some(first) = inner
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
    else {
        return true; // empty front matter
    };
    let key_len = first
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '"' | '\'')))
        .unwrap_or(first.len());
    let rest = first[key_len..].trim_start();
    if fence == "+++" {
        (key_len > 0 && rest.starts_with('=')) || first.starts_with('[')
    } else {
        key_len > 0 && rest.starts_with(':')
    }
}

/// Extract a Markdown (or plain-text) file: metadata from front matter, story after it.
pub fn extract(text: String, format: Format) -> Extracted {
    let mut meta = Meta::default();
    let mut warnings = Vec::new();
    let mut story_start = 0;
    if let Some(fm) = front_matter(&text) {
        let inner = &text[fm.inner.0..fm.inner.1];
        match parse_front_matter(fm.fence, inner) {
            Ok(map) => meta = fields::meta_from(&map),
            Err(e) => warnings.push(format!(
                "front matter could not be read ({e}); its fields were ignored"
            )),
        }
        story_start = fm.end;
    }
    if meta.title.is_none() && format == Format::Markdown {
        // The heading stays in the body: cleaning records it as the repeated title.
        meta.title = leading_h1(&text, story_start);
    }
    Extracted {
        format,
        body: text,
        story_start,
        meta,
        warnings,
    }
}

/// Front matter is a handful of fields; past these sizes it is not worth the parser's time
/// (the YAML scanner slows quadratically on deeply nested flow collections).
const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;
const MAX_FRONT_MATTER_NESTING: usize = 64;

fn parse_front_matter(fence: &str, inner: &str) -> Result<Map<String, Value>, String> {
    if inner.len() > MAX_FRONT_MATTER_BYTES {
        return Err(format!("over {} KB", MAX_FRONT_MATTER_BYTES / 1024));
    }
    let (mut depth, mut max) = (0usize, 0usize);
    for b in inner.bytes() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max > MAX_FRONT_MATTER_NESTING {
        return Err(format!(
            "brackets nested over {MAX_FRONT_MATTER_NESTING} deep"
        ));
    }
    let value: Value = if fence == "+++" {
        let table: toml::Table =
            toml::from_str(inner).map_err(|e| format!("TOML: {}", e.message()))?;
        toml_to_json(toml::Value::Table(table))
    } else {
        if inner.trim().is_empty() {
            return Ok(Map::new());
        }
        serde_norway::from_str(inner).map_err(|e| format!("YAML: {e}"))?
    };
    match value {
        Value::Object(map) => Ok(map),
        Value::Null => Ok(Map::new()),
        _ => Err("not a table of fields".into()),
    }
}

/// TOML to JSON values, with datetimes as their text so the date parser sees them as written.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

/// The text of a `# Title` line when it is the first non-blank line from `from`.
fn leading_h1(text: &str, from: usize) -> Option<String> {
    let first = text[from..]
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())?;
    let title = first.strip_prefix("# ")?.trim();
    (!title.is_empty()).then(|| title.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter_gives_metadata_and_is_skipped() {
        let text =
            "---\ntitle: \"Talks\"\ndate: 2025-12-03T01:57:20\nauthor: badely\n---\n\nStory.\n";
        let ex = extract(text.to_string(), Format::Markdown);
        assert_eq!(ex.meta.title.as_deref(), Some("Talks"));
        assert_eq!(ex.meta.date.as_deref(), Some("2025-12-03T01:57:20"));
        assert_eq!(ex.meta.author.as_deref(), Some("badely"));
        assert_eq!(&ex.body[ex.story_start..], "\nStory.\n");
    }

    #[test]
    fn toml_front_matter_dates_keep_their_text() {
        let text = "+++\ntitle = \"Talks\"\ndate = 2025-12-03T08:10:00Z\n+++\nStory.\n";
        let ex = extract(text.to_string(), Format::Markdown);
        assert_eq!(ex.meta.title.as_deref(), Some("Talks"));
        assert_eq!(ex.meta.date.as_deref(), Some("2025-12-03T08:10:00Z"));
        assert_eq!(&ex.body[ex.story_start..], "Story.\n");
    }

    #[test]
    fn broken_front_matter_is_skipped_with_a_warning() {
        let text = "---\ntitle: [unclosed\n---\nStory.\n";
        let ex = extract(text.to_string(), Format::Markdown);
        assert_eq!(ex.meta, Meta::default());
        assert_eq!(ex.warnings.len(), 1, "{:?}", ex.warnings);
        assert_eq!(&ex.body[ex.story_start..], "Story.\n");
    }

    #[test]
    fn an_unclosed_fence_is_not_front_matter() {
        assert_eq!(front_matter("---\nStory goes on.\n"), None);
        assert_eq!(front_matter("Story.\n---\nMore.\n---\n"), None);
        assert_eq!(
            front_matter("---\nA story between rules.\n---\nMore.\n"),
            None
        );
    }

    #[test]
    fn a_leading_h1_is_the_title_of_a_markdown_file() {
        let ex = extract("# Talks end\n\nStory.\n".to_string(), Format::Markdown);
        assert_eq!(ex.meta.title.as_deref(), Some("Talks end"));
        assert_eq!(ex.story_start, 0);
    }
}
