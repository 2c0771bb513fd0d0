//! Validation and application of a plannerTask body (POST and PATCH), strict as Graph is:
//! unknown or read-only properties, wrong `@odata.type`, out-of-range numbers, bad dates and
//! unknown categories are all 400s. The HTTP handlers and the human edit API share these
//! rules, so a human edit can never produce a task the API could not.

use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use super::error::ApiError;
use super::plans::CATEGORY_COUNT;
use super::state::{Actor, Assignment, Task, World, now_rfc3339, order_hint};

/// Assignees per task; Planner answers 403 `MaximumAssigneesInTasks` above it.
const MAX_ASSIGNEES: usize = 20;
const ASSIGNMENT_TYPE: &str = "#microsoft.graph.plannerAssignment";
const TASK_TYPE: &str = "#microsoft.graph.plannerTask";
const PREVIEW_TYPES: [&str; 5] = [
    "automatic",
    "noPreview",
    "checklist",
    "description",
    "reference",
];
/// Properties Graph sends but refuses to accept in a body.
const READ_ONLY: [&str; 11] = [
    "id",
    "createdDateTime",
    "createdBy",
    "completedDateTime",
    "completedBy",
    "hasDescription",
    "referenceCount",
    "checklistItemCount",
    "activeChecklistItemCount",
    "@odata.etag",
    "details",
];

fn read_only(key: &str) -> ApiError {
    ApiError::bad_request(format!(
        "The property '{key}' is read-only and cannot be set on 'microsoft.graph.plannerTask'."
    ))
}

fn wrong_type(key: &str, expected: &str) -> ApiError {
    ApiError::bad_request(format!(
        "Invalid value for property '{key}': expected {expected}."
    ))
}

/// Parses an ISO 8601 / RFC 3339 date-time and renders it in UTC, or `None` for null.
pub fn parse_date(key: &str, v: &Value) -> Result<Option<String>, ApiError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => {
            let dt = OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
                ApiError::bad_request(format!(
                    "Cannot convert the literal '{s}' to the expected type 'Edm.DateTimeOffset' ({key})."
                ))
            })?;
            dt.to_offset(UtcOffset::UTC)
                .format(&Rfc3339)
                .map(Some)
                .map_err(|_| ApiError::internal("date formatting failed"))
        }
        _ => Err(wrong_type(key, "an ISO 8601 date-time string or null")),
    }
}

fn int_in(key: &str, v: &Value, lo: i64, hi: i64) -> Result<i64, ApiError> {
    match v.as_i64() {
        Some(n) if (lo..=hi).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(format!(
            "Invalid value '{n}' for property '{key}': must be between {lo} and {hi}."
        ))),
        None => Err(wrong_type(key, "an integer")),
    }
}

/// Applies `body` to `task` (a working copy). `creating` allows `planId`.
pub fn apply(
    world: &World,
    task: &mut Task,
    body: &Map<String, Value>,
    actor: &Actor,
    creating: bool,
) -> Result<(), ApiError> {
    let hint = order_hint(world.current_seq());
    for (key, v) in body {
        match key.as_str() {
            "@odata.type" if v.as_str() == Some(TASK_TYPE) => {}
            "@odata.type" => return Err(wrong_type(key, TASK_TYPE)),
            "planId" if creating => {}
            "planId" => return Err(read_only(key)),
            k if READ_ONLY.contains(&k) => return Err(read_only(key)),
            "title" => match v.as_str() {
                Some(s) if !s.trim().is_empty() && s.chars().count() <= 255 => {
                    task.title = s.to_owned()
                }
                _ => {
                    return Err(wrong_type(
                        key,
                        "a non-empty string of at most 255 characters",
                    ));
                }
            },
            "bucketId" => {
                let id = v.as_str().ok_or_else(|| wrong_type(key, "a bucket id"))?;
                match world.buckets.get(id) {
                    Some(b) if b.plan_id == task.plan_id => task.bucket_id = Some(id.to_owned()),
                    _ => {
                        return Err(ApiError::bad_request(format!(
                            "The bucket '{id}' does not exist in the task's plan."
                        )));
                    }
                }
            }
            "orderHint" | "assigneePriority" => {
                v.as_str().ok_or_else(|| wrong_type(key, "a string"))?;
                if key == "orderHint" {
                    task.order_hint = hint.clone();
                } else {
                    task.assignee_priority = hint.clone();
                }
            }
            "percentComplete" => {
                let pc = int_in(key, v, 0, 100)?;
                set_percent_complete(task, pc, actor);
            }
            "priority" => task.priority = int_in(key, v, 0, 10)?,
            "startDateTime" => task.start = parse_date(key, v)?,
            "dueDateTime" => task.due = parse_date(key, v)?,
            "conversationThreadId" => match v {
                Value::Null => task.conversation_thread_id = None,
                Value::String(s) => task.conversation_thread_id = Some(s.clone()),
                _ => return Err(wrong_type(key, "a string or null")),
            },
            "previewType" => match v.as_str() {
                Some(p) if PREVIEW_TYPES.contains(&p) => task.preview_type = p.to_owned(),
                _ => return Err(wrong_type(key, "a plannerPreviewType")),
            },
            "assignments" => apply_assignments(task, v, actor, &hint)?,
            "appliedCategories" => apply_categories(task, v)?,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "The property '{key}' does not exist on type 'microsoft.graph.plannerTask'."
                )));
            }
        }
    }
    Ok(())
}

/// 100 completes the task (stamped with who and when); anything less reopens it.
pub fn set_percent_complete(task: &mut Task, pc: i64, actor: &Actor) {
    if pc == 100 && task.percent_complete != 100 {
        task.completed = Some(now_rfc3339());
        task.completed_by = Some(actor.clone());
    } else if pc < 100 {
        task.completed = None;
        task.completed_by = None;
    }
    task.percent_complete = pc;
}

fn apply_assignments(
    task: &mut Task,
    v: &Value,
    actor: &Actor,
    hint: &str,
) -> Result<(), ApiError> {
    let map = v
        .as_object()
        .ok_or_else(|| wrong_type("assignments", "an object of userId → plannerAssignment"))?;
    for (user_id, a) in map {
        if uuid::Uuid::parse_str(user_id).is_err() {
            return Err(ApiError::bad_request(format!(
                "The assignment key '{user_id}' is not a valid user id."
            )));
        }
        match a {
            Value::Null => {
                task.assignments.remove(user_id);
            }
            Value::Object(fields) => {
                if fields.get("@odata.type").and_then(Value::as_str) != Some(ASSIGNMENT_TYPE) {
                    return Err(wrong_type("assignments.@odata.type", ASSIGNMENT_TYPE));
                }
                if let Some(k) = fields
                    .keys()
                    .find(|k| !matches!(k.as_str(), "@odata.type" | "orderHint"))
                {
                    return Err(ApiError::bad_request(format!(
                        "The property '{k}' does not exist on type 'microsoft.graph.plannerAssignment'."
                    )));
                }
                if fields.get("orderHint").is_some_and(|h| !h.is_string()) {
                    return Err(wrong_type("assignments.orderHint", "a string"));
                }
                task.assignments
                    .entry(user_id.clone())
                    .or_insert_with(|| Assignment {
                        assigned_by: actor.clone(),
                        assigned: now_rfc3339(),
                        order_hint: hint.to_owned(),
                    });
            }
            _ => return Err(wrong_type("assignments", "a plannerAssignment or null")),
        }
    }
    if task.assignments.len() > MAX_ASSIGNEES {
        return Err(ApiError::limit(
            "MaximumAssigneesInTasks",
            &format!("A task can have at most {MAX_ASSIGNEES} assignees."),
        ));
    }
    Ok(())
}

fn apply_categories(task: &mut Task, v: &Value) -> Result<(), ApiError> {
    let map = v
        .as_object()
        .ok_or_else(|| wrong_type("appliedCategories", "an object of categoryN → bool"))?;
    for (key, on) in map {
        let valid = key
            .strip_prefix("category")
            .and_then(|n| n.parse::<usize>().ok())
            .is_some_and(|n| (1..=CATEGORY_COUNT).contains(&n) && key == &format!("category{n}"));
        if !valid {
            return Err(ApiError::bad_request(format!(
                "The property '{key}' does not exist on type 'microsoft.graph.plannerAppliedCategories'."
            )));
        }
        match on {
            Value::Bool(true) => {
                task.categories.insert(key.clone(), true);
            }
            Value::Bool(false) | Value::Null => {
                task.categories.remove(key);
            }
            _ => return Err(wrong_type(key, "a boolean")),
        }
    }
    Ok(())
}
