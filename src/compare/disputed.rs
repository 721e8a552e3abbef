//! `disputed`: claims attributed to different actors clash.
//!
//! # What it flags
//! One actor accuses or asserts that an event happened (an attributed claim,
//! modality `alleged`, or `asserted` with a speaker) while an actor the claim
//! is about denies it. The outlet's own narration, an attributed claim and a
//! quoted denial in the same article are separate statements, never merged.
//!
//! # Why it matters
//! A reader must see that the claim is contested, and by whom.
//!
//! # Example
//! "واتهمت واشنطن طهران … بتسليم صواريخ باليستية … إلى موسكو" against
//! "وتنفي إيران إمداد روسيا بطائرات مسيرة أو صواريخ".
//!
//! # Known false positives
//! A denial of a narrower claim (drones only) against an accusation about
//! missiles groups when one sentence names both.

use super::{flag_id, participants, Corpus, Event, Flag, FlagKind, Severity, SlotDiff};
use crate::extract::Modality;

pub fn check(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let speaker_country = |i: usize| {
        st(i)
            .attribution
            .as_ref()
            .and_then(|a| a.speaker.as_ref())
            .map(|sp| super::identity(c.rules, sp))
    };
    let speaker_label = |i: usize| {
        let sp = st(i)
            .attribution
            .as_ref()
            .and_then(|a| a.speaker.as_deref())
            .unwrap_or_default();
        let id = c.rules.country_of(sp).unwrap_or_else(|| sp.to_string());
        c.rules.label(&id)
    };
    let claims: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| matches!(st(i).modality, Modality::Alleged) && speaker_country(i).is_some())
        .collect();
    let denials: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| st(i).modality == Modality::Denied && speaker_country(i).is_some())
        .collect();
    let mut accusers = Vec::new();
    let mut deniers = Vec::new();
    for &d in &denials {
        let denier = speaker_country(d);
        for &a in &claims {
            let accuser = speaker_country(a);
            // the denier must be one the claim is about, and someone else must claim it
            if accuser != denier
                && participants(c.rules, st(a)).contains(denier.as_deref().unwrap_or_default())
            {
                if !accusers.contains(&a) {
                    accusers.push(a);
                }
                if !deniers.contains(&d) {
                    deniers.push(d);
                }
            }
        }
    }
    if accusers.is_empty() {
        return Vec::new();
    }
    let mut sides_idx = accusers.clone();
    sides_idx.extend(&deniers);
    let names = |v: &[usize]| {
        let mut n: Vec<String> = Vec::new();
        for &i in v {
            let l = speaker_label(i);
            if !n.contains(&l) {
                n.push(l);
            }
        }
        n.join(", ")
    };
    let first = st(accusers[0]);
    let summary = format!(
        "{} claim {} {} that {} denies",
        names(&accusers),
        first.predicate,
        first.object().map(|o| c.rules.label(o)).unwrap_or_default(),
        names(&deniers)
    )
    .replace("  ", " ");
    let ids: Vec<&str> = sides_idx.iter().map(|&i| st(i).id.as_str()).collect();
    let (sides, confidence, reasons) = super::stance_sides(c, &sides_idx);
    vec![Flag {
        id: flag_id(FlagKind::Disputed, &ids),
        kind: FlagKind::Disputed,
        severity: Severity::Warning,
        summary,
        slots: vec![SlotDiff {
            name: "modality".into(),
            from: "alleged".into(),
            to: "denied".into(),
        }],
        sides,
        corroborated_by: Vec::new(),
        confidence,
        reasons,
        diff: None,
        event_date: c.documents[first.doc_index].published.date,
    }]
}
