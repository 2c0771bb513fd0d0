//! `status`: per-mapping health from the database, for humans and for monitoring (exit 1 when
//! any mapping is unhealthy).

use clap::Args;
use serde::Serialize;

use super::{Context, or_dash};
use crate::clock::{human_age, parse_ts};
use crate::commands::status_prom::{MappingGauges, render};
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::store::alerts::{self, Alert};
use crate::store::cursors::{self, Side};
use crate::store::mappings::{self, MappingState};
use crate::store::metrics::{GLOBAL, Metric};
use crate::store::{Store, dlq, links, queue};
use crate::ui::Ui;

/// Show the health of every mapping (exit 1 when one needs attention)
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// `prometheus`: the gauges and counters in the Prometheus text format, for a
    /// node_exporter textfile collector (always exit 0: the health is in the values)
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<StatusFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum StatusFormat {
    Prometheus,
}

#[derive(Debug, Serialize)]
struct MappingStatus {
    id: MappingId,
    state: MappingState,
    healthy: bool,
    problems: Vec<String>,
    team: String,
    project: String,
    plan: String,
    last_run_at: Option<String>,
    last_success_at: Option<String>,
    last_success_age_secs: Option<i64>,
    planner_cursor_age_secs: Option<i64>,
    linear_cursor_age_secs: Option<i64>,
    dlq_depth: i64,
    open_alerts: Vec<Alert>,
    linked_tasks: i64,
    plan_task_limit: u32,
}

#[derive(Debug, Serialize)]
struct StatusReport {
    healthy: bool,
    queue_depth: i64,
    alerts: Vec<Alert>,
    mappings: Vec<MappingStatus>,
}

pub fn cmd_status(ui: &Ui, cx: &Context, args: &StatusArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let report = build(&store, cx)?;
    let stored = crate::store::metrics::all(store.conn())?;
    if args.format == Some(StatusFormat::Prometheus) {
        let gauges: Vec<MappingGauges> = report
            .mappings
            .iter()
            .map(|m| MappingGauges {
                id: m.id.0,
                project: m.project.clone(),
                plan: m.plan.clone(),
                healthy: m.healthy,
                enabled: m.state == MappingState::Ok,
                last_success_unix: m
                    .last_success_at
                    .as_deref()
                    .and_then(|t| parse_ts(t).ok())
                    .map(|t| t.unix_timestamp()),
                dlq_depth: m.dlq_depth,
                linked_tasks: m.linked_tasks,
            })
            .collect();
        let text = render(&gauges, report.queue_depth, &stored);
        use std::io::Write;
        ui.stdout().write_all(text.as_bytes())?;
        return Ok(Outcome::Clean);
    }
    if ui.json() {
        ui.emit_json(&report)?;
    } else {
        print(ui, &report)?;
        print_budget(ui, &stored)?;
    }
    Ok(if report.healthy {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}

fn build(store: &Store, cx: &Context) -> Result<StatusReport, CommandError> {
    let now = cx.clock.now();
    let age = |at: Option<&str>| {
        at.and_then(|t| parse_ts(t).ok())
            .map(|t| (now - t).whole_seconds())
    };
    let conn = store.conn();
    let mut out = Vec::new();
    for m in mappings::list(conn)? {
        let open_alerts = alerts::open(conn, Some(m.id))?;
        let dlq_depth = dlq::depth(conn, Some(m.id))?;
        let planner = cursors::get(conn, m.id, Side::Planner)?;
        let linear = cursors::get(conn, m.id, Side::Linear)?;
        let mut problems = Vec::new();
        if m.state == MappingState::Paused {
            problems.push(format!(
                "paused: {}",
                m.paused_reason.as_deref().unwrap_or("no reason recorded")
            ));
        }
        if m.state == MappingState::Ok
            && m.last_run_at.is_some()
            && m.last_run_at > m.last_success_at
        {
            problems.push("the last run failed".into());
        }
        if dlq_depth > 0 {
            problems.push(format!(
                "{dlq_depth} dead-lettered change(s): see `dlq list`"
            ));
        }
        problems.extend(
            open_alerts
                .iter()
                .map(|a| format!("alert {}: {}", a.condition, a.message)),
        );
        out.push(MappingStatus {
            id: m.id,
            state: m.state,
            healthy: problems.is_empty(),
            problems,
            team: m.linear_team_key.clone(),
            project: m.linear_project_name.clone(),
            plan: m.planner_plan_title.clone(),
            last_success_age_secs: age(m.last_success_at.as_deref()),
            last_run_at: m.last_run_at,
            last_success_at: m.last_success_at,
            planner_cursor_age_secs: age(planner.as_ref().map(|c| c.updated_at.as_str())),
            linear_cursor_age_secs: age(linear.as_ref().map(|c| c.updated_at.as_str())),
            dlq_depth,
            open_alerts,
            linked_tasks: links::count_live(conn, m.id)?,
            plan_task_limit: cx.config.graph.plan_task_limit,
        });
    }
    let global: Vec<Alert> = alerts::open(conn, None)?
        .into_iter()
        .filter(|a| a.mapping_id.is_none())
        .collect();
    Ok(StatusReport {
        healthy: global.is_empty() && out.iter().all(|m| m.healthy),
        queue_depth: queue::depth(conn)?,
        alerts: global,
        mappings: out,
    })
}

fn print(ui: &Ui, report: &StatusReport) -> Result<(), CommandError> {
    use std::io::Write;
    let ago =
        |secs: Option<i64>| secs.map(|s| format!("{} ago", human_age(time::Duration::seconds(s))));
    if report.mappings.is_empty() {
        writeln!(ui.status(), "No mappings yet.")?;
    } else {
        let rows: Vec<Vec<String>> = report
            .mappings
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string(),
                    if m.healthy {
                        m.state.as_str().to_string()
                    } else {
                        format!("{} (!)", m.state.as_str())
                    },
                    format!("{} ↔ {}", m.project, m.plan),
                    or_dash(ago(m.last_success_age_secs).as_deref()),
                    or_dash(ago(m.planner_cursor_age_secs).as_deref()),
                    or_dash(ago(m.linear_cursor_age_secs).as_deref()),
                    m.dlq_depth.to_string(),
                    m.open_alerts.len().to_string(),
                    format!("{}/{}", m.linked_tasks, m.plan_task_limit),
                ]
            })
            .collect();
        ui.table(
            &[
                "id",
                "state",
                "mapping",
                "last success",
                "planner read",
                "linear read",
                "dlq",
                "alerts",
                "capacity",
            ],
            &rows,
        )?;
    }
    let mut out = ui.stdout();
    writeln!(
        out,
        "queue: {} pending webhook event(s)",
        report.queue_depth
    )?;
    for alert in &report.alerts {
        writeln!(
            out,
            "alert {}: {} (since {})",
            alert.condition, alert.message, alert.raised_at
        )?;
    }
    for m in report.mappings.iter().filter(|m| !m.healthy) {
        for problem in &m.problems {
            writeln!(out, "mapping {}: {problem}", m.id)?;
        }
    }
    Ok(())
}

/// Linear's remaining budget as the last response's rate-limit headers told it.
fn print_budget(ui: &Ui, stored: &[Metric]) -> Result<(), CommandError> {
    use std::io::Write;
    let get = |name: &str| stored.iter().find(|m| m.scope == GLOBAL && m.name == name);
    if let Some(left) = get("linear_requests_remaining") {
        let limit = get("linear_requests_limit")
            .map(|m| format!(" of {}", m.value))
            .unwrap_or_default();
        let complexity = get("linear_complexity_remaining")
            .map(|m| format!(", {} complexity points", m.value))
            .unwrap_or_default();
        writeln!(
            ui.stdout(),
            "linear budget: {} requests{limit} left this hour{complexity} (as of {})",
            left.value,
            left.updated_at
        )?;
    }
    Ok(())
}
