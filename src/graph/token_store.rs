//! [`SqliteTokenCache`]: the Graph token cache backed by the state database, so a token is
//! reused across runs (cron starts a process per pass) until it nears expiry.
//!
//! It holds its own [`Store`] (its own SQLite connection, WAL mode lets it sit beside the
//! run's) behind a mutex, and goes through `store::tokens` only: no SQL here. The
//! [`TokenCache`] trait cannot fail, so a database error on load is a cache miss and one on
//! save is dropped: either costs one token request, never a failed pass.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::graph::auth::{CachedToken, TokenCache};
use crate::store::{Store, StoreError, tokens};

/// A [`TokenCache`] in the `token_cache` table of the state database.
pub struct SqliteTokenCache {
    store: Mutex<Store>,
}

impl SqliteTokenCache {
    /// Opens (creating and migrating if needed) the state database at `path`.
    pub fn open(path: &Path) -> Result<SqliteTokenCache, StoreError> {
        Ok(SqliteTokenCache::new(Store::open(path)?))
    }

    /// A cache over an already open store (e.g. an in-memory one in tests).
    pub fn new(store: Store) -> SqliteTokenCache {
        SqliteTokenCache {
            store: Mutex::new(store),
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl TokenCache for SqliteTokenCache {
    fn load(&self, key: &str) -> Option<CachedToken> {
        let (access_token, expires_at) = tokens::get(self.store().conn(), key).ok()??;
        let expires_at = OffsetDateTime::parse(&expires_at, &Rfc3339).ok()?;
        Some(CachedToken {
            access_token,
            expires_at,
        })
    }

    fn save(&self, key: &str, token: &CachedToken) {
        let Ok(expires_at) = token.expires_at.format(&Rfc3339) else {
            return;
        };
        // See the module doc: a failed save only costs a token request on the next run.
        let _ = tokens::put(self.store().conn(), key, &token.access_token, &expires_at);
    }
}

#[cfg(test)]
mod tests {
    use time::Duration;

    use super::*;

    #[test]
    fn round_trip_and_garbage_is_a_miss() {
        let cache = SqliteTokenCache::new(Store::open_in_memory().unwrap());
        assert_eq!(cache.load("t/c"), None);
        let token = CachedToken {
            access_token: "abc".into(),
            expires_at: OffsetDateTime::now_utc().replace_nanosecond(0).unwrap()
                + Duration::hours(1),
        };
        cache.save("t/c", &token);
        assert_eq!(cache.load("t/c"), Some(token));
        tokens::put(cache.store().conn(), "t/c", "abc", "not a time").unwrap();
        assert_eq!(cache.load("t/c"), None);
    }
}
