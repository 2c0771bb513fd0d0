//! The Graph sandbox checked against the API facts (shared/graph/planner-api.md) over real
//! HTTP: each test starts its own sandbox on 127.0.0.1:0 and talks to it with reqwest.

use std::time::{Duration, Instant};

use linear_planner_sync::sandbox::graph::seed::{ALICE, BOB, CAROL, DAVE};
use linear_planner_sync::sandbox::graph::{GraphLimits, Permission};
use linear_planner_sync::sandbox::{
    Fault, FaultKind, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_TENANT_ID, Sandbox,
    SandboxOptions, Seed, Times,
};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder};
use serde_json::{Value, json};

const SCOPE: &str = "https://graph.microsoft.com/.default";

struct Resp {
    status: u16,
    headers: HeaderMap,
    body: Value,
}

impl Resp {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("<none>")
    }
}

async fn send(rb: RequestBuilder) -> Resp {
    let r = rb.send().await.expect("request sent");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.expect("body read");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    Resp {
        status,
        headers,
        body,
    }
}

struct Env {
    sb: Sandbox,
    http: reqwest::Client,
    token: String,
}

impl Env {
    async fn new(seed: Seed) -> Env {
        let sb = Sandbox::start(SandboxOptions {
            seed,
            ..SandboxOptions::default()
        })
        .await
        .expect("sandbox starts");
        let http = reqwest::Client::new();
        let mut env = Env {
            sb,
            http,
            token: String::new(),
        };
        env.token = env.fresh_token().await;
        env
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.sb.base_url(), path)
    }

    async fn token_request(&self, tenant: &str, client_id: &str, secret: &str) -> Resp {
        let url = format!("{}/{tenant}/oauth2/v2.0/token", self.sb.graph_login_url());
        let form = [
            ("client_id", client_id),
            ("client_secret", secret),
            ("grant_type", "client_credentials"),
            ("scope", SCOPE),
        ];
        send(self.http.post(url).form(&form)).await
    }

    async fn fresh_token(&self) -> String {
        let r = self
            .token_request(SANDBOX_TENANT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["access_token"].as_str().expect("token").to_owned()
    }

    fn req(&self, method: Method, path: &str) -> RequestBuilder {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            self.url(path)
        };
        self.http.request(method, url).bearer_auth(&self.token)
    }

    async fn get(&self, path: &str) -> Resp {
        send(self.req(Method::GET, path)).await
    }

    async fn patch(&self, path: &str, etag: Option<&str>, body: Value) -> Resp {
        let mut rb = self.req(Method::PATCH, path).json(&body);
        if let Some(e) = etag {
            rb = rb.header("If-Match", e);
        }
        send(rb).await
    }

    async fn post(&self, path: &str, body: Value) -> Resp {
        send(self.req(Method::POST, path).json(&body)).await
    }

    async fn etag(&self, path: &str) -> String {
        let r = self.get(path).await;
        assert_eq!(r.status, 200, "{}", r.body);
        r.body["@odata.etag"].as_str().expect("etag").to_owned()
    }
}

// ---------------------------------------------------------------- auth

#[tokio::test]
async fn token_endpoint_issues_bearer_tokens() {
    let env = Env::new(Seed::Empty).await;
    let r = env
        .token_request(SANDBOX_TENANT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 3599);
    assert_eq!(r.body["ext_expires_in"], 3599);
    assert!(
        r.body["access_token"]
            .as_str()
            .is_some_and(|t| t.len() > 20)
    );
}

#[tokio::test]
async fn token_endpoint_errors_follow_aad() {
    let env = Env::new(Seed::Empty).await;
    let bad_secret = env
        .token_request(SANDBOX_TENANT_ID, SANDBOX_CLIENT_ID, "nope")
        .await;
    assert_eq!(bad_secret.status, 401);
    assert_eq!(bad_secret.body["error"], "invalid_client");
    assert!(
        bad_secret.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS7000215: Invalid client secret provided")
    );

    let bad_tenant = env
        .token_request(
            "00000000-0000-0000-0000-000000000000",
            SANDBOX_CLIENT_ID,
            SANDBOX_CLIENT_SECRET,
        )
        .await;
    assert_eq!(bad_tenant.status, 400);
    assert_eq!(bad_tenant.body["error"], "invalid_request");
    assert!(
        bad_tenant.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90002")
    );

    let bad_client = env
        .token_request(
            SANDBOX_TENANT_ID,
            "11111111-2222-3333-4444-555555555555",
            SANDBOX_CLIENT_SECRET,
        )
        .await;
    assert_eq!(bad_client.status, 400);
    assert_eq!(bad_client.body["error"], "unauthorized_client");
    assert!(
        bad_client.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS700016")
    );
    assert_eq!(bad_client.body["error_codes"][0], 700016);
}

#[tokio::test]
async fn graph_calls_need_a_valid_unexpired_unrevoked_token() {
    let mut env = Env::new(Seed::Small).await;
    let ok = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(ok.status, 200);

    let anonymous = send(env.http.get(env.url("/v1.0/planner/plans/plan-small"))).await;
    assert_eq!(
        (anonymous.status, anonymous.code()),
        (401, "InvalidAuthenticationToken")
    );

    env.sb.graph().revoke_tokens();
    let revoked = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(
        (revoked.status, revoked.code()),
        (401, "InvalidAuthenticationToken")
    );

    env.sb.graph().set_limits(GraphLimits {
        token_lifetime_secs: 1,
        ..GraphLimits::default()
    });
    env.token = env.fresh_token().await;
    assert_eq!(env.get("/v1.0/planner/plans/plan-small").await.status, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(
        (expired.status, expired.code()),
        (401, "InvalidAuthenticationToken")
    );
    assert!(
        expired.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
}

#[tokio::test]
async fn missing_permissions_answer_403() {
    let mut env = Env::new(Seed::Demo).await;
    env.sb.graph().set_permissions(&[Permission::GroupReadAll]);
    // Roles are fixed at issue time: the old token still works until a new one is taken.
    assert_eq!(env.get("/v1.0/planner/plans/plan-demo").await.status, 200);
    env.token = env.fresh_token().await;
    let planner = env.get("/v1.0/planner/plans/plan-demo").await;
    assert_eq!(
        (planner.status, planner.code()),
        (403, "Authorization_RequestDenied")
    );
    assert!(
        planner.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Tasks.ReadWrite.All")
    );
    let users = env.get("/v1.0/users").await;
    assert_eq!(
        (users.status, users.code()),
        (403, "Authorization_RequestDenied")
    );
    let group_plans = env.get("/v1.0/groups/sandbox-group/planner/plans").await;
    assert_eq!(group_plans.status, 200);
    let drive = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/a.txt:/content",
        )
        .body("x"),
    )
    .await;
    assert_eq!(
        (drive.status, drive.code()),
        (403, "Authorization_RequestDenied")
    );
}

// ---------------------------------------------------------------- plans and buckets

#[tokio::test]
async fn plans_details_and_group_listing() {
    let env = Env::new(Seed::Demo).await;
    let plan = env.get("/v1.0/planner/plans/plan-demo").await;
    assert_eq!(plan.status, 200);
    assert_eq!(plan.body["title"], "Website relaunch");
    assert_eq!(plan.body["container"]["containerId"], "sandbox-group");
    assert!(
        plan.body["@odata.etag"]
            .as_str()
            .unwrap()
            .starts_with("W/\"")
    );

    let details = env.get("/v1.0/planner/plans/plan-demo/details").await;
    let cats = &details.body["categoryDescriptions"];
    assert_eq!(cats["category1"], "Urgent");
    assert_eq!(cats["category6"], "Feature");
    assert!(cats["category25"].is_null());
    assert_eq!(cats.as_object().unwrap().len(), 25);

    let missing = env.get("/v1.0/planner/plans/nope").await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["error"]["code"], "");

    let listed = env.get("/v1.0/groups/sandbox-group/planner/plans").await;
    let ids: Vec<&str> = listed.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["plan-demo"]);
    assert_eq!(
        env.get("/v1.0/groups/no-group/planner/plans").await.status,
        404
    );
}

#[tokio::test]
async fn buckets_list_create_and_limit() {
    let env = Env::new(Seed::Demo).await;
    let listed = env.get("/v1.0/planner/plans/plan-demo/buckets").await;
    let names: Vec<&str> = listed.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["To do", "In progress", "Done"]);

    let created = env
        .post(
            "/v1.0/planner/buckets",
            json!({"name": "Blocked", "planId": "plan-demo", "orderHint": " !"}),
        )
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(created.body["name"], "Blocked");
    assert_eq!(created.body["planId"], "plan-demo");
    assert!(created.body["@odata.etag"].is_string());
    assert_eq!(
        env.get("/v1.0/planner/plans/plan-demo/buckets").await.body["value"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    env.sb.graph().set_limits(GraphLimits {
        max_buckets_per_plan: 4,
        ..GraphLimits::default()
    });
    let over = env
        .post(
            "/v1.0/planner/buckets",
            json!({"name": "One more", "planId": "plan-demo"}),
        )
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumBucketsInProject"));
}

// ---------------------------------------------------------------- tasks and etags

#[tokio::test]
async fn create_task_returns_201_with_app_identity() {
    let env = Env::new(Seed::Demo).await;
    let body = json!({
        "planId": "plan-demo", "bucketId": "bucket-todo", "title": "New from app",
        "priority": 3, "percentComplete": 50, "dueDateTime": "2026-11-30T00:00:00Z",
        "assignments": {BOB: {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}},
        "appliedCategories": {"category2": true}
    });
    let r = env.post("/v1.0/planner/tasks", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["createdBy"]["application"]["id"], SANDBOX_CLIENT_ID);
    assert_eq!(r.body["title"], "New from app");
    assert_eq!(r.body["priority"], 3);
    assert_eq!(r.body["dueDateTime"], "2026-11-30T00:00:00Z");
    assert_eq!(r.body["appliedCategories"]["category2"], true);
    assert_eq!(
        r.body["assignments"][BOB]["@odata.type"],
        "#microsoft.graph.plannerAssignment"
    );
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(
        env.get(&format!("/v1.0/planner/tasks/{id}")).await.body["@odata.etag"],
        r.body["@odata.etag"]
    );

    let no_plan = env.post("/v1.0/planner/tasks", json!({"title": "x"})).await;
    assert_eq!(no_plan.status, 400);
    let no_title = env
        .post("/v1.0/planner/tasks", json!({"planId": "plan-demo"}))
        .await;
    assert_eq!(no_title.status, 400);
}

#[tokio::test]
async fn task_limit_answers_403() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        max_tasks_per_plan: 13,
        ..GraphLimits::default()
    });
    assert_eq!(
        env.post(
            "/v1.0/planner/tasks",
            json!({"planId": "plan-demo", "title": "13th"})
        )
        .await
        .status,
        201
    );
    let over = env
        .post(
            "/v1.0/planner/tasks",
            json!({"planId": "plan-demo", "title": "14th"}),
        )
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumTasksInProject"));
}

#[tokio::test]
async fn patch_and_delete_enforce_if_match() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-01";
    let etag = env.etag(path).await;

    let missing = env.patch(path, None, json!({"title": "x"})).await;
    assert_eq!(missing.status, 400);
    let star = env.patch(path, Some("*"), json!({"title": "x"})).await;
    assert_eq!(star.status, 400);
    let stale = env
        .patch(
            path,
            Some("W/\"JzEtVGFzayAg0000000000000000\""),
            json!({"title": "x"}),
        )
        .await;
    assert_eq!(stale.status, 412);
    assert_eq!(env.get(path).await.body["title"], "Design new landing page");

    let ok = env
        .patch(path, Some(&etag), json!({"title": "Renamed"}))
        .await;
    assert_eq!(ok.status, 204);
    assert!(ok.body.is_null());
    let etag2 = env.etag(path).await;
    assert!(etag2 > etag, "{etag2} should sort after {etag}");
    assert_eq!(
        env.patch(path, Some(&etag), json!({"title": "again"}))
            .await
            .status,
        412
    );

    let rep = send(
        env.req(Method::PATCH, path)
            .header("If-Match", &etag2)
            .header("Prefer", "return=representation")
            .json(&json!({"percentComplete": 100})),
    )
    .await;
    assert_eq!(rep.status, 200);
    assert_eq!(rep.body["percentComplete"], 100);
    assert_eq!(rep.body["title"], "Renamed");
    assert!(rep.body["completedDateTime"].is_string());
    let etag3 = rep.body["@odata.etag"].as_str().unwrap().to_owned();
    assert!(etag3 > etag2);
    assert_eq!(env.etag(path).await, etag3);

    let del_stale = send(env.req(Method::DELETE, path).header("If-Match", &etag2)).await;
    assert_eq!(del_stale.status, 412);
    let del_missing = send(env.req(Method::DELETE, path)).await;
    assert_eq!(del_missing.status, 400);
    let del = send(env.req(Method::DELETE, path).header("If-Match", &etag3)).await;
    assert_eq!(del.status, 204);
    assert_eq!(env.get(path).await.status, 404);
}

#[tokio::test]
async fn strict_validation_rejects_bad_task_bodies() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-02";
    let cases = [
        json!({"notAField": 1}),
        json!({"createdBy": {}}),
        json!({"planId": "plan-small"}),
        json!({"assignments": {BOB: {"@odata.type": "#microsoft.graph.plannerTask", "orderHint": " !"}}}),
        json!({"assignments": {BOB: {"orderHint": " !"}}}),
        json!({"assignments": {"not-a-guid": {"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}}}),
        json!({"priority": 11}),
        json!({"priority": -1}),
        json!({"percentComplete": 101}),
        json!({"percentComplete": "50"}),
        json!({"dueDateTime": "30/11/2026"}),
        json!({"dueDateTime": "2026-11-31T00:00:00Z"}),
        json!({"appliedCategories": {"category26": true}}),
        json!({"appliedCategories": {"category0": true}}),
        json!({"appliedCategories": {"category1": "yes"}}),
        json!({"bucketId": "bucket-small-todo"}),
        json!({"title": ""}),
    ];
    for body in cases {
        let etag = env.etag(path).await;
        let r = env.patch(path, Some(&etag), body.clone()).await;
        assert_eq!(r.status, 400, "{body} → {}", r.body);
        assert!(
            r.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        assert_eq!(
            env.etag(path).await,
            etag,
            "a rejected PATCH must not change the task ({body})"
        );
    }
    // Valid edge values and removal of an assignment with null.
    let etag = env.etag(path).await;
    let r = send(env.req(Method::PATCH, path).header("If-Match", &etag).header("Prefer", "return=representation")
        .json(&json!({"priority": 10, "percentComplete": 0, "appliedCategories": {"category25": true, "category2": false}, "assignments": {BOB: null}, "dueDateTime": "2026-12-01T10:00:00+02:00"}))).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["priority"], 10);
    assert_eq!(r.body["appliedCategories"]["category25"], true);
    assert!(r.body["appliedCategories"].get("category2").is_none());
    assert!(r.body["assignments"].get(BOB).is_none());
    assert_eq!(r.body["dueDateTime"], "2026-12-01T08:00:00Z");
}

// ---------------------------------------------------------------- details

#[tokio::test]
async fn details_have_their_own_etag_and_bump_the_task() {
    let env = Env::new(Seed::Demo).await;
    let task_path = "/v1.0/planner/tasks/task-demo-03";
    let details_path = "/v1.0/planner/tasks/task-demo-03/details";
    let task_etag = env.etag(task_path).await;
    let details = env.get(details_path).await;
    assert_eq!(details.body["id"], "task-demo-03");
    assert!(
        details.body["description"]
            .as_str()
            .unwrap()
            .starts_with("Fix broken contact form")
    );
    assert_eq!(details.body["checklist"].as_object().unwrap().len(), 3);
    let details_etag = details.body["@odata.etag"].as_str().unwrap().to_owned();

    assert_eq!(
        env.patch(details_path, None, json!({"description": "x"}))
            .await
            .status,
        400
    );
    assert_eq!(
        env.patch(details_path, Some(&task_etag), json!({"description": "x"}))
            .await
            .status,
        412,
        "the task etag is not the details etag"
    );
    let r = env
        .patch(
            details_path,
            Some(&details_etag),
            json!({"description": "New text"}),
        )
        .await;
    assert_eq!(r.status, 204);
    assert_eq!(env.get(details_path).await.body["description"], "New text");
    let new_task_etag = env.etag(task_path).await;
    assert!(
        new_task_etag > task_etag,
        "details change must bump the task etag"
    );
    assert_eq!(
        env.patch(task_path, Some(&task_etag), json!({"title": "x"}))
            .await
            .status,
        412
    );
    assert_eq!(env.get(task_path).await.body["hasDescription"], true);
}

#[tokio::test]
async fn checklist_add_toggle_remove_and_limit() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-01/details";
    let etag = env.etag(path).await;
    let key = "7d3a0000-0000-4000-8000-000000000001";
    let item = json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": "Review", "isChecked": false});
    let r = send(
        env.req(Method::PATCH, path)
            .header("If-Match", &etag)
            .header("Prefer", "return=representation")
            .json(&json!({"checklist": {key: item}})),
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["checklist"][key]["title"], "Review");
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-01").await.body["checklistItemCount"],
        2
    );

    let etag = r.body["@odata.etag"].as_str().unwrap().to_owned();
    let toggle = json!({"checklist": {key: {"@odata.type": "#microsoft.graph.plannerChecklistItem", "isChecked": true}}});
    assert_eq!(env.patch(path, Some(&etag), toggle).await.status, 204);
    assert_eq!(
        env.get(path).await.body["checklist"][key]["isChecked"],
        true
    );

    let etag = env.etag(path).await;
    let untyped = json!({"checklist": {"k2": {"title": "no type"}}});
    assert_eq!(env.patch(path, Some(&etag), untyped).await.status, 400);
    assert_eq!(
        env.patch(path, Some(&etag), json!({"checklist": {key: null}}))
            .await
            .status,
        204
    );
    assert!(env.get(path).await.body["checklist"].get(key).is_none());

    env.sb.graph().set_limits(GraphLimits {
        max_checklist_items: 3,
        ..GraphLimits::default()
    });
    let etag = env.etag(path).await;
    let mut many = serde_json::Map::new();
    for i in 0..3 {
        many.insert(format!("k{i}"), json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": format!("item {i}")}));
    }
    let over = env
        .patch(path, Some(&etag), json!({"checklist": many}))
        .await;
    assert_eq!(
        (over.status, over.code()),
        (403, "MaximumChecklistItemsOnTask")
    );
    assert_eq!(
        env.etag(path).await,
        etag,
        "a refused PATCH changes nothing"
    );
}

#[tokio::test]
async fn references_require_encoded_keys_and_respect_limit() {
    let env = Env::new(Seed::Demo).await;
    let path = "/v1.0/planner/tasks/task-demo-02/details";
    let reference = json!({"@odata.type": "#microsoft.graph.plannerExternalReference", "alias": "Issue ENG-1", "type": "Other"});
    let etag = env.etag(path).await;
    let raw = env
        .patch(
            path,
            Some(&etag),
            json!({"references": {"https://linear.app/acme/issue/ENG-1": reference}}),
        )
        .await;
    assert_eq!(raw.status, 400, "unencoded ':' and '.' must be rejected");
    let bad_type = env
        .patch(
            path,
            Some(&etag),
            json!({"references": {"https%3A//x%2Ecom/a": {"alias": "x"}}}),
        )
        .await;
    assert_eq!(bad_type.status, 400);

    let key = "https%3A//linear%2Eapp/acme/issue/ENG-1";
    let r = env
        .patch(path, Some(&etag), json!({"references": {key: reference}}))
        .await;
    assert_eq!(r.status, 204);
    let details = env.get(path).await;
    assert_eq!(details.body["references"][key]["alias"], "Issue ENG-1");
    assert_eq!(
        details.body["references"][key]["@odata.type"],
        "#microsoft.graph.plannerExternalReference"
    );
    assert_eq!(
        env.get("/v1.0/planner/tasks/task-demo-02").await.body["referenceCount"],
        1
    );

    let etag = env.etag(path).await;
    assert_eq!(
        env.patch(path, Some(&etag), json!({"references": {key: null}}))
            .await
            .status,
        204
    );
    assert!(env.get(path).await.body["references"].get(key).is_none());

    env.sb.graph().set_limits(GraphLimits {
        max_references: 2,
        ..GraphLimits::default()
    });
    let etag = env.etag(path).await;
    let refs: serde_json::Map<String, Value> = (0..3)
        .map(|i| (format!("https%3A//x%2Ecom/{i}"), reference.clone()))
        .collect();
    let over = env
        .patch(path, Some(&etag), json!({"references": refs}))
        .await;
    assert_eq!((over.status, over.code()), (403, "MaximumReferencesOnTask"));
}

// ---------------------------------------------------------------- paging and delta

#[tokio::test]
async fn plan_tasks_are_paged_with_next_links() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let mut url = "/v1.0/planner/plans/plan-demo/tasks".to_owned();
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let r = env.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.body);
        pages += 1;
        let value = r.body["value"].as_array().unwrap();
        assert!(value.len() <= 5);
        ids.extend(value.iter().map(|t| t["id"].as_str().unwrap().to_owned()));
        match r.body["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(env.sb.base_url()),
                    "nextLink is absolute: {next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12);
}

const DELTA_FIRST: &str = "/beta/planner/tasks/delta?$filter=planId%20eq%20'plan-demo'&$select=percentComplete,assignments,creationSource";

/// Follows a round to its deltaLink; returns (items, pages, deltaLink).
async fn delta_round(env: &Env, start: &str) -> (Vec<Value>, usize, String) {
    let mut url = start.to_owned();
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let r = env.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.body);
        pages += 1;
        items.extend(r.body["value"].as_array().unwrap().iter().cloned());
        if let Some(next) = r.body["@odata.nextLink"].as_str() {
            assert!(r.body.get("@odata.deltaLink").is_none());
            url = next.to_owned();
            continue;
        }
        let delta = r.body["@odata.deltaLink"]
            .as_str()
            .expect("last page has a deltaLink");
        return (items, pages, delta.to_owned());
    }
}

#[tokio::test]
async fn delta_enforces_app_only_rules() {
    let env = Env::new(Seed::Demo).await;
    let no_filter = env
        .get("/beta/planner/tasks/delta?$select=percentComplete,assignments,creationSource")
        .await;
    assert_eq!(no_filter.status, 400);
    let two = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=percentComplete,assignments").await;
    assert_eq!(two.status, 405);
    let four = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=percentComplete,assignments,creationSource,title").await;
    assert_eq!(four.status, 405);
    let other_three = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=title,bucketId,priority").await;
    assert_eq!(other_three.status, 403);
    let ok = env.get(DELTA_FIRST).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn delta_rounds_report_changes_removals_and_expiry() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let (items, pages, link) = delta_round(&env, DELTA_FIRST).await;
    assert_eq!(pages, 3);
    assert_eq!(items.len(), 12);
    let first = &items[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "@odata.etag",
            "@odata.type",
            "assignments",
            "creationSource",
            "id",
            "percentComplete"
        ]
    );

    // Quiet round: one request, empty value, a new deltaLink.
    env.sb.reset_requests();
    let (items, pages, link2) = delta_round(&env, &link).await;
    assert_eq!((items.len(), pages), (0, 1));
    assert_ne!(link2, link);
    assert_eq!(
        env.sb
            .requests()
            .by_route("GET", "/beta/planner/tasks/delta"),
        1
    );

    // Human edits: a move, a details edit, a deletion.
    let g = env.sb.graph();
    g.move_task("task-demo-04", "Done").unwrap();
    g.patch_details("task-demo-05", json!({"description": "edited"}))
        .unwrap();
    g.delete_task("task-demo-06").unwrap();
    let (items, _, link3) = delta_round(&env, &link2).await;
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["task-demo-04", "task-demo-05", "task-demo-06"]);
    assert_eq!(items[2]["@removed"]["reason"], "deleted");
    assert_eq!(
        items[0]["@odata.etag"],
        json!(g.task_etag("task-demo-04").unwrap())
    );

    // The same change is not reported twice.
    let (items, _, link4) = delta_round(&env, &link3).await;
    assert!(items.is_empty());

    env.sb.graph().expire_delta_tokens();
    let gone = env.get(&link4).await;
    assert_eq!((gone.status, gone.code()), (410, "resyncRequired"));
    let unknown = env
        .get("/beta/planner/tasks/delta?$deltatoken=made-up")
        .await;
    assert_eq!(unknown.status, 410);
}

#[tokio::test]
async fn delta_edits_during_a_round_are_not_lost() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let (_, _, link) = delta_round(&env, DELTA_FIRST).await;
    for i in 1..=8 {
        env.sb
            .graph()
            .patch_task(&format!("task-demo-{i:02}"), json!({"priority": 2}))
            .unwrap();
    }
    let page1 = env.get(&link).await;
    assert_eq!(page1.body["value"].as_array().unwrap().len(), 5);
    // Edit one already delivered and one not yet delivered between pages.
    env.sb
        .graph()
        .patch_task("task-demo-01", json!({"priority": 4}))
        .unwrap();
    env.sb
        .graph()
        .patch_task("task-demo-07", json!({"priority": 4}))
        .unwrap();
    let (rest, _, next_link) =
        delta_round(&env, page1.body["@odata.nextLink"].as_str().unwrap()).await;
    let (later, _, _) = delta_round(&env, &next_link).await;
    let mut seen: Vec<String> = page1.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .chain(&rest)
        .chain(&later)
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        8,
        "every edited task shows up in this round or the next: {seen:?}"
    );
    assert!(later.iter().any(|i| i["id"] == "task-demo-01"));
}

// ---------------------------------------------------------------- $batch

#[tokio::test]
async fn batch_answers_each_item_with_its_own_status() {
    let env = Env::new(Seed::Demo).await;
    env.sb.faults().add(Fault::new(
        "/v1.0/planner/tasks/task-demo-03",
        FaultKind::TooManyRequests {
            retry_after: Some("2.5".into()),
        },
    ));
    let body = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/planner/tasks/task-demo-01"},
        {"id": "2", "method": "GET", "url": "/planner/tasks/task-demo-01/details"},
        {"id": "3", "method": "GET", "url": "/planner/tasks/missing"},
        {"id": "4", "method": "GET", "url": "/planner/tasks/task-demo-03"},
        {"id": "5", "method": "PATCH", "url": "/planner/tasks/task-demo-02", "headers": {"Content-Type": "application/json", "If-Match": "W/\"stale\""}, "body": {"title": "x"}}
    ]});
    env.sb.reset_requests();
    let r = env.post("/v1.0/$batch", body).await;
    assert_eq!(r.status, 200);
    let items = r.body["responses"].as_array().unwrap();
    let status = |id: &str| {
        items
            .iter()
            .find(|i| i["id"] == id)
            .map(|i| i["status"].as_u64().unwrap())
            .unwrap()
    };
    assert_eq!(
        [
            status("1"),
            status("2"),
            status("3"),
            status("4"),
            status("5")
        ],
        [200, 200, 404, 429, 412]
    );
    let one = items.iter().find(|i| i["id"] == "1").unwrap();
    assert_eq!(one["body"]["title"], "Design new landing page");
    let throttled = items.iter().find(|i| i["id"] == "4").unwrap();
    assert_eq!(throttled["headers"]["Retry-After"], "2.5");

    let counts = env.sb.requests();
    assert_eq!(counts.by_route("POST", "/v1.0/$batch"), 1);
    assert_eq!(counts.batch_items(), 5);
    assert_eq!(
        counts.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}"),
        2
    );
    assert_eq!(
        counts.batch_items_by_route("GET", "/v1.0/planner/tasks/{id}/details"),
        1
    );
    assert_eq!(counts.graph_total(), 1, "items are not HTTP requests");
}

#[tokio::test]
async fn batch_rejects_more_than_20_and_unauthenticated() {
    let env = Env::new(Seed::Demo).await;
    let reqs: Vec<Value> = (0..21)
        .map(
            |i| json!({"id": i.to_string(), "method": "GET", "url": "/planner/tasks/task-demo-01"}),
        )
        .collect();
    let r = env.post("/v1.0/$batch", json!({"requests": reqs})).await;
    assert_eq!(r.status, 400);
    assert!(r.body["error"]["message"].as_str().unwrap().contains("20"));
    let twenty: Vec<Value> = (0..20)
        .map(
            |i| json!({"id": i.to_string(), "method": "GET", "url": "/planner/tasks/task-demo-01"}),
        )
        .collect();
    assert_eq!(
        env.post("/v1.0/$batch", json!({"requests": twenty.clone()}))
            .await
            .status,
        200
    );
    let anon = send(
        env.http
            .post(env.url("/v1.0/$batch"))
            .json(&json!({"requests": twenty})),
    )
    .await;
    assert_eq!(anon.status, 401);
    let no_ct = env.post("/v1.0/$batch", json!({"requests": [{"id": "1", "method": "PATCH", "url": "/planner/tasks/task-demo-01", "body": {}}]})).await;
    assert_eq!(no_ct.status, 400);
}

// ---------------------------------------------------------------- users

#[tokio::test]
async fn users_filter_is_case_insensitive_with_quote_doubling() {
    let env = Env::new(Seed::Demo).await;
    let by_mail = send(env.req(Method::GET, "/v1.0/users").query(&[
        ("$filter", "mail eq 'bob.chen@contoso.EXAMPLE'"),
        ("$select", "id,mail"),
    ]))
    .await;
    assert_eq!(by_mail.status, 200);
    let value = by_mail.body["value"].as_array().unwrap();
    assert_eq!(value.len(), 1);
    assert_eq!(value[0]["id"], BOB);
    assert_eq!(
        value[0].as_object().unwrap().len(),
        2,
        "$select is honoured: {}",
        value[0]
    );

    let quoted = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'carol.o''brien@contoso.example'")]),
    )
    .await;
    assert_eq!(quoted.body["value"][0]["id"], CAROL);
    let unquoted = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'carol.o'brien@contoso.example'")]),
    )
    .await;
    assert_eq!(unquoted.status, 400);

    let no_mail = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "mail eq 'dave@contoso.example'")]),
    )
    .await;
    assert_eq!(no_mail.body["value"].as_array().unwrap().len(), 0);
    let upn = send(
        env.req(Method::GET, "/v1.0/users")
            .query(&[("$filter", "userPrincipalName eq 'DAVE@contoso.example'")]),
    )
    .await;
    assert_eq!(upn.body["value"][0]["id"], DAVE);
    assert!(upn.body["value"][0]["mail"].is_null());

    let one = env.get(&format!("/v1.0/users/{ALICE}")).await;
    assert_eq!(one.body["displayName"], "Alice Martin");
    let missing = env
        .get("/v1.0/users/00000000-0000-4000-8000-00000000dead")
        .await;
    assert_eq!(
        (missing.status, missing.code()),
        (404, "Request_ResourceNotFound")
    );
}

// ---------------------------------------------------------------- drive

#[tokio::test]
async fn simple_uploads_return_drive_items() {
    let env = Env::new(Seed::Demo).await;
    let r = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/Linear attachments/shot one.png:/content",
        )
        .body(vec![7u8; 1000]),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["name"], "shot one.png");
    assert_eq!(r.body["size"], 1000);
    let web = r.body["webUrl"].as_str().unwrap();
    assert!(
        web.ends_with("/Linear%20attachments/shot%20one.png"),
        "{web}"
    );
    let again = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/Linear attachments/shot one.png:/content",
        )
        .body(vec![7u8; 10]),
    )
    .await;
    assert_eq!(again.status, 200, "replacing answers 200");
    assert_eq!(again.body["id"], r.body["id"]);

    let drive = env.get("/v1.0/groups/sandbox-group/drive").await;
    let drive_id = drive.body["id"].as_str().unwrap();
    let by_parent = send(
        env.req(
            Method::PUT,
            &format!("/v1.0/drives/{drive_id}/items/root:/notes.txt:/content"),
        )
        .body("hello"),
    )
    .await;
    assert_eq!(by_parent.status, 201, "{}", by_parent.body);
    assert!(
        by_parent.body["webUrl"]
            .as_str()
            .unwrap()
            .ends_with("/notes.txt")
    );
    let files = env.sb.graph().drive_files();
    assert!(
        files
            .iter()
            .any(|(_, p, s)| p == "Linear attachments/shot one.png" && *s == 10)
    );
}

#[tokio::test]
async fn upload_sessions_take_chunks_without_authorization() {
    let env = Env::new(Seed::Demo).await;
    let created = env
        .post(
            "/v1.0/groups/sandbox-group/drive/root:/big/video.bin:/createUploadSession",
            json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let upload_url = created.body["uploadUrl"].as_str().unwrap().to_owned();
    assert!(upload_url.starts_with(env.sb.base_url()));
    const K320: usize = 320 * 1024;
    let total = 2 * K320 + 1000;
    let chunk = |start: usize, len: usize| {
        env.http
            .put(&upload_url)
            .header(
                "Content-Range",
                format!("bytes {start}-{}/{total}", start + len - 1),
            )
            .body(vec![1u8; len])
    };

    let with_auth = send(chunk(0, K320).bearer_auth(&env.token)).await;
    assert_eq!(
        with_auth.status, 401,
        "a chunk must not carry Authorization"
    );
    let odd = send(chunk(0, 1000)).await;
    assert_eq!(odd.status, 400, "non-final chunks are multiples of 320 KiB");

    let first = send(chunk(0, K320)).await;
    assert_eq!(first.status, 202);
    assert_eq!(first.body["nextExpectedRanges"][0], format!("{K320}-"));
    let gap = send(chunk(2 * K320, 1000)).await;
    assert_eq!(gap.status, 416);
    let second = send(chunk(K320, K320)).await;
    assert_eq!(second.status, 202);
    let last = send(chunk(2 * K320, 1000)).await;
    assert_eq!(last.status, 201, "{}", last.body);
    assert_eq!(last.body["size"], total);
    assert_eq!(last.body["name"], "video.bin");
    assert!(
        last.body["webUrl"]
            .as_str()
            .unwrap()
            .ends_with("/big/video.bin")
    );
    assert_eq!(
        send(chunk(0, K320)).await.status,
        404,
        "a finished session is gone"
    );
}

// ---------------------------------------------------------------- faults

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
        latency: Duration::from_millis(150),
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
        t.elapsed() < Duration::from_millis(150),
        "control routes are not delayed"
    );
    let t = Instant::now();
    let r = http
        .get(format!("{}/v1.0/planner/plans/plan-small", sb.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(t.elapsed() >= Duration::from_millis(150));

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

// ---------------------------------------------------------------- accounting

#[tokio::test]
async fn request_counts_by_route_and_kind() {
    let env = Env::new(Seed::Demo).await;
    let counts = env.sb.requests();
    assert_eq!(counts.token_requests(), 1);
    assert_eq!(counts.graph_total(), 0);

    env.get("/v1.0/planner/tasks/task-demo-01").await;
    env.get("/v1.0/planner/tasks/task-demo-02").await;
    let etag = env.etag("/v1.0/planner/tasks/task-demo-02").await;
    env.patch(
        "/v1.0/planner/tasks/task-demo-02",
        Some(&etag),
        json!({"priority": 1}),
    )
    .await;
    env.post(
        "/v1.0/planner/tasks",
        json!({"planId": "plan-demo", "title": "n"}),
    )
    .await;
    env.sb
        .faults()
        .add(Fault::new("/v1.0/users", FaultKind::InternalError));
    env.get("/v1.0/users").await;

    let c = env.sb.requests();
    assert_eq!(c.by_route("GET", "/v1.0/planner/tasks/{id}"), 3);
    assert_eq!(c.by_route("PATCH", "/v1.0/planner/tasks/{id}"), 1);
    assert_eq!(c.by_route("POST", "/v1.0/planner/tasks"), 1);
    assert_eq!(
        c.by_route("GET", "/v1.0/users"),
        1,
        "faulted requests are counted"
    );
    assert_eq!(c.graph_total(), 6);
    assert_eq!(c.total(), 7);
    assert_eq!(c.writes(), 2);
    assert_eq!(c.graph_writes(), 2);

    let json: Value = env
        .http
        .get(env.url("/_sandbox/requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["graph_total"], 6);
    assert_eq!(json["token_requests"], 1);
    assert!(
        json["routes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["route"] == "/v1.0/planner/tasks/{id}"
                && r["method"] == "PATCH"
                && r["count"] == 1)
    );
    assert_eq!(
        env.http
            .delete(env.url("/_sandbox/requests"))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        env.sb.requests().total(),
        0,
        "reset, and control routes are not counted"
    );
}

#[tokio::test]
async fn every_graph_response_has_a_request_id() {
    let env = Env::new(Seed::Demo).await;
    for path in [
        "/v1.0/planner/plans/plan-demo",
        "/v1.0/planner/plans/missing",
        "/v1.0/users",
    ] {
        let r = env.get(path).await;
        assert!(
            r.header("request-id").is_some_and(|v| v.len() >= 32),
            "{path}"
        );
    }
    let r = send(env.req(Method::DELETE, "/v1.0/planner/tasks/task-demo-01")).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["error"]["innerError"]["request-id"],
        r.header("request-id").unwrap()
    );
}

// ---------------------------------------------------------------- seeds, control API, lifecycle

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
