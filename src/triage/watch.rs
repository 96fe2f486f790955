//! Watching a drop folder: forwards a bare "drop changed" signal, never the events themselves.
//! The receiver re-scans (see [`super::scan`]) and the state says what changed, so a burst of
//! 500 files costs one or two scans, not 500 messages.
//!
//! Two modes, as gitui does it: debounced OS notifications (notify), and polling of the folder's
//! file list, sizes and modification times, for network drives and platforms where notify is
//! unreliable. Polling lists the folder with the same walker as a scan (`ingest::walk`), so it
//! sees what a scan would: symlinked folders followed, loops stopped, non-articles ignored.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, UNIX_EPOCH};

use anyhow::{Context, Result};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

use crate::ingest::{is_skipped_name, walk};

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
            let root = dir.to_path_buf();
            let mut debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
                if let Ok(events) = res {
                    if events.iter().any(|e| relevant(&e.event, &root)) {
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

/// Creations, writes, renames and removals matter, except under names the walker skips
/// (`.DS_Store`, editor swap files and backups, `node_modules`): reads and metadata-only
/// touches of those would only trigger scans that find nothing.
fn relevant(e: &notify::Event, dir: &Path) -> bool {
    use notify::EventKind;
    matches!(
        e.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    ) && e.paths.iter().any(|p| !skipped(p, dir))
}

/// Whether a change to an entry called `name` is ignored: the walker skips it, and it is not
/// the drop's `drop.toml` (which renames outlets, so a change to it is a change to the drop).
fn ignored(name: &str) -> bool {
    is_skipped_name(name) && name != crate::ingest::DROP_FILE
}

/// Whether the walker skips `p` by name: any part of it below `dir` is a skipped name.
fn skipped(p: &Path, dir: &Path) -> bool {
    let below = p
        .strip_prefix(dir)
        .ok()
        .filter(|r| !r.as_os_str().is_empty());
    match below {
        Some(rel) => rel
            .components()
            .any(|c| ignored(&c.as_os_str().to_string_lossy())),
        // Reported under another spelling of the folder: judge the name alone.
        None => p.file_name().is_some_and(|n| ignored(&n.to_string_lossy())),
    }
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

/// A hash of what a scan would see: every file the walker takes under `dir` (the same walk as
/// [`super::scan`], following symlinks) with its size and mtime, and the walk's warnings (a
/// PDF dropped in changes the report too).
fn fingerprint(dir: &Path) -> blake3::Hash {
    let walked = walk(&[dir.to_path_buf()]);
    let mut h = blake3::Hasher::new();
    // The drop's outlet names are part of the drop, though never walked as an article.
    let drop_file = dir.join(crate::ingest::DROP_FILE);
    for file in walked.files.iter().chain(std::iter::once(&drop_file)) {
        h.update(file.as_os_str().as_encoded_bytes());
        // A file gone since the walk counts as changed: hash that it could not be read.
        let (size, mtime) = std::fs::metadata(file).map_or((u64::MAX, 0), |m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            (m.len(), mtime)
        });
        h.update(&size.to_le_bytes());
        h.update(&mtime.to_le_bytes());
    }
    for w in &walked.warnings {
        h.update(w.to_string().as_bytes());
        h.update(b"\n");
    }
    h.finalize()
}
