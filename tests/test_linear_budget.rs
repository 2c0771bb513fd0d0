//! The Linear request budget end to end: one `changes` query per pass for every mapping, and
//! the full poll only every `linear.reconcile_every` while webhooks flow (counted with the
//! sandbox's per-operation counters).

use linear_planner_sync::store::queue;

use crate::common::TestEnv;
use crate::test_sync_control::{first_pair, mapped_with, nth_pair, reset_counts};

/// `changes` queries (the updatedAt poll) since the last reset.
fn polls(env: &TestEnv) -> u64 {
    env.sandbox()
        .linear()
        .operation_counts()
        .get("PolledIssuesQuery")
        .copied()
        .unwrap_or(0)
}

/// The task's title without the cycle prefix Planner shows for issues in a cycle (issue 8).
fn planner_title(env: &TestEnv, task: &str) -> String {
    let task = env.sandbox().graph().task(task).unwrap();
    let title = task["title"].as_str().unwrap();
    crate::common::without_cycle_prefix(title).to_string()
}

#[test]
fn one_linear_poll_per_pass_for_every_mapping() {
    let env = mapped_with(&[]);
    env.sandbox()
        .graph()
        .add_plan("sandbox-group", "plan-2", "Second plan")
        .unwrap();
    env.sandbox()
        .linear()
        .add_project("Second project", "ENG")
        .unwrap();
    env.run([
        "map",
        "add",
        "--project",
        "Second project",
        "--team",
        "ENG",
        "--plan",
        "plan-2",
        "--create-buckets",
        "--yes",
    ])
    .success();
    env.run(["bootstrap"]).success();
    let (task, ident) = first_pair(&env);
    env.sandbox()
        .linear()
        .set_title(&ident, "Seen by the shared poll")
        .unwrap();
    reset_counts(&env);
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"].as_array().unwrap().len(), 2);
    assert_eq!(polls(&env), 1, "one query for both mappings");
    assert_eq!(planner_title(&env, &task), "Seen by the shared poll");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(polls(&env), 1);
    assert_eq!(
        env.sandbox().requests().graph_writes(),
        0,
        "nothing read twice"
    );
}

#[test]
fn webhooks_flowing_defer_the_full_poll_until_reconcile_every() {
    let mut env = mapped_with(&[]);
    env.run(["bootstrap"]).success(); // 12:00: the full poll's cursor
    let (task, ident) = first_pair(&env);
    let issue_id = env.sandbox().linear().issue(&ident).unwrap().id;
    let announce = |env: &TestEnv, key: &str, at: &str| {
        queue::push(
            env.store().conn(),
            key,
            "Issue",
            "update",
            Some(&issue_id),
            "{}",
            at,
        )
        .unwrap();
    };

    // 12:02, a webhook at 12:01: the edit comes through the queue, no poll.
    env.sandbox()
        .linear()
        .set_title(&ident, "Via webhook")
        .unwrap();
    announce(&env, "d1", "2026-11-25T12:01:00Z");
    env.set_env("LPS_NOW", "2026-11-25T12:02:00Z");
    reset_counts(&env);
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(polls(&env), 0, "{out}");
    assert!(
        out.json()["linear_poll_skipped"]
            .as_str()
            .unwrap()
            .contains("webhooks are flowing"),
        "{out}"
    );
    assert_eq!(planner_title(&env, &task), "Via webhook");

    // 12:04: an edit no webhook announced (on another pair, whose task did not change
    // either) waits for the reconcile poll.
    let (task, ident) = nth_pair(&env, 1);
    env.sandbox()
        .linear()
        .set_title(&ident, "Missed by webhooks")
        .unwrap();
    env.set_env("LPS_NOW", "2026-11-25T12:04:00Z");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(polls(&env), 0);
    assert_ne!(planner_title(&env, &task), "Missed by webhooks");

    // 12:11, webhooks still flowing (12:10:30) but the last full poll is 11 minutes old.
    announce(&env, "d2", "2026-11-25T12:10:30Z");
    env.set_env("LPS_NOW", "2026-11-25T12:11:00Z");
    reset_counts(&env);
    let out = env.run(["--json", "sync"]);
    assert_eq!(polls(&env), 1, "{out}");
    assert!(out.json().get("linear_poll_skipped").is_none(), "{out}");
    assert_eq!(planner_title(&env, &task), "Missed by webhooks");

    // 12:13: flowing, polled 2 minutes ago → skipped again.
    env.set_env("LPS_NOW", "2026-11-25T12:13:00Z");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(polls(&env), 0);

    // 12:17: no webhook for 6.5 minutes → they stopped: a full poll every pass.
    env.sandbox().linear().set_title(&ident, "Polled").unwrap();
    env.set_env("LPS_NOW", "2026-11-25T12:17:00Z");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(polls(&env), 1);
    assert_eq!(planner_title(&env, &task), "Polled");
    env.set_env("LPS_NOW", "2026-11-25T12:18:00Z");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(polls(&env), 1);
}
