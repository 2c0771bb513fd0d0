//! Issue copies (store/issue_copies.rs) end to end: a Planner-side change of a pair whose
//! issue the full poll does not report is merged against the copy, without reading the issue;
//! a Linear change the bridge saw but did not merge (a dead letter) leaves no copy, so the
//! next Planner-side change reads the issue and carries that change over too.

use linear_planner_sync::engine::ports::RemoteIssue;
use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::faults::{FaultKind, Times};
use linear_planner_sync::store::{issue_copies, links};
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo;
use crate::test_sync_failures::patch_fault;

/// Mapped, bootstrapped and settled, with two tries per write.
fn synced() -> TestEnv {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    let path = env.write("lps.toml", "[sync]\nretry_attempts = 2\n");
    env.set_env("LPS_CONFIG", &path.display().to_string());
    demo::map(&env, &[]);
    env.run(["bootstrap"]).success();
    env.run(["sync"]).success();
    env
}

/// A pair whose issue has a copy after a Planner-side change (priority Urgent) of every pair:
/// (task id, issue identifier). (Pairs whose issue is in a cycle or has sub-issues may not
/// get one: their answer must show exactly the shadow's face, rich fields included.)
fn a_copied_pair(env: &TestEnv) -> (String, String) {
    let live = links::live(env.store().conn(), MappingId(1)).expect("links");
    for link in &live {
        env.sandbox()
            .graph()
            .patch_task(&link.task_id.0, json!({"priority": 1}))
            .unwrap();
    }
    env.run(["sync"]).success();
    let link = live
        .into_iter()
        .find(|l| {
            issue_copies::get::<RemoteIssue>(env.store().conn(), l.id)
                .expect("copy")
                .is_some()
        })
        .expect("a pair with an issue copy");
    (link.task_id.0, link.issue_identifier.unwrap_or_default())
}

/// Issues read by id or for their rich fields since the counters were reset.
fn issue_reads(env: &TestEnv) -> u64 {
    let ops = env.sandbox().linear().operation_counts();
    [
        "PortIssuesByIdQuery",
        "RichIssuesQuery",
        "RichWithTeamQuery",
        "IssueSnapshotsQuery",
    ]
    .iter()
    .filter_map(|op| ops.get(*op))
    .sum()
}

fn sync_counting(env: &TestEnv) -> u64 {
    env.sandbox().linear().reset_operation_counts();
    env.run(["sync"]).success();
    issue_reads(env)
}

#[test]
fn a_planner_change_is_merged_against_the_issue_copy_without_reading_the_issue() {
    let env = synced();
    // The first Planner-side change writes the issue; its answer becomes the copy.
    let (task, key) = a_copied_pair(&env);
    let graph = env.sandbox().graph();
    assert_eq!(env.sandbox().linear().issue(&key).unwrap().priority, 1);
    // The next one reads nothing of the issue: the poll did not report it.
    graph.patch_task(&task, json!({"priority": 9})).unwrap();
    let reads = sync_counting(&env);
    let ops = env.sandbox().linear().operation_counts();
    assert_eq!(reads, 0, "{ops:?}");
    let issue = env.sandbox().linear().issue(&key).unwrap();
    assert_eq!(issue.priority, 4);

    // A Linear edit in between is reported by the poll, which drops the copy (the polled
    // issue is not whole, so the merge keeps none): the next Planner-side change reads the
    // issue, and both edits stand.
    env.sandbox()
        .linear()
        .set_title(&key, "Edited in Linear")
        .unwrap();
    env.run(["sync"]).success();
    let title = graph.task(&task).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.ends_with("Edited in Linear"), "{title}");
    graph.patch_task(&task, json!({"priority": 1})).unwrap();
    assert!(sync_counting(&env) > 0, "the issue was read");
    let issue = env.sandbox().linear().issue(&key).unwrap();
    assert_eq!(
        (issue.title.as_str(), issue.priority),
        ("Edited in Linear", 1)
    );
}

#[test]
fn a_linear_change_left_in_the_dead_letters_leaves_no_copy_behind() {
    let env = synced();
    let (task, key) = a_copied_pair(&env);
    let graph = env.sandbox().graph();

    // A Linear edit whose Planner write keeps failing: a dead letter, and the poll's cursor
    // moves past it.
    env.sandbox()
        .linear()
        .set_title(&key, "Seen, not merged")
        .unwrap();
    env.sandbox()
        .faults()
        .add(patch_fault(&task, FaultKind::InternalError, Times::Always));
    let out = env.run(["sync"]);
    assert_eq!(out.status, 1, "{out}");
    assert!(out.stdout.contains("1 dead-lettered"), "{out}");
    env.sandbox().faults().clear();

    // A Planner-side change next: the issue is read (no copy vouches for it any more), so
    // the Linear edit is carried over with it instead of being lost behind a stale copy.
    graph.patch_task(&task, json!({"priority": 9})).unwrap();
    assert!(sync_counting(&env) > 0, "the issue was read");
    let title = graph.task(&task).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.ends_with("Seen, not merged"), "{title}");
    assert_eq!(env.sandbox().linear().issue(&key).unwrap().priority, 4);
}
