//! Reading Linear's rate-limit headers and slowing down before the wall.
//!
//! Every response reports how much of the hourly request and complexity budgets is left and
//! when each is full again (epoch ms). When little is left, requests are spaced so the rest
//! lasts until the reset, instead of running into RATELIMITED and sleeping then. Spacing is
//! shared by every clone of the client (one key, one budget), through a "next free slot".

use std::time::Duration;

use reqwest::header::HeaderMap;

/// Below this fraction of a budget, requests are spaced out.
pub const SLOW_DOWN_FRACTION: f64 = 0.1;

/// What the last response said about the budgets.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RateSnapshot {
    pub requests_limit: Option<u64>,
    pub requests_remaining: Option<u64>,
    pub requests_reset_ms: Option<u64>,
    pub complexity_limit: Option<u64>,
    pub complexity_remaining: Option<u64>,
    pub complexity_reset_ms: Option<u64>,
    /// `X-Complexity` of the last request: the estimate of the next one's cost.
    pub last_complexity: Option<u64>,
}

fn header_u64(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers
        .get(name)?
        .to_str()
        .ok()?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && *v >= 0.0)
        .map(|v| v as u64)
}

impl RateSnapshot {
    /// Merge the headers of one response (absent headers keep what we knew).
    pub fn update(&mut self, headers: &HeaderMap) {
        let set = |slot: &mut Option<u64>, name: &str| {
            if let Some(v) = header_u64(headers, name) {
                *slot = Some(v);
            }
        };
        set(&mut self.requests_limit, "x-ratelimit-requests-limit");
        set(
            &mut self.requests_remaining,
            "x-ratelimit-requests-remaining",
        );
        set(&mut self.requests_reset_ms, "x-ratelimit-requests-reset");
        set(&mut self.complexity_limit, "x-ratelimit-complexity-limit");
        set(
            &mut self.complexity_remaining,
            "x-ratelimit-complexity-remaining",
        );
        set(
            &mut self.complexity_reset_ms,
            "x-ratelimit-complexity-reset",
        );
        set(&mut self.last_complexity, "x-complexity");
    }

    /// Count a request we are about to send, so concurrent callers see the budget shrink
    /// before the answer arrives.
    pub fn spend_one(&mut self) {
        if let Some(left) = self.requests_remaining.as_mut() {
            *left = left.saturating_sub(1);
        }
        if let (Some(left), Some(cost)) = (self.complexity_remaining.as_mut(), self.last_complexity)
        {
            *left = left.saturating_sub(cost);
        }
    }

    /// The reset time to wait for after RATELIMITED: that of the exhausted budget (requests
    /// unless only complexity ran out).
    pub fn reset_ms_after_limit(&self) -> Option<u64> {
        let complexity_spent = matches!(
            (self.complexity_remaining, self.last_complexity),
            (Some(left), Some(cost)) if left < cost.max(1)
        );
        let requests_spent = self.requests_remaining == Some(0);
        if complexity_spent && !requests_spent {
            self.complexity_reset_ms.or(self.requests_reset_ms)
        } else {
            self.requests_reset_ms.or(self.complexity_reset_ms)
        }
    }

    /// How far apart requests must be right now (`None`: no need to slow down).
    pub fn spacing(&self, now_ms: u64) -> Option<Duration> {
        let requests = budget_spacing(
            self.requests_limit,
            self.requests_remaining,
            self.requests_reset_ms,
            now_ms,
        );
        let cost = self.last_complexity.unwrap_or(1).max(1);
        let complexity = budget_spacing(
            self.complexity_limit.map(|l| l / cost),
            self.complexity_remaining.map(|r| r / cost),
            self.complexity_reset_ms,
            now_ms,
        );
        requests.into_iter().chain(complexity).max()
    }
}

/// Spacing for one budget: none while plenty is left; the whole wait until reset when nothing
/// is; otherwise the time to reset shared evenly by what is left.
fn budget_spacing(
    limit: Option<u64>,
    remaining: Option<u64>,
    reset_ms: Option<u64>,
    now_ms: u64,
) -> Option<Duration> {
    let remaining = remaining?;
    let until_reset = Duration::from_millis(reset_ms?.saturating_sub(now_ms));
    let threshold = limit
        .map(|l| ((l as f64) * SLOW_DOWN_FRACTION).ceil() as u64)
        .unwrap_or(0)
        .max(1);
    if remaining >= threshold || until_reset.is_zero() {
        return None;
    }
    if remaining == 0 {
        return Some(until_reset);
    }
    Some(until_reset / u32::try_from(remaining).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(limit: u64, remaining: u64, reset_ms: u64) -> RateSnapshot {
        RateSnapshot {
            requests_limit: Some(limit),
            requests_remaining: Some(remaining),
            requests_reset_ms: Some(reset_ms),
            ..RateSnapshot::default()
        }
    }

    #[test]
    fn spacing_starts_before_the_wall() {
        let now = 1_000_000;
        // Plenty left: full speed.
        assert_eq!(snap(2500, 2000, now + 60_000).spacing(now), None);
        // 10 left, 60 s to reset: one every 6 s.
        assert_eq!(
            snap(2500, 10, now + 60_000).spacing(now),
            Some(Duration::from_secs(6))
        );
        // Nothing left: wait for the reset.
        assert_eq!(
            snap(2500, 0, now + 5_000).spacing(now),
            Some(Duration::from_secs(5))
        );
        // Reset already passed: go.
        assert_eq!(snap(2500, 0, now - 1).spacing(now), None);
        // Nothing known: go.
        assert_eq!(RateSnapshot::default().spacing(now), None);
    }

    #[test]
    fn complexity_budget_counts_in_requests_of_the_last_cost() {
        let now = 0;
        let s = RateSnapshot {
            complexity_limit: Some(250_000),
            complexity_remaining: Some(10_000),
            complexity_reset_ms: Some(40_000),
            last_complexity: Some(5_000),
            ..RateSnapshot::default()
        };
        // 2 requests of 5,000 left of 50: 20 s each.
        assert_eq!(s.spacing(now), Some(Duration::from_secs(20)));
    }

    #[test]
    fn headers_are_read_and_spent_locally() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-requests-remaining", "7".parse().unwrap());
        headers.insert("x-ratelimit-requests-reset", "123456".parse().unwrap());
        headers.insert("x-complexity", "12".parse().unwrap());
        let mut s = RateSnapshot::default();
        s.update(&headers);
        assert_eq!(s.requests_remaining, Some(7));
        assert_eq!(s.requests_reset_ms, Some(123_456));
        s.spend_one();
        assert_eq!(s.requests_remaining, Some(6));
        assert_eq!(s.reset_ms_after_limit(), Some(123_456));
    }
}
