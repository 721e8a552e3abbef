//! Which way an open date points, read from the words around it.
//!
//! "Tuesday", "Nov. 16" and "في مارس" name no year or week; the grammar
//! resolves them looking back from the anchor by default, because news
//! mostly reports what happened. A sentence that announces or expects
//! something ("the vote will be held on Nov. 16", "من المقرر أن تعقد القمة في
//! مارس") points the other way. The cue words live in `rules/time.toml`
//! (`[direction]`); the rule here is only: the cue nearest the expression,
//! within a few words and the same sentence, decides, and a report word
//! ("said", "قال") nearer than any future cue keeps it in the past ("said
//! Tuesday it would resign" is last Tuesday). Ties go to the words before the
//! expression, where English and Arabic put the verb that governs it.

use super::grammar::TimeGrammar;
use super::lattice::{raw_words, RawWord};
use super::Direction;

/// Punctuation a cue is never looked for across: a sentence end, but not
/// the period of an abbreviation ("Mr.", "Nov.", "P.").
fn ends_sentence(words: &[RawWord], norm: &str, i: usize) -> bool {
    match &norm[words[i].start..words[i].end] {
        "!" | "?" | ";" | "؛" | "؟" => true,
        "." => i
            .checked_sub(1)
            .map(|p| &norm[words[p].start..words[p].end])
            .is_some_and(|w| w.chars().count() > 3),
        _ => false,
    }
}

impl TimeGrammar {
    /// The direction to resolve the expression at `[expr_start, expr_end)` of
    /// the normalized sentence `norm` with: [`Direction::Future`] when a
    /// future cue ("will", "expected", "scheduled", "سوف", "من المقرر") is the
    /// nearest cue to it, [`Direction::Past`] otherwise.
    pub fn direction_hint(&self, norm: &str, expr_start: usize, expr_end: usize) -> Direction {
        let words = raw_words(norm);
        let text = |w: &RawWord| &norm[w.start..w.end];
        let first = words
            .iter()
            .position(|w| w.end > expr_start)
            .unwrap_or(words.len());
        let after = words
            .iter()
            .position(|w| w.start >= expr_end.max(expr_start))
            .unwrap_or(words.len());
        let (before_n, after_n) = self.cue_window;
        // "by February": ahead, unless a cue farther off decides
        let deadline = first > 0
            && self
                .deadline_cues
                .iter()
                .any(|c| c.len() == 1 && text(&words[first - 1]) == c[0]);
        let mut before_open = true;
        let mut after_open = true;
        for d in 1..=before_n.max(after_n) {
            if before_open && d <= before_n && d <= first {
                let i = first - d;
                if ends_sentence(&words, norm, i) {
                    before_open = false;
                } else if deadline && d == 1 {
                    // the deadline word itself
                } else if let Some(dir) = self.cue_ending_at(norm, &words, i) {
                    return dir;
                }
            }
            if after_open && d <= after_n && after + d - 1 < words.len() {
                let i = after + d - 1;
                // After the expression, a comma closes its clause too:
                // "shares issued July 1, which will receive…".
                if ends_sentence(&words, norm, i) || matches!(text(&words[i]), "," | "،") {
                    after_open = false;
                } else if let Some(dir) = self.cue_starting_at(norm, &words, i) {
                    return dir;
                }
            }
        }
        if deadline {
            Direction::Future
        } else {
            Direction::Past
        }
    }

    /// A cue whose last word is word `i`.
    fn cue_ending_at(&self, norm: &str, words: &[RawWord], i: usize) -> Option<Direction> {
        self.cue_at(norm, words, i, &self.cues_by_last, |len| {
            (i + 1).checked_sub(len)
        })
    }

    /// A cue whose first word is word `i`.
    fn cue_starting_at(&self, norm: &str, words: &[RawWord], i: usize) -> Option<Direction> {
        self.cue_at(norm, words, i, &self.cues_by_first, |_| Some(i))
    }

    /// The direction of a cue found at the word `start_of(cue length)`; a past
    /// cue wins over a future one at the same place. Only the cues `index`
    /// lists under word `i` (or under it without a proclitic) are tried.
    fn cue_at(
        &self,
        norm: &str,
        words: &[RawWord],
        i: usize,
        index: &rustc_hash::FxHashMap<String, Vec<(bool, usize)>>,
        start_of: impl Fn(usize) -> Option<usize>,
    ) -> Option<Direction> {
        let is_at = |cue: &Vec<String>| {
            let Some(s) = start_of(cue.len()) else {
                return false;
            };
            if s + cue.len() > words.len() {
                return false;
            }
            cue.iter().enumerate().all(|(k, c)| {
                let w = &norm[words[s + k].start..words[s + k].end];
                // A proclitic on the cue's first word: "وسوف", "فقد".
                w == c
                    || (k == 0
                        && self
                            .proclitics
                            .iter()
                            .any(|p| w.strip_prefix(p.as_str()) == Some(c.as_str())))
            })
        };
        let w = &norm[words[i].start..words[i].end];
        let keys = std::iter::once(w).chain(
            self.proclitics
                .iter()
                .filter_map(move |p| w.strip_prefix(p.as_str())),
        );
        let mut future = false;
        for key in keys {
            for &(past, k) in index.get(key).into_iter().flatten() {
                if past {
                    if is_at(&self.past_cues[k]) {
                        return Some(Direction::Past);
                    }
                } else if !future && is_at(&self.future_cues[k]) {
                    future = true;
                }
            }
        }
        future.then_some(Direction::Future)
    }
}

/// [`TimeGrammar::direction_hint`] with the embedded grammar.
pub fn direction_hint(norm_sentence: &str, expr_start: usize, expr_end: usize) -> Direction {
    TimeGrammar::embedded().direction_hint(norm_sentence, expr_start, expr_end)
}
