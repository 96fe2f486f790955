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
}

fn main() {
    let args = Args::parse();
    let code = match args.command {
        Some(Command::Show { paths, json, raw }) => cli::show::run(&paths, json, raw),
        None => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths
            };
            match parallax::tui::run(&paths) {
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
