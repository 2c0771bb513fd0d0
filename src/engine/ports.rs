//! The engine's view of each side: what it reads and writes, in its own types.
//!
//! The engine never sees Graph or GraphQL shapes; `graph/` and `linear/` each provide one
//! adapter implementing a port over their client. This keeps the merge and apply logic
//! independent of wire formats, and gives one place to see every remote call a pass can make.
//! Methods return `impl Future + Send` so passes can run requests concurrently.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::model::ids::{IssueId, TaskId};
use crate::model::rich::{CheckItem, LinearComment};
use crate::model::state::{Bucket, WorkflowState};

/// Why a remote call failed, in the terms the engine acts on.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PortError {
    /// 412: someone changed the task since we read it. Carries the fresh task (with details).
    #[error("changed concurrently (etag mismatch)")]
    Conflict(Box<RemoteTask>),
    /// The plan is deleted or no longer accessible: disable the mapping.
    #[error("plan {0} is gone (deleted or no access)")]
    PlanGone(String),
    /// The item does not exist (deleted): end its link.
    #[error("{0} not found")]
    NotFound(String),
    /// The Planner delta token expired: drop the cursor and re-bootstrap the plan.
    #[error("the Planner delta token expired")]
    DeltaExpired,
    /// Credentials rejected twice: pause, alert, exit 3.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// A permission (scope) is missing: alert naming it.
    #[error("permission missing: {scope} ({message})")]
    Forbidden { scope: String, message: String },
    /// A documented limit was reached (e.g. MaximumChecklistItemsOnTask): dead-letter, naming it.
    #[error("limit reached: {0}")]
    Limit(String),
    /// Retries spent on a transient failure (429/503/5xx/timeouts): dead-letter.
    #[error("gave up after {attempts} attempts: {message}")]
    Exhausted {
        attempts: u32,
        message: String,
        request_id: Option<String>,
    },
    /// The pass's time budget ran out while waiting to retry: leave the change queued.
    #[error("out of time budget: {0}")]
    OutOfBudget(String),
    /// Rejected as invalid (400/422 and the like): dead-letter with the message.
    #[error("rejected: {message}")]
    Rejected {
        message: String,
        request_id: Option<String>,
    },
}

impl PortError {
    /// The request id of the failing response, for the audit and the DLQ.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            PortError::Exhausted { request_id, .. } | PortError::Rejected { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// A short stable name for the DLQ `error_kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            PortError::Conflict(_) => "conflict",
            PortError::PlanGone(_) => "plan_gone",
            PortError::NotFound(_) => "not_found",
            PortError::DeltaExpired => "delta_expired",
            PortError::Auth(_) => "auth",
            PortError::Forbidden { .. } => "forbidden",
            PortError::Limit(_) => "limit",
            PortError::Exhausted { .. } => "exhausted",
            PortError::OutOfBudget(_) => "out_of_budget",
            PortError::Rejected { .. } => "rejected",
        }
    }
}

pub type PortResult<T> = Result<T, PortError>;

/// A plan with what the mapping needs of it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanInfo {
    pub id: String,
    pub title: String,
    pub group_id: Option<String>,
    /// `category1` … `category25` → name, for the categories that have a name.
    pub categories: BTreeMap<String, String>,
    pub buckets: Vec<Bucket>,
}

/// An assignment on a Planner task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub user_id: String,
    /// RFC 3339; the earliest assignment is the one Linear gets.
    pub assigned_at: String,
}

/// A Planner task with its details.
/// Serialized only as a task copy (store/task_copies.rs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteTask {
    pub id: TaskId,
    pub plan_id: String,
    pub etag: String,
    /// As in Planner, including any cycle prefix.
    pub title: String,
    pub bucket_id: String,
    pub percent: u8,
    pub priority: u8,
    /// `YYYY-MM-DD` (the UTC date of dueDateTime).
    pub due: Option<String>,
    pub assignments: Vec<Assignment>,
    /// Applied category keys (`category3`).
    pub categories: BTreeSet<String>,
    /// The app that created the task (adopting our own tasks after a crash).
    pub created_by_app: Option<String>,
    /// `createdDateTime` (RFC 3339), for the mapping's created-after filter.
    pub created_at: Option<String>,
    pub details: RemoteDetails,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RemoteDetails {
    pub etag: String,
    /// The whole plain-text description.
    pub description: String,
    /// External references: URL → alias.
    pub references: BTreeMap<String, String>,
    /// Checklist: item key → item.
    pub checklist: BTreeMap<String, PlannerCheckItem>,
}

/// A Planner checklist item.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlannerCheckItem {
    pub title: String,
    pub checked: bool,
    /// Planner's ordinal order hint (items show by it, ascending).
    pub order_hint: String,
}

/// Changes to one task. `None` leaves a field alone; in maps, `false` removes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskWrite {
    pub title: Option<String>,
    pub bucket_id: Option<String>,
    pub percent: Option<u8>,
    pub priority: Option<u8>,
    /// `Some(None)` clears the due date.
    pub due: Option<Option<String>>,
    /// user id → add (`true`) or remove (`false`).
    pub assignments: BTreeMap<String, bool>,
    /// category key → apply or remove.
    pub categories: BTreeMap<String, bool>,
}

impl TaskWrite {
    pub fn is_empty(&self) -> bool {
        *self == TaskWrite::default()
    }
}

/// Changes to task details.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailsWrite {
    pub description: Option<String>,
    /// URL → alias to add.
    pub add_references: BTreeMap<String, String>,
    /// URLs of references to remove.
    pub remove_references: BTreeSet<String>,
    /// Checklist item key → item to add or update (`None`: remove the item).
    pub checklist: BTreeMap<String, Option<CheckItem>>,
}

impl DetailsWrite {
    pub fn is_empty(&self) -> bool {
        *self == DetailsWrite::default()
    }
}

/// A task to create (the details part is written right after the task).
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub plan_id: String,
    pub bucket_id: String,
    pub title: String,
    pub percent: u8,
    pub priority: u8,
    pub due: Option<String>,
    pub assignees: Vec<String>,
    pub categories: Vec<String>,
    pub description: String,
    /// The back-reference to the Linear issue: URL → alias.
    pub references: BTreeMap<String, String>,
}

/// Changed Planner tasks since a cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannerChanges {
    pub changed: Vec<TaskId>,
    /// The etag each changed task was reported at, where the read said (delta items and
    /// listed tasks carry one): a task at the etag its shadow holds is one the bridge already
    /// merged (its own write's answer, or the state it last read), so it needs no read.
    pub etags: BTreeMap<TaskId, String>,
    pub removed: Vec<TaskId>,
    /// The cursor to store once every change before it is applied.
    pub cursor: String,
}

/// A team of the Linear side.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamInfo {
    pub id: String,
    pub key: String,
    pub states: Vec<WorkflowState>,
    /// Label name → id.
    pub labels: BTreeMap<String, String>,
}

/// A Linear project.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectInfo {
    pub id: String,
    pub name: String,
    /// Ids and keys of the teams the project belongs to.
    pub teams: Vec<(String, String)>,
}

/// One page of a paged issue read, handed on as soon as it arrives: its issues as Linear
/// answered them (before the cursor rules filter the whole read) and whether more follow.
#[derive(Debug, Clone, Default)]
pub struct IssuePage {
    pub issues: Vec<RemoteIssue>,
    pub more: bool,
}

/// Where a paged read sends each page.
pub type PageSink = tokio::sync::mpsc::UnboundedSender<IssuePage>;

/// A Linear issue as the engine needs it (serialized as a link's issue copy,
/// store/issue_copies.rs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RemoteIssue {
    pub id: IssueId,
    pub identifier: String,
    pub url: String,
    pub title: String,
    pub description: String,
    pub state_id: String,
    pub assignee_email: Option<String>,
    pub due: Option<String>,
    pub priority: u8,
    /// Label names.
    pub labels: BTreeSet<String>,
    pub updated_at: String,
    /// Archived or trashed.
    pub archived: bool,
    pub project_id: Option<String>,
    pub parent_id: Option<IssueId>,
    /// Attachment URLs (back-references to Planner tasks among them).
    pub attachments: Vec<String>,
    /// `createdAt` (RFC 3339), for the mapping's created-after filter.
    pub created_at: Option<String>,
    /// Sub-issues, cycle, comments and attachments with titles; `None` until loaded with
    /// [`LinearPort::issue_rich`] (the poll leaves them out to stay cheap).
    pub rich: Option<IssueRich>,
    /// Every field above came in one answer (a snapshot read, an `issueUpdate`'s or an
    /// `attachmentCreate`'s answer): the issue as it was at `updated_at`, rich fields included.
    pub snapshot: bool,
}

#[cfg(test)]
impl RemoteIssue {
    /// An issue of `project` at `updated_at` with every other field empty, for table tests.
    pub(crate) fn bare(id: &str, project: &str, updated_at: &str) -> RemoteIssue {
        RemoteIssue {
            id: IssueId(id.into()),
            identifier: id.into(),
            url: String::new(),
            title: String::new(),
            description: String::new(),
            state_id: String::new(),
            assignee_email: None,
            due: None,
            priority: 0,
            labels: Default::default(),
            updated_at: updated_at.into(),
            archived: false,
            project_id: Some(project.into()),
            parent_id: None,
            rich: None,
            snapshot: false,
            attachments: Vec::new(),
            created_at: None,
        }
    }
}

/// What the rich fields need of an issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IssueRich {
    /// Sub-issues (archived ones left out), in Linear's sort order.
    pub children: Vec<SubIssue>,
    /// The cycle's name, or `Cycle N` when it has none.
    pub cycle: Option<String>,
    pub comments: Vec<LinearComment>,
    pub attachments: Vec<IssueAttachment>,
}

/// A sub-issue as the checklist needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubIssue {
    pub id: IssueId,
    pub title: String,
    pub state_id: String,
    /// Completed or canceled.
    pub done: bool,
    pub sort_order: f64,
}

/// An attachment of an issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueAttachment {
    pub id: String,
    pub url: String,
    pub title: String,
}

/// A sub-issue to create under `parent_id` with an id we chose (idempotent like `NewIssue`).
#[derive(Debug, Clone, PartialEq)]
pub struct NewSubIssue {
    pub id: IssueId,
    pub parent_id: IssueId,
    pub team_id: String,
    pub project_id: String,
    pub title: String,
    pub state_id: Option<String>,
}

/// Changes to one issue; `None` leaves a field alone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IssueWrite {
    pub title: Option<String>,
    pub description: Option<String>,
    pub state_id: Option<String>,
    /// `Some(None)` unassigns.
    pub assignee_id: Option<Option<String>>,
    pub due: Option<Option<String>>,
    pub priority: Option<u8>,
    pub add_label_ids: Vec<String>,
    pub remove_label_ids: Vec<String>,
}

impl IssueWrite {
    pub fn is_empty(&self) -> bool {
        *self == IssueWrite::default()
    }
}

/// An issue to create with an id we chose, so a retry can never duplicate it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewIssue {
    pub id: IssueId,
    pub team_id: String,
    pub project_id: String,
    pub title: String,
    pub description: String,
    pub state_id: String,
    pub assignee_id: Option<String>,
    pub due: Option<String>,
    pub priority: u8,
    pub label_ids: Vec<String>,
    /// The back-reference to the Planner task: URL and title of a link attachment (an empty URL:
    /// none yet, as when `push` creates the issue before its task).
    pub attachment: (String, String),
}

/// Linear's read position: the largest `updatedAt` seen and the ids seen at exactly it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinearCursor {
    pub updated_at: String,
    pub tie_ids: Vec<String>,
}

/// Everything the engine asks of Planner.
pub trait PlannerPort: Send + Sync {
    fn plan(&self, plan_id: &str) -> impl Future<Output = PortResult<PlanInfo>> + Send;
    fn create_bucket(
        &self,
        plan_id: &str,
        name: &str,
    ) -> impl Future<Output = PortResult<Bucket>> + Send;
    /// Tasks changed since `cursor` (`None`: from the start). `known` holds the etags of linked
    /// tasks, for list-and-diff mode.
    fn changes(
        &self,
        plan_id: &str,
        cursor: Option<&str>,
        known: &BTreeMap<TaskId, String>,
    ) -> impl Future<Output = PortResult<PlannerChanges>> + Send;
    /// How many tasks the plan holds (one listing, no details): the capacity check.
    fn task_count(&self, plan_id: &str) -> impl Future<Output = PortResult<usize>> + Send;
    /// Every task of a plan, with details.
    fn all_tasks(&self, plan_id: &str) -> impl Future<Output = PortResult<Vec<RemoteTask>>> + Send;
    /// These tasks with details; a deleted one comes back as `Err(NotFound)` in its slot.
    fn tasks(
        &self,
        ids: &[TaskId],
    ) -> impl Future<Output = PortResult<Vec<PortResult<RemoteTask>>>> + Send;
    /// [`PlannerPort::tasks`] and [`PlannerPort::plan`] together, each with its own answer:
    /// the plan's reads ride in the requests that read the tasks (a pass that reads changed
    /// tasks needs the plan too), so they cost no request of their own. A failure of those
    /// requests as a whole is both answers.
    fn tasks_and_plan(
        &self,
        ids: &[TaskId],
        plan_id: &str,
    ) -> impl Future<
        Output = (
            PortResult<Vec<PortResult<RemoteTask>>>,
            PortResult<PlanInfo>,
        ),
    > + Send;
    fn create_task(&self, new: &NewTask) -> impl Future<Output = PortResult<RemoteTask>> + Send;
    /// PATCH with the task's etag; 412 → `Conflict` with the fresh task.
    fn update_task(
        &self,
        task: &RemoteTask,
        write: &TaskWrite,
    ) -> impl Future<Output = PortResult<RemoteTask>> + Send;
    /// PATCH the details with their etag; 412 → `Conflict` with the fresh task.
    fn update_details(
        &self,
        task: &RemoteTask,
        write: &DetailsWrite,
    ) -> impl Future<Output = PortResult<RemoteTask>> + Send;
    /// `update_details` for many tasks in few requests (`$batch`): one result per write, in
    /// order, each as `update_details` would answer it.
    fn update_details_many(
        &self,
        writes: &[(RemoteTask, DetailsWrite)],
    ) -> impl Future<Output = Vec<PortResult<RemoteTask>>> + Send;
    /// The email of an Azure AD user id (`None`: no such user, or no mail/UPN).
    fn user_email(&self, user_id: &str) -> impl Future<Output = PortResult<Option<String>>> + Send;
    /// The Azure AD user id of an email (`None`: no such user).
    fn user_id(&self, email: &str) -> impl Future<Output = PortResult<Option<String>>> + Send;
    /// Upload a file to `folder/name` of the drive (`upload_drive`: `group` — the plan's
    /// group's — or a drive id), replacing one of that name; its `webUrl`.
    fn upload_file(
        &self,
        upload_drive: &str,
        group_id: &str,
        folder: &str,
        name: &str,
        data: Vec<u8>,
    ) -> impl Future<Output = PortResult<String>> + Send;
    /// The URL people open the task at (the back-reference Linear keeps).
    fn task_url(&self, task: &TaskId, plan_id: &str) -> String;
    /// Our app id: tasks created by it are ours (crash adoption).
    fn app_id(&self) -> String;
}

/// Everything the engine asks of Linear.
pub trait LinearPort: Send + Sync {
    fn team(&self, team_id: &str) -> impl Future<Output = PortResult<TeamInfo>> + Send;
    fn team_by_key(&self, key: &str) -> impl Future<Output = PortResult<Option<TeamInfo>>> + Send;
    /// A project by id or by name.
    fn project(
        &self,
        id_or_name: &str,
    ) -> impl Future<Output = PortResult<Option<ProjectInfo>>> + Send;
    /// Issues of these projects changed after the cursor (one query for all), and the new cursor.
    fn changes(
        &self,
        project_ids: &[String],
        cursor: Option<&LinearCursor>,
    ) -> impl Future<Output = PortResult<(Vec<RemoteIssue>, LinearCursor)>> + Send;
    /// [`LinearPort::changes`], also handing each page's issues (id, parent, `updatedAt`) to `pages` as the
    /// page arrives, so the pass can read their tasks while later pages are on their way.
    fn changes_paged(
        &self,
        project_ids: &[String],
        cursor: Option<&LinearCursor>,
        pages: Option<&PageSink>,
    ) -> impl Future<Output = PortResult<(Vec<RemoteIssue>, LinearCursor)>> + Send;
    fn issues(&self, ids: &[IssueId]) -> impl Future<Output = PortResult<Vec<RemoteIssue>>> + Send;
    fn all_issues(
        &self,
        project_id: &str,
    ) -> impl Future<Output = PortResult<Vec<RemoteIssue>>> + Send;
    /// Idempotent: creating the same id again returns the existing issue.
    fn create_issue(&self, new: &NewIssue) -> impl Future<Output = PortResult<RemoteIssue>> + Send;
    /// Many issues in few requests (`issueBatchCreate`), each with its back-reference, as
    /// `create_issue` does one: idempotent, one result per input, in order.
    fn create_issues(
        &self,
        news: &[NewIssue],
    ) -> impl Future<Output = Vec<PortResult<RemoteIssue>>> + Send;
    fn update_issue(
        &self,
        id: &IssueId,
        write: &IssueWrite,
    ) -> impl Future<Output = PortResult<RemoteIssue>> + Send;
    fn add_attachment(
        &self,
        id: &IssueId,
        url: &str,
        title: &str,
    ) -> impl Future<Output = PortResult<()>> + Send;
    /// Many link attachments (issue, url, title) in few requests: one result per item, in
    /// order; each as [`LinearPort::add_attachment`] would write it, answered with its issue
    /// whole right after the write ([`RemoteIssue::snapshot`]).
    fn add_attachments(
        &self,
        items: &[(IssueId, String, String)],
    ) -> impl Future<Output = Vec<PortResult<RemoteIssue>>> + Send;
    fn create_label(
        &self,
        team_id: &str,
        name: &str,
    ) -> impl Future<Output = PortResult<String>> + Send;
    /// [`LinearPort::issue_rich`] of `ids` and [`LinearPort::team`] together, each with its own
    /// answer: the team rides in the first rich read's request (a pass that reconciles pairs
    /// needs both), so it costs no request of its own.
    fn rich_and_team(
        &self,
        ids: &[IssueId],
        team_id: &str,
    ) -> impl Future<
        Output = (
            PortResult<BTreeMap<IssueId, IssueRich>>,
            PortResult<TeamInfo>,
        ),
    > + Send;
    /// The rich fields of these issues (missing issues are left out).
    fn issue_rich(
        &self,
        ids: &[IssueId],
    ) -> impl Future<Output = PortResult<BTreeMap<IssueId, IssueRich>>> + Send;
    /// These issues whole, each with its rich fields, read in one answer per page (missing
    /// issues are left out): [`RemoteIssue::snapshot`].
    fn issue_snapshots(
        &self,
        ids: &[IssueId],
    ) -> impl Future<Output = PortResult<Vec<RemoteIssue>>> + Send;
    /// Idempotent: creating the same id again returns the existing sub-issue.
    fn create_sub_issue(
        &self,
        new: &NewSubIssue,
    ) -> impl Future<Output = PortResult<SubIssue>> + Send;
    /// Many sub-issues in few requests (`issueBatchCreate` with `parentId`), as
    /// `create_sub_issue` does one: idempotent, one result per input, in order.
    fn create_sub_issues(
        &self,
        news: &[NewSubIssue],
    ) -> impl Future<Output = Vec<PortResult<SubIssue>>> + Send;
    /// Download a file Linear serves behind auth (an upload), with the API key.
    fn download(&self, url: &str) -> impl Future<Output = PortResult<Vec<u8>>> + Send;
    /// The ids of the issues in a cycle.
    fn cycle_issues(&self, cycle_id: &str)
    -> impl Future<Output = PortResult<Vec<IssueId>>> + Send;
    /// Delete an attachment by id (an already deleted one is not an error).
    fn remove_attachment(&self, attachment_id: &str)
    -> impl Future<Output = PortResult<()>> + Send;
    fn user_id(&self, email: &str) -> impl Future<Output = PortResult<Option<String>>> + Send;
    /// The members of a team, for rendering mentions.
    fn team_people(
        &self,
        team_id: &str,
    ) -> impl Future<Output = PortResult<Vec<crate::model::mention::Person>>> + Send;
    /// Add a comment with the id we chose to an issue (errors surfaced on the item).
    /// Idempotent by `comment_id`: when that comment exists already, nothing is added.
    fn create_comment(
        &self,
        id: &IssueId,
        comment_id: &str,
        body: &str,
    ) -> impl Future<Output = PortResult<()>> + Send;
}
