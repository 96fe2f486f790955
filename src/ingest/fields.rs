//! The common field names of article metadata, shared by JSON files and Markdown front matter
//! (YAML and TOML are converted to JSON values first). Field names are matched case-insensitively
//! and in the order listed: the first one present with a usable value wins.

use serde_json::{Map, Value};

use super::Meta;

/// Fields that carry the headline.
pub const TITLE: &[&str] = &["title", "headline", "name"];
/// Fields that carry the story text.
pub const TEXT: &[&str] = &[
    "text",
    "content",
    "body",
    "articleBody",
    "article_body",
    "full_text",
    "fulltext",
    "article",
    "story",
];
/// Fields that carry the outlet (a string, or an object with a `name`).
pub const OUTLET: &[&str] = &[
    "outlet",
    "source",
    "site_name",
    "siteName",
    "site",
    "publisher",
    "publication",
    "source_name",
    "sourceName",
];
/// Fields that carry the publication date.
pub const DATE: &[&str] = &[
    "date",
    "published",
    "publishedAt",
    "published_at",
    "datePublished",
    "date_published",
    "pubDate",
    "pub_date",
    "publish_date",
    "created_at",
];
/// Fields that carry the article's address.
pub const URL: &[&str] = &["url", "link", "canonical_url", "canonical", "permalink"];
/// Fields that carry the author (a string, a list, or objects with a `name`).
pub const AUTHOR: &[&str] = &["author", "authors", "byline", "creator", "by"];

/// The value of the first of `names` present in `map` (case-insensitive).
pub fn get<'a>(map: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    for name in names {
        if let Some(v) = map.get(*name) {
            if !v.is_null() {
                return Some(v);
            }
        }
        if let Some((_, v)) = map
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.is_null())
        {
            return Some(v);
        }
    }
    None
}

/// A value as display text: strings as they are, numbers and booleans printed, objects by their
/// `name` (or `title`), lists joined with ", ". Empty text is absent.
pub fn as_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(_) | Value::Null => return None,
        Value::Object(o) => {
            return get(o, &["name", "title", "displayName", "rendered"]).and_then(as_text)
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().filter_map(as_text).collect();
            parts.join(", ")
        }
    };
    (!s.is_empty()).then_some(s)
}

/// A value as a web address: only absolute `http(s)` URLs count (a Jekyll `permalink` is a
/// path on the site, not an address anyone can open).
pub fn as_url(v: &Value) -> Option<String> {
    let s = match v {
        Value::Object(o) => return get(o, &["href", "url"]).and_then(as_url),
        v => as_text(v)?,
    };
    (s.starts_with("http://") || s.starts_with("https://")).then_some(s)
}

/// The metadata fields of an article object.
pub fn meta_from(map: &Map<String, Value>) -> Meta {
    Meta {
        title: get(map, TITLE).and_then(as_text),
        outlet: get(map, OUTLET).and_then(as_text),
        author: get(map, AUTHOR).and_then(as_text),
        date: get(map, DATE).and_then(as_text),
        url: get(map, URL).and_then(as_url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn common_field_names_and_shapes() {
        let v = json!({
            "headline": "Talks end",
            "source": {"id": "bbc", "name": "BBC News"},
            "authors": [{"name": "A. Reporter"}, "B. Writer"],
            "publishedAt": "2025-12-03T08:10:00Z",
            "URL": "https://example.com/a"
        });
        let m = meta_from(v.as_object().unwrap());
        assert_eq!(m.title.as_deref(), Some("Talks end"));
        assert_eq!(m.outlet.as_deref(), Some("BBC News"));
        assert_eq!(m.author.as_deref(), Some("A. Reporter, B. Writer"));
        assert_eq!(m.date.as_deref(), Some("2025-12-03T08:10:00Z"));
        assert_eq!(m.url.as_deref(), Some("https://example.com/a"));
    }

    #[test]
    fn absent_and_empty_stay_absent() {
        let v = json!({"title": "  ", "author": null, "permalink": "/2025/12/03/talks/"});
        let m = meta_from(v.as_object().unwrap());
        assert_eq!(m, Meta::default());
    }
}
