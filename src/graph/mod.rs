//! The Microsoft Graph client: auth, the one request pipeline (throttle, timeout, retry),
//! Planner, `$batch` (for known sets, and coalescing the single requests of concurrent callers),
//! change reading (delta or list), users and the attachment upload.
//!
//! It speaks HTTP only: no SQL (the token cache is a trait the caller backs with the store), no
//! printing, no clap. Every fact it relies on is in `shared/graph/planner-api.md`. The client
//! is `Clone` (an `Arc` inside) and safe to use from many tokio tasks at once; they share the
//! token, the token bucket and the request counters.

pub mod auth;
pub mod batch;
pub mod changes;
mod coalesce;
pub mod error;
pub mod files;
pub mod groups;
pub mod patch;
mod pipeline;
pub mod planner;
pub mod port;
mod port_intake;
pub mod probe;
pub mod token_store;
pub mod types;
pub mod users;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::config::{Config, ConfigError, Secret};
use crate::net::throttle::TokenBucket;

pub use auth::{CachedToken, MemoryTokenCache, TokenCache};
pub use batch::BatchResult;
pub use changes::{
    ChangeReader, ChangeRound, ChangedTask, Changes, DeltaRound, ListRound, ReadMode,
};
pub use error::{Fresh, GraphError};
pub use files::DriveTarget;
pub use patch::{DetailsPatch, NewTask, TaskPatch, decode_reference_key, encode_reference_key};
pub use types::{
    DriveItem, Etag, GraphUser, PlanDetails, PlannerBucket, PlannerPlan, PlannerTask, TaskDetails,
};

/// The scope of the client-credentials flow (exactly this, per the docs).
pub const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";
/// Upload-session chunks must be multiples of 320 KiB.
pub const UPLOAD_CHUNK_MULTIPLE: u64 = 320 * 1024;

/// How retries wait. Production uses random jitter and the real backoff; tests shrink the
/// backoff (never the server's `Retry-After`) so they take milliseconds.
#[derive(Clone)]
pub struct RetryTuning {
    /// Multiplies our own backoff (`net::retry` steps); a server's `Retry-After` is never scaled.
    pub backoff_scale: f64,
    /// A number in `[0, 1)` per retry.
    pub jitter: Arc<dyn Fn() -> f64 + Send + Sync>,
}

impl Default for RetryTuning {
    fn default() -> Self {
        RetryTuning {
            backoff_scale: 1.0,
            jitter: Arc::new(rand::random::<f64>),
        }
    }
}

impl std::fmt::Debug for RetryTuning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RetryTuning")
            .field("backoff_scale", &self.backoff_scale)
            .finish_non_exhaustive()
    }
}

/// Everything the client needs; [`GraphOptions::from_config`] fills it from the config.
#[derive(Clone)]
pub struct GraphOptions {
    /// `https://login.microsoftonline.com` (no trailing slash needed).
    pub login_url: String,
    /// `https://graph.microsoft.com`; routes are `{base}/v1.0/…` and `{base}/beta/…`.
    pub base_url: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// Attempts per request, the first included (`sync.retry_attempts`).
    pub retry_attempts: u32,
    /// Shared by every request of the run (and by other clients of the run, if any).
    pub throttle: Arc<TokenBucket>,
    /// Whole request, body included.
    pub request_timeout: Duration,
    pub token_cache: Arc<dyn TokenCache>,
    pub retry: RetryTuning,
    /// Files up to this size go in one PUT; larger ones through an upload session.
    pub simple_upload_max_bytes: u64,
    /// Upload-session chunk size (rounded down to a multiple of 320 KiB, at least 320 KiB).
    pub upload_chunk_bytes: u64,
    /// Requests stop retrying when a wait would end after this instant (the pass's budget).
    pub deadline: Option<Instant>,
}

impl GraphOptions {
    /// Options from the loaded config: endpoints, credentials, throttle, `retry_attempts`.
    /// Fails naming the missing secrets.
    pub fn from_config(
        config: &Config,
        token_cache: Arc<dyn TokenCache>,
    ) -> Result<GraphOptions, ConfigError> {
        config.require(&["GRAPH_TENANT_ID", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET"])?;
        let missing = || ConfigError::MissingSecrets {
            vars: vec!["GRAPH_TENANT_ID".into(), "GRAPH_CLIENT_ID".into()],
        };
        Ok(GraphOptions {
            login_url: config.graph.login_url.clone(),
            base_url: config.graph.base_url.clone(),
            tenant_id: config.graph.tenant_id.clone().ok_or_else(missing)?,
            client_id: config.graph.client_id.clone().ok_or_else(missing)?,
            client_secret: config
                .secrets
                .graph_client_secret
                .clone()
                .ok_or_else(missing)?,
            retry_attempts: config.sync.retry_attempts.max(1),
            throttle: Arc::new(TokenBucket::new(
                config.graph.throttle.capacity,
                config.graph.throttle.refill_per_sec,
            )),
            request_timeout: Duration::from_secs(30),
            token_cache,
            retry: RetryTuning::default(),
            simple_upload_max_bytes: config.graph.simple_upload_max_bytes,
            upload_chunk_bytes: 16 * UPLOAD_CHUNK_MULTIPLE,
            deadline: None,
        })
    }
}

/// What a request was for, to count them (the benchmark reports requests per pass).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestKind {
    Token,
    Plan,
    Bucket,
    Task,
    Details,
    List,
    Delta,
    Batch,
    User,
    Upload,
    UploadChunk,
}

impl RequestKind {
    pub const ALL: [RequestKind; 11] = [
        RequestKind::Token,
        RequestKind::Plan,
        RequestKind::Bucket,
        RequestKind::Task,
        RequestKind::Details,
        RequestKind::List,
        RequestKind::Delta,
        RequestKind::Batch,
        RequestKind::User,
        RequestKind::Upload,
        RequestKind::UploadChunk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Token => "token",
            RequestKind::Plan => "plan",
            RequestKind::Bucket => "bucket",
            RequestKind::Task => "task",
            RequestKind::Details => "details",
            RequestKind::List => "list",
            RequestKind::Delta => "delta",
            RequestKind::Batch => "batch",
            RequestKind::User => "user",
            RequestKind::Upload => "upload",
            RequestKind::UploadChunk => "upload_chunk",
        }
    }
}

/// HTTP requests sent so far (every attempt counts, retries included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestStats {
    pub by_kind: Vec<(RequestKind, u64)>,
}

impl RequestStats {
    pub fn get(&self, kind: RequestKind) -> u64 {
        self.by_kind
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(0, |(_, n)| *n)
    }

    pub fn total(&self) -> u64 {
        self.by_kind.iter().map(|(_, n)| n).sum()
    }
}

pub(crate) struct Inner {
    pub opts: GraphOptions,
    pub http: reqwest::Client,
    /// Serializes token refreshes so concurrent 401s fetch one new token, not many.
    pub token_lock: tokio::sync::Mutex<()>,
    pub counters: [AtomicU64; RequestKind::ALL.len()],
    /// Sleeps before retrying a 429/503 (the server's `Retry-After`), for the metrics.
    pub throttled_retries: AtomicU64,
    /// Single task and details requests of concurrent callers, gathered into `$batch`es.
    pub coalescer: coalesce::Coalescer,
}

/// The Graph client. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct GraphClient {
    pub(crate) inner: Arc<Inner>,
}

impl GraphClient {
    pub fn new(opts: GraphOptions) -> Result<GraphClient, GraphError> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(|e| GraphError::Transport(e.to_string()))?;
        Ok(GraphClient {
            inner: Arc::new(Inner {
                opts,
                http,
                token_lock: tokio::sync::Mutex::new(()),
                counters: std::array::from_fn(|_| AtomicU64::new(0)),
                throttled_retries: AtomicU64::new(0),
                coalescer: coalesce::Coalescer::default(),
            }),
        })
    }

    pub fn options(&self) -> &GraphOptions {
        &self.inner.opts
    }

    /// Times a request of this client waited because of throttling: on the token bucket
    /// (its rate, or a hold after a 429/503 `Retry-After`) or before retrying a 429/503.
    pub fn throttled_waits(&self) -> u64 {
        self.inner.opts.throttle.waits() + self.inner.throttled_retries.load(Ordering::Relaxed)
    }

    /// Requests sent so far, by kind.
    pub fn stats(&self) -> RequestStats {
        RequestStats {
            by_kind: RequestKind::ALL
                .iter()
                .zip(self.inner.counters.iter())
                .map(|(k, c)| (*k, c.load(Ordering::Relaxed)))
                .collect(),
        }
    }

    pub(crate) fn count(&self, kind: RequestKind) {
        if let Some(i) = RequestKind::ALL.iter().position(|k| *k == kind) {
            self.inner.counters[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    /// `{base}/v1.0{path}`.
    pub(crate) fn v1(&self, path: &str) -> String {
        format!(
            "{}/v1.0{path}",
            self.inner.opts.base_url.trim_end_matches('/')
        )
    }

    /// `{base}/beta{path}`.
    pub(crate) fn beta(&self, path: &str) -> String {
        format!(
            "{}/beta{path}",
            self.inner.opts.base_url.trim_end_matches('/')
        )
    }
}

/// Percent-encodes a URL path segment or query value: only RFC 3986 unreserved characters stay.
pub(crate) fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
