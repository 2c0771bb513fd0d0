//! Our own writes' echoes: per link, the Planner task etag and the Linear issue `updatedAt`
//! at which the shadow holds that side's whole state, recorded only where that is certain
//! (engine/pair.rs says when). A delta item reporting the task at exactly this etag, or a
//! polled issue at exactly this instant, is the echo of what the bridge already merged or
//! wrote, and is not read again.
//!
//! A row only ever names an etag or instant the bridge saw; neither side reuses one for
//! another state of the item, so a stale row simply never matches again.

use std::collections::BTreeMap;

use rusqlite::{Connection, params};

use super::Result;
use crate::model::ids::{IssueId, MappingId, TaskId};

/// What a link's shadow is known to hold: `None` on a side: nothing certain there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Echo {
    pub task_etag: Option<String>,
    pub issue_updated_at: Option<String>,
}

/// Record what the shadow of `link` holds (a row of two `None`s is removed).
pub fn put(conn: &Connection, link: i64, echo: &Echo, now: &str) -> Result<()> {
    if echo.task_etag.is_none() && echo.issue_updated_at.is_none() {
        super::exec(conn, "DELETE FROM echo WHERE link_id = ?1", [link])?;
        return Ok(());
    }
    super::exec(
        conn,
        "INSERT INTO echo (link_id, task_etag, issue_updated_at, recorded_at)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (link_id) DO UPDATE SET task_etag = excluded.task_etag,
            issue_updated_at = excluded.issue_updated_at, recorded_at = excluded.recorded_at",
        params![link, echo.task_etag, echo.issue_updated_at, now],
    )?;
    Ok(())
}

/// Record the task etag at which `link`'s shadow holds the task, keeping its issue instant.
pub fn put_task(conn: &Connection, link: i64, etag: &str, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO echo (link_id, task_etag, issue_updated_at, recorded_at)
         VALUES (?1, ?2, NULL, ?3)
         ON CONFLICT (link_id) DO UPDATE SET task_etag = excluded.task_etag,
            recorded_at = excluded.recorded_at",
        params![link, etag, now],
    )?;
    Ok(())
}

/// Record the issue instant at which `link`'s shadow holds the issue, keeping its task etag.
pub fn put_issue(conn: &Connection, link: i64, updated_at: &str, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO echo (link_id, task_etag, issue_updated_at, recorded_at)
         VALUES (?1, NULL, ?2, ?3)
         ON CONFLICT (link_id) DO UPDATE SET issue_updated_at = excluded.issue_updated_at,
            recorded_at = excluded.recorded_at",
        params![link, updated_at, now],
    )?;
    Ok(())
}

/// The echoes of a mapping's live links: task etags by task, issue instants by issue.
pub fn of_mapping(
    conn: &Connection,
    mapping: MappingId,
) -> Result<(BTreeMap<TaskId, String>, BTreeMap<IssueId, String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.task_id, l.issue_id, e.task_etag, e.issue_updated_at
         FROM echo e JOIN link l ON l.id = e.link_id
         WHERE l.mapping_id = ?1 AND l.ended_at IS NULL",
    )?;
    let rows = stmt.query_map([mapping], |row| {
        Ok((
            TaskId(row.get::<_, String>(0)?),
            IssueId(row.get::<_, String>(1)?),
            row.get::<_, Option<String>>(2)?,
            row.get::<_, Option<String>>(3)?,
        ))
    })?;
    let (mut tasks, mut issues) = (BTreeMap::new(), BTreeMap::new());
    for row in rows {
        let (task, issue, etag, at) = row?;
        if let Some(etag) = etag {
            tasks.insert(task, etag);
        }
        if let Some(at) = at {
            issues.insert(issue, at);
        }
    }
    Ok((tasks, issues))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, links};

    #[test]
    fn one_echo_per_live_link_replaced_and_cleared() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let (mapping, task, issue, link) = links::tests::one_link(conn);
        let echo = |t: Option<&str>, i: Option<&str>| Echo {
            task_etag: t.map(str::to_string),
            issue_updated_at: i.map(str::to_string),
        };
        put(conn, link, &echo(Some("e1"), Some("u1")), "now").unwrap();
        put(conn, link, &echo(Some("e2"), None), "now").unwrap();
        let (tasks, issues) = of_mapping(conn, mapping).unwrap();
        assert_eq!(tasks.get(&task).map(String::as_str), Some("e2"));
        assert!(issues.is_empty());
        put(conn, link, &echo(None, None), "now").unwrap();
        assert_eq!(of_mapping(conn, mapping).unwrap(), Default::default());
        put(conn, link, &echo(None, Some("u3")), "now").unwrap();
        assert_eq!(of_mapping(conn, mapping).unwrap().1.len(), 1);
        put_task(conn, link, "e4", "now").unwrap();
        let (tasks, issues) = of_mapping(conn, mapping).unwrap();
        assert_eq!(tasks.get(&task).map(String::as_str), Some("e4"));
        assert_eq!(issues.get(&issue).map(String::as_str), Some("u3"), "kept");
        links::end(conn, link, "task deleted in Planner", "t2").unwrap();
        assert_eq!(
            of_mapping(conn, mapping).unwrap(),
            Default::default(),
            "ended links have no echo"
        );
    }
}
