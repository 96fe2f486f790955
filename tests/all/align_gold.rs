//! Quality of `diff` against the hand-written gold standard (`tests/gold/seeds.json`, see
//! `tests/gold/README.md`), and the plain TF-IDF-cosine-with-one-threshold baseline beside it.
//!
//! Figures are micro-averaged over the ten article pairs of the seed drop: true and false
//! positives and false negatives are summed over all pairs before P, R and F1 are computed.
//! A predicted pair the gold marks as merely *related* counts neither for nor against.

use std::collections::{BTreeSet, HashMap};

use parallax::align::diff_articles;
use parallax::Article;

use crate::common::{discrepancy_gold, gold};
use gold::Links;

#[derive(Default, Debug, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    related: usize,
}

impl Counts {
    fn add(&mut self, predicted: &Links, correspond: &Links, related: &Links) {
        for p in predicted {
            if correspond.contains(p) {
                self.tp += 1;
            } else if related.contains(p) {
                self.related += 1;
            } else {
                self.fp += 1;
            }
        }
        self.fn_ += correspond.difference(predicted).count();
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
    fn strict_precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp + self.related).max(1) as f64
    }
}

#[test]
fn diff_matches_the_gold_standard_at_the_target() {
    let mut total = Counts::default();
    for (l, r, correspond, related) in gold::pairs() {
        let predicted: Links = diff_articles(&l, &r)
            .pairs
            .iter()
            .map(|p| (p.left, p.right))
            .collect();
        let mut c = Counts::default();
        c.add(&predicted, &correspond, &related);
        eprintln!(
            "{} ~ {}: tp {} fp {} fn {} related {}",
            l.path, r.path, c.tp, c.fp, c.fn_, c.related
        );
        if std::env::var_os("PARALLAX_GOLD_VERBOSE").is_some() {
            for p in predicted.difference(&correspond) {
                if !related.contains(p) {
                    eprintln!("   FP {p:?}");
                }
            }
            for p in correspond.difference(&predicted) {
                eprintln!("   FN {p:?}");
            }
        }
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
        total.related += c.related;
    }
    let (p, r, f) = total.prf();
    eprintln!(
        "diff vs gold (micro-averaged over 10 pairs): P {p:.3} R {r:.3} F1 {f:.3} \
         (strict P, related counted wrong: {:.3}) {total:?}",
        total.strict_precision()
    );
    // The target is P >= 0.80 and F1 >= 0.80. Lexical scoring reaches the figures
    // below on this gold (many corresponding pairs are paraphrases sharing few words); these
    // asserts guard what is reached so a regression fails. See the report for what lifts it.
    // Session 5 removed the synonym table fitted to the seeds' own paraphrases (issue 13):
    // 0.757 / 0.657 with it, 0.731 / 0.612 with only the general places fold.
    assert!(p >= 0.72, "precision {p:.3} below the reached 0.731");
    assert!(f >= 0.60, "F1 {f:.3} below the reached 0.612");
}

/// The N-way alignment of the whole drop, scored on the same gold: paragraphs of two articles
/// in one group count as a predicted pair. Groups hold one paragraph per outlet (plus split
/// parts), so a paragraph that corresponds to several of another outlet's is bound to miss
/// some; `also` adds the lead paragraphs that carry a second claim.
#[test]
fn groups_match_the_gold_standard() {
    let drop = parallax::ingest::load_paths(
        &[std::path::PathBuf::from("seeds")],
        &parallax::ingest::LoadOptions::default(),
    );
    let al = parallax::align::align_drop(&drop.articles);
    let members = gold::group_counts(&drop.articles, &al, false);
    let with_also = gold::group_counts(&drop.articles, &al, true);
    let (p, r, f) = gold::prf(members);
    let (pa, ra, fa) = gold::prf(with_also);
    eprintln!("groups vs gold: members P {p:.3} R {r:.3} F1 {f:.3} {members:?}");
    eprintln!("groups vs gold: with also P {pa:.3} R {ra:.3} F1 {fa:.3} {with_also:?}");
    let all = gold::group_counts_with(&drop.articles, &al, true, true);
    let links_only = gold::group_counts_with(&drop.articles, &al, false, true);
    eprintln!("groups+also+links vs gold: {:?} {all:?}", gold::prf(all));
    eprintln!(
        "groups+links vs gold: {:?} {links_only:?}",
        gold::prf(links_only)
    );
    // What the Compare view shows as counterparts: group, also and links.
    assert!(
        gold::prf(all).2 >= 0.65,
        "{all:?} below the reached 0.662 (0.689 with the seed synonyms)"
    );
    if std::env::var_os("PARALLAX_GOLD_VERBOSE").is_some() {
        let index = |path: &str| drop.articles.iter().position(|a| a.path == path).unwrap();
        for (l, r, _, _) in gold::pairs() {
            let (la, ra) = (index(&l.path), index(&r.path));
            let linked: Links = al
                .links
                .iter()
                .filter(|x| (x.a.article, x.b.article) == (la, ra))
                .map(|x| (x.a.paragraph, x.b.paragraph))
                .collect();
            let diffed: Links = diff_articles(&l, &r)
                .pairs
                .iter()
                .map(|p| (p.left, p.right))
                .collect();
            eprintln!(
                "{} ~ {}: diff only {:?}, links only {:?}",
                l.path,
                r.path,
                diffed.difference(&linked).collect::<Vec<_>>(),
                linked.difference(&diffed).collect::<Vec<_>>()
            );
        }
    }
    // Guards the reached figures (see the README); `also` must add more right than wrong.
    assert!(
        f >= 0.51,
        "N-way F1 {f:.3}, below the reached 0.521 (0.583 with the seed synonyms)"
    );
    assert!(
        with_also.0 > members.0 && fa >= f - 0.01,
        "{members:?} {with_also:?}"
    );
}

/// What each outlet adds that no other has: the drop alignment's `unique` paragraphs against
/// the gold's, a paragraph (headings left out) being novel when the gold pairs it with no
/// paragraph of any other seed. Triage's novelty figures are these shares.
#[test]
fn unique_paragraphs_match_the_gold_standard() {
    let drop = parallax::ingest::load_paths(
        &[std::path::PathBuf::from("seeds")],
        &parallax::ingest::LoadOptions::default(),
    );
    let al = parallax::align::align_drop(&drop.articles);
    let index = |path: &str| drop.articles.iter().position(|a| a.path == path).unwrap();
    let mut covered: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (l, r, correspond, _) in gold::pairs() {
        let (la, ra) = (index(&l.path), index(&r.path));
        for (i, j) in correspond {
            covered.insert((la, i));
            covered.insert((ra, j));
        }
    }
    let unique: BTreeSet<(usize, usize)> =
        al.unique.iter().map(|m| (m.article, m.paragraph)).collect();
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for (a, art) in drop.articles.iter().enumerate() {
        for (p, para) in art.paragraphs.iter().enumerate() {
            if para.kind == parallax::article::ParagraphKind::Heading {
                continue;
            }
            let (novel, predicted) = (!covered.contains(&(a, p)), unique.contains(&(a, p)));
            tp += usize::from(novel && predicted);
            fp += usize::from(!novel && predicted);
            fn_ += usize::from(novel && !predicted);
        }
    }
    let (p, r, f) = gold::prf((tp, fp, fn_));
    eprintln!("unique vs gold-novel: P {p:.3} R {r:.3} F1 {f:.3} (tp {tp} fp {fp} fn {fn_})");
    assert!(
        f >= 0.67 && r >= 0.8,
        "reached F1 0.681, R 0.842 (0.744 with the seed synonyms)"
    );
}

/// The plain baseline: TF-IDF cosine over lower-cased words (stop words kept, no stemming)
/// with IDF over the two articles' paragraphs, and one global threshold: the best threshold
/// for the baseline on this very gold (so the comparison flatters the baseline).
#[test]
fn plain_tfidf_baseline_is_clearly_worse() {
    let gold = gold::pairs();
    let vectors = |a: &Article, b: &Article| {
        let docs: Vec<Vec<String>> = a
            .paragraphs
            .iter()
            .chain(&b.paragraphs)
            .map(|p| {
                parallax::normalise::words(&p.norm)
                    .iter()
                    .map(|w| w.to_string())
                    .collect()
            })
            .collect();
        let mut df: HashMap<&str, f64> = HashMap::new();
        for d in &docs {
            for w in d.iter().collect::<BTreeSet<_>>() {
                *df.entry(w).or_default() += 1.0;
            }
        }
        let n = docs.len() as f64;
        docs.iter()
            .map(|d| {
                let mut v: HashMap<String, f64> = HashMap::new();
                for w in d {
                    *v.entry(w.clone()).or_default() += (n / df[w.as_str()]).ln() + 1.0;
                }
                v
            })
            .collect::<Vec<_>>()
    };
    let cos = |x: &HashMap<String, f64>, y: &HashMap<String, f64>| {
        let dot: f64 = x.iter().map(|(k, v)| v * y.get(k).unwrap_or(&0.0)).sum();
        let n = |v: &HashMap<String, f64>| v.values().map(|x| x * x).sum::<f64>().sqrt();
        dot / (n(x) * n(y)).max(1e-9)
    };
    let scored: Vec<Vec<((usize, usize), f64)>> = gold
        .iter()
        .map(|(l, r, _, _)| {
            let v = vectors(l, r);
            let k = l.paragraphs.len();
            let mut out = Vec::new();
            for i in 0..k {
                for j in 0..r.paragraphs.len() {
                    out.push(((i, j), cos(&v[i], &v[k + j])));
                }
            }
            out
        })
        .collect();
    let mut best = (0.0, 0.0, (0.0, 0.0, 0.0));
    for step in 1..100 {
        let t = step as f64 / 100.0;
        let mut c = Counts::default();
        for ((_, _, correspond, related), s) in gold.iter().zip(&scored) {
            let predicted: Links = s.iter().filter(|x| x.1 >= t).map(|x| x.0).collect();
            c.add(&predicted, correspond, related);
        }
        let prf = c.prf();
        if prf.2 > best.1 {
            best = (t, prf.2, prf);
        }
    }
    let (t, _, (p, r, f)) = best;
    eprintln!("baseline TF-IDF cosine, best single threshold {t:.2}: P {p:.3} R {r:.3} F1 {f:.3}");
    assert!(
        f < 0.75,
        "the baseline should not reach the target: F1 {f:.3}"
    );
}

/// Tuning aid, not a check: writes every same-kind paragraph pair of the gold articles with its
/// scores and gold label to `$PARALLAX_GOLD_DUMP` (run with `--ignored`).
#[test]
#[ignore]
fn dump_scores_for_tuning() {
    use parallax::align::score::Scorers;
    use parallax::align::AlignOptions;
    use parallax::similarity::ParagraphRef;
    let Some(out) = std::env::var_os("PARALLAX_GOLD_DUMP") else {
        return;
    };
    let mut s = String::new();
    for (k, (l, r, correspond, related)) in gold::pairs().into_iter().enumerate() {
        let arts = [l.clone(), r.clone()];
        let opts = AlignOptions::default();
        let sc = Scorers::prepare(&arts, &opts);
        for i in 0..l.paragraphs.len() {
            for j in 0..r.paragraphs.len() {
                let (score, sent) = sc.pair(
                    ParagraphRef {
                        article: 0,
                        paragraph: i,
                    },
                    ParagraphRef {
                        article: 1,
                        paragraph: j,
                    },
                );
                let best = sent.iter().flatten().fold(0.0f32, |m, &x| m.max(x));
                let (pa, pb) = (&sc.lexical.paragraphs[0][i], &sc.lexical.paragraphs[1][j]);
                let wc = pa.whole.words.cosine(&pb.whole.words);
                let gc = pa.whole.grams.cosine(&pb.whole.grams);
                let ov = |a: &parallax::similarity::lexical::Bag,
                          b: &parallax::similarity::lexical::Bag| {
                    let sa: f32 = a.terms.iter().map(|t| t.1).sum();
                    let sb: f32 = b.terms.iter().map(|t| t.1).sum();
                    let mut shared = 0.0;
                    for t in &a.terms {
                        if let Ok(k) = b.terms.binary_search_by_key(&t.0, |x| x.0) {
                            shared += t.1.min(b.terms[k].1);
                        }
                    }
                    (shared / sa.min(sb).max(1e-6), shared, sa, sb)
                };
                let (wo, wshared, wsa, wsb) = ov(&pa.whole.words, &pb.whole.words);
                let (go, _, _, _) = ov(&pa.whole.grams, &pb.whole.grams);
                let label = if correspond.contains(&(i, j)) {
                    "C"
                } else if related.contains(&(i, j)) {
                    "R"
                } else {
                    "-"
                };
                s += &format!("{k}\t{i}\t{j}\t{score:.4}\t{best:.4}\t{label}\t{wc:.4}\t{gc:.4}\t{wo:.4}\t{go:.4}\t{wshared:.3}\t{wsa:.3}\t{wsb:.3}\n");
            }
        }
    }
    std::fs::write(out, s).unwrap();
}

/// The seed drop, loaded as `parallax align seeds/` loads it.
fn seed_drop() -> Vec<Article> {
    parallax::ingest::load_paths(
        &[std::path::PathBuf::from("seeds")],
        &parallax::ingest::LoadOptions::default(),
    )
    .articles
}

fn file_name(a: &Article) -> String {
    a.path.rsplit('/').next().unwrap().to_string()
}

fn kind_name(k: parallax::align::DiscrepancyKind) -> String {
    serde_json::to_value(k)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn severity_name(s: parallax::align::Severity) -> String {
    serde_json::to_value(s)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// The flags of `diff` on each of the ten seed pairs.
fn diff_flags(
    articles: &[Article],
    opts: &parallax::align::AlignOptions,
) -> Vec<discrepancy_gold::Flag> {
    let mut out = Vec::new();
    for (i, l) in articles.iter().enumerate() {
        for r in &articles[i + 1..] {
            for d in parallax::align::diff_articles_with(l, r, opts).discrepancies {
                out.push(discrepancy_gold::Flag {
                    kind: kind_name(d.kind),
                    severity: severity_name(d.severity),
                    left: file_name(l),
                    left_text: d.left_text,
                    right: file_name(r),
                    right_text: d.right_text,
                });
            }
        }
    }
    out
}

/// The flags of the drop alignment, and the share of the drop's paragraphs marked disputed.
fn drop_flags(
    articles: &[Article],
    opts: &parallax::align::AlignOptions,
) -> (Vec<discrepancy_gold::Flag>, f64) {
    let al = parallax::align::align_drop_with(articles, opts);
    let flags = al
        .discrepancies
        .iter()
        .map(|d| discrepancy_gold::Flag {
            kind: kind_name(d.kind),
            severity: severity_name(d.severity),
            left: file_name(&articles[d.left.article]),
            left_text: d.left_text.clone(),
            right: file_name(&articles[d.right.article]),
            right_text: d.right_text.clone(),
        })
        .collect();
    let marks = al.paragraph_marks(articles);
    let all: usize = marks.iter().map(Vec::len).sum();
    let disputed = marks.iter().flatten().filter(|m| m.disputed).count();
    (flags, disputed as f64 / all.max(1) as f64)
}

/// Score and print one mode; returns the diff and the drop scores.
fn discrepancy_scores(
    mode: &str,
    opts: &parallax::align::AlignOptions,
) -> (discrepancy_gold::Scores, discrepancy_gold::Scores, f64) {
    let gold = discrepancy_gold::gold();
    let articles = seed_drop();
    let diff = discrepancy_gold::score(&gold, &diff_flags(&articles, opts));
    let (flags, disputed) = drop_flags(&articles, opts);
    let drop = discrepancy_gold::score(&gold, &flags);
    eprintln!("discrepancies vs gold, {mode}, diff of the ten pairs: {diff}");
    eprintln!("discrepancies vs gold, {mode}, align of the drop: {drop}");
    eprintln!(
        "{mode}: {:.1}% of the seed paragraphs marked disputed",
        100.0 * disputed
    );
    if std::env::var_os("PARALLAX_GOLD_VERBOSE").is_some() {
        for w in diff.wrong.iter().chain(&drop.wrong) {
            eprintln!("   wrong: {w}");
        }
    }
    (diff, drop, disputed)
}

/// The guarded figures, the same in both modes: see the README's "Alignment quality". Before
/// severities (every flag a dispute), major precision was 0.000 lexically and 0.056 with the
/// model, 8 and 4 spellings were disputes, and 29.5% of the seed paragraphs were disputed.
/// Reached: major precision 1.000 (the plan sizes 20 / 19, 28 / 19 and, since session 10's
/// changed state of the same thing, 001's 28 against 003's 20, in both modes), no spelling and
/// no agreeing pair as a dispute, numbers and dates P 1.000 R 1.000 (0.857 before), quotes P 0.889 R 0.389 (lexical) and 1.000 / 0.389-0.444 (model),
/// attributions P 1.000, 2 of 4 (since session 13), 3.2% of the paragraphs disputed.
fn assert_discrepancy_targets(
    diff: &discrepancy_gold::Scores,
    drop: &discrepancy_gold::Scores,
    disputed: f64,
) {
    assert!(disputed <= 0.05, "{:.1}% disputed", 100.0 * disputed);
    for s in [diff, drop] {
        assert_eq!(s.agree_disputes, 0, "{:#?}", s.wrong);
        let (numbers, quotes) = (s.class("number/date"), s.class("quote"));
        let speakers = s.class("attribution");
        assert!(
            speakers.precision() >= 0.99 && speakers.recall() >= 0.5,
            "attributions below the reached P 1.000, 2 of 4: {s}"
        );
        assert!(
            numbers.precision() >= 0.99 && numbers.recall() >= 0.99,
            "{s}"
        );
        assert!(quotes.precision() >= 0.85 && quotes.recall() >= 0.38, "{s}");
        assert!(
            s.major_precision() >= 0.9,
            "major precision {:.3}: {:#?}",
            s.major_precision(),
            s.wrong
        );
        assert_eq!(s.spelled_disputes, 0, "{:#?}", s.wrong);
        assert!(
            s.plan_found >= 3,
            "plan-size conflicts found below the reached 3 of 3: {s}"
        );
    }
}

#[test]
fn discrepancies_match_their_gold_standard() {
    let (diff, drop, disputed) =
        discrepancy_scores("lexical", &parallax::align::AlignOptions::default());
    assert_discrepancy_targets(&diff, &drop, disputed);
}

#[cfg(feature = "semantic")]
#[test]
fn discrepancies_match_their_gold_standard_with_the_model() {
    use parallax::similarity::semantic::{embed::Embedder, scorer::SemanticScorer};
    let Some(dir) =
        crate::common::model::dir_or_skip("discrepancies_match_their_gold_standard_with_the_model")
    else {
        return;
    };
    let sem = SemanticScorer::new(Embedder::load(&dir).unwrap(), None);
    let opts = crate::common::model::with_scorer(&sem);
    let (diff, drop, disputed) = discrepancy_scores("lexical+semantic", &opts);
    assert_discrepancy_targets(&diff, &drop, disputed);
}
