//! The int8 kernel against the f32 reference, for both models: its vectors on the reference
//! fixtures, the seed gold F1, and that its vectors are cached apart. `PARALLAX_KERNEL=auto`
//! takes int8 only for a model whose description says these criteria held (`int8`), so the
//! criteria are asserted for such a model and printed for the others.
//!
//! The int8 path runs on any CPU (VNNI where there is one, plain loops with the same integers
//! elsewhere), so these tests need only the models; they skip as the other model tests do.
#![cfg(feature = "semantic")]

use std::path::{Path, PathBuf};

use parallax::similarity::semantic::embed::Embedder;
use parallax::similarity::semantic::kernel_choice::Kernel;
use parallax::similarity::semantic::scorer::SemanticScorer;

use crate::common::model::cosine;

/// The texts of a reference fixture (`sentences[].text`).
fn fixture_texts(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap().to_string())
        .collect()
}

/// The smallest cosine between the f32 and int8 vectors of `fixture`'s texts.
fn worst_cosine(dir: &Path, fixture: &str) -> f32 {
    let texts = fixture_texts(fixture);
    let texts: Vec<&str> = texts.iter().map(|t| t.as_str()).collect();
    let f32v = Embedder::load_with(dir, Kernel::F32).unwrap();
    let int8 = Embedder::load_with(dir, Kernel::Int8).unwrap();
    assert_eq!(int8.kernel(), Kernel::Int8);
    let (a, b) = (f32v.embed(&texts).unwrap(), int8.embed(&texts).unwrap());
    let mut worst = 1f32;
    for ((x, y), t) in a.iter().zip(&b).zip(&texts) {
        let c = cosine(x, y);
        eprintln!("int8 ~ f32 cosine {c:.5} for {t:.40}");
        worst = worst.min(c);
    }
    worst
}

/// Checks int8 against f32 for the model in `dir`: prints the figures, and asserts the
/// criteria when the model's description lets `auto` pick int8.
fn int8_against_f32(dir: &Path, fixture: &str) {
    let name = Embedder::load(dir).unwrap().description().name.clone();
    let allowed = Embedder::load(dir).unwrap().description().int8;
    let worst = worst_cosine(dir, fixture);
    let f1 = |kernel| {
        let sem = SemanticScorer::new(Embedder::load_with(dir, kernel).unwrap(), None);
        let opts = parallax::align::AlignOptions {
            extra: vec![parallax::similarity::Weighted {
                scorer: &sem,
                weight: parallax::similarity::semantic::SEMANTIC_WEIGHT,
            }],
            ..Default::default()
        };
        crate::semantic::gold_f1(&opts).2
    };
    let (f, i) = (f1(Kernel::F32), f1(Kernel::Int8));
    eprintln!(
        "{name}: int8 worst cosine to f32 {worst:.5}; seed gold F1 f32 {f:.4}, int8 {i:.4} \
         (Δ {:+.4}); int8 by default: {allowed}",
        i - f
    );
    // Whatever the description says, int8 must stay a usable embedding of the same text.
    assert!(worst > 0.98, "{name}: int8 cosine {worst} to f32");
    if allowed {
        assert!(worst >= 0.995, "{name}: int8 cosine {worst} < 0.995");
        assert!((i - f).abs() <= 0.005, "{name}: F1 {f:.4} → {i:.4}");
    }
}

#[test]
fn minilm_int8_vectors_and_gold_f1_against_f32() {
    let Some(dir) = crate::common::model::dir_or_skip("minilm_int8_vectors_and_gold_f1") else {
        return;
    };
    int8_against_f32(&dir, "tests/fixtures/embeddings/reference.json");
}

#[test]
fn e5_int8_vectors_and_gold_f1_against_f32() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("e5_int8_vectors_and_gold_f1") else {
        return;
    };
    int8_against_f32(&dir, "tests/fixtures/e5_reference.json");
}

#[test]
fn int8_vectors_are_cached_apart_from_f32_ones() {
    use parallax::similarity::semantic::identity::identify;
    use parallax::similarity::semantic::lazy::LazyEmbedder;
    let Some(dir) = crate::common::model::dir_or_skip("int8_vectors_are_cached_apart") else {
        return;
    };
    let dir: PathBuf = dir;
    let id = identify(&dir).unwrap();
    let f32v = LazyEmbedder::new(dir.clone(), id.clone(), Kernel::F32);
    let int8 = LazyEmbedder::new(dir, id.clone(), Kernel::Int8);
    // f32 keeps the fingerprint vectors were cached under before there was a choice.
    assert_eq!(f32v.fingerprint(), id.fingerprint);
    assert_ne!(int8.fingerprint(), f32v.fingerprint());
    // The loaded embedder agrees with the fingerprint it was known by (else `get` refuses it).
    let e = int8.get().unwrap();
    assert_eq!(
        (e.kernel(), e.fingerprint()),
        (Kernel::Int8, int8.fingerprint())
    );
}
