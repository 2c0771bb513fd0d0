//! The `linear-planner-sync` binary: parse, dispatch, turn the result into an exit code.
//! Everything else is in the library.

use std::process::ExitCode;

use clap::Parser;

use linear_planner_sync::cli::Cli;
use linear_planner_sync::commands;
use linear_planner_sync::error::ErrorKind;
use linear_planner_sync::ui::{Ui, UiOptions};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ui = Ui::new(UiOptions {
        json: cli.global.json,
        quiet: cli.global.quiet,
        verbose: cli.global.verbose,
        no_progress: cli.global.no_progress,
    });
    let mut hook = color_eyre::config::HookBuilder::default().display_env_section(false);
    if !ui.color() {
        hook = hook.theme(color_eyre::config::Theme::new());
    }
    // Installing can only fail if a hook is already set, which nothing here does.
    let _ = hook.install();
    let env = std::env::vars().collect();
    // A panic is a bug: color-eyre's hook has printed it; the contract says exit 5.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        commands::run(cli, &ui, env)
    }));
    let Ok(result) = result else {
        return ExitCode::from(ErrorKind::Internal.exit_code());
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            ui.error(&err);
            ExitCode::from(err.kind.exit_code())
        }
    }
}
