//! One integration test binary for the whole crate (ripgrep's layout).

mod time_conformance;
