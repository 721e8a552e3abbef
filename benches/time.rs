//! Time-expression throughput (owned by the time work).
fn main() {}
