//! List mode (no beta delta): every pass lists the plan and reads the tasks whose etag differs
//! from the shadow's. A task that changed in nothing the bridge syncs is read once and its new
//! etag remembered, not read again on every pass.

use serde_json::json;

use crate::rel_world::{bootstrapped, pairs};

fn task_reads(env: &crate::common::TestEnv) -> u64 {
    let requests = env.sandbox().requests();
    requests.by_route("GET", "/v1.0/planner/tasks/{id}")
        + requests.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}")
}

#[test]
fn a_task_changed_in_an_unsynced_field_is_read_once_in_list_mode() {
    let env = bootstrapped("[graph]\napi = \"list\"\n");
    env.run(["sync"]).success();
    let (task, _) = pairs(&env)[0].clone();
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"startDateTime": "2027-01-04T00:00:00Z"}))
        .expect("patch");

    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 1, "the changed task is read");
    assert_eq!(env.sandbox().requests().graph_writes(), 0);

    env.sandbox().reset_requests();
    env.run(["sync"]).success();
    assert_eq!(task_reads(&env), 0, "and not again");
}
