//! `users`, `audit`, `dlq`, `status` and `doctor` over the database.

use linear_planner_sync::store::{alerts, mappings};

use crate::common::{TestEnv, seed};

#[test]
fn users_map_list_forget() {
    let env = TestEnv::new();
    let out = env.run(["users", "map", "alice@acme.com", "aad-1111"]);
    insta::assert_snapshot!(out.to_string(), @r"
    ------- stderr -------
    Mapped alice@acme.com to aad-1111.
    ");
    insta::assert_snapshot!(env.run(["users", "list"]).to_string(), @r"
    EMAIL           LINEAR USER  AAD USER  SOURCE  FETCHED
    alice@acme.com  -            aad-1111  manual  2026-11-25T12:00:00Z
    ");
    let unmapped = env.run(["--json", "users", "list", "--unmapped"]).json();
    assert_eq!(
        unmapped[0]["email"], "alice@acme.com",
        "no Linear id yet: unmapped"
    );
    let out = env.run(["users", "map", "not-an-email", "aad-1"]);
    assert_eq!(out.status, 2, "{out}");
    env.run(["users", "forget", "ALICE@acme.com"]).success();
    assert_eq!(
        env.run(["--json", "users", "list"]).json(),
        serde_json::json!([])
    );
    let out = env.run(["users", "forget", "bob@acme.com"]);
    assert_eq!(out.status, 2, "{out}");
}

#[test]
fn audit_filters() {
    let env = TestEnv::new();
    {
        let store = env.store();
        let m = seed::mapping(&store, 1);
        seed::audit(
            &store,
            Some(m),
            "update_task",
            "2026-11-24T10:00:00Z",
            Some(("title", "Old", "New")),
        );
        seed::audit(
            &store,
            Some(m),
            "conflict",
            "2026-11-25T10:00:00Z",
            Some(("due", "2026-12-01", "2026-12-03")),
        );
    }
    insta::assert_snapshot!("audit_all", env.run(["audit"]).to_string());
    let since = env
        .run(["--json", "audit", "--since", "2026-11-25T00:00:00Z"])
        .json();
    assert_eq!(since.as_array().unwrap().len(), 1);
    let conflicts = env.run(["--json", "audit", "--conflicts"]).json();
    assert_eq!(conflicts[0]["old_value"], "2026-12-01");
    assert_eq!(conflicts[0]["new_value"], "2026-12-03");
    assert_eq!(
        env.run(["--json", "audit", "--issue", "eng-1", "--limit", "1"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        env.run(["--json", "audit", "--task", "task-9"]).json(),
        serde_json::json!([])
    );
    let bad = env.run(["audit", "--since", "yesterday"]);
    assert_eq!(bad.status, 2, "{bad}");
    assert!(
        bad.stderr.contains("example: 2026-11-24T00:00:00Z"),
        "{bad}"
    );
}

#[test]
fn dlq_list_show_drop() {
    let env = TestEnv::new();
    {
        let store = env.store();
        let m = seed::mapping(&store, 1);
        seed::dead_letter(&store, Some(m));
    }
    insta::assert_snapshot!("dlq_list", env.run(["dlq", "list"]).to_string());
    insta::assert_snapshot!("dlq_show", env.run(["dlq", "show", "1"]).to_string());
    let shown = env.run(["--json", "dlq", "show", "1"]).json();
    assert_eq!(shown["payload"]["patch"]["title"], "New title");
    assert_eq!(shown["request_id"], "req-42");
    env.run(["dlq", "drop", "1"]).success();
    assert_eq!(
        env.run(["--json", "dlq", "list"]).json(),
        serde_json::json!([])
    );
    let out = env.run(["dlq", "drop", "1"]);
    assert_eq!(out.status, 2, "{out}");
}

#[test]
fn status_is_healthy_then_unhealthy() {
    let env = TestEnv::new();
    let m = seed::mapping(&env.store(), 1);
    mappings::record_run(env.store().conn(), m, true, "2026-11-25T11:59:00Z").unwrap();
    let healthy = env.run(["status"]);
    insta::assert_snapshot!("status_healthy", healthy.to_string());
    assert_eq!(healthy.status, 0);

    seed::dead_letter(&env.store(), Some(m));
    alerts::raise(
        env.store().conn(),
        Some(m),
        "capacity",
        "plan is 92% full (8280/9000 tasks)",
        "2026-11-25T11:00:00Z",
    )
    .unwrap();
    let out = env.run(["status"]);
    insta::assert_snapshot!("status_unhealthy", out.to_string());
    assert_eq!(out.status, 1, "monitoring sees exit 1");
    let doc = env.run(["--json", "status"]).json();
    assert_eq!(doc["healthy"], false);
    assert_eq!(doc["mappings"][0]["dlq_depth"], 1);
    assert_eq!(doc["mappings"][0]["last_success_age_secs"], 60);
    assert_eq!(
        doc["mappings"][0]["open_alerts"][0]["condition"],
        "capacity"
    );
}

#[test]
fn paused_mapping_is_unhealthy() {
    let env = TestEnv::new();
    let m = seed::mapping(&env.store(), 1);
    mappings::set_state(
        env.store().conn(),
        m,
        mappings::MappingState::Paused,
        Some("Graph answered 401 twice"),
    )
    .unwrap();
    let out = env.run(["--json", "status"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.json()["mappings"][0]["problems"][0],
        "paused: Graph answered 401 twice"
    );
}

#[test]
fn doctor_reports_each_check() {
    let mut env = TestEnv::new();
    let out = env.run(["doctor"]);
    insta::assert_snapshot!("doctor_missing_secrets", schema_as_n(&out.to_string()));
    assert_eq!(out.status, 1);
    for var in [
        "GRAPH_TENANT_ID",
        "GRAPH_CLIENT_ID",
        "GRAPH_CLIENT_SECRET",
        "LINEAR_API_KEY",
    ] {
        env.set_env(var, "x-secret-value");
    }
    let out = env.run(["--json", "doctor", "--offline"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.json()["ok"], true);
    assert!(
        !out.stdout.contains("x-secret-value"),
        "secrets are never printed"
    );
}

/// The schema version grows with every migration: shown as N in snapshots.
fn schema_as_n(text: &str) -> String {
    let n = linear_planner_sync::store::migrations::MIGRATIONS.len();
    text.replace(&format!("(schema {n} of {n})"), "(schema N of N)")
}
