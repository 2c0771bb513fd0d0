//! `map add`: validate a new mapping against both sides, show it, confirm, store it.

use std::io::Write;

use clap::Args;

use super::Context;
use crate::commands::connect;
use crate::engine::setup::{MappingRequest, apply_mapping, plan_mapping};
use crate::error::{CommandError, Outcome};
use crate::store::mappings::PairDirection;
use crate::ui::Ui;

/// Map a Linear project to a Planner plan (checks both sides first)
#[derive(Debug, Args)]
pub struct MapAddArgs {
    /// Linear project id or name
    #[arg(long)]
    project: String,
    /// Linear team key, e.g. ENG
    #[arg(long)]
    team: String,
    /// Planner plan id
    #[arg(long)]
    plan: String,
    /// Pair a bucket with a workflow state, e.g. --bucket "In progress=In Progress" (repeatable);
    /// other buckets and states get defaults by name, then by state type
    #[arg(long = "bucket", value_name = "NAME=STATE", value_parser = parse_pair)]
    buckets: Vec<(String, String)>,
    /// Create missing buckets: those named in --bucket, and one per state without a bucket
    #[arg(long)]
    create_buckets: bool,
    /// Store the mapping without asking (needed without a terminal)
    #[arg(long)]
    yes: bool,
    #[command(flatten)]
    control: crate::commands::map_control::ControlArgs,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((bucket, state)) if !bucket.trim().is_empty() && !state.trim().is_empty() => {
            Ok((bucket.trim().to_string(), state.trim().to_string()))
        }
        _ => Err(format!(
            "`{text}` is not NAME=STATE, e.g. --bucket \"In progress=In Progress\""
        )),
    }
}

pub fn cmd_map_add(ui: &Ui, cx: &Context, args: &MapAddArgs) -> Result<Outcome, CommandError> {
    let mut store = cx.open_store()?;
    let mut control = crate::model::control::SyncControl::default();
    args.control.apply(&mut control)?;
    cx.runtime()?.block_on(async {
        let ports = connect::ports(cx, &store, None)?;
        let request = MappingRequest {
            project: args.project.clone(),
            team_key: args.team.clone(),
            plan_id: args.plan.clone(),
            buckets: args.buckets.clone(),
            create_buckets: args.create_buckets,
        };
        let plan = plan_mapping(&ports.planner, &ports.linear, &store, &request).await?;
        if !ui.json() {
            let mut out = ui.status();
            writeln!(
                out,
                "Mapping Linear project {:?} (team {}) ↔ Planner plan {:?}",
                plan.project.name, plan.team.key, plan.plan.title
            )?;
            for name in &plan.new_buckets {
                writeln!(out, "  new bucket: {name}")?;
            }
            for (bucket, state, direction) in &plan.pairs {
                let way = match direction {
                    PairDirection::Both => "↔",
                    PairDirection::ToLinear => "→",
                    PairDirection::ToPlanner => "←",
                };
                writeln!(out, "  {bucket} {way} {state}")?;
            }
        }
        if !args.yes && !ui.confirm("Store this mapping?", "--yes")? {
            return Err(CommandError::usage(
                "not stored: the confirmation was declined",
            ));
        }
        let id = apply_mapping(&ports.planner, &mut store, &plan, &cx.now()).await?;
        if control != crate::model::control::SyncControl::default() {
            crate::store::mappings::set_control(store.conn(), id, &control)?;
        }
        if ui.json() {
            ui.emit_json(&serde_json::json!({"id": id, "result": "added"}))?;
        } else {
            writeln!(
                ui.status(),
                "Mapping {id} added. Next: `linear-planner-sync bootstrap --mapping {id}`."
            )?;
        }
        Ok(Outcome::Clean)
    })
}
