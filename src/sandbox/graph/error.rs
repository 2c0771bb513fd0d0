//! Graph-style errors: `{"error":{"code","message","innerError":{"request-id","date"}}}` with
//! a matching `request-id` header, as Microsoft Graph answers every failure.
//!
//! Planner often sends an empty `code`; the constructors here follow what the API facts say
//! for each case so a client that branches on the status (as it must) is exercised.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::state::now_rfc3339;

/// Name of the header that carries the request id on every Graph response.
pub const REQUEST_ID: &str = "request-id";

/// A Graph error answer. Also the error type of the [`super::GraphWorld`] edit API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status} {code}: {message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &str, message: &str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
        }
    }

    /// 400 with Graph's usual `BadRequest`-style code for invalid input.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            code: "BadRequest".to_owned(),
            message: message.into(),
        }
    }

    /// 404 with the empty code Planner sends.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "",
            &format!("The requested item is not found: {what}."),
        )
    }

    /// 403 for a Planner limit (`MaximumTasksInProject`, …).
    pub fn limit(code: &str, message: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, code, message)
    }

    pub fn unauthorized(message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    pub fn precondition_failed() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            "",
            "The request is invalid: the If-Match etag does not match the current version.",
        )
    }

    /// 500 for a broken invariant inside the sandbox (never expected).
    pub fn internal(message: &str) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "UnknownError", message)
    }

    /// The JSON body, with `request_id` in `innerError`.
    pub fn body(&self, request_id: &str) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "code": self.code,
                "message": self.message,
                "innerError": {
                    "request-id": request_id,
                    "client-request-id": request_id,
                    "date": now_rfc3339(),
                }
            }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let request_id = uuid::Uuid::new_v4().to_string();
        let mut resp = (self.status, Json(self.body(&request_id))).into_response();
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            resp.headers_mut().insert(REQUEST_ID, v);
        }
        resp
    }
}

/// Fallback for any path no route knows: Graph's `400 Invalid request` for unknown segments
/// is less useful in tests than a plain 404, so the sandbox answers 404 `UnknownRoute`.
pub async fn unknown_route(uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "UnknownRoute",
        &format!("The sandbox has no route for {}", uri.path()),
    )
}
