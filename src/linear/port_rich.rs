//! The documents of the rich fields (sub-issues, cycle, comments, attachments with titles),
//! the sub-issue create and the attachment delete, checked against Linear's schema at compile
//! time like `port_queries.rs`, and their translation to port types.
//!
//! The rich fields are read by a query of their own, only for the issues a pass reconciles:
//! on every issue of the poll they would multiply its complexity (each connection of 50 costs
//! ~65–125 points per issue, about 320 an issue in all). [`RICH_PAGE`] issues per request stay
//! near 8,000 points, under Linear's 10,000 per query; the query's `first` is the number of ids
//! asked, so a request prices only what it reads.

use std::collections::BTreeMap;

use super::queries::PageInfo;
use super::scalars::{DateTime, schema};
use crate::engine::ports::{IssueAttachment, IssueRich, SubIssue};
use crate::model::ids::IssueId;
use crate::model::rich::LinearComment;

/// Issues per rich read (25 × ~320 points: the most that keeps a 20 % margin).
pub const RICH_PAGE: usize = 25;

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct RichIssue {
    pub id: cynic::Id,
    pub cycle: Option<RichCycle>,
    #[arguments(first: 50)]
    pub children: RichChildren,
    #[arguments(first: 50)]
    pub comments: RichComments,
    #[arguments(first: 50)]
    pub attachments: RichAttachments,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Cycle")]
pub struct RichCycle {
    pub name: Option<String>,
    pub number: f64,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "IssueConnection")]
pub struct RichChildren {
    pub nodes: Vec<RichChild>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Issue")]
pub struct RichChild {
    pub id: cynic::Id,
    pub title: String,
    pub sort_order: f64,
    pub state: ChildState,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "WorkflowState")]
pub struct ChildState {
    pub id: cynic::Id,
    #[cynic(rename = "type")]
    pub kind: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "CommentConnection")]
pub struct RichComments {
    pub nodes: Vec<RichComment>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Comment")]
pub struct RichComment {
    pub id: cynic::Id,
    pub body: String,
    pub created_at: DateTime,
    pub user: Option<CommentUser>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "User")]
pub struct CommentUser {
    pub name: String,
    pub email: String,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "AttachmentConnection")]
pub struct RichAttachments {
    pub nodes: Vec<RichAttachment>,
}

#[derive(cynic::QueryFragment, Debug, Clone, PartialEq)]
#[cynic(graphql_type = "Attachment")]
pub struct RichAttachment {
    pub id: cynic::Id,
    pub url: String,
    pub title: String,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct RichIssuesVars {
    /// Always `Some`: the schema's `in` is a nullable list.
    pub ids: Option<Vec<cynic::Id>>,
    /// How many ids there are: Linear prices the connection by `first`, not by what it holds.
    pub first: Option<i32>,
}

/// The rich fields of up to [`RICH_PAGE`] issues by UUID.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "RichIssuesVars")]
pub struct RichIssuesQuery {
    #[arguments(filter: { id: { in: $ids } }, first: $first)]
    pub issues: RichIssueConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueConnection")]
pub struct RichIssueConnection {
    pub nodes: Vec<RichIssue>,
    pub page_info: PageInfo,
}

/// Issues per rich read that also carries the team ([`RichWithTeamQuery`]): the team's states
/// and first 250 labels cost ~1,050 points, so four issues fewer than [`RICH_PAGE`] keep the
/// request a fifth below Linear's 10,000.
pub const RICH_WITH_TEAM_PAGE: usize = RICH_PAGE - 4;

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct RichWithTeamVars {
    /// Always `Some`, as in [`RichIssuesVars`].
    pub ids: Option<Vec<cynic::Id>>,
    pub first: Option<i32>,
    /// The team, as `team(id:)` takes it and as the labels' filter does.
    pub id: String,
    pub team: cynic::Id,
}

/// [`RichIssuesQuery`] and `PortTeamWithLabelsQuery` in one request: a pass with pairs to
/// reconcile needs both, so the team (states, labels) rides in its first rich read instead of
/// a request of its own. Unknown team → `ENTITY_NOT_FOUND`.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "RichWithTeamVars")]
pub struct RichWithTeamQuery {
    #[arguments(filter: { id: { in: $ids } }, first: $first)]
    pub issues: RichIssueConnection,
    #[arguments(id: $id)]
    pub team: super::port_queries::PortTeam,
    #[arguments(
        filter: { or: [{ team: { id: { eq: $team } } }, { team: { null: true } }] },
        first: 250
    )]
    pub issue_labels: super::port_queries::PortLabelConnection,
}

/// `issueCreate` of a sub-issue, returning what the checklist needs.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(
    graphql_type = "Mutation",
    variables = "super::mutations::IssueCreateVars"
)]
pub struct SubIssueCreateMutation {
    #[arguments(input: $input)]
    pub issue_create: SubIssuePayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssuePayload")]
pub struct SubIssuePayload {
    pub success: bool,
    pub issue: Option<RichChild>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct SubIssueVars {
    pub id: String,
}

/// One issue as a sub-issue (the adoption read after a refused create).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "SubIssueVars")]
pub struct SubIssueQuery {
    #[arguments(id: $id)]
    pub issue: RichChild,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "IssueFilter")]
pub struct InCycleFilter {
    pub cycle: CycleIdFilter,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "NullableCycleFilter")]
pub struct CycleIdFilter {
    pub id: IdEq,
}

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "IDComparator")]
pub struct IdEq {
    pub eq: cynic::Id,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct CycleIssuesVars {
    pub filter: InCycleFilter,
    pub after: Option<String>,
}

/// The ids of a cycle's issues (a renamed cycle re-titles their tasks).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "CycleIssuesVars")]
pub struct CycleIssuesQuery {
    #[arguments(filter: $filter, first: 250, after: $after)]
    pub issues: IssueIdConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueConnection")]
pub struct IssueIdConnection {
    pub nodes: Vec<super::queries::IssueRef>,
    pub page_info: PageInfo,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct AttachmentDeleteVars {
    pub id: String,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "AttachmentDeleteVars")]
pub struct AttachmentDeleteMutation {
    #[arguments(id: $id)]
    pub attachment_delete: DeleteResult,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "DeletePayload")]
pub struct DeleteResult {
    pub success: bool,
}

/// A sub-issue in port terms (`done`: completed or canceled).
pub fn sub_issue(c: RichChild) -> SubIssue {
    SubIssue {
        id: IssueId(c.id.into_inner()),
        title: c.title,
        state_id: c.state.id.into_inner(),
        done: matches!(c.state.kind.as_str(), "completed" | "canceled"),
        sort_order: c.sort_order,
    }
}

/// The rich fields in port terms: children by sort order, comments oldest first.
pub fn issue_rich(i: RichIssue) -> (IssueId, IssueRich) {
    let mut children: Vec<SubIssue> = i.children.nodes.into_iter().map(sub_issue).collect();
    children.sort_by(|a, b| {
        a.sort_order
            .total_cmp(&b.sort_order)
            .then(a.id.0.cmp(&b.id.0))
    });
    let mut comments: Vec<LinearComment> = i
        .comments
        .nodes
        .into_iter()
        .map(|c| {
            let (author_name, author_email) = c.user.map(|u| (u.name, u.email)).unwrap_or_default();
            LinearComment {
                id: c.id.into_inner(),
                created_at: c.created_at.0,
                author_name,
                author_email,
                body: c.body,
            }
        })
        .collect();
    comments.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    let rich = IssueRich {
        children,
        cycle: i.cycle.map(|c| {
            c.name
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| format!("Cycle {}", c.number.round() as i64))
        }),
        comments,
        attachments: i
            .attachments
            .nodes
            .into_iter()
            .map(|a| IssueAttachment {
                id: a.id.into_inner(),
                url: a.url,
                title: a.title,
            })
            .collect(),
    };
    (IssueId(i.id.into_inner()), rich)
}

/// Rich fields by issue id.
pub fn rich_map(issues: Vec<RichIssue>) -> BTreeMap<IssueId, IssueRich> {
    issues.into_iter().map(issue_rich).collect()
}
