//! Every field row of the mapping table, both ways, end to end: the real binary against the
//! sandbox. Each row edits one side as a human would, runs `sync`, checks the other side, and
//! checks that the next pass writes nothing (no echo of our own write).

use linear_planner_sync::model::ids::{IssueId, TaskId};
use linear_planner_sync::sandbox::graph::seed::{ALICE, BOB, CAROL, DAVE};
use linear_planner_sync::sandbox::linear::{IssuePatch, IssueView};
use linear_planner_sync::store::links;
use serde_json::{Value, json};

use crate::common::demo::{self, PLAN, writes};
use crate::common::{CommandOutput, TestEnv};

/// Seeded with bucket "To do", 0 %, priority 1, categories Urgent (colour) and Bug, assigned
/// to Alice (alice@contoso.example).
const TASK: &str = "task-demo-01";

/// The demo sandbox mapped (Website Relaunch ↔ the demo plan) and bootstrapped.
pub use demo::bootstrapped as synced;

/// The identifier of the issue linked to a task.
pub fn ident_of(env: &TestEnv, task: &str) -> String {
    links::live_by_task(env.store().conn(), &TaskId(task.into()))
        .expect("links")
        .and_then(|l| l.issue_identifier)
        .unwrap_or_else(|| panic!("{task} is not linked"))
}

fn task(env: &TestEnv, id: &str) -> Value {
    env.sandbox().graph().task(id).expect("task")
}

/// The human part of the task's description: Linear comments are appended below a separator
/// (issue 8) and are not what these rows are about.
fn description(env: &TestEnv, id: &str) -> String {
    let details = env.sandbox().graph().details(id).expect("details");
    let text = details["description"].as_str().unwrap_or_default();
    match text.split_once("\n\n——— Linear comments ———\n") {
        Some((human, _)) => human.to_string(),
        None => text.to_string(),
    }
}

fn issue(env: &TestEnv, ident: &str) -> IssueView {
    env.sandbox().linear().issue(ident).expect("issue")
}

#[track_caller]
fn sync(env: &TestEnv) {
    let _ = sync_output(env);
}

#[track_caller]
fn sync_output(env: &TestEnv) -> CommandOutput {
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    out
}

/// The next pass writes nothing: what we wrote is not read back as an edit.
#[track_caller]
fn assert_converged(env: &TestEnv) {
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    let out = sync_output(env);
    assert_eq!(writes(env), (0, 0), "no echo: {out}");
}

fn bucket(env: &TestEnv, name: &str) -> String {
    env.sandbox()
        .graph()
        .bucket_id(PLAN, name)
        .unwrap_or_else(|| panic!("no bucket {name}"))
}

fn set_description(env: &TestEnv, ident: &str, markdown: &str) {
    env.sandbox()
        .linear()
        .update_issue(
            ident,
            IssuePatch {
                description: Some(Some(markdown.into())),
                ..IssuePatch::default()
            },
        )
        .unwrap();
}

fn categories(task: &Value) -> Vec<String> {
    let mut on: Vec<String> = task["appliedCategories"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, v)| v.as_bool() == Some(true))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    on.sort();
    on
}

fn assignees(task: &Value) -> Vec<String> {
    let mut ids: Vec<String> = task["assignments"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

fn assignment() -> Value {
    json!({"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"})
}

#[test]
fn title_both_ways() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"title": "Landing page, from Planner"}))
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).title, "Landing page, from Planner");
    assert_converged(&env);

    env.sandbox()
        .linear()
        .set_title(&ident, "Landing page, from Linear")
        .unwrap();
    sync(&env);
    assert_eq!(task(&env, TASK)["title"], "Landing page, from Linear");
    assert_converged(&env);
}

#[test]
fn description_markdown_to_plain_and_plain_to_literal_markdown() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    set_description(
        &env,
        &ident,
        "Ship the **new** hero. See [the spec](https://contoso.example/spec) first.\n\n- fast\n- accessible",
    );
    sync(&env);
    assert_eq!(
        description(&env, TASK),
        "Ship the new hero. See the spec (https://contoso.example/spec) first.\n\n- fast\n- accessible"
    );
    assert_converged(&env);

    // Planner is plain text: what a person types there must render as typed in Linear.
    let typed = "Use *stars* and _underscores_\n# not a heading\n1. not a list";
    env.sandbox()
        .graph()
        .patch_details(TASK, json!({"description": typed}))
        .unwrap();
    sync(&env);
    assert_eq!(
        issue(&env, &ident).description.as_deref(),
        Some("Use \\*stars\\* and \\_underscores\\_\n\\# not a heading\n1\\. not a list")
    );
    assert_eq!(
        description(&env, TASK),
        typed,
        "Planner keeps what was typed"
    );
    assert_converged(&env);
}

#[test]
fn bucket_and_percent_become_the_state_and_back() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    assert_eq!(issue(&env, &ident).state, "Todo");

    // Bucket moved: the state follows, and percentComplete follows the state.
    env.sandbox()
        .graph()
        .move_task(TASK, "In progress")
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).state, "In Progress");
    assert_eq!(task(&env, TASK)["percentComplete"], 50);
    assert_converged(&env);

    // Only percentComplete changed: 100 % → the first completed state. The bucket is the
    // person's to move (many complete tasks where they are): it stays.
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"percentComplete": 100}))
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).state, "Done");
    assert_eq!(task(&env, TASK)["bucketId"], bucket(&env, "In progress"));
    assert_converged(&env);

    // Both changed, and they disagree: the bucket decides, percentComplete follows it.
    env.sandbox()
        .graph()
        .patch_task(
            TASK,
            json!({"bucketId": bucket(&env, "To do"), "percentComplete": 50}),
        )
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).state, "Todo");
    assert_eq!(task(&env, TASK)["percentComplete"], 0);
    assert_converged(&env);

    // Linear → Planner: a started state moves the bucket and sets 50 %.
    env.sandbox()
        .linear()
        .set_state(&ident, "In Review")
        .unwrap();
    sync(&env);
    let t = task(&env, TASK);
    assert_eq!(t["bucketId"], bucket(&env, "In progress"), "{t}");
    assert_eq!(t["percentComplete"], 50);
    assert_converged(&env);

    // Canceled counts as done in Planner.
    env.sandbox()
        .linear()
        .set_state(&ident, "Canceled")
        .unwrap();
    sync(&env);
    assert_eq!(task(&env, TASK)["percentComplete"], 100);
    assert_converged(&env);
}

#[test]
fn due_date_both_ways_date_only() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"dueDateTime": "2027-03-04T00:00:00Z"}))
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).due_date.as_deref(), Some("2027-03-04"));
    assert_converged(&env);

    env.sandbox()
        .linear()
        .set_due(&ident, Some("2027-04-30"))
        .unwrap();
    sync(&env);
    assert_eq!(task(&env, TASK)["dueDateTime"], "2027-04-30T00:00:00Z");
    assert_converged(&env);

    // Cleared in Planner: cleared in Linear.
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"dueDateTime": null}))
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).due_date, None);
    assert_converged(&env);

    env.sandbox()
        .linear()
        .set_due(&ident, Some("2027-05-01"))
        .unwrap();
    sync(&env);
    env.sandbox().linear().set_due(&ident, None).unwrap();
    sync(&env);
    assert_eq!(task(&env, TASK)["dueDateTime"], Value::Null);
    assert_converged(&env);
}

#[test]
fn priority_both_ways_with_its_colour_category() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    // Seeded: Planner 1 (urgent) → Linear 1 (Urgent).
    assert_eq!(issue(&env, &ident).priority, 1);
    for (planner, linear) in [(9, 4), (5, 3), (3, 2), (0, 1)] {
        env.sandbox()
            .graph()
            .patch_task(TASK, json!({"priority": planner}))
            .unwrap();
        sync(&env);
        assert_eq!(issue(&env, &ident).priority, linear, "Planner {planner}");
        assert_converged(&env);
    }

    // Linear → Planner: the spec's value, and the colour category of the level (config
    // defaults: urgent = category1, high = category2, medium = category3, low = category4).
    for (linear, planner, colour) in [
        (2, 3, "category2"),
        (4, 9, "category4"),
        (3, 5, "category3"),
        (1, 1, "category1"),
    ] {
        env.sandbox().linear().set_priority(&ident, linear).unwrap();
        sync(&env);
        let t = task(&env, TASK);
        assert_eq!(t["priority"], planner, "Linear {linear}: {t}");
        assert_eq!(
            categories(&t),
            vec![colour.to_string(), "category5".to_string()],
            "one colour, the Bug label kept: {t}"
        );
        assert_converged(&env);
    }

    // No priority in Linear → Planner's 5, which Planner shows as medium (and colours so).
    env.sandbox().linear().set_priority(&ident, 0).unwrap();
    sync(&env);
    let t = task(&env, TASK);
    assert_eq!(t["priority"], 5, "{t}");
    assert_eq!(categories(&t), ["category3", "category5"], "{t}");
    assert_converged(&env);
    assert_eq!(issue(&env, &ident).priority, 0, "no flip to Medium");
}

#[test]
fn labels_and_categories_are_added_and_removed_one_by_one() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    // Seeded: category5 = "Bug" on the task; the issue got the Bug label at creation.
    assert_eq!(issue(&env, &ident).labels, vec!["Bug".to_string()]);

    // Linear adds Feature and removes Bug: Planner's category6 on, category5 off; the colour
    // category (category1) is not a label and stays.
    env.sandbox().linear().add_label(&ident, "Feature").unwrap();
    env.sandbox().linear().remove_label(&ident, "Bug").unwrap();
    sync(&env);
    assert_eq!(
        categories(&task(&env, TASK)),
        vec!["category1".to_string(), "category6".to_string()]
    );
    assert_converged(&env);

    // Concurrently: Planner adds Bug back while Linear adds Improvement (no category of that
    // name in the plan: it stays in Linear only). Both kept.
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"appliedCategories": {"category5": true}}))
        .unwrap();
    env.sandbox()
        .linear()
        .add_label(&ident, "Improvement")
        .unwrap();
    sync(&env);
    let mut labels = issue(&env, &ident).labels;
    labels.sort();
    assert_eq!(labels, ["Bug", "Feature", "Improvement"]);
    assert_eq!(
        categories(&task(&env, TASK)),
        ["category1", "category5", "category6"]
    );
    assert_converged(&env);

    // Planner removes Feature: only that label goes.
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"appliedCategories": {"category6": false}}))
        .unwrap();
    sync(&env);
    let mut labels = issue(&env, &ident).labels;
    labels.sort();
    assert_eq!(labels, ["Bug", "Improvement"]);
    assert_converged(&env);

    // A category whose name has no Linear label: the label is created in the team, once.
    env.sandbox()
        .graph()
        .set_category_name(PLAN, 7, Some("Docs"))
        .unwrap();
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"appliedCategories": {"category7": true}}))
        .unwrap();
    sync(&env);
    let mut labels = issue(&env, &ident).labels;
    labels.sort();
    assert_eq!(labels, ["Bug", "Docs", "Improvement"]);
    let created = env
        .sandbox()
        .linear()
        .operation_counts()
        .iter()
        .filter(|(op, _)| op.contains("LabelCreate"))
        .map(|(_, n)| *n)
        .sum::<u64>();
    assert_eq!(created, 1, "one label created");
    assert_converged(&env);
}

#[test]
fn assignee_both_ways_by_email_whatever_the_case() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    // Nobody in Linear has alice@contoso.example yet: the issue stayed unassigned.
    assert_eq!(issue(&env, &ident).assignee, None);
    // People join Linear with their work addresses (spelled as they typed them).
    let linear = env.sandbox().linear();
    linear
        .add_user("Alice Martin", "alice.martin", "ALICE@contoso.example")
        .unwrap();
    linear
        .add_user("Bob Chen", "bob.chen", "bob.chen@contoso.example")
        .unwrap();
    linear
        .add_user("Carol O'Brien", "carol", "Carol.O'Brien@Contoso.example")
        .unwrap();

    // Planner: Alice out, Bob in → Linear's assignee is Bob (found case-insensitively).
    env.sandbox()
        .graph()
        .patch_task(
            TASK,
            json!({"assignments": {ALICE: null, BOB: assignment()}}),
        )
        .unwrap();
    sync(&env);
    assert_eq!(
        issue(&env, &ident).assignee.as_deref(),
        Some("bob.chen@contoso.example")
    );
    assert_converged(&env);

    // Several Planner assignees: the earliest assigned one is Linear's. Carol comes later.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"assignments": {CAROL: assignment()}}))
        .unwrap();
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    sync(&env);
    assert_eq!(
        issue(&env, &ident).assignee.as_deref(),
        Some("bob.chen@contoso.example")
    );
    assert_eq!(writes(&env), (0, 0), "Bob is still the earliest");

    // Linear → Planner: exactly that one assignee.
    env.sandbox()
        .linear()
        .set_assignee(&ident, Some("alice@CONTOSO.example"))
        .unwrap();
    sync(&env);
    assert_eq!(assignees(&task(&env, TASK)), vec![ALICE.to_string()]);
    assert_converged(&env);

    // Planner: Alice → Dave, who has no Linear account: the issue is left unassigned (not
    // Alice's any more), and a later Linear edit does not bring Alice back in Planner.
    env.sandbox()
        .graph()
        .patch_task(
            TASK,
            json!({"assignments": {ALICE: null, DAVE: assignment()}}),
        )
        .unwrap();
    let out = sync_output(&env);
    assert!(out.stderr.contains("dave@contoso.example"), "{out}");
    assert_eq!(issue(&env, &ident).assignee, None);
    env.sandbox()
        .linear()
        .set_title(&ident, "Dave's now")
        .unwrap();
    sync(&env);
    assert_eq!(assignees(&task(&env, TASK)), vec![DAVE.to_string()]);
    assert_eq!(issue(&env, &ident).assignee, None);
    assert_converged(&env);

    // Unassigned in Linear: nobody in Planner.
    env.sandbox()
        .linear()
        .set_assignee(&ident, Some("carol.o'brien@contoso.example"))
        .unwrap();
    sync(&env);
    assert_eq!(assignees(&task(&env, TASK)), vec![CAROL.to_string()]);
    env.sandbox().linear().set_assignee(&ident, None).unwrap();
    sync(&env);
    assert_eq!(assignees(&task(&env, TASK)), Vec::<String>::new());
    assert_converged(&env);
}

#[test]
fn a_linear_user_without_azure_ad_is_warned_once_and_left_unassigned() {
    let env = synced();
    let ident = ident_of(&env, TASK);
    // carol@acme.test exists in Linear only.
    env.sandbox()
        .linear()
        .set_assignee(&ident, Some("carol@acme.test"))
        .unwrap();
    let out = sync_output(&env);
    let warned = |out: &CommandOutput| {
        out.stderr
            .lines()
            .filter(|l| l.contains("carol@acme.test has no Azure AD account"))
            .count()
    };
    assert_eq!(warned(&out), 1, "{out}");
    assert_eq!(
        assignees(&task(&env, TASK)),
        Vec::<String>::new(),
        "left unassigned, not Alice's any more"
    );
    let unmapped = env.run(["--json", "users", "list", "--unmapped"]).json();
    assert!(
        unmapped
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["email"] == "carol@acme.test"),
        "{unmapped:#}"
    );
    let skipped = env.run(["--json", "audit", "--task", TASK]).json();
    assert!(
        skipped
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "skip"
                && r["detail"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("carol@acme.test")),
        "{skipped:#}"
    );

    // Another edit of the same issue: no second warning (the cache remembers).
    env.sandbox()
        .linear()
        .set_title(&ident, "Still Carol's")
        .unwrap();
    let out = sync_output(&env);
    assert_eq!(warned(&out), 0, "{out}");
    assert_eq!(task(&env, TASK)["title"], "Still Carol's");
    assert_eq!(
        issue(&env, &ident).assignee.as_deref(),
        Some("carol@acme.test"),
        "the Linear assignee is not undone: {out}"
    );
    assert_converged(&env);
}

#[test]
fn mentions_become_emails_in_planner() {
    let env = synced();
    // The seeded ENG-1 says "See @bob": its task, made by bootstrap, names Bob by email.
    let eng1 = issue(&env, "ENG-1");
    let eng1_task = links::live_by_issue(env.store().conn(), &IssueId(eng1.id.clone()))
        .unwrap()
        .expect("ENG-1 linked")
        .task_id
        .0;
    assert!(
        description(&env, &eng1_task).ends_with("See @bob.berg@acme.test"),
        "{}",
        description(&env, &eng1_task)
    );

    // A link to a profile, a bare profile URL (Linear sometimes spells it with the full name)
    // and an unknown handle.
    let ident = ident_of(&env, TASK);
    let markdown = "Ask [@Alice Anders](https://linear.app/acme/profiles/alice) and \
                    https://linear.app/acme/profiles/Carol%20Chen, not @nobody.";
    set_description(&env, &ident, markdown);
    sync(&env);
    assert_eq!(
        description(&env, TASK),
        "Ask @alice@acme.test and @carol@acme.test, not @nobody."
    );
    assert_converged(&env);
    // An edit elsewhere does not rewrite the description (the mentions stay links in Linear).
    env.sandbox()
        .graph()
        .patch_task(TASK, json!({"title": "Mentions kept"}))
        .unwrap();
    sync(&env);
    assert_eq!(issue(&env, &ident).description.as_deref(), Some(markdown));
    assert_converged(&env);
}
