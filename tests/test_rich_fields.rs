//! Rich fields end to end (issue 8): checklist ↔ sub-issues, the cycle prefix, appended
//! comments and links, through `bootstrap` and `sync` against the sandbox.

use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::linear::IssueView;
use linear_planner_sync::store::links;
use serde_json::{Value, json};

use crate::common::TestEnv;

pub(crate) use crate::common::demo::{PLAN, bootstrapped, writes};

/// The task linked to an issue (by identifier).
pub(crate) fn task_of(env: &TestEnv, ident: &str) -> String {
    let store = env.store();
    links::live(store.conn(), MappingId(1))
        .unwrap()
        .into_iter()
        .find(|l| l.issue_identifier.as_deref() == Some(ident))
        .map(|l| l.task_id.0)
        .unwrap_or_else(|| panic!("no link for {ident}"))
}

pub(crate) fn checklist(env: &TestEnv, task: &str) -> Vec<(String, String, bool)> {
    let details = env.sandbox().graph().details(task).unwrap();
    let mut items: Vec<(String, String, bool)> = details["checklist"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v["title"].as_str().unwrap().to_string(),
                v["isChecked"].as_bool().unwrap(),
            )
        })
        .collect();
    items.sort_by(|a, b| a.1.cmp(&b.1));
    items
}

pub(crate) fn titles(env: &TestEnv, task: &str) -> Vec<(String, bool)> {
    checklist(env, task)
        .into_iter()
        .map(|(_, t, c)| (t, c))
        .collect()
}

pub(crate) fn children(env: &TestEnv, parent: &str) -> Vec<IssueView> {
    let mut out: Vec<IssueView> = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .filter(|i| i.parent.as_deref() == Some(parent) && !i.archived && !i.trashed)
        .collect();
    out.sort_by(|a, b| a.title.cmp(&b.title));
    out
}

pub(crate) fn child(env: &TestEnv, parent: &str, title: &str) -> IssueView {
    children(env, parent)
        .into_iter()
        .find(|c| c.title == title)
        .unwrap_or_else(|| panic!("no sub-issue {title:?} of {parent}"))
}

fn sync_quietly(env: &TestEnv) {
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    let out = env.run(["sync"]);
    out.success();
    assert_eq!(
        writes(env),
        (0, 0),
        "converged: no writes\n{out}{:?}",
        env.sandbox().linear().operation_counts()
    );
}

pub(crate) fn patch_item(env: &TestEnv, task: &str, key: &str, item: Value) {
    let mut item = item;
    if !item.is_null() {
        item["@odata.type"] = json!("#microsoft.graph.plannerChecklistItem");
    }
    env.sandbox()
        .graph()
        .patch_details(task, json!({ "checklist": { key: item } }))
        .unwrap();
}

#[test]
fn checklist_mirrors_sub_issues_both_ways() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    // Bootstrap mirrored ENG-1's two sub-issues (done = checked).
    assert_eq!(
        titles(&env, &task),
        vec![
            ("Reproduce on Safari".to_string(), true),
            ("Write regression test".to_string(), false),
        ]
    );
    sync_quietly(&env);
    // The first sync after bootstrap reconciles every new pair: their rich fields are read
    // in batches, not one request per pair.
    let ops = env.sandbox().linear().operation_counts();
    let rich_reads: u64 = ["RichIssuesQuery", "RichWithTeamQuery"]
        .iter()
        .filter_map(|op| ops.get(*op))
        .sum();
    assert!(
        (1..=2).contains(&rich_reads),
        "{rich_reads} rich reads: {ops:?}"
    );

    // Toggle in Planner → the sub-issue is Done; untoggle → back to the state it had.
    let test_key = checklist(&env, &task)[1].0.clone();
    let before = child(&env, "ENG-1", "Write regression test");
    env.sandbox()
        .graph()
        .toggle_checklist(&task, &test_key)
        .unwrap();
    env.run(["sync"]).success();
    let done = child(&env, "ENG-1", "Write regression test");
    assert_eq!(done.state_type, "completed", "{done:?}");
    env.sandbox()
        .graph()
        .toggle_checklist(&task, &test_key)
        .unwrap();
    env.run(["sync"]).success();
    let reopened = child(&env, "ENG-1", "Write regression test");
    assert_eq!(reopened.state, before.state, "{reopened:?}");
    sync_quietly(&env);

    // Linear → Planner: a sub-issue completed and renamed.
    let safari = child(&env, "ENG-1", "Reproduce on Safari");
    env.sandbox()
        .linear()
        .set_title(&safari.identifier, "Reproduce on Safari 17")
        .unwrap();
    env.sandbox()
        .linear()
        .set_state(&reopened.identifier, "Done")
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        titles(&env, &task),
        vec![
            ("Reproduce on Safari 17".to_string(), true),
            ("Write regression test".to_string(), true),
        ]
    );

    // Planner → Linear: a rename.
    patch_item(
        &env,
        &task,
        &test_key,
        json!({"title": "Write a regression test"}),
    );
    env.run(["sync"]).success();
    assert_eq!(
        env.sandbox()
            .linear()
            .issue(&reopened.identifier)
            .unwrap()
            .title,
        "Write a regression test"
    );
    sync_quietly(&env);

    // An item added in Planner becomes a sub-issue, once.
    env.sandbox()
        .graph()
        .add_checklist_item(&task, "Check Firefox")
        .unwrap();
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let firefox: Vec<IssueView> = children(&env, "ENG-1")
        .into_iter()
        .filter(|c| c.title == "Check Firefox")
        .collect();
    assert_eq!(firefox.len(), 1, "created once");
    assert_eq!(firefox[0].state_type, "unstarted");
    assert_eq!(checklist(&env, &task).len(), 3);
    sync_quietly(&env);

    // Removed in Planner → the sub-issue is canceled (nothing deleted) and stays unmirrored.
    let key = checklist(&env, &task)
        .into_iter()
        .find(|c| c.1 == "Check Firefox")
        .unwrap()
        .0;
    patch_item(&env, &task, &key, Value::Null);
    env.run(["sync"]).success();
    let canceled = env
        .sandbox()
        .linear()
        .issue(&firefox[0].identifier)
        .unwrap();
    assert_eq!(canceled.state_type, "canceled", "{canceled:?}");
    assert_eq!(checklist(&env, &task).len(), 2, "not added back");
    sync_quietly(&env);

    // Removed in Linear (deleted) → the item goes.
    env.sandbox()
        .linear()
        .trash_issue(&safari.identifier)
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        titles(&env, &task),
        vec![("Write a regression test".to_string(), true)]
    );
    sync_quietly(&env);
}

#[test]
fn sub_issues_beyond_the_limit_are_audited_with_one_warning() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-4");
    for n in 1..=21 {
        env.sandbox()
            .linear()
            .add_sub_issue("ENG-4", &format!("Step {n:02}"))
            .unwrap();
    }
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "never a failure: {out}");
    assert_eq!(
        checklist(&env, &task).len(),
        20,
        "the first 20 by sort order"
    );
    let warnings = out.json()["mappings"][0]["warnings"].clone();
    let about: Vec<&Value> = warnings
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w.as_str().unwrap().contains("max_checklist_items"))
        .collect();
    assert_eq!(about.len(), 1, "one warning: {warnings}");
    let audit = env.run(["--json", "audit", "--task", &task]).json();
    let skipped: Vec<&Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "skip" && e["field"] == "checklist")
        .collect();
    assert_eq!(skipped.len(), 1, "{audit}");
    let out = env.run(["--json", "sync"]);
    let again = out.json()["mappings"][0]["warnings"].clone();
    assert!(
        !again.to_string().contains("max_checklist_items"),
        "the warning is raised once: {again}"
    );
    sync_quietly(&env);
}

fn planner_title(env: &TestEnv, task: &str) -> String {
    env.sandbox().graph().task(task).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string()
}

/// `webhook ingest` of a `Cycle` update event (a rename from `previous` to `name`), signed
/// like Linear's. Each rename is its own event: a byte-identical body is a redelivery, which
/// the queue drops.
fn ingest_cycle_event(env: &TestEnv, cycle_id: &str, name: Option<&str>, previous: &str) {
    ingest_event(
        env,
        "Cycle",
        json!({"id": cycle_id, "name": name, "number": 23}),
        json!({"name": previous}),
    );
}

/// `webhook ingest` of an `update` event of `kind`, signed like Linear's.
fn ingest_event(env: &TestEnv, kind: &str, data: Value, updated_from: Value) {
    use std::io::Write;
    use std::process::Stdio;

    let at = time::OffsetDateTime::parse(
        crate::common::NOW,
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let ms = (at.unix_timestamp_nanos() / 1_000_000) as i64;
    let body = json!({
        "action": "update", "type": kind,
        "data": data,
        "updatedFrom": updated_from,
        "url": format!("https://linear.app/acme/{}", kind.to_lowercase()),
        "createdAt": crate::common::NOW, "webhookTimestamp": ms,
    })
    .to_string();
    let secret = linear_planner_sync::sandbox::linear::SANDBOX_WEBHOOK_SECRET;
    let signature = linear_planner_sync::linear::webhook::sign(secret, body.as_bytes());
    let mut child = env
        .command()
        .env("LINEAR_WEBHOOK_SECRET", secret)
        .args(["webhook", "ingest", "--signature", &signature])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

#[test]
fn the_cycle_is_a_title_prefix_that_only_linear_changes() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    assert_eq!(
        planner_title(&env, &task),
        "[Cycle: Sprint 23] Fix login bug"
    );
    sync_quietly(&env);

    // A Planner title edit is stripped of the prefix before it is copied.
    env.sandbox()
        .graph()
        .patch_task(
            &task,
            json!({"title": "[Cycle: Sprint 23] Fix the login bug"}),
        )
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        env.sandbox().linear().issue("ENG-1").unwrap().title,
        "Fix the login bug"
    );
    sync_quietly(&env);

    // An edited prefix is put back: Planner never changes a Linear cycle.
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"title": "[Cycle: Mine] Fix the login bug"}))
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        planner_title(&env, &task),
        "[Cycle: Sprint 23] Fix the login bug"
    );
    let issue = env.sandbox().linear().issue("ENG-1").unwrap();
    assert_eq!(issue.cycle.as_deref(), Some("Sprint 23"), "{issue:?}");
    assert_eq!(issue.title, "Fix the login bug");
    sync_quietly(&env);

    // A cycle rename (a `Cycle` webhook; the issue's updatedAt does not move) re-titles the
    // task without touching the user's title text.
    let cycle = env.sandbox().linear().cycle_id("Sprint 23").unwrap();
    env.sandbox()
        .linear()
        .rename_cycle(&cycle, Some("Sprint 24"))
        .unwrap();
    ingest_cycle_event(&env, &cycle, Some("Sprint 24"), "Sprint 23");
    env.run(["sync"]).success();
    assert_eq!(
        planner_title(&env, &task),
        "[Cycle: Sprint 24] Fix the login bug"
    );
    // Unnamed: "Cycle N".
    env.sandbox().linear().rename_cycle(&cycle, None).unwrap();
    ingest_cycle_event(&env, &cycle, None, "Sprint 24");
    env.run(["sync"]).success();
    assert_eq!(
        planner_title(&env, &task),
        "[Cycle: Cycle 23] Fix the login bug"
    );
    // Removed from the cycle (an issue update, delivered like the cycle events were): the
    // prefix goes.
    env.sandbox().linear().set_cycle("ENG-1", None).unwrap();
    let issue = env.sandbox().linear().issue("ENG-1").unwrap();
    ingest_event(
        &env,
        "Issue",
        json!({"id": issue.id, "identifier": "ENG-1", "cycleId": null}),
        json!({"cycleId": cycle}),
    );
    env.run(["sync"]).success();
    assert_eq!(planner_title(&env, &task), "Fix the login bug");
    assert_eq!(
        env.sandbox().linear().issue("ENG-1").unwrap().title,
        "Fix the login bug"
    );
    sync_quietly(&env);
}

pub(crate) const SEPARATOR: &str = "\n\n——— Linear comments ———\n";

pub(crate) fn description(env: &TestEnv, task: &str) -> String {
    env.sandbox().graph().details(task).unwrap()["description"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn comments_are_appended_once_and_never_copied_back() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    let text = description(&env, &task);
    let (human, comments) = text.split_once(SEPARATOR).expect("separator");
    // Mentions become emails (the engine resolves Linear handles).
    assert_eq!(
        human,
        "The login form rejects valid passwords.\n\nSee @bob.berg@acme.test"
    );
    let lines: Vec<&str> = comments.lines().collect();
    assert_eq!(lines.len(), 2, "{comments}");
    assert!(
        lines[0].ends_with("I can reproduce this on Safari 17."),
        "markdown stripped: {}",
        lines[0]
    );
    assert!(
        lines[0].starts_with('[') && lines[0].contains(" UTC] "),
        "{}",
        lines[0]
    );

    env.sandbox()
        .linear()
        .add_comment(
            "ENG-1",
            "**Fixed** in [PR 42](https://github.com/acme/web/pull/42), @bob",
        )
        .unwrap();
    for _ in 0..3 {
        env.run(["sync"]).success();
    }
    let text = description(&env, &task);
    let appended: Vec<&str> = text
        .split_once(SEPARATOR)
        .unwrap()
        .1
        .lines()
        .filter(|l| {
            l.contains("Fixed in PR 42 (https://github.com/acme/web/pull/42), @bob.berg@acme.test")
        })
        .collect();
    assert_eq!(appended.len(), 1, "appended exactly once:\n{text}");
    assert!(
        appended[0].contains("<alice@"),
        "author with email: {}",
        appended[0]
    );
    sync_quietly(&env);

    // A human edit above the separator syncs; the comments never reach Linear.
    let (_, comments) = text.split_once(SEPARATOR).unwrap();
    env.sandbox()
        .graph()
        .patch_details(
            &task,
            json!({"description": format!("Rejects valid passwords on Safari.{SEPARATOR}{comments}")}),
        )
        .unwrap();
    env.run(["sync"]).success();
    let issue = env.sandbox().linear().issue("ENG-1").unwrap();
    assert_eq!(
        issue.description.as_deref(),
        Some("Rejects valid passwords on Safari.")
    );
    assert_eq!(
        description(&env, &task).matches("Fixed in PR 42").count(),
        1
    );
    sync_quietly(&env);
}

pub(crate) fn references(env: &TestEnv, task: &str) -> Vec<String> {
    let details = env.sandbox().graph().details(task).unwrap();
    let mut urls: Vec<String> = details["references"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| linear_planner_sync::graph::decode_reference_key(k).unwrap())
        .collect();
    urls.sort();
    urls
}

pub(crate) fn attachments(env: &TestEnv, ident: &str) -> Vec<String> {
    let mut urls = env.sandbox().linear().issue(ident).unwrap().attachments;
    urls.sort();
    urls
}

#[test]
fn links_flow_both_ways_keyed_by_url() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    let issue_url = {
        let store = env.store();
        let _ = store;
        references(&env, &task)
            .into_iter()
            .find(|u| u.contains("/issue/ENG-1"))
            .expect("back-reference")
    };
    let pr = "https://github.com/acme/web/pull/42".to_string();
    // Linear's link came over; its uploaded file came as a file (the drive copy), not as a
    // link to Linear's upload.
    let (files, links): (Vec<String>, Vec<String>) = references(&env, &task)
        .into_iter()
        .partition(|u| u.contains("/Linear%20attachments/ENG-1/"));
    assert_eq!(files.len(), 1, "{files:?}");
    let mut want = vec![pr.clone(), issue_url.clone()];
    want.sort();
    assert_eq!(links, want);
    // Our back-references are not mirrored as user links.
    assert!(
        !attachments(&env, "ENG-1").contains(&issue_url),
        "{:?}",
        attachments(&env, "ENG-1")
    );
    sync_quietly(&env);

    // Planner → Linear: add, then remove.
    let doc = "https://contoso.example/design#v2".to_string();
    env.sandbox()
        .graph()
        .patch_details(
            &task,
            json!({"references": {
                linear_planner_sync::graph::encode_reference_key(&doc): {
                    "@odata.type": "#microsoft.graph.plannerExternalReference",
                    "alias": "Design", "type": "Other"
                }
            }}),
        )
        .unwrap();
    env.run(["sync"]).success();
    assert!(attachments(&env, "ENG-1").contains(&doc));
    sync_quietly(&env);
    env.sandbox()
        .graph()
        .patch_details(
            &task,
            json!({"references": {linear_planner_sync::graph::encode_reference_key(&doc): null}}),
        )
        .unwrap();
    env.run(["sync"]).success();
    assert!(!attachments(&env, "ENG-1").contains(&doc));
    sync_quietly(&env);

    // Linear → Planner: add, then remove.
    let sentry = "https://sentry.example/issues/7".to_string();
    env.sandbox()
        .linear()
        .add_attachment("ENG-1", &sentry, "Sentry #7")
        .unwrap();
    env.run(["sync"]).success();
    assert!(references(&env, &task).contains(&sentry));
    let alias = env.sandbox().graph().details(&task).unwrap()["references"]
        [linear_planner_sync::graph::encode_reference_key(&sentry)]["alias"]
        .clone();
    assert_eq!(alias, "Sentry #7");
    sync_quietly(&env);
    env.sandbox()
        .linear()
        .remove_attachment("ENG-1", &pr)
        .unwrap();
    env.run(["sync"]).success();
    assert!(!references(&env, &task).contains(&pr));
    let mut want = vec![sentry, issue_url];
    want.extend(files);
    want.sort();
    assert_eq!(references(&env, &task), want);
    sync_quietly(&env);
}

#[test]
fn linear_files_are_mirrored_to_the_drive_once() {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    // Upload sessions above 256 KiB, so a 1 MB file takes one.
    let path = env.write("lps.toml", "[graph]\nsimple_upload_max_bytes = 262144\n");
    env.set_env("LPS_CONFIG", &path.display().to_string());
    env.run([
        "map",
        "add",
        "--project",
        "Website Relaunch",
        "--team",
        "ENG",
        "--plan",
        PLAN,
        "--yes",
    ])
    .success();
    env.run(["bootstrap"]).success();
    let task = task_of(&env, "ENG-1");
    let on_drive = |name: &str| -> Vec<(String, String, u64)> {
        env.sandbox()
            .graph()
            .drive_files()
            .into_iter()
            .filter(|f| f.1.ends_with(&format!("Linear attachments/ENG-1/{name}")))
            .collect()
    };
    // The seeded upload went with one PUT at bootstrap.
    assert_eq!(on_drive("login-trace.txt").len(), 1);

    let data: Vec<u8> = (0..1024 * 1024).map(|i| (i % 251) as u8).collect();
    let url = env
        .sandbox()
        .linear()
        .add_upload("build-log.bin", "application/octet-stream", data);
    env.sandbox()
        .linear()
        .add_attachment("ENG-1", &url, "build-log.bin")
        .unwrap();
    env.sandbox().reset_requests();
    for _ in 0..3 {
        env.run(["sync"]).success();
    }
    let big = on_drive("build-log.bin");
    assert_eq!(big.len(), 1, "{big:?}");
    assert_eq!(big[0].2, 1024 * 1024);
    let requests = env.sandbox().requests();
    assert_eq!(
        requests.by_route("POST", "/v1.0/groups/{group}/drive/{*rest}"),
        1,
        "one upload session"
    );
    assert!(requests.by_route("PUT", "/upload/{session}") >= 1);
    // Referenced once on the task, by its webUrl; not mirrored back as a Linear link.
    let details = env.sandbox().graph().details(&task).unwrap();
    let refs: Vec<(&String, &Value)> = details["references"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["alias"] == "build-log.bin")
        .collect();
    assert_eq!(refs.len(), 1, "{details}");
    let web = linear_planner_sync::graph::decode_reference_key(refs[0].0).unwrap();
    assert!(
        !env.sandbox()
            .linear()
            .issue("ENG-1")
            .unwrap()
            .attachments
            .contains(&web)
    );
    let audit = env.run(["--json", "audit", "--task", &task]).json();
    let mirrored = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "mirror_file" && e["new_value"] == "build-log.bin")
        .count();
    assert_eq!(mirrored, 1, "{audit}");
    sync_quietly(&env);
}
