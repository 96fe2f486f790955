//! Watching a drop: a bare signal per burst of changes, in both modes.

use std::sync::mpsc::{sync_channel, Receiver};
use std::time::{Duration, Instant};

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
    let (tx, rx) = sync_channel(1);
    let _w = watch(tmp.path(), WatchMode::Notify, tx).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    for n in 0..50 {
        std::fs::write(
            tmp.path().join(format!("a{n}.txt")),
            format!("Article {n}\n\nText.\n"),
        )
        .unwrap();
    }
    // The worker is busy scanning for a while and reads the channel afterwards: one pending
    // signal covers the whole burst.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(count(&rx, Duration::from_millis(500)), 1);
    // And a later, separate change is signalled again.
    std::fs::remove_file(tmp.path().join("a7.txt")).unwrap();
    assert!(rx.recv_timeout(Duration::from_secs(3)).is_ok());
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
