//! Plans, plan details (the label names) and buckets.
//!
//! Plans of a group need Group.Read.All; everything else here is Planner
//! (Tasks.ReadWrite.All). A deleted or unknown plan is a 404, which the bridge reads as
//! "disable the mapping".

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::auth::{Caller, authorize};
use super::error::ApiError;
use super::state::{
    Actor, Bucket, Plan, World, bucket_etag, new_id, now_rfc3339, order_hint, plan_etag,
};
use super::{GraphState, Permission, json_object};

/// Number of label slots on a plan (`category1`..`category25`).
pub const CATEGORY_COUNT: usize = 25;

/// `{"user":{…}}` or `{"application":{…}}` identity set.
pub fn identity(actor: &Actor) -> Value {
    match actor {
        Actor::User(id) => json!({"user": {"displayName": null, "id": id}}),
        Actor::App(id) => json!({"application": {"displayName": null, "id": id}}),
    }
}

pub fn render_plan(world: &World, plan: &Plan) -> Value {
    json!({
        "@odata.etag": plan_etag(plan.etag_seq),
        "id": plan.id,
        "title": plan.title,
        "owner": plan.group_id,
        "createdDateTime": plan.created,
        "createdBy": identity(&plan.created_by),
        "container": {
            "containerId": plan.group_id,
            "type": "group",
            "url": format!("{}/v1.0/groups/{}", world.base_url, plan.group_id),
        },
    })
}

pub fn render_bucket(bucket: &Bucket) -> Value {
    json!({
        "@odata.etag": bucket_etag(bucket.etag_seq),
        "id": bucket.id,
        "name": bucket.name,
        "planId": bucket.plan_id,
        "orderHint": bucket.order_hint,
    })
}

fn plan<'w>(world: &'w World, id: &str) -> Result<&'w Plan, ApiError> {
    world
        .plans
        .get(id)
        .ok_or_else(|| ApiError::not_found("plan"))
}

fn planner_caller(st: &GraphState, headers: &HeaderMap) -> Result<Caller, ApiError> {
    authorize(&st.world.lock(), headers, &[Permission::TasksReadWriteAll])
}

/// `GET /v1.0/planner/plans/{id}`
pub async fn get_plan(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    planner_caller(&st, &headers)?;
    let world = st.world.lock();
    Ok(Json(render_plan(&world, plan(&world, &id)?)))
}

/// `GET /v1.0/planner/plans/{id}/details`: `categoryDescriptions` names the 25 labels.
pub async fn get_plan_details(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    planner_caller(&st, &headers)?;
    let world = st.world.lock();
    let plan = plan(&world, &id)?;
    let mut names = serde_json::Map::new();
    for i in 0..CATEGORY_COUNT {
        let name = plan.categories.get(i).cloned().flatten();
        names.insert(format!("category{}", i + 1), json!(name));
    }
    Ok(Json(json!({
        "@odata.etag": plan_etag(plan.details_etag_seq),
        "id": plan.id,
        "sharedWith": {},
        "categoryDescriptions": names,
    })))
}

/// `GET /v1.0/planner/plans/{id}/buckets`
pub async fn list_buckets(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    planner_caller(&st, &headers)?;
    let world = st.world.lock();
    let plan = plan(&world, &id)?;
    let value: Vec<Value> = plan
        .bucket_ids
        .iter()
        .filter_map(|b| world.buckets.get(b))
        .map(render_bucket)
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("{}/v1.0/$metadata#Collection(microsoft.graph.plannerBucket)", world.base_url),
        "@odata.count": value.len(),
        "value": value,
    })))
}

/// `GET /v1.0/planner/buckets/{id}`
pub async fn get_bucket(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    planner_caller(&st, &headers)?;
    let world = st.world.lock();
    let bucket = world
        .buckets
        .get(&id)
        .ok_or_else(|| ApiError::not_found("bucket"))?;
    Ok(Json(render_bucket(bucket)))
}

/// `GET /v1.0/groups/{group}/planner/plans` (Group.Read.All).
pub async fn list_group_plans(
    State(st): State<GraphState>,
    Path(group): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::GroupReadAll])?;
    if !world.groups.contains_key(&group) {
        return Err(ApiError::not_found("group"));
    }
    let value: Vec<Value> = world
        .plans
        .values()
        .filter(|p| p.group_id == group)
        .map(|p| render_plan(&world, p))
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("{}/v1.0/$metadata#Collection(microsoft.graph.plannerPlan)", world.base_url),
        "@odata.count": value.len(),
        "value": value,
    })))
}

/// `POST /v1.0/planner/buckets` `{name, planId, orderHint}` → 201.
pub async fn create_bucket(
    State(st): State<GraphState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_object(&body)?;
    let mut world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    for key in body.keys() {
        if !matches!(
            key.as_str(),
            "name" | "planId" | "orderHint" | "@odata.type"
        ) {
            return Err(ApiError::bad_request(format!(
                "The property '{key}' does not exist on type 'microsoft.graph.plannerBucket' or is read-only."
            )));
        }
    }
    let name = match body.get("name") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        _ => return Err(ApiError::bad_request("The bucket name is required.")),
    };
    let plan_id = match body.get("planId") {
        Some(Value::String(s)) => s.clone(),
        _ => return Err(ApiError::bad_request("The planId property is required.")),
    };
    let bucket = add_bucket(&mut world, &plan_id, &name)?;
    Ok((StatusCode::CREATED, Json(bucket)).into_response())
}

/// Creates a bucket at the end of the plan (shared by POST and seeding); enforces the limit.
pub fn add_bucket(world: &mut World, plan_id: &str, name: &str) -> Result<Value, ApiError> {
    let limit = world.limits.max_buckets_per_plan;
    let count = plan(world, plan_id)?.bucket_ids.len();
    if count >= limit {
        return Err(ApiError::limit(
            "MaximumBucketsInProject",
            &format!("The plan already has the maximum number of buckets ({limit})."),
        ));
    }
    let seq = world.next_seq();
    let bucket = Bucket {
        id: new_id(),
        name: name.to_owned(),
        plan_id: plan_id.to_owned(),
        order_hint: order_hint(seq),
        etag_seq: seq,
    };
    Ok(insert_bucket(world, bucket))
}

/// Inserts a prepared bucket (seeding uses stable ids).
pub fn insert_bucket(world: &mut World, bucket: Bucket) -> Value {
    let rendered = render_bucket(&bucket);
    if let Some(p) = world.plans.get_mut(&bucket.plan_id) {
        p.bucket_ids.push(bucket.id.clone());
    }
    world.buckets.insert(bucket.id.clone(), bucket);
    rendered
}

/// Creates a plan in a group with a stable id (seeding and the control API).
pub fn insert_plan(world: &mut World, group_id: &str, id: &str, title: &str) {
    let seq = world.next_seq();
    let plan = Plan {
        id: id.to_owned(),
        title: title.to_owned(),
        group_id: group_id.to_owned(),
        created: now_rfc3339(),
        created_by: Actor::User(world.human.clone()),
        etag_seq: seq,
        details_etag_seq: seq,
        categories: vec![None; CATEGORY_COUNT],
        bucket_ids: Vec::new(),
        task_ids: Default::default(),
        removed: Vec::new(),
    };
    world.plans.insert(plan.id.clone(), plan);
}
