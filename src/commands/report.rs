//! `report`: workload per assignee across every mapped plan and completion per plan, from the
//! last-synced state in the database (no requests: it shows what the bridge knows).

use std::collections::BTreeMap;

use clap::Args;
use serde::Serialize;

use super::Context;
use crate::error::{CommandError, Outcome};
use crate::model::ticket::Shadow;
use crate::store::{links, mappings};
use crate::ui::Ui;

/// Workload per assignee across plans and completion per plan, from the synced state
#[derive(Debug, Args)]
pub struct ReportArgs {}

#[derive(Debug, Default, Serialize)]
struct PlanLine {
    mapping: i64,
    plan: String,
    project: String,
    tasks: u32,
    done: u32,
    in_progress: u32,
    completion_percent: u32,
}

#[derive(Debug, Default, Serialize)]
struct PersonLine {
    assignee: String,
    open: u32,
    in_progress: u32,
    done: u32,
    plans: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    plans: Vec<PlanLine>,
    assignees: Vec<PersonLine>,
}

pub fn cmd_report(ui: &Ui, cx: &Context, _args: &ReportArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let mut plans = Vec::new();
    let mut people: BTreeMap<String, PersonLine> = BTreeMap::new();
    for m in mappings::list(store.conn())? {
        let mut line = PlanLine {
            mapping: m.id.0,
            plan: m.planner_plan_title.clone(),
            project: m.linear_project_name.clone(),
            ..PlanLine::default()
        };
        for (_, shadow) in links::live_with_shadows::<Shadow>(store.conn(), m.id)? {
            let face = &shadow.planner;
            line.tasks += 1;
            let (done, started) = (face.percent >= 100, face.percent > 0 && face.percent < 100);
            line.done += u32::from(done);
            line.in_progress += u32::from(started);
            let who = face
                .assignee
                .clone()
                .unwrap_or_else(|| "(unassigned)".into());
            let person = people.entry(who.clone()).or_insert_with(|| PersonLine {
                assignee: who,
                ..PersonLine::default()
            });
            person.done += u32::from(done);
            person.in_progress += u32::from(started);
            person.open += u32::from(!done);
            if !person.plans.contains(&m.planner_plan_title) {
                person.plans.push(m.planner_plan_title.clone());
            }
        }
        line.completion_percent = (line.done * 100).checked_div(line.tasks).unwrap_or(0);
        plans.push(line);
    }
    let mut assignees: Vec<PersonLine> = people.into_values().collect();
    assignees.sort_by(|a, b| b.open.cmp(&a.open).then(a.assignee.cmp(&b.assignee)));
    let report = Report { plans, assignees };
    if ui.json() {
        ui.emit_json(&report)?;
        return Ok(Outcome::Clean);
    }
    let rows: Vec<Vec<String>> = report
        .plans
        .iter()
        .map(|p| {
            vec![
                p.mapping.to_string(),
                format!("{} ↔ {}", p.project, p.plan),
                p.tasks.to_string(),
                p.in_progress.to_string(),
                p.done.to_string(),
                format!("{}%", p.completion_percent),
            ]
        })
        .collect();
    ui.table(
        &["map", "plan", "tasks", "in progress", "done", "complete"],
        &rows,
    )?;
    {
        use std::io::Write;
        writeln!(ui.stdout())?;
    }
    let rows: Vec<Vec<String>> = report
        .assignees
        .iter()
        .map(|p| {
            vec![
                p.assignee.clone(),
                p.open.to_string(),
                p.in_progress.to_string(),
                p.done.to_string(),
                p.plans.join(", "),
            ]
        })
        .collect();
    ui.table(&["assignee", "open", "in progress", "done", "plans"], &rows)?;
    Ok(Outcome::Clean)
}
