//! The AAD client-credentials token endpoint and the bearer check every Graph route runs.
//!
//! Errors use AAD's own shape (`{"error","error_description","error_codes",…}`), not Graph's:
//! a client that parses one for the other must fail here as it would in production. Tokens
//! carry the permissions consented at issue time (the `roles` claim), so revoking consent only
//! bites after the next token, as in AAD.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::Form;
use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::GraphState;
use super::error::ApiError;
use super::state::{Actor, IssuedToken, Permission, World, now_rfc3339};

/// The only scope the client-credentials flow accepts for Graph.
const GRAPH_DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

fn aad_error(status: StatusCode, error: &str, code: u32, description: &str) -> Response {
    let trace_id = uuid::Uuid::new_v4().to_string();
    let body = serde_json::json!({
        "error": error,
        "error_description": format!(
            "AADSTS{code}: {description} Trace ID: {trace_id} Timestamp: {}", now_rfc3339()
        ),
        "error_codes": [code],
        "timestamp": now_rfc3339(),
        "trace_id": trace_id,
        "correlation_id": uuid::Uuid::new_v4().to_string(),
    });
    (status, Json(body)).into_response()
}

/// `POST /login/{tenant}/oauth2/v2.0/token` (form body, client credentials).
pub async fn token(
    State(st): State<GraphState>,
    Path(tenant): Path<String>,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    let form = match form {
        Ok(Form(f)) => f,
        Err(_) => {
            return aad_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                900144,
                "The request body must contain the following parameter: 'grant_type'.",
            );
        }
    };
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let mut world = st.world.lock();
    if !tenant.eq_ignore_ascii_case(&world.tenant_id) {
        return aad_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            90002,
            &format!(
                "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
            ),
        );
    }
    if field("grant_type") != "client_credentials" {
        return aad_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            70003,
            "The app requested an unsupported grant type.",
        );
    }
    let client_id = field("client_id");
    if !client_id.eq_ignore_ascii_case(&world.client_id) {
        return aad_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            700016,
            &format!(
                "Application with identifier '{client_id}' was not found in the directory '{tenant}'."
            ),
        );
    }
    if field("client_secret") != world.client_secret {
        return aad_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            7000215,
            &format!(
                "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client_id}'."
            ),
        );
    }
    if field("scope") != GRAPH_DEFAULT_SCOPE {
        return aad_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            1002012,
            &format!(
                "The provided value for scope {} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
                field("scope")
            ),
        );
    }
    let lifetime = world.limits.token_lifetime_secs;
    let access_token = format!(
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.sandbox.{}",
        uuid::Uuid::new_v4().simple()
    );
    let issued = IssuedToken {
        client_id: world.client_id.clone(),
        roles: world.permissions.clone(),
        expires_at: Instant::now() + Duration::from_secs(lifetime),
    };
    world.tokens.insert(access_token.clone(), issued);
    Json(serde_json::json!({
        "token_type": "Bearer",
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access_token,
    }))
    .into_response()
}

/// The verified caller of a Graph request.
#[derive(Debug, Clone)]
pub struct Caller {
    pub client_id: String,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        Actor::App(self.client_id.clone())
    }
}

/// Checks `Authorization: Bearer` and that the token carries every permission in `needed`.
pub fn authorize(
    world: &World,
    headers: &HeaderMap,
    needed: &[Permission],
) -> Result<Caller, ApiError> {
    let raw = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let token = match raw.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
        _ => {
            return Err(ApiError::unauthorized(
                "Access token is empty or the Authorization header is not a Bearer token.",
            ));
        }
    };
    let issued = world.tokens.get(token).ok_or_else(|| {
        ApiError::unauthorized("Access token validation failure. Invalid audience or signature.")
    })?;
    if Instant::now() >= issued.expires_at {
        return Err(ApiError::unauthorized(
            "Lifetime validation failed, the token is expired.",
        ));
    }
    if let Some(missing) = needed.iter().find(|p| !issued.roles.contains(p)) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            &format!(
                "Insufficient privileges to complete the operation. Missing application permission: {}.",
                missing.name()
            ),
        ));
    }
    Ok(Caller {
        client_id: issued.client_id.clone(),
    })
}
