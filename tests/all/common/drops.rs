//! A copy of the seed drop in a temporary folder, for tests that triage, watch or write state
//! beside it (Parallax never writes into the user's folder, so tests never use `seeds/` itself).
//! Used as `crate::common::drops`.
use std::path::PathBuf;

/// A temporary folder holding `drop/` (a copy of every seed) and the path `state.db` beside
/// it (not created). Keep the `TempDir` alive as long as the paths are used.
pub fn seeds_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    for e in std::fs::read_dir("seeds").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let state = tmp.path().join("state.db");
    (tmp, dir, state)
}

/// A temporary folder holding `drop/`, a copy of the many-story fixture's articles
/// (`tests/fixtures/stories/*.txt`: two trials, two earthquakes, two rounds of talks; its
/// README stays out), and the path `state.db` beside it (not created).
pub fn stories_copy() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    for e in std::fs::read_dir("tests/fixtures/stories").unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "txt") {
            std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
        }
    }
    let state = tmp.path().join("state.db");
    (tmp, dir, state)
}
