//! linear-planner-sync: a two-way bridge between Microsoft Planner (Graph) and Linear.
//!
//! The binary in `main.rs` only parses arguments and dispatches; everything else lives in this
//! library so the tests, the benchmark and `demo` can drive it without argv. Layers: `model`
//! (pure rules) · `store` (every SQL statement) · `commands` (thin) · `ui` (every byte printed).

pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod engine;
pub mod error;
pub mod graph;
pub mod linear;
pub mod model;
pub mod net;
pub mod sandbox;
pub mod store;
pub mod ui;
