//! What the fronts hold: a [`Model`] loaded once and shared by the app's jobs, a [`Semantic`]
//! scorer per drop (which can embed a drop step by step with [`Progress`]), and why a run is
//! lexical when there is no model ([`Unavailable`]). Built without the `semantic` feature too:
//! then no `Model` can exist, and the types say so.

use std::path::Path;
#[cfg(feature = "semantic")]
use std::sync::Arc;

use super::kernel_choice::Kernel;
#[cfg(feature = "semantic")]
use super::kernel_choice::KernelChoice;
use super::locate::{ModelDir, ModelSearch};
use super::{cache, cache_dir, EmbeddingStore, SEMANTIC_WEIGHT};
#[cfg(feature = "semantic")]
use super::{identity, lazy::LazyEmbedder, scorer};
use crate::article::Article;
use crate::similarity::{PrepareError, PreparedScorer, Scorer, Weighted};

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

    /// Why no model can be used, for a run that must use one (`--similarity semantic`).
    pub fn reason(&self) -> String {
        match self {
            Unavailable::NoModel => {
                "no sentence-embedding model found; run `parallax model install`".into()
            }
            Unavailable::Broken(m) => format!("the sentence-embedding model is unusable: {m}"),
            Unavailable::NotBuilt => {
                "this parallax was built without the `semantic` feature".into()
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

/// A sentence-embedding model, cheap to clone and to share between threads: a front finds it
/// once and makes a [`Semantic`] scorer per drop. Its weights are read only when a text misses
/// the cache ([`LazyEmbedder`]), so a run over cached vectors costs a few `stat` calls.
#[derive(Clone)]
pub struct Model {
    dir: ModelDir,
    #[cfg(feature = "semantic")]
    embedder: Arc<LazyEmbedder>,
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
    /// Find the model (`flag` is `--model`, `config` the config file's `model`, then
    /// `PARALLAX_MODEL`, the data dir, the HF cache). File I/O (and a hash of ~90 MB the first
    /// time a model's files are seen): not on a UI thread.
    pub fn find(flag: Option<&Path>, config: Option<&Path>) -> Result<Model, Unavailable> {
        Model::find_in(&ModelSearch::from_env(flag, config))
    }

    /// Find the model `search` finds first.
    pub fn find_in(search: &ModelSearch) -> Result<Model, Unavailable> {
        if !cfg!(feature = "semantic") {
            return Err(Unavailable::NotBuilt);
        }
        match search.locate() {
            Ok(Some(m)) => Model::load(m),
            Ok(None) => Err(Unavailable::NoModel),
            Err(e) => Err(Unavailable::Broken(e.to_string())),
        }
    }

    /// The model's name, prefix and calibration.
    pub fn description(&self) -> &super::description::Description {
        #[cfg(feature = "semantic")]
        return self.embedder.description();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// The model in `dir`, known by its identity; the weights load when first needed, and a
    /// fault in them is then reported by the scorer (the run aligns lexically).
    /// Its kernel is the one `PARALLAX_KERNEL` asks for (a bad value: `Broken`, naming it).
    #[cfg(feature = "semantic")]
    pub fn load(dir: ModelDir) -> Result<Model, Unavailable> {
        let choice = KernelChoice::from_env().map_err(Unavailable::Broken)?;
        match identity::identify(&dir.path) {
            Ok(id) => {
                let kernel = choice.resolve(&id.description);
                Ok(Model {
                    embedder: LazyEmbedder::shared(dir.path.clone(), id, kernel),
                    dir,
                })
            }
            Err(e) => Err(Unavailable::Broken(e)),
        }
    }

    /// The kernel the model's products run on.
    pub fn kernel(&self) -> Kernel {
        #[cfg(feature = "semantic")]
        return self.embedder.kernel();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Whether the weights have been read (false after a run served wholly by the cache).
    pub fn is_loaded(&self) -> bool {
        #[cfg(feature = "semantic")]
        return self.embedder.is_loaded();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
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

    /// The hash of the model's files and kernel: what cached vectors are keyed by besides
    /// their text.
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

/// How many paragraphs of an article's start stand for it in [`Semantic::article_vectors`].
#[cfg_attr(not(feature = "semantic"), allow(dead_code))]
pub const LEAD_PARAGRAPHS: usize = 5;

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
    ) -> Result<bool, PrepareError> {
        #[cfg(feature = "semantic")]
        {
            let texts = scorer::DropTexts::of(articles);
            let vectors = self
                .inner
                .vectors_reporting(&texts.texts, progress)
                .map_err(scorer::embedding_error)?;
            Ok(vectors.is_some())
        }
        #[cfg(not(feature = "semantic"))]
        {
            let _ = (articles, progress);
            match self.never {}
        }
    }

    /// Whether the model places texts of different languages in one space (e5), so a
    /// cosine between two languages means something.
    pub fn multilingual(&self) -> bool {
        #[cfg(feature = "semantic")]
        return self.inner.embedder().description().multilingual;
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// One unit vector per article: the mean of its first [`LEAD_PARAGRAPHS`] paragraphs'
    /// vectors (the lead says what the story is), from the cache where a run already embedded
    /// them; an article without text gets an empty vector.
    pub fn article_vectors(&self, articles: &[Article]) -> Result<Vec<Vec<f32>>, PrepareError> {
        #[cfg(feature = "semantic")]
        {
            let leads: Vec<Vec<&str>> = articles
                .iter()
                .map(|a| {
                    a.paragraphs
                        .iter()
                        .filter(|p| p.kind != crate::article::ParagraphKind::Heading)
                        .take(LEAD_PARAGRAPHS)
                        .map(|p| p.norm.as_str())
                        .collect()
                })
                .collect();
            let flat: Vec<&str> = leads.iter().flatten().copied().collect();
            let vectors = self
                .inner
                .vectors_for(&flat)
                .map_err(scorer::embedding_error)?;
            let mut at = 0;
            Ok(leads
                .iter()
                .map(|lead| {
                    // One vector per text; a shorter answer leaves the rest without one.
                    let vs = vectors.get(at..at + lead.len()).unwrap_or_default();
                    at += lead.len();
                    crate::similarity::vector::mean_unit(vs)
                })
                .collect())
        }
        #[cfg(not(feature = "semantic"))]
        {
            let _ = articles;
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

    /// The model's name (`all-MiniLM-L6-v2`, `multilingual-e5-small`).
    pub fn model_name(&self) -> String {
        #[cfg(feature = "semantic")]
        return self.inner.embedder().description().name.clone();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Whether some drop was aligned without the model because it failed to load or embed.
    pub fn failed(&self) -> bool {
        #[cfg(feature = "semantic")]
        return self.inner.failed();
        #[cfg(not(feature = "semantic"))]
        match self.never {}
    }

    /// Problems met so far (a state that could not be written, weights that failed to load),
    /// each once, taken: the caller reports them (the scorer prints nothing, as the app owns
    /// the terminal).
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
    ) -> Result<Box<dyn PreparedScorer + 'a>, PrepareError> {
        #[cfg(feature = "semantic")]
        return self.inner.prepare(articles);
        #[cfg(not(feature = "semantic"))]
        {
            let _ = articles;
            match self.never {}
        }
    }
}
