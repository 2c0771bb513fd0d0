//! A Linear backlog longer than one poll page: the pairs of the first pages are written while
//! the later pages are read (engine/early.rs), and every change still lands exactly once,
//! a pair changed on both sides included.

use linear_planner_sync::linear::port_queries::POLL_PAGE;
use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::sandbox::linear::LimitConfig;
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo::{self, PLAN};
use crate::test_sync_concurrency::linked_pairs;

/// A mapping with more linked pairs than three poll pages, every issue's title edited in
/// Linear (in link order, so the first pair's edit comes first in the poll); its pairs.
fn with_backlog() -> (TestEnv, Vec<(String, String)>) {
    let env = demo::bootstrapped();
    // Linear's hourly budgets are not what this test is about.
    env.sandbox().linear().set_limits(LimitConfig {
        requests_per_hour: 1_000_000_000,
        complexity_per_hour: 1_000_000_000_000,
        ..LimitConfig::default()
    });
    env.run(["sync"]).success();
    // Four poll pages. The last is left for the end of the pass; a page is handed on once its
    // rich fields are read, so the pages before the last may come in together, but not all of
    // them before the first is taken (each is a round trip after the one before).
    for i in 0..3 * POLL_PAGE + 20 {
        env.sandbox()
            .graph()
            .create_task(
                PLAN,
                json!({"bucketId": "bucket-todo", "title": format!("Backlog {i}")}),
            )
            .unwrap();
    }
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let pairs = linked_pairs(&env);
    assert!(pairs.len() > 3 * POLL_PAGE, "{} pairs", pairs.len());
    for (_, issue) in &pairs {
        let title = env.sandbox().linear().issue(issue).unwrap().title;
        env.sandbox()
            .linear()
            .set_title(issue, &format!("{title} (edited)"))
            .unwrap();
    }
    (env, pairs)
}

/// Every task shows its issue's title.
fn assert_titles_landed(env: &TestEnv, pairs: &[(String, String)]) {
    for (task, issue) in pairs {
        let want = env.sandbox().linear().issue(issue).unwrap().title;
        let task = env.sandbox().graph().task(task).unwrap();
        let title = task["title"].as_str().unwrap();
        assert_eq!(crate::common::without_cycle_prefix(title), want);
    }
}

/// The Planner task PATCHes since the last reset, single or in `$batch`es.
fn task_patches(env: &TestEnv) -> u64 {
    let requests = env.sandbox().requests();
    requests.by_route("PATCH", "/v1.0/planner/tasks/{id}")
        + requests.batch_items_by_route("PATCH", "/v1.0/planner/tasks/{id}")
}

/// The next pass writes nothing on either side.
fn assert_converged(env: &TestEnv) {
    let out = env.run(["--json", "sync"]);
    let report = &out.json()["mappings"][0];
    assert_eq!(
        (&report["updated_tasks"], &report["updated_issues"]),
        (&json!(0), &json!(0)),
        "converged: {report}"
    );
}

#[test]
fn a_backlog_is_written_while_the_poll_reads_on_and_lands_once() {
    let (env, pairs) = with_backlog();
    // The first pair's task changes in Planner too, so it waits for the end of the poll and
    // merges both edits.
    let (both_task, both_issue) = pairs[0].clone();
    let (linear_want, planner_set) =
        match env.sandbox().linear().issue(&both_issue).unwrap().priority {
            4 => (1, 1),
            _ => (4, 9),
        };
    env.sandbox()
        .graph()
        .patch_task(&both_task, json!({"priority": planner_set}))
        .unwrap();
    env.sandbox().reset_requests();

    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    let report = &out.json()["mappings"][0];
    assert_eq!(report["complete"], true, "{report}");
    let early = report["written_during_poll"].as_u64().unwrap_or(0);
    assert!(
        early > 0 && early < pairs.len() as u64,
        "the first page's pairs are written before the last page is read, the rest after: \
         {early} of {}",
        pairs.len()
    );
    assert_eq!(report["updated_tasks"], pairs.len() as u64, "{report}");
    assert_titles_landed(&env, &pairs);
    assert_eq!(
        task_patches(&env),
        pairs.len() as u64,
        "one PATCH per task, none repeated"
    );
    // Both edits of the pair changed on both sides landed.
    let both = env.sandbox().graph().task(&both_task).unwrap();
    assert_eq!(both["priority"], planner_set, "{both}");
    assert!(
        both["title"].as_str().unwrap().ends_with("(edited)"),
        "{both}"
    );
    assert_eq!(
        env.sandbox().linear().issue(&both_issue).unwrap().priority,
        linear_want
    );

    assert_converged(&env);
}

#[test]
fn a_backlog_cut_short_by_the_op_budget_is_finished_by_the_next_pass_once() {
    let (env, pairs) = with_backlog();
    env.sandbox().reset_requests();
    let out = env.run(["--json", "sync", "--max-ops", "150"]);
    let report = &out.json()["mappings"][0];
    assert_eq!(report["stop_kind"], "budget", "{report}");
    assert_eq!(report["complete"], false, "{report}");
    let first = report["updated_tasks"].as_u64().unwrap();
    assert!((1..pairs.len() as u64).contains(&first), "{report}");
    // The cursor stayed: the next pass reads the backlog again and writes only the rest.
    let out = env.run(["--json", "sync"]);
    let report = &out.json()["mappings"][0];
    assert_eq!(report["complete"], true, "{report}");
    assert_eq!(
        report["updated_tasks"].as_u64().unwrap(),
        pairs.len() as u64 - first,
        "{report}"
    );
    assert_titles_landed(&env, &pairs);
    assert_eq!(
        task_patches(&env),
        pairs.len() as u64,
        "one PATCH per task over both passes"
    );
    assert_converged(&env);
}

#[test]
fn a_backlog_synced_through_faults_lands_once_and_converges() {
    let (env, pairs) = with_backlog();
    let tasks_before = env.sandbox().graph().plan_tasks(PLAN).len();
    let issues_before = env.sandbox().linear().issues().len();
    // Lost connections on Linear (poll pages among them: a poll that fails after early writes
    // fails the mapping, its cursor kept), `$batch` writes applied with their answers lost,
    // and 503s with Retry-After on Graph.
    let faults = [
        Fault::new("/linear/graphql", FaultKind::DropConnection)
            .method("POST")
            .times(Times::EveryNth(5)),
        Fault::new("/v1.0/$batch", FaultKind::DropAnswer).times(Times::EveryNth(4)),
        Fault::new(
            "/v1.0/",
            FaultKind::ServiceUnavailable {
                retry_after: Some("0.05".into()),
            },
        )
        .times(Times::Probability { p: 0.1, seed: 7 }),
    ];
    for fault in faults {
        env.sandbox().faults().add(fault);
    }
    let _ = env.run(["sync"]);
    env.sandbox().faults().clear();
    let _ = env.run(["sync"]);
    let _ = env.run(["dlq", "retry", "--all"]);
    let _ = env.run(["sync"]);

    assert_titles_landed(&env, &pairs);
    assert_eq!(env.sandbox().graph().plan_tasks(PLAN).len(), tasks_before);
    assert_eq!(env.sandbox().linear().issues().len(), issues_before);
    assert_eq!(linked_pairs(&env), pairs, "no link ended or added");
    assert_converged(&env);
}
