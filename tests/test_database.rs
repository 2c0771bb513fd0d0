//! The state database: created, migrated from old versions, refused when newer or corrupt.

use linear_planner_sync::store::migrations::MIGRATIONS;
use rusqlite::Connection;

use crate::common::TestEnv;

#[test]
fn empty_database_is_created_at_the_latest_schema() {
    let env = TestEnv::new();
    env.run(["map", "list"]).success();
    let conn = Connection::open(env.db_path()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn v1_database_is_migrated_with_its_data() {
    let env = TestEnv::new();
    {
        let mut conn = Connection::open(env.db_path()).unwrap();
        linear_planner_sync::store::migrate(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO mapping (linear_team_id, linear_team_key, linear_project_id, linear_project_name,
                planner_plan_id, planner_plan_title, created_at)
             VALUES ('t', 'OPS', 'p', 'Ops board', 'plan-x', 'Ops plan', '2026-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
    }
    let out = env.run(["map", "list"]);
    insta::assert_snapshot!(out.to_string(), @r"
    ID  STATE  TEAM  PROJECT    PLAN      LINKS  LAST SUCCESS
    1   ok     OPS   Ops board  Ops plan  0      -
    ");
    let conn = Connection::open(env.db_path()).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
}

#[test]
fn newer_database_is_refused() {
    let env = TestEnv::new();
    env.run(["map", "list"]).success();
    Connection::open(env.db_path())
        .unwrap()
        .pragma_update(None, "user_version", 4242)
        .unwrap();
    let out = env.run(["status"]);
    insta::assert_snapshot!(out.to_string(), @r"
    ------- stderr -------
    Error: database $TEST_ENV/state.db has schema version 4242, newer than this binary knows (13); it was written by a newer linear-planner-sync
    Hint: upgrade linear-planner-sync, or point --db at another file
    [exit status: 2]
    ");
}

#[test]
fn corrupt_file_is_refused_and_left_untouched() {
    let env = TestEnv::new();
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(env.db_path(), &junk).unwrap();
    let out = env.run(["map", "list"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr
            .contains("is not a linear-planner-sync database (or it is corrupt)"),
        "{out}"
    );
    assert!(out.stderr.contains("the file was left untouched"), "{out}");
    assert_eq!(std::fs::read(env.db_path()).unwrap(), junk);
    let json = env.run(["--json", "doctor"]);
    assert_eq!(json.status, 1, "{json}");
    assert_eq!(json.json()["ok"], false);
}

#[test]
fn database_in_a_missing_directory_is_created() {
    let mut env = TestEnv::new();
    let nested = env.root().join("a/b/state.db");
    env.set_env("LPS_DB", nested.to_str().unwrap());
    env.run(["status"]).success();
    assert!(nested.exists());
}
