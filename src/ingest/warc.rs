//! Crawl archives: each `response` record of a WARC file (plain or gzipped)
//! whose payload is an HTML page becomes a document, its URL and date taken
//! from the record's headers. The container format is read by the `warc`
//! crate, gzip members by flate2; HTTP headers inside a response record are
//! split off here (a header block ends at the first blank line).
//!
//! Offsets in evidence from a record point into that record's HTML payload,
//! and the document's path names the record: `crawl.warc.gz#3`.

use super::decode::Declared;
use super::{decode_text, Document};
use crate::error::{Error, Result};
use crate::rules::Rules;
use std::io::{BufReader, Read};
use std::path::Path;
use warc::{WarcHeader, WarcReader};

/// Every HTML response record of an archive, and a message for each record
/// that could not be read. A record that is not a page (an image, a
/// `request`, metadata) is passed over without a word: archives are full of
/// them.
pub fn read(
    path: &Path,
    shown: &str,
    stem: &str,
    bytes: &[u8],
    rules: &Rules,
) -> Result<(Vec<Document>, Vec<Error>)> {
    let gz = bytes.starts_with(&[0x1f, 0x8b]);
    let reader: Box<dyn Read + '_> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(bytes))
    } else {
        Box::new(bytes)
    };
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let records = WarcReader::new(BufReader::new(reader)).iter_records();
    for (i, rec) in records.enumerate() {
        let n = i + 1;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                errors.push(Error::Input {
                    path: path.to_path_buf(),
                    line: 0,
                    message: format!(
                        "WARC record {n} is malformed ({e}); the rest of the archive is not read"
                    ),
                });
                break;
            }
        };
        let kind = rec
            .header(WarcHeader::WarcType)
            .unwrap_or_default()
            .to_string();
        if kind != "response" && kind != "resource" {
            continue;
        }
        let body = rec.body();
        let (content_type, payload) = if kind == "response" {
            match split_http(body) {
                Some(x) => x,
                None => continue,
            }
        } else {
            let ct = rec
                .header(WarcHeader::ContentType)
                .unwrap_or_default()
                .to_string();
            (ct, body)
        };
        if !content_type.to_ascii_lowercase().contains("html") {
            continue;
        }
        let record_path = format!("{shown}#{n}");
        let decoded = match decode_text(
            Path::new(&record_path),
            payload,
            Declared::Header(&content_type),
            true,
        ) {
            Ok(d) => d,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let mut doc = Document::from_page(&format!("{stem}-{n}"), &record_path, decoded, rules);
        if let Some(uri) = rec.header(WarcHeader::TargetURI) {
            doc.url
                .get_or_insert_with(|| uri.trim_matches(['<', '>']).to_string());
        }
        if doc.published.date.is_none() {
            // the crawl date: the page existed then, so it was published then or earlier
            let d = rec.date().date_naive();
            doc.published.date = Some(d);
            doc.published.source = super::DateSource::Inferred;
            doc.published.basis = Some(format!(
                "no date on the page; it was crawled on {d}, so it was published then or earlier"
            ));
        }
        docs.push(doc);
    }
    Ok((docs, errors))
}

/// The HTTP status and header block of a response record, and its payload.
fn split_http(body: &[u8]) -> Option<(String, &[u8])> {
    let end = body
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| p + 4)
        .or_else(|| body.windows(2).position(|w| w == b"\n\n").map(|p| p + 2))?;
    let head = String::from_utf8_lossy(&body[..end]);
    let content_type = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    Some((content_type, &body[end..]))
}
