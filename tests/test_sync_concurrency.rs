//! A pass applies linked pairs several at once and creates issues in batches: every change
//! still lands exactly once (one write per item, one audit row per field), and nothing is
//! duplicated or left behind.

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::sandbox::linear::LimitConfig;
use linear_planner_sync::sandbox::linear::{ids, seed_id};
use serde_json::json;

use crate::common::TestEnv;
use crate::common::demo::{self, PLAN};

fn bootstrapped() -> TestEnv {
    let env = demo::bootstrapped();
    env.run(["sync"]).success();
    env
}

pub(crate) fn linked_pairs(env: &TestEnv) -> Vec<(String, String)> {
    env.store()
        .conn()
        .prepare("SELECT task_id, issue_id FROM link WHERE ended_at IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Settled: the next pass succeeds and creates and writes nothing.
fn assert_settled(env: &TestEnv) {
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    let m = &out.json()["mappings"][0];
    assert_eq!(
        (
            &m["created_issues"],
            &m["updated_issues"],
            &m["updated_tasks"]
        ),
        (&json!(0), &json!(0), &json!(0)),
        "{out}"
    );
}

fn count(env: &TestEnv, sql: &str) -> i64 {
    env.store().conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn many_linear_edits_land_once_each() {
    let env = bootstrapped();
    // More linked pairs than run at once.
    for i in 0..20 {
        env.sandbox()
            .graph()
            .create_task(
                PLAN,
                json!({"bucketId": "bucket-todo", "title": format!("Many {i}")}),
            )
            .unwrap();
    }
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let pairs = linked_pairs(&env);
    assert!(pairs.len() >= 20, "{pairs:?}");
    for (_, issue) in &pairs {
        let title = env.sandbox().linear().issue(issue).unwrap().title;
        env.sandbox()
            .linear()
            .set_title(issue, &format!("{title} (edited)"))
            .unwrap();
    }
    let audit_before = count(
        &env,
        "SELECT count(*) FROM audit WHERE action = 'update_task'",
    );
    env.sandbox().reset_requests();

    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert_eq!(
        report["mappings"][0]["updated_tasks"],
        pairs.len() as u64,
        "{report}"
    );
    for (task, issue) in &pairs {
        let want = env.sandbox().linear().issue(issue).unwrap().title;
        let task = env.sandbox().graph().task(task).unwrap();
        let title = task["title"].as_str().unwrap();
        // Planner shows the issue's cycle as a title prefix (issue 8).
        assert_eq!(crate::common::without_cycle_prefix(title), want);
    }
    // Concurrent units' PATCHes ride together in `$batch`es (graph/coalesce.rs): count the
    // single requests and the batch items together.
    let requests = env.sandbox().requests();
    let batched = requests.batch_items_by_route("PATCH", "/v1.0/planner/tasks/{id}");
    let patches = requests.by_route("PATCH", "/v1.0/planner/tasks/{id}") + batched;
    assert_eq!(
        patches,
        pairs.len() as u64,
        "one PATCH per task, none repeated"
    );
    assert!(
        batched > 0,
        "concurrent writes ride in $batch: {requests:?}"
    );
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM audit WHERE action = 'update_task'"
        ) - audit_before,
        pairs.len() as i64,
        "one audit row per changed title"
    );
    // The report lists the items in a stable order (the units' order), not finishing order.
    let items: Vec<String> = report["mappings"][0]["ops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["item"].as_str().unwrap().to_string())
        .collect();
    let out = env.run(["--json", "sync"]);
    assert_eq!(
        out.json()["mappings"][0]["updated_tasks"],
        0,
        "converged: {out}"
    );
    assert_eq!(items.len(), pairs.len());
}

#[test]
fn new_tasks_become_issues_through_one_batch_in_order() {
    let env = bootstrapped();
    let mut ids = Vec::new();
    for i in 0..7 {
        let task = env
            .sandbox()
            .graph()
            .create_task(
                PLAN,
                json!({"bucketId": "bucket-todo", "title": format!("Batch {i}")}),
            )
            .unwrap();
        ids.push(task["id"].as_str().unwrap().to_string());
    }
    env.sandbox().linear().reset_operation_counts();
    env.sandbox().reset_requests();
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"][0]["created_issues"], 7, "{out}");
    // The back-references ride in one `$batch` of details PATCHes.
    let requests = env.sandbox().requests();
    let details = "/v1.0/planner/tasks/{id}/details";
    assert_eq!(requests.by_route("PATCH", details), 0);
    assert_eq!(requests.batch_items_by_route("PATCH", details), 7);
    let ops = env.sandbox().linear().operation_counts();
    let batch: u64 = ops
        .iter()
        .filter(|(op, _)| op.contains("BatchCreate"))
        .map(|(_, n)| *n)
        .sum();
    let single: u64 = ops
        .iter()
        .filter(|(op, _)| op.contains("IssueCreate"))
        .map(|(_, n)| *n)
        .sum();
    assert_eq!((batch, single), (1, 0), "{ops:?}");

    // Each task linked to exactly one new issue, which links back to it; intents closed.
    let pairs = linked_pairs(&env);
    let mut numbers = Vec::new();
    for (i, task) in ids.iter().enumerate() {
        let issue = pairs
            .iter()
            .filter(|(t, _)| t == task)
            .map(|(_, issue)| issue.clone())
            .collect::<Vec<_>>();
        assert_eq!(issue.len(), 1, "{task}: {issue:?}");
        let view = env.sandbox().linear().issue(&issue[0]).unwrap();
        assert_eq!(view.title, format!("Batch {i}"));
        assert_eq!(view.attachments.len(), 1, "{view:?}");
        let details = env.sandbox().graph().details(task).unwrap();
        assert_eq!(details["references"].as_object().map(|r| r.len()), Some(1));
        numbers.push((task.clone(), view.identifier));
    }
    let same_title = |t: &str| {
        env.sandbox()
            .linear()
            .issues()
            .iter()
            .filter(|i| i.title == t)
            .count()
    };
    assert!((0..7).all(|i| same_title(&format!("Batch {i}")) == 1));
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM op_intent WHERE completed_at IS NULL"
        ),
        0
    );
    // Identifiers follow the order of the units (task ids), as single creates did.
    let mut by_task = numbers.clone();
    by_task.sort();
    let idents: Vec<u32> = by_task
        .iter()
        .map(|(_, ident)| ident.trim_start_matches("ENG-").parse().unwrap())
        .collect();
    let mut sorted = idents.clone();
    sorted.sort_unstable();
    assert_eq!(idents, sorted, "{by_task:?}");

    // The shadows hold the etags of the back-reference writes: the details' from the PATCH
    // answers, the tasks' (which changed with them) from a re-read of each task and then its
    // details, which showed our write alone (graph/port/batch.rs): the next pass reads nothing.
    for task in &ids {
        let (task_etag, details_etag): (String, String) = env
            .store()
            .conn()
            .query_row(
                "SELECT s.task_etag, s.details_etag FROM shadow s JOIN link l ON l.id = s.link_id
                 WHERE l.task_id = ?1 AND l.ended_at IS NULL",
                [task],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let details = env.sandbox().graph().details(task).unwrap();
        assert_eq!(details["@odata.etag"], json!(details_etag), "{task}");
        let now = env.sandbox().graph().task(task).unwrap();
        assert_eq!(now["@odata.etag"], json!(task_etag), "{task}");
    }
    let task_reads = |env: &TestEnv| {
        let requests = env.sandbox().requests();
        requests.by_route("GET", "/v1.0/planner/tasks/{id}")
            + requests.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}")
    };
    env.sandbox().reset_requests();
    env.sandbox().linear().reset_operation_counts();
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.json()["mappings"][0]["created_issues"], 0, "{out}");
    assert_eq!(task_reads(&env), 0, "our echoes were read");
    assert_eq!(env.sandbox().requests().graph_writes(), 0);
    // Nor are the issues, which their back-reference attachments moved after they were made:
    // the mirror had them whole and recorded that state as our echo.
    let ops = env.sandbox().linear().operation_counts();
    assert_eq!(ops.get("RichIssuesQuery"), None, "{ops:?}");
    assert_eq!(ops.get("RichWithTeamQuery"), None, "{ops:?}");
    assert_eq!(ops.get("PortIssueUpdateMutation"), None, "{ops:?}");
}

/// `n` new tasks titled `{title} {i}`, each with one unchecked checklist item `{step} {i}`
/// (key `{i:08x}-{tag}-…`); their ids, in order.
fn tasks_with_one_step(env: &TestEnv, n: usize, title: &str, step: &str, tag: &str) -> Vec<String> {
    let graph = env.sandbox().graph();
    (0..n)
        .map(|i| {
            let task = graph
                .create_task(
                    PLAN,
                    json!({"bucketId": "bucket-todo", "title": format!("{title} {i}")}),
                )
                .unwrap();
            let id = task["id"].as_str().unwrap().to_string();
            let key = format!("{i:08x}-{tag}-4000-8000-000000000000");
            graph
                .patch_details(
                    &id,
                    json!({"checklist": {key: {
                        "@odata.type": "#microsoft.graph.plannerChecklistItem",
                        "title": format!("{step} {i}"),
                        "isChecked": false,
                        "orderHint": " !"
                    }}}),
                )
                .unwrap();
            id
        })
        .collect()
}

#[test]
fn new_tasks_with_checklists_are_mirrored_after_the_batch_without_re_reads() {
    let env = bootstrapped();
    let ids = tasks_with_one_step(&env, 7, "Listed", "Step of", "1111");
    env.sandbox().linear().reset_operation_counts();
    env.sandbox().reset_requests();
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"][0]["created_issues"], 7, "{out}");

    // Read for the delta (7 tasks and their details), written once (the back-references),
    // read once more after that write (each task, then its details: the etags our echo is
    // recorded at); the new pairs' mirror reads nothing else.
    let requests = env.sandbox().requests();
    let (task, details) = (
        "/v1.0/planner/tasks/{id}",
        "/v1.0/planner/tasks/{id}/details",
    );
    assert_eq!(requests.by_route("GET", task), 0, "{requests:?}");
    assert_eq!(requests.by_route("GET", details), 0, "{requests:?}");
    assert_eq!(
        requests.batch_items_by_route("GET", task),
        14,
        "{requests:?}"
    );
    assert_eq!(
        requests.batch_items_by_route("GET", details),
        14,
        "{requests:?}"
    );
    // The seven issues came whole in the answers of their back-reference attachments: not
    // read again, neither whole nor their rich fields.
    let ops = env.sandbox().linear().operation_counts();
    assert_eq!(ops.get("IssueSnapshotsQuery").copied(), None, "{ops:?}");
    assert_eq!(ops.get("RichIssuesQuery").copied(), None, "{ops:?}");
    assert_eq!(ops.get("RichWithTeamQuery").copied(), None, "{ops:?}");

    // Each new issue has exactly the one sub-issue of its task's checklist item.
    let pairs = linked_pairs(&env);
    let issues = env.sandbox().linear().issues();
    for (i, task) in ids.iter().enumerate() {
        let (_, issue) = pairs.iter().find(|(t, _)| t == task).unwrap();
        // The sandbox names a parent by its identifier.
        let parent = env.sandbox().linear().issue(issue).unwrap().identifier;
        let subs: Vec<_> = issues
            .iter()
            .filter(|s| s.parent.as_deref() == Some(parent.as_str()))
            .collect();
        assert_eq!(subs.len(), 1, "{task}: {subs:?}");
        assert_eq!(subs[0].title, format!("Step of {i}"));
    }
    assert_settled(&env);
    assert_eq!(env.sandbox().linear().issues().len(), issues.len());
}

#[test]
fn tasks_for_new_linear_issues_are_created_together_with_one_back_reference_request() {
    let env = bootstrapped();
    let linear = env.sandbox().linear();
    let project = linear
        .issue(&linked_pairs(&env)[0].1)
        .and_then(|i| i.project_id)
        .unwrap();
    let titles: Vec<String> = (0..6).map(|i| format!("Born in Linear {i}")).collect();
    for title in &titles {
        linear
            .create_issue(linear_planner_sync::sandbox::linear::IssueDraft {
                team_id: seed_id(ids::TEAM_ENG),
                title: title.clone(),
                project_id: Some(project.clone()),
                ..Default::default()
            })
            .unwrap();
    }
    env.sandbox().reset_requests();
    linear.reset_operation_counts();

    let out = env.run(["--json", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"][0]["created_tasks"], 6, "{out}");
    // Each new task carries its issue's link, and each issue links back to its task.
    let tasks = env.sandbox().graph().plan_tasks(PLAN);
    for title in &titles {
        let made: Vec<_> = tasks
            .iter()
            .filter(|t| {
                t["title"]
                    .as_str()
                    .is_some_and(|s| s.ends_with(title.as_str()))
            })
            .collect();
        assert_eq!(made.len(), 1, "{title}: one task");
        let issue = linear
            .issues()
            .into_iter()
            .find(|i| &i.title == title)
            .unwrap();
        assert_eq!(
            issue.attachments.len(),
            1,
            "{title}: {:?}",
            issue.attachments
        );
    }
    // Created concurrently: the creates and their details reads and writes ride in
    // `$batch`es (6 creates one at a time sent 4 single Graph requests each), and the 6
    // back-references go in one aliased Linear document.
    let requests = env.sandbox().requests();
    let creates = "/v1.0/planner/tasks";
    assert_eq!(
        requests.by_route("POST", creates) + requests.batch_items_by_route("POST", creates),
        6
    );
    assert!(requests.by_route("POST", creates) < 6, "{requests:?}");
    assert!(
        requests.by_route("GET", "/v1.0/planner/tasks/{id}/details") < 6,
        "{requests:?}"
    );
    let ops = linear.operation_counts();
    assert_eq!(ops.get("AttachmentCreateMany"), Some(&1), "{ops:?}");
    assert_eq!(ops.get("PortAttachmentMutation"), None, "{ops:?}");
    // The back-references moved the issues after their pairs were merged; their answers hold
    // the issues whole (no read afterwards), so the next poll takes that move for our echo.
    assert_eq!(ops.get("IssueSnapshotsQuery"), None, "{ops:?}");
    env.sandbox().reset_requests();
    linear.reset_operation_counts();
    assert_eq!(
        env.run(["--json", "sync"]).json()["mappings"][0]["created_tasks"],
        0,
        "nothing twice"
    );
    let ops = linear.operation_counts();
    assert_eq!(
        ops.keys().collect::<Vec<_>>(),
        ["PolledIssuesQuery"],
        "{ops:?}"
    );
    let graph = env.sandbox().requests();
    assert_eq!(graph.graph_total(), 1, "only the delta: {graph:?}");
}

#[test]
fn batches_sent_while_the_previous_one_finishes_land_once_each_in_order() {
    // More new tasks than one batch (200): each batch's issues are created while the batch
    // before writes its back-references and mirrors its checklist, so this covers the overlap.
    let env = bootstrapped();
    // Linear's hourly budget (2,500 requests) is not what this test is about.
    env.sandbox().linear().set_limits(LimitConfig {
        requests_per_hour: 1_000_000_000,
        complexity_per_hour: 1_000_000_000_000,
        ..LimitConfig::default()
    });
    let ids = tasks_with_one_step(&env, 450, "Wave", "Step of wave", "2222");
    let out = env.run(["--json", "sync", "--max-ops", "100000"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["mappings"][0]["created_issues"], 450, "{out}");

    let pairs = linked_pairs(&env);
    let issues = env.sandbox().linear().issues();
    let mut numbers = Vec::new();
    for (i, task) in ids.iter().enumerate() {
        let linked: Vec<_> = pairs.iter().filter(|(t, _)| t == task).collect();
        assert_eq!(linked.len(), 1, "{task}: {linked:?}");
        let view = env.sandbox().linear().issue(&linked[0].1).unwrap();
        assert_eq!(view.title, format!("Wave {i}"));
        assert_eq!(view.attachments.len(), 1, "{view:?}");
        let details = env.sandbox().graph().details(task).unwrap();
        assert_eq!(details["references"].as_object().map(|r| r.len()), Some(1));
        let subs = issues
            .iter()
            .filter(|s| s.parent.as_deref() == Some(view.identifier.as_str()))
            .count();
        assert_eq!(subs, 1, "{task}");
        numbers.push((task.clone(), view.identifier));
    }
    assert!((0..450).all(|i| {
        issues
            .iter()
            .filter(|s| s.title == format!("Wave {i}"))
            .count()
            == 1
    }));
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM op_intent WHERE completed_at IS NULL"
        ),
        0
    );
    // The new issues' identifiers still follow the order of the units (task ids).
    numbers.sort();
    let idents: Vec<u32> = numbers
        .iter()
        .map(|(_, ident)| ident.trim_start_matches("ENG-").parse().unwrap())
        .collect();
    let mut sorted = idents.clone();
    sorted.sort_unstable();
    assert_eq!(idents, sorted, "{numbers:?}");

    assert_settled(&env);
    assert_eq!(env.sandbox().linear().issues().len(), issues.len());
}

#[test]
fn a_failed_tail_does_not_drop_the_tails_of_batches_already_sent() {
    // Nine batches of new issues. The first batch's tail fails (its back-reference to one
    // task is refused, and so is the read after it): the pass stops, but every batch whose
    // issues were already sent still gets its back-references and sub-issues.
    let env = bootstrapped();
    env.sandbox().linear().set_limits(LimitConfig {
        requests_per_hour: 1_000_000_000,
        complexity_per_hour: 1_000_000_000_000,
        ..LimitConfig::default()
    });
    let ids = tasks_with_one_step(&env, 450, "Tail", "Step of tail", "3333");
    let refused = ids.iter().min().unwrap().clone();
    let faults = env.sandbox().faults();
    faults.add(
        Fault::new(
            &format!("*/planner/tasks/{refused}/details"),
            FaultKind::ForbiddenEmptyCode,
        )
        .method("PATCH")
        .times(Times::Always),
    );
    faults.add(
        Fault::new(
            &format!("*/planner/tasks/{refused}"),
            FaultKind::DropConnection,
        )
        .method("GET")
        .times(Times::After(1)),
    );
    // Linear answers slowly, so the first tail fails while a later batch is being sent.
    faults.add(Fault::new("/linear/graphql", FaultKind::Latency { ms: 700 }).times(Times::Always));
    let out = env.run(["--json", "sync", "--max-ops", "100000"]);
    assert_ne!(out.status, 0, "the refused read stops the pass: {out}");

    let linked_new = |env: &TestEnv| -> Vec<(String, String)> {
        linked_pairs(env)
            .into_iter()
            .filter(|(task, _)| ids.contains(task))
            .collect()
    };
    let fully_mirrored = |env: &TestEnv, task: &str, issue: &str| {
        let view = env.sandbox().linear().issue(issue).unwrap();
        let details = env.sandbox().graph().details(task).unwrap();
        let references = details["references"].as_object().map_or(0, |r| r.len());
        let subs = env
            .sandbox()
            .linear()
            .issues()
            .iter()
            .filter(|s| s.parent.as_deref() == Some(view.identifier.as_str()))
            .count();
        (references, subs)
    };
    let sent = linked_new(&env);
    assert!(sent.len() > 50, "a second batch was sent: {}", sent.len());
    // The failed mapping still reports what it did before the failure.
    let m = &out.json()["mappings"][0];
    assert_eq!(m["created_issues"], json!(sent.len()), "{out}");
    assert!(m["stopped"].is_string(), "{out}");
    for (task, issue) in &sent {
        if *task != refused {
            assert_eq!(fully_mirrored(&env, task, issue), (1, 1), "{task} {out}");
        }
    }

    // The fault gone, the next pass finishes the rest: each task linked once, nothing twice.
    faults.clear();
    let out = env.run(["--json", "sync", "--max-ops", "100000"]);
    assert_eq!(out.status, 0, "{out}");
    let pairs = linked_new(&env);
    assert_eq!(pairs.len(), 450, "{out}");
    for (task, issue) in &pairs {
        // A refused back-reference is reported and audited, not written behind the user's
        // back on a later pass (they may have removed it on purpose).
        let references = usize::from(*task != refused);
        assert_eq!(fully_mirrored(&env, task, issue), (references, 1), "{task}");
    }
    let skipped = env.run(["--json", "audit", "--task", refused.as_str()]);
    assert!(
        skipped.stdout.contains("back-reference not written"),
        "{skipped}"
    );
    let issues = env.sandbox().linear().issues();
    for i in 0..450 {
        let title = format!("Tail {i}");
        assert_eq!(
            issues.iter().filter(|s| s.title == title).count(),
            1,
            "{title}"
        );
    }
    assert_eq!(
        count(
            &env,
            "SELECT count(*) FROM op_intent WHERE completed_at IS NULL"
        ),
        0
    );
}

/// New Planner tasks (their issues sent in a batch, whose tail writes the back-references)
/// and Linear edits of linked pairs in one pass. With the budget to spare the edits run
/// beside the tail (engine/concurrent.rs); with a budget the creates use up, they wait and
/// the pass stops as before. Either way every change lands once, in the pass or the next.
#[test]
fn linear_edits_beside_a_batch_tail_land_once_within_the_budget() {
    for budget in [None, Some("4")] {
        let env = bootstrapped();
        let pairs = linked_pairs(&env);
        let edited: Vec<&(String, String)> = pairs.iter().take(3).collect();
        for (i, (_, issue)) in edited.iter().enumerate() {
            env.sandbox()
                .linear()
                .set_title(issue, &format!("Edited beside {i}"))
                .unwrap();
        }
        for i in 0..2 {
            env.sandbox()
                .graph()
                .create_task(
                    PLAN,
                    json!({"bucketId": "bucket-todo", "title": format!("Beside {i}")}),
                )
                .unwrap();
        }
        let issues_before = env.sandbox().linear().issues().len();
        let mut args = vec!["--json", "sync"];
        if let Some(max) = budget {
            args.extend(["--max-ops", max]);
        }
        let out = env.run(args);
        assert_eq!(out.status, 0, "{out}");
        let m = &out.json()["mappings"][0];
        assert_eq!(m["created_issues"], 2, "{out}");
        match budget {
            None => assert_eq!(m["updated_tasks"], 3, "{out}"),
            // Two creates and their two back-references: nothing left for the edits.
            Some(_) => {
                assert_eq!(m["updated_tasks"], 0, "{out}");
                assert_eq!(m["stop_kind"], "budget", "{out}");
                env.run(["sync"]).success();
            }
        }
        for (i, (task, _)) in edited.iter().enumerate() {
            let task = env.sandbox().graph().task(task).unwrap();
            let title = task["title"].as_str().unwrap();
            assert_eq!(
                crate::common::without_cycle_prefix(title),
                format!("Edited beside {i}")
            );
        }
        // Each new task has its issue and its back-reference, once.
        let new_pairs: Vec<(String, String)> = linked_pairs(&env)
            .into_iter()
            .filter(|(task, _)| !pairs.iter().any(|(t, _)| t == task))
            .collect();
        assert_eq!(new_pairs.len(), 2, "{new_pairs:?}");
        for (task, issue) in &new_pairs {
            let details = env.sandbox().graph().details(task).unwrap();
            let references = details["references"].as_object().map_or(0, |r| r.len());
            assert_eq!(references, 1, "{task}: {details}");
            assert!(env.sandbox().linear().issue(issue).is_some());
        }
        assert_eq!(env.sandbox().linear().issues().len(), issues_before + 2);
        assert_settled(&env);
    }
}
