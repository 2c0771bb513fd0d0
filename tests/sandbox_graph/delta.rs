//! Plan task paging and beta delta rounds (rules, changes, removals, empty rounds, 410).

use super::*;

#[tokio::test]
async fn plan_tasks_are_paged_with_next_links() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let mut url = "/v1.0/planner/plans/plan-demo/tasks".to_owned();
    let mut ids = Vec::new();
    let mut pages = 0;
    loop {
        let r = env.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.body);
        pages += 1;
        let value = r.body["value"].as_array().unwrap();
        assert!(value.len() <= 5);
        ids.extend(value.iter().map(|t| t["id"].as_str().unwrap().to_owned()));
        match r.body["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(env.sb.base_url()),
                    "nextLink is absolute: {next}"
                );
                url = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12);
}

const DELTA_FIRST: &str = "/beta/planner/tasks/delta?$filter=planId%20eq%20'plan-demo'&$select=percentComplete,assignments,creationSource";

/// Follows a round to its deltaLink; returns (items, pages, deltaLink).
async fn delta_round(env: &Env, start: &str) -> (Vec<Value>, usize, String) {
    let mut url = start.to_owned();
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let r = env.get(&url).await;
        assert_eq!(r.status, 200, "{}", r.body);
        pages += 1;
        items.extend(r.body["value"].as_array().unwrap().iter().cloned());
        if let Some(next) = r.body["@odata.nextLink"].as_str() {
            assert!(r.body.get("@odata.deltaLink").is_none());
            url = next.to_owned();
            continue;
        }
        let delta = r.body["@odata.deltaLink"]
            .as_str()
            .expect("last page has a deltaLink");
        return (items, pages, delta.to_owned());
    }
}

#[tokio::test]
async fn delta_enforces_app_only_rules() {
    let env = Env::new(Seed::Demo).await;
    let no_filter = env
        .get("/beta/planner/tasks/delta?$select=percentComplete,assignments,creationSource")
        .await;
    assert_eq!(no_filter.status, 400);
    let two = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=percentComplete,assignments").await;
    assert_eq!(two.status, 405);
    let four = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=percentComplete,assignments,creationSource,title").await;
    assert_eq!(four.status, 405);
    let other_three = env.get("/beta/planner/tasks/delta?$filter=planId eq 'plan-demo'&$select=title,bucketId,priority").await;
    assert_eq!(other_three.status, 403);
    let ok = env.get(DELTA_FIRST).await;
    assert_eq!(ok.status, 200);
}

#[tokio::test]
async fn delta_rounds_report_changes_removals_and_expiry() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let (items, pages, link) = delta_round(&env, DELTA_FIRST).await;
    assert_eq!(pages, 3);
    assert_eq!(items.len(), 12);
    let first = &items[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "@odata.etag",
            "@odata.type",
            "assignments",
            "creationSource",
            "id",
            "percentComplete"
        ]
    );

    // Quiet round: one request, empty value, a new deltaLink.
    env.sb.reset_requests();
    let (items, pages, link2) = delta_round(&env, &link).await;
    assert_eq!((items.len(), pages), (0, 1));
    assert_ne!(link2, link);
    assert_eq!(
        env.sb
            .requests()
            .by_route("GET", "/beta/planner/tasks/delta"),
        1
    );

    // Human edits: a move, a details edit, a deletion.
    let g = env.sb.graph();
    g.move_task("task-demo-04", "Done").unwrap();
    g.patch_details("task-demo-05", json!({"description": "edited"}))
        .unwrap();
    g.delete_task("task-demo-06").unwrap();
    let (items, _, link3) = delta_round(&env, &link2).await;
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["task-demo-04", "task-demo-05", "task-demo-06"]);
    assert_eq!(items[2]["@removed"]["reason"], "deleted");
    assert_eq!(
        items[0]["@odata.etag"],
        json!(g.task_etag("task-demo-04").unwrap())
    );

    // The same change is not reported twice.
    let (items, _, link4) = delta_round(&env, &link3).await;
    assert!(items.is_empty());

    env.sb.graph().expire_delta_tokens();
    let gone = env.get(&link4).await;
    assert_eq!((gone.status, gone.code()), (410, "resyncRequired"));
    let unknown = env
        .get("/beta/planner/tasks/delta?$deltatoken=made-up")
        .await;
    assert_eq!(unknown.status, 410);
}

#[tokio::test]
async fn delta_edits_during_a_round_are_not_lost() {
    let env = Env::new(Seed::Demo).await;
    env.sb.graph().set_limits(GraphLimits {
        page_size: 5,
        ..GraphLimits::default()
    });
    let (_, _, link) = delta_round(&env, DELTA_FIRST).await;
    for i in 1..=8 {
        env.sb
            .graph()
            .patch_task(&format!("task-demo-{i:02}"), json!({"priority": 2}))
            .unwrap();
    }
    let page1 = env.get(&link).await;
    assert_eq!(page1.body["value"].as_array().unwrap().len(), 5);
    // Edit one already delivered and one not yet delivered between pages.
    env.sb
        .graph()
        .patch_task("task-demo-01", json!({"priority": 4}))
        .unwrap();
    env.sb
        .graph()
        .patch_task("task-demo-07", json!({"priority": 4}))
        .unwrap();
    let (rest, _, next_link) =
        delta_round(&env, page1.body["@odata.nextLink"].as_str().unwrap()).await;
    let (later, _, _) = delta_round(&env, &next_link).await;
    let mut seen: Vec<String> = page1.body["value"]
        .as_array()
        .unwrap()
        .iter()
        .chain(&rest)
        .chain(&later)
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(
        seen.len(),
        8,
        "every edited task shows up in this round or the next: {seen:?}"
    );
    assert!(later.iter().any(|i| i["id"] == "task-demo-01"));
}
