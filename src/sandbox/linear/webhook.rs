//! Outgoing webhooks: payloads, the `Linear-Signature` header and fault-injected delivery.
//!
//! Events are recorded under the state lock (so `data` matches the write exactly) and sent
//! after it is released, each in its own tokio task: delivery is unordered and can be lost,
//! as documented for Linear. Faults (drop, duplicate, delay, hold-then-reorder) are queued on
//! the [`Delivery`] hub so later fault tests can script them. Linear's own retries (1 min,
//! 1 h, 6 h) are not emulated; a failed delivery is only logged.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use super::clock::system_ms;

/// Where and how to sign.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    pub url: String,
    pub secret: String,
    pub webhook_id: String,
}

/// One event, its payload complete except `webhookTimestamp` (set when sent).
#[derive(Debug, Clone)]
pub struct WebhookEvent {
    pub payload: Map<String, Value>,
}

impl WebhookEvent {
    /// `type` of the payload (Issue, Comment, IssueLabel, …).
    pub fn kind(&self) -> &str {
        self.payload
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    /// `action` of the payload (create, update, remove).
    pub fn action(&self) -> &str {
        self.payload
            .get("action")
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Faults applied to the next deliveries.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct WebhookFaults {
    /// Silently lose this many next deliveries.
    pub drop_next: u32,
    /// Send this many next deliveries twice (same body, same signature).
    pub duplicate_next: u32,
    /// Wait this long before each send.
    pub delay_ms: u64,
    /// Keep deliveries back until [`Delivery::release`] is called.
    pub hold: bool,
}

/// What happened to one delivery, for assertions.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeliveryRecord {
    pub kind: String,
    pub action: String,
    pub body: String,
    pub signature: String,
    /// HTTP status of the receiver, `None` when the request failed or the event was dropped.
    pub status: Option<u16>,
    pub outcome: String,
}

#[derive(Debug, Default)]
struct Hub {
    faults: WebhookFaults,
    held: Vec<(WebhookConfig, WebhookEvent)>,
    log: Vec<DeliveryRecord>,
}

/// Shared delivery state (cheap to clone).
#[derive(Debug, Clone, Default)]
pub struct Delivery {
    hub: Arc<Mutex<Hub>>,
    client: reqwest::Client,
}

impl Delivery {
    fn with_hub<R>(&self, f: impl FnOnce(&mut Hub) -> R) -> R {
        let mut hub = self.hub.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut hub)
    }

    pub fn set_faults(&self, faults: WebhookFaults) {
        self.with_hub(|hub| hub.faults = faults);
    }

    pub fn faults(&self) -> WebhookFaults {
        self.with_hub(|hub| hub.faults.clone())
    }

    /// Everything sent, dropped or failed so far, in the order sends finished.
    pub fn log(&self) -> Vec<DeliveryRecord> {
        self.with_hub(|hub| hub.log.clone())
    }

    /// Number of deliveries held back by `hold`.
    pub fn held(&self) -> usize {
        self.with_hub(|hub| hub.held.len())
    }

    /// Send held deliveries, newest first when `reverse` (out-of-order arrival), and stop holding.
    pub fn release(&self, reverse: bool) {
        let mut held = self.with_hub(|hub| {
            hub.faults.hold = false;
            std::mem::take(&mut hub.held)
        });
        if reverse {
            held.reverse();
        }
        for (config, event) in held {
            self.spawn_send(config, event, 0);
        }
    }

    /// Apply the faults to each event and send the rest in background tasks.
    pub fn dispatch(&self, config: &WebhookConfig, events: Vec<WebhookEvent>) {
        for event in events {
            let (copies, delay_ms) = self.with_hub(|hub| {
                if hub.faults.hold {
                    hub.held.push((config.clone(), event.clone()));
                    return (0, 0);
                }
                if hub.faults.drop_next > 0 {
                    hub.faults.drop_next -= 1;
                    hub.log.push(record(
                        &event,
                        String::new(),
                        String::new(),
                        None,
                        "dropped",
                    ));
                    return (0, 0);
                }
                let copies = if hub.faults.duplicate_next > 0 {
                    hub.faults.duplicate_next -= 1;
                    2
                } else {
                    1
                };
                (copies, hub.faults.delay_ms)
            });
            for _ in 0..copies {
                self.spawn_send(config.clone(), event.clone(), delay_ms);
            }
        }
    }

    fn spawn_send(&self, config: WebhookConfig, event: WebhookEvent, delay_ms: u64) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // Human edits made outside a runtime cannot send; say so instead of losing silently.
            self.with_hub(|hub| {
                let rec = record(
                    &event,
                    String::new(),
                    String::new(),
                    None,
                    "no tokio runtime",
                );
                hub.log.push(rec);
            });
            return;
        };
        let this = self.clone();
        runtime.spawn(async move {
            if delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(delay_ms)).await;
            }
            let mut payload = event.payload.clone();
            payload.insert("webhookTimestamp".into(), Value::from(system_ms()));
            let body = Value::Object(payload).to_string();
            let signature = sign(&config.secret, body.as_bytes());
            let sent = this
                .client
                .post(&config.url)
                .header("content-type", "application/json; charset=utf-8")
                .header("Linear-Delivery", uuid::Uuid::new_v4().to_string())
                .header("Linear-Event", event.kind())
                .header("Linear-Signature", &signature)
                .header("user-agent", "Linear-Webhook")
                .body(body.clone())
                .send()
                .await;
            let (status, outcome) = match sent {
                Ok(resp) => (Some(resp.status().as_u16()), "sent".to_owned()),
                Err(err) => (None, format!("failed: {err}")),
            };
            this.with_hub(|hub| {
                hub.log
                    .push(record(&event, body, signature, status, &outcome))
            });
        });
    }
}

fn record(
    event: &WebhookEvent,
    body: String,
    signature: String,
    status: Option<u16>,
    outcome: &str,
) -> DeliveryRecord {
    DeliveryRecord {
        kind: event.kind().to_owned(),
        action: event.action().to_owned(),
        body,
        signature,
        status,
        outcome: outcome.to_owned(),
    }
}

/// Hex HMAC-SHA256 of the raw body with the webhook secret (the `Linear-Signature` header).
pub fn sign(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail; an empty signature would be refused
    // by any receiver, which is the honest outcome if it ever did.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        let sig = sign("Jefe", b"what do ya want for nothing?");
        assert_eq!(
            sig,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
