//! The rich fields of a long poll's pages, read as each page arrives (engine/early.rs).
//!
//! Pairs written while the poll reads on need their issues' rich fields first. Read when the
//! early writes take a page, they stall those writes for a round trip per batch of pages;
//! read here, as the page arrives, they overlap the writes of the pages before it. Pages are
//! handed on in order, each once its rich fields are in. The last page is handed on as it is:
//! a poll of one page (the usual cron pass) reads its rich fields together with the Planner
//! side's, in one request where they fit.
//!
//! Only linked issues the pass will handle are read: new to their mapping's cursor and not our
//! own write's echo. What is read is also kept for the end of the pass, which applies what the
//! early writes left. A failed read reads nothing: the pass reads those issues again.

use std::collections::BTreeMap;

use futures_util::StreamExt;
use futures_util::stream::FuturesOrdered;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::engine::linear_poll::is_new;
use crate::engine::ports::{IssuePage, IssueRich, LinearCursor, LinearPort, RemoteIssue};
use crate::model::ids::IssueId;

/// A linked issue as the prefetch sees it: its mapping's cursor and its recorded echo.
#[derive(Debug, Clone, Default)]
pub(crate) struct Watched {
    pub cursor: Option<LinearCursor>,
    /// The `updatedAt` of our own last write's echo, if recorded (store/echoes.rs).
    pub echo: Option<String>,
}

/// Rich fields read ahead, with the `updatedAt` of the issue they were read for.
pub(crate) type RichRead = BTreeMap<IssueId, (String, IssueRich)>;

/// Whether the pass handles `issue`: linked, new to its mapping's cursor, not our echo.
fn wanted(watched: &BTreeMap<IssueId, Watched>, issue: &RemoteIssue) -> bool {
    watched.get(&issue.id).is_some_and(|w| {
        is_new(w.cursor.as_ref(), &issue.id, &issue.updated_at)
            && w.echo.as_deref() != Some(issue.updated_at.as_str())
    })
}

/// Hand every page of `pages` on to `out` in order, the rich fields of its wanted issues
/// filled in unless it is the last; return what was read.
pub(crate) async fn with_rich<L: LinearPort>(
    linear: &L,
    watched: &BTreeMap<IssueId, Watched>,
    mut pages: UnboundedReceiver<IssuePage>,
    out: UnboundedSender<IssuePage>,
) -> RichRead {
    let mut read = RichRead::new();
    let mut filling = FuturesOrdered::new();
    let mut open = true;
    loop {
        tokio::select! {
            page = pages.recv(), if open => match page {
                Some(page) => filling.push_back(fill(linear, watched, page)),
                None => open = false,
            },
            Some(page) = filling.next(), if !filling.is_empty() => {
                for issue in &page.issues {
                    if let Some(rich) = &issue.rich {
                        read.insert(issue.id.clone(), (issue.updated_at.clone(), rich.clone()));
                    }
                }
                // A closed receiver only means nobody takes pages early any more.
                let _ = out.send(page);
            }
            else => break,
        }
    }
    read
}

async fn fill<L: LinearPort>(
    linear: &L,
    watched: &BTreeMap<IssueId, Watched>,
    mut page: IssuePage,
) -> IssuePage {
    if !page.more {
        return page;
    }
    let ids: Vec<IssueId> = page
        .issues
        .iter()
        .filter(|i| i.rich.is_none() && wanted(watched, i))
        .map(|i| i.id.clone())
        .collect();
    if ids.is_empty() {
        return page;
    }
    if let Ok(mut rich) = linear.issue_rich(&ids).await {
        for issue in &mut page.issues {
            if let Some(r) = rich.remove(&issue.id) {
                issue.rich = Some(r);
            }
        }
    }
    page
}

/// Fill in `issues`' rich fields from `read`, where read for the same `updatedAt`.
pub(crate) fn attach(issues: &mut [RemoteIssue], read: &mut RichRead) {
    for issue in issues.iter_mut().filter(|i| i.rich.is_none()) {
        if let Some((at, rich)) = read.remove(&issue.id)
            && at == issue.updated_at
        {
            issue.rich = Some(rich);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(id: &str, at: &str) -> RemoteIssue {
        RemoteIssue::bare(id, "p", at)
    }

    const T1: &str = "2026-12-01T10:00:00.000Z";
    const T2: &str = "2026-12-01T10:00:05.000Z";

    #[test]
    fn only_linked_issues_the_pass_handles_are_wanted() {
        let seen = LinearCursor {
            updated_at: T1.into(),
            tie_ids: vec!["seen".into()],
        };
        let watched = BTreeMap::from([
            (IssueId("linked".into()), Watched::default()),
            (
                IssueId("seen".into()),
                Watched {
                    cursor: Some(seen),
                    echo: None,
                },
            ),
            (
                IssueId("echo".into()),
                Watched {
                    cursor: None,
                    echo: Some(T2.into()),
                },
            ),
        ]);
        let cases = [
            (issue("linked", T2), true),
            (issue("unlinked", T2), false),
            (issue("seen", T1), false),
            (issue("echo", T2), false),
            (issue("echo", T1), true),
        ];
        for (issue, want) in cases {
            assert_eq!(wanted(&watched, &issue), want, "{issue:?}");
        }
    }

    #[test]
    fn rich_fields_read_ahead_are_used_only_for_the_same_update() {
        let rich = IssueRich::default();
        let mut read = RichRead::from([
            (IssueId("a".into()), (T1.to_string(), rich.clone())),
            (IssueId("b".into()), (T1.to_string(), rich)),
        ]);
        let mut issues = vec![issue("a", T1), issue("b", T2)];
        attach(&mut issues, &mut read);
        assert!(issues[0].rich.is_some());
        assert!(issues[1].rich.is_none(), "edited again after the read");
    }
}
