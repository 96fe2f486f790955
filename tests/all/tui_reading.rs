//! Reading the seeds in the app, as a fact-checker does: Quotes renderings read whole (wrapped,
//! never cut), Compare placing each counterpart level with the cursor, outlets named.

use parallax::tui::Config;

use crate::common::app::{keys, screen, seeds};

/// The screen's text with the frame and line breaks gone: words wrapped across rows read on.
fn flowing(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"').trim_matches(['│', ' ']).trim())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_quote_rendering_wraps_and_reads_to_its_end() {
    let config = Config::defaults(false);
    let mut app = seeds(80, 40);
    keys(&mut app, &config, "5");
    let s = screen(&app, &config);
    // 004's indirect rendering of Ushakov's verdict is longer than a row of 80: its end shows.
    assert!(flowing(&s).contains("from a peace deal."), "{s}");
}

/// The row (from the panel's text top) where paragraph `p` of a pane starts.
fn row_of(pane: &parallax::tui::panes::Pane, p: usize) -> isize {
    let w = pane.wrapped.as_ref().expect("wrapped");
    w.para_first[p] as isize - pane.top as isize
}

#[test]
fn compare_sets_each_best_counterpart_level_with_the_cursor_or_says_there_is_none() {
    let config = Config::defaults(false);
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "2");
    let mut checked = (0, 0);
    // Walk the first outlet's paragraphs: every visible panel either has its best counterpart
    // level with the cursor (when the scroll allows) or marks "no counterpart".
    for _ in 0..12 {
        let panes = parallax::tui::panes::panes(&app);
        let focus = panes
            .iter()
            .find(|p| p.article == app.compare.focus)
            .unwrap();
        let cursor = app.compare.cursor[app.compare.focus];
        let cursor_row = row_of(focus, cursor);
        for p in panes.iter().filter(|p| p.article != app.compare.focus) {
            match p.best {
                Some(b) => {
                    assert!(p.highlight.contains(&b));
                    if p.top > 0 {
                        assert_eq!(row_of(p, b), cursor_row, "panel {}", p.article);
                        checked.0 += 1;
                    }
                }
                None => {
                    assert!(p.highlight.is_empty());
                    checked.1 += 1;
                }
            }
        }
        keys(&mut app, &config, "j");
    }
    assert!(checked.0 > 0 && checked.1 > 0, "{checked:?}");
}

#[test]
fn compare_headers_name_outlet_date_and_count_the_outlets_off_screen() {
    let config = Config::defaults(false);
    let app = {
        let mut app = seeds(80, 24);
        keys(&mut app, &config, "2");
        app
    };
    let s = screen(&app, &config);
    // Two panels fit at 80 columns: the other three seeds are counted, not a bare arrow.
    assert!(s.contains("+3 ▶"), "{s}");
    // 001 carries a date line: its panel shows it once the first panel moves on.
    let mut app = seeds(160, 48);
    keys(&mut app, &config, "2");
    let s = screen(&app, &config);
    assert!(s.contains("2025-12-03"), "{s}");
}
