//! Embedded, stateful stand-ins for the APIs the bridge talks to, served on loopback.
//!
//! Used by `demo`, the end-to-end tests and the benchmark. Each side is built from the API facts
//! in `shared/` (never from the bridge's own client code), so a client bug cannot hide behind a
//! sandbox that shares it.

pub mod linear;
