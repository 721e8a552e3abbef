//! Every scenario under `fixtures/`: the flags it must produce, and nothing
//! else. A scenario without `[[expect]]` must produce no flag at all.

use crate::common::{assert_evidence_exact, root, run};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expectations {
    description: String,
    /// Why the engine cannot pass this scenario yet. A pending scenario is run
    /// and its problems printed; it fails the test once it passes, so the
    /// marker is removed as soon as the engine catches up.
    #[serde(default)]
    pending: Option<String>,
    #[serde(default)]
    expect: Vec<Expected>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    kind: String,
    #[serde(default)]
    slots: Vec<String>,
    #[serde(default)]
    quotes: Vec<String>,
    /// Values the flag's slots must give (as `from` or `to`), so that a flag
    /// with the right sides but a wrong value read from another clause fails.
    #[serde(default)]
    values: Vec<String>,
    /// The flag's severity, when the scenario is about it (`info` for a
    /// revision, `warning` for a disagreement).
    #[serde(default)]
    severity: Option<String>,
}

/// Flag kinds the comparator raises so far; a scenario's expectation of any
/// other kind is reported as pending, not as a pass.
const IMPLEMENTED: &[&str] = &[
    "outcome-differs",
    "contradiction",
    "stance-reversal",
    "disputed",
    "quote-drift",
    "unresolved-expectation",
    "internal-inconsistency",
];

fn scenarios() -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<_> = std::fs::read_dir(root().join("fixtures"))
        .expect("fixtures/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expect.toml").exists())
        .collect();
    dirs.sort();
    dirs
}

/// Problems with one scenario, empty when it passes.
fn check_scenario(dir: &std::path::Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let exp: Expectations =
        toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap())
            .unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
    let report = run(&[dir]);
    assert_evidence_exact(&report);
    let mut problems = Vec::new();
    let mut matched = vec![false; report.flags.len()];
    for e in &exp.expect {
        if !IMPLEMENTED.contains(&e.kind.as_str()) {
            eprintln!("{name}: pending, {} is not implemented yet", e.kind);
            continue;
        }
        let hit = report.flags.iter().enumerate().find(|(i, f)| {
            !matched[*i]
                && f.kind.as_str() == e.kind
                && e.slots.iter().all(|s| f.slots.iter().any(|x| &x.name == s))
                && e.quotes
                    .iter()
                    .all(|q| f.sides.iter().any(|side| side.quote.contains(q.as_str())))
                && e.values
                    .iter()
                    .all(|v| f.slots.iter().any(|x| &x.from == v || &x.to == v))
                && e.severity
                    .as_deref()
                    .is_none_or(|v| f.severity.as_str() == v)
        });
        match hit {
            Some((i, _)) => matched[i] = true,
            None => problems.push(format!(
                "{name} ({}): missing {} with slots {:?} values {:?} quoting {:?}",
                exp.description, e.kind, e.slots, e.values, e.quotes
            )),
        }
    }
    for (i, f) in report.flags.iter().enumerate() {
        if !matched[i] {
            problems.push(format!(
                "{name}: unexpected {} — {}",
                f.kind.as_str(),
                f.summary
            ));
        }
    }
    problems
}

#[test]
fn fixtures_flag_what_they_must_and_nothing_else() {
    let mut problems = Vec::new();
    let all = scenarios();
    assert!(
        all.len() >= 10,
        "expected the fixture scenarios, found {}",
        all.len()
    );
    for dir in &all {
        let exp: Expectations =
            toml::from_str(&std::fs::read_to_string(dir.join("expect.toml")).unwrap()).unwrap();
        let found = check_scenario(dir);
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        match (&exp.pending, found.is_empty()) {
            (Some(why), false) => eprintln!("{name}: pending ({why}): {}", found.join("; ")),
            (Some(_), true) => {
                problems.push(format!("{name}: passes now; remove its `pending` marker"))
            }
            (None, _) => problems.extend(found),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn all_fixtures_as_one_corpus_keep_evidence_exact() {
    let report = run(&[&root().join("fixtures")]);
    assert!(!report.statements.is_empty());
    assert_evidence_exact(&report);
}
