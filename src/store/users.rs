//! The `user_map` table: Linear user ↔ Azure AD user by email, cached for `user_cache_hours`,
//! plus manual overrides (`users map`) that the cache refresh never replaces.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::{Result, StoreError};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserLink {
    pub email: String,
    pub linear_user_id: Option<String>,
    pub aad_user_id: Option<String>,
    pub display_name: Option<String>,
    /// `auto` (looked up) or `manual` (set by `users map`).
    pub source: String,
    pub fetched_at: String,
}

impl UserLink {
    /// Both sides known: assignments can flow.
    pub fn is_mapped(&self) -> bool {
        self.linear_user_id.is_some() && self.aad_user_id.is_some()
    }
}

pub fn list(conn: &Connection) -> Result<Vec<UserLink>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM user_map ORDER BY email"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A manual override: this email is that AAD user (keeps a known Linear id).
pub fn map_manual(conn: &Connection, email: &str, aad_user_id: &str, now: &str) -> Result<()> {
    super::exec(conn,
        "INSERT INTO user_map (email, aad_user_id, source, fetched_at) VALUES (?1, ?2, 'manual', ?3)
         ON CONFLICT (email) DO UPDATE SET aad_user_id = excluded.aad_user_id, source = 'manual',
            fetched_at = excluded.fetched_at",
        params![email, aad_user_id, now],
    )?;
    Ok(())
}

/// A looked-up pair; never overwrites a manual override's AAD id.
pub fn upsert_auto(conn: &Connection, user: &UserLink, now: &str) -> Result<()> {
    super::exec(conn,
        "INSERT INTO user_map (email, linear_user_id, aad_user_id, display_name, source, fetched_at)
         VALUES (?1, ?2, ?3, ?4, 'auto', ?5)
         ON CONFLICT (email) DO UPDATE SET linear_user_id = excluded.linear_user_id,
            display_name = excluded.display_name, fetched_at = excluded.fetched_at,
            aad_user_id = CASE WHEN user_map.source = 'manual' THEN user_map.aad_user_id ELSE excluded.aad_user_id END",
        params![user.email, user.linear_user_id, user.aad_user_id, user.display_name, now],
    )?;
    Ok(())
}

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserLink> {
    Ok(UserLink {
        email: row.get(0)?,
        linear_user_id: row.get(1)?,
        aad_user_id: row.get(2)?,
        display_name: row.get(3)?,
        source: row.get(4)?,
        fetched_at: row.get(5)?,
    })
}

const COLUMNS: &str = "email, linear_user_id, aad_user_id, display_name, source, fetched_at";

/// The row of an email (case-insensitive).
pub fn get(conn: &Connection, email: &str) -> Result<Option<UserLink>> {
    use rusqlite::OptionalExtension;
    Ok(super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM user_map WHERE email = ?1"),
        [email],
        from_row,
    )
    .optional()?)
}

/// The row of an Azure AD user id.
pub fn by_aad_id(conn: &Connection, aad_user_id: &str) -> Result<Option<UserLink>> {
    use rusqlite::OptionalExtension;
    Ok(super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM user_map WHERE aad_user_id = ?1"),
        [aad_user_id],
        from_row,
    )
    .optional()?)
}

/// Record a lookup of the Azure AD side (`None`: no such user). Manual overrides are kept.
pub fn record_aad(
    conn: &Connection,
    email: &str,
    aad_user_id: Option<&str>,
    now: &str,
) -> Result<()> {
    super::exec(conn,
        "INSERT INTO user_map (email, aad_user_id, source, fetched_at) VALUES (?1, ?2, 'auto', ?3)
         ON CONFLICT (email) DO UPDATE SET fetched_at = excluded.fetched_at,
            aad_user_id = CASE WHEN user_map.source = 'manual' THEN user_map.aad_user_id ELSE excluded.aad_user_id END",
        params![email, aad_user_id, now],
    )?;
    Ok(())
}

/// Record a lookup of the Linear side (`None`: no such user).
pub fn record_linear(
    conn: &Connection,
    email: &str,
    linear_user_id: Option<&str>,
    now: &str,
) -> Result<()> {
    super::exec(conn,
        "INSERT INTO user_map (email, linear_user_id, source, fetched_at) VALUES (?1, ?2, 'auto', ?3)
         ON CONFLICT (email) DO UPDATE SET linear_user_id = excluded.linear_user_id",
        params![email, linear_user_id, now],
    )?;
    Ok(())
}

pub fn forget(conn: &Connection, email: &str) -> Result<()> {
    match super::exec(conn, "DELETE FROM user_map WHERE email = ?1", [email])? {
        0 => Err(StoreError::NotFound {
            what: "users",
            id: email.to_string(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn manual_override_survives_refresh() {
        let store = Store::open_in_memory().unwrap();
        map_manual(store.conn(), "Alice@Acme.com", "aad-manual", "t").unwrap();
        let looked_up = UserLink {
            email: "alice@acme.com".into(),
            linear_user_id: Some("lin-1".into()),
            aad_user_id: Some("aad-auto".into()),
            display_name: Some("Alice".into()),
            source: "auto".into(),
            fetched_at: String::new(),
        };
        upsert_auto(store.conn(), &looked_up, "t2").unwrap();
        let users = list(store.conn()).unwrap();
        assert_eq!(users.len(), 1, "email is case-insensitive");
        assert_eq!(users[0].aad_user_id.as_deref(), Some("aad-manual"));
        assert_eq!(users[0].linear_user_id.as_deref(), Some("lin-1"));
        assert!(users[0].is_mapped());
        forget(store.conn(), "ALICE@acme.com").unwrap();
        assert!(list(store.conn()).unwrap().is_empty());
    }
}
