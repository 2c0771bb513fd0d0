//! Root `Mutation` fields: issue create/update/archive/delete (single and batch), attachments,
//! labels and comments. Input objects arrive already coerced by the executor; this module
//! turns them into `ops` calls and the result into the schema's payload types.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::archive;
use super::error::ApiError;
use super::objects::{Ctx, Node, Out, Record, Res};
use super::ops::{self, IssueDraft, IssuePatch};
use super::records;
use super::state::State;

/// Linear's limit on `issueBatchCreate` / `issueBatchUpdate`.
const MAX_BATCH: usize = 50;

fn text(map: &Map<String, Value>, name: &str) -> Option<String> {
    map.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// `Some(None)` when the key is present with `null` (clear), `None` when absent (keep).
fn nullable(map: &Map<String, Value>, name: &str) -> Option<Option<String>> {
    map.get(name).map(|v| v.as_str().map(str::to_owned))
}

fn strings(map: &Map<String, Value>, name: &str) -> Option<Vec<String>> {
    map.get(name).and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    })
}

fn input(args: &Map<String, Value>) -> Map<String, Value> {
    args.get("input")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn draft(input: &Map<String, Value>) -> Result<IssueDraft, ApiError> {
    let title = text(input, "title").unwrap_or_default();
    if title.trim().is_empty() {
        return Err(ApiError::input("title must not be empty"));
    }
    Ok(IssueDraft {
        id: text(input, "id"),
        team_id: text(input, "teamId").unwrap_or_default(),
        title,
        description: text(input, "description"),
        priority: input.get("priority").and_then(Value::as_i64),
        state_id: text(input, "stateId"),
        assignee_id: text(input, "assigneeId"),
        label_ids: strings(input, "labelIds").unwrap_or_default(),
        cycle_id: text(input, "cycleId"),
        project_id: text(input, "projectId"),
        parent_id: text(input, "parentId"),
        due_date: text(input, "dueDate"),
    })
}

fn patch(input: &Map<String, Value>) -> Result<IssuePatch, ApiError> {
    if let Some(Value::String(team)) = input.get("teamId") {
        // Moving issues between teams renumbers them; the bridge never does it.
        return Err(ApiError::input(format!(
            "the sandbox does not support moving issues to team {team}"
        )));
    }
    Ok(IssuePatch {
        title: text(input, "title"),
        description: nullable(input, "description"),
        priority: input.get("priority").and_then(Value::as_i64),
        state_id: text(input, "stateId"),
        assignee_id: nullable(input, "assigneeId"),
        due_date: nullable(input, "dueDate"),
        cycle_id: nullable(input, "cycleId"),
        project_id: nullable(input, "projectId"),
        parent_id: nullable(input, "parentId"),
        label_ids: strings(input, "labelIds"),
        added_label_ids: strings(input, "addedLabelIds").unwrap_or_default(),
        removed_label_ids: strings(input, "removedLabelIds").unwrap_or_default(),
    })
}

fn payload(st: &mut State, type_name: &'static str, entity: (&'static str, Out)) -> Out {
    let sync_id = st.next_sync_id() as f64;
    Out::Node(Node::Record(Rc::new(Record {
        type_name,
        fields: vec![
            ("success", Out::leaf(true)),
            ("lastSyncId", Out::leaf(sync_id)),
            entity,
        ],
    })))
}

/// Run `f` on the state; on error, restore the state as it was (batches are all-or-nothing).
fn atomically<T>(
    st: &mut State,
    f: impl FnOnce(&mut State) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let backup = st.clone();
    f(st).inspect_err(|_| *st = backup)
}

/// Create every draft, or none: on an error the issues made so far are removed and what
/// `ops::create_issue` changed besides them (team counters, clock, sync id, queued webhook
/// events) is put back. The batch is all-or-nothing as [`atomically`] makes it, without
/// copying the whole workspace for every batch (that copy was most of a large sandbox's time).
fn create_all(
    st: &mut State,
    actor: &str,
    drafts: Vec<IssueDraft>,
) -> Result<Vec<String>, ApiError> {
    let teams = st.teams.clone();
    let clock = st.clock.clone();
    let last_sync_id = st.last_sync_id;
    let events = st.pending_events.len();
    let mut made = Vec::with_capacity(drafts.len());
    for draft in drafts {
        match ops::create_issue(st, actor, draft) {
            Ok(id) => made.push(id),
            Err(err) => {
                for id in made {
                    if let Some(issue) = st.issues.remove(&id) {
                        let identifier = st.identifier(&issue);
                        st.identifiers.remove(&identifier);
                    }
                }
                st.teams = teams;
                st.clock = clock;
                st.last_sync_id = last_sync_id;
                st.pending_events.truncate(events);
                return Err(err);
            }
        }
    }
    Ok(made)
}

pub fn resolve(ctx: &Ctx, field: &str, args: &Map<String, Value>) -> Res {
    let mut guard = ctx.state.borrow_mut();
    let st = &mut *guard;
    let actor = ctx.actor_id.as_str();
    let id_arg = text(args, "id").unwrap_or_default();
    match field {
        "issueCreate" => {
            let id = ops::create_issue(st, actor, draft(&input(args))?)?;
            Ok(payload(
                st,
                "IssuePayload",
                ("issue", Out::Node(Node::Issue(id))),
            ))
        }
        "issueUpdate" => {
            ops::update_issue(st, actor, &id_arg, patch(&input(args))?)?;
            let id = st
                .issue_by_key(&id_arg)
                .map(|i| i.id.clone())
                .unwrap_or(id_arg);
            Ok(payload(
                st,
                "IssuePayload",
                ("issue", Out::Node(Node::Issue(id))),
            ))
        }
        "issueBatchCreate" => {
            let items = input(args)
                .get("issues")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            check_batch(items.len())?;
            let drafts = items
                .iter()
                .map(|v| draft(v.as_object().unwrap_or(&Map::new())))
                .collect::<Result<Vec<_>, _>>()?;
            let ids = create_all(st, actor, drafts)?;
            Ok(payload(
                st,
                "IssueBatchPayload",
                (
                    "issues",
                    Out::Nodes(ids.into_iter().map(Node::Issue).collect()),
                ),
            ))
        }
        "issueBatchUpdate" => {
            let ids = strings(args, "ids").unwrap_or_default();
            check_batch(ids.len())?;
            let p = patch(&input(args))?;
            atomically(st, |st| {
                ids.iter()
                    .try_for_each(|id| ops::update_issue(st, actor, id, p.clone()))
            })?;
            Ok(payload(
                st,
                "IssueBatchPayload",
                (
                    "issues",
                    Out::Nodes(ids.into_iter().map(Node::Issue).collect()),
                ),
            ))
        }
        "issueArchive" => {
            let trash = args.get("trash").and_then(Value::as_bool) == Some(true);
            let id = archive::archive_issue(st, actor, &id_arg, trash)?;
            Ok(payload(
                st,
                "IssueArchivePayload",
                ("entity", Out::Node(Node::Issue(id))),
            ))
        }
        "issueUnarchive" => {
            let id = archive::unarchive_issue(st, actor, &id_arg)?;
            Ok(payload(
                st,
                "IssueArchivePayload",
                ("entity", Out::Node(Node::Issue(id))),
            ))
        }
        "issueDelete" => {
            if args.get("permanentlyDelete").and_then(Value::as_bool) == Some(true) {
                archive::delete_issue_permanently(st, actor, &id_arg)?;
                Ok(payload(st, "IssueArchivePayload", ("entity", Out::Null)))
            } else {
                // Linear's delete moves the issue to the trash (archived + trashed).
                let id = archive::archive_issue(st, actor, &id_arg, true)?;
                Ok(payload(
                    st,
                    "IssueArchivePayload",
                    ("entity", Out::Node(Node::Issue(id))),
                ))
            }
        }
        "attachmentCreate" => {
            let i = input(args);
            let id = records::upsert_attachment(
                st,
                actor,
                &text(&i, "issueId").unwrap_or_default(),
                &text(&i, "url").unwrap_or_default(),
                &text(&i, "title").unwrap_or_default(),
                text(&i, "subtitle"),
                text(&i, "id"),
            )?;
            Ok(payload(
                st,
                "AttachmentPayload",
                ("attachment", Out::Node(Node::Attachment(id))),
            ))
        }
        "attachmentDelete" => {
            records::delete_attachment(st, actor, &id_arg)?;
            let sync_id = st.next_sync_id() as f64;
            Ok(Out::Node(Node::Record(Rc::new(Record {
                type_name: "DeletePayload",
                fields: vec![
                    ("success", Out::leaf(true)),
                    ("lastSyncId", Out::leaf(sync_id)),
                    ("entityId", Out::leaf(id_arg.clone())),
                ],
            }))))
        }
        "issueLabelCreate" => {
            let i = input(args);
            let name = text(&i, "name").unwrap_or_default();
            let id = records::create_label(
                st,
                actor,
                &name,
                text(&i, "teamId"),
                text(&i, "color"),
                text(&i, "id"),
            )?;
            Ok(payload(
                st,
                "IssueLabelPayload",
                ("issueLabel", Out::Node(Node::IssueLabel(id))),
            ))
        }
        "commentCreate" => {
            let i = input(args);
            let Some(issue_id) = text(&i, "issueId") else {
                return Err(ApiError::input(
                    "the sandbox only supports comments on issues (issueId)",
                ));
            };
            let body = text(&i, "body").unwrap_or_default();
            let id = records::add_comment(st, actor, &issue_id, &body, text(&i, "id"))?;
            Ok(payload(
                st,
                "CommentPayload",
                ("comment", Out::Node(Node::Comment(id))),
            ))
        }
        _ => Ok(Out::Unmodelled),
    }
}

fn check_batch(len: usize) -> Result<(), ApiError> {
    if len > MAX_BATCH {
        return Err(ApiError::input(format!(
            "batch operations accept at most {MAX_BATCH} issues, got {len}"
        )));
    }
    if len == 0 {
        return Err(ApiError::input("batch operations need at least one issue"));
    }
    Ok(())
}
