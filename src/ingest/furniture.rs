//! Separating the article body from page furniture, line by line.
//!
//! Real pages carry navigation, "read also" blocks about other stories, photo
//! captions with credit lines, comment counters, cookie and subscription
//! notices. The markers are data (`rules/ingest.toml`); the shape of the page is
//! the engine's: a tail marker after the article has begun ends the body, a
//! credit line makes the caption above it furniture, and very short lines
//! without a sentence are navigation.

use super::{Block, BlockKind};
use crate::normalize::{count_folded_tokens, fold, fold_prefix};
use crate::rules::Rules;
use crate::span::Span;

/// A paragraph long enough that the article has surely begun.
const BODY_WORDS: usize = 12;

pub fn blocks(text: &str, start: usize, rules: &Rules) -> Vec<Block> {
    let compiled = rules.compiled();
    let (tail, furniture, patterns) = (
        &compiled.tail_markers,
        &compiled.furniture_words,
        &compiled.furniture,
    );

    // a tail marker opens its line: the longest is all of a long line
    // that needs folding to be looked for
    let tail_bytes = tail.iter().map(String::len).max().unwrap_or(0);
    let mut out: Vec<Block> = Vec::new();
    let mut offset = start;
    let mut body_seen = false;
    let mut in_tail = false;
    let mut headline_set = false;
    for raw in text[start..].split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        let lead = trimmed.len() - trimmed.trim_start().len();
        let content = trimmed.trim();
        let span = Span::new(line_start + lead, line_start + lead + content.len());
        if content.is_empty() {
            continue;
        }
        let words = count_folded_tokens(content);
        // folded whole where the furniture words are looked for (short
        // lines), its start where only a tail marker may be
        let folded = if words < BODY_WORDS {
            fold(content)
        } else if body_seen && !in_tail {
            fold_prefix(content, tail_bytes)
        } else {
            String::new()
        };
        let kind = if in_tail {
            BlockKind::Related
        } else if body_seen && tail.iter().any(|m| starts_with_words(&folded, m)) {
            in_tail = true;
            BlockKind::Related
        } else if (words < BODY_WORDS && furniture.iter().any(|m| contains_words(&folded, m)))
            || patterns.iter().any(|re| re.is_match(content))
        {
            if is_credit(content) {
                mark_caption(&mut out);
            }
            BlockKind::Furniture
        } else if is_credit(content) {
            mark_caption(&mut out);
            BlockKind::Furniture
        } else if words < 4 && !ends_sentence(content) {
            BlockKind::Furniture
        } else if !headline_set && words < BODY_WORDS * 2 {
            headline_set = true;
            BlockKind::Headline
        } else {
            headline_set = true;
            BlockKind::Body
        };
        if kind == BlockKind::Body && words >= BODY_WORDS {
            body_seen = true;
        }
        out.push(Block {
            span,
            kind,
            language: super::script_language(content),
        });
    }
    out
}

/// "photographer | agency | Getty Images": short fields split by bars.
fn is_credit(line: &str) -> bool {
    let parts: Vec<&str> = line.split('|').collect();
    parts.len() >= 2
        && line.chars().count() < 90
        && parts.iter().all(|p| p.split_whitespace().count() <= 5)
}

/// The line above a credit line is its photo's caption.
fn mark_caption(out: &mut [Block]) {
    if let Some(b) = out.last_mut() {
        if matches!(b.kind, BlockKind::Body | BlockKind::Headline) {
            b.kind = BlockKind::Caption;
        }
    }
}

fn ends_sentence(line: &str) -> bool {
    line.ends_with(['.', '!', '?', '؟', '"', '”', '»', '。', '！', '？'])
}

/// Whole-word prefix match on folded text.
fn starts_with_words(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Whole-word containment on folded text.
fn contains_words(line: &str, marker: &str) -> bool {
    line.match_indices(marker).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + marker.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Blocks of an article already cut from its page by a content extractor:
/// what remains of the furniture is at its edges (bylines, time stamps,
/// "related" headlines, share prompts) or in lines the furniture lists name.
/// Every line is body unless it is one of those; the page itself says which
/// lines are headline and captions.
pub fn page_blocks(
    text: &str,
    headline: Option<Span>,
    captions: &[Span],
    rules: &Rules,
) -> Vec<Block> {
    let compiled = rules.compiled();
    let (tail, furniture, patterns) = (
        &compiled.tail_markers,
        &compiled.furniture_words,
        &compiled.furniture,
    );
    let mut out: Vec<Block> = Vec::new();
    let mut short: Vec<bool> = Vec::new();
    let mut offset = 0;
    let mut in_tail = false;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let trimmed = raw.trim_end_matches(['\n', '\r']);
        let lead = trimmed.len() - trimmed.trim_start().len();
        let content = trimmed.trim();
        if content.is_empty() {
            continue;
        }
        let span = Span::new(line_start + lead, line_start + lead + content.len());
        let words = count_folded_tokens(content);
        // the markers are looked for in short lines only
        let folded = if words < BODY_WORDS {
            fold(content)
        } else {
            String::new()
        };
        let is_short =
            words < BODY_WORDS && content.chars().count() < 80 && !ends_sentence(content);
        let kind = if headline.is_some_and(|h| h.contains(span)) {
            BlockKind::Headline
        } else if captions.iter().any(|c| c.contains(span)) {
            BlockKind::Caption
        } else if words < BODY_WORDS && tail.iter().any(|m| starts_with_words(&folded, m)) {
            in_tail = true;
            BlockKind::Related
        } else if in_tail && is_short {
            BlockKind::Related
        } else if (is_short && furniture.iter().any(|m| contains_words(&folded, m)))
            || patterns.iter().any(|re| re.is_match(content))
            || is_credit(content)
        {
            BlockKind::Furniture
        } else {
            in_tail = false;
            BlockKind::Body
        };
        short.push(is_short);
        out.push(Block {
            span,
            kind,
            language: super::script_language(content),
        });
    }
    // the end: short lines that are no sentence after the last line that is
    // one ("related" headlines, time stamps, tags). The start is left alone:
    // there the extractor has already cut the page, and a short first line
    // is more often a subtitle than furniture.
    let body = |b: &Block| b.kind == BlockKind::Body;
    for i in (0..out.len()).rev() {
        if !body(&out[i]) {
            continue;
        }
        if !short[i] {
            break;
        }
        out[i].kind = BlockKind::Related;
    }
    out
}
