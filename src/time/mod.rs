//! Time expressions → intervals (owned by the time work; see the task text).
