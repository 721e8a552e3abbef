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
//! disagree.
//!
//! Numbers are read as news writes them: digits with thousands separators
//! ("11,300", "4.000"), decimals ("22.5"), scale words ("20 ألفا", "$300bn",
//! "4 آلاف و540"), and number words from `rules/numbers.toml`.

use super::quantity::Quantity;
use crate::recognize::{Mention, PhraseIndex, Sentence};
use crate::rules::Rules;
use std::collections::HashMap;

/// One counted figure of a sentence.
#[derive(Debug, Clone)]
pub struct Count {
    pub quantity: Quantity,
    /// Token where the counted phrase starts (number or lead).
    pub at: usize,
}

/// Everything built once from the rules to find claims.
#[derive(Debug)]
pub struct ClaimFinder {
    counts: PhraseIndex<usize>,
    leads: PhraseIndex<usize>,
    verbs: PhraseIndex<usize>,
    parts: PhraseIndex<()>,
    interim: PhraseIndex<()>,
    units: PhraseIndex<()>,
    /// Keys of one-word number words, matched strictly ("hundreds" is not 100).
    number_words: std::collections::HashSet<String>,
    heads: PhraseIndex<usize>,
    numbers: PhraseIndex<f64>,
    scales: PhraseIndex<f64>,
    hedges: HashMap<String, String>,
}

/// How many tokens may stand between a number and the noun it counts
/// ("95 Palestinian prisoners", "2,300 have been killed").
const NOUN_GAP: usize = 3;
/// How far after a lead phrase ("the death toll has risen to") its number may come.
const LEAD_REACH: usize = 7;
/// How far before a figure a part marker ("بينهم", "a previous report that
/// said") still governs it, within its clause.
const PART_REACH: usize = 5;

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
        let mut parts = PhraseIndex::default();
        for w in &rules.part_markers {
            parts.add(w, ());
        }
        let mut interim = PhraseIndex::default();
        for w in &rules.interim_markers {
            interim.add(w, ());
        }
        let mut units = PhraseIndex::default();
        for w in &rules.measures {
            units.add(w, ());
        }
        let number_words = rules
            .numbers
            .iter()
            .flat_map(|n| n.words.iter())
            .map(|w| crate::recognize::phrase_keys(w))
            .filter(|k| k.len() == 1)
            .map(|k| k[0].clone())
            .collect();
        let mut heads = PhraseIndex::default();
        for (i, h) in rules.heads.iter().enumerate() {
            for w in &h.words {
                heads.add(w, i);
            }
        }
        let mut numbers = PhraseIndex::default();
        for n in &rules.numbers {
            for w in &n.words {
                numbers.add(w, n.value);
            }
        }
        let mut scales = PhraseIndex::default();
        for n in &rules.scales {
            for w in &n.words {
                scales.add(w, n.value);
            }
        }
        let hedges = rules
            .hedges
            .iter()
            .flat_map(|h| {
                h.words
                    .iter()
                    .flat_map(|w| crate::recognize::phrase_keys(w))
                    .map(move |k| (k, h.kind.clone()))
            })
            .collect();
        ClaimFinder {
            counts,
            leads,
            verbs,
            parts,
            interim,
            units,
            number_words,
            heads,
            numbers,
            scales,
            hedges,
        }
    }

    /// Every counted figure of a sentence. Numbers inside a name (a year in
    /// "the 2025 edition", a date) have no counted noun and are left out.
    pub fn counts(
        &self,
        rules: &Rules,
        s: &Sentence,
        mentions: &[Mention],
        original: &str,
    ) -> Vec<Count> {
        let n = s.tokens.len();
        let leads = self.leads.scan(s);
        let verbs = self.verbs.scan(s);
        let parts = self.parts.scan(s);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let Some((value, end)) = self.number_at(s, i) else {
                i += 1;
                continue;
            };
            if self.not_a_count(s, mentions, i, end, value) {
                i = end;
                continue;
            }
            // "بينهم 3 آلاف", "including 500", "50 for each": a part or a rate
            let part = parts.iter().any(|&(_, pb, _)| {
                pb <= i
                    && i - pb <= PART_REACH
                    && !(pb..i)
                        .any(|k| k > 0 && s.gap(k - 1, k).chars().any(|c| ",;:()".contains(c)))
            }) || self
                .parts
                .find_in(s, end, end + 5)
                .is_some_and(|(pa, _, _)| {
                    !(end..=pa)
                        .any(|k| k > 0 && s.gap(k - 1, k).chars().any(|c| ",;:()".contains(c)))
                });
            let ordinal = s.tokens[i].text.starts_with("ال");
            let mut class = None;
            let mut last = end;
            if !ordinal {
                for k in end..(end + NOUN_GAP).min(n) {
                    // "killed 253 people and injured 5,000": a conjunction
                    // ends the noun phrase the number counts
                    if s.gap(k - 1, k).chars().any(|c| ",;:()".contains(c))
                        || (k > end && matches!(s.tokens[k].text.as_str(), "and" | "or" | "but"))
                    {
                        break;
                    }
                    if let Some(&(e, &c)) = self.counts.at(s, k).first() {
                        class = Some(c);
                        last = e;
                        break;
                    }
                }
            }
            if class.is_none() {
                // "$300bn": a sign before the number
                let before = if i > 0 {
                    s.gap(i - 1, i)
                } else {
                    &s.norm.text[..s.tokens[i].start]
                };
                class = rules.counts.iter().position(|c| {
                    c.symbols
                        .iter()
                        .any(|y| before.trim_end().ends_with(y.as_str()))
                });
            }
            let mut at = i;
            let hedges_only = |a: usize, b: usize| {
                (a..b).all(|k| {
                    let w = crate::normalize::key(&s.tokens[k].text);
                    self.hedges.contains_key(w) || matches!(w, "at" | "than" | "من" | "to" | "الى")
                })
            };
            if class.is_none() && !ordinal {
                // "killing 2,300", "killed some 1,200"
                if let Some(&(va, _, &c)) = verbs
                    .iter()
                    .rev()
                    .find(|(_, vb, _)| *vb <= i && hedges_only(*vb, i))
                {
                    class = Some(c);
                    at = va;
                } else if let Some(&(la, _, &c)) = leads.iter().rev().find(|(la, lb, _)| {
                    *lb <= i
                        && i - lb <= LEAD_REACH
                        && *la < i
                        && !(*lb..i).any(|k| s.gap(k, k + 1).chars().any(|ch| ",;:()".contains(ch)))
                }) {
                    // "the death toll rose to 11,300"
                    class = Some(c);
                    at = la;
                }
            }
            if class.is_none() && ordinal {
                // "الدول العربية الـ22": the noun before an article-marked number
                for back in 1..=3usize.min(i) {
                    if let Some(&(e, &c)) = self.counts.at(s, i - back).first() {
                        if e <= i {
                            class = Some(c);
                            at = i - back;
                            break;
                        }
                    }
                }
            }
            let Some(class) = class else {
                i = end;
                continue;
            };
            // "the two teams", "المنتخبات الأربعة": a small figure with an
            // article names a group the reader already knows, it counts nothing new
            let definite = ordinal
                || (i > 0
                    && matches!(
                        s.tokens[i - 1].text.as_str(),
                        "the" | "these" | "those" | "both"
                    ));
            if part || (definite && value < 10.0) {
                i = last.max(end);
                continue;
            }
            let qualifier = self.qualifier(s, i);
            let lo = i.min(at);
            out.push(Count {
                quantity: Quantity {
                    value,
                    unit: rules.counts[class].class.clone(),
                    text: s.token_span(lo, last).slice(original).to_string(),
                    qualifier,
                    tokens: (lo, last),
                },
                at: lo,
            });
            i = last.max(end);
        }
        // several figures of one class in a sentence are its parts ("87 goals
        // in the group stage, 22 in the last sixteen…") or a correction of
        // one by another: neither is a total to compare
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for c in &out {
            *seen.entry(c.quantity.unit.as_str()).or_default() += 1;
        }
        let keep: Vec<bool> = out
            .iter()
            .map(|c| seen[c.quantity.unit.as_str()] == 1)
            .collect();
        out.into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect()
    }

    /// Numbers that count nothing: part of a name or a date, a year, a
    /// score or a clock time ("1-0", "8:30"), a duration ("24 hours").
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
        bare_year || before || after || !self.units.at(s, end).is_empty()
    }

    /// Does the sentence tell its figures as standing so far?
    pub fn interim(&self, s: &Sentence) -> bool {
        self.interim.find_in(s, 0, s.tokens.len()).is_some()
    }

    /// The lemma of the head nearest to token `at` in the sentence.
    pub fn head_near(&self, rules: &Rules, s: &Sentence, at: usize) -> Option<String> {
        self.heads
            .scan(s)
            .into_iter()
            .min_by_key(|(a, _, _)| a.abs_diff(at))
            .map(|(_, _, &h)| rules.heads[h].lemma.clone())
    }

    /// "about", "more than", "at least", "نحو", "أكثر من" before token `i`.
    fn qualifier(&self, s: &Sentence, i: usize) -> Option<String> {
        [i.checked_sub(1), i.checked_sub(2)]
            .into_iter()
            .flatten()
            .filter_map(|k| s.tokens.get(k))
            .find_map(|t| self.hedges.get(crate::normalize::key(&t.text)).cloned())
    }

    /// A number starting at token `i`: its value and the token after it.
    fn number_at(&self, s: &Sentence, i: usize) -> Option<(f64, usize)> {
        let t = &s.tokens[i].text;
        let digits_start = t.find(|c: char| c.is_ascii_digit());
        let (mut value, mut end) = match digits_start {
            Some(p) if t[..p].chars().all(|c| !c.is_ascii_digit()) && p <= 6 => {
                let rest = &t[p..];
                let d_end = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let (digits, suffix) = rest.split_at(d_end);
                if digits.len() > 7 {
                    return None;
                }
                let mut v: f64 = digits.parse().ok()?;
                let mut e = i + 1;
                // "11,300", "4.000", "22.5"
                while e < s.tokens.len() && suffix.is_empty() {
                    let gap = s.gap(e - 1, e);
                    let next = &s.tokens[e].text;
                    if !next.chars().all(|c| c.is_ascii_digit()) {
                        break;
                    }
                    if (gap == "," || gap == ".") && next.len() == 3 {
                        v = v * 1000.0 + next.parse::<f64>().ok()?;
                        e += 1;
                    } else if gap == "." && next.len() <= 2 {
                        let frac: f64 = format!("0.{next}").parse().ok()?;
                        v += frac;
                        e += 1;
                        break;
                    } else {
                        break;
                    }
                }
                // "300bn", "5m": a scale glued to the digits
                if !suffix.is_empty() {
                    let sc = self
                        .scales
                        .at_word(suffix)
                        .or_else(|| matches!(suffix, "k").then_some(1000.0))?;
                    v *= sc;
                }
                (v, e)
            }
            _ => {
                let &(e, &v) = self.numbers.at(s, i).first()?;
                let strict = s.forms[i]
                    .strict()
                    .iter()
                    .any(|f| self.number_words.contains(crate::normalize::key(f)));
                if e == i + 1 && !strict {
                    return None;
                }
                (v, e)
            }
        };
        // "20 ألفا", "1.3 trillion", "4 آلاف و540"
        if let Some(&(e, &sc)) = self.scales.at(s, end).first() {
            value *= sc;
            end = e;
            if let Some(next) = s.tokens.get(end) {
                if let Some(rest) = next.text.strip_prefix('و') {
                    if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
                        value += rest.parse::<f64>().unwrap_or(0.0);
                        end += 1;
                    }
                }
            }
        }
        Some((value, end))
    }
}
