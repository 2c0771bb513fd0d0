//! All printing: results on stdout (a table, or one JSON document under `--json`), everything
//! else (what was done, warnings, hints, errors) on stderr, silenced by `--quiet`.
//!
//! Decisions about the terminal are made once here: without a TTY there are no colours, no
//! progress bars and no prompts (a prompt that cannot be asked fails with a usage error that
//! names the flag to pass instead). Nothing else in the crate calls `println!`.

pub mod prompt;

use std::io::{self, IsTerminal, Write};

use serde::Serialize;

use crate::error::CommandError;

/// How output should look, from the global flags.
#[derive(Debug, Clone, Copy, Default)]
pub struct UiOptions {
    pub json: bool,
    pub quiet: bool,
    pub verbose: u8,
    pub no_progress: bool,
}

pub struct Ui {
    options: UiOptions,
    stdout: io::Stdout,
    stderr: io::Stderr,
    color: bool,
    interactive: bool,
}

/// A sink for the status stream: stderr, or nothing under `--quiet`.
pub enum Status<'a> {
    Stderr(io::StderrLock<'a>),
    Sink,
}

impl Write for Status<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Status::Stderr(err) => err.write(buf),
            Status::Sink => Ok(buf.len()),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Status::Stderr(err) => err.flush(),
            Status::Sink => Ok(()),
        }
    }
}

impl Ui {
    pub fn new(options: UiOptions) -> Ui {
        let stderr_tty = io::stderr().is_terminal();
        let color = stderr_tty && std::env::var_os("NO_COLOR").is_none();
        let interactive = stderr_tty && io::stdin().is_terminal() && !options.json;
        Ui {
            options,
            stdout: io::stdout(),
            stderr: io::stderr(),
            color,
            interactive,
        }
    }

    pub fn json(&self) -> bool {
        self.options.json
    }

    pub fn verbose(&self) -> u8 {
        self.options.verbose
    }

    /// Progress bars are shown only on a terminal, and never with `--json`, `--quiet` or
    /// `--no-progress`.
    pub fn show_progress(&self) -> bool {
        self.interactive && !self.options.quiet && !self.options.no_progress
    }

    /// The result stream.
    pub fn stdout(&self) -> io::StdoutLock<'_> {
        self.stdout.lock()
    }

    /// The status stream (stderr; nothing under `--quiet`).
    pub fn status(&self) -> Status<'_> {
        if self.options.quiet {
            Status::Sink
        } else {
            Status::Stderr(self.stderr.lock())
        }
    }

    /// Write one JSON document (pretty, newline-terminated) to stdout.
    pub fn emit_json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let mut out = self.stdout();
        // `From` keeps an I/O error as it was, so a closed pipe is still recognised upstream.
        serde_json::to_writer_pretty(&mut out, value).map_err(io::Error::from)?;
        writeln!(out)?;
        out.flush()
    }

    /// Write a plain table to stdout: a header row, then one line per row, columns aligned.
    pub fn table(&self, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
        let mut table = comfy_table::Table::new();
        table
            .load_style(comfy_table::presets::NOTHING)
            .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
            .set_header(header.iter().map(|h| h.to_uppercase()));
        for row in rows {
            table.add_row(row);
        }
        for column in table.column_iter_mut() {
            column.set_padding((0, 2));
        }
        let mut out = self.stdout();
        for line in table.lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        out.flush()
    }

    /// `key: value` lines on stdout, keys aligned.
    pub fn fields(&self, pairs: &[(&str, String)]) -> io::Result<()> {
        let width = pairs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        let mut out = self.stdout();
        for (key, value) in pairs {
            writeln!(
                out,
                "{key:<width$}  {value}",
                key = format!("{key}:"),
                width = width + 1
            )?;
        }
        out.flush()
    }

    /// A ✔/✘ check line on stdout (doctor).
    pub fn check(&self, ok: bool, what: &str, detail: &str) -> io::Result<()> {
        let mark = match (ok, self.color) {
            (true, true) => console::style("✔").green().to_string(),
            (false, true) => console::style("✘").red().to_string(),
            (true, false) => "✔".to_string(),
            (false, false) => "✘".to_string(),
        };
        let mut out = self.stdout();
        if detail.is_empty() {
            writeln!(out, "{mark} {what}")?;
        } else {
            writeln!(out, "{mark} {what}: {detail}")?;
        }
        out.flush()
    }

    pub fn warn(&self, message: &str) -> io::Result<()> {
        let label = if self.color {
            console::style("Warning:").yellow().bold().to_string()
        } else {
            "Warning:".into()
        };
        writeln!(self.status(), "{label} {message}")
    }

    /// Ask yes/no on a terminal; without one, fail naming `flag` (e.g. `--yes`).
    pub fn confirm(&self, prompt: &str, flag: &str) -> Result<bool, CommandError> {
        if !self.interactive {
            return Err(CommandError::usage(format!(
                "cannot ask \"{prompt}\" without a terminal; pass {flag} to confirm"
            )));
        }
        dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact()
            .map_err(|e| CommandError::internal(format!("prompt failed: {e}")))
    }

    /// Print a failed command: one JSON document on stdout under `--json`, else the message
    /// chain and hints on stderr (printed even under `--quiet`: errors are never silenced).
    pub fn error(&self, err: &CommandError) {
        if self.options.json {
            let chain = err.chain();
            let doc = serde_json::json!({
                "error": {
                    "kind": err.kind.as_str(),
                    "message": chain.join(": "),
                    "hints": err.hints,
                }
            });
            // Nothing sensible is left to do if stdout is gone as well.
            let _ = self.emit_json(&doc);
            return;
        }
        let mut chain = err.chain();
        let mut stderr = self.stderr.lock();
        if err.kind == crate::error::ErrorKind::Internal {
            // A bug: the full color-eyre report (with a backtrace when RUST_BACKTRACE is set).
            let innermost = chain.pop().unwrap_or_default();
            let mut report = color_eyre::eyre::eyre!("{innermost}");
            for outer in chain.into_iter().rev() {
                report = report.wrap_err(outer);
            }
            for hint in &err.hints {
                report = color_eyre::Section::suggestion(report, hint.clone());
            }
            let _ = writeln!(stderr, "Error: {report:?}");
            return;
        }
        let label = |text: &str| {
            if self.color {
                console::style(text).red().bold().to_string()
            } else {
                text.to_string()
            }
        };
        let _ = writeln!(stderr, "{} {}", label("Error:"), chain.remove(0));
        for cause in chain {
            let _ = writeln!(stderr, "Caused by: {cause}");
        }
        for hint in &err.hints {
            let _ = writeln!(stderr, "Hint: {hint}");
        }
    }

    /// A progress display for the engine: a bar on a terminal, nothing otherwise.
    pub fn progress_sink(&self) -> ProgressSink {
        let bar = if self.show_progress() {
            let bar = indicatif::ProgressBar::new(0);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{msg} [{bar:30}] {pos}/{len} items, {per_sec}, eta {eta}{prefix}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar
        } else {
            indicatif::ProgressBar::hidden()
        };
        ProgressSink {
            bar,
            requests: None,
        }
    }

    /// Whether colours are used (installs the matching color-eyre theme).
    pub fn color(&self) -> bool {
        self.color
    }
}

/// The engine's progress, drawn with indicatif (hidden without a terminal).
pub struct ProgressSink {
    bar: indicatif::ProgressBar,
    /// Requests sent so far (both services), shown beside the items when set.
    requests: Option<Box<dyn Fn() -> u64 + Send + Sync>>,
}

impl ProgressSink {
    /// Also show how many requests were sent, as counted by `count`.
    pub fn with_requests(mut self, count: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.requests = Some(Box::new(count));
        self
    }

    fn show_requests(&self) {
        if let Some(count) = &self.requests {
            self.bar.set_prefix(format!(", {} requests", count()));
        }
    }
}

impl Drop for ProgressSink {
    fn drop(&mut self) {
        // A pass that fails half-way leaves no half-drawn bar behind.
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

impl crate::engine::bootstrap::Progress for ProgressSink {
    fn start(&self, mapping: &crate::store::mappings::Mapping, items: u64) {
        self.bar.set_message(format!("mapping {}", mapping.id));
        self.bar.set_length(items);
        self.bar.set_position(0);
        self.show_requests();
    }
    fn advance(&self, n: u64) {
        self.bar.inc(n);
        self.show_requests();
    }
    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
