//! The Graph client against the real sandbox over HTTP: auth and token reuse, the retry
//! pipeline (429 with a decimal Retry-After, 503, timeouts, spent retries, budget), typed
//! errors (403 empty code, 404 plan, 410 delta, 412), Planner reads and writes, `$batch`,
//! delta/list/auto change reading, users and uploads.
//!
//! Our own backoff is scaled down so tests take milliseconds; a server's Retry-After is not,
//! and the test that is about it measures the wait.

pub(crate) use std::collections::HashMap;
pub(crate) use std::sync::Arc;
pub(crate) use std::time::{Duration, Instant};

pub(crate) use linear_planner_sync::config::{GraphApiMode, Secret};
pub(crate) use linear_planner_sync::graph::{
    CachedToken, ChangeReader, Changes, DetailsPatch, DriveTarget, Etag, Fresh, GraphClient,
    GraphError, GraphOptions, MemoryTokenCache, NewTask, ReadMode, RequestKind, RetryTuning,
    TaskPatch, TokenCache, encode_reference_key,
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

mod auth;
mod changes;
mod coalesce;
mod pipeline;
mod planner;
mod users_files;

pub(crate) async fn sandbox(seed: Seed) -> Sandbox {
    Sandbox::start(SandboxOptions {
        seed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

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

pub(crate) fn client(sb: &Sandbox) -> GraphClient {
    GraphClient::new(options(sb, Arc::new(MemoryTokenCache::new()))).expect("client")
}

pub(crate) fn fault(sb: &Sandbox, path: &str, kind: FaultKind, times: Times) {
    sb.faults().add(Fault::new(path, kind).times(times));
}

pub(crate) fn task_id(s: &str) -> TaskId {
    TaskId(s.to_owned())
}
