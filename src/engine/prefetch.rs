//! Reading ahead during the Linear poll: as each page of changed issues arrives, the tasks
//! linked to them and the issues' rich fields are read while later pages are still on their
//! way. Without it a backlog of Linear changes is read in two phases one after the other (every
//! poll page, then every task), and Graph sits idle for the whole poll.
//!
//! What is read ahead is what the pass would read anyway (the linked tasks of changed issues,
//! the rich fields of linked issues), only earlier. A task read ahead is used only when the
//! Planner delta of the pass, read after it, does not report that task at another etag
//! (`usable`): otherwise it is read again. A change after both reads is caught, as always, by
//! the `If-Match` of the write. A failed read ahead is simply not used: the pass reads again.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use crate::engine::linear_poll::is_new;
use crate::engine::pass::Engine;
use crate::engine::ports::{
    IssueRich, LinearCursor, LinearPort, PageEntry, PlannerChanges, PlannerPort, PortResult,
    RemoteIssue, RemoteTask,
};
use crate::model::ids::{IssueId, TaskId};

/// Reads ahead in flight at once (the shared token bucket paces the Graph ones).
const READS_AT_ONCE: usize = 16;
/// Tasks per read: one `$batch` of tasks, then one of their details (Graph's 20 per batch).
const TASKS_PER_READ: usize = 20;
/// Issues per rich read (the Linear port's page, sized to Linear's complexity ceiling).
const RICH_PER_READ: usize = 25;

/// A linked issue as the reading ahead sees it.
#[derive(Debug, Clone)]
pub(crate) struct Linked {
    pub task: TaskId,
    /// Its mapping's Linear cursor.
    pub cursor: Option<LinearCursor>,
    /// The `updatedAt` of our own last write's echo, if recorded (store/echoes.rs).
    pub echo: Option<String>,
    /// The task has a copy its echo vouches for (store/task_copies.rs): the pass uses it
    /// unless the Planner changes report the task, so it is not read ahead.
    pub copied: bool,
}

impl Linked {
    /// Whether the pass handles the issue at `updated_at` (the same rules as the poll's).
    fn handles(&self, issue: &IssueId, updated_at: &str) -> bool {
        is_new(self.cursor.as_ref(), issue, updated_at) && self.echo.as_deref() != Some(updated_at)
    }
}

/// What was read ahead of the pass.
#[derive(Debug, Default)]
pub(crate) struct ReadAhead {
    pub tasks: BTreeMap<TaskId, RemoteTask>,
    pub rich: BTreeMap<IssueId, IssueRich>,
}

impl ReadAhead {
    /// The task read ahead, if the Planner changes read after it do not report it at
    /// another etag (then it may hold an edit the read ahead missed).
    pub(crate) fn usable(&mut self, id: &TaskId, changes: &PlannerChanges) -> Option<RemoteTask> {
        self.tasks
            .remove(id)
            .filter(|task| still_current(task, changes))
    }
}

/// Whether `task`, read (or vouched for, store/task_copies.rs) before the Planner changes
/// were read, is still the task: they report it at its etag, or not at all.
pub(crate) fn still_current(task: &RemoteTask, changes: &PlannerChanges) -> bool {
    match changes.etags.get(&task.id) {
        Some(reported) => *reported == task.etag,
        None => !changes.changed.contains(&task.id),
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The Linear changes of `projects` since `since`, with the tasks linked to them (by
    /// `linked`: issue → task) and the linked issues' rich fields read page by page meanwhile.
    /// Only issues the pass will handle count: new to their mapping's cursor (the shared
    /// query also returns what one mapping saw already) and not our own write's echo.
    pub(crate) async fn changes_reading_ahead(
        &self,
        projects: &[String],
        since: Option<&LinearCursor>,
        linked: &BTreeMap<IssueId, Linked>,
    ) -> (PortResult<(Vec<RemoteIssue>, LinearCursor)>, ReadAhead) {
        let (sink, pages) = tokio::sync::mpsc::unbounded_channel();
        let poll = async move {
            let answer = self
                .linear
                .changes_paged(projects, since, Some(&sink))
                .await;
            // Closing the sink ends the reading ahead once its last page is read.
            drop(sink);
            answer
        };
        tokio::join!(poll, self.read_ahead(pages, linked))
    }

    async fn read_ahead(
        &self,
        mut pages: tokio::sync::mpsc::UnboundedReceiver<Vec<PageEntry>>,
        linked: &BTreeMap<IssueId, Linked>,
    ) -> ReadAhead {
        let mut seen: BTreeSet<TaskId> = BTreeSet::new();
        let mut wanted = Wanted::default();
        let mut reads = FuturesUnordered::new();
        let mut ahead = ReadAhead::default();
        let mut open = true;
        loop {
            tokio::select! {
                page = pages.recv(), if open && reads.len() < READS_AT_ONCE => match page {
                    Some(page) => {
                        wanted.add(page, linked, &mut seen);
                        for read in wanted.full_reads() {
                            reads.push(self.read(read));
                        }
                    }
                    // What is left (less than a full request) joins the pass's own reads.
                    None => open = false,
                },
                Some(done) = reads.next(), if !reads.is_empty() => match done {
                    Read::Tasks(tasks) => ahead
                        .tasks
                        .extend(tasks.into_iter().map(|t| (t.id.clone(), t))),
                    Read::Rich(rich) => ahead.rich.extend(rich),
                },
                else => break,
            }
        }
        ahead
    }

    /// One read ahead; a failure reads nothing (the pass reads again).
    async fn read(&self, want: Want) -> Read {
        match want {
            Want::Tasks(ids) => Read::Tasks(match self.planner.tasks(&ids).await {
                Ok(read) => read.into_iter().filter_map(Result::ok).collect(),
                Err(_) => Vec::new(),
            }),
            Want::Rich(ids) => Read::Rich(self.linear.issue_rich(&ids).await.unwrap_or_default()),
        }
    }
}

enum Want {
    Tasks(Vec<TaskId>),
    Rich(Vec<IssueId>),
}

enum Read {
    Tasks(Vec<RemoteTask>),
    Rich(BTreeMap<IssueId, IssueRich>),
}

/// What is still to be read ahead, sent in full requests while pages arrive (a page of 50
/// issues split as it came would leave half-empty `$batch`es behind).
#[derive(Default)]
struct Wanted {
    tasks: Vec<TaskId>,
    rich: Vec<IssueId>,
}

impl Wanted {
    /// The linked tasks and issues of a page that the pass will handle.
    fn add(
        &mut self,
        page: Vec<PageEntry>,
        linked: &BTreeMap<IssueId, Linked>,
        seen: &mut BTreeSet<TaskId>,
    ) {
        for (issue, parent, updated_at) in page {
            if let Some(link) = linked.get(&issue)
                && link.handles(&issue, &updated_at)
            {
                self.rich.push(issue.clone());
                if !link.copied && seen.insert(link.task.clone()) {
                    self.tasks.push(link.task.clone());
                }
            }
            // A changed sub-issue is a change of its parent's checklist.
            if let Some(link) = parent.and_then(|p| linked.get(&p))
                && !link.copied
                && is_new(link.cursor.as_ref(), &issue, &updated_at)
                && seen.insert(link.task.clone())
            {
                self.tasks.push(link.task.clone());
            }
        }
    }

    /// Full requests' worth of what is wanted, taken out.
    fn full_reads(&mut self) -> Vec<Want> {
        let mut out = Vec::new();
        while self.tasks.len() >= TASKS_PER_READ {
            out.push(Want::Tasks(self.tasks.drain(..TASKS_PER_READ).collect()));
        }
        while self.rich.len() >= RICH_PER_READ {
            out.push(Want::Rich(self.rich.drain(..RICH_PER_READ).collect()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: &str, etag: &str) -> RemoteTask {
        RemoteTask {
            id: TaskId(id.into()),
            plan_id: "p".into(),
            etag: etag.into(),
            title: "a task".into(),
            bucket_id: "b".into(),
            percent: 0,
            priority: 5,
            due: None,
            assignments: Vec::new(),
            categories: BTreeSet::new(),
            created_by_app: None,
            created_at: None,
            details: Default::default(),
        }
    }

    fn changes(changed: &[(&str, Option<&str>)]) -> PlannerChanges {
        PlannerChanges {
            changed: changed.iter().map(|(id, _)| TaskId((*id).into())).collect(),
            etags: changed
                .iter()
                .filter_map(|(id, etag)| etag.map(|e| (TaskId((*id).into()), e.to_string())))
                .collect(),
            removed: Vec::new(),
            cursor: String::new(),
        }
    }

    #[test]
    fn a_task_read_ahead_is_used_unless_the_delta_reports_it_at_another_etag() {
        let cases = [
            // (reported by the delta, task's etag read ahead, used?)
            (vec![], "e1", true),
            (vec![("t", Some("e1"))], "e1", true),
            (vec![("t", Some("e2"))], "e1", false),
            (vec![("t", None)], "e1", false),
            (vec![("other", Some("e9"))], "e1", true),
        ];
        for (reported, etag, used) in cases {
            let mut ahead = ReadAhead::default();
            ahead.tasks.insert(TaskId("t".into()), task("t", etag));
            let got = ahead.usable(&TaskId("t".into()), &changes(&reported));
            assert_eq!(got.is_some(), used, "{reported:?} / {etag}");
            assert!(ahead.tasks.is_empty(), "taken either way");
        }
    }

    fn entry(issue: &str, parent: Option<&str>) -> PageEntry {
        (
            IssueId(issue.into()),
            parent.map(|p| IssueId(p.into())),
            "2026-12-01T10:00:00.000Z".into(),
        )
    }

    #[test]
    fn reads_ahead_go_out_full_and_skip_echoes_copies_and_issues_seen_before() {
        let cursor = LinearCursor {
            updated_at: "2026-12-01T10:00:00.000Z".into(),
            tie_ids: vec!["seen".into()],
        };
        let mut linked = BTreeMap::new();
        for i in 0..45 {
            let link = Linked {
                task: TaskId(format!("t{i}")),
                cursor: None,
                echo: None,
                // Vouched for by a copy: its rich fields are read ahead, not its task.
                copied: i >= 40,
            };
            linked.insert(IssueId(format!("i{i}")), link);
        }
        let echo = Linked {
            task: TaskId("t-echo".into()),
            cursor: None,
            echo: Some("2026-12-01T10:00:00.000Z".into()),
            copied: false,
        };
        linked.insert(IssueId("echo".into()), echo);
        let seen_before = Linked {
            task: TaskId("t-seen".into()),
            cursor: Some(cursor),
            echo: None,
            copied: false,
        };
        linked.insert(IssueId("seen".into()), seen_before);

        let mut wanted = Wanted::default();
        let mut seen = BTreeSet::new();
        let mut page: Vec<PageEntry> = (0..30).map(|i| entry(&format!("i{i}"), None)).collect();
        page.push(entry("echo", None));
        page.push(entry("seen", None));
        page.push(entry("unlinked-sub", Some("i0")));
        wanted.add(page, &linked, &mut seen);
        let sizes = |reads: &[Want]| -> Vec<(char, usize)> {
            reads
                .iter()
                .map(|w| match w {
                    Want::Tasks(t) => ('t', t.len()),
                    Want::Rich(r) => ('r', r.len()),
                })
                .collect()
        };
        // 30 linked tasks (i0's once though its sub-issue changed too): one full task read,
        // one full rich read; the rest waits for the next page.
        assert_eq!(sizes(&wanted.full_reads()), vec![('t', 20), ('r', 25)]);
        let page: Vec<PageEntry> = (30..45).map(|i| entry(&format!("i{i}"), None)).collect();
        wanted.add(page, &linked, &mut seen);
        assert_eq!(sizes(&wanted.full_reads()), vec![('t', 20)]);
        assert!(wanted.full_reads().is_empty());
        assert_eq!((wanted.tasks.len(), wanted.rich.len()), (0, 20));
    }
}
