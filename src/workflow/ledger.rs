//! CI assertions: a ledger of settled facts, written in the vocabulary of
//! statements, checked against a corpus. Every source that contradicts an
//! entry is reported; entries no source supports are reported too.
//!
//! ```toml
//! [[fact]]
//! id = "treaty-signed"
//! predicate = "sign"
//! agent = ["Putin", "Pezeshkian"]
//! object = "agreement"
//! place = "Moscow"
//! time = "2025-01-17"
//! ```
//!
//! The object may be written as people write it: "the Russia-Iran
//! comprehensive strategic partnership treaty" is an `agreement` (its noun,
//! from `rules/objects.toml`), and with no `agent` given, the countries it
//! names are the fact's agents.

use super::{resolve_name, word_keys};
use crate::compare::{participants, places_agree, places_at_same_level, SlotDiff};
use crate::extract::{Modality, Polarity, Statement};
use crate::rules::{parse_interval, Rules};
use crate::Report;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A ledger file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ledger {
    #[serde(default)]
    pub fact: Vec<LedgerFact>,
}

/// One settled fact.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LedgerFact {
    #[serde(default)]
    pub id: Option<String>,
    pub predicate: String,
    #[serde(default)]
    pub agent: Vec<String>,
    #[serde(default)]
    pub object: Option<String>,
    #[serde(default)]
    pub place: Option<String>,
    /// ISO date or month or year, or `first/last`.
    #[serde(default)]
    pub time: Option<String>,
}

impl Ledger {
    /// Parse a ledger; errors name the line.
    pub fn parse(path: &str, text: &str) -> crate::error::Result<Ledger> {
        toml::from_str(text).map_err(|e| crate::error::Error::Rule {
            path: path.to_string(),
            line: e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            }),
            message: e.message().to_string(),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactStatus {
    Supported,
    Contradicted,
    Unsupported,
}

/// What the corpus says about one fact.
#[derive(Debug, Clone, Serialize)]
pub struct FactResult {
    pub id: String,
    pub fact: LedgerFact,
    pub status: FactStatus,
    pub supported_by: Vec<String>,
    /// Statements that contradict the fact, with the slots that differ.
    pub contradicted_by: Vec<(String, Vec<SlotDiff>)>,
}

pub fn assert_ledger(rules: &Rules, ledger: &Ledger, report: &Report) -> Vec<FactResult> {
    ledger
        .fact
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let object = f.object.as_deref().map(|o| object_class(rules, o));
            let named_in_object: Vec<String> = match (&f.object, f.agent.is_empty()) {
                (Some(o), true) => named_in(rules, o),
                _ => Vec::new(),
            };
            let agents: BTreeSet<String> = f
                .agent
                .iter()
                .map(|a| resolve_name(rules, a))
                .chain(named_in_object)
                .map(|id| rules.country_of(&id).unwrap_or(id))
                .collect();
            let place = f.place.as_deref().map(|p| resolve_name(rules, p));
            let time = f.time.as_deref().and_then(parse_interval);
            let one_off = rules
                .predicates
                .iter()
                .any(|p| p.id == f.predicate && p.one_off);
            let mut supported_by = Vec::new();
            let mut contradicted_by = Vec::new();
            for st in &report.statements {
                if !about(rules, f, object.as_deref(), &agents, st) {
                    continue;
                }
                let mut diff = Vec::new();
                if let (Some(p), Some(q)) = (&place, &st.place) {
                    if !places_agree(rules, p, q) {
                        let (from, to) = places_at_same_level(rules, p, q);
                        diff.push(SlotDiff {
                            name: "place".into(),
                            from,
                            to,
                        });
                    }
                }
                if let (Some((a, b)), Some(t)) = (time, &st.time) {
                    if one_off && !(a <= t.end && t.start <= b) {
                        diff.push(SlotDiff {
                            name: "time".into(),
                            from: f.time.clone().unwrap_or_default(),
                            to: t.value.clone(),
                        });
                    }
                }
                if st.polarity == Polarity::Negative {
                    diff.push(SlotDiff {
                        name: "polarity".into(),
                        from: "positive".into(),
                        to: "negative".into(),
                    });
                }
                if diff.is_empty() {
                    supported_by.push(st.id.clone());
                } else {
                    contradicted_by.push((st.id.clone(), diff));
                }
            }
            let status = if !contradicted_by.is_empty() {
                FactStatus::Contradicted
            } else if supported_by.is_empty() {
                FactStatus::Unsupported
            } else {
                FactStatus::Supported
            };
            FactResult {
                id: f.id.clone().unwrap_or_else(|| format!("fact-{}", n + 1)),
                fact: f.clone(),
                status,
                supported_by,
                contradicted_by,
            }
        })
        .collect()
}

/// Is an asserted statement about the fact (same predicate, the fact's agents
/// among its participants, a compatible object)?
fn about(
    rules: &Rules,
    f: &LedgerFact,
    object: Option<&str>,
    agents: &BTreeSet<String>,
    st: &Statement,
) -> bool {
    if st.predicate != f.predicate || st.modality != Modality::Asserted || st.status.is_some() {
        return false;
    }
    let parts = participants(rules, st);
    let shared = agents.iter().filter(|a| parts.contains(*a)).count();
    let enough = shared >= agents.len().min(2) && (agents.is_empty() || shared > 0);
    let object_ok = match (object, st.object()) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    };
    enough && object_ok
}

/// The object class a ledger's object names: its id, or the class whose
/// noun its words hold, the longest noun first ("the … partnership treaty"
/// → `agreement`). Words no class knows stay as written.
fn object_class(rules: &Rules, text: &str) -> String {
    if rules.objects.iter().any(|o| o.id == text) {
        return text.to_string();
    }
    let have = word_keys(text);
    rules
        .objects
        .iter()
        .flat_map(|o| o.heads.iter().map(move |h| (o, h)))
        .filter_map(|(o, h)| {
            let need = word_keys(h);
            let found = !need.is_empty() && have.windows(need.len()).any(|w| w == need.as_slice());
            found.then_some((need.len(), o))
        })
        .max_by_key(|&(n, _)| n)
        .map_or_else(|| text.to_string(), |(_, o)| o.id.clone())
}

/// The entities the tables know among the words of a phrase: "the
/// Russia-Iran … treaty" names Russia and Iran.
fn named_in(rules: &Rules, text: &str) -> Vec<String> {
    crate::normalize::tokens(&crate::normalize::fold(text))
        .into_iter()
        .map(|t| resolve_name(rules, &t.text))
        .filter(|id| {
            rules
                .entity(id)
                .is_some_and(|e| e.kind.is_place() || e.kind.is_actor())
        })
        .collect()
}
