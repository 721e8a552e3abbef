//! Saved web pages: the article's text, where each of its characters sits in
//! the page, and the page's own metadata.
//!
//! Which part of a page is the article is a solved problem with a maintained
//! crate: rs-trafilatura picks the main content (it scores 0.96–0.97 F1 on the
//! article-body benchmark in `../shared/eval/article-extraction`). Its text
//! carries no positions, so the page is also tokenized with lol_html, which
//! reports the byte range of every text node, and each line of the extracted
//! text is found again among the page's text nodes, character by character
//! (whitespace aside: a page's whitespace is not its text). The document's
//! text is the extracted text; every byte of it keeps the page range it came
//! from, so evidence is cut from the document and located in the page.

use super::metadata::{parse_date, FrontMatter};
use crate::span::Span;
use chrono::NaiveDate;
use lol_html::html_content::TextType;
use lol_html::{doc_text, element, text, HtmlRewriter, Settings};
use std::cell::RefCell;
use std::rc::Rc;

/// The article part of a page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Headline and paragraphs, one per line.
    pub text: String,
    /// For each byte of `text`, and one past its end: the page byte range of
    /// the character it belongs to. Separators map to an empty range.
    pub map: Vec<(u32, u32)>,
    /// The headline's span in `text`, when the page's title was found in it.
    pub headline: Option<Span>,
    /// Spans in `text` of lines that are figure captions.
    pub captions: Vec<Span>,
    pub meta: PageMeta,
}

/// What the page says about itself.
#[derive(Debug, Clone, Default)]
pub struct PageMeta {
    pub lang: Option<String>,
    pub canonical: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<NaiveDate>,
    pub modified: Option<NaiveDate>,
    pub headline: Option<String>,
}

impl PageMeta {
    pub fn front_matter(&self) -> FrontMatter {
        FrontMatter {
            outlet: self.site_name.clone(),
            url: self.canonical.clone(),
            published: self.published,
            language: None,
        }
    }
}

/// One text character of the page that is not whitespace, with its range.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    start: u32,
    end: u32,
}

/// The page's visible text without whitespace, and each byte's page range.
#[derive(Default)]
struct Visible {
    text: String,
    at: Vec<Glyph>,
    /// Where `<body>` starts in the page, for preferring a headline there.
    body_start: usize,
    captions: Vec<(usize, usize)>,
    jsonld: Vec<String>,
    meta: PageMeta,
    meta_dates: MetaDates,
}

#[derive(Default)]
struct MetaDates {
    published: Option<String>,
    modified: Option<String>,
    title: Option<String>,
}

/// Characters a page may carry that are not text: whitespace, zero-width
/// joiners and marks, soft hyphens.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}'..='\u{200f}' | '\u{00ad}' | '\u{feff}' | '\u{2060}'
        )
}

/// Read a page: the extracted article and its positions.
pub fn read(page: &str) -> Page {
    let vis = visible(page);
    let options = rs_trafilatura::Options {
        // the extractor cuts longer text at a byte count, which may fall
        // inside a character; an article is never too long to read whole
        max_extracted_len: usize::MAX,
        ..rs_trafilatura::Options::default()
    };
    // a page the extractor cannot handle is a page with no article, not a
    // stopped run
    let content = std::panic::catch_unwind(|| rs_trafilatura::extract_with_options(page, &options))
        .ok()
        .and_then(Result::ok);
    let (body, title, date) = match &content {
        Some(r) => (
            r.content_text.as_str(),
            r.metadata.title.clone(),
            r.metadata.date.map(|d| d.date_naive()),
        ),
        None => ("", None, None),
    };
    let mut out = Page::default();
    let mut meta = vis.meta.clone();
    read_jsonld(&vis.jsonld, &mut meta);
    if meta.published.is_none() {
        meta.published = vis.meta_dates.published.as_deref().and_then(parse_date);
    }
    if meta.modified.is_none() {
        meta.modified = vis.meta_dates.modified.as_deref().and_then(parse_date);
    }
    meta.published = meta.published.or(date);
    if meta.headline.is_none() {
        meta.headline = vis.meta_dates.title.clone().or(title);
    }
    // the headline, found in the body where the page shows it, else anywhere
    let mut cursor = 0;
    if let Some(h) = meta.headline.clone() {
        if let Some((a, b)) = find_headline(&vis, &h) {
            push_segments(&mut out, &vis, &vis_line(&vis, a, b), &[(0, b - a, a)]);
            out.headline = Some(Span::new(0, out.text.len()));
            cursor = b;
        }
    }
    let headline_key = meta.headline.as_deref().map(squeeze);
    for line in body.lines() {
        let line = &unbar(line);
        let key = squeeze(line);
        if key.is_empty() || (out.headline.is_some() && Some(&key) == headline_key.as_ref()) {
            continue;
        }
        let segments = align(&vis.text, &key, cursor);
        let Some(&(_, _, first)) = segments.first() else {
            continue;
        };
        let line_start = out.text.len() + usize::from(!out.text.is_empty());
        push_segments(&mut out, &vis, line, &segments);
        let page_start = vis.at[first].start as usize;
        if vis
            .captions
            .iter()
            .any(|&(s, e)| s <= page_start && page_start < e)
        {
            out.captions.push(Span::new(line_start, out.text.len()));
        }
        if let Some(&(ks, ke, va)) = segments.last() {
            cursor = va + (ke - ks);
        }
    }
    out.map
        .push(out.map.last().map_or((0, 0), |&(_, e)| (e, e)));
    out.meta = meta;
    out
}

/// A table row as the extractor writes it ("a | b | c"), with the bars that
/// separate cells turned into spaces (the same length, so offsets hold).
fn unbar(line: &str) -> String {
    let t = line.trim();
    if !(t.starts_with("| ") || t.contains(" | ") || t.ends_with(" |")) {
        return line.to_string();
    }
    let padded = format!(" {line} ");
    let cleaned = padded.replace(" | ", "   ").replace(" | ", "   ");
    cleaned[1..cleaned.len() - 1].to_string()
}

/// A line's text with its whitespace squeezed out, as the visible text is.
fn squeeze(line: &str) -> String {
    line.chars().filter(|&c| !invisible(c)).collect()
}

/// The headline among the page's text: after `<body>` first, else in
/// `<title>`; a title with the site's name after a bar or dash is tried
/// without it.
fn find_headline(vis: &Visible, title: &str) -> Option<(usize, usize)> {
    let mut tries = vec![title.to_string()];
    for sep in [" | ", " - ", " – ", " — ", " :: "] {
        if let Some((head, _)) = title.rsplit_once(sep) {
            tries.push(head.to_string());
        }
    }
    for t in &tries {
        let key = squeeze(t);
        if key.chars().count() < 8 {
            continue;
        }
        let mut best = None;
        for (a, _) in vis.text.match_indices(&key) {
            best.get_or_insert(a);
            if vis.at[a].start as usize >= vis.body_start {
                best = Some(a);
                break;
            }
        }
        if let Some(a) = best {
            return Some((a, a + key.len()));
        }
    }
    None
}

/// The visible text at `vis.text[a..b]` as a line (it has no whitespace).
fn vis_line(vis: &Visible, a: usize, b: usize) -> String {
    // put back a space wherever the page had a gap between two characters
    let mut out = String::new();
    let mut prev_end = None;
    let mut k = a;
    while k < b {
        let c = vis.text[k..].chars().next().unwrap_or(' ');
        let g = vis.at[k];
        if prev_end.is_some_and(|e| e < g.start) {
            out.push(' ');
        }
        out.push(c);
        prev_end = Some(g.end);
        k += c.len_utf8();
    }
    out
}

/// Where the squeezed `key` sits in the visible text, as segments
/// `(key start, key end, visible start)`: the whole key where the page has it
/// in one piece, else its longest prefixes one after another (the extractor
/// joins paragraphs, drops an advertisement between two, or writes a table
/// with bars). Search starts at `cursor`, the end of the last line placed,
/// and falls back to the whole page. Pieces shorter than [`MIN_PIECE`] are
/// left out.
fn align(vis: &str, key: &str, cursor: usize) -> Vec<(usize, usize, usize)> {
    let find_from = |from: usize, needle: &str| {
        vis.get(from..)
            .and_then(|v| v.find(needle))
            .map(|a| from + a)
    };
    // the first piece anywhere, searched from the cursor first; the rest of
    // a line only after its previous piece, so a line runs forward in the page
    let find = |after: Option<usize>, needle: &str| match after {
        Some(a) => find_from(a, needle),
        None => find_from(cursor, needle).or_else(|| vis.find(needle)),
    };
    if let Some(a) = find(None, key) {
        return vec![(0, key.len(), a)];
    }
    let bounds: Vec<usize> = key
        .char_indices()
        .map(|(i, _)| i)
        .chain([key.len()])
        .collect();
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let mut i = 0; // index into bounds
    while i + 1 < bounds.len() {
        let ks = bounds[i];
        let after = out.last().map(|&(s, e, a)| a + (e - s));
        // the longest prefix of key[ks..] found: occurrence is monotone in length
        let (mut lo, mut hi) = (i, bounds.len() - 1);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if find(after, &key[ks..bounds[mid]]).is_some() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let ke = bounds[lo];
        if ke - ks >= MIN_PIECE {
            if let Some(a) = find(after, &key[ks..ke]) {
                out.push((ks, ke, a));
            }
            i = lo;
        } else {
            i += 1;
        }
    }
    out
}

/// The shortest piece of a line placed on its own, in bytes.
const MIN_PIECE: usize = 12;

/// Append `line` as the next line of the text: each of its characters that
/// falls in a segment maps to the page range of its visible character; the
/// characters between segments are left out.
fn push_segments(out: &mut Page, vis: &Visible, line: &str, segments: &[(usize, usize, usize)]) {
    if !out.text.is_empty() {
        let at = out.map.last().map_or(0, |&(_, e)| e);
        out.text.push('\n');
        out.map.push((at, at));
    }
    let mut k = 0; // offset into the squeezed line
    let mut seg = 0;
    let mut last_end: Option<u32> = None;
    let mut pending_space = false;
    // where the next character sits in the visible text if the line runs on
    let mut expected: Option<usize> = None;
    for c in line.trim().chars() {
        if invisible(c) {
            pending_space |= c.is_whitespace();
            continue;
        }
        let n = c.len_utf8();
        let here = k;
        k += n;
        while seg < segments.len() && here >= segments[seg].1 {
            seg += 1;
        }
        let Some(&(ks, _, va)) = segments.get(seg).filter(|s| here >= s.0) else {
            // between pieces: what is left out separates the pieces
            pending_space = true;
            continue;
        };
        let at = va + (here - ks);
        let Some(g) = vis.at.get(at).copied() else {
            continue;
        };
        if expected.is_some_and(|x| x != at) {
            // the extractor joined text the page has apart (it dropped what
            // lies between): each stretch becomes a line of its own, so that
            // a quote is always the page's text between its two ends
            let e = last_end.unwrap_or(g.start);
            out.text.push('\n');
            out.map.push((e, e));
        } else if pending_space {
            if let Some(e) = last_end {
                out.text.push(' ');
                out.map.push((e, e));
            }
        }
        pending_space = false;
        let vc = vis.text[at..].chars().next().unwrap_or(c);
        expected = Some(at + vc.len_utf8());
        out.text.push(vc);
        out.map
            .extend(std::iter::repeat_n((g.start, g.end), vc.len_utf8()));
        last_end = Some(g.end);
    }
}

/// Tokenize the page: every text node's characters with their byte ranges
/// (entities decoded, scripts and styles left out), figure captions, and the
/// metadata in `<html>`, `<meta>`, `<link>` and JSON-LD.
fn visible(page: &str) -> Visible {
    let vis = Rc::new(RefCell::new(Visible {
        body_start: 0,
        ..Visible::default()
    }));
    let jsonld = Rc::new(RefCell::new(String::new()));
    {
        let v = vis.clone();
        let v_meta = vis.clone();
        let v_link = vis.clone();
        let v_html = vis.clone();
        let v_body = vis.clone();
        let v_cap = vis.clone();
        let v_ld = vis.clone();
        let ld = jsonld.clone();
        let mut rewriter = HtmlRewriter::new(
            Settings::new()
                .append_element_content_handler(element!("html[lang]", move |el| {
                    v_html.borrow_mut().meta.lang = el.get_attribute("lang");
                    Ok(())
                }))
                .append_element_content_handler(element!("body", move |el| {
                    v_body.borrow_mut().body_start = el.source_location().bytes().start;
                    Ok(())
                }))
                .append_element_content_handler(element!("meta", move |el| {
                    let key = el
                        .get_attribute("property")
                        .or_else(|| el.get_attribute("name"))
                        .or_else(|| el.get_attribute("itemprop"))
                        .map(|k| k.to_ascii_lowercase());
                    let (Some(key), Some(value)) = (key, el.get_attribute("content")) else {
                        return Ok(());
                    };
                    let value = html_escape::decode_html_entities(value.trim()).into_owned();
                    let mut v = v_meta.borrow_mut();
                    match key.as_str() {
                        "og:site_name" | "application-name" => {
                            v.meta.site_name.get_or_insert(value);
                        }
                        "article:published_time"
                        | "datepublished"
                        | "pubdate"
                        | "publish-date"
                        | "og:published_time"
                        | "date"
                        | "dc.date.issued"
                        | "dcterms.created" => {
                            v.meta_dates.published.get_or_insert(value);
                        }
                        "article:modified_time"
                        | "datemodified"
                        | "og:updated_time"
                        | "dcterms.modified"
                        | "last-modified" => {
                            v.meta_dates.modified.get_or_insert(value);
                        }
                        "og:title" => {
                            v.meta_dates.title.get_or_insert(value);
                        }
                        "og:url" => {
                            v.meta.canonical.get_or_insert(value);
                        }
                        _ => {}
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!("link[rel]", move |el| {
                    let rel = el.get_attribute("rel").unwrap_or_default();
                    if rel.eq_ignore_ascii_case("canonical") {
                        if let Some(href) = el.get_attribute("href") {
                            v_link.borrow_mut().meta.canonical = Some(href);
                        }
                    }
                    Ok(())
                }))
                .append_element_content_handler(element!("figcaption", move |el| {
                    let start = el.source_location().bytes().start;
                    let v = v_cap.clone();
                    // an unclosed caption runs to the end of the page
                    v.borrow_mut().captions.push((start, usize::MAX));
                    let at = v.borrow().captions.len() - 1;
                    let on_end: lol_html::EndTagHandler<'static> = Box::new(move |end| {
                        v.borrow_mut().captions[at].1 = end.source_location().bytes().end;
                        Ok(())
                    });
                    // a void or self-closing caption has no end tag
                    let _ = el.on_end_tag(on_end);
                    Ok(())
                }))
                .append_element_content_handler(text!(
                    "script[type='application/ld+json']",
                    move |t| {
                        ld.borrow_mut().push_str(t.as_str());
                        if t.last_in_text_node() {
                            let s = std::mem::take(&mut *ld.borrow_mut());
                            v_ld.borrow_mut().jsonld.push(s);
                        }
                        Ok(())
                    }
                ))
                .append_document_content_handler(doc_text!(move |t| {
                    if !matches!(t.text_type(), TextType::Data | TextType::RCData) {
                        return Ok(());
                    }
                    let r = t.source_location().bytes();
                    if let Some(raw) = page.get(r.clone()) {
                        push_decoded(&mut v.borrow_mut(), raw, r.start);
                    }
                    Ok(())
                })),
            |_: &[u8]| {},
        );
        // a page the tokenizer gives up on keeps what it read so far
        let _ = rewriter.write(page.as_bytes());
        let _ = rewriter.end();
    }
    Rc::try_unwrap(vis)
        .map(RefCell::into_inner)
        .unwrap_or_default()
}

/// Append a raw text node's characters, decoding character references and
/// mapping each character to the bytes it was written with.
fn push_decoded(v: &mut Visible, raw: &str, base: usize) {
    let mut i = 0;
    let bytes = raw.as_bytes();
    while i < raw.len() {
        if bytes[i] == b'&' {
            if let Some((decoded, len)) = entity(&raw[i..]) {
                for c in decoded.chars() {
                    push_glyph(v, c, base + i, base + i + len);
                }
                i += len;
                continue;
            }
        }
        let c = raw[i..].chars().next().unwrap_or(' ');
        push_glyph(v, c, base + i, base + i + c.len_utf8());
        i += c.len_utf8();
    }
}

fn push_glyph(v: &mut Visible, c: char, start: usize, end: usize) {
    if invisible(c) {
        return;
    }
    v.text.push(c);
    let g = Glyph {
        start: start as u32,
        end: end as u32,
    };
    v.at.extend(std::iter::repeat_n(g, c.len_utf8()));
}

/// A character reference at the start of `s`: its text and its length.
fn entity(s: &str) -> Option<(String, usize)> {
    let end = s
        .char_indices()
        .take(34)
        .skip(1)
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|(i, _)| i)?;
    if s.as_bytes()[end] != b';' || end < 2 {
        return None;
    }
    let reference = &s[..=end];
    let decoded = html_escape::decode_html_entities(reference);
    (decoded != reference).then(|| (decoded.into_owned(), end + 1))
}

/// Dates, headline and publisher from JSON-LD `NewsArticle` (or any
/// article type), including ones inside `@graph`.
fn read_jsonld(blocks: &[String], meta: &mut PageMeta) {
    fn walk(v: &serde_json::Value, meta: &mut PageMeta) {
        match v {
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, meta)),
            serde_json::Value::Object(o) => {
                if let Some(g) = o.get("@graph") {
                    walk(g, meta);
                }
                let is_article = o.get("@type").is_some_and(|t| {
                    let names: Vec<&str> = match t {
                        serde_json::Value::String(s) => vec![s.as_str()],
                        serde_json::Value::Array(a) => {
                            a.iter().filter_map(|x| x.as_str()).collect()
                        }
                        _ => vec![],
                    };
                    names
                        .iter()
                        .any(|n| n.ends_with("Article") || *n == "BlogPosting")
                });
                if !is_article {
                    return;
                }
                let s = |k: &str| o.get(k).and_then(|x| x.as_str()).map(str::to_string);
                if meta.published.is_none() {
                    meta.published = s("datePublished").as_deref().and_then(parse_date);
                }
                if meta.modified.is_none() {
                    meta.modified = s("dateModified").as_deref().and_then(parse_date);
                }
                if meta.headline.is_none() {
                    meta.headline = s("headline");
                }
                if meta.site_name.is_none() {
                    meta.site_name = o
                        .get("publisher")
                        .and_then(|p| p.get("name"))
                        .and_then(|n| n.as_str())
                        .map(str::to_string);
                }
            }
            _ => {}
        }
    }
    for b in blocks {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(b.trim()) {
            walk(&v, meta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>Leaders sign trade pact | Daily Wire</title>
<meta property="og:site_name" content="Daily Wire">
<meta property="article:published_time" content="2025-01-17T10:00:00Z">
<meta property="article:modified_time" content="2025-01-18T08:00:00Z">
<link rel="canonical" href="https://example.com/pact">
<script>var story = "The leaders did not sign anything at all today.";</script>
<style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Leaders sign trade pact</h1>
<p>The leaders of the two countries signed a trade pact in the capital on Friday, officials said, ending &quot;years&quot; of talks.</p>
<figure><img src="a.jpg"><figcaption>The two leaders shake hands after the signing ceremony in the capital.</figcaption></figure>
<p>The pact cuts tariffs on <a href="/x">farm goods</a> and steel, and it takes effect next month after both parliaments ratify it, the ministers said.</p>
<p>Negotiators had worked on the text for more than four years before the final round of talks in the spring.</p>
</article><aside><h2>Most read</h2><ul><li><a href="/1">Storm hits the coast</a></li></ul></aside>
<footer>All rights reserved</footer></body></html>"#;

    #[test]
    fn article_text_not_furniture_nor_script() {
        let p = read(PAGE);
        assert!(p.text.contains("signed a trade pact"), "{}", p.text);
        assert!(p.text.contains("farm goods and steel"), "{}", p.text);
        assert!(!p.text.contains("did not sign"), "{}", p.text);
        assert!(!p.text.contains("color"), "{}", p.text);
        assert!(!p.text.contains("Home"), "{}", p.text);
    }

    #[test]
    fn every_character_maps_back_to_the_page() {
        let p = read(PAGE);
        assert_eq!(p.map.len(), p.text.len() + 1);
        for (i, c) in p.text.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let (s, e) = p.map[i];
            let raw = &PAGE[s as usize..e as usize];
            let decoded = html_escape::decode_html_entities(raw);
            assert_eq!(
                decoded.chars().next(),
                Some(c),
                "{c:?} at {i} maps to {raw:?}"
            );
        }
    }

    #[test]
    fn headline_metadata_and_dates() {
        let p = read(PAGE);
        let h = p.headline.expect("headline");
        assert_eq!(h.slice(&p.text), "Leaders sign trade pact");
        // the headline is the <h1>, in the body, not the <title>
        assert!(p.map[0].0 as usize > PAGE.find("<body>").unwrap());
        assert_eq!(p.meta.site_name.as_deref(), Some("Daily Wire"));
        assert_eq!(
            p.meta.canonical.as_deref(),
            Some("https://example.com/pact")
        );
        assert_eq!(p.meta.published, NaiveDate::from_ymd_opt(2025, 1, 17));
        assert_eq!(p.meta.modified, NaiveDate::from_ymd_opt(2025, 1, 18));
        assert_eq!(p.meta.lang.as_deref(), Some("en"));
    }

    #[test]
    fn jsonld_news_article_fills_dates() {
        let page = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Summit opens in the capital","datePublished":"2025-05-17T09:00:00+03:00","dateModified":"2025-05-18","publisher":{"@type":"Organization","name":"Gulf Daily"}}]}</script></head><body><p>x</p></body></html>"#;
        let p = read(page);
        assert_eq!(p.meta.published, NaiveDate::from_ymd_opt(2025, 5, 17));
        assert_eq!(p.meta.modified, NaiveDate::from_ymd_opt(2025, 5, 18));
        assert_eq!(p.meta.site_name.as_deref(), Some("Gulf Daily"));
    }

    #[test]
    fn broken_markup_never_panics() {
        for page in [
            "",
            "<",
            "<html><body><p>unclosed",
            "<p>a &amp b &#x; &#99999999; &unknown; &",
            "<script>never closed",
            "<figcaption>caption without end",
            "\u{0}\u{1}<<<>>>",
        ] {
            let p = read(page);
            assert_eq!(p.map.len(), p.text.len() + 1);
        }
    }
}
