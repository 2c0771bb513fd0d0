//! Field directions applied when the bridge creates the counterpart (issue 12): bootstrap and
//! sync creates write on the created side only the fields whose direction flows there (the
//! title always: both APIs require one), and the shadow absorbs the rest, so nothing is
//! written later, not even when the direction is switched back to both.

use linear_planner_sync::sandbox::linear::{IssueDraft, ids, seed_id};
use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::test_rich_fields::{SEPARATOR, task_of};
use crate::test_sync_control::{PLAN, mapped_with, reset_counts, writes};

/// The audit rows of one action.
fn audited(env: &TestEnv, action: &str) -> Vec<Value> {
    let audit = env.run(["--json", "audit", "--limit", "1000"]).json();
    audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == action)
        .cloned()
        .collect()
}

/// The human part of a task's description (above the Linear comments).
fn human_description(env: &TestEnv, task: &str) -> String {
    let details = env.sandbox().graph().details(task).unwrap();
    let text = details["description"].as_str().unwrap_or_default();
    text.split_once(SEPARATOR)
        .map_or(text, |(human, _)| human)
        .to_string()
}

/// The label categories of the demo plan (category1–4 show the priority).
const LABEL_CATEGORIES: [&str; 2] = ["category5", "category6"];

fn label_categories(env: &TestEnv, task: &str) -> Vec<String> {
    let cats = env.sandbox().graph().task(task).unwrap()["appliedCategories"].clone();
    LABEL_CATEGORIES
        .iter()
        .filter(|k| cats[**k] == true)
        .map(|k| k.to_string())
        .collect()
}

#[track_caller]
fn quiet(env: &TestEnv, why: &str) {
    reset_counts(env);
    let out = env.run(["sync"]);
    out.success();
    assert_eq!(writes(env), (0, 0), "{why}\n{out}");
}

#[test]
fn bootstrap_creates_carry_only_the_fields_that_flow_there() {
    let env = mapped_with(&[
        "--direction",
        "description=to-linear",
        "--direction",
        "labels=off",
    ]);
    env.run(["bootstrap"]).success();

    // Planner-born issues get the description, no labels.
    let from_planner = audited(&env, "create_issue");
    assert!(!from_planner.is_empty());
    for e in &from_planner {
        let task = e["task_id"].as_str().unwrap();
        let ident = e["issue_identifier"].as_str().unwrap();
        let issue = env.sandbox().linear().issue(ident).unwrap();
        assert!(
            !label_categories(&env, task).is_empty(),
            "seeded with labels"
        );
        assert!(issue.labels.is_empty(), "{ident}: labels off: {issue:?}");
        let description = issue.description.unwrap_or_default();
        assert!(
            description.contains("Seeded by the sandbox"),
            "{ident}: description flows to Linear: {description:?}"
        );
    }
    // Linear-born tasks get neither (ENG-1 has both a description and labels).
    let from_linear = audited(&env, "create_task");
    assert!(
        from_linear.iter().any(|e| e["issue_identifier"] == "ENG-1"),
        "{from_linear:?}"
    );
    for e in &from_linear {
        let task = e["task_id"].as_str().unwrap();
        assert_eq!(human_description(&env, task), "", "{e}");
        assert_eq!(label_categories(&env, task), Vec::<String>::new(), "{e}");
    }
    let eng1 = env.sandbox().linear().issue("ENG-1").unwrap();
    assert!(eng1.description.is_some() && !eng1.labels.is_empty());
    let task = task_of(&env, "ENG-1");
    assert!(
        env.sandbox().graph().task(&task).unwrap()["title"]
            .as_str()
            .unwrap()
            .ends_with("Fix login bug"),
        "the title is always written"
    );

    quiet(&env, "nothing left to write");
    env.run([
        "map",
        "edit",
        "1",
        "--direction",
        "description=both",
        "--direction",
        "labels=both",
    ])
    .success();
    quiet(
        &env,
        "back to both: what was not written at creation is not replayed",
    );
    assert_eq!(human_description(&env, &task), "");
}

#[test]
fn sync_creates_leave_state_and_priority_to_the_created_side() {
    let env = mapped_with(&[
        "--direction",
        "state=to-planner",
        "--direction",
        "priority=off",
    ]);
    env.run(["bootstrap"]).success();
    let doing = env
        .sandbox()
        .graph()
        .bucket_id(PLAN, "In progress")
        .unwrap();
    env.sandbox()
        .graph()
        .create_task(
            PLAN,
            json!({"title": "Born in Planner", "bucketId": doing, "priority": 1, "percentComplete": 50}),
        )
        .unwrap();
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.json()["mappings"][0]["created_issues"], 1, "{out}");
    let issue = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.title == "Born in Planner")
        .unwrap();
    assert_eq!(
        issue.state_type, "backlog",
        "the team's default state: {issue:?}"
    );
    assert_eq!(issue.priority, 0, "no priority: {issue:?}");

    // Linear-born: the state flows to Planner, the priority does not (nor its colour).
    env.sandbox()
        .linear()
        .create_issue(IssueDraft {
            team_id: seed_id(ids::TEAM_ENG),
            title: "Born in Linear".into(),
            priority: Some(1),
            project_id: Some(seed_id(ids::PROJECT_WEBSITE)),
            ..IssueDraft::default()
        })
        .unwrap();
    env.run(["sync"]).success();
    let task = env
        .sandbox()
        .graph()
        .find_task(PLAN, "Born in Linear")
        .expect("created in Planner");
    assert_eq!(task["priority"], 5, "Planner's default: {task}");
    let cats = task["appliedCategories"]
        .as_object()
        .cloned()
        .unwrap_or_default();
    assert!(
        !cats.iter().any(|(_, on)| *on == true),
        "no colour category: {task}"
    );
    quiet(&env, "converged");
}
