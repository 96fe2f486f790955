//! A day's folder at scale: 2,000 real-size articles (15–25 paragraphs, 645 words on average)
//! on 218 stories, triaged (`triage::scan`) and aligned as `parallax align` does it
//! (`triage::drop_stories`, then `align::stories::align_stories`). Budgets: each under 10 s on
//! 2 cores, under 1 GB.
//!
//! The drop is generated so that stories share vocabulary the way real beats do: eight kinds
//! of news (trials, earthquakes, elections, talks…), each with its own words ("jury",
//! "verdict"), a recurring cast (the same judges and negotiators turn up in several events)
//! and a handful of places, and about 27 events of each kind over six weeks. Every event adds
//! its own people, words, numbers and date; its articles reword its facts (lead facts most
//! often), and each event tells some kind-wide background sentences ("the trial is expected
//! to last...") that look alike across events of a kind. Story sizes run from one outlet to
//! 200, as on a real day. The generator records each article's story and each paragraph's
//! facts, so the run prints beside each time: story ARI and pairwise precision/recall against
//! the generator's stories, and for the alignment link precision, paragraph recall, the share
//! of paragraphs wrongly called unique (see `common/measure.rs`) and the links that join two
//! stories. Run: `cargo bench --bench stories` (one timed run of each; no sampling).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax::align::stories::align_stories;
use parallax::align::AlignOptions;
use parallax::ingest::{load_paths, LoadOptions};
use parallax::triage::drop_stories::drop_stories;
use parallax::triage::{self, Store};

#[path = "common/measure.rs"]
mod measure;
#[path = "common/rng.rs"]
mod rng;
use measure::{cpu_seconds, peak_memory_mib, quality};
use rng::Rng;

/// (story size, how many stories of that size): 218 stories, 2,000 articles.
const SIZES: &[(usize, usize)] = &[
    (200, 1),
    (120, 1),
    (80, 1),
    (60, 1),
    (50, 1),
    (40, 3),
    (30, 5),
    (20, 10),
    (12, 25),
    (8, 40),
    (5, 40),
    (3, 40),
    (2, 30),
    (1, 20),
];
/// Facts per event; the first few (the lead) are told by most outlets.
const FACTS: usize = 30;
/// Of an event's facts, these are kind-wide background reworded a little.
const BACKGROUND: std::ops::Range<usize> = 20..24;

#[rustfmt::skip]
const COMMON: &[&str] = &[
    "the", "a", "of", "to", "in", "and", "on", "that", "was", "for", "with", "as", "at", "by",
    "from", "it", "he", "she", "they", "has", "had", "have", "were", "is", "are", "but", "not",
    "after", "before", "over", "said", "told", "says", "according", "officials", "yesterday",
    "today", "week", "also", "would", "could", "will", "more", "than", "about", "people", "year",
    "local", "statement", "reporters", "government", "added", "two", "three", "first", "last",
    "new", "during", "since", "while", "into", "under", "police", "report", "later", "including",
    "many", "some", "city", "country", "public", "early", "late", "morning", "evening", "night",
    "region", "spokesman", "spokeswoman", "expected", "earlier", "months", "days", "time",
    "following", "because", "still", "made", "called", "long", "around", "several", "told", "news",
    "agency", "confirmed", "asked", "think", "meanwhile", "however", "further",
];

/// One kind of news: its words, its recurring cast and its places.
struct Kind {
    words: &'static [&'static str],
    cast: &'static [&'static str],
    places: &'static [&'static str],
}

#[rustfmt::skip]
const KINDS: &[Kind] = &[
    Kind {
        words: &[
            "court", "jury", "judge", "trial", "verdict", "guilty", "prosecutors", "defence",
            "charges", "counts", "testimony", "witness", "sentencing", "evidence", "jurors",
            "appeal", "lawyer", "accused", "denied", "fraud", "hearing", "convicted", "prison",
            "bail", "courtroom", "deliberated", "plea", "acquitted", "sentence", "defendant",
        ],
        cast: &[
            "Patricia Okafor", "Henry Caldwell", "Miriam Stein", "Owen Pritchard", "Diane Mercer",
            "Samuel Achebe",
        ],
        places: &["Leeds", "Denver", "Portland", "Manchester", "Dublin"],
    },
    Kind {
        words: &[
            "earthquake", "magnitude", "quake", "aftershocks", "epicentre", "rescue", "rubble",
            "collapsed", "buildings", "survivors", "tremor", "seismic", "depth", "injured", "dead",
            "toll", "emergency", "shelters", "damage", "coast", "tsunami", "warning", "geological",
            "survey", "villages", "rescuers", "debris", "trapped", "struck", "felt",
        ],
        cast: &[
            "Kenji Morita", "Ayse Demir", "Lucia Ferrante", "Rahul Mehta", "Ines Duarte",
            "Tomas Reyes",
        ],
        places: &["Malatya", "Hokkaido", "Sulawesi", "Abruzzo", "Oaxaca"],
    },
    Kind {
        words: &[
            "election", "vote", "votes", "ballot", "polls", "turnout", "candidate", "campaign",
            "parliament", "seats", "coalition", "results", "counted", "opposition", "party",
            "voters", "constituency", "majority", "runoff", "incumbent", "commission", "observers",
            "ballots", "stations", "polling", "mandate", "leader", "rally", "manifesto",
            "referendum",
        ],
        cast: &[
            "Gulnara Atayeva", "Pieter de Vries", "Marta Kowalski", "Ibrahim Sesay",
            "Elena Popescu", "Arjun Nair",
        ],
        places: &["Ashgabat", "Warsaw", "Freetown", "Bucharest", "Lagos"],
    },
    Kind {
        words: &[
            "talks", "negotiators", "ceasefire", "delegation", "summit", "agreement", "proposal",
            "sanctions", "envoy", "ministers", "framework", "draft", "prisoners", "exchange",
            "mediator", "round", "peace", "deal", "territory", "guarantees", "security",
            "withdrawal", "diplomats", "meeting", "sides", "communique", "monitors", "truce",
            "plan", "concessions",
        ],
        cast: &[
            "Daniel Brandt", "Olena Marchuk", "Yury Ushakov", "Steve Witkoff", "Rustem Umerov",
            "Kaja Lindqvist",
        ],
        places: &["Geneva", "Istanbul", "Riyadh", "Moscow", "Doha"],
    },
    Kind {
        words: &[
            "match", "goal", "scored", "minute", "striker", "goalkeeper", "league", "season",
            "coach", "penalty", "win", "defeat", "draw", "stadium", "fans", "points", "table",
            "injury", "substitute", "header", "referee", "victory", "title", "midfielder", "squad",
            "cup", "final", "equaliser", "half", "manager",
        ],
        cast: &[
            "Marco Bellini", "Jurgen Hoffmann", "Alan Whitlock", "Rui Carvalho", "Sven Ekdahl",
            "Paulo Moreira",
        ],
        places: &["Milan", "Liverpool", "Porto", "Munich", "Seville"],
    },
    Kind {
        words: &[
            "fire", "blaze", "firefighters", "flames", "smoke", "evacuated", "homes", "acres",
            "wildfire", "crews", "containment", "winds", "destroyed", "burned", "residents",
            "arson", "hectares", "helicopters", "evacuation", "spread", "brush", "ignited",
            "embers", "perimeter", "forest", "drought", "hillside", "scorched", "structures",
            "alerts",
        ],
        cast: &[
            "Rosa Alvarez", "Grant Fielding", "Megan Doyle", "Carlos Ibarra", "Nadia Haddad",
            "Liam Barrett",
        ],
        places: &["Malibu", "Attica", "Alberta", "Valparaiso", "Tasmania"],
    },
    Kind {
        words: &[
            "shares", "profit", "revenue", "quarter", "analysts", "forecast", "earnings",
            "investors", "percent", "billion", "dividend", "market", "stock", "sales", "outlook",
            "margin", "guidance", "executive", "growth", "losses", "costs", "results",
            "shareholders", "buyback", "demand", "customers", "orders", "exchange", "valuation",
            "chief",
        ],
        cast: &[
            "Hannah Kessler", "Victor Lam", "Priya Raman", "Oliver Grant", "Chloe Martin",
            "Felix Brandauer",
        ],
        places: &["Frankfurt", "London", "Seoul", "Zurich", "Toronto"],
    },
    Kind {
        words: &[
            "storm", "hurricane", "rainfall", "flooding", "winds", "landfall", "power", "outages",
            "gusts", "forecasters", "surge", "inundated", "roads", "bridges", "typhoon", "rain",
            "floodwaters", "levee", "warnings", "cyclone", "swollen", "rivers", "landslides",
            "stranded", "weather", "tropical", "category", "downpours", "cleanup", "sandbags",
        ],
        cast: &[
            "Julia Navarro", "Bradley Hunt", "Mei Tanaka", "Ahmed Karimi", "Sofia Lindgren",
            "Derek Osei",
        ],
        places: &["Luzon", "Florida", "Kerala", "Queensland", "Veracruz"],
    },
];

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Martin", "Grace", "Elena", "Marcus", "Anna", "David", "Sara", "Peter", "Laura", "James",
    "Nina", "Omar", "Julia", "Viktor", "Hana", "Felipe", "Irene", "Kofi", "Leila", "Tomasz",
    "Aisha", "Bruno", "Clara", "Dmitri", "Esther", "Farid", "Greta", "Hugo", "Isla", "Jonas",
];
#[rustfmt::skip]
const LAST: &[&str] = &[
    "Baker", "Hale", "Voss", "Okonkwo", "Lindholm", "Marsh", "Castellano", "Novak", "Harrow",
    "Tanaka", "Quinlan", "Szabo", "Fairweather", "Delacroix", "Brennan", "Kowal", "Asante",
    "Moreau", "Pellegrini", "Yilmaz", "Abernathy", "Rasmussen", "Ferreira", "Galloway", "Haugen",
    "Iversen", "Jablonski", "Kearney", "Lombardi", "Mwangi", "Nakamura", "Oyelaran", "Petrov",
    "Quintero", "Rourke", "Sandoval", "Thorne", "Ueda", "Valdez", "Whitaker",
];
#[rustfmt::skip]
const OUTLETS: &[&str] = &[
    "Courier", "Herald", "Times", "Post", "Gazette", "Observer", "Chronicle", "Tribune", "Wire",
    "Ledger",
];

/// Words that mean something in one event only (and now and then in another, by chance).
fn event_vocabulary(rng: &mut Rng, n: usize) -> Vec<String> {
    const SYL: &[&str] = &[
        "ka", "lo", "mer", "tan", "vi", "dro", "sel", "ur", "pa", "zen", "ko", "ri", "mas", "tel",
        "no", "gar", "bi", "sto", "len", "ev", "shu", "pol", "dan", "ire", "mo", "tas",
    ];
    (0..n)
        .map(|_| (0..3).map(|_| *rng.pick(SYL)).collect())
        .collect()
}

/// A surname: one of the common ones now and then (two events may share a Baker, as on a real
/// day), else one as rare as real surnames mostly are.
fn surname(rng: &mut Rng, vocab: &[String]) -> String {
    if rng.chance(0.25) {
        return rng.pick(LAST).to_string();
    }
    let w = rng.pick(vocab);
    w[..1].to_uppercase() + &w[1..]
}

/// One event: its kind, names, words, numbers, first day (from 2026-03-01) and facts.
struct Event {
    kind: usize,
    people: Vec<String>,
    place: String,
    day: usize,
    facts: Vec<Vec<String>>,
}

fn event(rng: &mut Rng, kind: usize, vocab: &[String], background: &[Vec<String>]) -> Event {
    let k = &KINDS[kind];
    let mut people: Vec<String> = (0..4)
        .map(|_| format!("{} {}", rng.pick(FIRST), surname(rng, vocab)))
        .collect();
    people.extend((0..2).map(|_| rng.pick(k.cast).to_string()));
    let place = rng.pick(k.places).to_string();
    let words: Vec<String> = (0..20).map(|_| rng.pick(vocab).clone()).collect();
    let numbers: Vec<String> = (0..4).map(|_| format!("{}", 12 + rng.below(980))).collect();
    let mut ev = Event {
        kind,
        people,
        place,
        day: rng.below(42),
        facts: Vec::new(),
    };
    ev.facts = (0..FACTS)
        .map(|f| {
            if BACKGROUND.contains(&f) {
                let mut s = rng.pick(background).clone();
                let at = rng.below(s.len());
                s[at] = ev.place.clone();
                s
            } else {
                fact(rng, &ev, &words, &numbers)
            }
        })
        .collect();
    ev
}

/// A fact of an event: its people and place, its kind's words, its own words and numbers,
/// between common words.
fn fact(rng: &mut Rng, ev: &Event, words: &[String], numbers: &[String]) -> Vec<String> {
    let k = &KINDS[ev.kind];
    (0..16 + rng.below(11))
        // Per 100 words: 12 names (one person in three of the kind's cast), 4 of the place, 10
        // of the kind, 22 of the event's own, 4 numbers, the rest common words.
        .map(|_| match rng.below(100) {
            0..=11 => rng.pick(&ev.people).clone(),
            12..=15 => ev.place.clone(),
            16..=25 => rng.pick(k.words).to_string(),
            26..=47 => rng.pick(words).clone(),
            48..=51 => rng.pick(numbers).clone(),
            _ => rng.pick(COMMON).to_string(),
        })
        .collect()
}

/// A kind's background sentences, which every event of the kind may tell.
fn background(rng: &mut Rng, kind: usize) -> Vec<Vec<String>> {
    let k = &KINDS[kind];
    (0..8)
        .map(|_| {
            (0..16 + rng.below(9))
                .map(|_| match rng.below(100) {
                    0..=9 => rng.pick(k.cast).to_string(),
                    10..=15 => rng.pick(k.places).to_string(),
                    16..=49 => rng.pick(k.words).to_string(),
                    _ => rng.pick(COMMON).to_string(),
                })
                .collect()
        })
        .collect()
}

/// An outlet's rendering of a sentence: words dropped, swapped for common ones, two swapped.
fn reword(rng: &mut Rng, words: &[String]) -> String {
    let mut w: Vec<&str> = Vec::new();
    for x in words {
        if rng.chance(0.12) {
            continue;
        }
        w.push(if rng.chance(0.15) {
            *rng.pick(COMMON)
        } else {
            x
        });
    }
    if w.len() > 4 && rng.chance(0.3) {
        let k = rng.below(w.len() - 1);
        w.swap(k, k + 1);
    }
    sentence(&w)
}

fn sentence(words: &[&str]) -> String {
    let s = words.join(" ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str() + ".",
        None => s,
    }
}

/// Which fact a paragraph tells: the lead facts far more often than the rest.
fn fact_index(rng: &mut Rng) -> usize {
    let u = (rng.next() % 1_000_000) as f64 / 1_000_000.0;
    ((FACTS as f64).powf(u) as usize).min(FACTS - 1)
}

/// One paragraph: one or two sentences, each a fact of the event or the outlet's own colour
/// (its kind's words among common ones). Returns the text and the facts it tells.
fn paragraph(rng: &mut Rng, ev: &Event, story: usize) -> (String, Vec<usize>) {
    let mut text = Vec::new();
    let mut facts = Vec::new();
    for _ in 0..1 + usize::from(rng.chance(0.6)) {
        if rng.chance(0.12) {
            let own: Vec<&str> = (0..12 + rng.below(8))
                .map(|_| match rng.below(3) {
                    0 => *rng.pick(KINDS[ev.kind].words),
                    _ => *rng.pick(COMMON),
                })
                .collect();
            text.push(sentence(&own));
        } else {
            let f = fact_index(rng);
            facts.push(story * FACTS + f);
            text.push(reword(rng, &ev.facts[f]));
        }
    }
    facts.dedup();
    (text.join(" "), facts)
}

/// One generated file: its name, its bytes, its story and each paragraph's facts by text.
struct File {
    name: String,
    text: String,
    story: usize,
    facts: HashMap<String, Vec<usize>>,
}

fn article(rng: &mut Rng, ev: &Event, story: usize, name: String) -> File {
    let k = &KINDS[ev.kind];
    let who = ev.people[rng.below(2)]
        .rsplit(' ')
        .next()
        .unwrap_or("")
        .to_string();
    let title = format!(
        "{who} {} in {}: {} {}",
        rng.pick(k.words),
        ev.place,
        rng.pick(k.words),
        rng.pick(COMMON)
    );
    let day = ev.day + [0, 0, 0, 1, 1, 2][rng.below(6)];
    let home = rng.below(KINDS.len());
    let outlet = format!("{} {}", rng.pick(KINDS[home].places), rng.pick(OUTLETS));
    let mut text = format!(
        "---\ntitle: \"{title}\"\ndate: 2026-{:02}-{:02}T{:02}:15:00\noutlet: \"{outlet}\"\n---\n\n",
        3 + day / 30,
        1 + day % 30,
        6 + rng.below(14)
    );
    let mut facts = HashMap::new();
    for _ in 0..15 + rng.below(11) {
        let (p, f) = paragraph(rng, ev, story);
        text.push_str(&p);
        text.push_str("\n\n");
        facts.insert(p, f);
    }
    File {
        name,
        text,
        story,
        facts,
    }
}

/// The whole drop, its files named in an order that says nothing of their story.
fn generate() -> Vec<File> {
    let mut rng = Rng(0x5eed_0219_c0de_7777);
    let vocab = event_vocabulary(&mut rng, 4000);
    let backgrounds: Vec<Vec<Vec<String>>> =
        (0..KINDS.len()).map(|k| background(&mut rng, k)).collect();
    let sizes: Vec<usize> = SIZES
        .iter()
        .flat_map(|&(size, n)| std::iter::repeat_n(size, n))
        .collect();
    let total: usize = sizes.iter().sum();
    // A fixed permutation of file numbers (7919 is prime, so coprime with 2,000).
    let name = |i: usize| format!("a{:04}.txt", (i * 7919 + 13) % total);
    let mut files = Vec::with_capacity(total);
    for (story, &size) in sizes.iter().enumerate() {
        let kind = story % KINDS.len();
        let ev = event(&mut rng, kind, &vocab, &backgrounds[kind]);
        for _ in 0..size {
            let n = name(files.len());
            files.push(article(&mut rng, &ev, story, n));
        }
    }
    files
}

/// Adjusted Rand index and pairwise precision and recall of `found` (a cluster per item)
/// against `truth`.
fn ari(truth: &[usize], found: &[usize]) -> (f64, f64, f64) {
    let pairs = |n: usize| (n * n.saturating_sub(1) / 2) as f64;
    let mut joint: HashMap<(usize, usize), usize> = HashMap::new();
    let (mut by_truth, mut by_found) = (HashMap::new(), HashMap::new());
    for (&t, &f) in truth.iter().zip(found) {
        *joint.entry((t, f)).or_default() += 1;
        *by_truth.entry(t).or_insert(0usize) += 1;
        *by_found.entry(f).or_insert(0usize) += 1;
    }
    let both: f64 = joint.values().map(|&k| pairs(k)).sum();
    let t: f64 = by_truth.values().map(|&k| pairs(k)).sum();
    let f: f64 = by_found.values().map(|&k| pairs(k)).sum();
    let expected = t * f / pairs(truth.len()).max(1.0);
    let max = (t + f) / 2.0;
    let ari = if max == expected {
        1.0
    } else {
        (both - expected) / (max - expected)
    };
    (ari, both / f.max(1.0), both / t.max(1.0))
}

/// Where the stories went wrong: found stories that mix generator stories (and how many they
/// hold), and generator stories split over several found ones.
fn mixes(truth: &[usize], found: &[usize]) -> String {
    use std::collections::BTreeSet;
    let (mut held, mut parts): (
        HashMap<usize, BTreeSet<usize>>,
        HashMap<usize, BTreeSet<usize>>,
    ) = (HashMap::new(), HashMap::new());
    for (&t, &f) in truth.iter().zip(found) {
        held.entry(f).or_default().insert(t);
        parts.entry(t).or_default().insert(f);
    }
    let mixed: Vec<&BTreeSet<usize>> = held.values().filter(|h| h.len() > 1).collect();
    // Stories are numbered round the kinds (`generate`), so story % kinds is the kind.
    let kind = |s: &usize| s % KINDS.len();
    let one_kind = mixed
        .iter()
        .filter(|h| h.iter().all(|s| Some(kind(s)) == h.first().map(kind)))
        .count();
    let split = parts.values().filter(|p| p.len() > 1).count();
    format!(
        "{} found stories mix {} generator stories ({one_kind} of one kind of news); \
         {split} generator stories split",
        mixed.len(),
        mixed.iter().map(|h| h.len()).sum::<usize>()
    )
}

/// Wall and CPU seconds of `f`, with its result and the process's peak memory after it.
fn timed<T>(f: impl FnOnce() -> T) -> (T, String) {
    let (cpu, t) = (cpu_seconds().unwrap_or(0.0), Instant::now());
    let out = f();
    let (wall, cpu) = (t.elapsed(), cpu_seconds().unwrap_or(0.0) - cpu);
    (out, format!("{wall:.2?} wall, {cpu:.2} s CPU"))
}

/// Forget the peak so far, so each stage reports its own (Linux: 5 into clear_refs).
fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak() -> String {
    format!("peak {:.0} MiB", peak_memory_mib().unwrap_or(0.0))
}

fn triage_once(dir: &Path, state: &Path, story_of: &HashMap<String, usize>) {
    reset_peak_memory();
    let (report, time) = timed(|| {
        let mut store = Store::open(dir, Some(state)).expect("state");
        triage::scan(&mut store).expect("scan")
    });
    let mut found = HashMap::new();
    for (s, story) in report.stories.iter().enumerate() {
        for m in &story.members {
            found.insert(file_name(m), s);
        }
    }
    let (truth, found): (Vec<usize>, Vec<usize>) = story_of
        .iter()
        .map(|(name, &t)| (t, found.get(name.as_str()).copied().unwrap_or(usize::MAX)))
        .unzip();
    let (a, p, r) = ari(&truth, &found);
    eprintln!(
        "triage, {} files: {time}, {}; {} stories (written as {}), story ARI {a:.3}, pairwise P {p:.3} R {r:.3} ({})",
        report.items.len(),
        peak(),
        report.stories.len(),
        SIZES.iter().map(|s| s.1).sum::<usize>(),
        mixes(&truth, &found),
    );
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn align_once(dir: &Path, files: &[File]) {
    let by_name: HashMap<&str, &File> = files.iter().map(|f| (f.name.as_str(), f)).collect();
    let (drop, load) = timed(|| load_paths(&[PathBuf::from(dir)], &LoadOptions::default()));
    let arts = &drop.articles;
    let file_of = |a: &parallax::Article| by_name[file_name(&a.path)];
    reset_peak_memory();
    let ((stories, al), time) = timed(|| {
        let stories = drop_stories(arts);
        let members: Vec<Vec<usize>> = stories.iter().map(|s| s.articles.clone()).collect();
        let al = align_stories(arts, &members, &AlignOptions::default());
        (stories, al)
    });
    let mut found = vec![0; arts.len()];
    for (s, story) in stories.iter().enumerate() {
        for &a in &story.articles {
            found[a] = s;
        }
    }
    let truth: Vec<usize> = arts.iter().map(|a| file_of(a).story).collect();
    let (ari, p, r) = ari(&truth, &found);
    let facts: Vec<Vec<Vec<usize>>> = arts
        .iter()
        .map(|a| {
            let f = file_of(a);
            let of = |p: &parallax::article::Paragraph| f.facts.get(p.text.trim()).cloned();
            a.paragraphs
                .iter()
                .map(|p| of(p).unwrap_or_default())
                .collect()
        })
        .collect();
    let unknown = arts
        .iter()
        .flat_map(|a| a.paragraphs.iter().map(move |p| (a, p)))
        .filter(|(a, p)| !file_of(a).facts.contains_key(p.text.trim()))
        .count();
    let (precision, recall, wrongly) = quality(&facts, &al);
    let across = al
        .links
        .iter()
        .filter(|l| truth[l.a.article] != truth[l.b.article])
        .count();
    let paragraphs: usize = facts.iter().map(Vec::len).sum();
    derivation_once(arts, &stories);
    eprintln!(
        "align, {} articles / {paragraphs} paragraphs ({unknown} the generator did not write): load {load}; \
         stories + alignment {time}, {}; {} stories, story ARI {ari:.3}, pairwise P {p:.3} R {r:.3} ({}); \
         {} links ({across} across the generator's stories), link precision {precision:.3}, \
         paragraph recall {recall:.3}, wrongly unique {:.1}% ({} unique)",
        arts.len(),
        peak(),
        stories.len(),
        mixes(&truth, &found),
        al.links.len(),
        wrongly * 100.0,
        al.unique.len(),
    );
}

/// Triage's derivation stage alone over the same stories (in parallel over stories, as the
/// scan runs it), so its share of the triage time shows: issue 14's budget is 20%.
fn derivation_once(
    arts: &[parallax::Article],
    stories: &[parallax::triage::drop_stories::DropStory],
) {
    use parallax::triage::derivation::{story_derivation, DerivationClass};
    use rayon::prelude::*;
    let (derived, time) = timed(|| {
        stories
            .par_iter()
            .map(|s| {
                let a: Vec<&parallax::Article> = s.articles.iter().map(|&i| &arts[i]).collect();
                let dates: Vec<Option<&str>> = a.iter().map(|x| x.date.as_deref()).collect();
                story_derivation(&a, &dates)
            })
            .collect::<Vec<_>>()
    });
    let count = |c: DerivationClass| derived.iter().flatten().filter(|d| d.class == c).count();
    eprintln!(
        "derivation alone, {} articles: {time}; {} wholly derived, {} partially, {} independent",
        arts.len(),
        count(DerivationClass::WhollyDerived),
        count(DerivationClass::PartiallyDerived),
        count(DerivationClass::Independent),
    );
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs the target too, but a
    // 20-second measurement is no test.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let files = generate();
    // `PARALLAX_BENCH_KEEP=DIR` writes the drop into DIR and stops, to time the real binary
    // on it (the README's cold embedding times: `parallax align DIR` with an empty cache).
    if let Some(keep) = std::env::var_os("PARALLAX_BENCH_KEEP") {
        let dir = std::path::PathBuf::from(keep);
        std::fs::create_dir_all(&dir).expect("drop dir");
        for f in &files {
            std::fs::write(dir.join(&f.name), &f.text).expect("write");
        }
        eprintln!("wrote {} files to {}", files.len(), dir.display());
        return;
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).expect("drop dir");
    for f in &files {
        std::fs::write(dir.join(&f.name), &f.text).expect("write");
    }
    let words: usize = files
        .iter()
        .map(|f| f.text.split_whitespace().count())
        .sum();
    eprintln!(
        "generated drop: {} files, {} stories, {} words per article on average; load average {}",
        files.len(),
        SIZES.iter().map(|s| s.1).sum::<usize>(),
        words / files.len(),
        load_average()
    );
    let story_of: HashMap<String, usize> =
        files.iter().map(|f| (f.name.clone(), f.story)).collect();
    triage_once(&dir, &tmp.path().join("state.db"), &story_of);
    align_once(&dir, &files);
    eprintln!("load average after: {}", load_average());
}

// The allocator the binary runs on (src/main.rs), so the figures are the app's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
