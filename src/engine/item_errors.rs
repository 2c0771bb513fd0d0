//! Errors on the item (`surface_errors = true` on a mapping): when a change of an issue is
//! dead-lettered, one short comment on that Linear issue with the reason and the `dlq` id;
//! when the dead letter is gone (retried successfully, or dropped), one follow-up. Nothing is
//! written to Planner. Runs after each mapping's pass; a failed comment is a warning and is
//! tried again on the next pass (the announcement is recorded only once it is written).

use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort};
use crate::engine::report::MappingReport;
use crate::model::ids::IssueId;
use crate::store::mappings::Mapping;
use crate::store::{Store, dlq, item_errors};

/// How our own comments on an issue begin. They are about the bridge, not the work, so the
/// comments mirror leaves them out of Planner (issue 12: nothing is written to Planner).
const ANNOUNCE: &str = "⚠️ linear-planner-sync ";
const RECOVERED: &str = "✅ linear-planner-sync: ";

/// Whether a Linear comment is one the bridge wrote about a dead letter.
pub fn is_bridge_comment(body: &str) -> bool {
    body.starts_with(ANNOUNCE) || body.starts_with(RECOVERED)
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
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
            match self
                .linear
                .create_comment(&IssueId(issue.to_string()), &body)
                .await
            {
                Ok(()) => {
                    item_errors::insert(store.conn(), letter.id, mapping.id, issue, &self.now())?
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
            match self
                .linear
                .create_comment(&IssueId(issue.to_string()), &body)
                .await
            {
                Ok(()) => {
                    for id in ids {
                        item_errors::recovered(store.conn(), id, &self.now())?;
                    }
                }
                Err(err) => report
                    .warnings
                    .push(format!("could not comment on issue {issue}: {err}")),
            }
        }
        Ok(())
    }
}
