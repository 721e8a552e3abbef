//! Patterns: sequences of word classes written in the rule file, matched over
//! the [`Lattice`] with backtracking, each match filling [`Slots`].
//!
//! Syntax of a pattern's `match` string, elements separated by spaces:
//!
//! * a class name — `day`, `month`, `year`, `weekday`, `mnum` (month as a
//!   number), `hmonth`/`hyear` (Hijri), `num` (a count), `unit`, `reld`
//!   (today/yesterday…), `part` (early/mid/late), `season`, `nth` (ordinal),
//!   `clock`, `rec` (a recurrence word, "daily") — or the name of a `[markers]` list;
//! * `'word'`: that literal (folded) word;
//! * `a|b`: either class;
//! * suffix `?`: optional; suffix `:to` on `day`/`month`/`year`: the end of a
//!   range ("22" and "24" in "22-24 October");
//! * prefix `~`: context — must be there but stays outside the span ("في" in
//!   "في سبتمبر"); prefix `!`: must *not* come next (zero width);
//! * `^`: the previous word is punctuation or the start of the text.
//!
//! Markers named `past`, `next`, `this`, `ago`, `hijri`, `approx`, `in`,
//! `last`, `the`, `every`, `late` and `yearago` (or starting with one of those and `_`, as
//! `past_pre`) also set a slot; other markers only have to be there.

use chrono::Weekday;

use super::grammar::TimeGrammar;
use super::lattice::{Lattice, Meaning, Part, Suffix, Unit};

/// Which way a relative word points: "الماضي", "المقبل", "هذا".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    Past,
    Next,
    This,
}

/// What a marker says beyond being present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Effect {
    None,
    Rel(Rel),
    Ago,
    Hijri,
    Approx,
    In,
    Last,
    /// "the" before a unit: the one the text is about ("the quarter").
    Definite,
    /// "year-ago", "year-earlier": the same period a year before.
    YearAgo,
    /// Parts of the day: "صباحا", "a.m." (`am`); "مساء", "بعد العصر",
    /// "p.m." (`pm`); "ظهرا" (`noon`: 12 stays, 1 to 5 are afternoon).
    DayPart(DayPart),
    /// "وربع", "ونصف", "وثلث": minutes past the hour.
    Fraction(u32),
    /// "إلا": the minutes that follow are before the hour.
    Minus,
    /// "GMT", "بتوقيت غرينتش": the clock time is universal time.
    Utc,
    /// "every", "كل": each one of the unit that follows (TIMEX3's SET).
    Every,
    /// "end" after its unit ("year-end", "the year's end"): the late part.
    Late,
    /// "last year", "this year", "العام المقبل" after a month: the year,
    /// counted from the anchor's.
    YearRel(i32),
}

/// Which part of the day a clock time is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DayPart {
    Am,
    Pm,
    Noon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ElemKind {
    Weekday,
    Month,
    Day,
    Year,
    MonthNumber,
    HijriMonth,
    HijriYear,
    Count,
    Unit,
    RelDay,
    Ref,
    Holiday,
    Rec,
    Part,
    Season,
    Nth,
    Clock,
    Hour,
    Minute,
    Decade,
    Marker(usize, Effect),
    Word(String),
    Boundary,
}

#[derive(Debug, Clone)]
pub(crate) struct Elem {
    pub kinds: Vec<ElemKind>,
    pub optional: bool,
    pub context: bool,
    pub negated: bool,
    pub to: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    pub elems: Vec<Elem>,
    /// Every class the word a match starts at can be read as (the kinds of
    /// the elements up to and including the first required one that
    /// consumes words), as bits of [`kind_bit`], and the literal first
    /// words among them. Lets [`Pattern::may_start`] skip a word cheaply.
    first_mask: u128,
    first_words: Vec<String>,
    /// The elements every match must read, each as the classes
    /// ([`kind_bit`]) one of its kinds needs at its first word, and how far
    /// from the match's first word that word can be: `(mask, per_edge,
    /// words)` for at most `per_edge` times the longest reading in the
    /// lattice plus `words`. Lets [`Pattern::may_match`] skip a start
    /// where some element cannot be read.
    required: Vec<Required>,
}

#[derive(Debug, Clone)]
struct Required {
    mask: u128,
    per_edge: usize,
    words: usize,
}

/// Everything a match says about the time it denotes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Slots {
    pub day: Option<u32>,
    pub day2: Option<u32>,
    pub month: Option<u32>,
    pub month2: Option<u32>,
    pub year: Option<i32>,
    pub year2: Option<i32>,
    /// Weekday with its byte span, for the mismatch check.
    pub weekday: Option<(usize, usize, Weekday)>,
    pub hijri: bool,
    pub reld: Option<i64>,
    /// A deictic or vague reference ("now", "recently").
    pub reference: Option<super::Reference>,
    /// "every day", "daily": a recurrence, not a date.
    pub every: bool,
    /// A holiday, by index into the grammar's calendar.
    pub holiday: Option<usize>,
    pub unit: Option<(Unit, i64)>,
    pub count: Option<i64>,
    pub rel: Option<Rel>,
    pub ago: bool,
    pub part: Option<Part>,
    pub season: Option<usize>,
    pub nth: Option<i64>,
    pub last: bool,
    pub approx: bool,
    pub in_context: bool,
    /// "the" stood before the unit (see [`Effect::Definite`]).
    pub definite: bool,
    /// Years to move the anchor back ("the year-ago quarter").
    pub years_back: i32,
    /// The words around talk of periodic results (`[reporting]`), so "a
    /// year ago" is the reporting quarter a year back.
    pub reporting: bool,
    /// The month came only from a weak name ("may") or a misspelling.
    pub weak_month: bool,
    pub fuzzy_month: bool,
    /// A time of day: hour, minutes (a fraction of the hour or a count),
    /// seconds, and what changes them.
    pub hour: Option<u32>,
    pub minute: Option<u32>,
    pub second: Option<u32>,
    pub daypart: Option<DayPart>,
    pub minus: bool,
    pub utc: bool,
    /// "the 1990s": the year is a decade's first.
    pub decade: bool,
    /// "June last year": the year counted from the anchor's.
    pub year_rel: Option<i32>,
}

/// One way a pattern matched at a word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub from: usize,
    pub to: usize,
    pub start: usize,
    pub end: usize,
    pub slots: Slots,
}

impl Pattern {
    pub fn parse(seq: &str, markers: &[String]) -> Result<Pattern, String> {
        let mut elems = Vec::new();
        for raw in seq.split_whitespace() {
            let mut s = raw;
            let mut e = Elem {
                kinds: Vec::new(),
                optional: false,
                context: false,
                negated: false,
                to: false,
            };
            if let Some(r) = s.strip_prefix('~') {
                e.context = true;
                s = r;
            } else if let Some(r) = s.strip_prefix('!') {
                e.negated = true;
                s = r;
            }
            if let Some(r) = s.strip_suffix('?') {
                e.optional = true;
                s = r;
            }
            if let Some(r) = s.strip_suffix(":to") {
                e.to = true;
                s = r;
            }
            for name in s.split('|') {
                e.kinds.push(elem_kind(name, markers)?);
            }
            if e.to
                && !e
                    .kinds
                    .iter()
                    .all(|k| matches!(k, ElemKind::Day | ElemKind::Month | ElemKind::Year))
            {
                return Err(format!("{raw:?}: only day, month and year take :to"));
            }
            elems.push(e);
        }
        if !elems
            .iter()
            .any(|e| !e.context && !e.negated && e.kinds != [ElemKind::Boundary])
        {
            return Err("a pattern needs at least one element inside its span".into());
        }
        let mut first_mask = 0u128;
        let mut first_words = Vec::new();
        for e in &elems {
            if e.negated || e.kinds == [ElemKind::Boundary] {
                continue;
            }
            for k in &e.kinds {
                match k {
                    ElemKind::Word(w) => {
                        first_words.push(w.split(' ').next().unwrap_or("").to_string())
                    }
                    // Too many markers for the mask: any word may start.
                    k => first_mask |= kind_bit(k).unwrap_or(u128::MAX),
                }
            }
            if !e.optional {
                break;
            }
        }
        // how many words each element may read, as (per longest reading,
        // words): a month may be "شهر" and a name joined to its other name
        // in brackets; a literal is its words; a boundary or a negated
        // element reads none
        let widths: Vec<(usize, usize)> = elems
            .iter()
            .map(|e| {
                if e.negated {
                    return (0, 0);
                }
                e.kinds.iter().fold((0, 0), |(a, b), k| match k {
                    ElemKind::Boundary => (a, b),
                    ElemKind::Word(w) => (a, b.max(w.split(' ').count())),
                    ElemKind::Month => (a.max(4), b.max(1)),
                    _ => (a.max(1), b),
                })
            })
            .collect();
        let mut required = Vec::new();
        let mut before = (0, 0);
        for (e, w) in elems.iter().zip(&widths) {
            if !e.optional && !e.negated {
                let mask = e.kinds.iter().try_fold(0u128, |m, k| match kind_bit(k) {
                    Some(b) if b != 0 => Some(m | b),
                    _ => None,
                });
                if let Some(mask) = mask {
                    required.push(Required {
                        mask,
                        per_edge: before.0,
                        words: before.1,
                    });
                }
            }
            before = (before.0 + w.0, before.1 + w.1);
        }
        Ok(Pattern {
            elems,
            first_mask,
            first_words,
            required,
        })
    }

    /// The classes and the literal words a match may start with
    /// ([`Pattern::may_start`]).
    pub fn firsts(&self) -> (u128, &[String]) {
        (self.first_mask, &self.first_words)
    }

    /// Whether every element a match must read can find its classes within
    /// reach of word `i`. Never false where [`Pattern::matches`] would find
    /// a match.
    pub fn may_match(&self, reach: &Reach, i: usize) -> bool {
        self.required
            .iter()
            .all(|r| reach.any(r.mask, i, i + r.per_edge * reach.longest + r.words))
    }

    /// Whether every element a match must read has its classes among
    /// `classes` (those of every word of a text): a pattern that fails
    /// this matches nowhere in the text. Never false where
    /// [`Pattern::matches`] would find a match.
    pub fn may_match_among(&self, classes: u128) -> bool {
        self.required.iter().all(|r| r.mask & classes != 0)
    }

    /// Whether a match can start at word `i`, whose readings are `mask`
    /// ([`word_mask`]): some element a match may open with reads that
    /// word. Never false where [`Pattern::matches`] would find a match.
    pub fn may_start(&self, lat: &Lattice, i: usize, mask: u128) -> bool {
        self.first_mask & mask != 0 || self.first_words.iter().any(|w| w == lat.word(i))
    }

    /// Every way this pattern matches starting at word `i`.
    pub fn matches(
        &self,
        g: &TimeGrammar,
        lat: &Lattice,
        i: usize,
        out: &mut Vec<Candidate>,
        scratch: &mut Scratch,
    ) {
        let start = Head {
            from: i,
            to: i,
            start: usize::MAX,
            end: 0,
        };
        self.walk(g, lat, 0, start, &Slots::default(), out, &mut scratch.0);
    }

    /// `bufs[ei]` is scratch space for the steps of element `ei`, kept
    /// between calls so the backtracking allocates once per depth. The
    /// slots are borrowed from the step that set them, and copied only
    /// into a match.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        g: &TimeGrammar,
        lat: &Lattice,
        ei: usize,
        c: Head,
        slots: &Slots,
        out: &mut Vec<Candidate>,
        bufs: &mut Vec<Vec<Step>>,
    ) {
        let Some(e) = self.elems.get(ei) else {
            if c.start < c.end {
                out.push(Candidate {
                    from: c.from,
                    to: c.to,
                    start: c.start,
                    end: c.end,
                    slots: *slots,
                });
            }
            return;
        };
        if e.kinds == [ElemKind::Boundary] {
            if c.to == 0 || lat.words[c.to - 1].punct {
                self.walk(g, lat, ei + 1, c, slots, out, bufs);
            }
            return;
        }
        if bufs.len() <= ei {
            bufs.resize_with(ei + 1, Vec::new);
        }
        let mut steps = std::mem::take(&mut bufs[ei]);
        steps.clear();
        for k in &e.kinds {
            step(g, lat, k, e.to, c.to, slots, &mut steps);
        }
        if e.negated {
            let none = steps.is_empty();
            bufs[ei] = steps;
            if none {
                self.walk(g, lat, ei + 1, c, slots, out, bufs);
            }
            return;
        }
        for s in &steps {
            let mut next = Head { to: s.to, ..c };
            // Punctuation never opens or closes a span (", 8 اكتوبر 2024,"),
            // except a bracket closing one the span opened.
            let punct = (c.to..s.to).all(|w| lat.words.get(w).is_some_and(|w| w.punct));
            let closes = punct
                && lat.text.get(s.start..s.end) == Some(")")
                && c.start < c.end
                && lat.text[c.start..c.end].contains('(');
            if !e.context && !punct {
                next.start = next.start.min(s.start);
                next.end = next.end.max(s.end);
            } else if !e.context && closes {
                next.end = next.end.max(s.end);
            }
            self.walk(g, lat, ei + 1, next, &s.slots, out, bufs);
        }
        bufs[ei] = steps;
        if e.optional {
            self.walk(g, lat, ei + 1, c, slots, out, bufs);
        }
    }
}

/// Where a match in progress stands: its first word, the word after its
/// last, and its bytes so far.
#[derive(Debug, Clone, Copy)]
struct Head {
    from: usize,
    to: usize,
    start: usize,
    end: usize,
}

/// The classes each word can be read as ([`word_mask`]), and the most words
/// one reading in the lattice spans: what [`Pattern::may_match`] looks ahead
/// in.
///
/// `may_match` asks, for every pattern that may start at a word, whether
/// some word of a stretch ahead has a class: millions of questions over a
/// long text. A sparse table of the masks or-ed over runs of 2, 4, 8…
/// words answers each with two look-ups instead of a scan of the stretch.
pub(crate) struct Reach<'m> {
    masks: &'m [u128],
    /// `runs[k][j]`: the classes of words `j .. j + 2^(k+1)`.
    runs: Vec<Vec<u128>>,
    pub longest: usize,
}

/// Runs of up to 2^(RUN_LEVELS) words are or-ed ahead of time; a longer
/// stretch is covered by several.
const RUN_LEVELS: usize = 5;

impl<'m> Reach<'m> {
    pub fn new(lat: &Lattice, word_masks: &'m [u128]) -> Reach<'m> {
        let longest = lat
            .edges
            .iter()
            .enumerate()
            .flat_map(|(i, es)| es.iter().map(move |e| e.to.saturating_sub(i)))
            .max()
            .unwrap_or(1)
            .max(1);
        Reach::of_masks(word_masks, longest)
    }

    fn of_masks(word_masks: &'m [u128], longest: usize) -> Reach<'m> {
        let mut runs: Vec<Vec<u128>> = Vec::with_capacity(RUN_LEVELS);
        for k in 0..RUN_LEVELS {
            let half = 1 << k;
            let below = runs.last().map_or(word_masks, Vec::as_slice);
            if below.len() <= half {
                break;
            }
            let level: Vec<u128> = (0..below.len() - half)
                .map(|j| below[j] | below[j + half])
                .collect();
            runs.push(level);
        }
        Reach {
            masks: word_masks,
            runs,
            longest,
        }
    }

    /// Whether a word in `[i, last]` can be read as one of `mask`'s classes.
    fn any(&self, mask: u128, i: usize, last: usize) -> bool {
        let last = last.min(self.masks.len().saturating_sub(1));
        if i > last || self.masks.is_empty() {
            return false;
        }
        let len = last - i + 1;
        // the widest run that fits, or the words themselves
        let k = (usize::BITS - 1 - len.leading_zeros()) as usize;
        let (level, width) = match k.min(self.runs.len()) {
            0 => (self.masks, 1),
            k => (self.runs[k - 1].as_slice(), 1 << k),
        };
        // runs from i, the last one ending at `last` (runs may overlap)
        let mut j = i;
        loop {
            let at = j.min(last + 1 - width);
            if level[at] & mask != 0 {
                return true;
            }
            if at + width > last {
                return false;
            }
            j += width;
        }
    }
}

/// Bits of the classes a word can be read as; markers from bit 16.
const MARKER_BIT0: usize = 17;

fn kind_bit(k: &ElemKind) -> Option<u128> {
    use ElemKind::*;
    Some(match k {
        Weekday => 1 << 0,
        Month => 1 << 1,
        Day => 1 << 2,
        Year => 1 << 3,
        MonthNumber => 1 << 4,
        HijriMonth => 1 << 5,
        HijriYear => 1 << 6,
        Count => 1 << 7,
        Unit => 1 << 8,
        RelDay => 1 << 9,
        Part => 1 << 10,
        Season => 1 << 11,
        Nth => 1 << 12,
        Clock => 1 << 13,
        // digits, a number word, an ordinal word, or a clock
        Hour => (1 << 2) | (1 << 7) | (1 << 12) | (1 << 13),
        Minute => (1 << 2) | (1 << 7),
        Decade => 1 << 3,
        Ref => 1 << 14,
        Holiday => 1 << 15,
        Rec => 1 << 16,
        Marker(m, _) if m + MARKER_BIT0 < 128 => 1 << (m + MARKER_BIT0),
        Marker(..) => return None,
        Word(_) | Boundary => 0,
    })
}

/// The classes ([`kind_bit`]) the readings starting at word `i` can fill:
/// a superset of what [`step`] accepts there. `month_word` is the index of
/// that marker, which opens a month ("شهر 3").
pub(crate) fn word_mask(lat: &Lattice, i: usize, month_word: Option<usize>) -> u128 {
    let mut mask = 0u128;
    for e in lat.edges.get(i).into_iter().flatten() {
        mask |= match e.meaning {
            Meaning::Weekday(_) => 1 << 0,
            Meaning::Month { .. } => 1 << 1,
            Meaning::HijriMonth(_) => 1 << 5,
            Meaning::Unit(..) => 1 << 8,
            Meaning::RelativeDay(_) => 1 << 9,
            Meaning::Part(_) => 1 << 10,
            Meaning::Season(_) => 1 << 11,
            Meaning::Clock { .. } => 1 << 13,
            Meaning::Reference(_) => 1 << 14,
            Meaning::Holiday(_) => 1 << 15,
            Meaning::Recurrence(_) => 1 << 16,
            // Day, year, month number, Hijri year, count, ordinal.
            Meaning::Digits { .. } => 0b1_0000_1101_1100,
            Meaning::Ordinal(_) => (1 << 2) | (1 << 12),
            Meaning::Cardinal(_) => 1 << 7,
            Meaning::Marker(m) => {
                let bit = if m + MARKER_BIT0 < 128 {
                    1 << (m + MARKER_BIT0)
                } else {
                    u128::MAX
                };
                if Some(m) == month_word {
                    bit | (1 << 1)
                } else {
                    bit
                }
            }
        };
    }
    mask
}

fn elem_kind(name: &str, markers: &[String]) -> Result<ElemKind, String> {
    use ElemKind::*;
    Ok(match name {
        "weekday" => Weekday,
        "month" => Month,
        "day" => Day,
        "year" => Year,
        "mnum" => MonthNumber,
        "hmonth" => HijriMonth,
        "hyear" => HijriYear,
        "num" => Count,
        "unit" => Unit,
        "reld" => RelDay,
        "ref" => Ref,
        "holiday" => Holiday,
        "rec" => Rec,
        "part" => Part,
        "season" => Season,
        "nth" => Nth,
        "clock" => Clock,
        "hour" => Hour,
        "minute" => Minute,
        "decade" => Decade,
        "^" => Boundary,
        w if w.len() > 2 && w.starts_with('\'') && w.ends_with('\'') => {
            Word(super::grammar::key(&w[1..w.len() - 1]))
        }
        m => {
            let idx = markers.iter().position(|x| x == m).ok_or_else(|| {
                format!("unknown element {m:?} (not a class or a [markers] list)")
            })?;
            // "past_pre" is a past marker written before its noun ("last week").
            let effect = match m.split('_').next().unwrap_or(m) {
                "yearrel" => match m.rsplit('_').next() {
                    Some("last") => Effect::YearRel(-1),
                    Some("next") => Effect::YearRel(1),
                    _ => Effect::YearRel(0),
                },
                "past" => Effect::Rel(Rel::Past),
                "next" => Effect::Rel(Rel::Next),
                "this" => Effect::Rel(Rel::This),
                "ago" => Effect::Ago,
                "hijri" => Effect::Hijri,
                "approx" => Effect::Approx,
                "in" => Effect::In,
                "last" => Effect::Last,
                "the" => Effect::Definite,
                "yearago" => Effect::YearAgo,
                "am" => Effect::DayPart(DayPart::Am),
                "pm" => Effect::DayPart(DayPart::Pm),
                "noon" => Effect::DayPart(DayPart::Noon),
                "quarter" => Effect::Fraction(15),
                "half" => Effect::Fraction(30),
                "third" => Effect::Fraction(20),
                "minus" => Effect::Minus,
                "utc" => Effect::Utc,
                "every" => Effect::Every,
                "late" => Effect::Late,
                _ => Effect::None,
            };
            Marker(idx, effect)
        }
    })
}

/// Buffers [`Pattern::matches`] reuses from one call to the next.
#[derive(Default)]
pub(crate) struct Scratch(Vec<Vec<Step>>);

/// One way an element consumes words: where it ends and what it sets.
struct Step {
    to: usize,
    start: usize,
    end: usize,
    /// The slots after this element.
    slots: Slots,
}

fn step(
    g: &TimeGrammar,
    lat: &Lattice,
    kind: &ElemKind,
    to_label: bool,
    i: usize,
    base: &Slots,
    out: &mut Vec<Step>,
) {
    let Some(edges) = lat.edges.get(i) else {
        return;
    };
    // (the slots are copied once, into their place in `out`)
    let mut push = |e: &super::lattice::Edge, f: &dyn Fn(&mut Slots)| {
        out.push(Step {
            to: e.to,
            start: e.start,
            end: e.end,
            slots: *base,
        });
        if let Some(step) = out.last_mut() {
            f(&mut step.slots);
        }
    };
    for e in edges {
        match (kind, e.meaning) {
            (ElemKind::Weekday, Meaning::Weekday(w)) => {
                let (s, en) = (e.start, e.end);
                push(e, &move |sl: &mut Slots| sl.weekday = Some((s, en, w)));
            }
            (ElemKind::Day, m) => {
                let d = match m {
                    Meaning::Digits {
                        value,
                        len,
                        suffix: Suffix::None | Suffix::Ordinal,
                    } if len <= 2 => value,
                    Meaning::Ordinal(v) => v,
                    _ => continue,
                };
                if (1..=31).contains(&d) {
                    let d = d as u32;
                    push(e, &move |sl: &mut Slots| {
                        if to_label {
                            sl.day2 = Some(d)
                        } else {
                            sl.day = Some(d)
                        }
                    });
                }
            }
            (
                ElemKind::Year,
                Meaning::Digits {
                    value,
                    len: 4,
                    suffix,
                },
            ) => {
                if !(1000..=2999).contains(&value)
                    || suffix == Suffix::Quantity
                    || suffix == Suffix::Ordinal
                    || suffix == Suffix::Decade
                {
                    continue;
                }
                let y = value as i32;
                let hijri = suffix == Suffix::Hijri;
                push(e, &move |sl: &mut Slots| {
                    if to_label {
                        sl.year2 = Some(y)
                    } else {
                        sl.year = Some(y)
                    }
                    sl.hijri |= hijri;
                });
            }
            (
                ElemKind::HijriYear,
                Meaning::Digits {
                    value,
                    len: 3 | 4,
                    suffix,
                },
            ) => {
                if suffix == Suffix::Quantity || suffix == Suffix::Ordinal {
                    continue;
                }
                let y = value as i32;
                push(e, &move |sl: &mut Slots| {
                    sl.year = Some(y);
                    sl.hijri = true;
                });
            }
            (
                ElemKind::MonthNumber,
                Meaning::Digits {
                    value,
                    len: 1 | 2,
                    suffix: Suffix::None,
                },
            ) if (1..=12).contains(&value) => {
                let m = value as u32;
                push(e, &move |sl: &mut Slots| sl.month = Some(m));
            }
            (ElemKind::HijriMonth, Meaning::HijriMonth(m)) => {
                push(e, &move |sl: &mut Slots| {
                    sl.month = Some(m);
                    sl.hijri = true;
                });
            }
            (
                ElemKind::Count,
                Meaning::Digits {
                    value,
                    len: 1..=3,
                    suffix: Suffix::None,
                },
            )
            | (ElemKind::Count, Meaning::Cardinal(value)) => {
                push(e, &move |sl: &mut Slots| sl.count = Some(value));
            }
            (ElemKind::Unit, Meaning::Unit(u, n)) => {
                push(e, &move |sl: &mut Slots| sl.unit = Some((u, n)));
            }
            (ElemKind::RelDay, Meaning::RelativeDay(d)) => {
                push(e, &move |sl: &mut Slots| sl.reld = Some(d));
            }
            (ElemKind::Ref, Meaning::Reference(r)) => {
                push(e, &move |sl: &mut Slots| sl.reference = Some(r));
            }
            (ElemKind::Rec, Meaning::Recurrence(u)) => {
                push(e, &move |sl: &mut Slots| {
                    sl.unit = Some((u, 1));
                    sl.every = true;
                });
            }
            (ElemKind::Holiday, Meaning::Holiday(h)) => {
                push(e, &move |sl: &mut Slots| sl.holiday = Some(h));
            }
            (ElemKind::Part, Meaning::Part(p)) => {
                push(e, &move |sl: &mut Slots| sl.part = Some(p));
            }
            (ElemKind::Season, Meaning::Season(s)) => {
                push(e, &move |sl: &mut Slots| sl.season = Some(s));
            }
            (ElemKind::Nth, Meaning::Ordinal(n))
            | (
                ElemKind::Nth,
                Meaning::Digits {
                    value: n,
                    suffix: Suffix::Ordinal,
                    ..
                },
            ) => {
                push(e, &move |sl: &mut Slots| sl.nth = Some(n));
            }
            (
                ElemKind::Decade,
                Meaning::Digits {
                    value,
                    suffix: Suffix::Decade,
                    ..
                },
            ) => {
                let y = value as i32;
                push(e, &move |sl: &mut Slots| {
                    sl.year = Some(y);
                    sl.decade = true;
                });
            }
            (ElemKind::Clock, Meaning::Clock { h, m, s })
            | (ElemKind::Hour, Meaning::Clock { h, m, s }) => {
                push(e, &move |sl: &mut Slots| {
                    sl.hour = Some(h);
                    sl.minute = Some(m);
                    sl.second = (s > 0).then_some(s);
                })
            }
            (
                ElemKind::Hour,
                Meaning::Digits {
                    value: h @ 0..=24,
                    len: 1 | 2,
                    suffix: Suffix::None,
                },
            )
            | (ElemKind::Hour, Meaning::Cardinal(h @ 1..=12))
            | (ElemKind::Hour, Meaning::Ordinal(h @ 1..=12)) => {
                push(e, &move |sl: &mut Slots| sl.hour = Some(h as u32));
            }
            (
                ElemKind::Minute,
                Meaning::Digits {
                    value: m @ 0..=59,
                    len: 1 | 2,
                    suffix: Suffix::None,
                },
            )
            | (ElemKind::Minute, Meaning::Cardinal(m @ 1..=59))
                // minutes are joined to the hour by "و" ("و18 دقيقة", "و 18"):
                // "الثانية عشرة" is twelve, not two and ten minutes
                if e.start > lat.words[i].start || (i > 0 && lat.word(i - 1) == "و") =>
            {
                push(e, &move |sl: &mut Slots| sl.minute = Some(m as u32));
            }
            (ElemKind::Marker(want, effect), Meaning::Marker(got)) if *want == got => {
                let effect = *effect;
                push(e, &move |sl: &mut Slots| match effect {
                    Effect::None => {}
                    Effect::Rel(r) => sl.rel = Some(r),
                    Effect::Ago => sl.ago = true,
                    Effect::Hijri => sl.hijri = true,
                    Effect::Approx => sl.approx = true,
                    Effect::In => sl.in_context = true,
                    Effect::Last => sl.last = true,
                    Effect::Definite => sl.definite = true,
                    Effect::YearAgo => sl.years_back = 1,
                    Effect::DayPart(d) => sl.daypart = Some(d),
                    Effect::Fraction(m) => sl.minute = Some(m),
                    Effect::Minus => sl.minus = true,
                    Effect::Utc => sl.utc = true,
                    Effect::Every => sl.every = true,
                    Effect::Late => sl.part = Some(Part::Late),
                    Effect::YearRel(k) => sl.year_rel = Some(k),
                });
            }
            _ => {}
        }
    }
    if *kind == ElemKind::Month {
        for r in month_readings(g, lat, i) {
            let mut slots = *base;
            if to_label {
                slots.month2 = Some(r.n);
            } else {
                slots.month = Some(r.n);
            }
            slots.weak_month |= r.weak;
            slots.fuzzy_month |= r.fuzzy;
            out.push(Step {
                to: r.to,
                start: r.start,
                end: r.end,
                slots,
            });
        }
    }
    if let ElemKind::Word(w) = kind {
        let n = w.split(' ').count();
        if i + n <= lat.len() && w.split(' ').zip(i..i + n).all(|(p, j)| lat.word(j) == p) {
            out.push(Step {
                to: i + n,
                start: lat.words[i].start,
                end: lat.words[i + n - 1].end,
                slots: *base,
            });
        }
    }
}

struct MonthReading {
    to: usize,
    start: usize,
    end: usize,
    n: u32,
    weak: bool,
    fuzzy: bool,
}

/// The ways a month is written at word `i`: a name, a name joined to its
/// name in the other system ("يناير/كانون الثاني", "تشرين الثاني (نوفمبر)"),
/// either after "شهر", or "شهر" with a number ("شهر 3", "الشهر التاسع").
/// A joined pair is as strong and exact as its better half. A month given
/// by a digit is weak; by a number word ("شهر ثلاثة", "الشهر الأول", which
/// is also "the first month" of anything) it needs a day or year, like a
/// misspelt name.
fn month_readings(g: &TimeGrammar, lat: &Lattice, i: usize) -> Vec<MonthReading> {
    let mut out = Vec::new();
    let Some(edges) = lat.edges.get(i) else {
        return out;
    };
    let month_word = g.marker("month_word");
    for e in edges {
        match e.meaning {
            Meaning::Month { .. } => {
                for (to, end, n, weak, fuzzy) in month_with_alternate(g, lat, e) {
                    out.push(MonthReading {
                        to,
                        start: e.start,
                        end,
                        n,
                        weak,
                        fuzzy,
                    });
                }
            }
            Meaning::Marker(m) if Some(m) == month_word => {
                for e2 in lat.edges.get(e.to).into_iter().flatten() {
                    let (n, weak, fuzzy) = match e2.meaning {
                        Meaning::Month { .. } => {
                            for (to, end, n, weak, fuzzy) in month_with_alternate(g, lat, e2) {
                                out.push(MonthReading {
                                    to,
                                    start: e.start,
                                    end,
                                    n,
                                    weak,
                                    fuzzy,
                                });
                            }
                            continue;
                        }
                        Meaning::Digits {
                            value,
                            len: 1 | 2,
                            suffix: Suffix::None,
                        } => (value, true, false),
                        Meaning::Cardinal(v) if v >= 2 => (v, true, true),
                        Meaning::Ordinal(v) => (v, true, true),
                        _ => continue,
                    };
                    if (1..=12).contains(&n) {
                        out.push(MonthReading {
                            to: e2.to,
                            start: e.start,
                            end: e2.end,
                            n: n as u32,
                            weak,
                            fuzzy,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A month name alone, or joined to its name in the other system:
/// `(to, end, month, weak, fuzzy)`.
fn month_with_alternate(
    g: &TimeGrammar,
    lat: &Lattice,
    e: &super::lattice::Edge,
) -> Vec<(usize, usize, u32, bool, bool)> {
    let Meaning::Month { n, weak } = e.meaning else {
        return Vec::new();
    };
    let mut out = vec![(e.to, e.end, n, weak, e.fuzzy)];
    let join = g.marker("month_join");
    let Some(joins) = lat.edges.get(e.to) else {
        return out;
    };
    for j in joins {
        if !matches!(j.meaning, Meaning::Marker(m) if Some(m) == join) {
            continue;
        }
        let paren = lat.word(e.to) == "(";
        for e2 in lat.edges.get(j.to).into_iter().flatten() {
            if let Meaning::Month { n: n2, weak: weak2 } = e2.meaning {
                if n2 != n {
                    continue;
                }
                let (mut to, mut end) = (e2.to, e2.end);
                if paren && to < lat.len() && lat.word(to) == ")" {
                    end = lat.words[to].end;
                    to += 1;
                }
                out.push((to, end, n, weak && weak2, e.fuzzy && e2.fuzzy));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Reach;
    use proptest::prelude::*;

    proptest! {
        /// The sparse table answers as a scan of the stretch does, for
        /// every stretch, long or short, in or past the text.
        #[test]
        fn reach_answers_as_a_scan(
            // (most words have no class, as in text)
            masks in proptest::collection::vec(
                prop_oneof![12 => Just(0u128), 1 => (0u32..4).prop_map(|b| 1u128 << b)],
                0..120,
            ),
            mask in (0u32..4).prop_map(|b| 1u128 << b),
            i in 0usize..130,
            len in 0usize..140,
        ) {
            let reach = Reach::of_masks(&masks, 1);
            let last = i + len;
            let scan = masks
                .get(i..=last.min(masks.len().saturating_sub(1)))
                .is_some_and(|ms| ms.iter().any(|&m| m & mask != 0));
            prop_assert_eq!(reach.any(mask, i, last), scan);
        }
    }
}
