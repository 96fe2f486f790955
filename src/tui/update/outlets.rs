//! Naming an outlet in the app (`R` in Sources and Compare): a prompt for the cursor article's
//! outlet; the name shows at once in every view and is saved in the drop's state by the triage
//! worker (never in the folder). Names arrive with each triage scan and are laid over every load.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ingest::Drop;

use super::super::action::PromptEdit;
use super::super::app::{App, Rename, View};
use super::super::jobs::Job;
use super::super::worker::TriageJob;

/// Open the prompt for the cursor article of Sources or Compare, with its outlet to edit.
pub fn start(app: &mut App) {
    let a = match app.view {
        View::Sources => app.sources.cursor,
        View::Compare => app.compare.focus,
        _ => {
            app.ui.message = Some("rename an outlet in Sources or Compare".into());
            return;
        }
    };
    let Some(art) = app.drop.drop.articles.get(a) else {
        app.ui.message = Some("no article to rename".into());
        return;
    };
    app.ui.rename = Some(Rename {
        path: art.path.clone(),
        text: art.outlet_name(),
    });
}

pub fn prompt(app: &mut App, edit: PromptEdit) -> Vec<Job> {
    let Some(r) = app.ui.rename.as_mut() else {
        return Vec::new();
    };
    match edit {
        PromptEdit::Insert(c) => r.text.push(c),
        PromptEdit::Backspace => {
            r.text.pop();
        }
        PromptEdit::Cancel => app.ui.rename = None,
        PromptEdit::Submit => {
            let Rename { path, text } = app.ui.rename.take().unwrap_or_default();
            return submit(app, path, text.trim().to_string());
        }
    }
    Vec::new()
}

/// Keep the name for this session at once and ask the worker to save it.
fn submit(app: &mut App, path: String, outlet: String) -> Vec<Job> {
    if outlet.is_empty() {
        app.triage.outlet_names.remove(&path);
        app.ui.message = Some("outlet name forgotten (shown again after a reload)".into());
    } else {
        app.triage.outlet_names.insert(path.clone(), outlet.clone());
        app.ui.message = Some(format!("outlet named {outlet}"));
    }
    rename_shown(app);
    vec![Job::Triage(TriageJob::SetOutletName { path, outlet })]
}

/// Lay the names given over the drop and the story shown.
pub fn rename_shown(app: &mut App) {
    let names = app.triage.outlet_names.clone();
    app.stories.all = named(&names, app.stories.all.clone());
    app.drop.drop = named(&names, app.drop.drop.clone());
}

/// `drop` with the outlets `names` gives (by article path) over its own; the same `Arc` when
/// no name applies.
pub fn named(names: &BTreeMap<String, String>, mut drop: Arc<Drop>) -> Arc<Drop> {
    let differs = |d: &Drop| {
        d.articles.iter().any(|a| {
            names
                .get(&a.path)
                .is_some_and(|n| a.outlet.as_deref() != Some(n))
        })
    };
    if !differs(&drop) {
        return drop;
    }
    for a in &mut Arc::make_mut(&mut drop).articles {
        if let Some(n) = names.get(&a.path) {
            a.outlet = Some(n.clone());
        }
    }
    drop
}
