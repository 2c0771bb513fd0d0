//! Client-credentials tokens: fetched from `{login}/{tenant}/oauth2/v2.0/token`, kept in a
//! [`TokenCache`] (the store backs it across runs; [`MemoryTokenCache`] within one) and reused
//! until less than ten minutes remain, so a token never expires in the middle of a pass.
//!
//! Refreshes are serialized: when many tasks hit a 401 together, one fetches the new token
//! and the others reuse it. AAD errors carry an `AADSTS` code; each known code comes with the
//! setting the user has to fix.

use std::collections::HashMap;
use std::sync::Mutex;

use reqwest::Method;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

use super::pipeline::{Body, Call};
use super::{GRAPH_SCOPE, GraphClient, GraphError, RequestKind, encode_component};

/// A token is refreshed when less than this remains (the spec's "refresh at 50 min").
pub const REFRESH_MARGIN: Duration = Duration::minutes(10);

/// An access token and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedToken {
    pub access_token: String,
    pub expires_at: OffsetDateTime,
}

impl CachedToken {
    /// Still good for at least [`REFRESH_MARGIN`] at `now`.
    pub fn is_fresh(&self, now: OffsetDateTime) -> bool {
        self.expires_at - now >= REFRESH_MARGIN
    }
}

/// Where tokens live between requests (and, backed by the store, between runs).
/// `key` identifies the app registration (`{tenant}/{client_id}`).
pub trait TokenCache: Send + Sync {
    fn load(&self, key: &str) -> Option<CachedToken>;
    fn save(&self, key: &str, token: &CachedToken);
}

/// A process-local cache (tests, and runs that do not persist tokens).
#[derive(Debug, Default)]
pub struct MemoryTokenCache {
    tokens: Mutex<HashMap<String, CachedToken>>,
}

impl MemoryTokenCache {
    pub fn new() -> Self {
        Self::default()
    }
}

impl TokenCache for MemoryTokenCache {
    fn load(&self, key: &str) -> Option<CachedToken> {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(key)
            .cloned()
    }

    fn save(&self, key: &str, token: &CachedToken) {
        self.tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_owned(), token.clone());
    }
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    expires_in: i64,
}

#[derive(Deserialize, Default)]
struct AadError {
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    error_codes: Vec<u64>,
}

/// The setting to fix for an AADSTS code.
pub fn aadsts_fix(code: u64) -> &'static str {
    match code {
        7000215 | 7000222 => {
            "check GRAPH_CLIENT_SECRET (use the secret's value, not its id; it may have expired)"
        }
        90002 | 900023 => {
            "check GRAPH_TENANT_ID (the directory (tenant) id of the app registration)"
        }
        700016 => "check GRAPH_CLIENT_ID (the application (client) id, registered in that tenant)",
        65001 | 7000112 | 500011 => {
            "grant admin consent for the application permissions in Entra ID"
        }
        _ => "check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET, then run `doctor`",
    }
}

/// `AADSTS7000215` from `error_codes`, else from the description text.
fn aadsts_code(err: &AadError) -> Option<u64> {
    err.error_codes.first().copied().or_else(|| {
        let text = err.error_description.as_deref()?;
        let digits: String = text
            .split_once("AADSTS")?
            .1
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    })
}

impl GraphClient {
    pub(super) fn cache_key(&self) -> String {
        let o = &self.inner.opts;
        format!("{}/{}", o.tenant_id, o.client_id)
    }

    /// A token with at least ten minutes left: the cached one, or a new one.
    pub(crate) async fn access_token(&self) -> Result<String, GraphError> {
        let key = self.cache_key();
        let cache = &self.inner.opts.token_cache;
        if let Some(t) = cache
            .load(&key)
            .filter(|t| t.is_fresh(OffsetDateTime::now_utc()))
        {
            return Ok(t.access_token);
        }
        let _guard = self.inner.token_lock.lock().await;
        // Another task may have refreshed while we waited for the lock.
        if let Some(t) = cache
            .load(&key)
            .filter(|t| t.is_fresh(OffsetDateTime::now_utc()))
        {
            return Ok(t.access_token);
        }
        let token = self.fetch_token().await?;
        cache.save(&key, &token);
        Ok(token.access_token)
    }

    /// A new token after Graph refused `rejected` (unless another task already replaced it).
    pub(crate) async fn refresh_token(&self, rejected: &str) -> Result<String, GraphError> {
        let key = self.cache_key();
        let cache = &self.inner.opts.token_cache;
        let _guard = self.inner.token_lock.lock().await;
        if let Some(t) = cache
            .load(&key)
            .filter(|t| t.access_token != rejected && t.is_fresh(OffsetDateTime::now_utc()))
        {
            return Ok(t.access_token);
        }
        let token = self.fetch_token().await?;
        cache.save(&key, &token);
        Ok(token.access_token)
    }

    /// Fetches a token (through the pipeline: throttled and retried like any request) and
    /// validates the credentials. `doctor` uses it to test them.
    pub async fn fetch_token(&self) -> Result<CachedToken, GraphError> {
        let o = &self.inner.opts;
        let url = format!(
            "{}/{}/oauth2/v2.0/token",
            o.login_url.trim_end_matches('/'),
            encode_component(&o.tenant_id)
        );
        let form = format!(
            "client_id={}&client_secret={}&grant_type=client_credentials&scope={}",
            encode_component(&o.client_id),
            encode_component(o.client_secret.expose()),
            encode_component(GRAPH_SCOPE)
        );
        let mut call = Call::new(Method::POST, url, RequestKind::Token);
        call.body = Body::Form(form);
        call.auth = false;
        // Asking for a token twice is harmless.
        call.idempotent = true;
        let reply = self.send_raw(&call, None).await?;
        if reply.is_success() {
            let answer: TokenAnswer = reply.json("the token endpoint")?;
            return Ok(CachedToken {
                access_token: answer.access_token,
                expires_at: OffsetDateTime::now_utc() + Duration::seconds(answer.expires_in),
            });
        }
        let err: AadError = serde_json::from_slice(&reply.body).unwrap_or_default();
        let code = aadsts_code(&err);
        let message = err
            .error_description
            .or(err.error)
            .unwrap_or_else(|| format!("the token endpoint answered {}", reply.status));
        Err(GraphError::AuthFailed {
            code: code.map(|c| format!("AADSTS{c}")),
            message,
            fix: aadsts_fix(code.unwrap_or(0)).to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_from_list_or_text() {
        let listed = AadError {
            error_codes: vec![90002],
            ..AadError::default()
        };
        assert_eq!(aadsts_code(&listed), Some(90002));
        let text = AadError {
            error_description: Some("AADSTS7000215: Invalid client secret".into()),
            ..AadError::default()
        };
        assert_eq!(aadsts_code(&text), Some(7000215));
        assert!(aadsts_fix(7000215).contains("GRAPH_CLIENT_SECRET"));
        assert!(aadsts_fix(65001).contains("admin consent"));
    }

    #[test]
    fn freshness_margin() {
        let now = OffsetDateTime::now_utc();
        let token = |mins| CachedToken {
            access_token: "t".into(),
            expires_at: now + Duration::minutes(mins),
        };
        assert!(token(11).is_fresh(now));
        assert!(!token(9).is_fresh(now));
    }
}
