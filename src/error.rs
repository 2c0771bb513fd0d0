//! Error kinds and exit codes: the one place where library errors become a user-facing verdict.
//!
//! Modules return precise `thiserror` types (`ConfigError`, `StoreError`, …). Only this file
//! decides which [`ErrorKind`] each one is and which hint goes with it, so the exit-code contract
//! of design.md §3 (0 ok · 1 partial · 2 usage/config/input · 3 auth · 4 locked · 5 internal)
//! lives in one screen. Dead-lettered changes are not errors: they travel as [`Outcome::Partial`].

use crate::config::ConfigError;
use crate::store::StoreError;

/// What went wrong, as far as a script calling us cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags or input on the command line or stdin.
    Usage,
    /// Bad configuration file, environment or database file.
    Config,
    /// Credentials rejected or a permission missing; the mapping is paused.
    Auth,
    /// Another run holds the database lock; nothing was done.
    Locked,
    /// A bug or an impossible state.
    Internal,
}

impl ErrorKind {
    /// The process exit code of this kind (design.md §3).
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage | ErrorKind::Config => 2,
            ErrorKind::Auth => 3,
            ErrorKind::Locked => 4,
            ErrorKind::Internal => 5,
        }
    }

    /// The stable name used in `--json` error documents.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage",
            ErrorKind::Config => "config",
            ErrorKind::Auth => "auth",
            ErrorKind::Locked => "locked",
            ErrorKind::Internal => "internal",
        }
    }
}

/// How a command that did not fail finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// Everything done.
    #[default]
    Clean,
    /// Finished, but something needs a human: dead-lettered changes, open alerts or an
    /// unhealthy mapping (`status`).
    Partial,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Partial => 1,
        }
    }
}

/// An error on its way out of a command: a kind for the exit code, the message chain and
/// hints that name the next thing to do.
#[derive(Debug)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub error: Box<dyn std::error::Error + Send + Sync + 'static>,
    pub hints: Vec<String>,
}

impl CommandError {
    pub fn new(
        kind: ErrorKind,
        error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>,
    ) -> Self {
        CommandError {
            kind,
            error: error.into(),
            hints: Vec::new(),
        }
    }

    /// A usage error with a plain message, e.g. a missing flag without a TTY.
    pub fn usage(message: impl Into<String>) -> Self {
        CommandError::new(ErrorKind::Usage, message.into())
    }

    pub fn internal(message: impl Into<String>) -> Self {
        CommandError::new(ErrorKind::Internal, message.into())
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// The error and its causes, outermost first.
    pub fn chain(&self) -> Vec<String> {
        let mut out = vec![self.error.to_string()];
        let mut source = self.error.source();
        while let Some(err) = source {
            out.push(err.to_string());
            source = err.source();
        }
        out
    }

    /// True when the failure is only a closed stdout (`… | head -1`): the command should stop
    /// quietly with the status its work earned, as ripgrep does.
    pub fn is_broken_pipe(&self) -> bool {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(self.error.as_ref());
        while let Some(err) = source {
            if let Some(io) = err.downcast_ref::<std::io::Error>()
                && io.kind() == std::io::ErrorKind::BrokenPipe
            {
                return true;
            }
            source = err.source();
        }
        false
    }
}

impl From<ConfigError> for CommandError {
    fn from(err: ConfigError) -> Self {
        let hint = err.hint();
        let mut out = CommandError::new(ErrorKind::Config, err);
        if let Some(hint) = hint {
            out.hints.push(hint);
        }
        out
    }
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        use crate::store::StoreError as E;
        let (kind, hint) = match &err {
            E::NewerSchema { .. } => (
                ErrorKind::Config,
                Some("upgrade linear-planner-sync, or point --db at another file".to_string()),
            ),
            E::NotADatabase { path, .. } => (
                ErrorKind::Config,
                Some(format!(
                    "the file was left untouched; move {} aside or pass --db <path> to use another database",
                    path.display()
                )),
            ),
            E::Open { .. } => (
                ErrorKind::Config,
                Some("check that the directory exists and is writable, or pass --db <path>".into()),
            ),
            E::Locked { pid, .. } => (
                ErrorKind::Locked,
                Some(format!(
                    "process {pid} is running a pass on this database; the next cron tick will retry"
                )),
            ),
            E::NotFound { what, .. } => (
                ErrorKind::Usage,
                Some(format!(
                    "list the existing ones with `linear-planner-sync {what} list`"
                )),
            ),
            E::Sqlite(_) | E::Json(_) | E::Corrupt(_) => (ErrorKind::Internal, None),
        };
        let mut out = CommandError::new(kind, err);
        out.hints.extend(hint);
        out
    }
}

impl From<crate::engine::EngineError> for CommandError {
    fn from(err: crate::engine::EngineError) -> Self {
        use crate::engine::EngineError as E;
        use crate::engine::ports::PortError as P;
        match err {
            E::Store(err) => err.into(),
            E::Setup(message) => CommandError::usage(message),
            E::Port(port) => {
                let hint = match &port {
                    P::Auth(_) => Some(
                        "check GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET and LINEAR_API_KEY, then \
                         `map enable <id>` for the paused mappings"
                            .to_string(),
                    ),
                    P::Forbidden { scope, .. } => {
                        Some(format!("grant the application permission {scope} (with admin consent), then run `doctor`"))
                    }
                    P::PlanGone(_) => Some("check the plan id with `map show <id>`".to_string()),
                    _ => None,
                };
                let kind = match &port {
                    P::Auth(_) | P::Forbidden { .. } => ErrorKind::Auth,
                    P::PlanGone(_) | P::NotFound(_) | P::Rejected { .. } | P::Limit(_) => ErrorKind::Usage,
                    _ => ErrorKind::Internal,
                };
                let mut out = CommandError::new(kind, port);
                out.hints.extend(hint);
                out
            }
        }
    }
}

impl From<std::io::Error> for CommandError {
    fn from(err: std::io::Error) -> Self {
        CommandError::new(ErrorKind::Internal, err)
    }
}

impl From<serde_json::Error> for CommandError {
    fn from(err: serde_json::Error) -> Self {
        CommandError::new(ErrorKind::Internal, err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_contract() {
        let table = [
            (ErrorKind::Usage, 2),
            (ErrorKind::Config, 2),
            (ErrorKind::Auth, 3),
            (ErrorKind::Locked, 4),
            (ErrorKind::Internal, 5),
        ];
        for (kind, code) in table {
            assert_eq!(kind.exit_code(), code, "{kind:?}");
        }
        assert_eq!(Outcome::Clean.exit_code(), 0);
        assert_eq!(Outcome::Partial.exit_code(), 1);
    }

    #[test]
    fn broken_pipe_is_found_in_the_chain() {
        let err = CommandError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(err.is_broken_pipe());
        assert!(!CommandError::usage("x").is_broken_pipe());
    }
}
