//! The reference case on the real pages in `../shared/seeds` (not part of the
//! repository; CI runs these with `--include-ignored`).

use crate::common::{assert_evidence_exact, run, seeds_dir};
use crosscheck::ingest::{BlockKind, DateSource};

const NEEDS_SEEDS: &str = "reads ../shared/seeds; run by .ci/run with --include-ignored";

fn seeds() -> crosscheck::Report {
    run(&[&seeds_dir()])
}

fn doc<'a>(r: &'a crosscheck::Report, prefix: &str) -> &'a crosscheck::ingest::Document {
    r.documents
        .iter()
        .find(|d| d.id.starts_with(prefix))
        .expect("seed document")
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn kazan_expectation_against_kremlin_signing() {
    let r = seeds();
    let flags: Vec<_> = r
        .flags
        .iter()
        .filter(|f| f.kind.as_str() == "outcome-differs")
        .collect();
    let f = flags
        .iter()
        .find(|f| {
            f.slots
                .iter()
                .any(|s| s.name == "place" && s.from == "kazan" && s.to == "moscow")
        })
        .unwrap_or_else(|| panic!("no Kazan → Moscow flag; flags: {:#?}", r.flags));
    let time = f
        .slots
        .iter()
        .find(|s| s.name == "time")
        .expect("time slot");
    assert!(time.from.starts_with("2024-10"), "{time:?}");
    assert_eq!(time.to, "2025-01-17");
    let expected = f.sides.iter().find(|s| &*s.role == "expected").unwrap();
    let reported = f.sides.iter().find(|s| &*s.role == "reported").unwrap();
    assert!(expected.origin.document.starts_with("003"));
    assert!(expected.quote.contains("في القمة"));
    assert!(reported.origin.document.starts_with("002"));
    assert!(reported.quote.contains("في الكرملين"));
    assert_eq!(reported.origin.published.as_deref(), Some("2025-01-17"));
    for side in &f.sides {
        assert!(!side.origin.outlet.is_empty());
    }
    let corroborating: Vec<&str> = f
        .corroborated_by
        .iter()
        .filter_map(|id| r.statement(id))
        .map(|s| s.document.as_str())
        .collect();
    assert!(
        corroborating.iter().any(|d| d.starts_with("000")),
        "{corroborating:?}"
    );
    assert!(
        corroborating.iter().any(|d| d.starts_with("001")),
        "{corroborating:?}"
    );
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn publication_dates_detected_or_honestly_unknown() {
    let _ = NEEDS_SEEDS;
    let r = seeds();
    for (prefix, date) in [
        ("000", "2025-05-14"),
        ("001", "2025-06-06"),
        ("002", "2025-01-17"),
        ("004", "2022-11-13"),
    ] {
        let d = doc(&r, prefix);
        assert_eq!(d.published.source, DateSource::Detected, "{prefix}");
        assert_eq!(
            d.published.date.map(|x| x.to_string()).as_deref(),
            Some(date),
            "{prefix}"
        );
    }
    let d = doc(&r, "003");
    assert!(matches!(
        d.published.source,
        DateSource::Unknown | DateSource::Inferred
    ));
    if d.published.source == DateSource::Inferred {
        assert!(d.published.basis.is_some());
    }
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn no_flag_quotes_furniture_and_quotes_are_exact() {
    let r = seeds();
    assert_evidence_exact(&r);
    for f in &r.flags {
        for side in &f.sides {
            let d = r
                .documents
                .iter()
                .find(|d| d.id == side.origin.document)
                .unwrap();
            let inside_body = d.blocks.iter().any(|b| {
                matches!(b.kind, BlockKind::Body | BlockKind::Headline)
                    && b.span.start <= side.start
                    && side.end <= b.span.end
            });
            assert!(
                inside_body,
                "flag {} quotes furniture: {}",
                f.id, side.quote
            );
        }
    }
    // the unrelated Syrian story after "إقرأ أيضاً" never yields a statement
    assert!(!r
        .statements
        .iter()
        .any(|s| s.evidence.quote.contains("الشيباني")));
    // a 20-year term written two ways is not a disagreement
    assert!(!r
        .flags
        .iter()
        .any(|f| f.slots.iter().any(|s| s.name == "quantity")));
    // "قمة مجموعة العشرين" is the G20, not twenty of anything
    for s in &r.statements {
        if s.evidence.quote.contains("مجموعة العشرين") {
            assert!(s.quantities.is_empty(), "{:?}", s.quantities);
        }
    }
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn detected_outlets() {
    let r = seeds();
    assert_eq!(doc(&r, "001").outlet.as_deref(), Some("صدى البلد"));
    assert_eq!(doc(&r, "004").outlet.as_deref(), Some("المسلة"));
    assert_eq!(doc(&r, "000").outlet.as_deref(), Some("تكنو بلس"));
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn every_flag_kind_on_the_seeds() {
    use crosscheck::compare::FlagKind;
    let r = seeds();
    // Iran acknowledged drone deliveries in 2022 and denied them in 2025
    let stance = r
        .flags_of(FlagKind::StanceReversal)
        .next()
        .expect("stance reversal");
    assert!(stance
        .sides
        .iter()
        .any(|s| s.origin.document.starts_with("004") && &*s.role == "acknowledged"));
    assert!(stance
        .sides
        .iter()
        .any(|s| s.origin.document.starts_with("002") && &*s.role == "denied"));
    // Washington's accusation against Iran's denial
    let disputed = r.flags_of(FlagKind::Disputed).next().expect("disputed");
    assert!(disputed
        .sides
        .iter()
        .any(|s| s.quote.contains("واتهمت واشنطن")));
    assert!(disputed
        .sides
        .iter()
        .any(|s| &*s.role == "denied" && s.quote.contains("وتنفي إيران")));
    // Putin's invited visit to Iran has no outcome in the corpus
    let unresolved = r
        .flags_of(FlagKind::UnresolvedExpectation)
        .next()
        .expect("unresolved expectation");
    assert!(unresolved.sides.iter().any(|s| s.quote.contains("بوتين")));
    // Peskov's remarks in 002 and 003 are two occasions, not one drifting quote
    assert_eq!(r.flags_of(FlagKind::QuoteDrift).count(), 0);
    assert_eq!(r.flags_of(FlagKind::Contradiction).count(), 0);
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn english_and_arabic_reports_of_the_treaty_are_one_event() {
    let r = run(&[
        &seeds_dir(),
        &crate::common::root().join("fixtures/en-treaty-russia-iran"),
    ]);
    let rules = crate::common::rules();
    let events = crosscheck::compare::group_events(rules, &r.statements);
    let signing = events
        .iter()
        .find(|e| {
            e.statements.iter().any(|&i| {
                r.statements[i].document.starts_with("002") && r.statements[i].predicate == "sign"
            })
        })
        .expect("the Kremlin signing is an event");
    let languages: std::collections::BTreeSet<&str> = signing
        .statements
        .iter()
        .map(|&i| r.documents[r.statements[i].doc_index].language.as_str())
        .collect();
    assert!(
        languages.contains("en") && languages.contains("ar"),
        "{languages:?}"
    );
    // and the English expectation at Kazan is flagged against the outcome
    let od: Vec<_> = r
        .flags_of(crosscheck::compare::FlagKind::OutcomeDiffers)
        .collect();
    assert!(od.iter().any(|f| f
        .sides
        .iter()
        .any(|s| s.origin.path.contains("en-treaty-russia-iran"))));
}

#[test]
#[ignore = "reads ../shared/seeds; run by .ci/run with --include-ignored"]
fn seed_dates_resolve() {
    let r = seeds();
    let times: Vec<_> = r
        .documents
        .iter()
        .flat_map(crosscheck::extract::document_times)
        .collect();
    let value = |doc: &str, text: &str| {
        times
            .iter()
            .find(|t| t.document.starts_with(doc) && t.text.contains(text))
            .map(|t| t.value.clone())
            .unwrap_or_else(|| panic!("{doc}: no time expression {text:?}"))
    };
    assert_eq!(value("004", "السبت"), "2022-11-12");
    assert_eq!(value("004", "24 شباط/فبراير"), "2022-02-24");
    assert_eq!(value("004", "الأسبوع المقبل"), "2022-W46");
    assert_eq!(value("004", "مطلع تشرين الثاني"), "2022-11");
    assert_eq!(value("002", "يوليو/تموز الماضي"), "2024-07");
    assert_eq!(value("002", "سبتمبر/أيلول"), "2024-09");
    assert_eq!(value("002", "17 يناير/كانو الثاني 2025"), "2025-01-17");
    assert_eq!(value("000", "يناير الماضي"), "2025-01");
    assert_eq!(value("001", "يناير 2025"), "2025-01");
    for t in &times {
        let d = r.documents.iter().find(|d| d.id == t.document).unwrap();
        assert_eq!(
            &d.text[t.start..t.end],
            t.text,
            "time spans are original bytes"
        );
    }
}
