//! Sending batches of new issues while the batches before finish.
//!
//! A batch (engine/batch_create.rs) is sent in two halves: its issues (`issueBatchCreate`,
//! one request after another so identifiers follow the order of the units, then their links)
//! and its tail (the back-references in `$batch`es, the new pairs' rich fields and
//! sub-issues, their merges). A tail takes about three round trips and a batch's issues one,
//! so up to [`TAILS_AT_ONCE`] tails run on forks of the engine while the walk sends the next
//! batches' issues: Linear's creates follow each other back to back instead of each waiting
//! for the Planner writes and merges of the batch before.
//!
//! Why it is safe: a tail touches only its own batch's tasks, issues, links and shadows (each
//! pair is in one batch); SQLite transactions still open and commit with no `.await` inside;
//! every tail is awaited, also after an error (never cut off mid-request), and the first
//! error wins. Intents are unchanged: each issue's intent is written before its batch is
//! sent, so a crash during any overlap leaves open intents that the next pass sends again on
//! the same ids (adopting what exists). Reports are absorbed in the order sequential sends
//! would have written them (a batch's issues, the walk's entries, its tail, ...), because
//! every piece waits in one ordered queue. A tail's writes count against `--max-ops` when it
//! ends, so a pass may overshoot the budget by at most the tails in flight (bootstrap and
//! large passes only: a batch is 50 issues).

use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;

use crate::engine::EngineError;
use crate::engine::concurrent::absorb;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort, RemoteIssue, RemoteTask};
use crate::engine::report::MappingReport;
use crate::model::ids::TaskId;
use crate::store::Store;
use crate::store::mappings::Mapping;

/// How many batch tails may run at once. A tail is about three round trips (Planner writes
/// beside rich reads, sub-issues, merges) against one for the next batch's issues.
pub const TAILS_AT_ONCE: usize = 4;

/// What a batch leaves once its issues are sent: the back-references to write and the new
/// pairs to mirror (see [`Engine::send_pipelined`]).
#[derive(Default)]
pub(crate) struct BatchTail {
    pub(crate) references: Vec<(RemoteTask, RemoteIssue)>,
    pub(crate) mirrors: Vec<(TaskId, RemoteIssue)>,
}

impl BatchTail {
    fn is_empty(&self) -> bool {
        self.pairs() == 0
    }

    /// Back-references and mirrors: at least 1 for a tail that is not empty.
    fn pairs(&self) -> usize {
        self.references.len() + self.mirrors.len()
    }
}

/// One piece of the report, in the order sequential sends would have written it: a tail's
/// result (the ops its fork counted, its report, its outcome), or a report already complete.
struct Piece {
    /// The pairs of a tail (its back-references and mirrors); 0 for a report.
    pairs: usize,
    ops: u32,
    report: MappingReport,
    result: Result<(), EngineError>,
}

type PieceFuture<'s> = Pin<Box<dyn Future<Output = Piece> + 's>>;

/// The batches' tails in flight and the report pieces waiting behind them.
#[derive(Default)]
pub(crate) struct Pipeline<'s> {
    pieces: FuturesOrdered<PieceFuture<'s>>,
    tails: usize,
    /// The pairs of the tails in flight (see [`Pipeline::pairs_in_flight`]).
    pairs: usize,
    /// Pieces that finished while other work ran ([`Pipeline::beside`]), not counted yet.
    finished: Vec<Piece>,
    failure: Option<EngineError>,
    /// A queued piece ended the walk early (a budget): no further batch is started.
    stopped: bool,
}

impl<'s> Pipeline<'s> {
    /// Whether a report queued here stopped the walk (it reaches the pass's report later).
    pub(crate) fn stopped(&self) -> bool {
        self.stopped
    }

    /// The pairs of the tails in flight: what they may still write (one op each, as a unit
    /// in flight holds one; engine/concurrent.rs).
    pub(crate) fn pairs_in_flight(&self) -> usize {
        self.pairs
    }

    /// Runs `work` while the tails in flight go on; the pieces that finish meanwhile wait in
    /// `finished` (counting them needs the engine, which `work` may hold) until the next
    /// [`Engine::send_pipelined`] or [`Engine::drain_tails`].
    pub(crate) async fn beside<T>(&mut self, work: impl Future<Output = T>) -> T {
        tokio::pin!(work);
        loop {
            tokio::select! {
                done = &mut work => break done,
                Some(piece) = self.pieces.next(), if !self.pieces.is_empty() => {
                    self.finished.push(piece);
                }
            }
        }
    }

    /// Counts the pieces [`Pipeline::beside`] set aside.
    fn take_finished<P: PlannerPort, L: LinearPort>(
        &mut self,
        engine: &mut Engine<'_, P, L>,
        report: &mut MappingReport,
    ) {
        for piece in std::mem::take(&mut self.finished) {
            self.take(engine, report, piece);
        }
    }

    /// Queue a report already complete: absorbed at once when nothing waits before it.
    fn push_ready(&mut self, report: &mut MappingReport, piece: MappingReport) {
        self.stopped |= piece.stopped.is_some();
        if self.pieces.is_empty() {
            absorb(report, piece);
        } else {
            self.pieces.push_back(Box::pin(std::future::ready(Piece {
                pairs: 0,
                ops: 0,
                report: piece,
                result: Ok(()),
            })));
        }
    }

    /// Count a finished piece: its ops, its report, its error (only the first is kept).
    fn take<P: PlannerPort, L: LinearPort>(
        &mut self,
        engine: &mut Engine<'_, P, L>,
        report: &mut MappingReport,
        piece: Piece,
    ) {
        if piece.pairs > 0 {
            self.tails -= 1;
            self.pairs -= piece.pairs;
        }
        engine.add_ops(piece.ops);
        absorb(report, piece.report);
        if let Err(err) = piece.result
            && self.failure.is_none()
        {
            self.failure = Some(err);
        }
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Send what is queued, in two halves: the issues now ([`Engine::send_issues`]) while the
    /// tails in flight go on, and their tail (back-references, then the new pairs' rich
    /// fields) as a future on a fork of the engine, queued behind the others. Returns once
    /// fewer than [`TAILS_AT_ONCE`] tails are in flight, or with the first error of any
    /// piece (the rest stay queued for [`Engine::drain_tails`]).
    pub(crate) async fn send_pipelined<'s>(
        &mut self,
        store: &'s Store,
        mapping: &'s Mapping,
        meta: &MappingMeta,
        report: &mut MappingReport,
        prep: &mut MappingReport,
        pipe: &mut Pipeline<'s>,
    ) -> Result<(), EngineError>
    where
        P: 's,
        L: 's,
        Self: 's,
    {
        let mut created = MappingReport::new(mapping.id);
        let sent = pipe
            .beside(self.send_issues(store, mapping, meta, &mut created))
            .await;
        pipe.take_finished(self, report);
        pipe.push_ready(
            report,
            std::mem::replace(prep, MappingReport::new(mapping.id)),
        );
        pipe.push_ready(report, created);
        let parts = match sent {
            Ok(parts) => parts,
            Err(err) => return Err(pipe.failure.take().unwrap_or(err)),
        };
        // The issues just sent exist and are linked: their tail runs even when an earlier
        // piece failed (the walk stops, but their back-references and mirrors are not lost).
        if !parts.is_empty() {
            let mut fork = self.fork(self.options.max_ops);
            let meta = meta.clone();
            let pairs = parts.pairs();
            pipe.tails += 1;
            pipe.pairs += pairs;
            pipe.pieces.push_back(Box::pin(async move {
                let mut tail_report = MappingReport::new(mapping.id);
                let result = fork
                    .finish_batch(store, mapping, &meta, parts, &mut tail_report)
                    .await;
                Piece {
                    pairs,
                    ops: fork.ops(),
                    report: tail_report,
                    result,
                }
            }));
        }
        if let Some(err) = pipe.failure.take() {
            return Err(err);
        }
        while pipe.tails >= TAILS_AT_ONCE {
            let Some(piece) = pipe.pieces.next().await else {
                break;
            };
            pipe.take(self, report, piece);
            if let Some(err) = pipe.failure.take() {
                return Err(err);
            }
        }
        Ok(())
    }

    /// Wait for every piece still queued and absorb it, then `prep`; the first error, if any.
    pub(crate) async fn drain_tails(
        &mut self,
        mapping: &Mapping,
        report: &mut MappingReport,
        prep: &mut MappingReport,
        pipe: &mut Pipeline<'_>,
    ) -> Result<(), EngineError> {
        pipe.take_finished(self, report);
        while let Some(piece) = pipe.pieces.next().await {
            pipe.take(self, report, piece);
        }
        absorb(
            report,
            std::mem::replace(prep, MappingReport::new(mapping.id)),
        );
        match pipe.failure.take() {
            Some(err) => Err(err),
            None => Ok(()),
        }
    }
}
