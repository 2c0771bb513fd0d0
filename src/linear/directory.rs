//! The people Linear knows: every member of a team, or every user of the workspace, all
//! pages. `users sync` refreshes the user cache from these lists.

use cynic::QueryBuilder;

use super::error::LinearError;
use super::queries::{PageInfo, User};
use super::scalars::schema;
use super::transport::LinearClient;

/// Users per page (Linear allows up to 250).
const USER_PAGE: i32 = 100;

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct TeamMembersVars {
    pub team: String,
    pub after: Option<String>,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "TeamMembersVars")]
pub struct TeamMembersQuery {
    #[arguments(id: $team)]
    pub team: TeamMembers,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Team", variables = "TeamMembersVars")]
pub struct TeamMembers {
    #[arguments(first: 100, after: $after)]
    pub members: UserPage,
}

#[derive(cynic::QueryVariables, Debug, Clone)]
pub struct AllUsersVars {
    pub after: Option<String>,
    pub first: i32,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "Query", variables = "AllUsersVars")]
pub struct AllUsersQuery {
    #[arguments(first: $first, after: $after)]
    pub users: UserPage,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "UserConnection")]
pub struct UserPage {
    pub nodes: Vec<User>,
    pub page_info: PageInfo,
}

/// The next page's cursor, or `None` at the end; a page that claims more without a new
/// cursor is an error (following it would loop).
fn next_after(
    operation: &str,
    page: &PageInfo,
    after: Option<&String>,
) -> Result<Option<String>, LinearError> {
    match (page.has_next_page, &page.end_cursor) {
        (false, _) => Ok(None),
        (true, Some(end)) if Some(end) != after => Ok(Some(end.clone())),
        (true, _) => Err(LinearError::Unexpected {
            operation: operation.into(),
            what: "hasNextPage without a new endCursor".into(),
        }),
    }
}

impl LinearClient {
    /// Every active member of a team (by id or key), all pages.
    pub async fn team_members(&self, team: &str) -> Result<Vec<User>, LinearError> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let vars = TeamMembersVars {
                team: team.into(),
                after: after.clone(),
            };
            let page = self.run(TeamMembersQuery::build(vars)).await?.team.members;
            out.extend(page.nodes);
            match next_after("TeamMembersQuery", &page.page_info, after.as_ref())? {
                Some(next) => after = Some(next),
                None => return Ok(out),
            }
        }
    }

    /// Every active user of the workspace, all pages.
    pub async fn all_users(&self) -> Result<Vec<User>, LinearError> {
        let mut out = Vec::new();
        let mut after = None;
        loop {
            let vars = AllUsersVars {
                after: after.clone(),
                first: USER_PAGE,
            };
            let page = self.run(AllUsersQuery::build(vars)).await?.users;
            out.extend(page.nodes);
            match next_after("AllUsersQuery", &page.page_info, after.as_ref())? {
                Some(next) => after = Some(next),
                None => return Ok(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_stops_or_refuses_to_loop() {
        let page = |more, end: Option<&str>| PageInfo {
            has_next_page: more,
            end_cursor: end.map(String::from),
        };
        assert_eq!(
            next_after("q", &page(false, Some("a")), None).unwrap(),
            None
        );
        assert_eq!(
            next_after("q", &page(true, Some("b")), Some(&"a".into())).unwrap(),
            Some("b".into())
        );
        assert!(next_after("q", &page(true, Some("a")), Some(&"a".into())).is_err());
        assert!(next_after("q", &page(true, None), None).is_err());
    }
}
