//! The story of one event: every statement about it, in the order it was
//! said, with its modality and slots, so a reader sees how the claim moved.

use crate::compare::group_events;
use crate::normalize::fold;
use crate::rules::Rules;
use crate::Report;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    pub statement: String,
    pub published: Option<String>,
    pub outlet: String,
    pub predicate: String,
    pub modality: String,
    pub status: Option<String>,
    pub place: Option<String>,
    pub time: Option<String>,
    pub quote: String,
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// Statements of the events that match every word of `query`: a predicate
/// or a word that reports it ("signed", "وقع"), an object class or its
/// everyday noun ("treaty", "معاهدة"), an event's class or a word that refers
/// back to it ("summit", "القمة"), or a name of any entity the statements
/// involve, in either language.
pub fn timeline(rules: &Rules, report: &Report, query: &str) -> Vec<TimelineEntry> {
    let words: Vec<String> = fold(query).split_whitespace().map(String::from).collect();
    let matches = |i: usize| {
        let st = &report.statements[i];
        let mut hay: Vec<String> = vec![st.predicate.clone()];
        if let Some(p) = rules.predicates.iter().find(|p| p.id == st.predicate) {
            hay.extend(p.triggers.iter().map(|t| fold(t)));
        }
        for o in st.roles.get("object").into_iter().flatten() {
            if let Some(def) = rules.objects.iter().find(|d| &d.id == o) {
                hay.extend(def.heads.iter().map(|h| fold(h)));
            }
        }
        for id in st.role_values().chain(st.occasion.as_deref()) {
            if let Some(c) = rules.entity(id).and_then(|e| e.class.clone()) {
                hay.extend(
                    rules
                        .references
                        .iter()
                        .filter(|r| r.refers == c)
                        .flat_map(|r| r.phrases.iter().map(|p| fold(p))),
                );
                hay.push(c);
            }
        }
        for id in st
            .role_values()
            .chain(st.place.as_deref())
            .chain(st.occasion.as_deref())
        {
            hay.push(fold(id));
            for anc in rules.ancestors(id) {
                hay.push(fold(&anc));
                if let Some(e) = rules.entity(&anc) {
                    hay.extend(e.names().map(|n| fold(n)));
                }
            }
            if let Some(c) = rules.country_of(id) {
                hay.push(c.clone());
                if let Some(e) = rules.entity(&c) {
                    hay.extend(e.names().map(|n| fold(n)));
                }
            }
        }
        words
            .iter()
            .all(|w| hay.iter().any(|h| h.contains(w.as_str())))
    };
    let mut picked: Vec<usize> = Vec::new();
    for ev in group_events(rules, &report.statements) {
        if ev.statements.iter().any(|&i| matches(i)) {
            picked.extend(ev.statements);
        }
    }
    picked.sort_by_key(|&i| {
        let d = &report.documents[report.statements[i].doc_index];
        (
            d.published.date,
            report.statements[i].doc_index,
            report.statements[i].evidence.start,
        )
    });
    picked.dedup();
    picked
        .into_iter()
        .map(|i| {
            let st = &report.statements[i];
            let d = &report.documents[st.doc_index];
            TimelineEntry {
                statement: st.id.clone(),
                published: d.published.date.map(|x| x.to_string()),
                outlet: d.outlet_label(),
                predicate: st.predicate.clone(),
                modality: st.modality.as_str().into(),
                status: st.status.as_deref().map(String::from),
                place: st.place.as_ref().map(|p| rules.label(p)),
                time: st.time.as_ref().map(|t| t.value.clone()),
                quote: st.evidence.quote.to_string(),
                path: d.path.clone(),
                line: st.evidence.line,
                column: st.evidence.column,
            }
        })
        .collect()
}
