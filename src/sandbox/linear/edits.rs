//! The human-edit API: what tests and `demo` use to play people working in Linear.
//!
//! Each edit acts as the current human (Alice unless `act_as` says otherwise), goes through
//! the same `ops`/`records` functions as the API mutations, bumps `updatedAt` and, when a
//! webhook is configured, delivers a signed event. Issues are named by id or identifier
//! (`ENG-12`), users by id or email, labels and states by id or name.

use super::archive;
use super::error::ApiError;
use super::ops::{self, IssueDraft, IssuePatch};
use super::records;
use super::world::LinearWorld;

impl LinearWorld {
    pub fn create_issue(&self, draft: IssueDraft) -> Result<String, ApiError> {
        let actor = self.actor();
        self.write(|st| ops::create_issue(st, &actor, draft))
    }
    pub fn update_issue(&self, key: &str, patch: IssuePatch) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| ops::update_issue(st, &actor, key, patch))
    }
    pub fn archive_issue(&self, key: &str) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| archive::archive_issue(st, &actor, key, false).map(drop))
    }
    /// Move to the trash, as the UI's delete does.
    pub fn trash_issue(&self, key: &str) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| archive::archive_issue(st, &actor, key, true).map(drop))
    }
    pub fn unarchive_issue(&self, key: &str) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| archive::unarchive_issue(st, &actor, key).map(drop))
    }
    /// Delete for good: the issue disappears from every listing.
    pub fn delete_issue(&self, key: &str) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| archive::delete_issue_permanently(st, &actor, key).map(drop))
    }
    pub fn add_label(&self, key: &str, label: &str) -> Result<(), ApiError> {
        let id = self.label_id(label)?;
        self.update_issue(
            key,
            IssuePatch {
                added_label_ids: vec![id],
                ..IssuePatch::default()
            },
        )
    }
    pub fn remove_label(&self, key: &str, label: &str) -> Result<(), ApiError> {
        let id = self.label_id(label)?;
        self.update_issue(
            key,
            IssuePatch {
                removed_label_ids: vec![id],
                ..IssuePatch::default()
            },
        )
    }
    /// Move to a workflow state named (case-insensitive) or given by id.
    pub fn set_state(&self, key: &str, state: &str) -> Result<(), ApiError> {
        let id = {
            let st = self.lock();
            let team = st
                .issue_by_key(key)
                .map(|i| i.team_id.clone())
                .ok_or_else(|| ApiError::not_found("Issue"))?;
            st.states
                .iter()
                .find(|s| {
                    s.team_id == team && (s.id == state || s.name.eq_ignore_ascii_case(state))
                })
                .map(|s| s.id.clone())
                .ok_or_else(|| ApiError::not_found("WorkflowState"))?
        };
        self.update_issue(
            key,
            IssuePatch {
                state_id: Some(id),
                ..IssuePatch::default()
            },
        )
    }
    /// Assign to a user (id or email), or unassign with `None`.
    pub fn set_assignee(&self, key: &str, user: Option<&str>) -> Result<(), ApiError> {
        let id = user.map(|u| self.user_id(u)).transpose()?;
        self.update_issue(
            key,
            IssuePatch {
                assignee_id: Some(id),
                ..IssuePatch::default()
            },
        )
    }
    pub fn set_priority(&self, key: &str, priority: u8) -> Result<(), ApiError> {
        let patch = IssuePatch {
            priority: Some(i64::from(priority)),
            ..IssuePatch::default()
        };
        self.update_issue(key, patch)
    }
    /// `YYYY-MM-DD`, or `None` to clear.
    pub fn set_due(&self, key: &str, due: Option<&str>) -> Result<(), ApiError> {
        let patch = IssuePatch {
            due_date: Some(due.map(str::to_owned)),
            ..IssuePatch::default()
        };
        self.update_issue(key, patch)
    }
    pub fn set_cycle(&self, key: &str, cycle_id: Option<&str>) -> Result<(), ApiError> {
        let patch = IssuePatch {
            cycle_id: Some(cycle_id.map(str::to_owned)),
            ..IssuePatch::default()
        };
        self.update_issue(key, patch)
    }
    pub fn set_title(&self, key: &str, title: &str) -> Result<(), ApiError> {
        self.update_issue(
            key,
            IssuePatch {
                title: Some(title.to_owned()),
                ..IssuePatch::default()
            },
        )
    }
    /// Create a sub-issue of `parent` in the parent's team and project; returns its id.
    pub fn add_sub_issue(&self, parent: &str, title: &str) -> Result<String, ApiError> {
        let (parent_id, team_id, project_id) = {
            let st = self.lock();
            let p = st
                .issue_by_key(parent)
                .ok_or_else(|| ApiError::not_found("Issue"))?;
            (p.id.clone(), p.team_id.clone(), p.project_id.clone())
        };
        self.create_issue(IssueDraft {
            team_id,
            title: title.to_owned(),
            parent_id: Some(parent_id),
            project_id,
            ..IssueDraft::default()
        })
    }
    pub fn add_comment(&self, key: &str, body: &str) -> Result<String, ApiError> {
        let actor = self.actor();
        self.write(|st| records::add_comment(st, &actor, key, body, None))
    }
    /// Link a URL to the issue (upsert by URL); returns the attachment id.
    pub fn add_attachment(&self, key: &str, url: &str, title: &str) -> Result<String, ApiError> {
        let actor = self.actor();
        self.write(|st| records::upsert_attachment(st, &actor, key, url, title, None, None))
    }
    /// Rename a cycle (by id or current name; `None` clears the name, Linear then shows
    /// "Cycle N"). Issues in it keep their `updatedAt`; a `Cycle` update event is sent.
    pub fn rename_cycle(&self, cycle: &str, name: Option<&str>) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| {
            let now = st.clock.tick();
            let c = st
                .cycles
                .iter_mut()
                .find(|c| c.id == cycle || c.name.as_deref() == Some(cycle))
                .ok_or_else(|| ApiError::not_found("Cycle"))?;
            let before = c.name.clone();
            c.name = name.map(str::to_owned);
            c.updated_at_ms = now;
            let data = serde_json::json!({
                "id": c.id, "name": c.name, "number": c.number, "teamId": c.team_id,
                "startsAt": super::clock::format_ms(c.starts_at_ms),
                "endsAt": super::clock::format_ms(c.ends_at_ms),
                "updatedAt": super::clock::format_ms(now),
            });
            let from = serde_json::json!({"name": before});
            let url = format!("{}/{}/cycle/{}", st.public_base, st.org.url_key, c.number);
            super::events::record(st, "update", "Cycle", data, Some(from), url, &actor);
            Ok(())
        })
    }
    /// A cycle's id by id or name.
    pub fn cycle_id(&self, cycle: &str) -> Result<String, ApiError> {
        let st = self.lock();
        st.cycles
            .iter()
            .find(|c| c.id == cycle || c.name.as_deref() == Some(cycle))
            .map(|c| c.id.clone())
            .ok_or_else(|| ApiError::not_found("Cycle"))
    }
    /// Remove the attachment with this URL from the issue (as the UI's remove does).
    pub fn remove_attachment(&self, key: &str, url: &str) -> Result<(), ApiError> {
        let actor = self.actor();
        self.write(|st| {
            let issue = st
                .issue_by_key(key)
                .map(|i| i.id.clone())
                .ok_or_else(|| ApiError::not_found("Issue"))?;
            let id = st
                .attachments
                .iter()
                .find(|a| a.issue_id == issue && a.url == url)
                .map(|a| a.id.clone())
                .ok_or_else(|| ApiError::not_found("Attachment"))?;
            records::delete_attachment(st, &actor, &id)
        })
    }
    /// Store a file and return its absolute, authenticated download URL.
    pub fn add_upload(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> String {
        records::put_upload(&mut self.lock(), name, content_type, bytes)
    }
    pub fn create_label(&self, name: &str, team_id: Option<&str>) -> Result<String, ApiError> {
        let actor = self.actor();
        self.write(|st| {
            records::create_label(st, &actor, name, team_id.map(str::to_owned), None, None)
        })
    }

    /// Add a project to the team with key `team_key`, as a human does in Linear's UI; returns
    /// its id. The benchmark uses it to map many plans (one project per mapping).
    pub fn add_project(&self, name: &str, team_key: &str) -> Result<String, ApiError> {
        self.write(|st| {
            let team = st
                .teams
                .iter()
                .find(|t| t.key.eq_ignore_ascii_case(team_key))
                .map(|t| t.id.clone())
                .ok_or_else(|| ApiError::not_found("Team"))?;
            let now = st.clock.tick();
            let id = uuid::Uuid::new_v4().to_string();
            let slug: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            st.projects.push(super::state::Project {
                id: id.clone(),
                name: name.to_owned(),
                description: String::new(),
                slug_id: format!("{slug}-{}", &id[..6]),
                team_ids: vec![team],
                created_at_ms: now,
                updated_at_ms: now,
            });
            Ok(id)
        })
    }

    /// A label's id by id or name (case-insensitive).
    pub fn label_id(&self, label: &str) -> Result<String, ApiError> {
        let st = self.lock();
        st.labels
            .iter()
            .find(|l| l.id == label || l.name.eq_ignore_ascii_case(label))
            .map(|l| l.id.clone())
            .ok_or_else(|| ApiError::not_found("IssueLabel"))
    }
}
