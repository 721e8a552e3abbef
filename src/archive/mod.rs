//! A growing archive: documents and their statements kept in SQLite, read
//! once and checked against many times.
//!
//! `crosscheck index DB PATHS…` reads each file, extracts its statements
//! and stores them with the file's bytes and content hash. A file whose hash
//! has not changed since it was indexed (with the same rules) is skipped; a
//! changed one has its old documents and statements replaced, in one
//! transaction per file, so a process killed mid-run leaves every file it
//! committed whole. Statements made by other rules (another
//! [`Rules::fingerprint`]) are never compared: `index` extracts those files
//! again, and reading an archive built with other rules is an error that
//! says so.
//!
//! The database is SQLite in WAL mode: readers go on while one writer
//! writes, and a second writer waits for the first (up to [`BUSY_WAIT`]),
//! then fails with a clear message. The file carries its own application id,
//! so a database of another program, or a file that is no database, is
//! refused by name rather than read.
//!
//! Documents are stored as the bytes they were read from and read again on
//! load (ingest is cheap beside extraction and is deterministic); statements
//! are stored as their JSON, with the mentions and content words that the
//! comparator also needs.

use crate::extract::Statement;
use crate::ingest::Document;
use crate::recognize::Mention;
use crate::rules::Rules;
use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension};
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

/// SQLite's application id for crosscheck archives: "CRSC".
const APPLICATION_ID: i32 = 0x4352_5343;
/// The schema's version, in SQLite's `user_version`.
/// (8: statements of attendance keyed by attendee.)
const SCHEMA_VERSION: i32 = 8;
/// Files read and extracted in parallel before their statements are written.
const INDEX_BATCH: usize = 256;
/// How long a writer waits for another one to finish.
pub const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS files (
    id    INTEGER PRIMARY KEY,
    path  TEXT NOT NULL UNIQUE,
    hash  TEXT NOT NULL,
    rules TEXT NOT NULL,
    bytes BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id        INTEGER PRIMARY KEY,
    file      INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    doc_id    TEXT NOT NULL,
    published TEXT,
    outlet    TEXT,
    body      BLOB,
    entities  BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_file ON documents(file);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE TABLE IF NOT EXISTS statements (
    id        INTEGER PRIMARY KEY,
    document  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    predicate TEXT NOT NULL,
    body      BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_document ON statements(document);
CREATE TABLE IF NOT EXISTS keys (
    key       TEXT NOT NULL,
    statement INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    file      INTEGER NOT NULL,
    PRIMARY KEY (key, statement)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS keys_statement ON keys(statement);
";

/// The keys under which a statement is stored, to meet statements of other
/// documents: its predicate with each pair of its participants (as events
/// are grouped), or for a generic claim, what it counts and its head; and
/// for a report that places someone somewhere, who and where (an expected
/// visit is resolved by it, see [`sought_keys`]). A new article is compared
/// with the archived statements that share a key with it, never with the
/// whole archive.
pub fn event_keys(rules: &Rules, st: &Statement) -> Vec<String> {
    let mut out = meeting_keys(rules, st);
    if st.modality == crate::extract::Modality::Asserted
        && st.polarity == crate::extract::Polarity::Positive
    {
        if let Some(place) = &st.place {
            let places = places_of(rules, place);
            for a in st.agents() {
                out.extend(places.iter().map(|p| format!("at:{a}:{p}")));
            }
        }
    }
    out
}

/// The keys a statement looks for in the archive: those it meets others by,
/// and for an expected visit, the reports that place its visitor where it
/// is expected (a key ending in ":" stands for every place: a destination
/// nothing locates agrees with any).
pub fn sought_keys(rules: &Rules, st: &Statement) -> Vec<String> {
    let mut out = meeting_keys(rules, st);
    let to_destination = rules
        .predicates
        .iter()
        .any(|p| p.id == st.predicate && p.place_from_destination);
    if let Some(dest) = st
        .place
        .as_ref()
        .filter(|_| st.modality.is_expectation() && to_destination)
    {
        let places = places_of(rules, dest);
        for a in st.agents() {
            if places.iter().any(|p| p == ANYWHERE) {
                out.push(format!("at:{a}:"));
            } else {
                out.extend(places.iter().map(|p| format!("at:{a}:{p}")));
                out.push(format!("at:{a}:{ANYWHERE}"));
            }
        }
    }
    out
}

/// The place of a venue that nothing locates: it agrees with any place.
const ANYWHERE: &str = "*";

/// A place as the keys that two agreeing places share (see
/// `compare::places_agree`): the place and its containers, its country, the
/// name of a venue no table knows, or [`ANYWHERE`] when nothing says where
/// such a venue is.
fn places_of(rules: &Rules, place: &str) -> Vec<String> {
    let mut out = vec![place.to_string()];
    if place.starts_with("name:") {
        out.push(place.split('@').next().unwrap_or(place).to_string());
        if rules.entity(place).is_none() {
            match place.split_once('@') {
                Some((_, container)) => out.extend(places_of(rules, container)),
                None => out.push(ANYWHERE.to_string()),
            }
        }
    }
    out.extend(rules.ancestors(place));
    out.extend(rules.country_of(place));
    out.sort();
    out.dedup();
    out
}

fn meeting_keys(rules: &Rules, st: &Statement) -> Vec<String> {
    let mut out = grouping_keys(rules, st);
    // words said by one speaker meet the same speaker's other words
    out.extend(crate::compare::quoted_speaker(rules, st).map(|p| format!("q:{p}")));
    // who was expected at an event meets the reports that they stayed away
    out.extend(crate::compare::attendance_keys(rules, st));
    out
}

fn grouping_keys(rules: &Rules, st: &Statement) -> Vec<String> {
    if st.predicate == crate::extract::CLAIM {
        return st
            .quantities
            .iter()
            .map(|q| format!("c:{}:{}", q.unit, st.head.as_deref().unwrap_or("")))
            .collect();
    }
    // as `group_events` joins them
    crate::compare::event_pairs(rules, st)
        .into_iter()
        .map(|(p, a, b)| format!("p:{p}:{a}:{b}"))
        .collect()
}

/// [`Stored`] as written, borrowing the statement.
#[derive(serde::Serialize)]
struct StoredRef<'a> {
    statement: &'a Statement,
    mentions: &'a [Mention],
    terms: &'a [String],
}

/// What the comparator needs of a statement beyond its public JSON.
#[derive(serde::Deserialize)]
struct Stored {
    statement: Statement,
    mentions: Vec<Mention>,
    terms: Vec<String>,
}

/// A document as read, for one whose text is its file's own (no page and
/// no other encoding to map back to): read back without reading the file
/// again.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredDocument {
    id: String,
    path: String,
    text: String,
    outlet: Option<String>,
    outlet_detected: bool,
    url: Option<String>,
    published: crate::ingest::Published,
    language: String,
    /// Each block: start, end, kind, language.
    blocks: Vec<(usize, usize, crate::ingest::BlockKind, String)>,
}

impl StoredDocument {
    fn of(d: &Document) -> Option<StoredDocument> {
        d.source.is_none().then(|| StoredDocument {
            id: d.id.clone(),
            path: d.path.clone(),
            text: d.text.clone(),
            outlet: d.outlet.clone(),
            outlet_detected: d.outlet_detected,
            url: d.url.clone(),
            published: d.published.clone(),
            language: d.language.clone(),
            blocks: d
                .blocks
                .iter()
                .map(|b| (b.span.start, b.span.end, b.kind, b.language.to_string()))
                .collect(),
        })
    }

    fn into_document(self) -> Document {
        Document {
            lines: crate::span::LineIndex::new(&self.text),
            id: self.id,
            path: self.path,
            outlet: self.outlet,
            outlet_detected: self.outlet_detected,
            url: self.url,
            published: self.published,
            language: self.language,
            blocks: self
                .blocks
                .into_iter()
                .map(|(start, end, kind, language)| crate::ingest::Block {
                    span: crate::span::Span::new(start, end),
                    kind,
                    language: if language == "ar" { "ar" } else { "en" },
                })
                .collect(),
            text: self.text,
            source: None,
            entity_counts: None,
            origin: Default::default(),
        }
    }
}

/// An open archive.
pub struct Archive {
    conn: Connection,
    path: PathBuf,
    wait: std::time::Duration,
}

/// What one `index` run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexSummary {
    /// Files read and extracted (new, changed, or made by other rules).
    pub indexed: usize,
    /// Files whose bytes and rules had not changed.
    pub unchanged: usize,
    pub documents: usize,
    pub statements: usize,
    /// Files that could not be read, one message each; the run went on.
    pub errors: Vec<String>,
    /// Files in the directories given that are not an article format.
    pub passed_over: usize,
}

impl Archive {
    /// Open the archive at `path`, creating it if there is no file there. A
    /// file that is not a crosscheck archive is refused, named.
    pub fn open(path: &Path) -> Result<Archive> {
        let existed = path.exists() && std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        let conn = Connection::open(path)
            .with_context(|| format!("{}: cannot open as an archive", path.display()))?;
        conn.busy_timeout(BUSY_WAIT)?;
        // `rarray(?)`: a list of ids bound as one parameter
        rusqlite::vtab::array::load_module(&conn)?;
        let shown = path.display();
        // reading the header tells a file that is no database at once
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .with_context(|| {
                format!("{shown}: not a crosscheck archive (not an SQLite database, or damaged)")
            })?;
        if existed && app != APPLICATION_ID {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
                .with_context(|| format!("{shown}: not a crosscheck archive"))?;
            if tables > 0 || app != 0 {
                bail!("{shown}: not a crosscheck archive (an SQLite database of another program)");
            }
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let version: i32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if app == APPLICATION_ID && version > SCHEMA_VERSION {
            bail!(
                "{shown}: archive schema {version} is newer than this program's ({SCHEMA_VERSION})"
            );
        }
        if app == APPLICATION_ID && version < SCHEMA_VERSION {
            bail!(
                "{shown}: archive schema {version} is older than this program's ({SCHEMA_VERSION}); index the articles into a new archive"
            );
        }
        // a new archive is set up once; opening one in use writes nothing,
        // so it never waits for another process's write
        if app != APPLICATION_ID || version != SCHEMA_VERSION {
            let db = shown.to_string();
            conn.pragma_update(None, "journal_mode", "WAL")
                .map_err(|e| busy(e, &db, BUSY_WAIT))?;
            conn.execute_batch(SCHEMA)
                .map_err(|e| busy(e, &db, BUSY_WAIT))?;
            conn.pragma_update(None, "application_id", APPLICATION_ID)?;
            conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        Ok(Archive {
            conn,
            path: path.to_path_buf(),
            wait: BUSY_WAIT,
        })
    }

    /// Open an archive to read: one that is not there is an error, not a new
    /// empty archive.
    pub fn open_existing(path: &Path) -> Result<Archive> {
        if !path.is_file() {
            bail!(
                "{}: no archive there; make one with `crosscheck index {} PATHS…`",
                path.display(),
                path.display()
            );
        }
        Archive::open(path)
    }

    /// How long to wait for another process writing to the archive (default
    /// [`BUSY_WAIT`]) before giving up with a clear message.
    pub fn wait_for_writers(&mut self, wait: std::time::Duration) -> Result<()> {
        self.conn.busy_timeout(wait)?;
        self.wait = wait;
        Ok(())
    }

    /// Index every file `paths` name (directories walked). Each file is its
    /// own transaction.
    pub fn index(&mut self, rules: &Rules, paths: &[PathBuf]) -> Result<IndexSummary> {
        self.index_with(rules, paths, &mut |_, _| {})
    }

    /// As [`Archive::index`], calling `progress` with the files done and the
    /// files in all, after each batch.
    pub fn index_with(
        &mut self,
        rules: &Rules,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<IndexSummary> {
        let fingerprint = rules.fingerprint();
        let (files, list_errors) = crate::ingest::list_inputs(paths);
        // files of another format in a directory are passed over, not failures
        let mut summary = IndexSummary {
            errors: list_errors
                .iter()
                .filter(|e| !e.is_notice())
                .map(|e| e.to_string())
                .collect(),
            passed_over: list_errors.iter().filter(|e| e.is_notice()).count(),
            ..Default::default()
        };
        let extractor = crate::extract::Extractor::new(rules);
        // files are read and extracted in parallel, a batch at a time, and
        // written one transaction per file in the order listed
        for (b, batch) in files.chunks(INDEX_BATCH).enumerate() {
            progress(b * INDEX_BATCH, files.len());
            let mut todo: Vec<(String, String, Vec<u8>, PathBuf)> = Vec::new();
            for file in batch {
                let shown = file.display().to_string();
                let bytes = match std::fs::read(file) {
                    Ok(b) => b,
                    Err(e) => {
                        summary.errors.push(format!("{shown}: {e}"));
                        continue;
                    }
                };
                let hash = blake3::hash(&bytes).to_hex().to_string();
                let known: Option<(String, String)> = self
                    .conn
                    .query_row(
                        "SELECT hash, rules FROM files WHERE path = ?1",
                        params![shown],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()?;
                if known.as_ref() == Some(&(hash.clone(), fingerprint.clone())) {
                    summary.unchanged += 1;
                    continue;
                }
                todo.push((shown, hash, bytes, file.clone()));
            }
            // each document's statements and how often it names each entity
            type Extracted = (Vec<Statement>, Vec<(String, u32)>);
            type Read = std::result::Result<(Vec<Document>, Vec<Extracted>, Vec<String>), String>;
            let read: Vec<Read> = {
                use rayon::prelude::*;
                todo.par_iter()
                    .map(|(_, _, bytes, file)| {
                        let (docs, errors) = crate::ingest::read_bytes(file, bytes, rules)
                            .map_err(|e| e.to_string())?;
                        let per_doc = docs
                            .iter()
                            .enumerate()
                            .map(|(k, d)| extractor.read(rules, d, k))
                            .collect();
                        Ok((
                            docs,
                            per_doc,
                            errors.iter().map(|e| e.to_string()).collect(),
                        ))
                    })
                    .collect()
            };
            for ((shown, hash, bytes, _), r) in todo.into_iter().zip(read) {
                let (docs, per_doc) = match r {
                    Ok((docs, per_doc, errors)) => {
                        summary.errors.extend(errors);
                        (docs, per_doc)
                    }
                    Err(e) => {
                        summary.errors.push(e);
                        continue;
                    }
                };
                // the write lock is taken at once; another indexer holding it
                // is waited for, up to BUSY_WAIT
                let db = self.path.display().to_string();
                let tx = self
                    .conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(|e| busy(e, &db, self.wait))?;
                tx.execute("DELETE FROM files WHERE path = ?1", params![shown])?;
                tx.execute(
                    "INSERT INTO files (path, hash, rules, bytes) VALUES (?1, ?2, ?3, ?4)",
                    params![shown, hash, fingerprint, bytes],
                )?;
                let file_id = tx.last_insert_rowid();
                for (k, (doc, (statements, names))) in docs.iter().zip(&per_doc).enumerate() {
                    let stored_doc = StoredDocument::of(doc)
                        .map(|d| serde_json::to_string(&d).map(|j| pack(&j)))
                        .transpose()?;
                    let entities = pack(&serde_json::to_string(names)?);
                    tx.prepare_cached(
                        "INSERT INTO documents (file, seq, doc_id, published, outlet, body, entities) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    )?
                    .execute(params![
                        file_id,
                        k as i64,
                        doc.id,
                        doc.published.date.map(|d| d.to_string()),
                        doc.outlet,
                        stored_doc,
                        entities
                    ])?;
                    let doc_row = tx.last_insert_rowid();
                    for (j, st) in statements.iter().enumerate() {
                        let body = pack(&serde_json::to_string(&StoredRef {
                            statement: st,
                            mentions: &st.mentions,
                            terms: &st.terms,
                        })?);
                        tx.prepare_cached("INSERT INTO statements (document, seq, predicate, body) VALUES (?1, ?2, ?3, ?4)")?.execute(params![doc_row, j as i64, st.predicate, body],
                    )?;
                        let st_row = tx.last_insert_rowid();
                        let mut keys = event_keys(rules, st);
                        keys.sort();
                        keys.dedup();
                        for key in &keys {
                            tx.prepare_cached(
                                "INSERT INTO keys (key, statement, file) VALUES (?1, ?2, ?3)",
                            )?
                            .execute(params![key, st_row, file_id])?;
                        }
                        summary.statements += 1;
                    }
                    summary.documents += 1;
                }
                tx.commit()
                    .with_context(|| format!("{}: cannot commit {shown}", self.path.display()))?;
                summary.indexed += 1;
            }
        }
        progress(files.len(), files.len());
        Ok(summary)
    }

    /// Every document and statement in the archive, files in path order,
    /// as `check` over the same files would have them. Refuses an archive
    /// with statements made by other rules.
    pub fn load(&self, rules: &Rules) -> Result<(Vec<Document>, Vec<Statement>)> {
        self.load_files(rules, None)
    }

    /// What new articles (or a draft) can be compared with: the archived
    /// statements that share a key with their `statements` (see
    /// [`sought_keys`]), with their documents, and the documents published
    /// within [`crate::compare::RETOLD_WINDOW_DAYS`] of one of the articles'
    /// dates `published` (any undated document, and every document if an
    /// article is undated), whose sentences may retell theirs. A document
    /// comes back with only the statements asked for, and with how often it
    /// names each entity over all of them ([`Document::entity_counts`]).
    pub fn load_related(
        &self,
        rules: &Rules,
        statements: &[Statement],
        published: &[Option<chrono::NaiveDate>],
    ) -> Result<(Vec<Document>, Vec<Statement>)> {
        let mut keys: Vec<String> = statements
            .iter()
            .flat_map(|s| sought_keys(rules, s))
            .collect();
        keys.sort();
        keys.dedup();
        let mut q = self
            .conn
            .prepare("SELECT statement, file FROM keys WHERE key = ?1")?;
        // "at:who:" stands for every place someone was reported at
        let mut q_all = self
            .conn
            .prepare("SELECT statement, file FROM keys WHERE key > ?1 AND key < ?2")?;
        let mut files: Vec<i64> = Vec::new();
        let mut wanted: Vec<FileStatement> = Vec::new();
        for k in &keys {
            let mut rows = match k.strip_suffix(':').filter(|_| k.starts_with("at:")) {
                Some(who) => q_all.query(params![k, format!("{who};")])?,
                None => q.query(params![k])?,
            };
            while let Some(r) = rows.next()? {
                let (statement, file) = (r.get(0)?, r.get(1)?);
                wanted.push((file, statement));
                files.push(file);
            }
        }
        // the files whose sentences the articles' sentences may meet
        let window = chrono::Duration::days(crate::compare::RETOLD_WINDOW_DAYS);
        if published.iter().any(Option::is_none) {
            let mut q = self.conn.prepare_cached("SELECT id FROM files")?;
            for f in q.query_map([], |r| r.get(0))? {
                files.push(f?);
            }
        } else {
            let mut days: Vec<chrono::NaiveDate> = published.iter().flatten().copied().collect();
            days.sort_unstable();
            days.dedup();
            // overlapping windows merged into ranges
            let mut ranges: Vec<(chrono::NaiveDate, chrono::NaiveDate)> = Vec::new();
            for d in days {
                match ranges.last_mut() {
                    Some((_, end)) if d - window <= *end => *end = d + window,
                    _ => ranges.push((d - window, d + window)),
                }
            }
            let mut q = self
                .conn
                .prepare_cached("SELECT file FROM documents WHERE published IS NULL")?;
            for f in q.query_map([], |r| r.get(0))? {
                files.push(f?);
            }
            let mut q = self
                .conn
                .prepare_cached("SELECT file FROM documents WHERE published BETWEEN ?1 AND ?2")?;
            for (from, to) in ranges {
                for f in q.query_map(params![from.to_string(), to.to_string()], |r| r.get(0))? {
                    files.push(f?);
                }
            }
        }
        files.sort_unstable();
        files.dedup();
        wanted.sort_unstable();
        wanted.dedup();
        self.load_files(rules, Some((&files, &wanted)))
    }

    /// The files `only.0` (every file if `None`), with the statements
    /// `only.1` of them (file and statement row ids, sorted) or all of theirs.
    fn load_files(
        &self,
        rules: &Rules,
        only: Option<(&[i64], &[FileStatement])>,
    ) -> Result<(Vec<Document>, Vec<Statement>)> {
        let fingerprint = rules.fingerprint();
        let stale: i64 = self.conn.query_row(
            "SELECT count(*) FROM files WHERE rules != ?1",
            params![fingerprint],
            |r| r.get(0),
        )?;
        if stale > 0 {
            bail!(
                "{}: {stale} file(s) were indexed with other rules or another version of crosscheck; run `crosscheck index {}` with the same paths again",
                self.path.display(),
                self.path.display()
            );
        }
        let mut rows: Vec<(i64, String)> = match only {
            None => {
                let mut files = self.conn.prepare("SELECT id, path FROM files")?;
                let rows = files
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                rows
            }
            Some((ids, _)) => {
                let mut files = self
                    .conn
                    .prepare("SELECT id, path FROM files WHERE id IN rarray(?1)")?;
                let rows = files
                    .query_map(params![id_list(ids.iter().copied())], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                rows
            }
        };
        // the order a directory walk gives: by path, component by component
        rows.sort_by(|a, b| Path::new(&a.1).cmp(Path::new(&b.1)));
        let mut documents = Vec::new();
        let mut statements = Vec::new();
        let db = self.path.display().to_string();
        // files in chunks: this thread reads a chunk from SQLite while the
        // chunk before it is parsed, files in parallel, on another
        std::thread::scope(|scope| -> Result<()> {
            let (send, receive) = std::sync::mpsc::sync_channel::<Vec<StoredFile>>(1);
            let parser = scope.spawn(move || -> Result<Vec<ReadBack>> {
                use rayon::prelude::*;
                let mut out = Vec::new();
                for chunk in receive {
                    let read: Vec<Result<ReadBack>> = chunk
                        .par_iter()
                        .map(|(path, source, bodies, entities)| {
                            read_back(rules, &db, path, source, bodies, entities)
                        })
                        .collect();
                    for r in read {
                        out.push(r?);
                    }
                }
                Ok(out)
            });
            let mut failed = None;
            for chunk in rows.chunks(LOAD_CHUNK) {
                match self.read_chunk(chunk, only.map(|o| o.1)) {
                    Ok(stored) => {
                        if send.send(stored).is_err() {
                            break;
                        }
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            drop(send);
            let parsed = parser.join().map_err(|_| {
                anyhow::anyhow!("{}: reading the archive failed", self.path.display())
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            for (docs, per_doc) in parsed? {
                for (doc, sts) in docs.into_iter().zip(per_doc) {
                    let doc_index = documents.len();
                    statements.extend(sts.into_iter().map(|mut st| {
                        st.doc_index = doc_index;
                        st
                    }));
                    documents.push(doc);
                }
            }
            Ok(())
        })?;
        renumber(&mut documents, &mut statements);
        Ok((documents, statements))
    }

    /// What SQLite holds for some files (id, path), in their order: each
    /// file's documents as stored (or its bytes), and each document's
    /// statement blobs in order. Three queries for the whole chunk.
    fn read_chunk(
        &self,
        files: &[(i64, String)],
        wanted: Option<&[FileStatement]>,
    ) -> Result<Vec<StoredFile>> {
        let ids = id_list(files.iter().map(|(id, _)| *id));
        // file → its documents (row id, seq, body, entity counts)
        let mut docs: HashMap<i64, Vec<DocRow>> = HashMap::default();
        let mut q = self.conn.prepare_cached(
            "SELECT file, id, seq, body, entities FROM documents WHERE file IN rarray(?1)",
        )?;
        let mut rows = q.query(params![ids])?;
        while let Some(r) = rows.next()? {
            docs.entry(r.get(0)?).or_default().push(DocRow {
                id: r.get(1)?,
                seq: r.get(2)?,
                body: r.get(3)?,
                entities: if wanted.is_some() {
                    Some(r.get(4)?)
                } else {
                    None
                },
            });
        }
        let doc_ids = id_list(docs.values().flatten().map(|d| d.id));
        // document → its statements (seq, body): all of them, or those wanted
        let mut bodies: HashMap<i64, Vec<(i64, Vec<u8>)>> = HashMap::default();
        let mut all_q = self.conn.prepare_cached(
            "SELECT document, seq, body FROM statements WHERE document IN rarray(?1)",
        )?;
        let mut some_q = self
            .conn
            .prepare_cached("SELECT document, seq, body FROM statements WHERE id IN rarray(?1)")?;
        // the chunk's own statements among those wanted
        let wanted_ids = wanted.map(|w| {
            id_list(files.iter().flat_map(|(file, _)| {
                let from = w.partition_point(|x| x.0 < *file);
                w[from..]
                    .iter()
                    .take_while(move |x| x.0 == *file)
                    .map(|x| x.1)
            }))
        });
        let mut rows = match &wanted_ids {
            None => all_q.query(params![doc_ids])?,
            Some(w) => some_q.query(params![w.clone()])?,
        };
        while let Some(r) = rows.next()? {
            bodies
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?));
        }
        let mut bytes_q = self
            .conn
            .prepare_cached("SELECT bytes FROM files WHERE id = ?1")?;
        let mut out = Vec::with_capacity(files.len());
        for (file, path) in files {
            let mut doc_rows = docs.remove(file).unwrap_or_default();
            doc_rows.sort_by_key(|d| d.seq);
            let blobs: Vec<Blobs> = doc_rows
                .iter()
                .map(|d| {
                    let mut b = bodies.remove(&d.id).unwrap_or_default();
                    b.sort_by_key(|x| x.0);
                    b.into_iter().map(|x| x.1).collect()
                })
                .collect();
            let entities: Vec<Option<Vec<u8>>> =
                doc_rows.iter_mut().map(|d| d.entities.take()).collect();
            // a document stored as read comes back as it is; a page (or a
            // file in another encoding) is read from its bytes again
            let held: Option<Vec<Vec<u8>>> = doc_rows.into_iter().map(|d| d.body).collect();
            let source = match held {
                Some(held) if !held.is_empty() => Held::Documents(held),
                _ => Held::Bytes(bytes_q.query_row(params![file], |r| r.get(0))?),
            };
            out.push((path.clone(), source, blobs, entities));
        }
        Ok(out)
    }

    /// New articles checked against the archive: only the flags that involve
    /// at least one of them. They meet only the archived files they share an
    /// event key with (published on or after `since`, if given); an article
    /// already in the archive is the archive's, not new.
    pub fn check_new(
        &self,
        rules: &Rules,
        mut docs: Vec<Document>,
        errors: Vec<String>,
        since: Option<chrono::NaiveDate>,
    ) -> Result<crate::Report> {
        let extracted = crate::extract(rules, &mut docs);
        let published: Vec<_> = docs.iter().map(|d| d.published.date).collect();
        let (mut documents, mut statements) = self.load_related(rules, &extracted, &published)?;
        if let Some(day) = since {
            (documents, statements) = keep_since(documents, statements, day);
        }
        let known: std::collections::HashSet<&str> =
            documents.iter().map(|d| d.path.as_str()).collect();
        let first_new = documents.len();
        // the new articles' statements, already extracted, follow the archive's
        let mut position = vec![None; docs.len()];
        let mut new_docs = Vec::new();
        for (i, d) in docs.into_iter().enumerate() {
            if !known.contains(d.path.as_str()) {
                position[i] = Some(first_new + new_docs.len());
                new_docs.push(d);
            }
        }
        statements.extend(extracted.into_iter().filter_map(|mut s| {
            s.doc_index = position[s.doc_index]?;
            Some(s)
        }));
        documents.extend(new_docs);
        renumber(&mut documents, &mut statements);
        Ok(
            crate::compared_from(rules, documents, statements, errors, first_new)
                .keep_documents_from(first_new),
        )
    }

    /// The latest publication date in the archive.
    pub fn newest(&self) -> Result<Option<chrono::NaiveDate>> {
        let day: Option<String> =
            self.conn
                .query_row("SELECT max(published) FROM documents", [], |r| r.get(0))?;
        Ok(day.and_then(|d| d.parse().ok()))
    }

    /// How many files, documents and statements the archive holds.
    pub fn counts(&self) -> Result<(i64, i64, i64)> {
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
        };
        Ok((count("files")?, count("documents")?, count("statements")?))
    }

    /// SQLite's own check of the file: "ok" when it is whole.
    pub fn integrity(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A clear message when another process holds the archive's write lock.
fn busy(e: rusqlite::Error, db: &str, waited: std::time::Duration) -> anyhow::Error {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            anyhow::anyhow!(
                "{db}: another process is writing to this archive (waited {:.1} s); try again when it is done",
                waited.as_secs_f64()
            )
        }
        _ => anyhow::Error::new(e).context(format!("{db}: cannot write to the archive")),
    }
}

/// One archived file's documents, and the statements stored for each.
type ReadBack = (Vec<Document>, Vec<Vec<Statement>>);

/// Stored blobs, one per statement (or per document) in order.
type Blobs = Vec<Vec<u8>>;

/// One file as SQLite holds it: its path, its documents, each document's
/// statement blobs, and (when only some statements are read) each
/// document's entity counts.
type StoredFile = (String, Held, Vec<Blobs>, Vec<Option<Vec<u8>>>);

/// Row ids bound as one parameter, for `IN rarray(?)`.
fn id_list(ids: impl Iterator<Item = i64>) -> std::rc::Rc<Vec<rusqlite::types::Value>> {
    std::rc::Rc::new(ids.map(rusqlite::types::Value::from).collect())
}

/// A file's row id and one of its statements' row id.
type FileStatement = (i64, i64);

/// A row of `documents` as read back.
struct DocRow {
    id: i64,
    seq: i64,
    body: Option<Vec<u8>>,
    entities: Option<Vec<u8>>,
}

/// Files read from SQLite at a time while the chunk before is parsed.
const LOAD_CHUNK: usize = 2048;

/// JSON as stored: LZ4 (lz4_flex), which reads back many times faster than
/// deflate; a stored statement is short (under 1 KB of JSON), where deflate
/// spent more time building its tables than decoding.
fn pack(json: &str) -> Vec<u8> {
    lz4_flex::compress_prepend_size(json.as_bytes())
}

/// What a stored blob holds, read from its JSON: decompressed into a buffer
/// each thread keeps, so that reading back 100,000s of statements does not
/// allocate (and the allocator return) a buffer for each.
fn unpack<T: serde::de::DeserializeOwned>(blob: &[u8]) -> Result<T> {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let (size, rest) = lz4_flex::block::uncompressed_size(blob)?;
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        buffer.resize(size, 0);
        let n = lz4_flex::block::decompress_into(rest, &mut buffer[..])?;
        Ok(serde_json::from_slice(&buffer[..n])?)
    })
}

/// How an archived file's documents come back.
enum Held {
    /// Stored as read (JSON of [`StoredDocument`]), one per document.
    Documents(Vec<Vec<u8>>),
    /// The file's bytes, read again.
    Bytes(Vec<u8>),
}

/// One archived file read back.
fn read_back(
    rules: &Rules,
    db: &str,
    path: &str,
    source: &Held,
    bodies: &[Blobs],
    entities: &[Option<Vec<u8>>],
) -> Result<ReadBack> {
    let mut docs: Vec<Document> = match source {
        Held::Bytes(bytes) => {
            crate::ingest::read_bytes(Path::new(path), bytes, rules)
                .map_err(|e| anyhow::anyhow!("{db}: {path}: {e}"))?
                .0
        }
        Held::Documents(docs) => docs
            .iter()
            .map(|d| {
                unpack::<StoredDocument>(d)
                    .map(StoredDocument::into_document)
                    .with_context(|| format!("{db}: a document of {path} does not read back"))
            })
            .collect::<Result<_>>()?,
    };
    if bodies.len() != docs.len() {
        bail!(
            "{db}: {path} reads as {} document(s) but {} are stored; index it again",
            docs.len(),
            bodies.len()
        );
    }
    for (doc, counts) in docs.iter_mut().zip(entities) {
        if let Some(blob) = counts {
            let counts = unpack(blob)
                .with_context(|| format!("{db}: a document of {path} does not read back"))?;
            doc.entity_counts = Some(counts);
        }
    }
    let mut per_doc = Vec::with_capacity(bodies.len());
    for doc_bodies in bodies {
        let mut sts = Vec::with_capacity(doc_bodies.len());
        for body in doc_bodies {
            let stored: Stored = unpack(body)
                .with_context(|| format!("{db}: a statement of {path} does not read back"))?;
            let mut st = stored.statement;
            st.mentions = stored.mentions.into();
            st.terms = stored.terms.into();
            sts.push(st);
        }
        per_doc.push(sts);
    }
    Ok((docs, per_doc))
}

/// Keep only the documents published on or after `since` (an undated one
/// cannot be placed, so it goes too), with their statements.
pub fn keep_since(
    documents: Vec<Document>,
    statements: Vec<Statement>,
    since: chrono::NaiveDate,
) -> (Vec<Document>, Vec<Statement>) {
    let keep: Vec<bool> = documents
        .iter()
        .map(|d| d.published.date.is_some_and(|p| p >= since))
        .collect();
    crate::ingest::keep_documents(documents, statements, &keep)
}

/// Give documents read from different files distinct ids, as a run over the
/// files together does ("a", "a~2"), and carry the new ids into their
/// statements.
pub fn renumber(documents: &mut [Document], statements: &mut [Statement]) {
    let before: Vec<String> = documents.iter().map(|d| d.id.clone()).collect();
    crate::ingest::dedupe_ids(documents);
    for st in statements.iter_mut() {
        let (old, new) = (&before[st.doc_index], &documents[st.doc_index].id);
        if old != new {
            if let Some(rest) = st.id.strip_prefix(old.as_str()) {
                st.id = format!("{new}{rest}");
            }
            st.document = new.clone();
        }
    }
}

/// Check an archive: the same report `check` gives over the files it holds.
pub fn check(rules: &Rules, db: &Path) -> Result<crate::Report> {
    let archive = Archive::open_existing(db)?;
    let (documents, statements) = archive.load(rules)?;
    Ok(crate::compared(rules, documents, statements, Vec::new()))
}
