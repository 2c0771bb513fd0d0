//! `webhook ingest` and `webhook serve`: verify Linear's signed deliveries and put the accepted
//! ones in the change queue for the next `sync`. Nothing else happens here: no API calls, no
//! merging. Verification is `linear::webhook::verify`; the SQL is `store::queue::push`, which
//! drops a delivery already queued. A rejected delivery enqueues nothing and is reported with
//! its reason: exit 2 (`ingest`), or HTTP 401/400/413 plus a stderr line (`serve`).

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::Context;
use crate::clock::Clock;
use crate::error::{CommandError, Outcome};
use crate::linear::webhook::{MAX_BODY_BYTES, Rejection, Verified, verify};
use crate::store::{Store, queue};
use crate::ui::Ui;

/// Verify Linear webhooks and queue them for `sync` (from stdin or over HTTP)
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Verify one delivery read from stdin and queue it (exit 2 when it is rejected)
    Ingest(IngestArgs),
    /// Listen for deliveries over HTTP, verify and queue each one (stops on SIGTERM or Ctrl-C)
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// The `Linear-Signature` header: hex HMAC-SHA256 of the body with LINEAR_WEBHOOK_SECRET
    #[arg(long, value_name = "HEX")]
    pub signature: String,
    /// The `Linear-Delivery` header, used to drop redeliveries [default: a hash of the body]
    #[arg(long, value_name = "ID")]
    pub delivery: Option<String>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
}

/// What happened to one accepted delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Disposition {
    Enqueued,
    Duplicate,
    Ignored,
}

#[derive(Debug, Serialize)]
struct Receipt {
    result: Disposition,
    event_type: String,
    action: Option<String>,
    delivery_key: Option<String>,
}

impl Receipt {
    fn sentence(&self) -> String {
        let what = match &self.action {
            Some(action) => format!("{} {action}", self.event_type),
            None => self.event_type.clone(),
        };
        let key = self.delivery_key.as_deref().unwrap_or("-");
        match self.result {
            Disposition::Enqueued => format!("Enqueued {what} (delivery {key})."),
            Disposition::Duplicate => {
                format!("Duplicate delivery {key} ({what}): already queued, nothing added.")
            }
            Disposition::Ignored => format!("Ignored {what} event: not synced."),
        }
    }
}

fn now_ms(clock: &Clock) -> i64 {
    i64::try_from(clock.now().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

/// Verify and, when accepted, queue one delivery. `Err` is a rejection (nothing queued).
fn accept(
    store: &Store,
    secret: &str,
    body: &[u8],
    signature: Option<&str>,
    delivery: Option<&str>,
    clock: &Clock,
) -> Result<Result<Receipt, Rejection>, CommandError> {
    let verified = match verify(secret, body, signature, delivery, now_ms(clock)) {
        Ok(v) => v,
        Err(rejection) => return Ok(Err(rejection)),
    };
    let event = match verified {
        Verified::Ignored { event_type } => {
            return Ok(Ok(Receipt {
                result: Disposition::Ignored,
                event_type,
                action: None,
                delivery_key: None,
            }));
        }
        Verified::Event(event) => event,
    };
    let now = crate::clock::format_ts(clock.now());
    let added = queue::push(
        store.conn(),
        &event.delivery_key,
        &event.event_type,
        &event.action,
        event.entity_id.as_deref(),
        &event.payload,
        &now,
    )?;
    Ok(Ok(Receipt {
        result: if added {
            Disposition::Enqueued
        } else {
            Disposition::Duplicate
        },
        event_type: event.event_type,
        action: Some(event.action),
        delivery_key: Some(event.delivery_key),
    }))
}

pub fn cmd_webhook(ui: &Ui, cx: &Context, cmd: WebhookCommand) -> Result<Outcome, CommandError> {
    cx.config.require(&["LINEAR_WEBHOOK_SECRET"])?;
    let secret = cx
        .config
        .secrets
        .linear_webhook_secret
        .as_ref()
        .map(|s| s.expose().to_string())
        .ok_or_else(|| CommandError::internal("LINEAR_WEBHOOK_SECRET vanished after the check"))?;
    match cmd {
        WebhookCommand::Ingest(args) => ingest(ui, cx, &secret, &args),
        WebhookCommand::Serve(args) => serve(ui, cx, secret, &args),
    }
}

fn ingest(ui: &Ui, cx: &Context, secret: &str, args: &IngestArgs) -> Result<Outcome, CommandError> {
    // Read one byte past the limit so an oversize body is recognised without reading it all.
    let mut body = Vec::new();
    std::io::stdin()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)?;
    let store = cx.open_store()?;
    let receipt = accept(
        &store,
        secret,
        &body,
        Some(&args.signature),
        args.delivery.as_deref(),
        &cx.clock,
    )?
    .map_err(|rejection| {
        CommandError::usage(format!("webhook rejected: {rejection}")).with_hint(
            "nothing was queued; check LINEAR_WEBHOOK_SECRET and that the body is passed unchanged",
        )
    })?;
    report(ui, &receipt)?;
    Ok(Outcome::Clean)
}

fn report(ui: &Ui, receipt: &Receipt) -> Result<(), CommandError> {
    if ui.json() {
        ui.emit_json(receipt)?;
    } else {
        writeln!(ui.status(), "{}", receipt.sentence())?;
    }
    Ok(())
}

struct App {
    store: Mutex<Store>,
    secret: String,
    clock: Clock,
    log: tokio::sync::mpsc::UnboundedSender<Result<Receipt, String>>,
}

fn serve(ui: &Ui, cx: &Context, secret: String, args: &ServeArgs) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let app = Arc::new(App {
        store: Mutex::new(store),
        secret,
        clock: cx.clock,
        log: tx,
    });
    let router = Router::new()
        .route("/", post(receive))
        .route("/{*path}", post(receive))
        .route("/healthz", get(|| async { "ok" }))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app);
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| {
                CommandError::usage(format!("cannot listen on {}: {e}", args.listen))
                    .with_hint("pick another address with --listen, e.g. 127.0.0.1:0")
            })?;
        let addr = listener.local_addr()?;
        writeln!(
            ui.status(),
            "Listening on http://{addr}/ for Linear webhooks."
        )?;
        let server = tokio::spawn(
            axum::serve(listener, router)
                .with_graceful_shutdown(shutdown_signal())
                .into_future(),
        );
        // Handlers report here so all printing stays in `ui`; the channel closes when the
        // server (and with it the last sender) is gone.
        while let Some(entry) = rx.recv().await {
            match entry {
                Ok(receipt) => writeln!(ui.status(), "{}", receipt.sentence())?,
                Err(reason) => ui.warn(&reason)?,
            }
        }
        server
            .await
            .map_err(|e| CommandError::internal(format!("webhook server task failed: {e}")))??;
        writeln!(ui.status(), "Stopped.")?;
        Ok(Outcome::Clean)
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a handler there is nothing to wait for; SIGTERM still works.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Answer fast: verify, queue, reply. Linear retries non-2xx deliveries, so a database error is
/// a 500 (try again later) while a bad signature or body is final (401/400/413).
async fn receive(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> (StatusCode, String) {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let reason = format!(
                "webhook rejected: body over the {MAX_BODY_BYTES}-byte limit ({rejection})"
            );
            let _ = app.log.send(Err(reason.clone()));
            return (rejection.status(), reason);
        }
    };
    let outcome = {
        let store = app.store.lock().unwrap_or_else(|p| p.into_inner());
        accept(
            &store,
            &app.secret,
            &body,
            header("linear-signature"),
            header("linear-delivery"),
            &app.clock,
        )
    };
    match outcome {
        Ok(Ok(receipt)) => {
            let text = serde_json::to_string(&receipt).unwrap_or_default();
            let _ = app.log.send(Ok(receipt));
            (StatusCode::OK, text)
        }
        Ok(Err(rejection)) => {
            let reason = format!("webhook rejected: {rejection}");
            let _ = app.log.send(Err(reason.clone()));
            let status =
                StatusCode::from_u16(rejection.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
            (status, reason)
        }
        Err(err) => {
            let reason = format!("webhook not queued: {}", err.chain().join(": "));
            let _ = app.log.send(Err(reason.clone()));
            (StatusCode::INTERNAL_SERVER_ERROR, reason)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::linear::webhook::sign;

    const SECRET: &str = "whsec";

    fn clock() -> Clock {
        Clock::from_env(Some("2026-11-25T12:00:00Z")).unwrap()
    }

    proptest::proptest! {
        /// Whatever arrives, the queue grows only for a body signed with our secret whose
        /// timestamp is fresh; random bytes and random signatures never get in.
        #[test]
        fn nothing_unsigned_or_stale_is_ever_queued(
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..256),
            sig in "[0-9a-f]{0,70}",
            offset_ms in -200_000i64..200_000,
            sign_it in proptest::bool::ANY,
        ) {
            let store = Store::open_in_memory().unwrap();
            let now = now_ms(&clock());
            let event = format!(r#"{{"action":"create","type":"Issue","data":{{"id":"x"}},"webhookTimestamp":{}}}"#, now + offset_ms);
            for (raw, signature) in [
                (body.clone(), sig.clone()),
                (event.clone().into_bytes(), if sign_it { sign(SECRET, event.as_bytes()) } else { sig.clone() }),
            ] {
                let before = queue::depth(store.conn()).unwrap();
                let outcome = accept(&store, SECRET, &raw, Some(&signature), None, &clock()).unwrap();
                let after = queue::depth(store.conn()).unwrap();
                let validly_signed = signature == sign(SECRET, &raw);
                if !validly_signed {
                    proptest::prop_assert!(outcome.is_err());
                    proptest::prop_assert_eq!(after, before);
                }
                if after > before {
                    proptest::prop_assert!(validly_signed && offset_ms.abs() <= 60_000);
                }
            }
        }
    }
}
