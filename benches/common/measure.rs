//! What the alignment and story benches print beside their times, shared by `benches/align.rs`
//! and `benches/stories.rs` (included with `#[path]`: a bench target cannot import another).

use std::collections::{HashMap, HashSet};

use parallax::align::{DropAlignment, Member};

/// What the alignment got right against the generator's facts (`facts[article][paragraph]`:
/// the fact ids a paragraph carries, one id space per story): link precision (links joining
/// two paragraphs that carry a common fact), paragraph recall (paragraphs carrying a fact that
/// another article carries, with at least one such link) and the share of all paragraphs
/// wrongly called unique (they carry such a fact). Per paragraph rather than per pair: in a
/// one-story drop of 2,000 articles a fact has a thousand carriers, and groups hold one
/// paragraph per outlet, so no alignment lists every pair.
pub fn quality(facts: &[Vec<Vec<usize>>], al: &DropAlignment) -> (f64, f64, f64) {
    let of = |m: &Member| &facts[m.article][m.paragraph];
    let share = |a: &Member, b: &Member| of(a).iter().any(|f| of(b).contains(f));
    let right = al.links.iter().filter(|l| share(&l.a, &l.b)).count();
    let mut articles_of: HashMap<usize, HashSet<usize>> = HashMap::new();
    for (a, paras) in facts.iter().enumerate() {
        for f in paras.iter().flatten() {
            articles_of.entry(*f).or_default().insert(a);
        }
    }
    let shared = |m: &Member| of(m).iter().any(|f| articles_of[f].len() > 1);
    let mut found: HashSet<Member> = HashSet::new();
    for l in al.links.iter().filter(|l| share(&l.a, &l.b)) {
        found.insert(l.a);
        found.insert(l.b);
    }
    let all: Vec<Member> = facts
        .iter()
        .enumerate()
        .flat_map(|(a, paras)| {
            (0..paras.len()).map(move |p| Member {
                article: a,
                paragraph: p,
            })
        })
        .collect();
    let should: Vec<&Member> = all.iter().filter(|m| shared(m)).collect();
    let recall = should.iter().filter(|m| found.contains(m)).count();
    let unique: HashSet<Member> = al.unique.iter().copied().collect();
    let wrongly = should.iter().filter(|m| unique.contains(m)).count();
    (
        right as f64 / al.links.len().max(1) as f64,
        recall as f64 / should.len().max(1) as f64,
        wrongly as f64 / all.len().max(1) as f64,
    )
}

/// CPU seconds (user + system) this process has used so far, from /proc/self/stat.
pub fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit(')').next()?;
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The process's peak resident memory (VmHWM) in MiB.
pub fn peak_memory_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
