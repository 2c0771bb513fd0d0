//! Beta task delta with the app-only rules: a `planId eq '…'` filter is required (400), and
//! `$select` must name exactly `percentComplete,assignments,creationSource` (another count →
//! 405, three other properties → 403).
//!
//! Cursors are positions in the global change sequence: a round delivers the plan's tasks
//! whose last change is in `(after, upto]` plus tombstones in that range, ordered by seq and
//! paged by "last seq delivered", so a task edited mid-round is never skipped (it moves past
//! `upto` and shows in the next round). Tokens are opaque keys into a table that
//! [`super::GraphWorld::expire_delta_tokens`] clears, after which they answer 410.

use std::collections::{BTreeSet, HashMap};

use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::auth::authorize;
use super::error::ApiError;
use super::state::{DeltaCursor, Task, World};
use super::tasks::render_task;
use super::{GraphState, Permission};

/// The only `$select` the app-only delta accepts.
const REQUIRED_SELECT: [&str; 3] = ["percentComplete", "assignments", "creationSource"];

fn gone() -> ApiError {
    ApiError::new(
        StatusCode::GONE,
        "resyncRequired",
        "The delta token is expired or unknown; a full resync is required.",
    )
}

/// Parses `planId eq 'value'` (quote doubling allowed).
fn plan_filter(filter: &str) -> Option<String> {
    let rest = filter.trim().strip_prefix("planId")?.trim_start();
    let rest = rest.strip_prefix("eq")?.trim_start();
    let inner = rest.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// Checks the app-only rules and returns the plan id of a first round.
fn first_round_plan(q: &HashMap<String, String>) -> Result<String, ApiError> {
    let plan_id = q
        .get("$filter")
        .and_then(|f| plan_filter(f))
        .ok_or_else(|| {
            ApiError::bad_request(
                "Delta with application permissions requires $filter=planId eq '{planId}'.",
            )
        })?;
    let selected: Vec<&str> = q
        .get("$select")
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if selected.len() != REQUIRED_SELECT.len() {
        return Err(ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "",
            "Delta with application permissions requires $select of exactly three properties.",
        ));
    }
    let got: BTreeSet<&str> = selected.into_iter().collect();
    let want: BTreeSet<&str> = REQUIRED_SELECT.into_iter().collect();
    if got != want {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "",
            "Delta with application permissions only allows $select=percentComplete,assignments,creationSource.",
        ));
    }
    Ok(plan_id)
}

fn delta_item(task_json: &Value) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.plannerTask",
        "@odata.etag": task_json["@odata.etag"],
        "id": task_json["id"],
        "percentComplete": task_json["percentComplete"],
        "assignments": task_json["assignments"],
        "creationSource": {"creationSourceKind": "none"},
    })
}

/// One page of a round; stores the next cursor and returns the page JSON.
fn page(world: &mut World, cursor: DeltaCursor) -> Result<Value, ApiError> {
    let plan = world
        .plans
        .get(&cursor.plan_id)
        .ok_or_else(|| ApiError::not_found("plan"))?;
    let in_range = |seq: u64| seq > cursor.after && seq <= cursor.upto;
    // Only the page is rendered: a round over a large plan pages through every task.
    let mut items: Vec<(u64, Option<&Task>, &str)> = plan
        .task_ids
        .iter()
        .filter_map(|id| world.tasks.get(id))
        .filter(|t| in_range(t.changed_seq))
        .map(|t| (t.changed_seq, Some(t), t.id.as_str()))
        .collect();
    if !cursor.initial {
        items.extend(
            plan.removed
                .iter()
                .filter(|(seq, _)| in_range(*seq))
                .map(|(seq, id)| (*seq, None, id.as_str())),
        );
    }
    items.sort_by_key(|(seq, _, _)| *seq);
    let size = world.limits.page_size.max(1);
    let more = items.len() > size;
    items.truncate(size);
    let items: Vec<(u64, Value)> = items
        .into_iter()
        .map(|(seq, task, id)| match task {
            Some(t) => (seq, delta_item(&render_task(t))),
            None => (seq, json!({"id": id, "@removed": {"reason": "deleted"}})),
        })
        .collect();
    let token = uuid::Uuid::new_v4().simple().to_string();
    let base = format!("{}/beta/planner/tasks/delta", world.base_url);
    let mut out = json!({
        "@odata.context": format!("{}/beta/$metadata#Collection(microsoft.graph.plannerTask)", world.base_url),
    });
    let next = match (more, items.last()) {
        (true, Some((last, _))) => {
            out["@odata.nextLink"] = json!(format!("{base}?$skiptoken={token}"));
            DeltaCursor {
                after: *last,
                ..cursor
            }
        }
        _ => {
            out["@odata.deltaLink"] = json!(format!("{base}?$deltatoken={token}"));
            DeltaCursor {
                after: cursor.upto,
                initial: false,
                ..cursor
            }
        }
    };
    out["value"] = Value::Array(items.into_iter().map(|(_, v)| v).collect());
    world.delta_tokens.insert(token, next);
    Ok(out)
}

/// `GET /beta/planner/tasks/delta`
pub async fn delta(
    State(st): State<GraphState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let mut world = st.world.lock();
    authorize(&world, &headers, &[Permission::TasksReadWriteAll])?;
    let cursor = if let Some(tok) = q.get("$skiptoken") {
        world.delta_tokens.get(tok).cloned().ok_or_else(gone)?
    } else if let Some(tok) = q.get("$deltatoken") {
        // A stored deltaLink opens a new round covering everything changed since.
        let prev = world.delta_tokens.get(tok).cloned().ok_or_else(gone)?;
        DeltaCursor {
            upto: world.current_seq(),
            ..prev
        }
    } else {
        let plan_id = first_round_plan(&q)?;
        DeltaCursor {
            plan_id,
            after: 0,
            upto: world.current_seq(),
            initial: true,
        }
    };
    Ok(Json(page(&mut world, cursor)?))
}

#[cfg(test)]
mod tests {
    use super::plan_filter;

    #[test]
    fn parses_plan_filter() {
        assert_eq!(plan_filter("planId eq 'p-1'").as_deref(), Some("p-1"));
        assert_eq!(plan_filter("planId eq 'a''b'").as_deref(), Some("a'b"));
        assert_eq!(plan_filter("title eq 'x'"), None);
        assert_eq!(plan_filter("planId eq p"), None);
    }
}
