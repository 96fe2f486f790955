//! The Diff reads (issue 17 item 6): a pair in other words compares sentence by sentence (no
//! word-by-word wall), a paragraph matched twice is printed once, and the cursor leaves the
//! words' styles alone.

use parallax::align::ReuseLevel;
use parallax::tui::app::{DiffRow, RowKind};
use parallax::tui::theme::Role;
use parallax::tui::wrap::Seg;
use parallax::tui::{App, Config, View};

use crate::common::app::{keys, screen, seeds};

/// Open the Diff of seeds `a` and `b` through Sources' marks and `d`.
fn diff(app: &mut App, config: &Config, a: usize, b: usize) {
    app.view = View::Sources;
    app.sources.marks = vec![a, b];
    keys(app, config, "d");
    assert_eq!(app.diff.pair, Some((a, b)));
    assert!(!app.diff.rows.is_empty());
}

fn segs(row: &DiffRow) -> impl Iterator<Item = &Seg> {
    row.left_lines.iter().chain(&row.right_lines).flatten()
}

fn level(row: &DiffRow) -> Option<ReuseLevel> {
    match row.kind {
        RowKind::Pair { reuse, .. } => Some(reuse),
        _ => None,
    }
}

#[test]
fn paraphrased_pairs_compare_by_sentence_and_edits_by_word() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    let (mut paraphrases, mut disputed) = (0, 0);
    for (a, b) in [(0, 1), (0, 2), (1, 3), (2, 4), (3, 4)] {
        diff(&mut app, &config, a, b);
        for row in &app.diff.rows {
            let changes = segs(row)
                .filter(|s| matches!(s.role, Role::Deleted | Role::Inserted))
                .count();
            // Copies keep their word diff (tests/all/tui_triage.rs has one).
            if let Some(ReuseLevel::OwnWords | ReuseLevel::None) = level(row) {
                paraphrases += 1;
                assert_eq!(changes, 0, "a paraphrase shows no word changes: {row:?}");
                disputed += segs(row).filter(|s| s.role == Role::Disputed).count();
            }
        }
    }
    assert!(paraphrases >= 5, "{paraphrases} paraphrased pairs");
    assert!(
        disputed >= 1,
        "facts that disagree are marked in paraphrases"
    );
}

#[test]
fn a_disputed_fact_is_marked_on_both_sides_of_its_pair() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    let mut checked = 0;
    for (a, b) in [(0, 1), (0, 2), (1, 3), (2, 4), (3, 4), (0, 4)] {
        diff(&mut app, &config, a, b);
        let al = app.drop.pairs[&(a, b)].clone();
        for row in &app.diff.rows {
            let RowKind::Pair { index, .. } = row.kind else {
                continue;
            };
            let p = &al.pairs[index];
            if p.is_edit() {
                continue;
            }
            let marked = |lines: &Vec<Vec<Seg>>| {
                lines
                    .iter()
                    .flatten()
                    .filter(|s| s.role == Role::Disputed)
                    .map(|s| s.text.clone())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let plain = |lines: &Vec<Vec<Seg>>| -> String {
                lines.iter().flatten().map(|s| s.text.as_str()).collect()
            };
            // A paragraph shown above is not printed again, nor its facts.
            if plain(&row.left_lines).ends_with(", as above")
                || plain(&row.right_lines).ends_with(", as above")
            {
                continue;
            }
            let (left, right) = (marked(&row.left_lines), marked(&row.right_lines));
            for d in al.discrepancies.iter().filter(|d| {
                d.left == p.left
                    && d.right == p.right
                    && d.severity != parallax::align::Severity::Note
            }) {
                let words = |t: &str| t.split_whitespace().next().unwrap_or("").to_string();
                assert!(left.contains(&words(&d.left_text)), "{left:?} / {d:?}");
                assert!(right.contains(&words(&d.right_text)), "{right:?} / {d:?}");
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 1,
        "no disagreement in a paraphrased pair was checked"
    );
}

#[test]
fn a_paragraph_matched_twice_is_printed_once() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    let mut repeats = 0;
    for a in 0..5 {
        for b in (a + 1)..5 {
            diff(&mut app, &config, a, b);
            let mut seen = std::collections::BTreeSet::new();
            for row in &app.diff.rows {
                let Some(p) = row.left else { continue };
                let text: String = row
                    .left_lines
                    .iter()
                    .flatten()
                    .map(|s| s.text.as_str())
                    .collect();
                if !seen.insert(p) {
                    repeats += 1;
                    assert_eq!(text, format!("¶{}, as above", p + 1));
                } else {
                    assert!(!text.contains("as above"), "{text}");
                }
            }
        }
    }
    // The seeds merge and split paragraphs: some pair shows a paragraph twice.
    assert!(repeats >= 1, "no paragraph of the seeds is matched twice");
}

#[test]
fn the_cursor_row_keeps_the_styles_of_its_words() {
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    diff(&mut app, &config, 0, 2);
    // The cursor on the first row with a word change.
    let row = app
        .diff
        .rows
        .iter()
        .position(|r| {
            r.left_lines
                .iter()
                .flatten()
                .any(|s| s.role == Role::Deleted && !s.text.trim().is_empty())
        })
        .expect("a row with deleted words");
    app.diff.cursor = row;
    keys(&mut app, &config, "j");
    keys(&mut app, &config, "k");
    assert_eq!(app.diff.cursor, row);
    let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
    t.draw(|f| parallax::tui::render(f, &app, &config)).unwrap();
    let buf = t.backend().buffer().clone();
    let cursor_bg = config
        .theme
        .style(Role::Cursor)
        .bg
        .expect("the cursor has a colour");
    let deleted_fg = config
        .theme
        .style(Role::Deleted)
        .fg
        .expect("deleted has a colour");
    // The row's first screen line is the first below the tabs with the cursor's colour; the
    // middle column starts where it does.
    let text = screen(&app, &config);
    let (y, arrow_x) = (1..48u16)
        .find_map(|y| {
            (0..160u16)
                .find(|&x| buf[(x, y)].bg == cursor_bg)
                .map(|x| (y, x))
        })
        .expect("the cursor shows");
    assert!(
        text.lines()
            .nth(usize::from(y))
            .is_some_and(|l| l.contains('▶')),
        "the cursor line holds the arrow: {text}"
    );
    let lines = app.diff.rows[row].left_lines.len() as u16;
    let mut deleted_cells = 0;
    for yy in y..y + lines {
        for x in 0..160u16 {
            let cell = &buf[(x, yy)];
            if cell.bg == cursor_bg {
                assert!(
                    (arrow_x..arrow_x + 8).contains(&x),
                    "cursor colour at column {x}, off the middle column (arrow at {arrow_x})"
                );
            }
            deleted_cells += usize::from(cell.fg == deleted_fg);
        }
    }
    assert!(
        deleted_cells > 0,
        "the deleted words keep their colour under the cursor"
    );
}

#[test]
#[ignore = "prints the Diff of two seeds, for reading"]
fn print_a_seeds_diff() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    diff(&mut app, &config, 3, 4);
    println!("{}", screen(&app, &config));
}
