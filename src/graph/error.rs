//! `GraphError`: every way a Graph call can fail, typed so the engine can act on it (pause the
//! mapping, re-plan after a conflict, re-bootstrap after an expired cursor, dead-letter after
//! spent retries) and keep the server's request id for the audit and the DLQ.
//!
//! This module also reads Graph's error bodies (`{"error":{"code","message","innerError"}}`)
//! and AAD's (`{"error","error_description","error_codes"}`). Planner often sends an empty
//! `code`, so the classification branches on the HTTP status and keeps the message for humans.
//! Mapping to exit codes is `error.rs`'s job; [`GraphError::kind_hint`] only suggests one.

use std::time::Duration;

use serde::Deserialize;

use super::types::{PlannerTask, TaskDetails};

/// The object a 412 was about, re-read after the conflict.
// Travels boxed inside `GraphError::Conflict`, so the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Fresh {
    Task(PlannerTask),
    Details(TaskDetails),
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum GraphError {
    /// The token request failed, or Graph refused a freshly issued token.
    #[error("Microsoft Graph authentication failed{}: {message}", code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())]
    AuthFailed {
        /// `AADSTS7000215` and the like, when AAD sent one.
        code: Option<String>,
        message: String,
        /// What the user should change.
        fix: String,
    },
    /// 403 without a limit code: the app lacks the application permission `scope`.
    #[error(
        "Microsoft Graph refused the request: the application needs the {scope} permission ({message})"
    )]
    Forbidden {
        scope: &'static str,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// 403 with a Planner limit code (`MaximumTasksInProject`, `MaximumChecklistItemsOnTask`, …).
    #[error("Planner limit reached ({code}): {message}")]
    LimitReached {
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// The plan is deleted or no longer visible to the app (404 on the plan).
    #[error("plan {plan_id} is gone (deleted, or the app lost access)")]
    PlanGone {
        plan_id: String,
        request_id: Option<String>,
    },
    /// 404 on anything else (a task, a user, a drive).
    #[error("not found: {path}")]
    NotFound {
        path: String,
        message: String,
        request_id: Option<String>,
    },
    /// A write with a stale etag; `fresh` is the current object, re-read after the 412.
    #[error("the object changed since it was read (412); re-read it and re-plan")]
    Conflict {
        fresh: Box<Fresh>,
        request_id: Option<String>,
    },
    /// 412/409 on a raw call; task and details writes turn it into [`GraphError::Conflict`].
    #[error("precondition failed ({status}): {message}")]
    PreconditionFailed {
        status: u16,
        message: String,
        request_id: Option<String>,
    },
    /// The delta cursor is expired or unknown: drop it and re-bootstrap.
    #[error("the delta cursor expired ({code}); a full resync is needed")]
    DeltaExpired {
        code: String,
        request_id: Option<String>,
    },
    /// Delta is not available for this plan or tenant (404, 405, 400 not supported).
    #[error("delta query refused ({status} {code}): {message}")]
    DeltaRefused {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// Retries spent on throttling, outages or timeouts: dead-letter the change.
    #[error("gave up after {attempts} attempts ({})", last_status.map(|s| format!("last status {s}")).unwrap_or_else(|| format!("transport: {message}")))]
    Exhausted {
        attempts: u32,
        last_status: Option<u16>,
        message: String,
        request_id: Option<String>,
    },
    /// The next retry would wait past the pass's time budget: keep the change for the next pass.
    #[error("retry deferred: the server asked to wait {wait:?}, beyond the time budget")]
    Deferred {
        wait: Duration,
        last_status: Option<u16>,
        request_id: Option<String>,
    },
    /// Any other refusal no retry can fix (400, 405, 410 outside delta, non-transient 5xx).
    #[error("Microsoft Graph answered {status}{}: {message}", if code.is_empty() { String::new() } else { format!(" {code}") })]
    BadRequest {
        status: u16,
        code: String,
        message: String,
        request_id: Option<String>,
    },
    /// A request that could not even be built (bad URL, unserializable body).
    #[error("cannot send the request: {0}")]
    Transport(String),
    /// A 2xx answer whose body is not what the API documents.
    #[error("unexpected answer from {what}: {message}")]
    Decode {
        what: String,
        message: String,
        request_id: Option<String>,
    },
}

impl GraphError {
    /// The `request-id` of the answer that caused the error, for the audit and the DLQ.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            GraphError::Forbidden { request_id, .. }
            | GraphError::LimitReached { request_id, .. }
            | GraphError::PlanGone { request_id, .. }
            | GraphError::NotFound { request_id, .. }
            | GraphError::Conflict { request_id, .. }
            | GraphError::PreconditionFailed { request_id, .. }
            | GraphError::DeltaExpired { request_id, .. }
            | GraphError::DeltaRefused { request_id, .. }
            | GraphError::Exhausted { request_id, .. }
            | GraphError::Deferred { request_id, .. }
            | GraphError::BadRequest { request_id, .. }
            | GraphError::Decode { request_id, .. } => request_id.as_deref(),
            GraphError::AuthFailed { .. } | GraphError::Transport(_) => None,
        }
    }

    /// True when the attempts for this change are spent and it belongs in the DLQ.
    pub fn is_dead_letter(&self) -> bool {
        matches!(
            self,
            GraphError::Exhausted { .. }
                | GraphError::BadRequest { .. }
                | GraphError::LimitReached { .. }
                | GraphError::NotFound { .. }
                | GraphError::Decode { .. }
        )
    }

    /// A suggested exit category (`auth`, `usage`, `internal`, `partial`) and a hint naming the
    /// next thing to do. `error.rs` owns the final mapping; this keeps the Graph knowledge here.
    pub fn kind_hint(&self) -> (&'static str, String) {
        match self {
            GraphError::AuthFailed { fix, .. } => ("auth", fix.clone()),
            GraphError::Forbidden { scope, .. } => (
                "auth",
                format!("grant the application permission {scope} (admin consent), then run `doctor`"),
            ),
            GraphError::PlanGone { plan_id, .. } => (
                "partial",
                format!("plan {plan_id} is gone: the mapping is disabled; check it with `map show`, or `map remove` it"),
            ),
            GraphError::LimitReached { code, .. } => (
                "partial",
                format!("Planner limit {code}: archive or delete items in the plan, or raise the configured limit"),
            ),
            GraphError::Conflict { .. } | GraphError::PreconditionFailed { .. } => (
                "partial",
                "the task changed meanwhile; the next `sync` re-reads and re-plans it".into(),
            ),
            GraphError::DeltaExpired { .. } => (
                "partial",
                "the Planner delta cursor expired; run `bootstrap` for this mapping".into(),
            ),
            GraphError::DeltaRefused { .. } => (
                "partial",
                "delta is unavailable for this plan; set graph.api = \"list\" (auto falls back by itself)".into(),
            ),
            GraphError::Exhausted { .. } => (
                "partial",
                "the change was dead-lettered; replay it later with `dlq retry`".into(),
            ),
            GraphError::Deferred { .. } => (
                "partial",
                "Graph is throttling; the change stays queued for the next `sync`".into(),
            ),
            GraphError::NotFound { .. } | GraphError::BadRequest { .. } => (
                "partial",
                "the change was dead-lettered; inspect it with `dlq show`".into(),
            ),
            GraphError::Transport(_) => (
                "usage",
                "check GRAPH_BASE_URL and GRAPH_LOGIN_URL (graph.base_url, graph.login_url)".into(),
            ),
            GraphError::Decode { .. } => (
                "internal",
                "Graph answered in an unexpected shape; please report it with the request id".into(),
            ),
        }
    }
}

/// Graph's error envelope. Every field is optional: bodies of proxies and outages vary.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorBody {
    #[serde(default)]
    pub error: Option<ErrorDetail>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ErrorDetail {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default, rename = "innerError")]
    pub inner_error: Option<InnerError>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct InnerError {
    #[serde(default, rename = "request-id")]
    pub request_id: Option<String>,
}

/// Code, message and body request id of a Graph error answer (`""` when absent).
pub(crate) fn parse_error_body(body: &[u8]) -> (String, String, Option<String>) {
    let detail = serde_json::from_slice::<ErrorBody>(body)
        .ok()
        .and_then(|b| b.error)
        .unwrap_or_default();
    let message = detail
        .message
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(300).collect());
    (
        detail.code.unwrap_or_default(),
        message,
        detail.inner_error.and_then(|i| i.request_id),
    )
}

const PERMISSIONS: [&str; 4] = [
    "Tasks.ReadWrite.All",
    "Group.Read.All",
    "User.Read.All",
    "Files.ReadWrite.All",
];

/// The application permission a request to `path` needs. A permission named in the server's
/// message wins (Graph sometimes says which one is missing); otherwise the endpoint decides.
pub fn scope_for(path: &str, message: &str) -> &'static str {
    if let Some(named) = PERMISSIONS.iter().find(|p| message.contains(*p)) {
        return named;
    }
    let path = path.split('?').next().unwrap_or(path);
    if path.contains("/drive") {
        "Files.ReadWrite.All"
    } else if path.contains("/groups/") {
        "Group.Read.All"
    } else if path.contains("/users") {
        "User.Read.All"
    } else {
        "Tasks.ReadWrite.All"
    }
}

/// Classifies a final, non-2xx Graph answer by its status (the code may be empty).
pub(crate) fn classify(
    status: u16,
    path: &str,
    body: &[u8],
    header_request_id: Option<String>,
) -> GraphError {
    let (code, message, body_request_id) = parse_error_body(body);
    let request_id = header_request_id.or(body_request_id);
    match status {
        401 => GraphError::AuthFailed {
            code: (!code.is_empty()).then_some(code),
            message,
            fix: "Graph refused a freshly issued token twice: check GRAPH_TENANT_ID and \
                  GRAPH_CLIENT_ID, then run `doctor`"
                .into(),
        },
        403 if code.starts_with("Maximum") => GraphError::LimitReached {
            code,
            message,
            request_id,
        },
        403 => GraphError::Forbidden {
            scope: scope_for(path, &message),
            code,
            message,
            request_id,
        },
        404 => GraphError::NotFound {
            path: path.split('?').next().unwrap_or(path).to_owned(),
            message,
            request_id,
        },
        409 | 412 => GraphError::PreconditionFailed {
            status,
            message,
            request_id,
        },
        _ => GraphError::BadRequest {
            status,
            code,
            message,
            request_id,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_by_endpoint() {
        let table = [
            ("/v1.0/planner/tasks/x", "", "Tasks.ReadWrite.All"),
            ("/v1.0/groups/g/planner/plans", "", "Group.Read.All"),
            ("/v1.0/users?$filter=x", "", "User.Read.All"),
            ("/v1.0/drives/d/root:/a:/content", "", "Files.ReadWrite.All"),
            ("/v1.0/groups/g/drive/root:/a", "", "Files.ReadWrite.All"),
            (
                "/v1.0/groups/g/drive/root:/a",
                "Missing Group.Read.All",
                "Group.Read.All",
            ),
        ];
        for (path, message, scope) in table {
            assert_eq!(scope_for(path, message), scope, "{path}");
        }
    }

    #[test]
    fn empty_code_is_classified_by_status() {
        let body = br#"{"error":{"code":"","message":"nope","innerError":{"request-id":"r1"}}}"#;
        match classify(403, "/v1.0/planner/plans/p", body, None) {
            GraphError::Forbidden {
                scope, request_id, ..
            } => {
                assert_eq!(scope, "Tasks.ReadWrite.All");
                assert_eq!(request_id.as_deref(), Some("r1"));
            }
            other => panic!("{other:?}"),
        }
        let limit = br#"{"error":{"code":"MaximumTasksInProject","message":"full"}}"#;
        assert!(matches!(
            classify(403, "/v1.0/planner/tasks", limit, Some("h".into())),
            GraphError::LimitReached { request_id: Some(r), .. } if r == "h"
        ));
        assert!(matches!(
            classify(502, "/x", b"<html>", None),
            GraphError::BadRequest { status: 502, .. }
        ));
    }
}
