//! The task (with its details) that a link's shadow was merged from, as Planner answered or
//! showed it: kept with every shadow, dropped when a shadow is stored without one.
//!
//! Two uses:
//! * **Vouched copy** ([`get`]): the copy at exactly the etag the link's echo names
//!   (store/echoes.rs). When the Planner delta of a later pass does not report the task at
//!   another etag, Planner still holds this state, so a Linear-side change is merged against
//!   the copy and written with its etags, without reading the task first. The `If-Match` of
//!   the write still catches an edit made after the delta was read.
//! * **Any copy** ([`any`]): after a details write of ours the task's new etag cannot be
//!   vouched for, so the next pass reads the task; if it reads exactly the copy (etags
//!   aside), Planner holds what the shadow was merged from and there is nothing to merge.

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Result;
use crate::model::ids::{MappingId, TaskId};

/// Keep `task` (at `etag`) as `link`'s copy, replacing the one before.
pub fn put<T: Serialize>(conn: &Connection, link: i64, etag: &str, task: &T) -> Result<()> {
    let body = serde_json::to_string(task)?;
    super::exec(
        conn,
        "INSERT INTO task_copy (link_id, etag, body) VALUES (?1, ?2, ?3)
         ON CONFLICT (link_id) DO UPDATE SET etag = excluded.etag, body = excluded.body",
        params![link, etag, body],
    )?;
    Ok(())
}

/// Drop `link`'s copy (the task is at a state we cannot vouch for).
pub fn forget(conn: &Connection, link: i64) -> Result<()> {
    super::exec(conn, "DELETE FROM task_copy WHERE link_id = ?1", [link])?;
    Ok(())
}

/// A copy and its etag, vouched for by the link's echo.
const VOUCHED: &str = "SELECT c.body, c.etag FROM task_copy c
     JOIN echo e ON e.link_id = c.link_id AND e.task_etag = c.etag
     WHERE c.link_id = ?1";
/// A copy and its etag, vouched for or not.
const ANY: &str = "SELECT body, etag FROM task_copy WHERE link_id = ?1";

/// `(body, etag)` of `link`'s copy by `sql` ([`VOUCHED`] or [`ANY`]).
fn row(conn: &Connection, sql: &str, link: i64) -> Result<Option<(String, String)>> {
    Ok(super::query_row(conn, sql, [link], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// A body that no longer reads (a format from another version) is no copy: the task is read.
pub(super) fn parsed<T: DeserializeOwned>(row: Option<(String, String)>) -> Option<T> {
    row.and_then(|(body, _)| serde_json::from_str(&body).ok())
}

/// `link`'s copy, if its echo still names the copy's etag.
pub fn get<T: DeserializeOwned>(conn: &Connection, link: i64) -> Result<Option<T>> {
    Ok(parsed(row(conn, VOUCHED, link)?))
}

/// `link`'s copy, vouched for or not (see the module doc).
pub fn any<T: DeserializeOwned>(conn: &Connection, link: i64) -> Result<Option<T>> {
    Ok(parsed(row(conn, ANY, link)?))
}

/// The etag of `link`'s copy, if its echo still names it.
pub fn etag(conn: &Connection, link: i64) -> Result<Option<String>> {
    Ok(row(conn, VOUCHED, link)?.map(|(_, etag)| etag))
}

/// The tasks of `mapping`'s live links that have a copy their echo still names.
pub fn copied_tasks(conn: &Connection, mapping: MappingId) -> Result<BTreeSet<TaskId>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.task_id FROM task_copy c
         JOIN echo e ON e.link_id = c.link_id AND e.task_etag = c.etag
         JOIN link l ON l.id = c.link_id
         WHERE l.mapping_id = ?1 AND l.ended_at IS NULL",
    )?;
    let rows = stmt.query_map([mapping], |row| Ok(TaskId(row.get(0)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::echoes::{self, Echo};
    use crate::store::{Store, links};

    #[test]
    fn a_copy_counts_only_while_the_echo_names_its_etag() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let (mapping, task, _, link) = links::tests::one_link(conn);
        let copy = |conn| get::<Vec<String>>(conn, link).unwrap();

        put(conn, link, "e1", &vec!["first".to_string()]).unwrap();
        assert_eq!(copy(conn), None, "no echo yet");
        let unvouched = any::<Vec<String>>(conn, link).unwrap();
        assert_eq!(unvouched, Some(vec!["first".to_string()]));
        echoes::put_task(conn, link, "e1", "now").unwrap();
        assert_eq!(copy(conn), Some(vec!["first".to_string()]));
        assert_eq!(etag(conn, link).unwrap().as_deref(), Some("e1"));
        assert_eq!(
            copied_tasks(conn, mapping).unwrap(),
            BTreeSet::from([task.clone()])
        );

        // An echo at another etag (or none): the copy is not the task any more.
        echoes::put_task(conn, link, "e2", "now").unwrap();
        assert_eq!(copy(conn), None);
        assert_eq!(etag(conn, link).unwrap(), None);
        assert!(copied_tasks(conn, mapping).unwrap().is_empty());
        put(conn, link, "e2", &vec!["second".to_string()]).unwrap();
        assert_eq!(copy(conn), Some(vec!["second".to_string()]));
        echoes::put(conn, link, &Echo::default(), "now").unwrap();
        assert_eq!(copy(conn), None);

        echoes::put_task(conn, link, "e2", "now").unwrap();
        forget(conn, link).unwrap();
        assert_eq!(copy(conn), None);

        // A body from another version reads as no copy.
        put(conn, link, "e2", &"not a list").unwrap();
        assert_eq!(copy(conn), None);

        put(conn, link, "e2", &vec!["third".to_string()]).unwrap();
        // A shadow stored without a copy: the copy was the shadow before's.
        let shadow = links::Shadow {
            ticket: 1,
            task_etag: None,
            details_etag: None,
            issue_updated_at: None,
        };
        links::put_shadow(conn, link, &shadow, "now").unwrap();
        assert_eq!(any::<Vec<String>>(conn, link).unwrap(), None);

        put(conn, link, "e2", &vec!["third".to_string()]).unwrap();
        links::end(conn, link, "task deleted in Planner", "t2").unwrap();
        assert!(
            copied_tasks(conn, mapping).unwrap().is_empty(),
            "ended links"
        );
    }
}
