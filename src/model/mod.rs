//! The unified model shared by both sides (design.md §2): ids now, Tickets and the pure
//! mapping rules as the sync engine lands. Nothing here does I/O.

pub mod ids;
pub mod intake;
pub mod merge;
pub mod priority;
pub mod state;
pub mod text;
pub mod ticket;
