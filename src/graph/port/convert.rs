//! Pure conversions between the Graph client's types and the engine's port types: Planner
//! objects → [`RemoteTask`], port writes → Planner bodies, and [`GraphError`] → [`PortError`]
//! (in one function, [`port_error`], so every call maps failures the same way).
//!
//! No I/O here; the adapter in `port.rs` does the requests.

use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::engine::ports::{
    Assignment, DetailsWrite, NewTask, PlannerCheckItem, PortError, PortResult, RemoteDetails,
    RemoteTask, TaskWrite,
};
use crate::graph::types::{CATEGORY_COUNT, PlannerTask, TaskDetails};
use crate::graph::{DetailsPatch, GraphError, TaskPatch, decode_reference_key};
use crate::model::ids::TaskId;

/// The reference `type` the bridge writes (Planner's generic kind).
pub const REFERENCE_KIND: &str = "Other";

/// Every Graph failure in the engine's terms.
///
/// `Transport` (a request that could not be built or a worker that died) is `Exhausted` after
/// one attempt: it is not the change's fault and a later replay may pass. `Decode` (an answer
/// in an undocumented shape), refused delta, and 409/412 that reach here without a fresh
/// object are `Rejected`: retrying the same request cannot fix them.
pub fn port_error(err: GraphError) -> PortError {
    match err {
        GraphError::AuthFailed { code, message, fix } => PortError::Auth(match code {
            Some(code) => format!("{code}: {message}; {fix}"),
            None => format!("{message}; {fix}"),
        }),
        GraphError::Forbidden { scope, message, .. } => PortError::Forbidden {
            scope: scope.to_owned(),
            message,
        },
        GraphError::LimitReached { code, .. } => PortError::Limit(code),
        GraphError::PlanGone { plan_id, .. } => PortError::PlanGone(plan_id),
        GraphError::NotFound { path, .. } => PortError::NotFound(path),
        GraphError::DeltaExpired { .. } => PortError::DeltaExpired,
        GraphError::Exhausted {
            attempts,
            last_status,
            message,
            request_id,
        } => PortError::Exhausted {
            attempts,
            message: match last_status {
                Some(status) => format!("last status {status}: {message}"),
                None => format!("transport: {message}"),
            },
            request_id,
        },
        GraphError::Deferred {
            wait, last_status, ..
        } => PortError::OutOfBudget(format!(
            "Graph asked to wait {:.1}s{}",
            wait.as_secs_f64(),
            last_status.map(|s| format!(" ({s})")).unwrap_or_default()
        )),
        GraphError::Transport(message) => PortError::Exhausted {
            attempts: 1,
            message: format!("cannot send the request: {message}"),
            request_id: None,
        },
        other => PortError::Rejected {
            request_id: other.request_id().map(str::to_owned),
            message: other.to_string(),
        },
    }
}

/// `NotFound` naming the task (batch items otherwise name a `$batch` path).
pub fn slot_error(id: &TaskId, err: GraphError) -> PortError {
    match err {
        GraphError::NotFound { .. } => PortError::NotFound(format!("task {id}")),
        other => port_error(other),
    }
}

/// Details as the engine sees them: references keyed by their decoded URL.
pub fn remote_details(details: TaskDetails) -> RemoteDetails {
    RemoteDetails {
        etag: details.etag.0,
        description: details.description.unwrap_or_default(),
        references: details
            .references
            .into_iter()
            .map(|(key, r)| {
                let url = decode_reference_key(&key).unwrap_or(key);
                (url, r.alias.unwrap_or_default())
            })
            .collect(),
        checklist: details
            .checklist
            .into_iter()
            .map(|(key, c)| {
                let item = PlannerCheckItem {
                    title: c.title,
                    checked: c.is_checked,
                    order_hint: c.order_hint.unwrap_or_default(),
                };
                (key, item)
            })
            .collect(),
    }
}

/// A task with its details. Out-of-range numbers are clamped (percent 0–100, priority 0–10;
/// an absent priority is Planner's default, 5).
pub fn remote_task(task: PlannerTask, details: RemoteDetails) -> RemoteTask {
    let categories = task
        .applied_categories
        .iter()
        .filter(|(_, on)| **on)
        .map(|(k, _)| k.clone())
        .collect();
    let mut assignments: Vec<Assignment> = task
        .assignments
        .iter()
        .map(|(user, a)| Assignment {
            user_id: user.clone(),
            assigned_at: a.assigned_date_time.clone().unwrap_or_default(),
        })
        .collect();
    assignments.sort_by(|a, b| (&a.assigned_at, &a.user_id).cmp(&(&b.assigned_at, &b.user_id)));
    let created_by_app = task.created_by_app().map(str::to_owned);
    RemoteTask {
        id: task.id,
        plan_id: task.plan_id,
        etag: task.etag.0,
        title: task.title,
        bucket_id: task.bucket_id.unwrap_or_default(),
        percent: task.percent_complete.clamp(0, 100) as u8,
        priority: task.priority.unwrap_or(5).clamp(0, 10) as u8,
        due: task.due_date_time.as_deref().and_then(due_date),
        assignments,
        categories,
        created_by_app,
        created_at: task.created_date_time.clone(),
        details,
    }
}

/// `YYYY-MM-DD`: the UTC date of an ISO 8601 `dueDateTime`.
pub fn due_date(due_date_time: &str) -> Option<String> {
    let date = match OffsetDateTime::parse(
        due_date_time,
        &time::format_description::well_known::Rfc3339,
    ) {
        Ok(at) => at.to_offset(UtcOffset::UTC).date(),
        Err(_) => parse_date(due_date_time.get(..10)?)?,
    };
    date.format(format_description!("[year]-[month]-[day]"))
        .ok()
}

fn parse_date(text: &str) -> Option<Date> {
    Date::parse(text, format_description!("[year]-[month]-[day]")).ok()
}

/// The `dueDateTime` for a due date: midnight UTC (`2026-11-30T00:00:00Z`). A full timestamp
/// passes through; anything else is rejected before a request is sent.
pub fn due_date_time(due: &str) -> PortResult<String> {
    if parse_date(due).is_some() {
        return Ok(format!("{due}T00:00:00Z"));
    }
    if due_date(due).is_some() && due.contains('T') {
        return Ok(due.to_owned());
    }
    Err(rejected(format!(
        "invalid due date {due:?} (expected YYYY-MM-DD)"
    )))
}

/// `category7` → 7 (1..=25).
pub fn category_number(key: &str) -> PortResult<u8> {
    key.strip_prefix("category")
        .and_then(|n| n.parse::<u8>().ok())
        .filter(|n| (1..=CATEGORY_COUNT).contains(n))
        .ok_or_else(|| {
            rejected(format!(
                "invalid category key {key:?} (category1..category25)"
            ))
        })
}

fn rejected(message: String) -> PortError {
    PortError::Rejected {
        message,
        request_id: None,
    }
}

/// The PATCH body of a task write (only the fields set).
pub fn task_patch(write: &TaskWrite) -> PortResult<TaskPatch> {
    let mut patch = TaskPatch::new();
    if let Some(title) = &write.title {
        patch = patch.title(title);
    }
    if let Some(bucket) = &write.bucket_id {
        patch = patch.bucket(bucket);
    }
    if let Some(percent) = write.percent {
        patch = patch.percent_complete(i64::from(percent));
    }
    if let Some(priority) = write.priority {
        patch = patch.priority(i64::from(priority));
    }
    if let Some(due) = &write.due {
        let due = due.as_deref().map(due_date_time).transpose()?;
        patch = patch.due(due.as_deref());
    }
    for (user, add) in &write.assignments {
        patch = if *add {
            patch.assign(user)
        } else {
            patch.unassign(user)
        };
    }
    for (key, on) in &write.categories {
        patch = patch.category(category_number(key)?, *on);
    }
    Ok(patch)
}

/// The POST body of a new task (details are written separately).
pub fn new_task_body(new: &NewTask) -> PortResult<crate::graph::NewTask> {
    let mut body = crate::graph::NewTask::new(&new.plan_id, &new.title)
        .percent_complete(i64::from(new.percent))
        .priority(i64::from(new.priority));
    if !new.bucket_id.is_empty() {
        body = body.bucket(&new.bucket_id);
    }
    if let Some(due) = &new.due {
        body = body.due(Some(&due_date_time(due)?));
    }
    for user in &new.assignees {
        body = body.assign(user);
    }
    for key in &new.categories {
        body = body.category(category_number(key)?, true);
    }
    Ok(body)
}

/// The PATCH body of a details write: description and added references (type `Other`).
pub fn details_patch(write: &DetailsWrite) -> DetailsPatch {
    let mut patch = DetailsPatch::new();
    if let Some(text) = &write.description {
        patch = patch.description(text);
    }
    for (url, alias) in &write.add_references {
        patch = patch.reference(url, alias, Some(REFERENCE_KIND));
    }
    for url in &write.remove_references {
        patch = patch.remove_reference(url);
    }
    for (key, item) in &write.checklist {
        patch = match item {
            Some(item) => patch.checklist_entry(key, &item.title, item.done),
            None => patch.remove_checklist_item(key),
        };
    }
    patch
}

/// The details part of a new task.
pub fn new_task_details(new: &NewTask) -> DetailsWrite {
    DetailsWrite {
        description: (!new.description.is_empty()).then(|| new.description.clone()),
        add_references: new.references.clone(),
        ..DetailsWrite::default()
    }
}

/// Same task fields (etags and details aside): nobody else changed the task in between.
pub fn same_fields(a: &RemoteTask, b: &RemoteTask) -> bool {
    let mut b = b.clone();
    b.etag.clone_from(&a.etag);
    b.details.clone_from(&a.details);
    *a == b
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    #[test]
    fn errors_map_one_to_one() {
        let auth = port_error(GraphError::AuthFailed {
            code: Some("AADSTS7000215".into()),
            message: "Invalid client secret".into(),
            fix: "check GRAPH_CLIENT_SECRET".into(),
        });
        assert!(
            matches!(&auth, PortError::Auth(m) if m.contains("AADSTS7000215") && m.contains("GRAPH_CLIENT_SECRET")),
            "{auth:?}"
        );
        let forbidden = port_error(GraphError::Forbidden {
            scope: "User.Read.All",
            code: String::new(),
            message: "denied".into(),
            request_id: None,
        });
        assert!(
            matches!(forbidden, PortError::Forbidden { scope, .. } if scope == "User.Read.All")
        );
        let limit = port_error(GraphError::LimitReached {
            code: "MaximumChecklistItemsOnTask".into(),
            message: "full".into(),
            request_id: None,
        });
        assert!(matches!(limit, PortError::Limit(c) if c == "MaximumChecklistItemsOnTask"));
        let exhausted = port_error(GraphError::Exhausted {
            attempts: 3,
            last_status: Some(503),
            message: "down".into(),
            request_id: Some("r1".into()),
        });
        assert_eq!(exhausted.request_id(), Some("r1"));
        assert!(
            matches!(exhausted, PortError::Exhausted { attempts: 3, ref message, .. } if message.contains("503"))
        );
        let deferred = port_error(GraphError::Deferred {
            wait: Duration::from_secs(90),
            last_status: Some(429),
            request_id: None,
        });
        assert!(matches!(deferred, PortError::OutOfBudget(m) if m.contains("90.0s")));
        let bad = port_error(GraphError::BadRequest {
            status: 400,
            code: "x".into(),
            message: "nope".into(),
            request_id: Some("r2".into()),
        });
        assert!(matches!(bad, PortError::Rejected { ref message, .. } if message.contains("nope")));
        assert_eq!(bad.request_id(), Some("r2"));
        assert!(matches!(
            port_error(GraphError::Transport("bad url".into())),
            PortError::Exhausted { attempts: 1, .. }
        ));
        assert!(matches!(
            port_error(GraphError::Decode {
                what: "x".into(),
                message: "y".into(),
                request_id: None
            }),
            PortError::Rejected { .. }
        ));
        assert!(matches!(
            port_error(GraphError::DeltaExpired {
                code: "resyncRequired".into(),
                request_id: None
            }),
            PortError::DeltaExpired
        ));
        assert!(matches!(
            port_error(GraphError::PlanGone {
                plan_id: "p".into(),
                request_id: None
            }),
            PortError::PlanGone(p) if p == "p"
        ));
    }

    #[test]
    fn due_dates_are_utc_dates() {
        assert_eq!(
            due_date("2026-11-30T00:00:00Z").as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(
            due_date("2026-11-30T23:30:00-02:00").as_deref(),
            Some("2026-12-01")
        );
        assert_eq!(
            due_date("2026-11-30T10:00:00.0000000Z").as_deref(),
            Some("2026-11-30")
        );
        assert_eq!(due_date("garbage"), None);
        assert_eq!(due_date_time("2026-11-30").unwrap(), "2026-11-30T00:00:00Z");
        assert!(due_date_time("30/11/2026").is_err());
    }

    #[test]
    fn writes_become_patches() {
        let write = TaskWrite {
            title: Some("T".into()),
            due: Some(None),
            assignments: BTreeMap::from([("u1".into(), true), ("u2".into(), false)]),
            categories: BTreeMap::from([("category25".into(), false)]),
            ..TaskWrite::default()
        };
        let patch = task_patch(&write).unwrap().to_json();
        assert_eq!(patch["title"], "T");
        assert_eq!(patch["dueDateTime"], json!(null));
        assert_eq!(patch["assignments"]["u2"], json!(null));
        assert_eq!(
            patch["assignments"]["u1"]["@odata.type"],
            "#microsoft.graph.plannerAssignment"
        );
        assert_eq!(patch["appliedCategories"]["category25"], json!(false));
        let bad = TaskWrite {
            categories: BTreeMap::from([("category26".into(), true)]),
            ..TaskWrite::default()
        };
        assert!(matches!(task_patch(&bad), Err(PortError::Rejected { .. })));

        let details = details_patch(&DetailsWrite {
            description: Some("d".into()),
            add_references: BTreeMap::from([("https://x.io/a".into(), "A".into())]),
            ..DetailsWrite::default()
        })
        .to_json();
        assert_eq!(details["references"]["https%3A//x%2Eio/a"]["type"], "Other");
        assert_eq!(details["references"]["https%3A//x%2Eio/a"]["alias"], "A");
    }
}
