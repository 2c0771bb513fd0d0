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
    /// True when every change read was handled (cursors advanced).
    pub complete: bool,
    /// Why the mapping stopped early, if it did.
    pub stopped: Option<String>,
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
        let bad = self
            .mappings
            .iter()
            .any(|m| m.dead_lettered > 0 || m.stopped.is_some())
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
