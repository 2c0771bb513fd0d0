//! The sync engine: read changes from both sides, merge each pair against its shadow, plan the
//! writes, apply them, and record links, shadows, cursors and the audit.
//!
//! The engine talks to the services only through the ports in [`ports`]; `graph/` and
//! `linear/` implement them. It never prints: it returns reports for `ui`.

pub mod ports;
