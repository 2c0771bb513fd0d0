//! The bridge's writes: idempotent creates, label deltas, batches, attachment upserts, labels.

use super::*;

#[tokio::test]
async fn create_with_client_id_is_idempotent_and_makes_sub_issues() {
    let sb = small().await;
    let id = "5f0c6a52-4a4e-4a61-9d0c-0f5d7a1b2c3d";
    let input = json!({"id": id, "teamId": team(), "title": "From Planner", "projectId": project(),
        "parentId": seed_id(ids::TEAM_ENG), "priority": 2});
    let r = sb.gql(ISSUE_CREATE, json!({"input": input})).await;
    assert_eq!(
        r.code(),
        "ENTITY_NOT_FOUND",
        "parent must exist: {}",
        r.body
    );
    let parent = sb.world.issue("ENG-1").unwrap().id;
    let input = json!({"id": id, "teamId": team(), "title": "From Planner", "projectId": project(),
        "parentId": parent, "priority": 2, "dueDate": "2030-02-01"});
    let r = sb.gql(ISSUE_CREATE, json!({"input": input.clone()})).await;
    let created = &r.ok()["issueCreate"];
    assert_eq!(created["issue"]["id"], id);
    assert_eq!(created["issue"]["identifier"], "ENG-7");
    assert_eq!(created["issue"]["parent"]["id"], json!(parent));
    let before = sb.world.issue_count();
    let again = sb.gql(ISSUE_CREATE, json!({"input": input})).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.code(), "INPUT_ERROR", "{}", again.body);
    assert_eq!(
        sb.world.issue_count(),
        before,
        "a retried create must never duplicate"
    );
    let no_team = sb.gql(ISSUE_CREATE, json!({"input": {"title": "x"}})).await;
    assert_eq!(no_team.status, 400, "teamId is required: {}", no_team.body);
}

#[tokio::test]
async fn update_adds_and_removes_labels() {
    let sb = small().await;
    let (bug, feature) = (seed_id(ids::LABEL_BUG), seed_id(ids::LABEL_FEATURE));
    let r = sb.gql(ISSUE_UPDATE, json!({"id": "ENG-1", "input": {"addedLabelIds": [feature], "removedLabelIds": [bug], "priority": 3}})).await;
    let names: Vec<String> = r.ok()["issueUpdate"]["issue"]["labels"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"Feature".to_owned()) && names.contains(&"Customer".to_owned()));
    assert!(!names.contains(&"Bug".to_owned()));
    assert_eq!(sb.world.issue("ENG-1").unwrap().priority, 3);
    let bad = sb
        .gql(
            ISSUE_UPDATE,
            json!({"id": "ENG-1", "input": {"priority": 7}}),
        )
        .await;
    assert_eq!(bad.code(), "INPUT_ERROR");
}

#[tokio::test]
async fn batch_create_accepts_50_and_refuses_51() {
    let sb = small().await;
    let issues = |n: usize| {
        (0..n)
            .map(|i| json!({"teamId": team(), "title": format!("Batch {i}")}))
            .collect::<Vec<_>>()
    };
    let r = sb
        .gql(BATCH_CREATE, json!({"input": {"issues": issues(50)}}))
        .await;
    assert_eq!(
        r.ok()["issueBatchCreate"]["issues"]
            .as_array()
            .unwrap()
            .len(),
        50
    );
    let before = sb.world.issue_count();
    let r = sb
        .gql(BATCH_CREATE, json!({"input": {"issues": issues(51)}}))
        .await;
    assert_eq!(r.code(), "INPUT_ERROR");
    assert_eq!(sb.world.issue_count(), before);
}

#[tokio::test]
async fn a_batch_with_one_bad_issue_creates_none_and_uses_no_number() {
    let sb = small().await;
    let before = sb.world.issue_count();
    let taken = "7e0c6a52-4a4e-4a61-9d0c-0f5d7a1b2c3d";
    let issues = json!([
        {"id": taken, "teamId": team(), "title": "First"},
        {"teamId": team(), "title": "Second"},
        {"teamId": team(), "title": "Bad", "priority": 9},
    ]);
    let r = sb
        .gql(BATCH_CREATE, json!({"input": {"issues": issues}}))
        .await;
    assert_eq!(r.code(), "INPUT_ERROR", "{}", r.body);
    assert_eq!(sb.world.issue_count(), before);
    // The first issue's id is free again, and the team's numbers go on where they were.
    let input = json!({"id": taken, "teamId": team(), "title": "After"});
    let r = sb.gql(ISSUE_CREATE, json!({"input": input})).await;
    assert_eq!(r.ok()["issueCreate"]["issue"]["identifier"], "ENG-7");
    assert!(sb.world.issue("ENG-8").is_none());
}

#[tokio::test]
async fn attachment_create_upserts_by_url_and_is_found_by_url() {
    let sb = small().await;
    let url = "https://tasks.office.com/acme/Home/Task/abc123";
    let input = |title: &str| json!({"input": {"issueId": "ENG-4", "url": url, "title": title}});
    let first = sb.gql(ATTACHMENT_CREATE, input("Planner task")).await;
    let second = sb
        .gql(ATTACHMENT_CREATE, input("Planner task (renamed)"))
        .await;
    let (a, b) = (
        &first.ok()["attachmentCreate"]["attachment"],
        &second.ok()["attachmentCreate"]["attachment"],
    );
    assert_eq!(a["id"], b["id"]);
    assert_eq!(b["title"], "Planner task (renamed)");
    let found = sb.gql(ATTACHMENTS_FOR_URL, json!({"url": url})).await;
    let nodes = found.ok()["attachmentsForURL"]["nodes"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(nodes.len(), 1);
    assert_eq!(nodes[0]["issue"]["identifier"], "ENG-4");
}

#[tokio::test]
async fn label_create_refuses_duplicates() {
    let sb = small().await;
    let input = json!({"input": {"name": "Planner", "teamId": team()}});
    let r = sb.gql(LABEL_CREATE, input.clone()).await;
    assert_eq!(
        r.ok()["issueLabelCreate"]["issueLabel"]["team"]["key"],
        "ENG"
    );
    assert_eq!(sb.gql(LABEL_CREATE, input).await.code(), "INPUT_ERROR");
}

#[tokio::test]
async fn control_routes_seed_edit_and_count() {
    use linear_planner_sync::sandbox::linear::control_router;
    let world = LinearWorld::new();
    let app = axum::Router::new().nest("/_sandbox/linear", control_router(world.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}/_sandbox/linear");
    let client = reqwest::Client::new();
    let post = |path: &str, body: Value| client.post(format!("{base}{path}")).json(&body).send();
    let seeded: Value = post("/seed", json!({"kind": "large", "issues": 7}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seeded["issues"], 7);
    let edit = json!({"op": "set_state", "issue": "ENG-3", "state": "Canceled"});
    assert_eq!(post("/edit", edit).await.unwrap().status().as_u16(), 200);
    let bad = json!({"op": "set_state", "issue": "ENG-99", "state": "Done"});
    assert_eq!(post("/edit", bad).await.unwrap().status().as_u16(), 400);
    let issue: Value = client
        .get(format!("{base}/issues/ENG-3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(issue["state_type"], "canceled");
    let counters: Value = client
        .get(format!("{base}/counters"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(counters["total"], 0);
}
