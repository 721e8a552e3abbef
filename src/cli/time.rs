//! `crosscheck time` (owned by the time work).
