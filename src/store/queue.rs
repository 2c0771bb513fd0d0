//! The `change_queue` table: verified webhook events waiting for the next pass. Duplicate
//! deliveries are dropped by their delivery key, so a replay enqueues nothing.

use rusqlite::{Connection, params};

use super::Result;

#[derive(Debug, Clone, PartialEq)]
pub struct QueuedEvent {
    pub id: i64,
    pub event_type: String,
    pub action: String,
    pub entity_id: Option<String>,
    pub payload: String,
    pub received_at: String,
}

/// Enqueue an event; `false` when the same delivery was already queued.
pub fn push(
    conn: &Connection,
    delivery_key: &str,
    event_type: &str,
    action: &str,
    entity_id: Option<&str>,
    payload: &str,
    now: &str,
) -> Result<bool> {
    let n = super::exec(conn,
        "INSERT OR IGNORE INTO change_queue (delivery_key, event_type, action, entity_id, payload, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![delivery_key, event_type, action, entity_id, payload, now],
    )?;
    Ok(n == 1)
}

/// Unprocessed events, oldest first, at most `limit`.
pub fn pending(conn: &Connection, limit: usize) -> Result<Vec<QueuedEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, event_type, action, entity_id, payload, received_at FROM change_queue
         WHERE processed_at IS NULL ORDER BY id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit as i64], |row| {
        Ok(QueuedEvent {
            id: row.get(0)?,
            event_type: row.get(1)?,
            action: row.get(2)?,
            entity_id: row.get(3)?,
            payload: row.get(4)?,
            received_at: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn mark_processed(conn: &Connection, id: i64, now: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE change_queue SET processed_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

pub fn depth(conn: &Connection) -> Result<i64> {
    Ok(super::query_row(
        conn,
        "SELECT count(*) FROM change_queue WHERE processed_at IS NULL",
        [],
        |r| r.get(0),
    )?)
}

/// Time of the newest event received, for "are webhooks flowing".
pub fn last_received(conn: &Connection) -> Result<Option<String>> {
    Ok(super::query_row(
        conn,
        "SELECT max(received_at) FROM change_queue",
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn duplicates_are_dropped_and_processing_drains() {
        let store = Store::open_in_memory().unwrap();
        assert!(push(store.conn(), "d1", "Issue", "update", Some("i1"), "{}", "t").unwrap());
        assert!(!push(store.conn(), "d1", "Issue", "update", Some("i1"), "{}", "t").unwrap());
        assert!(push(store.conn(), "d2", "Comment", "create", None, "{}", "t2").unwrap());
        assert_eq!(depth(store.conn()).unwrap(), 2);
        let first = pending(store.conn(), 1).unwrap();
        assert_eq!(first[0].event_type, "Issue");
        mark_processed(store.conn(), first[0].id, "t3").unwrap();
        assert_eq!(depth(store.conn()).unwrap(), 1);
        assert_eq!(last_received(store.conn()).unwrap().as_deref(), Some("t2"));
    }
}
