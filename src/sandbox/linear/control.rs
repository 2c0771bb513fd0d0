//! JSON control routes (nested at `/_sandbox/linear`): seeding, human edits, state, counters,
//! clock, limits and webhook faults — for `demo`, the e2e tests and the benchmark driver.
//!
//! | route | body / answer |
//! |---|---|
//! | `POST /seed` | `{"kind":"small"}`, `{"kind":"demo"}`, `{"kind":"large","issues":N}` |
//! | `GET /issues`, `GET /issues/{key}` | issue views (by id or `ENG-12`) |
//! | `POST /edit` | one [`HumanEdit`], e.g. `{"op":"set_state","issue":"ENG-1","state":"Done"}` |
//! | `GET /counters`, `POST /counters/reset` | requests per operation name |
//! | `POST /webhook` / `DELETE /webhook` | `{"url","secret"}` |
//! | `POST /webhook/faults`, `GET /webhook/deliveries`, `POST /webhook/release` | faults, log, `{"reverse":true}` |
//! | `POST /clock` | `{"manual_ms":N}`, `{"system":true}` or `{"advance_ms":N}` |
//! | `POST /limits` | `{"requests_per_hour","complexity_per_hour","max_query_complexity"}` |
//! | `POST /public-base` | `{"url"}` |

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Value, json};

use super::clock::TimeSource;
use super::error::ApiError;
use super::limits::LimitConfig;
use super::seed::Seed;
use super::webhook::WebhookFaults;
use super::world::LinearWorld;

/// A human edit, as the control API accepts it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum HumanEdit {
    CreateIssue {
        title: String,
        project_id: Option<String>,
        state: Option<String>,
        parent: Option<String>,
    },
    SetTitle {
        issue: String,
        title: String,
    },
    SetState {
        issue: String,
        state: String,
    },
    SetAssignee {
        issue: String,
        user: Option<String>,
    },
    SetPriority {
        issue: String,
        priority: u8,
    },
    SetDue {
        issue: String,
        due: Option<String>,
    },
    SetCycle {
        issue: String,
        cycle_id: Option<String>,
    },
    AddLabel {
        issue: String,
        label: String,
    },
    RemoveLabel {
        issue: String,
        label: String,
    },
    AddSubIssue {
        parent: String,
        title: String,
    },
    AddComment {
        issue: String,
        body: String,
    },
    AddAttachment {
        issue: String,
        url: String,
        title: String,
    },
    Archive {
        issue: String,
    },
    Trash {
        issue: String,
    },
    Unarchive {
        issue: String,
    },
    Delete {
        issue: String,
    },
    ActAs {
        user: String,
    },
}

/// Serves the control routes (nest it at `/_sandbox/linear`).
pub fn control_router(world: LinearWorld) -> Router {
    Router::new()
        .route("/seed", post(seed))
        .route("/issues", get(issues))
        .route("/issues/{key}", get(issue))
        .route("/edit", post(edit))
        .route("/counters", get(counters))
        .route("/counters/reset", post(reset_counters))
        .route("/webhook", post(set_webhook).delete(clear_webhook))
        .route("/webhook/faults", post(set_faults).get(get_faults))
        .route("/webhook/deliveries", get(deliveries))
        .route("/webhook/release", post(release))
        .route("/clock", post(clock))
        .route("/limits", post(limits))
        .route("/public-base", post(public_base))
        .with_state(world)
}

fn reply(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => (StatusCode::BAD_REQUEST, Json(e.body())).into_response(),
    }
}

async fn seed(State(w): State<LinearWorld>, Json(seed): Json<Seed>) -> Response {
    reply(w.seed(seed).map(|()| json!({"issues": w.issue_count()})))
}

async fn issues(State(w): State<LinearWorld>) -> Response {
    reply(Ok(json!(w.issues())))
}

async fn issue(State(w): State<LinearWorld>, Path(key): Path<String>) -> Response {
    match w.issue(&key) {
        Some(v) => Json(json!(v)).into_response(),
        None => (
            StatusCode::NOT_FOUND,
            Json(ApiError::not_found("Issue").body()),
        )
            .into_response(),
    }
}

/// Apply one human edit; answers `{"id": …}` for creations, `{}` otherwise.
pub fn apply_edit(w: &LinearWorld, edit: HumanEdit) -> Result<Value, ApiError> {
    let done = |r: Result<(), ApiError>| r.map(|()| json!({}));
    let created = |r: Result<String, ApiError>| r.map(|id| json!({"id": id}));
    match edit {
        HumanEdit::CreateIssue {
            title,
            project_id,
            state,
            parent,
        } => {
            if let Some(parent) = parent {
                return created(w.add_sub_issue(&parent, &title));
            }
            let team_id = {
                let st = w.lock();
                st.teams
                    .first()
                    .map(|t| t.id.clone())
                    .ok_or_else(|| ApiError::not_found("Team"))?
            };
            let id = w.create_issue(super::ops::IssueDraft {
                team_id,
                title,
                project_id,
                ..Default::default()
            })?;
            if let Some(state) = state {
                w.set_state(&id, &state)?;
            }
            Ok(json!({"id": id}))
        }
        HumanEdit::SetTitle { issue, title } => done(w.set_title(&issue, &title)),
        HumanEdit::SetState { issue, state } => done(w.set_state(&issue, &state)),
        HumanEdit::SetAssignee { issue, user } => done(w.set_assignee(&issue, user.as_deref())),
        HumanEdit::SetPriority { issue, priority } => done(w.set_priority(&issue, priority)),
        HumanEdit::SetDue { issue, due } => done(w.set_due(&issue, due.as_deref())),
        HumanEdit::SetCycle { issue, cycle_id } => done(w.set_cycle(&issue, cycle_id.as_deref())),
        HumanEdit::AddLabel { issue, label } => done(w.add_label(&issue, &label)),
        HumanEdit::RemoveLabel { issue, label } => done(w.remove_label(&issue, &label)),
        HumanEdit::AddSubIssue { parent, title } => created(w.add_sub_issue(&parent, &title)),
        HumanEdit::AddComment { issue, body } => created(w.add_comment(&issue, &body)),
        HumanEdit::AddAttachment { issue, url, title } => {
            created(w.add_attachment(&issue, &url, &title))
        }
        HumanEdit::Archive { issue } => done(w.archive_issue(&issue)),
        HumanEdit::Trash { issue } => done(w.trash_issue(&issue)),
        HumanEdit::Unarchive { issue } => done(w.unarchive_issue(&issue)),
        HumanEdit::Delete { issue } => done(w.delete_issue(&issue)),
        HumanEdit::ActAs { user } => done(w.act_as(&user)),
    }
}

async fn edit(State(w): State<LinearWorld>, Json(edit): Json<HumanEdit>) -> Response {
    reply(apply_edit(&w, edit))
}

async fn counters(State(w): State<LinearWorld>) -> Response {
    let counts = w.operation_counts();
    let total: u64 = counts.values().sum();
    reply(Ok(json!({"total": total, "by_operation": counts})))
}

async fn reset_counters(State(w): State<LinearWorld>) -> Response {
    w.reset_operation_counts();
    reply(Ok(json!({})))
}

#[derive(Deserialize)]
struct WebhookBody {
    url: String,
    secret: String,
}

async fn set_webhook(State(w): State<LinearWorld>, Json(b): Json<WebhookBody>) -> Response {
    w.set_webhook(&b.url, &b.secret);
    reply(Ok(json!({})))
}

async fn clear_webhook(State(w): State<LinearWorld>) -> Response {
    w.clear_webhook();
    reply(Ok(json!({})))
}

async fn set_faults(State(w): State<LinearWorld>, Json(f): Json<WebhookFaults>) -> Response {
    w.set_webhook_faults(f);
    reply(Ok(json!({})))
}

async fn get_faults(State(w): State<LinearWorld>) -> Response {
    reply(Ok(json!(w.webhook_faults())))
}

async fn deliveries(State(w): State<LinearWorld>) -> Response {
    reply(Ok(json!(w.webhook_deliveries())))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReleaseBody {
    reverse: bool,
}

async fn release(State(w): State<LinearWorld>, Json(b): Json<ReleaseBody>) -> Response {
    w.release_webhooks(b.reverse);
    reply(Ok(json!({})))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ClockBody {
    manual_ms: Option<i64>,
    system: bool,
    advance_ms: Option<i64>,
}

async fn clock(State(w): State<LinearWorld>, Json(b): Json<ClockBody>) -> Response {
    if let Some(ms) = b.manual_ms {
        w.set_time_source(TimeSource::Manual(ms));
    }
    if b.system {
        w.set_time_source(TimeSource::System);
    }
    if let Some(delta) = b.advance_ms {
        w.advance_clock(delta);
    }
    reply(Ok(json!({"now_ms": w.now_ms()})))
}

#[derive(Deserialize)]
struct LimitsBody {
    requests_per_hour: u64,
    complexity_per_hour: u64,
    max_query_complexity: u64,
}

async fn limits(State(w): State<LinearWorld>, Json(b): Json<LimitsBody>) -> Response {
    w.set_limits(LimitConfig {
        requests_per_hour: b.requests_per_hour,
        complexity_per_hour: b.complexity_per_hour,
        max_query_complexity: b.max_query_complexity,
    });
    reply(Ok(json!({})))
}

#[derive(Deserialize)]
struct BaseBody {
    url: String,
}

async fn public_base(State(w): State<LinearWorld>, Json(b): Json<BaseBody>) -> Response {
    w.set_public_base(&b.url);
    reply(Ok(json!({})))
}
