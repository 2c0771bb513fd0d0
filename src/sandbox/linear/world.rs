//! `LinearWorld`: the shared handle over the sandbox state, its configuration and the
//! human-edit API that tests and `demo` use to play the people working in Linear.
//!
//! Every edit goes through the same `ops`/`records` functions as the API mutations, bumps
//! `updatedAt` and, when a webhook is configured, delivers a signed event after the lock is
//! released (so a slow receiver never blocks the API).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::clock::{TimeSource, format_ms};
use super::error::ApiError;
use super::limits::LimitConfig;
use super::seed::{self, Seed, ids, seed_id};
use super::state::State;
use super::webhook::{Delivery, DeliveryRecord, WebhookConfig, WebhookFaults};

/// The personal API key the sandbox accepts (`Authorization: <key>`, no "Bearer").
pub const SANDBOX_LINEAR_API_KEY: &str = "lin_api_sandbox00000000000000000000000000000000";
/// An OAuth access token the sandbox accepts (`Authorization: Bearer <token>`).
pub const SANDBOX_LINEAR_OAUTH_TOKEN: &str = "lin_oauth_sandbox0000000000000000000000000000";
/// The webhook signing secret used by `demo` and the tests.
pub const SANDBOX_WEBHOOK_SECRET: &str = "lin_wh_sandbox_secret_0123456789abcdef";

/// Cheaply clonable handle on one sandboxed Linear workspace.
#[derive(Debug, Clone)]
pub struct LinearWorld {
    state: Arc<Mutex<State>>,
    delivery: Delivery,
    /// The user human edits are made as (Alice by default).
    human: Arc<Mutex<String>>,
}

impl Default for LinearWorld {
    fn default() -> Self {
        Self::new()
    }
}

/// A compact, comparable view of an issue for assertions and the control API.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct IssueView {
    pub id: String,
    pub identifier: String,
    pub title: String,
    pub description: Option<String>,
    pub priority: u8,
    pub state: String,
    pub state_type: String,
    pub assignee: Option<String>,
    pub labels: Vec<String>,
    pub cycle: Option<String>,
    pub project_id: Option<String>,
    pub parent: Option<String>,
    pub due_date: Option<String>,
    pub comments: Vec<String>,
    pub attachments: Vec<String>,
    pub updated_at: String,
    pub updated_at_ms: i64,
    pub archived: bool,
    pub trashed: bool,
}

impl LinearWorld {
    /// An empty workspace (no teams, no issues) that accepts the sandbox key and token.
    pub fn new() -> Self {
        let mut st = State {
            public_base: "http://127.0.0.1/linear".to_owned(),
            ..State::default()
        };
        st.limits.api_keys.push(SANDBOX_LINEAR_API_KEY.to_owned());
        st.limits
            .oauth_tokens
            .push(SANDBOX_LINEAR_OAUTH_TOKEN.to_owned());
        Self {
            state: Arc::new(Mutex::new(st)),
            delivery: Delivery::default(),
            human: Arc::new(Mutex::new(seed_id(ids::ALICE))),
        }
    }

    /// Lock the state. A poisoned lock (a panic elsewhere) is recovered: the state is plain data.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` under the lock, then deliver the webhook events it produced.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        let (out, events, config) = {
            let mut st = self.lock();
            let out = f(&mut st);
            let events = std::mem::take(&mut st.pending_events);
            (out, events, st.webhook.clone())
        };
        if let Some(config) = config {
            self.delivery.dispatch(&config, events);
        }
        out
    }

    /// Replace the workspace with a seed (keys, limits, clock, base URL and webhook are kept).
    pub fn seed(&self, seed: Seed) -> Result<(), ApiError> {
        let mut st = self.lock();
        let mut fresh = seed::build(seed, &st)?;
        fresh.webhook = st.webhook.clone();
        fresh.last_sync_id = st.last_sync_id;
        *st = fresh;
        Ok(())
    }
    /// Team ENG, every state type, labels, a cycle, two projects, six issues (ENG-1 has two
    /// sub-issues, comments and attachments).
    pub fn seed_small(&self) -> Result<(), ApiError> {
        self.seed(Seed::Small)
    }
    /// Small plus a mobile project with more issues, for `demo`.
    pub fn seed_demo(&self) -> Result<(), ApiError> {
        self.seed(Seed::Demo)
    }
    /// `n` issues in project "Website Relaunch" (the benchmark).
    pub fn seed_large(&self, n: usize) -> Result<(), ApiError> {
        self.seed(Seed::Large(n))
    }

    /// Absolute base for generated URLs, e.g. `http://127.0.0.1:PORT/linear`.
    pub fn set_public_base(&self, url: &str) {
        self.lock().public_base = url.trim_end_matches('/').to_owned();
    }
    pub fn public_base(&self) -> String {
        self.lock().public_base.clone()
    }

    /// Deliver signed webhooks for every later change to `url`.
    pub fn set_webhook(&self, url: &str, secret: &str) {
        self.lock().webhook = Some(WebhookConfig {
            url: url.to_owned(),
            secret: secret.to_owned(),
            webhook_id: uuid::Uuid::new_v4().to_string(),
        });
    }
    pub fn clear_webhook(&self) {
        self.lock().webhook = None;
    }
    pub fn set_webhook_faults(&self, faults: WebhookFaults) {
        self.delivery.set_faults(faults);
    }
    pub fn webhook_faults(&self) -> WebhookFaults {
        self.delivery.faults()
    }
    pub fn webhook_deliveries(&self) -> Vec<DeliveryRecord> {
        self.delivery.log()
    }
    /// Deliveries currently held back by `WebhookFaults::hold`.
    pub fn held_webhooks(&self) -> usize {
        self.delivery.held()
    }
    /// Send deliveries held by `WebhookFaults::hold`, newest first when `reverse`.
    pub fn release_webhooks(&self, reverse: bool) {
        self.delivery.release(reverse);
    }

    pub fn set_time_source(&self, source: TimeSource) {
        self.lock().clock.set_source(source);
    }
    /// Move a manual clock forward.
    pub fn advance_clock(&self, delta_ms: i64) {
        self.lock().clock.advance(delta_ms);
    }
    pub fn now_ms(&self) -> i64 {
        self.lock().clock.peek_ms()
    }

    pub fn set_limits(&self, config: LimitConfig) {
        let mut st = self.lock();
        st.limits.config = config;
        st.limits.reset_buckets();
    }
    pub fn reset_rate_limits(&self) {
        self.lock().limits.reset_buckets();
    }
    /// GraphQL requests per operation name since the last reset.
    pub fn operation_counts(&self) -> BTreeMap<String, u64> {
        self.lock().operation_counts.clone()
    }
    pub fn reset_operation_counts(&self) {
        self.lock().operation_counts.clear();
    }

    /// The bridge's own user (`viewer`).
    pub fn viewer_id(&self) -> String {
        self.lock().viewer_id.clone()
    }
    /// Make later human edits as this user (id or email).
    pub fn act_as(&self, user: &str) -> Result<(), ApiError> {
        let id = self.user_id(user)?;
        *self.human.lock().unwrap_or_else(|p| p.into_inner()) = id;
        Ok(())
    }
    pub(super) fn actor(&self) -> String {
        self.human.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A user's id by id or email (case-insensitive).
    pub fn user_id(&self, user: &str) -> Result<String, ApiError> {
        let st = self.lock();
        st.users
            .iter()
            .find(|u| u.id == user || u.email.eq_ignore_ascii_case(user))
            .map(|u| u.id.clone())
            .ok_or_else(|| ApiError::not_found("User"))
    }

    /// A snapshot of one issue (by id or identifier).
    pub fn issue(&self, key: &str) -> Option<IssueView> {
        let st = self.lock();
        st.issue_by_key(key).map(|i| view(&st, i))
    }

    /// Every issue, archived ones included, by identifier number.
    pub fn issues(&self) -> Vec<IssueView> {
        let st = self.lock();
        let mut all: Vec<IssueView> = st.issues.values().map(|i| view(&st, i)).collect();
        all.sort_by_key(|v| {
            v.identifier
                .split('-')
                .nth(1)
                .and_then(|n| n.parse::<u64>().ok())
        });
        all
    }

    pub fn issue_count(&self) -> usize {
        self.lock().issues.len()
    }
}

fn view(st: &State, i: &super::state::Issue) -> IssueView {
    let state = st.workflow_state(&i.state_id);
    IssueView {
        id: i.id.clone(),
        identifier: st.identifier(i),
        title: i.title.clone(),
        description: i.description.clone(),
        priority: i.priority,
        state: state.map(|s| s.name.clone()).unwrap_or_default(),
        state_type: state.map(|s| s.kind.clone()).unwrap_or_default(),
        assignee: i
            .assignee_id
            .as_deref()
            .and_then(|id| st.user(id))
            .map(|u| u.email.clone()),
        labels: i
            .label_ids
            .iter()
            .filter_map(|id| st.label(id))
            .map(|l| l.name.clone())
            .collect(),
        cycle: i
            .cycle_id
            .as_deref()
            .and_then(|id| st.cycle(id))
            .and_then(|c| c.name.clone()),
        project_id: i.project_id.clone(),
        parent: i
            .parent_id
            .as_deref()
            .and_then(|id| st.issues.get(id))
            .map(|p| st.identifier(p)),
        due_date: i.due_date.clone(),
        comments: st
            .comments
            .iter()
            .filter(|c| c.issue_id == i.id)
            .map(|c| c.body.clone())
            .collect(),
        attachments: st
            .attachments
            .iter()
            .filter(|a| a.issue_id == i.id)
            .map(|a| a.url.clone())
            .collect(),
        updated_at: format_ms(i.updated_at_ms),
        updated_at_ms: i.updated_at_ms,
        archived: i.archived_at_ms.is_some(),
        trashed: i.trashed,
    }
}
