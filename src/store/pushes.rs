//! The `push_intake` table: which Linear issue a pushed ticket's `external_id` became, written
//! before the issue is created (with the issue id we chose), so a rerun — after success or
//! after a crash — finds the same issue instead of creating a second one.

use rusqlite::{Connection, OptionalExtension, params};

use super::Result;
use crate::model::ids::MappingId;

/// The issue id recorded for `external_id` in this mapping, if it was pushed before.
pub fn issue_for(
    conn: &Connection,
    mapping: MappingId,
    external_id: &str,
) -> Result<Option<String>> {
    Ok(super::query_row(
        conn,
        "SELECT issue_id FROM push_intake WHERE mapping_id = ?1 AND external_id = ?2",
        params![mapping, external_id],
        |row| row.get(0),
    )
    .optional()?)
}

/// Record the issue id chosen for `external_id` (before the issue is created).
pub fn record(
    conn: &Connection,
    mapping: MappingId,
    external_id: &str,
    issue_id: &str,
    now: &str,
) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO push_intake (mapping_id, external_id, issue_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![mapping, external_id, issue_id, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn an_external_id_maps_to_one_issue_per_mapping() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        conn.execute_batch(
            "INSERT INTO mapping (id, linear_team_id, linear_team_key, linear_project_id, linear_project_name, planner_plan_id, planner_plan_title, state, created_at)
             VALUES (1, 't', 'ENG', 'p', 'P', 'plan', 'Plan', 'ok', 'now')",
        )
        .unwrap();
        assert_eq!(issue_for(conn, MappingId(1), "pd:1").unwrap(), None);
        record(conn, MappingId(1), "pd:1", "issue-1", "now").unwrap();
        assert_eq!(
            issue_for(conn, MappingId(1), "pd:1").unwrap().as_deref(),
            Some("issue-1")
        );
        assert!(record(conn, MappingId(1), "pd:1", "issue-2", "now").is_err());
    }
}
