//! Progress of long passes: a bar with items, requests, rate and ETA on a terminal (driven in
//! tmux), and nothing at all without one.

use std::time::Duration;

use linear_planner_sync::sandbox::Seed;
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo::{self, PLAN};
use crate::test_map_wizard::{Tmux, exit_status, terminal_script};

/// Mapped, bootstrapped, then eight task titles changed in Planner.
fn with_pending_changes() -> TestEnv {
    let env = TestEnv::with_sandbox(Seed::Demo);
    demo::map(&env, &[]);
    env.run(["bootstrap"]).success();
    for (n, task) in env
        .sandbox()
        .graph()
        .plan_tasks(PLAN)
        .iter()
        .take(8)
        .enumerate()
    {
        env.sandbox()
            .graph()
            .patch_task(
                task["id"].as_str().unwrap(),
                json!({"title": format!("Renamed {n}")}),
            )
            .unwrap();
    }
    env
}

#[test]
fn a_long_sync_shows_items_requests_rate_and_eta_on_a_terminal() {
    let env = with_pending_changes();
    // Slow enough that the bar is on screen for a while.
    env.sandbox()
        .faults()
        .set_latency(Duration::from_millis(150));
    let tmux = Tmux::start(&terminal_script(&env, "sync"));
    // `requests` is set last when a mapping starts (an earlier frame may lack it: indicatif
    // draws the first change at once and skips the ones right after it).
    let screen = tmux.wait_for("requests");
    assert!(screen.contains("mapping 1"), "{screen}");
    assert!(screen.contains("items"), "{screen}");
    assert!(screen.contains("eta"), "{screen}");
    assert_eq!(exit_status(&env), 0, "{}", tmux.screen());
    let screen = tmux.screen();
    assert!(screen.contains("mapping 1: 8 issue(s) updated"), "{screen}");
    assert!(!screen.contains("items"), "the bar is cleared: {screen}");
}

#[test]
fn without_a_terminal_there_is_no_bar() {
    let env = with_pending_changes();
    let out = env.run(["sync"]);
    out.success();
    assert!(!out.stderr.contains("items"), "{out}");
    assert!(
        out.stdout.contains("mapping 1: 8 issue(s) updated"),
        "{out}"
    );
}
