//! `map add`, `bootstrap` and `sync` end to end: the real binary against the sandbox.

use linear_planner_sync::sandbox::Seed;
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo::{PLAN, PROJECT, mapped, reset_counts, writes};

fn project_issues(env: &TestEnv) -> Vec<linear_planner_sync::sandbox::linear::IssueView> {
    let project = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.project_id.is_some())
        .and_then(|i| i.project_id);
    env.sandbox()
        .linear()
        .issues()
        .into_iter()
        .filter(|i| i.project_id == project)
        .collect()
}

#[test]
fn map_add_validates_both_sides() {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let out = env.run([
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "ENG",
        "--plan",
        "no-such-plan",
        "--yes",
    ]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr.contains("no Planner plan with id no-such-plan"),
        "{out}"
    );
    let out = env.run([
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "NOPE",
        "--plan",
        PLAN,
        "--yes",
    ]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("no Linear team with key NOPE"), "{out}");
    let out = env.run([
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "ENG",
        "--plan",
        PLAN,
        "--bucket",
        "Nope=Done",
        "--yes",
    ]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("has no bucket \"Nope\""), "{out}");
    let out = env.run([
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "ENG",
        "--plan",
        PLAN,
    ]);
    assert_eq!(out.status, 2, "without a terminal --yes is required: {out}");
    assert_eq!(env.run(["--json", "map", "list"]).json(), json!([]));
    let out = env.run([
        "--json",
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "ENG",
        "--plan",
        PLAN,
        "--yes",
    ]);
    assert_eq!(out.json()["result"], "added", "{out}");
    let show = env.run(["--json", "map", "show", "1"]).json();
    assert!(show["pairs"].as_array().unwrap().len() >= 3, "{show}");
    let again = env.run([
        "map",
        "add",
        "--project",
        PROJECT,
        "--team",
        "ENG",
        "--plan",
        PLAN,
        "--yes",
    ]);
    assert_eq!(again.status, 2, "one plan, one project: {again}");
}

#[test]
fn bootstrap_links_and_creates_once_then_sync_is_quiet() {
    let env = mapped();
    let tasks_before = env.sandbox().graph().plan_tasks(PLAN).len();
    let issues_before = project_issues(&env)
        .iter()
        .filter(|i| i.parent.is_none() && !i.archived && !i.trashed)
        .count();
    let out = env.run(["--json", "bootstrap"]);
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert_eq!(
        report["mappings"][0]["created_issues"], tasks_before as u64,
        "{report}"
    );
    assert_eq!(
        report["mappings"][0]["created_tasks"], issues_before as u64,
        "{report}"
    );
    let tasks_after = env.sandbox().graph().plan_tasks(PLAN).len();
    assert_eq!(tasks_after, tasks_before + issues_before);

    // Again: nothing created, nothing duplicated.
    reset_counts(&env);
    let out = env.run(["--json", "bootstrap"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"][0]["created_issues"], 0);
    assert_eq!(out.json()["mappings"][0]["created_tasks"], 0);
    assert_eq!(env.sandbox().graph().plan_tasks(PLAN).len(), tasks_after);
    assert_eq!(writes(&env), (0, 0), "a second bootstrap writes nothing");

    // Converged: sync twice, zero writes.
    for _ in 0..2 {
        reset_counts(&env);
        let out = env.run(["sync"]);
        assert_eq!(out.status, 0, "{out}");
        assert_eq!(writes(&env), (0, 0), "{out}");
    }
}

#[test]
fn edits_flow_both_ways_and_conflicts_are_audited() {
    let env = mapped();
    env.run(["bootstrap"]).success();
    let task = env
        .sandbox()
        .graph()
        .plan_tasks(PLAN)
        .into_iter()
        .next()
        .unwrap();
    let task_id = task["id"].as_str().unwrap().to_string();
    let link = env.run(["--json", "audit", "--task", &task_id]).json();
    let ident = link[0]["issue_identifier"].as_str().unwrap().to_string();

    // Planner → Linear: title.
    env.sandbox()
        .graph()
        .patch_task(&task_id, json!({"title": "Renamed in Planner"}))
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(
        env.sandbox().linear().issue(&ident).unwrap().title,
        "Renamed in Planner"
    );

    // Linear → Planner: state to Done moves the bucket and completes the task.
    env.sandbox().linear().set_state(&ident, "Done").unwrap();
    env.run(["sync"]).success();
    let task = env.sandbox().graph().task(&task_id).unwrap();
    assert_eq!(task["percentComplete"], 100, "{task}");
    assert_eq!(
        Some(task["bucketId"].as_str().unwrap().to_string()),
        env.sandbox().graph().bucket_id(PLAN, "Done")
    );

    // Different fields on each side: both kept.
    env.sandbox()
        .graph()
        .patch_task(&task_id, json!({"priority": 1}))
        .unwrap();
    env.sandbox()
        .linear()
        .set_due(&ident, Some("2027-01-15"))
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(env.sandbox().linear().issue(&ident).unwrap().priority, 1);
    assert_eq!(
        env.sandbox().graph().task(&task_id).unwrap()["dueDateTime"],
        "2027-01-15T00:00:00Z"
    );

    // Same field on both sides: one wins, the conflict is in the audit.
    env.sandbox()
        .graph()
        .patch_task(&task_id, json!({"title": "Planner says"}))
        .unwrap();
    env.sandbox()
        .linear()
        .set_title(&ident, "Linear says")
        .unwrap();
    env.run(["sync"]).success();
    // The Planner title may carry the issue's cycle prefix (issue 8).
    let planner_title = env.sandbox().graph().task(&task_id).unwrap()["title"]
        .as_str()
        .unwrap()
        .trim_start_matches("[Cycle: Sprint 23] ")
        .to_string();
    assert_eq!(
        planner_title,
        env.sandbox().linear().issue(&ident).unwrap().title,
        "converged"
    );
    let conflicts = env.run(["--json", "audit", "--conflicts"]).json();
    assert_eq!(conflicts.as_array().unwrap().len(), 1, "{conflicts}");
    assert_eq!(conflicts[0]["field"], "title");

    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0), "no echo after convergence");
}

#[test]
fn dry_run_writes_nothing() {
    let env = mapped();
    reset_counts(&env);
    let out = env.run(["bootstrap", "--dry-run"]);
    assert_eq!(out.status, 0, "{out}");
    assert!(out.stdout.contains("create_issue"), "{out}");
    assert_eq!(writes(&env), (0, 0));
    assert_eq!(env.run(["--json", "audit"]).json(), json!([]));
}

#[test]
fn deleting_a_task_cancels_its_issue_and_ends_the_link() {
    let env = mapped();
    env.run(["bootstrap"]).success();
    let task = env
        .sandbox()
        .graph()
        .plan_tasks(PLAN)
        .into_iter()
        .next()
        .unwrap();
    let task_id = task["id"].as_str().unwrap().to_string();
    let ident = env.run(["--json", "audit", "--task", &task_id]).json()[0]["issue_identifier"]
        .as_str()
        .unwrap()
        .to_string();
    env.sandbox().graph().delete_task(&task_id).unwrap();
    env.run(["sync"]).success();
    let issue = env.sandbox().linear().issue(&ident).unwrap();
    assert_eq!(issue.state_type, "canceled", "{issue:?}");
    let unlink = env.run(["--json", "audit", "--task", &task_id]).json();
    assert_eq!(unlink[0]["action"], "unlink", "{unlink}");
}

#[test]
fn report_shows_completion_and_workload_from_the_synced_state() {
    let env = mapped();
    env.run(["bootstrap"]).success();
    let report = env.run(["--json", "report"]);
    assert_eq!(report.status, 0, "{report}");
    let doc = report.json();
    let tasks = env.sandbox().graph().plan_tasks(PLAN);
    assert_eq!(doc["plans"][0]["tasks"], tasks.len() as u64, "{doc}");
    let done = tasks.iter().filter(|t| t["percentComplete"] == 100).count() as u64;
    assert_eq!(doc["plans"][0]["done"], done, "{doc}");
    let open: u64 = doc["assignees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["open"].as_u64().unwrap())
        .sum();
    assert_eq!(
        open,
        tasks.len() as u64 - done,
        "every open task is counted once: {doc}"
    );
    let text = env.run(["report"]);
    assert!(
        text.stdout.contains("COMPLETE") && text.stdout.contains("ASSIGNEE"),
        "{text}"
    );
}
