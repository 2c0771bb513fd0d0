//! Unlinked items: link them to their counterpart when one already exists (back-references,
//! or a task we created before a crash), else create the counterpart. Every create writes an
//! intent row first: a Linear issue gets an id we chose (a retry returns the same issue), a
//! Planner task is adopted by our app id and the intent's title when it shows up later.

use std::collections::BTreeMap;

use crate::engine::EngineError;
use crate::engine::batch_create::PendingIssue;
use crate::engine::faces::{MappingMeta, linear_face, planner_face};
use crate::engine::pair::no_mentions;
use crate::engine::pass::{Engine, entry};
use crate::engine::ports::{
    DetailsWrite, LinearPort, NewIssue, NewTask, PlannerPort, PortResult, RemoteIssue, RemoteTask,
};
use crate::engine::report::{MappingReport, OpSummary};
use crate::engine::task_intent::TaskIntent;
use crate::model::direction::{SyncField, new_linear_face, new_planner_face};
use crate::model::ids::IssueId;
use crate::model::merge::{MergeContext, Side, linear_from_planner, planner_from_linear};
use crate::model::priority;
use crate::model::ticket::Shadow;
use crate::store::mappings::Mapping;
use crate::store::{Store, intents, links};

/// `…/issue/ENG-12/slug` → `ENG-12`: the Linear issue a Planner reference points at.
pub fn issue_key_from_url(url: &str) -> Option<&str> {
    let rest = url.split("/issue/").nth(1)?;
    let key = rest.split(['/', '?', '#']).next()?;
    (!key.is_empty()).then_some(key)
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// A task with no link: adopt our own crash leftover, link by back-reference, or create
    /// its issue.
    pub(crate) async fn task_without_issue(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        task: RemoteTask,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if task.created_by_app.as_deref() == Some(self.planner.app_id().as_str()) {
            let open = intents::open_of_kind(store.conn(), mapping.id, "create_task")?;
            let adopted = open.iter().find(|i| {
                i.kind == "create_task"
                    && serde_json::from_str::<serde_json::Value>(&i.payload)
                        .is_ok_and(|p| p["title"].as_str() == Some(task.title.as_str()))
            });
            if let Some(intent) = adopted {
                let issue_id = IssueId(intent.source_id.clone());
                if let Some(issue) = self
                    .linear
                    .issues(std::slice::from_ref(&issue_id))
                    .await?
                    .into_iter()
                    .next()
                {
                    let intent = intent.id.clone();
                    return self
                        .adopt_created_task(store, mapping, meta, task, issue, &intent, report)
                        .await;
                }
            }
        }
        for url in task.details.references.keys() {
            let Some(key) = issue_key_from_url(url) else {
                continue;
            };
            let found = self
                .linear
                .issues(&[IssueId(key.to_string())])
                .await?
                .into_iter()
                .next();
            let Some(issue) = found
                .filter(|i| i.project_id.as_deref() == Some(mapping.linear_project_id.as_str()))
            else {
                continue;
            };
            // Its issue was archived or deleted in Linear: that ended the pair (the task was
            // completed), so it is neither linked again nor given a new issue.
            if issue.archived {
                return Ok(());
            }
            if links::live_by_issue(store.conn(), &issue.id)?.is_none() {
                return self
                    .link(
                        store,
                        mapping,
                        meta,
                        task,
                        issue,
                        None,
                        "linked by the task's reference to the issue",
                        report,
                    )
                    .await;
            }
        }
        let reuse =
            intents::open_from(store.conn(), mapping.id, "create_issue", &task.id.0)?.map(|i| i.id);
        self.create_issue(store, mapping, meta, task, reuse, report)
            .await
    }

    async fn create_issue(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        task: RemoteTask,
        reuse: Option<String>,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let mut users = self.users();
        let ids: Vec<String> = task.assignments.iter().map(|a| a.user_id.clone()).collect();
        let emails = users.emails_of(store, &ids).await?;
        let pf = planner_face(&task, meta, self.config, &emails);
        let cx = MergeContext {
            states: &meta.states,
            plan_labels: &meta.plan_labels,
            planner_newer: true,
            mention: &no_mentions,
        };
        // Only the fields whose direction writes Linear (and the title, which Linear requires).
        let lf = new_linear_face(&mapping.control.fields, linear_from_planner(&pf, &cx));
        if self.options.dry_run {
            report.ops.push(OpSummary {
                op: "create_issue".into(),
                item: format!("task {}", task.id),
                fields: vec![lf.title],
            });
            return Ok(());
        }
        let assignee_ids = users.linear_ids_of(store, lf.assignee.iter()).await?;
        let mut label_ids = Vec::new();
        for name in &lf.labels {
            match meta
                .team
                .labels
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
            {
                Some((_, id)) => label_ids.push(id.clone()),
                None => match self.linear.create_label(&meta.team.id, name).await {
                    Ok(id) => {
                        meta.team.labels.insert(name.clone(), id.clone());
                        label_ids.push(id);
                    }
                    Err(err) => {
                        return self.fail(
                            store,
                            mapping,
                            "create_label",
                            name,
                            err,
                            &serde_json::json!({"label": name, "task": task.id}),
                            report,
                        );
                    }
                },
            }
        }
        let intent_id = reuse
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        let task_url = self.planner.task_url(&task.id, &mapping.planner_plan_id);
        let new = NewIssue {
            id: IssueId(intent_id.clone()),
            team_id: meta.team.id.clone(),
            project_id: mapping.linear_project_id.clone(),
            title: lf.title.clone(),
            description: lf.description.clone(),
            state_id: lf.state_id.clone(),
            assignee_id: lf
                .assignee
                .as_ref()
                .and_then(|e| assignee_ids.get(e).cloned().flatten()),
            due: lf.due.clone(),
            priority: lf.priority,
            label_ids,
            attachment: (task_url, format!("Planner task: {}", pf.title)),
        };
        if reuse.is_none() {
            let payload = serde_json::json!({"task": task.id, "title": new.title});
            let intent = intents::Intent {
                id: intent_id.clone(),
                mapping_id: mapping.id,
                kind: "create_issue".into(),
                source_id: task.id.0.clone(),
                payload: payload.to_string(),
                created_at: self.now(),
            };
            intents::record(store.conn(), &intent)?;
        }
        self.count_op();
        report.warnings.append(&mut users.warnings);
        let pending = PendingIssue {
            task,
            new,
            planner: pf,
            intent_id,
        };
        if let Some(batch) = self.batch.as_mut() {
            batch.issues.push(pending);
            return Ok(());
        }
        let result = self.linear.create_issue(&pending.new).await;
        self.issue_created(store, mapping, meta, pending, result, report)
            .await
    }

    /// The second half of `create_issue`, once Linear answered (also for batched creates).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn issue_created(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        pending: PendingIssue,
        result: PortResult<RemoteIssue>,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let PendingIssue {
            task,
            planner: pf,
            intent_id,
            ..
        } = pending;
        let issue = match result {
            Ok(issue) => issue,
            Err(err) => {
                let payload = serde_json::json!({"task": task.id, "intent": intent_id});
                return self.fail(
                    store,
                    mapping,
                    "create_issue",
                    &format!("task {}", task.id),
                    err,
                    &payload,
                    report,
                );
            }
        };
        report.created_issues += 1;
        self.record_link(
            store,
            mapping,
            &task,
            &issue,
            Shadow {
                planner: pf,
                linear: linear_face(&issue),
            },
            Some(&intent_id),
            "create_issue",
            "created the issue for a Planner task",
        )?;
        let task_id = task.id.clone();
        self.add_issue_reference(store, mapping, task, &issue, report)
            .await?;
        if self.defer_mirror(&task_id, &issue) {
            return Ok(());
        }
        self.mirror_new_pair(store, mapping, meta, &task_id, issue, report)
            .await
    }

    /// An issue with no link: create its task (sub-issues and archived issues are not tasks).
    pub(crate) async fn issue_without_task(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &mut MappingMeta,
        issue: RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if issue.archived
            || issue.parent_id.is_some()
            || issue.project_id.as_deref() != Some(mapping.linear_project_id.as_str())
        {
            return Ok(());
        }
        // Linked earlier in this pass (its task's unit created or adopted it), or created by
        // us for a task whose link a crash cut off (that task's unit links it): no task to make.
        if links::live_by_issue(store.conn(), &issue.id)?.is_some()
            || intents::is_open(store.conn(), mapping.id, "create_issue", &issue.id.0)?
        {
            return Ok(());
        }
        // An earlier run's create of this task, unfinished: adopt its task or send it again.
        let mut resend = None;
        if !self.options.dry_run {
            match self
                .resume_task_intent(store, mapping, meta, &issue, report)
                .await?
            {
                TaskIntent::Adopted => return Ok(()),
                TaskIntent::Resend(id) => resend = Some(id),
                TaskIntent::None => {}
            }
        }
        let mut users = self.users();
        let lf = linear_face(&issue);
        let people = self.mentions_for(meta, &[&lf.description]).await?;
        let mention = |key: &str| people.resolve(key);
        let cx = MergeContext {
            states: &meta.states,
            plan_labels: &meta.plan_labels,
            planner_newer: false,
            mention: &mention,
        };
        let fallback = meta
            .plan
            .buckets
            .first()
            .map(|b| b.id.clone())
            .unwrap_or_default();
        // Only the fields whose direction writes Planner (and the title, which it requires).
        let dirs = &mapping.control.fields;
        let mut pf = new_planner_face(dirs, planner_from_linear(&lf, &fallback, &cx));
        let cut = crate::engine::limits::cut_title(&pf.title, 0).map(|title| {
            let why = crate::engine::limits::cut_detail(&pf.title);
            pf.title = title;
            why
        });
        if self.options.dry_run {
            report.ops.push(OpSummary {
                op: "create_task".into(),
                item: issue.identifier.clone(),
                fields: vec![pf.title],
            });
            return Ok(());
        }
        let aad = users.aad_ids_of(store, pf.assignee.iter()).await?;
        let mut categories: Vec<String> =
            pf.labels
                .iter()
                .filter_map(|name| {
                    meta.plan.categories.iter().find(|(k, n)| {
                        n.eq_ignore_ascii_case(name) && !meta.colour_keys.contains(*k)
                    })
                })
                .map(|(k, _)| k.clone())
                .collect();
        if dirs.allows(SyncField::Priority, Side::Planner) {
            categories.extend(
                priority::colour_category(lf.priority, &self.config.priority.categories)
                    .map(str::to_string),
            );
        }
        let new = NewTask {
            plan_id: mapping.planner_plan_id.clone(),
            bucket_id: pf.bucket_id.clone(),
            title: pf.title.clone(),
            percent: pf.percent,
            priority: pf.priority,
            due: pf.due.clone(),
            assignees: pf
                .assignee
                .as_ref()
                .and_then(|e| aad.get(e).cloned().flatten())
                .into_iter()
                .collect(),
            categories,
            description: pf.description.clone(),
            references: BTreeMap::from([(issue.url.clone(), issue.identifier.clone())]),
        };
        let intent_id = match resend {
            Some(id) => id,
            None => {
                let intent = intents::Intent {
                    id: uuid::Uuid::new_v4().to_string(),
                    mapping_id: mapping.id,
                    kind: "create_task".into(),
                    source_id: issue.id.0.clone(),
                    payload: serde_json::json!({"title": new.title}).to_string(),
                    created_at: self.now(),
                };
                intents::record(store.conn(), &intent)?;
                intent.id
            }
        };
        self.count_op();
        let task = match self.planner.create_task(&new).await {
            Ok(task) => task,
            Err(err) => {
                let payload = serde_json::json!({"issue": issue.id, "intent": intent_id});
                return self.fail(
                    store,
                    mapping,
                    "create_task",
                    &issue.identifier,
                    err,
                    &payload,
                    report,
                );
            }
        };
        let ids: Vec<String> = task.assignments.iter().map(|a| a.user_id.clone()).collect();
        let emails = users.emails_of(store, &ids).await?;
        let shadow = Shadow {
            planner: planner_face(&task, meta, self.config, &emails),
            linear: lf,
        };
        report.warnings.append(&mut users.warnings);
        report.created_tasks += 1;
        self.record_link(
            store,
            mapping,
            &task,
            &issue,
            shadow,
            Some(&intent_id),
            "create_task",
            "created the task for a Linear issue",
        )?;
        if let Some(why) = cut {
            let mut e = entry(
                mapping.id,
                "skip",
                Some(&task.id),
                Some((&issue.id, &issue.identifier)),
            );
            e.detail = Some(why);
            self.audit(store.conn(), e)?;
        }
        let url = self.planner.task_url(&task.id, &mapping.planner_plan_id);
        let title = format!("Planner task: {}", task.title);
        match &self.attach_later {
            Some(queue) => queue.lock().unwrap_or_else(|e| e.into_inner()).push((
                issue.id.clone(),
                issue.identifier.clone(),
                url,
                title,
            )),
            None => {
                if let Err(err) = self.linear.add_attachment(&issue.id, &url, &title).await {
                    let warning = crate::engine::concurrent::attach_failed(&issue.identifier, &err);
                    report.warnings.push(warning);
                }
            }
        }
        self.mirror_created_pair(store, mapping, meta, task, issue, report)
            .await
    }

    /// Link a task and an issue that already exist (bootstrap, back-references, adoption).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn link(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        task: RemoteTask,
        issue: RemoteIssue,
        intent: Option<&str>,
        why: &str,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if self.options.dry_run {
            report.ops.push(OpSummary {
                op: "link".into(),
                item: format!("{} ↔ {}", issue.identifier, task.id),
                fields: vec![],
            });
            return Ok(());
        }
        let mut users = self.users();
        let ids: Vec<String> = task.assignments.iter().map(|a| a.user_id.clone()).collect();
        let emails = users.emails_of(store, &ids).await?;
        // Today's faces are the base: nothing is copied until one side changes.
        let shadow = Shadow {
            planner: planner_face(&task, meta, self.config, &emails),
            linear: linear_face(&issue),
        };
        report.linked += 1;
        self.record_link(store, mapping, &task, &issue, shadow, intent, "link", why)?;
        let task_id = task.id.clone();
        if !task.details.references.contains_key(&issue.url) {
            self.add_issue_reference(store, mapping, task, &issue, report)
                .await?;
        }
        if self.defer_mirror(&task_id, &issue) {
            return Ok(());
        }
        self.mirror_new_pair(store, mapping, meta, &task_id, issue, report)
            .await
    }

    /// Link + shadow + intent completion + audit, in one transaction.
    #[allow(clippy::too_many_arguments)]
    fn record_link(
        &self,
        store: &Store,
        mapping: &Mapping,
        task: &RemoteTask,
        issue: &RemoteIssue,
        shadow: Shadow,
        intent: Option<&str>,
        action: &str,
        why: &str,
    ) -> Result<(), EngineError> {
        let now = self.now();
        let tx = store.transaction()?;
        let link = links::insert(
            &tx,
            mapping.id,
            &task.id,
            &issue.id,
            Some(&issue.identifier),
            &now,
        )?;
        let shadow = links::Shadow {
            ticket: shadow.without_rich(),
            task_etag: Some(task.etag.clone()),
            details_etag: Some(task.details.etag.clone()),
            issue_updated_at: Some(issue.updated_at.clone()),
        };
        links::put_shadow(&tx, link, &shadow, &now)?;
        if let Some(intent) = intent {
            let result = if action == "create_task" {
                task.id.0.clone()
            } else {
                issue.id.0.clone()
            };
            intents::complete(&tx, intent, &result, &now)?;
        }
        let mut e = entry(
            mapping.id,
            action,
            Some(&task.id),
            Some((&issue.id, &issue.identifier)),
        );
        e.detail = Some(why.to_string());
        self.audit(&tx, e)?;
        tx.commit()?;
        Ok(())
    }

    /// The Planner task's reference back to its Linear issue (a details write; one retry on 412).
    async fn add_issue_reference(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        task: RemoteTask,
        issue: &RemoteIssue,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let write = DetailsWrite {
            add_references: BTreeMap::from([(issue.url.clone(), issue.identifier.clone())]),
            ..DetailsWrite::default()
        };
        self.count_op();
        if let Some(batch) = self.batch.as_mut() {
            batch.references.push((task, issue.clone()));
            return Ok(());
        }
        let result = match self.planner.update_details(&task, &write).await {
            Err(crate::engine::ports::PortError::Conflict(fresh)) => {
                self.planner.update_details(&fresh, &write).await
            }
            other => other,
        };
        match result {
            Err(err) => self.reference_failed(store, mapping, &task, issue, &err, report),
            Ok(_) => Ok(()),
        }
    }

    /// A back-reference that could not be written: a warning and a `skip` audit row.
    pub(crate) fn reference_failed(
        &self,
        store: &Store,
        mapping: &Mapping,
        task: &RemoteTask,
        issue: &RemoteIssue,
        err: &crate::engine::ports::PortError,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        report.warnings.push(format!(
            "{}: could not add the reference to the Linear issue: {err}",
            task.id
        ));
        let mut e = entry(
            mapping.id,
            "skip",
            Some(&task.id),
            Some((&issue.id, &issue.identifier)),
        );
        e.detail = Some(format!("back-reference not written: {err}"));
        self.audit(store.conn(), e)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_keys_from_urls() {
        assert_eq!(
            issue_key_from_url("https://linear.app/acme/issue/ENG-12/fix-login"),
            Some("ENG-12")
        );
        assert_eq!(
            issue_key_from_url("http://127.0.0.1:9/linear/issue/ENG-3"),
            Some("ENG-3")
        );
        assert_eq!(issue_key_from_url("https://example.com/doc"), None);
    }
}
