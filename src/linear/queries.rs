//! Read documents, checked against Linear's schema at compile time by cynic's derives.
//!
//! Each `…Query` struct is one operation; the structs it selects are the typed responses the
//! rest of the bridge reads (a field Linear did not send becomes a decode error of that one
//! request, never a panic). Nested connections carry an explicit `first` so a page of 100
//! issues stays under Linear's 10,000-point complexity ceiling per query.

use super::scalars::{DateTime, DateTimeOrDuration, TimelessDate, schema};

/// Issues per page of the change poll (Linear allows up to 250; 100 keeps complexity low).
pub const ISSUE_PAGE: i32 = 100;

// ---- viewer ----

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query")]
pub struct ViewerQuery {
    pub viewer: Viewer,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "User")]
pub struct Viewer {
    pub id: cynic::Id,
    pub email: String,
    pub name: String,
}

// ---- teams with states, labels, cycles ----

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query")]
pub struct TeamsQuery {
    // 25 teams × (50 states + 100 labels + 20 cycles) stays under 10,000 complexity points.
    #[arguments(first: 25)]
    pub teams: TeamConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct TeamConnection {
    pub nodes: Vec<Team>,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct Team {
    pub id: cynic::Id,
    pub key: String,
    pub name: String,
    #[arguments(first: 50)]
    pub states: WorkflowStateConnection,
    #[arguments(first: 100)]
    pub labels: IssueLabelConnection,
    #[arguments(first: 20)]
    pub cycles: CycleConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct WorkflowStateConnection {
    pub nodes: Vec<WorkflowState>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct WorkflowState {
    pub id: cynic::Id,
    pub name: String,
    /// `triage`, `backlog`, `unstarted`, `started`, `completed`, `canceled` (or `duplicate`).
    #[cynic(rename = "type")]
    pub kind: String,
    pub position: f64,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct IssueLabelConnection {
    pub nodes: Vec<IssueLabel>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct IssueLabel {
    pub id: cynic::Id,
    pub name: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct CycleConnection {
    pub nodes: Vec<Cycle>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct Cycle {
    pub id: cynic::Id,
    pub name: Option<String>,
    pub number: f64,
}

// ---- projects ----

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct ProjectByIdVars {
    pub id: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "ProjectByIdVars")]
pub struct ProjectByIdQuery {
    #[arguments(id: $id)]
    pub project: Project,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct ProjectsByNameVars {
    pub name: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "ProjectsByNameVars")]
pub struct ProjectsByNameQuery {
    #[arguments(filter: { name: { eqIgnoreCase: $name } }, first: 50)]
    pub projects: ProjectConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct ProjectConnection {
    pub nodes: Vec<Project>,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct Project {
    pub id: cynic::Id,
    pub name: String,
    pub url: String,
    #[arguments(first: 20)]
    pub teams: ProjectTeamConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "TeamConnection")]
pub struct ProjectTeamConnection {
    pub nodes: Vec<TeamRef>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Team")]
pub struct TeamRef {
    pub id: cynic::Id,
    pub key: String,
}

// ---- users ----

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct UsersByEmailVars {
    pub email: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "UsersByEmailVars")]
pub struct UsersByEmailQuery {
    #[arguments(filter: { email: { eqIgnoreCase: $email } }, first: 10)]
    pub users: UserConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct UserConnection {
    pub nodes: Vec<User>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct User {
    pub id: cynic::Id,
    pub email: String,
    pub name: String,
    pub active: bool,
    /// The `@name` handle (mentions).
    pub display_name: String,
    /// The profile URL (mentions in markdown link to it).
    pub url: String,
}

// ---- issues ----

/// `filter` of the change poll: the projects, and the instant to resume from.
#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "IssueFilter")]
pub struct ChangedIssuesFilter {
    pub project: ProjectIdFilter,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<SinceComparator>,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "NullableProjectFilter")]
pub struct ProjectIdFilter {
    pub id: IdIn,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "IDComparator")]
pub struct IdIn {
    #[cynic(rename = "in")]
    pub in_: Vec<cynic::Id>,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "DateComparator")]
pub struct SinceComparator {
    /// `gte`, not `gt`: issues sharing the cursor's instant are re-read and filtered by id, so
    /// a tie split across two polls is never skipped.
    pub gte: DateTimeOrDuration,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssuesChangedVars {
    pub filter: ChangedIssuesFilter,
    pub after: Option<String>,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "IssuesChangedVars")]
pub struct IssuesChangedQuery {
    #[arguments(filter: $filter, orderBy: updatedAt, first: 100, after: $after, includeArchived: true)]
    pub issues: IssueConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct IssueConnection {
    pub nodes: Vec<Issue>,
    pub page_info: PageInfo,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub end_cursor: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueByIdVars {
    pub id: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "IssueByIdVars")]
pub struct IssueByIdQuery {
    #[arguments(id: $id)]
    pub issue: Issue,
}

/// An issue with every field the bridge syncs (shared/linear/README.md).
#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct Issue {
    pub id: cynic::Id,
    pub identifier: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// 0 none, 1 urgent, 2 high, 3 medium, 4 low (a `Float` when read).
    pub priority: f64,
    pub due_date: Option<TimelessDate>,
    pub updated_at: DateTime,
    pub archived_at: Option<DateTime>,
    pub trashed: Option<bool>,
    pub state: IssueState,
    pub assignee: Option<Assignee>,
    #[arguments(first: 20)]
    pub labels: IssueLabelConnection,
    pub cycle: Option<Cycle>,
    pub parent: Option<IssueRef>,
    #[arguments(first: 10)]
    pub children: ChildConnection,
    #[arguments(first: 10)]
    pub attachments: AttachmentConnection,
    #[arguments(first: 10)]
    pub comments: CommentConnection,
    pub project: Option<ProjectRef>,
    pub team: TeamRef,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "WorkflowState")]
pub struct IssueState {
    pub id: cynic::Id,
    pub name: String,
    #[cynic(rename = "type")]
    pub kind: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "User")]
pub struct Assignee {
    pub id: cynic::Id,
    pub email: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct IssueRef {
    pub id: cynic::Id,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Project")]
pub struct ProjectRef {
    pub id: cynic::Id,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "IssueConnection")]
pub struct ChildConnection {
    pub nodes: Vec<Child>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct Child {
    pub id: cynic::Id,
    pub title: String,
    pub state: ChildState,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "WorkflowState")]
pub struct ChildState {
    #[cynic(rename = "type")]
    pub kind: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct AttachmentConnection {
    pub nodes: Vec<Attachment>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct Attachment {
    pub id: cynic::Id,
    pub url: String,
    pub title: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct CommentConnection {
    pub nodes: Vec<Comment>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
pub struct Comment {
    pub id: cynic::Id,
    pub body: String,
    pub created_at: DateTime,
    pub user: Option<CommentAuthor>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "User")]
pub struct CommentAuthor {
    pub email: String,
    pub name: String,
}

// ---- attachments by URL (back-references) ----

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct AttachmentsForUrlVars {
    pub url: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "AttachmentsForUrlVars")]
pub struct AttachmentsForUrlQuery {
    #[arguments(url: $url, first: 50)]
    #[cynic(rename = "attachmentsForURL")]
    pub attachments_for_url: LinkedAttachmentConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "AttachmentConnection")]
pub struct LinkedAttachmentConnection {
    pub nodes: Vec<LinkedAttachment>,
}

/// An attachment with the issue it hangs on.
#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Attachment")]
pub struct LinkedAttachment {
    pub id: cynic::Id,
    pub url: String,
    pub title: String,
    pub issue: IssueRef,
}
