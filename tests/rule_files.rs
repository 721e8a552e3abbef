//! Rule files: their own examples, canonical tables, and clear errors.

use crate::common::rules;
use crosscheck::rules::Rules;

#[test]
fn every_rule_example_passes() {
    let failures = crosscheck::rules::run_tests(rules());
    assert!(rules().tests.len() > 20, "rule files carry examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn tables_cross_reference_known_entities() {
    let problems = rules().validate();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_alias_belongs_to_two_entities_except_event_series() {
    let mut seen = std::collections::HashMap::new();
    for e in &rules().entities {
        for n in e.names() {
            let k = crosscheck::normalize::fold(n);
            if let Some(prev) = seen.insert(k.clone(), (e.id.clone(), e.series.clone())) {
                let same_series = prev.1.is_some() && prev.1 == e.series;
                assert!(
                    prev.0 == e.id || same_series,
                    "alias {n:?} names both {} and {}",
                    prev.0,
                    e.id
                );
            }
        }
    }
}

#[test]
fn malformed_rule_file_names_file_and_line() {
    let dir = std::env::temp_dir().join(format!("crosscheck-bad-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        "kind = \"entities\"\n\n[[entity]]\nid = \"x\"\ntype = \"person\"\nnmae = \"typo\"\n",
    )
    .unwrap();
    let err = Rules::with_dir(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.contains("bad.toml:"), "{err}");
    assert!(err.contains("nmae"), "{err}");
    assert!(err.contains(":3:") || err.contains(":6:"), "{err}");
}

#[test]
fn unknown_rule_kind_is_an_error() {
    let mut r = Rules::default();
    let err = r
        .add_file("x.toml", "kind = \"entitys\"\n")
        .unwrap_err()
        .to_string();
    assert!(err.contains("x.toml:1"), "{err}");
}
