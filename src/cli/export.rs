//! `parallax export PATH... [--story ID] [--format md|html] [--out FILE]`: one story's
//! comparison (fact rows, quote lineups, aligned paragraphs side by side, disagreements by
//! severity) as Markdown or one self-contained HTML page, to stdout or a file. Story ids are
//! triage's when the drop folder has a triage state (as `parallax triage` and the app's Stories
//! view show them), else numbered as `parallax align` numbers them.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{
    check_similarity, exit_for, load_reporting, options, print, semantic_setup, warn_problems,
    ModelArgs,
};
use super::{EXIT_FAILURE, EXIT_NOTHING_LOADED, EXIT_OK, EXIT_USAGE};
use crate::align::align_drop_with;
use crate::article::Article;
use crate::export::{Comparison, Format};
use crate::ingest::LoadOptions;
use crate::triage::drop_stories::{drop_stories, report_stories, DropStory};
use crate::triage::{self, Store};

/// What to export and where.
#[derive(Debug, Clone)]
pub struct ExportArgs<'a> {
    pub paths: &'a [PathBuf],
    /// The story's id; `None`: the drop, when it is one story.
    pub story: Option<usize>,
    pub format: Format,
    /// The file to write; `None`: stdout.
    pub out: Option<&'a Path>,
    pub model: &'a ModelArgs,
    /// The triage state whose story ids to use (default: the folder's, if it has one).
    pub state: Option<&'a Path>,
}

/// Run `export`; returns the process exit code.
pub fn run(args: &ExportArgs) -> i32 {
    let drop = load_reporting(args.paths, &LoadOptions::default());
    if drop.articles.is_empty() {
        eprintln!("parallax: error: no article could be loaded");
        return EXIT_NOTHING_LOADED;
    }
    let stories = stories_of(args.paths, &drop.articles, args.state);
    let story = match pick(&stories, args.story) {
        Ok(s) => s,
        Err(message) => {
            eprint!("parallax: error: {message}");
            return EXIT_USAGE;
        }
    };
    let articles: Vec<Article> = story
        .articles
        .iter()
        .filter_map(|&a| drop.articles.get(a).cloned())
        .collect();
    let (setup, choice) = match semantic_setup(args.model, &articles) {
        Ok(s) => s,
        Err(code) => return code,
    };
    super::progress::embed_first(&setup, &articles);
    let alignment = align_drop_with(&articles, &options(&setup));
    warn_problems(&setup);
    if let Err(code) = check_similarity(choice, &setup) {
        return code;
    }
    let text = Comparison::new(&story.label, &articles, &alignment).render(args.format);
    match args.out {
        None => exit_for(print(&text)),
        Some(path) => match std::fs::write(path, text) {
            Ok(()) => EXIT_OK,
            Err(e) => {
                eprintln!(
                    "parallax: error: {}: cannot write the export: {e}",
                    path.display()
                );
                EXIT_FAILURE
            }
        },
    }
}

/// The drop's stories with triage's ids when its folder has a triage state that places every
/// article, else clustered afresh (a state that cannot be read is reported, then clustered).
fn stories_of(paths: &[PathBuf], articles: &[Article], state: Option<&Path>) -> Vec<DropStory> {
    let from_triage = || -> anyhow::Result<Option<Vec<DropStory>>> {
        let Some((dir, _)) = triage::drop_folder(paths) else {
            return Ok(None);
        };
        let path = match state {
            Some(p) => p.to_path_buf(),
            None => triage::store::default_state_path(&dir)?,
        };
        if !path.exists() {
            return Ok(None);
        }
        let mut store = Store::open(&dir, Some(&path))?;
        let report = triage::scan(&mut store)?;
        Ok(report_stories(&report, articles))
    };
    match from_triage() {
        Ok(Some(stories)) => stories,
        Ok(None) => drop_stories(articles),
        Err(e) => {
            eprintln!("parallax: warning: story ids from the triage state: {e:#}");
            drop_stories(articles)
        }
    }
}

/// The story `id` names, or the only one; else what to tell the reader (the stories to pick).
fn pick(stories: &[DropStory], id: Option<usize>) -> Result<&DropStory, String> {
    let found = match id {
        Some(id) => stories.iter().find(|s| s.id == id),
        None if stories.len() == 1 => stories.first(),
        None => None,
    };
    if let Some(s) = found {
        return Ok(s);
    }
    let mut msg = match id {
        Some(id) => format!("no story {id} in this drop; its stories are:\n"),
        None => format!(
            "the drop holds {} stories: name one with --story ID:\n",
            stories.len()
        ),
    };
    for s in stories {
        let _ = writeln!(
            msg,
            "  {:>3}. {} ({} articles)",
            s.id,
            s.label,
            s.articles.len()
        );
    }
    Err(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(id: usize) -> DropStory {
        DropStory {
            id,
            label: format!("story {id}"),
            articles: vec![id],
        }
    }

    #[test]
    fn a_story_is_picked_by_id_or_alone_and_a_wrong_id_lists_the_stories() {
        let two = [story(3), story(7)];
        assert_eq!(pick(&two, Some(7)).unwrap().id, 7);
        let e = pick(&two, Some(4)).unwrap_err();
        assert!(
            e.starts_with("no story 4") && e.contains("  7. story 7"),
            "{e}"
        );
        let e = pick(&two, None).unwrap_err();
        assert!(e.contains("--story") && e.contains("  3. story 3"), "{e}");
        assert_eq!(pick(&two[..1], None).unwrap().id, 3);
    }
}
