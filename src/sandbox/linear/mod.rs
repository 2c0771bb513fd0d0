//! A faithful, stateful stand-in for Linear's GraphQL API, served as axum routers.
//!
//! Built from `shared/linear/README.md` and Linear's real schema (vendored at
//! `schema/linear.graphql`), not from the bridge's client: every document is validated against
//! the schema, answers come from an in-memory workspace, and the failures are Linear's
//! (`AUTHENTICATION_ERROR`, `RATELIMITED` as HTTP 400 with `X-RateLimit-*` headers,
//! `GRAPHQL_VALIDATION_FAILED`, "Query too complex", refused duplicate ids, ≤ 250 per page,
//! ≤ 50 per batch). Human edits made through [`LinearWorld`] bump `updatedAt` and deliver
//! signed webhooks, with injectable delivery faults.
//!
//! Layout: `schema` (vendored SDL) → `exec` (validation, variables, execution via
//! apollo-compiler's field-at-a-time executor) → `objects` (per-type field resolvers) with
//! `query`/`mutation` roots, `lists`/`filter` (connections, filters) → `ops`/`records` (the
//! only writers, shared with human edits) → `state`/`clock`/`limits`; `events`/`webhook` for
//! deliveries; `http`/`control` are the routers; `seed` builds workspaces.

mod archive;
mod clock;
mod complexity;
mod control;
mod edits;
mod error;
mod events;
mod exec;
mod filter;
mod http;
mod limits;
mod lists;
mod mutation;
mod objects;
mod ops;
mod people;
mod query;
mod records;
mod schema;
mod seed;
mod state;
mod views;
mod webhook;
mod world;

pub use clock::{TimeSource, format_ms};
pub use control::{HumanEdit, apply_edit, control_router};
pub use error::ApiError;
pub use http::router;
pub use limits::LimitConfig;
pub use ops::{IssueDraft, IssuePatch};
pub use schema::SCHEMA_SDL;
pub use seed::{Seed, ids, seed_id};
pub use webhook::{DeliveryRecord, WebhookFaults, sign};
pub use world::{
    IssueView, LinearWorld, SANDBOX_LINEAR_API_KEY, SANDBOX_LINEAR_OAUTH_TOKEN,
    SANDBOX_WEBHOOK_SECRET,
};
