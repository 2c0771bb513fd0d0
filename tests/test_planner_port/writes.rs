//! Writes: create with details, task and details PATCHes with If-Match, 412 → `Conflict`
//! carrying the fresh task, and the task etag after a details write.

use super::*;

const ISSUE_URL: &str = "https://linear.app/acme/issue/ENG-7/from-linear";

#[tokio::test]
async fn create_task_writes_the_task_then_its_details() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let new = NewTask {
        plan_id: PLAN.into(),
        bucket_id: "bucket-doing".into(),
        title: "From Linear".into(),
        percent: 50,
        priority: 3,
        due: Some("2026-11-30".into()),
        assignees: vec![BOB.into()],
        categories: vec!["category2".into(), "category6".into()],
        description: "First line\nSecond line".into(),
        references: BTreeMap::from([(ISSUE_URL.into(), "ENG-7".into())]),
    };
    let t = p.create_task(&new).await.unwrap();
    assert_eq!(t.plan_id, PLAN);
    assert_eq!(
        (t.title.as_str(), t.bucket_id.as_str()),
        ("From Linear", "bucket-doing")
    );
    assert_eq!((t.percent, t.priority), (50, 3));
    assert_eq!(t.due.as_deref(), Some("2026-11-30"));
    assert_eq!(t.assignments.len(), 1);
    assert_eq!(t.assignments[0].user_id, BOB);
    assert_eq!(
        t.categories,
        BTreeSet::from(["category2".to_owned(), "category6".to_owned()])
    );
    assert_eq!(t.created_by_app.as_deref(), Some(p.app_id().as_str()));
    assert_eq!(t.details.description, "First line\nSecond line");
    assert_eq!(
        t.details.references,
        BTreeMap::from([(ISSUE_URL.to_owned(), "ENG-7".to_owned())])
    );

    // The sandbox world has it as Planner would, and our etags are the current ones.
    let id = t.id.0.as_str();
    let task = sb.graph().task(id).unwrap();
    assert_eq!(task["dueDateTime"], "2026-11-30T00:00:00Z");
    assert_eq!(task["appliedCategories"]["category2"], true);
    assert!(task["assignments"][BOB].is_object());
    let details = sb.graph().details(id).unwrap();
    assert_eq!(details["description"], "First line\nSecond line");
    let reference = &details["references"]["https%3A//linear%2Eapp/acme/issue/ENG-7/from-linear"];
    assert_eq!(reference["alias"], "ENG-7");
    assert_eq!(reference["type"], "Other");
    assert_eq!(
        (t.etag.clone(), t.details.etag.clone()),
        world_etags(&sb, id)
    );
    // What create returned is what a read returns.
    assert_eq!(read(&p, id).await, t);
}

#[tokio::test]
async fn create_task_without_details_skips_the_details_write() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let new = NewTask {
        plan_id: PLAN.into(),
        bucket_id: String::new(),
        title: "Bare".into(),
        percent: 0,
        priority: 5,
        due: None,
        assignees: Vec::new(),
        categories: Vec::new(),
        description: String::new(),
        references: BTreeMap::new(),
    };
    sb.reset_requests();
    let t = p.create_task(&new).await.unwrap();
    assert_eq!(sb.requests().writes(), 1);
    assert_eq!(read(&p, &t.id.0).await, t);

    let bad = NewTask {
        categories: vec!["category26".into()],
        ..new
    };
    sb.reset_requests();
    let err = p.create_task(&bad).await.unwrap_err();
    assert!(matches!(err, PortError::Rejected { .. }), "{err:?}");
    assert_eq!(sb.requests().writes(), 0);
}

#[tokio::test]
async fn update_task_writes_every_field_and_keeps_the_details() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let t = read(&p, "task-demo-01").await;
    let write = TaskWrite {
        title: Some("Design landing page v2".into()),
        bucket_id: Some("bucket-done".into()),
        percent: Some(100),
        priority: Some(9),
        due: Some(Some("2026-12-24".into())),
        assignments: BTreeMap::from([(ALICE.into(), false), (CAROL.into(), true)]),
        categories: BTreeMap::from([("category1".into(), false), ("category3".into(), true)]),
    };
    let u = p.update_task(&t, &write).await.unwrap();
    assert_eq!(u.title, "Design landing page v2");
    assert_eq!(u.bucket_id, "bucket-done");
    assert_eq!((u.percent, u.priority), (100, 9));
    assert_eq!(u.due.as_deref(), Some("2026-12-24"));
    assert_eq!(
        u.assignments
            .iter()
            .map(|a| a.user_id.as_str())
            .collect::<Vec<_>>(),
        [CAROL]
    );
    assert_eq!(
        u.categories,
        BTreeSet::from(["category3".to_owned(), "category5".to_owned()])
    );
    assert_ne!(u.etag, t.etag);
    assert_eq!(u.details, t.details);
    assert_eq!(read(&p, "task-demo-01").await, u);
    assert_eq!(
        sb.graph().task("task-demo-01").unwrap()["dueDateTime"],
        "2026-12-24T00:00:00Z"
    );

    let cleared = p
        .update_task(
            &u,
            &TaskWrite {
                due: Some(None),
                ..TaskWrite::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.due, None);
    assert!(sb.graph().task("task-demo-01").unwrap()["dueDateTime"].is_null());

    sb.reset_requests();
    let same = p
        .update_task(&cleared, &TaskWrite::default())
        .await
        .unwrap();
    assert_eq!(same, cleared);
    assert_eq!(sb.requests().graph_total(), 0);
}

#[tokio::test]
async fn a_stale_task_etag_is_a_conflict_with_the_fresh_task() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let t = read(&p, "task-demo-02").await;
    sb.graph()
        .patch_task("task-demo-02", json!({"title": "Edited by a human"}))
        .unwrap();
    let write = TaskWrite {
        percent: Some(100),
        ..TaskWrite::default()
    };
    let err = p.update_task(&t, &write).await.unwrap_err();
    let PortError::Conflict(fresh) = err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(fresh.title, "Edited by a human");
    assert_eq!(fresh.percent, t.percent);
    assert_eq!(
        (fresh.etag.clone(), fresh.details.etag.clone()),
        world_etags(&sb, "task-demo-02")
    );
    assert_eq!(fresh.details.description, t.details.description);
    // Re-planned on the fresh task, the write goes through.
    let done = p.update_task(&fresh, &write).await.unwrap();
    assert_eq!(
        (done.percent, done.title.as_str()),
        (100, "Edited by a human")
    );

    sb.graph().delete_task("task-demo-02").unwrap();
    let err = p.update_task(&done, &write).await.unwrap_err();
    assert!(matches!(err, PortError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn update_details_returns_new_details_and_the_new_task_etag() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let t = read(&p, "task-demo-05").await;
    let write = DetailsWrite {
        description: Some("Rewritten in Linear".into()),
        add_references: BTreeMap::from([(ISSUE_URL.into(), "ENG-7".into())]),
        ..DetailsWrite::default()
    };
    let u = p.update_details(&t, &write).await.unwrap();
    assert_eq!(u.details.description, "Rewritten in Linear");
    assert_eq!(
        u.details.references,
        BTreeMap::from([
            (
                "https://contoso.example/spec/5".to_owned(),
                "Spec 5".to_owned()
            ),
            (ISSUE_URL.to_owned(), "ENG-7".to_owned()),
        ])
    );
    assert_ne!(u.etag, t.etag, "a details write changes the task etag");
    assert_ne!(u.details.etag, t.details.etag);
    assert_eq!(
        (u.etag.clone(), u.details.etag.clone()),
        world_etags(&sb, "task-demo-05")
    );
    assert_eq!(read(&p, "task-demo-05").await, u);

    // A human edits the details between our read and our write.
    sb.graph()
        .patch_details("task-demo-05", json!({"description": "Human text"}))
        .unwrap();
    let err = p
        .update_details(
            &u,
            &DetailsWrite {
                description: Some("Bridge text".into()),
                ..DetailsWrite::default()
            },
        )
        .await
        .unwrap_err();
    let PortError::Conflict(fresh) = err else {
        panic!("expected a conflict, got {err:?}");
    };
    assert_eq!(fresh.details.description, "Human text");
    assert_eq!(
        (fresh.etag.clone(), fresh.details.etag.clone()),
        world_etags(&sb, "task-demo-05")
    );
}

#[tokio::test]
async fn a_details_write_keeps_the_old_etag_when_the_task_changed_meanwhile() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let t = read(&p, "task-demo-06").await;
    sb.graph()
        .patch_task("task-demo-06", json!({"title": "Renamed by a human"}))
        .unwrap();
    let u = p
        .update_details(
            &t,
            &DetailsWrite {
                description: Some("x".into()),
                ..DetailsWrite::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(u.details.description, "x");
    // Not the human's title with a fresh etag (that would hide the edit from the merge).
    assert_eq!(
        (u.title.as_str(), u.etag.as_str()),
        (t.title.as_str(), t.etag.as_str())
    );
    let err = p
        .update_task(
            &u,
            &TaskWrite {
                percent: Some(50),
                ..TaskWrite::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PortError::Conflict(f) if f.title == "Renamed by a human" && f.details.description == "x"),
        "{err:?}"
    );
}
