//! `map`: the Linear project ↔ Planner plan mappings stored in the database.

use clap::Subcommand;
use serde::Serialize;

use super::{Context, or_dash, parse_mapping_id};
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::store::links;
use crate::store::mappings::{self, BucketStatePair, Mapping, MappingState};
use crate::ui::Ui;

/// Manage project ↔ plan mappings
#[derive(Debug, Subcommand)]
pub enum MapCommand {
    Add(Box<crate::commands::map_add::MapAddArgs>),
    Edit(Box<crate::commands::map_control::MapEditArgs>),
    /// List every mapping with its state
    List,
    /// Show one mapping with its bucket ↔ state pairs
    Show {
        /// Mapping id (see `map list`)
        #[arg(value_parser = parse_mapping_id)]
        id: MappingId,
    },
    /// Delete a mapping with its links and cursors (nothing is deleted in Planner or Linear)
    Remove {
        #[arg(value_parser = parse_mapping_id)]
        id: MappingId,
        /// Do not ask for confirmation (needed without a terminal)
        #[arg(long)]
        yes: bool,
    },
    /// Resume a disabled or paused mapping
    Enable {
        #[arg(value_parser = parse_mapping_id)]
        id: MappingId,
    },
    /// Stop syncing a mapping until `map enable`
    Disable {
        #[arg(value_parser = parse_mapping_id)]
        id: MappingId,
    },
}

#[derive(Serialize)]
struct MappingView<'a> {
    #[serde(flatten)]
    mapping: &'a Mapping,
    live_links: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pairs: Option<&'a [BucketStatePair]>,
}

pub fn cmd_map(ui: &Ui, cx: &Context, cmd: MapCommand) -> Result<Outcome, CommandError> {
    if let MapCommand::Add(args) = &cmd {
        return crate::commands::map_add::cmd_map_add(ui, cx, args);
    }
    if let MapCommand::Edit(args) = &cmd {
        return crate::commands::map_control::cmd_map_edit(ui, cx, args);
    }
    let store = cx.open_store()?;
    match cmd {
        MapCommand::Add(_) | MapCommand::Edit(_) => {
            return Err(CommandError::internal("map add/edit dispatched twice"));
        }
        MapCommand::List => {
            let all = mappings::list(store.conn())?;
            let mut views = Vec::with_capacity(all.len());
            for mapping in &all {
                views.push(MappingView {
                    mapping,
                    live_links: links::count_live(store.conn(), mapping.id)?,
                    pairs: None,
                });
            }
            if ui.json() {
                ui.emit_json(&views)?;
            } else if views.is_empty() {
                use std::io::Write;
                writeln!(ui.status(), "No mappings yet.")?;
            } else {
                let rows: Vec<Vec<String>> = views
                    .iter()
                    .map(|v| {
                        let m = v.mapping;
                        vec![
                            m.id.to_string(),
                            m.state.as_str().to_string(),
                            m.linear_team_key.clone(),
                            m.linear_project_name.clone(),
                            m.planner_plan_title.clone(),
                            v.live_links.to_string(),
                            or_dash(m.last_success_at.as_deref()),
                        ]
                    })
                    .collect();
                ui.table(
                    &[
                        "id",
                        "state",
                        "team",
                        "project",
                        "plan",
                        "links",
                        "last success",
                    ],
                    &rows,
                )?;
            }
        }
        MapCommand::Show { id } => {
            let mapping = mappings::get(store.conn(), id)?;
            let pairs = mappings::pairs(store.conn(), id)?;
            let live_links = links::count_live(store.conn(), id)?;
            if ui.json() {
                ui.emit_json(&MappingView {
                    mapping: &mapping,
                    live_links,
                    pairs: Some(&pairs),
                })?;
            } else {
                let mut fields = vec![
                    ("id", mapping.id.to_string()),
                    ("state", mapping.state.as_str().to_string()),
                    (
                        "linear team",
                        format!("{} ({})", mapping.linear_team_key, mapping.linear_team_id),
                    ),
                    (
                        "linear project",
                        format!(
                            "{} ({})",
                            mapping.linear_project_name, mapping.linear_project_id
                        ),
                    ),
                    (
                        "planner plan",
                        format!(
                            "{} ({})",
                            mapping.planner_plan_title, mapping.planner_plan_id
                        ),
                    ),
                    (
                        "planner group",
                        or_dash(mapping.planner_group_id.as_deref()),
                    ),
                    ("created", mapping.created_at.clone()),
                    ("last run", or_dash(mapping.last_run_at.as_deref())),
                    ("last success", or_dash(mapping.last_success_at.as_deref())),
                    ("live links", live_links.to_string()),
                ];
                if let Some(reason) = &mapping.paused_reason {
                    fields.insert(2, ("paused because", reason.clone()));
                }
                fields.extend(crate::commands::map_control::describe(&mapping.control));
                ui.fields(&fields)?;
                if !pairs.is_empty() {
                    use std::io::Write;
                    writeln!(ui.stdout())?;
                    let rows: Vec<Vec<String>> = pairs
                        .iter()
                        .map(|p| {
                            let way = match p.direction {
                                mappings::PairDirection::Both => "both",
                                mappings::PairDirection::ToLinear => "default → Linear",
                                mappings::PairDirection::ToPlanner => "default → Planner",
                            };
                            vec![p.bucket_name.clone(), p.state_name.clone(), way.to_string()]
                        })
                        .collect();
                    ui.table(&["bucket", "state", "used"], &rows)?;
                }
            }
        }
        MapCommand::Remove { id, yes } => {
            let mapping = mappings::get(store.conn(), id)?;
            let prompt = format!(
                "Remove mapping {id} ({} ↔ {}) and its links? Nothing is deleted in Planner or Linear",
                mapping.linear_project_name, mapping.planner_plan_title
            );
            if !yes && !ui.confirm(&prompt, "--yes")? {
                return Err(CommandError::usage(
                    "not removed: the confirmation was declined",
                ));
            }
            let tx = store.transaction()?;
            mappings::remove(&tx, id)?;
            tx.commit().map_err(crate::store::StoreError::from)?;
            report_change(ui, id, "removed")?;
        }
        MapCommand::Enable { id } => {
            mappings::set_state(store.conn(), id, MappingState::Ok, None)?;
            report_change(ui, id, "enabled")?;
        }
        MapCommand::Disable { id } => {
            mappings::set_state(store.conn(), id, MappingState::Disabled, None)?;
            report_change(ui, id, "disabled")?;
        }
    }
    Ok(Outcome::Clean)
}

fn report_change(ui: &Ui, id: MappingId, what: &str) -> Result<(), CommandError> {
    if ui.json() {
        ui.emit_json(&serde_json::json!({ "id": id, "result": what }))?;
    } else {
        use std::io::Write;
        writeln!(ui.status(), "Mapping {id} {what}.")?;
    }
    Ok(())
}
