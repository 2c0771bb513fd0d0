//! Alerts out: after a pass, POST every raise and clear not yet delivered to
//! `[alerts] webhook_url`, and record each delivery so none is sent twice. Runs at the command
//! edge, under the run lock (so two runs never send the same event), and never fails the
//! command: an undelivered event is a warning and is tried again by the next run.

use crate::commands::Context;
use crate::net::alert_hook;
use crate::store::{Store, alerts};
use crate::ui::Ui;

/// Deliver pending alert events; problems become warnings.
pub async fn deliver(ui: &Ui, cx: &Context, store: &Store) {
    let url = cx.config.alerts.webhook_url.trim();
    if url.is_empty() {
        return;
    }
    let events = match alerts::undelivered(store.conn()) {
        Ok(events) => events,
        Err(err) => {
            let _ = ui.warn(&format!("alerts webhook: cannot read the alerts: {err}"));
            return;
        }
    };
    if events.is_empty() {
        return;
    }
    let client = reqwest::Client::new();
    for event in events {
        match alert_hook::post(&client, url, &alert_hook::body(&event)).await {
            Ok(()) => {
                if let Err(err) = alerts::mark_delivered(store.conn(), &event, &cx.now()) {
                    let _ = ui.warn(&format!("alerts webhook: delivered, not recorded: {err}"));
                }
            }
            Err(why) => {
                let _ = ui.warn(&format!(
                    "alerts webhook: alert {} ({}) not delivered, retried next run: {why}",
                    event.alert_id, event.event
                ));
                // Keep the order: a clear is never sent before its raise.
                return;
            }
        }
    }
}
