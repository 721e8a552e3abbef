//! SARIF 2.1.0 output, so flags show up in code-scanning dashboards beside
//! lint findings.
//!
//! One run, one result per flag. Each side of a flag is one location: SARIF's
//! `charOffset` counts UTF-16 code units or code points depending on the
//! viewer, while evidence offsets are bytes, so regions carry
//! `byteOffset`/`byteLength` (exact) plus `startLine`/`startColumn` with the
//! run's `columnKind` set to code points, which is what `column` counts.
//!
//! The snippet is the quote verbatim — it must equal the region's bytes for a
//! consumer to verify it — while every message a viewer shows as prose is
//! defanged (control and bidi characters made visible). Inputs that could not
//! be read become tool execution notifications. In the `extract` view there
//! are no flags, so no results.

use super::{defang, View};
use crate::compare::{Flag, FlagKind, Severity};
use crate::Report;
use serde_json::{json, Value};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Every flag kind, in the order of the rules array (results point into it).
const KINDS: [FlagKind; 7] = [
    FlagKind::OutcomeDiffers,
    FlagKind::Contradiction,
    FlagKind::StanceReversal,
    FlagKind::Disputed,
    FlagKind::QuoteDrift,
    FlagKind::UnresolvedExpectation,
    FlagKind::InternalInconsistency,
];

/// One line per flag kind, from the product specification.
fn description(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OutcomeDiffers => {
            "an expectation or plan, and a later report of what happened, differ"
        }
        FlagKind::Contradiction => "two assertions about the same event cannot both be true",
        FlagKind::StanceReversal => {
            "the same actor's stance on the same proposition changes over time"
        }
        FlagKind::Disputed => "different actors' attributed claims clash",
        FlagKind::QuoteDrift => {
            "the same speaker's quote is rendered differently by different outlets"
        }
        FlagKind::UnresolvedExpectation => "an expectation with no later outcome in the corpus",
        FlagKind::InternalInconsistency => "one document disagrees with itself",
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative or absolute URI reference: `/` separators, and every
/// byte outside the unreserved and path characters percent-encoded (`:` too,
/// so `C:/x` is not read as a scheme).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule(kind: FlagKind) -> Value {
    json!({
        "id": kind.as_str(),
        "name": kind.as_str(),
        "shortDescription": { "text": description(kind) },
        "defaultConfiguration": {
            "level": if kind == FlagKind::UnresolvedExpectation { "note" } else { "warning" }
        },
    })
}

fn result(r: &Report, f: &Flag) -> Value {
    let locations: Vec<Value> = f
        .sides
        .iter()
        .map(|side| {
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&side.origin.path) },
                    "region": {
                        "startLine": side.line.max(1),
                        "startColumn": side.column.max(1),
                        "byteOffset": side.start,
                        "byteLength": side.end.saturating_sub(side.start),
                        "snippet": { "text": side.quote },
                    },
                },
                "message": {
                    "text": format!(
                        "{}: {}, {}",
                        side.role,
                        defang(&side.origin.outlet),
                        side.origin.published.as_deref().unwrap_or("date unknown")
                    ),
                },
            })
        })
        .collect();
    let mut v = json!({
        "ruleId": f.kind.as_str(),
        "level": level(f.severity),
        "message": { "text": defang(&f.summary) },
        "locations": locations,
        "partialFingerprints": { "crosscheckFlagId/v1": f.id },
        "properties": {
            "id": f.id,
            "confidence": f.confidence,
            "slots": f.slots,
            "corroborated_by": f.corroborated_by,
            "roles": f.sides.iter().map(|s| &*s.role).collect::<Vec<_>>(),
        },
    });
    if let Some(i) = KINDS.iter().position(|k| *k == f.kind) {
        v["ruleIndex"] = json!(i);
    }
    if let Some(state) = r.against.state(&f.id) {
        v["baselineState"] = json!(state);
    }
    if let Some(reason) = r.against.suppressions.reasons.get(&f.id) {
        v["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": defang(reason),
        }]);
    }
    v
}

pub fn value(r: &Report, view: View) -> Value {
    let results: Vec<Value> = match view {
        View::Check => {
            let mut out: Vec<Value> = r.flags.iter().map(|f| result(r, f)).collect();
            let current = r.flags.iter().map(|f| f.id.as_str()).collect();
            out.extend(r.against.absent(&current));
            out
        }
        View::Extract => Vec::new(),
    };
    let notifications: Vec<Value> = r
        .errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": defang(e) } }))
        .collect();
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "crosscheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": KINDS.iter().map(|k| rule(*k)).collect::<Vec<_>>(),
                },
            },
            "invocations": [{
                "executionSuccessful": r.errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn render(r: &Report, view: View) -> String {
    let mut s = serde_json::to_string_pretty(&value(r, view)).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("../shared/seeds/a b.txt"), "../shared/seeds/a%20b.txt");
        assert_eq!(uri("C:\\x\\خبر.md"), "C%3A/x/%D8%AE%D8%A8%D8%B1.md");
    }
}
