//! The `checklist_link` table: which checklist item of a linked task is which Linear
//! sub-issue. Planner has no custom attributes, so this is the only place the pairing lives
//! (items we add are keyed by their sub-issue's id, so a lost row is re-derived from the key).

use rusqlite::{Connection, params};

use super::Result;

/// One item ↔ sub-issue pairing of a link.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemLink {
    pub item_key: String,
    pub sub_issue_id: String,
    /// The state the sub-issue was in before the bridge completed it (reopen target).
    pub reopen_state_id: Option<String>,
    /// The item was removed in Planner: the sub-issue is no longer mirrored.
    pub detached: bool,
}

/// The pairings of a link.
pub fn for_link(conn: &Connection, link: i64) -> Result<Vec<ItemLink>> {
    let mut stmt = conn.prepare_cached(
        "SELECT item_key, sub_issue_id, reopen_state_id, detached_at IS NOT NULL
         FROM checklist_link WHERE link_id = ?1 ORDER BY item_key",
    )?;
    let rows = stmt.query_map([link], |row| {
        Ok(ItemLink {
            item_key: row.get(0)?,
            sub_issue_id: row.get(1)?,
            reopen_state_id: row.get(2)?,
            detached: row.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Pair an item with a sub-issue (replacing an older pairing of either).
pub fn put(conn: &Connection, link: i64, item_key: &str, sub_issue_id: &str) -> Result<()> {
    super::exec(
        conn,
        "DELETE FROM checklist_link WHERE link_id = ?1 AND (item_key = ?2 OR sub_issue_id = ?3)",
        params![link, item_key, sub_issue_id],
    )?;
    super::exec(
        conn,
        "INSERT INTO checklist_link (link_id, item_key, sub_issue_id) VALUES (?1, ?2, ?3)",
        params![link, item_key, sub_issue_id],
    )?;
    Ok(())
}

/// Remember (or forget, with `None`) the state to reopen a sub-issue in.
pub fn set_reopen_state(
    conn: &Connection,
    link: i64,
    sub_issue_id: &str,
    state: Option<&str>,
) -> Result<()> {
    super::exec(
        conn,
        "UPDATE checklist_link SET reopen_state_id = ?3 WHERE link_id = ?1 AND sub_issue_id = ?2",
        params![link, sub_issue_id, state],
    )?;
    Ok(())
}

/// The item was removed in Planner: keep the row (so the sub-issue is not mirrored again).
pub fn detach(conn: &Connection, link: i64, sub_issue_id: &str, now: &str) -> Result<()> {
    let changed = super::exec(
        conn,
        "UPDATE checklist_link SET detached_at = ?3 WHERE link_id = ?1 AND sub_issue_id = ?2",
        params![link, sub_issue_id, now],
    )?;
    if changed == 0 {
        // Paired by its key only (the row was lost): record the detachment all the same.
        super::exec(
            conn,
            "INSERT OR IGNORE INTO checklist_link (link_id, item_key, sub_issue_id, detached_at)
             VALUES (?1, ?2, ?2, ?3)",
            params![link, sub_issue_id, now],
        )?;
    }
    Ok(())
}

/// The sub-issue is gone from Linear and its item from Planner: forget the pairing.
pub fn remove(conn: &Connection, link: i64, sub_issue_id: &str) -> Result<()> {
    super::exec(
        conn,
        "DELETE FROM checklist_link WHERE link_id = ?1 AND sub_issue_id = ?2",
        params![link, sub_issue_id],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{IssueId, TaskId};
    use crate::store::{Store, links, mappings};

    #[test]
    fn pairings_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        let m = mappings::insert(c, &mappings::tests::sample(1), &[], "t").unwrap();
        let link =
            links::insert(c, m, &TaskId("t".into()), &IssueId("i".into()), None, "t").unwrap();
        put(c, link, "k1", "s1").unwrap();
        put(c, link, "s2", "s2").unwrap();
        set_reopen_state(c, link, "s1", Some("todo")).unwrap();
        put(c, link, "k1", "s1").unwrap();
        let rows = for_link(c, link).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].reopen_state_id, None, "a new pairing starts fresh");
        detach(c, link, "s2", "t2").unwrap();
        detach(c, link, "s3", "t2").unwrap();
        remove(c, link, "s1").unwrap();
        let rows = for_link(c, link).unwrap();
        assert_eq!(
            rows.iter()
                .map(|r| (r.sub_issue_id.as_str(), r.detached))
                .collect::<Vec<_>>(),
            vec![("s2", true), ("s3", true)]
        );
    }
}
