//! Pure translations between the Linear client's types and the engine's port types: errors,
//! issues, workflow states, labels, the polling cursor and the write inputs. No I/O here, so each rule is a
//! table test; `port.rs` does the calls.

use std::collections::BTreeMap;

use super::cursor;
use super::error::LinearError;
use super::mutations::{IssueCreateInput, IssueUpdateInput};
use super::port_queries::{PolledIssue, PortIssue, PortLabel, UpdatedIssue};
use super::queries::WorkflowState as LinearState;
use super::scalars::{Patch, TimelessDate};
use crate::engine::ports::{IssueWrite, LinearCursor, NewIssue, PortError, RemoteIssue};
use crate::model::ids::IssueId;
use crate::model::state::{StateType, WorkflowState};

/// What a missing permission is called in alerts and hints.
pub const FORBIDDEN_SCOPE: &str = "Linear API key permissions";

/// Linear's code for an id that names nothing.
pub const NOT_FOUND_CODE: &str = "ENTITY_NOT_FOUND";

/// The one place a [`LinearError`] becomes a [`PortError`]:
///
/// - a wrong or revoked key → `Auth` (pause, exit 3), naming `LINEAR_API_KEY`;
/// - FORBIDDEN → `Forbidden` naming the key's permissions;
/// - rate limit or transient failures on every attempt → `Exhausted` (dead-letter);
/// - a wait past the pass's time budget → `OutOfBudget` (the change stays queued);
/// - `ENTITY_NOT_FOUND` (or HTTP 404) → `NotFound`;
/// - anything else Linear refused or answered oddly → `Rejected` (dead-letter).
pub fn port_error(err: LinearError) -> PortError {
    let message = err.to_string();
    match err {
        LinearError::Auth { message } => PortError::Auth(format!(
            "check LINEAR_API_KEY: Linear rejected it ({message})"
        )),
        LinearError::Forbidden { .. } => PortError::Forbidden {
            scope: FORBIDDEN_SCOPE.into(),
            message,
        },
        LinearError::RateLimited { attempts, .. }
        | LinearError::RetriesExhausted { attempts, .. } => PortError::Exhausted {
            attempts,
            message,
            request_id: None,
        },
        LinearError::OverBudget { .. } => PortError::OutOfBudget(message),
        LinearError::GraphQl {
            code: Some(code), ..
        } if code == NOT_FOUND_CODE => PortError::NotFound(message),
        LinearError::Http { status: 404, .. } => PortError::NotFound(message),
        LinearError::GraphQl { .. }
        | LinearError::Http { .. }
        | LinearError::Decode { .. }
        | LinearError::Unexpected { .. }
        | LinearError::Setup(_) => PortError::Rejected {
            message,
            request_id: None,
        },
    }
}

/// True when Linear says the entity does not exist.
pub fn is_not_found(err: &LinearError) -> bool {
    err.code() == Some(NOT_FOUND_CODE) || matches!(err, LinearError::Http { status: 404, .. })
}

/// The engine's view of an issue. Priority is read as a float and clamped to 0–4.
pub fn remote_issue(issue: PortIssue) -> RemoteIssue {
    let mut remote = polled_issue(issue.issue);
    remote.attachments = issue.attachments.nodes.into_iter().map(|a| a.url).collect();
    remote
}

/// [`remote_issue`] of an issue read by the sync poll: no attachment URLs.
pub fn polled_issue(issue: PolledIssue) -> RemoteIssue {
    RemoteIssue {
        id: IssueId(issue.id.into_inner()),
        identifier: issue.identifier,
        url: issue.url,
        title: issue.title,
        description: issue.description.unwrap_or_default(),
        state_id: issue.state.id.into_inner(),
        assignee_email: issue.assignee.map(|a| a.email),
        due: issue.due_date.map(|d| d.0),
        priority: issue.priority.round().clamp(0.0, 4.0) as u8,
        labels: issue.labels.nodes.into_iter().map(|l| l.name).collect(),
        updated_at: issue.updated_at.0,
        archived: issue.archived_at.is_some() || issue.trashed == Some(true),
        project_id: issue.project.map(|p| p.id.into_inner()),
        parent_id: issue.parent.map(|p| IssueId(p.id.into_inner())),
        attachments: Vec::new(),
        rich: None,
        created_at: Some(issue.created_at.0),
        snapshot: false,
    }
}

/// An issue read whole (port and rich fields in one answer): [`RemoteIssue::snapshot`].
pub fn snapshot_issue(whole: UpdatedIssue) -> RemoteIssue {
    let mut issue = remote_issue(whole.issue);
    issue.rich = Some(crate::linear::port_rich::issue_rich(whole.rich).1);
    issue.snapshot = true;
    issue
}

/// Workflow states the engine understands; a state of a type this version does not know is
/// left out (no issue can be moved into it, and issues in it keep their task's bucket).
pub fn workflow_states(states: Vec<LinearState>) -> Vec<WorkflowState> {
    states
        .into_iter()
        .filter_map(|s| {
            Some(WorkflowState {
                kind: StateType::parse(&s.kind)?,
                id: s.id.into_inner(),
                name: s.name,
                position: s.position,
            })
        })
        .collect()
}

/// Label name → id for a team: workspace labels, then the team's own (which win a clash).
pub fn label_map(team_id: &str, labels: &[PortLabel]) -> BTreeMap<String, String> {
    let workspace = labels.iter().filter(|l| l.team.is_none());
    let own = labels.iter().filter(|l| is_team_label(l, team_id));
    workspace
        .chain(own)
        .map(|l| (l.name.clone(), l.id.inner().to_string()))
        .collect()
}

/// The label named `name` (ignoring case) usable in the team, its own label first.
pub fn find_label<'a>(team_id: &str, labels: &'a [PortLabel], name: &str) -> Option<&'a PortLabel> {
    let named = |l: &&PortLabel| l.name.to_lowercase() == name.to_lowercase();
    let mut usable = labels
        .iter()
        .filter(|l| l.team.is_none() || is_team_label(l, team_id));
    let first = usable
        .clone()
        .find(|l| named(l) && is_team_label(l, team_id));
    first.or_else(|| usable.find(named))
}

fn is_team_label(label: &PortLabel, team_id: &str) -> bool {
    label.team.as_ref().is_some_and(|t| t.id.inner() == team_id)
}

/// The client's cursor for the engine's.
pub fn to_client_cursor(c: &LinearCursor) -> cursor::LinearCursor {
    cursor::LinearCursor {
        updated_at: c.updated_at.clone(),
        seen_ids: c.tie_ids.clone(),
    }
}

/// The engine's cursor for the client's.
pub fn from_client_cursor(c: cursor::LinearCursor) -> LinearCursor {
    LinearCursor {
        updated_at: c.updated_at,
        tie_ids: c.seen_ids,
    }
}

/// The `issueCreate` input of a new issue (empty description, state and labels and no
/// priority left out: Linear applies its defaults, the team's default state and no priority).
pub fn create_input(new: &NewIssue) -> IssueCreateInput {
    IssueCreateInput {
        id: Some(new.id.0.clone()),
        team_id: new.team_id.clone(),
        title: Some(new.title.clone()),
        description: Some(new.description.clone()).filter(|d| !d.is_empty()),
        project_id: Some(new.project_id.clone()),
        state_id: Some(new.state_id.clone()).filter(|s| !s.is_empty()),
        assignee_id: new.assignee_id.clone(),
        priority: Some(i32::from(new.priority)).filter(|p| *p != 0),
        due_date: new.due.clone().map(TimelessDate),
        label_ids: Some(new.label_ids.clone()).filter(|l| !l.is_empty()),
        cycle_id: None,
        parent_id: None,
    }
}

/// The `issueUpdate` input of a write: `None` fields are not sent, `Some(None)` sends null.
pub fn update_input(write: &IssueWrite) -> IssueUpdateInput {
    let patch = |value: &Option<Option<String>>| match value {
        None => Patch::Keep,
        Some(v) => Patch::from_option(v.clone()),
    };
    IssueUpdateInput {
        title: write.title.clone(),
        description: write.description.clone().map_or(Patch::Keep, Patch::Set),
        state_id: write.state_id.clone(),
        assignee_id: patch(&write.assignee_id),
        priority: write.priority.map(i32::from),
        due_date: match patch(&write.due) {
            Patch::Keep => Patch::Keep,
            Patch::Clear => Patch::Clear,
            Patch::Set(d) => Patch::Set(TimelessDate(d)),
        },
        cycle_id: Patch::Keep,
        added_label_ids: Some(write.add_label_ids.clone()).filter(|l| !l.is_empty()),
        removed_label_ids: Some(write.remove_label_ids.clone()).filter(|l| !l.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::linear::port_queries::TeamId;

    fn gql(code: &str) -> LinearError {
        LinearError::GraphQl {
            operation: "Op".into(),
            code: Some(code.into()),
            message: "m".into(),
        }
    }

    #[test]
    fn errors_map_to_port_kinds() {
        let op = || "Op".to_string();
        let table: Vec<(LinearError, &str)> = vec![
            (
                LinearError::Auth {
                    message: "bad".into(),
                },
                "auth",
            ),
            (
                LinearError::Forbidden {
                    operation: op(),
                    message: "no".into(),
                },
                "forbidden",
            ),
            (
                LinearError::RateLimited {
                    operation: op(),
                    attempts: 3,
                    reset_in: None,
                },
                "exhausted",
            ),
            (
                LinearError::RetriesExhausted {
                    operation: op(),
                    attempts: 2,
                    last: "503".into(),
                },
                "exhausted",
            ),
            (
                LinearError::OverBudget {
                    operation: op(),
                    wait: Duration::from_secs(9),
                    last: "x".into(),
                },
                "out_of_budget",
            ),
            (gql(NOT_FOUND_CODE), "not_found"),
            (
                LinearError::Http {
                    operation: op(),
                    status: 404,
                    body: String::new(),
                },
                "not_found",
            ),
            (gql("INPUT_ERROR"), "rejected"),
            (gql("GRAPHQL_VALIDATION_FAILED"), "rejected"),
            (
                LinearError::Decode {
                    operation: op(),
                    path: "a".into(),
                    message: "b".into(),
                },
                "rejected",
            ),
            (
                LinearError::Unexpected {
                    operation: op(),
                    what: "no".into(),
                },
                "rejected",
            ),
        ];
        for (err, kind) in table {
            let text = format!("{err:?}");
            assert_eq!(port_error(err).kind(), kind, "{text}");
        }
        match port_error(LinearError::Auth {
            message: "bad".into(),
        }) {
            PortError::Auth(m) => assert!(m.starts_with("check LINEAR_API_KEY"), "{m}"),
            other => panic!("{other:?}"),
        }
        match port_error(LinearError::Forbidden {
            operation: op(),
            message: "no".into(),
        }) {
            PortError::Forbidden { scope, .. } => assert_eq!(scope, FORBIDDEN_SCOPE),
            other => panic!("{other:?}"),
        }
        match port_error(LinearError::RateLimited {
            operation: op(),
            attempts: 3,
            reset_in: None,
        }) {
            PortError::Exhausted { attempts, .. } => assert_eq!(attempts, 3),
            other => panic!("{other:?}"),
        }
    }

    fn label(id: &str, name: &str, team: Option<&str>) -> PortLabel {
        PortLabel {
            id: cynic::Id::new(id),
            name: name.into(),
            team: team.map(|t| TeamId {
                id: cynic::Id::new(t),
            }),
        }
    }

    #[test]
    fn team_labels_win_over_workspace_labels() {
        let labels = vec![
            label("w1", "Customer", None),
            label("w2", "Bug", None),
            label("t1", "Bug", Some("T")),
            label("o1", "Other", Some("U")),
        ];
        let map = label_map("T", &labels);
        assert_eq!(map.get("Bug").map(String::as_str), Some("t1"));
        assert_eq!(map.get("Customer").map(String::as_str), Some("w1"));
        assert_eq!(map.get("Other"), None);
        assert_eq!(
            find_label("T", &labels, "bug").map(|l| l.id.inner()),
            Some("t1")
        );
        assert_eq!(
            find_label("T", &labels, "CUSTOMER").map(|l| l.id.inner()),
            Some("w1")
        );
        assert_eq!(find_label("T", &labels, "other"), None);
    }

    #[test]
    fn unknown_state_types_are_left_out() {
        let state = |id: &str, kind: &str| LinearState {
            id: cynic::Id::new(id),
            name: id.into(),
            kind: kind.into(),
            position: 1.0,
        };
        let states = workflow_states(vec![state("a", "started"), state("b", "someday")]);
        assert_eq!(states.len(), 1);
        assert_eq!(states[0].kind, StateType::Started);
    }

    #[test]
    fn writes_keep_set_or_clear_each_field() {
        let input = update_input(&IssueWrite {
            assignee_id: Some(None),
            due: Some(Some("2030-01-01".into())),
            add_label_ids: vec!["l".into()],
            ..IssueWrite::default()
        });
        assert_eq!(input.assignee_id, Patch::Clear);
        assert_eq!(
            input.due_date,
            Patch::Set(TimelessDate("2030-01-01".into()))
        );
        assert_eq!(input.description, Patch::Keep);
        assert_eq!(input.added_label_ids, Some(vec!["l".to_string()]));
        assert_eq!(input.removed_label_ids, None);
        assert_eq!(
            update_input(&IssueWrite::default()),
            IssueUpdateInput::default()
        );
    }

    #[test]
    fn cursors_round_trip() {
        let c = LinearCursor {
            updated_at: "2026-11-25T12:00:00.001Z".into(),
            tie_ids: vec!["a".into(), "b".into()],
        };
        assert_eq!(from_client_cursor(to_client_cursor(&c)), c);
    }
}
