//! What a pass did, per mapping, for `ui` (table or JSON) and for the exit code.

use serde::Serialize;

use crate::error::Outcome;
use crate::model::ids::MappingId;

/// One planned or applied change, as printed by `sync --dry-run` and kept in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpSummary {
    /// `create_issue`, `create_task`, `update_issue`, `update_task`, `unlink`, `link`.
    pub op: String,
    pub item: String,
    pub fields: Vec<String>,
}

/// Why a mapping stopped before it handled every change it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    /// `--max-ops` or `--time-budget` (also a Retry-After wait past the time budget): normal
    /// bounded work, the next pass continues it.
    Budget,
    /// The mapping could not be synced (a read failed, a permission was missing).
    Failure,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct MappingReport {
    pub mapping: MappingId,
    pub created_issues: u32,
    pub created_tasks: u32,
    pub updated_issues: u32,
    pub updated_tasks: u32,
    pub linked: u32,
    pub unlinked: u32,
    pub conflicts: u32,
    pub dead_lettered: u32,
    /// Items kept out by the mapping's filter (audited as `filtered`).
    #[serde(skip_serializing_if = "is_zero")]
    pub filtered: u32,
    /// Writes made while Linear's poll was still being read (engine/early.rs).
    #[serde(skip_serializing_if = "is_zero")]
    pub written_during_poll: u32,
    /// True when every change read was handled (cursors advanced).
    pub complete: bool,
    /// Why the mapping stopped early, if it did.
    pub stopped: Option<String>,
    /// What kind of stop `stopped` is: a budget stop is bounded work the next pass continues,
    /// a failure is not. Set together with `stopped` by [`MappingReport::stop`].
    pub stop_kind: Option<StopKind>,
    pub ops: Vec<OpSummary>,
    pub warnings: Vec<String>,
    /// The plan's task count when the pass listed the whole plan (bootstrap), for the
    /// capacity check.
    #[serde(skip)]
    pub plan_tasks: Option<usize>,
}

impl MappingReport {
    pub fn new(mapping: MappingId) -> MappingReport {
        MappingReport {
            mapping,
            ..MappingReport::default()
        }
    }

    /// Note that the mapping stopped early; the first stop is the one kept.
    pub fn stop(&mut self, kind: StopKind, why: impl Into<String>) {
        if self.stopped.is_none() {
            self.stopped = Some(why.into());
            self.stop_kind = Some(kind);
        }
    }

    /// Whether the pass over this mapping succeeded: a stop for the budget is bounded work the
    /// next pass continues, so it counts (a monitor of `last_success_at` must not page for a
    /// backlog larger than `--max-ops`); a failure stop does not.
    pub fn succeeded(&self) -> bool {
        self.stop_kind.is_none_or(|kind| kind == StopKind::Budget)
    }

    pub fn writes(&self) -> u32 {
        self.created_issues
            + self.created_tasks
            + self.updated_issues
            + self.updated_tasks
            + self.unlinked
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct PassReport {
    pub run_id: String,
    pub dry_run: bool,
    pub mappings: Vec<MappingReport>,
    /// Alerts raised by this pass (each announced once).
    pub alerts: Vec<String>,
    /// Why the full Linear poll was skipped (webhooks flowing), when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linear_poll_skipped: Option<String>,
}

impl PassReport {
    pub fn outcome(&self) -> Outcome {
        // A pass cut by its budget is bounded work, not a failure: the next run continues it.
        let bad = self
            .mappings
            .iter()
            .any(|m| m.dead_lettered > 0 || !m.succeeded())
            || !self.alerts.is_empty();
        if bad {
            Outcome::Partial
        } else {
            Outcome::Clean
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_stop_is_a_success_and_a_failure_stop_is_not() {
        let mut clean = MappingReport::new(MappingId(1));
        assert!(clean.succeeded());
        clean.stop(StopKind::Budget, "max ops");
        assert!(clean.succeeded());
        let mut failed = MappingReport::new(MappingId(1));
        failed.stop(StopKind::Failure, "read failed");
        assert!(!failed.succeeded());
        // The first stop is the one kept.
        failed.stop(StopKind::Budget, "max ops");
        assert!(!failed.succeeded());
    }
}
