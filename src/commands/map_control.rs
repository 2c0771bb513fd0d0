//! The sync-control flags shared by `map add` and `map edit` (conflict policy, field
//! directions, filters, surfaced errors), and `map edit` itself.

use std::io::Write;

use clap::Args;

use super::{Context, parse_mapping_id};
use crate::error::{CommandError, Outcome};
use crate::model::control::{ConflictPolicy, SyncControl};
use crate::model::direction::{Direction, SyncField, can_enforce};
use crate::model::filter::parse_day;
use crate::model::ids::MappingId;
use crate::model::state::StateType;
use crate::store::mappings;
use crate::ui::Ui;

/// What syncs and which way; every flag left out keeps the mapping's current setting.
#[derive(Debug, Clone, Default, Args)]
pub struct ControlArgs {
    /// Who wins when both sides changed a field: latest (default), planner-wins, linear-wins
    #[arg(long, value_name = "POLICY", value_parser = ConflictPolicy::parse)]
    pub conflict: Option<ConflictPolicy>,
    /// Which way a field flows, e.g. --direction title=to-linear (repeatable). Fields: title,
    /// description, state, assignee, due, priority, labels, checklist, links, comments,
    /// attachments; directions: both (default), to-linear, to-planner, off
    #[arg(long = "direction", value_name = "FIELD=DIR", value_parser = parse_direction)]
    pub directions: Vec<(SyncField, Direction)>,
    /// Revert changes made on the read-only side of a one-way field (repeatable)
    #[arg(long, value_name = "FIELD", value_parser = SyncField::parse)]
    pub enforce: Vec<SyncField>,
    /// Stop enforcing a field: changes on its read-only side are ignored again (repeatable)
    #[arg(long, value_name = "FIELD", value_parser = SyncField::parse)]
    pub no_enforce: Vec<SyncField>,
    /// Only sync issues with one of these Linear labels (repeatable)
    #[arg(long, value_name = "LABEL")]
    pub include_label: Vec<String>,
    /// Never sync issues with this Linear label (repeatable)
    #[arg(long, value_name = "LABEL")]
    pub exclude_label: Vec<String>,
    /// Only sync issues whose state is of this type: triage, backlog, unstarted, started,
    /// completed, canceled (repeatable)
    #[arg(long, value_name = "TYPE", value_parser = parse_state_type)]
    pub state_type: Vec<StateType>,
    /// Only sync items created on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub created_after: Option<String>,
    /// Only sync tasks in this Planner bucket (repeatable)
    #[arg(long, value_name = "BUCKET")]
    pub only_bucket: Vec<String>,
    /// Only sync tasks with this Planner category, by name (repeatable)
    #[arg(long, value_name = "CATEGORY")]
    pub only_category: Vec<String>,
    /// Drop every filter first (the filter flags given with it make the new filter)
    #[arg(long)]
    pub clear_filter: bool,
    /// Comment on the Linear issue when its change is dead-lettered, and when it recovers
    #[arg(long, value_name = "BOOL")]
    pub surface_errors: Option<bool>,
}

fn parse_direction(text: &str) -> Result<(SyncField, Direction), String> {
    let (field, dir) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FIELD=DIR, e.g. --direction title=to-linear"))?;
    Ok((SyncField::parse(field)?, Direction::parse(dir)?))
}

fn parse_state_type(text: &str) -> Result<StateType, String> {
    StateType::parse(text.trim()).ok_or_else(|| {
        format!(
            "unknown state type `{text}`; use triage, backlog, unstarted, started, completed or canceled"
        )
    })
}

impl ControlArgs {
    /// Apply the flags on top of `control`. Exit 2 when they contradict each other.
    pub fn apply(&self, control: &mut SyncControl) -> Result<(), CommandError> {
        if let Some(policy) = self.conflict {
            control.conflict = policy;
        }
        for (field, dir) in &self.directions {
            control.fields.set(*field, *dir);
        }
        for field in &self.no_enforce {
            control.fields.enforce.remove(field);
        }
        for field in &self.enforce {
            if !can_enforce(*field) {
                return Err(CommandError::usage(format!(
                    "--enforce {} has nothing to put back: {} only flow Linear → Planner and are never read back from Planner",
                    field.as_str(),
                    field.as_str()
                )));
            }
            if !matches!(
                control.fields.get(*field),
                Direction::ToLinear | Direction::ToPlanner
            ) {
                return Err(CommandError::usage(format!(
                    "--enforce {} needs a one-way direction for it, e.g. --direction {}=to-linear",
                    field.as_str(),
                    field.as_str()
                )));
            }
            control.fields.enforce.insert(*field);
        }
        // A field set back to both or off has nothing to enforce.
        let dirs = control.fields.clone();
        control.fields.enforce.retain(|f| dirs.enforced(*f));
        let f = &mut control.filter;
        if self.clear_filter {
            *f = Default::default();
        }
        f.labels_include.extend(self.include_label.iter().cloned());
        f.labels_exclude.extend(self.exclude_label.iter().cloned());
        for t in &self.state_type {
            if !f.state_types.contains(t) {
                f.state_types.push(*t);
            }
        }
        if let Some(day) = &self.created_after {
            f.created_after = Some(day.clone());
        }
        f.buckets.extend(self.only_bucket.iter().cloned());
        f.categories.extend(self.only_category.iter().cloned());
        if let Some(surface) = self.surface_errors {
            control.surface_errors = surface;
        }
        Ok(())
    }
}

/// One line per setting that differs from the default, for `map show` and `map edit`.
pub fn describe(control: &SyncControl) -> Vec<(&'static str, String)> {
    let mut out = vec![("conflicts", control.conflict.as_str().to_string())];
    let dirs: Vec<String> = control
        .fields
        .directions
        .iter()
        .map(|(field, dir)| {
            let enforced = if control.fields.enforced(*field) {
                " (enforced)"
            } else {
                ""
            };
            format!("{} {}{enforced}", field.as_str(), dir.as_str())
        })
        .collect();
    out.push((
        "directions",
        if dirs.is_empty() {
            "every field both ways".into()
        } else {
            dirs.join(", ")
        },
    ));
    let f = &control.filter;
    let mut parts = Vec::new();
    let list =
        |s: &std::collections::BTreeSet<String>| s.iter().cloned().collect::<Vec<_>>().join(", ");
    if !f.labels_include.is_empty() {
        parts.push(format!("labels {}", list(&f.labels_include)));
    }
    if !f.labels_exclude.is_empty() {
        parts.push(format!("not labels {}", list(&f.labels_exclude)));
    }
    if !f.state_types.is_empty() {
        let names: Vec<String> = f
            .state_types
            .iter()
            .map(|t| format!("{t:?}").to_lowercase())
            .collect();
        parts.push(format!("state types {}", names.join(", ")));
    }
    if let Some(day) = &f.created_after {
        parts.push(format!("created on or after {day}"));
    }
    if !f.buckets.is_empty() {
        parts.push(format!("buckets {}", list(&f.buckets)));
    }
    if !f.categories.is_empty() {
        parts.push(format!("categories {}", list(&f.categories)));
    }
    out.push((
        "filter",
        if parts.is_empty() {
            "everything".into()
        } else {
            parts.join("; ")
        },
    ));
    out.push((
        "surface errors",
        if control.surface_errors { "yes" } else { "no" }.into(),
    ));
    out
}

/// Change the sync controls of a mapping (takes effect on the next pass)
#[derive(Debug, Args)]
pub struct MapEditArgs {
    /// Mapping id (see `map list`)
    #[arg(value_parser = parse_mapping_id)]
    id: MappingId,
    #[command(flatten)]
    control: ControlArgs,
}

pub fn cmd_map_edit(ui: &Ui, cx: &Context, args: &MapEditArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let mapping = mappings::get(store.conn(), args.id)?;
    let mut control = mapping.control.clone();
    args.control.apply(&mut control)?;
    mappings::set_control(store.conn(), args.id, &control)?;
    if ui.json() {
        ui.emit_json(&serde_json::json!({"id": args.id, "result": "edited", "control": control}))?;
    } else {
        writeln!(ui.status(), "Mapping {} edited.", args.id)?;
        let fields: Vec<(&str, String)> = describe(&control);
        ui.fields(&fields)?;
    }
    Ok(Outcome::Clean)
}
