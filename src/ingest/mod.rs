//! Reading articles: files, directories, stdin and JSON Lines corpora become
//! [`Document`]s with metadata and a body separated from page furniture.
//!
//! Metadata comes from front matter when present, otherwise it is detected from
//! the text (dateline, "المصدر:" line, byline) and marked as detected; a page with
//! no dateline gets an *inferred* date with its basis, never a made-up one.
//! Furniture (navigation, "read also" blocks, captions, cookie notices) is kept
//! as spans of its own so that nothing in it is ever attributed to the article.

pub mod decode;
mod furniture;
pub mod html;
mod metadata;
mod warc;

pub use metadata::DateSource;

use crate::error::{Error, Result};
use crate::rules::Rules;
use crate::span::{LineIndex, Span};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a line of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Headline,
    Body,
    Dateline,
    Caption,
    Furniture,
    Related,
}

/// One line of a page with its role.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
    /// `ar` or `en`, by the script most of the line's letters are in: pages
    /// mix scripts (an English quote in an Arabic article).
    pub language: &'static str,
}

/// The language of a stretch of text by its letters' script.
pub fn script_language(text: &str) -> &'static str {
    let (mut ar, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if crate::normalize::is_arabic(c) {
            ar += 1;
        } else if c.is_alphabetic() {
            latin += 1;
        }
    }
    if ar >= latin {
        "ar"
    } else {
        "en"
    }
}

impl Document {
    /// Languages of the body's blocks, most frequent first.
    pub fn languages(&self) -> Vec<&'static str> {
        let mut counts: Vec<(&'static str, usize)> = Vec::new();
        for b in self.body() {
            match counts.iter_mut().find(|(l, _)| *l == b.language) {
                Some(c) => c.1 += 1,
                None => counts.push((b.language, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        counts.into_iter().map(|(l, _)| l).collect()
    }
}

/// A publication date and where it came from.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Published {
    pub date: Option<NaiveDate>,
    pub source: DateSource,
    /// When the page says it was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<NaiveDate>,
    /// Why an inferred date was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

/// One article.
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable id: the file stem (with a line number for corpus records).
    pub id: String,
    /// Path as given by the user, for evidence locations.
    pub path: String,
    /// The original text, never altered.
    pub text: String,
    pub outlet: Option<String>,
    pub outlet_detected: bool,
    pub url: Option<String>,
    pub published: Published,
    pub language: String,
    pub blocks: Vec<Block>,
    pub lines: LineIndex,
    /// Where the text came from when it is not the file's own bytes: a page
    /// whose article text was extracted, or a file in another encoding.
    pub source: Option<Box<Source>>,
    /// How often its sentences name each entity (entity id and count, sorted
    /// by id), which says what the document is about. Set by extraction
    /// ([`crate::extract()`]) and kept in an archive, so that a document read
    /// back with only some of its statements still brings all its names.
    pub entity_counts: Option<Vec<(std::sync::Arc<str>, u32)>>,
    /// Its id, path, outlet and date as a flag's sides give them, made at
    /// the first side that quotes it ([`crate::compare::Origin::of`]), when
    /// the document is compared: set those fields before that. A copy of
    /// the document starts without it (a copy given a new id makes its own).
    pub origin: OriginCell,
}

/// A document's [`crate::compare::Origin`], once made; empty in a clone.
#[derive(Debug, Default)]
pub struct OriginCell(std::sync::OnceLock<std::sync::Arc<crate::compare::Origin>>);

impl Clone for OriginCell {
    fn clone(&self) -> Self {
        OriginCell::default()
    }
}

impl std::ops::Deref for OriginCell {
    type Target = std::sync::OnceLock<std::sync::Arc<crate::compare::Origin>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// The way from a document's text back to the file it was read from.
#[derive(Debug, Clone)]
pub struct Source {
    /// A web page: the page as decoded, its lines, and for each byte of the
    /// document's text (and one past the end) the page range it came from.
    page: Option<PageOrigin>,
    /// From the decoded page (or text) to the original bytes.
    raw: decode::RawMap,
    /// The encoding the original bytes are in.
    encoding: &'static encoding_rs::Encoding,
}

/// A page as decoded, its line index, and the page range of each byte of a
/// document's text.
type PageOrigin = (String, LineIndex, Vec<(u32, u32)>);

/// Where a span of a document's text sits in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// Byte offsets into the original file (a WARC or JSONL record's own
    /// payload for a record).
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
}

impl Document {
    /// Build a document from its original text, reading front matter and
    /// detecting what it does not give.
    pub fn from_text(id: &str, path: &str, text: String, rules: &Rules) -> Result<Document> {
        let (front, body_start) = metadata::front_matter(&text, Path::new(path))?;
        let blocks = furniture::blocks(&text, body_start, rules);
        Ok(Document::assemble(
            (id, path),
            text,
            blocks,
            front,
            None,
            None,
            rules,
        ))
    }

    /// A document from its text and blocks, its fields filled from `front`
    /// and, where that is silent, from the text.
    fn assemble(
        (id, path): (&str, &str),
        text: String,
        blocks: Vec<Block>,
        front: metadata::FrontMatter,
        modified: Option<NaiveDate>,
        source: Option<Box<Source>>,
        rules: &Rules,
    ) -> Document {
        let mut doc = Document {
            id: id.to_string(),
            path: path.to_string(),
            outlet: None,
            outlet_detected: false,
            url: front.url.clone(),
            published: Published {
                date: None,
                source: DateSource::Unknown,
                modified,
                basis: None,
            },
            language: String::new(),
            blocks,
            lines: LineIndex::new(&text),
            text,
            source,
            entity_counts: None,
            origin: Default::default(),
        };
        metadata::fill(&mut doc, front, rules);
        doc
    }

    /// Spans of the lines whose claims belong to the article.
    pub fn body(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Body | BlockKind::Headline))
    }

    /// A web page: the extracted article becomes the text, each byte of it
    /// tied to the page; the page's metadata fills the document's fields.
    pub fn from_page(id: &str, path: &str, decoded: decode::Decoded, rules: &Rules) -> Document {
        let page = html::read(&decoded.text);
        let blocks = furniture::page_blocks(&page.text, page.headline, &page.captions, rules);
        let front = page.meta.front_matter();
        let modified = page.meta.modified;
        let lang = page.meta.lang.clone();
        let lines = LineIndex::new(&decoded.text);
        let encoding = decoded.encoding;
        let (text, raw) = decoded.split();
        let source = Source {
            page: Some((text, lines, page.map)),
            raw,
            encoding,
        };
        let mut doc = Document::assemble(
            (id, path),
            page.text,
            blocks,
            front,
            modified,
            Some(Box::new(source)),
            rules,
        );
        // a page with no letters in its article says its language in <html lang>
        if doc.body().next().is_none() {
            if let Some(l) = lang.and_then(|l| l.get(..2).map(str::to_ascii_lowercase)) {
                doc.language = l;
            }
        }
        doc
    }

    /// A web page, whose text was extracted from markup.
    pub fn is_page(&self) -> bool {
        self.source.as_ref().is_some_and(|s| s.page.is_some())
    }

    /// The encoding of the original bytes, when it is not UTF-8 as is.
    pub fn encoding(&self) -> Option<&'static encoding_rs::Encoding> {
        self.source.as_ref().map(|s| s.encoding)
    }

    /// Where `span` of the text sits in the original file: byte offsets and
    /// the line and column of its start.
    pub fn locate(&self, span: Span) -> Located {
        let Some(src) = &self.source else {
            let lc = self.lines.line_col(&self.text, span.start);
            return Located {
                start: span.start,
                end: span.end,
                line: lc.line,
                column: lc.column,
            };
        };
        let (start, end, lc) = match &src.page {
            Some((page, lines, map)) => {
                let at = |i: usize| map.get(i).copied().unwrap_or((0, 0));
                let s = at(span.start).0 as usize;
                let e = if span.end > span.start {
                    at(span.end - 1).1 as usize
                } else {
                    s
                };
                (s, e.max(s), lines.line_col(page, s))
            }
            None => (
                span.start,
                span.end,
                self.lines.line_col(&self.text, span.start),
            ),
        };
        Located {
            start: src.raw.raw_offset(start),
            end: src.raw.raw_offset(end),
            line: lc.line,
            column: lc.column,
        }
    }

    pub fn outlet_label(&self) -> String {
        self.outlet.clone().unwrap_or_else(|| self.id.clone())
    }
}

/// The files the given paths name, directories walked in order ("-" is
/// stdin), and the paths that could not be listed.
pub fn list_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
        } else if p.is_dir() {
            if let Err(source) = walk(p, &mut files, &mut errors) {
                errors.push(Error::Read {
                    path: p.clone(),
                    source,
                });
            }
        } else {
            files.push(p.clone());
        }
    }
    (files, errors)
}

/// Read every input path (files, directories recursively in sorted order, `-`
/// for stdin). Bad files are returned as errors beside the good documents so the
/// run goes on.
pub fn read_inputs(paths: &[PathBuf], rules: &Rules) -> (Vec<Document>, Vec<Error>) {
    let (files, mut errors) = list_inputs(paths);
    // files are read and parsed in parallel, then kept in the order given
    use rayon::prelude::*;
    let read: Vec<Result<(Vec<Document>, Vec<Error>)>> =
        files.par_iter().map(|f| read_file(f, rules)).collect();
    let mut docs = Vec::new();
    for r in read {
        match r {
            Ok((mut d, mut e)) => {
                docs.append(&mut d);
                errors.append(&mut e);
            }
            Err(e) => errors.push(e),
        }
    }
    dedupe_ids(&mut docs);
    (docs, errors)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, skipped: &mut Vec<Error>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out, skipped)?;
        } else if format_of(&p).is_some() {
            out.push(p);
        } else if !p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            let ext = p.extension().map(|e| e.to_string_lossy().into_owned());
            skipped.push(Error::Skipped {
                reason: match ext {
                    Some(e) => {
                        format!(".{e} is not an article format (txt, md, jsonl, html, warc)")
                    }
                    None => {
                        "no extension: not an article format (txt, md, jsonl, html, warc)".into()
                    }
                },
                path: p,
            });
        }
    }
    Ok(())
}

/// How a file is read, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Jsonl,
    Html,
    Warc,
}

fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let ext = name.rsplit('.').next()?;
    Some(match ext {
        "txt" | "md" | "markdown" => Format::Text,
        "jsonl" => Format::Jsonl,
        "html" | "htm" | "xhtml" => Format::Html,
        "warc" => Format::Warc,
        "gz" if name.ends_with(".warc.gz") => Format::Warc,
        _ => return None,
    })
}

/// Does this text look like a web page rather than an article's text?
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.contains("<html")
}

/// Decode a file's bytes as text, or say why it is not text.
pub(crate) fn decode_text(
    path: &Path,
    bytes: &[u8],
    declared: decode::Declared,
    html: bool,
) -> Result<decode::Decoded> {
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && bytes[..bytes.len().min(65_536)].contains(&0) {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            reason: "binary data (NUL bytes), not an article".into(),
        });
    }
    let d = decode::decode(bytes, declared, html);
    if d.garbage() > 0.05 {
        return Err(Error::Decode {
            path: path.to_path_buf(),
            reason: format!(
                "undecodable: read as {} it is mostly replacement characters",
                d.encoding.name()
            ),
        });
    }
    Ok(d)
}

fn read_file(path: &Path, rules: &Rules) -> Result<(Vec<Document>, Vec<Error>)> {
    let stdin = path.as_os_str() == "-";
    let bytes = if stdin {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).map_err(|source| {
            Error::Read {
                path: path.to_path_buf(),
                source,
            }
        })?;
        buf
    } else {
        std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?
    };
    read_bytes(path, &bytes, rules)
}

/// The documents in a file's bytes, as [`read_inputs`] reads them from
/// `path` (its name gives the format and the documents' ids).
pub fn read_bytes(path: &Path, bytes: &[u8], rules: &Rules) -> Result<(Vec<Document>, Vec<Error>)> {
    let stdin = path.as_os_str() == "-";
    let shown = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    let stem = stem.strip_suffix(".warc").unwrap_or(&stem).to_string();
    let format = format_of(path).unwrap_or(Format::Text);
    if format == Format::Warc {
        return warc::read(path, &shown, &stem, bytes, rules);
    }
    let decoded = decode_text(path, bytes, decode::Declared::None, format == Format::Html)?;
    let docs = match format {
        Format::Jsonl => metadata::read_jsonl(&stem, &shown, &decoded.text, rules)?,
        Format::Html => vec![Document::from_page(&stem, &shown, decoded, rules)],
        _ if stdin && looks_like_html(&decoded.text) => {
            vec![Document::from_page(&stem, &shown, decoded, rules)]
        }
        _ => vec![Document::from_decoded(&stem, &shown, decoded, rules)?],
    };
    Ok((docs, Vec::new()))
}

impl Document {
    /// A text file: its text as decoded, with the way back to its bytes when
    /// they are not UTF-8.
    pub fn from_decoded(
        id: &str,
        path: &str,
        decoded: decode::Decoded,
        rules: &Rules,
    ) -> Result<Document> {
        let encoding = decoded.encoding;
        let (text, raw) = decoded.split();
        let mut doc = Document::from_text(id, path, text, rules)?;
        if !raw.is_identity() {
            doc.source = Some(Box::new(Source {
                page: None,
                raw,
                encoding,
            }));
        }
        Ok(doc)
    }
}

/// Two files with the same stem in different folders get distinct ids.
pub fn dedupe_ids(docs: &mut [Document]) {
    let mut seen = rustc_hash::FxHashMap::<String, usize>::default();
    for d in docs.iter_mut() {
        let n = seen.entry(d.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            d.id = format!("{}~{}", d.id, n);
        }
    }
}

/// The documents whose `keep` is true, with their statements, each
/// statement's `doc_index` pointing at its document's new place.
pub fn keep_documents(
    documents: Vec<Document>,
    statements: Vec<crate::extract::Statement>,
    keep: &[bool],
) -> (Vec<Document>, Vec<crate::extract::Statement>) {
    let mut new_index = vec![None; documents.len()];
    let mut kept = Vec::new();
    for (i, d) in documents.into_iter().enumerate() {
        if keep[i] {
            new_index[i] = Some(kept.len());
            kept.push(d);
        }
    }
    let statements = statements
        .into_iter()
        .filter_map(|mut s| {
            s.doc_index = new_index[s.doc_index]?;
            Some(s)
        })
        .collect();
    (kept, statements)
}
