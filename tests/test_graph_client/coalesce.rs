//! Coalescing (graph/coalesce.rs): single task writes sent at once by concurrent callers ride
//! in one `$batch`, each caller getting its own item's answer with a single request's rules (a
//! stale etag is a `Conflict` with the task as it is now, a throttled item is retried after
//! its `Retry-After`); a lone request stays the plain single request it was.

use super::*;

fn priority_of(task: &serde_json::Value) -> i64 {
    task["priority"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn concurrent_writes_ride_in_one_batch_with_their_own_answers() {
    let sb = sandbox(Seed::Large(6)).await;
    let c = client(&sb);
    let ids: Vec<String> = (0..6).map(|i| format!("task-large-{i:05}")).collect();
    let mut tasks = Vec::new();
    for id in &ids {
        tasks.push(c.get_task(id).await.unwrap());
    }
    // One at a time, nothing to coalesce with: plain single requests.
    assert_eq!(sb.requests().by_route("GET", "/v1.0/planner/tasks/{id}"), 6);
    assert_eq!(sb.requests().by_route("POST", "/v1.0/$batch"), 0);

    // Task 1 was edited by someone else since it was read: its etag is stale.
    sb.graph()
        .patch_task(&ids[1], json!({"title": "Edited by a human"}))
        .unwrap();
    // Task 2's write is throttled once, with its own Retry-After.
    sb.faults().add(
        Fault::new(
            &format!("/v1.0/planner/tasks/{}", ids[2]),
            FaultKind::TooManyRequests {
                retry_after: Some("0.2".into()),
            },
        )
        .method("PATCH")
        .times(Times::Count(1)),
    );
    sb.reset_requests();
    let start = Instant::now();
    let writes = tasks.iter().map(|t| {
        let c = c.clone();
        let patch = TaskPatch::new().priority(7);
        async move { c.update_task(&t.id.0, &t.etag, &patch).await }
    });
    let results = futures_util::future::join_all(writes).await;
    // The throttled item waited for its Retry-After before it was sent again.
    assert!(start.elapsed() >= Duration::from_millis(200));

    for (i, (result, before)) in results.iter().zip(&tasks).enumerate() {
        if i == 1 {
            match result {
                Err(GraphError::Conflict { fresh, .. }) => match fresh.as_ref() {
                    Fresh::Task(t) => assert_eq!(t.title, "Edited by a human"),
                    other => panic!("{other:?}"),
                },
                other => panic!("task 1 must be a conflict: {other:?}"),
            }
            continue;
        }
        let written = result
            .as_ref()
            .unwrap_or_else(|e| panic!("task {i}: {e:?}"));
        assert_eq!(written.priority, Some(7), "task {i}");
        assert_ne!(
            written.etag, before.etag,
            "task {i}: the new etag came back"
        );
    }
    for (i, id) in ids.iter().enumerate() {
        let want = if i == 1 {
            tasks[1].priority.unwrap_or(-1)
        } else {
            7
        };
        assert_eq!(priority_of(&sb.graph().task(id).unwrap()), want, "{id}");
    }

    let r = sb.requests();
    // The sandbox records a faulted item under its own path, not the route pattern.
    let faulted = format!("/v1.0/planner/tasks/{}", ids[2]);
    let patch_items = r.batch_items_by_route("PATCH", "/v1.0/planner/tasks/{id}")
        + r.batch_items_by_route("PATCH", &faulted);
    let patch_single =
        r.by_route("PATCH", "/v1.0/planner/tasks/{id}") + r.by_route("PATCH", &faulted);
    assert_eq!(
        patch_items + patch_single,
        7,
        "six writes and one retry of the throttled one: {r:?}"
    );
    assert!(patch_items >= 6, "the six writes rode in one $batch: {r:?}");
    let get_task = r.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}")
        + r.by_route("GET", "/v1.0/planner/tasks/{id}");
    assert_eq!(get_task, 1, "one re-read after the 412: {r:?}");
    // Eight requests' worth of work: the envelope of six, then the retry and the re-read
    // (alone or together).
    assert!(
        r.graph_total() - r.token_requests() <= 3,
        "{} Graph requests: {r:?}",
        r.graph_total()
    );
    assert!(r.by_route("POST", "/v1.0/$batch") >= 1);
}

#[tokio::test]
async fn concurrent_creates_ride_in_one_batch_and_one_that_may_have_landed_is_not_resent() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let titles: Vec<String> = (0..4).map(|i| format!("Created together {i}")).collect();
    // The first create item fails with a 500 (it may have been applied: not sent again);
    // the next one is throttled (not applied: sent again after its Retry-After).
    sb.faults().add(
        Fault::new("/v1.0/planner/tasks", FaultKind::InternalError)
            .method("POST")
            .times(Times::Count(1)),
    );
    sb.faults().add(
        Fault::new(
            "/v1.0/planner/tasks",
            FaultKind::TooManyRequests {
                retry_after: Some("0.05".into()),
            },
        )
        .method("POST")
        .times(Times::Count(1)),
    );
    sb.reset_requests();
    let creates = titles.iter().map(|title| {
        let c = c.clone();
        let new = NewTask::new("plan-small", title);
        async move { c.create_task(&new).await }
    });
    let results = futures_util::future::join_all(creates).await;
    let failed: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert!(
        matches!(
            failed[0],
            Err(GraphError::Exhausted {
                attempts: 1,
                last_status: Some(500),
                ..
            })
        ),
        "{failed:?}"
    );
    let r = sb.requests();
    let create = "/v1.0/planner/tasks";
    assert_eq!(
        r.by_route("POST", create),
        1,
        "only the throttled retry alone: {r:?}"
    );
    assert_eq!(r.batch_items_by_route("POST", create), 4, "{r:?}");
    // Each title at most once, and every create that answered is there.
    let plan = sb.graph().plan_tasks("plan-small");
    for (title, result) in titles.iter().zip(&results) {
        let n = plan.iter().filter(|t| t["title"] == json!(title)).count();
        assert_eq!(n, usize::from(result.is_ok()), "{title}");
    }
}

/// A `$batch` read too small to fill an envelope goes through the coalescer (graph/batch.rs):
/// it shares one envelope with a write sent at the same time, each getting its own answer.
/// Failures keep the `$batch` rules: an item's own refusal is that item's result, while
/// connections lost on every try fail the whole read, as for an envelope of its own.
#[tokio::test]
async fn a_partial_batch_shares_an_envelope_and_keeps_the_batch_failure_rules() {
    const TASK: &str = "/v1.0/planner/tasks/{id}";
    let sb = sandbox(Seed::Large(6)).await;
    let c = client(&sb);
    let ids: Vec<TaskId> = (0..5)
        .map(|i| task_id(&format!("task-large-{i:05}")))
        .collect();
    let lone = c.get_task("task-large-00005").await.unwrap();
    sb.reset_requests();
    let patch = TaskPatch::new().priority(7);
    let (read, written) = tokio::join!(
        c.batch_get_tasks(&ids),
        c.update_task(&lone.id.0, &lone.etag, &patch),
    );
    let read = read.unwrap();
    assert!(read.iter().all(|(_, r)| r.is_ok()), "{read:?}");
    assert_eq!(read[4].1.as_ref().unwrap().title, "Large task 4");
    assert_eq!(written.unwrap().priority, Some(7));
    let r = sb.requests();
    assert_eq!(
        r.graph_total() - r.token_requests(),
        1,
        "one envelope: {r:?}"
    );
    assert_eq!(r.batch_items_by_route("GET", TASK), 5, "{r:?}");
    assert_eq!(r.batch_items_by_route("PATCH", TASK), 1, "{r:?}");

    // An item refused on its own: that item's error, the others read.
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00001",
        FaultKind::ForbiddenEmptyCode,
        Times::Count(1),
    );
    let read = c.batch_get_tasks(&ids).await.unwrap();
    assert!(
        matches!(read[1].1, Err(GraphError::Forbidden { .. })),
        "{read:?}"
    );
    assert_eq!(read.iter().filter(|(_, r)| r.is_ok()).count(), 4);

    // Its envelope lost on every try: the read fails as a whole.
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00002",
        FaultKind::DropConnection,
        Times::Always,
    );
    let err = c.batch_get_tasks(&ids).await.unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::Exhausted {
                last_status: None,
                ..
            }
        ),
        "{err:?}"
    );
}
