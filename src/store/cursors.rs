//! The `cursor` table: where the last complete read of each side ended. A cursor is written
//! only after everything before it was applied, so a crash re-reads instead of skipping.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::model::ids::MappingId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Planner,
    Linear,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Planner => "planner",
            Side::Linear => "linear",
        }
    }
}

/// A read position: Planner's deltaLink, or Linear's largest `updatedAt` with the ids already
/// seen at exactly that instant (so ties are neither skipped nor re-read forever).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub position: String,
    pub tie_ids: Vec<String>,
    pub updated_at: String,
}

pub fn get(conn: &Connection, mapping: MappingId, side: Side) -> Result<Option<Cursor>> {
    let row = super::query_row(
        conn,
        "SELECT position, tie_ids, updated_at FROM cursor WHERE mapping_id = ?1 AND side = ?2",
        params![mapping, side.as_str()],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    )
    .optional()?;
    match row {
        None => Ok(None),
        Some((position, ties, updated_at)) => Ok(Some(Cursor {
            position,
            tie_ids: serde_json::from_str(&ties)?,
            updated_at,
        })),
    }
}

pub fn put(
    conn: &Connection,
    mapping: MappingId,
    side: Side,
    position: &str,
    tie_ids: &[String],
    now: &str,
) -> Result<()> {
    super::exec(conn,
        "INSERT INTO cursor (mapping_id, side, position, tie_ids, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (mapping_id, side) DO UPDATE SET position = excluded.position,
            tie_ids = excluded.tie_ids, updated_at = excluded.updated_at",
        params![mapping, side.as_str(), position, serde_json::to_string(tie_ids)?, now],
    )?;
    Ok(())
}

/// Forget a cursor (e.g. Planner answered 410: the next pass runs a full resync).
pub fn clear(conn: &Connection, mapping: MappingId, side: Side) -> Result<()> {
    super::exec(
        conn,
        "DELETE FROM cursor WHERE mapping_id = ?1 AND side = ?2",
        params![mapping, side.as_str()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, mappings};

    #[test]
    fn put_get_clear() {
        let store = Store::open_in_memory().unwrap();
        let m = mappings::insert(store.conn(), &mappings::tests::sample(1), &[], "t").unwrap();
        assert!(get(store.conn(), m, Side::Linear).unwrap().is_none());
        put(
            store.conn(),
            m,
            Side::Linear,
            "2026-11-25T00:00:00.123Z",
            &["a".into()],
            "t1",
        )
        .unwrap();
        put(store.conn(), m, Side::Planner, "https://delta", &[], "t1").unwrap();
        let c = get(store.conn(), m, Side::Linear).unwrap().unwrap();
        assert_eq!(c.tie_ids, vec!["a".to_string()]);
        clear(store.conn(), m, Side::Linear).unwrap();
        assert!(get(store.conn(), m, Side::Linear).unwrap().is_none());
        assert!(get(store.conn(), m, Side::Planner).unwrap().is_some());
    }
}
