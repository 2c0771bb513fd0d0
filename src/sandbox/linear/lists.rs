//! Connection builders: which records a list field holds, filtered, ordered and paged.
//!
//! Root fields (`issues`, `users`, …) and relation fields (`team.states`, `issue.children`, …)
//! share these, each passing a `scope` predicate for the relation. Archived issues are left
//! out unless `includeArchived: true`, as in Linear.

use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::filter::{filter_keys, matches};
use super::objects::{Item, Node, Page, PageRequest, paginate};
use super::state::{Issue, State};
use super::views::{issue_view, user_view};

fn item(sort_ms: i64, id: &str, node: Node) -> Item {
    Item {
        sort_ms,
        id: id.to_owned(),
        node,
    }
}

fn filter_of(args: &Map<String, Value>) -> Option<&Map<String, Value>> {
    args.get("filter").and_then(Value::as_object)
}

/// The ids an `id: {eq}` or `id: {in}` condition allows (deduplicated), if the filter has one.
fn id_candidates(filter: &Map<String, Value>) -> Option<std::collections::BTreeSet<&str>> {
    let cond = filter.get("id")?.as_object()?;
    if let Some(eq) = cond.get("eq").and_then(Value::as_str) {
        return Some(std::iter::once(eq).collect());
    }
    let list = cond.get("in")?.as_array()?;
    list.iter().map(Value::as_str).collect()
}

/// Issues in `scope`, per the arguments of an `issues`-like field.
pub fn issues(
    st: &State,
    actor: &str,
    args: &Map<String, Value>,
    scope: &dyn Fn(&Issue) -> bool,
) -> Result<Page, ApiError> {
    let req = PageRequest::from_args(args)?;
    let filter = filter_of(args);
    let keys = filter.map(filter_keys).unwrap_or_default();
    let now = st.clock.peek_ms();
    let mut items = Vec::new();
    // Top-level filter keys are ANDed, so an `id` condition bounds the candidates: look them
    // up instead of testing every issue (every other condition is still tested below).
    let candidates: Box<dyn Iterator<Item = &Issue>> = match filter.and_then(id_candidates) {
        Some(ids) => Box::new(ids.into_iter().filter_map(|id| st.issues.get(id))),
        None => Box::new(st.issues.values()),
    };
    for issue in candidates {
        if !scope(issue) || (issue.archived_at_ms.is_some() && !req.include_archived) {
            continue;
        }
        if let Some(f) = filter
            && !matches(&issue_view(st, issue, actor, &keys), f, now)?
        {
            continue;
        }
        let sort = if req.by_updated {
            issue.updated_at_ms
        } else {
            issue.created_at_ms
        };
        items.push(item(sort, &issue.id, Node::Issue(issue.id.clone())));
    }
    let key_of = |id: &str| {
        st.issues.get(id).map(|i| {
            if req.by_updated {
                i.updated_at_ms
            } else {
                i.created_at_ms
            }
        })
    };
    paginate("IssueConnection", items, &req, &key_of)
}

/// Users in `scope`.
pub fn users(
    st: &State,
    actor: &str,
    args: &Map<String, Value>,
    scope: &dyn Fn(&str) -> bool,
) -> Result<Page, ApiError> {
    let req = PageRequest::from_args(args)?;
    let include_disabled = args.get("includeDisabled").and_then(Value::as_bool) == Some(true);
    let now = st.clock.peek_ms();
    let mut items = Vec::new();
    for user in &st.users {
        if !scope(&user.id) || (!user.active && !include_disabled) {
            continue;
        }
        if let Some(f) = filter_of(args)
            && !matches(&user_view(user, actor), f, now)?
        {
            continue;
        }
        let sort = if req.by_updated {
            user.updated_at_ms
        } else {
            user.created_at_ms
        };
        items.push(item(sort, &user.id, Node::User(user.id.clone())));
    }
    let key_of = |id: &str| {
        st.user(id).map(|u| {
            if req.by_updated {
                u.updated_at_ms
            } else {
                u.created_at_ms
            }
        })
    };
    paginate("UserConnection", items, &req, &key_of)
}

/// A generic list of small records: (created, updated, id, node, filter view).
pub struct Row {
    pub created_ms: i64,
    pub updated_ms: i64,
    pub id: String,
    pub node: Node,
    pub view: Value,
}

/// Page over rows built by the caller (states, labels, cycles, teams, projects, comments,
/// attachments).
pub fn rows(
    st: &State,
    type_name: &str,
    args: &Map<String, Value>,
    rows: Vec<Row>,
) -> Result<Page, ApiError> {
    let req = PageRequest::from_args(args)?;
    let now = st.clock.peek_ms();
    let mut keys = std::collections::HashMap::new();
    let mut items = Vec::new();
    for row in rows {
        let sort = if req.by_updated {
            row.updated_ms
        } else {
            row.created_ms
        };
        keys.insert(row.id.clone(), sort);
        if let Some(f) = filter_of(args)
            && !matches(&row.view, f, now)?
        {
            continue;
        }
        items.push(item(sort, &row.id, row.node));
    }
    paginate(type_name, items, &req, &|id| keys.get(id).copied())
}

pub fn state_rows(st: &State, team_id: Option<&str>) -> Vec<Row> {
    st.states
        .iter()
        .filter(|s| team_id.is_none_or(|t| s.team_id == t))
        .map(|s| Row {
            created_ms: s.created_at_ms,
            updated_ms: s.updated_at_ms,
            id: s.id.clone(),
            node: Node::WorkflowState(s.id.clone()),
            view: json!({"id": s.id, "name": s.name, "type": s.kind, "position": s.position,
                "team": {"id": s.team_id}, "createdAt": s.created_at_ms, "updatedAt": s.updated_at_ms}),
        })
        .collect()
}

pub fn label_rows(st: &State, scope: &dyn Fn(&super::state::Label) -> bool) -> Vec<Row> {
    st.labels
        .iter()
        .filter(|l| scope(l))
        .map(|l| Row {
            created_ms: l.created_at_ms,
            updated_ms: l.updated_at_ms,
            id: l.id.clone(),
            node: Node::IssueLabel(l.id.clone()),
            view: json!({"id": l.id, "name": l.name, "team": l.team_id.as_ref().map(|t| json!({"id": t})),
                "createdAt": l.created_at_ms, "updatedAt": l.updated_at_ms}),
        })
        .collect()
}

pub fn cycle_rows(st: &State, team_id: Option<&str>) -> Vec<Row> {
    st.cycles
        .iter()
        .filter(|c| team_id.is_none_or(|t| c.team_id == t))
        .map(|c| Row {
            created_ms: c.created_at_ms,
            updated_ms: c.updated_at_ms,
            id: c.id.clone(),
            node: Node::Cycle(c.id.clone()),
            view: json!({"id": c.id, "name": c.name, "number": c.number, "team": {"id": c.team_id},
                "startsAt": c.starts_at_ms, "endsAt": c.ends_at_ms,
                "createdAt": c.created_at_ms, "updatedAt": c.updated_at_ms}),
        })
        .collect()
}

pub fn team_rows(st: &State, scope: &dyn Fn(&str) -> bool) -> Vec<Row> {
    st.teams
        .iter()
        .filter(|t| scope(&t.id))
        .map(|t| Row {
            created_ms: t.created_at_ms,
            updated_ms: t.updated_at_ms,
            id: t.id.clone(),
            node: Node::Team(t.id.clone()),
            view: json!({"id": t.id, "key": t.key, "name": t.name,
                "createdAt": t.created_at_ms, "updatedAt": t.updated_at_ms}),
        })
        .collect()
}

pub fn project_rows(st: &State, scope: &dyn Fn(&super::state::Project) -> bool) -> Vec<Row> {
    st.projects
        .iter()
        .filter(|p| scope(p))
        .map(|p| Row {
            created_ms: p.created_at_ms,
            updated_ms: p.updated_at_ms,
            id: p.id.clone(),
            node: Node::Project(p.id.clone()),
            view: json!({"id": p.id, "name": p.name, "slugId": p.slug_id,
                "createdAt": p.created_at_ms, "updatedAt": p.updated_at_ms}),
        })
        .collect()
}

pub fn comment_rows(st: &State, issue_id: Option<&str>) -> Vec<Row> {
    st.comments
        .iter()
        .filter(|c| issue_id.is_none_or(|i| c.issue_id == i))
        .filter(|c| st.issues.contains_key(&c.issue_id))
        .map(|c| Row {
            created_ms: c.created_at_ms,
            updated_ms: c.updated_at_ms,
            id: c.id.clone(),
            node: Node::Comment(c.id.clone()),
            view: json!({"id": c.id, "body": c.body, "issue": {"id": c.issue_id},
                "user": c.user_id.as_ref().map(|u| json!({"id": u})),
                "createdAt": c.created_at_ms, "updatedAt": c.updated_at_ms}),
        })
        .collect()
}

pub fn attachment_rows(st: &State, scope: &dyn Fn(&super::state::Attachment) -> bool) -> Vec<Row> {
    st.attachments
        .iter()
        .filter(|a| scope(a))
        .map(|a| Row {
            created_ms: a.created_at_ms,
            updated_ms: a.updated_at_ms,
            id: a.id.clone(),
            node: Node::Attachment(a.id.clone()),
            view: json!({"id": a.id, "url": a.url, "title": a.title, "subtitle": a.subtitle,
                "createdAt": a.created_at_ms, "updatedAt": a.updated_at_ms}),
        })
        .collect()
}
