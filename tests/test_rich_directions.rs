//! Per-field direction of the rich fields end to end (issue 12): checklist, links, comments
//! and attachments set one-way or off with `map edit` after a bootstrap in both directions.
//! A field set one-way is never written on the other side, a change on its read-only side is
//! ignored (kept, not reverted) and absorbed: no echo, and nothing replayed when the field is
//! switched back to both.

use serde_json::json;

use crate::common::TestEnv;
use crate::test_rich_fields::{
    SEPARATOR, attachments, bootstrapped, checklist, child, children, description, references,
    task_of, titles,
};
use crate::test_sync_control::{reset_counts, writes};

fn set_direction(env: &TestEnv, spec: &str) {
    env.run(["map", "edit", "1", "--direction", spec]).success();
}

/// A pass that writes nothing to either side.
#[track_caller]
fn quiet(env: &TestEnv, why: &str) {
    reset_counts(env);
    let out = env.run(["sync"]);
    out.success();
    assert_eq!(writes(env), (0, 0), "{why}: no writes\n{out}");
}

#[test]
fn each_checklist_direction_holds() {
    for dir in ["both", "to-linear", "to-planner", "off"] {
        let to_linear = matches!(dir, "both" | "to-linear");
        let to_planner = matches!(dir, "both" | "to-planner");
        let env = bootstrapped();
        let task = task_of(&env, "ENG-1");
        set_direction(&env, &format!("checklist={dir}"));

        // Planner side: an item checked and an item added.
        let key = checklist(&env, &task)
            .into_iter()
            .find(|c| c.1 == "Write regression test")
            .unwrap()
            .0;
        env.sandbox().graph().toggle_checklist(&task, &key).unwrap();
        env.sandbox()
            .graph()
            .add_checklist_item(&task, "Check Firefox")
            .unwrap();
        // Linear side: a sub-issue renamed and one added.
        let safari = child(&env, "ENG-1", "Reproduce on Safari");
        let l = env.sandbox().linear();
        l.set_title(&safari.identifier, "Reproduce on Safari 17")
            .unwrap();
        l.add_sub_issue("ENG-1", "Check Edge").unwrap();
        env.run(["sync"]).success();

        let test = child(&env, "ENG-1", "Write regression test");
        assert_eq!(test.state_type == "completed", to_linear, "{dir}: toggle");
        let firefox = children(&env, "ENG-1")
            .into_iter()
            .filter(|c| c.title == "Check Firefox")
            .count();
        assert_eq!(
            firefox,
            usize::from(to_linear),
            "{dir}: item added in Planner"
        );
        let items = titles(&env, &task);
        let has = |t: &str| items.iter().any(|(title, _)| title == t);
        assert_eq!(
            has("Reproduce on Safari 17"),
            to_planner,
            "{dir}: {items:?}"
        );
        assert_eq!(has("Check Edge"), to_planner, "{dir}: {items:?}");
        // Ignored, not reverted: each side keeps its own edits.
        assert!(has("Check Firefox"), "{dir}: {items:?}");
        assert!(
            items.contains(&("Write regression test".to_string(), true)),
            "{dir}: {items:?}"
        );
        assert_eq!(
            env.sandbox()
                .linear()
                .issue(&safari.identifier)
                .unwrap()
                .title,
            "Reproduce on Safari 17",
            "{dir}"
        );
        quiet(&env, &format!("{dir}: no echo"));

        // Back to both: what was ignored is not replayed (no sub-issue for the held item).
        set_direction(&env, "checklist=both");
        quiet(&env, &format!("{dir} then both: nothing replayed"));
        let firefox = children(&env, "ENG-1")
            .into_iter()
            .filter(|c| c.title == "Check Firefox")
            .count();
        assert_eq!(firefox, usize::from(to_linear), "{dir} then both");
        // And changes from then on flow both ways again.
        env.sandbox()
            .graph()
            .add_checklist_item(&task, "Check Opera")
            .unwrap();
        env.run(["sync"]).success();
        assert_eq!(
            children(&env, "ENG-1")
                .iter()
                .filter(|c| c.title == "Check Opera")
                .count(),
            1,
            "{dir} then both: a new item flows"
        );
        quiet(&env, &format!("{dir} then both: converged"));
    }
}

#[test]
fn an_enforced_checklist_puts_planner_edits_back() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    env.run([
        "map",
        "edit",
        "1",
        "--direction",
        "checklist=to-planner",
        "--enforce",
        "checklist",
    ])
    .success();
    let before = titles(&env, &task);
    let key = checklist(&env, &task)[1].0.clone();
    env.sandbox().graph().toggle_checklist(&task, &key).unwrap();
    env.run(["sync"]).success();
    assert_eq!(titles(&env, &task), before, "the toggle is put back");
    let test = child(&env, "ENG-1", "Write regression test");
    assert_ne!(test.state_type, "completed", "Linear untouched");
    quiet(&env, "enforced: converged");
}

#[test]
fn comments_off_are_absorbed() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    set_direction(&env, "comments=off");
    env.sandbox()
        .linear()
        .add_comment("ENG-1", "Said while comments were off")
        .unwrap();
    quiet(&env, "comments off");
    assert!(!description(&env, &task).contains("Said while comments were off"));
    set_direction(&env, "comments=both");
    quiet(&env, "comments back on: the old comment is not appended");
    env.sandbox()
        .linear()
        .add_comment("ENG-1", "Said once they were on")
        .unwrap();
    env.run(["sync"]).success();
    let text = description(&env, &task);
    let (_, appended) = text.split_once(SEPARATOR).unwrap();
    assert_eq!(appended.matches("Said once they were on").count(), 1);
    assert!(!appended.contains("Said while comments were off"), "{text}");
    quiet(&env, "comments: converged");
}

#[test]
fn links_to_linear_only_flow_from_planner() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    set_direction(&env, "links=to-linear");
    let doc = "https://contoso.example/design".to_string();
    env.sandbox()
        .graph()
        .patch_details(
            &task,
            json!({"references": {
                linear_planner_sync::graph::encode_reference_key(&doc): {
                    "@odata.type": "#microsoft.graph.plannerExternalReference",
                    "alias": "Design", "type": "Other"
                }
            }}),
        )
        .unwrap();
    let sentry = "https://sentry.example/issues/9".to_string();
    env.sandbox()
        .linear()
        .add_attachment("ENG-1", &sentry, "Sentry #9")
        .unwrap();
    env.run(["sync"]).success();
    assert!(
        attachments(&env, "ENG-1").contains(&doc),
        "Planner → Linear"
    );
    assert!(
        !references(&env, &task).contains(&sentry),
        "not Linear → Planner"
    );
    assert!(
        attachments(&env, "ENG-1").contains(&sentry),
        "kept in Linear"
    );
    quiet(&env, "links to-linear: no echo");
    set_direction(&env, "links=both");
    quiet(&env, "links back to both: nothing replayed");
}

#[test]
fn attachments_off_are_not_mirrored_and_stay_absorbed() {
    let env = bootstrapped();
    let task = task_of(&env, "ENG-1");
    set_direction(&env, "attachments=off");
    let url = env
        .sandbox()
        .linear()
        .add_upload("notes.txt", "text/plain", b"while off".to_vec());
    env.sandbox()
        .linear()
        .add_attachment("ENG-1", &url, "notes.txt")
        .unwrap();
    let on_drive = |env: &TestEnv| {
        env.sandbox()
            .graph()
            .drive_files()
            .into_iter()
            .filter(|f| f.1.ends_with("ENG-1/notes.txt"))
            .count()
    };
    env.run(["sync"]).success();
    assert_eq!(on_drive(&env), 0, "not mirrored");
    let audit = env.run(["--json", "audit", "--task", &task]).json();
    let skipped = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["action"] == "skip"
                && e["detail"]
                    .as_str()
                    .is_some_and(|d| d.contains("attachments direction is off"))
        })
        .count();
    assert_eq!(skipped, 1, "{audit}");
    quiet(&env, "attachments off");
    set_direction(&env, "attachments=both");
    quiet(&env, "attachments back on: the old file is not mirrored");
    assert_eq!(on_drive(&env), 0);
    // --enforce means nothing for a field Planner never sends back.
    let out = env.run([
        "map",
        "edit",
        "1",
        "--direction",
        "comments=to-planner",
        "--enforce",
        "comments",
    ]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("nothing to put back"), "{out}");
}
