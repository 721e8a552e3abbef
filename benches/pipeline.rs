//! Pipeline and comparator over a generated corpus.
fn main() {}
