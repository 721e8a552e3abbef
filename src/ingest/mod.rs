//! Reading articles: files, directories, stdin and JSON Lines corpora become
//! [`Document`]s with metadata and a body separated from page furniture.
//!
//! Metadata comes from front matter when present, otherwise it is detected from
//! the text (dateline, "المصدر:" line, byline) and marked as detected; a page with
//! no dateline gets an *inferred* date with its basis, never a made-up one.
//! Furniture (navigation, "read also" blocks, captions, cookie notices) is kept
//! as spans of its own so that nothing in it is ever attributed to the article.

mod furniture;
mod metadata;

pub use metadata::DateSource;

use crate::error::{Error, Result};
use crate::rules::Rules;
use crate::span::{LineIndex, Span};
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What a line of a page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub date: Option<NaiveDate>,
    pub source: DateSource,
    /// Why an inferred date was chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
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
}

impl Document {
    /// Build a document from its original text, reading front matter and
    /// detecting what it does not give.
    pub fn from_text(id: &str, path: &str, text: String, rules: &Rules) -> Result<Document> {
        let (front, body_start) = metadata::front_matter(&text, Path::new(path))?;
        let blocks = furniture::blocks(&text, body_start, rules);
        let lines = LineIndex::new(&text);
        let mut doc = Document {
            id: id.to_string(),
            path: path.to_string(),
            outlet: None,
            outlet_detected: false,
            url: front.url.clone(),
            published: Published {
                date: None,
                source: DateSource::Unknown,
                basis: None,
            },
            language: String::new(),
            blocks,
            lines,
            text,
        };
        metadata::fill(&mut doc, front, rules);
        Ok(doc)
    }

    /// Spans of the lines whose claims belong to the article.
    pub fn body(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| matches!(b.kind, BlockKind::Body | BlockKind::Headline))
    }

    pub fn outlet_label(&self) -> String {
        self.outlet.clone().unwrap_or_else(|| self.id.clone())
    }
}

/// Read every input path (files, directories recursively in sorted order, `-`
/// for stdin). Bad files are returned as errors beside the good documents so the
/// run goes on.
pub fn read_inputs(paths: &[PathBuf], rules: &Rules) -> (Vec<Document>, Vec<Error>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            files.push(p.clone());
        } else if p.is_dir() {
            if let Err(source) = walk(p, &mut files) {
                errors.push(Error::Read {
                    path: p.clone(),
                    source,
                });
            }
        } else {
            files.push(p.clone());
        }
    }
    // files are read and parsed in parallel, then kept in the order given
    use rayon::prelude::*;
    let read: Vec<Result<Vec<Document>>> = files.par_iter().map(|f| read_file(f, rules)).collect();
    let mut docs = Vec::new();
    for r in read {
        match r {
            Ok(mut d) => docs.append(&mut d),
            Err(e) => errors.push(e),
        }
    }
    dedupe_ids(&mut docs);
    (docs, errors)
}

const EXTENSIONS: &[&str] = &["txt", "md", "markdown", "jsonl"];

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| EXTENSIONS.contains(&e))
        {
            out.push(p);
        }
    }
    Ok(())
}

fn read_file(path: &Path, rules: &Rules) -> Result<Vec<Document>> {
    let bytes = if path.as_os_str() == "-" {
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
    let text = String::from_utf8(bytes).map_err(|e| Error::Decode {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let shown = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".into());
    if path.extension().is_some_and(|e| e == "jsonl") {
        return metadata::read_jsonl(&stem, &shown, &text, rules);
    }
    Ok(vec![Document::from_text(&stem, &shown, text, rules)?])
}

/// Two files with the same stem in different folders get distinct ids.
fn dedupe_ids(docs: &mut [Document]) {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for d in docs.iter_mut() {
        let n = seen.entry(d.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            d.id = format!("{}~{}", d.id, n);
        }
    }
}
