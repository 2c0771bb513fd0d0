//! The rich fields' remote half for a linked pair: load them (sub-issues, cycle, comments,
//! attachments; item pairings), create a sub-issue for each checklist item added in Planner
//! (an intent first, with the id we chose, so a retry never duplicates it), send the Linear
//! side of a merge (sub-issue titles and states, link attachments), and record the pairing
//! changes with the shadow.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::EngineError;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::{Engine, Unit, entry};
use crate::engine::ports::{
    IssueRich, IssueWrite, LinearPort, NewSubIssue, PlannerPort, PortError, RemoteIssue,
    RemoteTask, SubIssue,
};
use crate::engine::report::MappingReport;
use crate::engine::rich::{ItemOp, RichState};
use crate::model::ids::{IssueId, TaskId};
use crate::model::merge::LinearPatch;
use crate::model::state::{StateType, WorkflowState};
use crate::model::ticket::LinearFace;
use crate::store::checklist::{self, ItemLink};
use crate::store::links::{self, Link};
use crate::store::mappings::Mapping;
use crate::store::{Store, intents};

/// The intent kind of a sub-issue created for a Planner checklist item.
pub const CREATE_SUB_ISSUE: &str = "create_sub_issue";

/// A sub-issue about to be created for a checklist item (its intent recorded).
pub(crate) struct PlannedSubIssue {
    key: String,
    title: String,
    pub(crate) new: NewSubIssue,
}

/// The units whose issue's rich fields a sync pass preloads: linked pairs, and top-level
/// issues without a task yet ([`Engine::preload_rich_with_new`]).
pub(crate) fn linked_or_new(unit: &Unit) -> bool {
    unit.link.is_some() || unit.issue.as_ref().is_some_and(|i| i.parent_id.is_none())
}

/// The issues of the `wanted` units whose rich fields are not loaded yet.
pub(crate) fn without_rich(units: &[Unit], wanted: impl Fn(&Unit) -> bool) -> Vec<IssueId> {
    units
        .iter()
        .filter(|u| wanted(u))
        .filter_map(|u| u.issue.as_ref())
        .filter(|i| i.rich.is_none())
        .map(|i| i.id.clone())
        .collect()
}

/// Hand the rich fields `found` to the units' issues.
pub(crate) fn give_rich(units: &mut [Unit], mut found: BTreeMap<IssueId, IssueRich>) {
    for issue in units.iter_mut().filter_map(|u| u.issue.as_mut()) {
        if let Some(rich) = found.remove(&issue.id) {
            issue.rich = Some(rich);
        }
    }
}

/// The team's first state of a kind (by position).
fn first_state(meta: &MappingMeta, kind: StateType) -> Option<&WorkflowState> {
    meta.states
        .states
        .iter()
        .filter(|s| s.kind == kind)
        .min_by(|a, b| a.position.total_cmp(&b.position))
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The rich fields of the issue (read now if the pass did not) and the link's pairings.
    pub(crate) async fn load_rich(
        &self,
        store: &Store,
        mapping: &Mapping,
        link: &Link,
        issue: &mut RemoteIssue,
    ) -> Result<RichState, EngineError> {
        if issue.rich.is_none() {
            let mut found = self
                .linear
                .issue_rich(std::slice::from_ref(&issue.id))
                .await?;
            issue.rich = Some(found.remove(&issue.id).unwrap_or_default());
        }
        Ok(RichState {
            items: checklist::for_link(store.conn(), link.id)?,
            ops: Vec::new(),
            max_items: self.config.graph.max_checklist_items as usize,
            max_references: self.config.graph.max_references as usize,
            cycle_template: self.config.sync.cycle_prefix.clone(),
            task_url: self
                .planner
                .task_url(&link.task_id, &mapping.planner_plan_id),
            mirrored: Default::default(),
        })
    }

    /// Read the rich fields of the units' linked issues in batches (one request per
    /// `RICH_PAGE` issues rather than one per pair). A failed read leaves them to be read
    /// pair by pair, where a failure is handled like any other.
    pub(crate) async fn preload_rich(&self, units: &mut [Unit]) {
        self.preload_rich_of(units, |u| u.link.is_some()).await;
    }

    /// [`Self::preload_rich`], also for the top-level issues without a task yet: a sync pass
    /// creates their tasks one by one, and each would read its issue's rich fields alone.
    pub(crate) async fn preload_rich_with_new(&self, units: &mut [Unit]) {
        self.preload_rich_of(units, linked_or_new).await;
    }

    /// [`Self::preload_rich`], reading the linked issues whole ([`LinearPort::issue_snapshots`]):
    /// for pairs whose issue we just wrote to outside `issueUpdate` (a new pair's
    /// back-reference), so their merge starts from the issue as it is now, and may take it
    /// for our echo. An issue the write answered whole already is not read again. A failed
    /// read falls back to the rich fields alone.
    pub(crate) async fn preload_snapshots(&self, units: &mut [Unit]) {
        let ids: Vec<IssueId> = units
            .iter()
            .filter(|u| u.link.is_some())
            .filter_map(|u| u.issue.as_ref())
            .filter(|i| !i.snapshot)
            .map(|i| i.id.clone())
            .collect();
        if ids.is_empty() {
            return;
        }
        if let Ok(found) = self.linear.issue_snapshots(&ids).await {
            let mut found: BTreeMap<IssueId, RemoteIssue> =
                found.into_iter().map(|i| (i.id.clone(), i)).collect();
            for issue in units.iter_mut().filter_map(|u| u.issue.as_mut()) {
                if let Some(whole) = found.remove(&issue.id) {
                    *issue = whole;
                }
            }
        }
        self.preload_rich(units).await;
    }

    async fn preload_rich_of(&self, units: &mut [Unit], wanted: impl Fn(&Unit) -> bool) {
        let ids = without_rich(units, wanted);
        if ids.is_empty() {
            return;
        }
        if let Ok(found) = self.linear.issue_rich(&ids).await {
            give_rich(units, found);
        }
    }

    /// A sub-issue for each checklist item added in Planner, paired at once (with the intent
    /// completed in the same transaction). A failure stops here: the caller dead-letters the
    /// pair and a retry reuses the open intent's id. Nothing is created when the checklist
    /// does not flow to Linear (`to_linear`), nor for the items `held` by the shadow (added
    /// while it did not).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn adopt_checklist_items(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        (link, task): (&Link, &RemoteTask),
        issue: &mut RemoteIssue,
        state: &mut RichState,
        flow: (bool, &BTreeSet<String>),
    ) -> Result<(), EngineError> {
        let planned =
            self.plan_sub_issues(store.conn(), mapping, meta, task, issue, state, flow)?;
        for plan in planned {
            self.count_op();
            let sub = self.linear.create_sub_issue(&plan.new).await?;
            let tx = store.transaction()?;
            self.sub_issue_created(&tx, mapping, (link, task), issue, state, plan, sub)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// The sub-issues to create for the task's unpaired checklist items (see
    /// [`Engine::adopt_checklist_items`]), each with its intent recorded (or the open one
    /// reused) on `conn` before anything is sent. Also used to create many pairs' at once
    /// (engine/batch_create.rs, with every intent in one transaction).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn plan_sub_issues(
        &self,
        conn: &rusqlite::Connection,
        mapping: &Mapping,
        meta: &MappingMeta,
        task: &RemoteTask,
        issue: &RemoteIssue,
        state: &RichState,
        (to_linear, held): (bool, &BTreeSet<String>),
    ) -> Result<Vec<PlannedSubIssue>, EngineError> {
        let empty = IssueRich::default();
        let rich = issue.rich.as_ref().unwrap_or(&empty);
        let unpaired: Vec<(String, String, bool)> = state
            .unpaired_items(task, rich)
            .into_iter()
            .filter(|(k, _)| !held.contains(*k))
            .map(|(k, i)| (k.clone(), i.title.clone(), i.checked))
            .collect();
        if !to_linear || unpaired.is_empty() || self.options.dry_run {
            return Ok(Vec::new());
        }
        let mut out = Vec::with_capacity(unpaired.len());
        for (key, title, checked) in unpaired {
            let source = format!("{}/{key}", task.id);
            let reuse =
                intents::open_from(conn, mapping.id, CREATE_SUB_ISSUE, &source)?.map(|i| i.id);
            let id = reuse
                .clone()
                .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
            if reuse.is_none() {
                let intent = intents::Intent {
                    id: id.clone(),
                    mapping_id: mapping.id,
                    kind: CREATE_SUB_ISSUE.into(),
                    source_id: source,
                    payload: serde_json::json!({"parent": issue.id, "title": title}).to_string(),
                    created_at: self.now(),
                };
                intents::record(conn, &intent)?;
            }
            let kind = if checked {
                StateType::Completed
            } else {
                StateType::Unstarted
            };
            let new = NewSubIssue {
                id: IssueId(id.clone()),
                parent_id: issue.id.clone(),
                team_id: meta.team.id.clone(),
                project_id: mapping.linear_project_id.clone(),
                title: title.clone(),
                state_id: first_state(meta, kind).map(|s| s.id.clone()),
            };
            out.push(PlannedSubIssue { key, title, new });
        }
        Ok(out)
    }

    /// Record a created sub-issue in the caller's transaction `tx`: its pairing and its intent
    /// completed, with the audit row; then the pair's state and the issue's children know it.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn sub_issue_created(
        &self,
        tx: &rusqlite::Connection,
        mapping: &Mapping,
        (link, task): (&Link, &RemoteTask),
        issue: &mut RemoteIssue,
        state: &mut RichState,
        plan: PlannedSubIssue,
        sub: SubIssue,
    ) -> Result<(), EngineError> {
        let PlannedSubIssue { key, title, new } = plan;
        let now = self.now();
        checklist::put(tx, link.id, &key, &sub.id.0)?;
        intents::complete(tx, &new.id.0, &sub.id.0, &now)?;
        let mut e = entry(
            mapping.id,
            CREATE_SUB_ISSUE,
            Some(&task.id),
            Some((&issue.id, issue.identifier.as_str())),
        );
        e.field = Some("checklist".into());
        e.new_value = Some(title);
        e.detail = Some("created the sub-issue for a Planner checklist item".into());
        self.audit(tx, e)?;
        state.items.retain(|i| i.item_key != key);
        state.items.push(ItemLink {
            item_key: key,
            sub_issue_id: sub.id.0.clone(),
            reopen_state_id: None,
            detached: false,
        });
        let rich = issue.rich.get_or_insert_with(IssueRich::default);
        if !rich.children.iter().any(|c| c.id == sub.id) {
            rich.children.insert(0, sub);
        }
        Ok(())
    }

    /// After a pair is linked (found or created), mirror its rich fields: its shadow was
    /// stored without them (`Shadow::without_rich`), so this is an ordinary merge of the pair
    /// as it is now. `issue` is the linked issue as just read or written (its rich fields are
    /// read here).
    pub(crate) async fn mirror_new_pair(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        task_id: &TaskId,
        issue: RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if self.options.dry_run {
            return Ok(());
        }
        // The task is read again: linking wrote its details (the back-reference).
        let task = self.planner.tasks(std::slice::from_ref(task_id)).await?;
        let Some(Ok(task)) = task.into_iter().next() else {
            return Ok(());
        };
        self.mirror_created_pair(store, mapping, meta, task, issue, report)
            .await
    }

    /// [`Self::mirror_new_pair`] with the task as the create answered it (its details written,
    /// its etag read after): nothing of ours changed it since, so it is not read again.
    pub(crate) async fn mirror_created_pair(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        task: RemoteTask,
        issue: RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if self.options.dry_run {
            return Ok(());
        }
        let Some(link) = links::live_by_task(store.conn(), &task.id)? else {
            return Ok(());
        };
        let mut meta = meta.clone();
        self.update_pair(store, mapping, &mut meta, &link, task, issue, report)
            .await
    }

    /// The Linear side of the rich fields: sub-issue titles and states, then link
    /// attachments. Pairing changes go to `state.ops`.
    pub(crate) async fn apply_rich_linear(
        &mut self,
        meta: &MappingMeta,
        issue: &RemoteIssue,
        patch: &LinearPatch,
        state: &mut RichState,
    ) -> Result<(), PortError> {
        let rich = issue.rich.clone().unwrap_or_default();
        for (sub, change) in &patch.sub_issues {
            let child = rich.children.iter().find(|c| &c.id.0 == sub);
            let mut write = IssueWrite {
                title: change.title.clone(),
                ..IssueWrite::default()
            };
            if change.detach {
                if child.is_some_and(|c| !c.done) {
                    write.state_id = first_state(meta, StateType::Canceled).map(|s| s.id.clone());
                }
                state.ops.push(ItemOp::Detach { sub: sub.clone() });
            }
            match change.done {
                Some(true) => {
                    write.state_id = first_state(meta, StateType::Completed).map(|s| s.id.clone());
                    state.ops.push(ItemOp::Reopen {
                        sub: sub.clone(),
                        state: child.map(|c| c.state_id.clone()),
                    });
                }
                Some(false) => {
                    let before = state
                        .items
                        .iter()
                        .find(|i| &i.sub_issue_id == sub)
                        .and_then(|i| i.reopen_state_id.clone())
                        .filter(|id| {
                            meta.states.state(id).is_some_and(|s| {
                                !matches!(s.kind, StateType::Completed | StateType::Canceled)
                            })
                        });
                    write.state_id = before
                        .or_else(|| first_state(meta, StateType::Unstarted).map(|s| s.id.clone()));
                    state.ops.push(ItemOp::Reopen {
                        sub: sub.clone(),
                        state: None,
                    });
                }
                None => {}
            }
            if write.is_empty() {
                continue;
            }
            self.count_op();
            match self
                .linear
                .update_issue(&IssueId(sub.clone()), &write)
                .await
            {
                // Deleted meanwhile: the next read removes its item.
                Ok(_) | Err(PortError::NotFound(_)) => {}
                Err(err) => return Err(err),
            }
        }
        for (url, title) in &patch.add_links {
            self.count_op();
            self.linear.add_attachment(&issue.id, url, title).await?;
        }
        for url in &patch.remove_links {
            for attachment in rich.attachments.iter().filter(|a| &a.url == url) {
                self.count_op();
                self.linear.remove_attachment(&attachment.id).await?;
            }
        }
        Ok(())
    }

    /// Record the pairing changes and, when the sub-issues beyond `max_checklist_items`
    /// changed, list them in the audit with one warning. Inside the pair's transaction.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn record_rich(
        &self,
        tx: &rusqlite::Transaction<'_>,
        mapping: &Mapping,
        link: &Link,
        state: &RichState,
        before: &LinearFace,
        after: &LinearFace,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let now = self.now();
        for op in &state.ops {
            match op {
                ItemOp::Put { key, sub } => checklist::put(tx, link.id, key, sub)?,
                ItemOp::Reopen { sub, state } => {
                    checklist::set_reopen_state(tx, link.id, sub, state.as_deref())?
                }
                ItemOp::Detach { sub } => checklist::detach(tx, link.id, sub, &now)?,
                ItemOp::Remove { sub } => checklist::remove(tx, link.id, sub)?,
            }
        }
        if after.checklist_overflow != before.checklist_overflow
            && !after.checklist_overflow.is_empty()
        {
            let ident = link.issue_identifier.as_deref().unwrap_or(&link.issue_id.0);
            for (id, title) in &after.checklist_overflow {
                let mut e = entry(
                    mapping.id,
                    "skip",
                    Some(&link.task_id),
                    Some((&link.issue_id, ident)),
                );
                e.field = Some("checklist".into());
                e.new_value = Some(title.clone());
                e.detail = Some(format!(
                    "sub-issue {id} not mirrored: beyond graph.max_checklist_items ({})",
                    state.max_items
                ));
                self.audit(tx, e)?;
            }
            report.warnings.push(format!(
                "{ident}: {} sub-issues beyond graph.max_checklist_items ({}) are not mirrored to the checklist (listed in the audit)",
                after.checklist_overflow.len(),
                state.max_items
            ));
        }
        Ok(())
    }
}
