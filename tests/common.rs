//! Helpers shared by the integration tests.

use crosscheck::rules::Rules;
use crosscheck::Report;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

pub fn rules() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| Rules::embedded().expect("embedded rules load"))
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the built binary from the repository root: (exit code, stdout, stderr).
pub fn crosscheck(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run crosscheck");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The real pages beside the checkout, if present.
pub fn seeds_dir() -> PathBuf {
    root().join("../shared/seeds")
}

pub fn run(paths: &[&Path]) -> Report {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    let (docs, errors) = crosscheck::ingest::read_inputs(&paths, rules());
    // expectations beside the articles are skipped by name, not read
    let errors: Vec<_> = errors.into_iter().filter(|e| !e.is_notice()).collect();
    assert!(errors.is_empty(), "input errors: {errors:?}");
    crosscheck::check(rules(), docs, Vec::new())
}

/// Every quote in the report equals the original text at its byte offsets:
/// the file's own text, or for a page (or a file in another encoding) the
/// text of the original bytes at those offsets, markup stripped.
pub fn assert_evidence_exact(report: &Report) {
    for s in &report.statements {
        let doc = &report.documents[s.doc_index];
        let e = &s.evidence;
        assert_quote_at(
            doc,
            &e.quote,
            e.start,
            e.end,
            &format!("statement {}", s.id),
        );
        if doc.source.is_none() {
            let lc = doc.lines.line_col(&doc.text, e.start);
            assert_eq!(
                (lc.line, lc.column),
                (e.line, e.column),
                "statement {} position",
                s.id
            );
        }
    }
    for f in &report.flags {
        for side in &f.sides {
            let doc = report
                .documents
                .iter()
                .find(|d| d.id == side.origin.document)
                .expect("side's document");
            assert_quote_at(
                doc,
                &side.quote,
                side.start,
                side.end,
                &format!("flag {}", f.id),
            );
        }
    }
}

/// `quote` is what the original file holds at `[start, end)`.
pub fn assert_quote_at(
    doc: &crosscheck::ingest::Document,
    quote: &str,
    start: usize,
    end: usize,
    what: &str,
) {
    let Some(enc) = doc.encoding() else {
        assert_eq!(
            doc.text.get(start..end),
            Some(quote),
            "{what}: quote differs from {}",
            doc.path
        );
        return;
    };
    if doc.path.contains('#') {
        // a record of an archive: offsets are into the record's payload,
        // checked against the same page as a file in tests/pages.rs
        return;
    }
    let bytes = std::fs::read(&doc.path).expect("original file");
    let (cut, _) = enc.decode_without_bom_handling(&bytes[start..end]);
    let shown = if doc.is_page() {
        page_text(&cut)
    } else {
        cut.into_owned()
    };
    assert_eq!(
        squeeze(&shown),
        squeeze(quote),
        "{what}: quote differs from {}[{start}..{end}]",
        doc.path
    );
}

/// The text a stretch of markup shows: tags dropped, character references
/// decoded.
pub fn page_text(markup: &str) -> String {
    let tags = regex::Regex::new(
        r"(?is)<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>|</?[A-Za-z!?][^>]*>",
    )
    .unwrap();
    html_escape::decode_html_entities(&tags.replace_all(markup, "")).into_owned()
}

/// Text without whitespace and invisible marks: markup's whitespace is not
/// its text.
pub fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !(c.is_whitespace()
                || matches!(
                    c,
                    '\u{200b}'..='\u{200f}' | '\u{00ad}' | '\u{feff}' | '\u{2060}'
                ))
        })
        .collect()
}

/// The JSON report (`check` view) of a run over `paths`, every input error
/// listed, on the current thread pool.
pub fn report_json(paths: &[PathBuf]) -> String {
    let (docs, errors) = crosscheck::ingest::read_inputs(paths, rules());
    let report = crosscheck::check(
        rules(),
        docs,
        errors.iter().map(|e| e.to_string()).collect(),
    );
    crosscheck::report::render(
        &report,
        crosscheck::report::Format::Json,
        crosscheck::report::View::Check,
        false,
    )
}

/// The directories in `dir`, sorted; none if it cannot be read.
pub fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}
