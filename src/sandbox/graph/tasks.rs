//! Planner tasks: the paged plan listing, GET, POST (201 + body), PATCH and DELETE with the
//! If-Match rules (missing → 400, `*` → 400, stale → 412), and the rendering of a task.
//!
//! The create/delete cores are shared with the human edit API so both leave the same trail:
//! new etags, delta log entries, tombstones for `@removed`.

use std::collections::{BTreeMap, HashMap};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::auth::authorize;
use super::error::ApiError;
use super::plans::identity;
use super::state::{Actor, Details, Task, World, etag, new_id, now_rfc3339, order_hint};
use super::{
    GraphState, Permission, check_if_match, json_object, task_rules, wants_representation,
};

/// The v1.0 plannerTask representation.
pub fn render_task(task: &Task) -> Value {
    let assignments: Map<String, Value> = task
        .assignments
        .iter()
        .map(|(uid, a)| {
            let v = json!({
                "@odata.type": "#microsoft.graph.plannerAssignment",
                "assignedDateTime": a.assigned,
                "orderHint": a.order_hint,
                "assignedBy": identity(&a.assigned_by),
            });
            (uid.clone(), v)
        })
        .collect();
    let categories: BTreeMap<&String, bool> =
        task.categories.iter().map(|(k, v)| (k, *v)).collect();
    let d = &task.details;
    json!({
        "@odata.etag": etag(task.etag_seq),
        "planId": task.plan_id,
        "bucketId": task.bucket_id,
        "title": task.title,
        "orderHint": task.order_hint,
        "assigneePriority": task.assignee_priority,
        "percentComplete": task.percent_complete,
        "priority": task.priority,
        "startDateTime": task.start,
        "createdDateTime": task.created,
        "dueDateTime": task.due,
        "hasDescription": !d.description.is_empty(),
        "previewType": task.preview_type,
        "completedDateTime": task.completed,
        "completedBy": task.completed_by.as_ref().map(identity),
        "referenceCount": d.references.len(),
        "checklistItemCount": d.checklist.len(),
        "activeChecklistItemCount": d.checklist.values().filter(|c| !c.is_checked).count(),
        "conversationThreadId": task.conversation_thread_id,
        "id": task.id,
        "createdBy": identity(&task.created_by),
        "appliedCategories": categories,
        "assignments": assignments,
    })
}

pub(crate) fn find_task<'w>(world: &'w World, id: &str) -> Result<&'w Task, ApiError> {
    world
        .tasks
        .get(id)
        .ok_or_else(|| ApiError::not_found("task"))
}

/// Creates a task from a POST body; returns its id. Enforces planId/title and the
/// tasks-per-plan limit.
pub fn create_core(
    world: &mut World,
    body: &Map<String, Value>,
    actor: &Actor,
) -> Result<String, ApiError> {
    let plan_id = match body.get("planId") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(ApiError::bad_request("The planId property is required.")),
    };
    if !body.get("title").is_some_and(Value::is_string) {
        return Err(ApiError::bad_request("The title property is required."));
    }
    let plan = world
        .plans
        .get(&plan_id)
        .ok_or_else(|| ApiError::not_found("plan"))?;
    let limit = world.limits.max_tasks_per_plan;
    if plan.task_ids.len() >= limit {
        return Err(ApiError::limit(
            "MaximumTasksInProject",
            &format!("The plan already contains the maximum number of tasks ({limit})."),
        ));
    }
    let mut task = blank_task(world, &plan_id, actor);
    task_rules::apply(world, &mut task, body, actor, true)?;
    Ok(insert_task(world, task))
}

/// A new, empty task (not inserted) created by `actor`.
pub fn blank_task(world: &World, plan_id: &str, actor: &Actor) -> Task {
    let hint = order_hint(world.current_seq());
    Task {
        id: new_id(),
        plan_id: plan_id.to_owned(),
        bucket_id: None,
        title: String::new(),
        order_hint: hint.clone(),
        assignee_priority: hint,
        percent_complete: 0,
        priority: 5,
        start: None,
        due: None,
        completed: None,
        completed_by: None,
        created: now_rfc3339(),
        created_by: actor.clone(),
        conversation_thread_id: None,
        preview_type: "automatic".to_owned(),
        assignments: BTreeMap::new(),
        categories: BTreeMap::new(),
        etag_seq: 0,
        changed_seq: 0,
        details: Details {
            preview_type: "automatic".to_owned(),
            ..Details::default()
        },
    }
}

/// Inserts a prepared task into its plan with fresh etags and a delta log position.
pub fn insert_task(world: &mut World, mut task: Task) -> String {
    let seq = world.next_seq();
    task.etag_seq = seq;
    task.changed_seq = seq;
    task.details.etag_seq = seq;
    let id = task.id.clone();
    if let Some(p) = world.plans.get_mut(&task.plan_id) {
        p.task_ids.insert(id.clone());
    }
    world.tasks.insert(id.clone(), task);
    id
}

/// Applies a PATCH body (already authorized and etag-checked) and bumps the etag.
pub fn patch_core(
    world: &mut World,
    id: &str,
    body: &Map<String, Value>,
    actor: &Actor,
) -> Result<(), ApiError> {
    let mut task = find_task(world, id)?.clone();
    task_rules::apply(world, &mut task, body, actor, false)?;
    world.tasks.insert(id.to_owned(), task);
    world.touch_task(id);
    Ok(())
}

/// Deletes a task and leaves a tombstone for delta's `@removed`.
pub fn delete_core(world: &mut World, id: &str) -> Result<(), ApiError> {
    let task = world
        .tasks
        .remove(id)
        .ok_or_else(|| ApiError::not_found("task"))?;
    let seq = world.next_seq();
    if let Some(p) = world.plans.get_mut(&task.plan_id) {
        p.task_ids.remove(id);
        p.removed.push((seq, id.to_owned()));
    }
    Ok(())
}

/// `GET /v1.0/planner/plans/{id}/tasks`: pages of `page_size`, `@odata.nextLink` with an
/// opaque `$skiptoken` (the last id of the page: stable under concurrent edits).
pub async fn list_plan_tasks(
    State(st): State<GraphState>,
    Path(plan_id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let plan = world
        .plans
        .get(&plan_id)
        .ok_or_else(|| ApiError::not_found("plan"))?;
    let after = match q.get("$skiptoken") {
        Some(tok) => Some(
            hex::decode(tok)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::bad_request("The $skiptoken is invalid."))?,
        ),
        None => None,
    };
    let size = world.limits.page_size.max(1);
    let ids: Box<dyn Iterator<Item = &String>> = match &after {
        Some(a) => Box::new(
            plan.task_ids
                .range::<String, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)),
        ),
        None => Box::new(plan.task_ids.iter()),
    };
    let page: Vec<&Task> = ids
        .filter_map(|id| world.tasks.get(id))
        .take(size + 1)
        .collect();
    let more = page.len() > size;
    let page = &page[..page.len().min(size)];
    let mut out = json!({
        "@odata.context": format!("{}/v1.0/$metadata#planner/plans('{}')/tasks", world.base_url, plan_id),
        "value": page.iter().map(|t| render_task(t)).collect::<Vec<_>>(),
    });
    if let (true, Some(last)) = (more, page.last()) {
        out["@odata.nextLink"] = json!(format!(
            "{}/v1.0/planner/plans/{}/tasks?$skiptoken={}",
            world.base_url,
            plan_id,
            hex::encode(&last.id)
        ));
    }
    Ok(Json(out))
}

/// `GET /v1.0/planner/tasks/{id}`
pub async fn get_task(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    Ok(Json(render_task(find_task(&world, &id)?)))
}

/// `POST /v1.0/planner/tasks` → 201 + the task; `createdBy.application.id` is the caller.
pub async fn create_task(
    State(st): State<GraphState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_object(&body)?;
    let mut world = st.world.lock();
    let caller = authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let id = create_core(&mut world, &body, &caller.actor())?;
    let task = render_task(find_task(&world, &id)?);
    Ok((StatusCode::CREATED, Json(task)).into_response())
}

/// `PATCH /v1.0/planner/tasks/{id}` with If-Match → 204, or 200 + task when asked.
pub async fn patch_task(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    let caller = authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let current = etag(find_task(&world, &id)?.etag_seq);
    check_if_match(&headers, &current)?;
    let body = json_object(&body)?;
    patch_core(&mut world, &id, &body, &caller.actor())?;
    if wants_representation(&headers) {
        Ok(Json(render_task(find_task(&world, &id)?)).into_response())
    } else {
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

/// `DELETE /v1.0/planner/tasks/{id}` with If-Match → 204.
pub async fn delete_task(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let mut world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let current = etag(find_task(&world, &id)?.etag_seq);
    check_if_match(&headers, &current)?;
    delete_core(&mut world, &id)?;
    Ok(StatusCode::NO_CONTENT)
}
