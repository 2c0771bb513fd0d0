//! The spec's failure rows end to end: the real binary against the sandbox with injected
//! faults and human edits — dead letters and `dlq retry`, throttling, 401/403, a deleted plan,
//! an expired delta, a 412 mid-write, Linear's rate limit, plan capacity, and the webhook
//! queue drained by `sync`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use linear_planner_sync::linear::webhook::sign;
use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::sandbox::linear::SANDBOX_WEBHOOK_SECRET;
use linear_planner_sync::store::{links, queue};
use serde_json::json;

use crate::common::demo::{self, PLAN};
use crate::common::{NOW, TestEnv};

/// Mapped and bootstrapped, with `config` (TOML) as the config file.
fn synced(config: &str) -> TestEnv {
    let env = mapped(config);
    env.run(["bootstrap"]).success();
    env
}

/// The Website project mapped to the demo plan, with `config` (TOML) as the config file.
fn mapped(config: &str) -> TestEnv {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    let path = env.write("lps.toml", config);
    env.set_env("LPS_CONFIG", &path.display().to_string());
    demo::map(&env, &[]);
    env
}

/// (task id, issue identifier) of the live links of a mapping.
fn pairs(env: &TestEnv, mapping: i64) -> Vec<(String, String)> {
    links::live(env.store().conn(), MappingId(mapping))
        .expect("links")
        .into_iter()
        .map(|l| (l.task_id.0, l.issue_identifier.unwrap_or_default()))
        .collect()
}

/// The task's title without the cycle prefix Planner shows for issues in a cycle (issue 8).
fn title(env: &TestEnv, task: &str) -> String {
    let task = env.sandbox().graph().task(task).expect("task");
    let title = task["title"].as_str().unwrap_or_default();
    crate::common::without_cycle_prefix(title).to_string()
}

fn graph_writes(env: &TestEnv) -> u64 {
    env.sandbox().requests().graph_writes()
}

fn audit_actions(env: &TestEnv, action: &str) -> Vec<serde_json::Value> {
    let all = env.run(["--json", "audit", "--limit", "1000"]).json();
    all.as_array()
        .expect("audit rows")
        .iter()
        .filter(|r| r["action"] == action)
        .cloned()
        .collect()
}

pub(crate) fn patch_fault(task: &str, kind: FaultKind, times: Times) -> Fault {
    Fault::new(&format!("/v1.0/planner/tasks/{task}"), kind)
        .method("PATCH")
        .times(times)
}

const FAST_RETRIES: &str = "[sync]\nretry_attempts = 2\n";

fn throttled_write_is_dead_lettered_then_retried(kind: FaultKind) {
    let env = synced(FAST_RETRIES);
    let pairs = pairs(&env, 1);
    let (failing, other) = (&pairs[0], &pairs[1]);
    env.sandbox()
        .linear()
        .set_title(&failing.1, "Blocked by throttling")
        .unwrap();
    env.sandbox()
        .linear()
        .set_title(&other.1, "Goes through")
        .unwrap();
    env.sandbox()
        .faults()
        .add(patch_fault(&failing.0, kind, Times::Always));
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stdout.contains("1 dead-lettered"), "{out}");
    assert_eq!(
        title(&env, &other.0),
        "Goes through",
        "the other item applied"
    );
    assert_ne!(title(&env, &failing.0), "Blocked by throttling");
    let dlq = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(dlq.as_array().unwrap().len(), 1, "{dlq}");
    assert_eq!(dlq[0]["op_kind"], "update_pair");
    assert_eq!(dlq[0]["error_kind"], "exhausted");
    assert!(dlq[0]["request_id"].is_string(), "{dlq}");
    assert_eq!(audit_actions(&env, "dead_letter").len(), 1);

    // Still throttled: the retry fails, the letter stays with the attempt counted.
    let id = dlq[0]["id"].as_i64().unwrap().to_string();
    let out = env.run(["dlq", "retry", &id]);
    assert_eq!(out.status, 1, "{out}");
    let again = env.run(["--json", "dlq", "show", &id]).json();
    assert_eq!(again["attempts"], dlq[0]["attempts"].as_i64().unwrap() + 1);

    // The fault clears; meanwhile Planner's priority changed: the replay merges both.
    env.sandbox().faults().clear();
    env.sandbox()
        .graph()
        .patch_task(&failing.0, json!({"priority": 1}))
        .unwrap();
    let out = env.run(["dlq", "retry", "--all"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(title(&env, &failing.0), "Blocked by throttling");
    assert_eq!(
        env.sandbox().graph().task(&failing.0).unwrap()["priority"],
        1
    );
    assert_eq!(env.run(["--json", "dlq", "list"]).json(), json!([]));
    assert_eq!(audit_actions(&env, "dlq_retry").len(), 1);
    env.run(["sync"]).success();
}

#[test]
fn graph_429_beyond_the_attempts_is_dead_lettered_and_retry_applies_it() {
    throttled_write_is_dead_lettered_then_retried(FaultKind::TooManyRequests {
        retry_after: Some("0.05".into()),
    });
}

#[test]
fn graph_503_beyond_the_attempts_is_dead_lettered_and_retry_applies_it() {
    throttled_write_is_dead_lettered_then_retried(FaultKind::ServiceUnavailable {
        retry_after: Some("0.05".into()),
    });
}

/// A change that keeps failing is one dead letter, whatever re-fails it: the next pass (which
/// finds the change again) and `dlq retry` both update that row — attempts, error, time.
#[test]
fn a_change_that_keeps_failing_stays_one_dead_letter() {
    let mut env = synced(FAST_RETRIES);
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox().linear().set_title(&ident, "Stuck").unwrap();
    env.sandbox().faults().add(patch_fault(
        &task,
        FaultKind::ServiceUnavailable {
            retry_after: Some("0.01".into()),
        },
        Times::Always,
    ));
    assert_eq!(env.run(["sync"]).status, 1);
    let first = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");
    let id = first[0]["id"].as_i64().unwrap();
    let attempts = first[0]["attempts"].as_i64().unwrap();

    // A human edits the item again: the next pass re-fails its change, still one row.
    env.set_env("LPS_NOW", "2026-11-25T13:00:00Z");
    // (Whatever the pair's priority was: a value it did not have is an edit.)
    let was = env.sandbox().linear().issue(&ident).unwrap().priority;
    let priority = if was == 1 { 2 } else { 1 };
    env.sandbox()
        .linear()
        .set_priority(&ident, priority)
        .unwrap();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    let second = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(
        second.as_array().unwrap().len(),
        1,
        "after a pass: {second}"
    );
    assert_eq!(second[0]["id"], id);
    assert_eq!(second[0]["created_at"], first[0]["created_at"]);
    assert_eq!(second[0]["last_attempt_at"], "2026-11-25T13:00:00Z");
    assert_eq!(second[0]["attempts"], attempts + 1);
    let planner_priority = if priority == 1 { 1 } else { 3 };
    assert_eq!(
        second[0]["payload"]["to_planner"]["priority"], planner_priority,
        "the newer change"
    );
    let attempts = attempts + 1;

    // `dlq retry` of a still-failing change, twice, with another error the second time.
    for (n, (now, fault, said)) in [
        ("2026-11-25T14:00:00Z", None, "503"),
        (
            "2026-11-25T15:00:00Z",
            Some(FaultKind::InternalError),
            "500",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        env.set_env("LPS_NOW", now);
        if let Some(kind) = fault {
            env.sandbox().faults().clear();
            env.sandbox()
                .faults()
                .add(patch_fault(&task, kind, Times::Always));
        }
        let out = env.run(["dlq", "retry", &id.to_string()]);
        assert_eq!(out.status, 1, "{out}");
        let now_list = env.run(["--json", "dlq", "list"]).json();
        assert_eq!(
            now_list.as_array().unwrap().len(),
            1,
            "retry {n}: {now_list}"
        );
        let letter = &now_list[0];
        assert_eq!(letter["id"], id);
        assert_eq!(letter["attempts"], attempts + 1 + n as i64, "{letter}");
        assert_eq!(letter["last_attempt_at"], now, "{letter}");
        assert!(letter["error"].as_str().unwrap().contains(said), "{letter}");
    }

    env.sandbox().faults().clear();
    env.run(["dlq", "retry", "--all"]).success();
    assert_eq!(env.run(["--json", "dlq", "list"]).json(), json!([]));
    assert_eq!(title(&env, &task), "Stuck");
}

/// The same for a create: a Linear-born issue whose task POST keeps failing is one dead
/// letter however often it is retried, and the retry that succeeds makes one task.
#[test]
fn a_create_that_keeps_failing_stays_one_dead_letter() {
    let mut env = synced(FAST_RETRIES);
    let (_, ident) = pairs(&env, 1).remove(0);
    let linear = env.sandbox().linear();
    let project = linear.issue(&ident).unwrap().project_id;
    let post = || {
        Fault::new("/v1.0/planner/tasks", FaultKind::InternalError)
            .method("POST")
            .times(Times::Always)
    };
    env.sandbox().faults().add(post());
    linear
        .create_issue(linear_planner_sync::sandbox::linear::IssueDraft {
            team_id: linear_planner_sync::sandbox::linear::seed_id(
                linear_planner_sync::sandbox::linear::ids::TEAM_ENG,
            ),
            title: "Born in Linear, blocked in Planner".into(),
            project_id: project,
            ..Default::default()
        })
        .unwrap();
    let tasks_before = env.sandbox().graph().plan_tasks(PLAN).len();
    assert_eq!(env.run(["sync"]).status, 1);
    let first = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");
    let id = first[0]["id"].as_i64().unwrap();
    for (n, now) in ["2026-11-25T13:00:00Z", "2026-11-25T14:00:00Z"]
        .iter()
        .enumerate()
    {
        env.set_env("LPS_NOW", now);
        let out = env.run(["dlq", "retry", &id.to_string()]);
        assert_eq!(out.status, 1, "{out}");
        let _ = env.run(["sync"]);
        let list = env.run(["--json", "dlq", "list"]).json();
        assert_eq!(list.as_array().unwrap().len(), 1, "retry {n}: {list}");
        assert_eq!(list[0]["id"], id, "{list}");
        assert_eq!(list[0]["last_attempt_at"], *now, "{list}");
    }
    env.sandbox().faults().clear();
    env.run(["dlq", "retry", "--all"]).success();
    env.run(["sync"]).success();
    assert_eq!(env.run(["--json", "dlq", "list"]).json(), json!([]));
    let made = env
        .sandbox()
        .graph()
        .plan_tasks(PLAN)
        .iter()
        .filter(|t| {
            t["title"]
                .as_str()
                .is_some_and(|s| s.ends_with("Born in Linear, blocked in Planner"))
        })
        .count();
    assert_eq!(made, 1);
    assert_eq!(
        env.sandbox().graph().plan_tasks(PLAN).len(),
        tasks_before + 1
    );
    let open = linear_planner_sync::store::intents::open(env.store().conn(), MappingId(1));
    assert_eq!(
        open.unwrap(),
        vec![],
        "every retry went out under the first intent"
    );
}

#[test]
fn dlq_drop_is_audited_with_who() {
    let mut env = synced(FAST_RETRIES);
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "Never lands")
        .unwrap();
    env.sandbox()
        .faults()
        .add(patch_fault(&task, FaultKind::InternalError, Times::Always));
    assert_eq!(env.run(["sync"]).status, 1);
    env.set_env("USER", "alice");
    let id = env.run(["--json", "dlq", "list"]).json()[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    env.run(["dlq", "drop", &id]).success();
    let dropped = audit_actions(&env, "dlq_drop");
    assert_eq!(dropped.len(), 1);
    assert!(
        dropped[0]["detail"]
            .as_str()
            .unwrap()
            .contains("dropped by alice"),
        "{dropped:?}"
    );
}

#[test]
fn a_decimal_retry_after_is_honoured_and_the_write_lands() {
    let env = synced("");
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "After a pause")
        .unwrap();
    let kind = FaultKind::TooManyRequests {
        retry_after: Some("0.05".into()),
    };
    env.sandbox()
        .faults()
        .add(patch_fault(&task, kind, Times::Count(1)));
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(title(&env, &task), "After a pause");
    assert_eq!(env.sandbox().faults().list()[0].fired, 1);
}

#[test]
fn graph_401_twice_pauses_every_mapping_until_enabled() {
    let env = synced("");
    for path in ["/v1.0", "/beta"] {
        env.sandbox()
            .faults()
            .add(Fault::new(path, FaultKind::ExpiredToken).times(Times::Always));
    }
    let out = env.run(["sync"]);
    assert_eq!(out.status, 3, "{out}");
    assert!(out.stderr.contains("authentication failed"), "{out}");
    let maps = env.run(["--json", "map", "list"]).json();
    assert_eq!(maps[0]["state"], "paused", "{maps}");
    let status = env.run(["--json", "status"]);
    assert_eq!(status.status, 1, "{status}");
    let report = status.json();
    assert_eq!(report["healthy"], false);
    assert_eq!(report["alerts"][0]["condition"], "auth", "{report}");
    // Paused: a pass skips it (and writes nothing).
    env.sandbox().faults().clear();
    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(graph_writes(&env), 0);

    env.run(["map", "enable", "1"]).success();
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "Back in sync")
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(title(&env, &task), "Back in sync");
    let status = env.run(["status"]);
    assert_eq!(status.status, 0, "the auth alert cleared: {status}");
}

#[test]
fn graph_403_raises_an_alert_naming_the_scope_and_writes_nothing() {
    let env = synced("");
    let (_, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "Cannot land")
        .unwrap();
    for path in ["/v1.0/planner", "/beta/planner"] {
        env.sandbox()
            .faults()
            .add(Fault::new(path, FaultKind::ForbiddenEmptyCode).times(Times::Always));
    }
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stderr.contains("Tasks.ReadWrite.All"), "{out}");
    assert_eq!(graph_writes(&env), 0);
    assert_eq!(crate::common::demo::writes(&env).1, 0, "no Linear mutation");
    let status = env.run(["--json", "status"]).json();
    let alerts = &status["mappings"][0]["open_alerts"];
    assert_eq!(alerts[0]["condition"], "forbidden", "{status}");
    assert!(
        alerts[0]["message"]
            .as_str()
            .unwrap()
            .contains("Tasks.ReadWrite.All")
    );
    // Once granted, the next pass syncs and clears the alert.
    env.sandbox().faults().clear();
    env.run(["sync"]).success();
    assert_eq!(env.run(["status"]).status, 0);
}

#[test]
fn a_deleted_plan_disables_its_mapping_and_the_other_keeps_syncing() {
    let env = synced("");
    let graph = env.sandbox().graph();
    graph
        .add_plan("sandbox-group", "plan-mobile", "Mobile")
        .unwrap();
    for bucket in ["To do", "In progress", "Done"] {
        graph.add_bucket("plan-mobile", bucket).unwrap();
    }
    env.run([
        "map",
        "add",
        "--project",
        "Mobile App",
        "--team",
        "ENG",
        "--plan",
        "plan-mobile",
        "--yes",
    ])
    .success();
    env.run(["bootstrap", "--mapping", "2"]).success();
    let links_before = pairs(&env, 1).len();
    let (mobile_task, mobile_issue) = pairs(&env, 2).remove(0);
    graph.delete_plan(PLAN).unwrap();
    env.sandbox()
        .linear()
        .set_title(&mobile_issue, "Still syncing")
        .unwrap();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stderr.contains("disabled, links kept"), "{out}");
    assert_eq!(title(&env, &mobile_task), "Still syncing");
    let maps = env.run(["--json", "map", "list"]).json();
    assert_eq!(maps[0]["state"], "disabled", "{maps}");
    assert_eq!(maps[1]["state"], "ok", "{maps}");
    assert_eq!(pairs(&env, 1).len(), links_before, "links kept");
    // Announced once; the disabled mapping is skipped from now on.
    env.run(["sync"]).success();
}

#[test]
fn an_expired_delta_rereads_the_plan_without_duplicates() {
    let env = synced("");
    let tasks = env.sandbox().graph().plan_tasks(PLAN).len();
    let issues = env.sandbox().linear().issues().len();
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"title": "Edited before expiry"}))
        .unwrap();
    env.sandbox().graph().expire_delta_tokens();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert!(out.stderr.contains("re-reading the whole plan"), "{out}");
    assert_eq!(
        env.sandbox().linear().issue(&ident).unwrap().title,
        "Edited before expiry"
    );
    assert_eq!(env.sandbox().graph().plan_tasks(PLAN).len(), tasks);
    assert_eq!(env.sandbox().linear().issues().len(), issues);
    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(graph_writes(&env), 0, "converged");
}

#[test]
fn a_human_edit_between_read_and_write_is_kept() {
    let env = synced("");
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "From Linear")
        .unwrap();
    env.sandbox().faults().add(patch_fault(
        &task,
        FaultKind::Latency { ms: 1500 },
        Times::Count(1),
    ));
    let child = env
        .command()
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while env.sandbox().faults().list()[0].fired == 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "no PATCH seen");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The engine's PATCH is in flight with the etag it read: a human edits meanwhile.
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"priority": 1}))
        .unwrap();
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let patches = env.sandbox().faults().list()[0].seen;
    assert_eq!(patches, 2, "412, then the re-merged PATCH");
    let now = env.sandbox().graph().task(&task).unwrap();
    assert_eq!(title(&env, &task), "From Linear", "{now}");
    assert_eq!(now["priority"], 1, "the human edit is kept: {now}");
    assert_eq!(env.sandbox().linear().issue(&ident).unwrap().priority, 1);
    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(graph_writes(&env), 0, "converged");
}

#[test]
fn linear_ratelimited_is_retried_and_applied() {
    let env = synced("");
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"title": "Despite the rate limit"}))
        .unwrap();
    env.sandbox().faults().add(
        Fault::new(
            "/linear/graphql",
            FaultKind::LinearRateLimited { reset_ms: 50 },
        )
        .times(Times::Count(2)),
    );
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(env.sandbox().faults().list()[0].fired, 2);
    assert_eq!(
        env.sandbox().linear().issue(&ident).unwrap().title,
        "Despite the rate limit"
    );
}

#[test]
fn plan_capacity_alert_is_raised_once_and_cleared() {
    // After bootstrap the demo plan holds its tasks plus one per Website issue: above 20 × 0.5.
    let env = mapped("[graph]\nplan_task_limit = 20\ncapacity_alert_ratio = 0.5\n");
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 1, "an alert was raised: {out}");
    assert!(out.stderr.contains("of at most 20 tasks"), "{out}");
    let count = env.sandbox().graph().plan_tasks(PLAN).len();
    assert!(count >= 10, "{count}");
    let status = env.run(["--json", "status"]).json();
    let alerts = &status["mappings"][0]["open_alerts"];
    assert_eq!(alerts[0]["condition"], "capacity", "{status}");
    // Still above: one alert, no new announcement.
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "announced once: {out}");
    // Drop below the threshold: the alert clears.
    let tasks = env.sandbox().graph().plan_tasks(PLAN);
    for t in tasks.iter().take(count - 9) {
        env.sandbox()
            .graph()
            .delete_task(t["id"].as_str().unwrap())
            .unwrap();
    }
    env.run(["sync"]).success();
    let status = env.run(["--json", "status"]).json();
    assert_eq!(status["mappings"][0]["open_alerts"], json!([]), "{status}");
}

fn now_ms() -> i64 {
    let at = time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339)
        .expect("NOW");
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn ingest(env: &TestEnv, body: &str) {
    use std::io::Write;
    let mut child = env
        .command()
        .args(["webhook", "ingest", "--signature"])
        .arg(sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(body.as_bytes()).expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn sync_drains_the_webhook_queue_without_duplicate_work() {
    let mut env = synced("");
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    let (task, ident) = pairs(&env, 1).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "Via webhook")
        .unwrap();
    let issue = env.sandbox().linear().issue(&ident).unwrap();
    let event = |kind: &str, n: i64| {
        format!(
            r#"{{"action":"update","type":"{kind}","data":{{"id":"{}","title":"Via webhook"}},"actor":{{"id":"user-1"}},"url":"{}","createdAt":"{NOW}","webhookTimestamp":{}}}"#,
            issue.id,
            "https://linear.app/acme/issue/X",
            now_ms() + n
        )
    };
    ingest(&env, &event("Issue", 0));
    ingest(&env, &event("Comment", 1));
    let depth = || queue::depth(env.store().conn()).expect("depth");
    assert_eq!(depth(), 2);
    // A dry run drains nothing.
    env.run(["sync", "--dry-run"]).success();
    assert_eq!(depth(), 2);
    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(depth(), 0, "both events processed");
    assert_eq!(title(&env, &task), "Via webhook");
    let updates: Vec<_> = audit_actions(&env, "update_task")
        .into_iter()
        .filter(|r| r["task_id"] == task.as_str() && r["field"] == "title")
        .collect();
    assert_eq!(
        updates.len(),
        1,
        "one update, not one per source: {updates:?}"
    );
    assert_eq!(graph_writes(&env), 1, "one PATCH");
    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(graph_writes(&env), 0);
}
