//! The library's error type. Every error names where it happened (a file, and
//! a line for rule files) so a user can fix the input without guessing.

use std::path::PathBuf;

/// What went wrong, with the location that caused it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file is not text in any encoding it could be read in.
    #[error("{path}: not text: {reason}")]
    Decode { path: PathBuf, reason: String },
    /// A file in a directory that is not an article format; not a failure.
    #[error("{path}: skipped: {reason}")]
    Skipped { path: PathBuf, reason: String },
    /// A rule file does not parse or does not validate.
    #[error("{path}:{line}: {message}")]
    Rule {
        path: String,
        line: usize,
        message: String,
    },
    /// A corpus or front-matter record is malformed.
    #[error("{path}:{line}: {message}")]
    Input {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl Error {
    /// A notice (a file of another format passed over), not a failure.
    pub fn is_notice(&self) -> bool {
        matches!(self, Error::Skipped { .. })
    }
}

/// Input problems split into failures and notices, each as its message.
pub fn split_messages(errors: &[Error]) -> (Vec<String>, Vec<String>) {
    let (notices, failures): (Vec<&Error>, Vec<&Error>) =
        errors.iter().partition(|e| e.is_notice());
    let text = |v: Vec<&Error>| v.iter().map(|e| e.to_string()).collect();
    (text(failures), text(notices))
}

pub type Result<T> = std::result::Result<T, Error>;
