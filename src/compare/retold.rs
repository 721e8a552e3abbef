//! One sentence told by two sources with one detail changed.
//!
//! # What it flags
//!
//! Two sentences from different documents that say nearly the same words
//! ("الذهب في أدنى مستوى خلال 17 شهرا" / "الذهب لأعلى مستوى في ١٧ شهرا") and
//! differ in exactly one detail of a kind that changes the claim: a negation
//! one side has and the other lacks (`disputed`, slot `polarity`), a word and
//! its opposite from `[[antonym]]` in `rules/claims.toml` (`contradiction`,
//! slot `claim`), one named entity for another of the same kind, neither
//! inside the other (`contradiction`, slot `place`, or `participants` for
//! people, organizations and demonyms), one month, weekday or ordinal for
//! another (from the time grammar's lexicon: slot `time`, or `quantity` for
//! an ordinal), one member of a closed class for another (`[[class]]`:
//! "الدولار" / "اليورو", "civilians" / "soldiers", "a month" / "a year"; the
//! class names its slot), a vague count for another (`[[magnitude]]`:
//! "عشرات" / "مئات"), one scale for another after one figure ("مليار" /
//! "مليون"), or a number and another number (`contradiction`, slot
//! `quantity`; a round figure allows what it rounds). A privative word
//! (`[[privative]]`: "غير") negates the one word after it, and only against a
//! telling that has that word unnegated ("غير مسؤولة" / "مسؤولة").
//!
//! Short sentences (headlines, leads: up to [`SHORT_WORDS`] words) that
//! share [`CONTRAST_WORDS`] of their words (two headlines: [`HEADLINE_WORDS`])
//! may also be one claim reworded around one contrast among the words one
//! has and the other lacks: one uses one side of a word and its opposite and
//! the other the other side, or one negates it (a negation, a denial, or a
//! verb from `[[negating]]`: "يلغي زيارته", "failed to") and the other
//! nowhere does, or one entity, class member, month, weekday, ordinal or
//! vague count stands for another of its kind, or one subject is told moving
//! both ways where each telling has both directions ("الذهب يصعد مع تراجع
//! الدولار" / "الدولار يرتفع مع صعود الذهب": each direction word attached to
//! the subject next to it). Words are matched by their strict forms,
//! clitics off ("لسعر" is "سعر", "صعوده" is "صعود"). Two contrasts may
//! cancel, so two say nothing; nor does one beside a figure replaced by
//! another or a changed capitalised name (two companies' share moves told in
//! one boilerplate sentence). A figure one side gives and the other leaves
//! out is no other subject ("killed 16" / "no one killed").
//!
//! # Why it matters
//!
//! Most of what outlets copy from each other is one wire sentence, edited.
//! When the edit turns "rose" into "fell" or 74 into 90, no event type in
//! `rules/` is needed to see that the two cannot both hold.
//!
//! # Example
//!
//! "Gold fell to its lowest in 17 months" / "Gold rose to its highest in 17
//! months".
//!
//! # Known false positives
//!
//! A sentence updated on purpose reads as two numbers for one claim; only
//! articles published within [`WINDOW_DAYS`] of each other are compared, a
//! toll (a count that grows, in `rules/claims.toml`) retold higher in a later
//! article is shown as a revision (`info`), and the flag quotes both.
//! Any other change (a rephrasing, a swapped adjective, a second detail)
//! keeps the pair quiet.
//!
//! Candidates come from an inverted index of the sentences' words, never
//! from all pairs.

use super::{flag_id, Corpus, Flag, FlagKind, Severity, Side, SlotDiff};
use crate::ingest::Document;
use crate::recognize::key_hash as hash;
use crate::recognize::Sentence;
use crate::time::CalendarWord;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Two retellings are compared only when their articles are this close.
pub const WINDOW_DAYS: i64 = 7;
/// Share of the words (Dice over word sets) two sentences share to be one
/// sentence retold.
const SAME_WORDS: f64 = 0.6;
/// Sentences shorter than this say too little to be matched by their words.
const MIN_WORDS: usize = 4;
/// Longer sentences are background paragraphs, not one claim.
const MAX_WORDS: usize = 60;
/// A word in more sentences than this finds no candidate by itself.
const MAX_POSTING: usize = 200;
/// At most this many changed words on each side make one detail.
const MAX_CHANGED: usize = 2;
/// Groups of sentences compared in one parallel job at least: each job
/// sets up two counters per group of the corpus.
const GROUPS_PER_JOB: usize = 1024;
/// Two short sentences (headlines, leads) that share this share of their
/// words and differ by one contrast (a word and its opposite, a negation,
/// one entity for another), however reworded around it, tell one claim two
/// ways.
const CONTRAST_WORDS: f64 = 0.3;
/// Sentences up to this many words are short enough to be read as one
/// claim reworded.
const SHORT_WORDS: usize = 20;
/// Two headlines, each outlet's one-line telling of its main claim, need
/// share only this share of their words to be read as one claim reworded:
/// a headline is rewritten more freely than a wire sentence is edited.
const HEADLINE_WORDS: f64 = 0.2;

/// A word's matching key, hashed: a corpus holds millions of words, and a
/// 64-bit hash of each key is all matching needs. It is the hash every
/// lexicon looks a form up by, which a word's forms carry already
/// ([`crate::recognize::FormSet::hashes`]).
type Key = u64;

/// One sentence, keyed for matching.
///
/// A corpus holds one of these for every sentence it may compare (450,000
/// at 100,000 generated documents), so each keeps its arrays in three
/// allocations, with offsets and counts in the narrowest integers that
/// hold them (a sentence has at most [`MAX_WORDS`] words).
pub(super) struct Told {
    doc: u32,
    /// The sentence is (in) its document's headline.
    headline: bool,
    /// How many words, and how many of them are [`Told::uniq`].
    words: u8,
    uniq: u8,
    /// How many form keys in all.
    form_count: u16,
    span: crate::span::Span,
    /// Per word its matching key; then per word the keys of all its forms,
    /// enclitics off too ("صعوده" is also "صعود"), a reworded claim being
    /// matched on these; then every strict form key of the sentence, sorted,
    /// once each: a word is in another sentence when one of its strict
    /// forms is ("لسعر" and "سعر" share "سعر", though the shortest form of
    /// "سعر" is "عر").
    keys: Box<[Key]>,
    /// Per word: where it starts and ends, from the sentence's start; then
    /// per word where its forms end among the form keys.
    offsets: Box<[u16]>,
    /// The first word of each matching key, in order (the sentence's words,
    /// each counted once); then per word how many of its forms are strict
    /// (no enclitic off).
    small: Box<[u8]>,
}

impl Told {
    /// How many words the sentence has.
    fn len(&self) -> usize {
        self.words as usize
    }

    /// The matching key of word `k`.
    fn key(&self, k: usize) -> Key {
        self.keys[k]
    }

    /// The matching keys of the words, in order.
    fn word_keys(&self) -> &[Key] {
        &self.keys[..self.len()]
    }

    /// Where word `k` stands in its document's text.
    fn word_span(&self, k: usize) -> crate::span::Span {
        crate::span::Span::new(
            self.span.start + self.offsets[2 * k] as usize,
            self.span.start + self.offsets[2 * k + 1] as usize,
        )
    }

    /// Word `k`'s original text in `c`.
    fn text<'c>(&self, c: &'c Corpus, k: usize) -> &'c str {
        self.word_span(k)
            .slice(&c.documents[self.doc as usize].text)
    }

    /// The keys of every word's forms, word after word.
    fn form_keys(&self) -> &[Key] {
        &self.keys[self.len()..self.len() + self.form_count as usize]
    }

    /// The keys of word `k`'s forms.
    fn forms(&self, k: usize) -> &[Key] {
        let ends = &self.offsets[2 * self.len()..];
        let start = if k == 0 { 0 } else { ends[k - 1] as usize };
        &self.form_keys()[start..ends[k] as usize]
    }

    /// Does some word of the sentence have this form?
    fn has(&self, key: Key) -> bool {
        self.form_keys().contains(&key)
    }

    /// The keys of word `k`'s strict forms (clitics off, no enclitic).
    fn strict_forms(&self, k: usize) -> &[Key] {
        let strict = self.small[self.uniq as usize + k] as usize;
        &self.forms(k)[..strict]
    }

    /// Every strict form key of the sentence, sorted, once each.
    fn strict_all(&self) -> &[Key] {
        &self.keys[self.len() + self.form_count as usize..]
    }

    /// Is word `k` also a word of `other`, clitics aside?
    fn shares(&self, k: usize, other: &Told) -> bool {
        let all = other.strict_all();
        self.strict_forms(k)
            .iter()
            .any(|f| all.binary_search(f).is_ok())
    }

    /// The sentence's words, each once.
    fn uniq(&self) -> impl Iterator<Item = usize> + '_ {
        self.small[..self.uniq as usize].iter().map(|&k| k as usize)
    }

    /// How many different words the sentence has.
    fn uniq_len(&self) -> usize {
        self.uniq as usize
    }

    /// The index of the sentence's document in the corpus.
    fn doc(&self) -> usize {
        self.doc as usize
    }
}

/// The word lists the comparison reads, built once from the rules.
struct Lexicon {
    negation: HashSet<Key>,
    /// Negations and denials ("نفت", "denied"): the polarity a reworded
    /// claim may turn on.
    denial: HashSet<Key>,
    ignorable: HashSet<Key>,
    /// Antonym key → the group it belongs to and its side (0 or 1).
    /// A word may stand in more than one pair ("supports" is the opposite
    /// of "rejects" and of "condemns").
    antonym: HashMap<Key, Vec<(usize, u8)>>,
    /// Words of counts that grow as news comes in (dead, missing, injured).
    running: HashSet<Key>,
    /// One-word names of entities the tables know, with the entity's index
    /// ("مصر", "Paris", "الدولار" is no entity).
    names: HashMap<Key, usize>,
    /// Words of longer names and demonyms that belong to one entity only
    /// ("الولايات" of "الولايات المتحدة", "السورية"): enough to tell that a
    /// sentence names the entity, never to find a swap by themselves.
    name_parts: HashMap<Key, usize>,
    /// Words after a negation that make it no negation ("لا تزال": still).
    not_negating: HashSet<Key>,
    /// Words that negate the one word after them ("غير").
    privative: HashSet<Key>,
    /// Two-word names by their words' keys combined ("الولايات المتحدة"):
    /// enough to tell that a sentence names the entity.
    name_pairs: HashMap<Key, usize>,
    /// Number words with their values ("ستة" is 6).
    number_words: HashMap<Key, u64>,
    /// Words that name a month, a weekday, an ordinal or a number by
    /// themselves, from the time grammar ("الثلاثاء", "شوال", "الثاني").
    calendar: HashMap<Key, CalendarWord>,
    /// Vague counts by their order ("عشرات" 10, "آلاف" 1000).
    magnitude: HashMap<Key, u64>,
    /// Scale words after a figure by their value ("مليار", "million").
    scale: HashMap<Key, u64>,
    /// Words of a level, not a move ("أعلى", "highest"): no direction of
    /// the subject beside them.
    level: HashSet<Key>,
    /// Keys of demonyms ("التونسي", "Tunisian"): a demonym swapped for
    /// another changes who, not where.
    demonym_keys: HashSet<Key>,
    /// Words of closed classes (currencies, commodities, units of time):
    /// key → (class, member).
    class: HashMap<Key, (usize, usize)>,
}

fn key_of(s: &Sentence, i: usize) -> Key {
    // the shortest strict form: clitics off, the word itself kept
    let forms = &s.forms[i];
    (0..forms.strict)
        .min_by_key(|&f| forms.all[f].chars().count())
        .map_or_else(|| hash(&s.tokens[i].text), |f| forms.hashes[f])
}

fn keys(words: &[String]) -> impl Iterator<Item = Key> + '_ {
    words.iter().flat_map(|w| word_keys(w))
}

/// The keys of one word or phrase.
fn word_keys(w: &str) -> impl Iterator<Item = Key> {
    crate::recognize::phrase_keys(w)
        .into_iter()
        .map(|k| hash(&k))
}

/// Keys that stand for one value only (one entity, one month, one class
/// member): a key two values share names neither for sure.
fn unique_keys<V: PartialEq>(pairs: impl Iterator<Item = (Key, V)>) -> HashMap<Key, V> {
    let mut out: HashMap<Key, V> = HashMap::default();
    let mut shared: HashSet<Key> = HashSet::default();
    for (k, v) in pairs {
        match out.get(&k) {
            Some(old) if *old != v => {
                shared.insert(k);
            }
            Some(_) => {}
            None => {
                out.insert(k, v);
            }
        }
    }
    out.retain(|k, _| !shared.contains(k));
    out
}

impl Lexicon {
    fn of(c: &Corpus, ignorable: HashSet<Key>) -> Lexicon {
        let r = c.rules;
        let negation = r
            .cues
            .iter()
            .filter(|q| q.role == "negation")
            .flat_map(|q| keys(&q.phrases))
            .collect();
        let denial = r
            .cues
            .iter()
            .filter(|q| {
                q.role == "negation"
                    || (q.role == "modality"
                        && q.modality.as_deref() == Some("denied")
                        && q.reach.is_none())
            })
            .flat_map(|q| q.phrases.iter())
            .chain(&r.claim_words.negating)
            // words one by one: "calls off" is no negation of "kicks off"
            .filter(|p| !p.contains(' '))
            .flat_map(|p| word_keys(p))
            .collect();
        let mut antonym: HashMap<Key, Vec<(usize, u8)>> = HashMap::default();
        for (g, a) in r.antonyms.iter().enumerate() {
            for (side, words) in [(0, &a.a), (1, &a.b)] {
                for k in keys(words) {
                    let v = antonym.entry(k).or_default();
                    if !v.contains(&(g, side)) {
                        v.push((g, side));
                    }
                }
            }
        }
        let running = r
            .counts
            .iter()
            .filter(|c| c.grows)
            .flat_map(|c| keys(&c.words).chain(keys(&c.verbs)).chain(keys(&c.leads)))
            .collect();
        // a one-word name shared by two entities names neither for sure
        // one word: no space, and no apostrophe that splits "Russia's"; a
        // demonym names its country ("البوكمال السورية")
        // demonyms as the recognizer reads them: those listed and, for a
        // country, the regular ones ("تونس" → "تونسي", "تونسية")
        let demonyms = crate::recognize::demonyms(r);
        let names = unique_keys(r.entities.iter().enumerate().flat_map(|(i, e)| {
            e.names()
                .cloned()
                .chain(demonyms[i].iter().cloned())
                .filter(|n| n.chars().all(crate::normalize::is_alnum))
                .flat_map(move |n| word_keys(&n).collect::<Vec<_>>())
                .map(move |k| (k, i))
        }));
        let demonym_keys = demonyms
            .iter()
            .flatten()
            .flat_map(|n| word_keys(n).collect::<Vec<_>>())
            .collect();
        let mut name_parts = unique_keys(r.entities.iter().enumerate().flat_map(|(i, e)| {
            e.names()
                .chain(e.demonyms.iter())
                .flat_map(|n| n.split(|ch: char| !crate::normalize::is_alnum(ch)))
                .filter(|w| w.chars().count() >= 3)
                .flat_map(move |w| word_keys(w).map(move |k| (k, i)))
        }));
        name_parts.retain(|k, _| !ignorable.contains(k));
        let mut name_pairs: HashMap<Key, usize> = HashMap::default();
        for (i, e) in r.entities.iter().enumerate() {
            for n in e.names() {
                let words: Vec<&str> = n.split_whitespace().collect();
                if let [w1, w2] = words.as_slice() {
                    for k1 in word_keys(w1) {
                        for k2 in word_keys(w2) {
                            name_pairs.insert(pair_key(k1, k2), i);
                        }
                    }
                }
            }
        }
        // a key that two meanings share names neither for sure
        let calendar = unique_keys(
            crate::time::TimeGrammar::embedded()
                .calendar_words()
                .flat_map(|(w, meaning)| word_keys(w).map(move |k| (k, meaning))),
        );
        // a key two members share (or a name, or a calendar word) tells
        // neither member
        let mut class = unique_keys(r.classes.iter().enumerate().flat_map(|(g, def)| {
            def.members
                .iter()
                .enumerate()
                .flat_map(move |(m, words)| keys(words).map(move |k| (k, (g, m))))
        }));
        class.retain(|k, _| !names.contains_key(k) && !calendar.contains_key(k));
        // words with the value they stand for
        let valued = |defs: &[crate::rules::NumberDef]| -> HashMap<Key, u64> {
            defs.iter()
                .flat_map(|m| keys(&m.words).map(move |k| (k, m.value as u64)))
                .collect()
        };
        Lexicon {
            level: keys(&r.claim_words.level).collect(),
            scale: valued(&r.scales),
            class,
            magnitude: valued(&r.magnitudes),
            calendar,
            demonym_keys,
            negation,
            denial,
            ignorable,
            antonym,
            running,
            names,
            name_parts,
            name_pairs,
            privative: keys(&r.claim_words.privative).collect(),
            not_negating: r
                .claim_words
                .not_negation
                .iter()
                .filter_map(|p| p.split_whitespace().nth(1))
                .flat_map(word_keys)
                .collect(),
            number_words: r
                .numbers
                .iter()
                .flat_map(|n| {
                    n.words
                        .iter()
                        .filter(|w| !w.contains(' '))
                        .flat_map(|w| word_keys(w))
                        .map(move |k| (k, n.value as u64))
                })
                .collect(),
        }
    }
}

/// Words that say nothing by themselves: prepositions, conjunctions,
/// determiners, complementizers, fillers.
fn ignorable(r: &crate::rules::Rules) -> HashSet<Key> {
    let mut ignorable: HashSet<Key> = r
        .prepositions
        .iter()
        .flat_map(|p| keys(&p.phrases))
        .chain(keys(&r.claim_words.conjunction))
        .chain(keys(&r.claim_words.determiner))
        .chain(
            r.cues
                .iter()
                .filter(|q| q.role == "complementizer")
                .flat_map(|q| keys(&q.phrases)),
        )
        .collect();
    ignorable.extend(keys(&r.claim_words.filler));
    ignorable
}

/// Two words' keys as one, in order.
fn pair_key(a: Key, b: Key) -> Key {
    a.rotate_left(17) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The sentences of document `d` that may be retold, keyed for matching.
pub(super) fn told_in(d: usize, doc: &Document, sentences: &[Sentence]) -> Vec<Told> {
    let headlines: Vec<crate::span::Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == crate::ingest::BlockKind::Headline)
        .map(|b| b.span)
        .collect();
    sentences
        .iter()
        .filter(|s| (MIN_WORDS..=MAX_WORDS).contains(&s.tokens.len()))
        .filter_map(|s| {
            let n = s.tokens.len();
            let mut keys: Vec<Key> = (0..n).map(|i| key_of(s, i)).collect();
            let mut seen: HashSet<Key> = HashSet::default();
            let mut small: Vec<u8> = (0..n as u8)
                .filter(|&k| seen.insert(keys[k as usize]))
                .collect();
            let uniq = small.len() as u8;
            // (a sentence of at most MAX_WORDS words longer than 64 KB, or
            // with more forms than a u16 counts, is no sentence of running
            // text but a blob of a page: it is left out)
            let mut offsets: Vec<u16> = Vec::with_capacity(3 * n);
            let from_start = |at: usize| u16::try_from(at.checked_sub(s.span.start)?).ok();
            for t in &s.tokens {
                let at = s.norm.original(t.start, t.end);
                offsets.push(from_start(at.start)?);
                offsets.push(from_start(at.end)?);
            }
            let mut strict_all: Vec<Key> = Vec::new();
            for f in &s.forms {
                let start = keys.len();
                keys.extend(f.hashes.iter());
                let strict = f.strict.min(u8::MAX as usize);
                strict_all.extend(&keys[start..start + strict]);
                offsets.push(u16::try_from(keys.len() - n).ok()?);
                small.push(strict as u8);
            }
            let form_count = u16::try_from(keys.len() - n).ok()?;
            strict_all.sort_unstable();
            strict_all.dedup();
            keys.extend(strict_all);
            Some(Told {
                doc: u32::try_from(d).ok()?,
                headline: headlines.iter().any(|h| h.contains(s.span)),
                words: n as u8,
                uniq,
                form_count,
                span: s.span,
                keys: keys.into_boxed_slice(),
                offsets: offsets.into_boxed_slice(),
                small: small.into_boxed_slice(),
            })
        })
        .collect()
}

/// Which documents out of a corpus's focus may meet one in focus: those
/// published within [`WINDOW_DAYS`] of one, and any undated one.
pub(super) struct Meets {
    all: bool,
    dates: Vec<chrono::NaiveDate>,
}

impl Meets {
    pub(super) fn of(documents: &[Document], focus: usize) -> Meets {
        let mut all = focus == 0;
        let mut dates = Vec::new();
        for d in &documents[focus.min(documents.len())..] {
            match d.published.date {
                Some(p) => dates.push(p),
                None => all = true,
            }
        }
        dates.sort_unstable();
        dates.dedup();
        Meets { all, dates }
    }

    pub(super) fn may_meet(&self, doc: &Document) -> bool {
        let Some(p) = doc.published.date.filter(|_| !self.all) else {
            return true;
        };
        let from = p - chrono::Duration::days(WINDOW_DAYS);
        let i = self.dates.partition_point(|d| *d < from);
        self.dates
            .get(i)
            .is_some_and(|d| (*d - p).num_days() <= WINDOW_DAYS)
    }
}

/// Dice over two sentences' words, each counted once, a word matching
/// another when they share a strict form (clitics aside).
fn dice(a: &Told, b: &Told) -> f64 {
    let (na, nb) = (a.uniq_len(), b.uniq_len());
    if na + nb == 0 {
        return 0.0;
    }
    let shared =
        a.uniq().filter(|&k| a.shares(k, b)).count() + b.uniq().filter(|&k| b.shares(k, a)).count();
    shared as f64 / (na + nb) as f64
}

/// A number written with digits, Western or Arabic-Indic.
fn number(w: &str) -> Option<f64> {
    let digits: String = w
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '٠'..='٩' => char::from_u32('0' as u32 + (c as u32 - '٠' as u32)),
            ',' | '٬' => None,
            _ => Some('x'),
        })
        .collect();
    digits.parse().ok()
}

/// What changed between two retellings, when it is one detail.
enum Detail {
    Negation {
        removed: bool,
        word: String,
    },
    Antonym {
        from: String,
        to: String,
    },
    /// One named entity for another of the same kind ("في باريس" / "في لندن").
    Entity {
        from: String,
        to: String,
        place: bool,
    },
    /// One member of a closed class for another ("الدولار" / "اليورو").
    Class {
        from: String,
        to: String,
        slot: String,
    },
    /// One month or weekday for another ("يوم الاثنين" / "يوم الثلاثاء").
    Time {
        from: String,
        to: String,
    },
    Number {
        from: String,
        to: String,
        /// The number counts something that grows as news comes in (a toll).
        running: bool,
        /// The second figure is the larger.
        rising: bool,
    },
}

/// What changed between `a` and `b`, which share `shared` of their words
/// ([`dice`]).
fn detail(lex: &Lexicon, c: &Corpus, a: &Told, b: &Told, shared: f64) -> Option<Detail> {
    // one detail changed, word for word; else, in short sentences, a claim
    // reworded around one contrast
    one_detail(lex, c, a, b).or_else(|| {
        let short = a.len() <= SHORT_WORDS && b.len() <= SHORT_WORDS;
        if short && shared >= contrast_bar(a, b) {
            contrast(lex, c, a, b).or_else(|| crossed(lex, c, a, b))
        } else {
            None
        }
    })
}

/// A subject (a class member as (class, member), or an entity as
/// (`usize::MAX`, entity)), the antonym groups of the direction word
/// attached to it, and that word.
type Moved<'l> = ((usize, usize), &'l [(usize, u8)], usize);

/// What a sentence says moves which way: each subject (a member of a closed
/// class, or a named entity) with the direction word attached to it, as
/// (subject, the direction's antonym groups, the word). A direction word
/// attaches to the nearest subject within reach: up to three words before
/// it ("تراجع للدولار", "يهبط بأسعار الذهب") or two after ("الذهب يصعد"),
/// the nearer first, before on a tie; never across punctuation or another
/// subject, and a word that opens a conjunct ("والدولار", "وصعود") looks
/// only forward from itself.
fn directions<'l>(lex: &'l Lexicon, c: &Corpus, t: &Told) -> Vec<Moved<'l>> {
    let text = &c.documents[t.doc()].text;
    let word = |k: usize| t.word_span(k).slice(text);
    // (a demonym qualifies a noun: "المخزونات الأميركية" is no subject)
    let subject = |k: usize| -> Option<(usize, usize)> {
        class_of(lex, t, k).or_else(|| {
            name_of(lex, t, k)
                .filter(|_| !demonym(lex, t, k))
                .map(|i| (usize::MAX, i))
        })
    };
    // the antonym groups of word k, and whether a leading "و" is a
    // conjunction (the groups come from the word without it)
    // (a level, "أعلى مستوى", "highest", says where, not which way)
    let direction = |k: usize| -> Option<(&'l [(usize, u8)], bool)> {
        if t.forms(k).iter().any(|f| lex.level.contains(f)) {
            return None;
        }
        let full = t.forms(k).first().and_then(|f| lex.antonym.get(f));
        let any = t.forms(k).iter().find_map(|f| lex.antonym.get(f))?;
        Some((any.as_slice(), full.is_none() && word(k).starts_with('و')))
    };
    // a small word between ("مع", "في", "with") ends the reach
    let small = |k: usize| lex.ignorable.contains(&t.key(k));
    // a subject whose leading "و" is no part of its name opens a conjunct
    let opens = |k: usize| {
        word(k).starts_with('و')
            && t.forms(k)
                .first()
                .is_none_or(|f| !lex.class.contains_key(f) && !lex.names.contains_key(f))
    };
    // punctuation between words i < j
    let apart = |i: usize, j: usize| {
        let (from, to) = (t.word_span(i).end, t.word_span(j).start);
        text.get(from..to)
            .is_some_and(|gap| gap.chars().any(|ch| ".,:;!?،؛…".contains(ch)))
    };
    let mut out = Vec::new();
    let mut seen: Vec<(usize, usize)> = Vec::new();
    for k in 0..t.len() {
        let Some(who) = subject(k) else { continue };
        if seen.contains(&who) {
            continue;
        }
        seen.push(who);
        let back = (1..=2usize)
            .take_while(|&d| d <= k && !opens(k))
            .take_while(|&d| {
                !apart(k - d, k - d + 1)
                    && (d == 1 || (subject(k - d + 1).is_none() && !small(k - d + 1)))
            })
            .find_map(|d| direction(k - d).map(|(g, _)| (d, g, k - d)));
        let ahead = (k + 1 < t.len() && !apart(k, k + 1))
            .then(|| match direction(k + 1) {
                Some((g, false)) => Some((1, g, k + 1)),
                _ => None,
            })
            .flatten();
        let pick = match (back, ahead) {
            (Some(b), Some(f)) if f.0 < b.0 => Some(f),
            (Some(b), _) => Some(b),
            (None, f) => f,
        };
        if let Some((_, g, j)) = pick {
            out.push((who, g, j));
        }
    }
    out
}

/// Two short tellings that say one subject moved opposite ways, each
/// with both directions in it: "الذهب يصعد مع تراجع الدولار" / "الدولار
/// يرتفع مع صعود الذهب" (the dollar fell, the dollar rose).
fn crossed(lex: &Lexicon, c: &Corpus, a: &Told, b: &Told) -> Option<Detail> {
    let text = |t: &Told, k: usize| t.text(c, k).to_string();
    // not when another subject is told ("Compaq shares fell $1.625" /
    // "Bethlehem shares rose 50 cents" are two companies' days)
    let (gone, came) = (lacking(lex, a, b), lacking(lex, b, a));
    if other_subject(lex, c, (a, &gone), (b, &came)) {
        return None;
    }
    let (da, db) = (directions(lex, c, a), directions(lex, c, b));
    da.iter().find_map(|(who, p, i)| {
        db.iter()
            .find(|(other, q, _)| other == who && opposed(p, q))
            .map(|(_, _, j)| Detail::Antonym {
                from: text(a, *i),
                to: text(b, *j),
            })
    })
}

/// The share of words two short sentences share to be read as one claim
/// reworded.
fn contrast_bar(a: &Told, b: &Told) -> f64 {
    if a.headline && b.headline {
        HEADLINE_WORDS
    } else {
        CONTRAST_WORDS
    }
}

fn one_detail(lex: &Lexicon, c: &Corpus, a: &Told, b: &Told) -> Option<Detail> {
    let text = |t: &Told, k: usize| t.text(c, k).to_string();
    // the words one side has and the other lacks, wherever they stand: a
    // retelling may move words around without changing what it says
    let only = |x: &Told, y: &Told| -> Vec<usize> {
        x.uniq()
            .filter(|&k| !lex.ignorable.contains(&x.key(k)) && !x.shares(k, y))
            .collect()
    };
    let (gone_at, came_at) = (only(a, b), only(b, a));
    let gone: Vec<(Key, String)> = gone_at.iter().map(|&k| (a.key(k), text(a, k))).collect();
    let came: Vec<(Key, String)> = came_at.iter().map(|&k| (b.key(k), text(b, k))).collect();
    let gone: Vec<&(Key, String)> = gone.iter().collect();
    let came: Vec<&(Key, String)> = came.iter().collect();
    if gone.len() > MAX_CHANGED || came.len() > MAX_CHANGED || gone.len() + came.len() == 0 {
        return None;
    }
    // a negation on one side only, nothing else changed
    let neg = |ws: &[&(Key, String)]| {
        ws.iter().all(|w| {
            lex.negation.contains(&w.0) || lex.denial.contains(&w.0) || lex.privative.contains(&w.0)
        })
    };
    if came.is_empty() && neg(&gone) {
        return Some(Detail::Negation {
            removed: true,
            word: gone[0].1.clone(),
        });
    }
    if gone.is_empty() && neg(&came) {
        return Some(Detail::Negation {
            removed: false,
            word: came[0].1.clone(),
        });
    }
    // one word and its replacement; besides it, one side may leave out a
    // word the other adds ("… in 2018"), never replace a second one
    if gone.is_empty() || came.is_empty() || (gone.len() > 1 && came.len() > 1) {
        return None;
    }
    for x in &gone {
        for y in &came {
            if let (Some(p), Some(q)) = (lex.antonym.get(&x.0), lex.antonym.get(&y.0)) {
                if opposed(p, q) {
                    return Some(Detail::Antonym {
                        from: x.1.clone(),
                        to: y.1.clone(),
                    });
                }
            }
        }
    }
    if gone.len() == 1 && came.len() == 1 {
        let (x, y) = (gone[0], came[0]);
        // one figure for another: of a count that grows as news comes in
        // (a toll) when both sentences count one
        let running = [a, b]
            .iter()
            .all(|t| t.form_keys().iter().any(|k| lex.running.contains(k)));
        let figure = |rising: bool| Detail::Number {
            from: x.1.clone(),
            to: y.1.clone(),
            running,
            rising,
        };
        let names = (name_of(lex, a, gone_at[0]), name_of(lex, b, came_at[0]));
        if let Some(place) = names.0.zip(names.1).and_then(|(i, j)| entity_swap(c, i, j)) {
            let by_demonym = demonym(lex, a, gone_at[0]) || demonym(lex, b, came_at[0]);
            return Some(Detail::Entity {
                from: x.1.clone(),
                to: y.1.clone(),
                place: place && !by_demonym,
            });
        }
        if let Some(d) = kind_swap(lex, c, (a, gone_at[0]), (b, came_at[0]), running) {
            return Some(d);
        }
        // figures in digits or in words ("ستة" / "سبعة")
        let value = |t: &Told, k: usize| {
            number(&text(t, k)).or_else(|| figure_at(lex, c, t, k).map(|v| v as f64))
        };
        if let (Some(p), Some(q)) = (value(a, gone_at[0]), value(b, came_at[0])) {
            let r = crate::extract::rounding(p).max(crate::extract::rounding(q));
            if (p - q).abs() > r {
                return Some(figure(q > p));
            }
        }
    }
    None
}

/// What a word names on the calendar or in a count, by itself, in any of
/// its strict forms ("والثلاثاء" is Tuesday).
fn calendar_of(lex: &Lexicon, t: &Told, k: usize) -> Option<CalendarWord> {
    t.strict_forms(k)
        .iter()
        .find_map(|f| lex.calendar.get(f).copied())
}

/// The figure word `k` gives, in digits or in words ("ستة" and "6" are
/// one figure).
fn figure_at(lex: &Lexicon, c: &Corpus, t: &Told, k: usize) -> Option<u64> {
    number(t.text(c, k)).map(|x| x as u64).or_else(|| {
        t.forms(k)
            .iter()
            .find_map(|f| lex.number_words.get(f).copied())
    })
}

/// The order of a vague count ("مئات" is 100), standing alone: not after a
/// figure ("3 آلاف" is one).
fn magnitude_of(lex: &Lexicon, c: &Corpus, t: &Told, k: usize) -> Option<u64> {
    let after_figure = k > 0 && figure_at(lex, c, t, k - 1).is_some();
    // nor one before another ("عشرات الآلاف" is tens of thousands)
    let before_order = k + 1 < t.len()
        && t.strict_forms(k + 1)
            .iter()
            .any(|f| lex.magnitude.contains_key(f));
    if after_figure || before_order {
        return None;
    }
    t.strict_forms(k)
        .iter()
        .find_map(|f| lex.magnitude.get(f).copied())
}

/// Two vague counts of different orders: the two values.
fn magnitude_swap(
    lex: &Lexicon,
    c: &Corpus,
    (a, x): (&Told, usize),
    (b, y): (&Told, usize),
) -> Option<(u64, u64)> {
    let (p, q) = (magnitude_of(lex, c, a, x)?, magnitude_of(lex, c, b, y)?);
    (p != q).then_some((p, q))
}

/// Two words of one kind that name different months, weekdays or
/// ordinals.
fn calendar_swap(lex: &Lexicon, a: &Told, x: usize, b: &Told, y: usize) -> Option<CalendarWord> {
    let (p, q) = (calendar_of(lex, a, x)?, calendar_of(lex, b, y)?);
    (p.same_kind(q) && p != q).then_some(p)
}

/// The class and member a word belongs to, in any of its strict forms.
fn class_of(lex: &Lexicon, t: &Told, k: usize) -> Option<(usize, usize)> {
    t.strict_forms(k)
        .iter()
        .find_map(|f| lex.class.get(f).copied())
}

/// Two words naming two members of one closed class: the class.
fn class_swap(lex: &Lexicon, a: &Told, x: usize, b: &Told, y: usize) -> Option<usize> {
    let ((g, m), (h, n)) = (class_of(lex, a, x)?, class_of(lex, b, y)?);
    (g == h && m != n).then_some(g)
}

/// Do two words stand on opposite sides of one pair?
fn opposed(p: &[(usize, u8)], q: &[(usize, u8)]) -> bool {
    p.iter()
        .any(|&(g, side)| q.iter().any(|&(h, other)| g == h && side != other))
}

/// The entity a word names by itself, in any of its strict forms ("وباريس"
/// names Paris; a word's matching key may have lost a letter it begins
/// with, as "باريس" does).
fn name_of(lex: &Lexicon, t: &Told, k: usize) -> Option<usize> {
    t.strict_forms(k)
        .iter()
        .find_map(|f| lex.names.get(f).copied())
}

/// Is word `k` a demonym ("المصري")?
fn demonym(lex: &Lexicon, t: &Told, k: usize) -> bool {
    t.strict_forms(k)
        .iter()
        .any(|f| lex.demonym_keys.contains(f))
}

/// Two entities of one kind, neither inside
/// the other: `Some(true)` for two places, `Some(false)` for others.
fn entity_swap(c: &Corpus, i: usize, j: usize) -> Option<bool> {
    let (ei, ej) = (&c.rules.entities[i], &c.rules.entities[j]);
    let nested =
        c.rules.ancestors(&ei.id).contains(&ej.id) || c.rules.ancestors(&ej.id).contains(&ei.id);
    (i != j && ei.kind == ej.kind && !nested).then(|| ei.kind.is_place())
}

/// The words of `x` none of whose forms `y` has, small words aside.
fn lacking(lex: &Lexicon, x: &Told, y: &Told) -> Vec<usize> {
    (0..x.len())
        .filter(|&k| !lex.ignorable.contains(&x.key(k)))
        .filter(|&k| !x.forms(k).iter().any(|&f| y.has(f)))
        .collect()
}

/// Do two tellings, among the words each has and the other lacks, speak of
/// another subject: a figure replaced by another, or a capitalised name
/// changed ("Compaq shares fell $1.625" / "Bethlehem shares rose 50 cents"
/// are two companies' days)? A figure one side gives and the other leaves
/// out is a detail left out ("killed 16" / "no one killed").
fn other_subject(
    lex: &Lexicon,
    c: &Corpus,
    (a, gone): (&Told, &[usize]),
    (b, came): (&Told, &[usize]),
) -> bool {
    let figures = |t: &Told, ws: &[usize]| -> Vec<u64> {
        let mut v: Vec<u64> = ws.iter().filter_map(|&k| figure_at(lex, c, t, k)).collect();
        v.sort_unstable();
        v
    };
    let renamed = |t: &Told, ws: &[usize]| {
        ws.iter()
            .any(|&k| k > 0 && t.text(c, k).chars().next().is_some_and(char::is_uppercase))
    };
    let (fa, fb) = (figures(a, gone), figures(b, came));
    (!fa.is_empty() && !fb.is_empty() && fa != fb) || renamed(a, gone) || renamed(b, came)
}

/// One word for another of its kind in one place: a member of a closed
/// class, a month, weekday or ordinal, a vague count, a scale after one
/// figure. (An entity for another is read apart: whether it is a swap asks
/// what else each sentence names.) `running`: the figures count something
/// that grows as news comes in.
fn kind_swap(
    lex: &Lexicon,
    c: &Corpus,
    (a, x): (&Told, usize),
    (b, y): (&Told, usize),
    running: bool,
) -> Option<Detail> {
    let text = |t: &Told, k: usize| t.text(c, k).to_string();
    let (from, to) = (text(a, x), text(b, y));
    if let Some(g) = class_swap(lex, a, x, b, y) {
        let slot = c.rules.classes[g].slot.clone();
        return Some(Detail::Class { from, to, slot });
    }
    let figure = |rising: bool| -> Option<Detail> {
        Some(Detail::Number {
            from: from.clone(),
            to: to.clone(),
            running,
            rising,
        })
    };
    if let Some(w) = calendar_swap(lex, a, x, b, y) {
        if w.is_time() {
            return Some(Detail::Time { from, to });
        }
        let order = |t: &Told, k: usize| match calendar_of(lex, t, k) {
            Some(CalendarWord::Ordinal(n)) => n,
            _ => 0,
        };
        return figure(order(b, y) > order(a, x));
    }
    if let Some((p, q)) = magnitude_swap(lex, c, (a, x), (b, y)) {
        return figure(q > p);
    }
    // one scale for another after one figure ("50 مليار" / "50 مليون"):
    // after two figures, two amounts ("$8.59 billion" / "$9.8 million")
    let scale = |t: &Told, k: usize| {
        t.strict_forms(k)
            .iter()
            .find_map(|f| lex.scale.get(f).copied())
    };
    let before = |t: &Told, k: usize| k.checked_sub(1).and_then(|j| figure_at(lex, c, t, j));
    match (scale(a, x), scale(b, y)) {
        (Some(p), Some(q)) if p != q && before(a, x) == before(b, y) => figure(q > p),
        _ => None,
    }
}

/// A claim reworded around one contrast: exactly one of a word and its
/// opposite (each sentence using one side of the pair only), a negation or
/// denial on one side only, or one entity for another of its kind among the
/// words one side has and the other lacks. Two contrasts may cancel ("did
/// not rise" / "fell"): then nothing is said.
fn contrast(lex: &Lexicon, c: &Corpus, a: &Told, b: &Told) -> Option<Detail> {
    let text = |t: &Told, k: usize| t.text(c, k).to_string();
    let (gone, came) = (lacking(lex, a, b), lacking(lex, b, a));
    let mut found: Vec<Detail> = Vec::new();
    // antonym groups: the sides the changed words of each sentence use, and
    // a word for each; words both sentences have say nothing either way
    // ("the hint of a rate rise sent gold up" / "… sent gold down")
    let sides = |t: &Told, ws: &[usize]| {
        let mut out: HashMap<usize, (u8, usize, bool)> = HashMap::default();
        for &k in ws {
            let Some(groups) = t.forms(k).iter().find_map(|f| lex.antonym.get(f)) else {
                continue;
            };
            for &(g, side) in groups {
                let e = out.entry(g).or_insert((side, k, false));
                if e.0 != side {
                    e.2 = true; // both sides in one sentence
                }
            }
        }
        out
    };
    let (sa, sb) = (sides(a, &gone), sides(b, &came));
    let mut groups: Vec<(&usize, &(u8, usize, bool))> = sa.iter().collect();
    groups.sort_unstable();
    for (g, &(p, ka, mixed_a)) in groups {
        if let Some(&(q, kb, mixed_b)) = sb.get(g) {
            if p != q && !mixed_a && !mixed_b {
                found.push(Detail::Antonym {
                    from: text(a, ka),
                    to: text(b, kb),
                });
                break;
            }
        }
    }
    // a negation, unless a figure or a word that voids it follows
    // ("دون 1300 دولار" is "below", "لا تزال" is "still")
    // ("غير" negates the word after it, and only against a telling that
    // has that word: "غير مسبوق" is "unprecedented")
    let negates = |t: &Told, other: &Told, k: usize| {
        let privative = t.forms(k).iter().any(|f| lex.privative.contains(f));
        let governed_shared = k + 1 < t.len() && t.forms(k + 1).iter().any(|&f| other.has(f));
        (t.forms(k).iter().any(|f| lex.denial.contains(f)) || (privative && governed_shared))
            && (k + 1 >= t.len()
                || (!t.forms(k + 1).iter().any(|f| lex.not_negating.contains(f))
                    && number(&text(t, k + 1)).is_none()))
    }; // one sentence negates, the other nowhere does ("بعدم السماح" and
       // "بألا تسمح" both negate)
    let negated = |t: &Told, other: &Told, ws: &[usize]| {
        let other_negates = (0..other.len()).any(|k| negates(other, t, k));
        ws.iter()
            .find(|&&k| negates(t, other, k))
            .filter(|_| !other_negates)
            .map(|&k| text(t, k))
    };
    match (negated(a, b, &gone), negated(b, a, &came)) {
        (Some(word), None) => found.push(Detail::Negation {
            removed: true,
            word,
        }),
        (None, Some(word)) => found.push(Detail::Negation {
            removed: false,
            word,
        }),
        _ => {}
    }
    // the entities a sentence names, by whole names or their parts
    let named = |t: &Told| -> HashSet<usize> {
        let mut out: HashSet<usize> = t
            .form_keys()
            .iter()
            .filter_map(|f| lex.names.get(f).or_else(|| lex.name_parts.get(f)))
            .copied()
            .collect();
        for k in 1..t.len() {
            for &f1 in t.forms(k - 1) {
                for &f2 in t.forms(k) {
                    out.extend(lex.name_pairs.get(&pair_key(f1, f2)));
                }
            }
        }
        out
    };
    let (in_a, in_b) = (named(a), named(b));
    // a place the other telling names inside or around this one: "العاصمة
    // السعودية الرياض" is answered by "الرياض" in the other lead, whatever
    // country it names besides
    let located = |e: usize, other: &HashSet<usize>| {
        let id = &c.rules.entities[e].id;
        c.rules.entities[e].kind.is_place()
            && other.iter().any(|&o| {
                let oid = &c.rules.entities[o].id;
                o != e
                    && (c.rules.ancestors(oid).contains(id) || c.rules.ancestors(id).contains(oid))
            })
    };
    // one entity for another, the other sentence naming neither under
    // another name nor a place in or around it
    let swap = gone.iter().find_map(|&x| {
        let i = name_of(lex, a, x)?;
        came.iter().find_map(|&y| {
            let j = name_of(lex, b, y)?;
            if in_b.contains(&i) || in_a.contains(&j) || located(i, &in_b) || located(j, &in_a) {
                return None;
            }
            let by_demonym = demonym(lex, a, x) || demonym(lex, b, y);
            entity_swap(c, i, j).map(|place| Detail::Entity {
                from: text(a, x),
                to: text(b, y),
                place: place && !by_demonym,
            })
        })
    });
    found.extend(swap);
    // one class member, month, weekday, ordinal, vague count or scale for
    // another of its kind ("الذهب" / "النفط", "في رمضان" / "في شوال"): the
    // first of each kind
    for x in &gone {
        for y in &came {
            if let Some(d) = kind_swap(lex, c, (a, *x), (b, *y), false) {
                let kind = std::mem::discriminant(&d);
                if !found.iter().any(|f| std::mem::discriminant(f) == kind) {
                    found.push(d);
                }
            }
        }
    }
    let swapped = matches!(found.as_slice(), [Detail::Entity { .. }]);
    if !swapped && other_subject(lex, c, (a, &gone), (b, &came)) {
        return None;
    }
    if found.len() == 1 {
        found.pop()
    } else {
        None
    }
}

/// Flags between the sentences `told` of the corpus (from [`told_in`]).
pub fn check(c: &Corpus, told: Vec<Told>) -> Vec<Flag> {
    // the full lexicon reads every entity name: built only once a pair of
    // sentences is close enough to compare
    let ignorable = ignorable(c.rules);
    let lexicon = std::sync::OnceLock::new();
    // a sentence reprinted word for word is one sentence: group the copies,
    // index and compare one per group, then pick the members to quote
    let mut groups: Vec<Vec<usize>> = Vec::new();
    {
        let mut by_words: HashMap<&[Key], usize> = HashMap::default();
        for (i, t) in told.iter().enumerate() {
            let key = t.word_keys();
            match by_words.get(&key) {
                Some(&g) => groups[g].push(i),
                None => {
                    by_words.insert(key, groups.len());
                    groups.push(vec![i]);
                }
            }
        }
    }
    // each group under the strict forms of its words that say something
    let content = |t: &Told| {
        let mut keys: Vec<Key> = t
            .uniq()
            .filter(|&k| !ignorable.contains(&t.key(k)))
            .flat_map(|k| t.strict_forms(k).iter().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    };
    // (a group's number as u32: each group holds a sentence, and four
    // billion sentences would not fit in memory)
    let mut index: HashMap<Key, Vec<u32>> = HashMap::default();
    for (g, members) in groups.iter().enumerate() {
        for k in content(&told[members[0]]) {
            index.entry(k).or_default().push(g as u32);
        }
    }
    let near = |a: &Told, b: &Told| {
        let (x, y) = (&c.documents[a.doc()], &c.documents[b.doc()]);
        let same_outlet = x.outlet.is_some() && x.outlet == y.outlet;
        let close = match (x.published.date, y.published.date) {
            (Some(p), Some(q)) => (p - q).num_days().abs() <= WINDOW_DAYS,
            _ => true,
        };
        a.doc != b.doc && !same_outlet && close
    };
    // with a focus, a pair of groups neither of which is told in a document
    // in focus can give no flag that is asked for
    let focused: Vec<bool> = groups
        .iter()
        .map(|m| m.iter().any(|&x| c.in_focus(told[x].doc())))
        .collect();
    // groups in parallel, their flags in group order: the same flags on
    // any number of threads. Each thread keeps, from group to group:
    // - the words shared with each later group, in one array (only the
    //   groups touched are reset);
    // - the word that last counted each group: a word counts once for a
    //   group, however many of its forms the group has;
    // - the groups touched.
    let scratch = || {
        (
            vec![0u32; groups.len()],
            vec![u32::MAX; groups.len()],
            Vec::<usize>::new(),
        )
    };
    groups
        .par_iter()
        .enumerate()
        .with_min_len(GROUPS_PER_JOB)
        .map_init(scratch, |(shared, counted_by, touched), (i, members)| {
            let mut flags = Vec::new();
            let a = &told[members[0]];
            for k in a.uniq().filter(|&k| !ignorable.contains(&a.key(k))) {
                for f in a.strict_forms(k) {
                    let Some(post) = index.get(f).filter(|p| p.len() <= MAX_POSTING) else {
                        continue;
                    };
                    for j in post
                        .iter()
                        .map(|&j| j as usize)
                        .filter(|&j| j > i && (focused[i] || focused[j]))
                    {
                        if counted_by[j] == k as u32 {
                            continue;
                        }
                        counted_by[j] = k as u32;
                        if shared[j] == 0 {
                            touched.push(j);
                        }
                        shared[j] += 1;
                    }
                }
            }
            let mut cands: Vec<usize> = touched
                .drain(..)
                .filter(|&j| {
                    let n = std::mem::take(&mut shared[j]) as usize;
                    counted_by[j] = u32::MAX;
                    // a candidate shares at least the lowest bar's share of
                    // this sentence's words
                    let bar = if a.headline {
                        HEADLINE_WORDS
                    } else {
                        CONTRAST_WORDS
                    };
                    n as f64 >= a.uniq_len() as f64 * bar
                })
                .collect();
            cands.sort_unstable();
            for j in cands {
                let b = &told[groups[j][0]];
                let short = a.len() <= SHORT_WORDS && b.len() <= SHORT_WORDS;
                let bar = if short {
                    contrast_bar(a, b)
                } else {
                    SAME_WORDS
                };
                // copies of a group have the same words: the share holds for
                // whichever copies are compared
                let shared = dice(a, b);
                if shared < bar {
                    continue;
                }
                // the first two copies, one of each group, that may be compared
                let Some((a, b)) = members.iter().find_map(|&x| {
                    groups[j]
                        .iter()
                        .find(|&&y| near(&told[x], &told[y]))
                        .map(|&y| (&told[x], &told[y]))
                }) else {
                    continue;
                };
                if !c.in_focus(a.doc()) && !c.in_focus(b.doc()) {
                    continue;
                }
                let Some(d) = detail(
                    lexicon.get_or_init(|| Lexicon::of(c, ignorable.clone())),
                    c,
                    a,
                    b,
                    shared,
                ) else {
                    continue;
                };
                let (da, db) = (&c.documents[a.doc()], &c.documents[b.doc()]);
                // what was said first is "from"
                let swapped = db.published.date < da.published.date;
                let (a, b, da, db) = if swapped {
                    (b, a, db, da)
                } else {
                    (a, b, da, db)
                };
                let d = match d {
                    Detail::Number {
                        from,
                        to,
                        running,
                        rising,
                    } if swapped => Detail::Number {
                        from: to,
                        to: from,
                        running,
                        rising: !rising,
                    },
                    d => d,
                };
                // a toll retold higher in a later article is a revision
                let dated = da.published.date.is_some() && db.published.date.is_some();
                let revision = matches!(
                    d,
                    Detail::Number {
                        running: true,
                        rising: true,
                        ..
                    }
                ) && dated
                    && da.published.date < db.published.date;
                let (kind, slot, summary) = match &d {
                    Detail::Negation { removed, word } => (
                        FlagKind::Disputed,
                        SlotDiff {
                            name: "polarity".into(),
                            from: if *removed { "negative" } else { "positive" }.into(),
                            to: if *removed { "positive" } else { "negative" }.into(),
                        },
                        format!("the same sentence, told with and without \"{word}\""),
                    ),
                    Detail::Antonym { from, to } => (
                        FlagKind::Contradiction,
                        SlotDiff {
                            name: "claim".into(),
                            from: from.clone(),
                            to: to.clone(),
                        },
                        format!(
                        "the same sentence, told with \"{from}\" and with its opposite \"{to}\""
                    ),
                    ),
                    Detail::Entity { from, to, place } => (
                        FlagKind::Contradiction,
                        SlotDiff {
                            name: if *place { "place" } else { "participants" }.into(),
                            from: from.clone(),
                            to: to.clone(),
                        },
                        format!("the same sentence, told with \"{from}\" and with \"{to}\""),
                    ),
                    Detail::Class { from, to, slot } => (
                        FlagKind::Contradiction,
                        SlotDiff {
                            name: slot.clone(),
                            from: from.clone(),
                            to: to.clone(),
                        },
                        format!("the same sentence, told with \"{from}\" and with \"{to}\""),
                    ),
                    Detail::Time { from, to } => (
                        FlagKind::Contradiction,
                        SlotDiff {
                            name: "time".into(),
                            from: from.clone(),
                            to: to.clone(),
                        },
                        format!("the same sentence, told with \"{from}\" and with \"{to}\""),
                    ),
                    Detail::Number { from, to, .. } => (
                        FlagKind::Contradiction,
                        SlotDiff {
                            name: "quantity".into(),
                            from: from.clone(),
                            to: to.clone(),
                        },
                        if revision {
                            format!("the same sentence, revised in a later report: {from} → {to}")
                        } else {
                            format!("the same sentence, told with {from} and with {to}")
                        },
                    ),
                };
                let side = |doc: &Document, t: &Told| {
                    let id = format!("{}@{}:sentence", doc.id, t.span.start);
                    Side::of_sentence(id, t.span, doc, "reported")
                };
                let sides = vec![side(da, a), side(db, b)];
                let ids: Vec<&str> = sides.iter().map(|s| s.statement.as_str()).collect();
                flags.push(Flag {
                    id: flag_id(kind, &ids),
                    kind,
                    severity: if revision {
                        Severity::Info
                    } else {
                        Severity::Warning
                    },
                    summary,
                    slots: vec![slot],
                    corroborated_by: Vec::new(),
                    confidence: 0.7,
                    reasons: vec![format!(
                        "retold/{}: {:.0}% of the words shared, one detail changed",
                        match d {
                            Detail::Negation { .. } => "negation",
                            Detail::Antonym { .. } => "antonym",
                            Detail::Entity { .. } => "entity",
                            Detail::Class { .. } => "class",
                            Detail::Time { .. } => "time",
                            Detail::Number { .. } => "number",
                        },
                        100.0 * shared
                    )],
                    diff: None,
                    event_date: da.published.date.max(db.published.date),
                    sides,
                });
            }
            flags
        })
        .flatten_iter()
        .collect()
}
