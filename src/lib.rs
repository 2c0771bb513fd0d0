//! linear-planner-sync: a two-way bridge between Microsoft Planner (Graph) and Linear.
//!
//! The binary in `main.rs` only parses arguments and dispatches; everything else lives in this
//! library so the tests, the benchmark and `demo` can drive it without argv.

pub mod sandbox;
