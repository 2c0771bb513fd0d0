//! OneDrive/SharePoint uploads for the attachment mirror (Files.ReadWrite.All; group drives
//! also Group.Read.All): simple `PUT …:/content` → 201/200 driveItem, and upload sessions
//! whose chunk PUTs go to an absolute `uploadUrl` WITHOUT Authorization (a chunk carrying
//! one is refused with 401, as documented), in 320 KiB multiples except the last.
//!
//! Only names, sizes and paths are kept: nothing reads the bytes back.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::GraphState;
use super::auth::authorize;
use super::error::ApiError;
use super::state::{DriveItem, Permission, UploadSession, World, new_id, now_rfc3339};

/// Upload-session fragments must be multiples of this (320 KiB), except the last one.
pub const CHUNK_MULTIPLE_BYTES: u64 = 320 * 1024;

fn item_not_found(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        &format!("The resource could not be found: {what}."),
    )
}

/// Percent-encodes a path for `webUrl`, keeping `/` and unreserved characters.
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn render_item(world: &World, item: &DriveItem) -> Value {
    let folder = item.path.rsplit_once('/').map(|(f, _)| f).unwrap_or("");
    json!({
        "id": item.id,
        "name": item.name,
        "size": item.size,
        "createdDateTime": item.created,
        "lastModifiedDateTime": item.created,
        "webUrl": format!("{}/sites/{}/{}", world.base_url, item.drive_id, encode_path(&item.path)),
        "file": {"mimeType": "application/octet-stream"},
        "parentReference": {"driveId": item.drive_id, "path": format!("/drive/root:/{folder}")},
    })
}

/// Creates or replaces the item at `path`; `true` when it was created.
fn store_item(world: &mut World, drive_id: &str, path: &str, size: u64) -> (DriveItem, bool) {
    let existing = world
        .drive_items
        .values()
        .find(|i| i.drive_id == drive_id && i.path == path)
        .cloned();
    let name = path.rsplit('/').next().unwrap_or(path).to_owned();
    let item = DriveItem {
        id: existing
            .as_ref()
            .map(|i| i.id.clone())
            .unwrap_or_else(new_id),
        drive_id: drive_id.to_owned(),
        name,
        path: path.to_owned(),
        size,
        created: now_rfc3339(),
    };
    world.drive_items.insert(item.id.clone(), item.clone());
    (item, existing.is_none())
}

/// Splits `root:/{path}:/{action}` or `items/{parent}:/{name}:/{action}` into (path, action).
fn target(world: &World, drive_id: &str, rest: &str) -> Result<(String, String), ApiError> {
    let bad = || ApiError::bad_request(format!("Unsupported drive path '{rest}'."));
    let (path, action) = if let Some(r) = rest.strip_prefix("root:/") {
        let (p, a) = r.rsplit_once(":/").ok_or_else(bad)?;
        (p.trim_matches('/').to_owned(), a)
    } else if let Some(r) = rest.strip_prefix("items/") {
        let (parent, r) = r.split_once(":/").ok_or_else(bad)?;
        let (name, a) = r.rsplit_once(":/").ok_or_else(bad)?;
        let folder = if parent == "root" {
            String::new()
        } else {
            let p = world
                .drive_items
                .get(parent)
                .filter(|i| i.drive_id == drive_id)
                .ok_or_else(|| item_not_found("parent item"))?;
            format!("{}/", p.path)
        };
        (format!("{folder}{}", name.trim_matches('/')), a)
    } else {
        return Err(bad());
    };
    if path.is_empty() {
        return Err(bad());
    }
    Ok((path, action.to_owned()))
}

fn group_drive(world: &World, group: &str) -> Result<String, ApiError> {
    world
        .groups
        .get(group)
        .map(|g| g.drive_id.clone())
        .ok_or_else(|| item_not_found("group"))
}

fn known_drive(world: &World, drive: &str) -> Result<String, ApiError> {
    world
        .groups
        .values()
        .find(|g| g.drive_id == drive)
        .map(|g| g.drive_id.clone())
        .ok_or_else(|| item_not_found("drive"))
}

fn simple_upload(
    world: &mut World,
    drive_id: &str,
    rest: &str,
    body: &Bytes,
) -> Result<Response, ApiError> {
    let (path, action) = target(world, drive_id, rest)?;
    if action != "content" {
        return Err(ApiError::bad_request(format!(
            "PUT is not supported on ':/{action}'."
        )));
    }
    let (item, created) = store_item(world, drive_id, &path, body.len() as u64);
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(render_item(world, &item))).into_response())
}

fn create_session(world: &mut World, drive_id: &str, rest: &str) -> Result<Response, ApiError> {
    let (path, action) = target(world, drive_id, rest)?;
    if action != "createUploadSession" {
        return Err(ApiError::bad_request(format!(
            "POST is not supported on ':/{action}'."
        )));
    }
    let id = new_id();
    let expires = now_rfc3339();
    world.upload_sessions.insert(
        id.clone(),
        UploadSession {
            drive_id: drive_id.to_owned(),
            path,
            received: 0,
            total: None,
            expires: expires.clone(),
        },
    );
    Ok(Json(json!({
        "uploadUrl": format!("{}/upload/{id}", world.base_url),
        "expirationDateTime": expires,
        "nextExpectedRanges": ["0-"],
    }))
    .into_response())
}

/// `GET /v1.0/groups/{group}/drive`
pub async fn get_group_drive(
    State(st): State<GraphState>,
    Path(group): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let world = st.world.lock();
    authorize(
        &world,
        &headers,
        &[Permission::GroupReadAll, Permission::FilesReadWriteAll],
    )?;
    let drive_id = group_drive(&world, &group)?;
    Ok(Json(json!({
        "id": drive_id,
        "driveType": "documentLibrary",
        "name": "Documents",
        "webUrl": format!("{}/sites/{drive_id}", world.base_url),
    })))
}

/// `PUT /v1.0/groups/{group}/drive/root:/{path}:/content`
pub async fn group_drive_put(
    State(st): State<GraphState>,
    Path((group, rest)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    authorize(
        &world,
        &headers,
        &[Permission::GroupReadAll, Permission::FilesReadWriteAll],
    )?;
    let drive_id = group_drive(&world, &group)?;
    simple_upload(&mut world, &drive_id, &rest, &body)
}

/// `POST /v1.0/groups/{group}/drive/root:/{path}:/createUploadSession`
pub async fn group_drive_post(
    State(st): State<GraphState>,
    Path((group, rest)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    authorize(
        &world,
        &headers,
        &[Permission::GroupReadAll, Permission::FilesReadWriteAll],
    )?;
    let drive_id = group_drive(&world, &group)?;
    create_session(&mut world, &drive_id, &rest)
}

/// `PUT /v1.0/drives/{drive}/items/{parent}:/{name}:/content`
pub async fn drive_put(
    State(st): State<GraphState>,
    Path((drive, rest)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    authorize(&world, &headers, &[Permission::FilesReadWriteAll])?;
    let drive_id = known_drive(&world, &drive)?;
    simple_upload(&mut world, &drive_id, &rest, &body)
}

/// `POST /v1.0/drives/{drive}/items/{parent}:/{name}:/createUploadSession`
pub async fn drive_post(
    State(st): State<GraphState>,
    Path((drive, rest)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let mut world = st.world.lock();
    authorize(&world, &headers, &[Permission::FilesReadWriteAll])?;
    let drive_id = known_drive(&world, &drive)?;
    create_session(&mut world, &drive_id, &rest)
}

/// `bytes START-END/TOTAL` → (start, end, total).
fn content_range(headers: &HeaderMap) -> Option<(u64, u64, u64)> {
    let v = headers.get("content-range")?.to_str().ok()?;
    let (range, total) = v.trim().strip_prefix("bytes ")?.split_once('/')?;
    let (start, end) = range.split_once('-')?;
    let (start, end, total) = (start.parse().ok()?, end.parse().ok()?, total.parse().ok()?);
    (start <= end && end < total).then_some((start, end, total))
}

/// `PUT {uploadUrl}` with one fragment: 202 + nextExpectedRanges, or 201 + driveItem at the end.
pub async fn upload_chunk(
    State(st): State<GraphState>,
    Path(session): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    if headers.contains_key("authorization") {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
            "Upload URLs are pre-authenticated: do not send an Authorization header with fragments.",
        ));
    }
    let (start, end, total) = content_range(&headers).ok_or_else(|| {
        ApiError::bad_request("A valid Content-Range header (bytes START-END/TOTAL) is required.")
    })?;
    let mut world = st.world.lock();
    let s = world
        .upload_sessions
        .get(&session)
        .cloned()
        .ok_or_else(|| item_not_found("upload session"))?;
    if body.len() as u64 != end - start + 1 {
        return Err(ApiError::bad_request(
            "The fragment length does not match its Content-Range.",
        ));
    }
    if start != s.received || s.total.is_some_and(|t| t != total) {
        return Err(ApiError::new(
            StatusCode::RANGE_NOT_SATISFIABLE,
            "invalidRange",
            &format!(
                "Expected a fragment starting at {} of the declared total.",
                s.received
            ),
        ));
    }
    let last = end + 1 == total;
    if !last && (end - start + 1) % CHUNK_MULTIPLE_BYTES != 0 {
        return Err(ApiError::bad_request(
            "Fragments other than the last must be a multiple of 320 KiB.",
        ));
    }
    if last {
        world.upload_sessions.remove(&session);
        let (item, created) = store_item(&mut world, &s.drive_id, &s.path, total);
        let status = if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        };
        return Ok((status, Json(render_item(&world, &item))).into_response());
    }
    let expires = s.expires.clone();
    world.upload_sessions.insert(
        session,
        UploadSession {
            received: end + 1,
            total: Some(total),
            ..s
        },
    );
    Ok((
        StatusCode::ACCEPTED,
        Json(
            json!({"expirationDateTime": expires, "nextExpectedRanges": [format!("{}-", end + 1)]}),
        ),
    )
        .into_response())
}
