//! Snapshots of every output format for one fixture scenario, evidence quotes
//! included (`cargo insta review` to accept a change; never edit by hand).

use crate::common::crosscheck;

fn render(format: &str) -> (i32, String) {
    let (code, out, _) = crosscheck(&[
        "check",
        "--format",
        format,
        "fixtures/ar-expected-vs-signed",
    ]);
    (code, out)
}

macro_rules! snapshot_format {
    ($name:ident, $format:literal) => {
        #[test]
        fn $name() {
            let (code, out) = render($format);
            assert_eq!(code, 1, "the scenario's flag sets the exit code");
            insta::assert_snapshot!(out);
        }
    };
}

snapshot_format!(text_report, "text");
snapshot_format!(json_report, "json");
snapshot_format!(jsonl_report, "jsonl");
snapshot_format!(markdown_report, "markdown");
snapshot_format!(sarif_report, "sarif");
snapshot_format!(junit_report, "junit");
snapshot_format!(claimreview_report, "claimreview");
snapshot_format!(html_report, "html");
