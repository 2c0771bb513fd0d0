//! Secrets: every command runs with known secret values (Graph client secret, Linear API key,
//! webhook secret), including failing runs; none of them may appear in stdout, stderr, the
//! audit, the DLQ or the database file bytes (the token cache holds only the access token),
//! the database is mode 0600, and `webhook serve` binds loopback unless told otherwise.

use std::os::unix::fs::PermissionsExt;

use linear_planner_sync::linear::webhook::sign;
use linear_planner_sync::sandbox::SANDBOX_CLIENT_SECRET;
use linear_planner_sync::sandbox::faults::{FaultKind, Times};
use linear_planner_sync::sandbox::linear::{SANDBOX_LINEAR_API_KEY, SANDBOX_WEBHOOK_SECRET};

use crate::common::{CommandOutput, TestEnv};
use crate::rel_world::{bootstrapped, pairs};
use crate::test_sync_failures::patch_fault;

const WRONG_GRAPH_SECRET: &str = "wrong-graph-secret-Zq8vN3";
const WRONG_LINEAR_KEY: &str = "lin_api_wrong_key_Hk29sLx0000000000000000000000";

fn secrets() -> [&'static str; 5] {
    [
        SANDBOX_CLIENT_SECRET,
        SANDBOX_LINEAR_API_KEY,
        SANDBOX_WEBHOOK_SECRET,
        WRONG_GRAPH_SECRET,
        WRONG_LINEAR_KEY,
    ]
}

fn leaks(text: &[u8]) -> Vec<&'static str> {
    secrets()
        .into_iter()
        .filter(|s| text.windows(s.len()).any(|w| w == s.as_bytes()))
        .collect()
}

fn check(out: &CommandOutput, what: &str, seen: &mut usize) {
    *seen += 1;
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(
        leaks(all.as_bytes()).is_empty(),
        "{what} leaks {:?}:\n{out}",
        leaks(all.as_bytes())
    );
}

#[test]
fn no_secret_appears_in_output_audit_dlq_or_database() {
    let mut env = bootstrapped("[sync]\nretry_attempts = 2\n");
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    let mut runs = 0;
    let (task, ident) = pairs(&env).remove(0);
    env.sandbox()
        .linear()
        .set_title(&ident, "Secret-free")
        .unwrap();
    // A dead letter, with its payload and request id.
    env.sandbox()
        .faults()
        .add(patch_fault(&task, FaultKind::InternalError, Times::Always));
    for args in [
        vec!["sync"],
        vec!["-v", "sync"],
        vec!["--json", "sync"],
        vec!["--json", "dlq", "list"],
        vec!["dlq", "show", "1"],
        vec!["--json", "dlq", "show", "1"],
        vec!["dlq", "retry", "--all"],
    ] {
        let out = env.run(&args);
        check(&out, &args.join(" "), &mut runs);
    }
    env.sandbox().faults().clear();
    let commands: Vec<Vec<&str>> = vec![
        vec!["-v", "sync", "--dry-run"],
        vec!["-v", "bootstrap"],
        vec!["--json", "bootstrap", "--dry-run"],
        vec!["status"],
        vec!["--json", "status"],
        vec!["report"],
        vec!["--json", "audit", "--limit", "10000"],
        vec!["audit"],
        vec!["map", "list"],
        vec!["--json", "map", "show", "1"],
        vec!["users", "sync"],
        vec!["users", "list"],
        vec!["doctor"],
        vec!["-v", "doctor"],
        vec!["--json", "doctor"],
        vec!["doctor", "--offline"],
        vec!["dlq", "retry", "--all"],
        vec!["completions", "bash"],
        vec!["--help"],
    ];
    for args in &commands {
        let out = env.run(args);
        check(&out, &args.join(" "), &mut runs);
    }
    // A webhook with a wrong signature and one signed right: neither echoes the secret.
    let body = r#"{"action":"update","type":"Issue","webhookTimestamp":1}"#;
    for sig in [
        sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes()),
        "00".repeat(32),
    ] {
        let out = env.run(["webhook", "ingest", "--signature", &sig]);
        check(&out, "webhook ingest", &mut runs);
    }
    // Wrong secrets: the failures explain themselves without repeating the value.
    env.set_env("GRAPH_CLIENT_SECRET", WRONG_GRAPH_SECRET);
    env.set_env("LINEAR_API_KEY", WRONG_LINEAR_KEY);
    for args in [
        vec!["sync"],
        vec!["-v", "sync"],
        vec!["doctor"],
        vec!["--json", "doctor"],
        vec!["users", "sync"],
    ] {
        let out = env.run(&args);
        // The first failure pauses the mapping (exit 3); later syncs skip it.
        if args == ["sync"] {
            assert_eq!(out.status, 3, "{args:?} with wrong secrets: {out}");
        }
        check(
            &out,
            &format!("{} (wrong secrets)", args.join(" ")),
            &mut runs,
        );
    }

    // The audit and the DLQ, then every byte of the database files.
    let store = env.store();
    let token_rows: Vec<String> = {
        let mut stmt = store
            .conn()
            .prepare("SELECT key || ' ' || access_token FROM token_cache")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(!token_rows.is_empty(), "a Graph token is cached");
    assert!(
        leaks(token_rows.join("\n").as_bytes()).is_empty(),
        "{token_rows:?}"
    );
    drop(store);
    let db = env.db_path();
    for suffix in ["", "-wal", "-shm"] {
        let path = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
        if let Ok(bytes) = std::fs::read(&path) {
            assert!(
                leaks(&bytes).is_empty(),
                "{} holds {:?}",
                path.display(),
                leaks(&bytes)
            );
        }
    }
    let mode = std::fs::metadata(&db).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the database is private: {mode:o}");
    eprintln!(
        "secret checks: {runs} runs, {} secret values",
        secrets().len()
    );
}

#[test]
fn webhook_serve_binds_loopback_by_default() {
    let mut env = TestEnv::new();
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    let help = env.run(["webhook", "serve", "--help"]);
    assert!(help.stdout.contains("[default: 127.0.0.1:8787]"), "{help}");
    // Started without --listen (8787 may be taken on a busy machine: the refusal names it).
    let mut child = env
        .command()
        .args(["webhook", "serve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    std::io::BufRead::read_line(&mut stderr, &mut first).unwrap();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    assert!(
        first.starts_with("Listening on http://127.0.0.1:8787/")
            || first.contains("cannot listen on 127.0.0.1:8787"),
        "{first}"
    );
}
