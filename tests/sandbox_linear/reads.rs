//! The bridge's read queries, the updatedAt cursor with ties, and paging.

use super::*;

#[tokio::test]
async fn bridge_read_queries() {
    let sb = small().await;
    assert_eq!(
        sb.gql(VIEWER, json!({})).await.ok()["viewer"]["email"],
        "sync-bot@acme.test"
    );
    let t = sb.gql(TEAM, json!({"id": team()})).await;
    let t = &t.ok()["team"];
    assert_eq!(t["key"], "ENG");
    let types: Vec<&str> = t["states"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["type"].as_str().unwrap())
        .collect();
    for kind in [
        "triage",
        "backlog",
        "unstarted",
        "started",
        "completed",
        "canceled",
        "duplicate",
    ] {
        assert!(types.contains(&kind), "{kind} missing");
    }
    assert_eq!(t["cycles"]["nodes"][0]["number"], json!(23.0));
    assert_eq!(t["labels"]["nodes"].as_array().unwrap().len(), 4);
    let u = sb
        .gql(USERS_BY_EMAIL, json!({"email": "bob.berg@ACME.TEST"}))
        .await;
    assert_eq!(u.ok()["users"]["nodes"][0]["email"], "Bob.Berg@acme.test");
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": EPOCH, "first": 50}),
        )
        .await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    assert_eq!(nodes.len(), 6);
    let eng1 = nodes.iter().find(|n| n["identifier"] == "ENG-1").unwrap();
    assert_eq!(eng1["priority"], json!(1.0));
    assert_eq!(eng1["priorityLabel"], "Urgent");
    assert_eq!(eng1["children"]["nodes"].as_array().unwrap().len(), 2);
    assert_eq!(
        eng1["comments"]["nodes"][0]["user"]["email"]
            .as_str()
            .map(|e| e.contains('@')),
        Some(true)
    );
    assert_eq!(eng1["attachments"]["nodes"].as_array().unwrap().len(), 2);
    assert!(eng1["url"].as_str().unwrap().starts_with(&sb.base));
    assert_eq!(eng1["cycle"]["name"], "Sprint 23");
    let by_ident = sb.gql(ISSUE, json!({"id": "eng-2"})).await;
    assert_eq!(by_ident.ok()["issue"]["parent"]["identifier"], "ENG-1");
}

#[tokio::test]
async fn updated_at_cursor_sees_ties_and_archived_issues() {
    let sb = small().await;
    let t0 = sb.world.now_ms() + 1_000;
    sb.world.set_time_source(TimeSource::Manual(t0));
    sb.world.set_title("ENG-4", "Tie A").unwrap();
    sb.world.set_title("ENG-5", "Tie B").unwrap();
    sb.world.archive_issue("ENG-6").unwrap();
    let a = sb.world.issue("ENG-4").unwrap();
    assert_eq!(a.updated_at_ms, t0);
    assert_eq!(sb.world.issue("ENG-6").unwrap().updated_at_ms, t0);
    // gt the instant just before: all three, newest first, archived included.
    let since = linear_planner_sync::sandbox::linear::format_ms(t0 - 1);
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": since, "first": 50}),
        )
        .await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    let idents: Vec<&str> = nodes
        .iter()
        .map(|n| n["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(idents.len(), 3, "{idents:?}");
    assert!(nodes.iter().all(|n| n["updatedAt"] == json!(a.updated_at)));
    assert!(nodes.iter().any(|n| n["archivedAt"].is_string()));
    // gt the tie instant itself: nothing — why the bridge keeps the ids seen at its cursor.
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": a.updated_at, "first": 50}),
        )
        .await;
    assert_eq!(r.ok()["issues"]["nodes"], json!([]));
    // Without includeArchived the archived one is hidden.
    let q = "query($p: ID!) { issues(filter: {project: {id: {eq: $p}}}, orderBy: updatedAt) { nodes { identifier updatedAt } } }";
    let r = sb.gql(q, json!({"p": project()})).await;
    let nodes = r.ok()["issues"]["nodes"].as_array().unwrap().clone();
    assert!(nodes.iter().all(|n| n["identifier"] != "ENG-6"));
    let times: Vec<&str> = nodes
        .iter()
        .map(|n| n["updatedAt"].as_str().unwrap())
        .collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
}

#[tokio::test]
async fn pagination_walks_a_large_project_once() {
    let sb = start(|w| w.seed_large(120).unwrap()).await;
    let mut seen = std::collections::HashSet::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = "query Page($p: ID!, $after: String) { issues(filter: {project: {id: {eq: $p}}}, first: 50, after: $after) {
            pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }";
        let r = sb.gql(q, json!({"p": project(), "after": after})).await;
        let conn = r.ok()["issues"].clone();
        pages += 1;
        for e in conn["edges"].as_array().unwrap() {
            assert!(seen.insert(e["node"]["id"].as_str().unwrap().to_owned()));
            assert_eq!(e["cursor"], e["node"]["id"]);
        }
        if conn["pageInfo"]["hasNextPage"] == json!(false) {
            break;
        }
        after = conn["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!((seen.len(), pages), (120, 3));
    let r = sb
        .gql("query { issues(first: 251) { nodes { id } } }", json!({}))
        .await;
    assert_eq!(r.code(), "INPUT_ERROR");
    assert_eq!(sb.world.operation_counts()["Page"], 3);
}

#[tokio::test]
async fn large_seed_and_filtered_page_stay_fast() {
    let started = std::time::Instant::now();
    let sb = start(|w| w.seed_large(10_000).unwrap()).await;
    let seeded = started.elapsed();
    let r = sb
        .gql(
            ISSUES_SINCE,
            json!({"project": project(), "since": EPOCH, "first": 50}),
        )
        .await;
    assert_eq!(r.ok()["issues"]["nodes"].as_array().unwrap().len(), 50);
    assert_eq!(r.ok()["issues"]["pageInfo"]["hasNextPage"], json!(true));
    println!(
        "seed 10k: {seeded:?}, seed + first page: {:?}",
        started.elapsed()
    );
    // Generous bound: catches accidental quadratic work, not machine speed.
    assert!(started.elapsed() < Duration::from_secs(20));
}
