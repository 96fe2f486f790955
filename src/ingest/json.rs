//! JSON exports: one article object, an array of them, an object wrapping an array
//! (`{"articles": [...]}`, as news APIs return), or JSON Lines. The body is the text field
//! as written; when that field holds HTML (a CMS export), its text is extracted first.

use serde_json::{Map, Value};

use super::{fields, html_text, Extracted, LoadError};
use crate::article::Format;

/// Fields under which an object wraps a list of articles.
const LISTS: &[&str] = &[
    "articles", "items", "posts", "results", "data", "entries", "stories",
];

/// One entry of a JSON file: an article, or why the entry is not one.
pub type Entry = Result<Extracted, LoadError>;

/// The articles of a JSON file. `Ok(entries)` with one entry per article object (a single
/// object gives one entry); `Err` when the file is not JSON or holds no article object at all.
/// The flag says whether the file is a list (entries are then named `file.json#N`).
pub fn extract_all(text: &str) -> Result<(Vec<Entry>, bool), LoadError> {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return json_lines(text).ok_or_else(|| LoadError::InvalidJson(e.to_string())),
    };
    match value {
        Value::Array(items) => Ok((items.iter().map(entry).collect(), true)),
        Value::Object(map) => {
            if fields::get(&map, fields::TEXT).is_none() {
                if let Some(Value::Array(items)) = fields::get(&map, LISTS) {
                    return Ok((items.iter().map(entry).collect(), true));
                }
            }
            Ok((vec![object(&map)], false))
        }
        _ => Err(LoadError::NotArticleJson),
    }
}

/// JSON Lines (`.jsonl`, one article object per line): the first non-blank line is an object
/// by itself and more lines follow. Each line is an entry; a line that is not valid JSON is an
/// entry saying so with its line number, so one broken line loses only its own article.
fn json_lines(text: &str) -> Option<(Vec<Entry>, bool)> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .peekable();
    let (_, first) = *lines.peek()?;
    if !serde_json::from_str::<Value>(first).is_ok_and(|v| v.is_object()) {
        return None;
    }
    let entries: Vec<Entry> = lines
        .map(|(i, l)| match serde_json::from_str::<Value>(l) {
            Ok(v) => entry(&v),
            Err(e) => Err(LoadError::InvalidJsonLine {
                line: i + 1,
                message: without_position(&e),
            }),
        })
        .collect();
    (entries.len() >= 2).then_some((entries, true))
}

/// serde_json's message without its " at line 1 column N" (the line of a JSON Lines file is
/// given instead), keeping the column.
fn without_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(at) => format!("{} (column {})", &full[..at], e.column()),
        None => full,
    }
}

fn entry(v: &Value) -> Entry {
    match v {
        Value::Object(map) => object(map),
        _ => Err(LoadError::NotAnArticleObject),
    }
}

fn object(map: &Map<String, Value>) -> Entry {
    let Some(text) = fields::get(map, fields::TEXT).and_then(body_of) else {
        return Err(LoadError::NoTextField);
    };
    let meta = fields::meta_from(map);
    let body = if looks_like_html(&text) {
        let doc = dom_query::Document::fragment(text);
        html_text::body_text(&doc.root(), meta.title.as_deref())
    } else {
        text
    };
    Ok(Extracted {
        format: Format::Json,
        body,
        story_start: 0,
        meta,
        warnings: Vec::new(),
    })
}

/// The story text of a field: a string, `{"rendered": ...}`, or a list of paragraph strings.
fn body_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => {
            return fields::get(o, &["rendered", "text", "value"]).and_then(body_of)
        }
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            parts.join("\n\n")
        }
        _ => return None,
    };
    (!s.trim().is_empty()).then_some(s)
}

/// A text field holding markup rather than prose.
fn looks_like_html(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    ["<p>", "<p ", "</p>", "<br", "<div", "<h2", "<li>"]
        .iter()
        .any(|t| lower.contains(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_object_is_one_article() {
        let (entries, list) = extract_all(r#"{"title":"T","content":"Story."}"#).unwrap();
        assert!(!list);
        let ex = entries[0].as_ref().unwrap();
        assert_eq!(ex.body, "Story.");
        assert_eq!(ex.meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn arrays_wrapped_lists_and_json_lines() {
        let (e, list) = extract_all(r#"[{"text":"A."},{"title":"no text"},3]"#).unwrap();
        assert!(list);
        assert!(e[0].is_ok() && e[1].is_err() && e[2].is_err());
        let (e, _) =
            extract_all(r#"{"status":"ok","articles":[{"body":"A."},{"body":"B."}]}"#).unwrap();
        assert_eq!(e.len(), 2);
        let (e, _) = extract_all("{\"text\":\"A.\"}\n{\"text\":\"B.\"}\n").unwrap();
        assert_eq!(e[1].as_ref().unwrap().body, "B.");
    }

    #[test]
    fn a_broken_json_line_is_one_entry_naming_its_line() {
        let text = "{\"text\":\"A.\"}\n{\"text\": \n\n[1]\n{\"text\":\"D.\"}\n";
        let (e, list) = extract_all(text).unwrap();
        assert!(list);
        assert_eq!(e.len(), 4);
        let broken = e[1].as_ref().unwrap_err();
        assert!(
            matches!(broken, LoadError::InvalidJsonLine { line: 2, message } if !message.contains("line 1")),
            "{broken:?}"
        );
        assert_eq!(e[2].as_ref().unwrap_err(), &LoadError::NotAnArticleObject);
        assert_eq!(e[3].as_ref().unwrap().body, "D.");
        // Pretty-printed JSON with a mistake is not JSON Lines: the error says where.
        let err = extract_all("{\n  \"text\": \"A.\",\n  oops\n}\n").unwrap_err();
        assert!(
            matches!(&err, LoadError::InvalidJson(m) if m.contains("line 3")),
            "{err:?}"
        );
    }

    #[test]
    fn html_in_a_text_field_becomes_text() {
        let (e, _) =
            extract_all(r#"{"content":{"rendered":"<p>One &amp; two.</p><p>Three.</p>"}}"#)
                .unwrap();
        assert_eq!(e[0].as_ref().unwrap().body, "One & two.\n\nThree.");
    }

    #[test]
    fn broken_json_says_where() {
        let err = extract_all("{\"title\": \"T\",").unwrap_err();
        assert!(
            matches!(&err, LoadError::InvalidJson(m) if m.contains("line 1")),
            "{err:?}"
        );
    }
}
