//! The `audit` table: the append-only trail of every write, conflict, skip and link change.

use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};
use serde::Serialize;

use super::Result;
use crate::model::ids::MappingId;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub mapping_id: Option<MappingId>,
    pub task_id: Option<String>,
    pub issue_id: Option<String>,
    pub issue_identifier: Option<String>,
    /// e.g. `create_issue`, `update_task`, `conflict`, `link`, `unlink`, `skip`.
    pub action: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub detail: Option<String>,
}

/// Filters of `audit`; `None` means any.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub mapping: Option<MappingId>,
    pub task: Option<String>,
    /// A Linear issue id or identifier (`ENG-12`).
    pub issue: Option<String>,
    pub since: Option<String>,
    pub action: Option<String>,
    pub limit: usize,
}

/// Append an entry (`id` and `at` of `entry` are ignored; `at` is `now`).
pub fn append(conn: &Connection, entry: &AuditEntry, now: &str) -> Result<i64> {
    super::exec(conn,
        "INSERT INTO audit (at, mapping_id, task_id, issue_id, issue_identifier, action, field, old_value,
            new_value, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![
            now,
            entry.mapping_id,
            entry.task_id,
            entry.issue_id,
            entry.issue_identifier,
            entry.action,
            entry.field,
            entry.old_value,
            entry.new_value,
            entry.detail
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Matching entries, newest first.
pub fn query(conn: &Connection, q: &AuditQuery) -> Result<Vec<AuditEntry>> {
    let mut sql = String::from(
        "SELECT id, at, mapping_id, task_id, issue_id, issue_identifier, action, field, old_value, new_value,
            detail FROM audit WHERE 1 = 1",
    );
    let mut args: Vec<Value> = Vec::new();
    if let Some(m) = q.mapping {
        sql.push_str(" AND mapping_id = ?");
        args.push(Value::Integer(m.0));
    }
    if let Some(task) = &q.task {
        sql.push_str(" AND task_id = ?");
        args.push(Value::Text(task.clone()));
    }
    if let Some(issue) = &q.issue {
        sql.push_str(" AND (issue_id = ? OR issue_identifier = ? COLLATE NOCASE)");
        args.push(Value::Text(issue.clone()));
        args.push(Value::Text(issue.clone()));
    }
    if let Some(since) = &q.since {
        sql.push_str(" AND at >= ?");
        args.push(Value::Text(since.clone()));
    }
    if let Some(action) = &q.action {
        sql.push_str(" AND action = ?");
        args.push(Value::Text(action.clone()));
    }
    sql.push_str(" ORDER BY at DESC, id DESC LIMIT ?");
    args.push(Value::Integer(q.limit as i64));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params_from_iter(args), |row| {
        Ok(AuditEntry {
            id: row.get(0)?,
            at: row.get(1)?,
            mapping_id: row.get(2)?,
            task_id: row.get(3)?,
            issue_id: row.get(4)?,
            issue_identifier: row.get(5)?,
            action: row.get(6)?,
            field: row.get(7)?,
            old_value: row.get(8)?,
            new_value: row.get(9)?,
            detail: row.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn entry(action: &str, issue: &str) -> AuditEntry {
        AuditEntry {
            id: 0,
            at: String::new(),
            mapping_id: None,
            task_id: Some("t1".into()),
            issue_id: Some("uuid-1".into()),
            issue_identifier: Some(issue.into()),
            action: action.into(),
            field: None,
            old_value: None,
            new_value: None,
            detail: None,
        }
    }

    #[test]
    fn filters_combine() {
        let store = Store::open_in_memory().unwrap();
        append(
            store.conn(),
            &entry("update_task", "ENG-1"),
            "2026-11-24T10:00:00Z",
        )
        .unwrap();
        append(
            store.conn(),
            &entry("conflict", "ENG-1"),
            "2026-11-25T10:00:00Z",
        )
        .unwrap();
        let all = query(
            store.conn(),
            &AuditQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["conflict", "update_task"]
        );
        let q = AuditQuery {
            issue: Some("eng-1".into()),
            since: Some("2026-11-25T00:00:00Z".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(query(store.conn(), &q).unwrap().len(), 1);
        let q = AuditQuery {
            action: Some("conflict".into()),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(query(store.conn(), &q).unwrap()[0].action, "conflict");
        let q = AuditQuery {
            limit: 1,
            ..Default::default()
        };
        assert_eq!(query(store.conn(), &q).unwrap().len(), 1);
    }
}
