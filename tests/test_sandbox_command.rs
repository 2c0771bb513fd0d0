//! `sandbox`: the stand-ins run in the foreground, print their exports, answer both APIs, and
//! stop cleanly on SIGTERM.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::common::TestEnv;

#[tokio::test]
async fn sandbox_prints_exports_serves_both_apis_and_stops_on_sigterm() {
    let env = TestEnv::new();
    let mut child = env
        .command()
        .args(["sandbox", "--listen", "127.0.0.1:0", "--seed", "small"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut exports = BTreeMap::new();
    for line in BufReader::new(stdout).lines().take(8) {
        let line = line.unwrap();
        let (key, value) = line
            .strip_prefix("export ")
            .unwrap()
            .split_once('=')
            .unwrap();
        exports.insert(key.to_string(), value.to_string());
    }
    let http = reqwest::Client::new();
    let token: serde_json::Value = http
        .post(format!(
            "{}/{}/oauth2/v2.0/token",
            exports["GRAPH_LOGIN_URL"], exports["GRAPH_TENANT_ID"]
        ))
        .form(&[
            ("client_id", exports["GRAPH_CLIENT_ID"].as_str()),
            ("client_secret", exports["GRAPH_CLIENT_SECRET"].as_str()),
            ("grant_type", "client_credentials"),
            ("scope", "https://graph.microsoft.com/.default"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let plan = http
        .get(format!(
            "{}/v1.0/planner/plans/plan-small",
            exports["GRAPH_BASE_URL"]
        ))
        .header("Authorization", &bearer)
        .send()
        .await
        .unwrap();
    assert_eq!(plan.status(), 200);
    let viewer: serde_json::Value = http
        .post(&exports["LINEAR_API_URL"])
        .header("Authorization", &exports["LINEAR_API_KEY"])
        .json(&serde_json::json!({"query": "query Me { viewer { id } }"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(viewer["data"]["viewer"]["id"].is_string(), "{viewer}");

    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
