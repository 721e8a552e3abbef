//! `crosscheck time`: the time expressions in a text and how each resolves.
//!
//! A window onto `crosscheck::time` for checking a phrasing by hand or from a
//! script: finding and resolving stay in the library
//! ([`TimeGrammar::find_in_text`], [`crosscheck::time::parse_anchor`]); this
//! file reads the input and prints.

use std::io::{Read, Write};

use anyhow::{Context, Result};
use crosscheck::time::{parse_anchor, Direction, TimeGrammar, TimeMention};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum TimeFormat {
    /// One line per expression
    Text,
    /// A JSON array, one object per expression
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DirectionArg {
    /// Open dates ("Tuesday", "in March") are the last ones before the anchor
    Past,
    /// Open dates are the next ones after the anchor
    Future,
}

#[derive(clap::Args)]
pub struct TimeArgs {
    /// The text to read (a sentence or a whole article); `-` reads stdin
    pub text: String,
    /// The date open expressions resolve against: 2025-01-17 or an RFC 3339
    /// date-time with offset (2013-02-12T04:30:00-02:00); default today
    #[arg(long)]
    pub anchor: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = TimeFormat::Text)]
    pub format: TimeFormat,
    /// Which way open dates resolve
    #[arg(long, value_enum, default_value_t = DirectionArg::Past)]
    pub direction: DirectionArg,
}

/// One expression as the JSON output writes it; offsets are bytes into the
/// input as given.
#[derive(serde::Serialize)]
struct JsonExpr<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    value: String,
    /// TIMEX3's notation ("1989-Q3", "1998-SU", "2000-W07-WE"), when the
    /// expression is one TIMEX3 value.
    #[serde(skip_serializing_if = "Option::is_none")]
    timex: Option<String>,
    first: String,
    last: String,
    granularity: crosscheck::time::Granularity,
    approximate: bool,
    anchored: bool,
    /// The calendar conversion used ("hijri-tabular"), when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    converted: Option<&'static str>,
    /// The time of day, "15:20" ("08:00Z" in GMT/UTC), when one is said.
    #[serde(skip_serializing_if = "Option::is_none")]
    clock: Option<crosscheck::time::ClockTime>,
}

pub fn run(args: TimeArgs) -> Result<u8> {
    let anchor = match &args.anchor {
        Some(a) => parse_anchor(a).map_err(anyhow::Error::msg)?,
        None => chrono::Local::now().date_naive(),
    };
    let text = if args.text == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        s
    } else {
        args.text.clone()
    };
    let direction = match args.direction {
        DirectionArg::Past => Direction::Past,
        DirectionArg::Future => Direction::Future,
    };
    let found = TimeGrammar::embedded().find_in_text(&text, Some(anchor), direction);
    let out = match args.format {
        TimeFormat::Json => render_json(&text, &found)?,
        TimeFormat::Text => render_text(&text, &found),
    };
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    Ok(0)
}

fn render_json(text: &str, found: &[TimeMention]) -> Result<String> {
    let items: Vec<JsonExpr> = found
        .iter()
        .map(|m| JsonExpr {
            text: m.span.slice(text),
            start: m.span.start,
            end: m.span.end,
            value: m.expr.value(),
            timex: m.expr.timex(),
            first: m.expr.first.format("%Y-%m-%d").to_string(),
            last: m.expr.last.format("%Y-%m-%d").to_string(),
            granularity: m.expr.granularity,
            approximate: m.expr.approximate,
            anchored: m.expr.anchored,
            converted: m.expr.converted,
            clock: m.expr.clock,
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items)?;
    s.push('\n');
    Ok(s)
}

/// `17..33  17 يناير 2025  →  2025-01-17  (day)`, with "approximate" and
/// "anchored" added when they hold. A length, a recurrence or a vague
/// reference says so instead: it is no date. Lines are written in parts on
/// every core, and joined in order.
fn render_text(text: &str, found: &[TimeMention]) -> String {
    use rayon::prelude::*;
    found
        .par_chunks(2048)
        .map(|part| {
            let mut s = String::new();
            for m in part {
                line(&mut s, text, m);
            }
            s
        })
        .collect::<Vec<String>>()
        .concat()
}

fn line(s: &mut String, text: &str, m: &TimeMention) {
    use std::fmt::Write as _;
    let e = &m.expr;
    let _ = write!(s, "{}..{}  ", m.span.start, m.span.end);
    for (k, word) in m.span.slice(text).split_whitespace().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(word);
    }
    let _ = match e.clock {
        Some(c) => write!(s, "  →  {} {c}  (", e.value()),
        None => write!(s, "  →  {}  (", e.value()),
    };
    if e.recurrence {
        s.push_str("recurrence");
    } else if e.duration.is_some() {
        s.push_str("length");
    } else if e.reference.is_some() {
        s.push_str("reference");
    } else {
        s.push_str(e.granularity.as_str());
        if e.approximate {
            s.push_str(", approximate");
        }
        if e.anchored {
            s.push_str(", anchored");
        }
    }
    if let Some(c) = e.converted {
        let _ = write!(s, ", converted: {c}");
    }
    s.push_str(")\n");
}
