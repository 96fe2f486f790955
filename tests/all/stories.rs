//! Stories on a many-story drop (tests/fixtures/stories: two court cases, two earthquakes and
//! a follow-up, two rounds of the same talks weeks apart; see its README for what each file
//! reports) and on the seeds (one story, five outlets); story ids while files arrive one by
//! one; the story fields of `parallax triage --json`. Expected stories come from how the
//! fixtures were written, not from the output.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use parallax::triage::{self, Report, Store};

const FIXTURES: &str = "tests/fixtures/stories";

/// The event a fixture file reports: its name without the last `_part` ("quake_malatya_2" →
/// "quake_malatya"; the follow-up reports the Malatya quake too).
fn event(path: &str) -> String {
    let stem = Path::new(path).file_stem().unwrap().to_string_lossy();
    let (prefix, _) = stem.rsplit_once('_').unwrap();
    prefix.to_string()
}

fn fixture_files() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

struct Drop {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    state: PathBuf,
}

impl Drop {
    fn new() -> Drop {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("drop");
        std::fs::create_dir(&dir).unwrap();
        let state = tmp.path().join("state.db");
        Drop {
            _tmp: tmp,
            dir,
            state,
        }
    }

    fn add(&self, file: &Path) {
        std::fs::copy(file, self.dir.join(file.file_name().unwrap())).unwrap();
    }

    fn scan(&self) -> Report {
        triage::scan(&mut Store::open(&self.dir, Some(&self.state)).unwrap()).unwrap()
    }
}

/// The drop's partition as sets of events: each story's members' events.
fn partition(r: &Report) -> BTreeSet<BTreeSet<String>> {
    r.stories
        .iter()
        .map(|s| s.members.iter().map(|m| event(m)).collect())
        .collect()
}

/// Each story's events must be one event, and each event in one story.
fn assert_one_event_per_story(r: &Report) {
    for s in &r.stories {
        let events: BTreeSet<String> = s.members.iter().map(|m| event(m)).collect();
        assert_eq!(
            events.len(),
            1,
            "story {} ({}) mixes {events:?}",
            s.id,
            s.label
        );
    }
    let mut story_of: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for s in &r.stories {
        for m in &s.members {
            story_of.entry(event(m)).or_default().insert(s.id);
        }
    }
    for (e, ids) in story_of {
        assert_eq!(ids.len(), 1, "{e} is split over stories {ids:?}");
    }
}

#[test]
fn a_many_story_drop_splits_into_its_events() {
    let d = Drop::new();
    for f in fixture_files() {
        d.add(&f);
    }
    let r = d.scan();
    assert_one_event_per_story(&r);
    assert_eq!(r.stories.len(), 6, "{:?}", partition(&r));
}

#[test]
fn two_rounds_of_the_same_talks_weeks_apart_are_two_stories() {
    let d = Drop::new();
    for f in fixture_files()
        .iter()
        .filter(|f| event(&f.display().to_string()).starts_with("talks"))
    {
        d.add(f);
    }
    let r = d.scan();
    assert_one_event_per_story(&r);
    assert_eq!(r.stories.len(), 2);
}

#[test]
fn a_follow_up_a_day_later_joins_its_story() {
    let d = Drop::new();
    for f in fixture_files()
        .iter()
        .filter(|f| event(&f.display().to_string()).starts_with("quake"))
    {
        d.add(f);
    }
    let r = d.scan();
    let follow = r
        .items
        .iter()
        .find(|i| i.path.ends_with("quake_malatya_followup.txt"))
        .unwrap();
    let first = r
        .items
        .iter()
        .find(|i| i.path.ends_with("quake_malatya_1.txt"))
        .unwrap();
    assert_eq!(follow.story, first.story);
    assert_one_event_per_story(&r);
}

#[test]
fn the_seeds_are_one_story_of_five_outlets() {
    let (_tmp, dir, state) = crate::common::drops::seeds_copy();
    let r = triage::scan(&mut Store::open(&dir, Some(&state)).unwrap()).unwrap();
    assert_eq!(r.stories.len(), 1, "{:?}", r.stories);
    let s = &r.stories[0];
    assert_eq!(s.members.len(), 5);
    assert!(
        s.evidence.names.iter().any(|n| n == "Putin"),
        "{:?}",
        s.evidence
    );
    assert_eq!(s.evidence.date.as_deref(), Some("2025-12-03"));
}

/// The `date:` line of a fixture's front matter.
fn published(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let line = text.lines().find(|l| l.starts_with("date:")).unwrap();
    line["date:".len()..].trim().to_string()
}

/// Add `files` one at a time, rescanning after each: every article already there keeps its
/// story id, the first article of a new event gets an id never used before, and later
/// articles of an event join its story.
fn arrive_one_by_one(files: &[PathBuf]) {
    let d = Drop::new();
    let mut known: BTreeMap<String, u64> = BTreeMap::new();
    let mut event_id: BTreeMap<String, u64> = BTreeMap::new();
    let mut used: BTreeSet<u64> = BTreeSet::new();
    for f in files {
        d.add(f);
        let r = d.scan();
        for i in &r.items {
            let id = i.story.unwrap();
            if let Some(old) = known.get(&i.path) {
                assert_eq!(*old, id, "{} moved story", i.path);
                continue;
            }
            let e = event(&i.path);
            match event_id.get(&e) {
                Some(eid) => assert_eq!(*eid, id, "{} left its event's story", i.path),
                None => {
                    assert!(!used.contains(&id), "{} reused story {id}", i.path);
                    event_id.insert(e, id);
                }
            }
            known.insert(i.path.clone(), id);
            used.insert(id);
        }
    }
    assert_eq!(event_id.len(), 6);
}

#[test]
fn story_ids_stay_put_while_files_arrive_in_publication_order() {
    let mut files = fixture_files();
    files.sort_by_key(|f| published(f));
    arrive_one_by_one(&files);
}

/// Harder than a watched folder: the first report of every event, then the second of each,
/// so each story starts from one article.
#[test]
fn story_ids_stay_put_while_files_arrive_events_interleaved() {
    let mut files = fixture_files();
    files.sort_by_key(|f| {
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        let part = name.rsplit_once('_').unwrap().1.to_string();
        (part, name)
    });
    arrive_one_by_one(&files);
}

#[test]
fn a_rescan_of_an_unchanged_drop_keeps_every_story() {
    let d = Drop::new();
    for f in fixture_files() {
        d.add(&f);
    }
    let a = d.scan();
    let b = d.scan();
    assert_eq!(a.stories, b.stories);
}

#[test]
fn triage_json_carries_each_storys_evidence() {
    let d = Drop::new();
    for f in fixture_files() {
        d.add(&f);
    }
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .arg("triage")
        .arg(&d.dir)
        .arg("--state")
        .arg(&d.state)
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = v["stories"].as_array().unwrap();
    let hale = stories
        .iter()
        .find(|s| s["members"][0].as_str().unwrap().contains("court_hale"))
        .unwrap();
    // From the fixture's front matter: three outlets, published 10 and 11 March.
    let outlets: Vec<&str> = hale["outlets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_str().unwrap())
        .collect();
    assert_eq!(
        outlets,
        vec!["Colorado Ledger", "Front Range Courier", "Mountain Post"]
    );
    assert_eq!(hale["first_published"], "2026-03-10T17:40:00");
    assert_eq!(hale["last_published"], "2026-03-11T07:30:00");
    assert!(hale["first_seen"].as_i64().unwrap() > 0);
    assert!(hale["last_seen"].as_i64() >= hale["first_seen"].as_i64());
    let names: Vec<&str> = hale["evidence"]["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(names.contains(&"Patricia Okafor"), "{names:?}");
    assert_eq!(hale["evidence"]["date"], "2026-03-10");
    let label = hale["label"].as_str().unwrap();
    assert!(label.contains("Hale"), "a member's title: {label}");
}
