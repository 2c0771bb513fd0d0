//! The documents the engine's Linear port sends, checked against Linear's schema at compile
//! time like `queries.rs`/`mutations.rs` (whose inputs and small fragments they reuse).
//!
//! [`PortIssue`] selects exactly what `engine::ports::RemoteIssue` needs, lean enough that a
//! page of [`PORT_ISSUE_PAGE`] issues with 50 labels and 50 attachments each stays far below
//! Linear's 10,000-point complexity ceiling. Writes return the issue as it is after the write,
//! so the engine records what Linear holds without a second read.

use super::queries::{
    Assignee, ChangedIssuesFilter, IssueRef, PageInfo, ProjectRef, WorkflowStateConnection,
};
use super::scalars::{DateTime, TimelessDate, schema};

/// Issues per page of the port's issue reads with attachment URLs (each issue costs about 120
/// points).
pub const PORT_ISSUE_PAGE: usize = 50;

/// Issues per page of the sync poll, which leaves the attachment URLs out (about 65 points an
/// issue, so 100 cost ~6,500): Linear's documented page for reading changes, half the round
/// trips of a backlog.
pub const POLL_PAGE: usize = 100;

// ---- the issue as the engine sees it ----

/// An issue with the fields of `RemoteIssue` but its attachment URLs: what a sync poll reads
/// (only the bootstrap pairs issues by their attachments, engine/bootstrap.rs).
#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct PolledIssue {
    pub id: cynic::Id,
    pub identifier: String,
    pub url: String,
    pub title: String,
    pub description: Option<String>,
    /// 0 none … 4 low; a `Float` when read.
    pub priority: f64,
    pub due_date: Option<TimelessDate>,
    pub updated_at: DateTime,
    pub created_at: DateTime,
    pub archived_at: Option<DateTime>,
    pub trashed: Option<bool>,
    pub state: StateId,
    pub assignee: Option<Assignee>,
    #[arguments(first: 50)]
    pub labels: LabelNames,
    pub project: Option<ProjectRef>,
    pub parent: Option<IssueRef>,
}

/// An issue with every field of `RemoteIssue`.
#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct PortIssue {
    #[cynic(spread)]
    pub issue: PolledIssue,
    #[arguments(first: 50)]
    pub attachments: AttachmentUrls,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "WorkflowState")]
pub struct StateId {
    pub id: cynic::Id,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "IssueLabelConnection")]
pub struct LabelNames {
    pub nodes: Vec<LabelName>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "IssueLabel")]
pub struct LabelName {
    pub name: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "AttachmentConnection")]
pub struct AttachmentUrls {
    pub nodes: Vec<AttachmentUrl>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Attachment")]
pub struct AttachmentUrl {
    pub url: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueConnection")]
pub struct PortIssueConnection {
    pub nodes: Vec<PortIssue>,
    pub page_info: PageInfo,
}

// ---- issue reads ----

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortIssuesVars {
    pub filter: ChangedIssuesFilter,
    pub after: Option<String>,
}

/// Issues of some projects (changed since an instant), oldest change first, archived included.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortIssuesVars")]
pub struct PortIssuesQuery {
    #[arguments(filter: $filter, orderBy: updatedAt, first: 50, after: $after, includeArchived: true)]
    pub issues: PortIssueConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueConnection")]
pub struct PolledIssueConnection {
    pub nodes: Vec<PolledIssue>,
    pub page_info: PageInfo,
}

/// [`PortIssuesQuery`] without attachment URLs, [`POLL_PAGE`] issues a page: the sync poll.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortIssuesVars")]
pub struct PolledIssuesQuery {
    #[arguments(filter: $filter, orderBy: updatedAt, first: 100, after: $after, includeArchived: true)]
    pub issues: PolledIssueConnection,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortIssuesByIdVars {
    /// Always `Some`: the schema's `in` is a nullable list.
    pub ids: Option<Vec<cynic::Id>>,
}

/// Issues by UUID (at most [`PORT_ISSUE_PAGE`] ids per request), archived included.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortIssuesByIdVars")]
pub struct PortIssuesByIdQuery {
    #[arguments(filter: { id: { in: $ids } }, first: 50, includeArchived: true)]
    pub issues: PortIssueConnection,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortIssueVars {
    pub id: String,
}

/// One issue by UUID or identifier (`ENG-12`). Unknown → `ENTITY_NOT_FOUND`.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortIssueVars")]
pub struct PortIssueQuery {
    #[arguments(id: $id)]
    pub issue: PortIssue,
}

// ---- teams and labels ----

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Team")]
pub struct PortTeam {
    pub id: cynic::Id,
    pub key: String,
    #[arguments(first: 100)]
    pub states: WorkflowStateConnection,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortTeamWithLabelsVars {
    pub id: String,
    pub team: cynic::Id,
}

/// One team with its workflow states and the first page of its usable labels (as
/// [`PortLabelsQuery`]): a pass's team metadata in one request. Unknown id → `ENTITY_NOT_FOUND`.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortTeamWithLabelsVars")]
pub struct PortTeamWithLabelsQuery {
    #[arguments(id: $id)]
    pub team: PortTeam,
    #[arguments(
        filter: { or: [{ team: { id: { eq: $team } } }, { team: { null: true } }] },
        first: 250
    )]
    pub issue_labels: PortLabelConnection,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortTeamByKeyVars {
    pub key: String,
}

/// Teams whose key equals `key`, ignoring case (keys are unique, so zero or one).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortTeamByKeyVars")]
pub struct PortTeamByKeyQuery {
    #[arguments(filter: { key: { eqIgnoreCase: $key } }, first: 5)]
    pub teams: PortTeamConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "TeamConnection")]
pub struct PortTeamConnection {
    pub nodes: Vec<PortTeam>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortLabelsVars {
    pub team: cynic::Id,
    pub after: Option<String>,
}

/// The labels usable in a team: its own and the workspace's (labels without a team).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortLabelsVars")]
pub struct PortLabelsQuery {
    #[arguments(
        filter: { or: [{ team: { id: { eq: $team } } }, { team: { null: true } }] },
        first: 250,
        after: $after
    )]
    pub issue_labels: PortLabelConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueLabelConnection")]
pub struct PortLabelConnection {
    pub nodes: Vec<PortLabel>,
    pub page_info: PageInfo,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "IssueLabel")]
pub struct PortLabel {
    pub id: cynic::Id,
    pub name: String,
    /// `None` for a workspace label.
    pub team: Option<TeamId>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Team")]
pub struct TeamId {
    pub id: cynic::Id,
}

// ---- writes ----

/// `issueCreate` selecting only the id: the attachment write that follows returns the issue.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(
    graphql_type = "Mutation",
    variables = "super::mutations::IssueCreateVars"
)]
pub struct PortIssueCreateMutation {
    #[arguments(input: $input)]
    pub issue_create: CreatedIssuePayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssuePayload")]
pub struct CreatedIssuePayload {
    pub success: bool,
    pub issue: Option<IssueRef>,
}

/// `issueUpdate` returning the issue after the change.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(
    graphql_type = "Mutation",
    variables = "super::mutations::IssueUpdateVars"
)]
pub struct PortIssueUpdateMutation {
    #[arguments(id: $id, input: $input)]
    pub issue_update: UpdatedIssuePayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssuePayload")]
pub struct UpdatedIssuePayload {
    pub success: bool,
    pub issue: Option<UpdatedIssue>,
}

/// The issue an `issueUpdate` answers with: the port's fields and the rich ones. Linear has no
/// `If-Match`, so the answer may already carry a human edit made between our read and our
/// write; with everything the merge compares in it, the engine can tell whether the answer is
/// exactly what it meant to leave there (engine/pair.rs, store/echoes.rs). One issue: a few
/// hundred complexity points.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Issue")]
pub struct UpdatedIssue {
    #[cynic(spread)]
    pub issue: PortIssue,
    #[cynic(spread)]
    pub rich: super::port_rich::RichIssue,
}

/// Issues whole, port and rich fields together, by UUID (at most [`SNAPSHOT_PAGE`] per
/// request, archived included): each one a state of the issue at its `updatedAt`, which the
/// engine may take for the echo of what it merged (engine/pair.rs).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "super::port_rich::RichIssuesVars")]
pub struct IssueSnapshotsQuery {
    #[arguments(filter: { id: { in: $ids } }, first: $first, includeArchived: true)]
    pub issues: IssueSnapshotConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueConnection")]
pub struct IssueSnapshotConnection {
    pub nodes: Vec<UpdatedIssue>,
    pub page_info: PageInfo,
}

/// Issues per snapshot read: the port fields (~120 points) and the rich ones (~320) an issue,
/// 18 of them about 7,900 points, a 20 % margin under Linear's 10,000 per query.
pub const SNAPSHOT_PAGE: usize = 18;

/// `attachmentCreate` (an upsert by issue and URL) returning the issue it hangs on, whole (a
/// snapshot, as [`IssueSnapshotsQuery`] reads it: the write moved its `updatedAt`, and the
/// engine may take this state for the echo of the pair it merged).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(
    graphql_type = "Mutation",
    variables = "super::mutations::AttachmentCreateVars"
)]
pub struct PortAttachmentMutation {
    #[arguments(input: $input)]
    pub attachment_create: PortAttachmentPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "AttachmentPayload")]
pub struct PortAttachmentPayload {
    pub success: bool,
    pub attachment: AttachmentWithIssue,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Attachment")]
pub struct AttachmentWithIssue {
    pub id: cynic::Id,
    pub issue: UpdatedIssue,
}
