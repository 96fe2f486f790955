//! Outlet names a reader gives a drop (issue 17 item 9): `drop.toml` beside the articles maps
//! file names and globs to outlets, every CLI command names outlets through it, a bad line is
//! warned about with its file and line, and two articles of one outlet are labelled apart.

use std::path::Path;
use std::process::{Command, Output};

use crate::common::drops;

/// 000 by exact name, 003 by a glob (004 already says RksNews), 002 by an exact name that wins
/// over a glob matching it; line 7 is bad.
const DROP_TOML: &str = r#"# outlet names
[outlets]
"000_61c82fb66aab7e52.txt" = "Reuters"
"00[2]*" = "never used: brackets are not a glob"
"002_*" = "Glob loses"
"002_638d88ef8e115c52.txt" = "Exact wins"
"001_1bc0e8f4c5315663.txt" = 7
"003_*" = "RksNews"
"#;

fn drop_with_names() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (tmp, dir, state) = drops::seeds_copy();
    std::fs::write(dir.join("drop.toml"), DROP_TOML).unwrap();
    (tmp, dir, state)
}

fn parallax(args: &[&str], paths: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        .env("COLUMNS", "200")
        .args(args)
        .args(paths)
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn show_names_outlets_from_drop_toml_and_never_reads_it_as_an_article() {
    let (_t, dir, _) = drop_with_names();
    let out = parallax(&["show", "--json"], &[&dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let articles: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<(String, Option<String>)> = articles
        .iter()
        .map(|a| {
            let path = a["path"].as_str().unwrap();
            let file = Path::new(path).file_name().unwrap().to_string_lossy();
            (
                file[..3].to_string(),
                a["outlet"].as_str().map(String::from),
            )
        })
        .collect();
    let want = |n: &str, o: Option<&str>| (n.to_string(), o.map(String::from));
    assert_eq!(
        names,
        vec![
            want("000", Some("Reuters")),
            // Line 7 is bad, so 001 keeps ingest's own (its file stem).
            want("001", Some("001_1bc0e8f4c5315663")),
            want("002", Some("Exact wins")),
            want("003", Some("RksNews")),
            want("004", Some("RksNews")),
        ]
    );
    let stderr = text(&out.stderr);
    let drop_file = dir.join("drop.toml").display().to_string();
    assert!(
        stderr.contains(&format!("{drop_file}: line 7: ")),
        "the bad line is named with its file and number: {stderr}"
    );
    assert_eq!(stderr.matches("drop.toml").count(), 1, "{stderr}");
}

#[test]
fn diff_labels_two_articles_of_one_outlet_by_date_else_file_name() {
    let (_t, dir, _) = drop_with_names();
    let (a, b) = (
        dir.join("003_e3b044bbee90a5bb.txt"),
        dir.join("004_7c10115e6b663d8e.txt"),
    );
    let out = parallax(&["diff"], &[&a, &b]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let first = text(&out.stdout)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    // 003 has a date, 004 none: the date names one, the file name the other.
    assert!(first.contains("RksNews (2025-12-03)"), "{first}");
    assert!(
        first.contains("RksNews (004_7c10115e6b663d8e.txt)"),
        "{first}"
    );
}

#[test]
fn align_and_triage_name_outlets_through_drop_toml() {
    let (_t, dir, state) = drop_with_names();
    let out = parallax(&["align"], &[&dir]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Reuters"), "{stdout}");
    assert!(stdout.contains("Exact wins"), "{stdout}");
    assert!(!stdout.contains("Glob loses"), "{stdout}");
    assert!(stdout.contains("RksNews (2025-12-03)"), "{stdout}");

    let state_arg = state.display().to_string();
    let out = parallax(&["triage", "--json", "--state", &state_arg], &[&dir]);
    // (`triage DIR` takes the folder after its options: clap accepts either order.)
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outlet_of = |stem: &str| {
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|it| it["path"].as_str().unwrap().contains(stem))
            .and_then(|it| it["outlet"].as_str().map(String::from))
    };
    assert_eq!(outlet_of("000_").as_deref(), Some("Reuters"));
    assert_eq!(outlet_of("003_").as_deref(), Some("RksNews"));
    assert!(
        report["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|it| !it["path"].as_str().unwrap().ends_with("drop.toml")),
        "drop.toml is no article of the triage either"
    );
}
