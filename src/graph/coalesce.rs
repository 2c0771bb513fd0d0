//! Coalescing: the single task and details reads and writes that concurrent units send at
//! about the same time ride together in one `$batch` (≤ 20 items), each getting its own answer.
//!
//! How an envelope forms. A request that finds no open envelope opens one and starts its
//! sender; later requests join it (a full one is closed, and the next request opens another).
//! The sender first takes the envelope's token from the shared bucket, so under the throttle
//! requests keep joining while the token is on its way. With the token in hand it yields once
//! (units woken together enqueue in the same turn) and, only when other requests are
//! outstanding (units running concurrently), waits a [`WINDOW`] at a time for as long as
//! items keep joining (up to [`MAX_WAIT`]) or until the envelope is full. Then it closes the
//! envelope and sends it; an envelope of one item goes out as the plain single request it
//! always was. A lone request (a sequential path, an idle pass, a create) therefore waits for
//! one yield only, and keeps its order. Several items queued at once
//! ([`GraphClient::coalesced_items`], a `$batch`'s last, partial chunk) go in under one lock,
//! so no sender leaves with part of them.
//!
//! Per-item semantics are those of a single request (pipeline.rs), applied by each caller to
//! its own item ([`GraphClient::coalesced`]): 429/503 hold the bucket and are retried after
//! their `Retry-After`; other transient statuses and a lost envelope after our backoff; up to
//! `retry_attempts` (then `Exhausted`) or the deadline (then `Deferred`); a 401 refreshes the
//! token once; anything else, a 412 included, is the item's final answer. A retried item joins
//! whatever envelope is open then. Re-sending after a lost answer cannot apply a write twice:
//! GETs are reads, a PATCH under `If-Match` that was applied answers 412, and a create (POST)
//! is re-sent only after a 429/503 (not applied); any other failure of a create is final, as
//! for a single POST, and the engine's open intent adopts the task if it was made.
//!
//! `$batch` items without `dependsOn` may run in any order. Requests that meet in an envelope
//! come from different units (one unit's requests are sequential), and units touch different
//! tasks: the same requests sent on their own at the same time would be unordered too.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::sync::{Notify, oneshot};

use super::batch::{Answer as BatchAnswer, ItemAnswer as BatchItemAnswer, MAX_BATCH};
use super::error::classify;
use super::pipeline::{Call, Reply};
use super::{GraphClient, GraphError, RequestKind};
use crate::net::retry::{Failure, parse_retry_after};

/// How long a sender waits for more items when other requests are outstanding. Small next to
/// a round trip (~100 ms): the units an answer wakes enqueue within a millisecond or so.
pub const WINDOW: Duration = Duration::from_millis(2);
/// The longest an envelope waits while items keep joining it, one [`WINDOW`] after another.
/// Units woken by one answer reach their next request over a few milliseconds (each merges
/// and writes SQLite first); a fixed window cut such a wave in two. The bench's mixed row
/// needed 13 Graph requests in each of nine runs at 8 ms, 15–17 with a single window (2 ms)
/// and 13–15 at 16 ms (stop 26).
pub const MAX_WAIT: Duration = Duration::from_millis(8);

/// One request that can ride in a `$batch`.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub method: Method,
    /// Relative to `/v1.0` (`/planner/tasks/{id}`), as a `$batch` item names its URL.
    pub path: String,
    pub kind: RequestKind,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<Value>,
}

impl Item {
    pub fn get(path: String, kind: RequestKind) -> Item {
        Item {
            method: Method::GET,
            path,
            kind,
            headers: Vec::new(),
            body: None,
        }
    }

    /// A PATCH of `body` under `If-Match: etag`, answered with the object as written.
    pub fn conditional_patch(path: String, kind: RequestKind, etag: &str, body: Value) -> Item {
        Item {
            method: Method::PATCH,
            path,
            kind,
            headers: vec![
                ("if-match", etag.to_owned()),
                ("prefer", "return=representation".to_owned()),
            ],
            body: Some(body),
        }
    }

    /// A POST that creates `body` at `path`. Not idempotent: an answer that may have been
    /// applied is never sent again ([`GraphClient::coalesced`]).
    pub fn create(path: String, kind: RequestKind, body: Value) -> Item {
        Item {
            method: Method::POST,
            path,
            kind,
            headers: Vec::new(),
            body: Some(body),
        }
    }

    /// The path as a whole request names it (`/v1.0/…`), for errors.
    fn full_path(&self) -> String {
        format!("/v1.0{}", self.path)
    }

    /// The item as a request of its own.
    fn call(&self, client: &GraphClient) -> Call {
        let mut call = Call::new(self.method.clone(), client.v1(&self.path), self.kind);
        for (name, value) in &self.headers {
            call = call.header(name, value.clone());
        }
        if let Some(body) = &self.body {
            call = call.json(body);
        }
        call
    }

    /// The item inside an envelope, under `id`.
    pub fn batch_json(&self, id: usize) -> Value {
        let mut v = json!({"id": id.to_string(), "method": self.method.as_str(), "url": self.path});
        let mut headers = serde_json::Map::new();
        for (name, value) in &self.headers {
            headers.insert((*name).to_owned(), json!(value));
        }
        if let Some(body) = &self.body {
            headers.insert("content-type".into(), json!("application/json"));
            v["body"] = body.clone();
        }
        if !headers.is_empty() {
            v["headers"] = Value::Object(headers);
        }
        v
    }
}

/// One item's answer: its own status, `Retry-After`, request id and body.
#[derive(Debug, Clone)]
pub(crate) struct ItemReply {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

impl ItemReply {
    fn of(reply: &Reply) -> ItemReply {
        ItemReply {
            status: reply.status,
            retry_after: reply
                .headers
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, SystemTime::now())),
            request_id: reply.request_id(),
            body: reply.body.clone(),
        }
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, GraphError> {
        serde_json::from_slice(&self.body).map_err(|e| GraphError::Decode {
            what: what.to_owned(),
            message: e.to_string(),
            request_id: self.request_id.clone(),
        })
    }

    fn error(&self, item: &Item) -> GraphError {
        classify(
            self.status,
            &item.full_path(),
            &self.body,
            self.request_id.clone(),
        )
    }
}

/// Why [`GraphClient::coalesced_items`] gave up on an item.
#[derive(Debug)]
pub(crate) enum Failed {
    /// The item's own answers.
    Item(GraphError),
    /// No usable answer at all, as a lost or refused envelope.
    Envelope(GraphError),
}

/// What the sender hands back for one item.
#[derive(Debug, Clone)]
enum Outcome {
    /// An answer, and the token the request carried (for the 401 rule).
    Answer(ItemReply, Option<String>),
    /// No answer (connection lost, timeout): as a lost single request.
    Lost(String),
    /// Nothing a retry can fix (no token, an envelope that cannot be read).
    Failed(GraphError),
}

struct Waiter {
    item: Item,
    answer: oneshot::Sender<Outcome>,
}

struct Envelope {
    id: u64,
    waiters: Vec<Waiter>,
    full: Arc<Notify>,
}

#[derive(Default)]
struct Queue {
    next_id: u64,
    /// The envelope taking items, if any.
    open: Option<Envelope>,
    /// Full envelopes whose sender has not taken them yet.
    closed: Vec<Envelope>,
}

impl Queue {
    /// Adds `waiter` to the open envelope, or opens one: then its id and signal, for a sender
    /// to be started once the lock is released.
    fn push(&mut self, waiter: Waiter) -> Option<(u64, Arc<Notify>)> {
        match self.open.as_mut() {
            Some(envelope) => {
                envelope.waiters.push(waiter);
                if envelope.waiters.len() >= MAX_BATCH {
                    envelope.full.notify_one();
                    if let Some(full) = self.open.take() {
                        self.closed.push(full);
                    }
                }
                None
            }
            None => {
                let id = self.next_id;
                self.next_id += 1;
                let full = Arc::new(Notify::new());
                self.open = Some(Envelope {
                    id,
                    waiters: vec![waiter],
                    full: full.clone(),
                });
                Some((id, full))
            }
        }
    }
}

/// The error of an item whose sender went away without answering.
fn stopped() -> GraphError {
    GraphError::Transport("the $batch sender stopped before answering".into())
}

/// The envelopes being formed; one per client, shared by its clones.
#[derive(Default)]
pub(crate) struct Coalescer {
    queue: Mutex<Queue>,
    /// Items submitted and not answered yet (queued or in flight).
    outstanding: AtomicUsize,
}

/// Counts an item as outstanding until its answer arrives or its caller gives up.
struct Outstanding<'a>(&'a AtomicUsize);

impl Drop for Outstanding<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Coalescer {
    fn queue(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Queues `item` and waits for its answer.
    async fn submit(&self, client: &GraphClient, item: Item) -> Outcome {
        let mut outcomes = self.submit_all(client, vec![item]).await;
        outcomes.pop().unwrap_or_else(|| Outcome::Failed(stopped()))
    }

    /// Queues `items` under one lock, so no sender (on another worker thread) can take an
    /// envelope before all of them are in, and waits for their answers, in order.
    async fn submit_all(&self, client: &GraphClient, items: Vec<Item>) -> Vec<Outcome> {
        self.outstanding.fetch_add(items.len(), Ordering::Relaxed);
        let guards: Vec<Outstanding<'_>> = items
            .iter()
            .map(|_| Outstanding(&self.outstanding))
            .collect();
        let mut receivers = Vec::with_capacity(items.len());
        let mut starts = Vec::new();
        {
            let mut q = self.queue();
            for item in items {
                let (answer, rx) = oneshot::channel();
                starts.extend(q.push(Waiter { item, answer }));
                receivers.push(rx);
            }
        }
        for (id, full) in starts {
            let client = client.clone();
            tokio::spawn(async move { client.send_envelope(id, full).await });
        }
        // Each item stops being outstanding when its own answer arrives.
        futures_util::future::join_all(receivers.into_iter().zip(guards).map(
            |(rx, guard)| async move {
                let outcome = rx.await.unwrap_or_else(|_| Outcome::Failed(stopped()));
                drop(guard);
                outcome
            },
        ))
        .await
    }

    /// Items in envelope `id` so far.
    fn len_of(&self, id: u64) -> usize {
        let q = self.queue();
        q.open
            .iter()
            .chain(q.closed.iter())
            .find(|e| e.id == id)
            .map_or(0, |e| e.waiters.len())
    }

    /// Closes envelope `id` and takes its items.
    fn take(&self, id: u64) -> Vec<Waiter> {
        let mut q = self.queue();
        if q.open.as_ref().is_some_and(|e| e.id == id) {
            return q.open.take().map(|e| e.waiters).unwrap_or_default();
        }
        match q.closed.iter().position(|e| e.id == id) {
            Some(i) => q.closed.swap_remove(i).waiters,
            None => Vec::new(),
        }
    }
}

impl BatchItemAnswer {
    fn reply(&self, envelope_id: Option<&String>) -> ItemReply {
        let body = match &self.body {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => serde_json::to_vec(v).unwrap_or_default(),
        };
        ItemReply {
            status: self.status,
            retry_after: self
                .header("retry-after")
                .and_then(|v| parse_retry_after(v, SystemTime::now())),
            request_id: self
                .header("request-id")
                .map(str::to_owned)
                .or_else(|| envelope_id.cloned()),
            body,
        }
    }
}

impl GraphClient {
    /// Sends `item` alone or with the requests of other units, with a single request's
    /// retries, and returns its first non-transient answer, whatever its status (module doc).
    pub(crate) async fn coalesced(&self, item: Item) -> Result<ItemReply, GraphError> {
        self.settle(item, None)
            .await
            .map_err(|failed| match failed {
                Failed::Item(err) | Failed::Envelope(err) => err,
            })
    }

    /// Several items sent as [`Self::coalesced`] sends one, queued together so they share
    /// envelopes as far as they fit (graph/batch.rs sends a `$batch`'s last, partial chunk so),
    /// each answer telling what failed: the item's own answers (a second 401, retries spent
    /// on its throttled or failed statuses), or what would have failed any request (no token,
    /// lost connections, an unreadable envelope).
    pub(crate) async fn coalesced_items(&self, items: Vec<Item>) -> Vec<Result<ItemReply, Failed>> {
        let first = self.inner.coalescer.submit_all(self, items.clone()).await;
        futures_util::future::join_all(
            items
                .into_iter()
                .zip(first)
                .map(|(item, outcome)| self.settle(item, Some(outcome))),
        )
        .await
    }

    /// Retries `item` as a single request would be, starting from its `first` outcome when it
    /// was already sent.
    async fn settle(&self, item: Item, mut first: Option<Outcome>) -> Result<ItemReply, Failed> {
        let mut attempt = 0u32;
        let mut refreshed = false;
        loop {
            attempt += 1;
            let outcome = match first.take() {
                Some(outcome) => outcome,
                None => self.inner.coalescer.submit(self, item.clone()).await,
            };
            let (failure, last_status, request_id, message) = match outcome {
                Outcome::Failed(err) => return Err(Failed::Envelope(err)),
                Outcome::Answer(reply, token) if reply.status == 401 => {
                    if refreshed {
                        return Err(Failed::Item(reply.error(&item)));
                    }
                    // As pipeline.rs: one new token and one more try, not a retry attempt.
                    refreshed = true;
                    if let Some(token) = token {
                        self.refresh_token(&token).await.map_err(Failed::Envelope)?;
                    }
                    attempt -= 1;
                    continue;
                }
                Outcome::Answer(reply, _) => {
                    let failure = Failure::Status {
                        status: reply.status,
                        retry_after: reply.retry_after,
                    };
                    if !failure.is_transient() {
                        return Ok(reply);
                    }
                    if let (Some(wait), 429 | 503) = (reply.retry_after, reply.status) {
                        self.inner.opts.throttle.hold(wait);
                    }
                    let message = reply.error(&item).to_string();
                    (failure, Some(reply.status), reply.request_id, message)
                }
                Outcome::Lost(message) => (Failure::Transport, None, None, message),
            };
            // As pipeline.rs: a create whose answer may have been applied (anything but a
            // 429/503) is not sent again; the caller's open intent adopts what it made.
            let maybe_applied = !matches!(last_status, Some(429 | 503));
            let verdict = if item.method == Method::POST && maybe_applied {
                Err(true)
            } else {
                self.retry_wait(attempt, &failure)
            };
            // The last try's answer decides who failed: the item's status, or no answer.
            let failed = match last_status {
                Some(_) => Failed::Item,
                None => Failed::Envelope,
            };
            match verdict {
                Ok(wait) => {
                    if matches!(last_status, Some(429 | 503)) {
                        self.inner.throttled_retries.fetch_add(1, Ordering::Relaxed);
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(true) => {
                    return Err(failed(GraphError::Exhausted {
                        attempts: attempt,
                        last_status,
                        message,
                        request_id,
                    }));
                }
                Err(false) => {
                    let wait = match failure {
                        Failure::Status {
                            retry_after: Some(w),
                            ..
                        } => w,
                        _ => self.budget_left(),
                    };
                    return Err(failed(GraphError::Deferred {
                        wait,
                        last_status,
                        request_id,
                    }));
                }
            }
        }
    }

    /// [`Self::coalesced`], with a non-2xx answer turned into its typed error.
    pub(crate) async fn coalesced_ok(&self, item: Item) -> Result<ItemReply, GraphError> {
        let reply = self.coalesced(item.clone()).await?;
        if reply.is_success() {
            Ok(reply)
        } else {
            Err(reply.error(&item))
        }
    }

    /// The sender of envelope `id`: token, short wait for company, then one request.
    async fn send_envelope(&self, id: u64, full: Arc<Notify>) {
        let coalescer = &self.inner.coalescer;
        self.inner.opts.throttle.acquire().await;
        tokio::task::yield_now().await;
        let mut len = coalescer.len_of(id);
        let mut waited = Duration::ZERO;
        while len < MAX_BATCH
            && coalescer.outstanding.load(Ordering::Relaxed) > len
            && waited < MAX_WAIT
        {
            tokio::select! {
                _ = full.notified() => break,
                _ = tokio::time::sleep(WINDOW) => {}
            }
            waited += WINDOW;
            let now = coalescer.len_of(id);
            if now == len {
                break;
            }
            len = now;
        }
        let mut waiters = coalescer.take(id);
        let token = match self.access_token().await {
            Ok(token) => token,
            Err(err) => {
                for w in waiters {
                    let _ = w.answer.send(Outcome::Failed(err.clone()));
                }
                return;
            }
        };
        if waiters.len() == 1 {
            let Some(w) = waiters.pop() else { return };
            let outcome = match self.attempt_paid(&w.item.call(self), Some(&token)).await {
                Ok(reply) => Outcome::Answer(ItemReply::of(&reply), Some(token)),
                Err(message) => Outcome::Lost(message),
            };
            let _ = w.answer.send(outcome);
            return;
        }
        let requests: Vec<Value> = waiters
            .iter()
            .enumerate()
            .map(|(i, w)| w.item.batch_json(i))
            .collect();
        let call = Call::new(Method::POST, self.v1("/$batch"), RequestKind::Batch)
            .json(&json!({ "requests": requests }))
            .idempotent();
        let reply = match self.attempt_paid(&call, Some(&token)).await {
            Ok(reply) => reply,
            Err(message) => {
                for w in waiters {
                    let _ = w.answer.send(Outcome::Lost(message.clone()));
                }
                return;
            }
        };
        if !reply.is_success() {
            // The envelope itself was refused (throttled, 401, …): every item got that answer.
            let item_reply = ItemReply::of(&reply);
            for w in waiters {
                let _ = w
                    .answer
                    .send(Outcome::Answer(item_reply.clone(), Some(token.clone())));
            }
            return;
        }
        let envelope_id = reply.request_id();
        let answer: BatchAnswer = match reply.json("POST /$batch") {
            Ok(answer) => answer,
            Err(err) => {
                for w in waiters {
                    let _ = w.answer.send(Outcome::Failed(err.clone()));
                }
                return;
            }
        };
        for (i, w) in waiters.into_iter().enumerate() {
            let outcome = match answer.responses.iter().find(|r| r.id == i.to_string()) {
                Some(item) => {
                    Outcome::Answer(item.reply(envelope_id.as_ref()), Some(token.clone()))
                }
                None => Outcome::Failed(GraphError::Decode {
                    what: "POST /$batch".into(),
                    message: format!("no answer for item {i}"),
                    request_id: envelope_id.clone(),
                }),
            };
            let _ = w.answer.send(outcome);
        }
    }
}
