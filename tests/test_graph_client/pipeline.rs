//! The request pipeline: Retry-After honoured (measured), 503s, timeouts and dropped
//! connections retried, spent retries and budget overruns typed, 403 naming the scope.

use super::*;

#[tokio::test]
async fn a_429_waits_at_least_its_decimal_retry_after() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    c.fetch_token().await.unwrap();
    let retry_after = Some("0.35".to_owned());
    fault(
        &sb,
        "/v1.0/planner/plans/plan-small",
        FaultKind::TooManyRequests { retry_after },
        Times::Count(1),
    );
    let start = Instant::now();
    c.get_plan("plan-small").await.unwrap();
    let elapsed = start.elapsed();
    assert!(
        elapsed >= Duration::from_millis(350),
        "waited only {elapsed:?}"
    );
    assert_eq!(c.stats().get(RequestKind::Plan), 2);
}

#[tokio::test]
async fn a_503_then_success() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::ServiceUnavailable { retry_after: None },
        Times::Count(1),
    );
    assert_eq!(c.get_plan("plan-small").await.unwrap().id, "plan-small");
    assert_eq!(c.stats().get(RequestKind::Plan), 2);
}

#[tokio::test]
async fn a_timeout_then_success() {
    let sb = sandbox(Seed::Small).await;
    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.request_timeout = Duration::from_millis(300);
    let c = GraphClient::new(opts).unwrap();
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::Latency { ms: 2000 },
        Times::Count(1),
    );
    c.get_plan("plan-small").await.unwrap();
    assert_eq!(c.stats().get(RequestKind::Plan), 2);
    // A dropped connection is retried the same way.
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::DropConnection,
        Times::Count(1),
    );
    c.get_plan("plan-small").await.unwrap();
    assert_eq!(c.stats().get(RequestKind::Plan), 4);
}

#[tokio::test]
async fn spent_retries_are_a_typed_dead_letter_error() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    fault(
        &sb,
        "/v1.0/planner/tasks",
        FaultKind::InternalError,
        Times::Always,
    );
    let err = c.get_task("task-small-1").await.unwrap_err();
    let GraphError::Exhausted {
        attempts,
        last_status,
        request_id,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*attempts, *last_status), (3, Some(500)));
    assert!(request_id.is_some(), "the request id is kept for the DLQ");
    assert!(err.is_dead_letter());
    assert_eq!(c.stats().get(RequestKind::Task), 3);
}

#[tokio::test]
async fn a_wait_beyond_the_budget_is_deferred() {
    let sb = sandbox(Seed::Small).await;
    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.deadline = Some(tokio::time::Instant::now() + Duration::from_secs(2));
    let c = GraphClient::new(opts).unwrap();
    let retry_after = Some("30".to_owned());
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::TooManyRequests { retry_after },
        Times::Count(1),
    );
    let err = c.get_plan("plan-small").await.unwrap_err();
    assert!(
        matches!(err, GraphError::Deferred { wait, last_status: Some(429), .. } if wait == Duration::from_secs(30)),
        "{err:?}"
    );
    assert!(!err.is_dead_letter());
}

#[tokio::test]
async fn a_403_names_the_permission_the_endpoint_needs() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    fault(
        &sb,
        "/v1.0/planner",
        FaultKind::ForbiddenEmptyCode,
        Times::Count(1),
    );
    let err = c.get_plan("plan-small").await.unwrap_err();
    assert!(
        matches!(&err, GraphError::Forbidden { scope: "Tasks.ReadWrite.All", code, .. } if code.is_empty()),
        "{err:?}"
    );
    assert!(err.kind_hint().1.contains("Tasks.ReadWrite.All"));

    // Consent withdrawn: tokens issued afterwards lack the role.
    sb.graph().set_permissions(&[Permission::TasksReadWriteAll]);
    sb.graph().revoke_tokens();
    let err = c.user_by_id(ALICE).await.unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::Forbidden {
                scope: "User.Read.All",
                ..
            }
        ),
        "{err:?}"
    );
    let err = c.group_plans("sandbox-group").await.unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::Forbidden {
                scope: "Group.Read.All",
                ..
            }
        ),
        "{err:?}"
    );
}
