//! `unresolved-expectation`: an expectation or plan with no later report of
//! its outcome in the corpus (informational).
//!
//! # What it flags
//! An event that one or more sources expect or plan (an announced visit, a
//! signing "expected at the summit") when no source in the corpus, published
//! the same day or later, reports what became of it: neither that it happened
//! nor that it was cancelled, postponed or declined.
//!
//! # Why it matters
//! Expectations that are never followed up are where coverage quietly goes
//! wrong; a fact-checker wants the list, with the latest source that still
//! expects the event.
//!
//! # Example
//! May and June 2025: "بوتين يعتزم القيام بزيارة رسمية إلى العاصمة الإيرانية
//! طهران" — no report of the visit taking place.
//!
//! # Known false positives
//! An outcome reported in words the rules do not know leaves the expectation
//! looking unresolved; the flag is informational for that reason.

use super::{flag_id, participants, Corpus, Event, Flag, FlagKind, Severity};
use crate::extract::{Modality, Polarity};

/// An expected visit is resolved when a later source places the visitor at
/// the destination, whatever it reports them doing there ("Portugal's prime
/// minister signed the accord in Brasília").
fn visitor_was_there(
    c: &Corpus,
    presence: &Presence,
    expecting: &[usize],
    later: &dyn Fn(usize) -> bool,
) -> bool {
    let rules = c.rules;
    // many expectations share who and where: each pair is looked up once
    let mut seen: rustc_hash::FxHashMap<(&str, &str), bool> = Default::default();
    expecting.iter().any(|&e| {
        let exp = &c.statements[e];
        let to_destination = rules
            .predicates
            .iter()
            .any(|p| p.id == exp.predicate && p.place_from_destination);
        let Some(dest) = exp.place.as_ref().filter(|_| to_destination) else {
            return false;
        };
        let dest_country = std::cell::OnceCell::new();
        exp.agents().iter().any(|a| {
            *seen.entry((a.as_str(), &**dest)).or_insert_with(|| {
                let dest_country = dest_country
                    .get_or_init(|| rules.country_of(dest).unwrap_or_else(|| dest.to_string()));
                presence.get(a).into_iter().flatten().any(|&i| {
                    let s = &c.statements[i];
                    later(i)
                        && s.place.as_ref().is_some_and(|p| {
                            super::places_agree(rules, p, dest)
                                || rules.country_of(p).as_deref() == Some(dest_country.as_str())
                        })
                })
            })
        })
    })
}

/// Asserted statements that place someone somewhere, by agent: built once
/// per comparison so that an expected visit is checked against the agent's
/// own statements, not the whole corpus.
pub type Presence = rustc_hash::FxHashMap<String, Vec<usize>>;

pub fn presence(c: &Corpus) -> Presence {
    let mut m: Presence = Presence::default();
    for (i, s) in c.statements.iter().enumerate() {
        if s.modality == Modality::Asserted && s.polarity == Polarity::Positive && s.place.is_some()
        {
            for a in s.agents() {
                m.entry(a.clone()).or_default().push(i);
            }
        }
    }
    m
}

pub fn check(c: &Corpus, ev: &Event, presence: &Presence) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let date = |i: usize| c.documents[st(i).doc_index].published.date;
    let mut expecting: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| {
            let s = st(i);
            let tracked = c
                .rules
                .predicates
                .iter()
                .any(|p| p.id == s.predicate && p.track_expectations);
            tracked
                && s.modality.is_expectation()
                && s.polarity == Polarity::Positive
                && s.status.is_none()
                && !participants(c.rules, s).is_empty()
        })
        .collect();
    if expecting.is_empty() {
        return Vec::new();
    }
    let earliest = expecting.iter().map(|&i| date(i)).min().flatten();
    let expecting_docs: rustc_hash::FxHashSet<usize> =
        expecting.iter().map(|&i| st(i).doc_index).collect();
    let later = |i: usize| {
        !expecting_docs.contains(&st(i).doc_index)
            && match (earliest, date(i)) {
                (Some(a), Some(b)) => b >= a,
                _ => true,
            }
    };
    // another source telling what became of it
    let resolved = ev.statements.iter().any(|&i| {
        let s = st(i);
        let outcome = (s.modality == Modality::Asserted && s.polarity == Polarity::Positive)
            || s.status.is_some();
        outcome && later(i)
    });
    if resolved || visitor_was_there(c, presence, &expecting, &later) {
        return Vec::new();
    }
    expecting.sort_by_key(|&i| (date(i), i));
    let latest = *expecting.last().expect("non-empty");
    let first = st(expecting[0]);
    let who: Vec<String> = first
        .agents()
        .iter()
        .map(String::as_str)
        .chain(first.place.as_deref())
        .map(|p| c.rules.label(p))
        .collect();
    let summary = format!(
        "{} {} ({}) has no reported outcome; the latest source still expecting it: {} {}",
        first.modality.as_str(),
        first.predicate,
        who.join(", "),
        c.documents[st(latest).doc_index].outlet_label(),
        date(latest).map_or("date unknown".into(), |d| d.to_string())
    );
    let ids: Vec<&str> = expecting.iter().map(|&i| st(i).id.as_str()).collect();
    let (sides, confidence, reasons) = super::stance_sides(c, &expecting);
    vec![Flag {
        id: flag_id(FlagKind::UnresolvedExpectation, &ids),
        kind: FlagKind::UnresolvedExpectation,
        severity: Severity::Info,
        summary,
        slots: Vec::new(),
        sides,
        corroborated_by: Vec::new(),
        confidence,
        reasons,
        diff: None,
        event_date: first.time.as_ref().map(|t| t.start),
    }]
}
