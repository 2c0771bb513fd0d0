//! Rich fields end to end (issue 8): checklist ↔ sub-issues, the cycle prefix, appended
//! comments and links, through `bootstrap` and `sync` against the sandbox.

use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::linear::IssueView;
use linear_planner_sync::store::links;
use serde_json::{Value, json};

use crate::common::TestEnv;

const PLAN: &str = "plan-demo";

fn bootstrapped() -> TestEnv {
    let env = TestEnv::with_sandbox(Seed::Demo);
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
    env
}

/// The task linked to an issue (by identifier).
fn task_of(env: &TestEnv, ident: &str) -> String {
    let store = env.store();
    links::live(store.conn(), MappingId(1))
        .unwrap()
        .into_iter()
        .find(|l| l.issue_identifier.as_deref() == Some(ident))
        .map(|l| l.task_id.0)
        .unwrap_or_else(|| panic!("no link for {ident}"))
}

fn checklist(env: &TestEnv, task: &str) -> Vec<(String, String, bool)> {
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

fn titles(env: &TestEnv, task: &str) -> Vec<(String, bool)> {
    checklist(env, task)
        .into_iter()
        .map(|(_, t, c)| (t, c))
        .collect()
}

fn children(env: &TestEnv, parent: &str) -> Vec<IssueView> {
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

fn child(env: &TestEnv, parent: &str, title: &str) -> IssueView {
    children(env, parent)
        .into_iter()
        .find(|c| c.title == title)
        .unwrap_or_else(|| panic!("no sub-issue {title:?} of {parent}"))
}

/// Writes made to either service since the last reset.
fn writes(env: &TestEnv) -> (u64, u64) {
    let graph = env.sandbox().requests().graph_writes();
    let linear: u64 = env
        .sandbox()
        .linear()
        .operation_counts()
        .iter()
        .filter(|(op, _)| op.ends_with("Mutation"))
        .map(|(_, n)| *n)
        .sum();
    (graph, linear)
}

fn sync_quietly(env: &TestEnv) {
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    let out = env.run(["sync"]);
    out.success();
    assert_eq!(writes(env), (0, 0), "converged: no writes\n{out}");
}

fn patch_item(env: &TestEnv, task: &str, key: &str, item: Value) {
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
