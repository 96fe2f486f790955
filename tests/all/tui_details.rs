//! Why, in place (issue 17 item 3): `i` in Compare opens a pane under the panels that says, for
//! the cursor paragraph, its counterpart in each outlet (score, reuse level) and each
//! disagreement with both sides and the rule that found it; and the `?` overlay scrolls where
//! it does not fit, so the marks legend is reachable at 80x24.

use std::path::PathBuf;

use parallax::align::{Member, Severity};
use parallax::tui::details::{counterparts, disagreements};
use parallax::tui::{update, Action, App, Config, Job};

use crate::common::app::{keys, screen, seeds, settle};

/// The first seed paragraph (in drop order) with a counterpart and a major disagreement.
fn disputed_paragraph(app: &App) -> Member {
    let articles = &app.drop.drop.articles;
    (0..articles.len())
        .flat_map(|a| {
            (0..articles[a].paragraphs.len()).map(move |p| Member {
                article: a,
                paragraph: p,
            })
        })
        .find(|&m| {
            !counterparts(app, m).is_empty()
                && disagreements(app, m)
                    .iter()
                    .any(|d| d.severity == Severity::Major)
        })
        .expect("the seeds have a disputed paragraph with counterparts")
}

/// The seeds in Compare at `w`×`h`, the cursor on [`disputed_paragraph`], the pane open.
fn details_open(w: u16, h: u16) -> (App, Config, Member) {
    let config = Config::defaults(false);
    let mut app = seeds(w, h);
    let m = disputed_paragraph(&app);
    let jobs = update(&mut app, Action::OpenAt(m));
    settle(&mut app, jobs);
    keys(&mut app, &config, "i");
    (app, config, m)
}

#[test]
fn i_opens_the_details_pane_and_i_or_esc_closes_it() {
    let config = Config::defaults(false);
    let mut app = seeds(80, 24);
    keys(&mut app, &config, "2");
    assert!(!app.compare.details);
    keys(&mut app, &config, "i");
    assert!(app.compare.details);
    assert!(screen(&app, &config).contains("Why · "));
    keys(&mut app, &config, "i");
    assert!(!app.compare.details);
    keys(&mut app, &config, "i<esc>");
    assert!(!app.compare.details);
    assert_eq!(
        app.view,
        parallax::tui::View::Compare,
        "esc closed the pane only"
    );
    assert!(!screen(&app, &config).contains("Why · "));
}

#[test]
fn the_pane_names_each_counterpart_and_each_disagreement_with_its_rule() {
    let (app, config, m) = details_open(160, 48);
    let s = screen(&app, &config);
    let articles = &app.drop.drop.articles;
    let label = |a: usize| articles[a].outlet_label(articles);
    assert!(
        s.contains(&format!("Why · {} ¶{}", label(m.article), m.paragraph + 1)),
        "{s}"
    );
    // Every counterpart's outlet and ¶ (counted from 1), with its score where a link has one.
    for c in counterparts(&app, m) {
        let name: String = label(c.member.article).chars().take(15).collect();
        let row = s
            .lines()
            .find(|l| l.contains(&name) && l.contains(&format!("¶{}", c.member.paragraph + 1)))
            .unwrap_or_else(|| panic!("no line for {name} ¶{}:\n{s}", c.member.paragraph + 1));
        if let Some(score) = c.score {
            assert!(row.contains(&format!("{score:.2}")), "{row}");
        }
        if let Some(r) = c.reuse {
            assert!(row.contains(&r.as_str().replace('_', " ")), "{row}");
        }
    }
    // Linked counterparts carry the reuse level the worker filled in.
    assert!(counterparts(&app, m).iter().any(|c| c.reuse.is_some()));
    for d in disagreements(&app, m) {
        assert!(
            s.contains(d.rule.phrase()),
            "{} missing:\n{s}",
            d.rule.phrase()
        );
        let flowing = s.replace(['│', '"'], "");
        let first_words: String = d.left_text.chars().take(12).collect();
        assert!(flowing.contains(&first_words), "{first_words}:\n{s}");
    }
    assert!(s.contains("major"), "{s}");
}

#[test]
fn a_paragraph_with_no_counterpart_and_no_disagreement_says_so() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    let al = app.drop.alignment.clone().unwrap();
    let m = *al
        .unique
        .iter()
        .find(|m| counterparts(&app, **m).is_empty() && disagreements(&app, **m).is_empty())
        .expect("a unique seed paragraph");
    let jobs = update(&mut app, Action::OpenAt(m));
    settle(&mut app, jobs);
    keys(&mut app, &config, "i");
    let s = screen(&app, &config);
    assert!(s.contains("no counterpart in any other outlet"), "{s}");
    assert!(s.contains("no disagreement"), "{s}");
}

#[test]
fn details_pane_snapshot_160x48() {
    let (app, config, _) = details_open(160, 48);
    insta::assert_snapshot!("details_160x48", screen(&app, &config));
}

#[test]
fn details_pane_snapshot_80x24() {
    let (app, config, _) = details_open(80, 24);
    let s = screen(&app, &config);
    // The panels keep a few lines of text above the pane.
    let panels = parallax::tui::panes::panes(&app);
    assert!(panels.iter().all(|p| p.text.height >= 5), "{s}");
    insta::assert_snapshot!("details_80x24", s);
}

#[test]
fn the_pane_never_panics_on_an_empty_drop_one_article_or_a_cursor_past_the_end() {
    let config = Config::defaults(false);
    // Empty: no articles loaded.
    let dir = tempfile::tempdir().unwrap();
    let mut app = App::new(vec![dir.path().to_path_buf()], 80, 24);
    settle(&mut app, vec![Job::Load(vec![dir.path().to_path_buf()])]);
    keys(&mut app, &config, "2i");
    screen(&app, &config);
    // One article: no other outlet to have a counterpart in.
    let one = PathBuf::from("seeds/000_61c82fb66aab7e52.txt");
    let mut app = App::new(vec![one.clone()], 80, 24);
    settle(&mut app, vec![Job::Load(vec![one])]);
    keys(&mut app, &config, "2i");
    let s = screen(&app, &config);
    assert!(s.contains("no counterpart in any other outlet"), "{s}");
    // A cursor past the end (as a stale state could hold) is drawn, not a panic.
    let mut app = seeds(80, 24);
    keys(&mut app, &config, "2i");
    app.compare.cursor[0] = 10_000;
    app.compare.focus = 99;
    screen(&app, &config);
    keys(&mut app, &config, "j");
    screen(&app, &config);
    // Tiny screens.
    for (w, h) in [(1, 1), (20, 5), (80, 8)] {
        let mut app = seeds(w, h);
        keys(&mut app, &config, "2i");
        screen(&app, &config);
    }
}

#[test]
fn help_scrolls_to_the_marks_legend_at_80x24() {
    let config = Config::defaults(false);
    let mut app = seeds(80, 24);
    keys(&mut app, &config, "2?");
    let s = screen(&app, &config);
    // The keys fill the overlay; the border says it scrolls.
    assert!(!s.contains("◆ unique"), "{s}");
    assert!(s.contains("j/k scroll"), "{s}");
    let cursor = app.compare.cursor.clone();
    keys(&mut app, &config, "G");
    let s = screen(&app, &config);
    assert!(s.contains("◆ unique") && s.contains("disputed"), "{s}");
    assert!(s.contains("scroll · end"), "{s}");
    // Scrolling moved the overlay, not the cursor under it.
    assert_eq!(app.compare.cursor, cursor);
    keys(&mut app, &config, "g");
    assert_eq!(app.ui.help_top, 0);
    keys(&mut app, &config, "jjjjjjjjjjjjjjjjjjjj");
    let bottom = app.ui.help_top;
    keys(&mut app, &config, "k");
    assert_eq!(app.ui.help_top, bottom - 1, "no scrolling past the end");
    keys(&mut app, &config, "G");
    insta::assert_snapshot!("help_compare_legend_80x24", screen(&app, &config));
}
