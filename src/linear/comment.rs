//! `commentCreate`, for errors surfaced on the item (checked against the schema like the
//! other documents).

use super::scalars::schema;

#[derive(cynic::InputObject, Debug, Clone)]
#[cynic(graphql_type = "CommentCreateInput")]
pub struct PortCommentCreateInput {
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
