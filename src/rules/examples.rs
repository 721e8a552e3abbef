//! Running the `[[test]]` examples that every rule file carries. Each example
//! is a one-document corpus; the failure message names the file and example.

use super::{RuleTest, Rules};
use crate::extract::Statement;
use crate::ingest::{BlockKind, Document};
use crate::recognize::{sentences, DocContext};

/// Run every example; returns one message per failing example.
pub fn run_tests(rules: &Rules) -> Vec<String> {
    let ex = crate::extract::Extractor::new(rules);
    let mut failures = Vec::new();
    for (n, (file, t)) in rules.tests.iter().enumerate() {
        if let Err(why) = run_one(rules, &ex, t) {
            failures.push(format!(
                "{file}: example {} ({:?}): {why}",
                n + 1,
                short(&t.text)
            ));
        }
    }
    failures
}

fn short(s: &str) -> String {
    s.chars().take(60).collect()
}

fn run_one(rules: &Rules, ex: &crate::extract::Extractor, t: &RuleTest) -> Result<(), String> {
    if let Some(other) = &t.retold {
        return retold(rules, t, other);
    }
    let text = match &t.published {
        Some(d) => format!("---\npublished: {d}\n---\n{}\n", t.text),
        None => format!("{}\n", t.text),
    };
    let doc = Document::from_text("example", "example", text, rules).map_err(|e| e.to_string())?;
    if !t.entities.is_empty() || !t.not_entities.is_empty() {
        let mut ctx = DocContext {
            date: doc.published.date,
            ..Default::default()
        };
        let mut found = Vec::new();
        for s in sentences(&doc) {
            for m in ex.recognizer.mentions(rules, &s, &mut ctx) {
                found.push(m.entity);
            }
        }
        for e in &t.entities {
            if !found.contains(e) {
                return Err(format!(
                    "entity {e} not recognized (found: {})",
                    found.join(", ")
                ));
            }
        }
        for e in &t.not_entities {
            if found.contains(e) {
                return Err(format!("entity {e} recognized but must not be"));
            }
        }
    }
    for f in &t.furniture {
        let ok = doc.blocks.iter().any(|b| {
            !matches!(b.kind, BlockKind::Body | BlockKind::Headline)
                && b.span.slice(&doc.text).contains(f.as_str())
        });
        if !ok {
            return Err(format!("{f:?} is not page furniture"));
        }
    }
    if let Some(o) = &t.outlet {
        if doc.outlet.as_deref() != Some(o.as_str()) {
            return Err(format!("outlet {:?}, expected {o:?}", doc.outlet));
        }
    }
    if let Some(d) = &t.date {
        let got = doc.published.date.map(|x| x.to_string());
        if got.as_deref() != Some(d.as_str()) {
            return Err(format!("date {got:?}, expected {d}"));
        }
    }
    let wants_statement = t.predicate.is_some()
        || t.modality.is_some()
        || t.place.is_some()
        || t.time.is_some()
        || !t.agents.is_empty()
        || t.quantity.is_some()
        || t.none;
    if !wants_statement {
        return Ok(());
    }
    let statements = ex.document(rules, &doc, 0);
    let of_pred: Vec<&Statement> = statements
        .iter()
        .filter(|s| t.predicate.as_ref().is_none_or(|p| &s.predicate == p))
        .collect();
    if t.none {
        return match of_pred.first() {
            Some(s) => Err(format!(
                "expected no statement, got {} ({})",
                s.predicate,
                s.modality.as_str()
            )),
            None => Ok(()),
        };
    }
    let Some(s) = of_pred.first() else {
        let got: Vec<&str> = statements.iter().map(|s| s.predicate.as_str()).collect();
        return Err(format!("no {:?} statement (got {got:?})", t.predicate));
    };
    let check = |what: &str, got: Option<String>, want: &Option<String>| -> Result<(), String> {
        match want {
            // "none": the statement must have no such slot
            Some(w) if w == "none" => match got {
                Some(g) => Err(format!("{what} {g:?}, expected none")),
                None => Ok(()),
            },
            Some(w) if got.as_deref() != Some(w.as_str()) => {
                Err(format!("{what} {got:?}, expected {w}"))
            }
            _ => Ok(()),
        }
    };
    check(
        "modality",
        Some(s.modality.as_str().to_string()),
        &t.modality,
    )?;
    let pol = serde_json::to_value(s.polarity)
        .ok()
        .and_then(|v| v.as_str().map(String::from));
    check("polarity", pol, &t.polarity)?;
    check("place", s.place.as_deref().map(String::from), &t.place)?;
    check("time", s.time.as_ref().map(|x| x.value.clone()), &t.time)?;
    check("object", s.object().cloned(), &t.object)?;
    check(
        "occasion",
        s.occasion.as_deref().map(String::from),
        &t.occasion,
    )?;
    check(
        "speaker",
        s.attribution.as_ref().and_then(|a| a.speaker.clone()),
        &t.speaker,
    )?;
    if let Some(q) = &t.quantity {
        let got: Vec<String> = s
            .quantities
            .iter()
            .map(|q| format!("{} {}", q.value, q.unit))
            .collect();
        // "none": the statement must carry no quantity
        let wrong = if q == "none" {
            !got.is_empty()
        } else {
            !got.contains(q)
        };
        if wrong {
            return Err(format!("quantity {got:?}, expected {q}"));
        }
    }
    for a in &t.agents {
        let ok = s
            .agents()
            .iter()
            .any(|x| x == a || rules.country_of(x).as_deref() == Some(a.as_str()));
        if !ok {
            return Err(format!("agent {a} missing (agents: {:?})", s.agents()));
        }
    }
    Ok(())
}

/// A `retold` example: the text and its retelling, as two outlets' articles
/// of one day, raise a warning naming `slot`, or none at all.
fn retold(rules: &Rules, t: &RuleTest, other: &str) -> Result<(), String> {
    let doc = |outlet: &str, text: &str| {
        format!("---\noutlet: {outlet}\npublished: 2024-05-01\n---\n{text}\n")
    };
    let (a, b) = (doc("first outlet", &t.text), doc("second outlet", other));
    let report = crate::check_texts(rules, &[("a.md", &a), ("b.md", &b)]);
    let warned: Vec<&crate::compare::Flag> = report
        .flags
        .iter()
        .filter(|f| f.severity >= crate::compare::Severity::Warning)
        .collect();
    match (warned.first(), t.none) {
        (Some(f), true) => Err(format!("expected no warning, got: {}", f.summary)),
        (None, false) => Err(format!("no warning for the retelling {:?}", short(other))),
        (Some(f), false) => match &t.slot {
            Some(want) if !f.slots.iter().any(|s| &s.name == want) => Err(format!(
                "flag on slot {:?}, expected {want}: {}",
                f.slots.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
                f.summary
            )),
            _ => Ok(()),
        },
        (None, true) => Ok(()),
    }
}
