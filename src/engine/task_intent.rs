//! Open `create_task` intents: a run recorded one, then died (or its POST failed) before it
//! linked what it made. Whether Planner made the task is unknown, so the next run looks:
//! a task of our app with the intent's title (or a reference to the issue) is adopted and
//! linked; none means the POST never landed, and the create is sent again under the same
//! intent. Either way the intent is closed by the link, never left open, never duplicated
//! (design §5, "idempotent creates").

use crate::engine::EngineError;
use crate::engine::faces::MappingMeta;
use crate::engine::pair::no_mentions;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort, RemoteIssue, RemoteTask};
use crate::engine::report::MappingReport;
use crate::model::merge::{MergeContext, linear_from_planner};
use crate::model::ticket::Shadow;
use crate::store::mappings::Mapping;
use crate::store::{Store, intents, links};

/// What an earlier, unfinished create of this issue's task leaves to do.
pub(crate) enum TaskIntent {
    /// No open intent: create as usual.
    None,
    /// The task existed and is now linked: nothing to create.
    Adopted,
    /// The task was never made: create it under this (still open) intent.
    Resend(String),
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Settles the open `create_task` intents of `issue` (see the module doc).
    pub(crate) async fn resume_task_intent(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        issue: &RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<TaskIntent, EngineError> {
        let open: Vec<intents::Intent> =
            intents::open_of_kind(store.conn(), mapping.id, "create_task")?
                .into_iter()
                .filter(|i| i.source_id == issue.id.0)
                .collect();
        let Some(first) = open.first() else {
            return Ok(TaskIntent::None);
        };
        // Rare (after a crash or a failed POST), so one full listing is affordable.
        let app = self.planner.app_id();
        let tasks = self.planner.all_tasks(&mapping.planner_plan_id).await?;
        for intent in &open {
            let payload: serde_json::Value =
                serde_json::from_str(&intent.payload).unwrap_or_default();
            let title = payload["title"].as_str();
            let mut ours = Vec::new();
            for t in &tasks {
                let made_for_it = t.created_by_app.as_deref() == Some(app.as_str())
                    && (Some(t.title.as_str()) == title
                        || t.details.references.contains_key(&issue.url));
                if made_for_it && links::live_by_task(store.conn(), &t.id)?.is_none() {
                    ours.push(t);
                }
            }
            if let Some(task) = ours.first() {
                let task = (*task).clone();
                let task_id = task.id.0.clone();
                self.adopt_created_task(
                    store,
                    mapping,
                    meta,
                    task,
                    issue.clone(),
                    &intent.id,
                    report,
                )
                .await?;
                self.close_intents(store, &open, &intent.id, &task_id)?;
                return Ok(TaskIntent::Adopted);
            }
        }
        self.close_intents(
            store,
            &open,
            &first.id,
            &format!("superseded by {}", first.id),
        )?;
        Ok(TaskIntent::Resend(first.id.clone()))
    }

    /// Links a task an interrupted run created from `issue`, then merges the pair at once
    /// against a base that says "the task is as Planner shows it, the issue is newer": the
    /// task was made from the issue, so what the crash cut off (the details written after the
    /// POST: description, checklist) and what humans changed on the issue since flow to the
    /// task instead of being taken as the new common state.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn adopt_created_task(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        task: RemoteTask,
        issue: RemoteIssue,
        intent: &str,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let why = "adopted the task an interrupted run created";
        let task_id = task.id.clone();
        self.link(
            store,
            mapping,
            meta,
            task,
            issue.clone(),
            Some(intent),
            why,
            report,
        )
        .await?;
        if self.options.dry_run {
            return Ok(());
        }
        let Some(link) = links::live_by_task(store.conn(), &task_id)? else {
            return Ok(());
        };
        let Some(mut base) = links::shadow::<Shadow>(store.conn(), link.id)? else {
            return Ok(());
        };
        let cx = MergeContext {
            states: &meta.states,
            plan_labels: &meta.plan_labels,
            planner_newer: false,
            mention: &no_mentions,
        };
        base.ticket.linear = linear_from_planner(&base.ticket.planner, &cx);
        links::put_shadow(store.conn(), link.id, &base, &self.now())?;
        // The link wrote the back-reference: the task's etags are new.
        let task = match self
            .planner
            .tasks(std::slice::from_ref(&task_id))
            .await?
            .pop()
        {
            Some(Ok(task)) => task,
            _ => return Ok(()),
        };
        self.update_pair(store, mapping, meta, &link, task, issue, report)
            .await
    }

    /// Older duplicates of the intent kept (`keep`) are closed with `result`.
    fn close_intents(
        &self,
        store: &Store,
        open: &[intents::Intent],
        keep: &str,
        result: &str,
    ) -> Result<(), EngineError> {
        let now = self.now();
        for intent in open.iter().filter(|i| i.id != keep) {
            intents::complete(store.conn(), &intent.id, result, &now)?;
        }
        Ok(())
    }
}
