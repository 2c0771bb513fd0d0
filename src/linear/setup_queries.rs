//! What the `map` wizard reads from Linear: every team with its projects, in one query
//! (checked against the schema at compile time like `queries.rs`). Paged by team count only:
//! 50 teams × 100 projects is far below Linear's complexity ceiling and far above what a
//! workspace an admin picks from by hand holds.

use cynic::QueryBuilder;

use super::error::LinearError;
use super::scalars::schema;
use super::transport::LinearClient;

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query")]
pub struct SetupTeamsQuery {
    #[arguments(first: 50)]
    pub teams: SetupTeamConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "TeamConnection")]
pub struct SetupTeamConnection {
    pub nodes: Vec<SetupTeam>,
}

/// A team and the projects it is part of.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Team")]
pub struct SetupTeam {
    pub id: cynic::Id,
    pub key: String,
    pub name: String,
    #[arguments(first: 100)]
    pub projects: SetupProjectConnection,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "ProjectConnection")]
pub struct SetupProjectConnection {
    pub nodes: Vec<SetupProject>,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Project")]
pub struct SetupProject {
    pub id: cynic::Id,
    pub name: String,
}

impl LinearClient {
    /// Every team (up to 50) with its projects (up to 100 each), for the `map` wizard.
    pub async fn teams_with_projects(&self) -> Result<Vec<SetupTeam>, LinearError> {
        Ok(self.run(SetupTeamsQuery::build(())).await?.teams.nodes)
    }
}
