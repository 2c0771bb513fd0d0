//! Batched issue creates: while the unit loop walks the unlinked tasks, `create_issue` only
//! prepares each issue (intent row written, op counted) and queues it; every
//! [`BATCH_ISSUES`] and at the end of the unlinked units the queue is sent with
//! `issueBatchCreate` ([`LinearPort::create_issues`]), then each link is recorded and each
//! task's back-reference written, several at once.
//!
//! Why it is safe: the issue ids are the intents' ids, chosen before anything is sent, so a
//! batch retried after a crash or a timeout adopts instead of duplicating (as the single
//! create does). Identifiers are handed out in the order of the batch, which is the order of
//! the units, as before. A failed issue is dead-lettered alone (`issue_created`); a pass that
//! stops on an error before sending leaves the intents open, and the next pass re-sends the
//! same ids.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::engine::EngineError;
use crate::engine::concurrent::{UNIT_CONCURRENCY, absorb};
use crate::engine::faces::MappingMeta;
use crate::engine::pass::Engine;
use crate::engine::ports::{
    LinearPort, NewIssue, PlannerPort, PortError, PortResult, RemoteIssue, RemoteTask,
};
use crate::engine::report::MappingReport;
use crate::model::ticket::PlannerFace;
use crate::store::Store;
use crate::store::mappings::Mapping;

/// Issues per `issueBatchCreate` (Linear's limit, shared/linear/README.md).
pub const BATCH_ISSUES: usize = 50;

/// An issue `create_issue` prepared and did not send yet.
pub struct PendingIssue {
    pub(crate) task: RemoteTask,
    pub(crate) new: NewIssue,
    /// The task's face when the issue was made from it: the link's shadow.
    pub(crate) planner: PlannerFace,
    pub(crate) intent_id: String,
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Whether the queue is full enough to send.
    pub(crate) fn deferred_issues_full(&self) -> bool {
        self.deferred_issues
            .as_ref()
            .is_some_and(|q| q.len() >= BATCH_ISSUES)
    }

    /// Send the queued issues, then record their links and back-references (several at once;
    /// the report lists them in queue order). Returns the first engine error after every
    /// started item has finished.
    pub(crate) async fn send_deferred_issues(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let pending = match self.deferred_issues.as_mut() {
            Some(queue) if !queue.is_empty() => std::mem::take(queue),
            _ => return Ok(()),
        };
        let news: Vec<NewIssue> = pending.iter().map(|p| p.new.clone()).collect();
        let mut results = self.linear.create_issues(&news).await.into_iter();
        let mut items = pending.into_iter().enumerate();
        let mut running = FuturesUnordered::new();
        let mut finished: BTreeMap<usize, MappingReport> = BTreeMap::new();
        let mut failure: Option<EngineError> = None;
        loop {
            while running.len() < UNIT_CONCURRENCY {
                let Some((index, item)) = items.next() else {
                    break;
                };
                let result: PortResult<RemoteIssue> = results.next().unwrap_or_else(|| {
                    Err(PortError::Rejected {
                        message: "issueBatchCreate: no answer for this issue".into(),
                        request_id: None,
                    })
                });
                let mut fork = self.fork(u32::MAX);
                running.push(async move {
                    let mut unit_report = MappingReport::new(mapping.id);
                    let result = fork
                        .issue_created(store, mapping, meta, item, result, &mut unit_report)
                        .await;
                    (index, fork.ops(), unit_report, result)
                });
            }
            let Some((index, ops, unit_report, result)) = running.next().await else {
                break;
            };
            self.add_ops(ops);
            if let Err(err) = result {
                failure.get_or_insert(err);
            }
            finished.insert(index, unit_report);
        }
        for (_, unit_report) in finished {
            absorb(report, unit_report);
        }
        match failure {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}
