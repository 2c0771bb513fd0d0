//! Verifying and parsing Linear's webhook deliveries. Pure: no I/O, "now" is a parameter.
//!
//! Order matters: the size is checked first, then the signature (hex HMAC-SHA256 of the raw
//! body with `LINEAR_WEBHOOK_SECRET`, compared in constant time by `hmac`'s `verify_slice`),
//! and only a correctly signed body is parsed as JSON. A signed body whose `webhookTimestamp`
//! is more than 60 s away from now is a replay (or a badly skewed clock) and is refused too.
//! Accepted events carry a delivery key for dedupe: the `Linear-Delivery` id when known (a
//! redelivery reuses it), else a hash of the body. Reaction events are accepted but ignored.

use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// Largest body accepted (Linear's payloads are a few KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// How far `webhookTimestamp` may be from now, either way.
pub const MAX_SKEW_MS: i64 = 60_000;

/// Why a delivery was refused. Nothing is enqueued for any of these.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("body is {bytes} bytes, more than the {MAX_BODY_BYTES}-byte limit")]
    TooLarge { bytes: usize },
    #[error("no Linear-Signature given")]
    MissingSignature,
    #[error(
        "signature does not match the body (wrong LINEAR_WEBHOOK_SECRET, or a forged or altered body)"
    )]
    BadSignature,
    #[error("malformed payload: {0}")]
    Malformed(String),
    #[error("webhookTimestamp is {}s {}, more than 60s from now (replay or clock skew)", skew_ms.unsigned_abs() / 1000, if *skew_ms < 0 { "in the past" } else { "in the future" })]
    Stale { skew_ms: i64 },
}

impl Rejection {
    /// The HTTP status `webhook serve` answers: 401 for signatures, 413 for size, else 400.
    pub fn http_status(&self) -> u16 {
        match self {
            Rejection::MissingSignature | Rejection::BadSignature => 401,
            Rejection::TooLarge { .. } => 413,
            Rejection::Malformed(_) | Rejection::Stale { .. } => 400,
        }
    }
}

/// A verified event, ready for the change queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEvent {
    /// Dedupe key: `delivery:<Linear-Delivery>` or `sha256:<hex of the body>`.
    pub delivery_key: String,
    /// `Issue`, `Comment`, `IssueLabel`, `Cycle`, …
    pub event_type: String,
    /// `create`, `update` or `remove`.
    pub action: String,
    /// The issue the event is about (`data.issueId`, else `data.id` for Issue events), or the
    /// entity's own id for other types.
    pub entity_id: Option<String>,
    /// Who made the change (`actor.id`), to recognise our own writes.
    pub actor_id: Option<String>,
    pub webhook_timestamp_ms: i64,
    /// The raw body as received (signed text, stored verbatim).
    pub payload: String,
}

/// The outcome of a valid delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    /// Enqueue it.
    Event(WebhookEvent),
    /// Correctly signed but of no interest to the bridge (Reaction events).
    Ignored { event_type: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Envelope {
    action: String,
    #[serde(rename = "type")]
    kind: String,
    webhook_timestamp: i64,
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    actor: Option<serde_json::Value>,
}

/// Hex HMAC-SHA256 of `body` with `secret`, as Linear computes `Linear-Signature`.
pub fn sign(secret: &str, body: &[u8]) -> String {
    match mac(secret) {
        Some(mut mac) => {
            mac.update(body);
            hex::encode(mac.finalize().into_bytes())
        }
        None => String::new(),
    }
}

/// HMAC takes keys of any length, so this is always `Some`; should it ever not be, every
/// signature is refused (the safe side).
fn mac(secret: &str) -> Option<Hmac<Sha256>> {
    Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()
}

/// Verify and parse one delivery. `delivery_id` is the `Linear-Delivery` header if known;
/// `now_ms` is the current time in epoch milliseconds.
pub fn verify(
    secret: &str,
    body: &[u8],
    signature_hex: Option<&str>,
    delivery_id: Option<&str>,
    now_ms: i64,
) -> Result<Verified, Rejection> {
    if body.len() > MAX_BODY_BYTES {
        return Err(Rejection::TooLarge { bytes: body.len() });
    }
    let signature_hex = signature_hex
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or(Rejection::MissingSignature)?;
    let signature = hex::decode(signature_hex).map_err(|_| Rejection::BadSignature)?;
    let mut mac = mac(secret).ok_or(Rejection::BadSignature)?;
    mac.update(body);
    mac.verify_slice(&signature)
        .map_err(|_| Rejection::BadSignature)?;

    let envelope: Envelope =
        serde_json::from_slice(body).map_err(|e| Rejection::Malformed(e.to_string()))?;
    let skew_ms = envelope.webhook_timestamp.saturating_sub(now_ms);
    // `unsigned_abs`: a timestamp near i64::MIN saturates the skew there, whose `abs` overflows
    // (a panic in debug builds, a negative "fresh" skew in release builds).
    if skew_ms.unsigned_abs() > MAX_SKEW_MS.unsigned_abs() {
        return Err(Rejection::Stale { skew_ms });
    }
    if envelope.kind == "Reaction" {
        return Ok(Verified::Ignored {
            event_type: envelope.kind,
        });
    }
    let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
    let data = envelope.data.as_ref();
    let entity_id =
        text(data.and_then(|d| d.get("issueId"))).or_else(|| text(data.and_then(|d| d.get("id"))));
    let delivery_key = match delivery_id.map(str::trim).filter(|d| !d.is_empty()) {
        Some(id) => format!("delivery:{id}"),
        None => format!("sha256:{}", hex::encode(Sha256::digest(body))),
    };
    Ok(Verified::Event(WebhookEvent {
        delivery_key,
        event_type: envelope.kind,
        action: envelope.action,
        entity_id,
        actor_id: text(envelope.actor.as_ref().and_then(|a| a.get("id"))),
        webhook_timestamp_ms: envelope.webhook_timestamp,
        payload: String::from_utf8_lossy(body).into_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cret";
    const NOW: i64 = 1_800_000_000_000;

    fn body(kind: &str, ts: i64) -> String {
        format!(
            r#"{{"action":"update","type":"{kind}","data":{{"id":"i1"}},"actor":{{"id":"u1"}},"webhookTimestamp":{ts}}}"#
        )
    }

    fn check(b: &str, sig: Option<&str>) -> Result<Verified, Rejection> {
        verify(SECRET, b.as_bytes(), sig, None, NOW)
    }

    #[test]
    fn verification_table() {
        let ok = body("Issue", NOW - 1000);
        let good = sign(SECRET, ok.as_bytes());
        let wrong_secret = sign("other", ok.as_bytes());
        let stale = body("Issue", NOW - 61_000);
        let future = body("Issue", NOW + 61_000);
        let reaction = body("Reaction", NOW);
        let malformed = "{not json";
        assert!(
            matches!(check(&ok, Some(&good)), Ok(Verified::Event(e)) if e.entity_id.as_deref() == Some("i1") && e.actor_id.as_deref() == Some("u1"))
        );
        assert_eq!(
            check(&ok, Some(&wrong_secret)),
            Err(Rejection::BadSignature)
        );
        assert_eq!(check(&ok, Some("zz-not-hex")), Err(Rejection::BadSignature));
        assert_eq!(check(&ok, None), Err(Rejection::MissingSignature));
        assert_eq!(
            check(&format!("{ok} "), Some(&good)),
            Err(Rejection::BadSignature)
        );
        assert_eq!(
            check(&stale, Some(&sign(SECRET, stale.as_bytes()))),
            Err(Rejection::Stale { skew_ms: -61_000 })
        );
        assert_eq!(
            check(&future, Some(&sign(SECRET, future.as_bytes()))),
            Err(Rejection::Stale { skew_ms: 61_000 })
        );
        assert_eq!(
            check(&reaction, Some(&sign(SECRET, reaction.as_bytes()))),
            Ok(Verified::Ignored {
                event_type: "Reaction".into()
            })
        );
        assert!(matches!(
            check(malformed, Some(&sign(SECRET, malformed.as_bytes()))),
            Err(Rejection::Malformed(_))
        ));
        let big = "x".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(
            check(&big, Some(&sign(SECRET, big.as_bytes()))),
            Err(Rejection::TooLarge {
                bytes: MAX_BODY_BYTES + 1
            })
        );
    }

    #[test]
    fn delivery_key_prefers_the_header() {
        let b = body("Issue", NOW);
        let sig = sign(SECRET, b.as_bytes());
        let Ok(Verified::Event(with)) = verify(SECRET, b.as_bytes(), Some(&sig), Some("d-1"), NOW)
        else {
            panic!()
        };
        assert_eq!(with.delivery_key, "delivery:d-1");
        let Ok(Verified::Event(without)) = verify(SECRET, b.as_bytes(), Some(&sig), None, NOW)
        else {
            panic!()
        };
        assert!(without.delivery_key.starts_with("sha256:"));
    }

    proptest::proptest! {
        /// Random bodies and signatures are never accepted; only the correct signature of a
        /// fresh, well-formed body is.
        #[test]
        fn nothing_unsigned_is_accepted(b in proptest::collection::vec(proptest::num::u8::ANY, 0..512), sig in "[0-9a-f]{0,80}") {
            let right = sign(SECRET, &b);
            let outcome = verify(SECRET, &b, Some(&sig), None, NOW);
            if sig != right {
                proptest::prop_assert!(outcome.is_err());
            }
        }

        #[test]
        fn only_fresh_signed_events_are_accepted(ts in proptest::num::i64::ANY, kind in "[A-Za-z]{1,12}", tamper in proptest::bool::ANY) {
            let b = body(&kind, ts);
            let mut sig = sign(SECRET, b.as_bytes());
            if tamper {
                sig = sign("not-the-secret", b.as_bytes());
            }
            let outcome = verify(SECRET, b.as_bytes(), Some(&sig), None, NOW);
            let fresh = ts.saturating_sub(NOW).unsigned_abs() <= MAX_SKEW_MS.unsigned_abs();
            let accepted = matches!(outcome, Ok(Verified::Event(_)));
            proptest::prop_assert_eq!(accepted, !tamper && fresh && kind != "Reaction");
        }
    }
}
