//! Batched creates: while the unit loop walks the unlinked tasks, `create_issue` only prepares
//! each issue (intent row written, op counted) and `add_issue_reference` only notes the
//! back-reference; every [`BATCH_ISSUES`] units and at the end of the unlinked units the queue
//! is sent: the issues with `issueBatchCreate` ([`LinearPort::create_issues`]), each link
//! recorded in its own transaction as before ([`Engine::send_issues`]); then the batch's tail
//! ([`Engine::finish_batch`]): the tasks' back-references in `$batch`es of details PATCHes
//! ([`PlannerPort::update_details_many`]) while the new pairs' rich fields are read and their
//! sub-issues created, then the pairs merged. The tail overlaps the next batch's issues
//! (engine/batch_pipeline.rs).
//!
//! Why it is safe: the issue ids are the intents' ids, chosen before anything is sent, so a
//! batch retried after a crash or a timeout adopts instead of duplicating (as the single
//! create does). Identifiers are handed out in the order of the batch, which is the order of
//! the units, as before. A failed issue is dead-lettered alone (`issue_created`); a failed
//! back-reference is a warning and a `skip` audit row, as before; a written one updates the
//! etags of the link's shadow (the task's new etag where its re-read vouched for it, see
//! graph/port/batch.rs: the pair's merge then records it as our echo, so the next pass does
//! not read the task again). A pass that stops on an error before sending leaves the
//! intents open: the next pass sends the same ids again.

use std::collections::BTreeMap;

use futures_util::StreamExt;

use crate::engine::EngineError;
use crate::engine::batch_pipeline::BatchTail;
use crate::engine::concurrent::absorb;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::{Engine, Unit};
use crate::engine::ports::{
    DetailsWrite, LinearPort, NewIssue, NewSubIssue, PlannerPort, PortError, RemoteIssue,
    RemoteTask,
};
use crate::engine::report::MappingReport;
use crate::model::direction::SyncField;
use crate::model::ids::TaskId;
use crate::model::merge::Side;
use crate::model::ticket::{PlannerFace, Shadow};
use crate::store::mappings::Mapping;
use crate::store::{Store, links};

/// Issues queued before they are sent: four `issueBatchCreate`s of 50 (Linear's limit,
/// shared/linear/README.md), sent one after another so identifiers follow the order of the
/// tasks; what follows them (attachments, back-references, sub-issues, rich reads) then goes
/// in requests that run at once, so fewer, larger rounds keep the pass from waiting on one
/// round trip after another.
pub const BATCH_ISSUES: usize = 200;
/// Back-references sent at once (ten `$batch`es of 20, which run concurrently).
const BATCH_REFERENCES: usize = 200;
/// New pairs mirrored at once. Their work is mostly Linear's (a sub-issue per checklist item,
/// links), which the Graph token bucket does not pace, so more than the linked pairs'
/// [`UNIT_CONCURRENCY`](crate::engine::concurrent::UNIT_CONCURRENCY) are in flight; any
/// Planner write still takes its token from the shared bucket.
const MIRRORS_AT_ONCE: usize = 16;

/// An issue `create_issue` prepared and did not send yet.
pub struct PendingIssue {
    pub(crate) task: RemoteTask,
    pub(crate) new: NewIssue,
    /// The task's face when the issue was made from it: the link's shadow.
    pub(crate) planner: PlannerFace,
    pub(crate) intent_id: String,
}

/// Writes queued while the unlinked units are walked.
#[derive(Default)]
pub struct Batch {
    pub(crate) issues: Vec<PendingIssue>,
    /// Tasks whose details get a reference to their (linked) issue.
    pub(crate) references: Vec<(RemoteTask, RemoteIssue)>,
    /// New pairs whose rich fields are mirrored once the back-references are written.
    pub(crate) mirrors: Vec<(TaskId, RemoteIssue)>,
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Whether enough is queued to send.
    pub(crate) fn batch_full(&self) -> bool {
        self.batch.as_ref().is_some_and(|b| {
            b.issues.len() >= BATCH_ISSUES || b.references.len() >= BATCH_REFERENCES
        })
    }

    /// The issues queued, sent (`issueBatchCreate`) and linked; what their links queued
    /// (back-references, pairs to mirror) is taken out of the queue and returned.
    pub(crate) async fn send_issues(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        report: &mut MappingReport,
    ) -> Result<BatchTail, EngineError> {
        let issues = match self.batch.as_mut() {
            Some(batch) => std::mem::take(&mut batch.issues),
            None => return Ok(BatchTail::default()),
        };
        if !issues.is_empty() {
            let news: Vec<NewIssue> = issues.iter().map(|p| p.new.clone()).collect();
            let mut results = self.linear.create_issues(&news).await.into_iter();
            for pending in issues {
                let result = results.next().unwrap_or_else(|| {
                    Err(PortError::Rejected {
                        message: "issueBatchCreate: no answer for this issue".into(),
                        request_id: None,
                    })
                });
                // Records the link; its back-reference joins the queue.
                self.issue_created(store, mapping, meta, pending, result, report)
                    .await?;
            }
        }
        Ok(match self.batch.as_mut() {
            Some(batch) => BatchTail {
                references: std::mem::take(&mut batch.references),
                mirrors: std::mem::take(&mut batch.mirrors),
            },
            None => BatchTail::default(),
        })
    }

    /// A batch's tail: every back-reference (of its new issues and of links made meanwhile)
    /// and, at the same time, the new pairs' Linear side (their rich fields read, the
    /// sub-issues of their checklist items created); then the pairs are merged on the tasks
    /// as the back-reference writes returned them.
    ///
    /// Why the two halves may run at once: the sub-issues are planned from the checklist,
    /// which a back-reference write does not change, and recorded by task id only; each half
    /// writes its own rows (etags vs. checklist records), each in transactions with no
    /// `.await` inside. The merge, which compares the task with its shadow, waits for the
    /// written task (its new etags); a task whose write failed is read again first, as before.
    pub(crate) async fn finish_batch(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        parts: BatchTail,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let BatchTail {
            references,
            mirrors,
        } = parts;
        let listed: BTreeMap<TaskId, RemoteTask> = references
            .iter()
            .map(|(task, _)| (task.id.clone(), task.clone()))
            .collect();
        let mut writer = self.fork(self.options.max_ops);
        let mut written_report = MappingReport::new(mapping.id);
        let (written, prepared) = futures_util::future::join(
            writer.send_references(store, mapping, references, &mut written_report),
            self.prepare_mirrors(store, mapping, meta, mirrors, &listed),
        )
        .await;
        self.add_ops(writer.ops());
        absorb(report, written_report);
        let mut written = written?;
        let mut units = prepared?;
        // Written: the task as the write returned it. Not written (the write failed): read
        // again, as the merge needs the task as it is now.
        let failed: Vec<TaskId> = units
            .iter()
            .filter_map(|u| u.task.as_ref())
            .filter(|t| listed.contains_key(&t.id) && !written.contains_key(&t.id))
            .map(|t| t.id.clone())
            .collect();
        if !failed.is_empty() {
            for task in self.planner.tasks(&failed).await?.into_iter().flatten() {
                written.insert(task.id.clone(), task);
            }
        }
        for unit in &mut units {
            let Some(id) = unit.task.as_ref().map(|t| t.id.clone()) else {
                continue;
            };
            if listed.contains_key(&id) {
                // Deleted meanwhile (not written, not read): the next change read settles it.
                unit.task = written.remove(&id);
            }
        }
        units.retain(|u| u.task.is_some());
        self.merge_new_pairs(store, mapping, meta, units, report)
            .await
    }

    /// In batch mode, note a new pair to mirror once its back-reference is written (by
    /// [`Engine::send_pipelined`]) and answer true; otherwise false: the caller mirrors it now.
    pub(crate) fn defer_mirror(&mut self, task: &TaskId, issue: &RemoteIssue) -> bool {
        match self.batch.as_mut() {
            Some(batch) => {
                batch.mirrors.push((task.clone(), issue.clone()));
                true
            }
            None => false,
        }
    }

    /// Write the queued back-references in `$batch`es; the tasks as written (new details
    /// etags).
    async fn send_references(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        references: Vec<(RemoteTask, RemoteIssue)>,
        report: &mut MappingReport,
    ) -> Result<BTreeMap<TaskId, RemoteTask>, EngineError> {
        let mut out = BTreeMap::new();
        if references.is_empty() {
            return Ok(out);
        }
        let writes: Vec<(RemoteTask, DetailsWrite)> = references
            .iter()
            .map(|(task, issue)| (task.clone(), reference_write(issue)))
            .collect();
        let results = self.planner.update_details_many(&writes).await;
        for ((task, issue), result) in references.iter().zip(results) {
            let result = match result {
                // Someone edited the details meanwhile: once more on the fresh etag.
                Err(PortError::Conflict(fresh)) => {
                    self.planner
                        .update_details(&fresh, &reference_write(issue))
                        .await
                }
                other => other,
            };
            match result {
                Ok(written) => {
                    out.insert(written.id.clone(), written);
                }
                Err(err) => self.reference_failed(store, mapping, task, issue, &err, report)?,
            }
        }
        // The new details etags in one commit (one fsync, not one per task).
        let tx = store.transaction()?;
        for written in out.values() {
            if let Some(link) = links::live_by_task(&tx, &written.id)? {
                links::put_etags(&tx, link.id, &written.etag, &written.details.etag)?;
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// The Linear side of mirroring the batch's new pairs (what `mirror_new_pair` does for
    /// one): the tasks as listed (the others, linked with their reference already there,
    /// read in one `$batch` round), the issues whole (their back-reference attachment moved
    /// them since they were created: as its write answered them, else read [`SNAPSHOT_PAGE`]
    /// at a time), the sub-issues of
    /// their checklist items created. Returns the pairs, to merge once their tasks are
    /// written.
    ///
    /// [`SNAPSHOT_PAGE`]: crate::linear::port_queries::SNAPSHOT_PAGE
    async fn prepare_mirrors(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        mirrors: Vec<(TaskId, RemoteIssue)>,
        listed: &BTreeMap<TaskId, RemoteTask>,
    ) -> Result<Vec<Unit>, EngineError> {
        if mirrors.is_empty() || self.options.dry_run {
            return Ok(Vec::new());
        }
        let mut tasks = listed.clone();
        let unread: Vec<TaskId> = mirrors
            .iter()
            .map(|(t, _)| t)
            .filter(|t| !tasks.contains_key(*t))
            .cloned()
            .collect();
        if !unread.is_empty() {
            for task in self.planner.tasks(&unread).await?.into_iter().flatten() {
                tasks.insert(task.id.clone(), task);
            }
        }
        let mut units = Vec::new();
        for (task_id, issue) in mirrors {
            // Deleted meanwhile: the next change read settles it (as mirror_new_pair does).
            let (Some(link), Some(task)) = (
                links::live_by_task(store.conn(), &task_id)?,
                tasks.remove(&task_id),
            ) else {
                continue;
            };
            units.push(Unit {
                link: Some(link),
                task: Some(task),
                issue: Some(issue),
            });
        }
        self.preload_snapshots(&mut units).await;
        self.create_sub_issues(store, mapping, meta, &mut units)
            .await?;
        Ok(units)
    }

    /// Merge the batch's new pairs, up to [`MIRRORS_AT_ONCE`] at once. Each pair touches only
    /// its own task, issue, link and shadow (as in engine/concurrent.rs), and the reports are
    /// absorbed in the batch's order. The first error is returned once every pair in flight
    /// has finished.
    async fn merge_new_pairs(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        units: Vec<Unit>,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let this = &*self;
        let done: Vec<_> = futures_util::stream::iter(units)
            .map(|unit| {
                let mut fork = this.fork(this.options.max_ops);
                let mut meta = meta.clone();
                async move {
                    let mut unit_report = MappingReport::new(mapping.id);
                    let result = match (unit.link, unit.task, unit.issue) {
                        (Some(link), Some(task), Some(issue)) => {
                            fork.update_pair(
                                store,
                                mapping,
                                &mut meta,
                                &link,
                                task,
                                issue,
                                &mut unit_report,
                            )
                            .await
                        }
                        _ => Ok(()),
                    };
                    (fork.ops(), unit_report, result)
                }
            })
            .buffered(MIRRORS_AT_ONCE)
            .collect()
            .await;
        let mut failure = None;
        for (ops, unit_report, result) in done {
            self.add_ops(ops);
            absorb(report, unit_report);
            if let Err(err) = result {
                failure.get_or_insert(err);
            }
        }
        match failure {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The sub-issues of the new pairs' checklist items, all at once
    /// ([`LinearPort::create_sub_issues`]: 50 per request, the parents exist now), before the
    /// pairs are merged one by one. Each is planned as `adopt_checklist_items` plans it (intent
    /// recorded first, with the id we chose; the same rules for held items and directions)
    /// and recorded as it records one, so the merge then finds the items paired. A sub-issue
    /// that failed is left to the pair's own merge, which retries it on the same intent and
    /// dead-letters the pair if it fails again (as before).
    async fn create_sub_issues(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        units: &mut [Unit],
    ) -> Result<(), EngineError> {
        let to_linear = mapping
            .control
            .fields
            .allows(SyncField::Checklist, Side::Linear);
        if !to_linear || self.options.dry_run {
            return Ok(());
        }
        // The pairs' states first (no request: their rich fields are preloaded), so the
        // intents can be recorded in one transaction with no `.await` inside it.
        let mut states = BTreeMap::new();
        for (at, unit) in units.iter_mut().enumerate() {
            let (Some(link), Some(_), Some(issue)) = (&unit.link, &unit.task, &mut unit.issue)
            else {
                continue;
            };
            // Not preloaded (the page read failed): the pair's merge reads and creates them.
            if issue.rich.is_none() {
                continue;
            }
            let held = links::shadow::<Shadow>(store.conn(), link.id)?
                .map(|s| s.ticket.planner.held_items)
                .unwrap_or_default();
            let state = self.load_rich(store, mapping, link, issue).await?;
            states.insert(at, (state, held));
        }
        // Every intent before anything is sent, in one commit (one fsync, not one each).
        let mut planned = Vec::new();
        {
            let tx = store.transaction()?;
            for (at, (state, held)) in &states {
                let unit = &units[*at];
                let (Some(task), Some(issue)) = (&unit.task, &unit.issue) else {
                    continue;
                };
                for plan in
                    self.plan_sub_issues(&tx, mapping, meta, task, issue, state, (to_linear, held))?
                {
                    planned.push((*at, plan));
                }
            }
            tx.commit()?;
        }
        if planned.is_empty() {
            return Ok(());
        }
        let news: Vec<NewSubIssue> = planned.iter().map(|(_, p)| p.new.clone()).collect();
        for _ in &news {
            self.count_op();
        }
        let results = self.linear.create_sub_issues(&news).await;
        // The created ones recorded in one transaction: a crash before its commit leaves the
        // intents open, and the retry adopts the same ids.
        let tx = store.transaction()?;
        for ((at, plan), result) in planned.into_iter().zip(results) {
            let Ok(sub) = result else { continue };
            let (unit, Some((state, _))) = (&mut units[at], states.get_mut(&at)) else {
                continue;
            };
            let (Some(link), Some(task), Some(issue)) = (&unit.link, &unit.task, &mut unit.issue)
            else {
                continue;
            };
            self.sub_issue_created(&tx, mapping, (link, task), issue, state, plan, sub)?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// The details write that adds the issue's URL to the task's references.
fn reference_write(issue: &RemoteIssue) -> DetailsWrite {
    DetailsWrite {
        add_references: BTreeMap::from([(issue.url.clone(), issue.identifier.clone())]),
        ..DetailsWrite::default()
    }
}
