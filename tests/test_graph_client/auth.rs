//! Tokens: one per app registration shared through the cache, proactive refresh, the
//! 401 → refresh-once rule, and AADSTS errors that name the setting to fix.

use super::*;

#[tokio::test]
async fn token_is_reused_across_clients_sharing_a_cache() {
    let sb = sandbox(Seed::Small).await;
    let cache: Arc<dyn TokenCache> = Arc::new(MemoryTokenCache::new());
    let a = GraphClient::new(options(&sb, cache.clone())).unwrap();
    let b = GraphClient::new(options(&sb, cache.clone())).unwrap();
    a.get_plan("plan-small").await.unwrap();
    b.get_plan("plan-small").await.unwrap();
    // Many concurrent callers still share one token.
    let calls: Vec<_> = (0..10)
        .map(|_| {
            let c = b.clone();
            tokio::spawn(async move { c.list_buckets("plan-small").await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().len(), 3);
    }
    assert_eq!(sb.requests().token_requests(), 1);
    assert_eq!(a.stats().get(RequestKind::Token), 1);
    assert_eq!(b.stats().get(RequestKind::Token), 0);
}

#[tokio::test]
async fn token_with_less_than_ten_minutes_left_is_refreshed() {
    let sb = sandbox(Seed::Small).await;
    let cache = Arc::new(MemoryTokenCache::new());
    let c = GraphClient::new(options(&sb, cache.clone())).unwrap();
    // A token the server still accepts, but with 5 minutes left: not reused.
    let real = c.fetch_token().await.unwrap();
    let key = format!("{SANDBOX_TENANT_ID}/{SANDBOX_CLIENT_ID}");
    let near_expiry = CachedToken {
        access_token: real.access_token.clone(),
        expires_at: time::OffsetDateTime::now_utc() + time::Duration::minutes(5),
    };
    cache.save(&key, &near_expiry);
    c.get_plan("plan-small").await.unwrap();
    assert_eq!(sb.requests().token_requests(), 2);
    let now = cache.load(&key).unwrap();
    assert_ne!(now.access_token, real.access_token);
    assert!(now.expires_at - time::OffsetDateTime::now_utc() > time::Duration::minutes(50));
}

#[tokio::test]
async fn a_401_refreshes_once_and_recovers() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    c.get_plan("plan-small").await.unwrap();
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::ExpiredToken,
        Times::Count(1),
    );
    c.get_plan("plan-small").await.unwrap();
    // Revoked tokens recover the same way.
    sb.graph().revoke_tokens();
    c.get_plan("plan-small").await.unwrap();
    assert_eq!(sb.requests().token_requests(), 3);
}

#[tokio::test]
async fn a_second_401_is_auth_failed() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    fault(
        &sb,
        "/v1.0/planner/plans",
        FaultKind::ExpiredToken,
        Times::Count(2),
    );
    let err = c.get_plan("plan-small").await.unwrap_err();
    assert!(matches!(err, GraphError::AuthFailed { .. }), "{err:?}");
    assert_eq!(err.kind_hint().0, "auth");
    assert_eq!(sb.requests().token_requests(), 2);
}

#[tokio::test]
async fn token_errors_name_the_aadsts_code_and_the_fix() {
    let sb = sandbox(Seed::Small).await;
    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.client_secret = Secret::new("wrong");
    let err = GraphClient::new(opts.clone())
        .unwrap()
        .get_plan("plan-small")
        .await
        .unwrap_err();
    let GraphError::AuthFailed { code, fix, message } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(code.as_deref(), Some("AADSTS7000215"));
    assert!(fix.contains("GRAPH_CLIENT_SECRET"), "{fix}");
    assert!(message.contains("Invalid client secret"), "{message}");
    assert!(err.to_string().contains("AADSTS7000215"));

    opts.client_secret = Secret::new(SANDBOX_CLIENT_SECRET);
    opts.tenant_id = "00000000-0000-0000-0000-000000000000".into();
    let err = GraphClient::new(opts.clone())
        .unwrap()
        .fetch_token()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, GraphError::AuthFailed { code: Some(c), fix, .. }
        if c == "AADSTS90002" && fix.contains("GRAPH_TENANT_ID")),
        "{err:?}"
    );

    opts.tenant_id = SANDBOX_TENANT_ID.into();
    opts.client_id = "11111111-1111-1111-1111-111111111111".into();
    let err = GraphClient::new(opts)
        .unwrap()
        .fetch_token()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, GraphError::AuthFailed { code: Some(c), fix, .. }
        if c == "AADSTS700016" && fix.contains("GRAPH_CLIENT_ID")),
        "{err:?}"
    );
}

/// An expired token can surface on one item inside a 200 `$batch` envelope: the rule is the
/// same as for a single request (refresh once, re-send), not "the mapping is paused".
#[tokio::test]
async fn a_401_on_one_batch_item_refreshes_once_and_recovers() {
    let sb = sandbox(Seed::Large(5)).await;
    let c = client(&sb);
    let ids: Vec<TaskId> = (0..5)
        .map(|i| task_id(&format!("task-large-{i:05}")))
        .collect();
    c.batch_get_tasks(&ids).await.unwrap();
    sb.reset_requests();
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00003",
        FaultKind::ExpiredToken,
        Times::Count(1),
    );
    let results = c.batch_get_tasks(&ids).await.unwrap();
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    assert_eq!(results[3].1.as_ref().unwrap().title, "Large task 3");
    assert_eq!(sb.requests().token_requests(), 1, "one refresh");
    // Five reads fill no envelope, so they go through the coalescer (graph/batch.rs): the
    // refused item is sent again alone, which is a plain request.
    assert_eq!(
        sb.requests().by_route("POST", "/v1.0/$batch"),
        1,
        "the batch"
    );
    assert_eq!(
        sb.requests().by_route("GET", "/v1.0/planner/tasks/{id}"),
        1,
        "then the refused item again"
    );
}

#[tokio::test]
async fn a_second_401_on_a_batch_item_is_auth_failed_for_that_item() {
    let sb = sandbox(Seed::Large(5)).await;
    let c = client(&sb);
    let ids: Vec<TaskId> = (0..5)
        .map(|i| task_id(&format!("task-large-{i:05}")))
        .collect();
    fault(
        &sb,
        "/v1.0/planner/tasks/task-large-00003",
        FaultKind::ExpiredToken,
        Times::Count(2),
    );
    let results = c.batch_get_tasks(&ids).await.unwrap();
    assert!(
        matches!(results[3].1, Err(GraphError::AuthFailed { .. })),
        "{:?}",
        results[3]
    );
    assert!(results.iter().filter(|(_, r)| r.is_ok()).count() == 4);
    assert_eq!(
        sb.requests().token_requests(),
        2,
        "the first token, one refresh"
    );
}
