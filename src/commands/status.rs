//! `status`: per-mapping health from the database, for humans and for monitoring (exit 1 when
//! any mapping is unhealthy).

use clap::Args;
use serde::Serialize;

use super::{Context, or_dash};
use crate::clock::{human_age, parse_ts};
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::store::alerts::{self, Alert};
use crate::store::cursors::{self, Side};
use crate::store::mappings::{self, MappingState};
use crate::store::{Store, dlq, links, queue};
use crate::ui::Ui;

/// Show the health of every mapping (exit 1 when one needs attention)
#[derive(Debug, Args)]
pub struct StatusArgs {}

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

pub fn cmd_status(ui: &Ui, cx: &Context, _args: &StatusArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let report = build(&store, cx)?;
    if ui.json() {
        ui.emit_json(&report)?;
    } else {
        print(ui, &report)?;
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
