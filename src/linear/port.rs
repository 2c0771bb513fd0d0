//! `LinearAdapter`: the engine's [`LinearPort`] over the Linear client.
//!
//! Each port method is one or a few typed requests (`port_queries.rs`, plus the client's own
//! documents where they fit); results become port types in `port_map.rs`, and every
//! [`LinearError`] becomes a [`PortError`] through `port_map::port_error`, so the engine never
//! sees GraphQL shapes. Contracts worth knowing: `changes` never skips nor repeats issues that
//! share an `updatedAt` (the client's `cursor` rules); `create_issue` is idempotent on the
//! client-chosen id and always (re)writes the back-reference attachment; `create_label`
//! returns the existing label when the name is taken; missing issues are left out of `issues`.

mod batch;
mod meta;

use std::collections::BTreeMap;

use cynic::{MutationBuilder, QueryBuilder};

use super::cursor;
use super::error::LinearError;
use super::mutations::{
    AttachmentCreateInput, AttachmentCreateVars, IssueCreateVars, IssueLabelCreateInput,
    IssueUpdateVars,
};
use super::port_map::{
    create_input, find_label, from_client_cursor, is_not_found, label_map, polled_issue,
    port_error, remote_issue, snapshot_issue, to_client_cursor, update_input, workflow_states,
};
use super::port_queries::*;
use super::port_rich::{
    AttachmentDeleteMutation, AttachmentDeleteVars, CycleIdFilter, CycleIssuesQuery,
    CycleIssuesVars, IdEq, InCycleFilter, RICH_PAGE, RichIssuesQuery, RichIssuesVars,
    SubIssueCreateMutation, SubIssueQuery, SubIssueVars, rich_map, sub_issue,
};
use super::queries::{ChangedIssuesFilter, IdIn, PageInfo, ProjectIdFilter, SinceComparator};
use super::scalars::DateTimeOrDuration;
use super::transport::LinearClient;
use crate::engine::ports::{
    IssuePage, IssueRich, IssueWrite, LinearCursor, LinearPort, NewIssue, NewSubIssue, PageSink,
    PortError, PortResult, ProjectInfo, RemoteIssue, SubIssue, TeamInfo,
};
use crate::model::ids::IssueId;
use crate::model::mention::Person;

/// Rich-field pages requested at once: enough to hide the round trips, few enough that a
/// large pass does not burst Linear's rate limit.
const RICH_PAGES_AT_ONCE: usize = 20;

/// The largest upload the file mirror downloads (Graph's simple upload limit is 250 MB).
pub const MAX_DOWNLOAD_BYTES: usize = 250 * 1024 * 1024;

/// The engine's Linear side. Cheap to clone (the client is an `Arc`).
#[derive(Debug, Clone)]
pub struct LinearAdapter {
    client: LinearClient,
}

fn rejected(message: impl Into<String>) -> PortError {
    PortError::Rejected {
        message: message.into(),
        request_id: None,
    }
}

fn is_uuid(text: &str) -> bool {
    uuid::Uuid::parse_str(text).is_ok()
}

impl LinearAdapter {
    pub fn new(client: LinearClient) -> LinearAdapter {
        LinearAdapter { client }
    }

    /// The client underneath (request counts, rate-limit view).
    pub fn client(&self) -> &LinearClient {
        &self.client
    }

    /// Every label usable in the team (its own and the workspace's), all pages.
    async fn labels(&self, team_id: &str) -> Result<Vec<PortLabel>, LinearError> {
        self.labels_after(team_id, Vec::new(), None).await
    }

    /// The team's labels from page cursor `after` on, appended to `out`.
    async fn labels_after(
        &self,
        team_id: &str,
        mut out: Vec<PortLabel>,
        mut after: Option<String>,
    ) -> Result<Vec<PortLabel>, LinearError> {
        loop {
            let vars = PortLabelsVars {
                team: cynic::Id::new(team_id),
                after: after.clone(),
            };
            let page = self.client.run(PortLabelsQuery::build(vars)).await?;
            let page = page.issue_labels;
            out.extend(page.nodes);
            match next_page(page.page_info, &after, "PortLabelsQuery")? {
                Some(end) => after = Some(end),
                None => return Ok(out),
            }
        }
    }

    /// `query` over `ids`, `page` ids per request (its `first` the page's size: Linear prices
    /// a connection by `first`, so a short page costs less); up to [`RICH_PAGES_AT_ONCE`]
    /// requests in flight (a pass's pairs may need tens of them, each a round trip). The
    /// answers in order; the first failure ends the read.
    async fn pages_by_id<Q>(
        &self,
        ids: &[IssueId],
        page: usize,
        query: fn(RichIssuesVars) -> cynic::Operation<Q, RichIssuesVars>,
    ) -> Result<Vec<Q>, LinearError>
    where
        Q: serde::de::DeserializeOwned,
    {
        let vars: Vec<RichIssuesVars> = ids
            .chunks(page)
            .map(|chunk| RichIssuesVars {
                ids: Some(chunk.iter().map(|i| cynic::Id::new(&i.0)).collect()),
                first: Some(chunk.len() as i32),
            })
            .collect();
        let requests = vars.into_iter().map(|vars| self.client.run(query(vars)));
        let mut answers = futures_util::StreamExt::buffered(
            futures_util::stream::iter(requests),
            RICH_PAGES_AT_ONCE,
        );
        let mut out = Vec::new();
        while let Some(answer) = futures_util::StreamExt::next(&mut answers).await {
            out.push(answer?);
        }
        Ok(out)
    }

    async fn team_info(&self, team: PortTeam) -> PortResult<TeamInfo> {
        let id = team.id.into_inner();
        let labels = self.labels(&id).await.map_err(port_error)?;
        Ok(TeamInfo {
            labels: label_map(&id, &labels),
            key: team.key,
            states: workflow_states(team.states.nodes),
            id,
        })
    }

    /// Issues of `project_ids` changed at or after the cursor (all when `None`), all pages
    /// (each asked by `fetch`, and handed to `pages` as it arrives), then filtered and
    /// de-duplicated by the cursor rules; and the next cursor.
    async fn poll<F, Fut>(
        &self,
        project_ids: &[String],
        since: Option<&LinearCursor>,
        (fetch, operation): (F, &str),
        pages: Option<&PageSink>,
    ) -> Result<(Vec<RemoteIssue>, LinearCursor), LinearError>
    where
        F: Fn(PortIssuesVars) -> Fut,
        Fut: Future<Output = Result<(Vec<RemoteIssue>, PageInfo), LinearError>>,
    {
        let since = since.filter(|c| !c.updated_at.is_empty());
        if project_ids.is_empty() {
            return Ok((Vec::new(), since.cloned().unwrap_or_default()));
        }
        let filter = ChangedIssuesFilter {
            project: ProjectIdFilter {
                id: IdIn {
                    in_: project_ids.iter().map(cynic::Id::new).collect(),
                },
            },
            updated_at: since.map(|c| SinceComparator {
                gte: DateTimeOrDuration(c.updated_at.clone()),
            }),
        };
        let mut read: Vec<RemoteIssue> = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let vars = PortIssuesVars {
                filter: filter.clone(),
                after: after.clone(),
            };
            let (issues, page_info) = fetch(vars).await?;
            if let Some(sink) = pages {
                // A closed receiver only means nobody takes pages early any more.
                let _ = sink.send(IssuePage {
                    issues: issues.clone(),
                    more: page_info.has_next_page,
                });
            }
            read.extend(issues);
            match next_page(page_info, &after, operation)? {
                Some(end) => after = Some(end),
                None => break,
            }
        }
        let keys: Vec<(&str, &str)> = read
            .iter()
            .map(|i| (i.id.0.as_str(), i.updated_at.as_str()))
            .collect();
        let client_cursor = since.map(to_client_cursor);
        let (mut keep, next) = cursor::advance(client_cursor.as_ref(), &keys);
        keep.sort_unstable();
        let mut slots: Vec<Option<RemoteIssue>> = read.into_iter().map(Some).collect();
        let issues = keep.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok((issues, from_client_cursor(next)))
    }

    /// One issue by UUID or identifier; `None` when Linear does not know it.
    async fn issue_opt(&self, id: &str) -> Result<Option<PortIssue>, LinearError> {
        let vars = PortIssueVars { id: id.into() };
        match self.client.run(PortIssueQuery::build(vars)).await {
            Ok(data) => Ok(Some(data.issue)),
            Err(err) if is_not_found(&err) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Upsert a link attachment; returns the issue as it is afterwards.
    async fn attach(&self, issue_id: &str, url: &str, title: &str) -> PortResult<RemoteIssue> {
        let input = AttachmentCreateInput {
            issue_id: issue_id.into(),
            url: url.into(),
            title: title.into(),
            subtitle: None,
        };
        let op = PortAttachmentMutation::build(AttachmentCreateVars { input });
        let payload = self
            .client
            .run(op)
            .await
            .map_err(port_error)?
            .attachment_create;
        if !payload.success {
            return Err(rejected("attachmentCreate: success: false"));
        }
        Ok(snapshot_issue(payload.attachment.issue))
    }
}

/// The `after` of the next page, `None` on the last one; a page that claims more without a
/// new end cursor would loop forever, so it is an error.
fn next_page(
    info: super::queries::PageInfo,
    after: &Option<String>,
    operation: &str,
) -> Result<Option<String>, LinearError> {
    match (info.has_next_page, info.end_cursor) {
        (true, Some(end)) if Some(&end) != after.as_ref() => Ok(Some(end)),
        (true, _) => Err(LinearError::Unexpected {
            operation: operation.into(),
            what: "hasNextPage without a new endCursor".into(),
        }),
        (false, _) => Ok(None),
    }
}

impl LinearPort for LinearAdapter {
    /// A team by id with its states and labels. Unknown id → `NotFound`.
    /// The team and its labels in one request (more only past 250 labels).
    async fn team(&self, team_id: &str) -> PortResult<TeamInfo> {
        let vars = PortTeamWithLabelsVars {
            id: team_id.into(),
            team: cynic::Id::new(team_id),
        };
        let answer = self
            .client
            .run(PortTeamWithLabelsQuery::build(vars))
            .await
            .map_err(port_error)?;
        self.team_from(answer.team, answer.issue_labels).await
    }

    /// A team by key, ignoring case; `None` when there is none.
    async fn team_by_key(&self, key: &str) -> PortResult<Option<TeamInfo>> {
        let vars = PortTeamByKeyVars { key: key.into() };
        let teams = self.client.run(PortTeamByKeyQuery::build(vars)).await;
        let found = teams
            .map_err(port_error)?
            .teams
            .nodes
            .into_iter()
            .find(|t| t.key.eq_ignore_ascii_case(key));
        match found {
            Some(team) => Ok(Some(self.team_info(team).await?)),
            None => Ok(None),
        }
    }

    /// A project by id, else by exact name ignoring case. Several projects with that name →
    /// `Rejected` asking for the id.
    async fn project(&self, id_or_name: &str) -> PortResult<Option<ProjectInfo>> {
        let info = |p: super::queries::Project| ProjectInfo {
            id: p.id.into_inner(),
            name: p.name,
            teams: p
                .teams
                .nodes
                .into_iter()
                .map(|t| (t.id.into_inner(), t.key))
                .collect(),
        };
        if is_uuid(id_or_name) {
            match self.client.project(id_or_name).await {
                Ok(project) => return Ok(Some(info(project))),
                Err(err) if is_not_found(&err) => {}
                Err(err) => return Err(port_error(err)),
            }
        }
        let wanted = id_or_name.to_lowercase();
        let mut named: Vec<_> = self
            .client
            .projects_by_name(id_or_name)
            .await
            .map_err(port_error)?
            .into_iter()
            .filter(|p| p.name.to_lowercase() == wanted)
            .collect();
        match named.len() {
            0 => Ok(None),
            1 => Ok(named.pop().map(info)),
            n => Err(rejected(format!(
                "{n} Linear projects are named {id_or_name:?}; give the project's id instead"
            ))),
        }
    }

    async fn changes(
        &self,
        project_ids: &[String],
        cursor: Option<&LinearCursor>,
    ) -> PortResult<(Vec<RemoteIssue>, LinearCursor)> {
        self.changes_paged(project_ids, cursor, None).await
    }

    async fn changes_paged(
        &self,
        project_ids: &[String],
        cursor: Option<&LinearCursor>,
        pages: Option<&PageSink>,
    ) -> PortResult<(Vec<RemoteIssue>, LinearCursor)> {
        let fetch = |vars| async {
            let page = self
                .client
                .run(PolledIssuesQuery::build(vars))
                .await?
                .issues;
            let issues = page.nodes.into_iter().map(polled_issue).collect();
            Ok((issues, page.page_info))
        };
        self.poll(project_ids, cursor, (fetch, "PolledIssuesQuery"), pages)
            .await
            .map_err(port_error)
    }

    /// By UUID (batched) or identifier (`ENG-12`, one request each), in the order asked;
    /// issues Linear does not know are left out.
    async fn issues(&self, ids: &[IssueId]) -> PortResult<Vec<RemoteIssue>> {
        let (uuids, keys): (Vec<&IssueId>, Vec<&IssueId>) = ids.iter().partition(|i| is_uuid(&i.0));
        let mut found: BTreeMap<String, RemoteIssue> = BTreeMap::new();
        for chunk in uuids.chunks(PORT_ISSUE_PAGE) {
            let vars = PortIssuesByIdVars {
                ids: Some(chunk.iter().map(|i| cynic::Id::new(&i.0)).collect()),
            };
            let page = self.client.run(PortIssuesByIdQuery::build(vars)).await;
            for issue in page.map_err(port_error)?.issues.nodes {
                found.insert(issue.issue.id.inner().to_string(), remote_issue(issue));
            }
        }
        for key in keys {
            if let Some(issue) = self.issue_opt(&key.0).await.map_err(port_error)? {
                found.insert(key.0.clone(), remote_issue(issue));
            }
        }
        let mut out: Vec<RemoteIssue> = Vec::new();
        for id in ids {
            if let Some(issue) = found.get(&id.0)
                && !out.iter().any(|o| o.id == issue.id)
            {
                out.push(issue.clone());
            }
        }
        Ok(out)
    }

    /// Every issue of the project, archived, trashed and sub-issues included.
    async fn all_issues(&self, project_id: &str) -> PortResult<Vec<RemoteIssue>> {
        let projects = [project_id.to_string()];
        // With attachment URLs: the bootstrap pairs issues by their back-references.
        let fetch = |vars| async {
            let page = self.client.run(PortIssuesQuery::build(vars)).await?.issues;
            let issues = page.nodes.into_iter().map(remote_issue).collect();
            Ok((issues, page.page_info))
        };
        let (issues, _) = self
            .poll(&projects, None, (fetch, "PortIssuesQuery"), None)
            .await
            .map_err(port_error)?;
        Ok(issues)
    }

    /// `issueCreate` with our id, then the back-reference attachment. A retry finds the id
    /// taken, adopts the existing issue and still upserts the attachment.
    async fn create_issue(&self, new: &NewIssue) -> PortResult<RemoteIssue> {
        let op = PortIssueCreateMutation::build(IssueCreateVars {
            input: create_input(new),
        });
        match self.client.run(op).await {
            Ok(data) if data.issue_create.success && data.issue_create.issue.is_some() => {}
            Ok(_) => return Err(rejected("issueCreate: success: false")),
            Err(err @ LinearError::GraphQl { .. }) => {
                let existing = self.issue_opt(&new.id.0).await.map_err(port_error)?;
                if existing.is_none_or(|i| i.issue.id.inner() != new.id.0) {
                    return Err(port_error(err));
                }
            }
            Err(err) => return Err(port_error(err)),
        }
        let (url, title) = &new.attachment;
        if url.is_empty() {
            // No back-reference yet (`push` creates the issue before its task): read it back.
            return match self.issue_opt(&new.id.0).await.map_err(port_error)? {
                Some(issue) => Ok(remote_issue(issue)),
                None => Err(PortError::NotFound(format!("Linear issue {}", new.id))),
            };
        }
        self.attach(&new.id.0, url, title).await
    }

    /// `issueUpdate` (labels by added/removed ids); the issue after the change. An empty
    /// write reads the issue instead. A deleted issue → `NotFound`.
    async fn update_issue(&self, id: &IssueId, write: &IssueWrite) -> PortResult<RemoteIssue> {
        if write.is_empty() {
            return match self.issue_opt(&id.0).await.map_err(port_error)? {
                Some(issue) => Ok(remote_issue(issue)),
                None => Err(PortError::NotFound(format!("Linear issue {id}"))),
            };
        }
        let op = PortIssueUpdateMutation::build(IssueUpdateVars {
            id: id.0.clone(),
            input: update_input(write),
        });
        let payload = self.client.run(op).await.map_err(port_error)?.issue_update;
        match payload.issue {
            Some(answer) if payload.success => Ok(snapshot_issue(answer)),
            _ => Err(rejected("issueUpdate: success: false")),
        }
    }

    /// Upsert a link attachment (by issue and URL).
    async fn create_issues(&self, news: &[NewIssue]) -> Vec<PortResult<RemoteIssue>> {
        self.create_many(news).await
    }

    async fn add_attachment(&self, id: &IssueId, url: &str, title: &str) -> PortResult<()> {
        self.attach(&id.0, url, title).await.map(drop)
    }

    async fn add_attachments(
        &self,
        items: &[(IssueId, String, String)],
    ) -> Vec<PortResult<RemoteIssue>> {
        let items: Vec<(&str, &str, &str)> = items
            .iter()
            .map(|(id, url, title)| (id.0.as_str(), url.as_str(), title.as_str()))
            .collect();
        self.attach_many(&items).await
    }

    /// A team label; when the name is taken (ignoring case), the existing label usable in the
    /// team (its own, else the workspace's).
    async fn create_label(&self, team_id: &str, name: &str) -> PortResult<String> {
        let input = IssueLabelCreateInput {
            name: name.into(),
            team_id: Some(team_id.into()),
            color: None,
        };
        match self.client.issue_label_create(input).await {
            Ok(label) => Ok(label.id.into_inner()),
            Err(err @ LinearError::GraphQl { .. }) => {
                let labels = self.labels(team_id).await.map_err(port_error)?;
                match find_label(team_id, &labels, name) {
                    Some(label) => Ok(label.id.inner().to_string()),
                    None => Err(port_error(err)),
                }
            }
            Err(err) => Err(port_error(err)),
        }
    }

    /// The rich fields, [`RICH_PAGE`] issues per request (pages as [`Self::pages_by_id`]).
    async fn issue_rich(&self, ids: &[IssueId]) -> PortResult<BTreeMap<IssueId, IssueRich>> {
        let pages = self
            .pages_by_id(ids, RICH_PAGE, RichIssuesQuery::build)
            .await
            .map_err(port_error)?;
        Ok(pages
            .into_iter()
            .flat_map(|page| rich_map(page.issues.nodes))
            .collect())
    }

    async fn rich_and_team(
        &self,
        ids: &[IssueId],
        team_id: &str,
    ) -> (
        PortResult<BTreeMap<IssueId, IssueRich>>,
        PortResult<TeamInfo>,
    ) {
        self.rich_with_team(ids, team_id).await
    }

    /// [`SNAPSHOT_PAGE`] issues per request (pages as [`Self::pages_by_id`]).
    async fn issue_snapshots(&self, ids: &[IssueId]) -> PortResult<Vec<RemoteIssue>> {
        let pages = self
            .pages_by_id(ids, SNAPSHOT_PAGE, IssueSnapshotsQuery::build)
            .await
            .map_err(port_error)?;
        Ok(pages
            .into_iter()
            .flat_map(|page| page.issues.nodes)
            .map(snapshot_issue)
            .collect())
    }

    /// `issueCreate` with our id and `parentId`; a retry finds the id taken and adopts it.
    async fn create_sub_issue(&self, new: &NewSubIssue) -> PortResult<SubIssue> {
        let input = batch::sub_issue_input(new);
        let op = SubIssueCreateMutation::build(IssueCreateVars { input });
        match self.client.run(op).await {
            Ok(data) => match data.issue_create.issue {
                Some(issue) if data.issue_create.success => Ok(sub_issue(issue)),
                _ => Err(rejected("issueCreate: success: false")),
            },
            Err(err @ LinearError::GraphQl { .. }) => {
                let vars = SubIssueVars {
                    id: new.id.0.clone(),
                };
                match self.client.run(SubIssueQuery::build(vars)).await {
                    Ok(data) if data.issue.id.inner() == new.id.0 => Ok(sub_issue(data.issue)),
                    _ => Err(port_error(err)),
                }
            }
            Err(err) => Err(port_error(err)),
        }
    }

    async fn create_sub_issues(&self, news: &[NewSubIssue]) -> Vec<PortResult<SubIssue>> {
        self.create_sub_issues_many(news).await
    }

    /// A Linear upload, at most [`MAX_DOWNLOAD_BYTES`].
    async fn download(&self, url: &str) -> PortResult<Vec<u8>> {
        self.client
            .download(url, MAX_DOWNLOAD_BYTES)
            .await
            .map_err(port_error)
    }

    /// Every issue of a cycle (ids only), all pages.
    async fn cycle_issues(&self, cycle_id: &str) -> PortResult<Vec<IssueId>> {
        let mut out = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let vars = CycleIssuesVars {
                filter: InCycleFilter {
                    cycle: CycleIdFilter {
                        id: IdEq {
                            eq: cynic::Id::new(cycle_id),
                        },
                    },
                },
                after: after.clone(),
            };
            let page = self.client.run(CycleIssuesQuery::build(vars)).await;
            let page = page.map_err(port_error)?.issues;
            out.extend(page.nodes.into_iter().map(|i| IssueId(i.id.into_inner())));
            match next_page(page.page_info, &after, "CycleIssuesQuery").map_err(port_error)? {
                Some(end) => after = Some(end),
                None => return Ok(out),
            }
        }
    }

    /// `attachmentDelete`; an attachment already gone counts as deleted.
    async fn remove_attachment(&self, attachment_id: &str) -> PortResult<()> {
        let vars = AttachmentDeleteVars {
            id: attachment_id.into(),
        };
        match self.client.run(AttachmentDeleteMutation::build(vars)).await {
            Ok(data) if data.attachment_delete.success => Ok(()),
            Ok(_) => Err(rejected("attachmentDelete: success: false")),
            Err(err) if is_not_found(&err) => Ok(()),
            Err(err) => Err(port_error(err)),
        }
    }

    /// The Linear user with this email, ignoring case (an active one first); `None` if absent.
    async fn user_id(&self, email: &str) -> PortResult<Option<String>> {
        let mut users = self
            .client
            .users_by_email(email)
            .await
            .map_err(port_error)?;
        users.retain(|u| u.email.eq_ignore_ascii_case(email));
        users.sort_by_key(|u| !u.active);
        Ok(users.into_iter().next().map(|u| u.id.into_inner()))
    }

    async fn team_people(&self, team_id: &str) -> PortResult<Vec<Person>> {
        let members = self
            .client
            .team_members(team_id)
            .await
            .map_err(port_error)?;
        Ok(members
            .into_iter()
            .map(|u| Person {
                name: u.name,
                display_name: u.display_name,
                email: u.email,
                url: u.url,
            })
            .collect())
    }

    /// `commentCreate` on the issue with our `comment_id`; `success: false` is a rejection.
    /// Refused because the id is taken (an earlier attempt went through before its answer
    /// was recorded), the existing comment is the answer: nothing is posted twice.
    async fn create_comment(&self, id: &IssueId, comment_id: &str, body: &str) -> PortResult<()> {
        use super::comment::{
            PortCommentCreateInput, PortCommentCreateVars, PortCommentMutation, PortCommentQuery,
            PortCommentVars,
        };
        let input = PortCommentCreateInput {
            id: Some(comment_id.to_string()),
            issue_id: Some(id.0.clone()),
            body: Some(body.to_string()),
        };
        let op = PortCommentMutation::build(PortCommentCreateVars { input });
        let payload = match self.client.run(op).await {
            Ok(data) => data.comment_create,
            Err(err @ LinearError::GraphQl { .. }) => {
                let vars = PortCommentVars {
                    id: Some(comment_id.to_string()),
                };
                return match self.client.run(PortCommentQuery::build(vars)).await {
                    Ok(found) if found.comment.id.inner() == comment_id => Ok(()),
                    _ => Err(port_error(err)),
                };
            }
            Err(err) => return Err(port_error(err)),
        };
        if !payload.success {
            return Err(rejected("commentCreate: success: false"));
        }
        Ok(())
    }
}
