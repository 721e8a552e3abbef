//! The syntactic layer: which phrase attaches to which head. For now, the
//! clauses of a sentence.
//!
//! A subordinate clause ("after their relations were severed", "بعد قطع
//! العلاقات") or a relative clause ("which was signed in Kazan", "التي …")
//! opens at its marker (a `subordinate` or `boundary` cue in `rules/cues.toml`)
//! and runs to the next comma, semicolon or the sentence's end. What stands
//! inside such a clause belongs to its verb, not to the main clause around it:
//! in "On March 10, … they agreed to reopen embassies seven years after their
//! relations were severed", March 10 dates the agreement, not the severing.
//!
//! A marker that a time expression follows at once ("since 2016", "after
//! March 10", "بعد ظهر") is a preposition of that time, not a clause opener,
//! and a marker inside a time expression is part of it.

use crate::recognize::Sentence;
use crate::rules::CueDef;
use crate::time::TimeExpr;

/// The clause spans of one sentence, as token ranges `[open, close)`.
#[derive(Debug, Default)]
pub struct Scopes {
    spans: Vec<(usize, usize)>,
}

impl Scopes {
    /// Scopes opened by the sentence's subordinate and relative markers.
    /// `times` are the sentence's time expressions (normalized byte offsets).
    /// `cues` are the sentence's cue matches, `(first token, end token,
    /// cue)`.
    pub fn of(s: &Sentence, cues: &[(usize, usize, &CueDef)], times: &[TimeExpr]) -> Scopes {
        let n = s.tokens.len();
        let in_time = |tok: usize| {
            let (a, b) = (s.tokens[tok].start, s.tokens[tok].end);
            times.iter().any(|t| t.start <= a && b <= t.end)
        };
        let time_starts_at = |tok: usize| {
            tok < n && {
                let a = s.tokens[tok].start;
                times.iter().any(|t| t.start == a)
            }
        };
        let mut spans = Vec::new();
        for &(ca, cb, cue) in cues {
            if !matches!(cue.role.as_str(), "subordinate" | "boundary") || ca >= n {
                continue;
            }
            if in_time(ca) || time_starts_at(cb) {
                continue;
            }
            // the clause ends at the next comma or semicolon after the marker
            let close = (ca + 1..n)
                .find(|&i| s.gap(i - 1, i).contains([',', '،', ';', '؛']))
                .unwrap_or(n);
            spans.push((ca, close));
        }
        Scopes { spans }
    }

    /// The innermost clause holding token `i`, if any.
    fn innermost(&self, i: usize) -> Option<(usize, usize)> {
        self.spans
            .iter()
            .copied()
            .filter(|&(a, b)| a <= i && i < b)
            .min_by_key(|&(a, b)| (b - a, std::cmp::Reverse(a)))
    }

    /// Do tokens `a` and `b` stand in the same clause?
    pub fn same(&self, a: usize, b: usize) -> bool {
        self.innermost(a) == self.innermost(b)
    }
}
