//! The rule file's own examples, and the real-page cases the pipeline relies on.

use super::*;
use crate::normalize::normalize;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn find(text: &str, anchor: Option<&str>, dir: Direction) -> (String, Vec<TimeExpr>) {
    let norm = normalize(text, 0).text;
    let found = TimeGrammar::embedded().find_all(&norm, anchor.map(d), dir);
    (norm, found)
}

fn values(text: &str, anchor: &str) -> Vec<String> {
    find(text, Some(anchor), Direction::Past)
        .1
        .iter()
        .map(TimeExpr::value)
        .collect()
}

#[test]
fn rule_file_examples() {
    let g = TimeGrammar::embedded();
    let mut failures = Vec::new();
    for (i, ex) in g.examples().iter().enumerate() {
        let dir = match ex.direction.as_deref() {
            Some("future") => Direction::Future,
            _ => Direction::Past,
        };
        let (norm, found) = find(&ex.text, ex.anchor.as_deref(), dir);
        let got: Vec<String> = found.iter().map(TimeExpr::value).collect();
        if got != ex.values {
            failures.push(format!(
                "[[test]] #{} {:?}: expected {:?}, got {:?}",
                i + 1,
                ex.text,
                ex.values,
                got
            ));
            continue;
        }
        if let Some(clocks) = &ex.clocks {
            let got: Vec<String> = found
                .iter()
                .map(|e| e.clock.map(|c| c.to_string()).unwrap_or_default())
                .collect();
            if got != *clocks {
                failures.push(format!(
                    "[[test]] #{} {:?}: expected clocks {:?}, got {:?}",
                    i + 1,
                    ex.text,
                    clocks,
                    got
                ));
            }
        }
        if let Some(spans) = &ex.spans {
            let got: Vec<&str> = found.iter().map(|e| &norm[e.start..e.end]).collect();
            if got != *spans {
                failures.push(format!(
                    "[[test]] #{} {:?}: expected spans {:?}, got {:?}",
                    i + 1,
                    ex.text,
                    spans,
                    got
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "rules/time.toml examples failed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn real_page_cases() {
    assert_eq!(values("السبت", "2022-11-13"), ["2022-11-12"]);
    assert_eq!(values("في 24 شباط/فبراير", "2022-11-13"), ["2022-02-24"]);
    let (_, week) = find("الأسبوع المقبل", Some("2022-11-13"), Direction::Past);
    assert_eq!(week[0].granularity, Granularity::Week);
    assert_eq!(week[0].value(), "2022-W46");
    assert_eq!(
        (week[0].first, week[0].last),
        (d("2022-11-14"), d("2022-11-20"))
    );
    let (_, early) = find(
        "مطلع تشرين الثاني/نوفمبر",
        Some("2022-11-13"),
        Direction::Past,
    );
    assert_eq!(early[0].value(), "2022-11");
    assert!(early[0].approximate);
    assert_eq!(values("يوليو/تموز الماضي", "2025-01-17"), ["2024-07"]);
    assert_eq!(values("في سبتمبر/أيلول", "2025-01-17"), ["2024-09"]);
    assert_eq!(values("في يناير الماضي", "2025-05-14"), ["2025-01"]);
    assert_eq!(
        values("اليوم الأربعاء 14 مايو 2025 07:20 مساءً", "2025-05-14"),
        ["2025-05-14"]
    );
    assert_eq!(
        values("تاريخ النشر: 6th, June 2025 GMT", "2025-05-14"),
        ["2025-06-06"]
    );
    assert_eq!(
        values("قمة مجموعة العشرين الأسبوع المقبل", "2022-11-13"),
        ["2022-W46"]
    );
    assert_eq!(
        values("17 يناير/كانو الثاني 2025", "2025-05-14"),
        ["2025-01-17"]
    );
}

#[test]
fn absolute_dates_need_no_anchor_and_relative_ones_do() {
    let (_, found) = find(
        "وقع يوم الجمعة 17 يناير 2025، وزاره أمس",
        None,
        Direction::Past,
    );
    assert_eq!(found.len(), 1);
    assert!(!found[0].anchored);
    let (_, found) = find("أمس", Some("2025-01-18"), Direction::Past);
    assert!(found[0].anchored);
}

#[test]
fn spans_respect_word_boundaries_and_clitics() {
    let (norm, found) = find(
        "وصل بيناير 2025 والجمعة",
        Some("2025-05-14"),
        Direction::Past,
    );
    let spans: Vec<&str> = found.iter().map(|e| &norm[e.start..e.end]).collect();
    assert_eq!(spans, ["يناير 2025", "الجمعه"]);
    // "السبتمبرية" is not September; "mayor" is not May.
    let (_, found) = find(
        "the mayor 2025 السبتية",
        Some("2025-05-14"),
        Direction::Past,
    );
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn weekday_mismatch_is_reported() {
    let norm = normalize("الجمعة 18 يناير 2025 والسبت 18 يناير 2025", 0).text;
    let m = TimeGrammar::embedded().weekday_mismatches(&norm, None);
    assert_eq!(m.len(), 1);
    assert_eq!(&norm[m[0].0..m[0].1], "الجمعه");
    assert_eq!(m[0].2, d("2025-01-18"));
}

#[test]
fn malformed_rule_file_names_the_line() {
    let src =
        include_str!("../../rules/time.toml").replacen("fuzzy_min_letters", "fuzzy_min_leters", 1);
    let err = TimeGrammar::from_toml(&src).unwrap_err();
    assert!(err.contains("line"), "{err}");
    let src = include_str!("../../rules/time.toml").replacen(
        "match = \"reld\"",
        "match = \"reld bogus\"",
        1,
    );
    let err = TimeGrammar::from_toml(&src).unwrap_err();
    assert!(err.contains("line") && err.contains("bogus"), "{err}");
}

#[test]
fn lexicon_tables_are_canonical() {
    // Every lexicon word folds to a non-empty key (a typo like a stray
    // diacritic-only entry would otherwise be silently dropped).
    let g = TimeGrammar::embedded();
    assert!(g.lexicon.keys().all(|k| !k.is_empty()));
}

#[test]
fn weekday_mismatch_in_english_and_arabic() {
    let g = TimeGrammar::embedded();
    // (text, written weekday as normalized, date) for each mismatch expected.
    let cases: [(&str, &[(&str, &str)]); 8] = [
        ("Tuesday 8 July 2024", &[("tuesday", "2024-07-08")]),
        (
            "on Tuesday, July 8, 2024, officials said",
            &[("tuesday", "2024-07-08")],
        ),
        ("Monday 8 July 2024", &[]),
        ("الاثنين 17 يناير 2025", &[("الاثنين", "2025-01-17")]),
        (
            "يوم الاثنين الموافق 17 يناير 2025",
            &[("الاثنين", "2025-01-17")],
        ),
        ("وقع الهجوم يوم الجمعة 17 يناير 2025", &[]),
        // A weekday with a yearless date, or far from the date, is no claim
        // about that date.
        ("الاثنين 17 يناير، ثم الجمعة", &[]),
        (
            "Tuesday 8 July 2024 and Friday 12 July 2024",
            &[("tuesday", "2024-07-08")],
        ),
    ];
    for (text, want) in cases {
        let norm = normalize(text, 0).text;
        let got: Vec<(&str, String)> = g
            .weekday_mismatches(&norm, None)
            .into_iter()
            .map(|(s, e, date)| (&norm[s..e], date.to_string()))
            .collect();
        let want: Vec<(&str, String)> = want.iter().map(|(w, d)| (*w, d.to_string())).collect();
        assert_eq!(got, want, "{text:?}");
    }
}

#[test]
fn direction_hint_reads_the_nearest_cue() {
    let g = TimeGrammar::embedded();
    let hint = |text: &str, expr: &str| {
        let norm = normalize(text, 0).text;
        let at = norm.find(&normalize(expr, 0).text).unwrap();
        g.direction_hint(&norm, at, at + normalize(expr, 0).text.len())
    };
    assert_eq!(
        hint("The vote will be held on Nov. 16.", "Nov. 16"),
        Direction::Future
    );
    assert_eq!(
        hint("He said Tuesday it would resign.", "Tuesday"),
        Direction::Past
    );
    assert_eq!(
        hint("The plant closed on Nov. 16.", "Nov. 16"),
        Direction::Past
    );
    assert_eq!(
        hint("من المقرر أن تعقد القمة في مارس", "مارس"),
        Direction::Future
    );
    assert_eq!(
        hint("وقال الوزير إن القمة عقدت في مارس", "مارس"),
        Direction::Past
    );
    assert_eq!(
        hint("وسوف يزور الوفد العاصمة يوم الثلاثاء", "يوم الثلاثاء"),
        Direction::Future
    );
    // "by" right before a date points ahead, unless another cue decides.
    assert_eq!(
        hint("The bank must repay the loan by February.", "February"),
        Direction::Future
    );
    assert_eq!(
        hint("The work was finished by March.", "March"),
        Direction::Past
    );
    // A cue in the next sentence does not count.
    assert_eq!(
        hint("It closed Tuesday. It will reopen.", "Tuesday"),
        Direction::Past
    );
}

#[test]
fn anchors_parse_as_dates_or_rfc3339() {
    assert_eq!(parse_anchor("2025-01-17"), Ok(d("2025-01-17")));
    assert_eq!(
        parse_anchor("2013-02-12T04:30:00-02:00"),
        Ok(d("2013-02-12"))
    );
    let err = parse_anchor("17/01/2025").unwrap_err();
    assert!(err.contains("17/01/2025"), "{err}");
}

#[test]
fn new_phrasings_resolve() {
    let v = |text: &str, anchor: &str, dir: Direction| -> Vec<String> {
        find(text, Some(anchor), dir)
            .1
            .iter()
            .map(TimeExpr::value)
            .collect()
    };
    // Weekends: the last one begun looking back, this week's looking ahead.
    assert_eq!(
        v("over the weekend", "1990-08-13", Direction::Past),
        ["1990-08-11/1990-08-12"]
    );
    assert_eq!(
        v("عطلة نهاية الأسبوع المقبل", "2025-01-15", Direction::Past),
        ["2025-01-25/2025-01-26"]
    );
    // "the quarter" in a report is the last complete one; "year-ago" moves it back.
    assert_eq!(
        v("in the quarter", "1989-10-30", Direction::Past),
        ["1989-07-01/1989-09-30"]
    );
    assert_eq!(
        v("the year-ago quarter", "1989-10-30", Direction::Past),
        ["1988-07-01/1988-09-30"]
    );
    assert_eq!(
        v("the latest quarter", "1989-10-30", Direction::Past),
        ["1989-07-01/1989-09-30"]
    );
    assert_eq!(
        v("the current fiscal year", "1989-10-30", Direction::Past),
        ["1989"]
    );
    // Years in running text and years said in words.
    assert_eq!(
        v(
            "the 1987 crash, between 1985 and 1987",
            "1989-10-30",
            Direction::Past
        ),
        ["1987", "1985", "1987"]
    );
    assert_eq!(
        v(
            "in nineteen ninety-six, by the year two thousand",
            "1998-01-15",
            Direction::Past
        ),
        ["1996", "2000"]
    );
    // A date followed by "to" is still a date.
    assert_eq!(
        v(
            "payable Dec. 7 to holders of record",
            "1989-10-27",
            Direction::Future
        ),
        ["1989-12-07"]
    );
}

#[test]
fn a_range_gives_its_year_to_a_yearless_start() {
    let g = TimeGrammar::embedded();
    for anchor in [None, Some(d("2025-06-01"))] {
        let norm = normalize(
            "من السبت 21 ديسمبر/كانون الأول لغاية الأحد 18 يناير/كانون الثاني 2026",
            0,
        )
        .text;
        let found = g.find(&norm, anchor, Direction::Past);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].first, d("2025-12-21"));
        assert!(!found[0].anchored);
        // the Saturday is written beside a Sunday
        let m = g.weekday_mismatches(&norm, anchor);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].2, d("2025-12-21"));
    }
    let norm = normalize("from 3 March to 5 April 2025", 0).text;
    let found = g.find(&norm, None, Direction::Past);
    assert_eq!(found[0].first, d("2025-03-03"));
}

#[test]
fn a_weekday_set_beside_a_date_must_name_its_day() {
    let g = TimeGrammar::embedded();
    let anchor = Some(d("2023-09-17"));
    let mism = |t: &str, a| {
        let norm = normalize(t, 0).text;
        g.weekday_mismatches(&norm, a)
            .into_iter()
            .map(|(s, e, date)| (norm[s..e].to_string(), date.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        mism("ضرب الإعصار المدينة يوم الإثنين الماضي، 12 سبتمبر", anchor),
        [("الاثنين".to_string(), "2023-09-12".to_string())]
    );
    assert!(mism("the storm hit on Monday, September 11", anchor).is_empty());
    // a list of days is no apposition
    assert!(mism("rain fell on Sunday, Monday and Tuesday", anchor).is_empty());
    // without a publication date the year of "12 September" is unknown
    assert!(mism("يوم الإثنين الماضي، 12 سبتمبر", None).is_empty());
    // far from the publication date the year is a guess
    assert!(mism("on Monday, March 12", anchor).is_empty());
}

#[test]
fn timex_notation_for_periods() {
    let g = TimeGrammar::embedded();
    let anchor = Some(d("2000-02-15"));
    let cases = [
        ("in the third quarter of 1989", Some("1989-Q3")),
        ("last summer", Some("1999-SU")),
        ("the weekend", Some("2000-W06-WE")),
        ("March 1999", Some("1999-03")),
        ("in the first half of 1998", Some("1998-H1")),
        ("on 17 January 2025", Some("2025-01-17")),
        ("from 3 March to 5 April 2025", None),
    ];
    for (text, want) in cases {
        let norm = normalize(text, 0).text;
        let found = g.find(&norm, anchor, Direction::Past);
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        assert_eq!(found[0].timex().as_deref(), want, "{text:?}");
    }
}

#[test]
fn references_are_shown_never_compared() {
    let g = TimeGrammar::embedded();
    let norm = normalize("Prices are now higher than they were recently.", 0).text;
    let anchor = Some(d("2000-02-15"));
    assert_eq!(g.find_all(&norm, anchor, Direction::Past).len(), 2);
    // the pipeline's find never hands a reference to extraction
    assert!(g.find(&norm, anchor, Direction::Past).is_empty());
}

#[test]
fn a_time_of_day_alone_never_dates_a_statement() {
    let g = TimeGrammar::embedded();
    let anchor = chrono::NaiveDate::from_ymd_opt(2025, 1, 19);
    for text in ["الساعة الثالثة وربع بعد الظهر", "at 8:30 p.m.", "15:15"]
    {
        let norm = crate::normalize::normalize(text, 0).text;
        assert!(g.find(&norm, anchor, Direction::Past).is_empty(), "{text}");
        assert_eq!(
            g.find_all(&norm, anchor, Direction::Past).len(),
            1,
            "{text}"
        );
    }
}

#[test]
fn a_long_text_read_in_pieces_gives_what_one_pass_gives() {
    // paragraphs in both languages, with expressions at their edges, and
    // blank lines of every kind between them; well over one piece long
    let paras = [
        "On Monday, 17 January 2025, the two presidents met in Moscow.\nThey will meet again next month.",
        "وقّع الرئيسان الاتفاقية يوم الجمعة 17 يناير 2025 في الكرملين، على أن تدخل حيز التنفيذ بعد ثلاثة أشهر.",
        "From 21 December to 18 January 2026 the talks went on; by 8:30 a.m. GMT nothing was left.",
        "\u{64e}مطلع تشرين الثاني الماضي، وقبل أسبوعين من القمة.",
    ];
    let seps = ["\n\n", "\n \n", "\r\n\r\n", "\n\t\n\n"];
    let mut text = String::new();
    let mut k = 0;
    while text.len() < 3 * PIECE_BYTES {
        text.push_str(paras[k % paras.len()]);
        text.push_str(seps[k % seps.len()]);
        k += 1;
    }
    let g = TimeGrammar::embedded();
    let anchor = Some(d("2025-01-20"));
    let pieces = pieces_at_blank_lines(&text, PIECE_BYTES);
    assert!(pieces.len() >= 3, "{} pieces", pieces.len());
    assert_eq!(pieces[0].0, 0);
    assert_eq!(pieces.last().unwrap().1, text.len());
    assert!(pieces.windows(2).all(|w| w[0].1 == w[1].0));
    let norm = normalize(&text, 0);
    let whole: Vec<TimeMention> = g
        .find_all(&norm.text, anchor, Direction::Past)
        .into_iter()
        .map(|expr| TimeMention {
            span: norm.original(expr.start, expr.end),
            expr,
        })
        .collect();
    assert!(whole.len() > 1000);
    assert_eq!(g.find_in_text(&text, anchor, Direction::Past), whole);
    // no blank line: one piece
    assert_eq!(pieces_at_blank_lines("a\nb", 1), vec![(0, 3)]);
    assert_eq!(pieces_at_blank_lines("", 1), vec![(0, 0)]);
}

#[test]
fn skipping_starts_whose_required_elements_are_out_of_reach_changes_nothing() {
    let g = TimeGrammar::embedded();
    let mut texts: Vec<String> = g.examples().iter().map(|ex| ex.text.clone()).collect();
    texts.push(
        "On Monday, 17 January 2025, the two presidents met in Moscow; they will meet again \
         next month, from 21 December to 18 January 2026, by 8:30 a.m. GMT, three days ago, \
         the second Tuesday of March, in the summer of 1998, نهاية كانون الثاني/يناير 2025، \
         الساعة الثالثة وربع بعد الظهر، منتصف الشهر المقبل، قبل عشرين عاما"
            .to_string(),
    );
    let mut checked = 0;
    for text in &texts {
        let norm = normalize(text, 0).text;
        for (anchor, dir) in [
            (Some(d("2025-01-20")), Direction::Past),
            (Some(d("2025-01-20")), Direction::Future),
            (None, Direction::Past),
        ] {
            let pruned = g.found_pruned(&norm, anchor, dir, true);
            checked += pruned.len();
            assert_eq!(pruned, g.found_pruned(&norm, anchor, dir, false), "{text}");
        }
    }
    assert!(checked > 100, "{checked}");
}

/// A lexicon entry of three or four words is read whole, word after word,
/// while its first words begin a longer entry ("in the" → "in the near"
/// → "in the near future"), beside words that begin other entries only
/// ("the", "in") and stop there.
#[test]
fn long_entries_read_whole_beside_words_that_begin_others() {
    for (text, expected) in [
        (
            "Officials said that in the past few months prices rose, and that in the near \
             future and in recent weeks the talks in the coming months would go on.",
            vec![
                "the past few months",
                "in the near future",
                "in recent weeks",
                "the coming months",
            ],
        ),
        (
            "قال المسؤولون إن الأسعار ارتفعت في الآونة الأخيرة وستنخفض في المستقبل القريب.",
            vec!["في الآونة الأخيرة", "في المستقبل القريب"],
        ),
    ] {
        let (norm, found) = find(text, Some("2025-01-17"), Direction::Past);
        let read: Vec<&str> = found.iter().map(|e| &norm[e.start..e.end]).collect();
        let expected: Vec<String> = expected.iter().map(|e| normalize(e, 0).text).collect();
        assert_eq!(read, expected, "{text}");
    }
}

/// A granularity names itself as its JSON does.
#[test]
fn granularity_names_itself_as_its_json_does() {
    for g in [
        Granularity::Day,
        Granularity::Week,
        Granularity::Month,
        Granularity::Season,
        Granularity::Year,
    ] {
        assert_eq!(serde_json::to_value(g).unwrap(), g.as_str());
    }
}
