//! The issue (rich fields included) that a link's shadow was merged from, as an answer of
//! Linear showed it whole: kept with the echo instant it stands for (store/echoes.rs).
//!
//! **Use.** A Planner-side change of a pair whose issue this pass's full poll does not report
//! is merged against the copy instead of reading the issue: the poll reports every issue
//! whose `updatedAt` moved after the cursor (comments and attachments move it too), so an
//! issue it leaves out is still at the instant of the last poll that saw it, and the copy is
//! that state when its instant is still the echo's.
//!
//! **Kept honest.** A poll or webhook that reports the issue (or one of its sub-issues, which
//! do not move their parent's `updatedAt`) drops the copy before anything else of the pass
//! ([`forget`]), and only a merge that records the issue's echo puts one back ([`put`]). So a
//! change the bridge saw but did not merge (a dead letter, a filtered issue, a crash) leaves
//! no copy behind, and the next Planner-side change reads the issue as before. Issues are
//! read as before in passes without a full poll (webhooks only) and in dry runs.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Result;

/// Keep `issue` (at `updated_at`) as `link`'s copy, replacing the one before.
pub fn put<T: Serialize>(conn: &Connection, link: i64, updated_at: &str, issue: &T) -> Result<()> {
    let body = serde_json::to_string(issue)?;
    super::exec(
        conn,
        "INSERT INTO issue_copy (link_id, updated_at, body) VALUES (?1, ?2, ?3)
         ON CONFLICT (link_id) DO UPDATE SET updated_at = excluded.updated_at,
            body = excluded.body",
        params![link, updated_at, body],
    )?;
    Ok(())
}

/// Drop `link`'s copy (its issue was reported changed, or stored without one).
pub fn forget(conn: &Connection, link: i64) -> Result<()> {
    super::exec(conn, "DELETE FROM issue_copy WHERE link_id = ?1", [link])?;
    Ok(())
}

/// `link`'s copy, if its echo still names the copy's instant.
pub fn get<T: DeserializeOwned>(conn: &Connection, link: i64) -> Result<Option<T>> {
    let row = super::query_row(
        conn,
        "SELECT c.body, c.updated_at FROM issue_copy c
         JOIN echo e ON e.link_id = c.link_id AND e.issue_updated_at = c.updated_at
         WHERE c.link_id = ?1",
        [link],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?;
    Ok(super::task_copies::parsed(row))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::echoes::{self, Echo};
    use crate::store::{Store, links};

    #[test]
    fn a_copy_counts_only_while_the_echo_names_its_instant() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let (_, _, _, link) = links::tests::one_link(conn);
        let copy = |conn| get::<String>(conn, link).unwrap();
        let echo = |at: &str| Echo {
            task_etag: Some("e1".into()),
            issue_updated_at: Some(at.into()),
        };

        put(conn, link, "u1", &"first").unwrap();
        assert_eq!(copy(conn), None, "no echo yet");
        echoes::put(conn, link, &echo("u1"), "now").unwrap();
        assert_eq!(copy(conn).as_deref(), Some("first"));
        // The echo's task etag moving on does not matter; its issue instant does.
        echoes::put_task(conn, link, "e2", "now").unwrap();
        assert_eq!(copy(conn).as_deref(), Some("first"));
        echoes::put_issue(conn, link, "u2", "now").unwrap();
        assert_eq!(copy(conn), None);
        put(conn, link, "u2", &"second").unwrap();
        assert_eq!(copy(conn).as_deref(), Some("second"));

        // Reported changed: gone until a merge puts one back.
        forget(conn, link).unwrap();
        assert_eq!(copy(conn), None);
        // A shadow stored without a copy: the copy was the shadow before's.
        put(conn, link, "u2", &"third").unwrap();
        let shadow = links::Shadow {
            ticket: 1,
            task_etag: None,
            details_etag: None,
            issue_updated_at: None,
        };
        links::put_shadow(conn, link, &shadow, "now").unwrap();
        assert_eq!(copy(conn), None);
        // A body from another version reads as no copy.
        put(conn, link, "u2", &42).unwrap();
        assert_eq!(copy(conn), None);
    }
}
