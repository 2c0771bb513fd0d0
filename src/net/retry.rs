//! The retry policy, as a decision separate from sleeping (cargo's `util/network/retry.rs`).
//!
//! A failed attempt is described as a [`Failure`]; [`verdict`] says whether to try again and
//! after how long. It never waits less than the server asked for (`Retry-After` on Graph's
//! 429/503, `X-RateLimit-*-Reset` on Linear's RATELIMITED), backs off exponentially with jitter
//! otherwise, and stops after the configured number of attempts: the caller then dead-letters
//! the change. A wait longer than the pass's remaining time budget stops without dead-lettering:
//! the change stays queued for the next pass. Permanent failures (400, 404, 422…) stop at once.

use std::time::{Duration, SystemTime};

/// First backoff step; doubled per attempt, capped by [`MAX_BACKOFF_MS`], plus up to 100 % jitter.
pub const BASE_BACKOFF_MS: u64 = 500;
/// Longest backoff we choose ourselves (a server's Retry-After may be longer).
pub const MAX_BACKOFF_MS: u64 = 10_000;

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// An HTTP status, with the server's requested wait if it sent one.
    Status {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// Linear's RATELIMITED (an HTTP 400 whose body says so), with the time until reset.
    RateLimited { reset_in: Option<Duration> },
    /// No answer in time, a reset connection, a refused connection.
    Transport,
}

impl Failure {
    /// Whether another attempt may succeed.
    pub fn is_transient(&self) -> bool {
        match self {
            Failure::Status { status, .. } => matches!(status, 408 | 429 | 500 | 502 | 503 | 504),
            Failure::RateLimited { .. } | Failure::Transport => true,
        }
    }

    fn server_wait(&self) -> Option<Duration> {
        match self {
            Failure::Status { retry_after, .. } => *retry_after,
            Failure::RateLimited { reset_in } => *reset_in,
            Failure::Transport => None,
        }
    }
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Wait this long, then try again.
    Retry(Duration),
    /// Give up. `dead_letter`: the attempts are spent (record the change in the DLQ); otherwise
    /// the change simply waits for the next pass (permanent errors are the caller's to report).
    Stop { dead_letter: bool },
}

/// Decide after attempt number `attempt` (1-based) failed. `max_attempts` is `retry_attempts`
/// from the config; `jitter` is a number in `[0, 1)` (random in production, fixed in tests).
pub fn verdict(
    attempt: u32,
    max_attempts: u32,
    failure: &Failure,
    budget_left: Duration,
    jitter: f64,
) -> Verdict {
    if !failure.is_transient() {
        return Verdict::Stop { dead_letter: false };
    }
    if attempt >= max_attempts {
        return Verdict::Stop { dead_letter: true };
    }
    let exp = BASE_BACKOFF_MS.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
    let backoff = Duration::from_millis(exp.min(MAX_BACKOFF_MS));
    let jittered = backoff + backoff.mul_f64(jitter.clamp(0.0, 1.0));
    let wait = match failure.server_wait() {
        Some(asked) => asked.max(jittered),
        None => jittered,
    };
    if wait > budget_left {
        return Verdict::Stop { dead_letter: false };
    }
    Verdict::Retry(wait)
}

/// Parse `Retry-After`: delta-seconds (decimals allowed, as Graph sends them) or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Linear's reset headers are epoch milliseconds: the wait until then.
pub fn until_epoch_ms(reset_ms: u64, now: SystemTime) -> Duration {
    let reset = SystemTime::UNIX_EPOCH + Duration::from_millis(reset_ms);
    reset.duration_since(now).unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUDGET: Duration = Duration::from_secs(50);

    fn status(status: u16, retry_after: Option<f64>) -> Failure {
        Failure::Status {
            status,
            retry_after: retry_after.map(Duration::from_secs_f64),
        }
    }

    #[test]
    fn verdict_table() {
        let ms = Duration::from_millis;
        let table: Vec<(u32, Failure, f64, Verdict)> = vec![
            (1, status(503, None), 0.0, Verdict::Retry(ms(500))),
            (2, status(500, None), 0.0, Verdict::Retry(ms(1000))),
            (2, status(500, None), 0.5, Verdict::Retry(ms(1500))),
            (1, Failure::Transport, 0.0, Verdict::Retry(ms(500))),
            // Never less than Retry-After, decimals included.
            (1, status(429, Some(2.5)), 0.0, Verdict::Retry(ms(2500))),
            // A short Retry-After still gets jitter so retries of many requests spread out.
            (1, status(429, Some(0.1)), 0.5, Verdict::Retry(ms(750))),
            (
                1,
                Failure::RateLimited {
                    reset_in: Some(ms(4000)),
                },
                0.0,
                Verdict::Retry(ms(4000)),
            ),
            // Attempts spent → dead letter.
            (
                3,
                status(503, None),
                0.0,
                Verdict::Stop { dead_letter: true },
            ),
            // Permanent errors stop at once; the caller reports them.
            (
                1,
                status(400, None),
                0.0,
                Verdict::Stop { dead_letter: false },
            ),
            (
                1,
                status(404, None),
                0.0,
                Verdict::Stop { dead_letter: false },
            ),
            (
                1,
                status(412, None),
                0.0,
                Verdict::Stop { dead_letter: false },
            ),
            // A wait beyond the pass budget: stop, keep the change queued.
            (
                1,
                status(429, Some(120.0)),
                0.0,
                Verdict::Stop { dead_letter: false },
            ),
        ];
        for (attempt, failure, jitter, expected) in table {
            assert_eq!(
                verdict(attempt, 3, &failure, BUDGET, jitter),
                expected,
                "{attempt} {failure:?}"
            );
        }
    }

    #[test]
    fn backoff_is_capped() {
        let Verdict::Retry(wait) = verdict(9, 20, &Failure::Transport, BUDGET, 0.0) else {
            panic!()
        };
        assert_eq!(wait, Duration::from_millis(MAX_BACKOFF_MS));
    }

    #[test]
    fn retry_after_forms() {
        let now = httpdate::parse_http_date("Wed, 25 Nov 2026 12:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after(" 1.5 ", now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            parse_retry_after("Wed, 25 Nov 2026 12:00:07 GMT", now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        let reset = now
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64
            + 2500;
        assert_eq!(until_epoch_ms(reset, now), Duration::from_millis(2500));
    }
}
