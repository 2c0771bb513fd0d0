//! Errors on the item (`surface_errors = true` on a mapping): when a change of an issue is
//! dead-lettered, one short comment on that Linear issue with the reason and the `dlq` id;
//! when the dead letter is gone (retried successfully, or dropped), one follow-up. Nothing is
//! written to Planner. Runs after each mapping's pass; a failed comment is a warning and is
//! tried again on the next pass (the announcement is recorded only once it is written).
//!
//! Each comment is posted once even across a crash: its id (a UUID, Linear's
//! `CommentCreateInput.id`) is recorded as an intent before the request, a rerun sends the
//! same id, and a comment that exists already counts as written (see `create_comment`).

use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort, PortError};
use crate::engine::report::MappingReport;
use crate::model::ids::IssueId;
use crate::store::mappings::Mapping;
use crate::store::{Store, dlq, intents, item_errors};

/// The intent kind of a comment the bridge posts about a dead letter.
pub const ITEM_COMMENT: &str = "item_error_comment";

/// How our own comments on an issue begin. They are about the bridge, not the work, so the
/// comments mirror leaves them out of Planner (issue 12: nothing is written to Planner).
const ANNOUNCE: &str = "⚠️ linear-planner-sync ";
const RECOVERED: &str = "✅ linear-planner-sync: ";

/// Whether a Linear comment is one the bridge wrote about a dead letter.
pub fn is_bridge_comment(body: &str) -> bool {
    body.starts_with(ANNOUNCE) || body.starts_with(RECOVERED)
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Post `body` on `issue` under the comment id of the open intent for `source`, or a new
    /// one recorded first. `Ok(intent id)` once Linear has the comment; the caller completes
    /// the intent in the transaction that records what the comment was for.
    async fn comment_once(
        &self,
        store: &Store,
        mapping: &Mapping,
        issue: &str,
        source: &str,
        body: &str,
    ) -> Result<Result<String, PortError>, EngineError> {
        let open = intents::open_from(store.conn(), mapping.id, ITEM_COMMENT, source)?;
        let (id, body) = match open {
            // The first attempt's text, so the comment is the one that attempt meant.
            Some(intent) => {
                let payload: serde_json::Value =
                    serde_json::from_str(&intent.payload).unwrap_or_default();
                let body = payload["body"].as_str().unwrap_or(body).to_string();
                (intent.id, body)
            }
            None => {
                let id = uuid::Uuid::new_v4().to_string();
                let intent = intents::Intent {
                    id: id.clone(),
                    mapping_id: mapping.id,
                    kind: ITEM_COMMENT.into(),
                    source_id: source.to_string(),
                    payload: serde_json::json!({"issue": issue, "body": body}).to_string(),
                    created_at: self.now(),
                };
                intents::record(store.conn(), &intent)?;
                (id, body.to_string())
            }
        };
        let posted = self
            .linear
            .create_comment(&IssueId(issue.to_string()), &id, &body)
            .await;
        Ok(posted.map(|()| id))
    }

    /// Announce new dead letters of `mapping` on their issues and follow up on cleared ones.
    pub(crate) async fn surface_errors(
        &self,
        store: &Store,
        mapping: &Mapping,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        if !mapping.control.surface_errors || self.options.dry_run {
            return Ok(());
        }
        let letters: Vec<dlq::DeadLetter> = dlq::list(store.conn())?
            .into_iter()
            .filter(|d| d.mapping_id == Some(mapping.id))
            .collect();
        for letter in &letters {
            let Some(issue) = letter.payload["issue"].as_str() else {
                continue;
            };
            if item_errors::announced(store.conn(), letter.id)? {
                continue;
            }
            // The issue already carries an unanswered announcement: this letter joins it
            // (the comment itself bumps the issue, so its change may be read and fail again).
            if item_errors::open(store.conn(), mapping.id)?
                .iter()
                .any(|o| o.issue_id == issue)
            {
                item_errors::insert(store.conn(), letter.id, mapping.id, issue, &self.now())?;
                continue;
            }
            let body = format!(
                "{ANNOUNCE}could not sync this issue with Planner: {} \
                 (dead letter `{}`; an admin can run `linear-planner-sync dlq show {}`).",
                letter.error, letter.id, letter.id
            );
            let source = format!("announce/{}", letter.id);
            match self
                .comment_once(store, mapping, issue, &source, &body)
                .await?
            {
                Ok(comment) => {
                    let now = self.now();
                    let tx = store.transaction()?;
                    item_errors::insert(&tx, letter.id, mapping.id, issue, &now)?;
                    intents::complete(&tx, &comment, &comment, &now)?;
                    tx.commit()?;
                }
                Err(err) => report
                    .warnings
                    .push(format!("could not comment on issue {issue}: {err}")),
            }
        }
        let open = item_errors::open(store.conn(), mapping.id)?;
        let mut issues: Vec<&str> = open.iter().map(|o| o.issue_id.as_str()).collect();
        issues.dedup();
        for issue in issues {
            let ids: Vec<i64> = open
                .iter()
                .filter(|o| o.issue_id == issue)
                .map(|o| o.dlq_id)
                .collect();
            // Recovered once every dead letter announced for the issue is gone.
            if letters.iter().any(|d| ids.contains(&d.id)) {
                continue;
            }
            let shown: Vec<String> = ids.iter().map(|i| format!("`{i}`")).collect();
            let body = format!(
                "{RECOVERED}this issue syncs with Planner again (dead letter {} cleared).",
                shown.join(", ")
            );
            // Keyed by the first letter: a later round of failures on the issue has new ones.
            let first = ids.iter().min().copied().unwrap_or_default();
            let source = format!("recovered/{issue}/{first}");
            match self
                .comment_once(store, mapping, issue, &source, &body)
                .await?
            {
                Ok(comment) => {
                    let now = self.now();
                    let tx = store.transaction()?;
                    for id in ids {
                        item_errors::recovered(&tx, id, &now)?;
                    }
                    intents::complete(&tx, &comment, &comment, &now)?;
                    tx.commit()?;
                }
                Err(err) => report
                    .warnings
                    .push(format!("could not comment on issue {issue}: {err}")),
            }
        }
        Ok(())
    }
}
