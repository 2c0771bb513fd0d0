//! The Linear sandbox over real HTTP: transport, validation, the bridge's queries and
//! mutations, idempotent creates, cursors with ties, paging, rate limits, uploads, webhooks.
//!
//! Each test starts its own server on 127.0.0.1:0 with the router nested at `/linear`, as the
//! shared sandbox server does, and checks behaviour against shared/linear/README.md.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use linear_planner_sync::sandbox::linear::{
    LimitConfig, LinearWorld, SANDBOX_LINEAR_API_KEY, SANDBOX_LINEAR_OAUTH_TOKEN,
    SANDBOX_WEBHOOK_SECRET, TimeSource, WebhookFaults, ids, router, seed_id, sign,
};
use serde_json::{Value, json};

struct Sandbox {
    world: LinearWorld,
    base: String,
    client: reqwest::Client,
}

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or("")
    }
    fn header(&self, name: &str) -> i64 {
        self.headers[name].to_str().unwrap().parse().unwrap()
    }
    #[track_caller]
    fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        assert!(self.body.get("errors").is_none(), "{}", self.body);
        &self.body["data"]
    }
}

async fn start(seed: impl FnOnce(&LinearWorld)) -> Sandbox {
    let world = LinearWorld::new();
    seed(&world);
    let app = axum::Router::new().nest("/linear", router(world.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}/linear");
    world.set_public_base(&base);
    Sandbox {
        world,
        base,
        client: reqwest::Client::new(),
    }
}

async fn small() -> Sandbox {
    start(|w| w.seed_small().unwrap()).await
}

impl Sandbox {
    async fn post(&self, auth: Option<&str>, body: Value) -> Reply {
        let mut req = self
            .client
            .post(format!("{}/graphql", self.base))
            .json(&body);
        if let Some(auth) = auth {
            req = req.header("Authorization", auth);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.json().await.unwrap();
        Reply {
            status,
            headers,
            body,
        }
    }
    async fn gql(&self, query: &str, variables: Value) -> Reply {
        self.post(
            Some(SANDBOX_LINEAR_API_KEY),
            json!({"query": query, "variables": variables}),
        )
        .await
    }
}

// ---- the documents the bridge sends ----

const VIEWER: &str = "query Viewer { viewer { id email name } }";

const TEAM: &str = "query Team($id: String!) { team(id: $id) { id key name
  states { nodes { id name type position } }
  labels(first: 100) { nodes { id name } }
  cycles(first: 20) { nodes { id name number startsAt endsAt } }
  members(first: 100) { nodes { id email name } } } }";

const USERS_BY_EMAIL: &str = "query UserByEmail($email: String!) {
  users(filter: {email: {eqIgnoreCase: $email}}) { nodes { id email name active } } }";

const ISSUES_SINCE: &str =
    "query IssuesSince($project: ID!, $since: DateTimeOrDuration!, $after: String, $first: Int) {
  issues(filter: {project: {id: {eq: $project}}, updatedAt: {gt: $since}}, orderBy: updatedAt,
         first: $first, after: $after, includeArchived: true) {
    pageInfo { hasNextPage endCursor }
    nodes { ...IssueFields }
  } }
fragment IssueFields on Issue {
  id identifier url title description priority priorityLabel dueDate updatedAt createdAt archivedAt
  state { id name type } assignee { id email name } labels(first: 20) { nodes { id name } }
  cycle { id name number } parent { id }
  children(first: 20) { nodes { id title state { type } } }
  attachments(first: 20) { nodes { id url title } }
  comments(first: 20) { nodes { id body createdAt user { email name } } }
  project { id } team { id key } }";

const ISSUE: &str = "query Issue($id: String!) { issue(id: $id) { id identifier title priority
  updatedAt archivedAt trashed labels { nodes { id name } } parent { id identifier }
  children { nodes { identifier } } state { name type } } }";

const ISSUE_CREATE: &str = "mutation IssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success lastSyncId issue { id identifier url updatedAt parent { id } } } }";

const ISSUE_UPDATE: &str = "mutation IssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { id updatedAt labels { nodes { name } } } } }";

const BATCH_CREATE: &str = "mutation IssueBatchCreate($input: IssueBatchCreateInput!) {
  issueBatchCreate(input: $input) { success issues { id identifier } } }";

const ATTACHMENT_CREATE: &str = "mutation AttachmentCreate($input: AttachmentCreateInput!) {
  attachmentCreate(input: $input) { success attachment { id url title subtitle issue { id } } } }";

const ATTACHMENTS_FOR_URL: &str = "query AttachmentsForUrl($url: String!) {
  attachmentsForURL(url: $url) { nodes { id url issue { id identifier } } } }";

const LABEL_CREATE: &str = "mutation IssueLabelCreate($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name team { key } } } }";

fn team() -> String {
    seed_id(ids::TEAM_ENG)
}
fn project() -> String {
    seed_id(ids::PROJECT_WEBSITE)
}
const EPOCH: &str = "1970-01-01T00:00:00.000Z";

#[test]
fn vendored_schema_is_byte_identical_to_shared_copy() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/linear/schema.min.graphql"
    );
    let Ok(expected) = std::fs::read(shared) else {
        println!("note: {shared} is absent; byte comparison skipped");
        return;
    };
    let vendored = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/linear.graphql"
    ))
    .unwrap();
    assert!(
        vendored == expected,
        "schema/linear.graphql differs from shared/linear/schema.min.graphql"
    );
}

#[tokio::test]
async fn authentication_errors() {
    let sb = small().await;
    let body = json!({"query": VIEWER});
    for auth in [
        None,
        Some("lin_api_wrong"),
        Some(&*format!("Bearer {SANDBOX_LINEAR_API_KEY}")),
    ] {
        let r = sb.post(auth, body.clone()).await;
        assert_eq!(r.status, 400, "{auth:?}");
        assert_eq!(r.code(), "AUTHENTICATION_ERROR", "{auth:?}");
    }
    let r = sb
        .post(Some(&format!("Bearer {SANDBOX_LINEAR_OAUTH_TOKEN}")), body)
        .await;
    assert_eq!(r.ok()["viewer"]["id"], json!(sb.world.viewer_id()));
}

#[tokio::test]
async fn validation_rejects_unknown_fields_and_missing_variables() {
    let sb = small().await;
    let r = sb
        .gql("query { viewer { id favouriteColour } }", json!({}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("favouriteColour")
    );
    let r = sb.gql(TEAM, json!({})).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("variable 'id'"),
        "{}",
        r.body
    );
    let r = sb
        .gql("query { issue(id: \"nope\") { id } }", json!({}))
        .await;
    assert_eq!(r.code(), "ENTITY_NOT_FOUND");
    assert_eq!(r.body["data"], Value::Null);
}

#[tokio::test]
async fn bridge_read_queries() {
    let sb = small().await;
    assert_eq!(
        sb.gql(VIEWER, json!({})).await.ok()["viewer"]["email"],
        "sync-bot@acme.test"
    );
    let t = sb.gql(TEAM, json!({"id": team()})).await;
    let t = &t.ok()["team"];
    assert_eq!(t["key"], "ENG");
    let types: Vec<&str> = t["states"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap())
        .collect();
    for kind in [
        "triage",
        "backlog",
        "unstarted",
        "started",
        "completed",
        "canceled",
        "duplicate",
    ] {
        assert!(types.contains(&kind), "{kind} missing");
    }
    assert_eq!(t["cycles"]["nodes"][0]["number"], json!(23.0));
    assert_eq!(t["labels"]["nodes"].as_array().unwrap().len(), 4);
    let u = sb
        .gql(USERS_BY_EMAIL, json!({"email": "bob.berg@ACME.TEST"}))
        .await;
    assert_eq!(u.ok()["users"]["nodes"][0]["email"], "Bob.Berg@acme.test");
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": EPOCH, "first": 50}),
        )
        .await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    assert_eq!(nodes.len(), 6);
    let eng1 = nodes.iter().find(|n| n["identifier"] == "ENG-1").unwrap();
    assert_eq!(eng1["priority"], json!(1.0));
    assert_eq!(eng1["priorityLabel"], "Urgent");
    assert_eq!(eng1["children"]["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(
        eng1["comments"]["nodes"][0]["user"]["email"]
            .as_str()
            .map(|e| e.contains('@')),
        Some(true)
    );
    assert_eq!(eng1["attachments"]["nodes"].as_array().unwrap().len(), 2);
    assert!(eng1["url"].as_str().unwrap().starts_with(&sb.base));
    assert_eq!(eng1["cycle"]["name"], "Sprint 23");
    let by_ident = sb.gql(ISSUE, json!({"id": "eng-2"})).await;
    assert_eq!(by_ident.ok()["issue"]["parent"]["identifier"], "ENG-1");
}

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
async fn updated_at_cursor_sees_ties_and_archived_issues() {
    let sb = small().await;
    let t0 = sb.world.now_ms() + 1_000;
    sb.world.set_time_source(TimeSource::Manual(t0));
    sb.world.set_title("ENG-4", "Tie A").unwrap();
    sb.world.set_title("ENG-5", "Tie B").unwrap();
    sb.world.archive_issue("ENG-6").unwrap();
    let a = sb.world.issue("ENG-4").unwrap();
    assert_eq!(a.updated_at_ms, t0);
    assert_eq!(sb.world.issue("ENG-6").unwrap().updated_at_ms, t0);
    // gt the instant just before: all three, newest first, archived included.
    let since = linear_planner_sync::sandbox::linear::format_ms(t0 - 1);
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": since, "first": 50}),
        )
        .await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    let idents: Vec<&str> = nodes
        .iter()
        .map(|n| n["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(idents.len(), 3, "{idents:?}");
    assert!(nodes.iter().all(|n| n["updatedAt"] == json!(a.updated_at)));
    assert!(nodes.iter().any(|n| n["archivedAt"].is_string()));
    // gt the tie instant itself: nothing — why the bridge keeps the ids seen at its cursor.
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": a.updated_at, "first": 50}),
        )
        .await;
    assert_eq!(r.ok()["issues"]["nodes"], json!([]));
    // Without includeArchived the archived one is hidden.
    let q = "query($p: ID!) { issues(filter: {project: {id: {eq: $p}}}, orderBy: updatedAt) { nodes { identifier updatedAt } } }";
    let r = sb.gql(q, json!({"p": project()})).await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    assert!(nodes.iter().all(|n| n["identifier"] != "ENG-6"));
    let times: Vec<&str> = nodes
        .iter()
        .map(|n| n["updatedAt"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
}

#[tokio::test]
async fn pagination_walks_a_large_project_once() {
    let sb = start(|w| w.seed_large(120).unwrap()).await;
    let mut seen = std::collections::HashSet::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = "query Page($p: ID!, $after: String) { issues(filter: {project: {id: {eq: $p}}}, first: 50, after: $after) {
            pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }";
        let r = sb.gql(q, json!({"p": project(), "after": after})).await;
        let conn = r.ok()["issues"].clone();
        pages += 1;
        for e in conn["edges"].as_array().unwrap() {
            assert!(seen.insert(e["node"]["id"].as_str().unwrap().to_owned()));
            assert_eq!(e["cursor"], e["node"]["id"]);
        }
        if conn["pageInfo"]["hasNextPage"] == json!(false) {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!((seen.len(), pages), (120, 3));
    let r = sb
        .gql("query { issues(first: 251) { nodes { id } } }", json!({}))
        .await;
    assert_eq!(r.code(), "INPUT_ERROR");
    assert_eq!(sb.world.operation_counts()["Page"], 3);
}

#[tokio::test]
async fn rate_limit_headers_and_ratelimited_error() {
    let sb = small().await;
    sb.world.set_limits(LimitConfig {
        requests_per_hour: 3,
        ..LimitConfig::default()
    });
    let r = sb.gql(VIEWER, json!({})).await;
    r.ok();
    assert_eq!(r.header("x-ratelimit-requests-limit"), 3);
    assert_eq!(r.header("x-ratelimit-requests-remaining"), 2);
    assert!(
        r.header("x-ratelimit-requests-reset") > 1_600_000_000_000,
        "epoch ms"
    );
    assert_eq!(r.header("x-ratelimit-complexity-limit"), 250_000);
    assert!(r.header("x-ratelimit-complexity-remaining") < 250_000);
    assert!(r.header("x-complexity") >= 1);
    sb.gql(VIEWER, json!({})).await.ok();
    sb.gql(VIEWER, json!({})).await.ok();
    let limited = sb.gql(VIEWER, json!({})).await;
    assert_eq!(limited.status, 400);
    assert_eq!(limited.code(), "RATELIMITED");
    assert!(limited.body["errors"][0]["extensions"]["userPresentableMessage"].is_string());
    assert_eq!(limited.header("x-ratelimit-requests-remaining"), 0);
}

#[tokio::test]
async fn too_complex_query_is_refused() {
    let sb = small().await;
    let q =
        "query { issues(first: 250) { nodes { children(first: 250) { nodes { id title } } } } }";
    let r = sb.gql(q, json!({})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "INPUT_ERROR");
    assert_eq!(r.body["errors"][0]["message"], "Query too complex");
}

#[tokio::test]
async fn uploads_need_authorization() {
    let sb = small().await;
    let url = sb
        .world
        .add_upload("design.png", "image/png", vec![1, 2, 3]);
    assert!(url.starts_with(&format!("{}/uploads/", sb.base)));
    let anon = sb.client.get(&url).send().await.unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    let ok = sb
        .client
        .get(&url)
        .header("Authorization", SANDBOX_LINEAR_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.bytes().await.unwrap().as_ref(), &[1, 2, 3]);
    let bearer = sb
        .client
        .get(&url)
        .header("Authorization", format!("Bearer {SANDBOX_LINEAR_API_KEY}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status().as_u16(), 200);
}

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
