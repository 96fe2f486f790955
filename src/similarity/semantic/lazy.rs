//! The embedder loaded on first use: a run whose every text is already in the cache never
//! opens the weights (reading and preparing 90 MB costs several times aligning the seeds from
//! cached vectors). Until then the model is known by its [`Identity`] alone.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use anyhow::{anyhow, Result};

use super::description::Description;
use super::embed::Embedder;
use super::identity::Identity;
use super::kernel_choice::Kernel;

/// A model folder and its identity, with the embedder loaded at most once, when first needed.
pub struct LazyEmbedder {
    dir: PathBuf,
    id: Identity,
    kernel: Kernel,
    /// What its vectors are cached under: the identity's fingerprint with the kernel's mark.
    fingerprint: String,
    /// The loaded embedder, or why it could not load (kept: every later ask gets the same answer).
    cell: OnceLock<Result<Embedder, String>>,
}

impl std::fmt::Debug for LazyEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyEmbedder")
            .field("dir", &self.dir)
            .field("dim", &self.id.dim)
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl LazyEmbedder {
    /// The model in `dir`, known as `id`, to run on `kernel`, not loaded yet.
    pub fn new(dir: PathBuf, id: Identity, kernel: Kernel) -> LazyEmbedder {
        LazyEmbedder {
            dir,
            fingerprint: kernel.fingerprint(&id.fingerprint),
            id,
            kernel,
            cell: OnceLock::new(),
        }
    }

    /// [`LazyEmbedder::new`], shared with any live embedder of the same folder and
    /// fingerprint in this process: the app's triage worker and its refinement each find the
    /// model, and its weights (hundreds of MB for e5) are then held once.
    pub fn shared(dir: PathBuf, id: Identity, kernel: Kernel) -> Arc<LazyEmbedder> {
        static LIVE: Mutex<Vec<Weak<LazyEmbedder>>> = Mutex::new(Vec::new());
        let fresh = LazyEmbedder::new(dir, id, kernel);
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        live.retain(|w| w.strong_count() > 0);
        let same = live
            .iter()
            .filter_map(Weak::upgrade)
            .find(|e| e.dir == fresh.dir && e.fingerprint == fresh.fingerprint);
        same.unwrap_or_else(|| {
            let e = Arc::new(fresh);
            live.push(Arc::downgrade(&e));
            e
        })
    }

    /// An embedder already loaded (tests and benches that load one themselves).
    pub fn ready(embedder: Embedder) -> LazyEmbedder {
        // The identity's fingerprint is unknown here (the embedder keeps the kernel's only),
        // and nothing asks for it: this one is never loaded again.
        let id = Identity {
            fingerprint: embedder.fingerprint().to_string(),
            dim: embedder.dim(),
            description: embedder.description().clone(),
        };
        let (kernel, fingerprint) = (embedder.kernel(), embedder.fingerprint().to_string());
        let cell = OnceLock::new();
        let _ = cell.set(Ok(embedder));
        LazyEmbedder {
            dir: PathBuf::new(),
            id,
            kernel,
            fingerprint,
            cell,
        }
    }

    /// Length of every vector.
    pub fn dim(&self) -> usize {
        self.id.dim
    }

    /// What cached vectors of this model on its kernel are filed under.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The kernel the model runs (or will run) on.
    pub fn kernel(&self) -> Kernel {
        self.kernel
    }

    /// Name, prefix and calibration, from the description file (no weights read).
    pub fn description(&self) -> &Description {
        &self.id.description
    }

    /// Whether the weights have been read (a fully cached run leaves this false).
    pub fn is_loaded(&self) -> bool {
        self.cell.get().is_some_and(|r| r.is_ok())
    }

    /// The embedder, loading it on the first call. Files that changed since the identity was
    /// taken are refused: their vectors would be filed under another model's fingerprint.
    pub fn get(&self) -> Result<&Embedder> {
        let loaded = self.cell.get_or_init(|| {
            let e = Embedder::load_with(&self.dir, self.kernel).map_err(|e| format!("{e:#}"))?;
            if e.fingerprint() != self.fingerprint {
                return Err(format!(
                    "{}: the model's files changed while Parallax was running; run again",
                    self.dir.display()
                ));
            }
            Ok(e)
        });
        loaded.as_ref().map_err(|e| anyhow!("{e}"))
    }
}
