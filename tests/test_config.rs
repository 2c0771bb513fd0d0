//! Configuration errors: every bad config gives exit 2 and names the file, line, column and key.

use crate::common::TestEnv;

#[test]
fn unknown_key_is_located() {
    let env = TestEnv::new();
    let path = env.write("bad.toml", "state = \"s.db\"\n\n[sync]\nmax_opps = 10\n");
    let out = env.run(["--config", path.to_str().unwrap(), "map", "list"]);
    insta::assert_snapshot!(out.to_string(), @r"
    ------- stderr -------
    Error: $TEST_ENV/bad.toml:4:1: unknown field `max_opps`, expected one of `max_ops`, `time_budget_secs`, `retry_attempts`, `user_cache_hours`, `cycle_prefix` (key `sync.max_opps`)
    Hint: see examples/config.toml for every key and its type
    [exit status: 2]
    ");
}

#[test]
fn wrong_type_is_located() {
    let env = TestEnv::new();
    let path = env.write("bad.toml", "[graph.throttle]\ncapacity = \"lots\"\n");
    let out = env.run(["--config", path.to_str().unwrap(), "status"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("bad.toml:2:12: invalid type: string \"lots\", expected u32 (key `graph.throttle.capacity`)"), "{out}");
}

#[test]
fn broken_toml_is_located() {
    let env = TestEnv::new();
    let path = env.write("bad.toml", "[graph]\ntenant_id = \"abc\n");
    let out = env.run(["--config", path.to_str().unwrap(), "status"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("bad.toml:2:"), "{out}");
}

#[test]
fn missing_explicit_config_is_an_error_via_env_too() {
    let mut env = TestEnv::new();
    env.set_env("LPS_CONFIG", "/nonexistent/lps.toml");
    let out = env.run(["map", "list"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr
            .contains("cannot read config file /nonexistent/lps.toml"),
        "{out}"
    );
}

#[test]
fn config_in_working_directory_is_found_and_state_is_relative_to_it() {
    let mut env = TestEnv::new();
    env.remove_env("LPS_DB");
    env.write("linear-planner-sync.toml", "state = \"from-config.db\"\n");
    env.run(["map", "list"]).success();
    assert!(env.root().join("from-config.db").exists());
}

#[test]
fn json_errors_are_one_document() {
    let env = TestEnv::new();
    let path = env.write("bad.toml", "[alerts]\nwebhook = \"x\"\n");
    let out = env.run(["--json", "--config", path.to_str().unwrap(), "status"]);
    assert_eq!(out.status, 2, "{out}");
    let doc = out.json();
    assert_eq!(doc["error"]["kind"], "config");
    assert!(
        doc["error"]["message"]
            .as_str()
            .unwrap()
            .contains("key `alerts.webhook`"),
        "{doc}"
    );
    assert_eq!(out.stderr, "");
}

#[cfg(unix)]
#[test]
fn world_readable_secret_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let mut env = TestEnv::new();
    let key = env.write("linear.key", "lin_api_abc\n");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    env.set_env("LINEAR_API_KEY_FILE", key.to_str().unwrap());
    let out = env.run(["doctor"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr.contains("is readable by others (mode 644)"),
        "{out}"
    );
    assert!(
        out.stderr
            .contains("Hint: run: chmod 600 $TEST_ENV/linear.key"),
        "{out}"
    );
    assert!(!out.stdout.contains("lin_api_abc") && !out.stderr.contains("lin_api_abc"));
}

#[test]
fn example_config_is_valid_and_matches_the_defaults() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let empty = linear_planner_sync::config::EnvMap::new();
    let example =
        linear_planner_sync::config::Config::from_toml(&text, Some(&path), &empty).unwrap();
    let defaults = linear_planner_sync::config::Config::from_toml("", None, &empty).unwrap();
    assert_eq!(example.graph, defaults.graph);
    assert_eq!(example.linear, defaults.linear);
    assert_eq!(example.sync, defaults.sync);
    assert_eq!(example.priority, defaults.priority);
    assert_eq!(example.alerts, defaults.alerts);
}
