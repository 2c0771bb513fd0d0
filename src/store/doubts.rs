//! Writes in doubt (model/doubt.rs): per link, what its writes were about to make both sides
//! hold (with the faces they were merged from), recorded before the writes go out and cleared
//! when a shadow is stored (`links::put_shadow`). Only the latest [`KEPT`] are kept: a pair
//! failing pass after pass writes the same values again and again.

use rusqlite::{Connection, params};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Result;

/// Tickets kept per link.
pub const KEPT: i64 = 8;

/// Record `doubt` as about to be written for `link`.
pub fn record<T: Serialize>(conn: &Connection, link: i64, doubt: &T, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO doubt (link_id, ticket, recorded_at) VALUES (?1, ?2, ?3)",
        params![link, serde_json::to_string(doubt)?, now],
    )?;
    super::exec(
        conn,
        "DELETE FROM doubt WHERE link_id = ?1 AND id NOT IN
            (SELECT id FROM doubt WHERE link_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![link, KEPT],
    )?;
    Ok(())
}

/// The doubts of `link`, oldest first.
pub fn of_link<T: DeserializeOwned>(conn: &Connection, link: i64) -> Result<Vec<T>> {
    let mut stmt =
        conn.prepare_cached("SELECT ticket FROM doubt WHERE link_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([link], |row| row.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(serde_json::from_str(&row?)?);
    }
    Ok(out)
}

/// Nothing of `link` is in doubt any more.
pub fn clear(conn: &Connection, link: i64) -> Result<()> {
    super::exec(conn, "DELETE FROM doubt WHERE link_id = ?1", [link])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, links};

    #[test]
    fn tickets_are_kept_newest_last_capped_and_cleared_by_a_stored_shadow() {
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let (_, _, _, link) = links::tests::one_link(conn);
        for n in 0..(KEPT + 3) {
            record(conn, link, &n, "t").unwrap();
        }
        let kept: Vec<i64> = of_link(conn, link).unwrap();
        assert_eq!(kept, (3..KEPT + 3).collect::<Vec<_>>());
        let shadow = links::Shadow {
            ticket: 0,
            task_etag: None,
            details_etag: None,
            issue_updated_at: None,
        };
        links::put_shadow(conn, link, &shadow, "t").unwrap();
        assert!(of_link::<i64>(conn, link).unwrap().is_empty());
    }
}
