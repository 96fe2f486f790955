//! `diff` across languages against a gold written by reading (`tests/gold/cross_language.json`,
//! see `tests/gold/README.md`): three seed articles rendered by hand into German, Russian and
//! French (`tests/fixtures/multilingual/`), each paired with its original and with the four
//! other seeds. Which paragraphs correspond with the original is the rendering itself; with
//! another seed, the seed gold's judgement of the original paragraph carries over.
//!
//! F1 is reported lexically, with all-MiniLM-L6-v2 and with multilingual-e5-small (each when
//! installed; a missing model prints SKIPPED, and fails under `PARALLAX_REQUIRE_MODEL=1`).
#![cfg(feature = "semantic")]

use parallax::align::AlignOptions;
use parallax::similarity::semantic::embed::Embedder;
use parallax::similarity::semantic::lazy::LazyEmbedder;
use parallax::similarity::semantic::scorer::SemanticScorer;
use parallax::Article;
use serde::Deserialize;

use crate::common::gold::{by_file, prf, resolve, seed_gold, Links};

#[derive(Deserialize)]
struct CrossGold {
    articles: Vec<Rendering>,
}

#[derive(Deserialize)]
struct Rendering {
    file: String,
    source: String,
    renders: Vec<(String, String)>,
    related_in_source: Vec<(String, String)>,
}

/// One scored pair: a rendering, a seed, the corresponding and related links, and whether the
/// seed is the rendering's original.
type CrossPair = (Article, Article, Links, Links, bool);

/// Every (rendering, seed) pair with its gold links.
fn cross_pairs() -> Vec<CrossPair> {
    let seeds = by_file("seeds");
    let renderings = by_file("tests/fixtures/multilingual");
    let read = |p: &str| std::fs::read_to_string(p).unwrap();
    let cross: CrossGold = serde_json::from_str(&read("tests/gold/cross_language.json")).unwrap();
    let seed_gold = seed_gold();
    let mut out = Vec::new();
    for g in &cross.articles {
        let t = &renderings[&g.file];
        let src = &seeds[&g.source];
        // Rendered paragraph index -> the original's paragraph index.
        let renders: Vec<(usize, usize)> = g
            .renders
            .iter()
            .map(|(a, b)| (resolve(t, a), resolve(src, b)))
            .collect();
        let links = |v: &[(String, String)]| -> Links {
            v.iter()
                .map(|(a, b)| (resolve(t, a), resolve(src, b)))
                .collect()
        };
        out.push((
            t.clone(),
            src.clone(),
            renders.iter().copied().collect(),
            links(&g.related_in_source),
            true,
        ));
        for (name, other) in &seeds {
            if *name == g.source {
                continue;
            }
            let (mut correspond, mut related) = (Links::new(), Links::new());
            for p in &seed_gold.pairs {
                // The seed gold's links of (original paragraph, other paragraph), either way round.
                let flipped = if p.left == g.source && p.right == *name {
                    false
                } else if p.right == g.source && p.left == *name {
                    true
                } else {
                    continue;
                };
                let carry = |v: &[(String, String)], into: &mut Links| {
                    for (a, b) in v {
                        let (s, o) = if flipped { (b, a) } else { (a, b) };
                        let (si, oi) = (resolve(src, s), resolve(other, o));
                        for &(ti, _) in renders.iter().filter(|&&(_, r)| r == si) {
                            into.insert((ti, oi));
                        }
                    }
                };
                carry(&p.correspond, &mut correspond);
                carry(&p.related, &mut related);
            }
            out.push((t.clone(), other.clone(), correspond, related, false));
        }
    }
    out
}

/// Micro-averaged (P, R, F1) of `diff` with `opts` over the pairs `which` keeps.
fn cross_f1(
    pairs: &[CrossPair],
    opts: &AlignOptions,
    which: impl Fn(bool) -> bool,
) -> (f64, f64, f64) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (l, r, correspond, related, _) in pairs.iter().filter(|p| which(p.4)) {
        let a = parallax::align::diff_articles_with(l, r, opts);
        let predicted: Links = a.pairs.iter().map(|p| (p.left, p.right)).collect();
        tp += predicted.intersection(correspond).count();
        fp += predicted
            .iter()
            .filter(|p| !correspond.contains(p) && !related.contains(p))
            .count();
        fn_ += correspond.difference(&predicted).count();
    }
    prf((tp, fp, fn_))
}

/// F1 with its original, with the other seeds, and over all pairs, printed under `label`.
fn report(label: &str, pairs: &[CrossPair], opts: &AlignOptions) -> [(f64, f64, f64); 3] {
    let figures = [
        cross_f1(pairs, opts, |s| s),
        cross_f1(pairs, opts, |s| !s),
        cross_f1(pairs, opts, |_| true),
    ];
    for (part, (p, r, f)) in ["with its original", "with other seeds", "all pairs"]
        .iter()
        .zip(figures)
    {
        eprintln!("cross-language diff, {label}, {part}: P {p:.3} R {r:.3} F1 {f:.3}");
    }
    figures
}

#[test]
fn the_cross_language_gold_resolves_and_carries_the_seed_gold_over() {
    let pairs = cross_pairs();
    assert_eq!(pairs.len(), 3 * 5);
    let originals: usize = pairs.iter().filter(|p| p.4).map(|p| p.2.len()).sum();
    let carried: usize = pairs.iter().filter(|p| !p.4).map(|p| p.2.len()).sum();
    eprintln!("cross-language gold: {originals} links with the originals, {carried} carried over");
    assert_eq!(originals, 7 + 9 + 9);
    assert!(
        carried > originals,
        "{carried} links carried over from the seed gold"
    );
    // Every rendering is detected in its own language.
    let langs: Vec<String> = pairs
        .iter()
        .filter(|p| p.4)
        .map(|p| p.0.language.clone().unwrap_or_default())
        .collect();
    assert_eq!(langs, ["de", "ru", "fr"]);
}

#[test]
fn diff_across_languages_with_e5_beside_minilm_and_lexical() {
    let pairs = cross_pairs();
    let lexical = report("lexical", &pairs, &AlignOptions::default());
    if let Some(dir) = crate::common::model::dir_or_skip("diff_across_languages (MiniLM)") {
        let minilm = SemanticScorer::new(Embedder::load(&dir).unwrap(), None);
        report(
            "all-MiniLM-L6-v2",
            &pairs,
            &crate::common::model::with_scorer(&minilm),
        );
    }
    let Some(dir) = crate::common::model::e5_dir_or_skip("diff_across_languages (e5)") else {
        return;
    };
    let e5 = SemanticScorer::new(Embedder::load(&dir).unwrap(), None);
    let got = report(
        "multilingual-e5-small",
        &pairs,
        &crate::common::model::with_scorer(&e5),
    );
    // Reached with e5's calibration (0.78, 1.0), each article stemmed in its own language and
    // Cyrillic trigrams in Latin letters (session 13): with the originals F1 0.962 (P 0.926
    // R 1.000), with the other seeds 0.618 (P 0.859 R 0.482), all pairs 0.684 (P 0.876
    // R 0.561); lexically 0.485 / 0.028 / 0.115 (names and numbers only), MiniLM 0.387 /
    // 0.042 / 0.104.
    // Against the other seeds the lexical half of the mean, near 0 across languages, holds
    // many pairs under the bar: recall is what is left.
    let (orig, all) = (got[0].2, got[2].2);
    assert!(
        orig >= 0.94,
        "e5 with the originals: F1 {orig:.3} below the reached 0.962"
    );
    assert!(
        all >= 0.66,
        "e5 over all pairs: F1 {all:.3} below the reached 0.684"
    );
    assert!(
        all > lexical[2].2 + 0.3,
        "e5 not clearly above lexical across languages"
    );
}

/// The cross-language side of the e5 calibration grid (`cargo test --release --test all
/// cross_language_calibration_grid -- --ignored --nocapture`): all-pairs F1 per cosine mapped
/// to 0 (1.0 mapped to 1).
#[test]
#[ignore = "a tuning aid: prints the grid"]
fn cross_language_calibration_grid() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("cross_language_calibration_grid") else {
        return;
    };
    let pairs = cross_pairs();
    let e = std::sync::Arc::new(LazyEmbedder::ready(Embedder::load(&dir).unwrap()));
    let cache = tempfile::tempdir().unwrap();
    for zero in [0.74f32, 0.76, 0.78, 0.80, 0.82, 0.84] {
        use parallax::similarity::semantic::{cache::EmbeddingCache, EmbeddingStore};
        let store = EmbeddingCache::open(cache.path(), e.fingerprint(), e.dim()).unwrap();
        let s =
            SemanticScorer::with_store(e.clone(), Some(Box::new(store) as Box<dyn EmbeddingStore>))
                .with_range(zero, 1.0);
        let (p, r, f) = cross_f1(&pairs, &crate::common::model::with_scorer(&s), |_| true);
        eprintln!("cross-language grid zero {zero:.2}: P {p:.3} R {r:.3} F1 {f:.3}");
    }
}

/// The seeds' stories in one drop with their German, Russian and French renderings: lexically
/// each rendering is a story of its own (names and numbers are all they share); with e5 the
/// three join the seeds' story, and the English stories of `tests/fixtures/stories` (other
/// talks, trials, earthquakes) take none of them.
#[test]
fn align_joins_the_renderings_to_their_story_with_e5_and_no_other() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let stories_of = |similarity: &str, dir: Option<&std::path::Path>| {
        let data = tempfile::tempdir().unwrap();
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"));
        cmd.arg("align")
            .arg(root.join("seeds"))
            .arg(root.join("tests/fixtures/multilingual"))
            .arg(root.join("tests/fixtures/stories"))
            .args(["--json", "--similarity", similarity])
            .env("XDG_DATA_HOME", data.path());
        if let Some(d) = dir {
            cmd.arg("--model").arg(d);
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let name = |a: &serde_json::Value| {
            let i = a.as_u64().unwrap() as usize;
            let p = v["articles"][i]["path"].as_str().unwrap().to_string();
            p.rsplit('/').next().unwrap().to_string()
        };
        let stories: Vec<Vec<String>> = v["stories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["articles"].as_array().unwrap().iter().map(name).collect())
            .collect();
        stories
    };
    let with_seed = |stories: &[Vec<String>]| -> Vec<String> {
        stories
            .iter()
            .find(|s| s.iter().any(|f| f.starts_with("000_")))
            .cloned()
            .unwrap_or_default()
    };
    let lexical = stories_of("lexical", None);
    let renderings = [
        "de_000_moskau.txt",
        "ru_001_ushakov.txt",
        "fr_004_kremlin.txt",
    ];
    assert!(with_seed(&lexical)
        .iter()
        .all(|f| !renderings.contains(&f.as_str())));
    let Some(dir) = crate::common::model::e5_dir_or_skip("align_joins_the_renderings (e5)") else {
        return;
    };
    let e5 = stories_of("semantic", Some(&dir));
    let seeds_story = with_seed(&e5);
    for f in renderings {
        assert!(
            seeds_story.iter().any(|x| x == f),
            "{f} not in {seeds_story:?}"
        );
    }
    assert_eq!(seeds_story.len(), 8, "{seeds_story:?}");
    // The English stories keep their lexical split.
    let english_elsewhere = |s: &[Vec<String>]| {
        let mut v: Vec<Vec<String>> = s
            .iter()
            .filter(|st| !st.iter().any(|f| f.starts_with("000_")))
            .cloned()
            .collect();
        v.sort();
        v
    };
    let lexical_rest: Vec<Vec<String>> = english_elsewhere(&lexical)
        .into_iter()
        .filter(|st| !st.iter().any(|f| renderings.contains(&f.as_str())))
        .collect();
    assert_eq!(english_elsewhere(&e5), lexical_rest);
}

/// A folder holding the seeds, their three renderings and `tests/fixtures/stories`.
fn mixed_drop() -> tempfile::TempDir {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let drop = tempfile::tempdir().unwrap();
    for dir in [
        "seeds",
        "tests/fixtures/multilingual",
        "tests/fixtures/stories",
    ] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                std::fs::copy(&p, drop.path().join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    drop
}

/// `parallax triage DROP --state STATE --json`, with `model` (auto similarity) or lexically.
fn triage_json(
    drop: &std::path::Path,
    state: &std::path::Path,
    model: Option<&std::path::Path>,
) -> serde_json::Value {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"));
    cmd.arg("triage")
        .arg(drop)
        .arg("--state")
        .arg(state)
        .arg("--json")
        .env("XDG_DATA_HOME", data.path())
        .env_remove("PARALLAX_MODEL");
    match model {
        Some(m) => cmd
            .env("PARALLAX_MODEL", m)
            .env("PARALLAX_SIMILARITY", "auto"),
        None => cmd.env("PARALLAX_SIMILARITY", "lexical"),
    };
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
}

/// Triage's "what it adds" crosses languages with e5: a story that mixes languages is aligned
/// with the model, so a rendering of a seed, every paragraph of which renders one of its
/// original's (the cross-language gold), adds little. Lexically a translation shared no word
/// and added all of itself (novelty 1.0, 1.0 and 0.90; with e5 0.31, 0.38 and 0.15 measured).
#[test]
fn triage_says_a_translation_adds_little_with_e5() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("triage_novelty_across (e5)") else {
        return;
    };
    let drop = mixed_drop();
    let state = tempfile::tempdir().unwrap();
    let report = triage_json(drop.path(), &state.path().join("s.db"), Some(&dir));
    for f in [
        "de_000_moskau.txt",
        "ru_001_ushakov.txt",
        "fr_004_kremlin.txt",
    ] {
        let item = report["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["path"].as_str().unwrap().ends_with(f))
            .unwrap();
        let novelty = item["novelty"].as_f64().unwrap();
        let novel = item["novel_paragraphs"].as_array().unwrap().len();
        assert!(novelty <= 0.5, "{f}: novelty {novelty}");
        assert!(novel <= 3, "{f}: {novel} paragraphs called new");
    }
}

/// Triage keeps its own stories (ids stable while files arrive), so it joins across languages
/// itself: on one folder of the seeds, their renderings and the English stories, the
/// renderings start stories of their own when similarity is lexical, and with e5 they are
/// `same_story` members of the seeds' story, which the next scan keeps.
#[test]
fn triage_joins_the_renderings_to_their_story_with_e5() {
    let drop = mixed_drop();
    let triage = |state: &std::path::Path, model: Option<&std::path::Path>| {
        triage_json(drop.path(), state, model)
    };
    let renderings = [
        "de_000_moskau.txt",
        "ru_001_ushakov.txt",
        "fr_004_kremlin.txt",
    ];
    // (story of the first seed, and each rendering's story and verdict)
    let placed = |r: &serde_json::Value| {
        let item = |name: &str| {
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["path"].as_str().unwrap().ends_with(name))
                .cloned()
                .unwrap()
        };
        let seed = item("000_61c82fb66aab7e52.txt")["story"].as_u64().unwrap();
        let of: Vec<(u64, String)> = renderings
            .iter()
            .map(|f| {
                let i = item(f);
                (
                    i["story"].as_u64().unwrap(),
                    i["verdict"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        (seed, of)
    };
    let lexical_state = tempfile::tempdir().unwrap();
    let (seed, of) = placed(&triage(&lexical_state.path().join("s.db"), None));
    assert!(
        of.iter().all(|(s, _)| *s != seed),
        "lexically joined: {of:?}"
    );
    let Some(dir) = crate::common::model::e5_dir_or_skip("triage_joins_the_renderings (e5)") else {
        return;
    };
    let state = tempfile::tempdir().unwrap();
    let state = state.path().join("s.db");
    let first = triage(&state, Some(&dir));
    let (seed, of) = placed(&first);
    for (f, (s, verdict)) in renderings.iter().zip(&of) {
        assert_eq!(*s, seed, "{f} not in the seeds' story: {of:?}");
        assert_eq!(verdict, "same_story", "{f}");
    }
    let again = triage(&state, Some(&dir));
    assert_eq!(placed(&again), (seed, of));
    let members = |r: &serde_json::Value| {
        r["stories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"].as_u64() == Some(seed))
            .map(|s| s["members"].as_array().unwrap().len())
    };
    assert_eq!(
        members(&first),
        Some(8),
        "the five seeds and three renderings"
    );
    assert_eq!(members(&again), Some(8));
}

/// A diff across languages with e5 reads the translation's facts as the original's: a faithful
/// rendering differs in nothing (not even in how German spells Pokrovsk or Donetsk), and a
/// value the rendering changed is flagged though the two sentences share no unit word
/// ("28-point plan" / "27-Punkte-Plans").
#[test]
fn a_diff_across_languages_flags_a_changed_value_and_no_spelling() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("diff_flags_across (e5)") else {
        return;
    };
    let e5 = SemanticScorer::new(Embedder::load(&dir).unwrap(), None);
    let opts = crate::common::model::with_scorer(&e5);
    let seeds = by_file("seeds");
    let original = &seeds["000_61c82fb66aab7e52.txt"];
    let german = &by_file("tests/fixtures/multilingual")["de_000_moskau.txt"];
    let faithful = parallax::align::diff_articles_with(original, german, &opts);
    assert!(faithful.pairs.len() >= 5, "{} pairs", faithful.pairs.len());
    assert_eq!(faithful.discrepancies, vec![], "a faithful rendering");

    let changed_text = german.source.replace("28-Punkte-Plans", "27-Punkte-Plans");
    assert_ne!(changed_text, german.source);
    let changed = parallax::ingest::article_from_bytes(
        "de_changed.txt",
        changed_text.as_bytes(),
        &parallax::ingest::LoadOptions::default(),
    )
    .unwrap();
    let got = parallax::align::diff_articles_with(original, &changed, &opts).discrepancies;
    let found: Vec<(&str, &str)> = got
        .iter()
        .map(|d| (d.left_text.as_str(), d.right_text.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![("original 28-point", "ursprünglichen 27-Punkte")],
        "{got:#?}"
    );
}

/// `parallax align seeds tests/fixtures/multilingual --json` with `args` and the model in
/// `model`, on an empty data folder.
fn align_seeds_and_renderings(args: &[&str], model: &std::path::Path) -> std::process::Output {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = tempfile::tempdir().unwrap();
    std::process::Command::new(assert_cmd::cargo::cargo_bin("parallax"))
        .arg("align")
        .arg(root.join("seeds"))
        .arg(root.join("tests/fixtures/multilingual"))
        .arg("--json")
        .args(args)
        .arg("--model")
        .arg(model)
        .env("XDG_DATA_HOME", data.path())
        .output()
        .unwrap()
}

/// Indirect speech in another language joins the lineup of the statement it reports, by the
/// semantic score of its sentence with e5: the French rendering of 004's "Rubio said progress
/// has been made" joins "some progress", the Russian one of 001's "Putin threatened a military
/// response to Ukrainian ports" joins "step up strikes on Ukrainian ports", each marked
/// indirect, in its own language, without a diff.
#[test]
fn indirect_speech_in_another_language_joins_the_lineup_it_reports_with_e5() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("indirect_speech_across (e5)") else {
        return;
    };
    let out = align_seeds_and_renderings(&["--similarity", "semantic"], &dir);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let quotes = v["quotes"].as_array().unwrap();
    let lineup_of = |quote: &str| {
        quotes
            .iter()
            .find(|q| {
                q["variants"][0]["text"]
                    .as_str()
                    .unwrap()
                    .starts_with(quote)
            })
            .unwrap_or_else(|| panic!("the lineup of {quote:?}"))["variants"]
            .as_array()
            .unwrap()
    };
    for (quote, language, words) in [
        (
            "some progress",
            "fr",
            "Marco Rubio a déclaré que des progrès",
        ),
        (
            "step up strikes on Ukrainian ports",
            "ru",
            "Путин пригрозил военным ответом",
        ),
    ] {
        let variants = lineup_of(quote);
        let found: Vec<&serde_json::Value> = variants
            .iter()
            .filter(|r| r["language"] == language && r["indirect"] == true)
            .collect();
        assert_eq!(found.len(), 1, "{quote}: {variants:#?}");
        assert!(
            found[0]["text"].as_str().unwrap().contains(words),
            "{found:#?}"
        );
        assert!(found[0]["diff"].as_array().unwrap().is_empty());
        assert!(found[0]["flags"].as_array().unwrap().is_empty());
    }
}

/// Quote lineups cross languages with e5: Ushakov's "neither further nor closer" lines up with
/// its German and Russian renderings, each in its own words and language (the French one is
/// indirect speech in the source it translates), and no rendering carries a word diff.
#[test]
fn the_ushakov_lineup_includes_its_renderings_in_other_languages_with_e5() {
    let Some(dir) = crate::common::model::e5_dir_or_skip("the_ushakov_lineup (e5)") else {
        return;
    };
    let out = align_seeds_and_renderings(&["--similarity", "semantic"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("English only"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let lineup = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| {
            q["variants"].as_array().unwrap().iter().any(|r| {
                r["text"]
                    .as_str()
                    .unwrap()
                    .starts_with("neither further nor closer")
            })
        })
        .expect("the Ushakov lineup");
    let variants = lineup["variants"].as_array().unwrap();
    let in_language = |lang: &str| -> Vec<&str> {
        variants
            .iter()
            .filter(|r| r["language"] == lang)
            .map(|r| r["text"].as_str().unwrap())
            .collect()
    };
    assert!(
        in_language("ru").contains(&"не стали ни ближе, ни дальше"),
        "{variants:#?}"
    );
    assert!(
        in_language("de")
            .iter()
            .any(|t| t.contains("weder näher noch ferner")),
        "{variants:#?}"
    );
    for r in variants.iter().filter(|r| r["language"] != "en") {
        assert!(r["diff"].as_array().unwrap().is_empty(), "{r:#?}");
    }
    // Putin's statements stay apart: no lineup holds both "preventing the US administration"
    // and "Russia does not intend to fight Europe".
    for q in v["quotes"].as_array().unwrap() {
        let texts: Vec<&str> = q["variants"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["text"].as_str().unwrap())
            .collect();
        let has = |w: &str| texts.iter().any(|t| t.starts_with(w));
        assert!(
            !(has("preventing the US") && has("Russia does not intend")),
            "{texts:?}"
        );
    }
}

/// A drop in several languages aligned with the English-only model says so, naming the
/// languages and the model to install.
#[test]
fn a_mixed_drop_aligned_with_minilm_warns_that_languages_will_not_line_up() {
    let Some(dir) = crate::common::model::dir_or_skip("a_mixed_drop_with_minilm") else {
        return;
    };
    let out = align_seeds_and_renderings(&[], &dir);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("in de, en, fr, ru, and the model reads English only")
            && stderr.contains("parallax model install multilingual-e5-small"),
        "{stderr}"
    );
}
