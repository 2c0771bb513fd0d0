//! Applying a pass's units: unlinked items one at a time, linked pairs several at once.
//!
//! Under the throttle a pass is bound by round trips, not CPU: one unit waits ~100 ms per
//! request, so one unit at a time cannot reach the Graph token bucket's rate (issue 10's
//! backlog drain). Linked pairs are independent of each other (each touches its own task,
//! issue, link and shadow), so up to [`UNIT_CONCURRENCY`] of them run at once; every request
//! still goes through the one shared token bucket and Retry-After handling of the clients.
//! The Graph client gathers the single task and details requests of the units in flight into
//! `$batch`es of up to 20 (graph/coalesce.rs), so the units' per-unit logic is unchanged while
//! their writes ride together; keeping two such envelopes in flight at ~100 ms per round trip
//! under a 20 req/s bucket takes a few dozen units, hence the number.
//!
//! What stays as it was:
//! * **SQLite.** One connection. A unit opens and commits its transaction with no `.await` in
//!   between (`Store::transaction`), so transactions of concurrent units never overlap; each
//!   item still has its own transaction (link + shadow + audit together).
//! * **Unlinked tasks** (creates, adoptions, links by back-reference) run one at a time, first
//!   and in order, as before: adoption must see the intents a previous unit completed. Their
//!   new Linear issues are sent in batches (engine/batch_create.rs), in the same order, so the
//!   identifiers Linear hands out follow the order of the units.
//! * **Issues without a task** come next and run concurrently like linked pairs: each creates
//!   its own task under its own intent, and whether its issue is already linked or ours was
//!   settled by the unlinked tasks before them. Their tasks' requests ride in `$batch`es, and
//!   the back-references they write to Linear are gathered ([`AttachLater`]) and sent after
//!   the units, 50 per request. An issue an earlier run began a task for (an open intent)
//!   runs with the unlinked tasks instead: adopting that task lists the plan and matches by
//!   title, which two units must not do at once.
//! * **Beside the last tails.** The walk's last batch tails (back-references, new pairs'
//!   mirrors: engine/batch_pipeline.rs) are usually still in flight when the walk ends. The
//!   other units start beside them when the budget covers both (`beside_tails`), so the
//!   tails' Planner writes and re-reads share envelopes with the units' requests instead of
//!   going out in small envelopes of their own first.
//! * **The report** lists units in their order, whatever order they finish in.
//! * **Budgets.** A unit starts only if the writes done plus the units in flight stay under
//!   `--max-ops`, so concurrency never lets a pass overshoot more than one unit could alone.
//!   When the units in flight hold the rest of the budget the loop waits for one to finish
//!   (a unit that wrote nothing gives its op back) and stops only when the writes done reach
//!   `--max-ops`, so a pass with budget left always gets through at least one unit.
//!   `--time-budget` is checked before each start as before.
//! * **Labels** a unit creates are added to the mapping's metadata for the units after it; two
//!   units creating the same label at once get the same label (`create_label` returns the
//!   existing one when the name is taken).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::engine::EngineError;
use crate::engine::batch_create::Batch;
use crate::engine::batch_pipeline::Pipeline;
use crate::engine::bootstrap::Progress;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::{Engine, Unit};
use crate::engine::ports::{LinearPort, PlannerPort, PortError};
use crate::engine::report::{MappingReport, StopKind};
use crate::model::ids::IssueId;
use crate::store::mappings::Mapping;
use crate::store::{Store, intents};

/// Linked pairs applied at once. Their Planner requests ride in `$batch`es of up to 20
/// (graph/coalesce.rs): 64 units fill about three envelopes, enough to keep a 20 req/s bucket
/// busy at ~100 ms per round trip while each envelope carries many writes. A unit costs a
/// future and a clone of the mapping's metadata; SQLite stays one connection (below), and the
/// Linear client paces concurrent callers by the rate-limit headers it shares between them.
pub const UNIT_CONCURRENCY: usize = 64;

pub(crate) const BUDGET_REACHED: &str = "the pass reached its op or time budget";

/// Back-references to write after the units: (issue, its identifier, url, title).
pub(crate) type AttachLater = Arc<Mutex<Vec<(IssueId, String, String, String)>>>;

/// The order units are applied in: unlinked tasks (one at a time), then issues without a
/// task, then linked pairs (both concurrently).
pub(crate) fn unit_order(unit: &Unit) -> (bool, bool, bool) {
    (
        unit.link.is_some(),
        unit.issue.is_some(),
        unit.task.is_none(),
    )
}

/// Whether a unit runs in the one-at-a-time phase: an unlinked task, or an issue an earlier
/// run began a task for (`resuming`: adopting it lists the plan and matches by title, which
/// two such units must not do at once).
fn one_at_a_time(unit: &Unit, resuming: &BTreeSet<String>) -> bool {
    unit.link.is_none()
        && (unit.task.is_some()
            || unit
                .issue
                .as_ref()
                .is_some_and(|i| resuming.contains(&i.id.0)))
}

/// What one unit left behind: its report, the writes it counted, the labels it learned.
struct Done {
    index: usize,
    ops: u32,
    report: MappingReport,
    labels: BTreeMap<String, String>,
    result: Result<(), EngineError>,
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Reconcile `units` (sorted by [`unit_order`]) within the pass's budgets. Sets
    /// `report.stopped` when a budget ends the work early; an error other than a budget stop
    /// is returned after the units in flight have finished (none is cut off mid-request).
    pub(crate) async fn reconcile_units(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        units: Vec<Unit>,
        report: &mut MappingReport,
        progress: &dyn Progress,
    ) -> Result<(), EngineError> {
        let resuming: BTreeSet<String> =
            intents::open_of_kind(store.conn(), mapping.id, "create_task")?
                .into_iter()
                .map(|i| i.source_id)
                .collect();
        let (first, rest): (Vec<Unit>, Vec<Unit>) =
            units.into_iter().partition(|u| one_at_a_time(u, &resuming));
        // Issues for unlinked tasks are queued and sent in batches (engine/batch_create.rs).
        let batching = self.batch.is_none();
        if batching {
            self.batch = Some(Batch::default());
        }
        let mut failed = None;
        // The walk's own report entries, queued behind the tails of the batches before them
        // (see `send_pipelined`), so the report keeps the order of sequential sends.
        let mut prep = MappingReport::new(mapping.id);
        let mut pipe = Pipeline::default();
        for unit in first {
            if report.stopped.is_some() || prep.stopped.is_some() || pipe.stopped() {
                break;
            }
            if !self.has_budget() {
                prep.stop(StopKind::Budget, BUDGET_REACHED);
                break;
            }
            let n = weight(&unit);
            match self.reconcile(store, mapping, meta, unit, &mut prep).await {
                Ok(()) => {}
                Err(EngineError::Port(PortError::OutOfBudget(why))) => {
                    prep.stop(StopKind::Budget, format!("out of time budget: {why}"));
                }
                Err(err) => {
                    failed = Some(err);
                    break;
                }
            }
            progress.advance(n);
            if self.batch_full()
                && let Err(err) = self
                    .send_pipelined(store, mapping, meta, report, &mut prep, &mut pipe)
                    .await
            {
                failed = Some(err);
                break;
            }
        }
        // After an error the queued issues stay unsent: their intents are open, and the next
        // pass sends the same ids again. Tails in flight are always waited for (never cut off
        // mid-request), and the first error wins.
        let sent = match failed {
            None => {
                self.send_pipelined(store, mapping, meta, report, &mut prep, &mut pipe)
                    .await
            }
            Some(err) => Err(err),
        };
        if batching {
            self.batch = None;
        }
        // The other units run beside the last tails when nothing stopped the walk and the
        // budget covers them all (see `beside_tails`); otherwise after them, as before.
        let beside = sent.is_ok()
            && report.stopped.is_none()
            && !pipe.stopped()
            && self.beside_tails(pipe.pairs_in_flight(), rest.len());
        let (now, after) = if beside {
            (rest, Vec::new())
        } else {
            (Vec::new(), rest)
        };
        let attaching = self.attach_later.is_none();
        if attaching {
            self.attach_later = Some(AttachLater::default());
        }
        let mut beside_report = MappingReport::new(mapping.id);
        let applied = if now.is_empty() {
            Ok(())
        } else {
            let units = now.into_iter();
            pipe.beside(self.concurrent_units(
                store,
                mapping,
                meta,
                units,
                &mut beside_report,
                progress,
            ))
            .await
        };
        let drained = self
            .drain_tails(mapping, report, &mut prep, &mut pipe)
            .await;
        let drained = sent.and(drained);
        absorb(report, beside_report);
        let applied = match drained {
            Ok(()) if !beside && report.stopped.is_none() => {
                self.concurrent_units(store, mapping, meta, after.into_iter(), report, progress)
                    .await
            }
            _ => applied,
        };
        let attached = if attaching {
            let attached = self.attach_pending(store, mapping, report).await;
            self.attach_later = None;
            attached
        } else {
            Ok(())
        };
        drained?;
        attached?;
        applied
    }

    /// Whether the units of the concurrent phase may start while the walk's last tails are
    /// in flight. Those tails touch only the pairs their batches created or linked, and an
    /// issue-only unit whose issue the walk linked does nothing, so the two never touch the
    /// same pair; the pipeline overlaps tails with the walk for the same reason
    /// (engine/batch_pipeline.rs). What overlap must not change is `--max-ops`: a tail counts
    /// its writes when it ends, so the units would not see them. Hence only when the budget
    /// left covers one op for every unit and for every pair of the tails (as a unit in flight
    /// holds one), that is, when the budget does not decide which units run.
    fn beside_tails(&self, tail_pairs: usize, units: usize) -> bool {
        let needed = u32::try_from(tail_pairs.saturating_add(units)).unwrap_or(u32::MAX);
        tail_pairs > 0 && units > 0 && self.options.max_ops.saturating_sub(self.ops()) >= needed
    }

    /// Apply `units` (none of them an unlinked task) up to [`UNIT_CONCURRENCY`] at once.
    async fn concurrent_units(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        units: impl Iterator<Item = Unit>,
        report: &mut MappingReport,
        progress: &dyn Progress,
    ) -> Result<(), EngineError> {
        let mut units = units.peekable();

        let mut running = FuturesUnordered::new();
        let mut finished: BTreeMap<usize, MappingReport> = BTreeMap::new();
        let mut failure: Option<EngineError> = None;
        let mut next = 0usize;
        loop {
            while running.len() < UNIT_CONCURRENCY
                && report.stopped.is_none()
                && failure.is_none()
                && units.peek().is_some()
            {
                if !self.has_budget() {
                    report.stop(StopKind::Budget, BUDGET_REACHED);
                    break;
                }
                // Each unit in flight holds one op of the budget until it is done: when they
                // hold the rest, wait for one to finish instead of stopping, since a unit may
                // end up writing nothing (an echo) and give its op back. With nothing in
                // flight `left` is at least 1 here, so a pass always makes progress.
                let in_flight = u32::try_from(running.len()).unwrap_or(u32::MAX);
                let left = self
                    .options
                    .max_ops
                    .saturating_sub(self.ops())
                    .saturating_sub(in_flight);
                if left == 0 {
                    break;
                }
                let Some(unit) = units.next() else { break };
                let mut fork = self.fork(left);
                let mut unit_meta = meta.clone();
                let index = next;
                next += 1;
                running.push(async move {
                    let mut unit_report = MappingReport::new(mapping.id);
                    let n = weight(&unit);
                    let result = fork
                        .reconcile(store, mapping, &mut unit_meta, unit, &mut unit_report)
                        .await;
                    (
                        n,
                        Done {
                            index,
                            ops: fork.ops(),
                            report: unit_report,
                            labels: unit_meta.team.labels,
                            result,
                        },
                    )
                });
            }
            let Some((n, done)) = running.next().await else {
                break;
            };
            progress.advance(n);
            self.add_ops(done.ops);
            for (name, id) in done.labels {
                meta.team.labels.entry(name).or_insert(id);
            }
            let mut unit_report = done.report;
            match done.result {
                Ok(()) => {}
                Err(EngineError::Port(PortError::OutOfBudget(why))) => {
                    unit_report.stop(StopKind::Budget, format!("out of time budget: {why}"));
                }
                Err(err) => {
                    failure.get_or_insert(err);
                }
            }
            if let Some(why) = unit_report.stopped.take() {
                report.stop(
                    unit_report.stop_kind.take().unwrap_or(StopKind::Failure),
                    why,
                );
            }
            finished.insert(done.index, unit_report);
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

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Write the back-references gathered while the units ran; a failed one is a warning, as
    /// it was when each was written on its own. Each moved its issue's `updatedAt` after the
    /// pair was merged: the answers hold the issues whole, so the next poll can tell that move
    /// for our echo (`Engine::remember_snapshot`).
    async fn attach_pending(
        &self,
        store: &Store,
        mapping: &Mapping,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let pending = match &self.attach_later {
            Some(queue) => std::mem::take(&mut *queue.lock().unwrap_or_else(|e| e.into_inner())),
            None => return Ok(()),
        };
        if pending.is_empty() {
            return Ok(());
        }
        let items: Vec<(IssueId, String, String)> = pending
            .iter()
            .map(|(id, _, url, title)| (id.clone(), url.clone(), title.clone()))
            .collect();
        let answers = self.linear.add_attachments(&items).await;
        // Each answer is its issue whole right after the write: the state the next poll shows
        // unless someone edits the issue meanwhile.
        for ((_, ident, _, _), answer) in pending.iter().zip(answers) {
            match answer {
                Ok(issue) => self.remember_snapshot(store, mapping, issue).await?,
                Err(err) => report.warnings.push(attach_failed(ident, &err)),
            }
        }
        Ok(())
    }
}

/// The warning for a back-reference that could not be written to Linear.
pub(crate) fn attach_failed(ident: &str, err: &PortError) -> String {
    format!("{ident}: could not attach the Planner link: {err}")
}

/// Items a unit stands for, for the progress bar.
pub(crate) fn weight(unit: &Unit) -> u64 {
    u64::from(unit.task.is_some()) + u64::from(unit.issue.is_some())
}

/// Adds a unit's report to the mapping's (counts summed, lists appended in unit order).
pub(crate) fn absorb(into: &mut MappingReport, from: MappingReport) {
    let MappingReport {
        mapping: _,
        created_issues,
        created_tasks,
        updated_issues,
        updated_tasks,
        linked,
        unlinked,
        conflicts,
        dead_lettered,
        filtered,
        written_during_poll,
        complete: _,
        stopped,
        stop_kind,
        mut ops,
        mut warnings,
        plan_tasks: _,
    } = from;
    into.created_issues += created_issues;
    into.created_tasks += created_tasks;
    into.updated_issues += updated_issues;
    into.updated_tasks += updated_tasks;
    into.linked += linked;
    into.unlinked += unlinked;
    into.conflicts += conflicts;
    into.dead_lettered += dead_lettered;
    into.filtered += filtered;
    into.written_during_poll += written_during_poll;
    if let Some(why) = stopped {
        into.stop(stop_kind.unwrap_or(StopKind::Failure), why);
    }
    into.ops.append(&mut ops);
    into.warnings.append(&mut warnings);
}
