//! Progress on stderr while a run embeds many texts: without it, `align` on a big folder sits
//! silent for minutes. Only on a terminal (a script's stderr gets no carriage returns), and only
//! when more than [`PROGRESS_OVER`] texts miss the cache (a few seconds of work at least).

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use crate::article::Article;
use crate::similarity::semantic::SemanticSetup;

/// Texts to embed above which a run shows its progress (about a second of work on two cores).
pub(crate) const PROGRESS_OVER: usize = 200;

/// How often the progress line is redrawn.
const REDRAW: Duration = Duration::from_millis(250);

/// Embed the drop's texts the model has not seen, before aligning, with a progress line on a
/// terminal's stderr; the alignment then finds every vector ready. Off a terminal nothing is
/// done here (the alignment embeds in one call, as fast). A failure is left for the alignment,
/// which reports it.
pub(crate) fn embed_first(setup: &SemanticSetup, articles: &[Article]) {
    let SemanticSetup::Ready { scorer, .. } = setup else {
        return;
    };
    if !std::io::stderr().is_terminal() {
        return;
    }
    let start = Instant::now();
    let mut cached: Option<usize> = None;
    let mut todo = 0;
    let mut drawn: Option<Instant> = None;
    let _ = scorer.embed_drop(articles, &mut |p| {
        let from = *cached.get_or_insert(p.done);
        todo = p.total - from;
        let due = drawn.is_none_or(|t| t.elapsed() >= REDRAW);
        if todo > PROGRESS_OVER && due {
            eprint!(
                "\r\x1b[K{}",
                progress_line(p.done - from, todo, start.elapsed())
            );
            drawn = Some(Instant::now());
        }
        true
    });
    if drawn.is_some() {
        eprintln!("\r\x1b[K{}", done_line(todo, start.elapsed()));
    }
}

/// "parallax: embedding 1,234 of 5,000 texts · 260/s · 14 s left".
pub(crate) fn progress_line(done: usize, todo: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if done == 0 || secs <= 0.0 {
        return format!(
            "parallax: embedding {} texts (loading the model)",
            count(todo)
        );
    }
    let rate = done as f64 / secs;
    let left = (todo.saturating_sub(done)) as f64 / rate;
    format!(
        "parallax: embedding {} of {} texts · {:.0}/s · {} left",
        count(done),
        count(todo),
        rate,
        span(left)
    )
}

/// "parallax: embedded 5,000 texts in 19.2 s (260/s)": what stays on screen after.
pub(crate) fn done_line(todo: usize, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64().max(1e-3);
    format!(
        "parallax: embedded {} texts in {:.1} s ({:.0}/s)",
        count(todo),
        secs,
        todo as f64 / secs
    )
}

/// 12345 → "12,345".
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Seconds as "14 s" or "3 min 20 s".
fn span(secs: f64) -> String {
    let s = secs.round() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_gives_count_rate_and_time_left() {
        let l = progress_line(1300, 5200, Duration::from_secs(5));
        assert_eq!(
            l,
            "parallax: embedding 1,300 of 5,200 texts · 260/s · 15 s left"
        );
    }

    #[test]
    fn before_the_first_chunk_it_says_the_model_is_loading() {
        let l = progress_line(0, 900, Duration::from_millis(300));
        assert!(l.contains("900 texts") && l.contains("loading"), "{l}");
    }

    #[test]
    fn long_waits_read_in_minutes_and_counts_are_grouped() {
        assert_eq!(span(200.0), "3 min 20 s");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(999), "999");
        assert_eq!(
            done_line(2600, Duration::from_secs(10)),
            "parallax: embedded 2,600 texts in 10.0 s (260/s)"
        );
    }
}
