//! Reads: plan info, every task with details, delta and list change rounds, batched reads.

use super::*;

#[tokio::test]
async fn plan_info_has_named_categories_and_ordered_buckets() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let plan = p.plan(PLAN).await.unwrap();
    assert_eq!(plan.title, "Website relaunch");
    assert_eq!(plan.group_id.as_deref(), Some("sandbox-group"));
    let names = ["Urgent", "High", "Medium", "Low", "Bug", "Feature"];
    let expected: BTreeMap<String, String> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (format!("category{}", i + 1), (*n).to_owned()))
        .collect();
    assert_eq!(plan.categories, expected);
    let buckets: Vec<(&str, &str)> = plan
        .buckets
        .iter()
        .map(|b| (b.id.as_str(), b.name.as_str()))
        .collect();
    assert_eq!(
        buckets,
        [
            ("bucket-todo", "To do"),
            ("bucket-doing", "In progress"),
            ("bucket-done", "Done")
        ]
    );

    let review = p.create_bucket(PLAN, "Review").await.unwrap();
    assert_eq!(review.name, "Review");
    // The plan, its details and its buckets: one `$batch` of three reads.
    sb.reset_requests();
    let plan = p.plan(PLAN).await.unwrap();
    let counts = sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 1);
    assert_eq!(counts.graph_total(), 1);
    assert_eq!(plan.buckets.len(), 4);
    assert!(plan.buckets.contains(&review));

    let err = p.plan("no-such-plan").await.unwrap_err();
    assert!(
        matches!(&err, PortError::PlanGone(id) if id == "no-such-plan"),
        "{err:?}"
    );

    assert_eq!(
        p.task_url(&tid("task-demo-01"), PLAN),
        format!("{}/tasks/task-demo-01", sb.graph_base_url())
    );
    assert_eq!(p.app_id(), SANDBOX_CLIENT_ID);
}

#[tokio::test]
async fn all_tasks_come_with_their_details() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    sb.reset_requests();
    let tasks = p.all_tasks(PLAN).await.unwrap();
    assert_eq!(tasks.len(), 12);
    // One listing and one `$batch` for the 12 details (plus the token).
    let counts = sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 1);
    assert_eq!(counts.graph_total(), 2);

    let t = tasks.iter().find(|t| t.id.0 == "task-demo-01").unwrap();
    assert_eq!(t.plan_id, PLAN);
    assert_eq!(t.title, "Design new landing page");
    assert_eq!(t.bucket_id, "bucket-todo");
    assert_eq!((t.percent, t.priority), (0, 1));
    assert_eq!(t.due.as_deref(), Some("2026-05-01"));
    assert_eq!(
        t.categories,
        BTreeSet::from(["category1".to_owned(), "category5".to_owned()])
    );
    assert_eq!(t.assignments.len(), 1);
    assert_eq!(t.assignments[0].user_id, ALICE);
    assert!(!t.assignments[0].assigned_at.is_empty());
    assert_eq!(t.created_by_app, None);
    assert!(
        t.details
            .description
            .starts_with("Design new landing page.")
    );
    assert_eq!(
        t.details.references,
        BTreeMap::from([(
            "https://contoso.example/spec/1".to_owned(),
            "Spec 1".to_owned()
        )])
    );
    assert_eq!(
        (t.etag.clone(), t.details.etag.clone()),
        world_etags(&sb, "task-demo-01")
    );
    assert!(tasks.iter().all(|t| !t.details.description.is_empty()));
}

#[tokio::test]
async fn all_tasks_batches_details_twenty_at_a_time_across_pages() {
    let sb = sandbox(Seed::Large(45)).await;
    sb.graph().set_limits(GraphLimits {
        page_size: 10,
        ..sb.graph().limits()
    });
    let p = adapter(&sb);
    sb.reset_requests();
    let tasks = p.all_tasks("plan-large").await.unwrap();
    assert_eq!(tasks.len(), 45);
    assert!(
        tasks
            .iter()
            .all(|t| t.details.description.starts_with("Benchmark task"))
    );
    let counts = sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 3);
    assert_eq!(counts.by_route("GET", "/v1.0/planner/plans/{id}/tasks"), 5);
}

#[tokio::test]
async fn delta_rounds_report_edits_removals_and_expiry() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let known = BTreeMap::new();
    let first = p.changes(PLAN, None, &known).await.unwrap();
    assert_eq!(first.changed.len(), 12);
    assert!(first.removed.is_empty());
    assert!(
        first.cursor.starts_with(&sb.graph_base_url()),
        "{}",
        first.cursor
    );
    assert_eq!(p.read_modes().get(PLAN), Some(&ReadMode::Delta));

    let quiet = p.changes(PLAN, Some(&first.cursor), &known).await.unwrap();
    assert!(quiet.changed.is_empty() && quiet.removed.is_empty());

    sb.graph()
        .patch_task("task-demo-02", json!({"title": "Migrate blog (edited)"}))
        .unwrap();
    let edited = p.changes(PLAN, Some(&quiet.cursor), &known).await.unwrap();
    assert_eq!(edited.changed, [tid("task-demo-02")]);
    assert!(edited.removed.is_empty());

    sb.graph().delete_task("task-demo-03").unwrap();
    let deleted = p.changes(PLAN, Some(&edited.cursor), &known).await.unwrap();
    assert_eq!(deleted.removed, [tid("task-demo-03")]);
    assert!(!deleted.changed.contains(&tid("task-demo-03")));

    sb.graph().expire_delta_tokens();
    let err = p
        .changes(PLAN, Some(&deleted.cursor), &known)
        .await
        .unwrap_err();
    assert!(matches!(err, PortError::DeltaExpired), "{err:?}");
    // The engine's answer: read from scratch.
    let again = p.changes(PLAN, None, &known).await.unwrap();
    assert_eq!(again.changed.len(), 11);
}

#[tokio::test]
async fn list_mode_diffs_etags_and_marks_its_cursor() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter_from(
        options(&sb, Arc::new(MemoryTokenCache::new())),
        GraphApiMode::List,
    );
    let known: BTreeMap<TaskId, String> = p
        .all_tasks(PLAN)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.etag))
        .collect();
    let first = p.changes(PLAN, None, &known).await.unwrap();
    assert!(first.changed.is_empty() && first.removed.is_empty());
    assert!(
        first.cursor.starts_with(LIST_CURSOR_PREFIX),
        "{}",
        first.cursor
    );

    sb.graph()
        .patch_task("task-demo-04", json!({"percentComplete": 100}))
        .unwrap();
    sb.graph().delete_task("task-demo-05").unwrap();
    let new = sb
        .graph()
        .create_task(PLAN, json!({"title": "Made by a human"}))
        .unwrap();
    let next = p.changes(PLAN, Some(&first.cursor), &known).await.unwrap();
    let new_id = tid(new["id"].as_str().unwrap());
    assert_eq!(
        next.changed.iter().collect::<BTreeSet<_>>(),
        BTreeSet::from([&tid("task-demo-04"), &new_id])
    );
    assert_eq!(next.removed, [tid("task-demo-05")]);
    assert!(next.cursor.starts_with(LIST_CURSOR_PREFIX));
    // Configured list mode is not a fallback: nothing to remember.
    assert!(p.read_modes().is_empty());
    assert_eq!(
        sb.requests().by_route("GET", "/beta/planner/tasks/delta"),
        0
    );
}

#[tokio::test]
async fn auto_mode_remembers_its_fallback_to_list() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    sb.faults()
        .add(Fault::new("/beta/planner/tasks/delta", FaultKind::NotFound).times(Times::Always));
    let known = BTreeMap::new();
    let round = p.changes(PLAN, None, &known).await.unwrap();
    assert_eq!(round.changed.len(), 12);
    assert!(round.cursor.starts_with(LIST_CURSOR_PREFIX));
    let modes = p.read_modes();
    assert_eq!(modes.get(PLAN), Some(&ReadMode::List));

    // A later run, handed the persisted modes, lists without trying delta.
    let client = GraphClient::new(options(&sb, Arc::new(MemoryTokenCache::new()))).unwrap();
    let later = PlannerAdapter::new(client, GraphApiMode::Auto, modes, sb.graph_base_url());
    sb.reset_requests();
    let round = later
        .changes(PLAN, Some(&round.cursor), &known)
        .await
        .unwrap();
    assert_eq!(round.changed.len(), 12);
    assert_eq!(
        sb.requests().by_route("GET", "/beta/planner/tasks/delta"),
        0
    );
}

#[tokio::test]
async fn a_deleted_plan_is_plan_gone_in_every_mode() {
    let sb = sandbox(Seed::Demo).await;
    let known = BTreeMap::new();
    let auto = adapter(&sb);
    let cursor = auto.changes(PLAN, None, &known).await.unwrap().cursor;
    sb.graph().delete_plan(PLAN).unwrap();
    for api in [GraphApiMode::Auto, GraphApiMode::Delta, GraphApiMode::List] {
        let p = adapter_from(options(&sb, Arc::new(MemoryTokenCache::new())), api);
        for from in [None, Some(cursor.as_str())] {
            let err = p.changes(PLAN, from, &known).await.unwrap_err();
            assert!(
                matches!(&err, PortError::PlanGone(id) if id == PLAN),
                "{api:?} {from:?}: {err:?}"
            );
        }
    }
    let err = auto.all_tasks(PLAN).await.unwrap_err();
    assert!(matches!(err, PortError::PlanGone(_)), "{err:?}");
}

#[tokio::test]
async fn batched_reads_put_a_deleted_task_in_its_slot() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    sb.graph().delete_task("task-demo-07").unwrap();
    let ids = [
        tid("task-demo-01"),
        tid("task-demo-07"),
        tid("task-demo-02"),
    ];
    let slots = p.tasks(&ids).await.unwrap();
    assert_eq!(slots.len(), 3);
    let first = slots[0].as_ref().unwrap();
    assert_eq!(first.id, ids[0]);
    assert!(!first.details.etag.is_empty());
    assert!(
        matches!(&slots[1], Err(PortError::NotFound(what)) if what.contains("task-demo-07")),
        "{:?}",
        slots[1]
    );
    assert_eq!(slots[2].as_ref().unwrap().title, "Migrate blog to new CMS");
    assert!(p.tasks(&[]).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_plan_rides_with_the_details_of_the_tasks_read() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let plan_alone = p.plan(PLAN).await.unwrap();
    let ids = [tid("task-demo-01"), tid("task-demo-02")];
    let tasks_alone: Vec<RemoteTask> = p
        .tasks(&ids)
        .await
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    sb.reset_requests();
    let (tasks, plan) = p.tasks_and_plan(&ids, PLAN).await;
    // Two `$batch`es, as the tasks alone take: tasks, then details with the plan's reads.
    let counts = sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 2, "{counts:?}");
    assert_eq!(counts.graph_total(), 2, "{counts:?}");
    assert_eq!(plan.unwrap(), plan_alone);
    let tasks: Vec<RemoteTask> = tasks.unwrap().into_iter().map(Result::unwrap).collect();
    assert_eq!(tasks, tasks_alone);
    // No tasks: the plan alone. A plan gone is its own answer; the tasks still come.
    let (none, plan) = p.tasks_and_plan(&[], PLAN).await;
    assert!(none.unwrap().is_empty());
    assert_eq!(plan.unwrap(), plan_alone);
    let (tasks, gone) = p.tasks_and_plan(&ids, "no-such-plan").await;
    assert_eq!(tasks.unwrap().len(), 2);
    assert!(matches!(gone, Err(PortError::PlanGone(_))), "{gone:?}");
}
