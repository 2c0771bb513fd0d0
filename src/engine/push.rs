//! `push`: one-way intake of a ticket into a mapping — a Linear issue and its Planner task,
//! linked, as if a person had created the issue and a pass had synced it.
//!
//! The issue is created first, with an id we choose; with an `external_id` that id is stored
//! (`store::pushes`) before the create, so a rerun asks Linear for the same issue (creates are
//! idempotent by id) and finds its link instead of creating anything. The task is then made by
//! the pass's own path for an unlinked issue (`issue_without_task`: intent row, create, link,
//! back-reference attachment), so a crash between the two is repaired by the next `push` of the
//! same ticket or by the next `sync`, which adopts the task by its intent. Last come what the
//! pass does not sync: the Planner checklist and references, and the Linear link attachments.
//! Sub-issues for checklist items are not created here (the checklist ↔ sub-issue sync owns
//! them).

use std::collections::BTreeMap;
use std::future::Future;

use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, NewIssue, PlannerPort, PortResult, RemoteTask};
use crate::engine::report::MappingReport;
use crate::model::ids::{IssueId, MappingId};
use crate::model::intake::IntakeTicket;
use crate::store::mappings::{self, Mapping, MappingState};
use crate::store::{Store, intents, links, pushes};

/// The Planner details write `push` needs: checklist items (key, title, checked) and
/// references (URL → alias), in one request.
pub trait IntakeDetails: Send + Sync {
    fn write_intake(
        &self,
        task: &RemoteTask,
        checklist: &[(String, String, bool)],
        references: &BTreeMap<String, String>,
    ) -> impl Future<Output = PortResult<()>> + Send;
}

/// What a push made (or found, on a rerun with the same `external_id`).
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushOutcome {
    pub mapping: MappingId,
    /// False when the ticket's `external_id` was pushed before: nothing was written.
    pub created: bool,
    pub external_id: Option<String>,
    pub issue_id: String,
    pub issue_identifier: String,
    pub issue_url: String,
    pub task_id: String,
    pub task_url: String,
    pub checklist_items: usize,
    pub links: usize,
    pub warnings: Vec<String>,
}

/// The checklist key of the `n`th item: stable, so writing a ticket again rewrites the same
/// items.
fn checklist_key(n: usize) -> String {
    format!("lps-push-{:02}", n + 1)
}

impl<P: PlannerPort + IntakeDetails, L: LinearPort> Engine<'_, P, L> {
    /// Push one ticket into a mapping. Errors of either side fail the push (the caller sees
    /// them at once); a rerun with the same `external_id` continues where it stopped.
    pub async fn push(
        &mut self,
        store: &mut Store,
        mapping_id: MappingId,
        ticket: &IntakeTicket,
    ) -> Result<PushOutcome, EngineError> {
        let mapping = mappings::get(store.conn(), mapping_id)?;
        if mapping.state != MappingState::Ok {
            return Err(EngineError::Setup(format!(
                "mapping {mapping_id} is {}; `map enable {mapping_id}` first",
                mapping.state.as_str()
            )));
        }
        let mut meta = self.load_meta(store, &mapping).await?;
        let known = match &ticket.external_id {
            Some(ext) => pushes::issue_for(store.conn(), mapping_id, ext)?,
            None => None,
        };
        if let Some(issue_id) = &known
            && let Some(link) = links::live_by_issue(store.conn(), &IssueId(issue_id.clone()))?
        {
            let issue = self
                .linear
                .issues(std::slice::from_ref(&link.issue_id))
                .await?;
            let url = issue.first().map(|i| i.url.clone()).unwrap_or_default();
            return Ok(PushOutcome {
                mapping: mapping_id,
                created: false,
                external_id: ticket.external_id.clone(),
                issue_id: link.issue_id.0.clone(),
                issue_identifier: link.issue_identifier.clone().unwrap_or_default(),
                issue_url: url,
                task_url: self
                    .planner
                    .task_url(&link.task_id, &mapping.planner_plan_id),
                task_id: link.task_id.0,
                checklist_items: 0,
                links: 0,
                warnings: Vec::new(),
            });
        }
        let issue_id = match known {
            Some(id) => id,
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                if let Some(ext) = &ticket.external_id {
                    pushes::record(store.conn(), mapping_id, ext, &id, &self.now())?;
                }
                id
            }
        };

        let mut report = MappingReport::new(mapping_id);
        let mut users = self.users();
        let assignee_id = match &ticket.assignee {
            Some(email) => {
                let ids = users.linear_ids_of(store, [email]).await?;
                let id = ids.get(email).cloned().flatten();
                if id.is_none() {
                    report.warnings.push(format!(
                        "no Linear user with the email {email}: left unassigned"
                    ));
                }
                id
            }
            None => None,
        };
        report.warnings.append(&mut users.warnings);
        let mut label_ids = Vec::new();
        for name in &ticket.labels {
            let known = meta
                .team
                .labels
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, id)| id.clone());
            let id = match known {
                Some(id) => id,
                None => {
                    let id = self.linear.create_label(&meta.team.id, name).await?;
                    meta.team.labels.insert(name.clone(), id.clone());
                    id
                }
            };
            label_ids.push(id);
        }
        // New work starts where the plan's first bucket is (else the first not-started state).
        let state = meta
            .plan
            .buckets
            .first()
            .and_then(|b| meta.states.state_for_bucket(&b.id))
            .or_else(|| meta.states.state_for_percent(0))
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                EngineError::Setup(format!("team {} has no workflow state", meta.team.key))
            })?;
        let new = NewIssue {
            id: IssueId(issue_id.clone()),
            team_id: meta.team.id.clone(),
            project_id: mapping.linear_project_id.clone(),
            title: ticket.title.clone(),
            description: ticket.description.clone(),
            state_id: state,
            assignee_id,
            due: ticket.due.clone(),
            priority: ticket.priority,
            label_ids,
            attachment: (String::new(), String::new()),
        };
        self.count_op();
        let issue = self.linear.create_issue(&new).await?;

        // A task made by an earlier, interrupted push of this ticket is adopted, not repeated.
        let adopted = self.adoptable_task(store, &mapping, &issue.id).await?;
        match adopted {
            Some((task, intent)) => {
                self.link(
                    store,
                    &mapping,
                    &meta,
                    task,
                    issue.clone(),
                    Some(intent.as_str()),
                    "adopted the task of an interrupted push",
                    &mut report,
                )
                .await?
            }
            None => {
                self.issue_without_task(store, &mapping, &mut meta, issue.clone(), &mut report)
                    .await?
            }
        }
        let Some(link) = links::live_by_issue(store.conn(), &issue.id)? else {
            return Err(EngineError::Setup(format!(
                "created Linear issue {} but not its Planner task ({}); run the same push again, \
                 or see `dlq list`",
                issue.identifier,
                report.warnings.join("; ")
            )));
        };

        let task = self
            .planner
            .tasks(std::slice::from_ref(&link.task_id))
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| EngineError::Setup("the new Planner task vanished".into()))??;
        let checklist: Vec<(String, String, bool)> = ticket
            .checklist
            .iter()
            .enumerate()
            .map(|(n, (title, checked))| (checklist_key(n), title.clone(), *checked))
            .collect();
        let references: BTreeMap<String, String> = ticket.links.iter().cloned().collect();
        self.count_op();
        self.planner
            .write_intake(&task, &checklist, &references)
            .await?;
        for (url, title) in &ticket.links {
            self.count_op();
            self.linear.add_attachment(&issue.id, url, title).await?;
        }
        Ok(PushOutcome {
            mapping: mapping_id,
            created: true,
            external_id: ticket.external_id.clone(),
            issue_id: issue.id.0.clone(),
            issue_identifier: issue.identifier.clone(),
            issue_url: issue.url.clone(),
            task_url: self.planner.task_url(&task.id, &mapping.planner_plan_id),
            task_id: task.id.0.clone(),
            checklist_items: checklist.len(),
            links: ticket.links.len(),
            warnings: report.warnings,
        })
    }

    /// A task of the plan created by our app for this issue's open `create_task` intent (the
    /// same test the pass uses to adopt crash leftovers), with the intent id.
    async fn adoptable_task(
        &self,
        store: &Store,
        mapping: &Mapping,
        issue: &IssueId,
    ) -> Result<Option<(RemoteTask, String)>, EngineError> {
        let Some(intent) = intents::open_from(store.conn(), mapping.id, "create_task", &issue.0)?
        else {
            return Ok(None);
        };
        let title = serde_json::from_str::<serde_json::Value>(&intent.payload)
            .ok()
            .and_then(|p| p["title"].as_str().map(str::to_string));
        let app = self.planner.app_id();
        for task in self.planner.all_tasks(&mapping.planner_plan_id).await? {
            if task.created_by_app.as_deref() == Some(app.as_str())
                && Some(task.title.as_str()) == title.as_deref()
                && links::live_by_task(store.conn(), &task.id)?.is_none()
            {
                return Ok(Some((task, intent.id)));
            }
        }
        Ok(None)
    }
}
