//! Alignment budgets: `diff` of two seeds (< 20 ms) and `align` of a generated drop of 2,000
//! articles / ~40,000 paragraphs (< 10 s on 2 cores, < 1 GB). Peak memory (VmHWM) is printed
//! after the drop benchmark.
//!
//! The drop is generated deterministically: 200 stories, each a pool of 30 facts; each article
//! takes ~20 facts of its story, rewords them (words swapped, dropped, reordered), merges some,
//! and adds paragraphs of its own, over a Zipf-like vocabulary of 8,000 words. The generator
//! records which facts each paragraph carries, so the once-mode (`PARALLAX_BENCH_ONCE=1`)
//! prints what the alignment got right next to its time: link recall (pairs of paragraphs of
//! two articles of a story carrying the same fact that are linked) and the share of paragraphs
//! wrongly called unique (they carry a fact another article of their story carries), for the
//! story-blind alignment and the one scoped to the generator's stories, on the 200-story drop
//! and on a one-story drop of 2,000 articles.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use parallax::align::stories::align_stories;
use parallax::align::{align_drop, diff_articles, AlignOptions};
use parallax::ingest::{article_from_bytes, load_paths, LoadOptions};
use parallax::Article;

#[path = "common/measure.rs"]
mod measure;
#[path = "common/rng.rs"]
mod rng;
use measure::{cpu_seconds, peak_memory_mib, quality};
use rng::Rng;

fn vocabulary(rng: &mut Rng, n: usize) -> Vec<String> {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ne", "ru", "ta", "vo", "se", "di", "po", "an", "er", "is", "ul", "or",
        "ze", "ba", "gu", "hi", "ja",
    ];
    (0..n)
        .map(|_| {
            let len = 2 + rng.below(3);
            (0..len).map(|_| SYL[rng.below(SYL.len())]).collect()
        })
        .collect()
}

/// A Zipf-like draw: low indices (common words) far more often than high ones.
fn zipf(rng: &mut Rng, n: usize) -> usize {
    let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
}

/// A generated drop: its articles, the story of each, and per article and paragraph the facts
/// (story * 30 + fact) it carries (none for a paragraph of the outlet's own).
struct Generated {
    articles: Vec<Article>,
    story: Vec<usize>,
    facts: Vec<Vec<Vec<usize>>>,
}

fn generated_drop() -> Vec<Article> {
    generate(200, 10).articles
}

fn generate(stories: usize, per_story: usize) -> Generated {
    let mut rng = Rng(0x5eed_1234_abcd_9876);
    let vocab = vocabulary(&mut rng, 8000);
    let mut articles = Vec::new();
    let (mut story_of, mut facts_of) = (Vec::new(), Vec::new());
    for story in 0..stories {
        // Each story has its own topic words and names (long words: collisions are rare).
        let topic_words = vocabulary(&mut rng, 60)
            .into_iter()
            .map(|w| w + &vocab[rng.below(vocab.len())])
            .collect::<Vec<_>>();
        let names: Vec<String> = (0..6)
            .map(|_| {
                let w = &(vocab[rng.below(vocab.len())].clone() + &vocab[rng.below(vocab.len())]);
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
        let facts: Vec<Vec<String>> = (0..30)
            .map(|_| {
                let len = 14 + rng.below(14);
                (0..len)
                    .map(|k| match k % 7 {
                        0 => names[rng.below(names.len())].clone(),
                        3 | 6 => topic_words[rng.below(topic_words.len())].clone(),
                        5 => format!("{}", rng.below(500)),
                        _ => vocab[zipf(&mut rng, vocab.len())].clone(),
                    })
                    .collect()
            })
            .collect();
        for _ in 0..per_story {
            let mut body = format!("Story {story} report\n\n");
            let mut paragraphs = 0;
            let mut carried: Vec<Vec<usize>> = Vec::new();
            while paragraphs < 20 {
                let mut sentences = Vec::new();
                let mut para_facts = Vec::new();
                for _ in 0..1 + rng.below(2) {
                    let words: Vec<String> = if rng.chance(0.15) {
                        (0..12)
                            .map(|_| vocab[zipf(&mut rng, vocab.len())].clone())
                            .collect()
                    } else {
                        let fi = rng.below(facts.len());
                        para_facts.push(story * 30 + fi);
                        let f = &facts[fi];
                        let mut w: Vec<String> = Vec::new();
                        for x in f {
                            if rng.chance(0.15) {
                                continue;
                            }
                            w.push(if rng.chance(0.2) {
                                vocab[zipf(&mut rng, vocab.len())].clone()
                            } else {
                                x.clone()
                            });
                        }
                        if w.len() > 4 && rng.chance(0.3) {
                            let k = rng.below(w.len() - 1);
                            w.swap(k, k + 1);
                        }
                        w
                    };
                    let mut s = words.join(" ");
                    if let Some(f) = s.get(..1) {
                        s = f.to_uppercase() + &s[1..];
                    }
                    sentences.push(s + ".");
                }
                body.push_str(&sentences.join(" "));
                body.push_str("\n\n");
                carried.push(para_facts);
                paragraphs += 1;
            }
            let path = format!("gen/{story:03}_{}.txt", articles.len());
            let article = article_from_bytes(&path, body.as_bytes(), &LoadOptions::default())
                .expect("generated article");
            // Paragraph 0 of the article is the title line's story text only when cleaning
            // keeps it; line the recorded facts up with the paragraphs from the end.
            let skip = carried.len().saturating_sub(article.paragraphs.len());
            let mut per_para: Vec<Vec<usize>> = carried.split_off(skip);
            per_para.resize(article.paragraphs.len(), Vec::new());
            articles.push(article);
            story_of.push(story);
            facts_of.push(per_para);
        }
    }
    Generated {
        articles,
        story: story_of,
        facts: facts_of,
    }
}

/// One timed alignment of a generated drop, story-blind or scoped to its stories, with its
/// quality beside the time.
fn once(name: &str, g: &Generated, scoped: bool) {
    let cpu = cpu_seconds().unwrap_or(0.0);
    let t = std::time::Instant::now();
    let a = if scoped {
        let n = g.story.iter().max().map_or(0, |m| m + 1);
        let mut stories = vec![Vec::new(); n];
        for (i, s) in g.story.iter().enumerate() {
            stories[*s].push(i);
        }
        align_stories(&g.articles, &stories, &AlignOptions::default())
    } else {
        align_drop(&g.articles)
    };
    let (wall, cpu) = (t.elapsed(), cpu_seconds().unwrap_or(0.0) - cpu);
    let (precision, recall, wrongly) = quality(&g.facts, &a);
    let paragraphs: usize = g.articles.iter().map(|a| a.paragraphs.len()).sum();
    eprintln!(
        "{name}, {}: {} articles / {paragraphs} paragraphs: {wall:.2?} wall, {cpu:.2} s CPU, \
         {} links, link precision {precision:.3}, paragraph recall {recall:.3}, wrongly unique {:.1}% ({} unique), peak {:.0} MiB",
        if scoped {
            "scoped to stories"
        } else {
            "story-blind"
        },
        g.articles.len(),
        a.links.len(),
        wrongly * 100.0,
        a.unique.len(),
        peak_memory_mib().unwrap_or(0.0)
    );
}

fn bench(c: &mut Criterion) {
    // One timed run of the drop alignment, for profilers and `/usr/bin/time -v`.
    // Peak memory is the process's, so the larger runs come last.
    // `PARALLAX_BENCH_ONCE=one` runs only the one-story drop (for profiling it alone).
    if let Some(which) = std::env::var_os("PARALLAX_BENCH_ONCE") {
        if which != "one" {
            let many = generate(200, 10);
            once("200 stories x 10", &many, true);
            once("200 stories x 10", &many, false);
        }
        let one = generate(1, 2000);
        once("1 story x 2,000", &one, true);
        return;
    }
    let seeds = load_paths(&[PathBuf::from("seeds")], &LoadOptions::default()).articles;
    let find = |p: &str| {
        seeds
            .iter()
            .find(|a| a.path.contains(p))
            .expect("seed")
            .clone()
    };
    let (l, r) = (find("003_"), find("004_"));
    c.bench_function("diff two seeds (003 vs 004)", |b| {
        b.iter(|| diff_articles(&l, &r))
    });
    c.bench_function("align the seed drop (5 articles)", |b| {
        b.iter(|| align_drop(&seeds))
    });

    let drop = generated_drop();
    let paragraphs: usize = drop.iter().map(|a| a.paragraphs.len()).sum();
    eprintln!(
        "generated drop: {} articles, {paragraphs} paragraphs",
        drop.len()
    );
    let mut g = c.benchmark_group("drop");
    g.sample_size(10);
    g.bench_function("align 2,000 generated articles", |b| {
        b.iter(|| {
            let a = align_drop(&drop);
            assert!(!a.groups.is_empty());
            a
        })
    });
    g.finish();
    if let Some(m) = peak_memory_mib() {
        eprintln!("peak memory (VmHWM) after the drop benchmark: {m:.0} MiB");
    }
}

criterion_group!(benches, bench);
// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

criterion_main!(benches);
