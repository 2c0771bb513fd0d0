//! The `link` and `shadow` tables: which task is which issue, and the last-synced Ticket of
//! each pair (the base of the three-way merge).

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Result;
use crate::model::ids::{IssueId, MappingId, TaskId};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub id: i64,
    pub mapping_id: MappingId,
    pub task_id: TaskId,
    pub issue_id: IssueId,
    pub issue_identifier: Option<String>,
    pub created_at: String,
    pub ended_at: Option<String>,
    pub ended_reason: Option<String>,
}

/// The last-synced state of a pair, with the versions it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct Shadow<T> {
    pub ticket: T,
    pub task_etag: Option<String>,
    pub details_etag: Option<String>,
    pub issue_updated_at: Option<String>,
}

const COLUMNS: &str =
    "id, mapping_id, task_id, issue_id, issue_identifier, created_at, ended_at, ended_reason";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Link> {
    Ok(Link {
        id: row.get(0)?,
        mapping_id: row.get(1)?,
        task_id: row.get(2)?,
        issue_id: row.get(3)?,
        issue_identifier: row.get(4)?,
        created_at: row.get(5)?,
        ended_at: row.get(6)?,
        ended_reason: row.get(7)?,
    })
}

/// Tie a task to an issue. Fails if either already has a live link (unique indexes).
pub fn insert(
    conn: &Connection,
    mapping: MappingId,
    task: &TaskId,
    issue: &IssueId,
    identifier: Option<&str>,
    now: &str,
) -> Result<i64> {
    super::exec(
        conn,
        "INSERT INTO link (mapping_id, task_id, issue_id, issue_identifier, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![mapping, task, issue, identifier, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn live_by_task(conn: &Connection, task: &TaskId) -> Result<Option<Link>> {
    let sql = format!("SELECT {COLUMNS} FROM link WHERE task_id = ?1 AND ended_at IS NULL");
    Ok(super::query_row(conn, &sql, [task], from_row).optional()?)
}

pub fn live_by_issue(conn: &Connection, issue: &IssueId) -> Result<Option<Link>> {
    let sql = format!("SELECT {COLUMNS} FROM link WHERE issue_id = ?1 AND ended_at IS NULL");
    Ok(super::query_row(conn, &sql, [issue], from_row).optional()?)
}

/// Live links of a mapping, oldest first.
pub fn live(conn: &Connection, mapping: MappingId) -> Result<Vec<Link>> {
    let sql = format!(
        "SELECT {COLUMNS} FROM link WHERE mapping_id = ?1 AND ended_at IS NULL ORDER BY id"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([mapping], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count_live(conn: &Connection, mapping: MappingId) -> Result<i64> {
    Ok(super::query_row(
        conn,
        "SELECT count(*) FROM link WHERE mapping_id = ?1 AND ended_at IS NULL",
        [mapping],
        |row| row.get(0),
    )?)
}

/// End a link (the item was deleted or archived on one side); the row stays for the audit.
pub fn end(conn: &Connection, link: i64, reason: &str, now: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE link SET ended_at = ?2, ended_reason = ?3 WHERE id = ?1 AND ended_at IS NULL",
        params![link, now, reason],
    )?;
    Ok(())
}

/// Store the shadow of a link (insert or replace). The link's task copy, if any, was the
/// task of the shadow before: it is dropped (the caller stores the new one, if it has it).
pub fn put_shadow<T: Serialize>(
    conn: &Connection,
    link: i64,
    shadow: &Shadow<T>,
    now: &str,
) -> Result<()> {
    super::task_copies::forget(conn, link)?;
    super::issue_copies::forget(conn, link)?;
    super::exec(conn,
        "INSERT INTO shadow (link_id, ticket, task_etag, details_etag, issue_updated_at, synced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (link_id) DO UPDATE SET ticket = excluded.ticket, task_etag = excluded.task_etag,
            details_etag = excluded.details_etag, issue_updated_at = excluded.issue_updated_at,
            synced_at = excluded.synced_at",
        params![
            link,
            serde_json::to_string(&shadow.ticket)?,
            shadow.task_etag,
            shadow.details_etag,
            shadow.issue_updated_at,
            now
        ],
    )?;
    // The shadow now holds what both sides hold: no write of ours is in doubt any more.
    super::doubts::clear(conn, link)?;
    Ok(())
}

pub fn shadow<T: DeserializeOwned>(conn: &Connection, link: i64) -> Result<Option<Shadow<T>>> {
    let row = super::query_row(
        conn,
        "SELECT ticket, task_etag, details_etag, issue_updated_at FROM shadow WHERE link_id = ?1",
        [link],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
            ))
        },
    )
    .optional()?;
    match row {
        None => Ok(None),
        Some((json, task_etag, details_etag, issue_updated_at)) => Ok(Some(Shadow {
            ticket: serde_json::from_str(&json)?,
            task_etag,
            details_etag,
            issue_updated_at,
        })),
    }
}

/// Live links of a mapping with their shadows (links without one are left out).
pub fn live_with_shadows<T: DeserializeOwned>(
    conn: &Connection,
    mapping: MappingId,
) -> Result<Vec<(Link, T)>> {
    let sql = format!(
        "SELECT {}, s.ticket FROM link l JOIN shadow s ON s.link_id = l.id
         WHERE l.mapping_id = ?1 AND l.ended_at IS NULL ORDER BY l.id",
        COLUMNS
            .split(", ")
            .map(|c| format!("l.{c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([mapping], |row| {
        Ok((from_row(row)?, row.get::<_, String>(8)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (link, json) = row?;
        out.push((link, serde_json::from_str(&json)?));
    }
    Ok(out)
}

/// The etags of a link's shadow after a write of ours that changed nothing the shadow records
/// (a back-reference): the next read then sees our write as known, not as a change.
pub fn put_etags(conn: &Connection, link: i64, task_etag: &str, details_etag: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE shadow SET task_etag = ?2, details_etag = ?3 WHERE link_id = ?1",
        params![link, task_etag, details_etag],
    )?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::{Store, mappings};

    /// A mapping with one live link, task `t1` ↔ issue `i1`: the setup of the tests of the
    /// tables kept per link (echoes, copies, doubts).
    pub(crate) fn one_link(conn: &Connection) -> (MappingId, TaskId, IssueId, i64) {
        let mapping = mappings::insert(conn, &mappings::tests::sample(1), &[], "t").unwrap();
        let (task, issue) = (TaskId("t1".into()), IssueId("i1".into()));
        let link = insert(conn, mapping, &task, &issue, None, "t").unwrap();
        (mapping, task, issue, link)
    }

    #[test]
    fn links_are_unique_per_side_while_live() {
        let store = Store::open_in_memory().unwrap();
        let m = mappings::insert(store.conn(), &mappings::tests::sample(1), &[], "t").unwrap();
        let (task, issue) = (TaskId("t1".into()), IssueId("i1".into()));
        let id = insert(store.conn(), m, &task, &issue, Some("ENG-1"), "t").unwrap();
        assert!(insert(store.conn(), m, &task, &IssueId("i2".into()), None, "t").is_err());
        assert_eq!(
            live_by_issue(store.conn(), &issue)
                .unwrap()
                .unwrap()
                .task_id,
            task
        );
        end(store.conn(), id, "task deleted in Planner", "t2").unwrap();
        assert!(live_by_task(store.conn(), &task).unwrap().is_none());
        insert(store.conn(), m, &task, &IssueId("i2".into()), None, "t3").unwrap();
        assert_eq!(count_live(store.conn(), m).unwrap(), 1);
    }

    #[test]
    fn shadow_round_trips() {
        let store = Store::open_in_memory().unwrap();
        let m = mappings::insert(store.conn(), &mappings::tests::sample(1), &[], "t").unwrap();
        let id = insert(
            store.conn(),
            m,
            &TaskId("t".into()),
            &IssueId("i".into()),
            None,
            "t",
        )
        .unwrap();
        let first = Shadow {
            ticket: vec!["a".to_string()],
            task_etag: Some("e1".into()),
            details_etag: None,
            issue_updated_at: None,
        };
        put_shadow(store.conn(), id, &first, "t").unwrap();
        let second = Shadow {
            task_etag: Some("e2".into()),
            ..first.clone()
        };
        put_shadow(store.conn(), id, &second, "t").unwrap();
        assert_eq!(
            shadow::<Vec<String>>(store.conn(), id).unwrap(),
            Some(second)
        );
    }
}
