//! The state database: SQLite in WAL mode, opened, checked and migrated here.
//!
//! Every SQL statement of the project lives under `store/`, one module per table group; the
//! engine and the commands call typed functions over [`rusqlite::Connection`] (a
//! `Transaction` derefs to one, so writes that must be atomic share it). Durability: WAL with
//! `synchronous = FULL`, so a commit that returned survives a kill or a power cut.

pub mod alerts;
pub mod audit;
pub mod checklist;
pub mod cursors;
pub mod dlq;
pub mod doubts;
pub mod echoes;
pub mod files;
pub mod intents;
pub mod issue_copies;
pub mod item_errors;
pub mod links;
pub mod lock;
pub mod mappings;
pub mod metrics;
pub mod migrations;
pub mod pushes;
pub mod queue;
pub mod task_copies;
pub mod tokens;
pub mod users;

use std::path::{Path, PathBuf};

use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::model::ids::{IssueId, MappingId, TaskId};
use migrations::MIGRATIONS;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("{path} is not a linear-planner-sync database (or it is corrupt): {detail}")]
    NotADatabase { path: PathBuf, detail: String },
    #[error(
        "database {path} has schema version {found}, newer than this binary knows ({known}); it was written by a newer linear-planner-sync"
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("another run (pid {pid}, started {since}) holds the lock on this database")]
    Locked { pid: i64, since: String },
    #[error("no {what} with id {id}")]
    NotFound { what: &'static str, id: String },
    #[error("database content is inconsistent: {0}")]
    Corrupt(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open, migrated database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Statements kept prepared per connection: a pass runs the same few dozen for every pair.
const STATEMENT_CACHE: usize = 128;

/// `Connection::execute` through the connection's statement cache. Preparing the same
/// statements again for every pair was a tenth of a pass's CPU.
pub(crate) fn exec<P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params)
}

/// `Connection::query_row` through the connection's statement cache (see [`exec`]).
pub(crate) fn query_row<T, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
    f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached(sql)?.query_row(params, f)
}

impl Store {
    /// Open (creating it with mode 0600 if absent: it caches a Graph token) and migrate.
    ///
    /// A file that is not SQLite, or is corrupt, is left untouched (`NotADatabase`); a schema
    /// newer than this binary is refused (`NewerSchema`) before anything is written.
    pub fn open(path: &Path) -> Result<Store> {
        let existed = path.exists();
        if !existed && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Open {
                path: path.to_path_buf(),
                source: rusqlite::Error::ToSqlConversionFailure(Box::new(e)),
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        if !existed {
            restrict_mode(path);
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.prepare()?;
        Ok(store)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: PathBuf::from(":memory:"),
        };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        // Read before any write: a corrupt or foreign file fails here and stays untouched.
        let found = self
            .user_version()
            .map_err(|e| self.classify_open_error(e))?;
        let known = MIGRATIONS.len() as i64;
        if found > known {
            return Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                known,
            });
        }
        self.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| self.classify_open_error(e))?;
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.busy_timeout(std::time::Duration::from_secs(5))?;
        self.conn
            .set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        migrate(&mut self.conn, MIGRATIONS.len())
    }

    fn classify_open_error(&self, err: rusqlite::Error) -> StoreError {
        match err.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase)
            | Some(rusqlite::ErrorCode::DatabaseCorrupt) => StoreError::NotADatabase {
                path: self.path.clone(),
                detail: err.to_string(),
            },
            _ => StoreError::Open {
                path: self.path.clone(),
                source: err,
            },
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// For operations that run their own transaction (the run lock).
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// A write transaction that takes the write lock at once (no upgrade deadlocks).
    ///
    /// It borrows the store shared, so the engine can apply several units concurrently on
    /// one connection (engine/concurrent.rs): each transaction opens and commits with no
    /// `.await` in between, so two never overlap. Opening one while another is open on this
    /// connection fails (SQLite refuses nested `BEGIN`) instead of nesting silently.
    pub fn transaction(&self) -> Result<rusqlite::Transaction<'_>> {
        Ok(rusqlite::Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Immediate,
        )?)
    }

    pub fn user_version(&self) -> rusqlite::Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        let found: Vec<String> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(found.into_iter().filter(|line| line != "ok").collect())
    }
}

/// Apply the migrations not yet applied, up to `target`, in one exclusive transaction.
/// `target` is below `MIGRATIONS.len()` only in tests that build an old database.
pub fn migrate(conn: &mut Connection, target: usize) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let current = usize::try_from(current).unwrap_or(0);
    for sql in MIGRATIONS.iter().take(target).skip(current) {
        tx.execute_batch(sql)?;
    }
    if target > current {
        tx.pragma_update(None, "user_version", target as i64)?;
    }
    tx.commit()?;
    Ok(())
}

#[cfg(unix)]
fn restrict_mode(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    // Best effort: the database holds a cached access token. A failure here (e.g. a file system
    // without modes) must not stop the run.
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
}

#[cfg(not(unix))]
fn restrict_mode(_path: &Path) {}

macro_rules! text_id_sql {
    ($($ty:ty),*) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map(Self)
            }
        }
    )*};
}
text_id_sql!(TaskId, IssueId);

impl ToSql for MappingId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl FromSql for MappingId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        i64::column_result(value).map(MappingId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_database_has_every_migration() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.user_version().unwrap(), MIGRATIONS.len() as i64);
        assert!(store.integrity_problems().unwrap().is_empty());
    }

    #[test]
    fn migrations_apply_on_top_of_each_other() {
        let mut conn = Connection::open_in_memory().unwrap();
        for n in 1..=MIGRATIONS.len() {
            migrate(&mut conn, n).unwrap();
            let v: i64 = conn
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(v, n as i64);
        }
        migrate(&mut conn, MIGRATIONS.len()).unwrap();
    }

    #[test]
    fn newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        let err = Store::open(&path).err().unwrap();
        assert!(
            matches!(err, StoreError::NewerSchema { found: 999, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn foreign_file_is_refused_and_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let junk = b"this is not a database, it is a grocery list\n".repeat(200);
        std::fs::write(&path, &junk).unwrap();
        let err = Store::open(&path).err().unwrap();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), junk);
    }

    #[cfg(unix)]
    #[test]
    fn new_database_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/s.db");
        drop(Store::open(&path).unwrap());
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
