//! Per-document metadata: front matter, detected datelines and outlets, language.

use super::{BlockKind, Document};
use crate::error::{Error, Result};
use crate::normalize::normalize;
use crate::rules::Rules;
use crate::time::{Direction, Granularity, TimeGrammar};
use chrono::NaiveDate;
use regex::Regex;
use serde::Serialize;
use std::path::Path;

/// Where a publication date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateSource {
    Metadata,
    Detected,
    Inferred,
    Unknown,
}

/// Fields a document may declare in front matter or a corpus record.
#[derive(Debug, Default, Clone)]
pub struct FrontMatter {
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    pub language: Option<String>,
}

/// Parse a `---` front-matter block of `key: value` lines. Returns the fields
/// and the byte offset where the article starts.
pub fn front_matter(text: &str, path: &Path) -> Result<(FrontMatter, usize)> {
    let mut fm = FrontMatter::default();
    let first = text.trim_start_matches('\u{feff}');
    let lead = text.len() - first.len();
    if !(first.starts_with("---\n") || first.starts_with("---\r\n")) {
        return Ok((fm, 0));
    }
    let mut offset = lead + first.find('\n').unwrap_or(0) + 1;
    for (i, line) in text[offset..].split_inclusive('\n').enumerate() {
        let lineno = i + 2;
        offset += line.len();
        let l = line.trim();
        if l == "---" {
            return Ok((fm, offset));
        }
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let Some((k, v)) = l.split_once(':') else {
            return Err(Error::Input {
                path: path.to_path_buf(),
                line: lineno,
                message: format!("front matter line is not `key: value`: {l}"),
            });
        };
        let v = v.trim().trim_matches('"').trim_matches('\'').to_string();
        match k.trim() {
            "outlet" | "source" | "publisher" => fm.outlet = Some(v),
            "url" | "link" => fm.url = Some(v),
            "language" | "lang" => fm.language = Some(v),
            "published" | "date" => {
                let d = parse_date(&v).ok_or_else(|| Error::Input {
                    path: path.to_path_buf(),
                    line: lineno,
                    message: format!("published date is not YYYY-MM-DD: {v}"),
                })?;
                fm.published = Some(d);
            }
            _ => {} // title, author and other fields are kept in the text only
        }
    }
    Err(Error::Input {
        path: path.to_path_buf(),
        line: 1,
        message: "front matter opened with --- is never closed".into(),
    })
}

/// A date from metadata: `YYYY-MM-DD`, optionally followed by a time.
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    let d = v.get(..10).unwrap_or(v);
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// Fill outlet, date and language from front matter, else from the text.
pub fn fill(doc: &mut Document, fm: FrontMatter, rules: &Rules) {
    doc.language = fm.language.clone().unwrap_or_else(|| detect_language(doc));
    // read once: both the byline and the date look for it
    let dateline = std::cell::OnceCell::new();
    let dateline_of = |doc: &Document| *dateline.get_or_init(|| detect_dateline(doc));
    if let Some(o) = fm.outlet {
        doc.outlet = Some(o);
    } else if let Some(o) = detect_outlet(doc, &rules.compiled().outlets, dateline_of(doc)) {
        doc.outlet = Some(o);
        doc.outlet_detected = true;
    }
    if let Some(d) = fm.published {
        doc.published.date = Some(d);
        doc.published.source = DateSource::Metadata;
    } else if let Some((d, i)) = dateline_of(doc) {
        doc.published.date = Some(d);
        doc.published.source = DateSource::Detected;
        if doc.blocks[i].kind == BlockKind::Furniture || dateline_only(doc, i) {
            doc.blocks[i].kind = BlockKind::Dateline;
        }
    } else if let Some(d) = latest_date(doc) {
        doc.published.date = Some(d);
        doc.published.source = DateSource::Inferred;
        doc.published.basis = Some(format!(
            "no dateline; the latest full date the page mentions is {d}, so it was published then or later"
        ));
    }
}

fn detect_language(doc: &Document) -> String {
    doc.languages().first().copied().unwrap_or("ar").to_string()
}

fn detect_outlet(
    doc: &Document,
    pats: &[Regex],
    dateline: Option<(NaiveDate, usize)>,
) -> Option<String> {
    for b in &doc.blocks {
        let line = b.span.slice(&doc.text).trim();
        for re in pats {
            if let Some(m) = re.captures(line).and_then(|c| c.name("outlet")) {
                let o = m.as_str().trim().trim_end_matches([':', '.', ',']).trim();
                if !o.is_empty() {
                    return Some(o.to_string());
                }
            }
        }
    }
    // A byline: a one- to three-word line right above a date-only dateline.
    let (_, i) = dateline?;
    if dateline_only(doc, i) {
        let prev = doc.blocks[..i].iter().rev().find(|b| !b.span.is_empty())?;
        let t = prev.span.slice(&doc.text).trim();
        let words = t.split_whitespace().count();
        if (1..=3).contains(&words) && prev.kind != BlockKind::Headline {
            return Some(t.to_string());
        }
    }
    None
}

/// A full date near the top of the page, before the first long paragraph.
/// A line this short with a full date in it is a dateline or a byline.
const DATELINE_WORDS: usize = 12;
/// In a longer line, the date must come within this many words of its start,
/// or of its end.
const DATELINE_LEAD_WORDS: usize = 3;
const DATELINE_TAIL_WORDS: usize = 2;

fn detect_dateline(doc: &Document) -> Option<(NaiveDate, usize)> {
    let grammar = TimeGrammar::embedded();
    let mut long_seen = 0;
    for (i, b) in doc.blocks.iter().enumerate() {
        let line = b.span.slice(&doc.text);
        let words = line.split_whitespace().count();
        if words > 25 {
            long_seen += 1;
            if long_seen > 1 {
                break;
            }
            continue;
        }
        let n = normalize(line, 0);
        let found = grammar.find(&n.text, None, Direction::Past);
        // a dateline is a short line, or its date opens the line ("CAIRO,
        // March 8 —") or closes it ("Title - Site, 14 May 2025 07:20 PM"); a
        // date inside a sentence of the body is what the article tells
        // about ("The war broke out on October 10, 2025, and …")
        let at_edge = |t: &crate::time::TimeExpr| {
            n.text[..t.start].split_whitespace().count() <= DATELINE_LEAD_WORDS
                || n.text[t.end..].split_whitespace().count() <= DATELINE_TAIL_WORDS
        };
        if let Some(t) = found.iter().find(|t| {
            t.granularity == Granularity::Day
                && !t.anchored
                && (words <= DATELINE_WORDS || at_edge(t))
        }) {
            return Some((t.first, i));
        }
    }
    None
}

/// True when a line is little more than its date (a standalone dateline).
fn dateline_only(doc: &Document, i: usize) -> bool {
    let line = doc.blocks[i].span.slice(&doc.text);
    line.split_whitespace().count() <= 8
}

fn latest_date(doc: &Document) -> Option<NaiveDate> {
    let grammar = TimeGrammar::embedded();
    let n = normalize(&doc.text, 0);
    grammar
        .find(&n.text, None, Direction::Past)
        .into_iter()
        .filter(|t| t.granularity == Granularity::Day && !t.anchored)
        .map(|t| t.first)
        .max()
}

#[derive(serde::Deserialize)]
struct Record {
    #[serde(default)]
    id: Option<String>,
    /// The article's text, or `html`: a saved page.
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    language: Option<String>,
}

/// A JSON Lines corpus: one `{"text", "outlet", "published", "url", "language"}`
/// object per line. Offsets of evidence refer to the record's `text`.
pub fn read_jsonl(stem: &str, path: &str, text: &str, rules: &Rules) -> Result<Vec<Document>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |message: String| Error::Input {
            path: path.into(),
            line: i + 1,
            message,
        };
        let r: Record = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let id = r.id.unwrap_or_else(|| format!("{stem}:{}", i + 1));
        let record_path = format!("{path}#{}", i + 1);
        let mut doc = match (r.text, r.html) {
            (Some(t), _) => Document::from_text(&id, &record_path, t, rules)?,
            (None, Some(h)) => Document::from_page(
                &id,
                &record_path,
                super::decode::decode(h.as_bytes(), super::decode::Declared::None, true),
                rules,
            ),
            (None, None) => return Err(bad("a record needs `text` or `html`".into())),
        };
        if let Some(o) = r.outlet {
            doc.outlet = Some(o);
            doc.outlet_detected = false;
        }
        doc.url = r.url.or(doc.url);
        if let Some(p) = r.published {
            let d =
                parse_date(&p).ok_or_else(|| bad(format!("published is not YYYY-MM-DD: {p}")))?;
            doc.published.date = Some(d);
            doc.published.source = DateSource::Metadata;
            doc.published.basis = None;
        }
        if let Some(l) = r.language {
            doc.language = l;
        }
        out.push(doc);
    }
    Ok(out)
}
