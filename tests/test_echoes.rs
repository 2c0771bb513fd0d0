//! Our own writes' echoes (store/echoes.rs): the pass after a write sees the task at the etag
//! our PATCH answered, or the issue at the `updatedAt` our checked `issueUpdate` answered, and
//! reads neither again; a human edit after our write moves that etag / instant and is synced
//! as always.

use std::process::Stdio;
use std::time::{Duration, Instant};

use linear_planner_sync::sandbox::{Fault, FaultKind, Times};

use crate::common::TestEnv;
use crate::common::demo::{bootstrapped, reset_counts, writes};
use crate::test_rich_fields::task_of;

const TASK: &str = "/v1.0/planner/tasks/{id}";

/// Task reads of the last passes, in `$batch`es or alone (a read too small to fill an
/// envelope may go alone: graph/batch.rs).
fn task_reads(env: &TestEnv) -> u64 {
    let requests = env.sandbox().requests();
    requests.batch_items_by_route("GET", TASK) + requests.by_route("GET", TASK)
}

/// Linear issue reads by id (the other half of a Planner-only change).
fn issue_reads(env: &TestEnv) -> u64 {
    env.sandbox()
        .linear()
        .operation_counts()
        .get("PortIssuesByIdQuery")
        .copied()
        .unwrap_or(0)
}

/// Linear → Planner description: a details write of ours in the next pass.
fn rewrite_description_in_linear(env: &TestEnv) {
    env.sandbox()
        .linear()
        .update_issue(
            "ENG-1",
            linear_planner_sync::sandbox::linear::IssuePatch {
                description: Some(Some("Rewritten in Linear.".into())),
                ..Default::default()
            },
        )
        .unwrap();
}

/// ENG-1's title without the cycle prefix Planner adds.
fn issue_title(env: &TestEnv) -> String {
    let issue = env.sandbox().linear().issue("ENG-1").unwrap();
    crate::common::without_cycle_prefix(&issue.title).to_string()
}

fn settled() -> TestEnv {
    let env = bootstrapped();
    for _ in 0..2 {
        env.run(["sync"]).success();
    }
    env
}

#[test]
fn the_echo_of_a_task_patch_is_not_read_but_a_later_human_edit_is() {
    let env = settled();
    let task = task_of(&env, "ENG-1");
    // Linear → Planner: the pass writes the task with `If-Match`.
    env.sandbox().linear().set_priority("ENG-1", 1).unwrap();
    env.run(["sync"]).success();
    assert_eq!(env.sandbox().graph().task(&task).unwrap()["priority"], 1);

    // The delta reports our write; its etag is our PATCH's answer: nothing read, nothing written.
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0, "the echo was read");
    assert_eq!(writes(&env), (0, 0));

    // A human edit after our write changes the etag: read and synced.
    env.sandbox()
        .graph()
        .patch_task(
            &task,
            serde_json::json!({"title": "Edited after our write"}),
        )
        .unwrap();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 1);
    assert_eq!(issue_title(&env), "Edited after our write");
}

#[test]
fn the_echo_of_an_issue_update_is_not_read_but_a_later_human_edit_is() {
    let env = settled();
    let task = task_of(&env, "ENG-1");
    // Planner → Linear: the pass writes the issue; its answer is exactly the merge.
    env.sandbox()
        .graph()
        .patch_task(&task, serde_json::json!({"priority": 9}))
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(env.sandbox().linear().issue("ENG-1").unwrap().priority, 4);

    // The poll reports our write at the instant our issueUpdate answered: the task is not read.
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0, "the echo was read");
    assert_eq!(issue_reads(&env), 0);
    assert_eq!(writes(&env), (0, 0));

    // A human edit after our write moves `updatedAt`: read and synced.
    env.sandbox()
        .linear()
        .set_title("ENG-1", "Edited in Linear after our write")
        .unwrap();
    env.run(["sync"]).success();
    let title = env.sandbox().graph().task(&task).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        title.ends_with("Edited in Linear after our write"),
        "{title}"
    );
}

#[test]
fn the_echo_of_a_details_write_is_not_read_when_its_re_read_vouches_for_it() {
    let env = settled();
    // Linear → Planner description: a details write. The task is read again, then its
    // details: both show our write alone, so the task's new etag is our echo.
    rewrite_description_in_linear(&env);
    env.run(["sync"]).success();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(
        task_reads(&env),
        0,
        "a vouched details write's echo was read"
    );
    assert_eq!(issue_reads(&env), 0);
    assert_eq!(writes(&env), (0, 0));
    // The re-read task is the copy the next Linear edit is written from.
    env.sandbox().linear().set_priority("ENG-1", 1).unwrap();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0);
    let task = task_of(&env, "ENG-1");
    assert_eq!(env.sandbox().graph().task(&task).unwrap()["priority"], 1);
}

#[test]
fn a_human_details_edit_right_after_our_details_write_is_not_taken_for_our_echo() {
    let env = settled();
    let task = task_of(&env, "ENG-1");
    rewrite_description_in_linear(&env);
    // Our re-read of the task after the details write is held back; meanwhile a human adds a
    // checklist item. The task's etag then stands for both writes: it must not be our echo.
    env.sandbox().faults().add(
        Fault::new(
            &format!("/v1.0/planner/tasks/{task}"),
            FaultKind::Latency { ms: 1500 },
        )
        .method("GET")
        .times(Times::Count(1)),
    );
    let child = env
        .command()
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while env.sandbox().faults().list()[0].fired == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no re-read seen"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let details = env.sandbox().graph().details(&task).unwrap();
    let description = details["description"].as_str().unwrap_or_default();
    assert!(description.starts_with("Rewritten in Linear."), "{details}");
    env.sandbox()
        .graph()
        .add_checklist_item(&task, "Added by a human meanwhile")
        .unwrap();
    let out = child.wait_with_output().expect("wait");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The next pass reads the task and brings the item to Linear as a sub-issue.
    reset_counts(&env);
    env.run(["sync"]).success();
    assert!(
        task_reads(&env) >= 1,
        "the human's edit was taken for our echo"
    );
    let children: Vec<String> = crate::test_rich_fields::children(&env, "ENG-1")
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert!(
        children.iter().any(|t| t == "Added by a human meanwhile"),
        "{children:?}"
    );
}

#[test]
fn a_linear_edit_of_a_task_known_since_its_echo_is_written_without_reading_it() {
    // store/task_copies.rs: the task as its echo holds it is merged and written with its
    // etags while the Planner delta does not report it again.
    let env = settled();
    let task = task_of(&env, "ENG-1");
    reset_counts(&env);
    env.sandbox().linear().set_priority("ENG-1", 1).unwrap();
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0, "the copy stands for the task");
    assert_eq!(env.sandbox().graph().task(&task).unwrap()["priority"], 1);

    // Again, from the copy our PATCH answered.
    reset_counts(&env);
    env.sandbox()
        .linear()
        .set_title("ENG-1", "Renamed in Linear")
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0);
    let planner = env.sandbox().graph().task(&task).unwrap();
    assert!(
        planner["title"]
            .as_str()
            .unwrap()
            .ends_with("Renamed in Linear"),
        "{planner}"
    );
    assert_eq!(planner["priority"], 1, "{planner}");
}

#[test]
fn a_task_the_delta_reports_again_is_read_before_a_linear_edit_is_written() {
    let env = settled();
    let task = task_of(&env, "ENG-1");
    // Both sides edited before the pass: the delta reports the task at a new etag, so its
    // copy is stale and the task is read; both edits land.
    env.sandbox()
        .graph()
        .patch_task(&task, serde_json::json!({"title": "Renamed in Planner"}))
        .unwrap();
    env.sandbox().linear().set_priority("ENG-1", 1).unwrap();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 1);
    let planner = env.sandbox().graph().task(&task).unwrap();
    assert_eq!(planner["priority"], 1, "{planner}");
    assert!(
        planner["title"]
            .as_str()
            .unwrap()
            .ends_with("Renamed in Planner"),
        "{planner}"
    );
    assert_eq!(issue_title(&env), "Renamed in Planner");
}

#[test]
fn after_a_details_write_a_linear_edit_reads_the_task_first() {
    let env = settled();
    let task = task_of(&env, "ENG-1");
    rewrite_description_in_linear(&env);
    env.run(["sync"]).success();
    // The details write leaves no echo to vouch for a copy: a human details edit may already
    // be in the task. Without a pass in between, the next Linear edit reads the task.
    env.sandbox()
        .graph()
        .patch_details(
            &task,
            serde_json::json!({"description": "Edited in Planner."}),
        )
        .unwrap();
    env.sandbox().linear().set_priority("ENG-1", 1).unwrap();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 1);
    let issue = env.sandbox().linear().issue("ENG-1").unwrap();
    assert!(
        issue
            .description
            .as_deref()
            .unwrap_or_default()
            .contains("Edited in Planner."),
        "{issue:?}"
    );
    assert_eq!(env.sandbox().graph().task(&task).unwrap()["priority"], 1);
}

#[test]
fn the_first_sync_after_a_bootstrap_reads_no_task_the_bootstrap_wrote() {
    // The bootstrap's back-references and details writes moved the tasks' etags after their
    // pairs were merged; it read them again (task, then details) and recorded them as its
    // echoes. (The sub-issues it made for checklist items are reported by the next poll, and
    // their parents merged once more from the task copies: Linear reads only.)
    let env = bootstrapped();
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0, "a task the bootstrap wrote was read");
    assert_eq!(writes(&env), (0, 0));
    let ops = env.sandbox().linear().operation_counts();
    assert_eq!(ops.get("IssueSnapshotsQuery"), None, "{ops:?}");
}
