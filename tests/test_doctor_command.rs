//! `doctor`'s network checks end to end: the real binary against the sandbox, with wrong
//! credentials, a revoked permission, a bad Linear key and a skewed clock.

use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::graph::Permission;

use crate::common::TestEnv;
use crate::common::demo;

/// A sandbox with the demo board mapped, and the real clock (the skew check compares it).
fn mapped() -> TestEnv {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    env.remove_env("LPS_NOW");
    demo::map(&env, &[]);
    env
}

/// The check called `name` in `doctor --json`.
fn check(doc: &serde_json::Value, name: &str) -> serde_json::Value {
    doc["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["name"] == name))
        .cloned()
        .unwrap_or_else(|| panic!("no check {name} in {doc:#}"))
}

#[test]
fn doctor_all_ok_against_the_sandbox() {
    let env = mapped();
    let out = env.run(["doctor"]);
    assert_eq!(out.status, 0, "{out}");
    insta::assert_snapshot!("doctor_all_ok", schema_as_n(&out.to_string()));
    let doc = env.run(["--json", "doctor"]).json();
    assert_eq!(doc["ok"], true);
    for name in [
        "graph token",
        "permission Tasks.ReadWrite.All",
        "permission Group.Read.All",
        "permission User.Read.All",
        "permission Files.ReadWrite.All",
        "linear key",
        "clock skew",
    ] {
        let c = check(&doc, name);
        assert_eq!(c["ok"], true, "{c}");
        assert!(c.get("fix").is_none(), "{c}");
    }
    assert!(
        !out.stdout
            .contains(linear_planner_sync::sandbox::SANDBOX_CLIENT_SECRET),
        "secrets are never printed"
    );
}

#[test]
fn doctor_without_a_mapping_skips_the_plan_checks_with_a_note() {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    env.remove_env("LPS_NOW");
    let doc = env.run(["--json", "doctor"]).json();
    assert_eq!(doc["ok"], true, "{doc:#}");
    let tasks = check(&doc, "permission Tasks.ReadWrite.All");
    assert!(tasks["detail"].as_str().unwrap().contains("no mapping yet"));
    assert_eq!(check(&doc, "permission User.Read.All")["ok"], true);
}

#[test]
fn wrong_client_secret_fails_the_token_line_with_the_aadsts_code() {
    let mut env = mapped();
    env.set_env("GRAPH_CLIENT_SECRET", "not-the-secret");
    let out = env.run(["doctor"]);
    assert_eq!(out.status, 1, "{out}");
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("graph token"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.starts_with("✘ graph token: AADSTS7000215"), "{line}");
    assert!(line.contains("fix: check GRAPH_CLIENT_SECRET"), "{line}");
    assert!(!out.stdout.contains("not-the-secret"), "{out}");
    let doc = env.run(["--json", "doctor"]).json();
    assert_eq!(doc["ok"], false);
    assert!(
        check(&doc, "linear key")["ok"] == true,
        "the Linear check still runs"
    );

    env.set_env(
        "GRAPH_CLIENT_SECRET",
        linear_planner_sync::sandbox::SANDBOX_CLIENT_SECRET,
    );
    env.set_env("GRAPH_TENANT_ID", "00000000-0000-0000-0000-000000000000");
    let token = check(&env.run(["--json", "doctor"]).json(), "graph token");
    assert!(
        token["detail"].as_str().unwrap().starts_with("AADSTS90002"),
        "{token}"
    );
    assert!(
        token["fix"].as_str().unwrap().contains("GRAPH_TENANT_ID"),
        "{token}"
    );
}

#[test]
fn a_missing_permission_is_named_with_admin_consent() {
    let env = mapped();
    env.sandbox().graph().set_permissions(&[
        Permission::TasksReadWriteAll,
        Permission::UserReadAll,
        Permission::FilesReadWriteAll,
    ]);
    let out = env.run(["doctor"]);
    assert_eq!(out.status, 1, "{out}");
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("permission Group.Read.All"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.starts_with("✘"), "{line}");
    assert!(line.contains("lacks Group.Read.All"), "{line}");
    assert!(line.contains("grant it with admin consent"), "{line}");
    let doc = env.run(["--json", "doctor"]).json();
    assert_eq!(check(&doc, "permission Tasks.ReadWrite.All")["ok"], true);
    assert_eq!(check(&doc, "permission User.Read.All")["ok"], true);
    assert_eq!(check(&doc, "graph token")["ok"], true);

    env.sandbox()
        .graph()
        .set_permissions(&[Permission::GroupReadAll, Permission::TasksReadWriteAll]);
    let doc = env.run(["--json", "doctor"]).json();
    for scope in ["User.Read.All", "Files.ReadWrite.All"] {
        let c = check(&doc, &format!("permission {scope}"));
        assert_eq!(c["ok"], false, "{c}");
        assert!(c["fix"].as_str().unwrap().contains(scope), "{c}");
    }
}

#[test]
fn a_bad_linear_key_says_check_linear_api_key() {
    let mut env = mapped();
    env.set_env("LINEAR_API_KEY", "lin_api_wrong");
    let out = env.run(["doctor"]);
    assert_eq!(out.status, 1, "{out}");
    let line = out
        .stdout
        .lines()
        .find(|l| l.contains("linear key"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.starts_with("✘ linear key"), "{line}");
    assert!(line.contains("AUTHENTICATION_ERROR"), "{line}");
    assert!(line.contains("check LINEAR_API_KEY"), "{line}");
    assert!(!out.stdout.contains("lin_api_wrong"), "{out}");
}

#[test]
fn a_skewed_clock_fails_with_the_ntp_fix() {
    let mut env = mapped();
    env.set_env("LPS_NOW", "2020-01-01T00:00:00Z");
    let doc = env.run(["--json", "doctor"]).json();
    let clock = check(&doc, "clock skew");
    assert_eq!(clock["ok"], false, "{clock}");
    assert!(
        clock["detail"].as_str().unwrap().contains("behind"),
        "{clock}"
    );
    assert!(clock["fix"].as_str().unwrap().contains("NTP"), "{clock}");
}

#[test]
fn offline_skips_the_network() {
    let env = mapped();
    let before = env.sandbox().requests().total();
    let doc = env.run(["--json", "doctor", "--offline"]).json();
    assert_eq!(doc["ok"], true);
    assert!(
        doc["checks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"] != "graph token")
    );
    assert_eq!(env.sandbox().requests().total(), before, "no request sent");
}

/// The schema version grows with every migration: shown as N in snapshots.
fn schema_as_n(text: &str) -> String {
    let n = linear_planner_sync::store::migrations::MIGRATIONS.len();
    text.replace(&format!("(schema {n} of {n})"), "(schema N of N)")
}
