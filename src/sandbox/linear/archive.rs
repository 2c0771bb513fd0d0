//! Issue lifecycle writes: archive, trash, unarchive and permanent delete.
//!
//! Linear archives sub-issues with their parent and keeps trashed issues (`issueDelete`
//! without `permanentlyDelete`) as archived + `trashed`; a permanently deleted issue vanishes
//! from every listing, and its id can never be used again (a retried create stays refused).

use super::error::ApiError;
use super::events::{self, issue_data, issue_snapshot, updated_from};
use super::ops::emit_issue;
use super::state::State;

/// Archive (or trash, when `trash`) an issue and its sub-issues, as Linear does.
pub fn archive_issue(
    st: &mut State,
    actor_id: &str,
    id: &str,
    trash: bool,
) -> Result<String, ApiError> {
    let Some(issue) = st.issue_by_key(id) else {
        return Err(ApiError::not_found("Issue"));
    };
    let root = issue.id.clone();
    let mut ids = vec![root.clone()];
    let mut i = 0;
    while i < ids.len() {
        let parent = ids[i].clone();
        ids.extend(
            st.issues
                .values()
                .filter(|c| c.parent_id.as_deref() == Some(&parent))
                .map(|c| c.id.clone()),
        );
        i += 1;
    }
    let now = st.clock.tick();
    for issue_id in ids {
        let Some(issue) = st.issues.get_mut(&issue_id) else {
            continue;
        };
        if issue.archived_at_ms.is_some() && issue.trashed == trash {
            continue;
        }
        let before = issue_snapshot(issue);
        issue.archived_at_ms = Some(now);
        issue.trashed = trash;
        issue.updated_at_ms = now;
        let after = issue_snapshot(issue);
        let action = if trash { "remove" } else { "update" };
        emit_issue(
            st,
            action,
            &issue_id,
            Some(updated_from(&before, &after)),
            actor_id,
        );
    }
    Ok(root)
}

/// Undo an archive or trash.
pub fn unarchive_issue(st: &mut State, actor_id: &str, id: &str) -> Result<String, ApiError> {
    let Some(issue) = st.issue_by_key(id) else {
        return Err(ApiError::not_found("Issue"));
    };
    let id = issue.id.clone();
    let now = st.clock.tick();
    if let Some(issue) = st.issues.get_mut(&id) {
        let before = issue_snapshot(issue);
        issue.archived_at_ms = None;
        issue.trashed = false;
        issue.updated_at_ms = now;
        let after = issue_snapshot(issue);
        emit_issue(
            st,
            "update",
            &id,
            Some(updated_from(&before, &after)),
            actor_id,
        );
    }
    Ok(id)
}

/// Remove an issue for good (its comments and attachments too). Its id stays unusable.
pub fn delete_issue_permanently(
    st: &mut State,
    actor_id: &str,
    id: &str,
) -> Result<String, ApiError> {
    let Some(issue) = st.issue_by_key(id) else {
        return Err(ApiError::not_found("Issue"));
    };
    let id = issue.id.clone();
    let data = issue_data(st, issue);
    let url = st.issue_url(issue);
    let identifier = st.identifier(issue);
    st.issues.remove(&id);
    st.identifiers.remove(&identifier);
    st.deleted_issue_ids.insert(id.clone());
    st.comments.retain(|c| c.issue_id != id);
    st.attachments.retain(|a| a.issue_id != id);
    for child in st
        .issues
        .values_mut()
        .filter(|c| c.parent_id.as_deref() == Some(&id))
    {
        child.parent_id = None;
    }
    events::record(st, "remove", "Issue", data, None, url, actor_id);
    Ok(id)
}
