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
fn malformed_time_grammar_names_its_line() {
    let mut r = Rules::default();
    let err = r
        .add_file(
            "time.toml",
            "kind = \"time-grammar\"\n\n[markers]\n\n[[test]]\ntext = \"x\"\nbogus = 1\n",
        )
        .unwrap_err()
        .to_string();
    assert!(err.contains("time.toml:7"), "{err}");
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

#[test]
fn every_entity_is_named_in_arabic_and_english() {
    let missing: Vec<&str> = rules()
        .entities
        .iter()
        .filter(|e| e.ar.is_empty() || e.en.is_empty())
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "entities without an Arabic or an English name: {missing:?}"
    );
}

/// The hand-written tables (not the generated gazetteer) as rule files.
fn hand_tables() -> Vec<crosscheck::rules::EntityDef> {
    let mut out = Vec::new();
    for f in std::fs::read_dir(crate::common::root().join("rules/entities")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "toml") {
            let mut r = Rules::default();
            r.add_file(
                &p.display().to_string(),
                &std::fs::read_to_string(&p).unwrap(),
            )
            .unwrap();
            out.extend(r.entities);
        }
    }
    out
}

#[test]
fn other_stories_are_found_without_hand_tables() {
    // people, teams, firms and places of the fixtures' own stories
    let names = [
        "Tarek Bazzouni",
        "طارق البزوني",
        "Najm Al Khaleej",
        "نجم الخليج",
        "Atlético Serena",
        "Agrofood Maghreb Expo",
        "Efua Ansah-Dadzie",
        "Laura Quesada Mora",
        "كمال الورتاني",
        "Norvik Shipping",
        "Baltrans",
        "Valmark",
        "Ostrenia",
        "Belmora",
        "فالدوريا",
        "بورينا",
        "Kano Royals",
        "Africa Coffee Producers Forum",
        "Casablanca",
        "Rabat",
        "Doha",
        "Amman",
        "Nairobi",
        "Kampala",
        "Lomé",
        "Santiago",
        "Lima",
        "Nouakchott",
    ];
    let hand = hand_tables();
    for n in names {
        let f = crosscheck::normalize::fold(n);
        let owner = hand
            .iter()
            .find(|e| e.names().any(|x| crosscheck::normalize::fold(x) == f));
        assert!(
            owner.is_none(),
            "{n} is in a hand-written table ({})",
            owner.unwrap().id
        );
    }
    // and the engine still finds them: the stories' flags are raised (see the
    // fixtures test); here, that each named party is recognised
    let report =
        crate::common::run(
            &[&crate::common::root().join("fixtures/story-court-verdict-postponed")],
        );
    assert!(report
        .statements
        .iter()
        .any(|s| s.untabled.iter().any(|u| u.contains("bazzouni"))));
}

#[test]
fn every_rule_file_carries_examples() {
    let with_tests: std::collections::BTreeSet<&str> =
        rules().tests.iter().map(|(f, _)| f.as_str()).collect();
    for (file, kind) in &rules().files {
        // the time grammar runs its own examples (src/time)
        if kind.starts_with("time") {
            continue;
        }
        assert!(
            with_tests.contains(file.as_str()),
            "{file} has no [[test]] example"
        );
    }
}
