//! `$batch`: many task or details reads, or details writes, in few requests.
//!
//! At most 20 requests fit in one batch, so larger sets are chunked and the chunks run
//! concurrently (the shared token bucket still paces them). The envelope answers 200 even when
//! items fail; each item has its own status. Items answered 429/503/5xx are sent again in a
//! smaller batch after the longest `Retry-After` among them (each item's wait is honoured),
//! up to `retry_attempts`; other item failures are classified like any Graph error (a stale
//! etag is `PreconditionFailed`: the caller re-reads, as after a single write). An item
//! refused with 401 (the token expired under it) refreshes the token once and is sent again.
//!
//! Writes carry `If-Match` and `Prefer: return=representation` per item, like a single PATCH,
//! so re-sending an envelope whose answer was lost cannot apply a write twice: the second
//! attempt of an applied item is a 412.

use std::time::SystemTime;

use reqwest::Method;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::coalesce::{Failed, Item, ItemReply};
use super::error::classify;
use super::patch::DetailsPatch;
use super::pipeline::Call;
use super::types::{Etag, Page, PlanDetails, PlannerBucket, PlannerPlan, PlannerTask, TaskDetails};
use super::{GraphClient, GraphError, RequestKind, encode_component};
use crate::model::ids::TaskId;
use crate::net::retry::{Failure, parse_retry_after};

/// Graph's maximum number of requests in one batch.
pub const MAX_BATCH: usize = 20;

/// One result per requested id, in the order asked.
pub type BatchResult<T> = Vec<(TaskId, Result<T, GraphError>)>;

/// A plan, its details and the first page of its buckets.
pub(crate) type PlanMeta = (PlannerPlan, PlanDetails, Page<PlannerBucket>);

/// A `$batch` answer (also read by coalesce.rs).
#[derive(Deserialize)]
pub(super) struct Answer {
    #[serde(default)]
    pub responses: Vec<ItemAnswer>,
}

#[derive(Deserialize)]
pub(super) struct ItemAnswer {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
}

impl ItemAnswer {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type ItemResult = (usize, Result<Value, GraphError>);

impl GraphClient {
    /// Reads many tasks through `$batch`. Item failures are per item; an error of a whole
    /// batch request (auth, retries spent on the envelope) fails the call.
    pub async fn batch_get_tasks(
        &self,
        ids: &[TaskId],
    ) -> Result<BatchResult<PlannerTask>, GraphError> {
        self.batch_typed(ids, "").await
    }

    /// Reads many task details through `$batch` (the engine's "what changed" step).
    pub async fn batch_get_details(
        &self,
        ids: &[TaskId],
    ) -> Result<BatchResult<TaskDetails>, GraphError> {
        self.batch_typed(ids, "/details").await
    }

    /// PATCHes many task details through `$batch`, each with its etag (`If-Match`); each
    /// answer is the details as written (new etag). A stale etag fails its item alone with
    /// `PreconditionFailed`.
    pub async fn batch_update_details(
        &self,
        writes: &[(TaskId, Etag, DetailsPatch)],
    ) -> Result<BatchResult<TaskDetails>, GraphError> {
        let items = writes
            .iter()
            .map(|(id, etag, patch)| {
                Item::conditional_patch(
                    task_path(id, "/details"),
                    RequestKind::Details,
                    &etag.0,
                    patch.to_json(),
                )
            })
            .collect();
        let ids: Vec<TaskId> = writes.iter().map(|(id, _, _)| id.clone()).collect();
        let values = self.batch_run(items).await?;
        Ok(typed(&ids, values))
    }

    async fn batch_typed<T: DeserializeOwned>(
        &self,
        ids: &[TaskId],
        suffix: &str,
    ) -> Result<BatchResult<T>, GraphError> {
        let values = self.batch_run(task_items(ids, suffix)).await?;
        Ok(typed(ids, values))
    }

    /// A plan, its details and the first page of its buckets, in one `$batch` (the metadata
    /// a pass reads whenever it has something to apply); a 404 is `PlanGone`, as alone.
    pub(crate) async fn plan_metadata(&self, plan_id: &str) -> Result<PlanMeta, GraphError> {
        let values = self.batch_run(plan_items(plan_id)).await?;
        plan_answers(plan_id, values)
    }

    /// [`Self::batch_get_details`] with [`Self::plan_metadata`]'s three reads riding in the
    /// same envelopes (a pass that reads changed tasks needs the plan too): one result for
    /// the details (an error of a whole envelope fails it), one for the plan.
    pub(crate) async fn batch_get_details_and_plan(
        &self,
        ids: &[TaskId],
        plan_id: &str,
    ) -> Result<(BatchResult<TaskDetails>, Result<PlanMeta, GraphError>), GraphError> {
        let mut items = task_items(ids, "/details");
        items.extend(plan_items(plan_id));
        let mut values = self.batch_run(items).await?;
        let plan = plan_answers(plan_id, values.split_off(ids.len().min(values.len())));
        Ok((typed(ids, values), plan))
    }

    /// Requests, one result per request in order. Full envelopes of [`MAX_BATCH`] go out as
    /// they are; the rest, too few to fill one, goes through the coalescer (coalesce.rs), so
    /// it shares an envelope with what concurrent units send meanwhile instead of going out
    /// half empty beside theirs (alone, it still goes as one envelope).
    async fn batch_run(
        &self,
        items: Vec<Item>,
    ) -> Result<Vec<Result<Value, GraphError>>, GraphError> {
        let total = items.len();
        let mut set = JoinSet::new();
        let indexed: Vec<(usize, Item)> = items.into_iter().enumerate().collect();
        let full = total - total % MAX_BATCH;
        let (whole, rest) = indexed.split_at(full);
        for chunk in whole.chunks(MAX_BATCH) {
            let client = self.clone();
            let chunk = chunk.to_vec();
            set.spawn(async move { client.run_chunk(chunk).await });
        }
        let (at, rest): (Vec<usize>, Vec<Item>) = rest.iter().cloned().unzip();
        let answers = self.coalesced_items(rest.clone()).await;
        let mut slots: Vec<Option<Result<Value, GraphError>>> = (0..total).map(|_| None).collect();
        for ((i, item), answer) in at.into_iter().zip(&rest).zip(answers) {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(batch_item(item, answer)?);
            }
        }
        while let Some(joined) = set.join_next().await {
            let items =
                joined.map_err(|e| GraphError::Transport(format!("batch task failed: {e}")))??;
            for (i, result) in items {
                if let Some(slot) = slots.get_mut(i) {
                    *slot = Some(result);
                }
            }
        }
        Ok(slots
            .into_iter()
            .map(|s| s.unwrap_or_else(|| Err(no_answer())))
            .collect())
    }
}

/// An item sent through the coalescer, answered as [`GraphClient::run_chunk`] answers it: the
/// item's own failure (a refusal, a second 401, retries spent on its throttled statuses) is
/// its result; what would have failed its envelope (no token, lost connections) fails the
/// call.
fn batch_item(
    item: &Item,
    answer: Result<ItemReply, Failed>,
) -> Result<Result<Value, GraphError>, GraphError> {
    match answer {
        Ok(reply) if reply.is_success() => Ok(if reply.body.is_empty() {
            Ok(Value::Null)
        } else {
            reply.json(&item.path)
        }),
        Ok(reply) => Ok(Err(classify(
            reply.status,
            &item.path,
            &reply.body,
            reply.request_id,
        ))),
        Err(Failed::Item(err)) => Ok(Err(err)),
        Err(Failed::Envelope(err)) => Err(err),
    }
}

/// A GET of `/planner/tasks/{id}{suffix}` for each id.
fn task_items(ids: &[TaskId], suffix: &str) -> Vec<Item> {
    let kind = match suffix {
        "" => RequestKind::Task,
        _ => RequestKind::Details,
    };
    ids.iter()
        .map(|id| Item::get(task_path(id, suffix), kind))
        .collect()
}

/// `/planner/tasks/{id}{rest}`, relative to `/v1.0` as a `$batch` item names it.
fn task_path(id: &TaskId, rest: &str) -> String {
    format!("/planner/tasks/{}{rest}", encode_component(&id.0))
}

/// The reads of [`GraphClient::plan_metadata`]: plan, details, buckets.
fn plan_items(plan_id: &str) -> Vec<Item> {
    let path = |rest: &str| format!("/planner/plans/{}{rest}", encode_component(plan_id));
    vec![
        Item::get(path(""), RequestKind::Plan),
        Item::get(path("/details"), RequestKind::Plan),
        Item::get(path("/buckets"), RequestKind::Bucket),
    ]
}

/// The answers of [`plan_items`], in order; a 404 is `PlanGone`, as alone.
fn plan_answers(
    plan_id: &str,
    values: Vec<Result<Value, GraphError>>,
) -> Result<PlanMeta, GraphError> {
    let gone = super::planner::plan_gone(plan_id);
    let mut values = values.into_iter();
    let mut next = || {
        values
            .next()
            .unwrap_or_else(|| Err(no_answer()))
            .map_err(&gone)
    };
    let (plan, details, buckets) = (next()?, next()?, next()?);
    Ok((
        decode(plan, "plan")?,
        decode(details, "plan details")?,
        decode(buckets, "buckets")?,
    ))
}

fn no_answer() -> GraphError {
    GraphError::Decode {
        what: "$batch".into(),
        message: "an item got no answer".into(),
        request_id: None,
    }
}

fn decode<T: DeserializeOwned>(value: Value, what: &str) -> Result<T, GraphError> {
    serde_json::from_value(value).map_err(|e| GraphError::Decode {
        what: format!("$batch item: {what}"),
        message: e.to_string(),
        request_id: None,
    })
}

/// Item answers typed, paired with their ids.
fn typed<T: DeserializeOwned>(
    ids: &[TaskId],
    values: Vec<Result<Value, GraphError>>,
) -> BatchResult<T> {
    ids.iter()
        .cloned()
        .zip(values)
        .map(|(id, value)| {
            let typed = value.and_then(|v| {
                serde_json::from_value(v).map_err(|e| GraphError::Decode {
                    what: format!("$batch item for task {id}"),
                    message: e.to_string(),
                    request_id: None,
                })
            });
            (id, typed)
        })
        .collect()
}

impl GraphClient {
    /// One chunk (≤ 20 items), re-sending throttled items until done or attempts are spent.
    async fn run_chunk(
        &self,
        mut pending: Vec<(usize, Item)>,
    ) -> Result<Vec<ItemResult>, GraphError> {
        let mut done = Vec::with_capacity(pending.len());
        let mut attempt = 0u32;
        // An item refused with 401 gets what a single request gets (pipeline.rs): one new
        // token and one more try, which is not a throttling attempt; a second 401 is final.
        let mut refreshed = false;
        let mut refresh_round = false;
        while !pending.is_empty() {
            if !refresh_round {
                attempt += 1;
            }
            let requests: Vec<Value> = pending
                .iter()
                .map(|(i, item)| item.batch_json(*i))
                .collect();
            let call = Call::new(Method::POST, self.v1("/$batch"), RequestKind::Batch)
                .json(&json!({ "requests": requests }))
                // GETs, and PATCHes under If-Match: re-sending the envelope is safe.
                .idempotent();
            let (reply, token) = self.send_authed(&call).await?;
            if !reply.is_success() {
                return Err(reply.error(&call));
            }
            let envelope_id = reply.request_id();
            let answer: Answer = reply.json("POST /$batch")?;
            let mut again = Vec::new();
            let mut refused = Vec::new();
            // The longest wait any throttled item asked for; the retry honours all of them.
            let mut worst: Option<Failure> = None;
            for (i, item_req) in pending {
                let Some(item) = answer.responses.iter().find(|r| r.id == i.to_string()) else {
                    done.push((
                        i,
                        Err(GraphError::Decode {
                            what: "POST /$batch".into(),
                            message: format!("no answer for item {i}"),
                            request_id: envelope_id.clone(),
                        }),
                    ));
                    continue;
                };
                let body = item.body.clone().unwrap_or(Value::Null);
                let retry_after = item
                    .header("retry-after")
                    .and_then(|v| parse_retry_after(v, SystemTime::now()));
                let failure = Failure::Status {
                    status: item.status,
                    retry_after,
                };
                if (200..300).contains(&item.status) {
                    done.push((i, Ok(body)));
                } else if item.status == 401 && !refreshed {
                    refused.push((i, item_req));
                } else if failure.is_transient() {
                    let longer = match (&worst, retry_after) {
                        (
                            Some(Failure::Status {
                                retry_after: Some(w),
                                ..
                            }),
                            Some(r),
                        ) => r > *w,
                        (
                            Some(Failure::Status {
                                retry_after: Some(_),
                                ..
                            }),
                            None,
                        ) => false,
                        _ => true,
                    };
                    if longer {
                        worst = Some(failure);
                    }
                    again.push((i, item_req));
                } else {
                    let request_id = item
                        .header("request-id")
                        .map(str::to_owned)
                        .or(envelope_id.clone());
                    let bytes = serde_json::to_vec(&body).unwrap_or_default();
                    done.push((
                        i,
                        Err(classify(item.status, &item_req.path, &bytes, request_id)),
                    ));
                }
            }
            refresh_round = worst.is_none() && !refused.is_empty();
            if !refused.is_empty() {
                refreshed = true;
                if let Some(token) = &token {
                    self.refresh_token(token).await?;
                }
                again.extend(refused);
            }
            pending = again;
            let Some(failure) = worst else { continue };
            match self.retry_wait(attempt, &failure) {
                Ok(wait) => {
                    if let Failure::Status {
                        status: 429 | 503,
                        retry_after: Some(w),
                    } = failure
                    {
                        self.inner.opts.throttle.hold(w);
                    }
                    if matches!(
                        failure,
                        Failure::Status {
                            status: 429 | 503,
                            ..
                        }
                    ) {
                        self.inner
                            .throttled_retries
                            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                    tokio::time::sleep(wait).await;
                }
                Err(dead_letter) => {
                    let last_status = match failure {
                        Failure::Status { status, .. } => Some(status),
                        _ => None,
                    };
                    for (i, _) in pending.drain(..) {
                        let err = if dead_letter {
                            GraphError::Exhausted {
                                attempts: attempt,
                                last_status,
                                message: "batch item throttled".into(),
                                request_id: envelope_id.clone(),
                            }
                        } else {
                            GraphError::Deferred {
                                wait: match failure {
                                    Failure::Status {
                                        retry_after: Some(w),
                                        ..
                                    } => w,
                                    _ => std::time::Duration::ZERO,
                                },
                                last_status,
                                request_id: envelope_id.clone(),
                            }
                        };
                        done.push((i, Err(err)));
                    }
                }
            }
        }
        Ok(done)
    }
}
