//! The `op_intent` table: a create is written here before it is sent, with the id we chose
//! (Linear) or the title we will look for (Planner), so a retry after a crash adopts the item
//! instead of creating it twice.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::model::ids::MappingId;

#[derive(Debug, Clone, PartialEq)]
pub struct Intent {
    pub id: String,
    pub mapping_id: MappingId,
    pub kind: String,
    pub source_id: String,
    pub payload: String,
    pub created_at: String,
}

pub fn record(conn: &Connection, intent: &Intent) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO op_intent (id, mapping_id, kind, source_id, payload, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            intent.id,
            intent.mapping_id,
            intent.kind,
            intent.source_id,
            intent.payload,
            intent.created_at
        ],
    )?;
    Ok(())
}

/// Mark an intent done with the id of what was created.
pub fn complete(conn: &Connection, id: &str, result_id: &str, now: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE op_intent SET completed_at = ?2, result_id = ?3 WHERE id = ?1",
        params![id, now, result_id],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, mapping_id, kind, source_id, payload, created_at";

fn intent_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<Intent> {
    Ok(Intent {
        id: row.get(0)?,
        mapping_id: row.get(1)?,
        kind: row.get(2)?,
        source_id: row.get(3)?,
        payload: row.get(4)?,
        created_at: row.get(5)?,
    })
}

/// The oldest open intent of `kind` made from `source_id` (a task id, `task/checklist key`).
pub fn open_from(
    conn: &Connection,
    mapping: MappingId,
    kind: &str,
    source_id: &str,
) -> Result<Option<Intent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM op_intent
         WHERE mapping_id = ?1 AND kind = ?2 AND source_id = ?3 AND completed_at IS NULL
         ORDER BY created_at, id LIMIT 1"
    ))?;
    Ok(stmt
        .query_row(params![mapping, kind, source_id], intent_of)
        .optional()?)
}

/// Open intents of one `kind` (in the order they were written).
pub fn open_of_kind(conn: &Connection, mapping: MappingId, kind: &str) -> Result<Vec<Intent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM op_intent
         WHERE mapping_id = ?1 AND kind = ?2 AND completed_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map(params![mapping, kind], intent_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether the mapping's intent `id` of `kind` is still open.
pub fn is_open(conn: &Connection, mapping: MappingId, kind: &str, id: &str) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM op_intent
         WHERE id = ?1 AND mapping_id = ?2 AND kind = ?3 AND completed_at IS NULL",
    )?;
    Ok(stmt.exists(params![id, mapping, kind])?)
}

/// Intents of a mapping whose outcome is unknown (sent, then the process died).
pub fn open(conn: &Connection, mapping: MappingId) -> Result<Vec<Intent>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM op_intent
         WHERE mapping_id = ?1 AND completed_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map([mapping], intent_of)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, mappings};

    #[test]
    fn open_intents_survive_until_completed() {
        let store = Store::open_in_memory().unwrap();
        let m = mappings::insert(store.conn(), &mappings::tests::sample(1), &[], "t").unwrap();
        let intent = Intent {
            id: "7d4e…".into(),
            mapping_id: m,
            kind: "create_issue".into(),
            source_id: "task-1".into(),
            payload: "{}".into(),
            created_at: "t".into(),
        };
        record(store.conn(), &intent).unwrap();
        assert!(
            record(store.conn(), &intent).is_err(),
            "an intent id is written once"
        );
        assert_eq!(open(store.conn(), m).unwrap(), vec![intent.clone()]);
        let conn = store.conn();
        let found = open_from(conn, m, "create_issue", "task-1").unwrap();
        assert_eq!(found.as_ref(), Some(&intent));
        assert_eq!(open_from(conn, m, "create_task", "task-1").unwrap(), None);
        assert_eq!(open_from(conn, m, "create_issue", "task-2").unwrap(), None);
        assert_eq!(
            open_of_kind(conn, m, "create_issue").unwrap(),
            vec![intent.clone()]
        );
        assert!(is_open(conn, m, "create_issue", &intent.id).unwrap());
        assert!(!is_open(conn, m, "create_task", &intent.id).unwrap());
        complete(store.conn(), &intent.id, "issue-1", "t2").unwrap();
        assert!(open(store.conn(), m).unwrap().is_empty());
        assert_eq!(open_from(conn, m, "create_issue", "task-1").unwrap(), None);
        assert!(open_of_kind(conn, m, "create_issue").unwrap().is_empty());
        assert!(!is_open(conn, m, "create_issue", &intent.id).unwrap());
    }
}
