//! Planner calls: plans, plan details, buckets, tasks and task details.
//!
//! Writes carry `If-Match` with the etag the caller read (never `*`, which Planner refuses)
//! and `Prefer: return=representation`, so the answer is the new object with its new etag and
//! no re-GET is needed. Task and details reads and writes go through the coalescer
//! (coalesce.rs): alone they are the same single requests; concurrent callers' ride together
//! in one `$batch`, each with its own answer. A 412 (or 409) re-reads the object and hands it back in
//! `GraphError::Conflict` for the engine to re-merge. A 404 on a plan is `PlanGone`.

use reqwest::Method;
use serde::de::DeserializeOwned;

use super::batch::MAX_BATCH;
use super::coalesce::Item;
use super::error::Fresh;
use super::patch::{DEFAULT_ORDER_HINT, DetailsPatch, NewTask, TaskPatch};
use super::pipeline::Call;
use super::types::{Etag, Page, PlanDetails, PlannerBucket, PlannerPlan, PlannerTask, TaskDetails};
use super::{GraphClient, GraphError, RequestKind, encode_component};
use crate::model::ids::TaskId;

/// A 404 about a plan means the plan is gone (deleted, or the app lost access).
pub(super) fn plan_gone(plan_id: &str) -> impl Fn(GraphError) -> GraphError + '_ {
    move |err| match err {
        GraphError::NotFound { request_id, .. } => GraphError::PlanGone {
            plan_id: plan_id.to_owned(),
            request_id,
        },
        other => other,
    }
}

impl GraphClient {
    fn plan_url(&self, plan_id: &str, rest: &str) -> String {
        self.v1(&format!(
            "/planner/plans/{}{rest}",
            encode_component(plan_id)
        ))
    }

    fn task_url(&self, task_id: &str, rest: &str) -> String {
        self.v1(&format!(
            "/planner/tasks/{}{rest}",
            encode_component(task_id)
        ))
    }

    /// Every item of a paged collection, following `@odata.nextLink`.
    pub(crate) async fn collect_pages<T: DeserializeOwned>(
        &self,
        first: String,
        kind: RequestKind,
    ) -> Result<Vec<T>, GraphError> {
        let mut out = Vec::new();
        let mut next = Some(first);
        while let Some(url) = next {
            let page: Page<T> = self.get_json(url, kind).await?;
            out.extend(page.value);
            next = page.next_link;
        }
        Ok(out)
    }

    /// `GET /planner/plans/{id}`; 404 → `PlanGone`.
    pub async fn get_plan(&self, plan_id: &str) -> Result<PlannerPlan, GraphError> {
        self.get_json(self.plan_url(plan_id, ""), RequestKind::Plan)
            .await
            .map_err(plan_gone(plan_id))
    }

    /// `GET /planner/plans/{id}/details`: the label names.
    pub async fn get_plan_details(&self, plan_id: &str) -> Result<PlanDetails, GraphError> {
        self.get_json(self.plan_url(plan_id, "/details"), RequestKind::Plan)
            .await
            .map_err(plan_gone(plan_id))
    }

    /// `GET /groups/{id}/planner/plans` (needs Group.Read.All).
    pub async fn group_plans(&self, group_id: &str) -> Result<Vec<PlannerPlan>, GraphError> {
        let url = self.v1(&format!(
            "/groups/{}/planner/plans",
            encode_component(group_id)
        ));
        self.collect_pages(url, RequestKind::Plan).await
    }

    /// `GET /planner/plans/{id}/buckets`.
    pub async fn list_buckets(&self, plan_id: &str) -> Result<Vec<PlannerBucket>, GraphError> {
        self.collect_pages(self.plan_url(plan_id, "/buckets"), RequestKind::Bucket)
            .await
            .map_err(plan_gone(plan_id))
    }

    /// `POST /planner/buckets` → 201. Not idempotent: the caller checks the list first.
    /// `LimitReached { code: "MaximumBucketsInProject" }` when the plan is full.
    pub async fn create_bucket(
        &self,
        plan_id: &str,
        name: &str,
    ) -> Result<PlannerBucket, GraphError> {
        let body =
            serde_json::json!({"name": name, "planId": plan_id, "orderHint": DEFAULT_ORDER_HINT});
        let call = Call::new(
            Method::POST,
            self.v1("/planner/buckets"),
            RequestKind::Bucket,
        )
        .json(&body);
        let reply = self.send(&call).await?;
        reply.json("POST /planner/buckets")
    }

    /// Every task of the plan (all pages); 404 → `PlanGone`.
    pub async fn list_tasks(&self, plan_id: &str) -> Result<Vec<PlannerTask>, GraphError> {
        self.collect_pages(self.plan_url(plan_id, "/tasks"), RequestKind::List)
            .await
            .map_err(plan_gone(plan_id))
    }

    /// The plan's tasks with their details: the details are read in `$batch`es of 20
    /// ([`GraphClient::batch_get_details`]) as soon as the listing has 20 tasks not yet read,
    /// while the next page is listed, instead of after the last page (the remainder after
    /// it), so the reads cost no more requests than reading all at the end. Every task is
    /// still listed before its details are read, so the details are at least as new as the
    /// task's etag. In listing order.
    pub async fn list_tasks_with_details(
        &self,
        plan_id: &str,
    ) -> Result<Vec<(PlannerTask, Result<TaskDetails, GraphError>)>, GraphError> {
        let mut reads = tokio::task::JoinSet::new();
        let mut tasks: Vec<PlannerTask> = Vec::new();
        let mut sent = 0usize;
        let mut next = Some(self.plan_url(plan_id, "/tasks"));
        loop {
            let last = next.is_none();
            // Full envelopes now; the remainder once the listing is done.
            let ready = if last {
                tasks.len() - sent
            } else {
                (tasks.len() - sent) / MAX_BATCH * MAX_BATCH
            };
            if ready > 0 {
                let ids: Vec<TaskId> = tasks[sent..sent + ready]
                    .iter()
                    .map(|t| t.id.clone())
                    .collect();
                let client = self.clone();
                let at = sent;
                reads.spawn(async move { (at, client.batch_get_details(&ids).await) });
                sent += ready;
            }
            let Some(url) = next else { break };
            let page: Page<PlannerTask> = self
                .get_json(url, RequestKind::List)
                .await
                .map_err(plan_gone(plan_id))?;
            next = page.next_link;
            tasks.extend(page.value);
        }
        let mut details: Vec<Option<Result<TaskDetails, GraphError>>> =
            (0..tasks.len()).map(|_| None).collect();
        while let Some(joined) = reads.join_next().await {
            let (at, read) =
                joined.map_err(|e| GraphError::Transport(format!("details read failed: {e}")))?;
            for (i, (_, d)) in read?.into_iter().enumerate() {
                if let Some(slot) = details.get_mut(at + i) {
                    *slot = Some(d);
                }
            }
        }
        tasks
            .into_iter()
            .zip(details)
            .map(|(task, d)| match d {
                Some(d) => Ok((task, d)),
                None => Err(GraphError::Transport(format!(
                    "no details read for task {}",
                    task.id
                ))),
            })
            .collect()
    }

    /// `GET /planner/tasks/{id}`, alone or in a `$batch` with other callers' (coalesce.rs).
    pub async fn get_task(&self, task_id: &str) -> Result<PlannerTask, GraphError> {
        self.read_one(task_path(task_id, ""), RequestKind::Task)
            .await
    }

    /// `POST /planner/tasks` → 201 + the task. Not idempotent: the engine writes an intent
    /// first and adopts an existing task after a crash.
    pub async fn create_task(&self, task: &NewTask) -> Result<PlannerTask, GraphError> {
        let item = Item::create("/planner/tasks".into(), RequestKind::Task, task.to_json());
        let reply = self.coalesced_ok(item).await?;
        reply.json("POST /planner/tasks")
    }

    /// PATCH a task with `If-Match: etag`; returns the updated task and its new etag.
    /// A stale etag → `Conflict` carrying the task as it is now.
    pub async fn update_task(
        &self,
        task_id: &str,
        etag: &Etag,
        patch: &TaskPatch,
    ) -> Result<PlannerTask, GraphError> {
        let item = Item::conditional_patch(
            task_path(task_id, ""),
            RequestKind::Task,
            &etag.0,
            patch.to_json(),
        );
        match self.written(item).await {
            Err(GraphError::PreconditionFailed { request_id, .. }) => {
                let fresh = self.get_task(task_id).await?;
                Err(GraphError::Conflict {
                    fresh: Box::new(Fresh::Task(fresh)),
                    request_id,
                })
            }
            other => other,
        }
    }

    /// DELETE a task with `If-Match: etag`. A stale etag → `Conflict` with the current task.
    pub async fn delete_task(&self, task_id: &str, etag: &Etag) -> Result<(), GraphError> {
        let call = write_call(
            Method::DELETE,
            self.task_url(task_id, ""),
            RequestKind::Task,
            etag,
        );
        match self.send(&call).await {
            Ok(_) => Ok(()),
            Err(GraphError::PreconditionFailed { request_id, .. }) => {
                let fresh = self.get_task(task_id).await?;
                Err(GraphError::Conflict {
                    fresh: Box::new(Fresh::Task(fresh)),
                    request_id,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// `GET /planner/tasks/{id}/details`, alone or in a `$batch` (coalesce.rs).
    pub async fn get_details(&self, task_id: &str) -> Result<TaskDetails, GraphError> {
        self.read_one(task_path(task_id, "/details"), RequestKind::Details)
            .await
    }

    /// PATCH task details with `If-Match: etag` (the details' own etag). This also changes
    /// the parent task's etag. A stale etag → `Conflict` carrying the current details.
    pub async fn update_details(
        &self,
        task_id: &str,
        etag: &Etag,
        patch: &DetailsPatch,
    ) -> Result<TaskDetails, GraphError> {
        let item = Item::conditional_patch(
            task_path(task_id, "/details"),
            RequestKind::Details,
            &etag.0,
            patch.to_json(),
        );
        match self.written(item).await {
            Err(GraphError::PreconditionFailed { request_id, .. }) => {
                let fresh = self.get_details(task_id).await?;
                Err(GraphError::Conflict {
                    fresh: Box::new(Fresh::Details(fresh)),
                    request_id,
                })
            }
            other => other,
        }
    }

    /// Sends a PATCH asking for the representation (alone or in a `$batch`, coalesce.rs); if
    /// the server still answers 204, reads the object back (the etag changed and the caller
    /// needs the new one).
    async fn written<T: DeserializeOwned>(&self, item: Item) -> Result<T, GraphError> {
        let (path, kind) = (item.path.clone(), item.kind);
        let reply = self.coalesced_ok(item).await?;
        if reply.status == 204 || reply.body.is_empty() {
            return self.read_one(path, kind).await;
        }
        reply.json(&format!("PATCH /v1.0{path}"))
    }

    /// A GET of one task or details object (alone or in a `$batch`, coalesce.rs).
    async fn read_one<T: DeserializeOwned>(
        &self,
        path: String,
        kind: RequestKind,
    ) -> Result<T, GraphError> {
        let what = format!("/v1.0{path}");
        let reply = self.coalesced_ok(Item::get(path, kind)).await?;
        reply.json(&what)
    }
}

/// `/planner/tasks/{id}{rest}`, relative to `/v1.0` (as `$batch` items name their URL).
fn task_path(task_id: &str, rest: &str) -> String {
    format!("/planner/tasks/{}{rest}", encode_component(task_id))
}

/// A write with the headers Planner requires.
fn write_call(method: Method, url: String, kind: RequestKind, etag: &Etag) -> Call {
    Call::new(method, url, kind)
        .header("if-match", etag.0.clone())
        .header("prefer", "return=representation")
}
