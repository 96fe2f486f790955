//! Render budgets (issue #4): one frame at 200×60 with 100 articles loaded under 2 ms, and the
//! seeds to the first frame under 100 ms. Run with `cargo bench --bench render`.

use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::ingest::{article_from_bytes, load_paths, Drop, LoadOptions};
use parallax::tui::keymap::parse_keys;
use parallax::tui::{handle_key, render, update, Action, App, Config, Job};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A generated article: a title, a date line and 30 paragraphs of varied prose (some Cyrillic).
fn article_text(i: usize) -> String {
    let mut s = format!(
        "Outlet {i} reports on the talks, day {}\n\nDec 3, 2025\n\n",
        i % 7
    );
    for p in 0..30 {
        s.push_str(&format!(
            "Paragraph {p} of article {i}: Ushakov said the sides were neither closer nor further \
             after {} hours of talks, while Rubio spoke of “some progress” on guarantees and \
             Putin claimed Pokrovsk. Ушаков сказал, что стороны не стали ни ближе, ни дальше. \
             The plan had {} points.\n\n",
            3 + (i + p) % 5,
            19 + (p % 10)
        ));
    }
    s
}

fn hundred_articles() -> App {
    let articles = (0..100)
        .map(|i| {
            article_from_bytes(
                &format!("gen/{i:03}.txt"),
                article_text(i).as_bytes(),
                &LoadOptions::default(),
            )
            .unwrap()
        })
        .collect();
    let drop = Drop {
        articles,
        warnings: Vec::new(),
    };
    let mut app = App::new(vec![PathBuf::from("gen")], 200, 60);
    let mut jobs = update(&mut app, Action::Loaded(Arc::new(drop)));
    while let Some(j) = jobs.pop() {
        jobs.extend(update(&mut app, j.run()));
    }
    app
}

fn keys(app: &mut App, config: &Config, k: &str) {
    for key in parse_keys(k).unwrap() {
        let mut jobs = handle_key(app, &config.keymap, key);
        while let Some(j) = jobs.pop() {
            jobs.extend(update(app, j.run()));
        }
    }
}

fn frames(c: &mut Criterion) {
    let config = Config::defaults(false);
    let mut app = hundred_articles();
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut group = c.benchmark_group("frame_200x60_100_articles");
    // What the terminal costs with nothing drawn: the floor under every figure below.
    group.bench_function("baseline_empty_frame", |b| {
        b.iter(|| terminal.draw(|_| {}).unwrap().area)
    });
    group.bench_function("sources", |b| {
        b.iter(|| terminal.draw(|f| render(f, &app, &config)).unwrap().area)
    });
    keys(&mut app, &config, "2jjjj<tab><tab>");
    group.bench_function("compare", |b| {
        b.iter(|| terminal.draw(|f| render(f, &app, &config)).unwrap().area)
    });
    keys(&mut app, &config, "1<space>j<space>d");
    group.bench_function("diff", |b| {
        b.iter(|| terminal.draw(|f| render(f, &app, &config)).unwrap().area)
    });
    keys(&mut app, &config, "4");
    group.bench_function("overview", |b| {
        b.iter(|| terminal.draw(|f| render(f, &app, &config)).unwrap().area)
    });
    // A key press with its update and redraw: moving the cursor in Compare.
    keys(&mut app, &config, "2");
    let j = parse_keys("j").unwrap()[0];
    let k = parse_keys("k").unwrap()[0];
    group.bench_function("compare_key_and_frame", |b| {
        b.iter(|| {
            handle_key(&mut app, &config.keymap, j);
            handle_key(&mut app, &config.keymap, k);
            terminal.draw(|f| render(f, &app, &config)).unwrap().area
        })
    });
    group.finish();
}

/// From nothing to the first frame of Sources on the seeds: load, fold in, draw. The drop
/// alignment runs on a worker in the app and is not part of the first frame.
fn first_frame(c: &mut Criterion) {
    let config = Config::defaults(false);
    let seeds = vec![PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/seeds"))];
    c.bench_function("seeds_to_first_frame_160x48", |b| {
        b.iter(|| {
            let mut app = App::new(seeds.clone(), 160, 48);
            let drop = load_paths(&seeds, &LoadOptions::default());
            let jobs: Vec<Job> = update(&mut app, Action::Loaded(Arc::new(drop)));
            let mut terminal = Terminal::new(TestBackend::new(160, 48)).unwrap();
            terminal.draw(|f| render(f, &app, &config)).unwrap();
            jobs.len()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = frames, first_frame
}
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
