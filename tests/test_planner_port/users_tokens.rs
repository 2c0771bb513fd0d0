//! User lookups both ways, the SQLite token cache across adapters, and failures mapped to
//! the engine's `PortError` end to end.

use linear_planner_sync::store::{Store, tokens};

use super::*;

#[tokio::test]
async fn users_by_id_and_by_email() {
    let sb = sandbox(Seed::Demo).await;
    let p = adapter(&sb);
    let email = |id: &'static str| {
        let p = &p;
        async move { p.user_email(id).await.unwrap() }
    };
    assert_eq!(email(ALICE).await.as_deref(), Some("alice@contoso.example"));
    // Mixed-case mail comes back lowercased.
    assert_eq!(
        email(BOB).await.as_deref(),
        Some("bob.chen@contoso.example")
    );
    // No mail: the UPN.
    assert_eq!(email(DAVE).await.as_deref(), Some("dave@contoso.example"));
    assert_eq!(email("00000000-0000-4000-8000-00000000dead").await, None);

    let id = |mail: &'static str| {
        let p = &p;
        async move { p.user_id(mail).await.unwrap() }
    };
    assert_eq!(id("BOB.CHEN@contoso.example").await.as_deref(), Some(BOB));
    assert_eq!(
        id("carol.o'brien@contoso.example").await.as_deref(),
        Some(CAROL)
    );
    assert_eq!(id("dave@contoso.example").await.as_deref(), Some(DAVE));
    assert_eq!(id("nobody@contoso.example").await, None);
}

#[tokio::test]
async fn the_token_cache_in_the_state_database_is_reused_by_the_next_adapter() {
    let sb = sandbox(Seed::Demo).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    {
        let cache = Arc::new(SqliteTokenCache::open(&path).unwrap());
        let p = adapter_from(options(&sb, cache), GraphApiMode::Auto);
        p.plan(PLAN).await.unwrap();
        p.all_tasks(PLAN).await.unwrap();
    }
    assert_eq!(sb.requests().token_requests(), 1);

    let cache = Arc::new(SqliteTokenCache::open(&path).unwrap());
    let p = adapter_from(options(&sb, cache), GraphApiMode::Auto);
    p.plan(PLAN).await.unwrap();
    assert_eq!(sb.requests().token_requests(), 1);

    let store = Store::open(&path).unwrap();
    let key = format!("{SANDBOX_TENANT_ID}/{SANDBOX_CLIENT_ID}");
    let (token, expires_at) = tokens::get(store.conn(), &key).unwrap().unwrap();
    assert!(!token.is_empty());
    assert!(expires_at.ends_with('Z'), "{expires_at}");
}

#[tokio::test]
async fn failures_arrive_as_port_errors() {
    let sb = sandbox(Seed::Demo).await;

    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.client_secret = Secret::new("wrong");
    let err = adapter_from(opts, GraphApiMode::Auto)
        .plan(PLAN)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, PortError::Auth(m) if m.contains("GRAPH_CLIENT_SECRET")),
        "{err:?}"
    );

    let p = adapter(&sb);
    sb.graph().set_limits(GraphLimits {
        max_buckets_per_plan: 3,
        ..sb.graph().limits()
    });
    let err = p.create_bucket(PLAN, "One too many").await.unwrap_err();
    assert!(
        matches!(&err, PortError::Limit(code) if code == "MaximumBucketsInProject"),
        "{err:?}"
    );

    let t = read(&p, "task-demo-01").await;
    sb.faults().add(
        Fault::new("/v1.0/planner/tasks/task-demo-01", FaultKind::InternalError)
            .method("PATCH")
            .times(Times::Always),
    );
    let write = TaskWrite {
        percent: Some(50),
        ..TaskWrite::default()
    };
    let err = p.update_task(&t, &write).await.unwrap_err();
    assert!(
        matches!(&err, PortError::Exhausted { attempts: 3, .. }),
        "{err:?}"
    );
    sb.faults().clear();

    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.deadline = Some(tokio::time::Instant::now() + Duration::from_secs(2));
    let budgeted = adapter_from(opts, GraphApiMode::Auto);
    sb.faults().add(
        Fault::new(
            "/v1.0/planner/plans/",
            FaultKind::TooManyRequests {
                retry_after: Some("30".into()),
            },
        )
        .times(Times::Always),
    );
    let err = budgeted.plan(PLAN).await.unwrap_err();
    assert!(matches!(&err, PortError::OutOfBudget(_)), "{err:?}");
    sb.faults().clear();

    sb.graph().set_permissions(&[Permission::UserReadAll]);
    sb.graph().revoke_tokens();
    let err = adapter(&sb).plan(PLAN).await.unwrap_err();
    assert!(
        matches!(&err, PortError::Forbidden { scope, .. } if scope == "Tasks.ReadWrite.All"),
        "{err:?}"
    );
}
