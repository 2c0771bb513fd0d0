//! Every fault kind, schedules, and the HTTP fault API.

use super::*;

#[tokio::test]
async fn throttling_faults_carry_retry_after_verbatim() {
    let env = Env::new(Seed::Demo).await;
    let f = env.sb.faults();
    f.add(
        Fault::new(
            "/v1.0/planner/tasks/*",
            FaultKind::TooManyRequests {
                retry_after: Some("1.5".into()),
            },
        )
        .method("PATCH")
        .times(Times::Count(2)),
    );
    let path = "/v1.0/planner/tasks/task-demo-01";
    assert_eq!(
        env.get(path).await.status,
        200,
        "method filter: GET is not faulted"
    );
    let etag = env.etag(path).await;
    for _ in 0..2 {
        let r = env.patch(path, Some(&etag), json!({"title": "t"})).await;
        assert_eq!((r.status, r.code()), (429, "TooManyRequests"));
        assert_eq!(r.header("retry-after"), Some("1.5"));
        assert!(r.header("request-id").is_some());
    }
    assert_eq!(
        env.patch(path, Some(&etag), json!({"title": "t"}))
            .await
            .status,
        204,
        "count exhausted"
    );

    let date = "Wed, 21 Oct 2026 07:28:00 GMT";
    f.add(Fault::new(
        "/v1.0/users",
        FaultKind::ServiceUnavailable {
            retry_after: Some(date.into()),
        },
    ));
    let r = env.get("/v1.0/users").await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some(date));
    assert_eq!(env.get("/v1.0/users").await.status, 200);
}

#[tokio::test]
async fn error_faults_have_graph_shapes() {
    let env = Env::new(Seed::Demo).await;
    let cases = [
        (FaultKind::InternalError, 500, "UnknownError"),
        (FaultKind::ExpiredToken, 401, "InvalidAuthenticationToken"),
        (FaultKind::ForbiddenEmptyCode, 403, ""),
        (FaultKind::NotFound, 404, ""),
        (FaultKind::ResyncRequired, 410, "resyncRequired"),
    ];
    for (kind, status, code) in cases {
        env.sb
            .faults()
            .add(Fault::new("/v1.0/planner/plans/plan-demo", kind.clone()));
        let r = env.get("/v1.0/planner/plans/plan-demo").await;
        assert_eq!((r.status, r.code()), (status, code), "{kind:?}");
        let header_id = r
            .header("request-id")
            .expect("request-id header")
            .to_owned();
        assert_eq!(
            r.body["error"]["innerError"]["request-id"],
            header_id.as_str()
        );
        assert!(r.body["error"]["innerError"]["date"].is_string());
    }
    assert_eq!(env.get("/v1.0/planner/plans/plan-demo").await.status, 200);
}

#[tokio::test]
async fn latency_fault_and_global_latency_delay_answers() {
    let sb = Sandbox::start(SandboxOptions {
        latency: Duration::from_millis(500),
        seed: Seed::Small,
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let t = Instant::now();
    let r = http
        .get(format!("{}/_sandbox/requests", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "control routes are not delayed"
    );
    let t = Instant::now();
    let r = http
        .get(format!("{}/v1.0/planner/plans/plan-small", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(t.elapsed() >= Duration::from_millis(500));

    sb.faults().set_latency(Duration::ZERO);
    sb.faults()
        .add(Fault::new("/v1.0/planner", FaultKind::Latency { ms: 400 }));
    let quick = http
        .get(format!("{}/v1.0/planner/plans/plan-small", sb.base_url()))
        .timeout(Duration::from_millis(150))
        .send()
        .await;
    assert!(
        quick.is_err_and(|e| e.is_timeout()),
        "a client timeout fires while the fault sleeps"
    );
    sb.faults()
        .add(Fault::new("/v1.0/planner", FaultKind::Latency { ms: 200 }));
    let t = Instant::now();
    let slow = http
        .get(format!("{}/v1.0/planner/plans/plan-small", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        slow.status(),
        401,
        "the real handler answers after the delay"
    );
    assert!(t.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn dropped_connection_gives_no_complete_answer() {
    let env = Env::new(Seed::Demo).await;
    env.sb.faults().add(Fault::new(
        "/v1.0/planner/tasks/task-demo-01",
        FaultKind::DropConnection,
    ));
    let outcome = match env
        .req(Method::GET, "/v1.0/planner/tasks/task-demo-01")
        .send()
        .await
    {
        Err(e) => format!("send failed: {e}"),
        Ok(r) => match r.bytes().await {
            Err(e) => format!("body failed: {e}"),
            Ok(b) => panic!("a dropped connection delivered a complete answer: {b:?}"),
        },
    };
    eprintln!("dropped connection → {outcome}");
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-01").await.status,
        200,
        "the next request succeeds"
    );
}

#[tokio::test]
async fn linear_rate_limit_fault_answers_400_ratelimited() {
    let env = Env::new(Seed::Empty).await;
    env.sb.faults().add(Fault::new(
        "/v1.0",
        FaultKind::LinearRateLimited { reset_ms: 30_000 },
    ));
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let r = env.get("/v1.0/users").await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["errors"][0]["message"], "Rate limit exceeded");
    assert_eq!(r.body["errors"][0]["extensions"]["code"], "RATELIMITED");
    assert_eq!(r.header("x-ratelimit-requests-remaining"), Some("0"));
    assert!(r.header("x-ratelimit-requests-limit").is_some());
    let reset: u64 = r
        .header("x-ratelimit-requests-reset")
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset >= before + 30_000 && reset < before + 40_000);
}

#[tokio::test]
async fn fault_schedules_every_nth_and_seeded_probability() {
    let env = Env::new(Seed::Demo).await;
    env.sb.faults().add(
        Fault::new("/v1.0/planner/plans/*/buckets", FaultKind::InternalError)
            .times(Times::EveryNth(3)),
    );
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(
            env.get("/v1.0/planner/plans/plan-demo/buckets")
                .await
                .status,
        );
    }
    assert_eq!(statuses, [200, 200, 500, 200, 200, 500]);

    async fn pattern(env: &Env) -> Vec<u16> {
        env.sb.faults().clear();
        env.sb.faults().add(
            Fault::new(
                "/v1.0/planner/plans/plan-demo/details",
                FaultKind::InternalError,
            )
            .times(Times::Probability { p: 0.5, seed: 42 }),
        );
        let mut out = Vec::new();
        for _ in 0..20 {
            out.push(
                env.get("/v1.0/planner/plans/plan-demo/details")
                    .await
                    .status,
            );
        }
        out
    }
    let a = pattern(&env).await;
    let b = pattern(&env).await;
    assert_eq!(a, b, "same seed, same failures");
    let failures = a.iter().filter(|s| **s == 500).count();
    assert!((3..=17).contains(&failures), "p=0.5 gave {failures}/20");
    let listed = env.sb.faults().list();
    assert_eq!(listed[0].seen, 20);
    assert_eq!(listed[0].fired as usize, failures);
}

#[tokio::test]
async fn faults_over_http() {
    let env = Env::new(Seed::Demo).await;
    let faults_url = env.url("/_sandbox/faults");
    let add = env.http.post(&faults_url).json(&json!({"method": "get", "path": "/v1.0/planner/plans/*", "kind": {"type": "too_many_requests", "retry_after": "3"}, "times": "always"})).send().await.unwrap();
    assert_eq!(add.status(), 201);
    for _ in 0..2 {
        let r = env.get("/v1.0/planner/plans/plan-demo").await;
        assert_eq!((r.status, r.header("retry-after")), (429, Some("3")));
    }
    let listed: Value = env
        .http
        .get(&faults_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["fired"], 2);
    let bad = env
        .http
        .post(&faults_url)
        .json(&json!({"path": "/x", "kind": {"type": "nope"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        env.http.delete(&faults_url).send().await.unwrap().status(),
        204
    );
    assert_eq!(env.get("/v1.0/planner/plans/plan-demo").await.status, 200);
    let many = env.http.post(&faults_url).json(&json!([
        {"path": "/v1.0/users", "kind": {"type": "drop_connection"}},
        {"path": "/beta", "kind": {"type": "linear_rate_limited", "reset_ms": 5}, "times": {"count": 2}},
        {"path": "/v1.0", "kind": {"type": "latency", "ms": 1}, "times": {"every_nth": 2}},
        {"path": "/v1.0", "kind": {"type": "service_unavailable"}, "times": {"probability": {"p": 0.1, "seed": 1}}}
    ])).send().await.unwrap();
    assert_eq!(many.status(), 201);
    assert_eq!(env.sb.faults().list().len(), 4);
}
