//! The Linear client against the sandbox over real HTTP: auth, rate limits (RATELIMITED with
//! its reset, pacing before the wall), the cursor across pages of tied `updatedAt`, idempotent
//! and batched creates, label changes, attachments, users, and authenticated downloads.

use std::time::{Duration, Instant};

use linear_planner_sync::config::Secret;
use linear_planner_sync::linear::mutations::{
    AttachmentCreateInput, IssueCreateInput, IssueLabelCreateInput, IssueUpdateInput,
};
use linear_planner_sync::linear::scalars::Patch;
use linear_planner_sync::linear::{
    Credential, LinearClient, LinearCursor, LinearError, LinearOptions,
};
use linear_planner_sync::sandbox::linear::{
    IssueDraft, LimitConfig, LinearWorld, SANDBOX_LINEAR_API_KEY, TimeSource, ids, router, seed_id,
};

struct Sandbox {
    world: LinearWorld,
    api_url: String,
}

async fn sandbox() -> Sandbox {
    let world = LinearWorld::new();
    world.seed_small().expect("seed");
    let app = axum::Router::new().nest("/linear", router(world.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await });
    world.set_public_base(&format!("http://{addr}/linear"));
    Sandbox {
        world,
        api_url: format!("http://{addr}/linear/graphql"),
    }
}

fn client_with(sb: &Sandbox, key: &str, attempts: u32) -> LinearClient {
    LinearClient::new(LinearOptions {
        api_url: sb.api_url.clone(),
        credential: Credential::ApiKey(Secret::new(key)),
        retry_attempts: attempts,
        time_budget: Duration::from_secs(30),
        request_timeout: Duration::from_secs(10),
    })
    .expect("client")
}

fn client(sb: &Sandbox) -> LinearClient {
    client_with(sb, SANDBOX_LINEAR_API_KEY, 3)
}

fn team() -> String {
    seed_id(ids::TEAM_ENG)
}

fn website() -> String {
    seed_id(ids::PROJECT_WEBSITE)
}

fn new_issue(id: Option<String>, title: &str) -> IssueCreateInput {
    IssueCreateInput {
        id,
        team_id: team(),
        title: Some(title.into()),
        project_id: Some(website()),
        ..IssueCreateInput::default()
    }
}

#[tokio::test]
async fn a_bad_key_is_an_auth_error_that_names_the_variable() {
    let sb = sandbox().await;
    let linear = client_with(&sb, "lin_api_wrong", 3);
    let err = linear.viewer().await.expect_err("must fail");
    assert!(matches!(err, LinearError::Auth { .. }), "{err:?}");
    assert!(err.to_string().contains("check LINEAR_API_KEY"), "{err}");
    assert!(err.is_auth() && !err.dead_letter());
    // Not retried: a wrong key stays wrong.
    assert_eq!(linear.request_counts().values().sum::<u64>(), 1);
}

#[tokio::test]
async fn reads_viewer_teams_projects_and_users() {
    let sb = sandbox().await;
    let linear = client(&sb);
    assert_eq!(
        linear.viewer().await.unwrap().id.inner(),
        sb.world.viewer_id()
    );
    let teams = linear.teams().await.unwrap();
    let eng = teams.iter().find(|t| t.key == "ENG").expect("ENG");
    let kinds: Vec<&str> = eng.states.nodes.iter().map(|s| s.kind.as_str()).collect();
    for kind in [
        "triage",
        "backlog",
        "unstarted",
        "started",
        "completed",
        "canceled",
    ] {
        assert!(kinds.contains(&kind), "{kinds:?}");
    }
    assert!(!eng.labels.nodes.is_empty() && !eng.cycles.nodes.is_empty());
    let project = linear.project(&website()).await.unwrap();
    assert!(project.teams.nodes.iter().any(|t| t.key == "ENG"));
    let by_name = linear
        .projects_by_name(&project.name.to_uppercase())
        .await
        .unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].id, project.id);
    // Stored as Bob.Berg@acme.test; matched ignoring case.
    let users = linear.users_by_email("bob.berg@ACME.TEST").await.unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].id.inner(), seed_id(ids::BOB));
    assert!(
        linear
            .users_by_email("nobody@acme.test")
            .await
            .unwrap()
            .is_empty()
    );
}

/// Exhaust a 2-per-hour budget with a frozen sandbox clock placed so the bucket's reset lands
/// `reset_in` from now; returns the reset instant.
fn exhaust_budget(sb: &Sandbox, reset_in: Duration) -> Instant {
    let now_ms = time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000;
    let refill_ms = 3_600_000i64; // two tokens at two per hour
    let t0 = now_ms as i64 + reset_in.as_millis() as i64 - refill_ms;
    sb.world.set_time_source(TimeSource::Manual(t0));
    sb.world.set_limits(LimitConfig {
        requests_per_hour: 2,
        ..LimitConfig::default()
    });
    Instant::now() + reset_in
}

#[tokio::test]
async fn ratelimited_waits_for_the_reset_then_succeeds() {
    let sb = sandbox().await;
    let reset_at = exhaust_budget(&sb, Duration::from_millis(1500));
    // Another process spends the budget; our fresh client knows nothing of it.
    let other = client(&sb);
    other.viewer().await.unwrap();
    other.viewer().await.unwrap();
    let world = sb.world.clone();
    let thaw = tokio::spawn(async move {
        tokio::time::sleep_until((reset_at - Duration::from_millis(300)).into()).await;
        // Time moves again: the bucket refills.
        world.set_time_source(TimeSource::System);
    });
    let linear = client(&sb);
    let started = Instant::now();
    linear.viewer().await.expect("succeeds after the reset");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1300),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    assert_eq!(linear.request_counts().get("ViewerQuery"), Some(&2));
    thaw.await.unwrap();
}

#[tokio::test]
async fn ratelimited_on_every_attempt_is_a_dead_letter() {
    let sb = sandbox().await;
    exhaust_budget(&sb, Duration::from_millis(200));
    let other = client(&sb);
    other.viewer().await.unwrap();
    other.viewer().await.unwrap();
    let linear = client_with(&sb, SANDBOX_LINEAR_API_KEY, 2);
    let err = linear
        .viewer()
        .await
        .expect_err("frozen clock: never refills");
    assert!(
        matches!(err, LinearError::RateLimited { attempts: 2, .. }),
        "{err:?}"
    );
    assert!(err.dead_letter());
}

#[tokio::test]
async fn the_client_slows_down_before_the_wall() {
    let sb = sandbox().await;
    sb.world.set_limits(LimitConfig {
        requests_per_hour: 10,
        ..LimitConfig::default()
    });
    let linear = client(&sb);
    for _ in 0..10 {
        linear.viewer().await.unwrap();
    }
    sb.world.reset_operation_counts();
    // Nothing left until the reset (far past the 30 s budget): it does not even send.
    let err = linear.viewer().await.expect_err("over budget");
    assert!(matches!(err, LinearError::OverBudget { .. }), "{err:?}");
    assert!(!err.dead_letter());
    assert!(
        sb.world.operation_counts().is_empty(),
        "{:?}",
        sb.world.operation_counts()
    );
}

#[tokio::test]
async fn the_cursor_neither_skips_nor_repeats_ties_across_pages() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let (seeded, cursor) = linear
        .issues_changed_since(&[website()], None)
        .await
        .unwrap();
    let t0 = sb.world.now_ms() + 10_000;
    sb.world.set_time_source(TimeSource::Manual(t0));
    // 230 issues at one instant: three pages of 100, the tie spans every page boundary.
    for n in 0..230 {
        sb.world
            .create_issue(IssueDraft {
                team_id: team(),
                title: format!("tied {n}"),
                project_id: Some(website()),
                ..IssueDraft::default()
            })
            .unwrap();
    }
    sb.world.reset_operation_counts();
    let (first, cursor) = linear
        .issues_changed_since(&[website()], Some(&cursor))
        .await
        .unwrap();
    assert_eq!(first.len(), 230, "after {} seeded", seeded.len());
    let mut unique: Vec<&str> = first.iter().map(|i| i.id.inner()).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 230);
    assert_eq!(cursor.seen_ids.len(), 230);
    assert_eq!(
        sb.world.operation_counts().get("IssuesChangedQuery"),
        Some(&3)
    );
    // Polling again: nothing new.
    let (again, cursor) = linear
        .issues_changed_since(&[website()], Some(&cursor))
        .await
        .unwrap();
    assert!(again.is_empty());
    // Three more at the same instant: exactly those.
    for n in 0..3 {
        sb.world
            .create_issue(IssueDraft {
                team_id: team(),
                title: format!("late tie {n}"),
                project_id: Some(website()),
                ..IssueDraft::default()
            })
            .unwrap();
    }
    let (late, cursor) = linear
        .issues_changed_since(&[website()], Some(&cursor))
        .await
        .unwrap();
    let mut titles: Vec<&str> = late.iter().map(|i| i.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["late tie 0", "late tie 1", "late tie 2"]);
    // Time moves on; one edit comes back, and the cursor follows it.
    sb.world.advance_clock(5);
    sb.world.set_title(first[7].id.inner(), "edited").unwrap();
    let (edited, cursor) = linear
        .issues_changed_since(&[website()], Some(&cursor))
        .await
        .unwrap();
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0].title, "edited");
    assert_eq!(cursor.seen_ids, vec![first[7].id.inner().to_string()]);
    // The stored form survives a round trip.
    assert_eq!(LinearCursor::parse(&cursor.to_text()).unwrap(), cursor);
}

#[tokio::test]
async fn one_query_serves_several_projects() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let mobile = seed_id(ids::PROJECT_MOBILE);
    for project in [website(), mobile.clone()] {
        linear
            .issue_create(IssueCreateInput {
                project_id: Some(project),
                ..new_issue(None, "per project")
            })
            .await
            .unwrap();
    }
    sb.world.reset_operation_counts();
    let (issues, _) = linear
        .issues_changed_since(&[website(), mobile.clone()], None)
        .await
        .unwrap();
    let projects: Vec<String> = issues
        .iter()
        .filter_map(|i| i.project.as_ref().map(|p| p.id.inner().to_string()))
        .collect();
    assert!(projects.contains(&website()) && projects.contains(&mobile));
    assert_eq!(
        sb.world.operation_counts().get("IssuesChangedQuery"),
        Some(&1)
    );
}

#[tokio::test]
async fn creating_with_the_same_id_twice_makes_one_issue() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let before = sb.world.issue_count();
    let id = uuid::Uuid::new_v4().to_string();
    let first = linear
        .issue_create(new_issue(Some(id.clone()), "once"))
        .await
        .unwrap();
    // A retry after a timeout: Linear refuses the id, the client adopts the existing issue.
    let second = linear
        .issue_create(new_issue(Some(id.clone()), "once"))
        .await
        .unwrap();
    assert_eq!(first.id.inner(), id);
    assert_eq!(second.id, first.id);
    assert_eq!(sb.world.issue_count(), before + 1);
}

#[tokio::test]
async fn batches_are_chunked_at_fifty() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let before = sb.world.issue_count();
    let inputs: Vec<IssueCreateInput> = (0..120)
        .map(|n| new_issue(Some(uuid::Uuid::new_v4().to_string()), &format!("bulk {n}")))
        .collect();
    let created = linear.issue_batch_create(inputs).await.unwrap();
    assert_eq!(created.len(), 120);
    assert_eq!(sb.world.issue_count(), before + 120);
    assert_eq!(
        sb.world.operation_counts().get("IssueBatchCreateMutation"),
        Some(&3)
    );
    let ids: Vec<String> = created.iter().map(|i| i.id.inner().to_string()).collect();
    let updated = linear
        .issue_batch_update(
            &ids,
            IssueUpdateInput {
                priority: Some(2),
                ..IssueUpdateInput::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.len(), 120);
    assert_eq!(
        sb.world.operation_counts().get("IssueBatchUpdateMutation"),
        Some(&3)
    );
    assert_eq!(sb.world.issue(&ids[119]).unwrap().priority, 2);
}

#[tokio::test]
async fn labels_are_added_and_removed_without_replacing_the_set() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let issue = linear
        .issue_create(new_issue(None, "labels"))
        .await
        .unwrap();
    let id = issue.id.inner().to_string();
    let bug = sb.world.label_id("Bug").unwrap();
    let new_label = linear
        .issue_label_create(IssueLabelCreateInput {
            name: "From Planner".into(),
            team_id: Some(team()),
            color: None,
        })
        .await
        .unwrap();
    let added = linear
        .issue_update(
            &id,
            IssueUpdateInput {
                added_label_ids: Some(vec![bug.clone(), new_label.id.inner().to_string()]),
                ..IssueUpdateInput::default()
            },
        )
        .await
        .unwrap();
    let mut names: Vec<&str> = added.labels.nodes.iter().map(|l| l.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["Bug", "From Planner"]);
    // A human adds a label meanwhile; our removal must not drop it.
    sb.world.add_label(&id, "Feature").unwrap();
    let removed = linear
        .issue_update(
            &id,
            IssueUpdateInput {
                removed_label_ids: Some(vec![bug]),
                due_date: Patch::Clear,
                assignee_id: Patch::Set(seed_id(ids::ALICE)),
                ..IssueUpdateInput::default()
            },
        )
        .await
        .unwrap();
    let mut names: Vec<&str> = removed
        .labels
        .nodes
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    names.sort();
    assert_eq!(names, ["Feature", "From Planner"]);
    assert_eq!(removed.assignee.unwrap().email, "alice@acme.test");
    // Clearing the assignee sends an explicit null.
    let cleared = linear
        .issue_update(
            &id,
            IssueUpdateInput {
                assignee_id: Patch::Clear,
                ..IssueUpdateInput::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(cleared.assignee, None);
}

#[tokio::test]
async fn attachments_upsert_and_find_their_issue() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let issue = linear
        .issue_create(new_issue(None, "linked"))
        .await
        .unwrap();
    let url = "https://tasks.office.com/acme/Home/Task/task-42";
    let link = |title: &str| AttachmentCreateInput {
        issue_id: issue.id.inner().to_string(),
        url: url.into(),
        title: title.into(),
        subtitle: Some("Planner".into()),
    };
    let first = linear
        .attachment_create(link("Planner task"))
        .await
        .unwrap();
    let second = linear
        .attachment_create(link("Planner task (renamed)"))
        .await
        .unwrap();
    assert_eq!(first.id, second.id, "upserted by (issue, url)");
    let found = linear.attachments_for_url(url).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].issue.id, issue.id);
    assert!(
        linear
            .attachments_for_url("https://nowhere.test/x")
            .await
            .unwrap()
            .is_empty()
    );
    let comment = linear
        .comment_create(issue.id.inner(), "sync error: …")
        .await
        .unwrap();
    assert!(!comment.id.inner().is_empty());
}

#[tokio::test]
async fn uploads_download_with_the_key() {
    let sb = sandbox().await;
    let url = sb
        .world
        .add_upload("spec.txt", "text/plain", b"hello planner".to_vec());
    let bytes = client(&sb).download(&url, 1024).await.unwrap();
    assert_eq!(bytes, b"hello planner");
    let err = client_with(&sb, "lin_api_wrong", 3)
        .download(&url, 1024)
        .await
        .expect_err("no access");
    assert!(matches!(err, LinearError::Auth { .. }), "{err:?}");
    let err = client(&sb).download(&url, 4).await.expect_err("too big");
    assert!(matches!(err, LinearError::Unexpected { .. }), "{err:?}");
}

#[tokio::test]
async fn the_client_is_clone_and_concurrent() {
    let sb = sandbox().await;
    let linear = client(&sb);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let linear = linear.clone();
            tokio::spawn(async move { linear.viewer().await.map(|v| v.id) })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(linear.request_counts().get("ViewerQuery"), Some(&8));
}
