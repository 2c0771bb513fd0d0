//! `bootstrap`: a full scan of both sides of a mapping. Pairs that reference each other are
//! linked, already-linked pairs are merged, every other item gets its counterpart created, and
//! the cursors are stored. Rerunning it creates nothing twice: links, intents and the ids we
//! choose for Linear issues make every step idempotent.

use std::collections::BTreeMap;

use crate::engine::EngineError;
use crate::engine::create::issue_key_from_url;
use crate::engine::pass::{Engine, Unit};
use crate::engine::ports::{LinearCursor, LinearPort, PlannerPort, PortError, RemoteIssue};
use crate::engine::report::{MappingReport, PassReport, StopKind};
use crate::model::ids::IssueId;
use crate::store::cursors::{self, Side};
use crate::store::mappings::{self, Mapping, MappingState};
use crate::store::{Store, links};

/// Progress of a bootstrap, reported to whoever draws a bar (the engine never prints).
pub trait Progress {
    fn start(&self, mapping: &Mapping, items: u64);
    fn advance(&self, n: u64);
    fn finish(&self);
}

/// No progress display.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &Mapping, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Bootstrap every enabled mapping (or the one selected).
    pub async fn bootstrap(
        &mut self,
        store: &mut Store,
        progress: &dyn Progress,
    ) -> Result<PassReport, EngineError> {
        let mut report = PassReport {
            run_id: self.run_id.clone(),
            dry_run: self.options.dry_run,
            ..PassReport::default()
        };
        let selected: Vec<Mapping> = match self.options.mapping {
            Some(id) => vec![mappings::get(store.conn(), id)?],
            None => mappings::list(store.conn())?
                .into_iter()
                .filter(|m| m.state == MappingState::Ok)
                .collect(),
        };
        for mapping in selected {
            // Mapping-wide failures behave as in `sync` (the spec's failure rows).
            let mut m = match self.bootstrap_mapping(store, &mapping, progress).await {
                Ok(m) => m,
                Err(EngineError::Port(err)) => {
                    progress.finish();
                    self.mapping_failed(store, &mapping, err, &mut report)?;
                    continue;
                }
                Err(err) => return Err(err),
            };
            self.clear_mapping_alerts(store, &mapping)?;
            let known = m.plan_tasks.map(|n| n + m.created_tasks as usize);
            match self.check_capacity(store, &mapping, known).await {
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
        Ok(report)
    }

    async fn bootstrap_mapping(
        &mut self,
        store: &mut Store,
        mapping: &Mapping,
        progress: &dyn Progress,
    ) -> Result<MappingReport, EngineError> {
        let mut report = MappingReport::new(mapping.id);
        // Cursors are taken before the scan: whatever changes during it is read again later.
        let known = BTreeMap::new();
        // The mapping's metadata (plan, buckets, team) is read while the delta round pages:
        // it does not depend on the cursor, and the round is one request after another.
        let store_ref: &Store = store;
        let (changes, meta) = tokio::join!(
            self.planner.changes(&mapping.planner_plan_id, None, &known),
            self.load_meta(store_ref, mapping)
        );
        let planner_cursor = match changes {
            Ok(changes) => changes.cursor,
            Err(PortError::DeltaExpired) => String::new(),
            Err(err) => return Err(err.into()),
        };
        let mut meta = meta?;
        let (tasks, issues) = tokio::join!(
            self.planner.all_tasks(&mapping.planner_plan_id),
            self.linear.all_issues(&mapping.linear_project_id)
        );
        let (tasks, issues) = (tasks?, issues?);
        report.plan_tasks = Some(tasks.len());
        let linear_cursor = cursor_after(&issues);
        progress.start(mapping, (tasks.len() + issues.len()) as u64);

        let mut issues_by_id: BTreeMap<IssueId, RemoteIssue> =
            issues.into_iter().map(|i| (i.id.clone(), i)).collect();
        let mut units = Vec::new();
        let mut unlinked_tasks = Vec::new();
        for task in tasks {
            match links::live_by_task(store.conn(), &task.id)? {
                Some(link) => {
                    let issue = issues_by_id.remove(&link.issue_id);
                    units.push(Unit {
                        link: Some(link),
                        task: Some(task),
                        issue,
                    });
                }
                None => unlinked_tasks.push(task),
            }
        }
        // Back-references: a task pointing at an issue, or an issue pointing at a task.
        let task_urls: BTreeMap<String, usize> = unlinked_tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (self.planner.task_url(&t.id, &mapping.planner_plan_id), i))
            .collect();
        let mut paired: Vec<Option<IssueId>> = vec![None; unlinked_tasks.len()];
        for (i, task) in unlinked_tasks.iter().enumerate() {
            paired[i] = task.details.references.keys().find_map(|url| {
                let key = issue_key_from_url(url)?;
                issues_by_id
                    .values()
                    .find(|iss| iss.identifier.eq_ignore_ascii_case(key) || iss.id.0 == key)
                    .map(|iss| iss.id.clone())
            });
        }
        for issue in issues_by_id.values() {
            if let Some(&i) = issue.attachments.iter().find_map(|url| task_urls.get(url)) {
                paired[i].get_or_insert_with(|| issue.id.clone());
            }
        }
        for (task, pair) in unlinked_tasks.into_iter().zip(paired) {
            let issue = pair.and_then(|id| issues_by_id.remove(&id));
            match issue {
                Some(issue) if links::live_by_issue(store.conn(), &issue.id)?.is_none() => {
                    if !self.has_budget() {
                        report.stop(StopKind::Budget, crate::engine::concurrent::BUDGET_REACHED);
                        break;
                    }
                    self.link(
                        store,
                        mapping,
                        &meta,
                        task,
                        issue,
                        None,
                        "bootstrap: the items reference each other",
                        &mut report,
                    )
                    .await?;
                    progress.advance(2);
                }
                _ => units.push(Unit {
                    link: None,
                    task: Some(task),
                    issue: None,
                }),
            }
        }
        for (_, issue) in issues_by_id {
            let link = links::live_by_issue(store.conn(), &issue.id)?;
            if link.is_none() {
                units.push(Unit {
                    link: None,
                    task: None,
                    issue: Some(issue),
                });
            }
        }
        units.sort_by_key(crate::engine::concurrent::unit_order);
        // The linked pairs' rich fields in pages, not one read per pair (as `sync` does).
        self.preload_rich(&mut units).await;
        self.reconcile_units(store, mapping, &mut meta, units, &mut report, progress)
            .await?;
        progress.finish();
        report.complete = report.stopped.is_none();
        if report.complete && !self.options.dry_run {
            let now = self.now();
            let tx = store.transaction()?;
            if planner_cursor.is_empty() {
                cursors::clear(&tx, mapping.id, Side::Planner)?;
            } else {
                cursors::put(&tx, mapping.id, Side::Planner, &planner_cursor, &[], &now)?;
            }
            cursors::put(
                &tx,
                mapping.id,
                Side::Linear,
                &linear_cursor.updated_at,
                &linear_cursor.tie_ids,
                &now,
            )?;
            tx.commit()?;
        }
        Ok(report)
    }
}

/// The Linear cursor after a full listing: the latest `updatedAt` and the ids at exactly it.
fn cursor_after(issues: &[RemoteIssue]) -> LinearCursor {
    let Some(latest) = issues.iter().map(|i| i.updated_at.as_str()).max() else {
        return LinearCursor::default();
    };
    LinearCursor {
        updated_at: latest.to_string(),
        tie_ids: issues
            .iter()
            .filter(|i| i.updated_at == latest)
            .map(|i| i.id.0.clone())
            .collect(),
    }
}
