//! The reports on the fixtures, the seeds and each real-news story, held to
//! the digests recorded in `tests/report_digests.txt`: a change made to be
//! faster or cleaner must leave every report byte for byte as it was.
//!
//! A change meant to change flags records the new digests, and the diff of
//! that file shows which reports moved:
//! `CROSSCHECK_BLESS=1 cargo test -- --include-ignored reports_are_unchanged`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{report_json, subdirs};

const DIGESTS: &str = "tests/report_digests.txt";

fn recorded() -> BTreeMap<String, String> {
    std::fs::read_to_string(DIGESTS)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let (name, digest) = l.split_once(' ')?;
            Some((name.to_string(), digest.to_string()))
        })
        .collect()
}

/// Check (or, with `CROSSCHECK_BLESS=1`, record) the digest of the report
/// over each set of inputs, by its name.
fn check(sets: &[(String, Vec<PathBuf>)]) {
    assert!(!sets.is_empty(), "nothing to report on");
    // the tests run at once, and blessing reads, changes and writes one file
    static FILE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _file = FILE.lock().unwrap_or_else(|e| e.into_inner());
    let mut digests = recorded();
    let bless = std::env::var_os("CROSSCHECK_BLESS").is_some();
    let mut moved = Vec::new();
    for (name, paths) in sets {
        // read by the paths as given, relative to the crate, so that the
        // report names the same paths in every checkout
        let json = report_json(paths);
        assert!(json.contains("\"statements\""), "{name}: a JSON report");
        let digest = blake3::hash(json.as_bytes()).to_hex().to_string();
        match digests.get(name) {
            Some(d) if *d == digest => {}
            _ if bless => {
                digests.insert(name.clone(), digest);
            }
            Some(_) => moved.push(format!("{name}: the report changed")),
            None => moved.push(format!("{name}: no digest recorded")),
        }
    }
    if bless {
        let text: String = digests.iter().map(|(n, d)| format!("{n} {d}\n")).collect();
        std::fs::write(DIGESTS, text).expect("digests written");
        return;
    }
    assert!(
        moved.is_empty(),
        "{}\nIf the change is meant to change reports, record them: \
         CROSSCHECK_BLESS=1 cargo test -- --include-ignored reports_are_unchanged",
        moved.join("\n")
    );
}

/// A directory read whole, named by its path.
fn whole(dir: PathBuf) -> (String, Vec<PathBuf>) {
    (dir.to_string_lossy().replace('\\', "/"), vec![dir])
}

#[test]
fn fixture_reports_are_unchanged() {
    let sets: Vec<_> = subdirs(Path::new("fixtures"))
        .into_iter()
        .map(whole)
        .collect();
    check(&sets);
}

#[test]
#[ignore = "reads ../shared/seeds and ../shared/realnews; run by .ci/run with --include-ignored"]
fn shared_reports_are_unchanged() {
    let mut sets = vec![whole(PathBuf::from("../shared/seeds"))];
    // each story's articles, as score.py gives them: not the annotations
    // beside them
    for story in subdirs(Path::new("../shared/realnews")) {
        let mut articles: Vec<PathBuf> = std::fs::read_dir(&story)
            .expect("a story folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        articles.sort();
        sets.push((story.to_string_lossy().replace('\\', "/"), articles));
    }
    check(&sets);
}
