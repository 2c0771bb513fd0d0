//! The in-memory Planner tenant: users, groups, plans, buckets, tasks with details, drive
//! items, issued tokens, delta cursors, and the one sequence that orders every change.
//!
//! One global counter (`seq`) produces both etags and the change log: every write takes the
//! next value, so etags of a resource compare as ordinal strings (newer is greater, as the API
//! facts say) and a delta cursor is just "changes after seq N". Data only: the rules live in
//! the handler modules, which take `&mut World` under the lock and never hold it across await.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Instant;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::sandbox::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_TENANT_ID};

/// Application permissions (app roles) the tenant admin may have consented to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    TasksReadWriteAll,
    GroupReadAll,
    UserReadAll,
    FilesReadWriteAll,
}

impl Permission {
    pub const ALL: [Permission; 4] = [
        Permission::TasksReadWriteAll,
        Permission::GroupReadAll,
        Permission::UserReadAll,
        Permission::FilesReadWriteAll,
    ];

    /// The name used in consent screens and `roles` claims.
    pub fn name(self) -> &'static str {
        match self {
            Permission::TasksReadWriteAll => "Tasks.ReadWrite.All",
            Permission::GroupReadAll => "Group.Read.All",
            Permission::UserReadAll => "User.Read.All",
            Permission::FilesReadWriteAll => "Files.ReadWrite.All",
        }
    }

    pub fn from_name(name: &str) -> Option<Permission> {
        Permission::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}

/// Tunable limits and behaviour; defaults follow the API facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphLimits {
    /// Tasks per page of `GET /planner/plans/{id}/tasks` and of delta pages.
    pub page_size: usize,
    pub max_tasks_per_plan: usize,
    pub max_buckets_per_plan: usize,
    pub max_checklist_items: usize,
    pub max_references: usize,
    /// Lifetime of issued access tokens (`expires_in`).
    pub token_lifetime_secs: u64,
}

impl Default for GraphLimits {
    fn default() -> Self {
        Self {
            page_size: 100,
            max_tasks_per_plan: 9000,
            max_buckets_per_plan: 200,
            max_checklist_items: 20,
            max_references: 10,
            token_lifetime_secs: 3599,
        }
    }
}

/// Who made a change: a person (human edit API) or an application (API caller).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(String),
    App(String),
}

#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub client_id: String,
    pub roles: BTreeSet<Permission>,
    pub expires_at: Instant,
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub display_name: String,
    pub mail: Option<String>,
    pub user_principal_name: String,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub display_name: String,
    pub drive_id: String,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub group_id: String,
    pub created: String,
    pub created_by: Actor,
    pub etag_seq: u64,
    pub details_etag_seq: u64,
    /// `category1`..`category25`; `None` is an unnamed label.
    pub categories: Vec<Option<String>>,
    pub bucket_ids: Vec<String>,
    pub task_ids: BTreeSet<String>,
    /// (seq, task id) of deleted tasks, for delta `@removed` entries.
    pub removed: Vec<(u64, String)>,
}

#[derive(Debug, Clone)]
pub struct Bucket {
    pub id: String,
    pub name: String,
    pub plan_id: String,
    pub order_hint: String,
    pub etag_seq: u64,
}

#[derive(Debug, Clone)]
pub struct Assignment {
    pub assigned_by: Actor,
    pub assigned: String,
    pub order_hint: String,
}

#[derive(Debug, Clone)]
pub struct ChecklistItem {
    pub title: String,
    pub is_checked: bool,
    pub order_hint: String,
    pub modified: String,
    pub modified_by: Actor,
}

#[derive(Debug, Clone)]
pub struct Reference {
    pub alias: Option<String>,
    pub kind: Option<String>,
    pub preview_priority: String,
    pub modified: String,
    pub modified_by: Actor,
}

#[derive(Debug, Clone, Default)]
pub struct Details {
    pub description: String,
    pub preview_type: String,
    pub checklist: BTreeMap<String, ChecklistItem>,
    /// Keyed by the encoded URL, as the API sends and receives it.
    pub references: BTreeMap<String, Reference>,
    pub etag_seq: u64,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub id: String,
    pub plan_id: String,
    pub bucket_id: Option<String>,
    pub title: String,
    pub order_hint: String,
    pub assignee_priority: String,
    pub percent_complete: i64,
    pub priority: i64,
    pub start: Option<String>,
    pub due: Option<String>,
    pub completed: Option<String>,
    pub completed_by: Option<Actor>,
    pub created: String,
    pub created_by: Actor,
    pub conversation_thread_id: Option<String>,
    pub preview_type: String,
    pub assignments: BTreeMap<String, Assignment>,
    pub categories: BTreeMap<String, bool>,
    pub etag_seq: u64,
    /// Seq of the last change visible to delta (task or details).
    pub changed_seq: u64,
    pub details: Details,
}

#[derive(Debug, Clone)]
pub struct DriveItem {
    pub id: String,
    pub drive_id: String,
    pub name: String,
    /// Path below the drive root, `/`-separated, without a leading slash.
    pub path: String,
    pub size: u64,
    pub created: String,
}

#[derive(Debug, Clone)]
pub struct UploadSession {
    pub drive_id: String,
    pub path: String,
    pub received: u64,
    pub total: Option<u64>,
    pub expires: String,
}

/// A delta position: changes with `after < seq <= upto` of one plan. `initial` rounds list
/// current tasks only (no `@removed`).
#[derive(Debug, Clone)]
pub struct DeltaCursor {
    pub plan_id: String,
    pub after: u64,
    pub upto: u64,
    pub initial: bool,
}

/// The whole tenant.
#[derive(Debug)]
pub struct World {
    pub base_url: String,
    pub tenant_id: String,
    pub client_id: String,
    pub client_secret: String,
    pub limits: GraphLimits,
    /// Permissions consented for the app; copied into each token at issue time, like `roles`.
    pub permissions: BTreeSet<Permission>,
    pub tokens: HashMap<String, IssuedToken>,
    pub users: BTreeMap<String, User>,
    pub groups: BTreeMap<String, Group>,
    pub plans: BTreeMap<String, Plan>,
    pub buckets: BTreeMap<String, Bucket>,
    pub tasks: BTreeMap<String, Task>,
    pub delta_tokens: HashMap<String, DeltaCursor>,
    pub drive_items: BTreeMap<String, DriveItem>,
    pub upload_sessions: HashMap<String, UploadSession>,
    /// The human that edits through the edit API (first seeded user, else a fixed id).
    pub human: String,
    seq: u64,
}

impl World {
    pub fn new(base_url: &str) -> Self {
        Self {
            base_url: base_url.to_owned(),
            tenant_id: SANDBOX_TENANT_ID.to_owned(),
            client_id: SANDBOX_CLIENT_ID.to_owned(),
            client_secret: SANDBOX_CLIENT_SECRET.to_owned(),
            limits: GraphLimits::default(),
            permissions: Permission::ALL.into_iter().collect(),
            tokens: HashMap::new(),
            users: BTreeMap::new(),
            groups: BTreeMap::new(),
            plans: BTreeMap::new(),
            buckets: BTreeMap::new(),
            tasks: BTreeMap::new(),
            delta_tokens: HashMap::new(),
            drive_items: BTreeMap::new(),
            upload_sessions: HashMap::new(),
            human: "00000000-0000-4000-8000-0000000000aa".to_owned(),
            seq: 0,
        }
    }

    /// The next value of the global change sequence.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// The last value handed out.
    pub fn current_seq(&self) -> u64 {
        self.seq
    }

    /// Records a change to a task: new task etag, and a delta log position.
    pub fn touch_task(&mut self, task_id: &str) {
        let seq = self.next_seq();
        if let Some(t) = self.tasks.get_mut(task_id) {
            t.etag_seq = seq;
            t.changed_seq = seq;
        }
    }
}

/// An opaque, ordinal-comparable etag in the shape of real Planner etags
/// (`W/"JzEtVGFzayAg…"`): a per-resource-type prefix then the sequence as fixed-width upper
/// hex, so a newer etag of a resource always sorts after an older one, and a task etag can
/// never be mistaken for its details' etag.
fn tagged(prefix: &str, seq: u64) -> String {
    format!("W/\"{prefix}{seq:016X}\"")
}

/// Etag of a task.
pub fn etag(seq: u64) -> String {
    tagged("JzEtVGFzayAg", seq)
}

/// Etag of task details.
pub fn details_etag(seq: u64) -> String {
    tagged("JzEtVGFza0RldGFpbHMg", seq)
}

/// Etag of a plan or plan details.
pub fn plan_etag(seq: u64) -> String {
    tagged("JzEtUGxhbiAg", seq)
}

/// Etag of a bucket.
pub fn bucket_etag(seq: u64) -> String {
    tagged("JzEtQnVja2V0IC", seq)
}

/// Now as RFC 3339 UTC (`2026-04-01T10:00:00.123Z` style).
pub fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

/// A fresh id in the shape of Planner ids (28 URL-safe characters).
pub fn new_id() -> String {
    let raw = uuid::Uuid::new_v4().simple().to_string();
    raw.chars().take(28).collect()
}

/// Order hints are opaque to clients; the sandbox hands out increasing ones.
pub fn order_hint(seq: u64) -> String {
    format!("8585{seq:012}")
}
