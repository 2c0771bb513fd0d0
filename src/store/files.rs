//! The `file_mirror` table: which Linear uploads of a link were copied to the drive (and the
//! `webUrl` of the copy, the task's reference), so each file is mirrored once.

use rusqlite::{Connection, params};

use super::Result;

/// One mirrored (or skipped) file of a link.
#[derive(Debug, Clone, PartialEq)]
pub struct Mirrored {
    pub source_url: String,
    /// `None`: skipped (no room for another reference on the task).
    pub web_url: Option<String>,
    pub name: String,
}

/// The files of a link, mirrored or skipped.
pub fn for_link(conn: &Connection, link: i64) -> Result<Vec<Mirrored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT source_url, web_url, name FROM file_mirror WHERE link_id = ?1 ORDER BY source_url",
    )?;
    let rows = stmt.query_map([link], |row| {
        Ok(Mirrored {
            source_url: row.get(0)?,
            web_url: row.get(1)?,
            name: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Record a file as mirrored (or skipped); a second record of it replaces the first.
pub fn record(conn: &Connection, link: i64, file: &Mirrored, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO file_mirror (link_id, source_url, web_url, name, mirrored_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (link_id, source_url) DO UPDATE SET web_url = excluded.web_url,
            name = excluded.name, mirrored_at = excluded.mirrored_at",
        params![link, file.source_url, file.web_url, file.name, now],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{IssueId, TaskId};
    use crate::store::{Store, links, mappings};

    #[test]
    fn files_are_recorded_once_per_link() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        let m = mappings::insert(c, &mappings::tests::sample(1), &[], "t").unwrap();
        let link =
            links::insert(c, m, &TaskId("t".into()), &IssueId("i".into()), None, "t").unwrap();
        let skipped = Mirrored {
            source_url: "https://uploads.linear.app/a".into(),
            web_url: None,
            name: "a.png".into(),
        };
        record(c, link, &skipped, "t1").unwrap();
        let done = Mirrored {
            web_url: Some("https://drive/a.png".into()),
            ..skipped
        };
        record(c, link, &done, "t2").unwrap();
        assert_eq!(for_link(c, link).unwrap(), vec![done]);
    }
}
