//! The Planner port (`graph::port::PlannerAdapter`) against the sandbox over HTTP: plan info,
//! full reads with details, delta and list change reading (and auto's remembered fallback),
//! batched reads with deleted ids, creates with details, task and details writes with their
//! 412 → `Conflict` rule and etag handling, user lookups, error mapping, and the SQLite token
//! cache shared by two adapters.

pub(crate) use std::collections::{BTreeMap, BTreeSet};
pub(crate) use std::sync::Arc;
pub(crate) use std::time::Duration;

pub(crate) use linear_planner_sync::config::{GraphApiMode, Secret};
pub(crate) use linear_planner_sync::engine::ports::{
    DetailsWrite, NewTask, PlannerPort, PortError, RemoteTask, TaskWrite,
};
pub(crate) use linear_planner_sync::graph::port::{LIST_CURSOR_PREFIX, PlannerAdapter};
pub(crate) use linear_planner_sync::graph::token_store::SqliteTokenCache;
pub(crate) use linear_planner_sync::graph::{
    GraphClient, GraphOptions, MemoryTokenCache, ReadMode, RetryTuning, TokenCache,
};
pub(crate) use linear_planner_sync::model::ids::TaskId;
pub(crate) use linear_planner_sync::net::throttle::TokenBucket;
pub(crate) use linear_planner_sync::sandbox::graph::seed::{ALICE, BOB, CAROL, DAVE};
pub(crate) use linear_planner_sync::sandbox::graph::{GraphLimits, Permission};
pub(crate) use linear_planner_sync::sandbox::{
    Fault, FaultKind, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_TENANT_ID, Sandbox,
    SandboxOptions, Seed, Times,
};
pub(crate) use serde_json::json;

mod reads;
mod users_tokens;
mod writes;

pub(crate) const PLAN: &str = "plan-demo";

pub(crate) async fn sandbox(seed: Seed) -> Sandbox {
    Sandbox::start(SandboxOptions {
        seed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

/// Client options for the sandbox: fast backoff, three attempts.
pub(crate) fn options(sb: &Sandbox, cache: Arc<dyn TokenCache>) -> GraphOptions {
    GraphOptions {
        login_url: sb.graph_login_url(),
        base_url: sb.graph_base_url(),
        tenant_id: SANDBOX_TENANT_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: Secret::new(SANDBOX_CLIENT_SECRET),
        retry_attempts: 3,
        throttle: Arc::new(TokenBucket::new(600, 20.0)),
        request_timeout: Duration::from_secs(5),
        token_cache: cache,
        retry: RetryTuning {
            backoff_scale: 0.002,
            jitter: Arc::new(|| 0.0),
        },
        simple_upload_max_bytes: 4 * 1024 * 1024,
        upload_chunk_bytes: 320 * 1024,
        deadline: None,
    }
}

pub(crate) fn adapter_from(opts: GraphOptions, api: GraphApiMode) -> PlannerAdapter {
    let base = opts.base_url.clone();
    let client = GraphClient::new(opts).expect("client");
    PlannerAdapter::new(client, api, BTreeMap::new(), format!("{base}/tasks"))
}

/// An auto-mode adapter with its own in-memory token cache.
pub(crate) fn adapter(sb: &Sandbox) -> PlannerAdapter {
    adapter_from(
        options(sb, Arc::new(MemoryTokenCache::new())),
        GraphApiMode::Auto,
    )
}

pub(crate) fn tid(s: &str) -> TaskId {
    TaskId(s.to_owned())
}

/// One task with details, read through the port.
pub(crate) async fn read(p: &PlannerAdapter, id: &str) -> RemoteTask {
    p.tasks(&[tid(id)])
        .await
        .expect("batch read")
        .remove(0)
        .expect("task exists")
}

/// The sandbox's current task and details etags.
pub(crate) fn world_etags(sb: &Sandbox, id: &str) -> (String, String) {
    let details = sb.graph().details(id).expect("details");
    (
        sb.graph().task_etag(id).expect("task"),
        details["@odata.etag"].as_str().expect("etag").to_owned(),
    )
}
