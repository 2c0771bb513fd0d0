//! Interactive prompts (dialoguer), drawn on stderr. Each one first checks that it can ask:
//! without a terminal (or under `--json`) it fails with a usage error naming what to pass
//! instead, so a cron job never hangs on a question.

use std::io::Write;

use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};

use super::Ui;
use crate::error::CommandError;

fn prompt_failed(e: dialoguer::Error) -> CommandError {
    CommandError::internal(format!("prompt failed: {e}"))
}

impl Ui {
    /// Whether questions can be asked (stdin and stderr are terminals, no `--json`).
    pub fn can_prompt(&self) -> bool {
        self.interactive
    }

    fn theme(&self) -> Box<dyn Theme> {
        if self.color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        }
    }

    fn need_terminal(&self, prompt: &str, instead: &str) -> Result<(), CommandError> {
        if self.interactive {
            Ok(())
        } else {
            Err(CommandError::usage(format!(
                "cannot ask \"{prompt}\" without a terminal; {instead}"
            )))
        }
    }

    /// Pick one of `items` by typing part of it (fuzzy) or with the arrow keys; returns its
    /// index. A single item is taken without asking (and said so on the status stream).
    pub fn pick(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
        instead: &str,
    ) -> Result<usize, CommandError> {
        if items.len() == 1 {
            writeln!(self.status(), "{prompt}: {} (the only one)", items[0])?;
            return Ok(0);
        }
        self.need_terminal(prompt, instead)?;
        dialoguer::FuzzySelect::with_theme(self.theme().as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default.min(items.len().saturating_sub(1)))
            .interact()
            .map_err(prompt_failed)
    }

    /// Ask yes/no with a default answer (Enter takes it).
    /// A line of text (empty allowed: Enter alone answers `""`).
    pub fn ask_text(&self, prompt: &str, instead: &str) -> Result<String, CommandError> {
        self.need_terminal(prompt, instead)?;
        dialoguer::Input::<String>::with_theme(self.theme().as_ref())
            .with_prompt(prompt)
            .allow_empty(true)
            .interact_text()
            .map_err(prompt_failed)
    }

    pub fn ask_yes_no(
        &self,
        prompt: &str,
        default: bool,
        instead: &str,
    ) -> Result<bool, CommandError> {
        self.need_terminal(prompt, instead)?;
        dialoguer::Confirm::with_theme(self.theme().as_ref())
            .with_prompt(prompt)
            .default(default)
            .interact()
            .map_err(prompt_failed)
    }
}
