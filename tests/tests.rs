//! One integration test binary for the whole crate (ripgrep's layout).

mod ans_stance;
mod archive;
mod article_extraction;
mod cli;
mod common;
mod fixtures;
mod newsroom;
mod pages;
mod parallel;
mod properties;
mod realnews;
mod report_formats;
mod rule_files;
mod seeds;
mod snapshots;
mod time_conformance;
mod unchanged;
