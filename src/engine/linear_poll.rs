//! The Linear request budget of a pass (issue 12): one `changes` query for every selected
//! mapping instead of one each, and no full poll at all while webhooks are flowing, except
//! every `linear.reconcile_every`.
//!
//! Cursors stay per mapping. The shared query asks from the oldest mapping cursor with no tie
//! ids (so nothing at that instant is dropped for anyone), then each mapping keeps its own
//! project's issues that are new to its own cursor, by the same rule the port applies: newer
//! than the cursor, or at exactly its instant and not among the ids it already saw. So a
//! mapping never skips an issue its own poll would have returned, and never sees one twice.
//!
//! While webhook events arrived within `linear.webhook_window` and every mapping polled fully
//! within `reconcile_every`, the poll is skipped: the queue carries the changes, and the Linear
//! cursors are left as they are (their `updated_at` is the time of the last full poll), so the
//! next full poll re-reads everything the webhooks may have missed.

use std::collections::BTreeMap;

use time::OffsetDateTime;

use crate::clock::parse_ts;
use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{
    LinearCursor, LinearPort, PlannerPort, PortError, PortResult, RemoteIssue,
};
use crate::model::ids::{IssueId, MappingId};
use crate::store::cursors::{self, Side};
use crate::store::mappings::Mapping;
use crate::store::{Store, queue};

/// What one mapping gets from the pass's Linear read: its issues and its next cursor
/// (`None`: the poll was skipped, keep the cursor as it is).
pub(crate) type LinearRead = Result<(Vec<RemoteIssue>, Option<LinearCursor>), PortError>;

/// The pass's Linear read, handed out per mapping.
pub(crate) struct LinearPoll {
    per_mapping: BTreeMap<MappingId, (Vec<RemoteIssue>, Option<LinearCursor>)>,
    failed: Option<PortError>,
    /// Why the full poll was skipped, when it was.
    pub skipped: Option<String>,
}

impl LinearPoll {
    /// This mapping's share (a failed poll fails every mapping, each handled on its own).
    pub(crate) fn take(&mut self, mapping: MappingId) -> LinearRead {
        if let Some(err) = &self.failed {
            return Err(err.clone());
        }
        Ok(self.per_mapping.remove(&mapping).unwrap_or_default())
    }
}

/// The pass's Linear read as decided before it is sent: one query for every mapping, from
/// the oldest cursor (or none, while webhooks flow).
pub(crate) struct PollPlan {
    own: BTreeMap<MappingId, Option<LinearCursor>>,
    pub projects: Vec<String>,
    pub since: Option<LinearCursor>,
    /// Why the full poll is skipped, when it is.
    pub skipped: Option<String>,
}

impl PollPlan {
    /// The mapping's own cursor.
    pub(crate) fn cursor(&self, mapping: MappingId) -> Option<&LinearCursor> {
        self.own.get(&mapping).and_then(Option::as_ref)
    }

    /// Hand the poll's answer out per mapping (`None`: it was skipped), each mapping keeping
    /// what is new to its own cursor.
    pub(crate) fn share(
        self,
        selected: &[Mapping],
        answer: Option<PortResult<(Vec<RemoteIssue>, LinearCursor)>>,
    ) -> LinearPoll {
        let mut poll = LinearPoll {
            per_mapping: BTreeMap::new(),
            failed: None,
            skipped: self.skipped,
        };
        let issues = match answer {
            None => {
                for m in selected {
                    poll.per_mapping.insert(m.id, (Vec::new(), None));
                }
                return poll;
            }
            Some(Ok((issues, _))) => issues,
            Some(Err(err)) => {
                poll.failed = Some(err);
                return poll;
            }
        };
        let mut by_project: BTreeMap<String, Vec<RemoteIssue>> = BTreeMap::new();
        for issue in issues {
            if let Some(p) = issue.project_id.clone() {
                by_project.entry(p).or_default().push(issue);
            }
        }
        for m in selected {
            let mine = by_project.remove(&m.linear_project_id).unwrap_or_default();
            let cursor = self.own.get(&m.id).cloned().flatten();
            let (kept, next) = advance(cursor.as_ref(), mine);
            poll.per_mapping.insert(m.id, (kept, Some(next)));
        }
        poll
    }
}

fn instant(text: &str) -> Option<OffsetDateTime> {
    parse_ts(text).ok()
}

/// Compare two `updatedAt` values by time (text order when one does not parse).
fn cmp_at(a: &str, b: &str) -> std::cmp::Ordering {
    match (instant(a), instant(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// Whether an issue at `updated_at` is new to `cursor`: later than it, or at its instant and
/// not among the ids it already saw.
pub(crate) fn is_new(cursor: Option<&LinearCursor>, id: &IssueId, updated_at: &str) -> bool {
    match cursor {
        None => true,
        Some(c) => match cmp_at(updated_at, &c.updated_at) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => !c.tie_ids.contains(&id.0),
            std::cmp::Ordering::Less => false,
        },
    }
}

/// The issues new to `cursor` and the cursor after them (unchanged when none is new).
pub(crate) fn advance(
    cursor: Option<&LinearCursor>,
    issues: Vec<RemoteIssue>,
) -> (Vec<RemoteIssue>, LinearCursor) {
    let mut next = cursor.cloned().unwrap_or_default();
    let kept: Vec<RemoteIssue> = issues
        .into_iter()
        .filter(|i| is_new(cursor, &i.id, &i.updated_at))
        .collect();
    for issue in &kept {
        match cmp_at(&issue.updated_at, &next.updated_at) {
            _ if next.updated_at.is_empty() => {
                next.updated_at = issue.updated_at.clone();
                next.tie_ids = vec![issue.id.0.clone()];
            }
            std::cmp::Ordering::Greater => {
                next.updated_at = issue.updated_at.clone();
                next.tie_ids = vec![issue.id.0.clone()];
            }
            std::cmp::Ordering::Equal if !next.tie_ids.contains(&issue.id.0) => {
                next.tie_ids.push(issue.id.0.clone());
            }
            _ => {}
        }
    }
    next.tie_ids.sort();
    (kept, next)
}

/// Parse a duration like `10m`, `90s`, `1h` (a bare number is minutes).
pub fn parse_every(text: &str) -> Result<time::Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "m"),
    };
    let n: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 10m, 90s or 1h"))?;
    match unit.trim() {
        "s" => Ok(time::Duration::seconds(n)),
        "m" | "min" => Ok(time::Duration::minutes(n)),
        "h" => Ok(time::Duration::hours(n)),
        _ => Err(format!("`{text}` is not a duration like 10m, 90s or 1h")),
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Plan the pass's one Linear read for every selected mapping (or its skipping while
    /// webhooks flow); `engine/early.rs` sends it.
    pub(crate) fn plan_poll(
        &self,
        store: &Store,
        selected: &[Mapping],
    ) -> Result<PollPlan, EngineError> {
        let mut own: BTreeMap<MappingId, Option<LinearCursor>> = BTreeMap::new();
        let mut last_full: Vec<Option<OffsetDateTime>> = Vec::new();
        for m in selected {
            let row = cursors::get(store.conn(), m.id, Side::Linear)?;
            last_full.push(
                row.as_ref()
                    .filter(|c| !c.position.is_empty())
                    .and_then(|c| instant(&c.updated_at)),
            );
            let cursor = row
                .filter(|c| !c.position.is_empty())
                .map(|c| LinearCursor {
                    updated_at: c.position,
                    tie_ids: c.tie_ids,
                });
            own.insert(m.id, cursor);
        }
        let skipped = self.skip_reason(store, &last_full)?;
        // From the oldest cursor, no ties: every mapping's new issues are in the answer.
        let since = if own.values().any(Option::is_none) {
            None
        } else {
            own.values()
                .flatten()
                .min_by(|a, b| cmp_at(&a.updated_at, &b.updated_at))
                .map(|c| LinearCursor {
                    updated_at: c.updated_at.clone(),
                    tie_ids: Vec::new(),
                })
        };
        let projects = selected
            .iter()
            .map(|m| m.linear_project_id.clone())
            .collect();
        Ok(PollPlan {
            own,
            projects,
            since,
            skipped,
        })
    }

    /// Why the full poll can wait: webhooks arrived within the window and every mapping
    /// polled fully within `reconcile_every`. `None`: poll now.
    fn skip_reason(
        &self,
        store: &Store,
        last_full: &[Option<OffsetDateTime>],
    ) -> Result<Option<String>, EngineError> {
        let cfg = &self.config.linear;
        let (Ok(every), Ok(window)) = (
            parse_every(&cfg.reconcile_every),
            parse_every(&cfg.webhook_window),
        ) else {
            return Ok(None);
        };
        let now = self.clock.now();
        let fresh = queue::last_received(store.conn())?
            .and_then(|t| instant(&t))
            .is_some_and(|t| now - t <= window);
        if !fresh || last_full.is_empty() {
            return Ok(None);
        }
        let oldest = last_full
            .iter()
            .try_fold(now, |acc, t| t.map(|t| acc.min(t)));
        match oldest {
            Some(oldest) if now - oldest < every => Ok(Some(format!(
                "webhooks are flowing; the full Linear poll runs every {} (next in {}s)",
                cfg.reconcile_every,
                (every - (now - oldest)).whole_seconds()
            ))),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(id: &str, at: &str) -> RemoteIssue {
        RemoteIssue::bare(id, "p", at)
    }

    fn ids(v: &[RemoteIssue]) -> Vec<&str> {
        v.iter().map(|i| i.id.0.as_str()).collect()
    }

    const T1: &str = "2026-11-25T12:00:01.000Z";
    const T2: &str = "2026-11-25T12:00:02.000Z";

    #[test]
    fn each_mapping_keeps_what_is_new_to_its_own_cursor() {
        let read = || vec![issue("a", T1), issue("b", T1), issue("c", T2)];
        // No cursor: everything, cursor at the newest instant.
        let (kept, next) = advance(None, read());
        assert_eq!(ids(&kept), ["a", "b", "c"]);
        assert_eq!(
            (next.updated_at.as_str(), next.tie_ids.clone()),
            (T2, vec!["c".into()])
        );
        // A cursor at T1 that saw a: b (same instant, unseen) and c.
        let at = LinearCursor {
            updated_at: T1.into(),
            tie_ids: vec!["a".into()],
        };
        let (kept, next) = advance(Some(&at), read());
        assert_eq!(ids(&kept), ["b", "c"]);
        assert_eq!(next.updated_at, T2);
        // A cursor at T2 that saw c: nothing new, the cursor stays.
        let late = LinearCursor {
            updated_at: T2.into(),
            tie_ids: vec!["c".into()],
        };
        let (kept, next) = advance(Some(&late), read());
        assert!(kept.is_empty());
        assert_eq!(next, late);
        // Ties at the newest instant accumulate.
        let (_, next) = advance(
            Some(&LinearCursor {
                updated_at: T2.into(),
                tie_ids: vec!["x".into()],
            }),
            read(),
        );
        assert_eq!(next.tie_ids, vec!["c".to_string(), "x".to_string()]);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_every("10m").unwrap(), time::Duration::minutes(10));
        assert_eq!(parse_every("90s").unwrap(), time::Duration::seconds(90));
        assert_eq!(parse_every("1h").unwrap(), time::Duration::hours(1));
        assert_eq!(parse_every("5").unwrap(), time::Duration::minutes(5));
        assert!(parse_every("soon").is_err());
    }
}
