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

#[path = "sandbox_graph/accounting.rs"]
mod accounting;
#[path = "sandbox_graph/auth.rs"]
mod auth;
#[path = "sandbox_graph/batch_users.rs"]
mod batch_users;
#[path = "sandbox_graph/delta.rs"]
mod delta;
#[path = "sandbox_graph/details.rs"]
mod details;
#[path = "sandbox_graph/drive.rs"]
mod drive;
#[path = "sandbox_graph/faults.rs"]
mod faults;
#[path = "sandbox_graph/lifecycle.rs"]
mod lifecycle;
#[path = "sandbox_graph/planner.rs"]
mod planner;
