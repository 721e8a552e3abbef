//! Comparing statements: group the statements about one event across documents,
//! then compare them slot by slot. One file per flag kind.
//!
//! Grouping never compares every statement with every other: statements are
//! bucketed by predicate and object class, then joined through hash keys made of
//! their participant pairs, so the cost grows with the number of statements
//! that share an event, not with the square of the corpus.

mod attendance;
mod claims;
mod contradiction;
mod disputed;
mod events;
mod internal_inconsistency;
mod outcome_differs;
mod quote_drift;
mod retold;
mod stance_reversal;
mod unresolved_expectation;

pub use attendance::keys as attendance_keys;
pub use events::{event_pairs, group_events, identity, participants, Event};
pub use quote_drift::quoted_speaker;
pub use retold::WINDOW_DAYS as RETOLD_WINDOW_DAYS;

use crate::extract::{Statement, TimeSlot};
use crate::ingest::Document;
use crate::recognize::Sentence;
use crate::rules::Rules;
use serde::Serialize;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FlagKind {
    OutcomeDiffers,
    Contradiction,
    StanceReversal,
    Disputed,
    QuoteDrift,
    UnresolvedExpectation,
    InternalInconsistency,
}

impl FlagKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagKind::OutcomeDiffers => "outcome-differs",
            FlagKind::Contradiction => "contradiction",
            FlagKind::StanceReversal => "stance-reversal",
            FlagKind::Disputed => "disputed",
            FlagKind::QuoteDrift => "quote-drift",
            FlagKind::UnresolvedExpectation => "unresolved-expectation",
            FlagKind::InternalInconsistency => "internal-inconsistency",
        }
    }
}

/// How much a flag matters; ordered so that `max()` is the most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One slot that differs between the sides, old → new.
#[derive(Debug, Clone, Serialize)]
pub struct SlotDiff {
    pub name: String,
    pub from: String,
    pub to: String,
}

/// Where a side's document stands: its id, path, outlet and date, made
/// once per document and shared by every side that quotes it (230,000
/// sides at 100,000 generated documents).
#[derive(Debug, Serialize)]
pub struct Origin {
    pub document: String,
    pub path: String,
    pub outlet: String,
    pub published: Option<String>,
}

impl Origin {
    /// The document's origin, made at its first side.
    pub fn of(doc: &Document) -> Arc<Origin> {
        doc.origin
            .get_or_init(|| {
                Arc::new(Origin {
                    document: doc.id.clone(),
                    path: doc.path.clone(),
                    outlet: doc.outlet_label(),
                    published: doc.published.date.map(|d| d.to_string()),
                })
            })
            .clone()
    }
}

/// One side of a flag: a statement with where it stands.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    pub statement: String,
    /// Its document's id, path, outlet and date (each a field of its own in
    /// the JSON).
    #[serde(flatten)]
    pub origin: Arc<Origin>,
    /// What this side says: expected, reported, denied…
    pub role: Box<str>,
    /// The statement's own quote, shared.
    pub quote: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Side {
    pub fn of(st: &Statement, doc: &Document, role: &str) -> Side {
        Side::quoting(st.id.clone(), &st.evidence, doc, role)
    }

    /// A side that is a sentence rather than a statement (a weekday beside
    /// the wrong date, a sentence retold): `id` names it.
    pub fn of_sentence(id: String, span: crate::span::Span, doc: &Document, role: &str) -> Side {
        Side::quoting(id, &crate::extract::Evidence::of(doc, span), doc, role)
    }

    fn quoting(
        statement: String,
        ev: &crate::extract::Evidence,
        doc: &Document,
        role: &str,
    ) -> Side {
        Side {
            statement,
            origin: Origin::of(doc),
            role: role.into(),
            quote: ev.quote.clone(),
            start: ev.start,
            end: ev.end,
            line: ev.line,
            column: ev.column,
        }
    }
}

/// A disagreement with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub id: String,
    pub kind: FlagKind,
    pub severity: Severity,
    pub summary: String,
    pub slots: Vec<SlotDiff>,
    pub sides: Vec<Side>,
    pub corroborated_by: Vec<String>,
    pub confidence: f32,
    /// Why it was raised: rule ids and matched entities.
    pub reasons: Vec<String>,
    /// For quote drift: the word diff between the renderings, `[-old-]{+new+}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// Start of the event's time, for ordering.
    #[serde(skip)]
    pub event_date: Option<chrono::NaiveDate>,
}

/// Everything the comparator needs to see.
pub struct Corpus<'a> {
    pub rules: &'a Rules,
    pub documents: &'a [Document],
    pub statements: &'a [Statement],
    /// Documents from this index on are the ones asked about (new articles,
    /// a draft): work that cannot give a flag involving one of them is
    /// skipped. 0 asks about every document.
    pub focus: usize,
}

impl Corpus<'_> {
    /// Whether document `d` is one of those asked about.
    pub fn in_focus(&self, d: usize) -> bool {
        d >= self.focus
    }
}

/// Every flag in the corpus, most severe first, then by event date. With a
/// [`Corpus::focus`], every flag that involves a document in focus, and
/// possibly others (the caller keeps what it asks for): an event with no
/// statement in focus is not compared, and a document out of focus is read
/// for sentences only where it may meet one in focus.
pub fn compare(c: &Corpus) -> Vec<Flag> {
    compare_with(c, sentence_flags(c.rules, c.documents, c.focus))
}

/// The flags read from the documents' sentences alone, before the
/// statements are compared: a weekday that is not its date's, and one
/// sentence retold with one detail changed. They need no statement, so a
/// pipeline may find them before extraction, and let the keys of every
/// sentence they hold meanwhile (260 MB at 100,000 generated documents) go
/// before the statements are made; or read the sentences extraction splits
/// ([`SentenceReader`]), which spares a second split of every document but
/// holds the keys beside the statements. [`crate::check`] does the first
/// over a large corpus, the second over a smaller one.
pub struct SentenceFlags {
    weekdays: Vec<Flag>,
    /// Retold sentences, before [`compare_with`] drops those another flag
    /// quotes already.
    told: Vec<Flag>,
    /// How many documents were read, and from which one they were asked
    /// about: the corpus given to [`compare_with`] must be the same.
    read: (usize, usize),
}

impl SentenceFlags {
    /// The first document asked about ([`Corpus::focus`]).
    pub fn focus(&self) -> usize {
        self.read.1
    }
}

/// The sentence checks of `documents` (with `focus` as in
/// [`Corpus::focus`]), each on every core.
pub fn sentence_flags(rules: &Rules, documents: &[Document], focus: usize) -> SentenceFlags {
    let reader = SentenceReader::new(documents, focus, true);
    let read = read_sentences(documents, &reader);
    reader.finish(rules, documents, read)
}

/// The sentence checks, fed one document's sentences at a time by a
/// caller that splits them for more ([`crate::check`] extracts from the
/// same split), then [`SentenceReader::finish`]ed over all of them.
pub struct SentenceReader {
    meets: retold::Meets,
    focus: usize,
    /// Whether weekdays are checked too (not only retold sentences).
    weekdays: bool,
}

/// What the sentence checks read of one document: its weekday flags and
/// its sentences keyed for retelling.
#[derive(Default)]
pub struct SentencesRead {
    weekdays: Vec<Flag>,
    told: Vec<retold::Told>,
}

impl SentenceReader {
    pub fn new(documents: &[Document], focus: usize, weekdays: bool) -> SentenceReader {
        SentenceReader {
            meets: retold::Meets::of(documents, focus),
            focus,
            weekdays,
        }
    }

    /// Whether document `d` is read at all: one in focus, or one that
    /// may meet one in focus. A caller that splits only for the sentence
    /// checks skips the others.
    pub fn reads(&self, d: usize, doc: &Document) -> bool {
        d >= self.focus || self.meets.may_meet(doc)
    }

    /// Document `d`'s sentences ([`crate::recognize::sentences`]), when
    /// it [`SentenceReader::reads`] them.
    pub fn read(&self, d: usize, doc: &Document, sentences: &[Sentence]) -> SentencesRead {
        if !self.reads(d, doc) {
            return SentencesRead::default();
        }
        self.read_all(d, doc, sentences)
    }

    /// [`SentenceReader::read`], for a document known to be read.
    fn read_all(&self, d: usize, doc: &Document, sentences: &[Sentence]) -> SentencesRead {
        SentencesRead {
            weekdays: if d >= self.focus && self.weekdays {
                internal_inconsistency::weekdays(doc, sentences)
            } else {
                Vec::new()
            },
            told: retold::told_in(d, doc, sentences),
        }
    }

    /// The flags of every document's sentences, read in document order.
    pub fn finish(
        &self,
        rules: &Rules,
        documents: &[Document],
        read: Vec<SentencesRead>,
    ) -> SentenceFlags {
        let c = Corpus {
            rules,
            documents,
            statements: &[],
            focus: self.focus,
        };
        let (weekdays, told) = gather(read);
        SentenceFlags {
            weekdays,
            told: retold::check(&c, told),
            read: (documents.len(), self.focus),
        }
    }
}

/// Each document's weekday flags and keyed sentences, in document order.
fn gather(read: Vec<SentencesRead>) -> (Vec<Flag>, Vec<retold::Told>) {
    let (mut flags, mut told) = (Vec::new(), Vec::new());
    for r in read {
        flags.extend(r.weekdays);
        told.extend(r.told);
    }
    (flags, told)
}

/// As [`compare`], with the sentence checks' flags already found over the
/// same documents and focus ([`sentence_flags`]).
///
/// # Panics
///
/// When `sentences` were read from another number of documents, or
/// another focus.
pub fn compare_with(c: &Corpus, sentences: SentenceFlags) -> Vec<Flag> {
    assert_eq!(
        sentences.read,
        (c.documents.len(), c.focus),
        "sentence flags of other documents"
    );
    let SentenceFlags {
        weekdays,
        told,
        read: _,
    } = sentences;
    // The checks below read the corpus only; their flags are put together
    // in one fixed order, and so are the same on any number of threads.
    let corpus_flags = || {
        let (drift, (claimed, attended)) = rayon::join(
            || quote_drift::check(c),
            || rayon::join(|| claims::check(c), || attendance::check(c)),
        );
        [drift, claimed, attended].concat()
    };
    let (mut flags, others) = rayon::join(|| event_flags(c), corpus_flags);
    flags.extend(weekdays);
    flags.extend(others);
    let retold = not_flagged_yet(&flags, told);
    flags.extend(retold);
    flags.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.event_date.cmp(&b.event_date))
            .then(a.id.cmp(&b.id))
    });
    flags
}

/// The retold sentences no other flag covers: a retold sentence adds a
/// flag only where no other flag quotes the pair, nor where a flag of its
/// kind already sets its two documents against each other (a headline
/// retold with "rejects" restates the denial the body's statements are
/// flagged for). Only the sentences and documents the retold flags quote
/// are looked up: an index of every side of every flag would hold 44 MB
/// at 100,000 generated documents, at the comparison's peak.
fn not_flagged_yet(flags: &[Flag], told: Vec<Flag>) -> Vec<Flag> {
    use rustc_hash::FxHashMap;
    if told.is_empty() {
        return told;
    }
    let mut quoting: FxHashMap<(&str, usize), Vec<usize>> = told
        .iter()
        .flat_map(|f| &f.sides)
        .map(|s| ((s.origin.document.as_str(), s.start), Vec::new()))
        .collect();
    // (the flags of each kind by document, in order: two lists share a
    // flag when the flag quotes both documents; never all pairs of a
    // flag's sides, which grow with the square of a large flag)
    let mut by_doc: FxHashMap<(FlagKind, &str), Vec<usize>> = told
        .iter()
        .filter(|f| f.sides.len() == 2)
        .flat_map(|f| {
            f.sides
                .iter()
                .map(|s| ((f.kind, s.origin.document.as_str()), Vec::new()))
        })
        .collect();
    for (k, f) in flags.iter().enumerate() {
        for side in &f.sides {
            let document = side.origin.document.as_str();
            if let Some(list) = quoting.get_mut(&(document, side.start)) {
                list.push(k);
            }
            if let Some(list) = by_doc.get_mut(&(f.kind, document)) {
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
    }
    let quoted_together = |f: &Flag| {
        let mut lists = f
            .sides
            .iter()
            .map(|s| quoting.get(&(s.origin.document.as_str(), s.start)));
        let Some(Some(first)) = lists.next() else {
            return false;
        };
        let rest: Vec<_> = lists.collect();
        first
            .iter()
            .any(|k| rest.iter().all(|l| l.is_some_and(|l| l.contains(k))))
    };
    let paired = |f: &Flag| match f.sides.as_slice() {
        [x, y] => match (
            by_doc.get(&(f.kind, x.origin.document.as_str())),
            by_doc.get(&(f.kind, y.origin.document.as_str())),
        ) {
            (Some(p), Some(q)) => p.iter().any(|k| q.binary_search(k).is_ok()),
            _ => false,
        },
        _ => false,
    };
    let keep: Vec<bool> = told
        .iter()
        .map(|f| !quoted_together(f) && !paired(f))
        .collect();
    drop((quoting, by_doc));
    told.into_iter()
        .zip(keep)
        .filter_map(|(f, keep)| keep.then_some(f))
        .collect()
}

/// The flags of each event, in the order of the events: events in
/// parallel.
fn event_flags(c: &Corpus) -> Vec<Flag> {
    use rayon::prelude::*;
    let events = group_events(c.rules, c.statements);
    let presence = unresolved_expectation::presence(c);
    // generic claims are aligned by their own comparator, not grouped as events
    let is_claim = |i: &usize| c.statements[*i].predicate == crate::extract::CLAIM;
    let focused = |i: &usize| c.in_focus(c.statements[*i].doc_index);
    events
        .par_iter()
        .filter(|e| !e.statements.iter().all(is_claim) && e.statements.iter().any(focused))
        .flat_map_iter(|ev| {
            let mut flags = outcome_differs::check(c, ev);
            flags.extend(contradiction::check(c, ev));
            flags.extend(stance_reversal::check(c, ev));
            flags.extend(disputed::check(c, ev));
            flags.extend(unresolved_expectation::check(c, ev, &presence));
            flags.extend(internal_inconsistency::check(c, ev));
            flags
        })
        .collect()
}

/// One sentence split per document for the checks that read sentences,
/// documents in parallel, results in document order: the weekday checks'
/// flags (when the reader checks weekdays) and the sentences that may be
/// retold. A document the reader does not read is not split.
fn read_sentences(documents: &[Document], reader: &SentenceReader) -> Vec<SentencesRead> {
    use rayon::prelude::*;
    documents
        .par_iter()
        .enumerate()
        .map(|(d, doc)| {
            if !reader.reads(d, doc) {
                return SentencesRead::default();
            }
            reader.read_all(d, doc, &crate::recognize::sentences(doc))
        })
        .collect()
}

/// The generic claims' comparator alone: counted figures aligned across
/// documents. [`compare`] runs it with the others; benches time it.
pub fn claim_flags(c: &Corpus) -> Vec<Flag> {
    claims::check(c)
}

/// Retold sentences alone: every sentence keyed, aligned with its
/// retellings, and compared word by word, before [`compare`] drops those
/// another flag already quotes. Benches time it.
pub fn retold_flags(c: &Corpus) -> Vec<Flag> {
    let reader = SentenceReader::new(c.documents, c.focus, false);
    let (_, told) = gather(read_sentences(c.documents, &reader));
    retold::check(c, told)
}

/// The parts of a flag that follow from the statements on its sides: each
/// side labelled by its modality, the weakest confidence, the rules that
/// raised them.
pub(crate) fn stance_sides(c: &Corpus, idxs: &[usize]) -> (Vec<Side>, f32, Vec<String>) {
    let st = |i: usize| &c.statements[i];
    let sides = idxs
        .iter()
        .map(|&i| {
            Side::of(
                st(i),
                &c.documents[st(i).doc_index],
                st(i).modality.as_str(),
            )
        })
        .collect();
    let confidence = idxs.iter().map(|&i| st(i).confidence).fold(1.0, f32::min);
    let reasons = idxs.iter().map(|&i| st(i).rule.clone()).collect();
    (sides, confidence, reasons)
}

/// A stable id from the flag kind and its sides' statement ids.
pub fn flag_id(kind: FlagKind, statements: &[&str]) -> String {
    let mut ids: Vec<&str> = statements.to_vec();
    ids.sort();
    let mut h: u64 = 0xcbf29ce484222325;
    for b in kind.as_str().bytes().chain(ids.join("|").bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("CC{:08x}", h as u32)
}

/// Are two places the same or one inside the other (Kremlin ⊂ Moscow)?
pub fn places_agree(rules: &Rules, a: &str, b: &str) -> bool {
    // a venue no table knows is only known to lie in its container: it agrees
    // with anything its container agrees with, and with anything at all when
    // nothing says where it is
    for (x, y) in [(a, b), (b, a)] {
        if x.starts_with("name:") && rules.entity(x).is_none() {
            match x.split_once('@') {
                Some((_, container)) if !places_agree(rules, container, y) => {}
                _ => return true,
            }
        }
    }
    let base = |x: &str| x.split('@').next().unwrap_or(x).to_string();
    a == b
        || (a.starts_with("name:") && base(a) == base(b))
        || rules.ancestors(a).iter().any(|x| x == b)
        || rules.ancestors(b).iter().any(|x| x == a)
}

/// Two differing places shown at the same level: the finer one is lifted to
/// the coarser one's kind (Kremlin vs Kazan is shown as Moscow vs Kazan).
pub fn places_at_same_level(rules: &Rules, a: &str, b: &str) -> (String, String) {
    let rank = |id: &str| rules.entity(id).map_or(9, |e| e.kind.place_rank());
    let lift = |id: &str, r: u8| {
        rules
            .ancestors(id)
            .into_iter()
            .find(|x| rank(x) >= r)
            .unwrap_or_else(|| id.to_string())
    };
    let r = rank(a).max(rank(b)).min(3);
    (lift(a, r), lift(b, r))
}

/// A quantity two statements give differently (same unit, ranges that cannot
/// meet once "about", "more than" and "under" are allowed for), as a slot.
pub fn quantity_diff(
    a: &crate::extract::Statement,
    b: &crate::extract::Statement,
) -> Option<SlotDiff> {
    for x in &a.quantities {
        for y in &b.quantities {
            if x.unit == y.unit && !x.agrees(y) {
                return Some(SlotDiff {
                    name: "quantity".into(),
                    from: x.text.clone(),
                    to: y.text.clone(),
                });
            }
        }
    }
    None
}

/// Do two times overlap at their granularity?
pub fn times_agree(a: &TimeSlot, b: &TimeSlot) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// How far apart two times of day may be and still tell one event's time
/// (rounding, "around 8:30").
const CLOCK_TOLERANCE_MINUTES: u32 = 30;

/// Do two reports give one event different times of day? Only times in the
/// same reckoning compare: both universal ("0630 GMT"), or both local (a
/// time with no zone is the place's own). A local time against a universal
/// one says nothing without the place's time zone.
pub fn clocks_differ(a: &Statement, b: &Statement) -> Option<SlotDiff> {
    if matches!((&a.time, &b.time), (Some(s), Some(t)) if !times_agree(s, t)) {
        return None; // the days differ: that is the time slot's to say
    }
    let minutes = |c: &crate::time::ClockTime| c.hour * 60 + c.minute;
    [true, false].into_iter().find_map(|utc| {
        let x = a.clock.iter().find(|c| c.utc == utc)?;
        let y = b.clock.iter().find(|c| c.utc == utc)?;
        Some(
            (minutes(x).abs_diff(minutes(y)) > CLOCK_TOLERANCE_MINUTES).then(|| SlotDiff {
                name: "time".into(),
                from: x.to_string(),
                to: y.to_string(),
            }),
        )
    })?
}
