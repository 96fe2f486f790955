//! `parallax align PATH...`: the N-way alignment of a drop, scoped to its stories, as JSON (the
//! public contract, version 5: `{"version","articles","stories","groups","links","unique",
//! "new_sentences","quotes","discrepancies","similarity","group_link"}`) or a readable report grouped by claim
//! with the outlets that carry it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use serde::Serialize;

use super::diff::truncate;
use super::{
    check_similarity, emit, load_reporting, model_name, options, semantic_setup, warn_problems,
    width, ModelArgs, Paint, Width, EXIT_NOTHING_LOADED,
};
use crate::align::stories::align_stories;
use crate::align::DropAlignment;
use crate::article::Article;
use crate::ingest::LoadOptions;
use crate::triage::across_languages::drop_stories_across_languages;
use crate::triage::drop_stories::DropStory;

/// The version of the `align --json` contract: 2 added `stories` (and scoped everything else
/// to them), 3 change discrepancies outside pairs, 4 each link's `reuse` level, 5 the new
/// sentences inside shared paragraphs (`new_sentences`: article, paragraph, sentence).
const ALIGN_JSON_VERSION: u32 = 5;

/// The `align --json` document: the articles exactly as `show --json` prints them, the drop's
/// stories, then the alignment's fields at the top level (every index the drop's, nothing
/// joining two stories).
#[derive(Serialize)]
struct AlignReport<'a> {
    version: u32,
    /// The sentence-embedding model the run aligned with; `null` when lexical.
    model: Option<String>,
    articles: &'a [Article],
    stories: &'a [DropStory],
    #[serde(flatten)]
    alignment: &'a DropAlignment,
}

/// Run `align`; returns the process exit code.
pub fn run(paths: &[PathBuf], json: bool, model: &ModelArgs) -> i32 {
    let drop = load_reporting(paths, &LoadOptions::default());
    if drop.articles.is_empty() {
        eprintln!("parallax: error: no article could be loaded");
        return EXIT_NOTHING_LOADED;
    }
    let (setup, choice) = match semantic_setup(model, &drop.articles) {
        Ok(s) => s,
        Err(code) => return code,
    };
    super::progress::embed_first(&setup, &drop.articles);
    // Stories first: groups, links, quotes and discrepancies never join two events.
    let (stories, problem) = drop_stories_across_languages(&drop.articles, setup.semantic());
    if let Some(p) = problem {
        eprintln!("parallax: warning: {p}");
    }
    let members: Vec<Vec<usize>> = stories.iter().map(|s| s.articles.clone()).collect();
    let mut alignment = align_stories(&drop.articles, &members, &options(&setup));
    crate::align::reuse::fill_links(&drop.articles, &mut alignment);
    warn_problems(&setup);
    if let Err(code) = check_similarity(choice, &setup) {
        return code;
    }
    let report = AlignReport {
        version: ALIGN_JSON_VERSION,
        model: model_name(&setup),
        articles: &drop.articles,
        stories: &stories,
        alignment: &alignment,
    };
    emit(json, &report, || {
        stories_line(&stories)
            + &readable(
                &drop.articles,
                &stories,
                &alignment,
                width(),
                Paint::detect(),
            )
    })
}

/// One line naming the stories, when there are several (claims below never cross them).
fn stories_line(stories: &[DropStory]) -> String {
    if stories.len() < 2 {
        return String::new();
    }
    let mut out = format!("{} stories:\n", stories.len());
    for s in stories {
        let _ = writeln!(
            out,
            "  {:>3}. {} ({} articles)",
            s.id,
            s.label,
            s.articles.len()
        );
    }
    out + "\n"
}

/// The coverage matrix as a table: one row per outlet, one column per claim (on a terminal as
/// many as fit, else all), `●` where the outlet carries the claim.
fn coverage_table(names: &[String], a: &DropAlignment, width: Width, paint: Paint) -> String {
    let mut out = String::new();
    if a.groups.is_empty() {
        return out;
    }
    let label = names
        .iter()
        .map(|n| n.chars().count().min(24))
        .max()
        .unwrap_or(0)
        + 2;
    let fit = if width.cut {
        (width.cols.saturating_sub(label) / 3).min(a.groups.len())
    } else {
        a.groups.len()
    };
    let cov = a.coverage(names.len());
    let _ = write!(out, "{}", " ".repeat(label));
    for g in &a.groups[..fit] {
        let _ = write!(out, "{:>3}", g.id + 1);
    }
    let _ = writeln!(out, "{}", if fit < a.groups.len() { " …" } else { "" });
    for (k, n) in names.iter().enumerate() {
        let name = if width.cut {
            truncate(n, 24)
        } else {
            n.clone()
        };
        let pad = label.saturating_sub(unicode_width::UnicodeWidthStr::width(name.as_str()));
        let _ = write!(out, "{}{}", paint.dim(&name), " ".repeat(pad));
        for g in &a.groups[..fit] {
            let cell = if cov[k][g.id] {
                paint.green("  ●")
            } else {
                paint.dim("  ·")
            };
            out.push_str(&cell);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out);
    out
}

/// The outlets of the articles `members`, each once, in order of first appearance.
fn distinct(names: &[String], members: impl IntoIterator<Item = usize>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for a in members {
        if let Some(n) = names.get(a).map(String::as_str) {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

/// The readable report: claims (groups) with their outlets, unique content per outlet, quote
/// lineups, discrepancies. Paragraphs are numbered from 1, as the app numbers them (the JSON
/// indexes from 0). Claim and unique-paragraph previews are cut to a terminal's width; quotes
/// and discrepancies never are, and nothing is when stdout is not a terminal.
pub fn readable(
    articles: &[Article],
    stories: &[DropStory],
    a: &DropAlignment,
    width: Width,
    paint: Paint,
) -> String {
    let mut out = String::new();
    let names: Vec<String> = articles.iter().map(|x| x.outlet_label(articles)).collect();
    // A claim's outlets are counted against the outlets of its story (claims never cross two).
    let story_outlets = |article: usize| -> usize {
        stories
            .iter()
            .find(|s| s.articles.contains(&article))
            .map_or_else(
                || distinct(&names, 0..articles.len()).len(),
                |s| distinct(&names, s.articles.iter().copied()).len(),
            )
    };
    let text = |article: usize, paragraph: usize| -> &str {
        articles
            .get(article)
            .and_then(|x| x.paragraphs.get(paragraph))
            .map_or("", |p| p.text.as_str())
    };
    let sentence = |article: usize, paragraph: usize, sentence: usize| -> &str {
        articles
            .get(article)
            .and_then(|x| x.paragraphs.get(paragraph)?.sentences.get(sentence))
            .map_or("", |s| s.text.as_str())
    };
    let _ = writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "{} articles · {} claims shared · {} unique paragraphs · similarity: {}",
            articles.len(),
            a.groups.len(),
            a.unique.len(),
            a.similarity
        ))
    );
    let _ = writeln!(out);
    out.push_str(&coverage_table(&names, a, width, paint));
    // One line per entry: paragraphs with line breaks (front matter, lists) are flattened, and
    // previews cut to a terminal's width.
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = |s: &str, indent: usize| {
        if width.cut {
            truncate(&flat(s), width.cols.saturating_sub(indent))
        } else {
            flat(s)
        }
    };
    for g in &a.groups {
        let outlets = distinct(&names, g.members.iter().chain(&g.also).map(|m| m.article));
        let of = g
            .members
            .first()
            .map_or(articles.len(), |m| story_outlets(m.article));
        let _ = writeln!(
            out,
            "{} {}",
            paint.cyan(&paint.bold(&format!(
                "Claim {} · {}/{} outlets · {:.2}",
                g.id + 1,
                outlets.len(),
                of.max(outlets.len()),
                g.score
            ))),
            paint.dim(&outlets.join(", "))
        );
        let also = g.also.iter().map(|m| (m, "also "));
        for (m, tag) in g.members.iter().map(|m| (m, "")).chain(also) {
            let label = format!("  {tag}{} ¶{}: ", names[m.article], m.paragraph + 1);
            let w = unicode_width::UnicodeWidthStr::width(label.as_str());
            let _ = writeln!(
                out,
                "{}{}",
                paint.dim(&label),
                line(text(m.article, m.paragraph), w)
            );
        }
        let _ = writeln!(out);
    }
    // (paragraph, sentence): a whole paragraph has no sentence.
    let mut unique: BTreeMap<usize, Vec<(usize, Option<usize>)>> = BTreeMap::new();
    for m in &a.unique {
        unique
            .entry(m.article)
            .or_default()
            .push((m.paragraph, None));
    }
    for s in &a.new_sentences {
        let e = unique.entry(s.article).or_default();
        e.push((s.paragraph, Some(s.sentence)));
    }
    for (art, mut ps) in unique {
        ps.sort_unstable();
        let sentences = ps.iter().filter(|p| p.1.is_some()).count();
        let _ = writeln!(
            out,
            "{}",
            paint.bold(&format!(
                "Only in {} ({} paragraphs, {} new sentences in shared ones)",
                names[art],
                ps.len() - sentences,
                sentences
            ))
        );
        for (p, s) in ps {
            let (label, body) = match s {
                None => (format!("  ¶{}: ", p + 1), text(art, p)),
                Some(s) => (format!("  ¶{}.{}: ", p + 1, s + 1), sentence(art, p, s)),
            };
            let _ = writeln!(out, "{}{}", paint.dim(&label), line(body, label.len()));
        }
        let _ = writeln!(out);
    }
    let lineups: Vec<_> = a.quotes.iter().filter(|q| q.variants.len() > 1).collect();
    if !lineups.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(&paint.yellow("Quote lineups")));
        for q in lineups {
            let _ = writeln!(
                out,
                "  {}",
                paint.bold(q.speaker.as_deref().unwrap_or("(unattributed)"))
            );
            for v in &q.variants {
                let label = format!(
                    "    {} {}{}{}: ",
                    names[v.article],
                    v.verb.as_deref().unwrap_or("—"),
                    if v.indirect { " (indirect)" } else { "" },
                    q.language_mark(v)
                        .map(|l| format!(" [{l}]"))
                        .unwrap_or_default()
                );
                let flags = if v.flags.is_empty() {
                    String::new()
                } else {
                    format!("  [{}]", v.flags.join(", "))
                };
                let body = format!("“{}”", flat(&v.text));
                let _ = writeln!(out, "{}{}{}", paint.dim(&label), body, paint.red(&flags));
            }
        }
        let _ = writeln!(out);
    }
    if !a.discrepancies.is_empty() {
        let _ = writeln!(out, "{}", paint.bold(&paint.yellow("Discrepancies")));
        for d in &a.discrepancies {
            let s = format!(
                "  {:<7} {} ¶{} “{}”  ≠  {} ¶{} “{}”",
                d.kind.name(),
                names[d.left.article],
                d.left.paragraph + 1,
                flat(&d.left_text),
                names[d.right.article],
                d.right.paragraph + 1,
                flat(&d.right_text)
            );
            let _ = writeln!(out, "{s}");
        }
    }
    out
}
