//! The sandbox clock: millisecond timestamps for `createdAt`/`updatedAt` and their formatting.
//!
//! Linear timestamps have millisecond precision, so two edits in the same millisecond share an
//! `updatedAt`; the bridge's cursor must survive that. By default every write gets a strictly
//! later instant (so ordinary tests are deterministic); `TimeSource::Manual` freezes time so
//! tests can produce ties on purpose, then `advance` moves it on.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Where "now" comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeSource {
    /// Wall clock; each write strictly after the previous one.
    #[default]
    System,
    /// Frozen at this epoch-ms until advanced; every write in between gets the same instant.
    Manual(i64),
}

#[derive(Debug, Clone, Default)]
pub struct Clock {
    source: TimeSource,
    /// Last instant handed to a write, to keep `System` monotonic.
    last_ms: i64,
}

impl Clock {
    pub fn set_source(&mut self, source: TimeSource) {
        self.source = source;
    }

    /// Move a manual clock forward (no effect on the system clock).
    pub fn advance(&mut self, delta_ms: i64) {
        if let TimeSource::Manual(ms) = &mut self.source {
            *ms += delta_ms;
        }
    }

    /// Current time without consuming an instant (rate-limit windows, webhook timestamps).
    pub fn peek_ms(&self) -> i64 {
        match self.source {
            TimeSource::System => system_ms().max(self.last_ms),
            TimeSource::Manual(ms) => ms,
        }
    }

    /// The instant of a write: strictly increasing on the system clock, frozen when manual.
    pub fn tick(&mut self) -> i64 {
        let now = match self.source {
            TimeSource::System => system_ms().max(self.last_ms + 1),
            TimeSource::Manual(ms) => ms,
        };
        self.last_ms = self.last_ms.max(now);
        now
    }
}

/// Wall-clock epoch milliseconds.
pub fn system_ms() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

/// `2024-05-01T12:34:56.789Z`, the form Linear's `DateTime` scalar uses.
pub fn format_ms(ms: i64) -> String {
    let nanos = i128::from(ms) * 1_000_000;
    let Ok(dt) = OffsetDateTime::from_unix_timestamp_nanos(nanos) else {
        return String::from("1970-01-01T00:00:00.000Z");
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second(),
        dt.millisecond()
    )
}

/// Parse an RFC 3339 date-time into epoch ms (sub-millisecond digits are truncated).
pub fn parse_ms(text: &str) -> Option<i64> {
    let dt = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    i64::try_from(dt.unix_timestamp_nanos() / 1_000_000).ok()
}

/// Parse the `DateTimeOrDuration` scalar: an RFC 3339 instant, or an ISO 8601 duration such as
/// `-P2W` / `P1D` / `-PT1H` relative to `now_ms` (Linear's relative filters).
pub fn parse_date_or_duration(text: &str, now_ms: i64) -> Option<i64> {
    if let Some(ms) = parse_ms(text) {
        return Some(ms);
    }
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total_ms: i64 = 0;
    let mut in_time = false;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit_ms = match (unit, in_time) {
                    ('Y', false) => 365 * 86_400_000,
                    ('M', false) => 30 * 86_400_000,
                    ('W', false) => 7 * 86_400_000,
                    ('D', false) => 86_400_000,
                    ('H', true) => 3_600_000,
                    ('M', true) => 60_000,
                    ('S', true) => 1_000,
                    _ => return None,
                };
                total_ms += n * unit_ms;
            }
        }
    }
    number.is_empty().then_some(now_ms + sign * total_ms)
}

/// `YYYY-MM-DD` check for the `TimelessDate` scalar.
pub fn is_timeless_date(text: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_milliseconds() {
        let ms = 1_714_566_896_789;
        let text = format_ms(ms);
        assert_eq!(text, "2024-05-01T12:34:56.789Z");
        assert_eq!(parse_ms(&text), Some(ms));
    }

    #[test]
    fn manual_clock_ties_until_advanced() {
        let mut clock = Clock::default();
        clock.set_source(TimeSource::Manual(1_000));
        assert_eq!(clock.tick(), 1_000);
        assert_eq!(clock.tick(), 1_000);
        clock.advance(5);
        assert_eq!(clock.tick(), 1_005);
    }

    #[test]
    fn durations_are_relative() {
        assert_eq!(parse_date_or_duration("-P1D", 86_400_000), Some(0));
        assert_eq!(parse_date_or_duration("PT1H", 0), Some(3_600_000));
        assert_eq!(parse_date_or_duration("nonsense", 0), None);
    }
}
