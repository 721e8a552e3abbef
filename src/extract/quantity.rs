//! Quantities with units: "20 عامًا", "لعشرين عاماً", "a 20-year term".
//!
//! A number (digits or a number word from the rules) counts only when a unit
//! word follows it, and not when a word such as "مجموعة" before it makes it
//! part of a name: "قمة مجموعة العشرين" is the G20, not twenty of anything.

use crate::recognize::{PhraseIndex, Sentence};
use crate::rules::Rules;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub value: f64,
    pub unit: String,
    /// The original expression.
    pub text: String,
    /// A hedge before the number: `about`, `more` (more than), `less` (under).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// Token range in its sentence.
    #[serde(skip)]
    pub tokens: (usize, usize),
}

impl Quantity {
    /// The values the expression allows: "about 6" is 5.4–6.6, "more than 3"
    /// is above 3, "under 3" below it.
    pub fn range(&self) -> (f64, f64) {
        let v = self.value;
        match self.qualifier.as_deref() {
            Some("about") => (v * 0.9, v * 1.1),
            Some("more") => (v, f64::INFINITY),
            Some("less") => (0.0, v),
            _ => (v, v),
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

#[derive(Debug)]
pub struct QuantityFinder {
    numbers: PhraseIndex<f64>,
    units: PhraseIndex<usize>,
    unit_names: Vec<String>,
    not_after: PhraseIndex<()>,
    /// Hedge word key → `about` / `more` / `less`.
    hedges: std::collections::HashMap<String, String>,
}

impl QuantityFinder {
    pub fn new(rules: &Rules) -> QuantityFinder {
        let mut numbers = PhraseIndex::default();
        for n in &rules.numbers {
            for w in &n.words {
                numbers.add(w, n.value);
            }
        }
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
        QuantityFinder {
            hedges,
            numbers,
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
            let (value, end) = match self.number_at(s, i) {
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
                    // "more than 3", "أكثر من 3", "about 6", "نحو 20"
                    let look = |k: usize| {
                        s.tokens
                            .get(k)
                            .map(|t| crate::normalize::key(&t.text).to_string())
                    };
                    let qualifier = [i.checked_sub(1), i.checked_sub(2)]
                        .into_iter()
                        .flatten()
                        .filter_map(look)
                        .find_map(|w| self.hedges.get(&w).cloned());
                    out.push(Quantity {
                        value,
                        unit: self.unit_names[u].clone(),
                        text: s.token_span(i, ue).slice(original).to_string(),
                        qualifier,
                        tokens: (i, ue),
                    });
                    i = ue;
                    continue;
                }
            }
            i = end;
        }
        out
    }

    fn number_at(&self, s: &Sentence, i: usize) -> Option<(f64, usize)> {
        let t = &s.tokens[i].text;
        // "لـ20": a clitic glued to digits
        let digits = t.trim_start_matches(|c: char| !c.is_ascii_digit());
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && digits.len() <= 6 {
            return digits.parse().ok().map(|v| (v, i + 1));
        }
        self.numbers.at(s, i).first().map(|&(e, &v)| (v, e))
    }
}
