//! Change reading: delta paging, tombstones, quiet rounds and expiry; list-and-diff; auto
//! falling back from a refused delta.

use super::*;

#[tokio::test]
async fn delta_pages_removals_and_quiet_rounds() {
    let sb = sandbox(Seed::Small).await;
    sb.graph().set_limits(GraphLimits {
        page_size: 2,
        ..GraphLimits::default()
    });
    let c = client(&sb);
    let first = c.delta_round("plan-small", None).await.unwrap();
    assert_eq!((first.changed.len(), first.pages), (5, 3));
    assert!(first.removed.is_empty() && first.changed.iter().all(|t| t.etag.is_some()));

    let edited = first.changed[0].id.clone();
    let deleted = first.changed[1].id.clone();
    sb.graph()
        .patch_task(&edited.0, json!({"percentComplete": 100}))
        .unwrap();
    sb.graph().delete_task(&deleted.0).unwrap();
    let second = c
        .delta_round("plan-small", Some(&first.delta_link))
        .await
        .unwrap();
    assert_eq!(
        second.changed.iter().map(|t| &t.id).collect::<Vec<_>>(),
        [&edited]
    );
    assert_eq!(second.removed, vec![deleted]);

    let quiet = c
        .delta_round("plan-small", Some(&second.delta_link))
        .await
        .unwrap();
    assert!(quiet.changed.is_empty() && quiet.removed.is_empty());
    assert_eq!(quiet.pages, 1, "a quiet round is one request");
    assert_eq!(c.stats().get(RequestKind::Delta), 3 + 1 + 1);

    sb.graph().expire_delta_tokens();
    let err = c
        .delta_round("plan-small", Some(&quiet.delta_link))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, GraphError::DeltaExpired { code, .. } if code == "resyncRequired"),
        "{err:?}"
    );
    fault(
        &sb,
        "/beta/planner/tasks/delta",
        FaultKind::ResyncRequired,
        Times::Count(1),
    );
    assert!(matches!(
        c.delta_round("plan-small", None).await,
        Err(GraphError::DeltaExpired { .. })
    ));
}

#[tokio::test]
async fn list_mode_diffs_etags_against_the_shadow() {
    let sb = sandbox(Seed::Small).await;
    sb.graph().set_limits(GraphLimits {
        page_size: 2,
        ..GraphLimits::default()
    });
    let c = client(&sb);
    let tasks = c.list_tasks("plan-small").await.unwrap();
    assert_eq!(tasks.len(), 5);
    let mut known: HashMap<TaskId, Etag> = tasks
        .iter()
        .map(|t| (t.id.clone(), t.etag.clone()))
        .collect();
    known.insert(task_id("gone-before"), Etag("W/\"x\"".into()));
    sb.graph()
        .patch_task(&tasks[0].id.0, json!({"title": "Changed"}))
        .unwrap();
    sb.graph().delete_task(&tasks[1].id.0).unwrap();
    let bucket = tasks[2].bucket_id.clone().unwrap();
    sb.graph()
        .create_task(
            "plan-small",
            json!({"title": "New in Planner", "bucketId": bucket}),
        )
        .unwrap();

    let round = c.list_round("plan-small", &known).await.unwrap();
    assert_eq!(
        round
            .changed
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["Changed"]
    );
    assert_eq!(
        round
            .new
            .iter()
            .map(|t| t.title.as_str())
            .collect::<Vec<_>>(),
        ["New in Planner"]
    );
    let mut removed = vec![tasks[1].id.clone(), task_id("gone-before")];
    removed.sort();
    assert_eq!(round.removed, removed);
    assert_eq!(round.listed, 5);

    // A failed page means no removals at all: the round fails as a whole.
    fault(
        &sb,
        "/v1.0/planner/plans/plan-small/tasks",
        FaultKind::InternalError,
        Times::Always,
    );
    assert!(matches!(
        c.list_round("plan-small", &known).await,
        Err(GraphError::Exhausted { .. })
    ));
}

#[tokio::test]
async fn auto_mode_falls_back_to_list_when_delta_is_refused() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let known = HashMap::new();
    let auto = ChangeReader::new(c.clone(), GraphApiMode::Auto);
    let round = auto.read("plan-small", None, None, &known).await.unwrap();
    assert_eq!(
        (round.mode, round.fell_back.is_none()),
        (ReadMode::Delta, true)
    );

    fault(
        &sb,
        "/beta/planner/tasks/delta",
        FaultKind::NotFound,
        Times::Always,
    );
    let round = auto.read("plan-small", None, None, &known).await.unwrap();
    assert_eq!(round.mode, ReadMode::List);
    assert!(round.fell_back.is_some());
    assert!(matches!(round.changes, Changes::List(ref l) if l.new.len() == 5));

    // Once remembered, auto goes straight to list.
    sb.reset_requests();
    let round = auto
        .read("plan-small", Some(ReadMode::List), None, &known)
        .await
        .unwrap();
    assert_eq!(round.mode, ReadMode::List);
    assert_eq!(
        sb.requests().by_route("GET", "/beta/planner/tasks/delta"),
        0
    );

    let delta_only = ChangeReader::new(c.clone(), GraphApiMode::Delta);
    let err = delta_only
        .read("plan-small", None, None, &known)
        .await
        .unwrap_err();
    assert!(
        matches!(err, GraphError::DeltaRefused { status: 404, .. }),
        "{err:?}"
    );
    let list_only = ChangeReader::new(c, GraphApiMode::List);
    assert_eq!(
        list_only
            .read("plan-small", None, None, &known)
            .await
            .unwrap()
            .mode,
        ReadMode::List
    );
}

#[tokio::test]
async fn a_deleted_plan_is_plan_gone_in_every_mode() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let known = HashMap::new();
    let first = c.delta_round("plan-small", None).await.unwrap();
    sb.graph().delete_plan("plan-small").unwrap();
    // Delta cannot tell "gone" from "refused"; auto falls back to list, which can.
    let auto = ChangeReader::new(c.clone(), GraphApiMode::Auto);
    let err = auto
        .read("plan-small", None, Some(&first.delta_link), &known)
        .await
        .unwrap_err();
    assert!(matches!(err, GraphError::PlanGone { .. }), "{err:?}");
    assert!(matches!(
        c.get_plan("plan-small").await,
        Err(GraphError::PlanGone { .. })
    ));
}
