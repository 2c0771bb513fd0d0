//! `completions`: print a shell completion script generated from the clap definitions.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{CommandError, Outcome};
use crate::ui::Ui;

/// Print a shell completion script (bash, zsh, fish, powershell, elvish)
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for
    pub shell: Shell,
}

pub fn cmd_completions(ui: &Ui, args: &CompletionsArgs) -> Result<Outcome, CommandError> {
    let mut out = ui.stdout();
    clap_complete::generate(
        args.shell,
        &mut Cli::command(),
        "linear-planner-sync",
        &mut out,
    );
    Ok(Outcome::Clean)
}

/// The script for `shell`, as checked in under `completions/`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "linear-planner-sync", &mut buf);
    buf
}
