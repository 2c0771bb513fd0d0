//! Root `Query` fields the bridge uses; every other root field answers per its type (null,
//! empty list/connection, or a "not modelled" error).

use std::rc::Rc;

use serde_json::{Map, Value};

use super::error::ApiError;
use super::lists;
use super::objects::{Ctx, Node, Out, Page, Res};

fn text<'a>(args: &'a Map<String, Value>, name: &str) -> &'a str {
    args.get(name).and_then(Value::as_str).unwrap_or("")
}

fn page(result: Result<Page, ApiError>) -> Res {
    result.map(|p| Out::Node(Node::Connection(Rc::new(p))))
}

pub fn resolve(ctx: &Ctx, field: &str, args: &Map<String, Value>) -> Res {
    let st = ctx.state.borrow();
    let st = &*st;
    let actor = ctx.actor_id.as_str();
    match field {
        "viewer" => Ok(Out::Node(Node::User(actor.to_owned()))),
        "organization" => Ok(Out::Node(Node::Organization)),
        "user" => {
            let id = text(args, "id");
            let id = if id == "me" { actor } else { id };
            st.user(id)
                .map(|u| Out::Node(Node::User(u.id.clone())))
                .ok_or_else(|| ApiError::not_found("User"))
        }
        "users" => page(lists::users(st, actor, args, &|_| true)),
        "teams" => page(lists::rows(
            st,
            "TeamConnection",
            args,
            lists::team_rows(st, &|_| true),
        )),
        "team" => {
            let key = text(args, "id");
            // Linear accepts a team's id or its key here.
            st.teams
                .iter()
                .find(|t| t.id == key || t.key.eq_ignore_ascii_case(key))
                .map(|t| Out::Node(Node::Team(t.id.clone())))
                .ok_or_else(|| ApiError::not_found("Team"))
        }
        "projects" => page(lists::rows(
            st,
            "ProjectConnection",
            args,
            lists::project_rows(st, &|_| true),
        )),
        "project" => {
            let key = text(args, "id");
            st.projects
                .iter()
                .find(|p| p.id == key || p.slug_id == key)
                .map(|p| Out::Node(Node::Project(p.id.clone())))
                .ok_or_else(|| ApiError::not_found("Project"))
        }
        "issues" => page(lists::issues(st, actor, args, &|_| true)),
        "issue" => st
            .issue_by_key(text(args, "id"))
            .map(|i| Out::Node(Node::Issue(i.id.clone())))
            .ok_or_else(|| ApiError::not_found("Issue")),
        "workflowStates" => page(lists::rows(
            st,
            "WorkflowStateConnection",
            args,
            lists::state_rows(st, None),
        )),
        "workflowState" => st
            .workflow_state(text(args, "id"))
            .map(|s| Out::Node(Node::WorkflowState(s.id.clone())))
            .ok_or_else(|| ApiError::not_found("WorkflowState")),
        "issueLabels" => page(lists::rows(
            st,
            "IssueLabelConnection",
            args,
            lists::label_rows(st, &|_| true),
        )),
        "issueLabel" => st
            .label(text(args, "id"))
            .map(|l| Out::Node(Node::IssueLabel(l.id.clone())))
            .ok_or_else(|| ApiError::not_found("IssueLabel")),
        "cycles" => page(lists::rows(
            st,
            "CycleConnection",
            args,
            lists::cycle_rows(st, None),
        )),
        "cycle" => st
            .cycle(text(args, "id"))
            .map(|c| Out::Node(Node::Cycle(c.id.clone())))
            .ok_or_else(|| ApiError::not_found("Cycle")),
        "comments" => page(lists::rows(
            st,
            "CommentConnection",
            args,
            lists::comment_rows(st, None),
        )),
        "comment" => st
            .comment(text(args, "id"))
            .map(|c| Out::Node(Node::Comment(c.id.clone())))
            .ok_or_else(|| ApiError::not_found("Comment")),
        "attachment" => st
            .attachment(text(args, "id"))
            .map(|a| Out::Node(Node::Attachment(a.id.clone())))
            .ok_or_else(|| ApiError::not_found("Attachment")),
        "attachments" => {
            let rows = lists::attachment_rows(st, &|a| st.issues.contains_key(&a.issue_id));
            page(lists::rows(st, "AttachmentConnection", args, rows))
        }
        "attachmentsForURL" => {
            let url = text(args, "url");
            let include_archived =
                args.get("includeArchived").and_then(Value::as_bool) == Some(true);
            let rows = lists::attachment_rows(st, &|a| {
                a.url == url
                    && st
                        .issues
                        .get(&a.issue_id)
                        .is_some_and(|i| include_archived || i.archived_at_ms.is_none())
            });
            page(lists::rows(st, "AttachmentConnection", args, rows))
        }
        _ => Ok(Out::Unmodelled),
    }
}
