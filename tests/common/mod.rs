//! The test world: a temp directory with its own HOME, config and database, a pinned clock,
//! and an otherwise empty environment, so real credentials can never leak into a test.
//! `run` drives the real binary and returns a [`CommandOutput`] that renders stdout, stderr
//! and the exit status together for one snapshot.

#![allow(dead_code)]

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use linear_planner_sync::store::Store;

pub const NOW: &str = "2026-11-25T12:00:00Z";

pub struct TestEnv {
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
    world: Option<World>,
}

/// The sandbox of a test, with the runtime that serves it while the binary runs.
pub struct World {
    pub sandbox: linear_planner_sync::sandbox::Sandbox,
    pub runtime: tokio::runtime::Runtime,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::tempdir().expect("temp dir");
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        let vars = vec![
            ("HOME".to_string(), home.display().to_string()),
            (
                "LPS_DB".to_string(),
                dir.path().join("state.db").display().to_string(),
            ),
            ("LPS_NOW".to_string(), NOW.to_string()),
        ];
        TestEnv {
            dir,
            vars,
            world: None,
        }
    }

    /// A test environment whose CLI talks to a fresh sandbox seeded with `seed`.
    pub fn with_sandbox(seed: linear_planner_sync::sandbox::Seed) -> TestEnv {
        use linear_planner_sync::sandbox::{Sandbox, SandboxOptions};
        let mut env = TestEnv::new();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxOptions {
                seed,
                ..SandboxOptions::default()
            }))
            .expect("start sandbox");
        for (key, value) in sandbox.env_exports() {
            env.set_env(&key, &value);
        }
        env.world = Some(World { sandbox, runtime });
        env
    }

    pub fn sandbox(&self) -> &linear_planner_sync::sandbox::Sandbox {
        &self
            .world
            .as_ref()
            .expect("this TestEnv has no sandbox")
            .sandbox
    }

    /// Run a future on the sandbox's runtime (for its async API).
    pub fn block_on<F: std::future::Future>(&self, fut: F) -> F::Output {
        self.world
            .as_ref()
            .expect("this TestEnv has no sandbox")
            .runtime
            .block_on(fut)
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("state.db")
    }

    /// Set (or replace) an environment variable for the following runs.
    pub fn set_env(&mut self, key: &str, value: &str) {
        self.vars.retain(|(k, _)| k != key);
        self.vars.push((key.to_string(), value.to_string()));
    }

    pub fn remove_env(&mut self, key: &str) {
        self.vars.retain(|(k, _)| k != key);
    }

    /// Write a file under the test root and return its path.
    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write");
        path
    }

    /// Open the test database through the library (to seed it or check it).
    pub fn store(&self) -> Store {
        Store::open(&self.db_path()).expect("open store")
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_linear-planner-sync"));
        cmd.env_clear().current_dir(self.dir.path());
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    pub fn run<I, S>(&self, args: I) -> CommandOutput
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let output = self.command().args(args).output().expect("run binary");
        let root = self.dir.path().display().to_string();
        let base = self
            .world
            .as_ref()
            .map(|w| w.sandbox.base_url().to_string());
        let clean = |bytes: &[u8]| {
            let text = String::from_utf8_lossy(bytes).replace(&root, "$TEST_ENV");
            match &base {
                Some(base) => text.replace(base.as_str(), "$SANDBOX"),
                None => text,
            }
        };
        CommandOutput {
            stdout: clean(&output.stdout),
            stderr: clean(&output.stderr),
            status: output.status.code().unwrap_or(-1),
        }
    }
}

/// stdout, stderr and exit status of one run. Snapshot it or assert on its parts.
#[must_use = "snapshot the output or assert on it"]
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl CommandOutput {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self}"))
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.status, 0, "expected success:\n{self}");
        self
    }
}

impl fmt::Display for CommandOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.stdout)?;
        if !self.stderr.is_empty() {
            writeln!(f, "------- stderr -------")?;
            write!(f, "{}", self.stderr)?;
        }
        if self.status != 0 {
            writeln!(f, "[exit status: {}]", self.status)?;
        }
        Ok(())
    }
}

/// A Planner title without the cycle prefix the bridge shows for issues in a cycle (issue 8,
/// default `cycle_prefix`): what the human typed.
pub fn without_cycle_prefix(title: &str) -> &str {
    linear_planner_sync::engine::faces::split_cycle_prefix(title, "[Cycle: {name}] ").1
}

/// The world most end-to-end tests start from: the sandbox's demo seed, its project mapped to
/// its plan by the real `map add`.
pub mod demo {
    use super::TestEnv;
    use linear_planner_sync::sandbox::Seed;

    pub const PLAN: &str = "plan-demo";
    pub const PROJECT: &str = "Website Relaunch";

    /// Runs `map add` for the demo project and plan on `env`, with `extra` flags.
    pub fn map(env: &TestEnv, extra: &[&str]) {
        let mut args = vec![
            "map",
            "add",
            "--project",
            PROJECT,
            "--team",
            "ENG",
            "--plan",
            PLAN,
            "--yes",
        ];
        args.extend_from_slice(extra);
        env.run(args).success();
    }

    /// A fresh demo sandbox with the mapping added.
    pub fn mapped() -> TestEnv {
        let env = TestEnv::with_sandbox(Seed::Demo);
        map(&env, &[]);
        env
    }

    /// A fresh demo sandbox, mapped and bootstrapped.
    pub fn bootstrapped() -> TestEnv {
        let env = mapped();
        env.run(["bootstrap"]).success();
        env
    }

    /// Writes made to either service since the last reset: (Graph, Linear mutations).
    pub fn writes(env: &TestEnv) -> (u64, u64) {
        let graph = env.sandbox().requests().graph_writes();
        let linear: u64 = env
            .sandbox()
            .linear()
            .operation_counts()
            .iter()
            .filter(|(op, _)| op.ends_with("Mutation"))
            .map(|(_, n)| *n)
            .sum();
        (graph, linear)
    }

    pub fn reset_counts(env: &TestEnv) {
        env.sandbox().reset_requests();
        env.sandbox().linear().reset_operation_counts();
    }
}

/// Seed helpers over the library's store API (what `map add` and a pass would have written).
pub mod seed {
    use linear_planner_sync::model::ids::{IssueId, MappingId, TaskId};
    use linear_planner_sync::store::audit::{self, AuditEntry};
    use linear_planner_sync::store::mappings::{self, BucketStatePair, NewMapping, PairDirection};
    use linear_planner_sync::store::{Store, dlq, links};

    pub fn mapping(store: &Store, n: u32) -> MappingId {
        let new = NewMapping {
            linear_team_id: format!("team-uuid-{n}"),
            linear_team_key: "ENG".into(),
            linear_project_id: format!("project-uuid-{n}"),
            linear_project_name: format!("Website {n}"),
            planner_plan_id: format!("plan-{n}"),
            planner_plan_title: format!("Website plan {n}"),
            planner_group_id: Some("group-1".into()),
        };
        let pairs = [
            BucketStatePair {
                bucket_id: "bucket-todo".into(),
                bucket_name: "To do".into(),
                state_id: "state-todo".into(),
                state_name: "Todo".into(),
                direction: PairDirection::Both,
            },
            BucketStatePair {
                bucket_id: "bucket-doing".into(),
                bucket_name: "Doing".into(),
                state_id: "state-started".into(),
                state_name: "In Progress".into(),
                direction: PairDirection::Both,
            },
            BucketStatePair {
                bucket_id: "bucket-todo".into(),
                bucket_name: "To do".into(),
                state_id: "state-backlog".into(),
                state_name: "Backlog".into(),
                direction: PairDirection::ToPlanner,
            },
        ];
        mappings::insert(store.conn(), &new, &pairs, "2026-11-20T09:00:00Z")
            .expect("insert mapping")
    }

    pub fn link(store: &Store, mapping: MappingId, n: u32) -> i64 {
        links::insert(
            store.conn(),
            mapping,
            &TaskId(format!("task-{n}")),
            &IssueId(format!("issue-uuid-{n}")),
            Some(&format!("ENG-{n}")),
            "2026-11-20T09:05:00Z",
        )
        .expect("insert link")
    }

    pub fn dead_letter(store: &Store, mapping: Option<MappingId>) -> i64 {
        let payload = serde_json::json!({"task": "task-1", "patch": {"title": "New title"}});
        let new = dlq::NewDeadLetter {
            mapping_id: mapping,
            op_kind: "update_task",
            item: "task:task-1",
            error_kind: "throttled",
            error: "429 Too Many Requests after 3 attempts",
            request_id: Some("req-42"),
            payload: &payload,
            attempts: 3,
        };
        dlq::insert(store.conn(), &new, "2026-11-25T11:00:00Z").expect("insert dlq")
    }

    pub fn audit(
        store: &Store,
        mapping: Option<MappingId>,
        action: &str,
        at: &str,
        field: Option<(&str, &str, &str)>,
    ) {
        let entry = AuditEntry {
            id: 0,
            at: String::new(),
            mapping_id: mapping,
            task_id: Some("task-1".into()),
            issue_id: Some("issue-uuid-1".into()),
            issue_identifier: Some("ENG-1".into()),
            action: action.into(),
            field: field.map(|f| f.0.to_string()),
            old_value: field.map(|f| f.1.to_string()),
            new_value: field.map(|f| f.2.to_string()),
            detail: None,
        };
        audit::append(store.conn(), &entry, at).expect("append audit");
    }
}
