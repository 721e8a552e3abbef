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
    let errors: Vec<_> = errors
        .into_iter()
        .filter(|e| !matches!(e, crosscheck::error::Error::Skipped { .. }))
        .collect();
    assert!(errors.is_empty(), "input errors: {errors:?}");
    crosscheck::check(rules(), docs, Vec::new())
}

/// Every quote in the report equals the original text at its byte offsets.
pub fn assert_evidence_exact(report: &Report) {
    for s in &report.statements {
        let doc = &report.documents[s.doc_index];
        let e = &s.evidence;
        assert_eq!(
            doc.text.get(e.start..e.end),
            Some(e.quote.as_str()),
            "statement {} quote differs from {}",
            s.id,
            doc.path
        );
        let lc = doc.lines.line_col(&doc.text, e.start);
        assert_eq!(
            (lc.line, lc.column),
            (e.line, e.column),
            "statement {} position",
            s.id
        );
    }
    for f in &report.flags {
        for side in &f.sides {
            let doc = report
                .documents
                .iter()
                .find(|d| d.id == side.document)
                .expect("side's document");
            assert_eq!(
                doc.text.get(side.start..side.end),
                Some(side.quote.as_str()),
                "flag {} side quote differs from {}",
                f.id,
                doc.path
            );
        }
    }
}
