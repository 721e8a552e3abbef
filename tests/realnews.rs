//! The real-news development set in `../shared/realnews`, scored by its own
//! script over every story in one run. Its texts never enter this
//! repository; CI runs this with `--include-ignored`.
//!
//! The floor is what the engine reaches today, so a change that loses found
//! conflicts or raises a false alarm fails here; raise it as the engine
//! improves.

use crate::common::root;

/// Conflicts found at least (of the set's expected ones).
const FOUND_FLOOR: usize = 26;
/// Share of warning/error flags that match an annotated conflict.
const PRECISION_FLOOR: f64 = 0.9;

#[test]
#[ignore = "reads ../shared/realnews and runs its score.py; run by .ci/run with --include-ignored"]
fn realnews_score_holds_its_floor() {
    let shared = root().join("../shared/realnews");
    let bin = env!("CARGO_BIN_EXE_crosscheck");
    let out = std::process::Command::new("python3")
        .arg(shared.join("score.py"))
        .args(["--bin", bin])
        .output()
        .expect("python3 runs score.py");
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text
        .lines()
        .rev()
        .find(|l| l.starts_with("realnews:"))
        .unwrap_or_else(|| panic!("no score line in:\n{text}"));
    // "realnews: found K/N (exact E), precision C/T = P, false alarms F/M"
    let num = |after: &str| -> f64 {
        let rest = &last[last.find(after).unwrap() + after.len()..];
        rest.trim_start()
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let found = num("found") as usize;
    let precision = num("=");
    let false_alarms = num("false alarms") as usize;
    assert!(found >= FOUND_FLOOR, "{last}");
    assert!(precision >= PRECISION_FLOOR, "{last}");
    assert_eq!(false_alarms, 0, "{last}");
}
