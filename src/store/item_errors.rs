//! The `item_error` table: which dead letters were announced on their Linear issue
//! (`surface_errors`), and when the follow-up said they recovered. One row per dead letter,
//! so each is announced once.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::model::ids::MappingId;

/// A dead letter announced on an issue and not yet followed up.
#[derive(Debug, Clone, PartialEq)]
pub struct Announced {
    pub dlq_id: i64,
    pub issue_id: String,
}

/// Whether this dead letter was already announced.
pub fn announced(conn: &Connection, dlq_id: i64) -> Result<bool> {
    Ok(super::query_row(
        conn,
        "SELECT 1 FROM item_error WHERE dlq_id = ?1",
        [dlq_id],
        |_| Ok(()),
    )
    .optional()?
    .is_some())
}

/// Record the announcement of a dead letter.
pub fn insert(
    conn: &Connection,
    dlq_id: i64,
    mapping: MappingId,
    issue_id: &str,
    now: &str,
) -> Result<()> {
    super::exec(
        conn,
        "INSERT OR IGNORE INTO item_error (dlq_id, mapping_id, issue_id, commented_at)
         VALUES (?1, ?2, ?3, ?4)",
        params![dlq_id, mapping, issue_id, now],
    )?;
    Ok(())
}

/// Announced dead letters of a mapping still waiting for their follow-up.
pub fn open(conn: &Connection, mapping: MappingId) -> Result<Vec<Announced>> {
    let mut stmt = conn.prepare_cached(
        "SELECT dlq_id, issue_id FROM item_error
         WHERE mapping_id = ?1 AND recovered_at IS NULL ORDER BY issue_id, dlq_id",
    )?;
    let rows = stmt.query_map([mapping], |r| {
        Ok(Announced {
            dlq_id: r.get(0)?,
            issue_id: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The follow-up was written.
pub fn recovered(conn: &Connection, dlq_id: i64, now: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE item_error SET recovered_at = ?2 WHERE dlq_id = ?1",
        params![dlq_id, now],
    )?;
    Ok(())
}
