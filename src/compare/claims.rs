//! Generic claims compared: the one figure two sources give differently.
//!
//! # What it flags
//!
//! Claims (see `extract/claim.rs`) from different documents that count the
//! same thing in the same story, and give figures that cannot both hold:
//! "six heads of state" against "خمسة رؤساء دول", "120 goals" against "121
//! هدفا". Sides are grouped by the figure they give; the figure most sources
//! give stands against each other figure, one flag each, with the sources
//! that agree listed as corroboration. A figure expected before the event and
//! another reported after it is `outcome-differs`; figures told by different
//! named sources are `disputed`; the same figure asserted by one source and
//! denied by another is `disputed` on polarity. A running count (a toll) that
//! rises in later reports is a revision, shown as `info`.
//!
//! # Why it matters
//!
//! Most of what fact-checkers check is a number: tolls, head counts, members,
//! goals. None of them is an event in `rules/predicates.toml`.
//!
//! # Example
//!
//! "The summit drew six heads of state" / "بحضور خمسة رؤساء دول عربية".
//!
//! # Known false positives
//!
//! Two figures for different scopes of one count ("90 freed today" and "735
//! to be freed in the first phase") align when nothing in their sentences
//! tells the scopes apart. Alignment asks for the same story (shared
//! entities), the same head, polarity and time window, and, within one
//! language, shared content words, so such pairs are rarer, not impossible.
//!
//! Alignment never compares all pairs: claims are indexed by (class, key),
//! a key being an entity the sentence names (its document's main ones when
//! it names none) or its head, and only claims sharing a key are compared.
//! A dated claim meets only the dated claims of its key published within
//! the window, and a key shared by more than [`MAX_NEAR`] claims within one
//! window names nothing in particular there: the cost grows with the claims
//! of one window, not with the square of the corpus.

use super::events::find;
use super::{flag_id, Corpus, Flag, FlagKind, Severity, Side, SlotDiff};
use crate::extract::{Modality, Quantity, Statement, CLAIM, CORRECTION, INTERIM, SIZE_HEAD};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// Two reports of one count are compared only within this many days of
/// each other, unless one is an expectation and the other its outcome.
const WINDOW_DAYS: i64 = 45;
/// How many of a document's rarest-weighted entities say what it is about.
const TOP_ENTITIES: usize = 5;
/// Share of content words two claims in one language must share.
const TERM_OVERLAP: f64 = 0.12;
/// Figures further apart than this factor count different things (a day's
/// release and a phase's, a subset and a total), not one thing told twice.
const MAX_RATIO: f64 = 8.0;
/// One document's two figures for one count are an inconsistency only when
/// they are this close.
const INTERNAL_RATIO: f64 = 1.5;
/// Share of the shorter sentence's words two sentences of one document
/// share to restate one count.
const RESTATED_OVERLAP: f64 = 0.3;
/// The confidence of a candidate whose identity is thin.
const THIN_CONFIDENCE: f32 = 0.3;
/// A figure told as done, with no time of its own, stands for this many days
/// before its article.
const RECENT_DAYS: i64 = 7;
/// How many main entities two documents share to be about one story.
const STORY_ENTITIES: usize = 2;
/// How often a document must name an entity for it to be one of its main
/// ones ([`Profile::main`]).
const MAIN_MIN_COUNT: usize = 2;
/// Cosine of two documents' tf-idf entity vectors from which they are about
/// one story. On the development set (realnews, 96 documents; measured
/// 2026-12-04, when it was set), 51% of same-story pairs reach it and
/// 0.4% of pairs from different stories.
const STORY_COSINE: f64 = 0.25;
/// A key shared by more claims than this names nothing in particular for
/// the claims that meet every claim of their key (undated ones and
/// expectations).
const MAX_BUCKET: usize = 400;
/// Nor does a key shared by more dated claims than this within one window
/// ([`WINDOW_DAYS`]): each dated claim meets at most this many under a
/// key, so that alignment grows with the corpus, not with its square.
const MAX_NEAR: usize = 50;

pub fn check<'a>(c: &Corpus<'a>) -> Vec<Flag> {
    let claims: Vec<usize> = c
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.predicate == CLAIM && !s.quantities.is_empty())
        .filter(|(_, s)| {
            c.rules
                .count_class(&s.quantities[0].unit)
                .is_none_or(|d| d.compare)
        })
        .map(|(i, _)| i)
        .collect();
    if claims.is_empty() {
        return Vec::new();
    }
    // entities by number: every document names a dozen, each by its id
    let mut numbering = Numbering::new(c.rules);
    let counts = entity_counts(c, &mut numbering);
    let named: Vec<Vec<u32>> = claims
        .iter()
        .map(|&i| {
            let mentions = &c.statements[i].mentions;
            mentions
                .iter()
                .map(|m| numbering.number(&m.entity))
                .collect()
        })
        .collect();
    let (names, rank) = numbering.finish();
    let profiles = doc_profiles(counts, &rank);
    let views: HashMap<usize, View> = claims
        .iter()
        .zip(named)
        .map(|(&i, named)| {
            let entities = named.iter().map(|&n| rank[n as usize]).collect();
            (i, View::of(c, i, entities))
        })
        .collect();
    let cx = Context {
        c,
        profiles: &profiles,
        views: &views,
        names: &names,
    };
    // index by (class, entity identity) so that only claims that share one
    // are ever compared
    let mut index: HashMap<(&str, &str), Vec<usize>> = HashMap::default();
    for (k, &i) in claims.iter().enumerate() {
        let class = c.statements[i].quantities[0].unit.as_str();
        let doc = c.statements[i].doc_index;
        // its entities, its document's main ones, and its head: two
        // sentences about one count need not name a common entity ("100
        // heads of state have confirmed their attendance" / "the event was
        // attended by some 80 heads of state"); a head shared by too many
        // claims finds nothing by itself (MAX_NEAR, MAX_BUCKET)
        // (a sentence that names no entity is indexed by what its document
        // is about)
        let named = &views[&i].entities;
        let about: &[u32] = if named.is_empty() {
            &profiles[doc].top
        } else {
            &[]
        };
        let keys: BTreeSet<&str> = named
            .iter()
            .chain(about)
            .map(|&e| names[e as usize].as_str())
            .chain(c.statements[i].head.as_deref())
            .collect();
        for key in keys {
            index.entry((class, key)).or_default().push(k);
        }
    }
    // a dated report meets the dated reports of its key within the window
    // only (alignment asks no more of them), so a key's cost grows with the
    // reports of one window, not with the square of all; undated reports and
    // expectations (whose outcome may come any time later) meet every
    // report of a key no larger than MAX_BUCKET
    let day: Vec<Option<i64>> = claims
        .iter()
        .map(|&i| {
            cx.date_of(i)
                .filter(|_| !looks_ahead(&c.statements[i]))
                .map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d)))
        })
        .collect();
    let mut parent: Vec<usize> = (0..claims.len()).collect();
    // (a pair as one number: half a million pairs at 100,000 documents)
    let mut seen: HashSet<u64> = HashSet::default();
    let mut join = |a: usize, b: usize, parent: &mut Vec<usize>| {
        let pair = (a.min(b) as u64) << 32 | a.max(b) as u64;
        if seen.insert(pair) && cx.aligned(claims[a], claims[b]) {
            let (ra, rb) = (find(parent, a), find(parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    let mut keys: Vec<_> = index.keys().copied().collect();
    keys.sort();
    for key in keys {
        let bucket = &index[&key];
        let (mut dated, open): (Vec<usize>, Vec<usize>) =
            bucket.iter().partition(|&&k| day[k].is_some());
        dated.sort_by_key(|&k| (day[k], k));
        for (x, &a) in dated.iter().enumerate() {
            let near = dated[x + 1..]
                .iter()
                .take_while(|&&b| day[b] <= day[a].map(|d| d + WINDOW_DAYS))
                .count();
            // a key this many reports of one count class share within one
            // window names nothing in particular there
            if near > MAX_NEAR {
                continue;
            }
            for &b in &dated[x + 1..x + 1 + near] {
                join(a, b, &mut parent);
            }
        }
        if bucket.len() <= MAX_BUCKET {
            for (x, &a) in open.iter().enumerate() {
                for &b in open[x + 1..].iter().chain(&dated) {
                    join(a, b, &mut parent);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for (k, &i) in claims.iter().enumerate() {
        groups.entry(find(&mut parent, k)).or_default().push(i);
    }
    let mut components: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    components.sort();
    components.iter().flat_map(|g| cx.flags_of(g)).collect()
}

/// What alignment reads of one claim, computed once.
struct View<'a> {
    /// Entity identities its sentence names, by number ([`Numbering`]).
    entities: BTreeSet<u32>,
    /// The script of its sentence (`ar` / `en`).
    language: &'static str,
    /// Its content words, sorted, once each.
    terms: Vec<&'a str>,
    interim: bool,
    /// Told as a correction of an earlier figure: the later of two.
    correction: bool,
    /// The one site a figure is told for, with the places that hold it
    /// (computed once: pairs of claims compare them many times).
    site: Option<Vec<String>>,
}

impl<'a> View<'a> {
    fn of(c: &Corpus<'a>, i: usize, entities: BTreeSet<u32>) -> View<'a> {
        let s = &c.statements[i];
        View {
            entities,
            language: crate::ingest::script_language(&s.evidence.quote),
            terms: {
                let mut terms: Vec<&str> = s.terms.iter().map(String::as_str).collect();
                terms.sort_unstable();
                terms.dedup();
                terms
            },
            interim: s.status.as_deref() == Some(INTERIM),
            correction: s.status.as_deref() == Some(CORRECTION),
            site: match s.roles.get("site").map(Vec::as_slice) {
                Some([p]) => Some(c.rules.ancestors(p)),
                _ => None,
            },
        }
    }
}

/// The corpus with what alignment computed once per document and claim.
struct Context<'a> {
    c: &'a Corpus<'a>,
    profiles: &'a [Profile],
    views: &'a HashMap<usize, View<'a>>,
    /// Entity identities by their number.
    names: &'a [String],
}

/// What a document is about: the entities it names most, weighted by how
/// rare they are in the corpus (tf-idf), so that "Israel" in every article of
/// a corpus says less than "Derna" in a few.
/// Entities are by number ([`Numbering`]).
struct Profile {
    /// Its entities of most weight (tf-idf): what sets it apart in the corpus.
    top: Vec<u32>,
    /// The entities it names most often, each at least [`MAIN_MIN_COUNT`]
    /// times: what it is about, however common in the corpus.
    main: Vec<u32>,
    /// Every entity the document names with its tf-idf weight, the vector
    /// of unit length, sorted by entity.
    weights: Vec<(u32, f64)>,
}

impl Profile {
    /// Does the document name this entity?
    fn names(&self, entity: u32) -> bool {
        self.weights
            .binary_search_by(|(e, _)| e.cmp(&entity))
            .is_ok()
    }

    /// Cosine of two documents' entity vectors.
    fn cosine(&self, other: &Profile) -> f64 {
        let (a, b) = (&self.weights, &other.weights);
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

/// Entity identities numbered as they are met, each entity id's identity
/// worked out once ([`super::identity`]); then renumbered in the order of
/// their names ([`Numbering::finish`]), so that ordering numbers orders
/// names, as ordering the names themselves did.
struct Numbering<'a> {
    rules: &'a crate::rules::Rules,
    /// Entity id → the number of its identity.
    ids: HashMap<&'a str, u32>,
    /// Identity → its number.
    of: HashMap<String, u32>,
    names: Vec<String>,
}

impl<'a> Numbering<'a> {
    fn new(rules: &'a crate::rules::Rules) -> Self {
        Numbering {
            rules,
            ids: HashMap::default(),
            of: HashMap::default(),
            names: Vec::new(),
        }
    }

    /// The number of entity id `id`'s identity.
    fn number(&mut self, id: &'a str) -> u32 {
        if let Some(&n) = self.ids.get(id) {
            return n;
        }
        let identity = super::identity(self.rules, id);
        let n = match self.of.get(&identity) {
            Some(&n) => n,
            None => {
                let n = self.names.len() as u32;
                self.names.push(identity.clone());
                self.of.insert(identity, n);
                n
            }
        };
        self.ids.insert(id, n);
        n
    }

    /// The identities in the order of their names, and for each number met
    /// its place in that order.
    fn finish(self) -> (Vec<String>, Vec<u32>) {
        let mut names = self.names;
        let mut order: Vec<u32> = (0..names.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        let mut rank = vec![0; order.len()];
        for (r, &n) in order.iter().enumerate() {
            rank[n as usize] = r as u32;
        }
        let sorted = order
            .iter()
            .map(|&n| std::mem::take(&mut names[n as usize]))
            .collect();
        (sorted, rank)
    }
}

/// How often each document names each entity, by the number of its
/// identity (one entry per entity id, or per mention; [`doc_profiles`]
/// sorts them and adds up those of one identity): over all its sentences
/// where extraction counted them (a document read back from an archive
/// brings them), else over its statements.
fn entity_counts<'a>(c: &Corpus<'a>, numbering: &mut Numbering<'a>) -> Vec<Vec<(u32, usize)>> {
    let documents: &'a [crate::ingest::Document] = c.documents;
    let statements: &'a [Statement] = c.statements;
    let mut counts: Vec<Vec<(u32, usize)>> = documents
        .iter()
        .map(|d| {
            d.entity_counts
                .iter()
                .flatten()
                .map(|(e, n)| (numbering.number(e), *n as usize))
                .collect()
        })
        .collect();
    for s in statements {
        if documents[s.doc_index].entity_counts.is_some() {
            continue;
        }
        if let Some(list) = counts.get_mut(s.doc_index) {
            list.extend(s.mentions.iter().map(|m| (numbering.number(&m.entity), 1)));
        }
    }
    counts
}

/// Each document's profile from its counts ([`entity_counts`]), renumbered
/// by `rank`.
fn doc_profiles(counts: Vec<Vec<(u32, usize)>>, rank: &[u32]) -> Vec<Profile> {
    // each document's counts by entity, one entry each (ids of one
    // identity add up)
    let counts: Vec<Vec<(u32, usize)>> = counts
        .into_iter()
        .map(|mut m| {
            for (e, _) in &mut m {
                *e = rank[*e as usize];
            }
            m.sort_unstable();
            let mut merged: Vec<(u32, usize)> = Vec::with_capacity(m.len());
            for (e, n) in m {
                match merged.last_mut() {
                    Some(last) if last.0 == e => last.1 += n,
                    _ => merged.push((e, n)),
                }
            }
            merged
        })
        .collect();
    let mut df = vec![0usize; rank.len()];
    for m in &counts {
        for &(k, _) in m {
            df[k as usize] += 1;
        }
    }
    let n = counts.len().max(1) as f64;
    counts
        .iter()
        .map(|m| {
            let mut v: Vec<(u32, f64)> = m
                .iter()
                .map(|&(k, tf)| {
                    let idf = (1.0 + n / df[k as usize] as f64).ln();
                    (k, (1.0 + (tf as f64).ln()) * idf)
                })
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f64>().sqrt().max(1e-12);
            let mut weights: Vec<(u32, f64)> = v.iter().map(|x| (x.0, x.1 / norm)).collect();
            weights.sort_by_key(|x| x.0);
            let mut often: Vec<(u32, usize)> = m
                .iter()
                .copied()
                .filter(|x| x.1 >= MAIN_MIN_COUNT)
                .collect();
            often.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            Profile {
                top: v.iter().take(TOP_ENTITIES).map(|x| x.0).collect(),
                main: often.iter().take(TOP_ENTITIES).map(|x| x.0).collect(),
                weights,
            }
        })
        .collect()
}

/// Shared share of the smaller set: a headline restated in a long sentence
/// shares most of its own words, not most of the sentence's.
fn overlap<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let small = a.len().min(b.len());
    if small == 0 {
        0.0
    } else {
        common(a, b) as f64 / small as f64
    }
}

fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    let inter = common(a, b);
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// How many items two sorted sets (each sorted, once each) share.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

impl Context<'_> {
    fn st(&self, i: usize) -> &Statement {
        &self.c.statements[i]
    }

    /// The date a claim's article was published. An inferred date is only
    /// a bound (the latest date a page mentions, a crawl's date): it orders
    /// nothing, so it counts as none.
    fn date_of(&self, i: usize) -> Option<chrono::NaiveDate> {
        let p = &self.c.documents[self.st(i).doc_index].published;
        p.date
            .filter(|_| p.source != crate::ingest::DateSource::Inferred)
    }

    /// Do the two claims' sentences name a common entity?
    fn share_entity(&self, a: usize, b: usize) -> bool {
        !self.views[&a]
            .entities
            .is_disjoint(&self.views[&b].entities)
    }

    /// Are two claims reports of one count?
    fn aligned(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.st(a), self.st(b));
        if x.quantities[0].unit != y.quantities[0].unit || x.polarity != y.polarity {
            return false;
        }
        if x.doc_index == y.doc_index {
            return self.restated(a, b);
        }
        if let (Some(h), Some(k)) = (&x.head, &y.head) {
            if h != k {
                return false;
            }
        }
        // "87 goals in the group stage" and "121 goals" count different things
        if x.scope != y.scope || !self.same_sites(a, b) {
            return false;
        }
        // "three freed on Sunday" and "four handed over on Thursday": two
        // occasions, unless the count is a running one
        let running = self.views[&a].interim
            || self.views[&b].interim
            || self
                .c
                .rules
                .count_class(&x.quantities[0].unit)
                .is_some_and(|d| d.grows);
        // a figure told for a time long before its article is history
        // ("Oklahoma City, where 168 people were killed in a bombing in
        // 1995"), not the running count: its occasion must meet too
        let past = |i: usize| {
            let s = self.st(i);
            s.time
                .as_ref()
                .zip(self.date_of(i))
                .is_some_and(|(t, d)| (d - t.end).num_days() > WINDOW_DAYS)
        };
        if (!running || past(a) || past(b)) && !self.same_occasion(a, b) {
            return false;
        }
        match (self.date_of(a), self.date_of(b)) {
            (Some(p), Some(q)) => {
                let outcome_pair = looks_ahead(x) != looks_ahead(y);
                if !outcome_pair && (p - q).num_days().abs() > WINDOW_DAYS {
                    return false;
                }
            }
            // undated: only sentences that name a common entity, or that
            // report one head in two documents about one story
            _ => {
                if !self.share_entity(a, b) && !self.same_head_same_story(a, b) {
                    return false;
                }
            }
        }
        // the same story: an entity of one sentence that the other sentence
        // or its document is about, or two of the documents' main entities
        let (vx, vy) = (&self.views[&a], &self.views[&b]);
        let (px, py) = (&self.profiles[x.doc_index], &self.profiles[y.doc_index]);
        let about = |v: &View, other: &View, p: &Profile| {
            v.entities
                .iter()
                .any(|k| other.entities.contains(k) || p.top.contains(k))
        };
        if !(about(vx, vy, py) || about(vy, vx, px) || self.one_story(x.doc_index, y.doc_index)) {
            return false;
        }
        // within one language the sentences must also share their words
        vx.language != vy.language || jaccard(&vx.terms, &vy.terms) >= TERM_OVERLAP
    }
}

/// One side of a disagreement: the claims that give one figure with one stance.
struct ValueGroup {
    members: Vec<usize>,
    denied: bool,
    /// The documents its claims come from.
    docs: BTreeSet<usize>,
}

/// A figure told before the fact: expected, planned, or an estimate
/// ("could exceed 20,000").
fn looks_ahead(s: &Statement) -> bool {
    s.modality.is_expectation() || s.modality == Modality::Hedged
}

fn quantity_slot(a: &Quantity, b: &Quantity) -> SlotDiff {
    SlotDiff {
        name: "quantity".into(),
        from: a.text.clone(),
        to: b.text.clone(),
    }
}

impl Context<'_> {
    /// Group a component's claims by the figure they give, then flag the
    /// figure most documents give against each other one.
    fn flags_of(&self, comp: &[usize]) -> Vec<Flag> {
        let q = |i: usize| &self.st(i).quantities[0];
        let mut groups: Vec<ValueGroup> = Vec::new();
        let mut order: Vec<usize> = comp.to_vec();
        // exact figures first, so that hedged ones join the figure they fit
        order.sort_by_key(|&i| (q(i).qualifier.is_some(), i));
        for &i in &order {
            let denied = self.st(i).modality == Modality::Denied;
            let doc = self.st(i).doc_index;
            match groups
                .iter_mut()
                .find(|g| g.denied == denied && g.members.iter().all(|&j| q(j).agrees(q(i))))
            {
                Some(g) => {
                    g.members.push(i);
                    g.docs.insert(doc);
                }
                None => groups.push(ValueGroup {
                    members: vec![i],
                    denied,
                    docs: BTreeSet::from([doc]),
                }),
            }
        }
        // the majority: most documents, then the earliest claim
        let Some(major) = (0..groups.len()).max_by_key(|&k| {
            (
                groups[k].docs.len(),
                std::cmp::Reverse(groups[k].members[0]),
            )
        }) else {
            return Vec::new();
        };
        let m = &groups[major];
        groups
            .iter()
            .enumerate()
            // a group whose documents all stand on the other side too says
            // both; where that is one document, it contradicts itself
            .filter(|&(k, g)| k != major && (g.docs != m.docs || g.docs.len() == 1))
            .filter_map(|(_, g)| self.flag_between(m, g))
            .collect()
    }

    /// The claims to quote for the majority `m` against group `g`: a claim
    /// of g (asserted, dated and earliest first) and a claim of m that
    /// disagrees with it and is itself aligned with it, from another document
    /// where there is one. The first such pair whose identity is strong
    /// wins; else the first pair.
    fn sides(&self, m: &ValueGroup, g: &ValueGroup) -> Option<(usize, usize)> {
        // told plainly first, then dated before undated, then earliest, then
        // attributed to someone
        let rank = |i: usize| {
            (
                self.st(i).modality != Modality::Asserted && !g.denied,
                self.date_of(i).is_none(),
                self.date_of(i),
                self.speaker_id(i).is_none(),
                i,
            )
        };
        let mut bs: Vec<usize> = g.members.clone();
        bs.sort_by_key(|&i| rank(i));
        let partner = |b: usize| {
            let doc_b = self.st(b).doc_index;
            let qb = &self.st(b).quantities[0];
            m.members
                .iter()
                .copied()
                .filter(|&i| g.denied != m.denied || !self.st(i).quantities[0].agrees(qb))
                // not only joined through a third claim (in one document:
                // one count restated)
                .filter(|&i| self.aligned(i, b))
                // told the same way (a plan against a plan), then the one
                // who said it, where they are on both sides
                .min_by_key(|&i| {
                    (
                        looks_ahead(self.st(i)) != looks_ahead(self.st(b)),
                        self.st(i).doc_index == doc_b,
                        self.speaker_id(i) != self.speaker_id(b) || self.speaker_id(b).is_none(),
                        rank(i),
                    )
                })
        };
        let pairs: Vec<(usize, usize)> = bs
            .iter()
            .filter_map(|&b| partner(b).map(|a| (a, b)))
            .collect();
        pairs
            .iter()
            .copied()
            .find(|&(a, b)| self.strong_identity(a, b))
            .or_else(|| pairs.first().copied())
    }

    /// Who a claim is attributed to, as an identity.
    fn speaker_id(&self, i: usize) -> Option<String> {
        let sp = self.st(i).attribution.as_ref()?.speaker.as_ref()?;
        Some(super::identity(self.c.rules, sp))
    }

    fn flag_between(&self, m: &ValueGroup, g: &ValueGroup) -> Option<Flag> {
        let (a, b) = self.sides(m, g)?;
        let (qa, qb) = (&self.st(a).quantities[0], &self.st(b).quantities[0]);
        let ratio = qa.value.max(qb.value) / qa.value.min(qb.value).max(1e-9);
        if ratio > MAX_RATIO {
            return None;
        }
        // order the two sides in time: what was said first is "from". A
        // correction is the later of two; else the articles' dates tell,
        // where both have one
        let corrects = |i: usize| self.views[&i].correction;
        let swap = match (corrects(a), corrects(b)) {
            (true, false) => true,
            (false, true) => false,
            _ => matches!((self.date_of(a), self.date_of(b)), (Some(p), Some(q)) if q < p),
        };
        let ordered =
            corrects(a) != corrects(b) || (self.date_of(a).is_some() && self.date_of(b).is_some());
        let (a, b, first, second) = if swap { (b, a, g, m) } else { (a, b, m, g) };
        let (x, y) = (self.st(a), self.st(b));
        let (qx, qy) = (&x.quantities[0], &y.quantities[0]);
        let class = qx.unit.as_str();
        let grows = self.c.rules.count_class(class).is_some_and(|d| d.grows);
        let speaker = |s: &Statement| s.attribution.as_ref().and_then(|a| a.speaker.clone());
        // two speakers are one source when one is part of the other (OCHA
        // of the United Nations)
        let rules = self.c.rules;
        let one_source = |p: &str, q: &str| {
            let (p, q) = (super::identity(rules, p), super::identity(rules, q));
            rules.ancestors(&p).contains(&q) || rules.ancestors(&q).contains(&p)
        };
        let change = format!("{} → {}", qx.text, qy.text);
        let (kind, severity, summary) = if x.doc_index == y.doc_index {
            // a document that restates one count differently gives close
            // figures (735 and 737); far-apart ones count different scopes
            if ratio > INTERNAL_RATIO {
                return None;
            }
            (
                FlagKind::InternalInconsistency,
                Severity::Warning,
                format!(
                    "one document gives two figures for {class}: {} and {}",
                    qx.text, qy.text
                ),
            )
        } else if first.denied != second.denied {
            // a denial answers the figure it denies, not another one
            if !qx.agrees(qy) {
                return None;
            }
            let who = |s: &Statement| speaker(s).map(|sp| super::identity(self.c.rules, &sp));
            if who(x).is_some() && who(x) == who(y) && second.denied {
                // the one who gave the figure takes it back
                (
                    FlagKind::StanceReversal,
                    Severity::Warning,
                    format!(
                        "{} gave {} ({class}), then denied it",
                        self.c.rules.label(&speaker(x).unwrap_or_default()),
                        qx.text
                    ),
                )
            } else {
                (
                    FlagKind::Disputed,
                    Severity::Warning,
                    format!("one source reports {} {class}, another denies it", qx.text),
                )
            }
        } else if looks_ahead(x) && !looks_ahead(y) {
            // an expectation and its outcome need an order in time
            if self.date_of(a).is_none() || self.date_of(b).is_none() {
                return None;
            }
            (
                FlagKind::OutcomeDiffers,
                Severity::Warning,
                format!("expected {class} differs from what was reported: {change}"),
            )
        } else if x.modality.is_expectation() && y.modality.is_expectation() && x.scope.is_some() {
            // two reports of the terms of one plan for one stage ("95 to be
            // freed in the first phase" / "735 to be freed in the first
            // phase"): they disagree on what was agreed
            (
                FlagKind::Contradiction,
                Severity::Warning,
                format!(
                    "sources give different planned numbers of {class} for one stage: {change}"
                ),
            )
        } else if looks_ahead(x) || looks_ahead(y) {
            // two forecasts or estimates, or an outcome told before its
            // expectation: not a disagreement a reader can settle
            return None;
        } else if corrects(b) {
            (
                FlagKind::Contradiction,
                Severity::Warning,
                format!("a later report corrects the count of {class}: {change}"),
            )
        } else if (grows || self.views[&a].interim) && !ordered {
            // a running count in an undated report: whether it rose or was
            // corrected cannot be told
            (
                FlagKind::Contradiction,
                Severity::Info,
                format!("reports give different counts of {class}, and one is undated: {change}"),
            )
        } else if (grows || self.views[&a].interim) && qy.range().0 > qx.range().1 {
            (
                FlagKind::Contradiction,
                Severity::Info,
                format!("the count of {class} was revised in later reports: {change}"),
            )
        } else if matches!((speaker(x), speaker(y)), (Some(p), Some(q)) if !one_source(&p, &q)) {
            (
                FlagKind::Disputed,
                Severity::Warning,
                format!("sources attribute different figures for {class}: {change}"),
            )
        } else {
            (
                FlagKind::Contradiction,
                Severity::Warning,
                format!("sources disagree on the number of {class}: {change}"),
            )
        };
        let slot = if first.denied != second.denied {
            SlotDiff {
                name: "polarity".into(),
                from: x.modality.as_str().into(),
                to: y.modality.as_str().into(),
            }
        } else {
            quantity_slot(qx, qy)
        };
        // where identity is thin, show the candidate as info, never as a warning
        let strong = self.strong_identity(a, b);
        let severity = if strong { severity } else { Severity::Info };
        let corroborated_by = first
            .members
            .iter()
            .chain(&second.members)
            .filter(|&&i| i != a && i != b)
            .map(|&i| self.st(i).id.clone())
            .collect();
        let shared: Vec<String> = self.views[&a]
            .entities
            .intersection(&self.views[&b].entities)
            .map(|&e| self.c.rules.label(&self.names[e as usize]))
            .collect();
        let head = x
            .head
            .as_ref()
            .map(|h| format!(", same head ({h})"))
            .unwrap_or_default();
        let story = if shared.is_empty() {
            ", same story".to_string()
        } else {
            format!(", both name {}", shared.join(", "))
        };
        Some(Flag {
            id: flag_id(kind, &[x.id.as_str(), y.id.as_str()]),
            kind,
            severity,
            summary,
            slots: vec![slot],
            sides: vec![
                Side::of(x, &self.c.documents[x.doc_index], x.modality.as_str()),
                Side::of(y, &self.c.documents[y.doc_index], y.modality.as_str()),
            ],
            corroborated_by,
            confidence: if strong {
                x.confidence.min(y.confidence)
            } else {
                THIN_CONFIDENCE
            },
            reasons: vec![x.rule.clone(), format!("same count ({class}){head}{story}")],
            diff: None,
            event_date: self.date_of(a),
        })
    }

    /// Two claims are surely about one count when both name the same head,
    /// both sentences name a common entity, and neither is told as a running
    /// figure (or, in one document, when they name the same head).
    fn strong_identity(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.st(a), self.st(b));
        let heads = x.head.is_some() && x.head == y.head;
        let running = self.views[&a].interim || self.views[&b].interim;
        // the size of a set (the bloc's members) is one figure per story
        if heads && x.head.as_deref() == Some(SIZE_HEAD) {
            return self.one_story(x.doc_index, y.doc_index);
        }
        heads
            && (x.doc_index == y.doc_index
                || ((self.share_entity(a, b) || self.same_head_same_story(a, b)) && !running))
    }

    /// Does one document restate one count in two sentences ("يفرج عن 735
    /// أسيرا في المرحلة الأولى" and, in the ministry's statement it quotes,
    /// "إطلاق سراح 737 أسيرا" in that phase)? Only with the same head, scope
    /// and occasion, told the same way (both done or both ahead, both exact
    /// or both hedged alike), in sentences that share their words, with
    /// close figures.
    fn restated(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.st(a), self.st(b));
        let (qx, qy) = (&x.quantities[0], &y.quantities[0]);
        let ratio = qx.value.max(qy.value) / qx.value.min(qy.value).max(1e-9);
        x.head.is_some()
            && x.head == y.head
            && x.scope == y.scope
            // "more than 1,700 injured" and "1,643 wounded there" are a
            // bound and a part, not one count told twice
            && qx.qualifier == qy.qualifier
            && looks_ahead(x) == looks_ahead(y)
            && ratio <= INTERNAL_RATIO
            && self.same_occasion(a, b)
            && overlap(&self.views[&a].terms, &self.views[&b].terms) >= RESTATED_OVERLAP
    }

    /// Do two figures cover the same ground? A figure for two cities ("the
    /// attacks in Nairobi and Dar es Salaam killed 257") is no count of one
    /// ("killed 247 people in Kenya"), and figures told for two places that
    /// do not hold each other count two places.
    fn same_sites(&self, a: usize, b: usize) -> bool {
        fn sites(s: &Statement) -> &[String] {
            s.roles.get("site").map_or(&[], |v| v.as_slice())
        }
        let (sx, sy) = (sites(self.st(a)), sites(self.st(b)));
        if (sx.len() >= 2) != (sy.len() >= 2) {
            return false;
        }
        match (sx, sy) {
            // a venue no table knows is read by places_agree; else one
            // place holds the other, read from the chains computed once
            ([p], [q]) if p.starts_with("name:") || q.starts_with("name:") => {
                super::places_agree(self.c.rules, p, q)
            }
            ([p], [q]) => {
                let up = |i: usize| self.views[&i].site.as_deref().unwrap_or_default();
                p == q || up(a).contains(q) || up(b).contains(p)
            }
            _ => true,
        }
    }

    /// Can two claims be about one occasion? Their clauses' times must meet.
    /// A figure told as done with no time of its own is recent news: it
    /// stands for the days before its article ([`RECENT_DAYS`]), so "the
    /// release of three hostages" in a January report is not the "four
    /// hostages handed over on Thursday" of late February.
    fn same_occasion(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.st(a), self.st(b));
        let recent = |i: usize| {
            let s = self.st(i);
            if looks_ahead(s) {
                return None;
            }
            let d = self.date_of(i)?;
            Some((d - chrono::Duration::days(RECENT_DAYS), d))
        };
        match (&x.time, &y.time) {
            (Some(p), Some(q)) => super::times_agree(p, q),
            (Some(p), None) => recent(b).is_none_or(|(f, l)| p.start <= l && f <= p.end),
            (None, Some(q)) => recent(a).is_none_or(|(f, l)| q.start <= l && f <= q.end),
            (None, None) => true,
        }
    }

    /// Are two documents about one story: at least [`STORY_ENTITIES`] of
    /// their main entities in common, or entity vectors close enough
    /// ([`STORY_COSINE`]; a report naming many people once has no main
    /// entities to share)?
    fn one_story(&self, x: usize, y: usize) -> bool {
        let (px, py) = (&self.profiles[x], &self.profiles[y]);
        let shared = |a: &[u32], b: &[u32]| a.iter().filter(|k| b.contains(k)).count();
        shared(&px.top, &py.top) >= STORY_ENTITIES
            || shared(&px.main, &py.main) >= STORY_ENTITIES
            || px.cosine(py) >= STORY_COSINE
    }

    /// Two documents about one story (at least [`STORY_ENTITIES`] of their
    /// main entities in common) that report one head, where neither sentence
    /// names an entity the other document never names: "the summit drew six
    /// heads of state" and "يقتصر على خمسة رؤساء دول" say nothing else, and
    /// their articles are both about the Baghdad summit.
    fn same_head_same_story(&self, a: usize, b: usize) -> bool {
        let (x, y) = (self.st(a), self.st(b));
        if x.head.is_none() || x.head != y.head {
            return false;
        }
        let known = |v: &View, doc: usize| v.entities.iter().all(|&e| self.profiles[doc].names(e));
        self.one_story(x.doc_index, y.doc_index)
            && (x.head.as_deref() == Some(SIZE_HEAD) || known(&self.views[&a], y.doc_index))
            && known(&self.views[&b], x.doc_index)
    }
}
