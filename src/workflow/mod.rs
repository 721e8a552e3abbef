//! The three trades' workflows on top of the pipeline: an editor's check of a
//! draft against a corpus, an engineer's ledger of settled facts asserted in
//! CI, and a fact-checker's timeline of one event. Each takes a [`Report`]
//! (or the documents for one) and returns data; the CLI prints it.

mod draft;
mod ledger;
mod timeline;

pub use draft::{check_draft, check_draft_extracted, draft_date, DraftClaim, DraftReport, Support};
pub use ledger::{assert_ledger, FactResult, FactStatus, Ledger, LedgerFact};
pub use timeline::{timeline, TimelineEntry};

use crate::rules::Rules;
use rustc_hash::FxHashMap as HashMap;

/// Names users type ("Putin", "Moscow", "موسكو") → entity ids, from every
/// alias in the tables. A name no table knows becomes the id an untabled
/// mention of it gets (`name:` and its words), so it still matches.
pub fn resolve_name(rules: &Rules, name: &str) -> String {
    static_index(rules)
        .get(&crate::normalize::fold(name))
        .cloned()
        .unwrap_or_else(|| {
            if rules.entity(name).is_some() {
                name.to_string()
            } else {
                format!("name:{}", word_keys(name).join("-"))
            }
        })
}

/// The words of a phrase as names and nouns are matched: folded, each word
/// without its article ("the … partnership treaty", "المعاهدة").
pub(crate) fn word_keys(text: &str) -> Vec<String> {
    crate::normalize::tokens(&crate::normalize::fold(text))
        .into_iter()
        .map(|t| crate::normalize::key(&t.text).to_string())
        .collect()
}

fn static_index(rules: &Rules) -> HashMap<String, String> {
    let mut m = HashMap::default();
    for e in &rules.entities {
        for n in e.names() {
            m.entry(crate::normalize::fold(n))
                .or_insert_with(|| e.id.clone());
        }
    }
    m
}
