//! Write documents, checked against Linear's schema at compile time like `queries.rs`.
//!
//! Inputs carry only the fields the bridge writes. Optional fields are left out when `None`
//! (absent means "unchanged" to Linear); nullable fields an update may clear use [`Patch`].
//! Labels change through `addedLabelIds`/`removedLabelIds` only: `labelIds` would replace the
//! whole set and race with people editing the issue.

use super::queries::{Attachment, Issue, IssueLabel};
use super::scalars::{DateTime, Patch, TimelessDate, Uuid, schema};

// ---- issueCreate / issueBatchCreate ----

/// A new issue. `id` is a UUID chosen by the bridge (recorded as an intent first), so a retry
/// after a timeout or a crash can never create a second issue.
#[derive(cynic::InputObject, Debug, Clone, Default)]
pub struct IssueCreateInput {
    pub id: Option<String>,
    pub team_id: String,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub state_id: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub due_date: Option<TimelessDate>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub label_ids: Option<Vec<String>>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub cycle_id: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueCreateVars {
    pub input: IssueCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "IssueCreateVars")]
pub struct IssueCreateMutation {
    #[arguments(input: $input)]
    pub issue_create: IssuePayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct IssuePayload {
    pub success: bool,
    pub issue: Option<Issue>,
}

#[derive(cynic::InputObject, Debug, Clone)]
pub struct IssueBatchCreateInput {
    pub issues: Vec<IssueCreateInput>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueBatchCreateVars {
    pub input: IssueBatchCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "IssueBatchCreateVars")]
pub struct IssueBatchCreateMutation {
    #[arguments(input: $input)]
    pub issue_batch_create: IssueBatchPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct IssueBatchPayload {
    pub success: bool,
    pub issues: Vec<IssueSummary>,
}

/// What a batch write returns per issue: enough to record a link (full issues would cost
/// ~100 complexity points each).
#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct IssueSummary {
    pub id: cynic::Id,
    pub identifier: String,
    pub url: String,
    pub updated_at: DateTime,
}

// ---- issueUpdate / issueBatchUpdate ----

/// Changes to an issue; `Default` changes nothing.
#[derive(cynic::InputObject, Debug, Clone, Default, PartialEq)]
pub struct IssueUpdateInput {
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[cynic(skip_serializing_if = "Patch::is_keep")]
    pub description: Patch<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub state_id: Option<String>,
    #[cynic(skip_serializing_if = "Patch::is_keep")]
    pub assignee_id: Patch<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub priority: Option<i32>,
    #[cynic(skip_serializing_if = "Patch::is_keep")]
    pub due_date: Patch<TimelessDate>,
    #[cynic(skip_serializing_if = "Patch::is_keep")]
    pub cycle_id: Patch<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub added_label_ids: Option<Vec<String>>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub removed_label_ids: Option<Vec<String>>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueUpdateVars {
    pub id: String,
    pub input: IssueUpdateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "IssueUpdateVars")]
pub struct IssueUpdateMutation {
    #[arguments(id: $id, input: $input)]
    pub issue_update: IssuePayload,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueBatchUpdateVars {
    pub ids: Vec<Uuid>,
    pub input: IssueUpdateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "IssueBatchUpdateVars")]
pub struct IssueBatchUpdateMutation {
    #[arguments(ids: $ids, input: $input)]
    pub issue_batch_update: IssueBatchPayload,
}

// ---- attachments ----

/// A link on an issue; Linear upserts by (issue, url), so re-sending it is harmless.
#[derive(cynic::InputObject, Debug, Clone)]
pub struct AttachmentCreateInput {
    pub issue_id: String,
    pub url: String,
    pub title: String,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct AttachmentCreateVars {
    pub input: AttachmentCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "AttachmentCreateVars")]
pub struct AttachmentCreateMutation {
    #[arguments(input: $input)]
    pub attachment_create: AttachmentPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct AttachmentPayload {
    pub success: bool,
    pub attachment: Attachment,
}

// ---- labels ----

#[derive(cynic::InputObject, Debug, Clone)]
pub struct IssueLabelCreateInput {
    pub name: String,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct IssueLabelCreateVars {
    pub input: IssueLabelCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "IssueLabelCreateVars")]
pub struct IssueLabelCreateMutation {
    #[arguments(input: $input)]
    pub issue_label_create: IssueLabelPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct IssueLabelPayload {
    pub success: bool,
    pub issue_label: IssueLabel,
}

// ---- comments (error surfacing; Planner comments are not synced back) ----

#[derive(cynic::InputObject, Debug, Clone)]
pub struct CommentCreateInput {
    pub issue_id: Option<String>,
    pub body: Option<String>,
    #[cynic(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct CommentCreateVars {
    pub input: CommentCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "CommentCreateVars")]
pub struct CommentCreateMutation {
    #[arguments(input: $input)]
    pub comment_create: CommentPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
pub struct CommentPayload {
    pub success: bool,
    pub comment: CreatedComment,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Comment")]
pub struct CreatedComment {
    pub id: cynic::Id,
}
