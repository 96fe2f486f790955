//! Ingest throughput: a generated drop of 2,000 articles loaded end to end (walk, read, decode,
//! detect, extract, clean, segment, normalise, language), measured on ONE core (a one-thread
//! rayon pool) and reported by criterion as MB/s of article file bytes. Target: >= 50 MB/s.
//!
//! The text drop is the five seeds (plain text, a date-glued scrape, a Jekyll post with YAML
//! front matter, a file without blank lines, a byline-heavy page) repeated 400 times each with
//! the article number worked into the text so no two files are identical. HTML and JSON are
//! measured separately, because main-text extraction from a web page costs far more per byte.
//!
//! Besides criterion's wall-clock figures, each case prints MB per CPU-second (process CPU
//! time over ten loads), the figure to quote on a shared machine.
//!
//! Run: `cargo bench --bench ingest`

use std::fs;
use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use parallax::ingest::{self, LoadOptions};

const ARTICLES: usize = 2_000;
/// Full loads behind the MB-per-CPU-second figure.
const LOADS: usize = 10;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Write `n` variants of `templates` into `dir`, returning the total bytes written.
fn generate(dir: &Path, templates: &[(String, &str)], n: usize) -> u64 {
    let mut total = 0;
    for i in 0..n {
        let (text, ext) = &templates[i % templates.len()];
        // Vary each copy: a different number in the first sentence-bearing line.
        let body = text.replacen("Putin", &format!("Putin ({i})"), 1);
        let path = dir.join(format!("{:02}/{i:05}.{ext}", i / 100));
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &body).unwrap();
        total += body.len() as u64;
    }
    total
}

fn one_core<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(f)
}

/// CPU seconds this process has used: on a shared machine wall time counts other sessions'
/// work, CPU time counts only ours.
fn cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant the OS defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0);
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

fn bench_drop(c: &mut Criterion, name: &str, templates: &[(String, &str)], n: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = generate(tmp.path(), templates, n);
    let paths = vec![tmp.path().to_path_buf()];
    let opts = LoadOptions::default();
    let check = ingest::load_paths(&paths, &opts);
    assert_eq!(check.articles.len(), n, "{:?}", check.warnings.first());
    // The figure to quote: MB of article text per CPU-second on one core, over LOADS full loads
    // (several, because the first ones also pay for the allocator's first touch of fresh pages).
    let t0 = cpu_seconds();
    for _ in 0..LOADS {
        one_core(|| ingest::load_paths(&paths, &opts));
    }
    let cpu = (cpu_seconds() - t0) / LOADS as f64;
    eprintln!(
        "ingest/{name}: {n} articles, {:.2} MB, {:.3} CPU-s per load on one core = {:.1} MB/s per core",
        bytes as f64 / 1e6,
        cpu,
        bytes as f64 / 1e6 / cpu
    );
    let mut group = c.benchmark_group("ingest");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function(format!("{name}_{n}_articles_one_core"), |b| {
        b.iter(|| {
            one_core(|| ingest::load_paths(&paths, &opts))
                .articles
                .len()
        })
    });
    group.finish();
}

/// The front end alone (walk, read, decode, detect): how much of the cost is ingest proper
/// and how much is cleaning, segmentation, normalisation and language detection.
fn bench_front_end(templates: &[(String, &str)], n: usize) {
    let tmp = tempfile::tempdir().unwrap();
    let bytes = generate(tmp.path(), templates, n);
    let mut files = Vec::new();
    let mut stack = vec![tmp.path().to_path_buf()];
    let t0 = cpu_seconds();
    for _ in 0..3 {
        files.clear();
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    files.push(p);
                }
            }
        }
        for f in &files {
            let raw = fs::read(f).unwrap();
            let d = ingest::decode(&raw).unwrap();
            std::hint::black_box(ingest::detect(&d.text, Some("txt")));
        }
        stack.push(tmp.path().to_path_buf());
    }
    let cpu = (cpu_seconds() - t0) / 3.0;
    eprintln!(
        "ingest/front_end (walk, read, decode, detect): {:.1} MB/s per core",
        bytes as f64 / 1e6 / cpu
    );
}

/// Where one article's time goes: each stage run alone over the seed texts, as MB per
/// CPU-second. Stages overlap (cleaning calls segmentation and normalisation), so the figures
/// say which stage is slow, they do not add up.
fn stage_breakdown(seeds: &[(String, &str)]) {
    use parallax::{language, normalise::normalise, segment};
    const ROUNDS: usize = 100;
    let bytes: usize = seeds.iter().map(|(t, _)| t.len()).sum::<usize>() * ROUNDS;
    let articles: Vec<_> = seeds
        .iter()
        .map(|(t, _)| {
            ingest::article_from_bytes("seed.txt", t.as_bytes(), &LoadOptions::default()).unwrap()
        })
        .collect();
    let stage = |name: &str, f: &dyn Fn()| {
        let t0 = cpu_seconds();
        for _ in 0..ROUNDS {
            f();
        }
        let cpu = cpu_seconds() - t0;
        eprintln!(
            "ingest/stage {name}: {:.1} MB/s per core",
            bytes as f64 / 1e6 / cpu
        );
    };
    stage("whole article (decode..language)", &|| {
        for (t, _) in seeds {
            std::hint::black_box(
                ingest::article_from_bytes("seed.txt", t.as_bytes(), &LoadOptions::default())
                    .unwrap(),
            );
        }
    });
    stage("decode + detect", &|| {
        for (t, _) in seeds {
            let d = ingest::decode(t.as_bytes()).unwrap();
            std::hint::black_box(ingest::detect(&d.text, Some("txt")));
        }
    });
    stage("segment (blocks + sentences)", &|| {
        for (t, _) in seeds {
            for b in segment::blocks(t) {
                std::hint::black_box(segment::sentences(t, b.start, b.end));
            }
        }
    });
    stage("normalise (every line)", &|| {
        for (t, _) in seeds {
            for l in t.lines() {
                std::hint::black_box(normalise(l));
            }
        }
    });
    stage("language", &|| {
        for a in &articles {
            std::hint::black_box(language::detect(&a.paragraphs));
        }
    });
}

fn read(path: &str) -> String {
    fs::read_to_string(root().join(path)).unwrap()
}

fn ingest_benches(c: &mut Criterion) {
    let seeds: Vec<(String, &str)> = fs::read_dir(root().join("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (fs::read_to_string(&p).unwrap(), "txt"))
        .collect();
    assert_eq!(seeds.len(), 5);
    stage_breakdown(&seeds);
    bench_front_end(&seeds, ARTICLES);
    bench_drop(c, "seed_text", &seeds, ARTICLES);

    let html = vec![(read("tests/fixtures/formats/saved_page.html"), "html")];
    bench_drop(c, "html", &html, ARTICLES / 10);

    let json = vec![(read("tests/fixtures/formats/one_article.json"), "json")];
    bench_drop(c, "json", &json, ARTICLES / 10);
}

criterion_group!(benches, ingest_benches);
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
