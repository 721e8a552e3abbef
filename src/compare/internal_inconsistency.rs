//! `internal-inconsistency`: one document disagrees with itself.
//!
//! # What it flags
//! A weekday written beside a full date it does not fall on ("الاثنين 17 يناير
//! 2025", a Friday), and two asserted dates or places for the same one-off
//! event within one article.
//!
//! # Why it matters
//! An article that contradicts itself has an error in it; the editor wants to
//! know which line before it runs.
//!
//! # Example
//! "signed on Tuesday 8 July 2024" — 8 July 2024 was a Monday.
//!
//! # Known false positives
//! A weekday that belongs to another clause than the date beside it.

use super::{
    flag_id, places_agree, times_agree, Corpus, Event, Flag, FlagKind, Severity, Side, SlotDiff,
};
use crate::extract::Modality;
use crate::recognize::Sentence;
use crate::time::TimeGrammar;
use chrono::Datelike;

/// Weekday/date mismatches in one document's sentences, one flag per
/// sentence. The comparator splits each document once for this check and for
/// retold sentences.
pub fn weekdays(doc: &crate::ingest::Document, sentences: &[Sentence]) -> Vec<Flag> {
    let grammar = TimeGrammar::embedded();
    let mut flags = Vec::new();
    for s in sentences {
        // a weekday can only contradict a full date, and dates have digits
        if !s.norm.text.bytes().any(|b| b.is_ascii_digit()) || !grammar.names_weekday(&s.norm.text)
        {
            continue;
        }
        for (ws, we, date) in grammar.weekday_mismatches(&s.norm.text, doc.published.date) {
            let written = s.norm.original(ws, we).slice(&doc.text).to_string();
            let id = format!("{}@{}:weekday", doc.id, s.span.start);
            flags.push(Flag {
                id: flag_id(FlagKind::InternalInconsistency, &[&id]),
                kind: FlagKind::InternalInconsistency,
                severity: Severity::Warning,
                summary: format!(
                    "weekday {written} does not match {date}, a {:?}",
                    date.weekday()
                ),
                slots: vec![SlotDiff {
                    name: "time".into(),
                    from: written,
                    to: format!("{date} ({:?})", date.weekday()),
                }],
                sides: vec![Side::of_sentence(id, s.span, doc, "reported")],
                corroborated_by: Vec::new(),
                confidence: 0.9,
                reasons: vec!["time/weekday-mismatch".into()],
                diff: None,
                event_date: Some(date),
            });
        }
    }
    flags
}

/// Two asserted dates or places for one one-off event within one document.
pub fn check(c: &Corpus, ev: &Event) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let one_off = |i: usize| {
        c.rules
            .predicates
            .iter()
            .any(|p| p.id == st(i).predicate && p.one_off)
    };
    let asserted: Vec<usize> = ev
        .statements
        .iter()
        .copied()
        .filter(|&i| st(i).modality == Modality::Asserted && st(i).status.is_none() && one_off(i))
        .collect();
    let mut flags = Vec::new();
    for (k, &a) in asserted.iter().enumerate() {
        for &b in &asserted[k + 1..] {
            let (x, y) = (st(a), st(b));
            if x.doc_index != y.doc_index {
                continue;
            }
            let mut slots = Vec::new();
            if let (Some(p), Some(q)) = (&x.time, &y.time) {
                if !times_agree(p, q) {
                    slots.push(SlotDiff {
                        name: "time".into(),
                        from: p.value.clone(),
                        to: q.value.clone(),
                    });
                }
            }
            if let (Some(p), Some(q)) = (&x.place, &y.place) {
                if !places_agree(c.rules, p, q) {
                    slots.push(SlotDiff {
                        name: "place".into(),
                        from: p.to_string(),
                        to: q.to_string(),
                    });
                }
            }
            if slots.is_empty() {
                continue;
            }
            let doc = &c.documents[x.doc_index];
            flags.push(Flag {
                id: flag_id(FlagKind::InternalInconsistency, &[&x.id, &y.id]),
                kind: FlagKind::InternalInconsistency,
                severity: Severity::Warning,
                summary: format!(
                    "one article gives two accounts of {}: {}",
                    x.predicate,
                    slots
                        .iter()
                        .map(|s| format!("{} {} → {}", s.name, s.from, s.to))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                slots,
                sides: vec![Side::of(x, doc, "reported"), Side::of(y, doc, "reported")],
                corroborated_by: Vec::new(),
                confidence: x.confidence.min(y.confidence),
                reasons: vec![x.rule.clone(), y.rule.clone()],
                diff: None,
                event_date: x.time.as_ref().map(|t| t.start),
            });
            return flags; // one flag per event and document is enough
        }
    }
    flags
}
