//! Task details: description, previewType, checklist and references, with their own etag.
//!
//! Checklist keys are chosen by the client; reference keys are the URL itself with `%` `.`
//! `:` `@` `#` percent-encoded, so the sandbox rejects keys with those characters raw and
//! stores the canonical encoding. A details change also changes the parent task's etag (and
//! shows in delta), as the API facts say.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::auth::authorize;
use super::error::ApiError;
use super::plans::identity;
use super::state::{
    Actor, ChecklistItem, Details, Reference, World, details_etag, now_rfc3339, order_hint,
};
use super::tasks::find_task;
use super::{GraphState, Permission, check_if_match, json_object, wants_representation};

const CHECKLIST_TYPE: &str = "#microsoft.graph.plannerChecklistItem";
const REFERENCE_TYPE: &str = "#microsoft.graph.plannerExternalReference";
const DETAILS_TYPE: &str = "#microsoft.graph.plannerTaskDetails";
const MAX_CHECKLIST_TITLE: usize = 100;

pub fn render_details(task_id: &str, d: &Details) -> Value {
    let checklist: Map<String, Value> = d
        .checklist
        .iter()
        .map(|(k, c)| {
            let v = json!({
                "@odata.type": CHECKLIST_TYPE,
                "isChecked": c.is_checked,
                "title": c.title,
                "orderHint": c.order_hint,
                "lastModifiedDateTime": c.modified,
                "lastModifiedBy": identity(&c.modified_by),
            });
            (k.clone(), v)
        })
        .collect();
    let references: Map<String, Value> = d
        .references
        .iter()
        .map(|(k, r)| {
            let v = json!({
                "@odata.type": REFERENCE_TYPE,
                "alias": r.alias,
                "type": r.kind,
                "previewPriority": r.preview_priority,
                "lastModifiedDateTime": r.modified,
                "lastModifiedBy": identity(&r.modified_by),
            });
            (k.clone(), v)
        })
        .collect();
    json!({
        "@odata.etag": details_etag(d.etag_seq),
        "id": task_id,
        "description": d.description,
        "previewType": d.preview_type,
        "checklist": checklist,
        "references": references,
    })
}

/// Percent-encodes the characters Planner requires encoded in a reference key.
pub fn encode_reference_key(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        match c {
            '%' => out.push_str("%25"),
            '.' => out.push_str("%2E"),
            ':' => out.push_str("%3A"),
            '@' => out.push_str("%40"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    out
}

/// Validates an encoded reference key and returns the URL it names.
pub fn decode_reference_key(key: &str) -> Result<String, ApiError> {
    let bad =
        |why: &str| ApiError::bad_request(format!("The reference key '{key}' is invalid: {why}."));
    if let Some(c) = key.chars().find(|c| matches!(c, '.' | ':' | '@' | '#')) {
        return Err(bad(&format!("the character '{c}' must be percent-encoded")));
    }
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = key
                .get(i + 1..i + 3)
                .ok_or_else(|| bad("truncated escape"))?;
            let b = u8::from_str_radix(hex, 16).map_err(|_| bad("invalid escape"))?;
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let url = String::from_utf8(out).map_err(|_| bad("not UTF-8 once decoded"))?;
    match url.split_once("://") {
        Some((scheme, rest)) if !scheme.is_empty() && !rest.is_empty() => Ok(url),
        _ => Err(bad("it does not decode to an absolute URL")),
    }
}

/// Applies a details PATCH body to a working copy.
pub fn apply(
    world: &World,
    d: &mut Details,
    body: &Map<String, Value>,
    actor: &Actor,
) -> Result<(), ApiError> {
    let hint = order_hint(world.current_seq());
    for (key, v) in body {
        match key.as_str() {
            "@odata.type" if v.as_str() == Some(DETAILS_TYPE) => {}
            "description" => match v {
                Value::Null => d.description.clear(),
                Value::String(s) => d.description = s.clone(),
                _ => {
                    return Err(ApiError::bad_request(
                        "description must be a string or null.",
                    ));
                }
            },
            "previewType" => match v.as_str() {
                Some(
                    p @ ("automatic" | "noPreview" | "checklist" | "description" | "reference"),
                ) => d.preview_type = p.to_owned(),
                _ => {
                    return Err(ApiError::bad_request(
                        "previewType is not a plannerPreviewType.",
                    ));
                }
            },
            "checklist" => apply_checklist(d, v, actor, &hint, world.limits.max_checklist_items)?,
            "references" => apply_references(d, v, actor, &hint, world.limits.max_references)?,
            _ => {
                return Err(ApiError::bad_request(format!(
                    "The property '{key}' does not exist on type 'microsoft.graph.plannerTaskDetails' or is read-only."
                )));
            }
        }
    }
    Ok(())
}

fn typed_object<'v>(
    v: &'v Value,
    ty: &str,
    what: &str,
) -> Result<&'v Map<String, Value>, ApiError> {
    let obj = v
        .as_object()
        .ok_or_else(|| ApiError::bad_request(format!("A {what} must be an object or null.")))?;
    if obj.get("@odata.type").and_then(Value::as_str) != Some(ty) {
        return Err(ApiError::bad_request(format!(
            "A {what} must have \"@odata.type\": \"{ty}\"."
        )));
    }
    Ok(obj)
}

fn apply_checklist(
    d: &mut Details,
    v: &Value,
    actor: &Actor,
    hint: &str,
    max: usize,
) -> Result<(), ApiError> {
    let map = v
        .as_object()
        .ok_or_else(|| ApiError::bad_request("checklist must be an object."))?;
    let before = d.checklist.len();
    for (key, item) in map {
        if key.is_empty() {
            return Err(ApiError::bad_request("A checklist key must not be empty."));
        }
        if item.is_null() {
            d.checklist.remove(key);
            continue;
        }
        let obj = typed_object(item, CHECKLIST_TYPE, "checklist item")?;
        let existing = d.checklist.get(key).cloned();
        let mut c = existing.unwrap_or(ChecklistItem {
            title: String::new(),
            is_checked: false,
            order_hint: hint.to_owned(),
            modified: String::new(),
            modified_by: actor.clone(),
        });
        for (k, fv) in obj {
            match (k.as_str(), fv) {
                ("@odata.type", _) => {}
                ("title", Value::String(s)) if s.chars().count() <= MAX_CHECKLIST_TITLE => {
                    c.title = s.clone()
                }
                ("isChecked", Value::Bool(b)) => c.is_checked = *b,
                ("orderHint", Value::String(_)) => c.order_hint = hint.to_owned(),
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid checklist item property '{k}' (read-only, unknown or wrong type)."
                    )));
                }
            }
        }
        if c.title.trim().is_empty() {
            return Err(ApiError::bad_request(format!(
                "The checklist item '{key}' needs a title."
            )));
        }
        c.modified = now_rfc3339();
        c.modified_by = actor.clone();
        d.checklist.insert(key.clone(), c);
    }
    if d.checklist.len() > max && d.checklist.len() > before {
        return Err(ApiError::limit(
            "MaximumChecklistItemsOnTask",
            &format!("A task can have at most {max} checklist items."),
        ));
    }
    Ok(())
}

fn apply_references(
    d: &mut Details,
    v: &Value,
    actor: &Actor,
    hint: &str,
    max: usize,
) -> Result<(), ApiError> {
    let map = v
        .as_object()
        .ok_or_else(|| ApiError::bad_request("references must be an object."))?;
    let before = d.references.len();
    for (raw_key, r) in map {
        let key = encode_reference_key(&decode_reference_key(raw_key)?);
        if r.is_null() {
            d.references.remove(&key);
            continue;
        }
        let obj = typed_object(r, REFERENCE_TYPE, "reference")?;
        let mut reference = d.references.get(&key).cloned().unwrap_or(Reference {
            alias: None,
            kind: None,
            preview_priority: hint.to_owned(),
            modified: String::new(),
            modified_by: actor.clone(),
        });
        for (k, fv) in obj {
            match (k.as_str(), fv) {
                ("@odata.type", _) => {}
                ("alias", Value::String(s)) => reference.alias = Some(s.clone()),
                ("alias", Value::Null) => reference.alias = None,
                ("type", Value::String(s)) => reference.kind = Some(s.clone()),
                ("type", Value::Null) => reference.kind = None,
                ("previewPriority", Value::String(_)) => {
                    reference.preview_priority = hint.to_owned()
                }
                _ => {
                    return Err(ApiError::bad_request(format!(
                        "Invalid reference property '{k}' (read-only, unknown or wrong type)."
                    )));
                }
            }
        }
        reference.modified = now_rfc3339();
        reference.modified_by = actor.clone();
        d.references.insert(key, reference);
    }
    if d.references.len() > max && d.references.len() > before {
        return Err(ApiError::limit(
            "MaximumReferencesOnTask",
            &format!("A task can have at most {max} references."),
        ));
    }
    Ok(())
}

/// Applies a details body (authorized, etag-checked): new details etag, new task etag.
pub fn patch_core(
    world: &mut World,
    task_id: &str,
    body: &Map<String, Value>,
    actor: &Actor,
) -> Result<(), ApiError> {
    let mut details = find_task(world, task_id)?.details.clone();
    apply(world, &mut details, body, actor)?;
    details.etag_seq = world.next_seq();
    if let Some(t) = world.tasks.get_mut(task_id) {
        t.details = details;
    }
    world.touch_task(task_id);
    Ok(())
}

/// `GET /v1.0/planner/tasks/{id}/details`
pub async fn get_details(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let task = find_task(&world, &id)?;
    Ok(Json(render_details(&task.id, &task.details)))
}

/// `PATCH /v1.0/planner/tasks/{id}/details` with the details' If-Match → 204 or 200.
pub async fn patch_details(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    let caller = authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let current = details_etag(find_task(&world, &id)?.details.etag_seq);
    check_if_match(&headers, &current)?;
    let body = json_object(&body)?;
    patch_core(&mut world, &id, &body, &caller.actor())?;
    if wants_representation(&headers) {
        let task = find_task(&world, &id)?;
        Ok(Json(render_details(&task.id, &task.details)).into_response())
    } else {
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}
