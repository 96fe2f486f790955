//! The article builder: an extracted file becomes an [`Article`]. Its lines are grouped into
//! blocks, each line judged by cleaning (kept, or removed with its reason), the kept runs cut
//! into paragraphs and sentences and folded for matching, and the metadata completed from what
//! cleaning read (byline outlet and author, a date line) and the file name.

use crate::article::{Article, Paragraph, RemovalReason, Removed, Sentence};
use crate::clean;
use crate::dates;
use crate::normalise::normalise;
use crate::segment;

use super::{Extracted, Meta};

/// A line's span in the body: start and end byte offsets.
type Span = (usize, usize);

/// Turn an extracted file into an article: title, cleaning, segmentation, normalisation.
/// `raw` keeps every block in the story (cleaning off).
pub(super) fn build_article(path: &str, ex: Extracted, raw: bool) -> Article {
    let Extracted {
        format,
        body,
        story_start,
        mut meta,
        warnings,
    } = ex;
    let groups = story_groups(&body, story_start);
    let title_line = headline_line(&body, &groups, &meta);
    if let Some((s, e)) = title_line {
        meta.title = Some(body[s..e].trim().to_string());
    }
    let sorted = if raw {
        Sorted::all_kept(&body, &groups)
    } else {
        Sorted::cleaned(&body, &groups, title_line.is_some(), &meta)
    };
    let paragraphs: Vec<Paragraph> = segment::blocks_from_groups(&body, &sorted.kept)
        .into_iter()
        .map(|b| paragraph(&body, b))
        .collect();
    let date = publication_date(&meta, sorted.date_text.as_deref());
    let Meta {
        title,
        outlet,
        author,
        url,
        ..
    } = meta;
    Article {
        path: path.to_string(),
        format,
        title,
        outlet: outlet.or(sorted.byline_outlet).or_else(|| file_stem(path)),
        author: author.or(sorted.byline_author),
        date,
        url,
        language: crate::language::detect(&paragraphs),
        paragraphs,
        removed: sorted.removed,
        warnings,
        source: body,
    }
}

/// The body's blocks of lines from where the story starts (after front matter).
fn story_groups(body: &str, story_start: usize) -> Vec<Vec<Span>> {
    segment::line_groups(body)
        .into_iter()
        .map(|g| {
            g.into_iter()
                .filter(|l| l.0 >= story_start)
                .collect::<Vec<_>>()
        })
        .filter(|g| !g.is_empty())
        .collect()
}

/// A plain first line is the headline when the file has no title of its own.
fn headline_line(body: &str, groups: &[Vec<Span>], meta: &Meta) -> Option<Span> {
    if meta.title.is_some() || groups.len() < 2 {
        return None;
    }
    groups
        .first()
        .filter(|g| g.len() == 1)
        .map(|g| g[0])
        .filter(|&(s, e)| clean::is_title_line(body[s..e].trim()))
}

/// The publication date: the file's own, else the first date line's.
fn publication_date(meta: &Meta, date_line: Option<&str>) -> Option<String> {
    meta.date
        .as_deref()
        .and_then(dates::iso_date)
        .or_else(|| date_line.and_then(dates::iso_date))
}

/// The outlet of last resort: the file name without its extension.
fn file_stem(path: &str) -> Option<String> {
    std::path::Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
}

/// The story's lines sorted into kept runs and removed pieces, with what the removed ones said.
#[derive(Default)]
struct Sorted {
    /// Runs of consecutive kept lines (trimmed spans); each run becomes paragraphs.
    kept: Vec<Vec<Span>>,
    /// Every removed piece, in body order.
    removed: Vec<Removed>,
    /// The outlet and author the first bylines name.
    byline_outlet: Option<String>,
    byline_author: Option<String>,
    /// The first date line, for when the file itself gives no date.
    date_text: Option<String>,
}

impl Sorted {
    /// Cleaning off: every line kept, in its block.
    fn all_kept(body: &str, groups: &[Vec<Span>]) -> Sorted {
        let kept = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|&(s, e)| segment::trim_span(body, s, e))
                    .collect()
            })
            .collect();
        Sorted {
            kept,
            ..Default::default()
        }
    }

    /// Every line judged by cleaning; `title_line`: the first line is the headline.
    fn cleaned(body: &str, groups: &[Vec<Span>], title_line: bool, meta: &Meta) -> Sorted {
        let (title, outlet) = (meta.title.as_deref(), meta.outlet.as_deref());
        let (title, outlet) = (title.map(normalise), outlet.map(normalise));
        let mut sorted = Sorted::default();
        let mut previous: Option<RemovalReason> = None;
        for (gi, group) in groups.iter().enumerate() {
            let mut run = Vec::new();
            for (li, &(s, e)) in group.iter().enumerate() {
                let (s, e) = segment::trim_span(body, s, e);
                let line = &body[s..e];
                previous = if gi == 0 && li == 0 && title_line {
                    Some(RemovalReason::Title)
                } else {
                    let (t, o) = (title.as_deref(), outlet.as_deref());
                    clean::line_reason(line, t, o, previous, group.len())
                };
                match previous {
                    Some(reason) => {
                        sorted.remove(body, (s, e), reason);
                        if !run.is_empty() {
                            sorted.kept.push(std::mem::take(&mut run));
                        }
                    }
                    // Only a run's first line can start with a date glued to the story.
                    None if run.is_empty() => run.push((sorted.cut_glued_date(body, s, e), e)),
                    None => run.push((s, e)),
                }
            }
            if !run.is_empty() {
                sorted.kept.push(run);
            }
        }
        sorted.remove_byline_repeats(body);
        sorted.removed.sort_by_key(|r| (r.start, r.end));
        sorted
    }

    /// Take `span` out of the story for `reason`, noting the date or names it gives.
    fn remove(&mut self, body: &str, (start, end): Span, reason: RemovalReason) {
        let line = &body[start..end];
        match reason {
            RemovalReason::DateLine if self.date_text.is_none() => {
                self.date_text = Some(line.to_string())
            }
            RemovalReason::Byline => {
                let (outlet, author) = clean::byline_parts(line);
                self.byline_outlet = self.byline_outlet.take().or(outlet);
                self.byline_author = self.byline_author.take().or(author);
            }
            _ => {}
        }
        self.push_removed(body, (start, end), reason);
    }

    fn push_removed(&mut self, body: &str, (start, end): Span, reason: RemovalReason) {
        self.removed.push(Removed {
            text: body[start..end].to_string(),
            reason,
            start,
            end,
        });
    }

    /// Remove a date glued in front of the kept line `s..e` (" date 2025-12-03 Yuri Ushakov,
    /// ..."); returns where the story starts.
    fn cut_glued_date(&mut self, body: &str, s: usize, e: usize) -> usize {
        let (story, prefix) = clean::glued_date_prefix(body, s, e);
        if let Some(span) = prefix {
            self.remove(body, span, RemovalReason::DateLine);
        }
        story
    }

    /// A kept line that repeats a byline's outlet ("RksNews" above "RksNews 4 Min Read") is a
    /// byline too.
    fn remove_byline_repeats(&mut self, body: &str) {
        let Some(outlet) = self.byline_outlet.as_deref().map(normalise) else {
            return;
        };
        let mut repeats = Vec::new();
        self.kept.retain(|run| {
            let repeat = matches!(run[..], [(s, e)] if normalise(&body[s..e]) == outlet);
            if repeat {
                repeats.push(run[0]);
            }
            !repeat
        });
        for span in repeats {
            self.push_removed(body, span, RemovalReason::Byline);
        }
    }
}

/// One block as a paragraph: its sentences, and both folded for matching.
fn paragraph(body: &str, b: segment::Block) -> Paragraph {
    let sentences = segment::sentences(body, b.start, b.end)
        .into_iter()
        .map(|(s, e)| Sentence {
            text: body[s..e].to_string(),
            start: s,
            end: e,
            norm: normalise(&body[s..e]),
        })
        .collect::<Vec<Sentence>>();
    // Sentences cover every non-blank character of the paragraph and normalising collapses the
    // whitespace between them, so the paragraph's folded form is theirs joined by one space
    // (none where a stop is glued to the next sentence, "team.Ukrainian").
    let mut norm = String::with_capacity(b.end - b.start);
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 && sentences[i - 1].end < s.start {
            norm.push(' ');
        }
        norm.push_str(&s.norm);
    }
    Paragraph {
        kind: b.kind,
        text: body[b.start..b.end].to_string(),
        start: b.start,
        end: b.end,
        sentences,
        norm,
    }
}
