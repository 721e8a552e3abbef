//! A Markdown report to paste into a fact-check.

use super::{defang, View};
use crate::Report;
use std::fmt::Write;

/// Quote text safe inside a Markdown blockquote.
fn md(s: &str) -> String {
    defang(s).replace('<', "&lt;").replace('>', "&gt;")
}

pub fn render(r: &Report, view: View) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# crosscheck report\n");
    let _ = writeln!(
        out,
        "| document | outlet | published | language |\n|---|---|---|---|"
    );
    for d in &r.documents {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} ({}) | {} |",
            d.path,
            md(&d.outlet_label()),
            d.published.date.map_or("unknown".into(), |x| x.to_string()),
            serde_json::to_value(d.published.source)
                .ok()
                .and_then(|v| v.as_str().map(String::from))
                .unwrap_or_default(),
            d.language
        );
    }
    let _ = writeln!(out);
    if view == View::Extract {
        let _ = writeln!(out, "## Statements\n");
        for s in &r.statements {
            let _ = writeln!(
                out,
                "- **{}** ({}) — `{}:{}:{}`\n  > {}",
                s.predicate,
                s.modality.as_str(),
                r.path_of_statement(s),
                s.evidence.line,
                s.evidence.column,
                md(&s.evidence.quote)
            );
        }
        return out;
    }
    let _ = writeln!(out, "## Flags ({})\n", r.flags.len());
    for f in &r.flags {
        let _ = writeln!(
            out,
            "### {} `{}` — {}\n",
            f.kind.as_str(),
            f.id,
            md(&f.summary)
        );
        if !f.slots.is_empty() {
            let _ = writeln!(out, "| slot | from | to |\n|---|---|---|");
            for s in &f.slots {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    s.name,
                    md(&r.label(&s.from)),
                    md(&r.label(&s.to))
                );
            }
            let _ = writeln!(out);
        }
        for side in &f.sides {
            let _ = writeln!(
                out,
                "**{}** — {}, {} (`{}:{}:{}`)\n\n> {}\n",
                side.role,
                md(&side.origin.outlet),
                side.origin.published.as_deref().unwrap_or("date unknown"),
                side.origin.path,
                side.line,
                side.column,
                md(&side.quote)
            );
        }
        if !f.corroborated_by.is_empty() {
            let _ = writeln!(out, "Corroborated by:\n");
            for id in &f.corroborated_by {
                if let Some(s) = r.statement(id) {
                    let d = &r.documents[s.doc_index];
                    let _ = writeln!(
                        out,
                        "- {}, {} (`{}:{}:{}`)",
                        md(&d.outlet_label()),
                        d.published
                            .date
                            .map_or("date unknown".into(), |x| x.to_string()),
                        d.path,
                        s.evidence.line,
                        s.evidence.column
                    );
                }
            }
            let _ = writeln!(out);
        }
    }
    out
}
