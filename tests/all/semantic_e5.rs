//! multilingual-e5-small: the Rust forward pass against reference vectors computed once by an
//! independent implementation (`tools/e5_reference.py`: its own parse of the E5S1 file, numpy
//! in float64, the Hugging Face tokenizers package), and the model's figures on the golds.
//!
//! Tests print `SKIPPED` and pass when the model is not installed, and fail under
//! `PARALLAX_REQUIRE_MODEL=1` (`crate::common::model`).
#![cfg(feature = "semantic")]

use parallax::similarity::semantic::embed::Embedder;
use serde::Deserialize;

#[derive(Deserialize)]
struct Reference {
    prefix: String,
    sentences: Vec<RefSentence>,
}

#[derive(Deserialize)]
struct RefSentence {
    lang: String,
    text: String,
    vector: Vec<f32>,
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    dot(a, b) / (dot(a, a).sqrt() * dot(b, b).sqrt())
}

#[test]
fn e5_embeddings_match_the_numpy_reference_in_every_language() {
    let test = "e5_embeddings_match_the_numpy_reference_in_every_language";
    let Some(dir) = crate::common::model::e5_dir_or_skip(test) else {
        return;
    };
    let text = std::fs::read_to_string("tests/fixtures/e5_reference.json").unwrap();
    let r: Reference = serde_json::from_str(&text).unwrap();
    assert!(r.sentences.len() >= 5);
    let e = Embedder::load(&dir).unwrap();
    // The prefix is the model's own (its description), not added here.
    assert_eq!(e.description().prefix, r.prefix);
    let texts: Vec<&str> = r.sentences.iter().map(|s| s.text.as_str()).collect();
    let got = e.embed(&texts).unwrap();
    for (s, v) in r.sentences.iter().zip(&got) {
        assert_eq!(v.len(), 384);
        assert!((dot(v, v).sqrt() - 1.0).abs() < 1e-4, "not unit length");
        let c = cosine(v, &s.vector);
        eprintln!(
            "e5 cosine to the reference {c:.6} ({}) {:.40}",
            s.lang, s.text
        );
        assert!(
            c > 0.999,
            "cosine {c} against the reference for {:?}",
            s.text
        );
    }
    // Translations closer to the English sentence than the unrelated English one.
    let unrelated = dot(&got[0], &got[got.len() - 1]);
    for (s, v) in r
        .sentences
        .iter()
        .zip(&got)
        .skip(1)
        .take(r.sentences.len() - 2)
    {
        let c = dot(&got[0], v);
        eprintln!("e5 en ~ {}: {c:.3} (unrelated {unrelated:.3})", s.lang);
        assert!(
            c > unrelated + 0.05,
            "{}: {c} vs unrelated {unrelated}",
            s.lang
        );
    }
}
