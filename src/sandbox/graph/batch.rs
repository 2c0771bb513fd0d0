//! `POST /v1.0/$batch`: up to 20 requests, each dispatched through the same Graph routes
//! (so every rule above applies per item) and answered with its own status, headers and
//! body inside an overall 200.
//!
//! Faults are consulted per item, so a test can make one item a 429 with its own
//! `Retry-After` (a dropped-connection fault on an item drops the whole batch: a connection
//! cannot fail for one item). Items are counted apart from HTTP requests.

use std::collections::{BTreeMap, HashSet};

use axum::Json;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use tower::ServiceExt;

use super::auth::authorize;
use super::error::ApiError;
use super::{GraphState, RoutePattern, api_routes};
use crate::sandbox::faults::{FaultAction, action, dropped_response};

/// Graph's documented maximum number of requests in one batch.
pub const MAX_BATCH_REQUESTS: usize = 20;
/// Largest item response body the sandbox re-reads (plenty for Planner objects).
const MAX_ITEM_BODY_BYTES: usize = 16 * 1024 * 1024;

#[derive(Deserialize)]
struct BatchBody {
    requests: Vec<BatchItem>,
}

#[derive(Deserialize)]
struct BatchItem {
    id: String,
    method: String,
    url: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<Value>,
}

/// A relative item URL (`/planner/tasks/x` or `planner/tasks/x`) → a sandbox path.
fn item_path(url: &str) -> String {
    let trimmed = url.trim_start_matches('/');
    if trimmed.starts_with("v1.0/") || trimmed.starts_with("beta/") {
        format!("/{trimmed}")
    } else {
        format!("/v1.0/{trimmed}")
    }
}

/// `retry-after` → `Retry-After`, the casing Graph uses in item headers.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let mut c = part.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn validate(items: &[BatchItem]) -> Result<(), ApiError> {
    if items.is_empty() {
        return Err(ApiError::bad_request("The batch contains no requests."));
    }
    if items.len() > MAX_BATCH_REQUESTS {
        return Err(ApiError::bad_request(format!(
            "The number of batch requests ({}) exceeds the maximum of {MAX_BATCH_REQUESTS}.",
            items.len()
        )));
    }
    let mut ids = HashSet::new();
    for item in items {
        if !ids.insert(item.id.as_str()) {
            return Err(ApiError::bad_request(format!(
                "Batch request ids must be unique; '{}' is repeated.",
                item.id
            )));
        }
        let writes = matches!(
            item.method.to_ascii_uppercase().as_str(),
            "POST" | "PATCH" | "PUT"
        );
        let has_ct = item
            .headers
            .keys()
            .any(|k| k.eq_ignore_ascii_case("content-type"));
        if writes && (item.body.is_none() || !has_ct) {
            return Err(ApiError::bad_request(format!(
                "Write request id : {} does not contain Content-Type header or body.",
                item.id
            )));
        }
    }
    Ok(())
}

/// Runs one item through the Graph routes; `None` means "drop the connection".
async fn run_item(st: &GraphState, auth: Option<&HeaderValue>, item: &BatchItem) -> Option<Value> {
    let path = item_path(&item.url);
    let method = item.method.to_ascii_uppercase();
    let resp = if path.ends_with("/$batch") {
        ApiError::bad_request("A batch request cannot contain another batch.").into_response()
    } else {
        let mut drop_answer = false;
        let faulted = match st.faults.decide(&method, &path) {
            Some(kind) => match action(&kind) {
                FaultAction::Respond(r) => Some(r),
                FaultAction::Drop => return None,
                FaultAction::Delay(d) => {
                    tokio::time::sleep(d).await;
                    None
                }
                FaultAction::DropAfter => {
                    drop_answer = true;
                    None
                }
            },
            None => None,
        };
        match faulted {
            Some(r) => {
                st.requests.record_batch_item(&method, &path);
                r
            }
            None => {
                let kill_at = crate::sandbox::kill::is_graph_write(&method, &path)
                    .then(|| {
                        st.faults
                            .kill_switch()
                            .on_write(&format!("{method} {path}"))
                    })
                    .flatten();
                if let Some((pid, when)) = kill_at
                    && when == crate::sandbox::kill::KillWhen::Before
                {
                    crate::sandbox::kill::kill(pid).await;
                    return None;
                }
                let resp = dispatch(st, auth, item, &path, &method).await;
                if let Some((pid, _)) = kill_at {
                    crate::sandbox::kill::kill(pid).await;
                }
                if drop_answer {
                    return None;
                }
                resp
            }
        }
    };
    let status = resp.status().as_u16();
    let headers: BTreeMap<String, String> = resp
        .headers()
        .iter()
        .filter_map(|(k, v)| Some((title_case(k.as_str()), v.to_str().ok()?.to_owned())))
        .collect();
    let bytes = to_bytes(resp.into_body(), MAX_ITEM_BODY_BYTES)
        .await
        .unwrap_or_default();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    let mut out = json!({"id": item.id, "status": status, "headers": headers});
    if !body.is_null() {
        out["body"] = body;
    }
    Some(out)
}

async fn dispatch(
    st: &GraphState,
    auth: Option<&HeaderValue>,
    item: &BatchItem,
    path: &str,
    method: &str,
) -> Response {
    let Ok(m) = Method::from_bytes(method.as_bytes()) else {
        return ApiError::bad_request(format!("Unknown method '{}'.", item.method)).into_response();
    };
    let body = match &item.body {
        Some(v) => Body::from(v.to_string()),
        None => Body::empty(),
    };
    let mut builder = Request::builder().method(m).uri(path);
    for (k, v) in &item.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    if let Some(a) = auth {
        builder = builder.header("authorization", a.clone());
    }
    let req = match builder.body(body) {
        Ok(r) => r,
        Err(e) => return ApiError::bad_request(format!("Invalid batch item: {e}")).into_response(),
    };
    let resp = match api_routes().with_state(st.clone()).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let route = resp
        .extensions()
        .get::<RoutePattern>()
        .map(|p| p.0.clone())
        .unwrap_or_else(|| path.to_owned());
    st.requests.record_batch_item(method, &route);
    resp
}

/// `POST /v1.0/$batch`
pub async fn batch(State(st): State<GraphState>, headers: HeaderMap, body: Bytes) -> Response {
    let parsed: BatchBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return ApiError::bad_request(format!("Invalid batch payload: {e}")).into_response();
        }
    };
    if let Err(e) = validate(&parsed.requests) {
        return e.into_response();
    }
    if let Err(e) = authorize(&st.world.lock(), &headers, &[]) {
        return e.into_response();
    }
    let auth = headers.get("authorization");
    let mut responses = Vec::with_capacity(parsed.requests.len());
    for item in &parsed.requests {
        match run_item(&st, auth, item).await {
            Some(v) => responses.push(v),
            None => return dropped_response(),
        }
    }
    (StatusCode::OK, Json(json!({ "responses": responses }))).into_response()
}
