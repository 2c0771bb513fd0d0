//! Issue writes, shared by the GraphQL mutations and the human-edit API.
//!
//! One code path for both means a human edit and a bridge write bump `updatedAt`, check
//! references and emit webhooks identically. Every reference is checked before anything
//! changes, so a refused write leaves the state untouched.

use super::error::ApiError;
use super::events::{self, issue_data, issue_snapshot, updated_from};
use super::state::{Issue, State};

/// Fields of a new issue (`IssueCreateInput`, minus what the sandbox ignores).
#[derive(Debug, Clone, Default)]
pub struct IssueDraft {
    /// Client-chosen UUID; a second create with it is refused, never duplicated.
    pub id: Option<String>,
    pub team_id: String,
    pub title: String,
    pub description: Option<String>,
    pub priority: Option<i64>,
    pub state_id: Option<String>,
    pub assignee_id: Option<String>,
    pub label_ids: Vec<String>,
    pub cycle_id: Option<String>,
    pub project_id: Option<String>,
    pub parent_id: Option<String>,
    pub due_date: Option<String>,
}

/// A change to an issue. `Some(None)` clears a nullable field; `None` leaves it alone.
#[derive(Debug, Clone, Default)]
pub struct IssuePatch {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub priority: Option<i64>,
    pub state_id: Option<String>,
    pub assignee_id: Option<Option<String>>,
    pub due_date: Option<Option<String>>,
    pub cycle_id: Option<Option<String>>,
    pub project_id: Option<Option<String>>,
    pub parent_id: Option<Option<String>>,
    /// Replaces the whole label set (races with humans; the bridge should not use it).
    pub label_ids: Option<Vec<String>>,
    pub added_label_ids: Vec<String>,
    pub removed_label_ids: Vec<String>,
}

/// Keep the first occurrence of each id, in order.
fn unique(ids: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn check_priority(priority: i64) -> Result<u8, ApiError> {
    u8::try_from(priority)
        .ok()
        .filter(|p| *p <= 4)
        .ok_or_else(|| ApiError::input(format!("priority must be between 0 and 4, got {priority}")))
}

fn check_due(due: &str) -> Result<(), ApiError> {
    if super::clock::is_timeless_date(due) {
        Ok(())
    } else {
        Err(ApiError::input(format!(
            "dueDate must be YYYY-MM-DD, got {due:?}"
        )))
    }
}

/// Check every reference a value of the issue would hold, for an issue in `team_id`.
fn check_refs(
    st: &State,
    team_id: &str,
    issue_id: Option<&str>,
    p: &IssuePatch,
) -> Result<(), ApiError> {
    if let Some(state_id) = &p.state_id {
        let ok = st
            .workflow_state(state_id)
            .is_some_and(|s| s.team_id == team_id);
        if !ok {
            return Err(ApiError::not_found("WorkflowState"));
        }
    }
    if let Some(Some(user)) = &p.assignee_id
        && st.user(user).is_none_or(|u| !u.active)
    {
        return Err(ApiError::not_found("User"));
    }
    if let Some(Some(cycle)) = &p.cycle_id
        && st.cycle(cycle).is_none_or(|c| c.team_id != team_id)
    {
        return Err(ApiError::not_found("Cycle"));
    }
    if let Some(Some(project)) = &p.project_id
        && st.project(project).is_none()
    {
        return Err(ApiError::not_found("Project"));
    }
    if let Some(Some(parent)) = &p.parent_id {
        let Some(parent_issue) = st.issues.get(parent) else {
            return Err(ApiError::not_found("Issue"));
        };
        // A parent cannot be the issue itself or one of its descendants.
        let mut cursor = Some(parent_issue);
        while let Some(ancestor) = cursor {
            if Some(ancestor.id.as_str()) == issue_id {
                return Err(ApiError::input("an issue cannot be its own ancestor"));
            }
            cursor = ancestor
                .parent_id
                .as_deref()
                .and_then(|id| st.issues.get(id));
        }
    }
    let labels = p.label_ids.iter().flatten().chain(&p.added_label_ids);
    for label_id in labels {
        if st
            .label(label_id)
            .is_none_or(|l| !st.label_usable_in(l, team_id))
        {
            return Err(ApiError::not_found("IssueLabel"));
        }
    }
    if let Some(priority) = p.priority {
        check_priority(priority)?;
    }
    if let Some(Some(due)) = &p.due_date {
        check_due(due)?;
    }
    Ok(())
}

/// The state a new issue lands in without `stateId`: the team's first backlog state, else its
/// first unstarted one (Linear's default "Backlog"/"Todo").
fn default_state(st: &State, team_id: &str) -> Option<String> {
    let of_kind = |kind: &str| {
        st.states
            .iter()
            .filter(|s| s.team_id == team_id && s.kind == kind)
            .min_by(|a, b| a.position.total_cmp(&b.position))
            .map(|s| s.id.clone())
    };
    of_kind("backlog").or_else(|| of_kind("unstarted"))
}

/// Create an issue; returns its id. Refuses a client id that exists or existed.
pub fn create_issue(st: &mut State, actor_id: &str, draft: IssueDraft) -> Result<String, ApiError> {
    let id = match &draft.id {
        Some(id) => {
            if uuid::Uuid::parse_str(id).is_err() {
                return Err(ApiError::input(format!("id must be a UUID, got {id:?}")));
            }
            if st.issues.contains_key(id) || st.deleted_issue_ids.contains(id) {
                return Err(ApiError::input(format!(
                    "Issue with id {id} already exists"
                )));
            }
            id.clone()
        }
        None => uuid::Uuid::new_v4().to_string(),
    };
    if st.team(&draft.team_id).is_none() {
        return Err(ApiError::not_found("Team"));
    }
    let patch = IssuePatch {
        priority: draft.priority,
        state_id: draft.state_id.clone(),
        assignee_id: Some(draft.assignee_id.clone()),
        due_date: Some(draft.due_date.clone()),
        cycle_id: Some(draft.cycle_id.clone()),
        project_id: Some(draft.project_id.clone()),
        parent_id: Some(draft.parent_id.clone()),
        label_ids: Some(draft.label_ids.clone()),
        ..IssuePatch::default()
    };
    check_refs(st, &draft.team_id, None, &patch)?;
    let state_id = match draft.state_id {
        Some(s) => s,
        None => {
            default_state(st, &draft.team_id).ok_or_else(|| ApiError::not_found("WorkflowState"))?
        }
    };
    let now = st.clock.tick();
    let Some(team) = st.teams.iter_mut().find(|t| t.id == draft.team_id) else {
        return Err(ApiError::not_found("Team"));
    };
    let number = team.next_number;
    team.next_number += 1;
    let label_ids = unique(draft.label_ids);
    let issue = Issue {
        id: id.clone(),
        team_id: draft.team_id,
        number,
        title: draft.title,
        description: draft.description,
        priority: check_priority(draft.priority.unwrap_or(0))?,
        state_id,
        assignee_id: draft.assignee_id,
        creator_id: Some(actor_id.to_owned()),
        label_ids,
        cycle_id: draft.cycle_id,
        project_id: draft.project_id,
        parent_id: draft.parent_id,
        due_date: draft.due_date,
        sort_order: -(number as f64),
        created_at_ms: now,
        updated_at_ms: now,
        archived_at_ms: None,
        trashed: false,
    };
    let identifier = st.identifier(&issue);
    st.identifiers.insert(identifier, id.clone());
    st.issues.insert(id.clone(), issue);
    emit_issue(st, "create", &id, None, actor_id);
    Ok(id)
}

/// Apply a patch. Bumps `updatedAt` (and emits a webhook) only when something changed.
pub fn update_issue(
    st: &mut State,
    actor_id: &str,
    id: &str,
    p: IssuePatch,
) -> Result<(), ApiError> {
    let Some(issue) = st.issue_by_key(id) else {
        return Err(ApiError::not_found("Issue"));
    };
    let id = issue.id.clone();
    let team_id = issue.team_id.clone();
    check_refs(st, &team_id, Some(&id), &p)?;
    for removed in &p.removed_label_ids {
        if st.label(removed).is_none() {
            return Err(ApiError::not_found("IssueLabel"));
        }
    }
    let Some(issue) = st.issues.get_mut(&id) else {
        return Err(ApiError::not_found("Issue"));
    };
    let before = issue_snapshot(issue);
    let mut next = issue.clone();
    if let Some(title) = p.title {
        next.title = title;
    }
    if let Some(description) = p.description {
        next.description = description;
    }
    if let Some(priority) = p.priority {
        next.priority = check_priority(priority)?;
    }
    if let Some(state_id) = p.state_id {
        next.state_id = state_id;
    }
    if let Some(assignee) = p.assignee_id {
        next.assignee_id = assignee;
    }
    if let Some(due) = p.due_date {
        next.due_date = due;
    }
    if let Some(cycle) = p.cycle_id {
        next.cycle_id = cycle;
    }
    if let Some(project) = p.project_id {
        next.project_id = project;
    }
    if let Some(parent) = p.parent_id {
        next.parent_id = parent;
    }
    if let Some(labels) = p.label_ids {
        next.label_ids = unique(labels);
    }
    for added in p.added_label_ids {
        if !next.label_ids.contains(&added) {
            next.label_ids.push(added);
        }
    }
    next.label_ids.retain(|l| !p.removed_label_ids.contains(l));
    if issue_snapshot(&next) == before {
        return Ok(());
    }
    next.updated_at_ms = st.clock.tick();
    let after = issue_snapshot(&next);
    st.issues.insert(id.clone(), next);
    emit_issue(
        st,
        "update",
        &id,
        Some(updated_from(&before, &after)),
        actor_id,
    );
    Ok(())
}

pub(super) fn emit_issue(
    st: &mut State,
    action: &str,
    id: &str,
    from: Option<serde_json::Value>,
    actor_id: &str,
) {
    if st.webhook.is_none() {
        return;
    }
    let Some(issue) = st.issues.get(id) else {
        return;
    };
    let data = issue_data(st, issue);
    let url = st.issue_url(issue);
    events::record(st, action, "Issue", data, from, url, actor_id);
}
