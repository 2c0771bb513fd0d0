//! What `sync` and `bootstrap` share: the run lock, the engine's options from flags and
//! config, and printing a pass report.

use std::io::Write;
use std::time::Duration;

use crate::commands::Context;
use crate::engine::pass::PassOptions;
use crate::engine::report::PassReport;
use crate::error::CommandError;
use crate::model::ids::MappingId;
use crate::store::{Store, lock};
use crate::ui::Ui;

/// Take the run lock (exit 4 when a live run holds it; stale locks are taken over) and keep
/// it fresh from a heartbeat thread. Release it with [`release_lock`]; a lock left by a crash
/// is taken over once the pid is gone or its heartbeat is older than the staleness window.
///
/// The lock runs on wall-clock time even when `LPS_NOW` pins the clock of the records: it is
/// about live processes. `LPS_LOCK_STALE_SECS` (tests) shortens the window.
pub fn acquire_lock(store: &mut Store, cx: &Context) -> Result<lock::Heartbeat, CommandError> {
    let stale_secs = match cx.env.get("LPS_LOCK_STALE_SECS") {
        Some(text) => text.parse::<u32>().ok().filter(|s| *s > 0).ok_or_else(|| {
            CommandError::usage(format!(
                "LPS_LOCK_STALE_SECS is not a positive number of seconds: {text:?}"
            ))
        })?,
        None => lock::STALE_AFTER_SECS as u32,
    };
    let now = time::OffsetDateTime::now_utc();
    let pid = i64::from(std::process::id());
    lock::acquire(
        store.conn_mut(),
        pid,
        (&crate::clock::format_ts(now), now.unix_timestamp()),
        i64::from(stale_secs),
        lock::process_alive,
    )?;
    // Four beats per window: one missed beat (a busy database) never makes the lock stale.
    let every = Duration::from_millis(u64::from(stale_secs) * 1000 / 4);
    Ok(lock::Heartbeat::start(store.path(), pid, every))
}

pub fn release_lock(store: &Store, heartbeat: lock::Heartbeat) {
    drop(heartbeat);
    // Failing to release only delays the next run until this pid is gone.
    let _ = lock::release(store.conn(), i64::from(std::process::id()));
}

/// Engine options from the flags, with the config's defaults.
pub fn options(
    cx: &Context,
    mapping: Option<MappingId>,
    max_ops: Option<u32>,
    time_budget_secs: Option<u64>,
    dry_run: bool,
) -> PassOptions {
    PassOptions {
        mapping,
        max_ops: max_ops.unwrap_or(cx.config.sync.max_ops),
        time_budget: Duration::from_secs(
            time_budget_secs.unwrap_or(cx.config.sync.time_budget_secs),
        ),
        dry_run,
    }
}

/// One summary line per mapping (or the report as JSON), warnings on stderr.
pub fn print_report(ui: &Ui, report: &PassReport) -> Result<(), CommandError> {
    if ui.json() {
        ui.emit_json(report)?;
        return Ok(());
    }
    let mut out = ui.stdout();
    for m in &report.mappings {
        if report.dry_run {
            writeln!(
                out,
                "mapping {}: {} planned change(s) (dry run, nothing written)",
                m.mapping,
                m.ops.len()
            )?;
            for op in &m.ops {
                writeln!(out, "  {} {} {}", op.op, op.item, op.fields.join(", "))?;
            }
            continue;
        }
        let mut parts = Vec::new();
        for (n, what) in [
            (m.created_issues, "issue(s) created"),
            (m.created_tasks, "task(s) created"),
            (m.updated_issues, "issue(s) updated"),
            (m.updated_tasks, "task(s) updated"),
            (m.linked, "pair(s) linked"),
            (m.unlinked, "link(s) ended"),
            (m.conflicts, "conflict(s)"),
            (m.dead_lettered, "dead-lettered"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        let summary = if parts.is_empty() {
            "no changes".to_string()
        } else {
            parts.join(", ")
        };
        writeln!(out, "mapping {}: {summary}", m.mapping)?;
    }
    drop(out);
    for m in &report.mappings {
        for warning in &m.warnings {
            ui.warn(&format!("mapping {}: {warning}", m.mapping))?;
        }
        if let Some(why) = &m.stopped {
            ui.warn(&format!("mapping {}: stopped early: {why}", m.mapping))?;
        }
    }
    for alert in &report.alerts {
        ui.warn(&format!("alert: {alert}"))?;
    }
    Ok(())
}
