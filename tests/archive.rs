//! The archive (`crosscheck index`, `check --index`): the same flags as a
//! run over the files, incremental re-indexing, and a database that stays
//! whole when the indexer is killed.

use crate::common::{crosscheck, root, rules};
use crosscheck::archive::{self, Archive};
use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("archive")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copy a folder of articles (expectation files left behind).
fn copy_articles(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            copy_articles(&p, &to.join(p.file_name().unwrap()));
        } else if p.extension().is_some_and(|x| x != "toml") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// The flags and statements of a report, as JSON: what must be equal.
fn findings(report: &crosscheck::Report) -> (String, String) {
    (
        serde_json::to_string_pretty(&report.flags).unwrap(),
        serde_json::to_string_pretty(&report.statements).unwrap(),
    )
}

fn over_files(paths: &[PathBuf]) -> crosscheck::Report {
    crosscheck::check_paths(rules(), paths)
}

#[test]
fn check_over_the_archive_equals_check_over_the_files() {
    let dir = scratch("equal");
    let db = dir.join("a.db");
    let fixtures = root().join("fixtures");
    let mut a = Archive::open(&db).unwrap();
    let first = a.index(rules(), std::slice::from_ref(&fixtures)).unwrap();
    assert!(first.errors.is_empty(), "{:?}", first.errors);
    assert!(first.indexed > 100, "{first:?}");
    let from_archive = archive::check(rules(), &db).unwrap();
    let from_files = over_files(std::slice::from_ref(&fixtures));
    assert!(!from_files.flags.is_empty());
    assert_eq!(findings(&from_archive), findings(&from_files));

    // indexing the same files again reads none of them
    let again = a.index(rules(), &[fixtures]).unwrap();
    assert_eq!(again.indexed, 0, "{again:?}");
    assert_eq!(again.unchanged, first.indexed);
    assert_eq!(
        findings(&archive::check(rules(), &db).unwrap()),
        findings(&from_files)
    );
}

#[test]
fn a_changed_file_replaces_its_statements() {
    let dir = scratch("changed");
    let corpus = dir.join("corpus");
    copy_articles(&root().join("fixtures/en-expected-vs-signed"), &corpus);
    let db = dir.join("a.db");
    let mut a = Archive::open(&db).unwrap();
    a.index(rules(), std::slice::from_ref(&corpus)).unwrap();
    let before = archive::check(rules(), &db).unwrap();
    assert!(!before.flags.is_empty());
    // the second report now tells of something else
    let files: Vec<PathBuf> = {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    };
    std::fs::write(&files[1], "Markets in Lima were calm on Friday.\n").unwrap();
    let s = a.index(rules(), std::slice::from_ref(&corpus)).unwrap();
    assert_eq!((s.indexed, s.unchanged), (1, files.len() - 1), "{s:?}");
    let after = archive::check(rules(), &db).unwrap();
    assert_ne!(findings(&after), findings(&before));
    assert_eq!(findings(&after), findings(&over_files(&[corpus])));
    let (_, docs, _) = a.counts().unwrap();
    assert_eq!(docs as usize, files.len(), "the old document is gone");
}

#[test]
fn new_articles_are_checked_against_the_archive() {
    let dir = scratch("new");
    let old = dir.join("old");
    let new = dir.join("new");
    let pair = root().join("fixtures/mixed-ar-en-outcome");
    copy_articles(&pair, &old);
    // the archive holds all but one article; that one comes as new
    let mut names: Vec<PathBuf> = std::fs::read_dir(&old)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let last = names.last().unwrap().clone();
    std::fs::create_dir_all(&new).unwrap();
    std::fs::rename(&last, new.join(last.file_name().unwrap())).unwrap();
    let db = dir.join("a.db");
    Archive::open(&db)
        .unwrap()
        .index(rules(), std::slice::from_ref(&old))
        .unwrap();
    let (code, out, err) = crosscheck(&[
        "check",
        "--format",
        "json",
        "--index",
        db.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert!(code == 0 || code == 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let flags = report["flags"].as_array().unwrap();
    assert!(
        !flags.is_empty(),
        "the new article disagrees with the archive"
    );
    let new_path = new.join(last.file_name().unwrap());
    for f in flags {
        let paths: Vec<&str> = f["sides"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s["path"].as_str())
            .collect();
        assert!(
            paths.iter().any(|p| Path::new(p) == new_path),
            "every flag involves the new article: {paths:?}"
        );
    }
}

#[test]
fn a_file_that_is_not_an_archive_is_refused_by_name() {
    let dir = scratch("foreign");
    let junk = dir.join("junk.db");
    std::fs::write(
        &junk,
        b"this is not a database, only some words in a file ".repeat(200),
    )
    .unwrap();
    let refused = |path: &Path| Archive::open(path).err().expect("refused").to_string();
    let e = refused(&junk);
    assert!(
        e.contains("junk.db") && e.contains("not a crosscheck archive"),
        "{e}"
    );

    let other = dir.join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');")
            .unwrap();
    }
    let e = refused(&other);
    assert!(
        e.contains("other.db") && e.contains("another program"),
        "{e}"
    );
}

#[test]
fn statements_made_by_other_rules_are_never_compared() {
    let dir = scratch("rules");
    let extra = dir.join("rules");
    std::fs::create_dir_all(&extra).unwrap();
    std::fs::write(
        extra.join("more.toml"),
        "kind = \"objects\"\n\n[[object]]\nid = \"lantern\"\ntype = \"thing\"\nheads = [\"lantern\", \"فانوس\"]\n",
    )
    .unwrap();
    let other = crosscheck::rules::Rules::with_dir(&extra).unwrap();
    assert_ne!(other.fingerprint(), rules().fingerprint());
    let db = dir.join("a.db");
    let corpus = root().join("fixtures/en-expected-vs-signed");
    let mut a = Archive::open(&db).unwrap();
    a.index(&other, std::slice::from_ref(&corpus)).unwrap();
    let e = archive::check(rules(), &db)
        .expect_err("refused")
        .to_string();
    assert!(e.contains("other rules"), "{e}");
    // indexing with the rules in force extracts those files again
    let s = a.index(rules(), &[corpus]).unwrap();
    assert!(s.indexed > 0 && s.unchanged == 0, "{s:?}");
    assert!(archive::check(rules(), &db).is_ok());
}

#[test]
fn an_indexer_killed_midway_leaves_the_archive_whole() {
    let dir = scratch("killed");
    let corpus = dir.join("corpus");
    // a corpus big enough to be caught in the middle: the fixtures, 30 times
    for k in 0..30 {
        copy_articles(
            &root().join("fixtures"),
            &corpus.join(format!("copy{k:02}")),
        );
    }
    let db = dir.join("a.db");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_crosscheck"))
        .args(["index", "--quiet"])
        .arg(&db)
        .arg(&corpus)
        .spawn()
        .unwrap();
    // wait until some files are committed, then kill it without warning
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        let committed = Archive::open(&db)
            .ok()
            .and_then(|a| a.counts().ok())
            .map_or(0, |c| c.0);
        if committed > 0 || started.elapsed() > std::time::Duration::from_secs(60) {
            break;
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();

    let mut a = Archive::open(&db).unwrap();
    assert_eq!(a.integrity().unwrap(), "ok");
    let (files, docs, _) = a.counts().unwrap();
    assert!(files > 0 && docs >= files);
    // every committed file reads back whole, and the index completes
    a.index(rules(), std::slice::from_ref(&corpus)).unwrap();
    assert_eq!(a.integrity().unwrap(), "ok");
    assert_eq!(
        findings(&archive::check(rules(), &db).unwrap()),
        findings(&over_files(&[corpus]))
    );
}

#[test]
fn draft_assert_and_timeline_read_the_archive_as_they_read_the_files() {
    let dir = scratch("workflows");
    let db = dir.join("a.db");
    let fixtures = root().join("fixtures");
    Archive::open(&db)
        .unwrap()
        .index(rules(), std::slice::from_ref(&fixtures))
        .unwrap();
    let draft = dir.join("draft.md");
    std::fs::write(
        &draft,
        "---\npublished: 2025-11-20\n---\nDraft\n\nThe presidents of Chile and Peru signed the Pacific Corridor Trade Agreement in Lima on 16 November 2024.\n",
    )
    .unwrap();
    let ledger = dir.join("facts.toml");
    std::fs::write(
        &ledger,
        "[[fact]]\nid = \"signed-in-lima\"\npredicate = \"sign\"\nagent = [\"Chile\", \"Peru\"]\nplace = \"Lima\"\n",
    )
    .unwrap();
    let (db, fx, draft, ledger) = (
        db.to_str().unwrap(),
        fixtures.to_str().unwrap(),
        draft.to_str().unwrap(),
        ledger.to_str().unwrap(),
    );
    for (over_files, over_archive) in [
        (
            vec!["draft", draft, "--against", fx, "--format", "json"],
            vec!["draft", draft, "--index", db, "--format", "json"],
        ),
        (
            vec!["assert", ledger, "--against", fx, "--format", "json"],
            vec!["assert", ledger, "--index", db, "--format", "json"],
        ),
        (
            vec!["timeline", fx, "--event", "sign egypt", "--format", "json"],
            vec![
                "timeline",
                "--index",
                db,
                "--event",
                "sign egypt",
                "--format",
                "json",
            ],
        ),
    ] {
        let (code_f, out_f, _) = crosscheck(&over_files);
        let (code_a, out_a, err_a) = crosscheck(&over_archive);
        assert_eq!(code_a, code_f, "{over_archive:?}: {err_a}");
        assert!(out_f.len() > 10, "{over_files:?} says something");
        assert_eq!(out_a, out_f, "{over_archive:?}");
    }
}

#[test]
fn since_limits_the_archive_as_it_limits_the_files() {
    let dir = scratch("since");
    let db = dir.join("a.db");
    let db = db.to_str().unwrap();
    // paths as given, relative to the checkout, as `check` shows them
    let (code, _, err) = crosscheck(&["index", "--quiet", db, "fixtures"]);
    assert_eq!(code, 0, "{err}");
    let (_, files, _) = crosscheck(&[
        "check",
        "--format",
        "json",
        "--since",
        "2025-01-01",
        "fixtures",
    ]);
    let (_, archived, _) = crosscheck(&[
        "check",
        "--format",
        "json",
        "--since",
        "2025-01-01",
        "--index",
        db,
    ]);
    let (_, all, _) = crosscheck(&["check", "--format", "json", "fixtures"]);
    let flags = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap()["flags"].clone();
    assert_eq!(flags(&archived), flags(&files));
    assert!(flags(&files).as_array().unwrap().len() < flags(&all).as_array().unwrap().len());
}

#[test]
fn a_baseline_shows_only_new_flags_and_sarif_marks_each() {
    let dir = scratch("baseline");
    let before = dir.join("before.sarif");
    let (_, sarif, _) = crosscheck(&[
        "check",
        "--format",
        "sarif",
        "fixtures/en-expected-vs-signed",
    ]);
    std::fs::write(&before, &sarif).unwrap();
    let before = before.to_str().unwrap();
    // nothing new: no flag shown, and the run passes
    let (code, out, _) = crosscheck(&[
        "check",
        "--baseline",
        before,
        "fixtures/en-expected-vs-signed",
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 flags"), "{out}");
    // another story: its flags are new, the old ones absent
    let (code, out, _) = crosscheck(&[
        "check",
        "--baseline",
        before,
        "--format",
        "sarif",
        "fixtures/en-venue-moved",
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let states: Vec<&str> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["baselineState"].as_str())
        .collect();
    assert!(
        states.contains(&"new") && states.contains(&"absent"),
        "{states:?}"
    );
}

#[test]
fn a_suppression_needs_a_reason_and_is_shown_with_it() {
    let dir = scratch("suppress");
    let (_, json, _) = crosscheck(&["check", "--format", "json", "fixtures/en-venue-moved"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let id = v["flags"][0]["id"].as_str().unwrap().to_string();
    let bare = dir.join("bare.toml");
    std::fs::write(&bare, format!("[[suppress]]\nid = \"{id}\"\n")).unwrap();
    let (code, _, err) = crosscheck(&[
        "check",
        "--suppress",
        bare.to_str().unwrap(),
        "fixtures/en-venue-moved",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("bare.toml") && err.contains("reason"), "{err}");
    let with = dir.join("with.toml");
    std::fs::write(
        &with,
        format!("[[suppress]]\nid = \"{id}\"\nreason = \"the venue change was announced by the organisers\"\n"),
    )
    .unwrap();
    let with = with.to_str().unwrap();
    let (_, out, _) = crosscheck(&[
        "check",
        "--suppress",
        with,
        "--format",
        "json",
        "fixtures/en-venue-moved",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["flags"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["id"] != id.as_str()));
    let (_, out, _) = crosscheck(&[
        "check",
        "--suppress",
        with,
        "--format",
        "sarif",
        "fixtures/en-venue-moved",
    ]);
    assert!(out.contains("the venue change was announced"), "{out}");
}

#[test]
fn a_second_writer_waits_then_says_why_it_gave_up() {
    let dir = scratch("busy");
    let db = dir.join("a.db");
    let corpus = root().join("fixtures/en-venue-moved");
    Archive::open(&db).unwrap();
    // another process holds the write lock
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut a = Archive::open(&db).unwrap();
    a.wait_for_writers(std::time::Duration::from_millis(200))
        .unwrap();
    let e = a
        .index(rules(), std::slice::from_ref(&corpus))
        .expect_err("the lock is held")
        .to_string();
    assert!(
        e.contains("a.db") && e.contains("another process is writing"),
        "{e}"
    );
    // once it is released, the same index goes through
    holder.execute_batch("COMMIT").unwrap();
    let s = a.index(rules(), &[corpus]).unwrap();
    assert!(s.indexed > 0, "{s:?}");
}

#[test]
fn reading_an_archive_that_is_not_there_says_how_to_make_one() {
    let dir = scratch("missing");
    let db = dir.join("none.db");
    let (code, _, err) = crosscheck(&["check", "--index", db.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("none.db") && err.contains("crosscheck index"),
        "{err}"
    );
    assert!(!db.exists(), "reading makes no archive");
}

/// `check --index DB NEW` gives the flags that a run over the archived and
/// the new files together gives and that involve a new article: in every
/// fixture of two articles or more, the last article comes as new.
#[test]
fn new_articles_meet_the_archive_as_they_meet_the_files() {
    let mut compared = 0;
    let fixtures = crate::common::subdirs(&root().join("fixtures"));
    assert!(!fixtures.is_empty(), "fixtures/");
    for fixture in fixtures {
        let name = fixture.file_name().unwrap().to_string_lossy().to_string();
        let dir = scratch(&format!("meet-{name}"));
        let (old, new) = (dir.join("old"), dir.join("new"));
        copy_articles(&fixture, &old);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&old)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        if names.len() < 2 {
            continue;
        }
        names.sort();
        let last = names.pop().unwrap();
        std::fs::create_dir_all(&new).unwrap();
        let moved = new.join(last.file_name().unwrap());
        std::fs::rename(&last, &moved).unwrap();
        let db = dir.join("a.db");
        let mut a = Archive::open(&db).unwrap();
        a.index(rules(), std::slice::from_ref(&old)).unwrap();
        let (docs, errors) = crosscheck::ingest::read_inputs(std::slice::from_ref(&new), rules());
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let from_archive = a.check_new(rules(), docs, Vec::new(), None).unwrap();
        let mut expected = over_files(&[old.clone(), new.clone()]);
        let shown = moved.display().to_string();
        expected
            .flags
            .retain(|f| f.sides.iter().any(|s| s.origin.path == shown));
        assert_eq!(
            serde_json::to_string_pretty(&from_archive.flags).unwrap(),
            serde_json::to_string_pretty(&expected.flags).unwrap(),
            "{name}: the new article's flags differ"
        );
        compared += 1;
    }
    assert!(compared > 20, "only {compared} fixtures compared");
}
