//! Concurrency: two `sync` runs on one database (one waits out with exit 4, nothing is
//! corrupted), and `webhook serve` queueing deliveries while `sync` runs drain the queue (no
//! event lost, none applied twice).

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::sandbox::linear::SANDBOX_WEBHOOK_SECRET;
use linear_planner_sync::store::{lock, queue};

use crate::common::TestEnv;
use crate::rel_world::{bootstrapped, pairs, reset_counts, strip_cycle, writes};

fn spawn_sync(env: &TestEnv) -> Child {
    env.command()
        .arg("sync")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sync")
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn two_syncs_on_one_database_one_exits_4_and_nothing_is_corrupted() {
    let env = bootstrapped("");
    let p = pairs(&env);
    for (i, (_, ident)) in p.iter().take(6).enumerate() {
        env.sandbox()
            .linear()
            .set_title(ident, &format!("Concurrent {i}"))
            .unwrap();
    }
    // Slow Planner writes keep the first run inside its pass while the second starts.
    env.sandbox().faults().add(
        Fault::new("/v1.0/planner/tasks/", FaultKind::Latency { ms: 150 })
            .method("PATCH")
            .times(Times::Always),
    );
    let mut rounds = 0;
    for _ in 0..3 {
        let first = spawn_sync(&env);
        let started = Instant::now();
        while lock::holder(env.store().conn()).unwrap().is_none() {
            assert!(started.elapsed() < Duration::from_secs(20), "no lock taken");
            std::thread::sleep(Duration::from_millis(5));
        }
        let second = env.run(["sync"]);
        let (code, stderr) = finish(first);
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(second.status, 4, "the second run waits: {second}");
        assert!(second.stderr.contains("pid"), "names the holder: {second}");
        rounds += 1;
        assert!(
            env.store().integrity_problems().unwrap().is_empty(),
            "integrity_check"
        );
        assert!(
            lock::holder(env.store().conn()).unwrap().is_none(),
            "released"
        );
        // Give the next round something to do.
        env.sandbox()
            .linear()
            .set_title(&p[rounds].1, &format!("Round {rounds}"))
            .unwrap();
    }
    env.sandbox().faults().clear();
    env.run(["sync"]).success();
    for (task, ident) in p.iter().take(6) {
        let t = env.sandbox().graph().task(task).unwrap();
        let issue = env.sandbox().linear().issue(ident).unwrap();
        assert_eq!(strip_cycle(t["title"].as_str().unwrap()), issue.title);
    }
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
}

/// A running `webhook serve`; SIGTERM stops it.
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
        // Keep draining stderr so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in stderr.lines() {});
        Server { child, url }
    }

    fn stop(mut self) -> i32 {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill");
        self.child.wait().expect("wait").code().unwrap_or(-1)
    }
}

#[test]
fn webhook_serve_while_sync_runs_loses_and_repeats_nothing() {
    let mut env = bootstrapped("");
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    // Deliveries carry the sandbox's real time; freshness is checked against the real clock.
    env.remove_env("LPS_NOW");
    let server = Server::start(&env);
    let linear = env.sandbox().linear();
    linear.set_webhook(&server.url, SANDBOX_WEBHOOK_SECRET);
    let p = pairs(&env);
    let edits = 24;
    let mut last: std::collections::BTreeMap<usize, String> = Default::default();
    let mut syncs = Vec::new();
    for n in 0..edits {
        let i = n % 8;
        let title = format!("Webhook edit {n}");
        // Inside the sandbox's runtime: that is where its webhook deliveries are sent from.
        env.block_on(async { linear.set_title(&p[i].1, &title) })
            .unwrap();
        last.insert(i, title);
        if n % 6 == 0 {
            syncs.push(spawn_sync(&env));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for child in syncs {
        let (code, stderr) = finish(child);
        assert!(code == 0 || code == 4, "{code}: {stderr}");
    }
    // Every delivery the sandbox made reached the queue, once.
    let started = Instant::now();
    let delivered = || {
        linear
            .webhook_deliveries()
            .iter()
            .filter(|d| d.status.is_some())
            .count()
    };
    while delivered() < edits {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "deliveries stalled"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let queued: i64 = env
        .store()
        .conn()
        .query_row("SELECT count(*) FROM change_queue", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued as usize, edits, "{:?}", linear.webhook_deliveries());
    env.run(["sync"]).success();
    assert_eq!(
        queue::depth(env.store().conn()).unwrap(),
        0,
        "nothing left behind"
    );
    for (i, title) in &last {
        let task = env.sandbox().graph().task(&p[*i].0).unwrap();
        assert_eq!(strip_cycle(task["title"].as_str().unwrap()), *title);
    }
    // Applied once: each title write in the audit is a distinct value per task.
    let audit = env.run(["--json", "audit", "--limit", "10000"]).json();
    let mut seen = std::collections::BTreeSet::new();
    for row in audit.as_array().unwrap() {
        if row["action"] == "update_task" && row["field"] == "title" {
            let key = (row["task_id"].to_string(), row["new_value"].to_string());
            assert!(seen.insert(key.clone()), "applied twice: {key:?}");
        }
    }
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
    assert_eq!(server.stop(), 0);
    assert!(env.store().integrity_problems().unwrap().is_empty());
}
