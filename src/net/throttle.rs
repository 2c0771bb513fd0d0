//! A token bucket shared by every request of a run, so concurrent requests together stay under
//! the configured rate (Graph: capacity 600, refill 20/s by default). A 429 or 503 with
//! `Retry-After` holds the whole bucket, not just the request that got it: the server throttles
//! the app, not one connection.
//!
//! Time is tokio's, so tests can run it under `tokio::time::pause`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::time::Instant;

#[derive(Debug)]
struct State {
    tokens: f64,
    last: Instant,
    hold_until: Option<Instant>,
}

#[derive(Debug)]
pub struct TokenBucket {
    capacity: f64,
    refill_per_sec: f64,
    state: Mutex<State>,
    /// Acquisitions that had to wait (for the refill, or for a hold), for the metrics.
    waits: AtomicU64,
}

impl TokenBucket {
    /// A full bucket. `capacity` ≥ 1 and `refill_per_sec` > 0 are checked by the config.
    pub fn new(capacity: u32, refill_per_sec: f64) -> TokenBucket {
        TokenBucket {
            capacity: f64::from(capacity.max(1)),
            refill_per_sec: if refill_per_sec > 0.0 {
                refill_per_sec
            } else {
                1.0
            },
            state: Mutex::new(State {
                tokens: f64::from(capacity.max(1)),
                last: Instant::now(),
                hold_until: None,
            }),
            waits: AtomicU64::new(0),
        }
    }

    /// How many acquisitions had to wait so far (each counts once, however long it waited).
    pub fn waits(&self) -> u64 {
        self.waits.load(Ordering::Relaxed)
    }

    /// Wait until a token is available, then take it.
    pub async fn acquire(&self) {
        let mut waited = false;
        loop {
            let wait = {
                let mut state = self
                    .state
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let now = Instant::now();
                match state.hold_until {
                    Some(until) if until > now => until - now,
                    _ => {
                        let elapsed = now.saturating_duration_since(state.last).as_secs_f64();
                        state.tokens =
                            (state.tokens + elapsed * self.refill_per_sec).min(self.capacity);
                        state.last = now;
                        if state.tokens >= 1.0 {
                            state.tokens -= 1.0;
                            return;
                        }
                        Duration::from_secs_f64((1.0 - state.tokens) / self.refill_per_sec)
                    }
                }
            };
            if !waited {
                waited = true;
                self.waits.fetch_add(1, Ordering::Relaxed);
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// Let no request through for `wait` (the server asked us to back off).
    pub fn hold(&self, wait: Duration) {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let until = Instant::now() + wait;
        if state.hold_until.is_none_or(|current| current < until) {
            state.hold_until = Some(until);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn burst_then_refill_rate() {
        let bucket = TokenBucket::new(5, 10.0);
        let start = Instant::now();
        for _ in 0..5 {
            bucket.acquire().await;
        }
        assert_eq!(start.elapsed(), Duration::ZERO, "the burst is free");
        assert_eq!(bucket.waits(), 0);
        for _ in 0..10 {
            bucket.acquire().await;
        }
        let elapsed = start.elapsed().as_secs_f64();
        assert!(
            (0.99..=1.01).contains(&elapsed),
            "10 more tokens at 10/s take 1 s, took {elapsed}"
        );
        assert_eq!(
            bucket.waits(),
            10,
            "each acquisition past the burst waited once"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn hold_stops_everyone() {
        let bucket = std::sync::Arc::new(TokenBucket::new(100, 100.0));
        bucket.hold(Duration::from_secs(2));
        let start = Instant::now();
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let b = bucket.clone();
                tokio::spawn(async move { b.acquire().await })
            })
            .collect();
        for t in tasks {
            t.await.unwrap();
        }
        assert!(start.elapsed() >= Duration::from_secs(2));
    }
}
