//! The discrepancy gold of the seeds (`tests/gold/discrepancies.json`, see
//! `tests/gold/README.md`) and its scoring: precision and recall per kind, major precision,
//! spellings flagged as disputes, and disputes on pairs the gold says agree.
use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;

#[derive(Deserialize, Debug)]
pub struct Entry {
    pub kind: String,
    #[serde(default)]
    pub severity: Option<String>,
    pub left: String,
    pub left_says: String,
    pub right: String,
    pub right_says: String,
}

#[derive(Deserialize)]
pub struct Gold {
    pub disagree: Vec<Entry>,
    #[serde(default)]
    pub spelled: Vec<Entry>,
    #[serde(default)]
    pub agree: Vec<Entry>,
}

/// The gold as written.
pub fn gold() -> Gold {
    serde_json::from_str(&std::fs::read_to_string("tests/gold/discrepancies.json").unwrap())
        .unwrap()
}

/// One flag the aligner raised: its JSON kind and severity, and each side's file name and snippet.
#[derive(Debug, Clone)]
pub struct Flag {
    pub kind: String,
    pub severity: String,
    pub left: String,
    pub left_text: String,
    pub right: String,
    pub right_text: String,
}

impl Flag {
    /// Whether the flag's snippets hold the entry's two wordings, either way round.
    fn matches(&self, e: &Entry) -> bool {
        (self.left == e.left
            && self.right == e.right
            && self.left_text.contains(&e.left_says)
            && self.right_text.contains(&e.right_says))
            || (self.left == e.right
                && self.right == e.left
                && self.right_text.contains(&e.left_says)
                && self.left_text.contains(&e.right_says))
    }
    fn is_dispute(&self) -> bool {
        self.severity != "note"
    }
}

/// The kinds the gold is scored by: numbers and dates together, attributions, quotes; a flag
/// of kind `name` that is no spelling is scored as a name dispute.
pub const CLASSES: [&str; 4] = ["number/date", "attribution", "quote", "name"];

fn class(kind: &str) -> &'static str {
    match kind {
        "number" | "date" => "number/date",
        "attribution" => "attribution",
        "quote" => "quote",
        _ => "name",
    }
}

/// Counts of one class: disputes right and wrong, gold entries found and in all.
#[derive(Debug, Default, Clone, Copy)]
pub struct ClassCounts {
    pub tp: usize,
    pub fp: usize,
    pub found: usize,
    pub gold: usize,
}

impl ClassCounts {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.found as f64 / self.gold.max(1) as f64
    }
}

/// The scores of one run against the gold.
#[derive(Debug, Default)]
pub struct Scores {
    pub classes: Vec<(&'static str, ClassCounts)>,
    /// Flags marked major that match a major entry, and those that do not.
    pub major_tp: usize,
    pub major_fp: usize,
    pub major_found: usize,
    pub major_gold: usize,
    /// Of the plan-size disagreements (the gold's major numbers), how many any dispute found.
    pub plan_found: usize,
    pub plan_gold: usize,
    /// Flags on a spelling: as a dispute, as a note; spelled entries noted at least once.
    pub spelled_disputes: usize,
    pub spelled_notes: usize,
    pub spelled_found: usize,
    pub spelled_gold: usize,
    /// Disputes on a pair the gold says agrees.
    pub agree_disputes: usize,
    /// Every wrong dispute, for messages.
    pub wrong: Vec<String>,
}

impl Scores {
    pub fn major_precision(&self) -> f64 {
        self.major_tp as f64 / (self.major_tp + self.major_fp).max(1) as f64
    }
    pub fn class(&self, name: &str) -> ClassCounts {
        self.classes
            .iter()
            .find(|c| c.0 == name)
            .map(|c| c.1)
            .unwrap_or_default()
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, c) in &self.classes {
            write!(
                f,
                "{name}: P {:.3} R {:.3} (tp {} fp {}, found {}/{}); ",
                c.precision(),
                c.recall(),
                c.tp,
                c.fp,
                c.found,
                c.gold
            )?;
        }
        write!(
            f,
            "major: P {:.3} ({} right, {} wrong), found {}/{}; plan size found {}/{}; \
             spellings: {} as disputes, {} as notes, {}/{} noted; disputes on agreeing pairs {}",
            self.major_precision(),
            self.major_tp,
            self.major_fp,
            self.major_found,
            self.major_gold,
            self.plan_found,
            self.plan_gold,
            self.spelled_disputes,
            self.spelled_notes,
            self.spelled_found,
            self.spelled_gold,
            self.agree_disputes
        )
    }
}

/// Score `flags` against `gold`.
pub fn score(gold: &Gold, flags: &[Flag]) -> Scores {
    let mut s = Scores::default();
    let mut found: BTreeSet<usize> = BTreeSet::new();
    let mut major_found: BTreeSet<usize> = BTreeSet::new();
    let mut spelled_found: BTreeSet<usize> = BTreeSet::new();
    let mut counts: Vec<(&'static str, ClassCounts)> = CLASSES
        .iter()
        .map(|c| (*c, ClassCounts::default()))
        .collect();
    for f in flags {
        if let Some(k) = gold.spelled.iter().position(|e| f.matches(e)) {
            if f.is_dispute() {
                s.spelled_disputes += 1;
                s.wrong.push(format!("spelling as a dispute: {f:?}"));
            } else {
                s.spelled_notes += 1;
                spelled_found.insert(k);
            }
            continue;
        }
        if !f.is_dispute() {
            continue;
        }
        let c = class(&f.kind);
        let hit = gold
            .disagree
            .iter()
            .position(|e| class(&e.kind) == c && f.matches(e));
        let slot = &mut counts.iter_mut().find(|x| x.0 == c).unwrap().1;
        match hit {
            Some(k) => {
                slot.tp += 1;
                found.insert(k);
            }
            None => {
                slot.fp += 1;
                s.wrong.push(format!("{f:?}"));
            }
        }
        if gold.agree.iter().any(|e| f.matches(e)) {
            s.agree_disputes += 1;
        }
        if f.severity == "major" {
            match gold
                .disagree
                .iter()
                .position(|e| e.severity.as_deref() == Some("major") && f.matches(e))
            {
                Some(k) => {
                    s.major_tp += 1;
                    major_found.insert(k);
                }
                None => s.major_fp += 1,
            }
        }
    }
    for (k, e) in gold.disagree.iter().enumerate() {
        let slot = &mut counts.iter_mut().find(|x| x.0 == class(&e.kind)).unwrap().1;
        slot.gold += 1;
        slot.found += usize::from(found.contains(&k));
        let major = e.severity.as_deref() == Some("major");
        s.major_gold += usize::from(major);
        if major && class(&e.kind) == "number/date" {
            s.plan_gold += 1;
            s.plan_found += usize::from(found.contains(&k));
        }
    }
    s.major_found = major_found.len();
    s.spelled_found = spelled_found.len();
    s.spelled_gold = gold.spelled.len();
    s.classes = counts;
    s
}
