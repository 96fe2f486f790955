//! Triage through the library, the way the app uses it: a temp drop folder, a state file
//! outside it, scans as files arrive. Expected verdicts come from how the fixtures were written
//! (see tests/fixtures/triage/README.md), not from the output.

use std::path::{Path, PathBuf};

use parallax::triage::{self, ChangeClass, Flag, Item, Report, Status, Store, Verdict};

const FIXTURES: &str = "tests/fixtures/triage";

/// A drop folder and a state file beside it (never inside).
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
        let state = tmp.path().join("state").join("triage.db");
        Drop {
            _tmp: tmp,
            dir,
            state,
        }
    }

    /// A drop holding the seeds, scanned once and marked seen.
    fn seeds_seen() -> Drop {
        let d = Drop::new();
        for e in std::fs::read_dir("seeds").unwrap() {
            let p = e.unwrap().path();
            std::fs::copy(&p, d.dir.join(p.file_name().unwrap())).unwrap();
        }
        let mut s = d.open();
        triage::scan(&mut s).unwrap();
        triage::mark_seen(&mut s).unwrap();
        d
    }

    fn open(&self) -> Store {
        Store::open(&self.dir, Some(&self.state)).unwrap()
    }

    fn add(&self, fixture: &str) {
        std::fs::copy(Path::new(FIXTURES).join(fixture), self.dir.join(fixture)).unwrap();
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    fn scan(&self) -> Report {
        triage::scan(&mut self.open()).unwrap()
    }
}

fn item<'a>(r: &'a Report, d: &Drop, name: &str) -> &'a Item {
    let p = d.path(name);
    r.items
        .iter()
        .find(|i| i.path == p)
        .unwrap_or_else(|| panic!("no item {p}"))
}

const SEED0: &str = "000_61c82fb66aab7e52.txt";
const SEED3: &str = "003_e3b044bbee90a5bb.txt";
const SEED4: &str = "004_7c10115e6b663d8e.txt";

#[test]
fn seeds_marked_seen_then_each_new_file_gets_its_verdict() {
    let d = Drop::seeds_seen();
    for f in [
        "duplicate_of_003.txt",
        "near_duplicate_of_000.txt",
        "revision_of_004.txt",
        "same_story_kyiv_view.txt",
        "new_story_floods.txt",
    ] {
        d.add(f);
    }
    let r = d.scan();
    for seed in [SEED0, SEED3, SEED4] {
        assert_eq!(item(&r, &d, seed).status, Status::Seen);
    }
    let expect = [
        ("duplicate_of_003.txt", Verdict::Duplicate, vec![SEED3]),
        (
            "near_duplicate_of_000.txt",
            Verdict::NearDuplicate,
            vec![SEED0],
        ),
        ("revision_of_004.txt", Verdict::Revision, vec![SEED4]),
        ("new_story_floods.txt", Verdict::NewStory, vec![]),
    ];
    for (name, verdict, of) in expect {
        let i = item(&r, &d, name);
        assert_eq!(i.status, Status::New, "{name}");
        assert_eq!(i.verdict, Some(verdict), "{name}");
        let of: Vec<String> = of.iter().map(|o| d.path(o)).collect();
        assert_eq!(i.of, of, "{name}");
    }
    let dup = item(&r, &d, "duplicate_of_003.txt");
    assert_eq!(dup.score, Some(1.0));
    assert_eq!(dup.novelty, 0.0, "a duplicate adds nothing");
    let near = item(&r, &d, "near_duplicate_of_000.txt");
    assert!(near.score.unwrap() >= 0.8 && near.score.unwrap() < 1.0);
    let same = item(&r, &d, "same_story_kyiv_view.txt");
    assert_eq!(same.verdict, Some(Verdict::SameStory));
    assert_eq!(same.story, item(&r, &d, SEED0).story);
    assert!(same.of.contains(&d.path(SEED4)));
    let flood = item(&r, &d, "new_story_floods.txt");
    assert_ne!(flood.story, item(&r, &d, SEED0).story);
    assert_eq!(flood.novelty, 1.0, "alone in its story, everything is new");
    // New items come before seen ones.
    let first_seen = r
        .items
        .iter()
        .position(|i| i.status == Status::Seen)
        .unwrap();
    assert!(r.items[..first_seen]
        .iter()
        .all(|i| i.status == Status::New));
}

#[test]
fn revision_shows_what_changed() {
    let d = Drop::seeds_seen();
    d.add("revision_of_004.txt");
    let r = d.scan();
    let c = item(&r, &d, "revision_of_004.txt").changes.clone().unwrap();
    assert_eq!(c.class, Some(ChangeClass::Substantive));
    // Paragraph 4 ("Witkoff made no public comments ...") was edited; 22 was added at the end.
    assert_eq!(c.edited, vec![(4, 4)]);
    assert_eq!(c.added, vec![22]);
    assert!(c.removed.is_empty() && c.moved.is_empty() && !c.title_changed);
    assert!(c.removed_lines_changed, "the Updated: line is new");
}

#[test]
fn a_resaved_file_is_a_cosmetic_revision_of_itself_and_moved_paragraphs_are_structural() {
    let d = Drop::seeds_seen();
    let p = d.dir.join(SEED4);
    let text = std::fs::read_to_string(&p).unwrap();
    // Curly quotes straightened and a double space: nothing a reader would call a change.
    std::fs::write(&p, text.replace(['“', '”'], "\"").replace(". ", ".  ")).unwrap();
    let r = d.scan();
    let i = item(&r, &d, SEED4);
    assert_eq!(i.status, Status::Changed);
    assert_eq!(i.verdict, Some(Verdict::Revision));
    assert_eq!(i.of, vec![d.path(SEED4)]);
    assert_eq!(
        i.changes.as_ref().unwrap().class,
        Some(ChangeClass::Cosmetic)
    );

    // Swap two body paragraphs.
    let a = "Witkoff made no public comments as he left the U.S. Embassy.";
    let b = "Despite the length and intensity of the talks, Moscow said the meeting produced “no real progress.”";
    let swapped = text.replace(a, "@@A@@").replace(b, a).replace("@@A@@", b);
    std::fs::write(&p, swapped).unwrap();
    let r = d.scan();
    let c = item(&r, &d, SEED4).changes.clone().unwrap();
    assert_eq!(c.class, Some(ChangeClass::Structural));
    assert!(!c.moved.is_empty());
}

#[test]
fn same_story_article_lists_its_novel_paragraphs() {
    let d = Drop::seeds_seen();
    d.add("same_story_kyiv_view.txt");
    let r = d.scan();
    let i = item(&r, &d, "same_story_kyiv_view.txt");
    // Paragraphs 1 and 2 are copied from seed 004; 0, 3, 4, 5 (Umerov in Brussels, Kyiv's
    // briefing, power cuts, the poll) appear in no seed.
    assert_eq!(i.novel_paragraphs, vec![0, 3, 4, 5]);
    // The figure is the share of its words they hold (and any new sentence elsewhere).
    let a = parallax::ingest::load_file(
        &Path::new(FIXTURES).join("same_story_kyiv_view.txt"),
        &Default::default(),
    )
    .unwrap();
    let n = parallax::align::novelty::Novelty::of(&a, &i.novel_paragraphs, &i.novel_sentences);
    assert!(
        (i.novelty - n.share).abs() < 1e-6,
        "{} vs {}",
        i.novelty,
        n.share
    );
    assert!(n.share > 0.5 && n.share < 1.0, "{}", n.share);
    // The seed the two paragraphs came from is no longer fully novel... it never was:
    // seed 004 shares those paragraphs, so they are not novel there either.
    let s4 = item(&r, &d, SEED4);
    assert!(!s4.novel_paragraphs.contains(&4));
}

#[test]
fn a_mixed_two_story_drop_clusters_by_event() {
    let d = Drop::seeds_seen();
    for f in [
        "new_story_floods.txt",
        "floods_second_outlet.txt",
        "floods_third_outlet.txt",
    ] {
        d.add(f);
    }
    let r = d.scan();
    assert_eq!(r.stories.len(), 2, "{:#?}", r.stories);
    let mut floods: Vec<String> = [
        "floods_second_outlet.txt",
        "floods_third_outlet.txt",
        "new_story_floods.txt",
    ]
    .iter()
    .map(|f| d.path(f))
    .collect();
    floods.sort();
    let mut seeds: Vec<String> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| d.path(&e.unwrap().file_name().to_string_lossy()))
        .collect();
    seeds.sort();
    let mut got: Vec<Vec<String>> = r
        .stories
        .iter()
        .map(|s| {
            let mut m = s.members.clone();
            m.sort();
            m
        })
        .collect();
    got.sort();
    let mut want = vec![seeds, floods];
    want.sort();
    assert_eq!(got, want);
    // The first flood article (path order among files that arrived together) opens its story.
    let first = item(&r, &d, "floods_second_outlet.txt");
    assert_eq!(first.verdict, Some(Verdict::NewStory));
    assert_eq!(
        item(&r, &d, "new_story_floods.txt").verdict,
        Some(Verdict::SameStory)
    );
}

#[test]
fn state_survives_reopening_and_story_ids_stay_put() {
    let d = Drop::seeds_seen();
    let before = d.scan();
    let mut s = d.open();
    assert_eq!(s.set_flag(&d.path(SEED0), Flag::Starred, true).unwrap(), 1);
    drop(s);
    d.add("new_story_floods.txt");
    let after = d.scan();
    assert!(item(&after, &d, SEED0).starred);
    for seed in [SEED0, SEED3, SEED4] {
        assert_eq!(item(&after, &d, seed).status, Status::Seen);
        assert_eq!(item(&after, &d, seed).story, item(&before, &d, seed).story);
        assert_eq!(
            item(&after, &d, seed).first_seen,
            item(&before, &d, seed).first_seen
        );
    }
    // A deleted file is reported once, then forgotten when marked seen.
    std::fs::remove_file(d.dir.join(SEED3)).unwrap();
    let r = d.scan();
    assert_eq!(item(&r, &d, SEED3).status, Status::Deleted);
    assert_eq!(r.items.last().unwrap().path, d.path(SEED3));
    let mut s = d.open();
    triage::scan(&mut s).unwrap();
    triage::mark_seen(&mut s).unwrap();
    let r = d.scan();
    assert!(r.items.iter().all(|i| i.path != d.path(SEED3)));
    assert_eq!(item(&r, &d, "new_story_floods.txt").status, Status::Seen);
}

#[test]
fn reading_one_copy_marks_its_copies_read() {
    let d = Drop::seeds_seen();
    d.add("duplicate_of_003.txt");
    d.add("near_duplicate_of_000.txt");
    let r = d.scan();
    assert!(!item(&r, &d, "duplicate_of_003.txt").read);
    let mut s = d.open();
    assert_eq!(s.set_flag(&d.path(SEED3), Flag::Read, true).unwrap(), 1);
    // By content hash too: the near-duplicate's file hash.
    let nd_hash = item(&r, &d, "near_duplicate_of_000.txt").hash.clone();
    assert_eq!(s.set_flag(&nd_hash, Flag::Read, true).unwrap(), 1);
    let r = triage::scan(&mut s).unwrap();
    assert!(
        item(&r, &d, "duplicate_of_003.txt").read,
        "duplicate of a read text"
    );
    assert!(
        item(&r, &d, SEED0).read,
        "syndicated original of a read copy"
    );
    assert!(!item(&r, &d, SEED4).read, "another article stays unread");
    s.set_flag(&d.path("duplicate_of_003.txt"), Flag::Read, false)
        .unwrap();
    let r = triage::scan(&mut s).unwrap();
    assert!(!item(&r, &d, SEED3).read && !item(&r, &d, "duplicate_of_003.txt").read);
    assert_eq!(s.set_flag("no-such-file", Flag::Read, true).unwrap(), 0);
}

#[test]
fn an_empty_file_is_reported_and_the_rest_goes_on() {
    let d = Drop::seeds_seen();
    std::fs::write(d.dir.join("empty.txt"), b"").unwrap();
    d.add("new_story_floods.txt");
    let r = d.scan();
    let e = item(&r, &d, "empty.txt");
    assert_eq!(e.verdict, None);
    assert!(e.warning.as_deref().unwrap().contains("empty"));
    assert_eq!(
        item(&r, &d, "new_story_floods.txt").verdict,
        Some(Verdict::NewStory)
    );
}

#[test]
fn the_state_file_may_not_live_in_the_drop_folder() {
    let d = Drop::new();
    let inside = d.dir.join("state.db");
    let err = Store::open(&d.dir, Some(&inside)).err().unwrap();
    assert!(format!("{err:#}").contains("must not be inside"));
    assert!(!inside.exists());
}

#[test]
fn the_same_drop_gives_the_same_report() {
    let d = Drop::seeds_seen();
    d.add("near_duplicate_of_000.txt");
    d.add("same_story_kyiv_view.txt");
    // Everything but the clock (last_seen moves with every scan).
    let without_times = |mut r: Report| {
        for i in &mut r.items {
            i.last_seen = 0;
        }
        serde_json::to_string(&r).unwrap()
    };
    let a = without_times(d.scan());
    let b = without_times(d.scan());
    assert_eq!(a, b);
}

#[test]
fn the_folder_spelled_differently_keeps_its_state() {
    let d = Drop::seeds_seen();
    let other = d.dir.join(".");
    let mut s = Store::open(&other, Some(&d.state)).unwrap();
    let r = triage::scan(&mut s).unwrap();
    assert_eq!(r.items.len(), 5);
    assert!(
        r.items.iter().all(|i| i.status == Status::Seen),
        "{:#?}",
        r.items
    );
    let shown = other.join(SEED0).display().to_string();
    assert!(r.items.iter().any(|i| i.path == shown));
    assert_eq!(s.set_flag(&shown, Flag::Starred, true).unwrap(), 1);
}

#[cfg(unix)]
#[test]
fn a_self_link_in_the_drop_lists_each_file_once_and_names_the_loop() {
    let d = Drop::new();
    d.add("new_story_floods.txt");
    d.add("floods_second_outlet.txt");
    let link = d.dir.join("self");
    std::os::unix::fs::symlink(".", &link).unwrap();
    let r = d.scan();
    let mut paths: Vec<&str> = r.items.iter().map(|i| i.path.as_str()).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            d.path("floods_second_outlet.txt"),
            d.path("new_story_floods.txt")
        ]
    );
    let about_link: Vec<&String> = r
        .warnings
        .iter()
        .filter(|w| w.starts_with(&link.display().to_string()))
        .collect();
    assert_eq!(about_link.len(), 1, "{:?}", r.warnings);
    assert!(
        about_link[0].contains("symbolic link loop"),
        "{about_link:?}"
    );
}

#[test]
fn triage_novelty_is_the_figure_sources_shows() {
    // One measure (issue 17): Triage's novelty of each seed is the share of its words the
    // story's alignment leaves unique, exactly as Sources and the Overview count it.
    let d = Drop::seeds_seen();
    let r = d.scan();
    let mut names: Vec<String> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let paths: Vec<PathBuf> = names.iter().map(|n| Path::new("seeds").join(n)).collect();
    let drop = parallax::ingest::load_paths(&paths, &Default::default());
    let al = parallax::align::align_drop(&drop.articles);
    let marks = al.paragraph_marks(&drop.articles);
    let shares = al.article_shares(&drop.articles, &marks);
    let mut with_new_sentences = 0;
    for (name, st) in names.iter().zip(&shares) {
        let it = item(&r, &d, name);
        assert!(
            (it.novelty - st.unique_share).abs() < 1e-6,
            "{name}: triage {} vs sources {}",
            it.novelty,
            st.unique_share
        );
        with_new_sentences += usize::from(!it.novel_sentences.is_empty());
    }
    assert!(
        shares.iter().any(|s| s.unique_share > 0.0),
        "the seeds each add something"
    );
    assert!(
        with_new_sentences > 0,
        "some seed adds a sentence to a shared paragraph"
    );
}
