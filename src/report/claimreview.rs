//! schema.org ClaimReview JSON-LD, for publishing fact-checks that search
//! engines and claim databases can read.
//!
//! A JSON array with one ClaimReview per flag. The claim reviewed is the
//! oldest side's quote (the expectation, or the earlier of two clashing
//! reports). Its `appearance`s are the sides that carry that claim (the same
//! role: every outlet that expected it); the other sides — what was reported
//! instead — are not appearances of the claim but the evidence against it, so
//! they go in `citation`, each with its quote as `text`. The rating's
//! `alternateName` names the flag kind in words, its `ratingExplanation` is
//! the flag summary. The review's `datePublished` is the newest side's date.
//! Unknown URLs and dates are left out rather than guessed.
//!
//! The output is meant to be pasted into `<script type="application/ld+json">`,
//! so `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (a quote
//! containing `</script>` cannot end the element), and quoted text is
//! defanged (control and bidi characters made visible).

use super::{defang, View};
use crate::compare::{Flag, FlagKind, Side};
use crate::Report;
use serde_json::{json, Map, Value};

fn rating_name(kind: FlagKind) -> &'static str {
    match kind {
        FlagKind::OutcomeDiffers => "Outcome differs",
        FlagKind::Contradiction => "Contradicted",
        FlagKind::StanceReversal => "Stance reversed",
        FlagKind::Disputed => "Disputed",
        FlagKind::QuoteDrift => "Quote differs between outlets",
        FlagKind::UnresolvedExpectation => "Unresolved",
        FlagKind::InternalInconsistency => "Internally inconsistent",
    }
}

/// A web address fit to publish: http(s) only, never `javascript:` and kin.
fn web_url(url: Option<&String>) -> Option<&str> {
    url.map(|u| u.trim())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
}

/// The article a side comes from, as a schema.org CreativeWork.
fn creative_work(r: &Report, side: &Side, with_text: bool) -> Value {
    let doc = r.documents.iter().find(|d| d.id == side.origin.document);
    let mut w = Map::new();
    w.insert("@type".into(), json!("CreativeWork"));
    if let Some(url) = web_url(doc.and_then(|d| d.url.as_ref())) {
        w.insert("url".into(), json!(url));
    }
    if let Some(date) = &side.origin.published {
        w.insert("datePublished".into(), json!(date));
    }
    if let Some(d) = doc {
        w.insert("inLanguage".into(), json!(d.language));
    }
    w.insert(
        "publisher".into(),
        json!({ "@type": "Organization", "name": defang(&side.origin.outlet) }),
    );
    if with_text {
        w.insert("text".into(), json!(defang(&side.quote)));
    }
    Value::Object(w)
}

/// Oldest first; sides without a date after the dated ones, in flag order.
fn by_date(f: &Flag) -> Vec<&Side> {
    let mut sides: Vec<&Side> = f.sides.iter().collect();
    sides.sort_by_key(|s| (s.origin.published.is_none(), s.origin.published.clone()));
    sides
}

fn review(r: &Report, f: &Flag) -> Option<Value> {
    let sides = by_date(f);
    let reviewed = *sides.first()?;
    let appearances: Vec<&Side> = sides
        .iter()
        .copied()
        .filter(|s| s.role == reviewed.role)
        .collect();
    let citations: Vec<Value> = sides
        .iter()
        .filter(|s| s.role != reviewed.role)
        .map(|s| creative_work(r, s, true))
        .collect();

    let mut claim = Map::new();
    claim.insert("@type".into(), json!("Claim"));
    claim.insert(
        "appearance".into(),
        json!(appearances
            .iter()
            .map(|s| creative_work(r, s, false))
            .collect::<Vec<_>>()),
    );
    claim.insert("firstAppearance".into(), creative_work(r, reviewed, false));
    if let Some(date) = &reviewed.origin.published {
        claim.insert("datePublished".into(), json!(date));
    }
    claim.insert(
        "author".into(),
        json!({ "@type": "Organization", "name": defang(&reviewed.origin.outlet) }),
    );

    let mut v = Map::new();
    v.insert("@context".into(), json!("https://schema.org"));
    v.insert("@type".into(), json!("ClaimReview"));
    v.insert("identifier".into(), json!(f.id));
    v.insert("claimReviewed".into(), json!(defang(&reviewed.quote)));
    v.insert(
        "reviewRating".into(),
        json!({
            "@type": "Rating",
            "alternateName": rating_name(f.kind),
            "ratingExplanation": defang(&f.summary),
        }),
    );
    v.insert("itemReviewed".into(), Value::Object(claim));
    if !citations.is_empty() {
        v.insert("citation".into(), json!(citations));
    }
    v.insert(
        "author".into(),
        json!({ "@type": "Organization", "name": "crosscheck" }),
    );
    if let Some(newest) = f
        .sides
        .iter()
        .filter_map(|s| s.origin.published.as_ref())
        .max()
    {
        v.insert("datePublished".into(), json!(newest));
    }
    Some(Value::Object(v))
}

pub fn value(r: &Report, view: View) -> Value {
    match view {
        View::Check => Value::Array(r.flags.iter().filter_map(|f| review(r, f)).collect()),
        View::Extract => json!([]),
    }
}

/// JSON that is also safe inside an HTML `<script>` element: the characters
/// that matter to HTML only ever occur inside JSON strings, where a `\u`
/// escape means the same thing.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report, view: View) -> String {
    let mut s = script_safe(&serde_json::to_string_pretty(&value(r, view)).unwrap_or_default());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::script_safe;

    #[test]
    fn script_end_tag_cannot_escape_the_json() {
        let s = script_safe(&serde_json::json!({ "q": "</script>&" }).to_string());
        assert_eq!(s, r#"{"q":"\u003c/script\u003e\u0026"}"#);
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["q"], "</script>&");
    }
}
