//! `doctor`: check what a run needs, one ✔/✘ line per check with the fix.
//!
//! Offline: the config, each secret, the database (opens, schema version, `integrity_check`)
//! and the run lock. Then, unless `--offline`, the network checks of `doctor_net.rs`: the
//! Graph token request, each application permission, the Linear key and the clock skew.
//! Exit 0 when every line is ✔, 1 when any is ✘, 2 when the config cannot be loaded.

use clap::Args;
use serde::Serialize;

use super::{Context, doctor_net};
use crate::cli::GlobalArgs;
use crate::config::{EnvMap, SECRET_VARS};
use crate::error::{CommandError, Outcome};
use crate::store::{lock, mappings, migrations::MIGRATIONS};
use crate::ui::Ui;

/// Check config, credentials, permissions, clock, database and lock, with each fix
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Skip the checks that call Microsoft Graph and Linear (token, permissions, key, clock)
    #[arg(long)]
    pub offline: bool,
}

/// One ✔/✘ line: what was checked, what was found, and the fix when it failed.
#[derive(Debug, Serialize)]
pub(super) struct Check {
    pub name: String,
    pub ok: bool,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Check {
    pub fn ok(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            ok: true,
            detail: detail.into(),
            fix: None,
        }
    }
    pub fn fail(
        name: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name: name.into(),
            ok: false,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

pub fn cmd_doctor(
    ui: &Ui,
    global: &GlobalArgs,
    env: EnvMap,
    args: &DoctorArgs,
) -> Result<Outcome, CommandError> {
    let mut checks = Vec::new();
    let cx = match Context::load(global, env) {
        Ok(cx) => cx,
        Err(err) => {
            checks.push(Check::fail(
                "config",
                err.chain().join(": "),
                err.hints.join("; "),
            ));
            report(ui, &checks)?;
            return Err(err);
        }
    };
    let source = match &cx.config.source {
        Some(path) => format!("loaded {}", path.display()),
        None => "no config file; using built-in defaults".into(),
    };
    checks.push(Check::ok("config", source));
    for var in SECRET_VARS {
        checks.push(if cx.config.has(var) {
            Check::ok(var, "set")
        } else if var == "LINEAR_WEBHOOK_SECRET" {
            Check::ok(var, "not set (needed only by `webhook`)")
        } else {
            Check::fail(
                var,
                "not set",
                format!("export {var}=… or {var}_FILE=<path to a 0600 file>"),
            )
        });
    }
    let mut mapped = Vec::new();
    match cx.open_store() {
        Err(err) => checks.push(Check::fail(
            "database",
            format!("{}: {}", cx.db_path.display(), err.chain().join(": ")),
            err.hints.join("; "),
        )),
        Ok(store) => {
            let version = store.user_version().unwrap_or(-1);
            checks.push(Check::ok(
                "database",
                format!(
                    "{} (schema {version} of {})",
                    cx.db_path.display(),
                    MIGRATIONS.len()
                ),
            ));
            checks.push(match store.integrity_problems() {
                Ok(problems) if problems.is_empty() => Check::ok("database integrity", "ok"),
                Ok(problems) => Check::fail(
                    "database integrity",
                    problems.join("; "),
                    "restore the database from a backup, or move it aside and run `bootstrap` again",
                ),
                Err(err) => Check::fail("database integrity", err.to_string(), "move the database aside"),
            });
            checks.push(match lock::holder(store.conn())? {
                None => Check::ok("run lock", "free"),
                Some((pid, since, heartbeat)) if lock::process_alive(pid) => {
                    Check::ok("run lock", format!("held by running pid {pid} since {since} (heartbeat {heartbeat})"))
                }
                Some((pid, since, _)) => Check::ok(
                    "run lock",
                    format!("left by pid {pid} (since {since}), which is gone; the next run takes it over"),
                ),
            });
            match mappings::list(store.conn()) {
                Ok(list) => mapped = list,
                Err(err) => checks.push(Check::fail(
                    "mappings",
                    err.to_string(),
                    "move the database aside and run `map add` again",
                )),
            }
        }
    }
    if !args.offline {
        checks.extend(doctor_net::network_checks(&cx, &mapped));
    }
    report(ui, &checks)?;
    Ok(if checks.iter().all(|c| c.ok) {
        Outcome::Clean
    } else {
        Outcome::Partial
    })
}

fn report(ui: &Ui, checks: &[Check]) -> Result<(), CommandError> {
    if ui.json() {
        let ok = checks.iter().all(|c| c.ok);
        ui.emit_json(&serde_json::json!({ "ok": ok, "checks": checks }))?;
        return Ok(());
    }
    for check in checks {
        let detail = match &check.fix {
            Some(fix) if !fix.is_empty() => format!("{} — fix: {fix}", check.detail),
            _ => check.detail.clone(),
        };
        ui.check(check.ok, &check.name, &detail)?;
    }
    Ok(())
}
