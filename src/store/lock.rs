//! The run lock: one pass per database at a time. A lock row holds the owner's pid and a
//! heartbeat; a lock whose process is gone, or whose heartbeat is older than the staleness
//! window ([`STALE_AFTER_SECS`]), is taken over, so a killed run never blocks cron forever.
//! While a run holds the lock, a [`Heartbeat`] thread refreshes it, so a run longer than the
//! window (a bootstrap of a big plan) is never taken over by the next cron `sync`.

use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

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
    (now, now_unix): (&str, i64),
    stale_after_secs: i64,
    alive: impl Fn(i64) -> bool,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some((holder, since, heartbeat)) = holder(&tx)? {
        let beat = crate::clock::parse_ts(&heartbeat)
            .map(|t| t.unix_timestamp())
            .unwrap_or(0);
        let fresh = now_unix - beat < stale_after_secs;
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

/// Refreshes the lock of `pid` every `every` from its own thread and connection, until
/// dropped. A thread, not the engine's loops, so that long single steps (listing a plan of
/// thousands of tasks under throttling) keep the lock too; a beat that fails (database busy)
/// is simply retried at the next tick.
pub struct Heartbeat {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Heartbeat {
    /// Start beating for `pid` on the database at `path` (wall-clock time, like [`acquire`]).
    pub fn start(path: &Path, pid: i64, every: Duration) -> Heartbeat {
        let (stop, stopped) = mpsc::channel::<()>();
        let path = path.to_path_buf();
        let thread = std::thread::Builder::new()
            .name("run-lock-heartbeat".into())
            .spawn(move || {
                let Ok(conn) = Connection::open(&path) else {
                    return;
                };
                let _ = conn.busy_timeout(Duration::from_secs(5));
                // Until the sender is dropped (or says stop).
                while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    let now = crate::clock::format_ts(time::OffsetDateTime::now_utc());
                    let _ = heartbeat(&conn, pid, &now);
                }
            })
            .ok();
        Heartbeat {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
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
        acquire(conn, 10, (T0, t0_unix()), STALE_AFTER_SECS, |_| true).unwrap();
        let err = acquire(conn, 11, (T0, t0_unix() + 5), STALE_AFTER_SECS, |_| true).unwrap_err();
        assert!(matches!(err, StoreError::Locked { pid: 10, .. }), "{err:?}");
        release(conn, 10).unwrap();
        acquire(conn, 11, (T0, t0_unix() + 5), STALE_AFTER_SECS, |_| true).unwrap();
    }

    #[test]
    fn dead_or_stale_holders_are_taken_over() {
        let mut store = Store::open_in_memory().unwrap();
        let conn = &mut store.conn;
        acquire(conn, 10, (T0, t0_unix()), STALE_AFTER_SECS, |_| true).unwrap();
        acquire(conn, 11, (T0, t0_unix() + 1), STALE_AFTER_SECS, |pid| {
            pid != 10
        })
        .unwrap();
        assert_eq!(holder(conn).unwrap().unwrap().0, 11);
        acquire(
            conn,
            12,
            (T0, t0_unix() + STALE_AFTER_SECS + 1),
            STALE_AFTER_SECS,
            |_| true,
        )
        .unwrap();
        assert_eq!(holder(conn).unwrap().unwrap().0, 12);
    }

    #[test]
    fn the_heartbeat_keeps_a_lock_fresh_until_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let mut store = Store::open(&path).unwrap();
        acquire(store.conn_mut(), 10, (T0, t0_unix()), 2, |_| true).unwrap();
        let beat = Heartbeat::start(&path, 10, Duration::from_millis(20));
        let fresh = || {
            let (_, _, at) = holder(store.conn()).unwrap().unwrap();
            at != T0
        };
        let started = std::time::Instant::now();
        while !fresh() {
            assert!(started.elapsed() < Duration::from_secs(10), "no beat");
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(beat);
        // Stopped: a beat written now would be the last one; the row stays until released.
        release(store.conn(), 10).unwrap();
        assert!(holder(store.conn()).unwrap().is_none());
    }
}
