//! A guard for pathological pages. The HTML parsing algorithm scans the stack of open elements
//! at many tags, so a page of tens of thousands of unclosed `<div>`s takes minutes to parse
//! (browsers share the cost). Such pages are measured with a cheap byte scan first and, when
//! too deep, read by stripping tags instead of parsing.

/// Above this many open elements (by the byte scan) a page is not parsed as a DOM. Real pages
/// nest a few dozen deep; 2,000 leaves room for unclosed tags the scan cannot pair up.
pub const MAX_SCANNED_DEPTH: usize = 2_000;

/// Elements that never hold content, or that the parser closes implicitly, so they do not
/// count towards nesting.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "option", "dt", "dd",
];

/// The deepest element nesting the tags of `html` reach, counted from open and close tags
/// without parsing.
pub fn scanned_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = i + usize::from(closing);
        let len = b[start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if len == 0 {
            continue;
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            let end = b[start..]
                .iter()
                .position(|&c| c == b'>')
                .map(|p| start + p);
            if end.is_some_and(|e| b[e - 1] == b'/') {
                continue; // self-closing
            }
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The text of a page with its tags stripped: script and style contents dropped, block tags
/// turned into blank lines, the common entities decoded.
pub fn stripped_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = rest[lt..tag_end].to_ascii_lowercase();
        rest = &rest[tag_end..];
        for skipped in ["script", "style"] {
            if tag.starts_with(&format!("<{skipped}")) {
                let close = format!("</{skipped}");
                let lower = rest.to_ascii_lowercase();
                rest = lower.find(&close).map_or("", |i| &rest[i..]);
            }
        }
        let name: String = tag
            .trim_start_matches(['<', '/'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "li"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "tr"
                | "section"
                | "article"
                | "blockquote"
        ) {
            out.push_str("\n\n");
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    let text = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // One block per non-blank run, whitespace collapsed inside.
    text.split("\n\n")
        .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|b| !b.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_shallow() {
        let html =
            "<html><body><div><p>One<p>Two<br><img src=x><ul><li>a<li>b</ul></div></body></html>";
        assert_eq!(scanned_depth(html), 4);
        assert_eq!(scanned_depth(&"<p>para ".repeat(5000)), 0);
    }

    #[test]
    fn unclosed_divs_are_deep() {
        assert_eq!(scanned_depth(&"<div>".repeat(3000)), 3000);
    }

    #[test]
    fn stripping_keeps_text_and_blocks() {
        let html = "<html><head><script>var a = '<p>';</script><style>p{}</style></head>\
                    <body><div><b>Talks</b> &amp; more</div><p>Second.</p></body></html>";
        assert_eq!(stripped_text(html), "Talks & more\n\nSecond.");
    }
}
