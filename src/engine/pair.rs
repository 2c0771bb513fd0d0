//! Reconciling one unit: a linked pair is merged against its shadow and the patches applied
//! (a 412 from Planner re-reads, re-merges and retries); unlinked items go to `create.rs`;
//! deletions end links without deleting anything on the other side.

use std::collections::BTreeSet;

use crate::engine::EngineError;
use crate::engine::faces::{MappingMeta, issue_write, linear_face, planner_face, task_writes};
use crate::engine::pass::{Engine, Unit, entry};
use crate::engine::ports::{
    IssueWrite, LinearPort, PlannerPort, PortError, RemoteIssue, RemoteTask, TaskWrite,
};
use crate::engine::report::{MappingReport, OpSummary};
use crate::engine::rich::{self, RichState};
use crate::model::direction::{SyncField, base_after_linear_write, merge_directed};
use crate::model::doubt;
use crate::model::merge::{LinearPatch, MergeContext, PlannerPatch, Side};
use crate::model::state::StateType;
use crate::model::ticket::{LinearFace, PlannerFace, Shadow};
use crate::store::links::{self, Link};
use crate::store::mappings::Mapping;
use crate::store::{Store, doubts, echoes, issue_copies, task_copies};

/// No mention lookups: for conversions that only go plain text → markdown (creating an issue).
pub(crate) fn no_mentions(_: &str) -> Option<String> {
    None
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    pub(crate) async fn reconcile(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        unit: Unit,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if self.filtered_out(store, mapping, meta, &unit, report)? {
            return Ok(());
        }
        match (unit.link, unit.task, unit.issue) {
            (Some(link), Some(task), Some(issue)) if issue.archived => {
                self.issue_archived(store, mapping, &link, task, &issue, report)
                    .await
            }
            (Some(link), Some(task), Some(issue)) => {
                self.update_pair(store, mapping, meta, &link, task, issue, report)
                    .await
            }
            (None, Some(task), None) => {
                self.task_without_issue(store, mapping, meta, task, report)
                    .await
            }
            (None, None, Some(issue)) => {
                self.issue_without_task(store, mapping, meta, issue, report)
                    .await
            }
            // One half could not be read (deleted mid-pass): the next change read settles it.
            _ => Ok(()),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn update_pair(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        link: &Link,
        mut task: RemoteTask,
        mut issue: RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let mut users = self.users();
        let stored = links::shadow::<Shadow>(store.conn(), link.id)?;
        // Tickets of earlier writes whose answers never came (model/doubt.rs).
        let tried: Vec<doubt::Doubt> = doubts::of_link(store.conn(), link.id)?;
        let ident = issue.identifier.clone();
        let item = format!("{ident} ↔ {}", task.id);
        // The details as read: a details write of ours during this unit makes the task's
        // final etag one we cannot vouch for (store/echoes.rs), unless the port's re-read
        // after the merge's own write vouched for it (`apply_patches`).
        let read_details_etag = task.details.etag.clone();
        let mut rich_state = self.load_rich(store, mapping, link, &mut issue).await?;
        let dirs = &mapping.control.fields;
        let checklist_to_linear = dirs.allows(SyncField::Checklist, Side::Linear);
        let held = stored
            .as_ref()
            .map(|s| s.ticket.planner.held_items.clone())
            .unwrap_or_default();
        match self
            .adopt_checklist_items(
                store,
                mapping,
                meta,
                (link, &task),
                &mut issue,
                &mut rich_state,
                (checklist_to_linear, &held),
            )
            .await
        {
            Ok(()) => {}
            Err(EngineError::Port(err)) if !matches!(err, PortError::OutOfBudget(_)) => {
                let payload = serde_json::json!({"task": task.id, "issue": issue.id, "op": "create_sub_issue"});
                return self.fail(
                    store,
                    mapping,
                    "create_sub_issue",
                    &item,
                    err,
                    &payload,
                    report,
                );
            }
            Err(err) => return Err(err),
        }
        match self
            .mirror_files(
                store,
                mapping,
                meta,
                link,
                &mut task,
                &issue,
                &mut rich_state,
                report,
            )
            .await
        {
            Ok(()) => {}
            Err(EngineError::Port(err)) if !matches!(err, PortError::OutOfBudget(_)) => {
                let payload =
                    serde_json::json!({"task": task.id, "issue": issue.id, "op": "mirror_file"});
                return self.fail(store, mapping, "mirror_file", &item, err, &payload, report);
            }
            Err(err) => return Err(err),
        }
        let rich = issue.rich.clone().unwrap_or_default();
        let mut lf = linear_face(&issue);
        rich::linear_rich(&mut lf, &issue, &rich, &rich_state);
        let mut issue_updated_at = issue.updated_at.clone();
        let people = self.mentions_for(meta, &[&lf.description]).await?;
        let mention = |key: &str| people.resolve(key);
        let mut attempts = 0;
        // After a 412 that came once Linear was written: the base that knows our write.
        let mut retry_base: Option<Shadow> = None;
        loop {
            attempts += 1;
            let ids: Vec<String> = task.assignments.iter().map(|a| a.user_id.clone()).collect();
            let emails = users.emails_of(store, &ids).await?;
            let mut pf = planner_face(&task, meta, self.config, &emails);
            // No shadow (an interrupted link): today's faces are the base, nothing is copied
            // but the rich fields, which are mirrored from scratch.
            let base = retry_base
                .clone()
                .or_else(|| stored.as_ref().map(|s| s.ticket.clone()))
                .unwrap_or_else(|| {
                    Shadow {
                        planner: pf.clone(),
                        linear: lf.clone(),
                    }
                    .without_rich()
                });
            rich::planner_rich(
                &mut pf,
                (&task, &issue),
                &rich,
                &rich_state,
                &base.planner,
                checklist_to_linear,
            );
            // A value we may have written unseen is ours, not a human's edit.
            let unsettled = base;
            let base = match retry_base {
                Some(_) => unsettled.clone(),
                None => doubt::settle(&unsettled, &pf, &lf, &tried),
            };
            let planner_newer = mapping.control.conflict.planner_wins(
                crate::clock::parse_ts(&issue.updated_at)
                    .is_ok_and(|t| t < self.planner_changed_at),
            );
            let cx = MergeContext {
                states: &meta.states,
                plan_labels: &meta.plan_labels,
                planner_newer,
                mention: &mention,
            };
            let mut result = merge_directed(&mapping.control.fields, &base, &pf, &lf, &cx);
            let mut over_limit =
                rich::limit_references(&mut result, &task, rich_state.max_references);
            let cut = crate::engine::limits::fit_planner_title(
                &mut result,
                &task.title,
                &self.config.sync.cycle_prefix,
            );
            if self.options.dry_run {
                push_ops(report, &item, &result.to_linear, &result.to_planner);
                return Ok(());
            }
            // After a retry the shadow is stored even with nothing left to write: Linear was.
            // So is it after settling a write in doubt: the shadow learns that it landed.
            if retry_base.is_none()
                && result.shadow == unsettled
                && result.to_linear.is_empty()
                && result.to_planner.is_empty()
            {
                // Nothing to write, but the task may be at a new etag (a field we do not sync
                // changed): remember it, or list mode reads the task again on every pass. The
                // shadow holds the task as read: keep it as the copy a Linear-side change of
                // a later pass is written from (store/task_copies.rs).
                // An issue read whole, found as the shadow holds it: its instant is our echo
                // too (a new pair's, whose back-reference moved it after we linked it).
                let snapshot = Some(&issue).filter(|i| i.snapshot);
                let echoed = issue_echo(snapshot, &rich_state, &unsettled).and(snapshot);
                let known = stored.as_ref().and_then(|s| s.task_etag.as_deref());
                let copied = task_copies::etag(store.conn(), link.id)?;
                if stored.is_some()
                    && (known != Some(task.etag.as_str())
                        || copied.as_deref() != Some(task.etag.as_str())
                        || echoed.is_some())
                {
                    self.remember_etags(store, link, &task, &read_details_etag, echoed)?;
                }
                return Ok(());
            }
            if !(result.to_linear.is_empty() && result.to_planner.is_empty()) {
                // Before the writes: an answer lost on the way (or a crash) leaves them in
                // doubt, and the next merge must not take them for a human's edits.
                let doubt = doubt::Doubt {
                    before: Shadow {
                        planner: pf.clone(),
                        linear: lf.clone(),
                    },
                    tried: result.shadow.clone(),
                };
                // One commit: the doubt is durable before the writes leave.
                let tx = store.transaction()?;
                doubts::record(&tx, link.id, &doubt, &self.now())?;
                tx.commit()?;
            }
            let outcome = self
                .apply_patches(
                    store,
                    meta,
                    &mut users,
                    &task,
                    &issue,
                    &result.to_linear,
                    &result.to_planner,
                    &mut rich_state,
                )
                .await;
            let (new_task, new_issue, mut skipped, written_details) = match outcome {
                Ok(done) => done,
                Err(PortError::Conflict(fresh)) if attempts < self.config.sync.retry_attempts => {
                    // Someone edited the task meanwhile: merge again with what they wrote.
                    task = *fresh;
                    lf = result.shadow.linear.clone();
                    retry_base = Some(base_after_linear_write(&base, &pf, &result));
                    continue;
                }
                Err(err) => {
                    let payload = serde_json::json!({"task": task.id, "issue": issue.id, "to_linear": result.to_linear, "to_planner": result.to_planner});
                    return self.fail(store, mapping, "update_pair", &item, err, &payload, report);
                }
            };
            if let Some(updated) = &new_issue {
                issue_updated_at = updated.updated_at.clone();
            }
            // The details our write left, when the task's etag was re-read as standing for it.
            let read_details_etag = written_details.unwrap_or_else(|| read_details_etag.clone());
            let task_after = new_task.as_ref().unwrap_or(&task);
            let mut ticket = result.shadow.clone();
            // An assignee the other side does not know leaves that side unassigned: the shadow
            // holds what it really has, or the next pass would take the gap for an edit.
            if let Some(written) = new_issue
                .as_ref()
                .filter(|_| result.to_linear.assignee.is_some())
            {
                ticket.linear.assignee = linear_face(written).assignee;
            }
            if result.to_planner.assignee.is_some() {
                let ids: Vec<String> = task_after
                    .assignments
                    .iter()
                    .map(|a| a.user_id.clone())
                    .collect();
                let emails = users.emails_of(store, &ids).await?;
                ticket.planner.assignee =
                    planner_face(task_after, meta, self.config, &emails).assignee;
            }
            let now = self.now();
            let tx = store.transaction()?;
            let shadow = links::Shadow {
                ticket: ticket.clone(),
                task_etag: Some(task_after.etag.clone()),
                details_etag: Some(task_after.details.etag.clone()),
                issue_updated_at: Some(issue_updated_at.clone()),
            };
            links::put_shadow(&tx, link.id, &shadow, &now)?;
            task_copies::put(&tx, link.id, &task_after.etag, task_after)?;
            let linear_state = new_issue.as_ref().or(Some(&issue).filter(|i| i.snapshot));
            let echo = echo(
                (task_after, &read_details_etag),
                linear_state,
                &rich_state,
                &ticket,
                retry_base.is_some(),
            );
            echoes::put(&tx, link.id, &echo, &now)?;
            if let (Some(at), Some(issue)) = (&echo.issue_updated_at, linear_state) {
                issue_copies::put(&tx, link.id, at, issue)?;
            }
            let (before, after) = (&base.linear, &result.shadow.linear);
            self.record_rich(&tx, mapping, link, &rich_state, before, after, report)?;
            skipped.append(&mut over_limit);
            let issue_ref = Some((&issue.id, ident.as_str()));
            for (field, old, new) in linear_changes(&result.to_linear, &lf) {
                let mut e = entry(mapping.id, "update_issue", Some(&task.id), issue_ref);
                (e.field, e.old_value, e.new_value) = (Some(field), old, new);
                self.audit(&tx, e)?;
            }
            for (field, old, new) in planner_changes(&result.to_planner, &pf) {
                let mut e = entry(mapping.id, "update_task", Some(&task.id), issue_ref);
                (e.field, e.old_value, e.new_value) = (Some(field), old, new);
                self.audit(&tx, e)?;
            }
            for c in &result.conflicts {
                let mut e = entry(mapping.id, "conflict", Some(&task.id), issue_ref);
                e.field = Some(c.field.as_str().to_string());
                (e.old_value, e.new_value) =
                    (Some(c.planner_value.clone()), Some(c.linear_value.clone()));
                e.detail = Some(format!(
                    "{:?} kept by policy {} (Planner change dated {}, midway between two reads; Linear edit at {})",
                    c.winner,
                    mapping.control.conflict.as_str(),
                    crate::clock::format_ts(self.planner_changed_at),
                    issue.updated_at
                ));
                self.audit(&tx, e)?;
            }
            for why in cut.iter().chain(&skipped) {
                let mut e = entry(mapping.id, "skip", Some(&task.id), issue_ref);
                e.detail = Some(why.clone());
                self.audit(&tx, e)?;
            }
            tx.commit()?;
            report.updated_issues += u32::from(new_issue.is_some());
            report.updated_tasks += u32::from(new_task.is_some());
            report.conflicts += result.conflicts.len() as u32;
            report.warnings.extend(skipped);
            report.warnings.append(&mut users.warnings);
            push_ops(report, &item, &result.to_linear, &result.to_planner);
            return Ok(());
        }
    }

    /// Send both patches. Returns the task and issue as written (`None`: nothing sent there),
    /// what had to be skipped (unmapped users, labels without a category), and, after a
    /// details write whose task etag the port re-read as standing for that write alone (it
    /// moved: graph/port.rs), the details etag it stands for.
    #[allow(clippy::too_many_arguments)]
    async fn apply_patches(
        &mut self,
        store: &Store,
        meta: &mut MappingMeta,
        users: &mut crate::engine::users::Users<'_, P, L>,
        task: &RemoteTask,
        issue: &RemoteIssue,
        to_linear: &LinearPatch,
        to_planner: &PlannerPatch,
        rich_state: &mut RichState,
    ) -> Result<Applied, PortError> {
        let store_err = |e: EngineError| match e {
            EngineError::Port(p) => p,
            other => PortError::Rejected {
                message: other.to_string(),
                request_id: None,
            },
        };
        let mut skipped = Vec::new();
        let mut new_issue = None;
        if !to_linear.is_empty() {
            let emails: Vec<String> = to_linear.assignee.iter().flatten().cloned().collect();
            let ids = users
                .linear_ids_of(store, &emails)
                .await
                .map_err(store_err)?;
            let (mut write, missing, mut skip) = issue_write(to_linear, meta, &ids);
            skipped.append(&mut skip);
            for name in missing {
                let id = self.linear.create_label(&meta.team.id, &name).await?;
                meta.team.labels.insert(name, id.clone());
                write.add_label_ids.push(id);
            }
            if !write.is_empty() {
                self.count_op();
                new_issue = Some(self.linear.update_issue(&issue.id, &write).await?);
            }
            self.apply_rich_linear(meta, issue, to_linear, rich_state)
                .await?;
        }
        let mut new_task: Option<RemoteTask> = None;
        let mut written_details = None;
        if !to_planner.is_empty() {
            let emails: Vec<String> = to_planner.assignee.iter().flatten().cloned().collect();
            let ids = users.aad_ids_of(store, &emails).await.map_err(store_err)?;
            let (write, mut details, mut skip) =
                task_writes(task, to_planner, meta, self.config, &ids);
            let rich = issue.rich.clone().unwrap_or_default();
            rich::rich_details(task, to_planner, &rich, rich_state, &mut details);
            skipped.append(&mut skip);
            if !write.is_empty() {
                self.count_op();
                new_task = Some(self.planner.update_task(task, &write).await?);
            }
            if !details.is_empty() {
                self.count_op();
                let current = new_task.as_ref().unwrap_or(task);
                let written = self.planner.update_details(current, &details).await?;
                if written.etag != current.etag {
                    written_details = Some(written.details.etag.clone());
                }
                new_task = Some(written);
            }
        }
        Ok((new_task, new_issue, skipped, written_details))
    }

    /// The task was deleted in Planner: cancel the issue (nothing is deleted) and end the link.
    pub(crate) async fn task_deleted(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        link: &Link,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let ident = link
            .issue_identifier
            .clone()
            .unwrap_or_else(|| link.issue_id.0.clone());
        let issue = self
            .linear
            .issues(std::slice::from_ref(&link.issue_id))
            .await?
            .into_iter()
            .next();
        let canceled = meta
            .states
            .states
            .iter()
            .filter(|s| s.kind == StateType::Canceled)
            .min_by(|a, b| a.position.total_cmp(&b.position));
        let open = issue.as_ref().is_some_and(|i| {
            meta.states
                .state(&i.state_id)
                .is_none_or(|s| !matches!(s.kind, StateType::Completed | StateType::Canceled))
        });
        if self.options.dry_run {
            report.ops.push(OpSummary {
                op: "unlink".into(),
                item: ident,
                fields: vec!["state".into()],
            });
            return Ok(());
        }
        if let (true, Some(state)) = (open, canceled) {
            self.count_op();
            let write = IssueWrite {
                state_id: Some(state.id.clone()),
                ..IssueWrite::default()
            };
            if let Err(err) = self.linear.update_issue(&link.issue_id, &write).await {
                let payload = serde_json::json!({"issue": link.issue_id, "state": state.id});
                return self.fail(
                    store,
                    mapping,
                    "cancel_issue",
                    &ident,
                    err,
                    &payload,
                    report,
                );
            }
        }
        let now = self.now();
        let tx = store.transaction()?;
        links::end(&tx, link.id, "task deleted in Planner", &now)?;
        let mut e = entry(
            mapping.id,
            "unlink",
            Some(&link.task_id),
            Some((&link.issue_id, &ident)),
        );
        e.detail = Some(if open {
            "task deleted in Planner; issue moved to the canceled state".into()
        } else {
            "task deleted in Planner".into()
        });
        self.audit(&tx, e)?;
        tx.commit()?;
        report.unlinked += 1;
        report.ops.push(OpSummary {
            op: "unlink".into(),
            item: ident,
            fields: vec!["state".into()],
        });
        Ok(())
    }

    /// The issue was archived or deleted in Linear: complete the task and end the link.
    async fn issue_archived(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        link: &Link,
        task: RemoteTask,
        issue: &RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if self.options.dry_run {
            report.ops.push(OpSummary {
                op: "unlink".into(),
                item: issue.identifier.clone(),
                fields: vec!["percent".into()],
            });
            return Ok(());
        }
        if task.percent != 100 {
            self.count_op();
            let write = TaskWrite {
                percent: Some(100),
                ..TaskWrite::default()
            };
            if let Err(err) = self.planner.update_task(&task, &write).await {
                let payload = serde_json::json!({"task": task.id, "percent": 100});
                return self.fail(
                    store,
                    mapping,
                    "complete_task",
                    &issue.identifier,
                    err,
                    &payload,
                    report,
                );
            }
        }
        let now = self.now();
        let tx = store.transaction()?;
        links::end(&tx, link.id, "issue archived or deleted in Linear", &now)?;
        let mut e = entry(
            mapping.id,
            "unlink",
            Some(&task.id),
            Some((&issue.id, &issue.identifier)),
        );
        e.detail = Some("issue archived or deleted in Linear; task set to 100%".into());
        self.audit(&tx, e)?;
        tx.commit()?;
        report.unlinked += 1;
        report.ops.push(OpSummary {
            op: "unlink".into(),
            item: issue.identifier.clone(),
            fields: vec!["percent".into()],
        });
        Ok(())
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The task as read matches the shadow: its etags are the shadow's now, and (tasks read
    /// strictly before details, no details write of ours in this unit) its etag is our echo.
    /// `echoed`: the issue, read whole, found as the shadow holds it: its instant is our echo
    /// too, and it becomes the link's issue copy.
    pub(crate) fn remember_etags(
        &self,
        store: &Store,
        link: &Link,
        task: &RemoteTask,
        read_details_etag: &str,
        echoed: Option<&RemoteIssue>,
    ) -> Result<(), EngineError> {
        let now = self.now();
        let tx = store.transaction()?;
        links::put_etags(&tx, link.id, &task.etag, &task.details.etag)?;
        if task.details.etag == read_details_etag {
            echoes::put_task(&tx, link.id, &task.etag, &now)?;
            task_copies::put(&tx, link.id, &task.etag, task)?;
        }
        if let Some(issue) = echoed {
            echoes::put_issue(&tx, link.id, &issue.updated_at, &now)?;
            issue_copies::put(&tx, link.id, &issue.updated_at, issue)?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Record `issue` (read whole) as the echo of its link's shadow when it shows exactly the
    /// Linear face the shadow holds (a write of ours that no merge saw moved it, nothing else).
    pub(crate) async fn remember_snapshot(
        &self,
        store: &Store,
        mapping: &Mapping,
        mut issue: RemoteIssue,
    ) -> Result<(), EngineError> {
        let Some(link) = links::live_by_issue(store.conn(), &issue.id)? else {
            return Ok(());
        };
        let Some(stored) = links::shadow::<Shadow>(store.conn(), link.id)? else {
            return Ok(());
        };
        let rich_state = self.load_rich(store, mapping, &link, &mut issue).await?;
        if let Some(at) = issue_echo(Some(&issue), &rich_state, &stored.ticket) {
            let tx = store.transaction()?;
            echoes::put_issue(&tx, link.id, &at, &self.now())?;
            issue_copies::put(&tx, link.id, &at, &issue)?;
            tx.commit()?;
        }
        Ok(())
    }
}

/// [`Engine::apply_patches`]' answer: task and issue as written, skips, and the details etag
/// the written task's etag stands for.
type Applied = (
    Option<RemoteTask>,
    Option<RemoteIssue>,
    Vec<String>,
    Option<String>,
);

/// What the shadow about to be stored is known to hold (store/echoes.rs), so the next
/// pass can take these states for our own echo. Never after a 412 retry (the fresh read may
/// be out of order).
/// * Planner: the task as read (tasks strictly before details, graph/port.rs) or as our
///   conditional task PATCH answered it (`If-Match`: nobody wrote in between), or as re-read
///   after our details write when that read vouched for it (task fields as written, details
///   still at our write's etag) — but not after any other details write of ours in this unit
///   (a file mirror's): a human details edit could already be in that etag.
/// * Linear: only after an `issueUpdate` of ours whose answer, rich fields included, shows
///   exactly the face the shadow records, or, with nothing written there, when the issue was
///   read whole ([`RemoteIssue::snapshot`]) and shows it. Linear has no `If-Match`, so an
///   answer holding anything else (a human edit between our read and our write) is read again.
fn echo(
    (task, read_details_etag): (&RemoteTask, &str),
    linear_state: Option<&RemoteIssue>,
    rich_state: &RichState,
    ticket: &Shadow,
    retried: bool,
) -> echoes::Echo {
    if retried {
        return echoes::Echo::default();
    }
    echoes::Echo {
        task_etag: (task.details.etag == read_details_etag).then(|| task.etag.clone()),
        issue_updated_at: issue_echo(linear_state, rich_state, ticket),
    }
}

/// The issue's `updatedAt`, when `issue` (whole: an answer or a snapshot) shows exactly the
/// Linear face `ticket` records.
fn issue_echo(
    issue: Option<&RemoteIssue>,
    rich_state: &RichState,
    ticket: &Shadow,
) -> Option<String> {
    let issue = issue?;
    let rich = issue.rich.as_ref()?;
    let mut seen = linear_face(issue);
    rich::linear_rich(&mut seen, issue, rich, rich_state);
    (seen == ticket.linear).then(|| issue.updated_at.clone())
}

fn push_ops(
    report: &mut MappingReport,
    item: &str,
    to_linear: &LinearPatch,
    to_planner: &PlannerPatch,
) {
    let lf: Vec<String> = linear_changes(to_linear, &LinearFace::default())
        .into_iter()
        .map(|c| c.0)
        .collect();
    if !lf.is_empty() {
        report.ops.push(OpSummary {
            op: "update_issue".into(),
            item: item.to_string(),
            fields: lf,
        });
    }
    let pf: Vec<String> = planner_changes(to_planner, &PlannerFace::default())
        .into_iter()
        .map(|c| c.0)
        .collect();
    if !pf.is_empty() {
        report.ops.push(OpSummary {
            op: "update_task".into(),
            item: item.to_string(),
            fields: pf,
        });
    }
}

type Change = (String, Option<String>, Option<String>);

fn show<T: std::fmt::Debug>(v: &T) -> Option<String> {
    Some(format!("{v:?}").trim_matches('"').to_string())
}

/// The labels row of the audit: `+added -removed`, or nothing when no label changes.
fn label_change(added: &BTreeSet<String>, removed: &BTreeSet<String>) -> Option<Change> {
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    let signed: Vec<String> = added
        .iter()
        .map(|l| format!("+{l}"))
        .chain(removed.iter().map(|l| format!("-{l}")))
        .collect();
    Some(("labels".into(), None, Some(signed.join(" "))))
}

/// (field, old, new) for each field a Linear patch sets.
fn linear_changes(p: &LinearPatch, before: &LinearFace) -> Vec<Change> {
    let mut out = Vec::new();
    if let Some(v) = &p.title {
        out.push(("title".into(), Some(before.title.clone()), Some(v.clone())));
    }
    if let Some(v) = &p.description {
        out.push((
            "description".into(),
            show(&before.description.len()).map(|n| format!("{n} chars")),
            Some(format!("{} chars", v.len())),
        ));
    }
    if let Some(v) = &p.state_id {
        out.push((
            "state".into(),
            Some(before.state_id.clone()),
            Some(v.clone()),
        ));
    }
    if let Some(v) = &p.assignee {
        out.push(("assignee".into(), before.assignee.clone(), v.clone()));
    }
    if let Some(v) = &p.due {
        out.push(("due".into(), before.due.clone(), v.clone()));
    }
    if let Some(v) = &p.priority {
        out.push(("priority".into(), show(&before.priority), show(v)));
    }
    out.extend(label_change(&p.add_labels, &p.remove_labels));
    out.extend(rich::linear_rich_changes(p));
    out
}

/// (field, old, new) for each field a Planner patch sets.
fn planner_changes(p: &PlannerPatch, before: &PlannerFace) -> Vec<Change> {
    let mut out = Vec::new();
    if let Some(v) = &p.title {
        out.push(("title".into(), Some(before.title.clone()), Some(v.clone())));
    }
    if let Some(v) = &p.description {
        out.push((
            "description".into(),
            Some(format!("{} chars", before.description.len())),
            Some(format!("{} chars", v.len())),
        ));
    }
    if let Some(v) = &p.bucket_id {
        out.push((
            "bucket".into(),
            Some(before.bucket_id.clone()),
            Some(v.clone()),
        ));
    }
    if let Some(v) = &p.percent {
        out.push(("percent".into(), show(&before.percent), show(v)));
    }
    if let Some(v) = &p.assignee {
        out.push(("assignee".into(), before.assignee.clone(), v.clone()));
    }
    if let Some(v) = &p.due {
        out.push(("due".into(), before.due.clone(), v.clone()));
    }
    if let Some(v) = &p.priority {
        out.push(("priority".into(), show(&before.priority), show(v)));
    }
    out.extend(label_change(&p.add_labels, &p.remove_labels));
    out.extend(rich::planner_rich_changes(p));
    out
}
