//! Who copied whom: triage's derivation on fixtures whose sources are known (see
//! tests/fixtures/reuse/README.md), through the library and through `triage --json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use parallax::triage::{self, DerivationClass, Item, Report, Store};

const FIXTURES: &str = "tests/fixtures/reuse";
const FILES: [&str; 6] = [
    "wire.txt",
    "copy_with_paragraph.txt",
    "trimmed_copy.txt",
    "rewrite_of_wire.txt",
    "local_report.txt",
    "copy_of_local.txt",
];

struct Drop {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
    state: PathBuf,
}

/// All six fixtures in one drop, its state beside it.
fn drop() -> Drop {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    for f in FILES {
        std::fs::copy(Path::new(FIXTURES).join(f), dir.join(f)).unwrap();
    }
    let state = tmp.path().join("state").join("triage.db");
    Drop {
        _tmp: tmp,
        dir,
        state,
    }
}

fn scan(d: &Drop) -> Report {
    triage::scan(&mut Store::open(&d.dir, Some(&d.state)).unwrap()).unwrap()
}

fn item<'a>(r: &'a Report, d: &Drop, name: &str) -> &'a Item {
    let p = d.dir.join(name).display().to_string();
    r.items.iter().find(|i| i.path == p).unwrap()
}

/// The file names of an item's sources, in its order.
fn sources(it: &Item) -> Vec<String> {
    it.derived_from
        .iter()
        .map(|s| {
            Path::new(&s.path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[test]
fn the_fixtures_are_one_story() {
    let d = drop();
    let r = scan(&d);
    assert_eq!(r.stories.len(), 1, "{:?}", r.stories);
}

#[test]
fn the_source_is_independent_and_all_its_own_reporting() {
    let d = drop();
    let r = scan(&d);
    let wire = item(&r, &d, "wire.txt");
    assert_eq!(wire.derivation, Some(DerivationClass::Independent));
    assert!(wire.derived_from.is_empty(), "{:?}", wire.derived_from);
    assert_eq!(wire.own_reporting, 1.0);
}

#[test]
fn a_copy_with_a_paragraph_added_is_wholly_derived_and_keeps_that_paragraph() {
    let d = drop();
    let r = scan(&d);
    let it = item(&r, &d, "copy_with_paragraph.txt");
    assert_eq!(
        it.derivation,
        Some(DerivationClass::WhollyDerived),
        "{it:?}"
    );
    assert_eq!(sources(it), vec!["wire.txt"]);
    let s = &it.derived_from[0];
    assert!(s.verbatim > 0.75 && s.rewrite == 0.0, "{s:?}");
    assert_eq!(it.own_paragraphs, vec![5]);
    assert!(it.own_reporting > 0.05 && it.own_reporting < 0.2, "{it:?}");
}

#[test]
fn an_undated_trimmed_copy_comes_from_the_source_by_containment() {
    let d = drop();
    let r = scan(&d);
    let it = item(&r, &d, "trimmed_copy.txt");
    assert_eq!(
        it.derivation,
        Some(DerivationClass::WhollyDerived),
        "{it:?}"
    );
    // The same sentences are in copy_with_paragraph.txt too, published later: the wire gets them.
    assert_eq!(sources(it), vec!["wire.txt"]);
    assert!(it.derived_from[0].rewrite > 0.0, "{:?}", it.derived_from);
    assert!(it.own_paragraphs.is_empty());
}

#[test]
fn a_second_outlet_rewriting_the_same_source_is_partially_derived_from_it() {
    let d = drop();
    let r = scan(&d);
    let it = item(&r, &d, "rewrite_of_wire.txt");
    assert_eq!(
        it.derivation,
        Some(DerivationClass::PartiallyDerived),
        "{it:?}"
    );
    assert_eq!(sources(it), vec!["wire.txt"]);
    let s = &it.derived_from[0];
    assert!(s.rewrite > s.verbatim, "{s:?}");
    assert_eq!(it.own_paragraphs, vec![1, 3]);
}

#[test]
fn one_outlet_copying_another_names_that_outlet_and_an_own_report_is_independent() {
    let d = drop();
    let r = scan(&d);
    let local = item(&r, &d, "local_report.txt");
    assert_eq!(
        local.derivation,
        Some(DerivationClass::Independent),
        "{local:?}"
    );
    let it = item(&r, &d, "copy_of_local.txt");
    assert_eq!(
        it.derivation,
        Some(DerivationClass::WhollyDerived),
        "{it:?}"
    );
    assert_eq!(sources(it), vec!["local_report.txt"]);
    assert_eq!(it.own_paragraphs, vec![3]);
}

#[test]
fn a_rescan_reads_the_same_derivation_from_the_cache() {
    let d = drop();
    let first = scan(&d);
    let again = scan(&d);
    for f in FILES {
        let (a, b) = (item(&first, &d, f), item(&again, &d, f));
        assert_eq!(a.derived_from, b.derived_from, "{f}");
        assert_eq!(a.own_paragraphs, b.own_paragraphs, "{f}");
    }
}

#[test]
fn triage_json_carries_derived_from_and_derivation() {
    let d = drop();
    let out = Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .arg("triage")
        .arg(&d.dir)
        .arg("--state")
        .arg(&d.state)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let items = doc["items"].as_array().unwrap();
    let copy = items
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("copy_of_local.txt"))
        .unwrap();
    assert_eq!(copy["derivation"], "wholly_derived");
    let from = &copy["derived_from"][0];
    assert!(from["path"].as_str().unwrap().ends_with("local_report.txt"));
    let (share, v, rw) = (
        from["share"].as_f64().unwrap(),
        from["verbatim"].as_f64().unwrap(),
        from["rewrite"].as_f64().unwrap(),
    );
    assert!((share - (v + rw)).abs() < 1e-4 && share > 0.8, "{from}");
    assert!(copy["own_reporting"].as_f64().unwrap() < 0.2);
    assert_eq!(copy["own_paragraphs"], serde_json::json!([3]));
}
