//! `LinearError`: everything the Linear client can fail with, precise enough for the engine to
//! decide (pause the mapping, dead-letter the change, or leave it for the next pass) and for
//! `error.rs` to pick the exit code and hint.

use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum LinearError {
    /// `AUTHENTICATION_ERROR` (or HTTP 401 on a download): the key is wrong or revoked.
    #[error("Linear rejected the credentials ({message}): check LINEAR_API_KEY")]
    Auth { message: String },
    /// `FORBIDDEN`: the key works but may not do this.
    #[error("{operation}: Linear refused the request (FORBIDDEN): {message}")]
    Forbidden { operation: String, message: String },
    /// `RATELIMITED` on every attempt: the change goes to the DLQ.
    #[error(
        "{operation}: Linear's rate limit was still exceeded after {attempts} attempts{}",
        reset_in.map(|d| format!(" (resets in {}s)", d.as_secs())).unwrap_or_default()
    )]
    RateLimited {
        operation: String,
        attempts: u32,
        reset_in: Option<Duration>,
    },
    /// A transient failure (5xx, timeout, reset connection) on every attempt: DLQ.
    #[error("{operation}: gave up after {attempts} attempts: {last}")]
    RetriesExhausted {
        operation: String,
        attempts: u32,
        last: String,
    },
    /// The next retry would wait past the pass's time budget; the change stays queued.
    #[error("{operation}: the next retry would wait {}s, past this pass's time budget: {last}", wait.as_secs())]
    OverBudget {
        operation: String,
        wait: Duration,
        last: String,
    },
    /// An HTTP status that no retry fixes, without a GraphQL error body.
    #[error("{operation}: Linear answered HTTP {status}: {body}")]
    Http {
        operation: String,
        status: u16,
        body: String,
    },
    /// A GraphQL error Linear reported for this request (bad input, not found, …).
    #[error("{operation}: {}{message}", code.as_deref().map(|c| format!("{c}: ")).unwrap_or_default())]
    GraphQl {
        operation: String,
        code: Option<String>,
        message: String,
    },
    /// The response lacks a field we need or has the wrong shape.
    #[error("{operation}: unexpected response at `{path}`: {message}")]
    Decode {
        operation: String,
        path: String,
        message: String,
    },
    /// The call succeeded but its payload says it did not (`success: false`, no issue).
    #[error("{operation}: {what}")]
    Unexpected { operation: String, what: String },
    /// The HTTP client could not be built (TLS backend, invalid header value).
    #[error("cannot set up the Linear HTTP client: {0}")]
    Setup(String),
}

impl LinearError {
    /// True when the change should go to the dead-letter queue (attempts spent, or an error no
    /// retry in a later pass will fix either, e.g. invalid input).
    pub fn dead_letter(&self) -> bool {
        matches!(
            self,
            LinearError::RateLimited { .. }
                | LinearError::RetriesExhausted { .. }
                | LinearError::GraphQl { .. }
                | LinearError::Decode { .. }
                | LinearError::Unexpected { .. }
                | LinearError::Http { .. }
        )
    }

    /// True for credential problems: the mapping pauses, exit 3.
    pub fn is_auth(&self) -> bool {
        matches!(
            self,
            LinearError::Auth { .. } | LinearError::Forbidden { .. }
        )
    }

    /// The GraphQL `extensions.code`, when Linear sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            LinearError::GraphQl { code, .. } => code.as_deref(),
            LinearError::Auth { .. } => Some("AUTHENTICATION_ERROR"),
            LinearError::Forbidden { .. } => Some("FORBIDDEN"),
            LinearError::RateLimited { .. } => Some("RATELIMITED"),
            _ => None,
        }
    }
}
