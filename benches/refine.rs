//! The app's refinement of the seed drop (issue #6 item 4): from the lexical alignment to the
//! lexical+semantic one, as the `Refine` job does it. `reopen` is what reopening a drop costs
//! when the triage state already holds every vector (nothing is embedded); `embed_in_steps`
//! and `embed_at_once` are the same on a cold cache, embedding in the app's steps of `CHUNK`
//! texts (progress after each) or in the CLI's single call. Needs all-MiniLM-L6-v2 where a run finds it; prints
//! a line and measures nothing without it.
//!
//! `cargo bench --bench refine`

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::align::{align_drop_with, AlignOptions};
use parallax::ingest::{load_paths, LoadOptions};
use parallax::similarity::semantic::Model;
use parallax::triage::{store::StateEmbeddings, Store};

fn bench(c: &mut Criterion) {
    let model = match Model::find(None, None) {
        Ok(m) => m,
        Err(u) => {
            eprintln!("{}; nothing measured", u.note());
            return;
        }
    };
    let drop = load_paths(&[PathBuf::from("seeds")], &LoadOptions::default());
    let tmp = tempfile::tempdir().expect("temp dir");
    let state = tmp.path().join("triage.db");
    // Opening a store creates the state (in the temp dir, never in the drop folder).
    std::mem::drop(Store::open(&PathBuf::from("seeds"), Some(&state)).expect("state opens"));
    let open = || {
        let e = StateEmbeddings::open(&state, model.fingerprint(), model.dim()).expect("opens");
        Some(Box::new(e) as Box<dyn parallax::similarity::semantic::EmbeddingStore>)
    };
    // Fill the state once.
    let sem = model.scorer(open());
    assert!(sem
        .embed_drop(&drop.articles, &mut |_| true)
        .expect("embeds"));

    let mut g = c.benchmark_group("refine_seeds");
    g.sample_size(10);
    g.bench_function("reopen", |b| {
        b.iter(|| {
            let sem = model.scorer(open());
            assert!(sem
                .embed_drop(&drop.articles, &mut |_| true)
                .expect("cached"));
            assert_eq!(sem.embedded_count(), 0);
            let opts = AlignOptions {
                extra: vec![sem.weighted()],
                ..Default::default()
            };
            align_drop_with(&drop.articles, &opts)
        })
    });
    g.bench_function("embed_in_steps", |b| {
        b.iter(|| {
            let sem = model.scorer(None);
            assert!(sem
                .embed_drop(&drop.articles, &mut |_| true)
                .expect("embeds"));
            let opts = AlignOptions {
                extra: vec![sem.weighted()],
                ..Default::default()
            };
            align_drop_with(&drop.articles, &opts)
        })
    });
    g.bench_function("embed_at_once", |b| {
        b.iter(|| {
            let sem = model.scorer(None);
            let opts = AlignOptions {
                extra: vec![sem.weighted()],
                ..Default::default()
            };
            // Aligning embeds everything missing in one call (as `parallax align` does).
            align_drop_with(&drop.articles, &opts)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
