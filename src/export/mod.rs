//! A story's comparison written out for a colleague: the fact rows the Overview shows, the quote
//! lineups, the aligned paragraphs side by side with each disagreement marked by severity, and
//! what only one outlet carries. One home for `parallax export` and the app's export key; it reads
//! the alignment's own views of the story (`fact_rows`, `paragraph_marks`, groups, quotes) and
//! decides nothing about what agrees.

mod html;
mod markdown;

use std::path::{Path, PathBuf};

use crate::align::{DropAlignment, FactRow, Group, Member, ParagraphMark, QuoteGroup, Severity};
use crate::article::{Article, Paragraph};

/// How an export is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    /// One self-contained page: inline CSS, no scripts, nothing fetched.
    Html,
}

impl Format {
    /// The file extension (`md`, `html`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// One story's comparison, ready to be written: its articles (the story's, indexed from 0 as
/// the alignment indexes them) and what the alignment says of them.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// What the story is called (the Stories view's label).
    pub title: String,
    pub articles: &'a [Article],
    pub alignment: &'a DropAlignment,
    /// `marks[article][paragraph]`, as the app marks them (`!` disputed, `◆` unique).
    pub marks: Vec<Vec<ParagraphMark>>,
    /// The Overview's fact rows, most serious first.
    pub facts: Vec<FactRow>,
}

impl<'a> Comparison<'a> {
    /// The comparison of `articles` (one story) as `alignment` aligned them.
    pub fn new(title: &str, articles: &'a [Article], alignment: &'a DropAlignment) -> Self {
        Comparison {
            title: title.trim().to_string(),
            articles,
            alignment,
            marks: alignment.paragraph_marks(articles),
            facts: alignment.fact_rows(articles.len()),
        }
    }

    /// The page's title: the story's label, else "Story".
    pub fn heading(&self) -> &str {
        if self.title.is_empty() {
            "Story"
        } else {
            &self.title
        }
    }

    /// The line under the title, the same in both formats (unescaped).
    pub fn summary(&self) -> String {
        format!(
            "{} articles from {} outlets · {} claims shared · {} facts disagree · similarity: {}",
            self.articles.len(),
            self.outlet_count(),
            self.claims().len(),
            self.facts.len(),
            self.alignment.similarity
        )
    }

    /// The comparison written in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Markdown => markdown::render(self),
            Format::Html => html::render(self),
        }
    }

    /// The quote lineups: statements rendered by two outlets or more (the Quotes view also
    /// lists quotes only one article has; a lineup compares).
    pub fn lineups(&self) -> impl Iterator<Item = &QuoteGroup> {
        self.alignment
            .quotes
            .iter()
            .filter(|q| q.variants.len() > 1)
    }

    /// The story's claims: paragraph groups, each with its member and `also` paragraphs.
    pub fn claims(&self) -> &[Group] {
        &self.alignment.groups
    }

    /// The paragraphs of article `a` that carry claim `g`, members first.
    pub fn claim_paragraphs(&self, g: &Group, a: usize) -> Vec<Member> {
        g.members
            .iter()
            .chain(&g.also)
            .filter(|m| m.article == a)
            .copied()
            .collect()
    }

    /// The paragraph `m`, if it is in the story.
    pub fn paragraph(&self, m: Member) -> Option<&Paragraph> {
        self.articles.get(m.article)?.paragraphs.get(m.paragraph)
    }

    /// Paragraph `m`'s mark (disputed, unique).
    pub fn mark(&self, m: Member) -> ParagraphMark {
        self.marks
            .get(m.article)
            .and_then(|v| v.get(m.paragraph))
            .copied()
            .unwrap_or_default()
    }

    /// The disagreements between paragraphs of claim `g`, most serious first.
    pub fn claim_disagreements(&self, g: &Group) -> Vec<&crate::align::DropDiscrepancy> {
        let mut out: Vec<_> = self
            .alignment
            .discrepancies
            .iter()
            .filter(|d| d.group == Some(g.id))
            .collect();
        out.sort_by_key(|d| d.severity);
        out
    }

    /// The snippets of paragraph `m` another outlet reports differently, as byte ranges into
    /// the paragraph's text with the severity of each, in text order and not overlapping.
    pub fn disputed_ranges(&self, m: Member) -> Vec<(std::ops::Range<usize>, Severity)> {
        let Some(p) = self.paragraph(m) else {
            return Vec::new();
        };
        let mut out: Vec<(std::ops::Range<usize>, Severity)> = Vec::new();
        for d in &self.alignment.discrepancies {
            for (who, span) in [(d.left, d.left_span), (d.right, d.right_span)] {
                if who != m {
                    continue;
                }
                // Spans index the source and `text == source[start..end]`.
                let (Some(s), Some(e)) = (
                    span.start.checked_sub(p.start),
                    span.end.checked_sub(p.start),
                ) else {
                    continue;
                };
                if s < e
                    && e <= p.text.len()
                    && p.text.is_char_boundary(s)
                    && p.text.is_char_boundary(e)
                {
                    out.push((s..e, d.severity));
                }
            }
        }
        out.sort_by_key(|(r, sev)| (r.start, *sev));
        let mut kept: Vec<(std::ops::Range<usize>, Severity)> = Vec::new();
        for (r, sev) in out {
            match kept.last_mut() {
                Some((last, last_sev)) if r.start < last.end => {
                    last.end = last.end.max(r.end);
                    *last_sev = (*last_sev).min(sev);
                }
                _ => kept.push((r, sev)),
            }
        }
        kept
    }

    /// The paragraphs only one outlet carries, by article.
    pub fn unique_by_article(&self) -> Vec<(usize, Vec<usize>)> {
        let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
        for m in &self.alignment.unique {
            match out.iter_mut().find(|(a, _)| *a == m.article) {
                Some((_, ps)) => ps.push(m.paragraph),
                None => out.push((m.article, vec![m.paragraph])),
            }
        }
        out.sort_by_key(|(a, _)| *a);
        out
    }

    /// How an article is named in column heads: [`Article::outlet_label`] among the story's.
    pub fn article_name(&self, a: usize) -> String {
        self.articles
            .get(a)
            .map(|art| art.outlet_label(self.articles))
            .unwrap_or_default()
    }

    /// The outlets of the story, each once.
    pub fn outlet_count(&self) -> usize {
        let mut names: Vec<String> = self.articles.iter().map(Article::outlet_name).collect();
        names.sort();
        names.dedup();
        names.len()
    }
}

/// The word a reader sees for a severity.
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Major => "major",
        Severity::Minor => "minor",
        Severity::Note => "spelled differently",
    }
}

/// A file name for an export of the story titled `title`: its first words, lower-case, in
/// ASCII letters and digits joined by `-` (`story` when none is left), and the extension.
pub fn file_name(title: &str, format: Format) -> String {
    let mut stem = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if stem.len() + word.len() > 60 {
            break;
        }
        if !stem.is_empty() {
            stem.push('-');
        }
        stem.push_str(&word.to_ascii_lowercase());
    }
    if stem.is_empty() {
        stem.push_str("story");
    }
    format!("{stem}.{}", format.extension())
}

/// Write the comparison into folder `dir` (created if missing) as Markdown and as HTML; the two
/// paths, the HTML page first.
pub fn write_both(dir: &Path, c: &Comparison) -> std::io::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir)?;
    let mut paths = [Format::Html, Format::Markdown].map(|f| (f, dir.join(file_name(&c.title, f))));
    for (format, path) in &mut paths {
        std::fs::write(&*path, c.render(*format))?;
    }
    let [(_, html), (_, md)] = paths;
    Ok((html, md))
}

/// The folder the app writes exports into: `exports/` in the data dir.
pub fn exports_dir() -> Option<PathBuf> {
    crate::similarity::semantic::locate::data_dir().map(|d| d.join("exports"))
}

/// Text on one line: line breaks and runs of spaces become one space.
fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_ascii_words_and_never_leave_the_folder() {
        assert_eq!(
            file_name("Kremlin: \"no progress\" — talks", Format::Html),
            "kremlin-no-progress-talks.html"
        );
        assert_eq!(
            file_name("../../etc/passwd", Format::Markdown),
            "etc-passwd.md"
        );
        assert_eq!(file_name("—", Format::Html), "story.html");
        assert!(file_name(&"word ".repeat(40), Format::Html).len() <= 66);
    }
}
