//! `doctor`'s network checks: the Graph token request, each application permission by one
//! cheap call, the Linear key (`viewer`) and the clock against Graph's `Date` header.
//!
//! Each check becomes one [`Check`] line with the fix. Graph checks run only when the three
//! `GRAPH_*` secrets are set, the Linear check only when `LINEAR_API_KEY` is: a missing secret
//! already has its own ✘ line. Requests retry at most once and give up after 30 s, so a dead
//! network makes `doctor` fail quickly instead of hanging.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use time::OffsetDateTime;

use super::Context;
use super::doctor::Check;
use crate::clock::{Clock, human_age};
use crate::graph::probe::Probe;
use crate::graph::{DriveTarget, GraphClient, GraphError, GraphOptions, MemoryTokenCache};
use crate::linear::{LinearClient, LinearError, LinearOptions};
use crate::store::mappings::Mapping;

/// Largest clock difference that still passes.
const MAX_SKEW: time::Duration = time::Duration::minutes(5);
/// Attempts per request (the first included).
const ATTEMPTS: u32 = 2;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
const BUDGET: Duration = Duration::from_secs(30);

/// The network checks, in order. `mappings` decide which plan and group the permission
/// checks read (the first mapping with a group, else the first one).
pub(super) fn network_checks(cx: &Context, mappings: &[Mapping]) -> Vec<Check> {
    let graph_ready = ["GRAPH_TENANT_ID", "GRAPH_CLIENT_ID", "GRAPH_CLIENT_SECRET"]
        .iter()
        .all(|v| cx.config.has(v));
    let linear_ready = cx.config.has("LINEAR_API_KEY");
    if !graph_ready && !linear_ready {
        return Vec::new();
    }
    let runtime = match cx.runtime() {
        Ok(rt) => rt,
        Err(err) => {
            return vec![Check::fail(
                "network checks",
                err.chain().join(": "),
                "run `doctor --offline`",
            )];
        }
    };
    let target = mappings
        .iter()
        .find(|m| m.planner_group_id.is_some())
        .or_else(|| mappings.first());
    runtime.block_on(async {
        let mut checks = Vec::new();
        let mut dates = Vec::new();
        if graph_ready {
            graph_checks(cx, target, &mut checks, &mut dates).await;
        }
        if linear_ready {
            checks.push(linear_check(cx).await);
        }
        if let Some(server) = dates.first() {
            checks.push(clock_check(cx.clock, *server));
        }
        checks
    })
}

async fn graph_checks(
    cx: &Context,
    target: Option<&Mapping>,
    checks: &mut Vec<Check>,
    dates: &mut Vec<SystemTime>,
) {
    let client = match graph_client(cx) {
        Ok(client) => client,
        Err(message) => {
            checks.push(Check::fail(
                "graph token",
                message,
                "check GRAPH_BASE_URL and GRAPH_LOGIN_URL",
            ));
            return;
        }
    };
    match client.verify_token().await {
        Ok(_) => checks.push(Check::ok(
            "graph token",
            format!(
                "client-credentials token issued by {}",
                client.options().login_url
            ),
        )),
        Err(err) => {
            checks.push(token_failure(err));
            return;
        }
    }
    match target {
        None => {
            let note = "not checked: no mapping yet (`map add` reads the plan)";
            for scope in [
                "Tasks.ReadWrite.All",
                "Group.Read.All",
                "Files.ReadWrite.All",
            ] {
                checks.push(Check::ok(permission(scope), note));
            }
        }
        Some(mapping) => {
            let plan = &mapping.planner_plan_id;
            record(
                checks,
                dates,
                "Tasks.ReadWrite.All",
                client.probe_plan(plan).await,
                &|v| format!("read plan {plan} ({})", text(v, "title")),
            );
            match &mapping.planner_group_id {
                None => {
                    let note = format!("not checked: plan {plan} has no group on record");
                    checks.push(Check::ok(permission("Group.Read.All"), note.clone()));
                    checks.push(Check::ok(permission("Files.ReadWrite.All"), note));
                }
                Some(group) => {
                    record(
                        checks,
                        dates,
                        "Group.Read.All",
                        client.probe_group_plans(group).await,
                        &|v| {
                            let n = v["value"].as_array().map_or(0, Vec::len);
                            format!("listed the {n} plan(s) of group {group}")
                        },
                    );
                    let setting = &cx.config.graph.upload_drive;
                    let probe = match DriveTarget::from_setting(setting, group) {
                        DriveTarget::Group(g) => client.probe_group_drive(&g).await,
                        DriveTarget::Drive(d) => client.probe_drive(&d).await,
                    };
                    record(checks, dates, "Files.ReadWrite.All", probe, &|v| {
                        format!("read the attachment drive ({})", text(v, "name"))
                    });
                }
            }
        }
    }
    record(
        checks,
        dates,
        "User.Read.All",
        client.probe_users().await,
        &|_| "read the directory's users".to_string(),
    );
}

/// Keep the probe's server time and push its permission line.
fn record(
    checks: &mut Vec<Check>,
    dates: &mut Vec<SystemTime>,
    scope: &'static str,
    probe: Probe,
    ok: &dyn Fn(&serde_json::Value) -> String,
) {
    dates.extend(probe.server_date);
    checks.push(scope_check(scope, probe.result, ok));
}

fn graph_client(cx: &Context) -> Result<GraphClient, String> {
    let mut opts = GraphOptions::from_config(&cx.config, Arc::new(MemoryTokenCache::new()))
        .map_err(|e| e.to_string())?;
    opts.retry_attempts = opts.retry_attempts.min(ATTEMPTS);
    opts.request_timeout = REQUEST_TIMEOUT;
    opts.deadline = Some(tokio::time::Instant::now() + BUDGET);
    GraphClient::new(opts).map_err(|e| e.to_string())
}

fn permission(scope: &str) -> String {
    format!("permission {scope}")
}

fn text<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or("?")
}

/// The token line of a failed request: the AADSTS code and the setting to fix.
fn token_failure(err: GraphError) -> Check {
    match err {
        GraphError::AuthFailed { code, message, fix } => {
            // AAD appends a trace id and a timestamp: noise for a person reading the line.
            let message = message
                .split(" Trace ID:")
                .next()
                .unwrap_or(&message)
                .trim();
            let detail = match code {
                Some(code) if !message.starts_with(&code) => format!("{code}: {message}"),
                _ => message.to_string(),
            };
            Check::fail("graph token", detail, fix)
        }
        other => {
            let fix = other_fix(&other, "GRAPH_LOGIN_URL");
            Check::fail("graph token", other.to_string(), fix)
        }
    }
}

/// One permission line: ✔ with what was read, or ✘ naming the missing permission.
fn scope_check(
    scope: &'static str,
    result: Result<serde_json::Value, GraphError>,
    ok: &dyn Fn(&serde_json::Value) -> String,
) -> Check {
    match result {
        Ok(value) => Check::ok(permission(scope), ok(&value)),
        Err(GraphError::Forbidden {
            scope: missing,
            message,
            ..
        }) => Check::fail(
            permission(scope),
            format!("Graph answered 403, the application lacks {missing} ({message})"),
            format!(
                "add the application permission {missing} to the app registration in Entra ID \
                 and grant it with admin consent"
            ),
        ),
        Err(err) => {
            let fix = other_fix(&err, "GRAPH_BASE_URL");
            Check::fail(permission(scope), err.to_string(), fix)
        }
    }
}

/// The fix for a failure that is not about credentials or permissions. `endpoint` is the
/// setting that points at the server that did not answer.
fn other_fix(err: &GraphError, endpoint: &str) -> String {
    match err {
        GraphError::Exhausted { .. } | GraphError::Deferred { .. } | GraphError::Transport(_) => {
            format!("check the network and {endpoint}, then run `doctor` again")
        }
        GraphError::NotFound { path, .. } => {
            format!("{path} does not exist (any more): check the mapping with `map show`")
        }
        GraphError::BadRequest { .. } | GraphError::Decode { .. } => match err.request_id() {
            Some(id) => {
                format!("unexpected answer from Graph; please report it with request id {id}")
            }
            None => "unexpected answer from Graph; please report it".to_string(),
        },
        _ => err.kind_hint().1,
    }
}

async fn linear_check(cx: &Context) -> Check {
    const NAME: &str = "linear key";
    let client = LinearOptions::from_config(&cx.config)
        .map_err(|e| e.to_string())
        .and_then(|mut options| {
            options.retry_attempts = options.retry_attempts.clamp(1, ATTEMPTS);
            options.time_budget = BUDGET;
            options.request_timeout = REQUEST_TIMEOUT;
            LinearClient::new(options).map_err(|e| e.to_string())
        });
    let client = match client {
        Ok(client) => client,
        Err(message) => return Check::fail(NAME, message, "check LINEAR_API_KEY"),
    };
    match client.viewer().await {
        Ok(viewer) => Check::ok(NAME, format!("works as {} <{}>", viewer.name, viewer.email)),
        Err(LinearError::Auth { message }) => Check::fail(
            NAME,
            format!("Linear rejected the key (AUTHENTICATION_ERROR: {message})"),
            "check LINEAR_API_KEY (a personal API key from Linear → Settings → Security & access)",
        ),
        Err(err) => Check::fail(
            NAME,
            err.to_string(),
            "check LINEAR_API_URL and the network, then run `doctor` again",
        ),
    }
}

/// The local clock against a server's `Date` header (whole seconds, so a few seconds of
/// difference are noise).
fn clock_check(clock: Clock, server: SystemTime) -> Check {
    const NAME: &str = "clock skew";
    let local = clock.now();
    let skew = local - OffsetDateTime::from(server);
    if skew.abs() <= MAX_SKEW {
        let detail = if skew.abs() < time::Duration::minutes(1) {
            "the local clock agrees with Graph's Date header (within a minute)".to_string()
        } else {
            format!(
                "the local clock is {} off Graph's Date header",
                human_age(skew.abs())
            )
        };
        return Check::ok(NAME, detail);
    }
    let side = if skew.is_positive() {
        "ahead of"
    } else {
        "behind"
    };
    let mut fix = "fix the system clock (NTP), e.g. `timedatectl set-ntp true`".to_string();
    if matches!(clock, Clock::Fixed(_)) {
        fix.push_str("; LPS_NOW pins the clock of this tool: unset it");
    }
    Check::fail(
        NAME,
        format!(
            "the local clock is {} {side} Graph's Date header (more than 5 minutes)",
            human_age(skew.abs())
        ),
        fix,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_skew_passes_within_five_minutes() {
        let server = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let at =
            |secs: i64| Clock::Fixed(OffsetDateTime::from(server) + time::Duration::seconds(secs));
        assert!(clock_check(at(30), server).ok);
        assert!(clock_check(at(-299), server).ok);
        let ahead = clock_check(at(3600), server);
        assert!(!ahead.ok);
        assert!(ahead.detail.contains("1h ahead of"), "{}", ahead.detail);
        assert!(
            ahead
                .fix
                .as_deref()
                .is_some_and(|f| f.contains("NTP") && f.contains("LPS_NOW"))
        );
        assert!(clock_check(at(-400), server).detail.contains("behind"));
    }

    #[test]
    fn forbidden_names_the_permission_and_consent() {
        let err = GraphError::Forbidden {
            scope: "Group.Read.All",
            code: "Authorization_RequestDenied".into(),
            message: "Insufficient privileges".into(),
            request_id: None,
        };
        let check = scope_check("Group.Read.All", Err(err), &|_| String::new());
        assert!(!check.ok);
        assert_eq!(check.name, "permission Group.Read.All");
        assert!(
            check
                .fix
                .as_deref()
                .is_some_and(|f| f.contains("grant it with admin consent"))
        );
    }

    #[test]
    fn token_failure_keeps_the_code_and_drops_the_trace() {
        let check = token_failure(GraphError::AuthFailed {
            code: Some("AADSTS7000215".into()),
            message: "AADSTS7000215: Invalid client secret provided. Trace ID: x Timestamp: y"
                .into(),
            fix: "check GRAPH_CLIENT_SECRET".into(),
        });
        assert_eq!(
            check.detail,
            "AADSTS7000215: Invalid client secret provided."
        );
        assert_eq!(check.fix.as_deref(), Some("check GRAPH_CLIENT_SECRET"));
    }
}
