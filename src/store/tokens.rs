//! The `token_cache` table: the Graph access token, reused across runs until it nears expiry.
//! The database file is created with mode 0600 because of this table.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;

pub fn get(conn: &Connection, key: &str) -> Result<Option<(String, String)>> {
    Ok(super::query_row(
        conn,
        "SELECT access_token, expires_at FROM token_cache WHERE key = ?1",
        [key],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()?)
}

pub fn put(conn: &Connection, key: &str, token: &str, expires_at: &str) -> Result<()> {
    super::exec(conn,
        "INSERT INTO token_cache (key, access_token, expires_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET access_token = excluded.access_token, expires_at = excluded.expires_at",
        params![key, token, expires_at],
    )?;
    Ok(())
}

pub fn forget(conn: &Connection, key: &str) -> Result<()> {
    super::exec(conn, "DELETE FROM token_cache WHERE key = ?1", [key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn put_replaces() {
        let store = Store::open_in_memory().unwrap();
        put(store.conn(), "tenant/client", "a", "t1").unwrap();
        put(store.conn(), "tenant/client", "b", "t2").unwrap();
        assert_eq!(
            get(store.conn(), "tenant/client").unwrap(),
            Some(("b".into(), "t2".into()))
        );
        forget(store.conn(), "tenant/client").unwrap();
        assert_eq!(get(store.conn(), "tenant/client").unwrap(), None);
    }
}
