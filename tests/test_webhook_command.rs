//! `webhook ingest` and `webhook serve` through the real binary: what is queued, what is
//! refused (with exit 2 / HTTP 401, 400, 413 and the reason on stderr), and a live delivery
//! from the Linear sandbox.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Stdio};
use std::time::Duration;

use linear_planner_sync::linear::webhook::{MAX_BODY_BYTES, sign};
use linear_planner_sync::sandbox::linear::{LinearWorld, SANDBOX_WEBHOOK_SECRET};
use linear_planner_sync::store::queue;

use crate::common::{CommandOutput, NOW, TestEnv};

fn now_ms() -> i64 {
    let at = time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339)
        .expect("NOW");
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn env() -> TestEnv {
    let mut env = TestEnv::new();
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    env
}

fn event(kind: &str, offset_ms: i64) -> String {
    format!(
        r#"{{"action":"update","type":"{kind}","data":{{"id":"issue-1","title":"T"}},"actor":{{"id":"user-1"}},"url":"https://linear.app/acme/issue/ENG-1","createdAt":"{NOW}","webhookTimestamp":{}}}"#,
        now_ms() + offset_ms
    )
}

fn ingest(env: &TestEnv, body: &[u8], signature: &str, extra: &[&str]) -> CommandOutput {
    let mut child = env
        .command()
        .args(["webhook", "ingest", "--signature", signature])
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // The binary may stop reading at the size limit: a broken pipe here is expected then.
    let _ = stdin.write_all(body);
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    CommandOutput {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

fn depth(env: &TestEnv) -> i64 {
    queue::depth(env.store().conn()).expect("depth")
}

#[test]
fn a_valid_delivery_is_queued_once() {
    let env = env();
    let body = event("Issue", -5_000);
    let sig = sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes());
    let out = ingest(&env, body.as_bytes(), &sig, &[]);
    assert_eq!(out.status, 0, "{out}");
    assert!(
        out.stderr
            .starts_with("Enqueued Issue update (delivery sha256:"),
        "{out}"
    );
    let pending = queue::pending(env.store().conn(), 10).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].entity_id.as_deref(), Some("issue-1"));
    assert_eq!(pending[0].payload, body);
    // The same delivery again: exit 0, said to be a duplicate, nothing added.
    let again = ingest(&env, body.as_bytes(), &sig, &[]);
    assert_eq!(again.status, 0, "{again}");
    assert!(again.stderr.starts_with("Duplicate delivery"), "{again}");
    assert_eq!(depth(&env), 1);
}

#[test]
fn a_redelivery_is_recognised_by_its_delivery_id() {
    let env = env();
    for offset in [-2_000, -1_000] {
        // Linear's retry re-signs a new timestamp but keeps the Linear-Delivery id.
        let body = event("Issue", offset);
        let sig = sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes());
        let out = ingest(
            &env,
            body.as_bytes(),
            &sig,
            &["--delivery", "d-42", "--json"],
        );
        assert_eq!(out.status, 0, "{out}");
    }
    assert_eq!(depth(&env), 1);
    let body = event("Issue", 0);
    let sig = sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes());
    let json = ingest(
        &env,
        body.as_bytes(),
        &sig,
        &["--delivery", "d-42", "--json"],
    )
    .json();
    assert_eq!(json["result"], "duplicate");
    assert_eq!(json["delivery_key"], "delivery:d-42");
}

#[test]
fn rejections_exit_2_with_the_reason_and_queue_nothing() {
    let env = env();
    let good = event("Issue", 0);
    let stale = event("Issue", -61_000);
    let future = event("Issue", 61_000);
    let malformed = r#"{"action":"update","type":"Issue""#.to_string();
    let no_timestamp = r#"{"action":"update","type":"Issue","data":{}}"#.to_string();
    let oversize = format!("{good}{}", " ".repeat(MAX_BODY_BYTES));
    let signed = |b: &str| sign(SANDBOX_WEBHOOK_SECRET, b.as_bytes());
    let cases: Vec<(&str, String, String, &str)> = vec![
        (
            "wrong signature",
            good.clone(),
            "ab".repeat(32),
            "signature does not match",
        ),
        (
            "not hex",
            good.clone(),
            "not-hex".into(),
            "signature does not match",
        ),
        (
            "wrong secret",
            good.clone(),
            sign("another-secret", good.as_bytes()),
            "signature does not match",
        ),
        ("stale", stale.clone(), signed(&stale), "61s in the past"),
        (
            "future",
            future.clone(),
            signed(&future),
            "61s in the future",
        ),
        (
            "malformed JSON",
            malformed.clone(),
            signed(&malformed),
            "malformed payload",
        ),
        (
            "no timestamp",
            no_timestamp.clone(),
            signed(&no_timestamp),
            "malformed payload",
        ),
        (
            "oversize",
            oversize.clone(),
            signed(&oversize),
            "more than the 1048576-byte limit",
        ),
    ];
    for (name, body, sig, reason) in cases {
        let out = ingest(&env, body.as_bytes(), &sig, &[]);
        assert_eq!(out.status, 2, "{name}: {out}");
        assert!(
            out.stderr.contains("Error: webhook rejected: "),
            "{name}: {out}"
        );
        assert!(out.stderr.contains(reason), "{name}: {out}");
        assert_eq!(depth(&env), 0, "{name}");
    }
}

#[test]
fn rejection_output() {
    let env = env();
    let body = event("Issue", 0);
    let out = ingest(&env, body.as_bytes(), &"00".repeat(32), &[]);
    insta::assert_snapshot!(out, @r"
    ------- stderr -------
    Error: webhook rejected: signature does not match the body (wrong LINEAR_WEBHOOK_SECRET, or a forged or altered body)
    Hint: nothing was queued; check LINEAR_WEBHOOK_SECRET and that the body is passed unchanged
    [exit status: 2]
    ");
}

#[test]
fn reaction_events_are_ignored() {
    let env = env();
    let body = event("Reaction", 0);
    let out = ingest(
        &env,
        body.as_bytes(),
        &sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes()),
        &[],
    );
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(out.stderr, "Ignored Reaction event: not synced.\n");
    assert_eq!(depth(&env), 0);
}

#[test]
fn the_secret_is_required() {
    let mut env = env();
    env.remove_env("LINEAR_WEBHOOK_SECRET");
    let out = ingest(&env, b"{}", "00", &[]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr.contains("missing LINEAR_WEBHOOK_SECRET"),
        "{out}"
    );
}

/// A running `webhook serve`, stopped with SIGTERM on drop if the test did not.
struct Server {
    child: Child,
    url: String,
    stderr: BufReader<std::process::ChildStderr>,
}

impl Server {
    fn start(env: &TestEnv) -> Server {
        let mut child = env
            .command()
            .args(["webhook", "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
        let mut line = String::new();
        stderr.read_line(&mut line).expect("first line");
        let url = line
            .strip_prefix("Listening on ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line}"))
            .to_string();
        Server { child, url, stderr }
    }

    /// SIGTERM, then the exit status and the rest of stderr.
    fn stop(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        assert!(killed.success());
        let status = self.child.wait().expect("wait");
        let mut rest = String::new();
        for line in (&mut self.stderr).lines() {
            rest.push_str(&line.expect("line"));
            rest.push('\n');
        }
        (status.code().unwrap_or(-1), rest)
    }
}

async fn post(url: &str, body: Vec<u8>, signature: Option<String>) -> (u16, String) {
    let mut request = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(sig) = signature {
        request = request.header("Linear-Signature", sig);
    }
    let response = request.send().await.expect("post");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

#[tokio::test]
async fn serve_answers_verifies_queues_and_stops_on_sigterm() {
    let env = env();
    let server = Server::start(&env);
    let good = event("Issue", 0);
    let signed = |b: &str| Some(sign(SANDBOX_WEBHOOK_SECRET, b.as_bytes()));
    let (status, text) = post(&server.url, good.clone().into_bytes(), signed(&good)).await;
    assert_eq!(
        (status, text.contains("\"enqueued\"")),
        (200, true),
        "{text}"
    );
    let (status, text) = post(&server.url, good.clone().into_bytes(), signed(&good)).await;
    assert_eq!(
        (status, text.contains("\"duplicate\"")),
        (200, true),
        "{text}"
    );
    let (status, _) = post(
        &server.url,
        good.clone().into_bytes(),
        Some("00".repeat(32)),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post(&server.url, good.clone().into_bytes(), None).await;
    assert_eq!(status, 401);
    let stale = event("Issue", -120_000);
    let (status, _) = post(&server.url, stale.clone().into_bytes(), signed(&stale)).await;
    assert_eq!(status, 400);
    let bad = "{oops".to_string();
    let (status, _) = post(&server.url, bad.clone().into_bytes(), signed(&bad)).await;
    assert_eq!(status, 400);
    let big = vec![b' '; MAX_BODY_BYTES + 1];
    let (status, _) = post(&server.url, big, Some("00".into())).await;
    assert_eq!(status, 413);
    assert_eq!(depth(&env), 1);
    let (code, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
    for reason in [
        "Enqueued Issue update",
        "Duplicate delivery",
        "Warning: webhook rejected: signature does not match",
        "Warning: webhook rejected: no Linear-Signature given",
        "Warning: webhook rejected: webhookTimestamp is 120s in the past",
        "Warning: webhook rejected: malformed payload",
        "Warning: webhook rejected: body over the 1048576-byte limit",
        "Stopped.",
    ] {
        assert!(stderr.contains(reason), "missing {reason:?} in:\n{stderr}");
    }
}

#[tokio::test]
async fn serve_receives_the_sandboxes_signed_deliveries() {
    let mut env = env();
    // The sandbox stamps deliveries with the real time.
    env.remove_env("LPS_NOW");
    let server = Server::start(&env);
    let world = LinearWorld::new();
    world.seed_small().expect("seed");
    world.set_webhook(&server.url, SANDBOX_WEBHOOK_SECRET);
    world
        .set_title("ENG-1", "Renamed by a human")
        .expect("edit");
    let mut waited = 0;
    while depth(&env) == 0 && waited < 50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        waited += 1;
    }
    let pending = queue::pending(env.store().conn(), 10).unwrap();
    assert_eq!(pending.len(), 1, "{:?}", world.webhook_deliveries());
    assert_eq!(pending[0].event_type, "Issue");
    assert_eq!(pending[0].action, "update");
    let (code, stderr) = server.stop();
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn webhook_help() {
    let env = TestEnv::new();
    for args in [
        vec!["webhook", "--help"],
        vec!["webhook", "ingest", "--help"],
        vec!["webhook", "serve", "--help"],
    ] {
        let out = env.run(&args);
        out.success();
        insta::assert_snapshot!(
            format!("help_{}", args[..args.len() - 1].join("_")),
            out.to_string()
        );
    }
}
