//! Fault storms: per seed, a random schedule of 429 (Retry-After), 503, 500, slow answers,
//! dropped connections, answers lost after the write applied, 401 (expired token), 410
//! (expired delta) and Linear RATELIMITED over the routes a pass uses, while humans edit both
//! sides — some edits land mid-pass on tasks the engine is writing (412 races) — and Linear's
//! webhooks to `webhook serve` are lost, duplicated and reordered. After the faults stop and
//! `linear.reconcile_every` has passed (a lost webhook's change waits for that full poll, by
//! design: engine/linear_poll.rs): at most two clean syncs plus `dlq retry --all`, then both
//! sides must equal the merge of every human edit, with nothing duplicated.
//!
//! `LPS_STORM_SEEDS=200` runs more seeds (default 3); `LPS_STORM_SEED=17` replays one.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::Duration;

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::sandbox::linear::{SANDBOX_WEBHOOK_SECRET, WebhookFaults};

use crate::common::TestEnv;
use crate::rel_world::{
    Expected, bootstrapped, human_workload, planner_race_edits, reset_counts, violations, writes,
};

/// The storm's `linear.reconcile_every`: while webhooks flow, only a full poll catches the
/// changes of lost ones.
const RECONCILE: Duration = Duration::from_secs(2);

/// splitmix64: the schedule is a pure function of the seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A seeded fault schedule over the routes a pass reads and writes.
fn schedule(seed: u64) -> Vec<Fault> {
    let mut rng = Rng(seed);
    let routes: [(&str, Option<&str>); 7] = [
        ("/v1.0/planner/tasks/", Some("PATCH")),
        ("/v1.0/planner/tasks", Some("POST")),
        ("/v1.0/planner/tasks/", Some("GET")),
        ("/v1.0/planner/plans/", Some("GET")),
        ("/beta/planner/tasks/delta", Some("GET")),
        ("/linear/graphql", Some("POST")),
        ("/v1.0/", None),
    ];
    let mut faults: Vec<Fault> = Vec::new();
    for _ in 0..(3 + rng.below(5)) {
        let (path, method) = routes[rng.below(routes.len() as u64) as usize];
        let retry_after = Some(format!("0.0{}", 1 + rng.below(5)));
        let (kind, times) = match rng.below(10) {
            0 => (FaultKind::TooManyRequests { retry_after }, None),
            1 => (FaultKind::ServiceUnavailable { retry_after }, None),
            2 => (FaultKind::InternalError, None),
            3 => (FaultKind::DropConnection, None),
            4 => (
                FaultKind::Latency {
                    ms: 20 + rng.below(150),
                },
                Some(Times::Always),
            ),
            5 => (FaultKind::ExpiredToken, Some(Times::Count(1))),
            6 => (FaultKind::ResyncRequired, Some(Times::Count(1))),
            7 => (
                FaultKind::LinearRateLimited {
                    reset_ms: 20 + rng.below(80),
                },
                None,
            ),
            8 => (
                FaultKind::InternalError,
                Some(Times::Count(1 + rng.below(3))),
            ),
            // Applied, then the answer is lost: a write in doubt.
            _ => (FaultKind::DropAnswer, None),
        };
        let path = match kind {
            FaultKind::ResyncRequired => "/beta/planner/tasks/delta",
            FaultKind::LinearRateLimited { .. } => "/linear/graphql",
            // An expired token is a Graph event: Linear API keys do not expire, so a 401 from
            // Linear is a revoked key and pausing the mapping is the right answer to it.
            FaultKind::ExpiredToken if path.starts_with("/linear") => "/v1.0/",
            _ => path,
        };
        let times = times.unwrap_or(Times::Probability {
            p: 0.05 + rng.below(20) as f64 / 100.0,
            seed: rng.next(),
        });
        // One expired token per storm: a second 401 right after a fresh token is, by design,
        // an authentication failure that pauses the mapping until a human runs `map enable`.
        if kind == FaultKind::ExpiredToken
            && faults.iter().any(|f| f.kind == FaultKind::ExpiredToken)
        {
            continue;
        }
        let mut fault = Fault::new(path, kind).times(times);
        if let Some(m) = method {
            fault = fault.method(m);
        }
        faults.push(fault);
    }
    faults
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(env: &TestEnv) -> Server {
        let mut child = env
            .command()
            .args(["webhook", "serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::null())
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
        std::thread::spawn(move || for _ in stderr.lines() {});
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

fn sync_output(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// One storm; the invariant violations (empty: it held) and how many dead letters it made.
fn storm(seed: u64) -> (Vec<String>, usize) {
    let mut env = bootstrapped(&format!(
        "[sync]\nretry_attempts = 2\n\n[linear]\nreconcile_every = \"{}s\"\n",
        RECONCILE.as_secs()
    ));
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    // Webhook deliveries carry the sandbox's real time.
    env.remove_env("LPS_NOW");
    let server = Server::start(&env);
    let linear = env.sandbox().linear();
    let mut rng = Rng(seed ^ 0xA5A5);
    linear.set_webhook(&server.url, SANDBOX_WEBHOOK_SECRET);
    linear.set_webhook_faults(WebhookFaults {
        drop_next: rng.below(4) as u32,
        duplicate_next: rng.below(4) as u32,
        delay_ms: 0,
        hold: true,
    });
    let mut expected = Expected::baseline(&env);
    // Inside the sandbox's runtime: that is where its webhook deliveries are sent from.
    env.block_on(async { human_workload(&env, &format!("S{seed}a"), &mut expected) });
    for fault in schedule(seed) {
        env.sandbox().faults().add(fault);
    }
    let context = format!("seed {seed}");
    let mut bad = Vec::new();

    // Mid-pass: more human edits on both sides, some on tasks the engine is writing.
    let child = env
        .command()
        .args(["sync", "-v"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::thread::sleep(Duration::from_millis(rng.below(300)));
    let priority = [1, 3, 5, 9][rng.below(4) as usize];
    env.block_on(async {
        planner_race_edits(&env, priority, &mut expected);
        human_workload(&env, &format!("S{seed}b"), &mut expected);
    });
    let (code, stderr) = sync_output(child);
    let mut diag = format!("--- storm sync {code}\n{stderr}\n");
    if ![0, 1].contains(&code) {
        bad.push(format!("{context}: storm sync exit {code}: {stderr}"));
    }
    // Held webhooks arrive newest first, some lost, some twice; the storm goes on.
    env.block_on(async { linear.release_webhooks(true) });
    let out = env.run(["sync", "-v"]);
    diag.push_str(&format!("--- second {out}\n"));
    if ![0, 1].contains(&out.status) {
        bad.push(format!("{context}: second storm sync: {out}"));
    }
    env.sandbox().faults().clear();

    // Calm, once the full poll is due again: at most two clean syncs, then the dead letters
    // are retried.
    std::thread::sleep(RECONCILE);
    for _ in 0..2 {
        let out = env.run(["sync", "-v"]);
        diag.push_str(&format!("--- clean {out}\n"));
        if out.status == 0 {
            break;
        }
        if out.status != 1 {
            bad.push(format!("{context}: clean sync: {out}"));
        }
    }
    let dead = env.run(["--json", "dlq", "list"]).json();
    let dead_letters = dead.as_array().map_or(0, Vec::len);
    if dead_letters > 0 {
        let out = env.run(["dlq", "retry", "--all"]);
        if out.status != 0 {
            bad.push(format!("{context}: dlq retry --all: {out}"));
        }
    }
    bad.extend(violations(&env, &expected, &context));
    if !bad.is_empty() {
        // Timing decides a storm as much as its seed, so a failing one may not replay: what
        // each sync said and the audit are what is left to find the cause with.
        let audit = env.run(["audit", "--limit", "400"]);
        eprintln!("STORM {context}\n{diag}\n--- audit\n{audit}");
    }
    reset_counts(&env);
    let out = env.run(["sync"]);
    if out.status != 0 || writes(&env) != (0, 0) {
        bad.push(format!(
            "{context}: not converged, a quiet sync wrote {:?}: {out}",
            writes(&env)
        ));
    }
    let delivered = linear.webhook_deliveries().len();
    if delivered == 0 {
        bad.push(format!("{context}: no webhook was delivered"));
    }
    drop(server);
    (bad, dead_letters)
}

#[test]
fn fault_storms_converge_to_the_merge_of_every_human_edit() {
    let seeds: Vec<u64> = match std::env::var("LPS_STORM_SEED") {
        Ok(one) => vec![one.parse().expect("LPS_STORM_SEED is a number")],
        Err(_) => {
            let n = std::env::var("LPS_STORM_SEEDS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(3u64);
            (0..n).collect()
        }
    };
    let mut failures = Vec::new();
    let mut dead_letters = 0;
    for &seed in &seeds {
        let (bad, dead) = storm(seed);
        dead_letters += dead;
        failures.extend(bad);
    }
    eprintln!(
        "fault storms: {} seeds, {} dead letters retried, {} violations",
        seeds.len(),
        dead_letters,
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
