//! Copying what the cursor is on, with its source, for a reader to paste into a note or a
//! message: the paragraph in Compare, the quote in Quotes, both sides of a discrepancy in the
//! Overview, the title in Sources. The citation format is the library's (`Article::cite`); the
//! event loop puts the text on the terminal's clipboard.

use super::super::app::{App, View};
use super::lists::quote_rows;

pub fn yank(app: &mut App) {
    let Some(text) = what_to_copy(app) else {
        app.ui.message = Some("nothing to copy here".into());
        return;
    };
    let first = text.lines().next().unwrap_or_default();
    let shown: String = first.chars().take(60).collect();
    let more = if shown.len() < text.len() { "…" } else { "" };
    app.ui.message = Some(format!("copied {shown}{more}"));
    app.ui.clipboard = Some(text);
}

fn what_to_copy(app: &App) -> Option<String> {
    let articles = &app.drop.drop.articles;
    match app.view {
        View::Compare => {
            let a = app.compare.focus;
            let p = *app.compare.cursor.get(a)?;
            let art = articles.get(a)?;
            Some(art.cite(&art.paragraphs.get(p)?.text))
        }
        View::Quotes => {
            let (g, v) = *quote_rows(app).get(app.quotes.cursor)?;
            let al = app.drop.alignment.as_ref()?;
            let q = al.quotes.get(g)?.variants.get(v)?;
            let art = articles.get(q.article)?;
            let cited = art.cite(&q.text);
            Some(match q.speaker.as_deref() {
                Some(who) => format!("{who}, in {cited}"),
                None => cited,
            })
        }
        View::Overview => {
            let i = app.overview.cursor.checked_sub(app.drop.len())?;
            let d = app.drop.alignment.as_ref()?.discrepancies.get(i)?;
            let side =
                |m: crate::align::Member, text: &str| Some(articles.get(m.article)?.cite(text));
            Some(format!(
                "{}\nvs\n{}",
                side(d.left, &d.left_text)?,
                side(d.right, &d.right_text)?
            ))
        }
        View::Sources => {
            let art = articles.get(app.sources.cursor)?;
            Some(art.cite(art.title.as_deref().unwrap_or_default()))
        }
        View::Stories | View::Diff | View::Triage => None,
    }
}
