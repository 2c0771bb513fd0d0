//! Creating many issues, sub-issues and back-references in few requests.
//!
//! * Issues: `issueBatchCreate` by [`BATCH_LIMIT`], chunks one after another (identifiers
//!   follow the order of the tasks).
//! * Their back-reference attachments (`IssueCreateInput` has none): [`ATTACH_ALIASES`]
//!   `attachmentCreate` fields per request, aliased in one mutation document (GraphQL runs a
//!   mutation's fields one after another, each with its own payload), a few documents at once.
//! * Sub-issues (checklist items of new pairs): `issueBatchCreate` with `parentId`, by
//!   [`BATCH_LIMIT`].
//!
//! Same contract as the single writes: idempotent on the ids the engine chose, and every
//! attachment is an upsert by (issue, url), so re-sending any of these after a crash or a
//! timeout never duplicates. Linear applies a batch in one transaction, so a chunk it refuses
//! (one of our ids exists already after a crash, a bad input) created nothing; that chunk falls
//! back to one single create per item, which adopts an existing id and gives each item its own
//! result (one bad input fails alone). An aliased document Linear refuses (one issue gone, a
//! complexity limit) falls back to one attachment per request likewise. Transient failures
//! are retried by the transport (with the shared pacing of `rate.rs`), so they are not
//! repeated per item.

use std::collections::BTreeMap;

use cynic::MutationBuilder;
use futures_util::StreamExt;
use futures_util::stream;

use super::LinearAdapter;
use crate::engine::ports::{LinearPort, NewIssue, NewSubIssue, PortResult, RemoteIssue, SubIssue};
use crate::linear::client::BATCH_LIMIT;
use crate::linear::error::LinearError;
use crate::linear::mutations::{
    AttachmentCreateInput, AttachmentCreateVars, IssueBatchCreateInput, IssueBatchCreateVars,
    IssueCreateInput,
};
use crate::linear::port_map::{create_input, port_error, snapshot_issue};
use crate::linear::port_queries::{PortAttachmentMutation, PortAttachmentPayload};
use crate::linear::port_rich::{RichChild, sub_issue};
use crate::linear::scalars::schema;

/// `attachmentCreate` fields per aliased document. Each answers its issue whole (port and rich
/// fields, ~440 complexity points, as a snapshot read prices it: see `port_queries.rs`), so
/// as many as a snapshot read holds stay a fifth below Linear's 10,000 per request, and the
/// written issues need no read afterwards.
pub const ATTACH_ALIASES: usize = crate::linear::port_queries::SNAPSHOT_PAGE;
/// Aliased attachment documents in flight at once: about 200 attachments, as four documents
/// of 50 were when they did not answer their issues whole.
const DOCUMENTS_AT_ONCE: usize = 200usize.div_ceil(ATTACH_ALIASES);
/// Single attachments in flight at once (after a refused document).
const SINGLES_AT_ONCE: usize = 16;
/// Sub-issue `issueBatchCreate`s in flight at once.
const SUB_CHUNKS_AT_ONCE: usize = 4;
/// The operation name of the aliased document (what the request counters show).
const ATTACH_MANY: &str = "AttachmentCreateMany";

/// `issueBatchCreate` answering each issue as a sub-issue.
#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(
    graphql_type = "Mutation",
    variables = "crate::linear::mutations::IssueBatchCreateVars"
)]
pub struct SubIssueBatchCreateMutation {
    #[arguments(input: $input)]
    pub issue_batch_create: SubIssueBatchPayload,
}

#[derive(cynic::QueryFragment, Debug, Clone)]
#[cynic(graphql_type = "IssueBatchPayload")]
pub struct SubIssueBatchPayload {
    pub success: bool,
    pub issues: Vec<RichChild>,
}

/// One back-reference to write: issue id, url, title.
type Attach<'a> = (&'a str, &'a str, &'a str);

impl LinearAdapter {
    /// One result per issue of `news`, in order.
    pub(super) async fn create_many(&self, news: &[NewIssue]) -> Vec<PortResult<RemoteIssue>> {
        let mut out: Vec<Option<PortResult<RemoteIssue>>> = Vec::with_capacity(news.len());
        for chunk in news.chunks(BATCH_LIMIT) {
            let inputs = chunk.iter().map(create_input).collect();
            match self.client().issue_batch_create(inputs).await {
                // Created: the back-references follow, for all chunks at once.
                Ok(_) => out.extend(chunk.iter().map(|_| None)),
                Err(_) => {
                    for new in chunk {
                        out.push(Some(self.create_issue(new).await));
                    }
                }
            }
        }
        let pending: Vec<usize> = (0..news.len()).filter(|i| out[*i].is_none()).collect();
        let (with_url, without): (Vec<usize>, Vec<usize>) = pending
            .into_iter()
            .partition(|i| !news[*i].attachment.0.is_empty());
        let attach: Vec<Attach> = with_url
            .iter()
            .map(|i| {
                let (url, title) = &news[*i].attachment;
                (news[*i].id.0.as_str(), url.as_str(), title.as_str())
            })
            .collect();
        let attached = self.attach_many(&attach).await;
        for (i, result) in with_url.into_iter().zip(attached) {
            out[i] = Some(result);
        }
        // No back-reference yet (`push` creates the issue before its task): as the single
        // create does, the issue is read back.
        for i in without {
            out[i] = Some(self.create_issue(&news[i]).await);
        }
        out.into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(super::rejected(
                        "issueBatchCreate: no result for this issue",
                    ))
                })
            })
            .collect()
    }

    /// Upsert the attachments, [`ATTACH_ALIASES`] per request; one result per item, in order.
    pub(super) async fn attach_many(&self, items: &[Attach<'_>]) -> Vec<PortResult<RemoteIssue>> {
        let chunks: Vec<_> = items
            .chunks(ATTACH_ALIASES)
            .map(|chunk| self.attach_chunk(chunk))
            .collect();
        let done: Vec<Vec<PortResult<RemoteIssue>>> = stream::iter(chunks)
            .buffered(DOCUMENTS_AT_ONCE)
            .collect()
            .await;
        done.into_iter().flatten().collect()
    }

    /// One aliased document for `chunk`; a refused one falls back to one request per item.
    async fn attach_chunk(&self, chunk: &[Attach<'_>]) -> Vec<PortResult<RemoteIssue>> {
        if chunk.len() > 1 {
            match self.attach_document(chunk).await {
                Ok(mut answers) => {
                    let mut out = Vec::with_capacity(chunk.len());
                    for (i, (issue, url, title)) in chunk.iter().enumerate() {
                        out.push(match answers.remove(&alias(i)) {
                            Some(p) if p.success => Ok(snapshot_issue(p.attachment.issue)),
                            _ => self.attach(issue, url, title).await,
                        });
                    }
                    return out;
                }
                // Refused as a whole (one issue gone, a limit): item by item below.
                Err(LinearError::GraphQl { .. }) => {}
                Err(err) => {
                    let err = port_error(err);
                    return chunk.iter().map(|_| Err(err.clone())).collect();
                }
            }
        }
        let singles: Vec<_> = chunk
            .iter()
            .map(|(issue, url, title)| self.attach(issue, url, title))
            .collect();
        stream::iter(singles)
            .buffered(SINGLES_AT_ONCE)
            .collect()
            .await
    }

    /// `mutation($a0: AttachmentCreateInput!, …) { a0: attachmentCreate(input: $a0) {…} … }`:
    /// the selection is the compile-checked one of [`PortAttachmentMutation`], repeated under
    /// an alias per item.
    async fn attach_document(
        &self,
        chunk: &[Attach<'_>],
    ) -> Result<BTreeMap<String, PortAttachmentPayload>, LinearError> {
        let mut variables = serde_json::Map::new();
        for (i, (issue, url, title)) in chunk.iter().enumerate() {
            let input = AttachmentCreateInput {
                issue_id: (*issue).into(),
                url: (*url).into(),
                title: (*title).into(),
                subtitle: None,
            };
            let value = serde_json::to_value(input).map_err(|e| LinearError::Unexpected {
                operation: ATTACH_MANY.into(),
                what: format!("cannot encode an attachment: {e}"),
            })?;
            variables.insert(alias(i), value);
        }
        let query = aliased_attachments(chunk.len()).ok_or_else(|| LinearError::Unexpected {
            operation: ATTACH_MANY.into(),
            what: "the attachmentCreate selection has an unexpected shape".into(),
        })?;
        self.client()
            .run_document(ATTACH_MANY, &query, serde_json::Value::Object(variables))
            .await
    }

    /// One result per sub-issue of `news`, in order: `issueBatchCreate` with `parentId`, by
    /// [`BATCH_LIMIT`], [`SUB_CHUNKS_AT_ONCE`] chunks at once (the parents exist already;
    /// each chunk is its own transaction at Linear, so chunks are independent).
    pub(super) async fn create_sub_issues_many(
        &self,
        news: &[NewSubIssue],
    ) -> Vec<PortResult<SubIssue>> {
        let chunks: Vec<_> = news
            .chunks(BATCH_LIMIT)
            .map(|chunk| self.sub_issue_chunk(chunk))
            .collect();
        let done: Vec<Vec<PortResult<SubIssue>>> = stream::iter(chunks)
            .buffered(SUB_CHUNKS_AT_ONCE)
            .collect()
            .await;
        done.into_iter().flatten().collect()
    }

    /// One `issueBatchCreate` of sub-issues; one result per item, in order.
    async fn sub_issue_chunk(&self, chunk: &[NewSubIssue]) -> Vec<PortResult<SubIssue>> {
        let mut out = Vec::with_capacity(chunk.len());
        let op = SubIssueBatchCreateMutation::build(IssueBatchCreateVars {
            input: IssueBatchCreateInput {
                issues: chunk.iter().map(sub_issue_input).collect(),
            },
        });
        match self.client().run(op).await {
            Ok(data) if data.issue_batch_create.success => {
                let mut created: BTreeMap<String, RichChild> = data
                    .issue_batch_create
                    .issues
                    .into_iter()
                    .map(|c| (c.id.inner().to_string(), c))
                    .collect();
                for new in chunk {
                    out.push(match created.remove(&new.id.0) {
                        Some(child) => Ok(sub_issue(child)),
                        // Not in the answer: the single create adopts or creates it.
                        None => self.create_sub_issue(new).await,
                    });
                }
            }
            // Refused (one id exists after a crash, a bad input: nothing was created) or
            // answered without success: one by one, each adopting its id.
            Ok(_) | Err(LinearError::GraphQl { .. }) => {
                for new in chunk {
                    out.push(self.create_sub_issue(new).await);
                }
            }
            Err(err) => {
                let err = port_error(err);
                out.extend(chunk.iter().map(|_| Err(err.clone())));
            }
        }
        out
    }
}

/// The input of a sub-issue create (as the single `create_sub_issue` sends it).
pub(super) fn sub_issue_input(new: &NewSubIssue) -> IssueCreateInput {
    IssueCreateInput {
        id: Some(new.id.0.clone()),
        team_id: new.team_id.clone(),
        title: Some(new.title.clone()),
        project_id: Some(new.project_id.clone()),
        state_id: new.state_id.clone(),
        parent_id: Some(new.parent_id.0.clone()),
        ..IssueCreateInput::default()
    }
}

fn alias(i: usize) -> String {
    format!("a{i}")
}

/// The aliased document for `n` attachments, built from [`PortAttachmentMutation`]'s query:
/// its one root field, `attachmentCreate(input: $input) {…}`, repeated as `aI: …($aI)`.
fn aliased_attachments(n: usize) -> Option<String> {
    let template = PortAttachmentMutation::build(AttachmentCreateVars {
        input: AttachmentCreateInput {
            issue_id: String::new(),
            url: String::new(),
            title: String::new(),
            subtitle: None,
        },
    })
    .query;
    let field = template
        .get(template.find('{')? + 1..template.rfind('}')?)?
        .trim();
    if !field.starts_with("attachmentCreate(input: $input)") || field.matches("$input").count() != 1
    {
        return None;
    }
    let vars: Vec<String> = (0..n)
        .map(|i| format!("${}: AttachmentCreateInput!", alias(i)))
        .collect();
    let fields: Vec<String> = (0..n)
        .map(|i| {
            let a = alias(i);
            format!("  {a}: {}", field.replace("$input", &format!("${a}")))
        })
        .collect();
    Some(format!(
        "mutation {ATTACH_MANY}({}) {{\n{}\n}}\n",
        vars.join(", "),
        fields.join("\n")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_aliased_document_repeats_the_checked_selection() {
        let doc = aliased_attachments(2).expect("the template has one root field");
        assert!(doc.starts_with(
            "mutation AttachmentCreateMany($a0: AttachmentCreateInput!, $a1: AttachmentCreateInput!)"
        ));
        assert!(doc.contains("a0: attachmentCreate(input: $a0)"));
        assert!(doc.contains("a1: attachmentCreate(input: $a1)"));
        assert!(!doc.contains("$input"));
    }
}
