//! The `show --json` contract, checked from the consumer's side with the test's own types (so a
//! renamed field in the library breaks this test), plus exit codes and pipes.

use std::process::{Command, Stdio};

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ArticleOut {
    path: String,
    format: String,
    title: Option<String>,
    outlet: Option<String>,
    author: Option<String>,
    date: Option<String>,
    url: Option<String>,
    language: Option<String>,
    paragraphs: Vec<ParagraphOut>,
    removed: Vec<RemovedOut>,
    warnings: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParagraphOut {
    kind: String,
    text: String,
    start: usize,
    end: usize,
    sentences: Vec<SpanOut>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanOut {
    text: String,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct RemovedOut {
    text: String,
    reason: String,
    start: usize,
    end: usize,
}

fn parallax() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

#[test]
fn show_json_matches_the_documented_contract() {
    let out = parallax()
        .args(["show", "--json", "seeds"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let articles: Vec<ArticleOut> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(articles.len(), 5);
    // Sorted by path, so scripts can rely on the order.
    let paths: Vec<&str> = articles.iter().map(|a| a.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/000_61c82fb66aab7e52.txt"),
    )
    .unwrap();
    let a = &articles[0];
    assert_eq!(a.format, "text");
    for p in &a.paragraphs {
        assert!(["heading", "paragraph", "list_item"].contains(&p.kind.as_str()));
        // For a plain-text file the offsets index the file itself.
        assert_eq!(&raw[p.start..p.end], p.text);
        for s in &p.sentences {
            assert_eq!(&raw[s.start..s.end], s.text);
        }
    }
    let reasons: Vec<&str> = a.removed.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(reasons, ["title", "date_line", "repeated_title", "caption"]);
}

#[test]
fn readable_show_has_no_colour_without_a_terminal_and_lists_removed_text() {
    let out = parallax()
        .args(["show", "seeds/004_7c10115e6b663d8e.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b'),
        "no escape codes when stdout is a pipe"
    );
    assert!(text.starts_with("Russia Says “Meaningful” Peace Meeting"));
    assert!(text.contains("[byline] RksNews 4 Min Read"));
}

#[test]
fn exit_codes_say_what_happened() {
    let none = parallax()
        .args(["show", "no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no/such/folder"));
    let usage = parallax()
        .args(["show", "--frobnicate", "seeds"])
        .output()
        .unwrap();
    assert_eq!(usage.status.code(), Some(2));
    let partial = parallax()
        .args(["show", "seeds", "no/such/file.txt"])
        .output()
        .unwrap();
    assert_eq!(
        partial.status.code(),
        Some(0),
        "warnings allowed on success"
    );
    assert!(String::from_utf8_lossy(&partial.stderr).contains("no/such/file.txt"));
}

#[test]
fn a_run_that_fails_after_loading_exits_3_not_1() {
    // The triage state cannot be created (its folder would be inside a regular file).
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file.txt");
    std::fs::write(&file, "not a folder").unwrap();
    let state = parallax()
        .args(["triage", "seeds", "--json", "--state"])
        .arg(file.join("state.db"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&state.stderr);
    assert_eq!(state.status.code(), Some(3), "{err}");
    assert!(err.contains("cannot create state folder"), "{err}");
    // The output cannot be written (a full disk).
    let Ok(full) = std::fs::File::create("/dev/full") else {
        return eprintln!("SKIPPED the full-disk case: no /dev/full here");
    };
    let out = parallax()
        .args(["show", "--json", "seeds"])
        .stdout(full)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("cannot write output"), "{err}");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = parallax()
        .args(["show", "--json", "seeds", "seeds", "seeds"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one byte, then close our end, like `| head -c1`.
    {
        use std::io::Read;
        let mut stdout = child.stdout.take().unwrap();
        let mut b = [0u8; 1];
        stdout.read_exact(&mut b).unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

/// `parallax ARGS` with no terminal on either side, as a script would run it.
fn run_piped(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn a_mistyped_subcommand_is_a_usage_error_not_the_app_on_a_missing_path() {
    let out = run_piped(&["shwo", "seeds"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unrecognized subcommand 'shwo'"), "{err}");
    assert!(
        err.contains("'show'"),
        "the tip names the subcommand meant: {err}"
    );
}

#[test]
fn a_folder_named_like_a_word_still_opens_when_it_exists() {
    // `seeds` is a bare word but an existing folder: it is a path, so the app is what runs (and,
    // with no terminal here, says it needs one rather than calling it a subcommand).
    let out = run_piped(&["seeds"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("unrecognized subcommand"), "{err}");
}

#[test]
fn the_app_without_a_terminal_says_it_needs_one() {
    let out = run_piped(&["seeds"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("the app needs a terminal"), "{err}");
    assert!(!err.contains("os error"), "{err}");
}
