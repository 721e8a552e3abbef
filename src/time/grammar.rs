//! The time rule file (`rules/time.toml`): its serde schema, and compilation
//! into the lookup tables and patterns the engine runs.
//!
//! Every table is read with `deny_unknown_fields`, so a misspelt key is an
//! error naming its line rather than a rule that silently never fires. Lexicon
//! words are folded with [`crate::normalize::fold`] and split into words the
//! same way the text is, so the file can be written in ordinary spelling
//! (أ, ة, ى, capitals) and still match normalized text.

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

use serde::Deserialize;

use super::lattice::{raw_words, Meaning, Part, Unit};
use super::pattern::Pattern;

/// The rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    /// What kind of rule file this is; must be "time-grammar".
    kind: String,
    settings: Settings,
    month: Vec<Named>,
    hijri_month: Vec<Named>,
    weekday: Vec<Named>,
    number: Vec<Named>,
    ordinal: Vec<Named>,
    relative_day: Vec<RelativeDay>,
    /// Deictic and vague references ("now", "recently", "في المستقبل").
    #[serde(default)]
    reference: Vec<ReferenceWords>,
    unit: Vec<UnitWords>,
    /// Words that say "every unit" ("daily", "يوميا"): TIMEX3's SET.
    #[serde(default)]
    recurrence: Vec<RecurrenceWords>,
    part: Vec<PartWords>,
    season: Vec<SeasonWords>,
    /// Feasts and holidays: a calendar of known days, Gregorian, Hijri or
    /// Easter-based.
    #[serde(default)]
    holiday: Vec<HolidayWords>,
    markers: BTreeMap<String, Vec<String>>,
    direction: DirectionCues,
    reporting: ReportingCues,
    pattern: Vec<PatternSpec>,
    tail: Vec<PatternSpec>,
    #[serde(default)]
    test: Vec<Example>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Settings {
    /// Proclitics stripped from an Arabic word before lexicon lookup.
    proclitics: Vec<String>,
    /// Month names at least this many letters long tolerate one typo.
    fuzzy_min_letters: usize,
    /// Words never taken for a misspelt month (real words one letter away).
    not_fuzzy: Vec<String>,
}

/// A lexicon entry with a number: a month, weekday (ISO, Monday = 1), a
/// cardinal or ordinal number.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Named {
    number: i64,
    names: Vec<String>,
    /// Names that are also ordinary words ("may", "آب"): they only count as a
    /// month inside a larger expression (with a day, a year, "last"…).
    #[serde(default)]
    weak: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelativeDay {
    offset: i64,
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceWords {
    /// `PRESENT_REF`, `PAST_REF` or `FUTURE_REF`.
    timex: String,
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitWords {
    unit: String,
    /// 2 for Arabic duals ("يومين", "أسبوعين").
    #[serde(default = "one")]
    count: i64,
    names: Vec<String>,
}

fn one() -> i64 {
    1
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecurrenceWords {
    unit: String,
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartWords {
    part: String,
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeasonWords {
    /// First month of the season.
    start_month: u32,
    /// Added to the written year to get the year of `start_month`
    /// (winter 2026 starts in December 2025).
    #[serde(default)]
    year_offset: i32,
    names: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayWords {
    /// `gregorian` (month and day), `hijri` (Hijri month and day; day 0 is
    /// the whole month, as Ramadan), `easter` (Western Easter Sunday) or
    /// `weekday` (the `nth` `weekday` of the month; -1 is the last).
    calendar: String,
    #[serde(default)]
    month: u32,
    #[serde(default)]
    day: u32,
    #[serde(default)]
    weekday: Option<String>,
    #[serde(default)]
    nth: i64,
    names: Vec<String>,
}

/// A holiday as the resolver reads it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Holiday {
    Gregorian(u32, u32),
    /// Hijri month and day; day 0 is the whole month.
    Hijri(u32, u32),
    Easter,
    /// The nth weekday of a month (`None`: the last).
    NthWeekday(u32, chrono::Weekday, Option<i64>),
}

/// Words near an expression that say which way an open date points
/// (see [`TimeGrammar::direction_hint`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DirectionCues {
    /// How many words before the expression are looked at.
    before: usize,
    /// How many words after it.
    after: usize,
    /// Words that mark what is announced or expected ("will", "سوف").
    future: Vec<String>,
    /// Words that mark a report of what happened ("said", "قال"); they
    /// stop a farther future cue from deciding ("said Tuesday it would").
    past: Vec<String>,
    /// Words right before the expression that point ahead unless another cue
    /// in the window says otherwise: "by" ("to pay the loan by February",
    /// but "was finished by March").
    #[serde(default)]
    deadline: Vec<String>,
}

/// Words that say a sentence reports a company's periodic results ("third
/// quarter", "cents a share", "$"): there "a year ago" and "the year-earlier
/// period" name the reporting quarter a year back, not a whole year.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportingCues {
    /// How many words either side of the expression are looked at.
    window: usize,
    cues: Vec<String>,
    /// Words that make the compared period longer than a quarter ("the
    /// nine months"): near them the year stays a year.
    longer: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternSpec {
    id: String,
    #[serde(rename = "match")]
    seq: String,
}

/// A worked example carried by the rule file and run by the unit tests.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// Input text (not yet normalized).
    pub text: String,
    /// Anchor date, "YYYY-MM-DD".
    #[serde(default)]
    pub anchor: Option<String>,
    /// "past" (default) or "future".
    #[serde(default)]
    pub direction: Option<String>,
    /// The values [`super::TimeExpr::value`] of every expression found, in order.
    pub values: Vec<String>,
    /// Optionally, the normalized text of each expression's span.
    #[serde(default)]
    pub spans: Option<Vec<String>>,
    /// Optionally, the time of day of each expression ("15:15", "08:30Z"),
    /// "" where it says none.
    #[serde(default)]
    pub clocks: Option<Vec<String>>,
}

/// The compiled grammar: lexicon keyed by folded word sequence, patterns.
pub struct TimeGrammar {
    /// Unique to this grammar in the process: what the lattice's word cache
    /// is kept for.
    pub(super) id: u64,
    /// Folded lexicon key (words joined by one space) → meanings.
    pub(super) lexicon: HashMap<String, Vec<Meaning>>,
    /// Longest lexicon entry, in words.
    pub(super) max_words: usize,
    /// First words of every lexicon entry, each with whether it begins one
    /// of more than one word: a word that is none of them begins no entry.
    pub(super) first_words: HashMap<String, bool>,
    /// The first two or more words of every entry longer than that (keys
    /// as in `lexicon`): a reading that is none of them goes no further.
    pub(super) prefixes: rustc_hash::FxHashSet<String>,
    /// Every word that follows another in a lexicon entry ("day" of "the
    /// day before"): a word that is none of them ends every longer reading.
    pub(super) later_words: rustc_hash::FxHashSet<String>,
    /// Single words of month names long enough for typo tolerance.
    pub(super) fuzzy_words: Vec<String>,
    /// Length in characters of each of `fuzzy_words`.
    pub(super) fuzzy_lens: Vec<usize>,
    /// The `fuzzy_words` (by index) by their first two letters, and by
    /// their last two: two words of three letters or more within one edit
    /// of each other share one or the other (the edit leaves the first two
    /// alone, or what follows it is the same in both).
    pub(super) fuzzy_by_ends: HashMap<(char, char, bool), Vec<usize>>,
    /// For each letter below U+0700 (by code), the lengths (bit `l` for
    /// `l` characters) of the `fuzzy_words` that have it among their first
    /// two letters: a look-up without hashing that rules out most words of
    /// running text, since a word within one edit of another shares a
    /// letter among its first two with it and differs in length by one at
    /// most.
    fuzzy_lengths: Vec<u64>,
    pub(super) not_fuzzy: Vec<String>,
    pub(super) proclitics: Vec<String>,
    pub(super) marker_names: Vec<String>,
    pub(super) seasons: Vec<(u32, i32)>,
    pub(super) holidays: Vec<Holiday>,
    pub(super) patterns: Vec<Pattern>,
    pub(super) tails: Vec<Pattern>,
    pub(super) examples: Vec<Example>,
    /// Direction cues: folded word sequences, and the window around an
    /// expression they are looked for in.
    pub(super) future_cues: Vec<Vec<String>>,
    pub(super) deadline_cues: Vec<Vec<String>>,
    /// The one-word names of universal time ("gmt", "utc"), folded: four
    /// digits before one are a time of day ("0630 GMT").
    pub(super) utc_words: Vec<String>,
    pub(super) past_cues: Vec<Vec<String>>,
    /// The direction cues by their first word and by their last, each as
    /// (past, its place in `past_cues` or `future_cues`): only the cues a
    /// word may begin or end are tried there.
    pub(super) cues_by_first: HashMap<String, Vec<(bool, usize)>>,
    pub(super) cues_by_last: HashMap<String, Vec<(bool, usize)>>,
    pub(super) cue_window: (usize, usize),
    /// Reporting-period cues (folded word sequences) and their window.
    pub(super) reporting_cues: Vec<Vec<String>>,
    pub(super) reporting_window: usize,
    pub(super) reporting_longer: Vec<Vec<String>>,
    /// For each class bit ([`super::pattern::word_mask`]), the patterns
    /// that may start at a word read as that class, as a bit set over
    /// `patterns`; and for each literal first word, those that may start
    /// with it. Together, the patterns [`Pattern::may_start`] lets start
    /// at a word.
    pub(super) starts_by_class: Vec<Vec<u64>>,
    pub(super) starts_by_word: HashMap<String, Vec<u64>>,
}

impl std::fmt::Debug for TimeGrammar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TimeGrammar")
            .field("lexicon_entries", &self.lexicon.len())
            .field("patterns", &self.patterns.len())
            .finish()
    }
}

/// 1-based line of the first occurrence of `needle` in `src`.
fn line_of(src: &str, needle: &str) -> usize {
    src.find(needle)
        .map_or(0, |i| src[..i].matches('\n').count() + 1)
}

/// A word's first two letters and its last two (`true`), the keys of
/// [`TimeGrammar::fuzzy_by_ends`]; none for a word of fewer than two.
pub(super) fn ends_key(w: &str) -> impl Iterator<Item = (char, char, bool)> {
    let mut head = w.chars();
    let mut tail = w.chars().rev();
    let first = head.next().zip(head.next()).map(|(a, b)| (a, b, false));
    let last = tail.next().zip(tail.next()).map(|(z, y)| (y, z, true));
    first.into_iter().chain(last)
}

/// Folded lexicon key for a name: the same words the lattice sees in text.
pub(super) fn key(name: &str) -> String {
    let folded = crate::normalize::fold(name);
    raw_words(&folded)
        .iter()
        .map(|w| &folded[w.start..w.end])
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cue phrases as folded word sequences, empty ones dropped.
fn cue_keys(names: &[String]) -> Vec<Vec<String>> {
    names
        .iter()
        .map(|n| key(n))
        .filter(|k| !k.is_empty())
        .map(|k| k.split(' ').map(str::to_string).collect())
        .collect()
}

impl TimeGrammar {
    /// Parse and compile a time rule file. Errors name the offending line.
    pub fn from_toml(src: &str) -> Result<TimeGrammar, String> {
        let file: RuleFile = toml::from_str(src).map_err(|e| e.to_string())?;
        if file.kind != "time-grammar" {
            return Err(format!(
                "line {}: kind must be \"time-grammar\", not {:?}",
                line_of(src, "kind"),
                file.kind
            ));
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut g = TimeGrammar {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            lexicon: HashMap::default(),
            max_words: 1,
            first_words: HashMap::default(),
            prefixes: Default::default(),
            later_words: Default::default(),
            fuzzy_words: Vec::new(),
            fuzzy_lens: Vec::new(),
            fuzzy_by_ends: HashMap::default(),
            fuzzy_lengths: vec![0; 0x700],
            not_fuzzy: file.settings.not_fuzzy.iter().map(|w| key(w)).collect(),
            proclitics: file.settings.proclitics.iter().map(|w| key(w)).collect(),
            marker_names: file.markers.keys().cloned().collect(),
            seasons: Vec::new(),
            holidays: Vec::new(),
            patterns: Vec::new(),
            tails: Vec::new(),
            examples: file.test,
            future_cues: cue_keys(&file.direction.future),
            deadline_cues: cue_keys(&file.direction.deadline),
            utc_words: Vec::new(),
            past_cues: cue_keys(&file.direction.past),
            cues_by_first: HashMap::default(),
            cues_by_last: HashMap::default(),
            cue_window: (file.direction.before, file.direction.after),
            reporting_cues: cue_keys(&file.reporting.cues),
            reporting_window: file.reporting.window,
            reporting_longer: cue_keys(&file.reporting.longer),
            starts_by_class: Vec::new(),
            starts_by_word: HashMap::default(),
        };
        let bad = |what: &str, v: &dyn std::fmt::Display, needle: &str| {
            format!("line {}: {what} {v} out of range", line_of(src, needle))
        };
        for m in &file.month {
            if !(1..=12).contains(&m.number) {
                return Err(bad("month", &m.number, &format!("number = {}", m.number)));
            }
            for n in &m.names {
                let weak = m.weak.contains(n);
                g.add(
                    n,
                    Meaning::Month {
                        n: m.number as u32,
                        weak,
                    },
                );
                for w in key(n).split(' ') {
                    let long = w.chars().count() >= file.settings.fuzzy_min_letters;
                    if long && !g.fuzzy_words.iter().any(|f| f == w) {
                        g.fuzzy_words.push(w.to_string());
                        g.fuzzy_lens.push(w.chars().count());
                    }
                }
            }
            if let Some(w) = m.weak.iter().find(|w| !m.names.contains(w)) {
                return Err(format!(
                    "line {}: weak month name {w:?} is not among the month's names",
                    line_of(src, w)
                ));
            }
        }
        for m in &file.hijri_month {
            for n in &m.names {
                g.add(n, Meaning::HijriMonth(m.number as u32));
            }
        }
        for d in &file.weekday {
            let wd = chrono::Weekday::try_from((d.number - 1).rem_euclid(7) as u8)
                .map_err(|_| bad("weekday", &d.number, &format!("number = {}", d.number)))?;
            for n in &d.names {
                g.add(n, Meaning::Weekday(wd));
            }
        }
        for c in &file.number {
            for n in &c.names {
                g.add(n, Meaning::Cardinal(c.number));
            }
        }
        for o in &file.ordinal {
            for n in &o.names {
                g.add(n, Meaning::Ordinal(o.number));
            }
        }
        for r in &file.relative_day {
            for n in &r.names {
                g.add(n, Meaning::RelativeDay(r.offset));
            }
        }
        for r in &file.reference {
            let kind = super::Reference::parse(&r.timex).ok_or_else(|| {
                format!(
                    "[[reference]] timex {:?}: expected PRESENT_REF, PAST_REF or FUTURE_REF",
                    r.timex
                )
            })?;
            for n in &r.names {
                g.add(n, Meaning::Reference(kind));
            }
        }
        let unit_of = |name: &str| -> Result<Unit, String> {
            Ok(match name {
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "quarter" => Unit::Quarter,
                "half" => Unit::Half,
                "year" => Unit::Year,
                "weekend" => Unit::Weekend,
                "period" => Unit::Period,
                "hour" => Unit::Hour,
                "minute" => Unit::Minute,
                "decade" => Unit::Decade,
                "century" => Unit::Century,
                other => {
                    return Err(format!(
                        "line {}: unknown unit {other:?} (minute, hour, day, week, weekend, month, quarter, half, year, decade, century, period)",
                        line_of(src, &format!("\"{other}\""))
                    ))
                }
            })
        };
        for u in &file.unit {
            let unit = unit_of(&u.unit)?;
            for n in &u.names {
                g.add(n, Meaning::Unit(unit, u.count));
            }
        }
        for r in &file.recurrence {
            let unit = unit_of(&r.unit)?;
            for n in &r.names {
                g.add(n, Meaning::Recurrence(unit));
            }
        }
        for p in &file.part {
            let part = match p.part.as_str() {
                "early" => Part::Early,
                "mid" => Part::Mid,
                "late" => Part::Late,
                other => {
                    return Err(format!(
                        "line {}: unknown part {other:?} (early, mid, late)",
                        line_of(src, &format!("\"{other}\""))
                    ))
                }
            };
            for n in &p.names {
                g.add(n, Meaning::Part(part));
            }
        }
        for (i, s) in file.season.iter().enumerate() {
            g.seasons.push((s.start_month, s.year_offset));
            for n in &s.names {
                g.add(n, Meaning::Season(i));
            }
        }
        for h in &file.holiday {
            let holiday = match h.calendar.as_str() {
                "gregorian" => Holiday::Gregorian(h.month, h.day),
                "hijri" => Holiday::Hijri(h.month, h.day),
                "easter" => Holiday::Easter,
                "weekday" => {
                    let wd: chrono::Weekday = h
                        .weekday
                        .as_deref()
                        .unwrap_or_default()
                        .parse()
                        .map_err(|_| {
                            format!(
                                "line {}: a weekday holiday needs weekday = \"monday\"…\"sunday\"",
                                line_of(src, "calendar = \"weekday\"")
                            )
                        })?;
                    Holiday::NthWeekday(h.month, wd, (h.nth > 0).then_some(h.nth))
                }
                other => {
                    return Err(format!(
                        "line {}: unknown holiday calendar {other:?} (gregorian, hijri, easter, weekday)",
                        line_of(src, &format!("\"{other}\""))
                    ))
                }
            };
            g.holidays.push(holiday);
            for n in &h.names {
                g.add(n, Meaning::Holiday(g.holidays.len() - 1));
            }
        }
        for (i, (_, words)) in file.markers.iter().enumerate() {
            for w in words {
                g.add(w, Meaning::Marker(i));
            }
        }
        g.utc_words = file
            .markers
            .get("utc")
            .into_iter()
            .flatten()
            .map(|w| key(w))
            .filter(|w| !w.contains(' '))
            .collect();
        for (specs, out) in [(&file.pattern, &mut g.patterns), (&file.tail, &mut g.tails)] {
            for p in specs {
                let compiled = Pattern::parse(&p.seq, &g.marker_names).map_err(|e| {
                    format!("line {}: pattern {:?}: {e}", line_of(src, &p.seq), p.id)
                })?;
                out.push(compiled);
            }
        }
        for (k, w) in g.fuzzy_words.iter().enumerate() {
            for c in w.chars().take(2) {
                if let Some(bits) = g.fuzzy_lengths.get_mut(c as usize) {
                    *bits |= 1u64.checked_shl(g.fuzzy_lens[k] as u32).unwrap_or(0);
                }
            }
            for key in ends_key(w) {
                let ks = g.fuzzy_by_ends.entry(key).or_default();
                if !ks.contains(&k) {
                    ks.push(k);
                }
            }
        }
        for (past, cues) in [(true, &g.past_cues), (false, &g.future_cues)] {
            for (k, cue) in cues.iter().enumerate() {
                if let (Some(first), Some(last)) = (cue.first(), cue.last()) {
                    g.cues_by_first
                        .entry(first.clone())
                        .or_default()
                        .push((past, k));
                    g.cues_by_last
                        .entry(last.clone())
                        .or_default()
                        .push((past, k));
                }
            }
        }
        let blocks = g.patterns.len().div_ceil(64);
        g.starts_by_class = vec![vec![0u64; blocks]; 128];
        for (pi, p) in g.patterns.iter().enumerate() {
            let (mask, words) = p.firsts();
            for (bit, set) in g.starts_by_class.iter_mut().enumerate() {
                if mask & (1u128 << bit) != 0 {
                    set[pi / 64] |= 1 << (pi % 64);
                }
            }
            for w in words {
                g.starts_by_word
                    .entry(w.clone())
                    .or_insert_with(|| vec![0u64; blocks])[pi / 64] |= 1 << (pi % 64);
            }
        }
        for needed in ["month_join"] {
            if !g.marker_names.iter().any(|m| m == needed) {
                return Err(format!("[markers] must define {needed:?}"));
            }
        }
        Ok(g)
    }

    /// Whether some month word whose first two letters include `c` is
    /// `len` characters long, give or take one. May say yes wrongly (a
    /// letter from U+0700 on, or a word of 63 letters or more); never no
    /// wrongly.
    pub(super) fn fuzzy_length_near(&self, c: char, len: usize) -> bool {
        let Some(&bits) = self.fuzzy_lengths.get(c as usize) else {
            return true;
        };
        if len + 1 >= 64 {
            return true;
        }
        let lo = len.saturating_sub(1);
        let lengths = (1u64 << (len + 2 - lo)) - 1;
        bits & (lengths << lo) != 0
    }

    fn add(&mut self, name: &str, meaning: Meaning) {
        let k = key(name);
        if k.is_empty() {
            return;
        }
        self.max_words = self.max_words.max(k.split(' ').count());
        for (at, _) in k.match_indices(' ').skip(1) {
            self.prefixes.insert(k[..at].to_string());
        }
        for w in k.split(' ').skip(1) {
            if !self.later_words.contains(w) {
                self.later_words.insert(w.to_string());
            }
        }
        match k.split_once(' ') {
            Some((first, _)) => {
                self.first_words.insert(first.to_string(), true);
            }
            None => {
                self.first_words.entry(k.clone()).or_insert(false);
            }
        }
        let slot = self.lexicon.entry(k).or_default();
        if !slot.contains(&meaning) {
            slot.push(meaning);
        }
    }

    /// The `[[test]]` examples the rule file carries.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    pub(super) fn marker(&self, name: &str) -> Option<usize> {
        self.marker_names.iter().position(|m| m == name)
    }
}
