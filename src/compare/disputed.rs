//! `disputed`: claims attributed to different actors clash.
//!
//! # What it flags
//! One actor accuses or asserts that an event happened (an attributed claim,
//! modality `alleged`, or `asserted` with a speaker) while an actor the claim
//! is about denies it. The outlet's own narration, an attributed claim and a
//! quoted denial in the same article are separate statements, never merged.
//! Also a plan's fate told as fact in one report ("أعلن الاتحاد تأجيل
//! البطولة") and denied by someone in another published within a month
//! ("CAF has refuted claims suggesting a postponement").
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
    let mut flags = claims(c, ev);
    flags.extend(fates(c, ev));
    flags
}

/// How far apart (in days of publication) a reported fate and its denial
/// still answer each other.
const FATE_WINDOW_DAYS: i64 = 30;

/// A plan's fate reported as fact ("أعلن الاتحاد تأجيل البطولة") and the
/// same fate denied by someone ("CAF has refuted claims suggesting a
/// postponement"), in other reports published within [`FATE_WINDOW_DAYS`].
fn fates(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let date = |i: usize| c.documents[st(i).doc_index].published.date;
    let near = |a: usize, b: usize| match (date(a), date(b)) {
        (Some(p), Some(q)) => (p - q).num_days().abs() <= FATE_WINDOW_DAYS,
        _ => true,
    };
    let fate = |i: usize, m: Modality| {
        let s = st(i);
        s.status.is_some() && s.modality == m && s.polarity == crate::extract::Polarity::Positive
    };
    // the denials of each fate, in statement order
    let mut denied: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for &d in &ev.statements {
        let s = st(d);
        let spoken = s
            .attribution
            .as_ref()
            .and_then(|a| a.speaker.as_ref())
            .is_some();
        if fate(d, Modality::Denied) && spoken {
            denied
                .entry(s.status.as_deref().unwrap_or_default())
                .or_default()
                .push(d);
        }
    }
    let mut flags = Vec::new();
    for (status, denials) in denied {
        let reported: Vec<usize> = ev
            .statements
            .iter()
            .copied()
            .filter(|&r| {
                fate(r, Modality::Asserted)
                    && st(r).status.as_deref() == Some(status)
                    && denials
                        .iter()
                        .any(|&d| st(r).doc_index != st(d).doc_index && near(r, d))
            })
            .collect();
        if reported.is_empty() {
            continue;
        }
        let first = st(denials[0]);
        let denier = first
            .attribution
            .as_ref()
            .and_then(|a| a.speaker.as_deref())
            .map(|sp| c.rules.label(sp))
            .unwrap_or_default();
        let summary = format!(
            "reports say {} was {status}; {denier} denies it",
            first.object().map(|o| c.rules.label(o)).unwrap_or_default(),
        )
        .replace("  ", " ");
        let mut sides_idx = reported;
        sides_idx.extend(&denials);
        flags.push(disputed(
            c,
            &sides_idx,
            summary,
            ("polarity", status),
            denials[0],
        ));
    }
    flags
}

/// The flag for statements `sides_idx` (claims first, then denials), its
/// one slot (name, from → "denied"), dated by statement `dated`.
fn disputed(
    c: &Corpus,
    sides_idx: &[usize],
    summary: String,
    (slot, from): (&str, &str),
    dated: usize,
) -> Flag {
    let ids: Vec<&str> = sides_idx
        .iter()
        .map(|&i| c.statements[i].id.as_str())
        .collect();
    let (sides, confidence, reasons) = super::stance_sides(c, sides_idx);
    Flag {
        id: flag_id(FlagKind::Disputed, &ids),
        kind: FlagKind::Disputed,
        severity: Severity::Warning,
        summary,
        slots: vec![SlotDiff {
            name: slot.into(),
            from: from.into(),
            to: "denied".into(),
        }],
        sides,
        corroborated_by: Vec::new(),
        confidence,
        reasons,
        diff: None,
        event_date: c.documents[c.statements[dated].doc_index].published.date,
    }
}

/// Accusations or attributed claims, and the accused's denial.
fn claims(c: &Corpus, ev: &Event) -> Vec<Flag> {
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
    // each statement's speaker and each claim's participants worked out
    // once; claims found by who they are about, not by trying every pair
    let speakers: rustc_hash::FxHashMap<usize, String> = ev
        .statements
        .iter()
        .filter(|&&i| matches!(st(i).modality, Modality::Alleged | Modality::Denied))
        .filter_map(|&i| Some((i, speaker_country(i)?)))
        .collect();
    let claims: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| matches!(st(i).modality, Modality::Alleged) && speakers.contains_key(&i))
        .collect();
    let denials: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| st(i).modality == Modality::Denied && speakers.contains_key(&i))
        .collect();
    let mut about: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    for (k, &a) in claims.iter().enumerate() {
        for p in participants(c.rules, st(a)) {
            about.entry(p).or_default().push(k);
        }
    }
    let mut accusers = Vec::new();
    let mut deniers = Vec::new();
    let mut accused = vec![false; claims.len()];
    for &d in &denials {
        let denier = &speakers[&d];
        // the denier must be one the claim is about, and someone else must claim it
        let mut found = false;
        for &k in about.get(denier).into_iter().flatten() {
            let a = claims[k];
            if speakers[&a] != *denier {
                found = true;
                if !accused[k] {
                    accused[k] = true;
                    accusers.push(a);
                }
            }
        }
        if found {
            deniers.push(d);
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
    vec![disputed(
        c,
        &sides_idx,
        summary,
        ("modality", "alleged"),
        accusers[0],
    )]
}
