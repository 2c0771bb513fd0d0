//! Task details: own etag, parent etag bump, checklist and references with limits.

use super::*;

#[tokio::test]
async fn details_have_their_own_etag_and_bump_the_task() {
    let env = Env::new(Seed::Demo).await;
    let task_path = "/v1.0/planner/tasks/task-demo-03";
    let details_path = "/v1.0/planner/tasks/task-demo-03/details";
    let task_etag = env.etag(task_path).await;
    let details = env.get(details_path).await;
    assert_eq!(details.body["id"], "task-demo-03");
    assert!(
        details.body["description"]
            .as_str()
            .unwrap()
            .starts_with("Fix broken contact form")
    );
    assert_eq!(details.body["checklist"].as_object().unwrap().len(), 3);
    let details_etag = details.body["@odata.etag"].as_str().unwrap().to_owned();

    assert_eq!(
        env.patch(details_path, None, json!({"description": "x"}))
            .await
            .status,
        400
    );
    assert_eq!(
        env.patch(details_path, Some(&task_etag), json!({"description": "x"}))
            .await
            .status,
        412,
        "the task etag is not the details etag"
    );
    let r = env
        .patch(
            details_path,
            Some(&details_etag),
            json!({"description": "New text"}),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(env.get(details_path).await.body["description"], "New text");
    let new_task_etag = env.etag(task_path).await;
    assert!(
        new_task_etag > task_etag,
        "details change must bump the task etag"
    );
    assert_eq!(
        env.patch(task_path, Some(&task_etag), json!({"title": "x"}))
            .await
            .status,
        412
    );
    assert_eq!(env.get(task_path).await.body["hasDescription"], true);
}

#[tokio::test]
async fn checklist_add_toggle_remove_and_limit() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-01/details";
    let etag = env.etag(path).await;
    let key = "7d3a0000-0000-4000-8000-000000000001";
    let item = json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": "Review", "isChecked": false});
    let r = send(
        env.req(Method::PATCH, path)
            .header("If-Match", &etag)
            .header("Prefer", "return=representation")
            .json(&json!({"checklist": {key: item}})),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["checklist"][key]["title"], "Review");
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-01").await.body["checklistItemCount"],
        2
    );

    let etag = r.body["@odata.etag"].as_str().unwrap().to_owned();
    let toggle = json!({"checklist": {key: {"@odata.type": "#microsoft.graph.plannerChecklistItem", "isChecked": true}}});
    assert_eq!(env.patch(path, Some(&etag), toggle).await.status, 204);
    assert_eq!(
        env.get(path).await.body["checklist"][key]["isChecked"],
        true
    );

    let etag = env.etag(path).await;
    let untyped = json!({"checklist": {"k2": {"title": "no type"}}});
    assert_eq!(env.patch(path, Some(&etag), untyped).await.status, 400);
    assert_eq!(
        env.patch(path, Some(&etag), json!({"checklist": {key: null}}))
            .await
            .status,
        204
    );
    assert!(env.get(path).await.body["checklist"].get(key).is_none());

    env.sb.graph().set_limits(GraphLimits {
        max_checklist_items: 3,
        ..GraphLimits::default()
    });
    let etag = env.etag(path).await;
    let mut many = serde_json::Map::new();
    for i in 0..3 {
        many.insert(format!("k{i}"), json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": format!("item {i}")}));
    }
    let over = env
        .patch(path, Some(&etag), json!({"checklist": many}))
        .await;
    assert_eq!(
        (over.status, over.code()),
        (403, "MaximumChecklistItemsOnTask")
    );
    assert_eq!(
        env.etag(path).await,
        etag,
        "a refused PATCH changes nothing"
    );
}

#[tokio::test]
async fn references_require_encoded_keys_and_respect_limit() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-02/details";
    let reference = json!({"@odata.type": "#microsoft.graph.plannerExternalReference", "alias": "Issue ENG-1", "type": "Other"});
    let etag = env.etag(path).await;
    let raw = env
        .patch(
            path,
            Some(&etag),
            json!({"references": {"https://linear.app/acme/issue/ENG-1": reference}}),
        )
        .await;
    assert_eq!(raw.status, 400, "unencoded ':' and '.' must be rejected");
    let bad_type = env
        .patch(
            path,
            Some(&etag),
            json!({"references": {"https%3A//x%2Ecom/a": {"alias": "x"}}}),
        )
        .await;
    assert_eq!(bad_type.status, 400);

    let key = "https%3A//linear%2Eapp/acme/issue/ENG-1";
    let r = env
        .patch(path, Some(&etag), json!({"references": {key: reference}}))
        .await;
    assert_eq!(r.status, 204);
    let details = env.get(path).await;
    assert_eq!(details.body["references"][key]["alias"], "Issue ENG-1");
    assert_eq!(
        details.body["references"][key]["@odata.type"],
        "#microsoft.graph.plannerExternalReference"
    );
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-02").await.body["referenceCount"],
        1
    );

    let etag = env.etag(path).await;
    assert_eq!(
        env.patch(path, Some(&etag), json!({"references": {key: null}}))
            .await
            .status,
        204
    );
    assert!(env.get(path).await.body["references"].get(key).is_none());

    env.sb.graph().set_limits(GraphLimits {
        max_references: 2,
        ..GraphLimits::default()
    });
    let etag = env.etag(path).await;
    let refs: serde_json::Map<String, Value> = (0..3)
        .map(|i| (format!("https%3A//x%2Ecom/{i}"), reference.clone()))
        .collect();
    let over = env
        .patch(path, Some(&etag), json!({"references": refs}))
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumReferencesOnTask"));
}
