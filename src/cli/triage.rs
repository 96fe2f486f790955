//! `parallax triage`. PLACEHOLDER until the triage issue lands.

use std::path::Path;

/// Run `triage`; returns the process exit code.
pub fn run(_dir: &Path, _state: Option<&Path>, _json: bool, _mark_seen: bool) -> i32 {
    eprintln!("parallax: error: triage is not built yet");
    super::EXIT_NOTHING_LOADED
}
