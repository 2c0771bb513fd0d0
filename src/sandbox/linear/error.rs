//! Errors of the Linear sandbox, in the shape Linear's API reports them.
//!
//! Linear answers every failure as `{"errors":[{"message","extensions":{"code","type",
//! "userError","userPresentableMessage"}}]}`; `type` is what `@linear/sdk` keys its error classes
//! on, `code` is what the bridge's retry verdict classifies. Codes used here:
//! `AUTHENTICATION_ERROR`, `RATELIMITED`, `GRAPHQL_VALIDATION_FAILED`, `INPUT_ERROR` (bad
//! arguments, duplicate ids, query too complex) and `ENTITY_NOT_FOUND`.

use serde_json::{Value, json};

/// One GraphQL error as the sandbox reports it (request-level or field-level).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    /// The `message` of the error object.
    pub message: String,
    /// `extensions.code`.
    pub code: &'static str,
    /// `extensions.type` (Linear SDK error type string).
    pub kind: &'static str,
    /// `extensions.userPresentableMessage`.
    pub user_message: String,
}

impl ApiError {
    fn new(code: &'static str, kind: &'static str, message: String, user: String) -> Self {
        Self {
            message,
            code,
            kind,
            user_message: user,
        }
    }

    /// Bad or missing credentials.
    pub fn authentication(detail: &str) -> Self {
        Self::new(
            "AUTHENTICATION_ERROR",
            "authentication error",
            format!("Authentication required, not authenticated - {detail}"),
            "You need to authenticate to access this operation.".to_owned(),
        )
    }

    /// The request or complexity budget of the key is spent.
    pub fn ratelimited(what: &str) -> Self {
        Self::new(
            "RATELIMITED",
            "ratelimited",
            "Rate limit exceeded".to_owned(),
            format!("{what} rate limit exceeded. Please try again later."),
        )
    }

    /// The document did not validate against the schema.
    pub fn validation(message: String) -> Self {
        let user = message.clone();
        Self::new("GRAPHQL_VALIDATION_FAILED", "graphql error", message, user)
    }

    /// Arguments the API refuses (duplicate id, limits, malformed values).
    pub fn input(message: impl Into<String>) -> Self {
        let message = message.into();
        let user = message.clone();
        Self::new("INPUT_ERROR", "invalid input", message, user)
    }

    /// An id that names nothing (or something deleted).
    pub fn not_found(entity: &str) -> Self {
        Self::new(
            "ENTITY_NOT_FOUND",
            "invalid input",
            format!("Entity not found: {entity}"),
            format!("Could not find referenced {entity}."),
        )
    }

    /// A schema field the sandbox does not model and cannot answer with an honest empty value.
    pub fn not_modelled(type_name: &str, field: &str) -> Self {
        Self::new(
            "INTERNAL_ERROR",
            "internal error",
            format!("{type_name}.{field} is not modelled by the Linear sandbox"),
            "This field is not available in the sandbox.".to_owned(),
        )
    }

    /// A failure inside the sandbox itself (an executor error no resolver raised).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(
            "INTERNAL_ERROR",
            "internal error",
            message.into(),
            "An internal error occurred.".to_owned(),
        )
    }

    /// `extensions` object of this error.
    pub fn extensions(&self) -> Value {
        json!({
            "code": self.code,
            "type": self.kind,
            "userError": self.kind != "internal error",
            "userPresentableMessage": self.user_message,
        })
    }

    /// A full error object (no path, no locations).
    pub fn to_json(&self) -> Value {
        json!({ "message": self.message, "extensions": self.extensions() })
    }

    /// A whole response body holding only this error, as request-level failures are sent.
    pub fn body(&self) -> Value {
        json!({ "errors": [self.to_json()] })
    }
}
