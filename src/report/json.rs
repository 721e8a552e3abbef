//! JSON (`crosscheck/1`) and JSON Lines output. Field names here are a contract
//! with tools and CI scripts: add fields, never rename them.

use super::View;
use crate::Report;
use serde_json::{json, Value};

pub const SCHEMA: &str = "crosscheck/1";

/// The report's parts, each key with its value, and the long lists (the
/// documents, statements, flags, times) as their elements.
fn parts(report: &Report, view: View) -> Vec<(&'static str, Part)> {
    use rayon::prelude::*;
    // each element printed where it is made, so that its value is let go
    // at once, on the core that made it
    fn each<T: serde::Serialize + Sync>(xs: &[T]) -> Part {
        Part::List(
            xs.par_iter()
                .map(|x| item(&serde_json::to_value(x).unwrap_or(Value::Null)))
                .collect(),
        )
    }
    let documents: Vec<String> = report
        .documents
        .par_iter()
        .map(|d| {
            item(&json!({
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
            }))
        })
        .collect();
    let mut parts = vec![
        ("schema", Part::Value(json!(SCHEMA))),
        ("documents", Part::List(documents)),
        ("statements", each(&report.statements)),
    ];
    if view == View::Check {
        parts.push(("flags", each(&report.flags)));
    } else {
        // every date the pages mention, resolved, for checking the time grammar
        let times: Vec<_> = report
            .documents
            .iter()
            .flat_map(crate::extract::document_times)
            .collect();
        parts.push(("times", each(&times)));
    }
    parts.push(("errors", Part::Value(json!(report.errors))));
    // in key order, as a JSON object of the report would have them
    parts.sort_by_key(|&(k, _)| k);
    parts
}

enum Part {
    Value(Value),
    /// Its elements, each printed as it stands in the list ([`item`]).
    List(Vec<String>),
}

/// `v` pretty-printed `depth` levels in: every line after the first
/// indented (a JSON string holds no raw line break).
fn at(v: &Value, depth: usize) -> String {
    let mut out = Vec::with_capacity(256);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::at(depth));
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return String::new();
    }
    // (serde_json writes UTF-8 only)
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty printing (two spaces a level, `": "` after a key,
/// `[]` and `{}` when empty), starting `depth` levels in, so that a value
/// is printed as it stands inside the report at once. serde_json's own
/// `PrettyFormatter` always starts at the left margin, and indenting its
/// text afterwards copied every element of the report once more.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Nested {
        Nested {
            depth,
            has_value: false,
        }
    }

    /// A line break and the indent of the current depth.
    fn new_line<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// `[` or `{`: one level in, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// `]` or `}`, on a line of its own after what it holds.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(w)?;
        }
        w.write_all(bracket)
    }

    /// Before an element or a key: a comma after the one before, and a
    /// line of its own.
    fn next<W: ?Sized + std::io::Write>(&self, w: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.new_line(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// An element of a list of the report, pretty-printed as it stands there.
fn item(v: &Value) -> String {
    at(v, 2)
}

/// The whole report as one JSON value.
#[cfg(test)]
fn value(report: &Report, view: View) -> Value {
    let map = parts(report, view)
        .into_iter()
        .map(|(k, p)| {
            let v = match p {
                Part::Value(v) => v,
                Part::List(xs) => Value::Array(
                    xs.iter()
                        .map(|x| serde_json::from_str(x).expect("printed JSON"))
                        .collect(),
                ),
            };
            (k.to_string(), v)
        })
        .collect();
    Value::Object(map)
}

/// [`value`], pretty-printed: the same text as `serde_json` prints it, with
/// the elements of the long lists printed on every core.
pub fn render(report: &Report, view: View) -> String {
    let parts = parts(report, view);
    // the long lists' elements, each with the comma, line break and indent
    // before it, sized at once: the report is made in one allocation
    let items: usize = parts
        .iter()
        .map(|(_, p)| match p {
            Part::List(xs) => xs.iter().map(|x| x.len() + 6).sum(),
            Part::Value(_) => 0,
        })
        .sum();
    let mut out = String::with_capacity(items + 4096);
    out.push('{');
    for (n, (key, part)) in parts.iter().enumerate() {
        out.push_str(if n == 0 { "\n  " } else { ",\n  " });
        out.push_str(&serde_json::to_string(key).unwrap_or_default());
        out.push_str(": ");
        match part {
            Part::Value(v) => out.push_str(&at(v, 1)),
            Part::List(xs) if xs.is_empty() => out.push_str("[]"),
            Part::List(items) => {
                out.push('[');
                for (k, item) in items.iter().enumerate() {
                    out.push_str(if k == 0 { "\n    " } else { ",\n    " });
                    out.push_str(item);
                }
                out.push_str("\n  ]");
            }
        }
    }
    out.push_str("\n}\n");
    out
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

#[cfg(test)]
mod tests {
    use super::{render, value, View};
    use crate::ingest::Document;
    use crate::rules::Rules;

    /// The report printed in parts is the report printed whole, on both
    /// views, with lists empty and not, and text that needs escaping.
    #[test]
    fn printed_in_parts_as_whole() {
        let rules = Rules::embedded().expect("embedded rules");
        let texts = [
            "---\noutlet: A\npublished: 2025-01-10\n---\nوقع الرئيسان \"المعاهدة\" في موسكو يوم 17 يناير 2025.\n",
            "---\noutlet: B\npublished: 2025-01-20\n---\nThe presidents signed the treaty in Kazan on 17 January 2025.\n\nA line\twith a tab.\n",
        ];
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                Document::from_text(&format!("d{i}"), &format!("d{i}.md"), t.to_string(), &rules)
                    .expect("a document")
            })
            .collect();
        let full = crate::check(&rules, docs.clone(), vec!["bad.md: \"unreadable\"".into()]);
        let empty = crate::check(&rules, Vec::new(), Vec::new());
        for report in [&full, &empty] {
            for view in [View::Check, View::Extract] {
                let whole =
                    serde_json::to_string_pretty(&value(report, view)).expect("json") + "\n";
                assert_eq!(render(report, view), whole);
            }
        }
        assert!(!full.statements.is_empty());
    }

    /// A value printed some levels in is serde_json's pretty text with
    /// every line after the first indented, empty lists and maps included.
    #[test]
    fn nested_printing_is_pretty_printing_indented() {
        let v = serde_json::json!({
            "a": [], "b": {}, "c": [[], {}, [1, [2, {"d": null}]]],
            "e": "line\nbreak \"quoted\" \u{0645}", "f": 1.5, "g": [true, false],
            "h": {"i": {"j": []}}
        });
        for value in [v, serde_json::json!([]), serde_json::json!("x")] {
            for depth in 0..4 {
                let pretty = serde_json::to_string_pretty(&value).expect("json");
                let indented = pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)));
                assert_eq!(super::at(&value, depth), indented);
            }
        }
    }
}
