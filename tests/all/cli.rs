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

// ---- the readable reports: nothing cut into a pipe, outlets counted once, ¶ from 1 ----------

/// `parallax ARGS` piped, with its stdout as text; fails the test on a non-zero exit.
fn stdout_of(args: &[&str], columns: Option<&str>) -> String {
    let mut c = parallax();
    c.args(args).stdin(Stdio::null());
    match columns {
        Some(w) => c.env("COLUMNS", w),
        None => c.env_remove("COLUMNS"),
    };
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json_of(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout_of(args, None)).unwrap()
}

/// What the readable reports call an article: its outlet, else its file stem.
fn outlet_name(a: &serde_json::Value) -> String {
    a["outlet"].as_str().map_or_else(
        || {
            let p = std::path::Path::new(a["path"].as_str().unwrap());
            p.file_stem().unwrap().to_string_lossy().into_owned()
        },
        str::to_string,
    )
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn readable_align_into_a_pipe_cuts_nothing_and_numbers_paragraphs_from_1() {
    let json = json_of(&["align", "--json", "seeds"]);
    // A narrow COLUMNS must not cut anything either: only a terminal's width cuts previews.
    let text = stdout_of(&["align", "seeds"], Some("60"));
    let arts = json["articles"].as_array().unwrap();
    let names: Vec<String> = arts.iter().map(outlet_name).collect();
    let para = |m: &serde_json::Value| {
        let (a, p) = (
            m["article"].as_u64().unwrap() as usize,
            m["paragraph"].as_u64().unwrap() as usize,
        );
        (
            a,
            p,
            flat(arts[a]["paragraphs"][p]["text"].as_str().unwrap()),
        )
    };
    let groups = json["groups"].as_array().unwrap();
    assert!(!groups.is_empty());
    for g in groups {
        for m in g["members"].as_array().unwrap() {
            let (a, p, body) = para(m);
            // The JSON's paragraph 0 is the app's ¶1, and the whole paragraph is there.
            let line = format!("  {} ¶{}: {body}\n", names[a], p + 1);
            assert!(text.contains(&line), "missing or cut: {line:?}");
        }
    }
    for u in json["unique"].as_array().unwrap() {
        let (_, p, body) = para(u);
        let line = format!("  ¶{}: {body}\n", p + 1);
        assert!(text.contains(&line), "missing or cut: {line:?}");
    }
    let discrepancies = json["discrepancies"].as_array().unwrap();
    assert!(!discrepancies.is_empty());
    for d in discrepancies {
        // Both sides in full, each with its outlet and paragraph.
        for side in ["left", "right"] {
            let a = d[side]["article"].as_u64().unwrap() as usize;
            let p = d[side]["paragraph"].as_u64().unwrap();
            let t = flat(d[format!("{side}_text")].as_str().unwrap());
            let shown = format!("{} ¶{} “{t}”", names[a], p + 1);
            assert!(text.contains(&shown), "missing or cut: {shown:?}");
        }
    }
    for q in json["quotes"].as_array().unwrap() {
        let variants = q["variants"].as_array().unwrap();
        if variants.len() > 1 {
            for v in variants {
                let t = format!("“{}”", flat(v["text"].as_str().unwrap()));
                assert!(text.contains(&t), "quote missing or cut: {t:?}");
            }
        }
    }
    // Every claim in the coverage table, however narrow COLUMNS says the screen is.
    assert!(
        !text.contains(" …\n"),
        "the coverage table was cut:\n{text}"
    );
}

#[test]
fn readable_align_counts_each_outlet_once_against_the_story_s_outlets() {
    let text = stdout_of(&["align", "seeds"], None);
    let claims: Vec<&str> = text.lines().filter(|l| l.starts_with("Claim ")).collect();
    assert!(!claims.is_empty(), "{text}");
    for c in claims {
        // "Claim 2 · 5/5 outlets · 0.37 000_…, 001_…, …": k of the seeds' five outlets.
        let counts = c.split(" · ").nth(1).unwrap();
        let (k, n) = counts.trim_end_matches(" outlets").split_once('/').unwrap();
        let (k, n): (usize, usize) = (k.parse().unwrap(), n.parse().unwrap());
        assert_eq!(n, 5, "{c}");
        assert!((1..=n).contains(&k), "{c}");
        let (_score, outlets) = c.splitn(3, " · ").nth(2).unwrap().split_once(' ').unwrap();
        let listed: Vec<&str> = outlets.split(", ").collect();
        let mut once = listed.clone();
        once.sort();
        once.dedup();
        assert_eq!(once.len(), listed.len(), "an outlet listed twice: {c}");
        assert_eq!(listed.len(), k, "{c}");
    }
}

#[test]
fn readable_diff_numbers_from_1_cuts_no_title_and_never_marks_an_empty_change() {
    let seeds: Vec<String> = {
        let mut v: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))
            .unwrap()
            .map(|e| format!("seeds/{}", e.unwrap().file_name().to_string_lossy()))
            .collect();
        v.sort();
        v
    };
    // The pairs whose word diffs hold whitespace-only changes (they printed `{++}` / `[--]`).
    for (l, r) in [(0, 2), (0, 1), (3, 4)] {
        let (l, r) = (seeds[l].as_str(), seeds[r].as_str());
        let text = stdout_of(&["diff", l, r], Some("70"));
        assert!(
            !text.contains("{++}") && !text.contains("[--]"),
            "{l} {r}:\n{text}"
        );
        let json = json_of(&["diff", "--json", l, r]);
        for p in json["pairs"].as_array().unwrap() {
            let tag = format!(
                "¶{} ↔ ¶{}  ",
                p["left"].as_u64().unwrap() + 1,
                p["right"].as_u64().unwrap() + 1
            );
            assert!(text.contains(&tag), "{tag:?} in {l} {r}");
        }
        for d in json["discrepancies"].as_array().unwrap() {
            let shown = format!(
                "¶{} “{}”",
                d["left"].as_u64().unwrap() + 1,
                d["left_text"].as_str().unwrap()
            );
            assert!(text.contains(&shown), "{shown:?} in {l} {r}");
        }
        // The titles wrap in their column instead of being cut: every word is there.
        for side in ["left", "right"] {
            let title = json[side]["title"]
                .as_str()
                .or(json[side]["path"].as_str())
                .unwrap();
            assert!(!text.lines().take(6).any(|x| x.contains('…')), "{text}");
            for w in title.split_whitespace() {
                assert!(text.contains(w), "title word {w:?} of {title:?} lost");
            }
        }
    }
}

/// The blocks of a readable diff: each pair's tag line and the lines under it, up to the blank.
fn pair_blocks(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(l) = lines.next() {
        if l.starts_with('¶') && l.contains(" ↔ ¶") {
            let mut body = String::new();
            while let Some(b) = lines.next_if(|b| !b.trim().is_empty()) {
                body.push_str(b);
                body.push('\n');
            }
            out.push((l.to_string(), body));
        }
    }
    out
}

#[test]
fn readable_diff_marks_word_changes_only_in_edited_pairs() {
    let marked = |b: &str| b.contains("[-") || b.contains("{+");
    // Two outlets in their own words: no word-by-word wall.
    let text = stdout_of(
        &[
            "diff",
            "seeds/003_e3b044bbee90a5bb.txt",
            "seeds/004_7c10115e6b663d8e.txt",
        ],
        Some("100"),
    );
    let blocks = pair_blocks(&text);
    assert!(blocks.len() >= 5, "{text}");
    for (tag, body) in &blocks {
        assert!(
            tag.ends_with("own words") || tag.contains("own words  moved"),
            "{tag}"
        );
        assert!(!marked(body), "{tag}\n{body}");
    }
    // A sub-editor's rewrite of the wire: its word changes are shown.
    let text = stdout_of(
        &[
            "diff",
            "tests/fixtures/reuse/wire.txt",
            "tests/fixtures/reuse/rewrite_of_wire.txt",
        ],
        Some("100"),
    );
    let edits: Vec<_> = pair_blocks(&text)
        .into_iter()
        .filter(|(tag, _)| tag.contains("rewrite") || tag.contains("verbatim"))
        .collect();
    assert!(!edits.is_empty(), "{text}");
    assert!(edits.iter().any(|(_, body)| marked(body)), "{text}");
}
