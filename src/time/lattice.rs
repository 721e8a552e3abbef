//! Reading normalized text into words and marking, at each word, every
//! lexicon entry that starts there: the lattice the patterns walk.
//!
//! A word is a run of letters and digits, or a single punctuation mark, so
//! "2025-01-17" is five words and a lexicon key such as "twenty - first" is
//! matched word by word. A lattice rather than one reading per word because
//! words are ambiguous until the pattern decides: "الثاني" is an ordinal day
//! in "الثاني من نوفمبر" and half a month name in "كانون الثاني"; "اليوم" is
//! today and also the unit in "اليوم السابق".

use chrono::Weekday;

use super::grammar::TimeGrammar;
use crate::normalize::is_arabic;

/// One word of the normalized text: `[start, end)` bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawWord {
    pub start: usize,
    pub end: usize,
    pub punct: bool,
    /// Whitespace separates this word from the one before it.
    pub spaced: bool,
}

/// Split text into letter/digit runs and single punctuation marks.
pub(crate) fn raw_words(text: &str) -> Vec<RawWord> {
    let mut out: Vec<RawWord> = Vec::new();
    let mut run: Option<usize> = None;
    let mut spaced = true;
    for (i, c) in text.char_indices() {
        if crate::normalize::is_alnum(c) {
            if run.is_none() {
                run = Some(i);
            }
            continue;
        }
        if let Some(s) = run.take() {
            out.push(RawWord {
                start: s,
                end: i,
                punct: false,
                spaced,
            });
            spaced = false;
        }
        if c.is_whitespace() {
            spaced = true;
        } else {
            out.push(RawWord {
                start: i,
                end: i + c.len_utf8(),
                punct: true,
                spaced,
            });
            spaced = false;
        }
    }
    if let Some(s) = run {
        out.push(RawWord {
            start: s,
            end: text.len(),
            punct: false,
            spaced,
        });
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    /// A fiscal or calendar quarter (three months).
    Quarter,
    /// Half a year.
    Half,
    Year,
    /// Saturday and Sunday of a week.
    Weekend,
    /// Lengths shorter than a day ("five hours", "a 16-hour shift"): durations
    /// only, never a date of their own.
    Hour,
    Minute,
    /// Ten and a hundred years ("two decades", "the 20th century").
    Decade,
    Century,
    /// "period" in a company's results ("the year-ago period", "the latest
    /// period"): the reporting quarter, and only where the words around it
    /// talk of results (see `[reporting]` in the rule file).
    Period,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
}

/// What a digit run carries glued to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Suffix {
    None,
    /// "6th", "1st".
    Ordinal,
    /// "2025م": Common Era.
    Ce,
    /// "1446هـ" (normalized "1446ه"): Hijri year.
    Hijri,
    /// "2,000" or "2.5": a quantity, never a day or year.
    Quantity,
    /// "1990s": a decade.
    Decade,
}

/// One reading of a stretch of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Meaning {
    Month {
        n: u32,
        weak: bool,
    },
    HijriMonth(u32),
    Weekday(Weekday),
    Cardinal(i64),
    Ordinal(i64),
    RelativeDay(i64),
    Reference(super::Reference),
    Holiday(usize),
    /// "daily", "يوميا": every one of a unit.
    Recurrence(Unit),
    Unit(Unit, i64),
    Part(Part),
    Season(usize),
    Marker(usize),
    Digits {
        value: i64,
        len: usize,
        suffix: Suffix,
    },
    /// "07:20", "15:23:24": hour, minute, second.
    Clock {
        h: u32,
        m: u32,
        s: u32,
    },
}

/// A reading spanning words `[from, to)`, at bytes `[start, end)` (a stripped
/// clitic is outside the span).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Edge {
    pub to: usize,
    pub start: usize,
    pub end: usize,
    pub meaning: Meaning,
    /// Matched a month name with one letter dropped, added or changed.
    pub fuzzy: bool,
}

/// The edges of a lattice, word by word, in one array: word `i`'s are
/// `all[starts[i]..starts[i + 1]]`. Most words have none and many have
/// one or two; a list of their own for each was an allocation (and a free)
/// for every word that has any.
pub(crate) struct Edges {
    all: Vec<Edge>,
    starts: Vec<u32>,
}

impl Edges {
    /// Where word `i`'s edges are in `all`; none past the last word.
    fn range(&self, i: usize) -> Option<std::ops::Range<usize>> {
        Some(*self.starts.get(i)? as usize..*self.starts.get(i + 1)? as usize)
    }

    /// Word `i`'s edges; none past the last word.
    pub fn get(&self, i: usize) -> Option<&[Edge]> {
        self.all.get(self.range(i)?)
    }

    /// Each word's edges, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[Edge]> {
        (0..self.starts.len().saturating_sub(1)).map(|i| &self[i])
    }

    /// The edges of the word after those given so far begin here.
    fn open_word(&mut self) {
        self.starts.push(edge_index(self.all.len()));
    }

    /// An edge of the last word opened.
    fn push(&mut self, e: Edge) {
        self.all.push(e);
    }

    /// Edges of the last word opened.
    fn extend(&mut self, es: impl IntoIterator<Item = Edge>) {
        self.all.extend(es);
    }

    /// The last word opened is the last word.
    fn close(&mut self) {
        self.starts.push(edge_index(self.all.len()));
    }

    /// `extra` edges, by word in ascending order, each put after the
    /// edges its word has.
    fn add_after(&mut self, extra: Vec<(usize, Edge)>) {
        if extra.is_empty() {
            return;
        }
        let words = self.starts.len() - 1;
        let mut all = Vec::with_capacity(self.all.len() + extra.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        let mut extra = extra.into_iter().peekable();
        for i in 0..words {
            starts.push(edge_index(all.len()));
            all.extend_from_slice(&self[i]);
            while let Some((_, e)) = extra.next_if(|&(w, _)| w == i) {
                all.push(e);
            }
        }
        starts.push(edge_index(all.len()));
        *self = Edges { all, starts };
    }
}

impl std::ops::Index<usize> for Edges {
    type Output = [Edge];
    fn index(&self, i: usize) -> &[Edge] {
        self.get(i).expect("a word of the lattice")
    }
}

/// An edge's place in [`Edges::all`]: a text of 64 KB has a few thousand
/// edges, and a lattice's word offsets are kept narrow.
fn edge_index(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(crate) struct Lattice<'t> {
    pub text: &'t str,
    pub words: Vec<RawWord>,
    /// Edges starting at each word.
    pub edges: Edges,
    /// What the grammar knows of each word, looked up once per word.
    info: Vec<std::rc::Rc<WordInfo>>,
}

impl<'t> Lattice<'t> {
    pub fn new(g: &TimeGrammar, text: &'t str) -> Self {
        let words = raw_words(text);
        let info = words_info(g, text, &words);
        let mut lat = Lattice {
            text,
            edges: Edges {
                all: Vec::new(),
                starts: Vec::with_capacity(words.len() + 1),
            },
            words,
            info,
        };
        let mut scratch = LexScratch::default();
        for i in 0..lat.words.len() {
            lat.edges.open_word();
            if lat.info[i].digit {
                lat.digits_at(i);
            }
            // before a one-word universal-time name ("GMT", "UTC"), four
            // digits are a time of day ("0630 GMT")
            if lat.info.get(i + 1).is_some_and(|w| w.utc) {
                lat.military_clock_at(i);
            }
            // a word no form of which begins an entry, and that may be
            // no misspelt month, starts no reading of the lexicon
            if lat.info[i].live {
                lat.lexicon_at(g, i, &mut scratch);
            }
        }
        lat.edges.close();
        // numbers in words, read from the edges of the words after: added
        // once those are all there
        let mut extra = Vec::new();
        for i in 0..lat.words.len() {
            // both read numbers in words, and most words are none
            if lat.edges[i]
                .iter()
                .any(|e| matches!(e.meaning, Meaning::Cardinal(_)))
            {
                lat.spelled_year_at(i, &mut extra);
                lat.compound_cardinal_at(i, &mut extra);
            }
        }
        lat.edges.add_after(extra);
        lat
    }

    /// Whether a pattern may start with word `i` itself (a literal first
    /// word of a pattern).
    pub fn starts_patterns(&self, i: usize) -> bool {
        self.info[i].starts
    }

    /// "خمس وأربعون", "ثلاث وعشرون": units joined to tens by "و" (glued
    /// or apart), one number, as Arabic says 21 to 99.
    fn compound_cardinal_at(&self, i: usize, extra: &mut Vec<(usize, Edge)>) {
        let units: Vec<(i64, usize, usize)> = self.edges[i]
            .iter()
            .filter_map(|e| match e.meaning {
                Meaning::Cardinal(u @ 1..=9) => Some((u, e.to, e.start)),
                _ => None,
            })
            .collect();
        for (u, j, start) in units {
            // "و" apart, or glued to the tens as a stripped clitic
            if j >= self.words.len() {
                continue;
            }
            let (k, joined) = if self.word(j) == "و" {
                (j + 1, true)
            } else {
                (j, false)
            };
            let tens: Vec<(i64, usize, usize)> = self
                .edges
                .get(k)
                .into_iter()
                .flatten()
                .filter_map(|e| match e.meaning {
                    Meaning::Cardinal(t @ 20..=90) if t % 10 == 0 && k < self.words.len() => {
                        let glued = e.start > self.words[k].start;
                        (joined || glued).then_some((t, e.to, e.end))
                    }
                    _ => None,
                })
                .collect();
            for (t, to, end) in tens {
                extra.push((
                    i,
                    Edge {
                        to,
                        start,
                        end,
                        meaning: Meaning::Cardinal(u + t),
                        fuzzy: false,
                    },
                ));
            }
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn word(&self, i: usize) -> &'t str {
        let w = self.words[i];
        &self.text[w.start..w.end]
    }

    /// "0630 GMT": four digits before a universal-time name are hours and
    /// minutes, as wires write them.
    fn military_clock_at(&mut self, i: usize) {
        let w = self.word(i);
        if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
            return;
        }
        let (h, m): (u32, u32) = (w[..2].parse().unwrap_or(99), w[2..].parse().unwrap_or(99));
        if h < 24 && m < 60 {
            let ws = self.words[i];
            self.edges.push(Edge {
                to: i + 1,
                start: ws.start,
                end: ws.end,
                meaning: Meaning::Clock { h, m, s: 0 },
                fuzzy: false,
            });
        }
    }

    /// Digit runs, with glued suffixes, thousands separators and clock times.
    fn digits_at(&mut self, i: usize) {
        let mut w = self.word(i);
        // "و17/1/2025": a conjunction glued to the number.
        let mut skip = 0;
        if w.starts_with(|c: char| is_arabic(c)) {
            let body = w.trim_start_matches(|c: char| !c.is_ascii_digit());
            skip = w.len() - body.len();
            if skip > "وب".len() || !["و", "ب", "ف", "ل", "وب", "وف", "ول"].contains(&&w[..skip])
            {
                return;
            }
            w = body;
        }
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 9 {
            return;
        }
        // A number that continues a quantity ("2,000", "2.5") is not a date part.
        if i >= 2
            && !self.words[i].spaced
            && !self.words[i - 1].spaced
            && matches!(self.word(i - 1), "," | ".")
            && self.word(i - 2).bytes().all(|b| b.is_ascii_digit())
            && (self.word(i - 1) == "." || digits == 3)
            && !(i >= 4 && self.word(i - 3) == ".")
        {
            return;
        }
        let value: i64 = w[..digits].parse().unwrap_or(0);
        let rest = &w[digits..];
        let suffix = match rest {
            "" => Suffix::None,
            "st" | "nd" | "rd" | "th" => Suffix::Ordinal,
            "s" if digits == 4 && value % 10 == 0 => Suffix::Decade,
            "م" => Suffix::Ce,
            "ه" | "هـ" => Suffix::Hijri,
            _ => return,
        };
        let ws = self.words[i];
        let mut edge = Edge {
            to: i + 1,
            start: ws.start + skip,
            end: ws.end,
            meaning: Meaning::Digits {
                value,
                len: digits,
                suffix,
            },
            fuzzy: false,
        };
        if suffix == Suffix::None {
            // Thousands and decimals: "2,000", "2.5" (but not "17.1.2025").
            let glued = |j: usize| j < self.words.len() && !self.words[j].spaced;
            if glued(i + 1) && glued(i + 2) {
                let sep = self.word(i + 1);
                let next = self.word(i + 2);
                let next_digits = next.bytes().all(|b| b.is_ascii_digit());
                let dotted_date = sep == "." && glued(i + 3) && self.word(i + 3) == ".";
                if next_digits && ((sep == "," && next.len() == 3) || (sep == "." && !dotted_date))
                {
                    edge.to = i + 3;
                    edge.end = self.words[i + 2].end;
                    edge.meaning = Meaning::Digits {
                        value,
                        len: digits,
                        suffix: Suffix::Quantity,
                    };
                }
                if sep == ":" && next_digits && next.len() == 2 && digits <= 2 {
                    let mut to = i + 3;
                    let mut sec = 0;
                    if glued(to)
                        && glued(to + 1)
                        && self.word(to) == ":"
                        && self.word(to + 1).len() == 2
                    {
                        sec = self.word(to + 1).parse().unwrap_or(0);
                        to += 2;
                    }
                    let (h, m) = (value as u32, next.parse().unwrap_or(0));
                    if h <= 24 && m < 60 && sec < 60 {
                        self.edges.push(Edge {
                            to,
                            start: ws.start + skip,
                            end: self.words[to - 1].end,
                            meaning: Meaning::Clock { h, m, s: sec },
                            fuzzy: false,
                        });
                    }
                }
            }
        }
        self.edges.push(edge);
    }

    /// A year said in words, as broadcast transcripts write it: "nineteen
    /// ninety-six" (a century and a two-digit rest), "two thousand" and "two
    /// thousand (and) one". Read as four digits, so every pattern that takes
    /// a year takes it.
    fn spelled_year_at(&self, i: usize, extra: &mut Vec<(usize, Edge)>) {
        let cardinal = |lat: &Self, j: usize| -> Vec<(i64, usize)> {
            lat.edges
                .get(j)
                .into_iter()
                .flatten()
                .filter_map(|e| match e.meaning {
                    Meaning::Cardinal(v) => Some((v, e.to)),
                    _ => None,
                })
                .collect()
        };
        // The part after the century or the thousand: "ninety - six", "one".
        let rest = |lat: &Self, j: usize, max: i64| -> Vec<(i64, usize)> {
            let mut out = Vec::new();
            for (tens, to) in cardinal(lat, j) {
                if !(1..=max).contains(&tens) {
                    continue;
                }
                out.push((tens, to));
                if tens >= 20 && tens % 10 == 0 {
                    let unit_at = if to < lat.len() && lat.word(to) == "-" {
                        to + 1
                    } else {
                        to
                    };
                    for (u, to2) in cardinal(lat, unit_at) {
                        if (1..=9).contains(&u) {
                            out.push((tens + u, to2));
                        }
                    }
                }
            }
            out
        };
        let mut years = Vec::new();
        for (c, to) in cardinal(self, i) {
            if (11..=20).contains(&c) {
                for (r, to2) in rest(self, to, 99) {
                    if r >= 10 {
                        years.push((c * 100 + r, to2));
                    }
                }
            }
            if (1..=2).contains(&c) && cardinal(self, to).iter().any(|&(v, _)| v == 1000) {
                let after = to + 1;
                years.push((c * 1000, after));
                let rest_at = if after < self.len() && self.word(after) == "and" {
                    after + 1
                } else {
                    after
                };
                for (r, to2) in rest(self, rest_at, 99) {
                    years.push((c * 1000 + r, to2));
                }
            }
        }
        for (value, to) in years {
            extra.push((
                i,
                Edge {
                    to,
                    start: self.words[i].start,
                    end: self.words[to - 1].end,
                    meaning: Meaning::Digits {
                        value,
                        len: 4,
                        suffix: Suffix::None,
                    },
                    fuzzy: false,
                },
            ));
        }
    }

    /// Lexicon entries of one or more words starting at word `i`.
    fn lexicon_at(&mut self, g: &TimeGrammar, i: usize, scratch: &mut LexScratch) {
        let first = self.word(i);
        let ws = self.words[i];
        let LexScratch { key, found } = scratch;
        found.clear();
        let firsts = &self.info[i].forms;
        let form_key = |key: &mut String, skip: usize, alef: bool| {
            key.clear();
            Form::key_into(key, first, skip, alef);
        };
        let fuzzy = |k: usize| {
            self.info[k]
                .fuzzy
                .iter()
                .map(|&f| g.fuzzy_words[f].as_str())
        };
        // whether a reading of `n` words begins a longer entry: from two
        // words on, one that begins none ends the search
        let mut longer = true;
        // the readings of the word alone, the same wherever it stands
        let info = &self.info[i];
        found.extend(info.alone.iter().map(|&(skip, meaning, fuzzy)| Edge {
            to: i + 1,
            start: ws.start + skip,
            end: ws.end,
            meaning,
            fuzzy,
        }));
        for n in 2..=g.max_words {
            let to = i + n;
            if to > self.words.len() || !longer {
                break;
            }
            // the new word must be one that follows another in an entry,
            // or may be a misspelt one
            let last = &self.info[to - 1];
            if !last.later && last.fuzzy.is_empty() {
                break;
            }
            // (the word alone goes on by its forms' `multi`, below)
            longer = false;
            // Only a word that begins a longer entry (or may be a typo of
            // one) starts a reading of more than one word.
            let may_extend =
                |multi: bool, skip: usize| multi || (skip == 0 && !info.fuzzy.is_empty());
            if !firsts.iter().any(|f| may_extend(f.multi, f.skip)) {
                break;
            }
            for &Form {
                skip,
                alef,
                begins,
                multi,
            } in firsts.iter()
            {
                if !may_extend(multi, skip) {
                    continue;
                }
                let mut add = |key: &str, fuzzy: bool| {
                    found.extend(readings(g, key, fuzzy).map(|meaning| Edge {
                        to,
                        start: ws.start + skip,
                        end: self.words[to - 1].end,
                        meaning,
                        fuzzy,
                    }));
                };
                // the key with word `k` (0 is the form) read as `alt`
                let build = |key: &mut String, swap: Option<(usize, &str)>| {
                    match swap {
                        Some((0, alt)) => {
                            key.clear();
                            key.push_str(alt);
                        }
                        _ => form_key(key, skip, alef),
                    }
                    for j in 1..n {
                        key.push(' ');
                        match swap {
                            Some((k, alt)) if k == j => key.push_str(alt),
                            _ => key.push_str(self.word(i + j)),
                        }
                    }
                };
                // a form that begins no entry reads as none (a misspelt
                // word may still, below)
                if begins {
                    build(key, None);
                    add(key, false);
                    longer |= g.prefixes.contains(key.as_str());
                }
                // One misspelt word per entry, on a literal (unstripped) reading.
                if skip == 0 {
                    for k in 0..n {
                        for cand in fuzzy(i + k) {
                            build(key, Some((k, cand)));
                            add(key, true);
                            longer |= g.prefixes.contains(key.as_str());
                        }
                    }
                }
            }
        }
        // A typo is only read as a month when it can be only one month.
        let mut months = found.iter().filter_map(|e| match (e.fuzzy, e.meaning) {
            (true, Meaning::Month { n, .. }) => Some(n),
            _ => None,
        });
        if let Some(m0) = months.next() {
            if months.any(|m| m != m0) {
                found.retain(|e| !e.fuzzy);
            }
        }
        self.edges.extend(found.drain(..));
    }
}

/// Month-name words (by index in the grammar's `fuzzy_words`) within one
/// edit of word `w`, when the word is not itself a lexicon word: "كانو" for
/// "كانون".
fn fuzzy_candidates(g: &TimeGrammar, w: &str, punct: bool) -> Vec<usize> {
    if punct {
        return Vec::new();
    }
    let n = w.chars().count();
    if n + 1 < 5 {
        return Vec::new();
    }
    // month words sharing a letter among the first two, as long give or
    // take one, and sharing the first two letters or the last two: the
    // only ones one edit away (most words have none, and end here)
    let mut letters = w.chars();
    let firsts = [letters.next(), letters.next()];
    if !firsts.iter().flatten().any(|&c| g.fuzzy_length_near(c, n)) {
        return Vec::new();
    }
    let mut near: Vec<usize> = super::grammar::ends_key(w)
        .filter_map(|k| g.fuzzy_by_ends.get(&k))
        .flatten()
        .copied()
        .collect();
    if near.is_empty() {
        return Vec::new();
    }
    if w.bytes().any(|b| b.is_ascii_digit())
        || g.lexicon.contains_key(w)
        || g.not_fuzzy.iter().any(|x| x == w)
    {
        return Vec::new();
    }
    // "بيناير" is ب + يناير, not a typo.
    let stripped = g
        .proclitics
        .iter()
        .filter_map(|p| w.strip_prefix(p.as_str()));
    if stripped.clone().any(|r| g.lexicon.contains_key(r)) {
        return Vec::new();
    }
    near.sort_unstable();
    near.dedup();
    near.retain(|&k| {
        let (f, fl) = (g.fuzzy_words[k].as_str(), g.fuzzy_lens[k]);
        // One edit changes the length by at most one character.
        fl.abs_diff(n) <= 1 && f != w && edit_within_one(f, fl, w, n)
    });
    near
}

/// The lexicon's readings of `key`; of a misspelt one (`fuzzy`), only
/// those of a month.
fn readings<'g>(g: &'g TimeGrammar, key: &str, fuzzy: bool) -> impl Iterator<Item = Meaning> + 'g {
    g.lexicon
        .get(key)
        .into_iter()
        .flatten()
        .copied()
        .filter(move |m| !fuzzy || matches!(m, Meaning::Month { .. }))
}

/// What the grammar makes of one word, whatever its neighbours: the forms
/// of it that may begin a lexicon entry, the month words it may be a
/// misspelling of, and whether a pattern starts with it.
struct WordInfo {
    forms: Vec<Form>,
    /// The lexicon's readings of the word alone, in the order they are
    /// found: (bytes of clitic stripped, meaning, read as a misspelt month).
    alone: Vec<(usize, Meaning, bool)>,
    /// Indices in the grammar's `fuzzy_words`.
    fuzzy: Vec<usize>,
    /// A lexicon reading may start here: some form begins an entry (or
    /// the word may be a misspelt month).
    live: bool,
    starts: bool,
    /// It follows another word in some lexicon entry.
    later: bool,
    /// It holds an ASCII digit: only such a word reads as a number.
    digit: bool,
    /// A one-word name of universal time ("GMT").
    utc: bool,
}

impl WordInfo {
    fn of(g: &TimeGrammar, w: &str, punct: bool) -> WordInfo {
        let mut forms = Vec::new();
        let mut push_form = |skip: usize, alef: bool| {
            let mut key = String::new();
            Form::key_into(&mut key, w, skip, alef);
            let (begins, multi) = match g.first_words.get(key.as_str()) {
                Some(&multi) => (true, multi),
                None => (false, false),
            };
            forms.push(Form {
                skip,
                alef,
                begins,
                multi,
            });
        };
        push_form(0, false);
        if !punct && w.chars().any(is_arabic) {
            for p in &g.proclitics {
                if let Some(rest) = w.strip_prefix(p.as_str()) {
                    if rest.chars().count() < 2 {
                        continue;
                    }
                    push_form(p.len(), false);
                    // "للعام" is ل + العام with the article's alef dropped.
                    if p.ends_with('ل') && rest.starts_with('ل') {
                        push_form(p.len(), true);
                    }
                }
            }
        }
        let fuzzy = fuzzy_candidates(g, w, punct);
        let live = !fuzzy.is_empty() || forms.iter().any(|f| f.begins || f.multi);
        let mut alone = Vec::new();
        let mut key = String::new();
        for f in &forms {
            if f.begins {
                key.clear();
                Form::key_into(&mut key, w, f.skip, f.alef);
                alone.extend(readings(g, &key, false).map(|m| (f.skip, m, false)));
            }
            // one misspelt word, on a literal (unstripped) reading
            if f.skip == 0 {
                for &k in &fuzzy {
                    alone.extend(readings(g, &g.fuzzy_words[k], true).map(|m| (0, m, true)));
                }
            }
        }
        WordInfo {
            forms,
            alone,
            fuzzy,
            live,
            starts: g.starts_by_word.contains_key(w),
            later: g.later_words.contains(w),
            digit: w.bytes().any(|b| b.is_ascii_digit()),
            utc: g.utc_words.iter().any(|z| z == w),
        }
    }
}

/// How many words' [`WordInfo`] a thread keeps before it starts afresh.
const WORD_CACHE: usize = 1 << 16;

/// Each word's [`WordInfo`], worked out once per thread and grammar: news
/// text repeats its words, and the stripping of clitics, the look-ups of
/// each form and the search for a misspelt month were most of the cost of
/// building a lattice.
fn words_info(g: &TimeGrammar, text: &str, words: &[RawWord]) -> Vec<std::rc::Rc<WordInfo>> {
    use std::cell::RefCell;
    use std::rc::Rc;
    type Cache = (u64, rustc_hash::FxHashMap<Box<str>, Rc<WordInfo>>);
    thread_local! {
        static CACHE: RefCell<Cache> = RefCell::default();
    }
    CACHE.with(|cache| {
        let (grammar, map) = &mut *cache.borrow_mut();
        if *grammar != g.id {
            map.clear();
            *grammar = g.id;
        }
        words
            .iter()
            .map(|rw| {
                let w = &text[rw.start..rw.end];
                if let Some(info) = map.get(w) {
                    return info.clone();
                }
                if map.len() >= WORD_CACHE {
                    map.clear();
                }
                let info = Rc::new(WordInfo::of(g, w, rw.punct));
                map.insert(w.into(), info.clone());
                info
            })
            .collect()
    })
}

/// One form of a word that may begin a lexicon entry.
#[derive(Clone, Copy)]
struct Form {
    /// Bytes of clitic stripped.
    skip: usize,
    /// The article's alef put back ("للعام" is ل + العام).
    alef: bool,
    /// It begins an entry at all.
    begins: bool,
    /// It begins an entry of more than one word.
    multi: bool,
}

impl Form {
    /// The lookup key of the form of `word` that strips `skip` bytes (and
    /// puts the article's alef back), added to `key`.
    fn key_into(key: &mut String, word: &str, skip: usize, alef: bool) {
        if alef {
            key.push('ا');
        }
        key.push_str(&word[skip..]);
    }
}

/// Scratch space for [`Lattice::lexicon_at`], kept from word to word.
#[derive(Default)]
struct LexScratch {
    /// A lookup key.
    key: String,
    /// The readings found.
    found: Vec<Edge>,
}

#[cfg(test)]
fn within_one_edit(a: &str, b: &str) -> bool {
    edit_within_one(a, a.chars().count(), b, b.chars().count())
}

/// Levenshtein distance ≤ 1, over characters, of `a` and `b` (`na` and `nb`
/// characters long). Allocates nothing: it runs for every word of the text
/// against every long month name.
fn edit_within_one(a: &str, na: usize, b: &str, nb: usize) -> bool {
    let (short, long) = if na <= nb { (a, b) } else { (b, a) };
    let same_len = na == nb;
    if na.abs_diff(nb) > 1 {
        return false;
    }
    let (mut si, mut li) = (short.chars(), long.chars());
    loop {
        // Byte offsets of the next characters.
        let sp = short.len() - si.as_str().len();
        let lp = long.len() - li.as_str().len();
        match (si.next(), li.next()) {
            (Some(x), Some(y)) if x == y => {}
            (None, _) => return true,
            (Some(x), Some(y)) => {
                let long_rest = &long[lp + y.len_utf8()..];
                return if same_len {
                    &short[sp + x.len_utf8()..] == long_rest
                } else {
                    &short[sp..] == long_rest
                };
            }
            (Some(_), None) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edges added once every word has its own go after that word's, in
    /// order, and no word's edges spill into another's.
    #[test]
    fn edges_added_later_follow_their_words_own() {
        let edge = |to: usize, n: i64| Edge {
            to,
            start: 0,
            end: 0,
            meaning: Meaning::Cardinal(n),
            fuzzy: false,
        };
        let mut edges = Edges {
            all: Vec::new(),
            starts: Vec::new(),
        };
        for own in [vec![1], vec![], vec![3, 4]] {
            edges.open_word();
            for n in own {
                edges.push(edge(0, n));
            }
        }
        edges.close();
        edges.add_after(vec![(0, edge(2, 10)), (0, edge(2, 11)), (1, edge(3, 12))]);
        let values = |i: usize| -> Vec<i64> {
            edges
                .get(i)
                .unwrap_or_default()
                .iter()
                .map(|e| match e.meaning {
                    Meaning::Cardinal(n) => n,
                    _ => -1,
                })
                .collect()
        };
        assert_eq!(values(0), [1, 10, 11]);
        assert_eq!(values(1), [12]);
        assert_eq!(values(2), [3, 4]);
        assert!(edges.get(3).is_none());
        assert_eq!(
            edges.iter().map(<[Edge]>::len).collect::<Vec<_>>(),
            [3, 1, 2]
        );
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("كانون", "كانو"));
        assert!(within_one_edit("يناير", "ينابر"));
        assert!(!within_one_edit("january", "janaury"));
        assert!(within_one_edit("abc", "abc"));
        assert!(!within_one_edit("abcd", "ab"));
        assert!(within_one_edit("abc", "abxc"));
        assert!(within_one_edit("abxc", "abc"));
        assert!(within_one_edit("abc", "abcd"));
        assert!(within_one_edit("abc", "xbc"));
        assert!(!within_one_edit("abc", "xyc"));
        assert!(!within_one_edit("abc", "bca"));
        assert!(within_one_edit("", "a"));
    }

    /// The indexes that rule words out before the edit distance is worked
    /// out rule out no month word one edit away: every deletion,
    /// substitution and insertion of every month word is checked against
    /// all month words, one by one.
    #[test]
    fn fuzzy_candidates_are_every_month_word_one_edit_away() {
        let g = TimeGrammar::embedded();
        let letters: Vec<char> = "aeinorstyاينرولمكبت".chars().collect();
        let mut words: Vec<String> = Vec::new();
        for f in &g.fuzzy_words {
            let cs: Vec<char> = f.chars().collect();
            for k in 0..=cs.len() {
                if k < cs.len() {
                    let mut d = cs.clone();
                    d.remove(k);
                    words.push(d.iter().collect());
                }
                for &c in &letters {
                    let mut ins = cs.clone();
                    ins.insert(k, c);
                    words.push(ins.iter().collect());
                    if k < cs.len() {
                        let mut sub = cs.clone();
                        sub[k] = c;
                        words.push(sub.iter().collect());
                    }
                }
            }
        }
        let mut checked = 0;
        for w in &words {
            let lat = Lattice::new(g, w);
            if lat.len() != 1 {
                continue;
            }
            let got: Vec<&str> = fuzzy_candidates(g, w, lat.words[0].punct)
                .into_iter()
                .map(|k| g.fuzzy_words[k].as_str())
                .collect();
            let n = w.chars().count();
            let plain = n + 1 >= 5
                && !g.lexicon.contains_key(w.as_str())
                && !g.not_fuzzy.iter().any(|x| x == w)
                && !g
                    .proclitics
                    .iter()
                    .filter_map(|p| w.strip_prefix(p.as_str()))
                    .any(|r| g.lexicon.contains_key(r));
            let want: Vec<&str> = g
                .fuzzy_words
                .iter()
                .filter(|f| plain && f.as_str() != w && within_one_edit(f, w))
                .map(String::as_str)
                .collect();
            assert_eq!(got, want, "{w}");
            checked += usize::from(!want.is_empty());
        }
        assert!(checked > 1000, "{checked}");
    }
}
