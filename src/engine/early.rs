//! Writing a Linear backlog while it is still being read (issue 10's backlog drain).
//!
//! Linear's poll is a chain of pages, each asked after the previous one's cursor: 2,000
//! changed issues take 20 round trips. Read whole before the first write, Graph sits idle for
//! the whole poll. So the pass reads every mapping's Planner changes while the first page is
//! on its way, then applies the pairs of each page as it arrives (its issues' rich fields read
//! as it came in, engine/prefetch.rs) while later pages are on their way.
//!
//! Only pairs that need nothing but their page go early: a linked issue whose task the Planner
//! changes do not report (so the task copy or a fresh read is the task), not a sub-issue (its
//! parent's checklist is merged at the end), not queued by a webhook (the queue's version is
//! merged with it at the end), not our own echo. Everything else (creates, conflicts with a
//! Planner change, deletions) waits for the end of the poll as before, in the pass's usual
//! order. So does the last page: a poll of one page (the usual cron pass) is applied in one
//! piece, its writes riding in the same `$batch`es as the Planner side's.
//!
//! The cursors move only at the end, when everything read was handled. An early pair's issue
//! seen again later in the poll (edited meanwhile) is merged again at the end, against the
//! shadow the early write left: a merge, not a duplicate. A pass cut short (a failure, a
//! budget) re-reads from the old cursor and finds the early writes' echoes.

use std::collections::{BTreeMap, BTreeSet};

use tokio::sync::mpsc::UnboundedReceiver;

use crate::engine::EngineError;
use crate::engine::bootstrap::NoProgress;
use crate::engine::checklist;
use crate::engine::concurrent::weight;
use crate::engine::faces::MappingMeta;
use crate::engine::linear_poll::{LinearPoll, PollPlan, is_new};
use crate::engine::pass::{Engine, unmerged_tasks};
use crate::engine::ports::{
    IssuePage, LinearPort, PlanInfo, PlannerChanges, PlannerPort, PortError, PortResult,
    RemoteIssue, RemoteTask,
};
use crate::engine::prefetch::{self, Watched};
use crate::engine::report::MappingReport;
use crate::engine::webhooks::{QueuedIssues, dedupe};
use crate::model::ids::{IssueId, MappingId, TaskId};
use crate::store::cursors::{self, Side};
use crate::store::links::{self, Link};
use crate::store::mappings::Mapping;
use crate::store::{Store, echoes};

/// A mapping's Planner changes, read before the Linear poll.
#[derive(Debug)]
pub(crate) struct PlannerRead {
    pub changes: PlannerChanges,
    /// When the changes are taken to have happened (`Engine::planner_changed_at`).
    pub changed_at: time::OffsetDateTime,
}

/// One mapping's share of a pass, filled as the pass goes.
pub(crate) struct MappingRun {
    pub report: MappingReport,
    pub planner: Result<PlannerRead, PortError>,
    /// Loaded by the first early write, kept for the rest of the pass.
    pub meta: Option<MappingMeta>,
    /// The issues (id, `updatedAt`) applied while the poll was read.
    pub early: BTreeSet<(IssueId, String)>,
    /// Why the early writes stopped, reported as the mapping's failure at the end.
    pub failed: Option<EngineError>,
}

impl MappingRun {
    pub(crate) fn new(report: MappingReport, planner: Result<PlannerRead, PortError>) -> Self {
        MappingRun {
            report,
            planner,
            meta: None,
            early: BTreeSet::new(),
            failed: None,
        }
    }
}

/// Whether `task`, read (or vouched for, store/task_copies.rs) before the Planner changes
/// were read, is still the task: they report it at its etag, or not at all.
pub(crate) fn still_current(task: &RemoteTask, changes: &PlannerChanges) -> bool {
    match changes.etags.get(&task.id) {
        Some(reported) => *reported == task.etag,
        None => !changes.changed.contains(&task.id),
    }
}

/// What decides whether an issue of a page goes early, for one mapping.
pub(crate) struct Gate<'r> {
    pub project: &'r str,
    pub cursor: Option<&'r crate::engine::ports::LinearCursor>,
    /// The mapping's live links, by issue.
    pub links: &'r BTreeMap<IssueId, Link>,
    /// Tasks the Planner changes report (not as our echo) or removed.
    pub planner_side: &'r BTreeSet<TaskId>,
    pub queued: &'r BTreeSet<IssueId>,
    pub echoes: &'r BTreeMap<IssueId, String>,
}

impl Gate<'_> {
    /// The issues of `read` that can be applied now, one per id (the latest).
    pub(crate) fn early(&self, read: &[RemoteIssue]) -> Vec<RemoteIssue> {
        let admitted = read.iter().filter(|i| self.admits(i)).cloned().collect();
        dedupe(admitted, Vec::new())
    }

    fn admits(&self, issue: &RemoteIssue) -> bool {
        issue.project_id.as_deref() == Some(self.project)
            && issue.parent_id.is_none()
            && is_new(self.cursor, &issue.id, &issue.updated_at)
            && self.echoes.get(&issue.id) != Some(&issue.updated_at)
            && !self.queued.contains(&issue.id)
            && self
                .links
                .get(&issue.id)
                .is_some_and(|l| !self.planner_side.contains(&l.task_id))
    }
}

/// The linked issues of `selected`, as the rich prefetch needs them.
fn watched(
    store: &Store,
    selected: &[Mapping],
    plan: &PollPlan,
) -> Result<BTreeMap<IssueId, Watched>, EngineError> {
    let mut watched = BTreeMap::new();
    for mapping in selected {
        let echo_at = echoes::of_mapping(store.conn(), mapping.id)?.1;
        let cursor = plan.cursor(mapping.id);
        for link in links::live(store.conn(), mapping.id)? {
            let echo = echo_at.get(&link.issue_id).cloned();
            let cursor = cursor.cloned();
            watched.insert(link.issue_id, Watched { cursor, echo });
        }
    }
    Ok(watched)
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The mapping's Planner changes since its cursor (the whole plan again when the delta
    /// token expired).
    pub(crate) async fn read_planner(
        &self,
        store: &Store,
        mapping: &Mapping,
        report: &mut MappingReport,
    ) -> Result<PlannerRead, EngineError> {
        let mut known = BTreeMap::new();
        for link in links::live(store.conn(), mapping.id)? {
            if let Some(shadow) = links::shadow::<serde_json::Value>(store.conn(), link.id)?
                && let Some(etag) = shadow.task_etag
            {
                known.insert(link.task_id.clone(), etag);
            }
        }
        let planner_cursor = cursors::get(store.conn(), mapping.id, Side::Planner)?;
        let now = self.clock.now();
        let changed_at = planner_cursor
            .as_ref()
            .and_then(|c| crate::clock::parse_ts(&c.updated_at).ok())
            .map_or(now, |previous| previous + (now - previous) / 2);
        let position = planner_cursor.as_ref().map(|c| c.position.as_str());
        let changes = match self
            .planner
            .changes(&mapping.planner_plan_id, position, &known)
            .await
        {
            Err(PortError::DeltaExpired) => {
                // The token expired: read everything again (the merge makes it idempotent).
                if !self.options.dry_run {
                    cursors::clear(store.conn(), mapping.id, Side::Planner)?;
                }
                report
                    .warnings
                    .push("the Planner delta token expired; re-reading the whole plan".into());
                self.planner
                    .changes(&mapping.planner_plan_id, None, &known)
                    .await?
            }
            other => other?,
        };
        Ok(PlannerRead {
            changes,
            changed_at,
        })
    }

    /// Both sides' changes of every selected mapping: the Planner changes of each, read while
    /// the Linear poll's first page is on its way, then the poll, with the pairs of each page
    /// but the last applied as it arrives. An error other than a port's ends the pass.
    pub(crate) async fn read_changes(
        &mut self,
        store: &Store,
        selected: &[Mapping],
        plan: PollPlan,
        queued: &BTreeMap<String, QueuedIssues>,
    ) -> Result<(LinearPoll, BTreeMap<MappingId, MappingRun>), EngineError> {
        let watched = watched(store, selected, &plan)?;
        // The poll borrows the port, not the engine, so the early writes can run beside it.
        let linear = self.linear;
        let (sink, polled) = tokio::sync::mpsc::unbounded_channel();
        let (filled, pages) = tokio::sync::mpsc::unbounded_channel();
        let prefetch = prefetch::with_rich(linear, &watched, polled, filled);
        let asked = &plan;
        let poll = async move {
            let answer = match asked.skipped {
                Some(_) => None,
                None => Some(
                    linear
                        .changes_paged(&asked.projects, asked.since.as_ref(), Some(&sink))
                        .await,
                ),
            };
            // Closing the sink ends the early writes once the last page is taken.
            drop(sink);
            answer
        };
        let lane = async {
            let mut runs: BTreeMap<MappingId, MappingRun> = BTreeMap::new();
            for mapping in selected {
                let mut report = MappingReport::new(mapping.id);
                let planner = match self.read_planner(store, mapping, &mut report).await {
                    Ok(read) => Ok(read),
                    Err(EngineError::Port(err)) => Err(err),
                    Err(other) => return Err(other),
                };
                runs.insert(mapping.id, MappingRun::new(report, planner));
            }
            self.early_lane(store, selected, asked, queued, &mut runs, pages)
                .await;
            Ok(runs)
        };
        let (mut answer, mut rich, runs) = tokio::join!(poll, prefetch, lane);
        let runs = runs?;
        if let Some(Ok((issues, _))) = &mut answer {
            prefetch::attach(issues, &mut rich);
        }
        Ok((plan.share(selected, answer), runs))
    }

    /// The rich fields of `units` and the mapping's metadata (unless `meta` has it already),
    /// read together: the team in the first rich read's request, the plan beside it (unless
    /// `plan` holds it, read with the changed tasks).
    pub(crate) async fn rich_and_meta(
        &self,
        store: &Store,
        mapping: &Mapping,
        units: &mut [crate::engine::pass::Unit],
        (meta, plan): (Option<MappingMeta>, Option<PortResult<PlanInfo>>),
    ) -> Result<MappingMeta, EngineError> {
        if let Some(meta) = meta {
            self.preload_rich_with_new(units).await;
            return Ok(meta);
        }
        let plan = async {
            match plan {
                Some(plan) => plan,
                None => self.planner.plan(&mapping.planner_plan_id).await,
            }
        };
        let ids = checklist::without_rich(units, checklist::linked_or_new);
        if ids.is_empty() {
            let (plan, team) = tokio::join!(plan, self.linear.team(&mapping.linear_team_id));
            return self.meta_from(store, mapping, plan?, team?);
        }
        let (plan, (rich, team)) = tokio::join!(
            plan,
            self.linear.rich_and_team(&ids, &mapping.linear_team_id)
        );
        // A failed rich read leaves the pairs to read theirs one by one, as `preload_rich`.
        if let Ok(rich) = rich {
            checklist::give_rich(units, rich);
        }
        self.meta_from(store, mapping, plan?, team?)
    }

    async fn early_lane(
        &mut self,
        store: &Store,
        selected: &[Mapping],
        plan: &PollPlan,
        queued: &BTreeMap<String, QueuedIssues>,
        runs: &mut BTreeMap<MappingId, MappingRun>,
        mut pages: UnboundedReceiver<IssuePage>,
    ) {
        while let Some(first) = pages.recv().await {
            // Every page that arrived while the previous ones were applied, together.
            let (mut read, mut more) = (first.issues, first.more);
            while let Ok(page) = pages.try_recv() {
                read.extend(page.issues);
                more = page.more;
            }
            if !more {
                break;
            }
            for mapping in selected {
                let Some(run) = runs.get_mut(&mapping.id) else {
                    continue;
                };
                let from_queue = queued.get(&mapping.linear_project_id);
                let cursor = plan.cursor(mapping.id);
                if let Err(err) = self
                    .apply_early(store, mapping, run, (&read, cursor), from_queue)
                    .await
                {
                    run.failed = Some(err);
                }
            }
        }
    }

    /// Apply the pairs of `read` that can go now (see [`Gate`]) for one mapping.
    async fn apply_early(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        run: &mut MappingRun,
        (read, cursor): (&[RemoteIssue], Option<&crate::engine::ports::LinearCursor>),
        from_queue: Option<&QueuedIssues>,
    ) -> Result<(), EngineError> {
        let Ok(planner) = &run.planner else {
            return Ok(());
        };
        if run.failed.is_some() || run.report.stopped.is_some() || !self.has_budget() {
            return Ok(());
        }
        let (echo_etags, echo_instants) = echoes::of_mapping(store.conn(), mapping.id)?;
        let live = links::live(store.conn(), mapping.id)?;
        let mut planner_side: BTreeSet<TaskId> = unmerged_tasks(&planner.changes, &echo_etags)
            .into_iter()
            .collect();
        planner_side.extend(planner.changes.removed.iter().cloned());
        let queued: BTreeSet<IssueId> = from_queue
            .map(|q| q.issues.iter().map(|i| i.id.clone()).collect())
            .unwrap_or_default();
        let by_issue: BTreeMap<IssueId, Link> = live
            .iter()
            .map(|l| (l.issue_id.clone(), l.clone()))
            .collect();
        let gate = Gate {
            project: &mapping.linear_project_id,
            cursor,
            links: &by_issue,
            planner_side: &planner_side,
            queued: &queued,
            echoes: &echo_instants,
        };
        let issues = gate.early(read);
        if issues.is_empty() {
            return Ok(());
        }
        let keys: Vec<(IssueId, String)> = issues
            .iter()
            .map(|i| (i.id.clone(), i.updated_at.clone()))
            .collect();
        let plan = run
            .meta
            .is_none()
            .then_some(mapping.planner_plan_id.as_str());
        let (mut units, plan) = self
            .collect_units(store, &live, (&[], &planner.changes), (issues, true), plan)
            .await?;
        let meta = self
            .rich_and_meta(store, mapping, &mut units, (run.meta.take(), plan))
            .await?;
        let meta = run.meta.insert(meta);
        self.planner_changed_at = planner.changed_at;
        run.early.extend(keys);
        let progress: &dyn crate::engine::bootstrap::Progress =
            self.progress.unwrap_or(&NoProgress);
        progress.start(mapping, units.iter().map(weight).sum());
        let before = self.ops();
        let result = self
            .reconcile_units(store, mapping, meta, units, &mut run.report, progress)
            .await;
        run.report.written_during_poll += self.ops().saturating_sub(before);
        progress.finish();
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ports::LinearCursor;

    fn task(id: &str, etag: &str) -> RemoteTask {
        RemoteTask {
            id: TaskId(id.into()),
            plan_id: "p".into(),
            etag: etag.into(),
            title: "a task".into(),
            bucket_id: "b".into(),
            percent: 0,
            priority: 5,
            due: None,
            assignments: Vec::new(),
            categories: BTreeSet::new(),
            created_by_app: None,
            created_at: None,
            details: Default::default(),
        }
    }

    fn changes(changed: &[(&str, Option<&str>)]) -> PlannerChanges {
        PlannerChanges {
            changed: changed.iter().map(|(id, _)| TaskId((*id).into())).collect(),
            etags: changed
                .iter()
                .filter_map(|(id, etag)| etag.map(|e| (TaskId((*id).into()), e.to_string())))
                .collect(),
            removed: Vec::new(),
            cursor: String::new(),
        }
    }

    #[test]
    fn a_task_copy_is_current_unless_the_changes_report_it_at_another_etag() {
        let cases = [
            // (reported by the changes, the copy's etag, current?)
            (vec![], "e1", true),
            (vec![("t", Some("e1"))], "e1", true),
            (vec![("t", Some("e2"))], "e1", false),
            (vec![("t", None)], "e1", false),
            (vec![("other", Some("e9"))], "e1", true),
        ];
        for (reported, etag, current) in cases {
            let got = still_current(&task("t", etag), &changes(&reported));
            assert_eq!(got, current, "{reported:?} / {etag}");
        }
    }

    const T1: &str = "2026-12-01T10:00:00.000Z";
    const T2: &str = "2026-12-01T10:00:05.000Z";

    fn issue(id: &str, at: &str) -> RemoteIssue {
        RemoteIssue::bare(id, "proj", at)
    }

    fn link(n: i64, issue: &str) -> (IssueId, Link) {
        let link = Link {
            id: n,
            mapping_id: MappingId(1),
            task_id: TaskId(format!("task-{issue}")),
            issue_id: IssueId(issue.into()),
            issue_identifier: None,
            created_at: String::new(),
            ended_at: None,
            ended_reason: None,
        };
        (IssueId(issue.into()), link)
    }

    #[test]
    fn only_linked_pairs_that_need_nothing_but_their_page_go_early() {
        let links: BTreeMap<IssueId, Link> = ["plain", "twice", "both", "queued", "echo", "old"]
            .iter()
            .enumerate()
            .map(|(n, id)| link(n as i64, id))
            .collect();
        let planner_side = BTreeSet::from([TaskId("task-both".into())]);
        let queued = BTreeSet::from([IssueId("queued".into())]);
        let echoes = BTreeMap::from([(IssueId("echo".into()), T2.to_string())]);
        let cursor = LinearCursor {
            updated_at: T1.into(),
            tie_ids: vec!["old".into()],
        };
        let gate = Gate {
            project: "proj",
            cursor: Some(&cursor),
            links: &links,
            planner_side: &planner_side,
            queued: &queued,
            echoes: &echoes,
        };
        let mut sub = issue("sub", T2);
        sub.parent_id = Some(IssueId("plain".into()));
        let mut elsewhere = issue("plain", T2);
        elsewhere.project_id = Some("other".into());
        let read = vec![
            issue("plain", T2),
            issue("twice", T1),
            issue("twice", T2),
            issue("both", T2), // its task changed in Planner too: merged at the end
            issue("queued", T2), // a webhook queued it: merged with the queue's version
            issue("echo", T2), // our own write
            issue("old", T1),  // seen by the cursor already
            issue("unlinked", T2), // a create
            sub,               // its parent's checklist
            elsewhere,         // another mapping's project
        ];
        let early = gate.early(&read);
        let got: Vec<(&str, &str)> = early
            .iter()
            .map(|i| (i.id.0.as_str(), i.updated_at.as_str()))
            .collect();
        assert_eq!(got, [("plain", T2), ("twice", T2)]);
    }
}
