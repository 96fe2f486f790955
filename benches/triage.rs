//! Triage budgets: a generated drop of 5,000 articles (250 events × 20 outlets, with copies and
//! rewrites) scanned from an empty state (< 15 s on 2 cores), and reopened with everything
//! cached (< 1 s). Run: `RAYON_NUM_THREADS=2 cargo bench --bench triage`.

use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::triage::{self, Store};

const STORIES: usize = 250;
const PER_STORY: usize = 20;

/// xorshift64*: a fixed, dependency-free generator so every run writes the same drop.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn word(rng: &mut Rng) -> String {
    const SYL: &[&str] = &[
        "ka", "lo", "mer", "tan", "vi", "dro", "sel", "ur", "pa", "zen", "ko", "ri", "mas", "tel",
        "no", "gar", "bi", "sto", "len", "ev", "shu", "pol", "dan", "ire", "mo", "tas", "kel",
        "ve", "rup", "hal", "ost", "nim", "bra", "cu", "lis", "od", "fen", "gri", "sa", "tor",
    ];
    (0..3).map(|_| SYL[rng.below(SYL.len())]).collect()
}

/// Write the drop: each story has its own names; every article mixes them with common words.
/// One article in ten is a lightly edited copy of an earlier one of its story.
fn write_drop(dir: &Path) {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let common: Vec<String> = (0..3000).map(|_| word(&mut rng)).collect();
    for s in 0..STORIES {
        let names: Vec<String> = (0..30).map(|_| word(&mut rng)).collect();
        let mut texts: Vec<String> = Vec::new();
        for a in 0..PER_STORY {
            let text = if a > 0 && rng.below(10) == 0 {
                let base = texts[rng.below(texts.len())].clone();
                base.replacen(" the ", " a ", 3)
            } else {
                let mut t = format!(
                    "{} {} {}\n\n",
                    names[rng.below(30)],
                    common[rng.below(3000)],
                    names[rng.below(30)]
                );
                for _ in 0..8 + rng.below(7) {
                    for _ in 0..2 + rng.below(3) {
                        let n = 12 + rng.below(9);
                        let ws: Vec<&str> = (0..n)
                            .map(|_| {
                                if rng.below(10) < 3 {
                                    names[rng.below(30)].as_str()
                                } else if rng.below(4) == 0 {
                                    "the"
                                } else {
                                    common[rng.below(3000)].as_str()
                                }
                            })
                            .collect();
                        t.push_str(&ws.join(" "));
                        t.push_str(". ");
                    }
                    t.push_str("\n\n");
                }
                t
            };
            std::fs::write(dir.join(format!("s{s:03}_a{a:02}.txt")), &text).unwrap();
            texts.push(text);
        }
    }
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    write_drop(&dir);
    let bytes: u64 = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    eprintln!(
        "generated drop: {} files, {bytes} bytes",
        STORIES * PER_STORY
    );
    // Let the files' mtimes settle, as they have when a drop is reopened later.
    std::thread::sleep(Duration::from_secs(2));

    let mut g = c.benchmark_group("triage");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    let mut n = 0;
    g.bench_function("first_scan_5000", |b| {
        b.iter(|| {
            n += 1;
            let state = tmp.path().join(format!("first{n}.db"));
            let mut s = Store::open(&dir, Some(&state)).unwrap();
            let r = triage::scan(&mut s).unwrap();
            assert_eq!(r.items.len(), STORIES * PER_STORY);
            drop(s);
            let _ = std::fs::remove_file(&state);
            r.stories.len()
        })
    });
    let state = tmp.path().join("warm.db");
    {
        let mut s = Store::open(&dir, Some(&state)).unwrap();
        let r = triage::scan(&mut s).unwrap();
        eprintln!(
            "generated drop: {} items, {} stories (written as {STORIES})",
            r.items.len(),
            r.stories.len()
        );
        triage::mark_seen(&mut s).unwrap();
    }
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("reopen_cached_5000", |b| {
        b.iter(|| {
            let mut s = Store::open(&dir, Some(&state)).unwrap();
            triage::scan(&mut s).unwrap().items.len()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
