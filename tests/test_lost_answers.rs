//! Writes whose answer is lost: the server applied them, then the connection dropped, so the
//! bridge cannot know they landed. When the next read shows our own value it must not be taken
//! for a human's edit: a human's later edit on the other side still wins (model/doubt.rs).

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};

use crate::rel_world::{bootstrapped, pairs};

#[test]
fn a_write_whose_answer_was_lost_is_not_taken_for_a_human_edit() {
    let env = bootstrapped("[sync]\nretry_attempts = 2\n");
    let (task, ident) = pairs(&env)[0].clone();
    let linear = env.sandbox().linear();
    let percent = |env: &crate::common::TestEnv| {
        env.sandbox().graph().task(&task).expect("task")["percentComplete"].clone()
    };
    let (percent_before, state_before) =
        (percent(&env), linear.issue(&ident).expect("issue").state);
    let (state, written) = if state_before == "Done" {
        ("In Progress", 50)
    } else {
        ("Done", 100)
    };

    // A human moves the issue; every PATCH of its task is applied but never answered.
    linear.set_state(&ident, state).expect("state");
    env.sandbox().faults().add(
        Fault::new(
            &format!("/v1.0/planner/tasks/{task}"),
            FaultKind::DropAnswer,
        )
        .method("PATCH")
        .times(Times::Always),
    );
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "dead-lettered: {out}");
    assert_eq!(percent(&env), written, "the write landed unseen");
    env.sandbox().faults().clear();

    // The human changes their mind before the next pass.
    linear.set_state(&ident, &state_before).expect("state");
    env.run(["sync"]).success();
    env.run(["dlq", "retry", "--all"]).success();
    env.run(["sync"]).success();

    assert_eq!(
        linear.issue(&ident).expect("issue").state,
        state_before,
        "the human's last edit stands in Linear"
    );
    assert_eq!(percent(&env), percent_before, "and reaches Planner");
}
