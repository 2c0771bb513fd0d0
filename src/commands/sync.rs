//! `sync`: one bounded pass over every enabled mapping.

use clap::Args;

use super::{Context, parse_mapping_id};
use crate::commands::connect;
use crate::commands::pass::{acquire_lock, options, print_report, release_lock};
use crate::engine::pass::Engine;
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::ui::Ui;

/// Run one bounded sync pass (run it from cron every minute)
///
/// Reads Planner's delta and Linear's changes since the last pass, merges each pair against
/// its last-synced state, writes the changes both ways and records everything in the audit.
/// Stops taking new changes at --max-ops or --time-budget; the rest waits for the next pass.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Only this mapping
    #[arg(long, value_parser = parse_mapping_id)]
    mapping: Option<MappingId>,
    /// Stop taking new changes after this many writes [default: sync.max_ops]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    max_ops: Option<u32>,
    /// Stop taking new changes after this many seconds [default: sync.time_budget_secs]
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64)
        .range(1..=crate::config::MAX_TIME_BUDGET_SECS))]
    time_budget: Option<u64>,
    /// Print the planned changes and write nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn cmd_sync(ui: &Ui, cx: &Context, args: &SyncArgs) -> Result<Outcome, CommandError> {
    let mut store = cx.open_store()?;
    let heartbeat = acquire_lock(&mut store, cx)?;
    let result = cx.runtime()?.block_on(async {
        let opts = options(
            cx,
            args.mapping,
            args.max_ops,
            args.time_budget,
            args.dry_run,
        );
        let ports = connect::ports(cx, &store, Some(opts.time_budget))?;
        let progress = super::progress::with_requests(ui.progress_sink(), &ports);
        let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, opts)
            .with_progress(&progress);
        let report = engine.run_pass(&mut store).await;
        super::alerts_out::deliver(ui, cx, &store).await;
        let report = report?;
        crate::commands::metrics::record_pass(&store, &report, &ports, &cx.now())?;
        Ok::<_, CommandError>(report)
    });
    release_lock(&store, heartbeat);
    let report = result?;
    print_report(ui, &report)?;
    Ok(report.outcome())
}
