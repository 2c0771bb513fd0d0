//! The `dlq` table: changes that failed after every retry, kept with their payload so
//! `dlq retry` can replay them against the current state.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::{Result, StoreError};
use crate::model::ids::MappingId;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeadLetter {
    pub id: i64,
    pub mapping_id: Option<MappingId>,
    pub op_kind: String,
    /// The item it concerns, e.g. `task:AAA…` or `issue:ENG-12`.
    pub item: String,
    pub error_kind: String,
    pub error: String,
    pub request_id: Option<String>,
    pub payload: serde_json::Value,
    pub attempts: i64,
    pub created_at: String,
    pub last_attempt_at: String,
}

/// What a failed op leaves behind.
#[derive(Debug, Clone)]
pub struct NewDeadLetter<'a> {
    pub mapping_id: Option<MappingId>,
    pub op_kind: &'a str,
    pub item: &'a str,
    pub error_kind: &'a str,
    pub error: &'a str,
    pub request_id: Option<&'a str>,
    pub payload: &'a serde_json::Value,
    pub attempts: i64,
}

const COLUMNS: &str = "id, mapping_id, op_kind, item, error_kind, error, request_id, payload, attempts, \
    created_at, last_attempt_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<(DeadLetter, String)> {
    Ok((
        DeadLetter {
            id: row.get(0)?,
            mapping_id: row.get(1)?,
            op_kind: row.get(2)?,
            item: row.get(3)?,
            error_kind: row.get(4)?,
            error: row.get(5)?,
            request_id: row.get(6)?,
            payload: serde_json::Value::Null,
            attempts: row.get(8)?,
            created_at: row.get(9)?,
            last_attempt_at: row.get(10)?,
        },
        row.get(7)?,
    ))
}

fn with_payload((mut letter, payload): (DeadLetter, String)) -> Result<DeadLetter> {
    letter.payload = serde_json::from_str(&payload)?;
    Ok(letter)
}

pub fn insert(conn: &Connection, new: &NewDeadLetter<'_>, now: &str) -> Result<i64> {
    super::exec(conn,
        "INSERT INTO dlq (mapping_id, op_kind, item, error_kind, error, request_id, payload, attempts,
            created_at, last_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            new.mapping_id,
            new.op_kind,
            new.item,
            new.error_kind,
            new.error,
            new.request_id,
            serde_json::to_string(new.payload)?,
            new.attempts,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn list(conn: &Connection) -> Result<Vec<DeadLetter>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM dlq ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|row| with_payload(row?)).collect()
}

pub fn get(conn: &Connection, id: i64) -> Result<DeadLetter> {
    let row = super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM dlq WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?;
    with_payload(row.ok_or(StoreError::NotFound {
        what: "dlq",
        id: id.to_string(),
    })?)
}

/// Remove a dead letter (dropped by a human, or replayed successfully).
pub fn remove(conn: &Connection, id: i64) -> Result<()> {
    match super::exec(conn, "DELETE FROM dlq WHERE id = ?1", [id])? {
        0 => Err(StoreError::NotFound {
            what: "dlq",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// A replay failed again: count the attempt and keep the latest error.
pub fn record_attempt(
    conn: &Connection,
    id: i64,
    error_kind: &str,
    error: &str,
    request_id: Option<&str>,
    now: &str,
) -> Result<()> {
    match super::exec(
        conn,
        "UPDATE dlq SET attempts = attempts + 1, last_attempt_at = ?2, error_kind = ?3, error = ?4,
            request_id = coalesce(?5, request_id) WHERE id = ?1",
        params![id, now, error_kind, error, request_id],
    )? {
        0 => Err(StoreError::NotFound {
            what: "dlq",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// The dead letter already kept for `op_kind` on `item` of `mapping`, if any: a pass that
/// fails the same change again updates it ([`refail`]) instead of adding a second one.
pub fn find(
    conn: &Connection,
    mapping: MappingId,
    op_kind: &str,
    item: &str,
) -> Result<Option<i64>> {
    Ok(super::query_row(
        conn,
        "SELECT id FROM dlq WHERE mapping_id = ?1 AND op_kind = ?2 AND item = ?3
                ORDER BY id LIMIT 1",
        params![mapping, op_kind, item],
        |r| r.get(0),
    )
    .optional()?)
}

/// A pass failed the change of letter `id` again: its newer payload (which includes the
/// old change) and error replace the old ones, and the attempt is counted.
pub fn refail(conn: &Connection, id: i64, new: &NewDeadLetter<'_>, now: &str) -> Result<()> {
    match super::exec(
        conn,
        "UPDATE dlq SET attempts = attempts + 1, last_attempt_at = ?2, error_kind = ?3, error = ?4,
            request_id = coalesce(?5, request_id), payload = ?6 WHERE id = ?1",
        params![
            id,
            now,
            new.error_kind,
            new.error,
            new.request_id,
            serde_json::to_string(new.payload)?
        ],
    )? {
        0 => Err(StoreError::NotFound {
            what: "dlq",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

pub fn depth(conn: &Connection, mapping: Option<MappingId>) -> Result<i64> {
    Ok(match mapping {
        Some(m) => super::query_row(
            conn,
            "SELECT count(*) FROM dlq WHERE mapping_id = ?1",
            [m],
            |r| r.get(0),
        )?,
        None => super::query_row(conn, "SELECT count(*) FROM dlq", [], |r| r.get(0))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn insert_list_get_remove() {
        let store = Store::open_in_memory().unwrap();
        let payload = serde_json::json!({"title": "x"});
        let new = NewDeadLetter {
            mapping_id: None,
            op_kind: "update_task",
            item: "task:t1",
            error_kind: "throttled",
            error: "429 after 3 attempts",
            request_id: Some("req-1"),
            payload: &payload,
            attempts: 3,
        };
        let id = insert(store.conn(), &new, "t").unwrap();
        assert_eq!(get(store.conn(), id).unwrap().payload, payload);
        assert_eq!(list(store.conn()).unwrap().len(), 1);
        assert_eq!(depth(store.conn(), None).unwrap(), 1);
        record_attempt(store.conn(), id, "exhausted", "503 again", None, "t2").unwrap();
        let again = get(store.conn(), id).unwrap();
        assert_eq!((again.attempts, again.last_attempt_at.as_str()), (4, "t2"));
        assert_eq!(again.request_id.as_deref(), Some("req-1"));
        assert_eq!(
            find(store.conn(), MappingId(1), "update_task", "task:t1").unwrap(),
            None
        );
        remove(store.conn(), id).unwrap();
        assert!(matches!(
            remove(store.conn(), id),
            Err(StoreError::NotFound { .. })
        ));
    }

    #[test]
    fn a_refailed_change_updates_its_letter() {
        let store = Store::open_in_memory().unwrap();
        let m = crate::store::mappings::insert(
            store.conn(),
            &crate::store::mappings::tests::sample(1),
            &[],
            "t",
        )
        .unwrap();
        let old = serde_json::json!({"title": "x"});
        let mut new = NewDeadLetter {
            mapping_id: Some(m),
            op_kind: "update_pair",
            item: "ENG-1 ↔ t1",
            error_kind: "exhausted",
            error: "503",
            request_id: Some("req-1"),
            payload: &old,
            attempts: 3,
        };
        let id = insert(store.conn(), &new, "t1").unwrap();
        assert_eq!(
            find(store.conn(), m, "update_pair", "ENG-1 ↔ t1").unwrap(),
            Some(id)
        );
        assert_eq!(
            find(store.conn(), m, "create_task", "ENG-1 ↔ t1").unwrap(),
            None
        );
        let newer = serde_json::json!({"title": "x", "priority": 1});
        new.payload = &newer;
        new.error = "500";
        new.request_id = None;
        refail(store.conn(), id, &new, "t2").unwrap();
        let letter = get(store.conn(), id).unwrap();
        assert_eq!(letter.payload, newer);
        assert_eq!((letter.attempts, letter.error.as_str()), (4, "500"));
        assert_eq!(
            (letter.created_at.as_str(), letter.last_attempt_at.as_str()),
            ("t1", "t2")
        );
        assert_eq!(letter.request_id.as_deref(), Some("req-1"));
        assert_eq!(list(store.conn()).unwrap().len(), 1);
    }
}
