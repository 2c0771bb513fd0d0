//! The team's metadata (states, labels) read in the same request as the rich fields a pass
//! needs anyway ([`RichWithTeamQuery`]), and the team of any answer that holds its first page
//! of labels.

use std::collections::BTreeMap;

use cynic::QueryBuilder;

use super::LinearAdapter;
use crate::engine::ports::{IssueRich, LinearPort, PortResult, TeamInfo};
use crate::linear::port_map::{label_map, port_error, workflow_states};
use crate::linear::port_queries::{PortLabelConnection, PortTeam};
use crate::linear::port_rich::{
    RICH_WITH_TEAM_PAGE, RichWithTeamQuery, RichWithTeamVars, rich_map,
};
use crate::model::ids::IssueId;

/// The rich fields by issue.
type RichMap = BTreeMap<IssueId, IssueRich>;

impl LinearAdapter {
    /// The team of an answer with its first page of labels; the rest of its labels (past
    /// 250) are read here.
    pub(super) async fn team_from(
        &self,
        team: PortTeam,
        page: PortLabelConnection,
    ) -> PortResult<TeamInfo> {
        let id = team.id.into_inner();
        let labels =
            match super::next_page(page.page_info, &None, "issueLabels").map_err(port_error)? {
                Some(end) => self.labels_after(&id, page.nodes, Some(end)).await,
                None => Ok(page.nodes),
            }
            .map_err(port_error)?;
        Ok(TeamInfo {
            labels: label_map(&id, &labels),
            key: team.key,
            states: workflow_states(team.states.nodes),
            id,
        })
    }

    /// See [`LinearPort::rich_and_team`]: the first [`RICH_WITH_TEAM_PAGE`] issues and the
    /// team in one request, the other issues as [`LinearPort::issue_rich`] reads them, at the
    /// same time.
    pub(super) async fn rich_with_team(
        &self,
        ids: &[IssueId],
        team_id: &str,
    ) -> (PortResult<RichMap>, PortResult<TeamInfo>) {
        let (first, rest) = ids.split_at(ids.len().min(RICH_WITH_TEAM_PAGE));
        let vars = RichWithTeamVars {
            ids: Some(first.iter().map(|i| cynic::Id::new(&i.0)).collect()),
            first: Some(first.len() as i32),
            id: team_id.into(),
            team: cynic::Id::new(team_id),
        };
        let (together, others) = tokio::join!(
            self.client().run(RichWithTeamQuery::build(vars)),
            self.issue_rich(rest)
        );
        match together {
            Ok(answer) => {
                let team = self.team_from(answer.team, answer.issue_labels).await;
                let rich = others.map(|mut rich| {
                    rich.extend(rich_map(answer.issues.nodes));
                    rich
                });
                (rich, team)
            }
            // Apart again, so that each keeps its own answer: a failed rich read only costs
            // reads pair by pair, while the team's failure is the mapping's.
            Err(_) => {
                let (rich, team) = tokio::join!(self.issue_rich(first), self.team(team_id));
                let rich = rich.and_then(|mut rich| {
                    rich.extend(others?);
                    Ok(rich)
                });
                (rich, team)
            }
        }
    }
}
