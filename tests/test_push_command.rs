//! `push`: a ticket on stdin becomes a linked Linear issue and Planner task, once.

use std::io::Write;
use std::process::Stdio;

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};

use crate::common::demo::{self, PLAN};
use crate::common::{CommandOutput, TestEnv};

fn push(env: &TestEnv, args: &[&str], ticket: &str) -> CommandOutput {
    let mut child = env
        .command()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(ticket.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    let base = env.sandbox().base_url().to_string();
    let clean = |b: &[u8]| String::from_utf8_lossy(b).replace(&base, "$SANDBOX");
    CommandOutput {
        stdout: clean(&out.stdout),
        stderr: clean(&out.stderr),
        status: out.status.code().unwrap_or(-1),
    }
}

const TICKET: &str = r#"{
  "title": "Disk full on web-3",
  "description": "**Sev2**: /var is at 98 %",
  "priority": "high",
  "assignee": "alice@acme.test",
  "due": "2026-12-01",
  "labels": ["Bug", "Incident"],
  "checklist": ["Page on-call", {"title": "Rotate logs", "checked": true}],
  "links": [{"url": "https://grafana.example/d/disk", "title": "Dashboard"}],
  "external_id": "pagerduty:P123"
}"#;

fn counts(env: &TestEnv) -> (usize, usize) {
    let tasks = env.sandbox().graph().plan_tasks(PLAN).len();
    let issues = env.sandbox().linear().issues().len();
    (tasks, issues)
}

#[test]
fn a_ticket_becomes_a_linked_pair_with_checklist_and_links() {
    let env = demo::bootstrapped();
    let before = counts(&env);
    let out = push(&env, &["--json", "push", "--mapping", "1"], TICKET);
    out.success();
    let json = out.json();
    assert_eq!(json["created"], true, "{out}");
    assert_eq!(counts(&env), (before.0 + 1, before.1 + 1));

    let issue = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.title == "Disk full on web-3")
        .expect("the issue");
    assert_eq!(json["issue_identifier"], issue.identifier.as_str());
    assert_eq!(issue.priority, 2);
    assert_eq!(issue.due_date.as_deref(), Some("2026-12-01"));
    assert!(issue.description.as_deref().unwrap().contains("**Sev2**"));
    assert!(
        issue.labels.iter().any(|l| l == "Bug"),
        "{:?}",
        issue.labels
    );
    assert!(
        issue.labels.iter().any(|l| l == "Incident"),
        "{:?}",
        issue.labels
    );
    assert!(issue.assignee.is_some(), "assigned to Alice");
    assert!(
        issue
            .attachments
            .iter()
            .any(|a| a.contains("grafana.example")),
        "{:?}",
        issue.attachments
    );
    let task_id = json["task_id"].as_str().unwrap();
    assert!(
        issue.attachments.iter().any(|a| a.contains(task_id)),
        "the issue links its task: {:?}",
        issue.attachments
    );

    let task = env.sandbox().graph().task(task_id).expect("the task");
    assert_eq!(task["title"], "Disk full on web-3");
    let details = env.sandbox().graph().details(task_id).expect("details");
    let checklist = details["checklist"].as_object().unwrap();
    let mut items: Vec<(String, bool)> = checklist
        .values()
        .map(|v| {
            (
                v["title"].as_str().unwrap().to_string(),
                v["isChecked"].as_bool().unwrap(),
            )
        })
        .collect();
    items.sort();
    assert_eq!(
        items,
        vec![
            ("Page on-call".to_string(), false),
            ("Rotate logs".to_string(), true)
        ]
    );
    let refs = details["references"].to_string();
    assert!(refs.contains("grafana"), "{refs}");
    assert!(refs.contains(&issue.identifier), "{refs}");

    // The pair is an ordinary link now: the next pass sees nothing to do.
    let out = env.run(["sync"]);
    out.success();
    assert!(out.stdout.contains("mapping 1: no changes"), "{out}");
}

#[test]
fn the_same_external_id_again_creates_nothing() {
    let env = demo::bootstrapped();
    let first = push(&env, &["--json", "push", "--mapping", "1"], TICKET);
    first.success();
    let before = counts(&env);
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();

    let again = push(&env, &["push", "--mapping", "1"], TICKET);
    again.success();
    assert!(again.stdout.starts_with("already pushed: "), "{again}");
    assert!(
        again
            .stdout
            .contains(first.json()["issue_identifier"].as_str().unwrap()),
        "{again}"
    );
    assert_eq!(counts(&env), before);
    assert_eq!(env.sandbox().requests().graph_writes(), 0);
    assert_eq!(crate::common::demo::writes(&env).1, 0, "no Linear mutation");
}

#[test]
fn an_interrupted_push_is_finished_by_the_rerun_without_a_second_issue() {
    let env = demo::bootstrapped();
    let before = counts(&env);
    let fault = Fault::new("/v1.0/planner/tasks", FaultKind::InternalError)
        .method("POST")
        .times(Times::Always);
    env.sandbox().faults().add(fault);
    let failed = push(&env, &["push", "--mapping", "1"], TICKET);
    assert_ne!(failed.status, 0, "{failed}");
    assert!(
        failed.stderr.contains("run the same push again"),
        "{failed}"
    );
    assert_eq!(counts(&env), (before.0, before.1 + 1), "the issue exists");

    env.sandbox().faults().clear();
    let out = push(&env, &["push", "--mapping", "1"], TICKET);
    out.success();
    assert!(out.stdout.starts_with("created: "), "{out}");
    assert_eq!(
        counts(&env),
        (before.0 + 1, before.1 + 1),
        "one pair in all"
    );
}

#[test]
fn an_invalid_ticket_is_refused_naming_the_field() {
    let env = demo::bootstrapped();
    let out = push(
        &env,
        &["push", "--mapping", "1"],
        r#"{"title": "x", "due": "next week"}"#,
    );
    insta::assert_snapshot!(out, @r#"
    ------- stderr -------
    Error: the ticket on stdin is invalid: due: "next week" is not a date like 2026-12-01
    Hint: `linear-planner-sync push --help` shows the fields
    [exit status: 2]
    "#);
    let out = push(
        &env,
        &["push", "--mapping", "1"],
        r#"{"title": "x", "labels": [3]}"#,
    );
    assert_eq!(out.status, 2);
    assert!(out.stderr.contains("labels[0]"), "{out}");
}
