//! The sentence embedder against the reference implementation, the model checks, the install
//! command and the embedding cache.
//!
//! Tests that need all-MiniLM-L6-v2 find it where a run would (`PARALLAX_MODEL`, the data dir,
//! the Hugging Face cache) and print a line and pass when it is absent (fail under
//! `PARALLAX_REQUIRE_MODEL=1`): install it with `parallax model install` (see README).
#![cfg(feature = "semantic")]

use std::path::{Path, PathBuf};

use parallax::similarity::semantic::embed::Embedder;
use serde::Deserialize;

/// The model folder, or `None` after saying why the test is skipped (`crate::common::model`).
fn model_dir(test: &str) -> Option<PathBuf> {
    crate::common::model::dir_or_skip(test)
}

use crate::common::model::{cosine, dot};

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
        assert!(
            c > 0.999,
            "cosine {c} against the reference for {:?}",
            s.text
        );
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
        assert!(
            cosine(&alone[0], &together[i]) > 0.99999,
            "{t:?} alone vs in a batch"
        );
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
    assert!(
        para > other + 0.05,
        "paraphrase {para} vs other claim {other}"
    );
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
    fake_model(
        t.path(),
        &format!("{{\"model_type\": \"gpt2\"{}}}", " ".repeat(200)),
        &[0; 2 << 20],
    );
    let err = format!("{:#}", Embedder::load(t.path()).unwrap_err());
    assert!(
        err.contains("config.json") && err.contains("not a BERT"),
        "{err}"
    );
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

// ---- Alignment against the gold standard (tests/gold/seeds.json, see tests/gold/README.md) ----

use crate::common::gold;

/// Tuning aid, not a check: every paragraph pair of the gold articles with its lexical score,
/// semantic paragraph cosine, best sentence cosines and gold label, to `$PARALLAX_SEM_DUMP`.
#[test]
#[ignore]
fn dump_semantic_scores_for_tuning() {
    use parallax::align::score::Scorers;
    use parallax::align::AlignOptions;
    use parallax::similarity::{ParagraphRef, Scorer, SentenceRef};
    let (Some(out), Some(dir)) = (std::env::var_os("PARALLAX_SEM_DUMP"), model_dir("dump")) else {
        return;
    };
    let e = Embedder::load(&dir).unwrap();
    let sem =
        parallax::similarity::semantic::scorer::SemanticScorer::new(e, None).with_range(-1.0, 1.0);
    let mut s = String::new();
    for (k, (l, r, correspond, related)) in gold::pairs().into_iter().enumerate() {
        let arts = [l.clone(), r.clone()];
        let lex = Scorers::prepare(&arts, &AlignOptions::default());
        let p = sem.prepare(&arts).unwrap();
        for i in 0..l.paragraphs.len() {
            for j in 0..r.paragraphs.len() {
                let (a, b) = (
                    ParagraphRef {
                        article: 0,
                        paragraph: i,
                    },
                    ParagraphRef {
                        article: 1,
                        paragraph: j,
                    },
                );
                let (score, sent) = lex.pair(a, b);
                let sem_sent: Vec<Vec<f32>> = (0..l.paragraphs[i].sentences.len())
                    .map(|x| {
                        (0..r.paragraphs[j].sentences.len())
                            .map(|y| {
                                p.sentence(
                                    SentenceRef {
                                        article: 0,
                                        paragraph: i,
                                        sentence: x,
                                    },
                                    SentenceRef {
                                        article: 1,
                                        paragraph: j,
                                        sentence: y,
                                    },
                                )
                            })
                            .collect()
                    })
                    .collect();
                let label = if correspond.contains(&(i, j)) {
                    "C"
                } else if related.contains(&(i, j)) {
                    "R"
                } else {
                    "-"
                };
                let kinds = format!("{:?}{:?}", l.paragraphs[i].kind, r.paragraphs[j].kind);
                s += &format!(
                    "{k}\t{i}\t{j}\t{label}\t{kinds}\t{score}\t{}\t{}\t{}\n",
                    p.paragraph(a, b),
                    serde_json::to_string(&sent).unwrap(),
                    serde_json::to_string(&sem_sent).unwrap()
                );
            }
        }
    }
    std::fs::write(out, s).unwrap();
}

/// Micro-averaged (precision, recall, F1) of `diff` over the ten gold pairs with `opts`; a
/// predicted pair the gold calls merely related counts neither way (as in tests/align_gold.rs).
pub(crate) fn gold_f1(opts: &parallax::align::AlignOptions) -> (f64, f64, f64, String) {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut mode = String::new();
    for (l, r, correspond, related) in gold::pairs() {
        let a = parallax::align::diff_articles_with(&l, &r, opts);
        mode = a.similarity.to_string();
        let predicted: gold::Links = a.pairs.iter().map(|p| (p.left, p.right)).collect();
        if std::env::var_os("PARALLAX_GOLD_VERBOSE").is_some() {
            for p in predicted.difference(&correspond) {
                if !related.contains(p) {
                    eprintln!("{} ~ {}: FP {p:?}", l.path, r.path);
                }
            }
            for p in correspond.difference(&predicted) {
                eprintln!("{} ~ {}: FN {p:?}", l.path, r.path);
            }
        }
        tp += predicted.intersection(&correspond).count();
        fp += predicted
            .iter()
            .filter(|p| !correspond.contains(p) && !related.contains(p))
            .count();
        fn_ += correspond.difference(&predicted).count();
    }
    let (p, r, f) = gold::prf((tp, fp, fn_));
    (p, r, f, mode)
}

#[test]
fn semantic_scoring_lifts_gold_f1_over_lexical_alone() {
    use parallax::align::AlignOptions;
    use parallax::similarity::semantic::scorer::SemanticScorer;
    let (lp, lr, lf, lmode) = gold_f1(&AlignOptions::default());
    eprintln!("lexical: P {lp:.3} R {lr:.3} F1 {lf:.3}");
    assert_eq!(lmode, "lexical");
    let Some(dir) = model_dir("semantic_scoring_lifts_gold_f1_over_lexical_alone") else {
        return;
    };
    let sem = SemanticScorer::new(Embedder::load(&dir).unwrap(), None);
    let opts = crate::common::model::with_scorer(&sem);
    let (p, r, f, mode) = gold_f1(&opts);
    eprintln!("lexical+semantic: P {p:.3} R {r:.3} F1 {f:.3}");
    // The N-way groups of the drop with the model, on the same gold (see tests/align_gold.rs).
    let drop = parallax::ingest::load_paths(
        &[PathBuf::from("seeds")],
        &parallax::ingest::LoadOptions::default(),
    );
    let al = parallax::align::align_drop_with(&drop.articles, &opts);
    for with_also in [false, true] {
        let c = gold::group_counts(&drop.articles, &al, with_also);
        let (gp, gr, gf) = gold::prf(c);
        eprintln!("lexical+semantic groups (also: {with_also}): P {gp:.3} R {gr:.3} F1 {gf:.3}");
    }
    let counterparts = gold::group_counts_with(&drop.articles, &al, true, true);
    let (cp, cr, cf) = gold::prf(counterparts);
    eprintln!(
        "lexical+semantic counterparts (members, also, links): P {cp:.3} R {cr:.3} F1 {cf:.3}"
    );
    assert_eq!(mode, "lexical+semantic");
    assert_eq!(al.group_link, parallax::align::groups::GROUP_LINK_SEMANTIC);
    // With the model's firm-link bar: groups 0.549 and counterparts 0.705 (0.580 / 0.732 with
    // the seed-fitted synonym table removed in session 5; lexically now 0.521 / 0.662).
    assert!(
        gold::prf(gold::group_counts(&drop.articles, &al, false)).2 >= 0.53 && cf >= 0.69,
        "groups or counterparts with the model below the reached 0.549 / 0.705"
    );
    // Reached on this gold: 0.701, P 0.732 (lexical 0.612; 0.735 / 0.657 with the seed-fitted
    // synonym table removed in session 5). The target is 0.85; see the README for what
    // the remaining errors are. This guards the reached figure and the lift.
    assert!(
        f >= 0.69 && p >= 0.72,
        "F1 {f:.3} P {p:.3} with the model, below the reached 0.701 / 0.732"
    );
    assert!(
        f >= lf + 0.05,
        "F1 {f:.3} is not clearly above lexical {lf:.3}"
    );
}

#[test]
fn reopening_a_drop_embeds_nothing_twice() {
    use parallax::similarity::semantic::{cache::EmbeddingCache, scorer::SemanticScorer};
    use parallax::similarity::Scorer;
    let Some(dir) = model_dir("reopening_a_drop_embeds_nothing_twice") else {
        return;
    };
    let t = tempfile::tempdir().unwrap();
    let arts: Vec<_> = gold::pairs()
        .into_iter()
        .take(1)
        .flat_map(|(l, r, _, _)| [l, r])
        .collect();
    let open = |e: &Embedder| EmbeddingCache::open(t.path(), e.fingerprint(), e.dim()).unwrap();
    let e = Embedder::load(&dir).unwrap();
    let first = SemanticScorer::new(Embedder::load(&dir).unwrap(), Some(open(&e)));
    let a = first.prepare(&arts).unwrap();
    assert!(first.embedded_count() > 20);
    let second = SemanticScorer::new(e, None);
    let second = {
        let e2 = Embedder::load(&dir).unwrap();
        let c = open(&e2);
        assert_eq!(c.len(), first.embedded_count());
        drop(second);
        SemanticScorer::new(e2, Some(c))
    };
    let b = second.prepare(&arts).unwrap();
    assert_eq!(second.embedded_count(), 0, "the second run embedded again");
    let (x, y) = (
        parallax::similarity::ParagraphRef {
            article: 0,
            paragraph: 1,
        },
        parallax::similarity::ParagraphRef {
            article: 1,
            paragraph: 2,
        },
    );
    assert_eq!(a.paragraph(x, y), b.paragraph(x, y));
}

#[test]
fn diff_json_says_which_similarity_was_used() {
    let bin = env!("CARGO_BIN_EXE_parallax");
    let data = tempfile::tempdir().unwrap();
    let run = |model: Option<&Path>| {
        let mut c = std::process::Command::new(bin);
        c.args([
            "diff",
            "--json",
            "seeds/000_61c82fb66aab7e52.txt",
            "seeds/001_1bc0e8f4c5315663.txt",
        ]);
        // No model anywhere: an empty data dir, an empty HF cache, no PARALLAX_MODEL.
        c.env("PARALLAX_DATA_DIR", data.path())
            .env("HF_HUB_CACHE", data.path())
            .env_remove("PARALLAX_MODEL");
        if let Some(m) = model {
            c.arg("--model").arg(m);
        }
        let out = c.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            v["similarity"].as_str().unwrap().to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(run(None).0, "lexical");
    // A broken --model is reported, and the diff still comes out lexically.
    let (mode, err) = run(Some(&data.path().join("nowhere")));
    assert_eq!(mode, "lexical");
    assert!(
        err.contains("nowhere") && err.contains("aligning lexically"),
        "{err}"
    );
    if let Some(dir) = model_dir("diff_json_says_which_similarity_was_used (with model)") {
        assert_eq!(run(Some(&dir)).0, "lexical+semantic");
    }
}
