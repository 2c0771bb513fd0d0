//! Credentials and rate limits: which keys are valid, and the per-key budgets.
//!
//! Linear meters every key with two leaky buckets refilled at `limit / hour`: requests
//! (2,500 per hour for API keys, per the README) and complexity points (250,000 per hour), and
//! refuses a single query above 10,000 points. Every response reports both buckets in
//! `X-RateLimit-*` headers; the reset value is the epoch ms at which the bucket is full again.

use std::collections::HashMap;

/// One hour, the period of both budgets.
const HOUR_MS: f64 = 3_600_000.0;

/// Tunable limits; tests shrink them to reach the wall quickly.
#[derive(Debug, Clone)]
pub struct LimitConfig {
    pub requests_per_hour: u64,
    pub complexity_per_hour: u64,
    /// A single query above this is refused with `INPUT_ERROR` "Query too complex".
    pub max_query_complexity: u64,
}

impl Default for LimitConfig {
    fn default() -> Self {
        Self {
            requests_per_hour: 2_500,
            complexity_per_hour: 250_000,
            max_query_complexity: 10_000,
        }
    }
}

/// A leaky bucket: `level` tokens left, refilled continuously up to `capacity`.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    level: f64,
    at_ms: i64,
}

impl Bucket {
    fn full(capacity: u64, now_ms: i64) -> Self {
        Self {
            level: capacity as f64,
            at_ms: now_ms,
        }
    }

    fn refill(&mut self, capacity: u64, now_ms: i64) {
        let elapsed = (now_ms - self.at_ms).max(0) as f64;
        self.level = (self.level + elapsed * capacity as f64 / HOUR_MS).min(capacity as f64);
        self.at_ms = now_ms;
    }

    fn reset_ms(&self, capacity: u64) -> i64 {
        let missing = (capacity as f64 - self.level).max(0.0);
        self.at_ms + (missing * HOUR_MS / (capacity.max(1) as f64)).ceil() as i64
    }
}

/// The numbers behind the `X-RateLimit-*` headers of one response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateSnapshot {
    pub requests_limit: u64,
    pub requests_remaining: u64,
    pub requests_reset_ms: i64,
    pub complexity_limit: u64,
    pub complexity_remaining: u64,
    pub complexity_reset_ms: i64,
}

/// Which budget ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exhausted {
    Requests,
    Complexity,
}

/// Keys and the buckets of each.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    pub config: LimitConfig,
    /// Personal API keys, sent as `Authorization: <key>`.
    pub api_keys: Vec<String>,
    /// OAuth access tokens, sent as `Authorization: Bearer <token>`.
    pub oauth_tokens: Vec<String>,
    buckets: HashMap<String, (Bucket, Bucket)>,
}

impl Limits {
    /// Does this `Authorization` header value carry a known credential? Returns the key it
    /// meters against. An API key sent with a `Bearer` prefix is refused, as Linear does.
    pub fn authenticate(&self, header: Option<&str>) -> Result<String, &'static str> {
        let header = header.map(str::trim).filter(|h| !h.is_empty());
        let Some(header) = header else {
            return Err("no Authorization header");
        };
        if let Some(token) = header.strip_prefix("Bearer ") {
            return if self.oauth_tokens.iter().any(|t| t == token.trim()) {
                Ok(token.trim().to_owned())
            } else {
                Err("invalid OAuth token (API keys are sent without \"Bearer\")")
            };
        }
        if self.api_keys.iter().any(|k| k == header) {
            Ok(header.to_owned())
        } else {
            Err("invalid API key")
        }
    }

    /// Current state of a key's buckets without spending anything.
    pub fn snapshot(&mut self, key: &str, now_ms: i64) -> RateSnapshot {
        let (req, cx) = self.buckets_of(key, now_ms);
        self.describe(req, cx)
    }

    /// Spend one request; refused (nothing spent) when the request bucket is empty.
    pub fn take_request(&mut self, key: &str, now_ms: i64) -> Result<RateSnapshot, Exhausted> {
        let (mut req, cx) = self.buckets_of(key, now_ms);
        if req.level < 1.0 {
            return Err(Exhausted::Requests);
        }
        req.level -= 1.0;
        self.buckets.insert(key.to_owned(), (req, cx));
        Ok(self.describe(req, cx))
    }

    /// Spend complexity points; refused (nothing spent) when they exceed what is left.
    pub fn take_complexity(
        &mut self,
        key: &str,
        points: u64,
        now_ms: i64,
    ) -> Result<RateSnapshot, Exhausted> {
        let (req, mut cx) = self.buckets_of(key, now_ms);
        if cx.level < points as f64 {
            return Err(Exhausted::Complexity);
        }
        cx.level -= points as f64;
        self.buckets.insert(key.to_owned(), (req, cx));
        Ok(self.describe(req, cx))
    }

    /// Forget all spending (control route, test setup).
    pub fn reset_buckets(&mut self) {
        self.buckets.clear();
    }

    fn buckets_of(&mut self, key: &str, now_ms: i64) -> (Bucket, Bucket) {
        let config = &self.config;
        let entry = self.buckets.entry(key.to_owned()).or_insert_with(|| {
            (
                Bucket::full(config.requests_per_hour, now_ms),
                Bucket::full(config.complexity_per_hour, now_ms),
            )
        });
        entry.0.refill(config.requests_per_hour, now_ms);
        entry.1.refill(config.complexity_per_hour, now_ms);
        *entry
    }

    fn describe(&self, req: Bucket, cx: Bucket) -> RateSnapshot {
        RateSnapshot {
            requests_limit: self.config.requests_per_hour,
            requests_remaining: req.level.floor().max(0.0) as u64,
            requests_reset_ms: req.reset_ms(self.config.requests_per_hour),
            complexity_limit: self.config.complexity_per_hour,
            complexity_remaining: cx.level.floor().max(0.0) as u64,
            complexity_reset_ms: cx.reset_ms(self.config.complexity_per_hour),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_api_key_is_refused_and_tokens_need_bearer() {
        let limits = Limits {
            api_keys: vec!["lin_api_x".into()],
            oauth_tokens: vec!["tok".into()],
            ..Limits::default()
        };
        assert_eq!(
            limits.authenticate(Some("lin_api_x")),
            Ok("lin_api_x".into())
        );
        assert!(limits.authenticate(Some("Bearer lin_api_x")).is_err());
        assert_eq!(limits.authenticate(Some("Bearer tok")), Ok("tok".into()));
        assert!(limits.authenticate(None).is_err());
    }

    #[test]
    fn request_bucket_empties_and_refills() {
        let mut limits = Limits::default();
        limits.config.requests_per_hour = 2;
        assert!(limits.take_request("k", 0).is_ok());
        let last = limits.take_request("k", 0);
        assert_eq!(last.map(|s| s.requests_remaining), Ok(0));
        assert_eq!(limits.take_request("k", 0), Err(Exhausted::Requests));
        // Half an hour later one token has leaked back in.
        assert!(limits.take_request("k", 1_800_000).is_ok());
    }
}
