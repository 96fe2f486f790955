//! Embedding throughput (target: at least 200 sentences per second on 2 cores) and the
//! end-to-end `align` of the seed drop with the model. Needs all-MiniLM-L6-v2 where a run
//! finds it (`parallax model install`); prints a line and measures nothing without it.
//!
//! One "sentence" is a real news sentence: every sentence of the five seed articles, in its
//! normalised form as the scorer embeds it (132 sentences, 31.7 word pieces on average with
//! `[CLS]`/`[SEP]`, 5 to 78). `embed/seed_sentences_*` runs on the whole rayon pool (the
//! figure for the target); `embed_1_thread/*` on one thread, the cost per core, which moves
//! less when other work shares the machine; `embed/seed_paragraphs_*` embeds whole paragraphs
//! (as the scorer also does), longer texts whose attention costs more per token.
//!
//! `embed_e5/*` measures multilingual-e5-small the same way when it is installed (`parallax
//! model install multilingual-e5-small`): 12 layers to MiniLM's 6, and the `"query: "` prefix.
//! Measured at load average 5.4–7 (the machine shared by four builds): e5 23.1 sentences/s on
//! the pool and 27.9/s on one thread, MiniLM 60.6/s and 61.2/s in the same run (e5 about 2.2–2.6
//! times the cost); loading e5 3.4 s (470 MB of f32 weights).
//!
//! Each embedding figure is taken on both kernels (`_f32`, `_int8`: see
//! `src/similarity/semantic/kernel_choice.rs`), in the same run; before measuring, the int8
//! vectors' worst and mean cosine to the f32 ones over the seed sentences is printed beside.
//!
//! `cargo bench --bench embed` (criterion prints `thrpt` in sentences/s as `elem/s`)

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax::align::{align_drop_with, AlignOptions};
use parallax::ingest::{load_paths, LoadOptions};
use parallax::similarity::semantic::embed::Embedder;
use parallax::similarity::semantic::kernel_choice::Kernel;
use parallax::similarity::semantic::locate::ModelSearch;
use parallax::similarity::semantic::{scorer::SemanticScorer, SEMANTIC_WEIGHT};
use parallax::similarity::{Similarity, Weighted};

fn bench(c: &mut Criterion) {
    let Ok(Some(model)) = ModelSearch::from_env(None, None).locate() else {
        eprintln!(
            "no all-MiniLM-L6-v2 model found: run `parallax model install`; nothing measured"
        );
        return;
    };
    let drop = load_paths(&[PathBuf::from("seeds")], &LoadOptions::default());
    let sentences: Vec<&str> = drop
        .articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .flat_map(|p| &p.sentences)
        .map(|s| s.norm.as_str())
        .collect();
    let paragraphs: Vec<&str> = drop
        .articles
        .iter()
        .flat_map(|a| &a.paragraphs)
        .map(|p| p.norm.as_str())
        .collect();
    let kernels = both_kernels(&model.path, &sentences);

    let mut g = c.benchmark_group("embed");
    g.sample_size(10);
    for (kernel, e) in &kernels {
        let k = kernel.name();
        g.throughput(Throughput::Elements(sentences.len() as u64));
        g.bench_function(format!("seed_sentences_{}_{k}", sentences.len()), |b| {
            b.iter(|| e.embed(&sentences).expect("embeds"))
        });
        g.throughput(Throughput::Elements(paragraphs.len() as u64));
        g.bench_function(format!("seed_paragraphs_{}_{k}", paragraphs.len()), |b| {
            b.iter(|| e.embed(&paragraphs).expect("embeds"))
        });
    }
    g.finish();

    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a one-thread pool");
    let mut g = c.benchmark_group("embed_1_thread");
    g.sample_size(10);
    g.throughput(Throughput::Elements(sentences.len() as u64));
    for (kernel, e) in &kernels {
        let name = format!("seed_sentences_{}_{}", sentences.len(), kernel.name());
        g.bench_function(name, |b| {
            b.iter(|| one.install(|| e.embed(&sentences).expect("embeds")))
        });
    }
    g.finish();

    // End to end as `parallax align --model` runs it on a fresh drop: embed every paragraph
    // and sentence (no cache), score, group. Loading the model is timed separately.
    let mut g = c.benchmark_group("align_seeds");
    g.sample_size(10);
    g.bench_function("load_model", |b| {
        b.iter(|| Embedder::load(&model.path).expect("model loads"))
    });
    g.bench_function("lexical", |b| {
        b.iter(|| align_drop_with(&drop.articles, &AlignOptions::default()))
    });
    g.bench_function("lexical+semantic", |b| {
        b.iter(|| {
            let sem = SemanticScorer::new(Embedder::load(&model.path).expect("loads"), None);
            let opts = AlignOptions {
                extra: vec![Weighted {
                    scorer: &sem,
                    weight: SEMANTIC_WEIGHT,
                }],
                ..Default::default()
            };
            let a = align_drop_with(&drop.articles, &opts);
            assert_eq!(a.similarity, Similarity::LexicalSemantic);
            a
        })
    });
    g.finish();

    let Some(e5_dir) = parallax::similarity::semantic::locate::installed_e5_dir() else {
        eprintln!("multilingual-e5-small not installed: its throughput is not measured");
        return;
    };
    let e5_kernels = both_kernels(&e5_dir, &sentences);
    let mut g = c.benchmark_group("embed_e5");
    g.sample_size(10);
    g.throughput(Throughput::Elements(sentences.len() as u64));
    for (kernel, e5) in &e5_kernels {
        let k = kernel.name();
        g.bench_function(format!("seed_sentences_{}_{k}", sentences.len()), |b| {
            b.iter(|| e5.embed(&sentences).expect("embeds"))
        });
        g.bench_function(
            format!("seed_sentences_{}_1_thread_{k}", sentences.len()),
            |b| b.iter(|| one.install(|| e5.embed(&sentences).expect("embeds"))),
        );
    }
    for kernel in [Kernel::F32, Kernel::Int8] {
        g.bench_function(format!("load_model_{}", kernel.name()), |b| {
            b.iter(|| Embedder::load_with(&e5_dir, kernel).expect("e5 loads"))
        });
    }
    g.finish();
}

/// The model in `dir` on each kernel (f32 first), after printing how close the int8 vectors
/// of `texts` are to the f32 ones: the quality beside the time.
fn both_kernels(dir: &std::path::Path, texts: &[&str]) -> Vec<(Kernel, Embedder)> {
    let loaded: Vec<(Kernel, Embedder)> = [Kernel::F32, Kernel::Int8]
        .into_iter()
        .map(|k| (k, Embedder::load_with(dir, k).expect("model loads")))
        .collect();
    let f32v = loaded[0].1.embed(texts).expect("embeds");
    let int8 = loaded[1].1.embed(texts).expect("embeds");
    let cos: Vec<f32> = f32v
        .iter()
        .zip(&int8)
        .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x * y).sum())
        .collect();
    let worst = cos.iter().fold(1f32, |m, c| m.min(*c));
    let mean = cos.iter().sum::<f32>() / cos.len().max(1) as f32;
    eprintln!(
        "{}: int8 vectors against f32 over {} texts: worst cosine {worst:.5}, mean {mean:.5}",
        loaded[0].1.description().name,
        cos.len()
    );
    loaded
}

criterion_group!(benches, bench);
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
