//! Seeds, the human edit API, control routes, env exports and shutdown.

use super::*;

#[tokio::test]
async fn seeds_parse_and_small_has_its_shape() {
    assert_eq!("small".parse::<Seed>().unwrap(), Seed::Small);
    assert_eq!("DEMO".parse::<Seed>().unwrap(), Seed::Demo);
    assert_eq!("large:250".parse::<Seed>().unwrap(), Seed::Large(250));
    assert_eq!("empty".parse::<Seed>().unwrap(), Seed::Empty);
    assert!("large:x".parse::<Seed>().is_err());
    assert!("huge".parse::<Seed>().is_err());
    assert_eq!(Seed::Large(9).to_string(), "large:9");

    let env = Env::new(Seed::Small).await;
    assert_eq!(
        env.get("/v1.0/planner/plans/plan-small/buckets").await.body["value"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    assert_eq!(
        env.get("/v1.0/planner/plans/plan-small/tasks").await.body["value"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    let demo = env.sb.graph().plan_tasks("plan-demo");
    assert!(demo.is_empty());
    let env = Env::new(Seed::Demo).await;
    let tasks = env.sb.graph().plan_tasks("plan-demo");
    assert_eq!(tasks.len(), 12);
    assert!(
        tasks
            .iter()
            .all(|t| t["assignments"].as_object().unwrap().len() == 1
                && t["dueDateTime"].is_string()
                && t["checklistItemCount"].as_u64().unwrap() >= 1)
    );
}

#[tokio::test]
async fn large_seed_starts_quickly() {
    let t = Instant::now();
    let sb = Sandbox::start(SandboxOptions {
        seed: Seed::Large(9000),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    eprintln!("Large(9000) seeded and listening in {:?}", t.elapsed());
    // Whole test process (other tests run alongside), so this is an upper bound.
    if let Some(rss_kib) = resident_kib() {
        eprintln!("resident set with Large(9000): {} MiB", rss_kib / 1024);
        assert!(
            rss_kib < 200 * 1024,
            "Large(9000) must stay well under 200 MB"
        );
    }
    assert_eq!(sb.graph().plan_tasks("plan-large").len(), 9000);
    let env = Env {
        http: reqwest::Client::new(),
        token: String::new(),
        sb,
    };
    let env = Env {
        token: env.fresh_token().await,
        ..env
    };
    let first = env.get("/v1.0/planner/plans/plan-large/tasks").await;
    assert_eq!(first.body["value"].as_array().unwrap().len(), 100);
    assert!(first.body["@odata.nextLink"].is_string());
    let d = env
        .get("/v1.0/planner/tasks/task-large-08999/details")
        .await;
    assert_eq!(d.body["description"], "Benchmark task 8999");
    let over = env
        .post(
            "/v1.0/planner/tasks",
            json!({"planId": "plan-large", "title": "9001st"}),
        )
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumTasksInProject"));
}

#[tokio::test]
async fn human_edits_attribute_to_a_user_and_bump_etags() {
    let env = Env::new(Seed::Demo).await;
    let g = env.sb.graph();
    let before = g.task_etag("task-demo-02").unwrap();
    let created = g
        .create_task(
            "plan-demo",
            json!({"title": "Made by a person", "bucketId": "bucket-doing"}),
        )
        .unwrap();
    assert_eq!(created["createdBy"]["user"]["id"], ALICE);
    assert!(created["createdBy"].get("application").is_none());
    let key = g.add_checklist_item("task-demo-02", "Check it").unwrap();
    assert!(g.toggle_checklist("task-demo-02", &key).unwrap());
    assert_eq!(
        g.details("task-demo-02").unwrap()["checklist"][&key]["isChecked"],
        true
    );
    assert!(g.task_etag("task-demo-02").unwrap() > before);
    assert!(
        g.patch_task("task-demo-02", json!({"priority": 99}))
            .is_err(),
        "human edits obey the same rules"
    );
    assert_eq!(
        g.bucket_id("plan-demo", "Done").as_deref(),
        Some("bucket-done")
    );
}

#[tokio::test]
async fn control_routes_over_http() {
    let env = Env::new(Seed::Demo).await;
    let base = env.url("/_sandbox/graph");
    let state: Value = env
        .http
        .get(format!("{base}/state"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(state["plans"][0]["id"], "plan-demo");
    assert_eq!(state["plans"][0]["tasks"], 12);

    let moved = env
        .http
        .post(format!("{base}/tasks/task-demo-01/move"))
        .json(&json!({"bucket": "Done"}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-01").await.body["bucketId"],
        "bucket-done"
    );
    let created = env
        .http
        .post(format!("{base}/plans/plan-demo/tasks"))
        .json(&json!({"title": "curl task"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let bad = env
        .http
        .patch(format!("{base}/tasks/task-demo-01"))
        .json(&json!({"percentComplete": 500}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(
        env.http
            .delete(format!("{base}/tasks/task-demo-02"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-02").await.status,
        404
    );

    assert_eq!(
        env.http
            .put(format!("{base}/permissions"))
            .json(&json!(["User.Read.All"]))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        env.http
            .put(format!("{base}/limits"))
            .json(&json!({"page_size": 4}))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(env.sb.graph().limits().page_size, 4);
    assert_eq!(
        env.http
            .post(format!("{base}/tokens/revoke"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(env.get("/v1.0/users").await.status, 401);
    let fresh = Env {
        token: env.fresh_token().await,
        ..env
    };
    assert_eq!(fresh.get("/v1.0/users").await.status, 200);
    assert_eq!(fresh.get("/v1.0/planner/plans/plan-demo").await.status, 403);
}

#[tokio::test]
async fn env_exports_point_at_the_sandbox_and_shutdown_stops_it() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let env: std::collections::HashMap<String, String> = sb.env_exports().into_iter().collect();
    assert_eq!(env["GRAPH_LOGIN_URL"], format!("{}/login", sb.base_url()));
    assert_eq!(env["GRAPH_BASE_URL"], sb.base_url());
    assert_eq!(env["GRAPH_TENANT_ID"], SANDBOX_TENANT_ID);
    assert_eq!(env["GRAPH_CLIENT_ID"], SANDBOX_CLIENT_ID);
    assert_eq!(env["GRAPH_CLIENT_SECRET"], SANDBOX_CLIENT_SECRET);
    let url = format!("{}/_sandbox/requests", sb.base_url());
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    assert_eq!(http.get(&url).send().await.unwrap().status(), 200);
    sb.shutdown().await;
    assert!(
        http.get(&url).send().await.is_err(),
        "nothing listens after shutdown"
    );
}

/// VmRSS of this process from /proc (Linux only).
fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[tokio::test]
async fn deleted_plan_answers_404_everywhere() {
    let env = Env::new(Seed::Demo).await;
    let (_, _, link) = delta_link(&env).await;
    let del = env
        .http
        .delete(env.url("/_sandbox/graph/plans/plan-demo"))
        .send()
        .await
        .unwrap();
    assert_eq!(del.status(), 204);
    assert_eq!(env.get("/v1.0/planner/plans/plan-demo").await.status, 404);
    assert_eq!(
        env.get("/v1.0/planner/plans/plan-demo/tasks").await.status,
        404
    );
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-01").await.status,
        404
    );
    assert_eq!(env.get(&link).await.status, 404);
    let listed = env.get("/v1.0/groups/sandbox-group/planner/plans").await;
    assert_eq!(listed.body["value"].as_array().unwrap().len(), 0);
}

async fn delta_link(env: &Env) -> (u16, usize, String) {
    let r = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=percentComplete,assignments,creationSource").await;
    let link = r.body["@odata.deltaLink"].as_str().unwrap().to_owned();
    (r.status, r.body["value"].as_array().unwrap().len(), link)
}
