//! `parallax triage DIR [--state PATH] [--json] [--mark-seen]`: what is new in a drop folder and
//! what each file is. The JSON shape is [`crate::triage::Report`] (documented in the README).

use std::fmt::Write as _;
use std::path::Path;

use super::{emit, Paint, EXIT_FAILURE, EXIT_NOTHING_LOADED};
use crate::triage::{self, Item, Report, Status, Store, Verdict};

/// Run `triage`; returns the process exit code. The report shows statuses as they were before
/// `--mark-seen` records every current file as seen.
pub fn run(dir: &Path, state: Option<&Path>, json: bool, mark_seen: bool) -> i32 {
    match report(dir, state, mark_seen) {
        Ok(r) => emit(json, &r, || readable(&r, Paint::detect())),
        Err(e) => {
            eprintln!("parallax: error: {e:#}");
            // A drop folder that is not there is nothing to load; any other failure is the
            // state's (it cannot be created, read or written).
            if dir.is_dir() {
                EXIT_FAILURE
            } else {
                EXIT_NOTHING_LOADED
            }
        }
    }
}

fn report(dir: &Path, state: Option<&Path>, mark_seen: bool) -> anyhow::Result<Report> {
    let mut store = Store::open(dir, state)?;
    for w in store.warnings() {
        eprintln!("parallax: warning: {w}");
    }
    // Stories in different languages join only with a multilingual model (when installed).
    let model = crate::similarity::semantic::multilingual_model();
    let r = triage::scan_with(&mut store, model.as_ref())?;
    for w in &r.warnings {
        eprintln!("parallax: warning: {w}");
    }
    for w in r.items.iter().filter_map(|i| i.warning.as_ref()) {
        eprintln!("parallax: warning: {w}");
    }
    if mark_seen {
        triage::mark_seen(&mut store)?;
    }
    Ok(r)
}

fn verdict_name(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Duplicate) => "duplicate",
        Some(Verdict::NearDuplicate) => "near-duplicate",
        Some(Verdict::Revision) => "revision",
        Some(Verdict::SameStory) => "same story",
        Some(Verdict::NewStory) => "new story",
        None => "-",
    }
}

fn line(s: &mut String, i: &Item, paint: Paint) {
    let status = match i.status {
        Status::New => paint.green("new    "),
        Status::Changed => paint.yellow("changed"),
        Status::Seen => paint.dim("seen   "),
        Status::Deleted => paint.red("deleted"),
    };
    let score = i.score.map(|x| format!(" {x:.2}")).unwrap_or_default();
    let class = i
        .changes
        .as_ref()
        .and_then(|c| c.class)
        .map(|c| format!(" ({})", format!("{c:?}").to_lowercase()))
        .unwrap_or_default();
    let story = i.story.map(|s| format!("story {s}")).unwrap_or_default();
    let _ = writeln!(
        s,
        "{status}  {:<15} {:>4.0}% new  {:<8} {}",
        format!("{}{score}{class}", verdict_name(i.verdict)),
        i.novelty * 100.0,
        story,
        paint.bold(&i.path)
    );
    if !i.of.is_empty() {
        let _ = writeln!(s, "           {} {}", paint.dim("of"), i.of.join(", "));
    }
    if let Some(c) = i.changes.as_ref().filter(|c| !c.summary.is_empty()) {
        let _ = writeln!(
            s,
            "           {} {}",
            paint.dim("changed"),
            c.summary.join("; ")
        );
    }
    // Only articles that reuse something: "independent" on every line would be noise.
    if !i.derived_from.is_empty() {
        if let Some(d) = crate::triage::derivation::derivation_line(i) {
            let _ = writeln!(s, "           {} {d}", paint.dim("reuses"));
        }
    }
}

/// The report as text: items (new and changed first), then stories.
pub fn readable(r: &Report, paint: Paint) -> String {
    let mut s = String::new();
    for i in &r.items {
        line(&mut s, i, paint);
    }
    let _ = writeln!(s, "\n{}", paint.bold("Stories"));
    for st in &r.stories {
        let _ = writeln!(
            s,
            "  {:>3}  {} ({} article{})",
            st.id,
            st.label,
            st.members.len(),
            if st.members.len() == 1 { "" } else { "s" }
        );
    }
    s
}
