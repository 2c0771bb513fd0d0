//! The benchmark of issue 10: the real engine, driven through the library API in-process (as
//! `demo` does), against the embedded sandbox with injected per-request latency and the
//! configured Graph throttle.
//!
//! ```text
//! cargo run --release --example bench [-- --quick] [-- --latency-ms N]
//! ```
//!
//! It prints one table (row, measured value, goal, pass/fail) and writes
//! `target/bench/results.json` (the table plus the raw counts behind every row). It exits
//! non-zero only when a bench could not run (a broken run), never because a goal is missed.
//! Numbers are measured, never assumed: a row that cannot be measured says why instead of
//! showing a number.
//!
//! Threads: the sandbox serves on its own multi-thread runtime; the engine runs on a
//! current-thread runtime on the main thread, so the main thread's CPU time
//! (`/proc/thread-self/schedstat`) is the bridge's own CPU (engine, HTTP client, SQLite,
//! JSON), without the sandbox's.
//!
//! The measured bootstrap runs in a child process (this executable again, with a hidden first
//! argument) against the parent's sandbox and database, so its peak RSS is the bridge's alone;
//! the parent keeps the sandbox and counts its requests.
//!
//! Setup phases (seeding, preparatory bootstraps) run with zero latency and no throttle and
//! are not counted; only the measured phase runs with the latency and the throttle of its row.

use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use linear_planner_sync::clock::Clock;
use linear_planner_sync::commands::{Context, connect, users_sync};
use linear_planner_sync::config::{Config, EnvMap};
use linear_planner_sync::engine::bootstrap::NoProgress;
use linear_planner_sync::engine::pass::{Engine, PassOptions};
use linear_planner_sync::engine::report::PassReport;
use linear_planner_sync::engine::setup::{MappingRequest, apply_mapping, plan_mapping};
use linear_planner_sync::error::CommandError;
use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::linear::{IssueDraft, IssuePatch, LimitConfig, ids, seed_id};
use linear_planner_sync::sandbox::{RequestCounts, Sandbox, SandboxOptions, Seed};
use linear_planner_sync::store::Store;
use linear_planner_sync::store::links;
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;
type Result<T> = std::result::Result<T, BoxError>;

/// Graph's `$batch` carries at most 20 requests (shared/graph/planner-api.md, "Batching").
const GRAPH_BATCH: u64 = 20;
/// Tasks per page of the plan listing (the sandbox's page size, as Graph's default).
const GRAPH_PAGE: u64 = 100;
/// `issueBatchCreate` creates at most 50 issues (shared/linear/README.md).
const LINEAR_BATCH_CREATE: u64 = 50;
/// `attachmentCreate` fields per aliased mutation document (see `Kind`).
const LINEAR_ALIASES: u64 = 50;
/// What Linear charges for one issue read whole, port and rich fields with connections of 50
/// (src/linear/port_queries.rs, `SNAPSHOT_PAGE`), and the most it accepts in one request
/// (shared/linear/README.md; the sandbox refuses more: "Query too complex").
const WHOLE_ISSUE_POINTS: u64 = 440;
const QUERY_POINTS: u64 = 10_000;
/// The default throttle of `[graph.throttle]` (examples/config.toml).
const THROTTLE_CAPACITY: u32 = 600;
const THROTTLE_RATE: f64 = 20.0;
/// The bucket of the drain row: 20 req/s with one second of burst, so the ceiling is the rate.
const DRAIN_CAPACITY: u32 = 20;

const TEAM: &str = "ENG";
const PROJECT: &str = "Website Relaunch";
const DEMO_PLAN: &str = "plan-demo";
const LARGE_PLAN: &str = "plan-large";

fn err(e: impl Display) -> BoxError {
    e.to_string().into()
}

fn cmd(e: CommandError) -> BoxError {
    e.error
}

// ---------------------------------------------------------------------------------------------
// Arguments and sizes

struct Args {
    quick: bool,
    latency: Duration,
    /// Overrides the size of the bootstrap row (its full size, 9,000 tasks, takes minutes).
    bootstrap_tasks: Option<usize>,
    /// Run only the benches whose name contains this (`--only bootstrap`), while iterating.
    only: Option<String>,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        quick: false,
        latency: Duration::from_millis(100),
        bootstrap_tasks: None,
        only: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => args.quick = true,
            "--latency-ms" => {
                let n: u64 = it
                    .next()
                    .ok_or("--latency-ms needs a number")?
                    .parse()
                    .map_err(|e| format!("--latency-ms: {e}"))?;
                args.latency = Duration::from_millis(n);
            }
            "--bootstrap-tasks" => {
                let n: usize = it
                    .next()
                    .ok_or("--bootstrap-tasks needs a number")?
                    .parse()
                    .map_err(|e| format!("--bootstrap-tasks: {e}"))?;
                args.bootstrap_tasks = Some(n.max(10));
            }
            "--only" => args.only = Some(it.next().ok_or("--only needs a bench name")?),
            "--bench" => {} // cargo bench passes it; harmless.
            "-h" | "--help" => {
                println!(
                    "usage: bench [--quick] [--latency-ms N] [--bootstrap-tasks N] [--only NAME]  (default latency 100 ms)"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?} (try --help)").into()),
        }
    }
    Ok(args)
}

/// Sizes of each row; `--quick` shrinks them so the whole run takes about a minute or two.
struct Sizes {
    /// Each change kind of the mixed workload is made this many times (on distinct items).
    mix_reps: usize,
    /// Pending Linear changes the drain row syncs to Planner (issue 10: 2,000).
    drain: usize,
    /// Tasks of the bootstrap row (issue 10: 9,000, the documented per-plan limit).
    bootstrap_tasks: usize,
    /// Changes of the overhead row.
    overhead: usize,
}

impl Sizes {
    fn new(quick: bool) -> Sizes {
        if quick {
            Sizes {
                mix_reps: 2,
                drain: 150,
                bootstrap_tasks: 100,
                overhead: 100,
            }
        } else {
            Sizes {
                mix_reps: 5,
                drain: 2_000,
                bootstrap_tasks: 9_000,
                overhead: 1_000,
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rows

/// One line of the table. `value: None` means "not measured" and `detail` says why.
struct Row {
    name: String,
    value: Option<f64>,
    shown: String,
    goal: String,
    pass: Option<bool>,
    detail: String,
    raw: Value,
}

impl Row {
    fn not_measured(name: &str, goal: &str, why: impl Display) -> Row {
        Row {
            name: name.into(),
            value: None,
            shown: "not measured".into(),
            goal: goal.into(),
            pass: None,
            detail: why.to_string(),
            raw: Value::Null,
        }
    }

    fn verdict(&self) -> &'static str {
        match self.pass {
            Some(true) => "pass",
            Some(false) => "FAIL",
            None => "—",
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The harness: a sandbox on its own runtime, an engine on the main thread

struct Harness {
    sandbox_rt: tokio::runtime::Runtime,
    rt: tokio::runtime::Runtime,
    latency: Duration,
}

/// One sandbox, one database, and the environment that points the clients at the sandbox.
struct World {
    sandbox: Option<Sandbox>,
    dir: PathBuf,
    db: PathBuf,
    env: EnvMap,
    store: Store,
}

impl World {
    fn sandbox(&self) -> Result<&Sandbox> {
        self.sandbox
            .as_ref()
            .ok_or_else(|| err("sandbox already stopped"))
    }
}

/// Request counts of a phase.
#[derive(Clone, Copy, Default)]
struct Count {
    graph: u64,
    linear: u64,
}

/// The sandbox's counters at one moment: HTTP requests per route, and Linear GraphQL
/// operations by name (every Linear request is `POST /graphql`; the name says what it did).
struct Snap {
    routes: RequestCounts,
    linear_ops: std::collections::BTreeMap<String, u64>,
}

impl Count {
    fn of(c: &Snap) -> Count {
        Count {
            graph: c.routes.graph_total(),
            linear: c.routes.linear_total(),
        }
    }
    fn since(self, before: Count) -> Count {
        Count {
            graph: self.graph - before.graph,
            linear: self.linear - before.linear,
        }
    }
}

/// Per-route differences between two snapshots, for the JSON (batch items marked, Linear
/// operations as `linear <operationName>`).
fn route_diff(before: &Snap, after: &Snap) -> Value {
    let mut out = serde_json::Map::new();
    for (name, n) in &after.linear_ops {
        let was = before.linear_ops.get(name).copied().unwrap_or(0);
        if *n > was {
            out.insert(format!("linear {name}"), json!(n - was));
        }
    }
    for r in &after.routes.routes {
        let was = before
            .routes
            .routes
            .iter()
            .find(|b| b.method == r.method && b.route == r.route && b.batch_item == r.batch_item)
            .map_or(0, |b| b.count);
        if r.count > was {
            let key = format!(
                "{}{} {}",
                if r.batch_item { "[batch item] " } else { "" },
                r.method,
                r.route
            );
            out.insert(key, json!(r.count - was));
        }
    }
    Value::Object(out)
}

impl Harness {
    fn new(latency: Duration) -> Result<Harness> {
        let sandbox_rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sandbox")
            .enable_all()
            .build()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        Ok(Harness {
            sandbox_rt,
            rt,
            latency,
        })
    }

    fn start(&self, seed: Seed) -> Result<World> {
        let sandbox = self.sandbox_rt.block_on(Sandbox::start(SandboxOptions {
            seed,
            ..SandboxOptions::default()
        }))?;
        // Linear's real budget (2,500 requests/hour per key) would stop the large rows long
        // before the Graph throttle matters; this benchmark measures the Graph side, so the
        // sandbox's Linear limits are lifted. The Linear request counts are still reported.
        sandbox.linear().set_limits(LimitConfig {
            requests_per_hour: 1_000_000_000,
            complexity_per_hour: 1_000_000_000_000,
            ..LimitConfig::default()
        });
        let dir = std::env::temp_dir().join(format!("lps-bench-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        let db = dir.join("state.db");
        let store = Store::open(&db)?;
        let env: EnvMap = sandbox.env_exports().into_iter().collect();
        Ok(World {
            sandbox: Some(sandbox),
            dir,
            db,
            env,
            store,
        })
    }

    fn stop(&self, mut world: World) {
        if let Some(sandbox) = world.sandbox.take() {
            self.sandbox_rt.block_on(sandbox.shutdown());
        }
        let _ = std::fs::remove_dir_all(&world.dir);
    }

    /// A context whose Graph throttle is `throttle` (capacity, refill/s); `None`: unthrottled.
    fn context(&self, world: &World, throttle: Option<(u32, f64)>) -> Result<Context> {
        context_for(&world.env, &world.db, throttle)
    }

    fn set_latency(&self, world: &World, on: bool) -> Result<()> {
        let latency = if on { self.latency } else { Duration::ZERO };
        world.sandbox()?.faults().set_latency(latency);
        Ok(())
    }

    fn counts(&self, world: &World) -> Result<Snap> {
        let sandbox = world.sandbox()?;
        Ok(Snap {
            routes: sandbox.requests(),
            linear_ops: sandbox.linear().operation_counts(),
        })
    }

    /// Map `plan` to `project` (setup: unthrottled, no latency).
    fn map(&self, world: &mut World, plan: &str, project: &str) -> Result<MappingId> {
        let cx = self.context(world, None)?;
        let ports = connect::ports(&cx, &world.store, None).map_err(cmd)?;
        let request = MappingRequest {
            project: project.into(),
            team_key: TEAM.into(),
            plan_id: plan.into(),
            buckets: Vec::new(),
            create_buckets: false,
        };
        let store = &mut world.store;
        let id = self.rt.block_on(async {
            let planned = plan_mapping(&ports.planner, &ports.linear, store, &request).await?;
            apply_mapping(&ports.planner, store, &planned, &cx.now()).await
        })?;
        Ok(id)
    }

    /// One pass (or bootstrap) with fresh ports built from `cx`.
    fn pass(
        &self,
        world: &mut World,
        cx: &Context,
        bootstrap: bool,
        max_ops: u32,
    ) -> Result<PassReport> {
        let ports = connect::ports(cx, &world.store, None).map_err(cmd)?;
        let options = PassOptions {
            mapping: None,
            max_ops,
            time_budget: Duration::from_secs(24 * 3600),
            dry_run: false,
        };
        let store = &mut world.store;
        let report = self.rt.block_on(async {
            let mut engine =
                Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, options);
            if bootstrap {
                engine.bootstrap(store, &NoProgress).await
            } else {
                engine.run_pass(store).await
            }
        })?;
        Ok(report)
    }

    /// Setup pass: unthrottled, no latency.
    /// `users sync`, as a deployment runs it at setup: the passes then find people cached.
    fn refresh_users(&self, world: &World) -> Result<()> {
        let cx = self.context(world, None)?;
        let ports = connect::ports(&cx, &world.store, None).map_err(cmd)?;
        self.rt
            .block_on(users_sync::refresh_cache(&cx, &world.store, &ports))
            .map_err(cmd)?;
        Ok(())
    }

    fn setup_pass(&self, world: &mut World, bootstrap: bool, max_ops: u32) -> Result<PassReport> {
        self.set_latency(world, false)?;
        let cx = self.context(world, None)?;
        self.pass(world, &cx, bootstrap, max_ops)
    }
}

/// A context on `db` whose clients point at the sandbox `env` names, with the Graph throttle
/// `throttle` (capacity, refill/s); `None`: unthrottled.
fn context_for(env: &EnvMap, db: &Path, throttle: Option<(u32, f64)>) -> Result<Context> {
    let (capacity, rate) = throttle.unwrap_or((1_000_000_000, 1e9));
    let toml = format!("[graph.throttle]\ncapacity = {capacity}\nrefill_per_sec = {rate}\n");
    let config = Config::from_toml(&toml, None, env)?;
    Ok(Context {
        config,
        db_path: db.to_path_buf(),
        clock: Clock::System,
        env: env.clone(),
    })
}

fn writes(report: &PassReport) -> u32 {
    report.mappings.iter().map(|m| m.writes()).sum()
}

fn live_links(store: &Store, mapping: MappingId) -> Result<Vec<links::Link>> {
    Ok(links::live(store.conn(), mapping)?)
}

/// CPU time of the calling thread, from the scheduler's accounting (nanoseconds).
fn thread_cpu() -> Result<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat")?;
    let ns: u64 = text
        .split_whitespace()
        .next()
        .ok_or("empty schedstat")?
        .parse()?;
    Ok(Duration::from_nanos(ns))
}

/// CPU time (user + system) of the whole process, all threads.
fn process_cpu() -> Result<Duration> {
    let text = std::fs::read_to_string("/proc/self/stat")?;
    // The fields after the command name (which ends at the last ')'): utime and stime are
    // the 12th and 13th of them, in clock ticks (100 per second on Linux).
    let rest = text.rsplit_once(')').ok_or("malformed /proc/self/stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks =
        |i: usize| -> Result<u64> { Ok(fields.get(i).ok_or("short /proc/self/stat")?.parse()?) };
    Ok(Duration::from_millis((ticks(11)? + ticks(12)?) * 10))
}

/// A `/proc/self/status` field in kB (VmHWM, VmRSS).
fn status_kb(field: &str) -> Result<u64> {
    let text = std::fs::read_to_string("/proc/self/status")?;
    let line = text
        .lines()
        .find(|l| l.starts_with(field))
        .ok_or_else(|| format!("no {field} in /proc/self/status"))?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .ok_or("malformed status line")?
        .parse()?)
}

/// Resets the peak RSS (VmHWM) to the current RSS: `echo 5 > /proc/self/clear_refs`.
fn reset_peak_rss() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

// ---------------------------------------------------------------------------------------------
// Row 1: requests per change (mixed workload)

/// The change kinds of the mixed workload, with the minimum the APIs allow for each.
///
/// The minimum assumes only documented API facts (shared/graph/planner-api.md,
/// shared/linear/README.md):
/// * Planner's delta says *which* tasks changed, not what: a changed task costs a task GET and
///   a details GET, both of which ride in a Graph `$batch` (≤ 20 items per request).
/// * Etags are kept in the shadow and `Prefer: return=representation` returns the new one, so
///   a task write needs no GET before or after it; the write itself can ride in a `$batch`
///   (items carry method, headers and body). Dependent writes (a details PATCH needs the etag
///   of a task created in the same pass) go in a later batch round.
/// * A details write is the exception: "updating details also changes the parent task's
///   etag" (planner-api.md, Concurrency), and the details answer does not carry it. The next
///   delta then reports the task at an etag no answer of ours showed, and only a task GET
///   followed by a details GET (in that order: a details edit moves the task's etag) can
///   tell our write from a human edit. So a details write costs those two reads, in two
///   later rounds, whether a bridge makes them right away or in the next pass. (The first
///   version of this list left them out: `minimum` also reports that figure, marked.)
/// * Linear issue changes arrive in the `issues(filter: updatedAt > cursor)` query of the
///   pass. A changed issue must come whole: `updatedAt` does not say which field moved, and
///   a pair mirrors the rich fields too (the cycle in the title, sub-issues ↔ checklist,
///   comments, attachments). Whole, an issue costs about [`WHOLE_ISSUE_POINTS`] complexity
///   points as the bridge reads it (connections of 50), and Linear refuses a request above
///   [`QUERY_POINTS`]: so n changed issues need ceil(n × 440 / 10,000) requests, at least the
///   one query of the pass. (Until stop 26 this list counted one query however many issues
///   changed: `minimum` also reports that figure, marked.)
/// * Each `issueUpdate` is one request (issueBatchUpdate applies one input to many issues, so
///   it cannot carry different edits; aliased `issueUpdate` fields in one mutation document
///   could carry several, which the bridge does not do and this list does not count either);
///   `issueBatchCreate` creates up to 50; an attachment (the back-reference) is an
///   `attachmentCreate` per issue (IssueCreateInput has no attachments), and one mutation
///   document may carry many of them as aliased fields (standard GraphQL, which Linear
///   accepts; each answers its issue, about 120 complexity points, so 50 fit below the
///   10,000-point ceiling of one request): the attachments of a pass cost one request per 50.
/// * Users, the plan's buckets and categories and the team's states and labels are cached
///   (they change rarely): 0 per pass. (The bench runs `users sync` before the workload, as a
///   deployment does at setup, so the people it assigns are cached as they would be.) Our own writes are recognised by etag / `updatedAt`, so
///   their echo in the next pass costs no read beyond that pass's fixed delta + Linear query.
///
/// Per pass, fixed: 1 Graph delta request per mapping + the Linear changes query (one request,
/// unless it must return more issues whole than one request holds: see above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Planner task field (title): 2 batch items (task + details) → 1 Linear issueUpdate.
    PlannerTitle,
    /// Planner bucket move: 2 batch items → 1 issueUpdate (stateId).
    PlannerBucket,
    /// Planner priority: 2 batch items → 1 issueUpdate.
    PlannerPriority,
    /// Planner details (description): 2 batch items → 1 issueUpdate.
    PlannerDescription,
    /// Planner category (label): 2 batch items → 1 issueUpdate (labelIds).
    PlannerCategory,
    /// Planner assignee: 2 batch items → 1 issueUpdate (assigneeId; users cached).
    PlannerAssignee,
    /// Planner task created: 2 batch items → 1/50 issueBatchCreate + 1/50 aliased attachment
    /// document (Linear) + 1 batch item (round 2: details PATCH with the back-reference, etag
    /// from the read) + its task GET (round 3) and details GET (round 4).
    PlannerCreate,
    /// Linear title: 1 batch item (task PATCH with the shadow's etag).
    LinearTitle,
    /// Linear priority: 1 batch item (task PATCH).
    LinearPriority,
    /// Linear due date: 1 batch item (task PATCH).
    LinearDue,
    /// Linear state: 1 batch item (task PATCH: bucketId and percentComplete together).
    LinearState,
    /// Linear description: 1 batch item (details PATCH) + its task GET (round 2) and details
    /// GET (round 3).
    LinearDescription,
    /// Linear label: 1 batch item (task PATCH of appliedCategories).
    LinearLabel,
    /// Linear assignee: 1 batch item (task PATCH of assignments; users cached).
    LinearAssignee,
    /// Linear issue created: 1 batch item (POST task) → round 2: 1 item (GET details, its
    /// etag) → round 3: 1 item (PATCH details: description + back-reference) → its task GET
    /// (round 4) and details GET (round 5); + 1/50 aliased Linear attachment document (the
    /// back-reference to the task).
    LinearCreate,
}

const KINDS: [Kind; 15] = [
    Kind::PlannerTitle,
    Kind::PlannerBucket,
    Kind::PlannerPriority,
    Kind::PlannerDescription,
    Kind::PlannerCategory,
    Kind::PlannerAssignee,
    Kind::PlannerCreate,
    Kind::LinearTitle,
    Kind::LinearPriority,
    Kind::LinearDue,
    Kind::LinearState,
    Kind::LinearDescription,
    Kind::LinearLabel,
    Kind::LinearAssignee,
    Kind::LinearCreate,
];

/// Graph batch rounds a change may need (the longest chain: `LinearCreate`).
const ROUNDS: usize = 5;

/// What one change of a kind needs at least: Graph items per batch round, Linear requests,
/// issues created through issueBatchCreate, and attachments (50 per aliased document).
struct Need {
    rounds: [u64; ROUNDS],
    /// Of `rounds`, the reads that follow a details write (see `Kind`).
    reads_after_details: u64,
    /// Linear issues the pass's changes query must return whole (see `Kind`).
    whole: u64,
    linear: u64,
    batch_created: u64,
    attachments: u64,
}

impl Kind {
    fn need(self) -> Need {
        use Kind::*;
        let need = |rounds: [u64; ROUNDS], linear, batch_created, attachments| Need {
            rounds,
            reads_after_details: 0,
            whole: 0,
            linear,
            batch_created,
            attachments,
        };
        let with_reads = |mut n: Need| {
            n.reads_after_details = 2;
            n
        };
        let changed_in_linear = |mut n: Need| {
            n.whole = 1;
            n
        };
        match self {
            PlannerTitle | PlannerBucket | PlannerPriority | PlannerDescription
            | PlannerCategory | PlannerAssignee => need([2, 0, 0, 0, 0], 1, 0, 0),
            PlannerCreate => with_reads(need([2, 1, 1, 1, 0], 0, 1, 1)),
            LinearTitle | LinearPriority | LinearDue | LinearState | LinearLabel
            | LinearAssignee => changed_in_linear(need([1, 0, 0, 0, 0], 0, 0, 0)),
            LinearDescription => changed_in_linear(with_reads(need([1, 1, 1, 0, 0], 0, 0, 0))),
            LinearCreate => changed_in_linear(with_reads(need([1, 1, 1, 1, 1], 0, 0, 1))),
        }
    }
}

/// Which list of minimums (see `Kind`): today's, or an earlier one, reported beside it so
/// that the figures of earlier stops stay comparable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Minimum {
    Now,
    /// Stop 25: one changes query per pass, however many issues it must return whole.
    OneQuery,
    /// The first version: that, and no reads after details writes either.
    First,
}

/// The minimum requests for `changes` made before one pass, plus `extra_passes` passes that
/// only see echoes: (Graph, Linear), batched as the APIs allow, and unbatched (one request per
/// item and per created issue) for comparison, by the list `version`.
fn minimum(changes: &[Kind], mappings: u64, extra_passes: u64, version: Minimum) -> (Count, Count) {
    let mut rounds = [0u64; ROUNDS];
    let (mut linear, mut created, mut attachments, mut whole) = (0u64, 0u64, 0u64, 0u64);
    for k in changes {
        let n = k.need();
        // The reads are the last rounds of a kind's chain.
        let last = n.rounds.iter().rposition(|items| *items > 0).unwrap_or(0);
        let skipped = if version == Minimum::First {
            n.reads_after_details
        } else {
            0
        };
        for (i, (r, items)) in rounds.iter_mut().zip(n.rounds).enumerate() {
            if i + (skipped as usize) <= last {
                *r += items;
            }
        }
        linear += n.linear;
        created += n.batch_created;
        attachments += n.attachments;
        whole += n.whole;
    }
    let passes = 1 + extra_passes;
    // The first pass's changes query returns the changed issues whole; the others see echoes.
    let queries = match version {
        Minimum::Now => (whole * WHOLE_ISSUE_POINTS).div_ceil(QUERY_POINTS).max(1),
        Minimum::OneQuery | Minimum::First => 1,
    };
    let fixed = Count {
        graph: mappings * passes,
        linear: queries + extra_passes,
    };
    let batched = Count {
        graph: fixed.graph + rounds.iter().map(|r| r.div_ceil(GRAPH_BATCH)).sum::<u64>(),
        linear: fixed.linear
            + linear
            + created.div_ceil(LINEAR_BATCH_CREATE)
            + attachments.div_ceil(LINEAR_ALIASES),
    };
    let unbatched = Count {
        graph: fixed.graph + rounds.iter().sum::<u64>(),
        linear: fixed.linear + linear + created + attachments,
    };
    (batched, unbatched)
}

/// A Planner title without the default cycle prefix `[Cycle: {name}] ` (Linear's title).
fn without_cycle_prefix(title: &str) -> &str {
    title
        .strip_prefix("[Cycle: ")
        .and_then(|rest| rest.split_once("] "))
        .map_or(title, |(_, bare)| bare)
}

fn s(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

fn bench_mixed(h: &Harness, sizes: &Sizes) -> Result<Vec<Row>> {
    let mut world = h.start(Seed::Demo)?;
    let result = mixed_in(h, &mut world, sizes);
    h.stop(world);
    result
}

fn mixed_in(h: &Harness, world: &mut World, sizes: &Sizes) -> Result<Vec<Row>> {
    let reps = sizes.mix_reps;
    // Graph users whose mail matches Linear users, so assignees map both ways.
    let (bob, _carol) = {
        let graph = world.sandbox()?.graph();
        (
            graph.add_user("Bob Berg", Some("Bob.Berg@acme.test"), "bob@acme.test"),
            graph.add_user("Carol Chen", Some("carol@acme.test"), "carol@acme.test"),
        )
    };
    // Enough linked pairs for every kind, each change on its own item.
    for i in 0..(KINDS.len() * reps) {
        world.sandbox()?.graph().create_task(
            DEMO_PLAN,
            json!({"bucketId": "bucket-todo", "title": format!("Bench task {i}")}),
        )?;
    }
    let mapping = h.map(world, DEMO_PLAN, PROJECT)?;
    h.setup_pass(world, true, u32::MAX)?;
    h.setup_pass(world, false, u32::MAX)?;
    let settle = h.setup_pass(world, false, u32::MAX)?;
    if writes(&settle) != 0 {
        return Err(format!(
            "the sandbox does not settle after bootstrap ({} writes on the third pass)",
            writes(&settle)
        )
        .into());
    }

    // Set up as a deployment is (README "Setup"): the people are cached before the passes.
    h.refresh_users(world)?;

    let pairs = live_links(&world.store, mapping)?;
    // A task from the demo seed (it has a checklist) for the checklist probe.
    let checklist_pair = pairs
        .iter()
        .find(|l| l.task_id.0.starts_with("task-demo-"))
        .cloned()
        .ok_or("no linked demo task")?;
    let mut free = pairs.iter().filter(|l| l.id != checklist_pair.id);
    let team_id = seed_id(ids::TEAM_ENG);
    let project_id = world
        .sandbox()?
        .linear()
        .issue(&checklist_pair.issue_id.0)
        .and_then(|i| i.project_id)
        .ok_or("the linked issue has no project")?;

    // The workload: every kind `reps` times, humans editing on both sides.
    let mut made: Vec<Kind> = Vec::new();
    let mut expected_titles: Vec<(bool, String)> = Vec::new(); // (on Linear?, title)
    {
        let sb = world.sandbox()?;
        let graph = sb.graph();
        let linear = sb.linear();
        for r in 0..reps {
            for kind in KINDS {
                let needs_pair = !matches!(kind, Kind::PlannerCreate | Kind::LinearCreate);
                let pair = if needs_pair {
                    Some(free.next().ok_or("not enough linked pairs")?.clone())
                } else {
                    None
                };
                let task_id = pair
                    .as_ref()
                    .map(|p| p.task_id.0.clone())
                    .unwrap_or_default();
                let issue_id = pair
                    .as_ref()
                    .map(|p| p.issue_id.0.clone())
                    .unwrap_or_default();
                let task = graph.task(&task_id).unwrap_or(Value::Null);
                let issue = linear.issue(&issue_id);
                match kind {
                    Kind::PlannerTitle => {
                        let title = format!("{} (edited in Planner {r})", s(&task, "title"));
                        graph.patch_task(&task_id, json!({ "title": title }))?;
                        // Linear's title has no cycle prefix (the default `[Cycle: {name}] `).
                        expected_titles.push((true, without_cycle_prefix(&title).to_string()));
                    }
                    Kind::PlannerBucket => {
                        let target = if s(&task, "bucketId") == "bucket-done" {
                            "To do"
                        } else {
                            "Done"
                        };
                        graph.move_task(&task_id, target)?;
                    }
                    Kind::PlannerPriority => {
                        let p = if task["priority"] == json!(1) { 9 } else { 1 };
                        graph.patch_task(&task_id, json!({ "priority": p }))?;
                    }
                    Kind::PlannerDescription => {
                        graph.patch_details(
                            &task_id,
                            json!({ "description": format!("Rewritten in Planner ({r}).") }),
                        )?;
                    }
                    Kind::PlannerCategory => {
                        let on = task["appliedCategories"]["category6"] == json!(true);
                        graph.patch_task(
                            &task_id,
                            json!({ "appliedCategories": { "category6": !on } }),
                        )?;
                    }
                    Kind::PlannerAssignee => {
                        let mut assignments = serde_json::Map::new();
                        if let Some(current) = task["assignments"].as_object() {
                            for user in current.keys() {
                                assignments.insert(user.clone(), Value::Null);
                            }
                        }
                        assignments.insert(
                            bob.clone(),
                            json!({"@odata.type": "#microsoft.graph.plannerAssignment", "orderHint": " !"}),
                        );
                        graph.patch_task(&task_id, json!({ "assignments": assignments }))?;
                    }
                    Kind::PlannerCreate => {
                        let title = format!("Created in Planner {r}");
                        graph.create_task(
                            DEMO_PLAN,
                            json!({"bucketId": "bucket-doing", "title": title}),
                        )?;
                        expected_titles.push((true, title));
                    }
                    Kind::LinearTitle => {
                        let old = issue.as_ref().map(|i| i.title.clone()).unwrap_or_default();
                        let title = format!("{old} (edited in Linear {r})");
                        linear.set_title(&issue_id, &title)?;
                        expected_titles.push((false, title));
                    }
                    Kind::LinearPriority => {
                        let p = if issue.as_ref().is_some_and(|i| i.priority == 1) {
                            4
                        } else {
                            1
                        };
                        linear.set_priority(&issue_id, p)?;
                    }
                    Kind::LinearDue => {
                        linear.set_due(&issue_id, Some(&format!("2027-01-{:02}", 10 + r)))?;
                    }
                    Kind::LinearState => {
                        let target = if issue.as_ref().is_some_and(|i| i.state == "In Progress") {
                            "Done"
                        } else {
                            "In Progress"
                        };
                        linear.set_state(&issue_id, target)?;
                    }
                    Kind::LinearDescription => {
                        linear.update_issue(
                            &issue_id,
                            IssuePatch {
                                description: Some(Some(format!("Rewritten in Linear ({r})."))),
                                ..IssuePatch::default()
                            },
                        )?;
                    }
                    Kind::LinearLabel => {
                        let has = issue
                            .as_ref()
                            .is_some_and(|i| i.labels.iter().any(|l| l == "Feature"));
                        if has {
                            linear.remove_label(&issue_id, "Feature")?;
                        } else {
                            linear.add_label(&issue_id, "Feature")?;
                        }
                    }
                    Kind::LinearAssignee => {
                        let to_carol = issue
                            .as_ref()
                            .is_none_or(|i| i.assignee.as_deref() != Some("carol@acme.test"));
                        let who = if to_carol {
                            "carol@acme.test"
                        } else {
                            "Bob.Berg@acme.test"
                        };
                        linear.set_assignee(&issue_id, Some(who))?;
                    }
                    Kind::LinearCreate => {
                        let title = format!("Created in Linear {r}");
                        linear.create_issue(IssueDraft {
                            team_id: team_id.clone(),
                            title: title.clone(),
                            description: Some("Filed in Linear by the benchmark.".into()),
                            project_id: Some(project_id.clone()),
                            ..IssueDraft::default()
                        })?;
                        expected_titles.push((false, title));
                    }
                }
                made.push(kind);
            }
        }
    }

    // Measured: the pass that syncs them, then one that sees only the echoes.
    h.set_latency(world, true)?;
    let cx = h.context(world, Some((THROTTLE_CAPACITY, THROTTLE_RATE)))?;
    let before = h.counts(world)?;
    let first = h.pass(world, &cx, false, u32::MAX)?;
    let between = h.counts(world)?;
    let second = h.pass(world, &cx, false, u32::MAX)?;
    let after = h.counts(world)?;
    let used = Count::of(&after).since(Count::of(&before));

    // Did the changes land? Titles are the cheapest complete check of both directions.
    let (graph_titles, linear_titles): (Vec<String>, Vec<String>) = {
        let sb = world.sandbox()?;
        (
            sb.graph()
                .plan_tasks(DEMO_PLAN)
                .iter()
                .map(|t| s(t, "title"))
                .collect(),
            sb.linear().issues().into_iter().map(|i| i.title).collect(),
        )
    };
    let missing: Vec<&String> = expected_titles
        .iter()
        .filter(|(in_planner_first, title)| {
            // A Planner edit must show up in Linear and the other way round; the origin side
            // has it anyway, so check the far side.
            let far: &[String] = if *in_planner_first {
                &linear_titles
            } else {
                &graph_titles
            };
            !far.iter().any(|t| t.contains(title.as_str()))
        })
        .map(|(_, t)| t)
        .collect();

    let (min, unbatched) = minimum(&made, 1, 1, Minimum::Now);
    let (one_query_min, _) = minimum(&made, 1, 1, Minimum::OneQuery);
    let (first_min, _) = minimum(&made, 1, 1, Minimum::First);
    let total = used.graph + used.linear;
    let ratio = total as f64 / (min.graph + min.linear) as f64;
    let one_query_ratio = total as f64 / (one_query_min.graph + one_query_min.linear) as f64;
    let first_ratio = total as f64 / (first_min.graph + first_min.linear) as f64;
    let ratio_unbatched = total as f64 / (unbatched.graph + unbatched.linear) as f64;
    let n = made.len();
    let mut rows = vec![Row {
        name: "requests per change (mixed workload)".into(),
        value: Some(ratio),
        shown: format!("{ratio:.2}×"),
        goal: "≤ 1.10×".into(),
        pass: Some(ratio <= 1.10 && missing.is_empty()),
        detail: format!(
            "{n} changes ({} kinds × {reps}) in 2 passes: {} Graph + {} Linear requests = {:.1}/change; \
             minimum {} + {} (batched) — {ratio_unbatched:.2}× an unbatched minimum of {} + {}; \
             {one_query_ratio:.2}× stop 25's minimum of {} + {} (one changes query, however many issues); \
             {first_ratio:.2}× the first version's minimum of {} + {} (nor reads after details writes); \
             {} of {} title checks missing on the far side",
            KINDS.len(),
            used.graph,
            used.linear,
            total as f64 / n as f64,
            min.graph,
            min.linear,
            unbatched.graph,
            unbatched.linear,
            one_query_min.graph,
            one_query_min.linear,
            first_min.graph,
            first_min.linear,
            missing.len(),
            expected_titles.len()
        ),
        raw: json!({
            "changes": n,
            "kinds": KINDS.iter().map(|k| format!("{k:?}")).collect::<Vec<_>>(),
            "reps": reps,
            "graph": used.graph,
            "linear": used.linear,
            "minimum_batched": {"graph": min.graph, "linear": min.linear},
            "minimum_unbatched": {"graph": unbatched.graph, "linear": unbatched.linear},
            "minimum_one_changes_query": {"graph": one_query_min.graph, "linear": one_query_min.linear},
            "ratio_one_changes_query": one_query_ratio,
            "minimum_without_reads_after_details": {"graph": first_min.graph, "linear": first_min.linear},
            "ratio_without_reads_after_details": first_ratio,
            "ratio_batched": ratio,
            "ratio_unbatched": ratio_unbatched,
            "writes": [writes(&first), writes(&second)],
            "missing_titles": missing,
            "routes": route_diff(&before, &after),
            "routes_first_pass": route_diff(&before, &between),
            "routes_second_pass": route_diff(&between, &after),
        }),
    }];

    // Checklist probe: does a checklist toggle reach Linear (sub-issues), and at what cost?
    let before = h.counts(world)?;
    let linear_before = world.sandbox()?.linear().issues();
    let key = {
        let details = world
            .sandbox()?
            .graph()
            .details(&checklist_pair.task_id.0)
            .unwrap_or(Value::Null);
        details["checklist"]
            .as_object()
            .and_then(|c| c.keys().next().cloned())
            .ok_or("demo task has no checklist")?
    };
    world
        .sandbox()?
        .graph()
        .toggle_checklist(&checklist_pair.task_id.0, &key)?;
    let report = h.pass(world, &cx, false, u32::MAX)?;
    let after = h.counts(world)?;
    let used = Count::of(&after).since(Count::of(&before));
    let linear_after = world.sandbox()?.linear().issues();
    let changed_in_linear = linear_after
        .iter()
        .filter(|a| {
            linear_before
                .iter()
                .find(|b| b.id == a.id)
                .is_none_or(|b| b.updated_at_ms != a.updated_at_ms)
        })
        .count();
    rows.push(Row {
        name: "  checklist change (↔ sub-issue)".into(),
        value: None,
        shown: if changed_in_linear == 0 {
            "not synced".into()
        } else {
            format!("{} req", used.graph + used.linear)
        },
        goal: "1 Linear write".into(),
        pass: Some(changed_in_linear > 0),
        detail: format!(
            "one checklist toggle: {} Graph + {} Linear requests, {} write(s), {changed_in_linear} Linear issue(s) changed \
             (measured on its own, outside the ratio above: the minimum is one sub-issue issueUpdate)",
            used.graph,
            used.linear,
            writes(&report)
        ),
        raw: json!({"graph": used.graph, "linear": used.linear, "linear_issues_changed": changed_in_linear}),
    });
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Row 2: idle pass, 1 and 10 mappings

fn bench_idle(h: &Harness) -> Result<Vec<Row>> {
    let mut world = h.start(Seed::Demo)?;
    let result = idle_in(h, &mut world);
    h.stop(world);
    result
}

fn idle_pass(h: &Harness, world: &mut World) -> Result<(Count, Value)> {
    // Two settling passes, then the measured one with latency and the configured throttle.
    h.setup_pass(world, false, u32::MAX)?;
    h.setup_pass(world, false, u32::MAX)?;
    h.set_latency(world, true)?;
    let cx = h.context(world, Some((THROTTLE_CAPACITY, THROTTLE_RATE)))?;
    let before = h.counts(world)?;
    let report = h.pass(world, &cx, false, u32::MAX)?;
    let after = h.counts(world)?;
    if writes(&report) != 0 {
        return Err(format!("the idle pass wrote {} changes", writes(&report)).into());
    }
    Ok((
        Count::of(&after).since(Count::of(&before)),
        route_diff(&before, &after),
    ))
}

fn idle_in(h: &Harness, world: &mut World) -> Result<Vec<Row>> {
    h.map(world, DEMO_PLAN, PROJECT)?;
    h.setup_pass(world, true, u32::MAX)?;
    let (one, one_routes) = idle_pass(h, world)?;

    // Nine more plans and projects, each with a few tasks.
    for i in 2..=10 {
        let plan = format!("plan-idle-{i}");
        let project = format!("Idle project {i}");
        {
            let sb = world.sandbox()?;
            sb.graph()
                .add_plan("sandbox-group", &plan, &format!("Idle plan {i}"))?;
            let mut todo = String::new();
            for name in ["To do", "In progress", "Done"] {
                let id = sb.graph().add_bucket(&plan, name)?;
                if todo.is_empty() {
                    todo = id;
                }
            }
            for t in 0..3 {
                sb.graph().create_task(
                    &plan,
                    json!({"bucketId": todo, "title": format!("Idle task {i}.{t}")}),
                )?;
            }
            sb.linear().add_project(&project, TEAM)?;
        }
        h.map(world, &plan, &project)?;
    }
    h.setup_pass(world, true, u32::MAX)?;
    let (ten, ten_routes) = idle_pass(h, world)?;

    let row = |name: &str, mappings: u64, c: Count, routes: Value| {
        let per = c.graph as f64 / mappings as f64;
        Row {
            name: name.into(),
            value: Some(per),
            shown: format!("{per:.1} Graph/mapping, {} Linear", c.linear),
            goal: "1 Graph/mapping, ≤ 1 Linear".into(),
            pass: Some(c.graph <= mappings && c.linear <= 1),
            detail: format!(
                "{} Graph + {} Linear requests for {mappings} mapping(s), nothing changed",
                c.graph, c.linear
            ),
            raw: json!({"mappings": mappings, "graph": c.graph, "linear": c.linear, "routes": routes}),
        }
    };
    Ok(vec![
        row("idle pass, 1 mapping", 1, one, one_routes),
        row("idle pass, 10 mappings", 10, ten, ten_routes),
    ])
}

// ---------------------------------------------------------------------------------------------
// Rows 3 and 4: backlog drain and bootstrap, on the large plan

/// A world with `tasks` Planner tasks (with details) in `plan-large` and an empty Linear
/// project, mapped, with at least `linked` of the tasks already linked (by a bootstrap that
/// stopped at its op budget, then resumed: "already linked" as a resumed bootstrap sees it).
fn large_world(h: &Harness, tasks: usize, linked: usize) -> Result<(World, MappingId, usize)> {
    let mut world = h.start(Seed::Large(tasks))?;
    world.sandbox()?.linear().seed_large(0)?;
    let mapping = h.map(&mut world, LARGE_PLAN, PROJECT)?;
    // A created pair costs the bootstrap more than one op (issue, back-reference), so a budget
    // of "what is missing" undershoots: repeat until enough are linked.
    let mut have = 0;
    for _ in 0..40 {
        if have >= linked {
            break;
        }
        let budget = if linked >= tasks {
            u32::MAX
        } else {
            u32::try_from(linked - have).unwrap_or(u32::MAX).max(1)
        };
        h.setup_pass(&mut world, true, budget)?;
        have = live_links(&world.store, mapping)?.len();
    }
    Ok((world, mapping, have))
}

fn bench_drain(h: &Harness, sizes: &Sizes) -> Result<Vec<Row>> {
    let (mut world, mapping, linked) = large_world(h, sizes.drain, sizes.drain)?;
    let result = drain_in(h, &mut world, mapping, linked, sizes);
    h.stop(world);
    result
}

fn drain_in(
    h: &Harness,
    world: &mut World,
    mapping: MappingId,
    linked: usize,
    sizes: &Sizes,
) -> Result<Vec<Row>> {
    if linked < sizes.drain {
        return Err(format!("setup linked only {linked} of {} tasks", sizes.drain).into());
    }
    h.setup_pass(world, false, u32::MAX)?;
    h.setup_pass(world, false, u32::MAX)?;
    // The backlog: a Linear priority change on every linked issue → one Planner write each.
    for link in live_links(&world.store, mapping)?.iter().take(sizes.drain) {
        let linear = world.sandbox()?.linear();
        let p = if linear
            .issue(&link.issue_id.0)
            .is_some_and(|i| i.priority == 1)
        {
            3
        } else {
            1
        };
        linear.set_priority(&link.issue_id.0, p)?;
    }
    h.set_latency(world, true)?;
    let cx = h.context(world, Some((DRAIN_CAPACITY, THROTTLE_RATE)))?;
    let before = h.counts(world)?;
    let started = Instant::now();
    let report = h.pass(world, &cx, false, u32::MAX)?;
    let wall = started.elapsed().as_secs_f64();
    let after = h.counts(world)?;
    let used = Count::of(&after).since(Count::of(&before));
    let rate = used.graph as f64 / wall;
    // The most the bucket lets through in `wall`: its burst plus the refill.
    let ceiling = (f64::from(DRAIN_CAPACITY) + THROTTLE_RATE * wall) / wall;
    let ratio = rate / ceiling;
    let updated: u32 = report.mappings.iter().map(|m| m.updated_tasks).sum();
    Ok(vec![Row {
        name: format!("backlog drain ({} changes)", sizes.drain),
        value: Some(ratio),
        shown: format!("{ratio:.2}"),
        goal: "≥ 0.90".into(),
        pass: Some(ratio >= 0.90 && updated as usize >= sizes.drain),
        detail: format!(
            "{} Graph requests in {wall:.1} s = {rate:.1} req/s vs ceiling {ceiling:.1} req/s \
             (bucket {DRAIN_CAPACITY} + {THROTTLE_RATE}/s, latency {} ms); {updated} tasks updated, {} Linear requests",
            used.graph,
            h.latency.as_millis(),
            used.linear
        ),
        raw: json!({
            "changes": sizes.drain, "wall_s": wall, "graph": used.graph, "linear": used.linear,
            "rate": rate, "ceiling": ceiling, "updated_tasks": updated,
            "routes": route_diff(&before, &after),
        }),
    }])
}

fn bench_bootstrap(h: &Harness, sizes: &Sizes) -> Result<Vec<Row>> {
    let total = sizes.bootstrap_tasks;
    let target = total * 3 / 10;
    let (mut world, mapping, linked) = large_world(h, total, target)?;
    let result = bootstrap_in(h, &mut world, mapping, linked, sizes);
    h.stop(world);
    result
}

/// The hidden first argument that makes the bench a bootstrap child: `--bootstrap-child SPEC`
/// (see [`bootstrap_in`]).
const CHILD_ARG: &str = "--bootstrap-child";

/// What a bootstrap child reports on its last line of stdout.
struct ChildResult {
    wall_s: f64,
    cpu_s: f64,
    vm_hwm_kb: u64,
    vm_rss_start_kb: u64,
    created_issues: u64,
    complete: bool,
}

/// The measured bootstrap, in a child process: the parent keeps the sandbox (and its counters)
/// and this process holds only what the bridge holds, so its peak RSS is the bridge's. It runs
/// the same library-API bootstrap as [`Harness::pass`], with the row's throttle, on the
/// database `SPEC` names, against the sandbox its environment points at, and prints one JSON
/// line: wall time of the bootstrap, VmHWM read at its end, the created issues.
fn run_bootstrap_child(spec_path: &Path) -> Result<()> {
    let vm_rss_start_kb = status_kb("VmRSS:")?;
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(spec_path)?)?;
    let env: EnvMap = serde_json::from_value(spec["env"].clone())?;
    let db = PathBuf::from(spec["db"].as_str().ok_or("child spec: no db")?);
    let cx = context_for(&env, &db, Some((THROTTLE_CAPACITY, THROTTLE_RATE)))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut store = Store::open(&db)?;
    let ports = connect::ports(&cx, &store, None).map_err(cmd)?;
    let options = PassOptions {
        mapping: None,
        max_ops: u32::MAX,
        time_budget: Duration::from_secs(24 * 3600),
        dry_run: false,
    };
    let started = Instant::now();
    let report = rt.block_on(async {
        let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, options);
        engine.bootstrap(&mut store, &NoProgress).await
    })?;
    let wall_s = started.elapsed().as_secs_f64();
    let created: u32 = report.mappings.iter().map(|m| m.created_issues).sum();
    let complete = report.mappings.iter().all(|m| m.complete);
    println!(
        "{}",
        json!({
            "wall_s": wall_s,
            "vm_hwm_kb": status_kb("VmHWM:")?,
            "vm_rss_start_kb": vm_rss_start_kb,
            "cpu_s": process_cpu()?.as_secs_f64(),
            "created_issues": created,
            "complete": complete,
        })
    );
    Ok(())
}

/// Run [`run_bootstrap_child`] in a child process (this executable again) and wait for it.
fn spawn_bootstrap_child(world: &World) -> Result<ChildResult> {
    let spec = world.dir.join("bootstrap-child.json");
    std::fs::write(
        &spec,
        serde_json::to_vec(&json!({"env": world.env, "db": world.db}))?,
    )?;
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg(CHILD_ARG)
        .arg(&spec)
        .stderr(std::process::Stdio::inherit())
        .output()?;
    if !out.status.success() {
        return Err(format!("the bootstrap child failed: {}", out.status).into());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .next_back()
        .ok_or("the bootstrap child printed nothing")?;
    let v: Value = serde_json::from_str(line)?;
    let num = |k: &str| v[k].as_f64().ok_or_else(|| format!("child result: no {k}"));
    Ok(ChildResult {
        wall_s: num("wall_s")?,
        cpu_s: num("cpu_s")?,
        vm_hwm_kb: num("vm_hwm_kb")? as u64,
        vm_rss_start_kb: num("vm_rss_start_kb")? as u64,
        created_issues: num("created_issues")? as u64,
        complete: v["complete"].as_bool().unwrap_or(false),
    })
}

fn bootstrap_in(
    h: &Harness,
    world: &mut World,
    mapping: MappingId,
    linked: usize,
    sizes: &Sizes,
) -> Result<Vec<Row>> {
    let total = sizes.bootstrap_tasks as u64;
    let new = total - linked as u64;
    h.set_latency(world, true)?;
    let rss_before = status_kb("VmRSS:")?;
    let reset = reset_peak_rss();
    let before = h.counts(world)?;
    let started = Instant::now();
    let child = spawn_bootstrap_child(world)?;
    let process_wall = started.elapsed().as_secs_f64();
    let after = h.counts(world)?;
    let sandbox_peak_kb = status_kb("VmHWM:")?;
    let used = Count::of(&after).since(Count::of(&before));
    let now_linked = live_links(&world.store, mapping)?.len() as u64;
    let created = child.created_issues;
    let wall = child.wall_s;

    // Minimum Graph requests (see `Kind`): the cursor's delta round, plan + plan details +
    // buckets, the task listing in pages of 100, every task's details in `$batch`es of 20, and
    // one details PATCH per new link (the back-reference), also batched. The cursor's round is
    // the first of its token, which lists every task of the plan (ids and the three fields
    // `$select` must name, so it cannot replace the listing) in pages like the listing: a
    // deltaLink exists only on its last page, so it costs as many requests as the listing.
    // Linear (not throttled by the bridge): team, the project's issue listing,
    // issueBatchCreate by 50, the created issues' attachments (IssueCreateInput has none) 50
    // per aliased mutation document (see `Kind`), and the sub-issue of each new task's
    // checklist item (the large seed gives every task one) — issueBatchCreate takes
    // `parentId`, so those too go 50 per request, once their parents exist.
    let pages = total.div_ceil(GRAPH_PAGE);
    let min_graph = pages + 3 + pages + total.div_ceil(GRAPH_BATCH) + new.div_ceil(GRAPH_BATCH);
    let min_linear = 1 + 1 + 2 * new.div_ceil(LINEAR_BATCH_CREATE) + new.div_ceil(LINEAR_ALIASES);
    let floor = min_graph as f64 / THROTTLE_RATE;
    let ratio = wall / floor;
    let peak_mb = child.vm_hwm_kb as f64 / 1024.0;
    let sandbox_mb = sandbox_peak_kb as f64 / 1024.0;
    let complete = child.complete && now_linked == total;
    let mut rows = vec![Row {
        name: format!(
            "bootstrap {total} tasks, {:.0} % linked: wall ÷ floor",
            100.0 * linked as f64 / total as f64
        ),
        value: Some(ratio),
        shown: format!("{ratio:.1}×"),
        goal: "≤ 1.20×".into(),
        pass: Some(ratio <= 1.20 && complete),
        detail: format!(
            "{wall:.1} s vs floor {floor:.1} s ({min_graph} Graph requests ÷ {THROTTLE_RATE}/s); used {} Graph + {} Linear \
             (minimum {min_graph} + {min_linear}); {created} issues created, {now_linked}/{total} linked{}",
            used.graph,
            used.linear,
            if complete { "" } else { " — INCOMPLETE" }
        ),
        raw: json!({
            "tasks": total, "linked_before": linked, "created_issues": created, "linked_after": now_linked,
            "wall_s": wall, "child_process_wall_s": process_wall, "child_cpu_s": child.cpu_s,
            "floor_s": floor,
            "graph": used.graph, "linear": used.linear,
            "minimum": {"graph": min_graph, "linear": min_linear},
            "routes": route_diff(&before, &after),
        }),
    }];
    rows.push(Row {
        name: "  bootstrap peak RSS".into(),
        value: Some(peak_mb),
        shown: format!("{peak_mb:.0} MB"),
        goal: "< 100 MB".into(),
        pass: Some(peak_mb < 100.0),
        detail: format!(
            "VmHWM of the bridge alone (a child process running the bootstrap, read at its end; \
             {:.0} MB at its start); the sandbox's process peaked at {sandbox_mb:.0} MB meanwhile \
             (RSS {:.0} MB before; peak {})",
            child.vm_rss_start_kb as f64 / 1024.0,
            rss_before as f64 / 1024.0,
            if reset {
                "reset via /proc/self/clear_refs before it"
            } else {
                "NOT reset: it includes setup"
            }
        ),
        raw: json!({
            "child_vm_hwm_kb": child.vm_hwm_kb, "child_vm_rss_start_kb": child.vm_rss_start_kb,
            "sandbox_vm_hwm_kb": sandbox_peak_kb, "sandbox_vm_rss_before_kb": rss_before,
            "sandbox_peak_reset": reset,
        }),
    });
    Ok(rows)
}

// ---------------------------------------------------------------------------------------------
// Row 5: engine overhead

fn bench_overhead(h: &Harness, sizes: &Sizes) -> Result<Vec<Row>> {
    let (mut world, mapping, linked) = large_world(h, sizes.overhead, sizes.overhead)?;
    let result = overhead_in(h, &mut world, mapping, linked, sizes);
    h.stop(world);
    result
}

fn overhead_in(
    h: &Harness,
    world: &mut World,
    mapping: MappingId,
    linked: usize,
    sizes: &Sizes,
) -> Result<Vec<Row>> {
    if linked < sizes.overhead {
        return Err(format!("setup linked only {linked} of {} tasks", sizes.overhead).into());
    }
    h.setup_pass(world, false, u32::MAX)?;
    h.setup_pass(world, false, u32::MAX)?;
    // Half the changes on each side: Linear priority → Planner, Planner title → Linear.
    for (i, link) in live_links(&world.store, mapping)?
        .iter()
        .take(sizes.overhead)
        .enumerate()
    {
        let sb = world.sandbox()?;
        if i % 2 == 0 {
            let p = if sb
                .linear()
                .issue(&link.issue_id.0)
                .is_some_and(|x| x.priority == 1)
            {
                3
            } else {
                1
            };
            sb.linear().set_priority(&link.issue_id.0, p)?;
        } else {
            let title = format!("Overhead edit {i}");
            sb.graph()
                .patch_task(&link.task_id.0, json!({ "title": title }))?;
        }
    }
    h.set_latency(world, false)?;
    let cx = h.context(world, None)?;
    let cpu_before = thread_cpu()?;
    let started = Instant::now();
    let report = h.pass(world, &cx, false, u32::MAX)?;
    let wall = started.elapsed();
    let cpu = thread_cpu()?.saturating_sub(cpu_before);
    let done = writes(&report);
    let per = cpu.as_secs_f64() * 1e3 / f64::from(done.max(1));
    Ok(vec![Row {
        name: "engine overhead (CPU per change)".into(),
        value: Some(per),
        shown: format!("{per:.2} ms"),
        goal: "≤ 1 ms".into(),
        pass: Some(per <= 1.0 && done as usize >= sizes.overhead),
        detail: format!(
            "{:.0} ms CPU on the engine thread for {done} changes (wall {:.1} s, zero latency, no throttle; \
             includes HTTP client, JSON and SQLite, excludes the sandbox's threads)",
            cpu.as_secs_f64() * 1e3,
            wall.as_secs_f64()
        ),
        raw: json!({"changes": sizes.overhead, "writes": done, "cpu_ms": cpu.as_secs_f64() * 1e3, "wall_s": wall.as_secs_f64()}),
    }])
}

// ---------------------------------------------------------------------------------------------
// Output

fn print_table(rows: &[Row]) {
    let w_name = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let w_val = rows
        .iter()
        .map(|r| r.shown.chars().count())
        .max()
        .unwrap_or(0);
    let w_goal = rows
        .iter()
        .map(|r| r.goal.chars().count())
        .max()
        .unwrap_or(0);
    let pad = |s: &str, w: usize| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    println!(
        "{} | {} | {} | result",
        pad("row", w_name),
        pad("measured", w_val),
        pad("goal", w_goal)
    );
    println!("{}", "-".repeat(w_name + w_val + w_goal + 16));
    for r in rows {
        println!(
            "{} | {} | {} | {}",
            pad(&r.name, w_name),
            pad(&r.shown, w_val),
            pad(&r.goal, w_goal),
            r.verdict()
        );
    }
    println!();
    for r in rows {
        println!("{}: {}", r.name.trim(), r.detail);
    }
}

fn write_json(
    path: &Path,
    args: &Args,
    sizes: &Sizes,
    rows: &[Row],
    elapsed: Duration,
) -> Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default();
    let doc = json!({
        "mode": if args.quick { "quick" } else { "full" },
        "latency_ms": args.latency.as_millis() as u64,
        "sizes": {
            "mixed_reps": sizes.mix_reps,
            "drain_changes": sizes.drain,
            "bootstrap_tasks": sizes.bootstrap_tasks,
            "overhead_changes": sizes.overhead,
        },
        "throttle": {"capacity": THROTTLE_CAPACITY, "refill_per_sec": THROTTLE_RATE},
        "machine": {
            "cpus": std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
            "cpu_model": cpu,
        },
        "elapsed_s": elapsed.as_secs_f64(),
        "rows": rows.iter().map(|r| json!({
            "row": r.name.trim(),
            "value": r.value,
            "measured": r.shown,
            "goal": r.goal,
            "pass": r.pass,
            "detail": r.detail,
            "raw": r.raw,
        })).collect::<Vec<_>>(),
    });
    std::fs::write(path, serde_json::to_string_pretty(&doc)? + "\n")?;
    Ok(())
}

/// `target/bench/results.json` under the workspace (`CARGO_TARGET_DIR` is not used: the path is
/// the one the README points at).
fn results_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/results.json")
}

fn main() -> Result<()> {
    let mut argv = std::env::args().skip(1);
    if argv.next().as_deref() == Some(CHILD_ARG) {
        let spec = argv.next().ok_or("--bootstrap-child needs a spec file")?;
        return run_bootstrap_child(Path::new(&spec));
    }
    let args = parse_args()?;
    let mut sizes = Sizes::new(args.quick);
    if let Some(n) = args.bootstrap_tasks {
        sizes.bootstrap_tasks = n;
    }
    let h = Harness::new(args.latency)?;
    let started = Instant::now();
    let mut rows: Vec<Row> = Vec::new();
    // Benches that could not run: the exit status says so (CI fails on a broken run, never on
    // a number).
    let mut broken: Vec<&str> = Vec::new();
    type Bench<'a> = (&'a str, &'a str, Box<dyn Fn() -> Result<Vec<Row>> + 'a>);
    let benches: Vec<Bench> = vec![
        (
            "requests per change (mixed workload)",
            "≤ 1.10×",
            Box::new(|| bench_mixed(&h, &sizes)),
        ),
        (
            "idle pass",
            "1 Graph/mapping, ≤ 1 Linear",
            Box::new(|| bench_idle(&h)),
        ),
        (
            "backlog drain",
            "≥ 0.90",
            Box::new(|| bench_drain(&h, &sizes)),
        ),
        (
            "bootstrap",
            "≤ 1.20× and < 100 MB",
            Box::new(|| bench_bootstrap(&h, &sizes)),
        ),
        (
            "engine overhead (CPU per change)",
            "≤ 1 ms",
            Box::new(|| bench_overhead(&h, &sizes)),
        ),
    ];
    for (name, goal, run) in benches {
        if args
            .only
            .as_ref()
            .is_some_and(|o| !name.contains(o.as_str()))
        {
            continue;
        }
        let t = Instant::now();
        eprintln!("bench: {name} …");
        match run() {
            Ok(r) => rows.extend(r),
            Err(e) => {
                broken.push(name);
                rows.push(Row::not_measured(
                    name,
                    goal,
                    format!("the run failed: {e}"),
                ));
            }
        }
        eprintln!("bench: {name} done in {:.1} s", t.elapsed().as_secs_f64());
    }
    let elapsed = started.elapsed();
    println!(
        "linear-planner-sync benchmark ({} sizes, latency {} ms, Graph throttle {THROTTLE_CAPACITY} + {THROTTLE_RATE}/s, {:.0} s)\n",
        if args.quick { "quick" } else { "full" },
        args.latency.as_millis(),
        elapsed.as_secs_f64()
    );
    print_table(&rows);
    let path = results_path();
    write_json(&path, &args, &sizes, &rows, elapsed)?;
    println!("\nwritten to {}", path.display());
    if broken.is_empty() {
        Ok(())
    } else {
        Err(format!("these benches did not run: {}", broken.join(", ")).into())
    }
}
