//! The headless front: `parallax show | diff | align | triage | export`. Each command is a thin layer that
//! calls the library and prints JSON (the public contracts, see README) or a readable report.

pub mod align;
pub mod diff;
pub mod export;
pub mod model;
mod progress;
pub mod show;
pub mod triage;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use serde::Serialize;

use crate::align::AlignOptions;
use crate::article::Article;
use crate::ingest::{self, Drop, LoadOptions};
use crate::similarity::semantic::{self, SemanticSetup, SimilarityChoice};

// The exit codes, as the README's Usage section lists them.
/// Exit code: success (warnings allowed).
pub const EXIT_OK: i32 = 0;
/// Exit code: nothing could be loaded (no article under the paths, a missing drop folder, no
/// usable model for `parallax model path` or `--similarity semantic`).
pub const EXIT_NOTHING_LOADED: i32 = 1;
/// Exit code: usage error (clap uses it too).
pub const EXIT_USAGE: i32 = 2;
/// Exit code: the input loaded but the run failed (the triage state cannot be read or written,
/// the output cannot be written, the app cannot start, `parallax model install` failed, the
/// model of a `--similarity semantic` run failed to load), so scripts can tell it from bad input.
pub const EXIT_FAILURE: i32 = 3;

/// What a run is told about the model: `--model DIR` and `--similarity`.
#[derive(Debug, Clone, Default)]
pub struct ModelArgs {
    pub model: Option<PathBuf>,
    pub similarity: Option<SimilarityChoice>,
}

/// The semantic scorer for this run, as `args` choose: none when lexical is asked for; the
/// model when one is found (`--model`, `PARALLAX_MODEL`, the data dir, the HF cache), a model
/// that cannot be used reported and the run lexical, unless `semantic` was asked for: then it
/// is an error (the exit code returned).
pub(crate) fn semantic_setup<'a>(
    args: &ModelArgs,
    articles: impl IntoIterator<Item = &'a Article>,
) -> Result<(SemanticSetup, SimilarityChoice), i32> {
    let choice = SimilarityChoice::resolve(args.similarity).map_err(|e| {
        eprintln!("parallax: error: {e}");
        EXIT_USAGE
    })?;
    if choice == SimilarityChoice::Lexical {
        return Ok((SemanticSetup::Declined, choice));
    }
    let model = args.model.as_deref();
    let articles: Vec<&Article> = articles.into_iter().collect();
    let mixed = crate::language::mixes_languages(articles.iter().copied());
    // A drop in several languages takes the multilingual model when it is installed.
    let setup = semantic::setup_for(model, None, mixed);
    if mixed && setup.semantic().is_some() && !setup.multilingual() {
        eprintln!(
            "parallax: warning: these articles are in {}, and the model reads English only: \
             articles in different languages will seldom line up \
             (`parallax model install multilingual-e5-small`)",
            languages_of(&articles)
        );
    }
    if let Some(u) = setup.unavailable() {
        if choice == SimilarityChoice::Semantic {
            eprintln!("parallax: error: --similarity semantic: {}", u.reason());
            return Err(EXIT_NOTHING_LOADED);
        }
        if u.worth_warning(model.is_some()) {
            eprintln!("parallax: warning: {}", u.note());
        }
    }
    Ok((setup, choice))
}

/// The known languages of `articles`, sorted: "de, en, ru".
fn languages_of(articles: &[&Article]) -> String {
    let codes: std::collections::BTreeSet<&str> = articles
        .iter()
        .filter_map(|a| a.language.as_deref())
        .collect();
    codes.into_iter().collect::<Vec<_>>().join(", ")
}

/// After aligning: a run that had to be semantic but aligned something lexically (the weights
/// failed to load or embed) is a failure; its reason was printed with the warnings.
pub(crate) fn check_similarity(choice: SimilarityChoice, setup: &SemanticSetup) -> Result<(), i32> {
    if choice == SimilarityChoice::Semantic && setup.failed() {
        eprintln!("parallax: error: --similarity semantic: the model could not be used");
        return Err(EXIT_FAILURE);
    }
    Ok(())
}

/// Say what went wrong with the embedding cache while aligning (the vectors were still used).
pub(crate) fn warn_problems(setup: &SemanticSetup) {
    for p in setup.take_problems() {
        eprintln!("parallax: warning: {p}");
    }
}

/// The name of the model a run aligned with (`"model"` in the JSON); `None` when lexical.
pub(crate) fn model_name(setup: &SemanticSetup) -> Option<String> {
    match setup {
        SemanticSetup::Ready { scorer, .. } if !scorer.failed() => Some(scorer.model_name()),
        _ => None,
    }
}

/// Alignment options with the semantic scorer in `setup` when it is ready.
pub(crate) fn options(setup: &SemanticSetup) -> AlignOptions<'_> {
    AlignOptions {
        extra: setup.weighted().into_iter().collect(),
        ..Default::default()
    }
}

/// ANSI styling for readable reports; all empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset (https://no-color.org).
    pub fn detect() -> Paint {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint {
            on: !no_color && std::io::stdout().is_terminal(),
        }
    }
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn dim(&self, s: &str) -> String {
        self.wrap("2", s)
    }
    pub fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    pub fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    pub fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    pub fn cyan(&self, s: &str) -> String {
        self.wrap("36", s)
    }
}

/// Load a drop, printing one line per problem file to stderr.
pub fn load_reporting(paths: &[PathBuf], opts: &LoadOptions) -> Drop {
    let drop = ingest::load_paths(paths, opts);
    report_warnings(&drop);
    drop
}

/// Print the drop's file warnings and each article's own warnings to stderr.
pub fn report_warnings(drop: &Drop) {
    let mut err = std::io::stderr().lock();
    for w in &drop.warnings {
        let _ = writeln!(err, "parallax: warning: {w}");
    }
    for a in &drop.articles {
        for w in &a.warnings {
            let _ = writeln!(err, "parallax: warning: {}: {w}", a.path);
        }
    }
}

/// Print `value` as JSON when `json`, else the readable report `text` makes; the exit code.
pub fn emit<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) -> i32 {
    let out = if json {
        match serde_json::to_string_pretty(value) {
            Ok(s) => s + "\n",
            Err(e) => {
                eprintln!("parallax: error: {e}");
                return EXIT_FAILURE;
            }
        }
    } else {
        text()
    };
    exit_for(print(&out))
}

/// Write `s` to stdout; a closed pipe (`| head`) is not an error.
pub fn print(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()
}

/// Map an I/O result of printing to an exit code: a broken pipe is success.
pub fn exit_for(r: std::io::Result<()>) -> i32 {
    match r {
        Ok(()) => EXIT_OK,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("parallax: error: cannot write output: {e}");
            EXIT_FAILURE
        }
    }
}

/// How readable reports are laid out: `cols` columns wide, and whether lines may be `cut` to
/// fit them. On a terminal: its width (else `COLUMNS`, else 100), and previews are cut to fit.
/// Piped or redirected: nothing is cut (a file or a script gets every word); layouts that need a
/// width (the side-by-side diff) use `COLUMNS`, else 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Width {
    pub cols: usize,
    pub cut: bool,
}

impl Width {
    /// No cutting, `cols` for side-by-side layouts.
    pub fn uncut(cols: usize) -> Width {
        Width { cols, cut: false }
    }
}

/// The layout for readable reports on this run's stdout.
pub fn width() -> Width {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40);
    if std::io::stdout().is_terminal() {
        let cols = crate::tui::terminal::stdout_columns()
            .or(columns)
            .unwrap_or(100)
            .max(40);
        Width { cols, cut: true }
    } else {
        Width::uncut(columns.unwrap_or(100))
    }
}
