//! Text renderings of the workflows' results (draft check, ledger assertions,
//! timeline). JSON comes straight from their serde forms.

use super::defang;
use crate::workflow::{DraftReport, FactResult, FactStatus, Support, TimelineEntry};
use std::fmt::Write;

pub fn draft_text(d: &DraftReport) -> String {
    let mut out = String::new();
    let path = d
        .report
        .documents
        .iter()
        .find(|x| x.id == d.draft)
        .map_or(d.draft.clone(), |x| x.path.clone());
    if d.disagreements.is_empty() {
        let _ = writeln!(out, "no claim of {path} disagrees with the corpus");
    }
    for f in &d.disagreements {
        let _ = writeln!(
            out,
            "{}[{}] {}",
            f.severity.as_str(),
            f.kind.as_str(),
            f.summary
        );
        for side in &f.sides {
            let who = if side.origin.document == d.draft {
                "your draft".to_string()
            } else {
                defang(&side.origin.outlet)
            };
            let _ = writeln!(
                out,
                "  {who} · {} · {}:{}:{}\n      “{}”",
                side.origin.published.as_deref().unwrap_or("date unknown"),
                side.origin.path,
                side.line,
                side.column,
                defang(&side.quote)
            );
        }
        let _ = writeln!(out);
    }
    let weak: Vec<_> = d
        .claims
        .iter()
        .filter(|c| c.support != Support::Corroborated)
        .collect();
    if !weak.is_empty() {
        let _ = writeln!(out, "claims with thin support:");
        for c in weak {
            let what = match c.support {
                Support::SingleSource => "one source",
                _ => "no source",
            };
            let _ = writeln!(out, "  {path}:{} ({what}): “{}”", c.line, defang(&c.quote));
        }
    }
    let _ = writeln!(
        out,
        "{} disagreements, {} claims checked ({} corroborated)",
        d.disagreements.len(),
        d.claims.len() + d.disagreements.len(),
        d.claims
            .iter()
            .filter(|c| c.support == Support::Corroborated)
            .count()
    );
    out
}

pub fn ledger_text(results: &[FactResult], report: &crate::Report) -> String {
    let mut out = String::new();
    let locate = |id: &str| {
        report.statement(id).map(|s| {
            let d = &report.documents[s.doc_index];
            format!(
                "{} · {} · {}:{}:{}\n      “{}”",
                defang(&d.outlet_label()),
                d.published
                    .date
                    .map_or("date unknown".into(), |x| x.to_string()),
                d.path,
                s.evidence.line,
                s.evidence.column,
                defang(&s.evidence.quote)
            )
        })
    };
    for r in results {
        let _ = writeln!(
            out,
            "{} {}: {} ({} supporting)",
            match r.status {
                FactStatus::Supported => "ok",
                FactStatus::Contradicted => "CONTRADICTED",
                FactStatus::Unsupported => "unsupported",
            },
            r.id,
            r.fact.predicate,
            r.supported_by.len()
        );
        for (id, slots) in &r.contradicted_by {
            let diff: Vec<String> = slots
                .iter()
                .map(|s| format!("{}: {} → {}", s.name, s.from, s.to))
                .collect();
            let _ = writeln!(out, "  {}", diff.join(", "));
            if let Some(l) = locate(id) {
                let _ = writeln!(out, "    {l}");
            }
        }
    }
    out
}

pub fn timeline_text(entries: &[TimelineEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "{}  {:<12} {} {}{} place={} time={}  {}:{}:{}\n      “{}”",
            e.published.as_deref().unwrap_or("undated   "),
            e.modality,
            e.predicate,
            defang(&e.outlet),
            e.status
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default(),
            e.place.as_deref().unwrap_or("-"),
            e.time.as_deref().unwrap_or("-"),
            e.path,
            e.line,
            e.column,
            defang(&e.quote)
        );
    }
    let _ = writeln!(out, "{} statements", entries.len());
    out
}
