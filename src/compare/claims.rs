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
//! Alignment never compares all pairs: claims are indexed by (class, entity)
//! and only claims sharing a key are compared.

use super::{flag_id, Corpus, Flag, FlagKind, Severity, Side, SlotDiff};
use crate::extract::{Modality, Statement};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The predicate generic claims carry.
pub const PREDICATE: &str = "claim";

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
/// A key shared by more claims than this names nothing in particular.
const MAX_BUCKET: usize = 400;

pub fn check(c: &Corpus) -> Vec<Flag> {
    let claims: Vec<usize> = c
        .statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.predicate == PREDICATE && !s.quantities.is_empty())
        .filter(|(_, s)| {
            let unit = &s.quantities[0].unit;
            c.rules
                .counts
                .iter()
                .find(|d| &d.class == unit)
                .is_none_or(|d| d.compare)
        })
        .map(|(i, _)| i)
        .collect();
    if claims.is_empty() {
        return Vec::new();
    }
    let profiles = doc_profiles(c);
    // index by (class, entity identity) so that only claims that share one
    // are ever compared
    let mut index: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for &i in &claims {
        let s = &c.statements[i];
        let class = s.quantities[0].unit.clone();
        let mut keys: BTreeSet<String> = sentence_entities(c, s);
        if let Some(p) = profiles.get(s.doc_index) {
            keys.extend(p.top.iter().cloned());
        }
        for k in keys {
            index.entry((class.clone(), k)).or_default().push(i);
        }
    }
    let mut parent: HashMap<usize, usize> = claims.iter().map(|&i| (i, i)).collect();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut keys: Vec<_> = index.keys().cloned().collect();
    keys.sort();
    for k in keys {
        let bucket = &index[&k];
        if bucket.len() > MAX_BUCKET {
            continue;
        }
        for (x, &a) in bucket.iter().enumerate() {
            for &b in &bucket[x + 1..] {
                if !seen.insert((a.min(b), a.max(b))) {
                    continue;
                }
                let ok = aligned(c, &profiles, a, b);
                if ok {
                    union(&mut parent, a, b);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in &claims {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut components: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    components.sort();
    components
        .iter()
        .flat_map(|g| flags_of(c, &profiles, g))
        .collect()
}

/// What a document is about: the entities it names most, weighted by how
/// rare they are in the corpus (tf-idf), so that "Israel" in every article of
/// a corpus says less than "Derna" in a few.
struct Profile {
    top: Vec<String>,
}

fn doc_profiles(c: &Corpus) -> Vec<Profile> {
    let mut counts: Vec<HashMap<String, usize>> = vec![HashMap::new(); c.documents.len()];
    for s in c.statements {
        if let Some(map) = counts.get_mut(s.doc_index) {
            for m in &s.mentions {
                *map.entry(super::identity(c.rules, &m.entity)).or_default() += 1;
            }
        }
    }
    let mut df: HashMap<&str, usize> = HashMap::new();
    for m in &counts {
        for k in m.keys() {
            *df.entry(k.as_str()).or_default() += 1;
        }
    }
    let n = counts.len().max(1) as f64;
    counts
        .iter()
        .map(|m| {
            let mut v: Vec<(&String, f64)> = m
                .iter()
                .map(|(k, &tf)| {
                    let idf = (1.0 + n / df[k.as_str()] as f64).ln();
                    (k, (1.0 + (tf as f64).ln()) * idf)
                })
                .collect();
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
            Profile {
                top: v.iter().take(TOP_ENTITIES).map(|x| x.0.clone()).collect(),
            }
        })
        .collect()
}

fn sentence_entities(c: &Corpus, s: &Statement) -> BTreeSet<String> {
    s.mentions
        .iter()
        .map(|m| super::identity(c.rules, &m.entity))
        .collect()
}

fn jaccard<T: Eq + std::hash::Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn arabic(s: &Statement) -> bool {
    s.evidence
        .quote
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(40)
        .filter(|&c| crate::normalize::is_arabic(c))
        .count()
        > 20
}

/// Are two claims reports of one count?
fn aligned(c: &Corpus, profiles: &[Profile], a: usize, b: usize) -> bool {
    why_not(c, profiles, a, b).is_none()
}

/// Why two claims are not reports of one count, if they are not.
fn why_not(c: &Corpus, profiles: &[Profile], a: usize, b: usize) -> Option<String> {
    let (x, y) = (&c.statements[a], &c.statements[b]);
    if x.doc_index == y.doc_index || x.quantities[0].unit != y.quantities[0].unit {
        return Some("class".into());
    }
    if x.polarity != y.polarity {
        return Some("polarity".into());
    }
    if let (Some(h), Some(k)) = (&x.head, &y.head) {
        if h != k {
            return Some(format!("head {h} {k}"));
        }
    }
    let (px, py) = (&profiles[x.doc_index], &profiles[y.doc_index]);
    let dx = c.documents[x.doc_index].published.date;
    let dy = c.documents[y.doc_index].published.date;
    let outcome_pair = looks_ahead(x) != looks_ahead(y);
    match (dx, dy) {
        (Some(p), Some(q)) => {
            if !outcome_pair && (p - q).num_days().abs() > WINDOW_DAYS {
                return Some("window".into());
            }
        }
        // undated: only sentences that name a common entity
        _ => {
            if sentence_entities(c, x).is_disjoint(&sentence_entities(c, y)) {
                return Some("undated".into());
            }
        }
    }
    // the same story: the sentences share content words (one language), or
    // an entity that the other sentence or its document is about
    let (ex, ey) = (sentence_entities(c, x), sentence_entities(c, y));
    let about = |e: &BTreeSet<String>, other: &BTreeSet<String>, p: &Profile| {
        e.iter().any(|k| other.contains(k) || p.top.contains(k))
    };
    let shared_top = px.top.iter().filter(|k| py.top.contains(k)).count();
    let by_entities = about(&ex, &ey, py) || about(&ey, &ex, px) || shared_top >= 2;
    if !by_entities {
        return Some("entities".into());
    }
    // within one language the sentences must also share their words
    if arabic(x) == arabic(y) {
        let tx: HashSet<&String> = x.terms.iter().collect();
        let ty: HashSet<&String> = y.terms.iter().collect();
        let overlap = jaccard(&tx, &ty);
        if overlap < TERM_OVERLAP {
            return Some(format!("words {overlap:.2}"));
        }
    }
    None
}

fn find(parent: &mut HashMap<usize, usize>, i: usize) -> usize {
    let mut r = i;
    while parent[&r] != r {
        r = parent[&r];
    }
    let mut j = i;
    while parent[&j] != r {
        let next = parent[&j];
        parent.insert(j, r);
        j = next;
    }
    r
}

fn union(parent: &mut HashMap<usize, usize>, a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent.insert(ra.max(rb), ra.min(rb));
    }
}

/// One side of a disagreement: the claims that give one figure with one stance.
struct ValueGroup {
    members: Vec<usize>,
    denied: bool,
}

/// Group a component's claims by the figure they give, then flag the figure
/// most of them give against each other one.
fn flags_of(c: &Corpus, profiles: &[Profile], comp: &[usize]) -> Vec<Flag> {
    let st = |i: usize| &c.statements[i];
    let mut groups: Vec<ValueGroup> = Vec::new();
    let mut order: Vec<usize> = comp.to_vec();
    // exact figures first, so that hedged ones join the figure they fit
    order.sort_by_key(|&i| (st(i).quantities[0].qualifier.is_some(), i));
    for &i in &order {
        let q = &st(i).quantities[0];
        let denied = st(i).modality == Modality::Denied;
        match groups.iter_mut().find(|g| {
            g.denied == denied && g.members.iter().all(|&j| st(j).quantities[0].agrees(q))
        }) {
            Some(g) => g.members.push(i),
            None => groups.push(ValueGroup {
                members: vec![i],
                denied,
            }),
        }
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    let docs =
        |g: &ValueGroup| -> HashSet<usize> { g.members.iter().map(|&i| st(i).doc_index).collect() };
    // the majority: most documents, then the earliest claim
    let major = (0..groups.len())
        .max_by_key(|&k| {
            (
                docs(&groups[k]).len(),
                std::cmp::Reverse(groups[k].members[0]),
            )
        })
        .unwrap_or(0);
    let mut out = Vec::new();
    for (k, g) in groups.iter().enumerate() {
        if k == major {
            continue;
        }
        let m = &groups[major];
        // a group whose documents all stand on the other side too says both
        if docs(g).is_subset(&docs(m)) && docs(m).is_subset(&docs(g)) {
            continue;
        }
        if let Some(f) = flag_between(c, profiles, m, g) {
            out.push(f);
        }
    }
    out
}

/// A figure told before the fact: expected, planned, or an estimate
/// ("could exceed 20,000").
fn looks_ahead(s: &Statement) -> bool {
    s.modality.is_expectation() || s.modality == Modality::Hedged
}

fn date_of(c: &Corpus, i: usize) -> Option<chrono::NaiveDate> {
    c.documents[c.statements[i].doc_index].published.date
}

/// The representative claim of a group: an asserted one, the earliest.
fn representative(c: &Corpus, g: &ValueGroup) -> usize {
    *g.members
        .iter()
        .min_by_key(|&&i| {
            (
                c.statements[i].modality != Modality::Asserted,
                date_of(c, i),
                i,
            )
        })
        .unwrap_or(&g.members[0])
}

fn flag_between(c: &Corpus, profiles: &[Profile], m: &ValueGroup, g: &ValueGroup) -> Option<Flag> {
    let st = |i: usize| &c.statements[i];
    let b = representative(c, g);
    // the majority's side: a claim that disagrees with b, from another
    // document where there is one (else the document disagrees with itself)
    let qb0 = &st(b).quantities[0];
    let rank = |i: usize| {
        (
            st(i).doc_index == st(b).doc_index,
            st(i).modality != Modality::Asserted,
            date_of(c, i),
            i,
        )
    };
    let a = m
        .members
        .iter()
        .copied()
        .filter(|&i| g.denied != m.denied || !st(i).quantities[0].agrees(qb0))
        // the two sides themselves must be reports of one count, not only
        // joined through a third claim
        .filter(|&i| st(i).doc_index == st(b).doc_index || aligned(c, profiles, i, b))
        .min_by_key(|&i| rank(i))?;
    let (qa, qb) = (&st(a).quantities[0], &st(b).quantities[0]);
    let ratio = qa.value.max(qb.value) / qa.value.min(qb.value).max(1e-9);
    if ratio > MAX_RATIO {
        return None;
    }
    // order the two sides in time: what was said first is "from"
    let (a, b, first, second) = if date_of(c, b) < date_of(c, a) {
        (b, a, g, m)
    } else {
        (a, b, m, g)
    };
    let (x, y) = (st(a), st(b));
    let (qx, qy) = (&x.quantities[0], &y.quantities[0]);
    let class = qx.unit.clone();
    let grows = c
        .rules
        .counts
        .iter()
        .find(|d| d.class == class)
        .is_some_and(|d| d.grows);
    let speaker = |s: &Statement| s.attribution.as_ref().and_then(|a| a.speaker.clone());
    let interim = x.status.as_deref() == Some("interim");
    let (kind, severity, slot, summary);
    if x.doc_index == y.doc_index {
        // a document that restates one count differently gives close
        // figures (735 and 737); far-apart ones count different scopes
        if qx.value.max(qy.value) > qx.value.min(qy.value) * INTERNAL_RATIO {
            return None;
        }
        kind = FlagKind::InternalInconsistency;
        severity = Severity::Warning;
        slot = quantity_slot(qx, qy);
        summary = format!(
            "one document gives two figures for {class}: {} and {}",
            qx.text, qy.text
        );
    } else if first.denied != second.denied {
        // a denial answers the figure it denies, not another one
        if !qx.agrees(qy) {
            return None;
        }
        kind = FlagKind::Disputed;
        severity = Severity::Warning;
        slot = SlotDiff {
            name: "polarity".into(),
            from: x.modality.as_str().into(),
            to: y.modality.as_str().into(),
        };
        summary = format!("one source reports {} {class}, another denies it", qx.text);
    } else if looks_ahead(x) && !looks_ahead(y) {
        kind = FlagKind::OutcomeDiffers;
        severity = Severity::Warning;
        slot = quantity_slot(qx, qy);
        summary = format!(
            "expected {class} differs from what was reported: {} → {}",
            qx.text, qy.text
        );
    } else if looks_ahead(x) || looks_ahead(y) {
        // two expectations, or an outcome told before its expectation: not
        // a disagreement a reader can settle
        return None;
    } else if (grows || interim) && qy.range().0 > qx.range().1 && date_of(c, b) > date_of(c, a) {
        kind = FlagKind::Contradiction;
        severity = Severity::Info;
        slot = quantity_slot(qx, qy);
        summary = format!(
            "the count of {class} was revised in later reports: {} → {}",
            qx.text, qy.text
        );
    } else if speaker(x).is_some() && speaker(y).is_some() && speaker(x) != speaker(y) {
        kind = FlagKind::Disputed;
        severity = Severity::Warning;
        slot = quantity_slot(qx, qy);
        summary = format!(
            "sources attribute different figures for {class}: {} → {}",
            qx.text, qy.text
        );
    } else {
        kind = FlagKind::Contradiction;
        severity = Severity::Warning;
        slot = quantity_slot(qx, qy);
        summary = format!(
            "sources disagree on the number of {class}: {} → {}",
            qx.text, qy.text
        );
    }
    // where identity is thin, show the candidate as info, never as a warning
    let strong = strong_identity(c, x, y);
    let severity = if severity > Severity::Info && !strong {
        Severity::Info
    } else {
        severity
    };
    let ids = [x.id.as_str(), y.id.as_str()];
    let sides = vec![
        Side::of(x, &c.documents[x.doc_index], x.modality.as_str()),
        Side::of(y, &c.documents[y.doc_index], y.modality.as_str()),
    ];
    let corroborated_by = first
        .members
        .iter()
        .chain(&second.members)
        .filter(|&&i| i != a && i != b)
        .map(|&i| st(i).id.clone())
        .collect();
    let shared: Vec<String> = sentence_entities(c, x)
        .intersection(&sentence_entities(c, y))
        .map(|e| c.rules.label(e))
        .collect();
    let mut reasons = vec![x.rule.clone()];
    reasons.push(format!(
        "same count ({class}){}{}",
        x.head
            .as_ref()
            .map(|h| format!(", same head ({h})"))
            .unwrap_or_default(),
        if shared.is_empty() {
            ", same story".to_string()
        } else {
            format!(", both name {}", shared.join(", "))
        }
    ));
    Some(Flag {
        id: flag_id(kind, &ids),
        kind,
        severity,
        summary,
        slots: vec![slot],
        sides,
        corroborated_by,
        confidence: if strong {
            x.confidence.min(y.confidence)
        } else {
            0.3
        },
        reasons,
        diff: None,
        event_date: date_of(c, a),
    })
}

/// Two claims are surely about one count when both name the same head,
/// both sentences name a common entity, and neither is told as a running
/// figure; the documents are dated within the window, or not at all.
fn strong_identity(c: &Corpus, x: &Statement, y: &Statement) -> bool {
    let heads = x.head.is_some() && x.head == y.head;
    let entity = !sentence_entities(c, x).is_disjoint(&sentence_entities(c, y));
    let interim = x.status.as_deref() == Some("interim") || y.status.as_deref() == Some("interim");
    (heads && entity && !interim) || x.doc_index == y.doc_index && heads
}

fn quantity_slot(a: &crate::extract::Quantity, b: &crate::extract::Quantity) -> SlotDiff {
    SlotDiff {
        name: "quantity".into(),
        from: a.text.clone(),
        to: b.text.clone(),
    }
}
