//! Quantities with units: "20 عامًا", "لعشرين عاماً", "a 20-year term".
//!
//! A number (digits or a number word from the rules) counts only when a unit
//! word follows it, and not when a word such as "مجموعة" before it makes it
//! part of a name: "قمة مجموعة العشرين" is the G20, not twenty of anything.
//!
//! Numbers are read as news writes them, by one [`NumberReader`] that
//! generic claims share: digits with thousands separators ("11,300",
//! "4.000"), decimals ("22.5"), scale words ("20 ألفا", "$300bn", "4 آلاف
//! و540"), and number words from `rules/numbers.toml`.

use crate::recognize::{PhraseIndex, Sentence};
use crate::rules::Rules;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
    /// The original expression.
    pub text: String,
    /// A hedge before the number: `about`, `more` (more than), `less` (under).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Token range in its sentence.
    #[serde(skip)]
    pub tokens: (usize, usize),
    /// The size of a known set ("the bloc's 27 member states"), not the
    /// count of an occasion.
    #[serde(skip)]
    pub size: bool,
}

impl Quantity {
    /// The values the expression allows: "about 6" is 5.4–6.6, "more than 3"
    /// is above 3, "under 3" below it. A round figure is a rounding: "11
    /// ألفا" allows 11,300 and "4,000" allows 3,958 (see [`rounding`]).
    pub fn range(&self) -> (f64, f64) {
        let v = self.value;
        match self.qualifier.as_deref() {
            Some("about") => (v * 0.9, v * 1.1),
            Some("more") => (v, f64::INFINITY),
            Some("less") => (0.0, v),
            _ => {
                let r = rounding(v);
                (v - r, v + r)
            }
        }
    }

    /// Can both expressions describe the same amount?
    pub fn agrees(&self, other: &Quantity) -> bool {
        if self.unit != other.unit {
            return true;
        }
        let (a, b) = (self.range(), other.range());
        let eps = 1e-9;
        a.0 <= b.1 + eps && b.0 <= a.1 + eps
    }
}

/// Most a writer rounds a figure by, as a share of it.
const ROUNDING_SHARE: f64 = 0.05;

/// How far a round figure may stand from the exact one it rounds: a figure
/// of at most two significant digits that ends in at least two zeros (700,
/// 4,000, 11,000) rounds to its last significant place, by half of it and at
/// most a twentieth of the figure. Other figures (11,300; 4,540; 95)
/// are exact.
pub fn rounding(v: f64) -> f64 {
    if !(100.0..1e15).contains(&v) || v.fract() != 0.0 {
        return 0.0;
    }
    let mut n = v as u64;
    let mut place = 1u64;
    while n.is_multiple_of(10) {
        n /= 10;
        place *= 10;
    }
    if place < 100 || n >= 100 {
        return 0.0;
    }
    (place as f64 / 2.0).min(v * ROUNDING_SHARE)
}

/// Hedge word key → `about` / `more` / `less`, from the rules' `[[hedge]]`s.
pub type Hedges = HashMap<String, String>;

pub fn hedges(rules: &Rules) -> Hedges {
    rules
        .hedges
        .iter()
        .flat_map(|h| {
            h.words
                .iter()
                .flat_map(|w| crate::recognize::phrase_keys(w))
                .map(move |k| (k, h.kind.clone()))
        })
        .collect()
}

/// "about", "more than", "at least", "نحو", "أكثر من" in the two tokens
/// before token `i`.
pub fn qualifier_before(hedges: &Hedges, s: &Sentence, i: usize) -> Option<String> {
    [i.checked_sub(1), i.checked_sub(2)]
        .into_iter()
        .flatten()
        .filter_map(|k| s.tokens.get(k))
        .find_map(|t| hedges.get(crate::normalize::key(&t.text)).cloned())
}

/// Reads one number at a token, as news writes it.
#[derive(Debug)]
pub struct NumberReader {
    numbers: PhraseIndex<f64>,
    /// Keys of one-word number words, matched strictly ("hundreds" is not 100).
    number_words: HashSet<String>,
    scales: PhraseIndex<f64>,
}

impl NumberReader {
    pub fn new(rules: &Rules) -> NumberReader {
        let index = |defs: &[crate::rules::NumberDef]| {
            let mut ix = PhraseIndex::default();
            for n in defs {
                for w in &n.words {
                    ix.add(w, n.value);
                }
            }
            ix
        };
        let number_words = rules
            .numbers
            .iter()
            .flat_map(|n| n.words.iter())
            .map(|w| crate::recognize::phrase_keys(w))
            .filter(|k| k.len() == 1)
            .map(|k| k[0].clone())
            .collect();
        NumberReader {
            numbers: index(&rules.numbers),
            number_words,
            scales: index(&rules.scales),
        }
    }

    /// A number starting at token `i`: its value and the token after it.
    pub fn read(&self, s: &Sentence, i: usize) -> Option<(f64, usize)> {
        let t = &s.tokens[i].text;
        let (mut value, mut end) = match t.find(|c: char| c.is_ascii_digit()) {
            // "لـ20": a clitic glued to the digits
            Some(p) if p <= 6 => {
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
                        v += format!("0.{next}").parse::<f64>().ok()?;
                        e += 1;
                        break;
                    } else {
                        break;
                    }
                }
                // "300bn": a scale glued to the digits
                if !suffix.is_empty() {
                    v *= self.scales.at_word(suffix)?;
                }
                (v, e)
            }
            Some(_) => return None,
            None => {
                let (e, &v) = self.numbers.longest_at(s, i)?;
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
        if let Some((e, &sc)) = self.scales.longest_at(s, end) {
            value *= sc;
            end = e;
            let rest = s.tokens.get(end).and_then(|t| t.text.strip_prefix('و'));
            if let Some(rest) =
                rest.filter(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()))
            {
                value += rest.parse::<f64>().unwrap_or(0.0);
                end += 1;
            }
        }
        Some((value, end))
    }
}

#[derive(Debug)]
pub struct QuantityFinder {
    numbers: NumberReader,
    units: PhraseIndex<usize>,
    unit_names: Vec<String>,
    not_after: PhraseIndex<()>,
    hedges: Hedges,
}

impl QuantityFinder {
    pub fn new(rules: &Rules) -> QuantityFinder {
        let mut units = PhraseIndex::default();
        let mut not_after = PhraseIndex::default();
        let mut unit_names = Vec::new();
        for (i, u) in rules.units.iter().enumerate() {
            unit_names.push(u.unit.clone());
            for w in &u.words {
                units.add(w, i);
            }
            for w in &u.not_after {
                not_after.add(w, ());
            }
        }
        QuantityFinder {
            hedges: hedges(rules),
            numbers: NumberReader::new(rules),
            units,
            unit_names,
            not_after,
        }
    }

    /// Quantities among tokens `[lo, hi)` of a sentence.
    pub fn find(&self, s: &Sentence, lo: usize, hi: usize, original: &str) -> Vec<Quantity> {
        let mut out = Vec::new();
        let hi = hi.min(s.tokens.len());
        let mut i = lo;
        while i < hi {
            let (value, end) = match self.numbers.read(s, i) {
                Some(x) => x,
                None => {
                    i += 1;
                    continue;
                }
            };
            let named = i > 0
                && self
                    .not_after
                    .at(s, i - 1)
                    .first()
                    .is_some_and(|&(e, _)| e == i);
            if let Some(&(ue, &u)) = self.units.at(s, end).first() {
                if !named && ue <= hi {
                    let qualifier = qualifier_before(&self.hedges, s, i);
                    out.push(Quantity {
                        value,
                        unit: self.unit_names[u].clone(),
                        text: s.token_span(i, ue).slice(original).to_string(),
                        qualifier,
                        tokens: (i, ue),
                        size: false,
                    });
                    i = ue;
                    continue;
                }
            }
            i = end;
        }
        out
    }
}

/// Which edition of an event a sentence names: an ordinal beside a noun of
/// an event held again and again ("the 16th summit", "the 34th Arab League
/// summit", "القمة العربية الـ34", "القمة الخامسة عشرة"). Its unit is
/// [`EDITION`].
#[derive(Debug)]
pub struct EditionFinder {
    nouns: PhraseIndex<()>,
    ordinals: PhraseIndex<f64>,
}

/// The unit of an edition's ordinal.
pub const EDITION: &str = "edition";

/// How many words may stand between an edition noun and its ordinal: a
/// name before an English noun ("the 16th BRICS summit"), adjectives after
/// an Arabic one ("القمة العربية العادية الـ34").
const EDITION_GAP: usize = 3;

impl EditionFinder {
    pub fn new(rules: &Rules) -> EditionFinder {
        let mut nouns = PhraseIndex::default();
        for w in &rules.edition_nouns {
            nouns.add(w, ());
        }
        let mut ordinals = PhraseIndex::default();
        for o in &rules.ordinals {
            for w in &o.words {
                ordinals.add(w, o.value);
            }
        }
        EditionFinder { nouns, ordinals }
    }

    /// The ordinal at token `i`: its value and the token after it.
    fn ordinal(&self, s: &Sentence, i: usize) -> Option<(f64, usize)> {
        let t = s.tokens[i].text.as_str();
        // "16th", "الـ34"
        let digits =
            |x: &str| !x.is_empty() && x.len() <= 3 && x.chars().all(|c| c.is_ascii_digit());
        let suffixed = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suf| t.strip_suffix(suf).filter(|d| digits(d)));
        let marked = t
            .strip_prefix("ال")
            .map(|r| r.trim_start_matches('ـ'))
            .filter(|d| digits(d));
        if let Some(d) = suffixed.or(marked) {
            return Some((d.parse().ok()?, i + 1));
        }
        let &(e, &v) = self.ordinals.at(s, i).first()?;
        // tens stand alone only as cardinals: "قمة العشرين" is the G20
        if v >= 20.0 && v % 10.0 == 0.0 && s.tokens[i].arabic {
            return None;
        }
        // "الرابعة والثلاثين": a unit and its tens
        if v < 10.0 {
            if let Some(&(e2, &tens)) = self.ordinals.at(s, e).first() {
                if tens >= 20.0 && tens % 10.0 == 0.0 {
                    return Some((v + tens, e2));
                }
            }
        }
        Some((v, e))
    }

    /// The editions a sentence names (its clauses are the caller's to
    /// choose among).
    pub fn find(&self, s: &Sentence, original: &str) -> Vec<Quantity> {
        let n = s.tokens.len();
        let mut out: Vec<Quantity> = Vec::new();
        let mut push = |value: f64, a: usize, b: usize| {
            if !out.iter().any(|q| q.tokens == (a, b)) {
                out.push(Quantity {
                    value,
                    unit: EDITION.to_string(),
                    text: s.token_span(a, b).slice(original).to_string(),
                    qualifier: None,
                    tokens: (a, b),
                    size: false,
                });
            }
        };
        for na in 0..n {
            let Some(&(nb, _)) = self.nouns.at(s, na).first() else {
                continue;
            };
            if s.tokens[na].arabic {
                // the noun, its adjectives (each with the article), the ordinal
                for k in nb..(nb + EDITION_GAP + 1).min(n) {
                    if let Some((v, e)) = self.ordinal(s, k) {
                        push(v, na, e);
                        break;
                    }
                    if !s.tokens[k].text.starts_with("ال") || !s.gap(k - 1, k).trim().is_empty() {
                        break;
                    }
                }
            } else {
                // the ordinal, a name, the noun: "the 16th BRICS summit"
                for k in (na.saturating_sub(EDITION_GAP + 1)..na).rev() {
                    if let Some((v, e)) = self.ordinal(s, k) {
                        if e <= na && (e..na).all(|x| s.caps[x]) {
                            push(v, k, nb);
                        }
                        break;
                    }
                    if !s.caps[k] {
                        break;
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::rounding;

    #[test]
    fn round_figures_allow_what_they_round() {
        // 11 thousand rounds 11,300; 4,000 rounds 3,958
        assert!((11_000.0 - 11_300.0f64).abs() <= rounding(11_000.0));
        assert!((4_000.0 - 3_958.0f64).abs() <= rounding(4_000.0));
        // exact figures are exact, and 3,000 does not round 3,252
        for v in [11_300.0, 4_540.0, 95.0, 12.0, 737.0] {
            assert_eq!(rounding(v), 0.0, "{v}");
        }
        assert!((3_000.0 - 3_252.0f64).abs() > rounding(3_000.0));
        assert!((1_000.0 - 1_900.0f64).abs() > rounding(1_000.0));
    }
}
