//! The in-memory Linear workspace: plain records, indexes and the clock.
//!
//! Records hold ids, never references, so the GraphQL layer can resolve any relation from the
//! state alone. Only `ops.rs` (shared by the API mutations and the human-edit API) changes them.

use std::collections::{BTreeMap, HashMap};

use super::clock::Clock;
use super::limits::Limits;
use super::webhook::{WebhookConfig, WebhookEvent};

/// The organization (one per world).
#[derive(Debug, Clone, Default)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub url_key: String,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub name: String,
    pub display_name: String,
    pub email: String,
    pub active: bool,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Team {
    pub id: String,
    pub key: String,
    pub name: String,
    pub member_ids: Vec<String>,
    /// Next issue number to hand out (`ENG-<n>`).
    pub next_number: u64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct WorkflowState {
    pub id: String,
    pub team_id: String,
    pub name: String,
    /// triage, backlog, unstarted, started, completed, canceled, duplicate.
    pub kind: String,
    pub color: String,
    pub position: f64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Label {
    pub id: String,
    /// `None` = workspace label.
    pub team_id: Option<String>,
    pub name: String,
    pub color: String,
    pub description: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Cycle {
    pub id: String,
    pub team_id: String,
    pub number: u64,
    pub name: Option<String>,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub description: String,
    pub slug_id: String,
    pub team_ids: Vec<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Issue {
    pub id: String,
    pub team_id: String,
    pub number: u64,
    pub title: String,
    pub description: Option<String>,
    /// 0 none, 1 urgent, 2 high, 3 medium, 4 low.
    pub priority: u8,
    pub state_id: String,
    pub assignee_id: Option<String>,
    pub creator_id: Option<String>,
    pub label_ids: Vec<String>,
    pub cycle_id: Option<String>,
    pub project_id: Option<String>,
    pub parent_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub sort_order: f64,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub archived_at_ms: Option<i64>,
    /// Trashed issues are archived ones the UI shows in the trash (`issueDelete`).
    pub trashed: bool,
}

#[derive(Debug, Clone)]
pub struct Comment {
    pub id: String,
    pub issue_id: String,
    pub user_id: Option<String>,
    pub body: String,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: String,
    pub issue_id: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub creator_id: Option<String>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
}

/// A file served under `/uploads/…` (only with a valid `Authorization`).
#[derive(Debug, Clone)]
pub struct Upload {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Everything the sandbox knows. `Default` is an empty workspace with no keys.
#[derive(Debug, Clone, Default)]
pub struct State {
    pub org: Org,
    pub viewer_id: String,
    pub users: Vec<User>,
    pub teams: Vec<Team>,
    pub states: Vec<WorkflowState>,
    pub labels: Vec<Label>,
    pub cycles: Vec<Cycle>,
    pub projects: Vec<Project>,
    pub issues: HashMap<String, Issue>,
    /// `ENG-12` → issue id.
    pub identifiers: HashMap<String, String>,
    /// Ids of deleted issues: a later create with the same id must still be refused.
    pub deleted_issue_ids: std::collections::HashSet<String>,
    pub comments: Vec<Comment>,
    pub attachments: Vec<Attachment>,
    /// Path under `/uploads/` → file.
    pub uploads: HashMap<String, Upload>,
    pub clock: Clock,
    pub last_sync_id: u64,
    /// Absolute base of URLs handed out (issue `url`, uploads), without trailing slash.
    pub public_base: String,
    pub webhook: Option<WebhookConfig>,
    /// Events produced under the lock, delivered after it is released.
    pub pending_events: Vec<WebhookEvent>,
    pub limits: Limits,
    /// GraphQL requests per operation name (`<anonymous>` when unnamed).
    pub operation_counts: BTreeMap<String, u64>,
}

impl State {
    /// Bump the sync id every write returns as `lastSyncId`.
    pub fn next_sync_id(&mut self) -> u64 {
        self.last_sync_id += 1;
        self.last_sync_id
    }

    pub fn user(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.iter().find(|t| t.id == id)
    }
    pub fn workflow_state(&self, id: &str) -> Option<&WorkflowState> {
        self.states.iter().find(|s| s.id == id)
    }
    pub fn label(&self, id: &str) -> Option<&Label> {
        self.labels.iter().find(|l| l.id == id)
    }
    pub fn cycle(&self, id: &str) -> Option<&Cycle> {
        self.cycles.iter().find(|c| c.id == id)
    }
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }
    pub fn comment(&self, id: &str) -> Option<&Comment> {
        self.comments.iter().find(|c| c.id == id)
    }
    pub fn attachment(&self, id: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| a.id == id)
    }

    /// An issue by UUID or by identifier (`ENG-12`), as `issue(id:)` accepts both.
    pub fn issue_by_key(&self, key: &str) -> Option<&Issue> {
        self.issues.get(key).or_else(|| {
            self.identifiers
                .get(&key.to_ascii_uppercase())
                .and_then(|id| self.issues.get(id))
        })
    }

    /// `ENG-12` for an issue.
    pub fn identifier(&self, issue: &Issue) -> String {
        let key = self.team(&issue.team_id).map_or("?", |t| t.key.as_str());
        format!("{key}-{}", issue.number)
    }

    /// The issue's web URL, like `https://linear.app/<org>/issue/ENG-12/<slug>`.
    pub fn issue_url(&self, issue: &Issue) -> String {
        format!(
            "{}/{}/issue/{}/{}",
            self.public_base,
            self.org.url_key,
            self.identifier(issue),
            slug(&issue.title)
        )
    }

    /// Team ids a label may be applied in: its team, or every team for workspace labels.
    pub fn label_usable_in(&self, label: &Label, team_id: &str) -> bool {
        label.team_id.as_deref().is_none_or(|t| t == team_id)
    }
}

/// Lower-case, dash-separated, like Linear's URL slugs.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
        if out.len() > 60 {
            break;
        }
    }
    out
}
