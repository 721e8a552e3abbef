//! Extraction runs on every core; the report must not depend on how many,
//! nor on whether the sentence checks read extraction's split of the
//! sentences or split them on their own.

use crate::common::{report_json, root, rules};
use std::path::PathBuf;

/// The JSON report of a run over `paths` on a pool of `threads` threads.
fn report_on(threads: usize, paths: &[PathBuf]) -> String {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| report_json(paths))
}

fn same_on_one_and_many_threads(paths: &[PathBuf]) {
    let one = report_on(1, paths);
    assert!(one.contains("\"statements\""), "a JSON report");
    for threads in [2, 4] {
        assert!(
            one == report_on(threads, paths),
            "the report on {threads} threads differs from the one on 1"
        );
    }
}

/// The JSON report of `paths`, the sentence checks reading extraction's
/// split (`shared`) or their own.
fn report_split(paths: &[PathBuf], shared: bool) -> String {
    let (docs, errors) = crosscheck::ingest::read_inputs(paths, rules());
    let errors = errors.iter().map(|e| e.to_string()).collect();
    let report = crosscheck::check_split(rules(), docs, errors, &mut |_| {}, shared);
    crosscheck::report::render(
        &report,
        crosscheck::report::Format::Json,
        crosscheck::report::View::Check,
        false,
    )
}

fn same_with_either_split(paths: &[PathBuf]) {
    let own = report_split(paths, false);
    assert!(own.contains("\"flags\""), "a JSON report");
    assert!(
        own == report_split(paths, true),
        "the report differs when the sentence checks share extraction's split"
    );
    assert!(own == report_json(paths), "check is one of the two");
}

#[test]
fn fixtures_report_the_same_on_any_number_of_threads() {
    same_on_one_and_many_threads(&[root().join("fixtures")]);
}

#[test]
fn fixtures_report_the_same_with_either_split() {
    same_with_either_split(&[root().join("fixtures")]);
}

#[test]
#[ignore = "reads ../shared/realnews; run by .ci/run with --include-ignored"]
fn realnews_report_the_same_on_any_number_of_threads() {
    // the articles, as score.py gives them: not the annotations beside them
    let mut articles: Vec<PathBuf> = std::fs::read_dir(root().join("../shared/realnews"))
        .expect("../shared/realnews")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|d| d.is_dir())
        .flat_map(|d| std::fs::read_dir(d).expect("a story folder"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    articles.sort();
    assert!(articles.len() >= 90, "the real-news articles");
    same_on_one_and_many_threads(&articles);
    same_with_either_split(&articles);
}
