//! One bounded pass: for each enabled mapping, read both sides' changes, pair them with links,
//! merge and apply, then advance the cursors — only when everything read was handled, so a
//! pass cut short by `--max-ops`, `--time-budget` or a crash re-reads instead of skipping.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use crate::clock::{Clock, format_ts};
use crate::config::Config;
use crate::engine::EngineError;
use crate::engine::bootstrap::NoProgress;
use crate::engine::early::MappingRun;
use crate::engine::faces::MappingMeta;
use crate::engine::ports::{
    LinearPort, PlanInfo, PlannerChanges, PlannerPort, PortError, PortResult, RemoteIssue,
    RemoteTask,
};
use crate::engine::report::{PassReport, StopKind};
use crate::engine::users::Users;
use crate::engine::webhooks::{QueuedIssues, dedupe};
use crate::model::ids::{IssueId, MappingId, TaskId};
use crate::model::state::{Pair, StateMap};
use crate::store::cursors::{self, Side};
use crate::store::links::{self, Link};
use crate::store::mappings::{self, Mapping, MappingState, PairDirection};
use crate::store::{Store, audit, echoes, issue_copies, queue, task_copies};

/// Limits and switches of one pass.
#[derive(Debug, Clone)]
pub struct PassOptions {
    pub mapping: Option<MappingId>,
    pub max_ops: u32,
    pub time_budget: Duration,
    pub dry_run: bool,
}

/// The engine for one run: the two ports, the config and the run's clock and budget.
pub struct Engine<'a, P, L> {
    pub planner: &'a P,
    pub linear: &'a L,
    pub config: &'a Config,
    pub clock: Clock,
    pub options: PassOptions,
    pub run_id: String,
    started: Instant,
    ops: u32,
    /// When the Planner changes of the current mapping are taken to have happened: Planner
    /// has no modification time, so the midpoint between the previous read and this one.
    pub(crate) planner_changed_at: time::OffsetDateTime,
    /// The dead letter being replayed (`dlq retry`): a failure updates it instead of adding one.
    pub(crate) retrying: Option<i64>,
    /// When set, `create_issue` and `add_issue_reference` queue their writes here instead of
    /// sending them, and the unit loop sends them in batches (engine/batch_create.rs).
    pub(crate) batch: Option<crate::engine::batch_create::Batch>,
    /// When set, the back-reference of a task created for a Linear issue is queued here
    /// (shared with the unit's forks) and the unit loop writes them all in one aliased
    /// request per 50 (engine/concurrent.rs).
    pub(crate) attach_later: Option<crate::engine::concurrent::AttachLater>,
    /// The pass's user lookups, one per person however many units ask (engine/users.rs).
    users_in_flight: crate::engine::users::InFlight,
    /// Where a pass reports the units it works through (a bar on a terminal), if anywhere.
    pub(crate) progress: Option<&'a dyn crate::engine::bootstrap::Progress>,
}

/// One thing to reconcile: a task, an issue, or both, with their link if they have one.
pub(crate) struct Unit {
    pub link: Option<Link>,
    pub task: Option<RemoteTask>,
    pub issue: Option<RemoteIssue>,
}

impl<'a, P: PlannerPort, L: LinearPort> Engine<'a, P, L> {
    pub fn new(
        planner: &'a P,
        linear: &'a L,
        config: &'a Config,
        clock: Clock,
        options: PassOptions,
    ) -> Self {
        Engine {
            planner,
            linear,
            config,
            clock,
            options,
            run_id: uuid::Uuid::new_v4().to_string(),
            started: Instant::now(),
            ops: 0,
            planner_changed_at: clock.now(),
            retrying: None,
            batch: None,
            attach_later: None,
            users_in_flight: Default::default(),
            progress: None,
        }
    }

    /// Report each pass's progress (units reconciled per mapping) to `progress`.
    pub fn with_progress(mut self, progress: &'a dyn crate::engine::bootstrap::Progress) -> Self {
        self.progress = Some(progress);
        self
    }

    pub fn now(&self) -> String {
        format_ts(self.clock.now())
    }

    /// Whether another write fits in this pass.
    pub(crate) fn has_budget(&self) -> bool {
        self.ops < self.options.max_ops && self.started.elapsed() < self.options.time_budget
    }

    pub(crate) fn count_op(&mut self) {
        self.ops += 1;
    }

    /// Writes counted so far in this pass.
    pub(crate) fn ops(&self) -> u32 {
        self.ops
    }

    /// An engine for one unit applied concurrently with others (engine/concurrent.rs): same
    /// ports, config, run id and deadline, its own op count capped at `max_ops`; the caller
    /// adds the fork's [`Engine::ops`] back with [`Engine::add_ops`] when the unit is done.
    pub(crate) fn fork(&self, max_ops: u32) -> Self {
        Engine {
            planner: self.planner,
            linear: self.linear,
            config: self.config,
            clock: self.clock,
            options: PassOptions {
                max_ops,
                ..self.options.clone()
            },
            run_id: self.run_id.clone(),
            started: self.started,
            ops: 0,
            planner_changed_at: self.planner_changed_at,
            retrying: self.retrying,
            batch: None,
            attach_later: self.attach_later.clone(),
            users_in_flight: self.users_in_flight.clone(),
            progress: None,
        }
    }

    pub(crate) fn add_ops(&mut self, n: u32) {
        self.ops = self.ops.saturating_add(n);
    }

    /// Time left before the pass must stop taking new work.
    pub fn budget_left(&self) -> Duration {
        self.options
            .time_budget
            .saturating_sub(self.started.elapsed())
    }

    pub(crate) fn users(&self) -> Users<'a, P, L> {
        Users {
            planner: self.planner,
            linear: self.linear,
            cache_hours: self.config.sync.user_cache_hours,
            now: self.clock.now(),
            warnings: Vec::new(),
            in_flight: self.users_in_flight.clone(),
        }
    }

    /// Run one pass over every enabled mapping (or the one selected).
    pub async fn run_pass(&mut self, store: &mut Store) -> Result<PassReport, EngineError> {
        // Lookups are shared within a pass only: the next one asks the cache (and then the
        // APIs) afresh.
        self.users_in_flight = Default::default();
        let mut report = PassReport {
            run_id: self.run_id.clone(),
            dry_run: self.options.dry_run,
            ..PassReport::default()
        };
        let all = mappings::list(store.conn())?;
        let selected: Vec<Mapping> = match self.options.mapping {
            Some(id) => vec![mappings::get(store.conn(), id)?],
            None => all
                .iter()
                .filter(|m| m.state == MappingState::Ok)
                .cloned()
                .collect(),
        };
        let mut queued = self.read_queue(store, &all, &selected).await?;
        let plan = self.plan_poll(store, &selected)?;
        let (mut linear, mut runs) = self.read_changes(store, &selected, plan, &queued).await?;
        report.linear_poll_skipped = linear.skipped.take();
        for mapping in selected {
            let from_queue = queued
                .remove(&mapping.linear_project_id)
                .unwrap_or_default();
            let read = linear.take(mapping.id);
            let Some(mut run) = runs.remove(&mapping.id) else {
                continue;
            };
            // The mapping's report is filled as the pass goes (early writes included), so a
            // mapping that fails part-way still reports what it did before (the audit has it
            // too).
            let result = self
                .sync_mapping(store, &mapping, from_queue, read, &mut run)
                .await;
            let mut m = run.report;
            match result {
                Ok(()) => {
                    self.surface_errors(store, &mapping, &mut m).await?;
                    self.clear_mapping_alerts(store, &mapping)?;
                    match self.check_capacity(store, &mapping, None).await {
                        Ok(alert) => report.alerts.extend(alert),
                        Err(EngineError::Port(err)) => {
                            m.warnings.push(format!("the capacity check failed: {err}"));
                        }
                        Err(err) => return Err(err),
                    }
                    if !self.options.dry_run {
                        mappings::record_run(store.conn(), mapping.id, m.succeeded(), &self.now())?;
                    }
                    report.mappings.push(m);
                }
                Err(EngineError::Port(err)) => {
                    let alert = self.handle_mapping_failure(store, &mapping, &err)?;
                    report.alerts.extend(alert);
                    if matches!(err, PortError::Auth(_)) {
                        return Err(EngineError::Port(err));
                    }
                    // The error is why the mapping stopped, whatever stopped it before.
                    m.complete = false;
                    (m.stopped, m.stop_kind) = (None, None);
                    m.stop(StopKind::Failure, err.to_string());
                    report.mappings.push(m);
                }
                Err(other) => return Err(other),
            }
        }
        Ok(report)
    }

    /// The mapping's metadata: plan (categories, buckets), team (states, labels), state map.
    pub(crate) async fn load_meta(
        &self,
        store: &Store,
        mapping: &Mapping,
    ) -> Result<MappingMeta, EngineError> {
        let (plan, team) = tokio::join!(
            self.planner.plan(&mapping.planner_plan_id),
            self.linear.team(&mapping.linear_team_id)
        );
        self.meta_from(store, mapping, plan?, team?)
    }

    /// The mapping's metadata from its plan and team as read.
    pub(crate) fn meta_from(
        &self,
        store: &Store,
        mapping: &Mapping,
        plan: PlanInfo,
        team: crate::engine::ports::TeamInfo,
    ) -> Result<MappingMeta, EngineError> {
        let pairs = mappings::pairs(store.conn(), mapping.id)?
            .into_iter()
            .map(|p| Pair {
                bucket_id: p.bucket_id,
                state_id: p.state_id,
                to_linear: p.direction != PairDirection::ToPlanner,
                to_planner: p.direction != PairDirection::ToLinear,
            })
            .collect();
        let states = StateMap {
            states: team.states.clone(),
            pairs,
        };
        Ok(MappingMeta::new(plan, team, states, self.config))
    }

    async fn sync_mapping(
        &mut self,
        store: &mut Store,
        mapping: &Mapping,
        queued: QueuedIssues,
        linear_read: crate::engine::linear_poll::LinearRead,
        run: &mut MappingRun,
    ) -> Result<(), EngineError> {
        if let Some(err) = run.failed.take() {
            return Err(err);
        }
        let planner = run.planner.as_ref().map_err(|err| err.clone())?;
        let (planner_changes, report) = (&planner.changes, &mut run.report);
        self.planner_changed_at = planner.changed_at;
        let live = links::live(store.conn(), mapping.id)?;
        // Read once for every mapping by `read_linear`, which applied some pairs already.
        let (issues, next_linear) = linear_read?;
        let issues: Vec<RemoteIssue> = issues
            .into_iter()
            .filter(|i| !run.early.contains(&(i.id.clone(), i.updated_at.clone())))
            .collect();
        let (echo_etags, echo_instants) = echoes::of_mapping(store.conn(), mapping.id)?;
        // Only polled issues can be echoes: a queued one may have changed without its
        // `updatedAt` moving (a renamed cycle), so it is always read.
        let issues = dedupe(unmerged_issues(issues, &echo_instants), queued.issues);

        let removed: BTreeSet<TaskId> = planner_changes.removed.iter().cloned().collect();
        let changed = unmerged_tasks(planner_changes, &echo_etags);
        // A full poll this pass: a Linear change not in it is newer than the poll, and the
        // next poll reads it (while webhooks flow instead, a lost one waits for the next full
        // poll, so every pair read keeps its merge).
        let polled = next_linear.is_some();
        let plan = run
            .meta
            .is_none()
            .then_some(mapping.planner_plan_id.as_str());
        let (mut units, plan) = self
            .collect_units(
                store,
                &live,
                (&changed, planner_changes),
                (issues, polled),
                plan,
            )
            .await?;
        let removed_links: Vec<Link> = removed
            .iter()
            .filter_map(|t| live.iter().find(|l| &l.task_id == t).cloned())
            .collect();

        if !units.is_empty() || !removed_links.is_empty() {
            let mut meta = self
                .rich_and_meta(store, mapping, &mut units, (run.meta.take(), plan))
                .await?;
            for link in removed_links {
                if !self.has_budget() {
                    report.stop(StopKind::Budget, crate::engine::concurrent::BUDGET_REACHED);
                    break;
                }
                self.task_deleted(store, mapping, &meta, &link, report)
                    .await?;
            }
            // Unlinked tasks first: a task we created before a crash is adopted, not duplicated.
            units.sort_by_key(crate::engine::concurrent::unit_order);
            let progress: &dyn crate::engine::bootstrap::Progress =
                self.progress.unwrap_or(&NoProgress);
            progress.start(
                mapping,
                units.iter().map(crate::engine::concurrent::weight).sum(),
            );
            self.reconcile_units(store, mapping, &mut meta, units, report, progress)
                .await?;
            progress.finish();
        }
        report.complete = report.stopped.is_none();
        if report.complete && !self.options.dry_run {
            let now = self.now();
            let tx = store.transaction()?;
            cursors::put(
                &tx,
                mapping.id,
                Side::Planner,
                &planner_changes.cursor,
                &[],
                &now,
            )?;
            if let Some(next_linear) = &next_linear {
                cursors::put(
                    &tx,
                    mapping.id,
                    Side::Linear,
                    &next_linear.updated_at,
                    &next_linear.tie_ids,
                    &now,
                )?;
            }
            for event in &queued.events {
                queue::mark_processed(&tx, *event, &now)?;
            }
            tx.commit()?;
        }
        Ok(())
    }

    /// Pair changed tasks and issues with their links and fetch the missing halves. With
    /// `plan`, the plan is read in the tasks' requests when tasks are read, and handed back.
    pub(crate) async fn collect_units(
        &self,
        store: &Store,
        live: &[Link],
        (changed_tasks, changes): (&[TaskId], &PlannerChanges),
        (issues, polled): (Vec<RemoteIssue>, bool),
        plan: Option<&str>,
    ) -> Result<(Vec<Unit>, Option<PortResult<PlanInfo>>), EngineError> {
        let removed: BTreeSet<TaskId> = changes.removed.iter().cloned().collect();
        let removed = &removed;
        let mut units: Vec<Unit> = Vec::new();
        let mut want_tasks: BTreeSet<TaskId> = changed_tasks
            .iter()
            .filter(|t| !removed.contains(*t))
            .cloned()
            .collect();
        let mut want_issues: BTreeSet<IssueId> = BTreeSet::new();
        let mut issues_by_id: BTreeMap<IssueId, RemoteIssue> = BTreeMap::new();
        // Tasks wanted for a change on the Linear side (the issue or a sub-issue).
        let mut from_linear: BTreeSet<TaskId> = BTreeSet::new();
        for issue in issues {
            // A changed sub-issue is also a change of its parent's checklist.
            for owner in std::iter::once(&issue.id).chain(&issue.parent_id) {
                let Some(link) = live.iter().find(|l| &l.issue_id == owner) else {
                    continue;
                };
                // Reported changed: its copy may not be the issue any more, whatever becomes
                // of this change (store/issue_copies.rs).
                if !self.options.dry_run {
                    issue_copies::forget(store.conn(), link.id)?;
                }
                if !removed.contains(&link.task_id) {
                    want_tasks.insert(link.task_id.clone());
                    from_linear.insert(link.task_id.clone());
                }
            }
            issues_by_id.insert(issue.id.clone(), issue);
        }
        // Issues taken from their copies instead of read (only after a full poll).
        let mut copied: BTreeSet<IssueId> = BTreeSet::new();
        for task in &want_tasks {
            let Some(link) = live.iter().find(|l| &l.task_id == task) else {
                continue;
            };
            if issues_by_id.contains_key(&link.issue_id) {
                continue;
            }
            let copy = if polled && !self.options.dry_run && !from_linear.contains(task) {
                issue_copies::get::<RemoteIssue>(store.conn(), link.id)?
            } else {
                None
            };
            match copy {
                // Not reported by this pass's full poll, and still at the instant of the echo
                // that vouches for the copy: the issue.
                Some(copy) if copy.id == link.issue_id => {
                    copied.insert(copy.id.clone());
                    issues_by_id.insert(copy.id.clone(), copy);
                }
                _ => {
                    want_issues.insert(link.issue_id.clone());
                }
            }
        }
        let link_of: BTreeMap<&TaskId, &Link> = live.iter().map(|l| (&l.task_id, l)).collect();
        let mut tasks: BTreeMap<TaskId, RemoteTask> = BTreeMap::new();
        for id in &want_tasks {
            if let Some(link) = link_of.get(id)
                && let Some(copy) = task_copies::get::<RemoteTask>(store.conn(), link.id)?
                && crate::engine::early::still_current(&copy, changes)
            {
                // Unchanged in Planner since the echo that vouches for the copy: the task.
                tasks.insert(id.clone(), copy);
            }
        }
        let ids: Vec<TaskId> = want_tasks
            .iter()
            .filter(|t| !tasks.contains_key(*t))
            .cloned()
            .collect();
        let mut plan_read = None;
        if !ids.is_empty() {
            let read = match plan {
                Some(plan) => {
                    let (read, plan) = self.planner.tasks_and_plan(&ids, plan).await;
                    plan_read = Some(plan);
                    read?
                }
                None => self.planner.tasks(&ids).await?,
            };
            for task in read {
                match task {
                    Ok(task) => {
                        let link = link_of.get(&task.id).copied();
                        if let Some(link) =
                            link.filter(|_| polled && !from_linear.contains(&task.id))
                            && self.as_merged(store, link, &task)?
                        {
                            want_issues.remove(&link.issue_id);
                            if copied.contains(&link.issue_id) {
                                issues_by_id.remove(&link.issue_id);
                            }
                            continue;
                        }
                        tasks.insert(task.id.clone(), task);
                    }
                    // Deleted between the change read and now: the next delta reports it.
                    Err(PortError::NotFound(_)) => {}
                    Err(err) => return Err(err.into()),
                }
            }
        }
        if !want_issues.is_empty() {
            let ids: Vec<IssueId> = want_issues.into_iter().collect();
            for issue in self.linear.issues(&ids).await? {
                issues_by_id.insert(issue.id.clone(), issue);
            }
        }
        for (id, task) in tasks {
            let link = links::live_by_task(store.conn(), &id)?;
            let issue = link.as_ref().and_then(|l| issues_by_id.remove(&l.issue_id));
            units.push(Unit {
                link,
                task: Some(task),
                issue,
            });
        }
        for (id, issue) in issues_by_id {
            let link = links::live_by_issue(store.conn(), &id)?;
            if link.as_ref().is_some_and(|l| removed.contains(&l.task_id)) {
                continue;
            }
            units.push(Unit {
                link,
                task: None,
                issue: Some(issue),
            });
        }
        Ok((units, plan_read))
    }

    /// Whether `task`, just read for a Planner-side change only (the issue is not in this
    /// pass's full poll), is exactly the task `link`'s shadow was merged from, etags aside
    /// (store/task_copies.rs): the change was our own write (a details write, whose echo
    /// could not be vouched for), so there is nothing to merge. Its etags are remembered, now
    /// vouched for by this read.
    fn as_merged(
        &self,
        store: &Store,
        link: &Link,
        task: &RemoteTask,
    ) -> Result<bool, EngineError> {
        let Some(mut copy) = task_copies::any::<RemoteTask>(store.conn(), link.id)? else {
            return Ok(false);
        };
        copy.etag.clone_from(&task.etag);
        copy.details.etag.clone_from(&task.details.etag);
        let unchanged = copy == *task;
        if unchanged && !self.options.dry_run {
            self.remember_etags(store, link, task, &task.details.etag, None)?;
        }
        Ok(unchanged)
    }

    /// Append an audit row for this run.
    pub(crate) fn audit(
        &self,
        conn: &rusqlite::Connection,
        entry: audit::AuditEntry,
    ) -> Result<(), EngineError> {
        let mut entry = entry;
        entry.detail = Some(match entry.detail {
            Some(d) => format!("{d} (run {})", &self.run_id[..8]),
            None => format!("run {}", &self.run_id[..8]),
        });
        audit::append(conn, &entry, &self.now())?;
        Ok(())
    }
}

/// The changed tasks the pass must read: all but those reported at exactly the etag recorded
/// as our echo (store/echoes.rs): the shadow holds that state of the task already, and a
/// details edit changes the task's etag too, so nothing on the Planner side is unmerged.
/// A task left out here is still read when its issue changed (`collect_units`).
pub(crate) fn unmerged_tasks(
    changes: &PlannerChanges,
    echoes: &BTreeMap<TaskId, String>,
) -> Vec<TaskId> {
    changes
        .changed
        .iter()
        .filter(|t| match (changes.etags.get(*t), echoes.get(*t)) {
            (Some(reported), Some(merged)) => reported != merged,
            _ => true,
        })
        .cloned()
        .collect()
}

/// The polled issues the pass must handle: all but those at exactly the `updatedAt` recorded
/// as the echo of our own checked `issueUpdate` (store/echoes.rs). One left out is still read
/// when its task changed (`collect_units`).
fn unmerged_issues(
    issues: Vec<RemoteIssue>,
    echoes: &BTreeMap<IssueId, String>,
) -> Vec<RemoteIssue> {
    issues
        .into_iter()
        .filter(|i| echoes.get(&i.id) != Some(&i.updated_at))
        .collect()
}

/// An audit entry with the common fields filled.
pub(crate) fn entry(
    mapping: MappingId,
    action: &str,
    task: Option<&TaskId>,
    issue: Option<(&IssueId, &str)>,
) -> audit::AuditEntry {
    audit::AuditEntry {
        id: 0,
        at: String::new(),
        mapping_id: Some(mapping),
        task_id: task.map(|t| t.0.clone()),
        issue_id: issue.map(|(i, _)| i.0.clone()),
        issue_identifier: issue.map(|(_, ident)| ident.to_string()),
        action: action.to_string(),
        field: None,
        old_value: None,
        new_value: None,
        detail: None,
    }
}
