//! crosscheck: find where news sources disagree, with quoted evidence.
//!
//! The pipeline, one stage a module, each taking data and returning data:
//!
//! 1. [`ingest`] — files become [`ingest::Document`]s: metadata, body, furniture;
//! 2. [`normalize`] — a matching copy of the text with a map back to bytes;
//! 3. [`recognize`] — entities, roles, references in each sentence;
//! 4. [`time`] — date expressions resolved to intervals;
//! 5. [`syntax`] — the clauses of a sentence, so a time or a place attaches
//!    to the verb of its own clause;
//! 6. [`extract`] — [`extract::Statement`]s by the rules in `rules/`: events,
//!    and generic claims (a counted figure, whatever event it reports);
//! 7. [`compare`] — statements grouped into events and compared, claims
//!    aligned, sentences retold with one detail changed: [`compare::Flag`]s;
//! 8. [`report`] — the same [`Report`] rendered as text, JSON, Markdown.
//!
//! [`archive`] keeps documents and their statements in SQLite, so that a
//! growing archive is read once and checked against without re-extraction.
//!
//! ```
//! use crosscheck::{check_texts, rules::Rules};
//! let rules = Rules::embedded().unwrap();
//! let report = check_texts(&rules, &[
//!     ("a.md", "---\npublished: 2024-10-15\n---\nThe leaders of Brazil and Argentina are expected to sign a trade agreement in Rio de Janeiro.\n"),
//!     ("b.md", "---\npublished: 2025-01-20\n---\nThe presidents of Brazil and Argentina signed a trade agreement in Buenos Aires on 17 January 2025.\n"),
//! ]);
//! assert_eq!(report.flags.len(), 1);
//! assert_eq!(report.flags[0].kind.as_str(), "outcome-differs");
//! // every quote is the original text at its byte offsets
//! let side = &report.flags[0].sides[1];
//! assert!(side.quote.contains("Buenos Aires"));
//! ```

pub mod archive;
pub mod compare;
pub mod error;
pub mod extract;
pub mod ingest;
pub mod normalize;
pub mod recognize;
pub mod report;
pub mod rules;
pub mod span;
pub mod syntax;
pub mod time;
pub mod workflow;

use compare::Flag;
use extract::{Extractor, Statement};
use ingest::Document;
use rules::Rules;
use serde::Serialize;

/// The result of a run: documents, their statements, and the flags.
#[derive(Debug, Serialize)]
pub struct Report {
    #[serde(skip)]
    pub documents: Vec<Document>,
    pub statements: Vec<Statement>,
    pub flags: Vec<Flag>,
    /// Inputs that could not be read, one message each.
    pub errors: Vec<String>,
    /// Files in the given directories that are not an article format, each
    /// named with the reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
    #[serde(skip)]
    labels: rustc_hash::FxHashMap<String, String>,
    /// Statement id → position, so reporters find a flag's statements without
    /// scanning the corpus for each one.
    #[serde(skip)]
    by_id: rustc_hash::FxHashMap<String, usize>,
    /// A previous run and suppressions the flags are shown against.
    #[serde(skip)]
    pub against: report::baseline::Against,
}

impl Report {
    /// The report over the documents from index `focus` on and those a flag
    /// quotes, with their statements: what a check of new articles against
    /// an archive shows, without the rest of the archive.
    pub fn keep_documents_from(self, focus: usize) -> Report {
        let sides = || self.flags.iter().flat_map(|f| f.sides.iter());
        let quoted: rustc_hash::FxHashSet<&str> =
            sides().map(|s| s.origin.document.as_str()).collect();
        let cited: rustc_hash::FxHashSet<&str> = sides().map(|s| s.statement.as_str()).collect();
        let keep: Vec<bool> = self
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| i >= focus || quoted.contains(d.id.as_str()))
            .collect();
        let statements: Vec<Statement> = self
            .statements
            .into_iter()
            .filter(|s| s.doc_index >= focus || cited.contains(s.id.as_str()))
            .collect();
        let (documents, statements) = ingest::keep_documents(self.documents, statements, &keep);
        let by_id = index_by_id(&statements);
        Report {
            documents,
            statements,
            by_id,
            ..self
        }
    }

    /// Display label of an entity id (its English name where known).
    pub fn label(&self, id: &str) -> String {
        self.labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// The flags of one kind.
    pub fn flags_of(&self, kind: compare::FlagKind) -> impl Iterator<Item = &Flag> {
        self.flags.iter().filter(move |f| f.kind == kind)
    }

    /// Whether any flag is at or above `severity` (what `--fail-on` checks).
    pub fn fails_at(&self, severity: compare::Severity) -> bool {
        self.flags.iter().any(|f| f.severity >= severity)
    }

    /// The statement a flag side or corroboration names.
    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.by_id.get(id).map(|&i| &self.statements[i])
    }

    /// The file a statement was read from.
    pub fn path_of_statement(&self, s: &Statement) -> &str {
        &self.documents[s.doc_index].path
    }
}

/// Extract statements from every document, and set each document's
/// [`Document::entity_counts`] where it has none.
pub fn extract(rules: &Rules, documents: &mut [Document]) -> Vec<Statement> {
    extract_with(rules, documents, &mut |_| {})
}

/// `name` as held in `held`, added there when it is not yet.
fn held_once(
    held: &mut rustc_hash::FxHashSet<std::sync::Arc<str>>,
    name: String,
) -> std::sync::Arc<str> {
    if let Some(it) = held.get(name.as_str()) {
        return it.clone();
    }
    let it: std::sync::Arc<str> = name.into();
    held.insert(it.clone());
    it
}

/// Documents extracted in parallel between two progress reports.
const PARALLEL_BATCH: usize = 64;

/// As [`extract`], calling `progress` with the number of documents done.
///
/// Documents are extracted in parallel on rayon's pool (all cores, or
/// `RAYON_NUM_THREADS`): each document's statements depend on that document
/// alone, and they are put back in document order, so the output is the same
/// whatever the number of threads.
pub fn extract_with(
    rules: &Rules,
    documents: &mut [Document],
    progress: &mut dyn FnMut(usize),
) -> Vec<Statement> {
    extract_reading(rules, documents, progress, None).0
}

/// As [`extract_with`]; with a `reader`, each document's sentences are
/// also read for the sentence checks, from the same split (in document
/// order).
fn extract_reading(
    rules: &Rules,
    documents: &mut [Document],
    progress: &mut dyn FnMut(usize),
    reader: Option<&compare::SentenceReader>,
) -> (Vec<Statement>, Vec<compare::SentencesRead>) {
    use rayon::prelude::*;
    let ex = Extractor::new(rules);
    let mut out = Vec::new();
    let mut read = Vec::new();
    let mut done = 0;
    // every document names a dozen entities, most of them named by many:
    // each name is held once for all (1.2 million counts at 100,000
    // generated documents)
    let mut held: rustc_hash::FxHashSet<std::sync::Arc<str>> = Default::default();
    for (b, batch) in documents.chunks_mut(PARALLEL_BATCH).enumerate() {
        let per_doc: Vec<_> = batch
            .par_iter_mut()
            .enumerate()
            .map(|(k, d)| {
                let at = b * PARALLEL_BATCH + k;
                let split = recognize::sentences(d);
                let extracted = ex.read_split(rules, (d, at), &split);
                (extracted, reader.map(|r| r.read(at, d, &split)))
            })
            .collect();
        for (d, ((statements, names), sentences)) in batch.iter_mut().zip(per_doc) {
            d.entity_counts.get_or_insert_with(|| {
                names
                    .into_iter()
                    .map(|(name, n)| (held_once(&mut held, name), n))
                    .collect()
            });
            out.extend(statements);
            read.extend(sentences);
        }
        done += batch.len();
        progress(done);
    }
    (out, read)
}

/// Up to how many bytes of text the sentence checks read the sentences
/// extraction splits, and hold their keys (four to five times the text:
/// 35 MB for the 8.4 MB of 4,040 real pages) beside the statements; over
/// it they split the documents on their own first and let their keys go
/// before extraction (at 100,000 generated documents, 54 MB of text, the
/// keys are 260 MB).
const SHARED_SPLIT_MAX_TEXT: usize = 32 << 20;

/// The whole pipeline over documents already read.
pub fn check(rules: &Rules, documents: Vec<Document>, errors: Vec<String>) -> Report {
    check_with(rules, documents, errors, &mut |_| {})
}

/// As [`check`], calling `progress` with the number of documents extracted.
pub fn check_with(
    rules: &Rules,
    documents: Vec<Document>,
    errors: Vec<String>,
    progress: &mut dyn FnMut(usize),
) -> Report {
    let text: usize = documents.iter().map(|d| d.text.len()).sum();
    check_split(
        rules,
        documents,
        errors,
        progress,
        text <= SHARED_SPLIT_MAX_TEXT,
    )
}

/// As [`check_with`], the sentence checks reading the sentences
/// extraction splits (`shared`) or splitting them on their own first:
/// the same report either way.
#[doc(hidden)]
pub fn check_split(
    rules: &Rules,
    mut documents: Vec<Document>,
    errors: Vec<String>,
    progress: &mut dyn FnMut(usize),
    shared: bool,
) -> Report {
    if !shared {
        // the sentence checks need no statement: found first, the keys
        // they hold are let go before the statements are made
        let sentences = compare::sentence_flags(rules, &documents, 0);
        let statements = extract_with(rules, &mut documents, progress);
        return report_of(rules, documents, statements, errors, sentences);
    }
    let reader = compare::SentenceReader::new(&documents, 0, true);
    let (statements, read) = extract_reading(rules, &mut documents, progress, Some(&reader));
    let sentences = reader.finish(rules, &documents, read);
    report_of(rules, documents, statements, errors, sentences)
}

/// Compare statements already extracted from `documents` (each statement's
/// `doc_index` its document's position): the flags and the report.
pub fn compared(
    rules: &Rules,
    documents: Vec<Document>,
    statements: Vec<Statement>,
    errors: Vec<String>,
) -> Report {
    compared_from(rules, documents, statements, errors, 0)
}

/// Statement id → position in `statements`.
fn index_by_id(statements: &[Statement]) -> rustc_hash::FxHashMap<String, usize> {
    statements
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect()
}

/// As [`compared`], with only the flags that involve a document from index
/// `focus` on (all of them when `focus` is 0); work that cannot give one is
/// skipped (see [`compare::Corpus::focus`]).
pub fn compared_from(
    rules: &Rules,
    documents: Vec<Document>,
    statements: Vec<Statement>,
    errors: Vec<String>,
    focus: usize,
) -> Report {
    let sentences = compare::sentence_flags(rules, &documents, focus);
    report_of(rules, documents, statements, errors, sentences)
}

/// The flags and the report of `statements` extracted from `documents`,
/// with the sentence checks' flags found already (with the focus they were
/// asked with).
fn report_of(
    rules: &Rules,
    documents: Vec<Document>,
    statements: Vec<Statement>,
    errors: Vec<String>,
    sentences: compare::SentenceFlags,
) -> Report {
    let focus = sentences.focus();
    let corpus = compare::Corpus {
        rules,
        documents: &documents,
        statements: &statements,
        focus,
    };
    let mut flags = compare::compare_with(&corpus, sentences);
    if focus > 0 {
        let asked: rustc_hash::FxHashSet<&str> = documents[focus.min(documents.len())..]
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        flags.retain(|f| {
            f.sides
                .iter()
                .any(|s| asked.contains(s.origin.document.as_str()))
        });
    }
    let mut labels: rustc_hash::FxHashMap<String, String> = rules
        .entities
        .iter()
        .map(|e| (e.id.clone(), rules.label(&e.id)))
        .collect();
    // names no table knows, and offices no table fills, get readable labels too
    for s in &statements {
        for id in s.role_values().chain(s.place.as_deref()) {
            if !labels.contains_key(id) {
                labels.insert(id.to_string(), rules.label(id));
            }
        }
    }
    let by_id = index_by_id(&statements);
    Report {
        documents,
        statements,
        flags,
        errors,
        skipped: Vec::new(),
        labels,
        by_id,
        against: Default::default(),
    }
}

/// Read files and directories and run the whole pipeline; unreadable inputs
/// are listed in [`Report::errors`] and the run goes on.
pub fn check_paths(rules: &Rules, paths: &[std::path::PathBuf]) -> Report {
    let (docs, errors) = ingest::read_inputs(paths, rules);
    let (failed, skipped) = error::split_messages(&errors);
    let mut report = check(rules, docs, failed);
    report.skipped = skipped;
    report
}

/// Run the pipeline over in-memory texts `(path, text)`: handy in tests.
pub fn check_texts(rules: &Rules, texts: &[(&str, &str)]) -> Report {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for (path, text) in texts {
        let stem = std::path::Path::new(path)
            .file_stem()
            .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned());
        match Document::from_text(&stem, path, text.to_string(), rules) {
            Ok(d) => docs.push(d),
            Err(e) => errors.push(e.to_string()),
        }
    }
    check(rules, docs, errors)
}
