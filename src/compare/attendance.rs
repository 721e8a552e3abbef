//! `outcome-differs` on who came: a person expected at an event, and a later
//! report that they stayed away.
//!
//! # What it flags
//! A statement of a predicate with absence triggers (`attend`) told as
//! expected or planned, naming a person or an office holder, and a later
//! report, told as fact, that the same person was not at the same event
//! ("غاب العاهل الأردني … عن القمة", "stayed away from the summit").
//! Attendance is each attendee's own: a list of five leaders expected meets
//! a report that two of them were absent, and the flag names those two.
//!
//! # Why it matters
//! Previews list who is coming; the reports after the event rarely say
//! that the list was wrong. "Who stayed away" is a question readers ask.
//!
//! # Example
//! 15 May: "the presence of heads of state will exceed 50%, including … the
//! kings of Jordan and Bahrain". After the summit: "وبخلاف التوقعات، غاب
//! العاهل الأردني … وملك البحرين عن القمة". Flagged as participants: king of
//! Jordan, king of Bahrain expected → absent.
//!
//! # Known false positives
//! A series the tables give no editions of, named without a year in an
//! undated report of absence, may be another year's meeting.

use super::{flag_id, times_agree, Corpus, Flag, FlagKind, Severity, Side, SlotDiff};
use crate::extract::{Modality, Polarity, Statement};
use crate::rules::{EntityKind, Rules};
use rustc_hash::FxHashMap as HashMap;

/// Dated reports further apart than this are about different occasions.
const MAX_DAYS: i64 = 120;

pub fn check(c: &Corpus) -> Vec<Flag> {
    // each attendance by (predicate, event, person)
    let mut expected: HashMap<(&str, String, String), Vec<usize>> = HashMap::default();
    let mut came: HashMap<(&str, String, String), Vec<usize>> = HashMap::default();
    let mut absent: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (i, s) in c.statements.iter().enumerate() {
        let pred = s.predicate.as_str();
        if s.status.is_some() {
            continue;
        }
        let Some((event, people)) = attendees(c.rules, s) else {
            continue;
        };
        let asserted = s.modality == Modality::Asserted;
        match s.polarity {
            Polarity::Positive if s.modality.is_expectation() => {
                for p in &people {
                    expected
                        .entry((pred, event.clone(), p.clone()))
                        .or_default()
                        .push(i);
                }
            }
            Polarity::Positive if asserted => {
                for p in &people {
                    came.entry((pred, event.clone(), p.clone()))
                        .or_default()
                        .push(i);
                }
            }
            // (every report of absence, new or not: which one a flag quotes
            // and which corroborate is the same whatever is asked about)
            Polarity::Negative if asserted => absent.push((i, event, people)),
            _ => {}
        }
    }
    let date = |i: usize| c.documents[c.statements[i].doc_index].published.date;
    let st = |i: usize| &c.statements[i];
    // the expectation a report of absence answers: published before it,
    // about the same occasion
    let answers = |e: usize, o: usize| {
        let (x, y) = (st(e), st(o));
        if x.doc_index == y.doc_index {
            return false;
        }
        if let (Some(a), Some(b)) = (&x.time, &y.time) {
            if !times_agree(a, b) {
                return false;
            }
        }
        match (date(e), date(o)) {
            (Some(a), Some(b)) => b > a && (b - a).num_days() <= MAX_DAYS,
            _ => true,
        }
    };
    // each report of absence with the expected people it names and the
    // expectations that named them
    let mut found: Vec<(usize, &String, Vec<&String>, Vec<usize>)> = Vec::new();
    for (o, event, people) in &absent {
        let pred = st(*o).predicate.as_str();
        let mut who: Vec<&String> = Vec::new();
        let mut sides: Vec<usize> = Vec::new();
        for p in people {
            let key = (pred, event.clone(), p.clone());
            let Some(exps) = expected.get(&key) else {
                continue;
            };
            let exps: Vec<usize> = exps.iter().copied().filter(|&e| answers(e, *o)).collect();
            if exps.is_empty() {
                continue;
            }
            // reports disagree on whether they came: not this flag's to settle
            let reported_there = came
                .get(&key)
                .is_some_and(|v| v.iter().any(|&k| st(k).doc_index != st(*o).doc_index));
            if reported_there {
                continue;
            }
            who.push(p);
            for e in exps {
                if !sides.contains(&e) {
                    sides.push(e);
                }
            }
        }
        if who.is_empty() {
            continue;
        }
        sides.sort_by_key(|&e| (date(e), e));
        found.push((*o, event, who, sides));
    }
    // one flag per expectation: a later report of the same absence (the
    // same people or fewer) corroborates the fullest one
    found.sort_by_key(|(o, _, who, _)| (std::cmp::Reverse(who.len()), *o));
    let mut flags: Vec<Flag> = Vec::new();
    let mut made: Vec<(&String, Vec<usize>, Vec<&String>, usize)> = Vec::new();
    for (o, event, who, sides) in found {
        if let Some(&(_, _, _, k)) = made
            .iter()
            .find(|(e, s, w, _)| *e == event && *s == sides && who.iter().all(|p| w.contains(p)))
        {
            flags[k].corroborated_by.push(st(o).id.clone());
            continue;
        }
        made.push((event, sides.clone(), who.clone(), flags.len()));
        let out = st(o);
        let names: Vec<String> = who.iter().map(|p| c.rules.label(p)).collect();
        let names = names.join(", ");
        let mut all: Vec<Side> = sides
            .iter()
            .map(|&e| Side::of(st(e), &c.documents[st(e).doc_index], "expected"))
            .collect();
        all.push(Side::of(out, &c.documents[out.doc_index], "absent"));
        let ids: Vec<&str> = sides
            .iter()
            .map(|&e| st(e).id.as_str())
            .chain([out.id.as_str()])
            .collect();
        let undated = sides.iter().any(|&e| date(e).is_none()) || date(o).is_none();
        let confidence = sides
            .iter()
            .map(|&e| st(e).confidence)
            .fold(out.confidence, f32::min);
        flags.push(Flag {
            id: flag_id(FlagKind::OutcomeDiffers, &ids),
            kind: FlagKind::OutcomeDiffers,
            severity: Severity::Warning,
            summary: format!(
                "expected at {}: {names}; reported absent",
                c.rules.label(event)
            ),
            slots: vec![SlotDiff {
                name: "participants".into(),
                from: format!("{names} expected"),
                to: format!("{names} absent"),
            }],
            sides: all,
            corroborated_by: Vec::new(),
            confidence: if undated {
                confidence.min(0.5)
            } else {
                confidence
            },
            reasons: vec![
                format!("same event: {}", c.rules.label(event)),
                format!("same attendees: {names}"),
                out.rule.clone(),
            ],
            diff: None,
            event_date: out.time.as_ref().map(|t| t.start),
        });
    }
    flags
}

/// The event a statement of attendance is about and the people it says
/// come (or stay away), where it names both; none for a predicate that
/// reports no absence.
fn attendees(rules: &Rules, s: &Statement) -> Option<(String, Vec<String>)> {
    let absence = rules
        .predicates
        .iter()
        .any(|p| p.id == s.predicate && !p.absence_triggers.is_empty());
    if !absence {
        return None;
    }
    let event = event_of(rules, s)?;
    let people: Vec<String> = s
        .agents()
        .iter()
        .filter(|a| is_person(rules, a))
        .cloned()
        .collect();
    (!people.is_empty()).then_some((event, people))
}

/// The keys an archive stores a statement of attendance by, one per
/// attendee, so that a new report of absence meets the expectations that
/// named the same person at the same event.
pub fn keys(rules: &Rules, s: &Statement) -> Vec<String> {
    attendees(rules, s).map_or_else(Vec::new, |(event, people)| {
        people
            .iter()
            .map(|p| format!("att:{}:{event}:{p}", s.predicate))
            .collect()
    })
}

/// The event a statement of attendance is about: a named event as its
/// object, else the one it is set at. An event only its own article knows
/// (`local:`) meets nothing in another.
fn event_of(rules: &Rules, s: &Statement) -> Option<String> {
    let named = |id: &str| {
        !id.starts_with("local:")
            && rules
                .entity(crate::rules::edition(id).map_or(id, |e| e.0))
                .is_some_and(|e| e.kind == EntityKind::Event)
    };
    s.roles
        .get("object")
        .into_iter()
        .flatten()
        .map(String::as_str)
        .find(|o| named(o))
        .or(s.occasion.as_deref().filter(|o| named(o)))
        .map(str::to_string)
}

/// Is an id a person: one the tables know, or an office holder
/// ("king@jordan")? Names no table knows are left out: their kind is not
/// known once read back from an archive.
fn is_person(rules: &Rules, id: &str) -> bool {
    if let Some(e) = rules.entity(id) {
        return e.kind == EntityKind::Person;
    }
    match id.split_once('@') {
        Some((office, _)) if !office.starts_with("name:") => rules
            .titles
            .iter()
            .any(|t| t.office == office && t.kind == EntityKind::Person),
        _ => false,
    }
}
