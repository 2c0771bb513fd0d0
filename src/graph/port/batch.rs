//! Details writes for many tasks at once (the back-references of a batch of created issues):
//! one `$batch` of conditional PATCHes per 20 tasks.
//!
//! Same contract as [`PlannerPort::update_details`] per task, the task's etag included: a
//! details write changes it too (shared/graph/planner-api.md), so the written tasks are read
//! again, tasks then details, in `$batch`es ([`PlannerPort::tasks`]), and a task takes its new
//! etag only where that read shows our write alone (the port's module doc). The others keep
//! their old etag, which a later task write finds stale (a 412, then a re-read), and the next
//! delta's report of them is read like any other change.
//!
//! An item that failed in the batch (a stale etag, a throttle that outlasted the retries) is
//! written again on its own, which re-reads and reports `Conflict` on a 412.

use std::collections::BTreeMap;

use super::PlannerAdapter;
use super::convert::{details_patch, port_error, remote_details, same_fields};
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
        let mut out: Vec<PortResult<RemoteTask>> = Vec::with_capacity(writes.len());
        for ((task, write), (_, answer)) in writes.iter().zip(answers) {
            out.push(match answer {
                Ok(details) => {
                    let mut task = task.clone();
                    task.details = remote_details(details);
                    Ok(task)
                }
                Err(_) => self.update_details(task, write).await,
            });
        }
        self.with_new_etags(&mut out).await;
        out
    }

    /// The tasks written in one `$batch` round, each with its new etag where the re-read shows
    /// our write alone; a failed re-read leaves them as they are.
    async fn with_new_etags(&self, written: &mut [PortResult<RemoteTask>]) {
        let ids: Vec<TaskId> = written
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|t| t.id.clone())
            .collect();
        let Ok(read) = self.tasks(&ids).await else {
            return;
        };
        let read: BTreeMap<TaskId, RemoteTask> = read
            .into_iter()
            .flatten()
            .map(|t| (t.id.clone(), t))
            .collect();
        for task in written.iter_mut().filter_map(|r| r.as_mut().ok()) {
            if let Some(now) = read.get(&task.id)
                && now.details.etag == task.details.etag
                && same_fields(task, now)
            {
                task.etag.clone_from(&now.etag);
            }
        }
    }
}
