//! Filter views: the JSON an entity is filtered as (see `filter.rs`), dates as epoch ms.

use serde_json::{Map, Value, json};

use super::state::{Issue, State, User};

/// The filterable view of a user.
pub fn user_view(user: &User, viewer_id: &str) -> Value {
    json!({
        "id": user.id, "email": user.email, "name": user.name, "displayName": user.display_name,
        "active": user.active, "admin": false, "app": false, "invited": false, "isMe": user.id == viewer_id,
        "createdAt": user.created_at_ms, "updatedAt": user.updated_at_ms,
    })
}

/// The filterable view of an issue, limited to `keys` (fields no filter names cost nothing;
/// `attachments`, for one, scans every attachment).
pub fn issue_view(st: &State, issue: &Issue, viewer_id: &str, keys: &[String]) -> Value {
    let user = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| st.user(id))
            .map(|u| user_view(u, viewer_id))
    };
    let mut view = Map::new();
    for key in keys {
        let value = match key.as_str() {
            "id" => json!(issue.id),
            "title" => json!(issue.title),
            "description" => json!(issue.description),
            "priority" => json!(issue.priority),
            "number" => json!(issue.number),
            "dueDate" => json!(issue.due_date),
            "createdAt" => json!(issue.created_at_ms),
            "updatedAt" => json!(issue.updated_at_ms),
            "archivedAt" => json!(issue.archived_at_ms),
            "state" => json!(
                st.workflow_state(&issue.state_id)
                    .map(|s| json!({"id": s.id, "name": s.name, "type": s.kind}))
            ),
            "team" => json!(
                st.team(&issue.team_id)
                    .map(|t| json!({"id": t.id, "key": t.key, "name": t.name}))
            ),
            "project" => json!(
                issue
                    .project_id
                    .as_deref()
                    .and_then(|id| st.project(id))
                    .map(|p| json!({"id": p.id, "name": p.name, "slugId": p.slug_id}))
            ),
            "cycle" => json!(
                issue
                    .cycle_id
                    .as_deref()
                    .and_then(|id| st.cycle(id))
                    .map(|c| json!({"id": c.id, "name": c.name, "number": c.number}))
            ),
            "parent" => json!(
                issue
                    .parent_id
                    .as_deref()
                    .and_then(|id| st.issues.get(id))
                    .map(|p| json!({"id": p.id, "title": p.title, "number": p.number}))
            ),
            "assignee" => json!(user(&issue.assignee_id)),
            "creator" => json!(user(&issue.creator_id)),
            "labels" => json!(
                issue
                    .label_ids
                    .iter()
                    .filter_map(|id| st.label(id))
                    .map(|l| json!({"id": l.id, "name": l.name}))
                    .collect::<Vec<_>>()
            ),
            "attachments" => json!(
                st.attachments
                    .iter()
                    .filter(|a| a.issue_id == issue.id)
                    .map(|a| json!({"id": a.id, "url": a.url, "title": a.title}))
                    .collect::<Vec<_>>()
            ),
            // Unsupported: leave it out so `matches` names it in an error.
            _ => continue,
        };
        view.insert(key.clone(), value);
    }
    Value::Object(view)
}
