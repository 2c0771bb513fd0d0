//! `bootstrap`: full scan of both sides; links what already belongs together and creates the
//! missing counterparts. Safe to run again: nothing is created twice.

use clap::Args;

use super::{Context, parse_mapping_id};
use crate::commands::connect;
use crate::commands::pass::{acquire_lock, options, print_report, release_lock};
use crate::engine::pass::Engine;
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::ui::Ui;

/// Scan both sides fully: link existing pairs, create missing counterparts, store cursors
///
/// Run it once after `map add` (and after a long outage); it is safe to run again.
#[derive(Debug, Args)]
pub struct BootstrapArgs {
    /// Only this mapping
    #[arg(long, value_parser = parse_mapping_id)]
    mapping: Option<MappingId>,
    /// Print what would be linked and created, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Only bring over items created on or after this day (YYYY-MM-DD); kept as the mapping's
    /// created-after filter, so older items stay out on later passes too (not with --dry-run)
    #[arg(long, value_name = "DATE", value_parser = crate::model::filter::parse_day)]
    since: Option<String>,
}

pub fn cmd_bootstrap(ui: &Ui, cx: &Context, args: &BootstrapArgs) -> Result<Outcome, CommandError> {
    let mut store = cx.open_store()?;
    if let (Some(day), false) = (&args.since, args.dry_run) {
        crate::store::mappings::set_created_after(store.conn(), args.mapping, day)?;
    }
    let heartbeat = acquire_lock(&mut store, cx)?;
    let result = cx.runtime()?.block_on(async {
        let ports = connect::ports(cx, &store, None)?;
        // A bootstrap is as long as it needs: the op budget still bounds it if set in config.
        let mut opts = options(
            cx,
            args.mapping,
            Some(u32::MAX),
            Some(u64::MAX / 4),
            args.dry_run,
        );
        opts.max_ops = u32::MAX;
        let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, opts);
        let progress = super::progress::with_requests(ui.progress_sink(), &ports);
        let report = engine.bootstrap(&mut store, &progress).await;
        drop(progress);
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
