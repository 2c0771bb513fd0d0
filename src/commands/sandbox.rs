//! `sandbox`: run the embedded Graph + Linear stand-ins in the foreground, so anyone can point
//! the CLI at them and try every command without a tenant or a network.

use std::io::Write;
use std::net::SocketAddr;

use clap::Args;

use crate::error::{CommandError, Outcome};
use crate::sandbox::{Sandbox, SandboxOptions, Seed};
use crate::ui::Ui;

/// Run the embedded sandbox (stand-ins for Microsoft Graph and Linear) until interrupted
///
/// Prints the `export` lines that point the CLI at it; paste them into another shell.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, default_value = "127.0.0.1:0", value_name = "ADDR")]
    listen: SocketAddr,
    /// Initial data: empty, small, demo or large:N (N tasks and issues)
    #[arg(long, default_value = "demo", value_name = "SEED")]
    seed: Seed,
}

pub fn cmd_sandbox(ui: &Ui, args: &SandboxArgs) -> Result<Outcome, CommandError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let options = SandboxOptions {
            listen: args.listen,
            seed: args.seed.clone(),
            ..SandboxOptions::default()
        };
        let sandbox = Sandbox::start(options).await.map_err(|e| {
            CommandError::usage(e.to_string()).with_hint("pick another --listen address")
        })?;
        if ui.json() {
            let exports: serde_json::Map<String, serde_json::Value> = sandbox
                .env_exports()
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect();
            ui.emit_json(&serde_json::json!({ "base_url": sandbox.base_url(), "env": exports }))?;
        } else {
            let mut out = ui.stdout();
            for (key, value) in sandbox.env_exports() {
                writeln!(out, "export {key}={value}")?;
            }
            out.flush()?;
            writeln!(
                ui.status(),
                "Sandbox ({}) listening on {}; Ctrl-C stops it.",
                args.seed,
                sandbox.base_url()
            )?;
        }
        wait_for_stop().await;
        sandbox.shutdown().await;
        Ok(Outcome::Clean)
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
