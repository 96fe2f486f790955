//! Watching a drop: a bare signal per burst of changes, in both modes.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parallax::triage::watch::{watch_with, DEBOUNCE};
use parallax::triage::{watch, WatchMode};

/// Count signals arriving within `window`.
fn count(rx: &Receiver<()>, window: Duration) -> usize {
    let end = Instant::now() + window;
    let mut n = 0;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        if rx.recv_timeout(left).is_ok() {
            n += 1;
        }
    }
    n
}

#[test]
fn fifty_files_written_at_once_cause_one_rescan() {
    let tmp = tempfile::tempdir().unwrap();
    // Every signal the watcher gives, counted before any channel can merge them: without
    // debouncing, 50 files are over 50 signals.
    let signals = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&signals);
    let _w = watch_with(tmp.path(), WatchMode::Notify, move || {
        counter.fetch_add(1, Ordering::SeqCst);
    })
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let writing = std::time::Instant::now();
    for n in 0..50 {
        std::fs::write(
            tmp.path().join(format!("a{n}.txt")),
            format!("Article {n}\n\nText.\n"),
        )
        .unwrap();
    }
    let spread = writing.elapsed();
    std::thread::sleep(DEBOUNCE * 2 + Duration::from_secs(1));
    let burst = signals.load(Ordering::SeqCst);
    // One, or one more per debouncer tick (a quarter of DEBOUNCE, notify-debouncer-full's
    // default) a loaded machine spread the writes over (they take milliseconds on a quiet
    // one); never one per file.
    let windows = (spread.as_millis() / (DEBOUNCE.as_millis() / 4)) as usize;
    assert!(
        (1..=2 + windows).contains(&burst) && burst < 10,
        "{burst} signals for one burst written over {spread:?}"
    );
    // And a later, separate change is signalled again.
    std::fs::remove_file(tmp.path().join("a7.txt")).unwrap();
    std::thread::sleep(DEBOUNCE * 2 + Duration::from_secs(1));
    assert!(signals.load(Ordering::SeqCst) > burst);
}

#[test]
fn a_burst_of_signals_waits_in_the_channel_as_one() {
    let tmp = tempfile::tempdir().unwrap();
    let (tx, rx) = sync_channel(1);
    let _w = watch(tmp.path(), WatchMode::Notify, tx).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    // Three bursts, each its own debounced signal, while nobody reads the channel (a worker
    // busy scanning): one pending signal covers them all.
    for n in 0..3 {
        std::fs::write(tmp.path().join(format!("b{n}.txt")), "Text.\n").unwrap();
        std::thread::sleep(DEBOUNCE * 2 + Duration::from_millis(200));
    }
    assert_eq!(count(&rx, Duration::from_millis(500)), 1);
}

#[test]
fn hidden_files_do_not_signal() {
    let tmp = tempfile::tempdir().unwrap();
    let (tx, rx) = sync_channel(1);
    let _w = watch(tmp.path(), WatchMode::Notify, tx).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    std::fs::write(tmp.path().join(".swap"), "x").unwrap();
    assert_eq!(count(&rx, Duration::from_millis(1200)), 0);
}

#[test]
fn polling_notices_new_changed_and_deleted_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), "one").unwrap();
    let (tx, rx) = sync_channel(1);
    let w = watch(tmp.path(), WatchMode::Poll(Duration::from_millis(100)), tx).unwrap();
    assert_eq!(
        count(&rx, Duration::from_millis(300)),
        0,
        "no change, no signal"
    );
    std::fs::write(tmp.path().join("b.txt"), "two").unwrap();
    assert!(rx.recv_timeout(Duration::from_secs(2)).is_ok());
    std::fs::write(tmp.path().join("a.txt"), "one, longer").unwrap();
    assert!(rx.recv_timeout(Duration::from_secs(2)).is_ok());
    std::fs::remove_file(tmp.path().join("b.txt")).unwrap();
    assert!(rx.recv_timeout(Duration::from_secs(2)).is_ok());
    drop(w);
    std::fs::write(tmp.path().join("c.txt"), "three").unwrap();
    assert_eq!(
        count(&rx, Duration::from_millis(400)),
        0,
        "stopped when dropped"
    );
}

#[cfg(unix)]
#[test]
fn both_modes_see_a_file_added_behind_a_symlinked_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("old.txt"), "Text.\n").unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("linked")).unwrap();
    for (n, mode) in [
        WatchMode::Poll(Duration::from_millis(100)),
        WatchMode::Notify,
    ]
    .into_iter()
    .enumerate()
    {
        let (tx, rx) = sync_channel(1);
        let _w = watch(&dir, mode, tx).unwrap();
        std::thread::sleep(Duration::from_millis(300));
        let _ = count(&rx, Duration::from_millis(100));
        std::fs::write(elsewhere.join(format!("new{n}.txt")), "Text.\n").unwrap();
        assert!(
            rx.recv_timeout(Duration::from_secs(3)).is_ok(),
            "{mode:?} missed a file behind the link"
        );
    }
}
