//! `audit`: read the audit trail, newest first.

use clap::Args;

use super::{Context, or_dash, parse_mapping_id};
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::store::audit::{self, AuditQuery};
use crate::ui::Ui;

/// Show the audit trail (every write, conflict, skip and link change), newest first
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Only this mapping
    #[arg(long, value_parser = parse_mapping_id)]
    mapping: Option<MappingId>,
    /// Only this Planner task id
    #[arg(long, value_name = "PLANNER-ID")]
    task: Option<String>,
    /// Only this Linear issue (id or identifier such as ENG-12)
    #[arg(long, value_name = "LINEAR-ID")]
    issue: Option<String>,
    /// Only entries at or after this time (RFC 3339, e.g. 2026-11-24T00:00:00Z)
    #[arg(long, value_name = "RFC3339", value_parser = parse_since)]
    since: Option<String>,
    /// Only conflicts (both values are shown)
    #[arg(long)]
    conflicts: bool,
    /// At most this many entries
    #[arg(long, default_value_t = 50, value_name = "N")]
    limit: usize,
}

fn parse_since(text: &str) -> Result<String, String> {
    crate::clock::parse_ts(text)
        .map(crate::clock::format_ts)
        .map_err(|e| {
            format!("`{text}` is not an RFC 3339 time ({e}); example: 2026-11-24T00:00:00Z")
        })
}

pub fn cmd_audit(ui: &Ui, cx: &Context, args: &AuditArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let query = AuditQuery {
        mapping: args.mapping,
        task: args.task.clone(),
        issue: args.issue.clone(),
        since: args.since.clone(),
        action: args.conflicts.then(|| "conflict".to_string()),
        limit: args.limit,
    };
    let entries = audit::query(store.conn(), &query)?;
    if ui.json() {
        ui.emit_json(&entries)?;
        return Ok(Outcome::Clean);
    }
    if entries.is_empty() {
        use std::io::Write;
        writeln!(ui.status(), "No audit entries match.")?;
        return Ok(Outcome::Clean);
    }
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let item = match (&e.issue_identifier, &e.task_id) {
                (Some(issue), Some(task)) => format!("{issue} ↔ {task}"),
                (Some(issue), None) => issue.clone(),
                (None, Some(task)) => task.clone(),
                (None, None) => "-".into(),
            };
            let change = match (&e.old_value, &e.new_value) {
                (None, None) => String::new(),
                (old, new) => format!("{} → {}", or_dash(old.as_deref()), or_dash(new.as_deref())),
            };
            vec![
                e.at.clone(),
                e.mapping_id
                    .map(|m| m.to_string())
                    .unwrap_or_else(|| "-".into()),
                e.action.clone(),
                item,
                or_dash(e.field.as_deref()),
                change,
                e.detail.clone().unwrap_or_default(),
            ]
        })
        .collect();
    ui.table(
        &["at", "map", "action", "item", "field", "change", "detail"],
        &rows,
    )?;
    Ok(Outcome::Clean)
}
