//! The triage state file: a corrupt, foreign or newer file is never silently reset, and a
//! crash part-way through a scan loses nothing that was committed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use parallax::triage::{self, Status, Store};

use crate::common::drops;
use drops::seeds_copy as drop_with_seeds;

/// Files next to `state` whose names start with `state`'s name + ".corrupt-".
fn moved_aside(state: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}.corrupt-", state.file_name().unwrap().to_string_lossy());
    let mut v: Vec<PathBuf> = std::fs::read_dir(state.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(&prefix) && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_file_that_is_not_a_database_is_moved_aside_reported_and_rebuilt() {
    let (_t, dir, state) = drop_with_seeds();
    let junk = b"this is a shopping list, not a database\n".repeat(200);
    std::fs::write(&state, &junk).unwrap();
    let mut s = Store::open(&dir, Some(&state)).unwrap();
    assert_eq!(s.warnings().len(), 1);
    assert!(
        s.warnings()[0].contains("moved it to"),
        "{:?}",
        s.warnings()
    );
    let aside = moved_aside(&state);
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(&aside[0]).unwrap(),
        junk,
        "kept byte for byte"
    );
    let r = triage::scan(&mut s).unwrap();
    assert_eq!(r.items.len(), 5);
    assert!(r.items.iter().all(|i| i.status == Status::New));
}

#[test]
fn a_damaged_state_file_is_moved_aside_and_rebuilt() {
    let (_t, dir, state) = drop_with_seeds();
    {
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        triage::scan(&mut s).unwrap();
        triage::mark_seen(&mut s).unwrap();
    }
    // Keep the SQLite header, scribble over the schema page and the data after it.
    let mut bytes = std::fs::read(&state).unwrap();
    assert!(bytes.len() > 8192);
    for b in &mut bytes[100..8192] {
        *b = 0xA5;
    }
    std::fs::write(&state, &bytes).unwrap();
    let mut s = Store::open(&dir, Some(&state)).unwrap();
    assert_eq!(s.warnings().len(), 1, "{:?}", s.warnings());
    assert_eq!(moved_aside(&state).len(), 1);
    // Rebuilt: what was marked seen is new again, and says so rather than pretending.
    let r = triage::scan(&mut s).unwrap();
    assert!(r.items.iter().all(|i| i.status == Status::New));
}

#[test]
fn another_programs_sqlite_file_is_not_reused() {
    let (_t, dir, state) = drop_with_seeds();
    {
        let c = rusqlite::Connection::open(&state).unwrap();
        c.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ana');")
            .unwrap();
    }
    let s = Store::open(&dir, Some(&state)).unwrap();
    assert!(s.warnings()[0].contains("not a parallax triage state file"));
    let aside = moved_aside(&state);
    assert_eq!(aside.len(), 1);
    let c = rusqlite::Connection::open(&aside[0]).unwrap();
    let name: String = c
        .query_row("SELECT name FROM contacts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ana", "the foreign file is intact where it was moved");
}

#[test]
fn a_state_from_a_newer_parallax_is_an_error_and_left_alone() {
    let (_t, dir, state) = drop_with_seeds();
    {
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        triage::scan(&mut s).unwrap();
    }
    {
        let c = rusqlite::Connection::open(&state).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(&state).unwrap();
    let err = Store::open(&dir, Some(&state)).err().unwrap();
    assert!(format!("{err:#}").contains("newer parallax"), "{err:#}");
    assert_eq!(std::fs::read(&state).unwrap(), before);
    assert!(moved_aside(&state).is_empty());
}

/// Kill `parallax triage --mark-seen` at several points of a scan of 400 new files; every time,
/// the state opens cleanly, what was marked seen before stays seen, and a full run afterwards
/// gives the same report as a run on a fresh state.
#[test]
fn a_crash_between_writes_loses_nothing_committed() {
    let (tmp, dir, state) = drop_with_seeds();
    let bin = assert_cmd::cargo::cargo_bin("parallax");
    let run = |args: &[&str]| {
        Command::new(&bin)
            .arg("triage")
            .arg(&dir)
            .arg("--state")
            .arg(&state)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(run(&["--mark-seen"]).status.success());
    for n in 0..400 {
        let text = format!(
            "Council report {n}\n\nThe council of district {n} met on Monday to discuss the budget for road repairs number {n}.\n\nResidents of district {n} asked about bus route {} and the library.\n",
            n * 7
        );
        std::fs::write(dir.join(format!("gen_{n:03}.txt")), text).unwrap();
    }
    for delay_ms in [30u64, 120, 300, 700] {
        let mut child = Command::new(&bin)
            .arg("triage")
            .arg(&dir)
            .arg("--state")
            .arg(&state)
            .arg("--mark-seen")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let out = run(&["--json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            !stderr.contains("corrupt") && !stderr.contains("moved"),
            "{stderr}"
        );
        let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for i in r["items"].as_array().unwrap() {
            let p = i["path"].as_str().unwrap();
            if !p.contains("gen_") {
                assert_eq!(i["status"], "seen", "{p} after a kill at {delay_ms} ms");
            }
        }
    }
    // Finish normally, then compare with a fresh state's verdicts and stories.
    assert!(run(&["--mark-seen"]).status.success());
    let after: serde_json::Value = serde_json::from_slice(&run(&["--json"]).stdout).unwrap();
    let fresh_state = tmp.path().join("fresh.db");
    let fresh = Command::new(&bin)
        .arg("triage")
        .arg(&dir)
        .arg("--state")
        .arg(&fresh_state)
        .arg("--json")
        .output()
        .unwrap();
    let fresh: serde_json::Value = serde_json::from_slice(&fresh.stdout).unwrap();
    let key = |v: &serde_json::Value| -> Vec<(String, String, String)> {
        let mut k: Vec<_> = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["path"].as_str().unwrap().to_string(),
                    i["status"].to_string(),
                    i["novel_paragraphs"].to_string(),
                )
            })
            .collect();
        k.sort();
        k
    };
    let a = key(&after);
    let f = key(&fresh);
    assert_eq!(a.len(), f.len());
    for (x, y) in a.iter().zip(&f) {
        assert_eq!(x.0, y.0);
        assert_eq!(x.1, "\"seen\"");
        assert_eq!(x.2, y.2, "novelty of {}", x.0);
    }
    assert_eq!(
        after["stories"].as_array().unwrap().len(),
        fresh["stories"].as_array().unwrap().len()
    );
}
