//! Generic claims: the counted figures a sentence gives, whatever event it
//! reports.
//!
//! Most of what fact-checkers check is not one of the predicates in
//! `rules/predicates.toml`: a death toll, how many heads of state came, how
//! many goals a tournament saw. A claim here is a number with the noun it
//! counts ("11,300 dead", "خمسة رؤساء دول"), read from `rules/claims.toml`,
//! together with the head the sentence is about (attend, release, die…), the
//! entities it names, its modality, polarity and attribution, and its content
//! words. The comparator aligns claims from different sources by class and
//! context (see `compare/claims.rs`); nothing here decides that two claims
//! disagree. Numbers are read by the [`NumberReader`] quantities use.

use super::quantity::{hedges, qualifier_before, Hedges, NumberReader, Quantity};
use crate::recognize::{Mention, PhraseIndex, Sentence};
use crate::rules::Rules;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// The predicate generic claims carry.
pub const CLAIM: &str = "claim";
/// A claim's `status` when its figure is told as standing so far.
pub const INTERIM: &str = "interim";
/// A claim's `status` when its figure corrects an earlier one.
pub const CORRECTION: &str = "correction";

/// Everything built once from the rules to find claims.
#[derive(Debug)]
pub struct ClaimFinder {
    numbers: NumberReader,
    hedges: Hedges,
    counts: PhraseIndex<usize>,
    leads: PhraseIndex<usize>,
    verbs: PhraseIndex<usize>,
    heads: PhraseIndex<usize>,
    scopes: PhraseIndex<usize>,
    parts: PhraseIndex<()>,
    rates: PhraseIndex<()>,
    members: PhraseIndex<()>,
    interim: PhraseIndex<()>,
    corrections: PhraseIndex<()>,
    measures: PhraseIndex<()>,
    conjunctions: HashSet<String>,
    determiners: HashSet<String>,
    set_determiners: HashSet<String>,
    exceptions: HashSet<String>,
    number_links: HashSet<String>,
    open_gap: HashSet<String>,
}

/// How many tokens may stand between a number and the noun it counts
/// ("95 Palestinian prisoners", "2,300 have been killed").
const NOUN_GAP: usize = 3;
/// How many words that leave the noun phrase open ("reported", "feared")
/// the gap may hold besides.
const OPEN_GAP_WORDS: usize = 1;
/// How far after a lead phrase ("the death toll has risen to") its number
/// may come, with no break between: "the death toll from the landslide in
/// northern Nepal has risen to 1,200".
const LEAD_REACH: usize = 10;
/// How far before a figure a part marker ("بينهم", "a previous report that
/// said") still governs it, within its clause.
const PART_REACH: usize = 5;
/// How far after a figure a rate marker ("50 prisoners for each") may come.
const RATE_REACH: usize = 5;
/// A figure below this with a determiner ("the two teams") names a known group.
const SMALL_FIGURE: f64 = 10.0;

/// Punctuation before token `k` that ends the phrase a figure belongs to.
fn breaks_before(s: &Sentence, k: usize) -> bool {
    k > 0 && s.gap(k - 1, k).chars().any(|c| ",;:()".contains(c))
}

/// No phrase break among tokens `(a, b]`.
fn unbroken(s: &Sentence, a: usize, b: usize) -> bool {
    !(a + 1..=b).any(|k| breaks_before(s, k))
}

fn word_set(words: &[String]) -> HashSet<String> {
    words
        .iter()
        .flat_map(|w| crate::recognize::phrase_keys(w))
        .collect()
}

fn phrase_set(words: &[String]) -> PhraseIndex<()> {
    let mut ix = PhraseIndex::default();
    for w in words {
        ix.add(w, ());
    }
    ix
}

/// Phrase scans a sentence needs only once it has a number.
struct Scans<'a> {
    leads: Vec<(usize, usize, &'a usize)>,
    verbs: Vec<(usize, usize, &'a usize)>,
    parts: Vec<(usize, usize, &'a ())>,
}

impl ClaimFinder {
    pub fn new(rules: &Rules) -> ClaimFinder {
        let mut counts = PhraseIndex::default();
        let mut leads = PhraseIndex::default();
        let mut verbs = PhraseIndex::default();
        for (i, c) in rules.counts.iter().enumerate() {
            for w in &c.words {
                counts.add(w, i);
            }
            for w in &c.leads {
                leads.add(w, i);
            }
            for w in &c.verbs {
                verbs.add(w, i);
            }
        }
        let mut heads = PhraseIndex::default();
        for (i, h) in rules.heads.iter().enumerate() {
            for w in &h.words {
                heads.add(w, i);
            }
        }
        let mut scopes = PhraseIndex::default();
        for (i, h) in rules.scopes.iter().enumerate() {
            for w in &h.words {
                scopes.add(w, i);
            }
        }
        let words = &rules.claim_words;
        ClaimFinder {
            scopes,
            numbers: NumberReader::new(rules),
            hedges: hedges(rules),
            counts,
            leads,
            verbs,
            heads,
            parts: phrase_set(&words.part),
            rates: phrase_set(&words.rate),
            members: phrase_set(&words.member),
            interim: phrase_set(&words.interim),
            corrections: phrase_set(&words.correction),
            measures: phrase_set(&words.measure),
            conjunctions: word_set(&words.conjunction),
            determiners: word_set(&words.determiner),
            set_determiners: word_set(&words.set_determiner),
            exceptions: word_set(&words.exception),
            number_links: word_set(&words.number_link),
            open_gap: word_set(&words.open_gap),
        }
    }

    /// Every counted figure of a sentence, the count class as its unit.
    /// Numbers inside a name, years, dates, scores and measures are left
    /// out, and so are parts, rates and a sentence's breakdowns.
    pub fn counts(
        &self,
        rules: &Rules,
        s: &Sentence,
        mentions: &[Mention],
        original: &str,
    ) -> Vec<Quantity> {
        let n = s.tokens.len();
        let mut scans: Option<Scans> = None;
        let mut out: Vec<Quantity> = Vec::new();
        let mut i = 0;
        while i < n {
            let Some((value, end)) = self.numbers.read(s, i) else {
                i += 1;
                continue;
            };
            if self.not_a_count(s, mentions, i, end, value) {
                i = end;
                continue;
            }
            let scans = scans.get_or_insert_with(|| Scans {
                leads: self.leads.scan(s),
                verbs: self.verbs.scan(s),
                parts: self.parts.scan(s),
            });
            let Some((class, lo, last)) = self.class_of(rules, s, scans, i, end) else {
                i = end;
                continue;
            };
            // "بينهم 3 آلاف", "including 500", "50 for each": a part or a rate
            let part = scans
                .parts
                .iter()
                .any(|&(_, pb, _)| pb <= i && i - pb <= PART_REACH && unbroken(s, pb - 1, i))
                || self
                    .rates
                    .find_in(s, end, end + RATE_REACH)
                    .is_some_and(|(pa, _, _)| unbroken(s, end - 1, pa));
            // "the two teams", "المنتخبات الأربعة": a small figure with an
            // article names a group the reader already knows
            let known_group = value < SMALL_FIGURE
                && (is_ordinal(s, i)
                    || (i > 0 && self.determiners.contains(s.tokens[i - 1].text.as_str())));
            if !(part || known_group) {
                out.push(Quantity {
                    value,
                    unit: rules.counts[class].class.clone(),
                    text: s.token_span(lo, last).slice(original).to_string(),
                    qualifier: qualifier_before(&self.hedges, s, i),
                    tokens: (lo, last),
                    size: rules.counts[class].standing && self.definite_figure(s, i),
                });
            }
            i = last.max(end);
        }
        // several figures of one class in a sentence are its parts ("87 goals
        // in the group stage, 22 in the last sixteen…") or a correction of
        // one by another: neither is a total to compare
        let mut per_class: HashMap<String, usize> = HashMap::default();
        for q in &out {
            *per_class.entry(q.unit.clone()).or_default() += 1;
        }
        out.retain(|q| per_class[&q.unit] == 1);
        out
    }

    /// What the number at `[i, end)` counts: (class, first token, token after
    /// the counted phrase).
    fn class_of(
        &self,
        rules: &Rules,
        s: &Sentence,
        scans: &Scans,
        i: usize,
        end: usize,
    ) -> Option<(usize, usize, usize)> {
        if is_ordinal(s, i) {
            // "الدول العربية الـ22": the noun before an article-marked number
            return (1..=3usize.min(i)).find_map(|back| {
                let &(e, &c) = self.counts.at(s, i - back).first()?;
                (e <= i).then_some((c, i - back, end))
            });
        }
        // the noun after the number: "95 Palestinian prisoners"; a word that
        // leaves the phrase open takes no room ("are reported missing")
        let open = (end..s.tokens.len())
            .take(NOUN_GAP + OPEN_GAP_WORDS)
            .filter(|&k| {
                self.open_gap
                    .contains(crate::normalize::key(&s.tokens[k].text))
            })
            .count()
            .min(OPEN_GAP_WORDS);
        for k in end..(end + NOUN_GAP + open).min(s.tokens.len()) {
            // "killed 253 people and injured 5,000": a conjunction ends the
            // noun phrase the number counts
            if breaks_before(s, k) || (k > end && self.conjunctions.contains(&s.tokens[k].text)) {
                break;
            }
            if let Some(&(e, &c)) = self.counts.at(s, k).first() {
                return Some((c, i, e));
            }
        }
        // "$300bn": a sign before the number
        let before = if i > 0 {
            s.gap(i - 1, i)
        } else {
            &s.norm.text[..s.tokens[i].start]
        };
        if let Some(c) = rules.counts.iter().position(|c| {
            c.symbols
                .iter()
                .any(|y| before.trim_end().ends_with(y.as_str()))
        }) {
            return Some((c, i, end));
        }
        // "killing 2,300", "killed some 1,200": a verb, hedges between
        let linked = |a: usize, b: usize| {
            (a..b).all(|k| {
                let w = crate::normalize::key(&s.tokens[k].text);
                self.hedges.contains_key(w) || self.number_links.contains(w)
            })
        };
        if let Some(&(va, _, &c)) = scans
            .verbs
            .iter()
            .rev()
            .find(|(_, vb, _)| *vb <= i && linked(*vb, i))
        {
            return Some((c, va, end));
        }
        // "the death toll rose to 11,300"
        scans
            .leads
            .iter()
            .rev()
            .find(|(la, lb, _)| {
                *lb <= i && i - lb <= LEAD_REACH && *la < i && unbroken(s, *lb - 1, i)
            })
            .map(|&(la, _, &c)| (c, la, end))
    }

    /// Numbers that count nothing: part of a name or a date, a year, a
    /// score or a clock time ("1-0", "8:30"), a measure ("24 hours").
    fn not_a_count(
        &self,
        s: &Sentence,
        mentions: &[Mention],
        i: usize,
        end: usize,
        value: f64,
    ) -> bool {
        if mentions.iter().any(|m| m.tokens.0 <= i && i < m.tokens.1) {
            return true;
        }
        let t = &s.tokens[i].text;
        let bare_year = end == i + 1
            && t.len() == 4
            && t.chars().all(|c| c.is_ascii_digit())
            && (1900.0..=2100.0).contains(&value);
        let joined = |g: &str| g.chars().any(|c| "-/:".contains(c)) && !g.contains(' ');
        let before = i > 0 && joined(s.gap(i - 1, i));
        let after = end < s.tokens.len() && joined(s.gap(end - 1, end));
        bare_year || before || after || !self.measures.at(s, end).is_empty()
    }

    /// Where the list of what a figure counts begins, between tokens `a`
    /// and `b`: "80 heads of state, including the prime minister of …".
    pub fn members_from(&self, s: &Sentence, a: usize, b: usize) -> Option<usize> {
        self.members.find_in(s, a, b).map(|(m, _, _)| m)
    }

    /// Does the sentence tell its figures as standing so far?
    pub fn interim(&self, s: &Sentence) -> bool {
        self.interim.find_in(s, 0, s.tokens.len()).is_some()
    }

    /// A figure told as the size of a known set: with the article
    /// ("الـ22"), after a possessive ("the bloc's 27") or a set determiner
    /// ("its 27", "the 22 member states").
    fn definite_figure(&self, s: &Sentence, i: usize) -> bool {
        is_ordinal(s, i)
            || (i > 0
                && self
                    .set_determiners
                    .contains(crate::normalize::key(&s.tokens[i - 1].text)))
            || (i > 1 && s.tokens[i - 1].text == "s" && s.gap(i - 2, i - 1).contains('\''))
    }

    /// Does the sentence tell its figures as a correction of earlier ones?
    pub fn correction(&self, s: &Sentence) -> bool {
        self.corrections.find_in(s, 0, s.tokens.len()).is_some()
    }

    /// The heads of a sentence: (token, lemma index).
    pub fn heads(&self, s: &Sentence) -> Vec<(usize, usize)> {
        self.heads
            .scan(s)
            .into_iter()
            .map(|(a, _, &h)| (a, h))
            .collect()
    }

    /// The scopes a sentence names: (token, scope index).
    pub fn scopes(&self, s: &Sentence) -> Vec<(usize, usize)> {
        self.scopes
            .scan(s)
            .into_iter()
            .map(|(a, _, &h)| (a, h))
            .collect()
    }

    /// Does an exception word ("سوى", "only") stand among tokens `[a, b)`?
    pub fn exception_in(&self, s: &Sentence, a: usize, b: usize) -> bool {
        (a..b).any(|j| {
            self.exceptions
                .contains(crate::normalize::key(&s.tokens[j].text))
        })
    }
}

/// A number written with the article ("الـ22", "الأربعة") follows its noun.
fn is_ordinal(s: &Sentence, i: usize) -> bool {
    s.tokens[i].text.starts_with("ال")
}
