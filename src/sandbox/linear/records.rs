//! Writes of the records hanging off issues: comments, attachments, labels, uploads.
//!
//! Like `ops.rs`, shared by mutations and human edits. Adding a comment or an attachment also
//! bumps the issue's `updatedAt`, which is what makes it visible to the bridge's poll.

use super::error::ApiError;
use super::events::{self, attachment_data, comment_data, label_data};
use super::state::{Attachment, Comment, Label, State, Upload};

fn fresh_id(
    st: &State,
    id: Option<String>,
    taken: impl Fn(&State, &str) -> bool,
) -> Result<String, ApiError> {
    match id {
        Some(id) => {
            if uuid::Uuid::parse_str(&id).is_err() {
                return Err(ApiError::input(format!("id must be a UUID, got {id:?}")));
            }
            if taken(st, &id) {
                return Err(ApiError::input(format!(
                    "Entity with id {id} already exists"
                )));
            }
            Ok(id)
        }
        None => Ok(uuid::Uuid::new_v4().to_string()),
    }
}

/// Touch an issue's `updatedAt` after a change to something it owns.
fn touch_issue(st: &mut State, issue_id: &str, now: i64) {
    if let Some(issue) = st.issues.get_mut(issue_id) {
        issue.updated_at_ms = now;
    }
}

/// Add a comment by `user_id`; returns its id.
pub fn add_comment(
    st: &mut State,
    user_id: &str,
    issue_key: &str,
    body: &str,
    id: Option<String>,
) -> Result<String, ApiError> {
    let Some(issue) = st.issue_by_key(issue_key) else {
        return Err(ApiError::not_found("Issue"));
    };
    let issue_id = issue.id.clone();
    let id = fresh_id(st, id, |s, id| s.comment(id).is_some())?;
    let now = st.clock.tick();
    let comment = Comment {
        id: id.clone(),
        issue_id: issue_id.clone(),
        user_id: Some(user_id.to_owned()),
        body: body.to_owned(),
        created_at_ms: now,
        updated_at_ms: now,
    };
    let data = comment_data(st, &comment);
    st.comments.push(comment);
    touch_issue(st, &issue_id, now);
    let url = st
        .issues
        .get(&issue_id)
        .map(|i| format!("{}#comment-{}", st.issue_url(i), &id[..8.min(id.len())]))
        .unwrap_or_default();
    events::record(st, "create", "Comment", data, None, url, user_id);
    Ok(id)
}

/// Create an attachment, or update the one the issue already has for this URL (Linear
/// upserts by (issue, url)). Returns the attachment id.
pub fn upsert_attachment(
    st: &mut State,
    user_id: &str,
    issue_key: &str,
    url: &str,
    title: &str,
    subtitle: Option<String>,
    id: Option<String>,
) -> Result<String, ApiError> {
    let Some(issue) = st.issue_by_key(issue_key) else {
        return Err(ApiError::not_found("Issue"));
    };
    let issue_id = issue.id.clone();
    let now = st.clock.tick();
    let existing = st
        .attachments
        .iter_mut()
        .find(|a| a.issue_id == issue_id && a.url == url);
    let created = existing.is_none();
    let id = if let Some(att) = existing {
        att.title = title.to_owned();
        if subtitle.is_some() {
            att.subtitle = subtitle;
        }
        att.updated_at_ms = now;
        att.id.clone()
    } else {
        let id = fresh_id(st, id, |s, id| s.attachment(id).is_some())?;
        st.attachments.push(Attachment {
            id: id.clone(),
            issue_id: issue_id.clone(),
            url: url.to_owned(),
            title: title.to_owned(),
            subtitle,
            creator_id: Some(user_id.to_owned()),
            created_at_ms: now,
            updated_at_ms: now,
        });
        id
    };
    touch_issue(st, &issue_id, now);
    let action = if created { "create" } else { "update" };
    if let Some(att) = st.attachment(&id) {
        let data = attachment_data(att);
        let url = att.url.clone();
        events::record(st, action, "Attachment", data, None, url, user_id);
    }
    Ok(id)
}

/// Delete an attachment by id (`attachmentDelete`): the issue's `updatedAt` moves and an
/// Attachment `remove` event is sent, as for the other attachment writes.
pub fn delete_attachment(st: &mut State, user_id: &str, id: &str) -> Result<(), ApiError> {
    let Some(at) = st.attachments.iter().position(|a| a.id == id) else {
        return Err(ApiError::not_found("Attachment"));
    };
    let att = st.attachments.remove(at);
    let now = st.clock.tick();
    touch_issue(st, &att.issue_id, now);
    let data = attachment_data(&att);
    events::record(
        st,
        "remove",
        "Attachment",
        data,
        None,
        att.url.clone(),
        user_id,
    );
    Ok(())
}

/// Create a label (team label when `team_id` is set). Names are unique per team, ignoring case.
pub fn create_label(
    st: &mut State,
    user_id: &str,
    name: &str,
    team_id: Option<String>,
    color: Option<String>,
    id: Option<String>,
) -> Result<String, ApiError> {
    if let Some(team) = &team_id
        && st.team(team).is_none()
    {
        return Err(ApiError::not_found("Team"));
    }
    let clash = st
        .labels
        .iter()
        .any(|l| l.team_id == team_id && l.name.eq_ignore_ascii_case(name));
    if clash {
        return Err(ApiError::input(format!("Duplicate label name: {name}")));
    }
    let id = fresh_id(st, id, |s, id| s.label(id).is_some())?;
    let now = st.clock.tick();
    let label = Label {
        id: id.clone(),
        team_id,
        name: name.to_owned(),
        color: color.unwrap_or_else(|| "#bec2c8".to_owned()),
        description: None,
        created_at_ms: now,
        updated_at_ms: now,
    };
    let data = label_data(&label);
    st.labels.push(label);
    let url = format!("{}/{}/settings/labels", st.public_base, st.org.url_key);
    events::record(st, "create", "IssueLabel", data, None, url, user_id);
    Ok(id)
}

/// Store a file and return its absolute URL under `/uploads/`.
pub fn put_upload(st: &mut State, name: &str, content_type: &str, bytes: Vec<u8>) -> String {
    let path = format!(
        "{}/{}",
        uuid::Uuid::new_v4(),
        super::state::slug(name).replace('-', "_")
    );
    let path = if name.contains('.') {
        let ext = name.rsplit('.').next().unwrap_or("bin");
        format!("{path}.{ext}")
    } else {
        path
    };
    st.uploads.insert(
        path.clone(),
        Upload {
            content_type: content_type.to_owned(),
            bytes,
        },
    );
    format!("{}/uploads/{path}", st.public_base)
}
