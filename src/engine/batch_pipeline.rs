//! Sending batches of new issues while the batch before finishes.
//!
//! A batch (engine/batch_create.rs) is sent in two halves: its issues (`issueBatchCreate`,
//! one request after another so identifiers follow the order of the units, then their links)
//! and its tail (the back-references in `$batch`es, the new pairs' rich fields and
//! sub-issues, their merges). The tail runs as a future on a fork of the engine; the walk
//! prepares the next batch meanwhile, and the next send runs that tail together with the next
//! batch's issues. Linear's creates then overlap the Planner writes and merges of the batch
//! before, instead of waiting for them one round trip after another.
//!
//! Why it is safe: a tail touches only its own batch's tasks, issues, links and shadows (each
//! pair is in one batch); SQLite transactions still open and commit with no `.await` inside;
//! a tail in flight is always awaited, also after an error (never cut off mid-request), and
//! the first error wins. Intents are unchanged: each issue's intent is written before its
//! batch is sent, so a crash during any overlap leaves open intents that the next pass sends
//! again on the same ids (adopting what exists). Reports are absorbed in the order sequential
//! sends would have written them: the tail before, the walk's own entries, the new issues.
//! The tail's writes count against `--max-ops` when it ends, so a pass may overshoot the
//! budget by at most one batch's tail (bootstrap and large passes only: a batch is 200 units).

use crate::engine::EngineError;
use crate::engine::concurrent::absorb;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort, RemoteIssue, RemoteTask};
use crate::engine::report::MappingReport;
use crate::model::ids::TaskId;
use crate::store::Store;
use crate::store::mappings::Mapping;

/// What a batch leaves once its issues are sent: the back-references to write and the new
/// pairs to mirror (see [`Engine::send_pipelined`]).
#[derive(Default)]
pub(crate) struct BatchTail {
    pub(crate) references: Vec<(RemoteTask, RemoteIssue)>,
    pub(crate) mirrors: Vec<(TaskId, RemoteIssue)>,
}

impl BatchTail {
    fn is_empty(&self) -> bool {
        self.references.is_empty() && self.mirrors.is_empty()
    }
}

/// A batch's tail in flight: the ops its fork counted, its report, its result.
pub(crate) type TailFuture<'s> = std::pin::Pin<
    Box<dyn std::future::Future<Output = (u32, MappingReport, Result<(), EngineError>)> + 's>,
>;

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Send what is queued, in two halves: the issues now ([`Engine::send_issues`]), and
    /// their tail (back-references, then the new pairs' rich fields) as a future that runs on
    /// a fork of the engine. While a tail is in flight the walk prepares the next batch, and
    /// the next send runs that tail together with the next batch's issues: Linear's creates
    /// (one `issueBatchCreate` after another) overlap the Planner writes and rich merges of
    /// the batch before, instead of waiting for them.
    ///
    /// Why it is safe: a tail touches only its own batch's tasks, issues, links and shadows
    /// (each pair is in one batch); SQLite transactions still open and commit with no `.await`
    /// inside; identifiers of the new issues still follow the order of the units (the issue
    /// halves stay one after another). Reports are absorbed in the order the sequential sends
    /// would have written them: the tail before, the walk's `prep`, then the new issues.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn send_pipelined<'s>(
        &mut self,
        store: &'s Store,
        mapping: &'s Mapping,
        meta: &MappingMeta,
        report: &mut MappingReport,
        prep: &mut MappingReport,
        tail: &mut Option<TailFuture<'s>>,
    ) -> Result<(), EngineError>
    where
        P: 's,
        L: 's,
        Self: 's,
    {
        let previous = tail.take();
        let mut created = MappingReport::new(mapping.id);
        let (before, sent) = futures_util::future::join(
            async move {
                match previous {
                    Some(running) => Some(running.await),
                    None => None,
                }
            },
            self.send_issues(store, mapping, meta, &mut created),
        )
        .await;
        let mut failure = None;
        if let Some((ops, tail_report, result)) = before {
            self.add_ops(ops);
            absorb(report, tail_report);
            failure = result.err();
        }
        absorb(
            report,
            std::mem::replace(prep, MappingReport::new(mapping.id)),
        );
        absorb(report, created);
        let parts = match (failure, sent) {
            (Some(err), _) | (None, Err(err)) => return Err(err),
            (None, Ok(parts)) => parts,
        };
        if !parts.is_empty() {
            let mut fork = self.fork(self.options.max_ops);
            let meta = meta.clone();
            *tail = Some(Box::pin(async move {
                let mut tail_report = MappingReport::new(mapping.id);
                let result = fork
                    .finish_batch(store, mapping, &meta, parts, &mut tail_report)
                    .await;
                (fork.ops(), tail_report, result)
            }));
        }
        Ok(())
    }

    /// Wait for the tail in flight (if any) and absorb it, then `prep`; its error, if any.
    pub(crate) async fn drain_tail(
        &mut self,
        mapping: &Mapping,
        report: &mut MappingReport,
        prep: &mut MappingReport,
        tail: &mut Option<TailFuture<'_>>,
    ) -> Result<(), EngineError> {
        let mut result = Ok(());
        if let Some(running) = tail.take() {
            let (ops, tail_report, done) = running.await;
            self.add_ops(ops);
            absorb(report, tail_report);
            result = done;
        }
        absorb(
            report,
            std::mem::replace(prep, MappingReport::new(mapping.id)),
        );
        result
    }
}
