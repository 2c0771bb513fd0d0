//! Webhook payloads built from the state at the moment of a write.
//!
//! Shapes follow Linear's data-change webhooks: `{action, type, data, updatedFrom, url,
//! createdAt, actor, organizationId, webhookId}`; `data` is the entity with its foreign keys
//! (`stateId`, `labelIds`, …) plus a few embedded objects; `updatedFrom` holds the previous
//! values of the fields that changed (and the previous `updatedAt`).

use serde_json::{Map, Value, json};

use super::clock::format_ms;
use super::state::{Attachment, Comment, Issue, Label, State};
use super::webhook::WebhookEvent;

/// Priority names as Linear labels them.
pub fn priority_label(priority: u8) -> &'static str {
    match priority {
        1 => "Urgent",
        2 => "High",
        3 => "Medium",
        4 => "Low",
        _ => "No priority",
    }
}

fn opt_ms(ms: Option<i64>) -> Value {
    ms.map_or(Value::Null, |ms| Value::from(format_ms(ms)))
}

/// The fields of an issue that `updatedFrom` compares, as webhook JSON.
pub fn issue_snapshot(issue: &Issue) -> Map<String, Value> {
    let value = json!({
        "title": issue.title,
        "description": issue.description,
        "priority": issue.priority,
        "stateId": issue.state_id,
        "assigneeId": issue.assignee_id,
        "labelIds": issue.label_ids,
        "cycleId": issue.cycle_id,
        "projectId": issue.project_id,
        "parentId": issue.parent_id,
        "dueDate": issue.due_date,
        "archivedAt": opt_ms(issue.archived_at_ms),
        "trashed": issue.trashed,
        "updatedAt": format_ms(issue.updated_at_ms),
    });
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// `data` of an Issue event.
pub fn issue_data(st: &State, issue: &Issue) -> Value {
    let mut data = issue_snapshot(issue);
    let extra = json!({
        "id": issue.id,
        "createdAt": format_ms(issue.created_at_ms),
        "number": issue.number,
        "identifier": st.identifier(issue),
        "url": st.issue_url(issue),
        "priorityLabel": priority_label(issue.priority),
        "teamId": issue.team_id,
        "creatorId": issue.creator_id,
        "sortOrder": issue.sort_order,
        "state": st.workflow_state(&issue.state_id).map(|s| json!({
            "id": s.id, "name": s.name, "type": s.kind, "color": s.color,
        })),
        "team": st.team(&issue.team_id).map(|t| json!({"id": t.id, "key": t.key, "name": t.name})),
        "assignee": issue.assignee_id.as_deref().and_then(|id| st.user(id)).map(|u| json!({
            "id": u.id, "name": u.name, "email": u.email,
        })),
        "labels": issue.label_ids.iter().filter_map(|id| st.label(id)).map(|l| json!({
            "id": l.id, "name": l.name, "color": l.color,
        })).collect::<Vec<_>>(),
        "cycle": issue.cycle_id.as_deref().and_then(|id| st.cycle(id)).map(|c| json!({
            "id": c.id, "name": c.name, "number": c.number,
        })),
        "project": issue.project_id.as_deref().and_then(|id| st.project(id)).map(|p| json!({
            "id": p.id, "name": p.name,
        })),
    });
    if let Value::Object(extra) = extra {
        data.extend(extra);
    }
    Value::Object(data)
}

/// Previous values of every field whose value differs between two snapshots.
pub fn updated_from(before: &Map<String, Value>, after: &Map<String, Value>) -> Value {
    let changed: Map<String, Value> = before
        .iter()
        .filter(|(k, v)| after.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::Object(changed)
}

pub fn comment_data(st: &State, comment: &Comment) -> Value {
    json!({
        "id": comment.id,
        "body": comment.body,
        "issueId": comment.issue_id,
        "userId": comment.user_id,
        "createdAt": format_ms(comment.created_at_ms),
        "updatedAt": format_ms(comment.updated_at_ms),
        "user": comment.user_id.as_deref().and_then(|id| st.user(id)).map(|u| json!({
            "id": u.id, "name": u.name, "email": u.email,
        })),
        "issue": st.issues.get(&comment.issue_id).map(|i| json!({
            "id": i.id, "identifier": st.identifier(i), "title": i.title,
        })),
    })
}

pub fn label_data(label: &Label) -> Value {
    json!({
        "id": label.id,
        "name": label.name,
        "color": label.color,
        "description": label.description,
        "teamId": label.team_id,
        "createdAt": format_ms(label.created_at_ms),
        "updatedAt": format_ms(label.updated_at_ms),
    })
}

pub fn attachment_data(att: &Attachment) -> Value {
    json!({
        "id": att.id,
        "issueId": att.issue_id,
        "url": att.url,
        "title": att.title,
        "subtitle": att.subtitle,
        "createdAt": format_ms(att.created_at_ms),
        "updatedAt": format_ms(att.updated_at_ms),
    })
}

/// Queue an event when a webhook is configured (no cost otherwise).
pub fn record(
    st: &mut State,
    action: &str,
    kind: &str,
    data: Value,
    updated_from: Option<Value>,
    url: String,
    actor_id: &str,
) {
    let Some(config) = &st.webhook else {
        return;
    };
    let webhook_id = config.webhook_id.clone();
    let actor = st.user(actor_id).map_or(
        Value::Null,
        |u| json!({"id": u.id, "type": "user", "name": u.name, "email": u.email}),
    );
    let mut payload = Map::new();
    payload.insert("action".into(), action.into());
    payload.insert("type".into(), kind.into());
    payload.insert("data".into(), data);
    if let Some(from) = updated_from {
        payload.insert("updatedFrom".into(), from);
    }
    payload.insert("url".into(), url.into());
    payload.insert("createdAt".into(), format_ms(st.clock.peek_ms()).into());
    payload.insert("actor".into(), actor);
    payload.insert("organizationId".into(), st.org.id.clone().into());
    payload.insert("webhookId".into(), webhook_id.into());
    st.pending_events.push(WebhookEvent { payload });
}
