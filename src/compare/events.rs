//! Grouping statements into events.
//!
//! Two statements are about the same event when they share the predicate, do
//! not name different object classes, and share their participants (people
//! count as their country, so "Putin and Pezeshkian" and "the two countries"
//! meet). A one-off event such as a treaty signing is one event whatever date
//! each source gives it; comparing those dates is the comparator's job.

use crate::extract::{Modality, Statement};
use crate::rules::Rules;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// Statements about one event, as indexes into the statement list.
#[derive(Debug, Clone)]
pub struct Event {
    pub statements: Vec<usize>,
}

/// Who an entity id stands for when events are matched: its country where
/// known; a name no table knows by the consonant skeleton of its first two
/// words, so that "نجم الخليج" and "Najm Al Khaleej" are one participant.
pub fn identity(rules: &Rules, id: &str) -> String {
    if let Some(c) = rules.country_of(id) {
        return c;
    }
    if let Some(name) = id.strip_prefix("name:") {
        let base = name.split('@').next().unwrap_or(name);
        let words: Vec<String> = crate::normalize::skeleton(&base.replace('-', " "))
            .split(' ')
            .take(2)
            .map(String::from)
            .collect();
        let mut sk = words.join(" ");
        // an edition's year stays part of who it is ("name:afcon-2025")
        if let Some((_, year)) = crate::rules::edition(base) {
            let year = year.to_string();
            if !sk.ends_with(&year) {
                sk = format!("{sk} {year}");
            }
        }
        if sk.chars().filter(|c| c.is_alphanumeric()).count() >= 3 {
            return format!("sk:{sk}");
        }
    }
    id.to_string()
}

/// What identifies the event a statement is about: its participants at
/// country level where known; for a visit, also where to; for an event with no
/// participants named ("the forum opened"), the named event itself.
pub fn participants(rules: &Rules, st: &Statement) -> BTreeSet<String> {
    let pred = rules.predicates.iter().find(|p| p.id == st.predicate);
    // "CAF will hold AFCON 2025" and "AFCON 2025 kicks off": where a light
    // verb's object is a named event, the event is who it is about
    if pred.is_some_and(|p| p.light) {
        if let Some(o) = st.object().filter(|o| named_event(rules, o)) {
            return BTreeSet::from([identity(rules, o)]);
        }
    }
    let mut set: BTreeSet<String> = st
        .agents()
        .iter()
        .chain(st.roles.get("recipient").into_iter().flatten())
        .map(|a| identity(rules, a))
        .collect();
    // "تنفي إيران إمداد روسيا": who denies or admits doing something is its agent
    if matches!(st.modality, Modality::Denied | Modality::Acknowledged) {
        if let Some(sp) = st.attribution.as_ref().and_then(|a| a.speaker.as_ref()) {
            set.insert(identity(rules, sp));
        }
    }
    if pred.is_some_and(|p| p.place_identifies) {
        if let Some(place) = &st.place {
            // at city level: "in Alexandria" and "in a district of Alexandria" meet
            let city = rules
                .ancestors(place)
                .into_iter()
                .find(|a| {
                    rules
                        .entity(a)
                        .is_some_and(|e| e.kind == crate::rules::EntityKind::City)
                })
                .unwrap_or_else(|| place.to_string());
            set.insert(format!("at:{}", identity(rules, &city)));
        }
    }
    if pred.is_some_and(|p| p.place_from_destination) {
        if let Some(place) = &st.place {
            set.insert(format!("to:{}", identity(rules, place)));
        }
    }
    if set.is_empty() {
        if let Some(o) = st.object() {
            if rules.entity(o).is_some() || o.starts_with("name:") {
                set.insert(identity(rules, o));
            }
        }
    }
    set
}

/// Is an id a named event: one the tables know, an edition of one
/// ("africa-cup-of-nations-2025"), or one its article introduced?
fn named_event(rules: &Rules, id: &str) -> bool {
    let base = crate::rules::edition(id).map_or(id, |e| e.0);
    id.starts_with("local:")
        || [id, base].iter().any(|x| {
            rules
                .entity(x)
                .is_some_and(|e| e.kind == crate::rules::EntityKind::Event)
        })
}

/// More parties than this and a statement does not join events.
const MAX_PARTIES: usize = 3;

/// The root of `i` in a union-find forest, halving paths on the way.
pub(super) fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The keys a statement joins events by: its predicate with each pair of its
/// participants (a single participant with ""), and for a claim, a denial or
/// an admission, who is accused. None for a statement that names no one, or
/// more parties than [`MAX_PARTIES`].
pub fn event_pairs(rules: &Rules, st: &Statement) -> Vec<(String, String, String)> {
    let mut parts: Vec<String> = participants(rules, st).into_iter().collect();
    // a sentence that lists many parties ("Russia's ties with Iran, North
    // Korea and Belarus") names no one event; letting it join would
    // bridge unrelated events into one
    if parts.is_empty() || parts.len() > MAX_PARTIES {
        return Vec::new();
    }
    if parts.len() == 1 {
        parts.push(String::new()); // a single participant keys on its own
    }
    // the accused and the one who denies or admits: "Kyiv accuses Tehran
    // of supplying drones" meets "Iran denies supplying drones"
    let mut accused: Vec<String> = Vec::new();
    match st.modality {
        Modality::Alleged => accused.extend(st.agents().iter().map(|a| identity(rules, a))),
        Modality::Denied | Modality::Acknowledged => accused.extend(
            st.attribution
                .as_ref()
                .and_then(|a| a.speaker.as_ref())
                .map(|sp| identity(rules, sp)),
        ),
        _ => {}
    }
    let mut pair_keys: Vec<(String, String, String)> = accused
        .iter()
        .map(|who| {
            (
                format!("{}/stance", st.predicate),
                who.clone(),
                String::new(),
            )
        })
        .collect();
    for a in 0..parts.len() {
        for b in a + 1..parts.len() {
            pair_keys.push((st.predicate.clone(), parts[a].clone(), parts[b].clone()));
        }
    }
    pair_keys
}

/// Group statements into events. Every statement is in exactly one event; a
/// statement nothing else joins is an event of its own.
pub fn group_events(rules: &Rules, statements: &[Statement]) -> Vec<Event> {
    let mut parent: Vec<usize> = (0..statements.len()).collect();
    // (predicate, participant a, participant b) → object class → first statement
    type PairKey = (String, String, String);
    let mut keys: HashMap<PairKey, HashMap<String, usize>> = HashMap::default();
    let union = |parent: &mut Vec<usize>, i: usize, j: usize| {
        let (ri, rj) = (find(parent, i), find(parent, j));
        parent[ri] = rj;
    };
    for (i, st) in statements.iter().enumerate() {
        let pair_keys = event_pairs(rules, st);
        if pair_keys.is_empty() {
            continue;
        }
        let objects: Vec<String> = match st.roles.get("object") {
            Some(v) if !v.is_empty() => v.iter().map(|o| identity(rules, o)).collect(),
            _ => vec![String::new()],
        };
        for object in &objects {
            for k in &pair_keys {
                // most keys are met again: clone one only the first time
                if !keys.contains_key(k) {
                    keys.insert(k.clone(), HashMap::default());
                }
                let Some(by_object) = keys.get_mut(k) else {
                    continue;
                };
                // an object-less mention joins any object; two different
                // objects never join each other
                let joins: Vec<usize> = by_object
                    .iter()
                    .filter(|(o, _)| object.is_empty() || o.is_empty() || *o == object)
                    .map(|(_, &j)| j)
                    .collect();
                for j in joins {
                    union(&mut parent, i, j);
                }
                if !by_object.contains_key(object) {
                    by_object.insert(object.clone(), i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<usize>> = HashMap::default();
    for i in 0..statements.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut out: Vec<Event> = groups
        .into_values()
        .map(|statements| Event { statements })
        .collect();
    out.sort_by_key(|e| e.statements[0]);
    out
}
