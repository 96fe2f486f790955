//! Search across all articles of every story: the prompt, the hits (paragraphs containing the
//! query, case folded, in the whole drop's indices), and stepping through them in Compare,
//! showing each hit's story first when it is another.

use crate::align::Member;

use super::super::action::PromptEdit;
use super::super::app::App;
use super::super::jobs::Job;
use super::stories::goto_anywhere;

pub fn prompt(app: &mut App, edit: PromptEdit) -> Vec<Job> {
    let Some(text) = app.search.prompt.as_mut() else {
        return Vec::new();
    };
    match edit {
        PromptEdit::Insert(c) => text.push(c),
        PromptEdit::Backspace => {
            text.pop();
        }
        PromptEdit::Cancel => app.search.prompt = None,
        PromptEdit::Submit => {
            let query = app.search.prompt.take().unwrap_or_default();
            return run(app, query.trim());
        }
    }
    Vec::new()
}

/// Find `query` in every paragraph and jump to the first hit.
pub fn run(app: &mut App, query: &str) -> Vec<Job> {
    app.search.query = query.to_string();
    app.search.current = None;
    app.search.hits = hits(app, query);
    if app.search.hits.is_empty() {
        if !query.is_empty() {
            app.ui.message = Some(format!("no match for “{query}”"));
        }
        return Vec::new();
    }
    jump(app, 0)
}

/// Go to hit `i` and say where it is: which of how many, and in which story when the drop
/// holds many.
fn jump(app: &mut App, i: usize) -> Vec<Job> {
    app.search.current = Some(i);
    let hit = app.search.hits[i];
    let jobs = goto_anywhere(app, hit);
    let mut msg = format!(
        "{} of {} paragraphs match “{}”",
        i + 1,
        app.search.hits.len(),
        app.search.query
    );
    if app.stories.many() {
        if let Some(s) = app.stories.shown_story() {
            msg.push_str(&format!(" · story {}: {}", s.id, s.label));
        }
    }
    app.ui.message = Some(msg);
    jobs
}

/// Paragraphs containing `query`, ignoring case, in drop order, in every story.
pub fn hits(app: &App, query: &str) -> Vec<Member> {
    if query.is_empty() {
        return Vec::new();
    }
    let q = query.to_lowercase();
    let mut out = Vec::new();
    for (a, art) in app.stories.all.articles.iter().enumerate() {
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
pub fn step(app: &mut App, forward: bool) -> Vec<Job> {
    let n = app.search.hits.len();
    if n == 0 {
        app.ui.message = Some("no search: press / to search".into());
        return Vec::new();
    }
    let cur = app.search.current.unwrap_or(0);
    let next = if forward {
        (cur + 1) % n
    } else {
        (cur + n - 1) % n
    };
    jump(app, next)
}
