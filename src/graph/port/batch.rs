//! Details writes for many tasks at once (the back-references of a batch of created issues):
//! one `$batch` of conditional PATCHes per 20 tasks, then one `$batch` read of the written
//! tasks for their new etags (a details write changes the task's etag too,
//! shared/graph/planner-api.md).
//!
//! Same contract as [`PlannerPort::update_details`] per task: an item that failed in the batch
//! (a stale etag, a throttle that outlasted the retries) is written again on its own, which
//! re-reads and reports `Conflict` on a 412; a task whose fields changed meanwhile keeps its
//! old etag (see the module doc of `graph/port.rs`).

use super::PlannerAdapter;
use super::convert::{details_patch, port_error, remote_details, remote_task, same_fields};
use crate::engine::ports::{DetailsWrite, PlannerPort, PortResult, RemoteTask};
use crate::graph::Etag;
use crate::model::ids::TaskId;

impl PlannerAdapter {
    /// One result per write, in order.
    pub(super) async fn update_details_batched(
        &self,
        writes: &[(RemoteTask, DetailsWrite)],
    ) -> Vec<PortResult<RemoteTask>> {
        let patches: Vec<_> = writes
            .iter()
            .map(|(task, write)| {
                (
                    task.id.clone(),
                    Etag(task.details.etag.clone()),
                    details_patch(write),
                )
            })
            .collect();
        let answers = match self.client.batch_update_details(&patches).await {
            Ok(answers) => answers,
            Err(err) => {
                let err = port_error(err);
                return writes.iter().map(|_| Err(err.clone())).collect();
            }
        };
        let mut out: Vec<Option<PortResult<RemoteTask>>> = writes.iter().map(|_| None).collect();
        let mut written: Vec<(usize, RemoteTask)> = Vec::new();
        for (i, ((task, write), (_, answer))) in writes.iter().zip(answers).enumerate() {
            match answer {
                Ok(details) => {
                    let mut task = task.clone();
                    task.details = remote_details(details);
                    written.push((i, task));
                }
                Err(_) => out[i] = Some(self.update_details(task, write).await),
            }
        }
        let ids: Vec<TaskId> = written.iter().map(|(_, t)| t.id.clone()).collect();
        let now = if ids.is_empty() {
            Vec::new()
        } else {
            self.client.batch_get_tasks(&ids).await.unwrap_or_default()
        };
        let mut now = now.into_iter();
        for (i, task) in written {
            let fresh = match now.next() {
                Some((_, Ok(read))) => {
                    let read = remote_task(read, task.details.clone());
                    if same_fields(&task, &read) {
                        read
                    } else {
                        task
                    }
                }
                // Not re-read: keep the old etag; a later write re-reads on its 412.
                _ => task,
            };
            out[i] = Some(Ok(fresh));
        }
        // Every slot is filled above; an empty one would mean "as it was".
        out.into_iter()
            .zip(writes)
            .map(|(r, (task, _))| r.unwrap_or_else(|| Ok(task.clone())))
            .collect()
    }
}
