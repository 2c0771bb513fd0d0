//! Errors on the item (`--surface-errors true`): a dead-lettered change leaves one comment on
//! its Linear issue (reason and dlq id), and one follow-up once it recovers; nothing in Planner.

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};

use crate::test_sync_control::{first_pair, mapped_with};

#[test]
fn a_dead_letter_is_announced_once_and_its_recovery_followed_up() {
    let mut env = mapped_with(&["--surface-errors", "true"]);
    let path = env.write("lps.toml", "[sync]\nretry_attempts = 2\n");
    env.set_env("LPS_CONFIG", &path.display().to_string());
    env.run(["bootstrap"]).success();
    let (task, ident) = first_pair(&env);
    let comments =
        |env: &crate::common::TestEnv| env.sandbox().linear().issue(&ident).unwrap().comments;
    let before = comments(&env).len();
    let details_before = env.sandbox().graph().details(&task).unwrap();
    env.sandbox()
        .linear()
        .set_title(&ident, "Blocked in Planner")
        .unwrap();
    env.sandbox().faults().add(
        Fault::new(
            &format!("/v1.0/planner/tasks/{task}"),
            FaultKind::ServiceUnavailable {
                retry_after: Some("0.05".into()),
            },
        )
        .method("PATCH")
        .times(Times::Always),
    );
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    let dlq = env.run(["--json", "dlq", "list"]).json();
    let id = dlq[0]["id"].as_i64().unwrap();
    let after = comments(&env);
    assert_eq!(after.len(), before + 1, "{after:?}");
    let note = after.last().unwrap();
    assert!(note.contains(&format!("dead letter `{id}`")), "{note}");
    assert!(note.contains("503") || note.contains("gave up"), "{note}");

    // Still failing on the next passes: no second comment.
    let _ = env.run(["sync"]);
    let _ = env.run(["dlq", "retry", &id.to_string()]);
    let dlq = env.run(["--json", "dlq", "list"]).json();
    assert_eq!(
        comments(&env).len(),
        before + 1,
        "{:?} {dlq}",
        comments(&env)
    );

    // Recovered: the retry applies it, the next pass follows up once.
    env.sandbox().faults().clear();
    env.run(["dlq", "retry", "--all"]).success();
    env.run(["sync"]).success();
    let after = comments(&env);
    assert_eq!(after.len(), before + 2, "{after:?}");
    assert!(after.last().unwrap().contains("syncs with Planner again"));
    env.run(["sync"]).success();
    assert_eq!(comments(&env).len(), before + 2);
    // Nothing about it was written to Planner.
    let details = env.sandbox().graph().details(&task).unwrap();
    assert_eq!(details["description"], details_before["description"]);
    let task = env.sandbox().graph().task(&task).unwrap();
    let title = task["title"].as_str().unwrap();
    // Planner shows the issue's cycle (if any) as a title prefix.
    assert_eq!(
        crate::common::without_cycle_prefix(title),
        "Blocked in Planner"
    );
}

/// Killed right after Linear took the announcement and before it was recorded: the rerun
/// sends the comment with the same id (recorded before the request), Linear refuses the taken
/// id, and the existing comment counts as written. One comment, not two.
#[test]
fn a_crash_between_the_comment_and_its_record_posts_it_once() {
    use std::process::Stdio;

    use linear_planner_sync::sandbox::kill::KillWhen;

    let mut env = mapped_with(&[]);
    let path = env.write("lps.toml", "[sync]\nretry_attempts = 2\n");
    env.set_env("LPS_CONFIG", &path.display().to_string());
    env.run(["bootstrap"]).success();
    let (task, ident) = first_pair(&env);
    let comments =
        |env: &crate::common::TestEnv| env.sandbox().linear().issue(&ident).unwrap().comments;
    let before = comments(&env).len();
    env.sandbox()
        .linear()
        .set_title(&ident, "Blocked in Planner")
        .unwrap();
    env.sandbox().faults().add(
        Fault::new(
            &format!("/v1.0/planner/tasks/{task}"),
            FaultKind::ServiceUnavailable {
                retry_after: Some("0.05".into()),
            },
        )
        .method("PATCH")
        .times(Times::Always),
    );
    // Dead-lettered while nothing is surfaced; then surfacing is switched on.
    assert_eq!(env.run(["sync"]).status, 1);
    env.sandbox().faults().clear();
    env.run(["map", "edit", "1", "--surface-errors", "true"])
        .success();

    // The announcement is the pass's first write: killed right after Linear applied it.
    let child = env
        .command()
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let switch = env.sandbox().faults().kill_switch();
    switch.arm(child.id(), 1, KillWhen::After);
    let out = child.wait_with_output().unwrap();
    switch.disarm();
    assert!(switch.fired(), "killed: {out:?}");
    assert_eq!(
        switch.write_log(),
        ["mutation PortCommentMutation"],
        "the kill hit the comment"
    );
    assert_eq!(comments(&env).len(), before + 1, "Linear has it");

    // The rerun finds it posted: no second comment, and it is recorded.
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let after = comments(&env);
    assert_eq!(after.len(), before + 1, "{after:?}");
    assert!(after.last().unwrap().contains("dead letter `"), "{after:?}");
    // Recorded as announced: the recovery follow-up comes once the letter is gone.
    let id = env.run(["--json", "dlq", "list"]).json()[0]["id"]
        .as_i64()
        .unwrap();
    env.run(["dlq", "drop", &id.to_string()]).success();
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let after = comments(&env);
    assert_eq!(after.len(), before + 2, "{after:?}");
    assert!(after.last().unwrap().contains("syncs with Planner again"));
}
