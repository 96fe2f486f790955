//! `parallax align`. PLACEHOLDER until the alignment issue lands.

use std::path::{Path, PathBuf};

/// Run `align`; returns the process exit code.
pub fn run(_paths: &[PathBuf], _json: bool, _model: Option<&Path>) -> i32 {
    eprintln!("parallax: error: align is not built yet");
    super::EXIT_NOTHING_LOADED
}
