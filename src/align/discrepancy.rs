//! Facts two aligned paragraphs report differently: numbers (and "nearly" vs exact), dates,
//! respelt names, and differing renderings of the same quote — each with both snippets and
//! their byte spans. Facts are compared within matching sentence pairs, so an unrelated
//! number elsewhere in a long paragraph never pairs with this one.

use std::cell::OnceCell;
use std::time::Duration;

use super::attribution::{article_statements, Statement};
use super::facts::{
    changed_state, facts, respelt, spelling_similarity, Fact, FactKind, Role, NAME_SPELLING,
};
use super::quotes::{quotes_in, surname};
use super::worddiff::matched_words;
use super::{Discrepancy, DiscrepancyKind, Measure, Pair, Severity, TextSpan};
use crate::article::{Paragraph, Sentence};
use crate::dates;
use crate::similarity::features::tokens;
use serde::{Deserialize, Serialize};

/// Two quotes sharing at least this share of the shorter one's content words render one quote.
const SAME_QUOTE: f32 = 0.5;
/// Two numbers fill the same slot of two sentences when the same matched word stands at most
/// this many words before (or after) each.
const SLOT_REACH: usize = 3;
/// Bound on the word diff of two sentences behind the slot check.
const SLOT_DEADLINE: Duration = Duration::from_millis(20);

/// Which check found a discrepancy, so a reader can see why two outlets are said to disagree.
/// The one home of the checks' names: the app and the reports show [`Rule::phrase`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Matching sentences give one fact different values (the same unit, or the same slot).
    DifferentValue,
    /// Matching sentences give dates of one kind that differ.
    DifferentDate,
    /// The same value, hedged on one side only ("nearly five hours" / "a five-hour").
    Hedged,
    /// A name spelt two ways (Yuri / Yury).
    Spelling,
    /// One speaker's quote rendered in other words.
    QuoteWording,
    /// A change from the same starting value ends at different values ("to 20 items" /
    /// "to 19 points").
    ChangeEnd,
    /// A count the change's verb qualifies ("the revised version of 28 points") against the
    /// value the other outlet says the change reached.
    StatedEnd,
    /// One statement given to different speakers (a person / an office never given them).
    Speaker,
    /// Found before rules were recorded (older JSON).
    #[default]
    Unrecorded,
}

impl Rule {
    /// A short phrase for a reader: what the check saw.
    pub fn phrase(self) -> &'static str {
        match self {
            Rule::DifferentValue => "different values in matching sentences",
            Rule::DifferentDate => "different dates in matching sentences",
            Rule::Hedged => "one value, hedged on one side",
            Rule::Spelling => "a name spelt differently",
            Rule::QuoteWording => "one quote in other words",
            Rule::ChangeEnd => "one change, different end values",
            Rule::StatedEnd => "a revised count against the change's end",
            Rule::Speaker => "one statement, different speakers",
            Rule::Unrecorded => "rule not recorded",
        }
    }

    /// The rule behind a result of [`differing_facts`], which tells its three checks apart by
    /// kind and severity: a name is a spelling, a minor number a hedge, the rest two values.
    fn of_fact(kind: DiscrepancyKind, severity: Severity) -> Rule {
        match (kind, severity) {
            (DiscrepancyKind::Name, _) => Rule::Spelling,
            (_, Severity::Minor) => Rule::Hedged,
            (DiscrepancyKind::Date, _) => Rule::DifferentDate,
            _ => Rule::DifferentValue,
        }
    }
}

/// What discrepancy checks need of one paragraph, computed once per paragraph of a drop.
#[derive(Debug, Clone, Default)]
pub struct ParagraphFacts {
    /// The facts of each sentence, in sentence order.
    pub sentences: Vec<Vec<Fact>>,
    /// Each quote of the paragraph.
    pub quotes: Vec<QuoteFacts>,
    /// Each statement of the paragraph with who the article says made it.
    pub statements: Vec<Statement>,
    /// The article's language (ISO 639-1), when known.
    pub language: Option<String>,
}

/// What discrepancy checks need of one quote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QuoteFacts {
    /// The quote's span in the paragraph text.
    pub span: (usize, usize),
    /// Its sorted content terms.
    pub terms: Vec<String>,
    /// Its folded words, space-separated.
    pub words: String,
    /// The surname of the speaker the sentence names, lower-case, if any.
    pub speaker: Option<String>,
}

/// The facts, quotes and statements of each paragraph of an article in `language` (ISO 639-1,
/// when known; "he said" reads the paragraphs before it).
pub fn article_facts(paragraphs: &[Paragraph], language: Option<&str>) -> Vec<ParagraphFacts> {
    paragraphs
        .iter()
        .zip(article_statements(paragraphs))
        .map(|(p, statements)| ParagraphFacts {
            sentences: p.sentences.iter().map(|s| facts(&s.text)).collect(),
            quotes: quote_facts(&p.text),
            statements,
            language: language.map(str::to_string),
        })
        .collect()
}

/// Whether two paragraphs' articles are written in different languages ([`differing_facts`]
/// reads their sentences as a translation).
fn across_languages(lf: &ParagraphFacts, rf: &ParagraphFacts) -> bool {
    crate::language::differ(lf.language.as_deref(), rf.language.as_deref())
}

/// Each quote of a text: its span, sorted content terms and folded words ("U.S." as "US", so
/// the two spellings are one rendering).
fn quote_facts(text: &str) -> Vec<QuoteFacts> {
    use crate::normalise::{normalise, without_initialism_dots, words};
    quotes_in(text)
        .into_iter()
        .map(|q| {
            let mut t: Vec<String> = tokens(&q.text).into_iter().map(|t| t.term).collect();
            t.sort();
            t.dedup();
            let w = words(&normalise(&without_initialism_dots(&q.text))).join(" ");
            QuoteFacts {
                span: (q.start, q.end),
                terms: t,
                words: w,
                speaker: q.speaker.as_deref().map(surname),
            }
        })
        .collect()
}

/// The discrepancies within one aligned pair, in a stable order, from the facts of both
/// paragraphs ([`article_facts`]).
pub fn between_with(
    lp: &Paragraph,
    lf: &ParagraphFacts,
    rp: &Paragraph,
    rf: &ParagraphFacts,
    pair: &Pair,
) -> Vec<Discrepancy> {
    let mut out: Vec<Discrepancy> = Vec::new();
    for &(li, rj) in &pair.sentences {
        let (Some(ls), Some(rs)) = (lp.sentences.get(li), rp.sentences.get(rj)) else {
            continue;
        };
        let (Some(lfs), Some(rfs)) = (lf.sentences.get(li), rf.sentences.get(rj)) else {
            continue;
        };
        let same_slot = slot_check(&ls.text, &rs.text);
        for (kind, severity, a, b) in
            differing_facts(lfs, rfs, &same_slot, across_languages(lf, rf))
        {
            let rule = Rule::of_fact(kind, severity);
            out.push(make(pair, (kind, severity, rule), ls, &a, rs, &b));
        }
    }
    for (lq, rq, speaker) in differing_quotes(&lf.quotes, &rf.quotes) {
        out.push(Discrepancy {
            left: pair.left,
            right: pair.right,
            kind: DiscrepancyKind::Quote,
            // One speaker's statement in other words.
            severity: Severity::Minor,
            left_text: lp.text[lq.0..lq.1].to_string(),
            right_text: rp.text[rq.0..rq.1].to_string(),
            left_span: TextSpan::new(lp.start + lq.0, lp.start + lq.1),
            right_span: TextSpan::new(rp.start + rq.0, rp.start + rq.1),
            measure: quote_measure(speaker),
            rule: Rule::QuoteWording,
        });
    }
    out.extend(speaker_discrepancies(lp, lf, rp, rf, pair));
    out.sort_by(|a, b| {
        (a.left_span.start, a.right_span.start, a.kind as u8).cmp(&(
            b.left_span.start,
            b.right_span.start,
            b.kind as u8,
        ))
    });
    out.dedup_by(|a, b| a.left_span == b.left_span && a.right_span == b.right_span);
    out
}

/// Statements the two paragraphs give to different speakers ([`super::attribution::differ`]),
/// every such pair of statements.
fn speaker_discrepancies(
    lp: &Paragraph,
    lf: &ParagraphFacts,
    rp: &Paragraph,
    rf: &ParagraphFacts,
    pair: &Pair,
) -> Vec<Discrepancy> {
    let mut out = Vec::new();
    for a in &lf.statements {
        for b in &rf.statements {
            let Some(severity) = super::attribution::differ(a, b) else {
                continue;
            };
            out.push(Discrepancy {
                left: pair.left,
                right: pair.right,
                kind: DiscrepancyKind::Attribution,
                severity,
                left_text: a.written.clone(),
                right_text: b.written.clone(),
                left_span: TextSpan::new(lp.start + a.span.0, lp.start + a.span.1),
                right_span: TextSpan::new(rp.start + b.span.0, rp.start + b.span.1),
                measure: Measure {
                    name: WHO_SAID_IT.to_string(),
                    change_from: None,
                },
                rule: Rule::Speaker,
            });
        }
    }
    out
}

/// The fact row of attributions: who made a statement.
const WHO_SAID_IT: &str = "who said it";

/// A number a sentence says a change reached, with the values the change started from.
struct Change<'a> {
    paragraph: usize,
    sentence: &'a Sentence,
    to: &'a Fact,
    from: Vec<&'a Fact>,
}

impl Change<'_> {
    /// Whether it counts in `unit`, at its start or its end ("the 28-point plan ... to 20
    /// items" counts in points and in items).
    fn counts_in(&self, unit: &Option<String>) -> bool {
        unit.is_some() && (&self.to.unit == unit || self.from.iter().any(|f| &f.unit == unit))
    }

    /// Whether it starts from a value `other` starts from too.
    fn same_start(&self, other: &Change) -> bool {
        self.from
            .iter()
            .any(|a| other.from.iter().any(|b| a.value == b.value))
    }

    /// The value it started from, naming the row its discrepancies join.
    fn start(&self) -> Option<String> {
        self.from.first().map(|f| f.value.clone())
    }
}

/// The article states a change ("revised to 19 points"): only then can
/// [`differing_changes`] find anything between it and another, so a drop skips the pairs of
/// articles that state none (most of them) instead of looking at every pair.
pub fn states_a_change(ps: &[Paragraph], fs: &[ParagraphFacts]) -> bool {
    !changes(ps, fs).is_empty()
}

fn changes<'a>(ps: &'a [Paragraph], fs: &'a [ParagraphFacts]) -> Vec<Change<'a>> {
    let mut out = Vec::new();
    for (paragraph, (p, f)) in ps.iter().zip(fs).enumerate() {
        for (sentence, sf) in p.sentences.iter().zip(&f.sentences) {
            let from: Vec<&Fact> = sf.iter().filter(|x| x.role == Some(Role::From)).collect();
            if from.is_empty() {
                continue;
            }
            for to in sf.iter().filter(|x| x.role == Some(Role::To)) {
                out.push(Change {
                    paragraph,
                    sentence,
                    to,
                    from: from.clone(),
                });
            }
        }
    }
    out
}

/// The verb of a change, for a value it reached: the word before "to" (past "down" or "up"),
/// lower-case ("revised" in "was revised to 19 points").
fn change_verb(sentence: &str, at: usize) -> Option<String> {
    let mut before = sentence[..at]
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .rev()
        .map(crate::similarity::features::fold_lower);
    if before.next()? != "to" {
        return None;
    }
    let w = before.next()?;
    if w == "down" || w == "up" {
        return before.next();
    }
    Some(w)
}

/// A number of a paragraph: its paragraph index, sentence and fact.
type Located<'a> = (usize, &'a Sentence, &'a Fact);

/// Counts of `ps` outside any change ("consisting of 28 points") that state, with another
/// value, where one of `changes` ended: their sentence names the change's verb before them
/// and counts its end's unit, or marks a changed state ("the revised version of the plan
/// consisting of 28 points") of the thing the change measures, in a unit it counts in. Each
/// with the change whose end it states differently.
fn states_after<'a, 'c>(
    ps: &'a [Paragraph],
    fs: &'a [ParagraphFacts],
    changes: &'c [Change<'c>],
) -> Vec<(Located<'a>, &'c Change<'c>)> {
    let verbs: Vec<Option<String>> = changes
        .iter()
        .map(|c| change_verb(&c.sentence.text, c.to.at))
        .collect();
    let mut out = Vec::new();
    for (paragraph, (p, f)) in ps.iter().zip(fs).enumerate() {
        for (sentence, sf) in p.sentences.iter().zip(&f.sentences) {
            let counts = sf
                .iter()
                .filter(|x| x.kind == FactKind::Number && x.role.is_none() && x.unit.is_some());
            for fact in counts {
                let before: Vec<String> = sentence.text[..fact.at]
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(crate::similarity::features::fold_lower)
                    .collect();
                let changed_state = changed_state(&before);
                for (c, verb) in changes.iter().zip(&verbs) {
                    let named =
                        verb.as_ref().is_some_and(|v| before.contains(v)) && c.to.unit == fact.unit;
                    let same_thing = fact.thing.is_some() && fact.thing == c.to.thing;
                    let changed = changed_state && same_thing && c.counts_in(&fact.unit);
                    if (named || changed) && c.to.value != fact.value {
                        out.push(((paragraph, sentence, fact), c));
                    }
                }
            }
        }
    }
    out
}

/// Where two articles say one change ended, when they disagree: a number each gives as the
/// value reached ("refined down to 20 items", "revised to 19 points") in a sentence that
/// starts the change from the same value ("the initial 28-point plan", "the original 28-point
/// draft"). The facts pair by what they measure, wherever the two sentences sit, so an
/// outlet's paraphrase that no sentence match joins still meets the other's figure. Each a
/// major disagreement; `left`/`right` are paragraph indices.
pub fn differing_changes(
    left: &[Paragraph],
    lf: &[ParagraphFacts],
    right: &[Paragraph],
    rf: &[ParagraphFacts],
) -> Vec<Discrepancy> {
    let (lc, rc) = (changes(left, lf), changes(right, rf));
    let mut out = Vec::new();
    // "The revised version ... of 28 points" against "was revised to 19 points": a count the
    // same verb qualifies, with the same unit, states where the change ended too.
    let states = states_after(left, lf, &rc)
        .into_iter()
        .map(|(s, c)| (s, (c.paragraph, c.sentence, c.to), c.start(), true))
        .chain(
            states_after(right, rf, &lc)
                .into_iter()
                .map(|(s, c)| (s, (c.paragraph, c.sentence, c.to), c.start(), false)),
        );
    for (state, change, start, state_left) in states {
        let (l, r) = if state_left {
            (state, change)
        } else {
            (change, state)
        };
        let pair = bare_pair(l.0, r.0);
        let mut d = make(
            &pair,
            (DiscrepancyKind::Number, Severity::Major, Rule::StatedEnd),
            l.1,
            l.2,
            r.1,
            r.2,
        );
        d.measure.change_from = start;
        out.push(d);
    }
    for a in &lc {
        for b in &rc {
            if !a.same_start(b) || a.to.value == b.to.value {
                continue;
            }
            let pair = bare_pair(a.paragraph, b.paragraph);
            let mut d = make(
                &pair,
                (DiscrepancyKind::Number, Severity::Major, Rule::ChangeEnd),
                a.sentence,
                a.to,
                b.sentence,
                b.to,
            );
            d.measure.change_from = a.start();
            out.push(d);
        }
    }
    out
}

/// A discrepancy of `pair`: its kind, severity and the rule that found it, and both facts.
fn make(
    pair: &Pair,
    (kind, severity, rule): (DiscrepancyKind, Severity, Rule),
    ls: &Sentence,
    lf: &Fact,
    rs: &Sentence,
    rf: &Fact,
) -> Discrepancy {
    Discrepancy {
        left: pair.left,
        right: pair.right,
        kind,
        severity,
        left_text: ls.text[lf.start..lf.end].to_string(),
        right_text: rs.text[rf.start..rf.end].to_string(),
        left_span: TextSpan::new(ls.start + lf.start, ls.start + lf.end),
        right_span: TextSpan::new(rs.start + rf.start, rs.start + rf.end),
        measure: fact_measure(kind, lf, rf),
        rule,
    }
}

/// Units of time: a count of them is a thing's length, not its size.
const TIME_UNITS: &[&str] = &["second", "minute", "hour", "day", "week", "month", "year"];

/// What two differing facts measure: a count by its thing and unit, and the state of a
/// change it gives ("plan size (revised)", "meeting length", "hours"); a date by its kind;
/// a name as a spelling.
fn fact_measure(kind: DiscrepancyKind, a: &Fact, b: &Fact) -> Measure {
    let name = match kind {
        DiscrepancyKind::Number => {
            let state = match a.role.or(b.role) {
                Some(Role::To) => " (revised)",
                Some(Role::From) => " (original)",
                None => "",
            };
            let unit = a.unit.as_deref().or(b.unit.as_deref());
            let time = unit.is_some_and(|u| TIME_UNITS.contains(&u));
            match (a.thing.as_deref().or(b.thing.as_deref()), unit) {
                (Some(t), _) if time => format!("{t} length{state}"),
                (Some(t), _) => format!("{t} size{state}"),
                (None, Some(u)) if u.ends_with('s') => format!("{u}{state}"),
                (None, Some(u)) => format!("{u}s{state}"),
                (None, None) => format!("number{state}"),
            }
        }
        DiscrepancyKind::Date => match date_kind(a) {
            DateKind::Weekday => "day of the week",
            DateKind::Month => "month",
            DateKind::Year => "year",
        }
        .to_string(),
        DiscrepancyKind::Name => "spelling of a name".to_string(),
        DiscrepancyKind::Quote => "quote wording".to_string(),
        DiscrepancyKind::Attribution => WHO_SAID_IT.to_string(),
    };
    Measure {
        name,
        change_from: None,
    }
}

/// A quote rendering's measure: whose words they are, when the sentence names the speaker.
fn quote_measure(speaker: Option<&str>) -> Measure {
    let name = match speaker {
        Some(s) => {
            let mut c = s.chars();
            let first: String = c.next().into_iter().flat_map(char::to_uppercase).collect();
            format!("{first}{}'s words", c.as_str())
        }
        None => "quote wording".to_string(),
    };
    Measure {
        name,
        change_from: None,
    }
}

/// Whether a fact of sentence `l` and one of sentence `r` fill the same slot: the same matched
/// word of the two sentences' word diff stands just before, or just after, each. The diff is
/// computed on first use, as most sentence pairs never ask.
fn slot_check<'a>(l: &'a str, r: &'a str) -> impl Fn(&Fact, &Fact) -> bool + 'a {
    let words = OnceCell::new();
    move |a: &Fact, b: &Fact| {
        let [lw, rw] = words.get_or_init(|| matched_words(l, r, SLOT_DEADLINE));
        let ([pa, na], [pb, nb]) = (beside(lw, a.at), beside(rw, b.at));
        (pa.is_some() && pa == pb) || (na.is_some() && na == nb)
    }
}

/// The matched words nearest before and after the word at byte `at`, within [`SLOT_REACH`]
/// words: the anchors of its slot in the sentence.
fn beside(words: &[(usize, Option<usize>)], at: usize) -> [Option<usize>; 2] {
    let Some(k) = words.iter().position(|w| w.0 == at) else {
        return [None, None];
    };
    let before = words[k.saturating_sub(SLOT_REACH)..k]
        .iter()
        .rev()
        .find_map(|w| w.1);
    let after = words[k + 1..(k + 1 + SLOT_REACH).min(words.len())]
        .iter()
        .find_map(|w| w.1);
    [before, after]
}

/// What a date fact names. Only dates of one kind can disagree ("Tuesday" and "December 2"
/// may be the same day).
#[derive(PartialEq)]
enum DateKind {
    Weekday,
    Month,
    Year,
}

fn date_kind(f: &Fact) -> DateKind {
    if f.value.starts_with(|c: char| c.is_ascii_digit()) {
        DateKind::Year
    } else if crate::dates::WEEKDAY_NAMES.contains(&f.value.as_str()) {
        DateKind::Weekday
    } else {
        DateKind::Month
    }
}

/// Pairs of `l` × `r` that `fits` joins, each the other's first fit in reading order, found
/// round by round; symmetric in the two sides by construction.
fn mutual_first<'a>(
    l: &[&'a Fact],
    r: &[&'a Fact],
    fits: impl Fn(&Fact, &Fact) -> bool,
) -> Vec<(&'a Fact, &'a Fact)> {
    let (mut lfree, mut rfree) = (vec![true; l.len()], vec![true; r.len()]);
    let mut out = Vec::new();
    loop {
        let first_r =
            |i: usize, rfree: &[bool]| (0..r.len()).find(|&j| rfree[j] && fits(l[i], r[j]));
        let first_l =
            |j: usize, lfree: &[bool]| (0..l.len()).find(|&i| lfree[i] && fits(l[i], r[j]));
        let found: Vec<(usize, usize)> = (0..l.len())
            .filter(|&i| lfree[i])
            .filter_map(|i| first_r(i, &rfree).map(|j| (i, j)))
            .filter(|&(i, j)| first_l(j, &lfree) == Some(i))
            .collect();
        if found.is_empty() {
            return out;
        }
        for (i, j) in found {
            lfree[i] = false;
            rfree[j] = false;
            out.push((l[i], r[j]));
        }
    }
}

/// Facts of two matching sentences that disagree, with how much. `same_slot` says whether two
/// numbers sit next to the same matched word of the two sentences. Symmetric: swapping the
/// sides (and the arguments of `same_slot`) swaps the facts in each result and nothing else.
///
/// `across` says the sentences are in two languages: no word is shared there, so a unit or a
/// slot never matches ("28-point plan", "28-Punkte-Plan"); a translation keeps its values in
/// order instead, so with as many values only one side has on each side, the k-th meets the
/// k-th. Each language spells a name its own way ("Pokrowsk", "Pokrovsk"; "Donezk",
/// "Donetsk"), so across languages a respelling is no note.
///
/// Severity: two values or dates are a major disagreement; one value hedged differently
/// ("nearly") is minor; a name spelt two ways is a note.
pub fn differing_facts(
    l: &[Fact],
    r: &[Fact],
    same_slot: &dyn Fn(&Fact, &Fact) -> bool,
    across: bool,
) -> Vec<(DiscrepancyKind, Severity, Fact, Fact)> {
    let mut out = Vec::new();
    for (fk, dk) in [
        (FactKind::Number, DiscrepancyKind::Number),
        (FactKind::Date, DiscrepancyKind::Date),
    ] {
        let lv: Vec<&Fact> = l.iter().filter(|f| f.kind == fk).collect();
        let rv: Vec<&Fact> = r.iter().filter(|f| f.kind == fk).collect();
        // Same number, but "nearly five hours" against "five-hour": the k-th occurrence of a
        // value on one side meets the k-th on the other, so the result is symmetric.
        let nth =
            |xs: &[&Fact], k: usize| xs[..k].iter().filter(|x| x.value == xs[k].value).count();
        for (k, a) in lv.iter().enumerate() {
            let n = nth(&lv, k);
            let b = rv.iter().filter(|b| b.value == a.value).nth(n);
            if let Some(b) = b {
                if fk == FactKind::Number && a.qualifier != b.qualifier {
                    out.push((dk, Severity::Minor, (*a).clone(), (*b).clone()));
                }
            }
        }
        // Values only one side has: "20 items" against "19 points". Two of them report one
        // fact differently only if they count the same thing or fill the same slot of the two
        // sentences; "the two sides" and "a five-word response" are different facts. Nor do
        // two values in different parts of a change: the plan's original 28 points and the
        // revised 19.
        let lu: Vec<&Fact> = lv
            .iter()
            .copied()
            .filter(|a| !rv.iter().any(|b| b.value == a.value))
            .collect();
        let ru: Vec<&Fact> = rv
            .iter()
            .copied()
            .filter(|b| !lv.iter().any(|a| a.value == b.value))
            .collect();
        let rank = |xs: &[&Fact], x: &Fact| xs.iter().position(|y| std::ptr::eq(*y, x));
        // A day of the month ("2 décembre") only ever meets another day.
        let day = |x: &Fact| {
            x.unit
                .as_deref()
                .is_some_and(|u| dates::MONTH_NAMES.contains(&u))
        };
        let in_order = |a: &Fact, b: &Fact| {
            across
                && lu.len() == ru.len()
                && day(a) == day(b)
                && rank(&lu, a).is_some()
                && rank(&lu, a) == rank(&ru, b)
        };
        let fits = |a: &Fact, b: &Fact| match fk {
            FactKind::Date => date_kind(a) == date_kind(b),
            _ => {
                a.role == b.role
                    && ((a.unit.is_some() && a.unit == b.unit) || same_slot(a, b) || in_order(a, b))
            }
        };
        for (a, b) in mutual_first(&lu, &ru, fits) {
            out.push((dk, Severity::Major, a.clone(), b.clone()));
        }
    }
    if across {
        return out;
    }
    // A name spelt two ways (Yuri/Yury): mutual best respelling among names only one side has.
    let ln: Vec<&Fact> = l.iter().filter(|f| f.kind == FactKind::Name).collect();
    let rn: Vec<&Fact> = r.iter().filter(|f| f.kind == FactKind::Name).collect();
    // A plural is the same word ("Proposals" / "Proposal"), not a respelling.
    let same_word = |a: &str, b: &str| {
        a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
    };
    let only = |xs: &[&Fact], ys: &[&Fact]| -> Vec<Fact> {
        xs.iter()
            .filter(|a| !ys.iter().any(|b| same_word(&b.value, &a.value)))
            .map(|a| (*a).clone())
            .collect()
    };
    let (lo, ro) = (only(&ln, &rn), only(&rn, &ln));
    let best = |a: &Fact, ys: &[Fact]| -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (k, b) in ys.iter().enumerate() {
            // The first letter first: it rules out most pairs without building trigrams.
            if a.value.chars().next() != b.value.chars().next() {
                continue;
            }
            let s = spelling_similarity(&a.value, &b.value);
            if s >= NAME_SPELLING && best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, k));
            }
        }
        best.map(|b| b.1)
    };
    for (i, a) in lo.iter().enumerate() {
        if let Some(j) = best(a, &ro) {
            if best(&ro[j], &lo) == Some(i) {
                out.push((
                    DiscrepancyKind::Name,
                    Severity::Note,
                    a.clone(),
                    ro[j].clone(),
                ));
            }
        }
    }
    out
}

/// Whether two speakers (surnames) may be one person: either unnamed, the same, or one name
/// respelt (Zelenskyy / Zelensky).
fn same_speaker(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => respelt(a, b),
        _ => true,
    }
}

/// Whether the words `short` stand, in order and whole, inside `long` ("some progress" in
/// "made some progress"): a shorter excerpt of one rendering, not another rendering.
fn excerpt_of(short: &str, long: &str) -> bool {
    !short.is_empty() && format!(" {long} ").contains(&format!(" {short} "))
}

/// Two spans rendering one quote differently, and its speaker's surname if either names one.
type QuotePair<'a> = ((usize, usize), (usize, usize), Option<&'a str>);

/// Quote spans of two paragraphs that render the same quote with different words. Quotes of
/// two different speakers are never renderings of one another, and an excerpt of the other
/// side's quote does not differ from it.
fn differing_quotes<'a>(lq: &'a [QuoteFacts], rq: &'a [QuoteFacts]) -> Vec<QuotePair<'a>> {
    let mut out = Vec::new();
    // A quote rendered word for word on the other side is settled: no variant of it differs.
    let settled_l = |w: &String| rq.iter().any(|q| &q.words == w);
    let settled_r = |w: &String| lq.iter().any(|q| &q.words == w);
    for a in lq {
        let (la, ta, wa) = (&a.span, &a.terms, &a.words);
        if settled_l(wa) {
            continue;
        }
        for b in rq {
            let (rb, tb, wb) = (&b.span, &b.terms, &b.words);
            if settled_r(wb)
                || !same_speaker(a.speaker.as_deref(), b.speaker.as_deref())
                || excerpt_of(wa, wb)
                || excerpt_of(wb, wa)
            {
                continue;
            }
            let shared = ta.iter().filter(|t| tb.binary_search(t).is_ok()).count();
            let smaller = ta.len().min(tb.len());
            if smaller == 0
                || shared < 2.min(smaller)
                || (shared as f32) < SAME_QUOTE * smaller as f32
            {
                continue;
            }
            if wa != wb {
                let speaker = a.speaker.as_deref().or(b.speaker.as_deref());
                out.push((*la, *rb, speaker));
            }
        }
    }
    out
}

/// A pair of paragraphs no aligned pair joins (the values one change reached, paired by what
/// they measure), to carry a discrepancy's two places.
fn bare_pair(left: usize, right: usize) -> Pair {
    Pair {
        left,
        right,
        score: 0.0,
        sentences: Vec::new(),
        diff: Vec::new(),
        moved: false,
        reuse: super::ReuseLevel::None,
        sentence_reuse: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number and date discrepancies of two sentences, as (left snippet, right snippet).
    fn disagree(l: &str, r: &str) -> Vec<(String, String)> {
        let (lf, rf) = (facts(l), facts(r));
        differing_facts(&lf, &rf, &slot_check(l, r), false)
            .into_iter()
            .filter(|d| d.0 != DiscrepancyKind::Name)
            .map(|(_, _, a, b)| (l[a.start..a.end].to_string(), r[b.start..b.end].to_string()))
            .collect()
    }

    #[test]
    fn numbers_that_count_different_things_do_not_disagree() {
        let l = "Ushakov told Russian media that the two sides did not become closer.";
        let r = "Ushakov offered a damningly minimalist five-word response.";
        assert_eq!(disagree(l, r), vec![]);
        let l = "Zelensky said the plan of 28 points looks better.";
        let r = "Kyiv fears a deal despite a proposed 10-year guarantee.";
        assert_eq!(disagree(l, r), vec![]);
    }

    #[test]
    fn numbers_in_the_same_slot_or_with_the_same_unit_disagree() {
        // Same slot: both follow the matched "to", though they count items and points.
        let got = disagree(
            "The plan was refined down to 20 items in those talks.",
            "The draft was revised to 19 points after consultations.",
        );
        assert_eq!(got, vec![("to 20 items".into(), "to 19 points".into())]);
        // Same unit, different slots.
        let got = disagree(
            "At least 12 people were killed in the floods.",
            "Officials said the floods killed 14 people overnight.",
        );
        assert_eq!(
            got,
            vec![("At least 12 people".into(), "killed 14 people".into())]
        );
    }

    #[test]
    fn dates_disagree_only_with_dates_of_their_kind() {
        let l = "The envoys met Putin on Tuesday in the Kremlin.";
        assert_eq!(
            disagree(l, "The envoys met Putin in December in the Kremlin."),
            vec![]
        );
        assert_eq!(
            disagree(l, "The envoys met Putin on Wednesday in the Kremlin."),
            vec![("Tuesday".into(), "Wednesday".into())]
        );
    }

    #[test]
    fn a_quote_spelt_u_s_and_us_is_one_rendering() {
        let l = quote_facts(
            "He accused Europe of \"preventing the US administration from achieving peace.\"",
        );
        let r = quote_facts(
            "Europe was \"preventing the U.S. administration from achieving peace,\" he said.",
        );
        assert_eq!(differing_quotes(&l, &r), vec![]);
        let r = quote_facts(
            "Europe was \"preventing the administration from reaching peace,\" he said.",
        );
        // A real change of wording still counts.
        assert_eq!(differing_quotes(&l, &r).len(), 1);
    }

    #[test]
    fn pairing_is_the_same_from_either_side() {
        let l = "Russia lost 3 tanks and 40 men near 2 villages.";
        let r = "Ukraine says 5 tanks and 60 men were lost near the villages.";
        let ab = disagree(l, r);
        let ba: Vec<(String, String)> = disagree(r, l).into_iter().map(|(a, b)| (b, a)).collect();
        assert_eq!(ab, ba);
        assert!(ab.contains(&("lost 3 tanks".into(), "says 5 tanks".into())));
    }

    /// The paragraphs of `texts`, one sentence each, with their facts.
    fn one_sentence_paragraphs(texts: &[&str]) -> (Vec<Paragraph>, Vec<ParagraphFacts>) {
        let ps: Vec<Paragraph> = texts
            .iter()
            .map(|t| Paragraph {
                kind: crate::article::ParagraphKind::Paragraph,
                text: t.to_string(),
                norm: crate::normalise::normalise(t),
                start: 0,
                end: t.len(),
                sentences: vec![Sentence {
                    text: t.to_string(),
                    start: 0,
                    end: t.len(),
                    norm: crate::normalise::normalise(t),
                }],
            })
            .collect();
        let fs = article_facts(&ps, None);
        (ps, fs)
    }

    fn changed(l: &[&str], r: &[&str]) -> Vec<(String, String, Severity)> {
        let (lp, lf) = one_sentence_paragraphs(l);
        let (rp, rf) = one_sentence_paragraphs(r);
        differing_changes(&lp, &lf, &rp, &rf)
            .into_iter()
            .map(|d| (d.left_text, d.right_text, d.severity))
            .collect()
    }

    #[test]
    fn a_change_s_values_are_named_by_the_thing_they_measure_and_its_start() {
        let a = "Officials said the initial 28-point plan was refined down to 20 items.";
        let b = "The original 28-point draft was revised to 19 points after talks.";
        let (lp, lf) = one_sentence_paragraphs(&[a]);
        let (rp, rf) = one_sentence_paragraphs(&[b]);
        let got = differing_changes(&lp, &lf, &rp, &rf);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].measure.name, "plan size (revised)");
        assert_eq!(got[0].measure.change_from.as_deref(), Some("28"));
        // Hedged durations are named by what lasted, or by their unit where nothing says.
        let (l, r) = (
            "They met for a five-hour meeting.",
            "They talked for nearly five hours.",
        );
        let (lf, rf) = (facts(l), facts(r));
        let d = differing_facts(&lf, &rf, &slot_check(l, r), false);
        assert_eq!(d.len(), 1);
        assert_eq!(
            fact_measure(d[0].0, &d[0].2, &d[0].3).name,
            "meeting length"
        );
        assert_eq!(fact_measure(d[0].0, &d[0].3, &d[0].3).name, "hours");
    }

    #[test]
    fn values_one_change_reached_pair_by_their_start_not_their_place() {
        let a = "Officials said the initial 28-point plan was refined down to 20 items.";
        let b = "The original 28-point draft was revised to 19 points after talks.";
        let c = "The plan, first 28 points long, was later cut to 21 points.";
        let got = changed(&["An unrelated opening.", a], &[b]);
        assert_eq!(
            got,
            vec![("to 20 items".into(), "to 19 points".into(), Severity::Major)]
        );
        // The added outlet's 21 meets the other revised figures, never the original 28.
        let got = changed(&[c], &[a, b]);
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|g| g.0 == "to 21 points"));
        // A change from another start is another measure; the same end value agrees.
        assert_eq!(
            changed(&[a], &["Turnout rose from 12 to 19 percent."]),
            vec![]
        );
        assert_eq!(
            changed(&[a], &["The 28-point plan was cut to 20 points."]),
            vec![]
        );
        // A count the change's verb qualifies states where it ended too, in the same unit.
        let revised =
            "He said the revised version of the plan consisting of 28 points looks better.";
        assert_eq!(
            changed(&[revised], &[b]),
            vec![(
                "of 28 points".into(),
                "to 19 points".into(),
                Severity::Major
            )]
        );
        assert_eq!(changed(&[b], &[revised]).len(), 1);
        // Another verb and another unit, but the changed state of the same thing, in a unit
        // the change counts in (its start's points): where the change ended, differently.
        assert_eq!(
            changed(&[revised], &[a]),
            vec![("of 28 points".into(), "to 20 items".into(), Severity::Major)]
        );
        // No changed state, another thing, or a unit the change never counts in: no claim
        // about where it ended.
        for other in [
            "He said the plan consisting of 28 points looks better.",
            "He said the revised schedule consisting of 28 points looks better.",
            "He said the revised version of the plan consisting of 28 pages looks better.",
        ] {
            assert_eq!(changed(&[other], &[a]), vec![], "{other}");
        }
    }

    /// The discrepancies of two one-sentence paragraphs in articles of two languages.
    fn between_languages(l: (&str, &str), r: (&str, &str)) -> Vec<(Rule, String, String)> {
        let (lp, _) = one_sentence_paragraphs(&[l.1]);
        let (rp, _) = one_sentence_paragraphs(&[r.1]);
        let (lf, rf) = (article_facts(&lp, Some(l.0)), article_facts(&rp, Some(r.0)));
        let mut pair = bare_pair(0, 0);
        pair.sentences = vec![(0, 0)];
        between_with(&lp[0], &lf[0], &rp[0], &rf[0], &pair)
            .into_iter()
            .map(|d| (d.rule, d.left_text, d.right_text))
            .collect()
    }

    #[test]
    fn across_languages_a_date_agrees_in_its_own_words_and_names_are_not_respellings() {
        let en = "Russian forces took Pokrovsk on December 2, the ministry said.";
        let de = "Russische Truppen nahmen Pokrowsk am 2. Dezember ein, so das Ministerium.";
        assert_eq!(between_languages(("en", en), ("de", de)), vec![]);
        // The same two spellings in one language are a note.
        let en_respelt = "Russian forces took Pokrowsk on December 2, the ministry said.";
        let notes = between_languages(("en", en), ("en", en_respelt));
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].0, Rule::Spelling);
        // A value the translation changed is flagged, though no unit word is shared.
        let de_27 = "Er lehnte den ursprünglichen 27-Punkte-Plan ab.";
        let got = between_languages(
            ("en", "He rejected the original 28-point plan."),
            ("de", de_27),
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            (got[0].1.as_str(), got[0].0),
            ("original 28-point", Rule::DifferentValue)
        );
        // Another day is still another day.
        let de_later = "Russische Truppen nahmen Pokrowsk am 3. Dezember ein, so das Ministerium.";
        let got = between_languages(("en", en), ("de", de_later));
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, Rule::DifferentValue);
    }

    #[test]
    fn each_discrepancy_says_which_rule_found_it() {
        let rules = |l: &str, r: &str| -> Vec<Rule> {
            let (lp, lf) = one_sentence_paragraphs(&[l]);
            let (rp, rf) = one_sentence_paragraphs(&[r]);
            let mut pair = bare_pair(0, 0);
            pair.sentences = vec![(0, 0)];
            between_with(&lp[0], &lf[0], &rp[0], &rf[0], &pair)
                .into_iter()
                .map(|d| d.rule)
                .collect()
        };
        let cases = [
            (
                "The aide Yuri Ushakov spoke.",
                "The aide Yury Ushakov spoke.",
                Rule::Spelling,
            ),
            (
                "They met after a five-hour meeting.",
                "They met after nearly five hours.",
                Rule::Hedged,
            ),
            (
                "At least 12 people died.",
                "At least 14 people died.",
                Rule::DifferentValue,
            ),
            (
                "They met on Tuesday in the Kremlin.",
                "They met on Wednesday in the Kremlin.",
                Rule::DifferentDate,
            ),
            (
                "Putin said Europe was \"blocking the whole peace process now\".",
                "Putin said Europe was \"blocking the peace process\".",
                Rule::QuoteWording,
            ),
        ];
        for (l, r, rule) in cases {
            assert_eq!(rules(l, r), vec![rule], "{l} / {r}");
        }
        let rule_of_change = |l: &str, r: &str| {
            let (lp, lf) = one_sentence_paragraphs(&[l]);
            let (rp, rf) = one_sentence_paragraphs(&[r]);
            let d = differing_changes(&lp, &lf, &rp, &rf);
            d.iter().map(|d| d.rule).collect::<Vec<_>>()
        };
        let b = "The original 28-point draft was revised to 19 points after talks.";
        assert_eq!(
            rule_of_change("The initial 28-point plan was refined down to 20 items.", b),
            vec![Rule::ChangeEnd]
        );
        assert_eq!(
            rule_of_change(
                "The revised version of the plan consisting of 28 points.",
                b
            ),
            vec![Rule::StatedEnd]
        );
        assert!(Rule::Unrecorded.phrase().contains("not recorded"));
    }

    #[test]
    fn original_and_revised_values_never_pair_in_one_sentence_pair() {
        // 28 started the change on the left, 19 ended it on the right: different states.
        let got = disagree(
            "The 28-point plan was revised to 19 points.",
            "The plan was revised to 20 points, the 28-point one shelved.",
        );
        assert_eq!(got, vec![("to 19 points".into(), "to 20 points".into())]);
    }

    #[test]
    fn severities_spellings_notes_hedges_minor_values_major() {
        let sev = |l: &str, r: &str| -> Vec<(DiscrepancyKind, Severity)> {
            differing_facts(&facts(l), &facts(r), &slot_check(l, r), false)
                .into_iter()
                .map(|d| (d.0, d.1))
                .collect()
        };
        assert_eq!(
            sev(
                "The aide Yuri Ushakov spoke.",
                "The aide Yury Ushakov spoke."
            ),
            vec![(DiscrepancyKind::Name, Severity::Note)]
        );
        assert_eq!(
            sev(
                "They met after a five-hour meeting.",
                "They met after nearly five hours."
            ),
            vec![(DiscrepancyKind::Number, Severity::Minor)]
        );
        assert_eq!(
            sev("At least 12 people died.", "At least 14 people died."),
            vec![(DiscrepancyKind::Number, Severity::Major)]
        );
        // A plural is the same word, not a respelling.
        assert_eq!(
            sev(
                "Competing Peace Proposals",
                "A Controversial Peace Proposal"
            ),
            vec![]
        );
    }

    #[test]
    fn quotes_of_two_speakers_or_an_excerpt_are_no_variants() {
        let l = quote_facts("Putin said Europe was \"blocking the whole peace process now\".");
        let r = quote_facts("Zelensky said Europe was \"blocking the peace process\".");
        assert_eq!(differing_quotes(&l, &r), vec![]);
        let r = quote_facts("Putin said Europe was \"blocking the peace process\".");
        assert_eq!(differing_quotes(&l, &r).len(), 1);
        // One rendering inside the other is an excerpt of it.
        let l = quote_facts("Rubio said \"some progress\" was made.");
        let r = quote_facts("Rubio said the US had \"made some progress\" on it.");
        assert_eq!(differing_quotes(&l, &r), vec![]);
    }
}
