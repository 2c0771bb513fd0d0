//! Field resolvers of the modelled entity types (Issue, User, Team, WorkflowState, IssueLabel,
//! Cycle, Project, Comment, Attachment, Organization).
//!
//! Each answers the fields the sandbox models and `Out::Unmodelled` for the rest; relation
//! lists go through `lists.rs` so filters and paging behave as on the root fields.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::{Ctx, Node, Out, Res};
use crate::sandbox::linear::clock::format_ms;
use crate::sandbox::linear::error::ApiError;
use crate::sandbox::linear::events::priority_label;
use crate::sandbox::linear::lists;
use crate::sandbox::linear::state::{State, slug};

fn ts(ms: i64) -> Out {
    Out::leaf(format_ms(ms))
}

fn opt_ts(ms: Option<i64>) -> Out {
    ms.map_or(Out::Null, ts)
}

fn opt_text(text: &Option<String>) -> Out {
    text.clone().map_or(Out::Null, Out::leaf)
}

fn page(result: Result<super::Page, ApiError>) -> Res {
    result.map(|p| Out::Node(Node::Connection(Rc::new(p))))
}

/// Resolve `field` of an entity node.
pub fn resolve(st: &State, ctx: &Ctx, node: &Node, field: &str, args: &Map<String, Value>) -> Res {
    let actor = ctx.actor_id.as_str();
    match node {
        Node::Issue(id) => issue(st, actor, id, field, args),
        Node::User(id) => user(st, actor, id, field, args),
        Node::Team(id) => team(st, actor, id, field, args),
        Node::WorkflowState(id) => workflow_state(st, actor, id, field, args),
        Node::IssueLabel(id) => label(st, actor, id, field, args),
        Node::Cycle(id) => cycle(st, actor, id, field, args),
        Node::Project(id) => project(st, actor, id, field, args),
        Node::Comment(id) => comment(st, id, field),
        Node::Attachment(id) => attachment(st, id, field),
        Node::Organization => organization(st, actor, field, args),
        _ => Ok(Out::Unmodelled),
    }
}

fn issue(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(i) = st.issues.get(id) else {
        return Err(ApiError::not_found("Issue"));
    };
    Ok(match field {
        "id" => Out::leaf(i.id.as_str()),
        "identifier" => Out::leaf(st.identifier(i)),
        "number" => Out::leaf(i.number as f64),
        "url" => Out::leaf(st.issue_url(i)),
        "title" => Out::leaf(i.title.as_str()),
        "description" => opt_text(&i.description),
        "priority" => Out::leaf(f64::from(i.priority)),
        "priorityLabel" => Out::leaf(priority_label(i.priority)),
        "dueDate" => opt_text(&i.due_date),
        "createdAt" => ts(i.created_at_ms),
        "updatedAt" => ts(i.updated_at_ms),
        "archivedAt" => opt_ts(i.archived_at_ms),
        "trashed" => {
            if i.trashed {
                Out::leaf(true)
            } else {
                Out::Null
            }
        }
        "sortOrder" | "boardOrder" | "prioritySortOrder" => Out::leaf(i.sort_order),
        "labelIds" => Out::leaf(i.label_ids.clone()),
        "customerTicketCount" => Out::leaf(0),
        "inheritsSharedAccess" => Out::leaf(false),
        "branchName" => Out::leaf(format!(
            "{}-{}",
            st.identifier(i).to_lowercase(),
            slug(&i.title)
        )),
        "state" => Out::Node(Node::WorkflowState(i.state_id.clone())),
        "team" => Out::Node(Node::Team(i.team_id.clone())),
        "assignee" => Out::opt_node(i.assignee_id.clone().map(Node::User)),
        "creator" => Out::opt_node(i.creator_id.clone().map(Node::User)),
        "cycle" => Out::opt_node(i.cycle_id.clone().map(Node::Cycle)),
        "project" => Out::opt_node(i.project_id.clone().map(Node::Project)),
        "parent" => Out::opt_node(
            i.parent_id
                .as_ref()
                .filter(|p| st.issues.contains_key(*p))
                .cloned()
                .map(Node::Issue),
        ),
        "children" => {
            return page(lists::issues(st, actor, args, &|c| {
                c.parent_id.as_deref() == Some(id)
            }));
        }
        "labels" => {
            let rows = lists::label_rows(st, &|l| i.label_ids.contains(&l.id));
            return page(lists::rows(st, "IssueLabelConnection", args, rows));
        }
        "comments" => {
            return page(lists::rows(
                st,
                "CommentConnection",
                args,
                lists::comment_rows(st, Some(id)),
            ));
        }
        "attachments" => {
            let rows = lists::attachment_rows(st, &|a| a.issue_id == id);
            return page(lists::rows(st, "AttachmentConnection", args, rows));
        }
        _ => Out::Unmodelled,
    })
}

fn user(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(u) = st.user(id) else {
        return Err(ApiError::not_found("User"));
    };
    Ok(match field {
        "id" => Out::leaf(u.id.as_str()),
        "name" => Out::leaf(u.name.as_str()),
        "displayName" => Out::leaf(u.display_name.as_str()),
        "email" => Out::leaf(u.email.as_str()),
        "active" => Out::leaf(u.active),
        "admin" | "app" | "guest" | "owner" => Out::leaf(false),
        "isMe" => Out::leaf(u.id == actor),
        "isAssignable" | "isMentionable" => Out::leaf(u.active),
        "initials" => Out::leaf(
            u.name
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect::<String>(),
        ),
        "url" => Out::leaf(format!(
            "{}/{}/profiles/{}",
            st.public_base, st.org.url_key, u.display_name
        )),
        "createdAt" => ts(u.created_at_ms),
        "updatedAt" => ts(u.updated_at_ms),
        "organization" => Out::Node(Node::Organization),
        "assignedIssues" => {
            return page(lists::issues(st, actor, args, &|i| {
                i.assignee_id.as_deref() == Some(id)
            }));
        }
        "createdIssues" => {
            return page(lists::issues(st, actor, args, &|i| {
                i.creator_id.as_deref() == Some(id)
            }));
        }
        "teams" => {
            let rows = lists::team_rows(st, &|t| {
                st.team(t)
                    .is_some_and(|t| t.member_ids.iter().any(|m| m == id))
            });
            return page(lists::rows(st, "TeamConnection", args, rows));
        }
        _ => Out::Unmodelled,
    })
}

fn team(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(t) = st.team(id) else {
        return Err(ApiError::not_found("Team"));
    };
    Ok(match field {
        "id" => Out::leaf(t.id.as_str()),
        "key" => Out::leaf(t.key.as_str()),
        "name" | "displayName" => Out::leaf(t.name.as_str()),
        "createdAt" => ts(t.created_at_ms),
        "updatedAt" => ts(t.updated_at_ms),
        "private" => Out::leaf(false),
        "triageEnabled" | "cyclesEnabled" => Out::leaf(true),
        "timezone" => Out::leaf("UTC"),
        "issueCount" => Out::leaf(st.issues.values().filter(|i| i.team_id == id).count()),
        "organization" => Out::Node(Node::Organization),
        "activeCycle" => {
            let now = st.clock.peek_ms();
            let active = st
                .cycles
                .iter()
                .find(|c| c.team_id == id && c.starts_at_ms <= now && now < c.ends_at_ms);
            Out::opt_node(active.map(|c| Node::Cycle(c.id.clone())))
        }
        "states" => {
            return page(lists::rows(
                st,
                "WorkflowStateConnection",
                args,
                lists::state_rows(st, Some(id)),
            ));
        }
        "labels" => {
            let rows = lists::label_rows(st, &|l| st.label_usable_in(l, id));
            return page(lists::rows(st, "IssueLabelConnection", args, rows));
        }
        "cycles" => {
            return page(lists::rows(
                st,
                "CycleConnection",
                args,
                lists::cycle_rows(st, Some(id)),
            ));
        }
        "members" => {
            return page(lists::users(st, actor, args, &|u| {
                t.member_ids.iter().any(|m| m == u)
            }));
        }
        "issues" => return page(lists::issues(st, actor, args, &|i| i.team_id == id)),
        "projects" => {
            let rows = lists::project_rows(st, &|p| p.team_ids.iter().any(|t| t == id));
            return page(lists::rows(st, "ProjectConnection", args, rows));
        }
        _ => Out::Unmodelled,
    })
}

fn workflow_state(
    st: &State,
    actor: &str,
    id: &str,
    field: &str,
    args: &Map<String, Value>,
) -> Res {
    let Some(s) = st.workflow_state(id) else {
        return Err(ApiError::not_found("WorkflowState"));
    };
    Ok(match field {
        "id" => Out::leaf(s.id.as_str()),
        "name" => Out::leaf(s.name.as_str()),
        "type" => Out::leaf(s.kind.as_str()),
        "color" => Out::leaf(s.color.as_str()),
        "position" => Out::leaf(s.position),
        "createdAt" => ts(s.created_at_ms),
        "updatedAt" => ts(s.updated_at_ms),
        "team" => Out::Node(Node::Team(s.team_id.clone())),
        "issues" => return page(lists::issues(st, actor, args, &|i| i.state_id == id)),
        _ => Out::Unmodelled,
    })
}

fn label(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(l) = st.label(id) else {
        return Err(ApiError::not_found("IssueLabel"));
    };
    Ok(match field {
        "id" => Out::leaf(l.id.as_str()),
        "name" => Out::leaf(l.name.as_str()),
        "color" => Out::leaf(l.color.as_str()),
        "description" => opt_text(&l.description),
        "isGroup" => Out::leaf(false),
        "createdAt" => ts(l.created_at_ms),
        "updatedAt" => ts(l.updated_at_ms),
        "team" => Out::opt_node(l.team_id.clone().map(Node::Team)),
        "parent" => Out::Null,
        "issues" => {
            return page(lists::issues(st, actor, args, &|i| {
                i.label_ids.iter().any(|x| x == id)
            }));
        }
        _ => Out::Unmodelled,
    })
}

fn cycle(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(c) = st.cycle(id) else {
        return Err(ApiError::not_found("Cycle"));
    };
    let now = st.clock.peek_ms();
    Ok(match field {
        "id" => Out::leaf(c.id.as_str()),
        "number" => Out::leaf(c.number as f64),
        "name" => opt_text(&c.name),
        "startsAt" => ts(c.starts_at_ms),
        "endsAt" => ts(c.ends_at_ms),
        "createdAt" => ts(c.created_at_ms),
        "updatedAt" => ts(c.updated_at_ms),
        "isActive" => Out::leaf(c.starts_at_ms <= now && now < c.ends_at_ms),
        "isFuture" => Out::leaf(c.starts_at_ms > now),
        "isPast" => Out::leaf(c.ends_at_ms <= now),
        "isNext" | "isPrevious" => Out::leaf(false),
        "progress" => Out::leaf(0.0),
        "team" => Out::Node(Node::Team(c.team_id.clone())),
        "issues" => {
            return page(lists::issues(st, actor, args, &|i| {
                i.cycle_id.as_deref() == Some(id)
            }));
        }
        _ => Out::Unmodelled,
    })
}

fn project(st: &State, actor: &str, id: &str, field: &str, args: &Map<String, Value>) -> Res {
    let Some(p) = st.project(id) else {
        return Err(ApiError::not_found("Project"));
    };
    Ok(match field {
        "id" => Out::leaf(p.id.as_str()),
        "name" => Out::leaf(p.name.as_str()),
        "description" => Out::leaf(p.description.as_str()),
        "slugId" => Out::leaf(p.slug_id.as_str()),
        "url" => Out::leaf(format!(
            "{}/{}/project/{}",
            st.public_base, st.org.url_key, p.slug_id
        )),
        "createdAt" => ts(p.created_at_ms),
        "updatedAt" => ts(p.updated_at_ms),
        "priority" => Out::leaf(0),
        "priorityLabel" => Out::leaf(priority_label(0)),
        "progress" | "scope" => Out::leaf(0.0),
        "issues" => {
            return page(lists::issues(st, actor, args, &|i| {
                i.project_id.as_deref() == Some(id)
            }));
        }
        "teams" => {
            let rows = lists::team_rows(st, &|t| p.team_ids.iter().any(|x| x == t));
            return page(lists::rows(st, "TeamConnection", args, rows));
        }
        _ => Out::Unmodelled,
    })
}

fn comment(st: &State, id: &str, field: &str) -> Res {
    let Some(c) = st.comment(id) else {
        return Err(ApiError::not_found("Comment"));
    };
    Ok(match field {
        "id" => Out::leaf(c.id.as_str()),
        "body" => Out::leaf(c.body.as_str()),
        "createdAt" => ts(c.created_at_ms),
        "updatedAt" => ts(c.updated_at_ms),
        "user" => Out::opt_node(c.user_id.clone().map(Node::User)),
        "issue" => Out::Node(Node::Issue(c.issue_id.clone())),
        "url" => Out::leaf(
            st.issues
                .get(&c.issue_id)
                .map(|i| st.issue_url(i))
                .unwrap_or_default(),
        ),
        "hideInLinear" | "isArtificialAgentSessionRoot" => Out::leaf(false),
        _ => Out::Unmodelled,
    })
}

fn attachment(st: &State, id: &str, field: &str) -> Res {
    let Some(a) = st.attachment(id) else {
        return Err(ApiError::not_found("Attachment"));
    };
    Ok(match field {
        "id" => Out::leaf(a.id.as_str()),
        "url" => Out::leaf(a.url.as_str()),
        "title" => Out::leaf(a.title.as_str()),
        "subtitle" => opt_text(&a.subtitle),
        "createdAt" => ts(a.created_at_ms),
        "updatedAt" => ts(a.updated_at_ms),
        "metadata" => Out::leaf(Value::Object(Map::new())),
        "groupBySource" => Out::leaf(false),
        "issue" => Out::Node(Node::Issue(a.issue_id.clone())),
        "creator" => Out::opt_node(a.creator_id.clone().map(Node::User)),
        _ => Out::Unmodelled,
    })
}

fn organization(st: &State, actor: &str, field: &str, args: &Map<String, Value>) -> Res {
    Ok(match field {
        "id" => Out::leaf(st.org.id.as_str()),
        "name" => Out::leaf(st.org.name.as_str()),
        "urlKey" => Out::leaf(st.org.url_key.as_str()),
        "userCount" => Out::leaf(st.users.iter().filter(|u| u.active).count()),
        "users" => return page(lists::users(st, actor, args, &|_| true)),
        "teams" => {
            return page(lists::rows(
                st,
                "TeamConnection",
                args,
                lists::team_rows(st, &|_| true),
            ));
        }
        "labels" => {
            return page(lists::rows(
                st,
                "IssueLabelConnection",
                args,
                lists::label_rows(st, &|_| true),
            ));
        }
        _ => Out::Unmodelled,
    })
}
