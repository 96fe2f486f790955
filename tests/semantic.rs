//! The sentence embedder against the reference implementation, the model checks, the install
//! command and the embedding cache.
//!
//! Tests that need all-MiniLM-L6-v2 find it where a run would (`PARALLAX_MODEL`, the data dir,
//! the Hugging Face cache) and print a line and pass when it is absent: install it with
//! `parallax model install` (see README) to run them.
#![cfg(feature = "semantic")]

use std::path::{Path, PathBuf};

use parallax::similarity::semantic::embed::Embedder;
use parallax::similarity::semantic::locate::ModelSearch;
use serde::Deserialize;

/// The model folder, or `None` after saying why the test is skipped.
fn model_dir(test: &str) -> Option<PathBuf> {
    match ModelSearch::from_env(None, None).locate() {
        Ok(Some(m)) => Some(m.path),
        Ok(None) => {
            eprintln!("SKIPPED {test}: no all-MiniLM-L6-v2 model (run `parallax model install`)");
            None
        }
        Err(e) => panic!("the model folder is broken: {e}"),
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b) / (dot(a, a).sqrt() * dot(b, b).sqrt())
}

#[derive(Deserialize)]
struct Reference {
    sentences: Vec<RefSentence>,
}

#[derive(Deserialize)]
struct RefSentence {
    text: String,
    vector: Vec<f32>,
}

fn reference() -> Reference {
    let text = std::fs::read_to_string("tests/fixtures/embeddings/reference.json").unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn embeddings_match_sentence_transformers() {
    let Some(dir) = model_dir("embeddings_match_sentence_transformers") else {
        return;
    };
    let r = reference();
    assert!(r.sentences.len() >= 5);
    let e = Embedder::load(&dir).unwrap();
    let texts: Vec<&str> = r.sentences.iter().map(|s| s.text.as_str()).collect();
    let got = e.embed(&texts).unwrap();
    for (s, v) in r.sentences.iter().zip(&got) {
        assert_eq!(v.len(), 384);
        assert!((dot(v, v).sqrt() - 1.0).abs() < 1e-4, "not unit length");
        let c = cosine(v, &s.vector);
        eprintln!("cosine {c:.6} for {:.50}", s.text);
        assert!(c > 0.999, "cosine {c} against the reference for {:?}", s.text);
    }
}

#[test]
fn batching_and_order_do_not_change_an_embedding() {
    let Some(dir) = model_dir("batching_and_order_do_not_change_an_embedding") else {
        return;
    };
    let e = Embedder::load(&dir).unwrap();
    let r = reference();
    let texts: Vec<&str> = r.sentences.iter().map(|s| s.text.as_str()).collect();
    let together = e.embed(&texts).unwrap();
    let mut reversed: Vec<&str> = texts.clone();
    reversed.reverse();
    let back = e.embed(&reversed).unwrap();
    for (i, t) in texts.iter().enumerate() {
        let alone = e.embed(&[t]).unwrap();
        assert!(cosine(&alone[0], &together[i]) > 0.99999, "{t:?} alone vs in a batch");
        assert!(cosine(&back[texts.len() - 1 - i], &together[i]) > 0.99999);
    }
}

#[test]
fn a_paraphrase_is_closer_than_the_same_topic_in_other_words() {
    let Some(dir) = model_dir("a_paraphrase_is_closer_than_the_same_topic_in_other_words") else {
        return;
    };
    let e = Embedder::load(&dir).unwrap();
    // Two outlets' renderings of Ushakov's verdict, and a sentence from the same story that
    // shares more of their words but says something else.
    let v = e
        .embed(&[
            "Ushakov told Russian media that the two sides did not become closer or further away from resolving the Ukrainian crisis.",
            "Yury Ushakov told reporters that the sides were neither closer nor further from a peace deal.",
            "Ushakov told Russian media that the two sides would meet again in Moscow next week.",
        ])
        .unwrap();
    let (para, other) = (dot(&v[0], &v[1]), dot(&v[1], &v[2]));
    assert!(para > other + 0.05, "paraphrase {para} vs other claim {other}");
}

/// A model folder with the right file names and sizes but the given contents.
fn fake_model(dir: &Path, config: &str, weights: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("config.json"), config).unwrap();
    let tokenizer = std::fs::read("tests/fixtures/embeddings/reference.json").unwrap();
    std::fs::write(dir.join("tokenizer.json"), tokenizer).unwrap();
    std::fs::write(dir.join("model.safetensors"), weights).unwrap();
}

#[test]
fn a_config_that_is_not_bert_is_reported_with_its_file() {
    let t = tempfile::tempdir().unwrap();
    fake_model(t.path(), &format!("{{\"model_type\": \"gpt2\"{}}}", " ".repeat(200)), &[0; 2 << 20]);
    let err = format!("{:#}", Embedder::load(t.path()).unwrap_err());
    assert!(err.contains("config.json") && err.contains("not a BERT"), "{err}");
}

#[test]
fn garbage_weights_are_reported_with_their_file() {
    let Some(dir) = model_dir("garbage_weights_are_reported_with_their_file") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    for f in ["config.json", "tokenizer.json"] {
        std::fs::copy(dir.join(f), t.path().join(f)).unwrap();
    }
    std::fs::write(t.path().join("model.safetensors"), vec![7u8; 2 << 20]).unwrap();
    let err = format!("{:#}", Embedder::load(t.path()).unwrap_err());
    assert!(err.contains("model.safetensors"), "{err}");
}
