//! $batch per-item statuses and limits; users filter rules.

use super::*;

#[tokio::test]
async fn batch_answers_each_item_with_its_own_status() {
    let env = Env::new(Seed::Demo).await;
    env.sb.faults().add(Fault::new(
        "/v1.0/planner/tasks/task-demo-03",
        FaultKind::TooManyRequests {
            retry_after: Some("2.5".into()),
        },
    ));
    let body = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/planner/tasks/task-demo-01"},
        {"id": "2", "method": "GET", "url": "/planner/tasks/task-demo-01/details"},
        {"id": "3", "method": "GET", "url": "/planner/tasks/missing"},
        {"id": "4", "method": "GET", "url": "/planner/tasks/task-demo-03"},
        {"id": "5", "method": "PATCH", "url": "/planner/tasks/task-demo-02", "headers": {"Content-Type": "application/json", "If-Match": "W/\"stale\""}, "body": {"title": "x"}}
    ]});
    env.sb.reset_requests();
    let r = env.post("/v1.0/$batch", body).await;
    assert_eq!(r.status, 200);
    let items = r.body["responses"].as_array().unwrap();
    let status = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["status"].as_u64().unwrap())
            .unwrap()
    };
    assert_eq!(
        [
            status("1"),
            status("2"),
            status("3"),
            status("4"),
            status("5")
        ],
        [200, 200, 404, 429, 412]
    );
    let one = items.iter().find(|i| i["id"] == "1").unwrap();
    assert_eq!(one["body"]["title"], "Design new landing page");
    let throttled = items.iter().find(|i| i["id"] == "4").unwrap();
    assert_eq!(throttled["headers"]["Retry-After"], "2.5");

    let counts = env.sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 1);
    assert_eq!(counts.batch_items(), 5);
    assert_eq!(
        counts.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}"),
        2
    );
    assert_eq!(
        counts.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}/details"),
        1
    );
    assert_eq!(counts.graph_total(), 1, "items are not HTTP requests");
}

#[tokio::test]
async fn batch_rejects_more_than_20_and_unauthenticated() {
    let env = Env::new(Seed::Demo).await;
    let reqs: Vec<Value> = (0..21)
        .map(
            |i| json!({"id": i.to_string(), "method": "GET", "url": "/planner/tasks/task-demo-01"}),
        )
        .collect();
    let r = env.post("/v1.0/$batch", json!({"requests": reqs})).await;
    assert_eq!(r.status, 400);
    assert!(r.body["error"]["message"].as_str().unwrap().contains("20"));
    let twenty: Vec<Value> = (0..20)
        .map(
            |i| json!({"id": i.to_string(), "method": "GET", "url": "/planner/tasks/task-demo-01"}),
        )
        .collect();
    assert_eq!(
        env.post("/v1.0/$batch", json!({"requests": twenty.clone()}))
            .await
            .status,
        200
    );
    let anon = send(
        env.http
            .post(env.url("/v1.0/$batch"))
            .json(&json!({"requests": twenty})),
    )
    .await;
    assert_eq!(anon.status, 401);
    let no_ct = env.post("/v1.0/$batch", json!({"requests": [{"id": "1", "method": "PATCH", "url": "/planner/tasks/task-demo-01", "body": {}}]})).await;
    assert_eq!(no_ct.status, 400);
}

#[tokio::test]
async fn users_filter_is_case_insensitive_with_quote_doubling() {
    let env = Env::new(Seed::Demo).await;
    let by_mail = send(env.req(Method::GET, "/v1.0/users").query(&[
        ("$filter", "mail eq 'bob.chen@contoso.EXAMPLE'"),
        ("$select", "id,mail"),
    ]))
    .await;
    assert_eq!(by_mail.status, 200);
    let value = by_mail.body["value"].as_array().unwrap();
    assert_eq!(value.len(), 1);
    assert_eq!(value[0]["id"], BOB);
    assert_eq!(
        value[0].as_object().unwrap().len(),
        2,
        "$select is honoured: {}",
        value[0]
    );

    let quoted = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'carol.o''brien@contoso.example'")]),
    )
    .await;
    assert_eq!(quoted.body["value"][0]["id"], CAROL);
    let unquoted = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'carol.o'brien@contoso.example'")]),
    )
    .await;
    assert_eq!(unquoted.status, 400);

    let no_mail = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'dave@contoso.example'")]),
    )
    .await;
    assert_eq!(no_mail.body["value"].as_array().unwrap().len(), 0);
    let upn = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "userPrincipalName eq 'DAVE@contoso.example'")]),
    )
    .await;
    assert_eq!(upn.body["value"][0]["id"], DAVE);
    assert!(upn.body["value"][0]["mail"].is_null());

    let one = env.get(&format!("/v1.0/users/{ALICE}")).await;
    assert_eq!(one.body["displayName"], "Alice Martin");
    let missing = env
        .get("/v1.0/users/00000000-0000-4000-8000-00000000dead")
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (404, "Request_ResourceNotFound")
    );
}
