//! `dlq`: the dead-letter queue of changes that failed after every retry. `retry` replays
//! against the current state (see `engine::retry`), under the run lock; `drop` records who
//! dropped what in the audit (`$USER`, else "unknown").

use std::io::Write;

use clap::Subcommand;

use super::{Context, or_dash};
use crate::commands::connect;
use crate::commands::pass::{acquire_lock, options, release_lock};
use crate::engine::pass::Engine;
use crate::engine::retry::RetryResult;
use crate::error::{CommandError, Outcome};
use crate::store::{Store, audit, dlq};
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
    /// Replay dead-lettered changes against the current state (merge again, not a blind replay)
    ///
    /// A replay that succeeds removes the dead letter; one that fails keeps it with the
    /// attempt counted. Exit 1 when any failed again.
    Retry {
        /// Dead-letter id (see `dlq list`)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        id: Option<i64>,
        /// Every dead letter
        #[arg(long)]
        all: bool,
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
        DlqCommand::Retry { id, all } => return retry(ui, cx, store, id, all),
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
            let letter = dlq::get(store.conn(), id)?;
            let who = cx
                .env
                .get("USER")
                .filter(|u| !u.is_empty())
                .map_or("unknown", String::as_str);
            let entry = audit::AuditEntry {
                id: 0,
                at: String::new(),
                mapping_id: letter.mapping_id,
                task_id: None,
                issue_id: None,
                issue_identifier: None,
                action: "dlq_drop".into(),
                field: None,
                old_value: None,
                new_value: None,
                detail: Some(format!(
                    "dlq {id} {} {} ({}) dropped by {who}",
                    letter.op_kind, letter.item, letter.error_kind
                )),
            };
            let tx = store.transaction()?;
            dlq::remove(&tx, id)?;
            audit::append(&tx, &entry, &crate::clock::format_ts(cx.clock.now()))?;
            tx.commit().map_err(crate::store::StoreError::from)?;
            if ui.json() {
                ui.emit_json(&serde_json::json!({"id": id, "result": "dropped"}))?;
            } else {
                writeln!(ui.status(), "Dropped dead letter {id}.")?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// `dlq retry <id|--all>`: replay each dead letter; exit 1 when any failed again.
fn retry(
    ui: &Ui,
    cx: &Context,
    mut store: Store,
    id: Option<i64>,
    all: bool,
) -> Result<Outcome, CommandError> {
    let letters = match (id, all) {
        (Some(id), _) => vec![dlq::get(store.conn(), id)?],
        (None, true) => dlq::list(store.conn())?,
        (None, false) => return Err(CommandError::usage("give a dead-letter id or --all")),
    };
    let heartbeat = acquire_lock(&mut store, cx)?;
    let result = cx.runtime()?.block_on(async {
        let opts = options(cx, None, None, None, false);
        let ports = connect::ports(cx, &store, Some(opts.time_budget))?;
        let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, opts);
        let mut results = Vec::new();
        for letter in &letters {
            let (result, _) = engine.retry_dead_letter(&mut store, letter).await?;
            results.push((letter.id, result));
        }
        Ok::<_, CommandError>(results)
    });
    release_lock(&store, heartbeat);
    let results = result?;
    let failed = results
        .iter()
        .any(|(_, r)| matches!(r, RetryResult::Failed(_)));
    if ui.json() {
        let rows: Vec<serde_json::Value> = results
            .iter()
            .map(|(id, r)| match r {
                RetryResult::Applied => serde_json::json!({"id": id, "result": "applied"}),
                RetryResult::Obsolete(why) => {
                    serde_json::json!({"id": id, "result": "obsolete", "detail": why})
                }
                RetryResult::Failed(why) => {
                    serde_json::json!({"id": id, "result": "failed", "detail": why})
                }
            })
            .collect();
        ui.emit_json(&rows)?;
    } else if results.is_empty() {
        writeln!(ui.status(), "The dead-letter queue is empty.")?;
    } else {
        for (id, r) in &results {
            match r {
                RetryResult::Applied => writeln!(ui.status(), "Dead letter {id}: applied.")?,
                RetryResult::Obsolete(why) => writeln!(
                    ui.status(),
                    "Dead letter {id}: nothing left to apply ({why})."
                )?,
                RetryResult::Failed(why) => {
                    ui.warn(&format!("dead letter {id} failed again: {why}"))?
                }
            }
        }
    }
    Ok(if failed {
        Outcome::Partial
    } else {
        Outcome::Clean
    })
}
