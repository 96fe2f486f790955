//! A web page's DOM → the plain body text segmentation reads: one block per paragraph, heading
//! or list item, blocks separated by blank lines, headings written `## Heading`, list items
//! `• item`. Whitespace is collapsed as a browser would; `<br>` keeps its line break.

use dom_query::NodeRef;

use crate::normalise::normalise;

/// Elements whose text is never story text.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "button", "select", "option", "input",
    "textarea", "iframe", "object", "canvas", "audio", "video", "head", "title", "meta", "link",
];

/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tr",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "address",
    "header",
    "footer",
    "aside",
    "nav",
    "form",
    "fieldset",
    "details",
    "summary",
    "hr",
    "body",
    "center",
];

/// Elements nested deeper than this are read as plain text: the walk recurses, and real pages
/// stay far below it (a few dozen levels), while a broken or hostile page can nest without end.
pub const MAX_DEPTH: usize = 256;

/// How deeply elements nest under `root`, counted up to just past [`MAX_DEPTH`] (iteratively,
/// so a pathological page cannot overflow the stack here).
pub fn element_depth(root: &NodeRef) -> usize {
    let mut max = 0;
    let mut stack = vec![(root.id, 0usize)];
    while let Some((id, depth)) = stack.pop() {
        max = max.max(depth);
        if max > MAX_DEPTH {
            break;
        }
        let node = NodeRef::new(id, root.tree);
        for child in node.children_it(false) {
            if child.is_element() {
                stack.push((child.id, depth + 1));
            }
        }
    }
    max
}

/// Builds the body text block by block.
struct Writer<'t> {
    out: String,
    current: String,
    /// Marker waiting for the next text (`## ` or `• `); kept while the block is still empty.
    prefix: &'static str,
    /// The page title, folded: a heading that repeats it is written without `## ` so cleaning
    /// can recognise (and keep, with its reason) the repeated title.
    title: Option<&'t str>,
    in_pre: bool,
    depth: usize,
}

/// The body text of `root` (a whole page or the extracted main content).
pub fn body_text(root: &NodeRef, title: Option<&str>) -> String {
    let title_norm = title.map(normalise);
    let mut w = Writer {
        out: String::new(),
        current: String::new(),
        prefix: "",
        title: title_norm.as_deref(),
        in_pre: false,
        depth: 0,
    };
    w.node(root);
    w.flush();
    w.out
}

impl Writer<'_> {
    fn node(&mut self, node: &NodeRef) {
        if node.is_text() {
            let text = node.text();
            if self.in_pre {
                self.current.push_str(&text);
            } else {
                self.push_collapsed(&text);
            }
            return;
        }
        if !(node.is_element() || node.is_document() || node.is_fragment()) {
            return;
        }
        let name = node
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        let name = name.as_str();
        if SKIPPED.contains(&name) || node.attr("hidden").is_some() {
            return;
        }
        if self.depth > MAX_DEPTH {
            self.push_collapsed(&node.text());
            return;
        }
        match name {
            "br" => {
                trim_end_spaces(&mut self.current);
                self.current.push('\n');
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.flush();
                let text = normalise(&node.text());
                self.prefix = if self.title.is_some_and(|t| t == text) {
                    ""
                } else {
                    "## "
                };
                self.children(node);
                self.flush();
            }
            "li" => {
                self.flush();
                self.prefix = "• ";
                self.children(node);
                self.flush();
            }
            "pre" => {
                self.flush();
                self.in_pre = true;
                self.children(node);
                self.in_pre = false;
                self.flush();
            }
            "td" | "th" => {
                self.push_collapsed(" ");
                self.children(node);
                self.push_collapsed(" ");
            }
            _ if BLOCKS.contains(&name) => {
                self.flush();
                self.children(node);
                self.flush();
            }
            _ => self.children(node),
        }
    }

    fn children(&mut self, node: &NodeRef) {
        self.depth += 1;
        for child in node.children_it(false) {
            self.node(&child);
        }
        self.depth -= 1;
    }

    /// Append text with runs of HTML whitespace collapsed to one space.
    fn push_collapsed(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0c}') {
                if !self.current.is_empty() && !self.current.ends_with([' ', '\n']) {
                    self.current.push(' ');
                }
            } else {
                self.current.push(c);
            }
        }
    }

    /// End the current block: write it (with its marker) after a blank line.
    fn flush(&mut self) {
        let lines: Vec<&str> = self
            .current
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            if !self.out.is_empty() {
                self.out.push_str("\n\n");
            }
            self.out.push_str(self.prefix);
            self.out.push_str(&lines.join("\n"));
            self.prefix = "";
        }
        self.current.clear();
    }
}

fn trim_end_spaces(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn text_of(html: &str, title: Option<&str>) -> String {
        let doc = Document::from(html);
        body_text(&doc.root(), title)
    }

    #[test]
    fn blocks_headings_and_list_items() {
        let html = "<html><head><title>T</title><script>var x=1;</script></head><body>\
            <h1>Talks end</h1><p>Putin  met\n Witkoff <b>for five</b> hours.</p>\
            <h2>What next</h2><ul><li>One</li><li><p>Two</p></li></ul>\
            <p>Line one<br>line two</p></body></html>";
        assert_eq!(
            text_of(html, Some("Talks end")),
            "Talks end\n\nPutin met Witkoff for five hours.\n\n## What next\n\n• One\n\n• Two\n\nLine one\nline two"
        );
    }

    #[test]
    fn hidden_and_script_text_is_not_story() {
        let html =
            "<body><p>Story.</p><div hidden>Secret</div><noscript>Enable JS</noscript></body>";
        assert_eq!(text_of(html, None), "Story.");
    }
}
