//! `dlq`: the dead-letter queue of changes that failed after every retry.

use std::io::Write;

use clap::Subcommand;

use super::{Context, or_dash};
use crate::error::{CommandError, Outcome};
use crate::store::dlq;
use crate::ui::Ui;

/// Inspect and drop dead-lettered changes
#[derive(Debug, Subcommand)]
pub enum DlqCommand {
    /// List dead-lettered changes
    List,
    /// Show one dead-lettered change with its error and payload
    Show {
        /// Dead-letter id (see `dlq list`)
        id: i64,
    },
    /// Delete a dead-lettered change without replaying it (the audit keeps the history)
    Drop {
        /// Dead-letter id (see `dlq list`)
        id: i64,
    },
}

pub fn cmd_dlq(ui: &Ui, cx: &Context, cmd: DlqCommand) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    match cmd {
        DlqCommand::List => {
            let all = dlq::list(store.conn())?;
            if ui.json() {
                ui.emit_json(&all)?;
            } else if all.is_empty() {
                writeln!(ui.status(), "The dead-letter queue is empty.")?;
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.to_string(),
                            d.mapping_id
                                .map(|m| m.to_string())
                                .unwrap_or_else(|| "-".into()),
                            d.op_kind.clone(),
                            d.item.clone(),
                            d.attempts.to_string(),
                            d.error_kind.clone(),
                            d.last_attempt_at.clone(),
                        ]
                    })
                    .collect();
                ui.table(
                    &[
                        "id",
                        "map",
                        "op",
                        "item",
                        "attempts",
                        "error",
                        "last attempt",
                    ],
                    &rows,
                )?;
            }
        }
        DlqCommand::Show { id } => {
            let d = dlq::get(store.conn(), id)?;
            if ui.json() {
                ui.emit_json(&d)?;
            } else {
                ui.fields(&[
                    ("id", d.id.to_string()),
                    (
                        "mapping",
                        d.mapping_id
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| "-".into()),
                    ),
                    ("op", d.op_kind.clone()),
                    ("item", d.item.clone()),
                    ("error kind", d.error_kind.clone()),
                    ("error", d.error.clone()),
                    ("request id", or_dash(d.request_id.as_deref())),
                    ("attempts", d.attempts.to_string()),
                    ("first failed", d.created_at.clone()),
                    ("last attempt", d.last_attempt_at.clone()),
                    ("payload", serde_json::to_string(&d.payload)?),
                ])?;
            }
        }
        DlqCommand::Drop { id } => {
            dlq::remove(store.conn(), id)?;
            if ui.json() {
                ui.emit_json(&serde_json::json!({"id": id, "result": "dropped"}))?;
            } else {
                writeln!(ui.status(), "Dropped dead letter {id}.")?;
            }
        }
    }
    Ok(Outcome::Clean)
}
