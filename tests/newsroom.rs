//! How a newsroom's own CI would use crosscheck as a library: check the
//! corpus it publishes from, fail on contradictions, and hold it to a ledger
//! of facts its desk has settled.

use crate::common::{root, rules};
use crosscheck::compare::{FlagKind, Severity};
use crosscheck::workflow::{assert_ledger, FactStatus, Ledger};

#[test]
fn the_desk_corpus_agrees_with_itself_and_with_the_ledger() {
    let corpus = [
        root().join("fixtures/ar-agree-worded-differently"),
        root().join("fixtures/en-agree"),
    ];
    let report = crosscheck::check_paths(rules(), &corpus);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(
        !report.fails_at(Severity::Warning),
        "unexpected flags: {:#?}",
        report.flags
    );

    let ledger = Ledger::parse(
        "desk.toml",
        r#"
[[fact]]
id = "brazil-portugal-energy"
predicate = "sign"
agent = ["Brazil", "Portugal"]
time = "2025-01-17"
"#,
    )
    .unwrap();
    let results = assert_ledger(rules(), &ledger, &report);
    assert_eq!(results[0].status, FactStatus::Supported, "{results:#?}");
}

#[test]
fn a_shifted_story_is_caught_with_both_quotes() {
    let report = crosscheck::check_paths(rules(), &[root().join("fixtures/en-expected-vs-signed")]);
    let flag = report
        .flags_of(FlagKind::OutcomeDiffers)
        .next()
        .expect("the shift is flagged");
    let place = flag.slots.iter().find(|s| s.name == "place").unwrap();
    assert_eq!(
        (place.from.as_str(), place.to.as_str()),
        ("lima", "santiago")
    );
    for side in &flag.sides {
        let st = report.statement(&side.statement).unwrap();
        let doc = &report.documents[st.doc_index];
        assert_eq!(&doc.text[side.start..side.end], &*side.quote);
    }
}
