//! `bootstrap` meets the spec's mapping-wide failure rows as `sync` does: credentials rejected
//! twice → every mapping paused, alert, exit 3; a permission missing → alert naming it; the
//! plan deleted → that mapping disabled (links kept), alert, the other mappings bootstrapped.

use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::store::links;

use crate::common::TestEnv;

const PLAN: &str = "plan-demo";

fn map(env: &TestEnv, project: &str, plan: &str) {
    env.run([
        "map",
        "add",
        "--project",
        project,
        "--team",
        "ENG",
        "--plan",
        plan,
        "--yes",
    ])
    .success();
}

/// The demo sandbox with two mappings: Website ↔ the demo plan, Mobile App ↔ a new plan.
fn two_mappings() -> TestEnv {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let graph = env.sandbox().graph();
    graph
        .add_plan("sandbox-group", "plan-mobile", "Mobile")
        .unwrap();
    for bucket in ["To do", "In progress", "Done"] {
        graph.add_bucket("plan-mobile", bucket).unwrap();
    }
    map(&env, "Website Relaunch", PLAN);
    map(&env, "Mobile App", "plan-mobile");
    env
}

fn states(env: &TestEnv) -> Vec<String> {
    env.run(["--json", "map", "list"])
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["state"].as_str().unwrap().to_string())
        .collect()
}

fn linked(env: &TestEnv, mapping: i64) -> usize {
    links::live(env.store().conn(), MappingId(mapping))
        .unwrap()
        .len()
}

#[test]
fn bootstrap_401_twice_pauses_every_mapping_alerts_and_exits_3() {
    let env = two_mappings();
    for path in ["/v1.0", "/beta"] {
        env.sandbox()
            .faults()
            .add(Fault::new(path, FaultKind::ExpiredToken).times(Times::Always));
    }
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 3, "{out}");
    assert!(out.stderr.contains("authentication failed"), "{out}");
    assert_eq!(states(&env), ["paused", "paused"]);
    let status = env.run(["--json", "status"]).json();
    assert_eq!(status["alerts"][0]["condition"], "auth", "{status}");
    assert_eq!(env.sandbox().requests().graph_writes(), 0);

    // Fixed and re-enabled: the bootstrap goes through and the alert clears.
    env.sandbox().faults().clear();
    env.run(["map", "enable", "1"]).success();
    env.run(["map", "enable", "2"]).success();
    env.run(["bootstrap"]).success();
    assert!(linked(&env, 1) > 0 && linked(&env, 2) > 0);
    assert_eq!(env.run(["status"]).status, 0, "healthy again");
}

#[test]
fn bootstrap_403_raises_an_alert_naming_the_scope() {
    let env = two_mappings();
    for path in ["/v1.0/planner", "/beta/planner"] {
        env.sandbox()
            .faults()
            .add(Fault::new(path, FaultKind::ForbiddenEmptyCode).times(Times::Always));
    }
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stderr.contains("Tasks.ReadWrite.All"), "{out}");
    assert_eq!(env.sandbox().requests().graph_writes(), 0);
    let status = env.run(["--json", "status"]).json();
    let alerts = &status["mappings"][0]["open_alerts"];
    assert_eq!(alerts[0]["condition"], "forbidden", "{status}");
    assert_eq!(states(&env), ["ok", "ok"], "a missing scope pauses nothing");

    env.sandbox().faults().clear();
    env.run(["bootstrap"]).success();
    assert_eq!(env.run(["status"]).status, 0, "the alert cleared");
}

#[test]
fn bootstrap_of_a_deleted_plan_disables_that_mapping_and_does_the_others() {
    let env = two_mappings();
    env.run(["bootstrap", "--mapping", "1"]).success();
    let kept = linked(&env, 1);
    env.sandbox().graph().delete_plan(PLAN).unwrap();
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stderr.contains("disabled, links kept"), "{out}");
    assert_eq!(states(&env), ["disabled", "ok"]);
    assert_eq!(linked(&env, 1), kept, "links kept");
    assert_eq!(
        env.sandbox().graph().plan_tasks("plan-mobile").len(),
        linked(&env, 2),
        "the other mapping was bootstrapped"
    );
    assert!(linked(&env, 2) >= 5, "{}", linked(&env, 2));
    // Announced once; the disabled mapping is skipped from now on.
    env.run(["bootstrap"]).success();
}
