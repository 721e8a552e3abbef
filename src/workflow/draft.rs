//! Pre-publication check: one draft against a corpus. Every claim in the draft
//! that a flag puts at odds with the corpus is a disagreement; every other
//! claim is counted by how many corpus sources support it.

use crate::compare::{group_events, places_agree, times_agree, Flag};
use crate::extract::{Modality, Statement};
use crate::ingest::{DateSource, Document};
use crate::rules::Rules;
use crate::Report;
use serde::Serialize;

/// How well the corpus supports a claim of the draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    /// Two or more other sources tell the same.
    Corroborated,
    /// Exactly one other source tells it.
    SingleSource,
    /// No source in the corpus tells it.
    Unsupported,
}

/// One claim of the draft with the corpus statements that support it.
#[derive(Debug, Clone, Serialize)]
pub struct DraftClaim {
    pub statement: String,
    pub quote: String,
    pub line: usize,
    pub support: Support,
    pub supported_by: Vec<String>,
}

/// The outcome of checking a draft.
#[derive(Debug, Serialize)]
pub struct DraftReport {
    #[serde(skip)]
    pub report: Report,
    pub draft: String,
    /// Flags with a side in the draft.
    pub disagreements: Vec<Flag>,
    pub claims: Vec<DraftClaim>,
}

/// Check `draft` against `corpus`. A draft without a date is dated after the
/// newest corpus document (or today), since it is about to run.
pub fn check_draft(
    rules: &Rules,
    draft: Document,
    corpus: Vec<Document>,
    errors: Vec<String>,
) -> DraftReport {
    check_draft_extracted(rules, draft, corpus, None, errors)
}

/// The date a draft is checked at: its own, where its metadata gives one;
/// otherwise today, or the newest article's date if that is later.
pub fn draft_date(draft: &Document, newest: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    match draft.published.date {
        Some(d) if draft.published.source == DateSource::Metadata => d,
        _ => {
            let today = chrono::Local::now().date_naive();
            newest.map_or(today, |n| n.max(today))
        }
    }
}

/// As [`check_draft`], against a corpus whose statements are already
/// extracted (an archive's): only the draft is read.
pub fn check_draft_extracted(
    rules: &Rules,
    mut draft: Document,
    corpus: Vec<Document>,
    statements: Option<Vec<crate::extract::Statement>>,
    errors: Vec<String>,
) -> DraftReport {
    if draft.published.source != DateSource::Metadata {
        let newest = corpus.iter().filter_map(|d| d.published.date).max();
        draft.published.date = Some(draft_date(&draft, newest));
        draft.published.source = DateSource::Inferred;
        draft.published.basis = Some("a draft is dated when it runs".into());
    }
    draft.id = format!("draft:{}", draft.id);
    let draft_id = draft.id.clone();
    let mut docs = corpus;
    docs.push(draft);
    let report = match statements {
        Some(mut statements) => {
            let at = docs.len() - 1;
            let mut own = crate::extract(rules, &mut docs[at..]);
            for s in &mut own {
                s.doc_index = at;
            }
            statements.extend(own);
            crate::compared_from(rules, docs, statements, errors, at)
        }
        None => {
            let at = docs.len() - 1;
            let statements = crate::extract(rules, &mut docs);
            crate::compared_from(rules, docs, statements, errors, at)
        }
    };
    let disagreements: Vec<Flag> = report
        .flags
        .iter()
        .filter(|f| f.sides.iter().any(|s| s.origin.document == draft_id))
        .cloned()
        .collect();
    let disputed: Vec<&str> = disagreements
        .iter()
        .flat_map(|f| f.sides.iter())
        .filter(|s| s.origin.document == draft_id)
        .map(|s| s.statement.as_str())
        .collect();
    let events = group_events(rules, &report.statements);
    let mut claims = Vec::new();
    for ev in &events {
        for &i in &ev.statements {
            let st = &report.statements[i];
            if st.document != draft_id
                || disputed.contains(&st.id.as_str())
                || st.predicate == "say"
            {
                continue;
            }
            let mut docs_seen: Vec<&str> = Vec::new();
            let mut supported_by = Vec::new();
            for &j in &ev.statements {
                let other = &report.statements[j];
                if other.document == draft_id || !agrees(rules, st, other) {
                    continue;
                }
                supported_by.push(other.id.clone());
                if !docs_seen.contains(&other.document.as_str()) {
                    docs_seen.push(&other.document);
                }
            }
            let support = match docs_seen.len() {
                0 => Support::Unsupported,
                1 => Support::SingleSource,
                _ => Support::Corroborated,
            };
            claims.push(DraftClaim {
                statement: st.id.clone(),
                quote: st.evidence.quote.to_string(),
                line: st.evidence.line,
                support,
                supported_by,
            });
        }
    }
    claims.sort_by_key(|c| c.line);
    DraftReport {
        report,
        draft: draft_id,
        disagreements,
        claims,
    }
}

/// Does a corpus statement tell what the draft's claim tells?
fn agrees(rules: &Rules, claim: &Statement, other: &Statement) -> bool {
    let same_stance = other.modality == claim.modality
        || (claim.modality == Modality::Asserted && other.modality == Modality::Acknowledged);
    let place_ok = match (&claim.place, &other.place) {
        (Some(a), Some(b)) => places_agree(rules, a, b),
        _ => true,
    };
    let time_ok = match (&claim.time, &other.time) {
        (Some(a), Some(b)) => times_agree(a, b),
        _ => true,
    };
    same_stance && other.polarity == claim.polarity && place_ok && time_ok
}
