//! Time expressions in normalized Arabic and English news text, resolved to
//! calendar intervals with a granularity, anchored on the publication date.
//!
//! The grammar is data: `rules/time.toml` lists the lexicons (month names in
//! both Arabic systems, weekdays, relative words, units, ordinals, markers) and
//! the patterns, as sequences of word classes, that make up an expression. The
//! engine here is fixed and small: [`lattice`] reads the normalized text into
//! words and punctuation and marks every lexicon entry found at each word
//! (clitics stripped, one-letter typos in long month names tolerated);
//! [`pattern`] matches the grammar's patterns over that lattice, leftmost and
//! longest first, filling named slots (day, month, year, weekday, offset…);
//! [`resolve`] turns the filled slots into an interval, using the anchor date
//! and a [`Direction`] only where the text leaves the date open. Keeping the
//! resolution in one place, keyed on *which slots are filled* rather than on
//! which pattern matched, is what lets a new phrasing be added to the rule file
//! without touching code.
//!
//! Spans are byte offsets into the normalized text the caller passes in; the
//! caller maps them back to original bytes with [`crate::span::Normalized`].

mod calendar;
mod direction;
mod grammar;
mod lattice;
mod pattern;
mod resolve;
#[cfg(test)]
mod tests;

use std::sync::OnceLock;

/// A text read for time expressions, not yet resolved ([`TimeGrammar::read`]).
pub(crate) use resolve::Reading as TimeReading;

pub use chrono::NaiveDate;
use chrono::{Datelike, Duration};

pub use direction::direction_hint;
pub use grammar::{Example, TimeGrammar};

/// A date written without a year is read in the year nearest the publication
/// date; within this many days of it, that year is beyond doubt ("Saturday,
/// June 3" five weeks before may be a past edition's final, two years back).
pub const SURE_YEAR_DAYS: i64 = 30;

/// How coarse a resolved expression is: "17 January" is a day, "last week" a
/// week, "early November" a month (approximate), "summer 2026" a season.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    Day,
    Week,
    Month,
    Season,
    Year,
}

/// Which way an expression without a year (or a bare weekday) resolves.
///
/// News reports on what happened, so the pipeline passes [`Direction::Past`]
/// for ordinary reporting and [`Direction::Future`] for announcements and
/// expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Past,
    Future,
}

/// One time expression found in a text, resolved to an inclusive interval.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TimeExpr {
    /// Byte offsets into the normalized text passed to [`TimeGrammar::find`].
    pub start: usize,
    pub end: usize,
    /// Interval start (inclusive).
    #[serde(serialize_with = "iso_date")]
    pub first: NaiveDate,
    /// Interval end (inclusive).
    #[serde(serialize_with = "iso_date")]
    pub last: NaiveDate,
    pub granularity: Granularity,
    /// "مطلع", "early", "around": the interval is the writer's rough range.
    pub approximate: bool,
    /// True when resolution used the anchor date (relative or yearless text).
    pub anchored: bool,
    /// The conversion used when the text was written in another calendar:
    /// `hijri-tabular` (the arithmetic Islamic calendar, see `calendar.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converted: Option<&'static str>,
    /// A deictic or vague reference ("now", "recently", "the future"): no
    /// date of its own, so [`TimeGrammar::find`] leaves it out and it never
    /// takes part in a comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Reference>,
    /// A time of day said with the date, or alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clock: Option<ClockTime>,
    /// Only a time of day ("الساعة 3 صباحا"): its day is the anchor's, a
    /// guess, so [`TimeGrammar::find`] leaves it out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub clock_only: bool,
    /// A length of time, not a date ("two weeks": `P2W`); [`TimeGrammar::find`]
    /// leaves it out, as durations never date anything.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// Every one of that length ("daily", "every quarter": TIMEX3's SET,
    /// written as its period in `duration`); never a date either.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub recurrence: bool,
}

/// A time of day, on the 24-hour clock; `utc` when the text says GMT or UTC
/// (otherwise it is the place's local time, which the text rarely names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockTime {
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub utc: bool,
}

impl std::fmt::Display for ClockTime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)?;
        if self.second > 0 {
            write!(f, ":{:02}", self.second)?;
        }
        if self.utc {
            write!(f, "Z")?;
        }
        Ok(())
    }
}

impl serde::Serialize for ClockTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl std::str::FromStr for ClockTime {
    type Err = String;

    /// The form [`ClockTime`] displays: "08:30", "08:30:15", "06:30Z".
    fn from_str(text: &str) -> Result<ClockTime, String> {
        let (body, utc) = match text.strip_suffix('Z') {
            Some(b) => (b, true),
            None => (text, false),
        };
        let parts: Vec<u32> = body
            .split(':')
            .map(|p| {
                p.parse::<u32>()
                    .map_err(|_| format!("not a time of day: {text:?}"))
            })
            .collect::<Result<_, _>>()?;
        match parts[..] {
            [hour, minute] => Ok(ClockTime {
                hour,
                minute,
                second: 0,
                utc,
            }),
            [hour, minute, second] => Ok(ClockTime {
                hour,
                minute,
                second,
                utc,
            }),
            _ => Err(format!("not a time of day: {text:?}")),
        }
    }
}

impl<'de> serde::Deserialize<'de> for ClockTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ClockTime, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// TIMEX3's references: the present, the past, the future, not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Reference {
    #[serde(rename = "PRESENT_REF")]
    Present,
    #[serde(rename = "PAST_REF")]
    Past,
    #[serde(rename = "FUTURE_REF")]
    Future,
}

impl Granularity {
    /// Its name, as its JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Season => "season",
            Granularity::Year => "year",
        }
    }
}

impl Reference {
    pub fn parse(s: &str) -> Option<Reference> {
        Some(match s {
            "PRESENT_REF" => Reference::Present,
            "PAST_REF" => Reference::Past,
            "FUTURE_REF" => Reference::Future,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Reference::Present => "PRESENT_REF",
            Reference::Past => "PAST_REF",
            Reference::Future => "FUTURE_REF",
        }
    }
}

impl TimeExpr {
    /// Whether it names a date that can date a statement: not a vague
    /// reference, a time of day alone, a length or a recurrence.
    pub fn dates(&self) -> bool {
        self.reference.is_none() && !self.clock_only && self.duration.is_none()
    }

    /// The expression in TIMEX3's own notation, as temporal taggers and their
    /// evaluations write it: "2025-01-17", "1989-10", "1998-W45", "2000-W07-WE"
    /// (a weekend), "1989-Q3", "1998-H1", "1998-SU" (a season), "1998".
    /// `None` for a span TIMEX3 writes as two expressions (a range of days).
    pub fn timex(&self) -> Option<String> {
        if let Some(r) = self.reference {
            return Some(r.as_str().to_string());
        }
        if let Some(d) = &self.duration {
            return Some(d.clone());
        }
        let (f, l) = (self.first, self.last);
        let y = f.year();
        let month_start = f.day() == 1;
        let month_end = (l + Duration::days(1)).day() == 1;
        let months = (l.year() - y) * 12 + l.month() as i32 - f.month() as i32 + 1;
        match self.granularity {
            Granularity::Day if f == l => Some(match self.clock {
                Some(c) => format!("{}T{c}", f.format("%Y-%m-%d")),
                None => f.format("%Y-%m-%d").to_string(),
            }),
            Granularity::Week => {
                let w = f.iso_week();
                let (wy, wn) = (w.year(), w.week());
                if l - f == Duration::days(1) && f.weekday() == chrono::Weekday::Sat {
                    Some(format!("{wy}-W{wn:02}-WE"))
                } else if l.iso_week() == w {
                    Some(format!("{wy}-W{wn:02}"))
                } else {
                    None
                }
            }
            Granularity::Month if months == 1 => Some(f.format("%Y-%m").to_string()),
            Granularity::Season if month_start && month_end => match (f.month(), months) {
                (1 | 4 | 7 | 10, 3) => Some(format!("{y}-Q{}", (f.month() - 1) / 3 + 1)),
                (1 | 7, 6) => Some(format!("{y}-H{}", (f.month() - 1) / 6 + 1)),
                (3, 3) => Some(format!("{y}-SP")),
                (6, 3) => Some(format!("{y}-SU")),
                (9, 3) => Some(format!("{y}-FA")),
                (12, 3) => Some(format!("{}-WI", y + 1)),
                _ => None,
            },
            Granularity::Year if f.year() == l.year() => Some(format!("{y:04}")),
            // a decade, "199X" for the 1990s, as TimeBank writes it
            Granularity::Year if y % 10 == 0 && l.year() == y + 9 && month_start && month_end => {
                Some(format!("{:03}X", y / 10))
            }
            // a century, "19XX" for 1900-1999
            Granularity::Year if y % 100 == 0 && l.year() == y + 99 && month_start && month_end => {
                Some(format!("{:02}XX", y / 100))
            }
            _ => None,
        }
    }

    /// The interval as an ISO 8601 value: "2025-01-17", "2024-10", "2024-W45",
    /// "2024", or "first/last" for intervals that are not one calendar unit
    /// (ranges, seasons, weekends).
    pub fn value(&self) -> String {
        if let Some(r) = self.reference {
            return r.as_str().to_string();
        }
        if let Some(d) = &self.duration {
            return d.clone();
        }
        let (f, l) = (self.first, self.last);
        let range = || format!("{f}/{l}");
        match self.granularity {
            Granularity::Day if f == l => f.format("%Y-%m-%d").to_string(),
            Granularity::Week => {
                let w = f.iso_week();
                // A whole ISO week, or a rough part of one ("early this
                // week", as "early November" is the month); a weekend is a
                // range.
                let whole = l - f == Duration::days(6);
                if l.iso_week() == w && (whole || self.approximate) {
                    format!("{}-W{:02}", w.year(), w.week())
                } else {
                    range()
                }
            }
            Granularity::Month if f.year() == l.year() && f.month() == l.month() => {
                f.format("%Y-%m").to_string()
            }
            Granularity::Year if f.year() == l.year() => format!("{:04}", f.year()),
            _ => range(),
        }
    }
}

/// A time expression found in original (not normalized) text: its span there
/// and its resolution. What `crosscheck time` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeMention {
    /// Byte span into the original text.
    pub span: crate::span::Span,
    /// The resolution; its own `start`/`end` are offsets into the normalized
    /// text.
    pub expr: TimeExpr,
}

/// Roughly how many bytes of text [`TimeGrammar::find_in_text`] reads as one
/// piece: enough that spreading the pieces over threads costs nothing next to
/// reading them.
const PIECE_BYTES: usize = 64 * 1024;

/// `[from, to)` byte ranges that cover `text` end to end, each ending after
/// a blank line (or at the end), each at least `size` bytes long except the
/// last. A text without blank lines is one piece.
fn pieces_at_blank_lines(text: &str, size: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    // the end of the blank line that starts at a line break at `k`, if any
    let blank_after = |k: usize| {
        let rest = &bytes[k + 1..];
        let n = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
            .count();
        (rest.get(n) == Some(&b'\n')).then_some(k + 1 + n + 1)
    };
    while from < text.len() {
        let mut to = text.len();
        let mut k = from + size;
        while k < text.len() {
            match bytes[k..].iter().position(|&b| b == b'\n') {
                Some(p) => match blank_after(k + p) {
                    Some(end) => {
                        to = end;
                        break;
                    }
                    None => k += p + 1,
                },
                None => break,
            }
        }
        out.push((from, to));
        from = to;
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

/// Read an anchor date: a date ("2025-01-17") or an RFC 3339 date-time with
/// an offset ("2013-02-12T04:30:00-02:00"), which anchors on its local date.
/// The error names the value and both accepted forms.
pub fn parse_anchor(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(s).map(|d| d.date_naive()))
        .map_err(|_| {
            format!(
                "invalid anchor {s:?}: expected a date (2025-01-17) or an RFC 3339 date-time \
                 with offset (2013-02-12T04:30:00-02:00)"
            )
        })
}

/// chrono is built without its serde feature, so dates serialize here, as
/// ISO 8601 ("2025-01-17") like the JSON contract's other dates.
fn iso_date<S: serde::Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

static EMBEDDED: OnceLock<TimeGrammar> = OnceLock::new();

/// The text of the grammar shipped in the binary (`rules/time.toml`).
pub(crate) const EMBEDDED_TEXT: &str = include_str!("../../rules/time.toml");

/// What one word names on the calendar or in an order, by itself: how two
/// tellings of one sentence that swap such a word are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarWord {
    Month(u32),
    HijriMonth(u32),
    /// ISO number, Monday = 1.
    Weekday(u32),
    Ordinal(i64),
}

impl CalendarWord {
    /// Two words of one kind (two months, two weekdays, two ordinals).
    pub fn same_kind(self, other: CalendarWord) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// A point or span of time, not a count.
    pub fn is_time(self) -> bool {
        matches!(
            self,
            CalendarWord::Month(_) | CalendarWord::HijriMonth(_) | CalendarWord::Weekday(_)
        )
    }
}

impl TimeGrammar {
    /// The grammar shipped in the binary, parsed once. A malformed embedded
    /// file is a build defect caught by the unit tests, so this panics on it.
    pub fn embedded() -> &'static TimeGrammar {
        EMBEDDED.get_or_init(|| {
            TimeGrammar::from_toml(EMBEDDED_TEXT).unwrap_or_else(|e| panic!("rules/time.toml: {e}"))
        })
    }

    /// The one-word lexicon entries that name a month, a weekday or an
    /// ordinal and nothing else, as folded words. Weak month
    /// names ("may", "jan") are ordinary words too and are left out.
    pub fn calendar_words(&self) -> impl Iterator<Item = (&str, CalendarWord)> {
        use lattice::Meaning;
        self.lexicon.iter().filter_map(|(k, meanings)| {
            if k.contains(' ') {
                return None;
            }
            let word = match meanings.as_slice() {
                [Meaning::Month { n, weak: false }] => CalendarWord::Month(*n),
                [Meaning::HijriMonth(n)] => CalendarWord::HijriMonth(*n),
                [Meaning::Weekday(d)] => CalendarWord::Weekday(d.number_from_monday()),
                [Meaning::Ordinal(n)] => CalendarWord::Ordinal(*n),
                _ => return None,
            };
            Some((k.as_str(), word))
        })
    }

    /// Find every time expression in `norm` (already normalized text).
    ///
    /// Expressions that need the anchor (relative words, yearless dates,
    /// weekdays) are left out when `anchor` is `None`. Durations ("20 عامًا",
    /// "two weeks") are not time expressions and are never returned.
    pub fn find(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<TimeExpr> {
        self.found(norm, anchor, direction)
            .into_iter()
            .map(|m| m.expr)
            .filter(TimeExpr::dates)
            .collect()
    }

    /// As [`Self::find`], with the deictic and vague references too ("now",
    /// "recently", "في المستقبل"), as `crosscheck time` shows them.
    pub fn find_all(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<TimeExpr> {
        self.find_all_read(&self.read(norm), anchor, direction)
    }

    /// `norm` read once for time expressions, to be resolved in several ways
    /// ([`Self::find_all_read`]): the words and the patterns they match do
    /// not depend on the anchor or the direction.
    pub(crate) fn read<'t>(&self, norm: &'t str) -> TimeReading<'t> {
        self.read_pruned(norm, true)
    }

    /// [`Self::find_all`] of a text already [read](Self::read).
    pub(crate) fn find_all_read(
        &self,
        reading: &TimeReading,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<TimeExpr> {
        self.resolve_reading(reading, anchor, direction)
            .into_iter()
            .map(|m| m.expr)
            .collect()
    }

    /// Every time expression in original `text` (a sentence, a whole
    /// article or many): normalizes it, finds, and maps each span back to
    /// `text`. No expression spans a blank line, so a long text is read in
    /// pieces that end at one, on every core; the expressions are the same
    /// as in one pass, and in text order.
    pub fn find_in_text(
        &self,
        text: &str,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<TimeMention> {
        use rayon::prelude::*;
        let found: Vec<(usize, Vec<TimeMention>)> = pieces_at_blank_lines(text, PIECE_BYTES)
            .par_iter()
            .map(|&(from, to)| {
                let norm = crate::normalize::normalize(&text[from..to], from);
                let found = self
                    .find_all(&norm.text, anchor, direction)
                    .into_iter()
                    .map(|expr| TimeMention {
                        span: norm.original(expr.start, expr.end),
                        expr,
                    })
                    .collect();
                (norm.text.len(), found)
            })
            .collect();
        // the normalized text is normalized piece by piece, end to end: shift
        // each piece's offsets by the length of those before it
        let mut out = Vec::new();
        let mut shift = 0;
        for (len, piece) in found {
            out.extend(piece.into_iter().map(|mut m| {
                m.expr.start += shift;
                m.expr.end += shift;
                m
            }));
            shift += len;
        }
        out
    }

    /// Does the text name a weekday at all? A cheap test before
    /// [`Self::weekday_mismatches`], which parses the whole text.
    pub fn names_weekday(&self, norm: &str) -> bool {
        norm.split(|c: char| !crate::normalize::is_alnum(c))
            .any(|w| {
                let w = w.trim_start_matches(['و', 'ب', 'ف', 'ل']);
                [w, w.strip_prefix("ال").unwrap_or(w)].iter().any(|k| {
                    self.lexicon.get(*k).is_some_and(|ms| {
                        ms.iter().any(|m| matches!(m, lattice::Meaning::Weekday(_)))
                    })
                })
            })
    }

    /// Weekdays written next to a date that falls on another day:
    /// `(weekday start, weekday end, date)`, offsets into `norm`. Used for
    /// the internal-inconsistency flag.
    ///
    /// The weekday may be part of the date ("الجمعة 18 يناير 2025") or stand
    /// beside it, set off by a comma ("يوم الإثنين الماضي، 12 سبتمبر",
    /// "Monday, September 12"). A date without a year counts only when the
    /// publication date `anchor` is near enough to leave no doubt about the
    /// year: within [`SURE_YEAR_DAYS`] of it.
    pub fn weekday_mismatches(
        &self,
        norm: &str,
        anchor: Option<NaiveDate>,
    ) -> Vec<(usize, usize, NaiveDate)> {
        let found = self.found(norm, anchor, Direction::Past);
        let sure = |e: &TimeExpr| {
            e.granularity == Granularity::Day
                && e.first == e.last
                && (!e.anchored
                    || anchor.is_some_and(|a| (e.first - a).num_days().abs() <= SURE_YEAR_DAYS))
        };
        let mut out: Vec<(usize, usize, NaiveDate)> = found
            .iter()
            .filter_map(|m| {
                let (ws, we, wd) = m.weekday?;
                (sure(&m.expr) && m.expr.first.weekday() != wd).then_some((ws, we, m.expr.first))
            })
            .collect();
        for pair in found.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let Some((ws, we, wd)) = a.bare_weekday else {
                continue;
            };
            let gap = norm.get(a.expr.end..b.expr.start).unwrap_or("x");
            let apposition = gap.chars().count() <= 3
                && gap.contains([',', '،', '('])
                && gap
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, ',' | '،' | '('));
            if apposition && b.named_day && sure(&b.expr) && b.expr.first.weekday() != wd {
                out.push((ws, we, b.expr.first));
            }
        }
        out
    }
}
