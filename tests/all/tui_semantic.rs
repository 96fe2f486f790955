//! The app refining its alignment with sentence embeddings, without a terminal: the lexical
//! alignment shows first, a background job embeds the drop with progress, and its result
//! replaces the alignment where the reader is; stale results are dropped; without a model the
//! app says why once and stays lexical; reopening a drop embeds nothing twice.
//!
//! Tests that need all-MiniLM-L6-v2 find it where the app would (`PARALLAX_MODEL`, the data
//! dir, the Hugging Face cache) and skip with one line when it is absent, or fail under
//! `PARALLAX_REQUIRE_MODEL=1` (`crate::common::model`): install it with `parallax model install`.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use parallax::align::{
    DiscrepancyKind, DropAlignment, DropDiscrepancy, Group, Member, QuoteGroup, QuoteVariant,
    TextSpan,
};
use parallax::ingest::{article_from_bytes, Drop, LoadOptions};
use parallax::similarity::semantic::cache::EmbeddingStore;
use parallax::similarity::semantic::locate::ModelSearch;
use parallax::similarity::semantic::{Model, Progress, SimilarityChoice, Unavailable};
use parallax::similarity::Similarity;
use parallax::triage::store::StateEmbeddings;
use parallax::tui::action::Refinement;
use parallax::tui::worker::TriageWorker;
use parallax::tui::{find_model, render, start, update, Action, App, Command, Config, Job};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The model, loaded once for the whole file; `None` (after saying so) when there is none.
fn model(test: &str) -> Option<Model> {
    static MODEL: OnceLock<Result<Model, String>> = OnceLock::new();
    let found = MODEL.get_or_init(|| match ModelSearch::from_env(None, None).locate() {
        Ok(Some(dir)) => Model::load(dir).map_err(|u| u.note()),
        Ok(None) => Err(
            "no all-MiniLM-L6-v2 model found (PARALLAX_MODEL, the data dir, the \
                         Hugging Face cache): run `parallax model install`"
                .into(),
        ),
        Err(e) => Err(format!("the model folder is broken: {e}")),
    });
    match found {
        Ok(m) => Some(m.clone()),
        Err(e) => crate::common::model::skip(test, e),
    }
}

fn article(name: &str, text: &str) -> parallax::Article {
    article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).unwrap()
}

/// Two short articles, one paraphrasing the other.
fn small_drop() -> Drop {
    Drop {
        articles: vec![
            article(
                "a.txt",
                "Talks end\n\nUshakov said the sides were neither closer nor further.\n\nThe plan has 28 points, officials said.\n",
            ),
            article(
                "b.txt",
                "Kremlin says no progress\n\nThe plan now has 20 items.\n\nUshakov: the sides did not get closer, nor further away.\n",
            ),
        ],
        warnings: Vec::new(),
    }
}

/// Run jobs inline until none are left, folding in their progress and results (what the
/// worker threads and the event loop do); returns every progress report seen.
fn settle(app: &mut App, worker: &mut TriageWorker, jobs: Vec<Job>) -> Vec<Progress> {
    let mut queue: VecDeque<Job> = jobs.into();
    let mut seen = Vec::new();
    while let Some(job) = queue.pop_front() {
        let mut progress = Vec::new();
        let action = job.run_reporting(worker, &mut |a| progress.push(a));
        for p in progress {
            if let Action::Embedding { progress, .. } = &p {
                seen.push(*progress);
            }
            queue.extend(update(app, p));
        }
        queue.extend(update(app, action));
    }
    seen
}

/// The app on `drop`, its lexical alignment shown (no model asked for yet).
fn lexical_app(drop: Drop) -> App {
    let mut app = App::new(vec![PathBuf::from("fixture")], 80, 24);
    let jobs = update(&mut app, Action::Loaded(Arc::new(drop)));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::Lexical
    );
    app
}

fn status_line(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, &Config::defaults(true))).unwrap();
    let screen = t.backend().to_string();
    // TestBackend quotes each line.
    let last = screen.lines().last().unwrap();
    last.strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap()
        .to_string()
}

fn screen(app: &App) -> String {
    let mut t = Terminal::new(TestBackend::new(app.ui.width, app.ui.height)).unwrap();
    t.draw(|f| render(f, app, &Config::defaults(true))).unwrap();
    t.backend().to_string()
}

/// The refinement job the app asks for, with its request id.
fn refine_req(jobs: &[Job]) -> (u64, Arc<std::sync::atomic::AtomicBool>) {
    match jobs {
        [Job::Refine { req, stop, .. }] => (*req, stop.clone()),
        other => panic!("expected one refinement job, got {other:?}"),
    }
}

/// A hand-made refined alignment of [`small_drop`] (the titles are not paragraphs): both
/// claims grouped, with scores no aligner would give, so the test knows which is shown.
fn refined_alignment() -> DropAlignment {
    let m = |article, paragraph| Member { article, paragraph };
    DropAlignment {
        groups: vec![
            Group {
                id: 0,
                members: vec![m(0, 0), m(1, 1)],
                score: 0.8125,
                also: vec![],
            },
            Group {
                id: 1,
                members: vec![m(0, 1), m(1, 0)],
                score: 0.6875,
                also: vec![],
            },
        ],
        unique: Vec::new(),
        new_sentences: Vec::new(),
        quotes: Vec::new(),
        discrepancies: Vec::new(),
        links: Vec::new(),
        similarity: Similarity::LexicalSemantic,
        group_link: parallax::align::groups::GROUP_LINK_SEMANTIC,
    }
}

#[test]
fn progress_shows_while_embedding_and_the_refined_alignment_replaces_the_lexical_one() {
    let Some(model) = model("progress_shows_while_embedding") else {
        return;
    };
    let mut app = lexical_app(small_drop());
    assert!(
        status_line(&app).ends_with(" lexical "),
        "{}",
        status_line(&app)
    );
    // The reader is on b.txt's second paragraph (Ushakov's words) in Compare.
    let ushakov_b = Member {
        article: 1,
        paragraph: 1,
    };
    update(&mut app, Action::OpenAt(ushakov_b));
    let jobs = update(&mut app, Action::ModelFound(Ok(model)));
    let (req, _) = refine_req(&jobs);
    assert!(status_line(&app).ends_with(" embedding… "));

    update(
        &mut app,
        Action::Embedding {
            req,
            progress: Progress {
                done: 340,
                total: 1200,
            },
        },
    );
    assert_eq!(
        app.semantic.progress,
        Some(Progress {
            done: 340,
            total: 1200
        })
    );
    insta::assert_snapshot!("status_while_embedding_80", status_line(&app));

    let jobs = update(
        &mut app,
        Action::Refined {
            req,
            result: Ok(Refinement {
                alignment: Arc::new(refined_alignment()),
                embedded: 9,
                texts: 9,
                warning: None,
                model: "all-MiniLM-L6-v2".into(),
            }),
        },
    );
    assert!(
        jobs.is_empty(),
        "no diff on screen, nothing to realign: {jobs:?}"
    );
    let al = app.drop.alignment.as_ref().unwrap();
    assert_eq!(al.similarity, Similarity::LexicalSemantic);
    assert_eq!(al.groups.len(), 2);
    // The paraphrased claim is shared as the refined alignment says, and the reader has not
    // moved.
    assert_eq!(app.drop.para(ushakov_b).score, 0.8125);
    assert!(!app.drop.para(ushakov_b).unique);
    assert_eq!(
        app.drop.counterparts(ushakov_b),
        vec![Member {
            article: 0,
            paragraph: 0
        }]
    );
    assert_eq!((app.compare.focus, app.compare.cursor[1]), (1, 1));
    assert_eq!(app.semantic.pending, None);
    assert_eq!(app.semantic.embedded, Some((9, 9)));
    insta::assert_snapshot!("status_after_refinement_80", status_line(&app));
    app.ui.help = true;
    app.ui.width = 120;
    assert!(
        screen(&app)
            .contains("similarity: lexical+semantic (all-MiniLM-L6-v2) · 9 of 9 texts embedded"),
        "{}",
        screen(&app)
    );

    // Another session saved pins: the drop is aligned again with the (cached) embeddings at
    // once, not lexically first, and the refined alignment stays shown meanwhile.
    let key = |path: &str| parallax::triage::ParaKey {
        path: path.into(),
        hash: "0".repeat(64),
    };
    let scan = app.jobs.next_req();
    let jobs = update(
        &mut app,
        Action::Triaged {
            req: scan,
            triage: parallax::tui::action::Triaged {
                folder: None,
                parent: false,
                state: None,
                result: Err("no folder".into()),
                pins: vec![parallax::triage::PinRecord {
                    a: key("a.txt"),
                    b: key("b.txt"),
                    pinned: true,
                }],
                outlet_names: Default::default(),
            },
        },
    );
    assert!(matches!(jobs.as_slice(), [Job::Refine { .. }]), "{jobs:?}");
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::LexicalSemantic
    );
}

#[test]
fn results_of_a_replaced_drop_are_dropped_and_its_embedding_stopped() {
    let Some(model) = model("results_of_a_replaced_drop_are_dropped") else {
        return;
    };
    let mut app = lexical_app(small_drop());
    let jobs = update(&mut app, Action::ModelFound(Ok(model)));
    let (old, old_stop) = refine_req(&jobs);
    let old_job = jobs.into_iter().next().unwrap();

    // The folder changed: the reloaded drop replaces the one being embedded.
    let mut reloaded = small_drop();
    reloaded
        .articles
        .push(article("c.txt", "A third outlet\n\nPokrovsk fell.\n"));
    let reload_req = app.drop.epoch + 100;
    let jobs = update(
        &mut app,
        Action::Reloaded {
            req: reload_req,
            drop: Arc::new(reloaded),
        },
    );
    assert!(
        old_stop.load(Ordering::Relaxed),
        "the old embedding was not told to stop"
    );
    assert_eq!(app.semantic.pending, None);

    // The old job, told to stop, stops after the cache lookup without embedding anything.
    let mut reports = Vec::new();
    let late = old_job.run_reporting(&mut TriageWorker::default(), &mut |a| reports.push(a));
    assert_eq!(reports.len(), 1, "{reports:?}");
    match &late {
        Action::Refined {
            req,
            result: Err(e),
        } => {
            assert_eq!(*req, old);
            assert!(e.contains("stopped"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    // Its late progress and a late result (even a successful one) change nothing.
    for a in reports {
        update(&mut app, a);
    }
    assert_eq!(app.semantic.progress, None);
    let jobs_after = update(
        &mut app,
        Action::Refined {
            req: old,
            result: Ok(Refinement {
                alignment: Arc::new(refined_alignment()),
                embedded: 1,
                texts: 1,
                warning: None,
                model: "all-MiniLM-L6-v2".into(),
            }),
        },
    );
    assert!(jobs_after.is_empty());
    assert!(app.drop.alignment.is_none(), "a stale refinement was shown");
    assert_eq!(app.drop.len(), 3);

    // The new drop's lexical alignment arrives, and its own refinement is asked for.
    let mut queue = jobs;
    let mut refine = Vec::new();
    while let Some(job) = queue.pop() {
        if matches!(job, Job::Refine { .. }) {
            refine.push(job);
            continue;
        }
        queue.extend(update(&mut app, job.run()));
    }
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::Lexical
    );
    let (new, _) = refine_req(&refine);
    assert!(new > old);
    assert_eq!(app.semantic.pending, Some(new));
}

#[test]
fn similarity_lexical_looks_for_no_model_and_the_help_says_it_was_chosen() {
    let mut app = lexical_app(small_drop());
    let jobs = find_model(&mut app, SimilarityChoice::Lexical);
    assert!(jobs.is_empty(), "{jobs:?}");
    assert!(!app.semantic.finding);
    let note = app.semantic.note.clone().unwrap_or_default();
    assert!(note.contains("as chosen"), "{note}");
    // Not offered for install either: the reader said no model.
    assert!(!app.semantic.hint);
}

#[test]
fn similarity_semantic_without_a_model_says_so_instead_of_offering_it_quietly() {
    let mut app = lexical_app(small_drop());
    assert!(matches!(
        find_model(&mut app, SimilarityChoice::Semantic).as_slice(),
        [Job::FindModel, Job::FindMultilingual]
    ));
    update(&mut app, Action::ModelFound(Err(Unavailable::NoModel)));
    let said = app.ui.message.clone().unwrap_or_default();
    assert!(said.contains("no sentence-embedding model"), "{said:?}");
}

#[test]
fn without_a_model_the_app_says_why_once_and_stays_lexical() {
    let mut app = lexical_app(small_drop());
    let jobs = find_model(&mut app, SimilarityChoice::Auto);
    assert!(matches!(
        jobs.as_slice(),
        [Job::FindModel, Job::FindMultilingual]
    ));
    assert!(status_line(&app).ends_with(" loading model… "));
    let jobs = update(&mut app, Action::ModelFound(Err(Unavailable::NoModel)));
    assert!(jobs.is_empty(), "{jobs:?}");
    assert!(
        app.ui.banner.is_none(),
        "a missing model is not an error banner"
    );
    // The status bar offers the install, naming the key from the live keymap.
    let hint = "lexical only: press M to install the paraphrase model, 84 MB";
    assert!(status_line(&app).contains(hint), "{}", status_line(&app));
    assert!(status_line(&app).ends_with(" lexical "));
    // Triage binds M to "mark all seen": there the hint does not offer a key that does else.
    update(&mut app, Action::Command(Command::ViewTriage));
    let triage = status_line(&app);
    assert!(
        triage.contains("lexical only: press M in another view to install"),
        "{triage}"
    );
    update(&mut app, Action::Command(Command::ViewSources));
    // Once: after the reader dismisses it, realigning (new pins, a reload) does not bring it back.
    update(&mut app, Action::Command(Command::Back));
    assert!(!status_line(&app).contains("lexical only"));
    let jobs = update(&mut app, Action::Loaded(Arc::new(small_drop())));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    assert_eq!(app.ui.message, None);
    assert!(!status_line(&app).contains("lexical only"));
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::Lexical
    );
    // The help still says why.
    app.ui.width = 160;
    app.ui.help = true;
    assert!(screen(&app).contains("similarity: lexical · no sentence-embedding model found"));
}

/// A temp drop folder with the two smallest seeds, and a triage state file outside it.
fn seed_folder() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("drop");
    std::fs::create_dir(&dir).unwrap();
    for name in ["000_61c82fb66aab7e52.txt", "004_7c10115e6b663d8e.txt"] {
        std::fs::copy(Path::new("seeds").join(name), dir.join(name)).unwrap();
    }
    let state = tmp.path().join("state").join("triage.db");
    (tmp, dir, state)
}

/// Open the app on `dir` with triage state `state` and the model, run everything it starts.
fn open(dir: &Path, state: &Path, model: &Model) -> (App, Vec<Progress>) {
    let mut app = App::new(vec![dir.to_path_buf()], 100, 30);
    let mut jobs = start(&mut app, Some(state.to_path_buf()));
    // The model search is what `find_model` starts; the model is already loaded here.
    assert!(matches!(
        find_model(&mut app, SimilarityChoice::Auto).as_slice(),
        [Job::FindModel, Job::FindMultilingual]
    ));
    jobs.extend(update(&mut app, Action::ModelFound(Ok(model.clone()))));
    let progress = settle(&mut app, &mut TriageWorker::default(), jobs);
    (app, progress)
}

#[test]
fn the_seeds_are_refined_and_reopening_the_drop_embeds_nothing_twice() {
    let Some(model) = model("the_seeds_are_refined_and_reopening") else {
        return;
    };
    let (_tmp, dir, state) = seed_folder();
    let (mut app, progress) = open(&dir, &state, &model);
    let al = app.drop.alignment.clone().unwrap();
    assert_eq!(al.similarity, Similarity::LexicalSemantic);
    let (embedded, texts) = app.semantic.embedded.unwrap();
    assert!(texts > 50, "{texts} texts in two seeds?");
    assert_eq!(embedded, texts, "a fresh state has nothing cached");
    // Progress from 0 (nothing cached) to all, one report per chunk.
    assert_eq!(
        progress.first(),
        Some(&Progress {
            done: 0,
            total: texts
        })
    );
    assert_eq!(
        progress.last(),
        Some(&Progress {
            done: texts,
            total: texts
        })
    );
    assert!(progress.windows(2).all(|w| w[0].done < w[1].done));
    assert!(status_line(&app).ends_with(" lexical+semantic "));
    // The vectors went into the triage state.
    let kept = StateEmbeddings::open(&state, model.fingerprint(), model.dim()).unwrap();
    assert_eq!(kept.len().unwrap(), texts);

    // The diff of the pair is aligned with the embeddings too.
    let jobs = update(&mut app, Action::SelectPair(0, 1));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    assert_eq!(
        app.drop.pairs[&(0, 1)].similarity,
        Similarity::LexicalSemantic
    );

    // Reopening the drop: everything comes from the state, and the alignment is the same.
    let (again, progress) = open(&dir, &state, &model);
    assert_eq!(again.semantic.embedded, Some((0, texts)));
    assert_eq!(
        progress,
        vec![Progress {
            done: texts,
            total: texts
        }]
    );
    let al2 = again.drop.alignment.clone().unwrap();
    assert_eq!(
        serde_json::to_string(&*al2).unwrap(),
        serde_json::to_string(&*al).unwrap()
    );

    // A file leaves the folder and one arrives: the state keeps the vectors of what the folder
    // holds now, embedding only the newcomer's texts.
    std::fs::remove_file(dir.join("004_7c10115e6b663d8e.txt")).unwrap();
    std::fs::copy(
        "seeds/001_1bc0e8f4c5315663.txt",
        dir.join("001_1bc0e8f4c5315663.txt"),
    )
    .unwrap();
    let (third, _) = open(&dir, &state, &model);
    let (embedded, now) = third.semantic.embedded.unwrap();
    assert!(
        embedded > 0 && embedded < now,
        "{embedded} of {now} embedded"
    );
    assert_eq!(
        kept.len().unwrap(),
        now,
        "vectors of the removed file were kept"
    );
}

#[test]
fn the_state_cache_serves_a_scorer_of_another_session() {
    let Some(model) = model("the_state_cache_serves_a_scorer_of_another_session") else {
        return;
    };
    let (_tmp, dir, state) = seed_folder();
    open(&dir, &state, &model);
    // What the CLI would do with a triage state: a scorer over the state's embeddings.
    let drop = parallax::ingest::load_paths(std::slice::from_ref(&dir), &LoadOptions::default());
    let mut store = StateEmbeddings::open(&state, model.fingerprint(), model.dim()).unwrap();
    let sem = model.scorer(Some(Box::new(
        StateEmbeddings::open(&state, model.fingerprint(), model.dim()).unwrap(),
    )));
    assert!(sem.embed_drop(&drop.articles, &mut |_| true).unwrap());
    assert_eq!(sem.embedded_count(), 0);
    assert!(store.location().ends_with("triage.db"));
    let key = parallax::similarity::semantic::cache::key_of(&drop.articles[0].paragraphs[1].norm);
    assert_eq!(
        store.get_many(&[key]).unwrap()[0].as_ref().map(Vec::len),
        Some(384)
    );
}

/// A cache that keeps nothing: every write fails.
struct FullDisk;

impl EmbeddingStore for FullDisk {
    fn get_many(&mut self, keys: &[[u8; 32]]) -> std::io::Result<Vec<Option<Vec<f32>>>> {
        Ok(vec![None; keys.len()])
    }
    fn put_many(&mut self, _: &[([u8; 32], Vec<f32>)]) -> std::io::Result<()> {
        Err(std::io::Error::other("no space left on device"))
    }
    fn location(&self) -> String {
        "/full/disk.db".into()
    }
}

#[test]
fn a_cache_that_cannot_be_written_is_reported_once_and_the_vectors_still_serve() {
    let Some(model) = model("a_cache_that_cannot_be_written") else {
        return;
    };
    let sem = model.scorer(Some(Box::new(FullDisk)));
    let drop = small_drop();
    assert!(sem.embed_drop(&drop.articles, &mut |_| true).unwrap());
    let embedded = sem.embedded_count();
    assert!(embedded > 0);
    // Aligning after it embeds nothing more: the vectors are kept for this scorer.
    let opts = parallax::align::AlignOptions {
        extra: vec![sem.weighted()],
        ..Default::default()
    };
    let a = parallax::align::align_drop_with(&drop.articles, &opts);
    assert_eq!(a.similarity, Similarity::LexicalSemantic);
    assert_eq!(sem.embedded_count(), embedded);
    assert_eq!(
        sem.take_problems(),
        vec![
            "/full/disk.db: cannot write the embedding cache: no space left on device".to_string()
        ]
    );
    assert!(sem.take_problems().is_empty(), "reported once");
}

#[test]
fn the_diff_on_screen_is_aligned_again_and_keeps_the_readers_row() {
    let Some(model) = model("the_diff_on_screen_is_aligned_again") else {
        return;
    };
    let (_tmp, dir, state) = seed_folder();
    let mut app = App::new(vec![dir.clone()], 120, 40);
    let jobs = start(&mut app, Some(state.clone()));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    let jobs = update(&mut app, Action::SelectPair(0, 1));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    assert_eq!(app.drop.pairs[&(0, 1)].similarity, Similarity::Lexical);
    let lexical_rows: Vec<_> = app.diff.rows.iter().map(|r| (r.left, r.right)).collect();
    // The reader goes three quarters down, to a row that shows a left paragraph (on the seeds
    // the refined alignment adds pairs above it, so its row moves down by three).
    let target = app
        .diff
        .rows
        .iter()
        .enumerate()
        .skip(app.diff.rows.len() * 3 / 4)
        .find(|(_, r)| r.left.is_some())
        .map(|(i, r)| (i, r.left))
        .expect("a row with a left paragraph");
    for _ in 0..target.0 {
        update(&mut app, Action::Command(Command::Down));
    }
    assert_eq!(app.diff.rows[app.diff.cursor].left, target.1);

    let jobs = update(&mut app, Action::ModelFound(Ok(model)));
    assert!(matches!(jobs.as_slice(), [Job::Refine { .. }]));
    settle(&mut app, &mut TriageWorker::default(), jobs);
    assert_eq!(
        app.drop.alignment.as_ref().unwrap().similarity,
        Similarity::LexicalSemantic
    );
    assert_eq!(
        app.drop.pairs[&(0, 1)].similarity,
        Similarity::LexicalSemantic
    );
    assert_eq!(app.diff.pair, Some((0, 1)));
    let refined_rows: Vec<_> = app.diff.rows.iter().map(|r| (r.left, r.right)).collect();
    if refined_rows.iter().position(|r| r.0 == target.1) == Some(target.0) {
        eprintln!("the reader's row did not move: this test checks less than it could");
    }
    assert_ne!(
        lexical_rows, refined_rows,
        "the refined pair alignment is the lexical one"
    );
    assert_eq!(
        app.diff.rows[app.diff.cursor].left, target.1,
        "the reader's paragraph is no longer under the cursor"
    );
}

fn rendering(article: usize, paragraph: usize, text: &str) -> QuoteVariant {
    QuoteVariant {
        article,
        paragraph,
        text: text.into(),
        span: TextSpan::new(0, 0),
        speaker: Some("Ushakov".into()),
        verb: Some("said".into()),
        indirect: false,
        flags: Vec::new(),
        diff: Vec::new(),
        language: None,
    }
}

fn number(left: Member, right: Member, l: &str, r: &str) -> DropDiscrepancy {
    DropDiscrepancy {
        kind: DiscrepancyKind::Number,
        severity: parallax::align::Severity::Major,
        left,
        right,
        left_text: l.into(),
        right_text: r.into(),
        left_span: TextSpan::new(0, 0),
        right_span: TextSpan::new(0, 0),
        group: None,
        measure: Default::default(),
        rule: parallax::align::Rule::DifferentValue,
    }
}

#[test]
fn quotes_and_overview_keep_the_readers_item_when_the_refinement_moves_it() {
    let Some(model) = model("quotes_and_overview_keep_the_readers_item") else {
        return;
    };
    let m = |article, paragraph| Member { article, paragraph };
    let mut app = lexical_app(small_drop());
    // A lexical alignment with one quote lineup and one discrepancy, by hand.
    let mut lexical = refined_alignment();
    lexical.similarity = Similarity::Lexical;
    lexical.quotes = vec![QuoteGroup {
        speaker: Some("Ushakov".into()),
        variants: vec![
            rendering(0, 0, "neither closer nor further"),
            rendering(1, 1, "did not get closer, nor further away"),
        ],
    }];
    lexical.discrepancies = vec![number(m(0, 1), m(1, 0), "28 points", "20 items")];
    let req = app.drop.epoch;
    update(
        &mut app,
        Action::DropAligned {
            req,
            alignment: Arc::new(lexical.clone()),
        },
    );
    // The reader is on b's rendering in Quotes, and on the discrepancy in Overview.
    app.quotes.cursor = 1;
    app.overview.cursor = app.drop.len();
    // The refined alignment finds another lineup and discrepancy, listed first.
    let mut refined = lexical.clone();
    refined.similarity = Similarity::LexicalSemantic;
    refined.quotes.insert(
        0,
        QuoteGroup {
            speaker: Some("Rubio".into()),
            variants: vec![
                rendering(0, 1, "some progress"),
                rendering(1, 0, "some progress"),
            ],
        },
    );
    refined
        .discrepancies
        .insert(0, number(m(0, 0), m(1, 1), "two sides", "three sides"));
    let (req, _) = refine_req(&update(&mut app, Action::ModelFound(Ok(model))));
    update(
        &mut app,
        Action::Refined {
            req,
            result: Ok(Refinement {
                alignment: Arc::new(refined),
                embedded: 0,
                texts: 9,
                warning: None,
                model: "all-MiniLM-L6-v2".into(),
            }),
        },
    );
    assert_eq!(
        app.quotes.cursor, 3,
        "b's Ushakov rendering is now the fourth row"
    );
    assert_eq!(app.overview.cursor, app.drop.len() + 1);
}

/// A drop that mixes languages is refined with the multilingual model once it is found (again,
/// if MiniLM refined it meanwhile); a drop in one language stays with MiniLM, the faster.
#[test]
fn a_drop_that_mixes_languages_is_refined_with_the_multilingual_model() {
    let Some(minilm) = model("mixed drop refined with e5") else {
        return;
    };
    let Some(e5) = e5_model("mixed drop refined with e5") else {
        return;
    };
    #[track_caller]
    fn model_of(jobs: &[Job]) -> String {
        match jobs {
            [Job::Refine { model, .. }] => model.description().name.clone(),
            other => panic!("expected one refinement job, got {other:?}"),
        }
    }
    // English only: MiniLM, and the multilingual model found later changes nothing.
    let mut app = lexical_app(small_drop());
    let jobs = update(&mut app, Action::ModelFound(Ok(minilm.clone())));
    assert_eq!(model_of(&jobs), "all-MiniLM-L6-v2");
    let jobs = update(&mut app, Action::MultilingualFound(Some(e5.clone())));
    assert!(jobs.is_empty(), "{jobs:?}");
    // German beside English: refined again, with e5. (The German article quotes the English
    // words, so lexical stories put it with them: the story shown mixes languages.)
    let mut mixed = small_drop();
    mixed.articles.push(article(
        "c.txt",
        "Talks end: Gespräche enden\n\nUshakov sagte, the sides were neither closer nor further.\n\nDer Plan hat 28 points, sagten officials.\n",
    ));
    mixed.articles[2].language = Some("de".into());
    for a in &mut mixed.articles[..2] {
        a.language = Some("en".into());
    }
    let mut app = lexical_app(mixed);
    let jobs = update(&mut app, Action::ModelFound(Ok(minilm)));
    assert_eq!(model_of(&jobs), "all-MiniLM-L6-v2");
    let jobs = update(&mut app, Action::MultilingualFound(Some(e5)));
    // MiniLM's refinement is told to stop; e5's waits for its slot.
    assert!(jobs.is_empty(), "{jobs:?}");
    let queued: Vec<Job> = app.jobs.refine.queued.clone().into_iter().collect();
    assert_eq!(model_of(&queued), "multilingual-e5-small");
}

/// Without a triage state the app clusters the drop's stories itself; with the multilingual
/// model it joins them across languages as `align` does: the seeds' three renderings are in
/// the seeds' story of 8, not stories of their own.
#[test]
fn the_app_joins_a_mixed_drops_stories_across_languages_with_e5() {
    let Some(e5) = e5_model("app stories across languages") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let drop = Arc::new(parallax::ingest::load_paths(
        &[root.join("seeds"), root.join("tests/fixtures/multilingual")],
        &LoadOptions::default(),
    ));
    let stories_with = |across: Option<Model>| -> Vec<usize> {
        let job = Job::AlignStories {
            req: 1,
            drop: drop.clone(),
            pins: Default::default(),
            stories: None,
            across,
        };
        match job.run() {
            Action::StoriesAligned { stories, .. } => {
                let mut sizes: Vec<usize> = stories.iter().map(|s| s.articles.len()).collect();
                sizes.sort_unstable();
                sizes
            }
            other => panic!("expected the stories, got {other:?}"),
        }
    };
    assert_eq!(
        stories_with(None),
        vec![1, 1, 1, 5],
        "lexical: each rendering alone"
    );
    assert_eq!(stories_with(Some(e5.clone())), vec![8]);
    // The app asks for it when the drop it opens mixes languages.
    let mut app = App::new(vec![PathBuf::from("fixture")], 80, 24);
    app.semantic.multilingual = Some(e5);
    let jobs = update(&mut app, Action::Loaded(drop));
    assert!(
        jobs.iter().any(|j| matches!(
            j,
            Job::AlignStories {
                across: Some(_),
                ..
            }
        )),
        "{jobs:?}"
    );
}

/// The installed multilingual-e5-small, loaded (or the skip line for `test`).
fn e5_model(test: &str) -> Option<Model> {
    let dir = crate::common::model::e5_dir_or_skip(test)?;
    let found = parallax::similarity::semantic::locate::ModelDir {
        path: dir,
        source: parallax::similarity::semantic::locate::ModelSource::Flag,
    };
    Some(Model::load(found).unwrap())
}
