//! Reading Planner changes, two ways (`graph.api` = auto | delta | list).
//!
//! * **Delta** (beta, plan-scoped): with app-only tokens it is a change *signal* — ids, etags
//!   and `@removed` tombstones; the caller then reads the tasks and details (`$batch`). The
//!   first request must carry exactly the documented `$filter` and `$select`; nextLink pages
//!   are followed and the deltaLink is returned only after the last page, for the caller to
//!   store. An expired cursor is `DeltaExpired` (drop it, re-bootstrap).
//! * **List** (v1.0): list every task, compare etags with the caller's shadow; `removed` is
//!   computed only from a complete listing (any failed page fails the round).
//! * **Auto**: delta, falling back to list for a plan whose delta is refused (404, 405, 400
//!   not supported); the round says so, and the caller persists the choice for that plan.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::Value;

use super::pipeline::Call;
use super::types::{Etag, Page, PlannerTask};
use super::{GraphClient, GraphError, RequestKind, encode_component};
use crate::config::GraphApiMode;
use crate::model::ids::TaskId;

/// The only `$select` app-only delta accepts (another count → 405, other names → 403).
pub const DELTA_SELECT: &str = "percentComplete,assignments,creationSource";
/// Error codes meaning "this cursor is no longer valid".
const EXPIRED_CODES: [&str; 4] = [
    "syncStateNotFound",
    "resyncRequired",
    "fullSyncRequired",
    "syncStateInvalid",
];

/// A task the delta round reported as changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedTask {
    pub id: TaskId,
    pub etag: Option<Etag>,
}

/// One complete delta round.
#[derive(Debug, Clone, PartialEq)]
pub struct DeltaRound {
    /// Changed (or, on the first round, all current) tasks, in the order reported.
    pub changed: Vec<ChangedTask>,
    /// Tasks deleted since the cursor.
    pub removed: Vec<TaskId>,
    /// The cursor to store, once the round has been processed.
    pub delta_link: String,
    /// HTTP pages read.
    pub pages: u32,
}

/// One complete list-and-diff round.
#[derive(Debug, Clone, PartialEq)]
pub struct ListRound {
    /// Known tasks whose etag differs from the shadow.
    pub changed: Vec<PlannerTask>,
    /// Tasks not in the shadow.
    pub new: Vec<PlannerTask>,
    /// Shadow tasks missing from the complete listing, sorted.
    pub removed: Vec<TaskId>,
    /// Tasks listed in total.
    pub listed: usize,
}

#[derive(Deserialize)]
struct DeltaItem {
    id: TaskId,
    #[serde(rename = "@odata.etag", default)]
    etag: Option<Etag>,
    #[serde(rename = "@removed", default)]
    removed: Option<Value>,
}

impl GraphClient {
    /// The documented first-round URL: plan filter (quotes doubled) and the exact `$select`.
    fn delta_start_url(&self, plan_id: &str) -> String {
        let filter = format!("planId eq '{}'", plan_id.replace('\'', "''"));
        self.beta(&format!(
            "/planner/tasks/delta?$filter={}&$select={DELTA_SELECT}",
            encode_component(&filter)
        ))
    }

    /// Reads one delta round: from `delta_link` (a stored cursor) or from scratch.
    pub async fn delta_round(
        &self,
        plan_id: &str,
        delta_link: Option<&str>,
    ) -> Result<DeltaRound, GraphError> {
        let mut url = match delta_link {
            Some(link) => link.to_owned(),
            None => self.delta_start_url(plan_id),
        };
        let mut changed: Vec<ChangedTask> = Vec::new();
        let mut at: HashMap<TaskId, usize> = HashMap::new();
        let mut removed: BTreeMap<TaskId, ()> = BTreeMap::new();
        let mut pages = 0u32;
        loop {
            let call = Call::get(url, RequestKind::Delta);
            let reply = self.send_any(&call).await?;
            pages += 1;
            if !reply.is_success() {
                return Err(delta_error(reply.error(&call), reply.status));
            }
            let page: Page<DeltaItem> = reply.json("planner delta")?;
            for item in page.value {
                if item.removed.is_some() {
                    if let Some(i) = at.remove(&item.id) {
                        changed.remove(i);
                        at.values_mut().filter(|j| **j > i).for_each(|j| *j -= 1);
                    }
                    removed.insert(item.id, ());
                } else if let Some(&i) = at.get(&item.id) {
                    // Edited again later in the round: keep the newest etag.
                    changed[i].etag = item.etag;
                } else {
                    at.insert(item.id.clone(), changed.len());
                    changed.push(ChangedTask {
                        id: item.id,
                        etag: item.etag,
                    });
                }
            }
            match (page.next_link, page.delta_link) {
                (Some(next), _) => url = next,
                (None, Some(delta_link)) => {
                    return Ok(DeltaRound {
                        changed,
                        removed: removed.into_keys().collect(),
                        delta_link,
                        pages,
                    });
                }
                (None, None) => {
                    return Err(GraphError::Decode {
                        what: "planner delta".into(),
                        message: "a page with neither @odata.nextLink nor @odata.deltaLink".into(),
                        request_id: reply.request_id(),
                    });
                }
            }
        }
    }

    /// Lists every task of the plan and diffs the etags against `known` (the shadow).
    pub async fn list_round(
        &self,
        plan_id: &str,
        known: &HashMap<TaskId, Etag>,
    ) -> Result<ListRound, GraphError> {
        let tasks = self.list_tasks(plan_id).await?;
        let listed = tasks.len();
        let mut seen = std::collections::HashSet::with_capacity(listed);
        let (mut changed, mut new) = (Vec::new(), Vec::new());
        for task in tasks {
            seen.insert(task.id.clone());
            match known.get(&task.id) {
                None => new.push(task),
                Some(etag) if *etag != task.etag => changed.push(task),
                Some(_) => {}
            }
        }
        let mut removed: Vec<TaskId> = known
            .keys()
            .filter(|id| !seen.contains(*id))
            .cloned()
            .collect();
        removed.sort();
        Ok(ListRound {
            changed,
            new,
            removed,
            listed,
        })
    }
}

/// Delta's own reading of a failure: expired cursor, refused delta, or the usual error.
fn delta_error(err: GraphError, status: u16) -> GraphError {
    let (code, message, request_id) = match &err {
        GraphError::BadRequest {
            code,
            message,
            request_id,
            ..
        } => (code.clone(), message.clone(), request_id.clone()),
        GraphError::NotFound {
            message,
            request_id,
            ..
        } => (String::new(), message.clone(), request_id.clone()),
        _ => return err,
    };
    let expired = EXPIRED_CODES.iter().any(|c| c.eq_ignore_ascii_case(&code));
    match status {
        410 => GraphError::DeltaExpired { code, request_id },
        400 if expired => GraphError::DeltaExpired { code, request_id },
        400 | 404 | 405 | 501 => GraphError::DeltaRefused {
            status,
            code,
            message,
            request_id,
        },
        _ => err,
    }
}

/// How a plan's changes were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    Delta,
    List,
}

impl ReadMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ReadMode::Delta => "delta",
            ReadMode::List => "list",
        }
    }
}

/// The changes of one round, in the shape of the mode that read them.
#[derive(Debug, Clone, PartialEq)]
pub enum Changes {
    Delta(DeltaRound),
    List(ListRound),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChangeRound {
    pub mode: ReadMode,
    /// Set when auto mode fell back from delta to list in this round: why. The caller
    /// persists `ReadMode::List` for the plan so later rounds skip the refused delta.
    pub fell_back: Option<String>,
    pub changes: Changes,
}

/// Reads a plan's changes according to `graph.api`.
#[derive(Clone)]
pub struct ChangeReader {
    client: GraphClient,
    api: GraphApiMode,
}

impl ChangeReader {
    pub fn new(client: GraphClient, api: GraphApiMode) -> ChangeReader {
        ChangeReader { client, api }
    }

    /// One round for `plan_id`. `remembered` is the mode persisted for the plan (auto only),
    /// `delta_link` the stored cursor (delta), `known` the shadow's etags (list).
    pub async fn read(
        &self,
        plan_id: &str,
        remembered: Option<ReadMode>,
        delta_link: Option<&str>,
        known: &HashMap<TaskId, Etag>,
    ) -> Result<ChangeRound, GraphError> {
        let use_delta = match self.api {
            GraphApiMode::Delta => true,
            GraphApiMode::List => false,
            GraphApiMode::Auto => remembered != Some(ReadMode::List),
        };
        let list = |fell_back: Option<String>| async move {
            let round = self.client.list_round(plan_id, known).await?;
            Ok::<_, GraphError>(ChangeRound {
                mode: ReadMode::List,
                fell_back,
                changes: Changes::List(round),
            })
        };
        if !use_delta {
            return list(None).await;
        }
        match self.client.delta_round(plan_id, delta_link).await {
            Ok(round) => Ok(ChangeRound {
                mode: ReadMode::Delta,
                fell_back: None,
                changes: Changes::Delta(round),
            }),
            Err(err @ GraphError::DeltaRefused { .. }) if self.api == GraphApiMode::Auto => {
                list(Some(err.to_string())).await
            }
            Err(err) => Err(err),
        }
    }
}
