//! The Microsoft Graph (Planner) stand-in: routes, shared request helpers and [`GraphWorld`],
//! the handle tests and the demo use to seed data and to edit "as a human".
//!
//! Behaviour follows `shared/graph/planner-api.md`, failures included (412 on stale etags,
//! 403 limits, 405/403 delta rules, 410 expired cursors). Each resource family has its own
//! module; they share the [`state::World`] behind one mutex.

pub mod auth;
pub mod batch;
pub mod control;
pub mod delta;
pub mod details;
pub mod drive;
pub mod error;
pub mod groups;
pub mod human;
pub mod plans;
pub mod seed;
pub mod state;
pub mod task_rules;
pub mod tasks;
pub mod users;

use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::http::HeaderMap;
use axum::middleware::{Next, from_fn};
use axum::response::Response;
use axum::routing::{get, post, put};
use serde_json::{Map, Value};

use super::Seed;
use super::faults::Faults;
use super::requests::RequestLog;
pub use error::ApiError;
use state::World;
pub use state::{GraphLimits, Permission};

/// Largest request body accepted (simple uploads and upload fragments included).
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// State shared by every Graph handler.
#[derive(Clone)]
pub struct GraphState {
    pub world: GraphWorld,
    /// `$batch` consults faults per item and counts items.
    pub faults: Faults,
    pub requests: RequestLog,
}

/// A shared handle on the Graph world (cheap to clone).
#[derive(Debug, Clone)]
pub struct GraphWorld {
    inner: Arc<Mutex<World>>,
}

impl GraphWorld {
    /// An empty tenant whose links (`@odata.nextLink`, `uploadUrl`) point at `base_url`.
    pub fn new(base_url: &str) -> Self {
        Self {
            inner: Arc::new(Mutex::new(World::new(base_url))),
        }
    }

    /// Locks the world. A poisoned lock (a panicking handler) is recovered: each handler
    /// validates before it mutates, so the data stays consistent.
    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds the Graph part of `seed`.
    pub fn seed(&self, seed: &Seed) {
        seed::apply(&mut self.lock(), seed);
    }

    pub fn limits(&self) -> GraphLimits {
        self.lock().limits.clone()
    }

    /// Replaces the limits (page size, tasks per plan, token lifetime, …).
    pub fn set_limits(&self, limits: GraphLimits) {
        self.lock().limits = limits;
    }

    /// Sets the consented application permissions; tokens issued afterwards carry them.
    pub fn set_permissions(&self, permissions: &[Permission]) {
        self.lock().permissions = permissions.iter().copied().collect();
    }

    /// Invalidates every issued access token (the next Graph call answers 401).
    pub fn revoke_tokens(&self) {
        self.lock().tokens.clear();
    }

    /// Forgets every delta cursor: following an old link answers 410 `resyncRequired`.
    pub fn expire_delta_tokens(&self) {
        self.lock().delta_tokens.clear();
    }

    pub fn base_url(&self) -> String {
        self.lock().base_url.clone()
    }
}

/// Every Graph route (token endpoint included), with its state applied.
pub fn router(state: GraphState) -> Router {
    api_routes().with_state(state)
}

/// The routes `$batch` dispatches to; stamps each response with its route pattern so batch
/// items can be counted per route.
pub(crate) fn api_routes() -> Router<GraphState> {
    use tasks::{create_task, delete_task, get_task, list_plan_tasks, patch_task};
    Router::new()
        .route("/login/{tenant}/oauth2/v2.0/token", post(auth::token))
        .route("/v1.0/planner/plans/{id}", get(plans::get_plan))
        .route(
            "/v1.0/planner/plans/{id}/details",
            get(plans::get_plan_details),
        )
        .route("/v1.0/planner/plans/{id}/buckets", get(plans::list_buckets))
        .route("/v1.0/planner/plans/{id}/tasks", get(list_plan_tasks))
        .route("/v1.0/groups", get(groups::list_groups))
        .route(
            "/v1.0/groups/{group}/planner/plans",
            get(plans::list_group_plans),
        )
        .route("/v1.0/planner/buckets", post(plans::create_bucket))
        .route("/v1.0/planner/buckets/{id}", get(plans::get_bucket))
        .route("/v1.0/planner/tasks", post(create_task))
        .route(
            "/v1.0/planner/tasks/{id}",
            get(get_task).patch(patch_task).delete(delete_task),
        )
        .route(
            "/v1.0/planner/tasks/{id}/details",
            get(details::get_details).patch(details::patch_details),
        )
        .route("/beta/planner/tasks/delta", get(delta::delta))
        .route("/v1.0/$batch", post(batch::batch))
        .route("/v1.0/users", get(users::list_users))
        .route("/v1.0/users/{id}", get(users::get_user))
        .route("/v1.0/groups/{group}/drive", get(drive::get_group_drive))
        .route(
            "/v1.0/groups/{group}/drive/{*rest}",
            put(drive::group_drive_put).post(drive::group_drive_post),
        )
        .route(
            "/v1.0/drives/{drive}/{*rest}",
            put(drive::drive_put).post(drive::drive_post),
        )
        .route("/upload/{session}", put(drive::upload_chunk))
        .route_layer(from_fn(stamp_route))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The route pattern a response was produced by (read by `$batch` to count items).
#[derive(Debug, Clone)]
pub(crate) struct RoutePattern(pub String);

async fn stamp_route(req: Request, next: Next) -> Response {
    let pattern = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let mut resp = next.run(req).await;
    if let Some(p) = pattern {
        resp.extensions_mut().insert(RoutePattern(p));
    }
    resp
}

/// Parses a JSON object body; anything else is a Graph 400.
pub(crate) fn json_object(body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(ApiError::bad_request(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// Enforces Planner's If-Match rules against the resource's current etag.
pub(crate) fn check_if_match(headers: &HeaderMap, current: &str) -> Result<(), ApiError> {
    let Some(given) = headers.get("if-match").and_then(|v| v.to_str().ok()) else {
        return Err(ApiError::bad_request(
            "The If-Match header must be specified for this kind of request.",
        ));
    };
    let given = given.trim();
    if given == "*" {
        return Err(ApiError::bad_request(
            "The If-Match header value '*' is not supported; send the resource's etag.",
        ));
    }
    if given != current {
        return Err(ApiError::precondition_failed());
    }
    Ok(())
}

/// `Prefer: return=representation` asks PATCH for 200 + the updated object.
pub(crate) fn wants_representation(headers: &HeaderMap) -> bool {
    headers
        .get_all("prefer")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|p| p.trim().eq_ignore_ascii_case("return=representation"))
}
