//! A phrase index over token forms: the one matcher every lexicon uses.
//!
//! Phrases are folded and split into tokens; the definite article is dropped
//! from every token (see [`crate::normalize::key`]). A phrase token matches a
//! text token when it equals one of the token's forms: strict forms (clitics
//! stripped) always, loose forms (pronoun or inflection endings stripped) only
//! for phrase tokens of four or more letters, so short words never match the
//! remains of longer ones.

use super::sentence::Sentence;
use crate::normalize::{each_word, fold, key};
use rustc_hash::FxHashMap as HashMap;

/// Phrases by the hash of their first key ([`key_hash`]). A word's forms
/// carry their hashes ([`super::sentence::FormSet::hashes`]), worked out once
/// per word, so the many lexicons probing every word hash no string; each
/// phrase found is checked to begin with the form itself.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    by_first: HashMap<u64, Vec<(Vec<String>, T)>>,
}

/// The hash a phrase's first key and a word's form are looked up by. FxHash
/// has no random keys: the same hash on every run and thread, at a fraction
/// of SipHash's cost.
pub fn key_hash(k: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    k.hash(&mut h);
    h.finish()
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        PhraseIndex {
            by_first: HashMap::default(),
        }
    }
}

/// Split a phrase into the keys it is matched by.
pub fn phrase_keys(phrase: &str) -> Vec<String> {
    // the folded phrase's words, read in place (no token made): every
    // lexicon's every phrase passes here at start-up
    let f = fold(phrase);
    let mut keys = Vec::new();
    each_word(&f, |s, e| keys.push(key(&f[s..e]).to_string()));
    keys
}

fn loose_ok(k: &str) -> bool {
    // (four characters or more: counted no further than the fourth)
    k.chars().nth(3).is_some()
}

impl<T: Clone> PhraseIndex<T> {
    pub fn add(&mut self, phrase: &str, value: T) {
        let keys = phrase_keys(phrase);
        if let Some(first) = keys.first() {
            self.by_first
                .entry(key_hash(first))
                .or_default()
                .push((keys, value));
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_first.is_empty()
    }

    /// Every phrase whose first key is a form of token `i`, in the order
    /// they are found: `visit` gets the token its phrase would end before,
    /// its value, and a test of whether the rest of it follows (asked only
    /// when the visitor still wants the phrase).
    fn visit<'a>(
        &'a self,
        s: &Sentence,
        i: usize,
        mut visit: impl FnMut(usize, &'a T, &dyn Fn() -> bool),
    ) {
        let Some(forms) = s.forms.get(i) else {
            return;
        };
        for (p, (f, h)) in forms.all.iter().zip(forms.hashes.iter()).enumerate() {
            let Some(cands) = self.by_first.get(h) else {
                continue;
            };
            // a strict form always matches, a loose one only a long key
            // (a form both strict and loose was met as strict first)
            if p >= forms.strict && !loose_ok(f) {
                continue;
            }
            for (keys, v) in cands {
                // (a phrase whose first key only shares the form's hash)
                if keys[0] != *f {
                    continue;
                }
                let fits = || {
                    keys.iter().enumerate().skip(1).all(|(k, key)| {
                        s.forms
                            .get(i + k)
                            .is_some_and(|fm| fm.has(key, loose_ok(key)))
                    })
                };
                visit(i + keys.len(), v, &fits);
            }
        }
    }

    /// Every phrase that matches starting at token `i`: (end token, value),
    /// longest first.
    pub fn at(&self, s: &Sentence, i: usize) -> Vec<(usize, &T)> {
        let mut out: Vec<(usize, &T)> = Vec::new();
        self.visit(s, i, |end, v, fits| {
            if fits() && !out.iter().any(|(e, x)| *e == end && std::ptr::eq(*x, v)) {
                out.push((end, v));
            }
        });
        out.sort_by_key(|x| std::cmp::Reverse(x.0));
        out
    }

    /// The longest phrase that matches starting at token `i`: what
    /// [`PhraseIndex::at`] gives first (the first found of the longest),
    /// found without the list of all.
    pub fn longest_at(&self, s: &Sentence, i: usize) -> Option<(usize, &T)> {
        let mut best: Option<(usize, &T)> = None;
        self.visit(s, i, |end, v, fits| {
            if best.is_none_or(|(e, _)| e < end) && fits() {
                best = Some((end, v));
            }
        });
        best
    }

    /// The value of a one-word phrase equal to `word` (after folding).
    pub fn at_word(&self, word: &str) -> Option<T> {
        let keys = phrase_keys(word);
        let [k] = keys.as_slice() else { return None };
        self.by_first
            .get(&key_hash(k))?
            .iter()
            .find(|(ks, _)| ks.len() == 1 && ks[0] == *k)
            .map(|(_, v)| v.clone())
    }

    /// Longest non-overlapping matches, left to right: (start, end, value).
    pub fn scan(&self, s: &Sentence) -> Vec<(usize, usize, &T)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < s.tokens.len() {
            if let Some((end, v)) = self.longest_at(s, i) {
                out.push((i, end, v));
                i = end;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Does any phrase match anywhere in tokens `[a, b)`? Returns the first.
    pub fn find_in(&self, s: &Sentence, a: usize, b: usize) -> Option<(usize, usize, &T)> {
        (a..b.min(s.tokens.len()))
            .find_map(|i| self.longest_at(s, i).map(|(e, v)| (i, e, v)))
            .filter(|&(_, e, _)| e <= b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    /// The longest phrase at a token is the first that `at` lists, the
    /// first added of those as long when several are.
    #[test]
    fn longest_at_is_the_first_that_at_lists() {
        let mut ix = PhraseIndex::default();
        for (k, p) in [
            "the summit",
            "the summit in kazan",
            "summit",
            "قمة",
            "قمة بريكس",
            "القمة",
            "في قازان",
            "the summit in",
            "summit in kazan",
        ]
        .iter()
        .enumerate()
        {
            ix.add(p, k);
        }
        ix.add("summit", 99);
        for text in [
            "They met at the summit in Kazan on Tuesday, the summit said.",
            "وعقدت قمة بريكس في قازان، والقمة المقبلة في البرازيل وللقمة بقية.",
            "summit summit in kazan the",
        ] {
            let s = Sentence::new(text, Span::new(0, text.len()), 0);
            let mut found = 0;
            for i in 0..=s.tokens.len() {
                let first = ix.at(&s, i).first().copied();
                assert_eq!(ix.longest_at(&s, i), first, "{text:?} at {i}");
                found += usize::from(first.is_some());
            }
            assert!(found >= 2, "{text:?}");
        }
    }
}
