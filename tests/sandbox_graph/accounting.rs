//! Request counters and request-id headers.

use super::*;

#[tokio::test]
async fn request_counts_by_route_and_kind() {
    let env = Env::new(Seed::Demo).await;
    let counts = env.sb.requests();
    assert_eq!(counts.token_requests(), 1);
    assert_eq!(counts.graph_total(), 0);

    env.get("/v1.0/planner/tasks/task-demo-01").await;
    env.get("/v1.0/planner/tasks/task-demo-02").await;
    let etag = env.etag("/v1.0/planner/tasks/task-demo-02").await;
    env.patch(
        "/v1.0/planner/tasks/task-demo-02",
        Some(&etag),
        json!({"priority": 1}),
    )
    .await;
    env.post(
        "/v1.0/planner/tasks",
        json!({"planId": "plan-demo", "title": "n"}),
    )
    .await;
    env.sb
        .faults()
        .add(Fault::new("/v1.0/users", FaultKind::InternalError));
    env.get("/v1.0/users").await;

    let c = env.sb.requests();
    assert_eq!(c.by_route("GET", "/v1.0/planner/tasks/{id}"), 3);
    assert_eq!(c.by_route("PATCH", "/v1.0/planner/tasks/{id}"), 1);
    assert_eq!(c.by_route("POST", "/v1.0/planner/tasks"), 1);
    assert_eq!(
        c.by_route("GET", "/v1.0/users"),
        1,
        "faulted requests are counted"
    );
    assert_eq!(c.graph_total(), 6);
    assert_eq!(c.total(), 7);
    assert_eq!(c.writes(), 2);
    assert_eq!(c.graph_writes(), 2);

    let json: Value = env
        .http
        .get(env.url("/_sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["graph_total"], 6);
    assert_eq!(json["token_requests"], 1);
    assert!(
        json["routes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["route"] == "/v1.0/planner/tasks/{id}"
                && r["method"] == "PATCH"
                && r["count"] == 1)
    );
    assert_eq!(
        env.http
            .delete(env.url("/_sandbox/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        env.sb.requests().total(),
        0,
        "reset, and control routes are not counted"
    );
}

#[tokio::test]
async fn every_graph_response_has_a_request_id() {
    let env = Env::new(Seed::Demo).await;
    for path in [
        "/v1.0/planner/plans/plan-demo",
        "/v1.0/planner/plans/missing",
        "/v1.0/users",
    ] {
        let r = env.get(path).await;
        assert!(
            r.header("request-id").is_some_and(|v| v.len() >= 32),
            "{path}"
        );
    }
    let r = send(env.req(Method::DELETE, "/v1.0/planner/tasks/task-demo-01")).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["error"]["innerError"]["request-id"],
        r.header("request-id").unwrap()
    );
}
