//! Saved pages, other encodings and crawl archives: the same story read as
//! pages, as plain text and as WARC records gives the same flags; evidence
//! from a page points at the page's bytes; bad input never stops a run.

use crate::common::{assert_quote_at, page_text, root, rules, run, squeeze};
use crosscheck::ingest::{read_inputs, Document};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// What a flag says, without ids or paths: kind, slot changes, quotes.
fn flags_of(dir: &str) -> BTreeSet<String> {
    let report = run(&[&root().join("fixtures").join(dir)]);
    report
        .flags
        .iter()
        .map(|f| {
            let slots: Vec<String> = f
                .slots
                .iter()
                .map(|s| format!("{}: {} → {}", s.name, s.from, s.to))
                .collect();
            let quotes: BTreeSet<&str> = f.sides.iter().map(|s| &*s.quote).collect();
            format!("{} {:?} {:?}", f.kind.as_str(), slots, quotes)
        })
        .collect()
}

#[test]
fn one_story_as_pages_as_text_and_as_an_archive_gives_the_same_flags() {
    let pages = flags_of("en-html-pages");
    assert_eq!(pages.len(), 1, "{pages:?}");
    assert_eq!(pages, flags_of("en-plain-pages"));
    assert_eq!(pages, flags_of("en-warc-pages"));
}

#[test]
fn archive_records_quote_the_same_bytes_as_the_saved_pages() {
    let evidence = |dir: &str| -> BTreeSet<(String, usize, usize, usize, usize)> {
        let report = run(&[&root().join("fixtures").join(dir)]);
        report
            .statements
            .iter()
            .map(|s| {
                let e = &s.evidence;
                (e.quote.to_string(), e.start, e.end, e.line, e.column)
            })
            .collect()
    };
    assert_eq!(evidence("en-html-pages"), evidence("en-warc-pages"));
}

#[test]
fn archive_records_take_their_address_and_the_page_its_metadata() {
    let (docs, errors) = read_inputs(
        &[root().join("fixtures/en-warc-pages/crawl.warc.gz")],
        rules(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    // warcinfo, the request and the image are no articles
    assert_eq!(docs.len(), 2);
    assert!(
        docs[0].path.ends_with("crawl.warc.gz#3"),
        "{}",
        docs[0].path
    );
    assert_eq!(
        docs[0].url.as_deref(),
        Some("https://harbourtimes.example/med/2025/03/10/malta-tunisia-fisheries")
    );
    assert_eq!(docs[0].outlet.as_deref(), Some("Harbour Times"));
    assert_eq!(
        docs[0].published.date.map(|d| d.to_string()).as_deref(),
        Some("2025-03-10")
    );
    assert_eq!(
        docs[0].published.modified.map(|d| d.to_string()).as_deref(),
        Some("2025-03-10")
    );
    assert_eq!(docs[1].outlet.as_deref(), Some("Coastline Wire"));
}

#[test]
fn furniture_and_scripts_are_never_the_article() {
    for dir in ["en-html-pages", "ar-html-pages"] {
        let (docs, _) = read_inputs(&[root().join("fixtures").join(dir)], rules());
        for d in &docs {
            let body: String = d
                .body()
                .map(|b| b.span.slice(&d.text))
                .collect::<Vec<_>>()
                .join("\n");
            for furniture in [
                "Rome",
                "cookies",
                "Most read",
                "Related stories",
                "Privacy policy",
                "يوم 5 يناير",
                "الكوكيز",
                "الأكثر قراءة",
                "يوقعان الاتفاقية في الرباط",
                "كلمات دلالية",
            ] {
                assert!(
                    !body.contains(furniture),
                    "{}: {furniture:?} in the body:\n{body}",
                    d.path
                );
            }
        }
    }
}

#[test]
fn legacy_and_utf16_pages_point_into_their_own_bytes() {
    let (docs, errors) = read_inputs(
        &[
            root().join("fixtures/ar-html-pages/b-signed-rabat.html"),
            root().join("fixtures/en-html-pages/b-signed-tunis.html"),
        ],
        rules(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs[0].encoding().map(|e| e.name()), Some("windows-1256"));
    assert_eq!(docs[1].encoding().map(|e| e.name()), Some("UTF-16LE"));
    for d in &docs {
        for b in &d.blocks {
            let at = d.locate(b.span);
            assert_quote_at(d, b.span.slice(&d.text), at.start, at.end, "block");
        }
    }
}

/// Each kind of broken input the issue names, read without a panic; the
/// ones that are no text get a message naming the file.
#[test]
fn bad_pages_and_archives_never_stop_the_run() {
    let dir = std::env::temp_dir().join(format!("crosscheck-bad-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page =
        std::fs::read_to_string(root().join("fixtures/en-html-pages/a-forum-expectation.html"))
            .unwrap();
    let huge = format!(
        "<html><body><p>{}</p></body></html>",
        (0..190_000)
            .map(|i| format!("Meeting {i} of the ministers in Valletta lasted hours. "))
            .collect::<String>()
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.html", page.as_bytes()[..page.len() / 2].to_vec()),
        ("unclosed.html", b"<html><body><div><p>The ministers met in Valletta<p>on Friday<table><tr><td>".to_vec()),
        ("script-only.html", b"<html><head><script>var s = '<p>The ministers signed the accord in Rome.</p>';</script></head></html>".to_vec()),
        ("single-line-10mb.html", huge.into_bytes()),
        ("wrong-charset.html", {
            let mut b = b"<html><head><meta charset=\"windows-1256\"></head><body><p>".to_vec();
            b.extend_from_slice("وقع الوزيران الاتفاقية في تونس يوم الأربعاء".as_bytes());
            b.extend_from_slice(b"</p></body></html>");
            b
        }),
        ("binary.warc", {
            let payload: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
            let mut b = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2025-04-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\nContent-Length: {}\r\n\r\n",
                payload.len()
            )
            .into_bytes();
            b.extend_from_slice(&payload);
            b.extend_from_slice(b"\r\n\r\n");
            b
        }),
        ("truncated.warc", b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\nHTTP/1.1 200 OK\r\n".to_vec()),
        ("garbage.warc.gz", vec![0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]),
        ("photo.html", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &cases {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let (mut docs, errors) = read_inputs(&paths, rules());
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    std::fs::remove_dir_all(&dir).ok();
    // the long line is one paragraph, read whole (the checks over it are
    // timed by the bench, not here)
    let huge = docs
        .iter()
        .position(|d| d.id == "single-line-10mb")
        .expect("10 MB page");
    assert!(docs[huge].text.len() > 10_000_000);
    docs.remove(huge);
    let report = crosscheck::check(rules(), docs, messages.clone());
    // the mislabelled page is valid UTF-8 and is read as such
    assert!(report
        .documents
        .iter()
        .any(|d| d.id == "wrong-charset" && d.text.contains("تونس")));
    // nothing from a script
    assert!(report
        .statements
        .iter()
        .all(|s| !s.evidence.quote.contains("Rome")));
    for bad in ["truncated.warc", "garbage.warc.gz", "photo.html"] {
        assert!(
            messages.iter().any(|m| m.contains(bad)),
            "{bad} not named: {messages:?}"
        );
    }
}

/// Markup a page may hold around its article: tags, attributes, entities,
/// comments, scripts and styles with text that looks like an article.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"x\">".to_string()),
        Just("</div>".to_string()),
        Just("<a href=\"/a?b=1&amp;c=2\">".to_string()),
        Just("</a>".to_string()),
        Just("<br>".to_string()),
        Just("<!-- comment with <p>markup</p> -->".to_string()),
        Just("<script>var t = \"The ministers signed the accord in Rome.\";</script>".to_string()),
        Just("<style>p{color:red}</style>".to_string()),
        Just("&amp;".to_string()),
        Just("&nbsp;".to_string()),
        Just("&#1608;".to_string()),
        Just("&quot;".to_string()),
        Just("The foreign ministers signed the accord in Tunis on Wednesday. ".to_string()),
        Just("ومن المتوقع أن يوقع الوزيران الاتفاقية في الرباط الشهر المقبل. ".to_string()),
        Just("  \n\t ".to_string()),
        "[a-zA-Z ]{0,20}",
        // any text without the two characters that start markup; the
        // oracle below is a regex, not an HTML tokenizer
        "[^<&\\p{C}]{0,10}",
    ];
    prop::collection::vec(piece, 0..40)
        .prop_map(|v| format!("<html><body>{}</body></html>", v.concat()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every line of a page's article, and every stretch inside one, shows
    /// the page text at its offsets.
    #[test]
    fn page_text_maps_back_to_the_markup(page in markup(), cut in 0.0f64..1.0) {
        let decoded = crosscheck::ingest::decode::decode(page.as_bytes(), crosscheck::ingest::decode::Declared::None, true);
        let doc = Document::from_page("p", "p.html", decoded, rules());
        for b in &doc.blocks {
            let text = b.span.slice(&doc.text);
            let at = doc.locate(b.span);
            prop_assert!(at.start <= at.end && at.end <= page.len());
            prop_assert_eq!(squeeze(&page_text(&page[at.start..at.end])), squeeze(text));
            // a stretch that starts and ends on visible characters
            let chars: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| !c.is_whitespace()).collect();
            if chars.len() > 2 {
                let k = ((chars.len() - 1) as f64 * cut) as usize;
                let (s, _) = chars[k];
                let (e, c) = chars[chars.len() - 1];
                let span = crosscheck::span::Span::new(b.span.start + s, b.span.start + e + c.len_utf8());
                let at = doc.locate(span);
                prop_assert_eq!(squeeze(&page_text(&page[at.start..at.end])), squeeze(span.slice(&doc.text)));
            }
        }
    }

    /// Any bytes decode without a panic, and offsets stay in the file.
    #[test]
    fn any_bytes_decode(bytes in prop::collection::vec(any::<u8>(), 0..400), html in any::<bool>()) {
        let d = crosscheck::ingest::decode::decode(&bytes, crosscheck::ingest::decode::Declared::None, html);
        for (i, _) in d.text.char_indices() {
            prop_assert!(d.raw_offset(i) <= bytes.len());
        }
        prop_assert_eq!(d.raw_offset(d.text.len()), bytes.len());
    }

    /// Any bytes as a page, a WARC archive or a gzipped one: no panic, and
    /// every line read points inside the file.
    #[test]
    fn any_bytes_as_page_or_archive(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let dir = std::env::temp_dir().join(format!("crosscheck-prop-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut warc = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\n".to_vec();
        warc.extend_from_slice(&bytes);
        let files = [("a.html", bytes.clone()), ("b.warc", warc), ("c.warc.gz", bytes.clone())];
        let mut paths = Vec::new();
        for (n, b) in &files {
            let p = dir.join(n);
            std::fs::write(&p, b).unwrap();
            paths.push(p);
        }
        let (docs, _) = read_inputs(&paths, rules());
        std::fs::remove_dir_all(&dir).ok();
        let longest = files.iter().map(|(_, b)| b.len()).max().unwrap_or(0);
        for d in &docs {
            for b in &d.blocks {
                let at = d.locate(b.span);
                prop_assert!(at.start <= at.end && at.end <= longest, "{} {:?}", d.path, at);
            }
        }
    }
}
