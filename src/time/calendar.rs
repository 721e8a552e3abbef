//! Calendar arithmetic: month and week intervals, which year a yearless date
//! falls in, and Hijri → Gregorian conversion.
//!
//! Hijri dates use the tabular (arithmetic) Islamic calendar: 30-year cycles
//! with leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29, months alternating
//! 30 and 29 days, epoch 1 Muharram 1 AH = 16 July 622 (Julian), i.e. 19 July
//! 622 proleptic Gregorian. It needs no tables and is exact for the arithmetic
//! calendar, but the calendars actually used (Umm al-Qura, or sighting of the
//! moon) can differ from it by a day or two; a Hijri date is therefore resolved
//! to the day the arithmetic gives, and callers comparing dates across sources
//! should allow for that.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

pub(crate) fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Last day of month `m` of year `y`.
pub(crate) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    Some(date(ny, nm, 1)? - Duration::days(1))
}

pub(crate) fn month_interval(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    Some((date(y, m, 1)?, month_end(y, m)?))
}

pub(crate) fn year_interval(y: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((date(y, 1, 1)?, date(y, 12, 31)?))
}

/// The ISO week (Monday to Sunday) containing `d`.
pub(crate) fn week_interval(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let monday = d - Duration::days(d.weekday().num_days_from_monday() as i64);
    (monday, monday + Duration::days(6))
}

/// `(year, month)` moved by `k` months.
pub(crate) fn add_months(y: i32, m: u32, k: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + k;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

/// The year of a yearless month: the latest one not after the anchor's month
/// (looking back), or the earliest not before it (looking ahead).
pub(crate) fn year_of_month(m: u32, anchor: NaiveDate, future: bool) -> i32 {
    let (y, am) = (anchor.year(), anchor.month());
    match (future, m <= am) {
        (false, true) | (true, false) => y,
        (false, false) => y - 1,
        (true, true) if m == am => y,
        (true, true) => y + 1,
    }
}

/// A yearless day and month: the latest such date not after the anchor's
/// month (looking back), or the earliest not before it (looking ahead). The
/// anchor's whole month counts as "now", as it does for a yearless month: a
/// piece dated 7 January that says "on 14 January" means this January either
/// way. 29 February looks for the nearest leap year.
pub(crate) fn yearless_date(m: u32, d: u32, anchor: NaiveDate, future: bool) -> Option<NaiveDate> {
    let y = anchor.year();
    let (from, to) = month_interval(y, anchor.month())?;
    // looking back, a date within the next weeks is still this year's: a
    // report rarely dates a past event a year back without saying so, and
    // often names a coming one ("the vote on Nov. 6", written 30 October)
    let to = to.max(anchor + chrono::Duration::days(AHEAD_DAYS));
    let years: Vec<i32> = if future {
        (y..y + 9).collect()
    } else {
        (y - 8..=y + 1).rev().collect()
    };
    years
        .into_iter()
        .filter_map(|y| date(y, m, d))
        .find(|&dt| if future { dt >= from } else { dt <= to })
}

/// How far past the anchor a yearless day and month still reads as this
/// year's when looking back.
const AHEAD_DAYS: i64 = 60;

/// Weekday `wd` number `n` (1-based) of a month, or its last one when `n` is
/// `None`.
pub(crate) fn nth_weekday(y: i32, m: u32, wd: Weekday, n: Option<i64>) -> Option<NaiveDate> {
    let (first, last) = month_interval(y, m)?;
    let day = |d: NaiveDate| d.weekday().num_days_from_monday() as i64;
    let want = wd.num_days_from_monday() as i64;
    match n {
        Some(n) if n >= 1 => {
            let d = first + Duration::days((want - day(first)).rem_euclid(7) + 7 * (n - 1));
            (d <= last).then_some(d)
        }
        Some(_) => None,
        None => Some(last - Duration::days((day(last) - want).rem_euclid(7))),
    }
}

/// Week `n` (1-based) of a month, or its last, counting the Monday-to-Sunday
/// weeks that lie wholly inside the month (Duckling's reading of "the first
/// week of October").
pub(crate) fn nth_week(y: i32, m: u32, n: Option<i64>) -> Option<(NaiveDate, NaiveDate)> {
    let (_, last) = month_interval(y, m)?;
    let mut monday = nth_weekday(y, m, Weekday::Mon, n.or(Some(1)))?;
    if n.is_none() {
        while monday + Duration::days(13) <= last {
            monday += Duration::days(7);
        }
    }
    let sunday = monday + Duration::days(6);
    (sunday <= last).then_some((monday, sunday))
}

/// The given weekday nearest the anchor: on or before it looking back,
/// strictly after it looking ahead (a bare "Tuesday" in an announcement made
/// on a Tuesday means the next one).
pub(crate) fn weekday_near(wd: Weekday, anchor: NaiveDate, future: bool) -> NaiveDate {
    if future {
        // looking ahead, the anchor's own weekday is today
        on_or_after(wd, anchor)
    } else if on_or_after(wd, anchor) == anchor + Duration::days(1) {
        // looking back, tomorrow's weekday is still tomorrow: a report dated
        // Monday that says "Tuesday" means the next day, not six days back
        anchor + Duration::days(1)
    } else {
        on_or_before(wd, anchor)
    }
}

fn on_or_after(wd: Weekday, d: NaiveDate) -> NaiveDate {
    let (a, w) = (
        d.weekday().num_days_from_monday() as i64,
        wd.num_days_from_monday() as i64,
    );
    d + Duration::days((w - a).rem_euclid(7))
}

fn on_or_before(wd: Weekday, d: NaiveDate) -> NaiveDate {
    let (a, w) = (
        d.weekday().num_days_from_monday() as i64,
        wd.num_days_from_monday() as i64,
    );
    d - Duration::days((a - w).rem_euclid(7))
}

/// The given weekday strictly before (or after) the anchor.
pub(crate) fn weekday_strict(wd: Weekday, anchor: NaiveDate, future: bool) -> NaiveDate {
    if future {
        on_or_after(wd, anchor + Duration::days(1))
    } else {
        on_or_before(wd, anchor - Duration::days(1))
    }
}

/// Tabular Islamic calendar → proleptic Gregorian (see the module docs).
pub(crate) fn hijri_to_gregorian(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&m) || !(1..=30).contains(&d) || y < 1 {
        return None;
    }
    let y = y as i64;
    let month_days = (29.5 * (m as f64 - 1.0)).ceil() as i64;
    let days = (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + month_days + d as i64 - 1;
    let epoch = date(622, 7, 19)?;
    Some(epoch + Duration::days(days))
}

/// First and last Gregorian day of a Hijri month.
pub(crate) fn hijri_month_interval(y: i32, m: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = hijri_to_gregorian(y, m, 1)?;
    let next = if m == 12 {
        hijri_to_gregorian(y + 1, 1, 1)?
    } else {
        hijri_to_gregorian(y, m + 1, 1)?
    };
    Some((first, next - Duration::days(1)))
}

/// Western Easter Sunday of Gregorian year `y` (the anonymous Gregorian
/// computus, as Meeus gives it).
pub(crate) fn easter(y: i32) -> Option<NaiveDate> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, month as u32, day as u32)
}

/// The Hijri years whose month `m` begins in Gregorian year `y` (one, or
/// two when the Hijri year is short enough to fit twice).
pub(crate) fn hijri_years_in(y: i32, m: u32) -> Vec<i32> {
    let guess = ((y - 622) as f64 * 33.0 / 32.0) as i32;
    (guess - 2..=guess + 2)
        .filter(|&h| hijri_to_gregorian(h, m, 1).is_some_and(|d| d.year() == y))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_sundays() {
        assert_eq!(easter(2013), date(2013, 3, 31));
        assert_eq!(easter(2024), date(2024, 3, 31));
        assert_eq!(easter(2025), date(2025, 4, 20));
    }

    #[test]
    fn tabular_hijri_matches_known_dates() {
        // 1 Ramadan 1446 was 1 March 2025 (Umm al-Qura and tabular agree).
        assert_eq!(hijri_to_gregorian(1446, 9, 1), date(2025, 3, 1));
        // 1 Muharram 1 AH.
        assert_eq!(hijri_to_gregorian(1, 1, 1), date(622, 7, 19));
    }

    #[test]
    fn yearless_resolution() {
        let a = date(2022, 11, 13).unwrap();
        assert_eq!(yearless_date(2, 24, a, false), date(2022, 2, 24));
        // eighteen days ahead is still this year's, looking back
        assert_eq!(yearless_date(12, 1, a, false), date(2022, 12, 1));
        // beyond the window, the last one before
        assert_eq!(yearless_date(1, 20, a, false), date(2022, 1, 20));
        // and across the new year
        assert_eq!(
            yearless_date(1, 20, date(2022, 12, 1).unwrap(), false),
            date(2023, 1, 20)
        );
        assert_eq!(year_of_month(9, date(2025, 1, 17).unwrap(), false), 2024);
        assert_eq!(
            weekday_near(Weekday::Sat, a, false),
            date(2022, 11, 12).unwrap()
        );
    }
}
