//! Sharing beyond the clipboard: `o` opens the cursor article's web address in the reader's
//! browser, `E` writes the story shown as an HTML page and a Markdown file into the data dir's
//! `exports/` (never into the article folder). Both run as jobs off the UI thread; the status
//! bar says what happened.

use std::sync::Arc;

use super::super::app::{App, View};
use super::super::jobs::Job;
use super::lists::{overview_target, quote_rows};

/// Open the cursor article's `url`, or say why not.
pub fn open_url(app: &mut App) -> Option<Job> {
    let Some(a) = cursor_article(app) else {
        app.ui.message = Some("no article under the cursor".into());
        return None;
    };
    let art = app.drop.drop.articles.get(a)?;
    match art.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => {
            app.ui.message = Some(format!("opening {url}…"));
            Some(Job::OpenUrl(url.to_string()))
        }
        None => {
            app.ui.message = Some(format!(
                "{} has no web address (its file gives no url)",
                art.outlet_name()
            ));
            None
        }
    }
}

/// The article the cursor is on in the current view.
fn cursor_article(app: &App) -> Option<usize> {
    let n = app.drop.len();
    let a = match app.view {
        View::Compare => app.compare.focus,
        View::Sources => app.sources.cursor,
        View::Diff => app.diff.pair?.0,
        View::Overview => overview_target(app, app.overview.cursor)?.article,
        View::Quotes => {
            let (g, v) = *quote_rows(app).get(app.quotes.cursor)?;
            app.drop
                .alignment
                .as_ref()?
                .quotes
                .get(g)?
                .variants
                .get(v)?
                .article
        }
        View::Stories | View::Triage => return None,
    };
    (a < n).then_some(a)
}

/// Write the story shown into the exports folder, or say why not.
pub fn export(app: &mut App) -> Option<Job> {
    let Some(alignment) = app.drop.alignment.clone() else {
        app.ui.message = Some("nothing to export yet: the story is still being aligned".into());
        return None;
    };
    let Some(dir) = crate::export::exports_dir() else {
        app.ui.message = Some("cannot export: no data folder (set PARALLAX_DATA_DIR)".into());
        return None;
    };
    let title = app
        .stories
        .shown_story()
        .map(|s| s.label.clone())
        .or_else(|| app.drop.drop.articles.first()?.title.clone())
        .unwrap_or_else(|| "story".into());
    app.ui.message = Some("exporting the story…".into());
    Some(Job::Export {
        title,
        drop: Arc::clone(&app.drop.drop),
        alignment,
        dir,
    })
}
