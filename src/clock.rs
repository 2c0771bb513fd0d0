//! Time: the one clock of a run, and the one timestamp format of the database.
//!
//! Commands take "now" from a [`Clock`] instead of calling the system clock, so tests can pin
//! it (`LPS_NOW`, read once at startup) and snapshots stay stable. Stored timestamps are UTC
//! RFC 3339 with whole seconds and a `Z`, a fixed width so text order is time order.

use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(OffsetDateTime),
}

impl Clock {
    /// `LPS_NOW` (RFC 3339) pins the clock; anything else is the system clock.
    pub fn from_env(value: Option<&str>) -> Result<Clock, time::error::Parse> {
        match value.filter(|v| !v.is_empty()) {
            Some(text) => Ok(Clock::Fixed(parse_ts(text)?)),
            None => Ok(Clock::System),
        }
    }

    pub fn now(&self) -> OffsetDateTime {
        match self {
            Clock::System => OffsetDateTime::now_utc(),
            Clock::Fixed(at) => *at,
        }
    }
}

/// `2026-11-24T14:03:00Z`: whole seconds, UTC.
pub fn format_ts(at: OffsetDateTime) -> String {
    let at = at
        .to_offset(UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at);
    at.format(&Rfc3339)
        .unwrap_or_else(|_| at.unix_timestamp().to_string())
}

pub fn parse_ts(text: &str) -> Result<OffsetDateTime, time::error::Parse> {
    OffsetDateTime::parse(text, &Rfc3339)
}

/// A short human age: `42s`, `5m`, `3h`, `2d`.
pub fn human_age(age: Duration) -> String {
    let secs = age.whole_seconds().max(0);
    match secs {
        0..=59 => format!("{secs}s"),
        60..=3599 => format!("{}m", secs / 60),
        3600..=86_399 => format!("{}h", secs / 3600),
        _ => format!("{}d", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_a_fixed_width() {
        let at = parse_ts("2026-11-24T14:03:05.250+01:00").unwrap();
        assert_eq!(format_ts(at), "2026-11-24T13:03:05Z");
    }

    #[test]
    fn ages_are_short() {
        for (secs, text) in [
            (5, "5s"),
            (61, "1m"),
            (7200, "2h"),
            (200_000, "2d"),
            (-3, "0s"),
        ] {
            assert_eq!(human_age(Duration::seconds(secs)), text);
        }
    }
}
