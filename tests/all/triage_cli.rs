//! `parallax triage` from the consumer's side: the JSON is decoded with this file's own types,
//! so renaming a field in the library breaks this test rather than a user's script.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Report {
    items: Vec<Item>,
    stories: Vec<Story>,
    warnings: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Item {
    path: String,
    status: String,
    verdict: Option<String>,
    of: Vec<String>,
    score: Option<f64>,
    novelty: f64,
    novel_paragraphs: Vec<usize>,
    story: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct Story {
    id: u64,
    label: String,
    members: Vec<String>,
}

fn triage(dir: &Path, state: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .arg("triage")
        .arg(dir)
        .arg("--state")
        .arg(state)
        .args(extra)
        .output()
        .unwrap()
}

use crate::common::drops;

#[test]
fn json_contract_after_mark_seen_and_a_new_file() {
    let (_tmp, dir, state) = drops::seeds_copy();
    let first = triage(&dir, &state, &["--json", "--mark-seen"]);
    assert!(first.status.success());
    let first: Report = serde_json::from_slice(&first.stdout).unwrap();
    assert!(
        first.items.iter().all(|i| i.status == "new"),
        "before marking"
    );

    std::fs::copy(
        "tests/fixtures/triage/near_duplicate_of_000.txt",
        dir.join("near_duplicate_of_000.txt"),
    )
    .unwrap();
    let out = triage(&dir, &state, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: Report = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.items.len(), 6);
    let new = &r.items[0];
    assert!(new.path.ends_with("near_duplicate_of_000.txt"));
    assert_eq!(new.status, "new");
    assert_eq!(new.verdict.as_deref(), Some("near_duplicate"));
    assert_eq!(new.of.len(), 1);
    assert!(new.of[0].ends_with("000_61c82fb66aab7e52.txt"));
    assert!(new.score.unwrap() > 0.8);
    assert!((0.0..=1.0).contains(&new.novelty));
    assert!(r.items[1..].iter().all(|i| i.status == "seen"));
    assert_eq!(r.stories.len(), 1);
    assert_eq!(Some(r.stories[0].id), new.story);
    assert_eq!(r.stories[0].members.len(), 6);
    assert!(r.stories[0].label.contains("Ukraine"));
    // Every novel paragraph index points at a paragraph of `show --json`.
    let show = Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .args(["show", "--json", &new.path])
        .output()
        .unwrap();
    let shown: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let n = shown[0]["paragraphs"].as_array().unwrap().len();
    assert!(new.novel_paragraphs.iter().all(|&i| i < n));
    // A syndicated copy adds little: only its reworded sentences can lack a counterpart.
    assert!(new.novelty < 0.5, "{}", new.novelty);
}

#[test]
fn readable_report_lists_new_items_first_and_the_stories() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy("seeds/000_61c82fb66aab7e52.txt", dir.join("a.txt")).unwrap();
    std::fs::copy(
        "tests/fixtures/triage/new_story_floods.txt",
        dir.join("b.txt"),
    )
    .unwrap();
    let out = triage(&dir, &tmp.path().join("s.db"), &[]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("new") && lines[0].contains("new story"),
        "{text}"
    );
    assert!(text.contains("Stories"));
    assert!(text.contains("Floods force thousands"));
}

#[test]
fn a_missing_folder_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let out = triage(&missing, &tmp.path().join("s.db"), &["--json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nope") && err.contains("cannot open drop folder"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn default_state_lives_in_the_data_dir_and_the_drop_is_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy("seeds/000_61c82fb66aab7e52.txt", dir.join("a.txt")).unwrap();
    let xdg = tmp.path().join("xdg");
    let run = |extra: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("parallax"))
            .env("XDG_DATA_HOME", &xdg)
            .args(["triage", "--json"])
            .args(extra)
            .arg(&dir)
            .output()
            .unwrap()
    };
    let out = run(&["--mark-seen"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["a.txt"], "nothing written into the drop folder");
    let states: Vec<_> = std::fs::read_dir(xdg.join("parallax").join("triage"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".db"))
        .collect();
    assert_eq!(states.len(), 1);
    // The same folder finds the same state: the file marked seen by the first run is seen.
    let again = run(&[]);
    let r: Report = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(r.items.len(), 1);
    assert_eq!(r.items[0].status, "seen");
}

/// An unprivileged user to run the CLI as when the tests run as root, for whom `chmod 000`
/// does not stop reads (`nobody` on most systems).
#[cfg(unix)]
const NOBODY: u32 = 65534;

/// Whether this process runs as root: a file it creates is owned by its user.
#[cfg(unix)]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// `parallax triage DIR --state STATE --json` as a user that file permissions apply to.
#[cfg(unix)]
fn triage_unprivileged(dir: &Path, state: &Path, home: &Path) -> Report {
    use std::os::unix::process::CommandExt;
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("parallax"));
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"))
        .args(["triage", "--json"])
        .arg(dir)
        .arg("--state")
        .arg(state);
    if running_as_root() {
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A file the first scan read, unchanged since, whose parsed copy the state has lost (a damaged
/// cache entry) must be read again; when that read fails the file is named, not dropped.
#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_again_when_the_scan_needs_it_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    set_mode(tmp.path(), 0o777);
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    set_mode(&dir, 0o755);
    let state = tmp.path().join("state.db");
    let kept = dir.join("a.txt");
    std::fs::copy("seeds/000_61c82fb66aab7e52.txt", &kept).unwrap();
    std::fs::copy(
        "tests/fixtures/triage/new_story_floods.txt",
        dir.join("b.txt"),
    )
    .unwrap();
    // A minute old: the second scan trusts size and mtime and does not hash it again.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(&kept)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let first = triage_unprivileged(&dir, &state, tmp.path());
    assert_eq!(first.items.len(), 2, "{:?}", first.warnings);

    let c = rusqlite::Connection::open(&state).unwrap();
    c.execute("UPDATE articles SET features = 'damaged'", [])
        .unwrap();
    drop(c);
    if running_as_root() {
        for e in std::fs::read_dir(tmp.path()).unwrap() {
            let p = e.unwrap().path();
            if p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("state")
            {
                std::os::unix::fs::chown(&p, Some(NOBODY), Some(NOBODY)).unwrap();
            }
        }
    }
    set_mode(&kept, 0o000);
    let second = triage_unprivileged(&dir, &state, tmp.path());
    set_mode(&kept, 0o644);

    let name = kept.display().to_string();
    let about: Vec<&String> = second
        .warnings
        .iter()
        .filter(|w| w.starts_with(&name))
        .collect();
    assert_eq!(about.len(), 1, "{:?}", second.warnings);
    assert!(about[0].contains("ermission denied"), "{about:?}");
    let b = second.items.iter().find(|i| i.path.ends_with("b.txt"));
    assert!(b.is_some_and(|b| b.verdict.is_some()), "{:?}", second.items);
}
