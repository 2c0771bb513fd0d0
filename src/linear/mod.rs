//! The Linear client: typed GraphQL documents checked against Linear's schema at compile time,
//! a transport that honours Linear's rate limits, the polling cursor, and webhook verification.
//!
//! Everything the bridge sends to Linear goes through here; nothing here touches SQLite or
//! mappings (the engine and the commands do). Layout: `scalars` (schema module, scalars) →
//! `queries`/`mutations` (documents and typed responses) → `transport` (HTTP, errors, retry,
//! pacing via `rate`) → `client` (one method per call the bridge makes, with `cursor`) ;
//! `webhook` is pure verification and parsing of Linear's signed deliveries.

mod client;
mod comment;
pub mod cursor;
pub mod directory;
mod error;
pub mod mutations;
pub mod port;
mod port_map;
pub mod port_queries;
pub mod port_rich;
pub mod queries;
pub mod rate;
pub mod scalars;
pub mod setup_queries;
mod transport;
pub mod webhook;

pub use client::BATCH_LIMIT;
pub use cursor::LinearCursor;
pub use error::LinearError;
pub use transport::{Credential, LinearClient, LinearOptions};
