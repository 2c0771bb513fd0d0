//! Signed webhook deliveries and injected delivery faults.

use super::*;

type Captured = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

async fn receiver() -> (String, Captured) {
    let captured: Captured = Arc::default();
    let sink = captured.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let sink = sink.clone();
                async move {
                    let sig = headers["linear-signature"]
                        .to_str()
                        .unwrap_or("")
                        .to_owned();
                    sink.lock().unwrap().push((sig, body.to_vec()));
                    "ok"
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/hook"), captured)
}

async fn wait_for(captured: &Captured, n: usize) {
    for _ in 0..200 {
        if captured.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("expected {n} webhook deliveries");
}

#[tokio::test]
async fn webhooks_are_signed_and_faults_apply() {
    let sb = small().await;
    let (url, captured) = receiver().await;
    sb.world.set_webhook(&url, SANDBOX_WEBHOOK_SECRET);
    sb.world.set_state("ENG-4", "Done").unwrap();
    wait_for(&captured, 1).await;
    let (sig, raw) = captured.lock().unwrap()[0].clone();
    assert_eq!(sig, sign(SANDBOX_WEBHOOK_SECRET, &raw));
    let event: Value = serde_json::from_slice(&raw).unwrap();
    assert_eq!(
        (event["type"].as_str(), event["action"].as_str()),
        (Some("Issue"), Some("update"))
    );
    assert_eq!(event["data"]["state"]["name"], "Done");
    assert_eq!(
        event["updatedFrom"]["stateId"],
        json!(seed_id(ids::STATE_TODO))
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let ts = event["webhookTimestamp"].as_i64().unwrap();
    assert!(
        (now - ts).abs() < 60_000,
        "webhookTimestamp is epoch ms near now"
    );
    assert_eq!(event["actor"]["email"], "alice@acme.test");
    // API mutations are attributed to the API user; a dropped delivery never arrives.
    sb.world.set_webhook_faults(WebhookFaults {
        drop_next: 1,
        ..WebhookFaults::default()
    });
    sb.gql(
        ISSUE_UPDATE,
        json!({"id": "ENG-4", "input": {"title": "dropped"}}),
    )
    .await
    .ok();
    sb.gql(
        ISSUE_UPDATE,
        json!({"id": "ENG-4", "input": {"title": "delivered"}}),
    )
    .await
    .ok();
    wait_for(&captured, 2).await;
    let last: Value = serde_json::from_slice(&captured.lock().unwrap()[1].1).unwrap();
    assert_eq!(last["data"]["title"], "delivered");
    assert_eq!(last["actor"]["id"], json!(sb.world.viewer_id()));
    assert!(
        sb.world
            .webhook_deliveries()
            .iter()
            .any(|d| d.outcome == "dropped")
    );
    // Held deliveries arrive in reverse order once released.
    sb.world.set_webhook_faults(WebhookFaults {
        hold: true,
        ..WebhookFaults::default()
    });
    sb.world.add_comment("ENG-4", "first").unwrap();
    sb.world.add_comment("ENG-4", "second").unwrap();
    assert_eq!(sb.world.held_webhooks(), 2);
    sb.world.release_webhooks(true);
    wait_for(&captured, 4).await;
    let kinds: Vec<Value> = captured.lock().unwrap()[2..]
        .iter()
        .map(|(_, b)| serde_json::from_slice(b).unwrap())
        .collect();
    assert!(kinds.iter().all(|e| e["type"] == "Comment"));
}

#[tokio::test]
async fn cycle_renames_and_attachment_deletes_are_delivered() {
    let sb = small().await;
    let (url, captured) = receiver().await;
    sb.world.set_webhook(&url, SANDBOX_WEBHOOK_SECRET);
    let before = sb.world.issue("ENG-1").unwrap().updated_at_ms;
    sb.world
        .rename_cycle("Sprint 23", Some("Sprint 24"))
        .unwrap();
    wait_for(&captured, 1).await;
    let event: Value = serde_json::from_slice(&captured.lock().unwrap()[0].1).unwrap();
    assert_eq!(
        (event["type"].as_str(), event["action"].as_str()),
        (Some("Cycle"), Some("update"))
    );
    assert_eq!(event["data"]["name"], "Sprint 24");
    assert_eq!(event["updatedFrom"]["name"], "Sprint 23");
    assert_eq!(
        sb.world.issue("ENG-1").unwrap().updated_at_ms,
        before,
        "a cycle rename does not touch its issues"
    );
    sb.world
        .remove_attachment("ENG-1", "https://github.com/acme/web/pull/42")
        .unwrap();
    wait_for(&captured, 2).await;
    let event: Value = serde_json::from_slice(&captured.lock().unwrap()[1].1).unwrap();
    assert_eq!(
        (event["type"].as_str(), event["action"].as_str()),
        (Some("Attachment"), Some("remove"))
    );
    assert!(sb.world.issue("ENG-1").unwrap().updated_at_ms > before);
    assert!(
        sb.world
            .remove_attachment("ENG-1", "https://github.com/acme/web/pull/42")
            .is_err(),
        "already removed"
    );
}
