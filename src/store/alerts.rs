//! The `alert` table: conditions a human must look at, raised once and cleared when they clear.

use rusqlite::{Connection, params};
use serde::Serialize;

use super::Result;
use crate::model::ids::MappingId;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: i64,
    pub mapping_id: Option<MappingId>,
    pub condition: String,
    pub message: String,
    pub raised_at: String,
}

/// Raise an alert; `true` only when it was not already open (so it is announced once).
pub fn raise(
    conn: &Connection,
    mapping: Option<MappingId>,
    condition: &str,
    message: &str,
    now: &str,
) -> Result<bool> {
    let n = super::exec(
        conn,
        "INSERT OR IGNORE INTO alert (mapping_id, condition, message, raised_at) VALUES (?1, ?2, ?3, ?4)",
        params![mapping, condition, message, now],
    )?;
    Ok(n == 1)
}

/// Clear an open alert; `true` when one was open.
pub fn clear(
    conn: &Connection,
    mapping: Option<MappingId>,
    condition: &str,
    now: &str,
) -> Result<bool> {
    let n = super::exec(conn,
        "UPDATE alert SET cleared_at = ?3 WHERE ifnull(mapping_id, 0) = ifnull(?1, 0) AND condition = ?2
            AND cleared_at IS NULL",
        params![mapping, condition, now],
    )?;
    Ok(n > 0)
}

/// Open alerts, of one mapping or of all (including those of no mapping) when `None`.
pub fn open(conn: &Connection, mapping: Option<MappingId>) -> Result<Vec<Alert>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, mapping_id, condition, message, raised_at FROM alert
         WHERE cleared_at IS NULL AND (?1 IS NULL OR mapping_id = ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([mapping], |row| {
        Ok(Alert {
            id: row.get(0)?,
            mapping_id: row.get(1)?,
            condition: row.get(2)?,
            message: row.get(3)?,
            raised_at: row.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A raise or a clear not yet delivered to the alerts webhook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertEvent {
    pub alert_id: i64,
    pub mapping_id: Option<MappingId>,
    pub condition: String,
    pub message: String,
    /// `raised` or `cleared`.
    pub event: &'static str,
    pub at: String,
}

/// Raises and clears not yet delivered, oldest first (a raise before its clear).
pub fn undelivered(conn: &Connection) -> Result<Vec<AlertEvent>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, mapping_id, condition, message, 'raised', raised_at FROM alert
             WHERE raise_sent_at IS NULL
         UNION ALL
         SELECT id, mapping_id, condition, message, 'cleared', cleared_at FROM alert
             WHERE cleared_at IS NOT NULL AND clear_sent_at IS NULL
         ORDER BY 1, 5 DESC",
    )?;
    let rows = stmt.query_map([], |row| {
        let event: String = row.get(4)?;
        Ok(AlertEvent {
            alert_id: row.get(0)?,
            mapping_id: row.get(1)?,
            condition: row.get(2)?,
            message: row.get(3)?,
            event: if event == "raised" {
                "raised"
            } else {
                "cleared"
            },
            at: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Record that an event was delivered, so it is never sent again.
pub fn mark_delivered(conn: &Connection, event: &AlertEvent, now: &str) -> Result<()> {
    let sql = if event.event == "raised" {
        "UPDATE alert SET raise_sent_at = ?2 WHERE id = ?1"
    } else {
        "UPDATE alert SET clear_sent_at = ?2 WHERE id = ?1"
    };
    super::exec(conn, sql, params![event.alert_id, now])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn raised_once_cleared_once() {
        let store = Store::open_in_memory().unwrap();
        assert!(raise(store.conn(), None, "auth", "401", "t").unwrap());
        assert!(!raise(store.conn(), None, "auth", "401 again", "t2").unwrap());
        assert_eq!(open(store.conn(), None).unwrap().len(), 1);
        assert!(clear(store.conn(), None, "auth", "t3").unwrap());
        assert!(!clear(store.conn(), None, "auth", "t4").unwrap());
        assert!(raise(store.conn(), None, "auth", "401", "t5").unwrap());
    }

    #[test]
    fn each_raise_and_clear_is_delivered_once() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        raise(conn, None, "auth", "401", "t1").unwrap();
        clear(conn, None, "auth", "t2").unwrap();
        raise(conn, None, "auth", "401 again", "t3").unwrap();
        let events = undelivered(conn).unwrap();
        let seen: Vec<(&str, &str)> = events.iter().map(|e| (e.event, e.at.as_str())).collect();
        assert_eq!(
            seen,
            vec![("raised", "t1"), ("cleared", "t2"), ("raised", "t3")]
        );
        mark_delivered(conn, &events[0], "n").unwrap();
        mark_delivered(conn, &events[1], "n").unwrap();
        assert_eq!(undelivered(conn).unwrap().len(), 1);
        mark_delivered(conn, &events[2], "n").unwrap();
        assert!(undelivered(conn).unwrap().is_empty());
    }
}
