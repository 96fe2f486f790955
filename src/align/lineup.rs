//! Quote lineups: the renderings of the same quote across a drop's outlets, with the word
//! diff of each against the first, the attribution verb each outlet chose, flags where the
//! meaning may shift (a negation or hedge added or dropped, half the quote missing), and the
//! indirect-speech renderings of the same statement in aligned paragraphs.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use rayon::prelude::*;

use super::groups::Link;
use super::quotes::{quotes_written_in, same_person};
use super::worddiff::word_diff;
use super::Group;
use super::{QuoteGroup, QuoteVariant, TextSpan};
use crate::article::Article;
use crate::normalise::{normalise, words};
use crate::similarity::features::tokens;
use crate::unionfind::UnionFind;

mod across;
mod indirect;
pub use across::SentenceScore;
use across::{add_indirect_across, other_languages, renders_across_languages};
use indirect::add_indirect;

/// Two quotes render the same statement when they share at least this share of the shorter
/// one's content terms (and at least two terms).
const SAME_QUOTE: f32 = 0.6;
/// In aligned paragraphs by the same speaker, a quote renders another when this share of its
/// words is in the other quote or the other's sentence ([`same_statement`]).
const ALIGNED_SAME_QUOTE: f32 = 0.5;
/// Anywhere in the drop, one named speaker's two quotes render the same statement when this
/// share of one's words (two at least, see [`covered`]) is in the other or its sentence: the
/// speaker and the wording together are evidence enough without an alignment.
const SPEAKER_SAME_QUOTE: f32 = 0.75;
/// Indirect speech renders a quote when its sentence holds this share of the quote's words.
const INDIRECT_SAME_QUOTE: f32 = 0.4;
/// Above this many quotes, only quotes in aligned paragraphs are compared (never all pairs).
const ALL_PAIRS_LIMIT: usize = 2000;
/// A variant with less than this share of the first variant's words is flagged `partial`.
const PARTIAL: f32 = 0.5;

const NEGATIONS: &[&str] = &[
    "not", "no", "never", "neither", "nor", "none", "nothing", "without", "cannot",
];
const HEDGES: &[&str] = &[
    "may",
    "might",
    "could",
    "perhaps",
    "possibly",
    "some",
    "rather",
    "seem",
    "seems",
    "appear",
    "appears",
    "reportedly",
    "allegedly",
    "likely",
    "probably",
    "almost",
    "nearly",
    "partly",
    "partially",
    "less",
];

struct Rec {
    article: usize,
    paragraph: usize,
    start: usize,
    end: usize,
    /// The sentence of its paragraph the quote starts in.
    sentence: usize,
    text: String,
    speaker: Option<String>,
    verb: Option<String>,
    /// The article's language, when known.
    language: Option<String>,
    terms: Vec<String>,
    /// The quote's words, function words left out but negations and comparatives kept
    /// ("not", "further"): in a quote these carry the meaning.
    words: Vec<String>,
    /// The same for the sentences the quote sits in, outside any quotation marks: the
    /// attribution and the question or frame the outlet gives ("asked whether peace was
    /// closer or further away").
    context: Vec<String>,
}

/// Function words: never what makes two renderings of a quote the same.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "there", "here", "we", "i", "you", "he", "she", "they", "our", "us", "them",
    "his", "her", "their", "my", "me", "do", "did", "does", "have", "has", "had", "will", "would",
    "so", "if", "then", "than", "that's", "it's", "s", "said", "says",
];

/// Sorted, deduplicated [`Rec::words`] of a text.
fn quote_words(text: &str) -> Vec<String> {
    let norm = normalise(&crate::normalise::without_initialism_dots(text));
    let mut w: Vec<String> = words(&norm)
        .into_iter()
        .filter(|w| !FUNCTION_WORDS.contains(w))
        // "neither further nor closer" and "did not become closer": one negation.
        .map(|w| {
            if NEGATIONS.contains(&w) || w.ends_with("n't") {
                "not".to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    w.sort();
    w.dedup();
    w
}

/// The text of the sentences of `para` overlapping `start..end` (offsets in the article),
/// with every quoted passage left out.
fn unquoted_context(para: &crate::article::Paragraph, start: usize, end: usize) -> String {
    let spans = super::quotes::quote_spans(&para.text);
    let mut out = String::new();
    for s in para
        .sentences
        .iter()
        .filter(|s| s.start < end && s.end > start)
    {
        for (k, c) in s.text.char_indices() {
            let at = (s.start + k).saturating_sub(para.start);
            if !spans.iter().any(|&(a, b)| at >= a && at < b) {
                out.push(c);
            }
        }
        out.push(' ');
    }
    out
}

/// Share of `quote`'s words found in `other` (0 unless two besides a negation are: a shared
/// "not" and one word is no evidence).
fn covered(quote: &[String], other: &[String]) -> f32 {
    let n = shared(quote, other);
    let negated = quote.iter().any(|w| w == "not") && other.iter().any(|w| w == "not");
    if n < 2 + usize::from(negated) || quote.is_empty() {
        0.0
    } else {
        n as f32 / quote.len() as f32
    }
}

/// Two quotes in aligned paragraphs, by the same speaker, render the same statement when most
/// of one's words are in the other or in the sentence around it: "Not further, that's for
/// sure", given after the question "whether peace was now closer or further away", renders
/// "did not become closer or further away".
fn same_statement(x: &Rec, y: &Rec) -> bool {
    statement_overlap(x, y) >= ALIGNED_SAME_QUOTE
}

/// The larger share of one quote's words found in the other quote or its sentence.
fn statement_overlap(x: &Rec, y: &Rec) -> f32 {
    let with_frame = |r: &Rec| {
        let mut all: Vec<String> = r.words.iter().chain(&r.context).cloned().collect();
        all.sort();
        all.dedup();
        all
    };
    covered(&x.words, &with_frame(y)).max(covered(&y.words, &with_frame(x)))
}

fn terms_of(text: &str) -> Vec<String> {
    let mut t: Vec<String> = tokens(text).into_iter().map(|t| t.term).collect();
    t.sort();
    t.dedup();
    t
}

fn shared(a: &[String], b: &[String]) -> usize {
    a.iter().filter(|t| b.binary_search(t).is_ok()).count()
}

fn same_quote(a: &[String], b: &[String]) -> bool {
    let n = shared(a, b);
    let smaller = a.len().min(b.len());
    n >= 2 && n as f32 >= SAME_QUOTE * smaller as f32
}

/// Whether `other` renders a negated clause of `text` without its negation. Only clauses
/// `other` covers count: "There is still a lot of work to be done" renders the second half of
/// "neither further nor closer… There is a lot of work to be done", whose negation it never
/// claims; and "Not further" keeps the negation of "neither further nor closer".
fn drops_negation(text: &str, other: &str) -> bool {
    let content = |c: &str| -> (Vec<String>, bool) {
        let ws = quote_words(c);
        let negated = ws.iter().any(|w| w == "not");
        (ws.into_iter().filter(|w| w != "not").collect(), negated)
    };
    let theirs: Vec<(Vec<String>, bool)> = clauses(other).into_iter().map(content).collect();
    clauses(text).into_iter().map(content).any(|(ws, negated)| {
        let meets: Vec<&(Vec<String>, bool)> = theirs
            .iter()
            .filter(|(t, _)| ws.iter().any(|w| t.contains(w)))
            .collect();
        let shared = ws
            .iter()
            .filter(|w| meets.iter().any(|(t, _)| t.contains(w)))
            .count();
        negated && !ws.is_empty() && shared >= ws.len().min(2) && !meets.iter().any(|(_, n)| *n)
    })
}

/// The clauses of a quote: split at sentence and clause punctuation and at "but".
fn clauses(text: &str) -> Vec<&str> {
    text.split(['.', ',', ';', ':', '!', '?', '-', '–', '—', '…'])
        .flat_map(|c| c.split(" but "))
        .filter(|c| !c.trim().is_empty())
        .collect()
}

fn flags(reference: &str, variant: &str) -> Vec<String> {
    let norm = |s: &str| -> Vec<String> {
        words(&normalise(s))
            .into_iter()
            .map(|w| w.to_string())
            .collect()
    };
    let (r, v) = (norm(reference), norm(variant));
    let has_hedge = |ws: &[String]| ws.iter().any(|w| HEDGES.contains(&w.as_str()));
    let mut out = Vec::new();
    if drops_negation(reference, variant) || drops_negation(variant, reference) {
        out.push("negation".to_string());
    }
    if has_hedge(&r) != has_hedge(&v) {
        out.push("hedge".to_string());
    }
    if (v.len() as f32) < PARTIAL * r.len() as f32 {
        out.push("partial".to_string());
    }
    out
}

/// The quote lineups of a drop, largest (most outlets) first.
///
/// Quotes meet across aligned paragraphs: paragraphs linked pairwise, or members of one group
/// (the group joins what the pairwise links reach only through a third outlet).
///
/// Quotes in two languages share no words: they meet only in aligned paragraphs, by the
/// semantic score of their sentences (`sentence_score`, `None` without a semantic scorer).
pub fn lineups(
    articles: &[Article],
    links: &[Link],
    groups: &[Group],
    sentence_score: &SentenceScore,
    deadline: Duration,
) -> Vec<QuoteGroup> {
    let recs = records(articles);
    let aligned = Aligned::new(links, groups);
    let mut same = same_statements(&recs, &aligned, sentence_score);
    let view = recs_view(&recs);
    let mut out: Vec<QuoteGroup> = statements(&mut same, recs.len())
        .into_iter()
        .map(|ks| {
            let mut group = lineup(&recs, &ks, deadline);
            let homes: BTreeSet<(usize, usize)> = ks
                .iter()
                .map(|&k| (recs[k].article, recs[k].paragraph))
                .collect();
            let near = neighbours(&homes, links, groups, &aligned.group_of);
            add_indirect(
                articles,
                &near,
                &ks,
                &view,
                &group.speaker,
                &mut group.variants,
                deadline,
            );
            add_indirect_across(
                articles,
                &near,
                &recs,
                &group.speaker,
                &mut group.variants,
                sentence_score,
            );
            group
        })
        .collect();
    out.sort_by(|x, y| {
        outlets(y).cmp(&outlets(x)).then(
            (x.variants[0].article, x.variants[0].span)
                .cmp(&(y.variants[0].article, y.variants[0].span)),
        )
    });
    out
}

/// Every quote of the drop, article by article, in reading order.
fn records(articles: &[Article]) -> Vec<Rec> {
    articles
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, art)| {
            art.paragraphs
                .iter()
                .enumerate()
                .flat_map(move |(p, para)| {
                    let language = art.language.as_deref();
                    let quotes = quotes_written_in(&para.text, language);
                    quotes.into_iter().map(move |q| {
                        let (start, end) = (para.start + q.start, para.start + q.end);
                        let sentence = para
                            .sentences
                            .iter()
                            .rposition(|s| s.start <= start)
                            .unwrap_or(0);
                        let around = unquoted_context(para, start, end);
                        Rec {
                            article: a,
                            paragraph: p,
                            start,
                            end,
                            sentence,
                            terms: terms_of(&q.text),
                            words: quote_words(&q.text),
                            context: quote_words(&around),
                            text: q.text,
                            speaker: q.speaker,
                            verb: q.verb,
                            language: language.map(str::to_string),
                        }
                    })
                })
        })
        .collect()
}

/// Which paragraphs (article, paragraph) the alignment puts together: pairwise links, and
/// the groups each paragraph is in as a member or as one that also carries the claim.
struct Aligned {
    /// Both directions of every link.
    linked: BTreeSet<((usize, usize), (usize, usize))>,
    group_of: BTreeMap<(usize, usize), Vec<usize>>,
}

impl Aligned {
    fn new(links: &[Link], groups: &[Group]) -> Aligned {
        let linked = links
            .iter()
            .flat_map(|l| {
                let (a, b) = ((l.a.article, l.a.paragraph), (l.b.article, l.b.paragraph));
                [(a, b), (b, a)]
            })
            .collect();
        let mut group_of: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for g in groups {
            for m in g.members.iter().chain(&g.also) {
                group_of
                    .entry((m.article, m.paragraph))
                    .or_default()
                    .push(g.id);
            }
        }
        Aligned { linked, group_of }
    }

    /// Linked, or in one group.
    fn together(&self, a: (usize, usize), b: (usize, usize)) -> bool {
        self.linked.contains(&(a, b))
            || self.group_of.get(&a).is_some_and(|ga| {
                self.group_of
                    .get(&b)
                    .is_some_and(|gb| ga.iter().any(|g| gb.contains(g)))
            })
    }
}

/// Both quotes name their speaker, and it is the same person (by surname, spelt either way).
fn same_speaker(x: &Rec, y: &Rec) -> bool {
    match (&x.speaker, &y.speaker) {
        (Some(a), Some(b)) => same_person(a, b),
        _ => false,
    }
}

/// Both quotes name their speaker, and they differ: two people never said the same quote.
fn other_speaker(x: &Rec, y: &Rec) -> bool {
    match (&x.speaker, &y.speaker) {
        (Some(a), Some(b)) => !same_person(a, b),
        _ => false,
    }
}

/// The quotes that render one statement, joined pair by pair: every pair of quotes in a small
/// drop, only quotes of linked paragraphs in a large one.
fn same_statements(recs: &[Rec], aligned: &Aligned, score: &SentenceScore) -> UnionFind {
    let mut same = UnionFind::new(recs.len());
    if recs.len() <= ALL_PAIRS_LIMIT {
        join_all_pairs(recs, aligned, score, &mut same);
    } else {
        join_linked(recs, aligned, score, &mut same);
    }
    same
}

/// Any two quotes of different outlets with the same terms, or by one speaker with the same
/// words (fewer of them needed where the paragraphs are aligned).
fn join_all_pairs(recs: &[Rec], together: &Aligned, score: &SentenceScore, same: &mut UnionFind) {
    for x in 0..recs.len() {
        for y in x + 1..recs.len() {
            let (rx, ry) = (&recs[x], &recs[y]);
            if rx.article == ry.article || other_speaker(rx, ry) {
                continue;
            }
            let aligned = together.together((rx.article, rx.paragraph), (ry.article, ry.paragraph));
            if other_languages(rx, ry) {
                if aligned && renders_across_languages(recs, together, x, y, score) {
                    same.join(x, y);
                }
                continue;
            }
            let same_words = statement_overlap(rx, ry);
            if same_quote(&rx.terms, &ry.terms)
                || (same_speaker(rx, ry)
                    && (same_words >= SPEAKER_SAME_QUOTE
                        || aligned && same_words >= ALIGNED_SAME_QUOTE))
            {
                same.join(x, y);
            }
        }
    }
}

/// Quotes of linked paragraphs only. The same statement may be rendered with few shared words
/// when the paragraphs align and the speaker is the same; then a quote meets the other
/// paragraph's quote it shares most words with, and only if that choice is mutual: a
/// paragraph quoting two statements never merges them.
fn join_linked(recs: &[Rec], aligned: &Aligned, score: &SentenceScore, same: &mut UnionFind) {
    for &((aa, ap), (ba, bp)) in &aligned.linked {
        for x in in_paragraph(recs, aa, ap) {
            for y in in_paragraph(recs, ba, bp) {
                let (rx, ry) = (&recs[x], &recs[y]);
                if other_speaker(rx, ry) {
                    continue;
                }
                if other_languages(rx, ry) {
                    if renders_across_languages(recs, aligned, x, y, score) {
                        same.join(x, y);
                    }
                    continue;
                }
                if same_quote(&rx.terms, &ry.terms)
                    || (same_speaker(rx, ry) && mutual_best(recs, x, y) && same_statement(rx, ry))
                {
                    same.join(x, y);
                }
            }
        }
    }
}

/// The quotes of one paragraph.
fn in_paragraph(recs: &[Rec], art: usize, p: usize) -> Vec<usize> {
    (0..recs.len())
        .filter(|&k| recs[k].article == art && recs[k].paragraph == p)
        .collect()
}

/// The quote of paragraph `p` of article `art` sharing most terms with quote `x` (one term
/// at least; the first on a tie).
fn best_in(recs: &[Rec], x: usize, art: usize, p: usize) -> Option<usize> {
    in_paragraph(recs, art, p)
        .into_iter()
        .map(|k| (shared(&recs[x].terms, &recs[k].terms), k))
        .filter(|&(n, _)| n >= 1)
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, k)| k)
}

/// Each of quotes `x` and `y` is the other's best match in the other's paragraph.
fn mutual_best(recs: &[Rec], x: usize, y: usize) -> bool {
    best_in(recs, x, recs[y].article, recs[y].paragraph) == Some(y)
        && best_in(recs, y, recs[x].article, recs[x].paragraph) == Some(x)
}

/// The sets of quotes rendering one statement, each in reading order, ordered by root.
fn statements(same: &mut UnionFind, n: usize) -> Vec<Vec<usize>> {
    let mut sets: BTreeMap<usize, Vec<usize>> = Default::default();
    for k in 0..n {
        sets.entry(same.root(k)).or_default().push(k);
    }
    sets.into_values().collect()
}

/// The lineup of one statement's quotes `ks`: each rendering with its flags and word diff
/// against the first, the speaker the first that names one says.
fn lineup(recs: &[Rec], ks: &[usize], deadline: Duration) -> QuoteGroup {
    let reference = &recs[ks[0]];
    let variants = ks
        .iter()
        .map(|&k| {
            let r = &recs[k];
            // A translation differs in every word: no diff, no flags.
            let first = k == ks[0] || other_languages(reference, r);
            QuoteVariant {
                article: r.article,
                paragraph: r.paragraph,
                text: r.text.clone(),
                span: TextSpan::new(r.start, r.end),
                speaker: r.speaker.clone(),
                verb: r.verb.clone(),
                indirect: false,
                flags: if first {
                    Vec::new()
                } else {
                    flags(&reference.text, &r.text)
                },
                diff: if first {
                    Vec::new()
                } else {
                    word_diff(&reference.text, &r.text, deadline)
                },
                language: r.language.clone(),
            }
        })
        .collect();
    let speaker = ks.iter().find_map(|&k| recs[k].speaker.clone());
    QuoteGroup { speaker, variants }
}

/// How many outlets a lineup spans.
fn outlets(g: &QuoteGroup) -> usize {
    g.variants
        .iter()
        .map(|v| v.article)
        .collect::<BTreeSet<_>>()
        .len()
}

/// What indirect-speech matching needs of each quote: (article, paragraph, words, text).
fn recs_view(recs: &[Rec]) -> Vec<(usize, usize, &[String], &str)> {
    recs.iter()
        .map(|r| (r.article, r.paragraph, r.words.as_slice(), r.text.as_str()))
        .collect()
}

/// The paragraphs aligned with any of `homes` (linked to one, or in its group), homes left out.
fn neighbours(
    homes: &BTreeSet<(usize, usize)>,
    links: &[Link],
    groups: &[Group],
    group_of: &BTreeMap<(usize, usize), Vec<usize>>,
) -> BTreeSet<(usize, usize)> {
    let mut out = BTreeSet::new();
    for l in links {
        let (a, b) = ((l.a.article, l.a.paragraph), (l.b.article, l.b.paragraph));
        if homes.contains(&a) {
            out.insert(b);
        }
        if homes.contains(&b) {
            out.insert(a);
        }
    }
    let ids: BTreeSet<usize> = homes
        .iter()
        .filter_map(|h| group_of.get(h))
        .flatten()
        .copied()
        .collect();
    for g in groups.iter().filter(|g| ids.contains(&g.id)) {
        out.extend(
            g.members
                .iter()
                .chain(&g.also)
                .map(|m| (m.article, m.paragraph)),
        );
    }
    out.retain(|p| !homes.contains(p));
    out
}

#[cfg(test)]
mod tests {
    use super::across::ACROSS_SAME_QUOTE;
    use super::*;
    use crate::align::Member;
    use crate::ingest::{article_from_bytes, LoadOptions};
    use crate::similarity::SentenceRef;

    fn article(name: &str, text: &str) -> Article {
        article_from_bytes(name, text.as_bytes(), &LoadOptions::default()).unwrap()
    }

    /// An English and a Russian article, their second paragraphs to be linked: each quotes Ushakov
    /// twice in one sentence, in the same order.
    fn renderings() -> Vec<Article> {
        let en = article(
            "en.txt",
            "Talks in Moscow\n\nThe talks in Moscow between the American delegation and the Russian side lasted five hours and ended after midnight on Tuesday without any agreement on the territorial questions that divide the two sides.\n\nYuri Ushakov said the sides were \u{201c}neither closer nor further\u{201d} from a settlement and that \u{201c}a lot of work remains\u{201d} before any summit.\n",
        );
        let ru = article(
            "ru.txt",
            "Переговоры в Москве\n\nПереговоры в Москве между американской делегацией и российской стороной продолжались пять часов и закончились после полуночи во вторник без договорённости по территориальным вопросам.\n\nУшаков сказал, что стороны «не стали ни ближе, ни дальше» от урегулирования и что «работы ещё очень много» до любого саммита.\n",
        );
        vec![en, ru]
    }

    fn link(a: (usize, usize), b: (usize, usize)) -> Link {
        let m = |(article, paragraph)| Member { article, paragraph };
        Link {
            a: m(a),
            b: m(b),
            score: 0.5,
            sentences: Vec::new(),
        }
    }

    #[test]
    fn quotes_in_two_languages_line_up_by_the_semantic_score_of_their_sentences() {
        let arts = renderings();
        assert_eq!(arts[1].language.as_deref(), Some("ru"));
        let links = [link((0, 1), (1, 1))];
        let translated = |_: SentenceRef, _: SentenceRef| Some(0.7);
        let got = lineups(&arts, &links, &[], &translated, Duration::from_millis(50));
        let across: Vec<&QuoteGroup> = got.iter().filter(|q| q.variants.len() == 2).collect();
        assert_eq!(across.len(), 2, "{got:#?}");
        // One sentence holds both quotes on each side: their order pairs them.
        assert_eq!(across[0].variants[0].text, "neither closer nor further");
        assert_eq!(across[0].variants[1].text, "не стали ни ближе, ни дальше");
        assert_eq!(across[1].variants[1].text, "работы ещё очень много");
        let ru = &across[0].variants[1];
        assert_eq!(across[0].language_mark(ru), Some("ru"));
        assert!(
            ru.diff.is_empty() && ru.flags.is_empty(),
            "a translation gets no word diff"
        );

        // Without a semantic score, or with a low one, nothing crosses the languages.
        let none = |_: SentenceRef, _: SentenceRef| None;
        let low = |_: SentenceRef, _: SentenceRef| Some(ACROSS_SAME_QUOTE - 0.1);
        for score in [&none as &SentenceScore, &low] {
            let got = lineups(&arts, &links, &[], score, Duration::from_millis(50));
            assert!(got.iter().all(|q| q.variants.len() == 1), "{got:#?}");
        }
        // Nor without the paragraphs aligned.
        let got = lineups(&arts, &[], &[], &translated, Duration::from_millis(50));
        assert!(got.iter().all(|q| q.variants.len() == 1));
    }

    #[test]
    fn indirect_speech_in_another_language_joins_by_the_semantic_score_of_its_sentence() {
        let fr = article(
            "fr.txt",
            "Les pourparlers de Moscou\n\nLes pourparlers entre la délégation américaine et la partie russe ont duré cinq heures et se sont achevés après minuit mardi, sans accord sur les questions territoriales qui divisent les deux camps.\n\nLes négociations reprendront en janvier à Genève. Iouri Ouchakov a déclaré que les deux parties n'étaient ni plus proches ni plus éloignées d'un règlement.\n",
        );
        let arts = vec![renderings().remove(0), fr];
        assert_eq!(arts[1].language.as_deref(), Some("fr"));
        let links = [link((0, 1), (1, 1))];
        // The French paragraph's second sentence renders the English quote's sentence.
        let rendering = |a: SentenceRef, b: SentenceRef| {
            let fr = if a.article == 1 { a } else { b };
            Some(if fr.sentence == 1 { 0.7 } else { 0.3 })
        };
        let got = lineups(&arts, &links, &[], &rendering, Duration::from_millis(50));
        let ushakov = got
            .iter()
            .find(|q| q.variants[0].text == "neither closer nor further")
            .expect("the Ushakov lineup");
        let fr: Vec<&QuoteVariant> = ushakov.variants.iter().filter(|v| v.article == 1).collect();
        assert_eq!(fr.len(), 1, "{ushakov:#?}");
        assert!(fr[0].indirect && fr[0].text.starts_with("Iouri Ouchakov a déclaré"));
        assert_eq!(fr[0].language.as_deref(), Some("fr"));
        assert!(fr[0].diff.is_empty() && fr[0].flags.is_empty());

        // Below the bar, or naming another speaker, it stays out.
        let low = |_: SentenceRef, _: SentenceRef| Some(ACROSS_SAME_QUOTE - 0.1);
        let got = lineups(&arts, &links, &[], &low, Duration::from_millis(50));
        assert!(got.iter().all(|q| q.variants.len() == 1), "{got:#?}");
        let mut other = arts.clone();
        let p = &mut other[1].paragraphs[1];
        p.sentences[1].text = p.sentences[1]
            .text
            .replace("Iouri Ouchakov", "Dmitri Peskov");
        let got = lineups(&other, &links, &[], &rendering, Duration::from_millis(50));
        assert!(got.iter().all(|q| q.variants.len() == 1), "{got:#?}");
    }

    #[test]
    fn flags_catch_a_dropped_negation_an_added_hedge_and_half_a_quote() {
        assert_eq!(flags("we are not ready", "we are ready"), vec!["negation"]);
        assert_eq!(
            flags("the plan is acceptable", "the plan may be acceptable"),
            vec!["hedge"]
        );
        assert_eq!(
            flags(
                "there is a lot of work to be done in Moscow and Washington",
                "a lot of work"
            ),
            vec!["partial"]
        );
        assert!(flags(
            "They don't have a peace agenda",
            "They don’t have a peace agenda"
        )
        .is_empty());
    }

    #[test]
    fn a_negation_counts_only_in_the_part_the_other_rendering_covers() {
        // 000 ¶2 against 003 ¶1: "Not further" keeps the negation.
        assert!(flags(
            "neither further nor closer to resolving the crisis in Ukraine.",
            "Not further, that’s for sure."
        )
        .iter()
        .all(|f| f != "negation"));
        // 000 ¶2 against 001 ¶2: the excerpt renders the un-negated second sentence.
        assert!(!flags(
            "neither further nor closer to resolving the crisis in Ukraine. There is a lot of work to be done.",
            "there is still a lot of work to be done."
        )
        .contains(&"negation".to_string()));
        // 002 ¶22 against 004 ¶18: "not his advisers" is a clause the other leaves out.
        assert!(!flags(
            "The decisions have to be made, in the case of Russia, by Putin alone - not his advisers, Putin only. Putin can end this war on the Russian side.",
            "Only Putin can end this war from the Russian side,"
        )
        .contains(&"negation".to_string()));
        // A negation dropped from the clause both render is still flagged.
        assert_eq!(
            flags(
                "Russia does not intend to fight Europe, but we are ready",
                "Russia intends to fight Europe"
            ),
            vec!["negation", "partial"]
        );
    }
}
