//! `--similarity lexical|semantic|auto` and the model loaded only when a text misses the cache.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `parallax` run in the repository with its own empty data dir and no model found anywhere
/// but where `--model` says.
fn parallax(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_parallax"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PARALLAX_DATA_DIR", data)
        .env("HF_HOME", data.join("hf"))
        .env_remove("PARALLAX_MODEL")
        .env_remove("PARALLAX_SIMILARITY");
    c
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn similarity(o: &Output) -> String {
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    v["similarity"].as_str().unwrap_or_default().to_string()
}

/// A model folder whose files pass the size checks but cannot load.
fn broken_model(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    let config = r#"{"model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6,
        "num_attention_heads": 12, "intermediate_size": 1536, "vocab_size": 30522,
        "max_position_embeddings": 512, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
        "hidden_act": "gelu"}"#;
    std::fs::write(dir.join("config.json"), config).unwrap();
    std::fs::write(dir.join("tokenizer.json"), vec![b'x'; 20 * 1024]).unwrap();
    std::fs::write(dir.join("model.safetensors"), vec![0u8; 2 * 1024 * 1024]).unwrap();
}

#[test]
fn lexical_never_looks_at_the_model() {
    let t = tempfile::tempdir().unwrap();
    broken_model(&t.path().join("m"));
    let m = t.path().join("m");
    let o = parallax(t.path())
        .args([
            "align",
            "seeds",
            "--json",
            "--similarity",
            "lexical",
            "--model",
        ])
        .arg(&m)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(similarity(&o), "lexical");
    assert!(!stderr(&o).contains("model"), "{}", stderr(&o));
}

#[test]
fn the_environment_variable_chooses_when_the_flag_does_not() {
    let t = tempfile::tempdir().unwrap();
    let m = t.path().join("m");
    broken_model(&m);
    let o = parallax(t.path())
        .env("PARALLAX_SIMILARITY", "lexical")
        .args([
            "diff",
            "seeds/001_1bc0e8f4c5315663.txt",
            "seeds/003_e3b044bbee90a5bb.txt",
            "--json",
        ])
        .arg("--model")
        .arg(&m)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("model"), "{}", stderr(&o));
    let bad = parallax(t.path())
        .env("PARALLAX_SIMILARITY", "fuzzy")
        .args(["align", "seeds", "--json"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("PARALLAX_SIMILARITY"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn semantic_without_a_model_is_an_error_naming_the_fix() {
    let t = tempfile::tempdir().unwrap();
    let o = parallax(t.path())
        .args(["align", "seeds", "--json", "--similarity", "semantic"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("parallax model install"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn auto_with_weights_that_fail_to_load_aligns_lexically_and_says_why() {
    let t = tempfile::tempdir().unwrap();
    let m = t.path().join("m");
    broken_model(&m);
    let o = parallax(t.path())
        .args(["align", "seeds", "--json", "--model"])
        .arg(&m)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(similarity(&o), "lexical");
    assert!(
        stderr(&o).contains("aligned without the model") && stderr(&o).contains("tokenizer.json"),
        "{}",
        stderr(&o)
    );
    // Asked to be semantic, the same run fails.
    let strict = parallax(t.path())
        .args([
            "align",
            "seeds",
            "--json",
            "--similarity",
            "semantic",
            "--model",
        ])
        .arg(&m)
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(3), "{}", stderr(&strict));
}

/// Overwrite `file` with zeros of its own length and give it back its modification time: the
/// identity memo still answers for it, and anything that reads it finds no model.
fn spoil_keeping_size_and_time(file: &Path) {
    let meta = std::fs::metadata(file).unwrap();
    let mtime = meta.modified().unwrap();
    std::fs::write(file, vec![0u8; meta.len() as usize]).unwrap();
    let f = std::fs::File::options().write(true).open(file).unwrap();
    f.set_modified(mtime).unwrap();
}

#[test]
fn a_fully_cached_run_never_opens_the_weights() {
    let Some(real) =
        crate::common::model::dir_or_skip("a_fully_cached_run_never_opens_the_weights")
    else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let m = t.path().join("model");
    std::fs::create_dir(&m).unwrap();
    for f in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(real.join(f), m.join(f)).unwrap();
    }
    let run = |paths: &[&Path]| {
        parallax(t.path())
            .arg("align")
            .args(paths)
            .args(["--json", "--similarity", "semantic", "--model"])
            .arg(&m)
            .output()
            .unwrap()
    };
    let seeds = Path::new("seeds");
    let cold = run(&[seeds]);
    assert_eq!(cold.status.code(), Some(0), "{}", stderr(&cold));
    assert_eq!(similarity(&cold), "lexical+semantic");

    spoil_keeping_size_and_time(&m.join("model.safetensors"));
    let cached = run(&[seeds]);
    assert_eq!(cached.status.code(), Some(0), "{}", stderr(&cached));
    assert_eq!(similarity(&cached), "lexical+semantic");
    assert_eq!(
        cached.stdout, cold.stdout,
        "the cached run aligned differently"
    );

    // A text the cache has not seen needs the weights: the spoiled file is read and refused,
    // which shows the run above would have failed had it opened them.
    let other = t.path().join("new.md");
    std::fs::write(
        &other,
        "# A new article\n\nA paragraph no run has embedded before.\n",
    )
    .unwrap();
    let fresh = run(&[seeds, &other]);
    assert_eq!(fresh.status.code(), Some(3), "{}", stderr(&fresh));
    assert!(
        stderr(&fresh).contains("aligned without the model"),
        "{}",
        stderr(&fresh)
    );
}
