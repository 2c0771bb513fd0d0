//! Whole-item flows of `sync` end to end: items created on either side after bootstrap get
//! their counterpart with back-references, archived issues complete their task, `--dry-run`
//! and `--max-ops` bound what a pass writes, a Planner limit is dead-lettered with its name,
//! `map add --create-buckets`, and the audit's filters on real data.

use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::graph::state::GraphLimits;
use linear_planner_sync::sandbox::linear::{IssueDraft, ids, seed_id};
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo::{PLAN, reset_counts, writes};
use crate::test_sync_fields::{ident_of, synced};

fn audit_len(env: &TestEnv) -> usize {
    env.run(["--json", "audit", "--limit", "10000"])
        .json()
        .as_array()
        .unwrap()
        .len()
}

fn new_issue(env: &TestEnv, title: &str) -> String {
    let id = env
        .sandbox()
        .linear()
        .create_issue(IssueDraft {
            team_id: seed_id(ids::TEAM_ENG),
            title: title.into(),
            project_id: Some(seed_id(ids::PROJECT_WEBSITE)),
            ..IssueDraft::default()
        })
        .unwrap();
    env.sandbox().linear().issue(&id).unwrap().identifier
}

fn task_titled(env: &TestEnv, title: &str) -> Option<serde_json::Value> {
    env.sandbox().graph().find_task(PLAN, title)
}

#[test]
fn items_created_after_bootstrap_get_counterparts_with_back_references() {
    let env = synced();
    // Linear → Planner.
    let ident = new_issue(&env, "Created in Linear");
    env.run(["sync"]).success();
    let task = task_titled(&env, "Created in Linear").expect("a task was created");
    let task_id = task["id"].as_str().unwrap().to_string();
    let refs = env.sandbox().graph().details(&task_id).unwrap()["references"].clone();
    assert!(
        refs.as_object().unwrap().keys().any(|k| k.contains(&ident)),
        "the task references the issue: {refs}"
    );
    let issue = env.sandbox().linear().issue(&ident).unwrap();
    assert!(
        issue.attachments.iter().any(|url| url.contains(&task_id)),
        "the issue links the task: {issue:?}"
    );

    // Planner → Linear.
    let bucket = env.sandbox().graph().bucket_id(PLAN, "To do").unwrap();
    let created = env
        .sandbox()
        .graph()
        .create_task(
            PLAN,
            json!({"title": "Created in Planner", "bucketId": bucket}),
        )
        .unwrap();
    let planner_id = created["id"].as_str().unwrap().to_string();
    env.run(["sync"]).success();
    let ident = ident_of(&env, &planner_id);
    let issue = env.sandbox().linear().issue(&ident).unwrap();
    assert_eq!(issue.title, "Created in Planner");
    assert_eq!(issue.state, "Todo");
    assert!(
        issue
            .attachments
            .iter()
            .any(|url| url.contains(&planner_id)),
        "{issue:?}"
    );

    // Converged: no duplicates, no echo, twice.
    let (tasks, issues) = (
        env.sandbox().graph().plan_tasks(PLAN).len(),
        env.sandbox().linear().issues().len(),
    );
    for _ in 0..2 {
        reset_counts(&env);
        env.run(["sync"]).success();
        assert_eq!(writes(&env), (0, 0));
    }
    assert_eq!(env.sandbox().graph().plan_tasks(PLAN).len(), tasks);
    assert_eq!(env.sandbox().linear().issues().len(), issues);
}

#[test]
fn an_archived_issue_completes_its_task_and_ends_the_link() {
    let env = synced();
    let task = "task-demo-01";
    let ident = ident_of(&env, task);
    env.sandbox().linear().archive_issue(&ident).unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        env.sandbox().graph().task(task).unwrap()["percentComplete"],
        100
    );
    let rows = env.run(["--json", "audit", "--task", task]).json();
    assert_eq!(rows[0]["action"], "unlink", "{rows}");
    // The task still exists; nothing is deleted, and the pair is no longer synced.
    env.sandbox()
        .graph()
        .patch_task(task, json!({"title": "After the archive"}))
        .unwrap();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env).1, 0, "no Linear write for an ended link");
    let rows = env.run(["--json", "audit", "--task", task]).json();
    assert_eq!(rows[0]["action"], "unlink", "not linked again: {rows}");
}

#[test]
fn sync_dry_run_prints_the_plan_and_writes_nothing() {
    let env = synced();
    let ident = ident_of(&env, "task-demo-01");
    env.sandbox()
        .graph()
        .patch_task("task-demo-01", json!({"title": "Dry title"}))
        .unwrap();
    env.sandbox().linear().set_priority(&ident, 4).unwrap();
    new_issue(&env, "Dry new issue");
    let audit_before = audit_len(&env);
    reset_counts(&env);
    let out = env.run(["sync", "--dry-run"]);
    assert_eq!(out.status, 0, "{out}");
    assert!(out.stdout.contains("dry run, nothing written"), "{out}");
    assert!(out.stdout.contains("title"), "{out}");
    assert!(out.stdout.contains("priority"), "{out}");
    assert!(out.stdout.contains("create_task"), "{out}");
    assert_eq!(writes(&env), (0, 0), "the request counters prove it");
    assert_eq!(audit_len(&env), audit_before);

    // The real pass then does exactly that, and the next two do nothing.
    env.run(["sync"]).success();
    assert_eq!(
        env.sandbox().linear().issue(&ident).unwrap().title,
        "Dry title"
    );
    assert_eq!(
        env.sandbox().graph().task("task-demo-01").unwrap()["priority"],
        9
    );
    assert!(task_titled(&env, "Dry new issue").is_some());
    for _ in 0..2 {
        reset_counts(&env);
        env.run(["sync"]).success();
        assert_eq!(writes(&env), (0, 0));
    }
}

#[test]
fn max_ops_bounds_a_pass_and_the_next_pass_finishes() {
    let mut env = synced();
    let later = "2026-11-25T12:05:00Z";
    env.set_env("LPS_NOW", later);
    let tasks = ["task-demo-01", "task-demo-02", "task-demo-03"];
    for (n, task) in tasks.iter().enumerate() {
        let ident = ident_of(&env, task);
        env.sandbox()
            .linear()
            .set_title(&ident, &format!("Bounded {n}"))
            .unwrap();
    }
    let title = |task: &str| {
        env.sandbox().graph().task(task).unwrap()["title"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let done = || {
        tasks
            .iter()
            .filter(|t| title(t).starts_with("Bounded"))
            .count()
    };
    let out = env.run(["sync", "--max-ops", "1"]);
    // Cut short by the budget: normal bounded work (exit 0, with a warning), the rest waits.
    assert_eq!(out.status, 0, "{out}");
    assert!(out.stderr.contains("op or time budget"), "{out}");
    assert_eq!(done(), 1, "one write: {out}");
    // ... and a successful run for monitoring: a backlog larger than the budget is no outage.
    let status = env.run(["--json", "status"]).json();
    let mapping = &status["mappings"][0];
    assert_eq!(mapping["last_success_at"], later, "{status:#}");
    assert_eq!(mapping["problems"], json!([]), "{status:#}");
    env.run(["sync"]).success();
    assert_eq!(done(), 3, "the rest was not skipped");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
}

#[test]
fn a_planner_limit_is_dead_lettered_with_its_name() {
    let env = synced();
    let full = env.sandbox().graph().plan_tasks(PLAN).len();
    env.sandbox().graph().set_limits(GraphLimits {
        max_tasks_per_plan: full,
        ..env.sandbox().graph().limits()
    });
    new_issue(&env, "No room in the plan");
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    let dlq = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(dlq.as_array().unwrap().len(), 1, "{dlq}");
    assert_eq!(dlq[0]["error_kind"], "limit", "{dlq}");
    assert!(
        dlq[0]["error"].as_str().unwrap().contains("Maximum"),
        "the limit is named: {dlq}"
    );
    assert_eq!(env.sandbox().graph().plan_tasks(PLAN).len(), full);
}

#[test]
fn map_add_create_buckets_adds_a_bucket_per_unpaired_state() {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let before = env.sandbox().graph().bucket_id(PLAN, "Backlog");
    assert!(before.is_none());
    let out = env.run([
        "--json",
        "map",
        "add",
        "--project",
        "Website Relaunch",
        "--team",
        "ENG",
        "--plan",
        PLAN,
        "--bucket",
        "Review=In Review",
        "--create-buckets",
        "--yes",
    ]);
    assert_eq!(out.json()["result"], "added", "{out}");
    for name in ["Backlog", "Triage", "Review", "Canceled"] {
        assert!(
            env.sandbox().graph().bucket_id(PLAN, name).is_some(),
            "bucket {name} created"
        );
    }
    let show = env.run(["--json", "map", "show", "1"]).json();
    let pairs = show["pairs"].as_array().unwrap();
    assert!(
        pairs
            .iter()
            .any(|p| p["bucket_name"] == "Review" && p["state_name"] == "In Review"),
        "{show:#}"
    );
    // Bootstrap puts each issue in its state's bucket.
    env.run(["bootstrap"]).success();
    let backlog = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.state == "Backlog" && i.project_id.is_some())
        .expect("a backlog issue");
    let task = env
        .sandbox()
        .graph()
        .find_task(PLAN, &backlog.title)
        .expect("its task");
    assert_eq!(
        task["bucketId"],
        env.sandbox().graph().bucket_id(PLAN, "Backlog").unwrap(),
        "the backlog issue sits in the Backlog bucket"
    );
}

#[test]
fn audit_filters_by_mapping_task_issue_and_since() {
    let env = synced();
    let task = "task-demo-02";
    let ident = ident_of(&env, task);
    env.sandbox()
        .linear()
        .set_title(&ident, "Audited title")
        .unwrap();
    let mut env = env;
    env.set_env("LPS_NOW", "2026-11-26T08:00:00Z");
    env.run(["sync"]).success();

    let rows = |args: &[&str]| {
        let mut all = vec!["--json", "audit", "--limit", "1000"];
        all.extend_from_slice(args);
        env.run(all).json().as_array().unwrap().clone()
    };
    let by_task = rows(&["--task", task]);
    assert!(by_task.iter().all(|r| r["task_id"] == task), "{by_task:?}");
    assert_eq!(by_task[0]["field"], "title");
    assert_eq!(by_task[0]["new_value"], "Audited title");
    let issue_id = by_task[0]["issue_id"].as_str().unwrap().to_string();
    assert_eq!(rows(&["--issue", &ident]).len(), by_task.len());
    assert_eq!(
        rows(&["--issue", &ident.to_lowercase()]).len(),
        by_task.len()
    );
    assert_eq!(rows(&["--issue", &issue_id]).len(), by_task.len());
    let since = rows(&["--since", "2026-11-26T00:00:00Z"]);
    assert_eq!(since.len(), 1, "only the sync after bootstrap: {since:?}");
    assert_eq!(since[0]["task_id"], task);
    assert_eq!(rows(&["--mapping", "1"]).len(), rows(&[]).len());
    assert!(rows(&["--mapping", "2"]).is_empty());
    let out = env.run(["audit", "--mapping", "x"]);
    assert_eq!(out.status, 2, "{out}");
}
