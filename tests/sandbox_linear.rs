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

#[path = "sandbox_linear/reads.rs"]
mod reads;
#[path = "sandbox_linear/transport.rs"]
mod transport;
#[path = "sandbox_linear/webhooks.rs"]
mod webhooks;
#[path = "sandbox_linear/writes.rs"]
mod writes;
