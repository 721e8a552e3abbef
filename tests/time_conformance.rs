//! Conformance of the time grammar against other projects' published time
//! suites in `../shared/eval`: Duckling's Arabic time corpus, dateparser's
//! Arabic cases, and the TempEval-3 TIMEX3 gold (TimeBank + AQUAINT).
//!
//! The suites are read in place, never copied into the repository, and no
//! sentence of theirs is special-cased in the grammar: these tests measure the
//! general rules. Each suite prints its pass rate per category and asserts it
//! stays at or above a ratchet — the rate reached when the ratchet was last
//! raised, rounded down. Raise a ratchet when the grammar improves; never
//! lower one to make a change pass. Set `TIME_CONFORMANCE_VERBOSE=1` to print
//! every failing case.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike, Duration, NaiveDate};
use crosscheck::normalize::normalize;
use crosscheck::time::{Direction, Granularity, TimeExpr, TimeGrammar};
use serde_json::Value;

/// Ratchets, in percent (see the module docs).
/// Holidays joined the scope (7 of 9: the tabular Hijri calendar puts two
/// Hijri new years a day after the sighted one); the rate was 95.7% without.
const DUCKLING_IN_SCOPE: f64 = 91.5;
/// Over every example of the corpus, out-of-scope ones counted as misses.
const DUCKLING_WHOLE: f64 = 0.875;
const DATEPARSER_IN_SCOPE: f64 = 100.0;
/// Over the 1,429 in-scope DATEs. `*_REF` values start with P, as durations
/// do, and were left out as durations until 2026-12-04 (1,306 in scope);
/// until the DCTs written with a time of day were read, 297 DATEs were
/// silently left out and the rate was 87.2%.
const TEMPEVAL_DATE_VALUE: f64 = 88.5;
/// Over every one of the 1,505 gold DATEs, out-of-scope ones counted as misses.
const TEMPEVAL_DATE_WHOLE: f64 = 0.85;

fn eval_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval")
}

fn read_jsonl(rel: &str) -> Vec<Value> {
    let path = eval_dir().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

fn verbose() -> bool {
    std::env::var_os("TIME_CONFORMANCE_VERBOSE").is_some()
}

fn find(text: &str, anchor: NaiveDate, dir: Direction) -> Vec<TimeExpr> {
    let norm = normalize(text, 0).text;
    TimeGrammar::embedded().find(&norm, Some(anchor), dir)
}

/// Every expression, times of day alone and references included.
fn find_all(text: &str, anchor: NaiveDate, dir: Direction) -> Vec<TimeExpr> {
    let norm = normalize(text, 0).text;
    TimeGrammar::embedded().find_all(&norm, Some(anchor), dir)
}

fn ymd(v: &Value) -> Option<NaiveDate> {
    let a = v.as_array()?;
    NaiveDate::from_ymd_opt(
        a.first()?.as_i64()? as i32,
        a.get(1)?.as_u64()? as u32,
        a.get(2)?.as_u64()? as u32,
    )
}

/// Pass counts per category; prints a table and returns the overall rate.
#[derive(Default)]
struct Tally {
    by_category: BTreeMap<String, (usize, usize)>,
}

impl Tally {
    fn add(&mut self, category: &str, pass: bool, what: impl FnOnce() -> String) {
        let e = self.by_category.entry(category.to_string()).or_default();
        e.1 += 1;
        if pass {
            e.0 += 1;
        } else if verbose() {
            println!("  FAIL [{category}] {}", what());
        }
    }

    fn passed(&self) -> usize {
        self.by_category.values().map(|c| c.0).sum()
    }

    fn total(&self) -> usize {
        self.by_category.values().map(|c| c.1).sum()
    }

    fn report(&self, suite: &str) -> f64 {
        let (mut p, mut n) = (0, 0);
        println!("{suite}:");
        for (cat, (cp, cn)) in &self.by_category {
            println!(
                "  {cat:<32} {cp:>4}/{cn:<4} {:>5.1}%",
                100.0 * *cp as f64 / *cn as f64
            );
            p += cp;
            n += cn;
        }
        let rate = 100.0 * p as f64 / n.max(1) as f64;
        println!("  {:<32} {p:>4}/{n:<4} {rate:>5.1}%", "all in scope");
        rate
    }
}

fn granularity_of(grain: &str) -> Option<Granularity> {
    Some(match grain {
        "Day" => Granularity::Day,
        "Week" => Granularity::Week,
        "Month" => Granularity::Month,
        "Year" => Granularity::Year,
        _ => return None,
    })
}

/// Duckling's Arabic corpus, reference time 2013-02-12T04:30 at UTC−2 (a
/// Tuesday). Duckling resolves open expressions forward, so the direction is
/// Future.
///
/// Clock times are scored on the day, the hour and (at minute grain) the
/// minutes, through `find_all`: a time of day alone is never a statement's
/// date, so `find` leaves it out. Out of scope, and counted separately: days
/// counted from a holiday ("the third Tuesday after Christmas").
#[test]
#[ignore = "reads ../shared/eval; run by .ci/run with --include-ignored"]
fn duckling_arabic_time_corpus() {
    let anchor = NaiveDate::from_ymd_opt(2013, 2, 12).unwrap();
    let mut tally = Tally::default();
    let mut out_of_scope = 0;
    for case in read_jsonl("duckling-ar-time/time_ar_corpus.jsonl") {
        let text = case["text"].as_str().unwrap_or_default();
        let kind = case["kind"].as_str().unwrap_or_default();
        let grain = case["grain"].as_str().unwrap_or_default();
        let found = find(text, anchor, Direction::Future);
        let shown = || {
            format!(
                "{text:?} → {:?}",
                found.iter().map(TimeExpr::value).collect::<Vec<_>>()
            )
        };
        // "ثالث ثلاثاء بعد كريسماس": a day counted from a holiday
        let from_holiday = kind == "datetime" && text.contains("كريسماس");
        match kind {
            "negative" => tally.add("negative", found.is_empty(), shown),
            _ if from_holiday => out_of_scope += 1,
            "datetime" if matches!(grain, "Hour" | "Minute" | "Second") => {
                // a time of day: the day, the hour and (at minute grain) the
                // minutes, on Duckling's clock (UTC−2; "GMT" is two hours on)
                let v = &case["value"];
                let (Some(day), Some(h), Some(mi)) = (
                    ymd(v),
                    v.get(3).and_then(Value::as_u64),
                    v.get(4).and_then(Value::as_u64),
                ) else {
                    continue;
                };
                let all = find_all(text, anchor, Direction::Future);
                let pass = all.iter().any(|e| {
                    e.clock.is_some_and(|c| {
                        let local =
                            (c.hour as i64 * 60 + c.minute as i64) - if c.utc { 120 } else { 0 };
                        let (dd, hm) = (local.div_euclid(24 * 60), local.rem_euclid(24 * 60));
                        e.first + Duration::days(dd) == day
                            && hm / 60 == h as i64
                            && (grain == "Hour" || hm % 60 == mi as i64)
                    })
                });
                let shown = || {
                    format!(
                        "{text:?} → {:?}",
                        all.iter()
                            .map(|e| format!("{} {:?}", e.value(), e.clock.map(|c| c.to_string())))
                            .collect::<Vec<_>>()
                    )
                };
                tally.add(&format!("clock/{grain}"), pass, shown);
            }
            "datetime" | "datetimeHoliday" => {
                let Some(g) = granularity_of(grain) else {
                    out_of_scope += 1;
                    continue;
                };
                let Some(v) = ymd(&case["value"]) else {
                    continue;
                };
                // A rough expression ("منتصف آذار") passes when its interval
                // holds Duckling's single point (the 15th).
                let pass = found.iter().any(|e| {
                    (e.granularity == g && e.first == v)
                        || (e.approximate && e.first <= v && v <= e.last)
                });
                let class = if kind == "datetimeHoliday" {
                    "holiday"
                } else {
                    "datetime"
                };
                tally.add(&format!("{class}/{grain}"), pass, shown);
            }
            "datetimeInterval" | "datetimeIntervalHoliday" => {
                if granularity_of(grain).is_none() {
                    out_of_scope += 1;
                    continue;
                }
                let (Some(s), Some(e)) = (ymd(&case["start"]), ymd(&case["end"])) else {
                    continue;
                };
                // Duckling's interval end is exclusive.
                let last = e - Duration::days(1);
                let pass = found.iter().any(|x| x.first == s && x.last == last);
                let class = if kind == "datetimeIntervalHoliday" {
                    "holiday-interval"
                } else {
                    "interval"
                };
                tally.add(&format!("{class}/{grain}"), pass, shown);
            }
            _ => out_of_scope += 1,
        }
    }
    let rate = tally.report("duckling-ar-time");
    println!("  out of scope (clock times, days counted from a holiday): {out_of_scope}");
    let (right, all) = (tally.passed(), tally.total() + out_of_scope);
    println!(
        "  over every example (out of scope counted as misses): {right}/{all} = {:.3}",
        right as f64 / all.max(1) as f64
    );
    assert!(right as f64 / all as f64 >= DUCKLING_WHOLE);
    assert!(
        rate >= DUCKLING_IN_SCOPE,
        "duckling rate {rate:.1}% fell below the ratchet {DUCKLING_IN_SCOPE}%"
    );
}

fn english_month(name: &str) -> Option<u32> {
    let months = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    months.iter().position(|m| *m == name).map(|i| i as u32 + 1)
}

/// dateparser's Arabic cases. Anchor: the case's RELATIVE_BASE if it has one,
/// else an arbitrary fixed date (relative cases are checked against it).
///
/// Out of scope: language-detection and tokenizer-split cases (no date to
/// resolve), clock-only phrases ("منذ ساعتين"), the compound duration list
/// "1 عام, 1 شهر, …", and Hijri dates written with neither "هـ" nor a Hijri
/// month name ("30-02-1433", "10-03-90"), which nothing in the text marks as
/// Hijri. Hijri dates are compared within one day: dateparser uses the Umm
/// al-Qura calendar, crosscheck the tabular one (see src/time/calendar.rs),
/// and the two differ by a day in some months; exact agreement is reported
/// too.
#[test]
#[ignore = "reads ../shared/eval; run by .ci/run with --include-ignored"]
fn dateparser_arabic_cases() {
    let fixed = NaiveDate::from_ymd_opt(2015, 3, 10).unwrap();
    let mut tally = Tally::default();
    let mut out_of_scope = 0;
    let mut hijri_exact = (0, 0);
    for case in read_jsonl("dateparser-ar/dateparser_ar_test_cases.jsonl") {
        let text = case["input"].as_str().unwrap_or_default();
        let anchor = case["settings"]["RELATIVE_BASE"]
            .as_str()
            .and_then(|s| NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok())
            .unwrap_or(fixed);
        let found = find(text, anchor, Direction::Past);
        let values: Vec<String> = found.iter().map(TimeExpr::value).collect();
        let shown = || format!("{text:?} → {values:?}");
        if let Some(spans) = case["expected_spans"].as_array() {
            let want: Vec<String> = spans
                .iter()
                .filter_map(|s| Some(s[1].as_str()?[..10].to_string()))
                .collect();
            tally.add("search (values in a sentence)", values == want, shown);
        } else if let Some(g) = case["expected_gregorian"].as_str() {
            let marked = text.contains("هـ");
            if !marked {
                out_of_scope += 1;
                continue;
            }
            let want = NaiveDate::parse_from_str(&g[..10], "%Y-%m-%d").unwrap();
            let got = found.first().map(|e| e.first);
            let near = got.is_some_and(|d| (d - want).num_days().abs() <= 1);
            hijri_exact.1 += 1;
            if got == Some(want) {
                hijri_exact.0 += 1;
            }
            tally.add("hijri → gregorian (±1 day)", near, shown);
        } else if let Some(ago) = case["expected_ago"].as_object() {
            if ago.len() != 1 || !ago.contains_key("days") {
                out_of_scope += 1;
                continue;
            }
            let want = anchor - Duration::days(ago["days"].as_i64().unwrap_or(0));
            let pass = found.len() == 1 && found[0].first == want && found[0].last == want;
            tally.add("relative (ago)", pass, shown);
        } else if let Some(tr) = case["expected_translation"].as_str() {
            let words: Vec<&str> = tr.split_whitespace().collect();
            if words
                .iter()
                .any(|w| w.starts_with("hour") || w.starts_with("minute"))
            {
                out_of_scope += 1;
            } else if let [d, m, y, ..] = words[..] {
                if let (Ok(d), Some(m), Ok(y)) = (d.parse(), english_month(m), y.parse()) {
                    let want = NaiveDate::from_ymd_opt(y, m, d).unwrap();
                    let pass = found.len() == 1 && found[0].first == want && found[0].last == want;
                    tally.add("absolute date with clock time", pass, shown);
                } else if words.last() == Some(&"ago") {
                    let n: i64 = d.parse().unwrap_or(0);
                    let want = anchor - Duration::days(n);
                    tally.add(
                        "relative (ago)",
                        found.len() == 1 && found[0].first == want,
                        shown,
                    );
                } else {
                    out_of_scope += 1;
                }
            } else if words.last() == Some(&"ago") {
                let n: i64 = words[0].parse().unwrap_or(0);
                let want = anchor - Duration::days(n);
                tally.add(
                    "relative (ago)",
                    found.len() == 1 && found[0].first == want,
                    shown,
                );
            } else {
                // "2 day", "4 year": durations, which are not times.
                tally.add("duration (must not resolve)", found.is_empty(), shown);
            }
        } else {
            out_of_scope += 1;
        }
    }
    let rate = tally.report("dateparser-ar");
    println!(
        "  hijri exact (tabular vs Umm al-Qura): {}/{}",
        hijri_exact.0, hijri_exact.1
    );
    println!(
        "  out of scope (detection/split, clock-only, compound, unmarked Hijri): {out_of_scope}"
    );
    assert!(
        rate >= DATEPARSER_IN_SCOPE,
        "dateparser rate {rate:.1}% fell below the ratchet {DATEPARSER_IN_SCOPE}%"
    );
}

/// The interval a TIMEX3 value names, for values written other than the way
/// [`TimeExpr::value`] writes them: quarters ("1998-Q3"), halves ("1998-H1"),
/// seasons ("1998-SU") and weekends ("1998-W32-WE").
fn timeml_interval(v: &str) -> Option<(NaiveDate, NaiveDate)> {
    // A weekend: "1990-W32-WE", Saturday and Sunday of that ISO week.
    if let Some(week) = v.strip_suffix("-WE") {
        let (y, w) = week.split_once("-W")?;
        let sat =
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, chrono::Weekday::Sat)?;
        return Some((sat, sat + Duration::days(1)));
    }
    // ISO 8601's reduced precision, as TimeBank writes decades and
    // centuries: "197" is 1970-1979, "19" is 1900-1999.
    if (2..=3).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) {
        let size = 10i32.pow(4 - v.len() as u32);
        let first: i32 = v.parse::<i32>().ok()? * size;
        return Some((
            NaiveDate::from_ymd_opt(first, 1, 1)?,
            NaiveDate::from_ymd_opt(first + size - 1, 12, 31)?,
        ));
    }
    let (y, rest) = v.split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let months = |first: u32, n: u32| {
        let f = NaiveDate::from_ymd_opt(y, first, 1)?;
        let (ly, lm) = if first + n > 12 {
            (y + 1, first + n - 12)
        } else {
            (y, first + n)
        };
        Some((f, NaiveDate::from_ymd_opt(ly, lm, 1)? - Duration::days(1)))
    };
    match rest {
        "Q1" => months(1, 3),
        "Q2" => months(4, 3),
        "Q3" => months(7, 3),
        "Q4" => months(10, 3),
        "H1" => months(1, 6),
        "H2" => months(7, 6),
        "SP" => months(3, 3),
        "SU" => months(6, 3),
        "FA" => months(9, 3),
        "WI" => {
            let f = NaiveDate::from_ymd_opt(y - 1, 12, 1)?;
            Some((f, NaiveDate::from_ymd_opt(y, 3, 1)? - Duration::days(1)))
        }
        _ => None,
    }
}

/// Category of a TIMEX3 value, for the per-type table.
fn timeml_category(v: &str) -> &'static str {
    let shape: String = v
        .chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { c })
        .collect();
    match shape.as_str() {
        "9999-99-99" => "day",
        "9999-99" => "month",
        "9999" => "year",
        "PRESENT_REF" | "PAST_REF" | "FUTURE_REF" => "reference",
        s if s.starts_with("9999-W") => "week",
        s if s.contains("-Q") || s.contains("-H") => "quarter/half",
        s if s.ends_with("-SU")
            || s.ends_with("-SP")
            || s.ends_with("-FA")
            || s.ends_with("-WI") =>
        {
            "season"
        }
        _ => "other",
    }
}

/// The TimeML documents, unpacked once into Cargo's per-target scratch folder
/// with the system `tar` (the crate has no gzip dependency, and the archive is
/// read in place, never copied into the repository).
fn tbaq_documents() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tbaq");
    let root = dir.join("TBAQ-cleaned");
    if !root.join("TimeBank").is_dir() {
        std::fs::create_dir_all(&dir).unwrap();
        let archive = eval_dir().join("tempeval3-tbaq/TBAQ-cleaned.tar.gz");
        let status = std::process::Command::new("tar")
            .arg("xzf")
            .arg(&archive)
            .arg("-C")
            .arg(&dir)
            .status()
            .unwrap_or_else(|e| panic!("tar xzf {}: {e}", archive.display()));
        assert!(status.success(), "tar xzf {}: {status}", archive.display());
    }
    root
}

/// A TimeML document's `<TEXT>` as plain text (tags dropped, entities
/// decoded), with the byte span of each TIMEX3 in it by tid.
struct TimeMlText {
    text: String,
    timex: BTreeMap<String, (usize, usize)>,
}

fn timeml_text(xml: &str) -> TimeMlText {
    let body = xml
        .split_once("<TEXT>")
        .and_then(|(_, b)| b.split_once("</TEXT>"))
        .map_or("", |(b, _)| b);
    let mut text = String::with_capacity(body.len());
    let mut timex = BTreeMap::new();
    let mut open: Option<(String, usize)> = None;
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let Some(close) = rest.find('>') else { break };
            let tag = &rest[1..close];
            if let Some(attrs) = tag.strip_prefix("TIMEX3 ") {
                let tid = attrs
                    .split_once("tid=\"")
                    .and_then(|(_, r)| r.split_once('"'))
                    .map(|(t, _)| t.to_string());
                open = tid.map(|t| (t, text.len()));
            } else if tag == "/TIMEX3" {
                if let Some((tid, s)) = open.take() {
                    timex.insert(tid, (s, text.len()));
                }
            }
            rest = &rest[close + 1..];
            continue;
        }
        if c == '&' {
            let entity = [
                ("&amp;", '&'),
                ("&lt;", '<'),
                ("&gt;", '>'),
                ("&quot;", '"'),
                ("&apos;", '\''),
            ]
            .into_iter()
            .find(|(e, _)| rest.starts_with(e));
            if let Some((e, ch)) = entity {
                text.push(ch);
                rest = &rest[e.len()..];
                continue;
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    TimeMlText { text, timex }
}

/// The sentence around `[s, e)`: from the last sentence end before it to the
/// first after it. A sentence ends at a blank line, or at ". ", "! ", "? "
/// before a capital or a quote, unless the period closes an abbreviation
/// ("Nov. 16", "Mr. Lee", "U.S. officials": a short capitalized word).
fn sentence_around(text: &str, s: usize, e: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let is_end = |i: usize| -> bool {
        // `i` is the byte just after a candidate end.
        if text[i..].starts_with("\n\n") {
            return true;
        }
        let Some(&p) = b.get(i.wrapping_sub(1)) else {
            return false;
        };
        if !matches!(p, b'.' | b'!' | b'?') {
            return false;
        }
        let next = text[i..].trim_start();
        if next.len() == text.len() - i
            || !next.starts_with(|c: char| c.is_uppercase() || "`'\"".contains(c))
        {
            return false;
        }
        let word: &str = text[..i - 1]
            .rsplit(|c: char| !c.is_alphabetic() && c != '.')
            .next()
            .unwrap_or("");
        let abbreviation = p == b'.'
            && word.starts_with(|c: char| c.is_uppercase())
            && (word.len() <= 3 || word.contains('.'));
        !abbreviation
    };
    let start = (0..s)
        .rev()
        .find(|&i| text.is_char_boundary(i) && i > 0 && is_end(i))
        .unwrap_or(0);
    let end = (e..text.len())
        .find(|&i| text.is_char_boundary(i) && is_end(i))
        .unwrap_or(text.len());
    (start, end)
}

/// TempEval-3 TIMEX3 gold (TimeBank + AQUAINT), DATE type only. Each timex
/// is resolved the way the pipeline resolves it: the grammar runs over its
/// whole sentence anchored on the document's creation time (DCT), the
/// expression found over the timex is taken (the one overlapping it most),
/// and the direction comes from the sentence, by
/// [`TimeGrammar::direction_hint`] on that expression's span. Its value must
/// be the gold value.
///
/// Out of scope: deictic references that are not intervals (PRESENT_REF,
/// PAST_REF, FUTURE_REF: "now", "recently", "the future"), values left
/// underspecified by the annotators (containing X, e.g. decades "199X"),
/// values with a time of day ("1998-08-05TNI", "…T14:00"; crosscheck stops at
/// days), and durations mistyped as DATE ("P3D").
#[test]
#[ignore = "reads ../shared/eval; run by .ci/run with --include-ignored"]
fn tempeval3_date_values() {
    let grammar = TimeGrammar::embedded();
    let docs_root = tbaq_documents();
    let mut docs: BTreeMap<String, TimeMlText> = BTreeMap::new();
    let mut tally = Tally::default();
    let mut out_of_scope = 0;
    let mut either = (0, 0);
    let mut ahead = (0, 0);
    // over every gold DATE, those out of scope counted as misses
    let mut whole = (0, 0);
    for t in read_jsonl("tempeval3-tbaq/timex3_gold.jsonl") {
        if t["type"].as_str() != Some("DATE") {
            continue;
        }
        whole.1 += 1;
        let value = t["value"].as_str().unwrap_or_default();
        // vague values (X), times of day and durations are scored over the
        // whole set, not in the per-category figures
        let in_scope = !(value.contains('X')
            || (value.contains('T') && !value.ends_with("_REF"))
            || (value.starts_with('P') && !value.ends_with("_REF")));
        if !in_scope {
            out_of_scope += 1;
        }
        let text = t["text"].as_str().unwrap_or_default();
        // a DCT may carry a time of day ("1998-12-05T09:42"): its date anchors
        let dct_text = t["dct"].as_str().unwrap_or_default();
        let Ok(dct) = NaiveDate::parse_from_str(dct_text.get(..10).unwrap_or(dct_text), "%Y-%m-%d")
        else {
            panic!("unreadable DCT {dct_text:?} for {}", t["doc"]);
        };
        let doc_name = t["doc"].as_str().unwrap_or_default();
        let doc = docs.entry(doc_name.to_string()).or_insert_with(|| {
            let path = docs_root.join(doc_name);
            let xml = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            timeml_text(&xml)
        });
        // The sentence, and the timex inside it; a timex outside <TEXT> (in
        // a headline) stands alone.
        let (sentence, (ts, te)) = match doc.timex.get(t["tid"].as_str().unwrap_or_default()) {
            Some(&(s, e)) => {
                let (a, b) = sentence_around(&doc.text, s, e);
                (&doc.text[a..b], (s - a, e - a))
            }
            None => (text, (0, text.len())),
        };
        let norm = normalize(sentence, 0).text;
        let at = |i: usize| normalize(&sentence[..i], 0).text.len();
        let (ns, ne) = (at(ts), at(te));
        // The expression over the timex, as the pipeline would find it.
        let over = |dir: Direction| -> Option<TimeExpr> {
            grammar
                .find_all(&norm, Some(dct), dir)
                .into_iter()
                .filter(|x| x.start < ne && ns < x.end)
                .max_by_key(|x| (x.end.min(ne) - x.start.max(ns), x.end - x.start))
        };
        let past = over(Direction::Past);
        let direction = past.as_ref().map_or(Direction::Past, |x| {
            grammar.direction_hint(&norm, x.start, x.end)
        });
        let best = match direction {
            Direction::Past => past.clone(),
            Direction::Future => over(Direction::Future),
        };
        // TimeBank writes some weeks unpadded ("2000-W7" for ISO "2000-W07").
        let value = match value.split_once("-W") {
            Some((y, w)) if w.len() == 1 => format!("{y}-W0{w}"),
            _ => value.to_string(),
        };
        let value = value.as_str();
        let matches = |e: &Option<TimeExpr>| {
            e.as_ref().is_some_and(|e| {
                e.value() == value
                    || e.timex().as_deref() == Some(value)
                    || timeml_interval(value).is_some_and(|(f, l)| (e.first, e.last) == (f, l))
            })
        };
        let pass = matches(&best);
        whole.0 += pass as usize;
        if !in_scope {
            continue;
        }
        let shown = || {
            format!(
                "{text:?} dct {dct} ({}) gold {value} {direction:?} → {:?} in {:?}",
                dct.weekday(),
                best.as_ref().map(TimeExpr::value),
                sentence.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        };
        tally.add(timeml_category(value), pass, shown);
        // How much is still lost to the direction: the right one per timex
        // (an oracle, reported, not asserted).
        let other = match direction {
            Direction::Past => over(Direction::Future),
            Direction::Future => past,
        };
        either.1 += 1;
        if pass || matches(&other) {
            either.0 += 1;
        }
        if direction == Direction::Future {
            ahead.1 += 1;
            if pass {
                ahead.0 += 1;
            }
        }
    }
    let rate = tally.report("tempeval3 DATE value");
    println!(
        "  read as future by the sentence: {} ({} right)",
        ahead.1, ahead.0
    );
    println!(
        "  with the right direction per timex (oracle, not asserted): {}/{} {:.1}%",
        either.0,
        either.1,
        100.0 * either.0 as f64 / either.1.max(1) as f64
    );
    println!("  out of scope (X, times of day, durations): {out_of_scope}");
    println!(
        "  over every gold DATE (out of scope counted as misses): {}/{} = {:.3}",
        whole.0,
        whole.1,
        whole.0 as f64 / whole.1.max(1) as f64
    );
    assert_eq!(whole.1, 1505, "every gold DATE of the set");
    assert!(whole.0 as f64 / whole.1 as f64 >= TEMPEVAL_DATE_WHOLE);
    assert!(
        rate >= TEMPEVAL_DATE_VALUE,
        "tempeval rate {rate:.1}% fell below the ratchet {TEMPEVAL_DATE_VALUE}%"
    );
}

/// The floor for relaxed span F1 over every gold TIMEX3 of TBAQ (DATE, TIME,
/// DURATION, SET); measured 2026-12-04.
const TEMPEVAL_SPAN_F1: f64 = 0.93;

/// TempEval-3's relaxed span measure, the standard way: every expression
/// `crosscheck time` finds in each whole document (anchored on its DCT)
/// against every gold TIMEX3 of the document, a match being any overlap.
/// Gold timexes outside `<TEXT>` (in a headline) count as misses.
#[test]
#[ignore = "reads ../shared/eval; run by .ci/run with --include-ignored"]
fn tempeval3_relaxed_spans() {
    let grammar = TimeGrammar::embedded();
    let docs_root = tbaq_documents();
    let mut gold_by_doc: BTreeMap<String, (NaiveDate, Vec<String>)> = BTreeMap::new();
    for t in read_jsonl("tempeval3-tbaq/timex3_gold.jsonl") {
        let dct_text = t["dct"].as_str().unwrap_or_default();
        let dct = NaiveDate::parse_from_str(dct_text.get(..10).unwrap_or(dct_text), "%Y-%m-%d")
            .unwrap_or_else(|_| panic!("unreadable DCT {dct_text:?}"));
        gold_by_doc
            .entry(t["doc"].as_str().unwrap_or_default().to_string())
            .or_insert_with(|| (dct, Vec::new()))
            .1
            .push(t["tid"].as_str().unwrap_or_default().to_string());
    }
    let (mut gold, mut gold_hit, mut found, mut found_hit) = (0usize, 0usize, 0usize, 0usize);
    let mut by_type: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let types: BTreeMap<(String, String), String> = read_jsonl("tempeval3-tbaq/timex3_gold.jsonl")
        .into_iter()
        .map(|t| {
            (
                (
                    t["doc"].as_str().unwrap_or_default().to_string(),
                    t["tid"].as_str().unwrap_or_default().to_string(),
                ),
                t["type"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for (name, (dct, tids)) in &gold_by_doc {
        let xml = std::fs::read_to_string(docs_root.join(name)).unwrap();
        let doc = timeml_text(&xml);
        let spans: Vec<(usize, usize)> = grammar
            .find_in_text(&doc.text, Some(*dct), Direction::Past)
            .into_iter()
            .map(|m| (m.span.start, m.span.end))
            .collect();
        let gold_spans: Vec<(usize, usize)> = tids
            .iter()
            .filter_map(|t| doc.timex.get(t).copied())
            .collect();
        found += spans.len();
        for &(s, e) in &spans {
            if gold_spans.iter().any(|&(gs, ge)| s < ge && gs < e) {
                found_hit += 1;
            } else if verbose() {
                let (a, b) = (
                    doc.text.floor_char_boundary(s.saturating_sub(40)),
                    doc.text.ceil_char_boundary(e + 40),
                );
                println!(
                    "SPURIOUS {name}\t{:?}\t{:?}",
                    &doc.text[s..e],
                    &doc.text[a..b]
                );
            }
        }
        for tid in tids {
            gold += 1;
            let hit = doc
                .timex
                .get(tid)
                .is_some_and(|&(gs, ge)| spans.iter().any(|&(s, e)| s < ge && gs < e));
            gold_hit += hit as usize;
            if !hit && verbose() {
                if let Some(&(gs, ge)) = doc.timex.get(tid) {
                    println!("UNFOUND {name}\t{:?}", &doc.text[gs..ge]);
                }
            }
            let ty = types
                .get(&(name.clone(), tid.clone()))
                .cloned()
                .unwrap_or_default();
            let row = by_type.entry(ty).or_default();
            row.0 += hit as usize;
            row.1 += 1;
        }
    }
    let p = found_hit as f64 / found.max(1) as f64;
    let r = gold_hit as f64 / gold.max(1) as f64;
    let f1 = 2.0 * p * r / (p + r).max(f64::MIN_POSITIVE);
    println!("tempeval3 relaxed spans over every gold TIMEX3 ({gold}): F1 {f1:.3}, precision {p:.3} ({found_hit}/{found}), recall {r:.3} ({gold_hit}/{gold})");
    for (ty, (h, n)) in &by_type {
        println!(
            "  {ty:<10} {h:>5}/{n:<5} {:.3}",
            *h as f64 / (*n).max(1) as f64
        );
    }
    assert!(
        f1 >= TEMPEVAL_SPAN_F1,
        "relaxed span F1 {f1:.3} fell below {TEMPEVAL_SPAN_F1}"
    );
}
