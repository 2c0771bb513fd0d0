//! `commentCreate`, for errors surfaced on the item, with the id chosen by the bridge
//! (`CommentCreateInput.id`, a UUID) so a rerun after a crash can tell its comment was made;
//! and the `comment(id:)` read that tells it. Checked against the schema like the other
//! documents.

use super::scalars::schema;

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "CommentCreateInput")]
pub struct PortCommentCreateInput {
    pub id: Option<String>,
    pub issue_id: Option<String>,
    pub body: Option<String>,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortCommentCreateVars {
    pub input: PortCommentCreateInput,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Mutation", variables = "PortCommentCreateVars")]
pub struct PortCommentMutation {
    #[arguments(input: $input)]
    pub comment_create: PortCommentPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "CommentPayload")]
pub struct PortCommentPayload {
    pub success: bool,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct PortCommentVars {
    pub id: Option<String>,
}

/// Whether a comment exists (after a refused create with our id).
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "PortCommentVars")]
pub struct PortCommentQuery {
    #[arguments(id: $id)]
    pub comment: PortCommentRef,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Comment")]
pub struct PortCommentRef {
    pub id: cynic::Id,
}
