//! JUnit XML output, so a CI system shows flags as failing tests.
//!
//! One `<testsuite name="crosscheck">`. Its test cases are:
//!
//! - one per document read, always passing (it was read and checked), so the
//!   suite is never empty and the same names come back run after run — a
//!   dashboard tracking tests over time sees documents, not a count that
//!   appears only when the corpus is clean;
//! - one per input that could not be read, as an `<error>` (the run's exit
//!   code 2);
//! - one per flag, `classname` = the flag kind, `name` = "id: summary". Flags
//!   at warning or error are `<failure>`s whose text gives the differing slots
//!   and, for each side, outlet, date, `path:line:col` and the quote;
//!   informational flags pass, with the same text in `<system-out>`.
//!
//! Everything quoted is defanged (control and bidi characters made visible)
//! and then XML-escaped; characters XML 1.0 forbids never reach the output.
//! Output is deterministic: no timestamps or durations.

use super::{defang, View};
use crate::compare::{Flag, Severity};
use crate::Report;
use std::fmt::Write;

/// Escape for XML 1.0 text or attribute values. Characters XML 1.0 does not
/// allow at all are written as a visible `<U+XXXX>`; in attributes, tab and
/// line breaks are written as character references so they survive
/// attribute-value normalization.
fn xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' if attribute => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                let _ = write!(out, "&lt;U+{:04X}&gt;", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// A quoted value, safe in an attribute.
fn attr(s: &str) -> String {
    xml(&defang(s), true)
}

/// The failure text of a flag: slots, then each side with its quote.
fn details(r: &Report, f: &Flag) -> String {
    let mut t = String::new();
    for s in &f.slots {
        let _ = writeln!(
            t,
            "{}: {} → {}",
            s.name,
            defang(&r.label(&s.from)),
            defang(&r.label(&s.to))
        );
    }
    for side in &f.sides {
        let _ = writeln!(
            t,
            "{}: {}, {}, {}:{}:{}\n  “{}”",
            side.role,
            defang(&side.origin.outlet),
            side.origin.published.as_deref().unwrap_or("date unknown"),
            defang(&side.origin.path),
            side.line,
            side.column,
            defang(&side.quote)
        );
    }
    if !f.corroborated_by.is_empty() {
        let _ = writeln!(t, "corroborating statements ({}):", f.corroborated_by.len());
        for id in &f.corroborated_by {
            let _ = writeln!(t, "  {}", defang(id));
        }
    }
    xml(&t, false)
}

pub fn render(r: &Report, view: View) -> String {
    let flags: &[Flag] = match view {
        View::Check => &r.flags,
        View::Extract => &[],
    };
    let failures = flags
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .count();
    let errors = r.errors.len();
    let tests = r.documents.len() + errors + flags.len();
    let counts = format!(r#"tests="{tests}" failures="{failures}" errors="{errors}""#);

    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    let _ = writeln!(out, r#"<testsuites name="crosscheck" {counts}>"#);
    let _ = writeln!(
        out,
        r#"  <testsuite name="crosscheck" {counts} skipped="0">"#
    );
    let _ = writeln!(
        out,
        r#"    <properties><property name="crosscheck.version" value="{}"/></properties>"#,
        env!("CARGO_PKG_VERSION")
    );
    for (i, d) in r.documents.iter().enumerate() {
        let statements = r.statements.iter().filter(|s| s.doc_index == i).count();
        let _ = writeln!(
            out,
            r#"    <testcase classname="crosscheck.document" name="{}">"#,
            attr(&d.path)
        );
        let _ = writeln!(
            out,
            "      <system-out>{}, {}, {}, {statements} statements</system-out>",
            xml(&defang(&d.outlet_label()), false),
            d.published
                .date
                .map_or("date unknown".into(), |x| x.to_string()),
            xml(&defang(&d.language), false)
        );
        let _ = writeln!(out, "    </testcase>");
    }
    for (i, e) in r.errors.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"    <testcase classname="crosscheck.input" name="unreadable input {}">"#,
            i + 1
        );
        let _ = writeln!(
            out,
            r#"      <error message="{}" type="unreadable-input"/>"#,
            attr(e)
        );
        let _ = writeln!(out, "    </testcase>");
    }
    for f in flags {
        let _ = writeln!(
            out,
            r#"    <testcase classname="{}" name="{}">"#,
            f.kind.as_str(),
            attr(&format!("{}: {}", f.id, f.summary))
        );
        if f.severity >= Severity::Warning {
            let _ = writeln!(
                out,
                r#"      <failure message="{}" type="{}">{}</failure>"#,
                attr(&f.summary),
                f.kind.as_str(),
                details(r, f)
            );
        } else {
            let _ = writeln!(out, "      <system-out>{}</system-out>", details(r, f));
        }
        let _ = writeln!(out, "    </testcase>");
    }
    let _ = writeln!(out, "  </testsuite>");
    let _ = writeln!(out, "</testsuites>");
    out
}

/// One test case per ledger entry, for `crosscheck assert --format junit`: a
/// contradicted entry fails, an unsupported one is skipped.
pub fn ledger(results: &[crate::workflow::FactResult]) -> String {
    use crate::workflow::FactStatus;
    let failures = results
        .iter()
        .filter(|r| r.status == FactStatus::Contradicted)
        .count();
    let skipped = results
        .iter()
        .filter(|r| r.status == FactStatus::Unsupported)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"crosscheck ledger\" tests=\"{n}\" failures=\"{failures}\">\n  <testsuite name=\"ledger\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n",
        n = results.len()
    ));
    for r in results {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\">",
            attr(&r.fact.predicate),
            attr(&r.id)
        ));
        match r.status {
            FactStatus::Contradicted => {
                let body: Vec<String> = r
                    .contradicted_by
                    .iter()
                    .map(|(id, slots)| {
                        let s: Vec<String> = slots
                            .iter()
                            .map(|d| format!("{}: {} → {}", d.name, d.from, d.to))
                            .collect();
                        format!("{id}: {}", s.join(", "))
                    })
                    .collect();
                out.push_str(&format!(
                    "<failure message=\"{} contradicting sources\" type=\"contradicted\">{}</failure>",
                    r.contradicted_by.len(),
                    xml(&body.join("\n"), false)
                ));
            }
            FactStatus::Unsupported => {
                out.push_str("<skipped message=\"no source supports this entry\"/>")
            }
            FactStatus::Supported => {}
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            xml("a<b>&\"'\u{1}\u{FFFF}", false),
            "a&lt;b&gt;&amp;&quot;&apos;&lt;U+0001&gt;&lt;U+FFFF&gt;"
        );
        assert_eq!(xml("a\nb\t", true), "a&#10;b&#9;");
    }
}
