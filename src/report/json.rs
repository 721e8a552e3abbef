//! JSON (`crosscheck/1`) and JSON Lines output. Field names here are a contract
//! with tools and CI scripts: add fields, never rename them.

use super::View;
use crate::Report;
use serde_json::{json, Value};

pub const SCHEMA: &str = "crosscheck/1";

pub fn value(report: &Report, view: View) -> Value {
    let documents: Vec<Value> = report
        .documents
        .iter()
        .map(|d| {
            json!({
                "id": d.id,
                "path": d.path,
                "outlet": d.outlet,
                "outlet_source": if d.outlet.is_none() { "unknown" } else if d.outlet_detected { "detected" } else { "metadata" },
                "url": d.url,
                "published": {
                    "date": d.published.date.map(|x| x.to_string()),
                    "source": d.published.source,
                    "basis": d.published.basis,
                },
                "language": d.language,
                "languages": d.languages(),
            })
        })
        .collect();
    let mut v = json!({
        "schema": SCHEMA,
        "documents": documents,
        "statements": report.statements,
    });
    if view == View::Check {
        v["flags"] = json!(report.flags);
    } else {
        // every date the pages mention, resolved, for checking the time grammar
        let times: Vec<_> = report
            .documents
            .iter()
            .flat_map(crate::extract::document_times)
            .collect();
        v["times"] = json!(times);
    }
    v["errors"] = json!(report.errors);
    v
}

pub fn render(report: &Report, view: View) -> String {
    let mut s = serde_json::to_string_pretty(&value(report, view)).unwrap_or_default();
    s.push('\n');
    s
}

/// One flag per line (statements for `extract`), for streaming.
pub fn render_lines(report: &Report, view: View) -> String {
    let mut out = String::new();
    let lines: Vec<String> = match view {
        View::Check => report
            .flags
            .iter()
            .filter_map(|f| serde_json::to_string(f).ok())
            .collect(),
        View::Extract => report
            .statements
            .iter()
            .filter_map(|s| serde_json::to_string(s).ok())
            .collect(),
    };
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}
