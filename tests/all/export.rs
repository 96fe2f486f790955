//! Exporting a story for a colleague: the seeds' Markdown export (snapshot), the HTML page's
//! structure (escaping, every outlet, disagreements marked), `parallax export`'s exit codes,
//! and the page rendered in a real headless Chromium (skipped where Chromium is missing).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use parallax::align::{align_drop, Severity};
use parallax::export::{Comparison, Format};
use parallax::ingest::{article_from_bytes, load_paths, LoadOptions};
use parallax::Article;

fn seeds() -> Vec<Article> {
    load_paths(&[PathBuf::from("seeds")], &LoadOptions::default()).articles
}

fn parallax(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    // A data dir of its own: no triage state of the reader's, no model (lexical, quick).
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_DATA_HOME", data)
        .env("PARALLAX_DATA_DIR", data.join("parallax"))
        .env("HF_HUB_CACHE", data.join("hub"))
        .env_remove("PARALLAX_MODEL");
    c
}

#[test]
fn the_seeds_export_as_markdown() {
    let articles = seeds();
    let alignment = align_drop(&articles);
    let md = Comparison::new("Kremlin talks", &articles, &alignment).render(Format::Markdown);
    insta::assert_snapshot!("seeds_markdown", md);
}

#[test]
fn the_html_page_escapes_article_text_and_marks_each_disagreement_by_severity() {
    let a = article_from_bytes(
        "a.txt",
        "Talks end\n\nThe revised plan has 28 points, <script>alert(1)</script> officials said on Tuesday in Moscow.\n\nOnly this outlet says the weather was cold & wet.\n"
            .as_bytes(),
        &LoadOptions::default(),
    )
    .unwrap();
    let b = article_from_bytes(
        "b.txt",
        "Talks end\n\nThe revised plan has 19 points, <script>alert(1)</script> officials said on Tuesday in Moscow.\n"
            .as_bytes(),
        &LoadOptions::default(),
    )
    .unwrap();
    let articles = vec![a, b];
    let alignment = align_drop(&articles);
    assert!(
        alignment
            .discrepancies
            .iter()
            .any(|d| d.severity == Severity::Major),
        "the fixture should hold a major disagreement: {:?}",
        alignment.discrepancies
    );
    let html = Comparison::new("Plan <size>", &articles, &alignment).render(Format::Html);
    assert!(!html.contains("<script"), "article text became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<title>Plan &lt;size&gt;</title>"));
    assert!(html.contains("cold &amp; wet"));
    for name in ["a", "b"] {
        assert!(html.contains(&format!("<td>{name}</td>")), "outlet {name}");
    }
    assert!(html.contains("<tr class=\"fact major\" data-severity=\"major\">"));
    assert!(
        html.contains("<mark class=\"major\" title=\"major\">has 28 points</mark>"),
        "{html}"
    );
    assert!(html.contains("<mark class=\"major\" title=\"major\">has 19 points</mark>"));
    // Self-contained: nothing to fetch, nothing to run.
    for never in ["<link", "<img", "src=", "<iframe", "@import", "url("] {
        assert!(!html.contains(never), "the page holds {never}");
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn every_seed_outlet_and_fact_row_is_in_the_html_page() {
    let articles = seeds();
    let alignment = align_drop(&articles);
    let c = Comparison::new("Kremlin talks", &articles, &alignment);
    let html = c.render(Format::Html);
    for a in &articles {
        assert!(html.contains(&format!("<td>{}</td>", a.outlet_name())));
    }
    assert_eq!(html.matches("<tr class=\"fact ").count(), c.facts.len());
    assert_eq!(
        html.matches("<tr class=\"pair\">").count(),
        alignment.groups.len()
    );
    let majors = c
        .facts
        .iter()
        .filter(|r| r.severity == Severity::Major)
        .count();
    assert!(majors > 0, "the seeds' plan-size conflict is major");
    assert!(html.matches("data-severity=\"major\"").count() >= majors);
}

#[test]
fn export_prints_the_story_writes_a_file_and_exits_with_clear_codes() {
    let data = tempfile::tempdir().unwrap();
    let out = parallax(data.path())
        .args(["export", "seeds"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# ") && md.contains("## Facts that disagree"),
        "{md}"
    );

    let file = data.path().join("story.html");
    let out = parallax(data.path())
        .args(["export", "seeds", "--format", "html", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.ends_with("</html>\n"));

    // The seeds are one story, numbered 1: any other id is a usage error naming the stories.
    let out = parallax(data.path())
        .args(["export", "seeds", "--story", "9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no story 9") && err.contains("  1. "), "{err}");
    let out = parallax(data.path())
        .args(["export", "seeds", "--story", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));

    for bad in [&["export"][..], &["export", "seeds", "--format", "pdf"]] {
        let out = parallax(data.path()).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
    }
    let out = parallax(data.path())
        .args(["export", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = parallax(data.path())
        .args(["export", "seeds", "--out", "/no/such/dir/x.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/dir/x.md: cannot write"));
}

#[test]
fn a_many_story_drop_needs_a_story_id_and_takes_triage_s() {
    let data = tempfile::tempdir().unwrap();
    let (_tmp, dir, state) = crate::common::drops::stories_copy();
    let out = parallax(data.path())
        .arg("export")
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--story"), "{err}");
    // With a triage state, ids are triage's: each id `triage --json` gives exports that story.
    let out = parallax(data.path())
        .args(["triage", "--json", "--state"])
        .arg(&state)
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = report["stories"].as_array().unwrap();
    assert!(stories.len() > 1);
    let story = &stories[stories.len() - 1];
    let out = parallax(data.path())
        .args(["export", "--state"])
        .arg(&state)
        .arg(&dir)
        .args(["--story", &story["id"].to_string()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8(out.stdout).unwrap();
    let label = story["label"].as_str().unwrap();
    assert_eq!(md.lines().next(), Some(format!("# {label}").as_str()));
}

/// Run Chromium headless on `args` (with the flags that work in a container), giving up after
/// two minutes; its stdout.
fn chromium(profile: &Path, args: &[&str]) -> Option<String> {
    let mut child = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    while child.try_wait().ok()?.is_none() {
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish in two minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_seeds_page_renders_in_headless_chromium_with_its_rows_lineups_and_pairs() {
    if Command::new("chromium").arg("--version").output().is_err() {
        eprintln!("SKIPPED: chromium is not installed (apt-get install chromium)");
        return;
    }
    let articles = seeds();
    let alignment = align_drop(&articles);
    let c = Comparison::new("Kremlin talks", &articles, &alignment);
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("seeds.html");
    std::fs::write(&page, c.render(Format::Html)).unwrap();
    let url = format!("file://{}", page.display());
    let profile = tmp.path().join("profile");
    let dom = chromium(&profile, &["--dump-dom", &url]).expect("chromium runs");
    // The DOM as the browser built it: parsed, so the counts are of real elements.
    assert!(dom.contains("<h1>Kremlin talks</h1>"), "{dom}");
    assert_eq!(dom.matches("<tr class=\"fact ").count(), c.facts.len());
    let variants: usize = c.lineups().map(|q| q.variants.len()).sum();
    assert!(variants > 0);
    assert_eq!(dom.matches("<li class=\"variant\">").count(), variants);
    assert_eq!(dom.matches("<tr class=\"pair\">").count(), c.claims().len());
    assert!(dom.contains("<mark class=\"major\""));
    for a in &articles {
        assert!(dom.contains(&a.outlet_name()));
    }
    let png = tmp.path().join("seeds.png");
    let shot = format!("--screenshot={}", png.display());
    chromium(&profile, &["--window-size=1400,2400", &shot, &url]).expect("chromium runs");
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(bytes.starts_with(b"\x89PNG"), "not a PNG");
    // A blank page compresses to a few kilobytes; the rendered tables and text do not.
    assert!(
        bytes.len() > 50_000,
        "the screenshot looks blank: {} bytes",
        bytes.len()
    );
}
