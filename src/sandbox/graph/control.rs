//! `/_sandbox/graph/...`: the human edit API and the world's knobs over HTTP (JSON), so a
//! person can poke a running sandbox with curl. Not counted, not faulted, no auth.
//!
//! ```text
//! GET    /state                         users, groups, plans (+task counts), permissions, limits
//! POST   /seed            {"seed":"demo"}
//! PUT    /permissions     ["Tasks.ReadWrite.All", …]
//! PUT    /limits          {"page_size":2, …}   (fields of GraphLimits, all optional)
//! POST   /tokens/revoke · POST /delta/expire
//! POST   /users           {"displayName","mail","userPrincipalName"}
//! DELETE /plans/{plan}                  the plan, its buckets and tasks
//! GET|POST /plans/{plan}/tasks          list · create (plannerTask body)
//! GET|PATCH|DELETE /tasks/{id}          PATCH body as the API, no If-Match
//! GET|PATCH /tasks/{id}/details
//! POST   /tasks/{id}/move {"bucket":"Done"} · POST /tasks/{id}/checklist {"title"}
//! POST   /tasks/{id}/checklist/{key}/toggle
//! ```

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::GraphWorld;
use super::error::ApiError;
use super::state::Permission;
use crate::sandbox::Seed;

type Answer = Result<Response, ApiError>;

fn ok(v: Value) -> Answer {
    Ok(Json(v).into_response())
}

fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("Invalid JSON: {e}")))
}

pub fn router(world: GraphWorld) -> Router {
    Router::new()
        .route("/state", get(state))
        .route("/seed", post(seed))
        .route("/permissions", put(permissions))
        .route("/limits", put(limits))
        .route("/tokens/revoke", post(revoke))
        .route("/delta/expire", post(expire))
        .route("/users", post(add_user))
        .route("/plans/{plan}", delete(delete_plan))
        .route("/plans/{plan}/tasks", get(list_tasks).post(create_task))
        .route(
            "/tasks/{id}",
            get(get_task).patch(patch_task).delete(delete_task),
        )
        .route("/tasks/{id}/details", get(get_details).patch(patch_details))
        .route("/tasks/{id}/move", post(move_task))
        .route("/tasks/{id}/checklist", post(add_checklist))
        .route("/tasks/{id}/checklist/{key}/toggle", post(toggle))
        .with_state(world)
}

async fn state(State(w): State<GraphWorld>) -> Json<Value> {
    let world = w.lock();
    let plans: Vec<Value> = world
        .plans
        .values()
        .map(|p| json!({"id": p.id, "title": p.title, "group": p.group_id, "buckets": p.bucket_ids, "tasks": p.task_ids.len()}))
        .collect();
    let users: Vec<Value> = world
        .users
        .values()
        .map(|u| json!({"id": u.id, "displayName": u.display_name, "mail": u.mail, "userPrincipalName": u.user_principal_name}))
        .collect();
    let l = &world.limits;
    Json(json!({
        "groups": world.groups.keys().collect::<Vec<_>>(),
        "plans": plans,
        "users": users,
        "permissions": world.permissions.iter().map(|p| p.name()).collect::<Vec<_>>(),
        "limits": {
            "page_size": l.page_size, "max_tasks_per_plan": l.max_tasks_per_plan,
            "max_buckets_per_plan": l.max_buckets_per_plan, "max_checklist_items": l.max_checklist_items,
            "max_references": l.max_references, "token_lifetime_secs": l.token_lifetime_secs,
        },
    }))
}

#[derive(Deserialize)]
struct SeedBody {
    seed: String,
}

async fn seed(State(w): State<GraphWorld>, body: Bytes) -> Answer {
    let b: SeedBody = parse(&body)?;
    let seed: Seed = b
        .seed
        .parse()
        .map_err(|e: crate::sandbox::SeedParseError| ApiError::bad_request(e.to_string()))?;
    w.seed(&seed);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn permissions(State(w): State<GraphWorld>, body: Bytes) -> Answer {
    let names: Vec<String> = parse(&body)?;
    let perms = names
        .iter()
        .map(|n| {
            Permission::from_name(n)
                .ok_or_else(|| ApiError::bad_request(format!("unknown permission {n}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    w.set_permissions(&perms);
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Deserialize)]
struct LimitsBody {
    page_size: Option<usize>,
    max_tasks_per_plan: Option<usize>,
    max_buckets_per_plan: Option<usize>,
    max_checklist_items: Option<usize>,
    max_references: Option<usize>,
    token_lifetime_secs: Option<u64>,
}

async fn limits(State(w): State<GraphWorld>, body: Bytes) -> Answer {
    let b: LimitsBody = parse(&body)?;
    let mut l = w.limits();
    l.page_size = b.page_size.unwrap_or(l.page_size);
    l.max_tasks_per_plan = b.max_tasks_per_plan.unwrap_or(l.max_tasks_per_plan);
    l.max_buckets_per_plan = b.max_buckets_per_plan.unwrap_or(l.max_buckets_per_plan);
    l.max_checklist_items = b.max_checklist_items.unwrap_or(l.max_checklist_items);
    l.max_references = b.max_references.unwrap_or(l.max_references);
    l.token_lifetime_secs = b.token_lifetime_secs.unwrap_or(l.token_lifetime_secs);
    w.set_limits(l);
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn revoke(State(w): State<GraphWorld>) -> StatusCode {
    w.revoke_tokens();
    StatusCode::NO_CONTENT
}

async fn expire(State(w): State<GraphWorld>) -> StatusCode {
    w.expire_delta_tokens();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct UserBody {
    display_name: String,
    mail: Option<String>,
    user_principal_name: String,
}

async fn add_user(State(w): State<GraphWorld>, body: Bytes) -> Answer {
    let b: UserBody = parse(&body)?;
    let id = w.add_user(&b.display_name, b.mail.as_deref(), &b.user_principal_name);
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

async fn delete_plan(State(w): State<GraphWorld>, Path(plan): Path<String>) -> Answer {
    w.delete_plan(&plan)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list_tasks(State(w): State<GraphWorld>, Path(plan): Path<String>) -> Answer {
    ok(json!({ "value": w.plan_tasks(&plan) }))
}

async fn create_task(State(w): State<GraphWorld>, Path(plan): Path<String>, body: Bytes) -> Answer {
    let task = w.create_task(&plan, parse(&body)?)?;
    Ok((StatusCode::CREATED, Json(task)).into_response())
}

async fn get_task(State(w): State<GraphWorld>, Path(id): Path<String>) -> Answer {
    ok(w.task(&id).ok_or_else(|| ApiError::not_found("task"))?)
}

async fn patch_task(State(w): State<GraphWorld>, Path(id): Path<String>, body: Bytes) -> Answer {
    ok(w.patch_task(&id, parse(&body)?)?)
}

async fn delete_task(State(w): State<GraphWorld>, Path(id): Path<String>) -> Answer {
    w.delete_task(&id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn get_details(State(w): State<GraphWorld>, Path(id): Path<String>) -> Answer {
    ok(w.details(&id).ok_or_else(|| ApiError::not_found("task"))?)
}

async fn patch_details(State(w): State<GraphWorld>, Path(id): Path<String>, body: Bytes) -> Answer {
    ok(w.patch_details(&id, parse(&body)?)?)
}

#[derive(Deserialize)]
struct MoveBody {
    bucket: String,
}

async fn move_task(State(w): State<GraphWorld>, Path(id): Path<String>, body: Bytes) -> Answer {
    let b: MoveBody = parse(&body)?;
    ok(w.move_task(&id, &b.bucket)?)
}

#[derive(Deserialize)]
struct ChecklistBody {
    title: String,
}

async fn add_checklist(State(w): State<GraphWorld>, Path(id): Path<String>, body: Bytes) -> Answer {
    let b: ChecklistBody = parse(&body)?;
    let key = w.add_checklist_item(&id, &b.title)?;
    Ok((StatusCode::CREATED, Json(json!({ "key": key }))).into_response())
}

async fn toggle(State(w): State<GraphWorld>, Path((id, key)): Path<(String, String)>) -> Answer {
    let checked = w.toggle_checklist(&id, &key)?;
    ok(json!({ "isChecked": checked }))
}
