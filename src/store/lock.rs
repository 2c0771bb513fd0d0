//! The run lock: one pass per database at a time. A lock row holds the owner's pid and a
//! heartbeat; a lock whose process is gone, or whose heartbeat is older than
//! [`STALE_AFTER_SECS`], is taken over, so a killed run never blocks cron forever.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::{Result, StoreError};

/// A heartbeat older than this means the owner is stuck or dead.
pub const STALE_AFTER_SECS: i64 = 120;

/// The current holder, if any: (pid, acquired_at, heartbeat_at).
pub fn holder(conn: &Connection) -> Result<Option<(i64, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT pid, acquired_at, heartbeat_at FROM run_lock WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?)
}

/// Take the lock for `pid`. `alive` tells whether a pid still runs; `now_unix` and the stored
/// heartbeat decide staleness. Fails with `Locked` when a live, fresh holder exists.
pub fn acquire(
    conn: &mut Connection,
    pid: i64,
    now: &str,
    now_unix: i64,
    alive: impl Fn(i64) -> bool,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some((holder, since, heartbeat)) = holder(&tx)? {
        let beat = crate::clock::parse_ts(&heartbeat)
            .map(|t| t.unix_timestamp())
            .unwrap_or(0);
        let fresh = now_unix - beat < STALE_AFTER_SECS;
        if holder != pid && alive(holder) && fresh {
            return Err(StoreError::Locked { pid: holder, since });
        }
    }
    tx.execute(
        "INSERT INTO run_lock (id, pid, acquired_at, heartbeat_at) VALUES (1, ?1, ?2, ?2)
         ON CONFLICT (id) DO UPDATE SET pid = excluded.pid, acquired_at = excluded.acquired_at,
            heartbeat_at = excluded.heartbeat_at",
        params![pid, now],
    )?;
    tx.commit()?;
    Ok(())
}

pub fn heartbeat(conn: &Connection, pid: i64, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE run_lock SET heartbeat_at = ?2 WHERE id = 1 AND pid = ?1",
        params![pid, now],
    )?;
    Ok(())
}

pub fn release(conn: &Connection, pid: i64) -> Result<()> {
    conn.execute("DELETE FROM run_lock WHERE id = 1 AND pid = ?1", [pid])?;
    Ok(())
}

/// Whether a process with this pid exists on this machine.
pub fn process_alive(pid: i64) -> bool {
    if cfg!(target_os = "linux") {
        std::path::Path::new(&format!("/proc/{pid}")).exists()
    } else {
        // Without a cheap check, trust the heartbeat alone.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    const T0: &str = "2026-11-25T10:00:00Z";

    fn t0_unix() -> i64 {
        crate::clock::parse_ts(T0).unwrap().unix_timestamp()
    }

    #[test]
    fn live_fresh_holder_blocks_others() {
        let mut store = Store::open_in_memory().unwrap();
        let conn = &mut store.conn;
        acquire(conn, 10, T0, t0_unix(), |_| true).unwrap();
        let err = acquire(conn, 11, T0, t0_unix() + 5, |_| true).unwrap_err();
        assert!(matches!(err, StoreError::Locked { pid: 10, .. }), "{err:?}");
        release(conn, 10).unwrap();
        acquire(conn, 11, T0, t0_unix() + 5, |_| true).unwrap();
    }

    #[test]
    fn dead_or_stale_holders_are_taken_over() {
        let mut store = Store::open_in_memory().unwrap();
        let conn = &mut store.conn;
        acquire(conn, 10, T0, t0_unix(), |_| true).unwrap();
        acquire(conn, 11, T0, t0_unix() + 1, |pid| pid != 10).unwrap();
        assert_eq!(holder(conn).unwrap().unwrap().0, 11);
        acquire(conn, 12, T0, t0_unix() + STALE_AFTER_SECS + 1, |_| true).unwrap();
        assert_eq!(holder(conn).unwrap().unwrap().0, 12);
    }
}
