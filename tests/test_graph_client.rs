//! The Graph client against the real sandbox over HTTP: auth and token reuse, the retry
//! pipeline (429 with a decimal Retry-After, 503, timeouts, spent retries, budget), typed
//! errors (403 empty code, 404 plan, 410 delta, 412), Planner reads and writes, `$batch`,
//! delta/list/auto change reading, users and uploads.
//!
//! Our own backoff is scaled down so tests take milliseconds; a server's Retry-After is not,
//! and the test that is about it measures the wait.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use linear_planner_sync::config::{GraphApiMode, Secret};
use linear_planner_sync::graph::{
    CachedToken, ChangeReader, Changes, DetailsPatch, DriveTarget, Etag, Fresh, GraphClient,
    GraphError, GraphOptions, MemoryTokenCache, NewTask, ReadMode, RequestKind, RetryTuning,
    TaskPatch, TokenCache, encode_reference_key,
};
use linear_planner_sync::model::ids::TaskId;
use linear_planner_sync::net::throttle::TokenBucket;
use linear_planner_sync::sandbox::graph::seed::{ALICE, BOB, CAROL, DAVE};
use linear_planner_sync::sandbox::graph::{GraphLimits, Permission};
use linear_planner_sync::sandbox::{
    Fault, FaultKind, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_TENANT_ID, Sandbox,
    SandboxOptions, Seed, Times,
};
use serde_json::json;

async fn sandbox(seed: Seed) -> Sandbox {
    Sandbox::start(SandboxOptions {
        seed,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts")
}

fn options(sb: &Sandbox, cache: Arc<dyn TokenCache>) -> GraphOptions {
    GraphOptions {
        login_url: sb.graph_login_url(),
        base_url: sb.graph_base_url(),
        tenant_id: SANDBOX_TENANT_ID.into(),
        client_id: SANDBOX_CLIENT_ID.into(),
        client_secret: Secret::new(SANDBOX_CLIENT_SECRET),
        retry_attempts: 3,
        throttle: Arc::new(TokenBucket::new(600, 20.0)),
        request_timeout: Duration::from_secs(5),
        token_cache: cache,
        retry: RetryTuning {
            backoff_scale: 0.002,
            jitter: Arc::new(|| 0.0),
        },
        simple_upload_max_bytes: 4 * 1024 * 1024,
        upload_chunk_bytes: 320 * 1024,
        deadline: None,
    }
}

fn client(sb: &Sandbox) -> GraphClient {
    GraphClient::new(options(sb, Arc::new(MemoryTokenCache::new()))).expect("client")
}

fn fault(sb: &Sandbox, path: &str, kind: FaultKind, times: Times) {
    sb.faults().add(Fault::new(path, kind).times(times));
}

fn task_id(s: &str) -> TaskId {
    TaskId(s.to_owned())
}

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
async fn users_by_mail_with_quotes_case_and_upn_fallback() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let carol = c
        .user_by_mail("carol.o'brien@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(carol.id, CAROL);
    let bob = c
        .user_by_mail("BOB.CHEN@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bob.id, BOB);
    sb.reset_requests();
    let dave = c
        .user_by_mail("dave@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((dave.id.as_str(), dave.mail.as_deref()), (DAVE, None));
    assert_eq!(
        sb.requests().by_route("GET", "/v1.0/users"),
        2,
        "mail first, then UPN"
    );
    assert!(
        c.user_by_mail("nobody@contoso.example")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        c.user_by_id(ALICE)
            .await
            .unwrap()
            .unwrap()
            .display_name
            .as_deref(),
        Some("Alice Martin")
    );
    assert!(
        c.user_by_id("00000000-0000-0000-0000-000000000000")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn uploads_simple_and_in_a_session_without_auth_on_chunks() {
    let sb = sandbox(Seed::Small).await;
    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.simple_upload_max_bytes = 256 * 1024;
    let c = GraphClient::new(opts).unwrap();
    let group = DriveTarget::from_setting("group", "sandbox-group");

    let small = c
        .upload_file(&group, "Linear attachments", "note.txt", b"hello".to_vec())
        .await
        .unwrap();
    assert!(
        small.web_url.ends_with("Linear%20attachments/note.txt"),
        "{}",
        small.web_url
    );
    assert_eq!(c.stats().get(RequestKind::UploadChunk), 0);

    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let big = c
        .upload_file(&group, "Linear attachments", "big file.bin", data)
        .await
        .unwrap();
    assert!(big.web_url.contains("big%20file.bin"), "{}", big.web_url);
    assert_eq!(big.size, Some(1_000_000));
    // 1,000,000 bytes in 320 KiB chunks: 3 full chunks and a last one. The sandbox refuses a
    // chunk that carries Authorization, so success proves none did.
    assert_eq!(c.stats().get(RequestKind::UploadChunk), 4);
    assert!(
        sb.graph()
            .drive_files()
            .iter()
            .any(|(_, path, size)| path.ends_with("big file.bin") && *size == 1_000_000)
    );

    let drive = DriveTarget::from_setting("drive-sandbox-group", "ignored");
    let other = c
        .upload_file(&drive, "Linear attachments", "b.txt", b"x".to_vec())
        .await
        .unwrap();
    assert!(other.web_url.ends_with("b.txt"));
    assert_eq!(sb.requests().token_requests(), 1);
}
