//! `parallax diff`. PLACEHOLDER until the alignment issue lands.

use std::path::Path;

/// Run `diff`; returns the process exit code.
pub fn run(_left: &Path, _right: &Path, _json: bool, _model: Option<&Path>) -> i32 {
    eprintln!("parallax: error: diff is not built yet");
    super::EXIT_NOTHING_LOADED
}
