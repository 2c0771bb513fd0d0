//! The alerts webhook (`[alerts] webhook_url`): one JSON POST per raised or cleared alert.
//! The body carries a Slack/Teams-compatible `text` and the alert itself:
//! `{"text": "…", "alert": {"kind", "event", "mapping", "message", "scope"?}}`.
//! One attempt with a short timeout: an undelivered event is simply tried again next run.

use std::time::Duration;

use serde_json::{Value, json};

use crate::store::alerts::AlertEvent;

/// How long one delivery may take before it counts as failed.
const TIMEOUT_SECS: u64 = 10;

/// The JSON body for one event.
pub fn body(event: &AlertEvent) -> Value {
    let place = match event.mapping_id {
        Some(id) => format!("mapping {id}"),
        None => "all mappings".to_string(),
    };
    let text = match event.event {
        "raised" => format!(
            "linear-planner-sync alert ({}, {place}): {}",
            event.condition, event.message
        ),
        _ => format!(
            "linear-planner-sync alert cleared ({}, {place}): {}",
            event.condition, event.message
        ),
    };
    let mut alert = json!({
        "kind": event.condition,
        "event": event.event,
        "mapping": event.mapping_id,
        "message": event.message,
        "at": event.at,
    });
    if event.mapping_id.is_none() {
        alert["scope"] = json!("global");
    }
    json!({ "text": text, "alert": alert })
}

/// POST `body` to `url`; `Err` says why it was not delivered (any non-2xx answer included).
pub async fn post(client: &reqwest::Client, url: &str, body: &Value) -> Result<(), String> {
    let response = client
        .post(url)
        .timeout(Duration::from_secs(TIMEOUT_SECS))
        .json(body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if status.is_success() {
        Ok(())
    } else {
        Err(format!("the webhook answered {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::MappingId;

    #[test]
    fn bodies_carry_text_and_the_alert() {
        let mut event = AlertEvent {
            alert_id: 1,
            mapping_id: Some(MappingId(2)),
            condition: "capacity".into(),
            message: "plan holds 19 of at most 20 tasks".into(),
            event: "raised",
            at: "t".into(),
        };
        let b = body(&event);
        assert_eq!(
            b["text"],
            "linear-planner-sync alert (capacity, mapping 2): plan holds 19 of at most 20 tasks"
        );
        assert_eq!(b["alert"]["kind"], "capacity");
        assert_eq!(b["alert"]["mapping"], 2);
        assert!(b["alert"].get("scope").is_none());
        event.mapping_id = None;
        event.event = "cleared";
        let b = body(&event);
        assert_eq!(b["alert"]["scope"], "global");
        assert!(b["text"].as_str().unwrap().contains("cleared"));
    }
}
