//! Building the two ports from the config: the Graph client (with its token cached in the
//! state database) and the Linear client, each behind the engine's port.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::commands::Context;
use crate::error::CommandError;
use crate::graph::port::PlannerAdapter;
use crate::graph::token_store::SqliteTokenCache;
use crate::graph::{GraphClient, GraphOptions};
use crate::linear::port::LinearAdapter;
use crate::linear::{LinearClient, LinearOptions};
use crate::store::Store;

/// Both sides of a run.
pub struct Ports {
    pub planner: PlannerAdapter,
    pub linear: LinearAdapter,
}

/// Connect to both services. `budget` bounds how long retries may wait (the pass's time
/// budget); `None` means no bound beyond the retry attempts.
pub fn ports(cx: &Context, store: &Store, budget: Option<Duration>) -> Result<Ports, CommandError> {
    cx.config.require(&[
        "GRAPH_TENANT_ID",
        "GRAPH_CLIENT_ID",
        "GRAPH_CLIENT_SECRET",
        "LINEAR_API_KEY",
    ])?;
    let cache = SqliteTokenCache::open(store.path())?;
    let mut graph = GraphOptions::from_config(&cx.config, Arc::new(cache))?;
    graph.deadline = budget.map(|b| tokio::time::Instant::now() + b);
    let client = GraphClient::new(graph).map_err(|e| CommandError::internal(e.to_string()))?;
    let planner = PlannerAdapter::from_config(&cx.config, client, BTreeMap::new());
    let mut options = LinearOptions::from_config(&cx.config)?;
    options.time_budget = budget.unwrap_or(Duration::from_secs(24 * 3600));
    let linear = LinearAdapter::new(
        LinearClient::new(options).map_err(|e| CommandError::usage(e.to_string()))?,
    );
    Ok(Ports { planner, linear })
}
