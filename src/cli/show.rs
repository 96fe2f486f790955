//! `parallax show`: parsed, cleaned articles as JSON or as readable text.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{emit, load_reporting, Paint, EXIT_NOTHING_LOADED};
use crate::article::{Article, ParagraphKind};
use crate::ingest::LoadOptions;

/// Run `show`; returns the process exit code.
pub fn run(paths: &[PathBuf], json: bool, raw: bool) -> i32 {
    let drop = load_reporting(paths, &LoadOptions { raw });
    if drop.articles.is_empty() {
        eprintln!("parallax: error: no article could be loaded");
        return EXIT_NOTHING_LOADED;
    }
    emit(json, &drop.articles, || {
        let paint = Paint::detect();
        drop.articles
            .iter()
            .map(|a| readable(a, paint))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// An article as readable text: header, then the story, then what cleaning removed.
pub fn readable(a: &Article, paint: Paint) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        paint.bold(a.title.as_deref().unwrap_or("(untitled)"))
    );
    let meta: Vec<String> = [
        a.outlet.as_deref(),
        a.author.as_deref(),
        a.date.as_deref(),
        a.url.as_deref(),
        a.language.as_deref(),
    ]
    .iter()
    .flatten()
    .map(|x| x.to_string())
    .collect();
    let _ = writeln!(
        s,
        "{}",
        paint.dim(&format!(
            "{}  [{}]  {}",
            meta.join(" · "),
            a.format.as_str(),
            a.path
        ))
    );
    let _ = writeln!(s);
    for p in &a.paragraphs {
        match p.kind {
            ParagraphKind::Heading => {
                let _ = writeln!(s, "{}\n", paint.cyan(&paint.bold(&p.text)));
            }
            ParagraphKind::ListItem => {
                let _ = writeln!(s, "  • {}\n", p.text);
            }
            ParagraphKind::Paragraph => {
                let _ = writeln!(s, "{}\n", p.text);
            }
        }
    }
    if !a.removed.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            paint.dim(&format!("removed ({}):", a.removed.len()))
        );
        for r in &a.removed {
            let _ = writeln!(
                s,
                "{}",
                paint.dim(&format!("  [{}] {}", r.reason.as_str(), r.text))
            );
        }
    }
    s
}
