//! AAD users (User.Read.All): `GET /v1.0/users?$filter=mail eq '…'` (or
//! `userPrincipalName eq '…'`), case-insensitive, with OData quote doubling (`O''Brien`),
//! `$select` honoured; `GET /v1.0/users/{id}`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde_json::{Map, Value, json};

use super::auth::authorize;
use super::error::ApiError;
use super::state::User;
use super::{GraphState, Permission};

const DEFAULT_SELECT: [&str; 5] = [
    "id",
    "displayName",
    "mail",
    "userPrincipalName",
    "businessPhones",
];

fn render_user(u: &User, select: &[String]) -> Value {
    let full = json!({
        "id": u.id,
        "displayName": u.display_name,
        "mail": u.mail,
        "userPrincipalName": u.user_principal_name,
        "businessPhones": [],
    });
    let mut out = Map::new();
    for key in select {
        if let Some(v) = full.get(key) {
            out.insert(key.clone(), v.clone());
        }
    }
    Value::Object(out)
}

fn parse_select(q: &HashMap<String, String>) -> Result<Vec<String>, ApiError> {
    let Some(raw) = q.get("$select") else {
        return Ok(DEFAULT_SELECT.iter().map(|s| (*s).to_owned()).collect());
    };
    let mut keys = Vec::new();
    for key in raw.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        if !DEFAULT_SELECT.contains(&key) {
            return Err(ApiError::bad_request(format!(
                "Could not find a property named '{key}' on type 'microsoft.graph.user'."
            )));
        }
        keys.push(key.to_owned());
    }
    Ok(keys)
}

/// `mail eq 'x'` / `userPrincipalName eq 'x'` → (property, unquoted value).
fn parse_filter(filter: &str) -> Result<(&'static str, String), ApiError> {
    let invalid = || ApiError::bad_request(format!("Invalid filter clause: {filter}"));
    let (prop, rest) = filter
        .trim()
        .split_once(char::is_whitespace)
        .ok_or_else(invalid)?;
    let prop = if prop.eq_ignore_ascii_case("mail") {
        "mail"
    } else if prop.eq_ignore_ascii_case("userPrincipalName") {
        "userPrincipalName"
    } else {
        return Err(ApiError::bad_request(format!(
            "Unsupported filter property '{prop}' (the sandbox knows mail and userPrincipalName)."
        )));
    };
    let rest = rest.trim_start();
    let (op, literal) = rest.split_once(char::is_whitespace).ok_or_else(invalid)?;
    if !op.eq_ignore_ascii_case("eq") {
        return Err(invalid());
    }
    let inner = literal
        .trim()
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .ok_or_else(invalid)?;
    // A lone quote inside the literal ends it early: OData requires doubling.
    if inner.replace("''", "").contains('\'') {
        return Err(invalid());
    }
    Ok((prop, inner.replace("''", "'")))
}

/// `GET /v1.0/users`
pub async fn list_users(
    State(st): State<GraphState>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::UserReadAll])?;
    let select = parse_select(&q)?;
    let filter = q.get("$filter").map(|f| parse_filter(f)).transpose()?;
    let value: Vec<Value> = world
        .users
        .values()
        .filter(|u| match &filter {
            None => true,
            Some(("mail", v)) => u.mail.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(v)),
            Some((_, v)) => u.user_principal_name.eq_ignore_ascii_case(v),
        })
        .map(|u| render_user(u, &select))
        .collect();
    Ok(Json(json!({
        "@odata.context": format!("{}/v1.0/$metadata#users({})", world.base_url, select.join(",")),
        "value": value,
    })))
}

/// `GET /v1.0/users/{id}` (also accepts the userPrincipalName, as Graph does).
pub async fn get_user(
    State(st): State<GraphState>,
    Path(id): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(&world, &headers, &[Permission::UserReadAll])?;
    let select = parse_select(&q)?;
    let user = world
        .users
        .get(&id)
        .or_else(|| {
            world
                .users
                .values()
                .find(|u| u.user_principal_name.eq_ignore_ascii_case(&id))
        })
        .ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::NOT_FOUND,
                "Request_ResourceNotFound",
                &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
            )
        })?;
    Ok(Json(render_user(user, &select)))
}

#[cfg(test)]
mod tests {
    use super::parse_filter;

    #[test]
    fn filter_quotes() {
        assert_eq!(
            parse_filter("mail eq 'o''brien@acme.com'").ok(),
            Some(("mail", "o'brien@acme.com".to_owned()))
        );
        assert!(parse_filter("mail eq 'o'brien@acme.com'").is_err());
        assert!(parse_filter("displayName eq 'x'").is_err());
    }
}
