//! Pins in the triage state: saved, replaced, forgotten, surviving reopening; and a state file
//! from before pins existed (schema 1) upgraded in place, keeping its files.

use std::path::PathBuf;

use parallax::triage::{self, ParaKey, PinRecord, Store};

use crate::common::drops;
use drops::seeds_copy as drop_with_seeds;

fn key(dir: &std::path::Path, name: &str, hash: &str) -> ParaKey {
    ParaKey {
        path: dir.join(name).display().to_string(),
        hash: hash.into(),
    }
}

#[test]
fn pins_are_saved_replaced_and_forgotten_across_reopening() {
    let (_t, dir, state) = drop_with_seeds();
    let (a, b, c) = (
        key(&dir, "a.txt", "aa"),
        key(&dir, "b.txt", "bb"),
        key(&dir, "c.txt", "cc"),
    );
    {
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        s.set_pin(&PinRecord {
            a: a.clone(),
            b: b.clone(),
            pinned: true,
        })
        .unwrap();
        s.set_pin(&PinRecord {
            a: a.clone(),
            b: c.clone(),
            pinned: false,
        })
        .unwrap();
        // Said again of the same pair: replaces, not adds.
        s.set_pin(&PinRecord {
            a: a.clone(),
            b: b.clone(),
            pinned: false,
        })
        .unwrap();
    }
    let mut s = Store::open(&dir, Some(&state)).unwrap();
    assert_eq!(
        s.pins().unwrap(),
        vec![
            PinRecord {
                a: a.clone(),
                b: b.clone(),
                pinned: false
            },
            PinRecord {
                a: a.clone(),
                b: c.clone(),
                pinned: false
            },
        ]
    );
    s.clear_pin(&c, &a).unwrap(); // either order
    assert_eq!(s.pins().unwrap().len(), 1);
    // The folder spelled another way keeps one state: pins come back under that spelling.
    drop(s);
    let other = PathBuf::from(format!("{}/.", dir.display()));
    let s = Store::open(&other, Some(&state)).unwrap();
    let pins = s.pins().unwrap();
    assert_eq!(pins.len(), 1);
    assert!(
        triage::pins::same_path(&pins[0].a.path, &a.path),
        "{pins:?}"
    );
}

#[test]
fn a_schema_1_state_is_upgraded_with_its_files_kept() {
    let (_t, dir, state) = drop_with_seeds();
    {
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        triage::scan(&mut s).unwrap();
        triage::mark_seen(&mut s).unwrap();
    }
    // Make it a schema-1 file: no pins table (schema 2), no embeddings table (schema 3), no
    // outlet names (schema 4), version 1.
    {
        let c = rusqlite::Connection::open(&state).unwrap();
        c.execute_batch("DROP TABLE pins; DROP TABLE embeddings; DROP TABLE outlet_names;")
            .unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
    }
    let mut s = Store::open(&dir, Some(&state)).unwrap();
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    assert!(s.pins().unwrap().is_empty());
    let report = triage::scan(&mut s).unwrap();
    assert!(report
        .items
        .iter()
        .all(|it| it.status == triage::Status::Seen));
    let v: i32 = rusqlite::Connection::open(&state)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    // Upgraded through every migration to this build's schema (4: outlet names).
    assert_eq!(v, 4);
}
