//! Planner reads and writes: plans, labels, buckets and limits, If-Match writes and the
//! 412 → Conflict rule, details maps, and `$batch` with per-item 429 retries.

use super::*;

#[tokio::test]
async fn plans_details_buckets_and_limits() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let err = c.get_plan("no-such-plan").await.unwrap_err();
    assert!(
        matches!(&err, GraphError::PlanGone { plan_id, request_id: Some(_) } if plan_id == "no-such-plan"),
        "{err:?}"
    );
    assert!(matches!(
        c.list_tasks("no-such-plan").await,
        Err(GraphError::PlanGone { .. })
    ));

    sb.graph()
        .set_category_name("plan-small", 2, Some("Blocked"))
        .unwrap();
    let details = c.get_plan_details("plan-small").await.unwrap();
    assert_eq!(details.category_name(2), Some("Blocked"));
    assert_eq!(details.named_categories(), vec![(2, "Blocked".to_owned())]);
    let plans = c.group_plans("sandbox-group").await.unwrap();
    assert_eq!(
        plans.iter().map(|p| p.id.as_str()).collect::<Vec<_>>(),
        ["plan-small"]
    );

    let bucket = c.create_bucket("plan-small", "Review").await.unwrap();
    let buckets = c.list_buckets("plan-small").await.unwrap();
    assert!(
        buckets
            .iter()
            .any(|b| b.id == bucket.id && b.name == "Review")
    );
    sb.graph().set_limits(GraphLimits {
        max_buckets_per_plan: 4,
        ..GraphLimits::default()
    });
    let err = c
        .create_bucket("plan-small", "One too many")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, GraphError::LimitReached { code, .. } if code == "MaximumBucketsInProject"),
        "{err:?}"
    );
}

#[tokio::test]
async fn task_writes_carry_if_match_and_a_stale_etag_is_a_conflict() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let buckets = c.list_buckets("plan-small").await.unwrap();
    let created = c
        .create_task(
            &NewTask::new("plan-small", "From Linear")
                .bucket(&buckets[0].id)
                .priority(3)
                .due(Some("2026-11-30T00:00:00Z"))
                .assign(ALICE)
                .category(25, true),
        )
        .await
        .unwrap();
    assert_eq!(created.created_by_app(), Some(SANDBOX_CLIENT_ID));
    assert_eq!(created.categories(), vec![25]);
    assert!(created.assignments.contains_key(ALICE));

    let updated = c
        .update_task(
            &created.id.0,
            &created.etag,
            &TaskPatch::new()
                .percent_complete(50)
                .assign(BOB)
                .unassign(ALICE),
        )
        .await
        .unwrap();
    assert!(
        updated.etag > created.etag,
        "the new etag comes back without a re-GET"
    );
    assert_eq!(updated.percent_complete, 50);
    assert_eq!(updated.assignments.keys().collect::<Vec<_>>(), [BOB]);
    assert_eq!(
        c.stats().get(RequestKind::Task),
        2,
        "PATCH answered with the representation"
    );

    // Someone edits in Planner; our PATCH with the old etag is refused and we get the fresh task.
    sb.graph()
        .patch_task(&created.id.0, json!({"title": "Edited by a human"}))
        .unwrap();
    let err = c
        .update_task(
            &created.id.0,
            &updated.etag,
            &TaskPatch::new().title("Ours"),
        )
        .await
        .unwrap_err();
    let GraphError::Conflict { fresh, .. } = err else {
        panic!("{err:?}")
    };
    let Fresh::Task(fresh) = *fresh else {
        panic!("not a task")
    };
    assert_eq!(fresh.title, "Edited by a human");
    assert_eq!(
        Some(fresh.etag.0.clone()),
        sb.graph().task_etag(&created.id.0)
    );

    let err = c
        .delete_task(&created.id.0, &updated.etag)
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::Conflict { .. }), "{err:?}");
    c.delete_task(&created.id.0, &fresh.etag).await.unwrap();
    assert!(sb.graph().task(&created.id.0).is_none());
    // Every request was authorized with the first token: none went without Authorization
    // (the sandbox answers 401 to those, which would have forced a refresh).
    assert_eq!(sb.requests().token_requests(), 1);
}

#[tokio::test]
async fn details_checklist_and_references() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let task = c.get_task("task-small-1").await.unwrap();
    let details = c.get_details(&task.id.0).await.unwrap();
    let url = "https://linear.app/acme/issue/ENG-1#c.1";
    let patched = c
        .update_details(
            &task.id.0,
            &details.etag,
            &DetailsPatch::new()
                .description("Plain text body")
                .checklist_item("0b7e6f1c-0000-4000-8000-000000000001", "Sub-issue", false)
                .reference(url, "ENG-1", Some("Other")),
        )
        .await
        .unwrap();
    assert_eq!(patched.description.as_deref(), Some("Plain text body"));
    let key = encode_reference_key(url);
    assert_eq!(patched.references[&key].alias.as_deref(), Some("ENG-1"));
    assert_eq!(
        linear_planner_sync::graph::decode_reference_key(&key).as_deref(),
        Some(url)
    );
    assert!(
        c.get_task(&task.id.0).await.unwrap().etag > task.etag,
        "details bump the task etag"
    );

    let removed = c
        .update_details(
            &task.id.0,
            &patched.etag,
            &DetailsPatch::new()
                .remove_checklist_item("0b7e6f1c-0000-4000-8000-000000000001")
                .remove_reference(url),
        )
        .await
        .unwrap();
    assert!(
        !removed
            .checklist
            .contains_key("0b7e6f1c-0000-4000-8000-000000000001")
    );
    assert!(removed.references.is_empty());
    let err = c
        .update_details(
            &task.id.0,
            &patched.etag,
            &DetailsPatch::new().description("late"),
        )
        .await
        .unwrap_err();
    let GraphError::Conflict { fresh, .. } = err else {
        panic!("{err:?}")
    };
    assert!(matches!(*fresh, Fresh::Details(d) if d.etag == removed.etag));
}

#[tokio::test]
async fn batch_reads_45_details_in_3_requests_and_retries_throttled_items() {
    let sb = sandbox(Seed::Large(45)).await;
    let c = client(&sb);
    let ids: Vec<TaskId> = (0..45)
        .map(|i| task_id(&format!("task-large-{i:05}")))
        .collect();
    let results = c.batch_get_details(&ids).await.unwrap();
    assert_eq!(results.len(), 45);
    assert!(
        results
            .iter()
            .zip(&ids)
            .all(|((id, r), want)| id == want && r.is_ok())
    );
    assert_eq!(sb.requests().by_route("POST", "/v1.0/$batch"), 3);

    sb.reset_requests();
    let retry_after = Some("0.2".to_owned());
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00007/details",
        FaultKind::TooManyRequests { retry_after },
        Times::Count(1),
    );
    let start = Instant::now();
    let results = c.batch_get_details(&ids).await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(200));
    let (id, seventh) = &results[7];
    assert_eq!(id.0, "task-large-00007");
    assert_eq!(
        seventh.as_ref().unwrap().description.as_deref(),
        Some("Benchmark task 7")
    );
    assert!(results.iter().all(|(_, r)| r.is_ok()));
    assert_eq!(
        sb.requests().by_route("POST", "/v1.0/$batch"),
        4,
        "3 + one retry of the throttled item"
    );

    let tasks = c
        .batch_get_tasks(&[task_id("task-large-00001"), task_id("missing")])
        .await
        .unwrap();
    assert_eq!(tasks[0].1.as_ref().unwrap().title, "Large task 1");
    assert!(matches!(tasks[1].1, Err(GraphError::NotFound { .. })));
}

#[tokio::test]
async fn creates_are_not_resent_when_they_may_have_been_applied() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let new = NewTask::new("plan-small", "Created once");
    sb.faults().add(
        Fault::new("/v1.0/planner/tasks", FaultKind::DropConnection)
            .method("POST")
            .times(Times::Count(1)),
    );
    let err = c.create_task(&new).await.unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::Exhausted {
                attempts: 1,
                last_status: None,
                ..
            }
        ),
        "{err:?}"
    );
    // A 429 means "not processed": that one is retried.
    let retry_after = Some("0.05".to_owned());
    sb.faults().add(
        Fault::new(
            "/v1.0/planner/tasks",
            FaultKind::TooManyRequests { retry_after },
        )
        .method("POST")
        .times(Times::Count(1)),
    );
    assert_eq!(c.create_task(&new).await.unwrap().title, "Created once");
    assert_eq!(sb.requests().by_route("POST", "/v1.0/planner/tasks"), 3);
}

#[tokio::test]
async fn batch_writes_details_with_if_match_per_item_and_retries_throttled_ones() {
    let sb = sandbox(Seed::Large(25)).await;
    let c = client(&sb);
    let ids: Vec<TaskId> = (0..25)
        .map(|i| task_id(&format!("task-large-{i:05}")))
        .collect();
    let read = c.batch_get_details(&ids).await.unwrap();
    let mut writes: Vec<(TaskId, Etag, DetailsPatch)> = read
        .into_iter()
        .map(|(id, d)| {
            let d = d.unwrap();
            let patch = DetailsPatch::new().reference(
                &format!("https://linear.app/acme/issue/ENG-{}", id.0.len()),
                "ENG",
                None,
            );
            (id, d.etag, patch)
        })
        .collect();
    // Item 3's etag is stale (someone wrote meanwhile); item 9 is throttled once.
    sb.graph()
        .patch_details(
            "task-large-00003",
            json!({"description": "edited by a human"}),
        )
        .unwrap();
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00009/details",
        FaultKind::TooManyRequests {
            retry_after: Some("0.1".to_owned()),
        },
        Times::Count(1),
    );
    writes[0].2 = DetailsPatch::new().description("written in a batch");
    sb.reset_requests();

    let results = c.batch_update_details(&writes).await.unwrap();

    assert_eq!(results.len(), 25);
    for (i, ((id, result), (want, old_etag, _))) in results.iter().zip(&writes).enumerate() {
        assert_eq!(id, want);
        if i == 3 {
            assert!(
                matches!(result, Err(GraphError::PreconditionFailed { .. })),
                "{result:?}"
            );
            continue;
        }
        let details = result.as_ref().unwrap();
        assert_ne!(&details.etag, old_etag, "the answer carries the new etag");
    }
    let first = sb.graph().details("task-large-00000").unwrap();
    assert_eq!(first["description"], json!("written in a batch"));
    let third = sb.graph().details("task-large-00003").unwrap();
    assert_eq!(
        third["description"],
        json!("edited by a human"),
        "not overwritten"
    );
    assert_eq!(
        sb.requests().by_route("POST", "/v1.0/$batch"),
        3,
        "2 batches + one retry of the throttled item"
    );
    assert_eq!(
        sb.requests()
            .batch_items_by_route("PATCH", "/v1.0/planner/tasks/{id}/details"),
        25,
        "each item reached the details route once (the throttled answer came from the fault)"
    );
}
