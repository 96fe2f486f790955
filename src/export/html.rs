//! The comparison as one self-contained HTML page for a colleague: inline CSS, no script, a
//! content security policy that forbids fetching anything, every piece of article text escaped.
//! Claims are tables with one column per article, so aligned paragraphs read side by side; each
//! disputed snippet is marked in place with its severity.

use std::fmt::Write as _;

use super::{flat, severity_name, Comparison};
use crate::align::{Member, Severity};

const STYLE: &str = "\
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:110em;padding:0 1em;color:#1b1b1b;background:#fff}\
h1{font-size:1.5em}h2{margin-top:2em;border-bottom:1px solid #ccc}h3{margin-bottom:.3em}\
table{border-collapse:collapse;width:100%;table-layout:fixed;margin:.5em 0}\
th,td{border:1px solid #ccc;padding:.35em .5em;vertical-align:top;text-align:left;overflow-wrap:anywhere}\
th{background:#f1f1f1}.para{color:#666;font-size:.85em;white-space:nowrap}\
.none{color:#999;text-align:center}td.disputed{border-left:4px solid #c62828}\
mark{padding:0 .1em;border-radius:2px}mark.major{background:#ffcdd2}mark.minor{background:#ffe9b3}mark.note{background:#e6e6e6}\
tr.major td.sev,li.major .sev{color:#b71c1c;font-weight:bold}tr.minor td.sev,li.minor .sev{color:#8a5a00}\
tr.note td.sev,li.note .sev{color:#666}.flags{color:#b71c1c;font-style:italic}\
ul{padding-left:1.3em}.summary{color:#444}#outlets table{table-layout:auto}\
col.sev{width:9em}col.kind{width:11em}";

pub fn render(c: &Comparison) -> String {
    let title = c.heading();
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", esc(title));
    let _ = writeln!(out, "<p class=\"summary\">{}</p>", esc(&c.summary()));
    outlets(&mut out, c);
    facts(&mut out, c);
    lineups(&mut out, c);
    claims(&mut out, c);
    unique(&mut out, c);
    out.push_str("</body>\n</html>\n");
    out
}

fn outlets(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"outlets\">\n<h2>Outlets</h2>\n<table>\n");
    out.push_str("<tr><th>#</th><th>Outlet</th><th>Date</th><th>Title</th><th>Link</th></tr>\n");
    for (i, a) in c.articles.iter().enumerate() {
        let link = match a.url.as_deref() {
            Some(u) if u.starts_with("https://") || u.starts_with("http://") => {
                format!("<a href=\"{0}\" rel=\"noreferrer\">{0}</a>", esc(u))
            }
            Some(u) => esc(u),
            None => "—".into(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"outlet\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{link}</td></tr>",
            i + 1,
            esc(&c.article_name(i)),
            esc(a.date.as_deref().unwrap_or("—")),
            esc(a.title.as_deref().unwrap_or("—")),
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn facts(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"facts\">\n<h2>Facts that disagree</h2>\n");
    if c.facts.is_empty() {
        out.push_str("<p>No fact disagrees between the outlets.</p>\n</section>\n");
        return;
    }
    out.push_str("<table>\n<colgroup><col class=\"sev\"><col class=\"kind\"></colgroup>\n");
    out.push_str("<tr><th>Severity</th><th>Fact</th>");
    for i in 0..c.articles.len() {
        let _ = write!(out, "<th>{}</th>", esc(&c.article_name(i)));
    }
    out.push_str("</tr>\n");
    for row in &c.facts {
        let sev = class(row.severity);
        let _ = write!(
            out,
            "<tr class=\"fact {sev}\" data-severity=\"{sev}\"><td class=\"sev\">{}</td><td>{}</td>",
            severity_name(row.severity),
            row.name()
        );
        for cell in &row.cells {
            let _ = match cell {
                Some((m, text)) => write!(
                    out,
                    "<td>“{}” <span class=\"para\">¶{}</span></td>",
                    esc(&flat(text)),
                    m.paragraph + 1
                ),
                None => write!(out, "<td class=\"none\">·</td>"),
            };
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n</section>\n");
}

fn lineups(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"quotes\">\n<h2>Quote lineups</h2>\n");
    let mut any = false;
    for q in c.lineups() {
        any = true;
        let who = q.speaker.as_deref().unwrap_or("(unattributed)");
        let _ = writeln!(out, "<div class=\"lineup\">\n<h3>{}</h3>\n<ul>", esc(who));
        for v in &q.variants {
            let verb = v.verb.as_deref().unwrap_or("—");
            let indirect = if v.indirect { ", indirect" } else { "" };
            let lang = q
                .language_mark(v)
                .map(|l| format!(", in {}", esc(l)))
                .unwrap_or_default();
            let flags = if v.flags.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"flags\">{}</span>", esc(&v.flags.join(", ")))
            };
            let _ = writeln!(
                out,
                "<li class=\"variant\"><b>{}</b> <span class=\"para\">¶{}</span> ({}{indirect}{lang}): “{}”{flags}</li>",
                esc(&c.article_name(v.article)),
                v.paragraph + 1,
                esc(verb),
                esc(&flat(&v.text))
            );
        }
        out.push_str("</ul>\n</div>\n");
    }
    if !any {
        out.push_str("<p>No statement is quoted by two outlets.</p>\n");
    }
    out.push_str("</section>\n");
}

fn claims(out: &mut String, c: &Comparison) {
    out.push_str("<section id=\"claims\">\n<h2>Aligned paragraphs</h2>\n");
    if c.claims().is_empty() {
        out.push_str("<p>No paragraph is carried by two outlets.</p>\n");
    }
    for g in c.claims() {
        let carried: Vec<Vec<Member>> = (0..c.articles.len())
            .map(|a| c.claim_paragraphs(g, a))
            .collect();
        let outlets = carried.iter().filter(|ms| !ms.is_empty()).count();
        let _ = writeln!(
            out,
            "<div class=\"claim\" id=\"claim-{0}\">\n<h3>Claim {0} · {outlets}/{1} articles · score {2:.2}</h3>\n<table>\n<tr>",
            g.id + 1,
            c.articles.len(),
            g.score
        );
        for a in 0..c.articles.len() {
            let _ = write!(out, "<th>{}</th>", esc(&c.article_name(a)));
        }
        out.push_str("</tr>\n<tr class=\"pair\">");
        for ms in &carried {
            if ms.is_empty() {
                out.push_str("<td class=\"none\">—</td>");
                continue;
            }
            let disputed = ms.iter().any(|&m| c.mark(m).disputed);
            out.push_str(if disputed {
                "<td class=\"disputed\">"
            } else {
                "<td>"
            });
            for &m in ms {
                let _ = write!(
                    out,
                    "<p><span class=\"para\">¶{}</span> {}</p>",
                    m.paragraph + 1,
                    marked(c, m)
                );
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>\n</table>\n");
        let ds = c.claim_disagreements(g);
        if !ds.is_empty() {
            out.push_str("<ul class=\"disagreements\">\n");
            for d in ds {
                let sev = class(d.severity);
                let _ = writeln!(
                    out,
                    "<li class=\"{sev}\" data-severity=\"{sev}\"><span class=\"sev\">{}</span> {}: {} ¶{} “{}” ≠ {} ¶{} “{}”</li>",
                    severity_name(d.severity),
                    d.kind.name(),
                    esc(&c.article_name(d.left.article)),
                    d.left.paragraph + 1,
                    esc(&flat(&d.left_text)),
                    esc(&c.article_name(d.right.article)),
                    d.right.paragraph + 1,
                    esc(&flat(&d.right_text)),
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</section>\n");
}

/// Paragraph `m`'s text, escaped, with each disputed snippet in a `<mark>` of its severity.
fn marked(c: &Comparison, m: Member) -> String {
    let Some(p) = c.paragraph(m) else {
        return String::new();
    };
    let mut out = String::new();
    let mut at = 0;
    for (r, sev) in c.disputed_ranges(m) {
        out.push_str(&esc(&p.text[at..r.start]));
        let _ = write!(
            out,
            "<mark class=\"{0}\" title=\"{1}\">{2}</mark>",
            class(sev),
            severity_name(sev),
            esc(&p.text[r.clone()])
        );
        at = r.end;
    }
    out.push_str(&esc(&p.text[at..]));
    out
}

fn unique(out: &mut String, c: &Comparison) {
    let by_article = c.unique_by_article();
    if by_article.is_empty() {
        return;
    }
    out.push_str("<section id=\"unique\">\n<h2>Only in one outlet</h2>\n");
    for (a, ps) in by_article {
        let _ = writeln!(out, "<h3>{}</h3>\n<ul>", esc(&c.article_name(a)));
        for p in ps {
            if let Some(par) = c.articles[a].paragraphs.get(p) {
                let _ = writeln!(
                    out,
                    "<li><span class=\"para\">¶{}</span> {}</li>",
                    p + 1,
                    esc(&flat(&par.text))
                );
            }
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The CSS class of a severity.
fn class(s: Severity) -> &'static str {
    match s {
        Severity::Major => "major",
        Severity::Minor => "minor",
        Severity::Note => "note",
    }
}

/// Text as HTML character data or an attribute value.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_content_and_attributes() {
        assert_eq!(
            esc("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
