//! Structured statements from sentences, by the rules in `rules/`.
//!
//! A statement starts at a trigger word of a predicate (any verb, verbal noun,
//! participle or passive form the rules list). Its window is the clause around
//! the trigger: when a reporting verb and a complementizer ("قال … إن", "said
//! that") precede it, the window starts after them and the speaker becomes the
//! attribution. Slots are filled from the mentions in the window by their kind
//! and the preposition before them; modality and polarity from the cues nearest
//! the trigger.

mod claim;
mod quantity;

pub use claim::{CLAIM, CORRECTION, INTERIM};
pub use quantity::{rounding, Quantity};

use crate::ingest::Document;
use crate::recognize::{
    sentences, DocContext, LocalEvent, Mention, PhraseIndex, Recognizer, Sentence,
};
use crate::rules::{parse_interval, CueDef, EntityKind, Rules};
use crate::span::Span;
use crate::time::{Direction, Granularity, TimeGrammar};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use thin_vec::ThinVec;

/// How certain the source is that the event happened.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    Asserted,
    Expected,
    Planned,
    Alleged,
    Acknowledged,
    Denied,
    Hedged,
}

impl Modality {
    pub fn parse(s: &str) -> Option<Modality> {
        Some(match s {
            "asserted" => Modality::Asserted,
            "expected" => Modality::Expected,
            "planned" => Modality::Planned,
            "alleged" => Modality::Alleged,
            "acknowledged" => Modality::Acknowledged,
            "denied" => Modality::Denied,
            "hedged" => Modality::Hedged,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Expected => "expected",
            Modality::Planned => "planned",
            Modality::Alleged => "alleged",
            Modality::Acknowledged => "acknowledged",
            Modality::Denied => "denied",
            Modality::Hedged => "hedged",
        }
    }
    /// Looks ahead: the event had not happened when this was written.
    pub fn is_expectation(self) -> bool {
        matches!(self, Modality::Expected | Modality::Planned)
    }
    /// Which way open dates resolve for a statement told this way.
    pub fn direction(self) -> Direction {
        if self.is_expectation() {
            Direction::Future
        } else {
            Direction::Past
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Positive,
    Negative,
}

/// When a statement says the event happens.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct TimeSlot {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub granularity: Granularity,
    /// The original expression, or the event it came from.
    pub text: String,
    pub value: String,
}

impl TimeSlot {
    /// The slot for an expression found in sentence `s` of `doc`, its text
    /// cut from the original.
    fn of(t: &crate::time::TimeExpr, s: &Sentence, doc: &Document) -> TimeSlot {
        TimeSlot {
            start: t.first,
            end: t.last,
            granularity: t.granularity,
            text: s.norm.original(t.start, t.end).slice(&doc.text).to_string(),
            value: t.value(),
        }
    }
}

/// Who said it, how.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Attribution {
    pub speaker: Option<String>,
    pub verb: String,
    pub direct: bool,
}

/// The sentence a statement came from, cut from the original text.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Evidence {
    /// Shared by the statements of one sentence.
    pub quote: std::sync::Arc<str>,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Evidence {
    /// The sentence at `span` of the document's text; offsets, line and
    /// column point into the original file (for a web page, the page).
    pub fn of(doc: &Document, span: Span) -> Evidence {
        let at = doc.locate(span);
        Evidence {
            quote: span.slice(&doc.text).into(),
            start: at.start,
            end: at.end,
            line: at.line,
            column: at.column,
        }
    }
}

/// A sentence's evidence, made at its first statement and shared by the
/// others (one quote, one reckoning of its line and column).
type Quoted = std::cell::OnceCell<Evidence>;

/// A statement's roles ("agent", "object"…) and the entity ids in each, in
/// the order of the role names. Most statements have one to three roles, so
/// they are kept in one sorted vector rather than a tree: at a hundred
/// thousand generated documents the roles took 305 MB as trees, 70 MB as
/// vectors.
pub type Roles = litemap::LiteMap<String, Vec<String>>;

/// Roles are always a JSON object, `{}` when there are none (the map's own
/// serializer writes an empty one as a list).
fn roles_as_map<S: serde::Serializer>(roles: &Roles, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(roles.iter())
}

/// One claim in structured form. It reads back from its JSON (the fields
/// the JSON leaves out come back empty; the archive stores them beside it).
///
/// A corpus holds many (490,000 at 100,000 generated documents), so its
/// lists are [`ThinVec`]s (one pointer; most are empty), its optional
/// strings are boxed `str`s (no spare capacity), its rare attribution is
/// boxed, and the statements of one sentence share its quote: a statement
/// is 392 bytes, where it was 576.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Statement {
    pub id: String,
    pub document: String,
    pub predicate: String,
    #[serde(serialize_with = "roles_as_map")]
    pub roles: Roles,
    pub place: Option<Box<str>>,
    /// A known event the statement is set at ("في القمة" → the summit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasion: Option<Box<str>>,
    pub time: Option<TimeSlot>,
    /// The times of day the clause gives the event ("at 11:15 a.m. local
    /// time (0915 GMT)"): local, universal, or both.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub clock: ThinVec<crate::time::ClockTime>,
    pub modality: Modality,
    pub polarity: Polarity,
    pub attribution: Option<Box<Attribution>>,
    pub quantities: ThinVec<Quantity>,
    /// For `say` statements: the words inside the quotation marks, verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub said: Option<Box<str>>,
    /// For predicates that report the fate of a plan (cancel, postpone); for
    /// generic claims, `interim` when the figure is told as standing so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Box<str>>,
    pub evidence: Evidence,
    pub rule: String,
    pub confidence: f32,
    /// Index of the document in the corpus.
    #[serde(skip)]
    pub doc_index: usize,
    /// Entities of this statement found without a table (by their shape and
    /// context), so every output can mark them.
    #[serde(default, skip_serializing_if = "ThinVec::is_empty")]
    pub untabled: ThinVec<String>,
    /// Every entity the statement names (for explanations).
    #[serde(skip)]
    pub mentions: ThinVec<Mention>,
    /// For generic claims: the lemma of the verb or event noun the claim is
    /// about (`attend`, `release`), from `rules/claims.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<Box<str>>,
    /// For generic claims: what part of the story the figure covers (`phase-1`,
    /// `group-stage`), from `rules/claims.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Box<str>>,
    /// Content words of the sentence, normalized, for aligning claims.
    #[serde(skip)]
    pub terms: ThinVec<String>,
}

impl Statement {
    pub fn agents(&self) -> &[String] {
        self.roles.get("agent").map_or(&[], |v| v.as_slice())
    }
    pub fn object(&self) -> Option<&String> {
        self.roles.get("object").and_then(|v| v.first())
    }
    /// Every value of every role, in the order of the roles.
    pub fn role_values(&self) -> impl Iterator<Item = &str> {
        self.roles.values().flatten().map(String::as_str)
    }
}

/// A cue found in a sentence: token range and its rule.
type Cue<'r> = (usize, usize, &'r CueDef);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Place,
    Destination,
    Recipient,
    Participant,
    Source,
    /// "المتحدث باسم الكرملين": an affiliation inside a title, no slot.
    Affiliation,
}

/// Everything built once from the rules for extraction.
#[derive(Debug)]
pub struct Extractor {
    pub recognizer: Recognizer,
    triggers: PhraseIndex<usize>,
    cues: PhraseIndex<usize>,
    preps: PhraseIndex<Slot>,
    prep_clitics: Vec<(String, Slot)>,
    objects: PhraseIndex<usize>,
    quantities: quantity::QuantityFinder,
    /// Verbs whose subject's event lasts the length after them.
    length_verbs: PhraseIndex<()>,
    editions: quantity::EditionFinder,
    /// For each predicate, the first word keys of its recipient, absence
    /// and context triggers (computed once: a trigger is tested against
    /// them for every sentence).
    trigger_kinds: Vec<TriggerKinds>,
    /// "مدينة", "محافظة", "city": nouns that stand before a place's name.
    place_nouns: PhraseIndex<()>,
    claims: claim::ClaimFinder,
}

fn slot_of(name: &str) -> Option<Slot> {
    Some(match name {
        "place" => Slot::Place,
        "destination" => Slot::Destination,
        "recipient" => Slot::Recipient,
        "participant" => Slot::Participant,
        "source" => Slot::Source,
        "affiliation" => Slot::Affiliation,
        _ => return None,
    })
}

/// How far before a trigger a modality cue still governs it, in tokens.
const CUE_REACH: usize = 8;
/// How far before a figure a modality cue governs it: a figure sits deep in
/// its clause ("نفت الجمعية، الأحد، أن تكون حصيلة ضحايا السيول في المدينة
/// قد بلغت 1,250 قتيلا").
const CLAIM_CUE_REACH: usize = 14;
/// How far before a figure a negation governs it ("did not attend … three").
const CLAIM_NEG_REACH: usize = 3;
/// How far after a figure a cue that follows what it governs may stand.
const CLAIM_AFTER_REACH: usize = 4;
/// How far after an event noun its fate may be told: "the friendly between
/// Najm Al Khaleej and Atlético Serena in Doha has been cancelled".
const STATUS_AFTER_REACH: usize = 12;
/// How far before its verb an English subject may start ("Belmora's defence
/// ministry on Monday denied"), in tokens.
const SUBJECT_REACH: usize = 7;
/// How far after an Arabic cue verb its subject may start ("نفت، الأحد،
/// الجمعية"), in tokens.
const CUE_SUBJECT_AFTER: usize = 4;
/// How far before a trigger a negation governs it ("لم يتم تحديد موعد زيارة"
/// is about the date, not a visit that did not happen).
const NEG_REACH: usize = 2;
/// How far from a named event a status word reports its fate ("the
/// postponement of the 2025 Africa Cup": two words between).
const FATE_REACH: usize = 3;
/// How far before a trigger a sequence word ("followed by", "يعقبها") may stand.
const SEQUENCE_REACH: usize = 3;
/// The first word keys of a predicate's triggers of each special kind.
#[derive(Debug)]
struct TriggerKinds {
    recipient: Vec<String>,
    absence: Vec<String>,
    context: Vec<String>,
}

/// Words that may stand between a length verb and its length ("lasted for
/// about six hours").
const LENGTH_GAP: usize = 2;
/// How far after a noun of the event ("the presence of heads of state
/// will …") the verb's modality cue may stand, within its clause.
const NOMINAL_REACH: usize = 8;

impl Extractor {
    pub fn new(rules: &Rules) -> Extractor {
        let mut triggers = PhraseIndex::default();
        for (i, p) in rules.predicates.iter().enumerate() {
            for t in p
                .triggers
                .iter()
                .chain(&p.recipient_triggers)
                .chain(&p.absence_triggers)
            {
                triggers.add(t, i);
            }
        }
        let mut cues = PhraseIndex::default();
        for (i, c) in rules.cues.iter().enumerate() {
            for p in &c.phrases {
                cues.add(p, i);
            }
        }
        let mut preps = PhraseIndex::default();
        let mut prep_clitics = Vec::new();
        for p in &rules.prepositions {
            if let Some(slot) = slot_of(&p.slot) {
                for w in &p.phrases {
                    preps.add(w, slot);
                }
                for c in &p.clitics {
                    prep_clitics.push((crate::normalize::fold(c), slot));
                }
            }
        }
        let mut objects = PhraseIndex::default();
        for (i, o) in rules.objects.iter().enumerate() {
            for h in &o.heads {
                objects.add(h, i);
            }
        }
        let mut place_nouns = PhraseIndex::default();
        for h in rules
            .name_heads
            .iter()
            .filter(|h| h.position == "next" && h.kind.is_place())
        {
            for w in &h.phrases {
                place_nouns.add(w, ());
            }
        }
        Extractor {
            claims: claim::ClaimFinder::new(rules),
            place_nouns,
            recognizer: Recognizer::new(rules),
            triggers,
            cues,
            preps,
            prep_clitics,
            objects,
            quantities: quantity::QuantityFinder::new(rules),
            editions: quantity::EditionFinder::new(rules),
            trigger_kinds: rules
                .predicates
                .iter()
                .map(|p| {
                    let first = |list: &[String]| -> Vec<String> {
                        list.iter()
                            .filter_map(|t| crate::recognize::phrase_keys(t).into_iter().next())
                            .collect()
                    };
                    TriggerKinds {
                        recipient: first(&p.recipient_triggers),
                        absence: first(&p.absence_triggers),
                        context: first(&p.context_triggers),
                    }
                })
                .collect(),
            length_verbs: {
                let mut ix = PhraseIndex::default();
                for w in &rules.length_verbs {
                    ix.add(w, ());
                }
                ix
            },
        }
    }

    /// Every statement in one document's body.
    pub fn document(&self, rules: &Rules, doc: &Document, doc_index: usize) -> Vec<Statement> {
        self.read(rules, doc, doc_index).0
    }

    /// Every statement in one document's body, and how often its sentences
    /// name each entity (sorted by entity id): every sentence, not only
    /// those with a statement ("COP29 took place in Baku" says what a report
    /// is about though it states nothing).
    pub fn read(
        &self,
        rules: &Rules,
        doc: &Document,
        doc_index: usize,
    ) -> (Vec<Statement>, Vec<(String, u32)>) {
        self.read_split(rules, (doc, doc_index), &sentences(doc))
    }

    /// As [`Extractor::read`], over the document's sentences split
    /// already ([`sentences`]), for a caller that reads them for more.
    pub fn read_split(
        &self,
        rules: &Rules,
        (doc, doc_index): (&Document, usize),
        split: &[Sentence],
    ) -> (Vec<Statement>, Vec<(String, u32)>) {
        let mut names: rustc_hash::FxHashMap<String, u32> = Default::default();
        let mut ctx = DocContext {
            date: doc.published.date,
            ..Default::default()
        };
        let mut out = Vec::new();
        let anchor = anchor_of(doc);
        for s in split {
            // time expressions are the costliest lookup: once per sentence and direction
            let times = Times::new(s, anchor);
            // a time expression ends a name ("وزارة العدل اليوم السبت"); in
            // an undated article "today" resolves to nothing, so its words
            // are found against a stand-in day, for their spans only
            let name_stops = match anchor {
                Some(_) => times.get(Direction::Past),
                None => times.stand_in().get(Direction::Past),
            };
            let mentions = self
                .recognizer
                .mentions_with(rules, s, &mut ctx, name_stops);
            for m in &mentions {
                match names.get_mut(&m.entity) {
                    Some(n) => *n += 1,
                    None => {
                        names.insert(m.entity.clone(), 1);
                    }
                }
            }
            self.introduce_events(s, &mentions, &mut ctx, &times);
            // cues serve predicates, direct quotes and claims: one scan
            let cues: Vec<Cue> = self
                .cues
                .scan(s)
                .into_iter()
                .map(|(a, b, &i)| (a, b, &rules.cues[i]))
                .collect();
            let quoted = Quoted::new();
            let sentence = (s, mentions.as_slice(), cues.as_slice(), &quoted);
            let scopes = crate::syntax::Scopes::of(s, &cues, times.get(Direction::Past));
            self.sentence(
                rules,
                (doc, doc_index),
                sentence,
                (&ctx, &times, &scopes),
                &mut out,
            );
            self.direct_quotes((doc, doc_index), sentence, &mut out);
            self.generic_claims(
                rules,
                (doc, doc_index),
                sentence,
                (&times, &scopes),
                &mut out,
            );
        }
        let mut names: Vec<(String, u32)> = names.into_iter().collect();
        names.sort_unstable();
        (out, names)
    }

    /// The counted figures of a sentence as generic claims (`predicate`
    /// [`CLAIM`], the count class as the quantity's unit).
    fn generic_claims(
        &self,
        rules: &Rules,
        (doc, doc_index): (&Document, usize),
        (s, mentions, cues, quoted): (&Sentence, &[Mention], &[Cue], &Quoted),
        (sentence_times, scopes): (&Times, &crate::syntax::Scopes),
        out: &mut Vec<Statement>,
    ) {
        let counts = self.claims.counts(rules, s, mentions, &doc.text);
        if counts.is_empty() {
            return;
        }
        // a dateline ("KATHMANDU —") says where the report was filed: no
        // participant and no site of the figure
        let lo = dateline_end(s, mentions, sentence_times.get(Direction::Past));
        let after_dateline: Vec<Mention>;
        let mentions = if lo == 0 {
            mentions
        } else {
            after_dateline = mentions
                .iter()
                .filter(|m| m.tokens.0 >= lo)
                .cloned()
                .collect();
            &after_dateline
        };
        let terms = claim_terms(s);
        let status = if self.claims.correction(s) {
            Some(CORRECTION)
        } else if self.claims.interim(s) {
            Some(INTERIM)
        } else {
            None
        };
        let heads = self.claims.heads(s);
        let claim_scopes = self.claims.scopes(s);
        let roles = participant_roles(mentions);
        let attribution =
            cues.iter()
                .filter(|c| c.2.role == "reporting")
                .find_map(|&(ra, rb, _)| {
                    let until = (rb + 6).min(s.tokens.len());
                    self.speaker_of(s, mentions, (ra, rb), until)
                        .map(|m| Attribution {
                            speaker: Some(m.entity.clone()),
                            verb: cue_text(s, ra, rb),
                            direct: false,
                        })
                });
        for (k, q) in counts.into_iter().enumerate() {
            let (at, last) = q.tokens;
            // the clause the figure stands in, after any ";" or ":"
            let clause_start = (1..at)
                .rev()
                .find(|&j| s.gap(j - 1, j).chars().any(|ch| ";:".contains(ch)))
                .unwrap_or(0);
            let before = |ca: usize, cb: usize, reach: usize| {
                ca >= clause_start && cb <= at && at - cb <= reach
            };
            // the nearest modality cue before the figure, else the way the
            // sentence points ("will", "expected" → expected)
            // a cue with a reach of its own is tuned to the verb beside it
            // ("Minister to visit"), not to a figure ("rose to 11,300")
            // else a cue that follows what it governs, close after the
            // figure in its clause ("100 heads of state have confirmed their
            // attendance")
            let clause_end = (last + 1..s.tokens.len())
                .find(|&j| s.gap(j - 1, j).chars().any(|ch| ";:".contains(ch)))
                .unwrap_or(s.tokens.len());
            // a cue between the counted noun and its number governs the
            // count itself ("عدد القتلى يمكن أن يفوق 20 ألفا", "the toll could
            // exceed 20,000")
            let inside = cues.iter().find(|(ca, cb, cue)| {
                cue.role == "modality" && cue.reach.is_none() && *ca > at && *cb < last
            });
            let governing = inside
                .or_else(|| {
                    cues.iter()
                        .filter(|(ca, cb, cue)| {
                            cue.role == "modality"
                                && cue.reach.is_none()
                                && before(*ca, *cb, CLAIM_CUE_REACH)
                        })
                        .max_by_key(|(_, cb, _)| *cb)
                })
                .or_else(|| {
                    cues.iter()
                        .filter(|(ca, cb, cue)| {
                            cue.role == "modality"
                                && cue.position == "after"
                                && *ca >= last
                                && *cb <= clause_end
                                && *ca - last <= cue.reach.unwrap_or(CLAIM_AFTER_REACH)
                        })
                        .min_by_key(|(ca, _, _)| *ca)
                });
            let modality = governing
                .and_then(|(_, _, cue)| cue.modality.as_deref().and_then(Modality::parse))
                .unwrap_or_else(|| {
                    let (from, to) = (s.tokens[at].start, s.tokens[last - 1].end);
                    match TimeGrammar::embedded().direction_hint(&s.norm.text, from, to) {
                        Direction::Future => Modality::Expected,
                        Direction::Past => Modality::Asserted,
                    }
                });
            // who denies, admits or accuses: the cue's own subject ("نفت
            // الجمعية", "the Red Crescent on Sunday denied")
            let attribution = match governing {
                Some(&(ca, cb, _))
                    if matches!(
                        modality,
                        Modality::Denied | Modality::Acknowledged | Modality::Alleged
                    ) =>
                {
                    self.cue_subject(s, mentions, ca, cb)
                        .map(|m| Attribution {
                            speaker: Some(m.entity.clone()),
                            verb: cue_text(s, ca, cb),
                            direct: false,
                        })
                        .or_else(|| attribution.clone())
                }
                _ => attribution.clone(),
            };
            // "did not attend … only three" is an exception, not a negation
            let negated = cues
                .iter()
                .any(|(ca, cb, cue)| cue.role == "negation" && before(*ca, *cb, CLAIM_NEG_REACH))
                && !self.claims.exception_in(s, at.saturating_sub(2), at);
            // the names in the list of what the figure counts are members of
            // it, not what it is about: "attended by some 80 heads of state,
            // including UK Prime Minister Keir Starmer" is no count of Britain
            // (split off only where such a list opens: most figures have none)
            let (own, members): (std::borrow::Cow<[Mention]>, Vec<String>) =
                match self.claims.members_from(s, last, clause_end) {
                    None => (std::borrow::Cow::Borrowed(mentions), Vec::new()),
                    Some(p) => {
                        let (own, members): (Vec<&Mention>, Vec<&Mention>) =
                            mentions.iter().partition(|m| m.tokens.0 < p);
                        let ids = members.iter().map(|m| m.entity.clone()).collect();
                        (own.into_iter().cloned().collect(), ids)
                    }
                };
            let mentions: &[Mention] = &own;
            // the place the figure is told for: "247 people in Kenya"
            let own_place = mentions.iter().find(|m| {
                m.kind.is_place()
                    && m.tokens.0 >= last
                    && m.tokens.0 <= last + 2
                    && self.preposition_before(s, m.tokens.0) == Some(Slot::Place)
            });
            let place = own_place
                .or_else(|| {
                    mentions
                        .iter()
                        .filter(|m| m.kind.is_place())
                        .min_by_key(|m| m.tokens.0.abs_diff(at))
                })
                .map(|m| m.entity.clone());
            // the sites a figure covers: its own place, else every city the
            // sentence names that no other named city lies in ("the attacks
            // in Nairobi and Dar es Salaam killed 257": two sites)
            let sites: Vec<String> = match own_place {
                Some(m) => vec![m.entity.clone()],
                None => {
                    let cities: Vec<&String> = mentions
                        .iter()
                        .filter(|m| m.kind.place_rank() <= EntityKind::City.place_rank())
                        .map(|m| &m.entity)
                        .collect();
                    let mut out: Vec<String> = Vec::new();
                    for c in &cities {
                        let inner = cities
                            .iter()
                            .any(|o| o != c && rules.ancestors(o).contains(*c));
                        if !inner && !out.contains(*c) {
                            out.push((*c).clone());
                        }
                    }
                    out
                }
            };
            let mut roles = if members.is_empty() {
                roles.clone()
            } else {
                let mut r = participant_roles(mentions);
                r.insert("member".to_string(), members);
                r
            };
            if !sites.is_empty() {
                roles.insert("site".to_string(), sites);
            }
            // the size of a known set is about the set, not the verb beside it
            let head = if q.size {
                Some(SIZE_HEAD.to_string())
            } else {
                heads
                    .iter()
                    .filter(|&&(_, h)| {
                        let classes = &rules.heads[h].classes;
                        classes.is_empty() || classes.contains(&q.unit)
                    })
                    .min_by_key(|(a, _)| a.abs_diff(at))
                    .map(|&(_, h)| rules.heads[h].lemma.clone())
                    // no verb: a count that is its own event ("عدد القتلى
                    // قد يزيد على 20 ألفا" is a death toll)
                    .or_else(|| rules.count_class(&q.unit).and_then(|d| d.head.clone()))
            };
            // the time of the figure's own clause, nearest it: "90 freed on
            // Sunday" and "110 freed on Thursday" are two releases
            let direction = modality.direction();
            // "…, organisers said on Thursday": a time after the reporting
            // verb that follows the figure dates the report, not the figure
            let report_at = cues
                .iter()
                .filter(|(ca, _, cue)| cue.role == "reporting" && *ca >= last && *ca < clause_end)
                .map(|c| c.0)
                .min()
                .unwrap_or(usize::MAX);
            let time = sentence_times
                .get(direction)
                .iter()
                .filter(|t| s.token_at(t.start) < report_at)
                .filter(|t| scopes.same(at, s.token_at(t.start)))
                .min_by_key(|t| s.token_at(t.start).abs_diff(at))
                .map(|t| TimeSlot::of(t, s, doc));
            // the scope nearest the figure in its clause
            let scope = claim_scopes
                .iter()
                .filter(|&&(a, _)| a >= clause_start)
                .min_by_key(|(a, _)| a.abs_diff(at))
                .map(|&(_, h)| rules.scopes[h].lemma.clone());
            out.push(Statement {
                id: format!("{}@{}:claim{}", doc.id, s.span.start, k),
                document: doc.id.clone(),
                predicate: CLAIM.into(),
                roles,
                place: place.map(Into::into),
                occasion: None,
                time,
                clock: ThinVec::new(),
                modality,
                polarity: if negated {
                    Polarity::Negative
                } else {
                    Polarity::Positive
                },
                attribution: attribution.map(Box::new),
                rule: format!("claim/count/{}", q.unit),
                quantities: thin_vec::thin_vec![q],
                said: None,
                status: status.map(Into::into),
                evidence: quoted.get_or_init(|| Evidence::of(doc, s.span)).clone(),
                confidence: 0.6,
                doc_index,
                untabled: ThinVec::new(),
                mentions: mentions.into(),
                head: head.map(Into::into),
                scope: scope.map(Into::into),
                terms: terms.as_slice().into(),
            });
        }
    }

    /// Direct speech: a reporting verb, its speaker and the words inside the
    /// quotation marks become a `say` statement, so renderings of one remark
    /// by different outlets can be compared word by word.
    fn direct_quotes(
        &self,
        (doc, doc_index): (&Document, usize),
        (s, mentions, cues, quoted): (&Sentence, &[Mention], &[Cue], &Quoted),
        out: &mut Vec<Statement>,
    ) {
        let text = &s.norm.text;
        for &(ra, rb, cue) in cues {
            if cue.role != "reporting" {
                continue;
            }
            let after = s.tokens[rb - 1].end;
            let before = s.tokens[ra].start;
            // the quotation after the verb ("قال: «…»"), else the one before ("“…,” he said")
            let pair = quote_after(text, after).or_else(|| quote_before(text, before));
            let Some((qa, qb)) = pair else { continue };
            let inside = s.norm.original(qa, qb);
            let said = inside.slice(&doc.text).trim().to_string();
            if said.split_whitespace().count() < 3 {
                continue;
            }
            let quote_tok = s.token_at(qa);
            let speaker = self.speaker_of(s, mentions, (ra, rb), (rb + 4).min(quote_tok.max(rb)));
            let Some(speaker) = speaker else { continue };
            out.push(Statement {
                id: format!("{}@{}:say", doc.id, s.span.start),
                document: doc.id.clone(),
                predicate: "say".into(),
                roles: Roles::from_iter([("agent".to_string(), vec![speaker.entity.clone()])]),
                place: None,
                occasion: None,
                time: None,
                clock: ThinVec::new(),
                modality: Modality::Asserted,
                polarity: Polarity::Positive,
                attribution: Some(Box::new(Attribution {
                    speaker: Some(speaker.entity.clone()),
                    verb: cue_text(s, ra, rb),
                    direct: true,
                })),
                quantities: ThinVec::new(),
                status: None,
                said: Some(said.into()),
                evidence: quoted.get_or_init(|| Evidence::of(doc, s.span)).clone(),
                rule: "quote/direct".into(),
                confidence: 0.8,
                doc_index,
                untabled: if speaker.via == crate::recognize::Via::Untabled {
                    thin_vec::thin_vec![speaker.entity.clone()]
                } else {
                    ThinVec::new()
                },
                mentions: thin_vec::thin_vec![speaker.clone()],
                head: None,
                scope: None,
                terms: ThinVec::new(),
            });
            return; // one remark per sentence
        }
    }

    /// A sentence that names an event no table knows, together with a place
    /// or a time, introduces it for later back-references ("في القمة").
    fn introduce_events(
        &self,
        s: &Sentence,
        mentions: &[Mention],
        ctx: &mut DocContext,
        times: &Times,
    ) {
        for (a, b, class) in self.recognizer.event_heads(s) {
            if mentions.iter().any(|m| {
                m.tokens.0 <= a && b <= m.tokens.1 && m.via != crate::recognize::Via::Reference
            }) {
                continue; // a known event from the tables
            }
            let place = mentions
                .iter()
                .filter(|m| m.kind.is_place() && m.kind != EntityKind::Country)
                .min_by_key(|m| m.tokens.0.abs_diff(a))
                .or_else(|| mentions.iter().find(|m| m.kind.is_place()))
                .map(|m| m.entity.clone());
            let time = times
                .get(Direction::Future)
                .iter()
                .min_by_key(|t| (t.last - t.first).num_days())
                .map(|t| (t.first, t.last, t.value()));
            if place.is_none() && time.is_none() {
                continue;
            }
            let id = format!("local:{}", ctx.local_events.len());
            ctx.local_events.push(LocalEvent {
                class: class.to_string(),
                place,
                time,
            });
            ctx.last_event.insert(class.to_string(), id.clone());
            ctx.named(&id);
        }
    }

    fn sentence(
        &self,
        rules: &Rules,
        (doc, doc_index): (&Document, usize),
        (s, mentions, cues, quoted): (&Sentence, &[Mention], &[Cue], &Quoted),
        (ctx, sentence_times, scopes): (&DocContext, &Times, &crate::syntax::Scopes),
        out: &mut Vec<Statement>,
    ) {
        // statements before this one came from earlier sentences
        let first_here = out.len();
        let mut triggers: Vec<(usize, usize, usize)> = self
            .triggers
            .scan(s)
            .into_iter()
            .map(|(a, b, &i)| (a, b, i))
            .collect();
        let objects: Vec<(usize, usize, usize)> = self
            .objects
            .scan(s)
            .into_iter()
            .map(|(a, b, &i)| (a, b, i))
            .collect();
        let mut candidates: Vec<Statement> = Vec::new();
        // "called off their planned merger": a plan's fate reported with only
        // its object named stands for the object's usual predicate
        for &(oa, ob, oi) in &objects {
            let Some(pid) = &rules.objects[oi].predicate else {
                continue;
            };
            let Some(pi) = rules.predicates.iter().position(|p| &p.id == pid) else {
                continue;
            };
            let near_status = cues.iter().any(|&(ca, cb, c)| {
                c.role == "status"
                    && ((cb <= oa && oa - cb <= CUE_REACH) || (ca >= ob && ca - ob <= CUE_REACH))
            });
            if near_status && !triggers.iter().any(|t| t.0 == oa) {
                triggers.push((oa, ob, pi));
            }
        }
        // "أعلن الاتحاد تأجيل بطولة كأس الأمم 2025": a named event right after
        // a status word (or right before it) stands for the predicate whose
        // fate it is, the name its own trigger (where a name is otherwise no
        // trigger); kept as the name's first token and, when the status word
        // follows the name, where that word stands
        let mut fates: Vec<(usize, Option<usize>)> = Vec::new();
        let any_status = cues.iter().any(|c| c.2.role == "status");
        for (pi, p) in rules.predicates.iter().enumerate() {
            if p.fate_of.is_empty() || !any_status {
                continue;
            }
            for m in mentions {
                let (ma, mb) = m.tokens;
                let kind = format!("{:?}", m.kind);
                if !p.fate_of.iter().any(|k| kind.eq_ignore_ascii_case(k)) {
                    continue;
                }
                let status = |before: bool| {
                    cues.iter().find(|&&(ca, cb, c)| {
                        c.role == "status"
                            && if before {
                                cb <= ma && ma - cb <= FATE_REACH
                            } else {
                                ca >= mb && ca - mb <= FATE_REACH
                            }
                    })
                };
                let after = status(false).map(|c| c.0);
                let governed = status(true).is_some() || after.is_some();
                let taken = triggers.iter().any(|t| t.0 < mb && ma < t.1);
                if governed && !taken {
                    fates.push((ma, after));
                    triggers.push((ma, mb, pi));
                }
            }
        }

        if triggers.is_empty() {
            return;
        }
        // the dateline is the sentence's, whichever trigger is read
        let dateline = dateline_end(s, mentions, sentence_times.get(Direction::Past));
        // the editions the sentence names, read once whichever trigger asks
        let editions: std::cell::OnceCell<Vec<Quantity>> = std::cell::OnceCell::new();
        for &(ta, tb, pi) in &triggers {
            let fate = fates.iter().find(|f| f.0 == ta);
            if fate.is_none()
                && mentions
                    .iter()
                    .any(|m| m.tokens.0 <= ta && tb <= m.tokens.1)
            {
                continue;
            }
            let pred = &rules.predicates[pi];
            let n = s.tokens.len();
            // the clause: after "said that" when a report introduces it, and
            // after a dateline ("RIYADH, Saudi Arabia —", "طرابلس –")
            let mut lo = dateline;
            let mut attribution = None;
            let mut speaker_tokens = None;
            let mut report_after = None;
            let reporting: Vec<&(usize, usize, &CueDef)> =
                cues.iter().filter(|c| c.2.role == "reporting").collect();
            if let Some(&&(ra, rb, _)) = reporting.iter().rev().find(|c| c.1 <= ta) {
                let comp = cues
                    .iter()
                    .find(|c| c.2.role == "complementizer" && c.0 >= rb && c.1 <= ta);
                let speaker_end = comp.map_or(ta, |c| c.0);
                let speaker = self.speaker_of(s, mentions, (ra, rb), speaker_end);
                if let Some(c) = comp {
                    lo = c.1;
                }
                speaker_tokens = speaker.map(|m| m.tokens);
                attribution = Some(Attribution {
                    speaker: speaker.map(|m| m.entity.clone()),
                    verb: cue_text(s, ra, rb),
                    direct: s.gap(rb.min(n - 1), ta.min(n - 1)).contains('"')
                        || s.norm.text[s.tokens[ta].start..].contains('"')
                            && s.norm.text[..s.tokens[ta].start].contains('"'),
                });
            } else if let Some(&&(ra, rb, _)) = reporting.iter().find(|c| c.0 >= tb) {
                // "…, Peskov said" / "بحسب ما أفاد صحافيون"
                let speaker = self.speaker_of(s, mentions, (ra, rb), rb + 4);
                report_after = Some(ra);
                speaker_tokens = speaker.map(|m| m.tokens);
                attribution = Some(Attribution {
                    speaker: speaker.map(|m| m.entity.clone()),
                    verb: cue_text(s, ra, rb),
                    direct: false,
                });
            }
            // "…, the confederation said on Tuesday": what follows is the report's
            // "…the meeting, which this year focuses on EU rules": a relative
            // clause after the trigger speaks of something else
            let relative = cues
                .iter()
                .filter(|c| {
                    c.2.role == "boundary"
                        && c.0 >= tb
                        && s.gap(c.0.saturating_sub(1), c.0).contains(',')
                })
                .map(|c| c.0)
                .min();
            let hi = report_after.into_iter().chain(relative).min().unwrap_or(n);

            // guard for ambiguous triggers
            let has_object = |kinds: &[String]| {
                objects.iter().any(|&(a, _, i)| {
                    a >= lo
                        && (kinds.contains(&rules.objects[i].kind)
                            || kinds.contains(&rules.objects[i].id))
                }) || mentions.iter().any(|m| {
                    m.tokens.0 >= lo
                        && kinds
                            .iter()
                            .any(|k| format!("{:?}", m.kind).eq_ignore_ascii_case(k))
                })
            };
            let kinds = &self.trigger_kinds[pi];
            let is_trigger = |keys: &[String]| keys.iter().any(|k| s.forms[ta].has(k, true));
            // a noun of the event that stands for it with no event named
            // ("the presence of heads of state will exceed 50%")
            let nominal = is_trigger(&kinds.context);
            // with no event named, a context trigger stands at the one the
            // article is about
            let mut implicit_occasion = None;
            if !pred.requires.is_empty() && !has_object(&pred.requires) {
                match ctx.main_event() {
                    Some(e) if nominal => implicit_occasion = Some(e.to_string()),
                    _ => continue,
                }
            }
            // another trigger between this one and token `to`
            let trigger_before = |to: usize| triggers.iter().any(|&(xa, _, _)| xa >= tb && xa < to);

            // modality and polarity from the nearest cues
            let mut modality = Modality::Asserted;
            let mut cue_speaker: Option<&Mention> = None;
            let mut best = usize::MAX;
            // "In March, they agreed to reopen embassies": a cue that is an act
            // of its own dates itself with the times before it
            let mut governor: Option<usize> = None;
            // "expected to perform the pilgrimage in Mecca, followed by a
            // meeting with his counterpart": an event joined on by a sequence
            // word happens under the cue of the clause it follows
            let sequel = cues
                .iter()
                .filter(|&&(_, cb, c)| {
                    c.role == "sequence" && cb <= ta && ta - cb <= SEQUENCE_REACH
                })
                .map(|&(ca, _, _)| ca)
                .min();
            for &(ca, cb, cue) in cues {
                if cue.role != "modality" {
                    continue;
                }
                // a cue governs the first trigger after it: "يعتزم زيارة … تلبية لدعوة"
                // (a trigger whose guard fails, "deliver its verdict", is no trigger)
                let between = triggers.iter().any(|&(xa, _, xi)| {
                    let req = &rules.predicates[xi].requires;
                    xa >= cb && xa < ta && (req.is_empty() || has_object(req))
                });
                let reach = cue.reach.unwrap_or(CUE_REACH);
                // "أمم إفريقيا 2025 قد يتم تأجيلها": between a named event and
                // the status word after it, a cue governs the fate
                let fate_cue = fate
                    .and_then(|f| f.1)
                    .is_some_and(|st| ca >= tb && cb <= st);
                // (a cue inside a relative clause, "who is expected in Riyadh",
                // governs nothing outside it)
                let dist = if let Some(q) =
                    sequel.filter(|&q| cb <= q && cue.position != "after" && scopes.same(ca, q))
                {
                    q - cb
                } else if fate_cue {
                    ca - tb
                } else if ca <= ta && tb <= cb && cue.position != "before" {
                    // "have confirmed their attendance": a cue that governs
                    // what stands before it holds the trigger
                    0
                } else if cb <= ta && ta - cb <= reach && cue.position != "after" && !between {
                    ta - cb
                } else if ca >= tb && ca - tb <= cue.reach.unwrap_or(2) && cue.position != "before"
                {
                    ca - tb
                } else if nominal
                    && ca >= tb
                    && ca - tb <= NOMINAL_REACH
                    && !s.gap(tb - 1, ca).contains([',', '،', ';', '؛'])
                    && !trigger_before(ca)
                {
                    // "the presence of heads of state will exceed 50%": a noun
                    // of the event takes the modality of its clause's verb,
                    // whichever side of that verb its cue stands
                    ca - tb
                } else {
                    continue;
                };
                if dist < best {
                    if let Some(m) = cue.modality.as_deref().and_then(Modality::parse) {
                        best = dist;
                        modality = m;
                        governor = (cue.own_time && cb <= ta).then_some(ca);
                        // the one who denies, accuses or acknowledges
                        // Arabic puts the subject after the verb ("نفت طهران"),
                        // English before it ("Belmora's ministry denied")
                        let after = || {
                            mentions.iter().find(|x| {
                                x.tokens.0 >= cb && x.tokens.1 <= ta && x.kind.can_speak()
                            })
                        };
                        let before = || {
                            mentions.iter().rev().find(|x| {
                                x.tokens.1 <= ca
                                    && x.tokens.1 + SUBJECT_REACH >= ca
                                    && x.kind.can_speak()
                            })
                        };
                        cue_speaker = if cb > ta {
                            // "Iran called the reports … baseless": the clause's subject
                            mentions.iter().find(|x| {
                                x.tokens.0 >= lo && x.tokens.1 <= ta && x.kind.can_speak()
                            })
                        } else if s.tokens[ca].arabic {
                            after().or_else(before)
                        } else {
                            before().or_else(after)
                        };
                    }
                }
            }
            // "ألغى زيارته", "the visit was postponed": the plan's fate
            let status = cues
                .iter()
                .filter(|&&(ca, cb, c)| {
                    c.role == "status"
                        && ((cb <= ta && ta - cb <= CUE_REACH)
                            || (ca >= tb && ca - tb <= STATUS_AFTER_REACH))
                })
                .min_by_key(|&&(ca, cb, _)| if cb <= ta { ta - cb } else { ca - tb })
                .and_then(|c| c.2.status.clone());
            // a reported cancellation is itself asserted, whatever the plan was
            if status.is_some() && modality.is_expectation() {
                modality = Modality::Asserted;
            }
            let negated = cues
                .iter()
                .any(|&(_, cb, c)| c.role == "negation" && cb <= ta && ta - cb <= NEG_REACH);
            // "غاب عن القمة": an absence is the event negated
            let negated = negated != is_trigger(&kinds.absence);
            let polarity = if negated {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            if let Some(m) = cue_speaker {
                if matches!(
                    modality,
                    Modality::Denied | Modality::Acknowledged | Modality::Alleged
                ) {
                    speaker_tokens = speaker_tokens.or(Some(m.tokens));
                    let verb = cues
                        .iter()
                        .find(|c| c.2.role == "modality" && c.1 <= ta)
                        .map(|c| cue_text(s, c.0, c.1));
                    attribution = Some(Attribution {
                        speaker: Some(m.entity.clone()),
                        verb: verb.unwrap_or_default(),
                        direct: false,
                    });
                }
            }

            // slots from the mentions in the clause
            let mut roles = Roles::new();
            let mut place: Option<(String, usize)> = None;
            let mut occasion: Option<String> = None;
            let recipient_subject = is_trigger(&kinds.recipient);
            let mut used: Vec<Mention> = Vec::new();
            for m in mentions
                .iter()
                .filter(|m| m.tokens.0 >= lo && m.tokens.1 <= hi)
            {
                if Some(m.tokens) == speaker_tokens {
                    continue;
                }
                // a clitic preposition ("بدمشق": in Damascus) is read off a
                // name's first letter only when that letter is not the
                // name's own ("بريطانيا", "بلجيكا" begin with it)
                // (names are read, and folded, only for a token that begins
                // with such a letter)
                let tok = &s.tokens[m.tokens.0].text;
                let own_letter = m.tokens.1 == m.tokens.0 + 1
                    && self
                        .prep_clitics
                        .iter()
                        .any(|(c, _)| tok.starts_with(c.as_str()))
                    && rules.entity(&m.entity).is_some_and(|e| {
                        let tok = crate::normalize::fold(tok);
                        e.names().any(|n| crate::normalize::fold(n) == tok)
                    });
                let slot = self.preposition_before_m(
                    s,
                    m.tokens.0,
                    m.via != crate::recognize::Via::Untabled && !own_letter,
                );
                let e = rules.entity(&m.entity);
                let mut push = |role: &str, id: &str| {
                    let v = roles.entry(role.to_string()).or_default();
                    if !v.iter().any(|x| x == id) {
                        v.push(id.to_string());
                    }
                };
                match (m.kind, slot) {
                    (_, Some(Slot::Affiliation)) => {}
                    (EntityKind::Event, Some(Slot::Place)) => occasion = Some(m.entity.clone()),
                    // "the forum opened", "the final … postponed": the event itself
                    (EntityKind::Event, _)
                        if !m.entity.starts_with("local:")
                            && m.via != crate::recognize::Via::Reference =>
                    {
                        push("object", &m.entity)
                    }
                    (EntityKind::Event, _) => occasion = Some(m.entity.clone()),
                    // "يزور … القاهرة": a visit's destination needs no preposition
                    (k, None)
                        if pred.place_from_destination
                            && m.tokens.0 >= tb
                            && matches!(
                                k,
                                EntityKind::City
                                    | EntityKind::Building
                                    | EntityKind::Region
                                    | EntityKind::Country
                            )
                            && place.is_none() =>
                    {
                        place = Some((m.entity.clone(), 0));
                    }
                    (k, Some(Slot::Place)) if k.is_place() => {
                        let dist = m.tokens.0.abs_diff(ta);
                        if place.as_ref().is_none_or(|p| {
                            let pk = rules.entity(&p.0).map_or(9, |x| x.kind.place_rank());
                            k.place_rank() < pk || (k.place_rank() == pk && dist < p.1)
                        }) {
                            place = Some((m.entity.clone(), dist));
                        }
                    }
                    (k, Some(Slot::Destination)) if k.is_place() && pred.place_from_destination => {
                        place = Some((m.entity.clone(), 0));
                    }
                    (k, Some(Slot::Destination | Slot::Recipient))
                        if k.is_actor() || k.is_place() =>
                    {
                        push("recipient", &m.entity)
                    }
                    (k, Some(Slot::Source)) if k.is_actor() || k.is_place() => {
                        push("source", &m.entity)
                    }
                    (EntityKind::Person, _) if recipient_subject && m.tokens.1 <= ta => {
                        push("recipient", &m.entity)
                    }
                    (k, _) if k.is_actor() => push("agent", &m.entity),
                    (EntityKind::City, _) => push("agent", &m.entity), // "موسكو وطهران": capitals for governments
                    (EntityKind::Document, _) => push("object", &m.entity),
                    (EntityKind::Weapon, _) => push("object", &m.entity),
                    _ => {}
                }
                let _ = e;
                used.push(m.clone());
            }
            if !roles.contains_key("object") {
                let obj = objects
                    .iter()
                    .filter(|&&(a, _, i)| {
                        a >= lo
                            && (pred.object.is_empty()
                                || pred.object.contains(&rules.objects[i].kind)
                                || pred.object.contains(&rules.objects[i].id))
                    })
                    .min_by_key(|&&(a, _, _)| if a >= tb { a - tb } else { (ta - a) * 2 });
                if let Some(&(_, mut end, i)) = obj {
                    let mut ids = vec![rules.objects[i].id.clone()];
                    // "طائرات مسيرة أو صواريخ", "drones and missiles": coordinated objects
                    for &(a, b, j) in &objects {
                        let same_kind = rules.objects[j].kind == rules.objects[i].kind;
                        if a >= end
                            && a <= end + 2
                            && same_kind
                            && !ids.contains(&rules.objects[j].id)
                        {
                            ids.push(rules.objects[j].id.clone());
                            end = b;
                        }
                    }
                    roles.insert("object".into(), ids);
                }
            }
            let mut place = place.map(|p| p.0);
            // "at the Planalto Palace": a venue no table knows lies in the
            // city or country its sentence names, else in the article's country
            if let Some(p) = place
                .as_mut()
                .filter(|p| p.starts_with("name:") && !p.contains('@'))
            {
                let container = mentions
                    .iter()
                    .filter(|m| {
                        m.kind.is_place()
                            && m.via != crate::recognize::Via::Untabled
                            && rules.entity(&m.entity).is_some()
                    })
                    .min_by_key(|m| rules.entity(&m.entity).map_or(9, |e| e.kind.place_rank()))
                    .map(|m| m.entity.clone());
                if let Some(c) = container {
                    *p = format!("{p}@{c}");
                }
            }
            // "وزيرا الطاقة في الجزائر وموريتانيا … في نواكشوط": a country after
            // في that does not contain the place is a participant
            if let Some(p) = &place {
                let within = rules.ancestors(p);
                for m in &used {
                    if m.kind == EntityKind::Country
                        && !within.contains(&m.entity)
                        && self.preposition_before(s, m.tokens.0) == Some(Slot::Place)
                    {
                        let v = roles.entry("agent".to_string()).or_default();
                        if !v.contains(&m.entity) {
                            v.push(m.entity.clone());
                        }
                    }
                }
            }
            if occasion.is_none() {
                occasion = implicit_occasion;
            }
            let mut time = None;
            if let Some(ev) = occasion.as_deref().and_then(|id| ctx.local_event(id)) {
                if place.is_none() {
                    place = ev.place.clone();
                }
                if let Some((f, l, v)) = &ev.time {
                    time = Some(TimeSlot {
                        start: *f,
                        end: *l,
                        granularity: granularity_of(*f, *l),
                        text: format!("the {} named earlier", ev.class),
                        value: v.clone(),
                    });
                }
            } else if let Some(ev) = occasion.as_ref().and_then(|id| rules.entity(id)) {
                if place.is_none() {
                    place = ev.place.clone();
                }
                if let Some((f, l)) = ev.time.as_deref().and_then(parse_interval) {
                    time = Some(TimeSlot {
                        start: f,
                        end: l,
                        granularity: if f == l {
                            Granularity::Day
                        } else {
                            granularity_of(f, l)
                        },
                        text: rules.label(&ev.id),
                        value: ev.time.clone().unwrap_or_default(),
                    });
                }
            }
            let direction = modality.direction();
            let times = sentence_times.get(direction);
            let lo_byte = s.tokens.get(lo).map_or(0, |t| t.start);
            let t_byte = s.tokens[ta].start;
            let hi_byte = s.tokens.get(hi).map_or(s.norm.text.len(), |t| t.start);
            if let Some(t) = times
                .iter()
                .filter(|t| t.start >= lo_byte && t.end <= hi_byte)
                // a time in another clause dates that clause's verb
                .filter(|t| scopes.same(ta, s.token_at(t.start)))
                .filter(|t| governor.is_none_or(|g| s.token_at(t.start) > g))
                .min_by_key(|t| {
                    (
                        (t.last - t.first).num_days(),
                        t.anchored,
                        t.start.abs_diff(t_byte),
                    )
                })
            {
                let mut t = t.clone();
                // "AFCON 2025 will take place from July 23": a yearless date
                // falls in the edition's year (or the next, for one that
                // runs over New Year), whatever the article's date
                if let Some(y) = used
                    .iter()
                    .find_map(|m| crate::rules::edition(&m.entity).map(|e| e.1))
                {
                    if t.anchored && t.first.year() != y && t.first.year() != y + 1 {
                        let shift = |d: NaiveDate| d.with_year(d.year() + y - t.first.year());
                        if let (Some(f), Some(l)) = (shift(t.first), shift(t.last)) {
                            (t.first, t.last) = (f, l);
                        }
                    }
                }
                time = Some(TimeSlot::of(&t, s, doc));
            }
            // the times of day in the trigger's clause ("took effect at 11:15
            // a.m. local time (0915 GMT)"): one local and one universal at most
            let mut clock: Vec<crate::time::ClockTime> = Vec::new();
            for &(cs, _, c) in sentence_times.clocks() {
                if cs >= lo_byte
                    && cs < hi_byte
                    && scopes.same(ta, s.token_at(cs))
                    && !clock.iter().any(|k| k.utc == c.utc)
                {
                    clock.push(c);
                }
            }
            // a quantity belongs to the event when it stands by the trigger or
            // the object ("a 20-year treaty", "lasted under three hours"),
            // not anywhere in the sentence ("after nearly two years of talks")
            let near = |q: &Quantity| {
                let d = |a: usize, b: usize| {
                    if q.tokens.1 <= a {
                        a - q.tokens.1
                    } else {
                        q.tokens.0.saturating_sub(b)
                    }
                };
                // "the talks between … on Tuesday lasted under three hours":
                // a length after a length verb (a hedge or "for" between)
                // belongs to the event its clause is about
                let lasts = (q.tokens.0.saturating_sub(LENGTH_GAP + 3)..q.tokens.0)
                    .filter(|&a| a >= tb && scopes.same(ta, a))
                    .any(|a| {
                        self.length_verbs.at(s, a).iter().any(|&(e, _)| {
                            e <= q.tokens.0 && q.tokens.0 - e <= LENGTH_GAP && !trigger_before(a)
                        })
                    });
                // "استمرت المحادثات … أقل من ثلاث ساعات": the verb before its
                // subject, the length later in the clause
                let lasts_before = q.tokens.0 >= tb
                    && scopes.same(ta, q.tokens.0)
                    && !trigger_before(q.tokens.0)
                    && (ta.saturating_sub(3)..ta)
                        .any(|a| self.length_verbs.at(s, a).iter().any(|&(e, _)| e == ta));
                d(ta, tb) <= 6
                    || lasts
                    || lasts_before
                    || objects.iter().any(|&(oa, ob, oi)| {
                        roles
                            .get("object")
                            .is_some_and(|v| v.contains(&rules.objects[oi].id))
                            && d(oa, ob) <= 3
                    })
            };
            // a number inside a date or a time of day ("19 يناير 2025،
            // الساعة 11:15") counts nothing
            let in_date = |q: &Quantity| {
                let (qa, qb) = (s.tokens[q.tokens.0].start, s.tokens[q.tokens.1 - 1].end);
                sentence_times
                    .clocks()
                    .iter()
                    .map(|&(cs, ce, _)| (cs, ce))
                    .chain(times.iter().map(|t| (t.start, t.end)))
                    .any(|(a, b)| a < qb && qa < b)
            };
            let mut quantities: Vec<Quantity> = self
                .quantities
                .find(s, lo, hi, &doc.text)
                .into_iter()
                .filter(near)
                .filter(|q| !in_date(q))
                .collect();
            // "Astana hosts the 16th summit": which edition, in the trigger's
            // clause
            let editions = editions.get_or_init(|| self.editions.find(s, &doc.text));
            quantities.extend(
                editions
                    .iter()
                    .filter(|q| {
                        q.tokens.0 >= lo
                            && q.tokens.1 <= hi
                            && scopes.same(ta, q.tokens.0)
                            && near(q)
                    })
                    .cloned(),
            );
            let filled = [
                !roles.is_empty(),
                place.is_some(),
                time.is_some(),
                roles.contains_key("object"),
            ]
            .iter()
            .filter(|x| **x)
            .count();
            let fuzzy = used.iter().any(|m| m.via == crate::recognize::Via::Fuzzy);
            let confidence = (0.5 + 0.1 * filled as f32 - if fuzzy { 0.1 } else { 0.0 }).min(0.95);
            candidates.push(Statement {
                id: format!("{}@{}:{}", doc.id, s.span.start, pred.id),
                document: doc.id.clone(),
                predicate: pred.id.clone(),
                roles,
                place: place.map(Into::into),
                occasion: occasion.map(Into::into),
                time,
                clock: clock.into(),
                modality,
                polarity,
                attribution: attribution.map(Box::new),
                quantities: quantities.into(),
                status: status.map(Into::into),
                said: None,
                evidence: quoted.get_or_init(|| Evidence::of(doc, s.span)).clone(),
                rule: format!("predicate/{}", pred.id),
                confidence,
                doc_index,
                untabled: used
                    .iter()
                    .filter(|m| m.via == crate::recognize::Via::Untabled || m.entity.contains('@'))
                    .map(|m| m.entity.clone())
                    .collect(),
                mentions: used.into(),
                head: None,
                scope: None,
                terms: ThinVec::new(),
            });
        }
        // A light verb ("تعقد اللجنة اجتماعها", "the visit is expected to take
        // place") yields to the event noun it carries.
        let has_full = |c: &Statement| {
            candidates.iter().any(|x| {
                x.predicate != c.predicate
                    && rules
                        .predicates
                        .iter()
                        .any(|p| p.id == x.predicate && !p.light)
            })
        };
        let light = |c: &Statement| {
            rules
                .predicates
                .iter()
                .any(|p| p.id == c.predicate && p.light)
        };
        // "the visit … is expected to take place": the light verb's cue
        // belongs to the event noun
        let lent = candidates
            .iter()
            .find(|c| {
                light(c) && has_full(c) && (c.modality != Modality::Asserted || c.status.is_some())
            })
            .map(|c| (c.modality, c.status.clone(), c.time.clone()));
        let mut candidates: Vec<Statement> = candidates
            .iter()
            .filter(|c| !(light(c) && has_full(c)))
            .cloned()
            .collect();
        if let Some((modality, status, time)) = lent {
            for c in candidates.iter_mut() {
                if c.modality == Modality::Asserted && c.status.is_none() {
                    c.modality = modality;
                    c.status = status.clone();
                    if c.time.is_none() {
                        c.time = time.clone();
                    }
                }
            }
        }
        // One statement per predicate and sentence: when several triggers
        // report it ("the final … is set to be played"), the one a cue governs
        // carries the sentence's claim.
        for c in &candidates {
            if out[first_here..].iter().any(|o| o.id == c.id) {
                continue;
            }
            let marked = |x: &Statement| {
                x.modality != Modality::Asserted
                    || x.status.is_some()
                    || x.polarity == Polarity::Negative
            };
            // a fate reported ("refuted claims suggesting a postponement of
            // the Cup, slated to take place in Morocco") before a plan
            let same = || candidates.iter().filter(|x| x.predicate == c.predicate);
            let pick = same()
                .find(|x| x.status.is_some())
                .or_else(|| same().find(|x| marked(x)))
                .unwrap_or(c);
            out.push(pick.clone());
        }
    }

    /// The subject of a cue verb at tokens `[ca, cb)`: after it in Arabic
    /// ("نفت الجمعية"), before it in English ("the aid group on Sunday
    /// denied").
    fn cue_subject<'m>(
        &self,
        s: &Sentence,
        mentions: &'m [Mention],
        ca: usize,
        cb: usize,
    ) -> Option<&'m Mention> {
        let after = || {
            mentions.iter().find(|m| {
                m.tokens.0 >= cb && m.tokens.0 <= cb + CUE_SUBJECT_AFTER && m.kind.can_speak()
            })
        };
        let before = || {
            mentions.iter().rev().find(|m| {
                m.tokens.1 <= ca && m.tokens.1 + SUBJECT_REACH >= ca && m.kind.can_speak()
            })
        };
        if s.tokens[ca].arabic {
            after().or_else(before)
        } else {
            before().or_else(after)
        }
    }

    /// Who says what a reporting verb at tokens `[ra, rb)` reports: in Arabic
    /// the subject follows the verb ("قال بيسكوف"), in English it precedes it
    /// ("Peskov said") or, inverted, follows closely ("said Peskov"). `until`
    /// bounds the search after the verb. A place after a preposition ("in
    /// Nairobi, organisers said") is never the speaker, nor is an English
    /// subject cut off from its verb by a comma.
    fn speaker_of<'m>(
        &self,
        s: &Sentence,
        mentions: &'m [Mention],
        (ra, rb): (usize, usize),
        until: usize,
    ) -> Option<&'m Mention> {
        let free =
            |m: &&Mention| m.kind.can_speak() && self.preposition_before(s, m.tokens.0).is_none();
        let after = || {
            mentions
                .iter()
                .filter(free)
                .find(|m| m.tokens.0 >= rb && m.tokens.1 <= until.max(rb + 1))
        };
        let before = || {
            mentions.iter().rev().filter(free).find(|m| {
                m.tokens.1 <= ra
                    && m.tokens.1 + SUBJECT_REACH >= ra
                    && !(m.tokens.1..ra).any(|k| s.gap(k - 1, k).contains(','))
            })
        };
        if s.tokens[ra].arabic {
            // Arabic news puts the reporter after the verb; a name before it
            // is the clause's own subject ("… ونظيره الأذربيجاني …، وفق ما أفادت مصادر")
            after()
        } else {
            before().or_else(|| after().filter(|m| m.tokens.0 <= rb + 2))
        }
    }

    /// The slot a preposition right before token `i` gives (a separate word
    /// or a one-letter proclitic on the token itself).
    fn preposition_before(&self, s: &Sentence, i: usize) -> Option<Slot> {
        self.preposition_before_m(s, i, true)
    }

    /// As [`Self::preposition_before`]; `clitic` says whether a one-letter
    /// proclitic on the token may count (not for a name no table knows:
    /// "بورينا" is not بـ + ورينا).
    fn preposition_before_m(&self, s: &Sentence, i: usize, clitic: bool) -> Option<Slot> {
        // "بمدينة الإسكندرية", "في محافظة الجيزة": a place noun between the
        // preposition and the place passes the preposition on
        if i > 0
            && self
                .place_nouns
                .at(s, i - 1)
                .first()
                .is_some_and(|&(e, _)| e == i)
        {
            return self.preposition_before_m(s, i - 1, true);
        }
        // "at the Planalto Palace": an English article may follow the preposition
        let i0 = i;
        let i = if i > 0 && matches!(s.tokens[i - 1].text.as_str(), "the" | "a" | "an") {
            i - 1
        } else {
            i
        };
        if i > 0 {
            for back in 1..=2usize.min(i) {
                if let Some(&(end, &slot)) = self.preps.at(s, i - back).first() {
                    if end == i {
                        return Some(slot);
                    }
                }
            }
        }
        if !clitic {
            return None;
        }
        let tok = &s.tokens[i0].text;
        self.prep_clitics
            .iter()
            .find(|(c, _)| {
                tok.starts_with(c.as_str()) && tok.chars().count() > c.chars().count() + 2
            })
            .map(|(_, slot)| *slot)
    }
}

/// A time expression of a document's body, resolved against its publication
/// date in the direction its sentence points ("will", "expected" → future).
#[derive(Debug, Clone, Serialize)]
pub struct TimeRecord {
    pub document: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub value: String,
    pub granularity: Granularity,
}

/// The day a document's open dates ("Sunday", "last week") count from: its
/// publication date, unless that was inferred. An inferred date is only a
/// bound (the page was published then or later), so counting from it would
/// be a guess.
fn anchor_of(doc: &Document) -> Option<NaiveDate> {
    doc.published
        .date
        .filter(|_| doc.published.source != crate::ingest::DateSource::Inferred)
}

/// Every time expression in a document's body.
pub fn document_times(doc: &Document) -> Vec<TimeRecord> {
    let grammar = TimeGrammar::embedded();
    let anchor = anchor_of(doc);
    let mut out = Vec::new();
    for s in sentences(doc) {
        let past = grammar.find(&s.norm.text, anchor, Direction::Past);
        let mut future: Option<Vec<crate::time::TimeExpr>> = None;
        for t in past {
            let expr = if crate::time::direction_hint(&s.norm.text, t.start, t.end)
                == Direction::Future
            {
                let f = future
                    .get_or_insert_with(|| grammar.find(&s.norm.text, anchor, Direction::Future));
                f.iter()
                    .find(|x| x.start < t.end && t.start < x.end)
                    .cloned()
                    .unwrap_or(t)
            } else {
                t
            };
            let span = s.norm.original(expr.start, expr.end);
            let at = doc.locate(span);
            out.push(TimeRecord {
                document: doc.id.clone(),
                text: span.slice(&doc.text).to_string(),
                start: at.start,
                end: at.end,
                line: at.line,
                column: at.column,
                value: expr.value(),
                granularity: expr.granularity,
            });
        }
    }
    out
}

/// A sentence's time expressions, found once for each direction on demand.
struct Times<'a> {
    text: &'a str,
    anchor: Option<NaiveDate>,
    /// The sentence read once for every direction and anchor (shared with
    /// its stand-in, see [`Times::stand_in`]).
    reading: std::rc::Rc<std::cell::OnceCell<crate::time::TimeReading<'a>>>,
    /// For an undated sentence: the same sentence against a stand-in day.
    stand_in: std::cell::OnceCell<Box<Times<'a>>>,
    past: std::cell::OnceCell<Vec<crate::time::TimeExpr>>,
    future: std::cell::OnceCell<Vec<crate::time::TimeExpr>>,
    clocks: std::cell::OnceCell<Vec<(usize, usize, crate::time::ClockTime)>>,
}

impl<'a> Times<'a> {
    fn new(s: &'a Sentence, anchor: Option<NaiveDate>) -> Self {
        Times {
            text: &s.norm.text,
            anchor,
            reading: Default::default(),
            stand_in: std::cell::OnceCell::new(),
            past: std::cell::OnceCell::new(),
            future: std::cell::OnceCell::new(),
            clocks: std::cell::OnceCell::new(),
        }
    }

    /// Every time of day in the sentence, with the span of its expression,
    /// in text order; the day it falls on does not matter here.
    fn clocks(&self) -> &[(usize, usize, crate::time::ClockTime)] {
        if self.anchor.is_none() {
            // the day does not matter: the stand-in's, found with its dates
            return self.stand_in().clocks();
        }
        // found with the past reading, in the same pass
        self.get(Direction::Past);
        self.clocks.get_or_init(Vec::new)
    }

    /// The same sentence against a stand-in day, sharing its reading: an
    /// undated sentence's words found for their spans only ("today" in an
    /// undated article resolves to nothing, but still ends a name).
    fn stand_in(&self) -> &Times<'a> {
        self.stand_in.get_or_init(|| {
            Box::new(Times {
                text: self.text,
                anchor: Some(SPAN_ANCHOR),
                reading: self.reading.clone(),
                stand_in: std::cell::OnceCell::new(),
                past: std::cell::OnceCell::new(),
                future: std::cell::OnceCell::new(),
                clocks: std::cell::OnceCell::new(),
            })
        })
    }

    fn find_all(
        &self,
        anchor: Option<NaiveDate>,
        direction: Direction,
    ) -> Vec<crate::time::TimeExpr> {
        let g = TimeGrammar::embedded();
        let reading = self.reading.get_or_init(|| g.read(self.text));
        g.find_all_read(reading, anchor, direction)
    }

    fn get(&self, direction: Direction) -> &[crate::time::TimeExpr] {
        match direction {
            Direction::Past => self.past.get_or_init(|| {
                // one pass gives the dates and the times of day
                let all = self.find_all(self.anchor, direction);
                if self.anchor.is_some() {
                    let _ = self.clocks.set(clocks_of(&all));
                }
                all.into_iter()
                    .filter(crate::time::TimeExpr::dates)
                    .collect()
            }),
            Direction::Future => self.future.get_or_init(|| {
                self.find_all(self.anchor, direction)
                    .into_iter()
                    .filter(crate::time::TimeExpr::dates)
                    .collect()
            }),
        }
    }
}

/// The times of day among expressions, with their spans.
fn clocks_of(all: &[crate::time::TimeExpr]) -> Vec<(usize, usize, crate::time::ClockTime)> {
    all.iter()
        .filter_map(|e| e.clock.map(|c| (e.start, e.end, c)))
        .collect()
}

/// The head of a figure that is the size of a known set.
pub const SIZE_HEAD: &str = "size";

/// The day undated sentences' time expressions are found against when only
/// their spans matter.
const SPAN_ANCHOR: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// How far a dateline may run into its sentence, in tokens.
const DATELINE_REACH: usize = 6;

/// The token after a dateline that opens the sentence, 0 when there is none:
/// a place, then a dash or "::" within a few tokens ("RIYADH, Saudi
/// Arabia—Iran reopened…", "طرابلس – الناس نيوز :: أعلن…"); or a full date
/// that no preposition governs, glued before the first words ("date
/// 2026-01-31 The tournament was…", "17 January 2025 - The two presidents…").
/// What a dateline names says where and when the report was filed, not who
/// did what or when.
fn dateline_end(s: &Sentence, mentions: &[Mention], times: &[crate::time::TimeExpr]) -> usize {
    let n = s.tokens.len();
    let opens_with_place = mentions
        .iter()
        .any(|m| m.tokens.0 == 0 && m.kind.is_place());
    if opens_with_place {
        return (1..n.min(DATELINE_REACH + 1))
            .find(|&i| {
                // normalization folds every dash to '-'
                let g = s.gap(i - 1, i).trim();
                g.starts_with('-') || g.starts_with("::")
            })
            .unwrap_or(0);
    }
    let Some(t) = times.first() else { return 0 };
    let (first, after) = (s.token_at(t.start), s.token_at(t.end));
    let full_date = !t.anchored && t.granularity == Granularity::Day && t.first == t.last;
    // at most one label word before it ("date", "updated"), and not "on"
    let unled =
        first == 0 || (first == 1 && !s.tokens[0].arabic && !s.caps[0] && s.tokens[0].text != "on");
    let glued = after < n
        && (s.caps.get(after).copied().unwrap_or(false)
            || s.gap(after.saturating_sub(1), after)
                .trim()
                .starts_with('-'));
    if full_date && unled && glued {
        after
    } else {
        0
    }
}

/// The first quoted stretch opening after byte `from` (quotes are folded to `"`).
fn quote_after(text: &str, from: usize) -> Option<(usize, usize)> {
    let open = from + text.get(from..)?.find('"')?;
    // the quotation must begin near the verb: "قال بيسكوف إن “…”"
    if text[from..open].split_whitespace().count() > 6 {
        return None;
    }
    let close = open + 1 + text[open + 1..].find('"')?;
    Some((open + 1, close))
}

/// The last quoted stretch closing before byte `to`.
fn quote_before(text: &str, to: usize) -> Option<(usize, usize)> {
    let head = text.get(..to)?;
    let close = head.rfind('"')?;
    if head[close..].split_whitespace().count() > 4 {
        return None;
    }
    let open = head[..close].rfind('"')?;
    Some((open + 1, close))
}

/// The content words of a sentence for aligning claims: folded keys of
/// three letters or more that are not numbers.
fn claim_terms(s: &Sentence) -> Vec<String> {
    let mut t: Vec<String> = s
        .tokens
        .iter()
        .map(|t| crate::normalize::key(&t.text).to_string())
        .filter(|k| k.chars().count() >= 3 && !k.chars().any(|c| c.is_ascii_digit()))
        .collect();
    t.sort();
    t.dedup();
    t
}

/// A figure's participants: the entities its sentence names that are not
/// places (a place is its site).
fn participant_roles(mentions: &[Mention]) -> Roles {
    let participants: Vec<String> = mentions
        .iter()
        .filter(|m| !m.kind.is_place())
        .map(|m| m.entity.clone())
        .collect();
    if participants.is_empty() {
        Roles::new()
    } else {
        Roles::from_iter([("participant".to_string(), participants)])
    }
}

fn cue_text(s: &Sentence, a: usize, b: usize) -> String {
    s.norm.text[s.tokens[a].start..s.tokens[b - 1].end].to_string()
}

fn granularity_of(f: NaiveDate, l: NaiveDate) -> Granularity {
    let days = (l - f).num_days();
    if days < 7 {
        Granularity::Day
    } else if days < 32 {
        Granularity::Month
    } else {
        Granularity::Year
    }
}
