//! What a pass leaves for `status --format prometheus`: per mapping, the ops it applied and
//! the conflicts, dead letters and filtered items it met (counters); for the installation, the
//! requests sent by API and the waits for their rate limits (counters) and Linear's remaining budget from the rate-limit headers of
//! the last response (gauges).

use crate::commands::connect::Ports;
use crate::engine::report::PassReport;
use crate::error::CommandError;
use crate::store::Store;
use crate::store::metrics::{self, GLOBAL};

/// Add this pass to the stored counters and refresh the rate-budget gauges.
pub fn record_pass(
    store: &Store,
    report: &PassReport,
    ports: &Ports,
    now: &str,
) -> Result<(), CommandError> {
    let conn = store.conn();
    for m in &report.mappings {
        let scope = metrics::scope(m.mapping);
        for (name, n) in [
            ("ops_applied", m.writes()),
            ("conflicts", m.conflicts),
            ("dead_lettered", m.dead_lettered),
            ("filtered", m.filtered),
        ] {
            metrics::add(conn, scope, name, f64::from(n), now)?;
        }
    }
    let graph = ports.planner.client().stats().total();
    let linear: u64 = ports.linear.client().request_counts().values().sum();
    metrics::add(conn, GLOBAL, "requests_graph", graph as f64, now)?;
    metrics::add(conn, GLOBAL, "requests_linear", linear as f64, now)?;
    let throttled = [
        (
            "throttled_waits_graph",
            ports.planner.client().throttled_waits(),
        ),
        (
            "throttled_waits_linear",
            ports.linear.client().throttled_waits(),
        ),
    ];
    for (name, n) in throttled {
        metrics::add(conn, GLOBAL, name, n as f64, now)?;
    }
    if report.linear_poll_skipped.is_some() {
        metrics::add(conn, GLOBAL, "linear_polls_skipped", 1.0, now)?;
    }
    let rate = ports.linear.client().rate();
    for (name, value) in [
        ("linear_requests_limit", rate.requests_limit),
        ("linear_requests_remaining", rate.requests_remaining),
        ("linear_complexity_limit", rate.complexity_limit),
        ("linear_complexity_remaining", rate.complexity_remaining),
    ] {
        if let Some(v) = value {
            metrics::set(conn, GLOBAL, name, v as f64, now)?;
        }
    }
    Ok(())
}
