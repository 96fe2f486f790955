//! Web pages saved from a browser: the main text is found with dom_smoothie (a port of
//! Mozilla's Readability), the metadata comes from `<meta>` tags, JSON-LD and `<link
//! rel=canonical>`. Navigation, adverts and cookie banners never reach the body.

use dom_query::Document;
use dom_smoothie::{Config, Readability};

use super::{html_guard, html_text, Extracted, Meta};
use crate::article::Format;

/// Elements that are page furniture wherever they appear.
const CHROME: &str = "script, style, noscript, template, iframe, svg, nav, \
    [role=navigation], [role=banner], [role=contentinfo], [role=dialog], [aria-modal=true], \
    [hidden], [aria-hidden=true]";

/// Cookie and consent boxes; only removed when short, so a story that mentions cookies stays.
const CONSENT: &str = "[id*=cookie], [class*=cookie], [id*=consent], [class*=consent], \
    [id*=gdpr], [class*=gdpr]";
/// A consent box longer than this (in bytes of text) is probably not one.
const CONSENT_MAX_TEXT: usize = 1_000;

/// `<meta>` names and properties that carry the publication time, in order of trust.
const PUBLISHED: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "sailthru.date",
];
/// `<meta>` names and properties that carry the author.
const AUTHOR: &[&str] = &[
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "byl",
];

/// Extract a web page: main text and metadata.
pub fn extract(html: &str) -> Extracted {
    let mut warnings = Vec::new();
    if html_guard::scanned_depth(html) > html_guard::MAX_SCANNED_DEPTH {
        warnings.push(format!(
            "elements nested over {} deep; read with its tags stripped, without metadata",
            html_guard::MAX_SCANNED_DEPTH
        ));
        return Extracted {
            format: Format::Html,
            body: html_guard::stripped_text(html),
            story_start: 0,
            meta: Meta::default(),
            warnings,
        };
    }
    let doc = Document::from(html);
    let page = page_meta(&doc);
    doc.select(CHROME).remove();
    for node in doc.select(CONSENT).nodes() {
        if node.text().len() <= CONSENT_MAX_TEXT && !node.is("body, html, article, main") {
            node.remove_from_parent();
        }
    }

    let depth = html_text::element_depth(&doc.root());
    if depth > html_text::MAX_DEPTH {
        // Readability's scoring slows to minutes on pathologically nested pages.
        warnings.push(format!(
            "elements nested over {} deep; main text not extracted, all the page's text was used",
            html_text::MAX_DEPTH
        ));
        let body = html_text::body_text(&doc.root(), page.title.as_deref());
        return Extracted {
            format: Format::Html,
            body,
            story_start: 0,
            meta: page.into_meta(),
            warnings,
        };
    }
    let (meta, body) = match Readability::with_document(doc, None, Some(Config::default())) {
        Ok(mut r) => match r.parse() {
            Ok(a) => {
                let meta = Meta {
                    // og:title, else Readability's title (the <title> with " | Site" cut).
                    title: page
                        .og_title
                        .clone()
                        .or(nonempty(Some(a.title.clone())))
                        .or(page.title.clone()),
                    outlet: page.site_name.clone().or(nonempty(a.site_name.clone())),
                    author: page.author.clone().or(nonempty(a.byline.clone())),
                    date: page.date.clone().or(nonempty(a.published_time.clone())),
                    url: page.url.clone().or(nonempty(a.url.clone())),
                };
                let content = Document::fragment(a.content.to_string());
                let body = html_text::body_text(&content.root(), meta.title.as_deref());
                (meta, body)
            }
            Err(e) => {
                warnings.push(format!(
                    "main text not found: {e}; all the page's text was used"
                ));
                (page.into_meta(), whole_page_text(html))
            }
        },
        Err(e) => {
            warnings.push(format!(
                "page could not be read as HTML: {e}; all its text was used"
            ));
            (page.into_meta(), whole_page_text(html))
        }
    };
    Extracted {
        format: Format::Html,
        body,
        story_start: 0,
        meta,
        warnings,
    }
}

/// The page text without its furniture, for pages where main-text extraction gives up.
fn whole_page_text(html: &str) -> String {
    let doc = Document::from(html);
    doc.select(CHROME).remove();
    doc.select("header, footer, aside").remove();
    let title = doc.select("title").text().to_string();
    html_text::body_text(&doc.root(), nonempty(Some(title)).as_deref())
}

/// Metadata read straight from the page's tags.
#[derive(Debug, Default)]
struct PageMeta {
    og_title: Option<String>,
    title: Option<String>,
    site_name: Option<String>,
    author: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

impl PageMeta {
    fn into_meta(self) -> Meta {
        Meta {
            title: self.title,
            outlet: self.site_name,
            author: self.author,
            date: self.date,
            url: self.url,
        }
    }
}

fn page_meta(doc: &Document) -> PageMeta {
    // (key, content) for every <meta> with a name, property or itemprop, keys lower-cased.
    let mut metas: Vec<(String, String)> = Vec::new();
    for node in doc.select("meta[content]").nodes() {
        let content = node.attr("content").map(|c| c.trim().to_string());
        let Some(content) = content.filter(|c| !c.is_empty()) else {
            continue;
        };
        for attr in ["property", "name", "itemprop"] {
            if let Some(k) = node.attr(attr) {
                metas.push((k.trim().to_ascii_lowercase(), content.clone()));
            }
        }
    }
    let first = |keys: &[&str]| -> Option<String> {
        keys.iter()
            .find_map(|k| metas.iter().find(|(mk, _)| mk == k).map(|(_, v)| v.clone()))
    };
    let og_title = first(&["og:title", "twitter:title", "headline"]).map(|t| decode_entities(&t));
    let title = og_title
        .clone()
        .or_else(|| nonempty(Some(doc.select("title").text().trim().to_string())));
    let author = first(AUTHOR)
        .filter(|a| !a.starts_with("http"))
        .or_else(|| {
            // No descendant combinator: on a deeply nested page it costs nodes × depth.
            let node = doc
                .select("[rel=author], [itemprop=author]")
                .nodes()
                .first()
                .cloned()?;
            let name = node
                .is("[itemprop=author]")
                .then(|| {
                    dom_query::Selection::from(node)
                        .select("[itemprop=name]")
                        .nodes()
                        .first()
                        .map(|n| n.text())
                })
                .flatten()
                .unwrap_or_else(|| node.text());
            nonempty(Some(name.trim().to_string()))
        });
    let date = first(PUBLISHED).or_else(|| {
        let t = doc
            .select("time[datetime]")
            .nodes()
            .first()
            .and_then(|n| n.attr("datetime").map(|d| d.trim().to_string()));
        nonempty(t)
    });
    let canonical = doc
        .select("link[rel=canonical][href]")
        .nodes()
        .first()
        .and_then(|n| n.attr("href").map(|h| h.trim().to_string()))
        .filter(|h| h.starts_with("http"));
    PageMeta {
        og_title,
        title: title.map(|t| decode_entities(&t)),
        site_name: first(&["og:site_name", "application-name", "publisher"])
            .map(|s| decode_entities(&s)),
        author: author.map(|a| decode_entities(&a)),
        date,
        url: canonical.or_else(|| first(&["og:url"]).filter(|u| u.starts_with("http"))),
    }
}

/// Attribute values come back decoded from html5ever, but a title typed as `&amp;amp;` by a
/// CMS is double-encoded; undo the common one level.
fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .trim()
        .to_string()
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}
