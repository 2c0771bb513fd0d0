//! Fault injection: what can go wrong, where, and how often.
//!
//! A [`Fault`] matches requests (optional method + a path prefix or `*` glob) and, as often as
//! its [`Times`] allows, answers for the real handler: throttling, outages, expired tokens,
//! dropped connections, Linear's rate limit. The client's retry, refresh and dead-letter paths
//! are only provable against failures like these. Faults are set from Rust ([`Faults::add`]) or
//! over HTTP (`POST`/`DELETE`/`GET /_sandbox/faults`, see [`crate::sandbox::middleware`],
//! which applies them).

use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::graph::error::ApiError;

/// Where a fault applies and what it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// HTTP method to match (any when absent), case-insensitive.
    #[serde(default)]
    pub method: Option<String>,
    /// A path prefix (`/v1.0/planner`) or a glob where `*` matches anything (`/v1.0/*/details`).
    pub path: String,
    pub kind: FaultKind,
    #[serde(default)]
    pub times: Times,
}

impl Fault {
    /// A fault of `kind` on every request whose path matches `path`, firing once.
    pub fn new(path: &str, kind: FaultKind) -> Self {
        Self {
            method: None,
            path: path.to_owned(),
            kind,
            times: Times::default(),
        }
    }

    /// Restricts the fault to one HTTP method.
    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_owned());
        self
    }

    /// Sets how often the fault fires.
    pub fn times(mut self, times: Times) -> Self {
        self.times = times;
        self
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        method_ok && path_matches(&self.path, path)
    }
}

/// Prefix match, or a glob when the pattern has a `*` (which also crosses `/`).
fn path_matches(pattern: &str, path: &str) -> bool {
    if !pattern.contains('*') {
        return path.starts_with(pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = parts.split_first().unwrap_or((&"", &[]));
    let Some(mut remaining) = path.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().unwrap_or((&"", &[]));
    for part in middle {
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.ends_with(last)
}

/// What an injected fault does. JSON: `{"type":"too_many_requests","retry_after":"1.5"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FaultKind {
    /// 429 with an optional `Retry-After` (seconds, decimals, or an HTTP date: sent verbatim).
    TooManyRequests {
        #[serde(default)]
        retry_after: Option<String>,
    },
    /// 503 with an optional `Retry-After`.
    ServiceUnavailable {
        #[serde(default)]
        retry_after: Option<String>,
    },
    /// 500.
    InternalError,
    /// Sleeps `ms` before the real handler answers (a slow server, or a client timeout).
    Latency { ms: u64 },
    /// The connection is closed without a complete answer.
    DropConnection,
    /// The request is handled (a write applies), then the connection closes before the
    /// answer: the client cannot tell whether it landed.
    DropAnswer,
    /// 401 `InvalidAuthenticationToken`, as for an expired token.
    ExpiredToken,
    /// 403 with an empty error code, as Planner often sends.
    ForbiddenEmptyCode,
    /// 404 with an empty error code.
    NotFound,
    /// 410 Gone with code `resyncRequired` (an expired delta token).
    ResyncRequired,
    /// Linear's rate limit: HTTP 400, `extensions.code = RATELIMITED`, `X-RateLimit-*` headers.
    LinearRateLimited { reset_ms: u64 },
}

/// How often a matching fault fires. JSON: `{"count":2}`, `{"every_nth":3}`, `{"after":1}`,
/// `{"probability":{"p":0.25,"seed":7}}` or `"always"`. Default: once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Times {
    /// The first `n` matching requests.
    Count(u64),
    /// Every `n`th matching request (the nth, 2nth, …).
    EveryNth(u64),
    /// Every matching request after the first `n` (which pass untouched).
    After(u64),
    /// Each matching request with probability `p`, from a seeded generator (reproducible).
    Probability { p: f64, seed: u64 },
    /// Every matching request.
    Always,
}

impl Default for Times {
    fn default() -> Self {
        Times::Count(1)
    }
}

/// Identifies an added fault.
pub type FaultId = u64;

/// A fault with its counters, as listed by [`Faults::list`] and `GET /_sandbox/faults`.
#[derive(Debug, Clone, Serialize)]
pub struct FaultStatus {
    pub id: FaultId,
    pub fault: Fault,
    /// Matching requests seen.
    pub seen: u64,
    /// Times it fired.
    pub fired: u64,
}

#[derive(Debug, Default)]
struct Book {
    next_id: FaultId,
    entries: Vec<Entry>,
    latency: Duration,
}

#[derive(Debug)]
struct Entry {
    status: FaultStatus,
    rng: u64,
}

/// The shared fault table (cheap to clone).
#[derive(Debug, Clone, Default)]
pub struct Faults {
    inner: Arc<Mutex<Book>>,
    kill: super::kill::KillSwitch,
}

impl Faults {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Book> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a fault; earlier faults are checked first.
    pub fn add(&self, fault: Fault) -> FaultId {
        let mut book = self.lock();
        book.next_id += 1;
        let id = book.next_id;
        let rng = match fault.times {
            Times::Probability { seed, .. } => seed,
            _ => 0,
        };
        book.entries.push(Entry {
            status: FaultStatus {
                id,
                fault,
                seen: 0,
                fired: 0,
            },
            rng,
        });
        id
    }

    /// Removes every fault (the global latency stays).
    pub fn clear(&self) {
        self.lock().entries.clear();
    }

    /// The faults with their counters.
    pub fn list(&self) -> Vec<FaultStatus> {
        self.lock()
            .entries
            .iter()
            .map(|e| e.status.clone())
            .collect()
    }

    /// The kill switch for crash tests (see [`crate::sandbox::kill`]); `clear` leaves it alone.
    pub fn kill_switch(&self) -> &super::kill::KillSwitch {
        &self.kill
    }

    /// Latency added to every non-control request.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    pub fn latency(&self) -> Duration {
        self.lock().latency
    }

    /// The fault (if any) that fires for this request; advances the counters of every match.
    pub fn decide(&self, method: &str, path: &str) -> Option<FaultKind> {
        let mut book = self.lock();
        for entry in book.entries.iter_mut() {
            if !entry.status.fault.matches(method, path) {
                continue;
            }
            entry.status.seen += 1;
            let fire = match entry.status.fault.times {
                Times::Count(n) => entry.status.fired < n,
                Times::EveryNth(n) => n > 0 && entry.status.seen % n == 0,
                Times::After(n) => entry.status.seen > n,
                Times::Probability { p, .. } => next_unit(&mut entry.rng) < p,
                Times::Always => true,
            };
            if fire {
                entry.status.fired += 1;
                return Some(entry.status.fault.kind.clone());
            }
        }
        None
    }
}

/// splitmix64 → [0, 1): reproducible without a `rand` dependency.
fn next_unit(state: &mut u64) -> f64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// What the middleware (or a `$batch` item) does for a fired fault.
pub enum FaultAction {
    Respond(Response),
    Delay(Duration),
    Drop,
    /// Handle the request, then drop the connection instead of answering.
    DropAfter,
}

/// Turns a fault kind into its effect.
pub fn action(kind: &FaultKind) -> FaultAction {
    let graph = |status, code: &str, message: &str| ApiError::new(status, code, message);
    let respond = |e: ApiError, retry_after: &Option<String>| {
        let mut resp = e.into_response();
        if let Some(v) = retry_after
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            resp.headers_mut().insert("retry-after", v);
        }
        FaultAction::Respond(resp)
    };
    match kind {
        FaultKind::TooManyRequests { retry_after } => respond(
            graph(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                "Too many requests.",
            ),
            retry_after,
        ),
        FaultKind::ServiceUnavailable { retry_after } => respond(
            graph(
                StatusCode::SERVICE_UNAVAILABLE,
                "serviceNotAvailable",
                "Service unavailable.",
            ),
            retry_after,
        ),
        FaultKind::InternalError => respond(
            graph(
                StatusCode::INTERNAL_SERVER_ERROR,
                "UnknownError",
                "An internal error occurred.",
            ),
            &None,
        ),
        FaultKind::Latency { ms } => FaultAction::Delay(Duration::from_millis(*ms)),
        FaultKind::DropConnection => FaultAction::Drop,
        FaultKind::DropAnswer => FaultAction::DropAfter,
        FaultKind::ExpiredToken => respond(
            graph(
                StatusCode::UNAUTHORIZED,
                "InvalidAuthenticationToken",
                "Lifetime validation failed, the token is expired.",
            ),
            &None,
        ),
        FaultKind::ForbiddenEmptyCode => respond(
            graph(
                StatusCode::FORBIDDEN,
                "",
                "You do not have the required permissions to access this item.",
            ),
            &None,
        ),
        FaultKind::NotFound => respond(
            graph(
                StatusCode::NOT_FOUND,
                "",
                "The requested item is not found.",
            ),
            &None,
        ),
        FaultKind::ResyncRequired => respond(
            graph(
                StatusCode::GONE,
                "resyncRequired",
                "The delta token is no longer valid; a full resync is required.",
            ),
            &None,
        ),
        FaultKind::LinearRateLimited { reset_ms } => {
            FaultAction::Respond(linear_rate_limited(*reset_ms))
        }
    }
}

fn linear_rate_limited(reset_ms: u64) -> Response {
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0);
    let body = serde_json::json!({
        "errors": [{"message": "Rate limit exceeded", "extensions": {"code": "RATELIMITED"}}]
    });
    let mut resp = (StatusCode::BAD_REQUEST, Json(body)).into_response();
    let headers = resp.headers_mut();
    headers.insert(
        "x-ratelimit-requests-limit",
        HeaderValue::from_static("1500"),
    );
    headers.insert(
        "x-ratelimit-requests-remaining",
        HeaderValue::from_static("0"),
    );
    headers.insert(
        "x-ratelimit-requests-reset",
        HeaderValue::from(now_ms.saturating_add(reset_ms)),
    );
    resp
}

/// A body that fails on its first poll: hyper then closes the connection without completing
/// the response, which a client sees as a reset / incomplete message.
struct AbortedBody;

impl http_body::Body for AbortedBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "sandbox fault: connection dropped",
        ))))
    }
}

/// A response whose connection is dropped instead of answered.
pub fn dropped_response() -> Response {
    Response::new(Body::new(AbortedBody))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_prefixes() {
        assert!(path_matches("/v1.0/planner", "/v1.0/planner/tasks/x"));
        assert!(path_matches(
            "/v1.0/planner/tasks/*/details",
            "/v1.0/planner/tasks/a/details"
        ));
        assert!(!path_matches(
            "/v1.0/planner/tasks/*/details",
            "/v1.0/planner/tasks/a"
        ));
        assert!(path_matches("*delta*", "/beta/planner/tasks/delta"));
        assert!(!path_matches("/beta", "/v1.0/planner"));
    }

    #[test]
    fn probability_is_reproducible() {
        let (mut a, mut b) = (7u64, 7u64);
        let xs: Vec<f64> = (0..5).map(|_| next_unit(&mut a)).collect();
        let ys: Vec<f64> = (0..5).map(|_| next_unit(&mut b)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
    }
}
