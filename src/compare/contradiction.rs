//! `contradiction`: two assertions about the same event that cannot both hold.
//!
//! # What it flags
//! Reports of one event, each asserted as fact by a different source, that
//! name places that are not nested (Kazan vs Moscow; Kremlin vs Moscow is
//! agreement), times that do not overlap at their granularity (16 vs 17
//! January; "January 2025" vs "17 January 2025" is agreement) for events that
//! happen once, or opposite polarity (signed vs did not sign).
//!
//! # Why it matters
//! When outlets disagree on a settled fact, at least one of them is wrong; a
//! fact-checker has to know before repeating either.
//!
//! # Example
//! One outlet: "the two ministers signed the memorandum in Nouakchott on
//! Thursday 16 January"; another: "signed today, Friday, in Nouakchott" under a
//! 17 January dateline. Flagged as time 2025-01-16 → 2025-01-17.
//!
//! # Known false positives
//! A repeated event (a second visit) reported at different places in
//! overlapping periods; a weekday resolved against a wrong publication date.

use super::{
    flag_id, places_agree, places_at_same_level, times_agree, Corpus, Event, Flag, FlagKind,
    Severity, Side, SlotDiff,
};
use crate::extract::{Modality, Statement};

/// How a predicate tells its events apart.
#[derive(Clone, Copy)]
struct Identity {
    one_off: bool,
    /// Where it happened tells which event it is (a deadly blast).
    place_identifies: bool,
}

/// Are two asserted reports about one event? Not when the place identifies
/// the event and they name different places ("four killed in Dar es Salaam",
/// "more than 100 dead in Nairobi"), nor when they are the same words
/// (a wire story reprinted a week later reads "Wednesday" as another day).
fn same_event(c: &Corpus, id: Identity, a: &Statement, b: &Statement) -> bool {
    if a.evidence.quote == b.evidence.quote {
        return false;
    }
    match (&a.place, &b.place) {
        (Some(x), Some(y)) if id.place_identifies => places_agree(c.rules, x, y),
        _ => true,
    }
}

/// Do two asserted reports conflict, and on which slots?
fn conflicts(c: &Corpus, id: Identity, a: &Statement, b: &Statement) -> Vec<SlotDiff> {
    let one_off = id.one_off;
    let mut out = Vec::new();
    if let (Some(x), Some(y)) = (&a.place, &b.place) {
        // a one-off event has one place whatever the dates; a repeatable one
        // only for reports of the same occasion
        let same_time = one_off
            || match (&a.time, &b.time) {
                (Some(s), Some(t)) => times_agree(s, t),
                _ => false,
            };
        if same_time && !places_agree(c.rules, x, y) {
            let (from, to) = places_at_same_level(c.rules, x, y);
            out.push(SlotDiff {
                name: "place".into(),
                from,
                to,
            });
        }
    }
    if let (Some(x), Some(y)) = (&a.time, &b.time) {
        if one_off && !times_agree(x, y) {
            out.push(SlotDiff {
                name: "time".into(),
                from: x.value.clone(),
                to: y.value.clone(),
            });
        }
    }
    // a one-off event on one day at two times of day ("took effect at 8:30"
    // / "at 11:15")
    if one_off {
        out.extend(super::clocks_differ(a, b));
    }
    // counts differ only for one occasion: two collapses in one city on two
    // days are two events
    let same_occasion = one_off
        || match (&a.time, &b.time) {
            (Some(s), Some(t)) => times_agree(s, t),
            _ => {
                let published = |s: &Statement| c.documents[s.doc_index].published.date;
                matches!((published(a), published(b)), (Some(x), Some(y)) if (x - y).num_days().abs() <= 3)
            }
        };
    if same_occasion {
        if let Some(q) = super::quantity_diff(a, b) {
            out.push(q);
        }
    }
    // "did not sign" against "signed" only for the same object
    let same_object = a.object().is_some() && a.object() == b.object();
    // a repeatable event told weeks apart is likely another occurrence
    let published = |s: &Statement| c.documents[s.doc_index].published.date;
    let near = one_off
        || matches!((published(a), published(b)), (Some(x), Some(y)) if (x - y).num_days().abs() <= 45);
    if a.polarity != b.polarity
        && same_object
        && near
        && (one_off
            || a.time.is_none()
            || b.time.is_none()
            || matches!((&a.time, &b.time), (Some(s), Some(t)) if times_agree(s, t)))
    {
        out.push(SlotDiff {
            name: "polarity".into(),
            from: format!("{:?}", a.polarity).to_lowercase(),
            to: format!("{:?}", b.polarity).to_lowercase(),
        });
    }
    out
}

/// One source says the plan was postponed, another that it was cancelled.
fn statuses(c: &Corpus, ev: &Event) -> Option<Flag> {
    let st = |i: usize| &c.statements[i];
    let told: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| st(i).status.is_some())
        .collect();
    let first = *told.first()?;
    let other = told
        .iter()
        .copied()
        .find(|&i| st(i).status != st(first).status && st(i).doc_index != st(first).doc_index)?;
    let (a, b) = (st(first), st(other));
    let ids = [a.id.as_str(), b.id.as_str()];
    Some(Flag {
        id: flag_id(FlagKind::Contradiction, &ids),
        kind: FlagKind::Contradiction,
        severity: Severity::Error,
        summary: format!(
            "sources disagree on what became of {}: status {} → {}",
            a.predicate,
            a.status.as_deref().unwrap_or_default(),
            b.status.as_deref().unwrap_or_default()
        ),
        slots: vec![SlotDiff {
            name: "status".into(),
            from: a.status.as_deref().unwrap_or_default().to_string(),
            to: b.status.as_deref().unwrap_or_default().to_string(),
        }],
        sides: vec![
            Side::of(
                a,
                &c.documents[a.doc_index],
                a.status.as_deref().unwrap_or("reported"),
            ),
            Side::of(
                b,
                &c.documents[b.doc_index],
                b.status.as_deref().unwrap_or("reported"),
            ),
        ],
        corroborated_by: Vec::new(),
        confidence: a.confidence.min(b.confidence),
        reasons: vec![a.rule.clone(), b.rule.clone()],
        diff: None,
        event_date: a.time.as_ref().map(|t| t.start),
    })
}

pub fn check(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let mut flags: Vec<Flag> = statuses(c, ev).into_iter().collect();
    flags.extend(assertions(c, ev));
    flags
}

fn assertions(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let mut asserted: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| st(i).modality == Modality::Asserted && st(i).status.is_none())
        .collect();
    if asserted.len() < 2 {
        return Vec::new();
    }
    let pred = c
        .rules
        .predicates
        .iter()
        .find(|p| p.id == st(asserted[0]).predicate);
    let id = Identity {
        one_off: pred.is_some_and(|p| p.one_off),
        place_identifies: pred.is_some_and(|p| p.place_identifies),
    };
    // the most specific report leads; the others either agree with it or not
    asserted.sort_by_key(|&i| {
        let s = st(i);
        let span = s
            .time
            .as_ref()
            .map_or(i64::MAX, |t| (t.end - t.start).num_days());
        (
            std::cmp::Reverse(s.place.is_some() as u8 + s.time.is_some() as u8),
            span,
            c.documents[s.doc_index].published.date,
            i,
        )
    });
    let lead = asserted[0];
    let mut sides: Vec<usize> = Vec::new();
    let mut slots: Vec<SlotDiff> = Vec::new();
    let mut agreeing: Vec<usize> = Vec::new();
    for &i in &asserted[1..] {
        if st(i).doc_index == st(lead).doc_index {
            continue; // one document disagreeing with itself is another kind
        }
        if !same_event(c, id, st(lead), st(i)) {
            continue;
        }
        let diff = conflicts(c, id, st(lead), st(i));
        if diff.is_empty() {
            agreeing.push(i);
            continue;
        }
        for d in diff {
            if !slots.iter().any(|s| s.name == d.name && s.to == d.to) {
                slots.push(d);
            }
        }
        sides.push(i);
    }
    if sides.is_empty() {
        return Vec::new();
    }
    let lead_st = st(lead);
    let mut all = vec![lead];
    all.extend(&sides);
    let ids: Vec<&str> = all.iter().map(|&i| st(i).id.as_str()).collect();
    let label = |id: &str| c.rules.label(id);
    let summary = format!(
        "sources disagree on {}: {}",
        lead_st.predicate,
        slots
            .iter()
            .map(|s| if s.name == "place" {
                format!("place {} → {}", label(&s.from), label(&s.to))
            } else {
                format!("{} {} → {}", s.name, s.from, s.to)
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut reasons: Vec<String> = all.iter().map(|&i| st(i).rule.clone()).collect();
    reasons.dedup();
    vec![Flag {
        id: flag_id(FlagKind::Contradiction, &ids),
        kind: FlagKind::Contradiction,
        severity: Severity::Error,
        summary,
        slots,
        sides: all
            .iter()
            .map(|&i| Side::of(st(i), &c.documents[st(i).doc_index], "reported"))
            .collect(),
        corroborated_by: agreeing.iter().map(|&i| st(i).id.clone()).collect(),
        confidence: all.iter().map(|&i| st(i).confidence).fold(1.0, f32::min),
        reasons,
        diff: None,
        event_date: lead_st.time.as_ref().map(|t| t.start),
    }]
}
