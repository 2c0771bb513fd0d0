//! Configuration: the TOML file of design.md §4, secrets and endpoint overrides from the
//! environment, validated once at startup.
//!
//! `Config::load` is pure over an [`EnvMap`] so tests pass a map instead of mutating the
//! process environment; nothing reads environment variables after startup. Errors keep the
//! file, line, column and the dotted key so the user knows exactly what to fix (exit 2).
//! Secrets live in [`Secret`], whose `Debug` and `Display` never show the value.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A snapshot of the environment variables the tool reads.
pub type EnvMap = BTreeMap<String, String>;

/// Names of the secrets, each also readable from `<NAME>_FILE`.
pub const SECRET_VARS: [&str; 5] = [
    "GRAPH_TENANT_ID",
    "GRAPH_CLIENT_ID",
    "GRAPH_CLIENT_SECRET",
    "LINEAR_API_KEY",
    "LINEAR_WEBHOOK_SECRET",
];

pub const DEFAULT_GRAPH_LOGIN_URL: &str = "https://login.microsoftonline.com";
pub const DEFAULT_GRAPH_BASE_URL: &str = "https://graph.microsoft.com";
pub const DEFAULT_LINEAR_API_URL: &str = "https://api.linear.app/graphql";
/// Graph's limit for a simple (one-PUT) upload: 250 MB.
pub const MAX_SIMPLE_UPLOAD_BYTES: u64 = 250 * 1024 * 1024;
/// A pass is a cron tick, not a daemon: a day is already far beyond any sensible budget (and
/// keeps `now + budget` far from overflowing).
pub const MAX_TIME_BUDGET_SECS: u64 = 86_400;
/// Beyond this a failing request only delays the pass; the DLQ and `dlq retry` take over.
pub const MAX_RETRY_ATTEMPTS: u64 = 20;
/// Looked up in the working directory when neither `--config` nor `LPS_CONFIG` is given.
pub const DEFAULT_CONFIG_FILE: &str = "linear-planner-sync.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}:{column}: {message}{}", key.as_ref().map(|k| format!(" (key `{k}`)")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        key: Option<String>,
        message: String,
    },
    #[error("{path}: {message} (key `{key}`)")]
    Value {
        path: PathBuf,
        key: String,
        message: String,
    },
    #[error("cannot read secret file {path} named by {var}: {source}")]
    SecretFile {
        var: String,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("secret file {path} named by {var} is readable by others (mode {mode:o})")]
    SecretFileMode {
        var: String,
        path: PathBuf,
        mode: u32,
    },
    #[error("missing {}: this command needs {}", vars.join(", "), if vars.len() == 1 { "it" } else { "them" })]
    MissingSecrets { vars: Vec<String> },
}

impl ConfigError {
    /// What the user should do next, when there is something specific to say.
    pub fn hint(&self) -> Option<String> {
        match self {
            ConfigError::SecretFileMode { path, .. } => {
                Some(format!("run: chmod 600 {}", path.display()))
            }
            ConfigError::MissingSecrets { vars } => Some(format!(
                "export {} (or {}_FILE=<path to a 0600 file>)",
                vars.join(", "),
                vars[0]
            )),
            ConfigError::Invalid { .. } | ConfigError::Value { .. } => {
                Some("see examples/config.toml for every key and its type".into())
            }
            _ => None,
        }
    }
}

/// A secret value: `Debug` and `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    /// The value itself; call only where it goes on the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How Planner changes are read: beta delta, v1.0 list-and-diff, or delta falling back to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum GraphApiMode {
    #[default]
    Auto,
    Delta,
    List,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ThrottleConfig {
    pub capacity: u32,
    pub refill_per_sec: f64,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        ThrottleConfig {
            capacity: 600,
            refill_per_sec: 20.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GraphConfig {
    pub tenant_id: Option<String>,
    pub client_id: Option<String>,
    pub login_url: String,
    pub base_url: String,
    pub api: GraphApiMode,
    pub plan_task_limit: u32,
    pub capacity_alert_ratio: f64,
    pub max_checklist_items: u32,
    pub max_references: u32,
    pub upload_drive: String,
    pub folder: String,
    /// Files up to this size are mirrored with one PUT; larger ones in an upload session.
    pub simple_upload_max_bytes: u64,
    pub throttle: ThrottleConfig,
}

impl Default for GraphConfig {
    fn default() -> Self {
        GraphConfig {
            tenant_id: None,
            client_id: None,
            login_url: DEFAULT_GRAPH_LOGIN_URL.into(),
            base_url: DEFAULT_GRAPH_BASE_URL.into(),
            api: GraphApiMode::Auto,
            plan_task_limit: 9000,
            capacity_alert_ratio: 0.9,
            max_checklist_items: 20,
            max_references: 10,
            upload_drive: "group".into(),
            folder: "Linear attachments".into(),
            simple_upload_max_bytes: 4 * 1024 * 1024,
            throttle: ThrottleConfig::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LinearConfig {
    pub api_url: String,
    /// While webhooks flow, how often the full Linear poll still runs (`10m`, `90s`, `1h`).
    pub reconcile_every: String,
    /// Webhooks count as flowing when one arrived within this long (`5m`).
    pub webhook_window: String,
}

impl Default for LinearConfig {
    fn default() -> Self {
        LinearConfig {
            api_url: DEFAULT_LINEAR_API_URL.into(),
            reconcile_every: "10m".into(),
            webhook_window: "5m".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    pub max_ops: u32,
    pub time_budget_secs: u64,
    pub retry_attempts: u32,
    pub user_cache_hours: u32,
    pub cycle_prefix: String,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            max_ops: 500,
            time_budget_secs: 50,
            retry_attempts: 3,
            user_cache_hours: 24,
            cycle_prefix: "[Cycle: {name}] ".into(),
        }
    }
}

/// Linear priority → Planner category, so the priority also shows as a colour in Planner.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityCategories {
    pub urgent: String,
    pub high: String,
    pub medium: String,
    pub low: String,
}

impl Default for PriorityCategories {
    fn default() -> Self {
        PriorityCategories {
            urgent: "category1".into(),
            high: "category2".into(),
            medium: "category3".into(),
            low: "category4".into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct PriorityConfig {
    pub categories: PriorityCategories,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    pub webhook_url: String,
}

/// The file as written by the user (every key optional, unknown keys rejected).
#[derive(Debug, Clone, PartialEq, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FileConfig {
    state: Option<PathBuf>,
    graph: GraphConfig,
    linear: LinearConfig,
    sync: SyncConfig,
    priority: PriorityConfig,
    alerts: AlertsConfig,
}

/// Secrets read from the environment (or `<NAME>_FILE`).
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub graph_client_secret: Option<Secret>,
    pub linear_api_key: Option<Secret>,
    pub linear_webhook_secret: Option<Secret>,
}

/// The resolved configuration: file, then environment on top.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from, if any (`None`: built-in defaults).
    pub source: Option<PathBuf>,
    /// The state database named by the file, resolved against the file's directory.
    pub state: Option<PathBuf>,
    pub graph: GraphConfig,
    pub linear: LinearConfig,
    pub sync: SyncConfig,
    pub priority: PriorityConfig,
    pub alerts: AlertsConfig,
    pub secrets: Secrets,
}

/// Where the config file is looked up: an explicit path must exist; the defaults may not.
pub fn locate(explicit: Option<&Path>, env: &EnvMap) -> Option<(PathBuf, bool)> {
    if let Some(path) = explicit {
        return Some((path.to_path_buf(), true));
    }
    if let Some(path) = env.get("LPS_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(path), true));
    }
    let local = PathBuf::from(DEFAULT_CONFIG_FILE);
    if local.is_file() {
        return Some((local, false));
    }
    let xdg = xdg_dir(env, "XDG_CONFIG_HOME", ".config")?.join("linear-planner-sync/config.toml");
    xdg.is_file().then_some((xdg, false))
}

/// `$XDG_*_HOME` or `$HOME/<fallback>`.
pub fn xdg_dir(env: &EnvMap, var: &str, fallback: &str) -> Option<PathBuf> {
    if let Some(dir) = env.get(var).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    env.get("HOME")
        .filter(|h| !h.is_empty())
        .map(|home| Path::new(home).join(fallback))
}

impl Config {
    /// Load the config named by `--config`/`LPS_CONFIG`, else the default locations, else
    /// built-in defaults; then apply the environment.
    pub fn load(explicit: Option<&Path>, env: &EnvMap) -> Result<Config, ConfigError> {
        let file = match locate(explicit, env) {
            Some((path, _)) => {
                let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
                    path: path.clone(),
                    source,
                })?;
                Some((path, text))
            }
            None => None,
        };
        match file {
            Some((path, text)) => Config::from_toml(&text, Some(&path), env),
            None => Config::from_toml("", None, env),
        }
    }

    /// Parse `text` (the content of `path`) and apply `env`.
    pub fn from_toml(text: &str, path: Option<&Path>, env: &EnvMap) -> Result<Config, ConfigError> {
        let shown = path
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("<defaults>"));
        let file: FileConfig = parse_file(text, &shown)?;
        let base = path.and_then(Path::parent).unwrap_or(Path::new(""));
        let mut config = Config {
            source: path.map(Path::to_path_buf),
            state: file
                .state
                .map(|s| if s.is_absolute() { s } else { base.join(s) }),
            graph: file.graph,
            linear: file.linear,
            sync: file.sync,
            priority: file.priority,
            alerts: file.alerts,
            secrets: Secrets::default(),
        };
        config.validate(&shown)?;
        config.apply_env(env)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let bad = |key: &str, message: &str| ConfigError::Value {
            path: path.to_path_buf(),
            key: key.into(),
            message: message.into(),
        };
        let ratio = self.graph.capacity_alert_ratio;
        if !(ratio > 0.0 && ratio <= 1.0) {
            return Err(bad(
                "graph.capacity_alert_ratio",
                &format!("is {ratio}; must be above 0 and at most 1 (0.9 = alert at 90 %)"),
            ));
        }
        for (key, value, range, why) in self.counts() {
            if !range.contains(&value) {
                let (lo, hi) = (range.start(), range.end());
                let range = if *hi == u64::from(u32::MAX) {
                    format!("at least {lo}")
                } else {
                    format!("between {lo} and {hi}")
                };
                return Err(bad(key, &format!("is {value}; must be {range} ({why})")));
            }
        }
        if self.graph.throttle.refill_per_sec <= 0.0
            || !self.graph.throttle.refill_per_sec.is_finite()
        {
            return Err(bad(
                "graph.throttle.refill_per_sec",
                "must be a positive number",
            ));
        }
        for (key, value) in [
            ("linear.reconcile_every", &self.linear.reconcile_every),
            ("linear.webhook_window", &self.linear.webhook_window),
        ] {
            if let Err(message) = crate::engine::linear_poll::parse_every(value) {
                return Err(bad(key, &message));
            }
        }
        if !self.sync.cycle_prefix.is_empty() && !self.sync.cycle_prefix.contains("{name}") {
            return Err(bad(
                "sync.cycle_prefix",
                "must contain {name} (or be empty to disable the prefix)",
            ));
        }
        let cats = &self.priority.categories;
        for (key, value) in [
            ("urgent", &cats.urgent),
            ("high", &cats.high),
            ("medium", &cats.medium),
            ("low", &cats.low),
        ] {
            if !value.is_empty() && !is_category(value) {
                return Err(bad(
                    &format!("priority.categories.{key}"),
                    "must be category1 … category25 (or empty for no colour)",
                ));
            }
        }
        for (key, value) in [
            ("graph.login_url", &self.graph.login_url),
            ("graph.base_url", &self.graph.base_url),
            ("linear.api_url", &self.linear.api_url),
        ] {
            if !(value.starts_with("https://") || value.starts_with("http://")) {
                return Err(bad(key, "must be an http(s) URL"));
            }
        }
        Ok(())
    }

    /// The whole-number keys with the values that make sense, and what the value is for: a
    /// number that parses can still stop every sync (0 attempts, an empty token bucket).
    /// `sync.user_cache_hours` is not here: every value means something (0: no cache).
    fn counts(&self) -> [(&'static str, u64, RangeInclusive<u64>, &'static str); 8] {
        let any = u64::from(u32::MAX);
        let (g, s) = (&self.graph, &self.sync);
        [
            (
                "graph.plan_task_limit",
                u64::from(g.plan_task_limit),
                1..=any,
                "the tasks a plan holds",
            ),
            (
                "graph.max_checklist_items",
                u64::from(g.max_checklist_items),
                1..=any,
                "checklist items per task",
            ),
            (
                "graph.max_references",
                u64::from(g.max_references),
                1..=any,
                "references per task, the link to Linear included",
            ),
            (
                "graph.simple_upload_max_bytes",
                g.simple_upload_max_bytes,
                1..=MAX_SIMPLE_UPLOAD_BYTES,
                "Graph takes at most 250 MB in one PUT",
            ),
            (
                "graph.throttle.capacity",
                u64::from(g.throttle.capacity),
                1..=any,
                "requests the token bucket holds; 0 would never send one",
            ),
            (
                "sync.max_ops",
                u64::from(s.max_ops),
                1..=any,
                "writes per pass; 0 would never write",
            ),
            (
                "sync.time_budget_secs",
                s.time_budget_secs,
                1..=MAX_TIME_BUDGET_SECS,
                "seconds per pass",
            ),
            (
                "sync.retry_attempts",
                u64::from(s.retry_attempts),
                1..=MAX_RETRY_ATTEMPTS,
                "tries per request, the first included; 0 would never send",
            ),
        ]
    }

    fn apply_env(&mut self, env: &EnvMap) -> Result<(), ConfigError> {
        let get = |name: &str| env.get(name).filter(|v| !v.is_empty()).cloned();
        if let Some(v) = get("GRAPH_LOGIN_URL") {
            self.graph.login_url = v;
        }
        if let Some(v) = get("GRAPH_BASE_URL") {
            self.graph.base_url = v;
        }
        if let Some(v) = get("LINEAR_API_URL") {
            self.linear.api_url = v;
        }
        if let Some(v) = read_secret(env, "GRAPH_TENANT_ID")? {
            self.graph.tenant_id = Some(v.expose().to_string());
        }
        if let Some(v) = read_secret(env, "GRAPH_CLIENT_ID")? {
            self.graph.client_id = Some(v.expose().to_string());
        }
        self.secrets.graph_client_secret = read_secret(env, "GRAPH_CLIENT_SECRET")?;
        self.secrets.linear_api_key = read_secret(env, "LINEAR_API_KEY")?;
        self.secrets.linear_webhook_secret = read_secret(env, "LINEAR_WEBHOOK_SECRET")?;
        Ok(())
    }

    /// Which of the secrets in `needed` are missing; `MissingSecrets` names all of them at once.
    pub fn require(&self, needed: &[&str]) -> Result<(), ConfigError> {
        let missing: Vec<String> = needed
            .iter()
            .filter(|var| !self.has(var))
            .map(|var| var.to_string())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(ConfigError::MissingSecrets { vars: missing })
        }
    }

    /// Whether the secret (or id) named by its environment variable is set.
    pub fn has(&self, var: &str) -> bool {
        match var {
            "GRAPH_TENANT_ID" => self.graph.tenant_id.is_some(),
            "GRAPH_CLIENT_ID" => self.graph.client_id.is_some(),
            "GRAPH_CLIENT_SECRET" => self.secrets.graph_client_secret.is_some(),
            "LINEAR_API_KEY" => self.secrets.linear_api_key.is_some(),
            "LINEAR_WEBHOOK_SECRET" => self.secrets.linear_webhook_secret.is_some(),
            _ => false,
        }
    }
}

fn is_category(value: &str) -> bool {
    value
        .strip_prefix("category")
        .and_then(|n| n.parse::<u8>().ok())
        .is_some_and(|n| (1..=25).contains(&n))
}

fn parse_file(text: &str, path: &Path) -> Result<FileConfig, ConfigError> {
    let deserializer = toml::Deserializer::new(text);
    serde_path_to_error::deserialize(deserializer).map_err(|err| {
        let key = err.path().to_string();
        let key = (key != "." && !key.is_empty()).then_some(key);
        let inner = err.into_inner();
        let (line, column) = inner
            .span()
            .map(|span| line_column(text, span.start))
            .unwrap_or((1, 1));
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            key,
            message: inner.message().trim().to_string(),
        }
    })
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// `NAME` from the environment, else the content of the file named by `NAME_FILE`, which must
/// not be readable by group or others.
fn read_secret(env: &EnvMap, name: &str) -> Result<Option<Secret>, ConfigError> {
    if let Some(value) = env.get(name).filter(|v| !v.is_empty()) {
        return Ok(Some(Secret::new(value.clone())));
    }
    let var = format!("{name}_FILE");
    let Some(path) = env.get(&var).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    let meta = std::fs::metadata(&path).map_err(|source| ConfigError::SecretFile {
        var: var.clone(),
        path: path.clone(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(ConfigError::SecretFileMode { var, path, mode });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::SecretFile {
        var,
        path: path.clone(),
        source,
    })?;
    Ok(Some(Secret::new(
        text.trim_end_matches(['\n', '\r']).to_string(),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> EnvMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn load(text: &str) -> Result<Config, ConfigError> {
        Config::from_toml(text, Some(Path::new("/etc/lps.toml")), &EnvMap::new())
    }

    #[test]
    fn defaults_match_the_design() {
        let config = load("").unwrap();
        assert_eq!(config.graph.throttle.capacity, 600);
        assert_eq!(config.graph.throttle.refill_per_sec, 20.0);
        assert_eq!(config.sync.retry_attempts, 3);
        assert_eq!(config.graph.plan_task_limit, 9000);
        assert_eq!(config.priority.categories.urgent, "category1");
        assert_eq!(config.linear.api_url, DEFAULT_LINEAR_API_URL);
    }

    #[test]
    fn unknown_key_names_line_column_and_key() {
        let err = load("state = \"s.db\"\n[graph]\nplan_task_limt = 3\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("/etc/lps.toml:3:1:"), "{err}");
        assert!(err.contains("unknown field `plan_task_limt`"), "{err}");
        assert!(err.contains("key `graph.plan_task_limt`"), "{err}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let err = load("[sync]\nmax_ops = \"many\"\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains(":2:"), "{err}");
        assert!(err.contains("key `sync.max_ops`"), "{err}");
    }

    #[test]
    fn bad_toml_has_a_position() {
        let err = load("[graph\n").unwrap_err().to_string();
        assert!(err.starts_with("/etc/lps.toml:1:"), "{err}");
    }

    #[test]
    fn invalid_values_are_rejected() {
        for (text, key) in [
            (
                "[graph]\ncapacity_alert_ratio = 2.0",
                "graph.capacity_alert_ratio",
            ),
            (
                "[priority.categories]\nurgent = \"category26\"",
                "priority.categories.urgent",
            ),
            ("[sync]\ncycle_prefix = \"Cycle \"", "sync.cycle_prefix"),
            ("[linear]\napi_url = \"ftp://x\"", "linear.api_url"),
        ] {
            let err = load(text).unwrap_err().to_string();
            assert!(err.contains(key), "{text}: {err}");
        }
    }

    #[test]
    fn numbers_that_would_stop_every_sync_are_rejected_with_the_range() {
        for (text, key, says) in [
            (
                "[sync]\nretry_attempts = 0",
                "sync.retry_attempts",
                "between 1 and 20",
            ),
            (
                "[sync]\nretry_attempts = 1000",
                "sync.retry_attempts",
                "between 1 and 20",
            ),
            ("[sync]\nmax_ops = 0", "sync.max_ops", "at least 1"),
            (
                "[sync]\ntime_budget_secs = 0",
                "sync.time_budget_secs",
                "between 1 and 86400",
            ),
            (
                "[sync]\ntime_budget_secs = 9223372036854775807",
                "sync.time_budget_secs",
                "between 1 and 86400",
            ),
            (
                "[graph.throttle]\ncapacity = 0",
                "graph.throttle.capacity",
                "at least 1",
            ),
            (
                "[graph.throttle]\nrefill_per_sec = 0",
                "graph.throttle.refill_per_sec",
                "positive",
            ),
            (
                "[graph.throttle]\nrefill_per_sec = nan",
                "graph.throttle.refill_per_sec",
                "positive",
            ),
            (
                "[graph]\nplan_task_limit = 0",
                "graph.plan_task_limit",
                "at least 1",
            ),
            (
                "[graph]\nmax_checklist_items = 0",
                "graph.max_checklist_items",
                "at least 1",
            ),
            (
                "[graph]\nmax_references = 0",
                "graph.max_references",
                "at least 1",
            ),
            (
                "[graph]\nsimple_upload_max_bytes = 0",
                "graph.simple_upload_max_bytes",
                "between 1",
            ),
            (
                "[graph]\nsimple_upload_max_bytes = 300000000",
                "graph.simple_upload_max_bytes",
                "250 MB",
            ),
            (
                "[graph]\ncapacity_alert_ratio = 0",
                "graph.capacity_alert_ratio",
                "above 0",
            ),
            (
                "[graph]\ncapacity_alert_ratio = nan",
                "graph.capacity_alert_ratio",
                "above 0",
            ),
        ] {
            let err = load(text).unwrap_err().to_string();
            assert!(err.contains(key) && err.contains(says), "{text}: {err}");
        }
        for text in [
            "[sync]\nretry_attempts = 1",
            "[sync]\nretry_attempts = 20\ntime_budget_secs = 86400",
            "[sync]\nuser_cache_hours = 0",
            "[graph]\ncapacity_alert_ratio = 1.0",
        ] {
            assert!(load(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn state_is_relative_to_the_config_file() {
        let config = load("state = \"state.db\"").unwrap();
        assert_eq!(config.state, Some(PathBuf::from("/etc/state.db")));
    }

    #[test]
    fn env_overrides_the_file_and_secrets_are_redacted() {
        let text = "[graph]\ntenant_id = \"file-tenant\"\nbase_url = \"https://file\"";
        let env = env(&[
            ("GRAPH_TENANT_ID", "env-tenant"),
            ("GRAPH_BASE_URL", "http://127.0.0.1:9"),
            ("LINEAR_API_KEY", "lin_api_supersecret"),
        ]);
        let config = Config::from_toml(text, None, &env).unwrap();
        assert_eq!(config.graph.tenant_id.as_deref(), Some("env-tenant"));
        assert_eq!(config.graph.base_url, "http://127.0.0.1:9");
        let debug = format!("{config:?}");
        assert!(!debug.contains("supersecret"), "{debug}");
        assert!(debug.contains("[redacted]"));
    }

    #[test]
    fn missing_secrets_are_listed_together() {
        let config = load("").unwrap();
        let err = config
            .require(&["GRAPH_CLIENT_SECRET", "LINEAR_API_KEY"])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "missing GRAPH_CLIENT_SECRET, LINEAR_API_KEY: this command needs them"
        );
    }

    #[cfg(unix)]
    #[test]
    fn secret_files_must_be_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, "lin_api_x\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let vars = env(&[("LINEAR_API_KEY_FILE", path.to_str().unwrap())]);
        let err = Config::from_toml("", None, &vars).unwrap_err();
        assert!(
            matches!(err, ConfigError::SecretFileMode { mode: 0o644, .. }),
            "{err:?}"
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let config = Config::from_toml("", None, &vars).unwrap();
        assert_eq!(config.secrets.linear_api_key.unwrap().expose(), "lin_api_x");
    }
}
