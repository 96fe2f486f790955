//! Watching a drop folder: forwards a bare "drop changed" signal, never the events themselves.
//! The receiver re-scans (see [`super::scan`]) and the state says what changed, so a burst of
//! 500 files costs one or two scans, not 500 messages.
//!
//! Two modes, as gitui does it: debounced OS notifications (notify), and polling of the folder's
//! file list, sizes and modification times, for network drives and platforms where notify is
//! unreliable.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the folder must stay quiet before a signal goes out: short enough that new files
/// show within about a second, long enough that a burst of writes is one signal.
pub const DEBOUNCE: Duration = Duration::from_millis(300);
/// Default polling interval for [`WatchMode::Poll`].
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How to notice changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchMode {
    /// OS notifications (inotify, FSEvents, ...), debounced by [`DEBOUNCE`].
    Notify,
    /// List the folder every interval and signal when any file's name, size or mtime changed.
    Poll(Duration),
}

/// A running watch; dropping it stops watching (the poll thread is joined).
pub struct Watcher {
    inner: Inner,
}

enum Inner {
    /// Kept only to keep watching: dropping the debouncer stops it.
    Notify {
        _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    },
    Poll {
        stop: Arc<AtomicBool>,
        thread: Option<JoinHandle<()>>,
    },
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Inner::Poll { stop, thread } = &mut self.inner {
            stop.store(true, Ordering::Relaxed);
            if let Some(t) = thread.take() {
                let _ = t.join();
            }
        }
    }
}

/// Watch `dir` and send `()` on `tx` when its files change. Signals coalesce: while one is
/// waiting unread in the channel no other is queued, so create the channel with
/// `std::sync::mpsc::sync_channel(1)`. The signal carries nothing: scan again.
pub fn watch(dir: &Path, mode: WatchMode, tx: SyncSender<()>) -> Result<Watcher> {
    watch_with(dir, mode, move || {
        // Full means a signal is already pending, which covers this change too.
        let _ = tx.try_send(());
    })
}

/// Like [`watch`], but call `on_change` (from a watcher thread) instead of sending on a
/// channel, for fronts that want the signal as their own message type.
pub fn watch_with<F>(dir: &Path, mode: WatchMode, on_change: F) -> Result<Watcher>
where
    F: Fn() + Send + 'static,
{
    match mode {
        WatchMode::Notify => {
            let mut debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
                if let Ok(events) = res {
                    if events.iter().any(|e| relevant(&e.event)) {
                        on_change();
                    }
                }
            })
            .context("cannot start the file watcher")?;
            debouncer
                .watch(dir, RecursiveMode::Recursive)
                .with_context(|| format!("{}: cannot watch folder", dir.display()))?;
            Ok(Watcher {
                inner: Inner::Notify {
                    _debouncer: debouncer,
                },
            })
        }
        WatchMode::Poll(interval) => {
            let stop = Arc::new(AtomicBool::new(false));
            let dir = dir.to_path_buf();
            let flag = Arc::clone(&stop);
            let thread = std::thread::Builder::new()
                .name("parallax-triage-poll".into())
                .spawn(move || poll_loop(&dir, interval, &flag, on_change))
                .context("cannot start the polling thread")?;
            Ok(Watcher {
                inner: Inner::Poll {
                    stop,
                    thread: Some(thread),
                },
            })
        }
    }
}

/// Creations, writes, renames and removals of visible files matter; reads and metadata-only
/// touches of hidden files (editor swap files, `.DS_Store`) do not.
fn relevant(e: &notify::Event) -> bool {
    use notify::EventKind;
    matches!(
        e.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && e.paths.iter().any(|p| !hidden(p))
}

fn hidden(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

fn poll_loop<F: Fn()>(dir: &Path, interval: Duration, stop: &AtomicBool, on_change: F) {
    let mut last = fingerprint(dir);
    // Sleep in short steps so dropping the watcher returns quickly.
    let step = Duration::from_millis(50).min(interval);
    while !stop.load(Ordering::Relaxed) {
        let mut slept = Duration::ZERO;
        while slept < interval && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(step);
            slept += step;
        }
        let now = fingerprint(dir);
        if now != last {
            last = now;
            on_change();
        }
    }
}

/// A hash of every visible file's path, size and mtime under `dir`.
fn fingerprint(dir: &Path) -> blake3::Hash {
    let mut files: Vec<(PathBuf, u64, u128)> = Vec::new();
    collect(dir, &mut files);
    files.sort();
    let mut h = blake3::Hasher::new();
    for (p, size, mtime) in files {
        h.update(p.to_string_lossy().as_bytes());
        h.update(&size.to_le_bytes());
        h.update(&mtime.to_le_bytes());
    }
    h.finalize()
}

fn collect(dir: &Path, out: &mut Vec<(PathBuf, u64, u128)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if hidden(&p) {
            continue;
        }
        let Ok(m) = e.metadata() else { continue };
        if m.is_dir() {
            collect(&p, out);
        } else {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            out.push((p, m.len(), mtime));
        }
    }
}
