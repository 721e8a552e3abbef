//! From filled slots to an interval, and the search that picks which pattern
//! matches to keep.
//!
//! Resolution looks at which slots a match filled, not at the pattern's name,
//! so every phrasing of "a day and a month" resolves the same way. Selection
//! keeps the longest expressions first and drops anything overlapping them:
//! "في يناير 2025" is one month-and-year, not a yearless January plus a year.

use chrono::{Datelike, Duration, NaiveDate};

use super::calendar::*;
use super::grammar::TimeGrammar;
use super::lattice::{Lattice, Part, Unit};
use super::pattern::{Candidate, Rel, Slots};
use super::{Direction, Granularity, TimeExpr};

/// A found expression with the weekday written beside it, if any.
pub(crate) struct Found {
    pub expr: TimeExpr,
    pub weekday: Option<(usize, usize, chrono::Weekday)>,
}

struct Resolved {
    first: NaiveDate,
    last: NaiveDate,
    granularity: Granularity,
    approximate: bool,
    anchored: bool,
}

impl TimeGrammar {
    pub(crate) fn found(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<Found> {
        let lat = Lattice::new(self, norm);
        let mut all: Vec<(Candidate, Resolved, usize)> = Vec::new();
        let mut cands = Vec::new();
        for i in 0..lat.len() {
            for (pi, p) in self.patterns.iter().enumerate() {
                cands.clear();
                p.matches(self, &lat, i, &mut cands);
                for c in &cands {
                    if let Some(r) = self.resolve(&c.slots, anchor, direction) {
                        let mut c = *c;
                        if r.granularity == Granularity::Day && r.first == r.last {
                            self.extend_with_tail(&lat, &mut c);
                        }
                        all.push((c, r, pi));
                    }
                }
            }
        }
        // Longest span first; then earliest; then the pattern listed first.
        all.sort_by_key(|(c, _, pi)| (std::cmp::Reverse(c.end - c.start), c.start, *pi));
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut out: Vec<Found> = Vec::new();
        for (c, r, _) in all {
            if taken.iter().any(|&(f, t)| c.from < t && f < c.to) {
                continue;
            }
            taken.push((c.from, c.to));
            out.push(Found {
                expr: TimeExpr {
                    start: c.start,
                    end: c.end,
                    first: r.first,
                    last: r.last,
                    granularity: r.granularity,
                    approximate: r.approximate || c.slots.approx,
                    anchored: r.anchored,
                },
                weekday: c.slots.weekday.filter(|_| c.slots.day.is_some()),
            });
        }
        out.sort_by_key(|f| f.expr.start);
        out
    }

    /// A time of day or zone after a date belongs to its span ("14 مايو 2025
    /// 07:20 مساءً", "6th, June 2025 GMT"); the date stays a day.
    fn extend_with_tail(&self, lat: &Lattice, c: &mut Candidate) {
        let mut cands = Vec::new();
        for t in &self.tails {
            t.matches(self, lat, c.to, &mut cands);
        }
        if let Some(best) = cands.iter().max_by_key(|t| t.to) {
            c.to = best.to;
            c.end = c.end.max(best.end);
        }
    }

    fn resolve(&self, s: &Slots, anchor: Option<NaiveDate>, dir: Direction) -> Option<Resolved> {
        let future = dir == Direction::Future;
        let has_number = s.day.is_some() || s.year.is_some();
        if s.month.is_some() {
            if s.fuzzy_month && !has_number {
                return None;
            }
            let supported = has_number || s.rel.is_some() || s.part.is_some() || s.in_context;
            if s.weak_month && !supported {
                return None;
            }
        }
        let day = |first, anchored| Resolved {
            first,
            last: first,
            granularity: Granularity::Day,
            approximate: false,
            anchored,
        };
        let span = |(first, last): (NaiveDate, NaiveDate), granularity, anchored| Resolved {
            first,
            last,
            granularity,
            approximate: false,
            anchored,
        };

        if s.hijri {
            let (y, m) = (s.year?, s.month?);
            return match s.day {
                Some(d) if d <= 30 => Some(day(hijri_to_gregorian(y, m, d)?, false)),
                Some(_) => None,
                None => Some(span(hijri_month_interval(y, m)?, Granularity::Month, false)),
            };
        }

        if let Some(si) = s.season {
            let &(start_month, offset) = self.seasons.get(si)?;
            let (y, anchored) = match (s.year, s.rel) {
                (Some(y), _) => (y, false),
                (None, Some(r)) => {
                    let a = anchor?;
                    let y = a.year()
                        + match r {
                            Rel::Past => -1,
                            Rel::Next => 1,
                            Rel::This => 0,
                        };
                    (y - offset, true)
                }
                _ => return None,
            };
            let (sy, sm) = add_months(y + offset, start_month, 0);
            let (ey, em) = add_months(sy, sm, 2);
            return Some(span(
                (date(sy, sm, 1)?, month_end(ey, em)?),
                Granularity::Season,
                anchored,
            ));
        }

        if let Some(part) = s.part {
            let base = self.period(s, anchor, dir)?;
            let (f, l) = (base.first, base.last);
            let (first, last) = match base.granularity {
                Granularity::Year => {
                    let y = f.year();
                    match part {
                        Part::Early => (date(y, 1, 1)?, month_end(y, 4)?),
                        Part::Mid => (date(y, 5, 1)?, month_end(y, 8)?),
                        Part::Late => (date(y, 9, 1)?, l),
                    }
                }
                Granularity::Month => match part {
                    Part::Early => (f, f + Duration::days(9)),
                    Part::Mid => (f + Duration::days(10), f + Duration::days(19)),
                    Part::Late => (f + Duration::days(20), l),
                },
                _ => {
                    let third = (l - f).num_days() / 3;
                    match part {
                        Part::Early => (f, f + Duration::days(third)),
                        Part::Mid => (f + Duration::days(third), l - Duration::days(third)),
                        Part::Late => (l - Duration::days(third), l),
                    }
                }
            };
            return Some(Resolved {
                first,
                last,
                approximate: true,
                ..base
            });
        }

        if let (Some(d1), Some(d2)) = (s.day, s.day2) {
            let m1 = s.month?;
            let m2 = s.month2.unwrap_or(m1);
            let (first, anchored) = match s.year {
                Some(y) => (date(y, m1, d1)?, false),
                None => (yearless_date(m1, d1, anchor?, future)?, true),
            };
            let mut y2 = s.year2.unwrap_or(first.year());
            if s.year2.is_none() && m2 < m1 {
                y2 += 1;
            }
            let last = date(y2, m2, d2)?;
            if last <= first || last - first > Duration::days(366) {
                return None;
            }
            return Some(span((first, last), Granularity::Day, anchored));
        }

        if let Some(d) = s.day {
            return match (s.month, s.year) {
                (Some(m), Some(y)) => Some(day(date(y, m, d)?, false)),
                (Some(m), None) => Some(day(yearless_date(m, d, anchor?, future)?, true)),
                (None, _) => self.day_of_unnamed_month(s, d, anchor?, future),
            };
        }

        if s.month.is_some() || s.year.is_some() || s.unit.is_some() {
            if s.weekday.is_none() && s.reld.is_none() {
                return self.period(s, anchor, dir);
            }
        }

        if let Some((_, _, wd)) = s.weekday {
            let a = anchor?;
            if let Some(off) = s.reld {
                return Some(day(a + Duration::days(off), true));
            }
            // "الاحد من الاسبوع الماضي": the weekday within a relative week.
            if let (Some((Unit::Week, _)), Some(r)) = (s.unit, s.rel) {
                let shift = match r {
                    Rel::Past => -7,
                    Rel::Next => 7,
                    Rel::This => 0,
                };
                let (mon, _) = week_interval(a + Duration::days(shift));
                return Some(day(
                    mon + Duration::days(wd.num_days_from_monday() as i64),
                    true,
                ));
            }
            let d = match s.rel {
                Some(Rel::Past) => weekday_strict(wd, a, false),
                Some(Rel::Next) => weekday_strict(wd, a, true),
                _ => weekday_near(wd, a, future),
            };
            return Some(day(d, true));
        }

        if let Some(off) = s.reld {
            return Some(day(anchor? + Duration::days(off), true));
        }
        None
    }

    /// A month, year or relative unit as a whole period: "يناير 2025",
    /// "يناير الماضي", "في سبتمبر", "2018", "الأسبوع المقبل", "منذ أسبوعين".
    fn period(&self, s: &Slots, anchor: Option<NaiveDate>, dir: Direction) -> Option<Resolved> {
        let future = dir == Direction::Future;
        let span = |(first, last): (NaiveDate, NaiveDate), granularity, anchored| Resolved {
            first,
            last,
            granularity,
            approximate: false,
            anchored,
        };
        match (s.month, s.year) {
            (Some(m), Some(y)) => {
                return Some(span(month_interval(y, m)?, Granularity::Month, false))
            }
            (None, Some(y)) => return Some(span(year_interval(y)?, Granularity::Year, false)),
            (Some(m), None) => {
                let a = anchor?;
                let y = match s.rel {
                    // "يناير الماضي": the last January before this month.
                    Some(Rel::Past) => {
                        if m < a.month() {
                            a.year()
                        } else {
                            a.year() - 1
                        }
                    }
                    Some(Rel::Next) => {
                        if m > a.month() {
                            a.year()
                        } else {
                            a.year() + 1
                        }
                    }
                    Some(Rel::This) => a.year(),
                    None => match s.unit {
                        // "مارس من العام المقبل"
                        Some((Unit::Year, _)) if s.rel.is_none() => year_of_month(m, a, future),
                        _ => year_of_month(m, a, future),
                    },
                };
                return Some(span(month_interval(y, m)?, Granularity::Month, true));
            }
            (None, None) => {}
        }
        let a = anchor?;
        let (unit, unit_count) = s.unit?;
        if s.ago {
            let n = s.count.unwrap_or(1) * unit_count;
            if !(0..=500).contains(&n) {
                return None;
            }
            return Some(match unit {
                Unit::Day => span(
                    (a - Duration::days(n), a - Duration::days(n)),
                    Granularity::Day,
                    true,
                ),
                Unit::Week => {
                    let d = a - Duration::days(7 * n);
                    span((d, d), Granularity::Day, true)
                }
                Unit::Month => {
                    let (y, m) = add_months(a.year(), a.month(), -n);
                    span(month_interval(y, m)?, Granularity::Month, true)
                }
                Unit::Year => span(year_interval(a.year() - n as i32)?, Granularity::Year, true),
            });
        }
        if s.count.is_some() || unit_count != 1 {
            // "20 عامًا", "أسبوعين": a duration, not a time.
            return None;
        }
        let k: i64 = match s.rel {
            Some(Rel::Past) => -1,
            Some(Rel::Next) => 1,
            Some(Rel::This) => 0,
            // "the year" / "العام" only inside a part ("نهاية العام").
            None if s.part.is_some() => 0,
            None => return None,
        };
        Some(match unit {
            Unit::Day => {
                let d = a + Duration::days(k);
                span((d, d), Granularity::Day, true)
            }
            Unit::Week => span(
                week_interval(a + Duration::days(7 * k)),
                Granularity::Week,
                true,
            ),
            Unit::Month => {
                let (y, m) = add_months(a.year(), a.month(), k);
                span(month_interval(y, m)?, Granularity::Month, true)
            }
            Unit::Year => span(year_interval(a.year() + k as i32)?, Granularity::Year, true),
        })
    }

    /// A day number with no month named: "the 19th of this month", or a
    /// weekday with a day number ("السبت السادس عشر") — the nearest month in
    /// which that day falls on that weekday.
    fn day_of_unnamed_month(
        &self,
        s: &Slots,
        d: u32,
        a: NaiveDate,
        future: bool,
    ) -> Option<Resolved> {
        let res = |first| Resolved {
            first,
            last: first,
            granularity: Granularity::Day,
            approximate: false,
            anchored: true,
        };
        if let (Some((Unit::Month, 1)), Some(r)) = (s.unit, s.rel) {
            let k = match r {
                Rel::Past => -1,
                Rel::Next => 1,
                Rel::This => 0,
            };
            let (y, m) = add_months(a.year(), a.month(), k);
            return Some(res(date(y, m, d)?));
        }
        let (_, _, wd) = s.weekday?;
        let step: i64 = if future { 1 } else { -1 };
        (0..12)
            .filter_map(|k| {
                let (y, m) = add_months(a.year(), a.month(), k * step);
                date(y, m, d)
            })
            .find(|dt| dt.weekday() == wd && if future { *dt >= a } else { *dt <= a })
            .map(res)
    }
}
