//! The command line: global options and one subcommand per file under `commands/`.
//!
//! Only commands that work are listed. The clap definitions here also generate the checked-in
//! completion scripts (`completions/`), so a flag added here shows up there after
//! `completions` is re-run (a test fails while they are stale).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{
    audit, bootstrap, completions, demo, dlq, doctor, map_wizard, push, report, sandbox, status,
    sync, users, webhook,
};

/// Keep Microsoft Planner and Linear in sync, both ways.
///
/// Each run does one bounded pass and exits; run `sync` from cron every minute for continuous
/// sync. Secrets come from the environment: GRAPH_TENANT_ID, GRAPH_CLIENT_ID,
/// GRAPH_CLIENT_SECRET, LINEAR_API_KEY, LINEAR_WEBHOOK_SECRET (or <NAME>_FILE naming a 0600 file).
#[derive(Debug, Parser)]
#[command(name = "linear-planner-sync", version, max_term_width = 100)]
#[command(
    after_help = "Exit codes: 0 ok · 1 finished with dead-lettered changes, alerts or unhealthy \
mappings · 2 usage, config or input error · 3 authentication or permission failure · 4 another \
run holds the lock · 5 internal error"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Config file [default: ./linear-planner-sync.toml, then $XDG_CONFIG_HOME/linear-planner-sync/config.toml]
    #[arg(
        long,
        global = true,
        env = "LPS_CONFIG",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub config: Option<PathBuf>,
    /// State database [default: `state` of the config file, else $XDG_DATA_HOME/linear-planner-sync/state.db]
    #[arg(
        long,
        global = true,
        env = "LPS_DB",
        value_name = "PATH",
        hide_env_values = true
    )]
    pub db: Option<PathBuf>,
    /// Print one machine-readable JSON document on stdout
    #[arg(long, global = true)]
    pub json: bool,
    /// Print only results and errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more about what is done (repeat for more)
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Never show progress bars
    #[arg(long, global = true)]
    pub no_progress: bool,
}

// Parsed once per run: the size of the largest variant costs nothing worth boxing for.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    Demo(demo::DemoArgs),
    Map(map_wizard::MapArgs),
    Bootstrap(bootstrap::BootstrapArgs),
    Sync(sync::SyncArgs),
    Push(push::PushArgs),
    #[command(subcommand)]
    Users(users::UsersCommand),
    Audit(audit::AuditArgs),
    #[command(subcommand)]
    Dlq(dlq::DlqCommand),
    Status(status::StatusArgs),
    Report(report::ReportArgs),
    #[command(subcommand)]
    Webhook(webhook::WebhookCommand),
    Doctor(doctor::DoctorArgs),
    Sandbox(sandbox::SandboxArgs),
    Completions(completions::CompletionsArgs),
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
