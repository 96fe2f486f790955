//! The terminal app without a terminal: state-machine tests of key sequences driven through the
//! real keymap, and snapshots of every view on the seeds at 80×24 and 160×48.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;

use parallax::align::{
    DiffKind, DiffOp, DiscrepancyKind, DropAlignment, DropDiscrepancy, Group, Member, Pair,
    PairAlignment, QuoteGroup, QuoteVariant, TextSpan,
};
use parallax::ingest::{article_from_bytes, Drop, LoadOptions};
use parallax::triage::drop_stories::DropStory;
use parallax::tui::jobs::JobKind;
use parallax::tui::keymap::parse_keys;
use parallax::tui::{handle_key, render, start, update, Action, App, Config, Job, View};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use crate::common::app::{keys, screen, seeds, settle};

fn article(name: &str, text: &str) -> parallax::Article {
    article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).unwrap()
}

/// Three small articles and a hand-made alignment, so the app's logic is tested apart from
/// the aligner: A0~B1~C0 (a strong group), A1~B0 (disputed number), A2 and B2 unique.
fn fixture(w: u16, h: u16) -> App {
    let a = article(
        "a.txt",
        "Talks end\n\nUshakov said the sides were neither closer nor further.\n\nThe plan has 28 points, officials said.\n\nPokrovsk fell, Putin claimed.\n",
    );
    let b = article(
        "b.txt",
        "Kremlin says no progress\n\nThe plan has 20 items now.\n\nUshakov: sides not closer, not further.\n\nRubio saw “some progress” on guarantees.\n",
    );
    let c = article(
        "c.txt",
        "Дальше не стали\n\nУшаков: стороны не стали ни ближе, ни дальше.\n",
    );
    let drop = Drop {
        articles: vec![a, b, c],
        warnings: Vec::new(),
    };
    let mut app = App::new(vec![PathBuf::from("fixture")], w, h);
    let jobs = update(&mut app, Action::Loaded(Arc::new(drop)));
    let req = match jobs.as_slice() {
        [Job::AlignStories { req, .. }] => *req,
        other => panic!("loading should start one alignment of the drop's stories, got {other:?}"),
    };
    let m = |article, paragraph| Member { article, paragraph };
    let alignment = DropAlignment {
        groups: vec![
            Group {
                id: 0,
                members: vec![m(0, 0), m(1, 1), m(2, 0)],
                score: 0.9,
                also: vec![],
            },
            Group {
                id: 1,
                members: vec![m(0, 1), m(1, 0)],
                score: 0.4,
                also: vec![],
            },
        ],
        links: vec![],
        unique: vec![m(0, 2), m(1, 2)],
        new_sentences: Vec::new(),
        quotes: vec![QuoteGroup {
            speaker: Some("Ushakov".into()),
            variants: vec![
                quote(0, 0, "neither closer nor further", vec![]),
                quote(
                    1,
                    1,
                    "not closer, not further",
                    vec![
                        DiffOp {
                            op: DiffKind::Delete,
                            text: "neither".into(),
                        },
                        DiffOp {
                            op: DiffKind::Insert,
                            text: "not".into(),
                        },
                        DiffOp {
                            op: DiffKind::Equal,
                            text: " closer".into(),
                        },
                        DiffOp {
                            op: DiffKind::Delete,
                            text: " nor".into(),
                        },
                        DiffOp {
                            op: DiffKind::Insert,
                            text: ", not".into(),
                        },
                        DiffOp {
                            op: DiffKind::Equal,
                            text: " further".into(),
                        },
                    ],
                ),
            ],
        }],
        discrepancies: vec![DropDiscrepancy {
            kind: DiscrepancyKind::Number,
            severity: parallax::align::Severity::Major,
            left: m(0, 1),
            right: m(1, 0),
            left_text: "28 points".into(),
            right_text: "20 items".into(),
            left_span: TextSpan::new(0, 0),
            right_span: TextSpan::new(0, 0),
            group: Some(1),
            measure: parallax::align::Measure {
                name: "plan size (revised)".into(),
                change_from: Some("28".into()),
            },
            rule: parallax::align::Rule::ChangeEnd,
        }],
        similarity: parallax::similarity::Similarity::Lexical,
        group_link: parallax::align::groups::GROUP_LINK,
    };
    // The three articles are one story: the app shows them whole, as before stories.
    let story = DropStory {
        id: 1,
        label: "Talks end".into(),
        articles: vec![0, 1, 2],
    };
    let jobs = update(
        &mut app,
        Action::StoriesAligned {
            req,
            stories: vec![story],
            alignment: Arc::new(alignment),
        },
    );
    assert!(jobs.is_empty());
    app
}

fn quote(article: usize, paragraph: usize, text: &str, diff: Vec<DiffOp>) -> QuoteVariant {
    QuoteVariant {
        article,
        paragraph,
        text: text.into(),
        span: TextSpan::new(0, 0),
        speaker: Some("Ushakov".into()),
        verb: Some("said".into()),
        indirect: false,
        flags: Vec::new(),
        diff,
        language: None,
    }
}

fn pair_alignment(changed: bool) -> Arc<PairAlignment> {
    let op = |op, t: &str| DiffOp { op, text: t.into() };
    let diff = if changed {
        vec![
            op(DiffKind::Equal, "The plan has "),
            op(DiffKind::Delete, "28 points"),
            op(DiffKind::Insert, "20 items"),
        ]
    } else {
        Vec::new()
    };
    Arc::new(PairAlignment {
        pairs: vec![Pair {
            left: 1,
            right: 0,
            score: 0.5,
            sentences: vec![],
            diff,
            moved: false,
            reuse: parallax::align::ReuseLevel::Rewrite,
            sentence_reuse: vec![],
        }],
        left_only: vec![0, 2],
        right_only: vec![1, 2],
        discrepancies: vec![],
        similarity: parallax::similarity::Similarity::Lexical,
    })
}

// ---- state machines -------------------------------------------------------------------------

#[test]
fn marking_two_sources_and_pressing_d_opens_their_diff() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "<space>jj<space>d");
    assert_eq!(app.view, View::Diff);
    assert_eq!(app.diff.pair, Some((0, 2)));
    assert_eq!(app.diff.pending, None, "the alignment was folded in");
    assert!(!app.diff.rows.is_empty());
    keys(&mut app, &config, "<esc>");
    assert_eq!(app.view, View::Compare);
}

#[test]
fn moving_to_the_next_panel_lands_on_the_counterpart() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    keys(&mut app, &config, "2j");
    assert_eq!((app.compare.focus, app.compare.cursor[0]), (0, 1));
    keys(&mut app, &config, "<tab>");
    assert_eq!(app.compare.focus, 1);
    assert_eq!(app.compare.cursor[1], 0, "A1's counterpart is B0");
    keys(&mut app, &config, "kl");
    // B1 is in the group with C0.
    assert_eq!((app.compare.focus, app.compare.cursor[2]), (2, 0));
}

#[test]
fn bracket_keys_jump_to_unique_and_disputed_paragraphs() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    keys(&mut app, &config, "2]u");
    assert_eq!(app.compare.cursor[0], 2);
    keys(&mut app, &config, "[d");
    assert_eq!(app.compare.cursor[0], 1);
    keys(&mut app, &config, "]s");
    assert_eq!(
        app.compare.cursor[0], 1,
        "no shared paragraph after A1: cursor stays"
    );
    assert!(app
        .ui
        .message
        .as_deref()
        .unwrap_or("")
        .contains("no next shared"));
}

#[test]
fn search_finds_every_article_and_n_steps_through_hits() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "/pokrovsk<enter>");
    assert_eq!(app.view, View::Compare);
    let hits = app.search.hits.clone();
    let outlets: std::collections::BTreeSet<usize> = hits.iter().map(|m| m.article).collect();
    assert!(
        outlets.len() >= 3,
        "every seed outlet covers Pokrovsk: {hits:?}"
    );
    for m in &hits {
        let text = &app.drop.drop.articles[m.article].paragraphs[m.paragraph].text;
        assert!(text.to_lowercase().contains("pokrovsk"), "{text}");
    }
    assert_eq!(
        (app.compare.focus, app.compare.cursor[hits[0].article]),
        (hits[0].article, hits[0].paragraph)
    );
    // The query is highlighted in the text of the hits on screen.
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| render(f, &app, &config)).unwrap();
    let hit_style = config.theme.style(parallax::tui::theme::Role::SearchHit);
    let lit: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| {
            if c.bg == hit_style.bg.unwrap() {
                c.symbol()
            } else {
                "|"
            }
        })
        .collect();
    assert!(
        lit.to_lowercase().contains("pokrovsk"),
        "no highlighted query on screen"
    );
    keys(&mut app, &config, "n");
    let h1 = hits[1];
    assert_eq!(
        (app.compare.focus, app.compare.cursor[h1.article]),
        (h1.article, h1.paragraph)
    );
    keys(&mut app, &config, "N");
    assert_eq!(app.search.current, Some(0));
}

#[test]
fn resizing_keeps_the_focus_visible_and_relays_out() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "2<tab><tab><tab><tab>G");
    assert_eq!(app.compare.focus, 4);
    let panes = parallax::tui::panes::panes(&app);
    assert_eq!(panes.len(), 4);
    update(&mut app, Action::Resize(80, 24));
    let panes = parallax::tui::panes::panes(&app);
    assert_eq!(
        panes.iter().map(|p| p.article).collect::<Vec<_>>(),
        vec![3, 4]
    );
    let p = &panes[1];
    let w = p.wrapped.as_ref().expect("laid out at the new width");
    let r = w.para_lines(app.compare.cursor[4]);
    assert!(r.start >= p.top && r.end <= p.top + usize::from(p.text.height));
    assert!(screen(&app, &config).lines().count() == 24);
}

#[test]
fn a_late_result_for_an_old_pair_is_dropped() {
    let mut app = seeds(160, 48);
    let first = update(&mut app, Action::SelectPair(0, 1));
    let second = update(&mut app, Action::SelectPair(0, 2));
    assert_eq!(first.len(), 1, "the first request starts");
    assert!(second.is_empty(), "the second waits in the queued slot");
    // The first finishes after the reader moved on: the queued one starts, the diff waits for it.
    let next = update(&mut app, first.into_iter().next().unwrap().run());
    assert_eq!(app.diff.pair, Some((0, 2)));
    assert!(app.diff.pending.is_some() && app.diff.rows.is_empty());
    assert_eq!(next.len(), 1);
    settle(&mut app, next);
    assert_eq!(app.diff.pair, Some((0, 2)));
    assert!(!app.diff.rows.is_empty());
}

/// `job`, a pair alignment, made to panic when run as a bug in the aligner would: its drop is
/// swapped for an empty one, so taking the pair's articles out of it indexes past the end.
fn panicking(job: Job) -> Job {
    match job {
        Job::AlignPair {
            req,
            left,
            right,
            pins,
            semantic,
            ..
        } => Job::AlignPair {
            req,
            drop: Arc::new(Drop::default()),
            left,
            right,
            pins,
            semantic,
        },
        other => panic!("expected a pair alignment, got {other:?}"),
    }
}

#[test]
fn a_pair_alignment_that_panics_frees_its_slot_says_so_and_the_diff_works_after() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    let mut started = update(&mut app, Action::SelectPair(0, 1));
    assert_eq!(started.len(), 1);
    let failed = panicking(started.remove(0)).run();
    assert!(
        matches!(
            failed,
            Action::Failed {
                job: JobKind::AlignPair,
                ..
            }
        ),
        "{failed:?}"
    );
    let next = update(&mut app, failed);
    settle(&mut app, next);
    assert_eq!(app.jobs.align_pair.running, None, "the slot is free again");
    assert!(!app.jobs.busy(), "nothing left spinning");
    assert_eq!(app.diff.pending, None, "the Diff no longer waits for it");
    assert!(
        screen(&app, &config).contains("aligning the pair failed: index out of bounds"),
        "{}",
        screen(&app, &config)
    );
    keys(&mut app, &config, "<esc>");
    assert_eq!(app.ui.banner, None, "esc hides the banner");
    // Usable afterwards: the same pair, asked for again, aligns.
    let again = update(&mut app, Action::SelectPair(0, 1));
    settle(&mut app, again);
    assert_eq!(app.diff.pair, Some((0, 1)));
    assert!(!app.diff.rows.is_empty());
    assert!(!screen(&app, &config).contains("aligning…"));
}

#[test]
fn a_request_queued_behind_a_panicking_job_still_runs() {
    let mut app = fixture(160, 48);
    let mut first = update(&mut app, Action::SelectPair(0, 1));
    assert!(
        update(&mut app, Action::SelectPair(0, 2)).is_empty(),
        "queued"
    );
    let next = update(&mut app, panicking(first.remove(0)).run());
    assert_eq!(
        next.len(),
        1,
        "the queued request starts when the failed one ends"
    );
    settle(&mut app, next);
    assert_eq!(app.diff.pair, Some((0, 2)));
    assert!(!app.diff.rows.is_empty());
    assert_eq!(app.jobs.align_pair.running, None);
}

#[test]
fn a_failed_triage_scan_frees_the_triage_slot_and_says_why_in_triage() {
    let mut app = App::new(vec![PathBuf::from("seeds")], 160, 48);
    let jobs = start(&mut app, None);
    let req = app.jobs.triage.running.expect("triage opens at start-up");
    assert!(jobs.iter().any(|j| matches!(j, Job::Triage(_))));
    let failed = Action::Failed {
        job: JobKind::TriageScan,
        req,
        message: "called `Option::unwrap()` on a `None` value".into(),
    };
    update(&mut app, failed);
    assert_eq!(app.jobs.triage.running, None);
    let error = app.triage.error.clone().unwrap_or_default();
    assert!(error.contains("the triage scan failed: called"), "{error}");
    assert!(app.ui.banner.is_some());
}

#[test]
fn holding_the_next_article_key_starts_at_most_two_alignments() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    let mut started = update(&mut app, Action::SelectPair(0, 1));
    for k in parse_keys(&"}".repeat(40)).unwrap() {
        started.extend(handle_key(&mut app, &config.keymap, k));
    }
    assert_eq!(
        started.len(),
        1,
        "one running; the rest replace each other in the queue"
    );
    let mut runs = started.len();
    let mut queue: VecDeque<Job> = started.into();
    while let Some(j) = queue.pop_front() {
        let more = update(&mut app, j.run());
        runs += more.len();
        queue.extend(more);
    }
    assert_eq!(runs, 2);
    // 40 steps over 4 other articles from (0, 1) land on (0, 1) again.
    assert_eq!(app.diff.pair, Some((0, 1)));
    assert!(!app.diff.rows.is_empty());
}

#[test]
fn diff_rows_fold_identical_runs_and_jump_between_changes() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    update(&mut app, Action::SelectPair(0, 1));
    let req = app.diff.pending.unwrap();
    update(
        &mut app,
        Action::PairAligned {
            req,
            left: 0,
            right: 1,
            alignment: pair_alignment(true),
        },
    );
    let kinds: Vec<(Option<usize>, Option<usize>)> =
        app.diff.rows.iter().map(|r| (r.left, r.right)).collect();
    // Left order: A0 (left only), B1? no: B1 follows the pair before it in B (none) -> top.
    assert_eq!(kinds.len(), 5);
    assert!(kinds.contains(&(Some(1), Some(0))));
    keys(&mut app, &config, "g]c");
    assert!(app.diff.rows[app.diff.cursor].is_change());
    let before = app.diff.cursor;
    keys(&mut app, &config, "]c");
    assert!(app.diff.cursor > before);
    keys(&mut app, &config, "o");
    assert!(app.diff.right_order);
    let first_right: Vec<Option<usize>> = app
        .diff
        .rows
        .iter()
        .map(|r| r.right)
        .filter(|r| r.is_some())
        .collect();
    assert_eq!(
        first_right,
        vec![Some(0), Some(1), Some(2)],
        "right order follows B"
    );
}

#[test]
fn esc_closes_help_then_goes_back() {
    let config = Config::defaults(false);
    let mut app = fixture(80, 24);
    keys(&mut app, &config, "2?");
    assert!(app.ui.help);
    keys(&mut app, &config, "<esc>");
    assert!(!app.ui.help);
    assert_eq!(app.view, View::Compare);
    keys(&mut app, &config, "<esc>");
    assert_eq!(app.view, View::Sources);
    keys(&mut app, &config, "q");
    assert!(app.ui.quit);
}

#[test]
fn overview_and_quotes_open_their_place_in_compare() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    // Row 0 is outlet A; its first disputed paragraph is A1.
    keys(&mut app, &config, "4<enter>");
    assert_eq!(
        (app.view, app.compare.focus, app.compare.cursor[0]),
        (View::Compare, 0, 1)
    );
    // Along the strip chart: A has 3 paragraphs in 12 cells; the tenth cell is its third.
    keys(&mut app, &config, "4gllllllllll<enter>");
    assert_eq!((app.view, app.compare.cursor[0]), (View::Compare, 2));
    keys(&mut app, &config, "5j<enter>");
    assert_eq!(
        (app.view, app.compare.focus, app.compare.cursor[1]),
        (View::Compare, 1, 1)
    );
}

#[test]
fn clicks_select_tabs_rows_and_panels() {
    let mut app = fixture(160, 48);
    update(&mut app, Action::Click(5, 0));
    assert_eq!(app.view, View::Sources);
    update(&mut app, Action::Click(10, 4));
    assert_eq!(app.sources.cursor, 1);
    update(&mut app, Action::Click(14, 0));
    assert_eq!(app.view, View::Compare);
    // Three articles share 160 columns: the second panel spans 53..106.
    update(&mut app, Action::Click(60, 3));
    assert_eq!(app.compare.focus, 1);
}

#[test]
fn removed_text_shows_on_request() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "2");
    assert!(!screen(&app, &config).contains("[removed: caption]"));
    keys(&mut app, &config, "x");
    assert!(screen(&app, &config).contains("[removed: caption]"));
}

// ---- config -----------------------------------------------------------------------------------

#[test]
fn remapping_quit_shows_in_the_help_overlay() {
    let user = "[keys.global]\nquit = [\"ctrl-q\"]\n";
    let (config, err) = Config::load(Some(("user.toml", user)), false);
    assert!(err.is_none());
    let mut app = fixture(80, 24);
    keys(&mut app, &config, "q");
    assert!(!app.ui.quit, "q no longer quits");
    keys(&mut app, &config, "?");
    let s = screen(&app, &config);
    let quit_line = s
        .lines()
        .find(|l| l.contains(" quit "))
        .expect("quit is listed");
    let words: Vec<&str> = quit_line
        .split(|c: char| c.is_whitespace() || c == '│')
        .collect();
    assert!(
        words.contains(&"ctrl-q") && !words.contains(&"q"),
        "{quit_line}"
    );
    insta::assert_snapshot!("help_remapped_quit_80x24", s);
    keys(&mut app, &config, "<esc><ctrl-q>");
    assert!(app.ui.quit);
}

#[test]
fn a_bad_config_names_the_line_and_the_defaults_are_used() {
    let cases = [
        (
            "[keys.global]\nquit = [\"q\"]\nquitt = [\"x\"]\n",
            3,
            "quitt",
        ),
        ("[keys.sources]\n\nopen = [\"hyper-x\"]\n", 3, "hyper-x"),
        ("[theme.styles]\nheading = \"bold blurple\"\n", 2, "blurple"),
        ("[keys.global\nquit = [\"q\"]\n", 1, ""),
        ("[theme]\nmode = \"neon\"\n", 2, "neon"),
        ("[keys.nowhere]\nquit = [\"q\"]\n", 1, "nowhere"),
    ];
    for (text, line, word) in cases {
        let (config, err) =
            Config::load(Some(("/home/u/.config/parallax/config.toml", text)), false);
        let err = err.unwrap_or_else(|| panic!("no error for {text:?}"));
        assert_eq!(err.line, Some(line), "{err}");
        let shown = err.to_string();
        assert!(
            shown.starts_with("/home/u/.config/parallax/config.toml: line "),
            "{shown}"
        );
        assert!(shown.contains(word), "{shown}");
        assert_eq!(
            config,
            Config::defaults(false),
            "defaults are used for {text:?}"
        );
    }
}

#[test]
fn no_color_gives_a_theme_without_colours() {
    let config = Config::defaults(true);
    let mut app = fixture(80, 24);
    keys(&mut app, &config, "2");
    let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
    t.draw(|f| render(f, &app, &config)).unwrap();
    let buf = t.backend().buffer();
    assert!(buf
        .content()
        .iter()
        .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset));
}

// ---- snapshots --------------------------------------------------------------------------------

fn snapshot_views(w: u16, h: u16) {
    // Over the hand-made fixture alignment (and pair alignment), so a view's snapshot changes
    // only when the view does: the aligner's quality is the gold tests' to judge (issue 13).
    let config = Config::defaults(false);
    let mut app = fixture(w, h);
    let size = format!("{w}x{h}");
    insta::assert_snapshot!(format!("sources_{size}"), screen(&app, &config));
    keys(&mut app, &config, "2j<tab>");
    insta::assert_snapshot!(format!("compare_{size}"), screen(&app, &config));
    keys(&mut app, &config, "w");
    insta::assert_snapshot!(format!("compare_wide_{size}"), screen(&app, &config));
    keys(&mut app, &config, "w");
    update(&mut app, Action::SelectPair(0, 1));
    let req = app.diff.pending.expect("the pair is asked for");
    update(
        &mut app,
        Action::PairAligned {
            req,
            left: 0,
            right: 1,
            alignment: pair_alignment(true),
        },
    );
    insta::assert_snapshot!(format!("diff_{size}"), screen(&app, &config));
    keys(&mut app, &config, "4");
    insta::assert_snapshot!(format!("overview_{size}"), screen(&app, &config));
    keys(&mut app, &config, "5");
    insta::assert_snapshot!(format!("quotes_{size}"), screen(&app, &config));
    keys(&mut app, &config, "2?");
    insta::assert_snapshot!(format!("help_compare_{size}"), screen(&app, &config));
    // The legend under the keys says what the Diff's middle column marks mean.
    keys(&mut app, &config, "<esc>3?");
    insta::assert_snapshot!(format!("help_diff_{size}"), screen(&app, &config));
}

#[test]
fn views_over_a_fixture_alignment_at_80x24() {
    snapshot_views(80, 24);
}

#[test]
fn views_over_a_fixture_alignment_at_160x48() {
    snapshot_views(160, 48);
}

#[test]
fn fixture_views_show_alignment_marks() {
    let config = Config::defaults(false);
    let mut app = fixture(120, 30);
    keys(&mut app, &config, "2j");
    let s = screen(&app, &config);
    assert!(
        s.contains("│! The plan has 28 points"),
        "A1 is marked disputed:\n{s}"
    );
    insta::assert_snapshot!("fixture_compare_120x30", s);
    update(&mut app, Action::SelectPair(0, 1));
    let req = app.diff.pending.unwrap();
    update(
        &mut app,
        Action::PairAligned {
            req,
            left: 0,
            right: 1,
            alignment: pair_alignment(true),
        },
    );
    insta::assert_snapshot!("fixture_diff_120x30", screen(&app, &config));
    keys(&mut app, &config, "4");
    insta::assert_snapshot!("fixture_overview_120x30", screen(&app, &config));
}

#[test]
fn no_text_is_drawn_in_its_own_background_colour() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    // Every view, with cursors on headings and counterparts highlighted.
    for k in [
        "",
        "2",
        "jj<tab>",
        "j<tab>",
        "1<space>j<space>d",
        "4",
        "5j",
        "2?",
    ] {
        keys(&mut app, &config, k);
        let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
        t.draw(|f| render(f, &app, &config)).unwrap();
        for (i, c) in t.backend().buffer().content().iter().enumerate() {
            let fg = c.fg;
            let visible = c.symbol().trim() != "";
            assert!(
                !(visible && fg != ratatui::style::Color::Reset && fg == c.bg),
                "after {k:?}: {:?} at cell {i} is {:?} on {:?}",
                c.symbol(),
                fg,
                c.bg
            );
        }
    }
}

/// The key map as Markdown, from the live default keymap (the same source as the help overlay).
fn keys_markdown(config: &Config) -> String {
    use parallax::tui::keymap::Context;
    let mut md = String::from(
        "# Parallax keys\n\nThe default key map, generated from `assets/config.toml` by `tests/all/tui.rs` \
         (`UPDATE_KEYS_MD=1 cargo test --release --test all tui::keys_doc` rewrites it). Every view also has the \
         global keys; `?` shows the keys of the current view. Remap any of them in \
         `~/.config/parallax/config.toml` (see the comments in `assets/config.toml`).\n",
    );
    for ctx in Context::ALL {
        md.push_str(&format!(
            "\n## {ctx:?}\n\n| keys | command | what it does |\n|---|---|---|\n"
        ));
        for (cmd, keys) in config.keymap.own(ctx) {
            let k: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
            let name = serde_json::to_string(&cmd).unwrap().replace('"', "");
            md.push_str(&format!(
                "| {} | `{name}` | {} |\n",
                k.join(" "),
                cmd.describe()
            ));
        }
    }
    md
}

#[test]
fn keys_doc_matches_the_default_keymap() {
    let md = keys_markdown(&Config::defaults(false));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/keys.md");
    if std::env::var_os("UPDATE_KEYS_MD").is_some() {
        std::fs::write(path, &md).unwrap();
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        on_disk, md,
        "docs/keys.md is stale: UPDATE_KEYS_MD=1 cargo test --release --test all tui::keys_doc"
    );
}

#[test]
fn disputed_snippets_are_marked_in_the_text() {
    use parallax::tui::theme::Role;
    let mut app = seeds(160, 48);
    let al = app.drop.alignment.clone().expect("the seeds are aligned");
    let d = al
        .discrepancies
        .iter()
        .find(|d| d.severity.disputes())
        .expect("the seeds disagree somewhere")
        .clone();
    update(&mut app, Action::OpenAt(d.left));
    let panes = parallax::tui::panes::panes(&app);
    let pane = panes.iter().find(|p| p.article == d.left.article).unwrap();
    let marked: Vec<String> = pane
        .wrapped
        .as_ref()
        .unwrap()
        .lines
        .iter()
        .flatten()
        .filter(|s| s.role == Role::Disputed)
        .map(|s| s.text.clone())
        .collect();
    let first_word = d.left_text.split_whitespace().next().unwrap();
    assert!(
        marked.iter().any(|m| m.contains(first_word)),
        "{first_word:?} not among the marked snippets {marked:?}"
    );
}

/// Jobs run at once and report on the loop's own channel, as worker threads would.
struct Inline(std::sync::mpsc::Sender<parallax::tui::Msg>);

impl parallax::tui::eventloop::Spawn for Inline {
    fn spawn(&self, job: Job) {
        self.0.send(parallax::tui::Msg::Action(job.run())).unwrap();
    }
}

#[test]
fn the_event_loop_runs_on_a_test_backend_from_scripted_events() {
    use parallax::tui::Msg;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let config = Config::defaults(false);
    let (tx, rx) = std::sync::mpsc::channel();
    let key = |c: KeyCode| Msg::Terminal(Event::Key(KeyEvent::new(c, KeyModifiers::NONE)));
    let mut app = App::new(vec![PathBuf::from("seeds")], 120, 40);
    // The load's result first (as the loader thread would send it), then the keys; the drop
    // alignment the load asks for is run by `Inline` and queued behind them.
    let loaded = Job::Load(vec![PathBuf::from("seeds")]).run();
    let script = [
        Msg::Action(loaded),
        Msg::Terminal(Event::Resize(120, 40)),
        key(KeyCode::Char('2')),
        key(KeyCode::Tab),
        key(KeyCode::Char('/')),
        key(KeyCode::Char('k')),
        key(KeyCode::Char('u')),
        key(KeyCode::Char('s')),
        key(KeyCode::Char('h')),
        key(KeyCode::Enter),
        key(KeyCode::Char('q')),
    ];
    let spawn = Inline(tx.clone());
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    for m in script {
        tx.send(m).unwrap();
    }
    parallax::tui::eventloop::run_loop(
        &mut terminal,
        &mut app,
        &config,
        &rx,
        (&spawn, &mut |_: &str| {}),
        Vec::new(),
    )
    .unwrap();
    assert!(app.ui.quit);
    assert_eq!(app.view, View::Compare);
    assert_eq!(app.search.query, "kush");
    let hit = app.search.hits[0];
    assert_eq!(
        (app.compare.focus, app.compare.cursor[hit.article]),
        (hit.article, hit.paragraph)
    );
    assert!(terminal.backend().to_string().contains("match “kush”"));
}

#[test]
fn tiny_and_odd_terminal_sizes_draw_without_panicking() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    for (w, h) in [(1, 1), (2, 2), (5, 3), (20, 5), (39, 10), (41, 4), (300, 8)] {
        for k in ["1", "2", "<tab>w", "w", "3", "4l", "5", "?", "<esc>", "/x"] {
            update(&mut app, Action::Resize(w, h));
            keys(&mut app, &config, k);
            let s = screen(&app, &config);
            assert_eq!(s.lines().count(), usize::from(h), "{w}x{h} after {k:?}");
            keys(&mut app, &config, "<esc>");
        }
    }
}

#[test]
fn a_reader_pins_a_missed_correspondence_and_unpins_a_wrong_one() {
    let config = Config::defaults(false);
    let mut app = fixture(160, 48);
    let m = |article, paragraph| Member { article, paragraph };
    // A2 and B2 are unique; say they correspond: cursor on A2, Tab to B, cursor on B2, pin.
    keys(&mut app, &config, "2G<tab>Gp");
    assert_eq!((app.compare.focus, app.compare.cursor[1]), (1, 2));
    assert_eq!(
        app.drop.counterparts(m(1, 2)),
        vec![m(0, 2)],
        "{:?}",
        app.ui.message
    );
    assert_eq!(app.drop.counterparts(m(0, 2)), vec![m(1, 2)]);
    assert!(app
        .ui
        .message
        .as_deref()
        .unwrap()
        .starts_with("pinned b ¶3 ↔ a ¶3"));
    // The pinned counterpart is highlighted in A's panel.
    let panes = parallax::tui::panes::panes(&app);
    assert_eq!(panes[0].highlight, vec![2]);
    // A0 ~ B1 is wrong, say: from A0, Tab lands on B1; unpin removes it both ways.
    keys(&mut app, &config, "<shift-tab>g<tab>");
    assert_eq!(app.compare.cursor[1], 1);
    keys(&mut app, &config, "P");
    assert!(!app.drop.counterparts(m(1, 1)).contains(&m(0, 0)));
    assert!(!app.drop.counterparts(m(0, 0)).contains(&m(1, 1)));
    assert!(
        app.drop.counterparts(m(0, 0)).contains(&m(2, 0)),
        "C0 stays"
    );
    // Unpinning a pin removes the pin.
    keys(&mut app, &config, "<shift-tab>G<tab>GP");
    assert!(app.drop.counterparts(m(1, 2)).is_empty());
}

#[test]
fn counterparts_take_in_also_members_and_pairwise_links() {
    let mut app = fixture(160, 48);
    let m = |article, paragraph| Member { article, paragraph };
    // Say B0 (in the A1~B0 group) also carries the A0~B1~C0 claim.
    let mut al = (**app.drop.alignment.as_ref().unwrap()).clone();
    al.groups[0].also = vec![m(1, 0)];
    // And A2 ~ B2 is a pairwise link the groups do not hold.
    al.links = vec![parallax::align::DropLink {
        a: m(0, 2),
        b: m(1, 2),
        score: 0.3,
        reuse: None,
    }];
    app.drop.alignment = Some(Arc::new(al));
    let of_b0 = app.drop.counterparts(m(1, 0));
    assert!(of_b0.contains(&m(0, 1)), "its own group: {of_b0:?}");
    assert!(
        of_b0.contains(&m(0, 0)) && of_b0.contains(&m(2, 0)),
        "{of_b0:?}"
    );
    assert!(
        !of_b0.contains(&m(1, 1)),
        "never its own article: {of_b0:?}"
    );
    assert_eq!(app.drop.counterparts(m(1, 2)), vec![m(0, 2)]);
    let of_a0 = app.drop.counterparts(m(0, 0));
    assert!(
        of_a0.contains(&m(1, 0)) && of_a0.contains(&m(1, 1)),
        "{of_a0:?}"
    );
}

#[test]
fn y_copies_the_paragraph_quote_or_discrepancy_with_its_source() {
    let config = Config::defaults(false);
    let mut app = fixture(120, 30);
    keys(&mut app, &config, "2y");
    let para = &app.drop.drop.articles[0].paragraphs[0].text;
    assert_eq!(
        app.ui.clipboard.as_deref(),
        Some(format!("a: “{para}”").as_str())
    );
    assert!(app
        .ui
        .message
        .as_deref()
        .unwrap()
        .starts_with("copied a: “"));
    keys(&mut app, &config, "5y");
    assert_eq!(
        app.ui.clipboard.as_deref(),
        Some("Ushakov, in a: “neither closer nor further”")
    );
    keys(&mut app, &config, "4");
    app.overview.cursor = app.drop.len();
    keys(&mut app, &config, "y");
    let both = app.ui.clipboard.clone().unwrap();
    assert!(
        both.starts_with("a: “") && both.contains("”\nvs\nb: “"),
        "{both}"
    );
    // Nothing under the cursor to copy: said, and the clipboard keeps what it had.
    app.ui.clipboard = None;
    keys(&mut app, &config, "3y");
    assert_eq!(app.ui.clipboard, None);
    assert_eq!(app.ui.message.as_deref(), Some("nothing to copy here"));
}
