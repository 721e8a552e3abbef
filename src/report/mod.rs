//! Rendering a [`Report`] in each output format. Every reporter reads the same
//! flag data; none of them recomputes anything.
//!
//! Quotes are shown verbatim from the original text, but terminal control and
//! bidi-control characters are made visible so a hostile article cannot forge
//! or hide evidence in a terminal or a Markdown viewer.

pub mod baseline;
mod claimreview;
mod html;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;
pub mod workflow;

use crate::Report;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Jsonl,
    Markdown,
    /// SARIF 2.1.0, for code-scanning dashboards
    Sarif,
    /// JUnit XML, for CI test reports
    Junit,
    /// schema.org ClaimReview JSON-LD, for publishing fact-checks
    Claimreview,
    /// One self-contained HTML page with a timeline per flag
    Html,
}

pub use junit::ledger as ledger_junit;

/// What to render: the full report or statements only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Check,
    Extract,
}

pub fn render(report: &Report, format: Format, view: View, color: bool) -> String {
    match format {
        Format::Text => text::render(report, view, color),
        Format::Json => json::render(report, view),
        Format::Jsonl => json::render_lines(report, view),
        Format::Markdown => markdown::render(report, view),
        Format::Sarif => sarif::render(report, view),
        Format::Junit => junit::render(report, view),
        Format::Claimreview => claimreview::render(report, view),
        Format::Html => html::render(report, view),
    }
}

/// Make control and bidi-override characters visible as `<U+XXXX>`.
pub fn defang(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let hidden = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}');
        if hidden {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}
