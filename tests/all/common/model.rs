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
    if required() {
        panic!("{test} needs the sentence-embedding model ({why}) and PARALLAX_REQUIRE_MODEL=1");
    }
    // Straight to the stream, not `eprintln!`: the test harness captures the macros' output of
    // passing tests, and a skip the reader never sees is a silent pass.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {why}; run `parallax model install` to include it"
    );
    None
}
