//! Creating many issues: `issueBatchCreate` by [`BATCH_LIMIT`], then each issue's
//! back-reference attachment (`IssueCreateInput` has none), a few at a time.
//!
//! Same contract as the single create: idempotent on the ids the engine chose. Linear applies
//! a batch in one transaction, so a chunk it refuses (one of our ids exists already after a
//! crash, a bad input) created nothing; that chunk falls back to one `create_issue` per issue,
//! which adopts an existing id and gives each issue its own result (one bad input fails alone).

use futures_util::StreamExt;
use futures_util::stream;

use super::LinearAdapter;
use crate::engine::ports::{LinearPort, NewIssue, PortResult, RemoteIssue};
use crate::linear::client::BATCH_LIMIT;
use crate::linear::port_map::{create_input, remote_issue};

/// Attachments written at once after a batch.
const ATTACH_CONCURRENCY: usize = 16;

impl LinearAdapter {
    /// One result per issue of `news`, in order.
    pub(super) async fn create_many(&self, news: &[NewIssue]) -> Vec<PortResult<RemoteIssue>> {
        let mut out = Vec::with_capacity(news.len());
        for chunk in news.chunks(BATCH_LIMIT) {
            let inputs = chunk.iter().map(create_input).collect();
            let results: Vec<PortResult<RemoteIssue>> =
                match self.client().issue_batch_create(inputs).await {
                    Ok(_) => {
                        let attaching: Vec<_> =
                            chunk.iter().map(|new| self.attach_new(new)).collect();
                        stream::iter(attaching)
                            .buffered(ATTACH_CONCURRENCY)
                            .collect()
                            .await
                    }
                    Err(_) => {
                        let mut one_by_one = Vec::with_capacity(chunk.len());
                        for new in chunk {
                            one_by_one.push(self.create_issue(new).await);
                        }
                        one_by_one
                    }
                };
            out.extend(results);
        }
        out
    }

    /// The back-reference of a batch-created issue; the issue as it is after it.
    async fn attach_new(&self, new: &NewIssue) -> PortResult<RemoteIssue> {
        let (url, title) = &new.attachment;
        self.attach(&new.id.0, url, title).await.map(remote_issue)
    }
}
