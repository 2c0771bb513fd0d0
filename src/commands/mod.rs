//! One file per subcommand. Each is thin: arguments → options → core (store, engine) → `ui`.
//! This file holds the shared [`Context`] (config, database path, clock) and the dispatch.

mod alerts_out;
pub mod audit;
pub mod bootstrap;
pub mod completions;
pub mod connect;
pub mod demo;
pub mod dlq;
pub mod doctor;
mod doctor_net;
pub mod map;
pub mod map_add;
pub mod map_control;
pub mod map_wizard;
pub mod metrics;
pub mod pass;
mod progress;
pub mod push;
pub mod report;
pub mod sandbox;
pub mod status;
mod status_prom;
pub mod sync;
pub mod users;
pub mod users_sync;
pub mod webhook;

use std::path::PathBuf;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::clock::{Clock, format_ts};
use crate::config::{Config, EnvMap, xdg_dir};
use crate::error::{CommandError, Outcome};
use crate::model::ids::MappingId;
use crate::store::Store;
use crate::ui::Ui;

/// What every command that touches the database needs, resolved once from flags and env.
pub struct Context {
    pub config: Config,
    pub db_path: PathBuf,
    pub clock: Clock,
    pub env: EnvMap,
}

impl Context {
    /// Load the config (exit 2 on any problem) and decide the database path:
    /// `--db`/`LPS_DB`, else the config's `state`, else `$XDG_DATA_HOME/linear-planner-sync/state.db`.
    pub fn load(global: &GlobalArgs, env: EnvMap) -> Result<Context, CommandError> {
        let config = Config::load(global.config.as_deref(), &env)?;
        let db_path = match (&global.db, &config.state) {
            (Some(db), _) => db.clone(),
            (None, Some(state)) => state.clone(),
            (None, None) => xdg_dir(&env, "XDG_DATA_HOME", ".local/share")
                .map(|dir| dir.join("linear-planner-sync/state.db"))
                .ok_or_else(|| {
                    CommandError::usage("cannot find a place for the database: neither HOME nor XDG_DATA_HOME is set")
                        .with_hint("pass --db <path> or set `state` in the config file")
                })?,
        };
        let clock = Clock::from_env(env.get("LPS_NOW").map(String::as_str))
            .map_err(|e| CommandError::usage(format!("LPS_NOW is not an RFC 3339 time: {e}")))?;
        Ok(Context {
            config,
            db_path,
            clock,
            env,
        })
    }

    pub fn open_store(&self) -> Result<Store, CommandError> {
        Ok(Store::open(&self.db_path)?)
    }

    /// The async runtime the network commands run on.
    pub fn runtime(&self) -> Result<tokio::runtime::Runtime, CommandError> {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| CommandError::internal(format!("cannot start the async runtime: {e}")))
    }

    /// Now, as stored in the database.
    pub fn now(&self) -> String {
        format_ts(self.clock.now())
    }
}

/// Run the parsed command.
pub fn run(cli: Cli, ui: &Ui, env: EnvMap) -> Result<Outcome, CommandError> {
    match cli.command {
        Command::Completions(args) => completions::cmd_completions(ui, &args),
        Command::Doctor(args) => doctor::cmd_doctor(ui, &cli.global, env, &args),
        Command::Sandbox(args) => sandbox::cmd_sandbox(ui, &args),
        Command::Demo(args) => demo::cmd_demo(ui, &args),
        command => {
            let cx = Context::load(&cli.global, env)?;
            match command {
                Command::Map(args) => map_wizard::cmd_map_args(ui, &cx, args),
                Command::Users(cmd) => users::cmd_users(ui, &cx, cmd),
                Command::Audit(args) => audit::cmd_audit(ui, &cx, &args),
                Command::Dlq(cmd) => dlq::cmd_dlq(ui, &cx, cmd),
                Command::Status(args) => status::cmd_status(ui, &cx, &args),
                Command::Report(args) => report::cmd_report(ui, &cx, &args),
                Command::Webhook(cmd) => webhook::cmd_webhook(ui, &cx, cmd),
                Command::Sync(args) => sync::cmd_sync(ui, &cx, &args),
                Command::Push(args) => push::cmd_push(ui, &cx, &args),
                Command::Bootstrap(args) => bootstrap::cmd_bootstrap(ui, &cx, &args),
                Command::Completions(_)
                | Command::Doctor(_)
                | Command::Sandbox(_)
                | Command::Demo(_) => Err(CommandError::internal("command dispatched twice")),
            }
        }
    }
}

/// Parse a mapping id argument (`3`), with an error that says what an id looks like.
pub fn parse_mapping_id(text: &str) -> Result<MappingId, String> {
    text.parse::<i64>()
        .map(MappingId)
        .map_err(|_| format!("`{text}` is not a mapping id; ids are numbers, see `map list`"))
}

/// `-` for a missing value in tables.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_string()
}
