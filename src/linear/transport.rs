//! The wire: one POST per GraphQL operation, errors classified from the body, retries per the
//! shared verdict, and pacing from Linear's rate-limit headers.
//!
//! Linear reports most failures with HTTP 200 or 400 and `errors[].extensions.code`, so the
//! body decides, not the status: RATELIMITED (HTTP 400) is retried after the reset in
//! `X-RateLimit-*-Reset`; AUTHENTICATION_ERROR and FORBIDDEN stop at once. Retries follow
//! `net::retry::verdict` with `sync.retry_attempts`; when they are spent the typed error says
//! so and the engine dead-letters the change. The client is `Clone` (an `Arc`) and safe to use
//! from concurrent tasks: they share one rate-limit view, one pacing slot and one counter.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tokio::time::Instant;

use super::error::LinearError;
use super::rate::RateSnapshot;
use crate::config::Secret;
use crate::net::retry::{Failure, Verdict, parse_retry_after, until_epoch_ms, verdict};

/// How the client authenticates.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A personal API key, sent as `Authorization: <key>` (no "Bearer").
    ApiKey(Secret),
    /// An OAuth access token, sent as `Authorization: Bearer <token>`.
    OAuth(Secret),
}

/// Everything needed to build a client.
#[derive(Debug, Clone)]
pub struct LinearOptions {
    /// `LINEAR_API_URL`, e.g. `https://api.linear.app/graphql`.
    pub api_url: String,
    pub credential: Credential,
    /// Attempts per request (`sync.retry_attempts`), at least 1.
    pub retry_attempts: u32,
    /// Retries never wait past this much time from the client's creation (the pass budget).
    pub time_budget: Duration,
    /// Timeout of one HTTP request.
    pub request_timeout: Duration,
}

/// Why one attempt failed: for good, or worth another try.
pub(crate) enum AttemptError {
    Fatal(LinearError),
    Transient { failure: Failure, detail: String },
}

struct Pacer {
    rate: RateSnapshot,
    /// When spacing is on: the earliest start of the next request.
    next_slot: Option<Instant>,
}

struct Inner {
    http: reqwest::Client,
    api_url: String,
    auth: HeaderValue,
    retry_attempts: u32,
    deadline: Instant,
    pacer: Mutex<Pacer>,
    counts: Mutex<BTreeMap<String, u64>>,
    /// Waits for the rate limit: pacing near the end of the budget, and sleeps before
    /// retrying a `RATELIMITED` (or 429/503) answer. For the metrics.
    throttled: std::sync::atomic::AtomicU64,
}

/// A Linear GraphQL client; cheap to clone, usable from concurrent tasks.
#[derive(Clone)]
pub struct LinearClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for LinearClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinearClient")
            .field("api_url", &self.inner.api_url)
            .finish_non_exhaustive()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data is plain numbers; a panic elsewhere cannot leave it inconsistent.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn epoch_ms_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl LinearClient {
    pub fn new(options: LinearOptions) -> Result<LinearClient, LinearError> {
        let value = match &options.credential {
            Credential::ApiKey(key) => key.expose().to_string(),
            Credential::OAuth(token) => format!("Bearer {}", token.expose()),
        };
        let mut auth = HeaderValue::from_str(&value).map_err(|_| {
            LinearError::Setup("LINEAR_API_KEY contains characters not allowed in a header".into())
        })?;
        auth.set_sensitive(true);
        let http = reqwest::Client::builder()
            .timeout(options.request_timeout)
            .user_agent(concat!("linear-planner-sync/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| LinearError::Setup(e.to_string()))?;
        Ok(LinearClient {
            inner: Arc::new(Inner {
                http,
                api_url: options.api_url,
                auth,
                retry_attempts: options.retry_attempts.max(1),
                deadline: Instant::now() + options.time_budget,
                pacer: Mutex::new(Pacer {
                    rate: RateSnapshot::default(),
                    next_slot: None,
                }),
                counts: Mutex::new(BTreeMap::new()),
                throttled: std::sync::atomic::AtomicU64::new(0),
            }),
        })
    }

    /// Requests sent so far, by operation name (every attempt counts), for the benchmark.
    pub fn request_counts(&self) -> BTreeMap<String, u64> {
        lock(&self.inner.counts).clone()
    }

    /// How many times a request waited for Linear's rate limit (pacing or a retry after
    /// `RATELIMITED`).
    pub fn throttled_waits(&self) -> u64 {
        self.inner
            .throttled
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_throttled(&self) {
        self.inner
            .throttled
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// What the last response said about the rate-limit budgets.
    pub fn rate(&self) -> RateSnapshot {
        lock(&self.inner.pacer).rate
    }

    /// Send one cynic operation and decode its `data`.
    pub(crate) async fn run<Q, V>(&self, op: cynic::Operation<Q, V>) -> Result<Q, LinearError>
    where
        Q: DeserializeOwned,
        V: Serialize,
    {
        let name = op
            .operation_name
            .as_deref()
            .unwrap_or("anonymous")
            .to_string();
        let body = serde_json::to_vec(&op).map_err(|e| LinearError::Unexpected {
            operation: name.clone(),
            what: format!("cannot encode the request: {e}"),
        })?;
        self.with_retry(&name, || self.post_once(&name, &body))
            .await
    }

    /// Send a document built at run time (aliased copies of one compile-checked field, see
    /// `port/batch.rs`) under the operation name `name`, and decode its `data`.
    pub(crate) async fn run_document<Q: DeserializeOwned>(
        &self,
        name: &str,
        query: &str,
        variables: Value,
    ) -> Result<Q, LinearError> {
        let body =
            serde_json::json!({"query": query, "variables": variables, "operationName": name});
        let body = serde_json::to_vec(&body).map_err(|e| LinearError::Unexpected {
            operation: name.to_string(),
            what: format!("cannot encode the request: {e}"),
        })?;
        self.with_retry(name, || self.post_once(name, &body)).await
    }

    /// Download a file Linear serves behind auth (`uploads.linear.app`), at most `max_bytes`.
    pub async fn download(&self, url: &str, max_bytes: usize) -> Result<Vec<u8>, LinearError> {
        self.with_retry("download", || self.get_once(url, max_bytes))
            .await
    }

    /// Run `attempt` until it succeeds, fails for good, or the verdict stops it.
    async fn with_retry<T, F, Fut>(&self, name: &str, mut attempt: F) -> Result<T, LinearError>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, AttemptError>>,
    {
        let mut n = 0u32;
        loop {
            n += 1;
            self.pace(name).await?;
            *lock(&self.inner.counts)
                .entry(name.to_string())
                .or_default() += 1;
            let (failure, detail) = match attempt().await {
                Ok(value) => return Ok(value),
                Err(AttemptError::Fatal(err)) => return Err(err),
                Err(AttemptError::Transient { failure, detail }) => (failure, detail),
            };
            let budget_left = self.budget_left();
            let jitter: f64 = rand::random();
            match verdict(n, self.inner.retry_attempts, &failure, budget_left, jitter) {
                Verdict::Retry(wait) => {
                    if matches!(
                        failure,
                        Failure::RateLimited { .. }
                            | Failure::Status {
                                status: 429 | 503,
                                ..
                            }
                    ) {
                        self.count_throttled();
                    }
                    tokio::time::sleep(wait).await
                }
                Verdict::Stop { dead_letter: true } => {
                    return Err(match failure {
                        Failure::RateLimited { reset_in } => LinearError::RateLimited {
                            operation: name.to_string(),
                            attempts: n,
                            reset_in,
                        },
                        _ => LinearError::RetriesExhausted {
                            operation: name.to_string(),
                            attempts: n,
                            last: detail,
                        },
                    });
                }
                Verdict::Stop { dead_letter: false } => {
                    let wait = match &failure {
                        Failure::RateLimited { reset_in } => reset_in.unwrap_or_default(),
                        Failure::Status { retry_after, .. } => retry_after.unwrap_or_default(),
                        Failure::Transport => Duration::ZERO,
                    };
                    return Err(LinearError::OverBudget {
                        operation: name.to_string(),
                        wait,
                        last: detail,
                    });
                }
            }
        }
    }

    fn budget_left(&self) -> Duration {
        self.inner
            .deadline
            .saturating_duration_since(Instant::now())
    }

    /// Wait for our slot when the budget is low; refuse to wait past the time budget.
    async fn pace(&self, name: &str) -> Result<(), LinearError> {
        let wait = {
            let mut pacer = lock(&self.inner.pacer);
            let now = Instant::now();
            let start = match pacer.rate.spacing(epoch_ms_now()) {
                None => {
                    pacer.next_slot = None;
                    now
                }
                Some(gap) => {
                    let start = pacer.next_slot.map_or(now, |slot| slot.max(now));
                    pacer.next_slot = Some(start + gap);
                    start
                }
            };
            pacer.rate.spend_one();
            start.saturating_duration_since(now)
        };
        if wait.is_zero() {
            return Ok(());
        }
        if wait > self.budget_left() {
            return Err(LinearError::OverBudget {
                operation: name.to_string(),
                wait,
                last: "Linear's rate-limit budget is nearly spent".into(),
            });
        }
        self.count_throttled();
        tokio::time::sleep(wait).await;
        Ok(())
    }

    fn record_headers(&self, headers: &reqwest::header::HeaderMap) {
        lock(&self.inner.pacer).rate.update(headers);
    }

    async fn post_once<Q: DeserializeOwned>(
        &self,
        name: &str,
        body: &[u8],
    ) -> Result<Q, AttemptError> {
        let response = self
            .inner
            .http
            .post(&self.inner.api_url)
            .header(AUTHORIZATION, self.inner.auth.clone())
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_vec())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        self.record_headers(response.headers());
        let retry_after = retry_after(response.headers());
        let bytes = response.bytes().await.map_err(transport_error)?;
        let Ok(value) = serde_json::from_slice::<Value>(&bytes) else {
            return Err(status_error(name, status, retry_after, &bytes));
        };
        if let Some(errors) = value
            .get("errors")
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            return Err(self.classify(name, status, retry_after, errors));
        }
        if !status.is_success() {
            return Err(status_error(name, status, retry_after, &bytes));
        }
        let data = value.get("data").cloned().unwrap_or(Value::Null);
        serde_path_to_error::deserialize(data).map_err(|e| {
            AttemptError::Fatal(LinearError::Decode {
                operation: name.to_string(),
                path: e.path().to_string(),
                message: e.inner().to_string(),
            })
        })
    }

    /// Turn Linear's `errors` into a verdict input: the code decides, not the HTTP status.
    fn classify(
        &self,
        name: &str,
        status: StatusCode,
        retry_after: Option<Duration>,
        errors: &[Value],
    ) -> AttemptError {
        let first = &errors[0];
        let code = errors
            .iter()
            .find_map(|e| e.pointer("/extensions/code").and_then(Value::as_str))
            .map(str::to_string);
        let message = first
            .pointer("/extensions/userPresentableMessage")
            .or_else(|| first.get("message"))
            .and_then(Value::as_str)
            .unwrap_or("no message")
            .to_string();
        match code.as_deref() {
            Some("AUTHENTICATION_ERROR") => AttemptError::Fatal(LinearError::Auth { message }),
            Some("FORBIDDEN") => AttemptError::Fatal(LinearError::Forbidden {
                operation: name.to_string(),
                message,
            }),
            Some("RATELIMITED") => {
                let reset_ms = lock(&self.inner.pacer).rate.reset_ms_after_limit();
                let reset_in = reset_ms
                    .map(|ms| until_epoch_ms(ms, SystemTime::now()))
                    .or(retry_after);
                AttemptError::Transient {
                    failure: Failure::RateLimited { reset_in },
                    detail: message,
                }
            }
            Some("INTERNAL_SERVER_ERROR") => AttemptError::Transient {
                failure: Failure::Status {
                    status: status.as_u16().max(500),
                    retry_after,
                },
                detail: message,
            },
            _ if status.is_server_error() => AttemptError::Transient {
                failure: Failure::Status {
                    status: status.as_u16(),
                    retry_after,
                },
                detail: message,
            },
            _ => AttemptError::Fatal(LinearError::GraphQl {
                operation: name.to_string(),
                code,
                message,
            }),
        }
    }

    async fn get_once(&self, url: &str, max_bytes: usize) -> Result<Vec<u8>, AttemptError> {
        let mut response = self
            .inner
            .http
            .get(url)
            .header(AUTHORIZATION, self.inner.auth.clone())
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        if !status.is_success() {
            let retry_after = retry_after(response.headers());
            let bytes = response.bytes().await.unwrap_or_default();
            return Err(status_error("download", status, retry_after, &bytes));
        }
        let mut out = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if out.len() + chunk.len() > max_bytes {
                return Err(AttemptError::Fatal(LinearError::Unexpected {
                    operation: "download".into(),
                    what: format!("{url} is larger than {max_bytes} bytes"),
                }));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

fn transport_error(err: reqwest::Error) -> AttemptError {
    AttemptError::Transient {
        failure: Failure::Transport,
        detail: err.to_string(),
    }
}

/// A response without a GraphQL error body: transient statuses retry, 401 is auth, the rest
/// is permanent.
fn status_error(
    name: &str,
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> AttemptError {
    let failure = Failure::Status {
        status: status.as_u16(),
        retry_after,
    };
    let text: String = String::from_utf8_lossy(body).chars().take(200).collect();
    if status == StatusCode::UNAUTHORIZED {
        return AttemptError::Fatal(LinearError::Auth {
            message: format!("HTTP 401 {}", text.trim()),
        });
    }
    if failure.is_transient() {
        return AttemptError::Transient {
            failure,
            detail: format!("HTTP {status}"),
        };
    }
    AttemptError::Fatal(LinearError::Http {
        operation: name.to_string(),
        status: status.as_u16(),
        body: text,
    })
}
