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
use super::lattice::{Lattice, Meaning, Part, Unit};
use super::pattern::{word_mask, Candidate, Reach, Rel, Scratch, Slots};
use super::{Direction, Granularity, TimeExpr};

/// A found expression with the weekday written beside it, if any.
#[derive(Debug, PartialEq)]
pub(crate) struct Found {
    pub expr: TimeExpr,
    pub weekday: Option<(usize, usize, chrono::Weekday)>,
    /// A weekday standing alone ("يوم الإثنين الماضي", "on Monday").
    pub bare_weekday: Option<(usize, usize, chrono::Weekday)>,
    /// A day of a named month ("12 سبتمبر", "September 12"), with or without
    /// a year.
    pub named_day: bool,
}

/// A length of time a match gives in TIMEX3 notation ("P2W", "P20Y",
/// "PT5H"): a count and a unit with nothing that places them (no "ago",
/// "next", date). A count with no number ("several", "a few") is `X`.
fn duration_of(s: &Slots) -> Option<String> {
    let (unit, _) = s.unit?;
    let n = match s.count {
        Some(n) => n,
        None if s.every => 1,
        None => return None,
    };
    if s.ago || s.rel.is_some() || s.day.is_some() || s.month.is_some() || s.year.is_some() {
        return None;
    }
    // units within a day take TIMEX3's "T" before the count
    let (times, t, f) = match unit {
        Unit::Minute => (1, "T", "M"),
        Unit::Hour => (1, "T", "H"),
        Unit::Day => (1, "", "D"),
        Unit::Week => (1, "", "W"),
        Unit::Month => (1, "", "M"),
        Unit::Quarter => (3, "", "M"),
        Unit::Half => (6, "", "M"),
        Unit::Year => (1, "", "Y"),
        Unit::Decade => (10, "", "Y"),
        Unit::Century => (100, "", "Y"),
        Unit::Weekend | Unit::Period => return None,
    };
    Some(if n < 0 {
        format!("P{t}X{f}")
    } else {
        format!("P{t}{}{f}", n * times)
    })
}

/// Does a match name a date (or a period), not only a time of day?
fn has_date(s: &Slots) -> bool {
    s.day.is_some()
        || s.month.is_some()
        || s.year.is_some()
        || s.weekday.is_some()
        || s.reld.is_some()
        || s.reference.is_some()
        || s.holiday.is_some()
        || s.unit.is_some()
        || s.season.is_some()
        || s.nth.is_some()
        || s.part.is_some()
}

/// The time of day a match gives: the hour, the minutes past it (or before
/// it, after "إلا"), moved into the afternoon by a part of the day.
fn clock_of(s: &Slots) -> Option<super::ClockTime> {
    use super::pattern::DayPart;
    let h = s.hour?;
    let m = s.minute.unwrap_or(0);
    let mut total = if s.minus {
        (h * 60).checked_sub(m)?
    } else {
        h * 60 + m
    };
    let hour = total / 60;
    match s.daypart {
        Some(DayPart::Pm) if hour < 12 => total += 12 * 60,
        Some(DayPart::Noon) if (1..6).contains(&hour) => total += 12 * 60,
        Some(DayPart::Am) if hour == 12 => total -= 12 * 60,
        _ => {}
    }
    if total > 24 * 60 {
        return None;
    }
    Some(super::ClockTime {
        hour: total / 60,
        minute: total % 60,
        second: s.second.unwrap_or(0),
        utc: s.utc,
    })
}

/// A day or month named without a year, in the Gregorian calendar.
fn lacks_year(s: &Slots) -> bool {
    s.month.is_some() && s.year.is_none() && !s.hijri && s.rel.is_none()
}

/// A year at least this large, written beside a Hijri month, is a Gregorian
/// one ("رمضان 2019"): Hijri 1700 is still two centuries away.
const GREGORIAN_YEARS: i32 = 1700;

/// A text read for time expressions, before any anchor or direction: its
/// lattice and every pattern match, with the pattern's index.
pub(crate) struct Reading<'t> {
    lat: Lattice<'t>,
    matched: Vec<(Candidate, usize)>,
}

struct Resolved {
    first: NaiveDate,
    last: NaiveDate,
    granularity: Granularity,
    approximate: bool,
    anchored: bool,
}

impl Resolved {
    /// The anchor's day standing in for what has no date of its own (a
    /// time of day alone, "now", a length of time): shown, never compared.
    fn on_anchor(a: NaiveDate, approximate: bool) -> Resolved {
        Resolved {
            first: a,
            last: a,
            granularity: Granularity::Day,
            approximate,
            anchored: true,
        }
    }
}

impl TimeGrammar {
    pub(crate) fn found(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<Found> {
        self.found_pruned(norm, anchor, direction, true)
    }

    /// [`Self::found`]; with `prune` false, every pattern is walked from
    /// every word that may start it, whether or not its required elements
    /// are within reach: the same result, slower (the tests compare them).
    pub(crate) fn found_pruned(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
        prune: bool,
    ) -> Vec<Found> {
        self.resolve_reading(&self.read_pruned(norm, prune), anchor, direction)
    }

    /// The words of `norm` read for time expressions: the lattice and every
    /// pattern's matches, which neither the anchor nor the direction change,
    /// so one reading serves every way of resolving it.
    pub(crate) fn read_pruned<'t>(&self, norm: &'t str, prune: bool) -> Reading<'t> {
        let lat = Lattice::new(self, norm);
        let mut matched: Vec<(Candidate, usize)> = Vec::new();
        let mut cands = Vec::new();
        // Per word, whether a reporting cue, or a longer period, starts
        // there: worked out only for the words near a match that asks.
        let mut cue_memo: [Vec<Cue>; 2] = Default::default();
        let month_word = self.marker("month_word");
        let mut scratch = Scratch::default();
        let masks: Vec<u128> = (0..lat.len())
            .map(|i| word_mask(&lat, i, month_word))
            .collect();
        let reach = Reach::new(&lat, &masks);
        let mut bits = vec![0u64; self.patterns.len().div_ceil(64)];
        // pruned, only the patterns whose every class some word of the
        // text has: a sentence of running text without a date leaves few
        // or none
        let classes = masks.iter().fold(0, |all, m| all | m);
        let mut possible = vec![0u64; bits.len()];
        for (k, p) in self.patterns.iter().enumerate() {
            if !prune || p.may_match_among(classes) {
                possible[k / 64] |= 1 << (k % 64);
            }
        }
        let mut starting = Vec::new();
        for (i, &mask) in masks.iter().enumerate() {
            if mask == 0 && !lat.starts_patterns(i) {
                // no pattern starts here
                continue;
            }
            self.starting_at(&lat, (i, mask), &possible, &mut bits, &mut starting);
            for &pi in &starting {
                let p = &self.patterns[pi];
                debug_assert!(p.may_start(&lat, i, mask));
                if prune && !p.may_match(&reach, i) {
                    continue;
                }
                cands.clear();
                p.matches(self, &lat, i, &mut cands, &mut scratch);
                for c in &cands {
                    let mut c = *c;
                    if needs_reporting(&c.slots) {
                        let [cues, longer] = &mut cue_memo;
                        c.slots.reporting =
                            self.reporting_near(&lat, &self.reporting_cues, cues, c.from, c.to)
                                && !self.reporting_near(
                                    &lat,
                                    &self.reporting_longer,
                                    longer,
                                    c.from,
                                    c.to,
                                );
                    }
                    matched.push((c, pi));
                }
            }
        }
        Reading { lat, matched }
    }

    /// The time expressions of a [`Reading`], resolved against `anchor`
    /// in `direction`.
    pub(crate) fn resolve_reading(
        &self,
        reading: &Reading,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<Found> {
        let lat = &reading.lat;
        let mut all: Vec<(Candidate, Resolved, usize)> = Vec::new();
        let mut yearless: Vec<(Candidate, usize)> = Vec::new();
        let mut scratch = Scratch::default();
        for &(c, pi) in &reading.matched {
            let mut c = c;
            if let Some(r) = self.resolve(&c.slots, anchor, direction) {
                // a time of day after a date joins it; after a time of
                // day it is another reading of the same words
                if r.granularity == Granularity::Day && r.first == r.last && has_date(&c.slots) {
                    self.extend_with_tail(lat, &mut c, &mut scratch);
                }
                all.push((c, r, pi));
            } else if lacks_year(&c.slots) {
                // no anchor: a range's end may still give its year
                yearless.push((c, pi));
            } else if let (Some(a), Some(_)) = (anchor, duration_of(&c.slots)) {
                // "two weeks", "عشرين عاما": a length of time, shown
                // (on the anchor's day) and never compared as a date
                all.push((c, Resolved::on_anchor(a, true), pi));
            } else if let (Some(a), true, Some(..=-1)) = (anchor, c.slots.ago, c.slots.count) {
                // "a few days ago", "منذ عدة أسابيع": some time back,
                // no date
                c.slots.reference = Some(super::Reference::Past);
                all.push((c, Resolved::on_anchor(a, true), pi));
            }
        }
        self.carry_range_years(lat, &mut all, yearless, direction);
        // Longest span first; then earliest; then, of two readings of the
        // same words, one that agrees with the weekday written beside it
        // ("الثلاثاء الثالث من أيلول 2014" is the third Tuesday, not the 3rd,
        // a Wednesday); then the pattern listed first.
        let disagrees = |c: &Candidate, r: &Resolved| {
            c.slots
                .weekday
                .is_some_and(|(_, _, wd)| r.first == r.last && r.first.weekday() != wd)
        };
        all.sort_by_key(|(c, r, pi)| {
            (
                std::cmp::Reverse(c.end - c.start),
                c.start,
                disagrees(c, r),
                *pi,
            )
        });
        // the words a kept reading covers: a later (shorter or later) one
        // that overlaps any of them is dropped
        let mut taken = vec![false; lat.len() + 1];
        let mut out: Vec<Found> = Vec::new();
        for (c, r, _) in all {
            if taken[c.from..c.to.max(c.from)].iter().any(|&t| t) {
                continue;
            }
            taken[c.from..c.to.max(c.from)].fill(true);
            out.push(Found {
                expr: TimeExpr {
                    start: c.start,
                    end: c.end,
                    first: r.first,
                    last: r.last,
                    granularity: r.granularity,
                    approximate: r.approximate || c.slots.approx,
                    anchored: r.anchored,
                    converted: c.slots.hijri.then_some("hijri-tabular"),
                    reference: c.slots.reference,
                    clock: clock_of(&c.slots),
                    clock_only: c.slots.hour.is_some() && !has_date(&c.slots),
                    duration: duration_of(&c.slots),
                    recurrence: c.slots.every,
                },
                weekday: c.slots.weekday.filter(|_| c.slots.day.is_some()),
                bare_weekday: c.slots.weekday.filter(|_| {
                    c.slots.day.is_none() && c.slots.month.is_none() && c.slots.nth.is_none()
                }),
                named_day: c.slots.weekday.is_none()
                    && c.slots.month.is_some()
                    && (c.slots.day.is_some() || c.slots.nth.is_some()),
            });
        }
        out.sort_by_key(|f| f.expr.start);
        out
    }

    /// The patterns that may start at word `i`, whose readings are `mask`
    /// ([`Pattern::may_start`]), of those `possible` (a bit set over the
    /// patterns), in the order listed, into `out`; `bits` is scratch space,
    /// a bit set over the patterns. A match consumes its first word through
    /// a lexicon or digit reading, or as a literal word; most words of
    /// running text have neither, and no pattern starts there.
    fn starting_at(
        &self,
        lat: &Lattice,
        (i, mask): (usize, u128),
        possible: &[u64],
        bits: &mut [u64],
        out: &mut Vec<usize>,
    ) {
        bits.fill(0);
        let mut classes = mask;
        while classes != 0 {
            let b = classes.trailing_zeros() as usize;
            classes &= classes - 1;
            for (s, c) in bits.iter_mut().zip(&self.starts_by_class[b]) {
                *s |= c;
            }
        }
        if let Some(set) = lat
            .starts_patterns(i)
            .then(|| self.starts_by_word.get(lat.word(i)))
            .flatten()
        {
            for (s, c) in bits.iter_mut().zip(set) {
                *s |= c;
            }
        }
        out.clear();
        for (block, (&set, &may)) in bits.iter().zip(possible).enumerate() {
            let mut set = set & may;
            while set != 0 {
                out.push(block * 64 + set.trailing_zeros() as usize);
                set &= set - 1;
            }
        }
    }

    /// "من السبت 21 ديسمبر لغاية الأحد 18 يناير 2026", "from 21 December to
    /// 18 January 2026": a date without a year that a range joins to a date
    /// with one takes that year (the year before when its month comes
    /// later), in place of a year guessed from the anchor, or of none.
    fn carry_range_years(
        &self,
        lat: &Lattice,
        all: &mut Vec<(Candidate, Resolved, usize)>,
        yearless: Vec<(Candidate, usize)>,
        direction: Direction,
    ) {
        let Some(to) = self.marker("to") else {
            return;
        };
        let joins = |a: usize, b: usize| {
            (1..=2).contains(&(b.saturating_sub(a)))
                && (a..b).all(|k| {
                    lat.edges[k]
                        .iter()
                        .any(|e| matches!(e.meaning, Meaning::Marker(m) if m == to))
                })
        };
        // dates with a year, by the word they start at: the first listed
        // of each (a range's end starts one or two words after its start)
        let mut ends: rustc_hash::FxHashMap<usize, (usize, i32, u32)> = Default::default();
        for (k, (c, r, _)) in all.iter().enumerate() {
            if let (Some(y), Some(m), false) = (c.slots.year, c.slots.month, r.anchored) {
                ends.entry(c.from).or_insert((k, y, m));
            }
        }
        let year_for = |c: &Candidate| {
            let m = c.slots.month?;
            [c.to + 1, c.to + 2]
                .iter()
                .filter_map(|&from| ends.get(&from).filter(|_| joins(c.to, from)))
                .min_by_key(|&&(k, _, _)| k)
                .map(|&(_, y, em)| if m <= em { y } else { y - 1 })
        };
        let carried = |c: &Candidate| {
            let y = year_for(c)?;
            let mut slots = c.slots;
            slots.year = Some(y);
            self.resolve(&slots, None, direction)
                .map(|r| (Candidate { slots, ..*c }, r))
        };
        for item in all.iter_mut() {
            if item.1.anchored && lacks_year(&item.0.slots) {
                if let Some((c, r)) = carried(&item.0) {
                    item.0 = c;
                    item.1 = r;
                }
            }
        }
        for (c, pi) in yearless {
            if let Some((c, r)) = carried(&c) {
                all.push((c, r, pi));
            }
        }
    }

    /// A reporting cue within the window around words `[from, to)`, and in
    /// the same sentence.
    fn reporting_near(
        &self,
        lat: &Lattice,
        cues: &[Vec<String>],
        memo: &mut Vec<Cue>,
        from: usize,
        to: usize,
    ) -> bool {
        let w = self.reporting_window;
        let ends = |i: usize| {
            matches!(lat.word(i), "!" | "?" | ";" | "؛" | "؟")
                || (lat.word(i) == "."
                    && i.checked_sub(1)
                        .is_some_and(|p| lat.word(p).chars().count() > 3))
        };
        if memo.is_empty() {
            memo.resize(lat.len(), Cue::Unknown);
        }
        // a cue within the window, with no sentence end between
        (from.saturating_sub(w)..(to + w).min(lat.len())).any(|c| {
            if memo[c] == Cue::Unknown {
                memo[c] = if cue_at(lat, cues, c) {
                    Cue::Starts
                } else {
                    Cue::None
                };
            }
            let (a, b) = if c < from { (c, from) } else { (to, c) };
            memo[c] == Cue::Starts && !(a..b).any(ends)
        })
    }

    /// A time of day or zone after a date belongs to its span ("14 مايو 2025
    /// 07:20 مساءً", "6th, June 2025 GMT"); the date stays a day.
    fn extend_with_tail(&self, lat: &Lattice, c: &mut Candidate, scratch: &mut Scratch) {
        let mut cands = Vec::new();
        for t in &self.tails {
            t.matches(self, lat, c.to, &mut cands, scratch);
        }
        if let Some(best) = cands.iter().max_by_key(|t| t.to) {
            c.to = best.to;
            c.end = c.end.max(best.end);
            let t = best.slots;
            if t.hour.is_some() {
                c.slots.hour = t.hour;
                c.slots.minute = t.minute;
                c.slots.second = t.second;
                c.slots.daypart = t.daypart;
                c.slots.minus = t.minus;
            }
            c.slots.utc |= t.utc;
        }
    }

    fn resolve(&self, s: &Slots, anchor: Option<NaiveDate>, dir: Direction) -> Option<Resolved> {
        // "June last year", "January this year": the year from the anchor's
        if let (Some(k), None) = (s.year_rel, s.year) {
            let s = Slots {
                year: Some(anchor?.year() + k),
                year_rel: None,
                ..*s
            };
            let mut r = self.resolve(&s, anchor, dir)?;
            r.anchored = true;
            return Some(r);
        }
        // "the 1990s", "the early 1980s": ten years, a rough range when a
        // part of it is named
        if s.decade {
            let y = s.year?;
            return Some(Resolved {
                first: date(y, 1, 1)?,
                last: date(y + 9, 12, 31)?,
                granularity: Granularity::Year,
                approximate: s.part.is_some(),
                anchored: false,
            });
        }
        // a time of day alone ("الساعة 3 صباحا", "at 8:30 p.m."): on the
        // anchor's day, which is a guess, so it never dates a statement
        if s.hour.is_some() && !has_date(s) {
            return Some(Resolved::on_anchor(anchor?, false));
        }
        // "now", "recently": the anchor stands for them, never a date to compare
        if s.reference.is_some() {
            return Some(Resolved::on_anchor(anchor?, true));
        }
        // "the latest period": the reporting quarter, in a report of results.
        if let Some((Unit::Period, n)) = s.unit {
            if !s.reporting {
                return None;
            }
            let s = Slots {
                unit: Some((Unit::Quarter, n)),
                ..*s
            };
            return self.resolve(&s, anchor, dir);
        }
        // "year-earlier net income": the reporting quarter a year back.
        if s.years_back != 0 && s.reporting && s.unit.is_none() && s.nth.is_none() {
            let s = Slots {
                unit: Some((Unit::Quarter, 1)),
                definite: true,
                ..*s
            };
            return self.resolve(&s, anchor, Direction::Past);
        }
        // "the year-ago quarter": the period the rest names, a year earlier.
        if s.years_back != 0 {
            let a = anchor?;
            let back = a
                .with_year(a.year() - s.years_back)
                .or_else(|| a.pred_opt()?.with_year(a.year() - s.years_back))?;
            let mut r = self.resolve(
                &Slots {
                    years_back: 0,
                    ..*s
                },
                Some(back),
                dir,
            )?;
            r.anchored = true;
            return Some(r);
        }
        let future = dir == Direction::Future;
        let has_number = s.day.is_some() || s.year.is_some() || s.nth.is_some();
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

        if let Some(h) = s.holiday {
            return self.holiday(h, s.year, anchor, dir);
        }
        if s.hijri {
            let (y, m) = (s.year?, s.month?);
            // "رمضان 2019": a year no Hijri date has yet is a Gregorian one
            if y >= GREGORIAN_YEARS && s.day.is_none() {
                let h = *hijri_years_in(y, m).first()?;
                return Some(span(hijri_month_interval(h, m)?, Granularity::Month, false));
            }
            return match s.day {
                Some(d) if d <= 30 => Some(day(hijri_to_gregorian(y, m, d)?, false)),
                Some(_) => None,
                None => Some(span(hijri_month_interval(y, m)?, Granularity::Month, false)),
            };
        }

        if let Some(si) = s.season {
            let &(start_month, offset) = self.seasons.get(si)?;
            // The season named for year `y` (winter 2026 starts in December 2025).
            let season = |y: i32| -> Option<(NaiveDate, NaiveDate)> {
                let (sy, sm) = add_months(y + offset, start_month, 0);
                let (ey, em) = add_months(sy, sm, 2);
                Some((date(sy, sm, 1)?, month_end(ey, em)?))
            };
            if let Some(y) = s.year {
                return Some(span(season(y)?, Granularity::Season, false));
            }
            let a = anchor?;
            let y = a.year();
            let (first, last) = season(y)?;
            let y = match s.rel {
                // "الصيف الماضي", "this past spring": the last one over.
                Some(Rel::Past) if last < a => y,
                Some(Rel::Past) => y - 1,
                Some(Rel::Next) if first > a => y,
                Some(Rel::Next) => y + 1,
                Some(Rel::This) => y,
                // A bare "الصيف": the one under way or, by direction, the
                // last begun or the next not yet over.
                None if first <= a && a <= last => y,
                None if future && last < a => y + 1,
                None if !future && first > a => y - 1,
                None => y,
            };
            return Some(span(season(y)?, Granularity::Season, true));
        }

        let counts_within = matches!(
            s.unit,
            Some((Unit::Day | Unit::Week | Unit::Quarter | Unit::Half, _))
        );
        if s.nth.is_some() || (s.last && (s.weekday.is_some() || counts_within)) {
            return self.nth_of(s, anchor, dir);
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

        let period_only = s.weekday.is_none() && s.reld.is_none();
        if period_only && (s.month.is_some() || s.year.is_some() || s.unit.is_some()) {
            return self.period(s, anchor, dir);
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
                let y = match (s.rel, s.unit) {
                    // "مارس من العام المقبل": the relative word is the year's.
                    (Some(r), Some((Unit::Year, _))) => {
                        a.year()
                            + match r {
                                Rel::Past => -1,
                                Rel::Next => 1,
                                Rel::This => 0,
                            }
                    }
                    // "يناير الماضي": the last January before this month.
                    (Some(Rel::Past), _) if m < a.month() => a.year(),
                    (Some(Rel::Past), _) => a.year() - 1,
                    (Some(Rel::Next), _) if m > a.month() => a.year(),
                    (Some(Rel::Next), _) => a.year() + 1,
                    (Some(Rel::This), _) => a.year(),
                    (None, _) => year_of_month(m, a, future),
                };
                return Some(span(month_interval(y, m)?, Granularity::Month, true));
            }
            (None, None) => {}
        }
        let a = anchor?;
        let (unit, unit_count) = s.unit?;
        let granularity = unit_granularity(unit);
        if unit == Unit::Weekend && !s.ago {
            // "the weekend" is the last one begun (looking back) or the one
            // of this week (looking ahead); "last/next weekend" the one of
            // the week before or after.
            let on_weekend = a.weekday().num_days_from_monday() >= 5;
            let k = match s.rel {
                Some(Rel::Past) => -1,
                Some(Rel::Next) => 1,
                Some(Rel::This) => 0,
                None if future || on_weekend => 0,
                None => -1,
            };
            return Some(span(unit_interval(a, unit, k)?, granularity, true));
        }
        if s.ago {
            let n = unit_total(s.count, unit_count)?;
            if !(0..=500).contains(&n) {
                return None;
            }
            // "two weeks ago" is a day; "a year ago" the year before, or
            // in a report of results the reporting quarter a year back.
            if unit == Unit::Year && n == 1 && s.reporting {
                return Some(span(
                    unit_interval(a, Unit::Quarter, -5)?,
                    Granularity::Season,
                    true,
                ));
            }
            return Some(match unit {
                Unit::Day | Unit::Week => {
                    let back = if unit == Unit::Week { 7 * n } else { n };
                    let d = a - Duration::days(back);
                    span((d, d), Granularity::Day, true)
                }
                // "two hours ago": the anchor's day
                Unit::Hour | Unit::Minute => span((a, a), Granularity::Day, true),
                // "a decade ago": the year ten years back
                Unit::Decade | Unit::Century => {
                    let size = if unit == Unit::Decade { 10 } else { 100 };
                    let y = a.year() - size * i32::try_from(n).ok()?;
                    span((date(y, 1, 1)?, date(y, 12, 31)?), Granularity::Year, true)
                }
                _ => span(unit_interval(a, unit, -n)?, granularity, true),
            });
        }
        let k: i64 = match s.rel {
            Some(Rel::Past) => -1,
            Some(Rel::Next) => 1,
            Some(Rel::This) => 0,
            // "the year" / "العام" only inside a part ("نهاية العام").
            None if s.part.is_some() => 0,
            // "the last decade": the one before this
            None if s.last => -1,
            // "the quarter" in a report is the last one complete: a quarter
            // or half still under way has no results to report yet.
            None if s.definite => match unit {
                Unit::Quarter | Unit::Half if !future => -1,
                _ => 0,
            },
            // "20 عامًا", "أسبوعين": a duration, not a time.
            None => return None,
        };
        let n = unit_total(s.count, unit_count)?;
        if n != 1 {
            // "الأسابيع الثلاثة القادمة", "the past two years": n whole units
            // next to the current one.
            if k == 0 || !(1..=100).contains(&n) {
                return None;
            }
            let (from, to) = if k > 0 { (1, n) } else { (-n, -1) };
            let first = unit_interval(a, unit, from)?.0;
            let last = unit_interval(a, unit, to)?.1;
            return Some(span((first, last), granularity, true));
        }
        Some(span(unit_interval(a, unit, k)?, granularity, true))
    }

    /// Counting within a month or year: "الثلاثاء الثالث من أيلول 2014",
    /// "آخر اثنين من الشهر القادم", "the first week of October", "the third
    /// quarter", "آخر يوم من شهر عشرة".
    fn nth_of(&self, s: &Slots, anchor: Option<NaiveDate>, dir: Direction) -> Option<Resolved> {
        let future = dir == Direction::Future;
        let shift = |r: Rel| -> i32 {
            match r {
                Rel::Past => -1,
                Rel::Next => 1,
                Rel::This => 0,
            }
        };
        let res = |(first, last), granularity, anchored| Resolved {
            first,
            last,
            granularity,
            approximate: false,
            anchored,
        };
        // "the 20th century": 1900-1999, as TIMEX3 writes it (19XX)
        if let (Some((Unit::Century, _)), Some(n)) = (s.unit, s.nth) {
            let y = i32::try_from(n).ok().filter(|n| (1..=30).contains(n))? * 100 - 100;
            return Some(res(
                (date(y, 1, 1)?, date(y + 99, 12, 31)?),
                Granularity::Year,
                false,
            ));
        }
        if let Some((unit @ (Unit::Quarter | Unit::Half), _)) = s.unit {
            let size: u32 = if unit == Unit::Quarter { 3 } else { 6 };
            let n = if s.last { (12 / size) as i64 } else { s.nth? };
            if n < 1 || n * size as i64 > 12 {
                return None;
            }
            let start_month = (n as u32 - 1) * size + 1;
            let period = |y: i32| -> Option<(NaiveDate, NaiveDate)> {
                let (ey, em) = add_months(y, start_month, size as i64 - 1);
                Some((date(y, start_month, 1)?, month_end(ey, em)?))
            };
            let (y, anchored) = match (s.year, s.rel) {
                (Some(y), _) => (y, false),
                (None, Some(r)) => (anchor?.year() + shift(r), true),
                (None, None) => {
                    let a = anchor?;
                    let (first, last) = period(a.year())?;
                    // Looking ahead, the quarter just over is still the one
                    // whose results are to come ("expects to report
                    // third-quarter net" in October).
                    let y = match future {
                        false if first > a => a.year() - 1,
                        true if last + Duration::days(size as i64 * 31) < a => a.year() + 1,
                        _ => a.year(),
                    };
                    (y, true)
                }
            };
            return Some(res(period(y)?, Granularity::Season, anchored));
        }
        let (y, m, anchored) = match (s.month, s.year) {
            (Some(m), Some(y)) => (y, m, false),
            (Some(m), None) => {
                let a = anchor?;
                let y = match (s.unit, s.rel) {
                    (Some((Unit::Year, _)), Some(r)) => a.year() + shift(r),
                    _ => year_of_month(m, a, future),
                };
                (y, m, true)
            }
            (None, _) => match (s.unit, s.rel) {
                (Some((Unit::Month, _)), Some(r)) => {
                    let a = anchor?;
                    let (y, m) = add_months(a.year(), a.month(), shift(r) as i64);
                    (y, m, true)
                }
                // "السبت السادس عشر": a weekday and a day number.
                (None, _) if s.weekday.is_some() && !s.last => {
                    let d = u32::try_from(s.nth?)
                        .ok()
                        .filter(|d| (1..=31).contains(d))?;
                    return self.day_of_unnamed_month(s, d, anchor?, future);
                }
                _ => return None,
            },
        };
        let n = if s.last { None } else { Some(s.nth?) };
        if let Some((_, _, wd)) = s.weekday {
            let d = nth_weekday(y, m, wd, n)?;
            return Some(res((d, d), Granularity::Day, anchored));
        }
        match s.unit {
            Some((Unit::Week, _)) => Some(res(nth_week(y, m, n)?, Granularity::Week, anchored)),
            Some((Unit::Day, _)) => {
                let d = match n {
                    Some(n) => date(y, m, u32::try_from(n).ok()?)?,
                    None => month_end(y, m)?,
                };
                Some(res((d, d), Granularity::Day, anchored))
            }
            _ => None,
        }
    }

    /// A holiday in a Gregorian year, or, with none written, its occurrence
    /// nearest the anchor in the direction given.
    fn holiday(
        &self,
        h: usize,
        year: Option<i32>,
        anchor: Option<NaiveDate>,
        dir: Direction,
    ) -> Option<Resolved> {
        use super::grammar::Holiday;
        let holiday = *self.holidays.get(h)?;
        let in_year = |y: i32| -> Vec<(NaiveDate, NaiveDate, Granularity)> {
            match holiday {
                Holiday::Gregorian(m, d) => date(y, m, d)
                    .map(|x| (x, x, Granularity::Day))
                    .into_iter()
                    .collect(),
                Holiday::Easter => easter(y)
                    .map(|x| (x, x, Granularity::Day))
                    .into_iter()
                    .collect(),
                Holiday::NthWeekday(m, wd, n) => nth_weekday(y, m, wd, n)
                    .map(|x| (x, x, Granularity::Day))
                    .into_iter()
                    .collect(),
                Holiday::Hijri(m, 0) => hijri_years_in(y, m)
                    .into_iter()
                    .filter_map(|hy| hijri_month_interval(hy, m))
                    .map(|(f, l)| (f, l, Granularity::Month))
                    .collect(),
                Holiday::Hijri(m, d) => (y - 1..=y)
                    .flat_map(|gy| hijri_years_in(gy, m))
                    .filter_map(|hy| hijri_to_gregorian(hy, m, d))
                    .filter(|x| x.year() == y)
                    .map(|x| (x, x, Granularity::Day))
                    .collect(),
            }
        };
        let (first, last, granularity, anchored) = match year {
            Some(y) => {
                let (f, l, g) = *in_year(y).first()?;
                (f, l, g, false)
            }
            None => {
                let a = anchor?;
                let all: Vec<_> = (a.year() - 1..=a.year() + 1).flat_map(in_year).collect();
                let pick = match dir {
                    Direction::Future => all.into_iter().find(|x| x.1 >= a),
                    Direction::Past => all.into_iter().rev().find(|x| x.0 <= a),
                };
                let (f, l, g) = pick?;
                (f, l, g, true)
            }
        };
        Some(Resolved {
            first,
            last,
            granularity,
            approximate: false,
            anchored,
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

fn unit_granularity(unit: Unit) -> Granularity {
    match unit {
        Unit::Day => Granularity::Day,
        Unit::Week => Granularity::Week,
        Unit::Month => Granularity::Month,
        // A quarter or half is a named stretch of months, like a season.
        Unit::Quarter | Unit::Half => Granularity::Season,
        Unit::Year | Unit::Decade | Unit::Century => Granularity::Year,
        Unit::Weekend => Granularity::Week,
        Unit::Period => Granularity::Season,
        Unit::Hour | Unit::Minute => Granularity::Day,
    }
}

/// The `k`-th unit from the one containing `a` (0 = the current one).
fn unit_interval(a: NaiveDate, unit: Unit, k: i64) -> Option<(NaiveDate, NaiveDate)> {
    let size: u32 = match unit {
        Unit::Day => {
            let d = a + Duration::days(k);
            return Some((d, d));
        }
        Unit::Week => return Some(week_interval(a + Duration::days(7 * k))),
        Unit::Weekend => {
            let (_, sunday) = week_interval(a + Duration::days(7 * k));
            return Some((sunday - Duration::days(1), sunday));
        }
        Unit::Month => 1,
        Unit::Quarter | Unit::Period => 3,
        Unit::Half => 6,
        Unit::Year => 12,
        // the decade or century of the anchor's year: 1990-1999, 1900-1999
        Unit::Decade | Unit::Century => {
            let size = if unit == Unit::Decade { 10 } else { 100 };
            let y = a.year().div_euclid(size) * size + (k as i32) * size;
            return Some((date(y, 1, 1)?, date(y + size - 1, 12, 31)?));
        }
        // an hour or a minute is no date
        Unit::Hour | Unit::Minute => return None,
    };
    let start = (a.month0() / size) * size + 1;
    let (y, m) = add_months(a.year(), start, k * size as i64);
    let (ey, em) = add_months(y, m, size as i64 - 1);
    Some((date(y, m, 1)?, month_end(ey, em)?))
}

/// How many units a count and a unit word make: "ثلاثة أيام" 3, "أسبوعين"
/// 2, "a week" 1. A bare plural ("منذ سنوات", "for years"; count 0 in the
/// rule file) names no number, so it is no time.
fn unit_total(count: Option<i64>, unit_count: i64) -> Option<i64> {
    match (count, unit_count) {
        (None, 0) => None,
        (Some(c), 0) => Some(c),
        (c, u) => Some(c.unwrap_or(1) * u),
    }
}

/// The words at which one of `cues` (folded word sequences) starts.
/// Whether a cue (its words in order) starts at word `i`.
fn cue_at(lat: &Lattice, cues: &[Vec<String>], i: usize) -> bool {
    cues.iter().any(|cue| {
        i + cue.len() <= lat.len() && cue.iter().enumerate().all(|(k, w)| lat.word(i + k) == w)
    })
}

/// What is known of a word: whether a cue starts there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    Unknown,
    None,
    Starts,
}

/// Whether a match's reading depends on the words around it talking of
/// periodic results: "a year ago", "year-earlier", "the latest period".
fn needs_reporting(s: &Slots) -> bool {
    s.years_back != 0
        || matches!(s.unit, Some((Unit::Period, _)))
        || (s.ago && matches!(s.unit, Some((Unit::Year, _))))
}
