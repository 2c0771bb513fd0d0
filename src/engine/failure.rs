//! What the engine does when something fails (design.md §5, the spec's failure table).
//!
//! * One item fails (retries spent, rejected, a Planner limit, 412s beyond the attempts): it is
//!   dead-lettered with its error, request id and payload, audited as `dead_letter`, and the
//!   pass goes on. While `dlq retry` replays a dead letter, a new failure updates that row
//!   (attempts, last attempt, error) instead of adding one.
//! * A whole mapping fails: credentials rejected twice → every mapping paused, one global
//!   alert, exit 3; a permission missing → alert naming it; the plan gone → that mapping
//!   disabled (links kept), alert, the other mappings go on. `--dry-run` changes no state and
//!   raises nothing: it only reports.
//! * A failure clears: a pass that reads a mapping successfully clears the open `auth` and
//!   `forbidden` alerts (they are raised again if the condition comes back).

use crate::engine::EngineError;
use crate::engine::pass::{Engine, entry};
use crate::engine::ports::{LinearPort, PlannerPort, PortError};
use crate::engine::report::{MappingReport, PassReport, StopKind};
use crate::store::mappings::{self, Mapping, MappingState};
use crate::store::{Store, alerts, dlq};

/// Conditions cleared by a successful pass over a mapping.
const AUTH: &str = "auth";
const FORBIDDEN: &str = "forbidden";

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// A mapping-wide failure: pause or disable as the spec says, raise an alert once.
    pub(crate) fn handle_mapping_failure(
        &self,
        store: &Store,
        mapping: &Mapping,
        err: &PortError,
    ) -> Result<Option<String>, EngineError> {
        let (condition, message) = match err {
            PortError::Auth(msg) => (
                AUTH,
                format!("authentication failed; all mappings paused: {msg}"),
            ),
            PortError::Forbidden { scope, message } => (
                FORBIDDEN,
                format!(
                    "permission {scope} is missing ({message}); grant it and admin-consent, then run `doctor`"
                ),
            ),
            PortError::PlanGone(plan) => (
                "plan_gone",
                format!(
                    "plan {plan} is gone; mapping {} disabled, links kept",
                    mapping.id
                ),
            ),
            _ => {
                if !self.options.dry_run {
                    mappings::record_run(store.conn(), mapping.id, false, &self.now())?;
                }
                return Ok(None);
            }
        };
        if self.options.dry_run {
            return Ok(Some(format!("{message} (dry run: nothing changed)")));
        }
        let now = self.now();
        mappings::record_run(store.conn(), mapping.id, false, &now)?;
        match err {
            PortError::Auth(msg) => {
                // Credentials are per tenant and key: every mapping shares them.
                for m in mappings::list(store.conn())?
                    .iter()
                    .filter(|m| m.state == MappingState::Ok)
                {
                    mappings::set_state(
                        store.conn(),
                        m.id,
                        MappingState::Paused,
                        Some(&format!("authentication failed: {msg}")),
                    )?;
                }
            }
            PortError::PlanGone(_) => mappings::set_state(
                store.conn(),
                mapping.id,
                MappingState::Disabled,
                Some("the Planner plan was deleted"),
            )?,
            _ => {}
        }
        let scope = (condition != AUTH).then_some(mapping.id);
        let raised = alerts::raise(store.conn(), scope, condition, &message, &now)?;
        Ok(raised.then_some(message))
    }

    /// A mapping's pass or bootstrap failed as a whole: pause, disable and alert as
    /// [`Self::handle_mapping_failure`] says, and note the mapping as stopped in the report so
    /// the other mappings go on. Authentication failures end the run (`Err`, exit 3): the
    /// credentials are shared by every mapping.
    pub(crate) fn mapping_failed(
        &self,
        store: &Store,
        mapping: &Mapping,
        err: PortError,
        report: &mut PassReport,
    ) -> Result<(), EngineError> {
        let alert = self.handle_mapping_failure(store, mapping, &err)?;
        report.alerts.extend(alert);
        if matches!(err, PortError::Auth(_)) {
            return Err(EngineError::Port(err));
        }
        let mut m = MappingReport::new(mapping.id);
        m.stop(StopKind::Failure, err.to_string());
        report.mappings.push(m);
        Ok(())
    }

    /// The mapping was read and synced: conditions that stopped it before are over.
    pub(crate) fn clear_mapping_alerts(
        &self,
        store: &Store,
        mapping: &Mapping,
    ) -> Result<(), EngineError> {
        if self.options.dry_run {
            return Ok(());
        }
        let now = self.now();
        alerts::clear(store.conn(), None, AUTH, &now)?;
        alerts::clear(store.conn(), Some(mapping.id), FORBIDDEN, &now)?;
        Ok(())
    }

    /// A failed item: dead-letter it when retries are spent or it was rejected; stop the
    /// mapping (without dead-lettering) when the pass ran out of time.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fail(
        &self,
        store: &Store,
        mapping: &Mapping,
        op: &str,
        item: &str,
        err: PortError,
        payload: &serde_json::Value,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        match err {
            PortError::Exhausted { .. }
            | PortError::Rejected { .. }
            | PortError::Limit(_)
            | PortError::Conflict(_) => {
                let message = err.to_string();
                let now = self.now();
                let id = match self.retrying {
                    Some(id) => {
                        dlq::record_attempt(
                            store.conn(),
                            id,
                            err.kind(),
                            &message,
                            err.request_id(),
                            &now,
                        )?;
                        id
                    }
                    None => {
                        let new = dlq::NewDeadLetter {
                            mapping_id: Some(mapping.id),
                            op_kind: op,
                            item,
                            error_kind: err.kind(),
                            error: &message,
                            request_id: err.request_id(),
                            payload,
                            attempts: i64::from(self.config.sync.retry_attempts),
                        };
                        // The same change failing again (a later pass found it, maybe with
                        // newer edits) is the same dead letter: one row per pending change.
                        match dlq::find(store.conn(), mapping.id, op, item)? {
                            Some(id) => {
                                dlq::refail(store.conn(), id, &new, &now)?;
                                id
                            }
                            None => dlq::insert(store.conn(), &new, &now)?,
                        }
                    }
                };
                let mut e = entry(mapping.id, "dead_letter", None, None);
                e.detail = Some(format!(
                    "{op} {item}: {message} (dlq {id}{})",
                    err.request_id()
                        .map(|r| format!(", request {r}"))
                        .unwrap_or_default()
                ));
                self.audit(store.conn(), e)?;
                report.dead_lettered += 1;
                Ok(())
            }
            other => Err(EngineError::Port(other)),
        }
    }
}
