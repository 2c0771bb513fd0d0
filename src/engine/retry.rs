//! `dlq retry`: replay a dead letter against the current state, never blindly.
//!
//! The payload only says which items were concerned. Both are read again and go through the
//! same path a pass would take: a linked pair is merged against its shadow (the failed write
//! left the shadow as it was, so the merge finds the change again, together with anything
//! edited since); an unlinked task or issue goes through the create path, whose intents make
//! it idempotent (an issue is created with the id the first attempt chose; a task the first
//! attempt did create is found by our app id and the intent's title, and linked). A failure
//! updates the dead letter (attempts, last attempt, error) instead of adding a new one.
//! When the items are gone (deleted since), there is nothing left to replay: the letter is
//! removed as obsolete — the regular pass handles the deletion itself.

use crate::engine::EngineError;
use crate::engine::pass::{Engine, Unit, entry};
use crate::engine::ports::{LinearPort, PlannerPort, PortError};
use crate::engine::report::MappingReport;
use crate::model::ids::{IssueId, TaskId};
use crate::store::dlq::{self, DeadLetter};
use crate::store::mappings::{self, Mapping, MappingState};
use crate::store::{Store, links};

/// How a replay ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RetryResult {
    /// Merged and applied (or found already in sync): the letter is removed.
    Applied,
    /// Nothing left to replay (an item was deleted): the letter is removed.
    Obsolete(String),
    /// Failed again: the letter stays, with the attempt counted.
    Failed(String),
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Replay one dead letter; removes it and audits `dlq_retry` unless it failed again.
    pub async fn retry_dead_letter(
        &mut self,
        store: &mut Store,
        letter: &DeadLetter,
    ) -> Result<(RetryResult, MappingReport), EngineError> {
        let Some(mapping_id) = letter.mapping_id else {
            return Ok((
                RetryResult::Failed("the dead letter names no mapping".into()),
                MappingReport::default(),
            ));
        };
        let mut report = MappingReport::new(mapping_id);
        let mapping = mappings::get(store.conn(), mapping_id)?;
        if mapping.state != MappingState::Ok {
            let why = format!(
                "mapping {mapping_id} is {}: `map enable {mapping_id}` first",
                mapping.state.as_str()
            );
            return Ok((RetryResult::Failed(why), report));
        }
        self.retrying = Some(letter.id);
        let outcome = self.replay(store, &mapping, letter, &mut report).await;
        self.retrying = None;
        let result = match outcome {
            Ok(None) if report.dead_lettered > 0 => {
                let now = dlq::get(store.conn(), letter.id)?;
                RetryResult::Failed(format!("{}: {}", now.error_kind, now.error))
            }
            Ok(None) => RetryResult::Applied,
            Ok(Some(why)) => RetryResult::Obsolete(why),
            Err(EngineError::Port(err)) => {
                let now = self.now();
                dlq::record_attempt(
                    store.conn(),
                    letter.id,
                    err.kind(),
                    &err.to_string(),
                    err.request_id(),
                    &now,
                )?;
                return Err(EngineError::Port(err));
            }
            Err(err) => return Err(err),
        };
        if !matches!(result, RetryResult::Failed(_)) {
            let tx = store.transaction()?;
            dlq::remove(&tx, letter.id)?;
            let mut e = entry(mapping.id, "dlq_retry", None, None);
            e.detail = Some(match &result {
                RetryResult::Obsolete(why) => {
                    format!(
                        "dlq {} {} {}: obsolete, {why}",
                        letter.id, letter.op_kind, letter.item
                    )
                }
                _ => format!(
                    "dlq {} {} {}: applied",
                    letter.id, letter.op_kind, letter.item
                ),
            });
            self.audit(&tx, e)?;
            tx.commit()?;
        }
        Ok((result, report))
    }

    /// Re-read the items and reconcile them; `Some(why)` when there is nothing to replay.
    async fn replay(
        &mut self,
        store: &mut Store,
        mapping: &Mapping,
        letter: &DeadLetter,
        report: &mut MappingReport,
    ) -> Result<Option<String>, EngineError> {
        let text = |key: &str| letter.payload[key].as_str().map(str::to_string);
        let mut meta = self.load_meta(store, mapping).await?;
        if letter.op_kind == "cancel_issue" {
            let Some(link) = text("issue")
                .map(|i| links::live_by_issue(store.conn(), &IssueId(i)))
                .transpose()?
                .flatten()
            else {
                return Ok(Some("the link already ended".into()));
            };
            self.task_deleted(store, mapping, &meta, &link, report)
                .await?;
            return Ok(None);
        }
        let unit = match (text("task"), text("issue")) {
            (Some(task), _) => self.unit_of_task(store, TaskId(task)).await?,
            (None, Some(issue)) => {
                let id = IssueId(issue);
                let Some(issue) = self
                    .linear
                    .issues(std::slice::from_ref(&id))
                    .await?
                    .into_iter()
                    .next()
                else {
                    return Ok(Some(format!("Linear issue {id} no longer exists")));
                };
                match links::live_by_issue(store.conn(), &issue.id)? {
                    Some(link) => self.unit_of_task(store, link.task_id).await?,
                    // The create path adopts a task the failed create did make
                    // (`engine::task_intent`), else sends it again under the same intent.
                    None => Ok(Unit {
                        link: None,
                        task: None,
                        issue: Some(issue),
                    }),
                }
            }
            (None, None) => Err("the payload names no task or issue".to_string()),
        };
        match unit {
            Ok(unit) => {
                self.reconcile(store, mapping, &mut meta, unit, report)
                    .await?;
                Ok(None)
            }
            Err(why) => Ok(Some(why)),
        }
    }

    /// The task as it is now, with its link and issue (`Err`: gone, nothing to replay).
    async fn unit_of_task(
        &self,
        store: &Store,
        id: TaskId,
    ) -> Result<Result<Unit, String>, EngineError> {
        let task = match self.planner.tasks(std::slice::from_ref(&id)).await?.pop() {
            Some(Ok(task)) => task,
            Some(Err(PortError::NotFound(_))) | None => {
                return Ok(Err(format!("Planner task {id} no longer exists")));
            }
            Some(Err(err)) => return Err(err.into()),
        };
        let Some(link) = links::live_by_task(store.conn(), &task.id)? else {
            return Ok(Ok(Unit {
                link: None,
                task: Some(task),
                issue: None,
            }));
        };
        let issue = self
            .linear
            .issues(std::slice::from_ref(&link.issue_id))
            .await?
            .into_iter()
            .next();
        if issue.is_none() {
            return Ok(Err(format!(
                "Linear issue {} no longer exists",
                link.issue_id
            )));
        }
        Ok(Ok(Unit {
            link: Some(link),
            task: Some(task),
            issue,
        }))
    }
}
