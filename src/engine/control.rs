//! The mapping's filter applied to a unit before it is reconciled (issue 12).
//!
//! A linked pair syncs while both its task and its issue are inside the filter; when one
//! leaves it, the pair stops syncing (the link and its shadow are kept, the audit says why)
//! and when it comes back the pair merges against that shadow again. An unlinked item is only
//! created on the other side when it is inside the filter, judged on the item as it is and on
//! the item it would become (a task's categories are its issue's labels, its bucket gives the
//! state): a label filter then means the same thing for items born on either side.
//! Archived issues and deleted tasks are not filtered: their links end as before.

use std::collections::BTreeSet;

use crate::engine::EngineError;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::{Engine, Unit, entry};
use crate::engine::ports::{LinearPort, PlannerPort, RemoteIssue, RemoteTask};
use crate::engine::report::MappingReport;
use crate::model::filter::{IssueFacts, TaskFacts};
use crate::store::Store;
use crate::store::mappings::Mapping;

fn bucket_name<'m>(meta: &'m MappingMeta, bucket_id: &str) -> Option<&'m str> {
    meta.plan
        .buckets
        .iter()
        .find(|b| b.id == bucket_id)
        .map(|b| b.name.as_str())
}

/// The category names of a task (colour categories included: a filter may name them).
fn category_names(meta: &MappingMeta, task: &RemoteTask) -> BTreeSet<String> {
    task.categories
        .iter()
        .filter_map(|key| meta.plan.categories.get(key).cloned())
        .collect()
}

/// Why `task` (and the issue it would become) is outside the filter.
fn task_out(
    mapping: &Mapping,
    meta: &MappingMeta,
    task: &RemoteTask,
    linked: bool,
) -> Option<String> {
    let filter = &mapping.control.filter;
    let categories = category_names(meta, task);
    let out = filter.task_out(TaskFacts {
        bucket: bucket_name(meta, &task.bucket_id),
        categories: &categories,
        created_at: task.created_at.as_deref(),
    });
    if out.is_some() || linked {
        return out;
    }
    let state = meta
        .states
        .state_for_bucket(&task.bucket_id)
        .or_else(|| meta.states.state_for_percent(task.percent));
    filter.issue_out(IssueFacts {
        labels: &categories,
        state_type: state.map(|s| s.kind),
        created_at: None,
    })
}

/// Why `issue` (and the task it would become) is outside the filter.
fn issue_out(
    mapping: &Mapping,
    meta: &MappingMeta,
    issue: &RemoteIssue,
    linked: bool,
) -> Option<String> {
    let filter = &mapping.control.filter;
    let out = filter.issue_out(IssueFacts {
        labels: &issue.labels,
        state_type: meta.states.state(&issue.state_id).map(|s| s.kind),
        created_at: issue.created_at.as_deref(),
    });
    if out.is_some() || linked {
        return out;
    }
    let bucket = meta
        .states
        .bucket_for_state(&issue.state_id)
        .and_then(|b| bucket_name(meta, b));
    let categories: BTreeSet<String> = issue
        .labels
        .iter()
        .filter(|l| {
            meta.plan
                .categories
                .values()
                .any(|c| c.eq_ignore_ascii_case(l))
        })
        .cloned()
        .collect();
    filter.task_out(TaskFacts {
        bucket,
        categories: &categories,
        created_at: None,
    })
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Whether the mapping's filter keeps this unit out of the pass. An item kept out is
    /// audited (`filtered`, with the reason) and nothing else happens to it.
    pub(crate) fn filtered_out(
        &self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        unit: &Unit,
        report: &mut MappingReport,
    ) -> Result<bool, EngineError> {
        if mapping.control.filter.is_default() {
            return Ok(false);
        }
        let linked = unit.link.is_some();
        if unit.issue.as_ref().is_some_and(|i| i.archived) {
            return Ok(false);
        }
        let why = unit
            .task
            .as_ref()
            .and_then(|t| task_out(mapping, meta, t, linked))
            .or_else(|| {
                unit.issue
                    .as_ref()
                    .and_then(|i| issue_out(mapping, meta, i, linked))
            });
        let Some(why) = why else {
            return Ok(false);
        };
        let task = unit
            .task
            .as_ref()
            .map(|t| t.id.clone())
            .or_else(|| unit.link.as_ref().map(|l| l.task_id.clone()));
        let issue = unit
            .issue
            .as_ref()
            .map(|i| (i.id.clone(), i.identifier.clone()))
            .or_else(|| {
                unit.link.as_ref().map(|l| {
                    let ident = l.issue_identifier.clone().unwrap_or_default();
                    (l.issue_id.clone(), ident)
                })
            });
        let what = if linked {
            "outside the mapping's filter; the pair stops syncing (link kept)"
        } else {
            "outside the mapping's filter; not created on the other side"
        };
        if !self.options.dry_run {
            let mut e = entry(
                mapping.id,
                "filtered",
                task.as_ref(),
                issue.as_ref().map(|(id, ident)| (id, ident.as_str())),
            );
            e.detail = Some(format!("{what}: {why}"));
            self.audit(store.conn(), e)?;
        }
        report.filtered += 1;
        Ok(true)
    }
}
