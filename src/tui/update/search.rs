//! Search across all articles: the prompt, the hits (paragraphs containing the query, case
//! folded), and stepping through them in Compare.

use crate::align::Member;

use super::super::action::PromptEdit;
use super::super::app::App;
use super::goto;

pub fn prompt(app: &mut App, edit: PromptEdit) {
    let Some(text) = app.search.prompt.as_mut() else {
        return;
    };
    match edit {
        PromptEdit::Insert(c) => text.push(c),
        PromptEdit::Backspace => {
            text.pop();
        }
        PromptEdit::Cancel => app.search.prompt = None,
        PromptEdit::Submit => {
            let query = app.search.prompt.take().unwrap_or_default();
            run(app, query.trim());
        }
    }
}

/// Find `query` in every paragraph and jump to the first hit.
pub fn run(app: &mut App, query: &str) {
    app.search.query = query.to_string();
    app.search.current = None;
    app.search.hits = hits(app, query);
    if app.search.hits.is_empty() {
        if !query.is_empty() {
            app.ui.message = Some(format!("no match for “{query}”"));
        }
        return;
    }
    app.search.current = Some(0);
    app.ui.message = Some(format!(
        "1 of {} paragraphs match “{query}”",
        app.search.hits.len()
    ));
    goto(app, app.search.hits[0]);
}

/// Paragraphs containing `query`, ignoring case, in drop order.
pub fn hits(app: &App, query: &str) -> Vec<Member> {
    if query.is_empty() {
        return Vec::new();
    }
    let q = query.to_lowercase();
    let mut out = Vec::new();
    for (a, art) in app.drop.drop.articles.iter().enumerate() {
        for (p, para) in art.paragraphs.iter().enumerate() {
            if para.text.to_lowercase().contains(&q) {
                out.push(Member {
                    article: a,
                    paragraph: p,
                });
            }
        }
    }
    out
}

/// Next (or previous) hit, wrapping around.
pub fn step(app: &mut App, forward: bool) {
    let n = app.search.hits.len();
    if n == 0 {
        app.ui.message = Some("no search: press / to search".into());
        return;
    }
    let cur = app.search.current.unwrap_or(0);
    let next = if forward {
        (cur + 1) % n
    } else {
        (cur + n - 1) % n
    };
    app.search.current = Some(next);
    app.ui.message = Some(format!(
        "{} of {} paragraphs match “{}”",
        next + 1,
        n,
        app.search.query
    ));
    goto(app, app.search.hits[next]);
}
