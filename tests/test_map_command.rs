//! `map list/show/remove/enable/disable` over the database.

use crate::common::{TestEnv, seed};

#[test]
fn list_and_show_as_text_and_json() {
    let env = TestEnv::new();
    {
        let store = env.store();
        let m = seed::mapping(&store, 1);
        seed::mapping(&store, 2);
        seed::link(&store, m, 1);
        seed::link(&store, m, 2);
    }
    insta::assert_snapshot!("map_list", env.run(["map", "list"]).to_string());
    insta::assert_snapshot!("map_show", env.run(["map", "show", "1"]).to_string());
    let list = env.run(["--json", "map", "list"]);
    let doc = list.success().json();
    assert_eq!(doc.as_array().unwrap().len(), 2);
    assert_eq!(doc[0]["live_links"], 2);
    assert_eq!(doc[0]["planner_plan_id"], "plan-1");
    assert_eq!(doc[0]["state"], "ok");
    let show = env.run(["--json", "map", "show", "1"]).json();
    assert_eq!(show["pairs"].as_array().unwrap().len(), 3);
    assert_eq!(show["pairs"][0]["direction"], "both");
}

#[test]
fn empty_list_says_so_on_stderr() {
    let env = TestEnv::new();
    let out = env.run(["map", "list"]);
    insta::assert_snapshot!(out.to_string(), @r"
    ------- stderr -------
    No mappings yet.
    ");
    assert_eq!(
        env.run(["--json", "map", "list"]).json(),
        serde_json::json!([])
    );
}

#[test]
fn disable_enable_round_trip() {
    let env = TestEnv::new();
    seed::mapping(&env.store(), 1);
    insta::assert_snapshot!(env.run(["map", "disable", "1"]).to_string(), @r"
    ------- stderr -------
    Mapping 1 disabled.
    ");
    assert_eq!(
        env.run(["--json", "map", "show", "1"]).json()["state"],
        "disabled"
    );
    let out = env.run(["--json", "map", "enable", "1"]);
    assert_eq!(
        out.json(),
        serde_json::json!({"id": 1, "result": "enabled"})
    );
    assert_eq!(
        env.run(["--json", "map", "show", "1"]).json()["state"],
        "ok"
    );
}

#[test]
fn remove_needs_yes_without_a_terminal() {
    let env = TestEnv::new();
    {
        let store = env.store();
        let m = seed::mapping(&store, 1);
        seed::link(&store, m, 1);
    }
    let out = env.run(["map", "remove", "1"]);
    insta::assert_snapshot!(out.to_string(), @r#"
    ------- stderr -------
    Error: cannot ask "Remove mapping 1 (Website 1 ↔ Website plan 1) and its links? Nothing is deleted in Planner or Linear" without a terminal; pass --yes to confirm
    [exit status: 2]
    "#);
    assert_eq!(
        env.run(["--json", "map", "list"])
            .json()
            .as_array()
            .unwrap()
            .len(),
        1,
        "nothing removed"
    );
    env.run(["map", "remove", "1", "--yes"]).success();
    assert_eq!(
        env.run(["--json", "map", "list"]).json(),
        serde_json::json!([])
    );
    let conn = rusqlite::Connection::open(env.db_path()).unwrap();
    let links: i64 = conn
        .query_row("SELECT count(*) FROM link", [], |r| r.get(0))
        .unwrap();
    assert_eq!(links, 0, "links go with their mapping");
}

#[test]
fn unknown_id_is_a_usage_error_with_a_hint() {
    let env = TestEnv::new();
    for args in [
        vec!["map", "show", "9"],
        vec!["map", "enable", "9"],
        vec!["map", "remove", "9", "--yes"],
    ] {
        let out = env.run(&args);
        assert_eq!(out.status, 2, "{args:?}: {out}");
        assert!(out.stderr.contains("Error: no map with id 9"), "{out}");
        assert!(
            out.stderr
                .contains("Hint: list the existing ones with `linear-planner-sync map list`"),
            "{out}"
        );
    }
}
