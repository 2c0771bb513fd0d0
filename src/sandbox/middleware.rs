//! The layer in front of every API route, and the `/_sandbox` control routes for faults and
//! request counts.
//!
//! It runs as a `route_layer` (after routing) because the request counters key on axum's
//! `MatchedPath`, which only exists once a route matched. Per request it: counts, applies the
//! global latency, lets [`Faults::decide`] answer instead of the handler, and stamps Graph
//! responses with a `request-id` (real Graph sends one on every response; clients log it).
//! Control routes (`/_sandbox/...`) are mounted after the layer: never counted, delayed or
//! faulted. Neither are paths no route matches (they get the fallback 404 directly).

use axum::body::Bytes;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

use super::faults::{Fault, FaultAction, FaultId, FaultStatus, Faults, action, dropped_response};
use super::graph::error::REQUEST_ID;
use super::kill::KillWhen;
use super::requests::RequestLog;

/// State of [`middleware`].
#[derive(Clone)]
pub struct MiddlewareState {
    pub faults: Faults,
    pub requests: RequestLog,
}

/// Counts, delays and faults every API request, and stamps Graph responses with a
/// `request-id` (real Graph sends one on every response; clients log it).
pub async fn middleware(State(st): State<MiddlewareState>, req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    st.requests.record(&method, &route);

    let latency = st.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let mut drop_answer = false;
    if let Some(kind) = st.faults.decide(&method, &path) {
        match action(&kind) {
            FaultAction::Respond(resp) => return resp,
            FaultAction::Drop => return dropped_response(),
            FaultAction::Delay(d) => tokio::time::sleep(d).await,
            FaultAction::DropAfter => drop_answer = true,
        }
    }
    let (req, kill_at) = super::kill::check(st.faults.kill_switch(), &method, &path, req).await;
    if let Some((pid, KillWhen::Before)) = kill_at {
        super::kill::kill(pid).await;
        return dropped_response();
    }
    let mut resp = next.run(req).await;
    if let Some((pid, KillWhen::After)) = kill_at {
        super::kill::kill(pid).await;
    }
    if drop_answer {
        return dropped_response();
    }
    let graph_like = !path.starts_with("/linear");
    if graph_like && !resp.headers().contains_key(REQUEST_ID) {
        let id = uuid::Uuid::new_v4().to_string();
        if let Ok(v) = HeaderValue::from_str(&id) {
            resp.headers_mut().insert(REQUEST_ID, v);
        }
    }
    resp
}

/// `/_sandbox/faults` (GET list, POST add, DELETE clear) and `/_sandbox/requests`
/// (GET snapshot, DELETE reset).
pub fn control_router(faults: &Faults, requests: &RequestLog) -> Router {
    let st = MiddlewareState {
        faults: faults.clone(),
        requests: requests.clone(),
    };
    Router::new()
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/requests", get(get_requests).delete(reset_requests))
        .with_state(st)
}

async fn list_faults(State(st): State<MiddlewareState>) -> Json<Vec<FaultStatus>> {
    Json(st.faults.list())
}

/// Accepts one fault or an array of faults.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Fault),
    Many(Vec<Fault>),
}

async fn add_fault(State(st): State<MiddlewareState>, body: Bytes) -> Response {
    match serde_json::from_slice::<OneOrMany>(&body) {
        Ok(parsed) => {
            let faults = match parsed {
                OneOrMany::One(f) => vec![f],
                OneOrMany::Many(v) => v,
            };
            let ids: Vec<FaultId> = faults.into_iter().map(|f| st.faults.add(f)).collect();
            (StatusCode::CREATED, Json(serde_json::json!({ "ids": ids }))).into_response()
        }
        Err(e) => (
            StatusCode::BAD_REQUEST,
            Json(serde_json::json!({ "error": e.to_string() })),
        )
            .into_response(),
    }
}

async fn clear_faults(State(st): State<MiddlewareState>) -> StatusCode {
    st.faults.clear();
    StatusCode::NO_CONTENT
}

async fn get_requests(State(st): State<MiddlewareState>) -> Json<serde_json::Value> {
    Json(st.requests.snapshot().to_json())
}

async fn reset_requests(State(st): State<MiddlewareState>) -> StatusCode {
    st.requests.reset();
    StatusCode::NO_CONTENT
}
