//! The run lock end to end: one run per database (exit 4 for the second, nothing done), stale
//! locks of dead processes or of silent holders taken over, and the heartbeat that keeps a
//! long run's lock fresh so the next cron `sync` cannot take it over.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use linear_planner_sync::sandbox::faults::{Fault, FaultKind, Times};
use linear_planner_sync::store::lock;

use crate::common::TestEnv;
use crate::common::demo::mapped;

/// Slow every Graph request (the first `times` of them) by `ms`.
fn slow_graph(env: &TestEnv, ms: u64, times: u64) {
    for path in ["/v1.0", "/beta"] {
        env.sandbox()
            .faults()
            .add(Fault::new(path, FaultKind::Latency { ms }).times(Times::Count(times)));
    }
}

fn spawn(env: &TestEnv, args: &[&str]) -> Child {
    env.command()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn")
}

/// Wait until a run holds the lock; returns its pid.
fn wait_for_holder(env: &TestEnv) -> i64 {
    let started = Instant::now();
    loop {
        if let Some((pid, _, _)) = lock::holder(env.store().conn()).expect("holder") {
            return pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no run took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn finish(child: Child) -> (i32, String) {
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Write a lock row as a run of `pid` would have, with its last heartbeat at `beat`.
fn plant_lock(env: &TestEnv, pid: i64, beat: time::OffsetDateTime) {
    let at = linear_planner_sync::clock::format_ts(beat);
    lock::acquire(
        env.store().conn_mut(),
        pid,
        (&at, beat.unix_timestamp()),
        lock::STALE_AFTER_SECS,
        |_| false,
    )
    .expect("plant lock");
}

#[test]
fn a_second_run_exits_4_while_the_first_holds_the_lock() {
    let env = mapped();
    env.run(["bootstrap"]).success();
    slow_graph(&env, 1500, 1);
    let first = spawn(&env, &["sync"]);
    let pid = wait_for_holder(&env);
    assert_eq!(pid, i64::from(first.id()));

    env.sandbox().reset_requests();
    let second = env.run(["sync"]);
    assert_eq!(second.status, 4, "{second}");
    assert!(
        second.stderr.contains(&pid.to_string()),
        "names the holder: {second}"
    );
    assert_eq!(
        env.sandbox().requests().graph_writes(),
        0,
        "nothing done: {second}"
    );
    let (status, stderr) = finish(first);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        lock::holder(env.store().conn()).unwrap().is_none(),
        "released"
    );
    env.run(["sync"]).success();
}

#[test]
fn stale_locks_are_taken_over_and_live_ones_are_not() {
    let env = mapped();
    let now = time::OffsetDateTime::now_utc();

    // A live holder (this test process) with a fresh heartbeat: exit 4, nothing done.
    let me = i64::from(std::process::id());
    plant_lock(&env, me, now);
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 4, "{out}");
    assert_eq!(env.sandbox().requests().graph_writes(), 0);
    lock::release(env.store().conn(), me).unwrap();

    // A holder whose process is gone (a crashed run): taken over.
    let mut dead = std::process::Command::new("true").spawn().expect("spawn");
    let dead_pid = i64::from(dead.id());
    dead.wait().expect("wait");
    plant_lock(&env, dead_pid, now);
    let out = env.run(["bootstrap"]);
    assert_eq!(out.status, 0, "{out}");
    assert!(lock::holder(env.store().conn()).unwrap().is_none());

    // A live pid whose heartbeat stopped long ago (a reused pid, a hung run): taken over.
    plant_lock(&env, me, now - time::Duration::hours(1));
    env.run(["sync"]).success();
    assert!(lock::holder(env.store().conn()).unwrap().is_none());
}

#[test]
fn a_bootstrap_longer_than_the_staleness_window_keeps_its_lock() {
    let mut env = mapped();
    // A 2 s window; the bootstrap's Graph requests take ≥ 8 × 1 s.
    env.set_env("LPS_LOCK_STALE_SECS", "2");
    slow_graph(&env, 1000, 8);
    let bootstrap = spawn(&env, &["bootstrap"]);
    wait_for_holder(&env);
    let started = Instant::now();
    // Well past the window: without heartbeats this lock would be stale now.
    std::thread::sleep(Duration::from_millis(3500));
    let cron = env.run(["sync"]);
    let mut bootstrap = bootstrap;
    assert!(
        bootstrap.try_wait().expect("try_wait").is_none(),
        "the bootstrap should still run ({:?} in): make it slower",
        started.elapsed()
    );
    assert_eq!(
        cron.status, 4,
        "the running bootstrap kept its lock: {cron}"
    );
    let (status, stderr) = finish(bootstrap);
    assert_eq!(status, 0, "{stderr}");
    env.sandbox().faults().clear();
    env.run(["sync"]).success();
}
