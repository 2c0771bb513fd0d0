//! `push`: read one ticket (JSON) on stdin and create its Linear issue and Planner task,
//! linked. Parsing and checks are `model::intake`; the writes are `engine::push`.

use std::io::{Read, Write};

use clap::Args;

use super::{Context, parse_mapping_id};
use crate::commands::connect;
use crate::commands::pass::{acquire_lock, options, release_lock};
use crate::engine::pass::Engine;
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::model::intake::{IntakeLimits, parse};
use crate::ui::Ui;

/// Create a linked Linear issue and Planner task from a ticket (JSON on stdin)
///
/// The ticket: {"title": …, "description": …, "priority": "urgent|high|medium|low|none" or 0–4,
/// "assignee": "<email>", "due": "YYYY-MM-DD", "labels": […], "checklist": ["…" or {"title",
/// "checked"}], "links": ["<url>" or {"url", "title"}], "external_id": "…"}; only the title is
/// required. With an external_id, pushing the same ticket again creates nothing and prints
/// the existing pair. The checklist becomes Planner checklist items; links become Planner
/// references and Linear link attachments.
#[derive(Debug, Args)]
pub struct PushArgs {
    /// The mapping to push into (see `map list`)
    #[arg(long, value_parser = parse_mapping_id)]
    mapping: MappingId,
}

pub fn cmd_push(ui: &Ui, cx: &Context, args: &PushArgs) -> Result<Outcome, CommandError> {
    let mut input = String::new();
    std::io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| CommandError::usage(format!("cannot read the ticket from stdin: {e}")))?;
    let limits = IntakeLimits {
        max_checklist_items: cx.config.graph.max_checklist_items as usize,
        max_references: cx.config.graph.max_references as usize,
    };
    let ticket = parse(&input, limits).map_err(|e| {
        CommandError::usage(format!("the ticket on stdin is invalid: {e}"))
            .with_hint("`linear-planner-sync push --help` shows the fields")
    })?;
    let mut store = cx.open_store()?;
    let heartbeat = acquire_lock(&mut store, cx)?;
    let result = cx.runtime()?.block_on(async {
        let opts = options(cx, Some(args.mapping), None, None, false);
        let ports = connect::ports(cx, &store, Some(opts.time_budget))?;
        let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, opts);
        Ok::<_, CommandError>(engine.push(&mut store, args.mapping, &ticket).await?)
    });
    release_lock(&store, heartbeat);
    let outcome = result?;
    for warning in &outcome.warnings {
        ui.warn(warning)?;
    }
    if ui.json() {
        ui.emit_json(&outcome)?;
    } else {
        let verb = if outcome.created {
            "created"
        } else {
            "already pushed"
        };
        writeln!(
            ui.stdout(),
            "{verb}: {} {} ↔ Planner task {} {}",
            outcome.issue_identifier,
            outcome.issue_url,
            outcome.task_id,
            outcome.task_url
        )?;
        if outcome.created && (outcome.checklist_items > 0 || outcome.links > 0) {
            writeln!(
                ui.status(),
                "{} checklist item(s) and {} link(s) written.",
                outcome.checklist_items,
                outcome.links
            )?;
        }
    }
    Ok(Outcome::Clean)
}
