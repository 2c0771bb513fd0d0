//! `GET /v1.0/groups` (Group.Read.All): the tenant's groups. The only filter Graph clients of
//! this bridge send is the Microsoft 365 one (`groupTypes/any(c:c eq 'Unified')`); every
//! sandbox group is such a group. Any other filter is refused as Graph refuses unknown ones.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use serde_json::{Value, json};

use super::auth::authorize;
use super::error::ApiError;
use super::{GraphState, Permission};

/// `GET /v1.0/groups[?$filter=groupTypes/any(c:c eq 'Unified')][&$select=id,displayName]`
pub async fn list_groups(
    State(st): State<GraphState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::GroupReadAll])?;
    if let Some(filter) = q.get("$filter") {
        let normalized: String = filter.chars().filter(|c| !c.is_whitespace()).collect();
        if !normalized.eq_ignore_ascii_case("groupTypes/any(c:ceq'Unified')") {
            return Err(ApiError::bad_request(format!(
                "Invalid filter clause: {filter}"
            )));
        }
    }
    let value: Vec<Value> = world
        .groups
        .values()
        .map(|g| {
            json!({
                "id": g.id,
                "displayName": g.display_name,
                "groupTypes": ["Unified"],
            })
        })
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("{}/v1.0/$metadata#groups", world.base_url),
        "value": value,
    })))
}
