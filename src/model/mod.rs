//! The unified model shared by both sides (design.md §2): ids now, Tickets and the pure
//! mapping rules as the sync engine lands. Nothing here does I/O.

pub mod control;
pub mod direction;
pub mod doubt;
pub mod filter;
pub mod ids;
pub mod intake;
pub mod mention;
pub mod merge;
pub mod priority;
pub mod rich;
pub mod state;
pub mod text;
pub mod ticket;
