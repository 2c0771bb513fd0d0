//! The sync engine: read changes from both sides, merge each pair against its shadow, plan the
//! writes, apply them, and record links, shadows, cursors and the audit.
//!
//! The engine talks to the services only through the ports in [`ports`]; `graph/` and
//! `linear/` implement them. It never prints: it returns reports for `ui`.

pub mod batch_create;
pub mod batch_pipeline;
pub mod bootstrap;
pub mod capacity;
pub mod checklist;
pub mod concurrent;
pub mod control;
pub mod create;
pub mod early;
pub mod faces;
pub mod failure;
pub mod files;
pub mod item_errors;
pub mod limits;
pub mod linear_poll;
pub mod mentions;
pub mod pair;
pub mod pass;
pub mod ports;
pub mod prefetch;
pub mod push;
pub mod report;
pub mod retry;
pub mod rich;
pub mod setup;
pub mod task_intent;
pub mod users;
pub mod webhooks;

use crate::store::StoreError;
use ports::PortError;

#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Port(#[from] PortError),
    /// The mapping cannot be used as configured (e.g. a state it names no longer exists).
    #[error("{0}")]
    Setup(String),
}

impl From<rusqlite::Error> for EngineError {
    fn from(err: rusqlite::Error) -> Self {
        EngineError::Store(StoreError::from(err))
    }
}
