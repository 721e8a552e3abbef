//! `outcome-differs`: an expectation or plan, and a later report of what
//! happened, differ.
//!
//! # What it flags
//! A statement that an event is expected or planned (modality `expected` or
//! `planned`) and a later asserted report of the same event whose place or time
//! does not fit the expectation: places that are not nested, times that do not
//! overlap at their granularity.
//!
//! # Why it matters
//! Coverage that announced one outcome rarely corrects itself when the event
//! goes differently; a fact-checker needs both quotes side by side.
//!
//! # Example
//! October 2024: "Putin and Pezeshkian are widely expected to sign the
//! partnership agreement at the summit [in Kazan]". January 2025: "the two
//! presidents signed the treaty in the Kremlin on Friday 17 January". Flagged
//! as place Kazan → Moscow, time 2024-10-22/2024-10-24 → 2025-01-17, with the
//! later sources that repeat the Kremlin signing as corroboration.
//!
//! # Known false positives
//! An expectation about a *different* instance of a repeated event (a second
//! round of talks) groups with the first when the sources name no date.

use super::{
    flag_id, places_agree, places_at_same_level, times_agree, Corpus, Event, Flag, FlagKind,
    Severity, Side, SlotDiff,
};
use crate::extract::{Polarity, Statement};

pub fn check(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let date = |s: &Statement| c.documents[s.doc_index].published.date;
    let outcomes: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| {
            let s = st(i);
            s.modality == crate::extract::Modality::Asserted
                && s.polarity == Polarity::Positive
                && s.status.is_none()
        })
        .collect();
    // the most informative report of what happened, earliest first on ties
    let best = |cands: &[usize]| -> Option<usize> {
        cands.iter().copied().max_by_key(|&i| {
            let s = st(i);
            let span = s
                .time
                .as_ref()
                .map_or(i64::MAX, |t| (t.end - t.start).num_days());
            (
                s.place.is_some() as u8 + s.time.is_some() as u8,
                -span.min(100_000),
                std::cmp::Reverse(date(s)),
            )
        })
    };
    let mut flags: Vec<Flag> = Vec::new();
    // each flag by what differs, and the expectations that join it, newest
    // last (they go before its sides, newest first, once all are known)
    let mut by_slots: rustc_hash::FxHashMap<Vec<(String, String, String)>, usize> =
        Default::default();
    let mut joined: Vec<Vec<Side>> = Vec::new();
    let mut agreeing: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    // the fates someone denies
    let denied_fates: Vec<&str> = ev
        .statements
        .iter()
        .map(|&i| st(i))
        .filter(|s| s.modality == crate::extract::Modality::Denied)
        .filter_map(|s| s.status.as_deref())
        .collect();
    for &e in &ev.statements {
        let exp = st(e);
        if !exp.modality.is_expectation() || exp.polarity != Polarity::Positive {
            continue;
        }
        // only reports published after the expectation can tell its outcome
        let is_later = |o: usize| match (date(exp), date(st(o))) {
            (Some(a), Some(b)) => b > a,
            _ => st(o).doc_index != exp.doc_index,
        };
        let later: Vec<usize> = outcomes.iter().copied().filter(|&o| is_later(o)).collect();
        // a later report that the plan was cancelled, postponed or declined,
        // told as fact and denied by no one ("CAF has refuted claims
        // suggesting a postponement"); where the event was reported held
        // after that, what happened in the end is the outcome
        let fates: Vec<usize> = ev
            .statements
            .iter()
            .copied()
            .filter(|&i| {
                let s = st(i);
                s.status
                    .as_deref()
                    .is_some_and(|x| !denied_fates.contains(&x))
                    && s.polarity == Polarity::Positive
                    && s.modality == crate::extract::Modality::Asserted
                    && match (date(exp), date(s)) {
                        (Some(a), Some(b)) => b > a,
                        _ => s.doc_index != exp.doc_index,
                    }
            })
            .collect();
        let fate = best(&fates).filter(|&f| {
            !later
                .iter()
                .any(|&o| matches!((date(st(f)), date(st(o))), (Some(a), Some(b)) if b > a))
        });
        let Some(o) = fate.or_else(|| best(&later)) else {
            continue;
        };
        let out = st(o);
        let mut slots = Vec::new();
        if let Some(status) = &out.status {
            slots.push(SlotDiff {
                name: "status".into(),
                from: exp.modality.as_str().into(),
                to: status.to_string(),
            });
        }
        if let (Some(a), Some(b), None) = (&exp.place, &out.place, &out.status) {
            if !places_agree(c.rules, a, b) {
                let (from, to) = places_at_same_level(c.rules, a, b);
                slots.push(SlotDiff {
                    name: "place".into(),
                    from,
                    to,
                });
            }
        }
        if let (Some(a), Some(b), None) = (&exp.time, &out.time, &out.status) {
            if !times_agree(a, b) {
                slots.push(SlotDiff {
                    name: "time".into(),
                    from: a.value.clone(),
                    to: b.value.clone(),
                });
            }
        }
        if out.status.is_none() && !slots.iter().any(|s| s.name == "time") {
            // expected at 8:30, happened at 11:15
            slots.extend(super::clocks_differ(exp, out));
        }
        if out.status.is_none() {
            slots.extend(super::quantity_diff(exp, out));
        }
        if slots.is_empty() {
            continue;
        }
        // several sources expecting the same thing make one flag
        let key: Vec<(String, String, String)> = slots
            .iter()
            .map(|s| (s.name.clone(), s.from.clone(), s.to.clone()))
            .collect();
        if let Some(&k) = by_slots.get(&key) {
            let doc = &c.documents[exp.doc_index];
            joined[k].push(Side::of(exp, doc, "expected"));
            continue;
        }
        by_slots.insert(key, flags.len());
        joined.push(Vec::new());
        // the later reports that tell the same outcome; which reports agree
        // with an outcome is worked out once per outcome, not per expectation
        let corroborated_by: Vec<String> = if out.status.is_some() {
            Vec::new()
        } else {
            agreeing
                .entry(o)
                .or_insert_with(|| {
                    outcomes
                        .iter()
                        .copied()
                        .filter(|&i| i != o && agrees(c, out, st(i)))
                        .collect()
                })
                .iter()
                .copied()
                .filter(|&i| is_later(i))
                .map(|i| st(i).id.clone())
                .collect()
        };
        let label = |id: &str| c.rules.label(id);
        let summary = format!(
            "{} {} differs from what was reported: {}",
            exp.modality.as_str(),
            exp.predicate,
            slots
                .iter()
                .map(|s| {
                    if s.name == "place" {
                        format!("place {} → {}", label(&s.from), label(&s.to))
                    } else {
                        format!("{} {} → {}", s.name, s.from, s.to)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut reasons = vec![exp.rule.clone(), out.rule.clone()];
        for m in exp.mentions.iter().chain(&out.mentions) {
            let r = format!("{} ({:?})", m.entity, m.via).to_lowercase();
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        }
        flags.push(Flag {
            id: flag_id(FlagKind::OutcomeDiffers, &[&exp.id, &out.id]),
            kind: FlagKind::OutcomeDiffers,
            severity: Severity::Warning,
            summary,
            slots,
            sides: vec![
                Side::of(exp, &c.documents[exp.doc_index], "expected"),
                Side::of(
                    out,
                    &c.documents[out.doc_index],
                    out.status.as_deref().unwrap_or("reported"),
                ),
            ],
            corroborated_by,
            confidence: exp.confidence.min(out.confidence),
            reasons,
            diff: None,
            event_date: out.time.as_ref().map(|t| t.start),
        });
    }
    for (f, mut front) in flags.iter_mut().zip(joined) {
        front.reverse();
        front.append(&mut f.sides);
        f.sides = front;
    }
    flags
}

/// Does `other` tell the same outcome as `out` (nothing in it conflicts)?
fn agrees(c: &Corpus, out: &Statement, other: &Statement) -> bool {
    let place_ok = match (&out.place, &other.place) {
        (Some(a), Some(b)) => places_agree(c.rules, a, b),
        _ => true,
    };
    let time_ok = match (&out.time, &other.time) {
        (Some(a), Some(b)) => times_agree(a, b),
        _ => true,
    };
    place_ok && time_ok && super::clocks_differ(out, other).is_none()
}
