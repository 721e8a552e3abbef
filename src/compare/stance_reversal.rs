//! `stance-reversal`: the same actor's stance on the same proposition changes
//! over time.
//!
//! # What it flags
//! An actor who denied something and later acknowledged it, or the reverse,
//! about one event (same predicate, participants and object). Stances are
//! ordered by when they were taken (the publication date of the report that
//! carries them), not by the order of the files.
//!
//! # Why it matters
//! A government that first denied, then admitted supplying weapons has changed
//! its story; both quotes belong in the record.
//!
//! # Example
//! 2022: "أقرّت ايران بتزويدها روسيا مسيّرات"; 2025: "وتنفي إيران إمداد روسيا
//! بطائرات مسيرة أو صواريخ" — acknowledged → denied.
//!
//! # Known false positives
//! A stance qualified by a time ("before the war") is compared with its
//! qualifier shown, not resolved: the flag says so and the reader judges.

use super::{flag_id, Corpus, Event, Flag, FlagKind, Severity, SlotDiff};
use crate::extract::{Modality, Statement};
use std::collections::BTreeMap;

/// Words that qualify a stance by a time ("… قبل الغزو", "before the war").
const QUALIFIERS: &[&str] = &["قبل", "before", "prior to", "until"];

pub fn check(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    // stances by actor (at country level)
    let mut by_actor: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in &ev.statements {
        let s = st(i);
        if !matches!(s.modality, Modality::Denied | Modality::Acknowledged) {
            continue;
        }
        let Some(sp) = s.attribution.as_ref().and_then(|a| a.speaker.as_ref()) else {
            continue;
        };
        let actor = super::identity(c.rules, sp);
        by_actor.entry(actor).or_default().push(i);
    }
    let mut flags = Vec::new();
    for (_actor, mut stances) in by_actor {
        let date = |i: usize| c.documents[st(i).doc_index].published.date;
        stances.sort_by_key(|&i| (date(i), i));
        let mut changes: Vec<(usize, usize)> = Vec::new();
        for w in stances.windows(2) {
            if st(w[0]).modality != st(w[1]).modality && date(w[0]) != date(w[1]) {
                changes.push((w[0], w[1]));
            }
        }
        let Some(&(first, _)) = changes.first() else {
            continue;
        };
        let mut sides_idx = vec![first];
        sides_idx.extend(changes.iter().map(|&(_, b)| b));
        let qualified: Vec<&Statement> = sides_idx
            .iter()
            .map(|&i| st(i))
            .filter(|s| {
                let q = crate::normalize::fold(&s.evidence.quote);
                QUALIFIERS.iter().any(|w| q.contains(&format!(" {w} ")))
            })
            .collect();
        let path: Vec<&str> = sides_idx.iter().map(|&i| st(i).modality.as_str()).collect();
        let mut summary = format!(
            "{} changed its stance on {} {}: {}",
            {
                let sp = st(first)
                    .attribution
                    .as_ref()
                    .and_then(|a| a.speaker.as_deref())
                    .unwrap_or_default();
                c.rules
                    .label(&c.rules.country_of(sp).unwrap_or_else(|| sp.to_string()))
            },
            st(first).predicate,
            st(first)
                .object()
                .map(|o| c.rules.label(o))
                .unwrap_or_default(),
            path.join(" → ")
        );
        if !qualified.is_empty() {
            summary.push_str(" (one stance is qualified by a time; compare with its qualifier)");
        }
        let ids: Vec<&str> = sides_idx.iter().map(|&i| st(i).id.as_str()).collect();
        let (sides, confidence, reasons) = super::stance_sides(c, &sides_idx);
        flags.push(Flag {
            id: flag_id(FlagKind::StanceReversal, &ids),
            kind: FlagKind::StanceReversal,
            severity: Severity::Warning,
            summary: summary.replace("  ", " "),
            slots: changes
                .iter()
                .map(|&(a, b)| SlotDiff {
                    name: "modality".into(),
                    from: st(a).modality.as_str().into(),
                    to: st(b).modality.as_str().into(),
                })
                .collect(),
            sides,
            corroborated_by: Vec::new(),
            confidence,
            reasons,
            diff: None,
            event_date: date(first),
        });
    }
    flags
}
