//! `quote-drift`: the same speaker's words on the same occasion rendered
//! differently by different outlets.
//!
//! # What it flags
//! Two direct quotations (`say` statements) by one speaker, from different
//! documents published within two days of each other, whose words are close
//! (at least half the words shared) but not the same. The flag carries a word
//! diff of the two renderings.
//!
//! # Why it matters
//! "We will sign" and "we may sign" are different commitments; when outlets
//! quote one remark differently, at most one of them is faithful.
//!
//! # Example
//! `said: "we will sign the agreement next month"` against `said: "we may sign
//! the agreement next month"` — diff `we [-will-]{+may+} sign …`.
//!
//! # Known false positives
//! Two remarks at two events on the same day by a busy speaker; a translation
//! of the quote into another language never matches (it is not compared).

use super::{flag_id, Corpus, Flag, FlagKind, Severity, Side, SlotDiff};
use crate::normalize::fold;
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;

/// Quotes this close (share of words kept) are renderings of one remark.
const SAME_REMARK: f32 = 0.5;
/// Days between publications that still count as one occasion.
const SAME_OCCASION_DAYS: i64 = 2;

/// Who a statement quotes, as quotes are matched: a statement with words
/// said and a speaker.
pub fn quoted_speaker(
    rules: &crate::rules::Rules,
    s: &crate::extract::Statement,
) -> Option<String> {
    s.said.as_ref()?;
    let sp = s.attribution.as_ref()?.speaker.as_deref()?;
    // "name:كمال-ورتاني@tunisia" and "name:كمال-ورتاني" are one person
    Some(if sp.starts_with("name:") {
        super::identity(rules, sp.split('@').next().unwrap_or(sp))
    } else {
        sp.to_string()
    })
}

pub fn check(c: &Corpus) -> Vec<Flag> {
    let mut by_speaker: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in c.statements.iter().enumerate() {
        if let Some(person) = quoted_speaker(c.rules, s) {
            by_speaker.entry(person).or_default().push(i);
        }
    }
    let mut flags = Vec::new();
    for (speaker, quotes) in by_speaker {
        let mut reported: Vec<(usize, usize)> = Vec::new();
        for (k, &a) in quotes.iter().enumerate() {
            for &b in &quotes[k + 1..] {
                let (x, y) = (&c.statements[a], &c.statements[b]);
                if x.doc_index == y.doc_index || reported.iter().any(|&(p, q)| p == a || q == b) {
                    continue;
                }
                let (dx, dy) = (
                    c.documents[x.doc_index].published.date,
                    c.documents[y.doc_index].published.date,
                );
                let same_occasion = matches!((dx, dy), (Some(p), Some(q)) if (p - q).num_days().abs() <= SAME_OCCASION_DAYS);
                if !same_occasion {
                    continue;
                }
                let (qa, qb) = (
                    x.said.as_deref().unwrap_or(""),
                    y.said.as_deref().unwrap_or(""),
                );
                let (fa, fb) = (fold(qa), fold(qb));
                if fa == fb {
                    continue;
                }
                let diff = TextDiff::from_words(&fa, &fb);
                if diff.ratio() < SAME_REMARK {
                    continue;
                }
                let mut rendered = String::new();
                for ch in diff.iter_all_changes() {
                    match ch.tag() {
                        ChangeTag::Equal => rendered.push_str(ch.value()),
                        // whitespace-only changes are no change a reader needs to see
                        ChangeTag::Delete if !ch.value().trim().is_empty() => {
                            rendered.push_str(&format!("[-{}-]", ch.value().trim()))
                        }
                        ChangeTag::Insert if !ch.value().trim().is_empty() => {
                            rendered.push_str(&format!("{{+{}+}} ", ch.value().trim()))
                        }
                        _ => {}
                    }
                }
                reported.push((a, b));
                flags.push(Flag {
                    id: flag_id(FlagKind::QuoteDrift, &[&x.id, &y.id]),
                    kind: FlagKind::QuoteDrift,
                    severity: Severity::Warning,
                    summary: format!(
                        "{} is quoted differently: {}",
                        c.rules.label(
                            x.attribution
                                .as_ref()
                                .and_then(|a| a.speaker.as_deref())
                                .unwrap_or(&speaker)
                        ),
                        rendered.trim()
                    ),
                    slots: vec![SlotDiff {
                        name: "quote".into(),
                        from: qa.to_string(),
                        to: qb.to_string(),
                    }],
                    sides: vec![
                        Side::of(x, &c.documents[x.doc_index], "quoted"),
                        Side::of(y, &c.documents[y.doc_index], "quoted"),
                    ],
                    corroborated_by: Vec::new(),
                    confidence: x.confidence.min(y.confidence),
                    reasons: vec![x.rule.clone(), format!("same speaker: {speaker}")],
                    diff: Some(rendered.trim().to_string()),
                    event_date: dx,
                });
            }
        }
    }
    flags
}
