//! Draining the webhook queue (`webhook ingest` / `webhook serve` fill it).
//!
//! A pass reads the pending events once. `Issue` events name an issue: those issues are
//! fetched in one query and handed to the mapping of their project, where they join the
//! issues the updatedAt poll found (deduplicated by id, the later `updatedAt` kept), so an
//! edit seen both ways is merged once. Their events are marked processed in the transaction
//! that advances the mapping's cursors — only when the mapping's pass completed. Events of
//! other kinds (comments, reactions…), of issues that no longer exist or of projects no
//! enabled mapping syncs are marked processed right away: there is nothing to do for them.
//! A `Cycle` event (a rename) stands for every issue of the cycle: their tasks' prefixes.
//! Events of a mapping not selected by `--mapping` stay queued for its pass. A failing
//! fetch leaves everything queued: the poll still sees the changes, the next pass retries.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort, RemoteIssue};
use crate::model::ids::IssueId;
use crate::store::mappings::{Mapping, MappingState};
use crate::store::{Store, queue};

/// Events read per pass; the rest wait for the next one.
const BATCH: usize = 1000;

/// The issues queued for one project, and the events that named them.
#[derive(Debug, Default)]
pub(crate) struct QueuedIssues {
    pub issues: Vec<RemoteIssue>,
    pub events: Vec<i64>,
}

/// Merge polled and queued issues: one per id, the later `updatedAt` kept.
pub(crate) fn dedupe(polled: Vec<RemoteIssue>, queued: Vec<RemoteIssue>) -> Vec<RemoteIssue> {
    let mut by_id: BTreeMap<IssueId, RemoteIssue> = BTreeMap::new();
    for issue in polled.into_iter().chain(queued) {
        match by_id.get(&issue.id) {
            Some(seen) if seen.updated_at >= issue.updated_at => {}
            _ => {
                by_id.insert(issue.id.clone(), issue);
            }
        }
    }
    by_id.into_values().collect()
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Read the queue: issues by project id for the `selected` mappings.
    pub(crate) async fn read_queue(
        &self,
        store: &Store,
        all: &[Mapping],
        selected: &[Mapping],
    ) -> Result<BTreeMap<String, QueuedIssues>, EngineError> {
        let mut out: BTreeMap<String, QueuedIssues> = BTreeMap::new();
        let events = queue::pending(store.conn(), BATCH)?;
        if events.is_empty() {
            return Ok(out);
        }
        let now = self.now();
        let mut done: Vec<i64> = Vec::new();
        let mut by_issue: BTreeMap<IssueId, Vec<i64>> = BTreeMap::new();
        for event in events {
            match (&event.entity_id, event.event_type.as_str()) {
                (Some(id), "Issue") => by_issue
                    .entry(IssueId(id.clone()))
                    .or_default()
                    .push(event.id),
                // A renamed cycle re-titles its issues' tasks (their updatedAt does not move).
                (Some(cycle), "Cycle") => match self.linear.cycle_issues(cycle).await {
                    Ok(ids) if !ids.is_empty() => {
                        let mut ids = ids.into_iter();
                        if let Some(first) = ids.next() {
                            by_issue.entry(first).or_default().push(event.id);
                        }
                        for id in ids {
                            by_issue.entry(id).or_default();
                        }
                    }
                    Ok(_) => done.push(event.id),
                    Err(_) => return Ok(out),
                },
                _ => done.push(event.id),
            }
        }
        if !by_issue.is_empty() {
            let ids: Vec<IssueId> = by_issue.keys().cloned().collect();
            let Ok(issues) = self.linear.issues(&ids).await else {
                return Ok(out);
            };
            let wanted: BTreeSet<&str> = selected
                .iter()
                .map(|m| m.linear_project_id.as_str())
                .collect();
            let synced: BTreeSet<&str> = all
                .iter()
                .filter(|m| m.state == MappingState::Ok)
                .map(|m| m.linear_project_id.as_str())
                .collect();
            for issue in issues {
                let Some(events) = by_issue.remove(&issue.id) else {
                    continue;
                };
                match issue.project_id.as_deref() {
                    Some(p) if wanted.contains(p) => {
                        let entry = out.entry(p.to_string()).or_default();
                        entry.events.extend(events);
                        entry.issues.push(issue);
                    }
                    // Another enabled mapping's issue: its own pass takes it.
                    Some(p) if synced.contains(p) => {}
                    _ => done.extend(events),
                }
            }
            // Not found: deleted (the poll and the link's next read settle it).
            done.extend(by_issue.into_values().flatten());
        }
        if !self.options.dry_run {
            for id in done {
                queue::mark_processed(store.conn(), id, &now)?;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(id: &str, at: &str, title: &str) -> RemoteIssue {
        RemoteIssue {
            id: IssueId(id.into()),
            identifier: id.to_uppercase(),
            url: String::new(),
            title: title.into(),
            description: String::new(),
            state_id: "s".into(),
            assignee_email: None,
            due: None,
            priority: 0,
            labels: BTreeSet::new(),
            updated_at: at.into(),
            archived: false,
            project_id: Some("p".into()),
            parent_id: None,
            attachments: Vec::new(),
            rich: None,
            snapshot: false,
            created_at: None,
        }
    }

    #[test]
    fn one_issue_per_id_the_later_kept() {
        let polled = vec![
            issue("a", "2026-01-01T00:00:02Z", "poll"),
            issue("b", "t", "b"),
        ];
        let queued = vec![
            issue("a", "2026-01-01T00:00:01Z", "older"),
            issue("c", "2026-01-01T00:00:05Z", "c"),
        ];
        let merged = dedupe(polled, queued);
        assert_eq!(merged.len(), 3);
        assert_eq!(merged[0].title, "poll");
        let newer = dedupe(
            vec![issue("a", "2026-01-01T00:00:01Z", "poll")],
            vec![issue("a", "2026-01-01T00:00:03Z", "queued")],
        );
        assert_eq!(newer[0].title, "queued");
    }
}
