//! The `mapping` and `bucket_state` tables: which Linear project syncs with which Planner plan,
//! and how buckets pair with workflow states.

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::{Result, StoreError};
use crate::model::control::SyncControl;
use crate::model::ids::MappingId;

/// Whether a mapping takes part in passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MappingState {
    /// Syncing.
    Ok,
    /// Stopped by the tool after an auth or permission failure; `enable` resumes it.
    Paused,
    /// Stopped by a human.
    Disabled,
}

impl MappingState {
    pub fn as_str(self) -> &'static str {
        match self {
            MappingState::Ok => "ok",
            MappingState::Paused => "paused",
            MappingState::Disabled => "disabled",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<Self> {
        match text {
            "ok" => Ok(MappingState::Ok),
            "paused" => Ok(MappingState::Paused),
            "disabled" => Ok(MappingState::Disabled),
            other => Err(rusqlite::Error::InvalidColumnType(
                0,
                other.into(),
                rusqlite::types::Type::Text,
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    pub id: MappingId,
    pub linear_team_id: String,
    pub linear_team_key: String,
    pub linear_project_id: String,
    pub linear_project_name: String,
    pub planner_plan_id: String,
    pub planner_plan_title: String,
    pub planner_group_id: Option<String>,
    pub state: MappingState,
    pub paused_reason: Option<String>,
    pub created_at: String,
    pub last_run_at: Option<String>,
    pub last_success_at: Option<String>,
    /// Conflict policy, field directions, filter, surfaced errors (defaults: today's sync).
    pub control: SyncControl,
}

/// What `map add` stores.
#[derive(Debug, Clone)]
pub struct NewMapping {
    pub linear_team_id: String,
    pub linear_team_key: String,
    pub linear_project_id: String,
    pub linear_project_name: String,
    pub planner_plan_id: String,
    pub planner_plan_title: String,
    pub planner_group_id: Option<String>,
}

/// Which way a bucket ↔ state pair is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairDirection {
    /// An explicit pair, used both ways.
    Both,
    /// The default state of an unpaired bucket.
    ToLinear,
    /// The default bucket of an unpaired state.
    ToPlanner,
}

impl PairDirection {
    fn as_str(self) -> &'static str {
        match self {
            PairDirection::Both => "both",
            PairDirection::ToLinear => "to_linear",
            PairDirection::ToPlanner => "to_planner",
        }
    }

    fn parse(text: &str) -> rusqlite::Result<Self> {
        match text {
            "both" => Ok(PairDirection::Both),
            "to_linear" => Ok(PairDirection::ToLinear),
            "to_planner" => Ok(PairDirection::ToPlanner),
            other => Err(rusqlite::Error::InvalidColumnType(
                0,
                other.into(),
                rusqlite::types::Type::Text,
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BucketStatePair {
    pub bucket_id: String,
    pub bucket_name: String,
    pub state_id: String,
    pub state_name: String,
    pub direction: PairDirection,
}

const COLUMNS: &str = "id, linear_team_id, linear_team_key, linear_project_id, linear_project_name, \
    planner_plan_id, planner_plan_title, planner_group_id, state, paused_reason, created_at, \
    last_run_at, last_success_at, control";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Mapping> {
    Ok(Mapping {
        id: row.get(0)?,
        linear_team_id: row.get(1)?,
        linear_team_key: row.get(2)?,
        linear_project_id: row.get(3)?,
        linear_project_name: row.get(4)?,
        planner_plan_id: row.get(5)?,
        planner_plan_title: row.get(6)?,
        planner_group_id: row.get(7)?,
        state: MappingState::parse(&row.get::<_, String>(8)?)?,
        paused_reason: row.get(9)?,
        created_at: row.get(10)?,
        last_run_at: row.get(11)?,
        last_success_at: row.get(12)?,
        // Unreadable settings (written by a newer binary) would change what syncs: refuse.
        control: SyncControl::parse(&row.get::<_, String>(13)?).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(13, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

/// Store a mapping and its pairs. Call inside a transaction so both land together.
pub fn insert(
    conn: &Connection,
    new: &NewMapping,
    pairs: &[BucketStatePair],
    now: &str,
) -> Result<MappingId> {
    super::exec(conn,
        "INSERT INTO mapping (linear_team_id, linear_team_key, linear_project_id, linear_project_name,
            planner_plan_id, planner_plan_title, planner_group_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            new.linear_team_id,
            new.linear_team_key,
            new.linear_project_id,
            new.linear_project_name,
            new.planner_plan_id,
            new.planner_plan_title,
            new.planner_group_id,
            now
        ],
    )?;
    let id = MappingId(conn.last_insert_rowid());
    replace_pairs(conn, id, pairs)?;
    Ok(id)
}

/// Replace every bucket ↔ state pair of a mapping.
pub fn replace_pairs(conn: &Connection, id: MappingId, pairs: &[BucketStatePair]) -> Result<()> {
    super::exec(conn, "DELETE FROM bucket_state WHERE mapping_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO bucket_state (mapping_id, bucket_id, bucket_name, state_id, state_name, direction)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for p in pairs {
        stmt.execute(params![
            id,
            p.bucket_id,
            p.bucket_name,
            p.state_id,
            p.state_name,
            p.direction.as_str()
        ])?;
    }
    Ok(())
}

pub fn get(conn: &Connection, id: MappingId) -> Result<Mapping> {
    super::query_row(
        conn,
        &format!("SELECT {COLUMNS} FROM mapping WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(StoreError::NotFound {
        what: "map",
        id: id.to_string(),
    })
}

pub fn list(conn: &Connection) -> Result<Vec<Mapping>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM mapping ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn pairs(conn: &Connection, id: MappingId) -> Result<Vec<BucketStatePair>> {
    let mut stmt = conn.prepare_cached(
        "SELECT bucket_id, bucket_name, state_id, state_name, direction FROM bucket_state
         WHERE mapping_id = ?1 ORDER BY direction, bucket_name, state_name",
    )?;
    let rows = stmt.query_map([id], |row| {
        Ok(BucketStatePair {
            bucket_id: row.get(0)?,
            bucket_name: row.get(1)?,
            state_id: row.get(2)?,
            state_name: row.get(3)?,
            direction: PairDirection::parse(&row.get::<_, String>(4)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Delete a mapping with its pairs, links, shadows, cursors and intents (cascade). Audit rows
/// stay: they are the history.
pub fn remove(conn: &Connection, id: MappingId) -> Result<()> {
    match super::exec(conn, "DELETE FROM mapping WHERE id = ?1", [id])? {
        0 => Err(StoreError::NotFound {
            what: "map",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Set ok/paused/disabled; `reason` says why it was paused (cleared otherwise).
pub fn set_state(
    conn: &Connection,
    id: MappingId,
    state: MappingState,
    reason: Option<&str>,
) -> Result<()> {
    match super::exec(
        conn,
        "UPDATE mapping SET state = ?2, paused_reason = ?3 WHERE id = ?1",
        params![id, state.as_str(), reason],
    )? {
        0 => Err(StoreError::NotFound {
            what: "map",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Replace the sync controls of a mapping.
pub fn set_control(conn: &Connection, id: MappingId, control: &SyncControl) -> Result<()> {
    match super::exec(
        conn,
        "UPDATE mapping SET control = ?2 WHERE id = ?1",
        params![id, control.to_text()],
    )? {
        0 => Err(StoreError::NotFound {
            what: "map",
            id: id.to_string(),
        }),
        _ => Ok(()),
    }
}

/// Set the created-after filter of one mapping, or of every enabled one (`bootstrap --since`).
pub fn set_created_after(conn: &Connection, id: Option<MappingId>, day: &str) -> Result<()> {
    let chosen = match id {
        Some(id) => vec![get(conn, id)?],
        None => list(conn)?
            .into_iter()
            .filter(|m| m.state == MappingState::Ok)
            .collect(),
    };
    for mut m in chosen {
        m.control.filter.created_after = Some(day.to_string());
        set_control(conn, m.id, &m.control)?;
    }
    Ok(())
}

/// Record the end of a pass over this mapping.
pub fn record_run(conn: &Connection, id: MappingId, success: bool, now: &str) -> Result<()> {
    super::exec(
        conn,
        "UPDATE mapping SET last_run_at = ?2,
            last_success_at = CASE WHEN ?3 THEN ?2 ELSE last_success_at END WHERE id = ?1",
        params![id, now, success],
    )?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::store::Store;

    pub(crate) fn sample(n: u32) -> NewMapping {
        NewMapping {
            linear_team_id: format!("team-{n}"),
            linear_team_key: "ENG".into(),
            linear_project_id: format!("project-{n}"),
            linear_project_name: format!("Project {n}"),
            planner_plan_id: format!("plan-{n}"),
            planner_plan_title: format!("Plan {n}"),
            planner_group_id: Some("group-1".into()),
        }
    }

    #[test]
    fn insert_get_list_state_remove() {
        let store = Store::open_in_memory().unwrap();
        let pair = BucketStatePair {
            bucket_id: "b1".into(),
            bucket_name: "Doing".into(),
            state_id: "s1".into(),
            state_name: "In Progress".into(),
            direction: PairDirection::Both,
        };
        let id = insert(
            store.conn(),
            &sample(1),
            std::slice::from_ref(&pair),
            "2026-11-25T00:00:00Z",
        )
        .unwrap();
        assert_eq!(get(store.conn(), id).unwrap().state, MappingState::Ok);
        assert_eq!(pairs(store.conn(), id).unwrap(), vec![pair]);
        set_state(store.conn(), id, MappingState::Paused, Some("401")).unwrap();
        assert_eq!(
            get(store.conn(), id).unwrap().paused_reason.as_deref(),
            Some("401")
        );
        record_run(store.conn(), id, true, "2026-11-25T00:01:00Z").unwrap();
        record_run(store.conn(), id, false, "2026-11-25T00:02:00Z").unwrap();
        let m = get(store.conn(), id).unwrap();
        assert_eq!(m.last_success_at.as_deref(), Some("2026-11-25T00:01:00Z"));
        assert_eq!(m.last_run_at.as_deref(), Some("2026-11-25T00:02:00Z"));
        assert_eq!(list(store.conn()).unwrap().len(), 1);
        let control = SyncControl {
            surface_errors: true,
            ..SyncControl::default()
        };
        set_control(store.conn(), id, &control).unwrap();
        assert_eq!(get(store.conn(), id).unwrap().control, control);
        remove(store.conn(), id).unwrap();
        assert!(matches!(
            get(store.conn(), id),
            Err(StoreError::NotFound { .. })
        ));
        assert!(pairs(store.conn(), id).unwrap().is_empty());
    }

    #[test]
    fn one_plan_one_project() {
        let store = Store::open_in_memory().unwrap();
        insert(store.conn(), &sample(1), &[], "t").unwrap();
        let mut again = sample(2);
        again.planner_plan_id = "plan-1".into();
        assert!(insert(store.conn(), &again, &[], "t").is_err());
    }
}
