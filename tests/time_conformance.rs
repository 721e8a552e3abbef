//! Conformance against peers' published time suites (owned by the time work).
