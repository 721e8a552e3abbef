//! Command-line interface: argument structs and subcommands. The only place
//! that prints.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use crosscheck::compare::Severity;
use crosscheck::report::{render, Format, View};
use crosscheck::rules::Rules;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

mod time;

#[derive(Parser)]
#[command(
    name = "crosscheck",
    version,
    about = "Find where news sources disagree, with quoted evidence"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Common {
    /// Files or directories of articles (.txt, .md, .jsonl, .html, .warc);
    /// `-` reads stdin. With `check --index`, the new articles to check
    /// against the archive.
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A directory of extra rule files, added to the embedded defaults
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Never colour the output
    #[arg(long)]
    no_color: bool,
    /// No progress bar on a terminal
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Flag disagreements between sources (the main job)
    Check {
        #[command(flatten)]
        common: Common,
        /// Exit 1 when a flag at or above this severity is found
        #[arg(long, value_enum, default_value_t = Severity::Warning)]
        fail_on: Severity,
        /// Drop flags below this confidence (0 to 1)
        #[arg(long, default_value_t = 0.0)]
        min_confidence: f32,
        /// Check the articles of an archive made by `crosscheck index`; with
        /// PATHS, only the flags that involve at least one of those articles
        #[arg(long, value_name = "DB")]
        index: Option<PathBuf>,
        /// A previous run's output (SARIF, JSON or JSONL): show only the flags
        /// not in it (SARIF keeps all, marked new, unchanged or absent)
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Flags set aside, each with a reason (TOML: [[suppress]] id, reason)
        #[arg(long, value_name = "FILE")]
        suppress: Option<PathBuf>,
        /// Only articles published on or after this date (YYYY-MM-DD); an
        /// undated article is left out
        #[arg(long, value_name = "DATE")]
        since: Option<chrono::NaiveDate>,
    },
    /// Store articles and their statements in an archive (SQLite), so that
    /// `check --index` reads them without extracting again. Unchanged files
    /// are skipped; changed ones replaced.
    Index {
        /// The archive: created if missing
        db: PathBuf,
        /// Files or directories of articles to add
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Print nothing but errors
        #[arg(long, short)]
        quiet: bool,
    },
    /// List the structured statements found in the articles
    Extract {
        #[command(flatten)]
        common: Common,
    },
    /// Check one draft against a corpus before it runs
    Draft {
        /// The draft (text or Markdown)
        draft: PathBuf,
        /// The corpus to check it against
        #[arg(long, required_unless_present = "index", num_args = 1..)]
        against: Vec<PathBuf>,
        /// Check it against an archive made by `crosscheck index`
        #[arg(long, value_name = "DB")]
        index: Option<PathBuf>,
        /// Output format: text or json
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit 1 when a disagreement at or above this severity is found
        #[arg(long, value_enum, default_value_t = Severity::Warning)]
        fail_on: Severity,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Assert a ledger of settled facts (TOML) against a corpus, for CI
    Assert {
        ledger: PathBuf,
        #[arg(long, required_unless_present = "index", num_args = 1..)]
        against: Vec<PathBuf>,
        /// Assert it against an archive made by `crosscheck index`
        #[arg(long, value_name = "DB")]
        index: Option<PathBuf>,
        /// Output format: text, json or junit
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also fail when an entry has no supporting source
        #[arg(long)]
        strict: bool,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// How one event's claims moved: its statements in the order they were said
    Timeline {
        #[arg(required_unless_present = "index")]
        paths: Vec<PathBuf>,
        /// Read the event from an archive made by `crosscheck index`
        #[arg(long, value_name = "DB")]
        index: Option<PathBuf>,
        /// Words naming the event: a predicate, people, places ("sign Russia Iran")
        #[arg(long)]
        event: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Show the time expressions in a text and how each resolves
    Time(time::TimeArgs),
    /// Show how files are read: metadata, and each line of the article with
    /// its role (headline, body, caption, furniture)
    Read {
        /// Files or directories (txt, md, jsonl, html, warc)
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Print only the article's body text, one paragraph per line
        #[arg(long)]
        body: bool,
        #[arg(long)]
        rules: Option<PathBuf>,
    },
    /// Work with rule files
    Rules {
        #[command(subcommand)]
        action: RulesAction,
        /// A directory of extra rule files
        #[arg(long, global = true)]
        rules: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum RulesAction {
    /// Run the `[[test]]` examples every rule file carries
    Test,
    /// List the rule files in force
    List,
}

fn load_rules(dir: &Option<PathBuf>) -> Result<Rules> {
    let rules = match dir {
        Some(d) => {
            Rules::with_dir(d).with_context(|| format!("loading rules from {}", d.display()))?
        }
        None => Rules::embedded().context("loading the embedded rules")?,
    };
    Ok(rules)
}

/// A report whose run ends next, once it is printed: its memory goes back
/// with the process's, instead of being freed piece by piece first (every
/// document, statement and flag: a twentieth of a run over thousands of
/// pages, on one core).
fn left_to_exit(report: crosscheck::Report) {
    std::mem::forget(report);
}

fn emit(s: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()?;
    Ok(())
}

pub fn run() -> Result<u8> {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            common,
            fail_on,
            min_confidence,
            index,
            baseline,
            suppress,
            since,
        } => {
            let against = crosscheck::report::baseline::Against {
                baseline: baseline
                    .as_deref()
                    .map(crosscheck::report::baseline::Baseline::read)
                    .transpose()?,
                suppressions: suppress
                    .as_deref()
                    .map(crosscheck::report::baseline::Suppressions::read)
                    .transpose()?
                    .unwrap_or_default(),
            };
            let (mut report, failed) = match &index {
                Some(db) => read_archive(&common, db, since)?,
                None => read_since(&common, since)?,
            };
            report.flags.retain(|f| f.confidence >= min_confidence);
            // SARIF marks every flag; the other formats show what is new
            if !matches!(common.format, Format::Sarif) {
                report.flags.retain(|f| against.shown(&f.id));
            }
            report.against = against;
            let color = !common.no_color && std::io::stdout().is_terminal();
            emit(&render(&report, common.format, View::Check, color))?;
            // only new flags, not suppressed, fail the run
            let code = if failed {
                2
            } else {
                u8::from(
                    report
                        .flags
                        .iter()
                        .any(|f| f.severity >= fail_on && report.against.shown(&f.id)),
                )
            };
            left_to_exit(report);
            Ok(code)
        }
        Command::Extract { common } => {
            let (report, failed) = read(&common)?;
            let color = !common.no_color && std::io::stdout().is_terminal();
            emit(&render(&report, common.format, View::Extract, color))?;
            left_to_exit(report);
            Ok(if failed { 2 } else { 0 })
        }
        Command::Time(args) => time::run(args),
        Command::Index {
            db,
            paths,
            rules,
            quiet,
        } => {
            let rules = load_rules(&rules)?;
            let mut archive = crosscheck::archive::Archive::open(&db)?;
            // a progress bar on a terminal; silent otherwise
            let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
                let b = indicatif::ProgressBar::new(0);
                b.set_style(
                    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
                );
                b
            });
            let s = archive.index_with(&rules, &paths, &mut |done, all| {
                if let Some(b) = &bar {
                    b.set_length(all as u64);
                    b.set_position(done as u64);
                }
            })?;
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            for e in &s.errors {
                eprintln!("crosscheck: {e}");
            }
            if !quiet {
                let (files, docs, statements) = archive.counts()?;
                eprintln!(
                    "{}: {} file(s) indexed ({} documents, {} statements), {} unchanged; the archive holds {files} files, {docs} documents, {statements} statements",
                    db.display(),
                    s.indexed,
                    s.documents,
                    s.statements,
                    s.unchanged
                );
            }
            Ok(if s.errors.is_empty() { 0 } else { 2 })
        }
        Command::Read { paths, body, rules } => {
            let rules = load_rules(&rules)?;
            let (docs, errors) = crosscheck::ingest::read_inputs(&paths, &rules);
            let failed = report_input_errors(&errors);
            let mut out = String::new();
            for d in &docs {
                out.push_str(&describe(d, body));
            }
            emit(&out)?;
            Ok(if failed { 2 } else { 0 })
        }
        Command::Draft {
            draft,
            against,
            index,
            format,
            fail_on,
            rules,
        } => {
            let rules = load_rules(&rules)?;
            let (mut docs, errors) =
                crosscheck::ingest::read_inputs(std::slice::from_ref(&draft), &rules);
            let Some(draft_doc) = docs.pop() else {
                let e = errors
                    .first()
                    .map_or("no text".to_string(), |e| e.to_string());
                anyhow::bail!("cannot read the draft {}: {e}", draft.display());
            };
            let (result, messages) = match &index {
                Some(db) => {
                    let archive = crosscheck::archive::Archive::open_existing(db)?;
                    // what the archive holds that the draft can meet: its
                    // statements' keys, and the articles of its week. They are
                    // extracted again once the draft is dated, since its
                    // relative times ("tomorrow") count from that date
                    let own = crosscheck::extract(&rules, &mut [draft_doc.clone()]);
                    let day = crosscheck::workflow::draft_date(&draft_doc, archive.newest()?);
                    let (corpus, statements) = archive.load_related(&rules, &own, &[Some(day)])?;
                    let result = crosscheck::workflow::check_draft_extracted(
                        &rules,
                        draft_doc,
                        corpus,
                        Some(statements),
                        Vec::new(),
                    );
                    (result, Vec::new())
                }
                None => {
                    let (corpus, errors) = crosscheck::ingest::read_inputs(&against, &rules);
                    let messages = input_messages(&errors);
                    let result = crosscheck::workflow::check_draft(
                        &rules,
                        draft_doc,
                        corpus,
                        messages.clone(),
                    );
                    (result, messages)
                }
            };
            let text = match format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&result)?),
                _ => crosscheck::report::workflow::draft_text(&result),
            };
            emit(&text)?;
            if !messages.is_empty() {
                return Ok(2);
            }
            Ok(u8::from(
                result.disagreements.iter().any(|f| f.severity >= fail_on),
            ))
        }
        Command::Assert {
            ledger,
            against,
            index,
            format,
            strict,
            rules,
        } => {
            let rules = load_rules(&rules)?;
            let text = std::fs::read_to_string(&ledger)
                .with_context(|| format!("reading the ledger {}", ledger.display()))?;
            let parsed = crosscheck::workflow::Ledger::parse(&ledger.display().to_string(), &text)?;
            let (report, messages) = match &index {
                Some(db) => (crosscheck::archive::check(&rules, db)?, Vec::new()),
                None => {
                    let (docs, errors) = crosscheck::ingest::read_inputs(&against, &rules);
                    let messages = input_messages(&errors);
                    (crosscheck::check(&rules, docs, messages.clone()), messages)
                }
            };
            let results = crosscheck::workflow::assert_ledger(&rules, &parsed, &report);
            let out = match format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&results)?),
                Format::Junit => crosscheck::report::ledger_junit(&results),
                _ => crosscheck::report::workflow::ledger_text(&results, &report),
            };
            emit(&out)?;
            if !messages.is_empty() {
                return Ok(2);
            }
            use crosscheck::workflow::FactStatus;
            let failed = results.iter().any(|r| {
                r.status == FactStatus::Contradicted
                    || (strict && r.status == FactStatus::Unsupported)
            });
            Ok(u8::from(failed))
        }
        Command::Timeline {
            paths,
            index,
            event,
            format,
            rules,
        } => {
            let common = Common {
                paths,
                format,
                rules,
                no_color: true,
                quiet: true,
            };
            let (report, failed) = match &index {
                Some(db) => read_archive(&common, db, None)?,
                None => read(&common)?,
            };
            let rules = load_rules(&common.rules)?;
            let entries = crosscheck::workflow::timeline(&rules, &report, &event);
            let out = match format {
                Format::Json => format!("{}\n", serde_json::to_string_pretty(&entries)?),
                _ => crosscheck::report::workflow::timeline_text(&entries),
            };
            emit(&out)?;
            Ok(if failed { 2 } else { 0 })
        }
        Command::Rules { action, rules } => {
            let rules = load_rules(&rules)?;
            match action {
                RulesAction::List => {
                    for (path, kind) in &rules.files {
                        emit(&format!("{kind:<10} {path}\n"))?;
                    }
                    Ok(0)
                }
                RulesAction::Test => {
                    let failures = crosscheck::rules::run_tests(&rules);
                    for f in &failures {
                        eprintln!("{f}");
                    }
                    emit(&format!(
                        "{} passed, {} failed\n",
                        rules.tests.len() - failures.len(),
                        failures.len()
                    ))?;
                    Ok(u8::from(!failures.is_empty()))
                }
            }
        }
    }
}

/// Read the inputs and run the pipeline; unreadable files are reported on
/// stderr by name and the run goes on with the rest.
/// `check --index DB [NEW…]`: the archive's report, or with new articles,
/// the flags that involve at least one of them.
fn read_archive(
    common: &Common,
    db: &std::path::Path,
    since: Option<chrono::NaiveDate>,
) -> Result<(crosscheck::Report, bool)> {
    let rules = load_rules(&common.rules)?;
    let archive = crosscheck::archive::Archive::open_existing(db)?;
    let since_of = |(d, s): (Vec<_>, Vec<_>)| match since {
        Some(day) => crosscheck::archive::keep_since(d, s, day),
        None => (d, s),
    };
    if common.paths.is_empty() {
        let (documents, statements) = since_of(archive.load(&rules)?);
        return Ok((
            crosscheck::compared(&rules, documents, statements, Vec::new()),
            false,
        ));
    }
    let (docs, errors) = crosscheck::ingest::read_inputs(&common.paths, &rules);
    let failed = report_input_errors(&errors);
    let (messages, skipped) = crosscheck::error::split_messages(&errors);
    let mut report = archive.check_new(&rules, docs, messages, since)?;
    report.skipped = skipped;
    Ok((report, failed))
}

fn read(common: &Common) -> Result<(crosscheck::Report, bool)> {
    read_since(common, None)
}

/// Read and check the articles, keeping only those published on or after
/// `since` (an undated one is left out).
fn read_since(
    common: &Common,
    since: Option<chrono::NaiveDate>,
) -> Result<(crosscheck::Report, bool)> {
    if common.paths.is_empty() {
        anyhow::bail!("no articles given: name files or directories to read");
    }
    let rules = load_rules(&common.rules)?;
    let (mut docs, errors) = crosscheck::ingest::read_inputs(&common.paths, &rules);
    if let Some(day) = since {
        docs.retain(|d| d.published.date.is_some_and(|p| p >= day));
    }
    let failed = report_input_errors(&errors);
    let (messages, skipped) = crosscheck::error::split_messages(&errors);
    // a progress bar on a terminal for long runs; silent otherwise
    let bar = (!common.quiet && std::io::stderr().is_terminal() && docs.len() > 50).then(|| {
        let b = indicatif::ProgressBar::new(docs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} documents {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let report = crosscheck::check_with(&rules, docs, messages, &mut |n| {
        if let Some(b) = &bar {
            b.set_position(n as u64);
        }
    });
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut report = report;
    report.skipped = skipped;
    Ok((report, failed))
}

/// Print each input problem on stderr by name, and return the failures (a
/// skipped file of another format is a notice, not a failure).
fn input_messages(errors: &[crosscheck::error::Error]) -> Vec<String> {
    report_input_errors(errors);
    crosscheck::error::split_messages(errors).0
}

/// Print each input problem on stderr by name; true when one is a failure
/// (a skipped file of another format is a notice, not a failure).
fn report_input_errors(errors: &[crosscheck::error::Error]) -> bool {
    let mut failed = false;
    for e in errors {
        eprintln!("crosscheck: {e}");
        failed |= !e.is_notice();
    }
    failed
}

/// A document as it was read: its fields, then each line with its role.
fn describe(d: &crosscheck::ingest::Document, body_only: bool) -> String {
    use crosscheck::ingest::BlockKind;
    let mut out = String::new();
    if body_only {
        for b in d.blocks.iter().filter(|b| b.kind == BlockKind::Body) {
            out.push_str(b.span.slice(&d.text));
            out.push('\n');
        }
        return out;
    }
    out.push_str(&format!("== {} ({})\n", d.id, d.path));
    let src = |detected: bool| if detected { "detected" } else { "metadata" };
    if let Some(o) = &d.outlet {
        out.push_str(&format!("outlet: {o} [{}]\n", src(d.outlet_detected)));
    }
    if let Some(u) = &d.url {
        out.push_str(&format!("url: {u}\n"));
    }
    if let Some(p) = d.published.date {
        let how = serde_json::to_value(d.published.source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push_str(&format!("published: {p} [{how}]\n"));
    }
    if let Some(m) = d.published.modified {
        out.push_str(&format!("modified: {m} [metadata]\n"));
    }
    out.push_str(&format!("language: {}\n", d.language));
    for b in &d.blocks {
        let kind = serde_json::to_value(b.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let at = d.locate(b.span);
        out.push_str(&format!(
            "{:>5}:{:<3} {kind:<10} {}\n",
            at.line,
            at.column,
            b.span.slice(&d.text)
        ));
    }
    out
}
