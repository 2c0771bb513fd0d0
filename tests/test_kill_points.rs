//! Kill points: the real binary runs a scripted workload (creates both ways, field edits both
//! ways, label changes) and the sandbox SIGKILLs it right before, and separately right after,
//! its K-th write request, for every K of the workload. After each kill one clean `sync` must
//! leave no duplicate, every edit on both sides, an audit row behind every link, nothing
//! dead-lettered and a sound database; a second `sync` must write nothing.
//!
//! Linked pairs run concurrently and creates go out in batches, so the number and order of a
//! run's writes vary from run to run: K is "the K-th write, whatever it is". A run that ends
//! before its K-th write was not killed; the invariants are still checked after it, and its K is
//! covered by the kill points before it. The points tried go up to the longest run seen.

use std::process::Stdio;

use linear_planner_sync::sandbox::kill::KillWhen;

use crate::common::TestEnv;
use crate::rel_world::{Expected, bootstrapped, human_workload, reset_counts, violations, writes};

/// A fresh world with the workload's human edits made, not yet synced.
fn world() -> (TestEnv, Expected) {
    let env = bootstrapped("[sync]\nretry_attempts = 2\n");
    let mut expected = Expected::baseline(&env);
    human_workload(&env, "KP", &mut expected);
    (env, expected)
}

/// Runs `sync` with the switch armed at write `k`; whether the process was killed.
fn sync_killed_at(env: &TestEnv, k: u64, when: KillWhen) -> bool {
    let child = env
        .command()
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let switch = env.sandbox().faults().kill_switch();
    switch.arm(child.id(), k, when);
    let out = child.wait_with_output().expect("wait");
    switch.disarm();
    let killed = switch.fired();
    if !killed {
        assert_eq!(
            out.status.code(),
            Some(0),
            "unkilled run at K={k}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    killed
}

#[test]
fn a_kill_before_or_after_any_write_loses_and_duplicates_nothing() {
    // How many writes the workload takes when nothing goes wrong.
    let (env, expected) = world();
    assert!(!sync_killed_at(&env, u64::MAX, KillWhen::After));
    let total = env.sandbox().faults().kill_switch().writes_seen();
    let log = env.sandbox().faults().kill_switch().write_log();
    eprintln!("the workload's writes: {log:#?}");
    assert!(total >= 8, "the workload writes on both sides: {total}");
    let bad = violations(&env, &expected, "no kill");
    assert!(bad.is_empty(), "{bad:#?}");

    let mut tried = 0;
    let mut unkilled = 0;
    let mut failures = Vec::new();
    for when in [KillWhen::Before, KillWhen::After] {
        let mut longest = total;
        let mut k = 0;
        while k < longest {
            k += 1;
            // LPS_KILL_ONLY=after:3 replays one kill point (debugging).
            if let Ok(only) = std::env::var("LPS_KILL_ONLY")
                && only != format!("{when:?}:{k}").to_lowercase()
            {
                continue;
            }
            let (env, expected) = world();
            let context = format!("{when:?} write {k}/{longest}");
            if sync_killed_at(&env, k, when) {
                tried += 1;
            } else {
                // This run wrote fewer than K times: it ran to its end, unkilled.
                unkilled += 1;
                longest = longest.max(env.sandbox().faults().kill_switch().writes_seen());
            }
            let out = env.run(["sync"]);
            if out.status != 0 {
                failures.push(format!("{context}: the clean sync failed: {out}"));
                continue;
            }
            failures.extend(violations(&env, &expected, &context));
            reset_counts(&env);
            let again = env.run(["sync"]);
            if again.status != 0 || writes(&env) != (0, 0) {
                failures.push(format!(
                    "{context}: a second sync is not quiet ({:?} writes): {again}",
                    writes(&env)
                ));
            }
        }
    }
    eprintln!(
        "kill points tried: {tried}, runs that ended before their K: {unkilled} \
         ({total} writes in the first run, before and after each)"
    );
    assert!(
        std::env::var("LPS_KILL_ONLY").is_ok() || tried >= total,
        "too few kill points fired: {tried} for {total} writes"
    );
    assert!(failures.is_empty(), "{failures:#?}");
}

/// A kill right before and right after the task POST of a Linear-born issue: the next run
/// sends it again under the same intent, or adopts the task it made; the intent is closed
/// either way and the plan holds one task for the issue.
#[test]
fn a_kill_around_a_task_create_closes_its_intent_and_makes_one_task() {
    let fresh = || {
        let env = bootstrapped("[sync]\nretry_attempts = 2\n");
        let mut expected = Expected::baseline(&env);
        let linear = env.sandbox().linear();
        let (_, ident) = crate::rel_world::pairs(&env).remove(0);
        let title = "KT linear-born issue".to_string();
        linear
            .create_issue(linear_planner_sync::sandbox::linear::IssueDraft {
                team_id: linear_planner_sync::sandbox::linear::seed_id(
                    linear_planner_sync::sandbox::linear::ids::TEAM_ENG,
                ),
                title: title.clone(),
                description: Some("Made in Linear, the task must get it too".into()),
                project_id: linear.issue(&ident).and_then(|i| i.project_id),
                ..Default::default()
            })
            .expect("create issue");
        expected.created.push(title);
        expected.task_count += 1;
        expected.issue_count += 1;
        (env, expected)
    };
    let (env, _) = fresh();
    assert!(!sync_killed_at(&env, u64::MAX, KillWhen::After));
    let log = env.sandbox().faults().kill_switch().write_log();
    let post = log
        .iter()
        .position(|w| w == "POST /v1.0/planner/tasks")
        .unwrap_or_else(|| panic!("no task POST in {log:#?}")) as u64
        + 1;
    for when in [KillWhen::Before, KillWhen::After] {
        let (env, expected) = fresh();
        assert!(sync_killed_at(&env, post, when), "{when:?}: not killed");
        let store = env.store();
        let open = linear_planner_sync::store::intents::open(
            store.conn(),
            linear_planner_sync::model::ids::MappingId(1),
        )
        .unwrap();
        assert_eq!(open.len(), 1, "{when:?}: the kill left the intent open");
        env.run(["sync"]).success();
        let bad = violations(&env, &expected, &format!("{when:?} the task POST"));
        assert!(bad.is_empty(), "{bad:#?}");
        // Killed after the POST, the task never got its details: the adoption writes them.
        let task = env
            .sandbox()
            .graph()
            .plan_tasks(crate::rel_world::PLAN)
            .into_iter()
            .find(|t| {
                t["title"]
                    .as_str()
                    .is_some_and(|s| s.ends_with("KT linear-born issue"))
            })
            .expect("the task");
        let details = env.sandbox().graph().details(task["id"].as_str().unwrap());
        let description = details.as_ref().map(|d| d["description"].clone());
        assert!(
            description
                .as_ref()
                .and_then(|d| d.as_str())
                .is_some_and(|d| d.contains("the task must get it too")),
            "{when:?}: the description is lost: {details:?}"
        );
        reset_counts(&env);
        env.run(["sync"]).success();
        assert_eq!(writes(&env), (0, 0), "{when:?}: a quiet sync wrote");
    }
}
