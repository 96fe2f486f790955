//! Finding the sentence-embedding model on disk and checking its files before anything loads
//! them. No model code here: this compiles without the `semantic` feature, so `parallax model
//! path` can say where a model would be looked for.

use std::fmt;
use std::path::{Path, PathBuf};

/// The model Parallax uses: all-MiniLM-L6-v2 (384-dimensional sentence embeddings).
pub const MODEL_NAME: &str = "all-MiniLM-L6-v2";

/// The multilingual model `parallax model install multilingual-e5-small` adds beside it
/// (intfloat/multilingual-e5-small, also 384-dimensional).
pub const E5_NAME: &str = "multilingual-e5-small";

/// The models `parallax model install NAME` knows, the default first.
pub const KNOWN_MODELS: [&str; 2] = [MODEL_NAME, E5_NAME];

/// Environment variable naming a model folder; overrides the data dir and the HF cache.
pub const MODEL_ENV: &str = "PARALLAX_MODEL";

/// Environment variable naming Parallax's data dir (default: the XDG data dir + `parallax`).
pub const DATA_DIR_ENV: &str = "PARALLAX_DATA_DIR";

/// One file the model folder must hold, with the sizes a sane copy has.
#[derive(Debug, Clone, Copy)]
pub struct RequiredFile {
    pub name: &'static str,
    /// Smaller than this is a truncated or placeholder file (e.g. a Git LFS pointer is ~130 bytes).
    pub min_bytes: u64,
    /// Larger than this is not the small model Parallax expects.
    pub max_bytes: u64,
}

/// The three files the embedder loads. Bounds bracket all-MiniLM-L6-v2's files (612 B,
/// 466 KB, 90.9 MB) widely enough for another BERT-base-sized sentence model.
pub const REQUIRED_FILES: [RequiredFile; 3] = [
    RequiredFile {
        name: "config.json",
        min_bytes: 100,
        max_bytes: 64 * 1024,
    },
    RequiredFile {
        name: "tokenizer.json",
        min_bytes: 10 * 1024,
        max_bytes: 64 * 1024 * 1024,
    },
    RequiredFile {
        name: "model.safetensors",
        min_bytes: 1024 * 1024,
        max_bytes: 2 * 1024 * 1024 * 1024,
    },
];

/// Where a model folder was found, in the order they are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelSource {
    /// `--model DIR` on the command line.
    Flag,
    /// The `PARALLAX_MODEL` environment variable.
    Env,
    /// `model` in the config file.
    Config,
    /// Parallax's data dir, where `parallax model install` puts it.
    DataDir,
    /// The Hugging Face hub cache (`~/.cache/huggingface/hub`).
    HfCache,
}

impl fmt::Display for ModelSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ModelSource::Flag => "--model",
            ModelSource::Env => MODEL_ENV,
            ModelSource::Config => "the config file",
            ModelSource::DataDir => "the Parallax data dir",
            ModelSource::HfCache => "the Hugging Face cache",
        })
    }
}

/// A model folder whose files passed [`check_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelDir {
    pub path: PathBuf,
    pub source: ModelSource,
}

/// Where to look for the model: the explicit places first; the data dir and the HF cache after.
#[derive(Debug, Clone, Default)]
pub struct ModelSearch {
    pub flag: Option<PathBuf>,
    pub env: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub hf_hub: Option<PathBuf>,
    /// The installed multilingual model, taken before the others (but after any the user
    /// named) when the drop mixes languages; `None` otherwise.
    pub multilingual: Option<PathBuf>,
}

impl ModelSearch {
    /// The search for this process: `flag` and `config` from the caller, the rest from the
    /// environment and the user's home.
    pub fn from_env(flag: Option<&Path>, config: Option<&Path>) -> ModelSearch {
        ModelSearch {
            flag: flag.map(Path::to_path_buf),
            env: std::env::var_os(MODEL_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from),
            config: config.map(Path::to_path_buf),
            data_dir: data_dir().map(|d| installed_model_dir(&d)),
            hf_hub: hf_hub_dir(),
            multilingual: None,
        }
    }

    /// The same search for a drop that mixes languages: the installed multilingual model
    /// comes before MiniLM (a model the user named still comes first).
    pub fn for_mixed_languages(mut self) -> ModelSearch {
        self.multilingual = installed_e5_dir();
        self
    }

    /// Only the model a drop in several languages can use: one the user named, else the
    /// installed multilingual model; never MiniLM from the data dir or the HF cache.
    pub fn multilingual_only(self) -> ModelSearch {
        ModelSearch {
            data_dir: None,
            hf_hub: None,
            multilingual: installed_e5_dir(),
            ..self
        }
    }

    /// The model folder to use, `Ok(None)` when no place has one. A place the user named
    /// (`--model`, `PARALLAX_MODEL`, config) that is broken is an error, not skipped: they
    /// asked for that model. A broken copy in the data dir or HF cache is an error too (it
    /// would otherwise silently turn semantic alignment off).
    pub fn locate(&self) -> Result<Option<ModelDir>, LocateError> {
        let named = [
            (&self.flag, ModelSource::Flag),
            (&self.env, ModelSource::Env),
            (&self.config, ModelSource::Config),
        ];
        for (dir, source) in named {
            if let Some(dir) = dir {
                check_files(dir).map_err(|e| e.from(source))?;
                return Ok(Some(ModelDir {
                    path: dir.clone(),
                    source,
                }));
            }
        }
        if let Some(dir) = &self.multilingual {
            check_files(dir).map_err(|e| e.from(ModelSource::DataDir))?;
            return Ok(Some(ModelDir {
                path: dir.clone(),
                source: ModelSource::DataDir,
            }));
        }
        if let Some(dir) = &self.data_dir {
            if dir.exists() {
                check_files(dir).map_err(|e| e.from(ModelSource::DataDir))?;
                return Ok(Some(ModelDir {
                    path: dir.clone(),
                    source: ModelSource::DataDir,
                }));
            }
        }
        if let Some(hub) = &self.hf_hub {
            if let Some(dir) = hf_snapshot(hub) {
                check_files(&dir).map_err(|e| e.from(ModelSource::HfCache))?;
                return Ok(Some(ModelDir {
                    path: dir,
                    source: ModelSource::HfCache,
                }));
            }
        }
        Ok(None)
    }
}

/// Why a model folder cannot be used, naming the folder or file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocateError {
    pub path: PathBuf,
    pub message: String,
    pub source: Option<ModelSource>,
}

impl LocateError {
    fn new(path: &Path, message: impl Into<String>) -> LocateError {
        LocateError {
            path: path.to_path_buf(),
            message: message.into(),
            source: None,
        }
    }
    fn from(mut self, source: ModelSource) -> LocateError {
        self.source = Some(source);
        self
    }
}

impl fmt::Display for LocateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)?;
        if let Some(s) = self.source {
            write!(f, " (model folder from {s})")?;
        }
        Ok(())
    }
}

impl std::error::Error for LocateError {}

/// Check that `dir` holds the three model files with plausible sizes. Loading them (config
/// parses, tokenizer builds, weights have the right shapes) is the embedder's second check.
pub fn check_files(dir: &Path) -> Result<(), LocateError> {
    if !dir.is_dir() {
        return Err(LocateError::new(dir, "not a folder"));
    }
    for f in REQUIRED_FILES {
        let path = dir.join(f.name);
        let meta = std::fs::metadata(&path).map_err(|e| {
            LocateError::new(
                &path,
                format!("missing ({e}); run `parallax model install` to install the model"),
            )
        })?;
        if !meta.is_file() {
            return Err(LocateError::new(&path, "not a file"));
        }
        let len = meta.len();
        if len < f.min_bytes || len > f.max_bytes {
            return Err(LocateError::new(
                &path,
                format!(
                    "{len} bytes, expected {}..{} (truncated download or not a model file?)",
                    f.min_bytes, f.max_bytes
                ),
            ));
        }
    }
    Ok(())
}

/// Parallax's data dir: `PARALLAX_DATA_DIR`, else the XDG data dir + `parallax`
/// (`~/.local/share/parallax` on Linux). `None` when there is no home directory.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(d));
    }
    use etcetera::BaseStrategy;
    etcetera::choose_base_strategy()
        .ok()
        .map(|s| s.data_dir().join("parallax"))
}

/// Where `parallax model install` puts the model inside a data dir.
pub fn installed_model_dir(data_dir: &Path) -> PathBuf {
    installed_dir_of(data_dir, MODEL_NAME)
}

/// Where `parallax model install NAME` puts model `name` inside a data dir.
pub fn installed_dir_of(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join("models").join(name)
}

/// The installed multilingual-e5-small folder, when its files pass [`check_files`].
pub fn installed_e5_dir() -> Option<PathBuf> {
    let dir = installed_dir_of(&data_dir()?, E5_NAME);
    check_files(&dir).is_ok().then_some(dir)
}

/// The Hugging Face hub cache: `HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`.
pub fn hf_hub_dir() -> Option<PathBuf> {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(d) = var("HF_HUB_CACHE") {
        return Some(PathBuf::from(d));
    }
    if let Some(d) = var("HF_HOME") {
        return Some(PathBuf::from(d).join("hub"));
    }
    etcetera::home_dir()
        .ok()
        .map(|h| h.join(".cache").join("huggingface").join("hub"))
}

/// The snapshot folder of all-MiniLM-L6-v2 in a hub cache: the one `refs/main` names, else the
/// last snapshot by name that has a `model.safetensors` (deterministic when there are several).
pub fn hf_snapshot(hub: &Path) -> Option<PathBuf> {
    let repo = hub.join(format!("models--sentence-transformers--{MODEL_NAME}"));
    let snapshots = repo.join("snapshots");
    if let Ok(r) = std::fs::read_to_string(repo.join("refs").join("main")) {
        let dir = snapshots.join(r.trim());
        if !r.trim().is_empty() && dir.is_dir() {
            return Some(dir);
        }
    }
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&snapshots)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("model.safetensors").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_model(dir: &Path, weights_len: usize) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("config.json"), vec![b' '; 600]).unwrap();
        std::fs::write(dir.join("tokenizer.json"), vec![b' '; 20_000]).unwrap();
        std::fs::write(dir.join("model.safetensors"), vec![0u8; weights_len]).unwrap();
    }

    #[test]
    fn the_flag_wins_over_every_other_place() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        write_model(&a, 2 << 20);
        write_model(&b, 2 << 20);
        let s = ModelSearch {
            flag: Some(a.clone()),
            env: Some(b.clone()),
            data_dir: Some(b),
            ..Default::default()
        };
        let found = s.locate().unwrap().unwrap();
        assert_eq!((found.path, found.source), (a, ModelSource::Flag));
    }

    #[test]
    fn a_named_folder_with_a_truncated_weights_file_is_an_error_naming_the_file() {
        let t = tempfile::tempdir().unwrap();
        write_model(t.path(), 130); // the size of a Git LFS pointer
        let s = ModelSearch {
            env: Some(t.path().to_path_buf()),
            ..Default::default()
        };
        let e = s.locate().unwrap_err();
        assert!(e.path.ends_with("model.safetensors"), "{e}");
        assert!(e.to_string().contains("130 bytes"), "{e}");
        assert!(e.to_string().contains(MODEL_ENV), "{e}");
    }

    #[test]
    fn a_mixed_language_drop_takes_the_multilingual_model_unless_one_was_named() {
        let t = tempfile::tempdir().unwrap();
        let (minilm, e5, named) = (t.path().join("m"), t.path().join("e5"), t.path().join("n"));
        for d in [&minilm, &e5, &named] {
            write_model(d, 2 << 20);
        }
        let search = ModelSearch {
            data_dir: Some(minilm.clone()),
            multilingual: Some(e5.clone()),
            ..Default::default()
        };
        assert_eq!(search.locate().unwrap().unwrap().path, e5);
        let without = ModelSearch {
            multilingual: None,
            ..search.clone()
        };
        assert_eq!(without.locate().unwrap().unwrap().path, minilm);
        let asked = ModelSearch {
            env: Some(named.clone()),
            ..search
        };
        assert_eq!(asked.locate().unwrap().unwrap().path, named);
    }

    #[test]
    fn a_missing_data_dir_copy_means_no_model_not_an_error() {
        let t = tempfile::tempdir().unwrap();
        let s = ModelSearch {
            data_dir: Some(t.path().join("absent")),
            hf_hub: Some(t.path().join("hub")),
            ..Default::default()
        };
        assert_eq!(s.locate().unwrap(), None);
    }

    #[test]
    fn the_hf_cache_snapshot_named_by_refs_main_is_used() {
        let t = tempfile::tempdir().unwrap();
        let repo = t
            .path()
            .join("models--sentence-transformers--all-MiniLM-L6-v2");
        write_model(&repo.join("snapshots/aaa"), 2 << 20);
        write_model(&repo.join("snapshots/zzz"), 2 << 20);
        std::fs::create_dir_all(repo.join("refs")).unwrap();
        std::fs::write(repo.join("refs/main"), "aaa\n").unwrap();
        let s = ModelSearch {
            hf_hub: Some(t.path().to_path_buf()),
            ..Default::default()
        };
        let found = s.locate().unwrap().unwrap();
        assert!(found.path.ends_with("snapshots/aaa"));
        assert_eq!(found.source, ModelSource::HfCache);
        std::fs::remove_file(repo.join("refs/main")).unwrap();
        assert!(hf_snapshot(t.path()).unwrap().ends_with("snapshots/zzz"));
    }
}
