//! The comparison as Markdown: tables for the outlets and the fact rows, then the quote lineups,
//! the claims (each outlet's paragraph under it, disagreements listed with their severity) and
//! what only one outlet carries. Article text is escaped so no word of it becomes markup.

use std::fmt::Write as _;

use super::{flat, severity_name, Comparison};
use crate::align::Severity;

pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", esc(c.heading()));
    let _ = writeln!(out, "{}\n", c.summary());
    outlets(&mut out, c);
    facts(&mut out, c);
    lineups(&mut out, c);
    claims(&mut out, c);
    unique(&mut out, c);
    out
}

fn outlets(out: &mut String, c: &Comparison) {
    let _ = writeln!(out, "## Outlets\n");
    let _ = writeln!(out, "| # | Outlet | Date | Title | Link |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (i, a) in c.articles.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            esc(&c.article_name(i)),
            esc(a.date.as_deref().unwrap_or("—")),
            esc(a.title.as_deref().unwrap_or("—")),
            a.url.as_deref().map_or("—".into(), link),
        );
    }
    let _ = writeln!(out);
}

fn facts(out: &mut String, c: &Comparison) {
    let _ = writeln!(out, "## Facts that disagree\n");
    if c.facts.is_empty() {
        let _ = writeln!(out, "No fact disagrees between the outlets.\n");
        return;
    }
    let _ = write!(out, "| Severity | Fact |");
    for i in 0..c.articles.len() {
        let _ = write!(out, " {} |", esc(&c.article_name(i)));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "|---|---|{}", "---|".repeat(c.articles.len()));
    for row in &c.facts {
        let _ = write!(out, "| {} | {} |", severity_cell(row.severity), row.name());
        for cell in &row.cells {
            let _ = match cell {
                Some((m, text)) => write!(out, " “{}” (¶{}) |", esc(&flat(text)), m.paragraph + 1),
                None => write!(out, " · |"),
            };
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
}

/// Major disagreements stand out in bold, as `!` marks only them in the app.
fn severity_cell(s: Severity) -> String {
    if s.disputes() {
        format!("**{}**", severity_name(s))
    } else {
        severity_name(s).to_string()
    }
}

fn lineups(out: &mut String, c: &Comparison) {
    let _ = writeln!(out, "## Quote lineups\n");
    let mut any = false;
    for q in c.lineups() {
        any = true;
        let who = q.speaker.as_deref().unwrap_or("(unattributed)");
        let _ = writeln!(out, "### {}\n", esc(who));
        for v in &q.variants {
            let verb = v.verb.as_deref().unwrap_or("—");
            let indirect = if v.indirect { ", indirect" } else { "" };
            let lang = q
                .language_mark(v)
                .map(|l| format!(", in {l}"))
                .unwrap_or_default();
            let flags = if v.flags.is_empty() {
                String::new()
            } else {
                format!(" — *{}*", v.flags.join(", "))
            };
            let _ = writeln!(
                out,
                "- **{}** ¶{} ({verb}{indirect}{lang}): “{}”{flags}",
                esc(&c.article_name(v.article)),
                v.paragraph + 1,
                esc(&flat(&v.text))
            );
        }
        let _ = writeln!(out);
    }
    if !any {
        let _ = writeln!(out, "No statement is quoted by two outlets.\n");
    }
}

fn claims(out: &mut String, c: &Comparison) {
    let _ = writeln!(out, "## Aligned paragraphs\n");
    if c.claims().is_empty() {
        let _ = writeln!(out, "No paragraph is carried by two outlets.\n");
        return;
    }
    for g in c.claims() {
        let outlets = (0..c.articles.len())
            .filter(|&a| !c.claim_paragraphs(g, a).is_empty())
            .count();
        let _ = writeln!(
            out,
            "### Claim {} · {outlets}/{} articles · score {:.2}\n",
            g.id + 1,
            c.articles.len(),
            g.score
        );
        for a in 0..c.articles.len() {
            for m in c.claim_paragraphs(g, a) {
                let Some(p) = c.paragraph(m) else { continue };
                let flag = if c.mark(m).disputed {
                    " — ! disputed"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "**{} ¶{}**{flag}\n\n> {}\n",
                    esc(&c.article_name(a)),
                    m.paragraph + 1,
                    esc(&flat(&p.text))
                );
            }
        }
        let ds = c.claim_disagreements(g);
        if !ds.is_empty() {
            let _ = writeln!(out, "Disagreements:\n");
            for d in ds {
                let _ = writeln!(
                    out,
                    "- {} {}: {} ¶{} “{}” ≠ {} ¶{} “{}”",
                    severity_cell(d.severity),
                    d.kind.name(),
                    esc(&c.article_name(d.left.article)),
                    d.left.paragraph + 1,
                    esc(&flat(&d.left_text)),
                    esc(&c.article_name(d.right.article)),
                    d.right.paragraph + 1,
                    esc(&flat(&d.right_text)),
                );
            }
            let _ = writeln!(out);
        }
    }
}

fn unique(out: &mut String, c: &Comparison) {
    let by_article = c.unique_by_article();
    if by_article.is_empty() {
        return;
    }
    let _ = writeln!(out, "## Only in one outlet\n");
    for (a, ps) in by_article {
        let _ = writeln!(out, "### {}\n", esc(&c.article_name(a)));
        for p in ps {
            let Some(text) = c.articles[a].paragraphs.get(p).map(|p| flat(&p.text)) else {
                continue;
            };
            let _ = writeln!(out, "- ¶{}: {}", p + 1, esc(&text));
        }
        let _ = writeln!(out);
    }
}

/// A URL as an autolink, when it can be one (no space or angle bracket in it); else as text.
fn link(u: &str) -> String {
    if u.chars()
        .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '|')
    {
        esc(u)
    } else {
        format!("<{u}>")
    }
}

/// Escape what Markdown would read as markup (emphasis, links, HTML, table cells, code).
pub(super) fn esc(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &ch) in chars.iter().enumerate() {
        // `_` inside a word (file stems like `000_61c8`) is never emphasis in CommonMark.
        let inside_word = |k: Option<&char>| k.is_some_and(|c| c.is_alphanumeric());
        let underscore_in_word = ch == '_'
            && inside_word(i.checked_sub(1).and_then(|k| chars.get(k)))
            && inside_word(chars.get(i + 1));
        let markup = matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#'
        );
        if markup && !underscore_in_word {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_article_text_is_escaped() {
        assert_eq!(esc("<b>a|b</b> *x*"), "\\<b\\>a\\|b\\</b\\> \\*x\\*");
        assert_eq!(esc("20 points, 5 hours"), "20 points, 5 hours");
        assert_eq!(esc("000_61c8 _x_"), "000_61c8 \\_x\\_");
    }
}
