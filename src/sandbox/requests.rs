//! Request accounting: how many requests each (method, route pattern) received.
//!
//! The benchmark and the end-to-end tests assert on these numbers ("a quiet pass makes one
//! delta request", "no echo write back to Planner"), so they count what reached the wire:
//! faulted requests are counted too. Items inside a Graph `$batch` are counted separately,
//! under the route they were dispatched to, because one HTTP request may carry 20 reads.
//! `/_sandbox/...` control routes are never counted.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

/// Shared, cheap-to-clone counter store.
#[derive(Debug, Clone, Default)]
pub struct RequestLog {
    inner: Arc<Mutex<BTreeMap<RouteKey, u64>>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct RouteKey {
    method: String,
    route: String,
    batch_item: bool,
}

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, BTreeMap<RouteKey, u64>> {
        // Counters stay meaningful after a panicking holder: recover instead of failing.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts one HTTP request to `route` (the matched pattern, e.g. `/v1.0/planner/tasks/{id}`).
    pub fn record(&self, method: &str, route: &str) {
        self.add(method, route, false);
    }

    /// Counts one item of a `$batch` request, under the route it was dispatched to.
    pub fn record_batch_item(&self, method: &str, route: &str) {
        self.add(method, route, true);
    }

    fn add(&self, method: &str, route: &str, batch_item: bool) {
        let key = RouteKey {
            method: method.to_ascii_uppercase(),
            route: route.to_owned(),
            batch_item,
        };
        *self.lock().entry(key).or_insert(0) += 1;
    }

    /// Forgets every count.
    pub fn reset(&self) {
        self.lock().clear();
    }

    /// A consistent copy of all counters.
    pub fn snapshot(&self) -> RequestCounts {
        let routes = self
            .lock()
            .iter()
            .map(|(k, &count)| RouteCount {
                method: k.method.clone(),
                route: k.route.clone(),
                batch_item: k.batch_item,
                count,
            })
            .collect();
        RequestCounts { routes }
    }
}

/// One counter: requests of `method` that matched `route`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteCount {
    pub method: String,
    pub route: String,
    /// True for items inside `$batch` requests (not HTTP requests of their own).
    pub batch_item: bool,
    pub count: u64,
}

/// A snapshot of the counters with the sums the tests and the benchmark need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestCounts {
    pub routes: Vec<RouteCount>,
}

fn is_write(method: &str) -> bool {
    matches!(method, "POST" | "PATCH" | "PUT" | "DELETE")
}

fn is_token_route(route: &str) -> bool {
    route.starts_with("/login/")
}

/// Graph API routes: versioned endpoints and upload-session chunk URLs (not the token).
fn is_graph_route(route: &str) -> bool {
    route.starts_with("/v1.0/") || route.starts_with("/beta/") || route.starts_with("/upload/")
}

fn is_batch_envelope(route: &str) -> bool {
    route == "/v1.0/$batch"
}

impl RequestCounts {
    fn sum(&self, pred: impl Fn(&RouteCount) -> bool) -> u64 {
        self.routes
            .iter()
            .filter(|r| pred(r))
            .map(|r| r.count)
            .sum()
    }

    /// Every HTTP request that reached an API route (batch items not included).
    pub fn total(&self) -> u64 {
        self.sum(|r| !r.batch_item)
    }

    /// HTTP requests to Graph (`/v1.0`, `/beta`, upload URLs), without token requests.
    pub fn graph_total(&self) -> u64 {
        self.sum(|r| !r.batch_item && is_graph_route(&r.route))
    }

    /// HTTP requests to the Linear stand-in (mounted under `/linear`).
    pub fn linear_total(&self) -> u64 {
        self.sum(|r| !r.batch_item && r.route.starts_with("/linear/"))
    }

    /// Requests to the AAD token endpoint.
    pub fn token_requests(&self) -> u64 {
        self.sum(|r| is_token_route(&r.route))
    }

    /// Logical writes (POST/PATCH/PUT/DELETE) on any API route: HTTP requests other than the
    /// token endpoint and `$batch` envelopes, plus write items inside batches.
    pub fn writes(&self) -> u64 {
        self.sum(|r| {
            is_write(&r.method) && !is_token_route(&r.route) && !is_batch_envelope(&r.route)
        })
    }

    /// Logical writes on Graph routes only (same rules as [`RequestCounts::writes`]).
    pub fn graph_writes(&self) -> u64 {
        self.sum(|r| {
            is_write(&r.method) && is_graph_route(&r.route) && !is_batch_envelope(&r.route)
        })
    }

    /// HTTP requests of `method` to the route pattern `route` (batch items not included).
    pub fn by_route(&self, method: &str, route: &str) -> u64 {
        self.sum(|r| !r.batch_item && r.method.eq_ignore_ascii_case(method) && r.route == route)
    }

    /// Items of `$batch` requests dispatched to `method` + `route`.
    pub fn batch_items_by_route(&self, method: &str, route: &str) -> u64 {
        self.sum(|r| r.batch_item && r.method.eq_ignore_ascii_case(method) && r.route == route)
    }

    /// All items carried inside `$batch` requests.
    pub fn batch_items(&self) -> u64 {
        self.sum(|r| r.batch_item)
    }

    /// The JSON served by `GET /_sandbox/requests`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "total": self.total(),
            "graph_total": self.graph_total(),
            "linear_total": self.linear_total(),
            "token_requests": self.token_requests(),
            "writes": self.writes(),
            "graph_writes": self.graph_writes(),
            "batch_items": self.batch_items(),
            "routes": self.routes,
        })
    }
}
