//! The one pipeline every Graph request goes through: take a token from the shared bucket,
//! send with a timeout, classify a failure, ask `net::retry::verdict`, sleep, retry.
//!
//! A 429/503 `Retry-After` also holds the whole bucket (Graph throttles the app, not one
//! connection). A 401 refreshes the token once and repeats the request; a second 401 is
//! `AuthFailed`. Spent attempts become `Exhausted` (dead-letter), a wait beyond the pass's
//! budget becomes `Deferred` (stay queued). Only this file calls `reqwest`'s `send`.

use std::time::{Duration, SystemTime};

use reqwest::Method;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{GraphError, classify};
use super::{GraphClient, RequestKind};
use crate::net::retry::{Failure, Verdict, parse_retry_after, verdict};

/// With no deadline set, a wait is never "beyond the budget".
const NO_DEADLINE: Duration = Duration::from_secs(24 * 3600);

#[derive(Debug, Clone)]
pub(crate) enum Body {
    Empty,
    Json(Vec<u8>),
    Form(String),
    Bytes {
        data: Vec<u8>,
        content_type: &'static str,
    },
}

/// One logical request; re-sent as is on retry.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub method: Method,
    pub url: String,
    pub kind: RequestKind,
    pub body: Body,
    pub headers: Vec<(&'static str, String)>,
    /// Send `Authorization: Bearer`; false only for the token request and upload chunks.
    pub auth: bool,
    /// False for creates: after a timeout or a 5xx the server may have applied the request,
    /// so only 429/503 (which mean "not processed") are retried; the engine's intent row
    /// adopts or re-creates on the next pass instead of making a duplicate now.
    pub idempotent: bool,
}

impl Call {
    pub fn new(method: Method, url: String, kind: RequestKind) -> Call {
        Call {
            idempotent: method_is_idempotent(&method),
            method,
            url,
            kind,
            body: Body::Empty,
            headers: Vec::new(),
            auth: true,
        }
    }

    pub fn get(url: String, kind: RequestKind) -> Call {
        Call::new(Method::GET, url, kind)
    }

    pub fn json(mut self, value: &serde_json::Value) -> Call {
        self.body = Body::Json(value.to_string().into_bytes());
        self
    }

    /// Marks a POST as safe to re-send (a read in disguise, or harmless twice).
    pub fn idempotent(mut self) -> Call {
        self.idempotent = true;
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }

    /// The path (and query) of the URL, for error messages and scope lookup.
    pub fn path(&self) -> &str {
        url_path(&self.url)
    }
}

fn method_is_idempotent(method: &Method) -> bool {
    method != Method::POST
}

pub(crate) fn url_path(url: &str) -> &str {
    url.split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or(url)
}

/// A complete answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn request_id(&self) -> Option<String> {
        ["request-id", "client-request-id"]
            .iter()
            .find_map(|h| self.headers.get(*h)?.to_str().ok())
            .map(str::to_owned)
    }

    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, GraphError> {
        serde_json::from_slice(&self.body).map_err(|e| GraphError::Decode {
            what: what.to_owned(),
            message: e.to_string(),
            request_id: self.request_id(),
        })
    }

    /// The classified error of a non-2xx answer to `call`.
    pub fn error(&self, call: &Call) -> GraphError {
        classify(self.status, call.path(), &self.body, self.request_id())
    }
}

impl GraphClient {
    /// Time left before the deadline (the pass's budget).
    pub(crate) fn budget_left(&self) -> Duration {
        self.inner.opts.deadline.map_or(NO_DEADLINE, |d| {
            d.saturating_duration_since(tokio::time::Instant::now())
        })
    }

    /// How long to wait after failed attempt `attempt`, or `Err(dead_letter)` to stop.
    /// Our backoff is scaled by the tuning; the server's `Retry-After` never is.
    pub(crate) fn retry_wait(&self, attempt: u32, failure: &Failure) -> Result<Duration, bool> {
        let opts = &self.inner.opts;
        let jitter = (opts.retry.jitter)();
        let max = opts.retry_attempts.max(1);
        match verdict(attempt, max, failure, self.budget_left(), jitter) {
            Verdict::Stop { dead_letter } => Err(dead_letter),
            Verdict::Retry(_) => {
                let (own_failure, asked) = match failure {
                    Failure::Status {
                        status,
                        retry_after,
                    } => (
                        Failure::Status {
                            status: *status,
                            retry_after: None,
                        },
                        *retry_after,
                    ),
                    other => (other.clone(), None),
                };
                let own = match verdict(attempt, max, &own_failure, NO_DEADLINE, jitter) {
                    Verdict::Retry(w) => w.mul_f64(opts.retry.backoff_scale.max(0.0)),
                    Verdict::Stop { .. } => Duration::ZERO,
                };
                Ok(asked.map_or(own, |a| a.max(own)))
            }
        }
    }

    /// One attempt: throttle, send, read the whole body, all under the request timeout.
    async fn attempt(&self, call: &Call, token: Option<&str>) -> Result<Reply, String> {
        self.inner.opts.throttle.acquire().await;
        self.attempt_paid(call, token).await
    }

    /// [`Self::attempt`] with the bucket's token already taken by the caller (the coalescer
    /// takes it before it closes an envelope, so items keep joining while it waits).
    pub(crate) async fn attempt_paid(
        &self,
        call: &Call,
        token: Option<&str>,
    ) -> Result<Reply, String> {
        self.count(call.kind);
        let mut rb = self.inner.http.request(call.method.clone(), &call.url);
        if let Some(token) = token {
            rb = rb.bearer_auth(token);
        }
        for (name, value) in &call.headers {
            rb = rb.header(*name, value);
        }
        rb = match &call.body {
            Body::Empty => rb,
            Body::Json(data) => rb
                .header("content-type", "application/json")
                .body(data.clone()),
            Body::Form(text) => rb
                .header("content-type", "application/x-www-form-urlencoded")
                .body(text.clone()),
            Body::Bytes { data, content_type } => {
                rb.header("content-type", *content_type).body(data.clone())
            }
        };
        let exchange = async {
            let resp = rb.send().await.map_err(|e| transport_message(&e))?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().await.map_err(|e| transport_message(&e))?;
            Ok(Reply {
                status,
                headers,
                body: body.to_vec(),
            })
        };
        match tokio::time::timeout(self.inner.opts.request_timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(format!(
                "no answer within {:?}",
                self.inner.opts.request_timeout
            )),
        }
    }

    /// Sends with retries on 429/5xx/timeouts; returns the first non-transient answer,
    /// whatever its status.
    pub(crate) async fn send_raw(
        &self,
        call: &Call,
        token: Option<&str>,
    ) -> Result<Reply, GraphError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let (failure, last_status, request_id, message) = match self.attempt(call, token).await
            {
                Ok(reply) => {
                    let retry_after = reply
                        .headers
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    let failure = Failure::Status {
                        status: reply.status,
                        retry_after,
                    };
                    if !failure.is_transient() {
                        return Ok(reply);
                    }
                    if let (Some(wait), 429 | 503) = (retry_after, reply.status) {
                        self.inner.opts.throttle.hold(wait);
                    }
                    let message = reply.error(call).to_string();
                    (failure, Some(reply.status), reply.request_id(), message)
                }
                Err(message) => (Failure::Transport, None, None, message),
            };
            let maybe_applied = !matches!(
                failure,
                Failure::Status {
                    status: 429 | 503,
                    ..
                }
            );
            let verdict = if !call.idempotent && maybe_applied {
                Err(true)
            } else {
                self.retry_wait(attempt, &failure)
            };
            match verdict {
                Ok(wait) => {
                    if !maybe_applied {
                        // A 429/503: the server throttled us.
                        self.inner
                            .throttled_retries
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    tokio::time::sleep(wait).await
                }
                Err(true) => {
                    return Err(GraphError::Exhausted {
                        attempts: attempt,
                        last_status,
                        message,
                        request_id,
                    });
                }
                Err(false) => {
                    let wait = match &failure {
                        Failure::Status {
                            retry_after: Some(w),
                            ..
                        } => *w,
                        _ => self.budget_left(),
                    };
                    return Err(GraphError::Deferred {
                        wait,
                        last_status,
                        request_id,
                    });
                }
            }
        }
    }

    /// An authenticated request (unless `call.auth` is false) with the 401 → refresh-once
    /// rule; any other status comes back as is.
    pub(crate) async fn send_any(&self, call: &Call) -> Result<Reply, GraphError> {
        Ok(self.send_authed(call).await?.0)
    }

    /// [`Self::send_any`], also returning the token the answer was given to (`None` when
    /// `call.auth` is false): `$batch` needs it to apply the same rule to a refused item.
    pub(crate) async fn send_authed(
        &self,
        call: &Call,
    ) -> Result<(Reply, Option<String>), GraphError> {
        if !call.auth {
            return Ok((self.send_raw(call, None).await?, None));
        }
        let token = self.access_token().await?;
        let reply = self.send_raw(call, Some(&token)).await?;
        if reply.status != 401 {
            return Ok((reply, Some(token)));
        }
        let token = self.refresh_token(&token).await?;
        let reply = self.send_raw(call, Some(&token)).await?;
        if reply.status == 401 {
            return Err(reply.error(call));
        }
        Ok((reply, Some(token)))
    }

    /// [`Self::send_any`], with every non-2xx answer turned into its typed error.
    pub(crate) async fn send(&self, call: &Call) -> Result<Reply, GraphError> {
        let reply = self.send_any(call).await?;
        if reply.is_success() {
            Ok(reply)
        } else {
            Err(reply.error(call))
        }
    }

    /// GET a JSON object.
    pub(crate) async fn get_json<T: DeserializeOwned>(
        &self,
        url: String,
        kind: RequestKind,
    ) -> Result<T, GraphError> {
        let call = Call::get(url, kind);
        let reply = self.send(&call).await?;
        reply.json(call.path())
    }
}

/// A reqwest error with its causes (the top level alone says little: "error sending request").
fn transport_message(err: &reqwest::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}
