//! Details writes for many tasks at once (the back-references of a batch of created issues):
//! one `$batch` of conditional PATCHes per 20 tasks.
//!
//! Same contract as [`PlannerPort::update_details`] per task, but for the task's etag: a
//! details write changes it too (shared/graph/planner-api.md), and it is not read again here.
//! The tasks come back with their old task etag, which a later task write finds stale (a 412,
//! then a re-read). A re-read could not be trusted anyway: a human's details edit made just
//! after our write would already be in the etag it returns, so taking that etag for our echo
//! would hide the edit from the next pass. The next delta reports these tasks, and the next
//! pass reads them (task, then details) like any other change.
//!
//! An item that failed in the batch (a stale etag, a throttle that outlasted the retries) is
//! written again on its own, which re-reads and reports `Conflict` on a 412.

use super::PlannerAdapter;
use super::convert::{details_patch, port_error, remote_details};
use crate::engine::ports::{DetailsWrite, PlannerPort, PortResult, RemoteTask};
use crate::graph::Etag;

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
        for (i, ((task, write), (_, answer))) in writes.iter().zip(answers).enumerate() {
            out[i] = Some(match answer {
                Ok(details) => {
                    let mut task = task.clone();
                    task.details = remote_details(details);
                    Ok(task)
                }
                Err(_) => self.update_details(task, write).await,
            });
        }
        // Every slot is filled above; an empty one would mean "as it was".
        out.into_iter()
            .zip(writes)
            .map(|(r, (task, _))| r.unwrap_or_else(|| Ok(task.clone())))
            .collect()
    }
}
