//! A scan: list the drop folder, hash what changed, parse what the cache lacks, then derive
//! verdicts, stories, novelty and read state, and record it all in the state.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use anyhow::Result;
use rayon::prelude::*;

use super::analysis::{analyse, per_story, Analysis, PerStory, ANALYSIS_VERSION};
use super::features::{features, CachedArticle, Features};
use super::store::{now, Cached, Derived, FileRow, Observed, Parsed, Store, StoryIds};
use super::stories::{story_evidence, StoryEvidence};
use super::verdict::changes;
use super::{Changes, DerivedFrom, Item, Report, Status, Story};
use crate::article::Article;
use crate::ingest::{article_from_bytes, read_limited, walk, LoadOptions};
use crate::similarity::semantic::{EmbeddingStore, Model, Semantic};

/// Articles read and embedded at a time for their lead vectors.
const LEAD_CHUNK: usize = 64;

/// Record every file found by the last scan as seen at its current content and forget deleted
/// files (what `parallax triage --mark-seen` does after printing).
pub fn mark_seen(store: &mut Store) -> Result<()> {
    store.mark_seen()
}

/// A file on disk: its path as reported, where to read it, size and mtime.
struct Listed {
    path: String,
    file: PathBuf,
    size: i64,
    mtime_ns: i64,
}

/// Scan the store's drop folder against its state and report every item and story.
/// Errors only when the state cannot be read or written; unreadable files become warnings.
pub fn scan(store: &mut Store) -> Result<Report> {
    scan_with(store, None)
}

/// [`scan`], with stories in different languages joined where a multilingual `model` finds
/// their leads alike (`across_languages`): only a model whose vectors compare across
/// languages is used, only on a drop that mixes languages, its vectors kept in the state.
/// A model that fails leaves the lexical stories and a warning saying why.
pub fn scan_with(store: &mut Store, model: Option<&Model>) -> Result<Report> {
    let started = now();
    let mut warnings = Vec::new();
    let mut listed = list(store.dir(), &mut warnings);
    listed.sort_by(|a, b| a.path.cmp(&b.path));
    let rows = store.file_rows()?;
    let found = hash_all(&listed, &rows, &mut warnings);

    let mut wanted: BTreeSet<String> = found.iter().map(|f| f.observed.hash.clone()).collect();
    wanted.extend(rows.values().filter_map(|r| r.seen_hash.clone()));
    let mut cached = store.cached(&wanted)?;
    let found = read_uncached(found, &cached, &mut warnings);
    let mut fresh: BTreeMap<String, Article> = BTreeMap::new();
    // One parse per content: files with the same bytes share it.
    let todo: Vec<(String, String, Vec<u8>)> = found
        .iter()
        .filter(|f| !cached.contains_key(&f.observed.hash))
        .filter_map(|f| {
            let o = &f.observed;
            Some((o.hash.clone(), (o.path.clone(), f.bytes.clone()?)))
        })
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .map(|(h, (p, b))| (h, p, b))
        .collect();
    let parsed: Vec<(String, Parsed)> = todo
        .par_iter()
        .map(|(hash, path, bytes)| {
            let r = article_from_bytes(path, bytes, &LoadOptions::default())
                .map(|a| (CachedArticle::from_article(&a), features(&a)))
                .map_err(|e| e.to_string());
            (hash.clone(), r)
        })
        .collect();
    store.put_articles(&parsed)?;
    for (hash, r) in parsed {
        let entry = match r {
            Ok((c, f)) => {
                let path = c.article.path.clone();
                fresh.insert(hash.clone(), c.into_article(&path));
                Cached::Article(Box::new(f))
            }
            Err(w) => Cached::Unreadable(w),
        };
        cached.insert(hash, entry);
    }
    let found: Vec<Observed> = found.into_iter().map(|f| f.observed).collect();
    store.record_files(&found, started)?;
    let rows = store.file_rows()?;
    let mut problems = Vec::new();
    let across = model.filter(|m| m.description().multilingual).map(|m| {
        let (across, problem) = Across::new(store, m);
        problems.extend(problem);
        across
    });
    let mut ctx = Ctx {
        store,
        fresh,
        cache: BTreeMap::new(),
        new_cache: Vec::new(),
        used: BTreeSet::new(),
        across,
        problems,
    };
    ctx.cache = ctx.store.derived_cache()?;
    let mut report = derive(&mut ctx, &rows, &cached, warnings)?;
    report.warnings.extend(ctx.take_problems());
    name_outlets(ctx.store, &mut report)?;
    Ok(report)
}

/// Outlets as the reader named them: a name given in the app, else drop.toml's, else the
/// file's own. Applied to the report, not the parse cache, so renaming never re-reads a file.
fn name_outlets(store: &Store, report: &mut Report) -> Result<()> {
    let given = store.outlet_names()?;
    let outlets = crate::ingest::DropOutlets::read(&[store.dir().to_path_buf()]);
    report
        .warnings
        .extend(outlets.warnings.iter().map(ToString::to_string));
    for item in &mut report.items {
        if let Some(o) = given
            .get(&item.path)
            .map(String::as_str)
            .or_else(|| outlets.outlet_for(&item.path))
        {
            item.outlet = Some(o.to_string());
        }
    }
    Ok(())
}

/// A listed file with its content hash, and its bytes once they have been read.
struct Found {
    observed: Observed,
    file: PathBuf,
    bytes: Option<Vec<u8>>,
}

/// Hash every listed file, reading only those whose size or mtime moved, or that changed too
/// recently to trust mtime. A file that cannot be read is left out with a warning.
fn hash_all(
    listed: &[Listed],
    rows: &BTreeMap<String, FileRow>,
    warnings: &mut Vec<String>,
) -> Vec<Found> {
    let hashed: Vec<std::result::Result<Found, String>> = listed
        .par_iter()
        .map(|l| {
            if let Some(r) = rows.get(&l.path) {
                let settled = l.mtime_ns / 1_000_000_000 < r.last_seen - 1;
                if r.size == l.size && r.mtime_ns == l.mtime_ns && settled {
                    return Ok(found(l, r.hash.clone(), None));
                }
            }
            let (bytes, hash) = read_hashed(&l.file, &l.path)?;
            Ok(found(l, hash, Some(bytes)))
        })
        .collect();
    keep_ok(hashed, warnings)
}

/// Read the files hashing skipped (unchanged) whose parse the cache lacks, such as a damaged
/// cache entry. A file that cannot be read any more is left out with a warning, as in
/// [`hash_all`]; one whose content changed since it was listed is taken as it is now.
fn read_uncached(
    found: Vec<Found>,
    cached: &BTreeMap<String, Cached>,
    warnings: &mut Vec<String>,
) -> Vec<Found> {
    let read: Vec<std::result::Result<Found, String>> = found
        .into_par_iter()
        .map(|mut f| {
            if f.bytes.is_some() || cached.contains_key(&f.observed.hash) {
                return Ok(f);
            }
            let (bytes, hash) = read_hashed(&f.file, &f.observed.path)?;
            f.observed.hash = hash;
            f.bytes = Some(bytes);
            Ok(f)
        })
        .collect();
    keep_ok(read, warnings)
}

/// A file's bytes and its content hash (blake3, hex: the key of the parse cache), or the
/// warning that names it (`path` as listed) when it cannot be read.
fn read_hashed(file: &Path, path: &str) -> std::result::Result<(Vec<u8>, String), String> {
    let bytes = read_limited(file).map_err(|m| format!("{path}: {m}"))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    Ok((bytes, hash))
}

/// The `Ok` values, in order; each `Err` becomes a warning.
fn keep_ok<T>(results: Vec<std::result::Result<T, String>>, warnings: &mut Vec<String>) -> Vec<T> {
    let mut kept = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(x) => kept.push(x),
            Err(w) => warnings.push(w),
        }
    }
    kept
}

fn found(l: &Listed, hash: String, bytes: Option<Vec<u8>>) -> Found {
    Found {
        observed: Observed {
            path: l.path.clone(),
            hash,
            size: l.size,
            mtime_ns: l.mtime_ns,
        },
        file: l.file.clone(),
        bytes,
    }
}

/// The article files of `dir`, by the rules of the one walker (`ingest::walk`): paths are
/// `dir` joined with the relative name, as displayed. A file that vanishes between the walk
/// and its `stat` is named.
fn list(dir: &Path, warnings: &mut Vec<String>) -> Vec<Listed> {
    let walked = walk(&[dir.to_path_buf()]);
    warnings.extend(walked.warnings.iter().map(ToString::to_string));
    let listed: Vec<std::result::Result<Listed, String>> = walked
        .files
        .into_par_iter()
        .map(|file| {
            let path = file.display().to_string();
            let m = std::fs::metadata(&file).map_err(|e| format!("{path}: cannot open: {e}"))?;
            Ok(Listed {
                path,
                file,
                size: m.len() as i64,
                mtime_ns: m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos() as i64)
                    .unwrap_or(0),
            })
        })
        .collect();
    keep_ok(listed, warnings)
}

/// Scan-wide access to articles and the derived-results cache.
pub(super) struct Ctx<'s> {
    store: &'s mut Store,
    /// Articles parsed in this scan, by content hash.
    fresh: BTreeMap<String, Article>,
    cache: BTreeMap<String, String>,
    new_cache: Vec<(String, String)>,
    used: BTreeSet<String>,
    /// The multilingual model stories join across languages with, if any.
    across: Option<Across>,
    /// What went wrong with it, for the report's warnings.
    problems: Vec<String>,
}

/// A multilingual model's scorer over the state's embeddings, and its fingerprint (part of
/// the analysis key: stories joined by one model are not another's).
pub(super) struct Across {
    semantic: Semantic,
    fingerprint: String,
}

impl Across {
    /// The scorer, and why its vectors are not kept in the state if they are not.
    fn new(store: &Store, model: &Model) -> (Across, Option<String>) {
        let (kept, problem) = match store.embeddings(model.fingerprint(), model.dim()) {
            Ok(e) => (Some(Box::new(e) as Box<dyn EmbeddingStore>), None),
            Err(e) => (
                None,
                Some(format!("embeddings not kept in the triage state: {e}")),
            ),
        };
        let across = Across {
            semantic: model.scorer(kept),
            fingerprint: model.fingerprint().to_string(),
        };
        (across, problem)
    }
}

impl Ctx<'_> {
    /// The fingerprint of the model stories join across languages with, if any.
    pub(super) fn across_fingerprint(&self) -> Option<&str> {
        self.across.as_ref().map(|a| a.fingerprint.as_str())
    }

    /// The multilingual model stories join across languages with, if any.
    pub(super) fn across_model(&self) -> Option<Semantic> {
        self.across.as_ref().map(|a| a.semantic.clone())
    }

    /// One lead vector per article of `order` (empty where it has none), from the
    /// multilingual model; `None` without one, or when it failed (the reason kept as a
    /// problem). Articles are read and embedded a chunk at a time, so a big drop is never
    /// held in memory whole.
    pub(super) fn lead_vectors(
        &mut self,
        order: &[(&String, &FileRow, &Features)],
    ) -> Result<Option<Vec<Vec<f32>>>> {
        let Some(semantic) = self.across.as_ref().map(|a| a.semantic.clone()) else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(order.len());
        for chunk in order.chunks(LEAD_CHUNK) {
            let mut found = Vec::with_capacity(chunk.len());
            for (path, row, _) in chunk {
                found.push(self.article(&row.hash, path)?);
            }
            let present: Vec<Article> = found.iter().flatten().cloned().collect();
            let vectors = match semantic.article_vectors(&present) {
                Ok(v) => v,
                Err(e) => {
                    self.problems
                        .push(format!("stories not joined across languages: {e}"));
                    return Ok(None);
                }
            };
            let mut vectors = vectors.into_iter();
            for a in &found {
                out.push(match a {
                    Some(_) => vectors.next().unwrap_or_default(),
                    None => Vec::new(),
                });
            }
        }
        Ok(Some(out))
    }

    /// The problems met so far, the model's among them, each once.
    fn take_problems(&mut self) -> Vec<String> {
        let mut out = std::mem::take(&mut self.problems);
        if let Some(a) = &self.across {
            out.extend(a.semantic.take_problems());
        }
        out.dedup();
        out
    }

    pub(super) fn article(&mut self, hash: &str, path: &str) -> Result<Option<Article>> {
        if let Some(a) = self.fresh.get(hash) {
            let mut a = a.clone();
            a.path = path.to_string();
            return Ok(Some(a));
        }
        Ok(self.store.article(hash)?.map(|c| c.into_article(path)))
    }

    pub(super) fn cached<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        self.used.insert(key.to_string());
        self.cache
            .get(key)
            .and_then(|v| serde_json::from_str(v).ok())
    }

    pub(super) fn remember<T: serde::Serialize>(&mut self, key: String, v: &T) {
        if let Ok(s) = serde_json::to_string(v) {
            self.used.insert(key.clone());
            self.new_cache.push((key, s));
        }
    }

    /// What changed from `old` to `new`, cached by the pair of content hashes.
    pub(super) fn changes(
        &mut self,
        old: (&str, &str),
        new: (&str, &str),
    ) -> Result<Option<Changes>> {
        // "c2": changes carry their summary (cached "c:" entries have none).
        let key = format!("c2:{}:{}", old.0, new.0);
        if let Some(c) = self.cached(&key) {
            return Ok(Some(c));
        }
        let (Some(a), Some(b)) = (self.article(old.0, old.1)?, self.article(new.0, new.1)?) else {
            return Ok(None);
        };
        let c = changes(&a, &b);
        self.remember(key, &c);
        Ok(Some(c))
    }
}

fn status(r: &FileRow) -> Status {
    match (&r.seen_hash, r.present) {
        (_, false) => Status::Deleted,
        (None, true) => Status::New,
        (Some(s), true) if *s != r.hash => Status::Changed,
        _ => Status::Seen,
    }
}

/// Verdicts, stories, novelty and read state for every file, saved and reported.
fn derive(
    ctx: &mut Ctx,
    rows: &BTreeMap<String, FileRow>,
    cached: &BTreeMap<String, Cached>,
    warnings: Vec<String>,
) -> Result<Report> {
    // Drop order: (first seen, path). Only readable, present files take part.
    let mut order: Vec<(&String, &FileRow, &Features)> = rows
        .iter()
        .filter(|(_, r)| r.present)
        .filter_map(|(p, r)| match cached.get(&r.hash) {
            Some(Cached::Article(f)) => Some((p, r, f.as_ref())),
            _ => None,
        })
        .collect();
    order.sort_by(|a, b| a.1.first_seen.cmp(&b.1.first_seen).then(a.0.cmp(b.0)));
    let feats: Vec<&Features> = order.iter().map(|o| o.2).collect();
    let saved = ctx.store.story_ids()?;
    let kept = kept_stories(&order, &saved);
    // Stories, verdicts and copy families depend only on the ordered contents, the stories
    // kept from the last scan (and the seen versions of changed files): reopening an
    // unchanged drop reuses them.
    let mut fp = blake3::Hasher::new();
    fp.update(ANALYSIS_VERSION.as_bytes());
    if let Some(f) = ctx.across_fingerprint() {
        fp.update(format!("x:{f}|").as_bytes());
    }
    for ((_, row, _), k) in order.iter().zip(&kept) {
        fp.update(row.hash.as_bytes());
        if let Some(s) = row.seen_hash.as_deref().filter(|s| *s != row.hash) {
            fp.update(b"<");
            fp.update(s.as_bytes());
        }
        if let Some(k) = k {
            fp.update(format!("@{k}").as_bytes());
        }
        fp.update(b"|");
    }
    let key = format!("a:{}", fp.finalize().to_hex());
    let analysis: Analysis = match ctx.cached(&key) {
        Some(a) => a,
        None => {
            let a = analyse(ctx, &order, cached, &kept)?;
            ctx.remember(key, &a);
            a
        }
    };
    let Analysis {
        stories,
        decisions,
        family,
    } = analysis;
    let cluster = &stories.story;
    let members = stories.members();
    let (story_id, next) = story_ids(&order, &members, &saved);

    let PerStory { novel, derivation } = per_story(ctx, &order, &stories)?;

    let mut family_key: BTreeMap<usize, String> = BTreeMap::new();
    for (i, f) in feats.iter().enumerate() {
        let r = family[i];
        let t = &f.text_hash;
        let e = family_key.entry(r).or_insert_with(|| t.clone());
        if t < e {
            *e = t.clone();
        }
    }
    let read_texts = ctx.store.read_texts()?;
    let mut family_read: BTreeMap<usize, bool> = BTreeMap::new();
    for i in 0..order.len() {
        let r = family[i];
        let read = order[i].1.read || read_texts.contains(&feats[i].text_hash);
        *family_read.entry(r).or_default() |= read;
    }

    let mut items = Vec::new();
    for (i, (path, row, f)) in order.iter().enumerate() {
        let (d, c) = &decisions[i];
        let r = family[i];
        let n = &novel[i];
        let dv = derivation[i].as_ref();
        items.push(Item {
            path: path.to_string(),
            status: status(row),
            verdict: Some(d.verdict),
            of: d.of.iter().map(|&j| order[j].0.clone()).collect(),
            score: d.score,
            novelty: n.share,
            novel_paragraphs: n.paragraphs.clone(),
            novel_sentences: n.sentences.clone(),
            story: Some(story_id[cluster[i]]),
            changes: c.clone(),
            derived_from: dv
                .map(|d| {
                    d.sources
                        .iter()
                        .map(|s| DerivedFrom {
                            path: order[s.source].0.clone(),
                            share: s.share,
                            verbatim: s.verbatim,
                            rewrite: s.rewrite,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            derivation: dv.map(|d| d.class),
            own_reporting: dv.map_or(0.0, |d| d.own_reporting),
            own_paragraphs: dv.map(|d| d.own_paragraphs.clone()).unwrap_or_default(),
            hash: row.hash.clone(),
            text_hash: f.text_hash.clone(),
            title: f.title_text.clone(),
            outlet: f.outlet_text.clone(),
            read: family_read[&r],
            starred: row.starred,
            archived: row.archived,
            first_seen: row.first_seen,
            last_seen: row.last_seen,
            warning: None,
        });
    }
    for (path, row) in rows {
        let readable = matches!(cached.get(&row.hash), Some(Cached::Article(_)));
        if row.present && readable {
            continue;
        }
        let warning = match cached.get(&row.hash) {
            Some(Cached::Unreadable(w)) if row.present => Some(format!("{path}: {w}")),
            _ => None,
        };
        let text_hash = match cached.get(&row.hash) {
            Some(Cached::Article(f)) => f.text_hash.clone(),
            _ => String::new(),
        };
        items.push(Item {
            path: path.clone(),
            status: status(row),
            verdict: None,
            of: Vec::new(),
            score: None,
            novelty: 0.0,
            novel_paragraphs: Vec::new(),
            novel_sentences: Vec::new(),
            story: None,
            changes: None,
            derived_from: Vec::new(),
            derivation: None,
            own_reporting: 0.0,
            own_paragraphs: Vec::new(),
            hash: row.hash.clone(),
            text_hash,
            title: None,
            outlet: None,
            read: row.read,
            starred: row.starred,
            archived: row.archived,
            first_seen: row.first_seen,
            last_seen: row.last_seen,
            warning,
        });
    }
    let rank = |s: Status| match s {
        Status::New | Status::Changed => 0,
        Status::Seen => 1,
        Status::Deleted => 2,
    };
    items.sort_by(|a, b| {
        rank(a.status)
            .cmp(&rank(b.status))
            .then(a.path.cmp(&b.path))
    });

    let mut stories: Vec<Story> = members
        .iter()
        .enumerate()
        .map(|(c, m)| story(&order, &feats, m, stories.medoid[c], story_id[c]))
        .collect();
    stories.sort_by_key(|s| s.id);

    let mut derived = Derived {
        stories: order
            .iter()
            .enumerate()
            .map(|(i, o)| (o.1.hash.clone(), story_id[cluster[i]]))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect(),
        next_story: next,
        stories_version: STORIES_VERSION,
        families: Vec::new(),
        new_cache: std::mem::take(&mut ctx.new_cache),
        cache_in_use: Some(std::mem::take(&mut ctx.used)),
    };
    let fams: BTreeMap<String, String> = (0..order.len())
        .map(|i| {
            let r = family[i];
            (feats[i].text_hash.clone(), family_key[&r].clone())
        })
        .collect();
    derived.families = fams.into_iter().collect();
    ctx.store.save_derived(&derived)?;
    Ok(Report {
        items,
        stories,
        warnings,
    })
}

/// Bump when the story rules change: stories grouped under other rules are then regrouped
/// from scratch (their ids carried over by majority) instead of kept as they are.
const STORIES_VERSION: &str = "stories-3";

/// The story each article keeps from the last scan: its saved id, when the rules that made it
/// are the current ones.
fn kept_stories(order: &[(&String, &FileRow, &Features)], saved: &StoryIds) -> Vec<Option<u64>> {
    let current = saved.version.as_deref() == Some(STORIES_VERSION);
    order
        .iter()
        .map(|(_, row, _)| saved.ids.get(&row.hash).copied().filter(|_| current))
        .collect()
}

/// Story ids: a story keeps the id most of its articles had last time (all of them, when the
/// stories were kept); a new story takes the next free id. Returns the ids and the next one.
fn story_ids(
    order: &[(&String, &FileRow, &Features)],
    members: &[Vec<usize>],
    saved: &StoryIds,
) -> (Vec<u64>, u64) {
    let mut next = saved.next;
    let mut taken = BTreeSet::new();
    let mut ids = vec![0u64; members.len()];
    for (c, m) in members.iter().enumerate() {
        let mut votes: BTreeMap<u64, usize> = BTreeMap::new();
        for &i in m {
            if let Some(id) = saved.ids.get(&order[i].1.hash) {
                *votes.entry(*id).or_default() += 1;
            }
        }
        let best = votes
            .iter()
            .filter(|(id, _)| !taken.contains(*id))
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(id, _)| *id);
        let id = best.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        next = next.max(id + 1);
        taken.insert(id);
        ids[c] = id;
    }
    (ids, next)
}

/// A story of the report: `members` index `order` (and `feats`, its features), `medoid` is
/// its most representative one.
fn story(
    order: &[(&String, &FileRow, &Features)],
    feats: &[&Features],
    members: &[usize],
    medoid: usize,
    id: u64,
) -> Story {
    // `outlet` is unset where ingest fell back to the file name, which names no outlet.
    let mut outlets: Vec<String> = members
        .iter()
        .filter(|&&i| feats[i].outlet.is_some())
        .filter_map(|&i| feats[i].outlet_text.clone())
        .collect();
    outlets.sort();
    outlets.dedup();
    let published: Vec<&str> = members
        .iter()
        .filter_map(|&i| feats[i].published.as_deref())
        .collect();
    let seen = members.iter().map(|&i| order[i].1.first_seen);
    let evidence = story_evidence(feats, members);
    Story {
        id,
        label: label(feats, members, medoid, &evidence),
        members: members.iter().map(|&i| order[i].0.clone()).collect(),
        outlets,
        first_published: published.iter().min().map(|s| s.to_string()),
        last_published: published.iter().max().map(|s| s.to_string()),
        first_seen: seen.clone().min().unwrap_or(0),
        last_seen: seen.max().unwrap_or(0),
        evidence,
    }
}

/// A story's label: the title of its most representative article, else of its first member
/// with a title, else the names it is about, else its first article's most frequent words.
fn label(feats: &[&Features], members: &[usize], medoid: usize, ev: &StoryEvidence) -> String {
    let titled = std::iter::once(medoid)
        .chain(members.iter().copied())
        .find_map(|i| feats[i].title_text.clone().filter(|t| !t.trim().is_empty()));
    if let Some(t) = titled {
        return t;
    }
    if !ev.names.is_empty() {
        return ev
            .names
            .iter()
            .take(3)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
    }
    members
        .first()
        .map(|&i| {
            feats[i]
                .top_words
                .iter()
                .take(3)
                .cloned()
                .collect::<Vec<_>>()
                .join(" · ")
        })
        .unwrap_or_default()
}
