//! One method per Linear call the bridge makes, over the typed documents.
//!
//! Reads return the typed response structs of `queries.rs`; writes take the input structs of
//! `mutations.rs`. Contracts worth knowing: `issue_create` with a client-chosen id is
//! idempotent (an "already exists" for our id is answered by fetching that issue), batch
//! writes are chunked at [`BATCH_LIMIT`], and `issues_changed_since` serves several projects
//! with one query and never skips nor repeats issues that share an `updatedAt`.

use std::time::Duration;

use cynic::{MutationBuilder, QueryBuilder};

use super::cursor::{self, LinearCursor};
use super::error::LinearError;
use super::mutations::*;
use super::queries::*;
use super::scalars::{DateTimeOrDuration, Uuid};
use super::transport::{Credential, LinearClient, LinearOptions};
use crate::config::{Config, ConfigError};

/// Most issues Linear accepts in one `issueBatchCreate`/`issueBatchUpdate`.
pub const BATCH_LIMIT: usize = 50;

/// Timeout of one request to Linear.
pub const REQUEST_TIMEOUT_SECS: u64 = 30;

impl LinearOptions {
    /// Options of a pass: `linear.api_url` (or `LINEAR_API_URL`), `LINEAR_API_KEY`,
    /// `sync.retry_attempts`, and `sync.time_budget_secs` as the retry budget.
    /// Without `LINEAR_API_KEY` → `ConfigError::MissingSecrets` (exit 2, naming it).
    pub fn from_config(config: &Config) -> Result<LinearOptions, ConfigError> {
        config.require(&["LINEAR_API_KEY"])?;
        let key =
            config
                .secrets
                .linear_api_key
                .clone()
                .ok_or_else(|| ConfigError::MissingSecrets {
                    vars: vec!["LINEAR_API_KEY".into()],
                })?;
        Ok(LinearOptions {
            api_url: config.linear.api_url.clone(),
            credential: Credential::ApiKey(key),
            retry_attempts: config.sync.retry_attempts,
            time_budget: Duration::from_secs(config.sync.time_budget_secs),
            request_timeout: Duration::from_secs(REQUEST_TIMEOUT_SECS),
        })
    }
}

fn unexpected(operation: &str, what: impl Into<String>) -> LinearError {
    LinearError::Unexpected {
        operation: operation.into(),
        what: what.into(),
    }
}

impl LinearClient {
    /// The bridge's own user: changes made by this id are our own echoes.
    pub async fn viewer(&self) -> Result<Viewer, LinearError> {
        Ok(self.run(ViewerQuery::build(())).await?.viewer)
    }

    /// Every team with its workflow states, labels and cycles.
    pub async fn teams(&self) -> Result<Vec<Team>, LinearError> {
        Ok(self.run(TeamsQuery::build(())).await?.teams.nodes)
    }

    /// One project with its teams. Unknown id → `GraphQl { code: ENTITY_NOT_FOUND, .. }`.
    pub async fn project(&self, id: &str) -> Result<Project, LinearError> {
        let vars = ProjectByIdVars { id: id.into() };
        Ok(self.run(ProjectByIdQuery::build(vars)).await?.project)
    }

    /// Projects whose name equals `name`, ignoring case (several may match).
    pub async fn projects_by_name(&self, name: &str) -> Result<Vec<Project>, LinearError> {
        let vars = ProjectsByNameVars { name: name.into() };
        Ok(self
            .run(ProjectsByNameQuery::build(vars))
            .await?
            .projects
            .nodes)
    }

    /// Users whose email equals `email`, ignoring case.
    pub async fn users_by_email(&self, email: &str) -> Result<Vec<User>, LinearError> {
        let vars = UsersByEmailVars {
            email: email.into(),
        };
        Ok(self.run(UsersByEmailQuery::build(vars)).await?.users.nodes)
    }

    /// One issue by id or identifier (`ENG-12`).
    pub async fn issue(&self, id: &str) -> Result<Issue, LinearError> {
        let vars = IssueByIdVars { id: id.into() };
        Ok(self.run(IssueByIdQuery::build(vars)).await?.issue)
    }

    /// Issues of `project_ids` changed since `cursor` (archived and trashed ones included),
    /// oldest change first, all pages; and the cursor to pass next time. `None` reads all.
    ///
    /// An empty `project_ids` reads nothing and returns the cursor unchanged.
    pub async fn issues_changed_since(
        &self,
        project_ids: &[String],
        cursor: Option<&LinearCursor>,
    ) -> Result<(Vec<Issue>, LinearCursor), LinearError> {
        if project_ids.is_empty() {
            return Ok((Vec::new(), cursor.cloned().unwrap_or_default()));
        }
        let filter = ChangedIssuesFilter {
            project: ProjectIdFilter {
                id: IdIn {
                    in_: project_ids.iter().map(cynic::Id::new).collect(),
                },
            },
            updated_at: cursor
                .filter(|c| !c.updated_at.is_empty())
                .map(|c| SinceComparator {
                    gte: DateTimeOrDuration(c.updated_at.clone()),
                }),
        };
        let mut read: Vec<Issue> = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let vars = IssuesChangedVars {
                filter: filter.clone(),
                after: after.clone(),
            };
            let page = self.run(IssuesChangedQuery::build(vars)).await?.issues;
            read.extend(page.nodes);
            match (page.page_info.has_next_page, page.page_info.end_cursor) {
                (true, Some(end)) if Some(&end) != after.as_ref() => after = Some(end),
                (true, _) => {
                    return Err(unexpected(
                        "IssuesChangedQuery",
                        "hasNextPage without a new endCursor",
                    ));
                }
                (false, _) => break,
            }
        }
        let keys: Vec<(&str, &str)> = read
            .iter()
            .map(|i| (i.id.inner(), i.updated_at.0.as_str()))
            .collect();
        let (keep, next) = cursor::advance(cursor, &keys);
        let mut keep = keep;
        keep.sort_unstable();
        let mut slots: Vec<Option<Issue>> = read.into_iter().map(Some).collect();
        let issues = keep.into_iter().filter_map(|i| slots[i].take()).collect();
        Ok((issues, next))
    }

    /// Create an issue. With `input.id` set this is idempotent: if Linear says the id is
    /// taken and an issue with that id exists, it is returned as if just created.
    pub async fn issue_create(&self, input: IssueCreateInput) -> Result<Issue, LinearError> {
        let id = input.id.clone();
        let op = IssueCreateMutation::build(IssueCreateVars { input });
        match self.run(op).await {
            Ok(data) => match data.issue_create.issue {
                Some(issue) if data.issue_create.success => Ok(issue),
                _ => Err(unexpected("IssueCreateMutation", "success: false")),
            },
            Err(err @ LinearError::GraphQl { .. }) => match id {
                Some(id) => self.adopt_existing(&id).await?.ok_or(err),
                None => Err(err),
            },
            Err(err) => Err(err),
        }
    }

    /// The issue with our client-chosen id, if it exists (a previous attempt created it).
    async fn adopt_existing(&self, id: &str) -> Result<Option<Issue>, LinearError> {
        match self.issue(id).await {
            Ok(issue) if issue.id.inner() == id => Ok(Some(issue)),
            Ok(_) | Err(LinearError::GraphQl { .. }) => Ok(None),
            Err(err) => Err(err),
        }
    }

    /// Create many issues, [`BATCH_LIMIT`] per request. A chunk refused because one of our ids
    /// already exists falls back to idempotent single creates for that chunk.
    pub async fn issue_batch_create(
        &self,
        inputs: Vec<IssueCreateInput>,
    ) -> Result<Vec<IssueSummary>, LinearError> {
        let mut out = Vec::with_capacity(inputs.len());
        for chunk in inputs.chunks(BATCH_LIMIT) {
            let op = IssueBatchCreateMutation::build(IssueBatchCreateVars {
                input: IssueBatchCreateInput {
                    issues: chunk.to_vec(),
                },
            });
            match self.run(op).await {
                Ok(data) if data.issue_batch_create.success => {
                    out.extend(data.issue_batch_create.issues);
                }
                Ok(_) => return Err(unexpected("IssueBatchCreateMutation", "success: false")),
                Err(LinearError::GraphQl { .. }) if chunk.iter().all(|i| i.id.is_some()) => {
                    for input in chunk {
                        let issue = self.issue_create(input.clone()).await?;
                        out.push(IssueSummary {
                            id: issue.id,
                            identifier: issue.identifier,
                            url: issue.url,
                            updated_at: issue.updated_at,
                        });
                    }
                }
                Err(err) => return Err(err),
            }
        }
        Ok(out)
    }

    /// Change one issue (labels by `addedLabelIds`/`removedLabelIds`).
    pub async fn issue_update(
        &self,
        id: &str,
        input: IssueUpdateInput,
    ) -> Result<Issue, LinearError> {
        let op = IssueUpdateMutation::build(IssueUpdateVars {
            id: id.into(),
            input,
        });
        let payload = self.run(op).await?.issue_update;
        match payload.issue {
            Some(issue) if payload.success => Ok(issue),
            _ => Err(unexpected("IssueUpdateMutation", "success: false")),
        }
    }

    /// Apply the same change to many issues, [`BATCH_LIMIT`] per request.
    pub async fn issue_batch_update(
        &self,
        ids: &[String],
        input: IssueUpdateInput,
    ) -> Result<Vec<IssueSummary>, LinearError> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(BATCH_LIMIT) {
            let op = IssueBatchUpdateMutation::build(IssueBatchUpdateVars {
                ids: chunk.iter().map(|id| Uuid(id.clone())).collect(),
                input: input.clone(),
            });
            let payload = self.run(op).await?.issue_batch_update;
            if !payload.success {
                return Err(unexpected("IssueBatchUpdateMutation", "success: false"));
            }
            out.extend(payload.issues);
        }
        Ok(out)
    }

    /// Link a URL to an issue; Linear upserts by (issue, url), so this is idempotent.
    pub async fn attachment_create(
        &self,
        input: AttachmentCreateInput,
    ) -> Result<Attachment, LinearError> {
        let op = AttachmentCreateMutation::build(AttachmentCreateVars { input });
        let payload = self.run(op).await?.attachment_create;
        if !payload.success {
            return Err(unexpected("AttachmentCreateMutation", "success: false"));
        }
        Ok(payload.attachment)
    }

    /// Attachments (with their issue) linking to exactly `url`: the back-reference lookup.
    pub async fn attachments_for_url(
        &self,
        url: &str,
    ) -> Result<Vec<LinkedAttachment>, LinearError> {
        let vars = AttachmentsForUrlVars { url: url.into() };
        Ok(self
            .run(AttachmentsForUrlQuery::build(vars))
            .await?
            .attachments_for_url
            .nodes)
    }

    /// Create a label (team label when `team_id` is set, else a workspace label).
    pub async fn issue_label_create(
        &self,
        input: IssueLabelCreateInput,
    ) -> Result<IssueLabel, LinearError> {
        let op = IssueLabelCreateMutation::build(IssueLabelCreateVars { input });
        let payload = self.run(op).await?.issue_label_create;
        if !payload.success {
            return Err(unexpected("IssueLabelCreateMutation", "success: false"));
        }
        Ok(payload.issue_label)
    }

    /// Comment on an issue (used to surface sync errors to the people in Linear).
    pub async fn comment_create(
        &self,
        issue_id: &str,
        body: &str,
    ) -> Result<CreatedComment, LinearError> {
        let op = CommentCreateMutation::build(CommentCreateVars {
            input: CommentCreateInput {
                issue_id: Some(issue_id.into()),
                body: Some(body.into()),
                id: None,
            },
        });
        let payload = self.run(op).await?.comment_create;
        if !payload.success {
            return Err(unexpected("CommentCreateMutation", "success: false"));
        }
        Ok(payload.comment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EnvMap;

    #[test]
    fn options_come_from_the_config_and_need_the_key() {
        let mut env = EnvMap::new();
        let missing = Config::from_toml("", None, &env).unwrap();
        let err = LinearOptions::from_config(&missing).unwrap_err();
        assert!(err.to_string().contains("LINEAR_API_KEY"), "{err}");
        env.insert("LINEAR_API_KEY".into(), "lin_api_x".into());
        env.insert("LINEAR_API_URL".into(), "http://127.0.0.1:9/graphql".into());
        let config = Config::from_toml("[sync]\nretry_attempts = 5\n", None, &env).unwrap();
        let options = LinearOptions::from_config(&config).unwrap();
        assert_eq!(options.api_url, "http://127.0.0.1:9/graphql");
        assert_eq!(options.retry_attempts, 5);
        assert!(
            matches!(options.credential, Credential::ApiKey(ref k) if k.expose() == "lin_api_x")
        );
    }
}
