//! `[alerts] webhook_url`: each raised and each cleared alert is POSTed once; a receiver that
//! fails gets a warning on stderr (the run's exit status does not change) and the event again
//! on the next run.

use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use linear_planner_sync::sandbox::Seed;
use serde_json::Value;

use crate::common::TestEnv;
use crate::common::demo;

#[derive(Clone, Default)]
struct Receiver {
    posts: Arc<Mutex<Vec<Value>>>,
    failing: Arc<Mutex<bool>>,
}

async fn receive(State(r): State<Receiver>, Json(body): Json<Value>) -> StatusCode {
    if *r.failing.lock().unwrap() {
        return StatusCode::INTERNAL_SERVER_ERROR;
    }
    r.posts.lock().unwrap().push(body);
    StatusCode::NO_CONTENT
}

/// A local receiver on the sandbox's runtime; returns it and its URL.
fn receiver(env: &TestEnv) -> (Receiver, String) {
    let r = Receiver::default();
    let app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(r.clone());
    let listener = env
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    env.block_on(async move {
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
    });
    (r, format!("http://{addr}/hook"))
}

fn mapped_with_hook(limit: u32) -> (TestEnv, Receiver) {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    let (r, url) = receiver(&env);
    let config = format!(
        "[graph]\nplan_task_limit = {limit}\ncapacity_alert_ratio = 0.5\n[alerts]\nwebhook_url = \"{url}\"\n"
    );
    let path = env.write("lps.toml", &config);
    env.set_env("LPS_CONFIG", &path.display().to_string());
    demo::map(&env, &[]);
    (env, r)
}

#[test]
fn raised_and_cleared_alerts_are_posted_once_each() {
    let (env, r) = mapped_with_hook(20);
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 1, "the capacity alert is raised: {out}");
    {
        let posts = r.posts.lock().unwrap();
        assert_eq!(posts.len(), 1, "{posts:?}");
        let alert = &posts[0]["alert"];
        assert_eq!(alert["kind"], "capacity");
        assert_eq!(alert["event"], "raised");
        assert_eq!(alert["mapping"], 1);
        assert!(
            alert["message"]
                .as_str()
                .unwrap()
                .contains("of at most 20 tasks")
        );
        assert!(posts[0]["text"].as_str().unwrap().contains("capacity"));
    }
    // Still above the threshold: nothing new to say.
    env.run(["sync"]).success();
    assert_eq!(r.posts.lock().unwrap().len(), 1);

    // The limit is raised (a bigger tenant limit): below the threshold again, one clear.
    let config = std::fs::read_to_string(env.root().join("lps.toml")).unwrap();
    env.write(
        "lps.toml",
        &config.replace("plan_task_limit = 20", "plan_task_limit = 1000"),
    );
    env.run(["sync"]).success();
    env.run(["sync"]).success();
    let posts = r.posts.lock().unwrap();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(posts[1]["alert"]["event"], "cleared");
    assert_eq!(posts[1]["alert"]["kind"], "capacity");
}

#[test]
fn a_failing_receiver_is_a_warning_and_gets_the_alert_next_run() {
    let (env, r) = mapped_with_hook(20);
    *r.failing.lock().unwrap() = true;
    let out = env.run(["bootstrap"]);
    assert_eq!(
        out.status, 1,
        "the alert's exit status, not an error: {out}"
    );
    assert!(
        out.stderr
            .contains("alerts webhook: alert 1 (raised) not delivered"),
        "{out}"
    );
    assert!(r.posts.lock().unwrap().is_empty());

    *r.failing.lock().unwrap() = false;
    let out = env.run(["sync"]);
    out.success();
    let posts = r.posts.lock().unwrap();
    assert_eq!(posts.len(), 1, "delivered late, once: {posts:?}");
    assert_eq!(posts[0]["alert"]["event"], "raised");
}
