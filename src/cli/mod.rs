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
    /// Files or directories of articles (.txt, .md, .jsonl); `-` reads stdin
    #[arg(required = true)]
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
    },
    /// List the structured statements found in the articles
    Extract {
        #[command(flatten)]
        common: Common,
    },
    /// Show the time expressions in a text and how each resolves
    Time(time::TimeArgs),
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
        } => {
            let (mut report, failed) = read(&common)?;
            report.flags.retain(|f| f.confidence >= min_confidence);
            let color = !common.no_color && std::io::stdout().is_terminal();
            emit(&render(&report, common.format, View::Check, color))?;
            if failed {
                return Ok(2);
            }
            Ok(u8::from(report.flags.iter().any(|f| f.severity >= fail_on)))
        }
        Command::Extract { common } => {
            let (report, failed) = read(&common)?;
            let color = !common.no_color && std::io::stdout().is_terminal();
            emit(&render(&report, common.format, View::Extract, color))?;
            Ok(if failed { 2 } else { 0 })
        }
        Command::Time(args) => time::run(args),
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
fn read(common: &Common) -> Result<(crosscheck::Report, bool)> {
    let rules = load_rules(&common.rules)?;
    let (docs, errors) = crosscheck::ingest::read_inputs(&common.paths, &rules);
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    for m in &messages {
        eprintln!("crosscheck: {m}");
    }
    let failed = !messages.is_empty();
    Ok((crosscheck::check(&rules, docs, messages), failed))
}
