//! Human-readable text, coloured on a terminal.

use super::{defang, View};
use crate::compare::{Flag, Severity};
use crate::Report;
use std::fmt::Write;

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

pub fn render(r: &Report, view: View, color: bool) -> String {
    let mut out = String::new();
    if view == View::Extract {
        for s in &r.statements {
            let roles: Vec<String> = s
                .roles
                .iter()
                .map(|(k, v)| format!("{k}={}", v.join("+")))
                .collect();
            let _ = writeln!(
                out,
                "{}:{}:{}: {} {} [{}] place={} time={} {}",
                r.path_of_statement(s),
                s.evidence.line,
                s.evidence.column,
                paint(&s.predicate, "1", color),
                s.modality.as_str(),
                roles.join(" "),
                s.place.as_deref().unwrap_or("-"),
                s.time.as_ref().map_or("-".to_string(), |t| t.value.clone()),
                if s.quantities.is_empty() {
                    String::new()
                } else {
                    s.quantities
                        .iter()
                        .map(|q| format!("{} {}", q.value, q.unit))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            );
            if !s.untabled.is_empty() {
                let _ = writeln!(out, "    found without a table: {}", s.untabled.join(", "));
            }
            let _ = writeln!(out, "    “{}”", defang(&s.evidence.quote));
        }
        let _ = writeln!(
            out,
            "{} statements in {} documents",
            r.statements.len(),
            r.documents.len()
        );
        return out;
    }
    for f in &r.flags {
        flag(&mut out, r, f, color);
    }
    let corroborated: usize = r.flags.iter().map(|f| f.corroborated_by.len()).sum();
    let _ = writeln!(
        out,
        "{} flags, {} statements, {} documents{}{}",
        r.flags.len(),
        r.statements.len(),
        r.documents.len(),
        if corroborated > 0 {
            format!(", {corroborated} corroborating statements")
        } else {
            String::new()
        },
        if r.skipped.is_empty() {
            String::new()
        } else {
            match r.skipped.len() {
                1 => ", 1 file skipped".to_string(),
                n => format!(", {n} files skipped"),
            }
        }
    );
    out
}

fn flag(out: &mut String, r: &Report, f: &Flag, color: bool) {
    let sev = match f.severity {
        Severity::Error => paint("error", "1;31", color),
        Severity::Warning => paint("warning", "1;33", color),
        Severity::Info => paint("info", "1;36", color),
    };
    let _ = writeln!(out, "{sev}[{}] {}: {}", f.kind.as_str(), f.id, f.summary);
    for s in &f.slots {
        let _ = writeln!(
            out,
            "  {}: {} → {}",
            s.name,
            r.label(&s.from),
            r.label(&s.to)
        );
    }
    for side in &f.sides {
        let _ = writeln!(
            out,
            "  {:<9} {} · {} · {}:{}:{}",
            side.role,
            defang(&side.origin.outlet),
            side.origin.published.as_deref().unwrap_or("date unknown"),
            side.origin.path,
            side.line,
            side.column
        );
        let _ = writeln!(out, "      “{}”", defang(&side.quote));
    }
    if !f.corroborated_by.is_empty() {
        let _ = writeln!(out, "  corroborated by:");
        for id in &f.corroborated_by {
            if let Some(s) = r.statement(id) {
                let d = &r.documents[s.doc_index];
                let _ = writeln!(
                    out,
                    "    {} · {} · {}:{}:{}",
                    defang(&d.outlet_label()),
                    d.published
                        .date
                        .map_or("date unknown".to_string(), |x| x.to_string()),
                    d.path,
                    s.evidence.line,
                    s.evidence.column
                );
            }
        }
    }
    let _ = writeln!(out);
}
