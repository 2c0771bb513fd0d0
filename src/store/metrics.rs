//! The `metric` table: counters and gauges kept across runs for `status --format prometheus`.
//! A scope is a mapping id, or 0 for the whole installation (requests by API, rate budget).

use rusqlite::{Connection, params};

use super::Result;
use crate::model::ids::MappingId;

/// The scope of installation-wide values.
pub const GLOBAL: i64 = 0;

/// One stored value.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub scope: i64,
    pub name: String,
    pub value: f64,
    pub updated_at: String,
}

pub fn scope(mapping: MappingId) -> i64 {
    mapping.0
}

/// Add `delta` to a counter (created at 0).
pub fn add(conn: &Connection, scope: i64, name: &str, delta: f64, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO metric (scope, name, value, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (scope, name) DO UPDATE SET value = value + ?3, updated_at = ?4",
        params![scope, name, delta, now],
    )?;
    Ok(())
}

/// Set a gauge.
pub fn set(conn: &Connection, scope: i64, name: &str, value: f64, now: &str) -> Result<()> {
    super::exec(
        conn,
        "INSERT INTO metric (scope, name, value, updated_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (scope, name) DO UPDATE SET value = ?3, updated_at = ?4",
        params![scope, name, value, now],
    )?;
    Ok(())
}

/// Every stored value, by scope then name.
pub fn all(conn: &Connection) -> Result<Vec<Metric>> {
    let mut stmt = conn
        .prepare_cached("SELECT scope, name, value, updated_at FROM metric ORDER BY scope, name")?;
    let rows = stmt.query_map([], |r| {
        Ok(Metric {
            scope: r.get(0)?,
            name: r.get(1)?,
            value: r.get(2)?,
            updated_at: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn counters_add_and_gauges_set() {
        let store = Store::open_in_memory().unwrap();
        let c = store.conn();
        add(c, 1, "ops", 2.0, "t1").unwrap();
        add(c, 1, "ops", 3.0, "t2").unwrap();
        set(c, GLOBAL, "budget", 10.0, "t1").unwrap();
        set(c, GLOBAL, "budget", 7.0, "t2").unwrap();
        let all = all(c).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!((all[0].name.as_str(), all[0].value), ("budget", 7.0));
        assert_eq!((all[1].name.as_str(), all[1].value), ("ops", 5.0));
    }
}
