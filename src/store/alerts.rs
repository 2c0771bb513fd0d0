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
    let n = conn.execute(
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
    let n = conn.execute(
        "UPDATE alert SET cleared_at = ?3 WHERE ifnull(mapping_id, 0) = ifnull(?1, 0) AND condition = ?2
            AND cleared_at IS NULL",
        params![mapping, condition, now],
    )?;
    Ok(n > 0)
}

/// Open alerts, of one mapping or of all (including those of no mapping) when `None`.
pub fn open(conn: &Connection, mapping: Option<MappingId>) -> Result<Vec<Alert>> {
    let mut stmt = conn.prepare(
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
}
