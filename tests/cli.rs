//! The binary end to end: exit codes, formats, bad input.

use crate::common::{crosscheck, root};
use std::process::Command;

#[test]
fn flags_exit_one_and_clean_corpus_exits_zero() {
    let (code, out, _) = crosscheck(&["check", "fixtures/en-expected-vs-signed"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("outcome-differs"), "{out}");
    let (code, out, _) = crosscheck(&["check", "fixtures/en-agree"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 flags"), "{out}");
}

#[test]
fn json_follows_the_contract() {
    let (code, out, _) = crosscheck(&[
        "check",
        "--format",
        "json",
        "fixtures/ar-expected-vs-signed",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["schema"], "crosscheck/1");
    let doc = &v["documents"][0];
    for k in ["id", "path", "outlet", "published", "language"] {
        assert!(doc.get(k).is_some(), "document lacks {k}");
    }
    let st = &v["statements"][0];
    for k in [
        "id",
        "document",
        "predicate",
        "roles",
        "place",
        "time",
        "modality",
        "polarity",
        "attribution",
        "quantities",
        "evidence",
        "rule",
        "confidence",
    ] {
        assert!(st.get(k).is_some(), "statement lacks {k}");
    }
    let flag = &v["flags"][0];
    for k in [
        "id",
        "kind",
        "severity",
        "summary",
        "slots",
        "sides",
        "corroborated_by",
    ] {
        assert!(flag.get(k).is_some(), "flag lacks {k}");
    }
    for k in [
        "statement",
        "document",
        "outlet",
        "published",
        "quote",
        "start",
        "end",
        "line",
        "column",
    ] {
        assert!(flag["sides"][0].get(k).is_some(), "side lacks {k}");
    }
}

#[test]
fn markdown_and_jsonl_render() {
    let (_, md, _) = crosscheck(&[
        "check",
        "--format",
        "markdown",
        "fixtures/en-expected-vs-signed",
    ]);
    assert!(md.starts_with("# crosscheck report"), "{md}");
    assert!(md.contains("### outcome-differs"), "{md}");
    let (_, jl, _) = crosscheck(&[
        "check",
        "--format",
        "jsonl",
        "fixtures/en-expected-vs-signed",
    ]);
    for line in jl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        assert_eq!(v["kind"], "outcome-differs");
    }
}

#[test]
fn unreadable_input_is_named_and_the_run_goes_on() {
    let dir = std::env::temp_dir().join(format!("crosscheck-bad-input-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("photo.txt");
    std::fs::write(&bad, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").unwrap();
    let good = root().join("fixtures/en-expected-vs-signed");
    let (code, out, err) = crosscheck(&["check", bad.to_str().unwrap(), good.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2, "an unreadable input makes the exit code 2");
    assert!(
        err.contains("photo.txt") && err.contains("not text"),
        "{err}"
    );
    assert!(
        out.contains("outcome-differs"),
        "the other files are still checked: {out}"
    );
}

#[test]
fn missing_file_and_bad_usage_exit_two() {
    let (code, _, err) = crosscheck(&["check", "no/such/file.txt"]);
    assert_eq!(code, 2);
    assert!(err.contains("no/such/file.txt"), "{err}");
    let (code, _, _) = crosscheck(&["check", "--format", "nope", "fixtures"]);
    assert_eq!(code, 2);
}

#[test]
fn rules_test_passes_and_list_names_files() {
    let (code, out, err) = crosscheck(&["rules", "test"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
    let (_, out, _) = crosscheck(&["rules", "list"]);
    assert!(out.contains("rules/predicates.toml"), "{out}");
}

#[test]
fn stdin_is_read() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["extract", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("---\npublished: 2025-01-17\n---\nThe two presidents signed a treaty in Moscow on 17 January 2025.\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("sign asserted"), "{s}");
}

#[test]
fn time_command_resolves_against_the_anchor() {
    let (code, out, _) = crosscheck(&[
        "time",
        "--anchor",
        "2022-11-13",
        "--format",
        "json",
        "السبت وفي 24 شباط/فبراير",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let values: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["value"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["2022-11-12", "2022-02-24"]);
    let text = "السبت وفي 24 شباط/فبراير";
    let first = &v[0];
    let (s, e) = (
        first["start"].as_u64().unwrap() as usize,
        first["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], first["text"].as_str().unwrap());
    let (code, _, err) = crosscheck(&["time", "--anchor", "2025-13-01", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("2025-13-01"), "{err}");
}

const DRAFT: &str = "---\npublished: 2025-11-20\n---\nDraft\n\nThe presidents of Chile and Peru signed the Pacific Corridor Trade Agreement in Lima on 16 November 2024.\n";

#[test]
fn draft_is_told_what_the_corpus_says() {
    let dir = std::env::temp_dir().join(format!("crosscheck-draft-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let draft = dir.join("draft.md");
    std::fs::write(&draft, DRAFT).unwrap();
    let (code, out, _) = crosscheck(&[
        "draft",
        draft.to_str().unwrap(),
        "--against",
        "fixtures/en-expected-vs-signed",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("your draft"), "{out}");
    assert!(
        out.contains("Santiago"),
        "the corpus's account is quoted: {out}"
    );
    let (_, json, _) = crosscheck(&[
        "draft",
        draft.to_str().unwrap(),
        "--against",
        "fixtures/en-expected-vs-signed",
        "--format",
        "json",
    ]);
    std::fs::remove_dir_all(&dir).ok();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(!v["disagreements"].as_array().unwrap().is_empty());
}

#[test]
fn ledger_assertions_exit_one_on_contradiction_and_speak_junit() {
    let dir = std::env::temp_dir().join(format!("crosscheck-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.toml");
    std::fs::write(&good, "[[fact]]\nid = \"signed\"\npredicate = \"sign\"\nagent = [\"Chile\", \"Peru\"]\nplace = \"Santiago\"\ntime = \"2025-01-17\"\n").unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "[[fact]]\nid = \"signed-in-lima\"\npredicate = \"sign\"\nagent = [\"Chile\", \"Peru\"]\nplace = \"Lima\"\n").unwrap();
    let typo = dir.join("typo.toml");
    std::fs::write(
        &typo,
        "[[fact]]\npredicate = \"sign\"\nagnet = [\"Chile\"]\n",
    )
    .unwrap();
    let corpus = "fixtures/en-expected-vs-signed";
    let (code, out, _) = crosscheck(&["assert", good.to_str().unwrap(), "--against", corpus]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok signed"), "{out}");
    let (code, out, _) = crosscheck(&[
        "assert",
        bad.to_str().unwrap(),
        "--against",
        corpus,
        "--format",
        "junit",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("<failure") && out.contains("tests=\"1\" failures=\"1\""),
        "{out}"
    );
    let (code, _, err) = crosscheck(&["assert", typo.to_str().unwrap(), "--against", corpus]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 2);
    assert!(
        err.contains("typo.toml:3") && err.contains("agnet"),
        "{err}"
    );
}

#[test]
fn timeline_orders_an_events_claims_by_date() {
    let (code, out, _) = crosscheck(&[
        "timeline",
        "fixtures/ar-expected-vs-signed",
        "--event",
        "sign egypt",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let entries = v.as_array().unwrap();
    assert!(entries.len() >= 3, "{out}");
    assert_eq!(entries[0]["modality"], "expected");
    let dates: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["published"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
}

#[test]
fn ledger_takes_an_object_by_its_everyday_name() {
    // "the Russia-Iran comprehensive strategic partnership treaty": an
    // agreement, between the countries it names
    let dir = std::env::temp_dir().join(format!("crosscheck-ledger-name-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let object = "the Russia-Iran comprehensive strategic partnership treaty";
    let moscow = dir.join("moscow.toml");
    std::fs::write(
        &moscow,
        format!("[[fact]]\nid = \"moscow\"\npredicate = \"sign\"\nobject = \"{object}\"\nplace = \"Moscow\"\ntime = \"2025-01-17\"\n"),
    )
    .unwrap();
    let kazan = dir.join("kazan.toml");
    std::fs::write(
        &kazan,
        format!("[[fact]]\nid = \"kazan\"\npredicate = \"sign\"\nobject = \"{object}\"\nplace = \"Kazan\"\n"),
    )
    .unwrap();
    let corpus = "fixtures/en-treaty-russia-iran";
    let (code, out, _) = crosscheck(&["assert", moscow.to_str().unwrap(), "--against", corpus]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("ok moscow"), "{out}");
    let (code, out, _) = crosscheck(&["assert", kazan.to_str().unwrap(), "--against", corpus]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("place: kazan → moscow"), "{out}");
}

#[test]
fn timeline_takes_the_everyday_word_in_either_language() {
    // the quotes of the treaty story's timeline for one query
    let quotes = |query: &str| -> Vec<String> {
        let (code, out, _) = crosscheck(&[
            "timeline",
            "fixtures/en-treaty-russia-iran",
            "--event",
            query,
            "--format",
            "json",
        ]);
        assert_eq!(code, 0, "{query}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["quote"].as_str().map(String::from))
            .collect()
    };
    // the object's noun ("treaty", "معاهدة") and a word reporting the
    // predicate ("توقيع") find the English story of the treaty: the
    // expectation at Kazan and the signing in the Kremlin
    for query in ["treaty", "معاهدة", "توقيع"] {
        let found = quotes(query);
        assert!(
            found.iter().any(|q| q.contains("widely expected to sign"))
                && found.iter().any(|q| q.contains("in the Kremlin")),
            "{query}: {found:?}"
        );
    }
    // a word that refers back to the event ("القمة") finds the summit
    let found = quotes("القمة");
    assert!(
        found.iter().any(|q| q.contains("BRICS summit")),
        "{found:?}"
    );
}

#[test]
fn hijri_dates_name_their_conversion() {
    let (code, out, _) = crosscheck(&[
        "time",
        "--anchor",
        "2025-03-01",
        "--format",
        "json",
        "في 15 رمضان 1446 هـ",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["value"], "2025-03-15");
    assert_eq!(v[0]["converted"], "hijri-tabular");
}
