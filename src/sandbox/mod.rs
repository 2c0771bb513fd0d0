//! The embedded sandbox: stateful stand-ins for Microsoft Graph (Planner) and Linear, served by
//! one axum server on loopback, with fault injection and request accounting over every route.
//!
//! The demo, the end-to-end tests and the benchmark start it in-process with
//! [`Sandbox::start`] and point the client at [`Sandbox::env_exports`]. Each stand-in is built
//! from the API facts in `shared/graph` and `shared/linear`, never from our clients' parsing:
//! a fake that shares its client's bugs proves nothing.
//!
//! Layout of the router (see [`build_router`]): API routes first, then one `route_layer` that
//! counts, delays and faults them (it needs `MatchedPath`, which only exists after routing),
//! then the `/_sandbox/...` control routes, which are neither counted nor faulted.

pub mod faults;
pub mod graph;
pub mod kill;
pub mod linear;
pub mod middleware;
pub mod requests;

use std::fmt;
use std::net::SocketAddr;
use std::str::FromStr;
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultKind, Faults, Times};
pub use graph::GraphWorld;
pub use requests::{RequestCounts, RequestLog};

/// Tenant id the sandbox's token endpoint accepts.
pub const SANDBOX_TENANT_ID: &str = "5a4db0c5-0000-4000-8000-00000000a11e";
/// Client (application) id of the sandbox app registration.
pub const SANDBOX_CLIENT_ID: &str = "c1e47000-5a4d-4b0c-8000-000000000001";
/// Client secret of the sandbox app registration (not a secret: loopback only).
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-client-secret";

/// How long [`Sandbox::shutdown`] waits for in-flight requests before aborting the server.
const SHUTDOWN_GRACE_MS: u64 = 3_000;

/// Errors starting the sandbox.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot read the bound address: {0}")]
    LocalAddr(std::io::Error),
}

/// What data the sandbox starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed {
    /// Only the app registration: no users, groups or plans.
    Empty,
    /// One plan (`plan-small`) with 3 buckets and 5 tasks.
    Small,
    /// One group (`sandbox-group`) and plan (`plan-demo`): To do / In progress / Done, 12 tasks
    /// with checklists, categories, assignees and due dates.
    Demo,
    /// One plan (`plan-large`) with N tasks, each with details (benchmark scale).
    Large(usize),
}

/// `Seed::from_str` failed: the accepted forms are listed in the message.
#[derive(Debug, thiserror::Error)]
#[error("unknown seed {0:?}: expected empty, small, demo or large:N")]
pub struct SeedParseError(String);

impl FromStr for Seed {
    type Err = SeedParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        match lower.as_str() {
            "empty" => Ok(Seed::Empty),
            "small" => Ok(Seed::Small),
            "demo" => Ok(Seed::Demo),
            _ => lower
                .strip_prefix("large:")
                .and_then(|n| n.parse::<usize>().ok())
                .map(Seed::Large)
                .ok_or_else(|| SeedParseError(s.to_owned())),
        }
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seed::Empty => f.write_str("empty"),
            Seed::Small => f.write_str("small"),
            Seed::Demo => f.write_str("demo"),
            Seed::Large(n) => write!(f, "large:{n}"),
        }
    }
}

/// How to start the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// Address to bind; port 0 picks a free one.
    pub listen: SocketAddr,
    /// Latency added to every non-`/_sandbox` request (simulates a real network).
    pub latency: Duration,
    /// Initial data.
    pub seed: Seed,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            latency: Duration::ZERO,
            seed: Seed::Empty,
        }
    }
}

/// The stand-ins and the shared machinery, as the router and the accessors see them.
/// A new stand-in is one more field here, seeded in [`Parts::new`] and nested in
/// [`build_router`].
struct Parts {
    graph: GraphWorld,
    linear: linear::LinearWorld,
    faults: Faults,
    requests: RequestLog,
}

impl Parts {
    fn new(base_url: &str, opts: &SandboxOptions) -> Self {
        let faults = Faults::new();
        faults.set_latency(opts.latency);
        let graph = GraphWorld::new(base_url);
        graph.seed(&opts.seed);
        let linear = linear::LinearWorld::new();
        linear.set_public_base(&format!("{base_url}/linear"));
        let linear_seed = match opts.seed {
            Seed::Empty => None,
            Seed::Small => Some(linear::Seed::Small),
            Seed::Demo => Some(linear::Seed::Demo),
            Seed::Large(n) => Some(linear::Seed::Large(n)),
        };
        if let Some(seed) = linear_seed {
            // The built-in seeds are valid by construction; a failure here is a sandbox bug
            // that the sandbox tests catch, and an unseeded world is still usable.
            let _ = linear.seed(seed);
        }
        Self {
            graph,
            linear,
            faults,
            requests: RequestLog::default(),
        }
    }
}

/// A running sandbox. Dropping it stops the server (gracefully, in the background).
pub struct Sandbox {
    base_url: String,
    parts: Parts,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `opts.listen`, seeds the worlds and serves in a tokio task.
    pub async fn start(opts: SandboxOptions) -> Result<Sandbox, SandboxError> {
        let listener = tokio::net::TcpListener::bind(opts.listen)
            .await
            .map_err(|source| SandboxError::Bind {
                addr: opts.listen,
                source,
            })?;
        let addr = listener.local_addr().map_err(SandboxError::LocalAddr)?;
        let base_url = format!("http://{addr}");

        let parts = Parts::new(&base_url, &opts);
        let app = build_router(&parts);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                // A dropped sender also means "stop".
                let _ = rx.await;
            };
            // The server only ends on shutdown; an accept error has nowhere useful to go.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await;
        });
        Ok(Sandbox {
            base_url,
            parts,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The AAD login base: the token endpoint is `{login}/{tenant}/oauth2/v2.0/token`.
    pub fn graph_login_url(&self) -> String {
        format!("{}/login", self.base_url)
    }

    /// The Graph base: routes are `{base}/v1.0/...` and `{base}/beta/...`.
    pub fn graph_base_url(&self) -> String {
        self.base_url.clone()
    }

    /// The Graph world, for seeding and for edits "as a human".
    pub fn graph(&self) -> &GraphWorld {
        &self.parts.graph
    }

    /// The Linear world, for seeding and for edits "as a human".
    pub fn linear(&self) -> &linear::LinearWorld {
        &self.parts.linear
    }

    /// `LINEAR_API_URL` for this sandbox.
    pub fn linear_api_url(&self) -> String {
        format!("{}/linear/graphql", self.base_url)
    }

    /// Fault injection and global latency.
    pub fn faults(&self) -> &Faults {
        &self.parts.faults
    }

    /// A snapshot of the request counters.
    pub fn requests(&self) -> RequestCounts {
        self.parts.requests.snapshot()
    }

    /// Resets the request counters (e.g. after seeding through HTTP).
    pub fn reset_requests(&self) {
        self.parts.requests.reset();
    }

    /// Environment variables that point the CLI at this sandbox.
    pub fn env_exports(&self) -> Vec<(String, String)> {
        vec![
            ("GRAPH_LOGIN_URL".to_owned(), self.graph_login_url()),
            ("GRAPH_BASE_URL".to_owned(), self.graph_base_url()),
            ("GRAPH_TENANT_ID".to_owned(), SANDBOX_TENANT_ID.to_owned()),
            ("GRAPH_CLIENT_ID".to_owned(), SANDBOX_CLIENT_ID.to_owned()),
            (
                "GRAPH_CLIENT_SECRET".to_owned(),
                SANDBOX_CLIENT_SECRET.to_owned(),
            ),
            ("LINEAR_API_URL".to_owned(), self.linear_api_url()),
            (
                "LINEAR_API_KEY".to_owned(),
                linear::SANDBOX_LINEAR_API_KEY.to_owned(),
            ),
            (
                "LINEAR_WEBHOOK_SECRET".to_owned(),
                linear::SANDBOX_WEBHOOK_SECRET.to_owned(),
            ),
        ]
    }

    /// Stops accepting, lets in-flight requests finish (bounded), then returns.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(mut task) = self.task.take() {
            let grace = Duration::from_millis(SHUTDOWN_GRACE_MS);
            if tokio::time::timeout(grace, &mut task).await.is_err() {
                // A request held by a latency fault must not hang the caller's shutdown.
                task.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Assembles the whole server. A stand-in's API router goes before the `route_layer` (so it
/// is counted and faulted), its control router after it.
fn build_router(parts: &Parts) -> Router {
    let Parts {
        graph,
        linear,
        faults,
        requests,
    } = parts;
    let graph_state = graph::GraphState {
        world: graph.clone(),
        faults: faults.clone(),
        requests: requests.clone(),
    };
    let accounting = middleware::MiddlewareState {
        faults: faults.clone(),
        requests: requests.clone(),
    };
    Router::new()
        .merge(graph::router(graph_state))
        .nest("/linear", linear::router(linear.clone()))
        .route_layer(from_fn_with_state(accounting, middleware::middleware))
        .nest("/_sandbox", middleware::control_router(faults, requests))
        .nest("/_sandbox/graph", graph::control::router(graph.clone()))
        .nest("/_sandbox/linear", linear::control_router(linear.clone()))
        .fallback(graph::error::unknown_route)
}
