//! [`PlannerAdapter`]: the engine's [`PlannerPort`] over the Graph client.
//!
//! It only translates: engine writes → Planner bodies, Planner objects → [`RemoteTask`], and
//! every [`GraphError`] → [`PortError`] through [`port_error`]. Retries, throttling and the
//! 412 re-read stay in the client. Decisions made here:
//!
//! * **Cursors.** A delta round's cursor is its `@odata.deltaLink`; a list round's is
//!   `list:` + the time of the read, so the next call knows the plan was read by listing.
//!   Auto mode's fallback to list is remembered per plan ([`PlannerAdapter::read_modes`]; the
//!   caller persists it and hands it back to [`PlannerAdapter::new`]).
//! * **Etags after a details write.** Planner changes the task's etag when its details change,
//!   so the task is read again, then its details (in that order, as [`PlannerPort::tasks`]
//!   reads). The new etag is taken only if the task's fields are what we had and the details
//!   are still at the etag our write answered: then it stands for our write and nothing else
//!   (a human edit of either after our write would show in one of the two reads), and the
//!   engine may take it for our echo. Otherwise someone edited the task meanwhile, and keeping
//!   the old etag makes the next write a 412 (re-read, re-merge) and list mode see it as
//!   changed, instead of hiding the edit.
//! * **Task URLs.** `{web_base}/{taskId}`. For Microsoft's Graph the base is
//!   `https://tasks.office.com/{tenant}/Home/Task` (the link Planner's "copy link" gives);
//!   for any other Graph base (the sandbox, a proxy) it is `{GRAPH_BASE_URL}/tasks`, so URLs
//!   are stable in tests. Bootstrap re-links by these URLs: the base must not change.

mod batch;
mod convert;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};

use crate::clock::format_ts;
use crate::config::{Config, DEFAULT_GRAPH_BASE_URL, GraphApiMode};
use crate::engine::ports::{
    DetailsWrite, NewTask, PlanInfo, PlannerChanges, PlannerPort, PortError, PortResult,
    RemoteTask, TaskWrite,
};
use crate::graph::{
    ChangeReader, Changes, DetailsPatch, Etag, Fresh, GraphClient, GraphError, ReadMode,
    TaskDetails, encode_component,
};
use crate::model::ids::TaskId;
use crate::model::state::Bucket;
pub use convert::{due_date, port_error};
use convert::{remote_details, remote_task, same_fields, slot_error};

/// Prefix of the cursor of a list-and-diff round.
pub const LIST_CURSOR_PREFIX: &str = "list:";

/// The Planner side of the engine, over one [`GraphClient`].
pub struct PlannerAdapter {
    client: GraphClient,
    reader: ChangeReader,
    api: GraphApiMode,
    /// Plan id → how its changes were last read (auto mode's fallback), for the caller to keep.
    modes: Mutex<BTreeMap<String, ReadMode>>,
    app_id: String,
    web_base: String,
}

/// The base of task URLs for a Graph base URL (see the module doc).
pub fn web_base_for(graph_base_url: &str, tenant_id: &str) -> String {
    let base = graph_base_url.trim_end_matches('/');
    if base == DEFAULT_GRAPH_BASE_URL {
        format!(
            "https://tasks.office.com/{}/Home/Task",
            encode_component(tenant_id)
        )
    } else {
        format!("{base}/tasks")
    }
}

impl PlannerAdapter {
    /// `modes`: the read modes persisted from an earlier run (may be empty). `web_base`: see
    /// [`web_base_for`].
    pub fn new(
        client: GraphClient,
        api: GraphApiMode,
        modes: BTreeMap<String, ReadMode>,
        web_base: String,
    ) -> PlannerAdapter {
        PlannerAdapter {
            reader: ChangeReader::new(client.clone(), api),
            app_id: client.options().client_id.clone(),
            client,
            api,
            modes: Mutex::new(modes),
            web_base: web_base.trim_end_matches('/').to_owned(),
        }
    }

    /// An adapter with `graph.api` from the config and the task URL base of the client's Graph.
    pub fn from_config(
        config: &Config,
        client: GraphClient,
        modes: BTreeMap<String, ReadMode>,
    ) -> PlannerAdapter {
        let o = client.options();
        let web_base = web_base_for(&o.base_url, &o.tenant_id);
        PlannerAdapter::new(client, config.graph.api, modes, web_base)
    }

    pub fn client(&self) -> &GraphClient {
        &self.client
    }

    /// How each plan's changes were last read; persist it and pass it to the next run.
    pub fn read_modes(&self) -> BTreeMap<String, ReadMode> {
        self.modes().clone()
    }

    fn modes(&self) -> MutexGuard<'_, BTreeMap<String, ReadMode>> {
        self.modes.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The task and details as they are now (after a 412 on one of them).
    async fn conflict(&self, fresh: Fresh) -> PortError {
        let result = match fresh {
            Fresh::Task(task) => {
                let details = self.client.get_details(&task.id.0).await;
                details.map(|d| remote_task(task, remote_details(d)))
            }
            Fresh::Details(details) => {
                let task = self.client.get_task(&details.id.0).await;
                task.map(|t| remote_task(t, remote_details(details)))
            }
        };
        match result {
            Ok(task) => PortError::Conflict(Box::new(task)),
            Err(err) => port_error(err),
        }
    }

    /// `task` (whose details were just written) with the task's new etag, when it stands for
    /// our write alone; else, or when a re-read fails, as it is (see the module doc).
    async fn with_new_etag(&self, task: RemoteTask) -> RemoteTask {
        let Ok(now) = self.client.get_task(&task.id.0).await else {
            return task;
        };
        let now = remote_task(now, task.details.clone());
        if !same_fields(&task, &now) {
            return task;
        }
        match self.client.get_details(&task.id.0).await {
            Ok(details) if details.etag.0 == task.details.etag => now,
            _ => task,
        }
    }

    /// PATCH details; on 412 once more with the fresh details' etag (new tasks only: nobody
    /// else has seen them yet, so there is nothing to re-merge).
    async fn write_new_details(
        &self,
        details: TaskDetails,
        patch: &DetailsPatch,
    ) -> Result<TaskDetails, GraphError> {
        let id = details.id.0.clone();
        match self.client.update_details(&id, &details.etag, patch).await {
            Err(GraphError::Conflict { fresh, request_id }) => match *fresh {
                Fresh::Details(d) => self.client.update_details(&id, &d.etag, patch).await,
                other => Err(GraphError::Conflict {
                    fresh: Box::new(other),
                    request_id,
                }),
            },
            other => other,
        }
    }

    /// The engine's view of a plan read by [`GraphClient::plan_metadata`]: its buckets (the
    /// pages after the first read here) in Planner's order, its named categories.
    async fn plan_info(
        &self,
        (plan, details, first): crate::graph::batch::PlanMeta,
    ) -> PortResult<PlanInfo> {
        let mut buckets = first.value;
        if let Some(next) = first.next_link {
            buckets.extend(
                self.client
                    .collect_pages(next, crate::graph::RequestKind::Bucket)
                    .await
                    .map_err(port_error)?,
            );
        }
        // Planner shows buckets by ascending order hint (ordinal); `" !"` sorts first.
        buckets.sort_by(|a, b| match (&a.order_hint, &b.order_hint) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
        Ok(PlanInfo {
            id: plan.id,
            title: plan.title,
            group_id: plan.owner,
            categories: details
                .named_categories()
                .into_iter()
                .map(|(n, name)| (format!("category{n}"), name))
                .collect(),
            buckets: buckets
                .into_iter()
                .map(|b| Bucket {
                    id: b.id,
                    name: b.name,
                })
                .collect(),
        })
    }
}

/// Tasks and their details read for the same ids, one result per task.
fn joined(
    tasks: crate::graph::batch::BatchResult<crate::graph::PlannerTask>,
    details: crate::graph::batch::BatchResult<TaskDetails>,
) -> Vec<PortResult<RemoteTask>> {
    tasks
        .into_iter()
        .zip(details)
        .map(|((id, task), (_, details))| match (task, details) {
            (Ok(t), Ok(d)) => Ok(remote_task(t, remote_details(d))),
            (Err(err), _) | (_, Err(err)) => Err(slot_error(&id, err)),
        })
        .collect()
}

impl PlannerPort for PlannerAdapter {
    async fn plan(&self, plan_id: &str) -> PortResult<PlanInfo> {
        let meta = self.client.plan_metadata(plan_id).await;
        self.plan_info(meta.map_err(port_error)?).await
    }

    async fn tasks_and_plan(
        &self,
        ids: &[TaskId],
        plan_id: &str,
    ) -> (
        PortResult<Vec<PortResult<RemoteTask>>>,
        PortResult<PlanInfo>,
    ) {
        if ids.is_empty() {
            return (Ok(Vec::new()), self.plan(plan_id).await);
        }
        // As `tasks`: tasks strictly before details; the plan rides with the details. An
        // envelope refused as a whole (auth, retries spent) fails both answers: the plan's
        // reads were to ride in it.
        let tasks = match self.client.batch_get_tasks(ids).await {
            Ok(tasks) => tasks,
            Err(err) => {
                let err = port_error(err);
                return (Err(err.clone()), Err(err));
            }
        };
        let (details, plan) = match self.client.batch_get_details_and_plan(ids, plan_id).await {
            Ok(answers) => answers,
            Err(err) => {
                let err = port_error(err);
                return (Err(err.clone()), Err(err));
            }
        };
        let plan = match plan {
            Ok(meta) => self.plan_info(meta).await,
            Err(err) => Err(port_error(err)),
        };
        (Ok(joined(tasks, details)), plan)
    }

    async fn create_bucket(&self, plan_id: &str, name: &str) -> PortResult<Bucket> {
        let bucket = self
            .client
            .create_bucket(plan_id, name)
            .await
            .map_err(port_error)?;
        Ok(Bucket {
            id: bucket.id,
            name: bucket.name,
        })
    }

    async fn changes(
        &self,
        plan_id: &str,
        cursor: Option<&str>,
        known: &BTreeMap<TaskId, String>,
    ) -> PortResult<PlannerChanges> {
        let list_cursor = cursor.is_some_and(|c| c.starts_with(LIST_CURSOR_PREFIX));
        let remembered = self
            .modes()
            .get(plan_id)
            .copied()
            .or(list_cursor.then_some(ReadMode::List));
        let delta_link = cursor.filter(|_| !list_cursor);
        let shadow: HashMap<TaskId, Etag> = known
            .iter()
            .map(|(id, etag)| (id.clone(), Etag(etag.clone())))
            .collect();
        let round = match self
            .reader
            .read(plan_id, remembered, delta_link, &shadow)
            .await
        {
            Ok(round) => round,
            Err(err @ GraphError::DeltaRefused { .. }) => {
                // Delta-only mode: a deleted plan also refuses delta; say which it is.
                return Err(match self.client.get_plan(plan_id).await {
                    Err(gone @ GraphError::PlanGone { .. }) => port_error(gone),
                    _ => port_error(err),
                });
            }
            Err(err) => return Err(port_error(err)),
        };
        if self.api == GraphApiMode::Auto {
            self.modes().insert(plan_id.to_owned(), round.mode);
        }
        Ok(match round.changes {
            Changes::Delta(delta) => PlannerChanges {
                etags: delta
                    .changed
                    .iter()
                    .filter_map(|c| Some((c.id.clone(), c.etag.clone()?.0)))
                    .collect(),
                changed: delta.changed.into_iter().map(|c| c.id).collect(),
                removed: delta.removed,
                cursor: delta.delta_link,
            },
            Changes::List(list) => PlannerChanges {
                etags: list
                    .changed
                    .iter()
                    .chain(&list.new)
                    .map(|t| (t.id.clone(), t.etag.0.clone()))
                    .collect(),
                changed: list
                    .changed
                    .into_iter()
                    .chain(list.new)
                    .map(|t| t.id)
                    .collect(),
                removed: list.removed,
                cursor: format!(
                    "{LIST_CURSOR_PREFIX}{}",
                    format_ts(time::OffsetDateTime::now_utc())
                ),
            },
        })
    }

    async fn task_count(&self, plan_id: &str) -> PortResult<usize> {
        let tasks = self.client.list_tasks(plan_id).await.map_err(port_error)?;
        Ok(tasks.len())
    }

    async fn all_tasks(&self, plan_id: &str) -> PortResult<Vec<RemoteTask>> {
        let listed = self
            .client
            .list_tasks_with_details(plan_id)
            .await
            .map_err(port_error)?;
        let mut out = Vec::with_capacity(listed.len());
        for (task, details) in listed {
            match details {
                Ok(d) => out.push(remote_task(task, remote_details(d))),
                // Deleted since the listing: the next change read reports it.
                Err(GraphError::NotFound { .. }) => {}
                Err(err) => return Err(port_error(err)),
            }
        }
        Ok(out)
    }

    async fn tasks(&self, ids: &[TaskId]) -> PortResult<Vec<PortResult<RemoteTask>>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // Tasks strictly before details: a details edit changes the task's etag, so every
        // edit the task's etag reflects is then in the details read too, and the etag can
        // stand for the state read (store/echoes.rs relies on it).
        let tasks = self.client.batch_get_tasks(ids).await.map_err(port_error)?;
        let details = self
            .client
            .batch_get_details(ids)
            .await
            .map_err(port_error)?;
        Ok(joined(tasks, details))
    }

    /// POST the task, then write its details (description, back-reference) with the etag of
    /// a details GET, then re-read the task's etag. If the details write fails, the error is
    /// returned although the task exists: the engine's open intent adopts it on a later pass.
    async fn create_task(&self, new: &NewTask) -> PortResult<RemoteTask> {
        let body = convert::new_task_body(new)?;
        let patch = convert::details_patch(&convert::new_task_details(new));
        let created = self.client.create_task(&body).await.map_err(port_error)?;
        let details = self
            .client
            .get_details(&created.id.0)
            .await
            .map_err(port_error)?;
        if patch.is_empty() {
            return Ok(remote_task(created, remote_details(details)));
        }
        let details = self
            .write_new_details(details, &patch)
            .await
            .map_err(port_error)?;
        Ok(self
            .with_new_etag(remote_task(created, remote_details(details)))
            .await)
    }

    async fn update_task(&self, task: &RemoteTask, write: &TaskWrite) -> PortResult<RemoteTask> {
        if write.is_empty() {
            return Ok(task.clone());
        }
        let patch = convert::task_patch(write)?;
        let etag = Etag(task.etag.clone());
        match self.client.update_task(&task.id.0, &etag, &patch).await {
            Ok(updated) => Ok(remote_task(updated, task.details.clone())),
            Err(GraphError::Conflict { fresh, .. }) => Err(self.conflict(*fresh).await),
            Err(err) => Err(port_error(err)),
        }
    }

    async fn update_details(
        &self,
        task: &RemoteTask,
        write: &DetailsWrite,
    ) -> PortResult<RemoteTask> {
        if write.is_empty() {
            return Ok(task.clone());
        }
        let patch = convert::details_patch(write);
        let etag = Etag(task.details.etag.clone());
        match self.client.update_details(&task.id.0, &etag, &patch).await {
            Ok(details) => {
                let mut written = task.clone();
                written.details = remote_details(details);
                Ok(self.with_new_etag(written).await)
            }
            Err(GraphError::Conflict { fresh, .. }) => Err(self.conflict(*fresh).await),
            Err(err) => Err(port_error(err)),
        }
    }

    async fn update_details_many(
        &self,
        writes: &[(RemoteTask, DetailsWrite)],
    ) -> Vec<PortResult<RemoteTask>> {
        self.update_details_batched(writes).await
    }

    async fn user_email(&self, user_id: &str) -> PortResult<Option<String>> {
        let user = self.client.user_by_id(user_id).await.map_err(port_error)?;
        Ok(user.and_then(|u| {
            let mail = u.mail.filter(|m| !m.trim().is_empty());
            mail.or(u.user_principal_name.filter(|m| !m.trim().is_empty()))
                .map(|m| m.trim().to_lowercase())
        }))
    }

    async fn user_id(&self, email: &str) -> PortResult<Option<String>> {
        let user = self.client.user_by_mail(email).await.map_err(port_error)?;
        Ok(user.map(|u| u.id))
    }

    async fn upload_file(
        &self,
        upload_drive: &str,
        group_id: &str,
        folder: &str,
        name: &str,
        data: Vec<u8>,
    ) -> PortResult<String> {
        let target = crate::graph::files::DriveTarget::from_setting(upload_drive, group_id);
        let item = self
            .client
            .upload_file(&target, folder, name, data)
            .await
            .map_err(port_error)?;
        Ok(item.web_url)
    }

    fn task_url(&self, task: &TaskId, _plan_id: &str) -> String {
        format!("{}/{}", self.web_base, encode_component(&task.0))
    }

    fn app_id(&self) -> String {
        self.app_id.clone()
    }
}
