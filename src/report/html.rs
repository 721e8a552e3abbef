//! One self-contained HTML page: the report a fact-checker reads, prints or
//! publishes, with a timeline picture per flag.
//!
//! Self-contained means one file with inline CSS and inline SVG, no scripts and
//! nothing fetched; a Content-Security-Policy meta tag says so to the browser
//! too, so even a quote that slipped through escaping could not run or load
//! anything. Every piece of text from an article (quotes, outlets, paths,
//! labels, summaries) is defanged — control and bidi-override characters made
//! visible — and then HTML-escaped. Arabic and English sit side by side, so
//! each quote's `lang`/`dir` follows its script (Arabic letters in the
//! majority → `ar`/`rtl`) and names inside English lines are isolated in
//! `<bdi>`.
//!
//! The timeline puts every side of a flag on its own lane: a marker at the
//! publication date (hollow for an expectation or plan, filled for a report),
//! a band over the time the side claims for the event, and a dashed arrow
//! from one to the other, so "written in October about October" next to
//! "written in January about January" shows the shift at a glance. Later
//! sources that corroborate the outcome get smaller grey lanes below.

use super::{defang, View};
use crate::compare::{Flag, Side};
use crate::Report;
use chrono::{Datelike, Duration, NaiveDate};
use std::fmt::Write;

/// HTML-escape text that is already free of control and bidi characters.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text from an article, safe in HTML text and attribute values.
fn esc(s: &str) -> String {
    escape(&defang(s))
}

fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// `lang` and `dir` for a piece of text, by the script most of its letters
/// are written in.
fn lang_dir(s: &str) -> (&'static str, &'static str) {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in s.chars().filter(|c| c.is_alphabetic()) {
        if is_arabic(c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    if arabic > other {
        ("ar", "rtl")
    } else {
        ("en", "ltr")
    }
}

fn blockquote(s: &str) -> String {
    let (lang, dir) = lang_dir(s);
    format!(
        r#"<blockquote lang="{lang}" dir="{dir}">{}</blockquote>"#,
        esc(s)
    )
}

/// A link only for web addresses; anything else (`javascript:`…) is text.
fn url_cell(url: Option<&String>) -> String {
    match url.map(|u| u.trim()) {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => format!(
            r#"<a href="{0}" rel="noopener noreferrer nofollow">{0}</a>"#,
            esc(u)
        ),
        Some(u) => esc(u),
        None => String::new(),
    }
}

const CSS: &str = "\
:root{color-scheme:light;--exp:#c05621;--rep:#2b6cb0;--cor:#718096}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Naskh Arabic',sans-serif;margin:0 auto;max-width:1000px;padding:1.5rem;color:#1a202c;background:#fff}
h1{margin:.2rem 0}
.counts{color:#4a5568;margin-top:0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #cbd5e0;padding:.3rem .5rem;text-align:start;vertical-align:top}
th{background:#edf2f7}
code{font-size:.85em;background:#f7fafc;padding:0 .2em;word-break:break-all}
section.flag{border:1px solid #cbd5e0;border-inline-start:6px solid var(--rep);border-radius:6px;padding:.5rem 1rem 1rem;margin:1.5rem 0}
section.sev-error{border-inline-start-color:#c53030}
section.sev-warning{border-inline-start-color:#d69e2e}
section.sev-info{border-inline-start-color:#3182ce}
.kind{font-family:ui-monospace,monospace;font-size:.8em;background:#edf2f7;border-radius:4px;padding:.1em .4em;margin-inline-end:.4em}
.meta{color:#4a5568;font-size:.9em}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem}
article.side{border:1px solid #e2e8f0;border-radius:6px;padding:.5rem .8rem}
article.side h3{margin:.2rem 0;font-size:1rem}
.role-expected h3,.role-planned h3{color:var(--exp)}
.role-reported h3{color:var(--rep)}
blockquote{margin:.5rem 0;padding:.4rem .8rem;background:#f7fafc;border-inline-start:4px solid #a0aec0;font-size:1.05em}
blockquote[dir=rtl]{font-size:1.15em}
figure.timeline{margin:1rem 0}
figure.timeline svg{max-width:100%;height:auto;display:block}
figcaption{color:#4a5568;font-size:.85em}
details{margin:.3rem 0}
.errors li{color:#c53030}
";

pub fn render(r: &Report, view: View) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"crosscheck {}\">\n\
         <title>crosscheck report</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION")
    );
    let corroborating: usize = r.flags.iter().map(|f| f.corroborated_by.len()).sum();
    let _ = writeln!(out, "<header><h1>crosscheck report</h1>");
    let _ = writeln!(
        out,
        "<p class=\"counts\">{}{} statements · {} documents{}</p></header>",
        if view == View::Check {
            format!("{} flags · ", r.flags.len())
        } else {
            String::new()
        },
        r.statements.len(),
        r.documents.len(),
        if view == View::Check && corroborating > 0 {
            format!(" · {corroborating} corroborating statements")
        } else {
            String::new()
        }
    );
    documents(&mut out, r);
    if !r.errors.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"errors\"><h2>Inputs that could not be read</h2><ul>"
        );
        for e in &r.errors {
            let _ = writeln!(out, "<li>{}</li>", esc(e));
        }
        let _ = writeln!(out, "</ul></section>");
    }
    match view {
        View::Check => {
            if r.flags.is_empty() {
                let _ = writeln!(out, "<p>No disagreements found.</p>");
            }
            for f in &r.flags {
                flag(&mut out, r, f);
            }
        }
        View::Extract => statements(&mut out, r),
    }
    let _ = writeln!(out, "</body>\n</html>");
    out
}

fn documents(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "<section class=\"documents\"><h2>Documents</h2>\n<table>\n\
         <thead><tr><th>document</th><th>outlet</th><th>published</th><th>language</th><th>url</th></tr></thead>\n<tbody>"
    );
    for d in &r.documents {
        let source = serde_json::to_value(d.published.source)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default();
        let outlet = d.outlet_label();
        let (lang, dir) = lang_dir(&outlet);
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td lang=\"{lang}\" dir=\"{dir}\">{}</td><td>{} <span class=\"meta\">({})</span></td><td>{}</td><td>{}</td></tr>",
            esc(&d.path),
            esc(&outlet),
            d.published.date.map_or("unknown".into(), |x| x.to_string()),
            esc(&source),
            esc(&d.language),
            url_cell(d.url.as_ref())
        );
    }
    let _ = writeln!(out, "</tbody>\n</table></section>");
}

fn statements(out: &mut String, r: &Report) {
    let _ = writeln!(
        out,
        "<section class=\"statements\"><h2>Statements ({})</h2>\n<ol>",
        r.statements.len()
    );
    for s in &r.statements {
        let _ = writeln!(
            out,
            "<li><strong>{}</strong> ({}) — <code>{}:{}:{}</code>{}</li>",
            esc(&s.predicate),
            s.modality.as_str(),
            esc(r.path_of_statement(s)),
            s.evidence.line,
            s.evidence.column,
            blockquote(&s.evidence.quote)
        );
    }
    let _ = writeln!(out, "</ol></section>");
}

/// Only letters, digits and `-` from a flag id, for element ids.
fn html_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn flag(out: &mut String, r: &Report, f: &Flag) {
    let id = html_id(&f.id);
    let _ = writeln!(
        out,
        "<section class=\"flag sev-{}\" id=\"flag-{id}\">",
        f.severity.as_str()
    );
    let _ = writeln!(
        out,
        "<h2><span class=\"kind\">{}</span> <bdi>{}</bdi></h2>",
        f.kind.as_str(),
        esc(&f.summary)
    );
    let _ = writeln!(
        out,
        "<p class=\"meta\">{} · <code>{}</code> · confidence {:.2}</p>",
        f.severity.as_str(),
        esc(&f.id),
        f.confidence
    );
    if !f.slots.is_empty() {
        let _ = writeln!(
            out,
            "<table class=\"slots\"><thead><tr><th>slot</th><th>from</th><th>to</th></tr></thead><tbody>"
        );
        for s in &f.slots {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><bdi>{}</bdi></td><td><bdi>{}</bdi></td></tr>",
                esc(&s.name),
                esc(&r.label(&s.from)),
                esc(&r.label(&s.to))
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    }
    match timeline(r, f) {
        Some(svg) => {
            let _ = writeln!(
                out,
                "<figure class=\"timeline\">\n{svg}<figcaption>Each lane is one source: \
                 the circle is its publication date (hollow: expected or planned; filled: reported; \
                 small grey: corroborating), the band the time it gives for the event.</figcaption></figure>"
            );
        }
        None => {
            let _ = writeln!(
                out,
                "<p class=\"meta\">No dates to draw a timeline from.</p>"
            );
        }
    }
    let _ = writeln!(out, "<div class=\"sides\">");
    for side in &f.sides {
        side_html(out, r, side);
    }
    let _ = writeln!(out, "</div>");
    if !f.corroborated_by.is_empty() {
        let _ = writeln!(
            out,
            "<h3>Corroborated by {} statements</h3>\n<ul class=\"corroborating\">",
            f.corroborated_by.len()
        );
        for sid in &f.corroborated_by {
            let Some(s) = r.statement(sid) else {
                continue;
            };
            let Some(d) = r.documents.get(s.doc_index) else {
                continue;
            };
            let _ = writeln!(
                out,
                "<li><bdi>{}</bdi>, {} — <code>{}:{}:{}</code><details><summary>quote</summary>{}</details></li>",
                esc(&d.outlet_label()),
                d.published
                    .date
                    .map_or("date unknown".into(), |x| x.to_string()),
                esc(&d.path),
                s.evidence.line,
                s.evidence.column,
                blockquote(&s.evidence.quote)
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "</section>");
}

fn side_html(out: &mut String, r: &Report, side: &Side) {
    let role = html_id(&side.role);
    let _ = writeln!(out, "<article class=\"side role-{role}\">");
    let _ = writeln!(
        out,
        "<h3>{} — <bdi>{}</bdi></h3>",
        esc(&side.role),
        esc(&side.origin.outlet)
    );
    let date = side.origin.published.as_deref().unwrap_or("date unknown");
    let _ = writeln!(
        out,
        "<p class=\"meta\"><time>{}</time> · <code>{}:{}:{}</code></p>",
        esc(date),
        esc(&side.origin.path),
        side.line,
        side.column
    );
    if let Some(s) = r.statement(&side.statement) {
        let mut claims = Vec::new();
        if let Some(p) = &s.place {
            claims.push(format!("place <bdi>{}</bdi>", esc(&r.label(p))));
        }
        if let Some(t) = &s.time {
            claims.push(format!("time {}", esc(&t.value)));
        }
        if !claims.is_empty() {
            let _ = writeln!(out, "<p class=\"meta\">claims {}</p>", claims.join(" · "));
        }
    }
    let _ = writeln!(out, "{}", blockquote(&side.quote));
    let _ = writeln!(out, "</article>");
}

/// What the timeline draws for one source.
struct Lane {
    label: String,
    outlet: String,
    published: Option<NaiveDate>,
    /// The event time the source gives, first and last day.
    event: Option<(NaiveDate, NaiveDate)>,
    look: Look,
}

#[derive(Clone, Copy, PartialEq)]
enum Look {
    Expected,
    Reported,
    Corroborating,
}

impl Look {
    fn color(self) -> &'static str {
        match self {
            Look::Expected => "#c05621",
            Look::Reported => "#2b6cb0",
            Look::Corroborating => "#718096",
        }
    }
    fn name(self) -> &'static str {
        match self {
            Look::Expected => "exp",
            Look::Reported => "rep",
            Look::Corroborating => "cor",
        }
    }
}

fn lanes(r: &Report, f: &Flag) -> Vec<Lane> {
    let mut lanes = Vec::new();
    for side in &f.sides {
        let st = r.statement(&side.statement);
        let doc = r.documents.iter().find(|d| d.id == side.origin.document);
        let expectation = st.map_or(&*side.role == "expected" || &*side.role == "planned", |s| {
            s.modality.is_expectation()
        });
        lanes.push(Lane {
            label: format!(
                "{} · {}",
                side.role,
                side.origin.published.as_deref().unwrap_or("date unknown")
            ),
            outlet: side.origin.outlet.clone(),
            published: doc.and_then(|d| d.published.date),
            event: st.and_then(|s| s.time.as_ref()).map(|t| (t.start, t.end)),
            look: if expectation {
                Look::Expected
            } else {
                Look::Reported
            },
        });
    }
    // one lane per corroborating document not already shown as a side: the
    // picture counts sources, not sentences
    let mut seen: Vec<usize> = r
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| f.sides.iter().any(|s| s.origin.document == d.id))
        .map(|(i, _)| i)
        .collect();
    for id in &f.corroborated_by {
        let Some(s) = r.statement(id) else {
            continue;
        };
        if seen.contains(&s.doc_index) {
            continue;
        }
        seen.push(s.doc_index);
        let Some(d) = r.documents.get(s.doc_index) else {
            continue;
        };
        lanes.push(Lane {
            label: format!(
                "corroborates · {}",
                d.published
                    .date
                    .map_or("date unknown".into(), |x| x.to_string())
            ),
            outlet: d.outlet_label(),
            published: d.published.date,
            event: s.time.as_ref().map(|t| (t.start, t.end)),
            look: Look::Corroborating,
        });
    }
    lanes
}

const WIDTH: i64 = 960;
const PLOT_START: f64 = 250.0;
const PLOT_END: f64 = 910.0;
const LANE_TOP: i64 = 52;
const LANE_HEIGHT: i64 = 48;

/// Axis ticks: first days of months, thinned to at most eight labels; days
/// when the range is shorter than two months.
fn ticks(lo: NaiveDate, hi: NaiveDate) -> Vec<(NaiveDate, String)> {
    let mut months = Vec::new();
    let (mut y, mut m) = (lo.year(), lo.month());
    loop {
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        match NaiveDate::from_ymd_opt(y, m, 1) {
            Some(d) if d <= hi => months.push(d),
            _ => break,
        }
    }
    if months.len() < 2 {
        let span = (hi - lo).num_days();
        return (0..=4)
            .map(|i| lo + Duration::days(span * i / 4))
            .map(|d| (d, d.format("%Y-%m-%d").to_string()))
            .collect();
    }
    let step: usize = [1, 2, 3, 6, 12, 24, 60, 120]
        .into_iter()
        .find(|s| months.len().div_ceil(*s) <= 8)
        .unwrap_or(240);
    months
        .into_iter()
        .filter(|d| (i64::from(d.year()) * 12 + i64::from(d.month0())) % step as i64 == 0)
        .map(|d| {
            let label = if step >= 12 {
                d.format("%Y").to_string()
            } else {
                d.format("%b %Y").to_string()
            };
            (d, label)
        })
        .collect()
}

/// Where to anchor a label centred at `x` and about `2 * half` wide so it
/// stays inside the plot instead of running into the lane labels or off the
/// picture.
fn anchored(x: f64, half: f64) -> (f64, &'static str) {
    if x - half < PLOT_START {
        ((x - 6.0).max(PLOT_START - 4.0), "start")
    } else if x + half > PLOT_END + 40.0 {
        (x + 6.0, "end")
    } else {
        (x, "middle")
    }
}

/// The timeline picture of one flag, or `None` when nothing in it is dated.
fn timeline(r: &Report, f: &Flag) -> Option<String> {
    let lanes = lanes(r, f);
    let dates: Vec<NaiveDate> = lanes
        .iter()
        .flat_map(|l| {
            l.published
                .into_iter()
                .chain(l.event.into_iter().flat_map(|(a, b)| [a, b]))
        })
        .collect();
    let (first, last) = (*dates.iter().min()?, *dates.iter().max()?);
    let pad = Duration::days((last - first).num_days().max(30) / 12 + 3);
    let (lo, hi) = (first - pad, last + pad + Duration::days(1));
    let days = (hi - lo).num_days().max(1) as f64;
    let x = |d: NaiveDate| PLOT_START + (d - lo).num_days() as f64 / days * (PLOT_END - PLOT_START);

    let id = html_id(&f.id);
    let axis_y = LANE_TOP + lanes.len() as i64 * LANE_HEIGHT;
    let height = axis_y + 40;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" \
         role=\"img\" aria-labelledby=\"tl-{id}\" font-family=\"system-ui, 'Noto Sans', 'Noto Naskh Arabic', sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(
        svg,
        "<title id=\"tl-{id}\">Timeline of {}: {}</title>",
        f.kind.as_str(),
        esc(&f.summary)
    );
    let _ = writeln!(svg, "<defs>");
    for look in [Look::Expected, Look::Reported, Look::Corroborating] {
        let _ = writeln!(
            svg,
            "<marker id=\"arrow-{id}-{}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>",
            look.name(),
            look.color()
        );
    }
    let _ = writeln!(svg, "</defs>");
    // legend
    let _ = writeln!(
        svg,
        "<g font-size=\"11\" fill=\"#4a5568\">\
         <circle cx=\"{lx}\" cy=\"16\" r=\"5\" fill=\"#fff\" stroke=\"#c05621\" stroke-width=\"2\"/><text x=\"{t1}\" y=\"20\">expected or planned (published)</text>\
         <circle cx=\"{l2}\" cy=\"16\" r=\"5\" fill=\"#2b6cb0\"/><text x=\"{t2}\" y=\"20\">reported (published)</text>\
         <rect x=\"{l3}\" y=\"10\" width=\"22\" height=\"12\" rx=\"3\" fill=\"#a0aec0\" fill-opacity=\"0.6\"/><text x=\"{t3}\" y=\"20\">claimed event time</text></g>",
        lx = PLOT_START + 6.0,
        t1 = PLOT_START + 16.0,
        l2 = PLOT_START + 226.0,
        t2 = PLOT_START + 236.0,
        l3 = PLOT_START + 380.0,
        t3 = PLOT_START + 408.0,
    );
    // grid and axis
    for (d, label) in ticks(lo, hi) {
        let tx = x(d);
        let _ = writeln!(
            svg,
            "<line x1=\"{tx:.1}\" y1=\"{}\" x2=\"{tx:.1}\" y2=\"{axis_y}\" stroke=\"#edf2f7\"/>\
             <line x1=\"{tx:.1}\" y1=\"{axis_y}\" x2=\"{tx:.1}\" y2=\"{}\" stroke=\"#4a5568\"/>\
             <text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4a5568\">{}</text>",
            LANE_TOP - 20,
            axis_y + 5,
            axis_y + 20,
            escape(&label)
        );
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{PLOT_START}\" y1=\"{axis_y}\" x2=\"{PLOT_END}\" y2=\"{axis_y}\" stroke=\"#4a5568\"/>"
    );
    for (i, lane) in lanes.iter().enumerate() {
        let y = LANE_TOP + i as i64 * LANE_HEIGHT + LANE_HEIGHT / 2;
        let color = lane.look.color();
        let small = lane.look == Look::Corroborating;
        let _ = writeln!(
            svg,
            "<g class=\"lane {}\"><line x1=\"{PLOT_START}\" y1=\"{y}\" x2=\"{PLOT_END}\" y2=\"{y}\" stroke=\"#e2e8f0\" stroke-dasharray=\"2 4\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{color}\">{}</text>",
            lane.look.name(),
            PLOT_START - 10.0,
            y + 4,
            esc(&lane.label)
        );
        if let Some((start, end)) = lane.event {
            let (x0, x1) = (x(start), x(end + Duration::days(1)));
            let w = (x1 - x0).max(4.0);
            let h = if small { 8 } else { 14 };
            let _ = writeln!(
                svg,
                "<rect x=\"{x0:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"{h}\" rx=\"3\" fill=\"{color}\" fill-opacity=\"0.35\" stroke=\"{color}\">\
                 <title>claimed event time {start} to {end}</title></rect>",
                y - h / 2
            );
            let text = if start == end {
                start.to_string()
            } else {
                format!("{start} – {end}")
            };
            let (tx, anchor) = anchored(x0 + w / 2.0, 60.0);
            let _ = writeln!(
                svg,
                "<text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"{anchor}\" font-size=\"10\" fill=\"{color}\">{}</text>",
                y + h / 2 + 11,
                escape(&text)
            );
            if let Some(p) = lane.published {
                let px = x(p);
                // from the publication date to the nearer edge of the band
                let target = if px < x0 - 8.0 {
                    Some((px + 7.0, x0))
                } else if px > x0 + w + 8.0 {
                    Some((px - 7.0, x0 + w))
                } else {
                    None
                };
                if let Some((from, to)) = target {
                    let _ = writeln!(
                        svg,
                        "<line x1=\"{from:.1}\" y1=\"{y}\" x2=\"{to:.1}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"1.5\" \
                         stroke-dasharray=\"5 3\" marker-end=\"url(#arrow-{id}-{})\"/>",
                        lane.look.name()
                    );
                }
            }
        }
        if let Some(p) = lane.published {
            let px = x(p);
            let (radius, fill) = match lane.look {
                Look::Expected => (6, "#fff"),
                Look::Reported => (6, color),
                Look::Corroborating => (4, color),
            };
            let _ = writeln!(
                svg,
                "<circle cx=\"{px:.1}\" cy=\"{y}\" r=\"{radius}\" fill=\"{fill}\" stroke=\"{color}\" stroke-width=\"2\">\
                 <title>published {p}</title></circle>\
                 <text x=\"{tx:.1}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{color}\" font-weight=\"600\">{}</text>",
                y - 11,
                esc(&lane.outlet),
                tx = anchored(px, 40.0).0,
                anchor = anchored(px, 40.0).1,
            );
        }
        let _ = writeln!(svg, "</g>");
    }
    let _ = writeln!(svg, "</svg>");
    Some(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_follows_the_script_of_most_letters() {
        assert_eq!(lang_dir("وقع الرئيسان في الكرملين (AFP)"), ("ar", "rtl"));
        assert_eq!(lang_dir("Putin met بزشكيان in Moscow"), ("en", "ltr"));
        assert_eq!(lang_dir("2025"), ("en", "ltr"));
    }

    #[test]
    fn article_text_cannot_become_markup() {
        assert_eq!(
            esc("<script>'x'&\"y\"</script>\u{202E}"),
            "&lt;script&gt;&#39;x&#39;&amp;&quot;y&quot;&lt;/script&gt;&lt;U+202E&gt;"
        );
        assert_eq!(
            url_cell(Some(&"javascript:alert(1)".to_string())),
            "javascript:alert(1)"
        );
    }

    #[test]
    fn ticks_stay_few() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(ticks(d(2024, 9, 1), d(2025, 7, 1)).len() <= 8);
        assert!(ticks(d(2000, 1, 1), d(2025, 7, 1)).len() <= 8);
        assert_eq!(ticks(d(2025, 1, 10), d(2025, 1, 20)).len(), 5);
    }
}
