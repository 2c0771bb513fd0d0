//! Plans, plan details, buckets, task create/patch/delete with etags, strict validation.

use super::*;

#[tokio::test]
async fn plans_details_and_group_listing() {
    let env = Env::new(Seed::Demo).await;
    let plan = env.get("/v1.0/planner/plans/plan-demo").await;
    assert_eq!(plan.status, 200);
    assert_eq!(plan.body["title"], "Website relaunch");
    assert_eq!(plan.body["container"]["containerId"], "sandbox-group");
    assert!(
        plan.body["@odata.etag"]
            .as_str()
            .unwrap()
            .starts_with("W/\"")
    );

    let details = env.get("/v1.0/planner/plans/plan-demo/details").await;
    let cats = &details.body["categoryDescriptions"];
    assert_eq!(cats["category1"], "Urgent");
    assert_eq!(cats["category6"], "Feature");
    assert!(cats["category25"].is_null());
    assert_eq!(cats.as_object().unwrap().len(), 25);

    let missing = env.get("/v1.0/planner/plans/nope").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["error"]["code"], "");

    let listed = env.get("/v1.0/groups/sandbox-group/planner/plans").await;
    let ids: Vec<&str> = listed.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["plan-demo"]);
    assert_eq!(
        env.get("/v1.0/groups/no-group/planner/plans").await.status,
        404
    );
}

#[tokio::test]
async fn buckets_list_create_and_limit() {
    let env = Env::new(Seed::Demo).await;
    let listed = env.get("/v1.0/planner/plans/plan-demo/buckets").await;
    let names: Vec<&str> = listed.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["To do", "In progress", "Done"]);

    let created = env
        .post(
            "/v1.0/planner/buckets",
            json!({"name": "Blocked", "planId": "plan-demo", "orderHint": " !"}),
        )
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body["name"], "Blocked");
    assert_eq!(created.body["planId"], "plan-demo");
    assert!(created.body["@odata.etag"].is_string());
    assert_eq!(
        env.get("/v1.0/planner/plans/plan-demo/buckets").await.body["value"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    env.sb.graph().set_limits(GraphLimits {
        max_buckets_per_plan: 4,
        ..GraphLimits::default()
    });
    let over = env
        .post(
            "/v1.0/planner/buckets",
            json!({"name": "One more", "planId": "plan-demo"}),
        )
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumBucketsInProject"));
}

#[tokio::test]
async fn create_task_returns_201_with_app_identity() {
    let env = Env::new(Seed::Demo).await;
    let body = json!({
        "planId": "plan-demo", "bucketId": "bucket-todo", "title": "New from app",
        "priority": 3, "percentComplete": 50, "dueDateTime": "2026-11-30T00:00:00Z",
        "assignments": {BOB: {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}},
        "appliedCategories": {"category2": true}
    });
    let r = env.post("/v1.0/planner/tasks", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["createdBy"]["application"]["id"], SANDBOX_CLIENT_ID);
    assert_eq!(r.body["title"], "New from app");
    assert_eq!(r.body["priority"], 3);
    assert_eq!(r.body["dueDateTime"], "2026-11-30T00:00:00Z");
    assert_eq!(r.body["appliedCategories"]["category2"], true);
    assert_eq!(
        r.body["assignments"][BOB]["@odata.type"],
        "#microsoft.graph.plannerAssignment"
    );
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(
        env.get(&format!("/v1.0/planner/tasks/{id}")).await.body["@odata.etag"],
        r.body["@odata.etag"]
    );

    let no_plan = env.post("/v1.0/planner/tasks", json!({"title": "x"})).await;
    assert_eq!(no_plan.status, 400);
    let no_title = env
        .post("/v1.0/planner/tasks", json!({"planId": "plan-demo"}))
        .await;
    assert_eq!(no_title.status, 400);
}

#[tokio::test]
async fn task_limit_answers_403() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        max_tasks_per_plan: 13,
        ..GraphLimits::default()
    });
    assert_eq!(
        env.post(
            "/v1.0/planner/tasks",
            json!({"planId": "plan-demo", "title": "13th"})
        )
        .await
        .status,
        201
    );
    let over = env
        .post(
            "/v1.0/planner/tasks",
            json!({"planId": "plan-demo", "title": "14th"}),
        )
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumTasksInProject"));
}

#[tokio::test]
async fn patch_and_delete_enforce_if_match() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-01";
    let etag = env.etag(path).await;

    let missing = env.patch(path, None, json!({"title": "x"})).await;
    assert_eq!(missing.status, 400);
    let star = env.patch(path, Some("*"), json!({"title": "x"})).await;
    assert_eq!(star.status, 400);
    let stale = env
        .patch(
            path,
            Some("W/\"JzEtVGFzayAg0000000000000000\""),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(stale.status, 412);
    assert_eq!(env.get(path).await.body["title"], "Design new landing page");

    let ok = env
        .patch(path, Some(&etag), json!({"title": "Renamed"}))
        .await;
    assert_eq!(ok.status, 204);
    assert!(ok.body.is_null());
    let etag2 = env.etag(path).await;
    assert!(etag2 > etag, "{etag2} should sort after {etag}");
    assert_eq!(
        env.patch(path, Some(&etag), json!({"title": "again"}))
            .await
            .status,
        412
    );

    let rep = send(
        env.req(Method::PATCH, path)
            .header("If-Match", &etag2)
            .header("Prefer", "return=representation")
            .json(&json!({"percentComplete": 100})),
    )
    .await;
    assert_eq!(rep.status, 200);
    assert_eq!(rep.body["percentComplete"], 100);
    assert_eq!(rep.body["title"], "Renamed");
    assert!(rep.body["completedDateTime"].is_string());
    let etag3 = rep.body["@odata.etag"].as_str().unwrap().to_owned();
    assert!(etag3 > etag2);
    assert_eq!(env.etag(path).await, etag3);

    let del_stale = send(env.req(Method::DELETE, path).header("If-Match", &etag2)).await;
    assert_eq!(del_stale.status, 412);
    let del_missing = send(env.req(Method::DELETE, path)).await;
    assert_eq!(del_missing.status, 400);
    let del = send(env.req(Method::DELETE, path).header("If-Match", &etag3)).await;
    assert_eq!(del.status, 204);
    assert_eq!(env.get(path).await.status, 404);
}

#[tokio::test]
async fn strict_validation_rejects_bad_task_bodies() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-02";
    let cases = [
        json!({"notAField": 1}),
        json!({"createdBy": {}}),
        json!({"planId": "plan-small"}),
        json!({"assignments": {BOB: {"@odata.type": "#microsoft.graph.plannerTask", "orderHint": " !"}}}),
        json!({"assignments": {BOB: {"orderHint": " !"}}}),
        json!({"assignments": {"not-a-guid": {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}}),
        json!({"priority": 11}),
        json!({"priority": -1}),
        json!({"percentComplete": 101}),
        json!({"percentComplete": "50"}),
        json!({"dueDateTime": "30/11/2026"}),
        json!({"dueDateTime": "2026-11-31T00:00:00Z"}),
        json!({"appliedCategories": {"category26": true}}),
        json!({"appliedCategories": {"category0": true}}),
        json!({"appliedCategories": {"category1": "yes"}}),
        json!({"bucketId": "bucket-small-todo"}),
        json!({"title": ""}),
    ];
    for body in cases {
        let etag = env.etag(path).await;
        let r = env.patch(path, Some(&etag), body.clone()).await;
        assert_eq!(r.status, 400, "{body} → {}", r.body);
        assert!(
            r.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        assert_eq!(
            env.etag(path).await,
            etag,
            "a rejected PATCH must not change the task ({body})"
        );
    }
    // Valid edge values and removal of an assignment with null.
    let etag = env.etag(path).await;
    let r = send(env.req(Method::PATCH, path).header("If-Match", &etag).header("Prefer", "return=representation")
        .json(&json!({"priority": 10, "percentComplete": 0, "appliedCategories": {"category25": true, "category2": false}, "assignments": {BOB: null}, "dueDateTime": "2026-12-01T10:00:00+02:00"}))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["priority"], 10);
    assert_eq!(r.body["appliedCategories"]["category25"], true);
    assert!(r.body["appliedCategories"].get("category2").is_none());
    assert!(r.body["assignments"].get(BOB).is_none());
    assert_eq!(r.body["dueDateTime"], "2026-12-01T08:00:00Z");
}
